//! Money: MC balances, transaction fees, the incentive pool that pays every reward, and the
//! treasury (fees and slashes in, 1% burnt every 30 days).

use super::*;

// ---------------------------------------------------------------------------------------------
// Balances (MC) and transaction fees
// ---------------------------------------------------------------------------------------------

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	/// Dust of reaped accounts is burnt.
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = ConstU32<8>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// The treasury account, which receives transaction fees and slashes.
	pub TreasuryAccount: AccountId = Treasury::account_id();
}

/// Transaction fees go to the treasury; tips go to the block author, who chose to include the
/// transaction. Without a known author, the tip goes to the treasury too.
pub struct DealWithFees;
impl OnUnbalanced<Credit<AccountId, Balances>> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		if let Some(fees) = fees_then_tips.next() {
			ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(fees);
		}
		if let Some(tips) = fees_then_tips.next() {
			match Authorship::author() {
				Some(author) => {
					if let Err(tips) = <Balances as Balanced<AccountId>>::resolve(&author, tips) {
						ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(tips);
					}
				}
				None => ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(tips),
			}
		}
	}
}

/// Fees by weight: a transaction of the base extrinsic weight pays one thousandth of an MC
/// (plus its length fee).
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = BASE_EXTRINSIC_FEE;
		let q = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec::smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

parameter_types! {
	/// The length fee ([`TRANSACTION_BYTE_FEE`]).
	pub const TransactionByteFee: Balance = TRANSACTION_BYTE_FEE;
	/// [`OPERATIONAL_FEE_MULTIPLIER`].
	pub const OperationalFeeMultiplier: u8 = OPERATIONAL_FEE_MULTIPLIER;
	/// The fee multiplier targets blocks 25% full.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 100_000);
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, DealWithFees>;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	/// Charging the fee, measured on this runtime: `scripts/benchmark.sh pallet_transaction_payment`.
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

// ---------------------------------------------------------------------------------------------
// Incentive pool: 60% of MC, pays every reward
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The incentive pool's id; the pool is the keyless account derived from it.
	pub const IncentivePoolPalletId: PalletId = PalletId(*b"mc/incnt");
	/// [`MAX_SUPPLY`]: 10 billion MC.
	pub const MaxSupply: Balance = MAX_SUPPLY;
	/// Staking rewards can be claimed for `HistoryDepth` eras; the pot keeps one more.
	pub const RewardWindow: u32 = HISTORY_DEPTH + 1;
	/// [`MAX_ANNUAL_EMISSION`].
	pub const MaxAnnualEmission: Perbill = MAX_ANNUAL_EMISSION;
	/// The pool's rules where genesis sets none ([`crate::economy::pool_rules`]).
	pub DefaultPoolParameters: pallet_incentive_pool::PoolParams = crate::economy::pool_rules();
}

impl pallet_incentive_pool::Config for Runtime {
	type Currency = Balances;
	type PalletId = IncentivePoolPalletId;
	type MaxSupply = MaxSupply;
	type RewardWindow = RewardWindow;
	type MaxAnnualEmission = MaxAnnualEmission;
	type DefaultParameters = DefaultPoolParameters;
	/// The era emissions are noted for TracChain checkpoints.
	type RewardDigests = Anchoring;
	/// Devices' share of each era's reward (`CreditRewardShare`) goes to the representative
	/// system before staking is paid the rest.
	type EraRewardSplit = CreditDelegation;
	/// What staking paid of each era, read when the era leaves the claim window
	/// (`configs::consensus::ExpireStakingRewards` tells the pool when).
	type StakingRewards = StakingEraRewards;
	type WeightInfo = pallet_incentive_pool::weights::SubstrateWeight<Runtime>;
}

/// Staking's era rewards as the incentive pool reads them.
pub struct StakingEraRewards;
impl pallet_incentive_pool::StakingRewards<Balance> for StakingEraRewards {
	/// Staking computes an era's reward while that era is still the active one.
	fn ending_era() -> Option<sp_staking::EraIndex> {
		pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index)
	}

	/// A validator that earned points in `era` and claimed any page of it counts as paid its
	/// whole share of the era's reward (`points / total` of it, as staking computes it: the
	/// validator's and its nominators' payouts are parts of that share), plus one unit for each
	/// rounding staking may have done upwards on the claimed pages. A validator that claimed
	/// nothing was paid nothing. Reads one `ClaimedRewards` entry per validator with points.
	fn paid_at_most(era: sp_staking::EraIndex) -> Option<(Balance, u32)> {
		let reward = pallet_staking::ErasValidatorReward::<Runtime>::get(era)?;
		let points = pallet_staking::ErasRewardPoints::<Runtime>::get(era);
		let roundings_per_page = Balance::from(MaxExposurePageSize::get()).saturating_add(2);
		let mut paid: Balance = 0;
		for (validator, earned) in points.individual.iter() {
			let pages = pallet_staking::ClaimedRewards::<Runtime>::get(era, validator).len();
			if pages == 0 {
				continue;
			}
			let share = Perbill::from_rational(*earned, points.total) * reward;
			let roundings = roundings_per_page.saturating_mul(pages as Balance);
			paid = paid.saturating_add(share).saturating_add(roundings);
		}
		Some((paid.min(reward), points.individual.len() as u32))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn max_validators() -> u32 {
		MaxValidatorSet::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_paid_era(era: sp_staking::EraIndex, validators: u32, reward: Balance) {
		let stashes: Vec<AccountId> =
			(0..validators).map(|i| frame_benchmarking::account("validator", i, 0)).collect();
		pallet_staking::ErasValidatorReward::<Runtime>::insert(era, reward);
		pallet_staking::ErasRewardPoints::<Runtime>::insert(
			era,
			pallet_staking::EraRewardPoints {
				total: validators,
				individual: stashes.iter().map(|s| (s.clone(), 1)).collect(),
			},
		);
		for stash in &stashes {
			pallet_staking::ClaimedRewards::<Runtime>::insert(era, stash, alloc::vec![0]);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Treasury: collects fees and slashes, burns 1% each 30-day spend period
// ---------------------------------------------------------------------------------------------

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// [`TREASURY_SPEND_PERIOD`].
	pub const SpendPeriod: BlockNumber = TREASURY_SPEND_PERIOD;
	/// [`TREASURY_BURN`] ("1% a month").
	pub const Burn: Permill = TREASURY_BURN;
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	/// Removing an approved spend, voiding a spend: a referendum or Foundation 2/3.
	type RejectOrigin = ReferendumOrFoundation;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type PalletId = TreasuryPalletId;
	/// Burnt funds are destroyed: total issuance falls.
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	/// Spending: by referendum without limit, by the Foundation and the committees up to their
	/// caps (see [`TreasurySpender`]).
	type SpendOrigin = TreasurySpender;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<Self::Beneficiary>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
