//! Benchmarks of the governance pallet, each at its worst case: full queues (`MaxQueued`), votes
//! in both classes, proposals up to `MaxProposalLen` bytes, and pages of `CountPageSize` stakers.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks, StorePreimage};
use frame_system::RawOrigin;
use sp_runtime::traits::Dispatchable;
use sp_runtime::traits::{Bounded as _, One};

/// A staker with plenty of bonded MC and free MC for deposits, counted in the last count (as
/// if it had bonded before it).
fn staker<T: Config>(name: &'static str, i: u32) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account(name, i, 0);
	let amount = Parameters::<T>::get()
		.submission_deposit
		.saturating_mul(1_000u32.into())
		.max(1_000_000u32.into());
	T::Stake::make_staker(&who, amount).map_err(|_| BenchmarkError::Stop("make_staker failed"))?;
	CountedStake::<T>::insert(Electorate::<T>::get().id, &who, amount);
	Ok(who)
}

/// A `system.remark` proposal whose encoded call is about `len` bytes, noted as a preimage
/// when it is longer than an inline proposal.
fn proposal<T: Config>(len: u32, salt: u8) -> Result<BoundedCallOf<T>, BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	let payload = vec![salt; len.saturating_sub(8) as usize];
	let call: CallOf<T> = frame_system::Call::<T>::remark { remark: payload }.into();
	T::Preimages::bound(call).map_err(|_| BenchmarkError::Stop("cannot note the preimage"))
}

/// An upgrade proposal (`system.authorize_upgrade`), inline.
fn upgrade_proposal<T: Config>() -> Result<BoundedCallOf<T>, BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	let call: CallOf<T> =
		frame_system::Call::<T>::authorize_upgrade { code_hash: T::Hash::default() }.into();
	T::Preimages::bound(call).map_err(|_| BenchmarkError::Stop("cannot bound the call"))
}

/// Submits `proposal` with the longest voting period; returns its index.
fn submit_proposal<T: Config>(
	who: &T::AccountId,
	proposal: BoundedCallOf<T>,
) -> Result<ReferendumIndex, BenchmarkError> {
	let index = ReferendumCount::<T>::get();
	let period = Parameters::<T>::get().max_voting_period;
	Pallet::<T>::submit(RawOrigin::Signed(who.clone()).into(), Box::new(proposal), period)
		.map_err(|_| BenchmarkError::Stop("submit failed"))?;
	Ok(index)
}

/// Submits a general proposal (a 64-byte remark, `salt` makes it unique); returns its index.
fn submit_general<T: Config>(
	who: &T::AccountId,
	salt: u8,
) -> Result<ReferendumIndex, BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	submit_proposal::<T>(who, proposal::<T>(64, salt)?)
}

/// Submits an upgrade proposal; returns its index.
fn submit_upgrade<T: Config>(who: &T::AccountId) -> Result<ReferendumIndex, BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	submit_proposal::<T>(who, upgrade_proposal::<T>()?)
}

/// A voter with an aye on an upgrade referendum and a vote (`aye_general`) on a general one,
/// both being decided; returns the voter and the general referendum.
fn voter_in_two_classes<T: Config>(
	aye_general: bool,
) -> Result<(T::AccountId, ReferendumIndex), BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	let proposer = staker::<T>("proposer", 0)?;
	let general = submit_general::<T>(&proposer, 1)?;
	let upgrade = submit_upgrade::<T>(&proposer)?;
	let voter = staker::<T>("voter", 0)?;
	for (index, aye) in [(upgrade, true), (general, aye_general)] {
		Pallet::<T>::vote(RawOrigin::Signed(voter.clone()).into(), index, aye)
			.map_err(|_| BenchmarkError::Stop("vote failed"))?;
	}
	Ok((voter, general))
}

/// A general referendum being decided, and `queued` more waiting behind it (each account
/// proposes at most `MaxProposalsPerAccount`).
fn general_class<T: Config>(queued: u32) -> Result<(T::AccountId, ReferendumIndex), BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	general_class_led_by::<T>(queued, 64)
}

/// [`general_class`] with a decided referendum of `len` bytes (a noted preimage when long).
fn general_class_led_by<T: Config>(
	queued: u32,
	len: u32,
) -> Result<(T::AccountId, ReferendumIndex), BenchmarkError>
where
	T::Preimages: StorePreimage,
{
	let proposer = staker::<T>("proposer", 0)?;
	let first = submit_proposal::<T>(&proposer, proposal::<T>(len, 0)?)?;
	let per_account = T::MaxProposalsPerAccount::get().max(1);
	let mut queuer = proposer.clone();
	for i in 0..queued {
		if i % per_account == 0 {
			queuer = staker::<T>("queuer", i / per_account)?;
		}
		submit_general::<T>(&queuer, (i % 250) as u8 + 1)?;
	}
	Ok((proposer, first))
}

#[benchmarks(where T::Preimages: StorePreimage)]
mod benchmarks {
	use super::*;

	/// Submitting a proposal of `l` bytes (by preimage, decoded to find its class) into a class
	/// that is busy, as the last of a full queue.
	#[benchmark]
	fn submit(l: Linear<128, { T::MaxProposalLen::get() }>) -> Result<(), BenchmarkError> {
		let (_, _) = general_class::<T>(T::MaxQueued::get().saturating_sub(1))?;
		let caller = staker::<T>("caller", 0)?;
		let p = proposal::<T>(l, 0xee)?;
		let period = Parameters::<T>::get().max_voting_period;
		let index = ReferendumCount::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), Box::new(p), period);

		assert_eq!(Queue::<T>::get(Class::General).last(), Some(&index));
		Ok(())
	}

	/// Changing a vote, with a vote in the other class too (both read for the freeze).
	#[benchmark]
	fn vote() -> Result<(), BenchmarkError> {
		let (voter, general) = voter_in_two_classes::<T>(false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()), general, true);

		assert!(Votes::<T>::get(&voter, Class::General).map_or(false, |v| v.aye));
		Ok(())
	}

	/// Withdrawing a vote from a referendum being decided, with a vote in the other class.
	#[benchmark]
	fn remove_vote() -> Result<(), BenchmarkError> {
		let (voter, _general) = voter_in_two_classes::<T>(true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(voter.clone()), Class::General);

		assert!(Votes::<T>::get(&voter, Class::General).is_none());
		Ok(())
	}

	/// Cancelling the referendum being decided, whose proposal (read to check that it may be
	/// cancelled) is the longest; the next of a full queue starts.
	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let (_, first) = general_class_led_by::<T>(T::MaxQueued::get(), T::MaxProposalLen::get())?;
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, first);

		assert_eq!(Deciding::<T>::get(Class::General), Some(first + 1));
		Ok(())
	}

	/// Fast-tracking the last referendum of a full queue to its head.
	#[benchmark]
	fn fast_track() -> Result<(), BenchmarkError> {
		let queued = T::MaxQueued::get();
		let (_, first) = general_class::<T>(queued)?;
		let last = first + queued;
		let origin =
			T::FastTrackOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last);

		assert_eq!(Queue::<T>::get(Class::General).first(), Some(&last));
		Ok(())
	}

	/// The second of the two approvals, which schedules the upgrade.
	#[benchmark]
	fn approve_upgrade() -> Result<(), BenchmarkError> {
		let code_hash = T::Hash::default();
		let foundation =
			T::FoundationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::approve_upgrade(foundation, code_hash)
			.map_err(|_| BenchmarkError::Stop("first approval failed"))?;
		let technical =
			T::TechnicalOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(technical as T::RuntimeOrigin, code_hash);

		assert!(PendingUpgrade::<T>::get().is_none());
		assert!(ScheduledUpgrade::<T>::get().is_some());
		Ok(())
	}

	/// The block hook with nothing to decide and no count due.
	#[benchmark]
	fn on_initialize_idle() {
		let now = frame_system::Pallet::<T>::block_number();
		Electorate::<T>::mutate(|e| e.counted_at = now);

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		assert!(Counting::<T>::get().is_none());
	}

	/// A general referendum passes: its proposal is scheduled, its deposit returned, and the
	/// next of a full queue starts.
	#[benchmark]
	fn conclude_approved() -> Result<(), BenchmarkError> {
		let (_, first) = general_class::<T>(T::MaxQueued::get())?;
		let voter = staker::<T>("voter", 0)?;
		Pallet::<T>::vote(RawOrigin::Signed(voter).into(), first, true)
			.map_err(|_| BenchmarkError::Stop("vote failed"))?;
		// The voter alone is the whole turnout and approval, and the referendum has been
		// confirming for its whole confirmation period.
		let start = frame_system::Pallet::<T>::block_number();
		Referenda::<T>::mutate(first, |r| {
			if let Some(Referendum {
				phase: Phase::Deciding { electorate, confirming, .. }, ..
			}) = r
			{
				*electorate = One::one();
				*confirming = Some(start);
			}
		});
		let now = start.saturating_add(Parameters::<T>::get().general.confirmation);
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			Pallet::<T>::advance(Class::General, now);
		}

		assert_eq!(EndedReferenda::<T>::get(first).map(|e| e.outcome), Some(Outcome::Approved));
		assert_eq!(Deciding::<T>::get(Class::General), Some(first + 1));
		Ok(())
	}

	/// A general referendum starts passing: its confirmation starts (stopping is as heavy).
	#[benchmark]
	fn confirm_transition() -> Result<(), BenchmarkError> {
		Parameters::<T>::mutate(|p| {
			p.general.confirmation = p.general.confirmation.max(One::one());
		});
		let (_, first) = general_class::<T>(T::MaxQueued::get())?;
		let voter = staker::<T>("voter", 0)?;
		Pallet::<T>::vote(RawOrigin::Signed(voter).into(), first, true)
			.map_err(|_| BenchmarkError::Stop("vote failed"))?;
		Referenda::<T>::mutate(first, |r| {
			if let Some(Referendum { phase: Phase::Deciding { electorate, .. }, .. }) = r {
				*electorate = One::one();
			}
		});
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::advance(Class::General, now);
		}

		assert!(matches!(
			Referenda::<T>::get(first).map(|r| r.phase),
			Some(Phase::Deciding { confirming: Some(_), .. })
		));
		Ok(())
	}

	/// A general referendum fails at its deadline: its deposit goes to the treasury, and the
	/// next of a full queue starts.
	#[benchmark]
	fn conclude_rejected() -> Result<(), BenchmarkError> {
		let (_, first) = general_class::<T>(T::MaxQueued::get())?;
		let deadline = match Referenda::<T>::get(first).map(|r| r.phase) {
			Some(Phase::Deciding { deadline, .. }) => deadline,
			_ => return Err(BenchmarkError::Stop("not deciding")),
		};
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			Pallet::<T>::advance(Class::General, deadline);
		}

		assert_eq!(EndedReferenda::<T>::get(first).map(|e| e.outcome), Some(Outcome::Rejected));
		assert_eq!(Deciding::<T>::get(Class::General), Some(first + 1));
		Ok(())
	}

	/// Counting a page of `n` stakers (the runtime's existing stakers are counted too).
	#[benchmark]
	fn count_stakers(n: Linear<0, { T::CountPageSize::get() }>) -> Result<(), BenchmarkError> {
		for i in 0..n {
			staker::<T>("counted", i)?;
		}
		Counting::<T>::kill();
		Electorate::<T>::kill();
		let now = BlockNumberFor::<T>::max_value();

		#[block]
		{
			Pallet::<T>::count_step(now);
		}

		Ok(())
	}

	/// Removing a page of `n` records of a stale count.
	#[benchmark]
	fn prune_count(n: Linear<0, { T::CountPageSize::get() }>) {
		let stale: CountId = Electorate::<T>::get().id.wrapping_add(100);
		for i in 0..n {
			let who: T::AccountId = account("counted", i, 0);
			CountedStake::<T>::insert(stale, who, BalanceOf::<T>::from(1u32));
		}
		StaleCounts::<T>::put(frame_support::BoundedVec::truncate_from(vec![stale]));

		#[block]
		{
			Pallet::<T>::prune_step();
		}

		assert_eq!(CountedStake::<T>::iter_prefix(stale).count(), 0);
	}

	/// Vetoing a jointly approved upgrade.
	#[benchmark]
	fn veto_upgrade() -> Result<(), BenchmarkError> {
		let code_hash = T::Hash::default();
		let authorize_at = BlockNumberFor::<T>::max_value();
		ScheduledUpgrade::<T>::put(JointUpgrade { code_hash, authorize_at });
		let origin =
			T::VetoOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		assert!(ScheduledUpgrade::<T>::get().is_none());
		Ok(())
	}

	/// The hook authorizing a jointly approved upgrade at the end of its delay, having looked
	/// for a veto in the general class (a referendum deciding and a full queue).
	#[benchmark]
	fn authorize_scheduled_upgrade() -> Result<(), BenchmarkError> {
		general_class::<T>(T::MaxQueued::get())?;
		let code_hash = T::Hash::default();
		let now = frame_system::Pallet::<T>::block_number();
		ScheduledUpgrade::<T>::put(JointUpgrade { code_hash, authorize_at: now });

		#[block]
		{
			Pallet::<T>::authorize_step(now);
		}

		assert!(ScheduledUpgrade::<T>::get().is_none());
		Ok(())
	}

	/// Enacting an approved proposal of the longest length (a noted preimage, read and
	/// decoded), in a storage transaction, with the issuance check. The proposal's own weight
	/// is added to this at dispatch.
	#[benchmark]
	fn enact() -> Result<(), BenchmarkError> {
		let index: ReferendumIndex = 0;
		Enactments::<T>::insert(index, proposal::<T>(T::MaxProposalLen::get(), 0xab)?);

		#[extrinsic_call]
		_(RawOrigin::Root, index, Weight::MAX);

		assert!(Enactments::<T>::get(index).is_none());
		Ok(())
	}

	/// A body's spend from the treasury, with a record of this period's spending to update.
	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		use frame_support::traits::fungible::Mutate;
		let origin =
			T::SpendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (body, budget) =
			T::SpendOrigin::try_origin(origin.clone()).map_err(|_| BenchmarkError::Weightless)?;
		let amount = budget;
		let _ = T::Currency::set_balance(&T::Treasury::get(), budget.saturating_mul(2u32.into()));
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);
		let _ = T::Currency::set_balance(&beneficiary, T::Currency::minimum_balance());
		let period = Pallet::<T>::spend_period(frame_system::Pallet::<T>::block_number());
		Spending::<T>::insert(body, PeriodSpending { period, spent: Zero::zero() });

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, amount, beneficiary);

		Ok(())
	}

	/// The body's own cost of `staking_admin` (the dispatched call's weight is added to it):
	/// a `system.remark` dispatched as root stands for the staking call.
	#[benchmark]
	fn staking_admin() -> Result<(), BenchmarkError> {
		let call: CallOf<T> = frame_system::Call::<T>::remark { remark: vec![] }.into();

		#[block]
		{
			let _ = call.dispatch(frame_system::RawOrigin::Root.into());
			Pallet::<T>::deposit_event(Event::<T>::StakingAdminDispatched { result: Ok(()) });
		}

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
