//! # Anchoring: TracChain checkpoints, recorded on Ethereum and Bitcoin
//!
//! Every `checkpoint_interval` blocks ([`Parameters`]) the pallet records a **checkpoint** of
//! the chain, and relayers attest where its root was recorded on Ethereum and on Bitcoin, so
//! anyone can check MetaChain's history against two public chains.
//!
//! - **Checkpoints.** Checkpoint `n` covers the blocks `first_block..=last_block`, contiguous
//!   with checkpoint `n - 1`. It is recorded in the `on_initialize` of block `last_block + 1`,
//!   once `last_block + 1 - first_block` reaches the interval in force, from the block hashes
//!   `frame_system` keeps (so [`Config::MaxCheckpointInterval`] is below `BlockHashCount`). It
//!   holds:
//!   - `blocks_root`: the binary Merkle root (`binary-merkle-tree`, Keccak-256) over the hashes
//!     of its blocks, in order; [`Pallet::block_proof`] proves a block's hash is a leaf;
//!   - `last_block_hash`: the hash of its last block, which commits to all of history;
//!   - `digests`: one [`ContributedDigest`] per id listed in [`Config::Contributors`], in that
//!     order: the reward pallets' hash chains of the reward calculations they made in the
//!     period ([`RunningDigest`]), and `digests_root`, the Merkle root over them;
//!   - `previous_root`, and `root` = `keccak256(SCALE("TRAC", number, first_block as u64,
//!     last_block as u64, last_block_hash, blocks_root, digests_root, previous_root))`: the
//!     32 bytes recorded on Ethereum and Bitcoin.
//! - **Relayers.** A bounded set ([`Relayers`], at most [`Config::MaxRelayers`]) and a threshold
//!   `t` ([`Threshold`]), set together by [`Config::RelayerOrigin`], which also sets the
//!   [`Targets`] they attest to. A relayer records a checkpoint's root on a target chain, waits
//!   for confirmations, then calls `attest(checkpoint, target, external_ref)`. Each relayer
//!   attests once per checkpoint and target. When `t` attestations name the same reference, the
//!   checkpoint is **anchored** on that target ([`Event::Anchored`], [`Anchors`]). An
//!   attestation naming another reference than an earlier one is kept and reported
//!   ([`Event::ConflictingAttestation`]). A relayer's attestation is free unless it contradicts
//!   the reference the checkpoint is already anchored with on that target.
//!
//! - **Bonds and liveness.** A relayer signs only with stake behind it: it bonds at least
//!   [`Config::MinRelayerBond`] MC (`bond_relayer`, a hold: the MC cannot move while it
//!   serves), and it is **eligible** to sign once its bond is `relayer_bond_age` blocks old, it
//!   is not unbonding and it showed a sign of life (a free `heartbeat`, at most once per
//!   `liveness_period`, or an attestation) within `silent_after` blocks. The eligible relayers
//!   are ordered by **seniority** (bond block, then account): the order signing sets are taken
//!   in ([`Pallet::eligible_relayers`]). Unbonding stops signing at once; the MC is released
//!   [`Config::RelayerUnbondDelay`] blocks later (`withdraw_bond`), so a fault found late can
//!   still be punished. Bonds are bounded: only listed relayers bond, at most
//!   `2 × MaxRelayers` bonds at once.
//! - **The group key.** The relayers hold a t-of-n FROST key (BIP340/Taproot) that no one holds
//!   whole, made by a distributed key generation run over extrinsics (`keygen`): a session
//!   starts in `on_initialize` when no key is in force, `t` is at least 2 and at least `t`
//!   relayers are eligible; its members post FROST's round 1 (`dkg_post`), their round-2
//!   packages sealed to each recipient's X25519 key (`dkg_post`), and the key they reached
//!   (`dkg_confirm`). Every round closes when all have posted and fails at its deadline
//!   (`dkg_round_blocks`); no-shows, outvoted members and both sides of a complaint
//!   (`dkg_complain`) are left out of the next session. Equal confirmations lock the key in
//!   ([`GroupKeys`], [`ActiveEpoch`]); its holders cannot unbond while it is in force.
//! - **The group's signatures.** The holders of the key sign each Ethereum target's checkpoints
//!   in order ([`SigningCursor`], from the contract's first checkpoint, `set_eth_contract`) with
//!   FROST's two rounds over extrinsics ([`signing`]: `sign_commit`, then `sign_share` by the
//!   first `t` to commit); the chain checks every share, slashes the bond of a member whose
//!   share is bad, leaves out one that goes silent, and aggregates the `t` shares into the
//!   signature. Anyone may also submit a signature made off chain (`submit_signature`). Either
//!   way the chain computes the message from its own checkpoint and the target's contract,
//!   checks the signature under the key in force ([`signature`]) and records it
//!   ([`Signatures`]).
//! - **Digests.** The pallet keeps the running digests of the period in progress, one per
//!   contributor ([`PeriodDigests`]): the reward pallets note their calculations through
//!   [`RewardDigests`] (`metachain_primitives::digest`), and each checkpoint takes every listed
//!   contributor's digest (present even with no record) and starts the next period's from zero.
//!   An id not listed in [`Config::Contributors`] is ignored, so the store stays bounded.
//! - **Parameters.** The interval is the pallet's one parameter ([`AnchoringParams`]), changed
//!   through `pallet-chain-parameters` ([`GovernedParameters`]).
//!
//! Cost: `on_initialize` reads two values in a block that records no checkpoint; recording one
//! reads the hashes of its blocks (at most `MaxCheckpointInterval`) and takes one digest per
//! listed contributor (at most [`MAX_CONTRIBUTORS`]). Noting a digest reads and writes one
//! value. Every call is bounded by `MaxRelayers` or `MaxTargets`; listing the eligible
//! relayers reads one bond per listed relayer.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod bitcoin;
mod impl_reward_digests;
mod keygen;
#[cfg(test)]
mod mock;
pub mod signature;
pub mod signing;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use metachain_primitives::{digest::RewardDigests, parameters::GovernedParameters};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::{H160, H256};
use sp_runtime::{
	traits::{Keccak256, One, Saturating, UniqueSaturatedInto, Zero},
	DispatchError,
};

/// The balance type of the bonds' currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A relayer's bond as stored.
pub type RelayerBondOf<T> = RelayerBond<BalanceOf<T>, BlockNumberFor<T>>;
/// The anchoring rules as stored.
pub type ParamsOf<T> = AnchoringParams<BlockNumberFor<T>>;
/// The contributors listed in the runtime, in checkpoint order.
pub type ContributorList = BoundedVec<ContributorId, MaxContributors>;
/// A checkpoint as stored.
pub type CheckpointOf<T> = Checkpoint<BlockNumberFor<T>>;
/// An attestation as stored.
pub type AttestationOf<T> = Attestation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// The attestations of one checkpoint on one target.
pub type AttestationsOf<T> = BoundedVec<AttestationOf<T>, <T as Config>::MaxRelayers>;
/// An anchor as stored.
pub type AnchorOf<T> = Anchor<BlockNumberFor<T>>;
/// The relayer set as stored.
pub type RelayersOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRelayers>;
/// The targets as stored.
pub type TargetsOf<T> = BoundedVec<AnchorTarget, <T as Config>::MaxTargets>;
/// A checkpoint with its anchoring, as the runtime API reports it.
pub type CheckpointInfoOf<T> =
	CheckpointInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// The pallet's state, as the runtime API reports it.
pub type AnchoringStateOf<T> =
	AnchoringState<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A key-generation session as stored.
pub type DkgSessionOf<T> = DkgSession<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxRelayers,
>;
/// A member's round-3 confirmation as stored.
pub type DkgResultOf<T> = DkgResult<<T as Config>::MaxRelayers>;
/// A group key as stored.
pub type GroupKeyOf<T> =
	GroupKey<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxRelayers>;

/// The Ethereum contracts of the targets, as stored.
pub type EthContractsOf<T> = BoundedVec<(u64, H160), <T as Config>::MaxTargets>;
/// A target's signing round as stored.
pub type SigningRoundOf<T> = SigningRound<BlockNumberFor<T>, <T as Config>::MaxRelayers>;

/// Whether no item appears twice in `items` (sorted to check: O(n log n)).
fn all_distinct<X: Ord>(mut items: Vec<X>) -> bool {
	items.sort();
	items.windows(2).all(|w| w[0] != w[1])
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{dispatch::Pays, pallet_prelude::*};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256, RuntimeEvent: From<Event<Self>>> {
		/// The origin that sets the relayers, the threshold and the targets.
		type RelayerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The ids of the contributors whose digests every checkpoint carries, in the order it
		/// carries them (distinct, at most [`MAX_CONTRIBUTORS`]). Only these ids may note
		/// digests ([`RewardDigests`]); every one is in every checkpoint, even with no record.
		type Contributors: Get<ContributorList>;

		/// Most relayers at once: bounds the relayer set and the attestations of a checkpoint
		/// on a target.
		#[pallet::constant]
		type MaxRelayers: Get<u32>;

		/// Most targets at once.
		#[pallet::constant]
		type MaxTargets: Get<u32>;

		/// The largest checkpoint interval, in blocks: bounds the work of recording a
		/// checkpoint. Below `frame_system`'s `BlockHashCount`, whose block hashes it reads.
		#[pallet::constant]
		type MaxCheckpointInterval: Get<u32>;

		/// The rules used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// The currency relayers bond in (MC), held under [`HoldReason::RelayerBond`].
		type Currency: Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason, of which [`HoldReason`] is part.
		type RuntimeHoldReason: From<HoldReason>;

		/// The least MC a relayer bonds.
		#[pallet::constant]
		type MinRelayerBond: Get<BalanceOf<Self>>;

		/// Blocks between a relayer's unbonding and the release of its bond: a fault found in
		/// that time is still punished from the bond.
		#[pallet::constant]
		type RelayerUnbondDelay: Get<BlockNumberFor<Self>>;

		/// Who receives the bond of a relayer slashed for a bad signature share (the
		/// treasury).
		type SlashBeneficiary: Get<Self::AccountId>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds MC.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A relayer's bond ([`RelayerBonds`]).
		RelayerBond,
	}

	#[pallet::type_value]
	pub fn DefaultThreshold() -> u32 {
		1
	}

	/// The rules ([`AnchoringParams`]): blocks per checkpoint, between 1 and
	/// [`Config::MaxCheckpointInterval`].
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	/// The running digest of the period in progress of each contributor listed in
	/// [`Config::Contributors`] (no other id is kept); taken into the next checkpoint.
	#[pallet::storage]
	pub type PeriodDigests<T: Config> =
		StorageMap<_, Twox64Concat, ContributorId, RunningDigest, ValueQuery>;

	/// The number the next checkpoint gets: checkpoints `0..NextCheckpoint` exist.
	#[pallet::storage]
	pub type NextCheckpoint<T: Config> = StorageValue<_, CheckpointNumber, ValueQuery>;

	/// The first block the next checkpoint covers (`None` until the pallet's first block, when
	/// it was added to a running chain).
	#[pallet::storage]
	pub type NextFirstBlock<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

	/// The checkpoints by number.
	#[pallet::storage]
	pub type Checkpoints<T: Config> =
		StorageMap<_, Twox64Concat, CheckpointNumber, CheckpointOf<T>, OptionQuery>;

	/// The relayers, in the order they were set. No account twice.
	#[pallet::storage]
	pub type Relayers<T: Config> = StorageValue<_, RelayersOf<T>, ValueQuery>;

	/// Attestations naming the same reference that anchor a checkpoint on a target: between 1
	/// and the number of relayers (when there are any).
	#[pallet::storage]
	pub type Threshold<T: Config> = StorageValue<_, u32, ValueQuery, DefaultThreshold>;

	/// The targets relayers attest to. No target twice.
	#[pallet::storage]
	pub type Targets<T: Config> = StorageValue<_, TargetsOf<T>, ValueQuery>;

	/// Every attestation of a checkpoint on a target, in order, agreeing or not.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CheckpointNumber,
		Blake2_128Concat,
		AnchorTarget,
		AttestationsOf<T>,
		ValueQuery,
	>;

	/// The checkpoints anchored, by checkpoint and target.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CheckpointNumber,
		Blake2_128Concat,
		AnchorTarget,
		AnchorOf<T>,
		OptionQuery,
	>;

	/// The relayers' bonds: only listed relayers bond, at most `2 × MaxRelayers` at once (a
	/// relayer removed from the list keeps its bond until it withdraws it).
	#[pallet::storage]
	pub type RelayerBonds<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, RelayerBondOf<T>, OptionQuery>;

	/// The number the next key-generation session gets.
	#[pallet::storage]
	pub type NextDkgSession<T: Config> = StorageValue<_, DkgSessionId, ValueQuery>;

	/// The key-generation session in progress, if any: one starts when no group key is
	/// active, the threshold is at least 2 and at least that many relayers are eligible.
	#[pallet::storage]
	pub type Dkg<T: Config> = StorageValue<_, DkgSessionOf<T>, OptionQuery>;

	/// The posts of rounds 1 and 2 of the session in progress, by session and (round, member
	/// index): at most `2 × MaxRelayers`, removed when the session ends.
	#[pallet::storage]
	pub type DkgPosts<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DkgSessionId,
		Twox64Concat,
		(u8, u8),
		DkgPayload,
		OptionQuery,
	>;

	/// The round-3 confirmations of the session in progress, by session and member index: at
	/// most `MaxRelayers`, removed when the session ends.
	#[pallet::storage]
	pub type DkgConfirmations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DkgSessionId,
		Twox64Concat,
		u8,
		DkgResultOf<T>,
		OptionQuery,
	>;

	/// Relayers left out of the next key-generation sessions, oldest first: no-shows, members
	/// outvoted in round 3, and both sides of a complaint (the accused, then the complainer).
	/// Cleared when a key locks in and when the relayers are set; the oldest are forgotten when
	/// leaving them all out would leave fewer than the threshold.
	#[pallet::storage]
	pub type DkgExcluded<T: Config> = StorageValue<_, RelayersOf<T>, ValueQuery>;

	/// The group keys locked in, by epoch.
	#[pallet::storage]
	pub type GroupKeys<T: Config> =
		StorageMap<_, Twox64Concat, KeyEpoch, GroupKeyOf<T>, OptionQuery>;

	/// The epoch of the group key in force, once one is locked in.
	#[pallet::storage]
	pub type ActiveEpoch<T: Config> = StorageValue<_, KeyEpoch, OptionQuery>;

	/// The `TracChainAnchorV2` contract of each Ethereum target (by chain id): what the group's
	/// anchor messages bind. At most one per listed target.
	#[pallet::storage]
	pub type EthContracts<T: Config> = StorageValue<_, EthContractsOf<T>, ValueQuery>;

	/// The group's verified signatures of checkpoints' anchor messages, by checkpoint and
	/// target: one per checkpoint and target, as `Anchors`.
	#[pallet::storage]
	pub type Signatures<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CheckpointNumber,
		Blake2_128Concat,
		AnchorTarget,
		GroupSignature<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The next checkpoint the group signs for each target it signs for: for an Ethereum
	/// target, the contract's first checkpoint when it is set; for a Bitcoin target, the first
	/// one anchored with the coin set; one more with each signature recorded (checkpoints are
	/// anchored in order).
	#[pallet::storage]
	pub type SigningCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, AnchorTarget, CheckpointNumber, OptionQuery>;

	/// The signing round of each target's next checkpoint (or, once it is signed, the
	/// last one's, whose exclusions the next keeps): one per target, at most `MaxTargets`.
	#[pallet::storage]
	pub type SigningRounds<T: Config> =
		StorageMap<_, Blake2_128Concat, AnchorTarget, SigningRoundOf<T>, OptionQuery>;

	/// The group's coin on each Bitcoin network it anchors on: the output its next anchor
	/// spends, and the epoch of the key it pays. Set by `set_btc_coin`, moved to each signed
	/// anchor's change. At most one per listed target.
	#[pallet::storage]
	pub type GroupCoins<T: Config> =
		StorageMap<_, Blake2_128Concat, BitcoinNetwork, GroupCoin, OptionQuery>;

	/// The group's signed Bitcoin anchors, by checkpoint and network: the coin each spent, its
	/// fee and txid. One per checkpoint and network, as `Signatures`.
	#[pallet::storage]
	pub type BtcSpends<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CheckpointNumber,
		Blake2_128Concat,
		BitcoinNetwork,
		BtcSpend,
		OptionQuery,
	>;

	/// The highest checkpoint anchored on each target.
	#[pallet::storage]
	pub type LatestAnchored<T: Config> =
		StorageMap<_, Blake2_128Concat, AnchorTarget, CheckpointNumber, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The rules (blocks per checkpoint); `None` takes [`Config::DefaultParameters`].
		pub params: Option<ParamsOf<T>>,
		/// The relayers (distinct, at most `MaxRelayers`).
		pub relayers: Vec<T::AccountId>,
		/// The threshold; `None` takes a majority of the relayers (`len / 2 + 1`).
		pub threshold: Option<u32>,
		/// The targets (distinct, at most `MaxTargets`).
		pub targets: Vec<AnchorTarget>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			assert!(
				self.relayers.len() <= T::MaxRelayers::get() as usize,
				"anchoring: more genesis relayers than MaxRelayers"
			);
			let relayers = RelayersOf::<T>::truncate_from(self.relayers.clone());
			let threshold = self.threshold.unwrap_or((relayers.len() as u32) / 2 + 1);
			assert!(
				Pallet::<T>::check_relayers(&relayers, threshold).is_ok(),
				"anchoring: duplicate relayers or a threshold out of 1..=relayers"
			);
			Relayers::<T>::put(relayers);
			Threshold::<T>::put(threshold);
			assert!(
				self.targets.len() <= T::MaxTargets::get() as usize,
				"anchoring: more genesis targets than MaxTargets"
			);
			let targets = TargetsOf::<T>::truncate_from(self.targets.clone());
			assert!(Pallet::<T>::check_targets(&targets).is_ok(), "anchoring: duplicate targets");
			Targets::<T>::put(targets);
			// The genesis block is the first block of checkpoint 0.
			NextFirstBlock::<T>::put(BlockNumberFor::<T>::zero());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A checkpoint was recorded.
		CheckpointRecorded {
			/// Its number.
			number: CheckpointNumber,
			/// The first block it covers.
			first_block: BlockNumberFor<T>,
			/// The last block it covers.
			last_block: BlockNumberFor<T>,
			/// Its root: what relayers record on Ethereum and Bitcoin.
			root: H256,
		},
		/// A relayer attested that a checkpoint's root is recorded on a target.
		Attested {
			/// The checkpoint.
			checkpoint: CheckpointNumber,
			/// The target.
			target: AnchorTarget,
			/// The relayer.
			relayer: T::AccountId,
			/// The transaction it names.
			external: ExternalRef,
			/// How many attestations now name that transaction.
			matching: u32,
		},
		/// Enough relayers agree: the checkpoint is anchored on the target.
		Anchored {
			/// The checkpoint.
			checkpoint: CheckpointNumber,
			/// The target.
			target: AnchorTarget,
			/// The transaction that carries its root.
			external: ExternalRef,
			/// How many relayers attested it.
			attestations: u32,
		},
		/// A relayer named another transaction than an earlier attestation did (both are kept).
		ConflictingAttestation {
			/// The checkpoint.
			checkpoint: CheckpointNumber,
			/// The target.
			target: AnchorTarget,
			/// The relayer.
			relayer: T::AccountId,
			/// The transaction it named.
			external: ExternalRef,
			/// The transaction named earlier (the anchored one, if there is one).
			earlier: ExternalRef,
		},
		/// The relayers and the threshold were set.
		RelayersSet {
			/// The relayers.
			relayers: Vec<T::AccountId>,
			/// The threshold.
			threshold: u32,
		},
		/// The targets were set.
		TargetsSet {
			/// The targets.
			targets: Vec<AnchorTarget>,
		},
		/// A relayer bonded MC: it may sign once the bond is `relayer_bond_age` blocks old.
		RelayerBonded {
			/// The relayer.
			relayer: T::AccountId,
			/// MC held.
			amount: BalanceOf<T>,
		},
		/// A relayer showed a sign of life with a heartbeat.
		RelayerAlive {
			/// The relayer.
			relayer: T::AccountId,
		},
		/// A relayer unbonds: it signs no more, and its bond may be withdrawn from
		/// `withdrawable_at`.
		RelayerUnbonding {
			/// The relayer.
			relayer: T::AccountId,
			/// The first block its bond may be withdrawn in.
			withdrawable_at: BlockNumberFor<T>,
		},
		/// A relayer's bond was released.
		RelayerBondWithdrawn {
			/// The relayer.
			relayer: T::AccountId,
			/// MC released.
			amount: BalanceOf<T>,
		},
		/// A key-generation session started: its members post round 1.
		DkgStarted {
			/// The session.
			session: DkgSessionId,
			/// The epoch of the key it makes.
			epoch: KeyEpoch,
			/// The members, most senior first.
			members: Vec<T::AccountId>,
			/// The threshold of the key.
			threshold: u32,
			/// The last block of round 1.
			deadline: BlockNumberFor<T>,
		},
		/// A member posted in a round of a key generation.
		DkgPosted {
			/// The session.
			session: DkgSessionId,
			/// The round.
			round: u8,
			/// The member.
			member: T::AccountId,
		},
		/// Every member posted: the next round of a key generation is open.
		DkgRoundOpened {
			/// The session.
			session: DkgSessionId,
			/// The round now open (2 or 3).
			round: u8,
			/// Its last block.
			deadline: BlockNumberFor<T>,
		},
		/// A member complained about another's post: the session fails, and both are left out of
		/// the next (the chain cannot tell which of them lies).
		DkgComplaint {
			/// The session.
			session: DkgSessionId,
			/// The member who complained.
			by: T::AccountId,
			/// The member it complained about.
			against: T::AccountId,
		},
		/// A key generation failed; the next starts without the members named.
		DkgFailed {
			/// The session.
			session: DkgSessionId,
			/// The round it failed in.
			round: u8,
			/// Left out of the next sessions: no-shows, members outvoted in round 3, both sides
			/// of a complaint.
			excluded: Vec<T::AccountId>,
		},
		/// The contract of an Ethereum target was set (or removed).
		EthContractSet {
			/// The target's chain id.
			chain_id: u64,
			/// The contract, if any.
			contract: Option<H160>,
			/// The first checkpoint the group signs for it.
			first_checkpoint: CheckpointNumber,
		},
		/// The group's coin on a Bitcoin network was set (or removed).
		BtcCoinSet {
			/// The network.
			network: BitcoinNetwork,
			/// The coin and the key it pays, if any.
			coin: Option<GroupCoin>,
			/// The first checkpoint the group anchors with it.
			first_checkpoint: CheckpointNumber,
		},
		/// The group signed a checkpoint's Bitcoin anchor: the transaction `txid` (rebuilt from
		/// [`BtcSpends`], with the signature as its witness) may now be broadcast, and its
		/// change is the group's coin.
		BtcAnchorSigned {
			/// The checkpoint.
			checkpoint: CheckpointNumber,
			/// The network.
			network: BitcoinNetwork,
			/// The anchor's txid (display order).
			txid: H256,
			/// The group's coin now: the anchor's change.
			coin: BtcCoin,
		},
		/// A member of the group key committed to its nonces in a signing attempt (round 1).
		SignCommitted {
			/// The target.
			target: AnchorTarget,
			/// The checkpoint being signed.
			checkpoint: CheckpointNumber,
			/// The attempt.
			attempt: SigningAttempt,
			/// The member.
			member: T::AccountId,
		},
		/// `t` members have committed: they are the attempt's signing set.
		SigningSetChosen {
			/// The target.
			target: AnchorTarget,
			/// The checkpoint being signed.
			checkpoint: CheckpointNumber,
			/// The attempt.
			attempt: SigningAttempt,
			/// The signers, in the order they committed.
			signers: Vec<T::AccountId>,
		},
		/// A signer's share was checked and recorded (round 2).
		SignShared {
			/// The target.
			target: AnchorTarget,
			/// The checkpoint being signed.
			checkpoint: CheckpointNumber,
			/// The attempt.
			attempt: SigningAttempt,
			/// The signer.
			member: T::AccountId,
		},
		/// A signer posted a share that does not verify against its verifying share: it is
		/// slashed and left out, and the checkpoint's signing starts a new attempt.
		BadSignatureShare {
			/// The target.
			target: AnchorTarget,
			/// The checkpoint being signed.
			checkpoint: CheckpointNumber,
			/// The attempt it broke.
			attempt: SigningAttempt,
			/// The signer.
			member: T::AccountId,
			/// The MC taken from its bond.
			slashed: BalanceOf<T>,
		},
		/// A relayer's bond was slashed to the treasury and removed.
		RelayerSlashed {
			/// The relayer.
			relayer: T::AccountId,
			/// The MC moved.
			amount: BalanceOf<T>,
		},
		/// The group's signature of a checkpoint's anchor message on a target was verified and
		/// recorded: anyone may now take it to the target chain.
		CheckpointSigned {
			/// The checkpoint.
			checkpoint: CheckpointNumber,
			/// The target.
			target: AnchorTarget,
			/// The epoch of the key that signed.
			epoch: KeyEpoch,
			/// The BIP340 signature.
			signature: [u8; 64],
		},
		/// Every member confirmed the same key: the group key is locked in and in force.
		GroupKeyLocked {
			/// Its epoch.
			epoch: KeyEpoch,
			/// The x coordinate of its Taproot output key.
			key_x: [u8; 32],
			/// The members holding a share, most senior first.
			members: Vec<T::AccountId>,
			/// Its threshold.
			threshold: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a relayer.
		NotRelayer,
		/// There is no checkpoint with that number (yet).
		UnknownCheckpoint,
		/// The target is not one of [`Targets`].
		UnknownTarget,
		/// This relayer already attested this checkpoint on this target.
		AlreadyAttested,
		/// The checkpoint has as many attestations on this target as relayers may make (the
		/// relayer set changed since it was recorded).
		TooManyAttestations,
		/// The threshold must be between 1 and the number of relayers.
		InvalidThreshold,
		/// An account appears twice in the relayer set.
		DuplicateRelayer,
		/// A target appears twice.
		DuplicateTarget,
		/// The rules are invalid (the pallet's refusal of invalid parameters): the interval
		/// must be between 1 and `MaxCheckpointInterval`, `liveness_period` at least 1,
		/// `silent_after` at least `liveness_period`, `dkg_round_blocks` at least 1 and
		/// `btc_fee` between 1 and `bitcoin::MAX_BTC_FEE` (100,000 sat).
		InvalidParameters,
		/// The account already has a bond.
		AlreadyBonded,
		/// The bond is below `MinRelayerBond`.
		BondTooSmall,
		/// The account cannot hold that much MC.
		InsufficientBalance,
		/// As many bonds as the pallet keeps (`2 × MaxRelayers`) exist.
		TooManyBonds,
		/// The account has no bond.
		NotBonded,
		/// The relayer is unbonding already.
		Unbonding,
		/// The relayer is not unbonding.
		NotUnbonding,
		/// Too early: a heartbeat within `liveness_period` of the last sign of life, or a
		/// withdrawal before the bond's release block.
		TooEarly,
		/// The relayer holds a share of the group key in force, or is a member of the key
		/// generation in progress: it cannot unbond while it serves.
		KeyMember,
		/// No key generation is in progress.
		NoKeygen,
		/// The key generation in progress has another session number.
		WrongSession,
		/// The key generation in progress is in another round.
		WrongRound,
		/// The caller is not a member of the key generation in progress.
		NotMember,
		/// The member already posted in this round.
		AlreadyPosted,
		/// A confirmation must name a key (not zero) and one verifying share per member.
		BadConfirmation,
		/// A member complained about itself or about a relayer outside the session.
		BadComplaint,
		/// The target has no contract (`set_eth_contract`) or, on Bitcoin, no group coin
		/// (`set_btc_coin`): the group does not sign for it.
		NoContract,
		/// No group key is in force.
		NoGroupKey,
		/// The checkpoint is already signed on this target.
		AlreadySigned,
		/// The signature is not the group key's BIP340 signature of the checkpoint's anchor
		/// message.
		BadSignature,
		/// The checkpoint is not the next the target's contract records (its signing cursor).
		NotNextCheckpoint,
		/// The signing of this checkpoint is in another attempt (or has none yet for a share).
		WrongAttempt,
		/// The member is left out of this target's signing sets (it left an attempt without its
		/// share, or sent a bad one).
		Excluded,
		/// The attempt's signing set is chosen: it takes no more commitments.
		SigningSetChosen,
		/// A nonce commitment that is not a valid compressed point.
		BadCommitment,
		/// The caller holds no share of the key signing the checkpoint, or is not in the
		/// attempt's signing set.
		NotSigner,
		/// The group's coin cannot pay the anchor's fee (`btc_fee`) and keep a relayable
		/// output: fund the group's address and set the new coin (`set_btc_coin`).
		CoinTooSmall,
		/// On a Bitcoin network where the group holds a coin, only the group's signed anchor of
		/// the checkpoint ([`BtcSpends`]) may be attested.
		NotGroupAnchor,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::maybe_record_checkpoint(now).saturating_add(Self::maybe_keygen(now))
		}

		fn integrity_test() {
			let max = T::MaxCheckpointInterval::get();
			assert!(max > 0, "MaxCheckpointInterval must be positive");
			let keep: u64 = T::BlockHashCount::get().unique_saturated_into();
			assert!(
				(max as u64) < keep,
				"MaxCheckpointInterval must be below BlockHashCount: checkpoints read the block \
				 hashes frame_system keeps"
			);
			assert!(
				Self::params_valid(&T::DefaultParameters::get()),
				"DefaultParameters: the interval must be in 1..=MaxCheckpointInterval"
			);
			assert!(
				all_distinct(T::Contributors::get().into_inner()),
				"Contributors must be distinct: each takes its own digest into a checkpoint"
			);
			assert!(T::MaxRelayers::get() > 0, "MaxRelayers must be positive");
			assert!(
				T::MaxRelayers::get() <= 32,
				"MaxRelayers must be at most 32: a key generation's posts are one bit per member"
			);
			assert!(!T::MinRelayerBond::get().is_zero(), "MinRelayerBond must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Attest, as a relayer, that the root of `checkpoint` is recorded on `target` by the
		/// transaction `external` (after the confirmations the relayer waits for).
		///
		/// On a Bitcoin network where the group holds a coin, only the group's signed anchor of
		/// the checkpoint counts ([`Error::NotGroupAnchor`]).
		///
		/// Once per relayer, checkpoint and target. When [`Threshold`] attestations name the
		/// same transaction, the checkpoint is anchored on the target. An attestation naming a
		/// different transaction than an earlier one is kept and reported. Free, unless it
		/// contradicts the transaction the checkpoint is already anchored with.
		#[pallet::call_index(0)]
		// The benchmark attests on an Ethereum target; a Bitcoin target also reads the group's
		// coin and the checkpoint's signed anchor (`check_group_anchor`).
		#[pallet::weight(T::WeightInfo::attest().saturating_add(match target {
			AnchorTarget::Bitcoin { .. } => T::DbWeight::get().reads(2),
			AnchorTarget::Ethereum { .. } => Weight::zero(),
		}))]
		#[pallet::feeless_if(|origin: &OriginFor<T>, checkpoint: &CheckpointNumber,
			target: &AnchorTarget, external: &ExternalRef| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_attest(&who, *checkpoint, target).is_ok() &&
					Pallet::<T>::check_group_anchor(*checkpoint, target, external).is_ok() &&
					Anchors::<T>::get(checkpoint, target).is_none_or(|a| a.external == *external),
				Err(_) => false,
			}
		})]
		pub fn attest(
			origin: OriginFor<T>,
			checkpoint: CheckpointNumber,
			target: AnchorTarget,
			external: ExternalRef,
		) -> DispatchResultWithPostInfo {
			let relayer = ensure_signed(origin)?;
			let mut attestations = Self::check_attest(&relayer, checkpoint, &target)?;
			Self::check_group_anchor(checkpoint, &target, &external)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::note_seen(&relayer);
			attestations
				.try_push(Attestation { relayer: relayer.clone(), external, at: now })
				.map_err(|_| Error::<T>::TooManyAttestations)?;
			let matching = attestations.iter().filter(|a| a.external == external).count() as u32;
			let earlier = attestations.iter().find(|a| a.external != external).map(|a| a.external);
			Attestations::<T>::insert(checkpoint, target, attestations);
			Self::deposit_event(Event::Attested {
				checkpoint,
				target,
				relayer: relayer.clone(),
				external,
				matching,
			});

			let mut pays = Pays::No;
			match Anchors::<T>::get(checkpoint, target) {
				Some(mut anchor) if anchor.external == external => {
					anchor.attestations = matching;
					Anchors::<T>::insert(checkpoint, target, anchor);
				}
				Some(anchor) => {
					pays = Pays::Yes;
					Self::deposit_event(Event::ConflictingAttestation {
						checkpoint,
						target,
						relayer,
						external,
						earlier: anchor.external,
					});
					return Ok(pays.into());
				}
				None => {
					let threshold = Threshold::<T>::get();
					if matching >= threshold {
						Anchors::<T>::insert(
							checkpoint,
							target,
							Anchor {
								external,
								attestations: matching,
								threshold,
								anchored_at: now,
							},
						);
						LatestAnchored::<T>::mutate(target, |latest| {
							if latest.is_none_or(|l| l < checkpoint) {
								*latest = Some(checkpoint);
							}
						});
						Self::deposit_event(Event::Anchored {
							checkpoint,
							target,
							external,
							attestations: matching,
						});
					}
				}
			}
			if let Some(earlier) = earlier {
				Self::deposit_event(Event::ConflictingAttestation {
					checkpoint,
					target,
					relayer,
					external,
					earlier,
				});
			}
			Ok(pays.into())
		}

		/// Set the relayers and the threshold of matching attestations that anchors a
		/// checkpoint (between 1 and the number of relayers; any positive number with none).
		///
		/// Attestations already made stay; anchors already made stay.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_relayers(relayers.len() as u32))]
		pub fn set_relayers(
			origin: OriginFor<T>,
			relayers: RelayersOf<T>,
			threshold: u32,
		) -> DispatchResult {
			T::RelayerOrigin::ensure_origin(origin)?;
			Self::check_relayers(&relayers, threshold)?;
			// A key generation among the old set stops; the next starts among the new one.
			if let Some(session) = Dkg::<T>::get() {
				Self::end_dkg(&session);
				Self::deposit_event(Event::DkgFailed {
					session: session.id,
					round: session.round,
					excluded: Vec::new(),
				});
			}
			DkgExcluded::<T>::kill();
			Self::deposit_event(Event::RelayersSet { relayers: relayers.to_vec(), threshold });
			Relayers::<T>::put(relayers);
			Threshold::<T>::put(threshold);
			Ok(())
		}

		/// Set the targets relayers attest to.
		///
		/// Attestations and anchors on a target removed stay.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_targets(targets.len() as u32))]
		pub fn set_targets(origin: OriginFor<T>, targets: TargetsOf<T>) -> DispatchResult {
			T::RelayerOrigin::ensure_origin(origin)?;
			Self::check_targets(&targets)?;
			Self::deposit_event(Event::TargetsSet { targets: targets.to_vec() });
			Targets::<T>::put(targets);
			Ok(())
		}

		/// Bond `amount` MC as a relayer: held from the caller's account for as long as it
		/// serves, the stake behind its signatures.
		///
		/// The caller must be a listed relayer ([`Relayers`]) without a bond, `amount` at least
		/// `MinRelayerBond`. It may sign once the bond is `relayer_bond_age` blocks old; the
		/// bond counts as a sign of life. `encryption_key` is its X25519 public key, to which
		/// the other relayers seal its secret key-generation shares.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::bond_relayer())]
		pub fn bond_relayer(
			origin: OriginFor<T>,
			amount: BalanceOf<T>,
			encryption_key: [u8; 32],
		) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			ensure!(Relayers::<T>::get().contains(&relayer), Error::<T>::NotRelayer);
			ensure!(!RelayerBonds::<T>::contains_key(&relayer), Error::<T>::AlreadyBonded);
			ensure!(amount >= T::MinRelayerBond::get(), Error::<T>::BondTooSmall);
			ensure!(RelayerBonds::<T>::count() < Self::max_bonds(), Error::<T>::TooManyBonds);
			T::Currency::hold(&HoldReason::RelayerBond.into(), &relayer, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			let now = frame_system::Pallet::<T>::block_number();
			RelayerBonds::<T>::insert(
				&relayer,
				RelayerBond {
					amount,
					since: now,
					last_seen: now,
					unbonding_at: None,
					encryption_key,
				},
			);
			Self::deposit_event(Event::RelayerBonded { relayer, amount });
			Ok(())
		}

		/// Show a sign of life as a bonded relayer: free once per `liveness_period`.
		///
		/// A relayer silent for `silent_after` blocks is left out of the eligible signers until
		/// its next sign (this, an attestation or a new bond). Refused (`TooEarly`, and the fee
		/// is paid) within `liveness_period` of the last sign, and for an unbonding relayer.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		#[pallet::feeless_if(|origin: &OriginFor<T>| -> bool {
			ensure_signed(origin.clone()).is_ok_and(|who| Pallet::<T>::check_heartbeat(&who).is_ok())
		})]
		pub fn heartbeat(origin: OriginFor<T>) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			let mut bond = Self::check_heartbeat(&relayer)?;
			bond.last_seen = frame_system::Pallet::<T>::block_number();
			RelayerBonds::<T>::insert(&relayer, bond);
			Self::deposit_event(Event::RelayerAlive { relayer });
			Ok(())
		}

		/// Start unbonding: the caller signs no more at once, and its bond may be withdrawn
		/// `RelayerUnbondDelay` blocks later ([`Pallet::withdraw_bond`]). Refused while the
		/// caller holds a share of the group key in force or is a member of the key generation in
		/// progress (`KeyMember`): its bond does not move while it serves.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unbond_relayer())]
		pub fn unbond_relayer(origin: OriginFor<T>) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			let mut bond = RelayerBonds::<T>::get(&relayer).ok_or(Error::<T>::NotBonded)?;
			ensure!(bond.unbonding_at.is_none(), Error::<T>::Unbonding);
			ensure!(!Self::is_key_member(&relayer), Error::<T>::KeyMember);
			let withdrawable_at = frame_system::Pallet::<T>::block_number()
				.saturating_add(T::RelayerUnbondDelay::get());
			bond.unbonding_at = Some(withdrawable_at);
			RelayerBonds::<T>::insert(&relayer, bond);
			Self::deposit_event(Event::RelayerUnbonding { relayer, withdrawable_at });
			Ok(())
		}

		/// Release the caller's bond once its unbonding delay has passed, and forget it.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			let bond = RelayerBonds::<T>::get(&relayer).ok_or(Error::<T>::NotBonded)?;
			let at = bond.unbonding_at.ok_or(Error::<T>::NotUnbonding)?;
			ensure!(frame_system::Pallet::<T>::block_number() >= at, Error::<T>::TooEarly);
			let reason = HoldReason::RelayerBond.into();
			let held = T::Currency::balance_on_hold(&reason, &relayer);
			let amount = T::Currency::release(&reason, &relayer, held, Precision::BestEffort)?;
			RelayerBonds::<T>::remove(&relayer);
			Self::deposit_event(Event::RelayerBondWithdrawn { relayer, amount });
			Ok(())
		}

		/// Post, as a member of the key generation in progress, in its round 1 (FROST's public
		/// round-1 package: commitments and a proof of knowledge) or round 2 (the round-2
		/// packages for the other members, each sealed to its recipient's `encryption_key`).
		///
		/// Once per member and round, before the round's deadline. The round closes when every
		/// member has posted; a member that has not posted by the deadline fails the session
		/// and is left out of the next. A post is a sign of life. Free when valid.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::dkg_post())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, session: &DkgSessionId, round: &u8,
			_payload: &DkgPayload| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_dkg_post(&who, *session, *round).is_ok() &&
					*round < 3,
				Err(_) => false,
			}
		})]
		pub fn dkg_post(
			origin: OriginFor<T>,
			session: DkgSessionId,
			round: u8,
			payload: DkgPayload,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(round < 3, Error::<T>::WrongRound);
			let (dkg, index) = Self::check_dkg_post(&who, session, round)?;
			DkgPosts::<T>::insert(session, (round, index as u8), payload);
			Self::note_dkg_post(dkg, index, who);
			Ok(())
		}

		/// Confirm, as a member of the key generation in progress, in its round 3, the key it
		/// reached: the x coordinate of the group's Taproot output key and every member's
		/// verifying share.
		///
		/// Once per member, before the deadline. When every member has confirmed the same key it
		/// is locked in as the next epoch's group key ([`Event::GroupKeyLocked`]); if the
		/// confirmations differ, the members outside the largest agreeing group (when there is
		/// one) are left out of the next session. A confirmation is a sign of life. Free when
		/// valid.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::dkg_confirm())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, session: &DkgSessionId,
			_result: &DkgResultOf<T>| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_dkg_post(&who, *session, 3).is_ok(),
				Err(_) => false,
			}
		})]
		pub fn dkg_confirm(
			origin: OriginFor<T>,
			session: DkgSessionId,
			result: DkgResultOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (dkg, index) = Self::check_dkg_post(&who, session, 3)?;
			ensure!(signing::result_valid(&result, dkg.members.len()), Error::<T>::BadConfirmation);
			DkgConfirmations::<T>::insert(session, index as u8, result);
			Self::note_dkg_post(dkg, index, who);
			Ok(())
		}

		/// Complain, as a member of the key generation in progress, that `against`'s post is
		/// invalid (a round-1 proof of knowledge that does not verify, or a round-2 share that
		/// does not match its sender's commitments, or that does not open).
		///
		/// The session fails at once, and both the caller and `against` are left out of the
		/// next sessions: the chain cannot see a sealed share, so it cannot tell which of them
		/// lies, and a false complainer loses its own place each time. Free when valid.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::dkg_complain())]
		#[pallet::feeless_if(|origin: &OriginFor<T>, session: &DkgSessionId,
			against: &T::AccountId| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_dkg_complaint(&who, *session, against).is_ok(),
				Err(_) => false,
			}
		})]
		pub fn dkg_complain(
			origin: OriginFor<T>,
			session: DkgSessionId,
			against: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let dkg = Self::check_dkg_complaint(&who, session, &against)?;
			Self::note_seen(&who);
			Self::deposit_event(Event::DkgComplaint {
				session,
				by: who.clone(),
				against: against.clone(),
			});
			Self::fail_dkg(&dkg, alloc::vec![against, who]);
			Ok(())
		}

		/// Set (or, with `None`, remove) the `TracChainAnchorV2` contract of the listed Ethereum
		/// target `chain_id`: the address the group's anchor messages for that target bind, and
		/// `first_checkpoint`, the first checkpoint it records (its constructor's
		/// `firstCheckpoint`): the group signs the target's checkpoints in order from there.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_eth_contract())]
		pub fn set_eth_contract(
			origin: OriginFor<T>,
			chain_id: u64,
			contract: Option<H160>,
			first_checkpoint: CheckpointNumber,
		) -> DispatchResult {
			T::RelayerOrigin::ensure_origin(origin)?;
			let targets = Targets::<T>::get();
			ensure!(
				targets.contains(&AnchorTarget::Ethereum { chain_id }),
				Error::<T>::UnknownTarget
			);
			let mut contracts = EthContracts::<T>::get();
			// Keep only listed Ethereum targets, so the list stays within `MaxTargets`.
			contracts.retain(|(id, _)| {
				*id != chain_id && targets.contains(&AnchorTarget::Ethereum { chain_id: *id })
			});
			if let Some(address) = contract {
				contracts.try_push((chain_id, address)).map_err(|_| Error::<T>::UnknownTarget)?;
			}
			EthContracts::<T>::put(contracts);
			let target = AnchorTarget::Ethereum { chain_id };
			// A new contract starts a new sequence: the old one's round is void.
			SigningRounds::<T>::remove(target);
			match contract {
				Some(_) => SigningCursor::<T>::insert(target, first_checkpoint),
				None => SigningCursor::<T>::remove(target),
			}
			Self::deposit_event(Event::EthContractSet { chain_id, contract, first_checkpoint });
			Ok(())
		}

		/// Record the group's signature of checkpoint `checkpoint`'s message for `target`
		/// ([`Pallet::signing_message`]: for an Ethereum target the anchor message of
		/// [`signature::eth_anchor_message`] — genesis hash, chain id, contract, number and
		/// root —, for a Bitcoin target the sighash of the group's anchor transaction), after
		/// checking it is a BIP340 signature under the key that signs it
		/// ([`signature::verify_bip340`]).
		///
		/// Anyone may submit it (any relayer may aggregate the shares; a wrong aggregate is
		/// refused here); once per checkpoint and target, in order (the target's
		/// [`SigningCursor`]). Free when valid; a refused one pays. The signing rounds
		/// (`sign_commit`, `sign_share`) record the signature themselves; this is for a group
		/// that signed off chain.
		#[pallet::call_index(11)]
		#[pallet::weight(match target {
			AnchorTarget::Ethereum { .. } => T::WeightInfo::submit_signature(),
			AnchorTarget::Bitcoin { .. } => T::WeightInfo::submit_signature_bitcoin(),
		})]
		#[pallet::feeless_if(|_origin: &OriginFor<T>, checkpoint: &CheckpointNumber,
			target: &AnchorTarget, signature: &[u8; 64]| -> bool {
			Pallet::<T>::check_signature(*checkpoint, *target, signature).is_ok()
		})]
		pub fn submit_signature(
			origin: OriginFor<T>,
			checkpoint: CheckpointNumber,
			target: AnchorTarget,
			signature: [u8; 64],
		) -> DispatchResult {
			ensure_signed(origin)?;
			let epoch = Self::check_signature(checkpoint, target, &signature)?;
			Self::record_signature(checkpoint, target, epoch, signature);
			Ok(())
		}

		/// Commit, as a holder of a share of the group key, to the nonces of your share in
		/// attempt `attempt` of the signing of `checkpoint` for `target` (FROST round 1: the
		/// hiding and binding nonce commitments, compressed points).
		///
		/// `checkpoint` must be the target's next ([`SigningCursor`]). Once per member and
		/// attempt; the first `t` members to commit are the attempt's signing set
		/// ([`Event::SigningSetChosen`]). Once the attempt's deadline has passed, a commitment
		/// for the next attempt opens it, without the set's members that posted no share. A
		/// member left out ([`Error::Excluded`]) or without a standing bond cannot commit. A
		/// commitment is a sign of life. Free when valid.
		#[pallet::call_index(12)]
		#[pallet::weight(match target {
			AnchorTarget::Ethereum { .. } => T::WeightInfo::sign_commit(),
			AnchorTarget::Bitcoin { .. } => T::WeightInfo::sign_commit_bitcoin(),
		})]
		#[pallet::feeless_if(|origin: &OriginFor<T>, target: &AnchorTarget,
			checkpoint: &CheckpointNumber, attempt: &SigningAttempt, hiding: &[u8; 33],
			binding: &[u8; 33]| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_sign_commit(
					&who, *target, *checkpoint, *attempt, hiding, binding,
				)
				.is_ok(),
				Err(_) => false,
			}
		})]
		pub fn sign_commit(
			origin: OriginFor<T>,
			target: AnchorTarget,
			checkpoint: CheckpointNumber,
			attempt: SigningAttempt,
			hiding: [u8; 33],
			binding: [u8; 33],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let ctx =
				Self::check_sign_commit(&who, target, checkpoint, attempt, &hiding, &binding)?;
			Self::do_sign_commit(who, target, ctx, hiding, binding)
		}

		/// Post, as a member of the signing set of attempt `attempt` of the signing of
		/// `checkpoint` for `target`, your signature share (FROST round 2).
		///
		/// The chain checks it against your verifying share and the set's commitments: a good
		/// share is recorded, and the `t`-th makes the group's signature, which is verified and
		/// recorded ([`Event::CheckpointSigned`]; on Bitcoin also [`Event::BtcAnchorSigned`]).
		/// A bad share slashes your whole bond to the treasury ([`Event::BadSignatureShare`])
		/// and restarts the signing without you. Once per signer and attempt, until the next
		/// attempt opens. Free when due (a bad share pays with the bond).
		#[pallet::call_index(13)]
		#[pallet::weight(match target {
			AnchorTarget::Ethereum { .. } => T::WeightInfo::sign_share(),
			AnchorTarget::Bitcoin { .. } => T::WeightInfo::sign_share_bitcoin(),
		})]
		#[pallet::feeless_if(|origin: &OriginFor<T>, target: &AnchorTarget,
			checkpoint: &CheckpointNumber, attempt: &SigningAttempt, _share: &[u8; 32]| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_sign_share(&who, *target, *checkpoint, *attempt)
					.is_ok(),
				Err(_) => false,
			}
		})]
		pub fn sign_share(
			origin: OriginFor<T>,
			target: AnchorTarget,
			checkpoint: CheckpointNumber,
			attempt: SigningAttempt,
			share: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let ctx = Self::check_sign_share(&who, target, checkpoint, attempt)?;
			Self::do_sign_share(who, target, ctx, share)
		}

		/// Set (or, with `None`, remove) the group's coin on the listed Bitcoin target
		/// `network`: an unspent output paying the group key in force (`OP_1 <x>`, the address
		/// `relayer group-address` prints), which its anchors spend from `first_checkpoint` on,
		/// one transaction per checkpoint, each paying `btc_fee` and returning the change to the
		/// group ([`bitcoin`]). From then on only those anchors may be attested on `network`.
		///
		/// The chain cannot see Bitcoin: a coin that does not exist, or holds another value,
		/// makes anchors Bitcoin refuses (their signature commits to the value), so the
		/// network's checkpoints stay unanchored until the coin is set again. Also used after a
		/// fee rise left an anchor unconfirmed, and to move the group to a new key.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_btc_coin())]
		pub fn set_btc_coin(
			origin: OriginFor<T>,
			network: BitcoinNetwork,
			coin: Option<BtcCoin>,
			first_checkpoint: CheckpointNumber,
		) -> DispatchResult {
			T::RelayerOrigin::ensure_origin(origin)?;
			let target = AnchorTarget::Bitcoin { network };
			ensure!(Targets::<T>::get().contains(&target), Error::<T>::UnknownTarget);
			let coin = match coin {
				Some(coin) => {
					let epoch = ActiveEpoch::<T>::get().ok_or(Error::<T>::NoGroupKey)?;
					let fee = Parameters::<T>::get().btc_fee;
					ensure!(
						coin.value.checked_sub(fee).is_some_and(|c| c >= bitcoin::P2TR_DUST),
						Error::<T>::CoinTooSmall
					);
					Some(GroupCoin { epoch, coin })
				}
				None => None,
			};
			// A new coin starts a new sequence: the old one's round is void.
			SigningRounds::<T>::remove(target);
			match coin {
				Some(c) => {
					GroupCoins::<T>::insert(network, c);
					SigningCursor::<T>::insert(target, first_checkpoint);
				}
				None => {
					GroupCoins::<T>::remove(network);
					SigningCursor::<T>::remove(target);
				}
			}
			Self::deposit_event(Event::BtcCoinSet { network, coin, first_checkpoint });
			Ok(())
		}
	}

	/// The reads dApps do most, as view functions (metadata v16): what `AnchoringApi::checkpoint`
	/// and `checkpoint_of_block` answer.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Checkpoint `number` with its attestations and anchors on every target, once recorded
		/// (`AnchoringApi::checkpoint`).
		pub fn checkpoint(number: CheckpointNumber) -> Option<CheckpointInfoOf<T>> {
			Self::checkpoint_info(number)
		}

		/// The relayers eligible to sign now, most senior first ([`Pallet::eligible_relayers`]).
		pub fn eligible_signers() -> Vec<T::AccountId> {
			Self::eligible_relayers()
		}

		/// `relayer`'s bond, if it has one.
		pub fn relayer_bond(relayer: T::AccountId) -> Option<RelayerBondOf<T>> {
			RelayerBonds::<T>::get(relayer)
		}

		/// The key generation in progress, if any.
		pub fn dkg_session() -> Option<DkgSessionOf<T>> {
			Dkg::<T>::get()
		}

		/// The group key in force, with its epoch, once one is locked in.
		pub fn active_group_key() -> Option<(KeyEpoch, GroupKeyOf<T>)> {
			let epoch = ActiveEpoch::<T>::get()?;
			GroupKeys::<T>::get(epoch).map(|key| (epoch, key))
		}

		/// The group key of `epoch`, if it was locked in.
		pub fn group_key(epoch: KeyEpoch) -> Option<GroupKeyOf<T>> {
			GroupKeys::<T>::get(epoch)
		}

		/// The signing of `target`'s next checkpoint as it stands at this block: the checkpoint,
		/// the message the group signs and the round (a new attempt once the stored one's
		/// deadline has passed); `None` when the group does not sign for `target` or cannot
		/// sign its next checkpoint yet.
		pub fn signing(
			target: AnchorTarget,
		) -> Option<(CheckpointNumber, [u8; 32], SigningRoundOf<T>)> {
			let checkpoint = SigningCursor::<T>::get(target)?;
			let now = frame_system::Pallet::<T>::block_number();
			let (round, _, message) = Self::signing_round_at(target, checkpoint, now).ok()?;
			Some((checkpoint, message, round))
		}

		/// The group's verified signature of `checkpoint` for `target`, if recorded.
		pub fn signature(
			target: AnchorTarget,
			checkpoint: CheckpointNumber,
		) -> Option<GroupSignature<BlockNumberFor<T>>> {
			Signatures::<T>::get(checkpoint, target)
		}

		/// The group's coin on the Bitcoin `network`, if it anchors there.
		pub fn group_coin(network: BitcoinNetwork) -> Option<GroupCoin> {
			GroupCoins::<T>::get(network)
		}

		/// The group's signed Bitcoin anchor of `checkpoint` on `network`, if signed: the coin
		/// it spent, its fee and txid.
		pub fn btc_spend(
			network: BitcoinNetwork,
			checkpoint: CheckpointNumber,
		) -> Option<BtcSpend> {
			BtcSpends::<T>::get(checkpoint, network)
		}

		/// The checkpoint that covers `block`, if it is recorded (a binary search over the
		/// checkpoints: O(log n) reads).
		pub fn checkpoint_of_block(block: BlockNumberFor<T>) -> Option<CheckpointNumber> {
			let count = NextCheckpoint::<T>::get();
			let (mut lo, mut hi) = (0u64, count);
			while lo < hi {
				let mid = lo + (hi - lo) / 2;
				let c = Checkpoints::<T>::get(mid)?;
				if block < c.first_block {
					hi = mid;
				} else if block > c.last_block {
					lo = mid + 1;
				} else {
					return Some(mid);
				}
			}
			None
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `params` are valid rules: the interval is in `1..=MaxCheckpointInterval`,
	/// `liveness_period` is at least 1, `silent_after` at least `liveness_period` and
	/// `dkg_round_blocks` at least 1, `btc_fee` between 1 and `bitcoin::MAX_BTC_FEE`.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		let i: u64 = params.checkpoint_interval.unique_saturated_into();
		i >= 1
			&& i <= T::MaxCheckpointInterval::get() as u64
			&& !params.liveness_period.is_zero()
			&& params.silent_after >= params.liveness_period
			&& !params.dkg_round_blocks.is_zero()
			&& params.btc_fee >= 1
			&& params.btc_fee <= bitcoin::MAX_BTC_FEE
	}

	/// The most bonds kept at once: twice the most relayers (the listed ones, and as many
	/// removed ones waiting to withdraw).
	pub fn max_bonds() -> u32 {
		T::MaxRelayers::get().saturating_mul(2)
	}

	/// Checks that `relayer` may send a heartbeat now; returns its bond.
	pub fn check_heartbeat(relayer: &T::AccountId) -> Result<RelayerBondOf<T>, DispatchError> {
		let bond = RelayerBonds::<T>::get(relayer).ok_or(Error::<T>::NotBonded)?;
		ensure!(bond.unbonding_at.is_none(), Error::<T>::Unbonding);
		let now = frame_system::Pallet::<T>::block_number();
		let period = Parameters::<T>::get().liveness_period;
		ensure!(now >= bond.last_seen.saturating_add(period), Error::<T>::TooEarly);
		Ok(bond)
	}

	/// Whether a relayer with `bond` may sign at block `now` under `params`: the bond is
	/// `relayer_bond_age` blocks old, not unbonding, and its last sign of life is within
	/// `silent_after` blocks.
	pub fn bond_eligible(
		bond: &RelayerBondOf<T>,
		now: BlockNumberFor<T>,
		params: &ParamsOf<T>,
	) -> bool {
		bond.unbonding_at.is_none()
			&& now.saturating_sub(bond.since) >= params.relayer_bond_age
			&& now.saturating_sub(bond.last_seen) <= params.silent_after
	}

	/// The listed relayers eligible to sign now ([`Self::bond_eligible`]), most senior first:
	/// by bond block, then account. Reads one bond per listed relayer (at most `MaxRelayers`).
	pub fn eligible_relayers() -> Vec<T::AccountId> {
		let now = frame_system::Pallet::<T>::block_number();
		let params = Parameters::<T>::get();
		let mut eligible: Vec<(BlockNumberFor<T>, T::AccountId)> = Relayers::<T>::get()
			.into_iter()
			.filter_map(|who| {
				let bond = RelayerBonds::<T>::get(&who)?;
				Self::bond_eligible(&bond, now, &params).then_some((bond.since, who))
			})
			.collect();
		eligible.sort();
		eligible.into_iter().map(|(_, who)| who).collect()
	}

	/// Checks a relayer set and threshold: no duplicates; `1 <= threshold <= len` (any positive
	/// threshold with no relayer).
	pub fn check_relayers(relayers: &[T::AccountId], threshold: u32) -> Result<(), Error<T>> {
		ensure!(all_distinct(relayers.to_vec()), Error::<T>::DuplicateRelayer);
		let len = relayers.len() as u32;
		ensure!(threshold >= 1 && (len == 0 || threshold <= len), Error::<T>::InvalidThreshold);
		Ok(())
	}

	/// Checks a target list: no duplicates.
	pub fn check_targets(targets: &[AnchorTarget]) -> Result<(), Error<T>> {
		ensure!(all_distinct(targets.to_vec()), Error::<T>::DuplicateTarget);
		Ok(())
	}

	/// Checks that `relayer` may attest `checkpoint` on `target`; returns the attestations
	/// made so far.
	pub fn check_attest(
		relayer: &T::AccountId,
		checkpoint: CheckpointNumber,
		target: &AnchorTarget,
	) -> Result<AttestationsOf<T>, DispatchError> {
		ensure!(Relayers::<T>::get().contains(relayer), Error::<T>::NotRelayer);
		ensure!(Targets::<T>::get().contains(target), Error::<T>::UnknownTarget);
		ensure!(Checkpoints::<T>::contains_key(checkpoint), Error::<T>::UnknownCheckpoint);
		let attestations = Attestations::<T>::get(checkpoint, target);
		ensure!(!attestations.iter().any(|a| &a.relayer == relayer), Error::<T>::AlreadyAttested);
		Ok(attestations)
	}

	/// The message the group signs for checkpoint `checkpoint` on the Ethereum target
	/// `chain_id`, and the group key in force (its epoch and itself).
	pub fn eth_signing_message(
		checkpoint: CheckpointNumber,
		chain_id: u64,
	) -> Result<([u8; 32], KeyEpoch, GroupKeyOf<T>), DispatchError> {
		let c = Checkpoints::<T>::get(checkpoint).ok_or(Error::<T>::UnknownCheckpoint)?;
		let target = AnchorTarget::Ethereum { chain_id };
		ensure!(Targets::<T>::get().contains(&target), Error::<T>::UnknownTarget);
		let contract = EthContracts::<T>::get()
			.into_iter()
			.find(|(id, _)| *id == chain_id)
			.map(|(_, address)| address)
			.ok_or(Error::<T>::NoContract)?;
		let epoch = ActiveEpoch::<T>::get().ok_or(Error::<T>::NoGroupKey)?;
		let key = GroupKeys::<T>::get(epoch).ok_or(Error::<T>::NoGroupKey)?;
		// Block 0's hash: frame_system keeps it for ever.
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let message =
			signature::eth_anchor_message(genesis, chain_id, contract, checkpoint, c.root);
		Ok((message, epoch, key))
	}

	/// Checks that `sig` is the group key's signature of checkpoint `checkpoint`'s message for
	/// `target` ([`Self::signing_message`]), not yet recorded; returns the key's epoch.
	pub fn check_signature(
		checkpoint: CheckpointNumber,
		target: AnchorTarget,
		sig: &[u8; 64],
	) -> Result<KeyEpoch, DispatchError> {
		let (message, epoch, key) = Self::signing_message(checkpoint, target)?;
		ensure!(!Signatures::<T>::contains_key(checkpoint, target), Error::<T>::AlreadySigned);
		ensure!(SigningCursor::<T>::get(target) == Some(checkpoint), Error::<T>::NotNextCheckpoint);
		ensure!(signature::verify_bip340(&key.key_x, &message, sig), Error::<T>::BadSignature);
		Ok(epoch)
	}

	/// The `on_initialize` work: record a checkpoint when the one in progress is complete.
	pub(crate) fn maybe_record_checkpoint(now: BlockNumberFor<T>) -> Weight {
		let Some(first) = NextFirstBlock::<T>::get() else {
			// Added to a running chain: the first checkpoint starts at the parent block, the
			// newest whose hash is known.
			NextFirstBlock::<T>::put(now.saturating_sub(One::one()));
			return T::WeightInfo::on_initialize_idle();
		};
		let interval = Parameters::<T>::get().checkpoint_interval;
		let covered = now.saturating_sub(first);
		if covered < interval || covered.is_zero() {
			return T::WeightInfo::on_initialize_idle();
		}
		let last = now.saturating_sub(One::one());
		let blocks: u32 = covered.unique_saturated_into();
		let taken = Self::record_checkpoint(first, last, now);
		T::WeightInfo::on_initialize_checkpoint(blocks).saturating_add(taken)
	}

	/// Records the checkpoint of the blocks `first..=last` at block `now`; returns the weight of
	/// taking the contributors' digests (one read and one write each).
	fn record_checkpoint(
		first: BlockNumberFor<T>,
		last: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> Weight {
		let number = NextCheckpoint::<T>::get();
		let hashes = Self::range_hashes(first, last);
		let blocks_root = binary_merkle_tree::merkle_root::<Keccak256, _>(hashes.iter());
		let last_block_hash = hashes.last().copied().unwrap_or_default();

		let (digests, weight) = Self::take_digests();
		let digests_root =
			binary_merkle_tree::merkle_root::<Keccak256, _>(digests.iter().map(|d| d.encode()));
		let previous_root = number
			.checked_sub(1)
			.and_then(Checkpoints::<T>::get)
			.map(|c| c.root)
			.unwrap_or_default();
		let root = checkpoint_root(
			number,
			first.unique_saturated_into(),
			last.unique_saturated_into(),
			last_block_hash,
			blocks_root,
			digests_root,
			previous_root,
		);
		Checkpoints::<T>::insert(
			number,
			Checkpoint {
				number,
				first_block: first,
				last_block: last,
				recorded_at: now,
				last_block_hash,
				blocks_root,
				digests,
				digests_root,
				previous_root,
				root,
			},
		);
		NextCheckpoint::<T>::put(number.saturating_add(1));
		NextFirstBlock::<T>::put(now);
		Self::deposit_event(Event::CheckpointRecorded {
			number,
			first_block: first,
			last_block: last,
			root,
		});
		weight
	}

	/// Takes the running digest of every listed contributor, in the listed order (a zero
	/// digest for one that noted nothing), starting the next period's from zero; returns them
	/// with the weight used: one read and one write per listed contributor.
	fn take_digests() -> (BoundedVec<ContributedDigest, MaxContributors>, Weight) {
		let contributors = T::Contributors::get();
		let count = contributors.len() as u64;
		let digests: Vec<ContributedDigest> = contributors
			.into_iter()
			.map(|contributor| ContributedDigest {
				contributor,
				digest: PeriodDigests::<T>::take(contributor),
			})
			.collect();
		// As many as the contributors, whose list has the same bound: nothing is truncated.
		(BoundedVec::truncate_from(digests), T::DbWeight::get().reads_writes(count, count))
	}

	/// The hashes of the blocks `first..=last`, from `frame_system` (a zero hash for a block
	/// it no longer keeps).
	fn range_hashes(first: BlockNumberFor<T>, last: BlockNumberFor<T>) -> Vec<H256> {
		let mut hashes = Vec::new();
		let mut b = first;
		while b <= last {
			hashes.push(frame_system::Pallet::<T>::block_hash(b));
			b = b.saturating_add(One::one());
			if b.is_zero() {
				break;
			}
		}
		hashes
	}

	/// A checkpoint with its attestations and anchors on every target.
	pub fn checkpoint_info(number: CheckpointNumber) -> Option<CheckpointInfoOf<T>> {
		let checkpoint = Checkpoints::<T>::get(number)?;
		let mut targets: Vec<TargetStatus<_, _>> = Attestations::<T>::iter_prefix(number)
			.map(|(target, attestations)| TargetStatus {
				target,
				anchor: Anchors::<T>::get(number, target),
				attestations: attestations.into_inner(),
			})
			.collect();
		targets.sort_by_key(|a| a.target);
		Some(CheckpointInfo { checkpoint, targets })
	}

	/// The proof that `block`'s hash is in its checkpoint's `blocks_root`, computed from the
	/// block hashes `frame_system` keeps: call it at the state of the checkpoint's
	/// `recorded_at` block (or up to `BlockHashCount - MaxCheckpointInterval` blocks later).
	/// `None` when the block is not in a recorded checkpoint or its hashes are gone.
	pub fn block_proof(block: BlockNumberFor<T>) -> Option<BlockProof<BlockNumberFor<T>>> {
		let number = Self::checkpoint_of_block(block)?;
		let c = Checkpoints::<T>::get(number)?;
		let hashes = Self::range_hashes(c.first_block, c.last_block);
		if hashes.iter().any(|h| h.is_zero()) {
			return None;
		}
		let leaf_index: u32 = block.saturating_sub(c.first_block).unique_saturated_into();
		let number_of_leaves = hashes.len() as u32;
		if leaf_index >= number_of_leaves {
			return None;
		}
		let proof = binary_merkle_tree::merkle_proof::<Keccak256, _, _>(hashes.iter(), leaf_index);
		if proof.root != c.blocks_root {
			// The hashes read are not the ones the checkpoint was made of.
			return None;
		}
		Some(BlockProof {
			checkpoint: number,
			block_number: block,
			block_hash: hashes[leaf_index as usize],
			leaf_index,
			number_of_leaves,
			proof: proof.proof,
		})
	}

	/// The pallet's state: interval, progress, relayers, threshold, targets and the latest
	/// checkpoint anchored on each.
	pub fn anchoring_state() -> AnchoringStateOf<T> {
		AnchoringState {
			interval: Parameters::<T>::get().checkpoint_interval,
			next_checkpoint: NextCheckpoint::<T>::get(),
			next_first_block: NextFirstBlock::<T>::get(),
			relayers: Relayers::<T>::get().into_inner(),
			threshold: Threshold::<T>::get(),
			targets: Targets::<T>::get()
				.into_iter()
				.map(|t| (t, LatestAnchored::<T>::get(t)))
				.collect(),
		}
	}

	/// The invariants: checkpoints `0..NextCheckpoint` exist and cover contiguous ranges up to
	/// `NextFirstBlock`, each chained to the previous root with a root that matches its parts;
	/// every anchor has at least its threshold of attestations naming its reference; the relayer
	/// set and targets have no duplicates and the threshold is in range; the rules are valid;
	/// only listed contributors have a running digest; every bond is what Balances holds for
	/// it, seen no earlier than bonded, counted, and at most `2 × MaxRelayers` of them.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let count = NextCheckpoint::<T>::get();
		ensure!(
			Checkpoints::<T>::iter_keys().count() as u64 == count,
			"checkpoints are not exactly 0..NextCheckpoint"
		);
		let mut expected_first: Option<BlockNumberFor<T>> = None;
		let mut previous_root = H256::zero();
		for n in 0..count {
			let c = Checkpoints::<T>::get(n).ok_or("a checkpoint number is missing")?;
			ensure!(c.number == n, "a checkpoint is stored under another number");
			if let Some(first) = expected_first {
				ensure!(c.first_block == first, "checkpoints do not cover contiguous ranges");
			}
			ensure!(c.first_block <= c.last_block, "a checkpoint covers no block");
			ensure!(c.recorded_at == c.last_block + One::one(), "recorded_at is not last + 1");
			ensure!(
				c.previous_root == previous_root,
				"a checkpoint is not chained to the previous"
			);
			let digests_root = binary_merkle_tree::merkle_root::<Keccak256, _>(
				c.digests.iter().map(|d| d.encode()),
			);
			ensure!(c.digests_root == digests_root, "a checkpoint's digests_root is wrong");
			let root = checkpoint_root(
				c.number,
				c.first_block.unique_saturated_into(),
				c.last_block.unique_saturated_into(),
				c.last_block_hash,
				c.blocks_root,
				c.digests_root,
				c.previous_root,
			);
			ensure!(c.root == root, "a checkpoint's root does not match its parts");
			expected_first = Some(c.recorded_at);
			previous_root = c.root;
		}
		if let Some(first) = expected_first {
			ensure!(
				NextFirstBlock::<T>::get() == Some(first),
				"the checkpoint in progress does not follow the last one"
			);
		}
		for (checkpoint, target, anchor) in Anchors::<T>::iter() {
			ensure!(checkpoint < count, "an anchor of a checkpoint that does not exist");
			let matching = Attestations::<T>::get(checkpoint, target)
				.iter()
				.filter(|a| a.external == anchor.external)
				.count() as u32;
			ensure!(
				matching >= anchor.threshold && anchor.threshold >= 1,
				"an anchor has fewer matching attestations than its threshold"
			);
			ensure!(matching == anchor.attestations, "an anchor's attestation count is stale");
			ensure!(
				LatestAnchored::<T>::get(target).is_some_and(|l| l >= checkpoint),
				"LatestAnchored is behind an anchor"
			);
		}
		for (_, _, attestations) in Attestations::<T>::iter() {
			let relayers: Vec<_> = attestations.iter().map(|a| a.relayer.clone()).collect();
			ensure!(all_distinct(relayers), "a relayer attested twice");
		}
		Self::check_relayers(&Relayers::<T>::get(), Threshold::<T>::get())
			.map_err(|_| "the relayer set or the threshold is invalid")?;
		Self::check_targets(&Targets::<T>::get()).map_err(|_| "a target appears twice")?;
		ensure!(Self::params_valid(&Parameters::<T>::get()), "the interval is out of range");
		let contributors = T::Contributors::get();
		ensure!(
			PeriodDigests::<T>::iter_keys().all(|id| contributors.contains(&id)),
			"a digest is kept for a contributor that is not listed"
		);
		let mut bonds = 0u32;
		for (who, bond) in RelayerBonds::<T>::iter() {
			bonds += 1;
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::RelayerBond.into(), &who) == bond.amount,
				"a relayer's bond is not what is held"
			);
			ensure!(bond.since <= bond.last_seen, "a relayer was seen before it bonded");
		}
		ensure!(bonds == RelayerBonds::<T>::count(), "the bond counter is stale");
		ensure!(bonds <= Self::max_bonds(), "more bonds than 2 × MaxRelayers");
		Self::do_try_state_keygen()?;
		Self::do_try_state_signing()?;
		Self::do_try_state_bitcoin()
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// A new interval applies to the checkpoint in progress: if that already covers as many blocks,
// it is recorded in the next block.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameters
);
