//! The proof-of-credit election: staking's NPoS election with device backing as extra vote
//! weight.
//!
//! [`CreditWeightedElection`] is an `ElectionProvider` whose data provider is pallet-staking
//! (through an `onchain::Config`, whose solver, bounds and data provider it uses). It
//!
//! 1. takes its targets from the top of the candidate list ([`Config::Candidates`](crate::Config),
//!    ordered by merit: stake plus device weight, this pallet's [`ScoreProvider`] score), keeps
//!    only those with at least `MinValidatorBond` stake and `MinValidatorBacking` active device
//!    backing, and of those the best by merit up to the bounds' target count (votes for the
//!    others are dropped by the solver) — so however many candidates register, the election
//!    reads a bounded number, and cheap ones cannot crowd out better ones;
//! 2. adds, for each kept target with backing, one voter voting only for it with a weight of
//!    its device backing: the MC its counted devices have bonded, times their credit
//!    multipliers (converted by staking's `CurrencyToVote`) — a keyless account that can never
//!    be a real voter ([`Pallet::credit_voter`]);
//! 3. runs the solver, and strips those voters from the supports it hands back, so staking's
//!    exposures, rewards and slashing see only real stake.
//!
//! Cost: O(targets + voters) reads (the device backing of a target is two bucket reads), never
//! O(devices) or O(all candidates).

use crate::{Config, Pallet};
use alloc::{collections::btree_map::BTreeMap, collections::btree_set::BTreeSet, vec::Vec};
use core::marker::PhantomData;
use frame_election_provider_support::{
	bounds::ElectionBoundsBuilder, onchain, BoundedSupportsOf, ElectionDataProvider,
	ElectionProvider, NposSolver, PageIndex, ScoreProvider, VoteWeight, VoterOf,
};
use frame_support::{
	dispatch::DispatchClass,
	traits::{ConstU32, Get},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_npos_elections::{assignment_ratio_to_staked_normalized, to_supports, ElectionResult};

/// Staking's election provider with proof-of-credit rules; `E` names the solver, the bounds and
/// the data provider (pallet-staking), as for `onchain::OnChainExecution<E>`.
pub struct CreditWeightedElection<T, E>(PhantomData<(T, E)>);

impl<T, E> CreditWeightedElection<T, E>
where
	T: Config,
	E: onchain::Config<System = T>,
{
	/// The election with the given voters: choose targets from the candidate list (at most
	/// `max_targets`), add credit voters, solve, strip.
	pub fn elect_with(
		mut voters: Vec<VoterOf<E::DataProvider>>,
		max_targets: u32,
		desired_targets: u32,
	) -> Result<BoundedSupportsOf<Self>, onchain::Error> {
		if desired_targets > E::MaxWinnersPerPage::get() && !E::Sort::get() {
			return Err(onchain::Error::FailedToBound);
		}
		let (kept, credit_votes) = Pallet::<T>::electable_with_credit_votes(max_targets);
		let mut credit_voters = BTreeSet::new();
		for (voter, vote, target) in credit_votes {
			let Ok(votes) = alloc::vec![target].try_into() else {
				// `MaxVotesPerVoter` is 0: no voter can vote at all.
				return Err(onchain::Error::FailedToBound);
			};
			voters.push((voter.clone(), vote, votes));
			credit_voters.insert(voter);
		}
		let voters_len = voters.len() as u32;
		let targets_len = kept.len() as u32;
		let stake_map: BTreeMap<T::AccountId, VoteWeight> =
			voters.iter().map(|(who, weight, _)| (who.clone(), *weight)).collect();
		let stake_of =
			|who: &T::AccountId| -> VoteWeight { stake_map.get(who).copied().unwrap_or(0) };

		let ElectionResult { winners: _, assignments } =
			E::Solver::solve(desired_targets as usize, kept, voters)
				.map_err(onchain::Error::from)?;
		let staked = assignment_ratio_to_staked_normalized(assignments, &stake_of)?;
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			E::Solver::weight::<E::WeightInfo>(
				voters_len,
				targets_len,
				<E::DataProvider as ElectionDataProvider>::MaxVotesPerVoter::get(),
			),
			DispatchClass::Mandatory,
		);

		let mut supports = to_supports(&staked);
		// The credit votes elected; staking sees only real stake.
		for (_, support) in supports.iter_mut() {
			support.voters.retain(|(who, _)| !credit_voters.contains(who));
			support.total = support.voters.iter().fold(0u128, |t, (_, w)| t.saturating_add(*w));
		}
		if E::Sort::get() {
			// Keep the strongest by real stake if there are too many winners or backers.
			Ok(BoundedSupportsOf::<Self>::sorted_truncate_from(supports).0)
		} else {
			supports.try_into().map_err(|_| onchain::Error::FailedToBound)
		}
	}
}

impl<T, E> ElectionProvider for CreditWeightedElection<T, E>
where
	T: Config,
	E: onchain::Config<System = T>,
{
	type AccountId = T::AccountId;
	type BlockNumber = BlockNumberFor<T>;
	type Error = onchain::Error;
	type MaxWinnersPerPage = E::MaxWinnersPerPage;
	type MaxBackersPerWinner = E::MaxBackersPerWinner;
	type MaxBackersPerWinnerFinal = E::MaxBackersPerWinner;
	type Pages = ConstU32<1>;
	type DataProvider = E::DataProvider;

	fn elect(page: PageIndex) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		let bounds = ElectionBoundsBuilder::from(E::Bounds::get()).build();
		let voters = E::DataProvider::electing_voters(bounds.voters, page)
			.map_err(onchain::Error::DataProvider)?;
		// Targets come from the candidate list, not from staking's unordered validators (which
		// refuses to list any when there are more than the bound).
		let max_targets = bounds.targets.count.map_or(E::MaxWinnersPerPage::get(), |c| c.0);
		let desired = E::DataProvider::desired_targets().map_err(onchain::Error::DataProvider)?;
		Self::elect_with(voters, max_targets, desired)
	}

	fn duration() -> Self::BlockNumber {
		sp_runtime::traits::Zero::zero()
	}

	fn start() -> Result<(), Self::Error> {
		// Nothing to prepare: the election runs at once when staking asks.
		Ok(())
	}

	fn status() -> Result<Option<Weight>, ()> {
		Ok(Some(Weight::zero()))
	}
}

/// The candidate list's score: a candidate's merit, its stake plus its device backing as vote
/// weight ([`Pallet::merit`]); `None` once it is no longer a candidate, which takes it off the
/// list at its next rebag.
impl<T: Config> ScoreProvider<T::AccountId> for Pallet<T> {
	type Score = VoteWeight;

	fn score(who: &T::AccountId) -> Option<VoteWeight> {
		Self::merit(who)
	}
}
