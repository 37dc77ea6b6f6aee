//! The MetaChain node.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error`, upstream's, are large; every node returns them.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod dev_keys;
mod equivocation;
mod launch_kit;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
