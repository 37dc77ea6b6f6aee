//! The committees' powers: cancelling, fast tracking, the joint upgrade approval, and staking
//! administration.

use super::*;

#[test]
fn cancelling_returns_the_deposit_and_decides_the_next() {
	new_test_ext().execute_with(|| {
		submit_remarks(&[10, 10, 10]);
		assert_noop!(Governance::cancel(RuntimeOrigin::signed(101), 0), DispatchError::BadOrigin);
		assert_noop!(Governance::cancel(RuntimeOrigin::root(), 0), DispatchError::BadOrigin);
		// A queued one leaves the queue.
		assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), 2));
		assert_eq!(held(3), 0);
		assert_eq!(Queue::<Test>::get(Lane::General).into_inner(), vec![1]);
		// The deciding one makes room for the next.
		assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), 0));
		assert_eq!(held(1), 0);
		assert_eq!(ended(0), Outcome::Cancelled);
		assert_eq!(deciding(Lane::General), Some(1));
		assert!(Queue::<Test>::get(Lane::General).is_empty());
		assert_noop!(
			Governance::cancel(RuntimeOrigin::signed(100), 0),
			Error::<Test>::UnknownReferendum
		);
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn fast_tracking_jumps_the_queue_and_enacts_at_once() {
	new_test_ext().execute_with(|| {
		submit_remarks(&[5, 10, 10]);
		assert_noop!(
			Governance::fast_track(RuntimeOrigin::signed(101), 2),
			DispatchError::BadOrigin
		);
		assert_ok!(Governance::fast_track(RuntimeOrigin::signed(100), 2));
		assert_noop!(
			Governance::fast_track(RuntimeOrigin::signed(100), 2),
			Error::<Test>::AlreadyFastTracked
		);
		assert_eq!(Queue::<Test>::get(Lane::General).into_inner(), vec![2, 1]);
		run_to(6);
		assert_eq!(deciding(Lane::General), Some(2));
		vote_all(2, &[(3, true), (4, true)]);
		run_to(7);
		assert_eq!(ended(2), Outcome::Approved);
		assert!(events().contains(&Event::Approved {
			index: 2,
			tally: Tally { ayes: 700, nays: 0 },
			enactment: 8
		}));
		run_to(8);
		assert!(enacted(2));
	});
}

#[test]
fn the_technical_committee_and_the_foundation_authorize_an_upgrade_together() {
	new_test_ext().execute_with(|| {
		let a = sp_core::H256::repeat_byte(0xa);
		let b = sp_core::H256::repeat_byte(0xb);
		assert_noop!(
			Governance::approve_upgrade(RuntimeOrigin::signed(1), a),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::approve_upgrade(RuntimeOrigin::root(), a),
			DispatchError::BadOrigin
		);
		assert_ok!(Governance::approve_upgrade(RuntimeOrigin::signed(101), a));
		assert_noop!(
			Governance::approve_upgrade(RuntimeOrigin::signed(101), a),
			Error::<Test>::AlreadyApproved
		);
		// The Foundation approving another hash replaces the pending approval.
		assert_ok!(Governance::approve_upgrade(RuntimeOrigin::signed(102), b));
		assert!(authorized_upgrade().is_none());
		assert_eq!(PendingUpgrade::<Test>::get().unwrap().by, Body::Foundation);
		assert_ok!(Governance::approve_upgrade(RuntimeOrigin::signed(101), b));
		assert_eq!(authorized_upgrade(), Some(b));
		assert!(PendingUpgrade::<Test>::get().is_none());
		assert!(events().contains(&Event::UpgradeAuthorized { code_hash: b }));
	});
}

#[test]
fn the_foundation_makes_the_staking_administration_calls_and_only_those() {
	new_test_ext().execute_with(|| {
		let heap = Box::new(RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 10 }));
		let remark = Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }));
		assert_noop!(
			Governance::staking_admin(RuntimeOrigin::signed(101), heap.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::staking_admin(RuntimeOrigin::signed(102), remark),
			Error::<Test>::NotStakingAdminCall
		);
		assert_ok!(Governance::staking_admin(RuntimeOrigin::signed(102), heap));
		assert!(events().contains(&Event::StakingAdminDispatched { result: Ok(()) }));
		assert_eq!(
			frame_support::storage::unhashed::get::<u64>(
				sp_core::storage::well_known_keys::HEAP_PAGES
			),
			Some(10)
		);
	});
}
