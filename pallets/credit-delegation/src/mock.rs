//! Test runtime for the delegation pallet: System, Balances, the real credit pallet, and this
//! pallet; staking is played by [`MockStaking`] (eras, points, commissions, candidates, and the
//! election's data).

use crate::{self as pallet_credit_delegation, *};
use frame_election_provider_support::{
	bounds::{DataProviderBounds, ElectionBounds},
	data_provider, onchain, ElectionDataProvider, PageIndex, SequentialPhragmen, VoterOf,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, Hooks},
	BoundedVec,
};
use frame_system::EnsureRoot;
use pallet_credit::{CreditParams, DeviceKind};
use sp_runtime::{AccountId32, BuildStorage, MultiSignature, Perbill};
use std::{cell::RefCell, collections::BTreeMap};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId32;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Credit: pallet_credit,
		CreditDelegation: pallet_credit_delegation,
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

/// Blocks per credit period.
pub const PERIOD: u64 = 10;
/// Least credit that earns rewards and may delegate.
pub const MIN_REWARD_CREDIT: u32 = 50;
/// Credit of a new device.
pub const INITIAL_CREDIT: u32 = 100;

/// The credit rules of the tests.
pub fn credit_params() -> pallet_credit::ParamsOf<Test> {
	CreditParams {
		device_deposit: 1_000,
		deregister_delay: 30,
		min_inviter_credit: 100,
		invite_expiry: 20,
		max_open_invites: 3,
		initial_credit: INITIAL_CREDIT,
		inviter_bonus: 10,
		max_inviter_bonus_per_period: 25,
		credit_period: PERIOD,
		uptime_credit: 1,
		max_credit: 10_000,
		max_work_credit_per_period: 500,
		decay_per_period: 5,
		decay_grace_periods: 1,
		credit_per_level: 100,
		min_reward_credit: MIN_REWARD_CREDIT,
		credit_price: 50,
		replenish_reward_share: Perbill::from_percent(20),
	}
}

/// Blocks of redelegation cooldown.
pub const COOLDOWN: u64 = 20;
/// Least backing to be electable.
pub const MIN_VALIDATOR_CREDIT: u64 = 150;
/// Eras a reward stays claimable.
pub const DEPTH: u32 = 2;

/// The delegation rules of the tests.
pub fn params() -> ParamsOf<Test> {
	DelegationParams {
		redelegate_cooldown: COOLDOWN,
		min_validator_credit: MIN_VALIDATOR_CREDIT,
		credit_to_vote: 10,
		credit_reward_share: Perbill::from_percent(60),
		reward_history_depth: DEPTH,
	}
}

parameter_types! {
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	pub CreditDefaults: pallet_credit::ParamsOf<Test> = credit_params();
	pub Defaults: ParamsOf<Test> = params();
	pub const HeartbeatPriority: u64 = 1 << 20;
	pub const DelegationPalletId: frame_support::PalletId = frame_support::PalletId(*b"mc/dlgtn");
}

impl pallet_credit::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceSignature = MultiSignature;
	type IncentivePool = Pool;
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type OnCreditChanged = CreditDelegation;
	type OnReplenished = CreditDelegation;
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
	type Credit = Credit;
	type Staking = MockStaking;
	type IncentivePool = Pool;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type PalletId = DelegationPalletId;
	type ConfigOrigin = AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	type DefaultParameters = Defaults;
	type MaxRewardedValidators = ConstU32<10>;
	type SweepPageSize = ConstU32<1>;
	type WeightInfo = ();
}

/// Staking as the tests play it.
#[derive(Default)]
pub struct StakingState {
	pub active_era: Option<EraIndex>,
	pub points: BTreeMap<EraIndex, Vec<(AccountId, u32)>>,
	pub commission: BTreeMap<AccountId, Perbill>,
	/// Candidates and their active bond.
	pub candidates: BTreeMap<AccountId, Balance>,
	/// Nominators: (who, stake, targets).
	pub nominators: Vec<(AccountId, Balance, Vec<AccountId>)>,
	pub desired: u32,
	pub min_bond: Balance,
}

thread_local! {
	pub static STAKING: RefCell<StakingState> = RefCell::new(StakingState {
		active_era: Some(0),
		desired: 2,
		min_bond: 100,
		..Default::default()
	});
}

/// Change the mock staking state.
pub fn staking<R>(f: impl FnOnce(&mut StakingState) -> R) -> R {
	STAKING.with(|s| f(&mut s.borrow_mut()))
}

/// Staking, played by the tests.
pub struct MockStaking;
impl StakingInfo<AccountId, Balance> for MockStaking {
	fn active_era() -> Option<EraIndex> {
		staking(|s| s.active_era)
	}
	fn era_reward_points(era: EraIndex) -> (u32, Vec<(AccountId, u32)>) {
		staking(|s| {
			let points = s.points.get(&era).cloned().unwrap_or_default();
			(points.iter().map(|(_, p)| p).sum(), points)
		})
	}
	fn commission(_era: EraIndex, who: &AccountId) -> Perbill {
		staking(|s| s.commission.get(who).copied().unwrap_or_default())
	}
	fn is_candidate(who: &AccountId) -> bool {
		staking(|s| s.candidates.contains_key(who))
	}
	fn active_stake(who: &AccountId) -> Balance {
		staking(|s| s.candidates.get(who).copied().unwrap_or_default())
	}
	fn min_validator_bond() -> Balance {
		staking(|s| s.min_bond)
	}
	fn candidates() -> Vec<AccountId> {
		staking(|s| s.candidates.keys().cloned().collect())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_candidate(who: &AccountId, stake: Balance) -> sp_runtime::DispatchResult {
		staking(|s| s.candidates.insert(who.clone(), stake));
		Ok(())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_era_points(era: EraIndex, points: Vec<(AccountId, u32)>) {
		staking(|s| {
			s.active_era = Some(era);
			for (v, _) in &points {
				s.commission.insert(v.clone(), Perbill::from_percent(10));
			}
			s.points.insert(era, points);
		});
	}
}

impl ElectionDataProvider for MockStaking {
	type AccountId = AccountId;
	type BlockNumber = u64;
	type MaxVotesPerVoter = ConstU32<16>;

	fn electable_targets(
		_bounds: DataProviderBounds,
		_page: PageIndex,
	) -> data_provider::Result<Vec<AccountId>> {
		Ok(staking(|s| s.candidates.keys().cloned().collect()))
	}

	fn electing_voters(
		_bounds: DataProviderBounds,
		_page: PageIndex,
	) -> data_provider::Result<Vec<VoterOf<Self>>> {
		Ok(staking(|s| {
			let selves = s.candidates.iter().map(|(v, stake)| {
				(v.clone(), *stake as u64, BoundedVec::truncate_from(vec![v.clone()]))
			});
			let nominators = s.nominators.iter().map(|(n, stake, targets)| {
				(n.clone(), *stake as u64, BoundedVec::truncate_from(targets.clone()))
			});
			selves.chain(nominators).collect()
		}))
	}

	fn desired_targets() -> data_provider::Result<u32> {
		Ok(staking(|s| s.desired))
	}

	fn next_election_prediction(now: u64) -> u64 {
		now
	}
}

parameter_types! {
	pub Bounds: ElectionBounds =
		frame_election_provider_support::bounds::ElectionBoundsBuilder::default().build();
}

/// The election of the tests: sequential Phragmén over [`MockStaking`].
pub struct OnChain;
impl onchain::Config for OnChain {
	type Sort = frame_support::traits::ConstBool<true>;
	type System = Test;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type MaxBackersPerWinner = ConstU32<100>;
	type MaxWinnersPerPage = ConstU32<10>;
	type DataProvider = MockStaking;
	type WeightInfo = ();
	type Bounds = Bounds;
}

/// The proof-of-credit election of the tests.
pub type Election = CreditWeightedElection<Test, OnChain>;

/// An account from a byte.
pub fn account(i: u8) -> AccountId {
	AccountId32::new([i; 32])
}

/// Validator candidates.
pub fn v1() -> AccountId {
	account(0xa1)
}
pub fn v2() -> AccountId {
	account(0xa2)
}
pub fn v3() -> AccountId {
	account(0xa3)
}

/// Device accounts.
pub fn dev(i: u8) -> AccountId {
	account(i)
}

/// Everyone starts with this much.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// The pool starts with this much.
pub const POOL_BALANCE: Balance = 1_000_000_000_000;

/// Devices 1..=9 hold funds (none registered), v1..v3 are candidates with 1,000 stake.
pub fn new_test_ext() -> sp_io::TestExternalities {
	STAKING.with(|s| {
		*s.borrow_mut() = StakingState {
			active_era: Some(0),
			desired: 2,
			min_bond: 100,
			candidates: [(v1(), 1_000), (v2(), 1_000), (v3(), 1_000)].into_iter().collect(),
			..Default::default()
		}
	});
	let balances = (1..=9u8)
		.map(|i| (dev(i), INITIAL_BALANCE))
		.chain([v1(), v2(), v3()].into_iter().map(|v| (v, INITIAL_BALANCE)))
		.chain(core::iter::once((Pool::get(), POOL_BALANCE)))
		.collect();
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		credit: pallet_credit::GenesisConfig { params: Some(credit_params()), devices: vec![] },
		credit_delegation: pallet_credit_delegation::GenesisConfig {
			params: Some(params()),
			delegations: vec![],
		},
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
		CreditDelegation::do_try_state().expect("invariants hold");
		Credit::do_try_state().expect("credit invariants hold");
	});
}

/// Move to block `n`, running this pallet's `on_initialize` on the way.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		CreditDelegation::on_initialize(next);
	}
}

/// The first block of credit period `p`.
pub fn period_start(p: u32) -> u64 {
	p as u64 * PERIOD
}

/// Register `who` as a device (invited by governance).
pub fn register(who: &AccountId) {
	frame_support::assert_ok!(Credit::force_invite(RuntimeOrigin::root(), who.clone()));
	frame_support::assert_ok!(Credit::register_device(
		RuntimeOrigin::signed(who.clone()),
		DeviceKind::DvpnClient
	));
}

/// `who` sends its heartbeat.
pub fn heartbeat(who: &AccountId) {
	frame_support::assert_ok!(Credit::heartbeat(RuntimeOrigin::signed(who.clone())));
}

/// Register `who` and delegate it to `validator`.
pub fn register_and_delegate(who: &AccountId, validator: &AccountId) {
	register(who);
	frame_support::assert_ok!(CreditDelegation::delegate(
		RuntimeOrigin::signed(who.clone()),
		validator.clone()
	));
}

/// End the active era with `points`, as staking does: the era payout takes the device share of
/// `reward`; then the next era starts. Returns what the device side took of `reward`.
pub fn end_era(points: Vec<(AccountId, u32)>, reward: Balance) -> Balance {
	let era = staking(|s| {
		let era = s.active_era.unwrap_or(0);
		s.points.insert(era, points);
		era
	});
	let taken =
		<CreditDelegation as pallet_incentive_pool::EraRewardSplit<Balance>>::take_share(reward);
	staking(|s| s.active_era = Some(era + 1));
	taken
}

/// The free balance of `who`.
pub fn free(who: &AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The events of this pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::CreditDelegation(e) => Some(e),
			_ => None,
		})
		.collect()
}
