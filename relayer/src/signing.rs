//! The relayer's part in the group's signing rounds (pallet-anchoring's `sign_commit` and
//! `sign_share`): for each target the group signs for (an Ethereum target with a contract, a
//! Bitcoin target with a group coin) it follows the signing of the target's next checkpoint at
//! the best block (the runtime's own `signing` view function, so the relayer sees the attempt
//! and the message exactly as the chain will judge them) and, as a holder of a share of the key
//! signing it, commits to fresh nonces, then, once in the signing set, posts its share. The
//! chain checks every share and makes the signature itself.
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
	AnchorTarget, BitcoinNetwork, BtcSpend, CheckpointNumber, GroupCoin, GroupKeyOf,
	GroupSignature, KeyEpoch, SigningAttempt, SigningRoundOf,
};
use sp_core::{sr25519, Pair, H256};
use std::{
	collections::BTreeMap,
	path::PathBuf,
	time::{Duration, Instant},
};
use zeroize::Zeroizing;

/// What `signing` answers: the checkpoint, the message and the round.
pub type Signing = Option<(CheckpointNumber, [u8; 32], SigningRoundOf<Runtime>)>;

/// One attempt this relayer takes part in: (target, checkpoint, attempt).
type Attempt = (AnchorTarget, CheckpointNumber, SigningAttempt);

/// The relayer's signing driver.
pub struct Signer {
	/// Where its sealed shares are (`--share-dir`).
	pub share_dir: PathBuf,
	/// When to submit a call again that has not reached a block.
	pub resubmit_after: Duration,
	/// For tests only (`run --malicious-share`, hidden): sign another message than the chain's,
	/// as a relayer that signs another root would. The chain finds the share bad and slashes
	/// this relayer's whole bond: the attack the end-to-end tests run.
	pub malicious: bool,
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
			malicious: false,
			share: None,
			nonces: BTreeMap::new(),
			calls: BTreeMap::new(),
		}
	}

	/// This driver, signing another message than the chain's if `malicious` (tests only: see
	/// [`Self::malicious`]).
	pub fn malicious(mut self, malicious: bool) -> Self {
		self.malicious = malicious;
		self
	}

	/// One step at the best block for every listed target: commits or posts shares where due.
	/// Returns lines to log for what was submitted.
	pub async fn step(&mut self, node: &Node, signer: &sr25519::Pair) -> Result<Vec<String>> {
		let at = node.best_head().await?;
		let me: AccountId = signer.public().into();
		// Without a standing bond (never bonded, unbonding, or slashed) the chain takes no
		// commitment or share from us: sending one would only pay its fee.
		if node.relayer_bond(&me, at).await?.is_none_or(|b| b.unbonding_at.is_some()) {
			return Ok(Vec::new());
		}
		let mut done = Vec::new();
		let mut live = Vec::new();
		for target in targets(node, at).await? {
			let Some((checkpoint, message, round)) = signing(node, target, at).await? else {
				continue;
			};
			let Some(key) = group_key(node, round.epoch, at).await? else { continue };
			let Some(index) = key.members.iter().position(|m| *m == me) else { continue };
			let attempt: Attempt = (target, checkpoint, round.attempt);
			live.push(attempt);
			let bit = pallet_anchoring::member_bit(index);
			let signers = round.signers(key.threshold);
			let committed = round.committed() & bit != 0;
			let shared = round.shared() & bit != 0;
			let call = if signers == 0 && !committed && round.excluded & bit == 0 {
				let Some(call) = self.commit(signer, round.epoch, attempt)? else { continue };
				(0, call)
			} else if signers & bit != 0 && !shared {
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
				"signing checkpoint {checkpoint} for {}, attempt {}: {what}; extrinsic {hash:?}",
				crate::relay::target_name(&target),
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
			target: attempt.0,
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
		let another;
		let message = if self.malicious {
			another = {
				use bitcoin::hashes::{sha256, Hash};
				sha256::Hash::hash(&[&b"another root"[..], message].concat()).to_byte_array()
			};
			log::warn!("signing another message than the chain's (--malicious-share)");
			&another
		} else {
			message
		};
		let package = SigningPackage::new(commitments, message);
		let share = crate::frost::sign_share(&package, nonces, key_package)?;
		let share = <[u8; 32]>::try_from(share.serialize().as_slice()).context("32 bytes")?;
		Ok(Some(RuntimeCall::Anchoring(pallet_anchoring::Call::sign_share {
			target: attempt.0,
			checkpoint: attempt.1,
			attempt: attempt.2,
			share,
		})))
	}
}

/// The listed targets at `at` (`Anchoring::Targets`).
pub async fn targets(node: &Node, at: H256) -> Result<Vec<AnchorTarget>> {
	let key = pallet_anchoring::Targets::<Runtime>::hashed_key();
	match node.storage(&key, at).await? {
		None => Ok(Vec::new()),
		Some(bytes) => pallet_anchoring::TargetsOf::<Runtime>::decode(&mut &bytes[..])
			.map(|list| list.into_inner())
			.context("decoding the targets"),
	}
}

/// The runtime's `Anchoring::signing(target)` view function at `at`.
pub async fn signing(node: &Node, target: AnchorTarget, at: H256) -> Result<Signing> {
	view(node, pallet_anchoring::SigningViewFunction::<Runtime>::new(target), at).await
}

/// The group's verified signature of checkpoint `checkpoint` for `target` at `at` (the
/// runtime's `signature` view function), if recorded.
pub async fn signature(
	node: &Node,
	target: AnchorTarget,
	checkpoint: CheckpointNumber,
	at: H256,
) -> Result<Option<GroupSignature<u32>>> {
	view(node, pallet_anchoring::SignatureViewFunction::<Runtime>::new(target, checkpoint), at)
		.await
}

/// The group's coin on `network` at `at` (the runtime's `group_coin` view function), if the
/// group anchors there.
pub async fn group_coin(
	node: &Node,
	network: BitcoinNetwork,
	at: H256,
) -> Result<Option<GroupCoin>> {
	view(node, pallet_anchoring::GroupCoinViewFunction::<Runtime>::new(network), at).await
}

/// The group's signed Bitcoin anchor of `checkpoint` on `network` at `at` (the runtime's
/// `btc_spend` view function), if signed.
pub async fn btc_spend(
	node: &Node,
	network: BitcoinNetwork,
	checkpoint: CheckpointNumber,
	at: H256,
) -> Result<Option<BtcSpend>> {
	view(node, pallet_anchoring::BtcSpendViewFunction::<Runtime>::new(network, checkpoint), at)
		.await
}

/// The next checkpoint the group signs for `target` at `at` (`Anchoring::SigningCursor`), if
/// it signs for it; for a Bitcoin target only while the group holds a coin there.
pub async fn group_cursor(
	node: &Node,
	target: AnchorTarget,
	at: H256,
) -> Result<Option<CheckpointNumber>> {
	if let AnchorTarget::Bitcoin { network } = target {
		if group_coin(node, network, at).await?.is_none() {
			return Ok(None);
		}
	}
	let key = pallet_anchoring::SigningCursor::<Runtime>::hashed_key_for(target);
	match node.storage(&key, at).await? {
		None => Ok(None),
		Some(bytes) => {
			CheckpointNumber::decode(&mut &bytes[..]).map(Some).context("decoding a signing cursor")
		}
	}
}

/// The group key in force at `at` and its epoch (the runtime's `active_group_key` view
/// function), once one is locked in.
pub async fn active_group_key(
	node: &Node,
	at: H256,
) -> Result<Option<(KeyEpoch, GroupKeyOf<Runtime>)>> {
	view(node, pallet_anchoring::ActiveGroupKeyViewFunction::<Runtime>::new(), at).await
}

/// The group key of `epoch` at `at`.
pub async fn group_key(
	node: &Node,
	epoch: KeyEpoch,
	at: H256,
) -> Result<Option<GroupKeyOf<Runtime>>> {
	view(node, pallet_anchoring::GroupKeyViewFunction::<Runtime>::new(epoch), at).await
}

/// Runs the runtime's view function `query` at `at` and decodes its answer.
async fn view<Q>(node: &Node, query: Q, at: H256) -> Result<Q::ReturnType>
where
	Q: ViewFunction + Encode,
	Q::ReturnType: Decode,
{
	let id: ViewFunctionId = Q::id();
	let answer: Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> = node
		.state_call("RuntimeViewFunction_execute_view_function", (id, query.encode()).encode(), at)
		.await?;
	let bytes = answer.map_err(|e| anyhow!("view function refused: {e:?}"))?;
	Q::ReturnType::decode(&mut &bytes[..]).context("decoding a view function's answer")
}
