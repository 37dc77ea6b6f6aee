//! Types of the price oracle: feeders and their submissions, parameters, prices.
//!
//! Every price is a [`FixedU128`]: US dollars per one whole MC (10^12 plancks; the native token
//! has 12 decimals). `FixedU128` has 18 decimals, so 0.0520 USD/MC is `52 * 10^15` inside.

use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, One, Saturating},
	FixedU128, Perbill,
};

/// The price in force, as other pallets and clients read it (moved to `metachain-primitives`).
pub use metachain_primitives::price::PriceInfo;

/// A feeder's latest price.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Submission<BlockNumber> {
	/// USD per whole MC; never zero.
	pub price: FixedU128,
	/// The block it was submitted in.
	pub at: BlockNumber,
}

/// A feeder and its latest submission.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Feeder<AccountId, BlockNumber> {
	/// The feeder's account: it signs `submit_price`.
	pub account: AccountId,
	/// Its latest submission, if it has made one since it was added.
	pub last: Option<Submission<BlockNumber>>,
}

metachain_primitives::parameter_set! {
	/// The oracle's rules. Kept in storage, set at genesis, changed one at a time through
	/// `pallet-chain-parameters` (all technical).
	pub struct OracleParams<BlockNumber>;
	/// One oracle parameter with its new value (see [`OracleParams`]).
	pub enum OracleParameter {
		/// A submission made at block `at` is fresh at block `now` while
		/// `now - at < staleness_window` (at least 1: a submission is fresh in its own block).
		staleness_window: BlockNumber => StalenessWindow(Technical),
		/// Fresh submissions needed for a price (at least 1, at most `MaxFeeders`).
		min_feeders: u32 => MinFeeders(Technical),
		/// The most the price may move within `step_period` blocks, as a share of any price
		/// recorded in that span: a median further away is clamped.
		max_price_step: Perbill => MaxPriceStep(Technical),
		/// The span the step limit applies to (at least [`STEP_BUCKETS`] blocks): no two prices
		/// recorded less than `step_period` blocks apart differ by more than `max_price_step`,
		/// however many submissions come in between.
		step_period: BlockNumber => StepPeriod(Technical),
	}
}

/// How many buckets of blocks a step period is divided into: the recent prices are kept as the
/// lowest and highest price of each bucket, so that the step limit reads a bounded list.
pub const STEP_BUCKETS: u32 = 4;

/// The lowest and highest price recorded in one bucket of blocks (bucket `index` holds blocks
/// `index × len .. (index + 1) × len`, `len = ⌈step_period / STEP_BUCKETS⌉`).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct PriceBucket<BlockNumber> {
	/// The bucket's number.
	pub index: BlockNumber,
	/// The lowest price recorded in it.
	pub low: FixedU128,
	/// The highest price recorded in it.
	pub high: FixedU128,
}

impl<BlockNumber: Saturating + PartialOrd + Copy> OracleParams<BlockNumber> {
	/// Whether a submission made at block `at` is fresh at block `now`.
	pub fn is_fresh(&self, at: BlockNumber, now: BlockNumber) -> bool {
		now.saturating_sub(at) < self.staleness_window
	}
}

impl<BlockNumber: AtLeast32BitUnsigned + Copy> OracleParams<BlockNumber> {
	/// The bucket of blocks `now` falls in: `now / ⌈step_period / STEP_BUCKETS⌉`.
	pub fn bucket_of(&self, now: BlockNumber) -> BlockNumber {
		let buckets = BlockNumber::from(STEP_BUCKETS);
		let len = (self.step_period.saturating_add(buckets - One::one()) / buckets).max(One::one());
		now / len
	}
}

/// The price recorded by the last `submit_price` that had enough fresh submissions: the
/// reference of the step limit.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct RecordedPrice<BlockNumber> {
	/// The price put in force: [`Self::median`] clamped around the previous recorded price.
	pub price: FixedU128,
	/// The median of the fresh submissions it came from.
	pub median: FixedU128,
	/// The block it was recorded in (0 for the genesis price).
	pub at: BlockNumber,
	/// How many fresh submissions the median was taken over (0 for the genesis price).
	pub fresh_feeders: u32,
}
