//! Storage migrations.

use super::*;

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
