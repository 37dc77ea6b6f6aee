//! Unit tests of the delegation rules. Expected amounts are computed here from the rules, not
//! read back from the pallet. Credit is the stub of the mock: the tests set each device's credit
//! and period as the credit pallet would report them.

use crate::{mock::*, *};
use frame_election_provider_support::ElectionProvider;
use frame_support::{assert_noop, assert_ok, dispatch::DispatchResult};
use metachain_primitives::{
	credit::{CreditInspect, CreditSink},
	parameters::{GovernedParameters, ParameterKind, ParameterSet},
};
use sp_runtime::Perbill;

mod delegation;
mod election;
mod expiry;
mod grouped;
mod migrations;
mod parameters;
mod rewards;
mod slashing;

fn delegate(who: &AccountId, v: &AccountId) -> DispatchResult {
	CreditDelegation::delegate(RuntimeOrigin::signed(who.clone()), v.clone())
}

/// A device's reward by the rule: the validator's rest less two plancks, per point of backing
/// (truncated to 18 decimals), times the device's credit, rounded down.
fn device_reward(rest: u128, credit: u128, backing: u128) -> u128 {
	let unit = 10u128.pow(18);
	let rate = (rest - 2) * unit / backing;
	credit * rate / unit
}

/// The winners of an election held now, after the candidate sweep has passed every candidate.
fn elected() -> Vec<AccountId> {
	list_candidates();
	let mut winners: Vec<AccountId> =
		Election::elect(0).expect("election succeeds").into_iter().map(|(w, _)| w).collect();
	winners.sort();
	winners
}

/// Award `points` of work credit to `who` through the credit stub (told to this pallet).
fn award(who: &AccountId, points: u32) {
	assert_eq!(<Credit as CreditSink<AccountId>>::award(who, points, *b"service_"), Ok(points));
}

/// `who`'s credit as the credit stub reports it.
fn credit_of(who: &AccountId) -> u32 {
	Credit::snapshot(who).map_or(0, |s| s.credit)
}

/// Change one parameter as `pallet-chain-parameters` does: the rules in force with `parameter`
/// applied, given to the pallet to check and store.
fn set_parameter(parameter: ParameterOf<Test>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(parameter);
	CreditDelegation::set_parameters(params)
}
