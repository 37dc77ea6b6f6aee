//! `CreditDelegationApi`: what clients ask about the representative system.
//!
//! From @polkadot/api: `api.call.creditDelegationApi.delegation(device)`,
//! `api.call.creditDelegationApi.pendingRewardsByEra(device)`,
//! `api.call.creditDelegationApi.validatorBacking(validator)`,
//! `api.call.creditDelegationApi.candidates()`,
//! `api.call.creditDelegationApi.parameters()`,
//! `api.call.creditDelegationApi.validatorAtRisk(validator)`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_credit_delegation::{CandidateInfo, DelegationInfo, DelegationParams};
pub use sp_staking::EraIndex;

sp_api::decl_runtime_apis! {
	/// Delegations, device rewards and the proof-of-credit election.
	///
	/// Version 2 (spec_version 110): devices count by weight (bonded MC times their credit
	/// multiplier): `validatorBacking` gives the backing in MC, `delegation` the counted weight,
	/// `candidates` each candidate's backing.
	///
	/// Version 3 (spec_version 112): `validatorAtRisk`.
	#[api_version(3)]
	pub trait CreditDelegationApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The delegation of `device`, with the rewards it can claim now.
		fn delegation(device: AccountId) -> Option<DelegationInfo<AccountId, Balance, BlockNumber>>;
		/// The pending rewards of `device`, era by era.
		fn pending_rewards_by_era(device: AccountId) -> Vec<(EraIndex, Balance)>;
		/// A validator's active device backing (MC of device weight), its delegator count, and
		/// whether it meets both election minimums (stake and backing).
		fn validator_backing(validator: AccountId) -> (Balance, u32, bool);
		/// Every validator candidate with its stake and device backing, best first.
		fn candidates() -> Vec<CandidateInfo<AccountId, Balance>>;
		/// Every parameter of the delegation rules.
		fn parameters() -> DelegationParams<Balance, BlockNumber>;
		/// What backing `validator` puts at risk: its device weight (MC), the bonded MC of the
		/// devices behind it (what a slash of the validator takes from them, in the same
		/// fraction), and its survival (the product of `1 − fraction` over its slashes).
		#[api_version(3)]
		fn validator_at_risk(validator: AccountId) -> (Balance, Balance, sp_runtime::FixedU128);
	}
}
