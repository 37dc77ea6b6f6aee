//! How other pallets contribute to checkpoints.

use crate::types::{CheckpointNumber, ContributedDigest};
use alloc::vec::Vec;
use frame_support::weights::Weight;

/// A pallet that adds a digest of its reward calculation to every checkpoint.
///
/// Implemented for tuples (of up to [`crate::MAX_CONTRIBUTORS`] members), so a runtime lists its
/// reward pallets as `type Contributors = (IncentivePool, CreditDelegation, Workload);`. Each
/// member is called once per checkpoint, in the tuple's order, in the `on_initialize` of the
/// block that records the checkpoint: it appends its digest of the period that ends (and starts
/// a new one) and returns the weight it used, which must be bounded.
pub trait CheckpointContributor {
	/// Appends this contributor's digest of the period `checkpoint` closes to `digests`, and
	/// returns the weight used.
	fn contribute(checkpoint: CheckpointNumber, digests: &mut Vec<ContributedDigest>) -> Weight;
}

#[impl_trait_for_tuples::impl_for_tuples(8)]
impl CheckpointContributor for Tuple {
	fn contribute(checkpoint: CheckpointNumber, digests: &mut Vec<ContributedDigest>) -> Weight {
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::contribute(checkpoint, digests)); )* );
		weight
	}
}
