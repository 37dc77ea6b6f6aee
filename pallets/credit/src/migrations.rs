//! Storage migrations of the credit pallet.

use crate::{Config, Pallet, Parameters, ParamsOf};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use metachain_primitives::{
	credit::CreditPoints,
	parameters::{append_fields_unchecked, migrate_appending_fields},
};

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
			// Version 2 appends more and checks the whole set (`v2`).
			let floor: CreditPoints = 0;
			append_fields_unchecked(&Parameters::<T>::hashed_key(), &floor);
			T::DbWeight::get().reads_writes(1, 1)
		}
	}
}

/// Version 1 → 2: the parameters gained `invite_vesting_periods` and `reregister_cooldown`
/// (issue 16, rule 4), appended at their end, with the values `Values` gives (the runtime's
/// rules: a chain that upgrades gets them at once, not a window with neither).
pub mod v2 {
	use super::*;
	use frame_system::pallet_prelude::BlockNumberFor;
	use metachain_primitives::credit::PeriodIndex;

	/// The migration, applied only while the pallet's storage version is 1.
	pub type MigrateV1ToV2<T, Values> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T, Values>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	/// The migration without the version check: use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T, Values>(core::marker::PhantomData<(T, Values)>);

	impl<T: Config, Values: Get<(PeriodIndex, BlockNumberFor<T>)>> UncheckedOnRuntimeUpgrade
		for UncheckedMigrateV1ToV2<T, Values>
	{
		fn on_runtime_upgrade() -> Weight {
			if let Err(e) = migrate_appending_fields::<ParamsOf<T>>(
				&Parameters::<T>::hashed_key(),
				&Values::get(),
			) {
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
