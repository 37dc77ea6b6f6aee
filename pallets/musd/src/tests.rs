//! Unit tests of MUSD. Expected amounts are computed independently of the pallet's helpers.

use crate::{
	mock::*, Call, Error, Event, MusdParameter, NextOrderId, OrderId, Orders, OutstandingBudget,
	Parameters, Receipt, ServedBy, ServiceId, Services, TotalIssuance, MUSD,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect as _};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, DispatchResult, FixedU128, MultiSignature};

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

fn receipt(order: OrderId, provider: AccountId, cumulative: Units) -> Receipt<AccountId> {
	Receipt { order, provider, cumulative }
}

fn redeem(order: OrderId, provider: AccountId, cumulative: Units) -> DispatchResult {
	let r = receipt(order, provider.clone(), cumulative);
	let sig = sign(Sr25519Keyring::Alice, &r);
	Musd::redeem_receipt(RuntimeOrigin::signed(provider), r, sig).map(|_| ()).map_err(|e| e.error)
}

// ---- the price and minting ----

#[test]
fn mint_burns_mc_at_the_exact_rate() {
	test(|| {
		// 0.052 USD per MC: 1,000 MC buy 52 MUSD exactly.
		set_price(Some(price((52, 1000))));
		let issuance = Balances::total_issuance();
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 1_000 * MC, 52 * MUSD));
		assert_eq!(Musd::balance(&alice()), 52_000_000);
		assert_eq!(TotalIssuance::<Test>::get(), 52_000_000);
		assert_eq!(Balances::total_issuance(), issuance - 1_000 * MC);
		assert_eq!(Balances::balance(&alice()), INITIAL_BALANCE - 1_000 * MC);
		assert_eq!(
			last_event(),
			Event::Minted {
				who: alice(),
				mc_burnt: 1_000 * MC,
				musd: 52 * MUSD,
				price: price((52, 1000))
			}
		);
	});
}

#[test]
fn mint_rounds_down_in_favour_of_the_chain() {
	test(|| {
		// 1/3 USD per MC: the price's fixed-point value is 333_333_333_333_333_333 (10^18 / 3,
		// rounded down). 1 MC + 1 planck buys (10^12 + 1) × that / 10^24 units, rounded down:
		// 333_333.666… → 333_333 units.
		set_price(Some(price((1, 3))));
		let inner: u128 = 333_333_333_333_333_333;
		assert_eq!(price((1, 3)).into_inner(), inner);
		let mc = MC + 1;
		let expected = (mc * inner) / 1_000_000_000_000_000_000_000_000;
		assert_eq!(expected, 333_333);
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), mc, 0));
		assert_eq!(Musd::balance(&alice()), expected);
	});
}

#[test]
fn quotes_match_minting_and_round_against_the_user() {
	test(|| {
		set_price(Some(price((7, 100))));
		// 10 MUSD at 0.07 USD/MC need 10 / 0.07 = 142.857142857142… MC, rounded up to the planck.
		let need = Musd::quote_mc(10 * MUSD).unwrap();
		assert_eq!(need, 142_857_142_857_143);
		assert_eq!(Musd::quote_mint(need), Some(10 * MUSD));
		assert_eq!(Musd::quote_mint(need - 1), Some(10 * MUSD - 1));
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), need, 10 * MUSD));
		assert_eq!(Musd::balance(&alice()), 10 * MUSD);
	});
}

#[test]
fn nothing_is_minted_without_a_fresh_price() {
	test(|| {
		let issuance = Balances::total_issuance();
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), 10 * MC, 0),
			Error::<Test>::NoPrice
		);
		assert_eq!(Musd::quote_mint(10 * MC), None);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn slippage_guard_fails_the_mint() {
	test(|| {
		set_price(Some(price((5, 100))));
		// 100 MC buy 5 MUSD; asking for more fails and burns nothing.
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), 100 * MC, 5 * MUSD + 1),
			Error::<Test>::Slippage
		);
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 100 * MC, 5 * MUSD));
	});
}

#[test]
fn mint_limits() {
	test(|| {
		set_price(Some(price((5, 100))));
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), MC - 1, 0),
			Error::<Test>::BelowMinimumMint
		);
		// The account must stay alive: its whole balance cannot be burnt.
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), INITIAL_BALANCE, 0),
			Error::<Test>::InsufficientMc
		);
		// A price so low that 1 MC is worth less than a micro-dollar.
		set_price(Some(price((1, 10_000_000))));
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), MC, 0),
			Error::<Test>::NothingToMint
		);
	});
}

// ---- services and orders ----

#[test]
fn buying_a_service_burns_musd_into_an_order() {
	test(|| {
		fund_musd(&alice(), 10 * MUSD);
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 4 * MUSD));
		assert_eq!(Musd::balance(&alice()), 6 * MUSD);
		assert_eq!(TotalIssuance::<Test>::get(), 6 * MUSD);
		assert_eq!(OutstandingBudget::<Test>::get(), 4 * MUSD);
		let order = Orders::<Test>::get(0).unwrap();
		assert_eq!(
			(order.buyer, order.service, order.budget, order.consumed),
			(alice(), VPN, 4 * MUSD, 0)
		);
		assert_eq!(order.closable_at, 1 + EXPIRY);
		assert_eq!(
			last_event(),
			Event::OrderOpened { order: 0, buyer: alice(), service: VPN, budget: 4 * MUSD }
		);
		assert_eq!(NextOrderId::<Test>::get(), 1);
	});
}

#[test]
fn buying_fails_cleanly() {
	test(|| {
		fund_musd(&alice(), 2 * MUSD);
		assert_noop!(
			Musd::buy_service(RuntimeOrigin::signed(alice()), 9, MUSD),
			Error::<Test>::UnknownService
		);
		// Below MinOrder (1 MUSD), and below one unit of RELAY (1 MUSD).
		assert_noop!(
			Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, MUSD - 1),
			Error::<Test>::BudgetTooSmall
		);
		assert_noop!(
			Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 3 * MUSD),
			Error::<Test>::InsufficientMusd
		);
		assert_ok!(Musd::update_service(
			RuntimeOrigin::root(),
			VPN,
			MUSD / 10,
			ServedBy { dvpn_client: true, smart_gateway: false },
			false
		));
		assert_noop!(
			Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, MUSD),
			Error::<Test>::ServiceRetired
		);
	});
}

#[test]
fn services_are_managed_by_the_service_origin() {
	test(|| {
		let both = ServedBy { dvpn_client: true, smart_gateway: true };
		assert_noop!(
			Musd::register_service(RuntimeOrigin::signed(alice()), 3, b"x".to_vec(), 1, both),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Musd::register_service(RuntimeOrigin::root(), VPN, b"x".to_vec(), 1, both),
			Error::<Test>::ServiceExists
		);
		assert_noop!(
			Musd::register_service(RuntimeOrigin::root(), 3, b"x".to_vec(), 0, both),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			Musd::register_service(RuntimeOrigin::root(), 3, vec![b'x'; 33], 1, both),
			Error::<Test>::NameTooLong
		);
		assert_ok!(Musd::register_service(RuntimeOrigin::root(), 3, b"storage".to_vec(), 5, both));
		assert_eq!(
			last_event(),
			Event::ServiceRegistered { service: 3, unit_price: 5, served_by: both }
		);
		assert_noop!(
			Musd::update_service(RuntimeOrigin::root(), 4, 5, both, true),
			Error::<Test>::UnknownService
		);
		assert_ok!(Musd::update_service(RuntimeOrigin::root(), 3, 7, both, false));
		let s = Services::<Test>::get(3).unwrap();
		assert_eq!((s.unit_price, s.active, &s.name[..]), (7, false, &b"storage"[..]));
	});
}

// ---- receipts ----

#[test]
fn successive_receipts_pay_only_the_increase() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), MUSD));
		assert_eq!(
			last_event(),
			Event::ReceiptRedeemed {
				order,
				provider: charlie(),
				cumulative: MUSD,
				value: MUSD,
				remaining: 4 * MUSD
			}
		);
		assert_ok!(redeem(order, charlie(), 3 * MUSD / 2));
		assert_eq!(work_log(), vec![(charlie(), MUSD), (charlie(), MUSD / 2)]);
		let o = Orders::<Test>::get(order).unwrap();
		assert_eq!(o.consumed, 3 * MUSD / 2);
		assert_eq!(o.redeemed_by(&charlie()), 3 * MUSD / 2);
		assert_eq!(OutstandingBudget::<Test>::get(), 7 * MUSD / 2);
	});
}

#[test]
fn replayed_and_old_receipts_change_nothing() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		let old = receipt(order, charlie(), MUSD);
		let old_sig = sign(Sr25519Keyring::Alice, &old);
		assert_ok!(Musd::redeem_receipt(
			RuntimeOrigin::signed(charlie()),
			old.clone(),
			old_sig.clone()
		));
		// The same receipt again.
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), old.clone(), old_sig.clone()),
			Error::<Test>::StaleReceipt
		);
		// A newer one, then the older one out of order.
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), old, old_sig),
			Error::<Test>::StaleReceipt
		);
		assert_eq!(Orders::<Test>::get(order).unwrap().consumed, 2 * MUSD);
		assert_eq!(work_log().len(), 2);
	});
}

#[test]
fn a_receipt_above_the_remaining_budget_fails() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), 3 * MUSD));
		// Eve's 3 MUSD would make 6 of a 5 MUSD budget.
		assert_noop!(redeem(order, eve(), 3 * MUSD), Error::<Test>::ReceiptExceedsBudget);
		assert_noop!(redeem(order, charlie(), 5 * MUSD + 1), Error::<Test>::ReceiptExceedsBudget);
		assert_ok!(redeem(order, eve(), 2 * MUSD));
	});
}

#[test]
fn a_used_up_order_closes() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
		assert_ok!(redeem(order, eve(), 3 * MUSD));
		assert!(Orders::<Test>::get(order).is_none());
		assert_eq!(last_event(), Event::OrderClosed { order, buyer: alice(), refund: 0 });
		assert_eq!(OutstandingBudget::<Test>::get(), 0);
		assert_noop!(redeem(order, charlie(), 3 * MUSD), Error::<Test>::UnknownOrder);
	});
}

#[test]
fn bad_signatures_fail() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		// Signed by Bob, not the buyer.
		let r = receipt(order, charlie(), MUSD);
		let sig = sign(Sr25519Keyring::Bob, &r);
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), r.clone(), sig),
			Error::<Test>::BadSignature
		);
		// The buyer's signature of another amount.
		let sig = sign(Sr25519Keyring::Alice, &receipt(order, charlie(), MUSD / 2));
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), r.clone(), sig),
			Error::<Test>::BadSignature
		);
		// The buyer's signature without the domain tag and genesis hash.
		let sig: MultiSignature = Sr25519Keyring::Alice.sign(&r.encode()).into();
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), r.clone(), sig),
			Error::<Test>::BadSignature
		);
		// A receipt made out to Charlie cannot be redeemed by Eve, even re-addressed.
		let sig = sign(Sr25519Keyring::Alice, &r);
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(eve()), r.clone(), sig.clone()),
			Error::<Test>::NotProvider
		);
		let mut to_eve = r.clone();
		to_eve.provider = eve();
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(eve()), to_eve, sig),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn only_active_devices_of_an_allowed_kind_serve() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		// Dave is a smart gateway; VPN is served by DVPN clients only.
		assert_noop!(redeem(order, dave(), MUSD), Error::<Test>::KindNotAllowed);
		// Bob is no device.
		assert_noop!(redeem(order, bob(), MUSD), Error::<Test>::NotADevice);
		// A deregistering device no longer serves.
		assert_ok!(Credit::deregister(RuntimeOrigin::signed(eve())));
		assert_noop!(redeem(order, eve(), MUSD), Error::<Test>::NotADevice);
		// The relay is for gateways.
		let relay = open_order(RELAY, 2 * MUSD);
		assert_ok!(redeem(relay, dave(), MUSD));
		assert_noop!(redeem(relay, charlie(), MUSD), Error::<Test>::KindNotAllowed);
	});
}

#[test]
fn a_buyer_cannot_serve_itself() {
	test(|| {
		fund_musd(&charlie(), 2 * MUSD);
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(charlie()), VPN, 2 * MUSD));
		let r = receipt(0, charlie(), MUSD);
		let sig = sign(Sr25519Keyring::Charlie, &r);
		assert_noop!(
			Musd::redeem_receipt(RuntimeOrigin::signed(charlie()), r, sig),
			Error::<Test>::SelfService
		);
	});
}

#[test]
fn an_order_pays_a_bounded_number_of_providers() {
	test(|| {
		// A fourth DVPN client.
		let extra = Sr25519Keyring::One.to_account_id();
		let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(
			&extra,
			10_000 * MC,
		);
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), extra.clone()));
		assert_ok!(Credit::register_device(
			RuntimeOrigin::signed(extra.clone()),
			pallet_credit::DeviceKind::DvpnClient
		));
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), MUSD));
		assert_ok!(redeem(order, eve(), MUSD));
		assert_ok!(redeem(order, ferdie(), MUSD));
		assert_noop!(redeem(order, extra, MUSD), Error::<Test>::TooManyProviders);
		// Providers already paid keep redeeming.
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
	});
}

// ---- closing ----

#[test]
fn the_buyer_closes_an_expired_order_and_gets_the_rest_back() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
		assert_noop!(
			Musd::close_order(RuntimeOrigin::signed(alice()), order),
			Error::<Test>::OrderNotExpired
		);
		run_to(1 + EXPIRY);
		assert_noop!(
			Musd::close_order(RuntimeOrigin::signed(bob()), order),
			Error::<Test>::NotBuyer
		);
		assert_ok!(Musd::close_order(RuntimeOrigin::signed(alice()), order));
		assert_eq!(Musd::balance(&alice()), 3 * MUSD);
		assert_eq!(TotalIssuance::<Test>::get(), 3 * MUSD);
		assert_eq!(OutstandingBudget::<Test>::get(), 0);
		assert_eq!(last_event(), Event::OrderClosed { order, buyer: alice(), refund: 3 * MUSD });
		assert!(Orders::<Test>::get(order).is_none());
		assert_noop!(redeem(order, charlie(), 3 * MUSD), Error::<Test>::UnknownOrder);
		assert_noop!(
			Musd::close_order(RuntimeOrigin::signed(alice()), order),
			Error::<Test>::UnknownOrder
		);
	});
}

// ---- no transfer path ----

#[test]
fn the_pallet_has_no_transfer_call() {
	use frame_support::traits::GetCallName;
	// A new call must be reviewed for transfer paths and added here.
	assert_eq!(
		Call::<Test>::get_call_names(),
		&[
			"mint_musd",
			"buy_service",
			"redeem_receipt",
			"close_order",
			"register_service",
			"update_service",
			"set_parameter"
		]
	);
}

#[test]
fn no_call_changes_the_musd_of_anyone_but_its_signer() {
	test(|| {
		fund_musd(&alice(), 10 * MUSD);
		fund_musd(&bob(), 10 * MUSD);
		fund_musd(&charlie(), 10 * MUSD);
		let everyone = [alice(), bob(), charlie(), dave(), eve(), ferdie()];
		let snapshot = || everyone.iter().map(Musd::balance).collect::<Vec<_>>();
		let check = |signer: &AccountId, f: &dyn Fn()| {
			let before = snapshot();
			f();
			let after = snapshot();
			for (i, who) in everyone.iter().enumerate() {
				if who != signer {
					assert_eq!(before[i], after[i], "{who:?}'s MUSD changed");
				}
			}
		};
		check(&alice(), &|| {
			assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 5 * MC, 0));
		});
		check(&alice(), &|| {
			assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 4 * MUSD));
		});
		check(&charlie(), &|| {
			assert_ok!(redeem(0, charlie(), 3 * MUSD));
		});
		run_to(1 + EXPIRY);
		check(&alice(), &|| {
			assert_ok!(Musd::close_order(RuntimeOrigin::signed(alice()), 0));
		});
		// Root's calls move no MUSD at all.
		check(&alice(), &|| {
			assert_ok!(Musd::set_parameter(RuntimeOrigin::root(), MusdParameter::MinOrder(2)));
		});
		assert_eq!(Musd::balance(&alice()), 10 * MUSD + 5 * MUSD - 4 * MUSD + MUSD);
	});
}

// ---- parameters ----

#[test]
fn parameters_are_changed_by_the_config_origin_and_validated() {
	test(|| {
		assert_noop!(
			Musd::set_parameter(RuntimeOrigin::signed(alice()), MusdParameter::OrderExpiry(5)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Musd::set_parameter(RuntimeOrigin::root(), MusdParameter::OrderExpiry(0)),
			Error::<Test>::InvalidParameter
		);
		assert_noop!(
			Musd::set_parameter(RuntimeOrigin::root(), MusdParameter::MinOrder(0)),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(Musd::set_parameter(RuntimeOrigin::root(), MusdParameter::OrderExpiry(5)));
		assert_eq!(Parameters::<Test>::get().order_expiry, 5);
		assert_eq!(last_event(), Event::ParameterSet { parameter: MusdParameter::OrderExpiry(5) });
	});
}

#[test]
fn try_state_catches_a_broken_total() {
	new_test_ext().execute_with(|| {
		fund_musd(&alice(), 3 * MUSD);
		assert_ok!(Musd::do_try_state());
		TotalIssuance::<Test>::put(4 * MUSD);
		assert!(Musd::do_try_state().is_err());
	});
}
