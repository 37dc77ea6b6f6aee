//! The group's signing rounds over extrinsics: FROST's two rounds (RFC 9591 §5), run by the
//! holders of the group key for each target's next checkpoint, in order.
//!
//! A target the group signs for has a signing cursor ([`SigningCursor`]): the next checkpoint
//! its Ethereum contract records, or the next its Bitcoin coin anchors. The message is the
//! target's: an Ethereum target's anchor message ([`signature::eth_anchor_message`], signed by
//! the key in force), or the BIP341 sighash of a Bitcoin target's anchor transaction
//! ([`crate::bitcoin::GroupSpend`], signed by the key its coin pays). Members of the key commit to nonces (`sign_commit`, round 1); the first `t`
//! to commit are the signing set ([`Event::SigningSetChosen`]: online relayers choose
//! themselves, in the order their commitments land). Each posts its signature share
//! (`sign_share`, round 2), which the chain checks at once with frost-core's
//! `verify_signature_share` against the member's verifying share: a bad share is named on chain
//! ([`Event::BadSignatureShare`]), its sender's bond is slashed to the treasury and the attempt
//! restarts without it. The `t`-th good share makes the signature (`frost::aggregate`, which
//! verifies it under the group key): it is recorded as [`Signatures`] and the cursor moves on. An
//! attempt not done by its deadline (`dkg_round_blocks` after it opened) gives way, on the next
//! commitment, to a new attempt without the set's members that posted no share; they stay out
//! for the rest of the checkpoint and the next one (a member that commits and goes silent
//! delays at most every other checkpoint by one deadline), then rejoin.
//!
//! The work per call is bounded by the group's size (at most `MaxRelayers`, and the threshold):
//! the share check rebuilds the signing package from at most `t` commitments, and the last share
//! aggregates `t` shares. Nothing here iterates over checkpoints: one round per target.

use super::*;
use alloc::collections::BTreeMap;
use frost::{
	keys::{PublicKeyPackage, VerifyingShare},
	round1::{NonceCommitment, SigningCommitments},
	round2::SignatureShare,
	Identifier, SigningPackage, VerifyingKey,
};
/// The FROST ciphersuite the chain checks shares and signatures with (BIP340, Taproot flavour).
pub use frost_secp256k1_tr as frost;
use sp_runtime::DispatchResult;

/// The secp256k1 group order n, big-endian: the contract refuses a key whose x is not below it.
const ORDER: [u8; 32] = [
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// The FROST identifier of a member: hash-to-scalar of its account's SCALE encoding (what the
/// relayer's `frost::identifier_of` derives from an `AccountId32`'s 32 bytes).
pub fn identifier<A: Encode>(account: &A) -> Option<Identifier> {
	Identifier::derive(&account.encode()).ok()
}

/// Whether `result` names a group key the chain and both target chains can use: a valid
/// compressed point whose x is below the group order (else the Ethereum contract refuses it)
/// and one valid verifying share per member.
pub fn result_valid<M: Get<u32>>(result: &DkgResult<M>, members: usize) -> bool {
	result.verifying_shares.len() == members
		&& result.key[1..] < ORDER[..]
		&& VerifyingKey::deserialize(&result.key).is_ok()
		&& result.verifying_shares.iter().all(|share| VerifyingShare::deserialize(share).is_ok())
}

/// The public key package of `key`: its verifying key and each member's verifying share.
pub(crate) fn public_key_package<T: Config>(key: &GroupKeyOf<T>) -> Option<PublicKeyPackage> {
	let mut shares = BTreeMap::new();
	for (member, share) in key.members.iter().zip(key.verifying_shares.iter()) {
		shares.insert(identifier(member)?, VerifyingShare::deserialize(share).ok()?);
	}
	let verifying_key = VerifyingKey::deserialize(&key.key).ok()?;
	Some(PublicKeyPackage::new(shares, verifying_key, u16::try_from(key.threshold).ok()))
}

/// The signing package of `round` for `message`: the signing set's commitments.
fn signing_package<T: Config>(
	key: &GroupKeyOf<T>,
	round: &SigningRoundOf<T>,
	message: &[u8; 32],
) -> Option<SigningPackage> {
	let mut commitments = BTreeMap::new();
	for c in &round.commitments {
		let member = key.members.get(c.member as usize)?;
		let hiding = NonceCommitment::deserialize(&c.hiding).ok()?;
		let binding = NonceCommitment::deserialize(&c.binding).ok()?;
		commitments.insert(identifier(member)?, SigningCommitments::new(hiding, binding));
	}
	Some(SigningPackage::new(commitments, message))
}

/// A target's round at a block, the key signing it and the message.
pub type RoundAt<T> = (SigningRoundOf<T>, GroupKeyOf<T>, [u8; 32]);

/// What a signing call works on: the target's round as it stands now, the key signing it, the
/// caller's index among the key's members and the message.
pub struct SigningContext<T: Config> {
	/// The round (a new attempt when the stored one timed out, a fresh one for a new checkpoint).
	pub round: SigningRoundOf<T>,
	/// The key signing the round's checkpoint.
	pub key: GroupKeyOf<T>,
	/// The caller's index among the key's members.
	pub index: usize,
	/// The message the group signs.
	pub message: [u8; 32],
}

impl<T: Config> Pallet<T> {
	/// The message the group signs for `checkpoint` on `target`, and the key that signs it (its
	/// epoch and itself): an Ethereum target's anchor message under the key in force, or the
	/// sighash of a Bitcoin target's anchor under the key its coin pays.
	pub fn signing_message(
		checkpoint: CheckpointNumber,
		target: AnchorTarget,
	) -> Result<([u8; 32], KeyEpoch, GroupKeyOf<T>), DispatchError> {
		match target {
			AnchorTarget::Ethereum { chain_id } => Self::eth_signing_message(checkpoint, chain_id),
			AnchorTarget::Bitcoin { network } => {
				let (spend, spent, _) = Self::btc_anchor(checkpoint, network)?;
				let key = GroupKeys::<T>::get(spent.epoch).ok_or(Error::<T>::NoGroupKey)?;
				Ok((spend.sighash(), spent.epoch, key))
			}
		}
	}

	/// The round of `target` at `now` for `checkpoint`: the stored one, or a new attempt of it
	/// once its deadline has passed (without the set's members that posted no share), or a
	/// fresh round when the stored one is for an earlier checkpoint or key (keeping its
	/// exclusions under the same key when they were made in this checkpoint's predecessor).
	/// Errors when `checkpoint` is not the target's next.
	pub fn signing_round_at(
		target: AnchorTarget,
		checkpoint: CheckpointNumber,
		now: BlockNumberFor<T>,
	) -> Result<RoundAt<T>, DispatchError> {
		let cursor = SigningCursor::<T>::get(target).ok_or(Error::<T>::NoContract)?;
		ensure!(checkpoint == cursor, Error::<T>::NotNextCheckpoint);
		let (message, epoch, key) = Self::signing_message(checkpoint, target)?;
		let blocks = Parameters::<T>::get().dkg_round_blocks;
		let fresh = |excluded: u32, excluded_at: CheckpointNumber| SigningRound {
			checkpoint,
			epoch,
			attempt: 0,
			deadline: now.saturating_add(blocks),
			commitments: BoundedVec::new(),
			shares: BoundedVec::new(),
			excluded,
			excluded_at,
		};
		let round = match SigningRounds::<T>::get(target) {
			Some(r) if r.checkpoint == checkpoint && r.epoch == epoch => {
				if now > r.deadline {
					let silent = r.signers(key.threshold) & !r.shared();
					Self::next_attempt(r, silent, &key, now)
				} else {
					r
				}
			}
			// Exclusions last for the checkpoint they were made in and the next one.
			Some(r) if r.epoch == epoch && checkpoint <= r.excluded_at.saturating_add(1) => {
				fresh(r.excluded, r.excluded_at)
			}
			_ => fresh(0, 0),
		};
		Ok((round, key, message))
	}

	/// `round`'s next attempt, opened at `now`, with the members in `culprits` left out too (all
	/// exclusions are forgiven when fewer than the key's threshold would remain).
	pub(crate) fn next_attempt(
		round: SigningRoundOf<T>,
		culprits: u32,
		key: &GroupKeyOf<T>,
		now: BlockNumberFor<T>,
	) -> SigningRoundOf<T> {
		let mut excluded = round.excluded | culprits;
		let members = key.members.len() as u32;
		let all = if members >= 32 { u32::MAX } else { (1u32 << members) - 1 };
		if (all & !excluded).count_ones() < key.threshold {
			excluded = 0;
		}
		let excluded_at = if culprits == 0 { round.excluded_at } else { round.checkpoint };
		SigningRound {
			checkpoint: round.checkpoint,
			epoch: round.epoch,
			attempt: round.attempt.saturating_add(1),
			deadline: now.saturating_add(Parameters::<T>::get().dkg_round_blocks),
			commitments: BoundedVec::new(),
			shares: BoundedVec::new(),
			excluded,
			excluded_at,
		}
	}

	/// Checks that `who` may commit in attempt `attempt` of the signing of `checkpoint` for
	/// `target` now with these nonce commitments.
	pub fn check_sign_commit(
		who: &T::AccountId,
		target: AnchorTarget,
		checkpoint: CheckpointNumber,
		attempt: SigningAttempt,
		hiding: &[u8; 33],
		binding: &[u8; 33],
	) -> Result<SigningContext<T>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let (round, key, message) = Self::signing_round_at(target, checkpoint, now)?;
		let index = Self::signer_index(who, &key)?;
		ensure!(round.attempt == attempt, Error::<T>::WrongAttempt);
		ensure!(round.excluded & member_bit(index) == 0, Error::<T>::Excluded);
		ensure!(round.signers(key.threshold) == 0, Error::<T>::SigningSetChosen);
		ensure!(
			!round.commitments.iter().any(|c| c.member as usize == index),
			Error::<T>::AlreadyPosted
		);
		ensure!(
			NonceCommitment::deserialize(hiding).is_ok()
				&& NonceCommitment::deserialize(binding).is_ok(),
			Error::<T>::BadCommitment
		);
		Ok(SigningContext { round, key, index, message })
	}

	/// Checks that `who` may post its share in attempt `attempt` of the signing of `checkpoint`
	/// for `target` now (whether the share is good is judged by the call, which punishes a bad
	/// one).
	pub fn check_sign_share(
		who: &T::AccountId,
		target: AnchorTarget,
		checkpoint: CheckpointNumber,
		attempt: SigningAttempt,
	) -> Result<SigningContext<T>, DispatchError> {
		let cursor = SigningCursor::<T>::get(target).ok_or(Error::<T>::NoContract)?;
		ensure!(checkpoint == cursor, Error::<T>::NotNextCheckpoint);
		let round = SigningRounds::<T>::get(target)
			.filter(|r| r.checkpoint == checkpoint)
			.ok_or(Error::<T>::WrongAttempt)?;
		ensure!(round.attempt == attempt, Error::<T>::WrongAttempt);
		let (message, epoch, key) = Self::signing_message(checkpoint, target)?;
		// The key changed since the round opened: a new round starts at the next commitment.
		ensure!(epoch == round.epoch, Error::<T>::WrongAttempt);
		let index = Self::signer_index(who, &key)?;
		ensure!(round.signers(key.threshold) & member_bit(index) != 0, Error::<T>::NotSigner);
		ensure!(
			!round.shares.iter().any(|s| s.member as usize == index),
			Error::<T>::AlreadyPosted
		);
		Ok(SigningContext { round, key, index, message })
	}

	/// `who`'s index among `key`'s members, if it holds a share and its bond stands (not
	/// unbonding: a slashed relayer has none).
	fn signer_index(who: &T::AccountId, key: &GroupKeyOf<T>) -> Result<usize, DispatchError> {
		let index = key.members.iter().position(|m| m == who).ok_or(Error::<T>::NotSigner)?;
		let bond = RelayerBonds::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
		ensure!(bond.unbonding_at.is_none(), Error::<T>::Unbonding);
		Ok(index)
	}

	/// Records `who`'s commitment (checked by [`Self::check_sign_commit`]); the `t`-th chooses
	/// the signing set.
	pub(crate) fn do_sign_commit(
		who: T::AccountId,
		target: AnchorTarget,
		ctx: SigningContext<T>,
		hiding: [u8; 33],
		binding: [u8; 33],
	) -> DispatchResult {
		let SigningContext { mut round, key, index, .. } = ctx;
		round
			.commitments
			.try_push(SignCommitment { member: index as u8, hiding, binding })
			.map_err(|_| Error::<T>::SigningSetChosen)?;
		Self::note_seen(&who);
		Self::deposit_event(Event::SignCommitted {
			target,
			checkpoint: round.checkpoint,
			attempt: round.attempt,
			member: who,
		});
		if round.signers(key.threshold) != 0 {
			let signers = round
				.commitments
				.iter()
				.filter_map(|c| key.members.get(c.member as usize).cloned())
				.collect();
			Self::deposit_event(Event::SigningSetChosen {
				target,
				checkpoint: round.checkpoint,
				attempt: round.attempt,
				signers,
			});
		}
		SigningRounds::<T>::insert(target, round);
		Ok(())
	}

	/// Checks `who`'s share (checked by [`Self::check_sign_share`] to be due): a good one is
	/// recorded, and the `t`-th makes the signature; a bad one slashes `who`'s bond and restarts
	/// the attempt without it.
	pub(crate) fn do_sign_share(
		who: T::AccountId,
		target: AnchorTarget,
		ctx: SigningContext<T>,
		share: [u8; 32],
	) -> DispatchResult {
		let SigningContext { mut round, key, index, message } = ctx;
		let now = frame_system::Pallet::<T>::block_number();
		let public = public_key_package::<T>(&key).ok_or(Error::<T>::NoGroupKey)?;
		let package =
			signing_package::<T>(&key, &round, &message).ok_or(Error::<T>::BadCommitment)?;
		let id = identifier(&who).ok_or(Error::<T>::NotSigner)?;
		let good = SignatureShare::deserialize(&share).ok().filter(|s| {
			public.verifying_shares().get(&id).is_some_and(|verifying_share| {
				frost_core::verify_signature_share(
					id,
					verifying_share,
					s,
					&package,
					public.verifying_key(),
				)
				.is_ok()
			})
		});
		let Some(good) = good else {
			let slashed = Self::slash_relayer(&who);
			Self::deposit_event(Event::BadSignatureShare {
				target,
				checkpoint: round.checkpoint,
				attempt: round.attempt,
				member: who,
				slashed,
			});
			let round = Self::next_attempt(round, member_bit(index), &key, now);
			SigningRounds::<T>::insert(target, round);
			return Ok(());
		};
		round
			.shares
			.try_push(SignShare { member: index as u8, share })
			.map_err(|_| Error::<T>::AlreadyPosted)?;
		Self::note_seen(&who);
		Self::deposit_event(Event::SignShared {
			target,
			checkpoint: round.checkpoint,
			attempt: round.attempt,
			member: who,
		});
		if (round.shares.len() as u32) < key.threshold {
			SigningRounds::<T>::insert(target, round);
			return Ok(());
		}
		let mut shares = BTreeMap::new();
		shares.insert(id, good);
		for s in round.shares.iter().filter(|s| s.member as usize != index) {
			let member = key.members.get(s.member as usize).ok_or(Error::<T>::NotSigner)?;
			let share =
				SignatureShare::deserialize(&s.share).map_err(|_| Error::<T>::BadSignature)?;
			shares.insert(identifier(member).ok_or(Error::<T>::NotSigner)?, share);
		}
		// `aggregate` verifies the signature under the group key (BIP340 for this ciphersuite).
		// Every share was checked, so it verifies; refuse rather than record anything else.
		let signature = frost::aggregate(&package, &shares, &public)
			.ok()
			.and_then(|s| s.serialize().ok())
			.and_then(|bytes| <[u8; 64]>::try_from(bytes.as_slice()).ok())
			.ok_or(Error::<T>::BadSignature)?;
		let checkpoint = round.checkpoint;
		let epoch = round.epoch;
		SigningRounds::<T>::insert(target, round);
		Self::record_signature(checkpoint, target, epoch, signature);
		Ok(())
	}

	/// Records the group's verified `signature` of `checkpoint` on `target` and moves the
	/// target's signing cursor past it; on a Bitcoin target, the anchor's change becomes the
	/// group's coin and its txid the checkpoint's anchor ([`BtcSpends`]).
	pub(crate) fn record_signature(
		checkpoint: CheckpointNumber,
		target: AnchorTarget,
		epoch: KeyEpoch,
		signature: [u8; 64],
	) {
		let signed_at = frame_system::Pallet::<T>::block_number();
		Signatures::<T>::insert(checkpoint, target, GroupSignature { epoch, signature, signed_at });
		SigningCursor::<T>::insert(target, checkpoint.saturating_add(1));
		Self::deposit_event(Event::CheckpointSigned { checkpoint, target, epoch, signature });
		if let AnchorTarget::Bitcoin { network } = target {
			// The message just signed was built from the same state, so this cannot fail.
			if let Ok((spend, spent, fee)) = Self::btc_anchor(checkpoint, network) {
				let txid = spend.txid();
				let coin = spend.next_coin();
				BtcSpends::<T>::insert(checkpoint, network, BtcSpend { spent, fee, txid });
				GroupCoins::<T>::insert(network, GroupCoin { epoch: spent.epoch, coin });
				Self::deposit_event(Event::BtcAnchorSigned { checkpoint, network, txid, coin });
			}
		}
	}

	/// Slashes `who`'s whole bond to [`Config::SlashBeneficiary`] and removes it: a bad share is
	/// never an accident of honest software. Returns the MC moved.
	pub(crate) fn slash_relayer(who: &T::AccountId) -> BalanceOf<T> {
		let Some(bond) = RelayerBonds::<T>::take(who) else { return Zero::zero() };
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::RelayerBond.into(),
			who,
			&T::SlashBeneficiary::get(),
			bond.amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|_| Zero::zero());
		Self::deposit_event(Event::RelayerSlashed { relayer: who.clone(), amount: moved });
		moved
	}

	/// The signing rounds' invariants: a round exists only for a target with a cursor, for a
	/// checkpoint not after it and under a locked key; it holds at most `t` commitments, of
	/// distinct members of its key, none excluded; shares come from distinct members of the set
	/// (the `t` committers), fewer than `t` while the checkpoint is unsigned; exclusions are not
	/// older than the checkpoint before the round's.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn do_try_state_signing() -> Result<(), sp_runtime::TryRuntimeError> {
		for (target, round) in SigningRounds::<T>::iter() {
			let cursor =
				SigningCursor::<T>::get(target).ok_or("a signing round without a cursor")?;
			ensure!(round.checkpoint <= cursor, "a signing round ahead of its cursor");
			let key = GroupKeys::<T>::get(round.epoch).ok_or("a signing round of no key")?;
			let n = key.members.len();
			let committed = round.committed();
			ensure!(
				committed.count_ones() as usize == round.commitments.len()
					&& round.commitments.iter().all(|c| (c.member as usize) < n),
				"a commitment twice or by no member"
			);
			ensure!(round.commitments.len() as u32 <= key.threshold, "more commitments than t");
			ensure!(committed & round.excluded == 0, "a commitment by an excluded member");
			ensure!(
				round.excluded == 0 || round.checkpoint <= round.excluded_at.saturating_add(1),
				"an exclusion older than the previous checkpoint"
			);
			let signers = round.signers(key.threshold);
			let shared = round.shared();
			ensure!(
				shared.count_ones() as usize == round.shares.len() && shared & !signers == 0,
				"a share twice or by no signer"
			);
			let signed = Signatures::<T>::contains_key(round.checkpoint, target);
			ensure!(
				signed || (round.shares.len() as u32) < key.threshold,
				"t shares and no signature"
			);
		}
		Ok(())
	}
}
