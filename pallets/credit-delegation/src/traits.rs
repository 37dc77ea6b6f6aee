//! What the delegation pallet needs to know of staking.

use alloc::vec::Vec;
use sp_runtime::Perbill;
use sp_staking::EraIndex;

/// Staking as the delegation pallet sees it. The runtime implements it with `pallet-staking`;
/// every function is O(1) except the two that list validators, which the election and the
/// runtime API call (bounded by staking's validator limits).
pub trait StakingInfo<AccountId, Balance> {
	/// The era being played (staking's `ActiveEra`).
	fn active_era() -> Option<EraIndex>;
	/// The reward points of `era`: their total and each validator's (at most
	/// `MaxRewardedValidators` are used).
	fn era_reward_points(era: EraIndex) -> (u32, Vec<(AccountId, u32)>);
	/// The commission `who` had in `era` (staking's validator preferences for the era).
	fn commission(era: EraIndex, who: &AccountId) -> Perbill;
	/// Whether `who` is a validator candidate: bonded and has called `validate` (not chilled).
	fn is_candidate(who: &AccountId) -> bool;
	/// `who`'s active bond (zero if not bonded).
	fn active_stake(who: &AccountId) -> Balance;
	/// Staking's `MinValidatorBond`.
	fn min_validator_bond() -> Balance;
	/// The fewest validators staking accepts from an election (`MinimumValidatorCount`, at
	/// least 1): an election with fewer winners fails and the era does not change.
	fn minimum_validator_count() -> u32;
	/// Every validator candidate (for the runtime API).
	fn candidates() -> Vec<AccountId>;
	/// At most `max` validator candidates following `after` in staking's storage order (from
	/// the first if `None`): the candidate sweep's page.
	fn candidates_after(after: Option<&AccountId>, max: u32) -> Vec<AccountId>;
	/// The fraction of `validator`'s exposure that the slash staking is applying now takes
	/// (called from staking's `on_slash`; `None` if `validator` is not a slashed validator,
	/// e.g. a nominator).
	fn slash_fraction(validator: &AccountId) -> Option<Perbill>;

	/// Make `who` a validator candidate with `stake` bonded (benchmarks only). Fails as
	/// bonding or `validate` does.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_candidate(who: &AccountId, stake: Balance) -> sp_runtime::DispatchResult;
	/// Make `era` the active era, with `points` for its validators, each with a non-zero
	/// commission for the era so that the worst case pays it (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_era_points(era: EraIndex, points: Vec<(AccountId, u32)>);
	/// Make `validator`'s slash being applied now take `fraction` (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_slash_fraction(validator: &AccountId, fraction: Perbill);
}
