//! `CreditApi`: what clients ask about devices and their credit.
//!
//! From @polkadot/api: `api.call.creditApi.device(account)`, `api.call.creditApi.replenishCost(points)`,
//! `api.call.creditApi.currentPeriod()`, `api.call.creditApi.parameters()`,
//! `api.call.creditApi.invitation(account)`, `api.call.creditApi.heartbeatReadiness(accounts)`.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
use sp_runtime::DispatchError;
extern crate alloc;
use alloc::vec::Vec;
pub use pallet_credit::{
	CreditParams, CreditPoints, DeviceInfo, DeviceKind, HeartbeatClass, Invitation, PeriodIndex,
};

sp_api::decl_runtime_apis! {
	/// Devices and their credit.
	///
	/// Version 2 (spec_version 110): `device` also gives the bond, what is unbonding, the
	/// credit multiplier and the weight. Version 3 (spec_version 124): `heartbeat_readiness`.
	/// Version 4 (spec_version 127): `heartbeat_readiness` answers each entry's class.
	#[api_version(4)]
	pub trait CreditApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The device of `who`, if registered.
		fn device(who: AccountId) -> Option<DeviceInfo<AccountId, Balance, BlockNumber>>;
		/// The MC cost of replenishing `points` credit.
		fn replenish_cost(points: CreditPoints) -> Balance;
		/// The current credit period.
		fn current_period() -> PeriodIndex;
		/// Every parameter of the credit rules.
		fn parameters() -> CreditParams<Balance, BlockNumber>;
		/// The open invitation of `who`, if any.
		fn invitation(who: AccountId) -> Option<Invitation<AccountId, BlockNumber>>;
		/// For each of `devices` (at most a batch's worth), whether a heartbeat of the current
		/// period would be taken now: `Ok(heavy)`, `heavy` when the device counts against a
		/// batch's `heavy` witness (it delegates, or answers for a validator it left), or the
		/// credit pallet's error its entry would be skipped with.
		#[changed_in(4)]
		fn heartbeat_readiness(devices: Vec<AccountId>) -> Vec<Result<bool, DispatchError>>;
		/// For each of `devices` (at most a batch's worth), the class of a heartbeat of the
		/// current period if it would be taken now (`HeartbeatClass`: light, grouped under a
		/// validator, or heavy; what the batch's `HeartbeatWitness` counts), or the credit
		/// pallet's error its entry would be skipped with. What a relay asks before it batches.
		fn heartbeat_readiness(
			devices: Vec<AccountId>,
		) -> Vec<Result<HeartbeatClass<AccountId>, DispatchError>>;
	}
}
