//! Storage migrations of the governance pallet. (Versions 1 and 2, applied on every chain by
//! spec_version 112, are in the repository's history.)

use crate::{Config, Pallet, Referenda};
use frame_support::{
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// Version 2 → 3 (issue 17, rule 2): the two lanes become six classes, each with its own rules
/// ([`crate::ClassRules`]: turnout, approval, confirmation, enactment delay), and a decision
/// records when it started confirming.
///
/// - The rules lose the single `enactment_delay` and gain one set per class: the migration's
///   `Classes` (the runtime's defaults), each with its confirmation no longer than the chain's
///   shortest voting period and its enactment delay no shorter than the old one, so referenda
///   under way are not enacted sooner than they would have been.
/// - Decisions under way are not confirming: they start in the next block if they pass. The
///   general and upgrade lanes' referenda keep their indices (the classes' encoding keeps the
///   lanes'); proposals are not reclassed.
/// - At most two classes of `MaxQueued + 1` referenda are rewritten: one block.
pub mod v3 {
	use super::*;
	use crate::{
		types::{Class, ClassRules, GovernanceParams, Phase, Referendum, Tally},
		AccountIdOf, BalanceOf, BoundedCallOf, CountId, Parameters, ParamsOf,
	};
	use codec::{Decode, Encode};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::traits::Saturating;

	/// The phase as version 2 stored it.
	#[derive(Encode, Decode)]
	pub enum OldPhase<Balance, BlockNumber> {
		/// Queued.
		Queued,
		/// Deciding, without the confirmation.
		Deciding {
			/// The block the decision started.
			since: BlockNumber,
			/// The decision's deadline.
			deadline: BlockNumber,
			/// The electorate.
			electorate: Balance,
			/// The count the decision is measured against.
			count: Option<CountId>,
		},
	}

	/// A referendum as version 2 stored it.
	#[derive(Encode, Decode)]
	pub struct OldReferendum<AccountId, Balance, BlockNumber, Call> {
		/// The proposer.
		pub proposer: AccountId,
		/// The deposit held.
		pub deposit: Balance,
		/// The proposal.
		pub proposal: Call,
		/// Its lane (general or upgrade).
		pub class: Class,
		/// Its voting period.
		pub voting_period: BlockNumber,
		/// When it was submitted.
		pub submitted: BlockNumber,
		/// Fast-tracked.
		pub fast_tracked: bool,
		/// Urgent.
		pub urgent: bool,
		/// Queued or deciding.
		pub phase: OldPhase<Balance, BlockNumber>,
		/// The votes so far.
		pub tally: Tally<Balance>,
	}

	type OldReferendumOf<T> =
		OldReferendum<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>, BoundedCallOf<T>>;

	/// The rules as version 2 stored them.
	#[derive(Encode, Decode)]
	pub struct OldParams<Balance, BlockNumber> {
		/// The deposit.
		pub submission_deposit: Balance,
		/// The shortest voting period.
		pub min_voting_period: BlockNumber,
		/// The longest voting period.
		pub max_voting_period: BlockNumber,
		/// The enactment delay of every referendum.
		pub enactment_delay: BlockNumber,
		/// The joint upgrade delay.
		pub joint_upgrade_delay: BlockNumber,
	}

	metachain_primitives::versioned_migration! {
		/// The migration, applied only while the pallet's storage version is 2; `Classes` gives the
		/// classes' rules (the `submission_deposit`, voting periods and joint delay of its value are
		/// not used: the chain's are kept).
		pub type MigrateV2ToV3<T, Classes> = 2 => 3;
		/// The migration without the version check: use [`MigrateV2ToV3`].
		pub struct UncheckedMigrateV2ToV3;
	}

	/// The new rules from the old ones and the classes' defaults.
	pub fn migrate_params<T: Config>(
		old: OldParams<BalanceOf<T>, BlockNumberFor<T>>,
		classes: &ParamsOf<T>,
	) -> ParamsOf<T> {
		let fit = |r: ClassRules<BlockNumberFor<T>>| ClassRules {
			confirmation: r.confirmation.min(old.min_voting_period),
			enactment_delay: r.enactment_delay.max(old.enactment_delay),
			..r
		};
		let general = fit(classes.general);
		GovernanceParams {
			submission_deposit: old.submission_deposit,
			min_voting_period: old.min_voting_period,
			max_voting_period: old.max_voting_period,
			joint_upgrade_delay: old
				.joint_upgrade_delay
				.max(old.min_voting_period.saturating_add(general.confirmation)),
			general,
			parameter: fit(classes.parameter),
			spend: fit(classes.spend),
			membership: fit(classes.membership),
			upgrade: fit(classes.upgrade),
			root: fit(classes.root),
		}
	}

	impl<T: Config, Classes: Get<ParamsOf<T>>> UncheckedOnRuntimeUpgrade
		for UncheckedMigrateV2ToV3<T, Classes>
	{
		fn on_runtime_upgrade() -> Weight {
			let classes = Classes::get();
			let _ = Parameters::<T>::translate::<OldParams<BalanceOf<T>, BlockNumberFor<T>>, _>(
				|old| old.map(|old| migrate_params::<T>(old, &classes)),
			);
			let mut rewritten = 0u64;
			Referenda::<T>::translate::<OldReferendumOf<T>, _>(|_, old| {
				rewritten += 1;
				Some(Referendum {
					proposer: old.proposer,
					deposit: old.deposit,
					proposal: old.proposal,
					class: old.class,
					voting_period: old.voting_period,
					submitted: old.submitted,
					fast_tracked: old.fast_tracked,
					urgent: old.urgent,
					phase: match old.phase {
						OldPhase::Queued => Phase::Queued,
						OldPhase::Deciding { since, deadline, electorate, count } => {
							Phase::Deciding { since, deadline, electorate, count, confirming: None }
						}
					},
					tally: old.tally,
				})
			});
			T::DbWeight::get()
				.reads_writes(rewritten.saturating_add(1), rewritten.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				Pallet::<T>::params_valid(&Parameters::<T>::get()),
				"migrated rules are not valid"
			);
			frame_support::ensure!(
				Referenda::<T>::iter_values()
					.all(|r| !matches!(r.phase, Phase::Deciding { confirming: Some(_), .. })),
				"a migrated decision is confirming"
			);
			Ok(())
		}
	}
}
