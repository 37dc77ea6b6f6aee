//! The committees' powers: cancelling, fast tracking, the joint upgrade approval, and staking
//! administration.

use super::*;

#[test]
fn cancelling_slashes_the_deposit_and_decides_the_next() {
	new_test_ext().execute_with(|| {
		submit_remarks(&[10, 10, 10]);
		let treasury = Balances::free_balance(TREASURY);
		assert_noop!(Governance::cancel(RuntimeOrigin::signed(101), 0), DispatchError::BadOrigin);
		assert_noop!(Governance::cancel(RuntimeOrigin::root(), 0), DispatchError::BadOrigin);
		// A queued one leaves the queue.
		let free = Balances::free_balance(3);
		assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), 2));
		assert_eq!(held(3), 0);
		assert_eq!(Balances::free_balance(3), free, "the deposit is not returned");
		assert_eq!(Balances::free_balance(TREASURY), treasury + DEPOSIT, "it goes to the treasury");
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Governance(Event::Cancelled { index: 2, slashed: DEPOSIT })));
		assert_eq!(Queue::<Test>::get(Class::General).into_inner(), vec![1]);
		// The deciding one makes room for the next.
		assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), 0));
		assert_eq!(held(1), 0);
		assert_eq!(Balances::free_balance(TREASURY), treasury + 2 * DEPOSIT);
		assert_eq!(ended(0), Outcome::Cancelled);
		assert_eq!(deciding(Class::General), Some(1));
		assert!(Queue::<Test>::get(Class::General).is_empty());
		assert_noop!(
			Governance::cancel(RuntimeOrigin::signed(100), 0),
			Error::<Test>::UnknownReferendum
		);
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn a_referendum_about_the_bodies_cannot_be_cancelled() {
	new_test_ext().execute_with(|| {
		let about_the_bodies = Box::new(
			<Preimage as StorePreimage>::bound(RuntimeCall::System(
				frame_system::Call::remark_with_event { remark: b"new members".to_vec() },
			))
			.unwrap(),
		);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), about_the_bodies, 10));
		assert_noop!(
			Governance::cancel(RuntimeOrigin::signed(100), 0),
			Error::<Test>::Uncancellable
		);
		assert_eq!(deciding(Class::General), Some(0));
		assert_eq!(held(1), DEPOSIT);
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
		assert_eq!(Queue::<Test>::get(Class::General).into_inner(), vec![2, 1]);
		run_to(6);
		assert_eq!(deciding(Class::General), Some(2));
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
		assert!(PendingUpgrade::<Test>::get().is_none());
		// Scheduled: authorized once the veto delay is over, not before.
		let authorize_at = 1 + JOINT_DELAY;
		assert!(events().contains(&Event::UpgradeScheduled { code_hash: b, authorize_at }));
		run_to(authorize_at - 1);
		assert!(authorized_upgrade().is_none());
		run_to(authorize_at);
		assert_eq!(authorized_upgrade(), Some(b));
		assert!(ScheduledUpgrade::<Test>::get().is_none());
		assert!(events().contains(&Event::UpgradeAuthorized { code_hash: b }));
	});
}

/// The joint approval of both bodies, then a referendum vetoes it within the delay: never
/// authorized. The veto jumps the general class's queue, and while it is ongoing the delay's end
/// does not authorize the upgrade.
#[test]
fn a_referendum_vetoes_a_jointly_approved_upgrade() {
	new_test_ext().execute_with(|| {
		let hash = sp_core::H256::repeat_byte(0xc);
		let veto_call = || {
			Box::new(
				<Preimage as StorePreimage>::bound(RuntimeCall::Governance(
					crate::Call::veto_upgrade { code_hash: hash },
				))
				.unwrap(),
			)
		};
		// No veto without a scheduled upgrade.
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), veto_call(), 5),
			Error::<Test>::NoScheduledUpgrade
		);
		assert_noop!(
			Governance::veto_upgrade(RuntimeOrigin::root(), hash),
			Error::<Test>::NoScheduledUpgrade
		);
		// Two general referenda are ongoing; the bodies approve jointly.
		submit_remarks(&[20, 20]);
		assert_ok!(Governance::approve_upgrade(RuntimeOrigin::signed(101), hash));
		assert_ok!(Governance::approve_upgrade(RuntimeOrigin::signed(102), hash));
		assert_noop!(
			Governance::veto_upgrade(RuntimeOrigin::signed(101), hash),
			DispatchError::BadOrigin
		);
		// The veto goes to the head of the queue, before referendum 1.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(3), veto_call(), 5));
		assert_eq!(Queue::<Test>::get(Class::General).into_inner(), vec![2, 1]);
		// The delay ends at block 21, when referendum 0 ends and the veto starts being decided:
		// not authorized while it is.
		run_to(21);
		assert_eq!(deciding(Class::General), Some(2));
		assert!(authorized_upgrade().is_none());
		assert!(ScheduledUpgrade::<Test>::get().is_some());
		// The veto passes (300 + 400 of 1,000), approved in the next block and enacted at once.
		vote_all(2, &[(3, true), (4, true)]);
		run_to(22);
		assert_eq!(ended(2), Outcome::Approved);
		assert!(events().contains(&Event::UpgradeVetoed { code_hash: hash }));
		assert!(events().contains(&Event::UrgentEnacted { index: 2, result: Ok(()) }));
		assert!(ScheduledUpgrade::<Test>::get().is_none());
		run_to(40);
		assert!(authorized_upgrade().is_none());
		assert_ok!(Governance::do_try_state());
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

/// A body spends from the treasury within its budget per spend period, however many spends
/// it makes; the budget is whole again in the next period.
#[test]
fn a_body_spends_no_more_than_its_budget_a_period() {
	new_test_ext().execute_with(|| {
		Balances::set_balance(&TREASURY, 10_000);
		assert_noop!(Governance::spend(RuntimeOrigin::signed(1), 10, 7), DispatchError::BadOrigin);
		// Ten spends of 100 fill the period's 1,000; the eleventh is refused.
		for _ in 0..10 {
			assert_ok!(Governance::spend(RuntimeOrigin::signed(102), 100, 7));
		}
		assert_noop!(
			Governance::spend(RuntimeOrigin::signed(102), 1, 7),
			Error::<Test>::OverBudget
		);
		assert_eq!(Balances::free_balance(7), 1_000);
		assert!(events().contains(&Event::Spent {
			body: Spender::Foundation,
			amount: 100,
			beneficiary: 7,
			spent: 1_000,
			budget: FOUNDATION_BUDGET
		}));
		// The next period (block 10) starts afresh.
		run_to(SPEND_PERIOD);
		assert_ok!(Governance::spend(RuntimeOrigin::signed(102), 1_000, 7));
		assert_eq!(Balances::free_balance(7), 2_000);
		// The treasury keeps its existential deposit.
		run_to(2 * SPEND_PERIOD);
		Balances::set_balance(&TREASURY, 500);
		assert_noop!(
			Governance::spend(RuntimeOrigin::signed(102), 500, 7),
			Error::<Test>::TreasuryCannotPay
		);
	});
}
