//! # Workload: certificates and daily settlement
//!
//! Paid services create work; devices that do it earn **workload certificates** and, each day,
//! a share of a fixed MC budget:
//!
//! - **Certificates.** Every MUSD a provider redeems with a receipt (pallet-musd, through
//!   [`OnWorkDone`]) becomes as many certificates for the current settlement day
//!   (`SettlementPeriod` blocks), together with its **cost**: the MC that was burnt to mint
//!   that MUSD (pallet-musd's cost basis, at the price it was minted at).
//! - **Work credit** is `CreditPerMusd` points per whole MUSD, through the work-credit trait
//!   ([`CreditSink`], pallet-credit in the runtime, capped there per credit period), computed
//!   on the provider's running total of the day so small receipts lose nothing to rounding, and
//!   **paid for out of the cost**: each point awarded uses [`Config::CreditPrice`] MC of the
//!   provider's cost of the day (what `replenish_credit` charges per point), and no point is
//!   awarded without that much cost left. Cost used for credit earns no MC.
//! - **Settlement.** When a day with work ends, its budget moves from the incentive pool to
//!   this pallet's pot ([`IncentivePool::pay`]; never minted). The budget is the least of
//!   `DailyWorkloadReward`, `WorkRewardRatio` × the day's cost, and what the pool may pay
//!   besides era rewards under its annual emission cap
//!   ([`IncentivePool::spare_emission`] over the day's length); what the cap leaves stays in the
//!   pool. A day with no work takes nothing. A provider's reward for a day is `budget × its cost
//!   / the day's cost`, rounded down: so a buyer and provider dealing with themselves get back at
//!   most `WorkRewardRatio` of the MC they burnt, alone or beside honest work, and lose the
//!   rest. (Days recorded before cost bases existed pay pro rata to certificates.)
//! - **Claims.** `claim(provider, days)` pays the listed settled days, O(1) each; anyone may
//!   claim for a provider, the MC goes to the provider.
//! - **Expiry.** `HistoryDepth` days after a day, its unclaimed budget goes back to the pool and
//!   its certificates are removed, `ExpiryPageSize` entries per block.
//! - **Digests.** Each settled day `(day, record)` is noted, under [`DIGEST_ID`], in the reward
//!   digests that TracChain checkpoints take ([`RewardDigests`]).
//! - **Parameters** ([`WorkloadParams`]) change through pallet-chain-parameters, which calls
//!   this pallet's [`GovernedParameters`](metachain_primitives::parameters::GovernedParameters) implementation (`impl_governed_parameters!`).
//!
//! Cost: O(1) per call and per block in the number of providers; the block hook settles at most
//! one day, expires at most one day and removes at most `ExpiryPageSize` certificates.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
	weights::Weight,
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use metachain_primitives::{
	credit::{CreditPoints, CreditSink, WorkReason},
	digest::{ContributorId, RewardDigests},
	pool::IncentivePool,
	work::{Musd, OnWorkDone, MUSD},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, SaturatedConversion, Saturating, Zero},
	Rounding,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::workload";

/// The reason work credit is awarded for.
pub const WORK_REASON: WorkReason = *b"workload";

/// The contributor id of this pallet's reward digest (settled days).
pub const DIGEST_ID: ContributorId = *b"workload";

/// The balance type of MC.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// The parameters of the pallet.
pub type ParamsOf<T> = WorkloadParams<BalanceOf<T>, BlockNumberFor<T>>;
/// One parameter with its value.
pub type ParameterOf<T> = WorkloadParameter<BalanceOf<T>, BlockNumberFor<T>>;
/// A day as stored.
pub type DayRecordOf<T> = DayRecord<BalanceOf<T>>;

/// The bound of the queue of settled days: `MaxHistoryDepth` plus the day being removed and
/// one spare.
pub struct SettledQueueBound<T>(PhantomData<T>);
impl<T: Config> Get<u32> for SettledQueueBound<T> {
	fn get() -> u32 {
		T::MaxHistoryDepth::get().saturating_add(2)
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

	/// The storage version: 1 since days record their cost basis ([`migrations::v1`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (MC).
		type Currency: Mutate<Self::AccountId>;

		/// The incentive pool: daily budgets come from it, unclaimed rewards go back to it.
		type IncentivePool: metachain_primitives::pool::IncentivePool<
			Self::AccountId,
			BalanceOf<Self>,
		>;

		/// The pot holding settled days' budgets derives from this.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Work credit (pallet-credit).
		type Credit: CreditSink<Self::AccountId>;

		/// Where the settled days are noted for TracChain checkpoints (pallet-anchoring).
		type RewardDigests: RewardDigests;

		/// MC per credit point, what `replenish_credit` charges (pallet-credit's `CreditPrice`):
		/// each point of work credit uses this much of the provider's cost of the day.
		type CreditPrice: Get<BalanceOf<Self>>;

		/// Milliseconds per block: a day's length in time, for the pool's emission cap.
		#[pallet::constant]
		type MillisPerBlock: Get<u64>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// The longest `HistoryDepth` governance may set.
		#[pallet::constant]
		type MaxHistoryDepth: Get<u32>;

		/// The most days one `claim` pays.
		#[pallet::constant]
		type MaxClaimDays: Get<u32>;

		/// Certificates of an expired day removed per block.
		#[pallet::constant]
		type ExpiryPageSize: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Each provider's certificates per day (removed when claimed or when the day expires).
	#[pallet::storage]
	pub type Certificates<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DayIndex,
		Blake2_128Concat,
		T::AccountId,
		Musd,
		ValueQuery,
	>;

	/// The MC cost basis of each provider's certificates per day that work credit did not use:
	/// its weight in the day's reward (removed with the certificates).
	#[pallet::storage]
	pub type WorkCost<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DayIndex,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Days with work, until their certificates are all removed.
	#[pallet::storage]
	pub type Days<T: Config> = StorageMap<_, Twox64Concat, DayIndex, DayRecordOf<T>>;

	/// The day recording work that has not been settled yet.
	#[pallet::storage]
	pub type OpenDay<T> = StorageValue<_, DayIndex>;

	/// Settled days, oldest first, waiting to expire.
	#[pallet::storage]
	pub type SettledDays<T: Config> =
		StorageValue<_, BoundedVec<DayIndex, SettledQueueBound<T>>, ValueQuery>;

	/// The expired day whose certificates are being removed.
	#[pallet::storage]
	pub type Expiring<T> = StorageValue<_, DayIndex>;

	/// Where the current run of days started (none: day 0 at block 0 with the configured
	/// length).
	#[pallet::storage]
	pub type Anchor<T: Config> = StorageValue<_, DayAnchor<BlockNumberFor<T>>>;

	/// The rules ([`WorkloadParams`]).
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The rules; the runtime's defaults when `None`.
		pub params: Option<ParamsOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			// The pot must outlive every payout: seed its existential deposit from the pool.
			T::IncentivePool::open_pot(&Pallet::<T>::pot_account());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider's work was recorded as certificates.
		WorkRecorded {
			/// The provider.
			provider: T::AccountId,
			/// The day.
			day: DayIndex,
			/// MUSD of work (new certificates).
			value: Musd,
			/// The provider's certificates of the day now.
			certificates: Musd,
			/// Credit awarded for it.
			credit: CreditPoints,
			/// The MC cost basis of the work (burnt to mint its MUSD).
			cost: BalanceOf<T>,
			/// The part of the provider's cost of the day the credit used (`credit` ×
			/// `CreditPrice`).
			credit_cost: BalanceOf<T>,
		},
		/// A day ended: its budget moved from the incentive pool to the pot.
		DaySettled {
			/// The day.
			day: DayIndex,
			/// All certificates of the day.
			certificates: Musd,
			/// Providers with certificates.
			providers: u32,
			/// MC set aside for the day.
			budget: BalanceOf<T>,
			/// The day's cost basis left after credit: the budget is at most `WorkRewardRatio`
			/// of it.
			cost: BalanceOf<T>,
		},
		/// A provider was paid for a day.
		RewardClaimed {
			/// The provider (paid).
			provider: T::AccountId,
			/// The day.
			day: DayIndex,
			/// The provider's certificates of the day.
			certificates: Musd,
			/// MC paid.
			reward: BalanceOf<T>,
		},
		/// A day expired: its unclaimed budget went back to the incentive pool.
		DayExpired {
			/// The day.
			day: DayIndex,
			/// MC returned to the pool.
			returned: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No claimable record of this day: it had no work, or it expired.
		UnknownDay,
		/// The day has not ended yet.
		DayNotSettled,
		/// The day expired: its unclaimed budget went back to the pool.
		DayExpired,
		/// The provider has no unclaimed certificates on this day.
		NoWorkload,
		/// The same day is listed twice.
		DuplicateDay,
		/// No days listed.
		NoDays,
		/// The pot could not pay (the amount is below the existential deposit of a new
		/// account).
		PayoutFailed,
		/// The parameters are not valid (zero period, history depth of zero or above
		/// `MaxHistoryDepth`).
		InvalidParameter,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let mut weight = T::WeightInfo::on_initialize_idle();
			let today = Self::current_day();
			if let Some(day) = OpenDay::<T>::get() {
				if day < today {
					Self::settle(day);
					weight = weight.saturating_add(T::WeightInfo::settle_day());
				}
			}
			weight.saturating_add(Self::expire_step(today))
		}

		fn integrity_test() {
			assert!(T::MaxHistoryDepth::get() > 0, "MaxHistoryDepth must be positive");
			assert!(T::MaxClaimDays::get() > 0, "MaxClaimDays must be positive");
			assert!(T::ExpiryPageSize::get() > 0, "ExpiryPageSize must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Pay `provider` its reward for each of `days`: `budget × certificates / all
		/// certificates` of the day, from the pot. Anyone may claim for a provider; the MC goes
		/// to the provider. Each day must be settled, not expired, and hold certificates of the
		/// provider.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::claim(days.len() as u32))]
		pub fn claim(
			origin: OriginFor<T>,
			provider: T::AccountId,
			days: BoundedVec<DayIndex, T::MaxClaimDays>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(!days.is_empty(), Error::<T>::NoDays);
			for (i, day) in days.iter().enumerate() {
				ensure!(!days[..i].contains(day), Error::<T>::DuplicateDay);
				Self::claim_day(&provider, *day)?;
			}
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot holding the budgets of settled days.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Whether `params` are acceptable.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		!params.settlement_period.is_zero()
			&& params.history_depth > 0
			&& params.history_depth <= T::MaxHistoryDepth::get()
	}

	/// The current settlement day.
	pub fn current_day() -> DayIndex {
		Self::day_at(frame_system::Pallet::<T>::block_number())
	}

	/// The settlement day of block `n`.
	pub fn day_at(n: BlockNumberFor<T>) -> DayIndex {
		Anchor::<T>::get()
			.unwrap_or_else(|| DayAnchor::from_genesis(Parameters::<T>::get().settlement_period))
			.index_at(n)
	}

	/// A provider's reward for a day with `record` in which it holds `certificates` with
	/// `cost`: `budget × cost / the day's cost`, rounded down; on a day without a cost basis
	/// (recorded before spec_version 109), `budget × certificates / all certificates`.
	pub fn reward_of(
		record: &DayRecordOf<T>,
		certificates: Musd,
		cost: BalanceOf<T>,
	) -> BalanceOf<T> {
		let (part, whole) = if record.cost.is_zero() {
			(certificates, record.certificates)
		} else {
			(cost.saturated_into::<u128>(), record.cost.saturated_into::<u128>())
		};
		if whole.is_zero() {
			return Zero::zero();
		}
		multiply_by_rational_with_rounding(
			record.budget.saturated_into::<u128>(),
			part,
			whole,
			Rounding::Down,
		)
		.map(|r| r.saturated_into())
		// Cannot fail: part ≤ whole, so the result is at most the budget.
		.unwrap_or_else(Zero::zero)
	}

	/// The budget of a day whose certificates cost `cost`: the least of `DailyWorkloadReward`,
	/// `WorkRewardRatio × cost`, and what the pool may pay over a day besides era rewards
	/// ([`IncentivePool::spare_emission`]).
	pub fn budget_cap(cost: BalanceOf<T>) -> BalanceOf<T> {
		let params = Parameters::<T>::get();
		let day_millis = params
			.settlement_period
			.saturated_into::<u64>()
			.saturating_mul(T::MillisPerBlock::get());
		params
			.daily_workload_reward
			.min(params.work_reward_ratio * cost)
			.min(T::IncentivePool::spare_emission(day_millis))
	}

	/// Credit for a running total of `certificates` MUSD at `per_musd` points per whole MUSD.
	fn credit_for(certificates: Musd, per_musd: CreditPoints) -> u128 {
		certificates.saturating_mul(per_musd as u128) / MUSD
	}

	/// Record `value` MUSD of work by `provider`, whose MUSD cost `cost` MC to mint, in the
	/// current day; award its work credit, paid for out of its cost of the day.
	pub fn record_work(provider: &T::AccountId, value: Musd, cost: BalanceOf<T>) -> Weight {
		let day = Self::current_day();
		let mut weight = T::WeightInfo::record_work();
		if let Some(open) = OpenDay::<T>::get() {
			if open < day {
				// The block hook settles ended days first; this only runs if it did not.
				Self::settle(open);
				weight = weight.saturating_add(T::WeightInfo::settle_day());
			}
		}
		let before = Certificates::<T>::get(day, provider);
		let after = before.saturating_add(value);
		Certificates::<T>::insert(day, provider, after);

		// Work credit, each point paid with `CreditPrice` of the provider's cost of the day.
		let held = WorkCost::<T>::get(day, provider).saturating_add(cost);
		let per_musd = Parameters::<T>::get().credit_per_musd;
		let price = T::CreditPrice::get();
		let by_work =
			Self::credit_for(after, per_musd).saturating_sub(Self::credit_for(before, per_musd));
		let affordable =
			if price.is_zero() { by_work } else { (held / price).saturated_into::<u128>() };
		let due: CreditPoints = by_work.min(affordable).saturated_into();
		let credit = if due > 0 {
			weight = weight.saturating_add(T::Credit::weight());
			T::Credit::award(provider, due, WORK_REASON).unwrap_or_else(|e| {
				log::debug!(target: LOG_TARGET, "no work credit for {provider:?}: {e:?}");
				0
			})
		} else {
			0
		};
		let credit_cost = price.saturating_mul(credit.into()).min(held);
		let left = held.saturating_sub(credit_cost);
		if left.is_zero() {
			WorkCost::<T>::remove(day, provider);
		} else {
			WorkCost::<T>::insert(day, provider, left);
		}
		Days::<T>::mutate(day, |r| {
			let r = r.get_or_insert_with(DayRecord::open);
			r.certificates = r.certificates.saturating_add(value);
			r.cost = r.cost.saturating_add(cost).saturating_sub(credit_cost);
			if before.is_zero() {
				r.providers = r.providers.saturating_add(1);
			}
		});
		OpenDay::<T>::put(day);
		Self::deposit_event(Event::WorkRecorded {
			provider: provider.clone(),
			day,
			value,
			certificates: after,
			credit,
			cost,
			credit_cost,
		});
		weight
	}

	/// End `day`: move its budget from the pool to the pot and queue it for expiry.
	fn settle(day: DayIndex) {
		OpenDay::<T>::kill();
		let Some(mut record) = Days::<T>::get(day) else {
			frame_support::defensive!("an open day without a record");
			return;
		};
		let budget = Self::budget_cap(record.cost).min(T::IncentivePool::available());
		let budget = if budget.is_zero() {
			budget
		} else {
			match T::IncentivePool::pay(&Self::pot_account(), budget) {
				Ok(()) => budget,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "day {day}: budget not taken: {e:?}");
					Zero::zero()
				}
			}
		};
		record.budget = budget;
		record.state = DayState::Settled;
		T::RewardDigests::note(DIGEST_ID, &(day, &record));
		Days::<T>::insert(day, record);
		SettledDays::<T>::mutate(|q| {
			if q.try_push(day).is_err() {
				// Cannot happen: days expire `HistoryDepth` ≤ `MaxHistoryDepth` days after they
				// settle, at most one settles per day, and the queue holds two more.
				frame_support::defensive!("the settled-day queue is full");
			}
		});
		Self::deposit_event(Event::DaySettled {
			day,
			certificates: record.certificates,
			providers: record.providers,
			budget,
			cost: record.cost,
		});
	}

	/// One block's expiry work: start expiring the oldest settled day once it is more than
	/// `HistoryDepth` days old (its unclaimed budget back to the pool), and remove up to
	/// `ExpiryPageSize` certificates of the day being expired. Returns the weight used.
	fn expire_step(today: DayIndex) -> Weight {
		let mut weight = Weight::zero();
		if Expiring::<T>::get().is_none() {
			let depth = Parameters::<T>::get().history_depth;
			let mut queue = SettledDays::<T>::get();
			match queue.first() {
				Some(&day) if today > day.saturating_add(depth) => {
					queue.remove(0);
					SettledDays::<T>::put(queue);
					Self::expire(day);
					weight = weight.saturating_add(T::WeightInfo::expire_day());
				}
				_ => return weight,
			}
		}
		let Some(day) = Expiring::<T>::get() else {
			return weight;
		};
		Self::remove_page(day);
		weight.saturating_add(T::WeightInfo::remove_certificates(T::ExpiryPageSize::get()))
	}

	/// Remove up to `ExpiryPageSize` certificates of the expired `day`; once none is left,
	/// forget the day.
	fn remove_page(day: DayIndex) {
		let page = T::ExpiryPageSize::get();
		let certificates = Certificates::<T>::clear_prefix(day, page, None);
		// At most as many costs as certificates: cleared in step.
		let costs = WorkCost::<T>::clear_prefix(day, page, None);
		if certificates.maybe_cursor.is_none() && costs.maybe_cursor.is_none() {
			Expiring::<T>::kill();
			Days::<T>::remove(day);
		}
	}

	/// Return what `day`'s budget still holds to the pool and close its claims.
	fn expire(day: DayIndex) {
		let returned = Days::<T>::mutate(day, |r| {
			let Some(r) = r else { return Zero::zero() };
			r.state = DayState::Expired;
			r.budget.saturating_sub(r.paid)
		});
		let returned = if returned.is_zero() {
			returned
		} else {
			match T::IncentivePool::receive(&Self::pot_account(), returned) {
				Ok(()) => returned,
				Err(e) => {
					frame_support::defensive!("the pot cannot return an expired budget", e);
					Zero::zero()
				}
			}
		};
		Expiring::<T>::put(day);
		Self::deposit_event(Event::DayExpired { day, returned });
	}

	fn claim_day(provider: &T::AccountId, day: DayIndex) -> Result<(), Error<T>> {
		let mut record = Days::<T>::get(day).ok_or(Error::<T>::UnknownDay)?;
		match record.state {
			DayState::Open => return Err(Error::<T>::DayNotSettled),
			DayState::Expired => return Err(Error::<T>::DayExpired),
			DayState::Settled => {}
		}
		let certificates = Certificates::<T>::get(day, provider);
		if certificates.is_zero() {
			return Err(Error::<T>::NoWorkload);
		}
		let cost = WorkCost::<T>::get(day, provider);
		let reward = Self::reward_of(&record, certificates, cost);
		if !reward.is_zero() {
			T::Currency::transfer(&Self::pot_account(), provider, reward, Preservation::Preserve)
				.map_err(|_| Error::<T>::PayoutFailed)?;
		}
		Certificates::<T>::remove(day, provider);
		WorkCost::<T>::remove(day, provider);
		record.paid = record.paid.saturating_add(reward);
		record.claimed_certificates = record.claimed_certificates.saturating_add(certificates);
		record.claimed_cost = record.claimed_cost.saturating_add(cost);
		Days::<T>::insert(day, record);
		Self::deposit_event(Event::RewardClaimed {
			provider: provider.clone(),
			day,
			certificates,
			reward,
		});
		Ok(())
	}

	/// `provider`'s workload on every day still on record: the open day and the settled days
	/// within `HistoryDepth` (at most `MaxHistoryDepth + 1` reads).
	pub fn provider_days(provider: &T::AccountId) -> Vec<ProviderDay<BalanceOf<T>>> {
		let today = Self::current_day();
		let depth = Parameters::<T>::get().history_depth.min(T::MaxHistoryDepth::get());
		let first = today.saturating_sub(depth);
		(first..=today)
			.filter_map(|day| {
				let record = Days::<T>::get(day)?;
				let certificates = Certificates::<T>::get(day, provider);
				if certificates.is_zero() {
					return None;
				}
				let cost = WorkCost::<T>::get(day, provider);
				let pending = match record.state {
					DayState::Settled => Self::reward_of(&record, certificates, cost),
					_ => Zero::zero(),
				};
				Some(ProviderDay {
					day,
					certificates,
					day_certificates: record.certificates,
					budget: record.budget,
					pending,
					state: record.state,
					cost,
					day_cost: record.cost,
				})
			})
			.collect()
	}

	/// The invariants: a day pays at most its budget, and its budget is at most the MC burnt for
	/// its work; its certificates and costs add up; at most one day is open; the pot holds every
	/// settled day's unpaid budget. Iterates every day and
	/// certificate (try-runtime only).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let mut owed = BalanceOf::<T>::zero();
		let mut open = 0u32;
		let expiring = Expiring::<T>::get();
		for (day, record) in Days::<T>::iter() {
			ensure!(record.paid <= record.budget, "a day paid more than its budget");
			// `WorkRewardRatio` is at most 100%: work never pays more MC than was burnt for it.
			ensure!(
				record.cost.is_zero() || record.budget <= record.cost,
				"a day's budget is above the MC burnt for its work"
			);
			ensure!(
				record.claimed_certificates <= record.certificates,
				"more certificates claimed than recorded"
			);
			match record.state {
				DayState::Open => {
					open += 1;
					ensure!(OpenDay::<T>::get() == Some(day), "an open day is not OpenDay");
					ensure!(record.budget.is_zero(), "an open day has a budget");
				}
				DayState::Settled => {
					owed = owed.saturating_add(record.budget.saturating_sub(record.paid));
					ensure!(SettledDays::<T>::get().contains(&day), "a settled day is not queued");
				}
				DayState::Expired => {
					ensure!(expiring == Some(day), "an expired day is not being removed")
				}
			}
			if expiring != Some(day) {
				let (sum, count) = Certificates::<T>::iter_prefix(day)
					.fold((0u128, 0u32), |(s, c), (_, v)| (s.saturating_add(v), c + 1));
				ensure!(
					sum.saturating_add(record.claimed_certificates) == record.certificates,
					"certificates do not add up"
				);
				ensure!(count <= record.providers, "more certificate holders than providers");
				let mut cost = BalanceOf::<T>::zero();
				for (provider, c) in WorkCost::<T>::iter_prefix(day) {
					ensure!(
						Certificates::<T>::contains_key(day, &provider),
						"a cost without certificates"
					);
					cost = cost.saturating_add(c);
				}
				ensure!(
					cost.saturating_add(record.claimed_cost) == record.cost,
					"costs do not add up"
				);
			}
		}
		ensure!(open <= 1, "more than one open day");
		ensure!(OpenDay::<T>::get().is_none() || open == 1, "OpenDay without a record");
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= owed.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than the settled days owe"
		);
		ensure!(Self::params_valid(&Parameters::<T>::get()), "invalid parameters");
		Ok(())
	}
}

impl<T: Config> OnWorkDone<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn on_work_done(provider: &T::AccountId, value: Musd, cost: BalanceOf<T>) -> Weight {
		Self::record_work(provider, value, cost)
	}

	fn weight() -> Weight {
		T::WeightInfo::record_work()
			.saturating_add(T::WeightInfo::settle_day())
			.saturating_add(T::Credit::weight())
	}
}

impl<T: Config> Pallet<T> {
	/// What a change of the rules implies: a new `settlement_period` starts the next day at once, at
	/// the current block, with the new length.
	fn on_parameters_change(old: &ParamsOf<T>, new: &ParamsOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		let (old, new) = (old.settlement_period, new.settlement_period);
		if let Some(anchor) = DayAnchor::after_length_change(now, Self::current_day(), old, new) {
			Anchor::<T>::put(anchor);
		}
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter,
	on_change = Pallet::<T>::on_parameters_change
);
