//! Rules 1 and 2 of issue 18, checked on the runtime's own weights: at the configured maxima,
//! each block of the election and each session turn registers at most half of a block. The
//! weights are the generated ones (`runtime/src/weights/`, the pallets' `weights.rs`) with the
//! chain's measured database weights, so a new benchmark run that breaks the budget fails here.
//!
//! The table in `runtime/README.md` ("Elections") between
//! `<!-- BEGIN GENERATED: block budget -->` and `<!-- END GENERATED -->` is rendered from the
//! same figures; `METACHAIN_BLESS=1` rewrites it.

mod common;

use frame_support::weights::Weight;
use metachain_runtime::{
	configs::{MAX_ELECTING_VOTERS, MAX_ELECTION_TARGETS, MAX_STAKING_VOTERS},
	Runtime,
};
use pallet_credit_delegation::WeightInfo as _;
use pallet_election_provider_multi_phase::WeightInfo as _;
use pallet_session_rotation::WeightInfo as _;
use pallet_staking::WeightInfo as _;

type Epm = <Runtime as pallet_election_provider_multi_phase::Config>::WeightInfo;
type Delegation = <Runtime as pallet_credit_delegation::Config>::WeightInfo;
type Turns = <Runtime as pallet_session_rotation::Config>::WeightInfo;
type Staking = <Runtime as pallet_staking::Config>::WeightInfo;

/// The most validators elected (and paid) in an era.
const WINNERS: u32 = 1_000;

fn block() -> Weight {
	<Runtime as frame_system::Config>::BlockWeights::get().max_block
}

/// What each heavy block registers at the maxima, with a line saying what it holds.
fn budget() -> Vec<(&'static str, String, Weight)> {
	// Staking's voters: 10,000 of them, validators (at most the winners' thousand) or
	// nominators, whichever split registers more.
	let staking_voters = (0..=WINNERS)
		.step_by(100)
		.map(|v| Staking::get_npos_voters(v, MAX_STAKING_VOTERS - v))
		.max_by_key(|w| w.ref_time())
		.unwrap_or_default();
	let visits =
		pallet_credit_delegation::Pallet::<Runtime>::candidate_visits(MAX_ELECTION_TARGETS);
	let snapshot = Epm::on_initialize_open_unsigned()
		.saturating_add(staking_voters)
		.saturating_add(Delegation::election_credit_filter(visits))
		.saturating_add(Epm::create_snapshot_internal(MAX_ELECTING_VOTERS, MAX_ELECTION_TARGETS));
	let turns = [
		("session turn: none (BABE's epoch check)", Turns::no_turn()),
		("session turn: `Plain`", Turns::turn_plain()),
		("session turn: `PlansEra`", Turns::turn_planning_era()),
		("session turn: `StartsEra`", Turns::turn_starting_era()),
		(
			"session turn: `PlansAndStartsEra` (a forced era)",
			Turns::turn_planning_era().saturating_add(Turns::turn_starting_era()),
		),
	];
	let mut rows = vec![
		(
			"election snapshot",
			format!(
				"{} staking voters, {} candidate entries for {} targets, the snapshot of {} voters",
				n(MAX_STAKING_VOTERS),
				n(visits),
				n(MAX_ELECTION_TARGETS),
				n(MAX_ELECTING_VOTERS)
			),
			snapshot,
		),
		(
			"election solution (`submit_unsigned`)",
			format!(
				"{} voters, all active, {} targets, {} winners",
				n(MAX_ELECTING_VOTERS),
				n(MAX_ELECTION_TARGETS),
				n(WINNERS)
			),
			Epm::submit_unsigned(
				MAX_ELECTING_VOTERS,
				MAX_ELECTION_TARGETS,
				MAX_ELECTING_VOTERS,
				WINNERS,
			),
		),
		(
			"election (`elect_queued`)",
			format!("{} assignments, {} winners", n(MAX_ELECTING_VOTERS), n(WINNERS)),
			Epm::elect_queued(MAX_ELECTING_VOTERS, WINNERS),
		),
		(
			"fallback election (`approval_stake`)",
			format!("{} voters, {} targets", n(MAX_ELECTING_VOTERS), n(MAX_ELECTION_TARGETS)),
			Delegation::approval_stake(MAX_ELECTING_VOTERS, MAX_ELECTION_TARGETS),
		),
	];
	for (name, weight) in turns {
		rows.push((name, format!("{} validators (`SessionTurnAtMaxima`)", n(WINNERS)), weight));
	}
	rows
}

fn n(x: u32) -> String {
	common::thousands(x.into())
}

fn millis(w: Weight) -> String {
	let ms = w.ref_time() as f64 / 1e9;
	if ms < 1.0 {
		format!("{ms:.2} ms")
	} else {
		format!("{ms:.0} ms")
	}
}

fn table() -> String {
	let max = block();
	let mut out = String::from(
		"| block | at the maxima | registered | share of the block |\n|---|---|---|---|\n",
	);
	for (name, what, weight) in budget() {
		let share = weight.ref_time() as f64 * 100.0 / max.ref_time() as f64;
		out.push_str(&format!("| {name} | {what} | {} | {share:.1}% |\n", millis(weight)));
	}
	out
}

#[test]
fn every_heavy_block_registers_at_most_half_a_block() {
	let half = block().ref_time() / 2;
	for (name, what, weight) in budget() {
		println!("{name} ({what}): {} of {}", millis(weight), millis(block()));
		assert!(weight.ref_time() <= half, "{name} registers {} at the maxima", millis(weight));
	}
}

#[test]
fn readme_block_budget_table_is_the_runtime() {
	common::check_generated_section("runtime/README.md", "block budget", &table());
}
