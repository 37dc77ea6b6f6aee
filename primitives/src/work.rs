//! MUSD, and the work that service providers deliver (`pallet-musd` tells `pallet-workload`).

use frame_support::weights::Weight;

/// An amount of MUSD in its smallest unit (10^-[`MUSD_DECIMALS`]).
pub type Musd = u128;

/// MUSD has 6 decimals, like the US dollar stablecoins it is quoted against.
pub const MUSD_DECIMALS: u32 = 6;

/// One MUSD (one US dollar).
pub const MUSD: Musd = 1_000_000;

/// Told of the work providers deliver: the value of each redeemed receipt's increase and the MC
/// that was burnt to mint the MUSD that paid for it.
pub trait OnWorkDone<AccountId, Balance> {
	/// `provider` delivered `value` MUSD of work (a receipt's increase), paid with MUSD whose
	/// minting burnt `cost` MC (its cost basis: the buyer's average MC per MUSD, carried through
	/// the order). Returns the weight used (at most [`Self::weight`]).
	fn on_work_done(provider: &AccountId, value: Musd, cost: Balance) -> Weight;
	/// The most weight one call of [`Self::on_work_done`] may take.
	fn weight() -> Weight;
}

impl<AccountId, Balance> OnWorkDone<AccountId, Balance> for () {
	fn on_work_done(_provider: &AccountId, _value: Musd, _cost: Balance) -> Weight {
		Weight::zero()
	}
	fn weight() -> Weight {
		Weight::zero()
	}
}
