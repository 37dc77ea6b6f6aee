//! Parameters through `GovernedParameters` (the origin is `pallet-chain-parameters`' to
//! check): validated, with their kinds.

use super::*;

#[test]
fn parameters_are_validated_and_stored() {
	test(|| {
		assert_noop!(set_parameter(MusdParameter::OrderExpiry(0)), Error::<Test>::InvalidParameter);
		assert_noop!(set_parameter(MusdParameter::MinOrder(0)), Error::<Test>::InvalidParameter);
		assert_ok!(set_parameter(MusdParameter::OrderExpiry(5)));
		assert_eq!(Parameters::<Test>::get().order_expiry, 5);
		assert_eq!(
			<Musd as GovernedParameters>::parameters(),
			MusdParams { order_expiry: 5, ..params() }
		);
		// The pallet emits nothing itself: `pallet-chain-parameters` announces the change.
		assert!(System::events().is_empty());
		assert_noop!(
			Musd::set_parameters(MusdParams { min_order: 0, order_expiry: 0, ..params() }),
			Error::<Test>::InvalidParameter
		);
	});
}

#[test]
fn a_new_minimum_applies_to_the_next_mint_and_order() {
	test(|| {
		assert_ok!(set_parameter(MusdParameter::MinMint(2 * MC)));
		assert_ok!(set_parameter(MusdParameter::MinOrder(2 * MUSD)));
		set_price(Some(FixedU128::from_u32(1)));
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), 2 * MC - 1, 0),
			Error::<Test>::BelowMinimumMint
		);
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 2 * MC, 0));
		assert_noop!(
			Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 2 * MUSD - 1),
			Error::<Test>::BudgetTooSmall
		);
		assert_ok!(Musd::buy_service(RuntimeOrigin::signed(alice()), VPN, 2 * MUSD));
	});
}

#[test]
fn open_orders_keep_their_expiry() {
	test(|| {
		let order = open_order(VPN, 2 * MUSD);
		assert_ok!(set_parameter(MusdParameter::OrderExpiry(5 * EXPIRY)));
		assert_eq!(Orders::<Test>::get(order).map(|o| o.closable_at), Some(1 + EXPIRY));
		let later = open_order(VPN, 2 * MUSD);
		assert_eq!(Orders::<Test>::get(later).map(|o| o.closable_at), Some(1 + 5 * EXPIRY));
	});
}

#[test]
fn minimums_are_economic_and_the_expiry_technical() {
	assert_eq!(
		params().all(),
		vec![
			MusdParameter::MinMint(MC),
			MusdParameter::MinOrder(MUSD),
			MusdParameter::OrderExpiry(EXPIRY),
		]
	);
	let kinds: Vec<_> = params().all().iter().map(MusdParams::<u128, u64>::kind).collect();
	assert_eq!(
		kinds,
		vec![ParameterKind::Economic, ParameterKind::Economic, ParameterKind::Technical]
	);
}
