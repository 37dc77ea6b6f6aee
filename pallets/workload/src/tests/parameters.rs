//! The governable parameters: validation, day length, kinds.

use super::*;

#[test]
fn parameters_are_validated_and_a_new_day_length_starts_the_next_day() {
	test(|| {
		for bad in [
			WorkloadParameter::HistoryDepth(0),
			WorkloadParameter::HistoryDepth(6),
			WorkloadParameter::SettlementPeriod(0),
		] {
			assert_noop!(set(bad), Error::<Test>::InvalidParameter);
		}
		assert_ok!(set(WorkloadParameter::HistoryDepth(5)));
		assert_eq!(Workload::parameters().history_depth, 5);
		// The same day length changes nothing about days.
		assert_ok!(set(WorkloadParameter::SettlementPeriod(DAY)));
		assert_eq!(Anchor::<Test>::get(), None);
		run_to(15);
		assert_eq!(Workload::current_day(), 1);
		work(1, MUSD);
		assert_ok!(set(WorkloadParameter::SettlementPeriod(100)));
		// Day 2 starts now, with the new length.
		assert_eq!(Workload::current_day(), 2);
		run_to(16);
		assert_eq!(Days::<Test>::get(1).unwrap().state, DayState::Settled);
		run_to(114);
		assert_eq!(Workload::current_day(), 2);
		run_to(115);
		assert_eq!(Workload::current_day(), 3);
	});
}

#[test]
fn parameters_have_the_kinds_of_their_origins() {
	use WorkloadParameter::*;
	let kind = <ParamsOf<Test> as ParameterSet>::kind;
	assert_eq!(kind(&DailyWorkloadReward(1)), ParameterKind::Economic);
	assert_eq!(kind(&CreditPerMusd(1)), ParameterKind::Economic);
	assert_eq!(kind(&SettlementPeriod(1)), ParameterKind::Technical);
	assert_eq!(kind(&HistoryDepth(1)), ParameterKind::Technical);
	assert_eq!(kind(&WorkRewardRatio(RATIO)), ParameterKind::Economic);
}
