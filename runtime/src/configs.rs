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
		fungible::{Balanced, Credit},
		tokens::{imbalance::ResolveTo, PayFromAccount, UnityAssetBalanceConversion},
		AsEnsureOriginWithArg, ConstU32, ConstU64, InstanceFilter, Nothing, OnUnbalanced,
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
				},
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
	type AdminOrigin = EnsureRoot<AccountId>;
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
	/// Staking administration (validator count, force era, cancel slashes): root, i.e. sudo on
	/// the development chain; governance will take it over.
	type AdminOrigin = EnsureRoot<AccountId>;
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
	type RejectOrigin = EnsureRoot<AccountId>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type PalletId = TreasuryPalletId;
	/// Burnt funds are destroyed: total issuance falls.
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	/// Spending needs root until governance arrives.
	type SpendOrigin = EnsureWithSuccess<EnsureRoot<AccountId>, AccountId, MaxBalance>;
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
				RuntimeCall::Balances(..) |
					RuntimeCall::Treasury(..) |
					RuntimeCall::Credit(pallet_credit::Call::replenish_credit { .. }) |
					RuntimeCall::Musd(pallet_musd::Call::mint_musd { .. }) |
					RuntimeCall::Musd(pallet_musd::Call::buy_service { .. }) |
					RuntimeCall::Sudo(..) |
					RuntimeCall::Staking(pallet_staking::Call::unbond { .. }) |
					RuntimeCall::Staking(pallet_staking::Call::withdraw_unbonded { .. })
			),
			ProxyType::Staking => matches!(
				c,
				RuntimeCall::Staking(..) | RuntimeCall::Session(..) | RuntimeCall::Utility(..)
			),
			ProxyType::CancelProxy => matches!(
				c,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. }) |
					RuntimeCall::Utility(..) |
					RuntimeCall::Multisig(..)
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
	/// Parameters and governance invitations: root until the governance milestone.
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
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
				pallet_staking::ValidatorPrefs { commission: Perbill::from_percent(10), blocked: false },
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
	/// Parameters: root until the governance milestone.
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
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
	/// Feeders: root until the governance milestone.
	type FeederOrigin = EnsureRoot<AccountId>;
	/// Parameters: root until the governance milestone.
	type ConfigOrigin = EnsureRoot<AccountId>;
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
	/// Services: root until the governance milestone.
	type ServiceOrigin = EnsureRoot<AccountId>;
	/// Parameters: root until the governance milestone.
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
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
	/// Parameters: root until the governance milestone.
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type DefaultParameters = DefaultWorkloadParameters;
	type MaxHistoryDepth = ConstU32<60>;
	type MaxClaimDays = ConstU32<32>;
	type ExpiryPageSize = ConstU32<256>;
	type WeightInfo = pallet_workload::weights::SubstrateWeight<Runtime>;
}
