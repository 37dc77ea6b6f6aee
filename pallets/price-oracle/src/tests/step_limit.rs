//! The step limit: no two prices recorded less than `step_period` apart differ by more than
//! `max_price_step`, however many submissions come in between; also on read.

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
		// Within the step period a new recording does not step again: 0.0440 is already 10%
		// above the genesis price 0.0400.
		assert_ok!(submit(1, usd(500)));
		assert_eq!(last_event(), Event::PriceClamped { median: usd(520), price: usd(440) });
		// At block 25 the buckets read are those of blocks 5 to 29: the genesis price and the
		// first recording are out of reach, and the price steps from 0.0440: 0.0484.
		run_to(25);
		for feeder in 1..=3 {
			assert_ok!(submit(feeder, usd(520)));
		}
		assert_eq!(last_event(), Event::PriceClamped { median: usd(520), price: usd(484) });
		assert_eq!(price_now(), Some(usd(484)));
		// 0.0484 × 1.1 = 0.05324 ≥ 0.0520, and 0.0440 is out of reach: the median itself.
		run_to(31);
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
		// Once those are stale and out of the step limit's reach (block 25 reads the buckets
		// of blocks 5 to 29), from 0.0440 down by exactly 10%: 0.0396.
		run_to(25);
		assert_ok!(submit(1, usd(396)));
		assert_eq!(PriceOracle::price(), None);
		assert_ok!(submit(2, usd(396)));
		assert_eq!(last_event(), Event::PriceUpdated { price: usd(396), fresh_feeders: 2 });
		// One unit (10^-18 USD) further would be clamped.
		run_to(50);
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
		both_submit(usd(500));
		assert_ok!(submit(3, usd(1_000)));
		// 0.0500, 0.0500, 0.1000 → 0.0500.
		assert_eq!(price_now(), Some(usd(500)));
		// Without feeder 1: (0.0500 + 0.1000) / 2 = 0.0750, read as 0.0500 × 1.1 = 0.0550.
		assert_ok!(PriceOracle::remove_feeder(admin(), 1));
		assert_eq!(price_now(), Some(usd(550)));
		check_invariants();
	});
}

/// A coalition of feeders that holds the median (all but one of them) submits `+max_price_step`
/// in every block, each of them. The old rule re-recorded the price at every submission, so it
/// moved `(1 + step)^submissions`; now no two recorded prices less than `step_period` apart
/// differ by more than the step.
#[test]
fn a_coalition_submitting_every_block_moves_the_price_one_step_per_period() {
	let params = OracleParams { min_feeders: 3, ..test_params() };
	ext(vec![1, 2, 3, 4, 5], Some(params), Some(usd(400))).execute_with(|| {
		let step = params.max_price_step;
		let mut recorded: Vec<(u64, FixedU128)> = vec![(0, usd(400))];
		for block in 1..=100u64 {
			run_to(block);
			// The honest feeder keeps to 0.0400; the four others bid 10% above the price.
			assert_ok!(submit(5, usd(400)));
			for attacker in 1..=4 {
				let recorded_price = LastPrice::<Test>::get().expect("recorded").price;
				let target = step_bounds(recorded_price, step).1;
				assert_ok!(submit(attacker, target));
				let last = LastPrice::<Test>::get().expect("recorded");
				recorded.push((last.at, last.price));
			}
		}
		for (i, &(t1, p1)) in recorded.iter().enumerate() {
			for &(t2, p2) in &recorded[i + 1..] {
				if t2 - t1 < STEP_PERIOD {
					let (floor, ceiling) = step_bounds(p1, step);
					assert!(floor <= p2 && p2 <= ceiling, "{p1:?} at {t1} to {p2:?} at {t2}");
				}
			}
		}
		let end = price_now().expect("a price");
		// 100 blocks are 5 step periods: at most (1.1)^6 (the last period may be entered).
		let bound = FixedU128::from_rational(1_771_561, 1_000_000).saturating_mul(usd(400));
		println!(
			"oracle walk: 400 submissions in 100 blocks moved 0.0400 to {end:?} (bound {bound:?}; \
			 the old per-submission step would allow 0.0400 × 1.1^400)"
		);
		assert!(end <= bound);
		check_invariants();
	});
}
