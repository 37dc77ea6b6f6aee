//! Benchmarks of the incentive pool.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{traits::fungible::Mutate, BoundedVec};
use sp_runtime::traits::Bounded;

/// Fund the pool and the pot, and fill the claim window, so the era change does all its work:
/// a full window (an element expires) and a surplus to return.
fn setup_full_window<T: Config>() {
	let ed = T::Currency::minimum_balance();
	let big = BalanceOf::<T>::max_value() / 4u32.into();
	let _ = T::Currency::set_balance(&Pallet::<T>::account_id(), big);
	let _ = T::Currency::set_balance(&Pallet::<T>::pot_account(), big);
	let window = T::RewardWindow::get() as usize;
	let one: BalanceOf<T> = ed.max(1u32.into());
	Commitments::<T>::put(BoundedVec::truncate_from(alloc::vec![one; window]));
	Parameters::<T>::put(PoolParams { annual_emission: T::MaxAnnualEmission::get() });
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The era change: reserve from the pool, rotate a full claim window, return a surplus.
	#[benchmark]
	fn reserve_era_reward() {
		setup_full_window::<T>();
		let before = Pallet::<T>::pool_balance();

		#[block]
		{
			let _ = Pallet::<T>::reserve_era_reward(MILLIS_PER_YEAR / 365);
		}

		// The surplus in the pot came back, so the pool grew despite paying the era.
		assert!(Pallet::<T>::pool_balance() > before);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
