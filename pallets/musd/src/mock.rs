//! Test runtime for MUSD: System, Balances and this pallet. Its collaborators are stubs: the
//! devices are [`Credit`] (`metachain_primitives::testing::CreditStub`, set by the tests), the
//! price is set by the tests ([`set_price`]), and the workload pallet is played by [`WorkLog`],
//! which records what it is told.

use crate::{self as pallet_musd, *};
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use frame_system::EnsureRoot;
use metachain_primitives::{
	credit::{CreditInspect, DeviceKind},
	price::{PriceInfo, PriceProvider},
	testing::CreditStub,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{BuildStorage, FixedU128, MultiSignature};
use std::cell::RefCell;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Musd: pallet_musd,
	}
);

metachain_primitives::impl_mock_system_and_balances!(Test, ed: MC / 100);

/// One MC in plancks (12 decimals, as in the runtime).
pub const MC: Balance = 1_000_000_000_000;

/// The devices of the tests: the credit pallet as this pallet sees it.
pub type Credit = CreditStub<AccountId>;

/// Make `who` an active device of `kind` (with some credit), as registration does.
pub fn make_device(who: &AccountId, kind: DeviceKind) {
	Credit::register(who, 100);
	if kind != DeviceKind::SmartGateway {
		let snapshot = Credit::snapshot(who).expect("just registered");
		Credit::set_device(who, kind, snapshot);
	}
}

/// Blocks before an order may be closed.
pub const EXPIRY: u64 = 20;

/// The MUSD rules of the tests.
pub fn params() -> ParamsOf<Test> {
	MusdParams { min_mint: MC, min_order: MUSD, order_expiry: EXPIRY }
}

parameter_types! {
	pub Defaults: ParamsOf<Test> = params();
}

thread_local! {
	/// The price in force, if any.
	pub static PRICE: RefCell<Option<FixedU128>> = const { RefCell::new(None) };
	/// What the workload pallet was told: (provider, value).
	pub static WORK: RefCell<Vec<(AccountId, u128, Balance)>> = const { RefCell::new(Vec::new()) };
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

/// Work reported to the workload pallet: provider, MUSD, MC cost basis.
pub fn work_log() -> Vec<(AccountId, u128, Balance)> {
	WORK.with(|w| w.borrow().clone())
}

/// The workload pallet as the tests see it: records each report.
pub struct WorkLog;
impl OnWorkDone<AccountId, Balance> for WorkLog {
	fn on_work_done(provider: &AccountId, value: u128, cost: Balance) -> Weight {
		WORK.with(|w| w.borrow_mut().push((provider.clone(), value, cost)));
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
	type DefaultParameters = Defaults;
	type MaxServiceNameLen = ConstU32<32>;
	type MaxProvidersPerOrder = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = metachain_primitives::benchmarking::Sr25519Keys;
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
	metachain_primitives::testing::reset();
	set_price(None);
	WORK.with(|w| w.borrow_mut().clear());
	make_device(&charlie(), DeviceKind::DvpnClient);
	make_device(&dave(), DeviceKind::SmartGateway);
	make_device(&eve(), DeviceKind::DvpnClient);
	make_device(&ferdie(), DeviceKind::DvpnClient);
	let balances = [alice(), bob(), charlie(), dave(), eve(), ferdie()]
		.into_iter()
		.map(|a| (a, INITIAL_BALANCE))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
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
	let mut ext = ext_at_block_one(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext
}

/// Run a test and check the invariants after it.
pub fn test(f: impl FnOnce()) {
	run_checked(new_test_ext(), f, Musd::do_try_state)
}

/// Move to block `n` (the pallet has no hooks).
pub fn run_to(n: u64) {
	System::set_block_number(n);
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
