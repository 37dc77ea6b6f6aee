//! Parameters through `GovernedParameters` (the origin is `pallet-chain-parameters`' to check):
//! validated, all technical, and in force at once.

use super::*;

#[test]
fn parameters_are_validated_as_a_whole() {
	new_test_ext().execute_with(|| {
		let new = OracleParams {
			staleness_window: 3,
			min_feeders: 3,
			max_price_step: Perbill::from_percent(5),
			step_period: 8,
		};
		assert_ok!(PriceOracle::set_parameters(new));
		assert_eq!(Parameters::<Test>::get(), new);
		assert_eq!(<PriceOracle as GovernedParameters>::parameters(), new);
		// The pallet emits nothing itself: `pallet-chain-parameters` announces the change.
		assert!(events().is_empty());

		for bad in [
			OracleParams { min_feeders: 0, ..new },
			OracleParams { min_feeders: MAX_FEEDERS + 1, ..new },
			OracleParams { staleness_window: 0, ..new },
			OracleParams { step_period: STEP_BUCKETS as u64 - 1, ..new },
		] {
			assert_noop!(PriceOracle::set_parameters(bad), Error::<Test>::InvalidParameters);
		}
		// The bounds themselves are valid.
		assert_ok!(PriceOracle::set_parameters(OracleParams {
			staleness_window: 1,
			min_feeders: MAX_FEEDERS,
			..new
		}));
		assert_ok!(PriceOracle::set_parameters(OracleParams { min_feeders: 1, ..new }));
		assert_ok!(PriceOracle::set_parameters(OracleParams {
			step_period: STEP_BUCKETS as u64,
			..new
		}));
		check_invariants();
	});
}

#[test]
fn one_parameter_at_a_time_is_checked_against_the_others() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(OracleParameter::MinFeeders(MAX_FEEDERS)));
		assert_noop!(
			set_parameter(OracleParameter::MinFeeders(MAX_FEEDERS + 1)),
			Error::<Test>::InvalidParameters
		);
		assert_noop!(
			set_parameter(OracleParameter::MinFeeders(0)),
			Error::<Test>::InvalidParameters
		);
		assert_noop!(
			set_parameter(OracleParameter::StalenessWindow(0)),
			Error::<Test>::InvalidParameters
		);
		assert_ok!(set_parameter(OracleParameter::MaxPriceStep(Perbill::zero())));
		assert_eq!(
			Parameters::<Test>::get(),
			OracleParams {
				staleness_window: WINDOW,
				min_feeders: MAX_FEEDERS,
				max_price_step: Perbill::zero(),
				step_period: STEP_PERIOD,
			}
		);
	});
}

#[test]
fn every_parameter_is_technical() {
	let params = test_params();
	assert_eq!(
		params.all(),
		vec![
			OracleParameter::StalenessWindow(WINDOW),
			OracleParameter::MinFeeders(2),
			OracleParameter::MaxPriceStep(Perbill::from_percent(10)),
			OracleParameter::StepPeriod(STEP_PERIOD),
		]
	);
	for parameter in params.all() {
		assert_eq!(OracleParams::kind(&parameter), ParameterKind::Technical);
	}
}

#[test]
fn parameters_apply_to_the_price_in_force_at_once() {
	new_test_ext().execute_with(|| {
		both_submit(usd(500));
		run_to(4);
		assert_eq!(price_now(), Some(usd(500)));
		// A window of 3 blocks: submissions of block 1 are stale at block 4.
		assert_ok!(set_parameter(OracleParameter::StalenessWindow(3)));
		assert_eq!(PriceOracle::price(), None);
		// A window of 1 with one feeder needed: fresh only in their own block.
		assert_ok!(set_parameter(OracleParameter::StalenessWindow(1)));
		assert_ok!(set_parameter(OracleParameter::MinFeeders(1)));
		assert_ok!(submit(3, usd(510)));
		assert_eq!(price_now(), Some(usd(510)));
		run_to(5);
		assert_eq!(PriceOracle::price(), None);
	});
}

#[test]
fn a_new_step_period_restarts_the_recent_prices_from_the_last_one() {
	ext(vec![1, 2, 3], None, Some(usd(400))).execute_with(|| {
		assert_ok!(submit(1, usd(440)));
		assert_ok!(submit(2, usd(440)));
		// Block 6 is in the second bucket of 5 blocks.
		run_to(6);
		assert_ok!(submit(1, usd(440)));
		assert_eq!(RecentPrices::<Test>::get().len(), 2);
		assert_ok!(set_parameter(OracleParameter::StepPeriod(40)));
		// Buckets of 10 blocks now: block 6 is in bucket 0, holding only the last price.
		assert_eq!(
			RecentPrices::<Test>::get().into_inner(),
			vec![PriceBucket { index: 0, low: usd(440), high: usd(440) }]
		);
		// Another parameter leaves them as they are.
		assert_ok!(set_parameter(OracleParameter::MinFeeders(3)));
		assert_eq!(RecentPrices::<Test>::get().len(), 1);
		check_invariants();
	});
}
