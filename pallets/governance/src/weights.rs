// This file is part of MetaChain.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_governance`: placeholder until `scripts/benchmark.sh pallet_governance`
//! writes the measured ones.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_governance`.
pub trait WeightInfo {
	fn submit(l: u32, ) -> Weight;
	fn vote() -> Weight;
	fn remove_vote() -> Weight;
	fn cancel() -> Weight;
	fn fast_track() -> Weight;
	fn approve_upgrade() -> Weight;
	fn set_parameters() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn conclude_approved() -> Weight;
	fn conclude_rejected() -> Weight;
	fn count_stakers(n: u32, ) -> Weight;
	fn staking_admin() -> Weight;
}

/// Weights for `pallet_governance`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn submit(l: u32, ) -> Weight { Weight::from_parts(100_000_000 + 2_000 * l as u64, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn vote() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn remove_vote() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn cancel() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn fast_track() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn approve_upgrade() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn set_parameters() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn conclude_approved() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn conclude_rejected() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn count_stakers(n: u32, ) -> Weight { Weight::from_parts(100_000_000 + 1_000_000 * n as u64, 10_000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn staking_admin() -> Weight { Weight::from_parts(100_000_000, 10_000) }
}

impl WeightInfo for () {
	fn submit(l: u32, ) -> Weight { SubstrateWeight::<()>::submit_unit(l) }
	fn vote() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn remove_vote() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn cancel() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn fast_track() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn approve_upgrade() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn set_parameters() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn conclude_approved() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn conclude_rejected() -> Weight { Weight::from_parts(100_000_000, 10_000) }
	fn count_stakers(n: u32, ) -> Weight { Weight::from_parts(100_000_000 + 1_000_000 * n as u64, 10_000) }
	fn staking_admin() -> Weight { Weight::from_parts(100_000_000, 10_000) }
}

impl SubstrateWeight<()> {
	fn submit_unit(l: u32) -> Weight { Weight::from_parts(100_000_000 + 2_000 * l as u64, 10_000) }
}
