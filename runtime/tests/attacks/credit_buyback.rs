//! The rest of the whitepaper's §5.2 (issue 16, rule 6), tried by an attacker: buying credit back
//! to collect one's own payment as reward, and sitting offline at the decay floor.

use crate::common::*;
use metachain_runtime::{
	currency::MC, Credit, CreditDelegation, Runtime, RuntimeCall, RuntimeOrigin, System,
};
use sp_keyring::Sr25519Keyring::{self, *};

/// Eve registers in block 2 and delegates to Alice, the development chain's only validator.
fn eve_backs_alice() {
	run_to_block(1);
	begin_block();
	fund(Eve, 1_000_000);
	make_device(Eve);
	let delegate = RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::delegate {
		validator: AliceStash.to_account_id(),
	});
	assert_eq!(apply_signed(Eve, delegate), Ok(()));
	end_block();
}

fn credit(who: Sr25519Keyring) -> u32 {
	Credit::device_info(&who.to_account_id()).map(|d| d.credit).unwrap_or(0)
}

fn pending(who: Sr25519Keyring) -> u128 {
	CreditDelegation::delegation_info(&who.to_account_id()).map_or(0, |d| d.pending_rewards)
}

/// Eve, the only device behind the only validator, works through era 3, misses a few credit
/// periods, buys the lost credit back with `replenish_credit` and works on to the end of era 5.
/// With `keep_income` false, the replenishment income is taken out of the pool's pending income
/// before the era ends (the counterfactual: the same credit, no income to share). Returns Eve's
/// replenishment cost, her device rewards at the end, and the most of the cost that the rules
/// let come back to devices: `CreditRewardShare` of `ReplenishRewardShare` of it.
fn buy_back(keep_income: bool) -> (u128, u128, u128) {
	dev_ext().execute_with(|| {
		eve_backs_alice();
		run_to_era_alive(3, &[Eve]);
		// Four credit periods (20 blocks) without a heartbeat: decay after the grace period.
		run_to_block(System::block_number() + 20);
		let lost = Credit::max_replenishable(&Eve.to_account_id());
		assert!(lost > 0, "Eve lost credit");
		let cost = Credit::replenish_cost(lost);
		begin_block();
		assert_eq!(
			Credit::replenish_credit(RuntimeOrigin::signed(Eve.to_account_id()), lost),
			Ok(())
		);
		keep_alive(&[Eve]);
		if !keep_income {
			pallet_incentive_pool::PendingIncome::<Runtime>::kill();
		}
		end_block();
		run_to_era_alive(5, &[Eve]);
		let credit_rules = pallet_credit::Parameters::<Runtime>::get();
		let delegation_rules = pallet_credit_delegation::Parameters::<Runtime>::get();
		let bound =
			delegation_rules.credit_reward_share * (credit_rules.replenish_reward_share * cost);
		(cost, pending(Eve), bound)
	})
}

#[test]
fn buying_credit_back_returns_at_most_the_devices_part_of_the_pools_share() {
	let (cost, with_income, bound) = buy_back(true);
	let (same_cost, without_income, _) = buy_back(false);
	assert_eq!(cost, same_cost);
	let gain = with_income.saturating_sub(without_income);
	let net = gain as i128 - cost as i128;
	// Of the price, ReplenishRewardShare (20%) reaches the pool; devices get CreditRewardShare
	// (60%) of it, the rest goes to staking; the other 80% is burnt.
	println!(
		"attack: buy credit back to collect it as device reward: paid {} MC, rewards {} MC with \
		 the income vs {} MC without: gain {} MC (bound {} MC), net {} MC",
		cost / MC,
		with_income / MC,
		without_income / MC,
		gain / MC,
		bound / MC,
		net / MC as i128,
	);
	assert!(gain > 0, "the income was shared: the sole backer got part of it");
	assert!(gain <= bound + MC / 1_000, "no more than the devices' part of the pool's share");
	assert!(net <= -((cost - bound) as i128) + (MC / 1_000) as i128, "loses at least 88%");
}

/// A device that stops working sits at `DecayFloor` forever: below the reward threshold, it earns
/// nothing and backs nobody, however long it waits.
#[test]
fn an_offline_device_at_the_decay_floor_earns_nothing() {
	dev_ext().execute_with(|| {
		// The development chain's reward threshold is 60; a floor just below it.
		let threshold = pallet_credit::Parameters::<Runtime>::get().min_reward_credit;
		let floor = threshold - 10;
		// (Set directly: how governance sets it is tested with pallet-chain-parameters.)
		pallet_credit::Parameters::<Runtime>::mutate(|p| p.decay_floor = floor);
		eve_backs_alice();
		run_to_era_alive(3, &[Eve]);
		assert!(credit(Eve) >= threshold);
		// Eve claims what she earned, then goes offline for ten eras.
		assert_eq!(
			CreditDelegation::claim_rewards(
				RuntimeOrigin::signed(Eve.to_account_id()),
				Eve.to_account_id()
			),
			Ok(())
		);
		run_to_era(13);
		let earned = pending(Eve);
		let backing = pallet_credit_delegation::Pallet::<Runtime>::validator_backing(
			&AliceStash.to_account_id(),
		);
		println!(
			"attack: stay registered but offline for 10 eras at the decay floor: credit {} \
			 (floor {floor}, reward threshold {threshold}), earned {} MC, backing Alice {:?}",
			credit(Eve),
			earned / MC,
			backing,
		);
		assert_eq!(credit(Eve), floor);
		assert_eq!(earned, 0);
	});
}
