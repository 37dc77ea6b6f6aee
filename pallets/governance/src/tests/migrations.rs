//! The v2 → v3 migration: the lanes' single enactment delay becomes each class's rules, and a
//! decision under way starts confirming when it passes.

use super::*;
use crate::migrations::v3::{MigrateV2ToV3, OldParams, OldPhase, OldReferendum};
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

frame_support::parameter_types! {
	/// The classes' rules the migration gives: the tests' own, with long confirmations and
	/// a short enactment delay, which the migration fits to the chain.
	pub Classes: ParamsOf<Test> = {
		let mut p = test_params();
		p.general.confirmation = 1;
		p.root.confirmation = 50;
		p.general.enactment_delay = 1;
		p
	};
}

#[test]
fn v3_gives_each_class_its_rules_and_keeps_decisions_under_way() {
	new_test_ext().execute_with(|| {
		// A version 2 chain: a general decision under way and the old rules (an enactment
		// delay of 4 blocks).
		StorageVersion::new(2).put::<Governance>();
		let old = OldReferendum {
			proposer: 1u64,
			deposit: DEPOSIT,
			proposal: *remark(b"old"),
			class: Class::General,
			voting_period: 10u64,
			submitted: 1u64,
			fast_tracked: false,
			urgent: false,
			phase: OldPhase::Deciding {
				since: 1u64,
				deadline: 11u64,
				electorate: 1_000u128,
				count: Some(0),
			},
			tally: Tally::<Balance>::default(),
		};
		unhashed::put(&Referenda::<Test>::hashed_key_for(0), &old);
		ReferendumCount::<Test>::put(1);
		Deciding::<Test>::insert(Class::General, 0);
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
				enactment_delay: 4u64,
				joint_upgrade_delay: JOINT_DELAY,
			},
		);

		MigrateV2ToV3::<Test, Classes>::on_runtime_upgrade();

		assert_eq!(Governance::on_chain_storage_version(), StorageVersion::new(3));
		let r = Referenda::<Test>::get(0).expect("kept");
		assert_eq!(r.phase, unconfirmed(1, 11, 1_000, Some(0)));
		// Confirmations no longer than the shortest voting period (5), enactment delays no
		// shorter than the old one (4).
		let p = Parameters::<Test>::get();
		assert_eq!((p.general.confirmation, p.general.enactment_delay), (1, 4));
		assert_eq!((p.root.confirmation, p.root.enactment_delay), (5, 4));
		assert_eq!(
			(p.submission_deposit, p.min_voting_period, p.max_voting_period),
			(DEPOSIT, 5, 20)
		);
		assert!(Governance::params_valid(&p));
		assert_ok!(Governance::do_try_state());
		// It passes as a general referendum: it confirms for a block, then is approved and
		// enacted 4 blocks later.
		vote_all(0, &[(3, true), (4, true)]);
		run_to(2);
		assert!(events().contains(&Event::ConfirmStarted { index: 0, until: 3 }));
		run_to(3);
		assert_eq!(ended(0), Outcome::Approved);
		assert!(events().contains(&Event::Approved {
			index: 0,
			tally: Tally { ayes: 700, nays: 0 },
			enactment: 7
		}));
		assert_ok!(Governance::do_try_state());
	});
}
