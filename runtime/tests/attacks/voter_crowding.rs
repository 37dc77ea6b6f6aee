//! Crowding honest nominators out of the election (issue 18: `MAX_STAKING_VOTERS` fell from
//! 10,000 to 7,500 when the database weights were measured). An election reads at most
//! `MAX_STAKING_VOTERS` of staking's voters, the best-staked through the bags list; an attacker
//! who floods staking with nominators hopes to push honest ones out of that set, so that only
//! his votes count. Minimum-bond nominators displace nobody: the list keeps the best-staked.
//! Displacing honest voters takes out-staking each of them, MC bonded and at risk for the
//! bonding duration: he gains exactly the voting weight his stake would buy anyway.
//!
//! Development chain: Alice's stash validates; 7,499 honest nominators bond 200 MC each (with
//! Alice's own vote the voter set is full).

use crate::common::*;
use frame_election_provider_support::ElectionDataProvider;
use metachain_runtime::{
	configs::{ElectionBoundsOnChain, MAX_STAKING_VOTERS},
	currency::MC,
	AccountId, RuntimeCall, RuntimeOrigin, Staking,
};
use sp_runtime::traits::Dispatchable;
use std::collections::BTreeSet;

fn account(tag: &[u8], i: u32) -> AccountId {
	use codec::Encode;
	AccountId::from(sp_io::hashing::blake2_256(&(tag, i).encode()))
}

/// `who` gets `bond` + 10 MC from Alice, bonds `bond` and nominates Alice's stash.
fn nominator(who: &AccountId, bond: u128) {
	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
	let stash = sp_keyring::Sr25519Keyring::AliceStash.to_account_id();
	let calls = [
		(
			alice,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: who.clone().into(),
				value: bond + 10 * MC,
			}),
		),
		(
			who.clone(),
			RuntimeCall::Staking(pallet_staking::Call::bond {
				value: bond,
				payee: pallet_staking::RewardDestination::Stash,
			}),
		),
		(
			who.clone(),
			RuntimeCall::Staking(pallet_staking::Call::nominate { targets: vec![stash.into()] }),
		),
	];
	for (origin, call) in calls {
		call.clone()
			.dispatch(RuntimeOrigin::signed(origin))
			.unwrap_or_else(|e| panic!("{call:?}: {e:?}"));
	}
}

/// The voters the next election reads.
fn electing() -> BTreeSet<AccountId> {
	let bounds = ElectionBoundsOnChain::get().voters;
	<Staking as ElectionDataProvider>::electing_voters(bounds, 0)
		.expect("voters within bounds")
		.into_iter()
		.map(|(who, _, _)| who)
		.collect()
}

#[test]
fn flooding_staking_with_nominators_displaces_only_what_it_out_stakes() {
	dev_ext().execute_with(|| {
		produce_block();
		let honest: Vec<_> = (0..MAX_STAKING_VOTERS - 1).map(|i| account(b"honest", i)).collect();
		for who in &honest {
			nominator(who, 200 * MC);
		}
		assert_eq!(electing().len() as u32, MAX_STAKING_VOTERS, "the voter set is full");

		// 1,000 nominators at the minimum bond: none gets in, no honest voter is pushed out.
		let spam: Vec<_> = (0..1_000).map(|i| account(b"spam", i)).collect();
		for who in &spam {
			nominator(who, metachain_runtime::economy::MIN_NOMINATOR_BOND);
		}
		let voters = electing();
		let spam_in = spam.iter().filter(|s| voters.contains(*s)).count();
		let honest_out = honest.iter().filter(|h| !voters.contains(*h)).count();
		println!(
			"attacker: 1,000 nominators bonding {} MC each: {spam_in} in the election, {honest_out} honest voters displaced",
			metachain_runtime::economy::MIN_NOMINATOR_BOND / MC
		);
		assert_eq!((spam_in, honest_out), (0, 0));

		// Out-staking: 100 nominators at 400 MC each displace 100 honest voters of 200 MC.
		let whales: Vec<_> = (0..100).map(|i| account(b"whale", i)).collect();
		for who in &whales {
			nominator(who, 400 * MC);
		}
		let voters = electing();
		let whales_in = whales.iter().filter(|w| voters.contains(*w)).count();
		let displaced: Vec<_> = honest.iter().filter(|h| !voters.contains(*h)).collect();
		let attacker_bond = 100 * 400 + 1_000 * (metachain_runtime::economy::MIN_NOMINATOR_BOND / MC);
		println!(
			"attacker: 100 more at 400 MC: {whales_in} in, {} honest voters (200 MC each, {} MC) displaced; the attacker keeps {attacker_bond} MC bonded for the bonding duration, and his {whales_in} voters weigh {} MC",
			displaced.len(),
			displaced.len() as u128 * 200,
			whales_in as u128 * 400,
		);
		assert_eq!(whales_in, 100);
		assert_eq!(displaced.len(), 100, "one honest voter out for each that out-stakes it");
		// The election's weight moved only by the stake the attacker actually bonded: his voters
		// outweigh those they displaced by their own stake, nothing more.
		let displaced_stake: u128 = displaced.iter().map(|h| Staking::ledger(sp_staking::StakingAccount::Stash((*h).clone())).map(|l| l.active).unwrap_or(0)).sum();
		let whale_stake: u128 = whales.iter().map(|w| Staking::ledger(sp_staking::StakingAccount::Stash(w.clone())).map(|l| l.active).unwrap_or(0)).sum();
		assert!(whale_stake >= displaced_stake, "displacing costs at least the displaced stake");
	});
}
