//! MUSD service receipts: the buyer signs how much service it has received so far on an order;
//! the provider (a device) redeems the latest one it holds. The signed bytes are exactly what
//! `pallet-musd` verifies (`receipt_payload`): the SCALE encoding of
//! `("mc/musd-receipt:", genesis_hash, order: u64, provider: AccountId32, cumulative: u128)`.
//! The JSON form is the one `tests/e2e/lib/receipt.mjs` prints, so wallets and agents can hand
//! receipts to each other.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sp_core::crypto::AccountId32;
use subxt_signer::sr25519::Keypair;

/// The domain tag of MUSD receipts (`pallet_musd::RECEIPT_CONTEXT`).
pub const RECEIPT_CONTEXT: [u8; 16] = *b"mc/musd-receipt:";

/// A receipt: `provider` has delivered `cumulative` MUSD units (6 decimals) of `order`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Receipt {
	pub order: u64,
	/// The provider's address.
	pub provider: String,
	/// Cumulative MUSD units, as a decimal string (JSON numbers lose precision above 2^53).
	pub cumulative: String,
}

/// The buyer's signature of a receipt.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ReceiptSignature {
	/// The sr25519 signature, `0x` and 64 bytes of hex.
	#[serde(rename = "Sr25519")]
	pub sr25519: String,
}

/// A signed receipt, as the buyer hands it to the provider.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SignedReceipt {
	pub receipt: Receipt,
	pub signature: ReceiptSignature,
}

/// The bytes a buyer signs.
pub fn payload(
	genesis: &[u8; 32],
	order: u64,
	provider: &AccountId32,
	cumulative: u128,
) -> Vec<u8> {
	let mut out = Vec::with_capacity(16 + 32 + 8 + 32 + 16);
	out.extend_from_slice(&RECEIPT_CONTEXT);
	out.extend_from_slice(genesis);
	out.extend_from_slice(&order.to_le_bytes());
	out.extend_from_slice(provider.as_ref());
	out.extend_from_slice(&cumulative.to_le_bytes());
	out
}

/// Sign a receipt as `buyer`.
pub fn sign(
	buyer: &Keypair,
	genesis: &[u8; 32],
	order: u64,
	provider: &AccountId32,
	cumulative: u128,
) -> SignedReceipt {
	let signature = buyer.sign(&payload(genesis, order, provider, cumulative));
	SignedReceipt {
		receipt: Receipt {
			order,
			provider: crate::keys::address(provider),
			cumulative: cumulative.to_string(),
		},
		signature: ReceiptSignature { sr25519: format!("0x{}", hex::encode(signature.0)) },
	}
}

/// The parts of a signed receipt: order, provider, cumulative units, signature bytes.
pub fn parse(signed: &SignedReceipt) -> Result<(u64, AccountId32, u128, [u8; 64])> {
	let provider = crate::keys::parse_account(&signed.receipt.provider)?;
	let cumulative: u128 =
		signed.receipt.cumulative.parse().context("the receipt's cumulative is not a number")?;
	let hex_sig = signed.signature.sr25519.strip_prefix("0x").unwrap_or(&signed.signature.sr25519);
	let bytes = hex::decode(hex_sig).context("the receipt's signature is not hex")?;
	let Ok(signature) = <[u8; 64]>::try_from(bytes) else {
		bail!("the receipt's signature is not 64 bytes");
	};
	Ok((signed.receipt.order, provider, cumulative, signature))
}

/// A 32-byte hash from `0x` hex.
pub fn parse_hash(s: &str) -> Result<[u8; 32]> {
	let bytes = hex::decode(s.strip_prefix("0x").unwrap_or(s)).context("not hex")?;
	<[u8; 32]>::try_from(bytes).map_err(|_| anyhow::anyhow!("not 32 bytes"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::DeviceKey;

	#[test]
	fn the_payload_is_the_pallets_layout() {
		let provider = AccountId32::new([7u8; 32]);
		let p = payload(&[1u8; 32], 258, &provider, 2_000_000);
		assert_eq!(p.len(), 104);
		assert_eq!(&p[..16], b"mc/musd-receipt:");
		assert_eq!(&p[16..48], &[1u8; 32]);
		assert_eq!(&p[48..56], &[2, 1, 0, 0, 0, 0, 0, 0], "order, u64 little-endian");
		assert_eq!(&p[56..88], &[7u8; 32]);
		assert_eq!(&p[88..], &2_000_000u128.to_le_bytes());
	}

	#[test]
	fn a_signed_receipt_verifies_and_round_trips_through_json() {
		let buyer = DeviceKey::from_secret("//Eve").unwrap();
		let provider = DeviceKey::from_secret("//Ferdie").unwrap().account;
		let genesis = [9u8; 32];
		let signed = sign(&buyer.pair, &genesis, 3, &provider, 5_000_000);
		let json = serde_json::to_string(&signed).unwrap();
		assert!(json.contains("\"Sr25519\""), "the signature is a MultiSignature's JSON: {json}");
		let back: SignedReceipt = serde_json::from_str(&json).unwrap();
		let (order, who, cumulative, sig) = parse(&back).unwrap();
		assert_eq!((order, &who, cumulative), (3, &provider, 5_000_000));
		let public = subxt_signer::sr25519::PublicKey(*buyer.account.as_ref());
		let signature = subxt_signer::sr25519::Signature(sig);
		assert!(subxt_signer::sr25519::verify(
			&signature,
			payload(&genesis, 3, &provider, 5_000_000),
			&public
		));
		assert!(!subxt_signer::sr25519::verify(
			&signature,
			payload(&genesis, 3, &provider, 6_000_000),
			&public
		));
	}
}
