//! Attacks on proof of credit and the MC it pays (issue 16), each run through real blocks with
//! the real runtime: the attacker's result is printed and asserted. One file per attack; the
//! figures printed here are the ones in the pallets' "Attacks and their cost" tables.

#[path = "../common/mod.rs"]
mod common;

mod credit_buyback;
mod delegation_timing;
mod era_boundary_flood;
mod forced_fallback;
mod invite_loop;
mod price_walk;
mod relay_spam;
mod self_dealing;
mod slashed_backing;
mod sybil;
mod voter_crowding;
