//! The types of workload settlement.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use metachain_primitives::{credit::CreditPoints, work::Musd};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

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
	/// The MC burnt to mint the MUSD of the day's certificates (their cost basis), less what
	/// work credit used: the day's budget is at most `WorkRewardRatio` of it, and each provider
	/// is paid pro rata to its part. Zero on days recorded before cost bases existed (spec 108
	/// and earlier); those pay pro rata to certificates.
	pub cost: Balance,
	/// The part of `cost` whose reward was claimed.
	pub claimed_cost: Balance,
}

impl<Balance: Copy + sp_runtime::traits::Zero> DayRecord<Balance> {
	/// A day that just opened.
	pub fn open() -> Self {
		Self {
			certificates: 0,
			claimed_certificates: 0,
			providers: 0,
			budget: Balance::zero(),
			paid: Balance::zero(),
			state: DayState::Open,
			cost: Balance::zero(),
			claimed_cost: Balance::zero(),
		}
	}
}

/// A day as stored up to spec_version 108 (storage version 0), before cost bases.
#[derive(Encode, Decode)]
pub struct DayRecordV0<Balance> {
	/// All certificates of the day.
	pub certificates: Musd,
	/// Certificates whose reward was claimed.
	pub claimed_certificates: Musd,
	/// Providers with certificates that day.
	pub providers: u32,
	/// The MC taken from the pool for the day.
	pub budget: Balance,
	/// The MC paid so far.
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
	/// The MC cost basis of the provider's certificates that work credit did not use: its
	/// weight in the day's reward.
	pub cost: Balance,
	/// The day's whole cost basis (see [`DayRecord::cost`]).
	pub day_cost: Balance,
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
		/// A day's budget is at most this share of the MC that was burnt for its work (the cost
		/// basis of its certificates), so work never pays more than others paid for it.
		work_reward_ratio: Perbill => WorkRewardRatio(Economic),
	}
}
