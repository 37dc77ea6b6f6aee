//! A device slashed for the validator it backed (through `DeviceStake`, as the delegation pallet
//! does): the fraction of its bonded and unbonding MC to the treasury, credit lost, its inviter
//! penalized and a vesting bonus forfeited.

use super::*;

fn held(k: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), &acc(k))
}

#[test]
fn a_slash_takes_the_fraction_of_bond_and_unbonding_to_the_treasury() {
	new_test_ext().execute_with(|| {
		invite_and_register(Bob);
		assert_ok!(Credit::bond_extra(origin(Bob), 4_000));
		assert_ok!(Credit::unbond(origin(Bob), 2_000));
		let _ = take_changes();
		let issuance = Balances::total_issuance();
		let credit = credit_now(Bob);
		let alice_credit = credit_now(Alice);

		let (slashed, snapshot) =
			<Credit as DeviceStake<_>>::slash(&acc(Bob), Perbill::from_percent(10)).unwrap();

		// 10% of 3,000 bonded and of 2,000 unbonding.
		assert_eq!(slashed, 500);
		assert_eq!(device(Bob).deposit, 2_700);
		assert_eq!(Unbonding::<Test>::get(acc(Bob)).map(|c| c.amount), Some(1_800));
		assert_eq!(held(Bob), 4_500);
		assert_eq!(Balances::balance(&Treasury::get()), 500);
		assert_eq!(Balances::total_issuance(), issuance, "moved, not burnt");
		assert_eq!(snapshot.bonded, 2_700);
		assert_eq!(snapshot.credit, credit - 30, "SlashCreditPenalty");
		assert_eq!(credit_now(Alice), alice_credit - 10, "the inviter answers for it");
		assert!(take_changes().is_empty(), "the listeners are not called back");
		assert!(events().contains(&Event::DeviceSlashed {
			device: acc(Bob),
			fraction: Perbill::from_percent(10),
			amount: 500,
			credit_lost: 30,
			bonded: 2_700,
		}));
		assert!(events().contains(&Event::InviterPenalized {
			inviter: acc(Alice),
			invitee: acc(Bob),
			credit_lost: 10,
		}));
		check_invariants();
	});
}

#[test]
fn a_slash_rounds_up_forfeits_a_vesting_bonus_and_never_takes_more_than_is_held() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(CreditParameter::InviteVestingPeriods(3)));
		invite_and_register(Bob);
		assert!(VestingInviteBonus::<Test>::get(acc(Bob)).is_some());
		let (slashed, _) =
			<Credit as DeviceStake<_>>::slash(&acc(Bob), Perbill::from_parts(1)).unwrap();
		assert_eq!(slashed, 1, "a billionth of 1,000 rounds up to 1");
		assert!(VestingInviteBonus::<Test>::get(acc(Bob)).is_none(), "the bonus is forfeited");
		let (slashed, snapshot) =
			<Credit as DeviceStake<_>>::slash(&acc(Bob), Perbill::one()).unwrap();
		assert_eq!(slashed, 999);
		assert_eq!((snapshot.bonded, snapshot.weight), (0, 0), "nothing at stake weighs nothing");
		assert_eq!(held(Bob), 0);
		assert!(<Credit as DeviceStake<_>>::slash(&acc(Charlie), Perbill::one()).is_none());
		check_invariants();
	});
}
