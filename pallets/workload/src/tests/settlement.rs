//! Daily settlement: pro rata shares, the pool, claims, expiry, the reward digest.

use super::*;

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
fn try_state_catches_an_overpaid_day() {
	new_test_ext().execute_with(|| {
		work(1, MUSD);
		run_to(day_start(1));
		Days::<Test>::mutate(0, |d| d.as_mut().unwrap().paid = BUDGET + 1);
		assert!(Workload::do_try_state().is_err());
	});
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
