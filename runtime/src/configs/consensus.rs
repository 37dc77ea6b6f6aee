//! Consensus and staking: BABE, GRANDPA, timestamp, authorship; NPoS staking with the
//! proof-of-credit election, sessions, offences, the bags list.

use super::*;
// `generate_solution_type!` expands to `vec!`, which no_std does not have in its prelude.
use alloc::vec;

// ---------------------------------------------------------------------------------------------
// Consensus: BABE, GRANDPA, timestamp, authorship
// ---------------------------------------------------------------------------------------------

parameter_types! {
	pub const ExpectedBlockTime: Moment = MILLI_SECS_PER_BLOCK;
	/// Up to 1,000 validators ("hundreds of validators").
	pub const MaxAuthorities: u32 = 1_000;
}

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = MaxExposurePageSize;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = MaxExposurePageSize;
	type MaxSetIdSessionEntries = pallet_chain_timing::SetIdSessionEntriesOf<Runtime>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Babe;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	/// Staking counts era points for authored blocks.
	type EventHandler = Staking;
}

/// Equivocation reports (BABE, GRANDPA) are submitted as unsigned transactions.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

// ---------------------------------------------------------------------------------------------
// Staking (NPoS), session, historical, offences, bags list
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// Up to 512 nominators per exposure page.
	pub const MaxExposurePageSize: u32 = 512;
	/// At most 1,000 validators are elected.
	pub const MaxValidatorSet: u32 = 1_000;
	/// The most targets of an election: the best of the candidate list.
	pub const MaxElectionTargets: u32 = MAX_ELECTION_TARGETS;
	/// Voters considered by the genesis election: staking's best-staked, via the bags list.
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(MAX_STAKING_VOTERS.into())
		.targets_count(MaxElectionTargets::get().into())
		.build();
	/// Voters of a proof-of-credit election: staking's and one credit voter per target
	/// (`CreditDataProvider` leaves them room).
	pub ElectionBoundsCredit: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(MAX_ELECTING_VOTERS.into())
		.targets_count(MaxElectionTargets::get().into())
		.build();
	/// A winner's backers are at most every voter.
	pub const MaxBackersPerWinner: u32 = MAX_ELECTING_VOTERS;
}

/// Staking's voters (validators and nominators, the best-staked through the bags list) an
/// election reads. Set from the snapshot block's registered weight with the chain's measured
/// database weights (`runtime/tests/block_budget.rs`, runtime/README.md "Elections"): staking's
/// self-weighed `get_npos_voters` registers about 72 µs a nominator (23 µs of execution, four
/// reads of 12.2 µs), beside the candidate filter's 311 ms; at 7,500 the snapshot block stays
/// within half of the block (10,000 did with the stock 8 µs reads, not with the measured ones).
pub const MAX_STAKING_VOTERS: u32 = 7_500;
/// The most targets of an election (the best of the candidate list).
pub const MAX_ELECTION_TARGETS: u32 = 2_000;
/// The most voters of an election: staking's and a credit voter per target.
pub const MAX_ELECTING_VOTERS: u32 = MAX_STAKING_VOTERS + MAX_ELECTION_TARGETS;

/// Staking's election data with the proof-of-credit rules (targets from the candidate list,
/// credit voters).
pub type CreditElectionData = pallet_credit_delegation::CreditDataProvider<Runtime, Staking>;

/// An on-chain NPoS election: sequential Phragmén over the election data `Data`, read within
/// `Bounds`, with the runtime's winner and backer limits. The two on-chain elections below
/// differ only in their data and bounds.
pub struct OnChainPhragmen<Data, Bounds>(core::marker::PhantomData<(Data, Bounds)>);
impl<Data, Bounds> onchain::Config for OnChainPhragmen<Data, Bounds>
where
	Data: frame_election_provider_support::ElectionDataProvider<
		AccountId = AccountId,
		BlockNumber = BlockNumber,
	>,
	Bounds: frame_support::traits::Get<ElectionBounds>,
{
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, sp_runtime::Perbill>;
	type DataProvider = Data;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = MaxBackersPerWinner;
	type MaxWinnersPerPage = MaxValidatorSet;
	type Bounds = Bounds;
	type Sort = ConstBool<true>;
}

/// The on-chain NPoS election (sequential Phragmén) over [`CreditElectionData`], run at each era
/// change.
pub type OnChainCreditPhragmen = OnChainPhragmen<CreditElectionData, ElectionBoundsCredit>;

/// The genesis election: sequential Phragmén on stake alone (no device can back anyone before
/// block 1).
pub type OnChainSeqPhragmen = OnChainPhragmen<Staking, ElectionBoundsOnChain>;

parameter_types! {
	/// Edges × winners (Phragmén's inner loop) the fallback still solves by sequential Phragmén;
	/// above it, approval stake (`pallet_credit_delegation::BoundedFallback`). Natively about
	/// 15 ns per edge-round (2,000 voters × 16 votes, 100 winners: 47 ms), so 0.15 s native.
	pub const FallbackPhragmenBudget: u64 = 10_000_000;
	/// A mined solution is checked on chain within half of a block (the miner trims voters
	/// until its `submit_unsigned` weight fits).
	pub MinerMaxWeight: Weight = sp_runtime::Perbill::from_percent(50)
		* RuntimeBlockWeights::get().max_block;
	/// ... and below 90% of an ordinary block's length.
	pub MinerMaxLength: u32 = sp_runtime::Perbill::from_rational(9u32, 10) *
		*RuntimeBlockLength::get().max.get(DispatchClass::Normal);
	/// Solutions outrank heartbeats (`HeartbeatPriority`, half of the maximum).
	pub MultiPhaseUnsignedPriority: TransactionPriority =
		sp_runtime::Perbill::from_percent(90) * TransactionPriority::MAX;
}

/// The most voters of an election (the solution type's bound).
pub type MaxElectingVoters = ConstU32<MAX_ELECTING_VOTERS>;

frame_election_provider_support::generate_solution_type!(
	#[compact]
	pub struct NposSolution16::<
		VoterIndex = u32,
		TargetIndex = u16,
		Accuracy = sp_runtime::PerU16,
		MaxVoters = MaxElectingVoters,
	>(16)
);

/// The unsigned phase: a quarter of a session, or half of a short one (development: 5 blocks
/// of 10; testnet: 600 of 2,400).
pub struct MultiPhaseUnsignedPhase;
impl frame_support::traits::Get<BlockNumber> for MultiPhaseUnsignedPhase {
	fn get() -> BlockNumber {
		let session = EpochDuration::get();
		sp_runtime::SaturatedConversion::saturated_into((session / 4).max(session.min(10) / 2))
	}
}

/// Blocks between a validator's mining attempts: a tenth of the unsigned phase, 1 to 5.
pub struct MultiPhaseOffchainRepeat;
impl frame_support::traits::Get<BlockNumber> for MultiPhaseOffchainRepeat {
	fn get() -> BlockNumber {
		(<MultiPhaseUnsignedPhase as frame_support::traits::Get<BlockNumber>>::get() / 10)
			.clamp(1, 5)
	}
}

/// When no solution was mined: Phragmén while small, approval stake above.
pub type MultiPhaseFallback =
	pallet_credit_delegation::BoundedFallback<OnChainCreditPhragmen, FallbackPhragmenBudget>;

impl pallet_election_provider_multi_phase::MinerConfig for Runtime {
	type AccountId = AccountId;
	type Solution = NposSolution16;
	type MaxVotesPerVoter =
		<CreditElectionData as frame_election_provider_support::ElectionDataProvider>::MaxVotesPerVoter;
	type MaxLength = MinerMaxLength;
	type MaxWeight = MinerMaxWeight;
	type MaxWinners = MaxValidatorSet;
	type MaxBackersPerWinner = MaxBackersPerWinner;

	fn solution_weight(v: u32, t: u32, a: u32, d: u32) -> Weight {
		<<Self as pallet_election_provider_multi_phase::Config>::WeightInfo as pallet_election_provider_multi_phase::WeightInfo>::submit_unsigned(v, t, a, d)
	}
}

/// EPM's benchmark sizes: up to this network's maxima.
pub struct ElectionProviderBenchmarkConfig;
impl pallet_election_provider_multi_phase::BenchmarkingConfig for ElectionProviderBenchmarkConfig {
	const VOTERS: [u32; 2] = [MAX_ELECTING_VOTERS / 2, MAX_ELECTING_VOTERS];
	const TARGETS: [u32; 2] = [MAX_ELECTION_TARGETS / 2, MAX_ELECTION_TARGETS];
	const ACTIVE_VOTERS: [u32; 2] = [MAX_ELECTING_VOTERS / 4, MAX_ELECTING_VOTERS / 2];
	const DESIRED_TARGETS: [u32; 2] = [400, 1_000];
	const SNAPSHOT_MAXIMUM_VOTERS: u32 = MAX_ELECTING_VOTERS;
	const MINER_MAXIMUM_VOTERS: u32 = MAX_ELECTING_VOTERS;
	const MAXIMUM_TARGETS: u32 = MAX_ELECTION_TARGETS;
}

/// The multi-phase election: before each era's election a snapshot (staking's voters, the
/// candidate list's targets, credit voters: [`CreditElectionData`]), solutions mined by the
/// validators' off-chain workers (unsigned, checked on chain), the queued best at the election;
/// without one, [`MultiPhaseFallback`].
impl pallet_election_provider_multi_phase::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type EstimateCallFee = TransactionPayment;
	type UnsignedPhase = MultiPhaseUnsignedPhase;
	/// No signed phase: no deposits, rewards or queue; validators' off-chain workers mine.
	type SignedPhase = ConstU32<0>;
	type BetterSignedThreshold = ();
	type OffchainRepeat = MultiPhaseOffchainRepeat;
	type MinerTxPriority = MultiPhaseUnsignedPriority;
	type MinerConfig = Self;
	type SignedMaxSubmissions = ConstU32<1>;
	type SignedMaxWeight = MinerMaxWeight;
	type SignedMaxRefunds = ConstU32<0>;
	type SignedRewardBase = ();
	type SignedDepositByte = ();
	type SignedDepositWeight = ();
	type MaxWinners = MaxValidatorSet;
	type MaxBackersPerWinner = MaxBackersPerWinner;
	type SignedDepositBase =
		pallet_election_provider_multi_phase::GeometricDepositBase<Balance, (), ()>;
	type ElectionBounds = ElectionBoundsCredit;
	type SlashHandler = ();
	type RewardHandler = ();
	type DataProvider = CreditElectionData;
	type Fallback = MultiPhaseFallback;
	type GovernanceFallback = MultiPhaseFallback;
	type Solver = SequentialPhragmen<
		AccountId,
		pallet_election_provider_multi_phase::SolutionAccuracyOf<Self>,
		(),
	>;
	/// A referendum: an emergency result is not checked.
	type ForceOrigin = Referendum;
	type BenchmarkingConfig = ElectionProviderBenchmarkConfig;
	type WeightInfo = crate::weights::pallet_election_provider_multi_phase::WeightInfo<Self>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CurrencyBalance = Balance;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	/// Proof of credit: candidates need `MinValidatorCredit` of active delegated credit, which
	/// also adds to their election weight (see `pallet_credit_delegation::election`).
	type ElectionProvider =
		pallet_credit_delegation::CreditFacing<Runtime, crate::ElectionProviderMultiPhase, Staking>;
	/// Genesis validators are elected on stake alone: no device can back them before block 1.
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	/// Era payouts leave nothing over: see `pallet_incentive_pool::EraPayoutFromPool`.
	type RewardRemainder = ();
	type RuntimeEvent = RuntimeEvent;
	/// Slashed stake goes to the treasury.
	type Slash = ResolveTo<TreasuryAccount, Balances>;
	/// Rewards are paid from the incentive pool's reward pot: issuance does not grow.
	type Reward = pallet_incentive_pool::PayFromPot<Runtime>;
	type SessionsPerEra = SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	/// Staking administration (validator count, force era, cancel slashes): a referendum or
	/// Foundation 2/3.
	/// A referendum: slashing a validator by hand (`manual_slash`), restoring ledgers. The
	/// Foundation makes the routine administration calls through `governance.stakingAdmin`.
	type AdminOrigin = Referendum;
	type SessionInterface = Self;
	/// Each era's reward is taken from the incentive pool.
	type EraPayout = pallet_incentive_pool::EraPayoutFromPool<Runtime>;
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = MaxValidatorSet;
	type VoterList = VoterList;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = ConstU32<32>;
	type MaxControllersInDeprecationBatch = ConstU32<5900>;
	/// Slashes reach the devices that back the slashed validator (proof of credit: device
	/// weight is stake at risk).
	type EventListeners = CreditDelegation;
	type Filter = Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

/// Sizes of the staking benchmarks: up to the elected validator set, and as many nominators.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxValidators = MaxValidatorSet;
	type MaxNominators = ConstU32<1_000>;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	/// Sessions are turned by `SessionRotation` (where BABE's epoch ends), not by this pallet's
	/// hook, which would register a whole block for every turn.
	type ShouldEndSession = pallet_session_rotation::NeverFromSession;
	type NextSessionRotation = Babe;
	/// Staking, telling the incentive pool when an era leaves the claim window.
	type SessionManager =
		pallet_session::historical::NoteHistoricalRoot<Self, ExpireStakingRewards>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ();
}

/// Session turns where BABE's epoch ends, each registering the benchmarked weight of its kind
/// (`super::session_turn`).
impl pallet_session_rotation::Config for Runtime {
	type EndSession = Babe;
	type SessionTurn = super::session_turn::StakingSessionTurn;
	type WeightInfo = pallet_session_rotation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::session_turn::benchmarks::SessionTurnAtMaxima;
}

/// Staking as the session's manager, and the incentive pool's clock for expired rewards: when
/// staking plans a new era it drops the oldest from its claim window (`HistoryDepth`) together
/// with the record of who claimed it. Just before, this asks the pool what of that era's reward
/// is certainly unpaid ([`pallet_incentive_pool::Pallet::unpaid_before_expiry`], reading staking's
/// record); once staking has really planned the era, the pool moves that back from its reward pot
/// ([`pallet_incentive_pool::Pallet::return_expired_era`]).
pub struct ExpireStakingRewards;

impl ExpireStakingRewards {
	/// Whether staking tries to plan a new era when planning session `session`, the current
	/// (latest planned) era being `current_era`: `pallet_staking`'s own rule.
	pub(crate) fn plans_an_era(
		current_era: sp_staking::EraIndex,
		session: sp_staking::SessionIndex,
	) -> bool {
		use pallet_staking::Forcing;
		match pallet_staking::ForceEra::<Runtime>::get() {
			Forcing::ForceNew | Forcing::ForceAlways => true,
			Forcing::NotForcing => {
				let start =
					pallet_staking::ErasStartSessionIndex::<Runtime>::get(current_era).unwrap_or(0);
				session.saturating_sub(start)
					>= <<Runtime as pallet_staking::Config>::SessionsPerEra as frame_support::traits::Get<_>>::get()
			}
			Forcing::ForceNone => false,
		}
	}
}

impl pallet_session::SessionManager<AccountId> for ExpireStakingRewards {
	fn new_session(new_index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		let planned = pallet_staking::CurrentEra::<Runtime>::get();
		// Planning era `planned + 1` clears era `planned - HISTORY_DEPTH`.
		let expiring = planned
			.filter(|era| Self::plans_an_era(*era, new_index))
			.and_then(|era| era.checked_sub(HISTORY_DEPTH))
			.and_then(IncentivePool::unpaid_before_expiry);
		let validators =
			<Staking as pallet_session::SessionManager<AccountId>>::new_session(new_index);
		if let Some(expiring) = expiring {
			if pallet_staking::CurrentEra::<Runtime>::get() != planned {
				IncentivePool::return_expired_era(expiring);
			}
		}
		validators
	}
	fn new_session_genesis(new_index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		<Staking as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
	}
	fn start_session(start_index: sp_staking::SessionIndex) {
		<Staking as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
	fn end_session(end_index: sp_staking::SessionIndex) {
		<Staking as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for ExpireStakingRewards {
	fn new_session(new_index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}
	fn new_session_genesis(new_index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session_genesis(new_index)
			.map(|validators| validators.into_iter().map(|v| (v, ())).collect())
	}
	fn start_session(start_index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::start_session(start_index)
	}
	fn end_session(end_index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

parameter_types! {
	pub const BagThresholds: &'static [u64] = &crate::voter_bags::THRESHOLDS;
}

impl pallet_bags_list::Config<pallet_bags_list::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ScoreProvider = Staking;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type BagThresholds = BagThresholds;
	type MaxAutoRebagPerBlock = ConstU32<10>;
	type Score = frame_election_provider_support::VoteWeight;
}
