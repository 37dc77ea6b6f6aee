//! Proof of credit: devices, invitations and credit (`Credit`), and the representative system
//! (`CreditDelegation`): delegation, the proof-of-credit election, device rewards.

use super::*;
use frame_support::traits::Get;
use sp_runtime::SaturatedConversion;

// ---------------------------------------------------------------------------------------------
// Proof of credit: devices, invitations, credit
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The credit rules where genesis sets none ([`crate::economy::credit_rules`]).
	pub DefaultCreditParameters: pallet_credit::ParamsOf<Runtime> = crate::economy::credit_rules();
	/// Relays' heartbeat batches rank high in the pool (valid heartbeats are free, and a device
	/// that misses its period loses credit).
	pub const HeartbeatPriority: TransactionPriority = TransactionPriority::MAX / 2;
}

/// The blocks until every slash a device may owe has landed: staking's slash deferral plus the
/// era of the offence, in blocks (chain timing, fixed at genesis). No device unbonds or
/// withdraws its deposit sooner (`DeregisterDelay` is at least this).
pub struct SlashWindow;
impl Get<BlockNumber> for SlashWindow {
	fn get() -> BlockNumber {
		let era = EpochDuration::get().saturating_mul(u64::from(SessionsPerEra::get()));
		let eras = u64::from(SlashDeferDuration::get()).saturating_add(1);
		era.saturating_mul(eras).saturated_into()
	}
}

/// The fee of a weight as transactions pay it ([`pallet_transaction_payment`]'s weight fee,
/// without the length fee or a tip).
pub struct WeightToFeeOf;
impl sp_runtime::traits::Convert<Weight, Balance> for WeightToFeeOf {
	fn convert(weight: Weight) -> Balance {
		pallet_transaction_payment::Pallet::<Runtime>::weight_to_fee(weight)
	}
}

impl pallet_credit::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DeviceSignature = Signature;
	/// Replenishment's reward share goes into the pool through the pool pallet.
	type IncentivePool = IncentivePool;
	/// Invitations by governance: a referendum or Technical 2/3.
	type InviteOrigin = ReferendumOrTechnical;
	/// The representative system keeps validators' backing in step with devices' credit.
	type OnCreditChanged = CreditDelegation;
	/// Replenishment income adds to the next era's device rewards.
	type OnReplenished = IncentivePool;
	/// Slashed device MC goes to the treasury, as staking's slashes do.
	type SlashBeneficiary = TreasuryAccount;
	type MinUnbondingDelay = SlashWindow;
	type DefaultParameters = DefaultCreditParameters;
	type MaxOpenInvitesBound = ConstU32<32>;
	type MaxHeartbeatsPerBatch = ConstU32<1_000>;
	type HeartbeatPriority = HeartbeatPriority;
	/// Relays pay for skipped entries what transactions pay for the weight.
	type WeightToFee = WeightToFeeOf;
	type WeightInfo = pallet_credit::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = metachain_primitives::benchmarking::Sr25519Keys;
}

impl pallet_skip_feeless_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
}

// ---------------------------------------------------------------------------------------------
// The representative system: credit delegation, proof-of-credit election, device rewards
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The reward pot of device rewards derives from this.
	pub const CreditDelegationPalletId: PalletId = PalletId(*b"mc/dlgtn");
	/// The delegation rules where genesis sets none ([`crate::economy::delegation_rules`]).
	pub DefaultDelegationParameters: pallet_credit_delegation::ParamsOf<Runtime> =
		crate::economy::delegation_rules();
}

/// Staking as the delegation pallet reads it.
pub struct StakingForDelegation;
impl pallet_credit_delegation::StakingInfo<AccountId, Balance> for StakingForDelegation {
	fn active_era() -> Option<sp_staking::EraIndex> {
		pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index)
	}
	fn era_reward_points(era: sp_staking::EraIndex) -> (u32, Vec<(AccountId, u32)>) {
		let points = pallet_staking::ErasRewardPoints::<Runtime>::get(era);
		(points.total, points.individual.into_iter().collect())
	}
	fn commission(era: sp_staking::EraIndex, who: &AccountId) -> Perbill {
		pallet_staking::ErasValidatorPrefs::<Runtime>::get(era, who).commission
	}
	fn is_candidate(who: &AccountId) -> bool {
		pallet_staking::Validators::<Runtime>::contains_key(who)
	}
	fn active_stake(who: &AccountId) -> Balance {
		<Staking as sp_staking::StakingInterface>::active_stake(who).unwrap_or(0)
	}
	fn min_validator_bond() -> Balance {
		pallet_staking::MinValidatorBond::<Runtime>::get()
	}
	fn minimum_validator_count() -> u32 {
		pallet_staking::MinimumValidatorCount::<Runtime>::get()
	}
	fn candidates() -> Vec<AccountId> {
		pallet_staking::Validators::<Runtime>::iter_keys().collect()
	}
	fn candidates_after(after: Option<&AccountId>, max: u32) -> Vec<AccountId> {
		type Validators = pallet_staking::Validators<Runtime>;
		match after {
			Some(a) => Validators::iter_from(Validators::hashed_key_for(a))
				.take(max as usize)
				.map(|(who, _)| who)
				.collect(),
			None => Validators::iter_keys().take(max as usize).collect(),
		}
	}
	/// Staking applies deferred slashes as an era starts, `SlashDeferDuration + 1` eras after
	/// the offence's; the fraction is the one it recorded for the validator in that era.
	fn slash_fraction(validator: &AccountId) -> Option<Perbill> {
		let active = pallet_staking::ActiveEra::<Runtime>::get()?.index;
		let offence_era = active.checked_sub(SlashDeferDuration::get().saturating_add(1))?;
		pallet_staking::ValidatorSlashInEra::<Runtime>::get(offence_era, validator)
			.map(|(fraction, _)| fraction)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_candidate(who: &AccountId, stake: Balance) -> sp_runtime::DispatchResult {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, stake.saturating_mul(2));
		<Staking as sp_staking::StakingInterface>::bond(who, stake, who)?;
		Staking::validate(RuntimeOrigin::signed(who.clone()), Default::default())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_slash_fraction(validator: &AccountId, fraction: Perbill) {
		// A slash lands `SlashDeferDuration + 1` eras after its offence: start late enough.
		let window = SlashDeferDuration::get().saturating_add(1);
		let active = pallet_staking::ActiveEra::<Runtime>::get().map_or(0, |e| e.index);
		if active < window {
			pallet_staking::ActiveEra::<Runtime>::put(pallet_staking::ActiveEraInfo {
				index: window,
				start: Some(0),
			});
		}
		let offence_era = active.max(window).saturating_sub(window);
		pallet_staking::ValidatorSlashInEra::<Runtime>::insert(
			offence_era,
			validator,
			(fraction, 0),
		);
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_era_points(era: sp_staking::EraIndex, points: Vec<(AccountId, u32)>) {
		pallet_staking::ActiveEra::<Runtime>::put(pallet_staking::ActiveEraInfo {
			index: era,
			start: Some(0),
		});
		let mut record = pallet_staking::EraRewardPoints::<AccountId>::default();
		for (v, p) in points {
			pallet_staking::ErasValidatorPrefs::<Runtime>::insert(
				era,
				&v,
				pallet_staking::ValidatorPrefs {
					commission: Perbill::from_percent(10),
					blocked: false,
				},
			);
			record.total += p;
			record.individual.insert(v, p);
		}
		pallet_staking::ErasRewardPoints::<Runtime>::insert(era, record);
	}
}

impl pallet_credit_delegation::Config for Runtime {
	type Currency = Balances;
	type Credit = crate::Credit;
	type Staking = StakingForDelegation;
	/// Device shares come out of the pool, and unpaid ones go back, through the pool pallet.
	type IncentivePool = IncentivePool;
	/// A device answers for the slashes of a validator it left as long as a staker does after
	/// unbonding.
	type BondingDuration = BondingDuration;
	type MaxDepartures = ConstU32<4>;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type PalletId = CreditDelegationPalletId;
	/// Device rewards are noted for TracChain checkpoints.
	type RewardDigests = Anchoring;
	type DefaultParameters = DefaultDelegationParameters;
	type MaxRewardedValidators = MaxValidatorSet;
	/// The election reads its targets from the top of the candidate list.
	type Candidates = crate::CandidateList;
	/// 16 candidates a block: 10,000 candidates are all entered or refreshed in 625 blocks.
	type CandidateSweepPage = ConstU32<16>;
	type MaxElectionTargets = super::consensus::MaxElectionTargets;
	type MaxElectionVoters = super::consensus::MaxElectingVoters;
	type SweepPageSize = ConstU32<16>;
	type WeightInfo = pallet_credit_delegation::weights::SubstrateWeight<Runtime>;
}

/// The candidate list: validator candidates by merit, the score being CreditDelegation's
/// (stake plus device weight as vote weight, in the voter list's units and bags). Its
/// `on_idle` rebags up to 10 entries a block, taking chilled candidates off.
impl pallet_bags_list::Config<pallet_bags_list::Instance2> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ScoreProvider = CreditDelegation;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type BagThresholds = super::consensus::BagThresholds;
	type MaxAutoRebagPerBlock = ConstU32<10>;
	type Score = frame_election_provider_support::VoteWeight;
}
