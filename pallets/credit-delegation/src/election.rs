//! The proof-of-credit election: staking's NPoS election with device backing as extra vote
//! weight, in two adapters around any election provider (the on-chain one, or a multi-block
//! one that reads its data itself):
//!
//! - [`CreditDataProvider`] is the election provider's data provider. Its targets come from the
//!   top of the candidate list ([`Config::Candidates`](crate::Config), ordered by merit: stake
//!   plus device weight, this pallet's [`ScoreProvider`] score): the best candidates with at
//!   least `MinValidatorBond` stake and `MinValidatorBacking` active device backing, up to
//!   `MaxElectionTargets` (so however many candidates register, the election reads a bounded
//!   number, and cheap ones cannot crowd out better ones). Its voters are staking's, followed by
//!   one voter for each kept target with backing, voting only for it with a weight of its
//!   device backing (the MC its counted devices have bonded, times their credit multipliers,
//!   converted by staking's `CurrencyToVote`) — a keyless account that can never be a real voter
//!   ([`Pallet::credit_voter`]). The candidates are read once per election: the first of the two
//!   requests keeps its view ([`crate::ElectionView`]) for the second.
//! - [`CreditFacing`] is staking's election provider: it forwards to the inner provider and
//!   strips the credit voters from the supports it hands back, so staking's exposures, rewards
//!   and slashing see only real stake.
//!
//! Cost: O(targets + voters) reads (the device backing of a target is two bucket reads), never
//! O(devices) or O(all candidates).

use crate::{Config, CreditView, ElectionView, Pallet};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_election_provider_support::{
	bounds::{CountBound, DataProviderBounds},
	data_provider, onchain, BoundedSupportsOf, ElectionDataProvider, ElectionProvider, PageIndex,
	ScoreProvider, VoteWeight, VoterOf,
};
use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;

/// The targets and credit votes of an election.
type View<T> = (
	Vec<<T as frame_system::Config>::AccountId>,
	Vec<(
		<T as frame_system::Config>::AccountId,
		VoteWeight,
		<T as frame_system::Config>::AccountId,
	)>,
);

impl<T: Config> Pallet<T> {
	/// The election's targets and credit votes in this block: kept by the other request of the
	/// same election ([`ElectionView`], taken), or chosen now
	/// ([`Pallet::electable_with_credit_votes`]) and kept for it.
	pub fn election_view() -> View<T> {
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::DbWeight::get().reads_writes(1, 1),
			DispatchClass::Mandatory,
		);
		if let Some(view) = ElectionView::<T>::take() {
			if view.at == now {
				return (view.targets.into_inner(), view.votes.into_inner());
			}
		}
		let (targets, votes) =
			Pallet::<T>::electable_with_credit_votes(T::MaxElectionTargets::get());
		ElectionView::<T>::put(CreditView {
			at: now,
			targets: BoundedVec::truncate_from(targets.clone()),
			votes: BoundedVec::truncate_from(votes.clone()),
		});
		(targets, votes)
	}
}

/// Staking's election data (`S`) with the proof-of-credit rules: the data provider of the
/// election provider wrapped in [`CreditFacing`].
pub struct CreditDataProvider<T, S>(PhantomData<(T, S)>);

impl<T, S> ElectionDataProvider for CreditDataProvider<T, S>
where
	T: Config,
	S: ElectionDataProvider<AccountId = T::AccountId, BlockNumber = BlockNumberFor<T>>,
{
	type AccountId = T::AccountId;
	type BlockNumber = BlockNumberFor<T>;
	type MaxVotesPerVoter = S::MaxVotesPerVoter;

	/// The best candidates of the candidate list meeting both minimums (or the fallback to
	/// stake), at most `MaxElectionTargets` and the bounds' count.
	fn electable_targets(
		bounds: DataProviderBounds,
		_page: PageIndex,
	) -> data_provider::Result<Vec<T::AccountId>> {
		let (mut targets, _) = Pallet::<T>::election_view();
		if let Some(CountBound(max)) = bounds.count {
			targets.truncate(max as usize);
		}
		Ok(targets)
	}

	/// Staking's voters, within the bounds' count less one for each credit voter, then the
	/// credit voters.
	fn electing_voters(
		bounds: DataProviderBounds,
		page: PageIndex,
	) -> data_provider::Result<Vec<VoterOf<Self>>> {
		let (_, votes) = Pallet::<T>::election_view();
		let room = DataProviderBounds {
			count: bounds.count.map(|c| CountBound(c.0.saturating_sub(votes.len() as u32))),
			size: bounds.size,
		};
		let mut voters = S::electing_voters(room, page)?;
		for (voter, weight, target) in votes {
			let targets = BoundedVec::try_from(alloc::vec![target])
				.map_err(|_| "MaxVotesPerVoter is 0: no voter can vote")?;
			voters.push((voter, weight, targets));
		}
		Ok(voters)
	}

	fn desired_targets() -> data_provider::Result<u32> {
		S::desired_targets()
	}

	fn next_election_prediction(now: BlockNumberFor<T>) -> BlockNumberFor<T> {
		S::next_election_prediction(now)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn put_snapshot(
		voters: Vec<VoterOf<Self>>,
		targets: Vec<T::AccountId>,
		target_stake: Option<VoteWeight>,
	) {
		S::put_snapshot(voters, targets.clone(), target_stake);
		Self::list(targets);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_voter(
		voter: T::AccountId,
		weight: VoteWeight,
		targets: BoundedVec<T::AccountId, Self::MaxVotesPerVoter>,
	) {
		S::add_voter(voter, weight, targets)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_target(target: T::AccountId) {
		S::add_target(target.clone());
		Self::list(alloc::vec![target]);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn clear() {
		S::clear();
		<T::Candidates as frame_election_provider_support::SortedListProvider<_>>::unsafe_clear();
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config, S> CreditDataProvider<T, S> {
	/// Enter `targets` into the candidate list, as the candidate sweep would (benchmarks: the
	/// election's targets come from the list).
	fn list(targets: Vec<T::AccountId>) {
		use frame_election_provider_support::SortedListProvider;
		for target in targets {
			if let Some(merit) = Pallet::<T>::merit(&target) {
				let _ = T::Candidates::on_insert(target, merit);
			}
		}
	}
}

/// Staking's election provider with proof-of-credit rules: the election provider `E`, whose
/// data provider is [`CreditDataProvider`] over staking (`S`), with the credit voters stripped
/// from its result.
pub struct CreditFacing<T, E, S>(PhantomData<(T, E, S)>);

impl<T, E, S> CreditFacing<T, E, S>
where
	T: Config,
	E: ElectionProvider<AccountId = T::AccountId, BlockNumber = BlockNumberFor<T>>,
{
	/// Remove each winner's credit voter from its support (a credit voter backs only its own
	/// candidate), and recount the total: staking sees only real stake.
	fn strip(supports: &mut BoundedSupportsOf<E>) {
		for (winner, support) in supports.0.iter_mut() {
			let credit_voter = Pallet::<T>::credit_voter(winner);
			support.voters.retain(|(who, _)| *who != credit_voter);
			support.total = support.voters.iter().fold(0u128, |t, (_, w)| t.saturating_add(*w));
		}
	}
}

impl<T, E, S> ElectionProvider for CreditFacing<T, E, S>
where
	T: Config,
	E: ElectionProvider<AccountId = T::AccountId, BlockNumber = BlockNumberFor<T>>,
	S: ElectionDataProvider<AccountId = T::AccountId, BlockNumber = BlockNumberFor<T>>,
{
	type AccountId = T::AccountId;
	type BlockNumber = BlockNumberFor<T>;
	type Error = E::Error;
	type MaxWinnersPerPage = E::MaxWinnersPerPage;
	type MaxBackersPerWinner = E::MaxBackersPerWinner;
	type MaxBackersPerWinnerFinal = E::MaxBackersPerWinnerFinal;
	type Pages = E::Pages;
	type DataProvider = S;

	fn elect(page: PageIndex) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		let mut supports = E::elect(page)?;
		Self::strip(&mut supports);
		Ok(supports)
	}

	fn duration() -> Self::BlockNumber {
		E::duration()
	}

	fn start() -> Result<(), Self::Error> {
		E::start()
	}

	fn status() -> Result<Option<Weight>, ()> {
		E::status()
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

/// What an on-chain election of `C` reads from its data provider within `C`'s bounds: voters,
/// targets and the number of winners.
#[allow(clippy::type_complexity)]
fn election_input<C: onchain::Config>(
	page: PageIndex,
) -> Result<
	(Vec<VoterOf<C::DataProvider>>, Vec<<C::System as frame_system::Config>::AccountId>, u32),
	onchain::Error,
> {
	let bounds =
		frame_election_provider_support::bounds::ElectionBoundsBuilder::from(C::Bounds::get())
			.build();
	let voters = C::DataProvider::electing_voters(bounds.voters, page)
		.map_err(onchain::Error::DataProvider)?;
	let targets = C::DataProvider::electable_targets(bounds.targets, page)
		.map_err(onchain::Error::DataProvider)?;
	let desired = C::DataProvider::desired_targets().map_err(onchain::Error::DataProvider)?;
	Ok((voters, targets, desired))
}

/// A last-resort NPoS election that fits any block: the `desired` targets with the most
/// approval stake (the sum of the weights of the voters voting for them), each voter's weight
/// split equally among the elected targets it votes for (the remainder to the first). O(edges)
/// with a target lookup, no Phragmén rounds: less proportional than Phragmén (a majority of
/// stake can take every seat), but it always returns a set, so a multi-block election that got
/// no solution still changes the era. `C` names the data provider, bounds and limits, as for
/// `onchain::OnChainExecution<C>` (its solver is not used).
pub struct ApprovalStake<C>(PhantomData<C>);

/// The supports of an approval-stake election (see [`ApprovalStake`]): the `desired` targets
/// with the most approval stake, each voter's weight split equally among the winners it votes
/// for (the remainder to the first; a duplicate vote counts once). Ties go to the earlier
/// target. O(edges · log targets + targets).
pub fn approval_stake<A: Ord + Clone>(
	voters: Vec<(A, VoteWeight, Vec<A>)>,
	targets: Vec<A>,
	desired_targets: u32,
) -> Vec<(A, sp_npos_elections::Support<A>)> {
	use alloc::collections::btree_map::BTreeMap;
	let index: BTreeMap<_, usize> =
		targets.iter().enumerate().map(|(i, t)| (t.clone(), i)).collect();
	// Each voter's distinct targets, as indices.
	let votes_of = |votes: &[A]| {
		let mut picked: Vec<usize> = votes.iter().filter_map(|t| index.get(t).copied()).collect();
		picked.sort_unstable();
		picked.dedup();
		picked
	};
	let mut approval = alloc::vec![0u128; targets.len()];
	for (_, weight, votes) in &voters {
		for i in votes_of(votes) {
			approval[i] = approval[i].saturating_add(u128::from(*weight));
		}
	}
	let mut order: Vec<usize> = (0..targets.len()).collect();
	let winners = (desired_targets as usize).min(targets.len());
	if winners < order.len() {
		order.select_nth_unstable_by(winners, |a, b| {
			approval[*b].cmp(&approval[*a]).then_with(|| a.cmp(b))
		});
		order.truncate(winners);
	}
	let mut seat = alloc::vec![None; targets.len()];
	let mut supports: Vec<(A, sp_npos_elections::Support<A>)> = Vec::with_capacity(winners);
	for (k, i) in order.into_iter().enumerate() {
		seat[i] = Some(k);
		supports.push((targets[i].clone(), Default::default()));
	}
	for (who, weight, votes) in voters {
		let elected: Vec<usize> = votes_of(&votes).into_iter().filter_map(|i| seat[i]).collect();
		let Some(n) = core::num::NonZeroU128::new(elected.len() as u128) else { continue };
		let weight = u128::from(weight);
		let (share, rest) = (weight / n, weight % n);
		for (j, k) in elected.into_iter().enumerate() {
			let stake = if j == 0 { share.saturating_add(rest) } else { share };
			if let Some((_, support)) = supports.get_mut(k) {
				support.total = support.total.saturating_add(stake);
				support.voters.push((who.clone(), stake));
			}
		}
	}
	supports
}

impl<C: onchain::Config> ApprovalStake<C>
where
	C::System: Config,
{
	/// The election on the given snapshot; registers its weight (`approval_stake`, measured
	/// at the election bounds) as the mandatory weight of the block it runs in.
	pub fn solve(
		voters: Vec<VoterOf<C::DataProvider>>,
		targets: Vec<<C::System as frame_system::Config>::AccountId>,
		desired_targets: u32,
	) -> Result<BoundedSupportsOf<Self>, onchain::Error> {
		use crate::WeightInfo as _;
		frame_system::Pallet::<C::System>::register_extra_weight_unchecked(
			<C::System as Config>::WeightInfo::approval_stake(
				voters.len() as u32,
				targets.len() as u32,
			),
			DispatchClass::Mandatory,
		);
		let voters =
			voters.into_iter().map(|(who, weight, votes)| (who, weight, votes.into_inner()));
		let supports = approval_stake(voters.collect(), targets, desired_targets);
		Ok(BoundedSupportsOf::<Self>::sorted_truncate_from(supports).0)
	}
}

/// The part of [`ElectionProvider`] that every single-page, instant election over the on-chain
/// config `C` shares: its types from `C`, one page, no duration, nothing to start and always
/// ready.
macro_rules! instant_onchain_election {
	() => {
		type AccountId = <C::System as frame_system::Config>::AccountId;
		type BlockNumber = BlockNumberFor<C::System>;
		type Error = onchain::Error;
		type MaxWinnersPerPage = C::MaxWinnersPerPage;
		type MaxBackersPerWinner = C::MaxBackersPerWinner;
		type MaxBackersPerWinnerFinal = C::MaxBackersPerWinner;
		type Pages = frame_support::traits::ConstU32<1>;
		type DataProvider = C::DataProvider;

		fn duration() -> Self::BlockNumber {
			sp_runtime::traits::Zero::zero()
		}

		fn start() -> Result<(), Self::Error> {
			Ok(())
		}

		fn status() -> Result<Option<Weight>, ()> {
			Ok(Some(Weight::zero()))
		}
	};
}

impl<C: onchain::Config> ElectionProvider for ApprovalStake<C>
where
	C::System: Config,
{
	instant_onchain_election!();

	fn elect(page: PageIndex) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		let (voters, targets, desired) = election_input::<C>(page)?;
		Self::solve(voters, targets, desired)
	}
}

impl<C: onchain::Config> frame_election_provider_support::InstantElectionProvider
	for ApprovalStake<C>
where
	C::System: Config,
{
	fn instant_elect(
		voters: Vec<VoterOf<C::DataProvider>>,
		targets: Vec<Self::AccountId>,
		desired_targets: u32,
	) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		Self::solve(voters, targets, desired_targets)
	}

	fn bother() -> bool {
		true
	}
}

/// The fallback of a multi-block election that got no solution: exact sequential Phragmén
/// (`onchain::OnChainExecution<C>`) while its work, edges × winners, is at most `B`; above,
/// [`ApprovalStake`], which fits any block. Either way the era changes.
pub struct BoundedFallback<C, B>(PhantomData<(C, B)>);

impl<C: onchain::Config, B: Get<u64>> BoundedFallback<C, B> {
	/// Whether Phragmén's work on these voters for `desired` winners is within the budget.
	fn small(voters: &[VoterOf<C::DataProvider>], desired: u32) -> bool {
		let edges =
			voters.iter().fold(0u64, |n, (_, _, votes)| n.saturating_add(votes.len() as u64));
		edges.saturating_mul(u64::from(desired)) <= B::get()
	}
}

impl<C: onchain::Config, B: Get<u64>> ElectionProvider for BoundedFallback<C, B>
where
	C::System: Config,
{
	instant_onchain_election!();

	fn elect(page: PageIndex) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		let (voters, targets, desired) = election_input::<C>(page)?;
		<Self as frame_election_provider_support::InstantElectionProvider>::instant_elect(
			voters, targets, desired,
		)
	}
}

impl<C: onchain::Config, B: Get<u64>> frame_election_provider_support::InstantElectionProvider
	for BoundedFallback<C, B>
where
	C::System: Config,
{
	fn instant_elect(
		voters: Vec<VoterOf<C::DataProvider>>,
		targets: Vec<Self::AccountId>,
		desired_targets: u32,
	) -> Result<BoundedSupportsOf<Self>, Self::Error> {
		if Self::small(&voters, desired_targets) {
			<onchain::OnChainExecution<C> as frame_election_provider_support::InstantElectionProvider>::instant_elect(
				voters,
				targets,
				desired_targets,
			)
		} else {
			ApprovalStake::<C>::solve(voters, targets, desired_targets)
		}
	}

	fn bother() -> bool {
		true
	}
}
