//! Flooding the era-change blocks (issue 18, rule 2: session turns register their measured
//! weight, so session-boundary blocks take transactions again). An attacker fills the blocks
//! that plan and start an era with transfers, hoping to push them past the block's limit (a
//! block its authors cannot produce in time stalls the chain) or to crowd out the turn. The
//! turn runs first and is mandatory; transactions get only what is left of the ordinary share,
//! so the block stays within its limit and the era changes on time. The attacker pays a full
//! block of fees for each try.

use crate::common::*;
use metachain_runtime::{
	configs::RuntimeBlockWeights, currency::MC, Executive, Runtime, RuntimeCall, RuntimeEvent,
	System,
};
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};

/// Fill the current block with Bob's transfers until it refuses one; returns how many landed
/// and the fees they paid.
fn flood() -> (u32, u128) {
	let mut landed = 0;
	loop {
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Charlie.to_account_id().into(),
			value: MC,
		});
		match Executive::apply_extrinsic(signed(Bob, transfer, 0)) {
			Ok(Ok(())) => landed += 1,
			Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => break,
			other => panic!("transfer {landed}: {other:?}"),
		}
	}
	let fees = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(actual_fee),
			_ => None,
		})
		.sum();
	(landed, fees)
}

#[test]
fn a_full_era_change_block_stays_within_its_limit_and_the_era_changes() {
	dev_ext().execute_with(|| {
		let max = RuntimeBlockWeights::get().max_block;
		let mut seen = (false, false);
		let first = active_era();
		while !(seen.0 && seen.1) {
			let (planned, active) = (
				pallet_staking::CurrentEra::<Runtime>::get().unwrap_or(0),
				active_era(),
			);
			begin_block();
			let n = System::block_number();
			let plans = pallet_staking::CurrentEra::<Runtime>::get().unwrap_or(0) > planned;
			let starts = active_era() > active;
			if !(plans || starts) {
				end_block();
				continue;
			}
			let turn = System::block_weight().total();
			let (landed, fees) = flood();
			let total = System::block_weight().total();
			end_block();
			println!(
				"block {n} ({}): turn {} ms, {landed} attacker transfers fill it to {} ms of {} ms; the attacker paid {} MC",
				if plans { "plans an era" } else { "starts an era" },
				turn.ref_time() / 1_000_000_000,
				total.ref_time() / 1_000_000_000,
				max.ref_time() / 1_000_000_000,
				fees as f64 / MC as f64,
			);
			assert!(landed > 0, "the boundary block takes transactions");
			assert!(total.all_lte(max), "block {n} weighs {total:?}, over {max:?}");
			if plans {
				seen.0 = true;
			} else {
				seen.1 = true;
			}
		}
		assert!(active_era() > first, "the eras changed on time despite the flood");
	});
}
