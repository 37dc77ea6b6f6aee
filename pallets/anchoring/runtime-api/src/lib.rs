//! `AnchoringApi`: what clients ask about TracChain anchoring.
//!
//! From @polkadot/api: `api.call.anchoringApi.checkpoint(number)`,
//! `api.call.anchoringApi.checkpointOfBlock(block)`, `api.call.anchoringApi.blockProof(block)`
//! (at the checkpoint's `recorded_at` block: `(await api.at(hash)).call.anchoringApi...`),
//! `api.call.anchoringApi.state()`.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
pub use pallet_anchoring::{
	AnchorTarget, AnchoringState, BlockProof, Checkpoint, CheckpointInfo, CheckpointNumber,
	ExternalRef,
};

sp_api::decl_runtime_apis! {
	/// Checkpoints, block inclusion proofs and anchors.
	pub trait AnchoringApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// A checkpoint with its attestations and anchors on every target.
		fn checkpoint(number: CheckpointNumber) -> Option<CheckpointInfo<AccountId, BlockNumber>>;
		/// The number of the checkpoint that covers `block`, once recorded.
		fn checkpoint_of_block(block: BlockNumber) -> Option<CheckpointNumber>;
		/// The Merkle proof that `block`'s hash is in its checkpoint's `blocks_root`. Needs the
		/// block hashes of the range: call it at the checkpoint's `recorded_at` block (or within
		/// `BlockHashCount - MaxCheckpointInterval` blocks after it).
		fn block_proof(block: BlockNumber) -> Option<BlockProof<BlockNumber>>;
		/// Interval, progress, relayers, threshold, and the latest anchor on each target.
		fn state() -> AnchoringState<AccountId, BlockNumber>;
	}
}
