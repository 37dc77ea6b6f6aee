//! Test runtime for the price oracle: System and PriceOracle.

use crate::{self as pallet_price_oracle, *};
use frame_support::{derive_impl, ord_parameter_types, parameter_types, traits::ConstU32};
use frame_system::EnsureSignedBy;
use sp_runtime::{BuildStorage, FixedU128, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		PriceOracle: pallet_price_oracle,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Most feeders in the tests.
pub const MAX_FEEDERS: u32 = 5;
/// Blocks a submission stays fresh in the tests.
pub const WINDOW: u64 = 10;
/// The span of the step limit in the tests: 20 blocks, buckets of 5.
pub const STEP_PERIOD: u64 = 20;

/// The parameters of the tests (also the genesis parameters): fresh for 10 blocks, 2 fresh
/// submissions needed, at most 10% per step.
pub fn test_params() -> ParamsOf<Test> {
	OracleParams {
		staleness_window: WINDOW,
		min_feeders: 2,
		max_price_step: Perbill::from_percent(10),
		step_period: STEP_PERIOD,
	}
}

parameter_types! {
	pub DefaultParameters: ParamsOf<Test> = test_params();
}

ord_parameter_types! {
	/// The account that manages feeders (`FeederOrigin`).
	pub const FeederAdmin: AccountId = 100;
}

impl Config for Test {
	type FeederOrigin = EnsureSignedBy<FeederAdmin, AccountId>;
	type MaxFeeders = ConstU32<MAX_FEEDERS>;
	type DefaultParameters = DefaultParameters;
	type WeightInfo = ();
}

/// Feeders 1, 2 and 3, the test parameters, no initial price; at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext(vec![1, 2, 3], Some(test_params()), None)
}

/// A test externality with this genesis, at block 1.
pub fn ext(
	feeders: Vec<AccountId>,
	params: Option<ParamsOf<Test>>,
	initial_price: Option<FixedU128>,
) -> sp_io::TestExternalities {
	metachain_primitives::testing::reset();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		price_oracle: pallet_price_oracle::GenesisConfig { feeders, params, initial_price },
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Move to block `n` (the pallet has no hooks).
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
