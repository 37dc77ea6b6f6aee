//! A slashed validator's devices lose the same fraction of their bonded MC: the validator's
//! survival falls at once (and with it its backing), each device pays when next touched, in
//! O(1); devices that left answer for the bonding duration; newcomers do not pay for the past.

use super::*;
use sp_runtime::FixedU128;

/// The stub's bond of a registered device (its weight is its credit).
const BOND: u128 = metachain_primitives::testing::STUB_DEFAULT_BOND;

#[test]
fn a_slash_lowers_the_backing_at_once_and_each_device_pays_when_touched() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		Credit::set_bonded(&dev(2), 10 * BOND); // weighs 1,000
		assert_eq!(CreditDelegation::backing(&v1()), 1_100);

		slash_validator(&v1(), Perbill::from_percent(10));

		assert_eq!(CreditDelegation::survival(&v1()), FixedU128::from_rational(9, 10));
		assert_eq!(CreditDelegation::backing(&v1()), 990, "the backing falls at once");
		assert_eq!(Credit::slashed(&dev(1)), 0, "lazily: nothing moved yet");
		let info = CreditDelegation::delegation_info(&dev(1)).unwrap();
		assert_eq!(info.pending_slash, Perbill::from_percent(10), "a wallet sees what is owed");
		assert_eq!(info.counted_weight, 90);
		assert!(events().contains(&Event::ValidatorSlashed {
			validator: v1(),
			fraction: Perbill::from_percent(10),
			survival: FixedU128::from_rational(9, 10),
		}));
		// Each device pays 10% of its bond at its next change.
		heartbeat(&dev(1), 101);
		assert_eq!(Credit::slashed(&dev(1)), 10);
		assert_eq!(Credit::slashed(&dev(2)), 0);
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(9)), dev(2))
			.or_else(|e| if e == Error::<Test>::NothingToClaim.into() { Ok(()) } else { Err(e) }));
		heartbeat(&dev(2), 101);
		assert_eq!(Credit::slashed(&dev(2)), 100);
		// Once only.
		heartbeat(&dev(1), 102);
		assert_eq!(Credit::slashed(&dev(1)), 10);
		// A second slash compounds: 50% of what is left.
		slash_validator(&v1(), Perbill::from_percent(50));
		assert_eq!(CreditDelegation::survival(&v1()), FixedU128::from_rational(45, 100));
		Credit::set_bonded(&dev(1), Credit::snapshot(&dev(1)).unwrap().bonded);
		assert_eq!(Credit::slashed(&dev(1)), 10 + 45);
	});
}

#[test]
fn a_device_that_joins_after_the_slash_pays_nothing_for_it() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		slash_validator(&v1(), Perbill::from_percent(20));
		register_and_delegate(&dev(2), &v1());
		heartbeat(&dev(2), 101);
		assert_eq!(Credit::slashed(&dev(2)), 0);
		// It counts its full weight: 80 (dev 1, slashed) + 101, less rounding down (points).
		heartbeat(&dev(1), 101);
		let backing = CreditDelegation::backing(&v1());
		assert!((80 + 101 - 2..=80 + 101).contains(&backing), "{backing}");
	});
}

#[test]
fn a_device_that_left_answers_for_the_bonding_duration_and_no_longer() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(2))));
		assert_eq!(Departures::<Test>::get(dev(1)).len(), 1);
		// A slash within the window: both pay at their next change.
		slash_validator(&v1(), Perbill::from_percent(10));
		heartbeat(&dev(1), 101);
		assert_eq!(Credit::slashed(&dev(1)), 10);
		// Past the window (era 0 + BONDING), the departure is dropped at the next touch ...
		for _ in 0..=BONDING {
			end_era(vec![], 0);
		}
		heartbeat(&dev(1), 102);
		assert!(Departures::<Test>::get(dev(1)).is_empty());
		// ... and later slashes no longer reach the device.
		slash_validator(&v1(), Perbill::from_percent(50));
		heartbeat(&dev(1), 103);
		assert_eq!(Credit::slashed(&dev(1)), 10);
		// Dev 2 was not touched until now: it pays what the validator lost since it left
		// (a device that waits to be touched never pays less).
		heartbeat(&dev(2), 101);
		assert_eq!(Credit::slashed(&dev(2)), 55);
	});
}

#[test]
fn leaving_more_validators_than_max_departures_waits_for_a_window_to_pass() {
	test(|| {
		register(&dev(1));
		for v in [v1(), v2(), v3()] {
			assert_ok!(CreditDelegation::do_delegate(&dev(1), &v, crate::CountFrom::Now));
			assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
			RejoinAt::<Test>::remove(dev(1));
		}
		assert_ok!(CreditDelegation::do_delegate(&dev(1), &v1(), crate::CountFrom::Now));
		assert_noop!(
			CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))),
			Error::<Test>::DepartureOpen
		);
		for _ in 0..=BONDING {
			end_era(vec![], 0);
		}
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(Departures::<Test>::get(dev(1)).len(), 1);
	});
}

#[test]
fn a_full_slash_leaves_nothing_to_back_and_a_nominator_slash_changes_nothing() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		use sp_staking::OnStakingUpdate;
		// A nominator's slash (staking gives no validator fraction for it).
		CreditDelegation::on_slash(&dev(9), 0, &Default::default(), 5);
		assert_eq!(CreditDelegation::survival(&dev(9)), FixedU128::one());
		slash_validator(&v1(), Perbill::one());
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		heartbeat(&dev(1), 101);
		assert_eq!(Credit::slashed(&dev(1)), BOND, "all of its bond");
		assert_eq!(CreditDelegation::backing(&v1()), 0);
	});
}

#[test]
fn before_its_mc_is_released_a_device_pays_what_it_owes() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		slash_validator(&v1(), Perbill::from_percent(30));
		<CreditDelegation as OnCreditChanged<AccountId>>::before_hold_change(&dev(1));
		assert_eq!(Credit::slashed(&dev(1)), 30);
	});
}

#[test]
fn a_slash_of_a_validator_left_is_paid_before_leaving_the_next_and_the_buckets_stay_whole() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		RejoinAt::<Test>::remove(dev(1));
		assert_ok!(CreditDelegation::do_delegate(&dev(1), &v2(), crate::CountFrom::Now));
		assert_eq!(CreditDelegation::backing(&v2()), 100);
		slash_validator(&v1(), Perbill::from_percent(20));
		// Leaving v2 first settles what it owes for v1 (its weight for v2 follows), then
		// leaves: the buckets match their devices (try_state after the test).
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(Credit::slashed(&dev(1)), 20);
		assert_eq!(CreditDelegation::backing(&v2()), 0);
		assert_eq!(Departures::<Test>::get(dev(1)).len(), 2);
	});
}

#[test]
fn a_slash_of_a_validator_left_does_not_cost_the_reward_earned_with_the_next() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		RejoinAt::<Test>::remove(dev(1));
		assert_ok!(CreditDelegation::do_delegate(&dev(1), &v2(), crate::CountFrom::Now));
		end_era(vec![(v2(), 1)], 1_000_000);
		let owed = CreditDelegation::delegation_info(&dev(1)).unwrap().pending_rewards;
		assert_eq!(owed, device_reward(600_000, 100, 100));
		slash_validator(&v1(), Perbill::from_percent(20));
		let before = free(&dev(1));
		run_to(period_start(1));
		heartbeat(&dev(1), 101);
		assert_eq!(Credit::slashed(&dev(1)), 20, "it pays for the validator it left");
		assert_eq!(free(&dev(1)) - before, owed, "and is paid what it earned in full");
	});
}

#[test]
fn paying_a_slash_before_the_bond_changes_does_not_cost_the_reward_earned() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000_000);
		let owed = CreditDelegation::delegation_info(&dev(1)).unwrap().pending_rewards;
		assert_eq!(owed, device_reward(600_000, 100, 100));
		slash_validator(&v1(), Perbill::from_percent(30));
		let before = free(&dev(1));
		<CreditDelegation as OnCreditChanged<AccountId>>::before_hold_change(&dev(1));
		assert_eq!(Credit::slashed(&dev(1)), 30);
		assert_eq!(free(&dev(1)) - before, owed, "paid in full before its weight is recounted");
	});
}

#[test]
fn a_validators_backing_at_risk_is_its_devices_bonded_mc_and_falls_with_a_slash() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		assert_eq!(CreditDelegation::backing_at_risk(&v1()), 2 * BOND);
		Credit::set_bonded(&dev(2), 10 * BOND);
		assert_eq!(CreditDelegation::backing_at_risk(&v1()), 11 * BOND);
		slash_validator(&v1(), Perbill::from_percent(10));
		assert_eq!(CreditDelegation::backing_at_risk(&v1()), 11 * BOND * 9 / 10);
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		// Dev 1 paid its slash on leaving: dev 2's bond is what is left at risk.
		assert_eq!(CreditDelegation::backing_at_risk(&v1()), 10 * BOND * 9 / 10);
		assert_eq!(CreditDelegation::backing_at_risk(&v2()), 0);
	});
}
