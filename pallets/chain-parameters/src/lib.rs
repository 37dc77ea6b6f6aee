//! # Chain parameters
//!
//! The one way to change a governable number of any MetaChain pallet: one call
//! ([`Pallet::set_parameter`]), one event ([`Event::Updated`]), one runtime API listing every
//! value in force (`ParametersApi::parameters`).
//!
//! - Each pallet keeps its rules whole in its own `Parameters` storage value, set at genesis
//!   (declared with `metachain_primitives::parameter_set!`), and owns their checks: the bounds
//!   of each field and the consistency of the fields together, and what a change implies.
//! - The runtime's [`Config::RuntimeParameter`] (made by
//!   `metachain_primitives::runtime_parameters!`) has one variant per pallet, carrying one of
//!   that pallet's parameters with its new value.
//! - [`Pallet::set_parameter`] checks the origin for the parameter's
//!   [`ParameterKind`] ([`Config::AdminOrigin`]), asks the owning pallet to take the value, and
//!   emits the value before and after.
//!
//! This pallet stores nothing itself. It has the shape of polkadot-sdk's `pallet-parameters`
//! (one aggregated key-value call, the origin checked per key); see the README for why it does
//! not use that pallet.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use metachain_primitives::parameters::{AggregatedParameter, ParameterKind};
pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::EnsureOriginWithArg};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Every governable parameter of the runtime's pallets, with a value (made by
		/// `metachain_primitives::runtime_parameters!`).
		type RuntimeParameter: AggregatedParameter
			+ Parameter
			+ DecodeWithMemTracking
			+ MaxEncodedLen;

		/// Who may change a parameter of each kind.
		type AdminOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, ParameterKind>;

		/// Weights of this pallet's call.
		type WeightInfo: WeightInfo;

		/// The most expensive parameter change of the runtime, for the benchmark.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: Get<Self::RuntimeParameter>;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A parameter changed.
		Updated {
			/// The parameter with the value it had.
			old: T::RuntimeParameter,
			/// The parameter with the value it has now.
			new: T::RuntimeParameter,
		},
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Change one parameter of one pallet.
		///
		/// The origin must be [`Config::AdminOrigin`] for the parameter's kind: technical,
		/// economic or governance. The pallet that owns the parameter checks the new value (its
		/// bounds, and its consistency with the pallet's other parameters) and fails with its
		/// own error, changing nothing, if it is not valid. Emits [`Event::Updated`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_parameter(
			origin: OriginFor<T>,
			parameter: T::RuntimeParameter,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin, &parameter.kind())?;
			let old = parameter.current();
			parameter.clone().set()?;
			Self::deposit_event(Event::Updated { old, new: parameter });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Every parameter of every pallet with the value in force (the `ParametersApi`).
	pub fn parameters() -> Vec<T::RuntimeParameter> {
		T::RuntimeParameter::all()
	}
}
