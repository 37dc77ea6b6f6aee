//! Test runtime: System, Balances, Session (periodic sessions of [`PERIOD`] blocks, turned by
//! this pallet) and the pallet; the kind of each turn is set by the tests ([`MockTurn`]).

use crate::{self as pallet_session_rotation, *};
use frame_support::traits::ConstU64;
use sp_runtime::{testing::UintAuthorityId, traits::ConvertInto, BuildStorage};

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		SessionRotation: pallet_session_rotation,
	}
);

metachain_primitives::impl_mock_system_and_balances!(Test, ed: 1);

/// Blocks of a session.
pub const PERIOD: u64 = 5;

/// Sessions end every [`PERIOD`] blocks.
pub type Periodic = pallet_session::PeriodicSessions<ConstU64<PERIOD>, ConstU64<0>>;

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = NeverFromSession;
	type NextSessionRotation = Periodic;
	type SessionManager = ();
	type SessionHandler = pallet_session::TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ();
}

std::thread_local! {
	static KIND: core::cell::Cell<TurnKind> = const { core::cell::Cell::new(TurnKind::Plain) };
}

/// The kind of the next turn, as the tests set it.
pub struct MockTurn;
impl MockTurn {
	/// Make the next turns of `kind`.
	pub fn set(kind: TurnKind) {
		KIND.with(|k| k.set(kind));
	}
}
impl SessionTurn for MockTurn {
	fn upcoming() -> TurnKind {
		KIND.with(|k| k.get())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper for MockTurn {
	fn prepare(kind: TurnKind) -> Result<(), &'static str> {
		Self::set(kind);
		Ok(())
	}
}

impl Config for Test {
	type EndSession = Periodic;
	type SessionTurn = MockTurn;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockTurn;
}

/// Three validators with keys, sessions of [`PERIOD`] blocks, at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let validators: Vec<AccountId> = (1..=3u8).map(|i| AccountId::new([i; 32])).collect();
	pallet_balances::GenesisConfig::<Test> {
		balances: validators.iter().map(|v| (v.clone(), 100)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: validators
			.iter()
			.enumerate()
			.map(|(i, v)| (v.clone(), v.clone(), UintAuthorityId(i as u64 + 1)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	MockTurn::set(TurnKind::Plain);
	ext_at_block_one(storage)
}
