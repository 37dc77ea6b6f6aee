//! Era rewards: the device share split by points, commission and credit, paid from the
//! incentive pool into the reward pot; claims, settlement on heartbeats, replenishment income,
//! and the era's digest.

use super::*;

#[test]
fn era_rewards_split_by_points_commission_and_credit() {
	test(|| {
		// v1: dev 1 (100) and dev 2 (300); v2: dev 3 (100).
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		register_and_delegate(&dev(3), &v2());
		award(&dev(2), 200);
		staking(|s| s.commission.insert(v1(), Perbill::from_percent(10)));

		let issuance = Balances::total_issuance();
		let pool = free(&Pool::get());
		let reward: Balance = 1_000_002;
		let taken = end_era(vec![(v1(), 60), (v2(), 40)], reward);

		// The device share: 60% of the reward.
		let share = reward * 60 / 100; // 600_001
		assert_eq!(taken, share);
		// v1: 60% of the share, 10% commission, the rest by credit (2 plancks kept for
		// rounding).
		let v1_share = share * 60 / 100; // 360_000
		let v1_commission = v1_share / 10; // 36_000
		let v1_rest = v1_share - v1_commission;
		let dev1 = device_reward(v1_rest, 100, 400);
		let dev2 = device_reward(v1_rest, 300, 400);
		let v2_share = share * 40 / 100; // 240_000
		let dev3 = device_reward(v2_share, 100, 100);

		assert_eq!(free(&v1()), INITIAL_BALANCE + v1_commission);
		let before = [free(&dev(1)), free(&dev(2)), free(&dev(3))];
		for d in [dev(1), dev(2), dev(3)] {
			assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(9)), d));
		}
		assert_eq!(free(&dev(1)) - before[0], dev1);
		assert_eq!(free(&dev(2)) - before[1], dev2);
		assert_eq!(free(&dev(3)) - before[2], dev3);
		// Payouts move MC, they never mint.
		assert_eq!(Balances::total_issuance(), issuance);
		// The pool paid the commission and what devices got, plus at most rounding dust kept in
		// the pot until it expires.
		let paid = v1_commission + dev1 + dev2 + dev3;
		let pot_extra = free(&CreditDelegation::pot_account()) - ED;
		assert_eq!(pool - free(&Pool::get()), paid + pot_extra);
		assert!(pot_extra <= 4, "rounding dust only: {pot_extra}");
		// Nothing more to claim.
		assert_noop!(
			CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn inactive_devices_earn_nothing() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		run_to(period_start(2));
		// dev 1 stops; dev 2 keeps reporting.
		heartbeat(&dev(2), 101);
		let before = free(&dev(1));
		end_era(vec![(v1(), 1)], 1_000_000);
		let share: Balance = 600_000;
		let expected_dev2 = device_reward(share, 101, 101);
		let before2 = free(&dev(2));
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(2)), dev(2)));
		assert_eq!(free(&dev(2)) - before2, expected_dev2);
		assert_noop!(
			CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(free(&dev(1)), before);
	});
}

#[test]
fn a_validator_without_active_backing_leaves_its_device_share_in_the_pool() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		let pool = free(&Pool::get());
		end_era(vec![(v1(), 1), (v2(), 1)], 1_000_000);
		// v2 has no devices: its half of the 600,000 share stays in the pool.
		let v1_part: Balance = 300_000;
		let after = free(&Pool::get());
		assert!(pool - after <= v1_part && pool - after >= v1_part - 2);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::DeviceRewardsDistributed { validators: 1, unallocated, .. } if *unallocated >= 300_000
		)));
	});
}

#[test]
fn the_device_share_is_at_most_what_the_pool_can_pay() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		// The pool keeps its existential deposit: it can pay 1,000 of the 600,000 asked.
		let spare = free(&Pool::get()) - ED - 1_000;
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<AccountId>>::transfer(
			&Pool::get(),
			&dev(9),
			spare,
			frame_support::traits::tokens::Preservation::Preserve
		));
		assert_eq!(end_era(vec![(v1(), 1)], 1_000_000), 1_000);
		let era = EraRewards::<Test>::get(0).unwrap();
		assert_eq!(era.device_share, 1_000);
		// Only the rounding headroom came back.
		assert_eq!(free(&Pool::get()), ED + 1_000 - era.allocated);
		assert!(era.allocated >= 998);
	});
}

#[test]
fn heartbeats_pay_pending_rewards() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000_000);
		let before = free(&dev(1));
		run_to(period_start(1));
		heartbeat(&dev(1), 101);
		let expected = device_reward(600_000, 100, 100);
		assert_eq!(free(&dev(1)) - before, expected);
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::RewardsPaid { amount, .. } if *amount == expected)));
	});
}

#[test]
fn no_points_no_device_rewards() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_eq!(end_era(vec![], 1_000_000), 0);
		assert_eq!(EraRewards::<Test>::get(0), None);
		assert_eq!(CountedDigests::writes(), 0);
	});
}

#[test]
fn pending_rewards_by_era() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000); // era 0: 600 share
		end_era(vec![(v1(), 1)], 2_000); // era 1: 1,200 share
		let by_era = CreditDelegation::pending_by_era(&dev(1));
		let (e0, e1) = (device_reward(600, 100, 100), device_reward(1_200, 100, 100));
		assert_eq!(by_era, vec![(0, e0), (1, e1)]);
		let info = CreditDelegation::delegation_info(&dev(1)).unwrap();
		assert_eq!(info.pending_rewards, e0 + e1);
		assert_eq!(info.validator, v1());
		assert!(info.active);
	});
}

/// Each era notes, under `delegate`, one record per rewarded validator (era, validator, its
/// share, commission, reward per credit, backing) and then the era's totals (era, device share,
/// commission, allocated, unallocated, validators): one digest write per era.
#[test]
fn each_era_notes_its_rewards_in_one_digest_write() {
	use metachain_primitives::{digest::RunningDigest, testing::RecordedDigests};
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v2());
		register_and_delegate(&dev(3), &v2());
		staking(|s| s.commission.insert(v1(), Perbill::from_percent(10)));
		end_era(vec![(v1(), 60), (v2(), 40), (v3(), 0)], 1_000_000);
		assert_eq!(CountedDigests::writes(), 1);

		let mut expected = RunningDigest::default();
		let rate = |v: AccountId| EraValidatorRates::<Test>::get(0, v).unwrap();
		let (r1, r2) = (rate(v1()), rate(v2()));
		assert_eq!((r1.backing, r2.backing), (100, 200));
		expected.note(&(0u32, v1(), 360_000u128, 36_000u128, r1.reward_per_weight, 100u128));
		expected.note(&(0u32, v2(), 240_000u128, 0u128, r2.reward_per_weight, 200u128));
		let era = EraRewards::<Test>::get(0).unwrap();
		assert_eq!((era.device_share, era.commission), (600_000, 36_000));
		let unallocated = 600_000 - 36_000 - era.allocated;
		expected.note(&(0u32, 600_000u128, 36_000u128, era.allocated, unallocated, 2u32));
		assert_eq!(RecordedDigests::get(DIGEST_ID), expected);
		assert_eq!(expected.records, 3);

		// The next era appends to the same chain, again in one write.
		end_era(vec![(v1(), 1)], 1_000);
		assert_eq!(CountedDigests::writes(), 2);
		assert_eq!(RecordedDigests::get(DIGEST_ID).records, 5);
	});
}

#[test]
fn splitting_a_bond_across_ten_devices_earns_what_one_device_earns() {
	test(|| {
		// v1: one device bonding 1,000; v2: ten devices bonding 100 each; same credit, same
		// era points.
		register_and_delegate(&dev(1), &v1());
		Credit::set_bonded(&dev(1), 1_000);
		for i in 10..20 {
			register_and_delegate(&dev(i), &v2());
		}
		assert_eq!(CreditDelegation::backing(&v1()), CreditDelegation::backing(&v2()));
		let reward: Balance = 1_000_000;
		end_era(vec![(v1(), 50), (v2(), 50)], reward);
		let one = {
			let before = free(&dev(1));
			assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(9)), dev(1)));
			free(&dev(1)) - before
		};
		let mut ten = 0;
		for i in 10..20 {
			let before = free(&dev(i));
			assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(9)), dev(i)));
			ten += free(&dev(i)) - before;
		}
		println!("one device: {one} plancks; ten devices with the same MC: {ten} plancks");
		assert!(ten <= one, "splitting earns no more");
		assert!(one - ten <= 10, "within rounding (a planck a device)");
	});
}
