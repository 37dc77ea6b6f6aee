//! # Governance: stake-weighted referenda and the joint upgrade approval
//!
//! MetaChain's token holders govern by **referendum**, weighted by **bonded MC** (staking), and
//! four committees (Foundation, Technical, Community, Ecosystem: `pallet-collective` instances
//! configured in the runtime) hold the powers the runtime gives their origins. This pallet is
//! the part polkadot-sdk's governance pallets cannot express:
//!
//! - **Referenda.** Any staker submits a proposal (a call, inline or by preimage) with a
//!   [`GovernanceParams::submission_deposit`] held, and chooses its voting period between
//!   `min_voting_period` and `max_voting_period` (1 and 7 days on the production chains). The
//!   runtime puts the proposal in a [`Class`] from the calls it makes, wherever they are nested
//!   ([`Config::Classify`]: the strictest class of any of them; the proposer has no say):
//!   general, parameter, spend, membership, upgrade or root. Each class decides **one
//!   referendum at a time**; the others wait in its queue, first come first served (at most
//!   [`Config::MaxQueued`]). A proposal that contains a forbidden call
//!   ([`Config::ForbiddenCalls`]: in the runtime, setting a sudo key) is refused.
//! - **Votes.** Only the referendum a class is deciding can be voted on. A vote weighs the
//!   voter's bonded MC when it is cast ([`BondedStake::bonded`]), but never more than the
//!   voter's stake in the count its referendum is measured against ([`CountedStake`]): MC
//!   bonded after that count weighs nothing, MC unbonded before it and rebonded after weighs
//!   what was counted. That amount is frozen
//!   ([`FreezeReason::Vote`]) until the voter removes the vote, so the same MC cannot vote twice
//!   by moving. A voter may change or withdraw a vote while the referendum is decided.
//! - **Electorate.** All bonded MC, counted from the staking ledgers a page per block
//!   ([`Config::CountPageSize`] stakers), a new count every [`Config::RecountInterval`]
//!   blocks; each count records every staker's part ([`CountedStake`]). A decision is measured
//!   against the last complete count when it starts, and its votes against the same count, so
//!   the ayes and nays can never exceed the electorate. A count's records are removed a page
//!   per block once no decision uses it ([`StaleCounts`]); a count starts only when none
//!   waits. No hook or call ever walks all stakers at once.
//! - **Passing** ([`ClassRules`], one set per class in [`GovernanceParams`]). A referendum is
//!   *passing* while more than its class's `turnout` of the electorate has voted and more than
//!   its `approval` of the votes cast are ayes ([`Pallet::is_passing`]). Once passing, it
//!   *confirms*: it is approved when it has kept passing for the class's `confirmation` blocks
//!   ([`Event::ConfirmStarted`]; a vote that stops it passing aborts the confirmation,
//!   [`Event::ConfirmAborted`]). It is rejected at the end of its voting period if it is not
//!   passing then; one still confirming at its deadline goes on until its confirmation ends.
//!   The classes' rules never get weaker from general to root ([`Pallet::params_valid`]).
//! - **Enactment.** An approved proposal is scheduled (`pallet-scheduler`, named task) to be
//!   dispatched as root after its class's `enactment_delay` (the next block when
//!   fast-tracked), and its deposit is returned. A rejected proposal's deposit goes to the
//!   treasury, as does a cancelled one's.
//! - **Cancel and fast track** ([`Config::CancelOrigin`], [`Config::FastTrackOrigin`]: the
//!   Technical Committee unanimous in the runtime). Fast tracking puts a queued referendum at
//!   the head of its class's queue and enacts it in the block after its approval.
//! - **Joint upgrade approval.** A runtime upgrade may also be authorized without a referendum
//!   by the Technical Committee (2/3) **and** the Foundation (2/3) approving the same code hash
//!   with `approve_upgrade`; the second approval schedules it, and after
//!   [`GovernanceParams::joint_upgrade_delay`] `frame_system` authorizes it (anyone then applies
//!   it with `system.apply_authorized_upgrade(code)`) unless a referendum vetoed it
//!   (`veto_upgrade`, [`Config::VetoOrigin`]). A veto is urgent ([`Config::Urgent`]): it goes
//!   to the head of its class's queue, it is enacted in the block it is approved, and while one
//!   is ongoing no jointly approved upgrade is authorized.
//! - **Cancel** cannot end a referendum about the bodies themselves ([`Config::Uncancellable`]).
//!
//! - **Parameters.** [`GovernanceParams`] (deposit, voting period bounds, enactment delay) are
//!   kept in [`Parameters`] and changed, by referendum only, through `pallet-chain-parameters`
//!   ([`metachain_primitives::parameters::GovernedParameters`]), which
//!   checks the voting periods and the delay ([`Pallet::params_valid`]).
//! - **Staking administration.** Stock staking makes some administration calls root-only
//!   (validator count, forced eras, invulnerables, forced unstake, its configuration);
//!   `staking_admin(call)` lets [`Config::StakingAdminOrigin`] (the Foundation, 2/3) dispatch
//!   exactly those ([`Config::StakingAdminCalls`]) as root.
//!
//! Cost: every call is O(1) but for the bounded queue of a class ([`Config::MaxQueued`]) and the
//! length of a proposal; the per-block hook reads the six classes, concludes at most one
//! referendum per class, and counts at most [`Config::CountPageSize`] stakers.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod traits;
pub mod types;
pub mod weights;

pub use traits::{BondedStake, ClassifyCall};
pub use types::*;
pub use weights::WeightInfo;

use alloc::boxed::Box;
use codec::Encode;
use frame_support::{
	dispatch::{DispatchResult, GetDispatchInfo},
	ensure,
	storage::TransactionOutcome,
	traits::{
		fungible::{self, Inspect as _, Mutate as _, MutateFreeze, MutateHold},
		schedule::{v3::Named as ScheduleNamed, DispatchTime},
		tokens::{Fortitude, Precision, Restriction},
		Bounded, Contains, Get, OriginTrait, QueryPreimage,
	},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{
		BlakeTwo256, Dispatchable, Hash as HashT, One, SaturatedConversion, Saturating, Zero,
	},
	DispatchError, Perbill,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::governance";

/// The priority of an enactment in the scheduler's agenda (as pallet-referenda's).
pub const ENACTMENT_PRIORITY: u8 = 63;

/// The account id of the runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Balances of MC.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// The runtime's call.
pub type CallOf<T> = <T as frame_system::Config>::RuntimeCall;
/// A proposal: a call, inline or by the hash of its preimage.
pub type BoundedCallOf<T> = Bounded<CallOf<T>, <T as frame_system::Config>::Hashing>;
/// The origin a proposal is enacted with, as the scheduler takes it.
pub type PalletsOriginOf<T> =
	<<T as frame_system::Config>::RuntimeOrigin as OriginTrait>::PalletsOrigin;
/// An ongoing referendum as stored.
pub type ReferendumOf<T> =
	Referendum<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, BoundedCallOf<T>>;
/// An ended referendum as stored.
pub type EndedReferendumOf<T> = EndedReferendum<BalanceOf<T>, BlockNumberFor<T>>;
/// The parameters of the pallet.
pub type ParamsOf<T> = GovernanceParams<BalanceOf<T>, BlockNumberFor<T>>;
/// A tally of bonded MC.
pub type TallyOf<T> = Tally<BalanceOf<T>>;
/// A vote as stored.
pub type VoteRecordOf<T> = VoteRecord<BalanceOf<T>>;
/// The last complete count of bonded MC.
pub type StakeCountOf<T> = StakeCount<BalanceOf<T>, BlockNumberFor<T>>;
/// A pending joint upgrade approval.
pub type UpgradeApprovalOf<T> =
	UpgradeApproval<<T as frame_system::Config>::Hash, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

	/// The storage layout: 1 adds [`OngoingProposals`]; 2 the counts' records ([`CountedStake`]),
	/// the decisions' counts and the joint upgrade delay; 3 the classes' rules and the
	/// decisions' confirmation.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>, RuntimeCall: From<Call<Self>>>
	{
		/// MC: deposits are held from it, votes frozen in it, bodies' spends paid in it.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// The runtime's freeze reasons.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// Bonded MC: the weight of a vote and the electorate.
		type Stake: BondedStake<Self::AccountId, BalanceOf<Self>>;

		/// Schedules approved proposals for enactment.
		type Scheduler: ScheduleNamed<
			BlockNumberFor<Self>,
			CallOf<Self>,
			PalletsOriginOf<Self>,
			Hasher = Self::Hashing,
		>;

		/// Where proposals submitted by hash are looked up.
		type Preimages: QueryPreimage<H = Self::Hashing>;

		/// The class of each proposal ([`Class`]), decided from its calls, wherever they are
		/// nested: the strictest class of any of them.
		type Classify: ClassifyCall<CallOf<Self>>;

		/// The calls no referendum may make, wherever they are nested: in the runtime, those
		/// that would give an account a permanent privilege (a sudo key), so a network started
		/// without one never gets one. A proposal that contains one is refused at submission
		/// with [`Error::ForbiddenCall`].
		type ForbiddenCalls: Contains<CallOf<Self>>;

		/// The treasury account, which receives the deposits of rejected proposals.
		type Treasury: Get<Self::AccountId>;

		/// The bodies that spend from the treasury ([`Pallet::spend`]), each with its budget per
		/// spend period.
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = (Spender, BalanceOf<Self>)>;

		/// The length of a spend period, in blocks: a body's budget is for one period.
		type SpendPeriod: Get<BlockNumberFor<Self>>;

		/// The most MC there may ever be. A proposal enacted as root that leaves the total
		/// issuance above it (a forced balance, a forced issuance adjustment, anything that
		/// mints) is undone ([`Error::IssuanceAboveMaximum`]).
		type MaxIssuance: Get<BalanceOf<Self>>;

		/// The origin that cancels a referendum.
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that vetoes an upgrade the two bodies approved jointly, while it waits
		/// out [`GovernanceParams::joint_upgrade_delay`] (a referendum in the runtime).
		type VetoOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Proposals that go to the head of their class's queue when submitted (in the runtime,
		/// the veto of a jointly approved upgrade, which must be decided within the delay).
		type Urgent: Contains<CallOf<Self>>;

		/// The proposals [`Config::CancelOrigin`] may not cancel, wherever the call is nested:
		/// in the runtime, those about the bodies themselves (their membership and powers), so
		/// a body cannot stop the referendum that would replace it. Refused with
		/// [`Error::Uncancellable`].
		type Uncancellable: Contains<CallOf<Self>>;

		/// The origin that fast-tracks a referendum.
		type FastTrackOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The Technical Committee's side of the joint upgrade approval.
		type TechnicalOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The Foundation's side of the joint upgrade approval.
		type FoundationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that may make the root-only staking administration calls
		/// ([`Config::StakingAdminCalls`]) through `staking_admin`.
		type StakingAdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The root-only calls `StakingAdminOrigin` may make (validator count, forced eras,
		/// invulnerables, forced unstake, staking configuration).
		type StakingAdminCalls: Contains<CallOf<Self>>;

		/// The most referenda waiting in one class's queue.
		#[pallet::constant]
		type MaxQueued: Get<u32>;

		/// The most ongoing (queued or decided) proposals of one account, so that one account
		/// cannot fill a class's queue.
		#[pallet::constant]
		type MaxProposalsPerAccount: Get<u32>;

		/// The longest proposal, in bytes of its encoded call.
		#[pallet::constant]
		type MaxProposalLen: Get<u32>;

		/// The most stakers counted per block.
		#[pallet::constant]
		type CountPageSize: Get<u32>;

		/// Blocks between the end of a count of bonded MC and the start of the next.
		#[pallet::constant]
		type RecountInterval: Get<BlockNumberFor<Self>>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds MC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a proposal, held while its referendum runs.
		SubmissionDeposit,
	}

	/// Why this pallet freezes MC.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// The bonded MC a vote was cast with, frozen until the vote is removed.
		Vote,
	}

	/// The rules' numbers: deposit, voting period bounds, joint upgrade delay and each class's
	/// rules.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	/// The number of referenda ever submitted: the index of the next one.
	#[pallet::storage]
	pub type ReferendumCount<T: Config> = StorageValue<_, ReferendumIndex, ValueQuery>;

	/// Ongoing referenda (queued or being decided), by index.
	#[pallet::storage]
	pub type Referenda<T: Config> =
		StorageMap<_, Twox64Concat, ReferendumIndex, ReferendumOf<T>, OptionQuery>;

	/// How each ended referendum ended, by index.
	#[pallet::storage]
	pub type EndedReferenda<T: Config> =
		StorageMap<_, Twox64Concat, ReferendumIndex, EndedReferendumOf<T>, OptionQuery>;

	/// The referenda waiting in each class, first to be decided first.
	#[pallet::storage]
	pub type Queue<T: Config> =
		StorageMap<_, Twox64Concat, Class, BoundedVec<ReferendumIndex, T::MaxQueued>, ValueQuery>;

	/// The referendum each class is deciding.
	#[pallet::storage]
	pub type Deciding<T: Config> = StorageMap<_, Twox64Concat, Class, ReferendumIndex, OptionQuery>;

	/// Each account's latest vote in each class. It counts while its referendum is decided; its
	/// amount stays frozen until the account removes it (or votes again in that class).
	#[pallet::storage]
	pub type Votes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Class,
		VoteRecordOf<T>,
		OptionQuery,
	>;

	/// All bonded MC, as last counted: the electorate of the next decision.
	#[pallet::storage]
	pub type Electorate<T: Config> = StorageValue<_, StakeCountOf<T>, ValueQuery>;

	/// The count of bonded MC under way, if any.
	#[pallet::storage]
	pub type Counting<T: Config> = StorageValue<_, CountProgress<BalanceOf<T>>, OptionQuery>;

	/// Each staker's bonded MC in each stored count (the last complete one, the one under way,
	/// those the deciding referenda are measured against, and stale ones being removed): a
	/// vote weighs no more than its voter's entry in its referendum's count. Stakers with no
	/// active bond have no entry. At most nine counts of every staker (the last, the one under
	/// way, one per class deciding, and one stale).
	#[pallet::storage]
	pub type CountedStake<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CountId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		OptionQuery,
	>;

	/// Counts no decision uses any more, whose [`CountedStake`] records are removed
	/// `CountPageSize` a block, oldest first. No count starts while one waits here.
	#[pallet::storage]
	pub type StaleCounts<T: Config> =
		StorageValue<_, BoundedVec<CountId, ConstU32<MAX_STALE_COUNTS>>, ValueQuery>;

	/// A runtime upgrade approved by one of the Technical Committee and the Foundation, waiting
	/// for the other's approval of the same code hash.
	#[pallet::storage]
	pub type PendingUpgrade<T: Config> = StorageValue<_, UpgradeApprovalOf<T>, OptionQuery>;

	/// Approved proposals waiting for their enactment ([`Pallet::enact`], scheduled at the
	/// enactment block). An entry lives from an approval to its enactment.
	#[pallet::storage]
	pub type Enactments<T: Config> =
		StorageMap<_, Twox64Concat, ReferendumIndex, BoundedCallOf<T>, OptionQuery>;

	/// What each body spent from the treasury in the current spend period (an older period's
	/// record counts as nothing spent).
	#[pallet::storage]
	pub type Spending<T: Config> =
		StorageMap<_, Twox64Concat, Spender, PeriodSpending<BalanceOf<T>>, OptionQuery>;

	/// An upgrade both bodies approved, waiting out the veto delay before it is authorized.
	#[pallet::storage]
	pub type ScheduledUpgrade<T: Config> =
		StorageValue<_, JointUpgrade<T::Hash, BlockNumberFor<T>>, OptionQuery>;

	/// How many ongoing (queued or decided) proposals each account has submitted, at most
	/// [`Config::MaxProposalsPerAccount`]; an account with none has no entry. Bounded by the
	/// ongoing referenda (six classes of at most `MaxQueued + 1`).
	#[pallet::storage]
	pub type OngoingProposals<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; `None` takes the runtime's defaults.
		pub params: Option<ParamsOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			// The genesis stakers (staking's genesis runs first) are the first electorate.
			let page = T::Stake::count(None, u32::MAX, &mut |who, amount| {
				if !amount.is_zero() {
					CountedStake::<T>::insert(0, who, amount);
				}
			});
			Electorate::<T>::put(StakeCount {
				total: page.total,
				stakers: page.counted,
				counted_at: Zero::zero(),
				id: 0,
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A proposal was submitted: referendum `index` in `class`, `deposit` held.
		Submitted {
			index: ReferendumIndex,
			proposer: T::AccountId,
			class: Class,
			voting_period: BlockNumberFor<T>,
			deposit: BalanceOf<T>,
		},
		/// A referendum waits in its class's queue at `position` (0 is next).
		Queued { index: ReferendumIndex, class: Class, position: u32 },
		/// A class started deciding a referendum, until `deadline`, against `electorate`.
		DecisionStarted {
			index: ReferendumIndex,
			class: Class,
			deadline: BlockNumberFor<T>,
			electorate: BalanceOf<T>,
		},
		/// A deciding referendum started passing (its class's turnout and approval): it is
		/// approved if it keeps passing until `until`.
		ConfirmStarted { index: ReferendumIndex, until: BlockNumberFor<T> },
		/// A referendum stopped passing before its confirmation period was over.
		ConfirmAborted { index: ReferendumIndex },
		/// A vote was cast (or changed) with `amount` of bonded MC.
		Voted { index: ReferendumIndex, who: T::AccountId, aye: bool, amount: BalanceOf<T> },
		/// A vote was removed; `withdrawn` when its referendum was still being decided (the
		/// tally lost it), otherwise its referendum had ended and only its freeze went.
		VoteRemoved {
			index: ReferendumIndex,
			who: T::AccountId,
			amount: BalanceOf<T>,
			withdrawn: bool,
		},
		/// A referendum passed; its proposal is enacted at block `enactment`.
		Approved { index: ReferendumIndex, tally: TallyOf<T>, enactment: BlockNumberFor<T> },
		/// An approved proposal could not be scheduled (the scheduler refused it).
		EnactmentFailed { index: ReferendumIndex, error: DispatchError },
		/// An urgent proposal (a veto) was enacted in the block it was approved, with `result`.
		UrgentEnacted { index: ReferendumIndex, result: DispatchResult },
		/// Referendum `index`'s proposal was enacted as root, with `result`; when the result is
		/// an error, the proposal's changes were undone.
		Enacted { index: ReferendumIndex, result: DispatchResult },
		/// `body` paid `amount` from the treasury to `beneficiary`; it has spent `spent` of its
		/// `budget` this spend period.
		Spent {
			body: Spender,
			amount: BalanceOf<T>,
			beneficiary: T::AccountId,
			spent: BalanceOf<T>,
			budget: BalanceOf<T>,
		},
		/// A referendum did not pass; `slashed` of its deposit went to the treasury.
		Rejected { index: ReferendumIndex, tally: TallyOf<T>, slashed: BalanceOf<T> },
		/// A referendum was cancelled as spam; `slashed` of its deposit went to the treasury.
		Cancelled { index: ReferendumIndex, slashed: BalanceOf<T> },
		/// A referendum was fast-tracked: first in its queue, enacted the block after approval.
		FastTracked { index: ReferendumIndex },
		/// One body approved a runtime upgrade to the code with this hash.
		UpgradeApproved { body: Body, code_hash: T::Hash },
		/// Both bodies approved it: the upgrade is authorized; anyone may apply it with
		/// `system.apply_authorized_upgrade`.
		UpgradeAuthorized { code_hash: T::Hash },
		/// Both bodies approved the upgrade to `code_hash`: it is authorized at `authorize_at`
		/// unless a referendum vetoes it before.
		UpgradeScheduled { code_hash: T::Hash, authorize_at: BlockNumberFor<T> },
		/// A referendum vetoed the jointly approved upgrade to `code_hash`.
		UpgradeVetoed { code_hash: T::Hash },
		/// A count of bonded MC finished with a different result than the last one.
		ElectorateCounted { total: BalanceOf<T>, stakers: u32 },
		/// A staking administration call was dispatched as root for `StakingAdminOrigin`.
		StakingAdminDispatched { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The voting period is outside `min_voting_period..=max_voting_period`.
		VotingPeriodOutOfRange,
		/// Only stakers (accounts with bonded MC) may submit proposals.
		NotStaker,
		/// The proposal is longer than `MaxProposalLen`.
		ProposalTooLong,
		/// The preimage of a proposal submitted by hash has not been noted.
		PreimageMissing,
		/// The proposal does not decode as a call of this runtime.
		ProposalUndecodable,
		/// The deposit could not be held (not enough free MC).
		CannotHoldDeposit,
		/// The class's queue is full.
		QueueFull,
		/// No ongoing referendum has this index.
		UnknownReferendum,
		/// The referendum is not being decided (it waits in its queue).
		NotDeciding,
		/// The voter has no bonded MC.
		NoBondedStake,
		/// The voter's MC was not bonded when the referendum's electorate was counted (it was
		/// bonded later): it cannot vote on this referendum.
		NotCounted,
		/// The account has no vote in this class.
		NoVote,
		/// The vote's MC could not be frozen.
		CannotFreeze,
		/// The referendum is already fast-tracked.
		AlreadyFastTracked,
		/// This body already approved this code hash.
		AlreadyApproved,
		/// The parameters are invalid (a voting period of 0, a minimum above the maximum, a
		/// joint upgrade delay shorter than the shortest voting period and the general
		/// confirmation, an enactment delay of 0, an approval threshold under 50%, or a class
		/// less strict than one before it in [`Class::ALL`]): refused by
		/// [`metachain_primitives::parameters::GovernedParameters::set_parameters`].
		InvalidParameters,
		/// No more referendum indices (2^32 referenda were submitted).
		TooManyReferenda,
		/// `staking_admin` only dispatches the staking administration calls.
		NotStakingAdminCall,
		/// The account already has `MaxProposalsPerAccount` ongoing proposals.
		TooManyProposals,
		/// The proposal contains a call no referendum may make ([`Config::ForbiddenCalls`]: in
		/// the runtime, setting a sudo key, directly or through any wrapper).
		ForbiddenCall,
		/// The referendum is about the bodies themselves ([`Config::Uncancellable`]): only its
		/// vote decides it.
		Uncancellable,
		/// No jointly approved upgrade to this code hash waits for its authorization.
		NoScheduledUpgrade,
		/// No approved proposal of this referendum waits for its enactment.
		NotApproved,
		/// The enacted proposal would leave more MC than `MaxIssuance`: it was undone.
		IssuanceAboveMaximum,
		/// The proposal weighs more than its enactment was scheduled with.
		EnactmentOverweight,
		/// The spend would take the body past its budget for this spend period.
		OverBudget,
		/// The treasury cannot pay the spend (it would fall below its existential deposit).
		TreasuryCannotPay,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let mut weight = T::WeightInfo::on_initialize_idle();
			for class in Class::ALL {
				weight.saturating_accrue(Self::advance(class, now));
			}
			weight.saturating_accrue(Self::count_step(now));
			weight.saturating_accrue(Self::prune_step());
			weight.saturating_accrue(Self::authorize_step(now));
			weight
		}

		fn integrity_test() {
			assert!(T::MaxQueued::get() > 0, "MaxQueued must be positive");
			assert!(T::CountPageSize::get() > 0, "CountPageSize must be positive");
			assert!(
				Self::params_valid(&T::DefaultParameters::get()),
				"DefaultParameters must be valid (voting periods, class rules in order)"
			);
			assert!(
				T::MaxProposalLen::get() >= 128,
				"MaxProposalLen must admit inline proposals (128 bytes)"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a proposal to a stake-weighted referendum.
		///
		/// The origin must be signed by a staker. `proposal` is the call to enact as root,
		/// inline or by the hash and length of a noted preimage; `voting_period` (blocks) must
		/// be within the parameters' bounds. Holds the submission deposit. The referendum is
		/// decided at once when its class is idle, and queued otherwise.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit(
			proposal.len().unwrap_or(T::MaxProposalLen::get()).min(T::MaxProposalLen::get())
		))]
		pub fn submit(
			origin: OriginFor<T>,
			proposal: Box<BoundedCallOf<T>>,
			voting_period: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let params = Parameters::<T>::get();
			ensure!(
				voting_period >= params.min_voting_period
					&& voting_period <= params.max_voting_period,
				Error::<T>::VotingPeriodOutOfRange
			);
			ensure!(!T::Stake::bonded(&who).is_zero(), Error::<T>::NotStaker);
			let ongoing = OngoingProposals::<T>::get(&who);
			ensure!(ongoing < T::MaxProposalsPerAccount::get(), Error::<T>::TooManyProposals);
			let proposal = *proposal;
			ensure!(
				proposal.len().is_some_and(|l| l <= T::MaxProposalLen::get()),
				Error::<T>::ProposalTooLong
			);
			ensure!(T::Preimages::have(&proposal), Error::<T>::PreimageMissing);
			let (call, _) =
				T::Preimages::peek(&proposal).map_err(|_| Error::<T>::ProposalUndecodable)?;
			ensure!(!T::ForbiddenCalls::contains(&call), Error::<T>::ForbiddenCall);
			let class = T::Classify::class_of(&call);
			let urgent = T::Urgent::contains(&call);
			ensure!(!urgent || ScheduledUpgrade::<T>::exists(), Error::<T>::NoScheduledUpgrade);

			let index = ReferendumCount::<T>::get();
			let next = index.checked_add(1).ok_or(Error::<T>::TooManyReferenda)?;
			let deposit = params.submission_deposit;
			T::Currency::hold(&HoldReason::SubmissionDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::CannotHoldDeposit)?;
			let now = frame_system::Pallet::<T>::block_number();
			let referendum = Referendum {
				proposer: who.clone(),
				deposit,
				proposal,
				class,
				voting_period,
				submitted: now,
				fast_tracked: false,
				urgent,
				phase: Phase::Queued,
				tally: Tally::default(),
			};
			let idle = !Deciding::<T>::contains_key(class) && Queue::<T>::get(class).is_empty();
			// The place in the class's queue, or `None` when the class is idle and decides it now.
			let queued = if idle {
				None
			} else {
				let position = Queue::<T>::try_mutate(class, |queue| {
					if urgent {
						queue.try_insert(0, index).map_err(|_| Error::<T>::QueueFull)?;
						return Ok::<u32, DispatchError>(0);
					}
					queue.try_push(index).map_err(|_| Error::<T>::QueueFull)?;
					Ok::<u32, DispatchError>(queue.len().saturating_sub(1) as u32)
				});
				match position {
					Ok(p) => Some(p),
					Err(e) => {
						// Nothing else was written: give the deposit back.
						let _ = T::Currency::release(
							&HoldReason::SubmissionDeposit.into(),
							&who,
							deposit,
							Precision::BestEffort,
						);
						return Err(e);
					}
				}
			};
			ReferendumCount::<T>::put(next);
			OngoingProposals::<T>::insert(&who, ongoing.saturating_add(1));
			Self::deposit_event(Event::Submitted {
				index,
				proposer: who,
				class,
				voting_period,
				deposit,
			});
			match queued {
				Some(position) => {
					Referenda::<T>::insert(index, referendum);
					Self::deposit_event(Event::Queued { index, class, position });
				}
				None => Self::begin_decision(index, referendum, now),
			}
			Ok(())
		}

		/// Vote on the referendum a class is deciding, with the caller's bonded MC, at most as
		/// much as was counted for the caller in the referendum's electorate.
		///
		/// The origin must be signed by a staker. A second vote on the same referendum replaces
		/// the first. The vote's amount is frozen until the vote is removed with `remove_vote`
		/// (or replaced by a vote in a later referendum of the same class).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, index: ReferendumIndex, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut referendum = Referenda::<T>::get(index).ok_or(Error::<T>::UnknownReferendum)?;
			let class = referendum.class;
			ensure!(Deciding::<T>::get(class) == Some(index), Error::<T>::NotDeciding);
			let bonded = T::Stake::bonded(&who);
			ensure!(!bonded.is_zero(), Error::<T>::NoBondedStake);
			let amount = match referendum.phase {
				Phase::Deciding { count: Some(count), .. } => {
					bonded.min(CountedStake::<T>::get(count, &who).unwrap_or_else(Zero::zero))
				}
				_ => bonded,
			};
			ensure!(!amount.is_zero(), Error::<T>::NotCounted);

			if let Some(previous) = Votes::<T>::get(&who, class) {
				if previous.index == index {
					Self::untally(&mut referendum.tally, &previous);
				}
			}
			let record = VoteRecord { index, aye, amount };
			Self::tally(&mut referendum.tally, &record);
			Votes::<T>::insert(&who, class, record);
			Self::refreeze(&who)?;
			Referenda::<T>::insert(index, referendum);
			Self::deposit_event(Event::Voted { index, who, aye, amount });
			Ok(())
		}

		/// Remove the caller's vote in `class`.
		///
		/// While its referendum is decided, the vote is withdrawn from the tally; after it
		/// ended, removing it only lifts the freeze of its MC.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_vote())]
		pub fn remove_vote(origin: OriginFor<T>, class: Class) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Votes::<T>::take(&who, class).ok_or(Error::<T>::NoVote)?;
			let withdrawn = Deciding::<T>::get(class) == Some(record.index);
			if withdrawn {
				Referenda::<T>::mutate(record.index, |r| {
					if let Some(r) = r {
						Self::untally(&mut r.tally, &record);
					}
				});
			}
			Self::refreeze(&who)?;
			Self::deposit_event(Event::VoteRemoved {
				index: record.index,
				who,
				amount: record.amount,
				withdrawn,
			});
			Ok(())
		}

		/// Cancel an ongoing referendum (queued or decided) as spam: its deposit goes to the
		/// treasury, as a rejected proposal's does. A referendum about the bodies themselves
		/// ([`Config::Uncancellable`]) cannot be cancelled.
		///
		/// The origin must be [`Config::CancelOrigin`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, index: ReferendumIndex) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			let referendum = Referenda::<T>::get(index).ok_or(Error::<T>::UnknownReferendum)?;
			// A proposal whose preimage is gone could never be enacted: it may be cancelled.
			if let Ok((call, _)) = T::Preimages::peek(&referendum.proposal) {
				ensure!(!T::Uncancellable::contains(&call), Error::<T>::Uncancellable);
			}
			Referenda::<T>::remove(index);
			let class = referendum.class;
			let was_deciding = Deciding::<T>::get(class) == Some(index);
			if was_deciding {
				Deciding::<T>::remove(class);
				if let Phase::Deciding { count: Some(count), .. } = referendum.phase {
					Self::release_count(count);
				}
			} else {
				Queue::<T>::mutate(class, |q| q.retain(|i| *i != index));
			}
			let slashed = Self::slash_deposit(&referendum);
			Self::proposal_ended(&referendum.proposer);
			let now = frame_system::Pallet::<T>::block_number();
			EndedReferenda::<T>::insert(
				index,
				EndedReferendum {
					outcome: Outcome::Cancelled,
					class,
					at: now,
					tally: referendum.tally,
				},
			);
			Self::deposit_event(Event::Cancelled { index, slashed });
			if was_deciding {
				Self::start_next(class, now);
			}
			Ok(())
		}

		/// Fast-track an ongoing referendum: it goes to the head of its class's queue (when
		/// queued) and, once approved, is enacted in the next block.
		///
		/// The origin must be [`Config::FastTrackOrigin`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::fast_track())]
		pub fn fast_track(origin: OriginFor<T>, index: ReferendumIndex) -> DispatchResult {
			T::FastTrackOrigin::ensure_origin(origin)?;
			let mut referendum = Referenda::<T>::get(index).ok_or(Error::<T>::UnknownReferendum)?;
			ensure!(!referendum.fast_tracked, Error::<T>::AlreadyFastTracked);
			referendum.fast_tracked = true;
			let class = referendum.class;
			if Deciding::<T>::get(class) != Some(index) {
				Queue::<T>::mutate(class, |q| {
					q.retain(|i| *i != index);
					// Room was just made by removing it.
					let _ = q.try_insert(0, index);
				});
			}
			Referenda::<T>::insert(index, referendum);
			Self::deposit_event(Event::FastTracked { index });
			Ok(())
		}

		/// Approve a runtime upgrade to the code with `code_hash`, as the Technical Committee
		/// ([`Config::TechnicalOrigin`]) or the Foundation ([`Config::FoundationOrigin`]).
		///
		/// When the other body has approved the same hash, the upgrade is scheduled: after
		/// [`GovernanceParams::joint_upgrade_delay`] blocks, unless a referendum vetoes it
		/// ([`Pallet::veto_upgrade`]), it is authorized (`frame_system`'s authorized upgrade,
		/// with the version checks) and anyone may apply it. An approval of a different hash
		/// replaces the pending one; a new joint approval replaces a scheduled upgrade.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::approve_upgrade())]
		pub fn approve_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			let body = match T::TechnicalOrigin::try_origin(origin) {
				Ok(_) => Body::Technical,
				Err(origin) => {
					T::FoundationOrigin::ensure_origin(origin)?;
					Body::Foundation
				}
			};
			let now = frame_system::Pallet::<T>::block_number();
			match PendingUpgrade::<T>::get() {
				Some(p) if p.code_hash == code_hash && p.by == body => {
					return Err(Error::<T>::AlreadyApproved.into())
				}
				Some(p) if p.code_hash == code_hash => {
					PendingUpgrade::<T>::kill();
					Self::deposit_event(Event::UpgradeApproved { body, code_hash });
					let authorize_at =
						now.saturating_add(Parameters::<T>::get().joint_upgrade_delay);
					ScheduledUpgrade::<T>::put(JointUpgrade { code_hash, authorize_at });
					Self::deposit_event(Event::UpgradeScheduled { code_hash, authorize_at });
				}
				_ => {
					PendingUpgrade::<T>::put(UpgradeApproval { code_hash, by: body, at: now });
					Self::deposit_event(Event::UpgradeApproved { body, code_hash });
				}
			}
			Ok(())
		}

		/// Veto the upgrade to `code_hash` that the two bodies approved jointly, while it waits
		/// out its delay: it is never authorized.
		///
		/// The origin must be [`Config::VetoOrigin`] (a referendum in the runtime; such a
		/// proposal goes to the head of its class's queue, [`Config::Urgent`]).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::veto_upgrade())]
		pub fn veto_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::VetoOrigin::ensure_origin(origin)?;
			let scheduled = ScheduledUpgrade::<T>::get()
				.filter(|s| s.code_hash == code_hash)
				.ok_or(Error::<T>::NoScheduledUpgrade)?;
			ScheduledUpgrade::<T>::kill();
			Self::deposit_event(Event::UpgradeVetoed { code_hash: scheduled.code_hash });
			Ok(())
		}

		/// Enact approved referendum `index`'s proposal as root: the scheduler makes this call at
		/// the enactment block, with the proposal's `weight` taken at approval.
		///
		/// The proposal runs in a storage transaction; if it leaves the total issuance above
		/// [`Config::MaxIssuance`], everything it did is undone. Its result is in
		/// [`Event::Enacted`]. The origin must be root.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::enact().saturating_add(*weight))]
		pub fn enact(
			origin: OriginFor<T>,
			index: ReferendumIndex,
			weight: Weight,
		) -> DispatchResult {
			ensure_root(origin)?;
			let proposal = Enactments::<T>::take(index).ok_or(Error::<T>::NotApproved)?;
			let (result, _) = Self::dispatch_guarded(&proposal, Some(weight));
			Self::deposit_event(Event::Enacted { index, result });
			Ok(())
		}

		/// Pay `amount` from the treasury to `beneficiary`, as a body ([`Config::SpendOrigin`]),
		/// within the body's budget for the current spend period ([`Config::SpendPeriod`]):
		/// however many spends a body makes, it pays out no more than its budget a period.
		/// Larger spends are a referendum's (`treasury.spend`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
			beneficiary: T::AccountId,
		) -> DispatchResult {
			let (body, budget) = T::SpendOrigin::ensure_origin(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let period = Self::spend_period(now);
			let spent = Spending::<T>::get(body)
				.filter(|s| s.period == period)
				.map_or_else(Zero::zero, |s| s.spent)
				.saturating_add(amount);
			ensure!(spent <= budget, Error::<T>::OverBudget);
			T::Currency::transfer(
				&T::Treasury::get(),
				&beneficiary,
				amount,
				frame_support::traits::tokens::Preservation::Preserve,
			)
			.map_err(|_| Error::<T>::TreasuryCannotPay)?;
			Spending::<T>::insert(body, PeriodSpending { period, spent });
			Self::deposit_event(Event::Spent { body, amount, beneficiary, spent, budget });
			Ok(())
		}

		/// Dispatch a staking administration call as root, for [`Config::StakingAdminOrigin`]
		/// (the Foundation in the runtime).
		///
		/// Stock staking makes these calls root-only; this is the body's path to exactly them
		/// ([`Config::StakingAdminCalls`]), and to nothing else root may do. The call's own
		/// result is in [`Event::StakingAdminDispatched`].
		#[pallet::call_index(7)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::staking_admin().saturating_add(info.call_weight), info.class)
		})]
		pub fn staking_admin(origin: OriginFor<T>, call: Box<CallOf<T>>) -> DispatchResult {
			T::StakingAdminOrigin::ensure_origin(origin)?;
			ensure!(T::StakingAdminCalls::contains(&call), Error::<T>::NotStakingAdminCall);
			let result = call
				.dispatch(frame_system::RawOrigin::Root.into())
				.map(|_| ())
				.map_err(|e| e.error);
			Self::deposit_event(Event::StakingAdminDispatched { result });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The spend period of block `now`.
	pub fn spend_period(now: BlockNumberFor<T>) -> u32 {
		let length = T::SpendPeriod::get().max(One::one());
		(now / length).saturated_into::<u32>()
	}

	/// Whether `params` are acceptable: voting periods of at least a block, the shortest no
	/// longer than the longest; a joint upgrade delay long enough for a veto (a general
	/// referendum of the shortest voting period, confirmed); for each class an approval
	/// threshold of at least 50% and an enactment delay of at least a block; and no class less
	/// strict than one before it in [`Class::ALL`] in any of its four numbers (so the
	/// strictest class of a proposal's calls is the strictest in every respect).
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		let rules = Class::ALL.map(|class| class.rules(params));
		let each = rules
			.iter()
			.all(|r| r.approval >= Perbill::from_percent(50) && !r.enactment_delay.is_zero());
		let monotonic = rules.windows(2).all(|w| {
			w[0].turnout <= w[1].turnout
				&& w[0].approval <= w[1].approval
				&& w[0].confirmation <= w[1].confirmation
				&& w[0].enactment_delay <= w[1].enactment_delay
		});
		!params.min_voting_period.is_zero()
			&& params.min_voting_period <= params.max_voting_period
			&& params.joint_upgrade_delay
				>= params.min_voting_period.saturating_add(params.general.confirmation)
			&& each && monotonic
	}

	/// The electorate a deciding referendum is measured against: all bonded MC when its
	/// decision started, or the MC that voted, if more (only a decision started before storage
	/// version 2, whose votes weigh bonded MC now, can have more).
	pub fn effective_electorate(electorate: BalanceOf<T>, tally: &TallyOf<T>) -> BalanceOf<T> {
		electorate.max(tally.ayes.saturating_add(tally.nays))
	}

	/// Whether a referendum with `tally` against `electorate` is passing under `rules`: more
	/// than `rules.turnout` of the electorate voted and more than `rules.approval` of the votes
	/// cast are ayes.
	pub fn is_passing(
		rules: &ClassRules<BlockNumberFor<T>>,
		tally: &TallyOf<T>,
		electorate: BalanceOf<T>,
	) -> bool {
		let electorate = Self::effective_electorate(electorate, tally);
		let cast = tally.ayes.saturating_add(tally.nays);
		!tally.ayes.is_zero()
			&& cast > rules.turnout.mul_floor(electorate)
			&& tally.ayes > rules.approval.mul_floor(cast)
	}

	fn tally(tally: &mut TallyOf<T>, vote: &VoteRecordOf<T>) {
		if vote.aye {
			tally.ayes.saturating_accrue(vote.amount);
		} else {
			tally.nays.saturating_accrue(vote.amount);
		}
	}

	fn untally(tally: &mut TallyOf<T>, vote: &VoteRecordOf<T>) {
		if vote.aye {
			tally.ayes.saturating_reduce(vote.amount);
		} else {
			tally.nays.saturating_reduce(vote.amount);
		}
	}

	/// Sets `who`'s vote freeze to the largest of its votes (lifts it when there are none).
	fn refreeze(who: &T::AccountId) -> DispatchResult {
		let amount = Class::ALL
			.iter()
			.filter_map(|class| Votes::<T>::get(who, class))
			.map(|v| v.amount)
			.max()
			.unwrap_or_else(Zero::zero);
		let id = FreezeReason::Vote.into();
		if amount.is_zero() {
			T::Currency::thaw(&id, who).map_err(|_| Error::<T>::CannotFreeze)?;
		} else {
			T::Currency::set_freeze(&id, who, amount).map_err(|_| Error::<T>::CannotFreeze)?;
		}
		Ok(())
	}

	/// Starts deciding referendum `index` now, in its class (which must be idle).
	fn begin_decision(
		index: ReferendumIndex,
		mut referendum: ReferendumOf<T>,
		now: BlockNumberFor<T>,
	) {
		let class = referendum.class;
		let deadline = now.saturating_add(referendum.voting_period);
		let count = Electorate::<T>::get();
		let electorate = count.total;
		referendum.phase = Phase::Deciding {
			since: now,
			deadline,
			electorate,
			count: Some(count.id),
			confirming: None,
		};
		Referenda::<T>::insert(index, referendum);
		Deciding::<T>::insert(class, index);
		Self::deposit_event(Event::DecisionStarted { index, class, deadline, electorate });
	}

	/// Starts deciding the next referendum of `class`'s queue, if any.
	fn start_next(class: Class, now: BlockNumberFor<T>) {
		let mut queue = Queue::<T>::get(class);
		while !queue.is_empty() {
			let index = queue.remove(0);
			if let Some(referendum) = Referenda::<T>::get(index) {
				Queue::<T>::insert(class, queue);
				Self::begin_decision(index, referendum, now);
				return;
			}
			log::warn!(target: LOG_TARGET, "queued referendum {index} is not stored; skipped");
		}
		Queue::<T>::remove(class);
	}

	/// Moves `class`'s deciding referendum on: starts or aborts its confirmation as it starts
	/// or stops passing ([`Pallet::is_passing`]); approves it once it has been passing for its
	/// class's confirmation period; rejects it when its voting period is over and it is not
	/// passing. A referendum still confirming at its deadline goes on until its confirmation
	/// ends either way.
	fn advance(class: Class, now: BlockNumberFor<T>) -> Weight {
		let Some(index) = Deciding::<T>::get(class) else { return Weight::zero() };
		let Some(mut referendum) = Referenda::<T>::get(index) else {
			log::warn!(target: LOG_TARGET, "deciding referendum {index} is not stored");
			Deciding::<T>::remove(class);
			return T::DbWeight::get().reads_writes(1, 1);
		};
		let Phase::Deciding { deadline, electorate, confirming, .. } = referendum.phase else {
			return T::DbWeight::get().reads(1);
		};
		let rules = class.rules(&Parameters::<T>::get());
		let passing = Self::is_passing(&rules, &referendum.tally, electorate);
		let set_confirming = |r: &mut ReferendumOf<T>, value: Option<BlockNumberFor<T>>| {
			if let Phase::Deciding { confirming, .. } = &mut r.phase {
				*confirming = value;
			}
		};
		match (passing, confirming) {
			(true, Some(since)) if now >= since.saturating_add(rules.confirmation) => {
				T::WeightInfo::conclude_approved()
					.saturating_add(Self::approve(index, referendum, now))
			}
			(true, Some(_)) => T::DbWeight::get().reads(2),
			(true, None) if rules.confirmation.is_zero() => {
				set_confirming(&mut referendum, Some(now));
				T::WeightInfo::conclude_approved()
					.saturating_add(Self::approve(index, referendum, now))
			}
			(true, None) => {
				set_confirming(&mut referendum, Some(now));
				Referenda::<T>::insert(index, referendum);
				let until = now.saturating_add(rules.confirmation);
				Self::deposit_event(Event::ConfirmStarted { index, until });
				T::WeightInfo::confirm_transition()
			}
			(false, _) if now >= deadline => {
				if confirming.is_some() {
					Self::deposit_event(Event::ConfirmAborted { index });
				}
				Self::reject(index, referendum, now);
				T::WeightInfo::conclude_rejected()
			}
			(false, Some(_)) => {
				set_confirming(&mut referendum, None);
				Referenda::<T>::insert(index, referendum);
				Self::deposit_event(Event::ConfirmAborted { index });
				T::WeightInfo::confirm_transition()
			}
			(false, None) => T::DbWeight::get().reads(2),
		}
	}

	/// The scheduler task name of referendum `index`'s enactment.
	pub fn enactment_task(index: ReferendumIndex) -> [u8; 32] {
		BlakeTwo256::hash_of(&(b"mc/gov/enact", index)).into()
	}

	/// Approves referendum `index`: schedules its enactment ([`Pallet::enact`] at the
	/// enactment block) or, when urgent, enacts it at once; returns its deposit and starts the
	/// next of its class. Returns the weight of an urgent proposal's dispatch.
	fn approve(
		index: ReferendumIndex,
		referendum: ReferendumOf<T>,
		now: BlockNumberFor<T>,
	) -> Weight {
		let class = referendum.class;
		// A veto must take effect before the upgrade it vetoes is authorized: enacted here, in
		// the hook, before `authorize_step`.
		let (enactment, follow_up, weight) = if referendum.urgent {
			let (result, weight) = Self::dispatch_guarded(&referendum.proposal, None);
			(now, Some(Event::UrgentEnacted { index, result }), weight)
		} else {
			let delay = if referendum.fast_tracked {
				One::one()
			} else {
				class.rules(&Parameters::<T>::get()).enactment_delay
			};
			let enactment = now.saturating_add(delay);
			let failed = Self::schedule_enactment(index, &referendum.proposal, enactment).err();
			let follow_up = failed.map(|error| {
				log::error!(target: LOG_TARGET, "enactment of referendum {index} not scheduled: {error:?}");
				Event::EnactmentFailed { index, error }
			});
			(enactment, follow_up, Weight::zero())
		};
		let _ = T::Currency::release(
			&HoldReason::SubmissionDeposit.into(),
			&referendum.proposer,
			referendum.deposit,
			Precision::BestEffort,
		);
		Self::end_decided(index, &referendum, Outcome::Approved, now);
		Self::deposit_event(Event::Approved { index, tally: referendum.tally, enactment });
		if let Some(event) = follow_up {
			Self::deposit_event(event);
		}
		Self::start_next(class, now);
		weight
	}

	/// Keeps `proposal` for its enactment and schedules [`Pallet::enact`] at `at` with the
	/// proposal's weight.
	fn schedule_enactment(
		index: ReferendumIndex,
		proposal: &BoundedCallOf<T>,
		at: BlockNumberFor<T>,
	) -> DispatchResult {
		let (call, _) =
			T::Preimages::peek(proposal).map_err(|_| Error::<T>::ProposalUndecodable)?;
		let weight = call.get_dispatch_info().call_weight;
		let enact: CallOf<T> = Call::<T>::enact { index, weight }.into();
		let inline = frame_support::traits::BoundedInline::try_from(enact.encode())
			.map_err(|_| Error::<T>::ProposalTooLong)?;
		T::Scheduler::schedule_named(
			Self::enactment_task(index),
			DispatchTime::At(at),
			None,
			ENACTMENT_PRIORITY,
			frame_system::RawOrigin::Root.into(),
			Bounded::Inline(inline),
		)?;
		Enactments::<T>::insert(index, proposal);
		Ok(())
	}

	/// Dispatches `proposal` as root in a storage transaction, undone if it fails or leaves the
	/// total issuance above [`Config::MaxIssuance`]; refused unweighed when it weighs more than
	/// `max_weight`. Returns its result and weight.
	fn dispatch_guarded(
		proposal: &BoundedCallOf<T>,
		max_weight: Option<Weight>,
	) -> (DispatchResult, Weight) {
		let Ok((call, _)) = T::Preimages::peek(proposal) else {
			return (Err(Error::<T>::ProposalUndecodable.into()), Weight::zero());
		};
		let weight = call.get_dispatch_info().call_weight;
		if max_weight.is_some_and(|max| weight.any_gt(max)) {
			return (Err(Error::<T>::EnactmentOverweight.into()), Weight::zero());
		}
		let result = frame_support::storage::with_transaction(|| {
			let result = call
				.dispatch(frame_system::RawOrigin::Root.into())
				.map(|_| ())
				.map_err(|e| e.error);
			if T::Currency::total_issuance() > T::MaxIssuance::get() {
				return TransactionOutcome::Rollback(Err(DispatchError::from(
					Error::<T>::IssuanceAboveMaximum,
				)));
			}
			match result {
				Ok(()) => TransactionOutcome::Commit(Ok(())),
				Err(e) => TransactionOutcome::Rollback(Err(e)),
			}
		});
		(result, weight)
	}

	/// Removes `class`'s deciding referendum `index` and records how it ended.
	fn end_decided(
		index: ReferendumIndex,
		referendum: &ReferendumOf<T>,
		outcome: Outcome,
		now: BlockNumberFor<T>,
	) {
		let class = referendum.class;
		Referenda::<T>::remove(index);
		Deciding::<T>::remove(class);
		if let Phase::Deciding { count: Some(count), .. } = referendum.phase {
			Self::release_count(count);
		}
		Self::proposal_ended(&referendum.proposer);
		EndedReferenda::<T>::insert(
			index,
			EndedReferendum { outcome, class, at: now, tally: referendum.tally },
		);
	}

	/// `proposer` has one ongoing proposal fewer.
	fn proposal_ended(proposer: &T::AccountId) {
		OngoingProposals::<T>::mutate_exists(proposer, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
	}

	/// Moves `referendum`'s deposit to the treasury; returns how much moved.
	fn slash_deposit(referendum: &ReferendumOf<T>) -> BalanceOf<T> {
		T::Currency::transfer_on_hold(
			&HoldReason::SubmissionDeposit.into(),
			&referendum.proposer,
			&T::Treasury::get(),
			referendum.deposit,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|_| Zero::zero())
	}

	fn reject(index: ReferendumIndex, referendum: ReferendumOf<T>, now: BlockNumberFor<T>) {
		let class = referendum.class;
		let slashed = Self::slash_deposit(&referendum);
		Self::end_decided(index, &referendum, Outcome::Rejected, now);
		Self::deposit_event(Event::Rejected { index, tally: referendum.tally, slashed });
		Self::start_next(class, now);
	}

	/// Counts one page of stakers, starting a count when the last one is `RecountInterval`
	/// blocks old; publishes the count when it reaches the last staker.
	fn count_step(now: BlockNumberFor<T>) -> Weight {
		let progress = match Counting::<T>::get() {
			Some(p) => p,
			None => {
				let last = Electorate::<T>::get();
				if now < last.counted_at.saturating_add(T::RecountInterval::get())
					|| !StaleCounts::<T>::get().is_empty()
				{
					return Weight::zero();
				}
				CountProgress { id: last.id.wrapping_add(1), ..Default::default() }
			}
		};
		let id = progress.id;
		let cursor = if progress.stakers == 0 { None } else { Some(&progress.cursor) };
		let page = T::Stake::count(cursor, T::CountPageSize::get(), &mut |who, amount| {
			if !amount.is_zero() {
				CountedStake::<T>::insert(id, who, amount);
			}
		});
		let total = progress.total.saturating_add(page.total);
		let stakers = progress.stakers.saturating_add(page.counted);
		match page.next {
			Some(cursor) if page.counted > 0 => {
				Counting::<T>::put(CountProgress { total, stakers, cursor, id })
			}
			_ => {
				Counting::<T>::kill();
				let previous = Electorate::<T>::get();
				Electorate::<T>::put(StakeCount { total, stakers, counted_at: now, id });
				Self::release_count(previous.id);
				if previous.total != total || previous.stakers != stakers {
					Self::deposit_event(Event::ElectorateCounted { total, stakers });
				}
			}
		}
		T::WeightInfo::count_stakers(page.counted)
	}

	/// The counts in use: the last complete one and those of the deciding referenda.
	fn counts_in_use() -> [Option<CountId>; 7] {
		let deciding = |class: Class| {
			Deciding::<T>::get(class).and_then(Referenda::<T>::get).and_then(|r| match r.phase {
				Phase::Deciding { count, .. } => count,
				Phase::Queued => None,
			})
		};
		let [a, b, c, d, e, f] = Class::ALL.map(deciding);
		[Some(Electorate::<T>::get().id), a, b, c, d, e, f]
	}

	/// Marks `count` stale, for [`Pallet::prune_step`] to remove its records, unless it is
	/// still in use.
	fn release_count(count: CountId) {
		if Self::counts_in_use().contains(&Some(count)) {
			return;
		}
		StaleCounts::<T>::mutate(|stale| {
			if !stale.contains(&count) && stale.try_push(count).is_err() {
				// Cannot happen: a count starts only when none is stale, and at most three
				// become stale between two starts.
				frame_support::defensive!(
					"more stale counts than MAX_STALE_COUNTS: a count's records are kept"
				);
			}
		});
	}

	/// Whether a veto (an urgent referendum) is ongoing: deciding in its class, or at the head
	/// of its class's queue (where urgent proposals are put).
	fn veto_pending() -> bool {
		let urgent = |index: Option<ReferendumIndex>| {
			index.and_then(Referenda::<T>::get).is_some_and(|r| r.urgent)
		};
		Class::ALL.into_iter().any(|class| {
			urgent(Deciding::<T>::get(class)) || urgent(Queue::<T>::get(class).first().copied())
		})
	}

	/// Authorizes the jointly approved upgrade once its veto delay is over and no veto is
	/// ongoing.
	fn authorize_step(now: BlockNumberFor<T>) -> Weight {
		match ScheduledUpgrade::<T>::get() {
			Some(s) if now >= s.authorize_at && Self::veto_pending() => {
				T::WeightInfo::authorize_scheduled_upgrade()
			}
			Some(s) if now >= s.authorize_at => {
				ScheduledUpgrade::<T>::kill();
				frame_system::Pallet::<T>::do_authorize_upgrade(s.code_hash, true);
				Self::deposit_event(Event::UpgradeAuthorized { code_hash: s.code_hash });
				T::WeightInfo::authorize_scheduled_upgrade()
			}
			// Read by `on_initialize_idle`'s weight.
			_ => Weight::zero(),
		}
	}

	/// Removes at most `CountPageSize` records of the oldest stale count.
	fn prune_step() -> Weight {
		let stale = StaleCounts::<T>::get();
		let Some(&count) = stale.first() else { return Weight::zero() };
		let page = T::CountPageSize::get();
		let stakers: alloc::vec::Vec<T::AccountId> =
			CountedStake::<T>::iter_key_prefix(count).take(page as usize).collect();
		for who in &stakers {
			CountedStake::<T>::remove(count, who);
		}
		let removed = stakers.len() as u32;
		if removed < page {
			StaleCounts::<T>::mutate(|stale| {
				stale.retain(|c| *c != count);
			});
		}
		T::WeightInfo::prune_count(removed)
	}

	/// Checks the pallet's invariants:
	/// - the parameters are valid ([`Pallet::params_valid`]);
	/// - each class decides at most one referendum, stored, in phase `Deciding`, of that class,
	///   not also queued, and confirming (if it is) since a block of its decision;
	/// - each queued referendum is stored, queued, of that class, once;
	/// - every stored referendum is either decided or queued in its class, with an index below
	///   `ReferendumCount` and its deposit held from its proposer;
	/// - the tally of each deciding referendum is the sum of the votes recorded for it;
	/// - each voter's freeze is its largest vote;
	/// - each account's [`OngoingProposals`] is the number of stored referenda it proposed;
	/// - the counts' invariants ([`Pallet::try_counts`]).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::{collections::btree_map::BTreeMap, vec::Vec};
		use frame_support::traits::fungible::{InspectFreeze, InspectHold};
		ensure!(Self::params_valid(&Parameters::<T>::get()), "invalid parameters");
		let count = ReferendumCount::<T>::get();
		let mut placed: Vec<ReferendumIndex> = Vec::new();
		for class in Class::ALL {
			let queue = Queue::<T>::get(class);
			if let Some(index) = Deciding::<T>::get(class) {
				let r = Referenda::<T>::get(index).ok_or("deciding referendum not stored")?;
				ensure!(r.class == class, "deciding referendum in the wrong class");
				let now = frame_system::Pallet::<T>::block_number();
				match r.phase {
					Phase::Deciding { since, confirming, .. } => ensure!(
						confirming.is_none_or(|c| since <= c && c <= now),
						"a confirmation started outside its decision"
					),
					Phase::Queued => return Err("deciding referendum not deciding".into()),
				}
				ensure!(!queue.contains(&index), "deciding referendum also queued");
				placed.push(index);
			}
			for index in queue.iter() {
				let r = Referenda::<T>::get(index).ok_or("queued referendum not stored")?;
				ensure!(r.class == class, "queued referendum in the wrong class");
				ensure!(r.phase == Phase::Queued, "queued referendum not queued");
				ensure!(!placed.contains(index), "referendum queued twice");
				placed.push(*index);
			}
		}
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut ongoing: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (index, r) in Referenda::<T>::iter() {
			ensure!(index < count, "referendum index not below ReferendumCount");
			ensure!(placed.contains(&index), "stored referendum neither decided nor queued");
			let d = deposits.entry(r.proposer.clone()).or_insert_with(Zero::zero);
			d.saturating_accrue(r.deposit);
			*ongoing.entry(r.proposer.clone()).or_default() += 1;
		}
		for (who, n) in OngoingProposals::<T>::iter() {
			ensure!(n > 0, "an account with no ongoing proposal has an entry");
			ensure!(ongoing.remove(&who) == Some(n), "an account's ongoing proposals miscounted");
		}
		ensure!(ongoing.is_empty(), "an account's ongoing proposals not counted");
		for (who, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::SubmissionDeposit.into(), &who) >= total,
				"a proposer's deposits are not held"
			);
		}
		let mut tallies: BTreeMap<ReferendumIndex, TallyOf<T>> = BTreeMap::new();
		let mut freezes: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (who, class, vote) in Votes::<T>::iter() {
			if Deciding::<T>::get(class) == Some(vote.index) {
				Self::tally(tallies.entry(vote.index).or_default(), &vote);
			}
			let f = freezes.entry(who).or_insert_with(Zero::zero);
			*f = (*f).max(vote.amount);
		}
		for class in Class::ALL {
			if let Some(index) = Deciding::<T>::get(class) {
				let r = Referenda::<T>::get(index).ok_or("deciding referendum not stored")?;
				ensure!(
					tallies.get(&index).copied().unwrap_or_default() == r.tally,
					"tally differs from the votes recorded"
				);
			}
		}
		for (who, amount) in freezes {
			ensure!(
				T::Currency::balance_frozen(&FreezeReason::Vote.into(), &who) == amount,
				"a voter's freeze is not its largest vote"
			);
		}
		Self::try_counts()
	}

	/// The counts' invariants:
	/// - a decision measured against a count has no more ayes and nays than its electorate;
	/// - the records of the last complete count add up to it;
	/// - records exist only for counts in use, the count under way, or stale counts, and no
	///   stale count is in use.
	#[cfg(any(feature = "try-runtime", test))]
	fn try_counts() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_set::BTreeSet;
		for class in Class::ALL {
			if let Some(r) = Deciding::<T>::get(class).and_then(Referenda::<T>::get) {
				if let Phase::Deciding { electorate, count: Some(_), .. } = r.phase {
					ensure!(
						r.tally.ayes.saturating_add(r.tally.nays) <= electorate,
						"votes exceed the electorate of their count"
					);
				}
			}
		}
		let latest = Electorate::<T>::get();
		let (mut sum, mut n) = (BalanceOf::<T>::zero(), 0u32);
		for amount in CountedStake::<T>::iter_prefix_values(latest.id) {
			sum.saturating_accrue(amount);
			n.saturating_inc();
		}
		// A migrated chain's first count (before any recount) has no records.
		ensure!(
			(sum == latest.total && n <= latest.stakers) || (n == 0 && latest.id == 0),
			"the last count's records do not add up to it"
		);
		let in_use: BTreeSet<CountId> = Self::counts_in_use().into_iter().flatten().collect();
		let stale = StaleCounts::<T>::get();
		ensure!(stale.iter().all(|c| !in_use.contains(c)), "a stale count is in use");
		let mut allowed = in_use;
		allowed.extend(stale.iter().copied());
		allowed.extend(Counting::<T>::get().map(|c| c.id));
		let stored: BTreeSet<CountId> = CountedStake::<T>::iter_keys().map(|(c, _)| c).collect();
		ensure!(stored.is_subset(&allowed), "records of a count no longer in use");
		Ok(())
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// Referenda already submitted keep their voting period and deposit.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameters
);
