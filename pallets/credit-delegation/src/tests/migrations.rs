//! The v0 → v1 migration: from credit points to weight, paying what the old rates owed.

use super::*;
use crate::migrations::v1::{v0, MigrateV0ToV1};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use sp_runtime::{FixedPointNumber, FixedU128};

frame_support::parameter_types! {
	/// The backing minimum the migration gives.
	pub const Backing: Balance = 500;
}

#[test]
fn v1_pays_what_the_old_rates_owed_and_counts_weight_and_v2_owes_no_slash() {
	test(|| {
		register(&dev(1)); // credit 100; the stub's weight 100 × bond 100 / 100 = 100
		register(&dev(2));
		Credit::set_bonded(&dev(2), 300); // weighs 300
									// Their records are from before the listener mark: they read as `Listened`.
		for d in [dev(1), dev(2)] {
			<Credit as CreditInspect<_>>::listen(
				&d,
				metachain_primitives::credit::ListenerMark::Listened,
			);
		}
		let period = Credit::current_period();
		// Version 0: both count 100 credit points in v1's bucket, which holds 1,000 plancks at
		// 4 plancks a point; dev 1 was paid its 400 already (debt 4), dev 2 nothing.
		v0::Parameters::<Test>::put(v0::Params {
			redelegate_cooldown: COOLDOWN,
			min_validator_credit: 150,
			credit_to_vote: 10,
			credit_reward_share: Perbill::from_percent(60),
			reward_history_depth: DEPTH,
		});
		let rate = FixedU128::saturating_from_integer(4u32);
		for (d, debt) in [(dev(1), rate), (dev(2), FixedU128::zero())] {
			v0::Delegations::<Test>::insert(
				&d,
				v0::Delegation {
					validator: v1(),
					counted: 100,
					period,
					reward_debt: debt,
					settled_era: 0,
					since: 0,
				},
			);
		}
		v0::Buckets::<Test>::insert(
			v1(),
			period,
			v0::Bucket {
				credit: 200,
				reward_per_credit: rate,
				allocated: 1_000,
				paid: 400,
				last_era: Some(0),
			},
		);
		ValidatorDelegators::<Test>::insert(v1(), ValidatorDelegations { delegators: 2 });
		Outstanding::<Test>::put(600);
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(Pool::get()),
			CreditDelegation::pot_account(),
			600
		));
		StorageVersion::new(0).put::<CreditDelegation>();
		let before = free(&dev(2));

		MigrateV0ToV1::<Test, Backing>::on_runtime_upgrade();
		assert_eq!(CreditDelegation::on_chain_storage_version(), 1);
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(CreditDelegation::on_chain_storage_version(), 2);
		assert_eq!(
			Delegations::<Test>::get(dev(1)).map(|d| d.slash_debt),
			Some(FixedU128::one()),
			"no slash owed"
		);
		assert_eq!(
			Parameters::<Test>::get(),
			DelegationParams {
				redelegate_cooldown: COOLDOWN,
				min_validator_backing: 500,
				credit_reward_share: Perbill::from_percent(60),
				reward_history_depth: DEPTH,
			}
		);
		assert_eq!(free(&dev(2)) - before, 400, "dev 2 got what the old rate owed it");
		// 200 plancks were left over in the bucket (1,000 − 400 − 400): back to the pool.
		assert_eq!(Outstanding::<Test>::get(), 0);
		assert_eq!(Delegations::<Test>::get(dev(1)).map(|d| d.counted), Some(100));
		assert_eq!(Delegations::<Test>::get(dev(2)).map(|d| d.counted), Some(300));
		assert_eq!(CreditDelegation::backing(&v1()), 400);
		assert_ok!(CreditDelegation::do_try_state());
		// Applied once only.
		MigrateV0ToV1::<Test, Backing>::on_runtime_upgrade();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(CreditDelegation::backing(&v1()), 400);
	});
}
