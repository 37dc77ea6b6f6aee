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
//! - **Step limit.** The price in force may move at most `max_price_step` away from the last
//!   recorded price ([`LastPrice`]): a median further away is clamped to
//!   `previous × (1 ± max_price_step)`. Each `submit_price` with enough fresh submissions records
//!   the new price ([`Event::PriceUpdated`], or [`Event::PriceClamped`] when clamped).
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
use frame_support::{dispatch::DispatchResult, ensure, traits::Get, BoundedVec};
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

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
			let params = self.params.unwrap_or_else(T::DefaultParameters::get);
			assert!(
				Pallet::<T>::params_valid(&params),
				"price oracle: invalid genesis parameters {params:?}"
			);
			Parameters::<T>::put(params);
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
		/// A new price was recorded, clamped: the median moved more than `max_price_step` from
		/// the previous recorded price.
		PriceClamped {
			/// The median of the fresh submissions.
			median: FixedU128,
			/// The price now in force: previous × (1 ± `max_price_step`).
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
		/// `MaxFeeders`, `staleness_window` at least 1.
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
		/// median, clamped to `max_price_step` around the last recorded price, is recorded as
		/// the new price ([`Event::PriceUpdated`] or [`Event::PriceClamped`]); with fewer, the
		/// submission is only stored. Emits [`Event::PriceSubmitted`] in every case.
		/// O(`MaxFeeders`): sorts at most `MaxFeeders` prices.
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
			let previous = LastPrice::<T>::get().map(|l| l.price);
			let in_force = clamp_step(median, previous, params.max_price_step);
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
	/// recorded price; otherwise the median clamped to `max_price_step` around the last
	/// recorded price (if any). `updated_at` is the block of the newest fresh submission.
	/// One read each of the feeders, the parameters and the last price, and a sort of at most
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
			last => clamp_step(median, last.map(|l| l.price), params.max_price_step),
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

	/// Whether `params` are consistent: `1 <= min_feeders <= MaxFeeders`,
	/// `staleness_window >= 1`.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		params.min_feeders >= 1
			&& params.min_feeders <= T::MaxFeeders::get()
			&& !params.staleness_window.is_zero()
	}

	/// The invariants: feeders distinct and at most `MaxFeeders`, no zero or future submission,
	/// valid parameters, a non-zero last price not from the future. O(`MaxFeeders`).
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

/// `median` clamped to `previous × (1 ± step)` (the step rounded down, so the move never
/// exceeds it); `median` itself when there is no previous price.
pub fn clamp_step(median: FixedU128, previous: Option<FixedU128>, step: Perbill) -> FixedU128 {
	let Some(previous) = previous else {
		return median;
	};
	let previous = previous.into_inner();
	let delta = step.mul_floor(previous);
	let lower = FixedU128::from_inner(previous.saturating_sub(delta));
	let upper = FixedU128::from_inner(previous.saturating_add(delta));
	median.max(lower).min(upper)
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// Takes effect at once, also for the price in force.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameters
);
