//! The types of workload settlement.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use metachain_primitives::{credit::CreditPoints, work::Musd};
use scale_info::TypeInfo;

/// A settlement day's index (day 0 starts at genesis).
pub type DayIndex = u32;

/// Where the current run of settlement days started: day `start_index` began at `start_block`
/// and every day lasts `length` blocks. Changing `SettlementPeriod` starts a new day at once
/// with the new length, keeping day indices increasing (the same rule as credit periods).
pub type DayAnchor<BlockNumber> = metachain_primitives::credit::PeriodAnchor<BlockNumber>;

/// Where a day is in its life.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DayState {
	/// The day is running: work is being recorded.
	Open,
	/// The day ended; its budget is in the pot and providers may claim.
	Settled,
	/// Claims are closed: what was not claimed went back to the incentive pool, and the day's
	/// certificates are being removed.
	Expired,
}

/// A settlement day with work in it.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DayRecord<Balance> {
	/// All certificates (MUSD of redeemed receipts) of the day.
	pub certificates: Musd,
	/// Certificates whose reward was claimed.
	pub claimed_certificates: Musd,
	/// Providers with certificates that day.
	pub providers: u32,
	/// The MC taken from the incentive pool for the day (zero while open).
	pub budget: Balance,
	/// The MC paid out of the budget so far.
	pub paid: Balance,
	/// Where the day is in its life.
	pub state: DayState,
}

/// A provider's workload on one day, as clients see it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ProviderDay<Balance> {
	/// The day.
	pub day: DayIndex,
	/// The provider's certificates that day (not yet claimed).
	pub certificates: Musd,
	/// All certificates that day.
	pub day_certificates: Musd,
	/// The day's budget (zero while the day is open).
	pub budget: Balance,
	/// What the provider can claim for the day: zero while the day is open.
	pub pending: Balance,
	/// Where the day is in its life.
	pub state: DayState,
}

metachain_primitives::parameter_set! {
	/// The rules of workload settlement, kept in storage.
	pub struct WorkloadParams<Balance, BlockNumber>;
	/// One workload parameter with its new value (see [`WorkloadParams`]).
	pub enum WorkloadParameter {
		/// Blocks per settlement day.
		settlement_period: BlockNumber => SettlementPeriod(Technical),
		/// MC taken from the incentive pool for each day with work.
		daily_workload_reward: Balance => DailyWorkloadReward(Economic),
		/// Credit points per whole MUSD of work (capped per credit period by pallet-credit).
		credit_per_musd: CreditPoints => CreditPerMusd(Economic),
		/// Settled days stay claimable for this many days; then what is unclaimed goes back to
		/// the pool.
		history_depth: u32 => HistoryDepth(Technical),
	}
}
