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

/// `dev(i)`'s listener mark, as the credit pallet keeps it.
fn mark(i: u8) -> Option<metachain_primitives::credit::ListenerMark<AccountId>> {
	<Credit as CreditInspect<AccountId>>::listener_mark(&dev(i))
}

#[test]
fn a_devices_mark_follows_what_this_pallet_holds_about_it() {
	use metachain_primitives::credit::ListenerMark::*;
	test(|| {
		register(&dev(9));
		assert_eq!(mark(9), Some(Quiet), "a device that does not delegate is not asked");
		two_devices_paid_in_period_one(1_000_000);
		// Delegating made them steady, and every change of their delegation keeps its ticket.
		let ticket = CreditDelegation::ticket_of(&Delegations::<Test>::get(dev(1)).unwrap());
		assert_eq!(mark(1), Some(Grouped(ticket)));
		run_to(period_start(3));
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(mark(1), Some(Listened), "leaving a validator: its departure is looked up");
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(9), 100)]);
		assert_eq!(classes, vec![HeartbeatClass::Heavy, HeartbeatClass::Light]);
		assert_eq!((mark(1), mark(9)), (Some(Listened), Some(Quiet)));
	});
}

#[test]
fn a_steady_device_that_leaves_its_validator_cannot_put_off_its_slash() {
	test(|| {
		// The attacker dev(1) backs v1 and is steady: its heartbeats skip the look-up of the
		// validators it left. It leaves v1 for v2 (it answers for v1's slashes for the bonding
		// duration), v1 is slashed, and it keeps heartbeating through a relay hoping to be
		// grouped under v2 and never settle v1's slash.
		two_devices_paid_in_period_one(1_000_000);
		assert!(mark(1).is_some_and(|m| m.ticket().is_some()), "steady, with its ticket");
		run_to(period_start(3));
		heartbeat(&dev(1), 100);
		assert_ok!(CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()));
		let bond = metachain_primitives::testing::STUB_DEFAULT_BOND;
		let mut classes = Vec::new();
		for p in 4..=6 {
			run_to(period_start(p));
			classes.push(Credit::relay_heartbeats(&[(dev(1), 100)]).0.remove(0));
			if p == 4 {
				// Now counted for v2, alive: v1 (which it left) is slashed.
				slash_validator(&v1(), Perbill::from_percent(10));
			}
		}
		let slashed = Credit::slashed(&dev(1));
		println!(
			"attacker: bonded {bond}, slashed {slashed} for v1 after leaving it; classes {classes:?}"
		);
		// Every heartbeat while it answers for v1 is asked in full (never grouped), and the
		// first after the slash took it.
		assert_eq!(classes, vec![HeartbeatClass::Heavy; 3]);
		assert_eq!(slashed, bond / 10, "v1's slash was taken");
	});
}

#[test]
fn a_claim_between_grouped_heartbeats_follows_the_ticket_so_nothing_is_paid_twice() {
	test(|| {
		// The attacker dev(1) claims between grouped heartbeats, hoping the copy of its
		// delegation in its record (its ticket) still holds the reward debt of before the claim,
		// so that the next grouped move carries what it was already paid and pays it again.
		let rest1 = two_devices_paid_in_period_one(1_000_000);
		run_to(period_start(2));
		Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		let free0 = free(&dev(1));
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)));
		let share1 = device_reward(rest1, 100, 200);
		assert_eq!(free(&dev(1)) - free0, share1);
		let kept = mark(1).and_then(|m| m.ticket().cloned());
		let d = Delegations::<Test>::get(dev(1)).expect("delegating");
		assert_eq!(kept, Some(CreditDelegation::ticket_of(&d)), "the claim kept a fresh ticket");
		// Still grouped from the fresh ticket; nothing new is owed.
		run_to(period_start(3));
		let (classes, _) = Credit::relay_heartbeats(&[(dev(1), 100), (dev(2), 100)]);
		assert_eq!(classes, vec![HeartbeatClass::Grouped(v1()); 2]);
		assert_noop!(
			CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)),
			Error::<Test>::NothingToClaim
		);
		// An era later each is paid its share of it; the attacker has two shares, no more, and
		// the honest device the same in one claim.
		let rest2 = end_era(vec![(v1(), 10)], 1_000_000);
		let share2 = device_reward(rest2, 100, 200);
		let (a0, h0) = (free(&dev(1)), free(&dev(2)));
		for i in [1, 2] {
			assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(i)), dev(i)));
		}
		let attacker = free(&dev(1)) - a0 + share1;
		let honest = free(&dev(2)) - h0;
		println!("attacker (claimed in between): {attacker}, honest (one claim): {honest}");
		assert_eq!((attacker, honest), (share1 + share2, share1 + share2));
	});
}
