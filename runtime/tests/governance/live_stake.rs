//! Issue 17, rule 1: referenda are measured against real, live stake. A decision's electorate
//! is the last complete count of the staking ledgers, and each vote weighs no more than its
//! voter's stake in that same count: MC bonded after the count, or unbonded before it and
//! rebonded after, gains nothing. Each attack runs through real blocks of the local testnet
//! (three validators with 1,000,000 MC bonded each) and prints the attacker's result.

use super::*;
use pallet_governance::{CountedStake, Electorate};

/// Runs `who`'s staking call in a new block.
fn staking(who: Sr25519Keyring, call: pallet_staking::Call<Runtime>) {
	exec(who, RuntimeCall::Staking(call)).expect("staking call");
}

/// Produces blocks until `done` holds (at most `limit` blocks).
fn run_until(limit: u32, done: impl Fn() -> bool) {
	for _ in 0..limit {
		if done() {
			return;
		}
		produce_block();
	}
	assert!(done(), "not reached within {limit} blocks");
}

/// `who` submits a general referendum (a remark) with the shortest voting period.
fn submit_remark(who: Sr25519Keyring) -> pallet_governance::ReferendumIndex {
	submit(
		who,
		RuntimeCall::System(frame_system::Call::remark_with_event { remark: b"captured".to_vec() }),
	)
}

/// Runs until referendum `index` ends; its outcome.
fn outcome(index: u32) -> Outcome {
	run_until(200, || pallet_governance::EndedReferenda::<Runtime>::contains_key(index));
	pallet_governance::EndedReferenda::<Runtime>::get(index).expect("ended").outcome
}

/// Attack: Dave (4% of the supply, liquid) waits for a referendum to be decided, then bonds
/// 10,000,000 MC (more than three times the 3,000,000 MC electorate) and votes aye. Refused:
/// his MC was not counted; the referendum is rejected.
#[test]
fn mc_bonded_after_the_count_cannot_pass_a_referendum() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let electorate = Electorate::<Runtime>::get().total;
		assert_eq!(electorate, 3_000_000 * MC);
		let index = submit_remark(AliceStash);
		staking(
			Dave,
			pallet_staking::Call::bond {
				value: 10_000_000 * MC,
				payee: pallet_staking::RewardDestination::Staked,
			},
		);
		assert_eq!(stake_of(Dave), 10_000_000 * MC);
		assert_eq!(
			vote_aye(Dave, index),
			Err(pallet_governance::Error::<Runtime>::NotCounted.into())
		);
		let result = outcome(index);
		println!(
			"fresh bond: Dave bonded {} MC after the count of {} MC; vote weight 0; referendum {:?}",
			stake_of(Dave) / MC,
			electorate / MC,
			result
		);
		assert_eq!(result, Outcome::Rejected);
	});
}

/// Attack: Dave bonds 2,000,000 MC (2 of 5 million: short of a majority), unbonds it all just
/// before a recount, so that the count sees only the validators' 3,000,000, and rebonds it as
/// soon as the count is done, hoping for 2 of 3 million. His stake in the count his referendum
/// is measured against is nothing, so his vote is refused, and the referendum he proposed is
/// rejected: he loses its deposit.
#[test]
fn unbonding_before_a_recount_and_rebonding_after_gains_nothing() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let amount = 2_000_000 * MC;
		staking(
			Dave,
			pallet_staking::Call::bond {
				value: amount,
				payee: pallet_staking::RewardDestination::Staked,
			},
		);
		run_until(300, || Electorate::<Runtime>::get().total == 5_000_000 * MC);
		staking(Dave, pallet_staking::Call::unbond { value: amount });
		run_until(300, || Electorate::<Runtime>::get().total == 3_000_000 * MC);
		let count = Electorate::<Runtime>::get().id;
		assert_eq!(CountedStake::<Runtime>::get(count, Dave.to_account_id()), None);
		staking(Dave, pallet_staking::Call::rebond { value: amount });
		assert_eq!(stake_of(Dave), amount);

		let free_before = Balances::balance(&Dave.to_account_id());
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		let index = submit_remark(Dave);
		assert_eq!(
			vote_aye(Dave, index),
			Err(pallet_governance::Error::<Runtime>::NotCounted.into())
		);
		let result = outcome(index);
		let lost = free_before - Balances::balance(&Dave.to_account_id());
		println!(
			"unbond/rebond around a recount: Dave's {} MC weigh 0 of an electorate of {} MC; \
			 referendum {:?}; Dave's net: -{} MC (his deposit)",
			amount / MC,
			Electorate::<Runtime>::get().total / MC,
			result,
			lost as f64 / MC as f64
		);
		assert_eq!(result, Outcome::Rejected);
		let deposit = pallet_governance::Parameters::<Runtime>::get().submission_deposit;
		assert!(lost >= deposit);
		assert!(Balances::balance(&TreasuryAccount::get()) >= treasury_before + deposit);
	});
}

/// Counted stakers vote as they were counted: Alice's and Bob's stashes (2 of the 3 million
/// counted) pass a referendum, with a tally of exactly their counted stake.
#[test]
fn counted_stakers_vote_their_counted_stake() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let index = submit_remark(AliceStash);
		vote_aye(AliceStash, index).expect("counted");
		vote_aye(BobStash, index).expect("counted");
		assert_eq!(outcome(index), Outcome::Approved);
		let ended = pallet_governance::EndedReferenda::<Runtime>::get(index).expect("ended");
		assert_eq!(ended.tally.ayes, stake_of(AliceStash) + stake_of(BobStash));
		assert!(ended.tally.ayes <= Electorate::<Runtime>::get().total);
	});
}
