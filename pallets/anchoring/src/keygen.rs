//! The group key's generation over extrinsics: sessions of FROST's distributed key generation
//! among the eligible relayers, their rounds and deadlines, failures and exclusions, and the
//! lock-in of the key every member confirms.
//!
//! A session starts in `on_initialize` when no group key is in force, none is in progress, the
//! threshold `t` is at least 2 (FROST refuses 1) and at least `t` listed relayers are eligible
//! ([`Pallet::eligible_relayers`]) once those excluded by earlier failures are left out. Its
//! members are those relayers, most senior first. Each round is open for `dkg_round_blocks`
//! blocks and closes as soon as every member has posted; at the deadline the members that did
//! not post are left out of the next session. Round 3 locks the key in when every confirmation
//! is the same. Only the start reads bonds (one per listed relayer, at most `MaxRelayers`), and
//! only while no key is in force; the end of a session removes at most `3 × MaxRelayers` posts.

use super::*;

impl<T: Config> Pallet<T> {
	/// The key-generation part of `on_initialize`: fail the session in progress once its round's
	/// deadline has passed, or start one when none is in progress and no key is in force.
	/// Returns the weight beyond the hook's ordinary reads (which the `on_initialize_*`
	/// benchmarks measure).
	pub(crate) fn maybe_keygen(now: BlockNumberFor<T>) -> Weight {
		if let Some(session) = Dkg::<T>::get() {
			if now <= session.deadline {
				return Weight::zero();
			}
			let members = session.members.len() as u32;
			let no_shows: Vec<T::AccountId> = session
				.members
				.iter()
				.enumerate()
				.filter(|(i, _)| session.posted & (1u32 << i) == 0)
				.map(|(_, who)| who.clone())
				.collect();
			Self::fail_dkg(&session, no_shows);
			return T::WeightInfo::on_initialize_dkg_timeout(members);
		}
		if ActiveEpoch::<T>::exists() {
			return Weight::zero();
		}
		let threshold = Threshold::<T>::get();
		let listed = Relayers::<T>::decode_len().unwrap_or(0) as u32;
		if threshold < 2 || listed < threshold {
			return Weight::zero();
		}
		Self::start_dkg(now, threshold);
		T::WeightInfo::on_initialize_dkg_start(listed)
	}

	/// Starts a session among the eligible relayers not excluded, if at least `threshold` of
	/// them are eligible. When the exclusions leave fewer than `threshold`, the oldest are
	/// forgotten first (a complaint excludes the accused before the complainer, so a member that
	/// complains falsely is the last to come back).
	fn start_dkg(now: BlockNumberFor<T>, threshold: u32) {
		let eligible = Self::eligible_relayers();
		if (eligible.len() as u32) < threshold {
			return;
		}
		let mut excluded = DkgExcluded::<T>::get();
		let available = |excluded: &RelayersOf<T>| -> Vec<T::AccountId> {
			eligible.iter().filter(|who| !excluded.contains(who)).cloned().collect()
		};
		let mut members = available(&excluded);
		if (members.len() as u32) < threshold {
			while (members.len() as u32) < threshold && !excluded.is_empty() {
				excluded.remove(0);
				members = available(&excluded);
			}
			DkgExcluded::<T>::put(excluded);
		}
		// Eligible relayers are listed ones: at most `MaxRelayers`, nothing is truncated.
		let members = BoundedVec::truncate_from(members);
		let id = NextDkgSession::<T>::get();
		NextDkgSession::<T>::put(id.saturating_add(1));
		let epoch = ActiveEpoch::<T>::get().map_or(0, |e| e.saturating_add(1));
		let deadline = now.saturating_add(Parameters::<T>::get().dkg_round_blocks);
		Self::deposit_event(Event::DkgStarted {
			session: id,
			epoch,
			members: members.to_vec(),
			threshold,
			deadline,
		});
		Dkg::<T>::put(DkgSession { id, epoch, members, threshold, round: 1, deadline, posted: 0 });
	}

	/// Checks that `who` may post in `round` of session `session` now; returns the session and
	/// `who`'s index among its members.
	pub fn check_dkg_post(
		who: &T::AccountId,
		session: DkgSessionId,
		round: u8,
	) -> Result<(DkgSessionOf<T>, usize), DispatchError> {
		let dkg = Dkg::<T>::get().ok_or(Error::<T>::NoKeygen)?;
		ensure!(dkg.id == session, Error::<T>::WrongSession);
		ensure!(dkg.round == round, Error::<T>::WrongRound);
		let index = dkg.members.iter().position(|m| m == who).ok_or(Error::<T>::NotMember)?;
		ensure!(dkg.posted & (1u32 << index) == 0, Error::<T>::AlreadyPosted);
		Ok((dkg, index))
	}

	/// Checks that `who` may complain about `against` in session `session` now; returns the
	/// session.
	pub fn check_dkg_complaint(
		who: &T::AccountId,
		session: DkgSessionId,
		against: &T::AccountId,
	) -> Result<DkgSessionOf<T>, DispatchError> {
		let dkg = Dkg::<T>::get().ok_or(Error::<T>::NoKeygen)?;
		ensure!(dkg.id == session, Error::<T>::WrongSession);
		ensure!(dkg.members.contains(who), Error::<T>::NotMember);
		ensure!(who != against && dkg.members.contains(against), Error::<T>::BadComplaint);
		Ok(dkg)
	}

	/// Records that the member at `index` posted in the open round of `dkg`: a sign of life;
	/// when every member has posted, opens the next round or, after round 3, ends the session.
	pub(crate) fn note_dkg_post(mut dkg: DkgSessionOf<T>, index: usize, who: T::AccountId) {
		Self::note_seen(&who);
		Self::deposit_event(Event::DkgPosted { session: dkg.id, round: dkg.round, member: who });
		dkg.posted |= 1u32 << index;
		if dkg.posted.count_ones() < dkg.members.len() as u32 {
			Dkg::<T>::put(dkg);
			return;
		}
		if dkg.round < 3 {
			let now = frame_system::Pallet::<T>::block_number();
			dkg.round = dkg.round.saturating_add(1);
			dkg.posted = 0;
			dkg.deadline = now.saturating_add(Parameters::<T>::get().dkg_round_blocks);
			Self::deposit_event(Event::DkgRoundOpened {
				session: dkg.id,
				round: dkg.round,
				deadline: dkg.deadline,
			});
			Dkg::<T>::put(dkg);
		} else {
			Self::finish_dkg(&dkg);
		}
	}

	/// Ends a session whose members have all confirmed: locks the key in when every
	/// confirmation is the same; otherwise fails it, leaving out the members outside the largest
	/// agreeing group (none when two groups tie).
	fn finish_dkg(dkg: &DkgSessionOf<T>) {
		let confirmations: Vec<DkgResultOf<T>> = (0..dkg.members.len())
			.filter_map(|i| DkgConfirmations::<T>::get(dkg.id, i as u8))
			.collect();
		// Distinct confirmations with how many members gave each (at most `MaxRelayers`).
		let mut counts: Vec<(&DkgResultOf<T>, u32)> = Vec::new();
		for c in &confirmations {
			match counts.iter_mut().find(|(seen, _)| *seen == c) {
				Some((_, n)) => *n += 1,
				None => counts.push((c, 1)),
			}
		}
		let members = dkg.members.len() as u32;
		let agreed = counts.iter().find(|(_, n)| *n == members).map(|(c, _)| (*c).clone());
		if let Some(result) = agreed {
			let now = frame_system::Pallet::<T>::block_number();
			GroupKeys::<T>::insert(
				dkg.epoch,
				GroupKey {
					key: result.key,
					key_x: key_x(&result.key),
					threshold: dkg.threshold,
					members: dkg.members.clone(),
					verifying_shares: result.verifying_shares,
					session: dkg.id,
					locked_at: now,
				},
			);
			ActiveEpoch::<T>::put(dkg.epoch);
			DkgExcluded::<T>::kill();
			Self::end_dkg(dkg);
			Self::deposit_event(Event::GroupKeyLocked {
				epoch: dkg.epoch,
				key_x: key_x(&result.key),
				members: dkg.members.to_vec(),
				threshold: dkg.threshold,
			});
			return;
		}
		let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
		let leaders: Vec<&DkgResultOf<T>> =
			counts.iter().filter(|(_, n)| *n == best).map(|(c, _)| *c).collect();
		let outvoted: Vec<T::AccountId> = match leaders.as_slice() {
			[leader] => dkg
				.members
				.iter()
				.zip(confirmations.iter())
				.filter(|(_, c)| c != leader)
				.map(|(who, _)| who.clone())
				.collect(),
			_ => Vec::new(),
		};
		Self::fail_dkg(dkg, outvoted);
	}

	/// Fails `dkg`: ends it, adds `excluded` (in this order, after those already excluded) to
	/// the relayers left out of the next sessions and reports it. The next session starts in the
	/// next block.
	pub(crate) fn fail_dkg(dkg: &DkgSessionOf<T>, excluded: Vec<T::AccountId>) {
		Self::end_dkg(dkg);
		DkgExcluded::<T>::mutate(|list| {
			for who in &excluded {
				// Newest last: an account excluded again moves to the end.
				list.retain(|x| x != who);
				// Members are listed relayers: at most `MaxRelayers` distinct accounts.
				let _ = list.try_push(who.clone());
			}
		});
		Self::deposit_event(Event::DkgFailed { session: dkg.id, round: dkg.round, excluded });
	}

	/// Removes `dkg` and its posts and confirmations (at most `3 × MaxRelayers` items).
	pub(crate) fn end_dkg(dkg: &DkgSessionOf<T>) {
		let max = T::MaxRelayers::get();
		let _ = DkgPosts::<T>::clear_prefix(dkg.id, max.saturating_mul(2), None);
		let _ = DkgConfirmations::<T>::clear_prefix(dkg.id, max, None);
		Dkg::<T>::kill();
	}

	/// Records a sign of life of `who`, if it is bonded.
	pub(crate) fn note_seen(who: &T::AccountId) {
		let now = frame_system::Pallet::<T>::block_number();
		RelayerBonds::<T>::mutate(who, |bond| {
			if let Some(bond) = bond {
				bond.last_seen = now;
			}
		});
	}

	/// Whether `who` holds a share of the group key in force or is a member of the key
	/// generation in progress.
	pub fn is_key_member(who: &T::AccountId) -> bool {
		let in_key = ActiveEpoch::<T>::get()
			.and_then(GroupKeys::<T>::get)
			.is_some_and(|key| key.members.contains(who));
		in_key || Dkg::<T>::get().is_some_and(|dkg| dkg.members.contains(who))
	}

	/// The key generation's invariants: a session in progress has distinct members, a
	/// threshold in `2..=members`, a round in `1..=3` and posts only by members (bits below the
	/// member count); posts and confirmations exist only for the session in progress, of its
	/// rounds and members; the active epoch's key exists, and every key has one verifying share
	/// per member and a threshold in `2..=members`.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn do_try_state_keygen() -> Result<(), sp_runtime::TryRuntimeError> {
		let dkg = Dkg::<T>::get();
		if let Some(d) = &dkg {
			let n = d.members.len() as u32;
			ensure!(all_distinct(d.members.to_vec()), "a key generation has a member twice");
			ensure!(d.threshold >= 2 && d.threshold <= n, "a key generation's threshold is wrong");
			ensure!((1..=3).contains(&d.round), "a key generation is in no round");
			ensure!(n == 32 || d.posted >> n == 0, "a post by no member");
			ensure!(d.id < NextDkgSession::<T>::get(), "a session numbered ahead of the counter");
		}
		for (session, (round, index), _) in DkgPosts::<T>::iter() {
			let ok = dkg.as_ref().is_some_and(|d| {
				d.id == session
					&& (round as u32) < 3
					&& round >= 1 && round <= d.round
					&& (index as usize) < d.members.len()
			});
			ensure!(ok, "a key-generation post outside the session in progress");
		}
		for (session, index, _) in DkgConfirmations::<T>::iter() {
			let ok = dkg.as_ref().is_some_and(|d| {
				d.id == session && d.round == 3 && (index as usize) < d.members.len()
			});
			ensure!(ok, "a confirmation outside round 3 of the session in progress");
		}
		if let Some(epoch) = ActiveEpoch::<T>::get() {
			ensure!(GroupKeys::<T>::contains_key(epoch), "the active epoch has no key");
		}
		for (_, key) in GroupKeys::<T>::iter() {
			let n = key.members.len() as u32;
			ensure!(key.verifying_shares.len() as u32 == n, "a key's shares are not its members'");
			ensure!(key.threshold >= 2 && key.threshold <= n, "a key's threshold is wrong");
		}
		Ok(())
	}
}

/// The x coordinate of a compressed point.
pub(crate) fn key_x(key: &[u8; 33]) -> [u8; 32] {
	let mut x = [0u8; 32];
	x.copy_from_slice(&key[1..]);
	x
}
