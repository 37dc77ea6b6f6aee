//! MUSD, and the work that service providers deliver (`pallet-musd` tells `pallet-workload`).

use frame_support::weights::Weight;

/// An amount of MUSD in its smallest unit (10^-[`MUSD_DECIMALS`]).
pub type Musd = u128;

/// MUSD has 6 decimals, like the US dollar stablecoins it is quoted against.
pub const MUSD_DECIMALS: u32 = 6;

/// One MUSD (one US dollar).
pub const MUSD: Musd = 1_000_000;

/// Told of the work providers deliver: the value of each redeemed receipt's increase.
pub trait OnWorkDone<AccountId> {
	/// `provider` delivered `value` MUSD of work (a receipt's increase). Returns the weight
	/// used (at most [`Self::weight`]).
	fn on_work_done(provider: &AccountId, value: Musd) -> Weight;
	/// The most weight one call of [`Self::on_work_done`] may take.
	fn weight() -> Weight;
}

impl<AccountId> OnWorkDone<AccountId> for () {
	fn on_work_done(_provider: &AccountId, _value: Musd) -> Weight {
		Weight::zero()
	}
	fn weight() -> Weight {
		Weight::zero()
	}
}
