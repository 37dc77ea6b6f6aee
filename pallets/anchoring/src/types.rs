//! The types of TracChain anchoring: its rules, checkpoints, anchoring targets, external
//! references, attestations and block inclusion proofs.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::H256;

pub use metachain_primitives::digest::{ContributorId, RunningDigest};

/// The number of a checkpoint: 0, 1, 2, ... without gaps.
pub type CheckpointNumber = u64;

/// Most digests one checkpoint carries (one per contributor): bounds `Config::Contributors`.
pub const MAX_CONTRIBUTORS: u32 = 8;

/// The bound of a checkpoint's digests.
pub type MaxContributors = ConstU32<MAX_CONTRIBUTORS>;

/// An amount of bitcoin, in satoshis.
pub type Satoshis = u64;

/// The tag that starts the preimage of every checkpoint root.
pub const ROOT_TAG: [u8; 4] = *b"TRAC";

metachain_primitives::parameter_set! {
	/// The anchoring rules, changed through `pallet-chain-parameters`.
	pub struct AnchoringParams<BlockNumber>;
	/// One anchoring parameter with its value.
	pub enum AnchoringParameter {
		/// Blocks per checkpoint: a checkpoint is recorded once this many blocks follow the
		/// previous one. Between 1 and `MaxCheckpointInterval`. A change applies to the
		/// checkpoint in progress: if that already covers as many blocks, it is recorded in the
		/// next block.
		checkpoint_interval: BlockNumber => CheckpointInterval(Technical),
		/// Blocks a relayer's bond must have been held before the relayer may sign: a key
		/// bought or borrowed for a moment cannot sign (the seed's "bonded for at least 72
		/// hours"). Any value.
		relayer_bond_age: BlockNumber => RelayerBondAge(Economic),
		/// Blocks between a bonded relayer's free heartbeats: a heartbeat sooner after its last
		/// sign of life is refused (`TooEarly`) and pays its fee. At least 1.
		liveness_period: BlockNumber => LivenessPeriod(Technical),
		/// Blocks without a sign of life (a heartbeat or an attestation) after which a relayer
		/// is silent: left out of the eligible signers until its next sign. At least
		/// `liveness_period`.
		silent_after: BlockNumber => SilentAfter(Technical),
		/// Blocks each round of a key generation stays open: a member that has not posted by
		/// then is a no-show, the session fails and the next one starts without it. At least 1.
		dkg_round_blocks: BlockNumber => DkgRoundBlocks(Technical),
		/// Satoshis each of the group's Bitcoin anchors pays in fee: the group's coin shrinks by
		/// this much per checkpoint. At least 1 (Bitcoin Core relays nothing below 1 sat/vB, and
		/// an anchor is about 167 vB), at most `bitcoin::MAX_BTC_FEE` (100,000 sat), so that no
		/// origin can hand the group's coin to a miner as fee.
		btc_fee: Satoshis => BtcFee(Technical),
	}
}

/// A relayer's bond as stored: MC held from its account (`HoldReason::RelayerBond`) for as
/// long as it may sign, and its last sign of life.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RelayerBond<Balance, BlockNumber> {
	/// MC held.
	pub amount: Balance,
	/// The block it was bonded in: its age, and with the account its seniority (older first).
	pub since: BlockNumber,
	/// The block of its last sign of life (bonding, a heartbeat or an attestation).
	pub last_seen: BlockNumber,
	/// Once it unbonds: the first block its bond may be withdrawn in. An unbonding relayer
	/// does not sign.
	pub unbonding_at: Option<BlockNumber>,
	/// Its X25519 public key: the other relayers seal its secret key-generation shares to it.
	/// The relayer derives it from its own MetaChain seed, so it never needs to change.
	pub encryption_key: [u8; 32],
}

/// The number of a group key: 0 the first, one more for each key generation that locks one in.
pub type KeyEpoch = u32;

/// The number of a key-generation session: every attempt, locked in or failed, has its own.
pub type DkgSessionId = u32;

/// Most bytes one member posts in one round of a key generation. Round 1 is FROST's public
/// round-1 package (33 bytes per coefficient, `t` of them, and a 65-byte proof of knowledge:
/// about 600 bytes at `t` = 16); round 2 the round-2 packages for the `n - 1` others, each
/// sealed to its recipient (about 100 bytes each: about 1.5 KB at `n` = 16).
pub const MAX_DKG_PAYLOAD: u32 = 4096;

/// What a member posts in round 1 or 2 of a key generation (opaque to the chain: the members
/// check it).
pub type DkgPayload = BoundedVec<u8, ConstU32<MAX_DKG_PAYLOAD>>;

/// A key-generation session in progress: FROST's distributed key generation (RFC 9591,
/// Appendix C; `frost-secp256k1-tr`) run over extrinsics, so every member reads the same
/// broadcast. Members post in round 1 (public commitments), round 2 (secret shares sealed to
/// their recipients) and round 3 (the key they reached, [`DkgResult`]); a round closes when
/// every member has posted, or fails the session at its deadline.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxMembers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
// The bounds the `NoBound` derives need; `mel_bound` adds its own where clause.
#[allow(clippy::multiple_bound_locations)]
pub struct DkgSession<
	AccountId: Clone + Eq + Debug,
	BlockNumber: Clone + Eq + Debug,
	MaxMembers: Get<u32>,
> {
	/// The session's number.
	pub id: DkgSessionId,
	/// The epoch of the key it makes.
	pub epoch: KeyEpoch,
	/// The members, most senior first. A member's index here is its place in every round; its
	/// FROST identifier is `Identifier::derive(account.encode())`.
	pub members: BoundedVec<AccountId, MaxMembers>,
	/// Signature shares that make a signature of the key (`t`, at least 2).
	pub threshold: u32,
	/// The round open: 1, 2 or 3.
	pub round: u8,
	/// The last block a post of this round is taken in.
	pub deadline: BlockNumber,
	/// Bit `i` set: `members[i]` posted in this round.
	pub posted: u32,
}

/// What a member confirms in round 3 of a key generation: the key it reached. The key locks in
/// when every member confirms the same.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxMembers))]
pub struct DkgResult<MaxMembers: Get<u32>> {
	/// The group's Taproot output key Q, compressed (its parity byte, then x(Q): the BIP340
	/// x-only key the Ethereum contract and Bitcoin check signatures against).
	pub key: [u8; 33],
	/// Each member's verifying share (a compressed point), in member order: what a signature
	/// share is checked against.
	pub verifying_shares: BoundedVec<[u8; 33], MaxMembers>,
}

/// A group key locked in by a key generation.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxMembers))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
// The bounds the `NoBound` derives need; `mel_bound` adds its own where clause.
#[allow(clippy::multiple_bound_locations)]
pub struct GroupKey<
	AccountId: Clone + Eq + Debug,
	BlockNumber: Clone + Eq + Debug,
	MaxMembers: Get<u32>,
> {
	/// The Taproot output key Q, compressed: the chain checks signature shares against it.
	pub key: [u8; 33],
	/// Its x coordinate: the BIP340 key signatures verify under.
	pub key_x: [u8; 32],
	/// Signature shares that make a signature (`t`).
	pub threshold: u32,
	/// The members that hold a share, most senior first.
	pub members: BoundedVec<AccountId, MaxMembers>,
	/// Each member's verifying share, in member order.
	pub verifying_shares: BoundedVec<[u8; 33], MaxMembers>,
	/// The session that made it.
	pub session: DkgSessionId,
	/// The block it locked in.
	pub locked_at: BlockNumber,
}

/// The number of a signing attempt of one checkpoint on one target: 0 the first, one more each
/// time an attempt times out or a bad share restarts it.
pub type SigningAttempt = u32;

/// A signer's round-1 commitments in a signing attempt: FROST's hiding and binding nonce
/// commitments (compressed points).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SignCommitment {
	/// The signer's index among the group key's members.
	pub member: u8,
	/// The hiding nonce commitment.
	pub hiding: [u8; 33],
	/// The binding nonce commitment.
	pub binding: [u8; 33],
}

/// A signer's round-2 signature share in a signing attempt.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SignShare {
	/// The signer's index among the group key's members.
	pub member: u8,
	/// Its share (a scalar, big-endian).
	pub share: [u8; 32],
}

/// The signing of one target's next checkpoint by the group key: FROST's two rounds run over
/// extrinsics. The first `t` members to commit (round 1) are the signing set; each posts its
/// share (round 2), which the chain checks; the `t`-th share makes the signature. An attempt
/// that is not done by its deadline gives way to the next, without the set's members that did
/// not post a share; a bad share restarts it at once, without its sender.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[scale_info(skip_type_params(MaxMembers))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
// The bounds the `NoBound` derives need; `mel_bound` adds its own where clause.
#[allow(clippy::multiple_bound_locations)]
pub struct SigningRound<BlockNumber: Clone + Eq + Debug, MaxMembers: Get<u32>> {
	/// The checkpoint being signed.
	pub checkpoint: CheckpointNumber,
	/// The epoch of the key signing it: a checkpoint finishes under the key it started with.
	pub epoch: KeyEpoch,
	/// The attempt.
	pub attempt: SigningAttempt,
	/// The last block this attempt takes commitments and shares in.
	pub deadline: BlockNumber,
	/// The round-1 commitments, in the order they came: once there are `t`, their members are
	/// the signing set ([`SigningRound::signers`]).
	pub commitments: BoundedVec<SignCommitment, MaxMembers>,
	/// The round-2 shares checked so far.
	pub shares: BoundedVec<SignShare, MaxMembers>,
	/// Bit `i` set: member `i` is left out of this target's signing sets (it left an attempt
	/// without its share, or sent a bad one). Kept for the rest of the checkpoint's attempts and
	/// for the next checkpoint under the same key, then forgotten (a relayer restarted between
	/// its commitment and its share rejoins); cleared at once when leaving them out would leave
	/// fewer than `t`.
	pub excluded: u32,
	/// The checkpoint whose attempts last left a member out: exclusions end after the next one.
	pub excluded_at: CheckpointNumber,
}

impl<BlockNumber: Clone + Eq + Debug, MaxMembers: Get<u32>> SigningRound<BlockNumber, MaxMembers> {
	/// The members that committed: bit `i` set for member `i`.
	pub fn committed(&self) -> u32 {
		self.commitments.iter().fold(0, |m, c| m | member_bit(c.member as usize))
	}

	/// The signing set of a key of threshold `threshold`: bit `i` set when member `i` is in it.
	/// None (0) until `threshold` members have committed; then the committers.
	pub fn signers(&self, threshold: u32) -> u32 {
		if (self.commitments.len() as u32) < threshold {
			0
		} else {
			self.committed()
		}
	}

	/// The members whose share was checked: bit `i` set for member `i`.
	pub fn shared(&self) -> u32 {
		self.shares.iter().fold(0, |m, s| m | member_bit(s.member as usize))
	}
}

/// Bit `index` of a member mask (0 for an index of 32 or more, which no group has).
pub fn member_bit(index: usize) -> u32 {
	1u32.checked_shl(index as u32).unwrap_or(0)
}

/// An unspent Bitcoin output: where it is and what it holds.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BtcCoin {
	/// The id of the transaction that made it, in the byte order Bitcoin Core displays it.
	pub txid: H256,
	/// Its index among that transaction's outputs.
	pub vout: u32,
	/// Its value.
	pub value: Satoshis,
}

/// The group's coin on a Bitcoin network: the output its next anchor spends.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct GroupCoin {
	/// The epoch of the group key the coin pays (`OP_1 <x>`), which signs its spend.
	pub epoch: KeyEpoch,
	/// The coin.
	pub coin: BtcCoin,
}

/// The Bitcoin anchor of a checkpoint the group signed: the transaction is rebuilt from these
/// ([`crate::bitcoin::GroupSpend::anchor`]) and carries the group's signature as its witness.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BtcSpend {
	/// The group's coin it spends, and the key that signed.
	pub spent: GroupCoin,
	/// The fee it pays.
	pub fee: Satoshis,
	/// Its txid (display order): the only transaction relayers may attest for the checkpoint on
	/// this network.
	pub txid: H256,
}

/// The group's signature of a checkpoint's anchor message on one target, as the chain verified
/// it.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct GroupSignature<BlockNumber> {
	/// The epoch of the group key that signed.
	pub epoch: KeyEpoch,
	/// The BIP340 signature: x(R) ‖ s.
	pub signature: [u8; 64],
	/// The block it was verified in.
	pub signed_at: BlockNumber,
}

/// One contributor's digest, as carried by a checkpoint.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ContributedDigest {
	/// Who contributed it.
	pub contributor: ContributorId,
	/// Its records in the period, and their hash chain.
	pub digest: RunningDigest,
}

/// A checkpoint: a contiguous range of blocks, committed to by a Merkle root of their hashes
/// and by the hash of its last block, the digests of the reward calculations of the period, and
/// the previous checkpoint's root. Its `root` is what is recorded on Ethereum and Bitcoin.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Checkpoint<BlockNumber> {
	/// Its number.
	pub number: CheckpointNumber,
	/// The first block it covers.
	pub first_block: BlockNumber,
	/// The last block it covers.
	pub last_block: BlockNumber,
	/// The block that recorded it (`last_block + 1`): its state holds the hashes of the range.
	pub recorded_at: BlockNumber,
	/// The hash of `last_block`.
	pub last_block_hash: H256,
	/// The binary Merkle root (Keccak-256, `binary-merkle-tree`) over the hashes of the blocks
	/// `first_block..=last_block`, in order.
	pub blocks_root: H256,
	/// The digests of the reward calculations of the period, one per contributor.
	pub digests: BoundedVec<ContributedDigest, MaxContributors>,
	/// The binary Merkle root (Keccak-256) over the SCALE encoding of each of `digests`.
	pub digests_root: H256,
	/// The previous checkpoint's root (zero for checkpoint 0).
	pub previous_root: H256,
	/// `keccak256(SCALE(ROOT_TAG, number, first_block as u64, last_block as u64,
	/// last_block_hash, blocks_root, digests_root, previous_root))`.
	pub root: H256,
}

/// The computation of a checkpoint's root from its parts.
pub fn checkpoint_root(
	number: CheckpointNumber,
	first_block: u64,
	last_block: u64,
	last_block_hash: H256,
	blocks_root: H256,
	digests_root: H256,
	previous_root: H256,
) -> H256 {
	let preimage = (
		ROOT_TAG,
		number,
		first_block,
		last_block,
		last_block_hash,
		blocks_root,
		digests_root,
		previous_root,
	)
		.encode();
	H256(sp_io::hashing::keccak_256(&preimage))
}

/// The Bitcoin network an anchor is on.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Serialize, Deserialize)]
pub enum BitcoinNetwork {
	/// Bitcoin mainnet.
	Mainnet,
	/// Testnet3.
	Testnet,
	/// Testnet4.
	Testnet4,
	/// Signet.
	Signet,
	/// A local regtest network.
	Regtest,
}

/// Where checkpoints are anchored.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Serialize, Deserialize)]
pub enum AnchorTarget {
	/// An Ethereum chain (by EIP-155 chain id), through the `TracChainAnchor` contract.
	Ethereum {
		/// The chain id: 1 for mainnet, 11155111 for Sepolia, 31337 for anvil.
		chain_id: u64,
	},
	/// A Bitcoin network, through an OP_RETURN output.
	Bitcoin {
		/// The network.
		network: BitcoinNetwork,
	},
}

/// The transaction that carries a checkpoint's root on a target chain, and its block.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ExternalRef {
	/// The transaction's id (Ethereum: the transaction hash; Bitcoin: the txid, in the byte
	/// order Bitcoin Core displays it).
	pub tx_id: H256,
	/// The number (height) of the block that includes it.
	pub block_number: u64,
	/// The hash of that block (Bitcoin: in display byte order).
	pub block_hash: H256,
}

/// A relayer's attestation that a checkpoint's root is recorded on a target.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Attestation<AccountId, BlockNumber> {
	/// The relayer.
	pub relayer: AccountId,
	/// The transaction it says carries the root.
	pub external: ExternalRef,
	/// The block the attestation was made in.
	pub at: BlockNumber,
}

/// A checkpoint anchored on a target: `attestations` relayers (at least the threshold in force
/// when it was anchored) attested the same reference.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Anchor<BlockNumber> {
	/// The reference the relayers agree on.
	pub external: ExternalRef,
	/// How many relayers attested it (so far).
	pub attestations: u32,
	/// The threshold in force when it was anchored.
	pub threshold: u32,
	/// The block it was anchored in.
	pub anchored_at: BlockNumber,
}

/// The anchoring of one checkpoint on one target, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TargetStatus<AccountId, BlockNumber> {
	/// The target.
	pub target: AnchorTarget,
	/// The anchor, once enough relayers agree.
	pub anchor: Option<Anchor<BlockNumber>>,
	/// Every attestation made, agreeing or not.
	pub attestations: Vec<Attestation<AccountId, BlockNumber>>,
}

/// A checkpoint and its anchoring on every target, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CheckpointInfo<AccountId, BlockNumber> {
	/// The checkpoint.
	pub checkpoint: Checkpoint<BlockNumber>,
	/// Its anchoring per target that has attestations.
	pub targets: Vec<TargetStatus<AccountId, BlockNumber>>,
}

/// The proof that a block's hash is a leaf of its checkpoint's `blocks_root`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BlockProof<BlockNumber> {
	/// The checkpoint.
	pub checkpoint: CheckpointNumber,
	/// The block.
	pub block_number: BlockNumber,
	/// Its hash: the leaf.
	pub block_hash: H256,
	/// The leaf's position (`block_number - first_block`).
	pub leaf_index: u32,
	/// The number of leaves (blocks in the checkpoint).
	pub number_of_leaves: u32,
	/// The sibling hashes from the leaf up to the root.
	pub proof: Vec<H256>,
}

/// Whether `proof` proves that its block hash is in the blocks of `checkpoint`.
pub fn verify_block_proof<BlockNumber>(
	checkpoint: &Checkpoint<BlockNumber>,
	proof: &BlockProof<BlockNumber>,
) -> bool {
	proof.checkpoint == checkpoint.number
		&& binary_merkle_tree::verify_proof::<sp_runtime::traits::Keccak256, _, _>(
			&checkpoint.blocks_root,
			proof.proof.iter().copied(),
			proof.number_of_leaves,
			proof.leaf_index,
			&proof.block_hash,
		)
}

/// The anchoring pallet's state, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AnchoringState<AccountId, BlockNumber> {
	/// Blocks per checkpoint.
	pub interval: BlockNumber,
	/// The number the next checkpoint gets (= how many there are).
	pub next_checkpoint: CheckpointNumber,
	/// The first block the next checkpoint covers.
	pub next_first_block: Option<BlockNumber>,
	/// The relayers.
	pub relayers: Vec<AccountId>,
	/// Matching attestations that anchor a checkpoint.
	pub threshold: u32,
	/// The targets relayers attest to, each with its latest anchored checkpoint.
	pub targets: Vec<(AnchorTarget, Option<CheckpointNumber>)>,
}
