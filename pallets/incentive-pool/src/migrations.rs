//! Storage migrations of the incentive pool.

use crate::{BalanceOf, Commitments, Config, EraCommitment, Pallet, StakingRewards};
use frame_support::{
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};

/// Version 0 → 1: [`Commitments`] was a list of bare amounts, oldest first; each now carries its
/// era. The newest is the era before the active one (the active era's reward is reserved when it
/// ends), the others precede it one by one.
pub mod v1 {
	use super::*;

	metachain_primitives::versioned_migration! {
		/// The migration, applied only while the pallet's storage version is 0.
		pub type MigrateV0ToV1<T> = 0 => 1;
		/// The migration without the version check: use [`MigrateV0ToV1`].
		pub struct UncheckedMigrateV0ToV1;
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let newest = T::StakingRewards::ending_era().map(|active| active.saturating_sub(1));
			let translated = Commitments::<T>::translate::<
				BoundedVec<BalanceOf<T>, T::RewardWindow>,
				_,
			>(|old| {
				let old = old?;
				let len = old.len() as u32;
				let first =
					newest.unwrap_or(len.saturating_sub(1)).saturating_sub(len.saturating_sub(1));
				let tagged = old
					.into_iter()
					.enumerate()
					.map(|(i, amount)| EraCommitment {
						era: first.saturating_add(i as u32),
						amount,
					})
					.collect::<alloc::vec::Vec<_>>();
				// Cannot fail: as many elements as before, under the same bound.
				Some(BoundedVec::truncate_from(tagged))
			});
			if translated.is_err() {
				log::warn!(target: crate::LOG_TARGET, "commitments undecodable: cleared");
				Commitments::<T>::kill();
			}
			T::DbWeight::get().reads_writes(2, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let old = frame_support::storage::unhashed::get::<
				BoundedVec<BalanceOf<T>, T::RewardWindow>,
			>(&Commitments::<T>::hashed_key())
			.unwrap_or_default();
			Ok(old.into_inner().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let old = alloc::vec::Vec::<BalanceOf<T>>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state undecodable")?;
			let new = Commitments::<T>::get();
			let amounts: alloc::vec::Vec<_> = new.iter().map(|c| c.amount).collect();
			frame_support::ensure!(amounts == old, "amounts changed by the migration");
			frame_support::ensure!(
				new.windows(2).all(|w| w[0].era + 1 == w[1].era),
				"eras not consecutive"
			);
			Ok(())
		}
	}
}
