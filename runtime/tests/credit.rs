//! Runtime tests of proof of credit with the runtime's real transaction pipeline: feeless valid
//! heartbeats, pool refusals named by the credit pallet's errors, relays' batches, and
//! replenishment burning MC and feeding the incentive pool.

mod common;

use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{
	Balances, Credit, Executive, IncentivePool, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	System, UncheckedExtrinsic,
};
use pallet_credit::WeightInfo as _;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BoundedVec, MultiSignature,
};

fn balance(who: &metachain_runtime::AccountId) -> u128 {
	<Balances as Inspect<_>>::balance(who)
}

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

fn heartbeat_call() -> RuntimeCall {
	RuntimeCall::Credit(pallet_credit::Call::heartbeat {})
}

/// The pool validates as of the next block: keep the block that applies a transaction and the
/// next one in the same credit period (5 blocks on the development chain: 5..=9 is period 1).
const IN_PERIOD_ONE: u32 = 6;

#[test]
fn a_valid_heartbeat_pays_no_fee_and_invalid_ones_never_reach_a_block() {
	dev_ext().execute_with(|| {
		run_to_block(IN_PERIOD_ONE - 1);
		begin_block();
		make_device(Bob);
		end_block();

		begin_block();
		// Valid: the pool accepts it.
		assert_eq!(validate(signed(Bob, heartbeat_call(), 0)), Ok(()));
		let before = balance(&Bob.to_account_id());
		Executive::apply_extrinsic(signed(Bob, heartbeat_call(), 0))
			.expect("valid")
			.expect("dispatches");
		assert_eq!(balance(&Bob.to_account_id()), before, "no fee");
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::SkipFeelessPayment(pallet_skip_feeless_payment::Event::FeeSkipped { .. })
		)));
		// A second heartbeat in the period, and one from an account that is no device: refused
		// by the pool, with the index of the credit pallet's error.
		let already = Credit::pool_error(pallet_credit::Error::<Runtime>::HeartbeatAlreadySent);
		assert_eq!(validate(signed(Bob, heartbeat_call(), 0)), Err(already));
		assert_eq!(
			already,
			TransactionValidityError::Invalid(InvalidTransaction::Custom(9)),
			"credit.HeartbeatAlreadySent is error 9"
		);
		assert_eq!(
			validate(signed(Dave, heartbeat_call(), 0)),
			Err(Credit::pool_error(pallet_credit::Error::<Runtime>::NotRegistered))
		);
		// An account that does not exist is refused earlier, by `CheckNonce`.
		assert_eq!(
			validate(signed(Ferdie, heartbeat_call(), 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
		);
		// Other calls are unaffected by CheckHeartbeat.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Ferdie.to_account_id().into(),
			value: metachain_runtime::currency::MC,
		});
		assert_eq!(validate(signed(Bob, transfer, 0)), Ok(()));
		end_block();
	});
}

/// `k`'s heartbeat for `period`, signed for `relay`.
fn relayed(
	k: Sr25519Keyring,
	period: u32,
	relay: Sr25519Keyring,
) -> pallet_credit::SignedHeartbeatOf<Runtime> {
	let genesis = System::block_hash(0);
	pallet_credit::SignedHeartbeat {
		device: k.to_account_id(),
		period,
		signature: MultiSignature::Sr25519(k.pair().sign(&pallet_credit::heartbeat_payload(
			&genesis,
			&k.to_account_id(),
			period,
			&relay.to_account_id(),
		))),
	}
}

fn batch_call(items: Vec<pallet_credit::SignedHeartbeatOf<Runtime>>) -> RuntimeCall {
	RuntimeCall::Credit(pallet_credit::Call::submit_heartbeats {
		witness: Default::default(),
		heartbeats: BoundedVec::truncate_from(items),
	})
}

#[test]
fn a_relay_batch_is_free_and_its_invalid_entries_cost_the_relay() {
	use sp_runtime::traits::Convert;
	dev_ext().execute_with(|| {
		run_to_block(IN_PERIOD_ONE - 1);
		begin_block();
		make_device(Bob);
		make_device(Charlie);
		fund(Eve, 5_000);
		end_block();

		begin_block();
		let period = Credit::current_period();
		assert_eq!(period, Credit::period_at(System::block_number() + 1), "same period");
		// Nobody but a registered relay gets a batch into the pool, and never unsigned.
		assert_eq!(
			validate(signed(Eve, batch_call(vec![relayed(Bob, period, Eve)]), 0)),
			Err(Credit::pool_error(pallet_credit::Error::<Runtime>::NotRelay))
		);
		assert!(validate(UncheckedExtrinsic::new_bare(batch_call(vec![relayed(
			Bob, period, Eve
		)])))
		.is_err());
		let register = RuntimeCall::Credit(pallet_credit::Call::register_relay {});
		Executive::apply_extrinsic(signed(Eve, register, 0)).expect("valid").expect("dispatches");
		let deposit = metachain_runtime::economy::RELAY_DEPOSIT;
		assert_eq!(pallet_credit::Relays::<Runtime>::get(Eve.to_account_id()), Some(deposit));
		// The pool checks the relay, not the entries: a batch with a forged entry is admitted.
		let mut forged = relayed(Bob, period, Eve);
		forged.device = Charlie.to_account_id();
		let xt = signed(Eve, batch_call(vec![relayed(Bob, period, Eve), forged]), 0);
		assert_eq!(validate(xt.clone()), Ok(()));
		let treasury = metachain_runtime::configs::TreasuryAccount::get();
		let (relay_before, treasury_before) = (balance(&Eve.to_account_id()), balance(&treasury));
		Executive::apply_extrinsic(xt).expect("valid").expect("dispatches");
		let device_hb = |k: Sr25519Keyring| {
			pallet_credit::Devices::<Runtime>::get(k.to_account_id()).and_then(|d| d.last_heartbeat)
		};
		assert_eq!(device_hb(Bob), Some(period), "the valid entry landed");
		assert_eq!(device_hb(Charlie), None, "the forged one was skipped");
		let charged = metachain_runtime::configs::WeightToFeeOf::convert(
			<Runtime as pallet_credit::Config>::WeightInfo::submit_heartbeats_skipped(1),
		);
		assert!(charged > 0);
		println!(
			"a batch with one forged entry cost its relay {charged} plancks, its fee refunded"
		);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Credit(pallet_credit::Event::HeartbeatsRelayed {
				relay: Eve.to_account_id(),
				period,
				accepted: 1,
				skipped: 1,
				charged,
			})));
		// The transaction fee is refunded; the skipped entry is paid from the deposit, to the
		// treasury.
		assert_eq!(balance(&Eve.to_account_id()), relay_before, "the fee refunded");
		assert_eq!(
			pallet_credit::Relays::<Runtime>::get(Eve.to_account_id()),
			Some(deposit - charged)
		);
		assert_eq!(balance(&treasury), treasury_before + charged);
		end_block();
	});
}

#[test]
fn the_relay_deposit_pays_for_many_full_batches_of_invalid_entries() {
	use sp_runtime::traits::Convert;
	let max =
		<<Runtime as pallet_credit::Config>::MaxHeartbeatsPerBatch as frame_support::traits::Get<
			u32,
		>>::get();
	let full = metachain_runtime::configs::WeightToFeeOf::convert(
		<Runtime as pallet_credit::Config>::WeightInfo::submit_heartbeats_skipped(max),
	);
	let batches = metachain_runtime::economy::RELAY_DEPOSIT / full;
	println!(
		"a full batch of invalid entries costs {full} plancks; the deposit pays for {batches}"
	);
	assert!(batches >= 100, "the deposit pays for {batches} full invalid batches");
}

#[test]
fn replenishment_burns_mc_and_feeds_the_incentive_pool() {
	dev_ext().execute_with(|| {
		run_to_block(2);
		begin_block();
		make_device(Bob);
		end_block();
		// Silent for many periods: credit decays.
		let params = pallet_credit::Parameters::<Runtime>::get();
		run_to_block(2 + 6 * params.credit_period);
		begin_block();
		let points = Credit::max_replenishable(&Bob.to_account_id());
		assert!(points > 0);
		let issuance = <Balances as Inspect<_>>::total_issuance();
		let pool = balance(&IncentivePool::account_id());
		assert!(
			Credit::replenish_credit(RuntimeOrigin::signed(Bob.to_account_id()), points).is_ok()
		);
		let cost = params.credit_price * points as u128;
		let to_pool = params.replenish_reward_share * cost;
		assert_eq!(balance(&IncentivePool::account_id()), pool + to_pool);
		assert_eq!(<Balances as Inspect<_>>::total_issuance(), issuance - (cost - to_pool));
		assert_eq!(Credit::max_replenishable(&Bob.to_account_id()), 0);
		end_block();
		assert_supply_invariant();
	});
}
