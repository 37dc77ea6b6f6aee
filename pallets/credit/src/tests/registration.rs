//! Genesis devices, invitations, registration with its deposit, the inviter bonus, and
//! deregistration then withdrawal.

use super::*;

#[test]
fn genesis_seeds_devices_with_held_deposits() {
	new_test_ext().execute_with(|| {
		let alice = device(Alice);
		assert_eq!(alice.kind, DeviceKind::SmartGateway);
		assert_eq!(alice.credit, 100);
		assert_eq!(alice.highest, 100);
		assert_eq!(alice.inviter, None);
		assert_eq!(alice.deposit, 1_000);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), &acc(Alice)),
			1_000
		);
		assert_eq!(Devices::<Test>::count(), 1);
		assert_eq!(TotalDeposits::<Test>::get(), 1_000);
		assert_eq!(Parameters::<Test>::get(), test_params());
		check_invariants();
	});
}

#[test]
fn registration_needs_an_invitation_and_holds_the_deposit() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Credit::register_device(origin(Bob), DeviceKind::DvpnClient),
			Error::<Test>::NoInvitation
		);
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_eq!(
			last_event(),
			Event::Invited { inviter: Some(acc(Alice)), invitee: acc(Bob), expires_at: 21 }
		);
		let free_before = Balances::balance(&acc(Bob));
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		let bob = device(Bob);
		assert_eq!(bob.credit, 100, "InitialCredit");
		assert_eq!(bob.inviter, Some(acc(Alice)), "the inviter is recorded");
		assert_eq!(Balances::balance(&acc(Bob)), free_before - 1_000);
		assert_eq!(Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), &acc(Bob)), 1_000);
		assert!(events().contains(&Event::DeviceRegistered {
			device: acc(Bob),
			kind: DeviceKind::DvpnClient,
			inviter: Some(acc(Alice)),
			deposit: 1_000,
			credit: 100,
		}));
		// The invitation is used up; one device per account.
		assert!(Invitations::<Test>::get(acc(Bob)).is_none());
		assert!(OpenInvites::<Test>::get(acc(Alice)).is_empty());
		assert!(!OpenInvites::<Test>::contains_key(acc(Alice)), "no empty list is left in storage");
		assert_noop!(
			Credit::register_device(origin(Bob), DeviceKind::SmartGateway),
			Error::<Test>::AlreadyRegistered
		);
		check_invariants();
	});
}

#[test]
fn an_invitation_expires_at_its_exact_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_ok!(Credit::invite(origin(Alice), acc(Charlie)));
		// Issued at block 1 with InviteExpiry 20: usable up to block 20, not at 21.
		run_to(20);
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		run_to(21);
		assert_noop!(
			Credit::register_device(origin(Charlie), DeviceKind::DvpnClient),
			Error::<Test>::InvitationExpired
		);
	});
}

#[test]
fn an_expired_invitation_can_be_replaced() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_noop!(
			Credit::force_invite(RuntimeOrigin::root(), acc(Bob)),
			Error::<Test>::AlreadyInvited
		);
		run_to(21);
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), acc(Bob)));
		assert!(!OpenInvites::<Test>::contains_key(acc(Alice)), "the old one left Alice's list");
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		assert_eq!(device(Bob).inviter, None);
	});
}

#[test]
fn inviting_needs_an_active_device_with_enough_credit() {
	new_test_ext().execute_with(|| {
		assert_noop!(Credit::invite(origin(Bob), acc(Charlie)), Error::<Test>::NotRegistered);
		assert_noop!(Credit::invite(origin(Alice), acc(Alice)), Error::<Test>::CannotInviteSelf);
		invite_and_register(Bob);
		assert_noop!(Credit::invite(origin(Alice), acc(Bob)), Error::<Test>::AlreadyRegistered);
		// Raise MinInviterCredit above Bob's 100.
		assert_ok!(set_parameter(CreditParameter::MinInviterCredit(101)));
		assert_noop!(Credit::invite(origin(Bob), acc(Charlie)), Error::<Test>::InviterCreditTooLow);
		assert_ok!(set_parameter(CreditParameter::MinInviterCredit(100)));
		assert_ok!(Credit::invite(origin(Bob), acc(Charlie)));
		assert_noop!(Credit::invite(origin(Alice), acc(Charlie)), Error::<Test>::AlreadyInvited);
		// A deregistering device cannot invite.
		assert_ok!(Credit::deregister(origin(Bob)));
		assert_noop!(Credit::invite(origin(Bob), acc(Dave)), Error::<Test>::Deregistering);
	});
}

#[test]
fn an_inviter_has_at_most_max_open_invites() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_ok!(Credit::invite(origin(Alice), acc(Charlie)));
		assert_ok!(Credit::invite(origin(Alice), acc(Dave)));
		assert_noop!(Credit::invite(origin(Alice), acc(Eve)), Error::<Test>::TooManyOpenInvites);
		// A used invitation frees its slot...
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		assert_ok!(Credit::invite(origin(Alice), acc(Eve)));
		assert_noop!(Credit::invite(origin(Alice), acc(Ferdie)), Error::<Test>::TooManyOpenInvites);
		// ... so does a cancelled one ...
		assert_ok!(Credit::cancel_invitation(origin(Alice), acc(Eve)));
		assert_eq!(
			last_event(),
			Event::InvitationCancelled { inviter: acc(Alice), invitee: acc(Eve) }
		);
		assert_ok!(Credit::invite(origin(Alice), acc(Ferdie)));
		// ... and an expired one.
		run_to(22);
		assert_ok!(Credit::invite(origin(Alice), acc(Eve)));
	});
}

#[test]
fn only_the_inviter_cancels() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_noop!(Credit::cancel_invitation(origin(Bob), acc(Bob)), Error::<Test>::NotInviter);
		assert_noop!(
			Credit::cancel_invitation(origin(Alice), acc(Charlie)),
			Error::<Test>::NoInvitation
		);
	});
}

#[test]
fn the_invite_origin_invites() {
	ext_with_devices(vec![]).execute_with(|| {
		assert_noop!(Credit::force_invite(origin(Alice), acc(Bob)), DispatchError::BadOrigin);
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), acc(Bob)));
		assert_eq!(
			last_event(),
			Event::Invited { inviter: None, invitee: acc(Bob), expires_at: 21 }
		);
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::SmartGateway));
		assert_eq!(device(Bob).inviter, None);
		// Bob, a first device, can now invite.
		assert_ok!(Credit::invite(origin(Bob), acc(Charlie)));
	});
}

#[test]
fn registration_fails_without_the_deposit() {
	new_test_ext().execute_with(|| {
		let poor = sp_runtime::AccountId32::new([9; 32]);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), poor.clone(), 999));
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), poor.clone()));
		assert_noop!(
			Credit::register_device(RuntimeOrigin::signed(poor), DeviceKind::DvpnClient),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn the_inviter_bonus_is_capped_per_period() {
	new_test_ext().execute_with(|| {
		// InviterBonus 10, at most 25 per period: 10, 10, 5, then 0.
		for (who, bonus, credit) in [(Bob, 10, 110), (Charlie, 10, 120), (Dave, 5, 125)] {
			invite_and_register(who);
			assert_eq!(
				last_event(),
				Event::InviterBonusAwarded { inviter: acc(Alice), bonus, credit }
			);
		}
		invite_and_register(Eve);
		assert!(matches!(last_event(), Event::DeviceRegistered { .. }), "no bonus left");
		assert_eq!(device(Alice).credit, 125);
		assert_eq!(device(Alice).highest, 125);
		// The next period has a fresh cap.
		run_to(period_start(1));
		invite_and_register(Ferdie);
		assert_eq!(
			last_event(),
			Event::InviterBonusAwarded { inviter: acc(Alice), bonus: 10, credit: 135 }
		);
	});
}

#[test]
fn a_deregistering_inviter_gets_no_bonus() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert_ok!(Credit::deregister(origin(Alice)));
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		assert!(matches!(last_event(), Event::DeviceRegistered { .. }));
		assert_eq!(device(Alice).credit, 100);
	});
}

#[test]
fn deregister_then_withdraw_after_the_delay_and_not_before() {
	new_test_ext().execute_with(|| {
		assert_noop!(Credit::withdraw_deposit(origin(Alice)), Error::<Test>::NotDeregistering);
		assert_ok!(Credit::deregister(origin(Alice)));
		assert_eq!(
			last_event(),
			Event::DeregistrationStarted { device: acc(Alice), unlocks_at: 31 }
		);
		assert_noop!(Credit::deregister(origin(Alice)), Error::<Test>::Deregistering);
		run_to(30);
		assert_noop!(Credit::withdraw_deposit(origin(Alice)), Error::<Test>::StillUnbonding);
		run_to(31);
		let free = Balances::balance(&acc(Alice));
		assert_ok!(Credit::withdraw_deposit(origin(Alice)));
		assert_eq!(
			last_event(),
			Event::DepositWithdrawn { device: acc(Alice), amount: 1_000, reregister_at: 31 }
		);
		assert_eq!(Balances::balance(&acc(Alice)), free + 1_000);
		assert_eq!(Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), &acc(Alice)), 0);
		assert!(Devices::<Test>::get(acc(Alice)).is_none());
		assert_eq!(Devices::<Test>::count(), 0);
		assert_eq!(TotalDeposits::<Test>::get(), 0);
		assert_noop!(Credit::withdraw_deposit(origin(Alice)), Error::<Test>::NotRegistered);
		// A new invitation lets the account register again.
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), acc(Alice)));
		assert_ok!(Credit::register_device(origin(Alice), DeviceKind::DvpnClient));
		check_invariants();
	});
}
