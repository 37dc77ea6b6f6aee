//! Types of the credit pallet: devices, invitations, parameters, heartbeats.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use metachain_primitives::credit::{CreditPoints, DeviceKind, ListenerMark, PeriodIndex};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

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
	/// Who invited the device; `None` when `InviteOrigin` (governance) did, or it was seeded at
	/// genesis.
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
	/// What the credit listeners answered at the device's last heartbeat, or
	/// [`ListenerMark::Listened`] since one of them started holding something about it
	/// (`CreditInspect::listen`): a [`ListenerMark::Quiet`] device's heartbeats ask no
	/// listener, a [`ListenerMark::Grouped`] one's are asked from the ticket kept here
	/// (`CreditInspect::keep_ticket`). Last (one byte, 85 with a ticket): a record written
	/// before it existed reads as `Listened`.
	pub listeners: ListenerMark<AccountId>,
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
	/// The inviting device; `None` for `InviteOrigin` (governance).
	pub inviter: Option<AccountId>,
	/// The invitation cannot be used from this block on.
	pub expires_at: BlockNumber,
}

metachain_primitives::parameter_set! {
	/// Every number of the credit rules. Kept in storage, set at genesis, changed one at a time
	/// through `pallet-chain-parameters` (see [`GovernedParameters`]).
	///
	/// [`GovernedParameters`]: metachain_primitives::parameters::GovernedParameters
	pub struct CreditParams<Balance, BlockNumber>;
	/// One parameter of [`CreditParams`] with its new value (the `Credit` variant of the
	/// runtime's `RuntimeParameter`).
	pub enum CreditParameter {
		/// Collateral held while a device is registered.
		device_deposit: Balance => DeviceDeposit(Economic),
		/// Blocks between `deregister` and `withdraw_deposit`.
		deregister_delay: BlockNumber => DeregisterDelay(Technical),
		/// Least effective credit a device needs to invite.
		min_inviter_credit: CreditPoints => MinInviterCredit(Technical),
		/// Blocks an invitation stays open.
		invite_expiry: BlockNumber => InviteExpiry(Technical),
		/// Most invitations a device may have open at once.
		max_open_invites: u32 => MaxOpenInvites(Technical),
		/// Credit of a newly registered device (its "basic computing power").
		initial_credit: CreditPoints => InitialCredit(Technical),
		/// Credit the inviter gains when its invitee registers.
		inviter_bonus: CreditPoints => InviterBonus(Technical),
		/// Most inviter bonus a device may gain in one credit period.
		max_inviter_bonus_per_period: CreditPoints => MaxInviterBonusPerPeriod(Technical),
		/// Blocks per credit period.
		credit_period: BlockNumber => CreditPeriod(Technical),
		/// Credit gained by a period with a heartbeat.
		uptime_credit: CreditPoints => UptimeCredit(Technical),
		/// Credit never exceeds this.
		max_credit: CreditPoints => MaxCredit(Technical),
		/// Most credit from work (other pallets) per device and period.
		max_work_credit_per_period: CreditPoints => MaxWorkCreditPerPeriod(Technical),
		/// Credit lost per full period without a heartbeat, after the grace periods.
		decay_per_period: CreditPoints => DecayPerPeriod(Technical),
		/// Full periods without a heartbeat that cost nothing.
		decay_grace_periods: u32 => DecayGracePeriods(Technical),
		/// Credit points per level.
		credit_per_level: CreditPoints => CreditPerLevel(Technical),
		/// Least credit that earns rewards and may delegate.
		min_reward_credit: CreditPoints => MinRewardCredit(Technical),
		/// MC per credit point bought back with `replenish_credit`.
		credit_price: Balance => CreditPrice(Economic),
		/// Share of the replenishment price that goes to the incentive pool; the rest is burnt.
		replenish_reward_share: Perbill => ReplenishRewardShare(Economic),
		/// Decay never takes a device's credit below this (the whitepaper's "predefined
		/// threshold", §5.2.1); credit already below it does not decay. 0, or below
		/// `MinRewardCredit` (so that an offline device stops earning).
		decay_floor: CreditPoints => DecayFloor(Technical),
		/// Credit periods an invitee must stay registered and active before its inviter's
		/// bonus vests (`vest_invite_bonus`); the bonus is forfeited if the invitee deregisters
		/// first. 0: the bonus is given at registration.
		invite_vesting_periods: PeriodIndex => InviteVestingPeriods(Technical),
		/// Blocks after withdrawing its deposit before an account may be invited (and so
		/// register) again.
		reregister_cooldown: BlockNumber => ReregisterCooldown(Technical),
		/// What a device's credit multiplies its bonded MC by at `MaxCredit` (1 at level 0,
		/// rising linearly with its level): a device weighs `bonded × multiplier` in rewards and
		/// elections. At least 1 and at most `MAX_CREDIT_MULTIPLIER_BOUND`, so that every unit
		/// of weight is backed by at least `1 / MaxCreditMultiplier` of bonded MC.
		max_credit_multiplier: u32 => MaxCreditMultiplier(Economic),
		/// Credit a device loses when the validator it backed is slashed (on top of the slashed
		/// fraction of its bonded MC).
		slash_credit_penalty: CreditPoints => SlashCreditPenalty(Technical),
		/// Credit an inviter loses when a device it invited is slashed (§4.2: the inviter
		/// answers for its invitees).
		inviter_slash_penalty: CreditPoints => InviterSlashPenalty(Technical),
		/// MC a heartbeat relay holds when it registers (`register_relay`): what it pays for
		/// the entries of its batches the chain skips comes out of it, and it may submit a
		/// batch only while what is left pays for all of the batch being skipped.
		relay_deposit: Balance => RelayDeposit(Economic),
	}
}

/// MC a device is unbonding: still held (and at risk), no longer counted in its weight,
/// released by `withdraw_unbonded` from `unlocks_at` on.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct UnbondingChunk<Balance, BlockNumber> {
	/// MC unbonding (every `unbond` since the last withdrawal, merged).
	pub amount: Balance,
	/// The block it can be withdrawn from: `DeregisterDelay` after the last `unbond`.
	pub unlocks_at: BlockNumber,
}

/// A heartbeat signed by a device, carried with others in one `submit_heartbeats` transaction.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SignedHeartbeat<AccountId, Signature> {
	/// The device.
	pub device: AccountId,
	/// The period the heartbeat is for: the current one.
	pub period: PeriodIndex,
	/// The device's signature of [`heartbeat_payload`](crate::heartbeat_payload).
	pub signature: Signature,
}

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
	/// The collateral held and at stake (its deposit and what it bonded on top).
	pub deposit: Balance,
	/// MC it is unbonding (still held, not counted) and the block it unlocks at.
	pub unbonding: Option<UnbondingChunk<Balance, BlockNumber>>,
	/// Its credit multiplier now: 1 at level 0, `MaxCreditMultiplier` at `MaxCredit`.
	pub multiplier: sp_runtime::FixedU128,
	/// What it weighs in rewards and elections when it counts: `deposit × multiplier`.
	pub weight: Balance,
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
	/// While its inviter's bonus vests: the credit period from which `vest_invite_bonus` gives
	/// it to the inviter.
	pub invite_bonus_vests_in: Option<PeriodIndex>,
}
