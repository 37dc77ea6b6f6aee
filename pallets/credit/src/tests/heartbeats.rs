#![allow(deprecated)] // `ValidateUnsigned` is exercised on purpose: see the pallet.
//! Heartbeats: uptime credit once per period, feeless when valid, refused by the pool when
//! not; batches of signed heartbeats.

use super::*;
#[allow(deprecated)]
use frame_support::pallet_prelude::ValidateUnsigned;
use frame_support::{
	dispatch::{GetDispatchInfo, Pays},
	BoundedVec,
};
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

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
		assert_ok!(set_parameter(CreditParameter::MaxCredit(102)));
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
