//! Unit tests of workload settlement. Expected rewards are computed by hand in each test.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use metachain_primitives::{
	digest::RunningDigest,
	parameters::{GovernedParameters, ParameterKind, ParameterSet},
	testing::{AccountPool, RecordedDigests},
};
use sp_runtime::DispatchResult;

/// `provider` redeems `musd` of work that cost [`COST_PER_MUSD`] MC a MUSD.
fn work(provider: u8, musd: Musd) {
	work_costing(provider, musd, musd * COST_PER_MUSD / MUSD);
}

/// `provider` redeems `musd` of work whose MUSD cost `cost` MC to mint.
fn work_costing(provider: u8, musd: Musd, cost: Balance) {
	<Workload as OnWorkDone<AccountId, Balance>>::on_work_done(&dev(provider), musd, cost);
}

fn claim(provider: u8, days: Vec<DayIndex>) -> DispatchResult {
	Workload::claim(RuntimeOrigin::signed(dev(9)), dev(provider), days.try_into().unwrap())
}

/// Work credit awarded to `provider` so far.
fn credit(provider: u8) -> u32 {
	Credit::awarded(&dev(provider))
}

/// Change one parameter as pallet-chain-parameters does: the rules in force with `p` applied,
/// through [`GovernedParameters::set_parameters`].
fn set(p: WorkloadParameter<Balance, u64>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(p);
	Workload::set_parameters(params)
}

#[test]
fn genesis_opens_the_pot_from_the_pool() {
	test(|| {
		assert_eq!(free(&Workload::pot_account()), ED);
		assert_eq!(free(&Pool::get()), POOL_BALANCE - ED);
		assert_eq!(Workload::parameters(), params());
	});
}

#[test]
fn work_becomes_certificates_of_the_day() {
	test(|| {
		assert_eq!(Workload::current_day(), 0);
		work(1, 3 * MUSD);
		work(1, MUSD / 2);
		work(2, MUSD);
		assert_eq!(Certificates::<Test>::get(0, dev(1)), 7 * MUSD / 2);
		assert_eq!(Certificates::<Test>::get(0, dev(2)), MUSD);
		let day = Days::<Test>::get(0).unwrap();
		assert_eq!((day.certificates, day.providers, day.state), (9 * MUSD / 2, 2, DayState::Open));
		assert_eq!(OpenDay::<Test>::get(), Some(0));
		// The next day's work is a new day.
		run_to(day_start(1));
		work(1, MUSD);
		assert_eq!(Certificates::<Test>::get(1, dev(1)), MUSD);
		assert_eq!(OpenDay::<Test>::get(), Some(1));
	});
}

#[test]
fn work_earns_credit_without_rounding_loss() {
	test(|| {
		// 2 points per MUSD: five receipts of 0.3 MUSD make 1.5 MUSD, so 3 points, as one
		// receipt of 1.5 MUSD would.
		let before = credit(1);
		for _ in 0..5 {
			work(1, 3 * MUSD / 10);
		}
		assert_eq!(credit(1), before + 3);
		assert_eq!(
			last_event(),
			Event::WorkRecorded {
				provider: dev(1),
				day: 0,
				value: 3 * MUSD / 10,
				certificates: 3 * MUSD / 2,
				credit: 1,
				cost: 3 * COST_PER_MUSD / 10,
				credit_cost: 0
			}
		);
		// Capped per credit period by pallet-credit (50 points): the event says what was given.
		work(2, 100 * MUSD);
		assert_eq!(credit(2), WORK_CAP);
		assert!(matches!(last_event(), Event::WorkRecorded { credit: WORK_CAP, .. }));
		// Devices that are not active earn certificates, not credit.
		work(7, 10 * MUSD);
		assert_eq!(credit(7), 0);
		assert_eq!(Certificates::<Test>::get(0, dev(7)), 10 * MUSD);
	});
}

#[test]
fn settlement_is_exact_for_several_providers() {
	test(|| {
		let issuance = Balances::total_issuance();
		work(1, 3 * MUSD);
		work(2, 5 * MUSD);
		work(3, MUSD);
		let pool = free(&Pool::get());
		run_to(day_start(1));
		// The day ended: its budget left the pool.
		assert_eq!(free(&Pool::get()), pool - BUDGET);
		assert!(events().contains(&Event::DaySettled {
			day: 0,
			certificates: 9 * MUSD,
			providers: 3,
			budget: BUDGET,
			cost: 9 * COST_PER_MUSD
		}));
		// 1,000,000 × 3/9, × 5/9 and × 1/9, each rounded down.
		let expected = [(1u8, 333_333u128), (2, 555_555), (3, 111_111)];
		for (p, reward) in expected {
			let before = free(&dev(p));
			assert_ok!(claim(p, vec![0]));
			assert_eq!(free(&dev(p)), before + reward);
		}
		let day = Days::<Test>::get(0).unwrap();
		assert_eq!(day.paid, 999_999);
		assert_eq!(day.claimed_certificates, 9 * MUSD);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn a_day_without_work_leaves_its_budget_in_the_pool() {
	test(|| {
		let pool = free(&Pool::get());
		run_to(day_start(4));
		assert_eq!(free(&Pool::get()), pool);
		assert!(events().is_empty());
		assert_noop!(claim(1, vec![2]), Error::<Test>::UnknownDay);
	});
}

#[test]
fn a_poor_pool_gives_what_it_has() {
	test(|| {
		let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(
			&Pool::get(),
			BUDGET / 2,
		);
		work(1, MUSD);
		run_to(day_start(1));
		// The pool keeps its existential deposit.
		assert_eq!(Days::<Test>::get(0).unwrap().budget, BUDGET / 2 - ED);
		assert_eq!(free(&Pool::get()), ED);
		assert_ok!(claim(1, vec![0]));
	});
}

#[test]
fn claims_pay_the_provider_once_per_day() {
	test(|| {
		work(1, MUSD);
		work(2, MUSD);
		assert_noop!(claim(1, vec![0]), Error::<Test>::DayNotSettled);
		run_to(day_start(1));
		work(1, MUSD);
		run_to(day_start(2));
		assert_noop!(claim(1, vec![]), Error::<Test>::NoDays);
		assert_noop!(claim(1, vec![0, 0]), Error::<Test>::DuplicateDay);
		assert_noop!(claim(4, vec![0]), Error::<Test>::NoWorkload);
		// Dev 9 claims for dev 1: dev 1 is paid (half of day 0, all of day 1).
		let before = free(&dev(1));
		let claimer = free(&dev(9));
		assert_ok!(claim(1, vec![0, 1]));
		assert_eq!(free(&dev(1)), before + BUDGET / 2 + BUDGET);
		assert_eq!(free(&dev(9)), claimer);
		assert_noop!(claim(1, vec![0]), Error::<Test>::NoWorkload);
		// A failing day fails the whole claim.
		assert_noop!(claim(2, vec![0, 1]), Error::<Test>::NoWorkload);
		assert_ok!(claim(2, vec![0]));
	});
}

#[test]
fn unclaimed_rewards_expire_back_to_the_pool() {
	let mut ext = new_test_ext();
	let pool = ext.execute_with(|| {
		work(1, MUSD);
		work(2, MUSD);
		work(3, MUSD);
		work(4, MUSD);
		let pool = free(&Pool::get());
		run_to(day_start(1));
		assert_ok!(claim(1, vec![0]));
		// Claimable through day 2 (depth 2).
		run_to(day_start(3) - 1);
		assert_eq!(Days::<Test>::get(0).unwrap().state, DayState::Settled);
		pool
	});
	// Commit to the backend, as blocks do: page limits apply to committed entries.
	ext.commit_all().expect("commits");
	ext.execute_with(|| {
		run_to(day_start(3));
		let paid = BUDGET / 4;
		assert!(events().contains(&Event::DayExpired { day: 0, returned: BUDGET - paid }));
		assert_eq!(free(&Pool::get()), pool - paid);
		assert_noop!(claim(2, vec![0]), Error::<Test>::DayExpired);
		// Three certificates were left; two are removed per block.
		assert_eq!(Certificates::<Test>::iter_prefix(0).count(), 1);
		assert_eq!(Expiring::<Test>::get(), Some(0));
	});
	ext.commit_all().expect("commits");
	ext.execute_with(|| {
		run_to(day_start(3) + 1);
		assert_eq!(Certificates::<Test>::iter_prefix(0).count(), 0);
		assert!(Days::<Test>::get(0).is_none());
		assert_eq!(Expiring::<Test>::get(), None);
		assert_noop!(claim(2, vec![0]), Error::<Test>::UnknownDay);
		Workload::do_try_state().expect("invariants hold");
	});
}

#[test]
fn provider_days_show_pending_rewards() {
	test(|| {
		work(1, MUSD);
		work(2, 3 * MUSD);
		run_to(day_start(1));
		work(1, MUSD);
		let days = Workload::provider_days(&dev(1));
		assert_eq!(days.len(), 2);
		assert_eq!(
			days[0],
			ProviderDay {
				day: 0,
				certificates: MUSD,
				day_certificates: 4 * MUSD,
				budget: BUDGET,
				pending: BUDGET / 4,
				state: DayState::Settled,
				cost: COST_PER_MUSD,
				day_cost: 4 * COST_PER_MUSD
			}
		);
		assert_eq!((days[1].day, days[1].pending, days[1].state), (1, 0, DayState::Open));
	});
}

#[test]
fn parameters_are_validated_and_a_new_day_length_starts_the_next_day() {
	test(|| {
		for bad in [
			WorkloadParameter::HistoryDepth(0),
			WorkloadParameter::HistoryDepth(6),
			WorkloadParameter::SettlementPeriod(0),
		] {
			assert_noop!(set(bad), Error::<Test>::InvalidParameter);
		}
		assert_ok!(set(WorkloadParameter::HistoryDepth(5)));
		assert_eq!(Workload::parameters().history_depth, 5);
		// The same day length changes nothing about days.
		assert_ok!(set(WorkloadParameter::SettlementPeriod(DAY)));
		assert_eq!(Anchor::<Test>::get(), None);
		run_to(15);
		assert_eq!(Workload::current_day(), 1);
		work(1, MUSD);
		assert_ok!(set(WorkloadParameter::SettlementPeriod(100)));
		// Day 2 starts now, with the new length.
		assert_eq!(Workload::current_day(), 2);
		run_to(16);
		assert_eq!(Days::<Test>::get(1).unwrap().state, DayState::Settled);
		run_to(114);
		assert_eq!(Workload::current_day(), 2);
		run_to(115);
		assert_eq!(Workload::current_day(), 3);
	});
}

#[test]
fn try_state_catches_an_overpaid_day() {
	new_test_ext().execute_with(|| {
		work(1, MUSD);
		run_to(day_start(1));
		Days::<Test>::mutate(0, |d| d.as_mut().unwrap().paid = BUDGET + 1);
		assert!(Workload::do_try_state().is_err());
	});
}

#[test]
fn parameters_have_the_kinds_of_their_origins() {
	use WorkloadParameter::*;
	let kind = <ParamsOf<Test> as ParameterSet>::kind;
	assert_eq!(kind(&DailyWorkloadReward(1)), ParameterKind::Economic);
	assert_eq!(kind(&CreditPerMusd(1)), ParameterKind::Economic);
	assert_eq!(kind(&SettlementPeriod(1)), ParameterKind::Technical);
	assert_eq!(kind(&HistoryDepth(1)), ParameterKind::Technical);
	assert_eq!(kind(&WorkRewardRatio(RATIO)), ParameterKind::Economic);
}

#[test]
fn each_settled_day_is_noted_in_the_reward_digest() {
	test(|| {
		work(1, MUSD);
		run_to(day_start(1));
		let day0 = Days::<Test>::get(0).unwrap();
		// Day 1 has no work: nothing is noted for it.
		run_to(day_start(2));
		work(2, 3 * MUSD);
		run_to(day_start(3));
		let day2 = Days::<Test>::get(2).unwrap();
		assert_eq!((day0.state, day2.state), (DayState::Settled, DayState::Settled));
		// The settled records, in order, under "workload".
		let mut expected = RunningDigest::default();
		expected.note(&(0 as DayIndex, &day0));
		expected.note(&(2 as DayIndex, &day2));
		assert_eq!(expected.records, 2);
		assert_eq!(RecordedDigests::get(DIGEST_ID), expected);
		assert_eq!(DIGEST_ID, *b"workload");
		// Claims and expiry note nothing more.
		assert_ok!(claim(2, vec![2]));
		run_to(day_start(6));
		assert!(Days::<Test>::get(2).is_none());
		assert_eq!(RecordedDigests::get(DIGEST_ID), expected);
	});
}

// ---------------------------------------------------------------------------------------------
// Rule 3: work pays at most what others paid
// ---------------------------------------------------------------------------------------------

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

#[test]
fn migration_v1_adds_costs_to_days_and_the_ratio_to_the_parameters() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	test(|| {
		StorageVersion::new(0).put::<Workload>();
		let old = DayRecordV0::<Balance> {
			certificates: 4 * MUSD,
			claimed_certificates: MUSD,
			providers: 2,
			budget: 1_000,
			paid: 250,
			state: DayState::Settled,
		};
		let key = Days::<Test>::hashed_key_for(3);
		frame_support::storage::unhashed::put_raw(&key, &old.encode());
		let p = params();
		let v0 = (p.settlement_period, p.daily_workload_reward, p.credit_per_musd, p.history_depth);
		frame_support::storage::unhashed::put_raw(&Parameters::<Test>::hashed_key(), &v0.encode());
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Workload::on_chain_storage_version(), 1);
		let day = Days::<Test>::get(3).unwrap();
		assert_eq!(
			(day.certificates, day.claimed_certificates, day.budget, day.paid, day.cost),
			(4 * MUSD, MUSD, 1_000, 250, 0)
		);
		assert_eq!(
			Parameters::<Test>::get(),
			WorkloadParams { work_reward_ratio: crate::migrations::V1_WORK_REWARD_RATIO, ..p }
		);
		Days::<Test>::remove(3);
	});
}
