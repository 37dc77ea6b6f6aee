//! Benchmarks (v2). Every call and hook is measured with `d` other delegations in state, up to
//! [`MAX_DELEGATORS`] (a million): their weights must not grow with it. The era-change work is
//! measured at its bound (`MaxRewardedValidators`), the sweeps at `SweepPageSize` and
//! `CandidateSweepPage`, the election's choice of targets at `MAX_CANDIDATES` entries read.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, Hooks};
use frame_system::RawOrigin;

/// The most other delegations the benchmarks put in state.
pub const MAX_DELEGATORS: u32 = BENCHMARKED_DELEGATORS;
/// The most heartbeats and validators of the grouped-heartbeat benchmark: a relay's batch
/// (`MaxHeartbeatsPerBatch`).
pub const MAX_GROUPED: u32 = 1_000;
/// The most candidate-list entries the election reads in the benchmarks: the runtime's target
/// bound (2,000) and a quarter ([`Pallet::candidate_visits`]).
pub const MAX_CANDIDATES: u32 = 2_500;

/// `d` delegations of other devices, to a validator of their own (raw storage: they are only
/// there to make the maps big).
fn populate<T: Config>(d: u32) {
	let validator: T::AccountId = account("filler-validator", 0, 0);
	for i in 0..d {
		let who: T::AccountId = account("filler", i, 0);
		Delegations::<T>::insert(
			&who,
			Delegation {
				validator: validator.clone(),
				counted: Zero::zero(),
				period: 0,
				reward_debt: FixedU128::zero(),
				settled_era: 0,
				since: Zero::zero(),
				slash_debt: FixedU128::one(),
			},
		);
	}
	ValidatorDelegators::<T>::insert(&validator, ValidatorDelegations { delegators: d });
}

fn stake<T: Config>() -> BalanceOf<T> {
	T::Staking::min_validator_bond()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(10u32.into())
}

fn candidate<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let v: T::AccountId = account(name, i, 0);
	T::Staking::make_candidate(&v, stake::<T>()).expect("a funded account becomes a candidate");
	v
}

fn device<T: Config>(i: u32) -> T::AccountId {
	let who: T::AccountId = account("device", i, 0);
	T::Credit::make_device(&who, T::Credit::reward_threshold().saturating_add(100))
		.expect("a funded account registers");
	who
}

/// Fund the pool so eras can pay (through the pool's own door: a funded account pays it in),
/// and open the reward pot.
fn fund_pool<T: Config>() {
	let funder: T::AccountId = account("pool-funder", 0, 0);
	let amount = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(&funder, amount.saturating_add(T::Currency::minimum_balance()));
	T::IncentivePool::receive(&funder, amount).expect("a funded account pays the pool");
	T::IncentivePool::open_pot(&Pallet::<T>::pot_account());
}

/// End the active era with points for `validators`, paying their devices.
fn pay_era<T: Config>(validators: &[T::AccountId]) {
	let era = T::Staking::active_era().unwrap_or(0);
	T::Staking::set_era_points(era, validators.iter().map(|v| (v.clone(), 20)).collect());
	let reward = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	Pallet::<T>::distribute_era_reward(reward);
	T::Staking::set_era_points(era + 1, Vec::new());
}

/// `d` delegations, and a device delegated to a validator, with a reward waiting for it.
fn delegated_with_reward<T: Config>(d: u32) -> (T::AccountId, T::AccountId) {
	populate::<T>(d);
	fund_pool::<T>();
	let v = candidate::<T>("validator", 0);
	let who = device::<T>(0);
	Pallet::<T>::do_delegate(&who, &v, CountFrom::Now).expect("delegates");
	pay_era::<T>(&[v.clone()]);
	(who, v)
}

/// The worst slash state for `who` delegating to `v`: `v` slashed since `who` was settled, and
/// `departures` validators it left, each slashed since (their slashes are taken at its next
/// change, one `DeviceStake::slash` each).
fn pending_slashes<T: Config>(who: &T::AccountId, v: &T::AccountId, departures: u32) {
	let half = FixedU128::from_rational(1, 2);
	Survival::<T>::insert(v, half);
	let mut list = BoundedVec::<Departure<T::AccountId>, T::MaxDepartures>::new();
	for i in 0..departures.min(T::MaxDepartures::get()) {
		let left: T::AccountId = account("left-validator", i, 0);
		Survival::<T>::insert(&left, half);
		let _ = list.try_push(Departure {
			validator: left,
			slash_debt: FixedU128::one(),
			until_era: Pallet::<T>::active_era().saturating_add(T::BondingDuration::get()),
		});
	}
	Departures::<T>::insert(who, list);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn delegate(d: Linear<10, MAX_DELEGATORS>) {
		populate::<T>(d);
		let v = candidate::<T>("validator", 0);
		// Another device already backs the validator: its bucket exists.
		let other = device::<T>(1);
		Pallet::<T>::do_delegate(&other, &v, CountFrom::Now).expect("delegates");
		let who = device::<T>(0);
		// It undelegated before: its rejoin block is read and dropped.
		RejoinAt::<T>::insert(&who, frame_system::Pallet::<T>::block_number());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), v.clone());

		assert_eq!(Delegations::<T>::get(&who).map(|d| d.validator), Some(v));
		assert!(!RejoinAt::<T>::contains_key(&who));
	}

	#[benchmark]
	fn undelegate(d: Linear<10, MAX_DELEGATORS>) {
		let (who, v) = delegated_with_reward::<T>(d);
		// Slashes owed to its validator and to all it left but one (room to leave this one).
		pending_slashes::<T>(&who, &v, T::MaxDepartures::get().saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Delegations::<T>::get(&who).is_none());
		// Within the cooldown: its rejoin block is written.
		assert!(RejoinAt::<T>::contains_key(&who));
	}

	#[benchmark]
	fn redelegate(d: Linear<10, MAX_DELEGATORS>) {
		let (who, v) = delegated_with_reward::<T>(d);
		pending_slashes::<T>(&who, &v, T::MaxDepartures::get().saturating_sub(1));
		let to = candidate::<T>("validator", 1);
		let other = device::<T>(1);
		Pallet::<T>::do_delegate(&other, &to, CountFrom::Now).expect("delegates");
		let cooldown = Parameters::<T>::get().redelegate_cooldown;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(cooldown),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), to.clone());

		assert_eq!(Delegations::<T>::get(&who).map(|d| d.validator), Some(to));
	}

	#[benchmark]
	fn claim_rewards(d: Linear<10, MAX_DELEGATORS>) {
		let (who, v) = delegated_with_reward::<T>(d);
		pending_slashes::<T>(&who, &v, 0);
		let caller: T::AccountId = whitelisted_caller();
		let before = T::Currency::balance(&who);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), who.clone());

		assert!(T::Currency::balance(&who) > before);
	}

	/// The worst change: a delegated device with a reward waiting moves to a new bucket (a
	/// heartbeat in a new period), paid on the way, owing slashes to its validator and to the
	/// most validators it may have left.
	#[benchmark]
	fn on_credit_changed(d: Linear<10, MAX_DELEGATORS>) {
		let (who, v) = delegated_with_reward::<T>(d);
		pending_slashes::<T>(&who, &v, T::MaxDepartures::get());
		let old = T::Credit::snapshot(&who);
		let mut new = old.expect("a device");
		new.anchor = new.anchor.saturating_add(1);
		new.last_heartbeat = Some(new.anchor);
		new.credit = new.credit.saturating_add(1);
		let before = T::Currency::balance(&who);

		#[block]
		{
			<Pallet<T> as OnCreditChanged<T::AccountId>>::on_credit_changed(&who, old, Some(new));
		}

		assert!(T::Currency::balance(&who) > before);
	}

	/// A relay's batch of `v + n` heartbeats of delegating devices alive in the previous
	/// period, backing `v` validators (one device each, and `n` more spread over them): each
	/// classified, each group's readiness looked up, then all moved per validator from the
	/// previous period's bucket to the current one (each group's devices all move, emptying its
	/// old bucket: its dust goes back to the pool).
	#[benchmark]
	fn heartbeats_grouped(v: Linear<1, { MAX_GROUPED }>, n: Linear<0, { MAX_GROUPED }>) {
		let n = v + n;
		fund_pool::<T>();
		let validators: Vec<T::AccountId> =
			(0..v).map(|i| candidate::<T>("validator", i)).collect();
		let mut devices = Vec::new();
		for i in 0..n {
			let who = device::<T>(i);
			let validator = &validators[(i % v) as usize];
			Pallet::<T>::do_delegate(&who, validator, CountFrom::Now).expect("delegates");
			devices.push(who);
		}
		pay_era::<T>(&validators);
		let olds: Vec<CreditSnapshot> =
			devices.iter().map(|d| T::Credit::snapshot(d).expect("a device")).collect();
		T::Credit::start_next_period();
		let period = T::Credit::current_period();
		// The marks the credit pallet reads with the devices' records: each keeps its ticket.
		let heartbeats: Vec<_> = devices
			.iter()
			.zip(olds)
			.map(|(who, old)| {
				let mut new = old;
				new.anchor = period;
				new.last_heartbeat = Some(period);
				let mark = T::Credit::listener_mark(who).expect("a device");
				assert!(mark.ticket().is_some(), "delegating keeps the device's ticket");
				(who.clone(), old, new, mark)
			})
			.collect();
		let mut grouped = Vec::new();

		#[block]
		{
			let mut ready = alloc::collections::BTreeSet::new();
			for (who, old, new, mark) in &heartbeats {
				let (class, after) = <Pallet<T> as OnCreditChanged<T::AccountId>>::heartbeat_class(
					who, mark, old, new,
				);
				if let (HeartbeatClass::Grouped(group), ListenerMark::Grouped(ticket)) =
					(class, after)
				{
					if ready.contains(&group)
						|| <Pallet<T> as OnCreditChanged<T::AccountId>>::group_ready(&group)
					{
						ready.insert(group);
						grouped.push((who.clone(), *old, *new, ticket));
					}
				}
			}
			<Pallet<T> as OnCreditChanged<T::AccountId>>::on_heartbeats(&grouped);
		}

		assert_eq!(grouped.len(), n as usize, "every heartbeat grouped");
		assert!(validators
			.iter()
			.all(|val| Buckets::<T>::get(val, period).is_some_and(|b| !b.weight.is_zero())
				&& Buckets::<T>::get(val, period - 1).is_none()));
	}

	/// Staking tells of a validator's slash: its survival falls.
	#[benchmark]
	fn validator_slashed() {
		let (_, v) = delegated_with_reward::<T>(10);
		Survival::<T>::insert(&v, FixedU128::from_rational(1, 2));
		T::Staking::set_slash_fraction(&v, Perbill::from_percent(10));

		#[block]
		{
			Pallet::<T>::on_validator_slashed(&v);
		}

		assert!(Pallet::<T>::survival(&v) < FixedU128::from_rational(1, 2));
	}

	/// The era change: `v` rewarded validators, each with devices in both live buckets and a
	/// commission.
	#[benchmark]
	fn distribute_era_reward(
		v: Linear<1, { T::MaxRewardedValidators::get() }>,
		d: Linear<10, MAX_DELEGATORS>,
	) {
		populate::<T>(d);
		fund_pool::<T>();
		let mut validators = Vec::new();
		for i in 0..v {
			let val = candidate::<T>("validator", i);
			let dev = device::<T>(i);
			Pallet::<T>::do_delegate(&dev, &val, CountFrom::Now).expect("delegates");
			validators.push(val);
		}
		let era = T::Staking::active_era().unwrap_or(0);
		T::Staking::set_era_points(era, validators.iter().map(|v| (v.clone(), 20)).collect());
		let reward = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());

		#[block]
		{
			Pallet::<T>::distribute_era_reward(reward);
		}

		assert_eq!(EraRewardedValidators::<T>::get(era).map(|l| l.len() as u32), Some(v));
		assert!(EraRewards::<T>::get(era).is_some_and(|r| !r.commission.is_zero()));
	}

	/// A block with nothing to sweep.
	#[benchmark]
	fn sweep_idle() {
		SweepCursor::<T>::put(T::Staking::active_era().unwrap_or(0));
		#[block]
		{
			Pallet::<T>::on_initialize(frame_system::Pallet::<T>::block_number());
		}
	}

	/// A page of the sweep: `v` validators whose buckets expire.
	#[benchmark]
	fn sweep_page(v: Linear<1, { T::SweepPageSize::get() }>) {
		fund_pool::<T>();
		let mut validators = Vec::new();
		for i in 0..v {
			let val = candidate::<T>("validator", i);
			let dev = device::<T>(i);
			Pallet::<T>::do_delegate(&dev, &val, CountFrom::Now).expect("delegates");
			validators.push(val);
		}
		let era = T::Staking::active_era().unwrap_or(0);
		pay_era::<T>(&validators);
		let depth = Parameters::<T>::get().reward_history_depth;
		T::Staking::set_era_points(era.saturating_add(depth).saturating_add(1), Vec::new());
		assert_eq!(SweepCursor::<T>::get(), Some(era));

		#[block]
		{
			Pallet::<T>::on_initialize(frame_system::Pallet::<T>::block_number());
		}

		assert_eq!(Outstanding::<T>::get(), Zero::zero());
	}

	/// The election's choice of targets over `t` entries of the candidate list, each a
	/// candidate backed by a device.
	#[benchmark]
	fn election_credit_filter(t: Linear<1, MAX_CANDIDATES>) {
		for i in 0..t {
			let val = candidate::<T>("validator", i);
			let dev = device::<T>(i);
			Pallet::<T>::do_delegate(&dev, &val, CountFrom::Now).expect("delegates");
			let merit = Pallet::<T>::merit(&val).expect("a candidate");
			T::Candidates::on_insert(val, merit).expect("not listed yet");
		}
		Parameters::<T>::mutate(|p| p.min_validator_backing = 1u32.into());

		#[block]
		{
			let (kept, _votes) = Pallet::<T>::electable_with_credit_votes(t);
			assert_eq!(kept.len() as u32, t);
		}
	}

	/// The candidate sweep entering `c` new candidates into the candidate list (a page).
	#[benchmark]
	fn sweep_candidates(c: Linear<1, { T::CandidateSweepPage::get() }>) {
		for i in 0..c {
			let val = candidate::<T>("validator", i);
			let dev = device::<T>(i);
			Pallet::<T>::do_delegate(&dev, &val, CountFrom::Now).expect("delegates");
		}
		CandidateCursor::<T>::kill();

		#[block]
		{
			Pallet::<T>::sweep_candidates();
		}

		assert!(T::Candidates::count() >= c.min(T::CandidateSweepPage::get()));
	}

	/// The fallback election by approval stake ([`crate::ApprovalStake`]) over `v` voters of
	/// 16 votes each (staking's nominations quota) and `t` targets, every target elected (the
	/// largest result: each voter backs all 16).
	#[benchmark]
	fn approval_stake(
		v: Linear<1, { T::MaxElectionVoters::get() }>,
		t: Linear<1, { T::MaxElectionTargets::get() }>,
	) {
		let targets: Vec<T::AccountId> = (0..t).map(|i| account("target", i, 0)).collect();
		let voters: Vec<(T::AccountId, VoteWeight, Vec<T::AccountId>)> = (0..v)
			.map(|i| {
				let votes = (0..16u32)
					.map(|j| targets[((i.wrapping_mul(16).wrapping_add(j)) % t) as usize].clone())
					.collect();
				(account("voter", i, 0), VoteWeight::from(i) + 1, votes)
			})
			.collect();

		let supports;
		#[block]
		{
			supports = crate::election::approval_stake(voters, targets, t);
		}

		assert_eq!(supports.len() as u32, t);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
