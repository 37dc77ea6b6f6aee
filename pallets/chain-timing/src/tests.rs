//! Unit tests of the chain timing pallet.

use crate::{self as pallet_chain_timing, *};
use frame_support::{derive_impl, traits::Get};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ChainTiming: pallet_chain_timing,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl Config for Test {}

fn ext(genesis: pallet_chain_timing::GenesisConfig<Test>) -> sp_io::TestExternalities {
	RuntimeGenesisConfig { system: Default::default(), chain_timing: genesis }
		.build_storage()
		.map(Into::into)
		.expect("valid genesis")
}

#[test]
fn defaults_apply_without_genesis_values() {
	ext(Default::default()).execute_with(|| {
		assert_eq!(EpochDurationOf::<Test>::get(), DEFAULT_EPOCH_DURATION);
		assert_eq!(SessionsPerEraOf::<Test>::get(), DEFAULT_SESSIONS_PER_ERA);
		assert_eq!(BondingDurationOf::<Test>::get(), DEFAULT_BONDING_DURATION);
		assert_eq!(SlashDeferDurationOf::<Test>::get(), DEFAULT_SLASH_DEFER_DURATION);
		assert!(ChainTiming::do_try_state().is_ok());
	});
}

#[test]
fn genesis_values_are_used_and_derived_lengths_follow() {
	let genesis = pallet_chain_timing::GenesisConfig::<Test> {
		epoch_duration: 10,
		sessions_per_era: 3,
		bonding_duration: 4,
		slash_defer_duration: 2,
		..Default::default()
	};
	ext(genesis).execute_with(|| {
		assert_eq!(EpochDurationOf::<Test>::get(), 10);
		assert_eq!(SessionsPerEraOf::<Test>::get(), 3);
		assert_eq!(BondingDurationOf::<Test>::get(), 4);
		assert_eq!(SlashDeferDurationOf::<Test>::get(), 2);
		assert_eq!(ReportLongevityOf::<Test>::get(), 4 * 3 * 10);
		assert_eq!(SetIdSessionEntriesOf::<Test>::get(), 4 * 3);
		assert!(ChainTiming::do_try_state().is_ok());
	});
}

#[test]
#[should_panic(expected = "must be smaller than bonding_duration")]
fn slash_deferral_not_below_bonding_is_rejected_at_genesis() {
	let genesis = pallet_chain_timing::GenesisConfig::<Test> {
		bonding_duration: 4,
		slash_defer_duration: 4,
		..Default::default()
	};
	let _ = ext(genesis);
}

#[test]
#[should_panic(expected = "epoch_duration must be positive")]
fn zero_epoch_is_rejected_at_genesis() {
	let genesis =
		pallet_chain_timing::GenesisConfig::<Test> { epoch_duration: 0, ..Default::default() };
	let _ = ext(genesis);
}

#[test]
fn try_state_detects_broken_invariant() {
	ext(Default::default()).execute_with(|| {
		SlashDeferDuration::<Test>::put(BondingDuration::<Test>::get());
		assert!(ChainTiming::do_try_state().is_err());
		SlashDeferDuration::<Test>::put(0);
		EpochDuration::<Test>::put(0);
		assert!(ChainTiming::do_try_state().is_err());
	});
}
