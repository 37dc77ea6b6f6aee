//! Unit tests of workload settlement, one module per behaviour. Expected rewards are computed
//! by hand in each test.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use metachain_primitives::{
	digest::RunningDigest,
	parameters::{GovernedParameters, ParameterKind, ParameterSet},
	testing::{AccountPool, RecordedDigests},
};
use sp_runtime::DispatchResult;

mod certificates;
mod cost_basis;
mod migrations;
mod parameters;
mod settlement;

/// `provider` redeems `musd` of work that cost [`COST_PER_MUSD`] MC a MUSD.
fn work(provider: u8, musd: Musd) {
	work_costing(provider, musd, musd * COST_PER_MUSD / MUSD);
}

/// `provider` redeems `musd` of work whose MUSD cost `cost` MC to mint.
fn work_costing(provider: u8, musd: Musd, cost: Balance) {
	<Workload as OnWorkDone<AccountId, Balance>>::on_work_done(&dev(provider), musd, cost);
}

fn claim(provider: u8, days: Vec<DayIndex>) -> DispatchResult {
	Workload::claim(RuntimeOrigin::signed(dev(9)), dev(provider), days.try_into().unwrap())
}

/// Work credit awarded to `provider` so far.
fn credit(provider: u8) -> u32 {
	Credit::awarded(&dev(provider))
}

/// Change one parameter as pallet-chain-parameters does: the rules in force with `p` applied,
/// through [`GovernedParameters::set_parameters`].
fn set(p: WorkloadParameter<Balance, u64>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(p);
	Workload::set_parameters(params)
}
