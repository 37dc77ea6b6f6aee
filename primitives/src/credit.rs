//! Devices' credit as the other pallets see it: read it ([`CreditInspect`]), hear of every
//! change ([`OnCreditChanged`]), of replenishment income ([`OnReplenished`]), and award work
//! credit ([`CreditSink`]). `pallet-credit` implements the first and the last.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, FixedU128};

/// Credit points (a device's score).
pub type CreditPoints = u32;

/// MC in plancks, as the credit pallets exchange it (the runtime's `Balance`): a device's bond
/// and its weight.
pub type Stake = u128;

/// Index of a credit period (a day on the testnet, a few blocks on the development chain).
pub type PeriodIndex = u32;

/// Why a device earned work credit (an 8-byte tag chosen by the awarding pallet, e.g.
/// `*b"workload"`).
pub type WorkReason = [u8; 8];

/// What a device is.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum DeviceKind {
	/// A decentralized-VPN client.
	DvpnClient,
	/// A smart home gateway.
	SmartGateway,
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
	/// The MC the device has at stake (its deposit and what it bonded on top, less what it is
	/// unbonding).
	pub bonded: Stake,
	/// What the device weighs in rewards and elections: `bonded` times its credit multiplier
	/// (1 at level 0, rising with its level to `MaxCreditMultiplier` at `MaxCredit`). Whether
	/// it counts at all (credit, activity) is the reader's rule.
	pub weight: Stake,
}

/// Read a device's credit (all O(1)).
pub trait CreditInspect<AccountId> {
	/// The device's effective credit now (decay applied), whether it is active, and the period
	/// of its last heartbeat; `None` if it is not registered.
	fn snapshot(who: &AccountId) -> Option<CreditSnapshot>;
	/// The kind of the device, if registered.
	fn kind(who: &AccountId) -> Option<DeviceKind>;
	/// The device's level now: effective credit / `CreditPerLevel`.
	fn level(who: &AccountId) -> Option<u32>;
	/// Whether the device is active and has at least `MinRewardCredit`: it may earn rewards and
	/// delegate.
	fn meets_reward_threshold(who: &AccountId) -> bool;
	/// The current credit period.
	fn current_period() -> PeriodIndex;
	/// `MinRewardCredit`: the least credit that earns rewards and may delegate.
	fn reward_threshold() -> CreditPoints;
	/// A credit listener ([`OnCreditChanged`]) now holds something about `who` that a
	/// heartbeat's class depends on (a delegation, a validator left whose slashes it answers
	/// for): `who`'s [`ListenerMark`] becomes at least `mark` — [`ListenerMark::Steady`] if the
	/// listener's look-up under a steady mark misses nothing it now holds,
	/// [`ListenerMark::Listened`] otherwise — so that its next heartbeat asks the listeners
	/// (a ticket it kept is dropped). At most one read and one write of the device's record; a
	/// no-op for an unregistered account.
	fn listen(who: &AccountId, mark: ListenerMark<AccountId>);
	/// The listener that groups `who`'s heartbeats changed what it holds about `who`: a device
	/// marked [`ListenerMark::Steady`] or [`ListenerMark::Grouped`] keeps `ticket`
	/// ([`ListenerMark::Grouped`]) or, with `None`, none ([`ListenerMark::Steady`]); a quiet or
	/// listened device is left as it is (its next heartbeat asks the listeners in full). The
	/// listener calls it on every change of what the ticket copies, so that a ticket is never
	/// stale. At most one read and one write of the device's record.
	fn keep_ticket(who: &AccountId, ticket: Option<GroupTicket<AccountId>>);
	/// `who`'s [`ListenerMark`], if registered (for invariant checks).
	fn listener_mark(who: &AccountId) -> Option<ListenerMark<AccountId>>;

	/// Register `who` as a device (funding its deposit) with `credit`, alive in the current
	/// period, telling the listeners as a registration does (benchmarks only). Fails as
	/// registration does.
	#[cfg(feature = "runtime-benchmarks")]
	fn make_device(who: &AccountId, credit: CreditPoints) -> sp_runtime::DispatchResult;
	/// Move to the first block of the next credit period (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn start_next_period();
}

/// Told whenever a device's stored credit state changes: registration (`old` is `None`),
/// heartbeat, bonus, work credit, replenishment, decay written back, deregistration (`new`
/// is inactive), withdrawal (`new` is `None`). Called in O(1) for each change.
pub trait OnCreditChanged<AccountId> {
	/// `who`'s credit went from `old` to `new`. Returns the weight it used (at most
	/// [`Self::weight`]): heartbeats refund the difference.
	fn on_credit_changed(
		who: &AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> Weight;
	/// The most weight one call of [`Self::on_credit_changed`] may take; the credit pallet adds
	/// it to the weight of every call that reports a change.
	fn weight() -> Weight;
	/// `who`'s held MC is about to change (released: its deposit or what it unbonded; or raised
	/// by a bond-extra): apply whatever it still owes first (the slashes of validators it
	/// backed, through [`DeviceStake::slash`]), so a slash takes its fraction of what was at
	/// stake when it was incurred, not of what is added later. Returns the weight used, at
	/// most [`Self::weight`].
	fn before_hold_change(_who: &AccountId) -> Weight {
		Weight::zero()
	}
	/// How a heartbeat of `who` (its credit going from `old` to `new`, `new` being alive in the
	/// current period) weighs on this listener, from `who`'s own state: nothing
	/// ([`HeartbeatClass::Light`]), taken with the other heartbeats of its group in
	/// [`Self::on_heartbeats`] once [`Self::group_ready`] says the group can be
	/// ([`HeartbeatClass::Grouped`]), or its full [`Self::weight`]
	/// ([`HeartbeatClass::Heavy`]); and the [`ListenerMark`] the device's record keeps until its
	/// next heartbeat. `mark` is the one it keeps now: under [`ListenerMark::Steady`] the
	/// listener may skip the reads its own [`CreditInspect::listen`] calls guard, and under
	/// [`ListenerMark::Grouped`] it reads nothing of its own about the device (the ticket is
	/// its look-up, [`CreditInspect::keep_ticket`]). A relay's batch of heartbeats declares how
	/// many of each class it holds (a witness), so that it declares the weight of its real mix.
	/// Takes at most [`Self::light_weight`]. Default: every heartbeat is heavy, and asked in
	/// full.
	fn heartbeat_class(
		_who: &AccountId,
		_mark: &ListenerMark<AccountId>,
		_old: &CreditSnapshot,
		_new: &CreditSnapshot,
	) -> (HeartbeatClass<AccountId>, ListenerMark<AccountId>) {
		(HeartbeatClass::Heavy, ListenerMark::Listened)
	}
	/// Whether heartbeats of `group` can be taken together now (reads the group's state: its
	/// cost is part of [`Self::grouped_weight`]'s per-group weight, and at most
	/// [`Self::group_ready_weight`]). Default: no.
	fn group_ready(_group: &AccountId) -> bool {
		false
	}
	/// The most [`Self::group_ready`] takes. Default: [`Self::weight`].
	fn group_ready_weight() -> Weight {
		Self::weight()
	}
	/// Take the heartbeats of one batch that [`Self::heartbeat_class`] and
	/// [`Self::group_ready`] found grouped: `(device, old, new, ticket)`, the ticket being what
	/// the device's mark keeps ([`ListenerMark::Grouped`]; its group is the entry's), devices
	/// already stored with their new credit. Returns the weight used, at most
	/// `grouped_weight(heartbeats.len(), groups)`. Default: each one by
	/// [`Self::on_credit_changed`].
	fn on_heartbeats(heartbeats: &[GroupedHeartbeat<AccountId>]) -> Weight {
		let mut used = Weight::zero();
		for (who, old, new, _) in heartbeats {
			used = used.saturating_add(Self::on_credit_changed(who, Some(*old), Some(*new)));
		}
		used
	}
	/// The most [`Self::heartbeat_class`], [`Self::group_ready`] and [`Self::on_heartbeats`]
	/// take together for `entries` grouped heartbeats in `groups` groups. Default: each
	/// entry's full [`Self::weight`].
	fn grouped_weight(entries: u32, _groups: u32) -> Weight {
		Self::weight().saturating_mul(entries.into())
	}
	/// The most [`Self::heartbeat_class`] takes (asked in full, under
	/// [`ListenerMark::Listened`]), and the most [`Self::on_credit_changed`] takes for a
	/// heartbeat it found [`HeartbeatClass::Light`]. Default: [`Self::weight`].
	fn light_weight() -> Weight {
		Self::weight()
	}
}

/// What a device's record remembers of the credit listeners' last answer about it
/// ([`OnCreditChanged::heartbeat_class`]), so that most heartbeats read no listener's storage:
/// [`Self::Quiet`] devices (no listener holds anything about them: they do not delegate) are
/// never asked, and [`Self::Grouped`] ones (they delegate, steadily) are asked from the ticket
/// their record keeps. A listener that starts holding something about a device calls
/// [`CreditInspect::listen`], which raises its mark, and the grouping listener keeps its ticket
/// up to date with [`CreditInspect::keep_ticket`]; a heartbeat stores what the listeners
/// answered. Kept in the device's record (appended: a record written before the mark existed
/// reads as [`Self::Listened`]).
#[derive(Encode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ListenerMark<AccountId> {
	/// No listener holds anything about the device: its heartbeats are light and not asked.
	Quiet,
	/// A listener holds something, and what it found at the last heartbeat still holds but for
	/// what it flags with [`CreditInspect::listen`]: it may skip the reads those guard (the
	/// delegation pallet: a device that delegates and answers for no validator it left).
	Steady,
	/// Ask every listener in full.
	Listened,
	/// Steady, and the grouping listener's look-up of the device is kept here: its heartbeat
	/// reads nothing of the listener's own storage (the delegation pallet: the device's
	/// delegation as far as moving it with its validator's group needs).
	Grouped(GroupTicket<AccountId>),
}

/// One grouped heartbeat as [`OnCreditChanged::on_heartbeats`] takes it: `(device, old credit,
/// new credit, the device's ticket)`.
pub type GroupedHeartbeat<AccountId> =
	(AccountId, CreditSnapshot, CreditSnapshot, GroupTicket<AccountId>);

/// What the grouping listener (the delegation pallet) keeps in a delegating device's record
/// ([`ListenerMark::Grouped`]): a copy of the device's delegation as far as a grouped
/// heartbeat needs it, kept equal to it by [`CreditInspect::keep_ticket`] on every change
/// (checked by the delegation pallet's `try_state`). 84 bytes with 32-byte accounts (85 with
/// the mark's tag).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct GroupTicket<AccountId> {
	/// The group: the validator the device backs.
	pub group: AccountId,
	/// The points the device counts with in its validator's bucket (0: it does not count).
	pub points: Stake,
	/// The period of the bucket it was last counted in.
	pub period: PeriodIndex,
	/// The bucket's reward per point when its rewards were last settled.
	pub reward_debt: FixedU128,
	/// Its validator's survival when its stake was last settled.
	pub slash_debt: FixedU128,
}

impl<AccountId: Decode> codec::Decode for ListenerMark<AccountId> {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		// A device record from before the mark ends here: ask its listeners in full.
		if input.remaining_len()? == Some(0) {
			return Ok(ListenerMark::Listened);
		}
		match input.read_byte()? {
			0 => Ok(ListenerMark::Quiet),
			1 => Ok(ListenerMark::Steady),
			2 => Ok(ListenerMark::Listened),
			3 => Ok(ListenerMark::Grouped(GroupTicket::decode(input)?)),
			_ => Err("invalid ListenerMark".into()),
		}
	}
}

impl<AccountId> ListenerMark<AccountId> {
	/// The heavier of two marks (a tuple of listeners keeps the most any asks; `listen` never
	/// lowers a mark): [`Self::Listened`], then [`Self::Steady`], then [`Self::Grouped`], then
	/// [`Self::Quiet`]. Two tickets make it steady (a record keeps one).
	pub fn and(self, other: Self) -> Self {
		use ListenerMark::*;
		match (self, other) {
			(Listened, _) | (_, Listened) => Listened,
			(Steady, _) | (_, Steady) | (Grouped(_), Grouped(_)) => Steady,
			(Grouped(t), Quiet) | (Quiet, Grouped(t)) => Grouped(t),
			(Quiet, Quiet) => Quiet,
		}
	}

	/// Whether no listener is asked ([`Self::Quiet`]).
	pub fn is_quiet(&self) -> bool {
		matches!(self, ListenerMark::Quiet)
	}

	/// The ticket kept, if any.
	pub fn ticket(&self) -> Option<&GroupTicket<AccountId>> {
		match self {
			ListenerMark::Grouped(t) => Some(t),
			_ => None,
		}
	}
}

/// The class a heartbeat of `who` is taken in, for a device whose record keeps `mark`, and the
/// mark it keeps after (the one rule of the credit pallet, its runtime API and the stubs).
/// [`ListenerMark::Quiet`]: light, and `L` is not asked. Otherwise `L` is asked
/// ([`OnCreditChanged::heartbeat_class`]); its answer is taken as it is only when it is what
/// `mark` foretold, every entry being charged what its class declares: a grouped entry under a
/// [`ListenerMark::Grouped`] mark (it read nothing of the listener's: `grouped_weight`
/// measured the move from the ticket). Any other answer is heavy (it is the first heartbeat
/// since the listener's state changed, or it looked the listener's state up: it was asked in
/// full).
pub fn heartbeat_class_of<AccountId, L: OnCreditChanged<AccountId>>(
	who: &AccountId,
	mark: &ListenerMark<AccountId>,
	old: &CreditSnapshot,
	new: &CreditSnapshot,
) -> (HeartbeatClass<AccountId>, ListenerMark<AccountId>) {
	if mark.is_quiet() {
		return (HeartbeatClass::Light, ListenerMark::Quiet);
	}
	match L::heartbeat_class(who, mark, old, new) {
		(HeartbeatClass::Grouped(group), after) if mark.ticket().is_some() => {
			(HeartbeatClass::Grouped(group), after)
		}
		(_, after) => (HeartbeatClass::Heavy, after),
	}
}

/// How a device's heartbeat weighs on the credit listeners ([`OnCreditChanged::heartbeat_class`]).
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HeartbeatClass<AccountId> {
	/// Nothing for the listeners (a device that does not delegate).
	Light,
	/// Taken with the other heartbeats of its group (a validator, for a delegating device that
	/// was alive in the previous period and whose weight did not change): a small cost per
	/// entry and one per group.
	Grouped(AccountId),
	/// The listeners' full weight (a change of weight, a period missed, a validator left whose
	/// slashes it still answers for, ...).
	Heavy,
}

impl<AccountId> HeartbeatClass<AccountId> {
	/// The class of a heartbeat for two listeners, one's class being `self` and the other's
	/// `other`: the heavier, and heavy if both would group it (one group per entry).
	pub fn and(self, other: Self) -> Self {
		match (self, other) {
			(HeartbeatClass::Light, c) | (c, HeartbeatClass::Light) => c,
			_ => HeartbeatClass::Heavy,
		}
	}
}

/// A relay's batch's witness: how many of its entries are of each class
/// ([`HeartbeatClass`]), and how many groups the grouped ones fall in. The batch declares the
/// weight of this mix; an entry beyond it is skipped.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct HeartbeatWitness {
	/// Entries of class [`HeartbeatClass::Grouped`].
	pub grouped: u32,
	/// Distinct groups among them.
	pub groups: u32,
	/// Entries of class [`HeartbeatClass::Heavy`].
	pub heavy: u32,
}

#[impl_trait_for_tuples::impl_for_tuples(8)]
impl<AccountId> OnCreditChanged<AccountId> for Tuple {
	fn on_credit_changed(
		who: &AccountId,
		old: Option<CreditSnapshot>,
		new: Option<CreditSnapshot>,
	) -> Weight {
		#[allow(unused_mut)]
		let mut used = Weight::zero();
		for_tuples!( #( used = used.saturating_add(Tuple::on_credit_changed(who, old, new)); )* );
		used
	}
	fn weight() -> Weight {
		#[allow(unused_mut)]
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::weight()); )* );
		weight
	}
	fn before_hold_change(who: &AccountId) -> Weight {
		#[allow(unused_mut)]
		let mut used = Weight::zero();
		for_tuples!( #( used = used.saturating_add(Tuple::before_hold_change(who)); )* );
		used
	}
	fn heartbeat_class(
		who: &AccountId,
		mark: &ListenerMark<AccountId>,
		old: &CreditSnapshot,
		new: &CreditSnapshot,
	) -> (HeartbeatClass<AccountId>, ListenerMark<AccountId>) {
		#[allow(unused_mut)]
		let (mut class, mut after) = (HeartbeatClass::Light, ListenerMark::Quiet);
		for_tuples!( #(
			let (c, m) = Tuple::heartbeat_class(who, mark, old, new);
			class = class.and(c);
			after = after.and(m);
		)* );
		(class, after)
	}
	/// Ready if any member is (at most one member groups any entry: two make it heavy).
	fn group_ready(group: &AccountId) -> bool {
		#[allow(unused_mut)]
		let mut ready = false;
		for_tuples!( #( ready = ready || Tuple::group_ready(group); )* );
		ready
	}
	fn on_heartbeats(heartbeats: &[GroupedHeartbeat<AccountId>]) -> Weight {
		#[allow(unused_mut)]
		let mut used = Weight::zero();
		for_tuples!( #( used = used.saturating_add(Tuple::on_heartbeats(heartbeats)); )* );
		used
	}
	fn group_ready_weight() -> Weight {
		#[allow(unused_mut)]
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::group_ready_weight()); )* );
		weight
	}
	fn grouped_weight(entries: u32, groups: u32) -> Weight {
		#[allow(unused_mut)]
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::grouped_weight(entries, groups)); )* );
		weight
	}
	fn light_weight() -> Weight {
		#[allow(unused_mut)]
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::light_weight()); )* );
		weight
	}
}

/// Told of the MC that replenishment sends to the incentive pool (the reward share of the
/// price), so that it can be paid out to devices.
#[impl_trait_for_tuples::impl_for_tuples(8)]
pub trait OnReplenished<Balance: Copy> {
	/// `to_pool` MC of a replenishment went to the incentive pool.
	fn on_replenished(to_pool: Balance);
}

/// Take a share of a device's stake: what the delegation pallet does to the devices that backed
/// a validator when staking slashes it.
pub trait DeviceStake<AccountId> {
	/// Slash `fraction` of `who`'s bonded and unbonding MC (rounded up, to the treasury) and
	/// `SlashCreditPenalty` of its credit; its inviter loses `InviterSlashPenalty` of credit and
	/// a bonus still vesting for it is forfeited. Returns the MC slashed and `who`'s snapshot
	/// after; `None` if `who` is not a device. The listeners ([`OnCreditChanged`]) are not told
	/// of `who` (the caller recounts it from the snapshot) nor of its inviter (whose weight
	/// follows at its next change): a slash never calls back into its caller.
	fn slash(who: &AccountId, fraction: sp_runtime::Perbill) -> Option<(Stake, CreditSnapshot)>;
	/// The most weight one [`Self::slash`] takes.
	fn slash_weight() -> Weight;
}

/// Award work credit to a device (used by the workload pallet). Capped per device and period
/// by `MaxWorkCreditPerPeriod`.
pub trait CreditSink<AccountId> {
	/// Award up to `points` to `who` for `reason`; returns the points actually awarded (0 once
	/// the period's cap is reached). Fails if `who` is not an active device.
	fn award(
		who: &AccountId,
		points: CreditPoints,
		reason: WorkReason,
	) -> Result<CreditPoints, DispatchError>;
	/// The most weight one call of [`Self::award`] may take (including the credit listeners).
	fn weight() -> Weight;
}

/// How periods map to blocks: period `start_index` began at `start_block`, and every period
/// lasts `length` blocks. Changing the period length starts a new anchor, so period indices
/// never go back. (Moved from pallet-credit, where it anchors credit periods; pallet-workload
/// anchors its settlement days with it.)
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PeriodAnchor<BlockNumber> {
	/// The block the anchored period started at.
	pub start_block: BlockNumber,
	/// The index of that period.
	pub start_index: PeriodIndex,
	/// Blocks per period.
	pub length: BlockNumber,
}

impl<BlockNumber: sp_runtime::traits::AtLeast32BitUnsigned + Copy> PeriodAnchor<BlockNumber> {
	/// Periods of `length` blocks from genesis: period 0 starts at block 0.
	pub fn from_genesis(length: BlockNumber) -> Self {
		Self { start_block: BlockNumber::zero(), start_index: 0, length }
	}

	/// Periods of `length` blocks from block `now` on, numbered from the one after `current`
	/// (what a new period length starts).
	pub fn restart(now: BlockNumber, current: PeriodIndex, length: BlockNumber) -> Self {
		Self { start_block: now, start_index: current.saturating_add(1), length }
	}

	/// The anchor that a change of the period length from `old` to `new` at block `now` starts
	/// (the current period being `current`): `None` when the length is the same.
	pub fn after_length_change(
		now: BlockNumber,
		current: PeriodIndex,
		old: BlockNumber,
		new: BlockNumber,
	) -> Option<Self> {
		(old != new).then(|| Self::restart(now, current, new))
	}

	/// The index of the period block `n` is in (a zero length counts as one block).
	pub fn index_at(&self, n: BlockNumber) -> PeriodIndex {
		use sp_runtime::traits::SaturatedConversion;
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

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Decode, Encode};

	fn ticket(group: u64) -> GroupTicket<u64> {
		GroupTicket {
			group,
			points: 7,
			period: 3,
			reward_debt: FixedU128::from_u32(2),
			slash_debt: FixedU128::from_u32(1),
		}
	}

	#[test]
	fn a_mark_round_trips_and_a_record_without_it_reads_as_listened() {
		for mark in [
			ListenerMark::Quiet,
			ListenerMark::Steady,
			ListenerMark::Listened,
			ListenerMark::Grouped(ticket(9)),
		] {
			let bytes = mark.encode();
			assert_eq!(ListenerMark::<u64>::decode(&mut &bytes[..]), Ok(mark));
		}
		assert_eq!(ListenerMark::<u64>::decode(&mut &[][..]), Ok(ListenerMark::Listened));
		assert!(ListenerMark::<u64>::decode(&mut &[4u8][..]).is_err());
		// A ticket: one tag byte and the ticket (8-byte accounts here, 32 in the runtime).
		assert_eq!(ListenerMark::Grouped(ticket(9)).encode().len(), 1 + 8 + 16 + 4 + 16 + 16);
		assert_eq!(<ListenerMark<[u8; 32]> as MaxEncodedLen>::max_encoded_len(), 85);
	}

	#[test]
	fn raising_a_mark_drops_a_ticket_and_never_lowers_it() {
		use ListenerMark::*;
		let grouped = Grouped(ticket(1));
		assert_eq!(grouped.clone().and(Quiet), grouped);
		assert_eq!(Quiet.and(grouped.clone()), grouped);
		assert_eq!(grouped.clone().and(Steady), Steady);
		assert_eq!(grouped.clone().and(Listened), Listened);
		assert_eq!(Steady.and(grouped.clone()), Steady);
		assert_eq!(grouped.clone().and(Grouped(ticket(2))), Steady, "one ticket a record");
		assert_eq!(ListenerMark::<u64>::Listened.and(Quiet), Listened);
	}
}
