//! Heartbeats: uptime credit once per period, feeless when valid, refused by the pool when
//! not; relays' batches of signed heartbeats, whose invalid entries are skipped at the relay's
//! cost.

use super::*;
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

fn relay_origin() -> RuntimeOrigin {
	RuntimeOrigin::signed(Relay::get())
}

fn register_relay() {
	assert_ok!(Credit::register_relay(relay_origin()));
}

/// Alice and the devices of `keys` registered, and the mock's relay registered: the start of a
/// relayed-heartbeat test.
fn relay_ready(keys: &[Sr25519Keyring]) {
	devices_alice_to(keys);
	register_relay();
}

/// The last event is `relay`'s batch of period 0: `accepted` entries taken, `skipped` skipped
/// and `charged` to the relay for them.
fn assert_relayed(relay: AccountId, accepted: u32, skipped: u32, charged: Balance) {
	assert_eq!(
		last_event(),
		Event::HeartbeatsRelayed { relay, period: 0, accepted, skipped, charged }
	);
}

/// Submit `items` as the relay's batch; returns the events it deposited.
fn relay_batch(items: Vec<SignedHeartbeatOf<Test>>) -> frame_support::dispatch::PostDispatchInfo {
	let n = items.len() as u32;
	Credit::submit_heartbeats(relay_origin(), batch(items), heavy_witness(n))
		.expect("a relay's batch dispatches")
}

/// A witness of `heavy` heavy entries (the rest light).
fn heavy_witness(heavy: u32) -> HeartbeatWitness {
	HeartbeatWitness { heavy, ..Default::default() }
}

fn fee_of(skipped: u32) -> Balance {
	use sp_runtime::traits::Convert;
	FeePerWeight::convert(<() as crate::WeightInfo>::submit_heartbeats_skipped(skipped))
}

#[test]
fn a_relay_batch_counts_for_every_device_and_is_free() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie]);
		assert_eq!(Relays::<Test>::get(Relay::get()), Some(RELAY_DEPOSIT));
		assert_eq!(Balances::reserved_balance(Relay::get()), RELAY_DEPOSIT);
		let post = relay_batch(vec![
			signed_heartbeat(Alice, 0),
			signed_heartbeat(Bob, 0),
			signed_heartbeat(Charlie, 0),
		]);
		assert_eq!(post.pays_fee, Pays::No, "valid heartbeats are free");
		// Charged what it used: three valid entries of quiet devices (no listener asked).
		assert_eq!(
			post.actual_weight,
			Some(
				<() as crate::WeightInfo>::submit_heartbeats(3)
					.saturating_add(<() as crate::WeightInfo>::submit_heartbeats_skipped(0))
			)
		);
		for k in [Alice, Bob, Charlie] {
			assert_eq!(device(k).last_heartbeat, Some(0));
		}
		assert_eq!(credit_now(Bob), 101);
		assert_relayed(Relay::get(), 3, 0, 0);
		assert_eq!(Relays::<Test>::get(Relay::get()), Some(RELAY_DEPOSIT), "nothing charged");
		// A signed heartbeat of the same device and period is now refused.
		assert_noop!(Credit::heartbeat(origin(Bob)), Error::<Test>::HeartbeatAlreadySent);
		check_invariants();
	});
}

#[test]
fn invalid_entries_are_skipped_and_charged_to_the_relay() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie, Dave]);
		assert_ok!(Credit::heartbeat(origin(Dave)));
		// Bob's heartbeat signed by Alice's key.
		let mut forged = signed_heartbeat(Alice, 0);
		forged.device = acc(Bob);
		let treasury_before = Balances::free_balance(Treasury::get());
		let post = relay_batch(vec![
			signed_heartbeat(Eve, 0),     // not a device
			signed_heartbeat(Alice, 1),   // another period
			forged,                       // a bad signature
			signed_heartbeat(Dave, 0),    // already heard from
			signed_heartbeat(Charlie, 0), // valid
			signed_heartbeat(Charlie, 0), // listed twice
		]);
		let skipped = |device: Sr25519Keyring, why: Error<Test>| Event::HeartbeatSkipped {
			relay: Relay::get(),
			device: acc(device),
			reason: why.into(),
		};
		let events = events();
		for e in [
			skipped(Eve, Error::<Test>::NotRegistered),
			skipped(Alice, Error::<Test>::WrongPeriod),
			skipped(Bob, Error::<Test>::BadHeartbeatSignature),
			skipped(Dave, Error::<Test>::HeartbeatAlreadySent),
			skipped(Charlie, Error::<Test>::DuplicateHeartbeat),
		] {
			assert!(events.contains(&e), "{e:?} missing");
		}
		let charged = fee_of(5);
		assert!(charged > 0);
		assert_relayed(Relay::get(), 1, 5, charged);
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(device(Charlie).last_heartbeat, Some(0), "the valid entry landed");
		assert_eq!(device(Bob).last_heartbeat, None);
		assert_eq!(Relays::<Test>::get(Relay::get()), Some(RELAY_DEPOSIT - charged));
		assert_eq!(Balances::reserved_balance(Relay::get()), RELAY_DEPOSIT - charged);
		assert_eq!(Balances::free_balance(Treasury::get()), treasury_before + charged);
		check_invariants();
	});
}

#[test]
fn only_a_relay_holding_its_deposit_submits() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Credit::submit_heartbeats(
				origin(Bob),
				batch(vec![signed_heartbeat(Alice, 0)]),
				HeartbeatWitness::default()
			),
			Error::<Test>::NotRelay
		);
		assert_noop!(
			Credit::submit_heartbeats(
				RuntimeOrigin::none(),
				batch(vec![signed_heartbeat(Alice, 0)]),
				HeartbeatWitness::default()
			),
			sp_runtime::DispatchError::BadOrigin
		);
		register_relay();
		assert_noop!(Credit::register_relay(relay_origin()), Error::<Test>::RelayAlreadyRegistered);
		assert_noop!(
			Credit::submit_heartbeats(relay_origin(), batch(vec![]), HeartbeatWitness::default()),
			Error::<Test>::EmptyBatch
		);
		// The pool: one read, no entry signature (an all-forged batch is admitted and paid for
		// in the block), and only from a relay whose deposit pays for the whole batch.
		let ext = CheckHeartbeat::<Test>::new();
		let validate = |who: RuntimeOrigin, items: Vec<SignedHeartbeatOf<Test>>| {
			let call = RuntimeCall::Credit(Call::submit_heartbeats {
				heartbeats: batch(items),
				witness: HeartbeatWitness::default(),
			});
			let info = call.get_dispatch_info();
			ext.validate_only(who, &call, &info, 0, TransactionSource::External, 0)
				.map(|(valid, _, _)| valid)
		};
		let mut forged = signed_heartbeat(Alice, 0);
		forged.device = acc(Bob);
		let most =
			(1..=100u32).take_while(|n| fee_of(*n) <= RELAY_DEPOSIT).last().expect("pays for one");
		let valid =
			validate(relay_origin(), vec![forged.clone(); most as usize]).expect("admitted");
		assert_eq!(valid.priority, HeartbeatPriority::get());
		assert!(valid.provides.is_empty(), "no device tags: a copied heartbeat cannot evict it");
		assert_eq!(
			validate(origin(Bob), vec![signed_heartbeat(Alice, 0)]).map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::NotRelay))
		);
		assert_eq!(
			validate(relay_origin(), vec![]).map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::EmptyBatch))
		);
		// Skipped entries use the deposit up: a batch is admitted only if what is left pays for
		// all of it being skipped.
		relay_batch(vec![forged; 3]);
		let held = Relays::<Test>::get(Relay::get()).expect("still a relay");
		assert_eq!(held, RELAY_DEPOSIT - fee_of(3));
		let fits = (1..=100u32).take_while(|n| fee_of(*n) <= held).last().expect("pays for one");
		assert!(fits < 100);
		assert!(validate(relay_origin(), vec![signed_heartbeat(Alice, 0); fits as usize]).is_ok());
		assert_eq!(
			validate(relay_origin(), vec![signed_heartbeat(Alice, 0); fits as usize + 1])
				.map(|_| ()),
			Err(Credit::pool_error(Error::<Test>::RelayDepositTooLow))
		);
		assert_ok!(Credit::register_relay(relay_origin()));
		assert_eq!(
			last_event(),
			Event::RelayRegistered { relay: Relay::get(), deposit: RELAY_DEPOSIT }
		);
		assert_eq!(Balances::reserved_balance(Relay::get()), RELAY_DEPOSIT);
		assert!(
			validate(relay_origin(), vec![signed_heartbeat(Alice, 0); fits as usize + 1]).is_ok()
		);
		check_invariants();
	});
}

#[test]
fn a_heartbeat_copied_into_another_relays_batch_is_skipped_there_at_its_cost() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob]);
		// A rival relay copies Bob's heartbeat (signed for `Relay`) into its own batch, first.
		let rival = acc(Ferdie);
		assert_ok!(Credit::register_relay(RuntimeOrigin::signed(rival.clone())));
		assert_ok!(Credit::submit_heartbeats(
			RuntimeOrigin::signed(rival.clone()),
			batch(vec![signed_heartbeat(Bob, 0)]),
			HeartbeatWitness::default()
		));
		assert_relayed(rival.clone(), 0, 1, fee_of(1));
		assert_eq!(device(Bob).last_heartbeat, None, "the copy counts for nothing");
		// The honest batch lands whole and costs its relay nothing.
		relay_batch(vec![signed_heartbeat(Alice, 0), signed_heartbeat(Bob, 0)]);
		assert_relayed(Relay::get(), 2, 0, 0);
		// A heartbeat signed for the rival is valid in the rival's batch.
		run_to(period_start(1));
		assert_ok!(Credit::submit_heartbeats(
			RuntimeOrigin::signed(rival.clone()),
			batch(vec![signed_heartbeat_for(Bob, 1, &rival)]),
			HeartbeatWitness::default()
		));
		assert_eq!(device(Bob).last_heartbeat, Some(1));
	});
}

#[test]
fn a_relay_leaves_with_what_remains_of_its_deposit() {
	new_test_ext().execute_with(|| {
		assert_noop!(Credit::unregister_relay(relay_origin()), Error::<Test>::NotRelay);
		register_relay();
		let mut forged = signed_heartbeat(Alice, 0);
		forged.period = 0;
		forged.device = acc(Bob);
		relay_batch(vec![forged]);
		let left = RELAY_DEPOSIT - fee_of(1);
		let free = Balances::free_balance(Relay::get());
		assert_ok!(Credit::unregister_relay(relay_origin()));
		assert_eq!(last_event(), Event::RelayUnregistered { relay: Relay::get(), released: left });
		assert_eq!(Balances::free_balance(Relay::get()), free + left);
		assert_eq!(Balances::reserved_balance(Relay::get()), 0);
		assert_eq!(Relays::<Test>::get(Relay::get()), None);
		check_invariants();
	});
}

#[test]
fn a_batch_declares_its_worst_mix_and_charges_what_it_used() {
	use crate::WeightInfo;
	let w = |n| <() as WeightInfo>::submit_heartbeats(n);
	let s = |n| <() as WeightInfo>::submit_heartbeats_skipped(n);
	let (light, heavy) = (Weight::from_parts(LIGHT_WEIGHT, 0), Weight::from_parts(HEAVY_WEIGHT, 0));
	let looked_up = light.saturating_add(Weight::from_parts(GROUP_READY_WEIGHT, 0));
	for n in [1u32, 10, 100] {
		for witness in [0, n / 2, n] {
			let declared = Credit::batch_weight(n, heavy_witness(witness));
			// Any split into accepted (heavy up to the witness) and skipped entries.
			for valid in [0, n / 2, n] {
				let heavy_used = witness.min(valid);
				// Valid entries' light work is in `w`; a heavy one adds what its full work
				// exceeds it by; a skipped one may have looked its class and group up.
				let used = w(valid)
					.saturating_add(s(n - valid))
					.saturating_add(looked_up.saturating_mul((n - valid) as u64))
					.saturating_add((heavy - light).saturating_mul(heavy_used as u64));
				assert!(used.all_lte(declared), "{valid} of {n} valid: {used:?} > {declared:?}");
			}
		}
		// A lighter witness declares less: more such batches fit a block.
		assert!(
			Credit::batch_weight(n, heavy_witness(0)).ref_time()
				< Credit::batch_weight(n, heavy_witness(n)).ref_time()
		);
	}
	// The witness is capped by the batch.
	assert_eq!(
		Credit::batch_weight(10, heavy_witness(50)),
		Credit::batch_weight(10, heavy_witness(10))
	);
}

#[test]
fn entries_beyond_the_heavy_witness_are_skipped_at_the_relays_cost() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie]);
		set_heavy(acc(Bob));
		set_heavy(acc(Charlie));
		// The relay declares one heavy entry and sends two.
		let post = Credit::submit_heartbeats(
			relay_origin(),
			batch(vec![
				signed_heartbeat(Alice, 0),
				signed_heartbeat(Bob, 0),
				signed_heartbeat(Charlie, 0),
			]),
			heavy_witness(1),
		)
		.expect("dispatches");
		assert!(events().contains(&Event::HeartbeatSkipped {
			relay: Relay::get(),
			device: acc(Charlie),
			reason: Error::<Test>::HeavyWitnessExceeded.into(),
		}));
		assert_relayed(Relay::get(), 2, 1, fee_of(1));
		assert_eq!(device(Bob).last_heartbeat, Some(0));
		assert_eq!(device(Charlie).last_heartbeat, None);
		// What it used stays within what it declared.
		let used = post.actual_weight.expect("reported");
		assert!(used.all_lte(Credit::batch_weight(3, heavy_witness(1))), "{used:?}");
		check_invariants();
	});
}

#[test]
fn a_heartbeat_signature_is_bound_to_this_chain() {
	new_test_ext().execute_with(|| {
		register_relay();
		// Signed over another genesis hash: does not verify here.
		let payload =
			heartbeat_payload(&sp_core::H256::repeat_byte(7), &acc(Alice), 0, &Relay::get());
		use sp_core::Pair;
		let hb = SignedHeartbeat {
			device: acc(Alice),
			period: 0,
			signature: sp_runtime::MultiSignature::Sr25519(Alice.pair().sign(&payload)),
		};
		relay_batch(vec![hb]);
		assert!(events().contains(&Event::HeartbeatSkipped {
			relay: Relay::get(),
			device: acc(Alice),
			reason: Error::<Test>::BadHeartbeatSignature.into(),
		}));
		assert_eq!(device(Alice).last_heartbeat, None);
	});
}

#[test]
fn a_relay_learns_which_heartbeats_the_chain_would_take_and_which_are_heavy() {
	new_test_ext().execute_with(|| {
		devices_alice_to(&[Bob, Charlie, Dave]);
		set_heavy(acc(Bob));
		assert_ok!(Credit::heartbeat(origin(Charlie)));
		assert_ok!(Credit::deregister(origin(Dave)));
		let readiness: Vec<Result<HeartbeatClass<AccountId>, sp_runtime::DispatchError>> =
			Credit::heartbeat_readiness(vec![
				acc(Alice),
				acc(Bob),
				acc(Charlie),
				acc(Dave),
				acc(Eve),
			])
			.into_iter()
			.map(|r| r.map_err(Into::into))
			.collect();
		assert_eq!(
			readiness,
			vec![
				Ok(HeartbeatClass::Light),
				Ok(HeartbeatClass::Heavy),
				Err(Error::<Test>::HeartbeatAlreadySent.into()),
				Err(Error::<Test>::Deregistering.into()),
				Err(Error::<Test>::NotRegistered.into()),
			]
		);
		// No more than a batch's worth is answered.
		assert_eq!(Credit::heartbeat_readiness(vec![acc(Alice); 105]).len(), 100);
	});
}

#[test]
fn a_group_found_not_ready_is_asked_once_a_batch() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie, Dave]);
		let unready = acc(Ferdie);
		for d in [Bob, Charlie, Dave] {
			set_grouped(acc(d), unready.clone());
		}
		// Declared grouped in one group, but the group is not ready: all three are taken as
		// heavy (the witness has room), and the group's readiness is read once, not per entry.
		let witness = HeartbeatWitness { grouped: 3, groups: 1, heavy: 3 };
		Credit::submit_heartbeats(
			relay_origin(),
			batch(vec![
				signed_heartbeat(Bob, 0),
				signed_heartbeat(Charlie, 0),
				signed_heartbeat(Dave, 0),
			]),
			witness,
		)
		.expect("dispatches");
		assert_eq!(READY_ASKED.with(|n| *n.borrow()), 1);
		assert!(GROUPED_CALLS.with(|c| c.borrow().is_empty()));
		assert_eq!(device(Dave).last_heartbeat, Some(0), "taken as heavy");
	});
}

#[test]
fn grouped_heartbeats_are_taken_together_and_charged_per_entry_and_group() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie, Dave, Eve]);
		let (group, unready) = (acc(Ferdie), acc(Alice));
		set_grouped(acc(Bob), group.clone());
		set_grouped(acc(Charlie), group.clone());
		set_grouped(acc(Dave), unready.clone());
		set_grouped(acc(Eve), group.clone());
		READY.with(|r| r.borrow_mut().push(group.clone()));
		take_changes();
		// Two grouped entries in one group, one whose group is not ready (heavy), and a third
		// of the ready group beyond the grouped witness: heavy too, but the witness has no room.
		let witness = HeartbeatWitness { grouped: 2, groups: 1, heavy: 1 };
		let post = Credit::submit_heartbeats(
			relay_origin(),
			batch(vec![
				signed_heartbeat(Bob, 0),
				signed_heartbeat(Charlie, 0),
				signed_heartbeat(Dave, 0),
				signed_heartbeat(Eve, 0),
			]),
			witness,
		)
		.expect("dispatches");
		assert_eq!(
			GROUPED_CALLS.with(|c| c.borrow().clone()),
			vec![vec![acc(Bob), acc(Charlie)]],
			"one call for the grouped entries"
		);
		assert!(events().contains(&Event::HeartbeatSkipped {
			relay: Relay::get(),
			device: acc(Eve),
			reason: Error::<Test>::HeavyWitnessExceeded.into(),
		}));
		assert_eq!(device(Dave).last_heartbeat, Some(0), "taken as heavy");
		assert_eq!(device(Eve).last_heartbeat, None);
		// Charged: three accepted entries (the credit pallet's own work), the two grouped in
		// one group, one heavy entry's look-up and full work, one skipped entry with its class
		// and group looked up.
		use crate::WeightInfo;
		let light = LIGHT_WEIGHT;
		let expected = <() as WeightInfo>::submit_heartbeats(3)
			.saturating_add(<() as WeightInfo>::submit_heartbeats_skipped(1))
			.saturating_add(Weight::from_parts(light + GROUP_READY_WEIGHT, 0))
			.saturating_add(Weight::from_parts(HEAVY_WEIGHT + light, 0))
			.saturating_add(Weight::from_parts(2 * GROUPED_ENTRY_WEIGHT + GROUP_WEIGHT, 0));
		assert_eq!(post.actual_weight, Some(expected));
		assert!(expected.all_lte(Credit::batch_weight(4, witness)));
		// A lighter mix declares less than the same batch all heavy.
		assert!(
			Credit::batch_weight(4, witness).ref_time()
				< Credit::batch_weight(4, heavy_witness(4)).ref_time()
		);
		// The relay sees the same classes before it batches.
		assert_eq!(
			Credit::heartbeat_readiness(vec![acc(Alice), acc(Eve)])
				.into_iter()
				.map(|r| r.map_err(sp_runtime::DispatchError::from))
				.collect::<Vec<_>>(),
			vec![Ok(HeartbeatClass::Light), Ok(HeartbeatClass::Grouped(group.clone()))]
		);
		check_invariants();
	});
}

/// How many times the listeners were asked a heartbeat's class so far.
fn class_asked() -> u32 {
	CLASS_ASKED.with(|n| *n.borrow())
}

#[test]
fn a_quiet_devices_heartbeat_asks_no_listener() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob]);
		assert_eq!(device(Bob).listeners, ListenerMark::Quiet, "registered quiet");
		take_changes();
		relay_batch(vec![signed_heartbeat(Alice, 0), signed_heartbeat(Bob, 0)]);
		assert_eq!(class_asked(), 0);
		assert!(take_changes().is_empty(), "no listener told");
		assert_eq!(device(Bob).last_heartbeat, Some(0));
		assert_eq!(device(Bob).listeners, ListenerMark::Quiet);
	});
}

#[test]
fn a_listened_device_is_asked_in_full_and_keeps_what_the_listeners_answered() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob]);
		// A listener starts holding something about Bob, then lets it go: Bob's next
		// heartbeat is asked in full and taken heavy (the light witness would not pay for
		// the look-up), and Bob is quiet again after it.
		<Credit as CreditInspect<_>>::listen(&acc(Bob), ListenerMark::Listened);
		assert_eq!(device(Bob).listeners, ListenerMark::Listened);
		assert_eq!(
			Credit::heartbeat_readiness(vec![acc(Bob)])
				.into_iter()
				.map(|r| r.map_err(sp_runtime::DispatchError::from))
				.collect::<Vec<_>>(),
			vec![Ok(HeartbeatClass::Heavy)]
		);
		let skipped = Credit::submit_heartbeats(
			relay_origin(),
			batch(vec![signed_heartbeat(Bob, 0)]),
			HeartbeatWitness::default(),
		);
		assert!(skipped.is_ok());
		assert!(events().contains(&Event::HeartbeatSkipped {
			relay: Relay::get(),
			device: acc(Bob),
			reason: Error::<Test>::HeavyWitnessExceeded.into(),
		}));
		assert_eq!(device(Bob).listeners, ListenerMark::Listened, "a skipped entry keeps it");
		relay_batch(vec![signed_heartbeat(Bob, 0)]);
		assert_eq!(device(Bob).listeners, ListenerMark::Quiet);
		run_to(period_start(1));
		let asked = class_asked();
		relay_batch(vec![signed_heartbeat(Bob, 1)]);
		assert_eq!(class_asked(), asked, "quiet: not asked");
	});
}

#[test]
fn a_grouped_answer_is_taken_grouped_only_under_a_ticket() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob]);
		let group = acc(Ferdie);
		READY.with(|r| r.borrow_mut().push(group.clone()));
		GROUPED.with(|g| g.borrow_mut().push((acc(Bob), group.clone())));
		<Credit as CreditInspect<_>>::listen(&acc(Bob), ListenerMark::Listened);
		// First heartbeat since the listener started: asked in full, heavy, and the listener's
		// answer (its ticket) kept.
		let witness = HeartbeatWitness { grouped: 1, groups: 1, heavy: 1 };
		Credit::submit_heartbeats(relay_origin(), batch(vec![signed_heartbeat(Bob, 0)]), witness)
			.expect("dispatches");
		assert!(GROUPED_CALLS.with(|c| c.borrow().is_empty()), "taken heavy");
		assert_eq!(device(Bob).listeners, ListenerMark::Grouped(ticket(group.clone())));
		// A steady mark (no ticket): the listener looked its own state up, so heavy again.
		run_to(period_start(1));
		crate::Devices::<Test>::mutate(acc(Bob), |d| {
			d.as_mut().expect("registered").listeners = ListenerMark::Steady
		});
		Credit::submit_heartbeats(relay_origin(), batch(vec![signed_heartbeat(Bob, 1)]), witness)
			.expect("dispatches");
		assert!(GROUPED_CALLS.with(|c| c.borrow().is_empty()), "taken heavy");
		// The next one, from its ticket, is grouped, and its ticket reaches the listener.
		run_to(period_start(2));
		Credit::submit_heartbeats(relay_origin(), batch(vec![signed_heartbeat(Bob, 2)]), witness)
			.expect("dispatches");
		assert_eq!(GROUPED_CALLS.with(|c| c.borrow().clone()), vec![vec![acc(Bob)]]);
	});
}

#[test]
fn after_one_entry_refused_for_the_witness_the_listened_rest_are_refused_unasked() {
	new_test_ext().execute_with(|| {
		relay_ready(&[Bob, Charlie, Dave]);
		for d in [Bob, Charlie, Dave] {
			set_heavy(acc(d));
		}
		// A relay that declares no heavy entry: the first is looked up and refused, the other
		// two refused without a look-up; the quiet Alice is taken.
		let post = Credit::submit_heartbeats(
			relay_origin(),
			batch(vec![
				signed_heartbeat(Bob, 0),
				signed_heartbeat(Charlie, 0),
				signed_heartbeat(Alice, 0),
				signed_heartbeat(Dave, 0),
			]),
			HeartbeatWitness::default(),
		)
		.expect("dispatches");
		assert_eq!(class_asked(), 1);
		assert_relayed(Relay::get(), 1, 3, fee_of(3));
		assert_eq!(device(Alice).last_heartbeat, Some(0));
		// One look-up charged, declared once per batch.
		let used = post.actual_weight.expect("reported");
		assert!(used.all_lte(Credit::batch_weight(4, HeartbeatWitness::default())), "{used:?}");
	});
}

#[test]
fn a_device_record_from_before_the_mark_reads_as_listened() {
	new_test_ext().execute_with(|| {
		// Alice's record as written before the mark: without its last byte.
		let key = Devices::<Test>::hashed_key_for(acc(Alice));
		let mut raw = sp_io::storage::get(&key).expect("Alice is a device").to_vec();
		assert_eq!(raw.pop(), Some(ListenerMark::<AccountId>::Quiet.encode()[0]));
		sp_io::storage::set(&key, &raw);
		assert_eq!(device(Alice).listeners, ListenerMark::Listened);
		// Written back with the mark its listeners give at its next heartbeat.
		register_relay();
		relay_batch(vec![signed_heartbeat(Alice, 0)]);
		assert_eq!(device(Alice).listeners, ListenerMark::Quiet);
		let written = sp_io::storage::get(&key).expect("still a device");
		assert_eq!(
			written.last(),
			Some(&ListenerMark::<AccountId>::Quiet.encode()[0]),
			"the mark appended"
		);
	});
}
