//! Benchmarks of the price oracle, each at its worst case: `MaxFeeders` feeders, all with fresh
//! submissions, so that every call decodes and encodes the full list and `submit_price` sorts
//! `MaxFeeders` prices and clamps the median.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;

/// Replace the feeders by `n` new ones, each with a submission at block `at` (prices spread
/// over 2 to 2 + n USD, out of order), and return their accounts.
fn feeders<T: Config>(n: u32, at: BlockNumberFor<T>) -> Vec<T::AccountId> {
	let accounts: Vec<T::AccountId> = (0..n).map(|i| account("feeder", i, 0)).collect();
	let list: Vec<FeederOf<T>> = accounts
		.iter()
		.enumerate()
		.map(|(i, account)| {
			let step = (i as u32).saturating_mul(7_919) % n.max(1);
			Feeder {
				account: account.clone(),
				last: Some(Submission { price: FixedU128::from_u32(step.saturating_add(2)), at }),
			}
		})
		.collect();
	Feeders::<T>::put(FeedersOf::<T>::truncate_from(list));
	accounts
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Adding the last feeder to a list of `MaxFeeders - 1` (all scanned for a duplicate).
	#[benchmark]
	fn add_feeder() -> Result<(), BenchmarkError> {
		let max = T::MaxFeeders::get();
		feeders::<T>(max.saturating_sub(1), frame_system::Pallet::<T>::block_number());
		let who: T::AccountId = account("new-feeder", 0, 0);
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Feeders::<T>::get().iter().any(|f| f.account == who));
		Ok(())
	}

	/// Removing the last of `MaxFeeders` feeders (all scanned).
	#[benchmark]
	fn remove_feeder() -> Result<(), BenchmarkError> {
		let max = T::MaxFeeders::get();
		let accounts = feeders::<T>(max, frame_system::Pallet::<T>::block_number());
		let who = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Feeders::<T>::get().iter().any(|f| f.account == who));
		Ok(())
	}

	/// The last of `MaxFeeders` feeders submits; all submissions are fresh, so the median is
	/// taken over `MaxFeeders` prices and clamped by every recent bucket (a full list, whose
	/// oldest bucket drops out as the new one is added).
	#[benchmark]
	fn submit_price() -> Result<(), BenchmarkError> {
		let max = T::MaxFeeders::get();
		// Buckets of one block: the recent prices are those of blocks 5 to 9.
		let now: BlockNumberFor<T> = (2 * STEP_BUCKETS + 2).into();
		frame_system::Pallet::<T>::set_block_number(now);
		let accounts = feeders::<T>(max, now);
		let caller = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
		// The caller's previous submission is from the block before.
		Feeders::<T>::mutate(|list| {
			if let Some(f) = list.last_mut() {
				f.last = Some(Submission { price: FixedU128::from_u32(3), at: 1u32.into() });
			}
		});
		let one = FixedU128::from_u32(1);
		LastPrice::<T>::put(RecordedPrice {
			price: one,
			median: one,
			at: 1u32.into(),
			fresh_feeders: max,
		});
		let mut params = Parameters::<T>::get();
		params.max_price_step = Perbill::from_percent(10);
		params.step_period = STEP_BUCKETS.into();
		Parameters::<T>::put(params);
		let buckets = (STEP_BUCKETS + 1..=2 * STEP_BUCKETS + 1)
			.map(|i| PriceBucket { index: i.into(), low: one, high: one })
			.collect::<Vec<_>>();
		RecentPrices::<T>::put(
			RecentPricesOf::<T>::try_from(buckets).map_err(|_| BenchmarkError::Weightless)?,
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), FixedU128::from_u32(1_000));

		let last = LastPrice::<T>::get().ok_or(BenchmarkError::Weightless)?;
		assert_eq!(last.at, now);
		assert_eq!(last.fresh_feeders, max);
		assert_eq!(RecentPrices::<T>::get().len() as u32, STEP_BUCKETS + 1);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
