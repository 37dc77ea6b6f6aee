//! The `ParametersApi` runtime API: every governable number of every pallet, with the value in
//! force, as one list (Polkadot.js Apps: Developer → Runtime calls → parametersApi).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Every governable parameter in force.
	pub trait ParametersApi<RuntimeParameter: codec::Codec> {
		/// Every parameter of every pallet with the value in force, pallet by pallet, each
		/// pallet's in the order its rules declare them. Each entry is what
		/// `parameters.setParameter` takes to set it.
		fn parameters() -> Vec<RuntimeParameter>;
	}
}
