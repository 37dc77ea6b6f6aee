//! Test runtime for workload settlement: System, Balances and this pallet, with its
//! collaborators stubbed: credit ([`CreditStub`]), the incentive pool (the plain account
//! [`Pool`], [`AccountPool`]) and the reward digests ([`RecordedDigests`]). Work is reported the
//! way pallet-musd reports it, through [`OnWorkDone`].

use crate::{self as pallet_workload, *};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Hooks},
};
use metachain_primitives::testing::{self, AccountPool, CreditStub, RecordedDigests};
use sp_runtime::{AccountId32, BuildStorage};

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Workload: pallet_workload,
	}
);

metachain_primitives::impl_mock_system_and_balances!(Test, ed: 10);

/// Credit as the tests see it: devices and their awards.
pub type Credit = CreditStub<AccountId>;

/// Most work credit a device gets (pallet-credit caps it per credit period).
pub const WORK_CAP: u32 = 50;
/// The credit of each device at genesis.
pub const INITIAL_CREDIT: u32 = 100;

/// Blocks per settlement day.
pub const DAY: u64 = 10;
/// MC budget of a day with work.
pub const BUDGET: Balance = 1_000_000;
/// Days a settled day stays claimable.
pub const DEPTH: u32 = 2;
/// A day's budget is at most this share of its work's cost.
pub const RATIO: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(90);
/// The cost basis of one MUSD of work in most tests: ten budgets, so the cost never caps the
/// budget unless a test wants it to.
pub const COST_PER_MUSD: Balance = 10 * BUDGET;

/// The workload rules of the tests.
pub fn params() -> ParamsOf<Test> {
	WorkloadParams {
		settlement_period: DAY,
		daily_workload_reward: BUDGET,
		credit_per_musd: 2,
		history_depth: DEPTH,
		work_reward_ratio: RATIO,
	}
}

parameter_types! {
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	pub Defaults: ParamsOf<Test> = params();
	pub const WorkloadPalletId: frame_support::PalletId = frame_support::PalletId(*b"mc/wrkld");
	/// MC per credit point: 0 (credit costs nothing) unless a test sets it.
	pub static CreditPrice: Balance = 0;
}

impl Config for Test {
	type Currency = Balances;
	type IncentivePool = AccountPool<Balances, Pool>;
	type PalletId = WorkloadPalletId;
	type Credit = Credit;
	type RewardDigests = RecordedDigests;
	type CreditPrice = CreditPrice;
	type MillisPerBlock = frame_support::traits::ConstU64<6_000>;
	type DefaultParameters = Defaults;
	type MaxHistoryDepth = ConstU32<5>;
	type MaxClaimDays = ConstU32<4>;
	type ExpiryPageSize = ConstU32<2>;
	type WeightInfo = ();
}

/// An account from a byte: devices 1..=5 are registered, 1..=9 have MC.
pub fn dev(i: u8) -> AccountId {
	AccountId32::new([i; 32])
}

/// Everyone starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// The pool starts with this much.
pub const POOL_BALANCE: Balance = 1_000_000_000_000;

/// Genesis: balances for devs 1..=9 and the pool, the workload rules of [`params`] (the pot
/// opened from the pool), devices 1..=5 registered with [`INITIAL_CREDIT`], work credit capped
/// at [`WORK_CAP`]; block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	testing::reset();
	CreditPrice::set(0);
	for i in 1..=5u8 {
		Credit::register(&dev(i), INITIAL_CREDIT);
	}
	Credit::set_work_cap(Some(WORK_CAP));
	let balances = (1..=9u8)
		.map(|i| (dev(i), INITIAL_BALANCE))
		.chain(core::iter::once((Pool::get(), POOL_BALANCE)))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		workload: pallet_workload::GenesisConfig { params: Some(params()) },
	}
	.build_storage()
	.expect("valid genesis");
	ext_at_block_one(storage)
}

/// Run a test and check the invariants after it.
pub fn test(f: impl FnOnce()) {
	run_checked(new_test_ext(), f, Workload::do_try_state)
}

/// Advance to block `n`, running the block hook of each new block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Workload::on_initialize(System::block_number());
		Workload::do_try_state().expect("invariants hold");
	}
}

/// The first block of `day`.
pub fn day_start(day: DayIndex) -> u64 {
	day as u64 * DAY
}

/// Free MC of `who`.
pub fn free(who: &AccountId) -> Balance {
	Balances::free_balance(who)
}

/// Events of this pallet.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Workload(e) = r.event { Some(e) } else { None })
		.collect()
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}
