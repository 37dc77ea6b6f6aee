//! Weights of the stock pallets measured on this runtime by `scripts/benchmark.sh <pallet>`
//! (each file's header has the command and machine). A stock pallet not listed here still uses
//! its upstream `SubstrateWeight`.
//!
//! The chain's base weights (`scripts/benchmark.sh --overhead`, `--storage`): an empty block's
//! execution ([`block_weights`]), a no-op extrinsic's ([`extrinsic_weights`]), and a database
//! read and write on ParityDB holding a million devices ([`paritydb_weights`]).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_election_provider_multi_phase;
pub mod pallet_transaction_payment;
pub mod paritydb_weights;
