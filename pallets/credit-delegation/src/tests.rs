//! Unit tests of the delegation rules. Expected amounts are computed here from the rules, not
//! read back from the pallet.

use crate::{mock::*, *};
use frame_election_provider_support::ElectionProvider;
use frame_support::{assert_noop, assert_ok};
use pallet_credit::CreditSink;
use sp_runtime::{DispatchError, Perbill};

fn delegate(who: &AccountId, v: &AccountId) -> frame_support::dispatch::DispatchResult {
	CreditDelegation::delegate(RuntimeOrigin::signed(who.clone()), v.clone())
}

/// A device's reward by the rule: the validator's rest less two plancks, per point of backing
/// (truncated to 18 decimals), times the device's credit, rounded down.
fn device_reward(rest: u128, credit: u128, backing: u128) -> u128 {
	let unit = 10u128.pow(18);
	let rate = (rest - 2) * unit / backing;
	credit * rate / unit
}

fn elected() -> Vec<AccountId> {
	let mut winners: Vec<AccountId> =
		Election::elect(0).expect("election succeeds").into_iter().map(|(w, _)| w).collect();
	winners.sort();
	winners
}

#[test]
fn delegate_needs_a_device_above_the_threshold_and_a_candidate() {
	test(|| {
		assert_noop!(delegate(&dev(1), &v1()), Error::<Test>::NotADevice);
		register(&dev(1));
		assert_noop!(delegate(&dev(1), &dev(2)), Error::<Test>::NotACandidate);
		assert_ok!(delegate(&dev(1), &v1()));
		assert_noop!(delegate(&dev(1), &v2()), Error::<Test>::AlreadyDelegating);
		assert_eq!(CreditDelegation::backing(&v1()), INITIAL_CREDIT as u64);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 1);
		assert_eq!(Delegations::<Test>::count(), 1);
		assert!(events().contains(&Event::Delegated {
			device: dev(1),
			validator: v1(),
			credit: INITIAL_CREDIT
		}));
	});
}

#[test]
fn the_reward_threshold_edge() {
	test(|| {
		register(&dev(1));
		register(&dev(2));
		// Raise MinRewardCredit to exactly dev 1's credit after one heartbeat (101).
		heartbeat(&dev(1));
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			pallet_credit::CreditParameter::MinRewardCredit(INITIAL_CREDIT + 1)
		));
		assert_ok!(delegate(&dev(1), &v1()));
		assert_noop!(delegate(&dev(2), &v1()), Error::<Test>::BelowRewardThreshold);
		// A deregistering device cannot delegate either.
		assert_ok!(Credit::deregister(RuntimeOrigin::signed(dev(2))));
		assert_noop!(delegate(&dev(2), &v1()), Error::<Test>::BelowRewardThreshold);
	});
}

#[test]
fn a_device_stops_counting_at_the_end_of_the_first_period_it_misses() {
	test(|| {
		register_and_delegate(&dev(1), &v1()); // registered in period 0
		register_and_delegate(&dev(2), &v1());
		run_to(period_start(1));
		heartbeat(&dev(2));
		// Period 1: both alive (dev 1 registered in the previous period).
		assert_eq!(CreditDelegation::backing(&v1()), 100 + 101);
		run_to(period_start(2));
		heartbeat(&dev(2));
		// Period 2: dev 1 missed period 1 entirely and no longer counts, untouched.
		assert_eq!(CreditDelegation::backing(&v1()), 102);
		run_to(period_start(4));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		// A heartbeat brings dev 1 back, with its decayed credit plus uptime: missed periods
		// 1, 2 and 3, one of grace, so 2 × 5 decay.
		heartbeat(&dev(1));
		assert_eq!(CreditDelegation::backing(&v1()), (100 - 10 + 1) as u64);
	});
}

#[test]
fn credit_changes_show_in_the_backing() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_eq!(<Credit as CreditSink<AccountId>>::award(&dev(1), 40, *b"service_"), Ok(40));
		assert_eq!(CreditDelegation::backing(&v1()), 140);
		// A drop below the threshold (MinRewardCredit raised) shows at the next touch.
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			pallet_credit::CreditParameter::MinRewardCredit(200)
		));
		heartbeat(&dev(1));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert_eq!(Delegations::<Test>::get(dev(1)).unwrap().counted, 0);
		// Deregistering stops the device counting at once.
		assert_ok!(Credit::set_parameter(
			RuntimeOrigin::root(),
			pallet_credit::CreditParameter::MinRewardCredit(MIN_REWARD_CREDIT)
		));
		run_to(period_start(1));
		heartbeat(&dev(1));
		assert_eq!(CreditDelegation::backing(&v1()), 142);
		assert_ok!(Credit::deregister(RuntimeOrigin::signed(dev(1))));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
	});
}

#[test]
fn undelegate_and_redelegate_with_cooldown() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v1()),
			Error::<Test>::SameValidator
		);
		run_to(1 + COOLDOWN - 1);
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()),
			Error::<Test>::RedelegateCooldown
		);
		run_to(1 + COOLDOWN);
		heartbeat(&dev(1)); // period 2: alive, 101 points
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), dev(5)),
			Error::<Test>::NotACandidate
		);
		assert_ok!(CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert_eq!(CreditDelegation::backing(&v2()), 101);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 0);
		assert_eq!(ValidatorDelegators::<Test>::get(v2()).delegators, 1);
		// The cooldown restarts.
		run_to(1 + COOLDOWN + 1);
		assert_noop!(
			CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v1()),
			Error::<Test>::RedelegateCooldown
		);
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_eq!(CreditDelegation::backing(&v2()), 0);
		assert_eq!(Delegations::<Test>::count(), 0);
		assert_noop!(
			CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))),
			Error::<Test>::NotDelegating
		);
	});
}

#[test]
fn era_rewards_split_by_points_commission_and_credit() {
	test(|| {
		// v1: dev 1 (100) and dev 2 (300); v2: dev 3 (100).
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		register_and_delegate(&dev(3), &v2());
		assert_eq!(<Credit as CreditSink<AccountId>>::award(&dev(2), 200, *b"service_"), Ok(200));
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
		heartbeat(&dev(2));
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
fn heartbeats_pay_pending_rewards() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000_000);
		let before = free(&dev(1));
		run_to(period_start(1));
		heartbeat(&dev(1));
		let expected = device_reward(600_000, 100, 100);
		assert_eq!(free(&dev(1)) - before, expected);
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::RewardsPaid { amount, .. } if *amount == expected)));
	});
}

#[test]
fn replenishment_adds_to_the_next_device_share() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		// Lose credit (missed periods), then buy 10 points back: 500 MC, 100 to the pool.
		run_to(period_start(4));
		assert_ok!(Credit::replenish_credit(RuntimeOrigin::signed(dev(1)), 10));
		assert_eq!(PendingReplenishment::<Test>::get(), 100);
		heartbeat(&dev(1));
		let taken = end_era(vec![(v1(), 1)], 1_000);
		assert_eq!(taken, 600);
		assert_eq!(PendingReplenishment::<Test>::get(), 0);
		let before = free(&dev(1));
		assert_ok!(CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)));
		let credit = (100 - 3 * 5 + 10 + 1) as u128; // decayed, replenished, heartbeat
		assert_eq!(free(&dev(1)) - before, device_reward(600 + 100, credit, credit));
	});
}

#[test]
fn unclaimed_rewards_expire_back_to_the_pool_in_pages() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v2());
		end_era(vec![(v1(), 1), (v2(), 1)], 1_000_000); // era 0
		let pool = free(&Pool::get());
		let outstanding = Outstanding::<Test>::get();
		assert_eq!(outstanding, 2 * (300_000 - 2));
		// Still claimable during eras 1 and 2 (depth 2).
		for _ in 1..DEPTH {
			end_era(vec![], 0);
		}
		run_to(System::block_number() + 3);
		assert_eq!(Outstanding::<Test>::get(), outstanding);
		// Era 3: era 0 expires; one validator per block (SweepPageSize = 1).
		end_era(vec![], 0);
		run_to(System::block_number() + 1);
		assert_eq!(Outstanding::<Test>::get(), outstanding / 2);
		run_to(System::block_number() + 1);
		assert_eq!(Outstanding::<Test>::get(), 0);
		assert_eq!(free(&Pool::get()), pool + outstanding);
		assert_eq!(EraRewards::<Test>::get(0), None);
		assert_eq!(SweepCursor::<Test>::get(), Some(1));
		assert_noop!(
			CreditDelegation::claim_rewards(RuntimeOrigin::signed(dev(1)), dev(1)),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(
			events().iter().filter(|e| matches!(e, Event::RewardsExpired { era: 0, .. })).count(),
			2
		);
	});
}

#[test]
fn a_device_that_leaves_the_registry_is_undelegated() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		end_era(vec![(v1(), 1)], 1_000);
		let before = free(&dev(1));
		// Deregistering settles (and pays) the pending reward; the device stops counting.
		assert_ok!(Credit::deregister(RuntimeOrigin::signed(dev(1))));
		assert_eq!(free(&dev(1)) - before, device_reward(600, 100, 100));
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		run_to(40);
		let before = free(&dev(1));
		assert_ok!(Credit::withdraw_deposit(RuntimeOrigin::signed(dev(1))));
		assert_eq!(Delegations::<Test>::get(dev(1)), None);
		assert_eq!(ValidatorDelegators::<Test>::get(v1()).delegators, 0);
		assert!(events().contains(&Event::Undelegated {
			device: dev(1),
			validator: v1(),
			reason: UndelegateReason::DeviceRemoved
		}));
		assert_eq!(free(&dev(1)) - before, 1_000);
	});
}

#[test]
fn no_points_no_device_rewards() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		assert_eq!(end_era(vec![], 1_000_000), 0);
		assert_eq!(EraRewards::<Test>::get(0), None);
	});
}

#[test]
fn election_excludes_candidates_without_enough_credit() {
	test(|| {
		staking(|s| s.desired = 3);
		// Nobody has credit: nobody is electable.
		assert_eq!(elected(), Vec::<AccountId>::new());
		// v1 gets 100 (< 150), v2 gets 200.
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v2());
		register_and_delegate(&dev(3), &v2());
		assert_eq!(elected(), vec![v2()]);
		register_and_delegate(&dev(4), &v1());
		assert_eq!(elected(), vec![v1(), v2()]);
		// Stake below MinValidatorBond excludes too.
		staking(|s| s.candidates.insert(v1(), 99));
		assert_eq!(elected(), vec![v2()]);
		assert_eq!(CreditDelegation::validator_backing(&v1()), (200, 2, false));
		assert_eq!(CreditDelegation::validator_backing(&v2()), (200, 2, true));
	});
}

#[test]
fn credit_moves_the_election_and_is_stripped_from_exposures() {
	test(|| {
		staking(|s| {
			s.desired = 1;
			s.candidates.insert(v1(), 1_000);
			s.candidates.insert(v2(), 1_100);
			s.nominators.push((dev(9), 50, vec![v1()]));
		});
		for i in 1..=2 {
			register_and_delegate(&dev(i), &v1());
		}
		for i in 3..=4 {
			register_and_delegate(&dev(i), &v2());
		}
		// Equal credit (200 each): v2's larger stake wins.
		assert_eq!(elected(), vec![v2()]);
		// 10 points of credit are 100 MC of weight: 30 more points for v1 (1050 + 2300 > 1100 + 2000).
		assert_eq!(<Credit as CreditSink<AccountId>>::award(&dev(1), 30, *b"service_"), Ok(30));
		assert_eq!(elected(), vec![v1()]);
		// The winner's support holds only real stake: its own bond and its nominator.
		let supports = Election::elect(0).unwrap();
		let (winner, support) = supports.into_iter().next().unwrap();
		assert_eq!(winner, v1());
		let voters: Vec<_> = support.voters.iter().map(|(w, s)| (w.clone(), *s)).collect();
		assert_eq!(voters, vec![(v1(), 1_000u128), (dev(9), 50u128)]);
		assert_eq!(support.total, 1_050);
		// Moving credit moves the election back (every device reports in the new period).
		run_to(1 + COOLDOWN);
		for i in 1..=4 {
			heartbeat(&dev(i));
		}
		assert_ok!(CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()));
		assert_eq!(elected(), vec![v2()]);
	});
}

#[test]
fn the_ranking_lists_candidates_by_stake_and_credit_weight() {
	test(|| {
		register_and_delegate(&dev(1), &v3());
		let ranking = CreditDelegation::candidate_ranking();
		assert_eq!(ranking[0].validator, v3());
		assert_eq!(ranking[0].credit, 100);
		assert_eq!(ranking[0].credit_weight, 1_000);
		assert!(!ranking[0].electable); // 100 < 150
		assert_eq!(ranking.len(), 3);
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

#[test]
fn parameters_change_only_by_the_config_origin() {
	test(|| {
		assert_noop!(
			CreditDelegation::set_parameter(
				RuntimeOrigin::signed(dev(1)),
				DelegationParameter::MinValidatorCredit(1)
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CreditDelegation::set_parameter(
				RuntimeOrigin::root(),
				DelegationParameter::RewardHistoryDepth(0)
			),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(CreditDelegation::set_parameter(
			RuntimeOrigin::root(),
			DelegationParameter::MinValidatorCredit(1)
		));
		assert_eq!(Parameters::<Test>::get().min_validator_credit, 1);
	});
}

#[test]
fn heartbeats_charge_what_the_hook_used() {
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};
	test(|| {
		register(&dev(1));
		register_and_delegate(&dev(2), &v1());
		run_to(period_start(1));
		let declared = pallet_credit::Call::<Test>::heartbeat {}.get_dispatch_info().call_weight;
		let base = <() as pallet_credit::WeightInfo>::heartbeat();
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		let one_read = db.reads(1);
		// Not delegating: the hook read one entry.
		let post = Credit::heartbeat(RuntimeOrigin::signed(dev(1))).unwrap();
		assert_eq!(post.actual_weight, Some(base + one_read));
		// Delegating: the hook's full weight.
		let post = Credit::heartbeat(RuntimeOrigin::signed(dev(2))).unwrap();
		let hook = <() as crate::WeightInfo>::on_credit_changed(CHARGED_DELEGATORS);
		assert_eq!(post.actual_weight, Some(base + hook));
		assert_eq!(declared, base + hook);
	});
}
