//! Closing: the buyer takes back an expired order's unused budget.

use super::*;

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
		assert_eq!(
			last_event(),
			Event::OrderClosed { order, buyer: alice(), refund: 3 * MUSD, cost: 3 * MC }
		);
		// The refund brings its cost basis back: 3 MUSD minted at 1 USD/MC.
		assert_eq!(Musd::balance_with_cost(&alice()), (3 * MUSD, 3 * MC));
		assert!(Orders::<Test>::get(order).is_none());
		assert_noop!(redeem(order, charlie(), 3 * MUSD), Error::<Test>::UnknownOrder);
		assert_noop!(
			Musd::close_order(RuntimeOrigin::signed(alice()), order),
			Error::<Test>::UnknownOrder
		);
	});
}
