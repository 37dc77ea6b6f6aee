//! The parameters: changed one at a time through [`GovernedParameters`] (as
//! `pallet-chain-parameters` does, which checks the origin), checked by the pallet, and applied
//! to later referenda.

use super::*;
use metachain_primitives::parameters::{GovernedParameters, ParameterKind, ParameterSet};

/// Change one parameter as `pallet-chain-parameters` does.
fn set_parameter(p: GovernanceParameter<Balance, u64>) -> sp_runtime::DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(p);
	Governance::set_parameters(params)
}

#[test]
fn every_parameter_is_changed_by_referendum_only() {
	let all = test_params().all();
	assert_eq!(all.len(), 10);
	for p in all {
		assert_eq!(ParamsOf::<Test>::kind(&p), ParameterKind::Governance);
	}
}

#[test]
fn parameters_are_checked() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(GovernanceParameter::SubmissionDeposit(7)));
		assert_eq!(
			Governance::parameters(),
			ParamsOf::<Test> { submission_deposit: 7, ..test_params() }
		);
		// Voting periods of at least a block, the minimum (5) not above the maximum (20),
		// enactment delays of at least a block, approvals of at least 50%, and no class less
		// strict than the one before it.
		let general = test_params().general;
		let root = test_params().root;
		for bad in [
			GovernanceParameter::MinVotingPeriod(0),
			GovernanceParameter::MinVotingPeriod(21),
			GovernanceParameter::MaxVotingPeriod(4),
			GovernanceParameter::GeneralRules(ClassRules { enactment_delay: 0, ..general }),
			GovernanceParameter::GeneralRules(ClassRules {
				approval: Perbill::from_percent(49),
				turnout: Perbill::zero(),
				..general
			}),
			// Less strict than parameter referenda: a weaker class's rules cannot go above a
			// stricter one's, so the strictest class of a proposal is strictest in every respect.
			GovernanceParameter::GeneralRules(ClassRules { confirmation: 3, ..general }),
			GovernanceParameter::GeneralRules(ClassRules {
				turnout: Perbill::from_percent(51),
				..general
			}),
			GovernanceParameter::RootRules(ClassRules {
				approval: Perbill::from_percent(60),
				..root
			}),
			// A joint upgrade must wait at least the shortest voting period, so a veto can pass.
			GovernanceParameter::JointUpgradeDelay(4),
		] {
			assert_noop!(set_parameter(bad), Error::<Test>::InvalidParameters);
		}
		assert_noop!(
			Governance::set_parameters(GovernanceParams {
				min_voting_period: 30,
				max_voting_period: 20,
				..test_params()
			}),
			Error::<Test>::InvalidParameters
		);
		assert_ok!(set_parameter(GovernanceParameter::MinVotingPeriod(20)));
		assert_ok!(Governance::do_try_state());
	});
}

#[test]
fn referenda_already_submitted_keep_their_deposit_and_voting_period() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::submit(RuntimeOrigin::signed(1), remark(b"old"), 5));
		assert_ok!(set_parameter(GovernanceParameter::SubmissionDeposit(7)));
		assert_ok!(set_parameter(GovernanceParameter::MinVotingPeriod(10)));
		let general = test_params().general;
		let delay = ENACTMENT - 1;
		assert_ok!(set_parameter(GovernanceParameter::GeneralRules(ClassRules {
			enactment_delay: delay,
			..general
		})));
		assert_eq!(held(1), DEPOSIT);
		// Later submissions follow the new rules.
		assert_noop!(
			Governance::submit(RuntimeOrigin::signed(2), remark(b"new"), 5),
			Error::<Test>::VotingPeriodOutOfRange
		);
		assert_ok!(Governance::submit(RuntimeOrigin::signed(2), remark(b"new"), 10));
		assert_eq!(held(2), 7);
		// The first keeps its 5-block period and its deposit; its enactment takes the delay in
		// force when it is approved.
		vote_all(0, &[(3, true), (4, true)]);
		run_to(2);
		assert_eq!(ended(0), Outcome::Approved);
		assert_eq!(held(1), 0);
		assert!(events().contains(&Event::Approved {
			index: 0,
			tally: Tally { ayes: 700, nays: 0 },
			enactment: 2 + delay
		}));
		assert_eq!(Referenda::<Test>::get(1).unwrap().phase, unconfirmed(2, 12, 1_000, Some(0)));
	});
}
