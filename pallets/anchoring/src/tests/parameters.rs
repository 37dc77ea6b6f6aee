//! The rules: the checkpoint interval, set at genesis and changed through
//! [`GovernedParameters`] (the origin is `pallet-chain-parameters`' business), checked here.

use super::*;
use frame_support::{assert_noop, assert_ok};
use metachain_primitives::parameters::ParameterKind;

#[test]
fn the_interval_is_bounded() {
	new_test_ext().execute_with(|| {
		assert_noop!(set_interval(0), Error::<Test>::InvalidParameters);
		assert_noop!(set_interval(MAX_INTERVAL as u64 + 1), Error::<Test>::InvalidParameters);
		assert_ok!(set_interval(MAX_INTERVAL as u64));
		assert_eq!(
			<Anchoring as GovernedParameters>::parameters(),
			AnchoringParams { checkpoint_interval: MAX_INTERVAL as u64, ..DefaultParams::get() }
		);
		assert_ok!(set_interval(1));
		assert_eq!(Anchoring::anchoring_state().interval, 1);
		// No event of its own: `pallet-chain-parameters` emits `Updated`.
		assert!(events().is_empty());
	});
}

#[test]
fn lowering_the_interval_records_the_checkpoint_in_progress_at_the_next_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_interval(60));
		run_to(30);
		assert_eq!(NextCheckpoint::<Test>::get(), 0);
		assert_ok!(set_interval(5));
		run_to(31);
		assert_covers(0, 0, 30);
	});
}

#[test]
fn the_interval_is_a_technical_parameter_listed_with_its_value() {
	let params = AnchoringParams {
		checkpoint_interval: 7u64,
		relayer_bond_age: 8,
		liveness_period: 2,
		silent_after: 6,
		dkg_round_blocks: 3,
		btc_fee: 500,
	};
	let p = AnchoringParameter::CheckpointInterval(3u64);
	assert_eq!(AnchoringParams::<u64>::kind(&p), ParameterKind::Technical);
	assert_eq!(
		AnchoringParams::<u64>::kind(&AnchoringParameter::RelayerBondAge(1)),
		ParameterKind::Economic
	);
	assert_eq!(params.current(&p), AnchoringParameter::CheckpointInterval(7));
	assert_eq!(
		params.all(),
		vec![
			AnchoringParameter::CheckpointInterval(7),
			AnchoringParameter::RelayerBondAge(8),
			AnchoringParameter::LivenessPeriod(2),
			AnchoringParameter::SilentAfter(6),
			AnchoringParameter::DkgRoundBlocks(3),
			AnchoringParameter::BtcFee(500),
		]
	);
}

#[test]
fn genesis_parameters_are_used_and_read_from_camel_case_json() {
	let params = AnchoringParams { checkpoint_interval: 9, ..DefaultParams::get() };
	ext_with(Some(params), vec![1], None, vec![ETH]).execute_with(|| {
		assert_eq!(Parameters::<Test>::get(), params);
		run_to(9);
		assert_covers(0, 0, 8);
	});
	let json: AnchoringParams<u64> = serde_json::from_str(
		r#"{"checkpointInterval":600,"relayerBondAge":43200,"livenessPeriod":10,"silentAfter":30,
		"dkgRoundBlocks":10,"btcFee":1000}"#,
	)
	.expect("the preset shape");
	assert_eq!(
		json,
		AnchoringParams {
			checkpoint_interval: 600,
			relayer_bond_age: 43_200,
			liveness_period: 10,
			silent_after: 30,
			dkg_round_blocks: 10,
			btc_fee: 1_000,
		}
	);
}

#[test]
#[should_panic(expected = "invalid genesis parameters of pallet_anchoring")]
fn a_genesis_interval_out_of_range_is_refused() {
	ext_with(
		Some(AnchoringParams {
			checkpoint_interval: MAX_INTERVAL as u64 + 1,
			..DefaultParams::get()
		}),
		vec![1],
		None,
		vec![ETH],
	);
}

#[test]
fn liveness_rules_are_checked_together() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			set_parameter(AnchoringParameter::LivenessPeriod(0)),
			Error::<Test>::InvalidParameters
		);
		// Silent sooner than a relayer may send a heartbeat: refused.
		assert_noop!(
			set_parameter(AnchoringParameter::SilentAfter(LIVENESS - 1)),
			Error::<Test>::InvalidParameters
		);
		assert_noop!(
			set_parameter(AnchoringParameter::LivenessPeriod(SILENT_AFTER + 1)),
			Error::<Test>::InvalidParameters
		);
		assert_ok!(set_parameter(AnchoringParameter::SilentAfter(LIVENESS)));
		// A key-generation round of no block would fail every session at once: refused.
		assert_noop!(
			set_parameter(AnchoringParameter::DkgRoundBlocks(0)),
			Error::<Test>::InvalidParameters
		);
		assert_ok!(set_parameter(AnchoringParameter::DkgRoundBlocks(1)));
		assert_ok!(set_parameter(AnchoringParameter::RelayerBondAge(0)));
		assert_eq!(Parameters::<Test>::get().relayer_bond_age, 0);
	});
}
