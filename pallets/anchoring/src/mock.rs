//! Test runtime for anchoring: System, Balances (relayers' bonds) and Anchoring, with two listed
//! contributors whose digests the tests note through [`RewardDigests`] (this pallet is the
//! store).

use crate::{self as pallet_anchoring, *};
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::RuntimeDbWeight,
};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Anchoring: pallet_anchoring,
	}
);

/// Database weights of the tests (not zero, so the tests see what the hook accounts).
pub const DB_WEIGHT: RuntimeDbWeight = RuntimeDbWeight { read: 1_000, write: 10_000 };

parameter_types! {
	pub const TestDbWeight: RuntimeDbWeight = DB_WEIGHT;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type BlockHashCount = ConstU64<250>;
	type DbWeight = TestDbWeight;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// The least bond in the tests.
pub const MIN_BOND: u64 = 1_000;
/// Blocks from unbonding to the release of a bond in the tests.
pub const UNBOND_DELAY: u64 = 20;
/// Blocks a bond must be held before its relayer signs, in the tests.
pub const BOND_AGE: u64 = 10;
/// Blocks between free heartbeats in the tests.
pub const LIVENESS: u64 = 3;
/// Blocks without a sign of life after which a relayer is silent, in the tests.
pub const SILENT_AFTER: u64 = 9;
/// Blocks each key-generation round stays open in the tests.
pub const DKG_ROUND: u64 = 4;
/// Satoshis per group anchor.
pub const BTC_FEE: u64 = 1_000;
/// What every test account (1 to 9 and 100) holds at genesis.
pub const FUNDS: u64 = 10_000;

/// Most relayers in the tests.
pub const MAX_RELAYERS: u32 = 5;
/// Most targets in the tests.
pub const MAX_TARGETS: u32 = 4;
/// The largest interval in the tests.
pub const MAX_INTERVAL: u32 = 64;
/// The genesis interval of the tests.
pub const INTERVAL: u64 = 5;

/// The first listed contributor.
pub const TESTER_0: ContributorId = *b"tester0_";
/// The second listed contributor.
pub const TESTER_1: ContributorId = *b"tester1_";
/// A contributor the runtime does not list.
pub const STRANGER: ContributorId = *b"stranger";

/// Ethereum (anvil's chain id) and Bitcoin regtest.
pub const ETH: AnchorTarget = AnchorTarget::Ethereum { chain_id: 31337 };
pub const BTC: AnchorTarget = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };

parameter_types! {
	pub const DefaultParams: ParamsOf<Test> = AnchoringParams {
		checkpoint_interval: INTERVAL,
		relayer_bond_age: BOND_AGE,
		liveness_period: LIVENESS,
		silent_after: SILENT_AFTER,
		dkg_round_blocks: DKG_ROUND,
		btc_fee: BTC_FEE,
	};
	/// The contributors, in checkpoint order.
	pub Contributors: ContributorList = ContributorList::truncate_from(vec![TESTER_0, TESTER_1]);
}

ord_parameter_types! {
	/// The account that sets relayers and targets (`RelayerOrigin`).
	pub const RelayerAdmin: AccountId = 100;
	/// Where slashed bonds go (the treasury's stand-in).
	pub const SlashSink: AccountId = 200;
}

impl Config for Test {
	type RelayerOrigin = EnsureSignedBy<RelayerAdmin, AccountId>;
	type Contributors = Contributors;
	type MaxRelayers = ConstU32<MAX_RELAYERS>;
	type MaxTargets = ConstU32<MAX_TARGETS>;
	type MaxCheckpointInterval = ConstU32<MAX_INTERVAL>;
	type DefaultParameters = DefaultParams;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinRelayerBond = ConstU64<MIN_BOND>;
	type RelayerUnbondDelay = ConstU64<UNBOND_DELAY>;
	type SlashBeneficiary = SlashSink;
	type WeightInfo = ();
}

/// Relayers 1, 2 and 3 with threshold 2, targets Ethereum and Bitcoin, the default interval
/// (5); at genesis (block 0).
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext(vec![1, 2, 3], Some(2), vec![ETH, BTC])
}

/// A test externality with this genesis and the default interval, at block 0 (the genesis
/// block).
pub fn ext(
	relayers: Vec<AccountId>,
	threshold: Option<u32>,
	targets: Vec<AnchorTarget>,
) -> sp_io::TestExternalities {
	ext_with(None, relayers, threshold, targets)
}

/// A test externality with this genesis, at block 0 (the genesis block).
pub fn ext_with(
	params: Option<ParamsOf<Test>>,
	relayers: Vec<AccountId>,
	threshold: Option<u32>,
	targets: Vec<AnchorTarget>,
) -> sp_io::TestExternalities {
	metachain_primitives::testing::reset();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: (1..=9).chain([100]).map(|who| (who, FUNDS)).collect(),
			..Default::default()
		},
		anchoring: pallet_anchoring::GenesisConfig { params, relayers, threshold, targets },
	}
	.build_storage()
	.expect("valid genesis");
	sp_io::TestExternalities::new(storage)
}

/// The hash the tests give block `n`.
pub fn hash_of(n: u64) -> H256 {
	H256(sp_io::hashing::keccak_256(&(b"test block", n).encode()))
}

/// Executes blocks up to `n`: each block is initialized with its parent's test hash (so
/// `frame_system` records `hash_of(parent)`), then runs the `on_initialize` hooks.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::reset_events();
		System::initialize(&next, &hash_of(next - 1), &Default::default());
		<AllPalletsWithSystem as frame_support::traits::OnInitialize<u64>>::on_initialize(next);
	}
}
