//! Work credit (capped per period), levels and the reward threshold.

use super::*;

#[test]
fn work_credit_is_capped_per_period() {
	new_test_ext().execute_with(|| {
		let who = acc(Alice);
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(30));
		assert_eq!(
			last_event(),
			Event::WorkCreditAwarded {
				device: who.clone(),
				points: 30,
				reason: *b"workload",
				credit: 130
			}
		);
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(20));
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(0));
		assert_eq!(credit_now(Alice), 150);
		run_to(period_start(1));
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 60, *b"workload"), Ok(50));
		assert_eq!(
			<Credit as CreditSink<_>>::award(&acc(Bob), 1, *b"workload"),
			Err(Error::<Test>::NotRegistered.into())
		);
		assert_ok!(Credit::deregister(origin(Alice)));
		assert_eq!(
			<Credit as CreditSink<_>>::award(&who, 1, *b"workload"),
			Err(Error::<Test>::Deregistering.into())
		);
	});
}

#[test]
fn level_is_credit_over_credit_per_level_and_the_threshold_is_min_reward_credit() {
	new_test_ext().execute_with(|| {
		let who = acc(Alice);
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 50, *b"workload"));
		run_to(period_start(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 49, *b"workload"));
		assert_eq!(credit_now(Alice), 199);
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 1, *b"workload"));
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(2));
		assert_eq!(<Credit as CreditInspect<_>>::level(&acc(Bob)), None);

		// MinRewardCredit 50: exactly 50 qualifies, 49 does not.
		assert_ok!(set_parameter(CreditParameter::MinRewardCredit(200)));
		assert!(<Credit as CreditInspect<_>>::meets_reward_threshold(&who));
		assert_ok!(set_parameter(CreditParameter::MinRewardCredit(201)));
		assert!(!<Credit as CreditInspect<_>>::meets_reward_threshold(&who));
		assert!(!<Credit as CreditInspect<_>>::meets_reward_threshold(&acc(Bob)));
	});
}
