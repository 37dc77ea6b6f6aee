//! Timing games with delegation (issue 16, rule 5): a device counts for its validator only from
//! the first credit period that starts after it delegated, and leaving and coming back waits
//! out the cooldown that binds `redelegate`.

use crate::common::*;
use metachain_runtime::{CreditDelegation, Runtime, RuntimeCall, System};
use pallet_credit_delegation::{Delegations, EraValidatorRates, Error, RejoinAt};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::DispatchError;

fn delegate_call() -> RuntimeCall {
	RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::delegate {
		validator: AliceStash.to_account_id(),
	})
}

fn undelegate_call() -> RuntimeCall {
	RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::undelegate {})
}

/// Eve and Ferdie register in block 2 (block 1 is full) with the same credit; Eve delegates to
/// Alice at once.
fn two_devices() {
	run_to_block(1);
	begin_block();
	for d in [Eve, Ferdie] {
		fund(d, 10_000);
		make_device(d);
	}
	assert_eq!(apply_signed(Eve, delegate_call()), Ok(()));
	end_block();
}

/// The first block of `era` on the development chain (found by producing the chain once).
fn first_block_of(era: u32) -> u32 {
	dev_ext().execute_with(|| {
		two_devices();
		run_to_era_alive(era, &[Eve, Ferdie]);
		System::block_number()
	})
}

fn counted(who: Sr25519Keyring) -> u128 {
	Delegations::<Runtime>::get(who.to_account_id()).map_or(0, |d| d.counted)
}

/// Ferdie waits for the last block of era 1 to delegate, hoping for a share of the era that
/// Eve backed from its start. The era's device reward is split when era 2 starts, in the next
/// block: Ferdie does not count before the next credit period, so it gets nothing, and Eve's
/// share is the whole of Alice's.
#[test]
fn delegating_in_the_last_block_of_an_era_earns_nothing_of_it() {
	let era_two = first_block_of(2);
	dev_ext().execute_with(|| {
		two_devices();
		while System::block_number() < era_two - 2 {
			begin_block();
			keep_alive(&[Eve, Ferdie]);
			end_block();
		}
		// The last block of era 1.
		begin_block();
		assert_eq!(active_era(), 1);
		keep_alive(&[Eve, Ferdie]);
		assert_eq!(apply_signed(Ferdie, delegate_call()), Ok(()));
		end_block();
		// Era 2 starts, era 1's device reward is split.
		begin_block();
		assert_eq!(active_era(), 2);
		end_block();

		let rate = EraValidatorRates::<Runtime>::get(1, AliceStash.to_account_id())
			.expect("era 1 rewarded Alice's devices");
		let ferdie = CreditDelegation::delegation_info(&Ferdie.to_account_id()).unwrap();
		let eve = CreditDelegation::delegation_info(&Eve.to_account_id()).unwrap();
		let ferdie_weight =
			<metachain_runtime::Credit as pallet_credit::CreditInspect<_>>::snapshot(
				&Ferdie.to_account_id(),
			)
			.map(|s| s.weight)
			.unwrap();
		// What Ferdie would have taken had it counted at once, as the old rule let it.
		let would_have = eve.pending_rewards * ferdie_weight / (counted(Eve) + ferdie_weight);
		println!(
			"attack: delegate in the last block of era 1: Ferdie's share of era 1 = {} MC \
			 (Eve, delegated all era: {} MC; counting at once would have given Ferdie {} MC)",
			ferdie.pending_rewards / metachain_runtime::currency::MC,
			eve.pending_rewards / metachain_runtime::currency::MC,
			would_have / metachain_runtime::currency::MC,
		);
		assert_eq!(ferdie.pending_rewards, 0);
		assert!(!ferdie.active);
		assert_eq!(rate.backing, counted(Eve), "Eve alone backed Alice in era 1");
		assert!(eve.pending_rewards > 0);
		assert!(would_have > 0);
	});
}

/// Eve, delegated in block 2, tries to reset its delegation's clock (or to move without
/// `redelegate`'s cooldown) with `undelegate` + `delegate` in one transaction.
#[test]
fn undelegate_and_delegate_in_one_batch_is_refused_by_the_cooldown() {
	dev_ext().execute_with(|| {
		two_devices();
		let cooldown = pallet_credit_delegation::Parameters::<Runtime>::get().redelegate_cooldown;
		let since = Delegations::<Runtime>::get(Eve.to_account_id()).unwrap().since;
		let rejoin = since + cooldown;
		begin_block();
		let now = System::block_number();
		assert!(now < rejoin);
		let both = vec![undelegate_call(), delegate_call()];
		let refused = apply_signed(
			Eve,
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: both.clone() }),
		);
		assert_eq!(
			refused.map_err(|e| e.stripped()),
			Err(DispatchError::from(Error::<Runtime>::RedelegateCooldown))
		);
		assert!(Delegations::<Runtime>::contains_key(Eve.to_account_id()), "nothing changed");
		// `batch` (not atomic) runs the undelegation and stops at the delegation: Eve is out
		// until the cooldown has passed since its delegation.
		assert_eq!(
			apply_signed(Eve, RuntimeCall::Utility(pallet_utility::Call::batch { calls: both })),
			Ok(())
		);
		assert!(!Delegations::<Runtime>::contains_key(Eve.to_account_id()));
		assert_eq!(RejoinAt::<Runtime>::get(Eve.to_account_id()), Some(rejoin));
		end_block();
		println!(
			"attack: undelegate + delegate in one batch at block {now}: refused \
			 (RedelegateCooldown); Eve may delegate again from block {rejoin} (cooldown \
			 {cooldown} blocks from its delegation in block {since})"
		);
		// (Blocks 11, 21, … are full on the development chain: the calls are dispatched
		// directly here.)
		let delegate = || {
			CreditDelegation::delegate(
				metachain_runtime::RuntimeOrigin::signed(Eve.to_account_id()),
				AliceStash.to_account_id(),
			)
		};
		run_to_block(rejoin - 1);
		assert_eq!(
			delegate().map_err(|e| e.stripped()),
			Err(DispatchError::from(Error::<Runtime>::RedelegateCooldown))
		);
		run_to_block(rejoin);
		assert_eq!(delegate(), Ok(()));
		assert_eq!(RejoinAt::<Runtime>::get(Eve.to_account_id()), None);
	});
}
