//! Splitting stake across devices (issue 16, rule 1): a device weighs its bonded MC times its
//! credit multiplier, in rewards and in elections, so the same MC in ten devices, or in a
//! thousand scripted devices with minimum deposits and free heartbeats, earns and weighs no
//! more than in one device.

use crate::common::*;
use codec::Encode;
use metachain_runtime::{
	currency::MC, AccountId, Balances, Credit, CreditDelegation, Runtime, RuntimeOrigin,
};
use pallet_credit_delegation::Delegations;
use sp_keyring::Sr25519Keyring::*;

/// The deposit every device holds.
const DEPOSIT: u128 = metachain_runtime::economy::DEVICE_DEPOSIT;

/// An attacker's scripted account `i` of fleet `tag` (keyless: only the runtime's direct
/// dispatch drives it, as scripts would drive real keys).
fn account(tag: &str, i: u32) -> AccountId {
	sp_core::crypto::AccountId32::new(sp_io::hashing::blake2_256(&(tag, i).encode()))
}

/// Fund `who`, have the chain invite it, register it as a device, bond `bonded` in all and
/// delegate to Alice.
fn device(who: &AccountId, bonded: u128) {
	fund_device(who, bonded + 10 * MC);
	if bonded > DEPOSIT {
		Credit::bond_extra(RuntimeOrigin::signed(who.clone()), bonded - DEPOSIT).expect("bonds");
	}
	CreditDelegation::delegate(RuntimeOrigin::signed(who.clone()), AliceStash.to_account_id())
		.expect("delegates");
}

/// Every device of `fleets` sends its heartbeat (once a period: the rest fail harmlessly).
fn heartbeats(fleets: &[&[AccountId]]) {
	for who in fleets.iter().flat_map(|f| f.iter()) {
		let _ = Credit::heartbeat(RuntimeOrigin::signed(who.clone()));
	}
}

/// Produce blocks to `era`, every device alive in every period.
fn run_to_era_with(era: u32, fleets: &[&[AccountId]]) {
	while active_era() < era {
		begin_block();
		heartbeats(fleets);
		end_block();
	}
}

/// What each device of `fleet` claims now (its rewards so far), summed.
fn claim(fleet: &[AccountId]) -> u128 {
	fleet
		.iter()
		.map(|who| {
			let before = Balances::free_balance(who);
			let _ = CreditDelegation::claim_rewards(
				RuntimeOrigin::signed(Alice.to_account_id()),
				who.clone(),
			);
			Balances::free_balance(who) - before
		})
		.sum()
}

/// The weight `fleet` counts with for Alice now (what it adds to her election weight).
fn counted(fleet: &[AccountId]) -> u128 {
	fleet.iter().map(|who| Delegations::<Runtime>::get(who).map_or(0, |d| d.counted)).sum()
}

/// Gain of `a` over `b`, in MC with three decimals, for printing.
fn mc(x: u128) -> String {
	format!("{}.{:03}", x / MC, (x % MC) / (MC / 1_000))
}

/// One device bonding ten deposits (1,000 MC) against ten devices bonding the deposit (100 MC) each, all
/// backing Alice with the same heartbeats for several eras: they count with the same weight in
/// her election and earn the same rewards, within a planck a device.
#[test]
fn ten_devices_earn_and_weigh_what_one_device_with_the_same_mc_does() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		begin_block();
		let one = vec![account("one", 0)];
		device(&one[0], 10 * DEPOSIT);
		let ten: Vec<_> = (0..10).map(|i| account("ten", i)).collect();
		for who in &ten {
			device(who, DEPOSIT);
		}
		end_block();
		let fleets: [&[AccountId]; 2] = [&one, &ten];
		run_to_era_with(4, &fleets);
		let (weight_one, weight_ten) = (counted(&one), counted(&ten));
		let (earned_one, earned_ten) = (claim(&one), claim(&ten));
		println!(
			"attack: split 1,000 MC into 10 devices: election weight {} MC vs {} MC in one \
			 device; rewards over 3 eras {} MC vs {} MC (gain {} plancks)",
			mc(weight_ten),
			mc(weight_one),
			mc(earned_ten),
			mc(earned_one),
			earned_ten as i128 - earned_one as i128,
		);
		assert!(weight_one > 0 && earned_one > 0, "the honest device earned and counted");
		assert_eq!(weight_ten, weight_one, "the same MC weighs the same");
		assert!(earned_ten <= earned_one, "splitting earns no more");
		assert!(earned_one - earned_ten <= 10 * 3, "within a planck a device and era");
	});
}

/// A thousand scripted devices, each with the minimum deposit and a free heartbeat every
/// period, against one honest device with the same uptime: the fleet earns no more per MC it
/// has at stake than the honest device does.
#[test]
fn a_thousand_scripted_devices_earn_no_more_per_mc_than_one_honest_device() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		begin_block();
		let honest = vec![account("honest", 0)];
		device(&honest[0], 5 * DEPOSIT);
		let fleet: Vec<_> = (0..1_000).map(|i| account("scripted", i)).collect();
		for who in &fleet {
			device(who, DEPOSIT);
		}
		end_block();
		let fleets: [&[AccountId]; 2] = [&honest, &fleet];
		run_to_era_with(3, &fleets);
		let (honest_mc, fleet_mc) = (5 * DEPOSIT, 1_000 * DEPOSIT);
		let (earned_honest, earned_fleet) = (claim(&honest), claim(&fleet));
		// Per million MC at stake, in plancks.
		let per_mc = |earned: u128, bonded: u128| earned * 1_000_000 * MC / bonded;
		let (rate_honest, rate_fleet) =
			(per_mc(earned_honest, honest_mc), per_mc(earned_fleet, fleet_mc));
		println!(
			"attack: 1,000 scripted devices (100 MC each) earned {} MC, {} MC per million MC \
			 bonded; one honest device (500 MC) earned {} MC, {} MC per million MC bonded",
			mc(earned_fleet),
			mc(rate_fleet),
			mc(earned_honest),
			mc(rate_honest),
		);
		assert!(earned_honest > 0);
		// The fleet's rounding loses at most a planck per device and era: per MC it never
		// earns more than the honest device.
		assert!(
			earned_fleet * honest_mc <= (earned_honest + 2) * fleet_mc,
			"the fleet earns no more per MC"
		);
		assert!(
			earned_fleet * honest_mc + 2 * 1_000 * 2 * honest_mc >= earned_honest * fleet_mc,
			"and no less than rounding"
		);
	});
}
