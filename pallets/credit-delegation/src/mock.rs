//! Test runtime for the delegation pallet: System, Balances and this pallet. Its collaborators
//! are stubs: credit is [`Credit`] (devices, periods and the reward threshold set by the tests,
//! each change told to this pallet as the credit pallet tells it), the incentive pool is the
//! plain account [`Pool`], the reward digests are kept in memory, and staking is played by
//! [`MockStaking`] (eras, points, commissions, candidates, and the election's data). The
//! candidate list is a real bags list ([`CandidateList`]) scored by this pallet.

use crate::{self as pallet_credit_delegation, *};
use frame_election_provider_support::{
	bounds::{DataProviderBounds, ElectionBounds},
	data_provider, onchain, ElectionDataProvider, PageIndex, SequentialPhragmen, VoterOf,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Hooks},
	BoundedVec,
};
use metachain_primitives::{
	digest::{ContributorId, RewardDigests, RunningDigest},
	testing::{AccountPool, CreditStub, RecordedDigests},
};
use sp_runtime::{AccountId32, BuildStorage, Perbill};
use std::{cell::RefCell, collections::BTreeMap};

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		CreditDelegation: pallet_credit_delegation,
		CandidateList: pallet_bags_list,
	}
);

metachain_primitives::impl_mock_system_and_balances!(Test, ed: 10);

/// The credit pallet as this pallet sees it: a stub whose changes reach this pallet's
/// `OnCreditChanged`.
pub type Credit = CreditStub<AccountId, CreditDelegation>;

/// Blocks per credit period (the stub's period follows the block number in [`run_to`]).
pub const PERIOD: u64 = 10;
/// Least credit that earns rewards and may delegate.
pub const MIN_REWARD_CREDIT: u32 = 50;
/// Credit of a new device.
pub const INITIAL_CREDIT: u32 = 100;

/// Blocks of redelegation cooldown.
pub const COOLDOWN: u64 = 20;
/// Least backing to be electable.
pub const MIN_VALIDATOR_BACKING: Balance = 150;
/// Eras a device answers for the slashes of a validator it left.
pub const BONDING: u32 = 3;
/// Eras a reward stays claimable.
pub const DEPTH: u32 = 2;

/// The delegation rules of the tests.
pub fn params() -> ParamsOf<Test> {
	DelegationParams {
		redelegate_cooldown: COOLDOWN,
		min_validator_backing: MIN_VALIDATOR_BACKING,
		credit_reward_share: Perbill::from_percent(60),
		reward_history_depth: DEPTH,
	}
}

thread_local! {
	static DIGEST_WRITES: RefCell<u32> = const { RefCell::new(0) };
}

/// [`RecordedDigests`], counting the digest writes ([`RewardDigests::note_with`] calls).
pub struct CountedDigests;
impl CountedDigests {
	/// Digest writes so far in this test.
	pub fn writes() -> u32 {
		DIGEST_WRITES.with(|w| *w.borrow())
	}
}
impl RewardDigests for CountedDigests {
	fn note_with(contributor: ContributorId, f: impl FnOnce(&mut RunningDigest)) {
		DIGEST_WRITES.with(|w| *w.borrow_mut() += 1);
		RecordedDigests::note_with(contributor, f)
	}
}

parameter_types! {
	/// The incentive pool's account.
	pub const Pool: AccountId = AccountId32::new([0x70; 32]);
	pub Defaults: ParamsOf<Test> = params();
	pub const DelegationPalletId: frame_support::PalletId = frame_support::PalletId(*b"mc/dlgtn");
}

impl Config for Test {
	type Currency = Balances;
	type Credit = Credit;
	type Staking = MockStaking;
	type IncentivePool = AccountPool<Balances, Pool>;
	type RewardDigests = CountedDigests;
	type BondingDuration = ConstU32<BONDING>;
	type MaxDepartures = ConstU32<3>;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type PalletId = DelegationPalletId;
	type DefaultParameters = Defaults;
	type MaxRewardedValidators = ConstU32<10>;
	type Candidates = CandidateList;
	type CandidateSweepPage = ConstU32<2>;
	type MaxElectionTargets = TargetBound;
	type MaxElectionVoters = ConstU32<1_000>;
	type SweepPageSize = ConstU32<1>;
	type WeightInfo = ();
}

parameter_types! {
	/// Bags of the candidate list: powers of ten of vote weight.
	pub const CandidateBags: &'static [u64] = &[10, 100, 1_000, 10_000, 100_000, 1_000_000];
}

impl pallet_bags_list::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type ScoreProvider = CreditDelegation;
	type BagThresholds = CandidateBags;
	type MaxAutoRebagPerBlock = ConstU32<0>;
	type Score = frame_election_provider_support::VoteWeight;
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
	/// Staking's minimum validator count.
	pub minimum_validators: u32,
	/// The fraction of the slash being applied to each validator (what `slash_fraction` says).
	pub slashing: BTreeMap<AccountId, Perbill>,
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
	fn minimum_validator_count() -> u32 {
		staking(|s| s.minimum_validators)
	}
	fn candidates() -> Vec<AccountId> {
		staking(|s| s.candidates.keys().cloned().collect())
	}
	fn candidates_after(after: Option<&AccountId>, max: u32) -> Vec<AccountId> {
		use core::ops::Bound::{Excluded, Unbounded};
		let from = after.map_or(Unbounded, |a| Excluded(a.clone()));
		staking(|s| {
			s.candidates
				.range((from, Unbounded))
				.take(max as usize)
				.map(|(v, _)| v.clone())
				.collect()
		})
	}
	fn slash_fraction(validator: &AccountId) -> Option<Perbill> {
		staking(|s| s.slashing.get(validator).copied())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_candidate(who: &AccountId, stake: Balance) -> sp_runtime::DispatchResult {
		staking(|s| s.candidates.insert(who.clone(), stake));
		Ok(())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_slash_fraction(validator: &AccountId, fraction: Perbill) {
		staking(|s| s.slashing.insert(validator.clone(), fraction));
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
	/// The election's target bound (the most targets it keeps from the candidate list).
	pub static TargetBound: u32 = 10;
}

parameter_types! {
	/// The election's bounds: none (the targets are bounded by [`TargetBound`]).
	pub Bounds: ElectionBounds =
		frame_election_provider_support::bounds::ElectionBoundsBuilder::default().build();
}

/// The election of the tests: sequential Phragmén over [`MockStaking`] with the credit rules.
pub struct OnChain;
impl onchain::Config for OnChain {
	type Sort = frame_support::traits::ConstBool<true>;
	type System = Test;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type MaxBackersPerWinner = ConstU32<100>;
	type MaxWinnersPerPage = ConstU32<10>;
	type DataProvider = CreditDataProvider<Test, MockStaking>;
	type WeightInfo = ();
	type Bounds = Bounds;
}

/// The proof-of-credit election of the tests.
pub type Election = CreditFacing<Test, onchain::OnChainExecution<OnChain>, MockStaking>;

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

/// Devices 1..=9 hold funds (none registered), v1..v3 are candidates with 1,000 stake; the
/// credit period is 0 and `MinRewardCredit` is [`MIN_REWARD_CREDIT`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	metachain_primitives::testing::reset();
	DIGEST_WRITES.with(|w| *w.borrow_mut() = 0);
	TargetBound::set(10);
	Credit::set_reward_threshold(MIN_REWARD_CREDIT);
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
		credit_delegation: pallet_credit_delegation::GenesisConfig {
			params: Some(params()),
			delegations: vec![],
		},
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = ext_at_block_one(storage);
	ext.execute_with(|| {
		list_candidates();
		System::reset_events();
	});
	ext
}

/// Run the candidate sweep through every candidate once, as the blocks before an election do:
/// each is entered into the candidate list with its merit now, or has it refreshed there.
pub fn list_candidates() {
	CandidateCursor::<Test>::kill();
	loop {
		CreditDelegation::sweep_candidates();
		if CandidateCursor::<Test>::get().is_none() {
			break;
		}
	}
}

/// Run a test and check the invariants after it.
pub fn test(f: impl FnOnce()) {
	run_checked(new_test_ext(), f, CreditDelegation::do_try_state)
}

/// Move to block `n`, running this pallet's `on_initialize` on the way; the credit period
/// follows the block number (`block / PERIOD`), as in the credit pallet.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Credit::set_period((next / PERIOD) as u32);
		CreditDelegation::on_initialize(next);
	}
}

/// The first block of credit period `p`.
pub fn period_start(p: u32) -> u64 {
	p as u64 * PERIOD
}

/// Register `who` as a device with [`INITIAL_CREDIT`], alive in the current period.
pub fn register(who: &AccountId) {
	Credit::register(who, INITIAL_CREDIT);
}

/// `who` sends its heartbeat in the current period, its credit now `credit`.
pub fn heartbeat(who: &AccountId, credit: u32) {
	Credit::heartbeat(who, credit);
}

/// Register `who` and delegate it to `validator`, counting at once as a genesis delegation
/// does (the `delegate` call counts from the next period: `tests/delegation.rs` tests that).
pub fn register_and_delegate(who: &AccountId, validator: &AccountId) {
	register(who);
	frame_support::assert_ok!(CreditDelegation::do_delegate(who, validator, crate::CountFrom::Now));
}

/// End the active era with `points`, as staking does: the era payout takes the device share of
/// `reward`; then the next era starts. Returns what the device side took of `reward`.
pub fn end_era(points: Vec<(AccountId, u32)>, reward: Balance) -> Balance {
	let era = staking(|s| {
		let era = s.active_era.unwrap_or(0);
		s.points.insert(era, points);
		era
	});
	let taken = <CreditDelegation as EraRewardSplit<Balance>>::take_share(reward);
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

/// Staking applies a slash of `fraction` to `validator`, as its `on_slash` tells the listeners.
pub fn slash_validator(validator: &AccountId, fraction: Perbill) {
	use sp_staking::OnStakingUpdate;
	staking(|s| s.slashing.insert(validator.clone(), fraction));
	CreditDelegation::on_slash(validator, 0, &Default::default(), 0);
	staking(|s| s.slashing.remove(validator));
}
