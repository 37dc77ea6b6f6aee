//! # Incentive pool
//!
//! 60% of all MC (6 billion of the 10 billion that will ever exist) sits in the incentive pool,
//! a keyless account derived from [`Config::PalletId`]. Every reward of the chain is paid out of
//! it; nothing is ever minted. This pallet owns the pool and makes stock `pallet-staking` pay
//! its era rewards from it:
//!
//! * [`EraPayoutFromPool`] is staking's `EraPayout`. At the end of each era it moves the era's
//!   emission — [`PoolParams::annual_emission`] of the pool's balance, pro rata to the era's
//!   length — from the pool into the *reward pot* (a sub-account) and tells staking to pay
//!   exactly that. When the pool has nothing left to give, the era pays nothing and
//!   [`Event::PoolExhausted`] says so.
//! * [`PayFromPot`] is staking's `Reward` handler. Staking credits each payout to the staker and
//!   hands over the matching debt (an imbalance that would raise total issuance when dropped);
//!   the handler settles it from the pot, so total issuance is unchanged by every payout.
//! * Rewards that nobody claimed before staking forgets an era (its `HistoryDepth`) go back to
//!   the pool: the pot keeps, besides its existential deposit, only what is still claimable.
//! * It is the one door to the pool for the other pallets: they pay, are paid and open their
//!   pots through [`metachain_primitives::pool::IncentivePool`], implemented by [`Pallet`]
//!   (`impl_incentive_pool.rs`); so does this pallet for its own pot.
//! * Each era's reward calculation is noted for TracChain checkpoints under `incentiv`
//!   ([`Config::RewardDigests`]).
//! * Its one parameter, [`PoolParams::annual_emission`], changes through
//!   `pallet-chain-parameters` ([`metachain_primitives::parameters::GovernedParameters`]),
//!   never above [`Config::MaxAnnualEmission`].
//!
//! Invariant, checked by [`Pallet::check_supply_invariant`] (also in `try_state`): total
//! issuance never exceeds [`Config::MaxSupply`].
//!
//! Cost: everything here is O(1) in accounts; the era change reads and writes one bounded
//! vector of [`Config::RewardWindow`] balances.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use metachain_primitives::pool::EraRewardSplit;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_incentive_pool;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
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
use metachain_primitives::{digest::RewardDigests, pool::IncentivePool as _};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, SaturatedConversion, Saturating, Zero},
	Perbill, Rounding,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::incentive-pool";

/// Milliseconds in a (Julian) year: the period [`PoolParams::annual_emission`] refers to.
pub const MILLIS_PER_YEAR: u64 = 31_557_600_000;

/// The balance type of the pool's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A debt imbalance of the pool's currency: value credited to an account, not yet paid for.
pub type DebtOf<T> = Debt<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// The contributor id of this pallet's reward digest (TracChain checkpoints).
pub const DIGEST_ID: metachain_primitives::digest::ContributorId = *b"incentiv";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

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

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<PoolParams>;

		/// Takes its share of each era's reward before staking gets the rest (the device
		/// rewards of the representative system); `()` takes nothing.
		type EraRewardSplit: EraRewardSplit<BalanceOf<Self>>;

		/// Where each era's reward calculation is noted for the next TracChain checkpoint
		/// (contributor `incentiv`); `()` keeps nothing.
		type RewardDigests: RewardDigests;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The rules' numbers: the annual emission rate.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, PoolParams, ValueQuery, T::DefaultParameters>;

	/// The rewards reserved for the most recent eras (at most [`Config::RewardWindow`]), oldest
	/// first. Their sum bounds what stakers can still claim from the pot.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageValue<_, BoundedVec<BalanceOf<T>, T::RewardWindow>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; `None` takes the runtime's defaults ([`Config::DefaultParameters`]).
		pub params: Option<PoolParams>,
		/// Not used.
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			// The pot must outlive every payout: seed its existential deposit from the pool.
			Pallet::<T>::open_pot(&Pallet::<T>::pot_account());
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
		/// The pot could not cover a reward payout (a bug): it was settled from the pool.
		PotShortfall {
			/// MC settled from the pool instead.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The requested emission rate is above [`Config::MaxAnnualEmission`] (refused by
		/// [`metachain_primitives::parameters::GovernedParameters::set_parameters`]).
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

		/// Whether `params` are acceptable: the emission rate is at most
		/// [`Config::MaxAnnualEmission`].
		pub fn params_valid(params: &PoolParams) -> bool {
			params.annual_emission <= T::MaxAnnualEmission::get()
		}

		/// The staking reward of an era lasting `era_duration_millis`:
		/// [`PoolParams::annual_emission`] of the pool's balance, pro rata to the era's share of
		/// a year (capped at one year), and never more than the pool can pay.
		pub fn era_emission(era_duration_millis: u64) -> BalanceOf<T> {
			let yearly: u128 =
				(Parameters::<T>::get().annual_emission * Self::pool_balance()).saturated_into();
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
				match Self::pay(&Self::pot_account(), wanted) {
					Ok(()) => wanted,
					Err(e) => {
						log::warn!(target: LOG_TARGET, "era reward of {wanted:?} not reserved: {e:?}");
						Zero::zero()
					}
				}
			};
			if reserved.is_zero() && to_devices.is_zero() {
				if !Parameters::<T>::get().annual_emission.is_zero() {
					Self::deposit_event(Event::PoolExhausted);
				}
			} else {
				Self::deposit_event(Event::EraRewardReserved {
					amount: reserved,
					pool_balance: Self::pool_balance(),
				});
			}
			T::RewardDigests::note(
				DIGEST_ID,
				&(era_duration_millis, emission, to_devices, reserved),
			);
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
			match Self::receive(&pot, surplus) {
				Ok(()) => Self::deposit_event(Event::UnclaimedRewardsReturned { amount: surplus }),
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
			if !Self::params_valid(&Parameters::<T>::get()) {
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

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// The rate applies from the next era change.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, PoolParams, Error::<T>::EmissionAboveMaximum
);
