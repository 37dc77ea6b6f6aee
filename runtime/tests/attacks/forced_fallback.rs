//! The stake-only fallback (issue 18, rule 4) cannot be forced to seat a candidate without
//! devices. The election counts stake alone only when fewer candidates meet the credit rule than
//! staking's `MinimumValidatorCount`; an attacker who runs a validator without device backing
//! (Charlie) and controls the devices of another (Bob's, One and Two) stops those devices'
//! heartbeats, hoping that with fewer backed candidates the election falls back to stake and
//! seats Charlie. Alice's devices go on reporting, Alice meets the rule, the minimum (1) is met:
//! no fallback, Charlie stays out, and Bob loses his seat too.
//!
//! Local testnet: three validators, 20-block eras, hour-long credit periods; Alice is backed by
//! Ferdie and Ferdie//stash, Bob by One and Two, Charlie by nobody.

use crate::common::*;
use metachain_runtime::{CreditDelegation, Runtime, RuntimeEvent};
use sp_keyring::Sr25519Keyring::*;

#[test]
fn stopping_ones_own_devices_does_not_force_the_stake_only_fallback() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let [alice, bob, charlie] = [AliceStash, BobStash, CharlieStash].map(|k| k.to_account_id());
		let honest = [Ferdie, FerdieStash];
		let validators = || pallet_session::Validators::<Runtime>::get();
		run_to_era_alive(2, &[Ferdie, FerdieStash, One, Two]);
		let before = validators();
		assert!(before.contains(&bob) && !before.contains(&charlie));
		// The attacker's devices (One, Two) stop reporting; Bob's backing lapses.
		let mut blocks = 0;
		while CreditDelegation::validator_backing(&bob).2 {
			begin_block();
			keep_alive(&honest);
			end_block();
			blocks += 1;
			assert!(blocks < 5_000, "Bob's backing never lapsed");
		}
		let era = active_era();
		let mut fell_back = 0;
		while active_era() < era + 2 {
			begin_block();
			keep_alive(&honest);
			end_block();
			fell_back += frame_system::Pallet::<Runtime>::events()
				.iter()
				.filter(|r| {
					matches!(
						r.event,
						RuntimeEvent::CreditDelegation(
							pallet_credit_delegation::Event::ElectionFellBackToStake { .. }
						)
					)
				})
				.count();
		}
		let after = validators();
		let seats = |set: &[metachain_runtime::AccountId]| {
			set.iter().filter(|v| **v == bob || **v == charlie).count()
		};
		println!(
			"attacker (Bob's devices stopped, Charlie unbacked): seats {} -> {}, elections \
			 fallen back to stake: {fell_back}",
			seats(&before),
			seats(&after)
		);
		assert_eq!(fell_back, 0, "Alice still meets the credit rule: no fallback");
		assert!(!after.contains(&charlie), "stake alone never seats Charlie");
		assert!(!after.contains(&bob), "Bob lost his backing and his seat");
		assert!(after.contains(&alice));
		assert_eq!(seats(&after), 0);
	});
}
