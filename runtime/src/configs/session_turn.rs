//! Which kind of work the next session turn does ([`StakingSessionTurn`], from staking's own
//! rules), for `pallet-session-rotation` to register its measured weight; and, with
//! `runtime-benchmarks`, the state at the runtime's maxima in which each kind is measured
//! ([`benchmarks::SessionTurnAtMaxima`]).

use super::ExpireStakingRewards;
use crate::Runtime;
use pallet_session_rotation::{SessionTurn, TurnKind};

/// The upcoming turn as staking will make it: `rotate_session` ends session `s` (ending the
/// active era if the next starts at `s + 1`), starts `s + 1` (starting that era) and plans
/// `s + 2` (planning an era when staking's rule says so).
pub struct StakingSessionTurn;

impl SessionTurn for StakingSessionTurn {
	fn upcoming() -> TurnKind {
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		let next_active = pallet_staking::ActiveEra::<Runtime>::get()
			.map_or(0, |era| era.index.saturating_add(1));
		let starts = pallet_staking::ErasStartSessionIndex::<Runtime>::get(next_active)
			.is_some_and(|start| start <= session.saturating_add(1));
		let plans = match pallet_staking::CurrentEra::<Runtime>::get() {
			Some(era) => ExpireStakingRewards::plans_an_era(era, session.saturating_add(2)),
			None => true,
		};
		match (plans, starts) {
			(false, false) => TurnKind::Plain,
			(true, false) => TurnKind::PlansEra,
			(false, true) => TurnKind::StartsEra,
			(true, true) => TurnKind::PlansAndStartsEra,
		}
	}
}

/// The turns at the runtime's maxima, for `pallet_session_rotation`'s benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks {
	use super::*;
	use crate::{
		configs::{MaxValidatorSet, MAX_STAKING_VOTERS},
		AccountId, Balance, SessionKeys,
	};
	use alloc::{collections::btree_map::BTreeMap, vec::Vec};
	use frame_election_provider_support::{BoundedSupports, ExtendedBalance, Support};
	use frame_support::traits::Get;
	use pallet_election_provider_multi_phase::ElectionCompute;
	use pallet_staking::{ActiveEraInfo, EraRewardPoints, Forcing};
	use sp_runtime::Perbill;
	use sp_staking::{ExposurePage, PagedExposureMetadata};

	/// The session the benchmarked turn ends, and the era it is in: far enough from genesis
	/// that a full history lies behind them.
	const SESSION: u32 = 1_000;
	const ERA: u32 = 100;
	/// Votes of each nominator (`NominationsQuota`).
	const EDGES: usize = 16;
	/// An era of a day, in milliseconds: the payout is the pool's reward for a whole era.
	const ERA_MILLIS: u64 = 24 * 60 * 60 * 1_000;

	/// Sets up each kind of turn at the runtime's maxima: `MaxValidatorSet` (1,000) validators
	/// with session keys, and
	/// - planning: `MAX_STAKING_VOTERS` (10,000) staking voters (9,000 nominators of 16
	///   validators each) and a credit voter per winner in the queued election result, the era
	///   leaving the history fully recorded for 1,000 validators;
	/// - starting: reward points for every validator, each backed by devices of this credit
	///   period and the one before (the device share is spread over all of them, commission
	///   paid to each), a bonded era pruned.
	/// Deferred slashes are not among them: each applied slash registers its own weight.
	pub struct SessionTurnAtMaxima;

	impl pallet_session_rotation::BenchmarkHelper for SessionTurnAtMaxima {
		fn prepare(kind: TurnKind) -> Result<(), &'static str> {
			let validator_count = MaxValidatorSet::get();
			let nominators = match kind {
				TurnKind::PlansEra | TurnKind::PlansAndStartsEra => {
					MAX_STAKING_VOTERS.saturating_sub(validator_count)
				}
				TurnKind::Plain | TurnKind::StartsEra => 0,
			};
			pallet_staking::testing_utils::create_validators_with_nominators_for_era::<Runtime>(
				validator_count,
				nominators,
				EDGES,
				false,
				None,
			)?;
			let validators: Vec<AccountId> =
				pallet_staking::Validators::<Runtime>::iter_keys().collect();
			session_of(&validators)?;
			pallet_staking::ForceEra::<Runtime>::put(Forcing::NotForcing);
			pallet_timestamp::Now::<Runtime>::put(ERA_MILLIS);
			let per_era = <Runtime as pallet_staking::Config>::SessionsPerEra::get();
			match kind {
				TurnKind::Plain => {
					// The era started a session ago: no era is planned (`SessionsPerEra` ≥ 2).
					active_era(ERA, ERA);
					pallet_staking::ErasStartSessionIndex::<Runtime>::insert(ERA, SESSION + 1);
				}
				TurnKind::PlansEra | TurnKind::PlansAndStartsEra => {
					active_era(ERA, ERA);
					pallet_staking::ErasStartSessionIndex::<Runtime>::insert(
						ERA,
						(SESSION + 2).saturating_sub(per_era),
					);
					full_history(ERA + 1 - (crate::economy::HISTORY_DEPTH + 1), &validators);
					queued_election(&validators);
				}
				TurnKind::StartsEra => {
					active_era(ERA, ERA + 1);
					pallet_staking::ErasStartSessionIndex::<Runtime>::insert(
						ERA,
						(SESSION + 1).saturating_sub(per_era),
					);
					pallet_staking::ErasStartSessionIndex::<Runtime>::insert(ERA + 1, SESSION + 1);
					era_to_pay(&validators, per_era);
				}
			}
			Ok(())
		}
	}

	/// `validators` are the session's and the queued ones, with keys of their own.
	fn session_of(validators: &[AccountId]) -> Result<(), &'static str> {
		let mut keyed: Vec<(AccountId, SessionKeys)> = Vec::new();
		for (i, v) in validators.iter().enumerate() {
			let keys = keys_of(i as u32);
			<pallet_session::Pallet<Runtime> as pallet_session::SessionInterface>::set_keys(
				v,
				keys.clone(),
			)
			.map_err(|_| "a validator's session keys could not be set")?;
			keyed.push((v.clone(), keys));
		}
		pallet_session::Validators::<Runtime>::put(validators.to_vec());
		pallet_session::QueuedKeys::<Runtime>::put(keyed);
		pallet_session::CurrentIndex::<Runtime>::put(SESSION);
		Ok(())
	}

	/// Distinct session keys for validator `i`.
	fn keys_of(i: u32) -> SessionKeys {
		let mut raw = [7u8; 32];
		raw[..4].copy_from_slice(&i.to_le_bytes());
		SessionKeys {
			babe: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		}
	}

	/// Era `active` is active (started at time 0) and `current` is the latest planned.
	fn active_era(active: u32, current: u32) {
		pallet_staking::ActiveEra::<Runtime>::put(ActiveEraInfo { index: active, start: Some(0) });
		pallet_staking::CurrentEra::<Runtime>::put(current);
	}

	/// Era `era` recorded for every validator as staking records it, for the planning turn to
	/// clear as the era leaves the history.
	fn full_history(era: u32, validators: &[AccountId]) {
		for v in validators {
			pallet_staking::ErasStakersOverview::<Runtime>::insert(
				era,
				v,
				PagedExposureMetadata {
					total: 1_000,
					own: 1_000,
					nominator_count: 0,
					page_count: 1,
				},
			);
			pallet_staking::ErasStakersPaged::<Runtime>::insert(
				(era, v, 0u32),
				ExposurePage::<AccountId, Balance> { page_total: 0, others: Vec::new() },
			);
			pallet_staking::ErasValidatorPrefs::<Runtime>::insert(
				era,
				v,
				pallet_staking::ValidatorPrefs::default(),
			);
			pallet_staking::ClaimedRewards::<Runtime>::insert(era, v, Vec::from([0u32]));
		}
		pallet_staking::ErasValidatorReward::<Runtime>::insert(era, 1_000);
		pallet_staking::ErasTotalStake::<Runtime>::insert(era, 1_000_000);
		pallet_staking::ErasStartSessionIndex::<Runtime>::insert(era, 1);
	}

	/// The election's result queued as the validators' miners queue it: every validator
	/// elected, backed by itself, its nominators and its credit voter.
	fn queued_election(validators: &[AccountId]) {
		let mut backers: BTreeMap<AccountId, Vec<(AccountId, ExtendedBalance)>> = validators
			.iter()
			.map(|v| {
				let own = pallet_staking::Pallet::<Runtime>::slashable_balance_of(v);
				let credit_voter = pallet_credit_delegation::Pallet::<Runtime>::credit_voter(v);
				(v.clone(), Vec::from([(v.clone(), own), (credit_voter, own)]))
			})
			.collect();
		for (nominator, nominations) in pallet_staking::Nominators::<Runtime>::iter() {
			let stake = pallet_staking::Pallet::<Runtime>::slashable_balance_of(&nominator);
			let share = stake / nominations.targets.len().max(1) as Balance;
			for target in nominations.targets {
				if let Some(b) = backers.get_mut(&target) {
					b.push((nominator.clone(), share));
				}
			}
		}
		let supports: Vec<(AccountId, Support<AccountId>)> = backers
			.into_iter()
			.map(|(v, voters)| {
				let total = voters.iter().map(|(_, s)| *s).sum();
				(v, Support { total, voters })
			})
			.collect();
		let (supports, _, _) = BoundedSupports::sorted_truncate_from(supports);
		pallet_election_provider_multi_phase::QueuedSolution::<Runtime>::put(
			pallet_election_provider_multi_phase::ReadySolution {
				supports,
				score: Default::default(),
				compute: ElectionCompute::Unsigned,
			},
		);
	}

	/// The active era ends with points for every validator, each backed by devices of this
	/// credit period and the one before, and starts the next with one bonded era to prune.
	fn era_to_pay(validators: &[AccountId], per_era: u32) {
		let mut points = EraRewardPoints::<AccountId>::default();
		let period = pallet_credit::Pallet::<Runtime>::current_period();
		let bucket =
			pallet_credit_delegation::Bucket { weight: 1_000_000_000, ..Default::default() };
		for v in validators {
			points.individual.insert(v.clone(), 20);
			points.total = points.total.saturating_add(20);
			pallet_staking::ErasValidatorPrefs::<Runtime>::insert(
				ERA,
				v,
				pallet_staking::ValidatorPrefs {
					commission: Perbill::from_percent(10),
					..Default::default()
				},
			);
			pallet_credit_delegation::Buckets::<Runtime>::insert(v, period, bucket.clone());
			if let Some(previous) = period.checked_sub(1) {
				pallet_credit_delegation::Buckets::<Runtime>::insert(v, previous, bucket.clone());
			}
		}
		pallet_staking::ErasRewardPoints::<Runtime>::insert(ERA, points);
		pallet_staking::ErasTotalStake::<Runtime>::insert(ERA, 1_000_000_000_000);
		let bonding = <Runtime as pallet_staking::Config>::BondingDuration::get();
		let bonded: Vec<(u32, u32)> = (ERA.saturating_sub(bonding)..=ERA)
			.map(|era| (era, SESSION.saturating_sub((ERA - era + 1) * per_era)))
			.collect();
		pallet_staking::BondedEras::<Runtime>::put(bonded);
	}
}
