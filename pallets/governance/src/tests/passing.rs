//! When a referendum passes or fails: each class's turnout and approval, its confirmation
//! period, deadlines, and enactment.

use super::*;

#[test]
fn passes_just_above_half_of_bonded_stake() {
	new_test_ext().execute_with(|| {
		// 1 bonds one more MC and the recount (done at block 7) sees it: 101 + 400 = 501 of
		// an electorate of 1,001.
		set_stake(1, 101);
		run_to(7);
		assert_eq!(Electorate::<Test>::get().total, 1_001);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"go"), 20));
		vote_all(0, &[(1, true), (4, true)]);
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 501, nays: 0 });
		// Ends early, in the next block, long before its deadline (27).
		run_to(8);
		assert_eq!(ended(0), Outcome::Approved);
		assert!(events().contains(&Event::Approved {
			index: 0,
			tally: Tally { ayes: 501, nays: 0 },
			enactment: 8 + ENACTMENT
		}));
		// The deposit is back; the proposal is enacted after the enactment delay.
		assert_eq!(held(2), 0);
		run_to(8 + ENACTMENT - 1);
		assert!(!enacted(0));
		run_to(8 + ENACTMENT);
		assert!(enacted(0));
	});
}

#[test]
fn fails_at_exactly_half_of_bonded_stake() {
	new_test_ext().execute_with(|| {
		let treasury = Balances::balance(&TREASURY);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"no"), 10));
		// 100 + 400 = 500: exactly half of 1,000.
		vote_all(0, &[(1, true), (4, true)]);
		run_to(10);
		assert_eq!(deciding(Class::General), Some(0));
		run_to(11);
		assert_eq!(ended(0), Outcome::Rejected);
		// The deposit went to the treasury.
		assert_eq!(held(2), 0);
		assert_eq!(Balances::balance(&TREASURY), treasury + DEPOSIT);
		assert_eq!(Balances::total_balance(&2), 10_000 - DEPOSIT);
		assert!(events().contains(&Event::Rejected {
			index: 0,
			tally: Tally { ayes: 500, nays: 0 },
			slashed: DEPOSIT
		}));
		run_to(20);
		assert!(!enacted(0));
	});
}

#[test]
fn a_majority_at_the_deadline_passes_a_general_referendum() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"late"), 5));
		vote_all(0, &[(3, true), (1, false)]);
		run_to(5);
		assert_eq!(deciding(Class::General), Some(0));
		// 2 votes aye in the last block: 500 + 200 > 500 once counted.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, false));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		run_to(6);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

#[test]
fn an_upgrade_needs_more_than_two_thirds_of_the_votes_cast() {
	new_test_ext().execute_with(|| {
		// Ayes 600 (2, 4), nays 400 (1, 3): a majority of the electorate, but 60% of the votes.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(1), 5));
		vote_all(0, &[(2, true), (4, true), (1, false), (3, false)]);
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert!(authorized_upgrade().is_none());

		// Ayes 600, nays 300 (3): exactly two thirds of the votes is not more.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(2), 5));
		vote_all(1, &[(2, true), (4, true), (3, false)]);
		run_to(11);
		assert_eq!(ended(1), Outcome::Rejected);

		// Ayes 700 (1, 2, 4), nays 300: it confirms for the class's 3 blocks, then passes.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(3), 5));
		vote_all(2, &[(1, true), (2, true), (4, true), (3, false)]);
		run_to(12);
		assert!(events().contains(&Event::ConfirmStarted { index: 2, until: 15 }));
		run_to(14);
		assert_eq!(deciding(Class::Upgrade), Some(2));
		run_to(15);
		assert_eq!(ended(2), Outcome::Approved);
		run_to(15 + ENACTMENT);
		assert_eq!(authorized_upgrade(), Some(sp_core::H256::repeat_byte(3)));
	});
}

#[test]
fn the_same_votes_pass_a_general_referendum_early() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"g"), 5));
		vote_all(0, &[(2, true), (4, true), (1, false), (3, false)]);
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

/// The attack a confirmation period stops: a whale votes aye at the last moment, when no one
/// can answer. The referendum must keep passing for its class's confirmation, during which the
/// others can still vote nay, and does not pass when they do.
#[test]
fn a_referendum_must_keep_passing_through_its_confirmation() {
	new_test_ext().execute_with(|| {
		// A parameter referendum (confirmation 2 blocks), voting period 5: deadline 6.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), class_remark(Class::Parameter), 5));
		assert_eq!(deciding(Class::Parameter), Some(0));
		run_to(5);
		// The last block of the period: 4 (400) and 2 (200) vote aye, 60% turnout, all ayes.
		vote_all(0, &[(4, true), (2, true)]);
		run_to(6);
		assert!(events().contains(&Event::ConfirmStarted { index: 0, until: 8 }));
		// Past its deadline it goes on while it confirms; 3 (300) and 1 (100) answer nay:
		// 600 of 1,000 is 60% of the votes, above the 50% approval, so it still passes.
		vote_all(0, &[(3, false)]);
		run_to(7);
		assert_eq!(deciding(Class::Parameter), Some(0));
		// 2 changes its vote: 400 ayes of 1,000 votes. It stops passing past its deadline:
		// rejected, its deposit to the treasury.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, false));
		run_to(8);
		assert!(events().contains(&Event::ConfirmAborted { index: 0 }));
		assert_eq!(ended(0), Outcome::Rejected);
		assert!(!enacted(0));
	});
}

#[test]
fn a_confirmation_aborted_before_the_deadline_restarts_when_passing_again() {
	new_test_ext().execute_with(|| {
		// A spend referendum: turnout over 50%, approval over 60%, confirmation 2.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), class_remark(Class::Spend), 20));
		vote_all(0, &[(4, true), (3, true)]);
		run_to(2);
		assert!(events().contains(&Event::ConfirmStarted { index: 0, until: 4 }));
		// 1 and 2 vote nay: 700 of 1,000 votes is still above 60%.
		vote_all(0, &[(1, false)]);
		run_to(3);
		// 3 withdraws: 400 ayes of 500 votes, turnout 50%, not more: the confirmation stops.
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(3), Class::Spend));
		run_to(4);
		assert!(events().contains(&Event::ConfirmAborted { index: 0 }));
		assert_eq!(deciding(Class::Spend), Some(0));
		// 3 votes aye again: it confirms anew, from block 5 to 7.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		run_to(5);
		assert!(events().contains(&Event::ConfirmStarted { index: 0, until: 7 }));
		run_to(6);
		assert_eq!(deciding(Class::Spend), Some(0));
		run_to(7);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

/// The `i`-th proposal of a test, a remark of `class`'s, by one of the four stakers in turn.
fn submit_in_class(i: usize, class: Class) {
	let proposer = (i % 4) as AccountId + 1;
	assert_ok!(Governance::submit(RuntimeOrigin::signed(proposer), class_remark(class), 10));
}

#[test]
fn each_class_decides_its_own_referendum_at_its_own_thresholds() {
	new_test_ext().execute_with(|| {
		for (i, class) in Class::ALL.into_iter().enumerate() {
			submit_in_class(i, class);
			assert_eq!(deciding(class), Some(i as ReferendumIndex));
			assert_eq!(Referenda::<Test>::get(i as ReferendumIndex).unwrap().class, class);
		}
		// Ayes 700 (3, 4), nays 100 (1): turnout 80%, approval 87.5% — every class's
		// thresholds are met; they are approved after their confirmations (0, 2, 2, 3, 3, 4).
		for index in 0..6 {
			vote_all(index, &[(3, true), (4, true), (1, false)]);
		}
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
		run_to(4);
		assert_eq!((ended(1), ended(2)), (Outcome::Approved, Outcome::Approved));
		assert_eq!(deciding(Class::Membership), Some(3));
		run_to(5);
		assert_eq!((ended(3), ended(4)), (Outcome::Approved, Outcome::Approved));
		assert_eq!(deciding(Class::Root), Some(5));
		run_to(6);
		assert_eq!(ended(5), Outcome::Approved);
		// The root class's enactment delay is one block longer.
		assert!(events().contains(&Event::Approved {
			index: 5,
			tally: Tally { ayes: 700, nays: 100 },
			enactment: 6 + ENACTMENT + 1
		}));
	});
}

#[test]
fn the_same_votes_pass_a_weaker_class_and_fail_a_stricter_one() {
	new_test_ext().execute_with(|| {
		// Ayes 400 (4), nays 200 (2): turnout 60%, approval 66.7%. Enough for general, parameter,
		// spend and membership referenda; not for an upgrade (more than 2/3) nor root (75%).
		for (i, class) in Class::ALL.into_iter().enumerate() {
			submit_in_class(i, class);
			vote_all(i as ReferendumIndex, &[(4, true), (2, false)]);
		}
		run_to(11);
		let outcomes: Vec<Outcome> = (0..6).map(ended).collect();
		use Outcome::*;
		assert_eq!(outcomes, vec![Approved, Approved, Approved, Approved, Rejected, Rejected]);
	});
}

#[test]
fn turnout_below_the_class_threshold_does_not_pass_even_unopposed() {
	new_test_ext().execute_with(|| {
		// 3 alone votes aye: 300 of 1,000, 30% turnout, under the general class's 50%.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(3), remark(b"few"), 5));
		vote_all(0, &[(3, true)]);
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
	});
}

/// A referendum that mints past `MaxIssuance` (a forced balance or a forced issuance
/// adjustment) is approved, but its enactment is undone: the balance and the issuance stay.
#[test]
fn an_enactment_that_mints_past_the_maximum_is_undone() {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		let mint = |call: RuntimeCall| Box::new(<Preimage as StorePreimage>::bound(call).unwrap());
		let over = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: 5,
			new_free: MAX_ISSUANCE,
		});
		let adjust = RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
			direction: pallet_balances::AdjustmentDirection::Increase,
			delta: MAX_ISSUANCE,
		});
		let within = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: 5,
			new_free: 20_000,
		});
		for (index, call) in [over, adjust, within].into_iter().enumerate() {
			let index = index as ReferendumIndex;
			assert_ok!(Governance::submit(RuntimeOrigin::signed(1), mint(call), 5));
			vote_all(index, &[(3, true), (4, true)]);
			let now = System::block_number();
			run_to(now + 1 + ENACTMENT);
			assert_eq!(ended(index), Outcome::Approved);
		}
		let refused = Err(Error::<Test>::IssuanceAboveMaximum.into());
		assert!(events().contains(&Event::Enacted { index: 0, result: refused }));
		assert!(events().contains(&Event::Enacted { index: 1, result: refused }));
		assert!(enacted(2));
		// Only the mint within the maximum happened: 10,000 more for 5.
		assert_eq!(Balances::free_balance(5), 20_000);
		assert_eq!(Balances::total_issuance(), issuance + 10_000);
		assert!(Balances::total_issuance() <= MAX_ISSUANCE);
		assert!(Enactments::<Test>::iter().next().is_none());
		assert_ok!(Governance::do_try_state());
	});
}
