//! Freshness: submissions age out, and fewer than `min_feeders` give no price.

use super::*;

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
		both_submit(usd(500));
		// Fresh while now - 1 < 10: up to block 10.
		run_to(10);
		assert_eq!(PriceOracle::price(), in_force(usd(500), 1, 9, 2));
		run_to(11);
		assert_eq!(PriceOracle::price(), None);
		// The recorded price stays, but is not a price in force.
		assert_eq!(LastPrice::<Test>::get().map(|l| l.price), Some(usd(500)));
		// A single new submission is not enough: the other one is stale.
		assert_ok!(submit(1, usd(500)));
		assert_eq!(PriceOracle::price(), None);
		assert_eq!(last_event(), Event::PriceSubmitted { feeder: 1, price: usd(500) });
		assert_ok!(submit(2, usd(510)));
		assert_eq!(PriceOracle::price(), in_force(usd(505), 11, 0, 2));
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
		assert_eq!(PriceOracle::price(), in_force(usd(430), 5, 6, 2));
		// Nothing was written by reading.
		assert_eq!(LastPrice::<Test>::get().map(|l| l.price), Some(usd(420)));
	});
}
