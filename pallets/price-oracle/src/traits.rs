//! How other pallets read the price in force.

use crate::types::PriceInfo;
#[cfg(feature = "runtime-benchmarks")]
use sp_runtime::FixedU128;

/// The MC/USD price in force (USD per whole MC), computed when read from the submissions fresh
/// at the current block. Reading costs one read of the feeder list, the parameters and the last
/// recorded price, and a sort of at most `MaxFeeders` prices.
pub trait PriceProvider<BlockNumber> {
	/// The price in force, or `None` when fewer than `min_feeders` submissions are fresh:
	/// nothing may then be valued at the oracle price.
	fn price() -> Option<PriceInfo<BlockNumber>>;

	/// Make [`Self::price`] return exactly `price` (non-zero) at the current block: every
	/// feeder, and new ones up to `MaxFeeders` (the readers' worst case), submits `price` now,
	/// and `price` becomes the recorded price. For other pallets' benchmarks; the price ages out
	/// like any other after `staleness_window` blocks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_price(price: FixedU128);
}
