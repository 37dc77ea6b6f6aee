//! Runtime tests of proof of credit with the runtime's real transaction pipeline: feeless valid
//! heartbeats, pool refusals named by the credit pallet's errors, batched heartbeats, and
//! replenishment burning MC and feeding the incentive pool.

mod common;

use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{
	Balances, Credit, Executive, IncentivePool, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	System, UncheckedExtrinsic,
};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BoundedVec, MultiSignature,
};

fn balance(who: &metachain_runtime::AccountId) -> u128 {
	<Balances as Inspect<_>>::balance(who)
}

fn validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash())
		.map(|_| ())
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

#[test]
fn a_batch_of_device_signed_heartbeats_is_accepted_unsigned() {
	dev_ext().execute_with(|| {
		run_to_block(IN_PERIOD_ONE - 1);
		begin_block();
		make_device(Bob);
		make_device(Charlie);
		end_block();

		begin_block();
		let period = Credit::current_period();
		assert_eq!(period, Credit::period_at(System::block_number() + 1), "same period");
		let genesis = System::block_hash(0);
		let hb = |k: Sr25519Keyring| pallet_credit::SignedHeartbeat {
			device: k.to_account_id(),
			period,
			signature: MultiSignature::Sr25519(k.pair().sign(&pallet_credit::heartbeat_payload(
				&genesis,
				&k.to_account_id(),
				period,
			))),
		};
		let batch = |items| {
			UncheckedExtrinsic::new_bare(RuntimeCall::Credit(
				pallet_credit::Call::submit_heartbeats {
					heartbeats: BoundedVec::truncate_from(items),
				},
			))
		};
		// A forged one spoils the batch.
		let mut forged = hb(Bob);
		forged.device = Charlie.to_account_id();
		assert_eq!(
			validate(batch(vec![hb(Bob), forged])),
			Err(Credit::pool_error(pallet_credit::Error::<Runtime>::BadHeartbeatSignature))
		);
		let good = batch(vec![hb(Bob), hb(Charlie)]);
		assert_eq!(validate(good.clone()), Ok(()));
		let fees_before = balance(&metachain_runtime::configs::TreasuryAccount::get());
		Executive::apply_extrinsic(good).expect("valid").expect("dispatches");
		for k in [Bob, Charlie] {
			assert_eq!(
				pallet_credit::Devices::<Runtime>::get(k.to_account_id())
					.and_then(|d| d.last_heartbeat),
				Some(period)
			);
		}
		assert_eq!(
			balance(&metachain_runtime::configs::TreasuryAccount::get()),
			fees_before,
			"free"
		);
		end_block();
	});
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
