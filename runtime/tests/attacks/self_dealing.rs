//! Work that pays only what others paid (issue 16, rule 3), tried by an attacker: a buyer who
//! pays its own device for made-up work, alone on a day and beside honest work; credit bought
//! through such receipts; and the strongest origin raising the daily workload reward to the
//! whole pool.

use crate::common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{
	configs::RuntimeParameter, currency::MC, Balances, Credit, IncentivePool, Musd, PriceOracle,
	Runtime, RuntimeCall, RuntimeOrigin, System, Workload,
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{FixedU128, Perbill};

/// Everything `who` owns in MC: free, held (a device's deposit) and reserved.
fn owned(who: Sr25519Keyring) -> u128 {
	<Balances as Inspect<_>>::total_balance(&who.to_account_id())
}

fn credit(who: Sr25519Keyring) -> u32 {
	Credit::device_info(&who.to_account_id()).map(|d| d.credit).unwrap_or(0)
}

/// In block 2 (left open): Alice and Bob feed a price of 0.055 USD/MC, `buyers` get 100,000 MC each and
/// `devices` become devices (DVPN clients) with 10,000 MC.
fn market(buyers: &[Sr25519Keyring], devices: &[Sr25519Keyring]) {
	run_to_block(1);
	begin_block();
	for feeder in [Alice, Bob] {
		PriceOracle::submit_price(
			RuntimeOrigin::signed(feeder.to_account_id()),
			FixedU128::from_rational(55, 1000),
		)
		.expect("a genesis feeder submits");
	}
	for b in buyers {
		fund(*b, 100_000);
	}
	for d in devices {
		fund(*d, 10_000);
		make_device(*d);
	}
}

/// `buyer` burns `mc` MC into MUSD, buys DVPN traffic with all of it and signs `provider` a
/// receipt for all of it, which `provider` redeems: each step a signed transaction in this
/// block. Returns the MC burnt.
fn pay_for_work(buyer: Sr25519Keyring, provider: Sr25519Keyring, mc: u128) -> u128 {
	let order = pallet_musd::NextOrderId::<Runtime>::get();
	let mint = pallet_musd::Call::mint_musd { mc_amount: mc * MC, min_musd_out: 0 };
	assert_eq!(apply_signed(buyer, RuntimeCall::Musd(mint)), Ok(()));
	let musd = Musd::balance(&buyer.to_account_id());
	let buy = pallet_musd::Call::buy_service { service: 1, amount: musd };
	assert_eq!(apply_signed(buyer, RuntimeCall::Musd(buy)), Ok(()));
	let receipt =
		pallet_musd::Receipt { order, provider: provider.to_account_id(), cumulative: musd };
	let genesis = System::block_hash(0);
	let signature: sp_runtime::MultiSignature =
		buyer.sign(&pallet_musd::receipt_payload(&genesis, &receipt)).into();
	let redeem = pallet_musd::Call::redeem_receipt { receipt, signature };
	assert_eq!(apply_signed(provider, RuntimeCall::Musd(redeem)), Ok(()));
	mc * MC
}

/// Run to the end of the current settlement day and claim `provider`'s reward for it in the
/// next block; returns the reward.
fn settle_and_claim(provider: Sr25519Keyring) -> u128 {
	let day = Workload::current_day();
	let length = pallet_workload::Parameters::<Runtime>::get().settlement_period;
	end_block();
	run_to_block((day + 1) * length + 1);
	begin_block();
	let before = owned(provider);
	let claim = pallet_workload::Call::claim {
		provider: provider.to_account_id(),
		days: vec![day].try_into().expect("one day"),
	};
	assert_eq!(apply_signed(provider, RuntimeCall::Workload(claim)), Ok(()));
	end_block();
	// The claim's fee is the pair's cost too; the reward is what the claim paid.
	owned(provider) + fee_of_last_claim() - before
}

/// The fee the last claim paid (from its `TransactionFeePaid` event).
fn fee_of_last_claim() -> u128 {
	System::events()
		.iter()
		.rev()
		.find_map(|r| match &r.event {
			metachain_runtime::RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(*actual_fee),
			_ => None,
		})
		.expect("the claim paid a fee")
}

/// The development chain's `WorkRewardRatio`.
fn ratio() -> Perbill {
	dev_ext().execute_with(|| pallet_workload::Parameters::<Runtime>::get().work_reward_ratio)
}

/// Eve buys from her own device Ferdie with `burn` MC; with `honest`, Dave also pays Charlie
/// 20,000 MC of real work the same day. Returns (MC burnt, the pair's net MC, Ferdie's credit
/// gain).
fn self_dealing(burn: u128, honest: bool) -> (u128, i128, u32) {
	dev_ext().execute_with(|| {
		market(&[Eve, Dave], &[Ferdie, Charlie]);
		end_block();
		begin_block();
		let start = owned(Eve) + owned(Ferdie);
		let credit_before = credit(Ferdie);
		let burnt = pay_for_work(Eve, Ferdie, burn);
		if honest {
			pay_for_work(Dave, Charlie, 20_000);
		}
		settle_and_claim(Ferdie);
		let net = (owned(Eve) + owned(Ferdie)) as i128 - start as i128;
		assert_supply_invariant();
		(burnt, net, credit(Ferdie) - credit_before)
	})
}

#[test]
fn self_dealt_work_loses_at_least_the_share_the_ratio_keeps() {
	// 1,500 MC: its 55 MUSD a point of work would earn 82 points; pallet-credit gives at most
	// 20 a period, which use 1,000 MC of the cost, and the other 500 MC earn MC.
	for honest in [false, true] {
		let (burnt, net, _) = self_dealing(1_500, honest);
		let bound = -(((Perbill::one() - ratio()) * burnt) as i128);
		println!(
			"attack: self-dealing buyer/provider{}: burnt {} MC, net {:.3} MC (bound {} MC)",
			if honest { " beside honest work" } else { " alone on a day" },
			burnt / MC,
			net as f64 / MC as f64,
			bound / MC as i128,
		);
		assert!(net <= bound, "net {net} above the bound {bound}");
	}
}

#[test]
fn work_credit_bought_through_self_dealt_receipts_costs_at_least_the_credit_price() {
	let (_, net, points) = self_dealing(1_000, false);
	let price = dev_ext().execute_with(|| pallet_credit::Parameters::<Runtime>::get().credit_price);
	assert!(points > 0, "the receipts bought some credit");
	let per_point = (-net) as u128 / points as u128;
	println!(
		"attack: work credit through self-dealt receipts: {points} points for a net {:.3} MC, \
		 {:.3} MC a point (replenish_credit: {} MC)",
		-net as f64 / MC as f64,
		per_point as f64 / MC as f64,
		price / MC
	);
	assert!(per_point >= price);
}

#[test]
fn the_strongest_origin_cannot_drain_the_pool_through_the_daily_workload_reward() {
	dev_ext().execute_with(|| {
		market(&[Eve], &[Ferdie]);
		// Root (stronger than any committee) sets the daily reward to the whole pool.
		let whole = IncentivePool::pool_balance();
		let set = RuntimeCall::Parameters(pallet_chain_parameters::Call::set_parameter {
			parameter: RuntimeParameter::Workload(
				pallet_workload::WorkloadParameter::DailyWorkloadReward(whole),
			),
		});
		use sp_runtime::traits::Dispatchable;
		assert!(set.dispatch(RuntimeOrigin::root()).is_ok());
		end_block();
		begin_block();
		// A day whose work cost 100,000 MC: far more than the pool may spare for one day.
		pay_for_work(Eve, Ferdie, 90_000);
		let day = Workload::current_day();
		settle_and_claim(Ferdie);
		let budget = pallet_workload::Days::<Runtime>::get(day).expect("settled").budget;
		let length = pallet_workload::Parameters::<Runtime>::get().settlement_period;
		let millis = length as u64 * metachain_runtime::time::MILLI_SECS_PER_BLOCK;
		let spare = metachain_runtime::configs::MaxAnnualEmission::get()
			- pallet_incentive_pool::Parameters::<Runtime>::get().annual_emission;
		let cap = IncentivePool::emission_over(spare, millis);
		println!(
			"attack: daily workload reward raised to the whole pool ({} MC): the day took {} MC, \
			 the spare emission of a {length}-block day is {} MC",
			whole / MC,
			budget / MC,
			cap / MC
		);
		assert!(budget <= cap + cap / 1_000, "the budget {budget} is above the cap {cap}");
	})
}
