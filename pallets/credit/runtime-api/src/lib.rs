//! `CreditApi`: what clients ask about devices and their credit.
//!
//! From @polkadot/api: `api.call.creditApi.device(account)`, `api.call.creditApi.replenishCost(points)`,
//! `api.call.creditApi.currentPeriod()`, `api.call.creditApi.parameters()`,
//! `api.call.creditApi.invitation(account)`.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
pub use pallet_credit::{
	CreditParams, CreditPoints, DeviceInfo, DeviceKind, Invitation, PeriodIndex,
};

sp_api::decl_runtime_apis! {
	/// Devices and their credit.
	///
	/// Version 2 (spec_version 110): `device` also gives the bond, what is unbonding, the
	/// credit multiplier and the weight.
	#[api_version(2)]
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
	}
}
