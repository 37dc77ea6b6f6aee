//! Referenda by bonded stake: enactment through the scheduler, rejected deposits, the upgrade
//! class and the joint upgrade approval.

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
		let index = submit(AliceStash, proposal);
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Class::Parameter), Some(index));
		vote_aye(AliceStash, index).unwrap();
		// A parameter referendum: it confirms, then is approved.
		let rules = rules(Class::Parameter);
		run_to_block(System::block_number() + 1 + rules.confirmation);
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(index).map(|e| e.outcome),
			Some(Outcome::Approved)
		);
		let approved_at = System::block_number();
		run_to_block(approved_at + rules.enactment_delay);
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().max_credit, before + 10);
		// The vote's MC stays frozen until the vote is removed.
		assert!(exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::remove_vote {
				class: Class::Parameter
			})
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
		let index =
			submit(AliceStash, RuntimeCall::System(frame_system::Call::remark { remark: vec![1] }));
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
		// By referendum: the upgrade class.
		let hash = metachain_runtime::Hash::repeat_byte(0x42);
		let index = submit_upgrade(AliceStash, hash, params.min_voting_period);
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Class::Upgrade), Some(index));
		vote_aye(AliceStash, index).unwrap();
		run_to_block(System::block_number() + blocks_to_enactment(Class::Upgrade));
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
fn proposals_are_classed_by_their_strictest_call_wherever_nested() {
	use metachain_runtime::configs::nested_class;
	let class = |call: &RuntimeCall| nested_class(call, 0);
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let batch = |calls| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
	assert_eq!(class(&set_code), Class::Upgrade);
	assert_eq!(class(&remark), Class::General);
	assert_eq!(class(&batch(vec![remark.clone(), set_code.clone()])), Class::Upgrade);
	assert_eq!(class(&batch(vec![remark.clone()])), Class::General);
	let scheduled = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
		when: 10,
		maybe_periodic: None,
		priority: 0,
		call: Box::new(batch(vec![set_code])),
	});
	assert_eq!(class(&scheduled), Class::Upgrade);
	let dispatch_as = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(frame_system::RawOrigin::Root.into()),
		call: Box::new(RuntimeCall::Governance(pallet_governance::Call::approve_upgrade {
			code_hash: Default::default(),
		})),
	});
	// `dispatch_as` chooses its origin: root's.
	assert_eq!(class(&dispatch_as), Class::Root);
	// A governance parameter (the rules of referenda) is root's; another parameter is the
	// parameter class's; a treasury spend, a spend; a member of a body, membership.
	let governance_rule = set_parameter(RuntimeParameter::Governance(
		pallet_governance::GovernanceParameter::MinVotingPeriod(100),
	));
	assert_eq!(class(&governance_rule), Class::Root);
	let credit_rule =
		set_parameter(RuntimeParameter::Credit(pallet_credit::CreditParameter::MaxCredit(1)));
	assert_eq!(class(&credit_rule), Class::Parameter);
	let spend = RuntimeCall::Treasury(pallet_treasury::Call::spend_local {
		amount: MC,
		beneficiary: MultiAddress::Id(someone()),
	});
	assert_eq!(class(&spend), Class::Spend);
	let member = RuntimeCall::TechnicalMembership(pallet_membership::Call::add_member {
		who: MultiAddress::Id(someone()),
	});
	assert_eq!(class(&batch(vec![credit_rule.clone(), member.clone()])), Class::Membership);
	assert_eq!(class(&batch(vec![spend, credit_rule])), Class::Spend);
	// Nested deeper than the classifier looks: root.
	let mut deep = remark.clone();
	for _ in 0..=metachain_runtime::configs::MAX_NESTING {
		deep = batch(vec![deep]);
	}
	assert_eq!(class(&deep), Class::Root);
	// More calls than the classifier looks at: root.
	let many = |n: u32| batch((0..n).map(|_| remark.clone()).collect());
	assert_eq!(class(&many(metachain_runtime::configs::MAX_CLASSED_CALLS - 1)), Class::General);
	assert_eq!(class(&many(metachain_runtime::configs::MAX_CLASSED_CALLS)), Class::Root);
}

/// Every call of the runtime's metadata is listed with a class: a new pallet or call fails
/// this test until it is classed in `runtime/src/configs/classes.rs` (unlisted, it would be
/// root's). The list has nothing the runtime does not have.
#[test]
fn every_call_of_the_metadata_has_a_class() {
	use metachain_runtime::configs::{listed_class, CALL_CLASSES};
	let mut unclassed = Vec::new();
	let mut known = BTreeSet::new();
	for pallet in RuntimeCall::get_module_names() {
		for call in RuntimeCall::get_call_names(pallet) {
			known.insert((*pallet, *call));
			if listed_class(pallet, call).is_none() {
				unclassed.push(format!("{pallet}.{call}"));
			}
		}
	}
	assert!(unclassed.is_empty(), "calls with no class: {unclassed:?}");
	let mut listed = BTreeSet::new();
	for (pallet, _, calls) in CALL_CLASSES {
		for call in *calls {
			assert!(known.contains(&(*pallet, *call)), "{pallet}.{call} is not a runtime call");
			assert!(listed.insert((*pallet, *call)), "{pallet}.{call} is listed twice");
		}
	}
	println!("{} calls classed", listed.len());
}
