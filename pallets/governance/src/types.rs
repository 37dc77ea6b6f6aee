//! The types of the governance pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::Perbill;

/// The number of a referendum, from 0 in the order of submission.
pub type ReferendumIndex = u32;

/// The classes of proposals, from the least to the most strict. Each class decides one
/// referendum at a time, with its own [`ClassRules`]; the runtime classes a proposal from the
/// calls it makes, wherever they are nested ([`crate::Config::Classify`]), the strictest
/// class of any of them winning. The encoding keeps the indices of the two lanes the classes
/// replaced (general 0, upgrade 1).
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Serialize, Deserialize)]
pub enum Class {
	/// Every call not in a stricter class.
	#[codec(index = 0)]
	General,
	/// Changes of the chain's parameters (other than the rules of referenda) and of pallets'
	/// configuration.
	#[codec(index = 2)]
	Parameter,
	/// Treasury spends beyond the bodies' budgets.
	#[codec(index = 3)]
	Spend,
	/// The membership of the bodies, the validator set's administration and slashes.
	#[codec(index = 4)]
	Membership,
	/// Runtime upgrades (code).
	#[codec(index = 1)]
	Upgrade,
	/// Anything that touches `sudo` or `system` storage, forces balances, the rules of referenda
	/// or the scheduler's agenda; every call the runtime does not list.
	#[codec(index = 5)]
	Root,
}

impl Class {
	/// Every class, from the least to the most strict (the order hooks visit them).
	pub const ALL: [Class; 6] = [
		Class::General,
		Class::Parameter,
		Class::Spend,
		Class::Membership,
		Class::Upgrade,
		Class::Root,
	];

	/// The class's rules among `params`.
	pub fn rules<Balance, BlockNumber: Copy>(
		self,
		params: &GovernanceParams<Balance, BlockNumber>,
	) -> ClassRules<BlockNumber> {
		match self {
			Class::General => params.general,
			Class::Parameter => params.parameter,
			Class::Spend => params.spend,
			Class::Membership => params.membership,
			Class::Upgrade => params.upgrade,
			Class::Root => params.root,
		}
	}
}

/// How a referendum of one class passes, and when it is enacted.
///
/// A referendum is *passing* while more than `turnout` of its electorate voted (ayes and nays)
/// and more than `approval` of the votes cast are ayes. It is approved once it has been passing
/// without a break for `confirmation` blocks, and enacted `enactment_delay` blocks later.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClassRules<BlockNumber> {
	/// More than this share of the electorate (all bonded MC counted) must vote.
	pub turnout: Perbill,
	/// More than this share of the votes cast must be ayes (at least 50%).
	pub approval: Perbill,
	/// Blocks a referendum must keep passing before it is approved.
	pub confirmation: BlockNumber,
	/// Blocks between approval and enactment (positive).
	pub enactment_delay: BlockNumber,
}

/// A body that spends from the treasury within a budget per spend period.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Spender {
	/// The Foundation.
	Foundation,
	/// The Technical Committee.
	Technical,
	/// The Community Committee.
	Community,
	/// The Ecosystem Construction Committee.
	Ecosystem,
}

/// What a body spent from the treasury in one spend period.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct PeriodSpending<Balance> {
	/// The spend period (the block number divided by the period's length).
	pub period: u32,
	/// MC spent in it.
	pub spent: Balance,
}

/// The two bodies whose joint approval authorizes a runtime upgrade without a referendum.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Body {
	/// The Technical Committee (two thirds of its members).
	Technical,
	/// The Foundation (two thirds of its members).
	Foundation,
}

impl Body {
	/// The other body of the pair.
	pub fn other(self) -> Body {
		match self {
			Body::Technical => Body::Foundation,
			Body::Foundation => Body::Technical,
		}
	}
}

/// Bonded MC voting aye and nay.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct Tally<Balance> {
	/// Bonded MC of the ayes.
	pub ayes: Balance,
	/// Bonded MC of the nays.
	pub nays: Balance,
}

/// Where an ongoing referendum is.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Phase<Balance, BlockNumber> {
	/// Waiting in its class's queue.
	Queued,
	/// Being voted on, from `since` until `deadline`, against `electorate`: all bonded MC in
	/// count `count`, the last complete count when the decision started. A vote weighs no more
	/// than its voter's stake in that same count, so votes and electorate are measured at one
	/// moment.
	Deciding {
		/// The block the decision started.
		since: BlockNumber,
		/// The block at which, if not decided before, the referendum is concluded.
		deadline: BlockNumber,
		/// All bonded MC in `count`: the ayes must be more than half of it.
		electorate: Balance,
		/// The count the decision is measured against ([`crate::CountedStake`]); `None` only
		/// for a decision that started before storage version 2, whose votes weigh their
		/// voters' bonded MC as they did then.
		count: Option<CountId>,
		/// The block since which the referendum has been passing without a break (its
		/// confirmation period runs from it); `None` while it is not passing.
		confirming: Option<BlockNumber>,
	},
}

/// An ongoing (queued or deciding) referendum.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Referendum<AccountId, Balance, BlockNumber, Call> {
	/// Who submitted it; their deposit is held until the end.
	pub proposer: AccountId,
	/// The deposit held from the proposer: returned when the referendum passes or is
	/// cancelled, moved to the treasury when it is rejected.
	pub deposit: Balance,
	/// The call enacted, as root, when it passes.
	pub proposal: Call,
	/// The class it is decided in (from the proposal).
	pub class: Class,
	/// The voting period the proposer chose.
	pub voting_period: BlockNumber,
	/// The block it was submitted.
	pub submitted: BlockNumber,
	/// Fast-tracked by the Technical Committee: enacted in the next block once approved.
	pub fast_tracked: bool,
	/// Urgent ([`crate::Config::Urgent`]: a veto of a jointly approved upgrade): queued at
	/// the head of its class, and while it is ongoing no jointly approved upgrade is
	/// authorized.
	pub urgent: bool,
	/// Queued or deciding.
	pub phase: Phase<Balance, BlockNumber>,
	/// The votes so far.
	pub tally: Tally<Balance>,
}

/// How a referendum ended.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
	/// Passed: its proposal was scheduled for enactment.
	Approved,
	/// Not passed by its deadline: its deposit went to the treasury.
	Rejected,
	/// Cancelled by the Technical Committee: its deposit was returned.
	Cancelled,
}

/// The record kept of an ended referendum (so voters can see the result and unlock).
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EndedReferendum<Balance, BlockNumber> {
	/// How it ended.
	pub outcome: Outcome,
	/// The class it was in.
	pub class: Class,
	/// The block it ended.
	pub at: BlockNumber,
	/// The final tally.
	pub tally: Tally<Balance>,
}

/// One of an account's votes; its `amount` stays frozen until the vote is removed.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct VoteRecord<Balance> {
	/// The referendum voted on.
	pub index: ReferendumIndex,
	/// Aye or nay.
	pub aye: bool,
	/// The voter's bonded MC when the vote was cast: its weight.
	pub amount: Balance,
}

/// The number of a count of the staking ledgers (the genesis count is 0).
pub type CountId = u32;

/// The most counts waiting to have their per-staker records removed. A count starts only when
/// none is waiting, and between two starts at most seven become stale (the previous count and
/// the counts of six ended decisions, one per class).
pub const MAX_STALE_COUNTS: u32 = 8;

/// All bonded MC, as counted by the last complete count of the staking ledgers.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct StakeCount<Balance, BlockNumber> {
	/// The bonded (active) MC of every staker.
	pub total: Balance,
	/// How many stakers were counted.
	pub stakers: u32,
	/// The block the count finished.
	pub counted_at: BlockNumber,
	/// The count's number; each staker's part is kept in [`crate::CountedStake`] under it.
	pub id: CountId,
}

/// A count of the staking ledgers under way, a page per block.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct CountProgress<Balance> {
	/// The bonded MC counted so far.
	pub total: Balance,
	/// The stakers counted so far.
	pub stakers: u32,
	/// Where the next page starts (the storage key of the last ledger counted).
	pub cursor: StakeCursor,
	/// The count's number.
	pub id: CountId,
}

/// The position of a count in the staking ledgers: a raw storage key.
pub type StakeCursor = BoundedVec<u8, ConstU32<MAX_CURSOR_LEN>>;

/// The longest cursor (raw storage key) a count keeps.
pub const MAX_CURSOR_LEN: u32 = 128;

/// One page of a count of the staking ledgers.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CountPage<Balance> {
	/// The bonded (active) MC of the stakers of the page.
	pub total: Balance,
	/// How many stakers the page counted.
	pub counted: u32,
	/// Where the next page starts; `None` when the page reached the last staker.
	pub next: Option<StakeCursor>,
}

/// The joint approval of a runtime upgrade by one of the two bodies, waiting for the other.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct UpgradeApproval<Hash, BlockNumber> {
	/// The hash of the runtime code approved.
	pub code_hash: Hash,
	/// The body that approved it.
	pub by: Body,
	/// The block it approved it.
	pub at: BlockNumber,
}

/// A runtime upgrade both bodies approved, waiting out the veto delay.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct JointUpgrade<Hash, BlockNumber> {
	/// The hash of the runtime code approved.
	pub code_hash: Hash,
	/// The block at which `frame_system` authorizes it, unless a referendum vetoed it.
	pub authorize_at: BlockNumber,
}

metachain_primitives::parameter_set! {
	/// The rules' numbers, set at genesis and changed through `pallet-chain-parameters` (a
	/// referendum only: every field is of kind `Governance`).
	pub struct GovernanceParams<Balance, BlockNumber>;
	/// One governance parameter with its value.
	pub enum GovernanceParameter {
		/// Held from a proposer while the referendum runs.
		submission_deposit: Balance => SubmissionDeposit(Governance),
		/// The shortest voting period a proposer may choose (1 day on the production chains).
		min_voting_period: BlockNumber => MinVotingPeriod(Governance),
		/// The longest voting period a proposer may choose (7 days on the production chains).
		max_voting_period: BlockNumber => MaxVotingPeriod(Governance),
		/// Blocks between the second of the Technical Committee's and the Foundation's joint
		/// approvals of an upgrade and its authorization, during which a referendum may veto
		/// it (at least `min_voting_period`, so that a veto can be decided in time).
		joint_upgrade_delay: BlockNumber => JointUpgradeDelay(Governance),
		/// The rules of [`Class::General`] referenda.
		general: ClassRules<BlockNumber> => GeneralRules(Governance),
		/// The rules of [`Class::Parameter`] referenda.
		parameter: ClassRules<BlockNumber> => ParameterRules(Governance),
		/// The rules of [`Class::Spend`] referenda.
		spend: ClassRules<BlockNumber> => SpendRules(Governance),
		/// The rules of [`Class::Membership`] referenda.
		membership: ClassRules<BlockNumber> => MembershipRules(Governance),
		/// The rules of [`Class::Upgrade`] referenda.
		upgrade: ClassRules<BlockNumber> => UpgradeRules(Governance),
		/// The rules of [`Class::Root`] referenda.
		root: ClassRules<BlockNumber> => RootRules(Governance),
	}
}
