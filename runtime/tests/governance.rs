//! Runtime tests of governance: the powers table of `runtime/README.md` (every privileged call:
//! the right origin gets past the origin check, every other fails with `BadOrigin`), and
//! referenda, committee motions, the joint upgrade approval and treasury spends through real
//! blocks of the development chain.

mod common;

use codec::Encode;
use common::*;
use frame_support::{
	dispatch::GetDispatchInfo,
	storage::{with_transaction, TransactionOutcome},
	traits::{fungible::Inspect, Bounded, GetCallMetadata},
	weights::Weight,
};
use metachain_runtime::{
	configs::{
		CommunityCollective, CommunitySpendCap, EcosystemCollective, EcosystemSpendCap,
		FoundationCollective, FoundationSpendCap, TechnicalCollective, TreasuryAccount,
	},
	currency::*,
	AccountId, Balances, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use pallet_governance::{Lane, Outcome};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{Dispatchable, Hash as _},
	DispatchError, MultiAddress, Perbill, Percent,
};
use std::collections::{BTreeMap, BTreeSet};

/// The code hash `frame_system` has authorized an upgrade to, if any (its storage is private:
/// read as stored, `(code_hash, check_version)`).
fn authorized_upgrade() -> Option<sp_core::H256> {
	frame_support::storage::unhashed::get::<(sp_core::H256, bool)>(
		&frame_support::storage::storage_prefix(b"System", b"AuthorizedUpgrade"),
	)
	.map(|(h, _)| h)
}

// ---------------------------------------------------------------------------------------------
// The powers table
// ---------------------------------------------------------------------------------------------

/// The origins a privileged call may have, as the README names them.
const REFERENDUM: &str = "referendum";
const FOUNDATION: &str = "Foundation 2/3";
const TECHNICAL: &str = "Technical 2/3";
const TECHNICAL_ALL: &str = "Technical unanimity";
const COMMUNITY: &str = "Community 1/2";
const ECOSYSTEM: &str = "Ecosystem 1/2";
const NOBODY: &str = "nobody";

fn collective<I: 'static>(n: u32, m: u32) -> RuntimeOrigin
where
	RuntimeOrigin: From<pallet_collective::RawOrigin<AccountId, I>>,
{
	pallet_collective::RawOrigin::<AccountId, I>::Members(n, m).into()
}

/// The origins every call is tried with, and the README names each one satisfies.
fn test_origins() -> Vec<(&'static str, RuntimeOrigin, Vec<&'static str>)> {
	vec![
		("root", RuntimeOrigin::root(), vec![REFERENDUM]),
		("Foundation 2 of 3", collective::<FoundationCollective>(2, 3), vec![FOUNDATION]),
		("Foundation 1 of 3", collective::<FoundationCollective>(1, 3), vec![]),
		(
			"Technical 3 of 3",
			collective::<TechnicalCollective>(3, 3),
			vec![TECHNICAL_ALL, TECHNICAL],
		),
		("Technical 2 of 3", collective::<TechnicalCollective>(2, 3), vec![TECHNICAL]),
		("Technical 1 of 3", collective::<TechnicalCollective>(1, 3), vec![]),
		("Community 2 of 4", collective::<CommunityCollective>(2, 4), vec![COMMUNITY]),
		("Community 1 of 3", collective::<CommunityCollective>(1, 3), vec![]),
		("Ecosystem 2 of 4", collective::<EcosystemCollective>(2, 4), vec![ECOSYSTEM]),
		("Ecosystem 1 of 3", collective::<EcosystemCollective>(1, 3), vec![]),
		("signed", RuntimeOrigin::signed(Alice.to_account_id()), vec![]),
		("none", RuntimeOrigin::none(), vec![]),
	]
}

/// `Pallet.function` as Polkadot.js names it: `pallet.function` in lower camel case.
fn js_name(call: &RuntimeCall) -> String {
	let meta = call.get_call_metadata();
	let mut pallet = meta.pallet_name.to_string();
	pallet[..1].make_ascii_lowercase();
	let mut function = String::new();
	let mut upper = false;
	for c in meta.function_name.chars() {
		if c == '_' {
			upper = true;
		} else if upper {
			function.push(c.to_ascii_uppercase());
			upper = false;
		} else {
			function.push(c);
		}
	}
	format!("{pallet}.{function}")
}

fn someone() -> AccountId {
	Ferdie.to_account_id()
}

/// Every privileged call of the runtime, by name (with the kind of parameter where the kind
/// decides), and who may make it.
fn powers() -> Vec<(String, RuntimeCall, Vec<&'static str>)> {
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
	row(
		None,
		RuntimeCall::Staking(St::cancel_deferred_slash { era: 0, slash_indices: vec![] }),
		rf,
	);
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
	row(None, RuntimeCall::Staking(St::set_min_commission { new: Perbill::zero() }), rf);
	row(
		None,
		RuntimeCall::Staking(St::deprecate_controller_batch { controllers: Default::default() }),
		rf,
	);
	row(
		None,
		RuntimeCall::Staking(St::restore_ledger {
			stash: who.clone(),
			maybe_controller: None,
			maybe_total: None,
			maybe_unlocking: None,
		}),
		rf,
	);
	row(
		None,
		RuntimeCall::Staking(St::manual_slash {
			validator_stash: who.clone(),
			era: 0,
			slash_fraction: Perbill::zero(),
		}),
		rf,
	);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::staking_admin {
			call: Box::new(RuntimeCall::Staking(St::set_validator_count { new: 3 })),
		}),
		&[FOUNDATION],
	);
	// Treasury: spends up to each body's cap.
	row(
		None,
		RuntimeCall::Treasury(pallet_treasury::Call::spend {
			asset_kind: Box::new(()),
			amount: MC,
			beneficiary: Box::new(who.clone()),
			valid_from: None,
		}),
		&[REFERENDUM, FOUNDATION, ECOSYSTEM, COMMUNITY],
	);
	row(
		None,
		RuntimeCall::Treasury(pallet_treasury::Call::spend_local {
			amount: MC,
			beneficiary: addr(),
		}),
		&[REFERENDUM, FOUNDATION, ECOSYSTEM, COMMUNITY],
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
	body!(TechnicalCommittee, TechnicalMembership, TechnicalCollective, rf);
	body!(CommunityCommittee, CommunityMembership, CommunityCollective, rf);
	body!(EcosystemCommittee, EcosystemMembership, EcosystemCollective, rf);
	// Referenda.
	row(None, RuntimeCall::Governance(pallet_governance::Call::cancel { index: 0 }), rta);
	row(None, RuntimeCall::Governance(pallet_governance::Call::fast_track { index: 0 }), rta);
	row(
		None,
		RuntimeCall::Governance(pallet_governance::Call::set_parameters {
			params: metachain_runtime::configs::DefaultGovernanceParameters::get(),
		}),
		r,
	);
	// MetaChain's own pallets.
	row(
		None,
		RuntimeCall::IncentivePool(pallet_incentive_pool::Call::set_annual_emission {
			rate: Perbill::from_percent(10),
		}),
		rtf,
	);
	row(
		Some("technical"),
		RuntimeCall::Credit(pallet_credit::Call::set_parameter {
			parameter: pallet_credit::CreditParameter::UptimeCredit(2),
		}),
		rt,
	);
	row(
		Some("economic"),
		RuntimeCall::Credit(pallet_credit::Call::set_parameter {
			parameter: pallet_credit::CreditParameter::CreditPrice(40 * MC),
		}),
		rtf,
	);
	row(None, RuntimeCall::Credit(pallet_credit::Call::force_invite { invitee: who.clone() }), rt);
	row(
		Some("technical"),
		RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::set_parameter {
			parameter: pallet_credit_delegation::DelegationParameter::RedelegateCooldown(20),
		}),
		rt,
	);
	row(
		Some("economic"),
		RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::set_parameter {
			parameter: pallet_credit_delegation::DelegationParameter::CreditToVote(50 * MC),
		}),
		rtf,
	);
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
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_checkpoint_interval { interval: 100 }),
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
		RuntimeCall::PriceOracle(pallet_price_oracle::Call::set_parameters {
			params: metachain_runtime::configs::DefaultOracleParameters::get(),
		}),
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
	row(
		Some("technical"),
		RuntimeCall::Musd(pallet_musd::Call::set_parameter {
			parameter: pallet_musd::MusdParameter::OrderExpiry(30),
		}),
		rt,
	);
	row(
		Some("economic"),
		RuntimeCall::Musd(pallet_musd::Call::set_parameter {
			parameter: pallet_musd::MusdParameter::MinMint(2 * MC),
		}),
		rtf,
	);
	row(
		Some("technical"),
		RuntimeCall::Workload(pallet_workload::Call::set_parameter {
			parameter: pallet_workload::WorkloadParameter::HistoryDepth(20),
		}),
		rt,
	);
	row(
		Some("economic"),
		RuntimeCall::Workload(pallet_workload::Call::set_parameter {
			parameter: pallet_workload::WorkloadParameter::DailyWorkloadReward(1_000 * MC),
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

/// Dispatches `call` with `origin` and undoes whatever it did; `true` if it got past the
/// origin check (succeeded, or failed for another reason than `BadOrigin`).
fn passes_origin_check(call: &RuntimeCall, origin: RuntimeOrigin) -> bool {
	let result = with_transaction(|| {
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(call.clone().dispatch(origin)))
	})
	.expect("no storage layer error");
	!matches!(result, Err(e) if e.error == DispatchError::BadOrigin)
}

/// Reads no runtime version: `system.setCode` with root then fails after its origin check, as
/// it would with invalid code (test externalities have no Wasm executor).
struct NoRuntimeVersion;
impl sp_core::traits::ReadRuntimeVersion for NoRuntimeVersion {
	fn read_runtime_version(
		&self,
		_code: &[u8],
		_ext: &mut dyn sp_core::traits::Externalities,
	) -> Result<Vec<u8>, String> {
		Err("no executor in runtime tests".into())
	}
}

#[test]
fn every_privileged_call_accepts_exactly_its_origins() {
	let mut ext = dev_ext();
	ext.register_extension(sp_core::traits::ReadRuntimeVersionExt::new(NoRuntimeVersion));
	ext.execute_with(|| {
		run_to_block(1);
		let origins = test_origins();
		let mut failures = vec![];
		for (name, call, allowed) in powers() {
			for (label, origin, satisfies) in &origins {
				let expected = satisfies.iter().any(|s| allowed.contains(s));
				let passed = passes_origin_check(&call, origin.clone());
				if passed != expected {
					failures.push(format!(
						"{name} with {label}: {} (table: {allowed:?})",
						if passed { "accepted" } else { "refused with BadOrigin" }
					));
				}
			}
		}
		assert!(
			failures.is_empty(),
			"origin checks differ from the table:\n{}",
			failures.join("\n")
		);
	});
}

/// The rows of the README's "Privileged calls" table: call name → origins.
fn readme_table() -> BTreeMap<String, BTreeSet<String>> {
	let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
		.expect("runtime/README.md");
	let section = readme
		.split("\n## Privileged calls")
		.nth(1)
		.expect("a 'Privileged calls' section")
		.split("\n## ")
		.next()
		.unwrap_or_default();
	let mut table = BTreeMap::new();
	for line in section.lines().filter(|l| l.starts_with('|')) {
		let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
		if cells.len() < 2 || cells[0].starts_with("---") || cells[0] == "Calls" {
			continue;
		}
		let origins: BTreeSet<String> =
			cells[1].split(',').map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect();
		for name in cells[0].split('`').skip(1).step_by(2) {
			assert!(
				table.insert(name.to_string(), origins.clone()).is_none(),
				"{name} appears twice in the README table"
			);
		}
	}
	table
}

#[test]
fn the_readme_table_lists_every_privileged_call_with_its_origins() {
	let readme = readme_table();
	let mut tested: BTreeMap<String, BTreeSet<String>> = powers()
		.into_iter()
		.map(|(name, _, who)| (name, who.iter().map(|w| w.to_string()).collect()))
		.collect();
	// Sudo exists on the development chain only; its calls check the sudo key themselves.
	for call in
		["sudo.sudo", "sudo.sudoUncheckedWeight", "sudo.sudoAs", "sudo.setKey", "sudo.removeKey"]
	{
		tested.insert(call.into(), ["sudo key (development chain)".to_string()].into());
	}
	// Members cannot replace themselves: filtered for every origin.
	for body in ["foundation", "technical", "community", "ecosystem"] {
		tested.insert(format!("{body}Membership.changeKey"), [NOBODY.to_string()].into());
	}
	assert_eq!(readme, tested, "runtime/README.md's powers table differs from the runtime");
}

#[test]
fn members_cannot_replace_themselves() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let call = RuntimeCall::TechnicalMembership(pallet_membership::Call::change_key {
			new: MultiAddress::Id(Ferdie.to_account_id()),
		});
		let result = call.dispatch(RuntimeOrigin::signed(Bob.to_account_id()));
		assert_eq!(
			result.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
	});
}

#[test]
fn treasury_spends_are_capped_per_body() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let spend = |amount| {
			RuntimeCall::Treasury(pallet_treasury::Call::spend {
				asset_kind: Box::new(()),
				amount,
				beneficiary: Box::new(Ferdie.to_account_id()),
				valid_from: None,
			})
		};
		let try_spend = |origin: RuntimeOrigin, amount| {
			with_transaction(|| {
				TransactionOutcome::Rollback(Ok::<_, DispatchError>(
					spend(amount).dispatch(origin).map(|_| ()).map_err(|e| e.error),
				))
			})
			.unwrap()
		};
		let too_much: DispatchError =
			pallet_treasury::Error::<Runtime>::InsufficientPermission.into();
		for (origin, cap) in [
			(collective::<EcosystemCollective>(2, 3), EcosystemSpendCap::get()),
			(collective::<CommunityCollective>(2, 3), CommunitySpendCap::get()),
			(collective::<FoundationCollective>(2, 3), FoundationSpendCap::get()),
		] {
			assert_eq!(try_spend(origin.clone(), cap), Ok(()));
			assert_eq!(try_spend(origin, cap + 1), Err(too_much));
		}
		assert_eq!(try_spend(RuntimeOrigin::root(), FoundationSpendCap::get() * 10), Ok(()));
		assert!(CommunitySpendCap::get() < EcosystemSpendCap::get());
		assert!(EcosystemSpendCap::get() < FoundationSpendCap::get());
	});
}

// ---------------------------------------------------------------------------------------------
// Referenda, motions and spends through blocks
// ---------------------------------------------------------------------------------------------

/// Runs `call` as `who` in a new block and returns its result.
fn exec(who: Sr25519Keyring, call: RuntimeCall) -> Result<(), DispatchError> {
	begin_block();
	let r =
		call.dispatch(RuntimeOrigin::signed(who.to_account_id())).map(|_| ()).map_err(|e| e.error);
	end_block();
	r
}

fn inline(call: RuntimeCall) -> Box<Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256>> {
	Box::new(Bounded::Inline(call.encode().try_into().expect("short call")))
}

fn governance_events() -> Vec<pallet_governance::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Governance(e) = r.event { Some(e) } else { None })
		.collect()
}

/// A motion of a body: `proposer` proposes `call` with threshold 2, `seconder` votes aye, the
/// proposer closes it. Returns the result the call was executed with.
fn motion<I: 'static>(
	wrap: impl Fn(pallet_collective::Call<Runtime, I>) -> RuntimeCall,
	proposer: Sr25519Keyring,
	seconder: Sr25519Keyring,
	call: RuntimeCall,
) -> Result<(), DispatchError>
where
	Runtime: pallet_collective::Config<I, Proposal = RuntimeCall>,
{
	let length_bound = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, I>::get();
	exec(
		proposer,
		wrap(pallet_collective::Call::propose {
			threshold: 2,
			proposal: Box::new(call),
			length_bound,
		}),
	)
	.expect("proposed");
	// The proposer's aye is not implied: it votes like any member.
	exec(proposer, wrap(pallet_collective::Call::vote { proposal: hash, index, approve: true }))
		.expect("voted");
	exec(seconder, wrap(pallet_collective::Call::vote { proposal: hash, index, approve: true }))
		.expect("voted");
	System::reset_events();
	exec(
		proposer,
		wrap(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound,
		}),
	)
	.expect("closed");
	System::events()
		.into_iter()
		.find_map(|r| match r.event {
			RuntimeEvent::TechnicalCommittee(pallet_collective::Event::Executed {
				result, ..
			})
			| RuntimeEvent::Foundation(pallet_collective::Event::Executed { result, .. })
			| RuntimeEvent::CommunityCommittee(pallet_collective::Event::Executed {
				result, ..
			})
			| RuntimeEvent::EcosystemCommittee(pallet_collective::Event::Executed {
				result, ..
			}) => Some(result),
			_ => None,
		})
		.expect("the motion was executed")
}

#[test]
fn a_technical_motion_changes_a_credit_parameter() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let before = pallet_credit::Parameters::<Runtime>::get().uptime_credit;
		let call = RuntimeCall::Credit(pallet_credit::Call::set_parameter {
			parameter: pallet_credit::CreditParameter::UptimeCredit(before + 1),
		});
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, call), Ok(()));
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().uptime_credit, before + 1);
		// An economic parameter by the Community Committee is refused.
		let call = RuntimeCall::Credit(pallet_credit::Call::set_parameter {
			parameter: pallet_credit::CreditParameter::CreditPrice(1),
		});
		assert_eq!(
			motion(RuntimeCall::CommunityCommittee, Charlie, Dave, call),
			Err(DispatchError::BadOrigin)
		);
	});
}

#[test]
fn an_ecosystem_spend_within_its_cap_is_paid_and_one_above_is_refused() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let treasury = TreasuryAccount::get();
		exec(
			Alice,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(treasury.clone()),
				value: 5_000_000 * MC,
			}),
		)
		.unwrap();
		let beneficiary = Ferdie.to_account_id();
		let spend = |amount| {
			RuntimeCall::Treasury(pallet_treasury::Call::spend {
				asset_kind: Box::new(()),
				amount,
				beneficiary: Box::new(beneficiary.clone()),
				valid_from: None,
			})
		};
		let cap = EcosystemSpendCap::get();
		assert_eq!(motion(RuntimeCall::EcosystemCommittee, Alice, Dave, spend(cap)), Ok(()));
		assert_eq!(
			motion(RuntimeCall::EcosystemCommittee, Alice, Eve, spend(cap + 1)),
			Err(pallet_treasury::Error::<Runtime>::InsufficientPermission.into())
		);
		let index = pallet_treasury::SpendCount::<Runtime>::get() - 1;
		exec(Ferdie, RuntimeCall::Treasury(pallet_treasury::Call::payout { index })).unwrap();
		assert_eq!(Balances::balance(&beneficiary), cap);
	});
}

fn stake_of(k: Sr25519Keyring) -> u128 {
	pallet_staking::Ledger::<Runtime>::get(k.to_account_id()).map(|l| l.active).unwrap_or(0)
}

#[test]
fn a_referendum_by_bonded_stake_enacts_its_proposal_through_the_scheduler() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		// The development chain's only staker is Alice's stash: the whole electorate.
		let electorate = pallet_governance::Electorate::<Runtime>::get();
		assert_eq!(electorate.total, stake_of(AliceStash));
		let params = pallet_governance::Parameters::<Runtime>::get();
		let before = pallet_credit::Parameters::<Runtime>::get().max_credit;
		let proposal = RuntimeCall::Credit(pallet_credit::Call::set_parameter {
			parameter: pallet_credit::CreditParameter::MaxCredit(before + 10),
		});
		// Non-stakers cannot propose.
		assert_eq!(
			exec(
				Ferdie,
				RuntimeCall::Governance(pallet_governance::Call::submit {
					proposal: inline(proposal.clone()),
					voting_period: params.min_voting_period,
				})
			),
			Err(pallet_governance::Error::<Runtime>::NotStaker.into())
		);
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(proposal),
				voting_period: params.min_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Lane::General), Some(index));
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }),
		)
		.unwrap();
		produce_block();
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(index).map(|e| e.outcome),
			Some(Outcome::Approved)
		);
		let approved_at = System::block_number();
		run_to_block(approved_at + params.enactment_delay);
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().max_credit, before + 10);
		// The vote's MC stays frozen until the vote is removed.
		assert!(exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::remove_vote { lane: Lane::General })
		)
		.is_ok());
	});
}

#[test]
fn a_rejected_referendum_pays_its_deposit_to_the_treasury() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		let treasury = Balances::balance(&TreasuryAccount::get());
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(RuntimeCall::System(frame_system::Call::remark {
					remark: vec![1],
				})),
				voting_period: params.min_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		run_to_block(System::block_number() + params.min_voting_period);
		assert_eq!(
			pallet_governance::EndedReferenda::<Runtime>::get(index).map(|e| e.outcome),
			Some(Outcome::Rejected)
		);
		// The treasury also collected the fees of nothing (calls were dispatched directly).
		assert_eq!(
			Balances::balance(&TreasuryAccount::get()),
			treasury + params.submission_deposit
		);
	});
}

#[test]
fn an_upgrade_is_authorized_by_referendum_or_by_both_bodies() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		// By referendum: the upgrade lane.
		let hash = metachain_runtime::Hash::repeat_byte(0x42);
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(RuntimeCall::System(frame_system::Call::authorize_upgrade {
					code_hash: hash,
				})),
				voting_period: params.min_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		assert_eq!(pallet_governance::Deciding::<Runtime>::get(Lane::Upgrade), Some(index));
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }),
		)
		.unwrap();
		run_to_block(System::block_number() + 1 + params.enactment_delay);
		assert_eq!(authorized_upgrade(), Some(hash));

		// By the Technical Committee and the Foundation, each by a 2/3 motion.
		let hash = metachain_runtime::Hash::repeat_byte(0x43);
		let approve = || {
			RuntimeCall::Governance(pallet_governance::Call::approve_upgrade { code_hash: hash })
		};
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Dave, approve()), Ok(()));
		assert_ne!(authorized_upgrade(), Some(hash));
		assert_eq!(motion(RuntimeCall::Foundation, Alice, Charlie, approve()), Ok(()));
		assert_eq!(authorized_upgrade(), Some(hash));
		assert!(governance_events()
			.contains(&pallet_governance::Event::UpgradeAuthorized { code_hash: hash }));
	});
}

#[test]
fn proposals_that_touch_code_or_storage_go_to_the_upgrade_lane_wherever_nested() {
	use metachain_runtime::configs::is_upgrade_call;
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let batch = |calls| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
	assert!(is_upgrade_call(&set_code, 0));
	assert!(!is_upgrade_call(&remark, 0));
	assert!(is_upgrade_call(&batch(vec![remark.clone(), set_code.clone()]), 0));
	assert!(!is_upgrade_call(&batch(vec![remark.clone()]), 0));
	let scheduled = RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
		when: 10,
		maybe_periodic: None,
		priority: 0,
		call: Box::new(batch(vec![set_code])),
	});
	assert!(is_upgrade_call(&scheduled, 0));
	let dispatch_as = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(frame_system::RawOrigin::Root.into()),
		call: Box::new(RuntimeCall::Governance(pallet_governance::Call::approve_upgrade {
			code_hash: Default::default(),
		})),
	});
	assert!(is_upgrade_call(&dispatch_as, 0));
}

#[test]
fn only_the_development_chain_has_sudo_and_every_preset_has_its_bodies() {
	for preset in [sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, "testnet"] {
		new_ext(preset).execute_with(|| {
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "{preset} has no sudo");
		});
	}
	for preset in [
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		"testnet",
	] {
		new_ext(preset).execute_with(|| {
			let ids =
				|ks: &[Sr25519Keyring]| ks.iter().map(|k| k.to_account_id()).collect::<Vec<_>>();
			assert_eq!(
				pallet_collective::Members::<Runtime, FoundationCollective>::get(),
				ids(&[Alice, Bob, Charlie])
					.into_iter()
					.collect::<BTreeSet<_>>()
					.into_iter()
					.collect::<Vec<_>>(),
				"{preset}: Foundation"
			);
			for (members, n) in [
				(pallet_collective::Members::<Runtime, TechnicalCollective>::get(), "Technical"),
				(pallet_collective::Members::<Runtime, CommunityCollective>::get(), "Community"),
				(pallet_collective::Members::<Runtime, EcosystemCollective>::get(), "Ecosystem"),
			] {
				assert_eq!(members.len(), 3, "{preset}: {n}");
			}
			// The genesis stakers are the first electorate.
			let staked: u128 =
				pallet_staking::Ledger::<Runtime>::iter().map(|(_, l)| l.active).sum();
			assert_eq!(pallet_governance::Electorate::<Runtime>::get().total, staked);
			assert!(staked > 0);
		});
	}
}

#[test]
fn governance_runs_without_sudo_on_the_local_testnet() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		// Alice's and Bob's stashes: two thirds of the bonded MC.
		let hash = metachain_runtime::Hash::repeat_byte(0x77);
		exec(
			AliceStash,
			RuntimeCall::Governance(pallet_governance::Call::submit {
				proposal: inline(RuntimeCall::System(frame_system::Call::authorize_upgrade {
					code_hash: hash,
				})),
				voting_period: params.max_voting_period,
			}),
		)
		.unwrap();
		let index = pallet_governance::ReferendumCount::<Runtime>::get() - 1;
		for k in [AliceStash, BobStash] {
			exec(k, RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }))
				.unwrap();
		}
		run_to_block(System::block_number() + 1 + params.enactment_delay);
		assert_eq!(authorized_upgrade(), Some(hash));
	});
}

#[test]
fn the_foundation_administers_staking() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let admin = |call| {
			RuntimeCall::Governance(pallet_governance::Call::staking_admin { call: Box::new(call) })
		};
		let foundation = collective::<FoundationCollective>(2, 3);
		assert!(admin(RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 7 }))
			.dispatch(foundation.clone())
			.is_ok());
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 7);
		assert!(admin(RuntimeCall::Staking(pallet_staking::Call::force_new_era {}))
			.dispatch(foundation.clone())
			.is_ok());
		assert_eq!(pallet_staking::ForceEra::<Runtime>::get(), pallet_staking::Forcing::ForceNew);
		// Nothing else root may do.
		let err = admin(RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 9 }))
			.dispatch(foundation)
			.map_err(|e| e.error);
		assert_eq!(err, Err(pallet_governance::Error::<Runtime>::NotStakingAdminCall.into()));
	});
}
