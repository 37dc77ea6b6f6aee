//! Unit tests of the credit pallet, one module per behaviour: one or more tests per rule,
//! with their edges. This module has the helpers they share.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchResult,
	traits::fungible::{Inspect, InspectHold},
};
use metachain_primitives::parameters::{GovernedParameters, ParameterSet};
use sp_keyring::Sr25519Keyring;
use sp_runtime::DispatchError;

mod bonding;
mod decay;
mod heartbeats;
mod invite_vesting;
mod listeners_and_invariants;
mod parameters;
mod registration;
mod replenishment;
mod slashing;
mod work_and_levels;

/// A signed origin of the development key `k`.
fn origin(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(acc(k))
}
/// The stored device of `k`.
fn device(k: Sr25519Keyring) -> DeviceOf<Test> {
	Devices::<Test>::get(acc(k)).expect("a device")
}
/// The effective credit of `k` now.
fn credit_now(k: Sr25519Keyring) -> CreditPoints {
	<Credit as CreditInspect<_>>::snapshot(&acc(k)).expect("a device").credit
}
/// The credit pallet's events so far.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Credit(e) => Some(e),
			_ => None,
		})
		.collect()
}
/// The credit pallet's last event.
fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}
/// Alice (a genesis device) invites `who`, who registers.
fn invite_and_register(who: Sr25519Keyring) {
	assert_ok!(Credit::invite(origin(Alice), acc(who)));
	assert_ok!(Credit::register_device(origin(who), DeviceKind::DvpnClient));
}
/// Each of `who` sends its heartbeat for the current period (if it has not yet).
fn keep_alive(who: &[Sr25519Keyring]) {
	for k in who {
		let _ = Credit::heartbeat(origin(*k));
	}
}
/// Move to block `n`, period by period, `who` sending a heartbeat in each.
fn run_alive_to(n: u64, who: &[Sr25519Keyring]) {
	while System::block_number() < n {
		let next = (period_start(Credit::current_period() + 1)).min(n);
		run_to(next);
		keep_alive(who);
	}
}
/// The pallet's invariants hold.
fn check_invariants() {
	assert_ok!(Credit::do_try_state());
}
/// Change one parameter as `pallet-chain-parameters` does (its origin check aside): the rules
/// in force with `parameter` applied, given to [`GovernedParameters::set_parameters`].
fn set_parameter(parameter: ParameterOf<Test>) -> DispatchResult {
	let mut params = <Credit as GovernedParameters>::parameters();
	params.apply(parameter);
	<Credit as GovernedParameters>::set_parameters(params)
}
