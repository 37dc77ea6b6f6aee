//! `CheckMetadataHash` (RFC-0078) in the runtime's transactions, natively.
//!
//! The metadata hash is compiled into the Wasm runtime only (the Wasm builder sets
//! `RUNTIME_METADATA_HASH` for its second build, `runtime/build.rs`); the native runtime these
//! tests run has none. Here: the extension sits where clients expect it; a transaction in mode
//! 0 (no hash: what @polkadot/api, subxt and the project's Rust clients sign by default) applies;
//! one in mode 1 cannot be checked without the hash (`CannotLookup`), and the hash a signer
//! committed to never travels in the transaction. That mode 1 with the Wasm's own hash lands on
//! the real chain and another hash is a bad signature is checked end to end
//! (`tests/e2e/clients.test.mjs`).

mod common;

use codec::{Decode, Encode};
use common::*;
use metachain_runtime::{Executive, RuntimeCall, TxExtension, UncheckedExtrinsic};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	generic::Era,
	traits::TransactionExtension,
	transaction_validity::{TransactionValidityError, UnknownTransaction},
};

fn transfer() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Ferdie.to_account_id().into(),
		value: metachain_runtime::currency::MC,
	})
}

/// `who`'s immortal transfer committing to `metadata_hash` (mode 1), as an offline signer signs.
fn signed_with_hash(who: Sr25519Keyring, metadata_hash: [u8; 32]) -> UncheckedExtrinsic {
	let tx_ext = metachain_runtime::tx_extension_with_metadata_hash(
		Era::Immortal,
		nonce(&who),
		0,
		metadata_hash,
	);
	signed_with(who, transfer(), tx_ext)
}

/// The transaction as the pool and blocks see it: decoded from its bytes (the hash a signer
/// committed to is not in them, only the mode).
fn as_sent(xt: &UncheckedExtrinsic) -> UncheckedExtrinsic {
	UncheckedExtrinsic::decode(&mut &xt.encode()[..]).expect("a transaction decodes")
}

#[test]
fn transactions_carry_check_metadata_hash_before_weight_reclaim() {
	let ids: Vec<&str> = <TxExtension as TransactionExtension<RuntimeCall>>::metadata()
		.into_iter()
		.map(|m| m.identifier)
		.collect();
	assert_eq!(
		ids,
		[
			"CheckNonZeroSender",
			"CheckSpecVersion",
			"CheckTxVersion",
			"CheckGenesis",
			"CheckMortality",
			"CheckNonce",
			"CheckWeight",
			"CheckHeartbeat",
			"ChargeTransactionPayment",
			"CheckMetadataHash",
			"WeightReclaim",
		]
	);
}

#[test]
fn mode_zero_applies_and_mode_one_needs_the_hash_of_the_wasm() {
	dev_ext().execute_with(|| {
		run_to_block(2);
		begin_block();
		let plain = signed(Bob, transfer(), 0);
		let hashed = signed_with_hash(Bob, [7; 32]);
		// The mode is one byte in both; the hash itself is never sent.
		assert_eq!(plain.encoded_size(), hashed.encoded_size());
		assert_eq!(Executive::apply_extrinsic(as_sent(&plain)), Ok(Ok(())));
		// Mode 1: the runtime commits to the hash built into it, which a native build has not.
		let hashed = signed_with_hash(Bob, [7; 32]);
		assert_eq!(
			Executive::apply_extrinsic(as_sent(&hashed)),
			Err(TransactionValidityError::Unknown(UnknownTransaction::CannotLookup))
		);
		end_block();
	});
}
