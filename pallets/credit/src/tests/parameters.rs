//! Parameters as `pallet-chain-parameters` changes them: checked, stored, and what a change
//! implies (a new period length, a new deposit).

use super::*;

#[test]
fn a_parameter_changes_alone_and_an_inconsistent_set_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(CreditParameter::UptimeCredit(2)));
		assert_eq!(Parameters::<Test>::get(), CreditParams { uptime_credit: 2, ..test_params() });
		assert_eq!(<Credit as GovernedParameters>::parameters().uptime_credit, 2);
		assert!(events().is_empty(), "pallet-chain-parameters emits the event, not this pallet");
		for bad in [
			CreditParameter::CreditPeriod(0),
			CreditParameter::CreditPerLevel(0),
			CreditParameter::MaxOpenInvites(6),
			CreditParameter::MaxCredit(99),
			CreditParameter::InitialCredit(1_001),
			CreditParameter::UptimeCredit(1_001),
			CreditParameter::DeregisterDelay(19),
			CreditParameter::MaxCreditMultiplier(0),
			CreditParameter::MaxCreditMultiplier(11),
		] {
			assert_noop!(set_parameter(bad), Error::<Test>::InvalidParameter);
		}
		// At the bounds: accepted.
		assert_ok!(set_parameter(CreditParameter::MaxOpenInvites(5)));
		assert_ok!(set_parameter(CreditParameter::MaxCredit(100)));
		assert_ok!(set_parameter(CreditParameter::MaxCreditMultiplier(1)));
		assert_ok!(set_parameter(CreditParameter::DeregisterDelay(20)));
		assert_ok!(set_parameter(CreditParameter::MaxCreditMultiplier(10)));
		check_invariants();
	});
}

#[test]
fn prices_deposits_and_shares_are_economic_and_the_rest_technical() {
	use metachain_primitives::parameters::ParameterKind::{Economic, Technical};
	let all = test_params().all();
	assert_eq!(all.len(), 25, "one parameter per field");
	for parameter in all {
		let expected = match parameter {
			CreditParameter::DeviceDeposit(_)
			| CreditParameter::CreditPrice(_)
			| CreditParameter::MaxCreditMultiplier(_)
			| CreditParameter::ReplenishRewardShare(_)
			| CreditParameter::RelayDeposit(_) => Economic,
			_ => Technical,
		};
		assert_eq!(ParamsOf::<Test>::kind(&parameter), expected, "{parameter:?}");
	}
}

#[test]
fn changing_the_period_length_starts_the_next_period_at_once() {
	new_test_ext().execute_with(|| {
		run_to(25);
		assert_eq!(Credit::current_period(), 2);
		assert_ok!(Credit::heartbeat(origin(Alice)));
		assert_ok!(set_parameter(CreditParameter::CreditPeriod(100)));
		assert_eq!(Credit::current_period(), 3, "a new period begins now");
		assert_ok!(Credit::heartbeat(origin(Alice)));
		run_to(124);
		assert_eq!(Credit::current_period(), 3);
		run_to(125);
		assert_eq!(Credit::current_period(), 4);
	});
}

#[test]
fn other_changes_keep_the_periods_as_they_are() {
	new_test_ext().execute_with(|| {
		run_to(25);
		let anchor = Anchor::<Test>::get();
		// The same length, or another parameter: no new period.
		assert_ok!(set_parameter(CreditParameter::CreditPeriod(PERIOD)));
		assert_ok!(set_parameter(CreditParameter::DecayPerPeriod(7)));
		assert_eq!(Anchor::<Test>::get(), anchor);
		assert_eq!(Credit::current_period(), 2);
	});
}

#[test]
fn a_new_deposit_applies_to_new_devices_only() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_parameter(CreditParameter::DeviceDeposit(2_000)));
		invite_and_register(Bob);
		assert_eq!(device(Alice).deposit, 1_000);
		assert_eq!(device(Bob).deposit, 2_000);
		assert_eq!(TotalDeposits::<Test>::get(), 3_000);
		check_invariants();
	});
}

frame_support::parameter_types! {
	/// The vesting periods and re-registration cooldown the v2 migration gives.
	pub const V2Values: (u32, u64) = (3, 40);
	/// The credit multiplier the v3 migration gives.
	pub const V3Value: u32 = 3;
	/// The slash penalties the v4 migration gives.
	pub const V4Values: (u32, u32) = (30, 10);
	/// The relay deposit the v5 migration gives.
	pub const V5Value: Balance = RELAY_DEPOSIT;
}

#[test]
fn migrations_v1_to_v5_append_the_new_rules_keeping_every_value() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let mut params = test_params();
		params.initial_credit = 77;
		params.decay_floor = 0;
		params.invite_vesting_periods = 3;
		params.reregister_cooldown = 40;
		params.max_credit_multiplier = 3;
		// The version-0 encoding: every field but the floor, the vesting, the cooldown, the
		// multiplier, the slash penalties and the relay deposit.
		let encoded = params.encode();
		let appended = (0u32, 3u32, 40u64, 3u32, 30u32, 10u32, RELAY_DEPOSIT).encode().len();
		let old = &encoded[..encoded.len() - appended];
		frame_support::storage::unhashed::put_raw(&Parameters::<Test>::hashed_key(), old);
		StorageVersion::new(0).put::<Credit>();
		crate::migrations::v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Credit::on_chain_storage_version(), 1);
		crate::migrations::v2::MigrateV1ToV2::<Test, V2Values>::on_runtime_upgrade();
		assert_eq!(Credit::on_chain_storage_version(), 2);
		crate::migrations::v3::MigrateV2ToV3::<Test, V3Value>::on_runtime_upgrade();
		assert_eq!(Credit::on_chain_storage_version(), 3);
		crate::migrations::v4::MigrateV3ToV4::<Test, V4Values>::on_runtime_upgrade();
		assert_eq!(Credit::on_chain_storage_version(), 4);
		crate::migrations::v5::MigrateV4ToV5::<Test, V5Value>::on_runtime_upgrade();
		assert_eq!(Credit::on_chain_storage_version(), 5);
		assert_eq!(Parameters::<Test>::get(), params);
		// Applied once only.
		crate::migrations::v2::MigrateV1ToV2::<Test, V2Values>::on_runtime_upgrade();
		crate::migrations::v3::MigrateV2ToV3::<Test, V3Value>::on_runtime_upgrade();
		crate::migrations::v4::MigrateV3ToV4::<Test, V4Values>::on_runtime_upgrade();
		crate::migrations::v5::MigrateV4ToV5::<Test, V5Value>::on_runtime_upgrade();
		assert_eq!(Parameters::<Test>::get(), params);
	});
}
