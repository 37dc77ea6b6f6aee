//! Benchmarks of the credit pallet, each at its worst case: full invitation lists, decay to
//! write back, batches up to `MaxHeartbeatsPerBatch` with every signature verified.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use metachain_primitives::benchmarking::DeviceKeys;
use sp_runtime::traits::Bounded;

fn funded<T: Config>(who: &T::AccountId) {
	let _ = T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
}

/// A registered, funded device at `MaxCredit` (so it may invite even after decaying), with no
/// heartbeat since it registered, so that touching it later decays it.
fn device<T: Config>(i: u32) -> T::AccountId {
	let who = T::BenchmarkHelper::device(i);
	funded::<T>(&who);
	Pallet::<T>::do_register(&who, DeviceKind::SmartGateway, None, Zero::zero())
		.expect("a funded account registers");
	let max = Parameters::<T>::get().max_credit;
	Devices::<T>::mutate(&who, |d| {
		if let Some(d) = d {
			d.credit = max;
			d.highest = max;
		}
	});
	who
}

/// A funded, registered heartbeat relay.
fn relay<T: Config>() -> T::AccountId {
	let relay: T::AccountId = account("relay", 0, 0);
	funded::<T>(&relay);
	Pallet::<T>::register_relay(RawOrigin::Signed(relay.clone()).into()).expect("funded");
	relay
}

/// `devices`' heartbeats for `period`, signed for `relay` (each over another period if `bad`).
fn signed_batch<T: Config>(
	devices: &[T::AccountId],
	period: PeriodIndex,
	relay: &T::AccountId,
	bad: bool,
) -> BoundedVec<SignedHeartbeatOf<T>, T::MaxHeartbeatsPerBatch> {
	let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
	let signed = if bad { period.saturating_add(1) } else { period };
	let heartbeats: alloc::vec::Vec<SignedHeartbeatOf<T>> = devices
		.iter()
		.map(|d| SignedHeartbeat {
			device: d.clone(),
			period,
			signature: T::BenchmarkHelper::sign(d, &heartbeat_payload(&genesis, d, signed, relay)),
		})
		.collect();
	BoundedVec::truncate_from(heartbeats)
}

/// A registered relay and `n` devices, ten periods on, with their heartbeats for this period
/// signed for the relay (each over another period if `bad`).
fn relayed_batch<T: Config>(
	n: u32,
	bad: bool,
) -> (
	T::AccountId,
	alloc::vec::Vec<T::AccountId>,
	PeriodIndex,
	BoundedVec<SignedHeartbeatOf<T>, T::MaxHeartbeatsPerBatch>,
) {
	let relay = relay::<T>();
	let devices: alloc::vec::Vec<T::AccountId> = (0..n).map(device::<T>).collect();
	advance_periods::<T>(10);
	let period = Pallet::<T>::current_period();
	let heartbeats = signed_batch::<T>(&devices, period, &relay, bad);
	(relay, devices, period, heartbeats)
}

/// Move `periods` credit periods ahead.
fn advance_periods<T: Config>(periods: u32) {
	let length = Parameters::<T>::get().credit_period;
	let now = frame_system::Pallet::<T>::block_number();
	let mut blocks = length;
	for _ in 1..periods {
		blocks = blocks.saturating_add(length);
	}
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks));
}

/// Fill `inviter`'s open-invitation list to `MaxOpenInvites - 1`, with invitations that are
/// still open.
fn fill_invites<T: Config>(inviter: &T::AccountId, salt: u32) {
	let params = Parameters::<T>::get();
	for j in 0..params.max_open_invites.saturating_sub(1) {
		let invitee: T::AccountId = account("invitee", j, salt);
		Pallet::<T>::invite(RawOrigin::Signed(inviter.clone()).into(), invitee)
			.expect("room for invitations");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Registration through a device's invitation: the inviter's list is scanned, the inviter
	/// decays and gains its bonus, the deposit is held.
	#[benchmark]
	fn register_device() {
		// The bonus given at once (no vesting) is the heavier path.
		Parameters::<T>::mutate(|p| p.invite_vesting_periods = 0);
		let inviter = device::<T>(0);
		fill_invites::<T>(&inviter, 0);
		let who: T::AccountId = account("new-device", 0, 0);
		funded::<T>(&who);
		Pallet::<T>::invite(RawOrigin::Signed(inviter.clone()).into(), who.clone())
			.expect("room for one more");

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), DeviceKind::DvpnClient);

		assert!(Devices::<T>::contains_key(&who));
	}

	/// An invitation by a device with a nearly full list, to an account whose expired
	/// invitation from another full-listed device must be cleaned up.
	#[benchmark]
	fn invite() {
		let other = device::<T>(1);
		let invitee: T::AccountId = account("invitee", 999, 0);
		fill_invites::<T>(&other, 1);
		Pallet::<T>::invite(RawOrigin::Signed(other).into(), invitee.clone())
			.expect("room for one more");
		let inviter = device::<T>(0);
		fill_invites::<T>(&inviter, 0);
		let expiry = Parameters::<T>::get().invite_expiry;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(expiry));
		// Re-open the inviter's own invitations so its list is scanned in full.
		OpenInvites::<T>::mutate(&inviter, |list| {
			for (_, e) in list.iter_mut() {
				*e = BlockNumberFor::<T>::max_value();
			}
		});
		// The invitee once withdrew a deposit: its passed cooldown is removed too.
		ReregisterAt::<T>::insert(&invitee, frame_system::Pallet::<T>::block_number());

		#[extrinsic_call]
		_(RawOrigin::Signed(inviter.clone()), invitee.clone());

		assert_eq!(Invitations::<T>::get(&invitee).and_then(|i| i.inviter), Some(inviter));
	}

	#[benchmark]
	fn force_invite() -> Result<(), BenchmarkError> {
		let other = device::<T>(1);
		let invitee: T::AccountId = account("invitee", 999, 0);
		fill_invites::<T>(&other, 1);
		Pallet::<T>::invite(RawOrigin::Signed(other).into(), invitee.clone())
			.expect("room for one more");
		let expiry = Parameters::<T>::get().invite_expiry;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(expiry));
		let origin =
			T::InviteOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		ReregisterAt::<T>::insert(&invitee, frame_system::Pallet::<T>::block_number());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, invitee.clone());

		assert_eq!(Invitations::<T>::get(&invitee).map(|i| i.inviter), Some(None));
		Ok(())
	}

	#[benchmark]
	fn cancel_invitation() {
		let inviter = device::<T>(0);
		fill_invites::<T>(&inviter, 0);
		let invitee: T::AccountId = account("invitee", 999, 0);
		Pallet::<T>::invite(RawOrigin::Signed(inviter.clone()).into(), invitee.clone())
			.expect("room for one more");

		#[extrinsic_call]
		_(RawOrigin::Signed(inviter), invitee.clone());

		assert!(Invitations::<T>::get(&invitee).is_none());
	}

	/// A heartbeat after many silent periods: decay is written back.
	#[benchmark]
	fn heartbeat() {
		let who = device::<T>(0);
		advance_periods::<T>(10);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert_eq!(
			Devices::<T>::get(&who).and_then(|d| d.last_heartbeat),
			Some(Pallet::<T>::current_period())
		);
	}

	/// A relay's batch of `n` valid heartbeats: every signature verified, every device
	/// recorded (after decay to write back).
	#[benchmark]
	fn submit_heartbeats(n: Linear<1, { T::MaxHeartbeatsPerBatch::get() }>) {
		let (relay, devices, period, heartbeats) = relayed_batch::<T>(n, false);

		#[block]
		{
			let _ = Pallet::<T>::submit_heartbeats(
				RawOrigin::Signed(relay.clone()).into(),
				heartbeats,
				HeartbeatWitness { heavy: n, ..Default::default() },
			);
		}

		assert!(devices
			.iter()
			.all(|d| Devices::<T>::get(d).and_then(|d| d.last_heartbeat) == Some(period)));
	}

	/// A relay's batch of `n` entries that are all skipped at their costliest (a registered
	/// device, the signature checked and bad), and the relay charged for them.
	#[benchmark]
	fn submit_heartbeats_skipped(n: Linear<1, { T::MaxHeartbeatsPerBatch::get() }>) {
		let (relay, devices, _, heartbeats) = relayed_batch::<T>(n, true);
		let held = Relays::<T>::get(&relay);

		#[block]
		{
			let _ = Pallet::<T>::submit_heartbeats(
				RawOrigin::Signed(relay.clone()).into(),
				heartbeats,
				HeartbeatWitness { heavy: n, ..Default::default() },
			);
		}

		assert!(devices
			.iter()
			.all(|d| Devices::<T>::get(d).and_then(|d| d.last_heartbeat).is_none()));
		assert!(Relays::<T>::get(&relay) < held, "the relay paid");
	}

	/// A relay whose deposit skipped entries used up holds what it lacks again.
	#[benchmark]
	fn register_relay() {
		let relay = relay::<T>();
		Relays::<T>::insert(&relay, BalanceOf::<T>::zero());
		let _ = T::Currency::release_all(
			&HoldReason::RelayDeposit.into(),
			&relay,
			Precision::BestEffort,
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(relay.clone()));

		assert_eq!(Relays::<T>::get(&relay), Some(Parameters::<T>::get().relay_deposit));
	}

	#[benchmark]
	fn unregister_relay() {
		let relay = relay::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(relay.clone()));

		assert!(Relays::<T>::get(&relay).is_none());
	}

	/// What `CheckHeartbeat` does in the pool for a relay's batch.
	#[benchmark]
	fn check_relay() {
		let relay = relay::<T>();

		#[block]
		{
			// (What it reads and computes does not depend on the batch's length.)
			Pallet::<T>::check_relay(&relay, 1).expect("a relay holding its deposit");
		}
	}

	#[benchmark]
	fn replenish_credit() {
		let who = device::<T>(0);
		advance_periods::<T>(30);
		let points = Pallet::<T>::max_replenishable(&who).max(1);
		// Make sure there is something to replenish.
		Devices::<T>::mutate(&who, |d| {
			if let Some(d) = d {
				d.highest = d.highest.max(d.credit.saturating_add(points));
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), points);

		assert!(Devices::<T>::get(&who).is_some());
	}

	#[benchmark]
	fn deregister() {
		let who = device::<T>(0);
		advance_periods::<T>(10);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Devices::<T>::get(&who).is_some_and(|d| d.unbonding_until.is_some()));
	}

	#[benchmark]
	fn withdraw_deposit() {
		let who = device::<T>(0);
		fill_invites::<T>(&who, 0);
		Pallet::<T>::deregister(RawOrigin::Signed(who.clone()).into()).expect("active device");
		let delay = Parameters::<T>::get().deregister_delay;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(delay));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Devices::<T>::contains_key(&who));
	}

	/// Bond more, with decay to write back (the listeners are charged apart).
	#[benchmark]
	fn bond_extra() {
		let who = device::<T>(0);
		advance_periods::<T>(10);
		let amount = Parameters::<T>::get().device_deposit;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);

		assert!(Devices::<T>::get(&who).is_some_and(|d| d.deposit >= amount.saturating_add(amount)));
	}

	/// Unbond, adding to MC already unbonding, with decay to write back.
	#[benchmark]
	fn unbond() {
		let who = device::<T>(0);
		let deposit = Parameters::<T>::get().device_deposit;
		Pallet::<T>::bond_extra(
			RawOrigin::Signed(who.clone()).into(),
			deposit.saturating_add(deposit),
		)
		.expect("funded");
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), deposit).expect("bonded");
		advance_periods::<T>(10);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), deposit);

		assert!(
			Unbonding::<T>::get(&who).is_some_and(|c| c.amount == deposit.saturating_add(deposit))
		);
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = device::<T>(0);
		let deposit = Parameters::<T>::get().device_deposit;
		Pallet::<T>::bond_extra(RawOrigin::Signed(who.clone()).into(), deposit).expect("funded");
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), deposit).expect("bonded");
		let delay = Parameters::<T>::get().deregister_delay;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(delay));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Unbonding::<T>::get(&who).is_none());
	}

	/// A slash through `DeviceStake`: bond and unbonding MC to the treasury, decay written
	/// back, the inviter penalized (its decay too) and a vesting bonus forfeited.
	#[benchmark]
	fn slash_device() {
		let inviter = device::<T>(1);
		let who = device::<T>(0);
		Devices::<T>::mutate(&who, |d| {
			if let Some(d) = d {
				d.inviter = Some(inviter.clone());
			}
		});
		VestingInviteBonus::<T>::insert(&who, 1);
		let deposit = Parameters::<T>::get().device_deposit;
		Pallet::<T>::bond_extra(RawOrigin::Signed(who.clone()).into(), deposit).expect("funded");
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), deposit).expect("bonded");
		advance_periods::<T>(10);

		#[block]
		{
			<Pallet<T> as DeviceStake<T::AccountId>>::slash(&who, Perbill::from_percent(10))
				.expect("a device");
		}

		assert!(VestingInviteBonus::<T>::get(&who).is_none());
	}

	/// What `CheckHeartbeat` does in the pool for a heartbeat.
	#[benchmark]
	fn check_heartbeat() {
		let who = device::<T>(0);

		#[block]
		{
			let period = Pallet::<T>::current_period();
			Pallet::<T>::check_heartbeat(&who, period).expect("valid");
		}
	}

	/// Work credit awarded through `CreditSink`, with decay to write back.
	#[benchmark]
	fn award_work_credit() {
		let who = device::<T>(0);
		advance_periods::<T>(10);

		#[block]
		{
			<Pallet<T> as CreditSink<T::AccountId>>::award(&who, 1, *b"workload")
				.expect("an active device");
		}
	}

	/// An inviter's bonus vests: the inviter decays and gains the bonus, its listeners are told.
	#[benchmark]
	fn vest_invite_bonus() {
		Parameters::<T>::mutate(|p| p.invite_vesting_periods = 1);
		let inviter = device::<T>(0);
		let invitee: T::AccountId = account("new-device", 0, 0);
		funded::<T>(&invitee);
		Pallet::<T>::invite(RawOrigin::Signed(inviter.clone()).into(), invitee.clone())
			.expect("room for one");
		Pallet::<T>::register_device(
			RawOrigin::Signed(invitee.clone()).into(),
			DeviceKind::DvpnClient,
		)
		.expect("invited and funded");
		advance_periods::<T>(1);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), invitee.clone());

		assert!(!VestingInviteBonus::<T>::contains_key(&invitee));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
