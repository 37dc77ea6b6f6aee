//! Test runtime for the credit pallet: System, Balances, Credit (the pallet under test), with
//! real sr25519 device keys; the incentive pool is a plain account ([`AccountPool`]).

use crate::{self as pallet_credit, *};
use frame_support::parameter_types;
use frame_system::EnsureRoot;
use metachain_primitives::credit::GroupedHeartbeat;
use metachain_primitives::testing::AccountPool;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, BuildStorage, MultiSignature, Perbill};
use std::cell::RefCell;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Credit: pallet_credit,
	}
);

metachain_primitives::impl_mock_system_and_balances!(Test, ed: 1);

/// Blocks per credit period in the tests.
pub const PERIOD: u64 = 10;

/// The parameters of the tests (also the genesis parameters): the one credit-parameters fixture
/// of the project's pallet tests.
/// The relay deposit of [`test_params`]: it pays for a few dozen skipped entries.
pub const RELAY_DEPOSIT: Balance = 5_000;

pub fn test_params() -> ParamsOf<Test> {
	CreditParams {
		device_deposit: 1_000,
		deregister_delay: 30,
		min_inviter_credit: 100,
		invite_expiry: 20,
		max_open_invites: 3,
		initial_credit: 100,
		inviter_bonus: 10,
		max_inviter_bonus_per_period: 25,
		credit_period: PERIOD,
		uptime_credit: 1,
		max_credit: 1_000,
		max_work_credit_per_period: 50,
		decay_per_period: 5,
		decay_grace_periods: 2,
		credit_per_level: 100,
		min_reward_credit: 50,
		credit_price: 50,
		replenish_reward_share: Perbill::from_percent(20),
		decay_floor: 0,
		invite_vesting_periods: 0,
		reregister_cooldown: 0,
		max_credit_multiplier: 2,
		slash_credit_penalty: 30,
		inviter_slash_penalty: 10,
		relay_deposit: RELAY_DEPOSIT,
	}
}

parameter_types! {
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	/// Where slashed device MC goes in the tests.
	pub const Treasury: AccountId = AccountId32::new([0x71; 32]);
	/// A funded account the tests register as a heartbeat relay.
	pub const Relay: AccountId = AccountId32::new([0x72; 32]);
	pub DefaultParameters: ParamsOf<Test> = test_params();
	pub const HeartbeatPriority: u64 = 1 << 20;
}

/// One credit change as reported: `(device, old, new)`.
pub type CreditChange = (AccountId, Option<CreditSnapshot>, Option<CreditSnapshot>);

thread_local! {
	/// Every credit change the pallet reported, in order.
	pub static CHANGES: RefCell<Vec<CreditChange>> =
		const { RefCell::new(Vec::new()) };
}

/// Records what the pallet reports to `OnCreditChanged`.
pub struct RecordChanges;
impl OnCreditChanged<AccountId> for RecordChanges {
	fn on_credit_changed(
		who: &AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> frame_support::weights::Weight {
		CHANGES.with(|c| c.borrow_mut().push((who.clone(), old, new)));
		if HEAVY.with(|h| h.borrow().contains(who)) || grouped_in(who).is_some() {
			Self::weight()
		} else {
			Self::light_weight()
		}
	}
	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(HEAVY_WEIGHT, 0)
	}
	fn heartbeat_class(
		who: &AccountId,
		_mark: &ListenerMark<AccountId>,
		_old: &CreditSnapshot,
		_new: &CreditSnapshot,
	) -> (HeartbeatClass<AccountId>, ListenerMark<AccountId>) {
		CLASS_ASKED.with(|n| *n.borrow_mut() += 1);
		if HEAVY.with(|h| h.borrow().contains(who)) {
			(HeartbeatClass::Heavy, ListenerMark::Listened)
		} else if let Some(group) = grouped_in(who) {
			(HeartbeatClass::Grouped(group.clone()), ListenerMark::Grouped(ticket(group)))
		} else {
			(HeartbeatClass::Light, ListenerMark::Quiet)
		}
	}
	fn group_ready(group: &AccountId) -> bool {
		READY_ASKED.with(|n| *n.borrow_mut() += 1);
		READY.with(|r| r.borrow().contains(group))
	}
	fn group_ready_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(GROUP_READY_WEIGHT, 0)
	}
	fn on_heartbeats(heartbeats: &[GroupedHeartbeat<AccountId>]) -> frame_support::weights::Weight {
		let groups: std::collections::BTreeSet<_> = heartbeats.iter().map(|h| &h.3.group).collect();
		GROUPED_CALLS
			.with(|c| c.borrow_mut().push(heartbeats.iter().map(|h| h.0.clone()).collect()));
		for (who, old, new, _) in heartbeats {
			CHANGES.with(|c| c.borrow_mut().push((who.clone(), Some(*old), Some(*new))));
		}
		Self::grouped_weight(heartbeats.len() as u32, groups.len() as u32)
	}
	fn grouped_weight(entries: u32, groups: u32) -> frame_support::weights::Weight {
		if entries == 0 {
			return frame_support::weights::Weight::zero();
		}
		frame_support::weights::Weight::from_parts(
			GROUPED_ENTRY_WEIGHT * entries as u64 + GROUP_WEIGHT * groups as u64,
			0,
		)
	}
	fn light_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(LIGHT_WEIGHT, 0)
	}
}

/// What the recording listener declares for a heavy and a light device.
pub const HEAVY_WEIGHT: u64 = 1_000_000_000;
/// See [`HEAVY_WEIGHT`].
pub const LIGHT_WEIGHT: u64 = 10_000_000;
/// What the recording listener declares for a grouped entry (its light work included).
pub const GROUPED_ENTRY_WEIGHT: u64 = 15_000_000;
/// What the recording listener declares for a group.
pub const GROUP_WEIGHT: u64 = 100_000_000;
/// What the recording listener declares for a group's readiness.
pub const GROUP_READY_WEIGHT: u64 = 5_000_000;

/// The ticket the recording listener keeps for a device of `group` (nothing but its group).
pub fn ticket(group: AccountId) -> GroupTicket<AccountId> {
	GroupTicket {
		group,
		points: 1,
		period: 0,
		reward_debt: Default::default(),
		slash_debt: Default::default(),
	}
}

/// The group the recording listener puts `who` in, if any.
pub fn grouped_in(who: &AccountId) -> Option<AccountId> {
	GROUPED.with(|g| g.borrow().iter().find(|(d, _)| d == who).map(|(_, g)| g.clone()))
}

thread_local! {
	/// The devices the recording listener calls heavy.
	pub static HEAVY: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	/// The devices the recording listener groups, with their group.
	pub static GROUPED: RefCell<Vec<(AccountId, AccountId)>> = const { RefCell::new(Vec::new()) };
	/// The groups the recording listener is ready to take together.
	pub static READY: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	/// How many times a group's readiness was asked.
	pub static READY_ASKED: RefCell<u32> = const { RefCell::new(0) };
	/// How many times a heartbeat's class was asked.
	pub static CLASS_ASKED: RefCell<u32> = const { RefCell::new(0) };
	/// The devices of each `on_heartbeats` call.
	pub static GROUPED_CALLS: RefCell<Vec<Vec<AccountId>>> = const { RefCell::new(Vec::new()) };
}

/// Make the recording listener call `who` heavy (it listens to `who` from now on).
pub fn set_heavy(who: AccountId) {
	<Credit as CreditInspect<AccountId>>::listen(&who, ListenerMark::Listened);
	HEAVY.with(|h| h.borrow_mut().push(who));
}

/// Make the recording listener group `who` in `group`, as if its last heartbeat had found it
/// so (its mark keeps the listener's ticket).
pub fn set_grouped(who: AccountId, group: AccountId) {
	crate::Devices::<Test>::mutate(&who, |d| {
		if let Some(d) = d {
			d.listeners = ListenerMark::Grouped(ticket(group.clone()));
		}
	});
	GROUPED.with(|g| g.borrow_mut().push((who, group)));
}

/// The credit changes reported so far (and forget them).
/// One planck per million units of ref time (1 µs of weight costs 1): the fee a relay pays
/// for skipped entries.
pub struct FeePerWeight;
impl sp_runtime::traits::Convert<frame_support::weights::Weight, Balance> for FeePerWeight {
	fn convert(w: frame_support::weights::Weight) -> Balance {
		Balance::from(w.ref_time() / 1_000_000)
	}
}

pub fn take_changes() -> Vec<(AccountId, Option<CreditSnapshot>, Option<CreditSnapshot>)> {
	CHANGES.with(|c| core::mem::take(&mut *c.borrow_mut()))
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceSignature = MultiSignature;
	type IncentivePool = AccountPool<Balances, Pool>;
	type InviteOrigin = EnsureRoot<AccountId>;
	type OnCreditChanged = RecordChanges;
	type OnReplenished = ();
	type SlashBeneficiary = Treasury;
	type MinUnbondingDelay = frame_support::traits::ConstU64<20>;
	type DefaultParameters = DefaultParameters;
	type MaxOpenInvitesBound = frame_support::traits::ConstU32<5>;
	type MaxHeartbeatsPerBatch = frame_support::traits::ConstU32<100>;
	type HeartbeatPriority = HeartbeatPriority;
	type WeightToFee = FeePerWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = metachain_primitives::benchmarking::Sr25519Keys;
}

/// The account of a development key.
pub fn acc(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}
pub use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};

/// Everyone starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;

/// Alice is a device from genesis; Bob to Ferdie hold funds but are not devices.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ext_with_devices(vec![(acc(Alice), DeviceKind::SmartGateway)])
}

pub fn ext_with_devices(devices: Vec<(AccountId, DeviceKind)>) -> sp_io::TestExternalities {
	let balances = [Alice, Bob, Charlie, Dave, Eve, Ferdie]
		.iter()
		.map(|k| (acc(*k), INITIAL_BALANCE))
		.chain(core::iter::once((Pool::get(), 1_000_000_000)))
		.chain(core::iter::once((Relay::get(), INITIAL_BALANCE)))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		credit: pallet_credit::GenesisConfig { params: Some(test_params()), devices },
	}
	.build_storage()
	.expect("valid genesis");
	metachain_primitives::testing::reset();
	HEAVY.with(|h| h.borrow_mut().clear());
	GROUPED.with(|g| g.borrow_mut().clear());
	READY.with(|r| r.borrow_mut().clear());
	GROUPED_CALLS.with(|c| c.borrow_mut().clear());
	READY_ASKED.with(|n| *n.borrow_mut() = 0);
	CLASS_ASKED.with(|n| *n.borrow_mut() = 0);
	let mut ext = ext_at_block_one(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(take_changes);
	ext
}

/// Move to block `n` (no hooks are needed by this pallet).
pub fn run_to(n: u64) {
	System::set_block_number(n);
}

/// The first block of period `p`.
pub fn period_start(p: u32) -> u64 {
	p as u64 * PERIOD
}

/// A heartbeat of `who` for `period`, signed by its key for the relay [`Relay`].
pub fn signed_heartbeat(who: Sr25519Keyring, period: PeriodIndex) -> SignedHeartbeatOf<Test> {
	signed_heartbeat_for(who, period, &Relay::get())
}

/// A heartbeat of `who` for `period`, signed by its key for `relay`.
pub fn signed_heartbeat_for(
	who: Sr25519Keyring,
	period: PeriodIndex,
	relay: &AccountId,
) -> SignedHeartbeatOf<Test> {
	let genesis = System::block_hash(0);
	let payload = heartbeat_payload(&genesis, &acc(who), period, relay);
	let pair: sr25519::Pair = who.pair();
	SignedHeartbeat {
		device: acc(who),
		period,
		signature: MultiSignature::Sr25519(pair.sign(&payload)),
	}
}
