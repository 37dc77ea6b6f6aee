//! The node's RPC methods beyond those of `sc-service` (chain, state, author, system, ...):
//! account nonces (`system_accountNextIndex`), fee estimation (`payment_*`), BABE
//! (`babe_epochAuthorship`) and GRANDPA (`grandpa_roundState`, `grandpa_proveFinality`,
//! `grandpa_subscribeJustifications`).
//!
//! MetaChain's own queries are runtime APIs (`state_call`, `api.call.*` in @polkadot/api), not
//! custom RPC methods.

#![warn(missing_docs)]

use std::sync::Arc;

use jsonrpsee::RpcModule;
use metachain_runtime::{opaque::Block, AccountId, Balance, Nonce};
use sc_consensus_babe::BabeWorkerHandle;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_consensus::SelectChain;
use sp_consensus_babe::BabeApi;
use sp_keystore::KeystorePtr;

/// What the BABE RPC needs.
pub struct BabeDeps<SC> {
	/// The BABE worker, which answers epoch queries.
	pub babe_worker_handle: BabeWorkerHandle<Block>,
	/// The keystore, to tell which slots this node may author.
	pub keystore: KeystorePtr,
	/// The fork choice.
	pub select_chain: SC,
}

/// What the GRANDPA RPC needs.
pub struct GrandpaDeps<B> {
	/// The voter's state.
	pub shared_voter_state: SharedVoterState,
	/// The current authority set.
	pub shared_authority_set:
		SharedAuthoritySet<metachain_runtime::Hash, metachain_runtime::BlockNumber>,
	/// Justifications as they are imported.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Executor for subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Finality proofs.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// Full client dependencies.
pub struct FullDeps<C, P, SC, B> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
	/// BABE.
	pub babe: BabeDeps<SC>,
	/// GRANDPA.
	pub grandpa: GrandpaDeps<B>,
}

/// Instantiate all full RPC extensions.
pub fn create_full<C, P, SC, B>(
	deps: FullDeps<C, P, SC, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BabeApi<Block>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
	SC: SelectChain<Block> + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, babe, grandpa } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Babe::new(client, babe.babe_worker_handle, babe.keystore, babe.select_chain).into_rpc(),
	)?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(module)
}
