// This file is part of MetaChain.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_anchoring`: placeholder until `scripts/benchmark.sh pallet_anchoring`
//! writes the measured ones.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_anchoring`.
pub trait WeightInfo {
	fn attest() -> Weight;
	fn set_relayers(r: u32, ) -> Weight;
	fn set_targets(t: u32, ) -> Weight;
	fn set_checkpoint_interval() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_checkpoint(n: u32, ) -> Weight;
}

/// Weights for `pallet_anchoring`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn attest() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(6, 3)) }
	fn set_relayers(r: u32, ) -> Weight { Weight::from_parts(20_000_000 + 100_000 * r as u64, 2_000).saturating_add(T::DbWeight::get().writes(2)) }
	fn set_targets(t: u32, ) -> Weight { Weight::from_parts(20_000_000 + 100_000 * t as u64, 2_000).saturating_add(T::DbWeight::get().writes(1)) }
	fn set_checkpoint_interval() -> Weight { Weight::from_parts(20_000_000, 0).saturating_add(T::DbWeight::get().writes(1)) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(5_000_000, 1_500).saturating_add(T::DbWeight::get().reads(2)) }
	fn on_initialize_checkpoint(n: u32, ) -> Weight { Weight::from_parts(50_000_000 + 30_000 * n as u64, 3_000 + 2_500 * n as u64).saturating_add(T::DbWeight::get().reads_writes(4 + n as u64, 4)) }
}

impl WeightInfo for () {
	fn attest() -> Weight { Weight::from_parts(50_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(6, 3)) }
	fn set_relayers(r: u32, ) -> Weight { Weight::from_parts(20_000_000 + 100_000 * r as u64, 2_000).saturating_add(ParityDbWeight::get().writes(2)) }
	fn set_targets(t: u32, ) -> Weight { Weight::from_parts(20_000_000 + 100_000 * t as u64, 2_000).saturating_add(ParityDbWeight::get().writes(1)) }
	fn set_checkpoint_interval() -> Weight { Weight::from_parts(20_000_000, 0).saturating_add(ParityDbWeight::get().writes(1)) }
	fn on_initialize_idle() -> Weight { Weight::from_parts(5_000_000, 1_500).saturating_add(ParityDbWeight::get().reads(2)) }
	fn on_initialize_checkpoint(n: u32, ) -> Weight { Weight::from_parts(50_000_000 + 30_000 * n as u64, 3_000 + 2_500 * n as u64).saturating_add(ParityDbWeight::get().reads_writes(4 + n as u64, 4)) }
}
