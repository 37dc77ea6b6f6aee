//! Storage migrations of the delegation pallet.

use crate::{
	BalanceOf, Bucket, Buckets, Config, Delegation, DelegationParams, Delegations,
	EraValidatorRates, Outstanding, Pallet, Parameters,
};
use frame_support::{
	traits::{fungible::Mutate, tokens::Preservation, Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::{
	traits::{SaturatedConversion, Saturating, Zero},
	FixedPointNumber, FixedU128,
};

/// Version 0 → 1 (issue 16, rule 1): devices count with their weight (bonded MC times their
/// credit multiplier) instead of their credit points, and the election adds that weight instead
/// of `credit × CreditToVote`.
///
/// - The parameters lose `min_validator_credit` and `credit_to_vote` and gain
///   `min_validator_backing`, which `Backing` gives (the runtime's).
/// - Every delegation is first paid what it earned at the old rates (as `claim_rewards` would),
///   then counts its weight in the same bucket from a fresh accumulator; what the old
///   accumulators still held (rounding) goes back to the pool; the per-era rates, shown to
///   clients only, are cleared.
///
/// It reads every delegation and bucket in one block: the testnet holds a few hundred. A chain
/// with millions of delegations would run it as a multi-block migration (`pallet-migrations`)
/// with the same steps.
pub mod v1 {
	use super::*;
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{storage_alias, Blake2_128Concat, Twox64Concat};
	use frame_system::pallet_prelude::BlockNumberFor;
	use metachain_primitives::credit::{CreditInspect, PeriodIndex};
	use scale_info::TypeInfo;
	use sp_runtime::Perbill;
	use sp_staking::EraIndex;

	/// The stored layouts of version 0.
	pub mod v0 {
		use super::*;

		/// The version-0 parameters.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		pub struct Params<Balance, BlockNumber> {
			/// Kept.
			pub redelegate_cooldown: BlockNumber,
			/// Dropped: backing is MC now.
			pub min_validator_credit: u64,
			/// Dropped: backing is its own vote weight.
			pub credit_to_vote: Balance,
			/// Kept.
			pub credit_reward_share: Perbill,
			/// Kept.
			pub reward_history_depth: EraIndex,
		}

		/// A version-0 delegation: counted in credit points.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		pub struct Delegation<AccountId, BlockNumber> {
			/// The validator.
			pub validator: AccountId,
			/// Counted credit points.
			pub counted: u32,
			/// Its bucket's period.
			pub period: PeriodIndex,
			/// Reward per credit point when last settled.
			pub reward_debt: FixedU128,
			/// The era active when last settled.
			pub settled_era: EraIndex,
			/// The block of its last (re)delegation.
			pub since: BlockNumber,
		}

		/// A version-0 bucket: credit points.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
		pub struct Bucket<Balance> {
			/// Counted credit.
			pub credit: u64,
			/// Reward per credit point.
			pub reward_per_credit: FixedU128,
			/// Set aside.
			pub allocated: Balance,
			/// Paid.
			pub paid: Balance,
			/// The last era that paid into it.
			pub last_era: Option<EraIndex>,
		}

		/// The version-0 parameters as stored.
		#[storage_alias]
		pub type Parameters<T: Config> = StorageValue<
			Pallet<T>,
			Params<BalanceOf<T>, BlockNumberFor<T>>,
			frame_support::storage::types::OptionQuery,
		>;

		/// The version-0 delegations as stored.
		#[storage_alias]
		pub type Delegations<T: Config> = CountedStorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Delegation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
		>;

		/// The version-0 buckets as stored.
		#[storage_alias]
		pub type Buckets<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Twox64Concat,
			PeriodIndex,
			Bucket<BalanceOf<T>>,
		>;
	}

	metachain_primitives::versioned_migration! {
		/// The migration, applied only while the pallet's storage version is 0.
		pub type MigrateV0ToV1<T, Backing> = 0 => 1;
		/// The migration without the version check: use [`MigrateV0ToV1`].
		pub struct UncheckedMigrateV0ToV1;
	}

	impl<T: Config, Backing: Get<BalanceOf<T>>> UncheckedOnRuntimeUpgrade
		for UncheckedMigrateV0ToV1<T, Backing>
	{
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (1u64, 1u64);
			if let Some(old) = v0::Parameters::<T>::get() {
				Parameters::<T>::put(DelegationParams {
					redelegate_cooldown: old.redelegate_cooldown,
					min_validator_backing: Backing::get(),
					credit_reward_share: old.credit_reward_share,
					reward_history_depth: old.reward_history_depth,
				});
			}
			// 1. Pay every delegation what it earned at the old rates.
			let pot = Pallet::<T>::pot_account();
			let old: alloc::vec::Vec<_> = v0::Delegations::<T>::iter().collect();
			for (who, d) in &old {
				reads = reads.saturating_add(2);
				if d.counted == 0 {
					continue;
				}
				let Some(mut b) = v0::Buckets::<T>::get(&d.validator, d.period) else { continue };
				let gained = b.reward_per_credit.saturating_sub(d.reward_debt);
				let owed =
					BalanceOf::<T>::saturated_from(gained.saturating_mul_int(d.counted as u128))
						.min(b.allocated.saturating_sub(b.paid));
				if owed.is_zero() {
					continue;
				}
				if T::Currency::transfer(&pot, who, owed, Preservation::Preserve).is_ok() {
					b.paid = b.paid.saturating_add(owed);
					Outstanding::<T>::mutate(|o| *o = o.saturating_sub(owed));
					v0::Buckets::<T>::insert(&d.validator, d.period, b);
					writes = writes.saturating_add(3);
				}
			}
			// 2. Buckets start from no weight and a fresh accumulator; what the old one still held
			//    is rounding, back to the pool.
			let mut dust = BalanceOf::<T>::zero();
			Buckets::<T>::translate::<v0::Bucket<BalanceOf<T>>, _>(|_, _, b| {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				dust = dust.saturating_add(b.allocated.saturating_sub(b.paid));
				Some(Bucket {
					weight: Zero::zero(),
					reward_per_weight: FixedU128::zero(),
					allocated: b.paid,
					paid: b.paid,
					last_era: b.last_era,
				})
			});
			Pallet::<T>::return_to_pool(dust);
			// 3. Every delegation counts its weight now, in the same bucket.
			let era = Pallet::<T>::active_era();
			for (who, d) in old {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(2);
				let mut new = super::v2::v1_layout::Delegation {
					validator: d.validator,
					counted: Zero::zero(),
					period: d.period,
					reward_debt: FixedU128::zero(),
					settled_era: era,
					since: d.since,
				};
				if d.counted > 0 {
					if let Some(snapshot) = T::Credit::snapshot(&who) {
						new.counted = Pallet::<T>::countable(&snapshot);
						if !new.counted.is_zero() {
							Buckets::<T>::mutate(&new.validator, new.period, |b| {
								let b = b.get_or_insert_with(Default::default);
								b.weight = b.weight.saturating_add(new.counted);
							});
						}
					}
				}
				super::v2::v1_layout::Delegations::<T>::insert(&who, new);
			}
			// Buckets nobody counts in and with nothing owed are gone.
			let empty: alloc::vec::Vec<_> = Buckets::<T>::iter()
				.filter(|(_, _, b)| b.weight.is_zero() && b.allocated == b.paid)
				.map(|(v, p, _)| (v, p))
				.collect();
			for (v, p) in empty {
				Buckets::<T>::remove(v, p);
			}
			let _ = EraValidatorRates::<T>::clear(u32::MAX, None);
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}
}

/// Version 1 → 2 (issue 16, rule 2): a delegation records its validator's survival when its
/// stake was last settled (`slash_debt`), so that the validator's slashes reach it lazily. No
/// validator has been slashed under the new rules yet: every delegation starts at survival 1.
/// Reads and writes every delegation in one block (a few hundred on the testnet).
pub mod v2 {
	use super::*;
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The version-1 layout of a delegation.
	pub mod v1_layout {
		use super::*;
		use codec::{Decode, Encode, MaxEncodedLen};
		use frame_support::{storage_alias, Blake2_128Concat};
		use metachain_primitives::credit::PeriodIndex;
		use scale_info::TypeInfo;
		use sp_staking::EraIndex;

		/// A version-1 delegation: no slash debt.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		pub struct Delegation<AccountId, Balance, BlockNumber> {
			/// The validator.
			pub validator: AccountId,
			/// Counted points.
			pub counted: Balance,
			/// Its bucket's period.
			pub period: PeriodIndex,
			/// Reward per point when last settled.
			pub reward_debt: FixedU128,
			/// The era active when last settled.
			pub settled_era: EraIndex,
			/// The block of its last (re)delegation.
			pub since: BlockNumber,
		}

		/// The version-1 delegations as stored.
		#[storage_alias]
		pub type Delegations<T: Config> = CountedStorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Delegation<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
		>;
	}

	metachain_primitives::versioned_migration! {
		/// The migration, applied only while the pallet's storage version is 1.
		pub type MigrateV1ToV2<T> = 1 => 2;
		/// The migration without the version check: use [`MigrateV1ToV2`].
		pub struct UncheckedMigrateV1ToV2;
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Delegations::<T>::translate_values::<v1_layout::Delegation<_, _, _>, _>(|d| {
				count = count.saturating_add(1);
				Some(Delegation {
					slash_debt: Pallet::<T>::survival(&d.validator),
					validator: d.validator,
					counted: d.counted,
					period: d.period,
					reward_debt: d.reward_debt,
					settled_era: d.settled_era,
					since: d.since,
				})
			});
			T::DbWeight::get().reads_writes(count.saturating_mul(2), count)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}
}
