//! Work becomes certificates of the day and earns credit.

use super::*;

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
