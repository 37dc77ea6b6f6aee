//! Test runtime for the incentive pool: System, Balances and the pool.

use crate::{self as pallet_incentive_pool, *};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
/// 32-byte accounts, as in the runtime: the pool and its pot derive from one PalletId and
/// must not collide (they would in an 8-byte account).
pub type AccountId = sp_runtime::AccountId32;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		IncentivePool: pallet_incentive_pool,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 10;
/// 10 billion units: the cap.
pub const MAX_SUPPLY: Balance = 10_000_000_000;
/// 60% of the cap starts in the pool.
pub const POOL: Balance = 6_000_000_000;
/// Claim window of the mock (eras).
pub const WINDOW: u32 = 3;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type AccountStore = System;
}

parameter_types! {
	pub const PoolPalletId: PalletId = PalletId(*b"mc/incnt");
	pub const MaxSupply: Balance = MAX_SUPPLY;
	pub const MaxAnnualEmission: Perbill = Perbill::from_percent(20);
}

impl Config for Test {
	type Currency = Balances;
	type PalletId = PoolPalletId;
	type MaxSupply = MaxSupply;
	type RewardWindow = ConstU32<WINDOW>;
	type MaxAnnualEmission = MaxAnnualEmission;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type EraRewardSplit = ();
	type WeightInfo = ();
}

/// Alice holds the rest of the supply, so total issuance starts at exactly the cap.
pub const ALICE: AccountId = sp_runtime::AccountId32::new([1; 32]);
/// A staker that receives rewards.
pub const STAKER: AccountId = sp_runtime::AccountId32::new([2; 32]);

pub fn new_test_ext() -> sp_io::TestExternalities {
	ext_with(Perbill::from_percent(10), POOL)
}

pub fn ext_with(annual_emission: Perbill, pool: Balance) -> sp_io::TestExternalities {
	let pool_account = IncentivePool::account_id();
	let t = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![(pool_account, pool), (ALICE, MAX_SUPPLY - pool - ED), (STAKER, ED)],
			..Default::default()
		},
		incentive_pool: pallet_incentive_pool::GenesisConfig {
			annual_emission,
			..Default::default()
		},
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext: sp_io::TestExternalities = t.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}
