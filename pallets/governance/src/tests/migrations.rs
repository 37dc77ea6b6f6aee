//! The v1 → v2 migration: decisions under way keep weighing votes by bonded MC, the rules gain
//! the joint upgrade delay, and the electorate is counted anew with its records.

use super::*;
use crate::migrations::v2::{MigrateV1ToV2, OldParams, OldPhase, OldReferendum};
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

frame_support::parameter_types! {
	/// The joint upgrade delay the migration gives.
	pub const Delay: u64 = 30;
}

#[test]
fn v2_keeps_decisions_under_way_and_counts_anew() {
	new_test_ext().execute_with(|| {
		// A version 1 chain: no per-staker records, a decision under way, the old rules.
		let _ = CountedStake::<Test>::clear(u32::MAX, None);
		StorageVersion::new(1).put::<Governance>();
		let old = OldReferendum {
			proposer: 1u64,
			deposit: DEPOSIT,
			proposal: *remark(b"old"),
			lane: Lane::General,
			voting_period: 10u64,
			submitted: 1u64,
			fast_tracked: false,
			phase: OldPhase::Deciding { since: 1u64, deadline: 11u64, electorate: 1_000u128 },
			tally: Tally::<Balance>::default(),
		};
		unhashed::put(&Referenda::<Test>::hashed_key_for(0), &old);
		ReferendumCount::<Test>::put(1);
		Deciding::<Test>::insert(Lane::General, 0);
		OngoingProposals::<Test>::insert(1, 1);
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<_>>::hold(
			&HoldReason::SubmissionDeposit.into(),
			&1,
			DEPOSIT
		));
		unhashed::put(
			&Parameters::<Test>::hashed_key(),
			&OldParams {
				submission_deposit: DEPOSIT,
				min_voting_period: 5u64,
				max_voting_period: 20u64,
				enactment_delay: ENACTMENT,
			},
		);

		MigrateV1ToV2::<Test, Delay>::on_runtime_upgrade();

		assert_eq!(Governance::on_chain_storage_version(), StorageVersion::new(2));
		let r = Referenda::<Test>::get(0).expect("kept");
		assert_eq!(
			r.phase,
			Phase::Deciding { since: 1, deadline: 11, electorate: 1_000, count: None }
		);
		assert!(!r.urgent);
		assert_eq!(
			Parameters::<Test>::get(),
			GovernanceParams { joint_upgrade_delay: 30, ..test_params() }
		);
		assert_eq!(Electorate::<Test>::get(), StakeCount::default());
		assert_ok!(Governance::do_try_state());
		// Its votes weigh bonded MC, as before: 3's 300 and 4's 400 pass it.
		vote_all(0, &[(3, true), (4, true)]);
		assert_eq!(Referenda::<Test>::get(0).unwrap().tally.ayes, 700);
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
		// The electorate is counted anew once `RecountInterval` has passed since block 0 (on a
		// live chain, at once): blocks 5 to 7, a page of 2 per block, with records.
		run_to(7);
		let e = Electorate::<Test>::get();
		assert_eq!((e.total, e.id), (1_000, 1));
		assert_eq!(CountedStake::<Test>::iter_prefix(1).count(), 4);
		assert_ok!(Governance::do_try_state());
	});
}
