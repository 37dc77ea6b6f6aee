//! TracChain anchoring: checkpoints recorded on Ethereum and Bitcoin.

use super::*;
use frame_support::BoundedVec;
use metachain_primitives::digest::ContributorId;

// ---------------------------------------------------------------------------------------------
// TracChain anchoring: checkpoints recorded on Ethereum and Bitcoin
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// The anchoring rules where genesis sets none ([`crate::economy::anchoring_rules`]).
	pub DefaultAnchoringParameters: pallet_anchoring::ParamsOf<Runtime> =
		crate::economy::anchoring_rules();
	/// The reward pallets whose digests every checkpoint carries, in this order: era emissions
	/// (`IncentivePool`), device rewards (`CreditDelegation`), workload days (`Workload`).
	pub CheckpointContributors: BoundedVec<ContributorId, pallet_anchoring::MaxContributors> =
		BoundedVec::truncate_from(alloc::vec![*b"incentiv", *b"delegate", *b"workload"]);
}

/// The largest checkpoint interval: 1200 blocks, below `BlockHashCount` (2400), whose block
/// hashes a checkpoint reads.
pub const MAX_CHECKPOINT_INTERVAL: u32 = 1200;

impl pallet_anchoring::Config for Runtime {
	/// Relayers, threshold and targets: a referendum or Technical 2/3.
	type RelayerOrigin = ReferendumOrTechnical;
	/// The reward pallets' digests: era emissions, device rewards, workload days.
	type Contributors = CheckpointContributors;
	type MaxRelayers = ConstU32<16>;
	type MaxTargets = ConstU32<8>;
	type MaxCheckpointInterval = ConstU32<MAX_CHECKPOINT_INTERVAL>;
	type DefaultParameters = DefaultAnchoringParameters;
	/// Bonds are MC held by Balances (`RuntimeHoldReason::Anchoring(RelayerBond)`).
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinRelayerBond = ConstU128<{ crate::economy::MIN_RELAYER_BOND }>;
	type RelayerUnbondDelay = ConstU32<{ crate::economy::RELAYER_UNBOND_DELAY }>;
	/// A relayer's bond slashed for a bad signature share goes to the treasury.
	type SlashBeneficiary = TreasuryAccount;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
}
