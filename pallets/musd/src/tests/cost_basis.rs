//! Cost basis: the MC burnt for MUSD follows it, by average cost, into orders, receipts and
//! refunds, and none of it is ever stranded or created.

use super::*;

#[test]
fn minting_at_two_prices_averages_the_cost() {
	test(|| {
		// 10 MUSD at 1 USD/MC cost 10 MC; 10 MUSD at 2 USD/MC cost 5 MC.
		fund_musd(&alice(), 10 * MUSD);
		set_price(Some(price((2, 1))));
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 5 * MC, 10 * MUSD));
		assert_eq!(Musd::balance_with_cost(&alice()), (20 * MUSD, 15 * MC));
		// 4 of the 20 MUSD take 4/20 of the 15 MC with them.
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 4 * MUSD));
		assert_eq!(OrderCost::<Test>::get(0), 3 * MC);
		assert_eq!(Musd::balance_with_cost(&alice()), (16 * MUSD, 12 * MC));
	});
}

#[test]
fn receipts_carry_their_share_and_the_last_one_takes_the_rest() {
	test(|| {
		// 3 MUSD for 1 MC (3 USD/MC): thirds of 10^12 do not divide evenly.
		set_price(Some(price((3, 1))));
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), MC, 3 * MUSD));
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 3 * MUSD));
		assert_eq!(CostBasis::<Test>::get(alice()), 0, "the last MUSD took the whole basis");
		assert_ok!(redeem(0, charlie(), MUSD));
		assert_ok!(redeem(0, eve(), MUSD));
		assert_eq!(OrderCost::<Test>::get(0), MC - 2 * (MC / 3));
		assert_ok!(redeem(0, charlie(), 2 * MUSD));
		let costs: Vec<Balance> = work_log().into_iter().map(|(_, _, c)| c).collect();
		assert_eq!(costs, vec![MC / 3, MC / 3, MC - 2 * (MC / 3)]);
		assert_eq!(costs.iter().sum::<Balance>(), MC, "exactly what was burnt, no more");
		assert!(!OrderCost::<Test>::contains_key(0), "the used-up order keeps no cost");
	});
}

#[test]
fn a_refund_brings_back_the_unspent_cost() {
	test(|| {
		let order = open_order(VPN, 5 * MUSD);
		assert_ok!(redeem(order, charlie(), 2 * MUSD));
		assert_eq!(OrderCost::<Test>::get(order), 3 * MC);
		run_to(1 + EXPIRY);
		assert_ok!(Musd::close_order(RuntimeOrigin::signed(alice()), order));
		assert_eq!(Musd::balance_with_cost(&alice()), (3 * MUSD, 3 * MC));
		assert!(!OrderCost::<Test>::contains_key(order));
		// Spending it all again moves the whole basis.
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 3 * MUSD));
		assert_eq!(OrderCost::<Test>::get(1), 3 * MC);
		assert!(!CostBasis::<Test>::contains_key(alice()));
	});
}

#[test]
fn musd_without_a_recorded_basis_carries_none() {
	test(|| {
		// MUSD from before cost bases were recorded: balance but no basis.
		crate::Balances::<Test>::insert(alice(), 5 * MUSD);
		TotalIssuance::<Test>::put(5 * MUSD);
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 5 * MUSD));
		assert_first_vpn_order_opened(5 * MUSD, 0);
		assert_ok!(redeem(0, charlie(), 5 * MUSD));
		assert_eq!(work_log(), vec![(charlie(), 5 * MUSD, 0)]);
	});
}

#[test]
fn try_state_catches_a_stranded_basis() {
	test(|| {
		CostBasis::<Test>::insert(bob(), MC);
		assert!(Musd::do_try_state().is_err());
		CostBasis::<Test>::remove(bob());
		OrderCost::<Test>::insert(7, MC);
		assert!(Musd::do_try_state().is_err());
		OrderCost::<Test>::remove(7);
	});
}
