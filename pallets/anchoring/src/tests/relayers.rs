//! The relayer set, the threshold and the targets: set by `RelayerOrigin`, checked, and
//! bounded at genesis.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn relayers_and_threshold_are_set_together_by_the_relayer_origin() {
	new_test_ext().execute_with(|| {
		run_to(1);
		let set = |origin, relayers: Vec<AccountId>, t| {
			Anchoring::set_relayers(origin, relayers.try_into().unwrap(), t)
		};
		assert_noop!(set(RuntimeOrigin::signed(1), vec![4, 5], 1), DispatchError::BadOrigin);
		assert_noop!(set(RuntimeOrigin::root(), vec![4, 5], 1), DispatchError::BadOrigin);
		assert_noop!(
			set(RuntimeOrigin::signed(RelayerAdmin::get()), vec![4, 5, 4], 2),
			Error::<Test>::DuplicateRelayer
		);
		assert_noop!(
			set(RuntimeOrigin::signed(RelayerAdmin::get()), vec![4, 5], 3),
			Error::<Test>::InvalidThreshold
		);
		assert_noop!(
			set(RuntimeOrigin::signed(RelayerAdmin::get()), vec![4, 5], 0),
			Error::<Test>::InvalidThreshold
		);
		assert_ok!(set(RuntimeOrigin::signed(RelayerAdmin::get()), vec![4, 5], 1));
		assert_eq!(
			events().last(),
			Some(&Event::RelayersSet { relayers: vec![4, 5], threshold: 1 })
		);
		run_to(5);
		// Threshold 1: one attestation anchors; the old relayers are out.
		assert_noop!(attest(1, 0, ETH, eth_ref(1)), Error::<Test>::NotRelayer);
		assert_ok!(attest(4, 0, ETH, eth_ref(1)));
		assert_eq!(Anchors::<Test>::get(0, ETH).unwrap().threshold, 1);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn targets_are_distinct_and_set_by_the_relayer_origin() {
	new_test_ext().execute_with(|| {
		run_to(1);
		let admin = RuntimeOrigin::signed(RelayerAdmin::get());
		assert_noop!(
			Anchoring::set_targets(RuntimeOrigin::signed(1), vec![ETH].try_into().unwrap()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Anchoring::set_targets(admin.clone(), vec![ETH, BTC, ETH].try_into().unwrap()),
			Error::<Test>::DuplicateTarget
		);
		let sepolia = AnchorTarget::Ethereum { chain_id: 11155111 };
		assert_ok!(Anchoring::set_targets(admin, vec![sepolia].try_into().unwrap()));
		assert_eq!(events().last(), Some(&Event::TargetsSet { targets: vec![sepolia] }));
		run_to(5);
		assert_noop!(attest(1, 0, ETH, eth_ref(1)), Error::<Test>::UnknownTarget);
		assert_ok!(attest(1, 0, sepolia, eth_ref(1)));
	});
}

#[test]
#[should_panic(expected = "more genesis relayers than MaxRelayers")]
fn a_genesis_with_too_many_relayers_is_refused() {
	ext((1..=MAX_RELAYERS as u64 + 1).collect(), Some(1), vec![ETH]);
}
