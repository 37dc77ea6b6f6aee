//! Runtime tests of the MC economy: the genesis supply and its shares, era rewards paid from
//! the incentive pool without new issuance, fees to the treasury, the treasury's monthly burn.

mod common;

use common::*;
use frame_support::traits::{fungible::Inspect, Hooks};
use metachain_runtime::{
	configs::{SpendPeriod, TreasuryAccount},
	currency::*,
	genesis_config_presets::{allocation, VALIDATOR_BOND, VALIDATOR_FREE},
	Balances, CreditDelegation, IncentivePool, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	Staking, System, Treasury,
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{traits::Get, Permill};

fn balance(who: &metachain_runtime::AccountId) -> u128 {
	// Free and held (bonded) balance together.
	<Balances as Inspect<_>>::total_balance(who)
}

fn issuance() -> u128 {
	<Balances as Inspect<_>>::total_issuance()
}

/// The incentive pool with the three pots it funds (staking's, devices' and the workload budgets).
fn pool_total() -> u128 {
	balance(&IncentivePool::account_id())
		+ balance(&IncentivePool::pot_account())
		+ balance(&CreditDelegation::pot_account())
		+ balance(&metachain_runtime::Workload::pot_account())
}

/// What the genesis devices hold (funded out of the private sale).
fn genesis_devices_total() -> u128 {
	pallet_credit::Devices::<Runtime>::iter_keys().map(|d| balance(&d)).sum()
}

#[test]
fn every_preset_creates_exactly_ten_billion_mc_in_the_whitepaper_shares() {
	let presets: [(&str, &[Sr25519Keyring]); 3] = [
		(sp_genesis_builder::DEV_RUNTIME_PRESET, &[AliceStash]),
		(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, &[AliceStash, BobStash, CharlieStash]),
		("testnet", &[AliceStash, BobStash, CharlieStash, DaveStash]),
	];
	for (preset, stashes) in presets {
		new_ext(preset).execute_with(|| {
			assert_eq!(issuance(), TOTAL_SUPPLY, "{preset}: total issuance");
			assert_eq!(TOTAL_SUPPLY, 10_000_000_000 * MC);

			assert_eq!(pool_total(), allocation::INCENTIVE_POOL, "{preset}: incentive pool");
			assert_eq!(allocation::INCENTIVE_POOL, TOTAL_SUPPLY / 10 * 6);

			let stash_sum: u128 = stashes.iter().map(|s| balance(&s.to_account_id())).sum();
			assert_eq!(stash_sum, stashes.len() as u128 * (VALIDATOR_BOND + VALIDATOR_FREE));
			assert_eq!(
				stash_sum + balance(&Bob.to_account_id()) + genesis_devices_total(),
				allocation::PRIVATE_SALE,
				"{preset}: private sale"
			);
			assert_eq!(allocation::PRIVATE_SALE, TOTAL_SUPPLY / 10 * 2);

			assert_eq!(
				balance(&Alice.to_account_id()) + balance(&TreasuryAccount::get()),
				allocation::FOUNDATION,
				"{preset}: foundation (and the treasury's existential deposit)"
			);
			assert_eq!(allocation::FOUNDATION, TOTAL_SUPPLY / 10);
			assert_eq!(balance(&TreasuryAccount::get()), EXISTENTIAL_DEPOSIT);

			assert_eq!(
				balance(&Charlie.to_account_id()),
				TOTAL_SUPPLY / 100 * 5,
				"{preset}: promotion"
			);
			assert_eq!(
				balance(&Dave.to_account_id()),
				TOTAL_SUPPLY / 100 * 4,
				"{preset}: market ops"
			);
			assert_eq!(balance(&Eve.to_account_id()), TOTAL_SUPPLY / 100, "{preset}: IDO");

			// The validators are bonded.
			for s in stashes {
				assert_eq!(
					pallet_staking::Ledger::<Runtime>::get(s.to_account_id()).map(|l| l.active),
					Some(VALIDATOR_BOND)
				);
			}
			assert_supply_invariant();
		});
	}
}

/// Issue 19, rule 4: ten million devices registered at the deposit every preset sets hold at
/// most a tenth of the supply, and the deposit is what a device bonds at least (its weight).
#[test]
fn ten_million_devices_fit_a_tenth_of_the_supply() {
	for preset in [
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		"testnet",
	] {
		new_ext(preset).execute_with(|| {
			let deposit = pallet_credit::Parameters::<Runtime>::get().device_deposit;
			let held = deposit * 10_000_000;
			println!(
				"{preset}: device deposit {} MC; ten million devices hold {} MC, {}% of the supply",
				deposit / MC,
				held / MC,
				held * 100 / TOTAL_SUPPLY
			);
			assert!(held <= TOTAL_SUPPLY / 10, "{preset}: {} MC", held / MC);
			for d in pallet_credit::Devices::<Runtime>::iter_values() {
				assert!(d.deposit >= deposit, "{preset}: a genesis device holds the deposit");
			}
		});
	}
}

#[test]
fn only_the_development_preset_has_a_sudo_key() {
	for (preset, sudo) in [
		(sp_genesis_builder::DEV_RUNTIME_PRESET, Some(Alice.to_account_id())),
		(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, None),
		("testnet", None),
	] {
		new_ext(preset).execute_with(|| {
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), sudo, "{preset}");
		});
	}
}

#[test]
fn the_development_chain_has_short_eras_and_the_testnet_long_ones() {
	dev_ext().execute_with(|| {
		assert_eq!(<Runtime as pallet_babe::Config>::EpochDuration::get(), 10);
		assert_eq!(<Runtime as pallet_staking::Config>::SessionsPerEra::get(), 2);
		assert_eq!(<Runtime as pallet_staking::Config>::BondingDuration::get(), 3);
	});
	new_ext("testnet").execute_with(|| {
		assert_eq!(<Runtime as pallet_babe::Config>::EpochDuration::get(), 2_400);
		assert_eq!(<Runtime as pallet_staking::Config>::SessionsPerEra::get(), 6);
		assert_eq!(<Runtime as pallet_staking::Config>::BondingDuration::get(), 7);
		assert_eq!(<Runtime as pallet_staking::Config>::SlashDeferDuration::get(), 6);
		// An era is one credit period (a day).
		let era_blocks = 2_400 * 6;
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().credit_period, era_blocks as u32);
	});
}

#[test]
fn era_payout_moves_mc_from_the_pool_without_changing_total_issuance() {
	dev_ext().execute_with(|| {
		run_to_era(1);
		let reward = pallet_staking::ErasValidatorReward::<Runtime>::get(0).expect("era 0 paid");
		assert!(reward > 0, "era 0 has a reward");
		// The pool paid the reward into the pot; issuance did not move. (The devices' 60% of the
		// era's emission stayed in the pool: no device backs Alice on the development chain.)
		assert_eq!(issuance(), TOTAL_SUPPLY);
		assert_eq!(
			balance(&IncentivePool::account_id()),
			allocation::INCENTIVE_POOL - 3 * EXISTENTIAL_DEPOSIT - reward
		);
		assert_eq!(balance(&IncentivePool::pot_account()), EXISTENTIAL_DEPOSIT + reward);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::IncentivePool(pallet_incentive_pool::Event::EraRewardReserved { amount, .. })
				if amount == reward
		)));

		// Alice (sole validator, all era points) claims it.
		let stash = AliceStash.to_account_id();
		let before = balance(&stash);
		assert!(Staking::payout_stakers(
			RuntimeOrigin::signed(Bob.to_account_id()),
			stash.clone(),
			0
		)
		.is_ok());
		let paid = balance(&stash) - before;
		assert!(paid > 0 && paid <= reward, "paid {paid} of {reward}");
		assert_eq!(issuance(), TOTAL_SUPPLY, "a payout does not mint");
		assert_eq!(balance(&IncentivePool::pot_account()), EXISTENTIAL_DEPOSIT + reward - paid);

		// More eras: the invariant is checked after each of them.
		run_to_era(4);
		assert_eq!(issuance(), TOTAL_SUPPLY);
		assert_supply_invariant();
	});
}

/// The `UnclaimedRewardsReturned` events of the current block's history: (era, amount).
fn returned_events() -> Vec<(Option<u32>, u128)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::IncentivePool(
				pallet_incentive_pool::Event::UnclaimedRewardsReturned { era, amount },
			) => Some((era, amount)),
			_ => None,
		})
		.collect()
}

#[test]
fn an_era_that_expires_unclaimed_returns_its_whole_reward_even_when_later_eras_were_paid() {
	// Issue 16, rule 7. Era 0 is never claimed; every later era is claimed as soon as it ends.
	// When staking drops era 0 from its claim window (planning era HISTORY_DEPTH + 1), all of
	// era 0's reward goes back from the pot to the pool. (The pool used to compare the pot with
	// the rewards *reserved* for the later eras, and once those were paid it returned nothing.)
	dev_ext().execute_with(|| {
		let depth = metachain_runtime::economy::HISTORY_DEPTH;
		let stash = AliceStash.to_account_id();
		run_to_era(1);
		let unclaimed = pallet_staking::ErasValidatorReward::<Runtime>::get(0).expect("era 0");
		assert!(unclaimed > 0);
		let mut paid_total = 0u128;
		for era in 1..depth {
			run_to_era(era + 1);
			let before = balance(&stash);
			assert!(Staking::payout_stakers(
				RuntimeOrigin::signed(Bob.to_account_id()),
				stash.clone(),
				era
			)
			.is_ok());
			paid_total += balance(&stash) - before;
			assert!(
				returned_events().iter().all(|(e, _)| *e != Some(0)),
				"era 0 returned before it expired"
			);
		}
		// Staking still knows era 0 (it is claimable) until it plans era depth + 1.
		assert!(pallet_staking::ErasValidatorReward::<Runtime>::get(0).is_some());
		let pot_before = balance(&IncentivePool::pot_account());
		let mut returned = None;
		let mut guard = 0;
		while returned.is_none() {
			run_to_block(System::block_number() + 1);
			returned = returned_events().into_iter().find(|(e, _)| *e == Some(0));
			guard += 1;
			assert!(guard < 100, "era 0 never expired");
		}
		let (_, amount) = returned.expect("found");
		assert!(pallet_staking::ErasValidatorReward::<Runtime>::get(0).is_none(), "era 0 cleared");
		println!(
			"era 0 unclaimed: {} MC reserved, {} MC returned to the pool at its expiry \
			 (eras 1..{depth} claimed: {} MC paid); pot {} -> {} MC",
			unclaimed / MC,
			amount / MC,
			paid_total / MC,
			pot_before / MC,
			balance(&IncentivePool::pot_account()) / MC
		);
		assert_eq!(amount, unclaimed, "exactly era 0's reward comes back");
		assert_eq!(issuance(), TOTAL_SUPPLY);
		assert_supply_invariant();
	});
}

#[test]
fn when_the_pool_is_empty_rewards_stop_with_an_event() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		// Governance moves the whole pool away (root, as sudo would).
		let pool = IncentivePool::account_id();
		let all = <Balances as Inspect<_>>::reducible_balance(
			&pool,
			frame_support::traits::tokens::Preservation::Preserve,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		assert!(Balances::force_transfer(
			RuntimeOrigin::root(),
			pool.clone().into(),
			Bob.to_account_id().into(),
			all
		)
		.is_ok());
		run_to_era(1);
		assert_eq!(pallet_staking::ErasValidatorReward::<Runtime>::get(0), Some(0));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::IncentivePool(pallet_incentive_pool::Event::PoolExhausted)
		)));
		assert_eq!(issuance(), TOTAL_SUPPLY);
	});
}

#[test]
fn fees_reach_the_treasury_and_tips_the_block_author() {
	dev_ext().execute_with(|| {
		run_to_block(2);
		let treasury = TreasuryAccount::get();
		let treasury_before = balance(&treasury);
		// The author of every test block is authority 0: Alice's stash.
		let author = AliceStash.to_account_id();
		let author_before = balance(&author);
		let sender_before = balance(&Bob.to_account_id());
		let tip = 7 * MILLI_MC;
		let amount = 1_000 * MC;
		let xt = signed(
			Bob,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Ferdie.to_account_id().into(),
				value: amount,
			}),
			tip,
		);
		begin_block();
		metachain_runtime::Executive::apply_extrinsic(xt)
			.expect("valid transaction")
			.expect("transfer succeeds");
		let fee = System::events()
			.iter()
			.find_map(|r| match r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee,
						tip: t,
						..
					},
				) => {
					assert_eq!(t, tip);
					Some(actual_fee)
				}
				_ => None,
			})
			.expect("a fee was paid");
		assert!(fee > tip);
		assert_eq!(balance(&Ferdie.to_account_id()), amount);
		assert_eq!(balance(&Bob.to_account_id()), sender_before - amount - fee);
		assert_eq!(balance(&treasury), treasury_before + (fee - tip), "fees go to the treasury");
		assert_eq!(balance(&author), author_before + tip, "tips go to the author");
		assert_eq!(issuance(), TOTAL_SUPPLY, "fees are not burnt");
		end_block();
	});
}

#[test]
fn the_treasury_burns_one_percent_at_its_spend_period() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let treasury = TreasuryAccount::get();
		assert!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(Alice.to_account_id()),
			treasury.clone().into(),
			1_000_000 * MC
		)
		.is_ok());
		let before = balance(&treasury);
		let issuance_before = issuance();
		let pot = before - EXISTENTIAL_DEPOSIT;
		let burn = Permill::from_percent(1) * pot;
		assert_eq!(SpendPeriod::get(), 30 * metachain_runtime::time::DAYS);

		// Jump to the end of the first 30-day period and run the treasury's hook.
		System::set_block_number(SpendPeriod::get());
		Treasury::on_initialize(SpendPeriod::get());

		assert_eq!(balance(&treasury), before - burn);
		assert_eq!(issuance(), issuance_before - burn, "burnt MC leaves the supply");
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Treasury(pallet_treasury::Event::Burnt { burnt_funds }) if burnt_funds == burn
		)));
	});
}

#[test]
fn slashed_stake_goes_to_the_treasury() {
	// The local testnet: three validators, none invulnerable, slashes deferred 2 eras.
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_era(1);
		let bob = BobStash.to_account_id();
		let treasury = TreasuryAccount::get();
		let treasury_before = balance(&treasury);
		let bob_before = balance(&bob);
		// Root (governance) slashes Bob by 10% for era 1, as an offence report would.
		assert!(Staking::manual_slash(
			RuntimeOrigin::root(),
			bob.clone(),
			1,
			sp_runtime::Perbill::from_percent(10)
		)
		.is_ok());
		// Staking slashes 10% of Bob's exposure in era 1. (The exposure comes from the election,
		// in votes of 542 plancks each, so it is a few plancks below the bond.)
		let exposed = pallet_staking::ErasStakersOverview::<Runtime>::get(1, &bob)
			.expect("Bob was elected in era 1")
			.own;
		assert!(exposed <= VALIDATOR_BOND && VALIDATOR_BOND - exposed < 542);
		let slashed = sp_runtime::Perbill::from_percent(10) * exposed;
		// Deferred by `SlashDeferDuration` (2) eras, then applied.
		run_to_era(5);
		assert_eq!(balance(&bob), bob_before - slashed, "Bob lost 10% of his bond");
		assert_eq!(balance(&treasury), treasury_before + slashed, "the treasury received it");
		assert_eq!(issuance(), TOTAL_SUPPLY, "a slash moves MC, it does not burn it");
		assert_supply_invariant();
	});
}
