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
//!   the pool, era by era: just before staking drops an era from its claim window, the runtime
//!   asks [`Pallet::unpaid_before_expiry`] what of that era's reward is still unpaid (the reserved
//!   amount less an upper bound of what staking paid, read through [`Config::StakingRewards`])
//!   and, once staking has dropped it, [`Pallet::return_expired_era`] moves that back to the pool.
//!   What is paid of the other eras in the window does not matter. The pot keeps, besides its
//!   existential deposit, only what is still claimable (and rounding dust, returned once every
//!   era in the window has expired).
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
//! vector of [`Config::RewardWindow`] balances; an era's expiry reads what staking recorded of
//! each validator that earned points in it (at most the elected set).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use metachain_primitives::pool::EraRewardSplit;
pub use pallet::*;
pub use traits::StakingRewards;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_incentive_pool;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod traits;
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

	/// The storage layout's version: 1 tags each commitment with its era.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
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

		/// Staking's eras: which one is ending, and how much of an era's reward was claimed
		/// (to return exactly the unclaimed rest when the era expires); `()` knows nothing.
		type StakingRewards: StakingRewards<BalanceOf<Self>>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The rules' numbers: the annual emission rate.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, PoolParams, ValueQuery, T::DefaultParameters>;

	/// MC that came into the pool to be paid out again (the pool's share of every credit
	/// replenishment, [`metachain_primitives::credit::OnReplenished`]) since the last era
	/// change. It joins the next era's reward and is split like it: the devices'
	/// [`Config::EraRewardSplit`] share to the credit delegates, the rest to staking's validators
	/// and nominators (the whitepaper's §5.2.2: "validation nodes, token stakers, and credit
	/// delegates").
	#[pallet::storage]
	pub type PendingIncome<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The rewards reserved for the eras whose stakers can still claim (at most
	/// [`Config::RewardWindow`]), oldest first, each with its era. Their sum bounds what stakers
	/// can still claim from the pot. An era leaves when it expires
	/// ([`Pallet::return_expired_era`]) or, failing that, when the window is full.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageValue<_, BoundedVec<EraCommitment<BalanceOf<T>>, T::RewardWindow>, ValueQuery>;

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
			/// The era that left staking's claim window; `None` for a surplus found in the pot
			/// at an era change (rounding dust, or eras the pool was not told of).
			era: Option<EraIndex>,
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
			Self::check_supply_invariant()?;
			let c = Commitments::<T>::get();
			ensure!(
				c.windows(2).all(|w| w[0].era < w[1].era),
				"commitments are not in increasing era order"
			);
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

		/// Whether `params` are acceptable: the emission rate is at most
		/// [`Config::MaxAnnualEmission`].
		pub fn params_valid(params: &PoolParams) -> bool {
			params.annual_emission <= T::MaxAnnualEmission::get()
		}

		/// The staking reward of an era lasting `era_duration_millis`:
		/// [`PoolParams::annual_emission`] of the pool's balance, pro rata to the era's share of
		/// a year (capped at one year), and never more than the pool can pay.
		pub fn era_emission(era_duration_millis: u64) -> BalanceOf<T> {
			Self::emission_over(Parameters::<T>::get().annual_emission, era_duration_millis)
				.min(Self::available())
		}

		/// `rate` of the pool's balance a year, pro rata to `millis` (capped at one year),
		/// rounded down.
		pub fn emission_over(rate: Perbill, millis: u64) -> BalanceOf<T> {
			let yearly: u128 = (rate * Self::pool_balance()).saturated_into();
			let share = multiply_by_rational_with_rounding(
				yearly,
				millis.min(MILLIS_PER_YEAR) as u128,
				MILLIS_PER_YEAR as u128,
				Rounding::Down,
			)
			// Cannot overflow: the result is at most `yearly`.
			.unwrap_or(0);
			BalanceOf::<T>::saturated_from(share)
		}

		/// End-of-era bookkeeping: the era's reward is its emission plus the pending income
		/// ([`PendingIncome`]), as far as the pool can pay; take the devices' share of it, reserve
		/// the rest in the pot, record it as claimable, forget the reward that just left the
		/// claim window, and return unclaimed rewards that expired to the pool. Returns the
		/// reward staking should pay for the era.
		///
		/// Registers no weight: it runs in the session turn that ends an era, whose weight is
		/// measured whole (the runtime's `pallet-session-rotation`); `WeightInfo::
		/// reserve_era_reward` measures it alone.
		pub fn reserve_era_reward(era_duration_millis: u64) -> BalanceOf<T> {
			let emission = Self::era_emission(era_duration_millis);
			let income = PendingIncome::<T>::take();
			let era_reward = emission.saturating_add(income).min(Self::available());
			// Devices' share first: it leaves the pool straight away.
			let to_devices = if era_reward.is_zero() {
				Zero::zero()
			} else {
				T::EraRewardSplit::take_share(era_reward).min(era_reward)
			};
			let wanted = era_reward.saturating_sub(to_devices).min(Self::available());
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
				&(era_duration_millis, emission, income, to_devices, reserved),
			);
			Commitments::<T>::mutate(|c| {
				let last = c.last().map(|l| l.era);
				let era = T::StakingRewards::ending_era()
					.or_else(|| last.map(|l| l.saturating_add(1)))
					.unwrap_or_default();
				// Staking's eras only grow; should one repeat, it replaces nothing.
				if last.is_some_and(|l| l >= era) {
					defensive!("era reward reserved twice for one era");
				}
				if c.is_full() {
					c.remove(0);
				}
				// Cannot fail: there is room after the removal above (`RewardWindow` > 0).
				let _ = c.try_push(EraCommitment { era, amount: reserved });
			});
			Self::return_to_pool(None, Zero::zero());
			reserved
		}

		/// What is certainly unpaid of `era`'s reward: its reserved amount less what staking paid
		/// at most ([`Config::StakingRewards`]). The runtime calls this just before staking drops
		/// `era` from its claim window, and hands the answer to [`Self::return_expired_era`]
		/// once it has. `None` if the pool reserved nothing for `era`.
		pub fn unpaid_before_expiry(era: EraIndex) -> Option<ExpiringEra<BalanceOf<T>>> {
			let reserved = Commitments::<T>::get().iter().find(|c| c.era == era)?.amount;
			let (paid, validators) = match T::StakingRewards::paid_at_most(era) {
				Some((paid, validators)) => (paid, validators),
				// Unknown: assume all of it was paid; the window's end returns the rest.
				None => (reserved, 0),
			};
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::expire_era(validators),
				frame_support::dispatch::DispatchClass::Mandatory,
			);
			Some(ExpiringEra { era, unpaid_at_least: reserved.saturating_sub(paid) })
		}

		/// `expiring.era` has left staking's claim window: forget its commitment (and any older
		/// one) and move its unpaid reward back from the pot to the pool — at least
		/// `expiring.unpaid_at_least`, and whatever the pot holds beyond the rewards of the eras
		/// still claimable.
		pub fn return_expired_era(expiring: ExpiringEra<BalanceOf<T>>) {
			Commitments::<T>::mutate(|c| c.retain(|x| x.era > expiring.era));
			Self::return_to_pool(Some(expiring.era), expiring.unpaid_at_least);
		}

		/// Move back to the pool `at_least` (as far as the pot holds it) and anything the pot
		/// holds beyond its existential deposit and the rewards still claimable.
		fn return_to_pool(era: Option<EraIndex>, at_least: BalanceOf<T>) {
			let pot = Self::pot_account();
			let spare =
				T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
			let amount = spare.saturating_sub(Self::claimable()).max(at_least).min(spare);
			if amount.is_zero() {
				return;
			}
			match Self::receive(&pot, amount) {
				Ok(()) => Self::deposit_event(Event::UnclaimedRewardsReturned { era, amount }),
				Err(e) => log::warn!(target: LOG_TARGET, "unclaimed rewards not returned: {e:?}"),
			}
		}

		/// The sum of the rewards reserved for eras still in the claim window: an upper bound of
		/// what stakers can still claim from the pot.
		pub fn claimable() -> BalanceOf<T> {
			Commitments::<T>::get()
				.iter()
				.fold(BalanceOf::<T>::zero(), |acc, x| acc.saturating_add(x.amount))
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
			if Self::claimable() > T::Currency::total_issuance() {
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
