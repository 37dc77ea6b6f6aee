//! # MetaChain primitives
//!
//! The traits and types that more than one MetaChain pallet uses, in one `no_std` crate, the way
//! `sp-staking` serves polkadot-sdk's staking pallets. No project pallet depends on another
//! project pallet's crate: each names what it needs of the others as a trait from here, the
//! runtime plugs the real pallets together, and each pallet's mock stubs the others
//! ([`testing`], feature `testing`). `scripts/check-crate-deps.sh` fails the README test command
//! if a pallet crate ever depends on another.
//!
//! | Module | What | Implemented by | Used by |
//! |--------|------|----------------|---------|
//! | [`credit`] | devices' credit: read it, hear of its changes, award work credit | `pallet-credit` | `pallet-credit-delegation`, `pallet-musd`, `pallet-workload` |
//! | [`pool`] | the incentive pool as the only door to its MC; the era-reward split | `pallet-incentive-pool`, `pallet-credit-delegation` | `pallet-credit`, `pallet-credit-delegation`, `pallet-workload` |
//! | [`digest`] | running digests of reward calculations, kept for TracChain checkpoints | `pallet-anchoring` | `pallet-incentive-pool`, `pallet-credit-delegation`, `pallet-workload` |
//! | [`price`] | the MC/USD price in force | `pallet-price-oracle` | `pallet-musd` |
//! | [`work`] | MUSD and the work providers deliver | `pallet-workload` | `pallet-musd` |
//! | [`parameters`] | every governable number: one call, one event, one storage layout | each pallet's rules, the runtime's `RuntimeParameter` | `pallet-chain-parameters` |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod credit;
pub mod digest;
pub mod migrations;
pub mod parameters;
pub mod pool;
pub mod price;
pub mod work;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(feature = "testing")]
pub mod testing;

/// What the macros of this crate refer to (not part of the API).
#[doc(hidden)]
pub mod __private {
	pub use alloc::{vec, vec::Vec};
	pub use frame_support::{
		dispatch::DispatchResult, migrations::VersionedMigration, storage::StorageValue,
	};
}
