//! Benchmark of the one parameter call, at the runtime's most expensive change
//! ([`Config::BenchmarkHelper`]).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOriginWithArg, Get};

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The runtime's most expensive parameter change (the owning pallet reads its rules, checks
	/// them, writes them and does what the change implies).
	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let parameter = T::BenchmarkHelper::get();
		let origin = T::AdminOrigin::try_successful_origin(&parameter.kind())
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameter.clone());

		assert!(T::RuntimeParameter::all().contains(&parameter));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
