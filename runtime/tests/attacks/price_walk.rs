//! The MUSD price cannot be walked: feeders holding the median who submit `+max_price_step` in
//! every block move the recorded price at most `max_price_step` per `step_period`.

use crate::common::*;
use metachain_runtime::{Executive, PriceOracle, Runtime, RuntimeCall, System};
use pallet_price_oracle::{step_bounds, LastPrice};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{One, Saturating},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	FixedU128,
};

/// `who` submits `price` in a signed transaction of the current block; false if the block has
/// no room for it (the session-boundary blocks of the development chain are full: issue 18).
fn submit(who: Sr25519Keyring, price: FixedU128) -> bool {
	let call = RuntimeCall::PriceOracle(pallet_price_oracle::Call::submit_price { price });
	match Executive::apply_extrinsic(signed(who, call, 0)) {
		Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => false,
		applied => {
			applied.expect("the transaction is valid").expect("a feeder's submission dispatches");
			true
		}
	}
}

fn recorded() -> FixedU128 {
	LastPrice::<Runtime>::get().expect("a price was recorded").price
}

/// Two of the development chain's three feeders (Alice and Bob, the median's majority) bid
/// `max_price_step` above the recorded price, each of them in every block, for two hours; the
/// honest feeder (Charlie) keeps to the starting price. Under the old rule, which re-recorded
/// the price at each submission, 2 × 1,200 submissions allowed `(1 + step)^2400`.
#[test]
fn feeders_bidding_every_block_move_the_price_one_step_per_hour() {
	dev_ext().execute_with(|| {
		let params = pallet_price_oracle::Parameters::<Runtime>::get();
		let period = params.step_period;
		let step = params.max_price_step;
		let start = FixedU128::from_rational(5, 100);

		run_to_block(2);
		begin_block();
		for feeder in [Alice, Bob, Charlie] {
			assert!(submit(feeder, start));
		}
		end_block();
		assert_eq!(recorded(), start);

		let hours = 2u32;
		let mut history = vec![(System::block_number(), start)];
		let mut submissions = 0u32;
		for _ in 0..hours * period {
			begin_block();
			submit(Charlie, start);
			for attacker in [Alice, Bob] {
				submissions += submit(attacker, step_bounds(recorded(), step).1) as u32;
			}
			end_block();
			history.push((System::block_number(), recorded()));
		}

		// No two prices recorded less than `step_period` apart differ by more than the step.
		for (i, &(t1, p1)) in history.iter().enumerate() {
			for &(t2, p2) in history[i + 1..].iter().take_while(|(t2, _)| t2 - t1 < period) {
				let (floor, ceiling) = step_bounds(p1, step);
				assert!(floor <= p2 && p2 <= ceiling, "{p1:?} at {t1} to {p2:?} at {t2}");
			}
		}
		// Over `hours` periods the price climbs at most one step per period entered.
		let one_step = FixedU128::one().saturating_add(FixedU128::from_perbill(step));
		let mut bound = start;
		for _ in 0..=hours {
			bound = bound.saturating_mul(one_step);
		}
		let end = PriceOracle::price().expect("a fresh price").price;
		println!(
			"attack: oracle walk by 2 of 3 feeders, {submissions} submissions in {hours} hours: \
			 0.05 -> {:.5} USD/MC (+{:.1}%; bound {:.5}; the per-submission rule allowed \
			 1.1^{submissions})",
			end.to_float(),
			(end.to_float() / start.to_float() - 1.0) * 100.0,
			bound.to_float(),
		);
		assert!(submissions > hours * period, "the attackers got their bids in");
		assert!(end <= bound, "{end:?} above {bound:?}");
		assert!(end > start, "the majority may still move the price, one step per period");
	});
}
