//! Genesis: feeders, parameters, the initial price, and the genesis JSON.

use super::*;

#[test]
fn genesis_sets_feeders_parameters_and_no_price() {
	new_test_ext().execute_with(|| {
		assert_eq!(feeder_accounts(), vec![1, 2, 3]);
		assert!(Feeders::<Test>::get().iter().all(|f| f.last.is_none()));
		assert_eq!(Parameters::<Test>::get(), test_params());
		assert_eq!(LastPrice::<Test>::get(), None);
		assert_eq!(PriceOracle::price(), None);
		check_invariants();
	});
}

#[test]
fn genesis_initial_price_and_default_parameters() {
	ext(vec![1], None, Some(usd(400))).execute_with(|| {
		assert_eq!(Parameters::<Test>::get(), DefaultParameters::get());
		assert_eq!(
			LastPrice::<Test>::get(),
			Some(RecordedPrice { price: usd(400), median: usd(400), at: 0, fresh_feeders: 0 })
		);
		// A recorded price alone is no price in force: no fresh submissions.
		assert_eq!(PriceOracle::price(), None);
		check_invariants();
	});
}

#[test]
#[should_panic(expected = "invalid genesis parameters")]
fn genesis_rejects_invalid_parameters() {
	ext(vec![1], Some(params_min(0)), None);
}

#[test]
#[should_panic(expected = "listed twice")]
fn genesis_rejects_duplicate_feeders() {
	ext(vec![1, 1], None, None);
}

#[test]
#[should_panic(expected = "more genesis feeders than MaxFeeders")]
fn genesis_rejects_too_many_feeders() {
	ext(vec![1, 2, 3, 4, 5, 6], None, None);
}

#[test]
fn genesis_config_reads_decimal_prices_from_json() {
	let json = r#"{"feeders":[7],"params":{"stalenessWindow":5,"minFeeders":1,"maxPriceStep":100000000,"stepPeriod":600},"initialPrice":"0.0520"}"#;
	let config: GenesisConfig<Test> = serde_json::from_str(json).expect("valid JSON");
	assert_eq!(config.feeders, vec![7]);
	assert_eq!(config.initial_price, Some(usd(520)));
	assert_eq!(
		config.params,
		Some(OracleParams {
			staleness_window: 5,
			min_feeders: 1,
			max_price_step: Perbill::from_percent(10),
			step_period: 600,
		})
	);
}
