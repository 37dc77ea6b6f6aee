//! The MetaChain device side as a library: what the device agent (`metachain-device`) and the
//! heartbeat relay (`metachain-heartbeat-relay`) share.
//!
//! - [`chain`]: a metadata-driven client (subxt, no generated types) with refusals named from
//!   the chain's metadata.
//! - [`keys`]: sr25519 key files and MetaChain addresses.
//! - [`heartbeat`]: the message a device signs to have a relay carry its heartbeat, and the
//!   JSON a device posts to a relay.
//! - [`http`]: a JSON-over-HTTP client (a device talking to its relay).
//! - [`receipt`]: MUSD service receipts.
//! - [`state`]: the agent's state file.

pub mod chain;
pub mod heartbeat;
pub mod http;
pub mod keys;
pub mod receipt;
pub mod state;

/// `amount` (12 decimals) as MC: `1000 MC`, `1.5 MC`.
pub fn mc(amount: u128) -> String {
	let whole = amount / 1_000_000_000_000;
	let frac = amount % 1_000_000_000_000;
	if frac == 0 {
		format!("{whole} MC")
	} else {
		let frac = format!("{frac:012}");
		format!("{whole}.{} MC", frac.trim_end_matches('0'))
	}
}

/// End a command-line program with `result`: print the error and exit with 2 when the chain
/// refused ([`chain::Refused`]), 1 on any other error.
pub fn exit_with(result: anyhow::Result<()>) {
	if let Err(e) = result {
		eprintln!("error: {e:#}");
		std::process::exit(if e.downcast_ref::<chain::Refused>().is_some() { 2 } else { 1 });
	}
}

#[cfg(test)]
mod tests {
	use super::mc;

	#[test]
	fn amounts_print_in_mc() {
		assert_eq!(mc(1_000 * 1_000_000_000_000), "1000 MC");
		assert_eq!(mc(1_500_000_000_000), "1.5 MC");
		assert_eq!(mc(1), "0.000000000001 MC");
	}
}
