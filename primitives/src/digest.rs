//! Running digests of reward calculations, for TracChain checkpoints.
//!
//! Each reward pallet notes every reward calculation it makes into its own running digest (a
//! hash chain) through [`RewardDigests`]; `pallet-anchoring` keeps the digests in one store
//! keyed by contributor, and each checkpoint takes every contributor's digest of the period it
//! closes into its root, and starts the next period's from zero.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// Eight bytes naming a contributor of digests, e.g. `*b"incentiv"`.
pub type ContributorId = [u8; 8];

/// A pallet's digest of the reward calculations it made in a checkpoint's period: a hash chain
/// `digest_k = keccak256(digest_{k-1} ++ SCALE(record_k))` over its `records` records, starting
/// from the zero hash in every period.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct RunningDigest {
	/// How many records the chain has.
	pub records: u32,
	/// The last hash of the chain (zero with no record).
	pub digest: H256,
}

impl RunningDigest {
	/// Appends one record (SCALE-encoded) to the chain.
	pub fn note<R: Encode>(&mut self, record: &R) {
		let mut preimage = self.digest.as_bytes().to_vec();
		record.encode_to(&mut preimage);
		self.digest = H256(sp_io::hashing::keccak_256(&preimage));
		self.records = self.records.saturating_add(1);
	}
}

/// Where reward pallets note their calculations for the next checkpoint.
pub trait RewardDigests {
	/// Let `f` append records to `contributor`'s running digest of the current period: one
	/// storage read and one write, however many records `f` notes.
	fn note_with(contributor: ContributorId, f: impl FnOnce(&mut RunningDigest));

	/// Append one record to `contributor`'s running digest of the current period.
	fn note<R: Encode>(contributor: ContributorId, record: &R) {
		Self::note_with(contributor, |d| d.note(record))
	}
}

/// No checkpoints: nothing is kept.
impl RewardDigests for () {
	fn note_with(_contributor: ContributorId, _f: impl FnOnce(&mut RunningDigest)) {}
}
