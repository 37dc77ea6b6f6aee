//! Checkpoints: when they are recorded, what they cover, their roots, block proofs, and the
//! invariants `try_state` checks.

use super::*;
use frame_support::{assert_ok, traits::Hooks};

#[test]
fn genesis_sets_relayers_targets_interval_and_a_majority_threshold() {
	ext(vec![1, 2, 3, 4], None, vec![ETH]).execute_with(|| {
		assert_eq!(Relayers::<Test>::get().to_vec(), vec![1, 2, 3, 4]);
		assert_eq!(Threshold::<Test>::get(), 3);
		assert_eq!(Targets::<Test>::get().to_vec(), vec![ETH]);
		assert_eq!(Parameters::<Test>::get().checkpoint_interval, INTERVAL);
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
		let c = assert_covers(0, 0, 4);
		assert_eq!((c.number, c.recorded_at), (0, 5));
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
		let c1 = assert_covers(1, 5, 9);
		assert_eq!(c1.recorded_at, 10);
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
		// Taking the two listed contributors' digests: one read and one write each.
		assert_eq!(
			w,
			<() as WeightInfo>::on_initialize_checkpoint(5)
				.saturating_add(DB_WEIGHT.reads_writes(2, 2))
		);
		assert_eq!(NextCheckpoint::<Test>::get(), 1);
	});
}

#[test]
fn block_proofs_verify_for_every_block_of_a_checkpoint_and_fail_outside_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(set_interval(7));
		run_to(15);
		// Checkpoint 0: blocks 0..=6; checkpoint 1: blocks 7..=13.
		let (c0, c1) = (assert_covers(0, 0, 6), assert_covers(1, 7, 13));
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
		assert_ok!(set_interval(2));
		run_to(14); // 10..=11, 12..=13
		assert_ok!(set_interval(9));
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
fn a_pallet_added_to_a_running_chain_starts_at_the_parent_block() {
	new_test_ext().execute_with(|| {
		run_to(3);
		NextFirstBlock::<Test>::kill();
		run_to(4);
		assert_eq!(NextFirstBlock::<Test>::get(), Some(3));
		run_to(8);
		assert_covers(0, 3, 7);
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

		// An interval out of range.
		Parameters::<Test>::mutate(|p| p.checkpoint_interval = 0);
		assert!(Anchoring::do_try_state().is_err());
		Parameters::<Test>::put(DefaultParams::get());
		// A digest kept for a contributor that is not listed.
		PeriodDigests::<Test>::insert(STRANGER, RunningDigest::default());
		assert!(Anchoring::do_try_state().is_err());
		PeriodDigests::<Test>::remove(STRANGER);
		assert_ok!(Anchoring::do_try_state());
	});
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
