//! Submissions: feeders only, non-zero, one per feeder and block.

use super::*;

#[test]
fn only_feeders_submit() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(9, usd(500)), Error::<Test>::NotFeeder);
		assert_noop!(
			PriceOracle::submit_price(RuntimeOrigin::root(), usd(500)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_zero_price_is_rejected() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(1, FixedU128::zero()), Error::<Test>::ZeroPrice);
		assert_noop!(submit(9, FixedU128::zero()), Error::<Test>::ZeroPrice);
	});
}

#[test]
fn one_submission_per_feeder_and_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_noop!(submit(1, usd(510)), Error::<Test>::AlreadySubmitted);
		// Another feeder may submit in the same block.
		assert_ok!(submit(2, usd(520)));
		run_to(2);
		// The next block: the new submission replaces the old one.
		assert_ok!(submit(1, usd(530)));
		assert_eq!(Feeders::<Test>::get()[0].last, Some(Submission { price: usd(530), at: 2 }));
		// 0.0520 and 0.0530.
		assert_eq!(PriceOracle::price(), in_force(usd(525), 2, 0, 2));
		check_invariants();
	});
}
