//! Unit tests of the governance pallet, by behaviour; the helpers they share are here.

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectFreeze, InspectHold, Mutate},
		StorePreimage,
	},
};
use sp_runtime::{traits::Hash as _, DispatchError};

mod bodies;
mod electorate;
mod migrations;
mod parameters;
mod passing;
mod submission;
mod voting;

/// General referenda 0, 1, … submitted by stakers 1, 2, … with these voting periods: the first
/// is decided at once, the others wait in the queue.
fn submit_remarks(periods: &[u64]) {
	for (i, period) in (0u8..).zip(periods) {
		let who = AccountId::from(i + 1);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(who), remark(&[b'a' + i]), *period));
	}
}

/// Each `(who, aye)` votes on referendum `index`.
fn vote_all(index: ReferendumIndex, votes: &[(AccountId, bool)]) {
	for (who, aye) in votes {
		assert_ok!(Governance::vote(RuntimeOrigin::signed(*who), index, *aye));
	}
}

/// `who`'s submission deposits held.
fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::SubmissionDeposit.into(), &who)
}

/// `who`'s MC frozen by its votes.
fn frozen(who: AccountId) -> Balance {
	Balances::balance_frozen(&FreezeReason::Vote.into(), &who)
}

/// The phase of a referendum deciding from `since` until `deadline` against `electorate` (in
/// count `count`), not passing yet.
fn unconfirmed(
	since: u64,
	deadline: u64,
	electorate: Balance,
	count: Option<CountId>,
) -> Phase<Balance, u64> {
	Phase::Deciding { since, deadline, electorate, count, confirming: None }
}

/// The referendum `class` is deciding.
fn deciding(class: Class) -> Option<ReferendumIndex> {
	Deciding::<Test>::get(class)
}

/// Whether the scheduler dispatched referendum `index`'s proposal, successfully.
fn enacted(index: ReferendumIndex) -> bool {
	let task = Governance::enactment_task(index);
	let dispatched = System::events().iter().any(|r| {
		matches!(
			r.event,
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { id: Some(id), result: Ok(()), .. })
				if id == task
		)
	});
	dispatched && events().contains(&Event::Enacted { index, result: Ok(()) })
}

/// How referendum `index` ended.
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
