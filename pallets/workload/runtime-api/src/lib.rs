//! `WorkloadApi`: what clients ask about workload settlement.
//!
//! From @polkadot/api: `api.call.workloadApi.currentDay()`, `api.call.workloadApi.day(index)`,
//! `api.call.workloadApi.providerDays(account)`, `api.call.workloadApi.parameters()`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_workload::{DayIndex, DayRecord, DayState, ProviderDay, WorkloadParams};

sp_api::decl_runtime_apis! {
	/// Workload certificates and their daily settlement.
	pub trait WorkloadApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The current settlement day.
		fn current_day() -> DayIndex;
		/// A day with work (open, settled, or expiring).
		fn day(day: DayIndex) -> Option<DayRecord<Balance>>;
		/// `provider`'s unclaimed certificates and pending rewards on each day still on record.
		fn provider_days(provider: AccountId) -> Vec<ProviderDay<Balance>>;
		/// The settlement rules.
		fn parameters() -> WorkloadParams<Balance, BlockNumber>;
	}
}
