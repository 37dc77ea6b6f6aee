//! The relayer: follow finalized checkpoints, record each root on Ethereum and Bitcoin, wait
//! for confirmations, attest on MetaChain.
//!
//! For checkpoint `n` the relayer `relayers[n % relayers.len()]` (the leader) posts; the others
//! take the leader's transaction once it appears (on Ethereum: the contract's `Anchored` event;
//! on Bitcoin: the leader's attestation names it), check it themselves on their own node, and
//! attest the same reference. If nothing appears within `takeover_after` of the checkpoint
//! being seen, any relayer posts.

use crate::{
	btc::{self, BitcoinCore, Wallet},
	chain::{Info, Node, State},
	eth::{anchor_calldata, anchor_v2_calldata, Contract, EthSigner, Ethereum},
	keygen::Keygen,
	signing::Signer,
	state::{Progress, Store, TargetProgress},
};
use anyhow::{anyhow, bail, ensure, Context, Result};
use bitcoin::{Amount, OutPoint, Txid};
use metachain_runtime::AccountId;
use pallet_anchoring::{AnchorTarget, ExternalRef};
use sp_core::{sr25519, Pair, H256};
use std::{
	collections::HashMap,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// The Ethereum side of a relayer.
pub struct EthSide {
	/// The endpoint and contract.
	pub eth: Ethereum,
	/// The relayer's Ethereum key (allowed by the contract).
	pub signer: EthSigner,
	/// Blocks on top of the anchoring transaction's block before attesting.
	pub confirmations: u64,
}

/// The Bitcoin side of a relayer.
pub struct BtcSide {
	/// The node.
	pub core: BitcoinCore,
	/// The relayer's key and address, for networks where the group holds no coin (where it
	/// does, the group's own anchors are broadcast and no relayer pays).
	pub wallet: Option<Wallet>,
	/// The network.
	pub network: bitcoin::Network,
	/// Confirmations before attesting (the including block counts as one).
	pub confirmations: u64,
	/// The fee of an anchoring transaction.
	pub fee: Amount,
}

/// A relayer.
pub struct Relayer {
	/// The MetaChain node.
	pub node: Node,
	/// The relayer's MetaChain key (one of the pallet's relayers).
	pub signer: sr25519::Pair,
	/// Ethereum, if this relayer anchors there.
	pub eth: Option<EthSide>,
	/// Bitcoin, if this relayer anchors there.
	pub btc: Option<BtcSide>,
	/// The progress file.
	pub store: Store,
	/// How often to look for new checkpoints and confirmations.
	pub poll: Duration,
	/// When any relayer posts a checkpoint the leader did not.
	pub takeover_after: Duration,
	/// When to submit an `attest` again that has not reached a finalized block.
	pub attest_timeout: Duration,
	/// Stop once this many checkpoints are attested (tests), or run for ever.
	pub stop_after: Option<u64>,
	/// Where this relayer's shares of the group key are saved, sealed (mode 600).
	pub share_dir: std::path::PathBuf,
	/// For tests only: post signature shares of another message (see [`Signer::malicious`]).
	pub malicious_share: bool,
}

fn unix_now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

pub(crate) fn target_name(t: &AnchorTarget) -> String {
	match t {
		AnchorTarget::Ethereum { chain_id } => format!("ethereum-{chain_id}"),
		AnchorTarget::Bitcoin { network } => format!("bitcoin-{network:?}").to_lowercase(),
	}
}

/// The in-memory part of the loop: retry backoff, when checkpoints were first seen, and the
/// last heartbeat submitted (the bond's `last_seen` then, and when).
#[derive(Default)]
struct Memory {
	backoff: HashMap<(u64, String), (Instant, Duration)>,
	first_seen: HashMap<u64, Instant>,
	heartbeat: Option<(u32, Instant)>,
	keygen: Option<Keygen>,
	signing: Option<Signer>,
	/// The Ethereum contract's kind, once asked.
	eth_contract: Option<Contract>,
}

impl Relayer {
	/// Runs until stopped (Ctrl-C / SIGTERM) or until `stop_after` checkpoints are done.
	pub async fn run(&self) -> Result<()> {
		let genesis = self.node.block_hash(0).await?.context("the node has no genesis block")?;
		let genesis = format!("{genesis:?}");
		let mut progress = self.store.load(&genesis)?;
		let me: AccountId = self.signer.public().into();
		let mut targets = vec![];
		let mut eth_contract = None;
		if let Some(e) = &self.eth {
			let chain_id = e.eth.chain_id().await.context("Ethereum endpoint")?;
			targets.push(AnchorTarget::Ethereum { chain_id });
			let contract = e.eth.detect().await?;
			log::info!("Ethereum contract: {contract:?}");
			eth_contract = Some(contract);
		}
		if let Some(b) = &self.btc {
			targets.push(AnchorTarget::Bitcoin { network: btc::pallet_network(b.network) });
		}
		if targets.is_empty() {
			log::info!("no target given: heartbeats and key generation only");
		}
		log::info!(
			"relayer {me} on chain {genesis}: targets {:?}, resuming at checkpoint {}",
			targets.iter().map(target_name).collect::<Vec<_>>(),
			progress.next
		);
		let mut memory = Memory {
			keygen: Some(Keygen::new(self.share_dir.clone(), self.attest_timeout)),
			signing: Some(
				Signer::new(self.share_dir.clone(), self.attest_timeout)
					.malicious(self.malicious_share),
			),
			eth_contract,
			..Memory::default()
		};
		let mut sigterm =
			tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
		loop {
			if let Err(e) = self.step(&me, &targets, &mut progress, &mut memory).await {
				log::warn!("{e:#}");
			}
			if self.stop_after.is_some_and(|n| progress.next >= n) {
				log::info!("checkpoints below {} attested: stopping", progress.next);
				return Ok(());
			}
			tokio::select! {
				_ = tokio::time::sleep(self.poll) => {},
				_ = tokio::signal::ctrl_c() => { log::info!("interrupted"); return Ok(()) },
				_ = sigterm.recv() => { log::info!("terminated"); return Ok(()) },
			}
		}
	}

	async fn step(
		&self,
		me: &AccountId,
		targets: &[AnchorTarget],
		progress: &mut Progress,
		memory: &mut Memory,
	) -> Result<()> {
		let finalized = self.node.finalized_head().await?;
		let state = self.node.anchoring_state(finalized).await?;
		if !state.relayers.contains(me) {
			log::warn!("{me} is not one of the chain's relayers (yet): waiting");
			return Ok(());
		}
		if let Err(e) = self.keep_alive(me, finalized, memory).await {
			log::warn!("heartbeat: {e:#}");
		}
		if let Some(keygen) = memory.keygen.as_mut() {
			match keygen.step(&self.node, &self.signer).await {
				Ok(Some(done)) => log::info!("{done}"),
				Ok(None) => {}
				Err(e) => log::warn!("key generation: {e:#}"),
			}
		}
		if let Some(signing) = memory.signing.as_mut() {
			match signing.step(&self.node, &self.signer).await {
				Ok(done) => done.iter().for_each(|line| log::info!("{line}")),
				Err(e) => log::warn!("signing: {e:#}"),
			}
		}
		if targets.is_empty() {
			return Ok(());
		}
		// Where the group holds a coin, the next checkpoint it signs there.
		let group_cursor = match &self.btc {
			Some(side) => {
				let target = AnchorTarget::Bitcoin { network: btc::pallet_network(side.network) };
				crate::signing::group_cursor(&self.node, target, finalized).await?
			}
			None => None,
		};
		// A bounded window of checkpoints in flight.
		let end = state.next_checkpoint.min(progress.next.saturating_add(32));
		for n in progress.next..end {
			let info = self
				.node
				.checkpoint(n, finalized)
				.await?
				.ok_or_else(|| anyhow!("checkpoint {n} missing at the finalized head"))?;
			memory.first_seen.entry(n).or_insert_with(Instant::now);
			let mut done = true;
			for target in targets {
				if !state.targets.iter().any(|(t, _)| t == target) {
					continue;
				}
				// A TracChainAnchorV2 records from its first checkpoint on: none before is its.
				if let (AnchorTarget::Ethereum { .. }, Some(Contract::V2 { first })) =
					(target, memory.eth_contract)
				{
					if n < first {
						continue;
					}
				}
				// The group anchors on Bitcoin from its coin's first checkpoint on: a
				// checkpoint before it that it did not sign is never anchored there.
				if let (AnchorTarget::Bitcoin { network }, Some(cursor)) = (target, group_cursor) {
					if n < cursor
						&& crate::signing::btc_spend(&self.node, *network, n, finalized)
							.await?
							.is_none()
					{
						continue;
					}
				}
				let name = target_name(target);
				let attested = info.targets.iter().any(|t| {
					&t.target == target && t.attestations.iter().any(|a| &a.relayer == me)
				});
				if attested {
					continue;
				}
				done = false;
				let key = (n, name.clone());
				if let Some((at, _)) = memory.backoff.get(&key) {
					if Instant::now() < *at {
						continue;
					}
				}
				match self.advance(n, target, &name, &info, &state, me, progress, memory).await {
					Ok(()) => {
						memory.backoff.remove(&key);
					}
					Err(e) => {
						let wait =
							memory.backoff.get(&key).map_or(Duration::from_secs(2), |(_, d)| {
								(*d * 2).min(Duration::from_secs(600))
							});
						log::warn!("checkpoint {n} on {name}: {e:#} (retrying in {wait:?})");
						memory.backoff.insert(key, (Instant::now() + wait, wait));
					}
				}
			}
			if done && n == progress.next {
				progress.next = n + 1;
				progress.checkpoints.remove(&n);
				memory.first_seen.remove(&n);
				self.store.save(progress)?;
				log::info!(
					"checkpoint {n} (root {:?}) attested on every target",
					info.checkpoint.root
				);
			}
		}
		Ok(())
	}

	/// Sends the free heartbeat of a bonded relayer once `liveness_period` blocks have passed
	/// since its last sign of life (as the finalized block `at` records it), and not again for
	/// the same sign of life until `attest_timeout` has passed (it may still be in the pool).
	async fn keep_alive(&self, me: &AccountId, at: H256, memory: &mut Memory) -> Result<()> {
		let Some(bond) = self.node.relayer_bond(me, at).await? else { return Ok(()) };
		if bond.unbonding_at.is_some() {
			return Ok(());
		}
		let now = self.node.block_number_of(at).await?;
		let params = self.node.anchoring_params(at).await?;
		if now < bond.last_seen.saturating_add(params.liveness_period) {
			return Ok(());
		}
		if memory.heartbeat.is_some_and(|(seen, sent)| {
			seen == bond.last_seen && sent.elapsed() < self.attest_timeout
		}) {
			return Ok(());
		}
		let call = metachain_runtime::RuntimeCall::Anchoring(pallet_anchoring::Call::heartbeat {});
		let hash = self.node.submit(&self.signer, call).await?;
		memory.heartbeat = Some((bond.last_seen, Instant::now()));
		log::info!("heartbeat (last sign of life at block {}): extrinsic {hash:?}", bond.last_seen);
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	async fn advance(
		&self,
		n: u64,
		target: &AnchorTarget,
		name: &str,
		info: &Info,
		state: &State,
		me: &AccountId,
		progress: &mut Progress,
		memory: &Memory,
	) -> Result<()> {
		let mine =
			progress.checkpoints.entry(n).or_default().entry(name.to_string()).or_default().clone();
		if let Some(at) = mine.attest_submitted_at {
			if unix_now().saturating_sub(at) < self.attest_timeout.as_secs() {
				return Ok(()); // submitted; waiting for it to be finalized
			}
			log::warn!(
				"checkpoint {n} on {name}: attestation not finalized in time; submitting again"
			);
		}
		let len = state.relayers.len() as u64;
		let leader = len > 0 && &state.relayers[(n % len) as usize] == me;
		let may_post =
			leader || memory.first_seen.get(&n).is_some_and(|t| t.elapsed() >= self.takeover_after);
		let root: [u8; 32] = info.checkpoint.root.0;
		let reference = match target {
			AnchorTarget::Ethereum { .. } => {
				let side = self.eth.as_ref().ok_or_else(|| anyhow!("no Ethereum side"))?;
				let contract = memory.eth_contract.unwrap_or(Contract::V1);
				self.eth_reference(side, contract, target, n, root, name, &mine, may_post, progress)
					.await?
			}
			AnchorTarget::Bitcoin { .. } => {
				let side = self.btc.as_ref().ok_or_else(|| anyhow!("no Bitcoin side"))?;
				self.btc_reference(side, n, root, target, name, info, &mine, may_post, progress)
					.await?
			}
		};
		let Some(external) = reference else { return Ok(()) };
		let hash = self.node.submit_attest(&self.signer, n, *target, external).await?;
		log::info!(
			"checkpoint {n} on {name}: attested tx {:?} in block {} ({:?}); extrinsic {hash:?}",
			external.tx_id,
			external.block_number,
			external.block_hash
		);
		let entry = progress.checkpoints.entry(n).or_default().entry(name.to_string()).or_default();
		entry.attest_submitted_at = Some(unix_now());
		self.store.save(progress)
	}

	/// The confirmed Ethereum reference of checkpoint `n`, posting it if this relayer should.
	#[allow(clippy::too_many_arguments)]
	async fn eth_reference(
		&self,
		side: &EthSide,
		contract: Contract,
		target: &AnchorTarget,
		n: u64,
		root: [u8; 32],
		name: &str,
		mine: &TargetProgress,
		may_post: bool,
		progress: &mut Progress,
	) -> Result<Option<ExternalRef>> {
		let on_contract = side.eth.root_of(n).await?;
		if on_contract == [0u8; 32] {
			if let (Some(tx), Some(raw)) = (&mine.posted_tx, &mine.raw_tx) {
				// Ours is broadcast but not mined: broadcast the same bytes again (a restart may
				// have lost it from the node's pool; the same transaction cannot record twice).
				let raw = hex::decode(raw.trim_start_matches("0x"))?;
				let hash = side.eth.broadcast(&raw).await?;
				// Mined and still no root: it reverted (e.g. the key is not allowed by the
				// contract). The same call would revert again: say so rather than wait for ever.
				if let Some((false, block, _)) = side.eth.receipt(hash).await? {
					bail!(
						"our transaction {tx} reverted in Ethereum block {block}: is {} a relayer of the contract?",
						side.signer.address_hex()
					);
				}
				log::info!(
					"checkpoint {n} on {name}: waiting for our transaction {tx} to be mined"
				);
				return Ok(None);
			}
			if !may_post {
				log::debug!("checkpoint {n} on {name}: waiting for the leader to post");
				return Ok(None);
			}
			let data = match (contract, target) {
				(Contract::V2 { .. }, AnchorTarget::Ethereum { .. }) => {
					// The root goes with the group's signature, which the chain verified.
					let at = self.node.best_head().await?;
					let Some(signed) =
						crate::signing::signature(&self.node, *target, n, at).await?
					else {
						log::debug!("checkpoint {n} on {name}: waiting for the group's signature");
						return Ok(None);
					};
					let next = side.eth.next_checkpoint().await?;
					if next != n {
						log::debug!("checkpoint {n} on {name}: the contract records {next} next");
						return Ok(None);
					}
					anchor_v2_calldata(n, root, crate::frost::bip340_words(&signed.signature)?)
				}
				_ => anchor_calldata(n, root),
			};
			let (raw, hash) = side.eth.prepare_call(&side.signer, &data).await?;
			let entry =
				progress.checkpoints.entry(n).or_default().entry(name.to_string()).or_default();
			entry.posted_tx = Some(format!("0x{}", hex::encode(hash)));
			entry.raw_tx = Some(format!("0x{}", hex::encode(&raw)));
			// Written before it is broadcast: after a crash, the same transaction goes out again.
			self.store.save(progress)?;
			side.eth.broadcast(&raw).await?;
			log::info!(
				"checkpoint {n} on {name}: posted root {} in tx 0x{}",
				hex::encode(root),
				hex::encode(hash)
			);
			return Ok(None);
		}
		if on_contract != root {
			bail!(
				"the contract holds root 0x{} for checkpoint {n}, but MetaChain's is 0x{}: not attesting",
				hex::encode(on_contract),
				hex::encode(root)
			);
		}
		let rec = side.eth.find_recorded_in(contract, n).await?.ok_or_else(|| {
			anyhow!("the contract holds checkpoint {n} but its Anchored event was not found")
		})?;
		ensure!(rec.root == root, "the Anchored event of checkpoint {n} carries another root");
		let head = side.eth.block_number().await?;
		if head < rec.block_number + side.confirmations {
			log::debug!(
				"checkpoint {n} on {name}: {} of {} confirmations",
				head.saturating_sub(rec.block_number),
				side.confirmations
			);
			return Ok(None);
		}
		// Still in the canonical chain at that block?
		match side.eth.receipt(rec.tx_hash).await? {
			Some((true, number, hash)) if number == rec.block_number && hash == rec.block_hash => {}
			_ => {
				bail!("the anchoring transaction of checkpoint {n} moved (reorganisation): waiting")
			}
		}
		Ok(Some(ExternalRef {
			tx_id: H256(rec.tx_hash),
			block_number: rec.block_number,
			block_hash: H256(rec.block_hash),
		}))
	}

	/// The confirmed Bitcoin reference of checkpoint `n`, posting it if this relayer should.
	#[allow(clippy::too_many_arguments)]
	async fn btc_reference(
		&self,
		side: &BtcSide,
		n: u64,
		root: [u8; 32],
		target: &AnchorTarget,
		name: &str,
		info: &Info,
		mine: &TargetProgress,
		may_post: bool,
		progress: &mut Progress,
	) -> Result<Option<ExternalRef>> {
		let network = btc::pallet_network(side.network);
		let at = self.node.best_head().await?;
		if crate::signing::group_coin(&self.node, network, at).await?.is_some() {
			return self.group_btc_reference(side, network, n, root, name, at).await;
		}
		// Ours, another relayer's (named in its attestation), or none yet.
		let candidate: Option<Txid> = match &mine.posted_tx {
			Some(txid) => Some(txid.parse().context("stored txid")?),
			None => info
				.targets
				.iter()
				.find(|t| &t.target == target)
				.and_then(|t| t.attestations.first())
				.map(|a| Txid::from_byte_array_display(a.external.tx_id.0)),
		};
		let Some(txid) = candidate else {
			if !may_post {
				log::debug!("checkpoint {n} on {name}: waiting for the leader to post");
				return Ok(None);
			}
			let tx = self.build_btc(side, n, root, progress).await?;
			let txid = tx.compute_txid();
			let entry =
				progress.checkpoints.entry(n).or_default().entry(name.to_string()).or_default();
			entry.posted_tx = Some(txid.to_string());
			entry.raw_tx = Some(btc::to_hex(&tx));
			self.store.save(progress)?;
			side.core.send(&tx).await?;
			log::info!("checkpoint {n} on {name}: posted root {} in tx {txid}", hex::encode(root));
			return Ok(None);
		};
		let (tx, status) = match side.core.transaction(&txid).await {
			Ok(found) => found,
			Err(e) => {
				if let Some(raw) = &mine.raw_tx {
					let tx = btc::from_hex(raw)?;
					side.core.send(&tx).await?;
					log::info!("checkpoint {n} on {name}: broadcast our tx {txid} again");
					return Ok(None);
				}
				return Err(e.context(format!("the tx {txid} another relayer attested")));
			}
		};
		self.confirmed_btc_reference(side, n, root, name, txid, &tx, &status).await
	}

	/// The reference of checkpoint `n`'s anchor by the group on `network`: the transaction the
	/// chain built and the group signed ([`crate::taproot::chain_anchor`]). Any relayer
	/// broadcasts it when Bitcoin does not have it (the same transaction from all: one fee, paid
	/// by the group's coin), then attests it once confirmed.
	async fn group_btc_reference(
		&self,
		side: &BtcSide,
		network: pallet_anchoring::BitcoinNetwork,
		n: u64,
		root: [u8; 32],
		name: &str,
		at: H256,
	) -> Result<Option<ExternalRef>> {
		let Some(spend) = crate::signing::btc_spend(&self.node, network, n, at).await? else {
			log::debug!("checkpoint {n} on {name}: waiting for the group's signature");
			return Ok(None);
		};
		let txid = Txid::from_byte_array_display(spend.txid.0);
		let (tx, status) = match side.core.transaction(&txid).await {
			Ok(found) => found,
			Err(_) => {
				let target = AnchorTarget::Bitcoin { network };
				let signed = crate::signing::signature(&self.node, target, n, at)
					.await?
					.ok_or_else(|| anyhow!("the group's anchor of {n} has no signature"))?;
				let key = crate::signing::group_key(&self.node, spend.spent.epoch, at)
					.await?
					.ok_or_else(|| anyhow!("no group key of epoch {}", spend.spent.epoch))?;
				let tx = crate::taproot::chain_anchor(
					&spend,
					&key.key_x,
					n,
					root,
					Some(&signed.signature),
				)?;
				side.core.send(&tx).await?;
				log::info!(
					"checkpoint {n} on {name}: broadcast the group's anchor {txid} (root {})",
					hex::encode(root)
				);
				return Ok(None);
			}
		};
		self.confirmed_btc_reference(side, n, root, name, txid, &tx, &status).await
	}

	/// The reference of `tx` (`txid`, found on our node with `status`) once it carries
	/// checkpoint `n`'s root and has the confirmations we wait for, with its inclusion proof
	/// checked.
	#[allow(clippy::too_many_arguments)]
	async fn confirmed_btc_reference(
		&self,
		side: &BtcSide,
		n: u64,
		root: [u8; 32],
		name: &str,
		txid: Txid,
		tx: &bitcoin::Transaction,
		status: &btc::TxStatus,
	) -> Result<Option<ExternalRef>> {
		ensure!(
			btc::find_anchor(tx) == Some((n, root)),
			"tx {txid} does not carry checkpoint {n}'s root: not attesting"
		);
		let Some(block) = status.block_hash else {
			log::debug!("checkpoint {n} on {name}: tx {txid} in the mempool");
			return Ok(None);
		};
		if status.confirmations < side.confirmations {
			log::debug!(
				"checkpoint {n} on {name}: {} of {} confirmations",
				status.confirmations,
				side.confirmations
			);
			return Ok(None);
		}
		// The SPV proof from our own node must hold too.
		let proof = side.core.txout_proof(&txid, &block).await?;
		let inclusion = btc::verify_inclusion(&proof, &txid)?;
		ensure!(inclusion.block_hash == block, "the inclusion proof is of another block");
		let height = side.core.height(&block).await?;
		Ok(Some(ExternalRef {
			tx_id: H256(txid_display(&txid)),
			block_number: height,
			block_hash: H256(blockhash_display(&block)),
		}))
	}

	/// An anchoring transaction for checkpoint `n` from a UTXO of the relayer's address that no
	/// transaction of ours in flight spends, or from the change of one of them.
	async fn build_btc(
		&self,
		side: &BtcSide,
		n: u64,
		root: [u8; 32],
		progress: &Progress,
	) -> Result<bitcoin::Transaction> {
		let mut in_flight = vec![];
		for targets in progress.checkpoints.values() {
			for p in targets.values() {
				if let Some(raw) = &p.raw_tx {
					if let Ok(tx) = btc::from_hex(raw) {
						in_flight.push(tx);
					}
				}
			}
		}
		let spent: Vec<OutPoint> =
			in_flight.iter().flat_map(|t| t.input.iter().map(|i| i.previous_output)).collect();
		let wallet = side.wallet.as_ref().ok_or_else(|| {
			anyhow!(
				"no Bitcoin key (--btc-key-file): the group holds no coin on this network, so \
				 relayers post anchors from their own"
			)
		})?;
		let mut candidates: Vec<(OutPoint, Amount)> = side
			.core
			.utxos(&wallet.address)
			.await?
			.into_iter()
			.filter(|(o, _)| !spent.contains(o))
			.collect();
		// Change outputs of our transactions in flight (chained while unconfirmed).
		for t in &in_flight {
			let txid = t.compute_txid();
			for (vout, out) in t.output.iter().enumerate() {
				let o = OutPoint { txid, vout: vout as u32 };
				if out.script_pubkey == wallet.address.script_pubkey() && !spent.contains(&o) {
					candidates.push((o, out.value));
				}
			}
		}
		candidates.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
		let (utxo, value) = candidates
			.first()
			.copied()
			.ok_or_else(|| anyhow!("no spendable output at {}: fund it", wallet.address))?;
		wallet.anchor_transaction(utxo, value, side.fee, n, root)
	}
}

/// A txid's bytes in the order Bitcoin Core displays them.
pub fn txid_display(txid: &Txid) -> [u8; 32] {
	use bitcoin::hashes::Hash;
	let mut b = txid.to_byte_array();
	b.reverse();
	b
}

/// A block hash's bytes in the order Bitcoin Core displays them.
pub fn blockhash_display(hash: &bitcoin::BlockHash) -> [u8; 32] {
	use bitcoin::hashes::Hash;
	let mut b = hash.to_byte_array();
	b.reverse();
	b
}

/// Extension: a txid from display-order bytes.
trait FromDisplay {
	fn from_byte_array_display(b: [u8; 32]) -> Self;
}
impl FromDisplay for Txid {
	fn from_byte_array_display(mut b: [u8; 32]) -> Self {
		use bitcoin::hashes::Hash;
		b.reverse();
		Txid::from_byte_array(b)
	}
}
