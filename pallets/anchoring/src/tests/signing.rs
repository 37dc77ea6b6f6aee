//! The group's signing rounds over extrinsics, with real FROST nonces and shares
//! (`frost-secp256k1-tr`): the first `t` members to commit sign, the chain checks each share and
//! records the signature the `t`-th makes; a silent signer is left out after the deadline, a bad
//! share costs its sender the whole bond; each rule with the attack it stops.

use super::{keygen::*, signatures::*, *};
use frame_support::{assert_noop, assert_ok, dispatch::CheckIfFeeless};
use frost::round1::SigningNonces;
use frost_secp256k1_tr as frost;
use rand::{rngs::StdRng, SeedableRng};
use std::collections::BTreeMap;

/// The Ethereum target's round as stored.
fn round() -> SigningRoundOf<Test> {
	round_of(ETH)
}

/// `target`'s round as stored.
pub(super) fn round_of(target: AnchorTarget) -> SigningRoundOf<Test> {
	SigningRounds::<Test>::get(target).expect("a signing round")
}

/// Party `i` commits in `attempt` of checkpoint `n`'s signing on the Ethereum target: the
/// nonces it keeps, and the call's result.
fn commit(
	parties: &[Party],
	i: usize,
	n: u64,
	attempt: u32,
	rng: &mut StdRng,
) -> (SigningNonces, DispatchResult) {
	commit_on(ETH, parties, i, n, attempt, rng)
}

/// Party `i` commits in `attempt` of checkpoint `n`'s signing on `target`.
pub(super) fn commit_on(
	target: AnchorTarget,
	parties: &[Party],
	i: usize,
	n: u64,
	attempt: u32,
	rng: &mut StdRng,
) -> (SigningNonces, DispatchResult) {
	let key = parties[i].key.as_ref().expect("a share");
	let (nonces, commitments) = frost::round1::commit(key.signing_share(), rng);
	let hiding = point(commitments.hiding().serialize().expect("ser"));
	let binding = point(commitments.binding().serialize().expect("ser"));
	let result = Anchoring::sign_commit(
		RuntimeOrigin::signed(parties[i].who),
		target,
		n,
		attempt,
		hiding,
		binding,
	);
	(nonces, result)
}

/// A compressed point's 33 bytes.
fn point(bytes: Vec<u8>) -> [u8; 33] {
	bytes.try_into().expect("33 bytes")
}

/// Party `i`'s share of `message`, over the commitments on chain (as its relayer builds it).
fn share_of(parties: &[Party], i: usize, nonces: &SigningNonces, message: &[u8; 32]) -> [u8; 32] {
	share_on(ETH, parties, i, nonces, message)
}

/// Party `i`'s share of `message` on `target`.
pub(super) fn share_on(
	target: AnchorTarget,
	parties: &[Party],
	i: usize,
	nonces: &SigningNonces,
	message: &[u8; 32],
) -> [u8; 32] {
	let r = round_of(target);
	let key = Anchoring::group_key(r.epoch).expect("the key");
	let commitments: BTreeMap<_, _> = r
		.commitments
		.iter()
		.map(|c| {
			let member = key.members[c.member as usize];
			let id = frost::Identifier::derive(&codec::Encode::encode(&member)).expect("id");
			let hiding = frost::round1::NonceCommitment::deserialize(&c.hiding).expect("hiding");
			let binding = frost::round1::NonceCommitment::deserialize(&c.binding).expect("binding");
			(id, frost::round1::SigningCommitments::new(hiding, binding))
		})
		.collect();
	let package = frost::SigningPackage::new(commitments, message);
	let key_package = parties[i].key.as_ref().expect("a share");
	let share = frost::round2::sign(&package, nonces, key_package).expect("a share");
	share.serialize().try_into().expect("32 bytes")
}

/// Party `i` posts `share` in `attempt` of checkpoint `n`'s signing.
fn post(parties: &[Party], i: usize, n: u64, attempt: u32, share: [u8; 32]) -> DispatchResult {
	post_on(ETH, parties, i, n, attempt, share)
}

/// Party `i` posts `share` in `attempt` of checkpoint `n`'s signing on `target`.
pub(super) fn post_on(
	target: AnchorTarget,
	parties: &[Party],
	i: usize,
	n: u64,
	attempt: u32,
	share: [u8; 32],
) -> DispatchResult {
	Anchoring::sign_share(RuntimeOrigin::signed(parties[i].who), target, n, attempt, share)
}

/// Whether that post would be free.
fn share_free(who: AccountId, n: u64, attempt: u32, share: [u8; 32]) -> bool {
	let call = RuntimeCall::Anchoring(crate::Call::sign_share {
		target: ETH,
		checkpoint: n,
		attempt,
		share,
	});
	call.is_feeless(&RuntimeOrigin::signed(who))
}

/// The message of checkpoint `n`.
fn message(n: u64) -> [u8; 32] {
	Anchoring::signing_message(n, ETH).expect("signable").0
}

#[test]
fn the_first_t_to_commit_sign_and_the_chain_records_the_signature() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(21);
		let parties = signed_setup(&mut rng);
		assert_eq!(SigningCursor::<Test>::get(ETH), Some(0));
		let (_, msg, fresh) = Anchoring::signing(ETH).expect("a signing in progress");
		assert_eq!((fresh.checkpoint, fresh.attempt, fresh.signers(2)), (0, 0, 0));
		assert_eq!(msg, message(0));
		// Relayers 3 and 1 commit (free); with t = 2 they are the signing set, in that order.
		let (n3, r) = commit(&parties, 2, 0, 0, &mut rng);
		assert_ok!(r);
		let (n1, r) = commit(&parties, 0, 0, 0, &mut rng);
		assert_ok!(r);
		assert!(events().contains(&Event::SigningSetChosen {
			target: ETH,
			checkpoint: 0,
			attempt: 0,
			signers: vec![3, 1]
		}));
		assert_eq!(round().signers(2), 0b101);
		// Relayer 2 is late: the set takes no more.
		let (_, r) = commit(&parties, 1, 0, 0, &mut rng);
		assert_noop!(r, Error::<Test>::SigningSetChosen);
		// Each signer's share is checked; the second makes the signature.
		let s3 = share_of(&parties, 2, &n3, &msg);
		assert!(share_free(3, 0, 0, s3));
		assert_ok!(post(&parties, 2, 0, 0, s3));
		assert!(Signatures::<Test>::get(0, ETH).is_none());
		assert_noop!(post(&parties, 2, 0, 0, s3), Error::<Test>::AlreadyPosted);
		assert_noop!(post(&parties, 1, 0, 0, s3), Error::<Test>::NotSigner);
		let s1 = share_of(&parties, 0, &n1, &msg);
		assert_ok!(post(&parties, 0, 0, 0, s1));
		let recorded = Signatures::<Test>::get(0, ETH).expect("signed");
		let (_, key) = Anchoring::active_group_key().expect("a key");
		assert!(crate::signature::verify_bip340(&key.key_x, &msg, &recorded.signature));
		let signature = frost::Signature::deserialize(&recorded.signature).expect("signature");
		let public = parties[0].public.as_ref().expect("public");
		assert_ok!(public.verifying_key().verify(&msg, &signature));
		assert!(events().contains(&Event::CheckpointSigned {
			checkpoint: 0,
			target: ETH,
			epoch: 0,
			signature: recorded.signature
		}));
		// The cursor moves on; checkpoint 1 is next once recorded, with a fresh round.
		assert_eq!(SigningCursor::<Test>::get(ETH), Some(1));
		let (_, r) = commit(&parties, 0, 0, 0, &mut rng);
		assert_noop!(r, Error::<Test>::NotNextCheckpoint);
		run_to(System::block_number() + INTERVAL);
		let (n1, r) = commit(&parties, 0, 1, 0, &mut rng);
		assert_ok!(r);
		let (n2, r) = commit(&parties, 1, 1, 0, &mut rng);
		assert_ok!(r);
		let msg1 = message(1);
		assert_ok!(post(&parties, 0, 1, 0, share_of(&parties, 0, &n1, &msg1)));
		assert_ok!(post(&parties, 1, 1, 0, share_of(&parties, 1, &n2, &msg1)));
		assert!(Signatures::<Test>::get(1, ETH).is_some());
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_signer_sends_a_bad_share_and_loses_its_bond() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(22);
		let parties = signed_setup(&mut rng);
		let msg = message(0);
		let (n1, r) = commit(&parties, 0, 0, 0, &mut rng);
		assert_ok!(r);
		let (n2, r) = commit(&parties, 1, 0, 0, &mut rng);
		assert_ok!(r);
		// Relayer 1 signs another root with its nonces, hoping to get a signature of it (or to
		// stall the signing): its share does not verify for the checkpoint's message.
		let wrong = crate::signature::eth_anchor_message(
			hash_of(0),
			CHAIN,
			CONTRACT,
			0,
			H256::repeat_byte(7),
		);
		let bad = share_of(&parties, 0, &n1, &wrong);
		let s2 = share_of(&parties, 1, &n2, &msg);
		let before = Balances::total_balance(&1);
		assert_ok!(post(&parties, 0, 0, 0, bad));
		let lost = before - Balances::total_balance(&1);
		println!("the bad signer's net: -{lost} MC (its whole bond, {MIN_BOND}); signatures: 0");
		assert_eq!(lost, MIN_BOND);
		assert_eq!(Balances::free_balance(SlashSink::get()), MIN_BOND);
		assert!(RelayerBonds::<Test>::get(1).is_none());
		assert!(events().contains(&Event::BadSignatureShare {
			target: ETH,
			checkpoint: 0,
			attempt: 0,
			member: 1,
			slashed: MIN_BOND
		}));
		assert!(Signatures::<Test>::get(0, ETH).is_none());
		// A new attempt without it; relayer 2's share of the broken attempt is void.
		assert_eq!((round().attempt, round().excluded), (1, 0b001));
		assert_noop!(post(&parties, 1, 0, 0, s2), Error::<Test>::WrongAttempt);
		// It has no bond left to sign with.
		let (_, r) = commit(&parties, 0, 0, 1, &mut rng);
		assert_noop!(r, Error::<Test>::NotBonded);
		// Relayers 2 and 3 sign the checkpoint.
		let (n2, r) = commit(&parties, 1, 0, 1, &mut rng);
		assert_ok!(r);
		let (n3, r) = commit(&parties, 2, 0, 1, &mut rng);
		assert_ok!(r);
		assert_ok!(post(&parties, 1, 0, 1, share_of(&parties, 1, &n2, &msg)));
		assert_ok!(post(&parties, 2, 0, 1, share_of(&parties, 2, &n3, &msg)));
		assert_eq!(Signatures::<Test>::get(0, ETH).map(|s| s.epoch), Some(0));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_signer_commits_and_goes_silent_and_is_left_out_for_two_checkpoints() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(23);
		let parties = signed_setup(&mut rng);
		let msg = message(0);
		let opened = System::block_number();
		let (_n1, r) = commit(&parties, 0, 0, 0, &mut rng);
		assert_ok!(r);
		let (n2, r) = commit(&parties, 1, 0, 0, &mut rng);
		assert_ok!(r);
		assert_ok!(post(&parties, 1, 0, 0, share_of(&parties, 1, &n2, &msg)));
		// Relayer 1 never posts its share. Until the deadline the attempt stands.
		run_to(opened + DKG_ROUND);
		let (_, r) = commit(&parties, 2, 0, 1, &mut rng);
		assert_noop!(r, Error::<Test>::WrongAttempt);
		// After it, a commitment opens attempt 1 without relayer 1.
		run_to(opened + DKG_ROUND + 1);
		let (_, _, next) = Anchoring::signing(ETH).expect("in progress");
		assert_eq!((next.attempt, next.excluded), (1, 0b001));
		let (n3, r) = commit(&parties, 2, 0, 1, &mut rng);
		assert_ok!(r);
		let (_, r) = commit(&parties, 0, 0, 1, &mut rng);
		assert_noop!(r, Error::<Test>::Excluded);
		let (n2, r) = commit(&parties, 1, 0, 1, &mut rng);
		assert_ok!(r);
		assert_ok!(post(&parties, 2, 0, 1, share_of(&parties, 2, &n3, &msg)));
		assert_ok!(post(&parties, 1, 0, 1, share_of(&parties, 1, &n2, &msg)));
		assert!(Signatures::<Test>::get(0, ETH).is_some());
		// The next checkpoint still leaves it out: it cannot stall each one in turn.
		run_to(System::block_number() + INTERVAL);
		let (_, r) = commit(&parties, 0, 1, 0, &mut rng);
		let stalled = r.is_ok();
		println!(
			"the silent signer gets into the next checkpoint's set: {stalled} (expected false)"
		);
		assert_noop!(r, Error::<Test>::Excluded);
		let (n2, r) = commit(&parties, 1, 1, 0, &mut rng);
		assert_ok!(r);
		let (n3, r) = commit(&parties, 2, 1, 0, &mut rng);
		assert_ok!(r);
		let msg1 = message(1);
		assert_ok!(post(&parties, 1, 1, 0, share_of(&parties, 1, &n2, &msg1)));
		assert_ok!(post(&parties, 2, 1, 0, share_of(&parties, 2, &n3, &msg1)));
		// The one after takes it back (a relayer restarted mid-signing rejoins): at most every
		// other checkpoint can it delay by one deadline.
		run_to(System::block_number() + INTERVAL);
		let (_, r) = commit(&parties, 0, 2, 0, &mut rng);
		assert_ok!(r);
		assert_eq!(round().excluded, 0);
		// Should 1 and 2 be left out, fewer than t would remain: all are forgiven.
		let key = Anchoring::active_group_key().expect("a key").1;
		let r = Pallet::<Test>::next_attempt(round(), 0b001, &key, System::block_number());
		assert_eq!(r.excluded, 0b001);
		let r = Pallet::<Test>::next_attempt(r, 0b010, &key, System::block_number());
		assert_eq!(r.excluded, 0);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_strangers_and_malformed_rounds_are_refused_and_pay() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(24);
		let parties = signed_setup(&mut rng);
		let g = |byte| [byte; 33];
		let commit_as = |who, n, attempt, hiding, binding| {
			let call = RuntimeCall::Anchoring(crate::Call::sign_commit {
				target: ETH,
				checkpoint: n,
				attempt,
				hiding,
				binding,
			});
			let free = call.is_feeless(&RuntimeOrigin::signed(who));
			let result = Anchoring::sign_commit(
				RuntimeOrigin::signed(who),
				ETH,
				n,
				attempt,
				hiding,
				binding,
			);
			(free, result)
		};
		let (_, valid) = commit(&parties, 0, 0, 0, &mut rng);
		assert_ok!(valid);
		let good = round().commitments[0];
		// A stranger (no share of the key), a member with points that are not on the curve, a
		// future checkpoint, a wrong attempt: all refused, none free.
		let attempts = [
			(9, 0, 0, good.hiding, good.binding, Error::<Test>::NotSigner),
			(2, 0, 0, g(7), good.binding, Error::<Test>::BadCommitment),
			(2, 1, 0, good.hiding, good.binding, Error::<Test>::NotNextCheckpoint),
			(2, 0, 3, good.hiding, good.binding, Error::<Test>::WrongAttempt),
			(1, 0, 0, good.hiding, good.binding, Error::<Test>::AlreadyPosted),
		];
		let mut written = 0;
		for (who, n, attempt, hiding, binding, error) in attempts {
			let (free, result) = commit_as(who, n, attempt, hiding, binding);
			assert!(!free, "a refused commitment pays its fee");
			assert_eq!(result, Err(error.into()));
			written += result.is_ok() as u32;
		}
		// Shares before a set is chosen, or by a stranger.
		assert_noop!(post(&parties, 0, 0, 0, [1; 32]), Error::<Test>::NotSigner);
		assert!(!share_free(9, 0, 0, [1; 32]));
		println!("commitments and shares the attackers got written: {written} (expected 0)");
		assert_eq!(round().commitments.len(), 1);
		// No contract, no signing.
		assert_ok!(Anchoring::set_eth_contract(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			CHAIN,
			None,
			0
		));
		let (_, r) = commit(&parties, 1, 0, 0, &mut rng);
		assert_noop!(r, Error::<Test>::NoContract);
		assert_eq!(SigningRounds::<Test>::get(ETH), None);
		assert_ok!(Anchoring::do_try_state());
	});
}
