//! Benchmarks of anchoring, each at its worst case: `MaxRelayers` relayers and `MaxTargets`
//! targets (scanned by every attestation), the attestation that reaches the threshold, and a
//! checkpoint of every size up to `MaxCheckpointInterval` blocks.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::RawOrigin;

/// `n` relayer accounts.
fn relayers<T: Config>(n: u32) -> Vec<T::AccountId> {
	(0..n).map(|i| account("relayer", i, 0)).collect()
}

/// `n` distinct Ethereum targets (chain ids 1..=n).
fn targets(n: u32) -> Vec<AnchorTarget> {
	(1..=n as u64).map(|chain_id| AnchorTarget::Ethereum { chain_id }).collect()
}

/// A reference numbered `i`.
fn external(i: u8) -> ExternalRef {
	ExternalRef {
		tx_id: H256::repeat_byte(i),
		block_number: i as u64,
		block_hash: H256::repeat_byte(!i),
	}
}

/// Makes the blocks `first..now` known to `frame_system`, sets the block number to `now`.
fn blocks<T: Config>(first: BlockNumberFor<T>, now: BlockNumberFor<T>) {
	let mut b = first;
	while b < now {
		let n: u64 = b.unique_saturated_into();
		frame_system::BlockHash::<T>::insert(b, H256(sp_io::hashing::keccak_256(&n.encode())));
		b = b.saturating_add(One::one());
	}
	frame_system::Pallet::<T>::set_block_number(now);
}

/// A listed relayer (the last of `MaxRelayers`, so that the list is scanned to its end), with
/// MC for a bond and the existential deposit.
fn funded_relayer<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let accounts = relayers::<T>(T::MaxRelayers::get());
	Relayers::<T>::put(RelayersOf::<T>::truncate_from(accounts.clone()));
	let who = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
	let amount = T::MinRelayerBond::get()
		.saturating_mul(2u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	Ok(who)
}

/// `who` bonded `MinRelayerBond` at block 1.
fn bonded<T: Config>(who: &T::AccountId) -> Result<(), BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(One::one());
	Pallet::<T>::bond_relayer(
		RawOrigin::Signed(who.clone()).into(),
		T::MinRelayerBond::get(),
		[7; 32],
	)
	.map_err(|_| BenchmarkError::Stop("bond"))
}

/// Sets the checkpoint interval to `blocks`.
fn set_interval<T: Config>(blocks: u32) {
	Parameters::<T>::mutate(|p| p.checkpoint_interval = blocks.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A bond: the relayer last of `MaxRelayers`.
	#[benchmark]
	fn bond_relayer() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		let amount = T::MinRelayerBond::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount, [7; 32]);

		ensure!(RelayerBonds::<T>::contains_key(&who), "not bonded");
		Ok(())
	}

	/// A heartbeat one `liveness_period` after the bond.
	#[benchmark]
	fn heartbeat() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;
		let now = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().liveness_period);
		frame_system::Pallet::<T>::set_block_number(now);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(RelayerBonds::<T>::get(&who).is_some_and(|b| b.last_seen == now), "not seen");
		Ok(())
	}

	/// The start of an unbonding.
	#[benchmark]
	fn unbond_relayer() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(RelayerBonds::<T>::get(&who).is_some_and(|b| b.unbonding_at.is_some()), "bonded");
		Ok(())
	}

	/// The release of a bond at its release block.
	#[benchmark]
	fn withdraw_bond() -> Result<(), BenchmarkError> {
		let who = funded_relayer::<T>()?;
		bonded::<T>(&who)?;
		Pallet::<T>::unbond_relayer(RawOrigin::Signed(who.clone()).into())
			.map_err(|_| BenchmarkError::Stop("unbond"))?;
		let at = RelayerBonds::<T>::get(&who)
			.and_then(|b| b.unbonding_at)
			.ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(at);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		ensure!(!RelayerBonds::<T>::contains_key(&who), "still bonded");
		Ok(())
	}

	/// The attestation that anchors a checkpoint: `MaxRelayers` relayers, threshold
	/// `MaxRelayers`, the other relayers already agreeing, the target last of `MaxTargets`, the
	/// attesting relayer bonded (its sign of life is written).
	#[benchmark]
	fn attest() -> Result<(), BenchmarkError> {
		let max = T::MaxRelayers::get();
		let accounts = relayers::<T>(max);
		Relayers::<T>::put(RelayersOf::<T>::truncate_from(accounts.clone()));
		Threshold::<T>::put(max);
		let all = targets(T::MaxTargets::get());
		let target = *all.last().ok_or(BenchmarkError::Weightless)?;
		Targets::<T>::put(TargetsOf::<T>::truncate_from(all));
		let interval = T::MaxCheckpointInterval::get();
		let now: BlockNumberFor<T> = (interval + 1).into();
		blocks::<T>(One::one(), now);
		NextFirstBlock::<T>::put(BlockNumberFor::<T>::one());
		set_interval::<T>(interval);
		Pallet::<T>::maybe_record_checkpoint(now);
		ensure!(NextCheckpoint::<T>::get() == 1, "no checkpoint to attest");
		let here = frame_system::Pallet::<T>::block_number();
		let earlier: Vec<AttestationOf<T>> = accounts
			.iter()
			.take(max as usize - 1)
			.map(|r| Attestation { relayer: r.clone(), external: external(1), at: here })
			.collect();
		Attestations::<T>::insert(0, target, AttestationsOf::<T>::truncate_from(earlier));
		let caller = accounts.last().cloned().ok_or(BenchmarkError::Weightless)?;
		RelayerBonds::<T>::insert(
			&caller,
			RelayerBond {
				amount: Zero::zero(),
				since: Zero::zero(),
				last_seen: Zero::zero(),
				unbonding_at: None,
				encryption_key: [7; 32],
			},
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, target, external(1));

		ensure!(Anchors::<T>::get(0, target).is_some(), "not anchored");
		Ok(())
	}

	/// Setting `r` relayers (checked for duplicates).
	#[benchmark]
	fn set_relayers(r: Linear<1, { T::MaxRelayers::get() }>) -> Result<(), BenchmarkError> {
		let list = RelayersOf::<T>::truncate_from(relayers::<T>(r));
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list, r);

		ensure!(Relayers::<T>::get().len() as u32 == r, "relayers not set");
		Ok(())
	}

	/// Setting `t` targets (checked for duplicates).
	#[benchmark]
	fn set_targets(t: Linear<1, { T::MaxTargets::get() }>) -> Result<(), BenchmarkError> {
		let list = TargetsOf::<T>::truncate_from(targets(t));
		let origin =
			T::RelayerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list);

		ensure!(Targets::<T>::get().len() as u32 == t, "targets not set");
		Ok(())
	}

	/// A block that records no checkpoint.
	#[benchmark]
	fn on_initialize_idle() -> Result<(), BenchmarkError> {
		set_interval::<T>(T::MaxCheckpointInterval::get());
		let now: BlockNumberFor<T> = 10u32.into();
		blocks::<T>(One::one(), now);
		NextFirstBlock::<T>::put(BlockNumberFor::<T>::from(1u32));

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		ensure!(NextCheckpoint::<T>::get() == 0, "a checkpoint was recorded");
		Ok(())
	}

	/// A block that records a checkpoint of `n` blocks (reading `n` block hashes, taking the
	/// runtime's contributors' digests, each with records).
	#[benchmark]
	fn on_initialize_checkpoint(
		n: Linear<1, { T::MaxCheckpointInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		set_interval::<T>(n);
		for contributor in T::Contributors::get() {
			PeriodDigests::<T>::mutate(contributor, |d| d.note(&n));
		}
		let first: BlockNumberFor<T> = 5u32.into();
		let now = first.saturating_add(n.into());
		blocks::<T>(first, now);
		NextFirstBlock::<T>::put(first);
		NextCheckpoint::<T>::put(7);
		Checkpoints::<T>::insert(
			6,
			Checkpoint {
				number: 6,
				first_block: Zero::zero(),
				last_block: first.saturating_sub(One::one()),
				recorded_at: first,
				last_block_hash: H256::repeat_byte(1),
				blocks_root: H256::repeat_byte(2),
				digests: Default::default(),
				digests_root: H256::repeat_byte(3),
				previous_root: H256::repeat_byte(4),
				root: H256::repeat_byte(5),
			},
		);

		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}

		let c = Checkpoints::<T>::get(7).ok_or(BenchmarkError::Weightless)?;
		ensure!(c.last_block.saturating_sub(c.first_block) + One::one() == n.into(), "wrong range");
		ensure!(c.digests.iter().all(|d| d.digest.records == 1), "a digest was not taken");
		ensure!(PeriodDigests::<T>::iter_keys().next().is_none(), "a digest was left");
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
