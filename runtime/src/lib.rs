//! # MetaChain runtime
//!
//! The state machine of MetaChain: a BABE + GRANDPA chain whose validators are chosen by stock
//! `pallet-staking` (NPoS), with MC as the native token (10 billion, never more) and every
//! reward paid out of the incentive pool. See `runtime/README.md` for the economy, the pallets
//! and their parameters.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` does a lot of recursion and requires us to increase the limit.
#![recursion_limit = "512"]

#[cfg(all(feature = "std", not(feature = "upgrade-test")))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
// The `upgrade-test` build writes its blob under another name (see `build.rs`).
#[cfg(all(feature = "std", feature = "upgrade-test"))]
include!(concat!(env!("OUT_DIR"), "/metachain_runtime_upgrade_test"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod economy;
pub mod genesis_config_presets;
pub mod voter_bags;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::{
	construct_runtime, derive_impl, parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8},
	weights::Weight,
	StorageValue,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;
pub use sp_runtime::{Perbill, Permill};

/// Primitive types shared by the runtime and the node.
pub mod primitives {
	use super::*;

	/// An index to a block.
	pub type BlockNumber = u32;
	/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
	pub type Signature = MultiSignature;
	/// Some way of identifying an account on the chain (the public key of the signature scheme).
	pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
	/// Balance of an account, in the smallest unit of MC (10^-12 MC).
	pub type Balance = u128;
	/// Index of a transaction in the chain.
	pub type Nonce = u32;
	/// A hash of some data used by the chain.
	pub type Hash = sp_core::H256;
	/// Milliseconds since the Unix epoch.
	pub type Moment = u64;
}
pub use primitives::*;

/// Token amounts, in the smallest unit.
pub mod currency {
	use super::Balance;

	/// Decimals of MC.
	pub const DECIMALS: u8 = 12;
	/// The symbol of the native token.
	pub const SYMBOL: &str = "MC";
	/// One MC.
	pub const MC: Balance = 1_000_000_000_000;
	/// A hundredth of an MC.
	pub const CENTS: Balance = MC / 100;
	/// A thousandth of an MC.
	pub const MILLI_MC: Balance = MC / 1_000;
	/// A millionth of an MC.
	pub const MICRO_MC: Balance = MC / 1_000_000;
	/// The total supply of MC: 10 billion, never more.
	pub const TOTAL_SUPPLY: Balance = 10_000_000_000 * MC;
	/// The existential deposit: an account holding less is reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = MC;

	/// A deposit for storing `items` items taking `bytes` bytes.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 20 * MC + (bytes as Balance) * 100 * MILLI_MC
	}
}

/// Time, in blocks and milliseconds.
pub mod time {
	use super::BlockNumber;

	/// The block time: one block every 6 seconds.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
	/// BABE slots last as long as a block.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	/// Blocks in a minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;

	/// 1 in 4 slots have a primary BABE slot leader (the rest get secondary VRF leaders).
	pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);
	/// The BABE epoch configuration at genesis.
	pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
		sp_consensus_babe::BabeEpochConfiguration {
			c: PRIMARY_PROBABILITY,
			allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
		};
}

/// The SS58 address prefix of MetaChain accounts (also the `ss58Format` chain property).
pub const SS58_PREFIX: u16 = 2210;

/// Opaque types: what the node sees without knowing the runtime's types.
pub mod opaque {
	use super::*;
	use sp_runtime::{generic, traits::Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: BABE for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
	}
}

/// The runtime version.
#[cfg(not(feature = "upgrade-test"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("metachain"),
	impl_name: alloc::borrow::Cow::Borrowed("metachain-node"),
	authoring_version: 1,
	// Bump on every change of the runtime's logic (and `UPGRADE_TEST_SPEC_VERSION` with it);
	// bump `transaction_version` whenever the encoding of calls or transaction extensions
	// changes.
	spec_version: 157,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 8,
	system_version: 1,
};

/// The runtime version of the `upgrade-test` build: this runtime with a `spec_version` one
/// higher, which the runtime-upgrade tests upgrade a running chain to.
#[cfg(feature = "upgrade-test")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("metachain"),
	impl_name: alloc::borrow::Cow::Borrowed("metachain-node"),
	authoring_version: 1,
	spec_version: 158,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 8,
	system_version: 1,
};

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions checked for every transaction. `CheckHeartbeat` refuses invalid
/// device heartbeats in the pool; `SkipCheckIfFeeless` lets valid ones through without a fee
/// (it keeps `ChargeTransactionPayment`'s identifier and payload, the tip); `CheckMetadataHash`
/// (RFC-0078, one byte: the mode) makes a transaction signed in mode 1 commit to the metadata
/// hash built into the Wasm (`build.rs`), so that what an offline signer shows its user cannot
/// be forged. `WeightReclaim` stays last. (A tuple of extensions has at most 12 items.)
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_credit::CheckHeartbeat<Runtime>,
	pallet_skip_feeless_payment::SkipCheckIfFeeless<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions of a transaction from an account at `nonce`, valid in `era`,
/// paying `tip`, committing to no metadata hash (`CheckMetadataHash` mode 0, what @polkadot/api
/// and subxt sign by default): the one tuple the node's benchmarks, the relayer and the tests
/// sign.
pub fn tx_extension(era: generic::Era, nonce: Nonce, tip: Balance) -> TxExtension {
	tx_extension_with(
		era,
		nonce,
		tip,
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
	)
}

/// As [`tx_extension`], committing to the metadata hash `metadata_hash` (`CheckMetadataHash`
/// mode 1, RFC-0078), as an offline signer does: valid only on a runtime whose Wasm was built
/// with that very hash.
pub fn tx_extension_with_metadata_hash(
	era: generic::Era,
	nonce: Nonce,
	tip: Balance,
	metadata_hash: [u8; 32],
) -> TxExtension {
	tx_extension_with(
		era,
		nonce,
		tip,
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new_with_custom_hash(
			metadata_hash,
		),
	)
}

fn tx_extension_with(
	era: generic::Era,
	nonce: Nonce,
	tip: Balance,
	metadata_hash: frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_credit::CheckHeartbeat::<Runtime>::new(),
		pallet_skip_feeless_payment::SkipCheckIfFeeless::from(
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		),
		metadata_hash,
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// What a signature commits to besides the call and the extensions: the runtime's
/// `spec_version` and `transaction_version`, the chain's genesis hash and the hash of the block
/// the transaction's era starts at (the genesis hash for an immortal transaction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningContext {
	/// `spec_version` of the runtime the transaction is for.
	pub spec_version: u32,
	/// `transaction_version` of the runtime the transaction is for.
	pub transaction_version: u32,
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The hash of the block the era starts at.
	pub era_start: Hash,
}

/// A transaction of `call` by `signer` with the extensions `tx_ext`, signed in `context` by
/// `sign` (which signs the payload bytes: a payload over 256 bytes is hashed first, as wallets
/// do). In `CheckMetadataHash` mode 1 the signature also commits to the extension's hash.
pub fn signed_transaction(
	call: RuntimeCall,
	signer: AccountId,
	tx_ext: TxExtension,
	context: SigningContext,
	sign: impl FnOnce(&[u8]) -> Signature,
) -> UncheckedExtrinsic {
	use codec::Encode;
	use sp_runtime::traits::TransactionExtension as _;
	// `CheckMetadataHash` commits to the hash its mode names: none in mode 0, in mode 1 the one
	// it was made with (`tx_extension_with_metadata_hash`). It reads no storage, and a made
	// (not decoded) extension in mode 1 always carries its hash. (The others' implicit data are
	// the context's: theirs read storage. The type pins the tuple position.)
	let check: &frame_metadata_hash_extension::CheckMetadataHash<Runtime> = &tx_ext.9;
	let metadata_hash = check.implicit().unwrap_or_default();
	let payload = SignedPayload::from_raw(
		call.clone(),
		tx_ext.clone(),
		(
			(),
			context.spec_version,
			context.transaction_version,
			context.genesis_hash,
			context.era_start,
			(),
			(),
			(),
			(),
			metadata_hash,
			(),
		),
	);
	let signature = payload.using_encoded(sign);
	UncheckedExtrinsic::new_signed(call, signer.into(), signature, tx_ext)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to apply on runtime upgrade, each guarded by its pallet's storage version.
pub type Migrations = (
	// spec_version 108 (issue 16, rules 6 and 7): the incentive pool's commitments carry their
	// era; the credit parameters gain `decay_floor`; pending replenishment income moves from the
	// delegation pallet to the pool.
	pallet_incentive_pool::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_credit::migrations::v1::MigrateV0ToV1<Runtime>,
	MovePendingReplenishment,
	// spec_version 109 (issue 16, rules 3 and 4): workload days record the cost basis of their
	// work; the workload parameters gain `work_reward_ratio`; the credit parameters gain
	// `invite_vesting_periods` and `reregister_cooldown`.
	pallet_workload::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_credit::migrations::v2::MigrateV1ToV2<Runtime, CreditRulesV2>,
	// spec_version 110 (issue 16, rule 1): the credit parameters gain `max_credit_multiplier`;
	// delegations count devices' weight (bonded MC times credit multiplier), the election adds
	// it in MC (`min_validator_backing` replaces `min_validator_credit` and `credit_to_vote`).
	pallet_credit::migrations::v3::MigrateV2ToV3<Runtime, CreditMultiplierV3>,
	pallet_credit_delegation::migrations::v1::MigrateV0ToV1<Runtime, ValidatorBackingV1>,
	// spec_version 111 (issue 16, rule 2): the credit parameters gain the slash penalties;
	// delegations record their slash debt.
	pallet_credit::migrations::v4::MigrateV3ToV4<Runtime, SlashPenaltiesV4>,
	pallet_credit_delegation::migrations::v2::MigrateV1ToV2<Runtime>,
	// spec_version 114 (issue 17, rule 2): the governance lanes become six classes with their
	// own rules; decisions record their confirmation. (The governance pallet's versions 1 and 2,
	// of spec_version 112, are applied on every chain that runs 112 and left the code with 114.)
	pallet_governance::migrations::v3::MigrateV2ToV3<Runtime, configs::DefaultGovernanceParameters>,
	// spec_version 116 (issue 18, rule 3): the candidate list (`CandidateList`, a new pallet)
	// needs no migration: CreditDelegation's candidate sweep enters every candidate within
	// `candidates / CandidateSweepPage` blocks of the upgrade.
	// spec_version 118 (issue 18, rule 1): the multi-phase election (`ElectionProviderMultiPhase`,
	// a new pallet: FRAME sets its storage version on the upgrade, its phase starts `Off`) and
	// CreditDelegation's `ElectionView` (empty until an election) need no migration.
	// spec_version 119: the approval-stake fallback registers its weight; no storage change.
	// spec_version 120 (issue 18, rule 2): `SessionRotation` (a new pallet, no storage) turns
	// the sessions; no migration.
	// spec_version 121 (issue 18, rule 5): the measured base weights, `MAX_STAKING_VOTERS`
	// 7,500 (an election's voters, and a winner's backers, at most 9,500: a snapshot or queued
	// solution of the old bound only exists mid-election, and no winner of the test networks has
	// 9,500 backers); the credit pallet drops an inviter's empty `OpenInvites` entry (entries
	// left empty by earlier versions are harmless and go when the inviter invites again).
	// spec_version 122 (issue 19, rule 3): heartbeat batches come from registered relays; the
	// credit parameters gain `relay_deposit` (`Relays` is new and starts empty).
	// spec_version 124 (issue 19, rules 2, 4 and 6; 123 was 122's upgrade-test build):
	// `submit_heartbeats` takes the `heavy` witness, `CreditApi::heartbeat_readiness`; the
	// testnet's device deposit is 100 MC in its genesis (a running chain keeps its
	// `DeviceDeposit` until governance sets it: devices registered at the old deposit keep it
	// held, which counts as bonded). No migration.
	// spec_version 125 (issue 19, rule 2): a heartbeat batch no longer declares nor charges
	// the delegation hook's light reads twice (its benchmark holds them). No storage change.
	// spec_version 127 (issue 19, rules 1 and 2; transaction_version 6): `submit_heartbeats`
	// takes a `HeartbeatWitness` (grouped, groups, heavy) and `CreditApi::heartbeat_readiness`
	// (version 4) answers classes. A delegating device's consecutive heartbeat moves it with
	// its validator's group (no write, no payment): its delegation's `period` may now lag its
	// bucket's, which is its device's last sign of life (read where needed). No migration: a
	// bucket opened from now on starts level with its validator's other live bucket; the two
	// live buckets of the upgrade's period may not be level, and their devices' heartbeats are
	// heavy until the next period.
	// spec_version 129 (128 was 127's upgrade-test build): a device that owes its validator's
	// slash is never grouped (its heartbeat takes the slash); a batch asks a group's readiness
	// once. No storage change.
	// spec_version 131 (130 was 129's upgrade-test build; issue 19, rule 1): a device's record
	// keeps its listeners' mark (`ListenerMark`, one byte appended): a quiet device's heartbeat
	// (it does not delegate) asks no listener, a steady one's skips `Departures`. No migration:
	// a record written before reads as `Listened` and gets its mark at its next heartbeat (so a
	// delegating device's first heartbeat after the upgrade is heavy, not grouped).
	// spec_version 133 (132 was 131's upgrade-test build; issue 21; transaction_version 7):
	// transactions carry `CheckMetadataHash` (RFC-0078, one byte) and the Wasm its metadata
	// hash; pallet view functions (metadata v16); heartbeat weights re-measured. No storage
	// change.
	// spec_version 135 (134 was 133's upgrade-test build; issue 19, rule 1): a delegating
	// device's record keeps its delegation's ticket (`ListenerMark::Grouped`, 84 bytes: the
	// validator, points, bucket period, reward and slash debts), kept equal to the delegation
	// on every write of it: its grouped heartbeat reads no delegation. No migration: a steady
	// record's next heartbeat is heavy and keeps its ticket.
	// spec_version 137 (136 was 135's upgrade-test build): the delegation pallet's try_state
	// also refuses a `Grouped` mark on a device answering for a validator it left. No storage
	// or logic change.
	// spec_version 139 (138 was 137's upgrade-test build; issue 19): the credit pallet's
	// heartbeat weights re-measured with the device record's full proof size (229 bytes). No
	// storage or logic change.
	pallet_credit::migrations::v5::MigrateV4ToV5<Runtime, RelayDepositV5>,
	// spec_version 149 (148 was 147's upgrade-test build; issue 20, rule 3): signing rounds
	// over extrinsics in pallet-anchoring (`sign_commit`, `sign_share`, `SigningCursor`,
	// `SigningRounds`; a bad share slashes the bond to the treasury); `set_eth_contract` takes
	// the contract's first checkpoint; a group key is kept with its compressed point (`key`).
	// Group keys locked before (only on local networks with t >= 2) no longer decode: removed,
	// so that a new key generation starts.
	ClearOldGroupKeys,
	// spec_version 151 (150 was 149's upgrade-test build; issue 20, rule 2 on Bitcoin;
	// transaction_version 8): the group signs each Bitcoin target's anchors from its coin
	// (`set_btc_coin`, `GroupCoins`, `BtcSpends`); the signing calls and `submit_signature`
	// take a target instead of a chain id; the anchoring rules gain `btc_fee`; a signing round
	// no longer stores its signers (derived from its commitments).
	// spec_version 153 (152 was 151's upgrade-test build): a signing round's exclusions end
	// after the next checkpoint (`excluded_at`); rounds stored before no longer decode and are
	// removed by the same migration (the next commitment opens a fresh round).
	// spec_version 155 (154 was 153's upgrade-test build): an attestation on a Bitcoin target
	// is weighed with its two extra reads. No storage change.
	// spec_version 157 (156 was 155's upgrade-test build): `btc_fee` is bounded at 100,000 sat.
	// No storage change (every preset's fee is 1,000 sat).
	AnchoringBitcoinV151,
);

frame_support::parameter_types! {
	/// The credit rules' invite vesting and re-registration cooldown given by the credit
	/// pallet's v2 migration: the testnet's.
	pub const CreditRulesV2: (pallet_credit::PeriodIndex, BlockNumber) =
		(economy::INVITE_VESTING_PERIODS, economy::REREGISTER_COOLDOWN);
	/// The credit multiplier given by the credit pallet's v3 migration: the testnet's.
	pub const CreditMultiplierV3: u32 = economy::MAX_CREDIT_MULTIPLIER;
	/// The device backing a candidate needs, given by the delegation pallet's v1 migration: the
	/// testnet's (0 until governance raises it).
	pub ValidatorBackingV1: Balance = economy::delegation_rules().min_validator_backing;
	/// The slash penalties given by the credit pallet's v4 migration: the testnet's.
	pub const SlashPenaltiesV4: (pallet_credit::CreditPoints, pallet_credit::CreditPoints) =
		(economy::SLASH_CREDIT_PENALTY, economy::INVITER_SLASH_PENALTY);
	/// The relay deposit given by the credit pallet's v5 migration: the testnet's.
	pub const RelayDepositV5: Balance = economy::RELAY_DEPOSIT;
}

/// Replenishment income waiting for the next era was kept by the delegation pallet
/// (`CreditDelegation::PendingReplenishment`, removed in spec_version 108); it is now the pool's
/// `PendingIncome`, split between devices and stakers. Moves any amount waiting; idempotent.
pub struct MovePendingReplenishment;
impl frame_support::traits::OnRuntimeUpgrade for MovePendingReplenishment {
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		let key =
			frame_support::storage::storage_prefix(b"CreditDelegation", b"PendingReplenishment");
		if let Some(pending) = frame_support::storage::unhashed::take::<Balance>(&key) {
			pallet_incentive_pool::PendingIncome::<Runtime>::mutate(|p| {
				*p = p.saturating_add(pending)
			});
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(2, 2)
	}
}

/// Removes the group keys that no longer decode (locked before spec_version 149, without their
/// compressed point) and, if the key in force is one, the active epoch: the relayers make a new
/// key. At most a few keys exist (one per key generation that locked in).
pub struct ClearOldGroupKeys;
impl frame_support::traits::OnRuntimeUpgrade for ClearOldGroupKeys {
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		let mut reads = 1u64;
		let mut writes = 0u64;
		let stale: Vec<pallet_anchoring::KeyEpoch> =
			pallet_anchoring::GroupKeys::<Runtime>::iter_keys()
				.filter(|epoch| {
					reads += 1;
					pallet_anchoring::GroupKeys::<Runtime>::try_get(epoch).is_err()
				})
				.collect();
		for epoch in &stale {
			pallet_anchoring::GroupKeys::<Runtime>::remove(epoch);
			writes += 1;
		}
		if pallet_anchoring::ActiveEpoch::<Runtime>::get().is_some_and(|e| stale.contains(&e)) {
			pallet_anchoring::ActiveEpoch::<Runtime>::kill();
			writes += 1;
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Gives the anchoring rules their Bitcoin fee (`economy::BTC_ANCHOR_FEE`) and removes the
/// signing rounds stored with their signers (the next commitment opens a fresh round). At most
/// `MaxTargets` rounds exist.
pub struct AnchoringBitcoinV151;
impl frame_support::traits::OnRuntimeUpgrade for AnchoringBitcoinV151 {
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		/// The anchoring rules before spec_version 151.
		#[derive(codec::Decode)]
		struct OldParams {
			checkpoint_interval: BlockNumber,
			relayer_bond_age: BlockNumber,
			liveness_period: BlockNumber,
			silent_after: BlockNumber,
			dkg_round_blocks: BlockNumber,
		}
		let mut reads = 1u64;
		let mut writes = 0u64;
		let key = pallet_anchoring::Parameters::<Runtime>::hashed_key();
		if pallet_anchoring::Parameters::<Runtime>::try_get().is_err() {
			let old = frame_support::storage::unhashed::get_raw(&key)
				.and_then(|raw| <OldParams as codec::Decode>::decode(&mut &raw[..]).ok());
			if let Some(old) = old {
				pallet_anchoring::Parameters::<Runtime>::put(pallet_anchoring::AnchoringParams {
					checkpoint_interval: old.checkpoint_interval,
					relayer_bond_age: old.relayer_bond_age,
					liveness_period: old.liveness_period,
					silent_after: old.silent_after,
					dkg_round_blocks: old.dkg_round_blocks,
					btc_fee: economy::BTC_ANCHOR_FEE,
				});
				writes += 1;
			}
		}
		let stale: Vec<pallet_anchoring::AnchorTarget> =
			pallet_anchoring::SigningRounds::<Runtime>::iter_keys()
				.filter(|target| {
					reads += 1;
					pallet_anchoring::SigningRounds::<Runtime>::try_get(target).is_err()
				})
				.collect();
		for target in &stale {
			pallet_anchoring::SigningRounds::<Runtime>::remove(target);
			writes += 1;
		}
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Executive: handles dispatch to the various pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: pallets in the order their hooks and genesis run.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	/// TracChain checkpoints. Right after System: its `on_initialize` closes the checkpoint of
	/// the blocks before this one before any reward pallet calculates in this block.
	#[runtime::pallet_index(36)]
	pub type Anchoring = pallet_anchoring;
	/// Genesis-fixed epoch, era and bonding lengths; before BABE and staking, which read them.
	#[runtime::pallet_index(1)]
	pub type ChainTiming = pallet_chain_timing;
	#[runtime::pallet_index(2)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(3)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Authorship = pallet_authorship;
	/// After Balances: its genesis seeds the reward pot from the funded pool.
	#[runtime::pallet_index(7)]
	pub type IncentivePool = pallet_incentive_pool;
	#[runtime::pallet_index(8)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(9)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(10)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;
	/// Turns the session where BABE's epoch ends, registering the measured weight of the turn
	/// (pallet-session's own hook would claim the whole block). Right after Session: the turn
	/// happens where Session's would have.
	#[runtime::pallet_index(40)]
	pub type SessionRotation = pallet_session_rotation;
	#[runtime::pallet_index(12)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(13)]
	pub type VoterList = pallet_bags_list<Instance1>;
	#[runtime::pallet_index(14)]
	pub type Treasury = pallet_treasury;
	#[runtime::pallet_index(15)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(16)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(17)]
	pub type Multisig = pallet_multisig;
	/// Development chain only: the `local_testnet` preset and the launch kit's testnet genesis set no key.
	#[runtime::pallet_index(18)]
	pub type Sudo = pallet_sudo;
	/// Devices, invitations and proof-of-credit scores.
	#[runtime::pallet_index(19)]
	pub type Credit = pallet_credit;
	/// Skips the fee of calls that declare themselves feeless (valid heartbeats).
	#[runtime::pallet_index(20)]
	pub type SkipFeelessPayment = pallet_skip_feeless_payment;
	/// The representative system: devices delegate credit to validators; proof-of-credit
	/// election; device rewards. After Staking and Credit: its genesis delegations need both.
	#[runtime::pallet_index(21)]
	pub type CreditDelegation = pallet_credit_delegation;
	/// The MC/USD price oracle MUSD is minted at.
	#[runtime::pallet_index(22)]
	pub type PriceOracle = pallet_price_oracle;
	/// MUSD stable points, services, orders and receipts.
	#[runtime::pallet_index(23)]
	pub type Musd = pallet_musd;
	/// Workload certificates and their daily settlement from the incentive pool. After
	/// IncentivePool: its genesis seeds the pot from the funded pool.
	#[runtime::pallet_index(24)]
	pub type Workload = pallet_workload;
	/// Preimages of proposals submitted by hash.
	#[runtime::pallet_index(25)]
	pub type Preimage = pallet_preimage;
	/// Dispatches approved proposals after their enactment delay.
	#[runtime::pallet_index(26)]
	pub type Scheduler = pallet_scheduler;
	/// The Foundation: long-term planning, arbitration, contributors' rewards.
	#[runtime::pallet_index(27)]
	pub type Foundation = pallet_collective<Instance1>;
	/// The Foundation's members (changed by referendum only).
	#[runtime::pallet_index(28)]
	pub type FoundationMembership = pallet_membership<Instance1>;
	/// The Technical Committee: technical optimisation and upgrades.
	#[runtime::pallet_index(29)]
	pub type TechnicalCommittee = pallet_collective<Instance2>;
	/// The Technical Committee's members.
	#[runtime::pallet_index(30)]
	pub type TechnicalMembership = pallet_membership<Instance2>;
	/// The Community Committee: daily community operations.
	#[runtime::pallet_index(31)]
	pub type CommunityCommittee = pallet_collective<Instance3>;
	/// The Community Committee's members.
	#[runtime::pallet_index(32)]
	pub type CommunityMembership = pallet_membership<Instance3>;
	/// The Ecosystem Construction Committee: ecosystem proposals.
	#[runtime::pallet_index(33)]
	pub type EcosystemCommittee = pallet_collective<Instance4>;
	/// The Ecosystem Committee's members.
	#[runtime::pallet_index(34)]
	pub type EcosystemMembership = pallet_membership<Instance4>;
	/// Stake-weighted referenda and the joint upgrade approval. After Staking: its genesis
	/// counts the genesis stakers.
	#[runtime::pallet_index(35)]
	pub type Governance = pallet_governance;
	/// The one call that changes any governable number of the pallets above, by the origin its
	/// kind requires.
	#[runtime::pallet_index(37)]
	pub type Parameters = pallet_chain_parameters;
	/// Validator candidates ordered by merit (stake plus device weight): the election reads its
	/// targets from the top. Entered and refreshed by CreditDelegation's candidate sweep.
	#[runtime::pallet_index(38)]
	pub type CandidateList = pallet_bags_list<Instance2>;
	/// The multi-phase election: the snapshot before each era's election, validators' off-chain
	/// solutions, the fallback. After Session, whose rotation asks for the result.
	#[runtime::pallet_index(39)]
	pub type ElectionProviderMultiPhase = pallet_election_provider_multi_phase;
}
