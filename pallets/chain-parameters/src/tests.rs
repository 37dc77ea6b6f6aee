//! Tests of the one parameter call: origins by kind, the owner's checks, the event, the list.

use crate::{mock::*, Event};
use frame_support::{assert_noop, assert_ok};
use metachain_primitives::parameters::GovernedParameters;
use sp_runtime::DispatchError;

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ChainParameters(e) => Some(e),
			_ => None,
		})
		.next_back()
		.expect("an event")
}

#[test]
fn a_parameter_changes_alone_and_the_event_has_both_values() {
	new_test_ext().execute_with(|| {
		assert_ok!(ChainParameters::set_parameter(
			RuntimeOrigin::signed(TECHNICAL),
			TestParameter::A(RuleA::Period(3)),
		));
		assert_eq!(StubA::parameters(), RulesA { deposit: 100, period: 3 });
		assert_eq!(
			last_event(),
			Event::Updated {
				old: TestParameter::A(RuleA::Period(10)),
				new: TestParameter::A(RuleA::Period(3)),
			}
		);
	});
}

#[test]
fn each_kind_takes_its_own_origin() {
	new_test_ext().execute_with(|| {
		let economic = TestParameter::A(RuleA::Deposit(1));
		let technical = TestParameter::A(RuleA::Period(1));
		let governance = TestParameter::B(RuleB::VotingPeriod(1));
		// The foundation may change economic parameters only.
		assert_ok!(ChainParameters::set_parameter(
			RuntimeOrigin::signed(FOUNDATION),
			economic.clone()
		));
		assert_noop!(
			ChainParameters::set_parameter(RuntimeOrigin::signed(FOUNDATION), technical.clone()),
			DispatchError::BadOrigin
		);
		// The technical committee: technical and economic, not governance.
		assert_ok!(ChainParameters::set_parameter(RuntimeOrigin::signed(TECHNICAL), technical));
		assert_noop!(
			ChainParameters::set_parameter(RuntimeOrigin::signed(TECHNICAL), governance.clone()),
			DispatchError::BadOrigin
		);
		// Anyone else: nothing.
		assert_noop!(
			ChainParameters::set_parameter(RuntimeOrigin::signed(3), economic),
			DispatchError::BadOrigin
		);
		// Root (a referendum): everything.
		assert_ok!(ChainParameters::set_parameter(RuntimeOrigin::root(), governance));
		assert_eq!(StubB::parameters(), RulesB { voting_period: 1 });
	});
}

#[test]
fn the_owning_pallet_refuses_an_invalid_value_and_nothing_changes() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ChainParameters::set_parameter(
				RuntimeOrigin::root(),
				TestParameter::A(RuleA::Period(0))
			),
			DispatchError::Other("stub A: zero period")
		);
		assert_eq!(StubA::parameters(), GENESIS_A);
		assert!(System::events().is_empty());
	});
}

#[test]
fn every_value_in_force_is_listed_pallet_by_pallet() {
	new_test_ext().execute_with(|| {
		assert_ok!(ChainParameters::set_parameter(
			RuntimeOrigin::root(),
			TestParameter::A(RuleA::Deposit(5)),
		));
		assert_eq!(
			ChainParameters::parameters(),
			vec![
				TestParameter::A(RuleA::Deposit(5)),
				TestParameter::A(RuleA::Period(10)),
				TestParameter::B(RuleB::VotingPeriod(7)),
			]
		);
	});
}
