//! The median of the fresh submissions, for odd and even counts.

use super::*;

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
		assert_eq!(PriceOracle::price(), in_force(usd(520), 1, 0, 3));
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
		assert_eq!(PriceOracle::price(), in_force(usd(630), 3, 0, 4));
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
