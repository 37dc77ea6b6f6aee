//! The proof-of-credit election and the candidate ranking.

use super::*;

#[test]
fn election_excludes_candidates_without_enough_credit() {
	test(|| {
		staking(|s| s.desired = 3);
		// Nobody has credit: nobody meets the credit rule, and staking accepts no election
		// without a winner: it falls back to stake alone (the three candidates).
		assert_eq!(elected(), vec![v1(), v2(), v3()]);
		// v1 gets 100 (< 150), v2 gets 200.
		register_and_delegate(&dev(1), &v1());
		register_and_delegate(&dev(2), &v2());
		register_and_delegate(&dev(3), &v2());
		assert_eq!(elected(), vec![v2()]);
		register_and_delegate(&dev(4), &v1());
		assert_eq!(elected(), vec![v1(), v2()]);
		// Stake below MinValidatorBond excludes too.
		staking(|s| s.candidates.insert(v1(), 99));
		assert_eq!(elected(), vec![v2()]);
		assert_eq!(CreditDelegation::validator_backing(&v1()), (200, 2, false));
		assert_eq!(CreditDelegation::validator_backing(&v2()), (200, 2, true));
	});
}

/// Issue 18, rule 4: the chain never stops electing. When fewer candidates meet the credit rule
/// than staking's minimum validator count, the election counts stake alone (an event says so)
/// instead of failing, which would keep the old set and stop eras, rewards and unbonding.
#[test]
fn too_few_candidates_meeting_the_credit_rule_fall_back_to_stake() {
	test(|| {
		staking(|s| {
			s.desired = 3;
			s.minimum_validators = 2;
			s.candidates.insert(v3(), 99); // below MinValidatorBond: never electable
		});
		register_and_delegate(&dev(1), &v2());
		register_and_delegate(&dev(2), &v2());
		// Only v2 meets the rule, staking needs 2: stake alone, among v1 and v2.
		System::reset_events();
		assert_eq!(elected(), vec![v1(), v2()]);
		// Once: the election's two requests (voters, targets) read the candidates once.
		let fallbacks = System::events()
			.iter()
			.filter(|r| {
				r.event
					== RuntimeEvent::CreditDelegation(Event::ElectionFellBackToStake {
						meeting_credit_rule: 1,
						minimum: 2,
						candidates: 2,
					})
			})
			.count();
		assert_eq!(fallbacks, 1);
		assert_eq!(ElectionView::<Test>::get(), None, "the second request took the view");
		// No credit voter is added on the fallback: supports hold real stake only.
		let supports = Election::elect(0).unwrap();
		assert!(supports
			.iter()
			.all(|(_, s)| s.voters.iter().all(|(w, _)| *w == v1() || *w == v2())));
		// Once two meet it, the credit rule applies again, without the event.
		staking(|s| s.minimum_validators = 1);
		System::reset_events();
		assert_eq!(elected(), vec![v2()]);
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::CreditDelegation(Event::ElectionFellBackToStake { .. })
		)));
	});
}

/// A candidate `who` with `stake` bonded and `devices` devices (weight 100 each) delegated to
/// it, the devices numbered from `first_device`.
fn backed_candidate(who: &AccountId, stake: Balance, first_device: u8, devices: u8) {
	staking(|s| s.candidates.insert(who.clone(), stake));
	for i in first_device..first_device + devices {
		register_and_delegate(&dev(i), who);
	}
}

/// Issue 18, rule 3: candidates are chosen by merit. An attacker registers eight cheap
/// candidates — the minimum bond and just enough device backing to meet the credit rule — to
/// crowd the election's targets. The election reads only the top of the candidate list (the
/// target bound and a quarter more) and keeps the best by stake plus device weight: the three
/// honest candidates, larger in both, keep their places and their seats.
#[test]
fn cheap_candidates_cannot_crowd_out_better_ones() {
	test(|| {
		TargetBound::set(4);
		staking(|s| s.desired = 3);
		for (i, v) in [v1(), v2(), v3()].iter().enumerate() {
			backed_candidate(v, 1_000, 1 + 2 * i as u8, 2);
		}
		let attackers: Vec<AccountId> = (0..8u8).map(|i| account(0x30 + i)).collect();
		for (i, a) in attackers.iter().enumerate() {
			backed_candidate(a, 100, 0x50 + 2 * i as u8, 2);
		}
		list_candidates();
		assert_eq!(CandidateList::count(), 11);
		// Five entries are read (4 + 4 / 4), the best four kept.
		let (kept, _) = CreditDelegation::electable_with_credit_votes(4);
		assert_eq!(kept.len(), 4);
		for v in [v1(), v2(), v3()] {
			assert!(kept.contains(&v));
		}
		let seats = elected().iter().filter(|w| attackers.contains(w)).count();
		println!(
			"attacker: 8 candidates at the minimum bond (800 MC) and 16 devices -> {seats} seats"
		);
		assert_eq!(seats, 0);
		assert_eq!(elected(), vec![v1(), v2(), v3()]);
	});
}

/// The list's order only decides who the election looks at: each candidate it reads is judged
/// by its merit now. A candidate listed with a large stake that it then unbonds keeps its high
/// place until it is rebagged, but is kept only if its present merit earns it.
#[test]
fn a_stale_place_in_the_candidate_list_buys_nothing() {
	test(|| {
		let stale = account(0x40);
		backed_candidate(&stale, 100_000, 20, 2);
		for (i, v) in [v1(), v2(), v3()].iter().enumerate() {
			backed_candidate(v, 1_000, 1 + 2 * i as u8, 2);
		}
		let runner_up = account(0x41);
		backed_candidate(&runner_up, 500, 30, 2);
		list_candidates();
		assert_eq!(CandidateList::iter().next(), Some(stale.clone()));
		// It unbonds down to the minimum bond; the list still holds it first.
		staking(|s| s.candidates.insert(stale.clone(), 100));
		assert_eq!(CandidateList::iter().next(), Some(stale.clone()));
		// Five read, four kept: the best four by merit now (300 is the least).
		let (kept, _) = CreditDelegation::electable_with_credit_votes(4);
		assert!(!kept.contains(&stale));
		assert!(kept.contains(&runner_up));
		// Anyone may rebag it to its place now.
		assert_ok!(CandidateList::rebag(RuntimeOrigin::signed(dev(9)), stale.clone()));
		assert_ne!(CandidateList::iter().next(), Some(stale));
	});
}

/// The candidate sweep enters new candidates into the list a page per block and starts again
/// after the last; a chilled candidate is skipped by the election and taken off the list by its
/// next rebag (its score is gone).
#[test]
fn the_sweep_lists_new_candidates_and_chilled_ones_leave() {
	test(|| {
		assert_eq!(CandidateList::count(), 3);
		let newcomer = account(0x42);
		backed_candidate(&newcomer, 2_000, 1, 2);
		assert!(!CandidateList::contains(&newcomer));
		// Two candidates a block: four candidates take two blocks.
		run_to(3);
		assert!(CandidateList::contains(&newcomer));
		assert!(events().iter().any(|e| matches!(
			e,
			Event::CandidateListed { validator, merit: 2_200 } if *validator == newcomer
		)));
		// Chilled: no longer a candidate, not elected, off the list at its next rebag.
		staking(|s| {
			s.candidates.remove(&newcomer);
			s.desired = 3;
		});
		let (kept, _) = CreditDelegation::electable_with_credit_votes(10);
		assert!(!kept.contains(&newcomer));
		assert_ok!(CandidateList::rebag(RuntimeOrigin::signed(dev(9)), newcomer.clone()));
		assert!(!CandidateList::contains(&newcomer));
	});
}

#[test]
fn device_weight_moves_the_election_and_is_stripped_from_exposures() {
	test(|| {
		staking(|s| {
			s.desired = 1;
			s.candidates.insert(v1(), 1_000);
			s.candidates.insert(v2(), 1_100);
			s.nominators.push((dev(9), 50, vec![v1()]));
		});
		for i in 1..=2 {
			register_and_delegate(&dev(i), &v1());
		}
		for i in 3..=4 {
			register_and_delegate(&dev(i), &v2());
		}
		// Equal credit (200 each): v2's larger stake wins.
		assert_eq!(elected(), vec![v2()]);
		// Device weight is bonded MC (times the credit multiplier; the stub's is credit/100):
		// dev 1 doubles its bond, v1's backing goes from 200 to 300
		// (1000 + 50 + 300 > 1100 + 200).
		Credit::set_bonded(&dev(1), 2 * metachain_primitives::testing::STUB_DEFAULT_BOND);
		assert_eq!(CreditDelegation::backing(&v1()), 300);
		assert_eq!(elected(), vec![v1()]);
		// The winner's support holds only real stake: its own bond and its nominator.
		let supports = Election::elect(0).unwrap();
		let (winner, support) = supports.into_iter().next().unwrap();
		assert_eq!(winner, v1());
		let voters: Vec<_> = support.voters.iter().map(|(w, s)| (w.clone(), *s)).collect();
		assert_eq!(voters, vec![(v1(), 1_000u128), (dev(9), 50u128)]);
		assert_eq!(support.total, 1_050);
		// Moving credit moves the election back (every device reports in the new period, one
		// point of uptime credit more).
		run_to(1 + COOLDOWN);
		for i in 1..=4 {
			heartbeat(&dev(i), credit_of(&dev(i)) + 1);
		}
		assert_ok!(CreditDelegation::redelegate(RuntimeOrigin::signed(dev(1)), v2()));
		// Dev 1 counts for v2 from the next period, at its first sign of life there.
		run_to(period_start(3));
		for i in 1..=4 {
			heartbeat(&dev(i), credit_of(&dev(i)) + 1);
		}
		assert_eq!(elected(), vec![v2()]);
	});
}

#[test]
fn the_ranking_lists_candidates_by_stake_and_credit_weight() {
	test(|| {
		register_and_delegate(&dev(1), &v3());
		let ranking = CreditDelegation::candidate_ranking();
		assert_eq!(ranking[0].validator, v3());
		assert_eq!(ranking[0].backing, 100, "a weight of 100: the stub's bond times its credit");
		assert!(!ranking[0].electable); // 100 < 150
		assert_eq!(ranking.len(), 3);
	});
}

#[test]
fn credit_with_nothing_bonded_weighs_nothing() {
	test(|| {
		staking(|s| s.desired = 3);
		// Three devices at the reward threshold and more, with nothing at stake.
		for i in 1..=3 {
			register_and_delegate(&dev(i), &v1());
			Credit::set_bonded(&dev(i), 0);
			award(&dev(i), 500);
		}
		assert_eq!(CreditDelegation::backing(&v1()), 0);
		assert_eq!(CreditDelegation::validator_backing(&v1()), (0, 3, false));
		// v1 does not meet the credit rule; nobody does: the election falls back to stake.
		System::reset_events();
		let _ = elected();
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::CreditDelegation(Event::ElectionFellBackToStake {
				meeting_credit_rule: 0,
				..
			})
		)));
	});
}

/// The last-resort election: the most approved targets win, each voter's weight is split
/// equally among the winners it votes for (the remainder to the first; a duplicate vote counts
/// once), and voters with no winner back nobody.
#[test]
fn approval_stake_elects_the_most_approved_and_splits_each_vote() {
	test(|| {
		let (t1, t2, t3) = (account(0x61), account(0x62), account(0x63));
		let (a, b, c, d) = (account(0x71), account(0x72), account(0x73), account(0x74));
		let vote = |who: &AccountId, weight: u64, targets: Vec<AccountId>| {
			(who.clone(), weight, BoundedVec::truncate_from(targets))
		};
		let voters = vec![
			vote(&a, 101, vec![t1.clone(), t2.clone()]),
			vote(&b, 50, vec![t2.clone()]),
			vote(&c, 30, vec![t3.clone()]),
			vote(&d, 10, vec![t1.clone(), t1.clone()]),
		];
		// Approval: t2 151, t1 111, t3 30; two seats.
		let supports = crate::ApprovalStake::<OnChain>::solve(
			voters,
			vec![t1.clone(), t2.clone(), t3.clone()],
			2,
		)
		.unwrap();
		let support_of = |t: &AccountId| {
			let (_, s) = supports.iter().find(|(w, _)| w == t).expect("elected");
			let mut voters: Vec<_> = s.voters.iter().cloned().collect();
			voters.sort();
			(s.total, voters)
		};
		assert_eq!(supports.len(), 2);
		assert!(!supports.iter().any(|(w, _)| *w == t3));
		assert_eq!(support_of(&t1), (61, vec![(a.clone(), 51), (d.clone(), 10)]));
		assert_eq!(support_of(&t2), (100, vec![(a, 50), (b, 50)]));
	});
}

/// The bounded fallback solves by Phragmén within its budget (proportional: a second seat goes
/// to the voter the first did not represent) and by approval stake above it (the majority's
/// two favourites).
#[test]
fn the_bounded_fallback_uses_phragmen_within_its_budget_and_approval_above() {
	use frame_election_provider_support::{BoundedSupportsOf, InstantElectionProvider};
	use frame_support::traits::ConstU64;
	test(|| {
		let (t1, t2, t3) = (account(0x61), account(0x62), account(0x63));
		let voters = || {
			vec![
				(account(0x71), 100u64, BoundedVec::truncate_from(vec![t1.clone(), t2.clone()])),
				(account(0x72), 90, BoundedVec::truncate_from(vec![t1.clone(), t2.clone()])),
				(account(0x73), 120, BoundedVec::truncate_from(vec![t3.clone()])),
			]
		};
		let targets = || vec![t1.clone(), t2.clone(), t3.clone()];
		let winners =
			|supports: BoundedSupportsOf<crate::BoundedFallback<OnChain, ConstU64<0>>>| {
				let mut w: Vec<AccountId> = supports.into_iter().map(|(w, _)| w).collect();
				w.sort();
				w
			};
		let phragmen = crate::BoundedFallback::<OnChain, ConstU64<{ u64::MAX }>>::instant_elect(
			voters(),
			targets(),
			2,
		)
		.unwrap();
		let mut phragmen_winners: Vec<AccountId> = phragmen.into_iter().map(|(w, _)| w).collect();
		phragmen_winners.sort();
		assert_eq!(phragmen_winners, vec![t1.clone(), t3.clone()]);
		let approval =
			crate::BoundedFallback::<OnChain, ConstU64<0>>::instant_elect(voters(), targets(), 2)
				.unwrap();
		assert_eq!(winners(approval), vec![t1.clone(), t2.clone()]);
	});
}
