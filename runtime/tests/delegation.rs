//! Runtime tests of the representative system with the real staking, session and incentive
//! pool: the era reward's device share, devices' rewards by weight, the proof-of-credit
//! election dropping and re-admitting a validator, its fallback to stake when no candidate is
//! backed, and total issuance unchanged by it all.

mod common;

use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{
	currency::TOTAL_SUPPLY, Balances, Credit, CreditDelegation, Runtime, RuntimeEvent,
	RuntimeOrigin, System,
};
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::Perbill;

fn balance(who: &metachain_runtime::AccountId) -> u128 {
	<Balances as Inspect<_>>::balance(who)
}

fn issuance() -> u128 {
	<Balances as Inspect<_>>::total_issuance()
}

fn session_validators() -> Vec<metachain_runtime::AccountId> {
	pallet_session::Validators::<Runtime>::get()
}

/// A device's reward by the pallet's rule, computed here: the validator's share less its
/// commission and two plancks, per planck of backing weight (truncated to 18 decimals), times
/// the device's weight, rounded down.
fn device_reward(rest: u128, credit: u128, backing: u128) -> u128 {
	let unit = 10u128.pow(18);
	let rate = sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
		rest - 2,
		unit,
		backing,
		sp_arithmetic::Rounding::Down,
	)
	.unwrap();
	sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
		credit,
		rate,
		unit,
		sp_arithmetic::Rounding::Down,
	)
	.unwrap()
}

#[test]
fn devices_backing_alice_share_sixty_percent_of_the_era_reward_by_weight() {
	dev_ext().execute_with(|| {
		let alice = AliceStash.to_account_id();
		begin_block();
		for d in [Eve, Ferdie] {
			fund(d, 10_000);
			make_device(d);
			assert!(CreditDelegation::delegate(
				RuntimeOrigin::signed(d.to_account_id()),
				alice.clone()
			)
			.is_ok());
		}
		end_block();
		// Eve earns 20 points of work credit (the testnet's per-period cap) on top.
		assert_eq!(
			<Credit as pallet_credit::CreditSink<_>>::award(&Eve.to_account_id(), 20, *b"service_"),
			Ok(20)
		);
		// Both keep reporting through era 0.
		run_to_era_alive(1, &[Eve, Ferdie]);
		let staking_reward = pallet_staking::ErasValidatorReward::<Runtime>::get(0).unwrap();
		let (device_share, allocated) = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::CreditDelegation(
					pallet_credit_delegation::Event::DeviceRewardsDistributed {
						era: 0,
						device_share,
						allocated,
						..
					},
				) => Some((device_share, allocated)),
				_ => None,
			})
			.expect("era 0 paid its devices");
		// 60% of the era's emission went to devices, 40% to staking.
		let emission = staking_reward + device_share;
		assert_eq!(device_share, Perbill::from_percent(60) * emission);

		// Split by weight (Alice authored every block; no commission).
		let rate = pallet_credit_delegation::EraValidatorRates::<Runtime>::get(0, &alice).unwrap();
		let (e, f) = (
			pallet_credit_delegation::Delegations::<Runtime>::get(Eve.to_account_id()).unwrap(),
			pallet_credit_delegation::Delegations::<Runtime>::get(Ferdie.to_account_id()).unwrap(),
		);
		let backing = e.counted + f.counted;
		assert_eq!(rate.backing, backing);
		let before = (balance(&Eve.to_account_id()), balance(&Ferdie.to_account_id()));
		for d in [Eve, Ferdie] {
			assert!(CreditDelegation::claim_rewards(
				RuntimeOrigin::signed(Bob.to_account_id()),
				d.to_account_id(),
			)
			.is_ok());
		}
		let eve_got = balance(&Eve.to_account_id()) - before.0;
		let ferdie_got = balance(&Ferdie.to_account_id()) - before.1;
		assert_eq!(eve_got, device_reward(device_share, e.counted, backing));
		assert_eq!(ferdie_got, device_reward(device_share, f.counted, backing));
		assert!(eve_got + ferdie_got <= allocated);
		assert_eq!(issuance(), TOTAL_SUPPLY, "rewards move MC, they never mint");
		assert_supply_invariant();
	});
}

#[test]
fn the_election_drops_charlie_without_device_backing_and_readmits_him_once_backed() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let charlie = CharlieStash.to_account_id();
		// Genesis: elected on stake alone.
		run_to_block(1);
		assert!(session_validators().contains(&charlie));
		assert_eq!(CreditDelegation::validator_backing(&charlie), (0, 0, false));
		// The first proof-of-credit election leaves Charlie out.
		run_to_era(2);
		let validators = session_validators();
		assert!(!validators.contains(&charlie), "Charlie has no device backing");
		assert!(validators.contains(&AliceStash.to_account_id()));
		assert!(validators.contains(&BobStash.to_account_id()));

		// Two devices (invited by a genesis device) back Charlie, each weighing its 100 MC
		// deposit (level 0): 200 MC against the local testnet's minimum of 150.
		begin_block();
		for d in [Eve, Dave] {
			assert!(Credit::invite(
				RuntimeOrigin::signed(Ferdie.to_account_id()),
				d.to_account_id()
			)
			.is_ok());
			assert!(Credit::register_device(
				RuntimeOrigin::signed(d.to_account_id()),
				pallet_credit::DeviceKind::SmartGateway
			)
			.is_ok());
			assert!(CreditDelegation::delegate(
				RuntimeOrigin::signed(d.to_account_id()),
				charlie.clone()
			)
			.is_ok());
		}
		end_block();
		// They count for Charlie from the next credit period (an hour on the local testnet), at
		// their first heartbeat in it.
		assert_eq!(CreditDelegation::validator_backing(&charlie), (0, 2, false));
		let next_period = Credit::current_period() + 1;
		while Credit::current_period() < next_period {
			run_to_block(System::block_number() + 1);
		}
		begin_block();
		keep_alive(&[Eve, Dave]);
		end_block();
		let (backing, delegators, electable) = CreditDelegation::validator_backing(&charlie);
		assert_eq!((delegators, electable), (2, true));
		assert_eq!(backing, 2 * metachain_runtime::economy::DEVICE_DEPOSIT);
		let era = active_era();
		run_to_era(era + 2);
		assert!(session_validators().contains(&charlie), "Charlie is backed now");
		assert_eq!(issuance(), TOTAL_SUPPLY);
	});
}

/// Issue 18, rule 4: the chain never stops electing. On the local testnet every validator's
/// backing comes from the four genesis devices; they stop reporting, their weight lapses after
/// two credit periods, and no candidate meets `MinValidatorBacking`. Without a fallback the
/// election would fail (`StakingElectionFailed`), staking would keep the old set and eras,
/// rewards and unbonding would stop; with it, the election counts stake alone
/// (`ElectionFellBackToStake`) and eras go on, with every staked candidate.
#[test]
fn the_election_falls_back_to_stake_when_no_candidate_is_backed() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let stashes = [AliceStash, BobStash, CharlieStash].map(|k| k.to_account_id());
		run_to_block(1);
		// No heartbeat: the genesis devices' weight lapses.
		let mut blocks = 0;
		while stashes.iter().any(|s| CreditDelegation::validator_backing(s).2) {
			produce_block();
			blocks += 1;
			assert!(blocks < 5_000, "the genesis devices' weight never lapsed");
		}
		let era = active_era();
		let (mut fell_back, mut failed) = (0, 0);
		while active_era() < era + 2 {
			produce_block();
			blocks += 1;
			assert!(blocks < 10_000, "eras stopped at {}", active_era());
			for record in System::events() {
				match record.event {
					RuntimeEvent::CreditDelegation(
						pallet_credit_delegation::Event::ElectionFellBackToStake {
							meeting_credit_rule,
							candidates,
							..
						},
					) => {
						assert_eq!((meeting_credit_rule, candidates), (0, 3));
						fell_back += 1;
					}
					RuntimeEvent::Staking(pallet_staking::Event::StakingElectionFailed) => {
						failed += 1
					}
					_ => {}
				}
			}
		}
		let validators = session_validators();
		println!(
			"no candidate backed: eras {era} → {}, elections fallen back to stake: {fell_back}, \
			 failed: {failed}; validators: {}",
			active_era(),
			validators.len()
		);
		assert!(fell_back >= 1);
		assert_eq!(failed, 0);
		for stash in &stashes {
			assert!(validators.contains(stash), "elected by stake alone");
		}
		assert_eq!(issuance(), TOTAL_SUPPLY);
	});
}
