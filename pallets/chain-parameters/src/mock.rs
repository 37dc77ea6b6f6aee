//! Test runtime for chain parameters: System, ChainParameters, and two stub pallets owning a
//! parameter set each (kept in storage, with a check the tests can trip).

use crate::{self as pallet_chain_parameters, *};
use frame_support::{
	derive_impl, dispatch::DispatchResult, ensure, pallet_prelude::OptionQuery,
	traits::EnsureOriginWithArg,
};
use frame_system::RawOrigin;
use metachain_primitives::parameters::GovernedParameters;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ChainParameters: pallet_chain_parameters,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

metachain_primitives::parameter_set! {
	/// A stub pallet's rules.
	pub struct RulesA<Balance>;
	/// One of them.
	pub enum RuleA {
		/// A deposit (economic).
		deposit: Balance => Deposit(Economic),
		/// A period, never zero (technical).
		period: u32 => Period(Technical),
	}
}

metachain_primitives::parameter_set! {
	/// Another stub pallet's rules.
	pub struct RulesB;
	/// One of them.
	pub enum RuleB {
		/// A voting period (governance).
		voting_period: u32 => VotingPeriod(Governance),
	}
}

#[frame_support::storage_alias]
type StoredA = StorageValue<StubA, RulesA<u64>, OptionQuery>;
#[frame_support::storage_alias]
type StoredB = StorageValue<StubB, RulesB, OptionQuery>;

/// The rules of stub A at genesis.
pub const GENESIS_A: RulesA<u64> = RulesA { deposit: 100, period: 10 };
/// The rules of stub B at genesis.
pub const GENESIS_B: RulesB = RulesB { voting_period: 7 };

/// A pallet owning [`RulesA`]: refuses a zero period.
pub struct StubA;
impl GovernedParameters for StubA {
	type Set = RulesA<u64>;
	fn parameters() -> RulesA<u64> {
		StoredA::get().unwrap_or(GENESIS_A)
	}
	fn set_parameters(new: RulesA<u64>) -> DispatchResult {
		ensure!(new.period > 0, "stub A: zero period");
		StoredA::put(new);
		Ok(())
	}
}

/// A pallet owning [`RulesB`].
pub struct StubB;
impl GovernedParameters for StubB {
	type Set = RulesB;
	fn parameters() -> RulesB {
		StoredB::get().unwrap_or(GENESIS_B)
	}
	fn set_parameters(new: RulesB) -> DispatchResult {
		StoredB::put(new);
		Ok(())
	}
}

metachain_primitives::runtime_parameters! {
	/// Every parameter of the test runtime.
	pub enum TestParameter {
		/// Stub A's.
		A(StubA),
		/// Stub B's.
		B(StubB),
	}
}

/// The technical committee's account in the tests.
pub const TECHNICAL: AccountId = 1;
/// The foundation's account in the tests.
pub const FOUNDATION: AccountId = 2;

/// As the runtime routes kinds: technical parameters by root or [`TECHNICAL`]; economic ones
/// also by [`FOUNDATION`]; governance ones by root only.
pub struct KindOrigin;
impl EnsureOriginWithArg<RuntimeOrigin, ParameterKind> for KindOrigin {
	type Success = ();
	fn try_origin(o: RuntimeOrigin, kind: &ParameterKind) -> Result<(), RuntimeOrigin> {
		let allowed = match o.clone().into() {
			Ok(RawOrigin::Root) => true,
			Ok(RawOrigin::Signed(TECHNICAL)) => *kind != ParameterKind::Governance,
			Ok(RawOrigin::Signed(FOUNDATION)) => *kind == ParameterKind::Economic,
			_ => false,
		};
		if allowed {
			Ok(())
		} else {
			Err(o)
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_: &ParameterKind) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

#[cfg(feature = "runtime-benchmarks")]
frame_support::parameter_types! {
	pub WorstCase: TestParameter = TestParameter::A(RuleA::Period(20));
}

impl Config for Test {
	type RuntimeParameter = TestParameter;
	type AdminOrigin = KindOrigin;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = WorstCase;
}

/// A test externality at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
