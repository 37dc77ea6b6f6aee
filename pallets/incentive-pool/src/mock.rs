//! Test runtime for the incentive pool: System, Balances and the pool; reward digests are
//! recorded in memory ([`RecordedDigests`]).

use crate::{self as pallet_incentive_pool, *};
use frame_support::{parameter_types, traits::ConstU32};
use metachain_primitives::testing::RecordedDigests;
use sp_runtime::BuildStorage;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		IncentivePool: pallet_incentive_pool,
	}
);

// 32-byte accounts, as in the runtime: the pool and its pot derive from one PalletId and must
// not collide (they would in an 8-byte account).
metachain_primitives::impl_mock_system_and_balances!(Test, ed: 10);

/// 10 billion units: the cap.
pub const MAX_SUPPLY: Balance = 10_000_000_000;
/// 60% of the cap starts in the pool.
pub const POOL: Balance = 6_000_000_000;
/// Claim window of the mock (eras).
pub const WINDOW: u32 = 3;
/// The highest emission rate of the mock.
pub const MAX_EMISSION: Perbill = Perbill::from_percent(20);

parameter_types! {
	pub const PoolPalletId: PalletId = PalletId(*b"mc/incnt");
	pub const MaxSupply: Balance = MAX_SUPPLY;
	pub const MaxAnnualEmission: Perbill = MAX_EMISSION;
	pub const DefaultParameters: PoolParams =
		PoolParams { annual_emission: Perbill::from_parts(0) };
}

impl Config for Test {
	type Currency = Balances;
	type PalletId = PoolPalletId;
	type MaxSupply = MaxSupply;
	type RewardWindow = ConstU32<WINDOW>;
	type MaxAnnualEmission = MaxAnnualEmission;
	type DefaultParameters = DefaultParameters;
	type EraRewardSplit = ();
	type RewardDigests = RecordedDigests;
	type StakingRewards = MockStaking;
	type WeightInfo = ();
}

std::thread_local! {
	static ENDING_ERA: core::cell::Cell<Option<EraIndex>> = const { core::cell::Cell::new(None) };
	static PAID: core::cell::RefCell<std::collections::BTreeMap<EraIndex, Balance>> =
		const { core::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Staking as the pool sees it, set by the tests: the ending era and what each era has paid.
pub struct MockStaking;
impl MockStaking {
	/// Staking is ending `era`.
	pub fn set_ending_era(era: Option<EraIndex>) {
		ENDING_ERA.with(|e| e.set(era));
	}
	/// Staking has paid `amount` of `era`'s reward (at most).
	pub fn set_paid(era: EraIndex, amount: Balance) {
		PAID.with(|p| p.borrow_mut().insert(era, amount));
	}
	/// Forget everything.
	pub fn reset() {
		Self::set_ending_era(None);
		PAID.with(|p| p.borrow_mut().clear());
	}
}
impl StakingRewards<Balance> for MockStaking {
	fn ending_era() -> Option<EraIndex> {
		ENDING_ERA.with(|e| e.get())
	}
	fn paid_at_most(era: EraIndex) -> Option<(Balance, u32)> {
		PAID.with(|p| p.borrow().get(&era).map(|paid| (*paid, 1)))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn max_validators() -> u32 {
		100
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_paid_era(era: EraIndex, _validators: u32, reward: Balance) {
		Self::set_paid(era, reward);
	}
}

/// Alice holds the rest of the supply, so total issuance starts at exactly the cap.
pub const ALICE: AccountId = sp_runtime::AccountId32::new([1; 32]);
/// A staker that receives rewards.
pub const STAKER: AccountId = sp_runtime::AccountId32::new([2; 32]);

/// An emission rate of 10% and [`POOL`] in the pool.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext_with(Perbill::from_percent(10), POOL)
}

/// The pool holding `pool` (Alice the rest of [`MAX_SUPPLY`]), emitting `annual_emission`.
pub fn ext_with(annual_emission: Perbill, pool: Balance) -> sp_io::TestExternalities {
	metachain_primitives::testing::reset();
	MockStaking::reset();
	let pool_account = IncentivePool::account_id();
	let t = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: vec![(pool_account, pool), (ALICE, MAX_SUPPLY - pool - ED), (STAKER, ED)],
			..Default::default()
		},
		incentive_pool: pallet_incentive_pool::GenesisConfig {
			params: Some(PoolParams { annual_emission }),
			..Default::default()
		},
	}
	.build_storage()
	.expect("valid genesis");
	ext_at_block_one(t)
}
