//! A device's stake: bond extra, unbond (held until it unlocks), withdraw; its weight is
//! `bonded × multiplier(level)`, so splitting MC across devices weighs no more.

use super::*;

/// What `k` weighs now, as other pallets see it.
fn weight_now(k: Sr25519Keyring) -> Stake {
	<Credit as CreditInspect<_>>::snapshot(&acc(k)).expect("a device").weight
}

/// MC held for `k`'s device.
fn held(k: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), &acc(k))
}

#[test]
fn the_multiplier_rises_with_the_level_from_one_to_max_credit_multiplier() {
	new_test_ext().execute_with(|| {
		let params = test_params(); // levels of 100 points, MaxCredit 1,000, multiplier 2
		for (credit, weight) in
			[(0, 1_000), (99, 1_000), (100, 1_100), (550, 1_500), (1_000, 2_000), (5_000, 2_000)]
		{
			assert_eq!(Credit::weight_of(1_000, credit, &params), weight, "credit {credit}");
		}
		assert_eq!(Credit::multiplier(1_000, &params), FixedU128::from_u32(2));
		assert_eq!(Credit::multiplier(0, &params), FixedU128::one());
		// A multiplier of 1: credit weighs nothing beyond the bond.
		let flat = CreditParams { max_credit_multiplier: 1, ..params };
		assert_eq!(Credit::weight_of(1_000, 1_000, &flat), 1_000);
		// Nothing bonded weighs nothing, whatever the credit.
		assert_eq!(Credit::weight_of(0, 1_000, &params), 0);
	});
}

#[test]
fn splitting_the_same_mc_across_devices_weighs_no_more() {
	new_test_ext().execute_with(|| {
		let params = test_params();
		// One device with 10,000 against ten with 1,000 each, all at the same credit.
		for credit in [0, 100, 370, 1_000] {
			let one = Credit::weight_of(10_000, credit, &params);
			let ten = 10 * Credit::weight_of(1_000, credit, &params);
			assert!(ten <= one, "credit {credit}: ten devices weigh {ten}, one {one}");
			assert!(one - ten < 10, "within rounding: {one} vs {ten}");
		}
	});
}

#[test]
fn bond_extra_holds_more_and_raises_the_weight_at_once() {
	new_test_ext().execute_with(|| {
		invite_and_register(Bob); // 100 credit: level 1, multiplier 1.1
		let _ = take_changes();
		assert_eq!(weight_now(Bob), 1_100);
		assert_ok!(Credit::bond_extra(origin(Bob), 4_000));
		assert_eq!(device(Bob).deposit, 5_000);
		assert_eq!(held(Bob), 5_000);
		assert_eq!(weight_now(Bob), 5_500);
		assert_eq!(last_event(), Event::Bonded { device: acc(Bob), amount: 4_000, bonded: 5_000 });
		let changes = take_changes();
		assert_eq!(changes.len(), 1, "the listeners are told");
		assert_eq!(changes[0].2.map(|s| (s.bonded, s.weight)), Some((5_000, 5_500)));
		check_invariants();
	});
}

#[test]
fn bond_extra_refuses_zero_a_stranger_a_leaving_device_and_more_than_the_balance() {
	new_test_ext().execute_with(|| {
		invite_and_register(Bob);
		assert_noop!(Credit::bond_extra(origin(Bob), 0), Error::<Test>::ZeroAmount);
		assert_noop!(Credit::bond_extra(origin(Charlie), 10), Error::<Test>::NotRegistered);
		assert_noop!(
			Credit::bond_extra(origin(Bob), INITIAL_BALANCE),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Credit::deregister(origin(Bob)));
		assert_noop!(Credit::bond_extra(origin(Bob), 10), Error::<Test>::Deregistering);
		assert_noop!(Credit::unbond(origin(Bob), 10), Error::<Test>::Deregistering);
	});
}

#[test]
fn unbonded_mc_stops_counting_at_once_and_stays_held_until_it_unlocks() {
	new_test_ext().execute_with(|| {
		invite_and_register(Bob);
		assert_ok!(Credit::bond_extra(origin(Bob), 4_000));
		let free = Balances::balance(&acc(Bob));
		// Never below the deposit.
		assert_noop!(Credit::unbond(origin(Bob), 4_001), Error::<Test>::BelowMinimumBond);
		assert_noop!(Credit::unbond(origin(Bob), 6_000), Error::<Test>::BelowMinimumBond);
		assert_noop!(Credit::unbond(origin(Bob), 0), Error::<Test>::ZeroAmount);
		assert_ok!(Credit::unbond(origin(Bob), 3_000));
		assert_eq!(device(Bob).deposit, 2_000);
		assert_eq!(weight_now(Bob), 2_200, "only the bond weighs");
		assert_eq!(held(Bob), 5_000, "unbonding MC stays held");
		let unlocks_at = 1 + test_params().deregister_delay;
		assert_eq!(
			last_event(),
			Event::Unbonded {
				device: acc(Bob),
				amount: 3_000,
				bonded: 2_000,
				unbonding: 3_000,
				unlocks_at
			}
		);
		assert_noop!(Credit::withdraw_unbonded(origin(Bob)), Error::<Test>::StillUnbonding);
		// A second unbond adds to it and restarts the wait.
		run_to(11);
		assert_ok!(Credit::unbond(origin(Bob), 1_000));
		assert_eq!(
			Unbonding::<Test>::get(acc(Bob)),
			Some(UnbondingChunk { amount: 4_000, unlocks_at: 11 + test_params().deregister_delay })
		);
		run_to(unlocks_at);
		assert_noop!(Credit::withdraw_unbonded(origin(Bob)), Error::<Test>::StillUnbonding);
		run_to(11 + test_params().deregister_delay);
		check_invariants();
		assert_ok!(Credit::withdraw_unbonded(origin(Bob)));
		assert_eq!(last_event(), Event::UnbondedWithdrawn { device: acc(Bob), amount: 4_000 });
		assert_eq!(held(Bob), 1_000);
		assert_eq!(Balances::balance(&acc(Bob)), free + 4_000);
		assert_eq!(TotalDeposits::<Test>::get(), 2_000, "Alice's and Bob's deposits");
		assert_noop!(Credit::withdraw_unbonded(origin(Bob)), Error::<Test>::NotUnbonding);
		check_invariants();
	});
}

#[test]
fn withdrawing_the_deposit_releases_what_is_still_unbonding() {
	new_test_ext().execute_with(|| {
		invite_and_register(Bob);
		let start = Balances::total_balance(&acc(Bob));
		assert_ok!(Credit::bond_extra(origin(Bob), 4_000));
		assert_ok!(Credit::unbond(origin(Bob), 2_500));
		assert_ok!(Credit::deregister(origin(Bob)));
		run_to(1 + test_params().deregister_delay);
		assert_ok!(Credit::withdraw_deposit(origin(Bob)));
		assert_eq!(held(Bob), 0);
		assert!(Unbonding::<Test>::get(acc(Bob)).is_none());
		assert_eq!(Balances::total_balance(&acc(Bob)), start, "everything came back");
		assert!(matches!(last_event(), Event::DepositWithdrawn { amount: 5_000, .. }));
		check_invariants();
	});
}
