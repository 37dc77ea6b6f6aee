//! Session turns leave room for transactions. pallet-session registered a whole block for
//! every turn (on the development chain blocks 41, 51, 61, … carried their inherents alone);
//! `SessionRotation` registers the benchmarked weight of the kind of turn. Through three eras
//! of the development chain (sessions of 10 blocks, eras of two sessions) a transfer is applied
//! in every block, and every turn is of the kind staking then showed it to be.

mod common;

use common::*;
use metachain_runtime::{
	configs::RuntimeBlockWeights, currency::MC, Executive, Runtime, RuntimeCall, RuntimeEvent,
	SessionRotation, System,
};
use pallet_session_rotation::TurnKind;
use sp_keyring::Sr25519Keyring::*;

fn current_era() -> u32 {
	pallet_staking::CurrentEra::<Runtime>::get().unwrap_or(0)
}

fn turned() -> Option<(TurnKind, frame_support::weights::Weight)> {
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::SessionRotation(pallet_session_rotation::Event::SessionTurned {
			kind,
			weight,
			..
		}) => Some((kind, weight)),
		_ => None,
	})
}

#[test]
fn a_transfer_lands_in_every_block_and_each_turn_is_of_its_kind() {
	dev_ext().execute_with(|| {
		let mut turns = Vec::new();
		let first = active_era();
		while active_era() < first + 3 {
			let (planned, active) = (current_era(), active_era());
			let session = pallet_session::CurrentIndex::<Runtime>::get();
			begin_block();
			let n = System::block_number();
			let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Charlie.to_account_id().into(),
				value: MC,
			});
			let applied = Executive::apply_extrinsic(signed(Bob, transfer, 0));
			assert!(matches!(applied, Ok(Ok(()))), "block {n}: the transfer got {applied:?}");
			let block_weight = System::block_weight().total();
			end_block();
			if pallet_session::CurrentIndex::<Runtime>::get() == session {
				assert_eq!(turned(), None, "block {n}");
				continue;
			}
			let (kind, weight) = turned().expect("a turn is evented");
			let expected = match (current_era() > planned, active_era() > active) {
				(false, false) => TurnKind::Plain,
				(true, false) => TurnKind::PlansEra,
				(false, true) => TurnKind::StartsEra,
				(true, true) => TurnKind::PlansAndStartsEra,
			};
			assert_eq!(kind, expected, "block {n}");
			println!(
				"block {n}: session {} -> {}, {kind:?}, registered {} ms; block with the transfer {} ms",
				session,
				session + 1,
				weight.ref_time() / 1_000_000_000,
				block_weight.ref_time() / 1_000_000_000,
			);
			turns.push(kind);
		}
		assert!(turns.contains(&TurnKind::PlansEra) && turns.contains(&TurnKind::StartsEra));
	});
}

#[test]
fn every_kind_of_turn_registers_at_most_half_a_block() {
	let max = RuntimeBlockWeights::get().max_block;
	for kind in [TurnKind::Plain, TurnKind::PlansEra, TurnKind::StartsEra] {
		let weight = SessionRotation::turn_weight(kind);
		println!(
			"{kind:?}: {} ms registered, {}% of the block",
			weight.ref_time() / 1_000_000_000,
			weight.ref_time() * 100 / max.ref_time(),
		);
		assert!(weight.ref_time() * 2 <= max.ref_time(), "{kind:?} takes more than half a block");
	}
}
