//! MUSD and workload: the MC/USD price oracle, MUSD stable points and services, and the daily
//! workload settlement.

use super::*;

// ---------------------------------------------------------------------------------------------
// MUSD: the MC/USD price oracle, MUSD stable points and services, workload settlement
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The oracle's rules where genesis sets none ([`crate::economy::oracle_rules`]).
	pub DefaultOracleParameters: pallet_price_oracle::ParamsOf<Runtime> =
		crate::economy::oracle_rules();
	/// The MUSD rules where genesis sets none ([`crate::economy::musd_rules`]).
	pub DefaultMusdParameters: pallet_musd::ParamsOf<Runtime> = crate::economy::musd_rules();
	/// The pot of settled workload budgets derives from this.
	pub const WorkloadPalletId: PalletId = PalletId(*b"mc/wrkld");
	/// The workload rules where genesis sets none ([`crate::economy::workload_rules`]).
	pub DefaultWorkloadParameters: pallet_workload::ParamsOf<Runtime> =
		crate::economy::workload_rules();
}

impl pallet_price_oracle::Config for Runtime {
	/// Feeders: a referendum or Technical 2/3.
	type FeederOrigin = ReferendumOrTechnical;
	type MaxFeeders = ConstU32<16>;
	type DefaultParameters = DefaultOracleParameters;
	type WeightInfo = pallet_price_oracle::weights::SubstrateWeight<Runtime>;
}

impl pallet_musd::Config for Runtime {
	type Currency = Balances;
	type NativeDecimals = ConstU32<{ crate::currency::DECIMALS as u32 }>;
	type Price = PriceOracle;
	type Credit = crate::Credit;
	type OnWorkDone = Workload;
	type ReceiptSignature = Signature;
	/// Services and their prices (economic): a referendum, Technical 2/3 or Foundation 2/3.
	type ServiceOrigin = ReferendumOrTechnicalOrFoundation;
	type DefaultParameters = DefaultMusdParameters;
	type MaxServiceNameLen = ConstU32<64>;
	type MaxProvidersPerOrder = ConstU32<16>;
	type WeightInfo = pallet_musd::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = metachain_primitives::benchmarking::Sr25519Keys;
}

/// The credit rules' `CreditPrice` in force: MC per credit point of `replenish_credit`.
pub struct CreditPriceInForce;
impl frame_support::traits::Get<Balance> for CreditPriceInForce {
	fn get() -> Balance {
		pallet_credit::Parameters::<Runtime>::get().credit_price
	}
}

impl pallet_workload::Config for Runtime {
	type Currency = Balances;
	/// Daily budgets come out of the pool, and unclaimed ones go back, through the pool pallet.
	type IncentivePool = IncentivePool;
	type PalletId = WorkloadPalletId;
	type Credit = crate::Credit;
	/// Settled days are noted for TracChain checkpoints.
	type RewardDigests = Anchoring;
	/// Work credit costs what `replenish_credit` charges per point (the credit rules in force).
	type CreditPrice = CreditPriceInForce;
	type MillisPerBlock = ConstU64<MILLI_SECS_PER_BLOCK>;
	type DefaultParameters = DefaultWorkloadParameters;
	type MaxHistoryDepth = ConstU32<60>;
	type MaxClaimDays = ConstU32<32>;
	type ExpiryPageSize = ConstU32<256>;
	type WeightInfo = pallet_workload::weights::SubstrateWeight<Runtime>;
}
