//! The class of every call a referendum may make ([`pallet_governance::Class`]), and how a
//! proposal is classed: the strictest class of the calls it makes, wherever they are nested
//! (utility batches and wrappers, scheduled calls, sudo, proxies, multisigs,
//! `governance.stakingAdmin`).
//!
//! Every call of the runtime's metadata is listed in [`CALL_CLASSES`] (a test reads the
//! metadata and fails on a call that is not), so a new pallet or call cannot slip into a weak
//! class by default; a call that is not listed would be [`Class::Root`]. The classes' numbers
//! are the governance parameters ([`crate::economy::governance_rules`]), tabled in
//! `runtime/README.md`.

use super::*;
use alloc::vec::Vec;
use frame_support::traits::GetCallMetadata;
use pallet_governance::Class;

/// How deep [`nested_class`] and [`any_nested`] look into wrapped calls; a call nested
/// deeper is of the strictest class (and assumed to match).
pub const MAX_NESTING: u32 = 8;

/// Each class's calls, by pallet (as named in the runtime) and call. Calls whose class depends
/// on their arguments are refined by [`own_class`] (`parameters.setParameter`).
pub const CALL_CLASSES: &[(&str, Class, &[&str])] = &[
	// Anything that touches `system`'s storage, `sudo`, forced balances, the scheduler's agenda
	// (an approved enactment is a scheduled task), preimages of approved proposals, consensus
	// configuration, other origins, or the referenda themselves.
	("System", Class::Root, &["set_heap_pages", "set_storage", "kill_storage", "kill_prefix"]),
	("Sudo", Class::Root, &["sudo", "sudo_unchecked_weight", "set_key", "sudo_as", "remove_key"]),
	(
		"Balances",
		Class::Root,
		&["force_transfer", "force_unreserve", "force_set_balance", "force_adjust_total_issuance"],
	),
	(
		"Scheduler",
		Class::Root,
		&[
			"cancel",
			"cancel_named",
			"set_retry",
			"set_retry_named",
			"cancel_retry",
			"cancel_retry_named",
		],
	),
	("Preimage", Class::Root, &["unnote_preimage", "unrequest_preimage"]),
	("Utility", Class::Root, &["dispatch_as", "dispatch_as_fallible"]),
	("Babe", Class::Root, &["plan_config_change"]),
	// Unchecked election results and the minimum score of a solution: who validates.
	(
		"ElectionProviderMultiPhase",
		Class::Root,
		&["set_minimum_untrusted_score", "set_emergency_election_result", "governance_fallback"],
	),
	("Grandpa", Class::Root, &["note_stalled"]),
	("Staking", Class::Root, &["restore_ledger"]),
	("Governance", Class::Root, &["cancel", "fast_track", "enact"]),
	// Runtime upgrades.
	(
		"System",
		Class::Upgrade,
		&[
			"set_code",
			"set_code_without_checks",
			"authorize_upgrade",
			"authorize_upgrade_without_checks",
			"apply_authorized_upgrade",
		],
	),
	("Governance", Class::Upgrade, &["approve_upgrade"]),
	// Who sits in the bodies, validates, feeds prices or relays anchors; slashes.
	("FoundationMembership", Class::Membership, &MEMBERSHIP_CALLS),
	("TechnicalMembership", Class::Membership, &MEMBERSHIP_CALLS),
	("CommunityMembership", Class::Membership, &MEMBERSHIP_CALLS),
	("EcosystemMembership", Class::Membership, &MEMBERSHIP_CALLS),
	("Foundation", Class::Membership, &COLLECTIVE_ADMIN_CALLS),
	("TechnicalCommittee", Class::Membership, &COLLECTIVE_ADMIN_CALLS),
	("CommunityCommittee", Class::Membership, &COLLECTIVE_ADMIN_CALLS),
	("EcosystemCommittee", Class::Membership, &COLLECTIVE_ADMIN_CALLS),
	(
		"Staking",
		Class::Membership,
		&["set_invulnerables", "force_unstake", "cancel_deferred_slash", "manual_slash"],
	),
	("PriceOracle", Class::Membership, &["add_feeder", "remove_feeder"]),
	("Anchoring", Class::Membership, &["set_relayers"]),
	// Treasury spends beyond the bodies' budgets.
	("Treasury", Class::Spend, &["spend_local", "spend", "remove_approval", "void_spend"]),
	("Governance", Class::Spend, &["spend"]),
	// Parameters and pallets' configuration.
	("Parameters", Class::Parameter, &["set_parameter"]),
	(
		"Staking",
		Class::Parameter,
		&[
			"set_validator_count",
			"increase_validator_count",
			"scale_validator_count",
			"force_no_eras",
			"force_new_era",
			"force_new_era_always",
			"set_staking_configs",
			"set_min_commission",
			"force_apply_min_commission",
			"deprecate_controller_batch",
		],
	),
	("Anchoring", Class::Parameter, &["set_targets", "set_eth_contract", "set_btc_coin"]),
	("Credit", Class::Parameter, &["force_invite"]),
	("Musd", Class::Parameter, &["register_service", "update_service"]),
	// Everything else: what any account may do for itself (made as root, most fail), and
	// wrappers whose class is their calls'.
	("System", Class::General, &["remark", "remark_with_event"]),
	("Timestamp", Class::General, &["set"]),
	(
		"Balances",
		Class::General,
		&[
			"transfer_allow_death",
			"transfer_keep_alive",
			"transfer_all",
			"upgrade_accounts",
			"burn",
		],
	),
	("Babe", Class::General, &["report_equivocation", "report_equivocation_unsigned"]),
	("Grandpa", Class::General, &["report_equivocation", "report_equivocation_unsigned"]),
	(
		"Staking",
		Class::General,
		&[
			"bond",
			"bond_extra",
			"unbond",
			"withdraw_unbonded",
			"validate",
			"nominate",
			"chill",
			"set_payee",
			"set_controller",
			"payout_stakers",
			"rebond",
			"reap_stash",
			"kick",
			"chill_other",
			"payout_stakers_by_page",
			"update_payee",
			"migrate_currency",
		],
	),
	("Session", Class::General, &["set_keys", "purge_keys"]),
	("VoterList", Class::General, &["rebag", "put_in_front_of", "put_in_front_of_other"]),
	("CandidateList", Class::General, &["rebag", "put_in_front_of", "put_in_front_of_other"]),
	("ElectionProviderMultiPhase", Class::General, &["submit_unsigned", "submit"]),
	("Treasury", Class::General, &["payout", "check_status"]),
	(
		"Utility",
		Class::General,
		&["batch", "as_derivative", "batch_all", "force_batch", "with_weight", "if_else"],
	),
	(
		"Proxy",
		Class::General,
		&[
			"proxy",
			"add_proxy",
			"remove_proxy",
			"remove_proxies",
			"create_pure",
			"kill_pure",
			"announce",
			"remove_announcement",
			"reject_announcement",
			"proxy_announced",
			"poke_deposit",
		],
	),
	(
		"Multisig",
		Class::General,
		&[
			"as_multi_threshold_1",
			"as_multi",
			"approve_as_multi",
			"cancel_as_multi",
			"poke_deposit",
		],
	),
	("Preimage", Class::General, &["note_preimage", "request_preimage", "ensure_updated"]),
	(
		"Scheduler",
		Class::General,
		&["schedule", "schedule_named", "schedule_after", "schedule_named_after"],
	),
	("Foundation", Class::General, &COLLECTIVE_MEMBER_CALLS),
	("TechnicalCommittee", Class::General, &COLLECTIVE_MEMBER_CALLS),
	("CommunityCommittee", Class::General, &COLLECTIVE_MEMBER_CALLS),
	("EcosystemCommittee", Class::General, &COLLECTIVE_MEMBER_CALLS),
	(
		"Governance",
		Class::General,
		&["submit", "vote", "remove_vote", "veto_upgrade", "staking_admin"],
	),
	(
		"Anchoring",
		Class::General,
		&[
			"attest",
			"bond_relayer",
			"heartbeat",
			"unbond_relayer",
			"withdraw_bond",
			"dkg_post",
			"dkg_confirm",
			"dkg_complain",
			"submit_signature",
			"sign_commit",
			"sign_share",
		],
	),
	(
		"Credit",
		Class::General,
		&[
			"register_device",
			"invite",
			"cancel_invitation",
			"heartbeat",
			"submit_heartbeats",
			"replenish_credit",
			"deregister",
			"withdraw_deposit",
			"vest_invite_bonus",
			"bond_extra",
			"unbond",
			"withdraw_unbonded",
			"register_relay",
			"unregister_relay",
		],
	),
	(
		"CreditDelegation",
		Class::General,
		&["delegate", "undelegate", "redelegate", "claim_rewards"],
	),
	("PriceOracle", Class::General, &["submit_price"]),
	("Musd", Class::General, &["mint_musd", "buy_service", "redeem_receipt", "close_order"]),
	("Workload", Class::General, &["claim"]),
];

/// Every call of a membership pallet.
const MEMBERSHIP_CALLS: [&str; 7] = [
	"add_member",
	"remove_member",
	"swap_member",
	"reset_members",
	"change_key",
	"set_prime",
	"clear_prime",
];

/// A collective's calls that change it or end its motions: setting its members, and its
/// disapprove and kill origins.
const COLLECTIVE_ADMIN_CALLS: [&str; 3] = ["set_members", "disapprove_proposal", "kill"];

/// A collective's members' own calls.
const COLLECTIVE_MEMBER_CALLS: [&str; 5] =
	["execute", "propose", "vote", "close", "release_proposal_cost"];

/// The class [`CALL_CLASSES`] lists for `pallet`'s call `function`, if it lists one.
pub fn listed_class(pallet: &str, function: &str) -> Option<Class> {
	CALL_CLASSES
		.iter()
		.find(|(p, _, calls)| *p == pallet && calls.contains(&function))
		.map(|(_, class, _)| *class)
}

/// The class of `call` itself, not looking into the calls it wraps: as listed, refined by its
/// arguments (a governance parameter — the rules of referenda — is root's; other parameters
/// are the parameter class's). A call not listed is root's.
pub fn own_class(call: &RuntimeCall) -> Class {
	if let RuntimeCall::Parameters(pallet_chain_parameters::Call::set_parameter {
		parameter: RuntimeParameter::Governance(_),
	}) = call
	{
		return Class::Root;
	}
	let meta = call.get_call_metadata();
	listed_class(meta.pallet_name, meta.function_name).unwrap_or(Class::Root)
}

/// The calls `call` dispatches directly: those of utility batches and wrappers, scheduled
/// calls, sudo, proxies, multisigs and `governance.stakingAdmin`.
pub fn nested_calls(call: &RuntimeCall) -> Vec<&RuntimeCall> {
	match call {
		RuntimeCall::Utility(c) => match c {
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls } => calls.iter().collect(),
			pallet_utility::Call::as_derivative { call, .. }
			| pallet_utility::Call::dispatch_as { call, .. }
			| pallet_utility::Call::dispatch_as_fallible { call, .. }
			| pallet_utility::Call::with_weight { call, .. } => alloc::vec![&**call],
			pallet_utility::Call::if_else { main, fallback } => alloc::vec![&**main, &**fallback],
			_ => Vec::new(),
		},
		RuntimeCall::Scheduler(
			pallet_scheduler::Call::schedule { call, .. }
			| pallet_scheduler::Call::schedule_named { call, .. }
			| pallet_scheduler::Call::schedule_after { call, .. }
			| pallet_scheduler::Call::schedule_named_after { call, .. },
		)
		| RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. },
		)
		| RuntimeCall::Proxy(
			pallet_proxy::Call::proxy { call, .. }
			| pallet_proxy::Call::proxy_announced { call, .. },
		)
		| RuntimeCall::Multisig(
			pallet_multisig::Call::as_multi_threshold_1 { call, .. }
			| pallet_multisig::Call::as_multi { call, .. },
		) => alloc::vec![&**call],
		RuntimeCall::Governance(pallet_governance::Call::staking_admin { call }) => {
			alloc::vec![&**call]
		}
		_ => Vec::new(),
	}
}

/// Whether `call` or any call it dispatches matches `leaf`, up to [`MAX_NESTING`] levels deep
/// (from `depth`), beyond which a call is assumed to match.
pub fn any_nested(call: &RuntimeCall, depth: u32, leaf: &impl Fn(&RuntimeCall) -> bool) -> bool {
	if depth > MAX_NESTING {
		return true;
	}
	leaf(call) || nested_calls(call).into_iter().any(|c| any_nested(c, depth + 1, leaf))
}

/// The most calls [`nested_class`] classes in one proposal; a proposal of more calls (a batch
/// of thousands of calls in a 4 MiB preimage) is root's. This bounds the classification's cost
/// (a lookup in [`CALL_CLASSES`] per call) whatever the proposal's length.
pub const MAX_CLASSED_CALLS: u32 = 1_000;

/// The class of a proposal `call`: the strictest of its own class and its nested calls'
/// (from `depth`); root beyond [`MAX_NESTING`] levels or [`MAX_CLASSED_CALLS`] calls.
pub fn nested_class(call: &RuntimeCall, depth: u32) -> Class {
	let mut budget = MAX_CLASSED_CALLS;
	classify(call, depth, &mut budget)
}

/// [`nested_class`], counting the calls classed against `budget`.
fn classify(call: &RuntimeCall, depth: u32, budget: &mut u32) -> Class {
	if depth > MAX_NESTING || *budget == 0 {
		return Class::Root;
	}
	*budget -= 1;
	let mut class = own_class(call);
	for inner in nested_calls(call) {
		if class == Class::Root {
			break;
		}
		class = class.max(classify(inner, depth + 1, budget));
	}
	class
}

/// The runtime's classification of proposals (see [`nested_class`]).
pub struct ClassifyProposals;
impl pallet_governance::ClassifyCall<RuntimeCall> for ClassifyProposals {
	fn class_of(call: &RuntimeCall) -> Class {
		nested_class(call, 0)
	}
}
