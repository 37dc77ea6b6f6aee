//! Unit tests of the price oracle. Expected prices are written out (or computed here from the
//! rules), not taken from the pallet's own helpers.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use metachain_primitives::parameters::{GovernedParameters, ParameterKind, ParameterSet};
use sp_runtime::{DispatchError, FixedU128, Perbill};

mod feeders;
mod freshness;
mod genesis;
mod interfaces;
mod median;
mod parameters;
mod step_limit;
mod submissions;

/// `x` ten-thousandths of a USD per MC: `usd(520)` is 0.0520.
fn usd(x: u128) -> FixedU128 {
	FixedU128::from_rational(x, 10_000)
}
fn submit(who: AccountId, price: FixedU128) -> DispatchResult {
	PriceOracle::submit_price(RuntimeOrigin::signed(who), price)
}
/// Feeders 1 and 2 both submit `price`.
fn both_submit(price: FixedU128) {
	assert_ok!(submit(1, price));
	assert_ok!(submit(2, price));
}
/// The price in force `price`, from `fresh_feeders` submissions, the newest at `updated_at`,
/// `age` blocks ago.
fn in_force(
	price: FixedU128,
	updated_at: u64,
	age: u64,
	fresh_feeders: u32,
) -> Option<PriceInfo<u64>> {
	Some(PriceInfo { price, updated_at, age, fresh_feeders })
}
fn admin() -> RuntimeOrigin {
	RuntimeOrigin::signed(100)
}
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::PriceOracle(e) => Some(e),
			_ => None,
		})
		.collect()
}
fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}
fn price_now() -> Option<FixedU128> {
	PriceOracle::price().map(|p| p.price)
}
fn feeder_accounts() -> Vec<AccountId> {
	Feeders::<Test>::get().iter().map(|f| f.account).collect()
}
fn check_invariants() {
	assert_ok!(PriceOracle::do_try_state());
}
/// Parameters with `min_feeders` and the test window and step.
fn params_min(min_feeders: u32) -> ParamsOf<Test> {
	OracleParams { min_feeders, ..test_params() }
}
/// Change one parameter as `pallet-chain-parameters` does: the rules in force with `parameter`
/// applied, given to the pallet to check and store.
fn set_parameter(parameter: OracleParameter<u64>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(parameter);
	PriceOracle::set_parameters(params)
}
