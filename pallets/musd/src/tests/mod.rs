//! Unit tests of MUSD. Expected amounts are computed independently of the pallet's helpers.

use crate::{
	mock::*, Call, CostBasis, Error, Event, MusdParameter, MusdParams, NextOrderId, OrderCost,
	OrderId, Orders, OutstandingBudget, Parameters, Receipt, ServedBy, ServiceId, Services,
	TotalIssuance, MUSD,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect as _};
use metachain_primitives::{
	credit::DeviceKind,
	parameters::{GovernedParameters, ParameterKind, ParameterSet},
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, DispatchResult, FixedU128, MultiSignature};

mod balances;
mod closing;
mod cost_basis;
mod mint;
mod parameters;
mod receipts;
mod services;

/// MUSD units (the pallet's `Musd` type; the name is taken by the pallet in the mock runtime).
type Units = u128;

fn price(usd_per_mc: (u128, u128)) -> FixedU128 {
	FixedU128::from_rational(usd_per_mc.0, usd_per_mc.1)
}

/// Alice mints `musd` MUSD at 1 USD/MC (1 MC = 1 MUSD).
fn fund_musd(who: &AccountId, musd: Units) {
	set_price(Some(FixedU128::from_u32(1)));
	assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(who.clone()), musd * MC / MUSD, musd));
}

/// Alice opens an order for `service` with `budget`; returns its id.
fn open_order(service: ServiceId, budget: Units) -> OrderId {
	fund_musd(&alice(), budget);
	let id = NextOrderId::<Test>::get();
	assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), service, budget));
	id
}

/// The last event is the opening of Alice's first order, for [`VPN`], with `budget` MUSD of
/// cost basis `cost` MC.
fn assert_first_vpn_order_opened(budget: Units, cost: Balance) {
	assert_eq!(
		last_event(),
		Event::OrderOpened { order: 0, buyer: alice(), service: VPN, budget, cost }
	);
}

fn receipt(order: OrderId, provider: AccountId, cumulative: Units) -> Receipt<AccountId> {
	Receipt { order, provider, cumulative }
}

fn redeem(order: OrderId, provider: AccountId, cumulative: Units) -> DispatchResult {
	let r = receipt(order, provider.clone(), cumulative);
	let sig = sign(Sr25519Keyring::Alice, &r);
	Musd::redeem_receipt(RuntimeOrigin::signed(provider), r, sig).map(|_| ()).map_err(|e| e.error)
}

/// Change one parameter as `pallet-chain-parameters` does: the rules in force with `parameter`
/// applied, given to the pallet to check and store.
fn set_parameter(parameter: MusdParameter<u128, u64>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(parameter);
	Musd::set_parameters(params)
}
