//! The relayer's part in the group's signing rounds (pallet-anchoring's `sign_commit` and
//! `sign_share`): for each Ethereum target with a contract it follows the signing of the
//! target's next checkpoint at the best block (the runtime's own `eth_signing` view function,
//! so the relayer sees the attempt exactly as the chain will judge it) and, as a holder of a
//! share of the key signing it, commits to fresh nonces, then, once in the signing set, posts its
//! share. The chain checks every share and makes the signature itself.
//!
//! **Nonces live in memory only, for one attempt.** They are never written anywhere, and a share
//! is made once per attempt (the share, not the nonces, is kept to resubmit it): a relayer
//! restarted between its commitment and its share cannot sign that attempt, and the chain opens
//! the next one without it after the deadline.

use crate::{chain::Node, frost::load_share};
use anyhow::{anyhow, Context, Result};
use codec::{Decode, Encode};
use frame_support::view_functions::{ViewFunction, ViewFunctionId};
use frost_secp256k1_tr::{
	keys::KeyPackage,
	round1::{NonceCommitment, SigningCommitments, SigningNonces},
	Identifier, SigningPackage,
};
use metachain_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_anchoring::{
	CheckpointNumber, GroupKeyOf, GroupSignature, KeyEpoch, SigningAttempt, SigningRoundOf,
};
use sp_core::{sr25519, Pair, H256};
use std::{
	collections::BTreeMap,
	path::PathBuf,
	time::{Duration, Instant},
};
use zeroize::Zeroizing;

/// What `eth_signing` answers: the checkpoint, the message and the round.
pub type EthSigning = Option<(CheckpointNumber, [u8; 32], SigningRoundOf<Runtime>)>;

/// One attempt this relayer takes part in: (chain id, checkpoint, attempt).
type Attempt = (u64, CheckpointNumber, SigningAttempt);

/// The relayer's signing driver.
pub struct Signer {
	/// Where its sealed shares are (`--share-dir`).
	pub share_dir: PathBuf,
	/// When to submit a call again that has not reached a block.
	pub resubmit_after: Duration,
	/// The share of the epoch last used.
	share: Option<(KeyEpoch, KeyPackage)>,
	/// The nonces of the attempts committed to and not yet signed.
	nonces: BTreeMap<Attempt, SigningNonces>,
	/// The calls made per attempt (commitment, share) and when last submitted.
	calls: BTreeMap<(Attempt, u8), (RuntimeCall, Instant)>,
}

impl Signer {
	/// A driver reading shares from `share_dir`.
	pub fn new(share_dir: PathBuf, resubmit_after: Duration) -> Self {
		Self {
			share_dir,
			resubmit_after,
			share: None,
			nonces: BTreeMap::new(),
			calls: BTreeMap::new(),
		}
	}

	/// One step at the best block for every Ethereum target with a contract: commits or posts
	/// shares where due. Returns lines to log for what was submitted.
	pub async fn step(&mut self, node: &Node, signer: &sr25519::Pair) -> Result<Vec<String>> {
		let at = node.best_head().await?;
		let me: AccountId = signer.public().into();
		let mut done = Vec::new();
		let mut live = Vec::new();
		let chain_ids = eth_contracts(node, at).await?;
		for chain_id in &chain_ids {
			let Some((checkpoint, message, round)) = eth_signing(node, *chain_id, at).await? else {
				continue;
			};
			let Some(key) = group_key(node, round.epoch, at).await? else { continue };
			let Some(index) = key.members.iter().position(|m| *m == me) else { continue };
			let attempt: Attempt = (*chain_id, checkpoint, round.attempt);
			live.push(attempt);
			let bit = 1u32 << index;
			let committed = round.commitments.iter().any(|c| c.member as usize == index);
			let shared = round.shares.iter().any(|s| s.member as usize == index);
			let call = if round.signers == 0 && !committed && round.excluded & bit == 0 {
				let Some(call) = self.commit(signer, round.epoch, attempt)? else { continue };
				(0, call)
			} else if round.signers & bit != 0 && !shared {
				match self.share_call(attempt, &key, &round, &message)? {
					Some(call) => (1, call),
					None => continue,
				}
			} else {
				continue;
			};
			let slot = (attempt, call.0);
			if self.calls.get(&slot).is_some_and(|(_, sent)| sent.elapsed() < self.resubmit_after) {
				continue;
			}
			let hash = node.submit(signer, call.1.clone()).await?;
			self.calls.insert(slot, (call.1, Instant::now()));
			let what = if call.0 == 0 { "committed" } else { "posted its share" };
			done.push(format!(
				"signing checkpoint {checkpoint} for ethereum-{chain_id}, attempt {}: {what}; \
				 extrinsic {hash:?}",
				round.attempt
			));
		}
		// Forget the attempts that are over (signed, or given way to the next).
		self.nonces.retain(|a, _| live.contains(a));
		self.calls.retain(|(a, _), _| live.contains(a));
		Ok(done)
	}

	/// The commitment of this relayer for `attempt` (fresh nonces, kept in memory), or the one
	/// already made; `None` without a share of `epoch`.
	fn commit(
		&mut self,
		signer: &sr25519::Pair,
		epoch: KeyEpoch,
		attempt: Attempt,
	) -> Result<Option<RuntimeCall>> {
		if let Some((call, _)) = self.calls.get(&(attempt, 0)) {
			return Ok(Some(call.clone()));
		}
		if self.share.as_ref().is_none_or(|(e, _)| *e != epoch) {
			let seed = Zeroizing::new(signer.to_raw_vec());
			self.share = load_share(&self.share_dir, epoch as u64, &seed)?.map(|k| (epoch, k));
		}
		let Some((_, key_package)) = self.share.as_ref() else { return Ok(None) };
		let (nonces, commitments) =
			frost_secp256k1_tr::round1::commit(key_package.signing_share(), &mut rand::rngs::OsRng);
		let point = |c: &NonceCommitment| -> Result<[u8; 33]> {
			let bytes = c.serialize().context("a nonce commitment")?;
			<[u8; 33]>::try_from(bytes.as_slice()).context("33 bytes")
		};
		let call = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_commit {
			chain_id: attempt.0,
			checkpoint: attempt.1,
			attempt: attempt.2,
			hiding: point(commitments.hiding())?,
			binding: point(commitments.binding())?,
		});
		self.nonces.insert(attempt, nonces);
		Ok(Some(call))
	}

	/// This relayer's share for `attempt` over the set's commitments on chain (made once: the
	/// nonces are consumed), or `None` if it holds no nonces for it (committed before a restart).
	fn share_call(
		&mut self,
		attempt: Attempt,
		key: &GroupKeyOf<Runtime>,
		round: &SigningRoundOf<Runtime>,
		message: &[u8; 32],
	) -> Result<Option<RuntimeCall>> {
		if let Some((call, _)) = self.calls.get(&(attempt, 1)) {
			return Ok(Some(call.clone()));
		}
		let Some(nonces) = self.nonces.remove(&attempt) else { return Ok(None) };
		let Some((_, key_package)) = self.share.as_ref() else { return Ok(None) };
		let mut commitments = BTreeMap::new();
		for c in &round.commitments {
			let member = key
				.members
				.get(c.member as usize)
				.ok_or_else(|| anyhow!("a commitment of no member"))?;
			let id: Identifier = crate::frost::identifier_of(member)?;
			let hiding = NonceCommitment::deserialize(&c.hiding).context("hiding commitment")?;
			let binding = NonceCommitment::deserialize(&c.binding).context("binding commitment")?;
			commitments.insert(id, SigningCommitments::new(hiding, binding));
		}
		let package = SigningPackage::new(commitments, message);
		let share = crate::frost::sign_share(&package, nonces, key_package)?;
		let share = <[u8; 32]>::try_from(share.serialize().as_slice()).context("32 bytes")?;
		Ok(Some(RuntimeCall::Anchoring(pallet_anchoring::Call::sign_share {
			chain_id: attempt.0,
			checkpoint: attempt.1,
			attempt: attempt.2,
			share,
		})))
	}
}

/// The chain ids of the Ethereum targets with a contract at `at` (`Anchoring::EthContracts`).
pub async fn eth_contracts(node: &Node, at: H256) -> Result<Vec<u64>> {
	let key = pallet_anchoring::EthContracts::<Runtime>::hashed_key();
	match node.storage(&key, at).await? {
		None => Ok(Vec::new()),
		Some(bytes) => pallet_anchoring::EthContractsOf::<Runtime>::decode(&mut &bytes[..])
			.map(|list| list.iter().map(|(chain_id, _)| *chain_id).collect())
			.context("decoding the Ethereum contracts"),
	}
}

/// The runtime's `Anchoring::eth_signing(chain_id)` view function at `at`.
pub async fn eth_signing(node: &Node, chain_id: u64, at: H256) -> Result<EthSigning> {
	let query = pallet_anchoring::EthSigningViewFunction::<Runtime>::new(chain_id);
	view(
		node,
		<pallet_anchoring::EthSigningViewFunction<Runtime> as ViewFunction>::id(),
		query.encode(),
		at,
	)
	.await
}

/// The group's verified signature of checkpoint `checkpoint` for the Ethereum target
/// `chain_id` at `at` (the runtime's `eth_signature` view function), if recorded.
pub async fn eth_signature(
	node: &Node,
	chain_id: u64,
	checkpoint: CheckpointNumber,
	at: H256,
) -> Result<Option<GroupSignature<u32>>> {
	let query = pallet_anchoring::EthSignatureViewFunction::<Runtime>::new(chain_id, checkpoint);
	view(
		node,
		<pallet_anchoring::EthSignatureViewFunction<Runtime> as ViewFunction>::id(),
		query.encode(),
		at,
	)
	.await
}

/// The group key of `epoch` at `at`.
pub async fn group_key(
	node: &Node,
	epoch: KeyEpoch,
	at: H256,
) -> Result<Option<GroupKeyOf<Runtime>>> {
	let query = pallet_anchoring::GroupKeyViewFunction::<Runtime>::new(epoch);
	view(
		node,
		<pallet_anchoring::GroupKeyViewFunction<Runtime> as ViewFunction>::id(),
		query.encode(),
		at,
	)
	.await
}

/// Runs view function `id` with SCALE `input` at `at` and decodes its answer.
async fn view<R: codec::Decode>(
	node: &Node,
	id: ViewFunctionId,
	input: Vec<u8>,
	at: H256,
) -> Result<R> {
	let answer: Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> = node
		.state_call("RuntimeViewFunction_execute_view_function", (id, input).encode(), at)
		.await?;
	let bytes = answer.map_err(|e| anyhow!("view function refused: {e:?}"))?;
	R::decode(&mut &bytes[..]).context("decoding a view function's answer")
}
