//! # Credit delegation: the representative system
//!
//! Devices (see `pallet-credit`, reached through `metachain_primitives::credit`) delegate their
//! stake and credit to a validator candidate; a candidate needs enough stake *and* enough active
//! device backing to be elected, and the devices that back the validators share the era rewards
//! by weight. A device's **weight** is its bonded MC times its credit multiplier (1 to
//! `MaxCreditMultiplier`, see pallet-credit): splitting MC across more devices earns and weighs
//! no more, and credit with nothing bonded earns and weighs nothing.
//!
//! - **Delegate.** A registered device with at least `MinRewardCredit` may `delegate(validator)`
//!   to a validator candidate, `undelegate`, or `redelegate(new)` once `RedelegateCooldown`
//!   blocks have passed since it last (re)delegated. One validator per device. Leaving does not
//!   reset the clock: after `undelegate` the device may `delegate` again only once the same
//!   cooldown has passed since its last (re)delegation ([`RejoinAt`]).
//! - **No instant moves.** A (re)delegated device counts for its validator only from the first
//!   credit period that starts after it (re)delegated, at its first sign of life in that period:
//!   delegating in the last block of an era earns no share of that era, and an election sees
//!   only devices that backed the candidate for a whole period boundary. (Genesis delegations
//!   count at once.)
//! - **Backing.** A device's weight counts in the bucket `(validator, period)` of the last period
//!   it showed it is alive (its last heartbeat, or its registration). A validator's backing is
//!   the sum of its buckets of the current and the previous period, so a device that stops
//!   sending heartbeats stops counting at the end of the first period it misses, without any
//!   iteration: every change of a device's credit or bond (the credit pallet's `OnCreditChanged`
//!   hook) moves it between buckets in O(1).
//! - **Election.** [`CreditFacing`] (staking's election provider) around an NPoS election whose
//!   data provider is [`CreditDataProvider`] (staking's data with the credit rules): it keeps the
//!   candidates with at least `MinValidatorBond` stake and `MinValidatorBacking` device weight,
//!   adds one vote per candidate of its device weight (MC), runs the NPoS solver and strips
//!   those votes from the result, so exposures see only real stake. Every unit of that weight
//!   is backed by at least `1 / MaxCreditMultiplier` of the devices' bonded MC.
//! - **Rewards.** At the end of each era `CreditRewardShare` of the era reward (which includes
//!   what replenishment paid to the incentive pool since the last era, see pallet-incentive-pool)
//!   goes to devices: split across validators by era
//!   points, less each validator's commission, then within a validator by counted weight. Each
//!   bucket keeps a reward-per-weight accumulator, so a device's reward is settled in O(1)
//!   whenever it is touched (a heartbeat, any credit change, `claim_rewards`). Every MC moves
//!   out of and into the incentive pool through [`Config::IncentivePool`]; each era's
//!   calculation is noted in the reward digests ([`Config::RewardDigests`], contributor
//!   `delegate`) for TracChain checkpoints.
//! - **Expiry.** What an era set aside for a bucket and nobody claimed within
//!   `RewardHistoryDepth` eras returns to the incentive pool, swept a bounded page per block.
//! - **Parameters** ([`DelegationParams`]) change through `pallet-chain-parameters`; this pallet
//!   checks them ([`Pallet::params_valid`]) and implements
//!   [`GovernedParameters`](metachain_primitives::parameters::GovernedParameters) with
//!   `impl_governed_parameters!`.
//!
//! Every loop is bounded by the number of rewarded validators (`MaxRewardedValidators`) or the
//! sweep page (`SweepPageSize`); nothing iterates devices or delegators.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod election;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod traits;
pub mod types;
pub mod weights;

pub use election::{
	approval_stake, ApprovalStake, BoundedFallback, CreditDataProvider, CreditFacing,
};
pub use traits::StakingInfo;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_election_provider_support::{SortedListProvider, VoteWeight};
use frame_support::{
	defensive,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
	weights::Weight,
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use metachain_primitives::{
	credit::{
		CreditInspect, CreditSnapshot, DeviceStake, GroupTicket, GroupedHeartbeat, HeartbeatClass,
		ListenerMark, OnCreditChanged, PeriodIndex,
	},
	digest::{ContributorId, RewardDigests},
	pool::{EraRewardSplit, IncentivePool},
};
use scale_info::TypeInfo;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, One, SaturatedConversion, Saturating, Zero},
	FixedPointNumber, FixedU128, PerThing, Perbill, Rounding,
};
use sp_staking::EraIndex;

/// The `n` entries of `list` with the highest first element (ties: the lower account first),
/// selected in linear time, in no particular order.
fn best<A: Ord>(
	mut list: Vec<(VoteWeight, A, VoteWeight)>,
	n: usize,
) -> Vec<(VoteWeight, A, VoteWeight)> {
	if list.len() > n {
		list.select_nth_unstable_by(n, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
		list.truncate(n);
	}
	list
}

/// The most other delegations the benchmarks run every call with (a million).
///
/// Every call reads and writes the same entries whatever the number of delegations (the
/// generated weights show `d` adds no read or write). The weights charged are the compute time
/// measured on a small state ([`CHARGED_DELEGATORS`]) plus the database weight of each read and
/// write (`ParityDbWeight`, which models a node's database at any size); with a million entries
/// the benchmark's in-memory database, its cache flushed before each run, adds a few
/// milliseconds of cold reads to every call alike — see the pallet README.
pub const BENCHMARKED_DELEGATORS: u32 = 1_000_000;

/// The `d` (other delegations) the runtime's weights are taken at: see
/// [`BENCHMARKED_DELEGATORS`].
pub const CHARGED_DELEGATORS: u32 = 0;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::credit-delegation";

/// The contributor id under which the device rewards are noted in the reward digests.
pub const DIGEST_ID: ContributorId = *b"delegate";

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// The parameters of the pallet.
pub type ParamsOf<T> = DelegationParams<BalanceOf<T>, BlockNumberFor<T>>;
/// One parameter with its value.
pub type ParameterOf<T> = DelegationParameter<BalanceOf<T>, BlockNumberFor<T>>;
/// A delegation as stored.
pub type DelegationOf<T> =
	Delegation<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A bucket as stored.
pub type BucketOf<T> = Bucket<BalanceOf<T>>;
/// A delegation as clients see it.
pub type DelegationInfoOf<T> =
	DelegationInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A candidate as clients see it.
pub type CandidateInfoOf<T> = CandidateInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A credit vote of an election: `(credit voter, vote weight, target)`.
pub type CreditVote<AccountId> = (AccountId, u64, AccountId);
/// One validator's share of a batch of grouped heartbeats: `(validator, points, bond points,
/// unclaimed rewards, previous bucket's rate)`.
type GroupMove<'a, T> =
	(&'a <T as frame_system::Config>::AccountId, BalanceOf<T>, BalanceOf<T>, u128, FixedU128);

/// Why a delegation ended.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UndelegateReason {
	/// The device asked (`undelegate`).
	Requested,
	/// The device left the registry (withdrew its deposit).
	DeviceRemoved,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

	/// The storage layout's version: 1 counts devices by weight (bonded MC times credit
	/// multiplier) instead of credit points ([`migrations::v1`]); 2 records each delegation's
	/// slash debt ([`migrations::v2`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (MC).
		type Currency: Mutate<Self::AccountId>;

		/// Devices and their credit.
		type Credit: CreditInspect<Self::AccountId> + DeviceStake<Self::AccountId>;

		/// Staking: eras, reward points, commissions, candidates.
		type Staking: StakingInfo<Self::AccountId, BalanceOf<Self>>;

		/// The incentive pool: device rewards come out of it, expired and unallocated ones go
		/// back, and it opens the reward pot at genesis.
		type IncentivePool: IncentivePool<Self::AccountId, BalanceOf<Self>>;

		/// Where each era's reward calculation is noted for TracChain checkpoints (contributor
		/// [`DIGEST_ID`]).
		type RewardDigests: RewardDigests;

		/// Staking's bonding duration: eras after leaving a validator that a device still answers
		/// for its slashes (an offence of an era it backed can be reported and applied until
		/// then).
		type BondingDuration: Get<EraIndex>;

		/// Most validators a device may have left and still answer for at once; leaving one
		/// more is refused ([`Error::DepartureOpen`]) until the oldest window has passed.
		#[pallet::constant]
		type MaxDepartures: Get<u32>;

		/// Converts MC to election vote weight (staking's `CurrencyToVote`).
		type CurrencyToVote: sp_staking::currency_to_vote::CurrencyToVote<BalanceOf<Self>>;

		/// Derives the reward pot (the account holding device rewards until claimed).
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// Most validators rewarded in one era (staking's `MaxValidatorSet`).
		#[pallet::constant]
		type MaxRewardedValidators: Get<u32>;

		/// The candidate list: validator candidates ordered by merit (stake plus device
		/// weight, [`Pallet::merit`]), which the election reads from the top. The runtime uses a
		/// bags list whose score provider is this pallet; this pallet inserts and refreshes
		/// candidates ([`Config::CandidateSweepPage`] per block), the list removes those whose
		/// score is gone (chilled) as it rebags.
		type Candidates: SortedListProvider<Self::AccountId, Score = VoteWeight>;

		/// Validator candidates entered into or refreshed in [`Config::Candidates`] per block.
		type CandidateSweepPage: Get<u32>;

		/// The most targets an election takes from the candidate list (staking's election
		/// bounds' target count).
		type MaxElectionTargets: Get<u32>;

		/// The most voters an election reads (staking's bound plus one credit voter per
		/// target): the bound of the fallback election's benchmark ([`ApprovalStake`]).
		type MaxElectionVoters: Get<u32>;

		/// Validators whose expired era records are swept per block.
		#[pallet::constant]
		type SweepPageSize: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Every number of the delegation rules.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	/// Each delegating device's delegation.
	#[pallet::storage]
	pub type Delegations<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, DelegationOf<T>, OptionQuery>;

	/// Each validator's delegation aggregates (devices delegating to it).
	#[pallet::storage]
	pub type ValidatorDelegators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ValidatorDelegations, ValueQuery>;

	/// The bonded MC behind each device's counted weight, in points like the weight (see
	/// [`Bucket`]); only devices that count have an entry.
	#[pallet::storage]
	pub type CountedBonds<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The bonded MC behind each bucket's weight, in points: the sum of its devices'
	/// [`CountedBonds`]. A validator's backing at risk is that of its live buckets times its
	/// survival. Devices counted before spec_version 112 enter it at their next heartbeat.
	#[pallet::storage]
	pub type BucketBonds<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		PeriodIndex,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// The backing buckets: by validator and the period of its devices' last sign of life.
	#[pallet::storage]
	pub type Buckets<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		PeriodIndex,
		BucketOf<T>,
		OptionQuery,
	>;

	/// What each era paid to devices (kept `RewardHistoryDepth` eras).
	#[pallet::storage]
	pub type EraRewards<T: Config> =
		StorageMap<_, Twox64Concat, EraIndex, EraDeviceReward<BalanceOf<T>>, OptionQuery>;

	/// The validators whose devices an era rewarded (kept `RewardHistoryDepth` eras).
	#[pallet::storage]
	pub type EraRewardedValidators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		EraIndex,
		BoundedVec<T::AccountId, T::MaxRewardedValidators>,
		OptionQuery,
	>;

	/// Each rewarded validator's rate in an era (kept `RewardHistoryDepth` eras).
	#[pallet::storage]
	pub type EraValidatorRates<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EraIndex,
		Blake2_128Concat,
		T::AccountId,
		EraValidatorRate<BalanceOf<T>>,
		OptionQuery,
	>;

	/// Set aside for devices and not yet paid or expired: the sum over buckets of `allocated −
	/// paid`. The reward pot holds at least this (plus its existential deposit).
	#[pallet::storage]
	pub type Outstanding<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Devices that undelegated before `RedelegateCooldown` had passed since their last
	/// (re)delegation: the block from which each may `delegate` again. Removed when it delegates
	/// again or leaves the registry, so it holds at most one entry per registered device.
	#[pallet::storage]
	pub type RejoinAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Each slashed validator's survival: the product of `1 − fraction` over the slashes staking
	/// applied to it (absent: 1, never slashed). A point of device weight backing it stands for
	/// `survival` MC; a device loses `1 − survival / its slash debt` of its bonded MC when next
	/// touched.
	#[pallet::storage]
	pub type Survival<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, FixedU128, OptionQuery>;

	/// Devices that left validators (undelegated or redelegated) and still answer for their
	/// slashes until the eras given: at most `MaxDepartures` per device, each dropped when the
	/// device is touched after its window.
	#[pallet::storage]
	pub type Departures<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<Departure<T::AccountId>, T::MaxDepartures>,
		ValueQuery,
	>;

	/// The oldest era whose records are still kept (the next to sweep once expired).
	#[pallet::storage]
	pub type SweepCursor<T: Config> = StorageValue<_, EraIndex, OptionQuery>;

	/// The last validator candidate the candidate sweep visited (staking's order); the next
	/// block goes on after it. `None`: the next block starts from the first.
	#[pallet::storage]
	pub type CandidateCursor<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

	/// The election's view of the candidates (targets and credit votes), kept between the
	/// election provider's two requests of one block — for its targets and for its voters, in
	/// either order — so that the candidates are read once; the second request takes it.
	#[pallet::storage]
	pub type ElectionView<T: Config> = StorageValue<_, CreditViewOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; `None` takes the runtime's defaults.
		pub params: Option<ParamsOf<T>>,
		/// Delegations at genesis: (device, validator). Devices must be registered (credit
		/// genesis) and validators must be candidates (staking genesis).
		pub delegations: Vec<(T::AccountId, T::AccountId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			// The reward pot keeps its existential deposit, from the pool.
			// (Without funds at genesis the first era's device share opens the pot.)
			T::IncentivePool::open_pot(&Pallet::<T>::pot_account());
			for (device, validator) in &self.delegations {
				if let Err(e) = Pallet::<T>::do_delegate(device, validator, CountFrom::Now) {
					panic!("credit-delegation: genesis delegation failed: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Fewer candidates met the credit rule (`MinValidatorBond` and `MinValidatorBacking`)
		/// than staking accepts from an election: this election counts stake alone, among every
		/// candidate with `MinValidatorBond`, so that the era changes.
		ElectionFellBackToStake {
			/// Candidates meeting both minimums.
			meeting_credit_rule: u32,
			/// Staking's minimum validator count.
			minimum: u32,
			/// Candidates with `MinValidatorBond`, elected among by stake.
			candidates: u32,
		},
		/// The candidate sweep entered a validator candidate into the candidate list.
		CandidateListed {
			/// The candidate.
			validator: T::AccountId,
			/// Its merit: stake plus device weight, as vote weight.
			merit: VoteWeight,
		},
		/// A device delegated its credit.
		Delegated {
			/// The device.
			device: T::AccountId,
			/// The validator it backs.
			validator: T::AccountId,
			/// The weight it counts with now (0 until it counts).
			weight: BalanceOf<T>,
			/// The credit period from which it counts (at its first sign of life in it).
			counts_from: PeriodIndex,
		},
		/// A device moved its delegation.
		Redelegated {
			/// The device.
			device: T::AccountId,
			/// The validator it left.
			from: T::AccountId,
			/// The validator it backs now.
			to: T::AccountId,
		},
		/// A delegation ended.
		Undelegated {
			/// The device.
			device: T::AccountId,
			/// The validator it backed.
			validator: T::AccountId,
			/// Why.
			reason: UndelegateReason,
		},
		/// A device's rewards were paid to it.
		RewardsPaid {
			/// The device.
			device: T::AccountId,
			/// The validator it backs.
			validator: T::AccountId,
			/// MC paid.
			amount: BalanceOf<T>,
		},
		/// An era's device share was distributed.
		DeviceRewardsDistributed {
			/// The era.
			era: EraIndex,
			/// The device share: its part of the era reward.
			device_share: BalanceOf<T>,
			/// Paid to validators as commission.
			commission: BalanceOf<T>,
			/// Set aside for devices.
			allocated: BalanceOf<T>,
			/// Left in the incentive pool (validators without active backing, rounding).
			unallocated: BalanceOf<T>,
			/// Validators whose devices were rewarded.
			validators: u32,
		},
		/// Staking slashed a validator: every device that backs it, or left it within the
		/// bonding duration, loses `fraction` of its bonded MC when next touched.
		ValidatorSlashed {
			/// The validator.
			validator: T::AccountId,
			/// The fraction slashed.
			fraction: Perbill,
			/// Its survival now (the product of `1 − fraction` over its slashes).
			survival: FixedU128,
		},
		/// Unclaimed device rewards expired and went back to the incentive pool.
		RewardsExpired {
			/// The era whose records were swept.
			era: EraIndex,
			/// The validator.
			validator: T::AccountId,
			/// MC returned.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a registered device.
		NotADevice,
		/// The device is below `MinRewardCredit` (or deregistering).
		BelowRewardThreshold,
		/// The account is not a validator candidate (it has not called staking's `validate`).
		NotACandidate,
		/// The device already delegates (use `redelegate`).
		AlreadyDelegating,
		/// The device does not delegate.
		NotDelegating,
		/// The device already delegates to this validator.
		SameValidator,
		/// `RedelegateCooldown` has not passed since the last (re)delegation (also when delegating
		/// again after `undelegate`).
		RedelegateCooldown,
		/// The device has no rewards to claim.
		NothingToClaim,
		/// The parameters would be inconsistent (a zero reward history depth).
		InvalidParameter,
		/// The device still answers for the slashes of `MaxDepartures` validators it left (each
		/// until the era of its departure plus staking's bonding duration): it cannot leave
		/// another one yet.
		DepartureOpen,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::sweep_expired().saturating_add(Self::sweep_candidates())
		}

		fn integrity_test() {
			assert!(T::MaxRewardedValidators::get() > 0, "MaxRewardedValidators must be positive");
			assert!(T::SweepPageSize::get() > 0, "SweepPageSize must be positive");
			assert!(T::CandidateSweepPage::get() > 0, "CandidateSweepPage must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Delegate the caller's credit to `validator`.
		///
		/// The caller must be a registered device with at least `MinRewardCredit`, not yet
		/// delegating, and past its [`RejoinAt`] block if it undelegated recently; `validator`
		/// must be a validator candidate. The device counts for `validator` from the next credit
		/// period, at its first sign of life in it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::delegate(CHARGED_DELEGATORS))]
		pub fn delegate(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			if let Some(at) = RejoinAt::<T>::get(&who) {
				ensure!(
					frame_system::Pallet::<T>::block_number() >= at,
					Error::<T>::RedelegateCooldown
				);
				RejoinAt::<T>::remove(&who);
			}
			Self::do_delegate(&who, &validator, CountFrom::NextPeriod)
		}

		/// Stop delegating. Pending rewards are paid first. If `RedelegateCooldown` has not
		/// passed since the last (re)delegation, the device may delegate again only once it has
		/// ([`RejoinAt`]): leaving and coming back is no faster than `redelegate`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::undelegate(CHARGED_DELEGATORS))]
		pub fn undelegate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Delegations::<T>::contains_key(&who), Error::<T>::NotDelegating);
			// First the slashes of validators it left (they may change its delegation).
			ensure!(Self::settle_departure_and_recount(&who), Error::<T>::DepartureOpen);
			let mut d = Self::delegation(&who).ok_or(Error::<T>::NotDelegating)?;
			let rejoin = d.since.saturating_add(Parameters::<T>::get().redelegate_cooldown);
			if frame_system::Pallet::<T>::block_number() < rejoin {
				RejoinAt::<T>::insert(&who, rejoin);
			}
			Self::settle(&who, &mut d);
			Self::settle_slash(&who, &mut d);
			Self::depart(&who, &d);
			Self::remove_delegation(&who, d, UndelegateReason::Requested);
			Ok(())
		}

		/// Move the delegation to `validator`, once `RedelegateCooldown` blocks have passed
		/// since the last (re)delegation. Pending rewards are paid first. The device counts for
		/// `validator` from the next credit period, at its first sign of life in it (and no
		/// longer for the validator it left).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::redelegate(CHARGED_DELEGATORS))]
		pub fn redelegate(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Delegations::<T>::contains_key(&who), Error::<T>::NotDelegating);
			// First the slashes of validators it left (they may change its delegation).
			ensure!(Self::settle_departure_and_recount(&who), Error::<T>::DepartureOpen);
			let mut d = Self::delegation(&who).ok_or(Error::<T>::NotDelegating)?;
			ensure!(d.validator != validator, Error::<T>::SameValidator);
			let now = frame_system::Pallet::<T>::block_number();
			let cooldown = Parameters::<T>::get().redelegate_cooldown;
			ensure!(now >= d.since.saturating_add(cooldown), Error::<T>::RedelegateCooldown);
			ensure!(T::Staking::is_candidate(&validator), Error::<T>::NotACandidate);
			let mut snapshot = T::Credit::snapshot(&who).ok_or(Error::<T>::NotADevice)?;
			Self::settle(&who, &mut d);
			if let Some(after) = Self::settle_slash(&who, &mut d) {
				snapshot = after;
			}
			Self::uncount(&who, &d);
			Self::depart(&who, &d);
			let from = core::mem::replace(&mut d.validator, validator.clone());
			d.counted = Zero::zero();
			d.slash_debt = Self::survival(&validator);
			d.period = CountFrom::NextPeriod.period::<T>(&snapshot);
			Self::count(&who, &mut d, &snapshot);
			d.since = now;
			Self::put(&who, &d);
			ValidatorDelegators::<T>::mutate(&from, |v| v.delegators.saturating_dec());
			ValidatorDelegators::<T>::mutate(&validator, |v| v.delegators.saturating_inc());
			Self::deposit_event(Event::Redelegated { device: who, from, to: validator });
			Ok(())
		}

		/// Pay `device` its pending rewards. Anyone may call it; the MC goes to the device.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim_rewards(CHARGED_DELEGATORS))]
		pub fn claim_rewards(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut d = Self::delegation(&device).ok_or(Error::<T>::NotDelegating)?;
			let paid = Self::settle(&device, &mut d);
			ensure!(!paid.is_zero(), Error::<T>::NothingToClaim);
			// Then the slashes it owes (nothing more to pay: its debt is settled).
			Self::settle_and_recount(&device, &mut d, false);
			Self::put(&device, &d);
			Ok(())
		}
	}

	/// The reads dApps do most, as view functions (metadata v16): a client calls
	/// `RuntimeViewFunction_execute_view_function` with the id from the metadata and decodes the
	/// answer with the metadata's types, without custom type definitions.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Validator candidate `stash` as clients see it: its active bond, its active device
		/// backing (the MC of device weight its counted devices add in the election), the devices
		/// delegating to it (active or not), and whether it is a candidate meeting both election
		/// minimums: `CreditDelegationApi::validator_backing` with the stake, in the form of the
		/// entry `CreditDelegationApi::candidates` lists for a candidate.
		pub fn validator(stash: T::AccountId) -> CandidateInfoOf<T> {
			Self::candidate_info(stash)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The reward pot: holds device rewards from their era until they are paid or expire.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// `device`'s delegation, its `period` being that of the bucket it counts in: a counted
	/// delegation moves with its device's heartbeats (the grouped ones without writing it,
	/// [`Self::on_heartbeats`]), so it counts in the bucket of the device's last sign of life.
	pub fn delegation(device: &T::AccountId) -> Option<DelegationOf<T>> {
		let d = Delegations::<T>::get(device)?;
		Some(Self::in_bucket(d, T::Credit::snapshot(device).map(|s| s.anchor)))
	}

	/// `d` with `period` set to its bucket's: `anchor` (the device's last sign of life) if it
	/// counts.
	fn in_bucket(mut d: DelegationOf<T>, anchor: Option<PeriodIndex>) -> DelegationOf<T> {
		if let (false, Some(anchor)) = (d.counted.is_zero(), anchor) {
			d.period = anchor.max(d.period);
		}
		d
	}

	/// Store `who`'s delegation `d` and keep its copy in the device's record
	/// ([`CreditInspect::keep_ticket`]): every write of a delegation goes through here, so a
	/// ticket is never stale (`try_state` checks it).
	pub(crate) fn put(who: &T::AccountId, d: &DelegationOf<T>) {
		Delegations::<T>::insert(who, d);
		T::Credit::keep_ticket(who, Some(Self::ticket_of(d)));
	}

	/// What a device's record keeps of its delegation `d` (its ticket).
	pub(crate) fn ticket_of(d: &DelegationOf<T>) -> GroupTicket<T::AccountId> {
		GroupTicket {
			group: d.validator.clone(),
			points: d.counted.saturated_into::<u128>(),
			period: d.period,
			reward_debt: d.reward_debt,
			slash_debt: d.slash_debt,
		}
	}

	/// The voter that carries `validator`'s delegated credit in the election (a keyless account
	/// that can never be a real voter).
	pub fn credit_voter(validator: &T::AccountId) -> T::AccountId {
		let hash = sp_io::hashing::blake2_256(&validator.encode());
		T::PalletId::get().into_sub_account_truncating((*b"vote", hash))
	}

	/// Whether `params` are consistent.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		params.reward_history_depth > 0
	}

	/// The active era (0 before staking starts one).
	pub(crate) fn active_era() -> EraIndex {
		T::Staking::active_era().unwrap_or(0)
	}

	/// `validator`'s active device backing (weight, in MC): its buckets of the current and the
	/// previous period.
	pub fn backing(validator: &T::AccountId) -> BalanceOf<T> {
		Self::points_to_mc(Self::backing_points(validator), Self::survival(validator))
	}

	/// `validator`'s active device backing in points (see [`Bucket`]).
	pub fn backing_points(validator: &T::AccountId) -> BalanceOf<T> {
		let period = T::Credit::current_period();
		let weight_in = |p: PeriodIndex| Buckets::<T>::get(validator, p).map(|b| b.weight);
		let current = weight_in(period).unwrap_or_default();
		let previous = period.checked_sub(1).and_then(weight_in).unwrap_or_default();
		current.saturating_add(previous)
	}

	/// The bonded MC of `validator`'s active device backing: what a slash of the validator
	/// would take from its devices, in the same fraction (their weight is this MC times their
	/// credit multipliers; see [`Self::backing`]).
	pub fn backing_at_risk(validator: &T::AccountId) -> BalanceOf<T> {
		let period = T::Credit::current_period();
		let bonds_in = |p: PeriodIndex| BucketBonds::<T>::get(validator, p);
		let points = bonds_in(period)
			.saturating_add(period.checked_sub(1).map(bonds_in).unwrap_or_default());
		Self::points_to_mc(points, Self::survival(validator))
	}

	/// `validator`'s survival: the product of `1 − fraction` over its slashes (1 if never
	/// slashed).
	pub fn survival(validator: &T::AccountId) -> FixedU128 {
		Survival::<T>::get(validator).unwrap_or_else(FixedU128::one)
	}

	/// The points `weight` MC counts with under `survival` (0 once survival is 0).
	fn mc_to_points(weight: BalanceOf<T>, survival: FixedU128) -> BalanceOf<T> {
		if survival.is_zero() {
			return Zero::zero();
		}
		if survival == FixedU128::one() {
			// Never slashed (the common case): a point is a planck.
			return weight;
		}
		BalanceOf::<T>::saturated_from(
			multiply_by_rational_with_rounding(
				weight.saturated_into(),
				FixedU128::DIV,
				survival.into_inner(),
				Rounding::Down,
			)
			.unwrap_or(0),
		)
	}

	/// The MC `points` stand for under `survival`.
	fn points_to_mc(points: BalanceOf<T>, survival: FixedU128) -> BalanceOf<T> {
		BalanceOf::<T>::saturated_from(survival.saturating_mul_int(points.saturated_into::<u128>()))
	}

	/// Apply to `who`'s stake the slashes of `d.validator` since it was last settled: it loses
	/// `1 − survival / d.slash_debt` of its bonded MC (through the credit pallet). Returns its
	/// snapshot after, if it was slashed.
	pub(crate) fn settle_slash(
		who: &T::AccountId,
		d: &mut DelegationOf<T>,
	) -> Option<CreditSnapshot> {
		let survival = Self::survival(&d.validator);
		let fraction = Self::slashed_since(d.slash_debt, survival)?;
		d.slash_debt = survival;
		T::Credit::slash(who, fraction).map(|(_, snapshot)| snapshot)
	}

	/// Pay `who` what `d` earned, then apply the slashes it owes for `d.validator`; if it was
	/// slashed (or `recount`: slashed for a validator it left), its weight follows at once,
	/// after the payment (recounting resets its reward debt). Returns what was paid.
	fn settle_and_recount(
		who: &T::AccountId,
		d: &mut DelegationOf<T>,
		recount: bool,
	) -> BalanceOf<T> {
		let paid = Self::settle(who, d);
		let after = match Self::settle_slash(who, d) {
			Some(after) => Some(after),
			None if recount => T::Credit::snapshot(who),
			None => None,
		};
		if let Some(after) = after {
			Self::uncount(who, d);
			Self::count(who, d, &after);
		}
		paid
	}

	/// The fraction lost from survival `debt` to `now`, rounded up; `None` if nothing.
	fn slashed_since(debt: FixedU128, now: FixedU128) -> Option<Perbill> {
		if now >= debt || debt.is_zero() {
			return None;
		}
		Some(Self::lost_fraction(now.div(debt)))
	}

	/// `1 − kept` in parts per billion, rounded up: a device never pays (nor is shown to owe)
	/// less than its validator lost.
	fn lost_fraction(kept: FixedU128) -> Perbill {
		let lost = FixedU128::one().saturating_sub(kept).into_inner();
		let per_part = FixedU128::DIV / 1_000_000_000;
		Perbill::from_parts(lost.div_ceil(per_part).min(1_000_000_000) as u32)
	}

	/// [`Self::settle_departure`], and if `who` was slashed, its weight for the validator it
	/// backs follows at once. Returns whether `who` may leave one more validator.
	pub(crate) fn settle_departure_and_recount(who: &T::AccountId) -> bool {
		let (room, slashed) = Self::settle_departure(who);
		if slashed {
			if let Some(mut d) = Self::delegation(who) {
				Self::settle_and_recount(who, &mut d, true);
				Self::put(who, &d);
			}
		}
		room
	}

	/// Apply the slashes of the validators `who` left and still answers for; drop the
	/// departures whose window has passed. Returns whether `who` may leave one more validator
	/// (fewer than `MaxDepartures` remain), and whether it was slashed (its weight for the
	/// validator it backs is then the caller's to recount). O(`MaxDepartures`).
	pub(crate) fn settle_departure(who: &T::AccountId) -> (bool, bool) {
		let mut departures = Departures::<T>::get(who);
		if departures.is_empty() {
			return (true, false);
		}
		let era = Self::active_era();
		let mut slashed = false;
		for departure in departures.iter_mut() {
			let survival = Self::survival(&departure.validator);
			if let Some(fraction) = Self::slashed_since(departure.slash_debt, survival) {
				departure.slash_debt = survival;
				slashed |= T::Credit::slash(who, fraction).is_some();
			}
		}
		departures.retain(|d| era <= d.until_era);
		let room = departures.len() < T::MaxDepartures::get() as usize;
		if departures.is_empty() {
			Departures::<T>::remove(who);
		} else {
			Departures::<T>::insert(who, departures);
		}
		(room, slashed)
	}

	/// `who` leaves `d.validator`: it answers for its slashes for staking's bonding duration.
	/// The caller checked there is room ([`Self::settle_departure`]).
	fn depart(who: &T::AccountId, d: &DelegationOf<T>) {
		// Its heartbeats look its departures up from now on (a `Steady` mark skips them).
		T::Credit::listen(who, ListenerMark::Listened);
		let departure = Departure {
			validator: d.validator.clone(),
			slash_debt: d.slash_debt,
			until_era: Self::active_era().saturating_add(T::BondingDuration::get()),
		};
		Departures::<T>::mutate(who, |list| {
			if list.try_push(departure).is_err() {
				defensive!("a device left a validator without room for the departure");
			}
		});
	}

	/// Staking applied a slash to `stash`: if it is a validator, its survival falls by the
	/// fraction, and with it the MC every point of its device backing stands for. O(1).
	pub fn on_validator_slashed(stash: &T::AccountId) {
		// Inside staking's era start: registered as mandatory weight, as the era change is.
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::validator_slashed(),
			frame_support::dispatch::DispatchClass::Mandatory,
		);
		let Some(fraction) = T::Staking::slash_fraction(stash) else { return };
		if fraction.is_zero() {
			return;
		}
		let survival =
			Self::survival(stash).saturating_mul(FixedU128::from(fraction.left_from_one()));
		Survival::<T>::insert(stash, survival);
		Self::deposit_event(Event::ValidatorSlashed {
			validator: stash.clone(),
			fraction,
			survival,
		});
	}

	/// Whether a candidate with `stake` and device `backing` meets both election minimums.
	pub fn meets_minimums(stake: BalanceOf<T>, backing: BalanceOf<T>) -> bool {
		stake >= T::Staking::min_validator_bond()
			&& backing >= Parameters::<T>::get().min_validator_backing
	}

	/// How many entries of the candidate list the election visits for `max_targets` targets: a
	/// quarter more, so that stale entries (chilled candidates the list has not removed yet,
	/// scores not refreshed yet) cannot cost a good candidate its place.
	pub fn candidate_visits(max_targets: u32) -> u32 {
		max_targets.saturating_add(max_targets / 4)
	}

	/// `who`'s merit as a validator candidate: its active stake plus its device backing, as
	/// vote weight; `None` if `who` is not a candidate. The candidate list's score.
	pub fn merit(who: &T::AccountId) -> Option<VoteWeight> {
		use sp_staking::currency_to_vote::CurrencyToVote;
		if !T::Staking::is_candidate(who) {
			return None;
		}
		let issuance = T::Currency::total_issuance();
		let stake = T::CurrencyToVote::to_vote(T::Staking::active_stake(who), issuance);
		let backing = T::CurrencyToVote::to_vote(Self::backing(who), issuance);
		// The same sum the election ranks by (`electable_with_credit_votes`).
		Some(stake.saturating_add(backing))
	}

	/// The election's targets: the best `max_targets` by merit (stake plus device weight)
	/// among the candidates meeting both minimums, read from the top of the candidate list
	/// ([`Config::Candidates`], at most [`Self::candidate_visits`] entries, each re-read: the
	/// list's order only decides who is looked at), and for each kept target with device
	/// backing a vote `(credit voter, vote weight, target)` carrying that backing. No sort:
	/// the best are selected in linear time. Registers its own weight (O(visits)).
	///
	/// **Fallback.** When fewer candidates meet both minimums than staking accepts from an
	/// election ([`StakingInfo::minimum_validator_count`]) — the devices went offline, say —
	/// the election falls back to stake alone: the best `max_targets` by stake among the
	/// candidates with `MinValidatorBond`, no credit votes ([`Event::ElectionFellBackToStake`]).
	/// Eras, rewards and unbonding go on; the credit rule applies again at the next election
	/// that can meet it.
	pub fn electable_with_credit_votes(
		max_targets: u32,
	) -> (Vec<T::AccountId>, Vec<CreditVote<T::AccountId>>) {
		use sp_staking::currency_to_vote::CurrencyToVote;
		let issuance = T::Currency::total_issuance();
		let min_bond = T::Staking::min_validator_bond();
		let min_backing = Parameters::<T>::get().min_validator_backing;
		// (merit, candidate, credit vote) of those meeting both minimums.
		let mut meeting: Vec<(VoteWeight, T::AccountId, VoteWeight)> = Vec::new();
		// (stake, candidate) of those with `MinValidatorBond`: the fallback.
		let mut staked: Vec<(VoteWeight, T::AccountId, VoteWeight)> = Vec::new();
		let mut visited = 0u32;
		for target in T::Candidates::iter().take(Self::candidate_visits(max_targets) as usize) {
			visited = visited.saturating_add(1);
			if !T::Staking::is_candidate(&target) {
				continue; // chilled since it was listed
			}
			let stake = T::Staking::active_stake(&target);
			if stake < min_bond {
				continue;
			}
			let stake_vote = T::CurrencyToVote::to_vote(stake, issuance);
			staked.push((stake_vote, target.clone(), 0));
			let backing = Self::backing(&target);
			if backing < min_backing {
				continue;
			}
			let vote = T::CurrencyToVote::to_vote(backing, issuance);
			meeting.push((stake_vote.saturating_add(vote), target, vote));
		}
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::election_credit_filter(visited),
			frame_support::dispatch::DispatchClass::Mandatory,
		);
		let minimum = T::Staking::minimum_validator_count().max(1);
		let chosen = if (meeting.len() as u32) < minimum {
			Self::deposit_event(Event::ElectionFellBackToStake {
				meeting_credit_rule: meeting.len() as u32,
				minimum,
				candidates: staked.len() as u32,
			});
			staked
		} else {
			meeting
		};
		let mut kept = Vec::with_capacity(chosen.len());
		let mut votes = Vec::new();
		for (_, target, vote) in best(chosen, max_targets as usize) {
			if vote > 0 {
				votes.push((Self::credit_voter(&target), vote, target.clone()));
			}
			kept.push(target);
		}
		(kept, votes)
	}

	/// Enter the next page of validator candidates ([`Config::CandidateSweepPage`], in
	/// staking's order after [`CandidateCursor`]) into the candidate list, or refresh their
	/// merit there; a full pass takes `candidates / page` blocks, after which it starts again.
	pub(crate) fn sweep_candidates() -> Weight {
		let page = T::CandidateSweepPage::get();
		let candidates = T::Staking::candidates_after(CandidateCursor::<T>::get().as_ref(), page);
		let swept = candidates.len() as u32;
		for who in &candidates {
			let Some(merit) = Self::merit(who) else { continue };
			if T::Candidates::contains(who) {
				// Moves it to its merit's bag if that changed (the list's own event says so);
				// fails only while the list is locked, and the next pass tries again.
				let _ = T::Candidates::on_update(who, merit);
			} else if T::Candidates::on_insert(who.clone(), merit).is_ok() {
				Self::deposit_event(Event::CandidateListed { validator: who.clone(), merit });
			}
		}
		match candidates.last() {
			Some(last) if swept == page => CandidateCursor::<T>::put(last),
			_ => CandidateCursor::<T>::kill(),
		}
		T::WeightInfo::sweep_candidates(swept)
	}

	/// Delegate `who` to `validator`, counting from `from` (the call: the next period;
	/// genesis: at once).
	pub(crate) fn do_delegate(
		who: &T::AccountId,
		validator: &T::AccountId,
		from: CountFrom,
	) -> frame_support::dispatch::DispatchResult {
		frame_support::ensure!(!Delegations::<T>::contains_key(who), Error::<T>::AlreadyDelegating);
		let snapshot = T::Credit::snapshot(who).ok_or(Error::<T>::NotADevice)?;
		frame_support::ensure!(
			snapshot.active && snapshot.credit >= T::Credit::reward_threshold(),
			Error::<T>::BelowRewardThreshold
		);
		frame_support::ensure!(T::Staking::is_candidate(validator), Error::<T>::NotACandidate);
		let mut d = Delegation {
			validator: validator.clone(),
			counted: Zero::zero(),
			period: from.period::<T>(&snapshot),
			reward_debt: FixedU128::zero(),
			settled_era: Self::active_era(),
			since: frame_system::Pallet::<T>::block_number(),
			slash_debt: Self::survival(validator),
		};
		Self::count(who, &mut d, &snapshot);
		let (weight, counts_from) = (d.counted, d.period);
		// Its heartbeats ask this pallet from now on: from its ticket (kept by `put`) unless it
		// still answers for a validator it left.
		let mark = if Departures::<T>::contains_key(who) {
			ListenerMark::Listened
		} else {
			ListenerMark::Steady
		};
		T::Credit::listen(who, mark);
		Self::put(who, &d);
		ValidatorDelegators::<T>::mutate(validator, |v| v.delegators.saturating_inc());
		Self::deposit_event(Event::Delegated {
			device: who.clone(),
			validator: validator.clone(),
			weight,
			counts_from,
		});
		Ok(())
	}

	/// The weight a device with `snapshot` counts with now: its weight (bonded MC times its
	/// credit multiplier) if it is active, at least at `MinRewardCredit` and alive in the
	/// current or the previous period; else 0.
	pub(crate) fn countable(snapshot: &CreditSnapshot) -> BalanceOf<T> {
		let alive = snapshot.anchor.saturating_add(1) >= T::Credit::current_period();
		if snapshot.active && alive && snapshot.credit >= T::Credit::reward_threshold() {
			BalanceOf::<T>::saturated_from(snapshot.weight)
		} else {
			Zero::zero()
		}
	}

	/// Put a delegation (counted 0) into the bucket `snapshot` says, and record the bucket's
	/// accumulator as its reward debt. A delegation whose `period` is still ahead of the
	/// device's last sign of life was (re)delegated in a period that has not ended: it does not
	/// count yet, and keeps the period it counts from.
	pub(crate) fn count(who: &T::AccountId, d: &mut DelegationOf<T>, snapshot: &CreditSnapshot) {
		if snapshot.anchor < d.period {
			d.counted = Zero::zero();
			d.reward_debt = FixedU128::zero();
			return;
		}
		d.period = snapshot.anchor;
		let survival = Self::survival(&d.validator);
		d.counted = Self::mc_to_points(Self::countable(snapshot), survival);
		d.reward_debt = if !d.counted.is_zero() {
			// The bonded MC behind the weight, in points the same way.
			let bond =
				Self::mc_to_points(BalanceOf::<T>::saturated_from(snapshot.bonded), survival);
			CountedBonds::<T>::insert(who, bond);
			BucketBonds::<T>::mutate(&d.validator, d.period, |b| *b = b.saturating_add(bond));
			let mut b = Self::bucket_or_new(&d.validator, d.period);
			b.weight = b.weight.saturating_add(d.counted);
			let rate = b.reward_per_weight;
			Buckets::<T>::insert(&d.validator, d.period, b);
			rate
		} else {
			FixedU128::zero()
		};
	}

	/// The bucket `(validator, period)`, or a new one whose accumulator starts level with the
	/// validator's other live bucket, if any. The two live buckets (the current and the
	/// previous period) earn the same reward per weight in every era
	/// ([`Self::distribute_era_reward`]), so they stay level: a device whose heartbeat moves
	/// it from the previous period's bucket to the current one keeps its reward debt, and
	/// grouped heartbeats move devices without a write ([`Self::on_heartbeats`]).
	fn bucket_or_new(validator: &T::AccountId, period: PeriodIndex) -> BucketOf<T> {
		if let Some(b) = Buckets::<T>::get(validator, period) {
			return b;
		}
		let current = T::Credit::current_period();
		let other = if period == current {
			current.checked_sub(1)
		} else if period.saturating_add(1) == current {
			Some(current)
		} else {
			None
		};
		let reward_per_weight = other
			.and_then(|p| Buckets::<T>::get(validator, p))
			.map_or_else(FixedU128::zero, |b| b.reward_per_weight);
		Bucket { reward_per_weight, ..Default::default() }
	}

	/// Take a delegation's counted weight out of its bucket (dropping the bucket once empty and
	/// returning what is left in it to the pool).
	fn uncount(who: &T::AccountId, d: &DelegationOf<T>) {
		if d.counted.is_zero() {
			return;
		}
		let bond = CountedBonds::<T>::take(who);
		BucketBonds::<T>::mutate_exists(&d.validator, d.period, |b| {
			*b = b.map(|b| b.saturating_sub(bond)).filter(|b| !b.is_zero());
		});
		let Some(mut b) = Buckets::<T>::get(&d.validator, d.period) else { return };
		b.weight = b.weight.saturating_sub(d.counted);
		if b.weight.is_zero() {
			// No device counts in it any more: whatever it still holds is rounding dust.
			Self::return_to_pool(b.allocated.saturating_sub(b.paid));
			Buckets::<T>::remove(&d.validator, d.period);
			BucketBonds::<T>::remove(&d.validator, d.period);
		} else {
			Buckets::<T>::insert(&d.validator, d.period, b);
		}
	}

	/// Whether a heartbeat taking a device from `old` to `new` (`new` being alive in the
	/// current period, as a heartbeat's is) only moves the device, whose ticket is `t`, from its
	/// validator's bucket of the previous period to that of the current one: it counts, it was
	/// alive in the
	/// previous period, it still meets `MinRewardCredit`, it counts the same points and bond as
	/// when it was counted (its weight and bond did not change), and it owes no slash: its
	/// validator's survival is still the one it was last settled at. A device whose validator
	/// was slashed since is heavy, so its heartbeat takes the slash (and the credit penalty with
	/// it) at once, never put off by grouped heartbeats. Read from the ticket (its delegation's
	/// copy, [`Self::put`]): no read of the device's own.
	pub(crate) fn moves_with_its_group(
		t: &GroupTicket<T::AccountId>,
		old: &CreditSnapshot,
		new: &CreditSnapshot,
	) -> bool {
		t.points != 0
			&& old.anchor.saturating_add(1) == new.anchor
			&& t.period <= old.anchor
			&& old.bonded == new.bonded
			&& new.active
			&& new.credit >= T::Credit::reward_threshold()
			&& Self::mc_to_points(BalanceOf::<T>::saturated_from(new.weight), t.slash_debt)
				.saturated_into::<u128>()
				== t.points
			&& Self::survival(&t.group) >= t.slash_debt
	}

	/// Take grouped heartbeats ([`OnCreditChanged::heartbeat_class`]): per validator, move the
	/// devices' points, bonds and unclaimed rewards from the bucket of the previous period to
	/// that of the current one, in one update of each. No delegation is written and nothing
	/// is paid: a device's rewards stay owed (its reward debt holds, the two buckets being
	/// level) and are paid when it claims or changes. Each entry was found grouped by
	/// `heartbeat_class` earlier in the same batch (nothing in between changes a delegation,
	/// a survival or a previous bucket's rate) from its ticket, a copy of its delegation
	/// ([`Self::put`]): its points, debts and bond are the ticket's, no delegation is read. An
	/// entry whose validator has no bucket of the previous period (defensive) is taken alone.
	pub(crate) fn move_groups(heartbeats: &[GroupedHeartbeat<T::AccountId>]) -> Weight {
		let current = T::Credit::current_period();
		let Some(previous) = current.checked_sub(1) else {
			return Weight::zero();
		};
		// Per validator, in the order first met (a relay's batch holds few groups, its entries
		// sorted by validator): (validator, points, bond points, unclaimed rewards, previous
		// bucket's rate).
		let mut moves: Vec<GroupMove<'_, T>> = Vec::new();
		let mut index = alloc::collections::BTreeMap::<&T::AccountId, usize>::new();
		let mut alone = Weight::zero();
		for (who, old, new, ticket) in heartbeats {
			let validator = &ticket.group;
			let at = match moves.last() {
				// The same validator as the entry before (no look-up).
				Some(m) if m.0 == validator => Some(moves.len() - 1),
				_ => match index.get(validator) {
					Some(at) => Some(*at),
					None => Buckets::<T>::get(validator, previous).map(|b| {
						moves.push((validator, Zero::zero(), Zero::zero(), 0, b.reward_per_weight));
						index.insert(validator, moves.len() - 1);
						moves.len() - 1
					}),
				},
			};
			let at = match at {
				Some(at) if ticket.points != 0 => at,
				_ => {
					defensive!("a grouped heartbeat without its bucket or points");
					alone = alone.saturating_add(
						<Self as OnCreditChanged<T::AccountId>>::on_credit_changed(
							who,
							Some(*old),
							Some(*new),
						),
					);
					continue;
				}
			};
			let m = &mut moves[at];
			let points = BalanceOf::<T>::saturated_from(ticket.points);
			let bond =
				Self::mc_to_points(BalanceOf::<T>::saturated_from(new.bonded), ticket.slash_debt);
			let owed = m.4.saturating_sub(ticket.reward_debt).saturating_mul_int(ticket.points);
			m.1 = m.1.saturating_add(points);
			m.2 = m.2.saturating_add(bond);
			m.3 = m.3.saturating_add(owed);
		}
		let groups = moves.len() as u32;
		for (validator, points, bond, owed, _) in moves {
			let Some(mut from) = Buckets::<T>::get(validator, previous) else { continue };
			let owed =
				BalanceOf::<T>::saturated_from(owed).min(from.allocated.saturating_sub(from.paid));
			let mut to = Self::bucket_or_new(validator, current);
			from.weight = from.weight.saturating_sub(points);
			from.paid = from.paid.saturating_add(owed);
			to.weight = to.weight.saturating_add(points);
			to.allocated = to.allocated.saturating_add(owed);
			Buckets::<T>::insert(validator, current, to);
			BucketBonds::<T>::mutate(validator, current, |b| *b = b.saturating_add(bond));
			if from.weight.is_zero() {
				// No device counts in it any more: whatever it still holds is rounding dust.
				Self::return_to_pool(from.allocated.saturating_sub(from.paid));
				Buckets::<T>::remove(validator, previous);
				BucketBonds::<T>::remove(validator, previous);
			} else {
				Buckets::<T>::insert(validator, previous, from);
				BucketBonds::<T>::mutate_exists(validator, previous, |b| {
					*b = b.map(|b| b.saturating_sub(bond)).filter(|b| !b.is_zero());
				});
			}
		}
		let grouped = heartbeats.len() as u32;
		T::WeightInfo::heartbeats_grouped(groups, grouped.saturating_sub(groups))
			.saturating_add(alone)
	}

	/// What `d` can claim now from its bucket.
	fn owed(d: &DelegationOf<T>, bucket: &BucketOf<T>) -> BalanceOf<T> {
		let gained = bucket.reward_per_weight.saturating_sub(d.reward_debt);
		let owed: u128 = gained.saturating_mul_int(d.counted.saturated_into::<u128>());
		BalanceOf::<T>::saturated_from(owed).min(bucket.allocated.saturating_sub(bucket.paid))
	}

	/// Pay a device what it earned since it was last settled; returns the amount paid.
	pub(crate) fn settle(who: &T::AccountId, d: &mut DelegationOf<T>) -> BalanceOf<T> {
		d.settled_era = Self::active_era();
		if d.counted.is_zero() {
			return Zero::zero();
		}
		let Some(mut bucket) = Buckets::<T>::get(&d.validator, d.period) else {
			return Zero::zero();
		};
		let owed = Self::owed(d, &bucket);
		d.reward_debt = bucket.reward_per_weight;
		if owed.is_zero() {
			return owed;
		}
		if let Err(e) =
			T::Currency::transfer(&Self::pot_account(), who, owed, Preservation::Preserve)
		{
			defensive!("the reward pot cannot pay a device reward", e);
			return Zero::zero();
		}
		bucket.paid = bucket.paid.saturating_add(owed);
		Buckets::<T>::insert(&d.validator, d.period, bucket);
		Outstanding::<T>::mutate(|o| *o = o.saturating_sub(owed));
		Self::deposit_event(Event::RewardsPaid {
			device: who.clone(),
			validator: d.validator.clone(),
			amount: owed,
		});
		owed
	}

	/// End a delegation (already settled).
	fn remove_delegation(who: &T::AccountId, d: DelegationOf<T>, reason: UndelegateReason) {
		Self::uncount(who, &d);
		Delegations::<T>::remove(who);
		// No ticket outlives its delegation: its next heartbeat looks it up (and finds none).
		T::Credit::keep_ticket(who, None);
		ValidatorDelegators::<T>::mutate_exists(&d.validator, |v| {
			if let Some(agg) = v {
				agg.delegators.saturating_dec();
				if agg.delegators == 0 {
					*v = None;
				}
			}
		});
		Self::deposit_event(Event::Undelegated {
			device: who.clone(),
			validator: d.validator,
			reason,
		});
	}

	/// Move MC from the reward pot back to the incentive pool.
	pub(crate) fn return_to_pool(amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		Outstanding::<T>::mutate(|o| *o = o.saturating_sub(amount));
		if let Err(e) = T::IncentivePool::receive(&Self::pot_account(), amount) {
			defensive!("the reward pot cannot return MC to the pool", e);
		}
	}

	/// Distribute the device share of the era that is ending (staking's active era). Takes
	/// `CreditRewardShare` of `era_reward` from the incentive pool; returns the part of
	/// `era_reward` it took (staking pays the rest).
	///
	/// O(validators rewarded in the era), at most `MaxRewardedValidators`. Registers no weight:
	/// it runs in the session turn that ends an era, whose weight is measured whole at the
	/// maxima (the runtime's `pallet-session-rotation`); `WeightInfo::distribute_era_reward`
	/// measures it alone.
	pub fn distribute_era_reward(era_reward: BalanceOf<T>) -> BalanceOf<T> {
		let Some(era) = T::Staking::active_era() else { return Zero::zero() };
		let params = Parameters::<T>::get();
		let from_reward = params.credit_reward_share * era_reward;
		let (total_points, points) = T::Staking::era_reward_points(era);
		let rewarded_count = (points.len() as u32).min(T::MaxRewardedValidators::get());
		let available = T::IncentivePool::available();
		let share = from_reward.min(available);
		if total_points == 0 || share.is_zero() {
			return Zero::zero();
		}
		let pot = Self::pot_account();
		if let Err(e) = T::IncentivePool::pay(&pot, share) {
			log::warn!(target: LOG_TARGET, "device share of era {era} not taken: {e:?}");
			return Zero::zero();
		}

		let period = T::Credit::current_period();
		let mut rewarded = BoundedVec::<T::AccountId, T::MaxRewardedValidators>::new();
		let mut commission_total = BalanceOf::<T>::zero();
		let mut allocated_total = BalanceOf::<T>::zero();
		let share_u128: u128 = share.saturated_into();
		// Each rewarded validator's record, noted with the era's totals at the end: one read and
		// one write of the digest per era, whatever the validator count.
		let mut records = Vec::with_capacity(rewarded_count as usize);
		for (validator, p) in points.into_iter().take(rewarded_count as usize) {
			let v_share = BalanceOf::<T>::saturated_from(
				multiply_by_rational_with_rounding(
					share_u128,
					p as u128,
					total_points as u128,
					Rounding::Down,
				)
				.unwrap_or(0),
			);
			let mut current = Buckets::<T>::get(&validator, period).unwrap_or_default();
			let previous_period = period.checked_sub(1);
			let mut previous =
				previous_period.and_then(|p| Buckets::<T>::get(&validator, p)).unwrap_or_default();
			let backing = current.weight.saturating_add(previous.weight);
			if backing.is_zero() || v_share.is_zero() {
				// No active device backs it: its devices' share stays in the pool.
				continue;
			}
			let commission = T::Staking::commission(era, &validator) * v_share;
			if !commission.is_zero() {
				if let Err(e) =
					T::Currency::transfer(&pot, &validator, commission, Preservation::Preserve)
				{
					defensive!("the reward pot cannot pay a commission", e);
					continue;
				}
				commission_total = commission_total.saturating_add(commission);
			}
			// Two plancks of headroom for rounding each bucket's allocation up.
			let rest: u128 = v_share.saturating_sub(commission).saturated_into();
			let rate = FixedU128::checked_from_rational(
				rest.saturating_sub(2),
				backing.saturated_into::<u128>(),
			)
			.unwrap_or_default();
			let allocate = |b: &mut BucketOf<T>| -> BalanceOf<T> {
				if b.weight.is_zero() {
					return Zero::zero();
				}
				let amount =
					BalanceOf::<T>::saturated_from(ceil_mul(rate, b.weight.saturated_into()));
				b.reward_per_weight = b.reward_per_weight.saturating_add(rate);
				b.allocated = b.allocated.saturating_add(amount);
				b.last_era = Some(era);
				amount
			};
			let a = allocate(&mut current).saturating_add(allocate(&mut previous));
			allocated_total = allocated_total.saturating_add(a);
			if !current.weight.is_zero() {
				Buckets::<T>::insert(&validator, period, current);
			}
			if let (Some(pp), true) = (previous_period, !previous.weight.is_zero()) {
				Buckets::<T>::insert(&validator, pp, previous);
			}
			records.push((era, validator.clone(), v_share, commission, rate, backing));
			EraValidatorRates::<T>::insert(
				era,
				&validator,
				EraValidatorRate { reward_per_weight: rate, backing },
			);
			// Cannot fail: at most `MaxRewardedValidators` are taken.
			let _ = rewarded.try_push(validator);
		}

		let used = commission_total.saturating_add(allocated_total);
		let unallocated = share.saturating_sub(used);
		if !unallocated.is_zero() {
			if let Err(e) = T::IncentivePool::receive(&pot, unallocated) {
				defensive!("the reward pot cannot return the unallocated share", e);
			}
		}
		Outstanding::<T>::mutate(|o| *o = o.saturating_add(allocated_total));
		let validators = rewarded.len() as u32;
		if !rewarded.is_empty() {
			EraRewardedValidators::<T>::insert(era, rewarded);
		}
		EraRewards::<T>::insert(
			era,
			EraDeviceReward {
				end_period: period,
				device_share: share,
				commission: commission_total,
				allocated: allocated_total,
			},
		);
		if SweepCursor::<T>::get().is_none() {
			SweepCursor::<T>::put(era);
		}
		T::RewardDigests::note_with(DIGEST_ID, |digest| {
			for record in &records {
				digest.note(record);
			}
			digest.note(&(era, share, commission_total, allocated_total, unallocated, validators));
		});
		Self::deposit_event(Event::DeviceRewardsDistributed {
			era,
			device_share: share,
			commission: commission_total,
			allocated: allocated_total,
			unallocated,
			validators,
		});
		from_reward.min(share)
	}

	/// Sweep one page of expired era records, returning unclaimed rewards to the pool. Called
	/// every block; does at most `SweepPageSize` validators' work.
	pub(crate) fn sweep_expired() -> Weight {
		let Some(era) = SweepCursor::<T>::get() else {
			return T::WeightInfo::sweep_idle();
		};
		let depth = Parameters::<T>::get().reward_history_depth;
		if era.saturating_add(depth) >= Self::active_era() {
			return T::WeightInfo::sweep_idle();
		}
		let Some(record) = EraRewards::<T>::get(era) else {
			// Nothing was distributed in this era.
			SweepCursor::<T>::put(era.saturating_add(1));
			return T::WeightInfo::sweep_idle();
		};
		let mut validators = EraRewardedValidators::<T>::get(era).unwrap_or_default().into_inner();
		let take = validators.len().min(T::SweepPageSize::get() as usize);
		let page = validators.split_off(validators.len().saturating_sub(take));
		let current_period = T::Credit::current_period();
		for validator in page {
			let periods = [Some(record.end_period), record.end_period.checked_sub(1)];
			let mut returned = BalanceOf::<T>::zero();
			for period in periods.into_iter().flatten() {
				let Some(mut b) = Buckets::<T>::get(&validator, period) else { continue };
				if b.last_era != Some(era) {
					continue; // a later era paid into it: swept with that era
				}
				let unpaid = b.allocated.saturating_sub(b.paid);
				returned = returned.saturating_add(unpaid);
				Self::return_to_pool(unpaid);
				b.paid = b.allocated;
				if period.saturating_add(1) < current_period {
					// No longer counted in any backing: devices still in it settle nothing.
					Buckets::<T>::remove(&validator, period);
					BucketBonds::<T>::remove(&validator, period);
				} else {
					Buckets::<T>::insert(&validator, period, b);
				}
			}
			EraValidatorRates::<T>::remove(era, &validator);
			if !returned.is_zero() {
				Self::deposit_event(Event::RewardsExpired { era, validator, amount: returned });
			}
		}
		if validators.is_empty() {
			EraRewardedValidators::<T>::remove(era);
			EraRewards::<T>::remove(era);
			SweepCursor::<T>::put(era.saturating_add(1));
		} else {
			EraRewardedValidators::<T>::insert(era, BoundedVec::truncate_from(validators));
		}
		T::WeightInfo::sweep_page(take as u32)
	}

	/// A device's delegation as clients see it.
	pub fn delegation_info(device: &T::AccountId) -> Option<DelegationInfoOf<T>> {
		let d = Self::delegation(device)?;
		let pending =
			Buckets::<T>::get(&d.validator, d.period).map_or(Zero::zero(), |b| Self::owed(&d, &b));
		let period = T::Credit::current_period();
		let survival = Self::survival(&d.validator);
		Some(DelegationInfo {
			active: !d.counted.is_zero() && d.period.saturating_add(1) >= period,
			counted_weight: Self::points_to_mc(d.counted, survival),
			pending_slash: Self::pending_slash(device, &d),
			period: d.period,
			since: d.since,
			redelegate_at: d.since.saturating_add(Parameters::<T>::get().redelegate_cooldown),
			pending_rewards: pending,
			validator: d.validator,
		})
	}

	/// The share of `device`'s bonded MC that its next change takes for slashes already
	/// applied: to the validator of `d`, and to those it left and still answers for.
	fn pending_slash(device: &T::AccountId, d: &DelegationOf<T>) -> Perbill {
		let mut kept = FixedU128::one();
		let debts = core::iter::once((d.validator.clone(), d.slash_debt)).chain(
			Departures::<T>::get(device).into_iter().map(|dep| (dep.validator, dep.slash_debt)),
		);
		for (validator, debt) in debts {
			if let Some(lost) = Self::slashed_since(debt, Self::survival(&validator)) {
				kept = kept.saturating_mul(FixedU128::from(lost.left_from_one()));
			}
		}
		Self::lost_fraction(kept)
	}

	/// A device's pending rewards by era (the eras since it was last settled that rewarded its
	/// bucket, or the buckets it moved through since: every era that ended while it was alive).
	/// Their sum can differ from the claimable total by rounding (a planck per era); eras whose
	/// records are no longer kept (`RewardHistoryDepth`) are not listed, though what a device
	/// that stayed alive earned in them is still owed.
	pub fn pending_by_era(device: &T::AccountId) -> Vec<(EraIndex, BalanceOf<T>)> {
		let Some(d) = Self::delegation(device) else { return Vec::new() };
		if d.counted.is_zero() {
			return Vec::new();
		}
		let Some(bucket) = Buckets::<T>::get(&d.validator, d.period) else { return Vec::new() };
		if Self::owed(&d, &bucket).is_zero() {
			return Vec::new();
		}
		let last = Self::active_era();
		let kept = last.saturating_sub(Parameters::<T>::get().reward_history_depth);
		(d.settled_era.max(kept)..=last)
			.filter_map(|era| {
				let record = EraRewards::<T>::get(era)?;
				// Eras since it was settled end in periods it was alive in, up to its bucket's
				// last (it moved through the buckets in between, earning the same rate).
				if record.end_period > d.period.saturating_add(1) {
					return None;
				}
				let rate = EraValidatorRates::<T>::get(era, &d.validator)?;
				let amount: u128 =
					rate.reward_per_weight.saturating_mul_int(d.counted.saturated_into::<u128>());
				Some((era, BalanceOf::<T>::saturated_from(amount)))
			})
			.collect()
	}

	/// A validator's active device backing (weight, MC), delegator count and whether it meets
	/// both minimums.
	pub fn validator_backing(validator: &T::AccountId) -> (BalanceOf<T>, u32, bool) {
		let info = Self::candidate_info(validator.clone());
		(info.backing, info.delegators, info.electable)
	}

	/// `stash` as clients see it (the `CreditDelegation.validator` view function, each entry of
	/// [`Self::candidate_ranking`]): its active bond, its active device backing, the devices
	/// delegating to it, and whether it is a candidate meeting both election minimums.
	pub fn candidate_info(stash: T::AccountId) -> CandidateInfoOf<T> {
		let stake = T::Staking::active_stake(&stash);
		let backing = Self::backing(&stash);
		CandidateInfo {
			stake,
			backing,
			delegators: ValidatorDelegators::<T>::get(&stash).delegators,
			electable: T::Staking::is_candidate(&stash) && Self::meets_minimums(stake, backing),
			validator: stash,
		}
	}

	/// Every candidate with its stake and device backing, best first (by stake plus backing),
	/// for clients.
	pub fn candidate_ranking() -> Vec<CandidateInfoOf<T>> {
		let mut list: Vec<CandidateInfoOf<T>> =
			T::Staking::candidates().into_iter().map(Self::candidate_info).collect();
		list.sort_by(|a, b| {
			b.stake.saturating_add(b.backing).cmp(&a.stake.saturating_add(a.backing))
		});
		list
	}

	/// The invariants (whole-map checks; try-state and tests only).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		frame_support::ensure!(
			Self::params_valid(&Parameters::<T>::get()),
			"invalid delegation parameters"
		);
		// Each bucket's weight is the sum of its delegators' counted weight; counts match.
		let mut sums: BTreeMap<(T::AccountId, PeriodIndex), BalanceOf<T>> = BTreeMap::new();
		let mut bonds: BTreeMap<(T::AccountId, PeriodIndex), BalanceOf<T>> = BTreeMap::new();
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut delegations = 0u32;
		for (who, d) in Delegations::<T>::iter() {
			delegations += 1;
			let d = Self::in_bucket(d, T::Credit::snapshot(&who).map(|s| s.anchor));
			*counts.entry(d.validator.clone()).or_default() += 1;
			if !d.counted.is_zero() {
				let sum = sums.entry((d.validator.clone(), d.period)).or_default();
				*sum = sum.saturating_add(d.counted);
				let bond = CountedBonds::<T>::get(&who);
				// A grouped move carries a device's bond as recomputed from its stake: the same
				// as counted, its stake and debt being what they were when it was counted. (A
				// delegation counted by the v1 migration has no bond counted until its next
				// recount, which its first heartbeat since spec_version 131 is: its record reads
				// as `Listened`, so that heartbeat is heavy.)
				if let (Some(s), true) =
					(T::Credit::snapshot(&who), CountedBonds::<T>::contains_key(&who))
				{
					frame_support::ensure!(
						!s.active
							|| bond
								== Self::mc_to_points(
									BalanceOf::<T>::saturated_from(s.bonded),
									d.slash_debt
								),
						"a counted bond is not the device's stake in points"
					);
				}
				let sum = bonds.entry((d.validator.clone(), d.period)).or_default();
				*sum = sum.saturating_add(bond);
			} else {
				frame_support::ensure!(
					!CountedBonds::<T>::contains_key(&who),
					"a bond counted for a device that does not count"
				);
			}
		}
		for who in CountedBonds::<T>::iter_keys() {
			frame_support::ensure!(
				Delegations::<T>::contains_key(&who),
				"a bond counted for no delegation"
			);
		}
		for (v, p, bond) in BucketBonds::<T>::iter() {
			frame_support::ensure!(
				bonds.remove(&(v, p)).unwrap_or_default() == bond,
				"bucket bonds are not their devices' sum"
			);
		}
		frame_support::ensure!(
			delegations == Delegations::<T>::count(),
			"delegation counter is wrong"
		);
		for (v, agg) in ValidatorDelegators::<T>::iter() {
			frame_support::ensure!(
				counts.remove(&v).unwrap_or(0) == agg.delegators,
				"validator delegator count is wrong"
			);
		}
		frame_support::ensure!(counts.is_empty(), "a validator's delegators are not counted");
		let mut outstanding = BalanceOf::<T>::zero();
		for (v, p, b) in Buckets::<T>::iter() {
			let expected = sums.remove(&(v, p)).unwrap_or_default();
			frame_support::ensure!(b.weight == expected, "bucket weight is not its devices' sum");
			frame_support::ensure!(b.paid <= b.allocated, "a bucket paid more than set aside");
			outstanding = outstanding.saturating_add(b.allocated.saturating_sub(b.paid));
		}
		// Devices may still count in a bucket that expired after its periods passed.
		let period = T::Credit::current_period();
		frame_support::ensure!(
			bonds.iter().all(|((_, p), b)| b.is_zero() || p.saturating_add(1) < period),
			"bonds counted outside any live bucket"
		);
		frame_support::ensure!(
			sums.keys().all(|(_, p)| p.saturating_add(1) < period),
			"counted weight outside any live bucket"
		);
		frame_support::ensure!(
			outstanding == Outstanding::<T>::get(),
			"outstanding rewards are not the buckets' sum"
		);
		let pot = T::Currency::reducible_balance(
			&Self::pot_account(),
			Preservation::Preserve,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		frame_support::ensure!(pot >= outstanding, "the reward pot holds less than is owed");
		// A delegation that does not count yet counts from the next period at the latest; a
		// rejoin block belongs to a device that does not delegate.
		frame_support::ensure!(
			Delegations::<T>::iter_values().all(|d| d.period <= period.saturating_add(1)),
			"a delegation counts from a period after the next"
		);
		frame_support::ensure!(
			RejoinAt::<T>::iter_keys().all(|who| !Delegations::<T>::contains_key(who)),
			"a delegating device has a rejoin block"
		);
		// Survival only falls, from 1; a delegation's debt is at least its validator's survival
		// (a slash is owed, never credited).
		frame_support::ensure!(
			Survival::<T>::iter_values().all(|s| s <= FixedU128::one()),
			"a survival above 1"
		);
		frame_support::ensure!(
			Delegations::<T>::iter_values().all(|d| d.slash_debt >= Self::survival(&d.validator)),
			"a delegation owes less than nothing"
		);
		// The same for the departures still answering for a validator's slashes, so a slash
		// applied when they settle is a fraction of at most one of what they bonded.
		frame_support::ensure!(
			Departures::<T>::iter_values()
				.all(|ds| ds.iter().all(|d| d.slash_debt >= Self::survival(&d.validator))),
			"a departure owes less than nothing"
		);
		// Every device this pallet holds something about is asked at its heartbeats: none is
		// `Quiet`, and none answering for a validator it left is `Steady`.
		frame_support::ensure!(
			Delegations::<T>::iter_keys()
				.all(|who| T::Credit::listener_mark(&who) != Some(ListenerMark::Quiet)),
			"a delegating device is marked quiet"
		);
		// A ticket is its delegation's copy (what grouped heartbeats move and pay by).
		for (who, d) in Delegations::<T>::iter() {
			if let Some(ListenerMark::Grouped(ticket)) = T::Credit::listener_mark(&who) {
				frame_support::ensure!(
					ticket == Self::ticket_of(&d),
					"a device's ticket is not its delegation's copy"
				);
			}
		}
		frame_support::ensure!(
			Departures::<T>::iter_keys().all(|who| {
				!matches!(
					T::Credit::listener_mark(&who),
					Some(ListenerMark::Quiet | ListenerMark::Steady | ListenerMark::Grouped(_))
				)
			}),
			"a device answering for a validator it left is marked quiet, steady or grouped"
		);
		Ok(())
	}
}

/// `ceil(rate × n)` in plancks.
fn ceil_mul(rate: FixedU128, n: u128) -> u128 {
	let product = rate.saturating_mul(FixedU128::saturating_from_integer(n)).into_inner();
	let div = FixedU128::DIV;
	product / div + u128::from(product % div != 0)
}

impl<T: Config> OnCreditChanged<T::AccountId> for Pallet<T> {
	fn on_credit_changed(
		who: &T::AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> Weight {
		let departed = new.is_some() && Departures::<T>::contains_key(who);
		// The slashes of the validators it left: its stake after them, if it was slashed.
		let refreshed =
			if departed && Self::settle_departure(who).1 { T::Credit::snapshot(who) } else { None };
		let Some(d) = Delegations::<T>::get(who) else {
			// Not delegating: two reads (and the slashes of the validators it left, if any),
			// and a device leaving the registry drops its rejoin block.
			if new.is_none() {
				RejoinAt::<T>::remove(who);
				Departures::<T>::remove(who);
				return T::DbWeight::get().reads_writes(2, 2);
			}
			return if departed {
				<Self as OnCreditChanged<T::AccountId>>::weight()
			} else {
				<Self as OnCreditChanged<T::AccountId>>::light_weight()
			};
		};
		// Its bucket is that of its last sign of life before this change.
		let mut d = Self::in_bucket(d, old.map(|o| o.anchor));
		Self::settle(who, &mut d);
		match new {
			None => {
				RejoinAt::<T>::remove(who);
				Departures::<T>::remove(who);
				Self::remove_delegation(who, d, UndelegateReason::DeviceRemoved)
			}
			Some(new) => {
				let mut snapshot = refreshed.unwrap_or(new);
				if let Some(after) = Self::settle_slash(who, &mut d) {
					snapshot = after;
				}
				Self::uncount(who, &d);
				Self::count(who, &mut d, &snapshot);
				Self::put(who, &d);
			}
		}
		<Self as OnCreditChanged<T::AccountId>>::weight()
	}

	fn weight() -> Weight {
		T::WeightInfo::on_credit_changed(CHARGED_DELEGATORS)
	}

	/// Light (mark `Quiet`): a device that neither delegates nor answers for the slashes of a
	/// validator it left. Grouped under its validator: a delegating device, answering for no
	/// validator it left, whose record keeps its ticket (mark `Grouped`, [`Self::put`]), that
	/// counted in the previous period's bucket and goes on counting with the same weight and
	/// bond ([`Self::moves_with_its_group`]): read from the ticket, nothing of this pallet's.
	/// Heavy: any other; its full work keeps a fresh ticket ([`Self::put`]). A delegating device
	/// answering for no validator it left is marked `Steady` (until its ticket is kept): its
	/// look-up skips `Departures` (every departure calls `CreditInspect::listen` first,
	/// [`Self::depart`]). Two reads (one under `Steady`, none under `Grouped`).
	fn heartbeat_class(
		who: &T::AccountId,
		mark: &ListenerMark<T::AccountId>,
		old: &CreditSnapshot,
		new: &CreditSnapshot,
	) -> (HeartbeatClass<T::AccountId>, ListenerMark<T::AccountId>) {
		if let ListenerMark::Grouped(ticket) = mark {
			return if Self::moves_with_its_group(ticket, old, new) {
				(HeartbeatClass::Grouped(ticket.group.clone()), mark.clone())
			} else {
				(HeartbeatClass::Heavy, ListenerMark::Steady)
			};
		}
		let departed = *mark != ListenerMark::Steady && Departures::<T>::contains_key(who);
		match Delegations::<T>::contains_key(who) {
			false if departed => (HeartbeatClass::Heavy, ListenerMark::Listened),
			false => (HeartbeatClass::Light, ListenerMark::Quiet),
			true if departed => (HeartbeatClass::Heavy, ListenerMark::Listened),
			true => (HeartbeatClass::Heavy, ListenerMark::Steady),
		}
	}

	/// A validator's devices' heartbeats can be taken together while its two live buckets are
	/// level ([`Self::bucket_or_new`]): always, but for buckets of before spec_version 127
	/// during the period of the upgrade.
	fn group_ready(validator: &T::AccountId) -> bool {
		let current = T::Credit::current_period();
		let Some(previous) = current.checked_sub(1) else { return false };
		match (Buckets::<T>::get(validator, previous), Buckets::<T>::get(validator, current)) {
			(Some(from), Some(to)) => from.reward_per_weight == to.reward_per_weight,
			(Some(_), None) => true,
			(None, _) => false,
		}
	}

	/// Two reads: the validator's two live buckets.
	fn group_ready_weight() -> Weight {
		T::DbWeight::get().reads(2)
	}

	fn on_heartbeats(heartbeats: &[GroupedHeartbeat<T::AccountId>]) -> Weight {
		Self::move_groups(heartbeats)
	}

	fn grouped_weight(entries: u32, groups: u32) -> Weight {
		if entries == 0 {
			return Weight::zero();
		}
		let groups = groups.clamp(1, entries);
		T::WeightInfo::heartbeats_grouped(groups, entries.saturating_sub(groups))
	}

	fn light_weight() -> Weight {
		T::DbWeight::get().reads(2)
	}

	fn before_hold_change(who: &T::AccountId) -> Weight {
		Self::settle_departure_and_recount(who);
		if let Some(mut d) = Self::delegation(who) {
			Self::settle_and_recount(who, &mut d, false);
			Self::put(who, &d);
		}
		<Self as OnCreditChanged<T::AccountId>>::weight()
	}
}

/// Staking tells of every slash it applies (after its deferral): a validator's slash lowers its
/// survival, and so the stake of the devices that back it.
impl<T: Config> sp_staking::OnStakingUpdate<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn on_slash(
		stash: &T::AccountId,
		_slashed_active: BalanceOf<T>,
		_slashed_unlocking: &alloc::collections::btree_map::BTreeMap<EraIndex, BalanceOf<T>>,
		_slashed_total: BalanceOf<T>,
	) {
		Self::on_validator_slashed(stash);
	}
}

impl<T: Config> EraRewardSplit<BalanceOf<T>> for Pallet<T> {
	fn take_share(era_reward: BalanceOf<T>) -> BalanceOf<T> {
		Self::distribute_era_reward(era_reward)
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// A change implies nothing more: every rule is read where it is used (the cooldown at the next
// `redelegate`, the minimum and vote weight at the next election, the share at the next era's
// end, the depth at the next sweep).
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter
);
