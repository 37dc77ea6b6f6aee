//! Unit tests of the governance pallet.

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectFreeze, InspectHold},
		StorePreimage,
	},
};
use sp_runtime::{traits::Hash as _, DispatchError};

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::SubmissionDeposit.into(), &who)
}

fn frozen(who: AccountId) -> Balance {
	Balances::balance_frozen(&FreezeReason::Vote.into(), &who)
}

fn deciding(lane: Lane) -> Option<ReferendumIndex> {
	Deciding::<Test>::get(lane)
}

/// Whether the scheduler dispatched referendum `index`'s proposal, successfully.
fn enacted(index: ReferendumIndex) -> bool {
	let task = Governance::enactment_task(index);
	System::events().iter().any(|r| {
		matches!(
			r.event,
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { id: Some(id), result: Ok(()), .. })
				if id == task
		)
	})
}

fn ended(index: ReferendumIndex) -> Outcome {
	EndedReferenda::<Test>::get(index).expect("ended").outcome
}

/// The code hash `frame_system` has authorized an upgrade to, if any (its storage is private:
/// read as stored, `(code_hash, check_version)`).
fn authorized_upgrade() -> Option<sp_core::H256> {
	frame_support::storage::unhashed::get::<(sp_core::H256, bool)>(
		&frame_support::storage::storage_prefix(b"System", b"AuthorizedUpgrade"),
	)
	.map(|(h, _)| h)
}

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
		assert_eq!(deciding(Lane::General), Some(0));
		let r = Referenda::<Test>::get(0).unwrap();
		assert_eq!(r.lane, Lane::General);
		assert_eq!(r.phase, Phase::Deciding { since: 1, deadline: 11, electorate: 1_000 });
		assert_eq!(
			events(),
			vec![
				Event::Submitted {
					index: 0,
					proposer: 1,
					lane: Lane::General,
					voting_period: 10,
					deposit: DEPOSIT
				},
				Event::DecisionStarted {
					index: 0,
					lane: Lane::General,
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
		assert_eq!(Referenda::<Test>::get(0).unwrap().lane, Lane::Upgrade);
		assert_eq!(deciding(Lane::Upgrade), Some(0));
		// The general lane is independent.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 10));
		assert_eq!(deciding(Lane::General), Some(1));
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
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"a"), 5));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"b"), 10));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(3), remark(b"c"), 10));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(4), remark(b"d"), 10));
		assert_eq!(deciding(Lane::General), Some(0));
		assert_eq!(Queue::<Test>::get(Lane::General).into_inner(), vec![1, 2, 3]);
		assert!(events().contains(&Event::Queued { index: 3, lane: Lane::General, position: 2 }));
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
		assert_eq!(deciding(Lane::General), Some(1));
		assert_eq!(
			Referenda::<Test>::get(1).unwrap().phase,
			Phase::Deciding { since: 6, deadline: 16, electorate: 1_000 }
		);
		assert_eq!(Queue::<Test>::get(Lane::General).into_inner(), vec![2, 3]);
	});
}

#[test]
fn passes_just_above_half_of_bonded_stake() {
	new_test_ext().execute_with(|| {
		// 1 bonds one more MC after the count: 101 + 400 = 501 of the electorate of 1,000.
		set_stake(1, 101);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"go"), 20));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 501, nays: 0 });
		// Ends early, in the next block, long before its deadline (21).
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
		assert!(events().contains(&Event::Approved {
			index: 0,
			tally: Tally { ayes: 501, nays: 0 },
			enactment: 2 + ENACTMENT
		}));
		// The deposit is back; the proposal is enacted after the enactment delay.
		assert_eq!(held(2), 0);
		run_to(2 + ENACTMENT - 1);
		assert!(!enacted(0));
		run_to(2 + ENACTMENT);
		assert!(enacted(0));
	});
}

#[test]
fn fails_at_exactly_half_of_bonded_stake() {
	new_test_ext().execute_with(|| {
		let treasury = Balances::balance(&TREASURY);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"no"), 10));
		// 100 + 400 = 500: exactly half of 1,000.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
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
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, false));
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
		for (who, aye) in [(2, true), (4, true), (1, false), (3, false)] {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), 0, aye));
		}
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert!(authorized_upgrade().is_none());

		// Ayes 600, nays 300 (3): 600 ≥ 2/3 of 900, passes at the deadline, not before.
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(2), 5));
		for (who, aye) in [(2, true), (4, true), (3, false)] {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), 1, aye));
		}
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
		for (who, aye) in [(2, true), (4, true), (1, false), (3, false)] {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), 0, aye));
		}
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

#[test]
fn an_upgrade_ends_early_only_with_two_thirds_of_the_electorate() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(3), 20));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		// 600 of 1,000: more than half, but 400 could still vote nay.
		run_to(3);
		assert_eq!(deciding(Lane::Upgrade), Some(0));
		// 700 of 1,000: two thirds can no longer be lost.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, true));
		run_to(4);
		assert_eq!(ended(0), Outcome::Approved);
	});
}

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
		// Changing the vote moves its weight; bonding more counts from the new vote.
		set_stake(3, 350);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 0, true));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally { ayes: 350, nays: 0 });
		assert_eq!(frozen(3), 350);
		// Withdrawing it while decided takes it off the tally and lifts the freeze.
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(3), Lane::General));
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally, Tally::default());
		assert_eq!(frozen(3), 0);
		assert!(events().contains(&Event::VoteRemoved {
			index: 0,
			who: 3,
			amount: 350,
			withdrawn: true
		}));
		assert_noop!(
			Governance::remove_vote(RuntimeOrigin::signed(3), Lane::General),
			Error::<Test>::NoVote
		);
	});
}

#[test]
fn a_freeze_covers_the_largest_vote_and_outlives_the_referendum() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"x"), 5));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 0, false));
		set_stake(2, 250);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), upgrade(9), 5));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(2), 1, false));
		assert_eq!(frozen(2), 250);
		run_to(6);
		assert_eq!(ended(0), Outcome::Rejected);
		assert_eq!(ended(1), Outcome::Rejected);
		// Still frozen until removed.
		assert_eq!(frozen(2), 250);
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(2), Lane::Upgrade));
		assert_eq!(frozen(2), 200);
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(2), Lane::General));
		assert_eq!(frozen(2), 0);
		assert!(events().contains(&Event::VoteRemoved {
			index: 0,
			who: 2,
			amount: 200,
			withdrawn: false
		}));
	});
}

#[test]
fn cancelling_returns_the_deposit_and_decides_the_next() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"a"), 10));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"b"), 10));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(3), remark(b"c"), 10));
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
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"a"), 5));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"b"), 10));
		assert_ok!(Governance::submit(RuntimeOrigin::signed(3), remark(b"fix"), 10));
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
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), 2, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 2, true));
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
fn parameters_are_root_only_and_checked() {
	new_test_ext().execute_with(|| {
		let mut p = test_params();
		p.submission_deposit = 7;
		assert_noop!(
			Governance::set_parameters(RuntimeOrigin::signed(101), p),
			DispatchError::BadOrigin
		);
		assert_ok!(Governance::set_parameters(RuntimeOrigin::root(), p));
		assert_eq!(Parameters::<Test>::get().submission_deposit, 7);
		for bad in [
			GovernanceParams { min_voting_period: 0, ..p },
			GovernanceParams { min_voting_period: 30, max_voting_period: 20, ..p },
			GovernanceParams { enactment_delay: 0, ..p },
		] {
			assert_noop!(
				Governance::set_parameters(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParameters
			);
		}
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
		assert_ok!(Governance::vote(RuntimeOrigin::signed(4), 0, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), 0, false));
		let r = Referenda::<Test>::get(0).unwrap();
		assert_eq!(Governance::effective_electorate(1_000, &r.tally), 3_100);
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
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
