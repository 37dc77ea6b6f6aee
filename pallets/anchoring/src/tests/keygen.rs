//! The group key's generation over extrinsics, run with real FROST packages
//! (`frost-secp256k1-tr`): sessions among the eligible relayers, rounds, deadlines, exclusions
//! and the lock-in; each rule with the attack it stops. Round-2 packages go unsealed here (the
//! chain does not read them; the relayer seals them to their recipients).

use super::*;
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use frost::keys::dkg;
use frost_secp256k1_tr as frost;
use rand::{rngs::StdRng, SeedableRng};
use std::collections::BTreeMap;

/// One relayer's side of a key generation, as its software would keep it.
pub(super) struct Party {
	pub(super) who: AccountId,
	pub(super) id: frost::Identifier,
	pub(super) round1: Option<dkg::round1::SecretPackage>,
	pub(super) round2: Option<dkg::round2::SecretPackage>,
	pub(super) key: Option<frost::keys::KeyPackage>,
	pub(super) public: Option<frost::keys::PublicKeyPackage>,
}

/// The FROST identifier of `who`: derived from its SCALE encoding, as the relayers do.
fn identifier(who: AccountId) -> frost::Identifier {
	frost::Identifier::derive(&who.encode()).expect("an identifier")
}

/// `relayers` bond and become eligible ([`bonded_and_eligible`]); a session among them starts
/// in the next block, which this returns.
pub(super) fn keygen_started(relayers: &[AccountId]) -> u64 {
	let block = bonded_and_eligible(relayers) + 1;
	run_to(block);
	block
}

/// The session in progress.
fn session() -> DkgSessionOf<Test> {
	Dkg::<Test>::get().expect("a key generation in progress")
}

/// The parties of the session in progress, in member order.
fn parties() -> Vec<Party> {
	session()
		.members
		.iter()
		.map(|who| Party {
			who: *who,
			id: identifier(*who),
			round1: None,
			round2: None,
			key: None,
			public: None,
		})
		.collect()
}

/// `party` posts its round-1 package.
fn post_round1(party: &mut Party, rng: &mut StdRng) -> DispatchResult {
	let s = session();
	let (secret, package) =
		dkg::part1(party.id, s.members.len() as u16, s.threshold as u16, rng).expect("part 1");
	party.round1 = Some(secret);
	let payload = package.serialize().expect("serialize").try_into().expect("fits");
	Anchoring::dkg_post(RuntimeOrigin::signed(party.who), s.id, 1, payload)
}

/// Everyone's round-1 packages, read back from the chain, but `me`'s.
fn round1_posts(me: usize) -> BTreeMap<frost::Identifier, dkg::round1::Package> {
	let s = session();
	(0..s.members.len())
		.filter(|i| *i != me)
		.map(|i| {
			let bytes = DkgPosts::<Test>::get(s.id, (1, i as u8)).expect("posted");
			let package = dkg::round1::Package::deserialize(&bytes).expect("a package");
			(identifier(s.members[i]), package)
		})
		.collect()
}

/// `party` (member `me`) posts its round-2 packages: SCALE `Vec<(recipient index, package)>`.
fn post_round2(party: &mut Party, me: usize) -> DispatchResult {
	let s = session();
	let (secret, packages) =
		dkg::part2(party.round1.take().expect("round 1 done"), &round1_posts(me)).expect("part 2");
	party.round2 = Some(secret);
	let wire: Vec<(u8, Vec<u8>)> = s
		.members
		.iter()
		.enumerate()
		.filter_map(|(i, who)| {
			packages.get(&identifier(*who)).map(|p| (i as u8, p.serialize().expect("serialize")))
		})
		.collect();
	Anchoring::dkg_post(
		RuntimeOrigin::signed(party.who),
		s.id,
		2,
		wire.encode().try_into().unwrap(),
	)
}

/// The confirmation a public key package gives: Q's x and the verifying shares in member order.
fn result_of(public: &frost::keys::PublicKeyPackage) -> DkgResultOf<Test> {
	let s = session();
	let key = public.verifying_key().serialize().expect("serialize");
	let shares: Vec<[u8; 33]> = s
		.members
		.iter()
		.map(|who| {
			let share = public.verifying_shares()[&identifier(*who)].serialize().expect("ser");
			share.try_into().expect("33 bytes")
		})
		.collect();
	DkgResult {
		key: key.try_into().expect("33 bytes"),
		verifying_shares: shares.try_into().expect("fits"),
	}
}

/// `party` (member `me`) opens the round-2 packages sent to it, finishes, and confirms its key.
fn confirm(party: &mut Party, me: usize) -> DispatchResult {
	let s = session();
	let mut inbox = BTreeMap::new();
	for (i, who) in s.members.iter().enumerate().filter(|(i, _)| *i != me) {
		let bytes = DkgPosts::<Test>::get(s.id, (2, i as u8)).expect("posted");
		let wire: Vec<(u8, Vec<u8>)> = codec::Decode::decode(&mut &bytes[..]).expect("wire");
		let (_, mine) = wire.into_iter().find(|(to, _)| *to as usize == me).expect("mine");
		inbox.insert(identifier(*who), dkg::round2::Package::deserialize(&mine).expect("pkg"));
	}
	let (key, public) =
		dkg::part3(party.round2.as_ref().expect("round 2 done"), &round1_posts(me), &inbox)
			.expect("part 3");
	let result = result_of(&public);
	party.key = Some(key);
	party.public = Some(public);
	Anchoring::dkg_confirm(RuntimeOrigin::signed(party.who), s.id, result)
}

/// Every party posts its round-1 package.
fn all_post_round1(parties: &mut [Party], rng: &mut StdRng) {
	for p in parties.iter_mut() {
		assert_ok!(post_round1(p, rng));
	}
}

/// Every party posts its round-2 packages.
fn all_post_round2(parties: &mut [Party]) {
	for (i, p) in parties.iter_mut().enumerate() {
		assert_ok!(post_round2(p, i));
	}
}

/// Runs the session in progress to its end with every member honest; returns the parties.
pub(super) fn run_session(rng: &mut StdRng) -> Vec<Party> {
	let mut parties = parties();
	all_post_round1(&mut parties, rng);
	all_post_round2(&mut parties);
	for (i, p) in parties.iter_mut().enumerate() {
		assert_ok!(confirm(p, i));
	}
	parties
}

/// A BIP340 signature of `msg` by the first `t` of `parties`, checked by FROST.
pub(super) fn sign(
	parties: &[Party],
	signers: &[usize],
	msg: &[u8],
	rng: &mut StdRng,
) -> frost::Signature {
	let mut nonces = BTreeMap::new();
	let mut commitments = BTreeMap::new();
	for i in signers {
		let key = parties[*i].key.as_ref().expect("a share");
		let (n, c) = frost::round1::commit(key.signing_share(), rng);
		nonces.insert(*i, n);
		commitments.insert(parties[*i].id, c);
	}
	let package = frost::SigningPackage::new(commitments, msg);
	let shares: BTreeMap<_, _> = signers
		.iter()
		.map(|i| {
			let key = parties[*i].key.as_ref().expect("a share");
			(parties[*i].id, frost::round2::sign(&package, &nonces[i], key).expect("a share"))
		})
		.collect();
	let public = parties[signers[0]].public.as_ref().expect("public");
	frost::aggregate(&package, &shares, public).expect("a signature")
}

#[test]
fn a_session_starts_among_the_eligible_relayers_most_senior_first() {
	new_test_ext().execute_with(|| {
		run_to(1);
		assert_ok!(bond(3, MIN_BOND));
		run_to(2);
		assert_ok!(bond(1, MIN_BOND));
		assert_ok!(bond(2, MIN_BOND));
		// Relayer 3 alone is eligible at block 12: fewer than t = 2, no session.
		run_to(1 + BOND_AGE);
		assert_ok!(heartbeat(3));
		run_to(2 + BOND_AGE);
		assert_eq!(Anchoring::eligible_relayers(), vec![3]);
		assert_eq!(Dkg::<Test>::get(), None);
		assert_ok!(heartbeat(1));
		assert_ok!(heartbeat(2));
		run_to(3 + BOND_AGE);
		let s = session();
		assert_eq!((s.id, s.epoch, s.threshold, s.round), (0, 0, 2, 1));
		assert_eq!(s.members.to_vec(), vec![3, 1, 2]);
		assert_eq!(s.deadline, 3 + BOND_AGE + DKG_ROUND);
		assert!(events().contains(&Event::DkgStarted {
			session: 0,
			epoch: 0,
			members: vec![3, 1, 2],
			threshold: 2,
			deadline: 3 + BOND_AGE + DKG_ROUND,
		}));
		assert_eq!(Anchoring::dkg_session(), Some(s));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn no_session_with_a_threshold_of_one() {
	// FROST refuses t = 1; such a chain anchors by attestations only.
	ext(vec![1, 2], Some(1), vec![ETH]).execute_with(|| {
		keygen_started(&[1, 2]);
		run_to(2 + BOND_AGE);
		assert_eq!(Dkg::<Test>::get(), None);
		assert_eq!(NextDkgSession::<Test>::get(), 0);
	});
}

#[test]
fn a_real_frost_key_generation_locks_the_group_key_in() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(1);
		let started = keygen_started(&[1, 2, 3]);
		let mut parties = parties();
		all_post_round1(&mut parties, &mut rng);
		let s = session();
		assert_eq!((s.round, s.posted), (2, 0));
		assert!(events().contains(&Event::DkgRoundOpened {
			session: 0,
			round: 2,
			deadline: started + DKG_ROUND
		}));
		all_post_round2(&mut parties);
		assert_eq!(session().round, 3);
		for (i, p) in parties.iter_mut().take(2).enumerate() {
			assert_ok!(confirm(p, i));
		}
		assert_eq!(Anchoring::active_group_key(), None);
		assert_ok!(Anchoring::do_try_state());
		assert_ok!(confirm(&mut parties[2], 2));

		// Locked in: the key every member reached, with its shares, in force as epoch 0.
		let public = parties[0].public.clone().expect("public");
		let expected = result_of_public(&public, &[1, 2, 3]);
		let (epoch, key) = Anchoring::active_group_key().expect("a key in force");
		assert_eq!(epoch, 0);
		assert_eq!(key.key, expected.key);
		assert_eq!(key.key_x[..], expected.key[1..]);
		assert_eq!(key.verifying_shares, expected.verifying_shares);
		assert_eq!(
			(key.threshold, key.members.to_vec(), key.locked_at),
			(2, vec![1, 2, 3], started)
		);
		assert!(events().contains(&Event::GroupKeyLocked {
			epoch: 0,
			key_x: key.key_x,
			members: vec![1, 2, 3],
			threshold: 2
		}));
		// The session and its posts are gone; no new one starts while the key is in force.
		assert_eq!(Dkg::<Test>::get(), None);
		assert_eq!(DkgPosts::<Test>::iter().count(), 0);
		assert_eq!(DkgConfirmations::<Test>::iter().count(), 0);
		run_to(started + 3 * DKG_ROUND);
		assert_eq!(Dkg::<Test>::get(), None);

		// Every two of the three sign for the key: a BIP340 signature under Q's x.
		let msg = b"checkpoint 7";
		for signers in [[0, 1], [0, 2], [1, 2]] {
			let signature = sign(&parties, &signers, msg, &mut rng);
			assert!(public.verifying_key().verify(msg, &signature).is_ok());
		}
		assert_ok!(Anchoring::do_try_state());
	});
}

/// The confirmation of `public` for the members `members` (outside a session).
fn result_of_public(
	public: &frost::keys::PublicKeyPackage,
	members: &[AccountId],
) -> DkgResultOf<Test> {
	let key = public.verifying_key().serialize().expect("serialize");
	let shares: Vec<[u8; 33]> = members
		.iter()
		.map(|who| {
			let share = public.verifying_shares()[&identifier(*who)].serialize().expect("ser");
			share.try_into().expect("33 bytes")
		})
		.collect();
	DkgResult {
		key: key.try_into().expect("33 bytes"),
		verifying_shares: shares.try_into().expect("fits"),
	}
}

#[test]
fn posts_out_of_turn_are_refused() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(2);
		let post = |who, session, round| {
			Anchoring::dkg_post(
				RuntimeOrigin::signed(who),
				session,
				round,
				vec![1].try_into().unwrap(),
			)
		};
		assert_noop!(post(1, 0, 1), Error::<Test>::NoKeygen);
		keygen_started(&[1, 2]);
		assert_noop!(post(3, 0, 1), Error::<Test>::NotMember);
		assert_noop!(post(1, 1, 1), Error::<Test>::WrongSession);
		assert_noop!(post(1, 0, 2), Error::<Test>::WrongRound);
		assert_noop!(post(1, 0, 3), Error::<Test>::WrongRound);
		let mut parties = parties();
		assert_ok!(post_round1(&mut parties[0], &mut rng));
		assert_noop!(post(1, 0, 1), Error::<Test>::AlreadyPosted);
		let bad = DkgResult { key: [1; 33], verifying_shares: vec![[2; 33]].try_into().unwrap() };
		assert_noop!(
			Anchoring::dkg_confirm(RuntimeOrigin::signed(1), 0, bad),
			Error::<Test>::WrongRound
		);
		assert_noop!(
			Anchoring::dkg_complain(RuntimeOrigin::signed(1), 0, 1),
			Error::<Test>::BadComplaint
		);
		assert_noop!(
			Anchoring::dkg_complain(RuntimeOrigin::signed(1), 0, 3),
			Error::<Test>::BadComplaint
		);
		assert_noop!(
			Anchoring::dkg_complain(RuntimeOrigin::signed(3), 0, 1),
			Error::<Test>::NotMember
		);
		assert_ok!(post_round1(&mut parties[1], &mut rng));
		assert_ok!(post_round2(&mut parties[0], 0));
		assert_ok!(post_round2(&mut parties[1], 1));
		// Round 3: a confirmation must carry one share per member and a key.
		let short = DkgResult { key: [1; 33], verifying_shares: vec![[2; 33]].try_into().unwrap() };
		assert_noop!(
			Anchoring::dkg_confirm(RuntimeOrigin::signed(1), 0, short),
			Error::<Test>::BadConfirmation
		);
		let zero =
			DkgResult { key: [0; 33], verifying_shares: vec![[2; 33]; 2].try_into().unwrap() };
		assert_noop!(
			Anchoring::dkg_confirm(RuntimeOrigin::signed(1), 0, zero),
			Error::<Test>::BadConfirmation
		);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_non_member_floods_key_generation_posts_and_pays() {
	new_test_ext().execute_with(|| {
		keygen_started(&[1, 2]);
		let call = RuntimeCall::Anchoring(crate::Call::dkg_post {
			session: 0,
			round: 1,
			payload: vec![0; MAX_DKG_PAYLOAD as usize].try_into().unwrap(),
		});
		let free = |who| {
			<RuntimeCall as frame_support::dispatch::CheckIfFeeless>::is_feeless(
				&call,
				&RuntimeOrigin::signed(who),
			)
		};
		assert!(free(1));
		// Relayer 3 is listed but not a member; account 9 is nobody: both pay the full fee for
		// a refused post of the largest size.
		let mut free_spam = 0;
		for who in [3, 9] {
			if free(who) {
				free_spam += 1;
			}
		}
		println!("non-member key-generation posts carried free: {free_spam} of 2 (expected 0)");
		assert_eq!(free_spam, 0);
		assert_eq!(call.get_dispatch_info().pays_fee, frame_support::dispatch::Pays::Yes);
	});
}

#[test]
fn attack_a_no_show_stalls_the_key_generation_and_is_left_out() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(3);
		let started = keygen_started(&[1, 2, 3]);
		let mut parties = parties();
		// Relayer 2 never posts round 1.
		assert_ok!(post_round1(&mut parties[0], &mut rng));
		assert_ok!(post_round1(&mut parties[2], &mut rng));
		run_to(started + DKG_ROUND);
		assert_eq!(session().round, 1);
		run_to(started + DKG_ROUND + 1);
		assert!(events().contains(&Event::DkgFailed { session: 0, round: 1, excluded: vec![2] }));
		assert_eq!(DkgExcluded::<Test>::get().to_vec(), vec![2]);
		assert_eq!(DkgPosts::<Test>::iter().count(), 0);
		// The next session starts in the next block, without it, and locks a key.
		run_to(started + DKG_ROUND + 2);
		assert_eq!(session().id, 1);
		assert_eq!(session().members.to_vec(), vec![1, 3]);
		run_session(&mut rng);
		let (_, key) = Anchoring::active_group_key().expect("locked");
		let in_key = key.members.contains(&2);
		println!("the no-show holds a share of the key: {in_key} (expected false)");
		assert!(!in_key);
		assert_eq!(DkgExcluded::<Test>::get().len(), 0);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_member_confirms_a_key_of_its_own_and_nothing_locks() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(4);
		keygen_started(&[1, 2, 3]);
		let mut parties = parties();
		all_post_round1(&mut parties, &mut rng);
		all_post_round2(&mut parties);
		assert_ok!(confirm(&mut parties[0], 0));
		assert_ok!(confirm(&mut parties[1], 1));
		// Relayer 3 confirms a key it made alone, hoping the chain takes it.
		let mut own = result_of(parties[0].public.as_ref().unwrap());
		// (A valid point, not the group's: another member's verifying share.)
		own.key = own.verifying_shares[1];
		assert_ok!(Anchoring::dkg_confirm(RuntimeOrigin::signed(3), 0, own));
		let locked = Anchoring::active_group_key().is_some();
		println!("a key locked against one member's confirmation: {locked} (expected false)");
		assert!(!locked);
		assert!(events().contains(&Event::DkgFailed { session: 0, round: 3, excluded: vec![3] }));
		// The next session, without it, locks a key it holds no share of.
		run_to(System::block_number() + 1);
		assert_eq!(session().members.to_vec(), vec![1, 2]);
		run_session(&mut rng);
		let (_, key) = Anchoring::active_group_key().expect("locked");
		assert!(!key.members.contains(&3));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_false_complaint_keeps_the_complainer_out_longest() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(5);
		keygen_started(&[1, 2, 3]);
		let mut parties = parties();
		all_post_round1(&mut parties, &mut rng);
		// Relayer 1 complains that honest relayer 2's package is bad.
		assert_ok!(Anchoring::dkg_complain(RuntimeOrigin::signed(1), 0, 2));
		assert!(events().contains(&Event::DkgComplaint { session: 0, by: 1, against: 2 }));
		assert!(events().contains(&Event::DkgFailed {
			session: 0,
			round: 2,
			excluded: vec![2, 1]
		}));
		// Both are left out; with only 3 left (< t), the accused comes back first.
		run_to(System::block_number() + 1);
		assert_eq!(session().members.to_vec(), vec![2, 3]);
		assert_eq!(DkgExcluded::<Test>::get().to_vec(), vec![1]);
		run_session(&mut rng);
		let (_, key) = Anchoring::active_group_key().expect("locked");
		let in_key = key.members.contains(&1);
		println!("the false complainer holds a share of the key: {in_key} (expected false)");
		assert!(!in_key);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn key_members_cannot_unbond_while_they_serve() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(6);
		keygen_started(&[1, 2]);
		// A member of the session in progress.
		assert_noop!(Anchoring::unbond_relayer(RuntimeOrigin::signed(1)), Error::<Test>::KeyMember);
		run_session(&mut rng);
		// A holder of a share of the key in force.
		assert_noop!(Anchoring::unbond_relayer(RuntimeOrigin::signed(2)), Error::<Test>::KeyMember);
		// Relayer 3 holds none: it may leave.
		assert_ok!(bond(3, MIN_BOND));
		assert_ok!(Anchoring::unbond_relayer(RuntimeOrigin::signed(3)));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn setting_the_relayers_stops_a_session_in_progress() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(7);
		keygen_started(&[1, 2]);
		let mut parties = parties();
		assert_ok!(post_round1(&mut parties[0], &mut rng));
		assert_ok!(Anchoring::set_relayers(
			RuntimeOrigin::signed(RelayerAdmin::get()),
			vec![1, 2, 3].try_into().unwrap(),
			2
		));
		assert!(events().contains(&Event::DkgFailed { session: 0, round: 1, excluded: vec![] }));
		assert_eq!(Dkg::<Test>::get(), None);
		assert_eq!(DkgPosts::<Test>::iter().count(), 0);
		// The next starts among the new set's eligible relayers.
		run_to(System::block_number() + 1);
		assert_eq!(session().id, 1);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn try_state_catches_a_stray_post_and_a_missing_key() {
	new_test_ext().execute_with(|| {
		DkgPosts::<Test>::insert(5, (1, 0), DkgPayload::default());
		assert!(Anchoring::do_try_state().is_err());
		DkgPosts::<Test>::remove(5, (1, 0));
		ActiveEpoch::<Test>::put(0);
		assert!(Anchoring::do_try_state().is_err());
	});
}
