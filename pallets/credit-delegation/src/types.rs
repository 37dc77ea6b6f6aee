//! Types of the delegation pallet: parameters, delegations, backing buckets, era records.

use codec::{Decode, Encode, MaxEncodedLen};
use metachain_primitives::credit::PeriodIndex;
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Perbill};
use sp_staking::EraIndex;

metachain_primitives::parameter_set! {
	/// Every number of the delegation rules. Kept in storage, set at genesis, changed through
	/// `pallet-chain-parameters` (`set_parameter`).
	pub struct DelegationParams<Balance, BlockNumber>;
	/// One parameter of [`DelegationParams`] with its new value: economic (reward share) or
	/// technical.
	pub enum DelegationParameter {
		/// Blocks a device waits after delegating before it may `redelegate`.
		redelegate_cooldown: BlockNumber => RedelegateCooldown(Technical),
		/// Least active device weight (MC: devices' bonded MC times their credit multiplier) a
		/// validator candidate needs to be electable.
		min_validator_backing: Balance => MinValidatorBacking(Technical),
		/// Share of each era's reward paid to devices (the rest is paid through staking).
		credit_reward_share: Perbill => CreditRewardShare(Economic),
		/// Eras a device reward stays claimable; then it returns to the incentive pool.
		reward_history_depth: EraIndex => RewardHistoryDepth(Technical),
	}
}

/// A device's delegation.
///
/// The device's weight counts in the bucket `(validator, period)`: `period` is the last period
/// the device showed it is alive (its last heartbeat, or its registration). A bucket counts in
/// the validator's backing while its period is the current or the previous one, so a device
/// that stops sending heartbeats stops counting at the end of the first period it misses.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Delegation<AccountId, Balance, BlockNumber> {
	/// The validator the device backs.
	pub validator: AccountId,
	/// The points the device counts with in its bucket: its weight (bonded MC times its credit
	/// multiplier) when last touched divided by its validator's survival then, or 0 if it was
	/// then below `MinRewardCredit`, deregistering, or not alive in the current or previous
	/// period.
	pub counted: Balance,
	/// The period of the device's bucket; after a (re)delegation, until the device counts, the
	/// period it counts from (later than its last sign of life).
	pub period: PeriodIndex,
	/// The bucket's reward per unit of weight when the device's rewards were last settled.
	pub reward_debt: FixedU128,
	/// The era that was active when the device's rewards were last settled: later eras' rewards
	/// are still to be claimed.
	pub settled_era: EraIndex,
	/// The block of the last `delegate` or `redelegate` (for the cooldown).
	pub since: BlockNumber,
	/// The validator's survival ([`crate::Survival`]) when the device's stake was last
	/// settled: slashes since then take `1 − survival / this` of its bonded MC.
	pub slash_debt: FixedU128,
}

/// A validator a device left (undelegated or redelegated from), whose slashes the device still
/// answers for until `until_era` (staking's bonding duration after it left: an offence of an
/// era it backed may be reported and applied until then).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Departure<AccountId> {
	/// The validator left.
	pub validator: AccountId,
	/// Its survival when the device's stake was last settled.
	pub slash_debt: FixedU128,
	/// The last era whose slashes of `validator` the device answers for.
	pub until_era: EraIndex,
}

/// The devices of one validator whose last sign of life is in one period.
///
/// Weight is kept in *points*: a device counts `weight / survival` points, survival being its
/// validator's [`crate::Survival`] when it was counted, so that one slash of the validator
/// (survival × (1 − fraction)) lowers the MC every point stands for, in every bucket, at once
/// and in O(1); a validator's backing in MC is its points times its survival.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct Bucket<Balance> {
	/// The counted points of the devices in the bucket.
	pub weight: Balance,
	/// Reward per point paid into the bucket so far.
	pub reward_per_weight: FixedU128,
	/// MC set aside for the bucket's devices (moved to the reward pot).
	pub allocated: Balance,
	/// MC paid out of [`Self::allocated`] (or returned to the pool when it expired).
	pub paid: Balance,
	/// The last era that paid into the bucket.
	pub last_era: Option<EraIndex>,
}

/// What one era paid to devices.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct EraDeviceReward<Balance> {
	/// The credit period in which the era ended: buckets of this period and the one before
	/// shared the era's reward.
	pub end_period: PeriodIndex,
	/// The device share of the era (its part of the era reward plus replenishment income).
	pub device_share: Balance,
	/// Paid to validators as commission.
	pub commission: Balance,
	/// Set aside for devices.
	pub allocated: Balance,
}

/// A validator's rate in one era: MC per unit of counted weight, and the backing it was
/// computed on.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct EraValidatorRate<Balance> {
	/// MC (in plancks) per planck of counted weight.
	pub reward_per_weight: FixedU128,
	/// The validator's active backing (device weight) at the era's end.
	pub backing: Balance,
}

/// A validator's delegation aggregates.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ValidatorDelegations {
	/// Devices delegating to the validator (active or not).
	pub delegators: u32,
}

/// A device's delegation as clients see it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DelegationInfo<AccountId, Balance, BlockNumber> {
	/// The validator.
	pub validator: AccountId,
	/// The weight (MC) the device counts with now (0 when it does not count): its points times
	/// its validator's survival.
	pub counted_weight: Balance,
	/// Whether the device counts in the validator's backing now.
	pub active: bool,
	/// The period of its last sign of life; after a (re)delegation, until it counts, the period
	/// it counts from.
	pub period: PeriodIndex,
	/// The block it (re)delegated at.
	pub since: BlockNumber,
	/// It may redelegate from this block on.
	pub redelegate_at: BlockNumber,
	/// Rewards it can claim now.
	pub pending_rewards: Balance,
	/// The share of its bonded MC it will lose at its next change for slashes already applied
	/// to the validator it backs and to those it left and still answers for.
	pub pending_slash: sp_runtime::Perbill,
}

/// A validator candidate as clients see it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CandidateInfo<AccountId, Balance> {
	/// The validator (stash).
	pub validator: AccountId,
	/// Its active bond.
	pub stake: Balance,
	/// Its active device backing: the weight (MC) its counted devices add in the election.
	pub backing: Balance,
	/// Devices delegating to it (active or not).
	pub delegators: u32,
	/// Whether it meets both minimums (`MinValidatorBond`, `MinValidatorBacking`).
	pub electable: bool,
}

/// When a new delegation starts to count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CountFrom {
	/// At once, in the bucket of the device's last sign of life (genesis delegations).
	Now,
	/// From the first credit period that starts after now, at the device's first sign of life
	/// in it (`delegate` and `redelegate`).
	NextPeriod,
}

impl CountFrom {
	/// The delegation's `period` to start with for a device with `snapshot`.
	pub fn period<T: crate::Config>(
		self,
		snapshot: &metachain_primitives::credit::CreditSnapshot,
	) -> PeriodIndex {
		use metachain_primitives::credit::CreditInspect;
		match self {
			CountFrom::Now => snapshot.anchor,
			CountFrom::NextPeriod => T::Credit::current_period().saturating_add(1),
		}
	}
}

/// The election's view of the candidates in one block ([`crate::ElectionView`]).
#[derive(
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	codec::Encode,
	codec::Decode,
	codec::MaxEncodedLen,
	scale_info::TypeInfo
)]
#[scale_info(skip_type_params(Max))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct CreditView<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	Max: frame_support::traits::Get<u32>,
> {
	/// The block it was taken in.
	pub at: BlockNumber,
	/// The targets: the best candidates meeting the rules.
	pub targets: frame_support::BoundedVec<AccountId, Max>,
	/// One vote per target with device backing: (credit voter, weight, target).
	pub votes: frame_support::BoundedVec<(AccountId, u64, AccountId), Max>,
}

/// [`CreditView`] of a runtime.
pub type CreditViewOf<T> = CreditView<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as crate::Config>::MaxElectionTargets,
>;
