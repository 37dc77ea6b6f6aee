//! # Incentive pool
//!
//! 60% of all MC (6 billion of the 10 billion that will ever exist) sits in the incentive pool,
//! a keyless account derived from [`Config::PalletId`]. Every reward of the chain is paid out of
//! it; nothing is ever minted. This pallet owns the pool and makes stock `pallet-staking` pay
//! its era rewards from it:
//!
//! * [`EraPayoutFromPool`] is staking's `EraPayout`. At the end of each era it moves the era's
//!   emission — [`AnnualEmission`] of the pool's balance, pro rata to the era's length — from the
//!   pool into the *reward pot* (a sub-account) and tells staking to pay exactly that. When the
//!   pool has nothing left to give, the era pays nothing and [`Event::PoolExhausted`] says so.
//! * [`PayFromPot`] is staking's `Reward` handler. Staking credits each payout to the staker and
//!   hands over the matching debt (an imbalance that would raise total issuance when dropped);
//!   the handler settles it from the pot, so total issuance is unchanged by every payout.
//! * Rewards that nobody claimed before staking forgets an era (its `HistoryDepth`) go back to
//!   the pool: the pot keeps, besides its existential deposit, only what is still claimable.
//!
//! Invariant, checked by [`Pallet::check_supply_invariant`] (also in `try_state`): total
//! issuance never exceeds [`Config::MaxSupply`].
//!
//! Cost: everything here is O(1) in accounts; the era change reads and writes one bounded
//! vector of [`Config::RewardWindow`] balances.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use core::marker::PhantomData;
use frame_support::{
	defensive,
	traits::{
		fungible::{Balanced, Debt, Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get, Imbalance, OnUnbalanced,
	},
	PalletId,
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, SaturatedConversion, Saturating, Zero},
	Perbill, Rounding,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::incentive-pool";

/// Milliseconds in a (Julian) year: the period [`AnnualEmission`] refers to.
pub const MILLIS_PER_YEAR: u64 = 31_557_600_000;

/// The balance type of the pool's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A debt imbalance of the pool's currency: value credited to an account, not yet paid for.
pub type DebtOf<T> = Debt<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (MC).
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// The pool's identifier: the pool account and the reward pot derive from it.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The cap on total issuance (10 billion MC), checked as an invariant.
		#[pallet::constant]
		type MaxSupply: Get<BalanceOf<Self>>;

		/// How many eras of rewards can still be claimed: staking's `HistoryDepth` plus one.
		/// Reserved rewards older than this go back to the pool.
		#[pallet::constant]
		type RewardWindow: Get<u32>;

		/// The highest annual emission rate governance may set.
		#[pallet::constant]
		type MaxAnnualEmission: Get<Perbill>;

		/// The origin that may change the emission rate.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Takes its share of each era's reward before staking gets the rest (the device
		/// rewards of the representative system); `()` takes nothing.
		type EraRewardSplit: EraRewardSplit<BalanceOf<Self>>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The hash chain of the reward calculations made since the last TracChain checkpoint
	/// (`pallet-anchoring`): taken, and restarted, by every checkpoint.
	#[pallet::storage]
	pub type PeriodRewardDigest<T: Config> =
		StorageValue<_, pallet_anchoring::RunningDigest, ValueQuery>;

	/// The share of the pool's balance paid as staking rewards over a year; each era pays this
	/// pro rata to its duration.
	#[pallet::storage]
	pub type AnnualEmission<T> = StorageValue<_, Perbill, ValueQuery>;

	/// The rewards reserved for the most recent eras (at most [`Config::RewardWindow`]), oldest
	/// first. Their sum bounds what stakers can still claim from the pot.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageValue<_, BoundedVec<BalanceOf<T>, T::RewardWindow>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial annual emission rate.
		pub annual_emission: Perbill,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.annual_emission <= T::MaxAnnualEmission::get(),
				"incentive pool: annual_emission above MaxAnnualEmission"
			);
			AnnualEmission::<T>::put(self.annual_emission);
			// The pot must outlive every payout: seed its existential deposit from the pool.
			let pot = Pallet::<T>::pot_account();
			let ed = T::Currency::minimum_balance();
			let missing = ed.saturating_sub(T::Currency::balance(&pot));
			if !missing.is_zero() {
				if let Err(e) = T::Currency::transfer(
					&Pallet::<T>::account_id(),
					&pot,
					missing,
					Preservation::Preserve,
				) {
					log::warn!(target: LOG_TARGET, "genesis: reward pot not seeded: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An era's staking reward was moved from the pool to the reward pot.
		EraRewardReserved {
			/// MC reserved for the era's stakers.
			amount: BalanceOf<T>,
			/// What remains in the pool.
			pool_balance: BalanceOf<T>,
		},
		/// The pool had nothing left to pay: this era's staking reward is zero.
		PoolExhausted,
		/// Rewards that expired unclaimed went back from the pot to the pool.
		UnclaimedRewardsReturned {
			/// MC returned to the pool.
			amount: BalanceOf<T>,
		},
		/// The annual emission rate was changed.
		AnnualEmissionSet {
			/// The new rate.
			rate: Perbill,
		},
		/// The pot could not cover a reward payout (a bug): it was settled from the pool.
		PotShortfall {
			/// MC settled from the pool instead.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The requested emission rate is above [`Config::MaxAnnualEmission`].
		EmissionAboveMaximum,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::RewardWindow::get() > 0, "RewardWindow must be positive");
			assert!(
				Self::account_id() != Self::pot_account(),
				"the pool and its reward pot must be different accounts (AccountId too short?)"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_supply_invariant().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set the share of the pool paid as staking rewards per year.
		///
		/// The origin must be [`Config::AdminOrigin`]; the rate may not exceed
		/// [`Config::MaxAnnualEmission`]. Takes effect from the next era change.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_annual_emission())]
		pub fn set_annual_emission(origin: OriginFor<T>, rate: Perbill) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(rate <= T::MaxAnnualEmission::get(), Error::<T>::EmissionAboveMaximum);
			AnnualEmission::<T>::put(rate);
			Self::deposit_event(Event::AnnualEmissionSet { rate });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The incentive pool account.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The reward pot: holds the rewards reserved for eras that can still be claimed.
		pub fn pot_account() -> T::AccountId {
			T::PalletId::get().into_sub_account_truncating(*b"era-pot")
		}

		/// The pool's balance.
		pub fn pool_balance() -> BalanceOf<T> {
			T::Currency::balance(&Self::account_id())
		}

		/// What the pool can pay without being reaped (its balance less the existential deposit).
		pub fn available() -> BalanceOf<T> {
			T::Currency::reducible_balance(
				&Self::account_id(),
				Preservation::Preserve,
				Fortitude::Polite,
			)
		}

		/// The staking reward of an era lasting `era_duration_millis`: [`AnnualEmission`] of the
		/// pool's balance, pro rata to the era's share of a year (capped at one year), and never
		/// more than the pool can pay.
		pub fn era_emission(era_duration_millis: u64) -> BalanceOf<T> {
			let yearly: u128 = (AnnualEmission::<T>::get() * Self::pool_balance()).saturated_into();
			let share = multiply_by_rational_with_rounding(
				yearly,
				era_duration_millis.min(MILLIS_PER_YEAR) as u128,
				MILLIS_PER_YEAR as u128,
				Rounding::Down,
			)
			// Cannot overflow: the result is at most `yearly`.
			.unwrap_or(0);
			BalanceOf::<T>::saturated_from(share).min(Self::available())
		}

		/// End-of-era bookkeeping: reserve the era's reward in the pot, record it as claimable,
		/// forget the reward that just left the claim window, and return unclaimed rewards that
		/// expired to the pool. Returns the reward staking should pay for the era.
		pub fn reserve_era_reward(era_duration_millis: u64) -> BalanceOf<T> {
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::reserve_era_reward(),
				frame_support::dispatch::DispatchClass::Mandatory,
			);
			let emission = Self::era_emission(era_duration_millis);
			// Devices' share first: it leaves the pool straight away.
			let to_devices = if emission.is_zero() {
				Zero::zero()
			} else {
				T::EraRewardSplit::take_share(emission).min(emission)
			};
			let wanted = emission.saturating_sub(to_devices).min(Self::available());
			let reserved = if wanted.is_zero() {
				Zero::zero()
			} else {
				match T::Currency::transfer(
					&Self::account_id(),
					&Self::pot_account(),
					wanted,
					Preservation::Preserve,
				) {
					Ok(_) => wanted,
					Err(e) => {
						log::warn!(target: LOG_TARGET, "era reward of {wanted:?} not reserved: {e:?}");
						Zero::zero()
					}
				}
			};
			if reserved.is_zero() && to_devices.is_zero() {
				if !AnnualEmission::<T>::get().is_zero() {
					Self::deposit_event(Event::PoolExhausted);
				}
			} else {
				Self::deposit_event(Event::EraRewardReserved {
					amount: reserved,
					pool_balance: Self::pool_balance(),
				});
			}
			PeriodRewardDigest::<T>::mutate(|d| {
				d.note(&(era_duration_millis, emission, to_devices, reserved))
			});
			Commitments::<T>::mutate(|c| {
				if c.is_full() {
					c.remove(0);
				}
				// Cannot fail: there is room after the removal above (`RewardWindow` > 0).
				let _ = c.try_push(reserved);
			});
			Self::return_expired();
			reserved
		}

		/// Move what the pot holds beyond its existential deposit and the rewards still
		/// claimable back to the pool.
		fn return_expired() {
			let claimable = Commitments::<T>::get()
				.iter()
				.fold(BalanceOf::<T>::zero(), |acc, x| acc.saturating_add(*x));
			let pot = Self::pot_account();
			let spare =
				T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
			let surplus = spare.saturating_sub(claimable);
			if surplus.is_zero() {
				return;
			}
			match T::Currency::transfer(&pot, &Self::account_id(), surplus, Preservation::Preserve)
			{
				Ok(_) => Self::deposit_event(Event::UnclaimedRewardsReturned { amount: surplus }),
				Err(e) => log::warn!(target: LOG_TARGET, "surplus not returned: {e:?}"),
			}
		}

		/// Pay for a reward that was credited to a staker (`debt`) out of the pot, leaving total
		/// issuance unchanged. Should the pot fall short, the pool pays instead.
		pub fn settle_reward(debt: DebtOf<T>) {
			let amount = debt.peek();
			let debt = match T::Currency::settle(&Self::pot_account(), debt, Preservation::Preserve)
			{
				Ok(_dust) => return,
				Err(debt) => debt,
			};
			match T::Currency::settle(&Self::account_id(), debt, Preservation::Preserve) {
				Ok(_dust) => Self::deposit_event(Event::PotShortfall { amount }),
				Err(debt) => {
					// Dropping the debt raises total issuance; `check_supply_invariant` reports it.
					defensive!("incentive pool and pot cannot pay a reward");
					drop(debt);
				}
			}
		}

		/// The supply invariant: total issuance never exceeds [`Config::MaxSupply`], the emission
		/// rate is within its bound, and the claim window is consistent.
		pub fn check_supply_invariant() -> Result<(), &'static str> {
			if T::Currency::total_issuance() > T::MaxSupply::get() {
				return Err("total issuance exceeds the maximum supply");
			}
			if AnnualEmission::<T>::get() > T::MaxAnnualEmission::get() {
				return Err("annual emission above its maximum");
			}
			let claimable = Commitments::<T>::get()
				.iter()
				.fold(BalanceOf::<T>::zero(), |acc, x| acc.saturating_add(*x));
			if claimable > T::Currency::total_issuance() {
				return Err("claimable rewards exceed total issuance");
			}
			Ok(())
		}
	}
}

/// Something that takes a share of each era's reward out of the incentive pool before staking
/// is paid the rest.
pub trait EraRewardSplit<Balance> {
	/// The era's reward is `era_reward`: move the share of it this handler pays (and anything
	/// else it pays from the pool) out of the pool, and return the part of `era_reward` it took
	/// (at most `era_reward`). Staking's payout is `era_reward` less that.
	fn take_share(era_reward: Balance) -> Balance;
}

impl<Balance: Zero> EraRewardSplit<Balance> for () {
	fn take_share(_era_reward: Balance) -> Balance {
		Zero::zero()
	}
}

/// Staking's `EraPayout`: each era's reward comes out of the incentive pool (see
/// [`Pallet::reserve_era_reward`]); nothing is left over to mint (`remainder` is always zero).
pub struct EraPayoutFromPool<T>(PhantomData<T>);
impl<T: Config> sp_staking::EraPayout<BalanceOf<T>> for EraPayoutFromPool<T> {
	fn era_payout(
		_total_staked: BalanceOf<T>,
		_total_issuance: BalanceOf<T>,
		era_duration_millis: u64,
	) -> (BalanceOf<T>, BalanceOf<T>) {
		(Pallet::<T>::reserve_era_reward(era_duration_millis), Zero::zero())
	}
}

/// Staking's `Reward` handler: settles each payout from the reward pot (see
/// [`Pallet::settle_reward`]).
pub struct PayFromPot<T>(PhantomData<T>);
impl<T: Config> OnUnbalanced<DebtOf<T>> for PayFromPot<T> {
	fn on_nonzero_unbalanced(debt: DebtOf<T>) {
		Pallet::<T>::settle_reward(debt);
	}
}

/// Adds the digest of the era rewards reserved (era length, emission, devices' share, reserved) since the last checkpoint (contributor `incentiv`).
impl<T: Config> pallet_anchoring::CheckpointContributor for Pallet<T> {
	fn contribute(
		_checkpoint: pallet_anchoring::CheckpointNumber,
		digests: &mut alloc::vec::Vec<pallet_anchoring::ContributedDigest>,
	) -> frame_support::weights::Weight {
		digests.push(pallet_anchoring::ContributedDigest {
			contributor: *b"incentiv",
			digest: PeriodRewardDigest::<T>::take(),
		});
		T::DbWeight::get().reads_writes(1, 1)
	}
}
