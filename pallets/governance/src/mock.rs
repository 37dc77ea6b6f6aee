//! Test runtime for governance: System, Balances, Preimage, Scheduler and Governance, with a
//! table of bonded stakes standing in for staking.

use crate::{self as pallet_governance, *};
use codec::Encode;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64, EqualPrivilegeOnly, Hooks},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeMap};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Preimage: pallet_preimage,
		Scheduler: pallet_scheduler,
		Governance: pallet_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Weight::from_parts(u64::MAX / 2, u64::MAX / 2);
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = ();
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

thread_local! {
	/// Bonded MC by account: the mock's staking ledgers.
	pub static STAKES: RefCell<BTreeMap<AccountId, Balance>> = const { RefCell::new(BTreeMap::new()) };
}

/// Sets `who`'s bonded MC (0 removes the ledger).
pub fn set_stake(who: AccountId, amount: Balance) {
	STAKES.with(|s| {
		if amount == 0 {
			s.borrow_mut().remove(&who);
		} else {
			s.borrow_mut().insert(who, amount);
		}
	});
}

/// The mock's staking: a table of stakes, counted in account order; the cursor is the last
/// account counted, big-endian.
pub struct TestStake;
impl BondedStake<AccountId, Balance> for TestStake {
	fn bonded(who: &AccountId) -> Balance {
		STAKES.with(|s| s.borrow().get(who).copied().unwrap_or(0))
	}
	fn count(
		cursor: Option<&StakeCursor>,
		limit: u32,
		each: &mut dyn FnMut(&AccountId, Balance),
	) -> CountPage<Balance> {
		let after = cursor.map(|c| {
			let mut b = [0u8; 8];
			b.copy_from_slice(&c[..8]);
			u64::from_be_bytes(b)
		});
		STAKES.with(|s| {
			let s = s.borrow();
			let mut page = CountPage::default();
			let mut last = None;
			let mut iter = s.iter().filter(|(k, _)| after.is_none_or(|a| **k > a));
			while page.counted < limit {
				match iter.next() {
					Some((k, v)) => {
						each(k, *v);
						page.total += *v;
						page.counted += 1;
						last = Some(*k);
					}
					None => return page,
				}
			}
			page.next = last.map(|k| StakeCursor::truncate_from(k.to_be_bytes().to_vec()));
			page
		})
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_staker(who: &AccountId, amount: Balance) -> sp_runtime::DispatchResult {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, amount.saturating_mul(2));
		set_stake(*who, amount);
		Ok(())
	}
}

/// The most ongoing proposals of one account in the tests.
pub const MAX_PROPOSALS: u32 = 3;

/// The urgent proposals of the tests: vetoes of a jointly approved upgrade.
pub struct TestUrgent;
impl frame_support::traits::Contains<RuntimeCall> for TestUrgent {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::Governance(crate::Call::veto_upgrade { .. }))
	}
}

/// The referenda no body may cancel in the tests: `remark_with_event` stands for a call about
/// the bodies (the runtime's [`Config::Uncancellable`] looks into wrappers).
pub struct TestUncancellable;
impl frame_support::traits::Contains<RuntimeCall> for TestUncancellable {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::System(frame_system::Call::remark_with_event { .. }))
	}
}

/// The calls no referendum may make in the tests: `set_heap_pages` (the runtime forbids
/// setting a sudo key; the pallet only asks the filter).
pub struct TestForbiddenCalls;
impl frame_support::traits::Contains<RuntimeCall> for TestForbiddenCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::System(frame_system::Call::set_heap_pages { .. }))
	}
}

/// The classes of the tests: `frame_system`'s code changes are upgrades, its storage changes
/// root; a `remark` whose data is `b"class:"` and a digit is of the class of that index in
/// [`Class::ALL`] (0 general … 5 root); anything else is general. (The runtime's classifier
/// recurses into wrapped calls; the pallet only asks it.)
pub struct TestClassify;
impl crate::ClassifyCall<RuntimeCall> for TestClassify {
	fn class_of(call: &RuntimeCall) -> Class {
		match call {
			RuntimeCall::System(
				frame_system::Call::set_code { .. }
				| frame_system::Call::set_code_without_checks { .. }
				| frame_system::Call::authorize_upgrade { .. }
				| frame_system::Call::authorize_upgrade_without_checks { .. },
			) => Class::Upgrade,
			RuntimeCall::System(
				frame_system::Call::set_storage { .. }
				| frame_system::Call::kill_storage { .. }
				| frame_system::Call::kill_prefix { .. },
			) => Class::Root,
			RuntimeCall::System(frame_system::Call::remark { remark }) => {
				match remark.strip_prefix(b"class:") {
					Some([digit]) if (b'0'..=b'5').contains(digit) => {
						Class::ALL[(digit - b'0') as usize]
					}
					_ => Class::General,
				}
			}
			_ => Class::General,
		}
	}
}

/// A remark proposal of `class` (see [`TestClassify`]), inline.
pub fn class_remark(class: Class) -> Box<BoundedCallOf<Test>> {
	let digit = Class::ALL.iter().position(|c| *c == class).unwrap_or(0) as u8;
	let mut data = b"class:".to_vec();
	data.push(b'0' + digit);
	remark(&data)
}

/// Stands for the staking administration calls: `set_heap_pages` (root-only) in the tests.
pub struct TestStakingAdminCalls;
impl frame_support::traits::Contains<RuntimeCall> for TestStakingAdminCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::System(frame_system::Call::set_heap_pages { .. }))
	}
}

/// The deposit of a proposal in the tests.
pub const DEPOSIT: Balance = 100;
/// The enactment delay of the tests.
pub const ENACTMENT: u64 = 3;
/// The treasury account.
pub const TREASURY: AccountId = 999;
/// The staker count page of the tests.
pub const PAGE: u32 = 2;
/// Blocks between stake counts in the tests.
pub const RECOUNT: u64 = 5;

/// The rules of a class in the tests.
pub const fn rules(turnout: u32, approval: u32, confirmation: u64, delay: u64) -> ClassRules<u64> {
	ClassRules {
		turnout: Perbill::from_percent(turnout),
		approval: Perbill::from_percent(approval),
		confirmation,
		enactment_delay: delay,
	}
}

/// The parameters of the tests: deposit 100, voting periods of 5 to 20 blocks; general
/// referenda pass with more than half the electorate voting and more than half of the votes
/// ayes, at once (no confirmation), enacted 3 blocks after approval; the stricter classes
/// confirm for 2 to 4 blocks; upgrades need more than 2/3 of the votes cast, root 75%.
pub fn test_params() -> ParamsOf<Test> {
	GovernanceParams {
		submission_deposit: DEPOSIT,
		min_voting_period: 5,
		max_voting_period: 20,
		joint_upgrade_delay: JOINT_DELAY,
		general: rules(50, 50, 0, ENACTMENT),
		parameter: rules(50, 50, 2, ENACTMENT),
		spend: rules(50, 60, 2, ENACTMENT),
		membership: rules(50, 60, 3, ENACTMENT),
		upgrade: ClassRules {
			approval: Perbill::from_parts(666_666_667),
			..rules(50, 60, 3, ENACTMENT)
		},
		root: rules(60, 75, 4, ENACTMENT + 1),
	}
}

/// The most MC there may be in the tests (far above the genesis 50,001 and the benchmarks'
/// stakers).
pub const MAX_ISSUANCE: Balance = 1_000_000_000_000;

/// Blocks a jointly approved upgrade waits in the tests.
pub const JOINT_DELAY: u64 = 20;

parameter_types! {
	pub DefaultParameters: ParamsOf<Test> = test_params();
	pub const Treasury: AccountId = TREASURY;
	/// The most MC there may be in the tests.
	pub const MaxIssuance: Balance = MAX_ISSUANCE;
}

ord_parameter_types! {
	/// Stands for the Technical Committee, unanimous (cancel, fast track).
	pub const TechUnanimous: AccountId = 100;
	/// Stands for the Technical Committee, 2/3.
	pub const Technical: AccountId = 101;
	/// Stands for the Foundation, 2/3.
	pub const Foundation: AccountId = 102;
}

/// Blocks of a spend period in the tests.
pub const SPEND_PERIOD: u64 = 10;
/// The Foundation's budget per spend period in the tests.
pub const FOUNDATION_BUDGET: Balance = 1_000;

/// The tests' spending body: the Foundation (account 102), with a budget of 1,000 a period.
pub struct TestSpendOrigin;
impl frame_support::traits::EnsureOrigin<RuntimeOrigin> for TestSpendOrigin {
	type Success = (Spender, Balance);
	fn try_origin(o: RuntimeOrigin) -> Result<Self::Success, RuntimeOrigin> {
		EnsureSignedBy::<Foundation, AccountId>::try_origin(o)
			.map(|_| (Spender::Foundation, FOUNDATION_BUDGET))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::signed(102))
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Stake = TestStake;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type Classify = TestClassify;
	type ForbiddenCalls = TestForbiddenCalls;
	type Uncancellable = TestUncancellable;
	type Treasury = Treasury;
	type MaxIssuance = MaxIssuance;
	type SpendOrigin = TestSpendOrigin;
	type SpendPeriod = ConstU64<SPEND_PERIOD>;
	type CancelOrigin = EnsureSignedBy<TechUnanimous, AccountId>;
	type FastTrackOrigin = EnsureSignedBy<TechUnanimous, AccountId>;
	type VetoOrigin = frame_system::EnsureRoot<AccountId>;
	type Urgent = TestUrgent;
	type TechnicalOrigin = EnsureSignedBy<Technical, AccountId>;
	type FoundationOrigin = EnsureSignedBy<Foundation, AccountId>;
	type StakingAdminOrigin = EnsureSignedBy<Foundation, AccountId>;
	type StakingAdminCalls = TestStakingAdminCalls;
	type MaxQueued = ConstU32<3>;
	type MaxProposalsPerAccount = ConstU32<MAX_PROPOSALS>;
	type MaxProposalLen = ConstU32<{ 4 * 1024 * 1024 }>;
	type CountPageSize = ConstU32<PAGE>;
	type RecountInterval = ConstU64<RECOUNT>;
	type DefaultParameters = DefaultParameters;
	type WeightInfo = ();
}

/// Stakers of the tests: 1 → 100, 2 → 200, 3 → 300, 4 → 400 bonded (1,000 in all); each holds
/// 10,000 MC. 5 holds MC but does not stake. The treasury exists.
pub fn new_test_ext() -> sp_io::TestExternalities {
	STAKES.with(|s| s.borrow_mut().clear());
	for (who, stake) in [(1, 100), (2, 200), (3, 300), (4, 400)] {
		set_stake(who, stake);
	}
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(1, 10_000),
			(2, 10_000),
			(3, 10_000),
			(4, 10_000),
			(5, 10_000),
			(TREASURY, 1),
		],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_governance::GenesisConfig::<Test> { params: Some(test_params()) }
		.assimilate_storage(&mut t)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs the hooks of blocks up to and including `n`, checking the invariants after each.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
		Governance::on_initialize(next);
		Governance::do_try_state().expect("invariants hold");
	}
}

/// A `system.remark` proposal, inline (any origin may remark, root too).
pub fn remark(data: &[u8]) -> Box<BoundedCallOf<Test>> {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: data.to_vec() });
	Box::new(Bounded::Inline(call.encode().try_into().expect("short call")))
}

/// An upgrade proposal (`authorize_upgrade`), inline.
pub fn upgrade(hash: u8) -> Box<BoundedCallOf<Test>> {
	let call = RuntimeCall::System(frame_system::Call::authorize_upgrade {
		code_hash: sp_core::H256::repeat_byte(hash),
	});
	Box::new(Bounded::Inline(call.encode().try_into().expect("short call")))
}

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Governance(e) = r.event { Some(e) } else { None })
		.collect()
}
