//! System, chain timing, and the account tools: utility batches, proxies, multisig, sudo
//! (development chain only), and the call filter.

use super::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

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
	/// The transaction extensions' weights, measured on this runtime (its database weights):
	/// `scripts/benchmark.sh frame_system_extensions`.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
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
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Copy, Clone, Eq, PartialEq, Ord, PartialOrd, Debug, Default)]
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
					// Rewards paid to another account are a transfer by the back door.
					| RuntimeCall::Staking(pallet_staking::Call::bond { .. })
					| RuntimeCall::Staking(pallet_staking::Call::set_payee { .. })
					| RuntimeCall::Staking(pallet_staking::Call::update_payee { .. })
					// A proposal's deposit is lost when it fails.
					| RuntimeCall::Governance(pallet_governance::Call::submit { .. })
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
			// Not `Staking`: a staking proxy may unbond and withdraw, a non-transfer one may not.
			(ProxyType::NonTransfer, ProxyType::CancelProxy) => true,
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
