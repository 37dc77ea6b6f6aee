//! `PriceProvider`, `try_state` and the integrity test.

use super::*;

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
		assert_eq!(PriceOracle::price(), in_force(usd(523), 7, 0, MAX_FEEDERS));
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
