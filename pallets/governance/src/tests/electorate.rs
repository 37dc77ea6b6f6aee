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
		assert_eq!(
			Referenda::<Test>::get(0).unwrap().phase,
			Phase::Deciding { since: 11, deadline: 21, electorate: 1_900 }
		);
		run_to(12);
		assert!(Counting::<Test>::get().is_some());
	});
}

#[test]
fn votes_above_a_stale_count_raise_the_electorate() {
	new_test_ext().execute_with(|| {
		// 4 bonds far more after the count: its 3,000 alone would be "more than half" of the
		// counted 1,000, but the electorate is at least the MC that voted.
		set_stake(4, 3_000);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		vote_all(0, &[(4, true), (1, false)]);
		let r = Referenda::<Test>::get(0).unwrap();
		assert_eq!(Governance::effective_electorate(1_000, &r.tally), 3_100);
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
	});
}
