//! The group's signatures of checkpoints, verified by the chain: a signature made by a
//! threshold of the relayers with their FROST shares is recorded; one made by a single relayer,
//! over another message, for another chain, or before a key or a contract exists is refused and
//! pays its fee.

use super::{keygen::*, *};
use frame_support::{assert_noop, assert_ok, dispatch::CheckIfFeeless};
use frost_secp256k1_tr as frost;
use rand::{rngs::StdRng, SeedableRng};

/// The contract the tests anchor in.
pub(super) const CONTRACT: H160 = H160::repeat_byte(0xc0);
/// Anvil's chain id: the Ethereum target of the test genesis.
pub(super) const CHAIN: u64 = 31337;

/// A key locked by relayers 1, 2 and 3 (t = 2), the Ethereum target's contract set and
/// checkpoint 0 recorded; returns the parties.
pub(super) fn signed_setup(rng: &mut StdRng) -> Vec<Party> {
	keygen_started(&[1, 2, 3]);
	let parties = run_session(rng);
	assert!(Anchoring::active_group_key().is_some());
	assert_ok!(Anchoring::set_eth_contract(
		RuntimeOrigin::signed(RelayerAdmin::get()),
		CHAIN,
		Some(CONTRACT),
		0
	));
	assert!(Checkpoints::<Test>::contains_key(0));
	parties
}

/// `who` submits `signature` for checkpoint `n` on chain `chain`.
fn submit(who: AccountId, n: u64, chain: u64, signature: [u8; 64]) -> DispatchResult {
	Anchoring::submit_signature(
		RuntimeOrigin::signed(who),
		n,
		AnchorTarget::Ethereum { chain_id: chain },
		signature,
	)
}

/// Whether that submission would be free.
fn free(who: AccountId, n: u64, chain: u64, signature: [u8; 64]) -> bool {
	let call = RuntimeCall::Anchoring(crate::Call::submit_signature {
		checkpoint: n,
		target: AnchorTarget::Ethereum { chain_id: chain },
		signature,
	});
	call.is_feeless(&RuntimeOrigin::signed(who))
}

/// A signature as 64 bytes.
fn bytes(signature: &frost::Signature) -> [u8; 64] {
	signature.serialize().expect("serialize").try_into().expect("64 bytes")
}

#[test]
fn a_threshold_signature_of_a_checkpoint_is_verified_and_recorded() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(11);
		let parties = signed_setup(&mut rng);
		let (message, epoch, key) = Anchoring::eth_signing_message(0, CHAIN).expect("signable");
		let key_x = key.key_x;
		// The message binds MetaChain's genesis hash, the chain id, the contract, the number and
		// the root, as the contract computes it.
		let root = Checkpoints::<Test>::get(0).unwrap().root;
		assert_eq!(
			message,
			crate::signature::eth_anchor_message(hash_of(0), CHAIN, CONTRACT, 0, root)
		);
		assert_eq!(epoch, 0);
		// Relayers 1 and 3 sign; anyone (here account 9) submits.
		let signature = bytes(&sign(&parties, &[0, 2], &message, &mut rng));
		assert!(crate::signature::verify_bip340(&key_x, &message, &signature));
		assert!(free(9, 0, CHAIN, signature));
		assert_ok!(submit(9, 0, CHAIN, signature));
		let target = AnchorTarget::Ethereum { chain_id: CHAIN };
		assert_eq!(
			Signatures::<Test>::get(0, target),
			Some(GroupSignature { epoch: 0, signature, signed_at: System::block_number() })
		);
		assert!(events().contains(&Event::CheckpointSigned {
			checkpoint: 0,
			target,
			epoch: 0,
			signature
		}));
		// Once per checkpoint and target; any other pair of relayers' signature is as good.
		let again = bytes(&sign(&parties, &[1, 2], &message, &mut rng));
		assert_noop!(submit(9, 0, CHAIN, again), Error::<Test>::AlreadySigned);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_one_relayer_signs_alone_and_is_refused() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(12);
		let parties = signed_setup(&mut rng);
		let (message, _, _) = Anchoring::eth_signing_message(0, CHAIN).expect("signable");
		// Relayer 1 signs with its own share as if it were the key: a valid BIP340 signature,
		// but under its verifying share, not the group key.
		let share = parties[0].key.as_ref().unwrap().signing_share().serialize();
		let alone = frost::SigningKey::deserialize(&share).expect("a scalar");
		let signature = bytes(&alone.sign(&mut rng, &message));
		let mut written = 0;
		if submit(1, 0, CHAIN, signature).is_ok() {
			written += 1;
		}
		println!("signatures one relayer wrote alone: {written} (expected 0)");
		assert_eq!(written, 0);
		assert!(!free(1, 0, CHAIN, signature), "a refused signature pays its fee");
		assert_noop!(submit(1, 0, CHAIN, signature), Error::<Test>::BadSignature);
		assert!(Signatures::<Test>::iter().next().is_none());
	});
}

#[test]
fn attack_a_threshold_signature_of_another_message_is_refused() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(13);
		let parties = signed_setup(&mut rng);
		// A threshold of relayers (1 and 2) signs another root for checkpoint 0, as compromised
		// relayers would: refused, since the chain checks the message it computes from its own
		// checkpoint, so no wrong root can be carried to Ethereum with the chain's record.
		let wrong = crate::signature::eth_anchor_message(
			hash_of(0),
			CHAIN,
			CONTRACT,
			0,
			H256::repeat_byte(7),
		);
		let signature = bytes(&sign(&parties, &[0, 1], &wrong, &mut rng));
		assert_noop!(submit(1, 0, CHAIN, signature), Error::<Test>::BadSignature);
		// Checkpoint 0's signature replayed as checkpoint 1's, or for another chain.
		let (message, _, _) = Anchoring::eth_signing_message(0, CHAIN).expect("signable");
		let good = bytes(&sign(&parties, &[0, 1], &message, &mut rng));
		run_to(System::block_number() + INTERVAL);
		assert!(Checkpoints::<Test>::contains_key(1));
		// Out of order: the contract records checkpoint 0 first.
		assert_noop!(submit(1, 1, CHAIN, good), Error::<Test>::NotNextCheckpoint);
		assert_ok!(Anchoring::set_targets(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			vec![ETH, BTC, AnchorTarget::Ethereum { chain_id: 1 }].try_into().unwrap()
		));
		assert_ok!(Anchoring::set_eth_contract(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			1,
			Some(CONTRACT),
			0
		));
		assert_noop!(submit(1, 0, 1, good), Error::<Test>::BadSignature);
		// A checkpoint not yet recorded, and Bitcoin (signed by spending, not here).
		assert_noop!(submit(1, 99, CHAIN, good), Error::<Test>::UnknownCheckpoint);
		assert_noop!(submit(1, 0, 5, good), Error::<Test>::UnknownTarget);
		assert_ok!(submit(1, 0, CHAIN, good));
		assert_noop!(submit(1, 1, CHAIN, good), Error::<Test>::BadSignature);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn nothing_is_signed_without_a_key_or_a_contract() {
	new_test_ext().execute_with(|| {
		run_to(INTERVAL + 1);
		assert_noop!(submit(1, 0, CHAIN, [1; 64]), Error::<Test>::NoContract);
		assert_ok!(Anchoring::set_eth_contract(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			CHAIN,
			Some(CONTRACT),
			0
		));
		assert!(events().contains(&Event::EthContractSet {
			chain_id: CHAIN,
			contract: Some(CONTRACT),
			first_checkpoint: 0
		}));
		assert_noop!(submit(1, 0, CHAIN, [1; 64]), Error::<Test>::NoGroupKey);
		// Only the relayer origin sets contracts, only for listed Ethereum targets.
		assert_noop!(
			Anchoring::set_eth_contract(RuntimeOrigin::signed(1), CHAIN, None, 0),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Anchoring::set_eth_contract(RuntimeOrigin::signed(RelayerAdmin::get()), 5, None, 0),
			Error::<Test>::UnknownTarget
		);
		assert_ok!(Anchoring::set_eth_contract(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			CHAIN,
			None,
			0
		));
		assert!(EthContracts::<Test>::get().is_empty());
	});
}
