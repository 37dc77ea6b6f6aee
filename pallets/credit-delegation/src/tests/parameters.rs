//! The delegation rules as a governed parameter set: the pallet's check, the kinds, and a change
//! taking effect. (Who may change them is `pallet-chain-parameters`' to check.)

use super::*;

#[test]
fn parameters_are_checked_by_the_pallet() {
	test(|| {
		assert_noop!(
			set_parameter(DelegationParameter::RewardHistoryDepth(0)),
			Error::<Test>::InvalidParameter
		);
		assert_eq!(CreditDelegation::parameters(), params());
		assert_ok!(set_parameter(DelegationParameter::MinValidatorBacking(1)));
		assert_eq!(
			Parameters::<Test>::get(),
			DelegationParams { min_validator_backing: 1, ..params() }
		);
		// A change takes effect at once: a candidate backed by a weight of 100 is now
		// electable.
		register_and_delegate(&dev(1), &v1());
		assert_eq!(CreditDelegation::validator_backing(&v1()), (100, 1, true));
		// No event of this pallet's own: `pallet-chain-parameters` emits `Updated`.
		assert!(events().iter().all(|e| matches!(e, Event::Delegated { .. })));
	});
}

#[test]
fn kinds_follow_who_may_change_them() {
	use DelegationParameter::*;
	let kind = |p| <ParamsOf<Test> as ParameterSet>::kind(&p);
	assert_eq!(kind(RedelegateCooldown(1)), ParameterKind::Technical);
	assert_eq!(kind(MinValidatorBacking(1)), ParameterKind::Technical);
	assert_eq!(kind(CreditRewardShare(Perbill::one())), ParameterKind::Economic);
	assert_eq!(kind(RewardHistoryDepth(1)), ParameterKind::Technical);
	assert_eq!(
		params().all(),
		vec![
			RedelegateCooldown(COOLDOWN),
			MinValidatorBacking(MIN_VALIDATOR_BACKING),
			CreditRewardShare(Perbill::from_percent(60)),
			RewardHistoryDepth(DEPTH),
		]
	);
}

#[test]
fn genesis_parameters_read_camel_case_json() {
	let json = r#"{"redelegateCooldown":20,"minValidatorBacking":150,
		"creditRewardShare":600000000,"rewardHistoryDepth":2}"#;
	let parsed: ParamsOf<Test> = serde_json::from_str(json).expect("camelCase fields");
	assert_eq!(parsed, params());
}
