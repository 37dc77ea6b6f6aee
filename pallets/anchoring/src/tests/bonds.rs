//! Relayers' bonds and liveness: only listed relayers bond, a bond is held and cannot move,
//! signs only once old enough, silence and unbonding stop signing, and the bond is released
//! only after the unbonding delay. Each rule with the attack it stops and its cost.

use super::*;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		tokens::Preservation,
	},
};

/// MC held as `who`'s relayer bond.
fn held(who: AccountId) -> u64 {
	Balances::balance_on_hold(&HoldReason::RelayerBond.into(), &who)
}

#[test]
fn only_listed_relayers_bond_at_least_the_minimum_once() {
	new_test_ext().execute_with(|| {
		run_to(1);
		assert_noop!(bond(4, MIN_BOND), Error::<Test>::NotRelayer);
		assert_noop!(bond(1, MIN_BOND - 1), Error::<Test>::BondTooSmall);
		assert_noop!(bond(1, FUNDS + 1), Error::<Test>::InsufficientBalance);
		assert_ok!(bond(1, MIN_BOND));
		assert_eq!(events().last(), Some(&Event::RelayerBonded { relayer: 1, amount: MIN_BOND }));
		assert_eq!(held(1), MIN_BOND);
		assert_noop!(bond(1, MIN_BOND), Error::<Test>::AlreadyBonded);
		assert_eq!(
			Anchoring::relayer_bond(1),
			Some(RelayerBond {
				amount: MIN_BOND,
				since: 1,
				last_seen: 1,
				unbonding_at: None,
				encryption_key: key_of(1)
			})
		);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_bonded_relayer_moves_its_bond_away_and_cannot() {
	new_test_ext().execute_with(|| {
		run_to(1);
		assert_ok!(bond(1, 5 * MIN_BOND));
		// It tries to send all it has, bond included, to an account of its own.
		let before = Balances::balance(&1);
		assert!(
			<Balances as Mutate<_>>::transfer(&1, &9, before, Preservation::Expendable).is_err()
		);
		// What it can move is what is not held.
		let free = Balances::reducible_balance(
			&1,
			Preservation::Expendable,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		assert_ok!(<Balances as Mutate<_>>::transfer(&1, &9, free, Preservation::Expendable));
		let moved_out_of_bond = MIN_BOND * 5 - held(1);
		println!("attacker moved {moved_out_of_bond} MC of its 5,000 MC bond (expected 0)");
		assert_eq!(moved_out_of_bond, 0);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_fresh_bond_signs_at_once_and_is_not_eligible_until_old_enough() {
	new_test_ext().execute_with(|| {
		run_to(1);
		assert_ok!(bond(2, MIN_BOND));
		run_to(3);
		assert_ok!(bond(1, MIN_BOND));
		// A key bought (or borrowed stake) for a moment: bonded now, eligible only
		// `relayer_bond_age` blocks later, however often it shows a sign of life.
		let mut early_blocks_eligible = 0;
		for block in 3..3 + BOND_AGE {
			run_to(block);
			let _ = heartbeat(1);
			let _ = heartbeat(2);
			if Anchoring::eligible_relayers().contains(&1) {
				early_blocks_eligible += 1;
			}
			if block < 1 + BOND_AGE {
				assert!(Anchoring::eligible_relayers().is_empty());
			}
		}
		println!(
			"a fresh bond was eligible in {early_blocks_eligible} of its first {BOND_AGE} blocks"
		);
		assert_eq!(early_blocks_eligible, 0);
		run_to(1 + BOND_AGE);
		assert_eq!(Anchoring::eligible_relayers(), vec![2]);
		run_to(3 + BOND_AGE);
		// Seniority: the older bond first, whatever the order of the list.
		assert_eq!(Anchoring::eligible_relayers(), vec![2, 1]);
		assert_eq!(Anchoring::eligible_signers(), vec![2, 1]);
	});
}

#[test]
fn seniority_breaks_ties_by_account() {
	new_test_ext().execute_with(|| {
		bonded_and_eligible(&[3, 1, 2]);
		assert_eq!(Anchoring::eligible_relayers(), vec![1, 2, 3]);
	});
}

#[test]
fn a_silent_relayer_is_left_out_until_its_next_sign_of_life() {
	new_test_ext().execute_with(|| {
		bonded_and_eligible(&[1, 2]);
		let seen = 1 + BOND_AGE;
		run_to(seen + SILENT_AFTER);
		assert_ok!(heartbeat(1));
		assert_eq!(Anchoring::eligible_relayers(), vec![1, 2]);
		run_to(seen + SILENT_AFTER + 1);
		// Relayer 2 has been silent for more than `silent_after` blocks.
		assert_eq!(Anchoring::eligible_relayers(), vec![1]);
		// An attestation is a sign of life too.
		assert_ok!(attest(2, 0, ETH, eth_ref(1)));
		assert_eq!(Anchoring::eligible_relayers(), vec![1, 2]);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_heartbeat_spam_is_refused_and_pays_its_fee() {
	new_test_ext().execute_with(|| {
		run_to(1);
		assert_ok!(bond(1, MIN_BOND));
		let call = RuntimeCall::Anchoring(crate::Call::heartbeat {});
		let pays = |who| {
			<RuntimeCall as frame_support::dispatch::CheckIfFeeless>::is_feeless(
				&call,
				&RuntimeOrigin::signed(who),
			)
		};
		// A script sends a heartbeat in every block: one in each `liveness_period` is free
		// and accepted, the others are refused and would pay the fee.
		let (mut free, mut accepted) = (0, 0);
		for block in 1..=1 + 3 * LIVENESS {
			run_to(block);
			if pays(1) {
				free += 1;
			}
			if heartbeat(1).is_ok() {
				accepted += 1;
				assert_eq!(events().last(), Some(&Event::RelayerAlive { relayer: 1 }));
			} else {
				assert_noop!(heartbeat(1), Error::<Test>::TooEarly);
			}
		}
		println!(
			"heartbeats sent {}, free {free}, accepted {accepted} (expected 3 and 3)",
			1 + 3 * LIVENESS
		);
		assert_eq!((free, accepted), (3, 3));
		// Not bonded: not free either.
		assert!(!pays(2));
		assert_noop!(heartbeat(2), Error::<Test>::NotBonded);
		assert_eq!(call.get_dispatch_info().pays_fee, Pays::Yes);
	});
}

#[test]
fn attack_unbond_and_withdraw_at_once_to_escape_a_late_fault() {
	new_test_ext().execute_with(|| {
		bonded_and_eligible(&[1]);
		assert_eq!(Anchoring::eligible_relayers(), vec![1]);
		let unbond_at = System::block_number();
		assert_noop!(
			Anchoring::withdraw_bond(RuntimeOrigin::signed(1)),
			Error::<Test>::NotUnbonding
		);
		assert_ok!(Anchoring::unbond_relayer(RuntimeOrigin::signed(1)));
		assert_eq!(
			events().last(),
			Some(&Event::RelayerUnbonding {
				relayer: 1,
				withdrawable_at: unbond_at + UNBOND_DELAY
			})
		);
		// It signs no more, at once; no heartbeat brings it back.
		assert!(Anchoring::eligible_relayers().is_empty());
		assert_noop!(heartbeat(1), Error::<Test>::Unbonding);
		assert_noop!(Anchoring::unbond_relayer(RuntimeOrigin::signed(1)), Error::<Test>::Unbonding);
		// Its bond stays held through the delay.
		run_to(unbond_at + UNBOND_DELAY - 1);
		assert_noop!(Anchoring::withdraw_bond(RuntimeOrigin::signed(1)), Error::<Test>::TooEarly);
		assert_eq!(held(1), MIN_BOND);
		let released_early = MIN_BOND - held(1);
		println!("MC released before the unbonding delay: {released_early} (expected 0)");
		run_to(unbond_at + UNBOND_DELAY);
		let before = Balances::balance(&1);
		assert_ok!(Anchoring::withdraw_bond(RuntimeOrigin::signed(1)));
		assert_eq!(
			events().last(),
			Some(&Event::RelayerBondWithdrawn { relayer: 1, amount: MIN_BOND })
		);
		assert_eq!(Balances::balance(&1), before + MIN_BOND);
		assert_eq!(held(1), 0);
		assert_eq!(Anchoring::relayer_bond(1), None);
		assert_noop!(Anchoring::withdraw_bond(RuntimeOrigin::signed(1)), Error::<Test>::NotBonded);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn a_relayer_removed_from_the_list_keeps_its_bond_but_does_not_sign() {
	new_test_ext().execute_with(|| {
		bonded_and_eligible(&[1, 2]);
		assert_eq!(Anchoring::eligible_relayers(), vec![1, 2]);
		assert_ok!(Anchoring::set_relayers(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			vec![2, 3].try_into().unwrap(),
			1
		));
		assert_eq!(Anchoring::eligible_relayers(), vec![2]);
		assert_eq!(held(1), MIN_BOND);
		assert_ok!(Anchoring::unbond_relayer(RuntimeOrigin::signed(1)));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn bonds_are_bounded_at_twice_the_relayers() {
	ext((1..=MAX_RELAYERS as u64).collect(), Some(1), vec![ETH]).execute_with(|| {
		run_to(1);
		for who in 1..=MAX_RELAYERS as u64 {
			assert_ok!(bond(who, MIN_BOND));
		}
		// Governance replaces every relayer; the old ones keep their bonds while they unbond.
		let fresh: Vec<AccountId> = (1..=MAX_RELAYERS as u64).map(|i| 100 + i).collect();
		for who in &fresh {
			let _ = Balances::mint_into(who, FUNDS);
		}
		assert_ok!(Anchoring::set_relayers(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			fresh.clone().try_into().unwrap(),
			1
		));
		for who in &fresh {
			assert_ok!(bond(*who, MIN_BOND));
		}
		assert_eq!(RelayerBonds::<Test>::count(), 2 * MAX_RELAYERS);
		// Another replacement: the new ones cannot bond until old bonds are withdrawn.
		assert_ok!(Anchoring::set_relayers(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			vec![9].try_into().unwrap(),
			1
		));
		assert_noop!(bond(9, MIN_BOND), Error::<Test>::TooManyBonds);
		assert_ok!(Anchoring::unbond_relayer(RuntimeOrigin::signed(1)));
		run_to(1 + UNBOND_DELAY);
		assert_ok!(Anchoring::withdraw_bond(RuntimeOrigin::signed(1)));
		assert_ok!(bond(9, MIN_BOND));
		assert_ok!(Anchoring::do_try_state());
	});
}
