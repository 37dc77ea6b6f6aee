#![allow(deprecated)] // `ValidateUnsigned` is exercised on purpose: see the pallet.
//! Unit tests of the credit pallet: one or more per rule, with their edges.

use crate::{mock::*, *};
#[allow(deprecated)]
use frame_support::pallet_prelude::ValidateUnsigned;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
	BoundedVec,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	DispatchError, Perbill,
};

fn origin(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(acc(k))
}
fn device(k: Sr25519Keyring) -> DeviceOf<Test> {
	Devices::<Test>::get(acc(k)).expect("a device")
}
fn credit_now(k: Sr25519Keyring) -> CreditPoints {
	<Credit as CreditInspect<_>>::snapshot(&acc(k)).expect("a device").credit
}
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Credit(e) => Some(e),
			_ => None,
		})
		.collect()
}
fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}
/// Alice (a genesis device) invites `who`, who registers.
fn invite_and_register(who: Sr25519Keyring) {
	assert_ok!(Credit::invite(origin(Alice), acc(who)));
	assert_ok!(Credit::register_device(origin(who), DeviceKind::DvpnClient));
}
fn check_invariants() {
	assert_ok!(Credit::do_try_state());
}

// ---------------------------------------------------------------------------------------------
// Genesis
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Invitations and registration
// ---------------------------------------------------------------------------------------------

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
		assert!(OpenInvites::<Test>::get(acc(Alice)).is_empty(), "the old one left Alice's list");
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
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::MinInviterCredit(101)
		));
		assert_noop!(Credit::invite(origin(Bob), acc(Charlie)), Error::<Test>::InviterCreditTooLow);
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::MinInviterCredit(100)
		));
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
fn the_configuration_origin_invites() {
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

// ---------------------------------------------------------------------------------------------
// Heartbeats and uptime credit
// ---------------------------------------------------------------------------------------------

#[test]
fn a_heartbeat_per_period_adds_uptime_credit() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(last_event(), Event::Heartbeat { device: acc(Alice), period: 0, credit: 101 });
		assert_eq!(device(Alice).last_heartbeat, Some(0));
		for p in 1..=5 {
			run_to(period_start(p) + 3);
			assert_ok!(Credit::heartbeat(origin(Alice)));
		}
		assert_eq!(credit_now(Alice), 106);
		assert_eq!(device(Alice).highest, 106);
	});
}

#[test]
fn a_second_heartbeat_in_a_period_is_rejected() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(period_start(1) - 1);
		assert_noop!(Credit::heartbeat(origin(Alice)), Error::<Test>::HeartbeatAlreadySent);
		run_to(period_start(1));
		assert_ok!(Credit::heartbeat(origin(Alice)));
	});
}

#[test]
fn heartbeats_need_an_active_device() {
	new_test_ext().execute_with(|| {
		assert_noop!(Credit::heartbeat(origin(Bob)), Error::<Test>::NotRegistered);
		assert_ok!(Credit::deregister(origin(Alice)));
		assert_noop!(Credit::heartbeat(origin(Alice)), Error::<Test>::Deregistering);
	});
}

#[test]
fn credit_never_exceeds_max_credit() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::set_parameter(RuntimeOrigin::root(), CreditParameter::MaxCredit(102)));
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(period_start(1));
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(period_start(2));
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(credit_now(Alice), 102);
		check_invariants();
	});
}

#[test]
fn a_valid_heartbeat_is_feeless_and_an_invalid_one_is_not() {
	use frame_support::dispatch::CheckIfFeeless;
	new_test_ext().execute_with(|| {
		let call = RuntimeCall::Credit(Call::heartbeat {});
		assert!(call.is_feeless(&origin(Alice)));
		assert!(!call.is_feeless(&origin(Bob)), "not a device");
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert!(!call.is_feeless(&origin(Alice)), "already sent this period");
		assert_eq!(call.get_dispatch_info().pays_fee, Pays::Yes, "the fee is skipped, not waived");
	});
}

#[test]
fn the_pool_names_its_refusals_by_the_pallet_error_index() {
	// `Custom(i)`: `i` is the variant's index in the metadata of `credit`'s errors.
	assert_eq!(
		Credit::pool_error(Error::<Test>::NotRegistered),
		TransactionValidityError::Invalid(InvalidTransaction::Custom(0))
	);
	assert_eq!(
		Credit::pool_error(Error::<Test>::HeartbeatAlreadySent),
		TransactionValidityError::Invalid(InvalidTransaction::Custom(9))
	);
}

#[test]
fn the_pool_refuses_invalid_heartbeats() {
	new_test_ext().execute_with(|| {
		let ext = CheckHeartbeat::<Test>::new();
		let call = RuntimeCall::Credit(Call::heartbeat {});
		let info = call.get_dispatch_info();
		let validate = |who: Sr25519Keyring| {
			ext.validate_only(origin(who), &call, &info, 0, TransactionSource::External, 0)
		};
		// A valid heartbeat provides the (device, period) tag and lives until the period ends.
		let (valid, _, _) = validate(Alice).expect("valid");
		assert_eq!(valid.provides, vec![Credit::heartbeat_tag(&acc(Alice), 0)]);
		assert_eq!(valid.longevity, PERIOD - 1);
		// Not a device.
		assert_eq!(
			validate(Bob).map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::NotRegistered))
		);
		// Already sent this period.
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(
			validate(Alice).map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::HeartbeatAlreadySent))
		);
		// Other calls pass untouched.
		let other = RuntimeCall::Credit(Call::deregister {});
		assert!(ext
			.validate_only(origin(Bob), &other, &info, 0, TransactionSource::External, 0)
			.is_ok());
	});
}

// ---------------------------------------------------------------------------------------------
// Batched heartbeats
// ---------------------------------------------------------------------------------------------

fn batch(
	items: Vec<SignedHeartbeatOf<Test>>,
) -> BoundedVec<SignedHeartbeatOf<Test>, frame_support::traits::ConstU32<100>> {
	BoundedVec::truncate_from(items)
}

fn devices_alice_to(keys: &[Sr25519Keyring]) {
	for k in keys {
		assert_ok!(Credit::force_invite(RuntimeOrigin::root(), acc(*k)));
		assert_ok!(Credit::register_device(origin(*k), DeviceKind::DvpnClient));
	}
}

#[test]
fn a_batch_of_signed_heartbeats_counts_for_every_device() {
	new_test_ext().execute_with(|| {
		devices_alice_to(&[Bob, Charlie]);
		let call = Call::<Test>::submit_heartbeats {
			heartbeats: batch(vec![
				signed_heartbeat(Alice, 0),
				signed_heartbeat(Bob, 0),
				signed_heartbeat(Charlie, 0),
			]),
		};
		let valid = Credit::validate_unsigned(TransactionSource::External, &call).expect("valid");
		assert_eq!(valid.provides.len(), 3);
		assert_ok!(Credit::pre_dispatch(&call));
		let Call::submit_heartbeats { heartbeats } = call else { unreachable!() };
		assert_ok!(Credit::submit_heartbeats(RuntimeOrigin::none(), heartbeats));
		for k in [Alice, Bob, Charlie] {
			assert_eq!(device(k).last_heartbeat, Some(0));
		}
		assert_eq!(credit_now(Bob), 101);
		// A signed heartbeat of the same device and period now conflicts.
		assert_noop!(Credit::heartbeat(origin(Bob)), Error::<Test>::HeartbeatAlreadySent);
	});
}

#[test]
fn a_batch_with_any_invalid_heartbeat_is_refused() {
	new_test_ext().execute_with(|| {
		devices_alice_to(&[Bob]);
		let refused = |items: Vec<SignedHeartbeatOf<Test>>, why: Error<Test>| {
			let call = Call::<Test>::submit_heartbeats { heartbeats: batch(items) };
			let expected = Credit::pool_error(why);
			assert_eq!(
				Credit::validate_unsigned(TransactionSource::External, &call).map(|_| ()),
				Err(expected)
			);
			assert_eq!(Credit::pre_dispatch(&call), Err(expected));
		};
		refused(vec![], Error::<Test>::EmptyBatch);
		refused(
			vec![signed_heartbeat(Alice, 0), signed_heartbeat(Charlie, 0)],
			Error::<Test>::NotRegistered,
		);
		refused(vec![signed_heartbeat(Alice, 1)], Error::<Test>::WrongPeriod);
		refused(
			vec![signed_heartbeat(Alice, 0), signed_heartbeat(Alice, 0)],
			Error::<Test>::DuplicateHeartbeat,
		);
		// Bob's heartbeat signed by Alice's key.
		let mut forged = signed_heartbeat(Alice, 0);
		forged.device = acc(Bob);
		refused(vec![forged], Error::<Test>::BadHeartbeatSignature);
		// Already sent.
		assert_ok!(Credit::heartbeat(origin(Bob)));
		refused(
			vec![signed_heartbeat(Alice, 0), signed_heartbeat(Bob, 0)],
			Error::<Test>::HeartbeatAlreadySent,
		);
		// Only the batch call is accepted unsigned.
		assert_eq!(
			Credit::validate_unsigned(TransactionSource::External, &Call::<Test>::deregister {})
				.map(|_| ()),
			Err(InvalidTransaction::Call.into())
		);
	});
}

#[test]
fn a_heartbeat_signature_is_bound_to_this_chain() {
	new_test_ext().execute_with(|| {
		// Signed over another genesis hash: does not verify here.
		let payload = heartbeat_payload(&sp_core::H256::repeat_byte(7), &acc(Alice), 0);
		use sp_core::Pair;
		let hb = SignedHeartbeat {
			device: acc(Alice),
			period: 0,
			signature: sp_runtime::MultiSignature::Sr25519(Alice.pair().sign(&payload)),
		};
		let call = Call::<Test>::submit_heartbeats { heartbeats: batch(vec![hb]) };
		assert_eq!(
			Credit::validate_unsigned(TransactionSource::External, &call).map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::BadHeartbeatSignature))
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Decay
// ---------------------------------------------------------------------------------------------

#[test]
fn decay_starts_exactly_after_the_grace_periods() {
	new_test_ext().execute_with(|| {
		// Heartbeat in period 0: credit 101. Grace 2: periods 1 and 2 missed cost nothing; the
		// first decaying period is 3, whose loss shows once it is over (in period 4).
		assert_ok!(Credit::heartbeat(origin(Alice)));
		for (p, expected) in [(1, 101), (2, 101), (3, 101), (4, 96), (5, 91), (6, 86)] {
			run_to(period_start(p));
			assert_eq!(credit_now(Alice), expected, "period {p}");
			// The last block of the period reads the same.
			run_to(period_start(p) + PERIOD - 1);
			assert_eq!(credit_now(Alice), expected, "end of period {p}");
		}
	});
}

#[test]
fn decay_goes_down_to_zero_and_no_further() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		// 101 credit at 5 per period after grace: 0 by period 3 + 21 = 24.
		run_to(period_start(24));
		assert_eq!(credit_now(Alice), 0);
		run_to(period_start(200));
		assert_eq!(credit_now(Alice), 0);
		assert_eq!(<Pallet<Test> as CreditInspect<_>>::level(&acc(Alice)), Some(0));
		assert!(!<Pallet<Test> as CreditInspect<_>>::meets_reward_threshold(&acc(Alice)));
	});
}

#[test]
fn decay_applies_to_devices_that_never_sent_a_heartbeat() {
	new_test_ext().execute_with(|| {
		// Alice registered in period 0 without a heartbeat: decay counts from registration.
		run_to(period_start(4));
		assert_eq!(credit_now(Alice), 95);
	});
}

#[test]
fn decay_is_written_back_once_and_not_applied_twice() {
	new_test_ext().execute_with(|| {
		// Inviting Bob earns Alice 10 (110), her heartbeat in period 0 one more (111).
		invite_and_register(Bob);
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(credit_now(Alice), 111);
		// Periods 3 and 4 decay (grace 2): 101 in period 5.
		run_to(period_start(5));
		assert_eq!(credit_now(Alice), 101);
		// Touching the device (a bonus) writes the decay back before adding...
		assert_ok!(Credit::invite(origin(Alice), acc(Charlie)));
		assert_ok!(Credit::register_device(origin(Charlie), DeviceKind::DvpnClient));
		assert_eq!(device(Alice).credit, 111);
		assert_eq!(device(Alice).decayed_through, 4);
		assert_eq!(credit_now(Alice), 111);
		// ... so later reads decay only the new periods (period 5: -5).
		run_to(period_start(6));
		assert_eq!(credit_now(Alice), 106);
		// A heartbeat restarts the grace: periods 7 and 8 are free, 9 decays.
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_eq!(credit_now(Alice), 107);
		run_to(period_start(9));
		assert_eq!(credit_now(Alice), 107);
		run_to(period_start(10));
		assert_eq!(credit_now(Alice), 102);
	});
}

// ---------------------------------------------------------------------------------------------
// Work credit
// ---------------------------------------------------------------------------------------------

#[test]
fn work_credit_is_capped_per_period() {
	new_test_ext().execute_with(|| {
		let who = acc(Alice);
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(30));
		assert_eq!(
			last_event(),
			Event::WorkCreditAwarded {
				device: who.clone(),
				points: 30,
				reason: *b"workload",
				credit: 130
			}
		);
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(20));
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 30, *b"workload"), Ok(0));
		assert_eq!(credit_now(Alice), 150);
		run_to(period_start(1));
		assert_eq!(<Credit as CreditSink<_>>::award(&who, 60, *b"workload"), Ok(50));
		assert_eq!(
			<Credit as CreditSink<_>>::award(&acc(Bob), 1, *b"workload"),
			Err(Error::<Test>::NotRegistered.into())
		);
		assert_ok!(Credit::deregister(origin(Alice)));
		assert_eq!(
			<Credit as CreditSink<_>>::award(&who, 1, *b"workload"),
			Err(Error::<Test>::Deregistering.into())
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Levels and the reward threshold
// ---------------------------------------------------------------------------------------------

#[test]
fn level_is_credit_over_credit_per_level_and_the_threshold_is_min_reward_credit() {
	new_test_ext().execute_with(|| {
		let who = acc(Alice);
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 50, *b"workload"));
		run_to(period_start(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 49, *b"workload"));
		assert_eq!(credit_now(Alice), 199);
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(1));
		assert_ok!(<Credit as CreditSink<_>>::award(&who, 1, *b"workload"));
		assert_eq!(<Credit as CreditInspect<_>>::level(&who), Some(2));
		assert_eq!(<Credit as CreditInspect<_>>::level(&acc(Bob)), None);

		// MinRewardCredit 50: exactly 50 qualifies, 49 does not.
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::MinRewardCredit(200)
		));
		assert!(<Credit as CreditInspect<_>>::meets_reward_threshold(&who));
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::MinRewardCredit(201)
		));
		assert!(!<Credit as CreditInspect<_>>::meets_reward_threshold(&who));
		assert!(!<Credit as CreditInspect<_>>::meets_reward_threshold(&acc(Bob)));
	});
}

// ---------------------------------------------------------------------------------------------
// Replenishment
// ---------------------------------------------------------------------------------------------

#[test]
fn replenishment_burns_and_feeds_the_pool_and_is_capped_at_the_historical_maximum() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(period_start(6));
		// Highest 101, now 86: 15 points can be bought back.
		assert_eq!(credit_now(Alice), 86);
		assert_eq!(Credit::max_replenishable(&acc(Alice)), 15);
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 16),
			Error::<Test>::AboveHistoricalMaximum
		);
		assert_noop!(Credit::replenish_credit(origin(Alice), 0), Error::<Test>::ZeroPoints);

		let issuance = Balances::total_issuance();
		let pool = Balances::balance(&Pool::get());
		let alice = Balances::balance(&acc(Alice));
		assert_ok!(Credit::replenish_credit(origin(Alice), 10));
		// 10 points x 50 MC = 500; 20% = 100 to the pool, 400 burnt.
		assert_eq!(Credit::replenish_cost(10), 500);
		assert_eq!(
			last_event(),
			Event::CreditReplenished {
				device: acc(Alice),
				points: 10,
				cost: 500,
				burnt: 400,
				to_pool: 100,
				credit: 96
			}
		);
		assert_eq!(Balances::balance(&acc(Alice)), alice - 500);
		assert_eq!(Balances::balance(&Pool::get()), pool + 100);
		assert_eq!(Balances::total_issuance(), issuance - 400, "the burnt part leaves the supply");
		assert_eq!(credit_now(Alice), 96);
		// Up to the historical maximum exactly, and no further.
		assert_ok!(Credit::replenish_credit(origin(Alice), 5));
		assert_eq!(credit_now(Alice), 101);
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 1),
			Error::<Test>::AboveHistoricalMaximum
		);
		check_invariants();
	});
}

#[test]
fn replenishment_needs_the_funds() {
	new_test_ext().execute_with(|| {
		run_to(period_start(10));
		// Alice has 999_000 free; make the price unaffordable.
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::CreditPrice(1_000_000)
		));
		assert_noop!(
			Credit::replenish_credit(origin(Alice), 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(Credit::replenish_credit(origin(Bob), 1), Error::<Test>::NotRegistered);
	});
}

// ---------------------------------------------------------------------------------------------
// Deregistration
// ---------------------------------------------------------------------------------------------

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
		assert_eq!(last_event(), Event::DepositWithdrawn { device: acc(Alice), amount: 1_000 });
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

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[test]
fn parameters_change_only_by_the_configuration_origin_and_stay_consistent() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Credit::set_parameter(origin(Alice), CreditParameter::UptimeCredit(2)),
			DispatchError::BadOrigin
		);
		assert_ok!(Credit::set_parameter(RuntimeOrigin::root(), CreditParameter::UptimeCredit(2)));
		assert_eq!(
			last_event(),
			Event::ParameterSet { parameter: CreditParameter::UptimeCredit(2) }
		);
		assert_eq!(Parameters::<Test>::get().uptime_credit, 2);
		for bad in [
			CreditParameter::CreditPeriod(0),
			CreditParameter::CreditPerLevel(0),
			CreditParameter::MaxOpenInvites(6),
			CreditParameter::MaxCredit(99),
		] {
			assert_noop!(
				Credit::set_parameter(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParameter
			);
		}
		assert_eq!(CreditParameter::<u128, u64>::CreditPrice(1).kind(), ParameterKind::Economic);
		assert_eq!(CreditParameter::<u128, u64>::DeviceDeposit(1).kind(), ParameterKind::Economic);
		assert_eq!(
			CreditParameter::<u128, u64>::ReplenishRewardShare(Perbill::one()).kind(),
			ParameterKind::Economic
		);
		assert_eq!(CreditParameter::<u128, u64>::CreditPeriod(1).kind(), ParameterKind::Technical);
	});
}

#[test]
fn changing_the_period_length_starts_the_next_period_at_once() {
	new_test_ext().execute_with(|| {
		run_to(25);
		assert_eq!(Credit::current_period(), 2);
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::CreditPeriod(100)
		));
		assert_eq!(Credit::current_period(), 3, "a new period begins now");
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(124);
		assert_eq!(Credit::current_period(), 3);
		run_to(125);
		assert_eq!(Credit::current_period(), 4);
	});
}

#[test]
fn a_new_deposit_applies_to_new_devices_only() {
	new_test_ext().execute_with(|| {
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			CreditParameter::DeviceDeposit(2_000)
		));
		invite_and_register(Bob);
		assert_eq!(device(Alice).deposit, 1_000);
		assert_eq!(device(Bob).deposit, 2_000);
		assert_eq!(TotalDeposits::<Test>::get(), 3_000);
		check_invariants();
	});
}

// ---------------------------------------------------------------------------------------------
// Change notifications and invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn every_change_is_reported_to_listeners() {
	new_test_ext().execute_with(|| {
		// Everything happens in period 0, so the anchor (last heartbeat or registration) is 0.
		let snap = |credit, last_heartbeat, active| CreditSnapshot {
			credit,
			last_heartbeat,
			anchor: 0,
			active,
		};
		invite_and_register(Bob);
		assert_eq!(
			take_changes(),
			vec![
				(acc(Bob), None, Some(snap(100, None, true))),
				(acc(Alice), Some(snap(100, None, true)), Some(snap(110, None, true))),
			]
		);
		assert_ok!(Credit::heartbeat(origin(Bob)));
		assert_eq!(
			take_changes(),
			vec![(acc(Bob), Some(snap(100, None, true)), Some(snap(101, Some(0), true)))]
		);
		assert_ok!(Credit::deregister(origin(Bob)));
		assert_eq!(
			take_changes(),
			vec![(acc(Bob), Some(snap(101, Some(0), true)), Some(snap(101, Some(0), false)))]
		);
		run_to(100);
		assert_ok!(Credit::withdraw_deposit(origin(Bob)));
		let changes = take_changes();
		assert_eq!(changes.len(), 1);
		assert_eq!(changes[0].0, acc(Bob));
		assert_eq!(changes[0].2, None);
	});
}

#[test]
fn try_state_catches_a_broken_invariant() {
	new_test_ext().execute_with(|| {
		check_invariants();
		Devices::<Test>::mutate(acc(Alice), |d| d.as_mut().map(|d| d.credit = d.highest + 1));
		assert!(Credit::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		TotalDeposits::<Test>::put(5);
		assert!(Credit::do_try_state().is_err());
	});
}

#[test]
fn hooks_do_nothing_per_block() {
	new_test_ext().execute_with(|| {
		// No hook iterates devices: the pallet has no on_initialize/on_finalize work.
		assert_eq!(
			<Credit as Hooks<u64>>::on_initialize(5),
			frame_support::weights::Weight::zero()
		);
	});
}
