//! Storage migrations of the credit pallet.

use crate::{Config, Pallet, Parameters, ParamsOf};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use metachain_primitives::{credit::CreditPoints, parameters::migrate_appending_fields};

/// Version 0 → 1: the parameters gained `decay_floor` (issue 16, rule 6), appended at their
/// end. Stored parameters keep every value and get a floor of 0: decay as before, until
/// governance sets one.
pub mod v1 {
	use super::*;

	/// The migration, applied only while the pallet's storage version is 0.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		UncheckedMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	/// The migration without the version check: use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let floor: CreditPoints = 0;
			if let Err(e) =
				migrate_appending_fields::<ParamsOf<T>>(&Parameters::<T>::hashed_key(), &floor)
			{
				// Left as it was: reads fall back to the runtime's default parameters.
				log::error!(target: crate::LOG_TARGET, "credit parameters not migrated: {e:?}");
			}
			T::DbWeight::get().reads_writes(1, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let raw = frame_support::storage::unhashed::get_raw(&Parameters::<T>::hashed_key());
			if let Some(raw) = raw {
				ParamsOf::<T>::decode(&mut &raw[..])
					.map_err(|_| "credit parameters undecodable after the migration")?;
			}
			Ok(())
		}
	}
}
