//! A heartbeat carried by a relay: the message a device signs (the credit pallet's
//! `heartbeat_payload`), and the JSON a device posts to a relay's `POST /v1/heartbeats`.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sp_core::crypto::AccountId32;

/// The context the credit pallet prefixes a heartbeat's message with (`HEARTBEAT_CONTEXT`).
pub const CONTEXT: [u8; 8] = *b"mc/hrtbt";

/// The message a device signs to have `relay` carry its heartbeat for `period`:
/// `SCALE(("mc/hrtbt", genesis_hash, device, period, relay))` (fixed-size fields, so the
/// SCALE encoding is their bytes in order, the period little-endian).
pub fn payload(
	genesis: &[u8; 32],
	device: &AccountId32,
	period: u32,
	relay: &AccountId32,
) -> Vec<u8> {
	let mut out = Vec::with_capacity(8 + 32 + 32 + 4 + 32);
	out.extend_from_slice(&CONTEXT);
	out.extend_from_slice(genesis);
	out.extend_from_slice(device.as_ref());
	out.extend_from_slice(&period.to_le_bytes());
	out.extend_from_slice(relay.as_ref());
	out
}

/// A heartbeat as a device posts it to a relay.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Posted {
	/// The device: an SS58 address or `0x` and 32 bytes of hex.
	pub device: String,
	/// The credit period the heartbeat is for (the current one).
	pub period: u32,
	/// The device's sr25519 signature of [`payload`]: `0x` and 64 bytes of hex.
	pub signature: String,
}

/// A heartbeat parsed and its signature checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
	pub device: AccountId32,
	pub period: u32,
	pub signature: [u8; 64],
}

/// Why a posted heartbeat is not taken before anything else is looked at.
#[derive(Debug, PartialEq, Eq)]
pub enum Malformed {
	/// The device or the signature does not parse.
	Unreadable(String),
	/// The signature is not the device's over [`payload`] for this chain and relay.
	BadSignature,
}

/// Sign `period`'s heartbeat of `pair` for `relay` on the chain of `genesis`.
pub fn sign(
	pair: &subxt_signer::sr25519::Keypair,
	genesis: &[u8; 32],
	period: u32,
	relay: &AccountId32,
) -> Posted {
	let device = AccountId32::new(pair.public_key().0);
	let signature = pair.sign(&payload(genesis, &device, period, relay));
	Posted {
		device: crate::keys::address(&device),
		period,
		signature: format!("0x{}", hex::encode(signature.0)),
	}
}

/// Parse `posted` and check its signature for `relay` on the chain of `genesis`.
pub fn verify(
	posted: &Posted,
	genesis: &[u8; 32],
	relay: &AccountId32,
) -> std::result::Result<Verified, Malformed> {
	use sp_core::{sr25519, Pair};
	let device = crate::keys::parse_account(&posted.device)
		.map_err(|e| Malformed::Unreadable(format!("device: {e:#}")))?;
	let signature = parse_signature(&posted.signature)
		.map_err(|e| Malformed::Unreadable(format!("signature: {e:#}")))?;
	let public = sr25519::Public::from_raw(*device.as_ref());
	let message = payload(genesis, &device, posted.period, relay);
	if !sr25519::Pair::verify(&sr25519::Signature::from_raw(signature), &message, &public) {
		return Err(Malformed::BadSignature);
	}
	Ok(Verified { device, period: posted.period, signature })
}

fn parse_signature(s: &str) -> Result<[u8; 64]> {
	let Some(hex_part) = s.strip_prefix("0x") else { bail!("not 0x-prefixed hex") };
	let bytes = hex::decode(hex_part).context("bad hex")?;
	bytes.try_into().map_err(|_| anyhow::anyhow!("not 64 bytes"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::str::FromStr;

	fn pair(uri: &str) -> subxt_signer::sr25519::Keypair {
		subxt_signer::sr25519::Keypair::from_uri(&subxt_signer::SecretUri::from_str(uri).unwrap())
			.unwrap()
	}

	#[test]
	fn a_signed_heartbeat_verifies_only_for_its_chain_relay_and_period() {
		let device = pair("//Device");
		let relay = AccountId32::new(pair("//Relay").public_key().0);
		let other = AccountId32::new(pair("//Other").public_key().0);
		let genesis = [7u8; 32];
		let posted = sign(&device, &genesis, 3, &relay);
		let ok = verify(&posted, &genesis, &relay).expect("verifies");
		assert_eq!(ok.device, AccountId32::new(device.public_key().0));
		assert_eq!(ok.period, 3);
		assert_eq!(verify(&posted, &[8u8; 32], &relay), Err(Malformed::BadSignature));
		assert_eq!(verify(&posted, &genesis, &other), Err(Malformed::BadSignature));
		let later = Posted { period: 4, ..posted.clone() };
		assert_eq!(verify(&later, &genesis, &relay), Err(Malformed::BadSignature));
		let garbled = Posted { signature: "0x12".into(), ..posted };
		assert!(matches!(verify(&garbled, &genesis, &relay), Err(Malformed::Unreadable(_))));
	}

	#[test]
	fn the_payload_is_the_scale_encoding_the_pallet_signs() {
		// SCALE of ([u8; 8], [u8; 32], AccountId32, u32, AccountId32): the bytes in order.
		let p =
			payload(&[1; 32], &AccountId32::new([2; 32]), 0x0102_0304, &AccountId32::new([3; 32]));
		assert_eq!(&p[..8], b"mc/hrtbt");
		assert_eq!(&p[8..40], &[1; 32]);
		assert_eq!(&p[40..72], &[2; 32]);
		assert_eq!(&p[72..76], &[4, 3, 2, 1]);
		assert_eq!(&p[76..], &[3; 32]);
	}
}
