//! Attacks on the one parameter call, `parameters.setParameter`: a body that holds only its own
//! powers tries to change a parameter of a kind it does not hold, directly or wrapped in a
//! batch, and a body that holds a kind tries to push a value past the owning pallet's bounds.
//! Each runs through real blocks (motions proposed, voted and closed) and prints what the
//! attackers got.

use super::*;
use pallet_governance::GovernanceParameter;
use pallet_incentive_pool::PoolParameter;

/// The Technical Committee (2/3) tries to capture referenda: one-block voting periods and no
/// deposit would let it pass proposals before stakers can vote. Governance parameters are a
/// referendum's alone, so the motion executes and is refused with `BadOrigin`, also inside
/// `utility.batchAll`; a signed account is refused too.
#[test]
fn a_committee_cannot_change_the_rules_of_referenda() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let rules = pallet_governance::Parameters::<Runtime>::get();
		let capture = [
			set_parameter(RuntimeParameter::Governance(GovernanceParameter::MinVotingPeriod(1))),
			set_parameter(RuntimeParameter::Governance(GovernanceParameter::SubmissionDeposit(0))),
		];
		for call in capture.clone() {
			assert_eq!(
				motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, call.clone()),
				Err(DispatchError::BadOrigin)
			);
			assert_eq!(
				motion(RuntimeCall::Foundation, Alice, Charlie, call.clone()),
				Err(DispatchError::BadOrigin)
			);
			assert_eq!(exec(Eve, call), Err(DispatchError::BadOrigin));
		}
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: capture.to_vec() });
		assert!(motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, batch).is_err());
		let after = pallet_governance::Parameters::<Runtime>::get();
		println!(
			"capture of referenda by committee motion: min voting period {} -> {}, deposit {} -> {} \
			 (attackers' gain: none)",
			rules.min_voting_period,
			after.min_voting_period,
			rules.submission_deposit,
			after.submission_deposit
		);
		assert_eq!(after, rules);
	});
}

/// The Foundation (2/3) holds the economic kind, so it may set the emission rate, but only
/// within `MaxAnnualEmission` (20% of the pool a year): a motion to emit the whole pool is
/// refused by the incentive pool's own check, and the rate and the pool stay as they were.
#[test]
fn an_economic_body_cannot_raise_the_emission_past_its_bound() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let pool = pallet_incentive_pool::Pallet::<Runtime>::account_id();
		let pool_before = Balances::free_balance(&pool);
		let rate_before = pallet_incentive_pool::Parameters::<Runtime>::get().annual_emission;
		let drain = set_parameter(RuntimeParameter::IncentivePool(PoolParameter::AnnualEmission(
			Perbill::one(),
		)));
		assert_eq!(
			motion(RuntimeCall::Foundation, Alice, Charlie, drain),
			Err(pallet_incentive_pool::Error::<Runtime>::EmissionAboveMaximum.into())
		);
		let rate_after = pallet_incentive_pool::Parameters::<Runtime>::get().annual_emission;
		assert_eq!(rate_after, rate_before);
		assert_eq!(Balances::free_balance(&pool), pool_before);
		// The bound itself is the most it can do.
		let bound = metachain_runtime::economy::MAX_ANNUAL_EMISSION;
		let at_bound =
			set_parameter(RuntimeParameter::IncentivePool(PoolParameter::AnnualEmission(bound)));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, at_bound), Ok(()));
		println!(
			"emission drain by Foundation motion: 100% refused, rate {rate_before:?} -> at most \
			 {bound:?} a year of a pool of {} MC",
			pool_before / MC
		);
	});
}

/// No sudo by any path (issue 17, rule 3): on a network started without a sudo key (the local
/// testnet), a staker proposes to give itself one, directly and through every wrapper that can
/// carry a root call (a batch, `dispatch_as`, a proxy, the scheduler, `sudo.sudo`, a multisig)
/// or by writing the sudo pallet's storage. Each proposal is refused at submission with
/// `ForbiddenCall`: no deposit is held, no referendum starts, and the key stays empty. On the
/// development chain Alice, who holds the key, may still hand it on herself.
#[test]
fn no_referendum_can_set_a_sudo_key() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let attacker = AliceStash;
		let set_key = RuntimeCall::Sudo(pallet_sudo::Call::set_key {
			new: MultiAddress::Id(attacker.to_account_id()),
		});
		let boxed = || Box::new(set_key.clone());
		let key = pallet_sudo::Key::<Runtime>::hashed_key().to_vec();
		let wrapped = [
			set_key.clone(),
			RuntimeCall::Utility(pallet_utility::Call::batch {
				calls: vec![
					RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
					set_key.clone(),
				],
			}),
			RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
				as_origin: Box::new(frame_system::RawOrigin::Root.into()),
				call: boxed(),
			}),
			RuntimeCall::Proxy(pallet_proxy::Call::proxy {
				real: MultiAddress::Id(attacker.to_account_id()),
				force_proxy_type: None,
				call: boxed(),
			}),
			RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
				when: 100,
				maybe_periodic: None,
				priority: 0,
				call: boxed(),
			}),
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: boxed() }),
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![Bob.to_account_id()],
				call: boxed(),
			}),
			RuntimeCall::System(frame_system::Call::set_storage {
				items: vec![(key, attacker.to_account_id().encode())],
			}),
		];
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "started without a key");
		let free = Balances::free_balance(attacker.to_account_id());
		for call in wrapped.iter().cloned() {
			let name = js_name(&call);
			let submit = RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(call),
				voting_period: pallet_governance::Parameters::<Runtime>::get().min_voting_period,
			});
			assert_eq!(
				exec(attacker, submit),
				Err(pallet_governance::Error::<Runtime>::ForbiddenCall.into()),
				"{name} is refused"
			);
		}
		assert_eq!(pallet_governance::ReferendumCount::<Runtime>::get(), 0);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		println!(
			"sudo key by referendum, {} ways (direct, batch, dispatchAs, proxy, scheduler, sudo, \
			 multisig, setStorage): all refused with ForbiddenCall; key still none; the \
			 attacker's MC {} -> {} (fees only)",
			wrapped.len(),
			free / MC,
			Balances::free_balance(attacker.to_account_id()) / MC,
		);
		// Anything else still goes to a referendum.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_eq!(
			exec(
				attacker,
				RuntimeCall::Governance(pallet_governance::Call::submit {
					proposal: inline(remark),
					voting_period: pallet_governance::Parameters::<Runtime>::get()
						.min_voting_period,
				})
			),
			Ok(())
		);
	});
	// The development chain's key holder hands the key on herself.
	dev_ext().execute_with(|| {
		run_to_block(1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		let hand_on = RuntimeCall::Sudo(pallet_sudo::Call::set_key {
			new: MultiAddress::Id(Bob.to_account_id()),
		});
		assert_eq!(exec(Alice, hand_on), Ok(()));
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Bob.to_account_id()));
	});
}

/// Queues cannot be jammed cheaply (issue 17, rule 5): one account submits 100 proposals to
/// fill the general class's queue (100). It gets three in (`MaxProposalsPerAccount`); the other
/// 97 are refused with `TooManyProposals`. The one decided fails (no votes) and the two queued
/// are cancelled as spam by a referendum: all three deposits go to the treasury.
#[test]
fn one_account_cannot_jam_a_lane() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let attacker = AliceStash;
		fund(attacker, 10_000);
		let params = pallet_governance::Parameters::<Runtime>::get();
		let treasury = Balances::balance(&TreasuryAccount::get());
		let before = Balances::balance(&attacker.to_account_id());
		let (mut accepted, mut refused) = (0u32, 0u32);
		// All in one block (a script sends them at once).
		begin_block();
		for i in 0..100u32 {
			let spam = RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(RuntimeCall::System(frame_system::Call::remark {
					remark: i.encode(),
				})),
				voting_period: params.min_voting_period,
			});
			match spam.dispatch(RuntimeOrigin::signed(attacker.to_account_id())) {
				Ok(_) => accepted += 1,
				Err(e) => {
					assert_eq!(
						e.error,
						pallet_governance::Error::<Runtime>::TooManyProposals.into()
					);
					refused += 1;
				}
			}
		}
		end_block();
		assert_eq!((accepted, refused), (3, 97));
		assert_eq!(pallet_governance::Queue::<Runtime>::get(Class::General).len(), 2);
		// The decided one fails; a referendum cancels the two queued as spam.
		let first = pallet_governance::Deciding::<Runtime>::get(Class::General).unwrap();
		run_to_block(System::block_number() + params.min_voting_period);
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(first).map(|e| e.outcome),
			Some(Outcome::Rejected)
		);
		for index in [first + 1, first + 2] {
			begin_block();
			pallet_governance::Pallet::<Runtime>::cancel(RuntimeOrigin::root(), index).unwrap();
			end_block();
		}
		assert!(!pallet_governance::OngoingProposals::<Runtime>::contains_key(
			attacker.to_account_id()
		));
		let lost = before - Balances::balance(&attacker.to_account_id());
		let collected = Balances::balance(&TreasuryAccount::get()) - treasury;
		println!(
			"class jam by one account: 100 proposals, {accepted} accepted, {refused} refused \
			 (TooManyProposals); the attacker lost {} MC of deposits, the treasury got {} MC",
			lost / MC,
			collected / MC
		);
		assert_eq!(lost, 3 * params.submission_deposit);
		assert_eq!(collected, 3 * params.submission_deposit);
	});
}

/// The Technical Committee, unanimous, tries to cancel the referendum that would replace it:
/// a `technicalMembership.resetMembers`, alone or inside `utility.batchAll`, and one that
/// changes the rules of referenda. Each is refused with `Uncancellable` and goes on being
/// decided; the same origin still cancels a spam referendum (a remark).
#[test]
fn the_technical_committee_cannot_cancel_a_referendum_about_the_bodies() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		fund(AliceStash, 10_000);
		let params = pallet_governance::Parameters::<Runtime>::get();
		let replace = RuntimeCall::TechnicalMembership(pallet_membership::Call::reset_members {
			members: vec![Eve.to_account_id(), Ferdie.to_account_id(), Alice.to_account_id()],
		});
		let proposals = [
			replace.clone(),
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![replace] }),
			set_parameter(RuntimeParameter::Governance(
				pallet_governance::GovernanceParameter::SubmissionDeposit(1),
			)),
		];
		let unanimous = || collective::<TechnicalCollective>(3, 3);
		for proposal in proposals {
			let index = submit(AliceStash, proposal);
			begin_block();
			let refused = pallet_governance::Pallet::<Runtime>::cancel(unanimous(), index);
			end_block();
			assert_eq!(refused, Err(pallet_governance::Error::<Runtime>::Uncancellable.into()));
			assert!(pallet_governance::Referenda::<Runtime>::contains_key(index));
			// Let it run out (rejected) to make room for the next.
			run_to_block(System::block_number() + params.min_voting_period + 1);
		}
		let spam = submit(
			AliceStash,
			RuntimeCall::System(frame_system::Call::remark { remark: b"spam".to_vec() }),
		);
		begin_block();
		let cancelled = pallet_governance::Pallet::<Runtime>::cancel(unanimous(), spam);
		end_block();
		assert!(cancelled.is_ok());
		println!(
			"the Technical Committee (3/3) tried to cancel 3 referenda about the bodies: 3 \
			 refused (Uncancellable); a spam referendum: cancelled"
		);
	});
}

/// The Foundation tries to take the code alone: it cannot replace the Technical Committee's
/// members (membership changes by referendum only), and when the two bodies approve an upgrade
/// together, the stakers veto it by referendum within the delay: it is never authorized.
#[test]
fn the_bodies_cannot_upgrade_against_the_stakers() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let replace = RuntimeCall::TechnicalMembership(pallet_membership::Call::reset_members {
			members: vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()],
		});
		assert_eq!(
			motion(RuntimeCall::Foundation, Alice, Charlie, replace),
			Err(DispatchError::BadOrigin)
		);

		let params = pallet_governance::Parameters::<Runtime>::get();
		let hash = metachain_runtime::Hash::repeat_byte(0x66);
		let approve = || {
			RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { code_hash: hash })
		};
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Dave, approve()), Ok(()));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, approve()), Ok(()));
		let scheduled = pallet_governance::ScheduledUpgrade::<Runtime>::get().expect("scheduled");
		assert_eq!(scheduled.code_hash, hash);

		// A staker proposes the veto; it is decided at once and passes with Alice's stash.
		let index = submit(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::veto_upgrade { code_hash: hash }),
		);
		vote_aye(AliceStash, index).expect("voted");
		// It confirms for the general class's period, then is enacted in the block it is
		// approved, within the delay.
		let confirmation = rules(Class::General).confirmation;
		run_to_block(System::block_number() + 1 + confirmation);
		assert!(governance_events()
			.contains(&pallet_governance::Event::UpgradeVetoed { code_hash: hash }));
		assert!(System::block_number() < scheduled.authorize_at);
		run_to_block(scheduled.authorize_at + 5);
		let authorized = authorized_upgrade();
		println!(
			"joint upgrade by Technical + Foundation: vetoed by referendum within the {}-block \
			 delay; authorized: {:?}",
			params.joint_upgrade_delay, authorized
		);
		assert_eq!(authorized, None);
	});
}

/// A majority of stakers tries to mint: a referendum to `balances.forceSetBalance` Dave's
/// balance 1 MC higher, and one to `balances.forceAdjustTotalIssuance` by 1 MC, on a chain with
/// exactly 10 billion MC. Both pass their vote; both enactments are undone
/// (`IssuanceAboveMaximum`): the balance and the total issuance do not move.
#[test]
fn no_referendum_raises_the_issuance_past_ten_billion() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let issuance = Balances::total_issuance();
		assert_eq!(issuance, metachain_runtime::economy::MAX_SUPPLY);
		let dave = Balances::balance(&Dave.to_account_id());
		let mints = [
			RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
				who: MultiAddress::Id(Dave.to_account_id()),
				new_free: dave + MC,
			}),
			RuntimeCall::Balances(pallet_balances::Call::force_adjust_total_issuance {
				direction: pallet_balances::AdjustmentDirection::Increase,
				delta: MC,
			}),
		];
		for call in mints {
			let index = submit(AliceStash, call);
			vote_aye(AliceStash, index).expect("voted");
			// The enactment's result, from the block it happened in.
			let mut enacted = None;
			for _ in 0..(3 + blocks_to_enactment(Class::Root)) {
				produce_block();
				enacted = governance_events().into_iter().find_map(|e| match e {
					pallet_governance::Event::Enacted { index: i, result } if i == index => {
						Some(result)
					}
					_ => None,
				});
				if enacted.is_some() {
					break;
				}
			}
			assert_eq!(
				enacted,
				Some(Err(pallet_governance::Error::<Runtime>::IssuanceAboveMaximum.into()))
			);
		}
		println!(
			"mint by referendum past 10B MC: 2 approved, 2 enactments undone; Dave {} -> {} MC, \
			 issuance {} -> {} MC",
			dave / MC,
			Balances::balance(&Dave.to_account_id()) / MC,
			issuance / MC,
			Balances::total_issuance() / MC
		);
		assert_eq!(Balances::balance(&Dave.to_account_id()), dave);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

/// A validator's friends on the Foundation (2/3) try to cancel its deferred slash, and to
/// raise every validator's minimum commission, through `governance.stakingAdmin`: both are a
/// referendum's alone, refused with `NotStakingAdminCall`.
#[test]
fn the_foundation_cannot_cancel_a_slash_or_raise_commissions() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		for call in [
			pallet_staking::Call::cancel_deferred_slash { era: 0, slash_indices: vec![0] },
			pallet_staking::Call::set_min_commission { new: Perbill::one() },
		] {
			let admin = RuntimeCall::Governance(pallet_governance::Call::staking_admin {
				call: Box::new(RuntimeCall::Staking(call)),
			});
			assert_eq!(
				motion(RuntimeCall::Foundation, Alice, Charlie, admin),
				Err(pallet_governance::Error::<Runtime>::NotStakingAdminCall.into())
			);
		}
		assert_eq!(pallet_staking::MinCommission::<Runtime>::get(), Perbill::zero());
		println!("Foundation via stakingAdmin: cancel a slash, set min commission 100%: 2 refused");
	});
}
