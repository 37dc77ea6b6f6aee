//! Making the chain verify heartbeats for free (issue 19, rule 3). Relays' batches are checked
//! in the block, not in the pool, so three attacks are tried through real blocks:
//!
//! 1. **Junk batches**: a registered relay submits full batches of forged heartbeats, making
//!    every block author verify a thousand signatures per batch. Every skipped entry is paid
//!    out of its deposit at the fee of its weight (and the pool refuses a batch the deposit
//!    cannot pay for), so the chain is paid for the work and the attacker gains nothing.
//! 2. **Unregistered flood**: an account that is no relay sends batches. The pool refuses each
//!    after one read, before any entry is looked at.
//! 3. **Under-declaring**: a relay says none of its devices delegates, so its batch declares
//!    little weight and gets into a fuller block. The entries beyond its witness are skipped at
//!    its cost.
//! 4. **Front-running**: a rival relay copies an honest relay's heartbeats into its own batch
//!    and gets it included first, to void the honest entries (stale entries are charged to
//!    whoever submitted them). Each heartbeat is signed for the relay that carries it, so the
//!    copies are skipped at the rival's cost and the honest batch lands whole, free.

use crate::common::*;
use metachain_runtime::{
	configs::{TreasuryAccount, WeightToFeeOf},
	currency::MC,
	Credit, Executive, Runtime, RuntimeCall, RuntimeEvent, System, UncheckedExtrinsic,
};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::Convert,
	transaction_validity::{TransactionSource, TransactionValidityError},
	BoundedVec, MultiSignature,
};

type Heartbeat = pallet_credit::SignedHeartbeatOf<Runtime>;

/// What the pool says of `xt`, leaving no trace in the state (validation initializes the next
/// block, as the node does in a throwaway overlay).
fn validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	use frame_support::storage::{with_transaction_unchecked, TransactionOutcome};
	with_transaction_unchecked(|| {
		TransactionOutcome::Rollback(
			Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash())
				.map(|_| ()),
		)
	})
}

/// A batch declaring none of its devices heavy (none of them delegates).
fn batch(items: Vec<Heartbeat>) -> RuntimeCall {
	batch_declaring(items, 0)
}

fn batch_declaring(items: Vec<Heartbeat>, heavy: u32) -> RuntimeCall {
	RuntimeCall::Credit(pallet_credit::Call::submit_heartbeats {
		heartbeats: BoundedVec::truncate_from(items),
		witness: pallet_credit::HeartbeatWitness { heavy, ..Default::default() },
	})
}

/// `device`'s heartbeat for `period`, signed for `relay`.
fn heartbeat(device: &sr25519::Pair, period: u32, relay: Sr25519Keyring) -> Heartbeat {
	let who: metachain_runtime::AccountId = device.public().into();
	let payload = pallet_credit::heartbeat_payload(
		&System::block_hash(0),
		&who,
		period,
		&relay.to_account_id(),
	);
	pallet_credit::SignedHeartbeat {
		device: who,
		period,
		signature: MultiSignature::Sr25519(device.sign(&payload)),
	}
}

fn relayed_event() -> (u32, u32, u128) {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Credit(pallet_credit::Event::HeartbeatsRelayed {
				accepted,
				skipped,
				charged,
				..
			}) => Some((accepted, skipped, charged)),
			_ => None,
		})
		.expect("the batch was applied")
}

/// `MaxHeartbeatsPerBatch`.
fn max_batch() -> u32 {
	use frame_support::traits::Get;
	<Runtime as pallet_credit::Config>::MaxHeartbeatsPerBatch::get()
}

fn register_relay(who: Sr25519Keyring) {
	let call = RuntimeCall::Credit(pallet_credit::Call::register_relay {});
	Executive::apply_extrinsic(signed(who, call, 0)).expect("valid").expect("registers");
}

#[test]
fn junk_batches_are_paid_for_in_full_and_earn_nothing() {
	let max = max_batch();
	dev_ext().execute_with(|| {
		begin_block();
		make_device(Bob);
		fund(Eve, 5_000);
		register_relay(Eve);
		end_block();

		// Forged heartbeats naming Bob (signed by other keys), a thousand to a batch.
		let forger = sr25519::Pair::from_seed(&[7; 32]);
		let mut total_charged = 0u128;
		let mut batches = 0u32;
		let treasury_before = Balances::free(&TreasuryAccount::get());
		let eve_before = Balances::total(&Eve.to_account_id());
		for _ in 0..3 {
			begin_block();
			let period = Credit::current_period();
			let mut junk = heartbeat(&forger, period, Eve);
			junk.device = Bob.to_account_id();
			let xt = signed(Eve, batch(vec![junk; max as usize]), 0);
			// The pool admits it: it checks the relay, not the entries.
			assert_eq!(validate(xt.clone()), Ok(()));
			{
				{
					let before = System::block_weight().total();
					Executive::apply_extrinsic(xt).expect("valid").expect("dispatches");
					let used = System::block_weight().total().saturating_sub(before);
					let (accepted, skipped, charged) = relayed_event();
					assert_eq!((accepted, skipped), (0, max));
					// The relay paid at least the fee of the work the block did for it.
					let fee_of_work = WeightToFeeOf::convert(used);
					println!(
						"junk batch {batches}: {skipped} forged entries, {} ms of block time, the relay paid {} MC (the fee of that weight: {} MC)",
						used.ref_time() / 1_000_000_000,
						charged as f64 / MC as f64,
						fee_of_work as f64 / MC as f64,
					);
					assert!(charged * 10 >= fee_of_work * 9, "paid {charged}, the work is worth {fee_of_work}");
					total_charged += charged;
					batches += 1;
				}
			}
			end_block();
		}
		assert!(batches > 0);
		assert_eq!(
			pallet_credit::Devices::<Runtime>::get(Bob.to_account_id()).and_then(|d| d.last_heartbeat),
			None,
			"no forged heartbeat counted"
		);
		let lost = eve_before - Balances::total(&Eve.to_account_id());
		println!(
			"{batches} junk batches: the attacker lost {} MC, the treasury gained {} MC, no credit was earned",
			lost as f64 / MC as f64,
			(Balances::free(&TreasuryAccount::get()) - treasury_before) as f64 / MC as f64,
		);
		assert_eq!(lost, total_charged, "the attacker's loss is what it was charged (fees refunded)");
		assert!(lost > 0);
	});
}

#[test]
fn an_account_that_is_no_relay_is_refused_before_any_entry_is_read() {
	let max = max_batch();
	dev_ext().execute_with(|| {
		begin_block();
		make_device(Bob);
		fund(Eve, 5_000);
		end_block();
		begin_block();
		let forger = sr25519::Pair::from_seed(&[7; 32]);
		let period = Credit::current_period();
		let junk = heartbeat(&forger, period, Eve);
		let xt = signed(Eve, batch(vec![junk.clone(); max as usize]), 0);
		assert_eq!(
			validate(xt),
			Err(Credit::pool_error(pallet_credit::Error::<Runtime>::NotRelay))
		);
		// Unsigned, it has no validator at all.
		assert!(validate(UncheckedExtrinsic::new_bare(batch(vec![junk]))).is_err());
		println!("a batch from an account that is no relay: refused by the pool after one read");
		end_block();
	});
}

#[test]
fn heartbeats_copied_into_a_rival_batch_are_skipped_at_the_rivals_cost() {
	dev_ext().execute_with(|| {
		let devices: Vec<sr25519::Pair> =
			(0..20u8).map(|i| sr25519::Pair::from_seed(&[100 + i; 32])).collect();
		begin_block();
		for d in &devices {
			make_device_account(&d.public().into());
		}
		fund(Eve, 5_000);
		fund(Dave, 5_000);
		register_relay(Eve);
		register_relay(Dave);
		end_block();

		begin_block();
		let period = Credit::current_period();
		let honest: Vec<Heartbeat> = devices.iter().map(|d| heartbeat(d, period, Eve)).collect();
		let (dave_before, eve_before) =
			(Balances::total(&Dave.to_account_id()), Balances::total(&Eve.to_account_id()));
		// Dave (the rival) sees Eve's batch in the pool and gets a copy included first.
		let copy = signed(Dave, batch(honest.clone()), 0);
		Executive::apply_extrinsic(copy).expect("valid").expect("dispatches");
		let (accepted, skipped, charged) = relayed_event();
		assert_eq!((accepted, skipped), (0, 20), "every copied entry is skipped");
		Executive::apply_extrinsic(signed(Eve, batch(honest), 0)).expect("valid").expect("dispatches");
		assert_eq!(relayed_event(), (20, 0, 0), "the honest batch lands whole, free");
		end_block();
		let dave_lost = dave_before - Balances::total(&Dave.to_account_id());
		let eve_lost = eve_before - Balances::total(&Eve.to_account_id());
		println!(
			"front-running 20 heartbeats: the rival lost {} MC, the honest relay {} MC, all 20 devices were heard",
			dave_lost as f64 / MC as f64,
			eve_lost as f64 / MC as f64,
		);
		assert_eq!(dave_lost, charged);
		assert!(dave_lost > 0);
		assert_eq!(eve_lost, 0);
	});
}

/// Balances as the tests read them.
struct Balances;
impl Balances {
	fn free(who: &metachain_runtime::AccountId) -> u128 {
		metachain_runtime::Balances::free_balance(who)
	}
	fn total(who: &metachain_runtime::AccountId) -> u128 {
		use frame_support::traits::fungible::Inspect;
		<metachain_runtime::Balances as Inspect<_>>::total_balance(who)
	}
}

/// `n` devices of seeds `[seed + i; 32]`, each delegating to Alice, and Eve a funded relay,
/// made in one block.
fn delegating_devices_and_relay(seed: u8, n: u8) -> Vec<sr25519::Pair> {
	let devices: Vec<sr25519::Pair> =
		(0..n).map(|i| sr25519::Pair::from_seed(&[seed + i; 32])).collect();
	begin_block();
	for d in &devices {
		let who: metachain_runtime::AccountId = d.public().into();
		make_device_account(&who);
		metachain_runtime::CreditDelegation::delegate(
			metachain_runtime::RuntimeOrigin::signed(who),
			AliceStash.to_account_id(),
		)
		.expect("delegates");
	}
	fund(Eve, 5_000);
	register_relay(Eve);
	end_block();
	devices
}

#[test]
fn a_relay_that_under_declares_its_delegating_devices_loses_those_entries() {
	use frame_support::dispatch::GetDispatchInfo;
	dev_ext().execute_with(|| {
		let devices = delegating_devices_and_relay(150, 10);
		// Delegating marked them for their listeners: none can pass as a quiet device whose
		// heartbeat asks no one (spec_version 131); each keeps its delegation's ticket
		// (spec_version 135).
		use pallet_credit::CreditInspect;
		assert!(devices.iter().all(|d| {
			<Credit as CreditInspect<_>>::listener_mark(&d.public().into())
				.is_some_and(|m| m.ticket().is_some())
		}));

		begin_block();
		let period = Credit::current_period();
		let hbs: Vec<Heartbeat> = devices.iter().map(|d| heartbeat(d, period, Eve)).collect();
		let (cheap, honest) = (batch_declaring(hbs.clone(), 0), batch_declaring(hbs, 10));
		let (declared_cheap, declared_honest) =
			(cheap.get_dispatch_info().total_weight(), honest.get_dispatch_info().total_weight());
		let before = Balances::total(&Eve.to_account_id());
		Executive::apply_extrinsic(signed(Eve, cheap, 0)).expect("valid").expect("dispatches");
		let (accepted, skipped, charged) = relayed_event();
		assert_eq!((accepted, skipped), (0, 10), "every delegating device beyond the witness is skipped");
		// Each skipped entry is charged in full, though only the first was looked up (the
		// others were refused unasked): the chain did less than the relay paid for.
		let skipped_cost = WeightToFeeOf::convert(<<Runtime as pallet_credit::Config>::WeightInfo as pallet_credit::WeightInfo>::submit_heartbeats_skipped(10));
		assert_eq!(charged, skipped_cost);
		Executive::apply_extrinsic(signed(Eve, honest, 0)).expect("valid").expect("dispatches");
		assert_eq!(relayed_event(), (10, 0, 0), "declared honestly, all land, free");
		end_block();
		let lost = before - Balances::total(&Eve.to_account_id());
		println!(
			"10 delegating devices (marked steady) declared light ({} ms instead of {} ms): all 10 skipped, 1 looked up, the relay lost {} MC; declared honestly they land free",
			declared_cheap.ref_time() / 1_000_000_000,
			declared_honest.ref_time() / 1_000_000_000,
			lost as f64 / MC as f64,
		);
		assert!(declared_cheap.all_lt(declared_honest));
		assert_eq!(lost, charged);
		assert!(lost > 0);
	});
}

/// The first block of the credit period after the current one.
fn next_period_start() -> u32 {
	let period = Credit::current_period();
	let mut n = System::block_number();
	while Credit::period_at(n) == period {
		n += 1;
	}
	n
}

#[test]
fn grouped_heartbeats_cost_a_fraction_and_an_under_declared_group_is_the_relays_loss() {
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_credit::HeartbeatWitness;
	dev_ext().execute_with(|| {
		let devices = delegating_devices_and_relay(170, 10);
		// The next period: their first heartbeats count them for Alice (heavy: they start).
		run_to_block(next_period_start());
		begin_block();
		let period = Credit::current_period();
		let hbs: Vec<Heartbeat> = devices.iter().map(|d| heartbeat(d, period, Eve)).collect();
		Executive::apply_extrinsic(signed(Eve, batch_declaring(hbs, 10), 0))
			.expect("valid")
			.expect("dispatches");
		assert_eq!(relayed_event(), (10, 0, 0));
		end_block();
		// The period after: each heartbeat follows one of the previous period — grouped.
		run_to_block(next_period_start());
		begin_block();
		let period = Credit::current_period();
		let hbs: Vec<Heartbeat> = devices.iter().map(|d| heartbeat(d, period, Eve)).collect();
		let classes = Credit::heartbeat_readiness(
			devices.iter().map(|d| d.public().into()).collect(),
		);
		let alice = AliceStash.to_account_id();
		assert!(classes
			.iter()
			.all(|c| matches!(c, Ok(pallet_credit::HeartbeatClass::Grouped(v)) if v == &alice)));
		let call = |w: HeartbeatWitness| {
			RuntimeCall::Credit(pallet_credit::Call::submit_heartbeats {
				heartbeats: BoundedVec::truncate_from(hbs.clone()),
				witness: w,
			})
		};
		let (cheat, grouped, heavy) = (
			call(HeartbeatWitness { grouped: 10, groups: 0, heavy: 0 }),
			call(HeartbeatWitness { grouped: 10, groups: 1, heavy: 0 }),
			call(HeartbeatWitness { heavy: 10, ..Default::default() }),
		);
		let [w_cheat, w_grouped, w_heavy] =
			[&cheat, &grouped, &heavy].map(|c| c.get_dispatch_info().total_weight());
		let before = Balances::total(&Eve.to_account_id());
		// Declaring no group: the entries cannot be grouped nor, without heavy room, taken.
		Executive::apply_extrinsic(signed(Eve, cheat, 0)).expect("valid").expect("dispatches");
		let (accepted, skipped, charged) = relayed_event();
		assert_eq!((accepted, skipped), (0, 10));
		// Declared honestly: all land, free, charged the grouped weight.
		let applied = Executive::apply_extrinsic(signed(Eve, grouped, 0)).expect("valid");
		assert!(applied.is_ok());
		assert_eq!(relayed_event(), (10, 0, 0));
		end_block();
		let lost = before - Balances::total(&Eve.to_account_id());
		println!(
			"10 delegating heartbeats declared: grouped {:.3} ms, heavy {:.3} ms; declared without their group: all 10 skipped, the relay lost {} MC",
			w_grouped.ref_time() as f64 / 1e9,
			w_heavy.ref_time() as f64 / 1e9,
			lost as f64 / MC as f64,
		);
		assert!(w_grouped.all_lt(w_heavy));
		// Claiming no group declares no less (a grouped entry is charged at least one group).
		assert_eq!(w_cheat, w_grouped);
		assert_eq!(lost, charged);
		assert!(lost > 0);
		// The devices count for Alice in the current period's bucket, nothing was paid.
		assert!(System::events().iter().all(|r| !matches!(
			r.event,
			RuntimeEvent::CreditDelegation(pallet_credit_delegation::Event::RewardsPaid { .. })
		)));
	});
}
