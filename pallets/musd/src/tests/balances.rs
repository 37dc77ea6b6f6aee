//! MUSD balances: no transfer path, no call changes another account's MUSD, and the
//! issuance invariant.

use super::*;

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
			"update_service"
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
		// A parameter change moves no MUSD at all.
		check(&alice(), &|| {
			assert_ok!(set_parameter(MusdParameter::MinOrder(2)));
		});
		assert_eq!(Musd::balance(&alice()), 10 * MUSD + 5 * MUSD - 4 * MUSD + MUSD);
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
