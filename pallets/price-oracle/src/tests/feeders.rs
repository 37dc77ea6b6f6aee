//! Feeders: added and removed by the feeder origin, taking their submissions along.

use super::*;

#[test]
fn feeders_are_added_and_removed_by_the_feeder_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			PriceOracle::add_feeder(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(PriceOracle::add_feeder(RuntimeOrigin::root(), 4), DispatchError::BadOrigin);
		assert_ok!(PriceOracle::add_feeder(admin(), 4));
		assert_eq!(last_event(), Event::FeederAdded { feeder: 4 });
		assert_eq!(feeder_accounts(), vec![1, 2, 3, 4]);
		assert_ok!(submit(4, usd(500)));

		assert_noop!(
			PriceOracle::remove_feeder(RuntimeOrigin::signed(2), 4),
			DispatchError::BadOrigin
		);
		assert_ok!(PriceOracle::remove_feeder(admin(), 2));
		assert_eq!(last_event(), Event::FeederRemoved { feeder: 2 });
		assert_eq!(feeder_accounts(), vec![1, 3, 4]);
		assert_noop!(submit(2, usd(500)), Error::<Test>::NotFeeder);
		check_invariants();
	});
}

#[test]
fn feeder_management_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(PriceOracle::add_feeder(admin(), 2), Error::<Test>::AlreadyFeeder);
		assert_noop!(PriceOracle::remove_feeder(admin(), 9), Error::<Test>::NotFeeder);
		assert_ok!(PriceOracle::add_feeder(admin(), 4));
		assert_ok!(PriceOracle::add_feeder(admin(), 5));
		assert_eq!(Feeders::<Test>::get().len() as u32, MAX_FEEDERS);
		assert_noop!(PriceOracle::add_feeder(admin(), 6), Error::<Test>::TooManyFeeders);
		assert_ok!(PriceOracle::remove_feeder(admin(), 5));
		assert_ok!(PriceOracle::add_feeder(admin(), 6));
		check_invariants();
	});
}

#[test]
fn a_removed_feeder_takes_its_submission_along() {
	new_test_ext().execute_with(|| {
		both_submit(usd(500));
		assert_ok!(PriceOracle::remove_feeder(admin(), 1));
		// One fresh submission left: no price.
		assert_eq!(PriceOracle::price(), None);
		// Added again, it starts with no submission.
		assert_ok!(PriceOracle::add_feeder(admin(), 1));
		assert_eq!(Feeders::<Test>::get().last().and_then(|f| f.last), None);
		assert_eq!(PriceOracle::price(), None);
	});
}
