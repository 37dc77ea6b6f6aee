//! When a referendum passes or fails: more than half of the electorate, two thirds of the votes
//! cast for an upgrade, early ends, deadlines, and enactment.

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
		assert_eq!(deciding(Lane::General), Some(0));
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
		assert_eq!(deciding(Lane::General), Some(0));
		// 2 votes aye in the last block: 500 + 200 > 500 once counted.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, false));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		run_to(6);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

#[test]
fn an_upgrade_needs_two_thirds_of_the_votes_cast() {
	new_test_ext().execute_with(|| {
		// Ayes 600 (2, 4), nays 400 (1, 3): a majority of the electorate, but 60% of the votes.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(1), 5));
		vote_all(0, &[(2, true), (4, true), (1, false), (3, false)]);
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert!(authorized_upgrade().is_none());

		// Ayes 600, nays 300 (3): 600 ≥ 2/3 of 900, passes at the deadline, not before.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(2), 5));
		vote_all(1, &[(2, true), (4, true), (3, false)]);
		run_to(10);
		assert_eq!(deciding(Lane::Upgrade), Some(1));
		run_to(11);
		assert_eq!(ended(1), Outcome::Approved);
		run_to(11 + ENACTMENT);
		assert_eq!(authorized_upgrade(), Some(sp_core::H256::repeat_byte(2)));
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

#[test]
fn an_upgrade_ends_early_only_with_two_thirds_of_the_electorate() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(3), 20));
		vote_all(0, &[(2, true), (4, true)]);
		// 600 of 1,000: more than half, but 400 could still vote nay.
		run_to(3);
		assert_eq!(deciding(Lane::Upgrade), Some(0));
		// 700 of 1,000: two thirds can no longer be lost.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, true));
		run_to(4);
		assert_eq!(ended(0), Outcome::Approved);
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
