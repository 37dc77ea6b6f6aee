//! Runtime tests of TracChain anchoring on the development chain: checkpoints every 5 blocks
//! through real blocks (Executive, all hooks), the reward pallets' digests in them after an era
//! change, block proofs against the recorded root, and Eve's free attestation anchoring a
//! checkpoint (threshold 1).

mod common;

use codec::Encode;
use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{Anchoring, Balances, Executive, Runtime, RuntimeCall, System};
use pallet_anchoring::{
	AnchorTarget, BitcoinNetwork, Checkpoints, ExternalRef, NextCheckpoint, RunningDigest,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::*;

const ETH: AnchorTarget = AnchorTarget::Ethereum { chain_id: 31337 };

fn attest_call(checkpoint: u64, target: AnchorTarget, external: ExternalRef) -> RuntimeCall {
	RuntimeCall::Anchoring(pallet_anchoring::Call::attest { checkpoint, target, external })
}

#[test]
fn checkpoints_cover_every_block_and_carry_the_reward_digests() {
	dev_ext().execute_with(|| {
		run_to_era(2);
		let era_block = System::block_number();
		run_to_block(era_block + 21);
		let count = NextCheckpoint::<Runtime>::get();
		assert!(count >= 6, "{count} checkpoints");
		let mut next_first = 0;
		let mut incentive_records = 0;
		let mut delegate_records = 0;
		for n in 0..count {
			let c = Checkpoints::<Runtime>::get(n).expect("contiguous");
			assert_eq!(c.first_block, next_first);
			assert_eq!(c.last_block - c.first_block + 1, 5, "5 blocks each");
			next_first = c.last_block + 1;
			let ids: Vec<[u8; 8]> = c.digests.iter().map(|d| d.contributor).collect();
			assert_eq!(ids, vec![*b"incentiv", *b"delegate", *b"workload"]);
			incentive_records += c.digests[0].digest.records;
			delegate_records += c.digests[1].digest.records;
			if c.digests[0].digest.records == 0 {
				assert_eq!(c.digests[0].digest, RunningDigest::default());
			}
			// Block proofs of the recent checkpoints verify against the recorded root.
			if System::block_number() - c.recorded_at < 2000 {
				for b in c.first_block..=c.last_block {
					let proof = Anchoring::block_proof(b).expect("a proof");
					assert_eq!(proof.block_hash, System::block_hash(b));
					assert!(pallet_anchoring::verify_block_proof(&c, &proof));
				}
			}
		}
		// At least two era changes: the incentive pool reserved an era reward at each; the
		// device share of at least one era was distributed by credit.
		assert!(incentive_records >= 2, "{incentive_records} era records");
		assert!(delegate_records >= 1, "{delegate_records} delegation records");
		assert_supply_invariant();
	});
}

#[test]
fn a_relayer_attests_for_free_and_anchors_with_threshold_one() {
	dev_ext().execute_with(|| {
		run_to_block(7);
		assert_eq!(NextCheckpoint::<Runtime>::get(), 1);
		let root = Checkpoints::<Runtime>::get(0).unwrap().root;
		assert_ne!(root, H256::zero());
		let external = ExternalRef {
			tx_id: H256::repeat_byte(0xaa),
			block_number: 17,
			block_hash: H256::repeat_byte(0xbb),
		};

		begin_block();
		// Alice is not a relayer: refused, and charged.
		let alice_before = Balances::balance(&Alice.to_account_id());
		let res = Executive::apply_extrinsic(signed(Alice, attest_call(0, ETH, external), 0))
			.expect("valid transaction");
		assert!(res.is_err());
		assert!(Balances::balance(&Alice.to_account_id()) < alice_before);
		// Eve is the development chain's relayer: free.
		let eve_before = Balances::balance(&Eve.to_account_id());
		Executive::apply_extrinsic(signed(Eve, attest_call(0, ETH, external), 0))
			.expect("valid transaction")
			.expect("dispatches");
		assert_eq!(Balances::balance(&Eve.to_account_id()), eve_before);
		let anchor = pallet_anchoring::Anchors::<Runtime>::get(0, ETH).expect("anchored");
		assert_eq!((anchor.external, anchor.attestations, anchor.threshold), (external, 1, 1));
		// Twice is refused.
		let again = Executive::apply_extrinsic(signed(Eve, attest_call(0, ETH, external), 0));
		assert!(!matches!(again, Ok(Ok(()))));
		// Bitcoin is a separate target.
		let btc = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };
		Executive::apply_extrinsic(signed(Eve, attest_call(0, btc, external), 0))
			.expect("valid transaction")
			.expect("dispatches");
		end_block();

		let state = Anchoring::anchoring_state();
		assert_eq!(state.targets, vec![(ETH, Some(0)), (btc, Some(0))]);
		assert_eq!(state.relayers, vec![Eve.to_account_id()]);
		let info = Anchoring::checkpoint_info(0).unwrap();
		assert_eq!(info.targets.len(), 2);
		assert_eq!(info.checkpoint.root.encode().len(), 32);
		#[cfg(feature = "try-runtime")]
		Anchoring::do_try_state().expect("anchoring invariants");
	});
}

/// Eve (the development chain's relayer) bonds through real blocks: the bond is held by
/// Balances and cannot be sent away, it signs only once `relayer_bond_age` blocks old, its
/// heartbeats are free once per `liveness_period` and charged in between, and a stranger cannot
/// bond at all.
#[test]
fn attack_a_relayer_bonds_moves_its_bond_and_spams_heartbeats_through_real_blocks() {
	use frame_support::traits::fungible::InspectHold;
	use metachain_runtime::{currency::MC, economy::MIN_RELAYER_BOND, RuntimeHoldReason};
	dev_ext().execute_with(|| {
		run_to_block(2);
		let eve = Eve.to_account_id();
		let bond_call = RuntimeCall::Anchoring(pallet_anchoring::Call::bond_relayer {
			amount: MIN_RELAYER_BOND,
			encryption_key: [1; 32],
		});
		fund(Eve, MIN_RELAYER_BOND / MC + 10);
		fund(Ferdie, MIN_RELAYER_BOND / MC + 10);
		// Not a listed relayer: refused.
		assert!(apply_in_own_block(Ferdie, bond_call.clone()).is_err());
		assert!(apply_in_own_block(Eve, bond_call).is_ok());
		let bonded_at = System::block_number();
		let reason = RuntimeHoldReason::Anchoring(pallet_anchoring::HoldReason::RelayerBond);
		assert_eq!(Balances::balance_on_hold(&reason, &eve), MIN_RELAYER_BOND);

		// Eve tries to send everything it has, bond included, away.
		let everything = Balances::total_balance(&eve);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: Ferdie.to_account_id().into(),
			value: everything,
		});
		assert!(apply_in_own_block(Eve, transfer).is_err());
		let moved = MIN_RELAYER_BOND - Balances::balance_on_hold(&reason, &eve);
		println!("bond moved away by its relayer: {moved} (expected 0)");
		assert_eq!(moved, 0);

		// A heartbeat every block: free once per liveness period, charged in between.
		let params = pallet_anchoring::Parameters::<Runtime>::get();
		let heartbeat = RuntimeCall::Anchoring(pallet_anchoring::Call::heartbeat {});
		let (mut sent, mut paid, mut accepted) = (0u32, 0u128, 0u32);
		let end = bonded_at + params.relayer_bond_age + params.liveness_period;
		while System::block_number() < end {
			if System::block_number() < bonded_at + params.relayer_bond_age {
				assert!(Anchoring::eligible_relayers().is_empty(), "eligible before its age");
			}
			let before = Balances::balance(&eve);
			sent += 1;
			if apply_in_own_block(Eve, heartbeat.clone()).is_ok() {
				accepted += 1;
			}
			paid += before.saturating_sub(Balances::balance(&eve));
		}
		println!("heartbeats sent {sent}, accepted {accepted}, fees paid {paid}");
		assert!(accepted >= 1 && accepted <= sent / params.liveness_period + 1);
		assert!(paid > 0, "refused heartbeats pay their fee");
		assert_eq!(Anchoring::eligible_relayers(), vec![eve.clone()]);
		#[cfg(feature = "try-runtime")]
		Anchoring::do_try_state().expect("anchoring invariants");
	});
}

/// The free calls of the threshold key (key-generation posts, group signatures) are free only
/// when valid: a stranger flooding the largest posts and forged signatures through real blocks
/// pays the fee for each and changes nothing.
#[test]
fn attack_a_stranger_floods_key_generation_posts_signing_rounds_and_forged_signatures_and_pays() {
	use metachain_runtime::currency::MC;
	dev_ext().execute_with(|| {
		run_to_block(7);
		assert!(Checkpoints::<Runtime>::contains_key(0));
		fund(Ferdie, 1_000);
		let ferdie = Ferdie.to_account_id();
		let post = RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_post {
			session: 0,
			round: 1,
			payload: vec![7u8; pallet_anchoring::MAX_DKG_PAYLOAD as usize].try_into().unwrap(),
		});
		let forged = RuntimeCall::Anchoring(pallet_anchoring::Call::submit_signature {
			checkpoint: 0,
			chain_id: 31337,
			signature: [9; 64],
		});
		// The signing rounds' calls: a stranger's commitment (points of the curve: the
		// generator) and share.
		let generator: [u8; 33] = [
			0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce,
			0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81,
			0x5b, 0x16, 0xf8, 0x17, 0x98,
		];
		let commit = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_commit {
			chain_id: 31337,
			checkpoint: 0,
			attempt: 0,
			hiding: generator,
			binding: generator,
		});
		let share = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_share {
			chain_id: 31337,
			checkpoint: 0,
			attempt: 0,
			share: [5; 32],
		});
		let before = Balances::balance(&ferdie);
		let mut written = 0u32;
		for _ in 0..3 {
			for call in [post.clone(), forged.clone(), commit.clone(), share.clone()] {
				if apply_in_own_block(Ferdie, call).is_ok() {
					written += 1;
				}
			}
		}
		let paid = before.saturating_sub(Balances::balance(&ferdie));
		println!("stranger's posts and signatures written: {written} (expected 0), fees paid {paid} ({} MC)", paid / MC);
		assert_eq!(written, 0);
		assert!(paid > 0, "refused posts and signatures pay their fees");
		assert!(pallet_anchoring::DkgPosts::<Runtime>::iter().next().is_none());
		assert!(pallet_anchoring::Signatures::<Runtime>::iter().next().is_none());
		assert!(pallet_anchoring::SigningRounds::<Runtime>::iter().next().is_none());
	});
}
