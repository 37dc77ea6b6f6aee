//! Test runtime for anchoring: System and Anchoring, with two test contributors.

use crate::{self as pallet_anchoring, *};
use core::cell::RefCell;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Anchoring: pallet_anchoring,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type BlockHashCount = ConstU64<250>;
}

/// Most relayers in the tests.
pub const MAX_RELAYERS: u32 = 5;
/// Most targets in the tests.
pub const MAX_TARGETS: u32 = 4;
/// The largest interval in the tests.
pub const MAX_INTERVAL: u32 = 64;
/// The genesis interval of the tests.
pub const INTERVAL: u64 = 5;

/// Ethereum (anvil's chain id) and Bitcoin regtest.
pub const ETH: AnchorTarget = AnchorTarget::Ethereum { chain_id: 31337 };
pub const BTC: AnchorTarget = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };

parameter_types! {
	pub const DefaultInterval: u64 = INTERVAL;
}

ord_parameter_types! {
	/// The account that sets relayers and targets (`RelayerOrigin`); the interval is root's.
	pub const RelayerAdmin: AccountId = 100;
}

thread_local! {
	/// The test contributors' running digests, by contributor.
	static DIGESTS: RefCell<[RunningDigest; 2]> = RefCell::new([RunningDigest::default(); 2]);
}

/// The weight each test contributor reports.
pub const CONTRIBUTOR_WEIGHT: Weight = Weight::from_parts(1_000_000, 100);

/// A test contributor: contributor `I` with id `*b"testerI_"`.
pub struct TestContributor<const I: usize>;
impl<const I: usize> TestContributor<I> {
	/// Its id.
	pub fn id() -> ContributorId {
		let mut id = *b"tester0_";
		id[6] = b'0' + I as u8;
		id
	}
	/// Notes a reward calculation.
	pub fn note(record: &impl codec::Encode) {
		DIGESTS.with(|d| d.borrow_mut()[I].note(record));
	}
}
impl<const I: usize> CheckpointContributor for TestContributor<I> {
	fn contribute(_checkpoint: CheckpointNumber, digests: &mut Vec<ContributedDigest>) -> Weight {
		let digest = DIGESTS.with(|d| core::mem::take(&mut d.borrow_mut()[I]));
		digests.push(ContributedDigest { contributor: Self::id(), digest });
		CONTRIBUTOR_WEIGHT
	}
}

impl Config for Test {
	type RelayerOrigin = EnsureSignedBy<RelayerAdmin, AccountId>;
	type ConfigOrigin = EnsureRoot<AccountId>;
	type Contributors = (TestContributor<0>, TestContributor<1>);
	type MaxRelayers = ConstU32<MAX_RELAYERS>;
	type MaxTargets = ConstU32<MAX_TARGETS>;
	type MaxCheckpointInterval = ConstU32<MAX_INTERVAL>;
	type DefaultCheckpointInterval = DefaultInterval;
	type WeightInfo = ();
}

/// Relayers 1, 2 and 3 with threshold 2, targets Ethereum and Bitcoin, interval 5; at genesis
/// (block 0).
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext(vec![1, 2, 3], Some(2), vec![ETH, BTC])
}

/// A test externality with this genesis, at block 0 (the genesis block).
pub fn ext(
	relayers: Vec<AccountId>,
	threshold: Option<u32>,
	targets: Vec<AnchorTarget>,
) -> sp_io::TestExternalities {
	DIGESTS.with(|d| *d.borrow_mut() = Default::default());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		anchoring: pallet_anchoring::GenesisConfig { interval: None, relayers, threshold, targets },
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
