//! Types of the credit pallet: devices, invitations, parameters, heartbeats.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, SaturatedConversion},
	Perbill,
};

/// Credit points (a device's score).
pub type CreditPoints = u32;

/// Index of a credit period (a day on the testnet, a few blocks on the development chain).
pub type PeriodIndex = u32;

/// What a device is.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum DeviceKind {
	/// A decentralized-VPN client.
	DvpnClient,
	/// A smart home gateway.
	SmartGateway,
}

/// A registered device.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Device<AccountId, Balance, BlockNumber> {
	/// What the device is.
	pub kind: DeviceKind,
	/// Credit as of the end of period [`Self::decayed_through`]; the effective credit of a later
	/// period subtracts the decay of the full periods since (see `Pallet::effective_credit`).
	pub credit: CreditPoints,
	/// The highest credit the device ever had: replenishment cannot go above it.
	pub highest: CreditPoints,
	/// The period the device registered in.
	pub registered_period: PeriodIndex,
	/// The period of the last heartbeat, if any.
	pub last_heartbeat: Option<PeriodIndex>,
	/// Decay has been applied to [`Self::credit`] for every period up to and including this one.
	pub decayed_through: PeriodIndex,
	/// Who invited the device; `None` when the configuration origin (governance) did, or it was
	/// seeded at genesis.
	pub inviter: Option<AccountId>,
	/// The collateral held for the device.
	pub deposit: Balance,
	/// The block the device registered at.
	pub registered_at: BlockNumber,
	/// Set by `deregister`: from this block on the deposit can be withdrawn. A device with this
	/// set is no longer active (no heartbeats, no credit, no invitations).
	pub unbonding_until: Option<BlockNumber>,
	/// Inviter bonus received in [`Self::bonus_period`].
	pub bonus_in_period: CreditPoints,
	/// The period [`Self::bonus_in_period`] refers to.
	pub bonus_period: PeriodIndex,
	/// Work credit received in [`Self::work_period`].
	pub work_in_period: CreditPoints,
	/// The period [`Self::work_in_period`] refers to.
	pub work_period: PeriodIndex,
}

impl<AccountId, Balance, BlockNumber> Device<AccountId, Balance, BlockNumber> {
	/// Whether the device is active: registered and not deregistering.
	pub fn is_active(&self) -> bool {
		self.unbonding_until.is_none()
	}

	/// The period decay counts from: the last heartbeat, or registration if none.
	pub fn anchor_period(&self) -> PeriodIndex {
		self.last_heartbeat.unwrap_or(self.registered_period)
	}
}

/// An open invitation to register a device.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Invitation<AccountId, BlockNumber> {
	/// The inviting device; `None` for the configuration origin.
	pub inviter: Option<AccountId>,
	/// The invitation cannot be used from this block on.
	pub expires_at: BlockNumber,
}

/// How periods map to blocks: period `start_index` began at `start_block`, and every period
/// lasts `length` blocks. Changing the period length starts a new anchor, so period indices
/// never go back.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PeriodAnchor<BlockNumber> {
	/// The block the anchored period started at.
	pub start_block: BlockNumber,
	/// The index of that period.
	pub start_index: PeriodIndex,
	/// Blocks per period.
	pub length: BlockNumber,
}

impl<BlockNumber: AtLeast32BitUnsigned + Copy> PeriodAnchor<BlockNumber> {
	/// Periods of `length` blocks from genesis: period 0 starts at block 0.
	pub fn from_genesis(length: BlockNumber) -> Self {
		Self { start_block: BlockNumber::zero(), start_index: 0, length }
	}

	/// Periods of `length` blocks from block `now` on, numbered from the one after `current`
	/// (what a new period length starts).
	pub fn restart(now: BlockNumber, current: PeriodIndex, length: BlockNumber) -> Self {
		Self { start_block: now, start_index: current.saturating_add(1), length }
	}

	/// The index of the period block `n` is in (a zero length counts as one block).
	pub fn index_at(&self, n: BlockNumber) -> PeriodIndex {
		let length = self.length.max(BlockNumber::one());
		let elapsed: u32 = (n.saturating_sub(self.start_block) / length).saturated_into();
		self.start_index.saturating_add(elapsed)
	}

	/// Blocks from `n` to the end of its period (at least 1).
	pub fn blocks_left_at(&self, n: BlockNumber) -> BlockNumber {
		let length = self.length.max(BlockNumber::one());
		let into = n.saturating_sub(self.start_block) % length;
		length.saturating_sub(into).max(BlockNumber::one())
	}
}

/// Every number of the credit rules. Kept in storage, set at genesis, changed by the
/// configuration origin (see `set_parameter`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreditParams<Balance, BlockNumber> {
	/// Collateral held while a device is registered.
	pub device_deposit: Balance,
	/// Blocks between `deregister` and `withdraw_deposit`.
	pub deregister_delay: BlockNumber,
	/// Least effective credit a device needs to invite.
	pub min_inviter_credit: CreditPoints,
	/// Blocks an invitation stays open.
	pub invite_expiry: BlockNumber,
	/// Most invitations a device may have open at once.
	pub max_open_invites: u32,
	/// Credit of a newly registered device (its "basic computing power").
	pub initial_credit: CreditPoints,
	/// Credit the inviter gains when its invitee registers.
	pub inviter_bonus: CreditPoints,
	/// Most inviter bonus a device may gain in one credit period.
	pub max_inviter_bonus_per_period: CreditPoints,
	/// Blocks per credit period.
	pub credit_period: BlockNumber,
	/// Credit gained by a period with a heartbeat.
	pub uptime_credit: CreditPoints,
	/// Credit never exceeds this.
	pub max_credit: CreditPoints,
	/// Most credit from work (other pallets) per device and period.
	pub max_work_credit_per_period: CreditPoints,
	/// Credit lost per full period without a heartbeat, after the grace periods.
	pub decay_per_period: CreditPoints,
	/// Full periods without a heartbeat that cost nothing.
	pub decay_grace_periods: u32,
	/// Credit points per level.
	pub credit_per_level: CreditPoints,
	/// Least credit that earns rewards and may delegate.
	pub min_reward_credit: CreditPoints,
	/// MC per credit point bought back with `replenish_credit`.
	pub credit_price: Balance,
	/// Share of the replenishment price that goes to the incentive pool; the rest is burnt.
	pub replenish_reward_share: Perbill,
}

/// One parameter of [`CreditParams`] with its new value, for `set_parameter`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum CreditParameter<Balance, BlockNumber> {
	/// [`CreditParams::device_deposit`].
	DeviceDeposit(Balance),
	/// [`CreditParams::deregister_delay`].
	DeregisterDelay(BlockNumber),
	/// [`CreditParams::min_inviter_credit`].
	MinInviterCredit(CreditPoints),
	/// [`CreditParams::invite_expiry`].
	InviteExpiry(BlockNumber),
	/// [`CreditParams::max_open_invites`].
	MaxOpenInvites(u32),
	/// [`CreditParams::initial_credit`].
	InitialCredit(CreditPoints),
	/// [`CreditParams::inviter_bonus`].
	InviterBonus(CreditPoints),
	/// [`CreditParams::max_inviter_bonus_per_period`].
	MaxInviterBonusPerPeriod(CreditPoints),
	/// [`CreditParams::credit_period`].
	CreditPeriod(BlockNumber),
	/// [`CreditParams::uptime_credit`].
	UptimeCredit(CreditPoints),
	/// [`CreditParams::max_credit`].
	MaxCredit(CreditPoints),
	/// [`CreditParams::max_work_credit_per_period`].
	MaxWorkCreditPerPeriod(CreditPoints),
	/// [`CreditParams::decay_per_period`].
	DecayPerPeriod(CreditPoints),
	/// [`CreditParams::decay_grace_periods`].
	DecayGracePeriods(u32),
	/// [`CreditParams::credit_per_level`].
	CreditPerLevel(CreditPoints),
	/// [`CreditParams::min_reward_credit`].
	MinRewardCredit(CreditPoints),
	/// [`CreditParams::credit_price`].
	CreditPrice(Balance),
	/// [`CreditParams::replenish_reward_share`].
	ReplenishRewardShare(Perbill),
}

/// Whether a parameter is economic (prices, deposits, reward shares) or technical; governance
/// may route them to different origins.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParameterKind {
	/// Prices, deposits and shares of MC.
	Economic,
	/// Everything else: periods, credit amounts, limits.
	Technical,
}

impl<Balance, BlockNumber> CreditParameter<Balance, BlockNumber> {
	/// Whether this parameter is economic or technical.
	pub fn kind(&self) -> ParameterKind {
		match self {
			Self::DeviceDeposit(_) | Self::CreditPrice(_) | Self::ReplenishRewardShare(_) => {
				ParameterKind::Economic
			}
			_ => ParameterKind::Technical,
		}
	}
}

impl<Balance, BlockNumber> CreditParams<Balance, BlockNumber> {
	/// Replace one parameter.
	pub fn apply(&mut self, p: CreditParameter<Balance, BlockNumber>) {
		use CreditParameter::*;
		match p {
			DeviceDeposit(v) => self.device_deposit = v,
			DeregisterDelay(v) => self.deregister_delay = v,
			MinInviterCredit(v) => self.min_inviter_credit = v,
			InviteExpiry(v) => self.invite_expiry = v,
			MaxOpenInvites(v) => self.max_open_invites = v,
			InitialCredit(v) => self.initial_credit = v,
			InviterBonus(v) => self.inviter_bonus = v,
			MaxInviterBonusPerPeriod(v) => self.max_inviter_bonus_per_period = v,
			CreditPeriod(v) => self.credit_period = v,
			UptimeCredit(v) => self.uptime_credit = v,
			MaxCredit(v) => self.max_credit = v,
			MaxWorkCreditPerPeriod(v) => self.max_work_credit_per_period = v,
			DecayPerPeriod(v) => self.decay_per_period = v,
			DecayGracePeriods(v) => self.decay_grace_periods = v,
			CreditPerLevel(v) => self.credit_per_level = v,
			MinRewardCredit(v) => self.min_reward_credit = v,
			CreditPrice(v) => self.credit_price = v,
			ReplenishRewardShare(v) => self.replenish_reward_share = v,
		}
	}
}

/// A device's credit as other pallets see it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct CreditSnapshot {
	/// Effective credit when the snapshot was taken.
	pub credit: CreditPoints,
	/// The period of the last heartbeat, if any.
	pub last_heartbeat: Option<PeriodIndex>,
	/// The period the device last showed it is alive: its last heartbeat, or its registration
	/// if it has sent none.
	pub anchor: PeriodIndex,
	/// Registered and not deregistering.
	pub active: bool,
}

/// A heartbeat signed by a device, carried with others in one `submit_heartbeats` transaction.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct SignedHeartbeat<AccountId, Signature> {
	/// The device.
	pub device: AccountId,
	/// The period the heartbeat is for: the current one.
	pub period: PeriodIndex,
	/// The device's signature of [`heartbeat_payload`](crate::heartbeat_payload).
	pub signature: Signature,
}

/// Why a device earned work credit (an 8-byte tag chosen by the awarding pallet, e.g.
/// `*b"workload"`).
pub type WorkReason = [u8; 8];

/// A device as clients see it, with its credit computed for the current period.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DeviceInfo<AccountId, Balance, BlockNumber> {
	/// What the device is.
	pub kind: DeviceKind,
	/// Effective credit now (decay applied).
	pub credit: CreditPoints,
	/// Level now: credit / `CreditPerLevel`.
	pub level: u32,
	/// The highest credit the device ever had.
	pub highest: CreditPoints,
	/// The period of its last heartbeat, if any.
	pub last_heartbeat: Option<PeriodIndex>,
	/// The period it registered in.
	pub registered_period: PeriodIndex,
	/// Who invited it (`None`: governance or genesis).
	pub inviter: Option<AccountId>,
	/// The collateral held.
	pub deposit: Balance,
	/// The block it registered at.
	pub registered_at: BlockNumber,
	/// When deregistering: the block its deposit unlocks at.
	pub unbonding_until: Option<BlockNumber>,
	/// Active and at least `MinRewardCredit`: earns rewards, may delegate.
	pub meets_reward_threshold: bool,
	/// Points it can still replenish (up to its highest credit).
	pub max_replenishable: CreditPoints,
	/// Whether it may send a heartbeat now.
	pub can_heartbeat: bool,
}
