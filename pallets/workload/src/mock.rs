//! Test runtime for workload settlement: System, Balances, the real credit pallet and this
//! pallet. Work is reported the way pallet-musd reports it, through [`OnWorkDone`].

use crate::{self as pallet_workload, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, Hooks},
};
use frame_system::EnsureRoot;
use pallet_credit::{CreditParams, DeviceKind};
use sp_runtime::{AccountId32, BuildStorage, MultiSignature, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId32;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Credit: pallet_credit,
		Workload: pallet_workload,
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

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Most work credit per credit period.
pub const WORK_CAP: u32 = 50;

/// The credit rules of the tests.
pub fn credit_params() -> pallet_credit::ParamsOf<Test> {
	CreditParams {
		device_deposit: 1_000,
		deregister_delay: 30,
		min_inviter_credit: 100,
		invite_expiry: 20,
		max_open_invites: 3,
		initial_credit: 100,
		inviter_bonus: 10,
		max_inviter_bonus_per_period: 25,
		credit_period: 100,
		uptime_credit: 1,
		max_credit: 10_000,
		max_work_credit_per_period: WORK_CAP,
		decay_per_period: 5,
		decay_grace_periods: 1,
		credit_per_level: 100,
		min_reward_credit: 50,
		credit_price: 50,
		replenish_reward_share: Perbill::from_percent(20),
	}
}

/// Blocks per settlement day.
pub const DAY: u64 = 10;
/// MC budget of a day with work.
pub const BUDGET: Balance = 1_000_000;
/// Days a settled day stays claimable.
pub const DEPTH: u32 = 2;

/// The workload rules of the tests.
pub fn params() -> ParamsOf<Test> {
	WorkloadParams {
		settlement_period: DAY,
		daily_workload_reward: BUDGET,
		credit_per_musd: 2,
		history_depth: DEPTH,
	}
}

parameter_types! {
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	pub CreditDefaults: pallet_credit::ParamsOf<Test> = credit_params();
	pub Defaults: ParamsOf<Test> = params();
	pub const HeartbeatPriority: u64 = 1 << 20;
	pub const WorkloadPalletId: frame_support::PalletId = frame_support::PalletId(*b"mc/wrkld");
}

impl pallet_credit::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceSignature = MultiSignature;
	type IncentivePool = Pool;
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type OnCreditChanged = ();
	type OnReplenished = ();
	type DefaultParameters = CreditDefaults;
	type MaxOpenInvitesBound = ConstU32<5>;
	type MaxHeartbeatsPerBatch = ConstU32<100>;
	type HeartbeatPriority = HeartbeatPriority;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_credit::benchmarking::Sr25519Helper;
}

impl Config for Test {
	type Currency = Balances;
	type IncentivePool = Pool;
	type PalletId = WorkloadPalletId;
	type Credit = Credit;
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type DefaultParameters = Defaults;
	type MaxHistoryDepth = ConstU32<5>;
	type MaxClaimDays = ConstU32<4>;
	type ExpiryPageSize = ConstU32<2>;
	type WeightInfo = ();
}

/// An account from a byte.
pub fn account(i: u8) -> AccountId {
	AccountId32::new([i; 32])
}

/// Devices 1..=5 are registered DVPN clients.
pub fn dev(i: u8) -> AccountId {
	account(i)
}

/// Everyone starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// The pool starts with this much.
pub const POOL_BALANCE: Balance = 1_000_000_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let balances = (1..=9u8)
		.map(|i| (dev(i), INITIAL_BALANCE))
		.chain(core::iter::once((Pool::get(), POOL_BALANCE)))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		credit: pallet_credit::GenesisConfig {
			params: Some(credit_params()),
			devices: (1..=5u8).map(|i| (dev(i), DeviceKind::DvpnClient)).collect(),
		},
		workload: pallet_workload::GenesisConfig { params: Some(params()) },
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test and check the invariants after it.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Workload::do_try_state().expect("invariants hold");
	});
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
