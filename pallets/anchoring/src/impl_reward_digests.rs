//! The store of the reward pallets' running digests, one per contributor listed in
//! [`Config::Contributors`], taken into each checkpoint.

use crate::{Config, ContributorId, Pallet, PeriodDigests, RunningDigest};
use frame_support::traits::Get;
use metachain_primitives::digest::RewardDigests;

impl<T: Config> RewardDigests for Pallet<T> {
	/// One read and one write of `contributor`'s running digest. An id not listed in
	/// [`Config::Contributors`] is a misconfigured runtime: its records are dropped (a
	/// defensive failure: logged, and a panic in debug builds), so that the store holds no
	/// digest a checkpoint would not take.
	fn note_with(contributor: ContributorId, f: impl FnOnce(&mut RunningDigest)) {
		if !T::Contributors::get().contains(&contributor) {
			frame_support::defensive!(
				"anchoring: a digest of a contributor not listed in Contributors, dropped",
				contributor
			);
			return;
		}
		PeriodDigests::<T>::mutate(contributor, f);
	}
}
