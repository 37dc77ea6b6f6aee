//! What the incentive pool needs to know of staking.

use crate::EraIndex;

/// Staking's era rewards as the incentive pool sees them: which era is being paid, and how much
/// of an era's reward its stakers have claimed. The runtime implements it over `pallet-staking`'s
/// storage; `()` knows nothing (expired rewards then come back only once the whole claim window
/// has moved past them).
pub trait StakingRewards<Balance> {
	/// The era whose reward staking is computing now (the era that is ending), if staking has
	/// started.
	fn ending_era() -> Option<EraIndex>;

	/// An upper bound of what staking has paid of `era`'s reward so far, and how many validators
	/// were read to find it (the weight); `None` if staking no longer knows the era.
	fn paid_at_most(era: EraIndex) -> Option<(Balance, u32)>;

	/// The most validators [`Self::paid_at_most`] may read: the size of the elected set.
	#[cfg(feature = "runtime-benchmarks")]
	fn max_validators() -> u32;

	/// Make `era` an era of `validators` validators that all claimed their part of `reward`.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_paid_era(era: EraIndex, validators: u32, reward: Balance);
}

impl<Balance> StakingRewards<Balance> for () {
	fn ending_era() -> Option<EraIndex> {
		None
	}
	fn paid_at_most(_era: EraIndex) -> Option<(Balance, u32)> {
		None
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn max_validators() -> u32 {
		0
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_paid_era(_era: EraIndex, _validators: u32, _reward: Balance) {}
}
