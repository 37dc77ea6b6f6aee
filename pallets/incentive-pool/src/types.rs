//! The types of the incentive pool.

use sp_runtime::Perbill;

metachain_primitives::parameter_set! {
	/// The incentive pool's governable numbers, set at genesis and changed through
	/// `pallet-chain-parameters`.
	pub struct PoolParams;
	/// One incentive pool parameter with its value.
	pub enum PoolParameter {
		/// The share of the pool's balance paid as staking rewards over a year; each era pays
		/// this pro rata to its duration. At most [`crate::Config::MaxAnnualEmission`].
		annual_emission: Perbill => AnnualEmission(Economic),
	}
}

/// The index of a staking era.
pub type EraIndex = sp_staking::EraIndex;

/// The reward reserved in the pot for one era, while its stakers can still claim it.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default
)]
pub struct EraCommitment<Balance> {
	/// The era the reward is for.
	pub era: EraIndex,
	/// The MC reserved for its stakers.
	pub amount: Balance,
}

/// An era about to leave staking's claim window, as [`crate::Pallet::unpaid_before_expiry`] found
/// it: the part of its reward that is certainly still in the pot.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ExpiringEra<Balance> {
	/// The era.
	pub era: EraIndex,
	/// A lower bound of its reward that nobody was paid: the reserved amount less an upper bound
	/// of what staking paid.
	pub unpaid_at_least: Balance,
}
