//! The step limit: each recording moves at most `max_price_step`, also on read.

use super::*;

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
