//! The reward pallets' digests: noted through [`RewardDigests`] into one store keyed by
//! contributor, taken into each checkpoint in the listed order, restarted every period.

use super::*;
use frame_support::assert_ok;

/// The digest of `records`, noted one by one from zero.
fn digest_of(records: &[(u32, u128)]) -> RunningDigest {
	let mut d = RunningDigest::default();
	records.iter().for_each(|r| d.note(r));
	d
}

#[test]
fn contributor_digests_are_included_and_restart_each_period() {
	new_test_ext().execute_with(|| {
		run_to(2);
		Anchoring::note(TESTER_0, &(1u32, 500u128));
		Anchoring::note(TESTER_0, &(2u32, 700u128));
		run_to(5);
		let c = Checkpoints::<Test>::get(0).unwrap();
		let expected = digest_of(&[(1, 500), (2, 700)]);
		assert_eq!(expected.records, 2);
		assert_eq!(
			c.digests.to_vec(),
			vec![
				ContributedDigest { contributor: TESTER_0, digest: expected },
				ContributedDigest { contributor: TESTER_1, digest: RunningDigest::default() },
			]
		);
		let leaves: Vec<Vec<u8>> = c.digests.iter().map(|d| d.encode()).collect();
		assert_eq!(
			c.digests_root,
			binary_merkle_tree::merkle_root::<sp_runtime::traits::Keccak256, _>(leaves)
		);
		assert_ne!(c.digests_root, H256::zero());
		// Taken: the store is empty again.
		assert_eq!(PeriodDigests::<Test>::iter().count(), 0);

		// The next period starts from empty digests.
		Anchoring::note(TESTER_1, &7u64);
		run_to(10);
		let c1 = Checkpoints::<Test>::get(1).unwrap();
		assert_eq!(c1.digests[0].digest, RunningDigest::default());
		assert_eq!(c1.digests[1].digest.records, 1);
		// A different digest changes the root.
		assert_ne!(c1.digests_root, c.digests_root);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn every_listed_contributor_is_in_every_checkpoint_in_the_listed_order() {
	new_test_ext().execute_with(|| {
		// Noted in the other order than listed.
		Anchoring::note(TESTER_1, &(9u32, 1u128));
		Anchoring::note(TESTER_0, &(8u32, 2u128));
		run_to(5);
		let ids: Vec<ContributorId> =
			Checkpoints::<Test>::get(0).unwrap().digests.iter().map(|d| d.contributor).collect();
		assert_eq!(ids, Contributors::get().to_vec());
		// A period with no record at all: every listed contributor, with a zero digest.
		run_to(10);
		assert_eq!(
			Checkpoints::<Test>::get(1).unwrap().digests.to_vec(),
			Contributors::get()
				.into_iter()
				.map(|contributor| ContributedDigest {
					contributor,
					digest: RunningDigest::default()
				})
				.collect::<Vec<_>>()
		);
	});
}

#[test]
fn note_with_appends_many_records_as_notes_one_by_one() {
	new_test_ext().execute_with(|| {
		Anchoring::note_with(TESTER_0, |d| {
			d.note(&(1u32, 10u128));
			d.note(&(2u32, 20u128));
		});
		Anchoring::note(TESTER_0, &(3u32, 30u128));
		assert_eq!(PeriodDigests::<Test>::get(TESTER_0), digest_of(&[(1, 10), (2, 20), (3, 30)]));
		assert_eq!(PeriodDigests::<Test>::get(TESTER_1), RunningDigest::default());
	});
}

#[test]
fn a_contributor_that_is_not_listed_is_ignored_and_nothing_is_stored() {
	new_test_ext().execute_with(|| {
		// A defensive failure: a panic in debug builds, only logged otherwise.
		let noted = std::panic::catch_unwind(|| Anchoring::note(STRANGER, &1u32));
		assert_eq!(noted.is_err(), cfg!(debug_assertions));
		assert!(!PeriodDigests::<Test>::contains_key(STRANGER));
		assert_eq!(PeriodDigests::<Test>::iter().count(), 0);
		run_to(5);
		let c = Checkpoints::<Test>::get(0).unwrap();
		assert!(c.digests.iter().all(|d| d.contributor != STRANGER));
		assert!(c.digests.iter().all(|d| d.digest == RunningDigest::default()));
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
