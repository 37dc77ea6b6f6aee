//! Receipts: only the increase is paid, to active devices of an allowed kind, once.

use super::*;

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
				remaining: 4 * MUSD,
				cost: MC
			}
		);
		assert_ok!(redeem(order, charlie(), 3 * MUSD / 2));
		assert_eq!(work_log(), vec![(charlie(), MUSD, MC), (charlie(), MUSD / 2, MC / 2)]);
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
		assert_eq!(last_event(), Event::OrderClosed { order, buyer: alice(), refund: 0, cost: 0 });
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
		Credit::deregister(&eve());
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
		make_device(&extra, DeviceKind::DvpnClient);
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), MUSD));
		assert_ok!(redeem(order, eve(), MUSD));
		assert_ok!(redeem(order, ferdie(), MUSD));
		assert_noop!(redeem(order, extra, MUSD), Error::<Test>::TooManyProviders);
		// Providers already paid keep redeeming.
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
	});
}
