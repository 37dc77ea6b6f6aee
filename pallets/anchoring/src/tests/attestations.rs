//! Attestations: who may attest what, anchoring at the threshold, conflicts, and fees.

use super::*;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{CheckIfFeeless, GetDispatchInfo, Pays},
	weights::Weight,
};
use sp_runtime::DispatchError;

#[test]
fn threshold_matching_attestations_anchor_a_checkpoint() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let r = eth_ref(1);
		let post = attest(1, 0, ETH, r).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert!(Anchors::<Test>::get(0, ETH).is_none());
		assert_eq!(
			events().last(),
			Some(&Event::Attested {
				checkpoint: 0,
				target: ETH,
				relayer: 1,
				external: r,
				matching: 1
			})
		);
		assert_ok!(attest(2, 0, ETH, r));
		let anchor = Anchors::<Test>::get(0, ETH).expect("anchored");
		assert_eq!(anchor, Anchor { external: r, attestations: 2, threshold: 2, anchored_at: 5 });
		assert_eq!(
			events().last(),
			Some(&Event::Anchored { checkpoint: 0, target: ETH, external: r, attestations: 2 })
		);
		assert_eq!(LatestAnchored::<Test>::get(ETH), Some(0));
		// Not on Bitcoin: targets are separate.
		assert!(Anchors::<Test>::get(0, BTC).is_none());
		assert_eq!(LatestAnchored::<Test>::get(BTC), None);
		// A third agreeing attestation is counted, and free.
		let post = attest(3, 0, ETH, r).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
		assert_eq!(Anchors::<Test>::get(0, ETH).unwrap().attestations, 3);

		let info = Anchoring::checkpoint_info(0).unwrap();
		assert_eq!(info.targets.len(), 1);
		assert_eq!(info.targets[0].target, ETH);
		assert_eq!(info.targets[0].attestations.len(), 3);
		let state = Anchoring::anchoring_state();
		assert_eq!(state.targets, vec![(ETH, Some(0)), (BTC, None)]);
		assert_eq!(state.next_checkpoint, 1);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn conflicting_attestations_are_kept_and_reported() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let (a, b) = (eth_ref(1), eth_ref(2));
		assert_ok!(attest(1, 0, ETH, a));
		assert_ok!(attest(2, 0, ETH, b));
		assert_eq!(
			events().last(),
			Some(&Event::ConflictingAttestation {
				checkpoint: 0,
				target: ETH,
				relayer: 2,
				external: b,
				earlier: a
			})
		);
		assert!(Anchors::<Test>::get(0, ETH).is_none());
		assert_eq!(Attestations::<Test>::get(0, ETH).len(), 2);
		// The third relayer sides with the first: anchored on `a`.
		assert_ok!(attest(3, 0, ETH, a));
		assert_eq!(Anchors::<Test>::get(0, ETH).unwrap().external, a);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn contradicting_an_anchor_is_kept_reported_and_pays() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let (a, b) = (eth_ref(1), eth_ref(2));
		assert_ok!(attest(1, 0, ETH, a));
		assert_ok!(attest(2, 0, ETH, a));
		let call =
			RuntimeCall::Anchoring(crate::Call::attest { checkpoint: 0, target: ETH, external: b });
		assert!(!call.is_feeless(&RuntimeOrigin::signed(3)));
		let post = attest(3, 0, ETH, b).unwrap();
		assert_eq!(post.pays_fee, Pays::Yes);
		assert_eq!(
			events().last(),
			Some(&Event::ConflictingAttestation {
				checkpoint: 0,
				target: ETH,
				relayer: 3,
				external: b,
				earlier: a
			})
		);
		let anchor = Anchors::<Test>::get(0, ETH).unwrap();
		assert_eq!((anchor.external, anchor.attestations), (a, 2));
		assert_eq!(Attestations::<Test>::get(0, ETH).len(), 3);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn a_relayer_attests_once_per_checkpoint_and_target() {
	new_test_ext().execute_with(|| {
		run_to(10);
		assert_ok!(attest(1, 0, ETH, eth_ref(1)));
		assert_noop!(attest(1, 0, ETH, eth_ref(1)), Error::<Test>::AlreadyAttested);
		assert_noop!(attest(1, 0, ETH, eth_ref(2)), Error::<Test>::AlreadyAttested);
		// Another target or another checkpoint is another attestation.
		assert_ok!(attest(1, 0, BTC, eth_ref(1)));
		assert_ok!(attest(1, 1, ETH, eth_ref(3)));
		let call = RuntimeCall::Anchoring(crate::Call::attest {
			checkpoint: 0,
			target: ETH,
			external: eth_ref(1),
		});
		assert!(!call.is_feeless(&RuntimeOrigin::signed(1)));
		assert!(call.is_feeless(&RuntimeOrigin::signed(2)));
	});
}

#[test]
fn only_relayers_attest_known_checkpoints_on_known_targets() {
	new_test_ext().execute_with(|| {
		run_to(5);
		assert_noop!(attest(9, 0, ETH, eth_ref(1)), Error::<Test>::NotRelayer);
		assert_noop!(
			Anchoring::attest(RuntimeOrigin::root(), 0, ETH, eth_ref(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(attest(1, 1, ETH, eth_ref(1)), Error::<Test>::UnknownCheckpoint);
		assert_noop!(
			attest(1, 0, AnchorTarget::Ethereum { chain_id: 1 }, eth_ref(1)),
			Error::<Test>::UnknownTarget
		);
		let call = RuntimeCall::Anchoring(crate::Call::attest {
			checkpoint: 0,
			target: ETH,
			external: eth_ref(1),
		});
		assert!(!call.is_feeless(&RuntimeOrigin::signed(9)));
		assert!(!call.is_feeless(&RuntimeOrigin::root()));
		assert!(call.is_feeless(&RuntimeOrigin::signed(1)));
		assert!(call.get_dispatch_info().call_weight.all_gt(Weight::zero()));
	});
}

#[test]
fn attestations_are_bounded_when_the_relayer_set_changes() {
	new_test_ext().execute_with(|| {
		run_to(5);
		let admin = || RuntimeOrigin::signed(RelayerAdmin::get());
		// Ten distinct relayers over time, five at a time: the sixth attestation does not fit.
		assert_ok!(Anchoring::set_relayers(admin(), vec![1, 2, 3, 4, 5].try_into().unwrap(), 5));
		for r in 1..=5 {
			assert_ok!(attest(r, 0, ETH, eth_ref(r as u8)));
		}
		assert_ok!(Anchoring::set_relayers(admin(), vec![6, 7].try_into().unwrap(), 2));
		assert_noop!(attest(6, 0, ETH, eth_ref(1)), Error::<Test>::TooManyAttestations);
	});
}
