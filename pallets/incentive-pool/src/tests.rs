//! Unit tests of the incentive pool.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::Precision,
		OnUnbalanced,
	},
};
use sp_runtime::DispatchError;

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
fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::IncentivePool(e) => Some(e),
			_ => None,
		})
		.last()
		.expect("an incentive pool event")
}

#[test]
fn genesis_seeds_the_pot_from_the_pool_and_keeps_the_cap() {
	new_test_ext().execute_with(|| {
		assert_eq!(pot(), ED);
		assert_eq!(pool(), POOL - ED);
		assert_eq!(pool() + pot(), POOL);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_eq!(AnnualEmission::<Test>::get(), Perbill::from_percent(10));
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
		assert_eq!(Commitments::<Test>::get().into_inner(), vec![expected]);
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
		assert_eq!(last_event(), Event::UnclaimedRewardsReturned { amount: unclaimed });
		assert_eq!(pool(), pool_before - reserved + unclaimed);
		assert_eq!(pot(), ED + later.iter().sum::<Balance>() + reserved);
		assert_eq!(Commitments::<Test>::get().len(), WINDOW as usize);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_ok!(IncentivePool::check_supply_invariant());
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
		assert_eq!(Commitments::<Test>::get().into_inner(), vec![0]);
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
fn set_annual_emission_needs_the_admin_origin_and_respects_the_maximum() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			IncentivePool::set_annual_emission(
				RuntimeOrigin::signed(ALICE),
				Perbill::from_percent(5)
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			IncentivePool::set_annual_emission(RuntimeOrigin::root(), Perbill::from_percent(21)),
			Error::<Test>::EmissionAboveMaximum
		);
		assert_ok!(IncentivePool::set_annual_emission(
			RuntimeOrigin::root(),
			Perbill::from_percent(20)
		));
		assert_eq!(AnnualEmission::<Test>::get(), Perbill::from_percent(20));
		assert_eq!(last_event(), Event::AnnualEmissionSet { rate: Perbill::from_percent(20) });
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
