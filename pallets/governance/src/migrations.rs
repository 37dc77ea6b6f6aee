//! Storage migrations of the governance pallet.

use crate::{Config, OngoingProposals, Pallet, Referenda};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// Version 0 → 1 (issue 17, rule 5): each account's ongoing proposals are counted
/// ([`OngoingProposals`]), from the referenda on record (at most two lanes of `MaxQueued + 1`,
/// so one block). An account that already has more than `MaxProposalsPerAccount` keeps them;
/// it submits again once it is below the limit.
pub mod v1 {
	use super::*;

	/// The migration, applied only while the pallet's storage version is 0.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		UncheckedMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	/// The migration without the version check: use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			for (_, referendum) in Referenda::<T>::iter() {
				reads += 1;
				OngoingProposals::<T>::mutate(&referendum.proposer, |n| *n = n.saturating_add(1));
				writes += 1;
			}
			T::DbWeight::get().reads_writes(reads.saturating_mul(2), writes)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let counted: u32 = OngoingProposals::<T>::iter_values().sum();
			frame_support::ensure!(
				counted as usize == Referenda::<T>::iter_keys().count(),
				"ongoing proposals miscounted"
			);
			Ok(())
		}
	}
}

/// Version 1 → 2 (issue 17, rule 1): each count records every staker's part
/// ([`crate::CountedStake`]) and a decision keeps the number of the count it is measured
/// against, so that votes weigh no more than what that count saw.
///
/// - The last count (which recorded no staker) is dropped, and a count under way abandoned:
///   a new count starts in the next block. A decision that starts before it completes has an
///   electorate of zero that nobody can vote in; submit after the first `ElectorateCounted`.
/// - A decision under way keeps its electorate and is marked as started before version 2
///   (`count: None`): its votes weigh their voters' bonded MC, as they did.
/// - The rules gain `joint_upgrade_delay` (the migration's `JointDelay`): an upgrade both bodies
///   approve waits it out, and a referendum may veto it meanwhile. Referenda gain `urgent`
///   (false).
/// - At most two lanes of `MaxQueued + 1` referenda are rewritten: one block.
pub mod v2 {
	use super::*;
	use crate::{
		types::{GovernanceParams, Lane, Phase, Referendum, Tally},
		AccountIdOf, BalanceOf, BoundedCallOf, Counting, Electorate, Parameters,
	};
	use codec::{Decode, Encode};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The phase as version 1 stored it.
	#[derive(Encode, Decode)]
	pub enum OldPhase<Balance, BlockNumber> {
		/// Queued.
		Queued,
		/// Deciding, without the count's number.
		Deciding {
			/// The block the decision started.
			since: BlockNumber,
			/// The decision's deadline.
			deadline: BlockNumber,
			/// The electorate.
			electorate: Balance,
		},
	}

	/// A referendum as version 1 stored it.
	#[derive(Encode, Decode)]
	pub struct OldReferendum<AccountId, Balance, BlockNumber, Call> {
		/// The proposer.
		pub proposer: AccountId,
		/// The deposit held.
		pub deposit: Balance,
		/// The proposal.
		pub proposal: Call,
		/// Its lane.
		pub lane: Lane,
		/// Its voting period.
		pub voting_period: BlockNumber,
		/// When it was submitted.
		pub submitted: BlockNumber,
		/// Fast-tracked.
		pub fast_tracked: bool,
		/// Queued or deciding.
		pub phase: OldPhase<Balance, BlockNumber>,
		/// The votes so far.
		pub tally: Tally<Balance>,
	}

	type OldReferendumOf<T> =
		OldReferendum<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, BoundedCallOf<T>>;

	/// The rules as version 1 stored them.
	#[derive(Encode, Decode)]
	pub struct OldParams<Balance, BlockNumber> {
		/// The deposit.
		pub submission_deposit: Balance,
		/// The shortest voting period.
		pub min_voting_period: BlockNumber,
		/// The longest voting period.
		pub max_voting_period: BlockNumber,
		/// The enactment delay.
		pub enactment_delay: BlockNumber,
	}

	/// The migration, applied only while the pallet's storage version is 1; `JointDelay` is
	/// the joint upgrade delay the rules gain.
	pub type MigrateV1ToV2<T, JointDelay> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T, JointDelay>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;

	/// The migration without the version check: use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T, JointDelay>(core::marker::PhantomData<(T, JointDelay)>);

	impl<T: Config, JointDelay: Get<BlockNumberFor<T>>> UncheckedOnRuntimeUpgrade
		for UncheckedMigrateV1ToV2<T, JointDelay>
	{
		fn on_runtime_upgrade() -> Weight {
			let _ = Parameters::<T>::translate::<OldParams<BalanceOf<T>, BlockNumberFor<T>>, _>(
				|old| {
					old.map(|old| GovernanceParams {
						submission_deposit: old.submission_deposit,
						min_voting_period: old.min_voting_period,
						max_voting_period: old.max_voting_period,
						enactment_delay: old.enactment_delay,
						joint_upgrade_delay: JointDelay::get().max(old.min_voting_period),
					})
				},
			);
			let mut rewritten = 0u64;
			Referenda::<T>::translate::<OldReferendumOf<T>, _>(|_, old| {
				rewritten += 1;
				Some(Referendum {
					proposer: old.proposer,
					deposit: old.deposit,
					proposal: old.proposal,
					lane: old.lane,
					voting_period: old.voting_period,
					submitted: old.submitted,
					fast_tracked: old.fast_tracked,
					urgent: false,
					phase: match old.phase {
						OldPhase::Queued => Phase::Queued,
						OldPhase::Deciding { since, deadline, electorate } => {
							Phase::Deciding { since, deadline, electorate, count: None }
						}
					},
					tally: old.tally,
				})
			});
			Electorate::<T>::kill();
			Counting::<T>::kill();
			T::DbWeight::get()
				.reads_writes(rewritten.saturating_add(1), rewritten.saturating_add(3))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				Referenda::<T>::iter_values()
					.all(|r| !matches!(r.phase, Phase::Deciding { count: Some(_), .. })),
				"a migrated decision claims a count"
			);
			frame_support::ensure!(
				Pallet::<T>::params_valid(&Parameters::<T>::get()),
				"migrated rules are not valid"
			);
			Ok(())
		}
	}
}
