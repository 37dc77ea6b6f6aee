//! Replenishment: bought back up to the historical maximum, part burnt, part to the pool.

use super::*;

#[test]
fn replenishment_burns_and_feeds_the_pool_and_is_capped_at_the_historical_maximum() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(period_start(6));
		// Highest 101, now 86: 15 points can be bought back.
		assert_eq!(credit_now(Alice), 86);
		assert_eq!(Credit::max_replenishable(&acc(Alice)), 15);
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 16),
			Error::<Test>::AboveHistoricalMaximum
		);
		assert_noop!(Credit::replenish_credit(origin(Alice), 0), Error::<Test>::ZeroPoints);

		let issuance = Balances::total_issuance();
		let pool = Balances::balance(&Pool::get());
		let alice = Balances::balance(&acc(Alice));
		assert_ok!(Credit::replenish_credit(origin(Alice), 10));
		// 10 points x 50 MC = 500; 20% = 100 to the pool, 400 burnt.
		assert_eq!(Credit::replenish_cost(10), 500);
		assert_eq!(
			last_event(),
			Event::CreditReplenished {
				device: acc(Alice),
				points: 10,
				cost: 500,
				burnt: 400,
				to_pool: 100,
				credit: 96
			}
		);
		assert_eq!(Balances::balance(&acc(Alice)), alice - 500);
		assert_eq!(Balances::balance(&Pool::get()), pool + 100);
		assert_eq!(Balances::total_issuance(), issuance - 400, "the burnt part leaves the supply");
		assert_eq!(credit_now(Alice), 96);
		// Up to the historical maximum exactly, and no further.
		assert_ok!(Credit::replenish_credit(origin(Alice), 5));
		assert_eq!(credit_now(Alice), 101);
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 1),
			Error::<Test>::AboveHistoricalMaximum
		);
		check_invariants();
	});
}

#[test]
fn replenishment_needs_the_funds() {
	new_test_ext().execute_with(|| {
		run_to(period_start(10));
		// Alice has 999_000 free; make the price unaffordable.
		assert_ok!(set_parameter(CreditParameter::CreditPrice(1_000_000)));
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(Credit::replenish_credit(origin(Bob), 1), Error::<Test>::NotRegistered);
	});
}
