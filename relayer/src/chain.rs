//! The MetaChain side: the node's JSON-RPC (`state_call` of `AnchoringApi`, storage reads,
//! finalized heads, nonces, `author_submitExtrinsic`) and the relayer's signed transactions
//! (`anchoring.attest`, `bond_relayer`, `heartbeat`, `unbond_relayer`, `withdraw_bond`, the
//! key generation's `dkg_post`, `dkg_confirm`, `dkg_complain`), built with the runtime's own
//! types.

use crate::rpc::Rpc;
use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use metachain_runtime::{
	AccountId, Balance, BlockNumber, Runtime, RuntimeCall, UncheckedExtrinsic,
};
use pallet_anchoring::{
	AnchorTarget, AnchoringState, BlockProof, CheckpointInfo, CheckpointNumber, ExternalRef,
	ParamsOf, RelayerBond,
};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::generic::Era;

/// A checkpoint with its anchoring, as the node answers.
pub type Info = CheckpointInfo<AccountId, BlockNumber>;
/// The anchoring state, as the node answers.
pub type State = AnchoringState<AccountId, BlockNumber>;
/// A block proof, as the node answers.
pub type Proof = BlockProof<BlockNumber>;
/// A relayer's bond, as stored.
pub type Bond = RelayerBond<Balance, BlockNumber>;

/// A MetaChain node.
pub struct Node {
	rpc: Rpc,
}

fn h256(v: &Value) -> Result<H256> {
	let s = v.as_str().ok_or_else(|| anyhow!("not a hash: {v}"))?;
	let bytes = hex::decode(s.trim_start_matches("0x")).context("hash")?;
	if bytes.len() != 32 {
		bail!("not a 32-byte hash: {s}");
	}
	Ok(H256::from_slice(&bytes))
}

impl Node {
	/// The node at `url` (its HTTP RPC, e.g. `http://127.0.0.1:9944`).
	pub fn new(url: &str) -> Result<Self> {
		Ok(Self { rpc: Rpc::new(url, None)? })
	}

	/// The hash of the finalized head.
	pub async fn finalized_head(&self) -> Result<H256> {
		h256(&self.rpc.call("chain_getFinalizedHead", json!([])).await?)
	}

	/// The hash of the best block.
	pub async fn best_head(&self) -> Result<H256> {
		h256(&self.rpc.call("chain_getBlockHash", json!([])).await?)
	}

	/// The key generation in progress at `at` (`Anchoring::Dkg`), if any.
	pub async fn dkg_session(&self, at: H256) -> Result<Option<crate::keygen::Session>> {
		let key = pallet_anchoring::Dkg::<Runtime>::hashed_key();
		match self.storage(&key, at).await? {
			None => Ok(None),
			Some(bytes) => crate::keygen::Session::decode(&mut &bytes[..])
				.map(Some)
				.context("decoding the key generation"),
		}
	}

	/// Member `index`'s post in `round` of key-generation session `session` at `at`
	/// (`Anchoring::DkgPosts`), if it posted.
	pub async fn dkg_post(
		&self,
		session: pallet_anchoring::DkgSessionId,
		round: u8,
		index: u8,
		at: H256,
	) -> Result<Option<Vec<u8>>> {
		let key = pallet_anchoring::DkgPosts::<Runtime>::hashed_key_for(session, (round, index));
		match self.storage(&key, at).await? {
			None => Ok(None),
			Some(bytes) => pallet_anchoring::DkgPayload::decode(&mut &bytes[..])
				.map(|p| Some(p.into_inner()))
				.context("decoding a key-generation post"),
		}
	}

	/// The hash of block `number`, if the node has it.
	pub async fn block_hash(&self, number: BlockNumber) -> Result<Option<H256>> {
		let v = self.rpc.call("chain_getBlockHash", json!([number])).await?;
		if v.is_null() {
			return Ok(None);
		}
		h256(&v).map(Some)
	}

	/// The number of the block with hash `hash`.
	pub async fn block_number_of(&self, hash: H256) -> Result<BlockNumber> {
		let h = self.rpc.call("chain_getHeader", json!([format!("{hash:?}")])).await?;
		let n = h["number"].as_str().ok_or_else(|| anyhow!("the node has no block {hash:?}"))?;
		u32::from_str_radix(n.trim_start_matches("0x"), 16).context("block number")
	}

	/// Calls runtime API `method` with SCALE `args` at block `at`; decodes the answer.
	pub async fn state_call<R: Decode>(&self, method: &str, args: Vec<u8>, at: H256) -> Result<R> {
		let v = self
			.rpc
			.call(
				"state_call",
				json!([method, format!("0x{}", hex::encode(args)), format!("{at:?}")]),
			)
			.await?;
		let bytes = hex::decode(v.as_str().unwrap_or_default().trim_start_matches("0x"))
			.context("state_call answer")?;
		R::decode(&mut &bytes[..]).with_context(|| format!("decoding the answer of {method}"))
	}

	/// `AnchoringApi_state` at `at`.
	pub async fn anchoring_state(&self, at: H256) -> Result<State> {
		self.state_call("AnchoringApi_state", vec![], at).await
	}

	/// `AnchoringApi_checkpoint` at `at`.
	pub async fn checkpoint(&self, number: CheckpointNumber, at: H256) -> Result<Option<Info>> {
		self.state_call("AnchoringApi_checkpoint", number.encode(), at).await
	}

	/// `AnchoringApi_checkpoint_of_block` at `at`.
	pub async fn checkpoint_of_block(
		&self,
		block: BlockNumber,
		at: H256,
	) -> Result<Option<CheckpointNumber>> {
		self.state_call("AnchoringApi_checkpoint_of_block", block.encode(), at).await
	}

	/// `AnchoringApi_block_proof` at `at`.
	pub async fn block_proof(&self, block: BlockNumber, at: H256) -> Result<Option<Proof>> {
		self.state_call("AnchoringApi_block_proof", block.encode(), at).await
	}

	/// The SCALE bytes stored under `key` at `at`, if any.
	pub async fn storage(&self, key: &[u8], at: H256) -> Result<Option<Vec<u8>>> {
		let v = self
			.rpc
			.call("state_getStorage", json!([format!("0x{}", hex::encode(key)), format!("{at:?}")]))
			.await?;
		match v.as_str() {
			None => Ok(None),
			Some(s) => hex::decode(s.trim_start_matches("0x")).map(Some).context("storage value"),
		}
	}

	/// `who`'s relayer bond at `at` (`Anchoring::RelayerBonds`, its key computed by the
	/// runtime's own storage type), if it has one.
	pub async fn relayer_bond(&self, who: &AccountId, at: H256) -> Result<Option<Bond>> {
		let key = pallet_anchoring::RelayerBonds::<Runtime>::hashed_key_for(who);
		match self.storage(&key, at).await? {
			None => Ok(None),
			Some(bytes) => Bond::decode(&mut &bytes[..]).map(Some).context("decoding a bond"),
		}
	}

	/// The anchoring rules at `at` (`Anchoring::Parameters`; the runtime's defaults if unset).
	pub async fn anchoring_params(&self, at: H256) -> Result<ParamsOf<Runtime>> {
		let key = pallet_anchoring::Parameters::<Runtime>::hashed_key();
		match self.storage(&key, at).await? {
			None => Ok(metachain_runtime::economy::anchoring_rules()),
			Some(bytes) => {
				ParamsOf::<Runtime>::decode(&mut &bytes[..]).context("decoding the rules")
			}
		}
	}

	/// The next nonce of `who`, counting the transaction pool.
	pub async fn next_nonce(&self, who: &AccountId) -> Result<u32> {
		let v = self.rpc.call("system_accountNextIndex", json!([who.to_string()])).await?;
		v.as_u64().map(|n| n as u32).ok_or_else(|| anyhow!("system_accountNextIndex returned {v}"))
	}

	/// The chain's spec and transaction versions.
	pub async fn versions(&self) -> Result<(u32, u32)> {
		let v = self.rpc.call("state_getRuntimeVersion", json!([])).await?;
		let spec = v["specVersion"].as_u64().context("specVersion")? as u32;
		let tx = v["transactionVersion"].as_u64().context("transactionVersion")? as u32;
		Ok((spec, tx))
	}

	/// Signs and submits `anchoring.attest(checkpoint, target, external)` from `signer`.
	pub async fn submit_attest(
		&self,
		signer: &sr25519::Pair,
		checkpoint: CheckpointNumber,
		target: AnchorTarget,
		external: ExternalRef,
	) -> Result<H256> {
		self.submit(
			signer,
			RuntimeCall::Anchoring(pallet_anchoring::Call::attest { checkpoint, target, external }),
		)
		.await
	}

	/// Signs and submits `call` from `signer`; returns the transaction's hash.
	pub async fn submit(&self, signer: &sr25519::Pair, call: RuntimeCall) -> Result<H256> {
		let who: AccountId = signer.public().into();
		let nonce = self.next_nonce(&who).await?;
		let (spec_version, tx_version) = self.versions().await?;
		let genesis =
			self.block_hash(0).await?.ok_or_else(|| anyhow!("the node has no genesis"))?;
		let xt = signed_extrinsic(signer, call, nonce, spec_version, tx_version, genesis);
		let v = self
			.rpc
			.call("author_submitExtrinsic", json!([format!("0x{}", hex::encode(xt.encode()))]))
			.await?;
		h256(&v)
	}
}

/// A signed, immortal transaction of `call`, as a wallet builds it for MetaChain.
pub fn signed_extrinsic(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	spec_version: u32,
	tx_version: u32,
	genesis: H256,
) -> UncheckedExtrinsic {
	metachain_runtime::signed_transaction(
		call,
		signer.public().into(),
		metachain_runtime::tx_extension(Era::Immortal, nonce, 0),
		metachain_runtime::SigningContext {
			spec_version,
			transaction_version: tx_version,
			genesis_hash: genesis,
			era_start: genesis,
		},
		|payload| sp_runtime::MultiSignature::Sr25519(signer.sign(payload)),
	)
}
