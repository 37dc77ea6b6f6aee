//! Benchmarks of workload settlement, each at its worst case.

use super::*;
use crate::Pallet as Workload;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as _, Hooks},
	BoundedVec,
};
use frame_system::RawOrigin;

/// Give the incentive pool a thousand daily budgets (paid in through the pool's own door) and
/// open the pot, as genesis does.
fn fund_pool<T: Config>() {
	let funds = Parameters::<T>::get()
		.daily_workload_reward
		.saturating_mul(1_000u32.into())
		.saturating_add(T::Currency::minimum_balance());
	let funder: T::AccountId = account("funder", 0, 0);
	T::Currency::set_balance(&funder, funds.saturating_add(T::Currency::minimum_balance()));
	T::IncentivePool::receive(&funder, funds).expect("the funder holds the funds");
	T::IncentivePool::open_pot(&Workload::<T>::pot_account());
}

/// Record work by `providers` providers on `day` (a day that is open), each 1 MUSD whose
/// minting cost a whole daily budget: the budget is then capped by `DailyWorkloadReward` and the
/// pool's spare emission, not by the cost.
fn open_day<T: Config>(day: DayIndex, providers: u32) -> Vec<T::AccountId> {
	let mut who = Vec::new();
	let cost = Parameters::<T>::get().daily_workload_reward;
	for i in 0..providers {
		let p: T::AccountId = account("provider", i, 0);
		Certificates::<T>::insert(day, &p, MUSD);
		WorkCost::<T>::insert(day, &p, cost);
		who.push(p);
	}
	Days::<T>::insert(
		day,
		DayRecord {
			certificates: MUSD.saturating_mul(providers as u128),
			providers,
			cost: cost.saturating_mul(providers.into()),
			..DayRecord::open()
		},
	);
	OpenDay::<T>::put(day);
	who
}

/// Make `day` the current day.
fn go_to_day<T: Config>(day: DayIndex) {
	let length = Parameters::<T>::get().settlement_period;
	let block = length.saturating_mul(day.into());
	frame_system::Pallet::<T>::set_block_number(block);
	assert_eq!(Workload::<T>::current_day(), day);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A block with nothing to settle or expire.
	#[benchmark]
	fn on_initialize_idle() {
		go_to_day::<T>(1);
		#[block]
		{
			Workload::<T>::on_initialize(frame_system::Pallet::<T>::block_number());
		}
	}

	/// A day with work ends: its budget moves from the pool to the pot.
	#[benchmark]
	fn settle_day() {
		fund_pool::<T>();
		open_day::<T>(0, 10);
		go_to_day::<T>(1);
		#[block]
		{
			Workload::<T>::settle(0);
		}
		assert_eq!(Days::<T>::get(0).map(|d| d.state), Some(DayState::Settled));
	}

	/// A settled day expires: what is unclaimed goes back to the pool.
	#[benchmark]
	fn expire_day() {
		fund_pool::<T>();
		open_day::<T>(0, 10);
		Workload::<T>::settle(0);
		#[block]
		{
			Workload::<T>::expire(0);
		}
		assert_eq!(Expiring::<T>::get(), Some(0));
	}

	/// `c` certificates of an expired day are removed.
	#[benchmark]
	fn remove_certificates(c: Linear<0, { T::ExpiryPageSize::get() }>) {
		fund_pool::<T>();
		open_day::<T>(0, c);
		Workload::<T>::settle(0);
		Workload::<T>::expire(0);
		#[block]
		{
			Workload::<T>::remove_page(0);
		}
		assert_eq!(Certificates::<T>::iter_prefix(0).count(), 0);
		assert_eq!(WorkCost::<T>::iter_prefix(0).count(), 0);
	}

	/// A provider's first work of the day (the credit award and a late settlement are weighed
	/// separately).
	#[benchmark]
	fn record_work() {
		let mut params = Parameters::<T>::get();
		params.credit_per_musd = 0;
		Parameters::<T>::put(params);
		open_day::<T>(0, 10);
		let provider: T::AccountId = account("new provider", 0, 0);
		#[block]
		{
			Workload::<T>::record_work(&provider, MUSD, T::CreditPrice::get());
		}
		assert_eq!(Certificates::<T>::get(0, &provider), MUSD);
		assert_eq!(WorkCost::<T>::get(0, &provider), T::CreditPrice::get());
	}

	/// A claim of `d` settled days.
	#[benchmark]
	fn claim(d: Linear<1, { T::MaxClaimDays::get() }>) {
		fund_pool::<T>();
		let provider: T::AccountId = account("provider", 0, 0);
		T::Currency::set_balance(&provider, T::Currency::minimum_balance());
		for day in 0..d {
			open_day::<T>(day, 2);
			Workload::<T>::settle(day);
		}
		go_to_day::<T>(d);
		let days: BoundedVec<DayIndex, T::MaxClaimDays> =
			(0..d).collect::<Vec<_>>().try_into().expect("within the bound");
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), provider.clone(), days);

		assert_eq!(Certificates::<T>::get(0, &provider), 0);
	}

	impl_benchmark_test_suite!(Workload, crate::mock::new_test_ext(), crate::mock::Test);
}
