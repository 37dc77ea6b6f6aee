//! What the governance pallet needs from the rest of the runtime.

use crate::types::{CountPage, StakeCursor};

/// Bonded MC, as staking keeps it: the weight of votes and the electorate of referenda.
pub trait BondedStake<AccountId, Balance> {
	/// The bonded (active, not unbonding) MC of `who`'s stake; zero when `who` does not stake.
	fn bonded(who: &AccountId) -> Balance;

	/// Counts the bonded MC of at most `limit` stakers, starting after `cursor` (from the first
	/// staker when `None`), calling `each` with every staker counted (the account whose
	/// [`BondedStake::bonded`] it is) and its bonded MC. The pages of one count, taken in order,
	/// visit every staker once.
	fn count(
		cursor: Option<&StakeCursor>,
		limit: u32,
		each: &mut dyn FnMut(&AccountId, Balance),
	) -> CountPage<Balance>;

	/// Makes `who` a staker with `amount` bonded (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn make_staker(who: &AccountId, amount: Balance) -> sp_runtime::DispatchResult;
}

/// How the runtime classes a proposal ([`crate::Class`]): from the calls it makes, wherever
/// they are nested, the strictest class of any of them. The proposer has no say.
pub trait ClassifyCall<Call> {
	/// The class of a referendum whose proposal is `call`.
	fn class_of(call: &Call) -> crate::Class;
}
