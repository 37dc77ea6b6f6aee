//! Storage migrations of the credit pallet.

use crate::{Config, Pallet, Parameters, ParamsOf};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use metachain_primitives::{
	credit::CreditPoints,
	parameters::{append_fields_unchecked, AppendFields},
};

/// Appends the fields `Values` gives to the stored parameters without checking the whole set:
/// the steps whose fields a later version appends to and checks (`v3`, `v4`).
pub type AppendUnchecked<T, Values> =
	AppendFields<ParamsOf<T>, Parameters<T>, Values, <T as frame_system::Config>::DbWeight, false>;

/// Version 0 → 1: the parameters gained `decay_floor` (issue 16, rule 6), appended at their
/// end. Stored parameters keep every value and get a floor of 0: decay as before, until
/// governance sets one.
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

	metachain_primitives::versioned_migration! {
		/// The migration, applied only while the pallet's storage version is 1.
		pub type MigrateV1ToV2<T, Values> = 1 => 2;
		/// The migration without the version check: use [`MigrateV1ToV2`].
		pub struct UncheckedMigrateV1ToV2;
	}

	impl<T: Config, Values: Get<(PeriodIndex, BlockNumberFor<T>)>> UncheckedOnRuntimeUpgrade
		for UncheckedMigrateV1ToV2<T, Values>
	{
		fn on_runtime_upgrade() -> Weight {
			// Version 3 appends more and checks the whole set (`v3`).
			append_fields_unchecked(&Parameters::<T>::hashed_key(), &Values::get());
			T::DbWeight::get().reads_writes(1, 1)
		}
	}
}

/// Version 2 → 3: the parameters gained `max_credit_multiplier` (issue 16, rule 1), appended at
/// their end with the value `Value` gives (the runtime's: devices weigh their bonded MC times
/// their credit multiplier from the upgrade on).
pub mod v3 {
	use super::*;

	/// The migration, applied only while the pallet's storage version is 2 (version 4 appends
	/// more and checks the whole set).
	pub type MigrateV2ToV3<T, Value> = VersionedMigration<
		2,
		3,
		AppendUnchecked<T, Value>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 3 → 4: the parameters gained `slash_credit_penalty` and `inviter_slash_penalty`
/// (issue 16, rules 2 and 4), appended at their end with the values `Values` gives (the
/// runtime's). Version 5 appends more and checks the whole set.
pub mod v4 {
	use super::*;

	/// The migration, applied only while the pallet's storage version is 3.
	pub type MigrateV3ToV4<T, Values> = VersionedMigration<
		3,
		4,
		AppendUnchecked<T, Values>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 4 → 5: the parameters gained `relay_deposit` (issue 19, rule 3: heartbeat relays
/// register with a deposit), appended at their end with the value `Value` gives (the
/// runtime's). The whole set is checked. `Relays` is new and starts empty: a relay registers
/// before it submits.
pub mod v5 {
	use super::*;

	/// The migration, applied only while the pallet's storage version is 4.
	pub type MigrateV4ToV5<T, Value> = VersionedMigration<
		4,
		5,
		AppendFields<ParamsOf<T>, Parameters<T>, Value, <T as frame_system::Config>::DbWeight>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
