//! Benchmarks (v2) of a session turn, each kind at the runtime's maxima (set up by
//! [`Config::BenchmarkHelper`]), and of a block without one.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;

/// Sets up a turn of `kind` at the maxima; returns the session index before it.
fn prepared<T: Config>(kind: TurnKind) -> Result<u32, BenchmarkError> {
	T::BenchmarkHelper::prepare(kind).map_err(BenchmarkError::Stop)?;
	if T::SessionTurn::upcoming() != kind {
		return Err(BenchmarkError::Stop("the state makes a turn of another kind"));
	}
	Ok(pallet_session::CurrentIndex::<T>::get())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A block that turns no session: BABE's epoch check.
	#[benchmark]
	fn no_turn() {
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}
	}

	#[benchmark]
	fn turn_plain() -> Result<(), BenchmarkError> {
		let before = prepared::<T>(TurnKind::Plain)?;
		#[block]
		{
			Pallet::<T>::turn();
		}
		assert_eq!(pallet_session::CurrentIndex::<T>::get(), before + 1);
		Ok(())
	}

	#[benchmark]
	fn turn_planning_era() -> Result<(), BenchmarkError> {
		let before = prepared::<T>(TurnKind::PlansEra)?;
		#[block]
		{
			Pallet::<T>::turn();
		}
		assert_eq!(pallet_session::CurrentIndex::<T>::get(), before + 1);
		Ok(())
	}

	#[benchmark]
	fn turn_starting_era() -> Result<(), BenchmarkError> {
		let before = prepared::<T>(TurnKind::StartsEra)?;
		#[block]
		{
			Pallet::<T>::turn();
		}
		assert_eq!(pallet_session::CurrentIndex::<T>::get(), before + 1);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
