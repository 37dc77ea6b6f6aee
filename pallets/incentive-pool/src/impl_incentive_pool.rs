//! [`IncentivePool`] for [`Pallet`]: the one door to the pool's MC, for the other pallets and
//! for this one.

use crate::{BalanceOf, Config, Pallet, LOG_TARGET};
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use metachain_primitives::pool::IncentivePool;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> IncentivePool<T::AccountId, BalanceOf<T>> for Pallet<T> {
	/// The pool's reducible balance: what it can pay without being reaped.
	fn available() -> BalanceOf<T> {
		T::Currency::reducible_balance(
			&Self::account_id(),
			Preservation::Preserve,
			Fortitude::Polite,
		)
	}

	/// A transfer from the pool to `to`, keeping the pool alive.
	fn pay(to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer(&Self::account_id(), to, amount, Preservation::Preserve).map(|_| ())
	}

	/// A transfer from `from` to the pool, keeping `from` alive.
	fn receive(from: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer(from, &Self::account_id(), amount, Preservation::Preserve).map(|_| ())
	}

	/// `(MaxAnnualEmission − annual_emission)` of the pool's balance, pro rata to
	/// `period_millis` over a year ([`Pallet::emission_over`]), at most what the pool can pay.
	fn spare_emission(period_millis: u64) -> BalanceOf<T> {
		let spare = T::MaxAnnualEmission::get()
			.saturating_sub(crate::Parameters::<T>::get().annual_emission);
		Self::emission_over(spare, period_millis).min(Self::available())
	}

	/// Pays `pot` what it lacks of the existential deposit; a failure is logged (genesis goes
	/// on with the pot unopened, as before).
	fn open_pot(pot: &T::AccountId) {
		let missing = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(pot));
		if missing.is_zero() {
			return;
		}
		if let Err(e) = Self::pay(pot, missing) {
			log::warn!(target: LOG_TARGET, "pot {pot:?} not opened: {e:?}");
		}
	}
}

/// The pool's share of each credit replenishment is income to pay out again: it joins the next
/// era's reward ([`crate::PendingIncome`]).
impl<T: Config> metachain_primitives::credit::OnReplenished<BalanceOf<T>> for Pallet<T> {
	fn on_replenished(to_pool: BalanceOf<T>) {
		crate::PendingIncome::<T>::mutate(|p| *p = p.saturating_add(to_pool));
	}
}
