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
		expected.note(&(DAY_MS, emission, 0 as Balance, reserved));
		expected.note(&(2 * DAY_MS, second, 0 as Balance, second));
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
