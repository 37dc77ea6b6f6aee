//! Runtime tests of governance: the powers table of `runtime/README.md` (every privileged call:
//! the right origin gets past the origin check, every other fails with `BadOrigin`; every
//! parameter takes the origins of its kind), and referenda, committee motions, the joint upgrade
//! approval and treasury spends through real blocks of the development chain.
//!
//! - `powers.rs`: the table of every privileged call and who may make it;
//! - `origins.rs`: each call and each parameter dispatched with each origin, against the table
//!   and the README;
//! - `bodies.rs`: committee motions, capped spends, members, presets' bodies, staking admin;
//! - `referenda.rs`: referenda by bonded stake, the upgrade class, the joint upgrade approval;
//! - `live_stake.rs`: votes and electorate from one count (bonding around a count gains nothing);
//! - `classes.rs`: a proposal is classed by its strictest call, wherever nested.

#[path = "../common/mod.rs"]
mod common;

mod bodies;
mod capture;
mod classes;
mod live_stake;
mod origins;
mod powers;
mod referenda;

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
		FoundationCollective, FoundationSpendCap, RuntimeParameter, TechnicalCollective,
		TreasuryAccount,
	},
	currency::*,
	AccountId, Balances, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use pallet_governance::{Class, Outcome};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{Dispatchable, Hash as _},
	DispatchError, MultiAddress, Perbill, Percent,
};
use std::collections::{BTreeMap, BTreeSet};

/// The rules of `class` on the chain.
fn rules(class: Class) -> pallet_governance::ClassRules<u32> {
	class.rules(&pallet_governance::Parameters::<Runtime>::get())
}

/// Blocks from the block a `class` referendum starts passing (it confirms in the next) to its
/// enactment: its confirmation, then its enactment delay, and one more (the development
/// chain's session-boundary blocks are full: the scheduler's agenda of such a block waits a
/// block).
fn blocks_to_enactment(class: Class) -> u32 {
	let r = rules(class);
	2 + r.confirmation + r.enactment_delay
}

/// The code hash `frame_system` has authorized an upgrade to, if any (its storage is private:
/// read as stored, `(code_hash, check_version)`).
fn authorized_upgrade() -> Option<sp_core::H256> {
	frame_support::storage::unhashed::get::<(sp_core::H256, bool)>(
		&frame_support::storage::storage_prefix(b"System", b"AuthorizedUpgrade"),
	)
	.map(|(h, _)| h)
}

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

/// `parameters.setParameter(parameter)`.
fn set_parameter(parameter: RuntimeParameter) -> RuntimeCall {
	RuntimeCall::Parameters(pallet_chain_parameters::Call::set_parameter { parameter })
}

fn someone() -> AccountId {
	Ferdie.to_account_id()
}

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

/// `who` submits a referendum to enact `call`, with the shortest voting period the parameters
/// allow; its index.
fn submit(who: Sr25519Keyring, call: RuntimeCall) -> pallet_governance::ReferendumIndex {
	let voting_period = pallet_governance::Parameters::<Runtime>::get().min_voting_period;
	exec(
		who,
		RuntimeCall::Governance(pallet_governance::Call::submit {
			proposal: inline(call),
			voting_period,
		}),
	)
	.expect("a staker submits");
	pallet_governance::ReferendumCount::<Runtime>::get() - 1
}

/// `who` votes aye on referendum `index`, in a block of its own.
fn vote_aye(
	who: Sr25519Keyring,
	index: pallet_governance::ReferendumIndex,
) -> Result<(), DispatchError> {
	exec(who, RuntimeCall::Governance(pallet_governance::Call::vote { index, aye: true }))
}

/// `who` submits a referendum to authorize the upgrade to `code_hash`, voting for `period`
/// blocks; returns its index.
fn submit_upgrade(
	who: Sr25519Keyring,
	code_hash: metachain_runtime::Hash,
	voting_period: metachain_runtime::BlockNumber,
) -> pallet_governance::ReferendumIndex {
	let proposal = inline(RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash }));
	exec(who, RuntimeCall::Governance(pallet_governance::Call::submit { proposal, voting_period }))
		.expect("a staker submits");
	pallet_governance::ReferendumCount::<Runtime>::get() - 1
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

fn stake_of(k: Sr25519Keyring) -> u128 {
	pallet_staking::Ledger::<Runtime>::get(k.to_account_id()).map(|l| l.active).unwrap_or(0)
}
