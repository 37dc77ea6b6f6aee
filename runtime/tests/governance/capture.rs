//! Attacks on the one parameter call, `parameters.setParameter`: a body that holds only its own
//! powers tries to change a parameter of a kind it does not hold, directly or wrapped in a
//! batch, and a body that holds a kind tries to push a value past the owning pallet's bounds.
//! Each runs through real blocks (motions proposed, voted and closed) and prints what the
//! attackers got.

use super::*;
use pallet_governance::GovernanceParameter;
use pallet_incentive_pool::PoolParameter;

/// The Technical Committee (2/3) tries to capture referenda: one-block voting periods and no
/// deposit would let it pass proposals before stakers can vote. Governance parameters are a
/// referendum's alone, so the motion executes and is refused with `BadOrigin`, also inside
/// `utility.batchAll`; a signed account is refused too.
#[test]
fn a_committee_cannot_change_the_rules_of_referenda() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let rules = pallet_governance::Parameters::<Runtime>::get();
		let capture = [
			set_parameter(RuntimeParameter::Governance(GovernanceParameter::MinVotingPeriod(1))),
			set_parameter(RuntimeParameter::Governance(GovernanceParameter::SubmissionDeposit(0))),
		];
		for call in capture.clone() {
			assert_eq!(
				motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, call.clone()),
				Err(DispatchError::BadOrigin)
			);
			assert_eq!(
				motion(RuntimeCall::Foundation, Alice, Charlie, call.clone()),
				Err(DispatchError::BadOrigin)
			);
			assert_eq!(exec(Eve, call), Err(DispatchError::BadOrigin));
		}
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: capture.to_vec() });
		assert!(motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, batch).is_err());
		let after = pallet_governance::Parameters::<Runtime>::get();
		println!(
			"capture of referenda by committee motion: min voting period {} -> {}, deposit {} -> {} \
			 (attackers' gain: none)",
			rules.min_voting_period,
			after.min_voting_period,
			rules.submission_deposit,
			after.submission_deposit
		);
		assert_eq!(after, rules);
	});
}

/// The Foundation (2/3) holds the economic kind, so it may set the emission rate, but only
/// within `MaxAnnualEmission` (20% of the pool a year): a motion to emit the whole pool is
/// refused by the incentive pool's own check, and the rate and the pool stay as they were.
#[test]
fn an_economic_body_cannot_raise_the_emission_past_its_bound() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let pool = pallet_incentive_pool::Pallet::<Runtime>::account_id();
		let pool_before = Balances::free_balance(&pool);
		let rate_before = pallet_incentive_pool::Parameters::<Runtime>::get().annual_emission;
		let drain = set_parameter(RuntimeParameter::IncentivePool(PoolParameter::AnnualEmission(
			Perbill::one(),
		)));
		assert_eq!(
			motion(RuntimeCall::Foundation, Alice, Charlie, drain),
			Err(pallet_incentive_pool::Error::<Runtime>::EmissionAboveMaximum.into())
		);
		let rate_after = pallet_incentive_pool::Parameters::<Runtime>::get().annual_emission;
		assert_eq!(rate_after, rate_before);
		assert_eq!(Balances::free_balance(&pool), pool_before);
		// The bound itself is the most it can do.
		let bound = metachain_runtime::economy::MAX_ANNUAL_EMISSION;
		let at_bound =
			set_parameter(RuntimeParameter::IncentivePool(PoolParameter::AnnualEmission(bound)));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, at_bound), Ok(()));
		println!(
			"emission drain by Foundation motion: 100% refused, rate {rate_before:?} -> at most \
			 {bound:?} a year of a pool of {} MC",
			pool_before / MC
		);
	});
}
