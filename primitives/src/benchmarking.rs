//! Keys for benchmarks that need signatures of devices or buyers (heartbeats, receipts).

use sp_core::crypto::KeyTypeId;

/// The key type of the benchmarks' device keys.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"mcdv");

/// Creates device keys and signs for them, in benchmarks.
pub trait DeviceKeys<AccountId, Signature> {
	/// The account of a new device key, the `i`-th.
	fn device(i: u32) -> AccountId;
	/// `device`'s signature of `message`.
	fn sign(device: &AccountId, message: &[u8]) -> Signature;
}

/// Device keys for the benchmarks of a runtime with `AccountId32` and `MultiSignature`: sr25519
/// keys created in the benchmark's keystore.
pub struct Sr25519Keys;
impl DeviceKeys<sp_runtime::AccountId32, sp_runtime::MultiSignature> for Sr25519Keys {
	fn device(i: u32) -> sp_runtime::AccountId32 {
		let seed = alloc::format!("//device/{i}").into_bytes();
		sp_io::crypto::sr25519_generate(KEY_TYPE, Some(seed)).into()
	}

	fn sign(device: &sp_runtime::AccountId32, message: &[u8]) -> sp_runtime::MultiSignature {
		let raw: [u8; 32] = device.clone().into();
		let public = sp_core::sr25519::Public::from_raw(raw);
		// A key this helper generated is in the keystore; without one the signature is empty
		// and the benchmark that asked fails on it.
		sp_io::crypto::sr25519_sign(KEY_TYPE, &public, message)
			.map(Into::into)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]).into())
	}
}
