//! # Price oracle: MC/USD for MUSD
//!
//! MUSD is a stable point (1 MUSD = 1 USD) minted by burning MC at this oracle's price. The
//! price is a [`FixedU128`]: US dollars per one whole MC (10^12 plancks).
//!
//! - **Feeders.** A bounded set of accounts (at most [`Config::MaxFeeders`]), added and removed
//!   by [`Config::FeederOrigin`]. Each feeder's latest submission is stored with it, in one
//!   bounded list ([`Feeders`]), so that computing the median is one read.
//! - **Submissions.** A feeder submits a non-zero price with `submit_price`, at most once per
//!   block; it replaces its previous one. A submission made at block `at` is *fresh* at block
//!   `now` while `now - at < staleness_window`.
//! - **Median.** With at least `min_feeders` fresh submissions, the oracle's median is the middle
//!   one (odd count) or the mean of the two middle ones, rounded down (even count).
//! - **Step limit, per unit of time.** No two prices recorded less than `step_period` blocks
//!   apart differ by more than `max_price_step`, however many feeders submit in between: the
//!   price in force is the median clamped to within `max_price_step` of every price recorded in
//!   the last `step_period` blocks and of the last recorded price ([`LastPrice`]). The recent
//!   prices are kept as the lowest and highest of each of the last [`STEP_BUCKETS`] + 1 buckets
//!   of `⌈step_period / STEP_BUCKETS⌉` blocks ([`RecentPrices`]; a bucket may reach a little
//!   further back than `step_period`, which only narrows the range). Each `submit_price` with
//!   enough fresh submissions records the new price ([`Event::PriceUpdated`], or
//!   [`Event::PriceClamped`] when clamped). So a coalition of feeders that holds the median
//!   moves the price at most `max_price_step` per `step_period`, not per submission.
//! - **Never stale.** The price in force ([`Pallet::price`], also [`PriceProvider::price`]) is
//!   computed when read, from the submissions fresh at the current block: when they age out,
//!   or fewer than `min_feeders` are fresh, there is no price (`None`) and nothing can be valued
//!   at it. While the fresh median is the one recorded, the price in force is the recorded
//!   price; once it differs (a submission aged out, a feeder was removed), it is the new median
//!   clamped around the recorded price.
//!
//! The rules' numbers ([`OracleParams`], all technical) are in storage ([`Parameters`]), set at
//! genesis and changed one at a time through `pallet-chain-parameters`
//! ([`GovernedParameters`](metachain_primitives::parameters::GovernedParameters), checked by
//! [`Pallet::params_valid`]).
//!
//! Cost: every call and every read of the price is bounded by [`Config::MaxFeeders`]: one read
//! (and at most one write) of the feeder list, and a sort of at most `MaxFeeders` prices. The
//! pallet has no per-block hooks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

/// How other pallets read the price in force (moved to `metachain-primitives`).
pub use metachain_primitives::price::PriceProvider;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	defensive,
	dispatch::DispatchResult,
	ensure,
	traits::{ConstU32, Get},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	FixedU128, Perbill,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::price-oracle";

/// The parameters of the pallet.
pub type ParamsOf<T> = OracleParams<BlockNumberFor<T>>;
/// A feeder as stored.
pub type FeederOf<T> = Feeder<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// The list of feeders as stored.
pub type FeedersOf<T> = BoundedVec<FeederOf<T>, <T as Config>::MaxFeeders>;
/// A submission as stored.
pub type SubmissionOf<T> = Submission<BlockNumberFor<T>>;
/// The last recorded price.
pub type RecordedPriceOf<T> = RecordedPrice<BlockNumberFor<T>>;
/// The price in force, as read.
pub type PriceInfoOf<T> = PriceInfo<BlockNumberFor<T>>;
/// The recent prices as stored: one bucket per `⌈step_period / STEP_BUCKETS⌉` blocks, oldest
/// first.
pub type RecentPricesOf<T> =
	BoundedVec<PriceBucket<BlockNumberFor<T>>, ConstU32<{ STEP_BUCKETS + 1 }>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin that adds and removes feeders.
		type FeederOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most feeders at once: bounds the feeder list, and so the cost of every call and of
		/// every read of the price.
		#[pallet::constant]
		type MaxFeeders: Get<u32>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The oracle's rules: staleness window, fresh submissions needed, largest price step.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	/// The feeders, in the order they were added, each with its latest submission. At most
	/// [`Config::MaxFeeders`]; no account twice.
	#[pallet::storage]
	pub type Feeders<T: Config> = StorageValue<_, FeedersOf<T>, ValueQuery>;

	/// The price recorded by the last `submit_price` with enough fresh submissions (or set at
	/// genesis): the reference the price in force may move at most `max_price_step` from.
	#[pallet::storage]
	pub type LastPrice<T: Config> = StorageValue<_, RecordedPriceOf<T>, OptionQuery>;

	/// The lowest and highest price recorded in each of the last [`STEP_BUCKETS`] + 1 buckets of
	/// `⌈step_period / STEP_BUCKETS⌉` blocks that recorded any, oldest first: what the step
	/// limit reads to keep every price within `max_price_step` of every price recorded in the
	/// last `step_period` blocks.
	#[pallet::storage]
	pub type RecentPrices<T: Config> = StorageValue<_, RecentPricesOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The feeders at genesis (distinct, at most `MaxFeeders`), with no submissions yet.
		pub feeders: Vec<T::AccountId>,
		/// The parameters; `None` takes the runtime's defaults.
		pub params: Option<ParamsOf<T>>,
		/// A non-zero recorded price to start from (the first price is then clamped around it);
		/// `None` records none, so the first median is taken as it is. In JSON a decimal string,
		/// e.g. `"0.05"`.
		pub initial_price: Option<FixedU128>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			let mut feeders = FeedersOf::<T>::default();
			for account in &self.feeders {
				assert!(
					!feeders.iter().any(|f| &f.account == account),
					"price oracle: genesis feeder listed twice"
				);
				assert!(
					feeders.try_push(Feeder { account: account.clone(), last: None }).is_ok(),
					"price oracle: more genesis feeders than MaxFeeders"
				);
			}
			Feeders::<T>::put(feeders);
			if let Some(price) = self.initial_price {
				assert!(!price.is_zero(), "price oracle: zero initial price");
				LastPrice::<T>::put(RecordedPrice {
					price,
					median: price,
					at: Zero::zero(),
					fresh_feeders: 0,
				});
				let mut recent = RecentPricesOf::<T>::default();
				Pallet::<T>::note_recent(&mut recent, &params, Zero::zero(), price);
				RecentPrices::<T>::put(recent);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A feeder was added.
		FeederAdded {
			/// The new feeder.
			feeder: T::AccountId,
		},
		/// A feeder was removed, with its submission.
		FeederRemoved {
			/// The former feeder.
			feeder: T::AccountId,
		},
		/// A feeder submitted a price (whether or not it changed the price in force).
		PriceSubmitted {
			/// The feeder.
			feeder: T::AccountId,
			/// The price it submitted, USD per whole MC.
			price: FixedU128,
		},
		/// A new price was recorded: the median of the fresh submissions, within the step
		/// limit.
		PriceUpdated {
			/// The price now in force, USD per whole MC.
			price: FixedU128,
			/// How many fresh submissions it comes from.
			fresh_feeders: u32,
		},
		/// A new price was recorded, clamped: the median was more than `max_price_step` away
		/// from a price recorded in the last `step_period` blocks, or from the last recorded
		/// price.
		PriceClamped {
			/// The median of the fresh submissions.
			median: FixedU128,
			/// The price now in force: the nearest to the median within the step limit.
			price: FixedU128,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a feeder.
		NotFeeder,
		/// The account already is a feeder.
		AlreadyFeeder,
		/// There are `MaxFeeders` feeders already.
		TooManyFeeders,
		/// A price of zero was submitted.
		ZeroPrice,
		/// The feeder already submitted a price in this block.
		AlreadySubmitted,
		/// The parameters are inconsistent: `min_feeders` must be at least 1 and at most
		/// `MaxFeeders`, `staleness_window` at least 1, `step_period` at least `STEP_BUCKETS`.
		InvalidParameters,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxFeeders::get() > 0, "MaxFeeders must be positive");
			assert!(
				Self::params_valid(&T::DefaultParameters::get()),
				"DefaultParameters must be valid"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` as a feeder, with no submission yet.
		///
		/// The origin must be [`Config::FeederOrigin`]. Fails with `AlreadyFeeder`, or with
		/// `TooManyFeeders` when there are [`Config::MaxFeeders`] already. O(`MaxFeeders`).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_feeder())]
		pub fn add_feeder(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::FeederOrigin::ensure_origin(origin)?;
			Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
				ensure!(!feeders.iter().any(|f| f.account == who), Error::<T>::AlreadyFeeder);
				feeders
					.try_push(Feeder { account: who.clone(), last: None })
					.map_err(|_| Error::<T>::TooManyFeeders)?;
				Ok(())
			})?;
			Self::deposit_event(Event::FeederAdded { feeder: who });
			Ok(())
		}

		/// Remove the feeder `who` and its submission.
		///
		/// The origin must be [`Config::FeederOrigin`]. The price in force is computed without
		/// the removed submission from now on (clamped around the last recorded price); with
		/// fewer than `min_feeders` fresh submissions left there is no price.
		/// O(`MaxFeeders`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_feeder())]
		pub fn remove_feeder(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::FeederOrigin::ensure_origin(origin)?;
			Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
				let index =
					feeders.iter().position(|f| f.account == who).ok_or(Error::<T>::NotFeeder)?;
				feeders.remove(index);
				Ok(())
			})?;
			Self::deposit_event(Event::FeederRemoved { feeder: who });
			Ok(())
		}

		/// Submit the caller's price of one whole MC in USD, replacing its previous submission.
		///
		/// The caller must be a feeder; the price must be non-zero; one submission per feeder
		/// and block. With at least `min_feeders` fresh submissions (this one included), their
		/// median, clamped to within `max_price_step` of every price recorded in the last
		/// `step_period` blocks and of the last recorded price, is recorded as the new price
		/// ([`Event::PriceUpdated`] or [`Event::PriceClamped`]); with fewer, the submission is
		/// only stored. Emits [`Event::PriceSubmitted`] in every case.
		/// O(`MaxFeeders`): sorts at most `MaxFeeders` prices; reads at most
		/// `STEP_BUCKETS + 1` recent buckets.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_price())]
		pub fn submit_price(origin: OriginFor<T>, price: FixedU128) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
			let now = frame_system::Pallet::<T>::block_number();
			let mut feeders = Feeders::<T>::get();
			let feeder =
				feeders.iter_mut().find(|f| f.account == who).ok_or(Error::<T>::NotFeeder)?;
			ensure!(feeder.last.is_none_or(|s| s.at != now), Error::<T>::AlreadySubmitted);
			feeder.last = Some(Submission { price, at: now });
			Feeders::<T>::put(&feeders);
			Self::deposit_event(Event::PriceSubmitted { feeder: who, price });

			let params = Parameters::<T>::get();
			let (mut prices, _) = Self::fresh_submissions(&feeders, &params, now);
			let fresh_feeders = prices.len() as u32;
			if fresh_feeders < params.min_feeders {
				return Ok(());
			}
			let Some(median) = median(&mut prices) else {
				return Ok(());
			};
			let mut recent = RecentPrices::<T>::get();
			let range = Self::step_range(&recent, LastPrice::<T>::get().as_ref(), &params, now);
			let in_force = clamp_to(median, range);
			Self::note_recent(&mut recent, &params, now, in_force);
			RecentPrices::<T>::put(recent);
			LastPrice::<T>::put(RecordedPrice { price: in_force, median, at: now, fresh_feeders });
			if in_force == median {
				Self::deposit_event(Event::PriceUpdated { price: in_force, fresh_feeders });
			} else {
				Self::deposit_event(Event::PriceClamped { median, price: in_force });
			}
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The price in force at the current block, or `None` when fewer than `min_feeders`
	/// submissions are fresh.
	///
	/// The median of the fresh submissions; if it is the last recorded median, the last
	/// recorded price; otherwise the median clamped by the step limit (as `submit_price` would
	/// record it). `updated_at` is the block of the newest fresh submission. One read each of
	/// the feeders, the parameters, the last price and the recent prices, and a sort of at most
	/// `MaxFeeders` prices.
	pub fn price() -> Option<PriceInfoOf<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let params = Parameters::<T>::get();
		let (mut prices, updated_at) = Self::fresh_submissions(&Feeders::<T>::get(), &params, now);
		let fresh_feeders = prices.len() as u32;
		if fresh_feeders < params.min_feeders {
			return None;
		}
		let updated_at = updated_at?;
		let median = median(&mut prices)?;
		let price = match LastPrice::<T>::get() {
			Some(last) if last.median == median => last.price,
			last => clamp_to(
				median,
				Self::step_range(&RecentPrices::<T>::get(), last.as_ref(), &params, now),
			),
		};
		Some(PriceInfo { price, updated_at, age: now.saturating_sub(updated_at), fresh_feeders })
	}

	/// The prices of the submissions fresh at `now`, in feeder order, and the block of the
	/// newest of them.
	fn fresh_submissions(
		feeders: &FeedersOf<T>,
		params: &ParamsOf<T>,
		now: BlockNumberFor<T>,
	) -> (Vec<FixedU128>, Option<BlockNumberFor<T>>) {
		let mut prices = Vec::with_capacity(feeders.len());
		let mut newest = None;
		for s in feeders.iter().filter_map(|f| f.last).filter(|s| params.is_fresh(s.at, now)) {
			prices.push(s.price);
			newest = newest.max(Some(s.at));
		}
		(prices, newest)
	}

	/// The range the price may be in at `now`: within `max_price_step` of every price
	/// recorded in the buckets of the last `step_period` blocks and of the `last` recorded
	/// price; `None` when there is none.
	fn step_range(
		recent: &RecentPricesOf<T>,
		last: Option<&RecordedPriceOf<T>>,
		params: &ParamsOf<T>,
		now: BlockNumberFor<T>,
	) -> Option<(FixedU128, FixedU128)> {
		let oldest = params.bucket_of(now).saturating_sub(STEP_BUCKETS.into());
		let in_window = recent.iter().filter(|b| b.index >= oldest).map(|b| (b.low, b.high));
		in_window.chain(last.map(|l| (l.price, l.price))).fold(None, |range, (low, high)| {
			// The lowest price allows the highest new one, the highest the lowest.
			let (floor, _) = step_bounds(high, params.max_price_step);
			let (_, ceiling) = step_bounds(low, params.max_price_step);
			Some(match range {
				None => (floor, ceiling),
				Some((f, c)) => (floor.max(f), ceiling.min(c)),
			})
		})
	}

	/// Note `price`, recorded at `now`, in its bucket; drop the buckets older than the step
	/// limit reads.
	fn note_recent(
		recent: &mut RecentPricesOf<T>,
		params: &ParamsOf<T>,
		now: BlockNumberFor<T>,
		price: FixedU128,
	) {
		let current = params.bucket_of(now);
		let oldest = current.saturating_sub(STEP_BUCKETS.into());
		recent.retain(|b| b.index >= oldest);
		match recent.last_mut() {
			Some(b) if b.index == current => {
				b.low = b.low.min(price);
				b.high = b.high.max(price);
			}
			_ => {
				// After `retain` at most `STEP_BUCKETS` older buckets are left: there is room.
				if recent.try_push(PriceBucket { index: current, low: price, high: price }).is_err()
				{
					defensive!("more recent price buckets than STEP_BUCKETS + 1");
				}
			}
		}
	}

	/// What a change of the rules implies: a new `step_period` changes what a bucket is, so the
	/// recent prices start again from the last recorded price alone.
	fn on_parameters_change(old: &ParamsOf<T>, new: &ParamsOf<T>) {
		if old.step_period == new.step_period {
			return;
		}
		let mut recent = RecentPricesOf::<T>::default();
		if let Some(last) = LastPrice::<T>::get() {
			let now = frame_system::Pallet::<T>::block_number();
			Self::note_recent(&mut recent, new, now, last.price);
		}
		RecentPrices::<T>::put(recent);
	}

	/// Whether `params` are consistent: `1 <= min_feeders <= MaxFeeders`,
	/// `staleness_window >= 1`, `step_period >= STEP_BUCKETS`.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		params.min_feeders >= 1
			&& params.min_feeders <= T::MaxFeeders::get()
			&& !params.staleness_window.is_zero()
			&& params.step_period >= STEP_BUCKETS.into()
	}

	/// The invariants: feeders distinct and at most `MaxFeeders`, no zero or future submission,
	/// valid parameters, a non-zero last price not from the future, recent buckets in order,
	/// none from the future, each with `0 < low <= high`. O(`MaxFeeders`).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		let feeders = Feeders::<T>::get();
		ensure!(feeders.len() as u32 <= T::MaxFeeders::get(), "more feeders than MaxFeeders");
		let distinct: alloc::collections::BTreeSet<&T::AccountId> =
			feeders.iter().map(|f| &f.account).collect();
		ensure!(distinct.len() == feeders.len(), "a feeder is listed twice");
		for s in feeders.iter().filter_map(|f| f.last) {
			ensure!(!s.price.is_zero(), "a zero submission");
			ensure!(s.at <= now, "a submission from a future block");
		}
		ensure!(Self::params_valid(&Parameters::<T>::get()), "invalid parameters");
		if let Some(last) = LastPrice::<T>::get() {
			ensure!(!last.price.is_zero(), "zero recorded price");
			ensure!(!last.median.is_zero(), "zero recorded median");
			ensure!(last.at <= now, "a recorded price from a future block");
		}
		let params = Parameters::<T>::get();
		let recent = RecentPrices::<T>::get();
		ensure!(recent.windows(2).all(|w| w[0].index < w[1].index), "recent buckets out of order");
		for b in recent.iter() {
			ensure!(!b.low.is_zero() && b.low <= b.high, "a recent bucket with 0 or low > high");
			ensure!(b.index <= params.bucket_of(now), "a recent bucket from the future");
		}
		Ok(())
	}
}

impl<T: Config> PriceProvider<BlockNumberFor<T>> for Pallet<T> {
	fn price() -> Option<PriceInfoOf<T>> {
		Pallet::<T>::price()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_price(price: FixedU128) {
		let now = frame_system::Pallet::<T>::block_number();
		// The worst case for readers: a full feeder set, all fresh.
		let needed = T::MaxFeeders::get().max(Parameters::<T>::get().min_feeders).max(1);
		let mut feeders = Feeders::<T>::get();
		let mut i = 0u32;
		while (feeders.len() as u32) < needed {
			let account: T::AccountId = frame_benchmarking::account("oracle-feeder", i, 0);
			i = i.saturating_add(1);
			if feeders.iter().any(|f| f.account == account) {
				continue;
			}
			if feeders.try_push(Feeder { account, last: None }).is_err() {
				break;
			}
		}
		for feeder in feeders.iter_mut() {
			feeder.last = Some(Submission { price, at: now });
		}
		let fresh_feeders = feeders.len() as u32;
		Feeders::<T>::put(feeders);
		LastPrice::<T>::put(RecordedPrice { price, median: price, at: now, fresh_feeders });
		let mut recent = RecentPricesOf::<T>::default();
		Self::note_recent(&mut recent, &Parameters::<T>::get(), now, price);
		RecentPrices::<T>::put(recent);
	}
}

/// The median of `prices` (sorted in place): the middle one of an odd count, the mean of the
/// two middle ones of an even count (rounded down, without overflow); `None` if empty.
pub fn median(prices: &mut [FixedU128]) -> Option<FixedU128> {
	prices.sort_unstable();
	let mid = prices.len() / 2;
	if prices.len() % 2 == 1 {
		return prices.get(mid).copied();
	}
	let low = prices.get(mid.checked_sub(1)?)?.into_inner();
	let high = prices.get(mid)?.into_inner();
	// `low <= high` (sorted): `low + (high - low) / 2` is `(low + high) / 2` rounded down.
	Some(FixedU128::from_inner(low.saturating_add(high.saturating_sub(low) / 2)))
}

/// `price × (1 - step)` and `price × (1 + step)`, the step rounded down so that a move to either
/// never exceeds it.
pub fn step_bounds(price: FixedU128, step: Perbill) -> (FixedU128, FixedU128) {
	let price = price.into_inner();
	let delta = step.mul_floor(price);
	(
		FixedU128::from_inner(price.saturating_sub(delta)),
		FixedU128::from_inner(price.saturating_add(delta)),
	)
}

/// `median` clamped to `range` (`median` itself when there is none). Should the range be empty
/// (possible only after `max_price_step` was lowered), its upper end.
pub fn clamp_to(median: FixedU128, range: Option<(FixedU128, FixedU128)>) -> FixedU128 {
	match range {
		None => median,
		Some((floor, ceiling)) => median.max(floor).min(ceiling),
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// Takes effect at once, also for the price in force; a new `step_period` restarts the recent
// prices from the last recorded one.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameters,
	on_change = Pallet::<T>::on_parameters_change
);
