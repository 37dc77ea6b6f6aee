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
	let window = T::RewardWindow::get();
	let one: BalanceOf<T> = ed.max(1u32.into());
	let commitments = (0..window).map(|era| EraCommitment { era, amount: one }).collect();
	Commitments::<T>::put(BoundedVec::truncate_from(commitments));
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

	/// An era leaves the claim window: read what each of `v` validators claimed of it, return
	/// its unpaid rest to the pool.
	#[benchmark]
	fn expire_era(v: Linear<0, { T::StakingRewards::max_validators() }>) {
		setup_full_window::<T>();
		let ed = T::Currency::minimum_balance().max(1u32.into());
		// The oldest era reserved a hundred units; its validators claimed one.
		let mut c = Commitments::<T>::get();
		c[0].amount = ed.saturating_mul(100u32.into());
		Commitments::<T>::put(c);
		T::StakingRewards::set_up_paid_era(0, v, ed);
		let before = Pallet::<T>::pool_balance();

		#[block]
		{
			if let Some(expiring) = Pallet::<T>::unpaid_before_expiry(0) {
				Pallet::<T>::return_expired_era(expiring);
			}
		}

		assert!(Pallet::<T>::pool_balance() > before);
		assert!(Commitments::<T>::get().iter().all(|c| c.era > 0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
