//! Issue 17, rule 2: thresholds per class of proposal. The runtime classes a proposal by the
//! strictest of its calls, wherever nested, so a minority that can pass a general proposal
//! cannot pass a stricter call by wrapping it. Each attack runs through real blocks of the
//! local testnet (three validators with 1,000,000 MC bonded each) and prints the attacker's
//! result.

use super::*;

/// Runs until referendum `index` ends (at most 100 blocks); its outcome.
fn outcome(index: u32) -> Outcome {
	for _ in 0..100 {
		if let Some(e) = pallet_governance::EndedReferenda::<Runtime>::get(index) {
			return e.outcome;
		}
		produce_block();
	}
	panic!("referendum {index} did not end");
}

/// Attack: Alice's stash, a third of the bonded MC, can pass a general proposal alone (more
/// than 30% turnout). She wraps a call that makes her attacker account a member of the
/// Technical Committee in a `utility.batchAll` with a remark, then in a scheduled call, hoping
/// the wrapper is judged general. Both are classed membership (more than 45% turnout): with her
/// third alone both are rejected, the membership is unchanged, and she loses both deposits.
#[test]
fn a_third_of_the_stake_cannot_smuggle_a_membership_change_into_a_general_proposal() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let attacker = Ferdie.to_account_id();
		let remark = RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: b"harmless".to_vec(),
		});
		// Her third passes the remark alone: a general proposal.
		let honest = submit(AliceStash, remark.clone());
		assert_eq!(
			pallet_governance::Referenda::<Runtime>::get(honest).unwrap().class,
			Class::General
		);
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::vote { index: honest, aye: true }),
		)
		.unwrap();
		assert_eq!(outcome(honest), Outcome::Approved);

		let join = RuntimeCall::TechnicalMembership(pallet_membership::Call::add_member {
			who: MultiAddress::Id(attacker.clone()),
		});
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![remark, join.clone()],
		});
		let scheduled = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule_after {
			after: 5,
			maybe_periodic: None,
			priority: 0,
			call: Box::new(join),
		});
		let free_before = Balances::balance(&AliceStash.to_account_id());
		let mut results = Vec::new();
		for call in [batch, scheduled] {
			let index = submit(AliceStash, call);
			let class = pallet_governance::Referenda::<Runtime>::get(index).unwrap().class;
			assert_eq!(class, Class::Membership);
			vote_aye(AliceStash, index).unwrap();
			results.push((class, outcome(index)));
		}
		run_to_block(System::block_number() + 10);
		let members = pallet_membership::Members::<Runtime, pallet_membership::Instance2>::get();
		let lost = free_before - Balances::balance(&AliceStash.to_account_id());
		println!(
			"smuggling a membership change past its class with a third of the stake: {results:?}; \
			 attacker a member: {}; Alice's stash net: -{} MC (two deposits)",
			members.contains(&attacker),
			lost / MC
		);
		assert!(results.iter().all(|(_, o)| *o == Outcome::Rejected));
		assert!(!members.contains(&attacker));
		let deposit = pallet_governance::Parameters::<Runtime>::get().submission_deposit;
		assert!(lost >= 2 * deposit);
	});
}

/// Attack on the weaker general thresholds: a general proposal no longer needs more than half
/// of all bonded MC, only more than 30% turnout and more than half of the votes. Charlie's
/// stash (a third of the bonded MC) tries to block, alone, the upgrade the Technical Committee
/// and the Foundation approved jointly, with `governance.vetoUpgrade` (a general proposal).
/// Unopposed it would pass after its confirmation; Alice's and Bob's stashes answer nay during
/// the confirmation: it stops passing, is rejected at its deadline, the upgrade is authorized,
/// and Charlie loses his deposit.
#[test]
fn a_third_of_the_stake_cannot_veto_an_upgrade_the_others_want() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let hash = metachain_runtime::Hash::repeat_byte(0x99);
		let approve = || {
			RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { code_hash: hash })
		};
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Dave, approve()), Ok(()));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, approve()), Ok(()));
		let scheduled = pallet_governance::ScheduledUpgrade::<Runtime>::get().expect("scheduled");

		let free_before = Balances::balance(&CharlieStash.to_account_id());
		let veto =
			RuntimeCall::Governance(pallet_governance::Call::veto_upgrade { code_hash: hash });
		let index = submit(CharlieStash, veto);
		assert_eq!(
			pallet_governance::Referenda::<Runtime>::get(index).unwrap().class,
			Class::General
		);
		let vote = |who: Sr25519Keyring, aye: bool| {
			exec(who, RuntimeCall::Governance(pallet_governance::Call::vote { index, aye }))
				.unwrap()
		};
		vote(CharlieStash, true);
		// A third of the electorate, all ayes: passing; it confirms.
		produce_block();
		assert!(governance_events().iter().any(|e| matches!(
			e,
			pallet_governance::Event::ConfirmStarted { index: i, .. } if *i == index
		)));
		// The others answer within the confirmation.
		vote(AliceStash, false);
		vote(BobStash, false);
		let result = outcome(index);
		run_to_block(scheduled.authorize_at.max(System::block_number()) + 2);
		let lost = free_before - Balances::balance(&CharlieStash.to_account_id());
		let authorized = authorized_upgrade();
		println!(
			"a third of the stake vetoes a joint upgrade against the others: {result:?}; \
			 upgrade authorized: {}; Charlie's stash net: -{} MC (his deposit)",
			authorized == Some(hash),
			lost / MC
		);
		assert_eq!(result, Outcome::Rejected);
		assert_eq!(authorized, Some(hash));
		assert!(lost >= pallet_governance::Parameters::<Runtime>::get().submission_deposit);
	});
}
