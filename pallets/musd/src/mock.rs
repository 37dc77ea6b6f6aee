//! Test runtime for MUSD: System, Balances, the real credit pallet and this pallet. The price is
//! set by the tests ([`set_price`]); the workload pallet is played by [`WorkLog`], which
//! records what it is told.

use crate::{self as pallet_musd, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32},
};
use frame_system::EnsureRoot;
use pallet_credit::{CreditParams, DeviceKind};
use pallet_price_oracle::{PriceInfo, PriceProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, BuildStorage, FixedU128, MultiSignature, Perbill};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId32;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Credit: pallet_credit,
		Musd: pallet_musd,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// One MC in plancks (12 decimals, as in the runtime).
pub const MC: Balance = 1_000_000_000_000;
pub const ED: Balance = MC / 100;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// The credit rules of the tests.
pub fn credit_params() -> pallet_credit::ParamsOf<Test> {
	CreditParams {
		device_deposit: 1_000 * MC,
		deregister_delay: 30,
		min_inviter_credit: 100,
		invite_expiry: 20,
		max_open_invites: 3,
		initial_credit: 100,
		inviter_bonus: 10,
		max_inviter_bonus_per_period: 25,
		credit_period: 10,
		uptime_credit: 1,
		max_credit: 10_000,
		max_work_credit_per_period: 500,
		decay_per_period: 5,
		decay_grace_periods: 1,
		credit_per_level: 100,
		min_reward_credit: 50,
		credit_price: 50 * MC,
		replenish_reward_share: Perbill::from_percent(20),
	}
}

/// Blocks before an order may be closed.
pub const EXPIRY: u64 = 20;

/// The MUSD rules of the tests.
pub fn params() -> ParamsOf<Test> {
	MusdParams { min_mint: MC, min_order: MUSD, order_expiry: EXPIRY }
}

parameter_types! {
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	pub CreditDefaults: pallet_credit::ParamsOf<Test> = credit_params();
	pub Defaults: ParamsOf<Test> = params();
	pub const HeartbeatPriority: u64 = 1 << 20;
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

thread_local! {
	/// The price in force, if any.
	pub static PRICE: RefCell<Option<FixedU128>> = const { RefCell::new(None) };
	/// What the workload pallet was told: (provider, value).
	pub static WORK: RefCell<Vec<(AccountId, u128)>> = const { RefCell::new(Vec::new()) };
}

/// Set the price in force (USD per MC), or none.
pub fn set_price(price: Option<FixedU128>) {
	PRICE.with(|p| *p.borrow_mut() = price);
}

/// The price oracle as the tests set it.
pub struct TestPrice;
impl PriceProvider<u64> for TestPrice {
	fn price() -> Option<PriceInfo<u64>> {
		let now = System::block_number();
		PRICE.with(|p| *p.borrow()).map(|price| PriceInfo {
			price,
			updated_at: now,
			age: 0,
			fresh_feeders: 3,
		})
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_price(price: FixedU128) {
		set_price(Some(price));
	}
}

/// Work reported to the workload pallet.
pub fn work_log() -> Vec<(AccountId, u128)> {
	WORK.with(|w| w.borrow().clone())
}

/// The workload pallet as the tests see it: records each report.
pub struct WorkLog;
impl OnWorkDone<AccountId> for WorkLog {
	fn on_work_done(provider: &AccountId, value: u128) -> Weight {
		WORK.with(|w| w.borrow_mut().push((provider.clone(), value)));
		Weight::from_parts(1_000, 0)
	}
	fn weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

impl Config for Test {
	type Currency = Balances;
	type NativeDecimals = ConstU32<12>;
	type Price = TestPrice;
	type Credit = Credit;
	type OnWorkDone = WorkLog;
	type ReceiptSignature = MultiSignature;
	type ServiceOrigin = EnsureRoot<AccountId>;
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type DefaultParameters = Defaults;
	type MaxServiceNameLen = ConstU32<32>;
	type MaxProvidersPerOrder = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_credit::benchmarking::Sr25519Helper;
}

/// Buyers (they sign receipts).
pub fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}
pub fn bob() -> AccountId {
	Sr25519Keyring::Bob.to_account_id()
}
/// A DVPN client device.
pub fn charlie() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}
/// A smart gateway device.
pub fn dave() -> AccountId {
	Sr25519Keyring::Dave.to_account_id()
}
/// Another DVPN client device.
pub fn eve() -> AccountId {
	Sr25519Keyring::Eve.to_account_id()
}
/// A DVPN client device.
pub fn ferdie() -> AccountId {
	Sr25519Keyring::Ferdie.to_account_id()
}

/// Service 1: VPN traffic, 0.10 MUSD a unit, served by DVPN clients.
pub const VPN: ServiceId = 1;
/// Service 2: gateway relay, 1 MUSD a unit, served by smart gateways.
pub const RELAY: ServiceId = 2;

/// A service name within the bound.
pub fn name(s: &[u8]) -> frame_support::BoundedVec<u8, ConstU32<32>> {
	s.to_vec().try_into().expect("a short test name")
}

/// Everyone starts with this much MC.
pub const INITIAL_BALANCE: Balance = 1_000_000 * MC;

/// Alice and Bob hold MC; Charlie, Eve and Ferdie are DVPN clients, Dave a smart gateway. No
/// price is set.
pub fn new_test_ext() -> sp_io::TestExternalities {
	set_price(None);
	WORK.with(|w| w.borrow_mut().clear());
	let balances = [alice(), bob(), charlie(), dave(), eve(), ferdie()]
		.into_iter()
		.map(|a| (a, INITIAL_BALANCE))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		credit: pallet_credit::GenesisConfig {
			params: Some(credit_params()),
			devices: vec![
				(charlie(), DeviceKind::DvpnClient),
				(dave(), DeviceKind::SmartGateway),
				(eve(), DeviceKind::DvpnClient),
				(ferdie(), DeviceKind::DvpnClient),
			],
		},
		musd: pallet_musd::GenesisConfig {
			params: Some(params()),
			services: vec![
				(
					VPN,
					name(b"VPN traffic (per GB)"),
					MUSD / 10,
					ServedBy { dvpn_client: true, smart_gateway: false },
				),
				(
					RELAY,
					name(b"Gateway relay (per hour)"),
					MUSD,
					ServedBy { dvpn_client: false, smart_gateway: true },
				),
			],
		},
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test and check the invariants after it.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Musd::do_try_state().expect("invariants hold");
	});
}

/// Advance to block `n`.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

/// `buyer`'s signature of `receipt` (over `receipt_payload` with this chain's genesis hash).
pub fn sign(buyer: Sr25519Keyring, receipt: &Receipt<AccountId>) -> MultiSignature {
	let genesis = System::block_hash(0);
	buyer.sign(&receipt_payload(&genesis, receipt)).into()
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| if let RuntimeEvent::Musd(e) = r.event { Some(e) } else { None })
		.expect("an event")
}
