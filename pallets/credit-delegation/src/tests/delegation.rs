//! Delegating, the backing buckets (a device counts while it shows it is alive), redelegation
//! and its cooldown, leaving the registry, and the weight of the credit hook.

use super::*;

#[test]
fn delegate_needs_a_device_above_the_threshold_and_a_candidate() {
	test(|| {
		assert_noop!(delegate(&dev(1), &v1()), Error::<Test>::NotADevice);
		register(&dev(1));
		assert_noop!(delegate(&dev(1), &dev(2)), Error::<Test>::NotACandidate);
		assert_ok!(delegate(&dev(1), &v1()));
		assert_noop!(delegate(&dev(1), &v2()), Error::<Test>::AlreadyDelegating);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 1);
		assert_eq!(Delegations::<Test>::count(), 1);
		// It counts from the next period (1), not yet.
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert!(events().contains(&Event::Delegated {
			device: dev(1),
			validator: v1(),
			weight: 0,
			counts_from: 1,
		}));
		let info = CreditDelegation::delegation_info(&dev(1)).expect("delegates");
		assert!(!info.active);
		assert_eq!(info.period, 1);
	});
}

/// A device counts for its validator only from the first period that starts after it
/// delegated, at its first sign of life in it; another sign of life in the same period does
/// not make it count earlier.
#[test]
fn a_new_delegation_counts_from_the_next_period() {
	test(|| {
		register(&dev(1));
		assert_ok!(delegate(&dev(1), &v1()));
		heartbeat(&dev(1), INITIAL_CREDIT + 1); // still period 0
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		// An era ending now gives it nothing: its validator has no backing.
		end_era(vec![(v1(), 1)], 1_000);
		assert_eq!(CreditDelegation::delegation_info(&dev(1)).unwrap().pending_rewards, 0);
		run_to(period_start(1));
		assert_eq!(CreditDelegation::backing(&v1()), 0, "no sign of life in period 1 yet");
		heartbeat(&dev(1), INITIAL_CREDIT + 2);
		assert_eq!(CreditDelegation::backing(&v1()), (INITIAL_CREDIT + 2) as u128);
		assert!(CreditDelegation::delegation_info(&dev(1)).unwrap().active);
	});
}

/// `undelegate` then `delegate` (in one batch or not) is bound by the cooldown that binds
/// `redelegate`, counted from the last (re)delegation; once it has passed, nothing is left.
#[test]
fn leaving_and_coming_back_waits_out_the_cooldown() {
	test(|| {
		register(&dev(1));
		assert_ok!(delegate(&dev(1), &v1()));
		run_to(10);
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(RejoinAt::<Test>::get(dev(1)), Some(1 + COOLDOWN));
		assert_noop!(delegate(&dev(1), &v2()), Error::<Test>::RedelegateCooldown);
		run_to(COOLDOWN);
		assert_noop!(delegate(&dev(1), &v2()), Error::<Test>::RedelegateCooldown);
		run_to(1 + COOLDOWN);
		assert_ok!(delegate(&dev(1), &v2()));
		assert_eq!(RejoinAt::<Test>::get(dev(1)), None);
		// Leaving after the cooldown leaves no rejoin block.
		run_to(1 + 2 * COOLDOWN);
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(RejoinAt::<Test>::get(dev(1)), None);
		assert_ok!(delegate(&dev(1), &v1()));
		// A device that leaves the registry drops its rejoin block.
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert!(RejoinAt::<Test>::contains_key(dev(1)));
		Credit::remove(&dev(1));
		assert_eq!(RejoinAt::<Test>::get(dev(1)), None);
	});
}

#[test]
fn the_reward_threshold_edge() {
	test(|| {
		register(&dev(1));
		register(&dev(2));
		// Raise MinRewardCredit to exactly dev 1's credit after one heartbeat (101).
		heartbeat(&dev(1), INITIAL_CREDIT + 1);
		Credit::set_reward_threshold(INITIAL_CREDIT + 1);
		assert_ok!(delegate(&dev(1), &v1()));
		assert_noop!(delegate(&dev(2), &v1()), Error::<Test>::BelowRewardThreshold);
		// A deregistering device cannot delegate either, whatever its credit.
		heartbeat(&dev(2), 200);
		Credit::deregister(&dev(2));
		assert_noop!(delegate(&dev(2), &v1()), Error::<Test>::BelowRewardThreshold);
	});
}

#[test]
fn a_device_stops_counting_at_the_end_of_the_first_period_it_misses() {
	test(|| {
		register_and_delegate(&dev(1), &v1()); // registered in period 0
		register_and_delegate(&dev(2), &v1());
		run_to(period_start(1));
		heartbeat(&dev(2), 101);
		// Period 1: both alive (dev 1 registered in the previous period).
		assert_eq!(CreditDelegation::backing(&v1()), 100 + 101);
		run_to(period_start(2));
		heartbeat(&dev(2), 102);
		// Period 2: dev 1 missed period 1 entirely and no longer counts, untouched.
		assert_eq!(CreditDelegation::backing(&v1()), 102);
		run_to(period_start(4));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		// A heartbeat brings dev 1 back with the credit it has now (the credit pallet's decay
		// and uptime credit: 100 - 10 + 1).
		heartbeat(&dev(1), 91);
		assert_eq!(CreditDelegation::backing(&v1()), 91);
	});
}

#[test]
fn credit_changes_show_in_the_backing() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		award(&dev(1), 40);
		assert_eq!(CreditDelegation::backing(&v1()), 140);
		// A drop below the threshold (MinRewardCredit raised) shows at the next touch.
		Credit::set_reward_threshold(200);
		heartbeat(&dev(1), 141);
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert_eq!(Delegations::<Test>::get(dev(1)).unwrap().counted, 0);
		// Deregistering stops the device counting at once.
		Credit::set_reward_threshold(MIN_REWARD_CREDIT);
		run_to(period_start(1));
		heartbeat(&dev(1), 142);
		assert_eq!(CreditDelegation::backing(&v1()), 142);
		Credit::deregister(&dev(1));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
	});
}

#[test]
fn undelegate_and_redelegate_with_cooldown() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v1()),
			Error::<Test>::SameValidator
		);
		run_to(1 + COOLDOWN - 1);
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()),
			Error::<Test>::RedelegateCooldown
		);
		run_to(1 + COOLDOWN);
		heartbeat(&dev(1), 101); // period 2: alive, 101 points
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), dev(5)),
			Error::<Test>::NotACandidate
		);
		assert_ok!(CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()));
		// It left v1 at once and counts for v2 from the next period's first sign of life.
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert_eq!(CreditDelegation::backing(&v2()), 0);
		run_to(period_start(3));
		heartbeat(&dev(1), 101);
		assert_eq!(CreditDelegation::backing(&v2()), 101);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 0);
		assert_eq!(ValidatorDelegators::<Test>::get(v2()).delegators, 1);
		// The cooldown restarts.
		run_to(1 + COOLDOWN + 1);
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v1()),
			Error::<Test>::RedelegateCooldown
		);
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(CreditDelegation::backing(&v2()), 0);
		assert_eq!(Delegations::<Test>::count(), 0);
		assert_noop!(
			CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))),
			Error::<Test>::NotDelegating
		);
	});
}

#[test]
fn a_device_that_leaves_the_registry_is_undelegated() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000);
		let before = free(&dev(1));
		// Deregistering settles (and pays) the pending reward; the device stops counting.
		Credit::deregister(&dev(1));
		assert_eq!(free(&dev(1)) - before, device_reward(600, 100, 100));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		run_to(40);
		// Withdrawing (leaving the registry) ends the delegation; nothing more is owed.
		let before = free(&dev(1));
		Credit::remove(&dev(1));
		assert_eq!(Delegations::<Test>::get(dev(1)), None);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 0);
		assert!(events().contains(&Event::Undelegated {
			device: dev(1),
			validator: v1(),
			reason: UndelegateReason::DeviceRemoved
		}));
		assert_eq!(free(&dev(1)), before);
	});
}

/// The credit pallet charges every call that reports a change this hook's declared weight and
/// refunds what the hook says it did not use: the declared weight is this pallet's benchmarked
/// `on_credit_changed`, and the hook uses its light weight (two reads) for a device of class
/// light, all of it for one that is heavy (it delegates and its heartbeat is not grouped, or
/// it answers for a validator it left). (That the credit pallet's calls add the declared
/// weight and refund the rest is the credit pallet's behaviour, not tested here.)
#[test]
fn the_credit_hook_declares_and_returns_its_weight() {
	use frame_support::traits::Get;
	use metachain_primitives::credit::{HeartbeatClass, OnCreditChanged};
	test(|| {
		register(&dev(1));
		register_and_delegate(&dev(2), &v1());
		run_to(period_start(1));
		let declared = <CreditDelegation as OnCreditChanged<AccountId>>::weight();
		assert_eq!(declared, <() as crate::WeightInfo>::on_credit_changed(CHARGED_DELEGATORS));
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		// Not delegating: the hook's light weight (two reads).
		let light = <CreditDelegation as OnCreditChanged<AccountId>>::light_weight();
		assert_eq!(light, db.reads(2));
		assert_eq!(
			Credit::relay_heartbeats(&[(dev(1), 101)]),
			(vec![HeartbeatClass::Light], light)
		);
		// Delegating, its credit (so its weight) changing: heavy, the hook's full weight.
		assert_eq!(
			Credit::relay_heartbeats(&[(dev(2), 101)]),
			(vec![HeartbeatClass::Heavy], declared)
		);
		// A device that left a validator and still answers for its slashes is heavy too, and
		// reports the full weight (it settles them), though it backs no one now.
		run_to(period_start(2));
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(2))));
		assert!(Delegations::<Test>::get(dev(2)).is_none());
		assert_eq!(
			Credit::relay_heartbeats(&[(dev(2), 102)]),
			(vec![HeartbeatClass::Heavy], declared)
		);
	});
}
