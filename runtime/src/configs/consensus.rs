//! Consensus and staking: BABE, GRANDPA, timestamp, authorship; NPoS staking with the
//! proof-of-credit election, sessions, offences, the bags list.

use super::*;

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
	/// Voters considered by an election: all validators plus at most 20,000 nominators (the
	/// highest staked, via the bags list).
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(22_500.into())
		.targets_count(2_000.into())
		.build();
	pub const MaxBackersPerWinner: u32 = 22_500;
}

/// The on-chain NPoS election (sequential Phragmén) run at each era change.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, sp_runtime::Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = MaxBackersPerWinner;
	type MaxWinnersPerPage = MaxValidatorSet;
	type Bounds = ElectionBoundsOnChain;
	type Sort = ConstBool<true>;
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
		pallet_credit_delegation::CreditWeightedElection<Runtime, OnChainSeqPhragmen>;
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
	type ShouldEndSession = Babe;
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
	fn plans_an_era(current_era: sp_staking::EraIndex, session: sp_staking::SessionIndex) -> bool {
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
