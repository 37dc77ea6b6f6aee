//! The relayers' threshold key: FROST over secp256k1 in its BIP340/Taproot flavour
//! (`frost-secp256k1-tr` 3.0.0), phase 1 of docs/design/threshold-anchoring.md (§1, §5, §6).
//!
//! The relayer group holds one key that no relayer knows: a t-of-n FROST key made by a
//! distributed key generation (DKG). A t-subset signs each anchor, and the result is a plain
//! BIP340 signature. The same key serves Bitcoin (a Taproot key-path spend of the group's
//! `OP_1 <x(Q)>` output) and Ethereum (`contracts/TracChainAnchorV2.sol`, which checks BIP340
//! with the `ecrecover` trick). This module is the library part; the transport (MetaChain
//! extrinsics, design §4–5) comes later and calls it. It has:
//!
//! - identifiers: [`identifier_of`] derives a relayer's FROST identifier from its account, so it
//!   stays the same across regroups;
//! - the DKG: [`DkgParticipant`] (one relayer's side: round 1, round 2, finish) and [`run_dkg`]
//!   (everyone in memory, for tests and simulations);
//! - signing: [`commit`] (round 1), [`sign_share`] (round 2), [`aggregate`] (names every cheater)
//!   and [`verify_share`] (one share, as an on-chain report will check it);
//! - the daily refresh: [`DkgParticipant::start_refresh`] and [`run_refresh`]. A refresh keeps the
//!   group key and can only remove members; adding one or changing t needs a new DKG;
//! - conversions to the 32-byte x-only key, [`XOnlyPublicKey`], 64-byte BIP340 signatures and
//!   the contract's words, and the contract's messages ([`anchor_message`], [`rotate_message`]);
//! - sealed share storage: [`seal_key_package`]/[`open_key_package`] (ChaCha20-Poly1305 under an
//!   HKDF-SHA256 key from the relayer's seed, bound to the key epoch) and one 0600 file per epoch
//!   ([`save_share`], [`load_share`], [`delete_share`]).
//!
//! **Keys from the DKG are already Taproot output keys.** The ciphersuite's `post_dkg` applies
//! the BIP341 tweak with no script tree (Q = P + hash_TapTweak(x(P))·G) to both the key package
//! and the public key package, and a refresh keeps that key. So signing uses plain
//! `round2::sign` and `aggregate`, never their `*_with_tweak` forms, which would tweak twice.
//!
//! Errors: the protocol steps (DKG, refresh, signing) return [`FrostError`], which names the
//! culprits a caller reports or excludes. Conversions and storage return [`anyhow::Result`].

use anyhow::{anyhow, ensure, Context, Result};
use bitcoin::secp256k1::{self, Message, Secp256k1, XOnlyPublicKey};
use chacha20poly1305::{
	aead::{Aead, Payload},
	ChaCha20Poly1305, KeyInit, Nonce,
};
use frost::{
	keys::{dkg, refresh, KeyPackage, PublicKeyPackage},
	rand_core::{CryptoRng, RngCore},
	round1::{SigningCommitments, SigningNonces},
	round2::SignatureShare,
	Field, Group, Identifier, Signature, SigningPackage, VerifyingKey,
};
use frost_secp256k1_tr as frost;
use hkdf::Hkdf;
use metachain_runtime::AccountId;
use sha2::Sha256;
use std::{
	collections::BTreeMap,
	fmt, fs,
	io::{ErrorKind, Write},
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::{Path, PathBuf},
};
use zeroize::Zeroizing;

/// The ciphersuite's group (secp256k1 points).
type Curve = frost::Secp256K1Group;
/// The ciphersuite's scalar field (integers mod the group order).
type ScalarField = frost::Secp256K1ScalarField;
/// A scalar mod the group order.
type Scalar = <ScalarField as Field>::Scalar;
/// A secp256k1 point.
type Point = <Curve as Group>::Element;

// --- Errors ------------------------------------------------------------------------------------

/// Why a FROST step failed, naming the participants to blame where the protocol can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrostError {
	/// A DKG round-1 package whose proof of knowledge does not verify. The package is public, so
	/// anyone can check this.
	BadProofOfKnowledge(Identifier),
	/// A DKG or refresh round-2 package (a secret share sent to one participant) that does not
	/// match its sender's round-1 commitments. Only its recipient can see this.
	BadSecretShare(Identifier),
	/// Signature shares that do not verify under their signers' verifying shares: all of them,
	/// in identifier order.
	BadSignatureShares(Vec<Identifier>),
	/// A signer that is not in the key's public key package, or a package that names a
	/// participant the step does not know.
	UnknownIdentifier,
	/// A refresh that would add this participant: a refresh can only keep or remove members.
	NotInGroup(Identifier),
	/// A DKG step called out of order, or on a participant an earlier error has spent.
	OutOfOrder(&'static str),
	/// Participants that ended with different group keys, or a key package that belongs to
	/// another group key.
	InconsistentGroupKey,
	/// Any other error of the FROST library.
	Frost(frost::Error),
}

impl FrostError {
	/// The participants this error blames (empty if it blames no one).
	pub fn culprits(&self) -> Vec<Identifier> {
		match self {
			Self::BadProofOfKnowledge(id) | Self::BadSecretShare(id) => vec![*id],
			Self::BadSignatureShares(ids) => ids.clone(),
			Self::Frost(e) => e.culprits(),
			Self::UnknownIdentifier
			| Self::NotInGroup(_)
			| Self::OutOfOrder(_)
			| Self::InconsistentGroupKey => Vec::new(),
		}
	}
}

impl From<frost::Error> for FrostError {
	fn from(e: frost::Error) -> Self {
		// `frost::Error` is `#[non_exhaustive]`: the last arm keeps every other error as it is.
		match e {
			frost::Error::InvalidProofOfKnowledge { culprit } => Self::BadProofOfKnowledge(culprit),
			frost::Error::InvalidSecretShare { culprit: Some(culprit) } => {
				Self::BadSecretShare(culprit)
			}
			frost::Error::InvalidSignatureShare { culprits } => Self::BadSignatureShares(culprits),
			frost::Error::UnknownIdentifier => Self::UnknownIdentifier,
			other => Self::Frost(other),
		}
	}
}

impl fmt::Display for FrostError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::BadProofOfKnowledge(id) => write!(
				f,
				"participant {} sent a DKG round-1 package with an invalid proof of knowledge",
				identifier_hex(id)
			),
			Self::BadSecretShare(id) => write!(
				f,
				"participant {} sent a secret share that does not match its commitments",
				identifier_hex(id)
			),
			Self::BadSignatureShares(ids) => write!(
				f,
				"invalid signature shares from {}",
				ids.iter().map(identifier_hex).collect::<Vec<_>>().join(", ")
			),
			Self::UnknownIdentifier => f.write_str("a participant is not in the group"),
			Self::NotInGroup(id) => write!(
				f,
				"participant {} is not in the group: a refresh can only remove members",
				identifier_hex(id)
			),
			Self::OutOfOrder(what) => write!(f, "DKG step out of order: {what}"),
			Self::InconsistentGroupKey => f.write_str("the participants disagree on the group key"),
			Self::Frost(e) => write!(f, "FROST: {e}"),
		}
	}
}

impl std::error::Error for FrostError {
	fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
		match self {
			Self::Frost(e) => Some(e),
			_ => None,
		}
	}
}

// --- Identifiers -------------------------------------------------------------------------------

/// The FROST identifier of a relayer: hash-to-scalar of its account's 32 bytes (the SCALE
/// encoding of an `AccountId32`). It stays the same across regroups, whoever else is in the
/// group.
pub fn identifier_of(account: &AccountId) -> Result<Identifier, FrostError> {
	identifier_from_bytes(<AccountId as AsRef<[u8]>>::as_ref(account))
}

/// The FROST identifier derived from arbitrary bytes (`Identifier::derive`: hash-to-scalar with
/// the ciphersuite's `HID`).
pub fn identifier_from_bytes(bytes: &[u8]) -> Result<Identifier, FrostError> {
	Ok(Identifier::derive(bytes)?)
}

/// An identifier as hex (its 32-byte scalar), for logs and errors.
pub fn identifier_hex(id: &Identifier) -> String {
	hex::encode(id.serialize())
}

// --- DKG and refresh ---------------------------------------------------------------------------

/// Where a participant is in a DKG or refresh session.
enum Round {
	/// Round 1 done: its secret polynomial, waiting for everyone's round-1 packages.
	One(dkg::round1::SecretPackage),
	/// Round 2 done: waiting for the round-2 packages addressed to it.
	Two {
		/// Its round-2 secret.
		secret: dkg::round2::SecretPackage,
		/// The other participants' round-1 packages it used.
		round1: BTreeMap<Identifier, dkg::round1::Package>,
	},
	/// Finished, or failed: nothing left to do.
	Spent,
}

/// One participant's side of a DKG (a new group key) or of a refresh (new shares of the same
/// key), driven step by step; the transport between participants is the caller's.
///
/// 1. [`Self::start`] (or [`Self::start_refresh`]) gives the public round-1 package, which every
///    other participant must receive unchanged (a broadcast: on chain, design §4).
/// 2. [`Self::round2`] takes everyone's round-1 packages and gives one round-2 package per other
///    participant. Each must reach only its recipient (confidential and authenticated).
/// 3. [`Self::finish`] takes the round-2 packages addressed to this participant and gives its
///    [`KeyPackage`] (secret: seal it, [`save_share`]) and the group's [`PublicKeyPackage`].
///
/// After an error the participant is spent: the session starts again without the culprits.
pub struct DkgParticipant {
	/// This participant.
	id: Identifier,
	/// For a refresh: the key package and public key package being refreshed.
	refresh: Option<(KeyPackage, PublicKeyPackage)>,
	/// The session's progress.
	state: Round,
}

impl DkgParticipant {
	/// Round 1 of a DKG for a new key of `max_signers` participants with threshold
	/// `min_signers` (at least 2: FROST refuses t = 1). Returns the participant and its public
	/// round-1 package (commitments and a proof of knowledge).
	pub fn start<R: RngCore + CryptoRng>(
		id: Identifier,
		max_signers: u16,
		min_signers: u16,
		rng: &mut R,
	) -> Result<(Self, dkg::round1::Package), FrostError> {
		let (secret, package) = dkg::part1(id, max_signers, min_signers, &mut *rng)?;
		Ok((Self { id, refresh: None, state: Round::One(secret) }, package))
	}

	/// Round 1 of a refresh of `key_package` (this participant's share of the key of `public`)
	/// among `members` participants, all of them already in `public` (a refresh may drop members
	/// but not add any). The threshold stays the key's. Returns the participant and its public
	/// round-1 package.
	pub fn start_refresh<R: RngCore + CryptoRng>(
		key_package: KeyPackage,
		public: PublicKeyPackage,
		members: u16,
		rng: &mut R,
	) -> Result<(Self, dkg::round1::Package), FrostError> {
		let id = *key_package.identifier();
		if !public.verifying_shares().contains_key(&id) {
			return Err(FrostError::NotInGroup(id));
		}
		if key_package.verifying_key() != public.verifying_key() {
			return Err(FrostError::InconsistentGroupKey);
		}
		let (secret, package) =
			refresh::refresh_dkg_part1(id, members, *key_package.min_signers(), &mut *rng)?;
		Ok((Self { id, refresh: Some((key_package, public)), state: Round::One(secret) }, package))
	}

	/// This participant's identifier.
	pub fn identifier(&self) -> Identifier {
		self.id
	}

	/// Whether this is a refresh (rather than a DKG for a new key).
	pub fn is_refresh(&self) -> bool {
		self.refresh.is_some()
	}

	/// Round 2: checks the others' round-1 packages (`round1_packages` may include this
	/// participant's own, which is skipped) and returns the round-2 package for each other
	/// participant, keyed by recipient. A DKG checks every proof of knowledge here
	/// ([`FrostError::BadProofOfKnowledge`]); a refresh refuses a sender outside the group
	/// ([`FrostError::NotInGroup`]).
	pub fn round2(
		&mut self,
		round1_packages: &BTreeMap<Identifier, dkg::round1::Package>,
	) -> Result<BTreeMap<Identifier, dkg::round2::Package>, FrostError> {
		let secret = match std::mem::replace(&mut self.state, Round::Spent) {
			Round::One(secret) => secret,
			other => {
				self.state = other;
				return Err(FrostError::OutOfOrder("round 2 follows round 1, once"));
			}
		};
		let others = without(round1_packages, self.id);
		let (secret, packages) = match &self.refresh {
			None => dkg::part2(secret, &others)?,
			Some((_, public)) => {
				if let Some(stranger) =
					others.keys().find(|id| !public.verifying_shares().contains_key(*id))
				{
					return Err(FrostError::NotInGroup(*stranger));
				}
				refresh::refresh_dkg_part2(secret, &others)?
			}
		};
		self.state = Round::Two { secret, round1: others };
		Ok(packages)
	}

	/// The last step: checks the round-2 packages sent to this participant (keyed by sender)
	/// against their senders' commitments ([`FrostError::BadSecretShare`] names a sender whose
	/// share does not match) and returns this participant's key package and the group's public
	/// key package. For a DKG the group key is the Taproot output key Q (already tweaked); a
	/// refresh keeps the old group key and gives new shares (delete the old one).
	pub fn finish(
		&mut self,
		round2_packages: &BTreeMap<Identifier, dkg::round2::Package>,
	) -> Result<(KeyPackage, PublicKeyPackage), FrostError> {
		let (secret, round1) = match std::mem::replace(&mut self.state, Round::Spent) {
			Round::Two { secret, round1 } => (secret, round1),
			other => {
				self.state = other;
				return Err(FrostError::OutOfOrder("finishing follows round 2, once"));
			}
		};
		let received = without(round2_packages, self.id);
		match self.refresh.take() {
			None => Ok(dkg::part3(&secret, &round1, &received)?),
			Some((key_package, public)) => {
				match refresh::refresh_dkg_shares(&secret, &round1, &received, public, key_package)
				{
					Ok(refreshed) => Ok(refreshed),
					// frost-core's refresh does not say whose share was bad: find it.
					Err(frost::Error::InvalidSecretShare { culprit: None }) => {
						match refresh_culprit(self.id, &round1, &received)? {
							Some(culprit) => Err(FrostError::BadSecretShare(culprit)),
							None => Err(FrostError::Frost(frost::Error::InvalidSecretShare {
								culprit: None,
							})),
						}
					}
					Err(e) => Err(e.into()),
				}
			}
		}
	}
}

/// `packages` without the one keyed by `id`.
fn without<P: Clone>(
	packages: &BTreeMap<Identifier, P>,
	id: Identifier,
) -> BTreeMap<Identifier, P> {
	packages.iter().filter(|(sender, _)| **sender != id).map(|(k, v)| (*k, v.clone())).collect()
}

/// The first sender whose refresh share to `receiver` does not match its round-1 commitments
/// (φ₁..φₜ₋₁: a refresh polynomial has a zero constant term, whose commitment is not sent), by
/// the VSS check f(x)·G = Σₖ φₖ·xᵏ. None if every share matches.
fn refresh_culprit(
	receiver: Identifier,
	round1: &BTreeMap<Identifier, dkg::round1::Package>,
	round2: &BTreeMap<Identifier, dkg::round2::Package>,
) -> Result<Option<Identifier>, FrostError> {
	let x = scalar_of(&receiver.serialize())?;
	for (sender, package) in round2 {
		let Some(commitments) = round1.get(sender) else { continue };
		let mut expected = <Curve as Group>::identity();
		let mut power = x;
		for coefficient in commitments.commitment().serialize()? {
			expected += point_of(&coefficient)? * power;
			power *= x;
		}
		let share = scalar_of(&package.signing_share().serialize())?;
		if <Curve as Group>::generator() * share != expected {
			return Ok(Some(*sender));
		}
	}
	Ok(None)
}

/// Runs a session whose round 1 is done, every participant in memory: round 2 (each package
/// delivered to its recipient) and the last step. Every participant must reach the same public
/// key package.
fn run_session(
	mut participants: BTreeMap<Identifier, DkgParticipant>,
	round1: BTreeMap<Identifier, dkg::round1::Package>,
) -> Result<(BTreeMap<Identifier, KeyPackage>, PublicKeyPackage), FrostError> {
	let mut inboxes: BTreeMap<Identifier, BTreeMap<Identifier, dkg::round2::Package>> =
		BTreeMap::new();
	for (sender, participant) in participants.iter_mut() {
		for (recipient, package) in participant.round2(&round1)? {
			inboxes.entry(recipient).or_default().insert(*sender, package);
		}
	}
	let mut key_packages = BTreeMap::new();
	let mut publics = Vec::new();
	for (id, participant) in participants.iter_mut() {
		let inbox = inboxes.remove(id).unwrap_or_default();
		let (key_package, public) = participant.finish(&inbox)?;
		key_packages.insert(*id, key_package);
		publics.push(public);
	}
	let mut publics = publics.into_iter();
	let public = publics.next().ok_or(FrostError::Frost(frost::Error::InvalidMaxSigners))?;
	if publics.any(|other| other != public) {
		return Err(FrostError::InconsistentGroupKey);
	}
	Ok((key_packages, public))
}

/// A whole DKG in memory among `ids` with threshold `min_signers` (tests and simulations; the
/// relayers run [`DkgParticipant`] over the chain). Returns each participant's key package and
/// the group's public key package.
pub fn run_dkg<R: RngCore + CryptoRng>(
	ids: &[Identifier],
	min_signers: u16,
	rng: &mut R,
) -> Result<(BTreeMap<Identifier, KeyPackage>, PublicKeyPackage), FrostError> {
	let max_signers =
		u16::try_from(ids.len()).map_err(|_| FrostError::Frost(frost::Error::InvalidMaxSigners))?;
	let mut participants = BTreeMap::new();
	let mut round1 = BTreeMap::new();
	for id in ids {
		let (participant, package) = DkgParticipant::start(*id, max_signers, min_signers, rng)?;
		if participants.insert(*id, participant).is_some() {
			return Err(FrostError::Frost(frost::Error::DuplicatedIdentifier));
		}
		round1.insert(*id, package);
	}
	run_session(participants, round1)
}

/// A whole refresh in memory: the holders of `key_packages` (all members of `public`'s group,
/// possibly fewer than before: the others are dropped) get new shares of the same group key.
/// Returns the new key packages and the new public key package; the old shares no longer sign
/// with it.
pub fn run_refresh<R: RngCore + CryptoRng>(
	key_packages: &BTreeMap<Identifier, KeyPackage>,
	public: &PublicKeyPackage,
	rng: &mut R,
) -> Result<(BTreeMap<Identifier, KeyPackage>, PublicKeyPackage), FrostError> {
	let members = u16::try_from(key_packages.len())
		.map_err(|_| FrostError::Frost(frost::Error::InvalidMaxSigners))?;
	let mut participants = BTreeMap::new();
	let mut round1 = BTreeMap::new();
	for key_package in key_packages.values() {
		let (participant, package) =
			DkgParticipant::start_refresh(key_package.clone(), public.clone(), members, rng)?;
		let id = participant.identifier();
		if participants.insert(id, participant).is_some() {
			return Err(FrostError::Frost(frost::Error::DuplicatedIdentifier));
		}
		round1.insert(id, package);
	}
	run_session(participants, round1)
}

// --- Signing -----------------------------------------------------------------------------------

/// Signing round 1: fresh nonces (secret; use them for one share only, never persist them,
/// design §5) and their public commitments, which go to the chain.
pub fn commit<R: RngCore + CryptoRng>(
	key_package: &KeyPackage,
	rng: &mut R,
) -> (SigningNonces, SigningCommitments) {
	frost::round1::commit(key_package.signing_share(), rng)
}

/// The signing package: the commitments of the chosen signers and the 32-byte message.
pub fn signing_package(
	commitments: BTreeMap<Identifier, SigningCommitments>,
	message: &[u8; 32],
) -> SigningPackage {
	SigningPackage::new(commitments, message)
}

/// Signing round 2: this signer's share. It takes the nonces by value, so that they serve one
/// share only (they are zeroized when dropped). Plain `round2::sign`: DKG keys are already
/// tweaked (module docs).
pub fn sign_share(
	signing_package: &SigningPackage,
	nonces: SigningNonces,
	key_package: &KeyPackage,
) -> Result<SignatureShare, FrostError> {
	Ok(frost::round2::sign(signing_package, &nonces, key_package)?)
}

/// Aggregates the shares of every signer of `signing_package` into a BIP340 signature under the
/// group key. If some shares are bad it names **all** their senders
/// ([`FrostError::BadSignatureShares`], in identifier order: frost-core's
/// `CheaterDetection::AllCheaters`, where `frost::aggregate` stops at the first); a signer
/// outside the group gives [`FrostError::UnknownIdentifier`].
pub fn aggregate(
	signing_package: &SigningPackage,
	shares: &BTreeMap<Identifier, SignatureShare>,
	public: &PublicKeyPackage,
) -> Result<Signature, FrostError> {
	Ok(frost_core::aggregate_custom(
		signing_package,
		shares,
		public,
		frost_core::CheaterDetection::AllCheaters,
	)?)
}

/// Checks one signature share: `Ok` if `share` is `id`'s valid share for `signing_package`
/// under `public`, [`FrostError::BadSignatureShares`]`([id])` if not, and
/// [`FrostError::UnknownIdentifier`] if `id` is not a signer of the package or not in the group.
/// This is frost-core's `verify_signature_share`, which a report of a bad share will run.
pub fn verify_share(
	id: Identifier,
	share: &SignatureShare,
	signing_package: &SigningPackage,
	public: &PublicKeyPackage,
) -> Result<(), FrostError> {
	if !signing_package.signing_commitments().contains_key(&id) {
		return Err(FrostError::UnknownIdentifier);
	}
	let verifying_share =
		public.verifying_shares().get(&id).ok_or(FrostError::UnknownIdentifier)?;
	Ok(frost_core::verify_signature_share(
		id,
		verifying_share,
		share,
		signing_package,
		public.verifying_key(),
	)?)
}

/// Verifies an aggregated signature of `message` under a group key (FROST's own check, which is
/// BIP340's).
pub fn verify_signature(
	key: &VerifyingKey,
	message: &[u8; 32],
	signature: &Signature,
) -> Result<(), FrostError> {
	Ok(key.verify(message, signature)?)
}

/// A whole signing round in memory by the holders of `signers` (tests, simulations and
/// fixtures): commit, sign, aggregate.
pub fn run_signing<R: RngCore + CryptoRng>(
	signers: &[&KeyPackage],
	public: &PublicKeyPackage,
	message: &[u8; 32],
	rng: &mut R,
) -> Result<Signature, FrostError> {
	let mut nonces = BTreeMap::new();
	let mut commitments = BTreeMap::new();
	for key_package in signers {
		let (signer_nonces, signer_commitments) = commit(key_package, rng);
		nonces.insert(*key_package.identifier(), signer_nonces);
		commitments.insert(*key_package.identifier(), signer_commitments);
	}
	let package = signing_package(commitments, message);
	let mut shares = BTreeMap::new();
	for key_package in signers {
		let id = *key_package.identifier();
		let signer_nonces =
			nonces.remove(&id).ok_or(FrostError::Frost(frost::Error::DuplicatedIdentifier))?;
		shares.insert(id, sign_share(&package, signer_nonces, key_package)?);
	}
	aggregate(&package, &shares, public)
}

/// A scalar from its 32 big-endian bytes (below the group order).
fn scalar_of(bytes: &[u8]) -> Result<Scalar, FrostError> {
	let bytes: [u8; 32] =
		bytes.try_into().map_err(|_| frost::Error::from(frost::FieldError::MalformedScalar))?;
	Ok(<ScalarField as Field>::deserialize(&bytes).map_err(frost::Error::from)?)
}

/// A point from its 33-byte compressed SEC1 encoding (never the identity).
fn point_of(bytes: &[u8]) -> Result<Point, FrostError> {
	let bytes: [u8; 33] =
		bytes.try_into().map_err(|_| frost::Error::from(frost::GroupError::MalformedElement))?;
	Ok(<Curve as Group>::deserialize(&bytes).map_err(frost::Error::from)?)
}

// --- Conversions -------------------------------------------------------------------------------

/// The group key as a 32-byte x-only BIP340 key: x(Q), the `[1..33]` of its compressed form.
/// This is the key of the group's P2TR output, `OP_1 <x(Q)>`, and the contract's `keyX`.
pub fn group_key_x(key: &VerifyingKey) -> Result<[u8; 32]> {
	let compressed = key.serialize().context("serializing the group key")?;
	compressed
		.get(1..33)
		.and_then(|x| x.try_into().ok())
		.ok_or_else(|| anyhow!("the group key is not a 33-byte compressed point"))
}

/// The group key as rust-bitcoin's x-only key (already the Taproot output key: use
/// `TweakedPublicKey::dangerous_assume_tweaked`, never `Address::p2tr`, which tweaks again).
pub fn group_xonly(key: &VerifyingKey) -> Result<XOnlyPublicKey> {
	XOnlyPublicKey::from_slice(&group_key_x(key)?).context("the group key is not a BIP340 key")
}

/// The group key as the contract takes it (`constructor`, `rotateKey`): the big-endian words
/// x and y of lift_x(x), the even-y point with that x, whatever the parity of Q's own y (BIP340
/// keys are x-only). Fails for a key the contract refuses (x ≥ the group order, about 2⁻¹²⁸:
/// run the keygen again).
pub fn group_key_words(key: &VerifyingKey) -> Result<([u8; 32], [u8; 32])> {
	let x = group_key_x(key)?;
	ensure!(
		x < secp256k1::constants::CURVE_ORDER,
		"the group key's x is not below the group order: the contract refuses it"
	);
	Ok((x, even_y(&x)?))
}

/// The even y of the curve point with x-coordinate `x` (BIP340's lift_x), as a big-endian word.
fn even_y(x: &[u8; 32]) -> Result<[u8; 32]> {
	let mut compressed = [0u8; 33];
	compressed[0] = 0x02;
	compressed[1..].copy_from_slice(x);
	let point = secp256k1::PublicKey::from_slice(&compressed)
		.context("no curve point has this x-coordinate")?;
	let uncompressed = point.serialize_uncompressed();
	let mut y = [0u8; 32];
	y.copy_from_slice(&uncompressed[33..65]);
	Ok(y)
}

/// A signature as its 64 BIP340 bytes: x(R) ‖ s.
pub fn signature_bytes(signature: &Signature) -> Result<[u8; 64]> {
	let bytes = signature.serialize().context("serializing the signature")?;
	bytes.as_slice().try_into().map_err(|_| anyhow!("a BIP340 signature has 64 bytes"))
}

/// A signature as rust-bitcoin's BIP340 signature (a Taproot key-path witness element).
pub fn schnorr_signature(signature: &Signature) -> Result<secp256k1::schnorr::Signature> {
	secp256k1::schnorr::Signature::from_slice(&signature_bytes(signature)?)
		.context("not a BIP340 signature")
}

/// A signature as the contract's `anchor`/`rotateKey` take it: the big-endian words rx, ry and
/// s, where (rx, ry) is the nonce point R with an even y, as BIP340 fixes it (the contract checks
/// that ry is even and on the curve).
pub fn signature_words(signature: &Signature) -> Result<([u8; 32], [u8; 32], [u8; 32])> {
	bip340_words(&signature_bytes(signature)?)
}

/// A 64-byte BIP340 signature as the contract takes it: the words rx, ry (the even y of
/// lift_x(rx)) and s.
pub fn bip340_words(bytes: &[u8; 64]) -> Result<([u8; 32], [u8; 32], [u8; 32])> {
	let mut rx = [0u8; 32];
	rx.copy_from_slice(&bytes[..32]);
	let mut s = [0u8; 32];
	s.copy_from_slice(&bytes[32..]);
	Ok((rx, even_y(&rx)?, s))
}

/// Checks a 64-byte BIP340 signature of `message` under the x-only key `key_x` with libsecp256k1
/// (what Bitcoin runs).
pub fn verify_bip340(key_x: &[u8; 32], message: &[u8; 32], signature: &[u8; 64]) -> Result<()> {
	let key = XOnlyPublicKey::from_slice(key_x).context("not a BIP340 public key")?;
	let signature =
		secp256k1::schnorr::Signature::from_slice(signature).context("not a BIP340 signature")?;
	Secp256k1::verification_only()
		.verify_schnorr(&signature, &Message::from_digest(*message), &key)
		.context("the BIP340 signature does not verify")
}

// --- The contract's messages -------------------------------------------------------------------

/// The preimage of the contract's `ANCHOR_TAG`.
pub const ANCHOR_TAG_PREIMAGE: &[u8] = b"MetaChain/TracChainAnchor/anchor/v1";
/// The preimage of the contract's `ROTATE_TAG`.
pub const ROTATE_TAG_PREIMAGE: &[u8] = b"MetaChain/TracChainAnchor/rotate/v1";

/// keccak256 of the ABI encoding of 32-byte words (`abi.encode` of static types).
fn hash_words(words: &[[u8; 32]]) -> [u8; 32] {
	let mut data = Vec::with_capacity(32 * words.len());
	for word in words {
		data.extend_from_slice(word);
	}
	crate::eth::keccak_256(&data)
}

/// An address as an ABI word: left-padded with zeros.
fn address_word(address: &[u8; 20]) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[12..].copy_from_slice(address);
	word
}

/// The contract's `ANCHOR_TAG`: keccak256("MetaChain/TracChainAnchor/anchor/v1").
pub fn anchor_tag() -> [u8; 32] {
	crate::eth::keccak_256(ANCHOR_TAG_PREIMAGE)
}

/// The contract's `ROTATE_TAG`: keccak256("MetaChain/TracChainAnchor/rotate/v1").
pub fn rotate_tag() -> [u8; 32] {
	crate::eth::keccak_256(ROTATE_TAG_PREIMAGE)
}

/// The message the group signs to anchor `root` as checkpoint `checkpoint` in the contract at
/// `contract` on chain `chain_id`, for the MetaChain of genesis hash `genesis`: the contract's
/// `anchorMessage`, keccak256(abi.encode(ANCHOR_TAG, genesisHash, block.chainid, address(this),
/// checkpoint, root)) — the runtime's own function, so the relayer signs exactly what the chain
/// checks.
pub fn anchor_message(
	genesis: [u8; 32],
	chain_id: u64,
	contract: [u8; 20],
	checkpoint: u64,
	root: [u8; 32],
) -> [u8; 32] {
	pallet_anchoring::signature::eth_anchor_message(
		sp_core::H256(genesis),
		chain_id,
		sp_core::H160(contract),
		checkpoint,
		sp_core::H256(root),
	)
}

/// The message the key in force signs to hand over to the key with x-only `new_key_x` (epoch
/// `epoch`) from checkpoint `from_checkpoint` on: the contract's `rotateMessage`,
/// keccak256(abi.encode(ROTATE_TAG, genesisHash, block.chainid, address(this), epoch, newKeyX,
/// fromCheckpoint)).
pub fn rotate_message(
	genesis: [u8; 32],
	chain_id: u64,
	contract: [u8; 20],
	epoch: u64,
	new_key_x: [u8; 32],
	from_checkpoint: u64,
) -> [u8; 32] {
	hash_words(&[
		rotate_tag(),
		genesis,
		crate::eth::word(chain_id),
		address_word(&contract),
		crate::eth::word(epoch),
		new_key_x,
		crate::eth::word(from_checkpoint),
	])
}

// --- Sealed share storage ----------------------------------------------------------------------

/// The HKDF `info` of the key that seals shares.
const SHARE_KEY_INFO: &[u8] = b"metachain/frost-share/v1";
/// The length of the random ChaCha20-Poly1305 nonce in front of a sealed share.
const SEAL_NONCE_LEN: usize = 12;
/// The length of the Poly1305 tag at the end of a sealed share.
const SEAL_TAG_LEN: usize = 16;

/// The cipher that seals shares under `seed`: key = HKDF-SHA256(ikm = seed, no salt,
/// info = "metachain/frost-share/v1").
fn share_cipher(seed: &[u8]) -> Result<ChaCha20Poly1305> {
	let mut key = Zeroizing::new([0u8; 32]);
	Hkdf::<Sha256>::new(None, seed)
		.expand(SHARE_KEY_INFO, key.as_mut_slice())
		.map_err(|_| anyhow!("HKDF cannot give a 32-byte key"))?;
	ChaCha20Poly1305::new_from_slice(key.as_slice())
		.map_err(|_| anyhow!("ChaCha20-Poly1305 takes a 32-byte key"))
}

/// A key package sealed for storage: its postcard serialization encrypted with ChaCha20-Poly1305
/// under a key from `seed` (the relayer's secret seed, or a separate share key), with the key
/// epoch (8 bytes, little-endian: its SCALE encoding) as associated data, so a share opens only
/// as the epoch it was saved for. Layout: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag.
pub fn seal_key_package(key_package: &KeyPackage, seed: &[u8], epoch: u64) -> Result<Vec<u8>> {
	let plain = Zeroizing::new(key_package.serialize().context("serializing the key package")?);
	let cipher = share_cipher(seed)?;
	let mut nonce = [0u8; SEAL_NONCE_LEN];
	rand::rngs::OsRng.fill_bytes(&mut nonce);
	let aad = epoch.to_le_bytes();
	// `Nonce::from_slice` asserts the length, 12 bytes here: it cannot panic.
	let sealed = cipher
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_slice(), aad: aad.as_slice() })
		.map_err(|_| anyhow!("sealing the key share failed"))?;
	let mut out = Vec::with_capacity(SEAL_NONCE_LEN + sealed.len());
	out.extend_from_slice(&nonce);
	out.extend_from_slice(&sealed);
	Ok(out)
}

/// Opens a key package sealed by [`seal_key_package`] with the same `seed` and `epoch`; fails
/// for another seed, another epoch or altered bytes.
pub fn open_key_package(sealed: &[u8], seed: &[u8], epoch: u64) -> Result<KeyPackage> {
	ensure!(sealed.len() > SEAL_NONCE_LEN + SEAL_TAG_LEN, "the sealed key share is too short");
	let (nonce, ciphertext) = sealed.split_at(SEAL_NONCE_LEN);
	let cipher = share_cipher(seed)?;
	let aad = epoch.to_le_bytes();
	// `nonce` has 12 bytes (split off above), so `Nonce::from_slice` cannot panic.
	let plain = Zeroizing::new(
		cipher
			.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_slice() })
			.map_err(|_| {
				anyhow!(
					"cannot open the key share of epoch {epoch}: another key, another epoch, \
					 or altered bytes"
				)
			})?,
	);
	KeyPackage::deserialize(plain.as_slice()).context("the opened key share is not a key package")
}

/// The file that holds the sealed share of `epoch` in `dir`.
pub fn share_path(dir: &Path, epoch: u64) -> PathBuf {
	dir.join(format!("frost-share-{epoch}.sealed"))
}

/// Saves `key_package` sealed ([`seal_key_package`]) as the share of `epoch` in `dir` (created if
/// missing): written to a temporary file with mode 0600, synced, then renamed over
/// [`share_path`], so a crash leaves the old file or the new one, never a torn one. Returns the
/// path.
pub fn save_share(
	dir: &Path,
	epoch: u64,
	key_package: &KeyPackage,
	seed: &[u8],
) -> Result<PathBuf> {
	let sealed = seal_key_package(key_package, seed, epoch)?;
	fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	let path = share_path(dir, epoch);
	let tmp = dir.join(format!(".frost-share-{epoch}.sealed.tmp"));
	// A temporary file left by an interrupted save may have other permissions: start afresh.
	match fs::remove_file(&tmp) {
		Ok(()) => {}
		Err(e) if e.kind() == ErrorKind::NotFound => {}
		Err(e) => return Err(e).with_context(|| format!("removing {}", tmp.display())),
	}
	let mut file = fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(&tmp)
		.with_context(|| format!("creating {}", tmp.display()))?;
	// The umask may narrow the creation mode: set exactly 0600.
	file.set_permissions(fs::Permissions::from_mode(0o600))
		.with_context(|| format!("setting the permissions of {}", tmp.display()))?;
	file.write_all(&sealed).with_context(|| format!("writing {}", tmp.display()))?;
	file.sync_all().with_context(|| format!("syncing {}", tmp.display()))?;
	drop(file);
	fs::rename(&tmp, &path)
		.with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
	// Make the rename durable; best effort, as not every filesystem syncs a directory.
	if let Ok(directory) = fs::File::open(dir) {
		let _ = directory.sync_all();
	}
	Ok(path)
}

/// Loads the share of `epoch` from `dir` ([`share_path`]) and opens it with `seed`. None if there
/// is no such file.
pub fn load_share(dir: &Path, epoch: u64, seed: &[u8]) -> Result<Option<KeyPackage>> {
	let path = share_path(dir, epoch);
	let sealed = match fs::read(&path) {
		Ok(sealed) => sealed,
		Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
		Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
	};
	open_key_package(&sealed, seed, epoch)
		.with_context(|| format!("opening {}", path.display()))
		.map(Some)
}

/// Deletes the share of `epoch` from `dir` (a refreshed or retired epoch's). Returns whether
/// there was one.
pub fn delete_share(dir: &Path, epoch: u64) -> Result<bool> {
	let path = share_path(dir, epoch);
	match fs::remove_file(&path) {
		Ok(()) => Ok(true),
		Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
		Err(e) => Err(e).with_context(|| format!("deleting {}", path.display())),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::eth::keccak_256;
	use frost_secp256k1_tr::keys::SigningShare;
	use rand::{rngs::StdRng, SeedableRng};

	/// The identifiers of `n` relayers (accounts 0x01.., 0x02.., …).
	fn ids(n: u8) -> Vec<Identifier> {
		(1..=n).map(|i| identifier_of(&AccountId::from([i; 32])).unwrap()).collect()
	}

	/// The 32 big-endian bytes of the scalar `k`.
	fn scalar_bytes(k: u8) -> [u8; 32] {
		let mut bytes = [0u8; 32];
		bytes[31] = k;
		bytes
	}

	/// A well-formed signature share that is nobody's valid share.
	fn bogus_share(k: u8) -> SignatureShare {
		SignatureShare::deserialize(&scalar_bytes(k)).unwrap()
	}

	/// Signing rounds 1 and 2 by `signers` (holding `keys`): the package and their shares.
	fn shares_for(
		keys: &BTreeMap<Identifier, KeyPackage>,
		signers: &[Identifier],
		message: &[u8; 32],
		rng: &mut StdRng,
	) -> (SigningPackage, BTreeMap<Identifier, SignatureShare>) {
		let mut nonces = BTreeMap::new();
		let mut commitments = BTreeMap::new();
		for id in signers {
			let (signer_nonces, signer_commitments) = commit(&keys[id], rng);
			nonces.insert(*id, signer_nonces);
			commitments.insert(*id, signer_commitments);
		}
		let package = signing_package(commitments, message);
		let shares = nonces
			.into_iter()
			.map(|(id, signer_nonces)| {
				(id, sign_share(&package, signer_nonces, &keys[&id]).unwrap())
			})
			.collect();
		(package, shares)
	}

	/// Every `k`-subset of `ids`.
	fn subsets(ids: &[Identifier], k: usize) -> Vec<Vec<Identifier>> {
		(0u32..1 << ids.len())
			.filter(|mask| mask.count_ones() as usize == k)
			.map(|mask| {
				ids.iter()
					.enumerate()
					.filter(|&(i, _)| mask & (1u32 << i) != 0)
					.map(|(_, id)| *id)
					.collect()
			})
			.collect()
	}

	/// Checks `signature` of `message` under the group key with libsecp256k1, as Bitcoin would.
	fn assert_bip340(public: &PublicKeyPackage, message: &[u8; 32], signature: &Signature) {
		let xonly = group_xonly(public.verifying_key()).unwrap();
		let sig = schnorr_signature(signature).unwrap();
		Secp256k1::verification_only()
			.verify_schnorr(&sig, &Message::from_digest(*message), &xonly)
			.unwrap();
		let mut other = *message;
		other[0] ^= 1;
		assert!(Secp256k1::verification_only()
			.verify_schnorr(&sig, &Message::from_digest(other), &xonly)
			.is_err());
		verify_bip340(
			&group_key_x(public.verifying_key()).unwrap(),
			message,
			&signature_bytes(signature).unwrap(),
		)
		.unwrap();
	}

	/// A DKG of `n` with threshold `t`; then every subset of at least t signs, each share checks
	/// and the signature is BIP340 under x(Q).
	fn dkg_and_every_subset_signs(n: u8, t: u16, seed: u64) {
		let mut rng = StdRng::seed_from_u64(seed);
		let ids = ids(n);
		let (keys, public) = run_dkg(&ids, t, &mut rng).unwrap();
		assert_eq!(keys.len(), usize::from(n));
		assert_eq!(public.verifying_shares().len(), usize::from(n));
		assert_eq!(public.min_signers(), Some(t));
		for (id, key) in &keys {
			assert_eq!(key.identifier(), id);
			assert_eq!(key.verifying_key(), public.verifying_key(), "everyone has the same Q");
			assert_eq!(*key.min_signers(), t);
		}
		let mut signed = 0usize;
		for size in usize::from(t)..=usize::from(n) {
			for signers in subsets(&ids, size) {
				let message = keccak_256(format!("checkpoint {signed}").as_bytes());
				let (package, shares) = shares_for(&keys, &signers, &message, &mut rng);
				for (id, share) in &shares {
					verify_share(*id, share, &package, &public).unwrap();
				}
				let signature = aggregate(&package, &shares, &public).unwrap();
				verify_signature(public.verifying_key(), &message, &signature).unwrap();
				assert_bip340(&public, &message, &signature);
				signed += 1;
			}
		}
		// 2-of-3: 3 pairs and the whole group; 3-of-5: 10 triples, 5 quadruples, the group.
		let expected: usize =
			(usize::from(t)..=usize::from(n)).map(|k| subsets(&ids, k).len()).sum();
		assert_eq!(signed, expected);
		// Too few signers: refused.
		let few = &ids[..usize::from(t) - 1];
		let signers: Vec<&KeyPackage> = few.iter().map(|id| &keys[id]).collect();
		assert!(run_signing(&signers, &public, &[7; 32], &mut rng).is_err());
	}

	#[test]
	fn identifiers_come_from_accounts_and_are_stable() {
		let account = AccountId::from([7u8; 32]);
		let id = identifier_of(&account).unwrap();
		assert_eq!(id, identifier_of(&account).unwrap());
		assert_eq!(id, identifier_from_bytes(&[7u8; 32]).unwrap());
		assert_ne!(id, identifier_of(&AccountId::from([8u8; 32])).unwrap());
		assert_eq!(identifier_hex(&id).len(), 64);
	}

	#[test]
	fn dkg_2_of_3_gives_one_key_and_every_pair_signs() {
		dkg_and_every_subset_signs(3, 2, 1);
	}

	#[test]
	fn dkg_3_of_5_gives_one_key_and_every_triple_signs() {
		dkg_and_every_subset_signs(5, 3, 2);
	}

	#[test]
	fn a_threshold_of_one_is_refused() {
		let mut rng = StdRng::seed_from_u64(3);
		assert_eq!(
			run_dkg(&ids(3), 1, &mut rng).unwrap_err(),
			FrostError::Frost(frost::Error::InvalidMinSigners)
		);
	}

	#[test]
	fn dkg_steps_out_of_order_are_refused() {
		let mut rng = StdRng::seed_from_u64(4);
		let (mut participant, _) = DkgParticipant::start(ids(1)[0], 3, 2, &mut rng).unwrap();
		assert!(!participant.is_refresh());
		assert!(matches!(participant.finish(&BTreeMap::new()), Err(FrostError::OutOfOrder(_))));
	}

	#[test]
	fn shares_check_for_both_parities_of_the_key_and_the_nonce() {
		let ids = ids(3);
		let mut key_parities = [false; 2];
		for seed in 0..64u64 {
			let mut rng = StdRng::seed_from_u64(100 + seed);
			let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
			let key_odd = usize::from(public.verifying_key().serialize().unwrap()[0] == 0x03);
			if key_parities[key_odd] {
				continue;
			}
			key_parities[key_odd] = true;
			let mut nonce_parities = [false; 2];
			for i in 0..64u8 {
				let message = [i; 32];
				let (package, shares) = shares_for(&keys, &ids[..2], &message, &mut rng);
				for (id, share) in &shares {
					verify_share(*id, share, &package, &public).unwrap();
				}
				let signature = aggregate(&package, &shares, &public).unwrap();
				assert_bip340(&public, &message, &signature);
				let r = <Curve as Group>::serialize(signature.R()).unwrap();
				nonce_parities[usize::from(r[0] == 0x03)] = true;
				let mut bad = shares.clone();
				bad.insert(ids[0], bogus_share(3));
				assert_eq!(
					verify_share(ids[0], &bad[&ids[0]], &package, &public),
					Err(FrostError::BadSignatureShares(vec![ids[0]]))
				);
				assert_eq!(verify_share(ids[1], &bad[&ids[1]], &package, &public), Ok(()));
				assert_eq!(
					aggregate(&package, &bad, &public).unwrap_err(),
					FrostError::BadSignatureShares(vec![ids[0]])
				);
				if nonce_parities == [true, true] {
					break;
				}
			}
			assert_eq!(nonce_parities, [true, true], "both parities of R were checked");
			if key_parities == [true, true] {
				break;
			}
		}
		assert_eq!(key_parities, [true, true], "both parities of Q were checked");
	}

	#[test]
	fn a_tampered_signature_share_names_its_signer() {
		let mut rng = StdRng::seed_from_u64(5);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let message = [5u8; 32];
		let (package, mut shares) = shares_for(&keys, &ids[..2], &message, &mut rng);
		shares.insert(ids[1], bogus_share(9));
		assert_eq!(
			aggregate(&package, &shares, &public).unwrap_err(),
			FrostError::BadSignatureShares(vec![ids[1]])
		);
		assert_eq!(aggregate(&package, &shares, &public).unwrap_err().culprits(), vec![ids[1]]);
		assert_eq!(verify_share(ids[0], &shares[&ids[0]], &package, &public), Ok(()));
		// A signer of another package.
		assert_eq!(
			verify_share(ids[2], &shares[&ids[0]], &package, &public),
			Err(FrostError::UnknownIdentifier)
		);
	}

	#[test]
	fn two_tampered_signature_shares_are_both_named() {
		let mut rng = StdRng::seed_from_u64(6);
		let ids = ids(5);
		let (keys, public) = run_dkg(&ids, 3, &mut rng).unwrap();
		let signers = [ids[0], ids[2], ids[4]];
		let (package, mut shares) = shares_for(&keys, &signers, &[6u8; 32], &mut rng);
		shares.insert(ids[2], bogus_share(1));
		shares.insert(ids[4], bogus_share(2));
		// frost's own `aggregate` stops at the first cheater ...
		match frost::aggregate(&package, &shares, &public) {
			Err(frost::Error::InvalidSignatureShare { culprits }) => assert_eq!(culprits.len(), 1),
			other => panic!("expected one culprit, got {other:?}"),
		}
		// ... this one names both.
		let mut both = vec![ids[2], ids[4]];
		both.sort();
		assert_eq!(
			aggregate(&package, &shares, &public).unwrap_err(),
			FrostError::BadSignatureShares(both)
		);
	}

	/// Round 1 of a DKG of `ids` (each `ids.len()` signers, threshold 2), in memory.
	fn dkg_round1(
		ids: &[Identifier],
		rng: &mut StdRng,
	) -> (BTreeMap<Identifier, DkgParticipant>, BTreeMap<Identifier, dkg::round1::Package>) {
		let n = u16::try_from(ids.len()).unwrap();
		let mut participants = BTreeMap::new();
		let mut round1 = BTreeMap::new();
		for id in ids {
			let (participant, package) = DkgParticipant::start(*id, n, 2, rng).unwrap();
			participants.insert(*id, participant);
			round1.insert(*id, package);
		}
		(participants, round1)
	}

	/// Round 2 by every participant: the packages, keyed by recipient then sender.
	fn round2_inboxes(
		participants: &mut BTreeMap<Identifier, DkgParticipant>,
		round1: &BTreeMap<Identifier, dkg::round1::Package>,
	) -> BTreeMap<Identifier, BTreeMap<Identifier, dkg::round2::Package>> {
		let mut inboxes: BTreeMap<Identifier, BTreeMap<Identifier, dkg::round2::Package>> =
			BTreeMap::new();
		for (sender, participant) in participants.iter_mut() {
			for (recipient, package) in participant.round2(round1).unwrap() {
				inboxes.entry(recipient).or_default().insert(*sender, package);
			}
		}
		inboxes
	}

	#[test]
	fn a_forged_proof_of_knowledge_names_its_sender() {
		let mut rng = StdRng::seed_from_u64(7);
		let ids = ids(3);
		let (mut participants, round1) = dkg_round1(&ids, &mut rng);
		let (a, b, c) = (ids[0], ids[1], ids[2]);
		// a's commitments with b's proof: a valid signature, but not a proof for a's commitments.
		let forged = dkg::round1::Package::new(
			round1[&a].commitment().clone(),
			*round1[&b].proof_of_knowledge(),
		);
		let mut delivered = round1.clone();
		delivered.insert(a, forged);
		let error = participants.get_mut(&c).unwrap().round2(&delivered).unwrap_err();
		assert_eq!(error, FrostError::BadProofOfKnowledge(a));
		assert_eq!(error.culprits(), vec![a]);
	}

	#[test]
	fn a_bad_secret_share_names_its_sender() {
		let mut rng = StdRng::seed_from_u64(8);
		let ids = ids(3);
		let (mut participants, round1) = dkg_round1(&ids, &mut rng);
		let mut inboxes = round2_inboxes(&mut participants, &round1);
		let (a, b, c) = (ids[0], ids[1], ids[2]);
		let bogus = dkg::round2::Package::new(SigningShare::deserialize(&scalar_bytes(7)).unwrap());
		inboxes.get_mut(&c).unwrap().insert(a, bogus);
		assert_eq!(
			participants.get_mut(&c).unwrap().finish(&inboxes[&c]).unwrap_err(),
			FrostError::BadSecretShare(a)
		);
		// The others, whose packages were not touched, finish with the same key.
		let (_, public_a) = participants.get_mut(&a).unwrap().finish(&inboxes[&a]).unwrap();
		let (_, public_b) = participants.get_mut(&b).unwrap().finish(&inboxes[&b]).unwrap();
		assert_eq!(public_a, public_b);
	}

	#[test]
	fn a_refresh_keeps_the_key_and_the_new_shares_sign() {
		let mut rng = StdRng::seed_from_u64(9);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let (new_keys, new_public) = run_refresh(&keys, &public, &mut rng).unwrap();
		assert_eq!(new_public.verifying_key(), public.verifying_key(), "Q is kept");
		assert_eq!(new_public.min_signers(), Some(2));
		assert_eq!(new_keys.len(), 3);
		for id in &ids {
			assert_ne!(new_keys[id].signing_share(), keys[id].signing_share());
			assert_ne!(new_public.verifying_shares()[id], public.verifying_shares()[id]);
			assert_eq!(new_keys[id].verifying_key(), public.verifying_key());
		}
		for signers in subsets(&ids, 2) {
			let message = [42u8; 32];
			let (package, shares) = shares_for(&new_keys, &signers, &message, &mut rng);
			let signature = aggregate(&package, &shares, &new_public).unwrap();
			assert_bip340(&new_public, &message, &signature);
		}
	}

	#[test]
	fn an_old_share_does_not_sign_after_a_refresh() {
		let mut rng = StdRng::seed_from_u64(10);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let (new_keys, new_public) = run_refresh(&keys, &public, &mut rng).unwrap();
		let (a, b) = (ids[0], ids[1]);
		// a signs with its pre-refresh share, b with its refreshed one.
		let mut mixed = BTreeMap::new();
		mixed.insert(a, keys[&a].clone());
		mixed.insert(b, new_keys[&b].clone());
		let (package, shares) = shares_for(&mixed, &[a, b], &[1u8; 32], &mut rng);
		assert_eq!(
			aggregate(&package, &shares, &new_public).unwrap_err(),
			FrostError::BadSignatureShares(vec![a])
		);
		// Under the old public key package it is the refreshed share that does not fit.
		assert_eq!(
			aggregate(&package, &shares, &public).unwrap_err(),
			FrostError::BadSignatureShares(vec![b])
		);
	}

	#[test]
	fn a_refresh_can_remove_a_member_whose_id_is_then_unknown() {
		let mut rng = StdRng::seed_from_u64(11);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let (a, b, c) = (ids[0], ids[1], ids[2]);
		let mut remaining = keys.clone();
		remaining.remove(&c);
		let (new_keys, new_public) = run_refresh(&remaining, &public, &mut rng).unwrap();
		assert_eq!(new_public.verifying_key(), public.verifying_key());
		assert_eq!(new_public.verifying_shares().len(), 2);
		assert!(!new_public.verifying_shares().contains_key(&c));
		// The two left sign.
		let signers = [&new_keys[&a], &new_keys[&b]];
		let signature = run_signing(&signers, &new_public, &[2u8; 32], &mut rng).unwrap();
		assert_bip340(&new_public, &[2u8; 32], &signature);
		// The removed member, with its old share, is not in the group any more.
		let mut with_c = BTreeMap::new();
		with_c.insert(a, new_keys[&a].clone());
		with_c.insert(c, keys[&c].clone());
		let (package, shares) = shares_for(&with_c, &[a, c], &[3u8; 32], &mut rng);
		assert_eq!(
			aggregate(&package, &shares, &new_public).unwrap_err(),
			FrostError::UnknownIdentifier
		);
		assert_eq!(
			verify_share(c, &shares[&c], &package, &new_public),
			Err(FrostError::UnknownIdentifier)
		);
	}

	#[test]
	fn a_refresh_cannot_add_a_member() {
		let mut rng = StdRng::seed_from_u64(12);
		let ids = ids(4);
		let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);
		let (keys, public) = run_dkg(&ids[..3], 2, &mut rng).unwrap();
		let mut round1 = BTreeMap::new();
		let mut participants = BTreeMap::new();
		for id in [a, b, c] {
			let (participant, package) =
				DkgParticipant::start_refresh(keys[&id].clone(), public.clone(), 4, &mut rng)
					.unwrap();
			assert!(participant.is_refresh());
			participants.insert(id, participant);
			round1.insert(id, package);
		}
		// d has no share of the key; its round-1 package is refused.
		let (_, newcomer) = DkgParticipant::start(d, 4, 2, &mut rng).unwrap();
		round1.insert(d, newcomer);
		assert_eq!(
			participants.get_mut(&a).unwrap().round2(&round1).unwrap_err(),
			FrostError::NotInGroup(d)
		);
	}

	#[test]
	fn a_bad_refresh_share_names_its_sender() {
		let mut rng = StdRng::seed_from_u64(13);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let (a, b, c) = (ids[0], ids[1], ids[2]);
		let mut participants = BTreeMap::new();
		let mut round1 = BTreeMap::new();
		for key in keys.values() {
			let (participant, package) =
				DkgParticipant::start_refresh(key.clone(), public.clone(), 3, &mut rng).unwrap();
			round1.insert(participant.identifier(), package);
			participants.insert(participant.identifier(), participant);
		}
		let mut inboxes = round2_inboxes(&mut participants, &round1);
		// The culprit search accepts honest shares ...
		assert_eq!(refresh_culprit(c, &without(&round1, c), &inboxes[&c]), Ok(None));
		// ... and names the sender of a bad one.
		let bogus = dkg::round2::Package::new(SigningShare::deserialize(&scalar_bytes(9)).unwrap());
		inboxes.get_mut(&c).unwrap().insert(a, bogus);
		assert_eq!(
			participants.get_mut(&c).unwrap().finish(&inboxes[&c]).unwrap_err(),
			FrostError::BadSecretShare(a)
		);
		for id in [a, b] {
			let (_, refreshed) = participants.get_mut(&id).unwrap().finish(&inboxes[&id]).unwrap();
			assert_eq!(refreshed.verifying_key(), public.verifying_key());
		}
	}

	#[test]
	fn a_new_dkg_with_an_added_member_gives_a_new_key() {
		let mut rng = StdRng::seed_from_u64(14);
		let (_, three) = run_dkg(&ids(3), 2, &mut rng).unwrap();
		let ids4 = ids(4);
		let (keys, four) = run_dkg(&ids4, 2, &mut rng).unwrap();
		assert_ne!(three.verifying_key(), four.verifying_key());
		assert_eq!(four.verifying_shares().len(), 4);
		let signers = [&keys[&ids4[1]], &keys[&ids4[3]]];
		let signature = run_signing(&signers, &four, &[4u8; 32], &mut rng).unwrap();
		assert_bip340(&four, &[4u8; 32], &signature);
	}

	#[test]
	fn key_and_signature_convert_to_the_contract_words() {
		let mut rng = StdRng::seed_from_u64(15);
		let ids = ids(3);
		let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
		let (x, y) = group_key_words(public.verifying_key()).unwrap();
		assert_eq!(x, group_key_x(public.verifying_key()).unwrap());
		assert_eq!(x, group_xonly(public.verifying_key()).unwrap().serialize());
		assert_eq!(&public.verifying_key().serialize().unwrap()[1..], &x[..]);
		assert_eq!(y[31] & 1, 0, "the contract takes the even y");
		let mut point = vec![0x04];
		point.extend_from_slice(&x);
		point.extend_from_slice(&y);
		secp256k1::PublicKey::from_slice(&point).expect("(x, y) is on the curve");

		let message = [9u8; 32];
		let signers = [&keys[&ids[0]], &keys[&ids[2]]];
		let signature = run_signing(&signers, &public, &message, &mut rng).unwrap();
		let bytes = signature_bytes(&signature).unwrap();
		let (rx, ry, s) = signature_words(&signature).unwrap();
		assert_eq!(&bytes[..32], &rx[..]);
		assert_eq!(&bytes[32..], &s[..]);
		assert_eq!(ry[31] & 1, 0, "R has an even y");
		let mut nonce_point = vec![0x04];
		nonce_point.extend_from_slice(&rx);
		nonce_point.extend_from_slice(&ry);
		secp256k1::PublicKey::from_slice(&nonce_point).expect("(rx, ry) is on the curve");
		assert!(s < secp256k1::constants::CURVE_ORDER && s != [0u8; 32]);
		assert_eq!(schnorr_signature(&signature).unwrap().serialize(), bytes);
		verify_bip340(&x, &message, &bytes).unwrap();
	}

	/// The vectors' inputs: the end-to-end contract test's genesis (keccak256 of "MetaChain
	/// genesis (test)"), anvil's chain id and the address of the first contract its first account
	/// deploys.
	const GENESIS: &str = "88511d3d72e90da21b22b2c4736f6512eab52ed20f73091d753bece9dd8debed";
	const CONTRACT: &str = "5fbdb2315678afecb367f032d93f642f64180aa3";
	const CHAIN_ID: u64 = 31337;

	fn genesis() -> [u8; 32] {
		hex::decode(GENESIS).unwrap().try_into().unwrap()
	}

	fn contract() -> [u8; 20] {
		hex::decode(CONTRACT).unwrap().try_into().unwrap()
	}

	#[test]
	fn the_tags_are_the_contracts() {
		assert_eq!(keccak_256(b"MetaChain genesis (test)"), genesis());
		assert_eq!(
			hex::encode(anchor_tag()),
			"cc2a84d4fb807f898dd6d5757a9788c54f7d98a881a115317a0532be41db01c3"
		);
		assert_eq!(
			hex::encode(rotate_tag()),
			"1159950b46bc4ff641a42c599ab4fde19887cc54aa17a4e2b340d903dedca28c"
		);
	}

	#[test]
	fn the_anchor_message_is_the_contracts() {
		let root = [0x42u8; 32];
		let message = anchor_message(genesis(), CHAIN_ID, contract(), 7, root);
		// abi.encode(ANCHOR_TAG, genesisHash, block.chainid, address(this), checkpoint, root),
		// word by word: six 32-byte words, integers and the address left-padded with zeros.
		let mut encoded = Vec::new();
		encoded.extend_from_slice(&keccak_256(b"MetaChain/TracChainAnchor/anchor/v1"));
		encoded.extend_from_slice(&genesis());
		encoded.extend_from_slice(&[0u8; 24]);
		encoded.extend_from_slice(&CHAIN_ID.to_be_bytes());
		encoded.extend_from_slice(&[0u8; 12]);
		encoded.extend_from_slice(&contract());
		encoded.extend_from_slice(&[0u8; 24]);
		encoded.extend_from_slice(&7u64.to_be_bytes());
		encoded.extend_from_slice(&root);
		assert_eq!(encoded.len(), 6 * 32);
		assert_eq!(message, keccak_256(&encoded));
		// Computed apart (Python with pycryptodome's keccak, and @noble/hashes).
		assert_eq!(
			hex::encode(message),
			"c6339a6093b2c1083103a105270615c3c3bd2f245c316c5f37ebeb1c2d4176b8"
		);
		// Every field is bound.
		assert_ne!(message, anchor_message(genesis(), CHAIN_ID, contract(), 8, root));
		assert_ne!(message, anchor_message(genesis(), 1337, contract(), 7, root));
		assert_ne!(message, anchor_message(genesis(), CHAIN_ID, [0u8; 20], 7, root));
		assert_ne!(message, anchor_message([0u8; 32], CHAIN_ID, contract(), 7, root));
		assert_ne!(message, anchor_message(genesis(), CHAIN_ID, contract(), 7, [0x43u8; 32]));
	}

	#[test]
	fn the_rotate_message_is_the_contracts() {
		let new_key_x = [0x33u8; 32];
		let message = rotate_message(genesis(), CHAIN_ID, contract(), 1, new_key_x, 9);
		// abi.encode(ROTATE_TAG, genesisHash, block.chainid, address(this), epoch, newKeyX,
		// fromCheckpoint), word by word.
		let mut encoded = Vec::new();
		encoded.extend_from_slice(&keccak_256(b"MetaChain/TracChainAnchor/rotate/v1"));
		encoded.extend_from_slice(&genesis());
		encoded.extend_from_slice(&[0u8; 24]);
		encoded.extend_from_slice(&CHAIN_ID.to_be_bytes());
		encoded.extend_from_slice(&[0u8; 12]);
		encoded.extend_from_slice(&contract());
		encoded.extend_from_slice(&[0u8; 24]);
		encoded.extend_from_slice(&1u64.to_be_bytes());
		encoded.extend_from_slice(&new_key_x);
		encoded.extend_from_slice(&[0u8; 24]);
		encoded.extend_from_slice(&9u64.to_be_bytes());
		assert_eq!(encoded.len(), 7 * 32);
		assert_eq!(message, keccak_256(&encoded));
		assert_eq!(
			hex::encode(message),
			"021583be1e21055a1c64f13af62bde315b3d9c4ec3b48b226e2d1dca39df3580"
		);
	}

	#[test]
	fn a_sealed_share_opens_only_with_its_seed_and_epoch() {
		let mut rng = StdRng::seed_from_u64(16);
		let (keys, _) = run_dkg(&ids(3), 2, &mut rng).unwrap();
		let key = keys.values().next().unwrap();
		let seed = [0x5eu8; 32];
		let sealed = seal_key_package(key, &seed, 4).unwrap();
		assert_eq!(&open_key_package(&sealed, &seed, 4).unwrap(), key);
		assert!(open_key_package(&sealed, &[0x5fu8; 32], 4).is_err(), "another seed");
		assert!(open_key_package(&sealed, &seed, 5).is_err(), "another epoch");
		let mut altered = sealed.clone();
		let last = altered.len() - 1;
		altered[last] ^= 1;
		assert!(open_key_package(&altered, &seed, 4).is_err(), "altered bytes");
		assert!(open_key_package(&sealed[..20], &seed, 4).is_err(), "too short");
		let plain = key.serialize().unwrap();
		assert!(!sealed.windows(plain.len()).any(|w| w == plain.as_slice()), "encrypted");
		assert_ne!(seal_key_package(key, &seed, 4).unwrap(), sealed, "a fresh nonce each time");
	}

	#[test]
	fn the_chain_accepts_the_same_signatures_as_libsecp256k1() {
		// `anchor_message` is the runtime's function (checked word by word and against an
		// independent vector above).
		let message = anchor_message(genesis(), CHAIN_ID, contract(), 7, [0x42u8; 32]);
		// A FROST signature of the group (2 of 3) passes both libsecp256k1's BIP340 check and
		// the runtime's (ECDSA recovery); a flipped bit fails both.
		let mut rng = StdRng::seed_from_u64(23);
		let (keys, public) = run_dkg(&ids(3), 2, &mut rng).unwrap();
		let key_x = group_key_x(public.verifying_key()).unwrap();
		for _ in 0..8 {
			let signers: Vec<&KeyPackage> = keys.values().take(2).collect();
			let signature =
				signature_bytes(&run_signing(&signers, &public, &message, &mut rng).unwrap())
					.unwrap();
			assert!(verify_bip340(&key_x, &message, &signature).is_ok());
			assert!(pallet_anchoring::signature::verify_bip340(&key_x, &message, &signature));
			let mut bad = signature;
			bad[40] ^= 1;
			assert!(verify_bip340(&key_x, &message, &bad).is_err());
			assert!(!pallet_anchoring::signature::verify_bip340(&key_x, &message, &bad));
		}
	}

	#[test]
	fn a_share_file_is_private_and_per_epoch() {
		let mut rng = StdRng::seed_from_u64(17);
		let (keys, _) = run_dkg(&ids(3), 2, &mut rng).unwrap();
		let key = keys.values().next().unwrap();
		let seed = b"relayer seed";
		let dir = tempfile::tempdir().unwrap();
		let state = dir.path().join("state");
		assert_eq!(load_share(&state, 1, seed).unwrap(), None);
		let path = save_share(&state, 1, key, seed).unwrap();
		assert_eq!(path, share_path(&state, 1));
		assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
		assert_eq!(load_share(&state, 1, seed).unwrap().as_ref(), Some(key));
		assert_eq!(load_share(&state, 2, seed).unwrap(), None, "another epoch's file");
		assert!(load_share(&state, 1, b"another seed").is_err());
		// Saving again replaces the file atomically and leaves no temporary file behind.
		save_share(&state, 1, key, seed).unwrap();
		let files: Vec<_> = fs::read_dir(&state).unwrap().map(|e| e.unwrap().file_name()).collect();
		assert_eq!(files, vec![std::ffi::OsString::from("frost-share-1.sealed")]);
		assert!(delete_share(&state, 1).unwrap());
		assert!(!delete_share(&state, 1).unwrap());
		assert_eq!(load_share(&state, 1, seed).unwrap(), None);
	}
}
