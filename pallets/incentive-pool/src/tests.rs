//! Unit tests of the incentive pool.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{Precision, Preservation},
		OnUnbalanced,
	},
};
use metachain_primitives::{
	digest::RunningDigest,
	parameters::{GovernedParameters, ParameterSet},
	pool::IncentivePool as _,
	testing::RecordedDigests,
};
use sp_runtime::{BuildStorage, TokenError};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn pool() -> Balance {
	Balances::balance(&IncentivePool::account_id())
}
fn pot() -> Balance {
	Balances::balance(&IncentivePool::pot_account())
}
fn issuance() -> Balance {
	Balances::total_issuance()
}
/// What staking does when it pays `amount` to `who`: credit the account and hand the debt to
/// its `Reward` handler.
fn staking_pays(who: &AccountId, amount: Balance) {
	let debt = Balances::deposit(who, amount, Precision::Exact).expect("account exists");
	PayFromPot::<Test>::on_unbalanced(debt);
}
/// Change one parameter as `pallet-chain-parameters` does (the origin is its concern).
fn set_parameter(p: PoolParameter) -> sp_runtime::DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(p);
	IncentivePool::set_parameters(params)
}
fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::IncentivePool(e) => Some(e),
			_ => None,
		})
		.next_back()
		.expect("an incentive pool event")
}

#[test]
fn genesis_seeds_the_pot_from_the_pool_and_keeps_the_cap() {
	new_test_ext().execute_with(|| {
		assert_eq!(pot(), ED);
		assert_eq!(pool(), POOL - ED);
		assert_eq!(pool() + pot(), POOL);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_eq!(Parameters::<Test>::get().annual_emission, Perbill::from_percent(10));
		assert_ok!(IncentivePool::check_supply_invariant());
	});
}

#[test]
fn era_emission_is_pro_rata_to_the_era_length() {
	new_test_ext().execute_with(|| {
		let yearly = Perbill::from_percent(10) * pool();
		let expected = yearly * DAY_MS as u128 / MILLIS_PER_YEAR as u128;
		assert_eq!(IncentivePool::era_emission(DAY_MS), expected);
		assert!(expected > 0);
		// Longer than a year counts as one year.
		assert_eq!(IncentivePool::era_emission(MILLIS_PER_YEAR * 3), yearly);
		assert_eq!(IncentivePool::era_emission(0), 0);
	});
}

#[test]
fn an_era_moves_its_reward_from_pool_to_pot_without_changing_issuance() {
	new_test_ext().execute_with(|| {
		let expected = IncentivePool::era_emission(DAY_MS);
		let (pool0, pot0) = (pool(), pot());
		let (payout, rest) =
			<EraPayoutFromPool<Test> as sp_staking::EraPayout<Balance>>::era_payout(0, 0, DAY_MS);
		assert_eq!(payout, expected);
		assert_eq!(rest, 0);
		assert_eq!(pool(), pool0 - expected);
		assert_eq!(pot(), pot0 + expected);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_eq!(
			Commitments::<Test>::get().into_inner(),
			vec![EraCommitment { era: 0, amount: expected }]
		);
		assert_eq!(
			last_event(),
			Event::EraRewardReserved { amount: expected, pool_balance: pool() }
		);
	});
}

#[test]
fn payouts_are_settled_from_the_pot_so_issuance_does_not_grow() {
	new_test_ext().execute_with(|| {
		let reserved = IncentivePool::reserve_era_reward(DAY_MS);
		let half = reserved / 2;
		staking_pays(&STAKER, half);
		staking_pays(&STAKER, reserved - half);
		assert_eq!(Balances::balance(&STAKER), ED + reserved);
		assert_eq!(pot(), ED);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_ok!(IncentivePool::check_supply_invariant());
	});
}

#[test]
fn rewards_unclaimed_after_the_window_return_to_the_pool() {
	new_test_ext().execute_with(|| {
		let first = IncentivePool::reserve_era_reward(DAY_MS);
		// A third of the first era is claimed; the rest will expire.
		staking_pays(&STAKER, first / 3);
		let mut later = vec![];
		for _ in 1..WINDOW {
			later.push(IncentivePool::reserve_era_reward(DAY_MS));
		}
		// The window is full but nothing has expired yet.
		assert_eq!(pot(), ED + first - first / 3 + later.iter().sum::<Balance>());
		let pool_before = pool();
		// One more era: the first leaves the window, its unclaimed part goes back.
		let next = IncentivePool::era_emission(DAY_MS);
		let reserved = IncentivePool::reserve_era_reward(DAY_MS);
		assert_eq!(reserved, next);
		let unclaimed = first - first / 3;
		assert_eq!(last_event(), Event::UnclaimedRewardsReturned { era: None, amount: unclaimed });
		assert_eq!(pool(), pool_before - reserved + unclaimed);
		assert_eq!(pot(), ED + later.iter().sum::<Balance>() + reserved);
		assert_eq!(Commitments::<Test>::get().len(), WINDOW as usize);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_ok!(IncentivePool::check_supply_invariant());
	});
}

/// Reserve the reward of `era`, as staking's `EraPayout` at the end of `era`.
fn end_era(era: EraIndex) -> Balance {
	MockStaking::set_ending_era(Some(era));
	IncentivePool::reserve_era_reward(DAY_MS)
}

/// What the runtime does when staking drops `era` from its claim window.
fn expire(era: EraIndex) {
	let expiring = IncentivePool::unpaid_before_expiry(era).expect("a commitment for the era");
	IncentivePool::return_expired_era(expiring);
}

#[test]
fn a_paid_recent_era_does_not_keep_an_older_unpaid_one_in_the_pot() {
	new_test_ext().execute_with(|| {
		// Era 0 is never claimed; eras 1 and 2 are claimed in full.
		let first = end_era(0);
		let second = end_era(1);
		let third = end_era(2);
		staking_pays(&STAKER, second);
		MockStaking::set_paid(1, second);
		staking_pays(&STAKER, third);
		MockStaking::set_paid(2, third);
		MockStaking::set_paid(0, 0);
		assert_eq!(pot(), ED + first);
		// The bug this guards against: the pot's spare (era 0's reward) is below what the
		// later eras reserved, so a sweep against reserved amounts alone returns nothing.
		assert!(first < second + third);
		let pool_before = pool();
		expire(0);
		assert_eq!(last_event(), Event::UnclaimedRewardsReturned { era: Some(0), amount: first });
		assert_eq!(pool(), pool_before + first);
		assert_eq!(pot(), ED);
		assert_eq!(
			Commitments::<Test>::get().iter().map(|c| c.era).collect::<Vec<_>>(),
			vec![1, 2]
		);
		// The fully paid eras return nothing when they expire, and the pot stays alive.
		expire(1);
		expire(2);
		assert_eq!(pot(), ED);
		assert!(Commitments::<Test>::get().is_empty());
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_ok!(IncentivePool::check_supply_invariant());
	});
}

#[test]
fn an_expiring_era_returns_exactly_its_unpaid_rest_while_later_eras_stay_claimable() {
	new_test_ext().execute_with(|| {
		let first = end_era(7);
		let second = end_era(8);
		// A third of era 7 and half of era 8 are claimed.
		staking_pays(&STAKER, first / 3);
		MockStaking::set_paid(7, first / 3);
		staking_pays(&STAKER, second / 2);
		MockStaking::set_paid(8, second / 2);
		let pool_before = pool();
		expire(7);
		let unpaid = first - first / 3;
		assert_eq!(last_event(), Event::UnclaimedRewardsReturned { era: Some(7), amount: unpaid });
		assert_eq!(pool(), pool_before + unpaid);
		// Era 8's unpaid half is still in the pot, and can be claimed.
		assert_eq!(pot(), ED + second - second / 2);
		staking_pays(&STAKER, second - second / 2);
		assert_eq!(pot(), ED);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn an_expiry_staking_cannot_account_for_returns_only_the_provable_surplus() {
	new_test_ext().execute_with(|| {
		let first = end_era(0);
		let second = end_era(1);
		staking_pays(&STAKER, second);
		// Staking knows nothing of era 0 (say, already cleared): the pool assumes it was paid,
		// and returns only what the pot holds beyond the later eras' reserved rewards.
		let expiring = IncentivePool::unpaid_before_expiry(0).unwrap();
		assert_eq!(expiring.unpaid_at_least, 0);
		let pool_before = pool();
		IncentivePool::return_expired_era(expiring);
		assert_eq!(pool(), pool_before + first.saturating_sub(second));
		// An era the pool never reserved for is not expired.
		assert_eq!(IncentivePool::unpaid_before_expiry(5), None);
	});
}

#[test]
fn commitments_carry_the_eras_staking_ends() {
	new_test_ext().execute_with(|| {
		end_era(3);
		end_era(4);
		// Without staking's answer, the next era follows the last.
		MockStaking::set_ending_era(None);
		IncentivePool::reserve_era_reward(DAY_MS);
		assert_eq!(
			Commitments::<Test>::get().iter().map(|c| c.era).collect::<Vec<_>>(),
			vec![3, 4, 5]
		);
	});
}

#[test]
fn migration_v1_tags_old_commitments_with_consecutive_eras() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<IncentivePool>();
		let old: frame_support::BoundedVec<Balance, frame_support::traits::ConstU32<WINDOW>> =
			frame_support::BoundedVec::truncate_from(vec![10, 20, 30]);
		frame_support::storage::unhashed::put(&Commitments::<Test>::hashed_key(), &old);
		// The active era is 9: the newest commitment is era 8's.
		MockStaking::set_ending_era(Some(9));
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(
			Commitments::<Test>::get().into_inner(),
			vec![
				EraCommitment { era: 6, amount: 10 },
				EraCommitment { era: 7, amount: 20 },
				EraCommitment { era: 8, amount: 30 },
			]
		);
		assert_eq!(IncentivePool::on_chain_storage_version(), 1);
		// A second run changes nothing.
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Commitments::<Test>::get().len(), 3);
	});
}

#[test]
fn an_empty_pool_pays_nothing_and_says_so() {
	// The pool holds just enough to seed the pot and keep itself alive.
	ext_with(Perbill::from_percent(10), 2 * ED).execute_with(|| {
		assert_eq!(IncentivePool::available(), 0);
		let (payout, _) =
			<EraPayoutFromPool<Test> as sp_staking::EraPayout<Balance>>::era_payout(0, 0, DAY_MS);
		assert_eq!(payout, 0);
		assert_eq!(last_event(), Event::PoolExhausted);
		assert_eq!(
			Commitments::<Test>::get().into_inner(),
			vec![EraCommitment { era: 0, amount: 0 }]
		);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn the_era_reward_never_exceeds_what_the_pool_can_pay() {
	// Annual emission of 20% over a whole year wants far more than a tiny pool has.
	ext_with(Perbill::from_percent(20), 1_000 + ED).execute_with(|| {
		let available = IncentivePool::available();
		assert!(Perbill::from_percent(20) * pool() <= available);
		let reserved = IncentivePool::reserve_era_reward(MILLIS_PER_YEAR);
		assert_eq!(reserved, Perbill::from_percent(20) * (1_000 + ED - ED));
		// Drain the rest with many long eras: the pool never goes below its deposit.
		for _ in 0..200 {
			IncentivePool::reserve_era_reward(MILLIS_PER_YEAR);
		}
		assert!(pool() >= ED);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn a_zero_emission_rate_pays_nothing_without_an_exhaustion_event() {
	ext_with(Perbill::zero(), POOL).execute_with(|| {
		assert_eq!(IncentivePool::reserve_era_reward(DAY_MS), 0);
		assert!(System::events()
			.iter()
			.all(|r| !matches!(r.event, RuntimeEvent::IncentivePool(Event::PoolExhausted))));
	});
}

#[test]
fn the_emission_rate_changes_within_its_maximum() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			set_parameter(PoolParameter::AnnualEmission(Perbill::from_percent(21))),
			Error::<Test>::EmissionAboveMaximum
		);
		assert_ok!(set_parameter(PoolParameter::AnnualEmission(MAX_EMISSION)));
		assert_eq!(IncentivePool::parameters(), PoolParams { annual_emission: MAX_EMISSION });
		// The new rate applies from the next era change.
		let yearly = MAX_EMISSION * pool();
		assert_eq!(IncentivePool::era_emission(MILLIS_PER_YEAR), yearly);
		assert_ok!(IncentivePool::check_supply_invariant());
	});
}

#[test]
fn genesis_without_parameters_takes_the_defaults() {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(IncentivePool::account_id(), POOL)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	crate::GenesisConfig::<Test>::default().assimilate_storage(&mut t).unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| {
		assert_eq!(Parameters::<Test>::get(), DefaultParameters::get());
		assert_eq!(pot(), ED);
	});
}

#[test]
#[should_panic(expected = "invalid genesis parameters of pallet_incentive_pool")]
fn genesis_refuses_an_emission_above_the_maximum() {
	ext_with(Perbill::from_percent(21), POOL);
}

#[test]
fn each_era_notes_its_reward_calculation_for_checkpoints() {
	new_test_ext().execute_with(|| {
		assert_eq!(RecordedDigests::get(*b"incentiv"), RunningDigest::default());
		let emission = IncentivePool::era_emission(DAY_MS);
		let reserved = IncentivePool::reserve_era_reward(DAY_MS);
		let second = IncentivePool::era_emission(2 * DAY_MS);
		IncentivePool::reserve_era_reward(2 * DAY_MS);
		let mut expected = RunningDigest::default();
		expected.note(&(DAY_MS, emission, 0 as Balance, 0 as Balance, reserved));
		expected.note(&(2 * DAY_MS, second, 0 as Balance, 0 as Balance, second));
		assert_eq!(RecordedDigests::get(DIGEST_ID), expected);
		assert_eq!(expected.records, 2);
	});
}

#[test]
fn other_pallets_are_paid_and_pay_back_through_the_pool_keeping_it_alive() {
	new_test_ext().execute_with(|| {
		let pool0 = pool();
		assert_eq!(IncentivePool::available(), pool0 - ED);
		assert_ok!(IncentivePool::pay(&STAKER, 1_000));
		assert_eq!(Balances::balance(&STAKER), ED + 1_000);
		assert_eq!(pool(), pool0 - 1_000);
		assert_ok!(IncentivePool::receive(&STAKER, 400));
		assert_eq!(Balances::balance(&STAKER), ED + 600);
		assert_eq!(pool(), pool0 - 600);
		// Neither side may be reaped: all-or-nothing.
		assert_noop!(IncentivePool::receive(&STAKER, ED + 600), TokenError::NotExpendable);
		let all = pool();
		assert_noop!(IncentivePool::pay(&STAKER, all), TokenError::NotExpendable);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn opening_a_pot_pays_only_what_it_lacks_of_the_deposit() {
	new_test_ext().execute_with(|| {
		let pot_a = AccountId::new([7; 32]);
		let pot_b = AccountId::new([8; 32]);
		assert_ok!(Balances::transfer(&ALICE, &pot_b, ED + 5, Preservation::Preserve));
		let pool0 = pool();
		IncentivePool::open_pot(&pot_a);
		IncentivePool::open_pot(&pot_b);
		IncentivePool::open_pot(&pot_a);
		assert_eq!(Balances::balance(&pot_a), ED);
		assert_eq!(Balances::balance(&pot_b), ED + 5);
		assert_eq!(pool(), pool0 - ED);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn a_pot_shortfall_is_paid_by_the_pool_keeping_issuance() {
	new_test_ext().execute_with(|| {
		// Nothing reserved: the pot holds only its existential deposit.
		staking_pays(&STAKER, 500);
		assert_eq!(last_event(), Event::PotShortfall { amount: 500 });
		assert_eq!(pool(), POOL - ED - 500);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn the_invariant_catches_issuance_above_the_cap() {
	new_test_ext().execute_with(|| {
		assert_ok!(IncentivePool::check_supply_invariant());
		assert_ok!(<Balances as Mutate<_>>::mint_into(&ALICE, 1));
		assert_eq!(
			IncentivePool::check_supply_invariant(),
			Err("total issuance exceeds the maximum supply")
		);
	});
}

#[test]
fn replenishment_income_joins_the_next_era_reward_once() {
	use metachain_primitives::credit::OnReplenished;
	new_test_ext().execute_with(|| {
		// A device bought credit back: the pool received its share and is told so.
		assert_ok!(IncentivePool::receive(&ALICE, 1_000));
		<IncentivePool as OnReplenished<Balance>>::on_replenished(1_000);
		assert_eq!(PendingIncome::<Test>::get(), 1_000);
		let emission = IncentivePool::era_emission(DAY_MS);
		// The mock's split takes nothing: staking is paid emission and income together.
		assert_eq!(IncentivePool::reserve_era_reward(DAY_MS), emission + 1_000);
		assert_eq!(PendingIncome::<Test>::get(), 0);
		// The next era is back to its emission alone.
		let next = IncentivePool::era_emission(DAY_MS);
		assert_eq!(IncentivePool::reserve_era_reward(DAY_MS), next);
		assert_eq!(issuance(), MAX_SUPPLY);
	});
}

#[test]
fn other_budgets_may_take_only_what_the_emission_cap_spares() {
	// 10% emitted of a 20% maximum: 10% of the pool a year is spare.
	new_test_ext().execute_with(|| {
		let yearly_spare = Perbill::from_percent(10) * pool();
		assert_eq!(IncentivePool::spare_emission(MILLIS_PER_YEAR), yearly_spare);
		assert_eq!(
			IncentivePool::spare_emission(DAY_MS),
			yearly_spare * DAY_MS as u128 / MILLIS_PER_YEAR as u128
		);
		// Longer than a year counts as a year: nothing may take more than a year's spare.
		assert_eq!(IncentivePool::spare_emission(10 * MILLIS_PER_YEAR), yearly_spare);
		// At the maximum rate nothing is spare.
		assert_ok!(set_parameter(PoolParameter::AnnualEmission(MAX_EMISSION)));
		assert_eq!(IncentivePool::spare_emission(DAY_MS), 0);
	});
}
