//! Weights of the stock pallets measured on this runtime by `scripts/benchmark.sh <pallet>`
//! (each file's header has the command and machine). A stock pallet not listed here still uses
//! its upstream `SubstrateWeight`.

pub mod frame_system_extensions;
pub mod pallet_election_provider_multi_phase;
pub mod pallet_transaction_payment;
