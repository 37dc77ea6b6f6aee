//! Configuration of every pallet of the runtime, by domain, the way production runtimes split
//! theirs. The numbers of the economy are in [`crate::economy`], with a doc line each; the
//! files here wire the pallets together and name who may do what.

use super::*;
use crate::weights::{
	block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight,
	paritydb_weights::constants::ParityDbWeight,
};
use crate::{currency::*, economy::*, time::*};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit, HoldConsideration},
		tokens::{imbalance::ResolveTo, PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, ConstU64, Contains, EitherOf, EitherOfDiverse, EqualPrivilegeOnly,
		InstanceFilter, LinearStoragePrice, NeverEnsureOrigin, Nothing, OnUnbalanced,
	},
	weights::{
		constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, Weight, WeightToFeeCoefficient,
		WeightToFeeCoefficients, WeightToFeePolynomial,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureWithSuccess,
};
use metachain_primitives::parameters::ParameterKind;
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{Bounded, ConvertInto, IdentityLookup, OpaqueKeys},
	transaction_validity::TransactionPriority,
	FixedPointNumber, Perquintill,
};

pub mod anchoring;
pub mod classes;
pub mod consensus;
pub mod credit;
pub mod governance;
pub mod money;
pub mod musd;
pub mod session_turn;
pub mod system;

pub use anchoring::*;
pub use classes::*;
pub use consensus::*;
pub use credit::*;
pub use governance::*;
pub use money::*;
pub use musd::*;
pub use system::*;
