//! The incentive pool (60% of all MC) as the other pallets reach it.
//!
//! `pallet-incentive-pool` owns the pool's account and is the only door to it: the other pallets
//! ask it for MC ([`IncentivePool::pay`]), give MC back ([`IncentivePool::receive`]) and open
//! their pots ([`IncentivePool::open_pot`]) through this trait, never by a transfer from the
//! pool's account. Every MC that leaves or enters the pool thus passes one implementation.

use frame_support::dispatch::DispatchResult;
use sp_runtime::traits::Zero;

/// The incentive pool: what it can pay, paying from it, and paying back into it.
pub trait IncentivePool<AccountId, Balance> {
	/// What the pool can pay now: its balance less what keeps its account alive.
	fn available() -> Balance;

	/// Pay `amount` from the pool to `to` (a reward pot, or the caller's own account). Fails, and
	/// pays nothing, if the pool cannot pay all of it.
	fn pay(to: &AccountId, amount: Balance) -> DispatchResult;

	/// Move `amount` from `from` into the pool (rewards that expired unclaimed, shares nobody
	/// could be paid, replenishment income), keeping `from` alive. Fails, and moves nothing, if
	/// `from` cannot pay all of it.
	fn receive(from: &AccountId, amount: Balance) -> DispatchResult;

	/// What the pool may pay over `period_millis`, besides the era rewards, without its yearly
	/// outflow exceeding the highest annual emission governance may set: (the maximum annual
	/// emission rate − the rate in force) × the pool's balance, pro rata to the period's share of
	/// a year, and never more than [`Self::available`]. Budgets that are not era rewards (the
	/// workload days) are capped by this, so no parameter can drain the pool through them.
	fn spare_emission(period_millis: u64) -> Balance;

	/// Make `pot` a live account: pay it, from the pool, what it lacks of the existential
	/// deposit, so that paying out of it never reaps it. Called at genesis by the pallets that
	/// keep rewards in a pot; does nothing if `pot` already holds the deposit.
	fn open_pot(pot: &AccountId);
}

/// Something that takes a share of each era's reward out of the incentive pool before staking
/// is paid the rest (the device rewards of the representative system).
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
