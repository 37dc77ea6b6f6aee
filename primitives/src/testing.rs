//! Stubs of the shared traits for pallet mocks (feature `testing`).
//!
//! A pallet's unit tests exercise that pallet alone: its collaborators are these stubs, whose
//! state the tests set directly. The real pallets meet in the runtime's tests
//! (`runtime/tests/`). State is thread-local, so tests running in parallel do not share it;
//! `frame_support`'s `TestExternalities` does not reset it, so each mock's `new_test_ext`
//! calls [`reset`].

use crate::{
	credit::{
		CreditInspect, CreditPoints, CreditSink, CreditSnapshot, DeviceKind, DeviceStake,
		GroupTicket, ListenerMark, OnCreditChanged, PeriodIndex, Stake, WorkReason,
	},
	digest::{ContributorId, RewardDigests, RunningDigest},
	pool::IncentivePool,
};
use codec::{Decode, Encode};
use core::{cell::RefCell, marker::PhantomData};
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Preservation},
		Get,
	},
	weights::Weight,
};
use sp_runtime::{
	traits::{SaturatedConversion, Zero},
	DispatchError, Saturating,
};
use std::collections::BTreeMap;

#[derive(Default)]
struct State {
	devices: BTreeMap<Vec<u8>, (DeviceKind, CreditSnapshot)>,
	/// Listener marks, SCALE-encoded (the stub is not generic over the account type).
	marks: BTreeMap<Vec<u8>, Vec<u8>>,
	period: PeriodIndex,
	reward_threshold: CreditPoints,
	credit_per_level: u32,
	work_cap: Option<CreditPoints>,
	awarded: BTreeMap<Vec<u8>, CreditPoints>,
	slashed: BTreeMap<Vec<u8>, Stake>,
	spare_emission: Option<u128>,
	digests: BTreeMap<ContributorId, RunningDigest>,
}

std::thread_local! {
	static STATE: RefCell<State> = RefCell::new(State { credit_per_level: 100, ..Default::default() });
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
	STATE.with(|s| f(&mut s.borrow_mut()))
}

/// Forget every stub's state (devices, period, awards, digests).
pub fn reset() {
	with(|s| *s = State { credit_per_level: 100, ..Default::default() });
}

/// The bond of a device the stub registers without one: 100, so that it weighs its credit.
pub const STUB_DEFAULT_BOND: Stake = 100;

/// `pallet-credit` as its users see it: devices and their credit set by the test, and each
/// change told to `L` as the real pallet tells its listeners.
pub struct CreditStub<AccountId, L = ()>(PhantomData<(AccountId, L)>);

impl<AccountId: Encode + Decode, L: OnCreditChanged<AccountId>> CreditStub<AccountId, L> {
	/// Set the current credit period.
	pub fn set_period(period: PeriodIndex) {
		with(|s| s.period = period);
	}

	/// Set `MinRewardCredit`.
	pub fn set_reward_threshold(points: CreditPoints) {
		with(|s| s.reward_threshold = points);
	}

	/// Set the most work credit [`CreditSink::award`] gives one device in total (no cap by
	/// default).
	pub fn set_work_cap(points: Option<CreditPoints>) {
		with(|s| s.work_cap = points);
	}

	/// Put `who`'s device in the state `snapshot` says (registering it if new, with the mark
	/// [`ListenerMark::Quiet`]), telling `L`.
	pub fn set_device(who: &AccountId, kind: DeviceKind, snapshot: CreditSnapshot) -> Weight {
		let old = with(|s| {
			s.marks
				.entry(who.encode())
				.or_insert_with(|| ListenerMark::<AccountId>::Quiet.encode());
			s.devices.insert(who.encode(), (kind, snapshot))
		})
		.map(|(_, o)| o);
		L::on_credit_changed(who, old, Some(snapshot))
	}

	/// `who`'s [`ListenerMark`] (`Quiet` for an unknown device).
	pub fn mark(who: &AccountId) -> ListenerMark<AccountId> {
		with(|s| s.marks.get(&who.encode()).cloned())
			.and_then(|m| ListenerMark::decode(&mut &m[..]).ok())
			.unwrap_or(ListenerMark::Quiet)
	}

	fn set_mark(who: &AccountId, mark: ListenerMark<AccountId>) {
		with(|s| s.marks.insert(who.encode(), mark.encode()));
	}

	/// The stub's weight rule: `bonded × credit / 100` (the real pallet's multiplier is
	/// bounded; the stub's is credit/100, so that with the default bond of
	/// [`STUB_DEFAULT_BOND`] a device weighs exactly its credit and tests reason in points).
	pub fn weight_of(bonded: Stake, credit: CreditPoints) -> Stake {
		bonded.saturating_mul(credit as Stake) / 100
	}

	/// Register `who` with `credit` and the default bond, alive in the current period.
	pub fn register(who: &AccountId, credit: CreditPoints) -> Weight {
		Self::register_bonded(who, credit, STUB_DEFAULT_BOND)
	}

	/// Register `who` with `credit` and `bonded` MC at stake, alive in the current period.
	pub fn register_bonded(who: &AccountId, credit: CreditPoints, bonded: Stake) -> Weight {
		let period = with(|s| s.period);
		Self::set_device(
			who,
			DeviceKind::SmartGateway,
			CreditSnapshot {
				credit,
				last_heartbeat: None,
				anchor: period,
				active: true,
				bonded,
				weight: Self::weight_of(bonded, credit),
			},
		)
	}

	/// `who` changes its bond to `bonded` (bond extra or unbond).
	pub fn set_bonded(who: &AccountId, bonded: Stake) -> Weight {
		let Some((kind, mut snapshot)) = with(|s| s.devices.get(&who.encode()).copied()) else {
			return Weight::zero();
		};
		snapshot.bonded = bonded;
		snapshot.weight = Self::weight_of(bonded, snapshot.credit);
		Self::set_device(who, kind, snapshot)
	}

	/// A heartbeat of `who` in the current period, with its credit now `credit`, sent by the
	/// device itself (as the credit pallet's `heartbeat` takes it: its mark learnt, `L` told).
	pub fn heartbeat(who: &AccountId, credit: CreditPoints) -> Weight {
		let Some((kind, old)) = with(|s| s.devices.get(&who.encode()).copied()) else {
			return Weight::zero();
		};
		let new = Self::after_heartbeat(old, credit);
		let mark = Self::mark(who);
		if !mark.is_quiet() {
			Self::set_mark(who, L::heartbeat_class(who, &mark, &old, &new).1);
		}
		Self::set_device(who, kind, new)
	}

	/// `old` after a heartbeat in the current period, with credit `credit`.
	fn after_heartbeat(old: CreditSnapshot, credit: CreditPoints) -> CreditSnapshot {
		let period = with(|s| s.period);
		let mut new = old;
		new.credit = credit;
		new.weight = Self::weight_of(new.bonded, credit);
		new.last_heartbeat = Some(period);
		new.anchor = period;
		new
	}

	/// A relay's batch of heartbeats in the current period, `(device, credit now)`, as the credit
	/// pallet takes it: each device classed by its mark and `L`
	/// ([`heartbeat_class_of`](crate::credit::heartbeat_class_of); a grouped one whose group
	/// is not ready is heavy) and stored with the mark learnt, the heavy ones told one by one,
	/// the grouped ones together at the end, the light (quiet) ones not at all. Returns the
	/// classes taken (no witness: every entry is taken) and the weight `L` reported.
	pub fn relay_heartbeats(
		heartbeats: &[(AccountId, CreditPoints)],
	) -> (Vec<crate::credit::HeartbeatClass<AccountId>>, Weight)
	where
		AccountId: Clone + PartialEq,
	{
		use crate::credit::HeartbeatClass;
		let (mut classes, mut grouped, mut ready) = (Vec::new(), Vec::new(), Vec::new());
		let mut used = Weight::zero();
		for (who, credit) in heartbeats {
			let Some((kind, old)) = with(|s| s.devices.get(&who.encode()).copied()) else {
				continue;
			};
			let new = Self::after_heartbeat(old, *credit);
			let (class, mark) = crate::credit::heartbeat_class_of::<AccountId, L>(
				who,
				&Self::mark(who),
				&old,
				&new,
			);
			let class = match class {
				HeartbeatClass::Grouped(g) if ready.contains(&g) || L::group_ready(&g) => {
					ready.push(g.clone());
					HeartbeatClass::Grouped(g)
				}
				HeartbeatClass::Grouped(_) => HeartbeatClass::Heavy,
				class => class,
			};
			with(|s| s.devices.insert(who.encode(), (kind, new)));
			let ticket = mark.ticket().cloned();
			Self::set_mark(who, mark);
			match (&class, ticket) {
				(HeartbeatClass::Grouped(_), Some(ticket)) => {
					grouped.push((who.clone(), old, new, ticket))
				}
				(HeartbeatClass::Grouped(_), None) => {
					unreachable!("a grouped class comes with its ticket (heartbeat_class_of)")
				}
				(HeartbeatClass::Heavy, _) => {
					used = used.saturating_add(L::on_credit_changed(who, Some(old), Some(new)))
				}
				(HeartbeatClass::Light, _) => {}
			}
			classes.push(class);
		}
		if !grouped.is_empty() {
			used = used.saturating_add(L::on_heartbeats(&grouped));
		}
		(classes, used)
	}

	/// `who` deregisters: still registered, no longer active.
	pub fn deregister(who: &AccountId) -> Weight {
		let Some((kind, mut snapshot)) = with(|s| s.devices.get(&who.encode()).copied()) else {
			return Weight::zero();
		};
		snapshot.active = false;
		Self::set_device(who, kind, snapshot)
	}

	/// `who` leaves the registry (withdraws its deposit).
	pub fn remove(who: &AccountId) -> Weight {
		let old = with(|s| {
			s.marks.remove(&who.encode());
			s.devices.remove(&who.encode())
		})
		.map(|(_, o)| o);
		L::on_credit_changed(who, old, None)
	}

	/// MC slashed from `who` so far (through [`DeviceStake::slash`]).
	pub fn slashed(who: &AccountId) -> Stake {
		with(|s| s.slashed.get(&who.encode()).copied().unwrap_or(0))
	}

	/// Work credit awarded to `who` so far.
	pub fn awarded(who: &AccountId) -> CreditPoints {
		with(|s| s.awarded.get(&who.encode()).copied().unwrap_or(0))
	}
}

impl<AccountId: Encode + Decode, L: OnCreditChanged<AccountId>> CreditInspect<AccountId>
	for CreditStub<AccountId, L>
{
	fn snapshot(who: &AccountId) -> Option<CreditSnapshot> {
		with(|s| s.devices.get(&who.encode()).map(|(_, snapshot)| *snapshot))
	}
	fn kind(who: &AccountId) -> Option<DeviceKind> {
		with(|s| s.devices.get(&who.encode()).map(|(kind, _)| *kind))
	}
	fn level(who: &AccountId) -> Option<u32> {
		let per_level = with(|s| s.credit_per_level.max(1));
		Self::snapshot(who).map(|s| s.credit / per_level)
	}
	fn meets_reward_threshold(who: &AccountId) -> bool {
		let threshold = Self::reward_threshold();
		Self::snapshot(who).is_some_and(|s| s.active && s.credit >= threshold)
	}
	fn current_period() -> PeriodIndex {
		with(|s| s.period)
	}
	fn reward_threshold() -> CreditPoints {
		with(|s| s.reward_threshold)
	}
	fn listen(who: &AccountId, mark: ListenerMark<AccountId>) {
		if Self::snapshot(who).is_some() {
			Self::set_mark(who, Self::mark(who).and(mark));
		}
	}
	fn keep_ticket(who: &AccountId, ticket: Option<GroupTicket<AccountId>>) {
		if Self::snapshot(who).is_some()
			&& matches!(Self::mark(who), ListenerMark::Steady | ListenerMark::Grouped(_))
		{
			Self::set_mark(who, ticket.map_or(ListenerMark::Steady, ListenerMark::Grouped));
		}
	}
	fn listener_mark(who: &AccountId) -> Option<ListenerMark<AccountId>> {
		Self::snapshot(who).map(|_| Self::mark(who))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_device(who: &AccountId, credit: CreditPoints) -> DispatchResult {
		Self::register(who, credit);
		Ok(())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn start_next_period() {
		with(|s| s.period = s.period.saturating_add(1));
	}
}

impl<AccountId: Encode + Decode, L: OnCreditChanged<AccountId>> CreditSink<AccountId>
	for CreditStub<AccountId, L>
{
	fn award(
		who: &AccountId,
		points: CreditPoints,
		_reason: WorkReason,
	) -> Result<CreditPoints, DispatchError> {
		let Some((kind, mut snapshot)) = with(|s| s.devices.get(&who.encode()).copied()) else {
			return Err(DispatchError::Other("not a device"));
		};
		if !snapshot.active {
			return Err(DispatchError::Other("not an active device"));
		}
		let given = with(|s| {
			let so_far = s.awarded.get(&who.encode()).copied().unwrap_or(0);
			let room = s.work_cap.map_or(points, |cap| cap.saturating_sub(so_far));
			let given = points.min(room);
			s.awarded.insert(who.encode(), so_far.saturating_add(given));
			given
		});
		if given > 0 {
			snapshot.credit = snapshot.credit.saturating_add(given);
			snapshot.weight = Self::weight_of(snapshot.bonded, snapshot.credit);
			Self::set_device(who, kind, snapshot);
		}
		Ok(given)
	}
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// The stub's slash: `fraction` of the bond (rounded up) is gone; credit is kept (the real
/// pallet's penalties are its own to test). Listeners are not told, as in the real pallet.
impl<AccountId: Encode + Decode, L: OnCreditChanged<AccountId>> DeviceStake<AccountId>
	for CreditStub<AccountId, L>
{
	fn slash(who: &AccountId, fraction: sp_runtime::Perbill) -> Option<(Stake, CreditSnapshot)> {
		with(|s| {
			let (_, snapshot) = s.devices.get_mut(&who.encode())?;
			let taken = fraction.mul_ceil(snapshot.bonded);
			snapshot.bonded = snapshot.bonded.saturating_sub(taken);
			snapshot.weight = Self::weight_of(snapshot.bonded, snapshot.credit);
			let after = *snapshot;
			*s.slashed.entry(who.encode()).or_default() += taken;
			Some((taken, after))
		})
	}
	fn slash_weight() -> Weight {
		Weight::zero()
	}
}

/// The incentive pool as a plain account `Pool` of `Currency`: [`IncentivePool`] by transfers.
pub struct AccountPool<Currency, Pool>(PhantomData<(Currency, Pool)>);

impl<AccountId: Eq, Currency: Mutate<AccountId>, Pool: Get<AccountId>>
	IncentivePool<AccountId, Currency::Balance> for AccountPool<Currency, Pool>
{
	fn available() -> Currency::Balance {
		Currency::reducible_balance(&Pool::get(), Preservation::Preserve, Fortitude::Polite)
	}
	fn pay(to: &AccountId, amount: Currency::Balance) -> DispatchResult {
		Currency::transfer(&Pool::get(), to, amount, Preservation::Preserve).map(|_| ())
	}
	fn receive(from: &AccountId, amount: Currency::Balance) -> DispatchResult {
		Currency::transfer(from, &Pool::get(), amount, Preservation::Preserve).map(|_| ())
	}
	/// What the test set with [`AccountPool::set_spare_emission`] (for any period), at most
	/// what the pool can pay; all it can pay if the test set nothing.
	fn spare_emission(_period_millis: u64) -> Currency::Balance {
		let available = Self::available();
		with(|s| s.spare_emission)
			.map_or(available, |cap| Currency::Balance::saturated_from(cap).min(available))
	}
	fn open_pot(pot: &AccountId) {
		let missing = Currency::minimum_balance().saturating_sub(Currency::balance(pot));
		if !missing.is_zero() {
			let _ = Self::pay(pot, missing);
		}
	}
}

impl<Currency, Pool> AccountPool<Currency, Pool> {
	/// Let the pool pay at most `cap` per period besides era rewards (`None`: all it holds).
	pub fn set_spare_emission(cap: Option<u128>) {
		with(|s| s.spare_emission = cap);
	}
}

/// Reward digests kept in memory: what a pallet noted can be read back with
/// [`RecordedDigests::get`].
pub struct RecordedDigests;

impl RecordedDigests {
	/// `contributor`'s running digest so far.
	pub fn get(contributor: ContributorId) -> RunningDigest {
		with(|s| s.digests.get(&contributor).copied().unwrap_or_default())
	}
}

impl RewardDigests for RecordedDigests {
	fn note_with(contributor: ContributorId, f: impl FnOnce(&mut RunningDigest)) {
		let mut digest = Self::get(contributor);
		f(&mut digest);
		with(|s| s.digests.insert(contributor, digest));
	}
}

/// The System and Balances configuration that the pallet mocks share: `AccountId32` accounts
/// ([`sp_runtime::AccountId32`], looked up as themselves), `u128` balances, existential deposit
/// `ED`. Declares `Block`, `AccountId`, `Balance`, `ED` and the helpers `ext_at_block_one` and
/// `run_checked` for the mock; the runtime must have
/// `System: frame_system` and `Balances: pallet_balances`.
///
/// ```ignore
/// frame_support::construct_runtime!(
///     pub enum Test { System: frame_system, Balances: pallet_balances, Workload: pallet_workload }
/// );
/// metachain_primitives::impl_mock_system_and_balances!(Test, ed: 10);
/// ```
#[macro_export]
macro_rules! impl_mock_system_and_balances {
	($runtime:ident, ed: $ed:expr) => {
		type Block = frame_system::mocking::MockBlock<$runtime>;
		/// Accounts of the mock.
		pub type AccountId = sp_runtime::AccountId32;
		/// Balances of the mock.
		pub type Balance = u128;
		/// The existential deposit of the mock.
		pub const ED: Balance = $ed;

		/// Test externalities holding `storage`, at block 1 (events are kept from block 1 on).
		pub fn ext_at_block_one(storage: sp_runtime::Storage) -> sp_io::TestExternalities {
			let mut ext = sp_io::TestExternalities::new(storage);
			ext.execute_with(|| System::set_block_number(1));
			ext
		}

		/// Run the test `f` in `ext`, then check the pallet's invariants with `try_state`.
		pub fn run_checked<E: core::fmt::Debug>(
			mut ext: sp_io::TestExternalities,
			f: impl FnOnce(),
			try_state: impl FnOnce() -> Result<(), E>,
		) {
			ext.execute_with(|| {
				f();
				try_state().expect("invariants hold");
			});
		}

		/// The System and Balances configuration (a module of its own, so that the caller
		/// need not import `derive_impl`).
		mod __mock_system_and_balances {
			use super::*;
			use frame_support::derive_impl;

			#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
			impl frame_system::Config for $runtime {
				type Block = Block;
				type AccountId = AccountId;
				type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
				type AccountData = pallet_balances::AccountData<Balance>;
			}

			#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
			impl pallet_balances::Config for $runtime {
				type Balance = Balance;
				type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
				type AccountStore = System;
				type RuntimeHoldReason = RuntimeHoldReason;
			}
		}
	};
}
