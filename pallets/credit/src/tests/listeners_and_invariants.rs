//! Every change told to the credit listeners; the invariants `try_state` checks; no per-block
//! work.

use super::*;
use frame_support::traits::Hooks;

#[test]
fn every_change_is_reported_to_listeners() {
	new_test_ext().execute_with(|| {
		// Everything happens in period 0, so the anchor (last heartbeat or registration) is 0.
		// Bonded: the deposit (1,000); weight: × (1 + level / 10) with the multiplier 2.
		let snap = |credit: CreditPoints, last_heartbeat, active| CreditSnapshot {
			credit,
			last_heartbeat,
			anchor: 0,
			active,
			bonded: 1_000,
			weight: 1_000 + 100 * (credit as u128 / 100),
		};
		invite_and_register(Bob);
		assert_eq!(
			take_changes(),
			vec![
				(acc(Bob), None, Some(snap(100, None, true))),
				(acc(Alice), Some(snap(100, None, true)), Some(snap(110, None, true))),
			]
		);
		assert_ok!(Credit::heartbeat(origin(Bob)));
		assert_eq!(
			take_changes(),
			vec![(acc(Bob), Some(snap(100, None, true)), Some(snap(101, Some(0), true)))]
		);
		assert_ok!(Credit::deregister(origin(Bob)));
		assert_eq!(
			take_changes(),
			vec![(acc(Bob), Some(snap(101, Some(0), true)), Some(snap(101, Some(0), false)))]
		);
		run_to(100);
		assert_ok!(Credit::withdraw_deposit(origin(Bob)));
		let changes = take_changes();
		assert_eq!(changes.len(), 1);
		assert_eq!(changes[0].0, acc(Bob));
		assert_eq!(changes[0].2, None);
	});
}

#[test]
fn try_state_catches_a_broken_invariant() {
	new_test_ext().execute_with(|| {
		check_invariants();
		Devices::<Test>::mutate(acc(Alice), |d| d.as_mut().map(|d| d.credit = d.highest + 1));
		assert!(Credit::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		TotalDeposits::<Test>::put(5);
		assert!(Credit::do_try_state().is_err());
	});
}

#[test]
fn hooks_do_nothing_per_block() {
	new_test_ext().execute_with(|| {
		// No hook iterates devices: the pallet has no on_initialize/on_finalize work.
		assert_eq!(
			<Credit as Hooks<u64>>::on_initialize(5),
			frame_support::weights::Weight::zero()
		);
	});
}
