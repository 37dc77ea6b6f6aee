//! Every privileged call of the runtime and who may make it: the table the tests check.

use super::*;

/// Every privileged call of the runtime, by name (with the kind of parameter where the kind
/// decides), and who may make it.
pub(crate) fn powers() -> Vec<(String, RuntimeCall, Vec<&'static str>)> {
	use frame_system::Call as S;
	use pallet_balances::Call as B;
	use pallet_staking::Call as St;
	let who = someone();
	let addr = || MultiAddress::Id(someone());
	let remark = || Box::new(RuntimeCall::System(S::remark { remark: vec![] }));
	let code_hash = metachain_runtime::Hash::repeat_byte(1);
	let mut rows: Vec<(Option<&str>, RuntimeCall, Vec<&'static str>)> = vec![];
	let mut row = |suffix: Option<&'static str>, call: RuntimeCall, who: &[&'static str]| {
		rows.push((suffix, call, who.to_vec()))
	};
	let r = &[REFERENDUM][..];
	let rf = &[REFERENDUM, FOUNDATION][..];
	let rt = &[REFERENDUM, TECHNICAL][..];
	let rtf = &[REFERENDUM, TECHNICAL, FOUNDATION][..];
	let rta = &[REFERENDUM, TECHNICAL_ALL][..];
	let nobody = &[NOBODY][..];

	// System: code, storage, upgrades.
	row(None, RuntimeCall::System(S::set_heap_pages { pages: 64 }), r);
	row(None, RuntimeCall::System(S::set_code { code: vec![] }), r);
	row(None, RuntimeCall::System(S::set_code_without_checks { code: vec![] }), r);
	row(None, RuntimeCall::System(S::set_storage { items: vec![] }), r);
	row(None, RuntimeCall::System(S::kill_storage { keys: vec![] }), r);
	row(None, RuntimeCall::System(S::kill_prefix { prefix: b"none".to_vec(), subkeys: 0 }), r);
	row(None, RuntimeCall::System(S::authorize_upgrade { code_hash }), r);
	row(None, RuntimeCall::System(S::authorize_upgrade_without_checks { code_hash }), r);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { code_hash }),
		&[TECHNICAL, FOUNDATION],
	);
	row(None, RuntimeCall::Governance(pallet_governance::Call::veto_upgrade { code_hash }), r);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::enact {
			index: 0,
			weight: Weight::zero(),
		}),
		r,
	);
	// Balances.
	row(
		None,
		RuntimeCall::Balances(B::force_transfer { source: addr(), dest: addr(), value: 1 }),
		r,
	);
	row(None, RuntimeCall::Balances(B::force_set_balance { who: addr(), new_free: MC }), r);
	row(None, RuntimeCall::Balances(B::force_unreserve { who: addr(), amount: 1 }), r);
	row(
		None,
		RuntimeCall::Balances(B::force_adjust_total_issuance {
			direction: pallet_balances::AdjustmentDirection::Increase,
			delta: 1,
		}),
		r,
	);
	// Consensus.
	row(
		None,
		RuntimeCall::Babe(pallet_babe::Call::plan_config_change {
			config: sp_consensus_babe::digests::NextConfigDescriptor::V1 {
				c: (1, 4),
				allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
			},
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Grandpa(pallet_grandpa::Call::note_stalled {
			delay: 10,
			best_finalized_block_number: 0,
		}),
		r,
	);
	// Staking administration.
	row(None, RuntimeCall::Staking(St::set_validator_count { new: 3 }), r);
	row(None, RuntimeCall::Staking(St::increase_validator_count { additional: 1 }), r);
	row(
		None,
		RuntimeCall::Staking(St::scale_validator_count { factor: Percent::from_percent(10) }),
		r,
	);
	row(None, RuntimeCall::Staking(St::force_no_eras {}), r);
	row(None, RuntimeCall::Staking(St::force_new_era {}), r);
	row(None, RuntimeCall::Staking(St::force_new_era_always {}), r);
	row(None, RuntimeCall::Staking(St::set_invulnerables { invulnerables: vec![] }), r);
	row(
		None,
		RuntimeCall::Staking(St::force_unstake { stash: who.clone(), num_slashing_spans: 0 }),
		r,
	);
	row(None, RuntimeCall::Staking(St::cancel_deferred_slash { era: 0, slash_indices: vec![] }), r);
	{
		use pallet_staking::ConfigOp::Noop;
		row(
			None,
			RuntimeCall::Staking(St::set_staking_configs {
				min_nominator_bond: Noop,
				min_validator_bond: Noop,
				max_nominator_count: Noop,
				max_validator_count: Noop,
				chill_threshold: Noop,
				min_commission: Noop,
				max_staked_rewards: Noop,
			}),
			r,
		);
	}
	row(None, RuntimeCall::Staking(St::set_min_commission { new: Perbill::zero() }), r);
	row(
		None,
		RuntimeCall::Staking(St::deprecate_controller_batch { controllers: Default::default() }),
		r,
	);
	row(
		None,
		RuntimeCall::Staking(St::restore_ledger {
			stash: who.clone(),
			maybe_controller: None,
			maybe_total: None,
			maybe_unlocking: None,
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Staking(St::manual_slash {
			validator_stash: who.clone(),
			era: 0,
			slash_fraction: Perbill::zero(),
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::staking_admin {
			call: Box::new(RuntimeCall::Staking(St::set_validator_count { new: 3 })),
		}),
		&[FOUNDATION],
	);
	// Treasury: a referendum spends anything; the bodies within their budgets a period.
	row(
		None,
		RuntimeCall::Treasury(pallet_treasury::Call::spend {
			asset_kind: Box::new(()),
			amount: MC,
			beneficiary: Box::new(who.clone()),
			valid_from: None,
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Treasury(pallet_treasury::Call::spend_local {
			amount: MC,
			beneficiary: addr(),
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::spend {
			amount: MC,
			beneficiary: who.clone(),
		}),
		&[FOUNDATION, ECOSYSTEM, COMMUNITY],
	);
	row(None, RuntimeCall::Treasury(pallet_treasury::Call::remove_approval { proposal_id: 0 }), rf);
	row(None, RuntimeCall::Treasury(pallet_treasury::Call::void_spend { index: 0 }), rf);
	// Utility with another origin.
	row(
		None,
		RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
			as_origin: Box::new(frame_system::RawOrigin::Signed(who.clone()).into()),
			call: remark(),
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Utility(pallet_utility::Call::dispatch_as_fallible {
			as_origin: Box::new(frame_system::RawOrigin::Signed(who.clone()).into()),
			call: remark(),
		}),
		r,
	);
	row(
		None,
		RuntimeCall::Utility(pallet_utility::Call::with_weight {
			call: remark(),
			weight: Weight::zero(),
		}),
		r,
	);
	// Scheduler and preimages.
	{
		use pallet_scheduler::Call as Sc;
		let id = [7u8; 32];
		row(
			None,
			RuntimeCall::Scheduler(Sc::schedule {
				when: 100,
				maybe_periodic: None,
				priority: 0,
				call: remark(),
			}),
			r,
		);
		row(None, RuntimeCall::Scheduler(Sc::cancel { when: 100, index: 0 }), r);
		row(
			None,
			RuntimeCall::Scheduler(Sc::schedule_named {
				id,
				when: 100,
				maybe_periodic: None,
				priority: 0,
				call: remark(),
			}),
			r,
		);
		row(None, RuntimeCall::Scheduler(Sc::cancel_named { id }), r);
		row(
			None,
			RuntimeCall::Scheduler(Sc::schedule_after {
				after: 10,
				maybe_periodic: None,
				priority: 0,
				call: remark(),
			}),
			r,
		);
		row(
			None,
			RuntimeCall::Scheduler(Sc::schedule_named_after {
				id,
				after: 10,
				maybe_periodic: None,
				priority: 0,
				call: remark(),
			}),
			r,
		);
		row(
			None,
			RuntimeCall::Scheduler(Sc::set_retry { task: (100, 0), retries: 1, period: 5 }),
			r,
		);
		row(None, RuntimeCall::Scheduler(Sc::set_retry_named { id, retries: 1, period: 5 }), r);
		row(None, RuntimeCall::Scheduler(Sc::cancel_retry { task: (100, 0) }), r);
		row(None, RuntimeCall::Scheduler(Sc::cancel_retry_named { id }), r);
		let hash = metachain_runtime::Hash::repeat_byte(3);
		row(None, RuntimeCall::Preimage(pallet_preimage::Call::request_preimage { hash }), r);
		row(None, RuntimeCall::Preimage(pallet_preimage::Call::unrequest_preimage { hash }), r);
	}
	// The bodies: collectives and memberships.
	macro_rules! body {
		($collective:ident, $membership:ident, $instance:ty, $managers:expr) => {{
			use pallet_collective::Call as C;
			use pallet_membership::Call as M;
			let hash = metachain_runtime::Hash::repeat_byte(4);
			row(
				None,
				RuntimeCall::$collective(C::<Runtime, $instance>::set_members {
					new_members: vec![],
					prime: None,
					old_count: 3,
				}),
				nobody,
			);
			row(
				None,
				RuntimeCall::$collective(C::<Runtime, $instance>::disapprove_proposal {
					proposal_hash: hash,
				}),
				r,
			);
			row(
				None,
				RuntimeCall::$collective(C::<Runtime, $instance>::kill { proposal_hash: hash }),
				r,
			);
			row(None, RuntimeCall::$membership(M::add_member { who: addr() }), $managers);
			row(None, RuntimeCall::$membership(M::remove_member { who: addr() }), $managers);
			row(
				None,
				RuntimeCall::$membership(M::swap_member { remove: addr(), add: addr() }),
				$managers,
			);
			row(None, RuntimeCall::$membership(M::reset_members { members: vec![] }), $managers);
			row(None, RuntimeCall::$membership(M::set_prime { who: addr() }), nobody);
			row(None, RuntimeCall::$membership(M::clear_prime {}), nobody);
		}};
	}
	body!(Foundation, FoundationMembership, FoundationCollective, r);
	body!(TechnicalCommittee, TechnicalMembership, TechnicalCollective, r);
	body!(CommunityCommittee, CommunityMembership, CommunityCollective, r);
	body!(EcosystemCommittee, EcosystemMembership, EcosystemCollective, r);
	// Referenda.
	row(None, RuntimeCall::Governance(pallet_governance::Call::cancel { index: 0 }), rta);
	row(None, RuntimeCall::Governance(pallet_governance::Call::fast_track { index: 0 }), rta);
	// MetaChain's own pallets.
	// Parameters: the origin follows the parameter's kind (every parameter is checked in
	// `every_parameter_takes_the_origins_of_its_kind`).
	let param = set_parameter;
	row(
		Some("technical"),
		param(RuntimeParameter::Credit(pallet_credit::CreditParameter::UptimeCredit(2))),
		rt,
	);
	row(
		Some("economic"),
		param(RuntimeParameter::Credit(pallet_credit::CreditParameter::CreditPrice(40 * MC))),
		rtf,
	);
	row(
		Some("governance"),
		param(RuntimeParameter::Governance(
			pallet_governance::GovernanceParameter::MaxVotingPeriod(50_000),
		)),
		r,
	);
	row(None, RuntimeCall::Credit(pallet_credit::Call::force_invite { invitee: who.clone() }), rt);
	row(
		None,
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_relayers {
			relayers: vec![who.clone()].try_into().unwrap(),
			threshold: 1,
		}),
		rt,
	);
	row(
		None,
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_targets {
			targets: vec![pallet_anchoring::AnchorTarget::Ethereum { chain_id: 1 }]
				.try_into()
				.unwrap(),
		}),
		rt,
	);
	row(
		None,
		RuntimeCall::PriceOracle(pallet_price_oracle::Call::add_feeder { who: who.clone() }),
		rt,
	);
	row(
		None,
		RuntimeCall::PriceOracle(pallet_price_oracle::Call::remove_feeder { who: who.clone() }),
		rt,
	);
	row(
		None,
		RuntimeCall::Musd(pallet_musd::Call::register_service {
			service: 9,
			name: b"test".to_vec(),
			unit_price: pallet_musd::MUSD,
			served_by: pallet_musd::ServedBy { dvpn_client: true, smart_gateway: false },
		}),
		rtf,
	);
	row(
		None,
		RuntimeCall::Musd(pallet_musd::Call::update_service {
			service: 1,
			unit_price: pallet_musd::MUSD,
			served_by: pallet_musd::ServedBy { dvpn_client: true, smart_gateway: false },
			active: true,
		}),
		rtf,
	);
	rows.into_iter()
		.map(|(suffix, call, who)| {
			let name = match suffix {
				Some(s) => format!("{}({s})", js_name(&call)),
				None => js_name(&call),
			};
			(name, call, who)
		})
		.collect()
}
