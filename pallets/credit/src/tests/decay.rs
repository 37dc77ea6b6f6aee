//! Lazy decay: after the grace periods, down to `DecayFloor` (zero in the fixture), written back
//! once.

use super::*;

#[test]
fn decay_starts_exactly_after_the_grace_periods() {
	new_test_ext().execute_with(|| {
		// Heartbeat in period 0: credit 101. Grace 2: periods 1 and 2 missed cost nothing; the
		// first decaying period is 3, whose loss shows once it is over (in period 4).
		assert_ok!(Credit::heartbeat(origin(Alice)));
		for (p, expected) in [(1, 101), (2, 101), (3, 101), (4, 96), (5, 91), (6, 86)] {
			run_to(period_start(p));
			assert_eq!(credit_now(Alice), expected, "period {p}");
			// The last block of the period reads the same.
			run_to(period_start(p) + PERIOD - 1);
			assert_eq!(credit_now(Alice), expected, "end of period {p}");
		}
	});
}

#[test]
fn decay_goes_down_to_zero_and_no_further() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		// 101 credit at 5 per period after grace: 0 by period 3 + 21 = 24.
		run_to(period_start(24));
		assert_eq!(credit_now(Alice), 0);
		run_to(period_start(200));
		assert_eq!(credit_now(Alice), 0);
		assert_eq!(<Pallet<Test> as CreditInspect<_>>::level(&acc(Alice)), Some(0));
		assert!(!<Pallet<Test> as CreditInspect<_>>::meets_reward_threshold(&acc(Alice)));
	});
}

#[test]
fn decay_applies_to_devices_that_never_sent_a_heartbeat() {
	new_test_ext().execute_with(|| {
		// Alice registered in period 0 without a heartbeat: decay counts from registration.
		run_to(period_start(4));
		assert_eq!(credit_now(Alice), 95);
	});
}

#[test]
fn decay_is_written_back_once_and_not_applied_twice() {
	new_test_ext().execute_with(|| {
		// Inviting Bob earns Alice 10 (110), her heartbeat in period 0 one more (111).
		invite_and_register(Bob);
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(credit_now(Alice), 111);
		// Periods 3 and 4 decay (grace 2): 101 in period 5.
		run_to(period_start(5));
		assert_eq!(credit_now(Alice), 101);
		// Touching the device (a bonus) writes the decay back before adding...
		assert_ok!(Credit::invite(origin(Alice), acc(Charlie)));
		assert_ok!(Credit::register_device(origin(Charlie), DeviceKind::DvpnClient));
		assert_eq!(device(Alice).credit, 111);
		assert_eq!(device(Alice).decayed_through, 4);
		assert_eq!(credit_now(Alice), 111);
		// ... so later reads decay only the new periods (period 5: -5).
		run_to(period_start(6));
		assert_eq!(credit_now(Alice), 106);
		// A heartbeat restarts the grace: periods 7 and 8 are free, 9 decays.
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(credit_now(Alice), 107);
		run_to(period_start(9));
		assert_eq!(credit_now(Alice), 107);
		run_to(period_start(10));
		assert_eq!(credit_now(Alice), 102);
	});
}

#[test]
fn decay_stops_at_the_floor_and_spares_credit_below_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(CreditParameter::DecayFloor(40)));
		assert_ok!(Credit::heartbeat(origin(Alice)));
		// 101 credit, 5 per period after grace: 41 in period 15, then the floor.
		run_to(period_start(15));
		assert_eq!(credit_now(Alice), 41);
		run_to(period_start(16));
		assert_eq!(credit_now(Alice), 40);
		run_to(period_start(300));
		assert_eq!(credit_now(Alice), 40);
		// At the floor, an offline device is below the reward threshold (50 in the fixture).
		assert!(!<Pallet<Test> as CreditInspect<_>>::meets_reward_threshold(&acc(Alice)));
		// A heartbeat writes the decay back and adds its uptime credit to the floor.
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(device(Alice).credit, 41);
		// Credit at or below the floor does not decay: with the floor raised to 45, 41 stays.
		assert_ok!(set_parameter(CreditParameter::DecayFloor(45)));
		run_to(period_start(400));
		assert_eq!(credit_now(Alice), 41);
	});
}

#[test]
fn the_floor_must_stay_below_the_reward_threshold() {
	new_test_ext().execute_with(|| {
		// The fixture's MinRewardCredit is 50: an offline device must fall below it.
		assert_noop!(
			set_parameter(CreditParameter::DecayFloor(50)),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(set_parameter(CreditParameter::DecayFloor(49)));
		// Nor may the threshold come down to the floor.
		assert_noop!(
			set_parameter(CreditParameter::MinRewardCredit(49)),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(set_parameter(CreditParameter::DecayFloor(0)));
		assert_ok!(set_parameter(CreditParameter::MinRewardCredit(0)));
	});
}
