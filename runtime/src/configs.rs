//! Configuration of every pallet of the runtime.
//!
//! The numbers that define MetaChain's economy and rhythm are here; `runtime/README.md` lists
//! them with their reasons.

use super::*;
use crate::{currency::*, time::*};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit, HoldConsideration},
		tokens::{imbalance::ResolveTo, PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, ConstU64, Contains, EitherOf, EitherOfDiverse, EqualPrivilegeOnly,
		InstanceFilter, LinearStoragePrice, NeverEnsureOrigin, Nothing, OnUnbalanced,
	},
	weights::{
		constants::{
			BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND,
		},
		ConstantMultiplier, Weight, WeightToFeeCoefficient, WeightToFeeCoefficients,
		WeightToFeePolynomial,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureWithSuccess,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{Bounded, ConvertInto, IdentityLookup, OpaqueKeys},
	transaction_validity::TransactionPriority,
	FixedPointNumber, Perquintill,
};

// ---------------------------------------------------------------------------------------------
// System
// ---------------------------------------------------------------------------------------------

/// Ordinary transactions may fill 75% of a block; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Blocks may spend up to 2 seconds of compute (of the 6-second slot).
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2), u64::MAX);
/// Blocks hold at most 5 MiB.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
/// Hooks (`on_initialize`) may use at most 10% of a block.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// 5 MiB per block, 75% of it for ordinary transactions.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |m| *m = NORMAL_DISPATCH_RATIO * *m)
		.build();
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions have some extra reserved space, so that they
			// are included even if block reached `MAXIMUM_BLOCK_WEIGHT`.
			weights.reserved = Some(
				MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT
			);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	/// Members may not replace themselves in a governing body (see [`BaseCallFilter`]).
	type BaseCallFilter = BaseCallFilter;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Chain timing (genesis-fixed epoch/era/bonding lengths)
// ---------------------------------------------------------------------------------------------

impl pallet_chain_timing::Config for Runtime {}

/// Slots per BABE epoch (= blocks per session), fixed at genesis.
pub type EpochDuration = pallet_chain_timing::EpochDurationOf<Runtime>;
/// Sessions per staking era, fixed at genesis.
pub type SessionsPerEra = pallet_chain_timing::SessionsPerEraOf<Runtime>;
/// Eras that stake stays bonded after `unbond`, fixed at genesis.
pub type BondingDuration = pallet_chain_timing::BondingDurationOf<Runtime>;
/// Eras a slash is deferred, fixed at genesis.
pub type SlashDeferDuration = pallet_chain_timing::SlashDeferDurationOf<Runtime>;
/// How long equivocation reports stay valid: one bonding period.
pub type ReportLongevity = pallet_chain_timing::ReportLongevityOf<Runtime>;

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
// Balances (MC) and transaction fees
// ---------------------------------------------------------------------------------------------

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	/// Dust of reaped accounts is burnt.
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = ConstU32<8>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// The treasury account, which receives transaction fees and slashes.
	pub TreasuryAccount: AccountId = Treasury::account_id();
}

/// Transaction fees go to the treasury; tips go to the block author, who chose to include the
/// transaction. Without a known author, the tip goes to the treasury too.
pub struct DealWithFees;
impl OnUnbalanced<Credit<AccountId, Balances>> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		if let Some(fees) = fees_then_tips.next() {
			ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(fees);
		}
		if let Some(tips) = fees_then_tips.next() {
			match Authorship::author() {
				Some(author) => {
					if let Err(tips) = <Balances as Balanced<AccountId>>::resolve(&author, tips) {
						ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(tips);
					}
				}
				None => ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(tips),
			}
		}
	}
}

/// Fees by weight: a transaction of the base extrinsic weight pays one thousandth of an MC
/// (plus its length fee).
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = MILLI_MC;
		let q = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec::smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

parameter_types! {
	/// 10 µMC per byte of a transaction.
	pub const TransactionByteFee: Balance = 10 * MICRO_MC;
	/// Operational transactions pay 5x the tip-equivalent priority.
	pub const OperationalFeeMultiplier: u8 = 5;
	/// The fee multiplier targets blocks 25% full.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 100_000);
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, DealWithFees>;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Incentive pool: 60% of MC, pays every reward
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The incentive pool's id; the pool is the keyless account derived from it.
	pub const IncentivePoolPalletId: PalletId = PalletId(*b"mc/incnt");
	pub const MaxSupply: Balance = TOTAL_SUPPLY;
	/// Staking rewards can be claimed for `HistoryDepth` eras; the pot keeps one more.
	pub const RewardWindow: u32 = HISTORY_DEPTH + 1;
	/// Governance may emit at most 20% of the pool per year as staking rewards.
	pub const MaxAnnualEmission: Perbill = Perbill::from_percent(20);
}

impl pallet_incentive_pool::Config for Runtime {
	type Currency = Balances;
	type PalletId = IncentivePoolPalletId;
	type MaxSupply = MaxSupply;
	type RewardWindow = RewardWindow;
	type MaxAnnualEmission = MaxAnnualEmission;
	/// The emission rate is an economic parameter: a referendum, Technical 2/3 or Foundation 2/3.
	type AdminOrigin = ReferendumOrTechnicalOrFoundation;
	/// Devices' share of each era's reward (`CreditRewardShare`) goes to the representative
	/// system before staking is paid the rest.
	type EraRewardSplit = CreditDelegation;
	type WeightInfo = pallet_incentive_pool::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Staking (NPoS), session, historical, offences, bags list
// ---------------------------------------------------------------------------------------------

/// Eras for which rewards can be claimed.
pub const HISTORY_DEPTH: u32 = 84;

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
	type AdminOrigin = ReferendumOrFoundation;
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
	type EventListeners = ();
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
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Staking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ();
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

// ---------------------------------------------------------------------------------------------
// Treasury: collects fees and slashes, burns 1% each 30-day spend period
// ---------------------------------------------------------------------------------------------

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// The treasury acts once every 30 days.
	pub const SpendPeriod: BlockNumber = 30 * DAYS;
	/// ... and burns 1% of its funds each time ("1% a month").
	pub const Burn: Permill = Permill::from_percent(1);
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	/// Removing an approved spend, voiding a spend: a referendum or Foundation 2/3.
	type RejectOrigin = ReferendumOrFoundation;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type PalletId = TreasuryPalletId;
	/// Burnt funds are destroyed: total issuance falls.
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	/// Spending: by referendum without limit, by the Foundation and the committees up to their
	/// caps (see [`TreasurySpender`]).
	type SpendOrigin = TreasurySpender;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<Self::Beneficiary>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

// ---------------------------------------------------------------------------------------------
// Utility, proxy, multisig, sudo
// ---------------------------------------------------------------------------------------------

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
}

/// What a proxy may do on behalf of its principal.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	Debug,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Anything.
	#[default]
	Any,
	/// Anything but moving funds.
	NonTransfer,
	/// Staking: bond, nominate, validate, payouts, session keys.
	Staking,
	/// Only cancelling other proxies' announcements.
	CancelProxy,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, c: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => !matches!(
				c,
				RuntimeCall::Balances(..)
					| RuntimeCall::Treasury(..)
					| RuntimeCall::Credit(pallet_credit::Call::replenish_credit { .. })
					| RuntimeCall::Musd(pallet_musd::Call::mint_musd { .. })
					| RuntimeCall::Musd(pallet_musd::Call::buy_service { .. })
					| RuntimeCall::Sudo(..)
					| RuntimeCall::Staking(pallet_staking::Call::unbond { .. })
					| RuntimeCall::Staking(pallet_staking::Call::withdraw_unbonded { .. })
			),
			ProxyType::Staking => matches!(
				c,
				RuntimeCall::Staking(..) | RuntimeCall::Session(..) | RuntimeCall::Utility(..)
			),
			ProxyType::CancelProxy => matches!(
				c,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
					| RuntimeCall::Utility(..)
					| RuntimeCall::Multisig(..)
			),
		}
	}
	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, _) => true,
			_ => false,
		}
	}
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const DepositBase: Balance = deposit(1, 88);
	pub const DepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = DepositBase;
	type DepositFactor = DepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Proof of credit: devices, invitations, credit
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The incentive pool account, which receives 20% of credit replenishment.
	pub IncentivePoolAccount: AccountId = IncentivePool::account_id();
	/// The credit rules of a network that sets none at genesis (the testnet's): a day per
	/// credit period; new devices start below the reward threshold and earn their way up.
	pub DefaultCreditParameters: pallet_credit::ParamsOf<Runtime> = pallet_credit::CreditParams {
		device_deposit: 1_000 * MC,
		deregister_delay: 7 * DAYS,
		min_inviter_credit: 100,
		invite_expiry: 7 * DAYS,
		max_open_invites: 10,
		initial_credit: 60,
		inviter_bonus: 5,
		max_inviter_bonus_per_period: 20,
		credit_period: DAYS,
		uptime_credit: 1,
		max_credit: 10_000,
		max_work_credit_per_period: 20,
		decay_per_period: 2,
		decay_grace_periods: 1,
		credit_per_level: 100,
		min_reward_credit: 100,
		credit_price: 50 * MC,
		replenish_reward_share: Perbill::from_percent(20),
	};
	/// Heartbeats rank high in the pool (they are free and small).
	pub const HeartbeatPriority: TransactionPriority = TransactionPriority::MAX / 2;
}

impl pallet_credit::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceSignature = Signature;
	type IncentivePool = IncentivePoolAccount;
	/// Parameters (technical: referendum or Technical 2/3; economic: also Foundation 2/3) and
	/// governance invitations (technical).
	type ConfigOrigin = ParameterOrigin;
	/// The representative system keeps validators' backing in step with devices' credit.
	type OnCreditChanged = CreditDelegation;
	/// Replenishment income adds to the next era's device rewards.
	type OnReplenished = CreditDelegation;
	type DefaultParameters = DefaultCreditParameters;
	type MaxOpenInvitesBound = ConstU32<32>;
	type MaxHeartbeatsPerBatch = ConstU32<1_000>;
	type HeartbeatPriority = HeartbeatPriority;
	type WeightInfo = pallet_credit::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_credit::benchmarking::Sr25519Helper;
}

impl pallet_skip_feeless_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
}

// ---------------------------------------------------------------------------------------------
// The representative system: credit delegation, proof-of-credit election, device rewards
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The reward pot of device rewards derives from this.
	pub const CreditDelegationPalletId: PalletId = PalletId(*b"mc/dlgtn");
	/// The delegation rules of a network that sets none at genesis (the testnet's). A new
	/// network starts with `MinValidatorCredit` 0: no device exists at genesis to back its
	/// validators, and an election nobody passes would stop eras. Governance raises it once
	/// devices back the validators; credit adds election weight from the start.
	pub DefaultDelegationParameters: pallet_credit_delegation::ParamsOf<Runtime> =
		pallet_credit_delegation::DelegationParams {
			redelegate_cooldown: 7 * DAYS,
			min_validator_credit: 0,
			credit_to_vote: 100 * MC,
			credit_reward_share: Perbill::from_percent(60),
			reward_history_depth: HISTORY_DEPTH,
		};
}

/// Staking as the delegation pallet reads it.
pub struct StakingForDelegation;
impl pallet_credit_delegation::StakingInfo<AccountId, Balance> for StakingForDelegation {
	fn active_era() -> Option<sp_staking::EraIndex> {
		pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index)
	}
	fn era_reward_points(era: sp_staking::EraIndex) -> (u32, Vec<(AccountId, u32)>) {
		let points = pallet_staking::ErasRewardPoints::<Runtime>::get(era);
		(points.total, points.individual.into_iter().collect())
	}
	fn commission(era: sp_staking::EraIndex, who: &AccountId) -> Perbill {
		pallet_staking::ErasValidatorPrefs::<Runtime>::get(era, who).commission
	}
	fn is_candidate(who: &AccountId) -> bool {
		pallet_staking::Validators::<Runtime>::contains_key(who)
	}
	fn active_stake(who: &AccountId) -> Balance {
		<Staking as sp_staking::StakingInterface>::active_stake(who).unwrap_or(0)
	}
	fn min_validator_bond() -> Balance {
		pallet_staking::MinValidatorBond::<Runtime>::get()
	}
	fn candidates() -> Vec<AccountId> {
		pallet_staking::Validators::<Runtime>::iter_keys().collect()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_candidate(who: &AccountId, stake: Balance) -> sp_runtime::DispatchResult {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, stake.saturating_mul(2));
		<Staking as sp_staking::StakingInterface>::bond(who, stake, who)?;
		Staking::validate(RuntimeOrigin::signed(who.clone()), Default::default())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_era_points(era: sp_staking::EraIndex, points: Vec<(AccountId, u32)>) {
		pallet_staking::ActiveEra::<Runtime>::put(pallet_staking::ActiveEraInfo {
			index: era,
			start: Some(0),
		});
		let mut record = pallet_staking::EraRewardPoints::<AccountId>::default();
		for (v, p) in points {
			pallet_staking::ErasValidatorPrefs::<Runtime>::insert(
				era,
				&v,
				pallet_staking::ValidatorPrefs {
					commission: Perbill::from_percent(10),
					blocked: false,
				},
			);
			record.total += p;
			record.individual.insert(v, p);
		}
		pallet_staking::ErasRewardPoints::<Runtime>::insert(era, record);
	}
}

impl pallet_credit_delegation::Config for Runtime {
	type Currency = Balances;
	type Credit = crate::Credit;
	type Staking = StakingForDelegation;
	type IncentivePool = IncentivePoolAccount;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type PalletId = CreditDelegationPalletId;
	/// Parameters: technical by referendum or Technical 2/3; economic also by Foundation 2/3.
	type ConfigOrigin = ParameterOrigin;
	type DefaultParameters = DefaultDelegationParameters;
	type MaxRewardedValidators = MaxValidatorSet;
	type SweepPageSize = ConstU32<16>;
	type WeightInfo = pallet_credit_delegation::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// MUSD: the MC/USD price oracle, MUSD stable points and services, workload settlement
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The oracle's rules of a network that sets none at genesis: a price needs 3 submissions
	/// younger than an hour, and moves at most 10% from the last recorded one.
	pub DefaultOracleParameters: pallet_price_oracle::ParamsOf<Runtime> =
		pallet_price_oracle::OracleParams {
			staleness_window: HOURS,
			min_feeders: 3,
			max_price_step: Perbill::from_percent(10),
		};
	/// The MUSD rules of a network that sets none at genesis: mint from 1 MC, orders from
	/// 1 MUSD, unused budgets refundable after 7 days.
	pub DefaultMusdParameters: pallet_musd::ParamsOf<Runtime> = pallet_musd::MusdParams {
		min_mint: MC,
		min_order: pallet_musd::MUSD,
		order_expiry: 7 * DAYS,
	};
	/// The pot of settled workload budgets derives from this.
	pub const WorkloadPalletId: PalletId = PalletId(*b"mc/wrkld");
	/// The workload rules of a network that sets none at genesis: day-long settlement, 100,000
	/// MC a day from the incentive pool, 1 credit point per MUSD of work, 30 days to claim.
	pub DefaultWorkloadParameters: pallet_workload::ParamsOf<Runtime> =
		pallet_workload::WorkloadParams {
			settlement_period: DAYS,
			daily_workload_reward: 100_000 * MC,
			credit_per_musd: 1,
			history_depth: 30,
		};
}

impl pallet_price_oracle::Config for Runtime {
	/// Feeders: a referendum or Technical 2/3.
	type FeederOrigin = ReferendumOrTechnical;
	/// Parameters (technical): a referendum or Technical 2/3.
	type ConfigOrigin = ReferendumOrTechnical;
	type MaxFeeders = ConstU32<16>;
	type DefaultParameters = DefaultOracleParameters;
	type WeightInfo = pallet_price_oracle::weights::SubstrateWeight<Runtime>;
}

impl pallet_musd::Config for Runtime {
	type Currency = Balances;
	type NativeDecimals = ConstU32<{ crate::currency::DECIMALS as u32 }>;
	type Price = PriceOracle;
	type Credit = crate::Credit;
	type OnWorkDone = Workload;
	type ReceiptSignature = Signature;
	/// Services and their prices (economic): a referendum, Technical 2/3 or Foundation 2/3.
	type ServiceOrigin = ReferendumOrTechnicalOrFoundation;
	/// Parameters: technical by referendum or Technical 2/3; economic also by Foundation 2/3.
	type ConfigOrigin = ParameterOrigin;
	type DefaultParameters = DefaultMusdParameters;
	type MaxServiceNameLen = ConstU32<64>;
	type MaxProvidersPerOrder = ConstU32<16>;
	type WeightInfo = pallet_musd::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_credit::benchmarking::Sr25519Helper;
}

impl pallet_workload::Config for Runtime {
	type Currency = Balances;
	type IncentivePool = IncentivePoolAccount;
	type PalletId = WorkloadPalletId;
	type Credit = crate::Credit;
	/// Parameters: technical by referendum or Technical 2/3; economic also by Foundation 2/3.
	type ConfigOrigin = ParameterOrigin;
	type DefaultParameters = DefaultWorkloadParameters;
	type MaxHistoryDepth = ConstU32<60>;
	type MaxClaimDays = ConstU32<32>;
	type ExpiryPageSize = ConstU32<256>;
	type WeightInfo = pallet_workload::weights::SubstrateWeight<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Governance: the Foundation and three committees, stake-weighted referenda, the scheduler
// ---------------------------------------------------------------------------------------------
//
// Who may make each privileged call is listed in `runtime/README.md` ("Privileged calls") and
// checked by `runtime/tests/governance.rs`. Root is an approved referendum (and, on the
// development chain only, sudo): no other path leads to it.

/// The Foundation's collective (long-term planning, arbitration, contributors' rewards).
pub type FoundationCollective = pallet_collective::Instance1;
/// The Technical Committee's collective (technical optimisation and upgrades).
pub type TechnicalCollective = pallet_collective::Instance2;
/// The Community Committee's collective (daily community operations).
pub type CommunityCollective = pallet_collective::Instance3;
/// The Ecosystem Construction Committee's collective (ecosystem proposals).
pub type EcosystemCollective = pallet_collective::Instance4;
/// The Foundation's membership.
pub type FoundationMembershipInstance = pallet_membership::Instance1;
/// The Technical Committee's membership.
pub type TechnicalMembershipInstance = pallet_membership::Instance2;
/// The Community Committee's membership.
pub type CommunityMembershipInstance = pallet_membership::Instance3;
/// The Ecosystem Committee's membership.
pub type EcosystemMembershipInstance = pallet_membership::Instance4;

/// An approved referendum (root).
pub type Referendum = EnsureRoot<AccountId>;
/// Two thirds of the Foundation.
pub type FoundationTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, FoundationCollective, 2, 3>;
/// Two thirds of the Technical Committee.
pub type TechnicalTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;
/// All of the Technical Committee.
pub type TechnicalUnanimous =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 1, 1>;
/// Half of the Community Committee.
pub type CommunityHalf =
	pallet_collective::EnsureProportionAtLeast<AccountId, CommunityCollective, 1, 2>;
/// Half of the Ecosystem Committee.
pub type EcosystemHalf =
	pallet_collective::EnsureProportionAtLeast<AccountId, EcosystemCollective, 1, 2>;

/// A referendum or two thirds of the Foundation.
pub type ReferendumOrFoundation = EitherOfDiverse<Referendum, FoundationTwoThirds>;
/// A referendum or two thirds of the Technical Committee.
pub type ReferendumOrTechnical = EitherOfDiverse<Referendum, TechnicalTwoThirds>;
/// A referendum, two thirds of the Technical Committee, or two thirds of the Foundation.
pub type ReferendumOrTechnicalOrFoundation =
	EitherOfDiverse<Referendum, EitherOfDiverse<TechnicalTwoThirds, FoundationTwoThirds>>;
/// A referendum or the whole Technical Committee.
pub type ReferendumOrTechnicalUnanimous = EitherOfDiverse<Referendum, TechnicalUnanimous>;

/// Who changes the parameters of the credit, delegation, MUSD and workload pallets: technical
/// parameters by a referendum or Technical 2/3; economic ones also by Foundation 2/3.
pub struct ParameterOrigin;
impl frame_support::traits::EnsureOriginWithArg<RuntimeOrigin, pallet_credit::ParameterKind>
	for ParameterOrigin
{
	type Success = ();
	fn try_origin(
		o: RuntimeOrigin,
		kind: &pallet_credit::ParameterKind,
	) -> Result<(), RuntimeOrigin> {
		use frame_support::traits::EnsureOrigin;
		match kind {
			pallet_credit::ParameterKind::Technical => {
				<ReferendumOrTechnical as EnsureOrigin<RuntimeOrigin>>::try_origin(o).map(|_| ())
			}
			pallet_credit::ParameterKind::Economic => {
				<ReferendumOrTechnicalOrFoundation as EnsureOrigin<RuntimeOrigin>>::try_origin(o)
					.map(|_| ())
			}
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_: &pallet_credit::ParameterKind) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

parameter_types! {
	/// A preimage holds 40 MC plus 1 mMC per byte while it is stored.
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	pub const PreimageByteDeposit: Balance = MILLI_MC;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Requesting and clearing others' preimages: a referendum.
	type ManagerOrigin = Referendum;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Scheduling calls directly: a referendum (approved proposals are scheduled by
	/// `Governance` itself).
	type ScheduleOrigin = Referendum;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// A committee motion stays open 7 days.
	pub const MotionDuration: BlockNumber = 7 * DAYS;
	/// A motion may dispatch a call of up to half a block.
	pub MaxCollectiveProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The most members of a body.
pub const MAX_MEMBERS: u32 = 100;

macro_rules! body {
	($collective:ty, $membership:ty, $pallet:ident, $manager:ty) => {
		impl pallet_collective::Config<$collective> for Runtime {
			type RuntimeOrigin = RuntimeOrigin;
			type Proposal = RuntimeCall;
			type RuntimeEvent = RuntimeEvent;
			type MotionDuration = MotionDuration;
			type MaxProposals = ConstU32<100>;
			type MaxMembers = ConstU32<MAX_MEMBERS>;
			/// No prime member: members who do not vote count as nays when a motion closes,
			/// so unanimity means every member.
			type DefaultVote = pallet_collective::PrimeDefaultVote;
			type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
			/// Members change only through the membership pallet.
			type SetMembersOrigin = NeverEnsureOrigin<()>;
			type MaxProposalWeight = MaxCollectiveProposalWeight;
			type DisapproveOrigin = Referendum;
			type KillOrigin = Referendum;
			type Consideration = ();
		}

		impl pallet_membership::Config<$membership> for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type AddOrigin = $manager;
			type RemoveOrigin = $manager;
			type SwapOrigin = $manager;
			type ResetOrigin = $manager;
			/// No prime member (see `DefaultVote`).
			type PrimeOrigin = NeverEnsureOrigin<()>;
			type MembershipInitialized = $pallet;
			type MembershipChanged = $pallet;
			type MaxMembers = ConstU32<MAX_MEMBERS>;
			type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
		}
	};
}

// The Foundation's members change by referendum only; the committees' also by Foundation 2/3.
body!(FoundationCollective, FoundationMembershipInstance, Foundation, Referendum);
body!(TechnicalCollective, TechnicalMembershipInstance, TechnicalCommittee, ReferendumOrFoundation);
body!(CommunityCollective, CommunityMembershipInstance, CommunityCommittee, ReferendumOrFoundation);
body!(EcosystemCollective, EcosystemMembershipInstance, EcosystemCommittee, ReferendumOrFoundation);

/// Calls no origin but root may make, filtered for every other origin: a member replacing
/// itself (`change_key`) would change a body's membership without its governing body.
pub struct BaseCallFilter;
impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			RuntimeCall::FoundationMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::TechnicalMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::CommunityMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::EcosystemMembership(pallet_membership::Call::change_key { .. })
		)
	}
}

/// Whether `call` changes, or may change, the runtime's code or storage directly, looking into
/// the calls it dispatches (utility batches and wrappers, scheduled calls, sudo) up to a depth
/// beyond which it is assumed to.
pub fn is_upgrade_call(call: &RuntimeCall, depth: u32) -> bool {
	if depth > 8 {
		return true;
	}
	let inner = |c: &RuntimeCall| is_upgrade_call(c, depth + 1);
	match call {
		RuntimeCall::System(c) => matches!(
			c,
			frame_system::Call::set_code { .. }
				| frame_system::Call::set_code_without_checks { .. }
				| frame_system::Call::authorize_upgrade { .. }
				| frame_system::Call::authorize_upgrade_without_checks { .. }
				| frame_system::Call::set_storage { .. }
				| frame_system::Call::kill_storage { .. }
				| frame_system::Call::kill_prefix { .. }
				| frame_system::Call::set_heap_pages { .. }
		),
		// The joint approval authorizes an upgrade.
		RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { .. }) => true,
		RuntimeCall::Utility(c) => match c {
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls } => calls.iter().any(inner),
			pallet_utility::Call::as_derivative { call, .. }
			| pallet_utility::Call::dispatch_as { call, .. }
			| pallet_utility::Call::dispatch_as_fallible { call, .. }
			| pallet_utility::Call::with_weight { call, .. } => inner(call),
			pallet_utility::Call::if_else { main, fallback } => inner(main) || inner(fallback),
			_ => false,
		},
		RuntimeCall::Scheduler(c) => match c {
			pallet_scheduler::Call::schedule { call, .. }
			| pallet_scheduler::Call::schedule_named { call, .. }
			| pallet_scheduler::Call::schedule_after { call, .. }
			| pallet_scheduler::Call::schedule_named_after { call, .. } => inner(call),
			_ => false,
		},
		RuntimeCall::Sudo(c) => match c {
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. } => inner(call),
			_ => false,
		},
		_ => false,
	}
}

/// The proposals decided in the upgrade lane (see [`is_upgrade_call`]).
pub struct UpgradeCalls;
impl Contains<RuntimeCall> for UpgradeCalls {
	fn contains(call: &RuntimeCall) -> bool {
		is_upgrade_call(call, 0)
	}
}

/// Staking's root-only administration calls, which the Foundation (2/3) may make through
/// `governance.stakingAdmin` (the others take staking's `AdminOrigin` directly).
pub struct StakingAdminCalls;
impl Contains<RuntimeCall> for StakingAdminCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Staking(
				pallet_staking::Call::set_validator_count { .. }
					| pallet_staking::Call::increase_validator_count { .. }
					| pallet_staking::Call::scale_validator_count { .. }
					| pallet_staking::Call::force_no_eras { .. }
					| pallet_staking::Call::force_new_era { .. }
					| pallet_staking::Call::force_new_era_always { .. }
					| pallet_staking::Call::set_invulnerables { .. }
					| pallet_staking::Call::force_unstake { .. }
					| pallet_staking::Call::set_staking_configs { .. }
			)
		)
	}
}

/// Bonded MC as `pallet-staking` keeps it: each ledger's `active`.
pub struct StakingForGovernance;
impl pallet_governance::BondedStake<AccountId, Balance> for StakingForGovernance {
	fn bonded(who: &AccountId) -> Balance {
		<Staking as sp_staking::StakingInterface>::stake(who).map(|s| s.active).unwrap_or(0)
	}
	fn count(
		cursor: Option<&pallet_governance::StakeCursor>,
		limit: u32,
	) -> pallet_governance::CountPage<Balance> {
		let mut iter = match cursor {
			Some(c) => pallet_staking::Ledger::<Runtime>::iter_from(c.to_vec()),
			None => pallet_staking::Ledger::<Runtime>::iter(),
		};
		let mut page = pallet_governance::CountPage::<Balance>::default();
		let mut last = None;
		while page.counted < limit {
			match iter.next() {
				Some((controller, ledger)) => {
					page.total = page.total.saturating_add(ledger.active);
					page.counted += 1;
					last = Some(controller);
				}
				None => return page,
			}
		}
		page.next = last.map(|c| {
			pallet_governance::StakeCursor::truncate_from(
				pallet_staking::Ledger::<Runtime>::hashed_key_for(&c),
			)
		});
		page
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_staker(who: &AccountId, amount: Balance) -> sp_runtime::DispatchResult {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, amount.saturating_mul(2));
		<Staking as sp_staking::StakingInterface>::bond(who, amount, who)
	}
}

parameter_types! {
	/// The governance rules of a network that sets none at genesis (the testnet's): a deposit
	/// of 1,000 MC, voting periods of 1 to 7 days, enactment 1 day after approval.
	pub DefaultGovernanceParameters: pallet_governance::ParamsOf<Runtime> =
		pallet_governance::GovernanceParams {
			submission_deposit: 1_000 * MC,
			min_voting_period: DAYS,
			max_voting_period: 7 * DAYS,
			enactment_delay: DAYS,
		};
}

impl pallet_governance::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Stake = StakingForGovernance;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type UpgradeCalls = UpgradeCalls;
	/// Deposits of rejected proposals go to the treasury.
	type Treasury = TreasuryAccount;
	type CancelOrigin = ReferendumOrTechnicalUnanimous;
	type FastTrackOrigin = ReferendumOrTechnicalUnanimous;
	type TechnicalOrigin = TechnicalTwoThirds;
	type FoundationOrigin = FoundationTwoThirds;
	type ConfigOrigin = Referendum;
	/// The Foundation (2/3) makes staking's root-only administration calls.
	type StakingAdminOrigin = FoundationTwoThirds;
	type StakingAdminCalls = StakingAdminCalls;
	type MaxQueued = ConstU32<100>;
	/// As large as a preimage may be.
	type MaxProposalLen = ConstU32<{ 4 * 1024 * 1024 }>;
	type CountPageSize = ConstU32<256>;
	/// Bonded MC is recounted every 10 minutes (plus the count's own pages).
	type RecountInterval = ConstU32<{ 10 * MINUTES }>;
	type DefaultParameters = DefaultGovernanceParameters;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The most a spend by the Ecosystem Committee (half) may pay.
	pub const EcosystemSpendCap: Balance = 1_000_000 * MC;
	/// The most a spend by the Community Committee (half) may pay.
	pub const CommunitySpendCap: Balance = 100_000 * MC;
	/// The most a spend by the Foundation (two thirds) may pay.
	pub const FoundationSpendCap: Balance = 10_000_000 * MC;
}

/// Who may spend from the treasury, and up to how much: a referendum anything; the Foundation
/// (2/3) up to `FoundationSpendCap`; the Ecosystem Committee (1/2) up to `EcosystemSpendCap`;
/// the Community Committee (1/2) up to `CommunitySpendCap`.
pub type TreasurySpender = EitherOf<
	frame_system::EnsureRootWithSuccess<AccountId, MaxBalance>,
	EitherOf<
		EnsureWithSuccess<FoundationTwoThirds, AccountId, FoundationSpendCap>,
		EitherOf<
			EnsureWithSuccess<EcosystemHalf, AccountId, EcosystemSpendCap>,
			EnsureWithSuccess<CommunityHalf, AccountId, CommunitySpendCap>,
		>,
	>,
>;

// ---------------------------------------------------------------------------------------------
// TracChain anchoring: checkpoints recorded on Ethereum and Bitcoin
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// A checkpoint every 600 blocks (one hour at 6 s) unless genesis or governance says
	/// otherwise.
	pub const DefaultCheckpointInterval: BlockNumber = 600;
}

/// The largest checkpoint interval: 1200 blocks, below `BlockHashCount` (2400), whose block
/// hashes a checkpoint reads.
pub const MAX_CHECKPOINT_INTERVAL: u32 = 1200;

impl pallet_anchoring::Config for Runtime {
	/// Relayers, threshold and targets: a referendum or Technical 2/3.
	type RelayerOrigin = ReferendumOrTechnical;
	/// The interval: a referendum or Technical 2/3.
	type ConfigOrigin = ReferendumOrTechnical;
	/// The reward pallets' digests: era emissions, device rewards, workload days.
	type Contributors = (crate::IncentivePool, crate::CreditDelegation, crate::Workload);
	type MaxRelayers = ConstU32<16>;
	type MaxTargets = ConstU32<8>;
	type MaxCheckpointInterval = ConstU32<MAX_CHECKPOINT_INTERVAL>;
	type DefaultCheckpointInterval = DefaultCheckpointInterval;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
}
