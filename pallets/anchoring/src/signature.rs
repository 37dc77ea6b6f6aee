//! The group's signatures as the chain checks them: the message a checkpoint's Ethereum anchor
//! signs (the `TracChainAnchorV2` contract's `anchorMessage`) and BIP340 verification through
//! the host's ECDSA public-key recovery — the `ecrecover` trick the contract uses, at host speed
//! (docs/design/threshold-anchoring.md, section 2).

use sp_core::{H160, H256, U256, U512};

/// The preimage of the contract's `ANCHOR_TAG`.
pub const ANCHOR_TAG_PREIMAGE: &[u8] = b"MetaChain/TracChainAnchor/anchor/v1";

/// The order `n` of secp256k1's group.
const N: [u8; 32] = [
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// The prime `p` of secp256k1's field.
const P: [u8; 32] = [
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f,
];

/// A `u64` as an ABI word (big-endian, left-padded).
fn u64_word(value: u64) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[24..].copy_from_slice(&value.to_be_bytes());
	word
}

/// The message the group signs to anchor `root` as checkpoint `checkpoint` in the contract at
/// `contract` on Ethereum chain `chain_id`, for the MetaChain of genesis hash `genesis`:
/// keccak256(abi.encode(keccak256(ANCHOR_TAG_PREIMAGE), genesis, chain_id, contract,
/// checkpoint, root)) — the contract's `anchorMessage`, and the relayer's
/// `frost::anchor_message`.
pub fn eth_anchor_message(
	genesis: H256,
	chain_id: u64,
	contract: H160,
	checkpoint: u64,
	root: H256,
) -> [u8; 32] {
	let mut data = [0u8; 192];
	data[..32].copy_from_slice(&sp_io::hashing::keccak_256(ANCHOR_TAG_PREIMAGE));
	data[32..64].copy_from_slice(genesis.as_bytes());
	data[64..96].copy_from_slice(&u64_word(chain_id));
	data[108..128].copy_from_slice(contract.as_bytes());
	data[128..160].copy_from_slice(&u64_word(checkpoint));
	data[160..].copy_from_slice(root.as_bytes());
	sp_io::hashing::keccak_256(&data)
}

/// `a · b mod n` for `a, b < 2^256`.
fn mul_mod(a: U256, b: U256, n: U256) -> U256 {
	let product = U512::from(a).saturating_mul(U512::from(b));
	let reduced = product % U512::from(n);
	// Below n < 2^256: the conversion cannot fail.
	U256::try_from(reduced).unwrap_or_default()
}

/// Whether `signature` (BIP340: `x(R) ‖ s`) signs the 32-byte `message` under the x-only key
/// `key_x`.
///
/// BIP340 accepts when `R' = s·G − e·P` (P = lift_x(key_x), even y;
/// e = int(tagged_hash("BIP0340/challenge", x(R) ‖ key_x ‖ message)) mod n) has even y and
/// x(R') = x(R). ECDSA public-key recovery of the signature `(r, s', v)` over `z` gives
/// `r⁻¹(s'·R₀ − z·G)` with R₀ the point of x = r and parity v; with `r = key_x`, `v` even
/// (R₀ = P), `s' = −e·key_x` and `z = −s·key_x` (mod n) it gives exactly `R'`. Differences from
/// BIP340, each with probability about 2⁻¹²⁸ or less for an honest key: `key_x >= n`, `s = 0`
/// and `e·key_x ≡ 0` are refused.
pub fn verify_bip340(key_x: &[u8; 32], message: &[u8; 32], signature: &[u8; 64]) -> bool {
	let n = U256::from_big_endian(&N);
	let p = U256::from_big_endian(&P);
	let px = U256::from_big_endian(key_x);
	let rx = U256::from_big_endian(&signature[..32]);
	let s = U256::from_big_endian(&signature[32..]);
	if px.is_zero() || px >= n || rx >= p || s.is_zero() || s >= n {
		return false;
	}
	let tag = sp_io::hashing::sha2_256(b"BIP0340/challenge");
	let mut preimage = [0u8; 160];
	preimage[..32].copy_from_slice(&tag);
	preimage[32..64].copy_from_slice(&tag);
	preimage[64..96].copy_from_slice(&signature[..32]);
	preimage[96..128].copy_from_slice(key_x);
	preimage[128..].copy_from_slice(message);
	let e = U256::from_big_endian(&sp_io::hashing::sha2_256(&preimage)) % n;
	let e_px = mul_mod(e, px, n);
	let s_px = mul_mod(s, px, n);
	if e_px.is_zero() {
		return false;
	}
	// s·px ≠ 0: both are non-zero and below the prime n.
	let s_ecdsa = n.saturating_sub(e_px);
	let z = n.saturating_sub(s_px);
	let mut ecdsa = [0u8; 65];
	ecdsa[..32].copy_from_slice(key_x);
	ecdsa[32..64].copy_from_slice(&s_ecdsa.to_big_endian());
	ecdsa[64] = 0;
	let Ok(point) = sp_io::crypto::secp256k1_ecdsa_recover(&ecdsa, &z.to_big_endian()) else {
		return false;
	};
	point[..32] == signature[..32] && point[63] & 1 == 0
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A BIP340 test vector made with an independent implementation (@noble/curves' `schnorr`,
	/// secret key 0x42…42, auxiliary randomness 0x07…07): the anchor message of checkpoint 0
	/// (root 0x33…33) for Ethereum chain 7777 and contract 0x22…22 on the MetaChain of genesis
	/// hash 0x11…11, the x-only key and its signature.
	const MESSAGE: [u8; 32] = [
		0x00, 0xec, 0x7a, 0xb9, 0x90, 0x1e, 0xb1, 0x73, 0x44, 0x1e, 0x40, 0xc8, 0x87, 0x3f, 0xad,
		0xaf, 0x04, 0x16, 0x7a, 0x49, 0x5a, 0xbc, 0xbd, 0x72, 0x50, 0x64, 0xd1, 0xc0, 0x1d, 0x0d,
		0x03, 0x18,
	];
	const KEY: [u8; 32] = [
		0x24, 0x65, 0x3e, 0xac, 0x43, 0x44, 0x88, 0x00, 0x2c, 0xc0, 0x6b, 0xbf, 0xb7, 0xf1, 0x0f,
		0xe1, 0x89, 0x91, 0xe3, 0x5f, 0x9f, 0xe4, 0x30, 0x2d, 0xbe, 0xa6, 0xd2, 0x35, 0x3d, 0xc0,
		0xab, 0x1c,
	];
	const SIGNATURE: [u8; 64] = [
		0x93, 0xc5, 0x48, 0x79, 0x99, 0xf0, 0x79, 0x69, 0xe3, 0x57, 0x90, 0x4d, 0x67, 0xfa, 0xd9,
		0x2b, 0x20, 0x72, 0xda, 0x98, 0x07, 0x96, 0x02, 0x36, 0xca, 0x47, 0x1d, 0xc3, 0x15, 0xcc,
		0xd3, 0xed, 0x54, 0x58, 0xb1, 0x76, 0xf3, 0xcb, 0xc1, 0x3c, 0x80, 0x7a, 0x42, 0xe1, 0xfe,
		0x9d, 0xb0, 0xa8, 0xd4, 0xcc, 0x00, 0x2d, 0x58, 0x07, 0xb1, 0xe7, 0x3b, 0xff, 0x95, 0x8c,
		0x20, 0x8c, 0xea, 0x27,
	];

	#[test]
	fn the_anchor_message_is_the_contracts() {
		let message = eth_anchor_message(
			H256::repeat_byte(0x11),
			7777,
			H160::repeat_byte(0x22),
			0,
			H256::repeat_byte(0x33),
		);
		assert_eq!(message, MESSAGE);
		// Every field is bound.
		assert_ne!(
			eth_anchor_message(
				H256::repeat_byte(0x11),
				7778,
				H160::repeat_byte(0x22),
				0,
				H256::repeat_byte(0x33)
			),
			MESSAGE
		);
		assert_ne!(
			eth_anchor_message(
				H256::repeat_byte(0x11),
				7777,
				H160::repeat_byte(0x22),
				1,
				H256::repeat_byte(0x33)
			),
			MESSAGE
		);
	}

	#[test]
	fn an_independent_bip340_signature_verifies_and_any_change_fails() {
		assert!(verify_bip340(&KEY, &MESSAGE, &SIGNATURE));
		let mut message = MESSAGE;
		message[31] ^= 1;
		assert!(!verify_bip340(&KEY, &message, &SIGNATURE));
		for i in [0, 31, 32, 63] {
			let mut signature = SIGNATURE;
			signature[i] ^= 1;
			assert!(!verify_bip340(&KEY, &MESSAGE, &signature), "byte {i} flipped");
		}
		let mut key = KEY;
		key[0] ^= 1;
		assert!(!verify_bip340(&key, &MESSAGE, &SIGNATURE));
		// Out of range: s = 0, s >= n, a key of 0.
		let mut zero_s = SIGNATURE;
		zero_s[32..].fill(0);
		assert!(!verify_bip340(&KEY, &MESSAGE, &zero_s));
		let mut big_s = SIGNATURE;
		big_s[32..].copy_from_slice(&N);
		assert!(!verify_bip340(&KEY, &MESSAGE, &big_s));
		assert!(!verify_bip340(&[0; 32], &MESSAGE, &SIGNATURE));
	}
}
