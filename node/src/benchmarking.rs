//! Extrinsic builders for `metachain-node benchmark extrinsic` and `benchmark overhead`:
//! signed `system.remark` and `balances.transfer_keep_alive` transactions from a dev account.

use crate::service::FullClient;

use metachain_runtime as runtime;
use runtime::{AccountId, Balance, BalancesCall, SystemCall};
use sc_cli::Result;
use sc_client_api::BlockBackend;
use sp_core::Pair;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{OpaqueExtrinsic, SaturatedConversion};

use std::{sync::Arc, time::Duration};

/// Builds `system.remark` extrinsics.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder that signs with Alice's key.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let acc = Sr25519Keyring::Bob.pair();
		let extrinsic: OpaqueExtrinsic = create_benchmark_extrinsic(
			self.client.as_ref(),
			acc,
			SystemCall::remark { remark: vec![] }.into(),
			nonce,
		)?
		.into();

		Ok(extrinsic)
	}
}

/// Builds `balances.transfer_keep_alive` extrinsics.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder that sends `value` to `dest` from Bob.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let acc = Sr25519Keyring::Bob.pair();
		let extrinsic: OpaqueExtrinsic = create_benchmark_extrinsic(
			self.client.as_ref(),
			acc,
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into(),
			nonce,
		)?
		.into();

		Ok(extrinsic)
	}
}

/// A signed extrinsic of `call` from `sender` with the given nonce, valid on the client's
/// best chain.
pub fn create_benchmark_extrinsic(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> std::result::Result<runtime::UncheckedExtrinsic, &'static str> {
	let genesis_hash = client.block_hash(0).ok().flatten().ok_or("the genesis block is missing")?;
	let best_hash = client.chain_info().best_hash;
	let best_block = client.chain_info().best_number;

	let period = runtime::configs::BlockHashCount::get()
		.checked_next_power_of_two()
		.map(|c| c / 2)
		.unwrap_or(2) as u64;
	let era = sp_runtime::generic::Era::mortal(period, best_block.saturated_into());
	Ok(runtime::signed_transaction(
		call,
		sender.public().into(),
		runtime::tx_extension(era, nonce, 0),
		runtime::SigningContext {
			spec_version: runtime::VERSION.spec_version,
			transaction_version: runtime::VERSION.transaction_version,
			genesis_hash,
			era_start: best_hash,
		},
		|payload| runtime::Signature::Sr25519(sender.sign(payload)),
	))
}

/// Inherent data for benchmark blocks: the timestamp (BABE's slot comes from the digest).
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let d = Duration::from_millis(0);
	let timestamp = sp_timestamp::InherentDataProvider::new(d.into());

	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
