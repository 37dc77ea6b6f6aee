//! Device weight is stake at risk (issue 16, rule 2): a validator elected on its devices'
//! weight misbehaves and is slashed; the devices that backed it lose the same fraction of their
//! bonded MC (to the treasury) and credit, so the attacker who runs the validator and its
//! devices loses at least what the weight earned.
//!
//! Local testnet (three validators, 20-block eras, hour-long credit periods, 2-era slash
//! deferral): Charlie has no backing and is dropped by the first proof-of-credit election; the
//! attacker's two devices bond 10,000 MC each and bring him back; after a few eras of rewards
//! he equivocates (two blocks sealed with his BABE key in one slot). A node reports it with
//! both sealed headers (`Babe::report_equivocation_unsigned`, as the node's reporter does); the
//! offence's fraction for one offender of three validators is min(1, (3 × 1 / 3)²) = 100%; the
//! slash lands after the deferral, and the devices pay at their next heartbeat.

use crate::common::*;
use codec::Encode;
use metachain_runtime::{
	currency::MC, AccountId, Balances, Credit, CreditDelegation, Runtime, RuntimeOrigin,
};
use pallet_credit_delegation::Survival;
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::{PerThing, Perbill};

const BOND: u128 = 10_000 * MC;

/// The attacker's scripted device `i` (keyless: driven by direct dispatch).
fn account(i: u32) -> AccountId {
	sp_core::crypto::AccountId32::new(sp_io::hashing::blake2_256(&("attacker", i).encode()))
}

fn total(who: &AccountId) -> u128 {
	<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(who)
}

fn validators() -> Vec<AccountId> {
	pallet_session::Validators::<Runtime>::get()
}

/// Each device sends its heartbeat (once a period; the rest fail harmlessly).
fn heartbeats(devices: &[AccountId]) {
	for d in devices {
		let _ = Credit::heartbeat(RuntimeOrigin::signed(d.clone()));
	}
}

/// Produce blocks to `era`, the devices alive in every credit period.
fn run_alive(era: u32, devices: &[AccountId]) {
	while active_era() < era {
		begin_block();
		heartbeats(devices);
		end_block();
	}
}

/// Produce blocks into the next credit period and let the devices report in it.
fn next_period(devices: &[AccountId]) {
	let next = Credit::current_period() + 1;
	while Credit::current_period() < next {
		begin_block();
		end_block();
	}
	begin_block();
	heartbeats(devices);
	end_block();
}

#[test]
fn a_slashed_validators_devices_lose_at_least_what_their_weight_earned() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let charlie = CharlieStash.to_account_id();
		run_to_era(2);
		assert!(!validators().contains(&charlie), "no backing: dropped");
		let devices = [account(0), account(1)];
		let treasury = metachain_runtime::configs::TreasuryAccount::get();
		let treasury_before = Balances::free_balance(&treasury);

		// The attacker's devices: invited by a genesis device, 10,000 MC bonded each.
		begin_block();
		for d in &devices {
			Balances::transfer_keep_alive(
				RuntimeOrigin::signed(Alice.to_account_id()),
				d.clone().into(),
				BOND + 100 * MC,
			)
			.unwrap();
			Credit::invite(RuntimeOrigin::signed(Ferdie.to_account_id()), d.clone()).unwrap();
			Credit::register_device(
				RuntimeOrigin::signed(d.clone()),
				pallet_credit::DeviceKind::SmartGateway,
			)
			.unwrap();
			let deposit = pallet_credit::Devices::<Runtime>::get(d).unwrap().deposit;
			Credit::bond_extra(RuntimeOrigin::signed(d.clone()), BOND - deposit).unwrap();
			CreditDelegation::delegate(RuntimeOrigin::signed(d.clone()), charlie.clone()).unwrap();
		}
		end_block();
		let start: u128 = devices.iter().map(total).sum();

		// They count from the next credit period; Charlie is elected on their weight.
		next_period(&devices);
		assert_eq!(CreditDelegation::validator_backing(&charlie).0, 2 * BOND);
		let era = active_era();
		run_alive(era + 2, &devices);
		assert!(validators().contains(&charlie), "elected on his devices' weight");

		// Two eras as a validator earn the devices their share; then he equivocates: a second
		// node with his keys authors another block in one of his slots. Another validator's node
		// reports it, as `node/src/equivocation.rs` does: both sealed headers and the key-ownership
		// proof of the session, through the runtime's own unsigned call.
		run_alive(active_era() + 2, &devices);
		begin_block();
		let offence_era = active_era();
		report_babe_equivocation(Charlie);
		end_block();
		// BABE's equivocation fraction for one offender of `n` validators: min(1, (3 / n)²).
		let n = validators().len() as u64;
		let fraction = Perbill::from_rational(9u64.min(n * n), n * n);
		let reported = pallet_staking::UnappliedSlashes::<Runtime>::iter()
			.flat_map(|(_, slashes)| slashes)
			.any(|s| s.validator == charlie);
		assert!(reported, "the equivocation is reported and Charlie's slash deferred");
		let defer = pallet_chain_timing::SlashDeferDuration::<Runtime>::get();
		run_alive(offence_era + defer + 1, &devices);
		let survival = fraction.left_from_one();
		assert_eq!(
			Survival::<Runtime>::get(&charlie),
			Some(sp_runtime::FixedU128::from(survival)),
			"the slash reached Charlie's backing"
		);
		assert!(CreditDelegation::backing(&charlie) <= survival * (2 * BOND));
		// The second device bonds more before it pays: the slash still takes its fraction of
		// the bond it was incurred on, not of the MC added after it.
		const EXTRA: u128 = 50 * MC;
		begin_block();
		Credit::bond_extra(RuntimeOrigin::signed(devices[1].clone()), EXTRA).unwrap();
		end_block();
		let after_slash = BOND - fraction.mul_ceil(BOND);
		let bonded = |d: &AccountId| pallet_credit::Devices::<Runtime>::get(d).unwrap().deposit;
		assert_eq!(bonded(&devices[1]), after_slash + EXTRA, "the extra bond is not slashed");
		// The first pays at its next heartbeat (a new credit period).
		next_period(&devices);
		assert_eq!(bonded(&devices[0]), after_slash, "its share of the slash");
		let end: u128 = devices.iter().map(total).sum();
		let slashed = 2 * fraction.mul_ceil(BOND);
		let earned = (end + slashed).saturating_sub(start);
		let net = end as i128 - start as i128;
		println!(
			"attack: validator elected on its own devices' weight (2 × 10,000 MC bonded) \
			 equivocates, slashed {fraction:?}: the devices earned {} MC, lost {} MC to the \
			 treasury: net {} MC",
			earned / MC,
			slashed / MC,
			net / MC as i128,
		);
		assert!(earned > 0, "the weight earned rewards");
		assert!(Balances::free_balance(&treasury) >= treasury_before + slashed);
		assert!(slashed >= earned, "the attacker loses at least what the weight earned");
		assert!(net < 0);
	});
}

/// Two headers sealed by `offender`'s BABE key in the current slot, reported with the proof of
/// his key's ownership in the current session, as a validator's node reports them.
fn report_babe_equivocation(offender: sp_keyring::Sr25519Keyring) {
	use frame_support::traits::KeyOwnerProofSystem;
	use metachain_runtime::{Babe, Header, Historical, System};
	use sp_consensus_babe::{
		digests::{CompatibleDigestItem, PreDigest, SecondaryPlainPreDigest},
		AuthorityId, EquivocationProof, KEY_TYPE,
	};
	use sp_core::Pair as _;
	use sp_runtime::{traits::Header as _, Digest, DigestItem};

	let key: AuthorityId = offender.public().into();
	let slot = Babe::current_slot();
	let authority_index = pallet_babe::Authorities::<Runtime>::get()
		.iter()
		.position(|(a, _)| *a == key)
		.expect("the offender is a BABE authority") as u32;
	let sealed = |state_root: u8| {
		let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest { authority_index, slot });
		let mut header = Header::new(
			System::block_number(),
			Default::default(),
			[state_root; 32].into(),
			System::parent_hash(),
			Digest { logs: vec![DigestItem::babe_pre_digest(pre)] },
		);
		let seal = offender.pair().sign(header.hash().as_ref());
		header.digest_mut().push(DigestItem::babe_seal(seal.into()));
		header
	};
	let proof = EquivocationProof {
		offender: key.clone(),
		slot,
		first_header: sealed(1),
		second_header: sealed(2),
	};
	let key_owner_proof = <Historical as KeyOwnerProofSystem<_>>::prove((KEY_TYPE, key))
		.expect("the offender's key is in the session");
	Babe::report_equivocation_unsigned(RuntimeOrigin::none(), Box::new(proof), key_owner_proof)
		.expect("a sealed equivocation proof is accepted");
}
