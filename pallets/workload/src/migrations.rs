//! Storage migrations of the workload pallet.

use crate::{Config, DayRecord, DayRecordV0, Days, Pallet, Parameters, ParamsOf};
use frame_support::{
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use metachain_primitives::parameters::migrate_appending_fields;
use sp_runtime::{traits::Zero, Perbill};

/// The `WorkRewardRatio` given to stored parameters by [`v1`]: 90%, the whitepaper-era default.
pub const V1_WORK_REWARD_RATIO: Perbill = Perbill::from_percent(90);

/// Version 0 → 1 (issue 16, rule 3): days record the cost basis of their work and the
/// parameters gained `work_reward_ratio`, appended at their end. Days on record (at most
/// `MaxHistoryDepth + 2`) get a cost of zero, so those already settled keep paying pro rata to
/// certificates; the parameters keep every value and get a ratio of [`V1_WORK_REWARD_RATIO`].
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
			let mut days = 0u64;
			Days::<T>::translate::<DayRecordV0<crate::BalanceOf<T>>, _>(|_, old| {
				days += 1;
				Some(DayRecord {
					certificates: old.certificates,
					claimed_certificates: old.claimed_certificates,
					providers: old.providers,
					budget: old.budget,
					paid: old.paid,
					state: old.state,
					cost: Zero::zero(),
					claimed_cost: Zero::zero(),
				})
			});
			if let Err(e) = migrate_appending_fields::<ParamsOf<T>>(
				&Parameters::<T>::hashed_key(),
				&V1_WORK_REWARD_RATIO,
			) {
				// Left as it was: reads fall back to the runtime's default parameters.
				log::error!(target: crate::LOG_TARGET, "workload parameters not migrated: {e:?}");
			}
			T::DbWeight::get().reads_writes(days.saturating_add(1), days.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let raw = frame_support::storage::unhashed::get_raw(&Parameters::<T>::hashed_key());
			if let Some(raw) = raw {
				ParamsOf::<T>::decode(&mut &raw[..])
					.map_err(|_| "workload parameters undecodable after the migration")?;
			}
			frame_support::ensure!(
				Days::<T>::iter_keys().count() == Days::<T>::iter_values().count(),
				"a day undecodable after the migration"
			);
			Ok(())
		}
	}
}
