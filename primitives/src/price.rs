//! The MC/USD price in force, as `pallet-price-oracle` gives it and `pallet-musd` uses it.

use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::FixedU128;

/// The price in force, as other pallets and clients read it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct PriceInfo<BlockNumber> {
	/// USD per whole MC.
	pub price: FixedU128,
	/// The block of the newest fresh submission.
	pub updated_at: BlockNumber,
	/// Blocks since [`Self::updated_at`].
	pub age: BlockNumber,
	/// How many fresh submissions the price comes from.
	pub fresh_feeders: u32,
}

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
