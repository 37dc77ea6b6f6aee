//! Submitting proposals: who may, the voting period bounds, the deposit, the classes, proposals by
//! preimage, and the queue of each class.

use super::*;

#[test]
fn only_stakers_submit_within_the_voting_period_bounds() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(5), remark(b"x"), 10),
			Error::<Test>::NotStaker
		);
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 4),
			Error::<Test>::VotingPeriodOutOfRange
		);
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 21),
			Error::<Test>::VotingPeriodOutOfRange
		);
		assert_noop!(
			Governance::submit(RuntimeOrigin::none(), remark(b"x"), 10),
			DispatchError::BadOrigin
		);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 20));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"y"), 5));
	});
}

#[test]
fn submission_holds_the_deposit_and_starts_the_decision_of_an_idle_lane() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 10));
		assert_eq!(held(1), DEPOSIT);
		assert_eq!(deciding(Class::General), Some(0));
		let r = Referenda::<Test>::get(0).unwrap();
		assert_eq!(r.class, Class::General);
		assert_eq!(r.phase, unconfirmed(1, 11, 1_000, Some(0)));
		assert_eq!(
			events(),
			vec![
				Event::Submitted {
					index: 0,
					proposer: 1,
					class: Class::General,
					voting_period: 10,
					deposit: DEPOSIT
				},
				Event::DecisionStarted {
					index: 0,
					class: Class::General,
					deadline: 11,
					electorate: 1_000
				},
			]
		);
	});
}

#[test]
fn a_deposit_that_cannot_be_held_is_refused() {
	new_test_ext().execute_with(|| {
		set_stake(6, 50);
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(6), remark(b"x"), 10),
			Error::<Test>::CannotHoldDeposit
		);
	});
}

#[test]
fn upgrade_calls_go_to_the_upgrade_lane() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(7), 10));
		assert_eq!(Referenda::<Test>::get(0).unwrap().class, Class::Upgrade);
		assert_eq!(deciding(Class::Upgrade), Some(0));
		// The general class is independent.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 10));
		assert_eq!(deciding(Class::General), Some(1));
	});
}

#[test]
fn forbidden_calls_are_refused_and_nothing_is_held() {
	new_test_ext().execute_with(|| {
		let call = RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 1 });
		let forbidden = Box::new(Bounded::Inline(call.encode().try_into().unwrap()));
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), forbidden, 10),
			Error::<Test>::ForbiddenCall
		);
		assert_eq!(held(1), 0);
		assert_eq!(ReferendumCount::<Test>::get(), 0);
	});
}

#[test]
fn proposals_by_preimage_need_the_preimage() {
	new_test_ext().execute_with(|| {
		let call =
			RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![7u8; 1_000] });
		let encoded = call.encode();
		let hash = <Test as frame_system::Config>::Hashing::hash(&encoded);
		let lookup = Bounded::Lookup { hash, len: encoded.len() as u32 };
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), Box::new(lookup.clone()), 10),
			Error::<Test>::PreimageMissing
		);
		let bounded = <Preimage as StorePreimage>::bound(call).unwrap();
		assert_eq!(bounded, lookup);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), Box::new(lookup), 10));
		// Undecodable bytes are refused.
		let junk: Bounded<RuntimeCall, _> = Bounded::Inline(vec![0xff, 0xff].try_into().unwrap());
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), Box::new(junk), 10),
			Error::<Test>::ProposalUndecodable
		);
	});
}

#[test]
fn referenda_queue_one_decided_at_a_time_per_lane() {
	new_test_ext().execute_with(|| {
		submit_remarks(&[5, 10, 10, 10]);
		assert_eq!(deciding(Class::General), Some(0));
		assert_eq!(Queue::<Test>::get(Class::General).into_inner(), vec![1, 2, 3]);
		assert!(events().contains(&Event::Queued { index: 3, class: Class::General, position: 2 }));
		// The queue holds three.
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(4), remark(b"e"), 10),
			Error::<Test>::QueueFull
		);
		// Voting on a queued referendum is refused.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), 1, true),
			Error::<Test>::NotDeciding
		);
		// Referendum 0 ends at block 6 (no votes: rejected); 1 starts then, with its own period.
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert_eq!(deciding(Class::General), Some(1));
		assert_eq!(Referenda::<Test>::get(1).unwrap().phase, unconfirmed(6, 16, 1_000, Some(0)));
		assert_eq!(Queue::<Test>::get(Class::General).into_inner(), vec![2, 3]);
	});
}

#[test]
fn an_account_has_at_most_max_proposals_ongoing() {
	new_test_ext().execute_with(|| {
		for i in 0..MAX_PROPOSALS as u8 {
			assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(&[i]), 10));
		}
		assert_eq!(OngoingProposals::<Test>::get(1), MAX_PROPOSALS);
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(1), remark(b"one more"), 10),
			Error::<Test>::TooManyProposals
		);
		// Another account is not bound by it.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"z"), 10));
		// Once one of its proposals ends, the account may submit again.
		assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), 1));
		assert_eq!(OngoingProposals::<Test>::get(1), MAX_PROPOSALS - 1);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"again"), 10));
		assert_ok!(Governance::do_try_state());
		// When all have ended, the account has no entry.
		for index in [0, 2, 4] {
			assert_ok!(Governance::cancel(RuntimeOrigin::signed(100), index));
		}
		assert!(!OngoingProposals::<Test>::contains_key(1));
		assert_ok!(Governance::do_try_state());
	});
}
