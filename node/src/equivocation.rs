//! BABE equivocation reports that the runtime accepts.
//!
//! A validator equivocates when it authors two different blocks for the same slot (for example two
//! machines running with the same keys). The offence is proven by the two headers, each *sealed*
//! (signed) by the offender; the runtime checks both seals
//! (`sp_consensus_babe::check_equivocation_proof`) and then reports the offence, which slashes.
//!
//! sc-consensus-babe 0.60 (polkadot-sdk stable2609) checks for equivocations inside
//! `BabeBlockImport`, on the header its verifier has already stripped of the seal, so every report it
//! submits fails on chain with `InvalidEquivocationProof` (and costs a block ~200 ms of weight): an
//! equivocating validator would never be slashed. [`EquivocationReporter`] wraps the BABE block
//! import and, before it, indexes each imported header *with* its seal (the header as the chain
//! stores it) by (slot, authority). On a second, different header for the same pair it builds the
//! proof, checks it as the runtime will, and submits `Babe::report_equivocation_unsigned` through the
//! node's own transaction pool. The stock reporter is given [`RefuseStockReports`] as its pool, so
//! its unsealed proofs never reach a block (the runtime then logs "Error submitting equivocation
//! report" once per equivocation; the node's own report is the one that counts).
//!
//! Memory is bounded: headers are kept for the last [`SLOTS_KEPT`] slots, at most one per
//! (slot, authority) plus the proof's second header, reported once.

use crate::service::{FullClient, FullSelectChain};
use metachain_runtime::opaque::Block;
use sc_consensus::{BlockCheckParams, BlockImport, BlockImportParams, ImportResult};
use sc_transaction_pool_api::{
	LocalTransactionFor, LocalTransactionPool, OffchainTransactionPoolFactory,
};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_consensus::{BlockOrigin, Error as ConsensusError, SelectChain};
use sp_consensus_babe::{AuthorityIndex, BabeApi, EquivocationProof, Slot};
use sp_runtime::traits::Block as BlockT;
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};

type Header = <Block as BlockT>::Header;

const LOG_TARGET: &str = "babe-equivocation";

/// Headers are kept this many slots behind the newest slot seen (as sc-consensus-slots does):
/// an equivocation older than that is not reported. 1,000 slots of 6 s is 100 minutes.
pub const SLOTS_KEPT: u64 = 1_000;

/// What was seen of one (slot, authority).
struct Seen {
	/// The first sealed header imported for the pair.
	first: Header,
	/// Whether an equivocation for the pair has been reported (only one report per pair).
	reported: bool,
}

/// The headers of recent slots, by slot and authority index.
#[derive(Default)]
pub struct SlotHeaders {
	by_slot: BTreeMap<Slot, BTreeMap<AuthorityIndex, Seen>>,
}

impl SlotHeaders {
	/// Index a sealed header. Returns the first header of its (slot, authority) when this one
	/// differs from it and the pair was not reported yet: the two make an equivocation.
	pub fn observe(
		&mut self,
		slot: Slot,
		authority: AuthorityIndex,
		sealed: &Header,
	) -> Option<Header> {
		let newest = self.by_slot.keys().next_back().copied().unwrap_or(slot).max(slot);
		let oldest_kept = Slot::from(u64::from(newest).saturating_sub(SLOTS_KEPT));
		if slot < oldest_kept {
			return None;
		}
		// Drop the slots that fell out of the window (usually none, at most a few per import).
		while self.by_slot.first_key_value().is_some_and(|(&oldest, _)| oldest < oldest_kept) {
			self.by_slot.pop_first();
		}

		let authorities = self.by_slot.entry(slot).or_default();
		match authorities.get_mut(&authority) {
			None => {
				authorities.insert(authority, Seen { first: sealed.clone(), reported: false });
				None
			}
			Some(seen) if seen.reported || seen.first.hash() == sealed.hash() => None,
			Some(seen) => {
				seen.reported = true;
				Some(seen.first.clone())
			}
		}
	}
}

/// The transaction pool handed to sc-consensus-babe's own equivocation reporter: it takes nothing.
///
/// That reporter's proofs carry unsealed headers and would fail on chain (each taking a block's
/// weight for nothing); the pool's one-report-per-(offender, slot) rule does not stop them, since
/// the runtime validates a report's key ownership, not its headers, before a block includes it.
/// sc-consensus-babe uses this pool for nothing else.
pub struct RefuseStockReports;

impl LocalTransactionPool for RefuseStockReports {
	type Block = Block;
	type Hash = <Block as BlockT>::Hash;
	type Error = sc_transaction_pool_api::error::Error;

	fn submit_local(
		&self,
		_at: <Block as BlockT>::Hash,
		_xt: LocalTransactionFor<Self>,
	) -> Result<Self::Hash, Self::Error> {
		Err(sc_transaction_pool_api::error::Error::ImmediatelyDropped)
	}
}

/// The BABE block import, preceded by a reporter of equivocations with sealed headers.
pub struct EquivocationReporter<I> {
	inner: I,
	client: Arc<FullClient>,
	select_chain: FullSelectChain,
	offchain_tx_pool_factory: OffchainTransactionPoolFactory<Block>,
	headers: Arc<Mutex<SlotHeaders>>,
}

impl<I: Clone> Clone for EquivocationReporter<I> {
	fn clone(&self) -> Self {
		Self {
			inner: self.inner.clone(),
			client: self.client.clone(),
			select_chain: self.select_chain.clone(),
			offchain_tx_pool_factory: self.offchain_tx_pool_factory.clone(),
			headers: self.headers.clone(),
		}
	}
}

impl<I> EquivocationReporter<I> {
	/// Wrap `inner` (the BABE block import).
	pub fn new(
		inner: I,
		client: Arc<FullClient>,
		select_chain: FullSelectChain,
		offchain_tx_pool_factory: OffchainTransactionPoolFactory<Block>,
	) -> Self {
		Self { inner, client, select_chain, offchain_tx_pool_factory, headers: Default::default() }
	}

	/// Index the block's sealed header. Returns (slot, authority, first header, this header) when
	/// it makes an equivocation not reported yet.
	fn observe(
		&self,
		block: &BlockImportParams<Block>,
	) -> Option<(Slot, AuthorityIndex, Header, Header)> {
		// Blocks of the initial sync are old: their equivocations are past reporting.
		if block.origin == BlockOrigin::NetworkInitialSync || block.post_digests.is_empty() {
			return None;
		}
		let sealed = block.post_header();
		let pre_digest = sc_consensus_babe::find_pre_digest::<Block>(&sealed).ok()?;
		let (slot, authority) = (pre_digest.slot(), pre_digest.authority_index());
		let first = self.headers.lock().ok()?.observe(slot, authority, &sealed)?;
		Some((slot, authority, first, sealed))
	}

	/// Build, check and submit the proof that `authority` sealed both headers at `slot`.
	async fn report(
		&self,
		slot: Slot,
		authority: AuthorityIndex,
		first_header: Header,
		second_header: Header,
	) -> Result<(), String> {
		// The first header's block is imported and lies in the slot's epoch and session: its
		// state names the slot's authorities and proves the offender's key ownership in that
		// session (the parent of a block opening a session would prove the previous one).
		let at = first_header.hash();
		let api = self.client.runtime_api();
		let offender = api
			.current_epoch(at)
			.map_err(|e| e.to_string())?
			.authorities
			.get(authority as usize)
			.map(|(id, _)| id.clone())
			.ok_or_else(|| format!("no authority {authority} in the epoch of slot {slot}"))?;
		let proof = EquivocationProof { offender, slot, first_header, second_header };
		if !sp_consensus_babe::check_equivocation_proof(proof.clone()) {
			return Err(format!("the two headers at slot {slot} do not prove an equivocation"));
		}
		log::info!(
			target: LOG_TARGET,
			"Authority {:?} equivocated at slot {slot}: headers {:?} and {:?}",
			proof.offender,
			proof.first_header.hash(),
			proof.second_header.hash(),
		);
		let key_owner_proof = api
			.generate_key_ownership_proof(at, slot, proof.offender.clone())
			.map_err(|e| e.to_string())?
			.ok_or_else(|| "the offender is not in the slot's authority set".to_string())?;

		let best = self.select_chain.best_chain().await.map_err(|e| e.to_string())?.hash();
		let mut api = self.client.runtime_api();
		api.register_extension(self.offchain_tx_pool_factory.offchain_transaction_pool(best));
		let offender = proof.offender.clone();
		api.submit_report_equivocation_unsigned_extrinsic(best, proof, key_owner_proof)
			.map_err(|e| e.to_string())?
			.ok_or_else(|| "the transaction pool refused the report".to_string())?;
		log::info!(target: LOG_TARGET, "Submitted the equivocation report of {offender:?}");
		Ok(())
	}
}

#[async_trait::async_trait]
impl<I> BlockImport<Block> for EquivocationReporter<I>
where
	I: BlockImport<Block, Error = ConsensusError> + Send + Sync,
{
	type Error = ConsensusError;

	async fn check_block(
		&self,
		block: BlockCheckParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		self.inner.check_block(block).await
	}

	async fn import_block(
		&self,
		block: BlockImportParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		if let Some((slot, authority, first, second)) = self.observe(&block) {
			if let Err(error) = self.report(slot, authority, first, second).await {
				log::warn!(target: LOG_TARGET, "Could not report a BABE equivocation: {error}");
			}
		}
		self.inner.import_block(block).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_consensus_babe::digests::{CompatibleDigestItem, PreDigest, SecondaryPlainPreDigest};
	use sp_runtime::{traits::Header as _, Digest, DigestItem};

	fn header(slot: u64, authority: AuthorityIndex, state_root: u8) -> Header {
		let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
			authority_index: authority,
			slot: slot.into(),
		});
		let seal = DigestItem::babe_seal(sp_core::sr25519::Signature::from_raw([7; 64]).into());
		Header::new(
			1,
			Default::default(),
			[state_root; 32].into(),
			Default::default(),
			Digest { logs: vec![DigestItem::babe_pre_digest(pre), seal] },
		)
	}

	#[test]
	fn the_same_header_twice_is_no_equivocation() {
		let mut headers = SlotHeaders::default();
		assert!(headers.observe(10.into(), 0, &header(10, 0, 1)).is_none());
		assert!(headers.observe(10.into(), 0, &header(10, 0, 1)).is_none());
	}

	#[test]
	fn two_authorities_at_one_slot_are_no_equivocation() {
		let mut headers = SlotHeaders::default();
		assert!(headers.observe(10.into(), 0, &header(10, 0, 1)).is_none());
		assert!(headers.observe(10.into(), 1, &header(10, 1, 2)).is_none());
	}

	#[test]
	fn a_second_header_is_reported_once() {
		let mut headers = SlotHeaders::default();
		let first = header(10, 3, 1);
		assert!(headers.observe(10.into(), 3, &first).is_none());
		assert_eq!(headers.observe(10.into(), 3, &header(10, 3, 2)), Some(first));
		// A third header of the same pair: already reported.
		assert!(headers.observe(10.into(), 3, &header(10, 3, 4)).is_none());
	}

	#[test]
	fn slots_out_of_the_window_are_forgotten_and_ignored() {
		let mut headers = SlotHeaders::default();
		assert!(headers.observe(10.into(), 0, &header(10, 0, 1)).is_none());
		let late = 10 + SLOTS_KEPT + 1;
		assert!(headers.observe(late.into(), 0, &header(late, 0, 1)).is_none());
		// Slot 10 fell out of the window: neither kept nor reported.
		assert_eq!(headers.by_slot.len(), 1);
		assert!(headers.observe(10.into(), 0, &header(10, 0, 2)).is_none());
	}
}
