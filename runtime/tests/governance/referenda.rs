//! Referenda by bonded stake: enactment through the scheduler, rejected deposits, the upgrade
//! lane and the joint upgrade approval.

use super::*;

#[test]
fn a_referendum_by_bonded_stake_enacts_its_proposal_through_the_scheduler() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		// The development chain's only staker is Alice's stash: the whole electorate.
		let electorate = pallet_governance::Electorate::<Runtime>::get();
		assert_eq!(electorate.total, stake_of(AliceStash));
		let params = pallet_governance::Parameters::<Runtime>::get();
		let before = pallet_credit::Parameters::<Runtime>::get().max_credit;
		let proposal = set_parameter(RuntimeParameter::Credit(
			pallet_credit::CreditParameter::MaxCredit(before + 10),
		));
		// Non-stakers cannot propose.
		assert_eq!(
			exec(
				Ferdie,
				RuntimeCall::Governance(pallet_governance::Call::submit {
					proposal: inline(proposal.clone()),
					voting_period: params.min_voting_period,
				})
			),
			Err(pallet_governance::Error::<Runtime>::NotStaker.into())
		);
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(proposal),
				voting_period: params.min_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Lane::General), Some(index));
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }),
		)
		.unwrap();
		produce_block();
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(index).map(|e| e.outcome),
			Some(Outcome::Approved)
		);
		let approved_at = System::block_number();
		run_to_block(approved_at + params.enactment_delay);
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().max_credit, before + 10);
		// The vote's MC stays frozen until the vote is removed.
		assert!(exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::remove_vote { lane: Lane::General })
		)
		.is_ok());
	});
}

#[test]
fn a_rejected_referendum_pays_its_deposit_to_the_treasury() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		let treasury = Balances::balance(&TreasuryAccount::get());
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(RuntimeCall::System(frame_system::Call::remark {
					remark: vec![1],
				})),
				voting_period: params.min_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		run_to_block(System::block_number() + params.min_voting_period);
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(index).map(|e| e.outcome),
			Some(Outcome::Rejected)
		);
		// The treasury also collected the fees of nothing (calls were dispatched directly).
		assert_eq!(
			Balances::balance(&TreasuryAccount::get()),
			treasury + params.submission_deposit
		);
	});
}

#[test]
fn an_upgrade_is_authorized_by_referendum_or_by_both_bodies() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		// By referendum: the upgrade lane.
		let hash = metachain_runtime::Hash::repeat_byte(0x42);
		let index = submit_upgrade(AliceStash, hash, params.min_voting_period);
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Lane::Upgrade), Some(index));
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }),
		)
		.unwrap();
		run_to_block(System::block_number() + 1 + params.enactment_delay);
		assert_eq!(authorized_upgrade(), Some(hash));

		// By the Technical Committee and the Foundation, each by a 2/3 motion.
		let hash = metachain_runtime::Hash::repeat_byte(0x43);
		let approve = || {
			RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { code_hash: hash })
		};
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Dave, approve()), Ok(()));
		assert_ne!(authorized_upgrade(), Some(hash));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, approve()), Ok(()));
		// Authorized once the veto delay is over.
		assert_ne!(authorized_upgrade(), Some(hash));
		run_to_block(System::block_number() + params.joint_upgrade_delay);
		assert_eq!(authorized_upgrade(), Some(hash));
		assert!(governance_events()
			.contains(&pallet_governance::Event::UpgradeAuthorized { code_hash: hash }));
	});
}

#[test]
fn proposals_that_touch_code_or_storage_go_to_the_upgrade_lane_wherever_nested() {
	use metachain_runtime::configs::is_upgrade_call;
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let batch = |calls| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
	assert!(is_upgrade_call(&set_code, 0));
	assert!(!is_upgrade_call(&remark, 0));
	assert!(is_upgrade_call(&batch(vec![remark.clone(), set_code.clone()]), 0));
	assert!(!is_upgrade_call(&batch(vec![remark.clone()]), 0));
	let scheduled = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
		when: 10,
		maybe_periodic: None,
		priority: 0,
		call: Box::new(batch(vec![set_code])),
	});
	assert!(is_upgrade_call(&scheduled, 0));
	let dispatch_as = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(frame_system::RawOrigin::Root.into()),
		call: Box::new(RuntimeCall::Governance(pallet_governance::Call::approve_upgrade {
			code_hash: Default::default(),
		})),
	});
	assert!(is_upgrade_call(&dispatch_as, 0));
}
