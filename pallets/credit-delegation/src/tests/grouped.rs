//! Grouped heartbeats: a delegating device alive in the previous period whose weight does not
//! change is moved with the other devices of its validator in one update per validator,
//! without writing its delegation or paying it; what it earned stays owed and is paid in full
//! when it claims.

use super::*;
use codec::Encode;
use metachain_primitives::credit::{HeartbeatClass, OnCreditChanged};

/// Two devices of credit 100 backing `v1`, counted in period 1's bucket, and an era of
/// `reward` paid while they are there (v1 takes all points). Returns the era's rest for v1.
fn two_devices_paid_in_period_one(reward: Balance) -> Balance {
	for i in [1, 2] {
		register_and_delegate(&dev(i), &v1());
	}
	run_to(period_start(1));
	for i in [1, 2] {
		heartbeat(&dev(i), 100);
	}
	end_era(vec![(v1(), 10)], reward)
}

#[test]
fn consecutive_heartbeats_of_one_validator_move_together_without_a_write() {
	test(|| {
		let rest = two_devices_paid_in_period_one(1_000_000);
		run_to(period_start(2));
		let before: Vec<_> = [1, 2].map(|i| Delegations::<Test>::get(dev(i)).encode()).into();
		let (classes, used) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		assert_eq!(classes, vec![HeartbeatClass::Grouped(v1()); 2]);
		assert_eq!(used, <() as crate::WeightInfo>::heartbeats_grouped(1, 1));
		// Neither delegation was written, nothing was paid...
		let after: Vec<_> = [1, 2].map(|i| Delegations::<Test>::get(dev(i)).encode()).into();
		assert_eq!(before, after);
		assert!(!events().iter().any(|e| matches!(e, Event::RewardsPaid { .. })));
		// ...the points moved to period 2's bucket, period 1's is gone...
		assert!(Buckets::<Test>::get(v1(), 1).is_none());
		assert_eq!(Buckets::<Test>::get(v1(), 2).map(|b| b.weight), Some(200));
		assert_eq!(CreditDelegation::backing(&v1()), 200);
		// ...and each device is paid its share of the era in full when it claims.
		let share = device_reward(rest, 100, 200);
		for i in [1, 2] {
			let free0 = free(&dev(i));
			assert_eq!(CreditDelegation::delegation_info(&dev(i)).unwrap().pending_rewards, share);
			assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(i)), dev(i)));
			assert_eq!(free(&dev(i)) - free0, share);
		}
	});
}

#[test]
fn rewards_carried_through_buckets_are_paid_once_across_eras() {
	test(|| {
		let rest1 = two_devices_paid_in_period_one(1_000_000);
		run_to(period_start(2));
		Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		let rest2 = end_era(vec![(v1(), 10)], 2_000_000);
		run_to(period_start(3));
		Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		let rest3 = end_era(vec![(v1(), 10)], 3_000_000);
		// Three eras, each split between two devices of equal weight.
		let owed: Balance = [rest1, rest2, rest3].iter().map(|r| device_reward(*r, 100, 200)).sum();
		let free0 = free(&dev(1));
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)));
		let paid = free(&dev(1)) - free0;
		println!("carried through three buckets: owed {owed}, paid {paid}");
		assert!(paid <= owed && owed - paid <= 3, "paid {paid}, owed {owed}");
		// A second claim finds nothing.
		assert_noop!(
			CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)),
			Error::<Test>::NothingToClaim
		);
		// By era, as the runtime API lists them: the eras whose records are kept (`DEPTH`); the
		// oldest one's reward is still owed (it moved with the device, which stayed alive).
		assert_eq!(CreditDelegation::pending_by_era(&dev(2)).len(), DEPTH as usize);
		let free0 = free(&dev(2));
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(2)), dev(2)));
		assert!(owed - (free(&dev(2)) - free0) <= 3);
	});
}

#[test]
fn a_device_that_skipped_a_period_or_changed_weight_is_heavy() {
	test(|| {
		two_devices_paid_in_period_one(1_000_000);
		register_and_delegate(&dev(3), &v1());
		run_to(period_start(3));
		// dev(1) was silent in period 2: no longer counted; its heartbeat is heavy (it counts
		// again from its own bucket). dev(2)'s credit rose (its weight changed): heavy.
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 150)]);
		assert_eq!(classes, vec![HeartbeatClass::Heavy, HeartbeatClass::Heavy]);
		assert_eq!(CreditDelegation::backing(&v1()), 250);
	});
}

#[test]
fn a_heartbeat_owing_its_validators_slash_is_heavy_and_takes_it() {
	test(|| {
		two_devices_paid_in_period_one(1_000_000);
		slash_validator(&v1(), Perbill::from_percent(10));
		run_to(period_start(2));
		// A slash is owed: grouped, the heartbeats would put it (and its credit penalty) off
		// until the devices' next other change. They are heavy and take it now.
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		assert_eq!(classes, vec![HeartbeatClass::Heavy; 2]);
		let tenth = metachain_primitives::testing::STUB_DEFAULT_BOND / 10;
		assert_eq!((Credit::slashed(&dev(1)), Credit::slashed(&dev(2))), (tenth, tenth));
		// Settled, their next heartbeats are grouped again.
		run_to(period_start(3));
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		assert_eq!(classes, vec![HeartbeatClass::Grouped(v1()); 2]);
	});
}

#[test]
fn a_mix_of_grouped_and_heavy_heartbeats_keeps_every_bucket_exact() {
	test(|| {
		two_devices_paid_in_period_one(1_000_000);
		register_and_delegate(&dev(3), &v2());
		heartbeat(&dev(3), 100);
		end_era(vec![(v1(), 10), (v2(), 10)], 1_000_000);
		run_to(period_start(2));
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(3), 100), (dev(2), 120)]);
		assert_eq!(
			classes,
			vec![
				HeartbeatClass::Grouped(v1()),
				HeartbeatClass::Grouped(v2()),
				HeartbeatClass::Heavy
			]
		);
		// try_state (run after every test) checks each bucket's points and bonds against its
		// devices and the outstanding rewards against the buckets.
		assert_eq!(CreditDelegation::backing(&v1()), 220);
		assert_eq!(CreditDelegation::backing(&v2()), 100);
	});
}

#[test]
fn buckets_of_a_validator_start_level_so_devices_can_move_between_them() {
	test(|| {
		two_devices_paid_in_period_one(1_000_000);
		run_to(period_start(2));
		// A third device's first count in period 2 opens the bucket level with period 1's.
		register_and_delegate(&dev(3), &v1());
		let (b1, b2) =
			(Buckets::<Test>::get(v1(), 1).unwrap(), Buckets::<Test>::get(v1(), 2).unwrap());
		assert!(!b1.reward_per_weight.is_zero());
		assert_eq!(b1.reward_per_weight, b2.reward_per_weight);
		// An era pays both the same rate: still level.
		end_era(vec![(v1(), 10)], 1_000_000);
		let (b1, b2) =
			(Buckets::<Test>::get(v1(), 1).unwrap(), Buckets::<Test>::get(v1(), 2).unwrap());
		assert_eq!(b1.reward_per_weight, b2.reward_per_weight);
		assert!(<CreditDelegation as OnCreditChanged<AccountId>>::group_ready(&v1()));
	});
}
