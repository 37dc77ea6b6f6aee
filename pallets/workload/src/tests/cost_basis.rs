//! Rule 3: work pays at most what others paid (rewards follow the MC its MUSD cost).

use super::*;

#[test]
fn a_day_pays_at_most_the_ratio_of_what_its_work_cost_and_the_rest_stays_in_the_pool() {
	test(|| {
		// 2 MUSD of work whose MUSD cost 1,000 MC: the day may pay 90% of that, not the 1,000,000
		// budget.
		work_costing(1, 2 * MUSD, 1_000);
		let pool = free(&Pool::get());
		run_to(day_start(1));
		assert_eq!(free(&Pool::get()), pool - 900, "the rest of the budget stayed in the pool");
		assert!(events().contains(&Event::DaySettled {
			day: 0,
			certificates: 2 * MUSD,
			providers: 1,
			budget: 900,
			cost: 1_000
		}));
		let before = free(&dev(1));
		assert_ok!(claim(1, vec![0]));
		assert_eq!(free(&dev(1)), before + 900);
	});
}

#[test]
fn rewards_follow_cost_so_cheap_work_cannot_ride_on_dear_work() {
	test(|| {
		// Same certificates; provider 1's MUSD cost 1,000 MC, provider 2's 99,000.
		work_costing(1, MUSD, 1_000);
		work_costing(2, MUSD, 99_000);
		run_to(day_start(1));
		// Budget 90% of 100,000; each is paid 90% of its own cost, not half the budget.
		assert_eq!(Days::<Test>::get(0).unwrap().budget, 90_000);
		for (p, reward) in [(1u8, 900u128), (2, 89_100)] {
			let before = free(&dev(p));
			assert_ok!(claim(p, vec![0]));
			assert_eq!(free(&dev(p)), before + reward);
		}
	});
}

#[test]
fn the_budget_is_capped_by_what_the_pool_may_spare_under_its_emission_cap() {
	test(|| {
		AccountPool::<Balances, Pool>::set_spare_emission(Some(5_000));
		work(1, 10 * MUSD);
		let pool = free(&Pool::get());
		run_to(day_start(1));
		assert_eq!(Days::<Test>::get(0).unwrap().budget, 5_000);
		assert_eq!(free(&Pool::get()), pool - 5_000);
		// Raising DailyWorkloadReward changes nothing: the cap holds.
		assert_ok!(set(WorkloadParameter::DailyWorkloadReward(POOL_BALANCE)));
		work(1, 10 * MUSD);
		run_to(day_start(2));
		assert_eq!(Days::<Test>::get(1).unwrap().budget, 5_000);
	});
}

#[test]
fn work_credit_is_paid_for_out_of_the_cost_at_the_credit_price() {
	test(|| {
		CreditPrice::set(1_000);
		// 5 MUSD at 2 points each would be 10 points, but its cost of 2,500 MC buys 2.
		let before = credit(1);
		work_costing(1, 5 * MUSD, 2_500);
		assert_eq!(credit(1), before + 2);
		assert_eq!(
			last_event(),
			Event::WorkRecorded {
				provider: dev(1),
				day: 0,
				value: 5 * MUSD,
				certificates: 5 * MUSD,
				credit: 2,
				cost: 2_500,
				credit_cost: 2_000
			}
		);
		assert_eq!(WorkCost::<Test>::get(0, dev(1)), 500);
		// The 500 left joins the next receipt's 600: one more point, 100 left.
		work_costing(1, MUSD, 600);
		assert_eq!(credit(1), before + 3);
		assert_eq!(WorkCost::<Test>::get(0, dev(1)), 100);
		// Only the cost credit did not use earns MC: 90% of 100.
		run_to(day_start(1));
		let day = Days::<Test>::get(0).unwrap();
		assert_eq!((day.cost, day.budget), (100, 90));
		// Every point cost at least the credit price: 3,100 MC burnt, 90 MC back.
		let before_claim = free(&dev(1));
		assert_ok!(claim(1, vec![0]));
		let paid_back = free(&dev(1)) - before_claim;
		let points = (credit(1) - before) as Balance;
		assert_eq!((paid_back, points), (90, 3));
		assert!(3_100 - paid_back >= points * CreditPrice::get());
	});
}

#[test]
fn a_provider_at_its_credit_cap_keeps_its_whole_cost_for_the_reward() {
	test(|| {
		CreditPrice::set(1_000);
		// 100 MUSD would earn 200 points; pallet-credit gives at most WORK_CAP (50).
		work_costing(2, 100 * MUSD, 1_000_000);
		assert_eq!(credit(2), WORK_CAP);
		assert_eq!(WorkCost::<Test>::get(0, dev(2)), 1_000_000 - 50 * 1_000);
	});
}

#[test]
fn work_without_a_cost_earns_neither_mc_nor_credit() {
	test(|| {
		CreditPrice::set(1_000);
		let before = credit(1);
		work_costing(1, 10 * MUSD, 0);
		assert_eq!(credit(1), before);
		let pool = free(&Pool::get());
		run_to(day_start(1));
		assert_eq!(Days::<Test>::get(0).unwrap().budget, 0);
		assert_eq!(free(&Pool::get()), pool);
	});
}

#[test]
fn a_day_recorded_before_cost_bases_pays_by_certificates() {
	test(|| {
		// As migrated from storage version 0: settled, with a budget and no cost.
		Days::<Test>::insert(
			0,
			DayRecord { certificates: 4 * MUSD, providers: 2, budget: 1_000, ..DayRecord::open() },
		);
		Certificates::<Test>::insert(0, dev(1), MUSD);
		Certificates::<Test>::insert(0, dev(2), 3 * MUSD);
		OpenDay::<Test>::put(0);
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(dev(9)),
			Workload::pot_account(),
			1_000
		));
		// Settling leaves a zero-cost day's budget as it was set: this day was settled by the
		// old rules, so set it as they did.
		Days::<Test>::mutate(0, |d| d.as_mut().unwrap().state = DayState::Settled);
		OpenDay::<Test>::kill();
		SettledDays::<Test>::put(BoundedVec::truncate_from(vec![0]));
		let before = free(&dev(2));
		assert_ok!(claim(2, vec![0]));
		assert_eq!(free(&dev(2)), before + 750);
	});
}
