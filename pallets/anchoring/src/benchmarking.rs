//! Benchmarks of anchoring, each at its worst case: `MaxRelayers` relayers and `MaxTargets`
//! targets (scanned by every attestation), the attestation that reaches the threshold, and a
//! checkpoint of every size up to `MaxCheckpointInterval` blocks.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::RawOrigin;
use frost_secp256k1_tr as frost;

/// `n` relayer accounts.
fn relayers<T: Config>(n: u32) -> Vec<T::AccountId> {
	(0..n).map(|i| account("relayer", i, 0)).collect()
}

/// `n` distinct Ethereum targets (chain ids 1..=n).
fn targets(n: u32) -> Vec<AnchorTarget> {
	(1..=n as u64).map(|chain_id| AnchorTarget::Ethereum { chain_id }).collect()
}

/// A reference numbered `i`.
fn external(i: u8) -> ExternalRef {
	ExternalRef {
		tx_id: H256::repeat_byte(i),
		block_number: i as u64,
		block_hash: H256::repeat_byte(!i),
	}
}

/// Makes the blocks `first..now` known to `frame_system`, sets the block number to `now`.
fn blocks<T: Config>(first: BlockNumberFor<T>, now: BlockNumberFor<T>) {
	let mut b = first;
	while b < now {
		let n: u64 = b.unique_saturated_into();
		frame_system::BlockHash::<T>::insert(b, H256(sp_io::hashing::keccak_256(&n.encode())));
		b = b.saturating_add(One::one());
	}
	frame_system::Pallet::<T>::set_block_number(now);
}

/// A listed relayer (the last of `MaxRelayers`, so that the list is scanned to its end), with
/// MC for a bond and the existential deposit.
fn funded_relayer<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let accounts = relayers::<T>(T::MaxRelayers::get());
	Relayers::<T>::put(RelayersOf::<T>::truncate_from(accounts.clone()));
	let who = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
	let amount = T::MinRelayerBond::get()
		.saturating_mul(2u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	Ok(who)
}

/// `who` bonded `MinRelayerBond` at block 1.
fn bonded<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(One::one());
	Pallet::<T>::bond_relayer(
		RawOrigin::Signed(who.clone()).into(),
		T::MinRelayerBond::get(),
		[7; 32],
	)
	.map_err(|_| BenchmarkError::Stop("bond"))
}

/// A key-generation session among `m` listed relayers (threshold 2, or `m` when smaller) in
/// `round`, open until a far block, with every post of the rounds before at its largest and
/// every member but the last already posted in `round` (its post closes the round).
fn dkg_in_progress<T: Config>(m: u32, round: u8) -> Result<DkgSessionOf<T>, BenchmarkError> {
	let members = relayers::<T>(m);
	Relayers::<T>::put(RelayersOf::<T>::truncate_from(members.clone()));
	let threshold = m.min(2);
	Threshold::<T>::put(threshold);
	let payload = DkgPayload::truncate_from(alloc::vec![7u8; MAX_DKG_PAYLOAD as usize]);
	for r in 1..round.min(3) {
		for i in 0..m {
			DkgPosts::<T>::insert(0, (r, i as u8), payload.clone());
		}
	}
	if round < 3 {
		for i in 0..m.saturating_sub(1) {
			DkgPosts::<T>::insert(0, (round, i as u8), payload.clone());
		}
	} else {
		for i in 0..m.saturating_sub(1) {
			DkgConfirmations::<T>::insert(0, i as u8, dkg_result::<T>(m));
		}
	}
	let session = DkgSession {
		id: 0,
		epoch: 0,
		members: BoundedVec::truncate_from(members),
		threshold,
		round,
		deadline: 1_000u32.into(),
		posted: (1u32 << m.saturating_sub(1)).saturating_sub(1),
	};
	NextDkgSession::<T>::put(1);
	Dkg::<T>::put(session.clone());
	Ok(session)
}

/// The confirmation every member gives in the benchmarks: a key and `m` verifying shares.
fn dkg_result<T: Config>(m: u32) -> DkgResultOf<T> {
	DkgResult {
		key: compressed(&VECTOR_KEY),
		verifying_shares: BoundedVec::truncate_from(alloc::vec![GENERATOR; m as usize]),
	}
}

/// A bond that is eligible at block `now` (bonded long before, seen now).
fn eligible_bond<T: Config>(now: BlockNumberFor<T>) -> RelayerBondOf<T> {
	RelayerBond {
		amount: Zero::zero(),
		since: Zero::zero(),
		last_seen: now,
		unbonding_at: None,
		encryption_key: [7; 32],
	}
}

/// Makes the checkpoint part of the hook idle at `now` (it records nothing).
fn idle_checkpoints<T: Config>(now: BlockNumberFor<T>) {
	set_interval::<T>(T::MaxCheckpointInterval::get());
	NextFirstBlock::<T>::put(now.saturating_sub(One::one()));
	frame_system::Pallet::<T>::set_block_number(now);
}

/// A BIP340 test vector made with an independent implementation (@noble/curves' `schnorr`,
/// secret key 0x42…42): the x-only key, and its signature of the anchor message of
/// checkpoint 0 (root 0x33…33) for Ethereum chain 7777 and contract 0x22…22 on the MetaChain of
/// genesis hash 0x11…11.
pub(crate) const VECTOR_KEY: [u8; 32] = [
	0x24, 0x65, 0x3e, 0xac, 0x43, 0x44, 0x88, 0x00, 0x2c, 0xc0, 0x6b, 0xbf, 0xb7, 0xf1, 0x0f, 0xe1,
	0x89, 0x91, 0xe3, 0x5f, 0x9f, 0xe4, 0x30, 0x2d, 0xbe, 0xa6, 0xd2, 0x35, 0x3d, 0xc0, 0xab, 0x1c,
];
/// The vector's signature.
pub(crate) const VECTOR_SIG: [u8; 64] = [
	0x93, 0xc5, 0x48, 0x79, 0x99, 0xf0, 0x79, 0x69, 0xe3, 0x57, 0x90, 0x4d, 0x67, 0xfa, 0xd9, 0x2b,
	0x20, 0x72, 0xda, 0x98, 0x07, 0x96, 0x02, 0x36, 0xca, 0x47, 0x1d, 0xc3, 0x15, 0xcc, 0xd3, 0xed,
	0x54, 0x58, 0xb1, 0x76, 0xf3, 0xcb, 0xc1, 0x3c, 0x80, 0x7a, 0x42, 0xe1, 0xfe, 0x9d, 0xb0, 0xa8,
	0xd4, 0xcc, 0x00, 0x2d, 0x58, 0x07, 0xb1, 0xe7, 0x3b, 0xff, 0x95, 0x8c, 0x20, 0x8c, 0xea, 0x27,
];
/// The chain id of the vector's target.
pub(crate) const VECTOR_CHAIN: u64 = 7777;
/// secp256k1's generator, compressed: a valid verifying share for the benchmarks that only need
/// valid points.
const GENERATOR: [u8; 33] = [
	0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b,
	0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17,
	0x98,
];

/// The compressed point of an x-only key (its even-y point).
fn compressed(x: &[u8; 32]) -> [u8; 33] {
	let mut key = [2u8; 33];
	key[1..].copy_from_slice(x);
	key
}

/// `MaxTargets` Ethereum targets, the vector's chain last.
fn eth_targets<T: Config>() -> TargetsOf<T> {
	let max = T::MaxTargets::get() as u64;
	let mut list: Vec<AnchorTarget> =
		(1..max).map(|chain_id| AnchorTarget::Ethereum { chain_id }).collect();
	list.push(AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN });
	TargetsOf::<T>::truncate_from(list)
}

/// `MaxTargets` Ethereum targets, each with its contract, checkpoint 0 (root 0x33…33) recorded
/// on the MetaChain of genesis hash 0x11…11, and the group signing the vector's target from
/// checkpoint 0 on: what the vector's message is made of.
fn signable_checkpoint<T: Config>() {
	let targets = eth_targets::<T>();
	let contracts: Vec<(u64, H160)> = targets
		.iter()
		.filter_map(|t| match t {
			AnchorTarget::Ethereum { chain_id } => Some((*chain_id, H160::repeat_byte(0x22))),
			_ => None,
		})
		.collect();
	Targets::<T>::put(targets);
	EthContracts::<T>::put(EthContractsOf::<T>::truncate_from(contracts));
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::zero(), H256::repeat_byte(0x11));
	Checkpoints::<T>::insert(
		0,
		Checkpoint {
			number: 0,
			first_block: Zero::zero(),
			last_block: Zero::zero(),
			recorded_at: One::one(),
			last_block_hash: H256::repeat_byte(1),
			blocks_root: H256::repeat_byte(2),
			digests: Default::default(),
			digests_root: H256::repeat_byte(3),
			previous_root: H256::zero(),
			root: H256::repeat_byte(0x33),
		},
	);
	SigningCursor::<T>::insert(AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN }, 0);
}

/// A deterministic generator for the benchmarks' FROST keys and nonces (BLAKE2 of a counter):
/// the benchmarks need real points and shares, not secrecy.
struct BenchRng(u64);

impl frost::rand_core::RngCore for BenchRng {
	fn next_u32(&mut self) -> u32 {
		self.next_u64() as u32
	}
	fn next_u64(&mut self) -> u64 {
		let mut bytes = [0u8; 8];
		self.fill_bytes(&mut bytes);
		u64::from_le_bytes(bytes)
	}
	fn fill_bytes(&mut self, dest: &mut [u8]) {
		for chunk in dest.chunks_mut(32) {
			self.0 = self.0.wrapping_add(1);
			let block = sp_io::hashing::blake2_256(&self.0.to_le_bytes());
			chunk.copy_from_slice(&block[..chunk.len()]);
		}
	}
	fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), frost::rand_core::Error> {
		self.fill_bytes(dest);
		Ok(())
	}
}

impl frost::rand_core::CryptoRng for BenchRng {}

/// A signing round of checkpoint 0 on the vector's target at its worst case: a real
/// `m`-of-`m` group key (a trusted dealer's: the benchmarks need shares, not a key generation)
/// held by `m` bonded relayers, and each member's nonces and commitments. Returns the members,
/// their key packages and their nonces and commitments, in member order.
#[allow(clippy::type_complexity)]
fn signing_group<T: Config>(
	m: u32,
) -> Result<
	(
		Vec<T::AccountId>,
		Vec<frost::keys::KeyPackage>,
		Vec<(frost::round1::SigningNonces, SignCommitment)>,
	),
	BenchmarkError,
> {
	signable_checkpoint::<T>();
	let members = relayers::<T>(m);
	let ids: Vec<frost::Identifier> = members
		.iter()
		.map(|who| signing::identifier(who).ok_or(BenchmarkError::Weightless))
		.collect::<Result<_, _>>()?;
	let mut rng = BenchRng(0);
	let n = u16::try_from(m).map_err(|_| BenchmarkError::Weightless)?;
	let (secret_shares, public) = frost::keys::generate_with_dealer(
		n,
		n,
		frost::keys::IdentifierList::Custom(&ids),
		&mut rng,
	)
	.map_err(|_| BenchmarkError::Weightless)?;
	let mut key_packages = Vec::new();
	let mut verifying_shares = Vec::new();
	for id in &ids {
		let share = secret_shares.get(id).cloned().ok_or(BenchmarkError::Weightless)?;
		key_packages.push(
			frost::keys::KeyPackage::try_from(share).map_err(|_| BenchmarkError::Weightless)?,
		);
		let verifying = public.verifying_shares().get(id).ok_or(BenchmarkError::Weightless)?;
		verifying_shares.push(point33(verifying.serialize())?);
	}
	let key = point33(public.verifying_key().serialize())?;
	let mut key_x = [0u8; 32];
	key_x.copy_from_slice(&key[1..]);
	GroupKeys::<T>::insert(
		0,
		GroupKey {
			key,
			key_x,
			threshold: m,
			members: RelayersOf::<T>::truncate_from(members.clone()),
			verifying_shares: BoundedVec::truncate_from(verifying_shares),
			session: 0,
			locked_at: Zero::zero(),
		},
	);
	ActiveEpoch::<T>::put(0);
	let now = frame_system::Pallet::<T>::block_number();
	for who in &members {
		RelayerBonds::<T>::insert(who, eligible_bond::<T>(now));
	}
	let mut nonces = Vec::new();
	for (i, key_package) in key_packages.iter().enumerate() {
		let (secret, commitments) = frost::round1::commit(key_package.signing_share(), &mut rng);
		let commitment = SignCommitment {
			member: i as u8,
			hiding: point33(commitments.hiding().serialize())?,
			binding: point33(commitments.binding().serialize())?,
		};
		nonces.push((secret, commitment));
	}
	Ok((members, key_packages, nonces))
}

/// The Bitcoin target of the benchmarks.
const BTC: AnchorTarget = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };

/// The group of [`signing_group`] anchoring on Bitcoin regtest too (in place of the first
/// Ethereum target): a coin of 1 BTC paying key 0, and its signing from checkpoint 0 on.
fn bitcoin_target<T: Config>() {
	let mut targets = Targets::<T>::get().into_inner();
	if let Some(first) = targets.first_mut() {
		*first = BTC;
	}
	Targets::<T>::put(TargetsOf::<T>::truncate_from(targets));
	let coin = BtcCoin { txid: H256::repeat_byte(0x44), vout: 1, value: 100_000_000 };
	GroupCoins::<T>::insert(BitcoinNetwork::Regtest, GroupCoin { epoch: 0, coin });
	SigningCursor::<T>::insert(BTC, 0);
}

/// The round of `target`'s checkpoint 0 with every member of a group of `MaxRelayers`
/// (threshold `MaxRelayers`) but the first committed; returns the first member and its
/// commitment, which completes the set.
fn commit_setup<T: Config>(
	target: AnchorTarget,
) -> Result<(T::AccountId, SignCommitment), BenchmarkError> {
	let m = T::MaxRelayers::get();
	let (members, _, nonces) = signing_group::<T>(m)?;
	if target == BTC {
		bitcoin_target::<T>();
	}
	let now = frame_system::Pallet::<T>::block_number();
	let (mut round, _, _) =
		Pallet::<T>::signing_round_at(target, 0, now).map_err(|_| BenchmarkError::Weightless)?;
	round.commitments =
		BoundedVec::truncate_from(nonces.iter().skip(1).map(|(_, c)| *c).collect::<Vec<_>>());
	SigningRounds::<T>::insert(target, round);
	let mine = nonces.first().map(|(_, c)| *c).ok_or(BenchmarkError::Weightless)?;
	let caller = members.first().cloned().ok_or(BenchmarkError::Weightless)?;
	Ok((caller, mine))
}

/// The round of `target`'s checkpoint 0 signed by all of a group of `MaxRelayers` (threshold
/// `MaxRelayers`), every share in but the first member's; returns the first member, its share
/// and the group's signature the shares make.
fn share_setup<T: Config>(
	target: AnchorTarget,
) -> Result<(T::AccountId, SignShare, [u8; 64]), BenchmarkError> {
	let m = T::MaxRelayers::get();
	let (members, key_packages, nonces) = signing_group::<T>(m)?;
	if target == BTC {
		bitcoin_target::<T>();
	}
	let now = frame_system::Pallet::<T>::block_number();
	let (mut round, key, message) =
		Pallet::<T>::signing_round_at(target, 0, now).map_err(|_| BenchmarkError::Weightless)?;
	round.commitments =
		BoundedVec::truncate_from(nonces.iter().map(|(_, c)| *c).collect::<Vec<_>>());
	let mut commitments = alloc::collections::BTreeMap::new();
	for (who, (_, c)) in key.members.iter().zip(nonces.iter()) {
		let id = signing::identifier(who).ok_or(BenchmarkError::Weightless)?;
		let hiding = frost::round1::NonceCommitment::deserialize(&c.hiding)
			.map_err(|_| BenchmarkError::Weightless)?;
		let binding = frost::round1::NonceCommitment::deserialize(&c.binding)
			.map_err(|_| BenchmarkError::Weightless)?;
		commitments.insert(id, frost::round1::SigningCommitments::new(hiding, binding));
	}
	let package = frost::SigningPackage::new(commitments, &message);
	let mut shares = Vec::new();
	let mut by_id = alloc::collections::BTreeMap::new();
	for (i, ((secret, _), key_package)) in nonces.iter().zip(key_packages.iter()).enumerate() {
		let share = frost::round2::sign(&package, secret, key_package)
			.map_err(|_| BenchmarkError::Weightless)?;
		by_id.insert(*key_package.identifier(), share);
		let share: [u8; 32] =
			share.serialize().try_into().map_err(|_| BenchmarkError::Weightless)?;
		shares.push(SignShare { member: i as u8, share });
	}
	let public = signing::public_key_package::<T>(&key).ok_or(BenchmarkError::Weightless)?;
	let signature: [u8; 64] = frost::aggregate(&package, &by_id, &public)
		.ok()
		.and_then(|s| s.serialize().ok())
		.and_then(|b| b.try_into().ok())
		.ok_or(BenchmarkError::Weightless)?;
	let last = shares.remove(0);
	round.shares = BoundedVec::truncate_from(shares);
	SigningRounds::<T>::insert(target, round);
	let caller = members.first().cloned().ok_or(BenchmarkError::Weightless)?;
	Ok((caller, last, signature))
}

/// A serialized compressed point as 33 bytes.
fn point33<E>(bytes: Result<Vec<u8>, E>) -> Result<[u8; 33], BenchmarkError> {
	bytes.ok().and_then(|b| b.try_into().ok()).ok_or(BenchmarkError::Weightless)
}

/// Sets the checkpoint interval to `blocks`.
fn set_interval<T: Config>(blocks: u32) {
	Parameters::<T>::mutate(|p| p.checkpoint_interval = blocks.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A bond: the relayer last of `MaxRelayers`.
	#[benchmark]
	fn bond_relayer() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		let amount = T::MinRelayerBond::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount, [7; 32]);

		ensure!(RelayerBonds::<T>::contains_key(&who), "not bonded");
		Ok(())
	}

	/// A heartbeat one `liveness_period` after the bond.
	#[benchmark]
	fn heartbeat() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;
		let now = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().liveness_period);
		frame_system::Pallet::<T>::set_block_number(now);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(RelayerBonds::<T>::get(&who).is_some_and(|b| b.last_seen == now), "not seen");
		Ok(())
	}

	/// The start of an unbonding: the relayer checked against a group key of `MaxRelayers`
	/// members and a key generation among as many (both read to their ends).
	#[benchmark]
	fn unbond_relayer() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;
		let max = T::MaxRelayers::get();
		let others = RelayersOf::<T>::truncate_from(
			(0..max).map(|i| account("holder", i, 0)).collect::<Vec<T::AccountId>>(),
		);
		GroupKeys::<T>::insert(
			0,
			GroupKey {
				key: compressed(&VECTOR_KEY),
				key_x: VECTOR_KEY,
				threshold: 2,
				members: others.clone(),
				verifying_shares: dkg_result::<T>(max).verifying_shares,
				session: 0,
				locked_at: Zero::zero(),
			},
		);
		ActiveEpoch::<T>::put(0);
		Dkg::<T>::put(DkgSession {
			id: 0,
			epoch: 1,
			members: others,
			threshold: 2,
			round: 1,
			deadline: Zero::zero(),
			posted: 0,
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(RelayerBonds::<T>::get(&who).is_some_and(|b| b.unbonding_at.is_some()), "bonded");
		Ok(())
	}

	/// The release of a bond at its release block.
	#[benchmark]
	fn withdraw_bond() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;
		Pallet::<T>::unbond_relayer(RawOrigin::Signed(who.clone()).into())
			.map_err(|_| BenchmarkError::Stop("unbond"))?;
		let at = RelayerBonds::<T>::get(&who)
			.and_then(|b| b.unbonding_at)
			.ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(at);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(!RelayerBonds::<T>::contains_key(&who), "still bonded");
		Ok(())
	}

	/// The attestation that anchors a checkpoint: `MaxRelayers` relayers, threshold
	/// `MaxRelayers`, the other relayers already agreeing, the target last of `MaxTargets`, the
	/// attesting relayer bonded (its sign of life is written).
	#[benchmark]
	fn attest() -> Result<(), BenchmarkError> {
		let max = T::MaxRelayers::get();
		let accounts = relayers::<T>(max);
		Relayers::<T>::put(RelayersOf::<T>::truncate_from(accounts.clone()));
		Threshold::<T>::put(max);
		let all = targets(T::MaxTargets::get());
		let target = *all.last().ok_or(BenchmarkError::Weightless)?;
		Targets::<T>::put(TargetsOf::<T>::truncate_from(all));
		let interval = T::MaxCheckpointInterval::get();
		let now: BlockNumberFor<T> = (interval + 1).into();
		blocks::<T>(One::one(), now);
		NextFirstBlock::<T>::put(BlockNumberFor::<T>::one());
		set_interval::<T>(interval);
		Pallet::<T>::maybe_record_checkpoint(now);
		ensure!(NextCheckpoint::<T>::get() == 1, "no checkpoint to attest");
		let here = frame_system::Pallet::<T>::block_number();
		let earlier: Vec<AttestationOf<T>> = accounts
			.iter()
			.take(max as usize - 1)
			.map(|r| Attestation { relayer: r.clone(), external: external(1), at: here })
			.collect();
		Attestations::<T>::insert(0, target, AttestationsOf::<T>::truncate_from(earlier));
		let caller = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
		RelayerBonds::<T>::insert(
			&caller,
			RelayerBond {
				amount: Zero::zero(),
				since: Zero::zero(),
				last_seen: Zero::zero(),
				unbonding_at: None,
				encryption_key: [7; 32],
			},
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, target, external(1));

		ensure!(Anchors::<T>::get(0, target).is_some(), "not anchored");
		Ok(())
	}

	/// Setting `r` relayers (checked for duplicates), which stops a key generation among
	/// `MaxRelayers` in round 3, every post of rounds 1 and 2 at its largest.
	#[benchmark]
	fn set_relayers(r: Linear<1, { T::MaxRelayers::get() }>) -> Result<(), BenchmarkError> {
		dkg_in_progress::<T>(T::MaxRelayers::get(), 3)?;
		let list = RelayersOf::<T>::truncate_from(relayers::<T>(r));
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list, r);

		ensure!(Relayers::<T>::get().len() as u32 == r, "relayers not set");
		ensure!(Dkg::<T>::get().is_none(), "the key generation goes on");
		ensure!(DkgPosts::<T>::iter_keys().next().is_none(), "posts left");
		Ok(())
	}

	/// Setting `t` targets (checked for duplicates).
	#[benchmark]
	fn set_targets(t: Linear<1, { T::MaxTargets::get() }>) -> Result<(), BenchmarkError> {
		let list = TargetsOf::<T>::truncate_from(targets(t));
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list);

		ensure!(Targets::<T>::get().len() as u32 == t, "targets not set");
		Ok(())
	}

	/// The post that closes round 1 of a key generation among `MaxRelayers`, at the largest
	/// size (round 2 opens).
	#[benchmark]
	fn dkg_post() -> Result<(), BenchmarkError> {
		let session = dkg_in_progress::<T>(T::MaxRelayers::get(), 1)?;
		let who = session.members.last().cloned().ok_or(BenchmarkError::Weightless)?;
		RelayerBonds::<T>::insert(&who, eligible_bond::<T>(Zero::zero()));
		let payload = DkgPayload::truncate_from(alloc::vec![7u8; MAX_DKG_PAYLOAD as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, 1, payload);

		ensure!(Dkg::<T>::get().is_some_and(|d| d.round == 2), "round 2 not open");
		Ok(())
	}

	/// The last confirmation of a key generation among `MaxRelayers`: `MaxRelayers`
	/// confirmations compared, the key locked in, every post of rounds 1 and 2 (at their
	/// largest) and every confirmation removed.
	#[benchmark]
	fn dkg_confirm() -> Result<(), BenchmarkError> {
		let max = T::MaxRelayers::get();
		let session = dkg_in_progress::<T>(max, 3)?;
		let who = session.members.last().cloned().ok_or(BenchmarkError::Weightless)?;
		RelayerBonds::<T>::insert(&who, eligible_bond::<T>(Zero::zero()));

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, dkg_result::<T>(max));

		ensure!(ActiveEpoch::<T>::get() == Some(0), "no key locked");
		ensure!(DkgPosts::<T>::iter_keys().next().is_none(), "posts left");
		Ok(())
	}

	/// A complaint in round 2 of a key generation among `MaxRelayers`, every round-1 post at
	/// its largest: the session fails, its posts are removed, two relayers are excluded.
	#[benchmark]
	fn dkg_complain() -> Result<(), BenchmarkError> {
		let session = dkg_in_progress::<T>(T::MaxRelayers::get(), 2)?;
		let who = session.members.last().cloned().ok_or(BenchmarkError::Weightless)?;
		let against = session.members.first().cloned().ok_or(BenchmarkError::Weightless)?;
		RelayerBonds::<T>::insert(&who, eligible_bond::<T>(Zero::zero()));

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, against);

		ensure!(Dkg::<T>::get().is_none(), "the session goes on");
		ensure!(DkgExcluded::<T>::get().len() == 2, "not both excluded");
		Ok(())
	}

	/// A block that starts a key generation among `r` listed, eligible relayers (a bond read
	/// each), threshold 2; no checkpoint recorded.
	#[benchmark]
	fn on_initialize_dkg_start(
		r: Linear<2, { T::MaxRelayers::get() }>,
	) -> Result<(), BenchmarkError> {
		let now: BlockNumberFor<T> = 10u32.into();
		idle_checkpoints::<T>(now);
		let list = relayers::<T>(r);
		for who in &list {
			RelayerBonds::<T>::insert(who, eligible_bond::<T>(now));
		}
		Relayers::<T>::put(RelayersOf::<T>::truncate_from(list));
		Threshold::<T>::put(2);
		Parameters::<T>::mutate(|p| p.relayer_bond_age = Zero::zero());

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		ensure!(Dkg::<T>::get().is_some_and(|d| d.members.len() as u32 == r), "not started");
		Ok(())
	}

	/// A block in which round 2 of a key generation among `m` members times out with no
	/// round-2 post: every round-1 post (at its largest) removed, all `m` excluded.
	#[benchmark]
	fn on_initialize_dkg_timeout(
		m: Linear<2, { T::MaxRelayers::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut session = dkg_in_progress::<T>(m, 2)?;
		for i in 0..m {
			DkgPosts::<T>::remove(0, (2u8, i as u8));
		}
		session.posted = 0;
		let now = session.deadline.saturating_add(One::one());
		Dkg::<T>::put(session);
		idle_checkpoints::<T>(now);

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		ensure!(Dkg::<T>::get().is_none(), "not failed");
		ensure!(DkgExcluded::<T>::get().len() as u32 == m, "not all excluded");
		Ok(())
	}

	/// Setting the contract of the last of `MaxTargets` Ethereum targets, every other one set.
	#[benchmark]
	fn set_eth_contract() -> Result<(), BenchmarkError> {
		let targets = eth_targets::<T>();
		let others: Vec<(u64, H160)> = targets
			.iter()
			.filter_map(|t| match t {
				AnchorTarget::Ethereum { chain_id } if *chain_id != VECTOR_CHAIN => {
					Some((*chain_id, H160::repeat_byte(1)))
				}
				_ => None,
			})
			.collect();
		Targets::<T>::put(targets);
		EthContracts::<T>::put(EthContractsOf::<T>::truncate_from(others));
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, VECTOR_CHAIN, Some(H160::repeat_byte(0x22)), 0);

		ensure!(EthContracts::<T>::get().len() as u32 == T::MaxTargets::get(), "contract not set");
		Ok(())
	}

	/// A valid group signature of a checkpoint for the last of `MaxTargets` Ethereum targets,
	/// each with its contract (the BIP340 check through ECDSA recovery, and the record).
	#[benchmark]
	fn submit_signature() -> Result<(), BenchmarkError> {
		signable_checkpoint::<T>();
		let max = T::MaxRelayers::get();
		GroupKeys::<T>::insert(
			0,
			GroupKey {
				key: compressed(&VECTOR_KEY),
				key_x: VECTOR_KEY,
				threshold: 2,
				members: RelayersOf::<T>::truncate_from(relayers::<T>(max)),
				verifying_shares: dkg_result::<T>(max).verifying_shares,
				session: 0,
				locked_at: Zero::zero(),
			},
		);
		ActiveEpoch::<T>::put(0);
		let caller: T::AccountId = account("aggregator", 0, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller),
			0,
			AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN },
			VECTOR_SIG,
		);

		ensure!(
			Signatures::<T>::contains_key(0, AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN }),
			"not recorded"
		);
		Ok(())
	}

	/// The commitment that completes the signing set of a group of `MaxRelayers` members with
	/// threshold `MaxRelayers` on an Ethereum target (every other member committed: the scans
	/// at their longest, the set chosen, two points checked).
	#[benchmark]
	fn sign_commit() -> Result<(), BenchmarkError> {
		let target = AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN };
		let (caller, mine) = commit_setup::<T>(target)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), target, 0, 0, mine.hiding, mine.binding);

		ensure!(
			SigningRounds::<T>::get(target)
				.is_some_and(|r| r.commitments.len() as u32 == T::MaxRelayers::get()),
			"no set"
		);
		Ok(())
	}

	/// As `sign_commit`, on a Bitcoin target (the message is the anchor's sighash).
	#[benchmark]
	fn sign_commit_bitcoin() -> Result<(), BenchmarkError> {
		let (caller, mine) = commit_setup::<T>(BTC)?;

		#[extrinsic_call]
		sign_commit(RawOrigin::Signed(caller), BTC, 0, 0, mine.hiding, mine.binding);

		ensure!(
			SigningRounds::<T>::get(BTC)
				.is_some_and(|r| r.commitments.len() as u32 == T::MaxRelayers::get()),
			"no set"
		);
		Ok(())
	}

	/// The last share of a signing set of `MaxRelayers` (threshold `MaxRelayers`) on an
	/// Ethereum target: checked against its verifying share, then aggregated with the others
	/// into the signature, which is verified and recorded.
	#[benchmark]
	fn sign_share() -> Result<(), BenchmarkError> {
		let target = AnchorTarget::Ethereum { chain_id: VECTOR_CHAIN };
		let (caller, last, _) = share_setup::<T>(target)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), target, 0, 0, last.share);

		ensure!(Signatures::<T>::contains_key(0, target), "not signed");
		Ok(())
	}

	/// As `sign_share`, on a Bitcoin target (the record also moves the group's coin).
	#[benchmark]
	fn sign_share_bitcoin() -> Result<(), BenchmarkError> {
		let (caller, last, _) = share_setup::<T>(BTC)?;

		#[extrinsic_call]
		sign_share(RawOrigin::Signed(caller), BTC, 0, 0, last.share);

		ensure!(BtcSpends::<T>::contains_key(0, BitcoinNetwork::Regtest), "not signed");
		Ok(())
	}

	/// A valid group signature of a Bitcoin target's anchor by a key of `MaxRelayers` members
	/// (the BIP340 check, the record and the coin moved).
	#[benchmark]
	fn submit_signature_bitcoin() -> Result<(), BenchmarkError> {
		let (_, _, signature) = share_setup::<T>(BTC)?;
		let caller: T::AccountId = account("aggregator", 0, 0);

		#[extrinsic_call]
		submit_signature(RawOrigin::Signed(caller), 0, BTC, signature);

		ensure!(BtcSpends::<T>::contains_key(0, BitcoinNetwork::Regtest), "not recorded");
		Ok(())
	}

	/// Setting the group's coin on a Bitcoin target, `MaxTargets` targets listed.
	#[benchmark]
	fn set_btc_coin() -> Result<(), BenchmarkError> {
		let mut targets = eth_targets::<T>().into_inner();
		if let Some(last) = targets.last_mut() {
			*last = BTC;
		}
		Targets::<T>::put(TargetsOf::<T>::truncate_from(targets));
		ActiveEpoch::<T>::put(0);
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let coin = BtcCoin { txid: H256::repeat_byte(0x44), vout: 0, value: 100_000_000 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, BitcoinNetwork::Regtest, Some(coin), 0);

		ensure!(GroupCoins::<T>::contains_key(BitcoinNetwork::Regtest), "coin not set");
		Ok(())
	}

	/// A block that records no checkpoint.
	#[benchmark]
	fn on_initialize_idle() -> Result<(), BenchmarkError> {
		set_interval::<T>(T::MaxCheckpointInterval::get());
		let now: BlockNumberFor<T> = 10u32.into();
		blocks::<T>(One::one(), now);
		NextFirstBlock::<T>::put(BlockNumberFor::<T>::from(1u32));

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		ensure!(NextCheckpoint::<T>::get() == 0, "a checkpoint was recorded");
		Ok(())
	}

	/// A block that records a checkpoint of `n` blocks (reading `n` block hashes, taking the
	/// runtime's contributors' digests, each with records).
	#[benchmark]
	fn on_initialize_checkpoint(
		n: Linear<1, { T::MaxCheckpointInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		set_interval::<T>(n);
		for contributor in T::Contributors::get() {
			PeriodDigests::<T>::mutate(contributor, |d| d.note(&n));
		}
		let first: BlockNumberFor<T> = 5u32.into();
		let now = first.saturating_add(n.into());
		blocks::<T>(first, now);
		NextFirstBlock::<T>::put(first);
		NextCheckpoint::<T>::put(7);
		Checkpoints::<T>::insert(
			6,
			Checkpoint {
				number: 6,
				first_block: Zero::zero(),
				last_block: first.saturating_sub(One::one()),
				recorded_at: first,
				last_block_hash: H256::repeat_byte(1),
				blocks_root: H256::repeat_byte(2),
				digests: Default::default(),
				digests_root: H256::repeat_byte(3),
				previous_root: H256::repeat_byte(4),
				root: H256::repeat_byte(5),
			},
		);

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		let c = Checkpoints::<T>::get(7).ok_or(BenchmarkError::Weightless)?;
		ensure!(c.last_block.saturating_sub(c.first_block) + One::one() == n.into(), "wrong range");
		ensure!(c.digests.iter().all(|d| d.digest.records == 1), "a digest was not taken");
		ensure!(PeriodDigests::<T>::iter_keys().next().is_none(), "a digest was left");
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
