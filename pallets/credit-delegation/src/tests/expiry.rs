//! Expiry: what nobody claimed within `RewardHistoryDepth` eras returns to the incentive pool,
//! a page of validators per block.

use super::*;

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
fn an_emptied_bucket_returns_its_dust_to_the_pool() {
	test(|| {
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v1());
		end_era(vec![(v1(), 1)], 1_000_001);
		let pool = free(&Pool::get());
		// Both leave: each is paid its part; the last one out empties the bucket, and what is left
		// in it (rounding dust) goes back to the pool.
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(1))));
		assert_ok!(CreditDelegation::undelegate(RuntimeOrigin::signed(dev(2))));
		assert_eq!(Buckets::<Test>::get(v1(), 0), None);
		assert_eq!(Outstanding::<Test>::get(), 0);
		assert_eq!(free(&CreditDelegation::pot_account()), ED);
		assert!(free(&Pool::get()) - pool <= 2, "dust only");
	});
}
