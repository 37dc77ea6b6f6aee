//! The turn happens where the session ends, once, and registers its kind's weight instead of a
//! whole block.

use crate::{mock::*, weights::WeightInfo as _, Event, TurnKind};
use frame_support::{traits::Hooks, weights::Weight};

/// Run the hooks of `Session` and of this pallet for block `n`, as the runtime does (Session
/// first). Returns what each registered.
fn initialize(n: u64) -> (Weight, Weight) {
	System::set_block_number(n);
	(Session::on_initialize(n), SessionRotation::on_initialize(n))
}

#[test]
fn the_session_turns_where_it_ends_and_only_there() {
	new_test_ext().execute_with(|| {
		for n in 1..=(3 * PERIOD) {
			let before = Session::current_index();
			let (by_session, by_rotation) = initialize(n);
			// pallet-session never rotates on its own, and so never claims a whole block.
			assert_eq!(by_session, Weight::zero());
			let turned = n % PERIOD == 0;
			assert_eq!(Session::current_index(), before + u32::from(turned), "block {n}");
			let expected = if turned { <()>::turn_plain() } else { <()>::no_turn() };
			assert_eq!(by_rotation, expected, "block {n}");
		}
		assert_eq!(Session::current_index(), 3);
	});
}

#[test]
fn a_turn_registers_the_weight_of_its_kind() {
	for (kind, weight) in [
		(TurnKind::Plain, <()>::turn_plain()),
		(TurnKind::PlansEra, <()>::turn_planning_era()),
		(TurnKind::StartsEra, <()>::turn_starting_era()),
		(TurnKind::PlansAndStartsEra, <()>::turn_planning_era() + <()>::turn_starting_era()),
	] {
		new_test_ext().execute_with(|| {
			MockTurn::set(kind);
			let (_, registered) = initialize(PERIOD);
			assert_eq!(registered, weight, "{kind:?}");
			System::assert_last_event(
				Event::<Test>::SessionTurned { session_index: 1, kind, weight }.into(),
			);
		});
	}
}

#[test]
fn the_new_session_s_keys_come_from_the_queue() {
	// The rotation is pallet-session's own: the queued validators become the session's.
	new_test_ext().execute_with(|| {
		let queued: Vec<_> =
			pallet_session::QueuedKeys::<Test>::get().into_iter().map(|(v, _)| v).collect();
		initialize(PERIOD);
		assert_eq!(pallet_session::Validators::<Test>::get(), queued);
		System::assert_has_event(
			pallet_session::Event::<Test>::NewSession { session_index: 1 }.into(),
		);
	});
}
