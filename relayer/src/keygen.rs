//! The relayer's part in the group key's generation (pallet-anchoring's key-generation
//! sessions): it follows `Anchoring::Dkg` at the best block and, as a member, posts its round-1
//! package, then its round-2 packages **sealed** to each recipient's X25519 key, then opens the
//! packages sent to it, finishes FROST's key generation, saves its share sealed at rest and
//! confirms the group key. A package that does not verify (a bad proof of knowledge, a share
//! that does not open or does not match its sender's commitments) is answered with a complaint
//! against its sender instead.
//!
//! **Sealing a round-2 package.** Sender `i` to recipient `j` of session `s`: the key is
//! HKDF-SHA256 of the X25519 shared secret of `i`'s secret and `j`'s bonded `encryption_key`,
//! with info [`SEAL_INFO`] ‖ `s` (4 bytes, little-endian) ‖ `i` ‖ `j`; ChaCha20-Poly1305 with a
//! zero nonce (each key seals one message). Round 2's post is the SCALE
//! `Vec<(u8 recipient, Vec<u8> sealed)>`.
//!
//! The session's secrets live in memory only: a relayer restarted in the middle of a session
//! cannot finish it and is a no-show (the chain starts the next without it).

use crate::{
	chain::Node,
	frost::{identifier_of, save_share, DkgParticipant, FrostError},
	keys,
};
use anyhow::{anyhow, bail, Context, Result};
use chacha20poly1305::{aead::Aead, ChaCha20Poly1305, KeyInit, Nonce};
use codec::{Decode, Encode};
use frost_secp256k1_tr::{keys::dkg, Identifier};
use hkdf::Hkdf;
use metachain_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_anchoring::{DkgPayload, DkgResult, DkgSessionId, DkgSessionOf};
use sha2::Sha256;
use sp_core::{sr25519, Pair, H256};
use std::{
	collections::BTreeMap,
	path::PathBuf,
	time::{Duration, Instant},
};
use zeroize::Zeroizing;

/// The HKDF-SHA256 `info` prefix of the key that seals a round-2 package.
pub const SEAL_INFO: &[u8] = b"metachain/dkg-share/v1";

/// A key-generation session as stored.
pub type Session = DkgSessionOf<Runtime>;

/// The key that seals the round-2 package of `from` to `to` in `session`, from the X25519
/// shared secret of one side's secret and the other's public key.
fn seal_key(
	secret: &[u8; 32],
	their_key: &[u8; 32],
	session: DkgSessionId,
	from: u8,
	to: u8,
) -> Result<ChaCha20Poly1305> {
	let shared = Zeroizing::new(x25519_dalek::x25519(*secret, *their_key));
	if *shared == [0u8; 32] {
		bail!("a low-order X25519 key: no shared secret");
	}
	let mut info = SEAL_INFO.to_vec();
	info.extend_from_slice(&session.to_le_bytes());
	info.extend_from_slice(&[from, to]);
	let mut key = Zeroizing::new([0u8; 32]);
	Hkdf::<Sha256>::new(None, shared.as_slice())
		.expand(&info, key.as_mut_slice())
		.map_err(|_| anyhow!("HKDF cannot give a 32-byte key"))?;
	ChaCha20Poly1305::new_from_slice(key.as_slice())
		.map_err(|_| anyhow!("ChaCha20-Poly1305 takes a 32-byte key"))
}

/// Seals `plain` (a serialized round-2 package) from member `from` to member `to`.
pub fn seal(
	secret: &[u8; 32],
	their_key: &[u8; 32],
	session: DkgSessionId,
	from: u8,
	to: u8,
	plain: &[u8],
) -> Result<Vec<u8>> {
	seal_key(secret, their_key, session, from, to)?
		.encrypt(Nonce::from_slice(&[0u8; 12]), plain)
		.map_err(|_| anyhow!("sealing a round-2 package failed"))
}

/// Opens a package sealed by [`seal`]; fails for another key, session, sender or recipient, or
/// altered bytes.
pub fn open(
	secret: &[u8; 32],
	their_key: &[u8; 32],
	session: DkgSessionId,
	from: u8,
	to: u8,
	sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
	seal_key(secret, their_key, session, from, to)?
		.decrypt(Nonce::from_slice(&[0u8; 12]), sealed)
		.map(Zeroizing::new)
		.map_err(|_| anyhow!("a round-2 package does not open"))
}

/// What this relayer holds of the session it takes part in.
struct Taking {
	/// The session.
	id: DkgSessionId,
	/// FROST's state.
	participant: DkgParticipant,
	/// The calls made (or to make) in each round, and when last submitted.
	calls: BTreeMap<u8, (RuntimeCall, Option<Instant>)>,
	/// Round 1's package, until posted.
	round1: Option<Vec<u8>>,
}

/// The relayer's key-generation driver.
pub struct Keygen {
	/// Where the sealed shares are saved (mode 600, [`save_share`]).
	pub share_dir: PathBuf,
	/// When to submit a post again that has not reached a block.
	pub resubmit_after: Duration,
	taking: Option<Taking>,
}

/// Why a step ended with a complaint rather than a post.
struct Culprit(usize);

impl Keygen {
	/// A driver saving shares in `share_dir`.
	pub fn new(share_dir: PathBuf, resubmit_after: Duration) -> Self {
		Self { share_dir, resubmit_after, taking: None }
	}

	/// One step at the best block: takes part in the session in progress, if this relayer is a
	/// member. Returns a line to log when something was submitted.
	pub async fn step(&mut self, node: &Node, signer: &sr25519::Pair) -> Result<Option<String>> {
		let at = node.best_head().await?;
		let Some(session) = node.dkg_session(at).await? else {
			self.taking = None;
			return Ok(None);
		};
		let me: AccountId = signer.public().into();
		let Some(index) = session.members.iter().position(|m| *m == me) else {
			self.taking = None;
			return Ok(None);
		};
		if self.taking.as_ref().is_none_or(|t| t.id != session.id) {
			if session.round != 1 {
				// A session that began while this relayer was away: it cannot finish it.
				self.taking = None;
				return Ok(None);
			}
			let n = u16::try_from(session.members.len()).context("members")?;
			let t = u16::try_from(session.threshold).context("threshold")?;
			let (participant, package) =
				DkgParticipant::start(identifier_of(&me)?, n, t, &mut rand::rngs::OsRng)?;
			let round1 = package.serialize().context("serializing round 1")?;
			self.taking = Some(Taking {
				id: session.id,
				participant,
				calls: BTreeMap::new(),
				round1: Some(round1),
			});
		}
		if session.posted & (1u32 << index) != 0 {
			return Ok(None); // posted in this round: waiting for the others
		}
		let round = session.round;
		let has_call = self.taking.as_ref().is_some_and(|t| t.calls.contains_key(&round));
		if !has_call {
			let call = match self.make_call(node, signer, &session, index, at).await? {
				Ok(call) => call,
				Err(Culprit(culprit)) => {
					let against = session.members[culprit].clone();
					RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_complain {
						session: session.id,
						against,
					})
				}
			};
			if let Some(t) = self.taking.as_mut() {
				t.calls.insert(round, (call, None));
			}
		}
		let Some(t) = self.taking.as_mut() else { return Ok(None) };
		let Some((call, sent)) = t.calls.get_mut(&round) else { return Ok(None) };
		if sent.is_some_and(|s| s.elapsed() < self.resubmit_after) {
			return Ok(None);
		}
		let hash = node.submit(signer, call.clone()).await?;
		*sent = Some(Instant::now());
		let what = match call {
			RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_complain { against, .. }) => {
				format!("complained about {against}")
			}
			_ => format!("posted round {round}"),
		};
		Ok(Some(format!("key generation {}: {what}; extrinsic {hash:?}", session.id)))
	}

	/// The call this member makes in the session's open round, or the member to complain about.
	async fn make_call(
		&mut self,
		node: &Node,
		signer: &sr25519::Pair,
		session: &Session,
		index: usize,
		at: H256,
	) -> Result<Result<RuntimeCall, Culprit>> {
		let t = self.taking.as_mut().ok_or_else(|| anyhow!("no session taken"))?;
		let ids: Vec<Identifier> =
			session.members.iter().map(identifier_of).collect::<Result<_, _>>()?;
		let culprit_of = |id: &Identifier| ids.iter().position(|x| x == id);
		match session.round {
			1 => {
				let payload = t.round1.take().ok_or_else(|| anyhow!("round 1 already made"))?;
				Ok(Ok(post(session.id, 1, payload)?))
			}
			2 => {
				let mut round1 = BTreeMap::new();
				for (i, id) in ids.iter().enumerate().filter(|(i, _)| *i != index) {
					let bytes = node.dkg_post(session.id, 1, i as u8, at).await?;
					match bytes.and_then(|b| dkg::round1::Package::deserialize(&b).ok()) {
						Some(p) => round1.insert(*id, p),
						None => return Ok(Err(Culprit(i))),
					};
				}
				let packages = match t.participant.round2(&round1) {
					Ok(p) => p,
					Err(e) => return culprit(e, &culprit_of),
				};
				let secret = keys::encryption_secret(signer);
				let mut wire: Vec<(u8, Vec<u8>)> = Vec::new();
				for (j, member) in session.members.iter().enumerate().filter(|(j, _)| *j != index) {
					let package = packages
						.get(&ids[j])
						.ok_or_else(|| anyhow!("no round-2 package for member {j}"))?;
					let their_key = node
						.relayer_bond(member, at)
						.await?
						.ok_or_else(|| anyhow!("member {member} has no bond"))?
						.encryption_key;
					let plain = Zeroizing::new(package.serialize().context("round 2")?);
					wire.push((
						j as u8,
						seal(&secret, &their_key, session.id, index as u8, j as u8, &plain)?,
					));
				}
				Ok(Ok(post(session.id, 2, wire.encode())?))
			}
			_ => {
				let secret = keys::encryption_secret(signer);
				let mut inbox = BTreeMap::new();
				for (i, member) in session.members.iter().enumerate().filter(|(i, _)| *i != index) {
					let their_key = node
						.relayer_bond(member, at)
						.await?
						.ok_or_else(|| anyhow!("member {member} has no bond"))?
						.encryption_key;
					let Some(bytes) = node.dkg_post(session.id, 2, i as u8, at).await? else {
						return Ok(Err(Culprit(i)));
					};
					let mine = Vec::<(u8, Vec<u8>)>::decode(&mut &bytes[..])
						.ok()
						.and_then(|w| w.into_iter().find(|(to, _)| *to as usize == index));
					let Some((_, sealed)) = mine else { return Ok(Err(Culprit(i))) };
					let Ok(plain) =
						open(&secret, &their_key, session.id, i as u8, index as u8, &sealed)
					else {
						return Ok(Err(Culprit(i)));
					};
					match dkg::round2::Package::deserialize(&plain) {
						Ok(p) => inbox.insert(ids[i], p),
						Err(_) => return Ok(Err(Culprit(i))),
					};
				}
				let (key_package, public) = match t.participant.finish(&inbox) {
					Ok(done) => done,
					Err(e) => return culprit(e, &culprit_of),
				};
				let seed = Zeroizing::new(signer.to_raw_vec());
				let path = save_share(&self.share_dir, session.epoch as u64, &key_package, &seed)?;
				log::info!(
					"key generation {}: share of epoch {} saved sealed in {}",
					session.id,
					session.epoch,
					path.display()
				);
				let key = public.verifying_key().serialize().context("group key")?;
				let mut shares = Vec::new();
				for id in &ids {
					let share = public
						.verifying_shares()
						.get(id)
						.ok_or_else(|| anyhow!("no verifying share of a member"))?
						.serialize()
						.context("verifying share")?;
					shares.push(<[u8; 33]>::try_from(share.as_slice()).context("33 bytes")?);
				}
				let result = DkgResult {
					key: key.as_slice().try_into().context("a 33-byte group key")?,
					verifying_shares: shares.try_into().map_err(|_| anyhow!("too many shares"))?,
				};
				Ok(Ok(RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_confirm {
					session: session.id,
					result,
				})))
			}
		}
	}
}

/// `dkg_post(session, round, payload)`.
fn post(session: DkgSessionId, round: u8, payload: Vec<u8>) -> Result<RuntimeCall> {
	let payload: DkgPayload =
		payload.try_into().map_err(|_| anyhow!("a round-{round} post over the size limit"))?;
	Ok(RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_post { session, round, payload }))
}

/// The member to complain about for a FROST error naming a culprit, else the error.
fn culprit<T>(
	e: FrostError,
	index_of: &impl Fn(&Identifier) -> Option<usize>,
) -> Result<Result<T, Culprit>> {
	match e.culprits().first().and_then(index_of) {
		Some(i) => Ok(Err(Culprit(i))),
		None => Err(anyhow::Error::new(e).context("key generation")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_sealed_package_opens_only_for_its_recipient_session_and_sender() {
		let eve = keys::metachain_pair("//Eve").unwrap();
		let ferdie = keys::metachain_pair("//Ferdie").unwrap();
		let dave = keys::metachain_pair("//Dave").unwrap();
		let (se, sf, sd) = (
			keys::encryption_secret(&eve),
			keys::encryption_secret(&ferdie),
			keys::encryption_secret(&dave),
		);
		let (pf, pe) = (keys::encryption_key(&ferdie), keys::encryption_key(&eve));
		let sealed = seal(&se, &pf, 7, 0, 1, b"a secret share").unwrap();
		assert_ne!(&sealed[..14], b"a secret share");
		// Ferdie opens it with Eve's public key.
		assert_eq!(open(&sf, &pe, 7, 0, 1, &sealed).unwrap().as_slice(), b"a secret share");
		// Dave cannot, nor can it be replayed in another session or as from another sender.
		assert!(open(&sd, &pe, 7, 0, 1, &sealed).is_err());
		assert!(open(&sf, &pe, 8, 0, 1, &sealed).is_err());
		assert!(open(&sf, &pe, 7, 2, 1, &sealed).is_err());
		let mut altered = sealed.clone();
		altered[0] ^= 1;
		assert!(open(&sf, &pe, 7, 0, 1, &altered).is_err());
		// A low-order key gives no shared secret: refused.
		assert!(seal(&se, &[0; 32], 7, 0, 1, b"x").is_err());
	}
}
