//! Inviters answer for their invitees (issue 16, rule 4): the inviter bonus vests over
//! `InviteVestingPeriods` and is forfeited if the invitee leaves first; an account that withdrew
//! its deposit waits `ReregisterCooldown` before it may be invited again.

use super::*;

/// Vesting over 3 periods and a cooldown of 40 blocks.
fn with_vesting() {
	assert_ok!(set_parameter(CreditParameter::InviteVestingPeriods(3)));
	assert_ok!(set_parameter(CreditParameter::ReregisterCooldown(40)));
}

#[test]
fn the_bonus_vests_after_the_periods_and_not_before() {
	new_test_ext().execute_with(|| {
		with_vesting();
		invite_and_register(Bob);
		assert_eq!(
			last_event(),
			Event::InviterBonusVesting { inviter: acc(Alice), invitee: acc(Bob), vests_in: 3 }
		);
		assert_eq!(device(Alice).credit, 100, "nothing yet");
		assert_eq!(Credit::device_info(&acc(Bob)).unwrap().invite_bonus_vests_in, Some(3));
		run_alive_to(period_start(2), &[Alice, Bob]);
		assert_noop!(
			Credit::vest_invite_bonus(origin(Charlie), acc(Bob)),
			Error::<Test>::BonusNotVested
		);
		run_alive_to(period_start(3), &[Alice, Bob]);
		// Anyone may vest it; the inviter gets it.
		assert_ok!(Credit::vest_invite_bonus(origin(Charlie), acc(Bob)));
		assert_eq!(
			last_event(),
			Event::InviterBonusAwarded {
				inviter: acc(Alice),
				bonus: 10,
				credit: credit_now(Alice)
			}
		);
		assert_noop!(
			Credit::vest_invite_bonus(origin(Charlie), acc(Bob)),
			Error::<Test>::NoVestingBonus
		);
		assert_eq!(Credit::device_info(&acc(Bob)).unwrap().invite_bonus_vests_in, None);
		check_invariants();
	});
}

#[test]
fn an_invitee_that_leaves_before_vesting_forfeits_the_bonus() {
	new_test_ext().execute_with(|| {
		with_vesting();
		invite_and_register(Bob);
		let alice = credit_now(Alice);
		assert_ok!(Credit::deregister(origin(Bob)));
		assert_eq!(
			last_event(),
			Event::InviterBonusForfeited { inviter: acc(Alice), invitee: acc(Bob) }
		);
		run_to(period_start(5));
		assert_noop!(
			Credit::vest_invite_bonus(origin(Alice), acc(Bob)),
			Error::<Test>::NoVestingBonus
		);
		assert!(credit_now(Alice) <= alice, "no bonus reached the inviter");
		check_invariants();
	});
}

#[test]
fn the_vested_bonus_counts_against_the_period_cap_when_vested() {
	new_test_ext().execute_with(|| {
		with_vesting();
		for who in [Bob, Charlie, Dave] {
			invite_and_register(who);
		}
		run_alive_to(period_start(3), &[Alice, Bob, Charlie, Dave]);
		// InviterBonus 10, at most 25 a period: 10, 10, 5.
		let mut given = vec![];
		for who in [Bob, Charlie, Dave] {
			assert_ok!(Credit::vest_invite_bonus(origin(Alice), acc(who)));
			if let Event::InviterBonusAwarded { bonus, .. } = last_event() {
				given.push(bonus);
			}
		}
		assert_eq!(given, vec![10, 10, 5]);
	});
}

#[test]
fn an_inviter_that_left_forfeits_the_bonus_at_vesting() {
	new_test_ext().execute_with(|| {
		with_vesting();
		invite_and_register(Bob);
		assert_ok!(Credit::deregister(origin(Alice)));
		run_alive_to(period_start(3), &[Bob]);
		assert_ok!(Credit::vest_invite_bonus(origin(Bob), acc(Bob)));
		assert_eq!(
			last_event(),
			Event::InviterBonusForfeited { inviter: acc(Alice), invitee: acc(Bob) }
		);
		check_invariants();
	});
}

#[test]
fn a_withdrawn_account_waits_out_the_cooldown_before_it_can_be_invited_again() {
	new_test_ext().execute_with(|| {
		with_vesting();
		invite_and_register(Bob);
		assert_ok!(Credit::deregister(origin(Bob)));
		run_alive_to(31, &[Alice]);
		assert_ok!(Credit::withdraw_deposit(origin(Bob)));
		assert_eq!(
			last_event(),
			Event::DepositWithdrawn { device: acc(Bob), amount: 1_000, reregister_at: 71 }
		);
		assert_noop!(Credit::invite(origin(Alice), acc(Bob)), Error::<Test>::ReregisterCooldown);
		assert_noop!(
			Credit::force_invite(RuntimeOrigin::root(), acc(Bob)),
			Error::<Test>::ReregisterCooldown
		);
		run_alive_to(71, &[Alice]);
		assert_ok!(Credit::invite(origin(Alice), acc(Bob)));
		assert!(ReregisterAt::<Test>::get(acc(Bob)).is_none(), "the cooldown is forgotten");
		assert_ok!(Credit::register_device(origin(Bob), DeviceKind::DvpnClient));
		check_invariants();
	});
}

#[test]
fn the_invite_and_leave_loop_gains_nothing() {
	new_test_ext().execute_with(|| {
		with_vesting();
		// Alice cycles her own accounts through registration for as long as the cooldowns let
		// her: each leaves before its bonus vests.
		let start = credit_now(Alice);
		let mut block = 1;
		for who in [Bob, Charlie, Dave, Eve] {
			invite_and_register(who);
			assert_ok!(Credit::deregister(origin(who)));
			block += 31;
			run_alive_to(block, &[Alice]);
			assert_ok!(Credit::withdraw_deposit(origin(who)));
			assert_noop!(
				Credit::invite(origin(Alice), acc(who)),
				Error::<Test>::ReregisterCooldown
			);
		}
		let gained = credit_now(Alice) as i64 - start as i64;
		let uptime = Credit::current_period() as i64;
		println!(
			"attack: invite, register, deregister, withdraw loop x4: inviter credit {gained:+} \
			 (its own uptime over {uptime} periods), bonus 0"
		);
		assert!(gained <= uptime, "only her own uptime: no bonus");
		assert!(!events().iter().any(|e| matches!(e, Event::InviterBonusAwarded { .. })));
	});
}
