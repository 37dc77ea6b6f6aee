//! How other pallets read credit, learn of its changes and award work credit.

use crate::types::{CreditPoints, CreditSnapshot, DeviceKind, PeriodIndex, WorkReason};
use frame_support::weights::Weight;
use sp_runtime::DispatchError;

/// Read a device's credit (all O(1)).
pub trait CreditInspect<AccountId> {
	/// The device's effective credit now (decay applied), whether it is active, and the period
	/// of its last heartbeat; `None` if it is not registered.
	fn snapshot(who: &AccountId) -> Option<CreditSnapshot>;
	/// The kind of the device, if registered.
	fn kind(who: &AccountId) -> Option<DeviceKind>;
	/// The device's level now: effective credit / `CreditPerLevel`.
	fn level(who: &AccountId) -> Option<u32>;
	/// Whether the device is active and has at least `MinRewardCredit`: it may earn rewards and
	/// delegate.
	fn meets_reward_threshold(who: &AccountId) -> bool;
	/// The current credit period.
	fn current_period() -> PeriodIndex;
	/// `MinRewardCredit`: the least credit that earns rewards and may delegate.
	fn reward_threshold() -> CreditPoints;

	/// Register `who` as a device (funding its deposit) with `credit`, alive in the current
	/// period, telling the listeners as a registration does (benchmarks only). Fails as
	/// registration does.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_device(who: &AccountId, credit: CreditPoints) -> sp_runtime::DispatchResult;
}

/// Told whenever a device's stored credit state changes: registration (`old` is `None`),
/// heartbeat, bonus, work credit, replenishment, decay written back, deregistration (`new`
/// is inactive), withdrawal (`new` is `None`). Called in O(1) for each change.
pub trait OnCreditChanged<AccountId> {
	/// `who`'s credit went from `old` to `new`. Returns the weight it used (at most
	/// [`Self::weight`]): heartbeats refund the difference.
	fn on_credit_changed(
		who: &AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> Weight;
	/// The most weight one call of [`Self::on_credit_changed`] may take; the credit pallet adds
	/// it to the weight of every call that reports a change.
	fn weight() -> Weight;
}

#[impl_trait_for_tuples::impl_for_tuples(8)]
impl<AccountId> OnCreditChanged<AccountId> for Tuple {
	fn on_credit_changed(
		who: &AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> Weight {
		#[allow(unused_mut)]
		let mut used = Weight::zero();
		for_tuples!( #( used = used.saturating_add(Tuple::on_credit_changed(who, old, new)); )* );
		used
	}
	fn weight() -> Weight {
		#[allow(unused_mut)]
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::weight()); )* );
		weight
	}
}

/// Told of the MC that replenishment sends to the incentive pool (the reward share of the
/// price), so that it can be paid out to devices.
#[impl_trait_for_tuples::impl_for_tuples(8)]
pub trait OnReplenished<Balance: Copy> {
	/// `to_pool` MC of a replenishment went to the incentive pool.
	fn on_replenished(to_pool: Balance);
}

/// Award work credit to a device (used by the workload pallet). Capped per device and period
/// by `MaxWorkCreditPerPeriod`.
pub trait CreditSink<AccountId> {
	/// Award up to `points` to `who` for `reason`; returns the points actually awarded (0 once
	/// the period's cap is reached). Fails if `who` is not an active device.
	fn award(
		who: &AccountId,
		points: CreditPoints,
		reason: WorkReason,
	) -> Result<CreditPoints, DispatchError>;
	/// The most weight one call of [`Self::award`] may take (including the credit listeners).
	fn weight() -> Weight;
}
