//! Unit tests of anchoring.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::CheckIfFeeless,
	dispatch::{GetDispatchInfo, Pays},
	traits::Hooks,
	weights::Weight,
};
use sp_runtime::DispatchError;

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Anchoring(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn eth_ref(n: u8) -> ExternalRef {
	ExternalRef {
		tx_id: H256::repeat_byte(n),
		block_number: 100 + n as u64,
		block_hash: H256::repeat_byte(0xb0 + n),
	}
}

/// The expected Merkle root over the test hashes of blocks `first..=last`.
fn expected_blocks_root(first: u64, last: u64) -> H256 {
	let hashes: Vec<H256> = (first..=last).map(hash_of).collect();
	binary_merkle_tree::merkle_root::<sp_runtime::traits::Keccak256, _>(hashes)
}

fn attest(
	relayer: AccountId,
	checkpoint: u64,
	target: AnchorTarget,
	external: ExternalRef,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Anchoring::attest(RuntimeOrigin::signed(relayer), checkpoint, target, external)
}

#[test]
fn genesis_sets_relayers_targets_interval_and_a_majority_threshold() {
	ext(vec![1, 2, 3, 4], None, vec![ETH]).execute_with(|| {
		assert_eq!(Relayers::<Test>::get().to_vec(), vec![1, 2, 3, 4]);
		assert_eq!(Threshold::<Test>::get(), 3);
		assert_eq!(Targets::<Test>::get().to_vec(), vec![ETH]);
		assert_eq!(CheckpointInterval::<Test>::get(), INTERVAL);
		assert_eq!(NextFirstBlock::<Test>::get(), Some(0));
		<Anchoring as Hooks<u64>>::integrity_test();
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn checkpoints_are_recorded_at_the_interval_boundaries() {
	new_test_ext().execute_with(|| {
		run_to(4);
		assert_eq!(NextCheckpoint::<Test>::get(), 0);
		assert!(Checkpoints::<Test>::get(0).is_none());
		run_to(5);
		// Block 5 records checkpoint 0: the genesis block and blocks 1 to 4.
		let c = Checkpoints::<Test>::get(0).expect("checkpoint 0");
		assert_eq!((c.number, c.first_block, c.last_block, c.recorded_at), (0, 0, 4, 5));
		assert_eq!(c.blocks_root, expected_blocks_root(0, 4));
		assert_eq!(c.last_block_hash, hash_of(4));
		assert_eq!(c.previous_root, H256::zero());
		assert_eq!(
			c.root,
			checkpoint_root(0, 0, 4, hash_of(4), c.blocks_root, c.digests_root, H256::zero())
		);
		assert_eq!(
			events(),
			vec![Event::CheckpointRecorded {
				number: 0,
				first_block: 0,
				last_block: 4,
				root: c.root
			}]
		);
		assert_eq!(NextFirstBlock::<Test>::get(), Some(5));

		run_to(9);
		assert_eq!(NextCheckpoint::<Test>::get(), 1);
		run_to(10);
		let c1 = Checkpoints::<Test>::get(1).expect("checkpoint 1");
		assert_eq!((c1.first_block, c1.last_block, c1.recorded_at), (5, 9, 10));
		assert_eq!(c1.blocks_root, expected_blocks_root(5, 9));
		assert_eq!(c1.previous_root, c.root);
		assert_eq!(NextCheckpoint::<Test>::get(), 2);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn the_hook_reports_the_checkpoint_weight_only_when_recording() {
	new_test_ext().execute_with(|| {
		run_to(4);
		// Block 4 again: the checkpoint in progress covers 4 blocks of 5.
		assert_eq!(Anchoring::maybe_record_checkpoint(4), <() as WeightInfo>::on_initialize_idle());
		System::initialize(&5, &hash_of(4), &Default::default());
		let w = Anchoring::maybe_record_checkpoint(5);
		assert_eq!(
			w,
			<() as WeightInfo>::on_initialize_checkpoint(5).saturating_add(CONTRIBUTOR_WEIGHT * 2)
		);
		assert_eq!(NextCheckpoint::<Test>::get(), 1);
	});
}

#[test]
fn contributor_digests_are_included_and_restart_each_period() {
	new_test_ext().execute_with(|| {
		run_to(2);
		TestContributor::<0>::note(&(1u32, 500u128));
		TestContributor::<0>::note(&(2u32, 700u128));
		run_to(5);
		let c = Checkpoints::<Test>::get(0).unwrap();
		let mut expected = RunningDigest::default();
		expected.note(&(1u32, 500u128));
		expected.note(&(2u32, 700u128));
		assert_eq!(expected.records, 2);
		assert_eq!(
			c.digests.to_vec(),
			vec![
				ContributedDigest { contributor: *b"tester0_", digest: expected },
				ContributedDigest { contributor: *b"tester1_", digest: RunningDigest::default() },
			]
		);
		let leaves: Vec<Vec<u8>> = c.digests.iter().map(|d| d.encode()).collect();
		assert_eq!(
			c.digests_root,
			binary_merkle_tree::merkle_root::<sp_runtime::traits::Keccak256, _>(leaves)
		);
		assert_ne!(c.digests_root, H256::zero());

		// The next period starts from empty digests.
		TestContributor::<1>::note(&7u64);
		run_to(10);
		let c1 = Checkpoints::<Test>::get(1).unwrap();
		assert_eq!(c1.digests[0].digest, RunningDigest::default());
		assert_eq!(c1.digests[1].digest.records, 1);
		// A different digest changes the root.
		assert_ne!(c1.digests_root, c.digests_root);
	});
}

#[test]
fn block_proofs_verify_for_every_block_of_a_checkpoint_and_fail_outside_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 7));
		run_to(15);
		// Checkpoint 0: blocks 0..=6; checkpoint 1: blocks 7..=13.
		let c0 = Checkpoints::<Test>::get(0).unwrap();
		let c1 = Checkpoints::<Test>::get(1).unwrap();
		assert_eq!((c0.first_block, c0.last_block), (0, 6));
		assert_eq!((c1.first_block, c1.last_block), (7, 13));
		for block in 0..=13u64 {
			let proof = Anchoring::block_proof(block).expect("a proof");
			let (own, other) = if block <= 6 { (&c0, &c1) } else { (&c1, &c0) };
			assert_eq!(proof.checkpoint, own.number);
			assert_eq!(proof.block_hash, hash_of(block));
			assert_eq!(proof.number_of_leaves, 7);
			assert!(verify_block_proof(own, &proof), "block {block} verifies");
			// Not against the other checkpoint, even renumbered.
			let mut moved = proof.clone();
			moved.checkpoint = other.number;
			assert!(!verify_block_proof(other, &moved), "block {block} is not in the other");
			// Not for another block's hash.
			let mut forged = proof.clone();
			forged.block_hash = hash_of(block + 100);
			assert!(!verify_block_proof(own, &forged));
			// Not at another position.
			let mut shifted = proof.clone();
			shifted.leaf_index = (proof.leaf_index + 1) % 7;
			assert!(!verify_block_proof(own, &shifted));
		}
		// Blocks not in a recorded checkpoint have no proof.
		assert!(Anchoring::block_proof(14).is_none());
		assert!(Anchoring::block_proof(99).is_none());
	});
}

#[test]
fn a_block_is_found_in_its_checkpoint_across_interval_changes() {
	new_test_ext().execute_with(|| {
		run_to(10); // 0..=4, 5..=9
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 2));
		run_to(14); // 10..=11, 12..=13
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 9));
		run_to(23); // 14..=22
		let ranges: Vec<(u64, u64)> = (0..NextCheckpoint::<Test>::get())
			.map(|n| {
				let c = Checkpoints::<Test>::get(n).unwrap();
				(c.first_block, c.last_block)
			})
			.collect();
		assert_eq!(ranges, vec![(0, 4), (5, 9), (10, 11), (12, 13), (14, 22)]);
		for (n, (first, last)) in ranges.iter().enumerate() {
			for b in *first..=*last {
				assert_eq!(Anchoring::checkpoint_of_block(b), Some(n as u64));
			}
		}
		assert_eq!(Anchoring::checkpoint_of_block(23), None);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn lowering_the_interval_records_the_checkpoint_in_progress_at_the_next_block() {
	new_test_ext().execute_with(|| {
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 60));
		run_to(30);
		assert_eq!(NextCheckpoint::<Test>::get(), 0);
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 5));
		assert_eq!(events().last(), Some(&Event::IntervalSet { interval: 5 }));
		run_to(31);
		let c = Checkpoints::<Test>::get(0).unwrap();
		assert_eq!((c.first_block, c.last_block), (0, 30));
		assert_eq!(c.blocks_root, expected_blocks_root(0, 30));
	});
}

#[test]
fn the_interval_is_bounded_and_set_by_the_config_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Anchoring::set_checkpoint_interval(RuntimeOrigin::signed(1), 10),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidInterval
		);
		assert_noop!(
			Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), MAX_INTERVAL as u64 + 1),
			Error::<Test>::InvalidInterval
		);
		assert_ok!(Anchoring::set_checkpoint_interval(RuntimeOrigin::root(), MAX_INTERVAL as u64));
	});
}

#[test]
fn a_pallet_added_to_a_running_chain_starts_at_the_parent_block() {
	new_test_ext().execute_with(|| {
		run_to(3);
		NextFirstBlock::<Test>::kill();
		run_to(4);
		assert_eq!(NextFirstBlock::<Test>::get(), Some(3));
		run_to(8);
		let c = Checkpoints::<Test>::get(0).unwrap();
		assert_eq!((c.first_block, c.last_block), (3, 7));
		assert_eq!(c.blocks_root, expected_blocks_root(3, 7));
	});
}

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

#[test]
fn try_state_catches_broken_invariants() {
	new_test_ext().execute_with(|| {
		run_to(10);
		assert_ok!(attest(1, 0, ETH, eth_ref(1)));
		assert_ok!(attest(2, 0, ETH, eth_ref(1)));
		assert_ok!(Anchoring::do_try_state());

		// An anchor with fewer matching attestations than its threshold.
		Anchors::<Test>::mutate(0, ETH, |a| a.as_mut().unwrap().threshold = 3);
		assert!(Anchoring::do_try_state().is_err());
		Anchors::<Test>::mutate(0, ETH, |a| a.as_mut().unwrap().threshold = 2);
		assert_ok!(Anchoring::do_try_state());

		// A gap in the checkpoint numbers.
		let c1 = Checkpoints::<Test>::take(1).unwrap();
		assert!(Anchoring::do_try_state().is_err());
		// A tampered root.
		let mut bad = c1.clone();
		bad.root = H256::repeat_byte(7);
		Checkpoints::<Test>::insert(1, bad);
		assert!(Anchoring::do_try_state().is_err());
		Checkpoints::<Test>::insert(1, c1);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn running_digests_chain_keccak_over_scale() {
	let mut d = RunningDigest::default();
	d.note(&42u32);
	let mut preimage = H256::zero().as_bytes().to_vec();
	preimage.extend_from_slice(&42u32.to_le_bytes());
	assert_eq!(d.digest, H256(sp_io::hashing::keccak_256(&preimage)));
	assert_eq!(d.records, 1);
}

#[test]
fn checkpoint_root_is_keccak_of_its_156_byte_preimage() {
	let parts = (
		ROOT_TAG,
		3u64,
		10u64,
		19u64,
		H256::repeat_byte(1),
		H256::repeat_byte(2),
		H256::repeat_byte(3),
		H256::repeat_byte(4),
	);
	assert_eq!(parts.encode().len(), 156);
	assert_eq!(
		checkpoint_root(
			3,
			10,
			19,
			H256::repeat_byte(1),
			H256::repeat_byte(2),
			H256::repeat_byte(3),
			H256::repeat_byte(4)
		),
		H256(sp_io::hashing::keccak_256(&parts.encode()))
	);
}

#[test]
#[should_panic(expected = "more genesis relayers than MaxRelayers")]
fn a_genesis_with_too_many_relayers_is_refused() {
	ext((1..=MAX_RELAYERS as u64 + 1).collect(), Some(1), vec![ETH]);
}
