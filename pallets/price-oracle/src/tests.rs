//! Unit tests of the price oracle. Expected prices are written out (or computed here from the
//! rules), not taken from the pallet's own helpers.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, FixedU128, Perbill};

/// `x` ten-thousandths of a USD per MC: `usd(520)` is 0.0520.
fn usd(x: u128) -> FixedU128 {
	FixedU128::from_rational(x, 10_000)
}
fn submit(who: AccountId, price: FixedU128) -> DispatchResult {
	PriceOracle::submit_price(RuntimeOrigin::signed(who), price)
}
fn admin() -> RuntimeOrigin {
	RuntimeOrigin::signed(100)
}
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::PriceOracle(e) => Some(e),
			_ => None,
		})
		.collect()
}
fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}
fn price_now() -> Option<FixedU128> {
	PriceOracle::price().map(|p| p.price)
}
fn feeder_accounts() -> Vec<AccountId> {
	Feeders::<Test>::get().iter().map(|f| f.account).collect()
}
fn check_invariants() {
	assert_ok!(PriceOracle::do_try_state());
}
/// Parameters with `min_feeders` and the test window and step.
fn params_min(min_feeders: u32) -> ParamsOf<Test> {
	OracleParams { min_feeders, ..test_params() }
}

// ---------------------------------------------------------------------------------------------
// Genesis
// ---------------------------------------------------------------------------------------------

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
	let json = r#"{"feeders":[7],"params":{"stalenessWindow":5,"minFeeders":1,"maxPriceStep":100000000},"initialPrice":"0.0520"}"#;
	let config: GenesisConfig<Test> = serde_json::from_str(json).expect("valid JSON");
	assert_eq!(config.feeders, vec![7]);
	assert_eq!(config.initial_price, Some(usd(520)));
	assert_eq!(
		config.params,
		Some(OracleParams {
			staleness_window: 5,
			min_feeders: 1,
			max_price_step: Perbill::from_percent(10)
		})
	);
}

// ---------------------------------------------------------------------------------------------
// Median
// ---------------------------------------------------------------------------------------------

#[test]
fn median_of_an_odd_count_is_the_middle_submission() {
	// Three needed: the median is first taken over all three.
	ext(vec![1, 2, 3], Some(params_min(3)), None).execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(700)));
		assert_ok!(submit(3, usd(520)));
		// Sorted: 0.0500, 0.0520, 0.0700.
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(520), fresh_feeders: 3 });
		assert_eq!(
			LastPrice::<Test>::get(),
			Some(RecordedPrice { price: usd(520), median: usd(520), at: 1, fresh_feeders: 3 })
		);
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(520), updated_at: 1, age: 0, fresh_feeders: 3 })
		);
		check_invariants();
	});
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
	ext(vec![1, 2, 3, 4], Some(test_params()), None).execute_with(|| {
		assert_ok!(submit(1, usd(800)));
		assert_ok!(submit(2, usd(500)));
		// Two fresh: (0.0500 + 0.0800) / 2.
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(650), fresh_feeders: 2 });
		run_to(2);
		assert_ok!(submit(3, usd(700)));
		// Three fresh: 0.0500, 0.0700, 0.0800 → 0.0700, within 10% of 0.0650 (0.0715).
		assert_eq!(price_now(), Some(usd(700)));
		run_to(3);
		assert_ok!(submit(4, usd(520)));
		// Four fresh: 0.0500, 0.0520, 0.0700, 0.0800 → (0.0520 + 0.0700) / 2 = 0.0610, within
		// 10% of 0.0700 (0.0630).
		assert_eq!(last_event(), Event::PriceClamped { median: usd(610), price: usd(630) });
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(630), updated_at: 3, age: 0, fresh_feeders: 4 })
		);
		check_invariants();
	});
}

#[test]
fn even_median_rounds_down() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, FixedU128::from_inner(10)));
		assert_ok!(submit(2, FixedU128::from_inner(15)));
		// (10 + 15) / 2 = 12.5, rounded down.
		assert_eq!(price_now(), Some(FixedU128::from_inner(12)));
	});
}

#[test]
fn even_median_does_not_overflow() {
	let max = u128::MAX;
	let mut prices = [FixedU128::from_inner(max), FixedU128::from_inner(max - 2)];
	// (2 max - 2) / 2 = max - 1; the sum itself does not fit in a u128.
	assert_eq!(median(&mut prices), Some(FixedU128::from_inner(max - 1)));
	let mut prices = [FixedU128::from_inner(max), FixedU128::from_inner(max)];
	assert_eq!(median(&mut prices), Some(FixedU128::from_inner(max)));
	assert_eq!(median(&mut []), None);
}

// ---------------------------------------------------------------------------------------------
// Freshness and the minimum number of feeders
// ---------------------------------------------------------------------------------------------

#[test]
fn fewer_than_min_feeders_gives_no_price() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		// Stored and announced, but one fresh submission is below min_feeders (2).
		assert_eq!(last_event(), Event::PriceSubmitted { feeder: 1, price: usd(500) });
		assert_eq!(Feeders::<Test>::get()[0].last, Some(Submission { price: usd(500), at: 1 }));
		assert_eq!(LastPrice::<Test>::get(), None);
		assert_eq!(PriceOracle::price(), None);
		assert_ok!(submit(2, usd(600)));
		assert_eq!(
			events(),
			vec![
				Event::PriceSubmitted { feeder: 1, price: usd(500) },
				Event::PriceSubmitted { feeder: 2, price: usd(600) },
				Event::PriceUpdated { price: usd(550), fresh_feeders: 2 },
			]
		);
		assert_eq!(price_now(), Some(usd(550)));
		check_invariants();
	});
}

#[test]
fn submissions_age_out() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(500)));
		// Fresh while now - 1 < 10: up to block 10.
		run_to(10);
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(500), updated_at: 1, age: 9, fresh_feeders: 2 })
		);
		run_to(11);
		assert_eq!(PriceOracle::price(), None);
		// The recorded price stays, but is not a price in force.
		assert_eq!(LastPrice::<Test>::get().map(|l| l.price), Some(usd(500)));
		// A single new submission is not enough: the other one is stale.
		assert_ok!(submit(1, usd(500)));
		assert_eq!(PriceOracle::price(), None);
		assert_eq!(last_event(), Event::PriceSubmitted { feeder: 1, price: usd(500) });
		assert_ok!(submit(2, usd(510)));
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(505), updated_at: 11, age: 0, fresh_feeders: 2 })
		);
		check_invariants();
	});
}

#[test]
fn an_aged_out_submission_leaves_the_median_and_is_clamped_on_read() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(400)));
		run_to(5);
		assert_ok!(submit(2, usd(420)));
		assert_ok!(submit(3, usd(440)));
		// 0.0400, 0.0420, 0.0440 → 0.0420 (within 10% of the first price, 0.0410).
		assert_eq!(price_now(), Some(usd(420)));
		// Feeder 1's submission (block 1) ages out at block 11; 0.0420 and 0.0440 remain:
		// median 0.0430, within 10% of 0.0420, so it is the price in force.
		run_to(11);
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(430), updated_at: 5, age: 6, fresh_feeders: 2 })
		);
		// Nothing was written by reading.
		assert_eq!(LastPrice::<Test>::get().map(|l| l.price), Some(usd(420)));
	});
}

// ---------------------------------------------------------------------------------------------
// Step limit
// ---------------------------------------------------------------------------------------------

#[test]
fn a_rise_beyond_the_step_is_clamped() {
	// The README's example: 0.0500, 0.0520, 0.0700 → median 0.0520; the previous price is
	// 0.0400 and the step 10%, so the price is 0.0440.
	ext(vec![1, 2, 3], Some(params_min(3)), Some(usd(400))).execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(520)));
		assert_eq!(LastPrice::<Test>::get().map(|l| l.price), Some(usd(400)));
		assert_ok!(submit(3, usd(700)));
		assert_eq!(last_event(), Event::PriceClamped { median: usd(520), price: usd(440) });
		assert_eq!(
			LastPrice::<Test>::get(),
			Some(RecordedPrice { price: usd(440), median: usd(520), at: 1, fresh_feeders: 3 })
		);
		// Reading does not step again: the median is the recorded one.
		assert_eq!(price_now(), Some(usd(440)));
		run_to(2);
		assert_eq!(price_now(), Some(usd(440)));
		// Each new recording moves at most one step: 0.0440 × 1.1 = 0.0484.
		assert_ok!(submit(1, usd(500)));
		assert_eq!(last_event(), Event::PriceClamped { median: usd(520), price: usd(484) });
		assert_eq!(price_now(), Some(usd(484)));
		run_to(3);
		// 0.0484 × 1.1 = 0.05324 ≥ 0.0520: the median itself.
		assert_ok!(submit(2, usd(520)));
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(520), fresh_feeders: 3 });
		check_invariants();
	});
}

#[test]
fn a_fall_beyond_the_step_is_clamped() {
	ext(vec![1, 2, 3], Some(params_min(3)), Some(usd(400))).execute_with(|| {
		assert_ok!(submit(1, usd(300)));
		assert_ok!(submit(2, usd(200)));
		assert_ok!(submit(3, usd(350)));
		// Median 0.0300; 0.0400 × 0.9 = 0.0360.
		assert_eq!(last_event(), Event::PriceClamped { median: usd(300), price: usd(360) });
		assert_eq!(price_now(), Some(usd(360)));
		check_invariants();
	});
}

#[test]
fn a_move_of_exactly_the_step_is_not_clamped() {
	ext(vec![1, 2, 3], None, Some(usd(400))).execute_with(|| {
		// From 0.0400 up by exactly 10%: 0.0440.
		assert_ok!(submit(1, usd(440)));
		assert_ok!(submit(2, usd(440)));
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(440), fresh_feeders: 2 });
		// Once those are stale, from 0.0440 down by exactly 10%: 0.0396.
		run_to(1 + WINDOW);
		assert_ok!(submit(1, usd(396)));
		assert_eq!(PriceOracle::price(), None);
		assert_ok!(submit(2, usd(396)));
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(396), fresh_feeders: 2 });
		// One unit (10^-18 USD) further would be clamped.
		run_to(1 + 2 * WINDOW);
		let below = FixedU128::from_inner(usd(396).into_inner() * 9 / 10 - 1);
		assert_ok!(submit(1, below));
		assert_ok!(submit(2, below));
		assert_eq!(
			last_event(),
			Event::PriceClamped {
				median: below,
				price: FixedU128::from_inner(usd(396).into_inner() * 9 / 10)
			}
		);
	});
}

#[test]
fn without_a_previous_price_the_first_median_is_taken_as_is() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(10_000)));
		assert_ok!(submit(2, usd(30_000)));
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(20_000), fresh_feeders: 2 });
	});
}

#[test]
fn a_changed_median_is_clamped_on_read() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(500)));
		assert_ok!(submit(3, usd(1_000)));
		// 0.0500, 0.0500, 0.1000 → 0.0500.
		assert_eq!(price_now(), Some(usd(500)));
		// Without feeder 1: (0.0500 + 0.1000) / 2 = 0.0750, read as 0.0500 × 1.1 = 0.0550.
		assert_ok!(PriceOracle::remove_feeder(admin(), 1));
		assert_eq!(price_now(), Some(usd(550)));
		check_invariants();
	});
}

// ---------------------------------------------------------------------------------------------
// Feeders
// ---------------------------------------------------------------------------------------------

#[test]
fn feeders_are_added_and_removed_by_the_feeder_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			PriceOracle::add_feeder(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(PriceOracle::add_feeder(RuntimeOrigin::root(), 4), DispatchError::BadOrigin);
		assert_ok!(PriceOracle::add_feeder(admin(), 4));
		assert_eq!(last_event(), Event::FeederAdded { feeder: 4 });
		assert_eq!(feeder_accounts(), vec![1, 2, 3, 4]);
		assert_ok!(submit(4, usd(500)));

		assert_noop!(
			PriceOracle::remove_feeder(RuntimeOrigin::signed(2), 4),
			DispatchError::BadOrigin
		);
		assert_ok!(PriceOracle::remove_feeder(admin(), 2));
		assert_eq!(last_event(), Event::FeederRemoved { feeder: 2 });
		assert_eq!(feeder_accounts(), vec![1, 3, 4]);
		assert_noop!(submit(2, usd(500)), Error::<Test>::NotFeeder);
		check_invariants();
	});
}

#[test]
fn feeder_management_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(PriceOracle::add_feeder(admin(), 2), Error::<Test>::AlreadyFeeder);
		assert_noop!(PriceOracle::remove_feeder(admin(), 9), Error::<Test>::NotFeeder);
		assert_ok!(PriceOracle::add_feeder(admin(), 4));
		assert_ok!(PriceOracle::add_feeder(admin(), 5));
		assert_eq!(Feeders::<Test>::get().len() as u32, MAX_FEEDERS);
		assert_noop!(PriceOracle::add_feeder(admin(), 6), Error::<Test>::TooManyFeeders);
		assert_ok!(PriceOracle::remove_feeder(admin(), 5));
		assert_ok!(PriceOracle::add_feeder(admin(), 6));
		check_invariants();
	});
}

#[test]
fn a_removed_feeder_takes_its_submission_along() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(500)));
		assert_ok!(PriceOracle::remove_feeder(admin(), 1));
		// One fresh submission left: no price.
		assert_eq!(PriceOracle::price(), None);
		// Added again, it starts with no submission.
		assert_ok!(PriceOracle::add_feeder(admin(), 1));
		assert_eq!(Feeders::<Test>::get().last().and_then(|f| f.last), None);
		assert_eq!(PriceOracle::price(), None);
	});
}

// ---------------------------------------------------------------------------------------------
// Submissions
// ---------------------------------------------------------------------------------------------

#[test]
fn only_feeders_submit() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(9, usd(500)), Error::<Test>::NotFeeder);
		assert_noop!(
			PriceOracle::submit_price(RuntimeOrigin::root(), usd(500)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_zero_price_is_rejected() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit(1, FixedU128::zero()), Error::<Test>::ZeroPrice);
		assert_noop!(submit(9, FixedU128::zero()), Error::<Test>::ZeroPrice);
	});
}

#[test]
fn one_submission_per_feeder_and_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_noop!(submit(1, usd(510)), Error::<Test>::AlreadySubmitted);
		// Another feeder may submit in the same block.
		assert_ok!(submit(2, usd(520)));
		run_to(2);
		// The next block: the new submission replaces the old one.
		assert_ok!(submit(1, usd(530)));
		assert_eq!(Feeders::<Test>::get()[0].last, Some(Submission { price: usd(530), at: 2 }));
		// 0.0520 and 0.0530.
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(525), updated_at: 2, age: 0, fresh_feeders: 2 })
		);
		check_invariants();
	});
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[test]
fn parameters_are_validated_and_set_by_the_config_origin() {
	new_test_ext().execute_with(|| {
		let new = OracleParams {
			staleness_window: 3,
			min_feeders: 3,
			max_price_step: Perbill::from_percent(5),
		};
		assert_noop!(PriceOracle::set_parameters(admin(), new), DispatchError::BadOrigin);
		assert_ok!(PriceOracle::set_parameters(RuntimeOrigin::root(), new));
		assert_eq!(Parameters::<Test>::get(), new);
		assert_eq!(last_event(), Event::ParametersSet { params: new });

		for bad in [
			OracleParams { min_feeders: 0, ..new },
			OracleParams { min_feeders: MAX_FEEDERS + 1, ..new },
			OracleParams { staleness_window: 0, ..new },
		] {
			assert_noop!(
				PriceOracle::set_parameters(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParameters
			);
		}
		// The bounds themselves are valid.
		assert_ok!(PriceOracle::set_parameters(
			RuntimeOrigin::root(),
			OracleParams { staleness_window: 1, min_feeders: MAX_FEEDERS, ..new }
		));
		assert_ok!(PriceOracle::set_parameters(
			RuntimeOrigin::root(),
			OracleParams { min_feeders: 1, ..new }
		));
		check_invariants();
	});
}

#[test]
fn parameters_apply_to_the_price_in_force_at_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(500)));
		run_to(4);
		assert_eq!(price_now(), Some(usd(500)));
		// A window of 3 blocks: submissions of block 1 are stale at block 4.
		assert_ok!(PriceOracle::set_parameters(
			RuntimeOrigin::root(),
			OracleParams { staleness_window: 3, ..test_params() }
		));
		assert_eq!(PriceOracle::price(), None);
		// A window of 1: fresh only in their own block.
		assert_ok!(PriceOracle::set_parameters(
			RuntimeOrigin::root(),
			OracleParams { staleness_window: 1, min_feeders: 1, ..test_params() }
		));
		assert_ok!(submit(3, usd(510)));
		assert_eq!(price_now(), Some(usd(510)));
		run_to(5);
		assert_eq!(PriceOracle::price(), None);
	});
}

// ---------------------------------------------------------------------------------------------
// Interfaces and invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn price_provider_reads_the_price_in_force() {
	new_test_ext().execute_with(|| {
		assert_eq!(<PriceOracle as PriceProvider<u64>>::price(), None);
		assert_ok!(submit(1, usd(500)));
		assert_ok!(submit(2, usd(700)));
		assert_eq!(<PriceOracle as PriceProvider<u64>>::price(), PriceOracle::price());
		assert_eq!(<PriceOracle as PriceProvider<u64>>::price().map(|p| p.price), Some(usd(600)));
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn set_price_installs_fresh_submissions() {
	ext(vec![], Some(params_min(4)), Some(usd(100))).execute_with(|| {
		run_to(7);
		<PriceOracle as PriceProvider<u64>>::set_price(usd(523));
		// A full feeder set: the worst case for readers.
		assert_eq!(Feeders::<Test>::get().len(), MAX_FEEDERS as usize);
		assert_eq!(
			PriceOracle::price(),
			Some(PriceInfo { price: usd(523), updated_at: 7, age: 0, fresh_feeders: MAX_FEEDERS })
		);
		check_invariants();
	});
}

#[test]
fn try_state_catches_broken_invariants() {
	new_test_ext().execute_with(|| {
		check_invariants();
		Feeders::<Test>::mutate(|f| {
			let first = f[0].clone();
			f.try_push(first).expect("room");
		});
		assert!(PriceOracle::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		LastPrice::<Test>::put(RecordedPrice {
			price: FixedU128::zero(),
			median: usd(1),
			at: 1,
			fresh_feeders: 2,
		});
		assert!(PriceOracle::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		Parameters::<Test>::put(params_min(0));
		assert!(PriceOracle::do_try_state().is_err());
	});
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	new_test_ext().execute_with(|| {
		<PriceOracle as Hooks<u64>>::integrity_test();
	});
}
