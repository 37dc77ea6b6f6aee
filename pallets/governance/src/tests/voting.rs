//! Votes: their weight (bonded MC), changing and removing them, and the freeze of their MC.

use super::*;

#[test]
fn votes_weigh_bonded_stake_and_freeze_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 10));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(5), 0, true),
			Error::<Test>::NoBondedStake
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), 9, true),
			Error::<Test>::UnknownReferendum
		);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, false));
		assert_eq!(frozen(3), 300);
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 0, nays: 300 });
		// Changing the vote moves its weight. Bonding more after the count adds nothing (the
		// vote weighs at most the 300 counted); bonding less lowers the new vote.
		set_stake(3, 350);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 300, nays: 0 });
		assert_eq!(frozen(3), 300);
		set_stake(3, 250);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 250, nays: 0 });
		assert_eq!(frozen(3), 250);
		// Withdrawing it while decided takes it off the tally and lifts the freeze.
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(3), Class::General));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally::default());
		assert_eq!(frozen(3), 0);
		assert!(events().contains(&Event::VoteRemoved {
			index: 0,
			who: 3,
			amount: 250,
			withdrawn: true
		}));
		assert_noop!(
			Governance::remove_vote(RuntimeOrigin::signed(3), Class::General),
			Error::<Test>::NoVote
		);
	});
}

#[test]
fn a_freeze_covers_the_largest_vote_and_outlives_the_referendum() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, false));
		set_stake(2, 150);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(9), 5));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 1, false));
		// 200 in the general class, 150 in the upgrade class: the freeze is the larger.
		assert_eq!(frozen(2), 200);
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert_eq!(ended(1), Outcome::Rejected);
		// Still frozen until removed.
		assert_eq!(frozen(2), 200);
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(2), Class::General));
		assert_eq!(frozen(2), 150);
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(2), Class::Upgrade));
		assert_eq!(frozen(2), 0);
		assert!(events().contains(&Event::VoteRemoved {
			index: 0,
			who: 2,
			amount: 200,
			withdrawn: false
		}));
	});
}
