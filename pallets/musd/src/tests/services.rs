//! Services and orders: registered by the service origin, bought with MUSD.

use super::*;

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
		assert_first_vpn_order_opened(4 * MUSD, 4 * MC);
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
