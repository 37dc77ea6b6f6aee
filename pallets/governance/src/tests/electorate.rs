//! The electorate: counted at genesis, recounted a page per block, raised by votes above a stale
//! count.

use super::*;

#[test]
fn genesis_counts_the_electorate() {
	new_test_ext().execute_with(|| {
		let e = Electorate::<Test>::get();
		assert_eq!((e.total, e.stakers), (1_000, 4));
		assert_eq!(Parameters::<Test>::get(), test_params());
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn bonded_stake_is_recounted_a_page_per_block() {
	new_test_ext().execute_with(|| {
		set_stake(5, 1_000);
		set_stake(1, 0);
		// The count starts at block 5 (RECOUNT after genesis) and takes a page of 2 per block:
		// stakers 2 and 3, then 4 and 5, then an empty page that closes it.
		run_to(5);
		assert_eq!(Counting::<Test>::get().map(|c| (c.total, c.stakers)), Some((500, 2)));
		assert_eq!(Electorate::<Test>::get().total, 1_000);
		run_to(6);
		assert_eq!(Counting::<Test>::get().map(|c| (c.total, c.stakers)), Some((1_900, 4)));
		run_to(7);
		assert!(Counting::<Test>::get().is_none());
		let e = Electorate::<Test>::get();
		assert_eq!((e.total, e.stakers, e.counted_at), (1_900, 4, 7));
		assert!(events().contains(&Event::ElectorateCounted { total: 1_900, stakers: 4 }));
		// The next count starts RECOUNT blocks later; a decision uses the last complete count.
		run_to(11);
		assert!(Counting::<Test>::get().is_none());
		assert_ok!(Governance::submit(RuntimeOrigin::signed(5), remark(b"x"), 10));
		assert_eq!(Referenda::<Test>::get(0).unwrap().phase, unconfirmed(11, 21, 1_900, Some(1)));
		run_to(12);
		assert!(Counting::<Test>::get().is_some());
	});
}

#[test]
fn mc_bonded_after_the_count_weighs_nothing() {
	new_test_ext().execute_with(|| {
		// Attack: the decision is measured against the genesis count (1,000 MC; staker 4 has
		// 400 of it). Staker 4 bonds 3,000 more, and a newcomer 5 bonds 5,000, after it; alone
		// they would be far "more than half".
		set_stake(4, 3_400);
		set_stake(5, 5_000);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(5), 0, true),
			Error::<Test>::NotCounted
		);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		let r = Referenda::<Test>::get(0).unwrap();
		println!("attacker bonded 8,000 MC after the count; its ayes weigh {}", r.tally.ayes);
		assert_eq!(r.tally.ayes, 400);
		assert_eq!(frozen(4), 400);
		// 400 of 1,000 is not more than half: the referendum is rejected at its deadline.
		run_to(7);
		assert_eq!(ended(0), Outcome::Rejected);
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn unbonding_before_a_recount_and_rebonding_after_gains_nothing() {
	new_test_ext().execute_with(|| {
		// Attack: staker 4 (400 of 1,000) unbonds before the recount at block 5, so the
		// electorate shrinks to 600, and rebonds when it is done, hoping to vote 400 of 600.
		set_stake(4, 0);
		run_to(7);
		let e = Electorate::<Test>::get();
		assert_eq!((e.total, e.id), (600, 1));
		set_stake(4, 400);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(4), 0, true),
			Error::<Test>::NotCounted
		);
		// Rebonding less than was counted caps the vote at the bond; more is capped at the count.
		set_stake(3, 100);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		set_stake(2, 900);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, false));
		let r = Referenda::<Test>::get(0).unwrap();
		println!("ayes {} nays {} of an electorate of {}", r.tally.ayes, r.tally.nays, e.total);
		assert_eq!((r.tally.ayes, r.tally.nays), (100, 200));
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn votes_never_exceed_the_electorate_they_are_measured_against() {
	new_test_ext().execute_with(|| {
		// Everyone bonds ten times more after the count, then all vote: the tally is the count.
		for who in 1..=4 {
			set_stake(who, 1_000 * who as u128);
		}
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		vote_all(0, &[(1, true), (2, true), (3, false), (4, false)]);
		let r = Referenda::<Test>::get(0).unwrap();
		assert_eq!(r.tally.ayes + r.tally.nays, 1_000);
		assert_eq!(Governance::effective_electorate(1_000, &r.tally), 1_000);
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn a_count_is_removed_once_no_decision_uses_it() {
	new_test_ext().execute_with(|| {
		// A decision on the genesis count (0) lasts past two recounts.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 20));
		run_to(7);
		assert_eq!(Electorate::<Test>::get().id, 1);
		// Count 0 is still used by the decision: kept.
		assert!(StaleCounts::<Test>::get().is_empty());
		assert_eq!(CountedStake::<Test>::iter_prefix(0).count(), 4);
		// The next count (2) makes count 1 stale; its records go a page (2) per block, and no
		// count starts while they do.
		run_to(14);
		assert_eq!(Electorate::<Test>::get().id, 2);
		run_to(16);
		assert_eq!(CountedStake::<Test>::iter_prefix(1).count(), 0);
		assert!(StaleCounts::<Test>::get().is_empty());
		assert_ok!(Governance::do_try_state());
		// The decision ends (rejected at block 21): count 0 is released and removed.
		run_to(24);
		assert_eq!(ended(0), Outcome::Rejected);
		assert_eq!(CountedStake::<Test>::iter_prefix(0).count(), 0);
		let stored: Vec<CountId> = CountedStake::<Test>::iter_keys().map(|(c, _)| c).collect();
		assert!(stored.iter().all(|c| *c >= 2), "{stored:?}");
		assert_ok!(Governance::do_try_state());
	});
}
