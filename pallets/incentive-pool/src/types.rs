//! The types of the incentive pool.

use sp_runtime::Perbill;

metachain_primitives::parameter_set! {
	/// The incentive pool's governable numbers, set at genesis and changed through
	/// `pallet-chain-parameters`.
	pub struct PoolParams;
	/// One incentive pool parameter with its value.
	pub enum PoolParameter {
		/// The share of the pool's balance paid as staking rewards over a year; each era pays
		/// this pro rata to its duration. At most [`crate::Config::MaxAnnualEmission`].
		annual_emission: Perbill => AnnualEmission(Economic),
	}
}
