//! Each privileged call and each parameter dispatched with each origin: exactly the listed
//! origins get past the origin check; the README lists the same table.

use super::*;
use powers::powers;

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

/// Every governable parameter of every pallet is set through `parameters.setParameter` by
/// exactly the origins of its kind, and its pallet takes its own value back unchanged.
#[test]
fn every_parameter_takes_the_origins_of_its_kind() {
	use metachain_primitives::parameters::{AggregatedParameter, ParameterKind};
	dev_ext().execute_with(|| {
		run_to_block(1);
		let origins = test_origins();
		let all = metachain_runtime::Parameters::parameters();
		let pallets: BTreeSet<String> = all
			.iter()
			.filter_map(|p| format!("{p:?}").split('(').next().map(str::to_owned))
			.collect();
		assert_eq!(pallets.len(), 8, "every pallet's parameters are listed: {pallets:?}");
		let mut failures = vec![];
		for parameter in all {
			let allowed: &[&str] = match parameter.kind() {
				ParameterKind::Technical => &[REFERENDUM, TECHNICAL],
				ParameterKind::Economic => &[REFERENDUM, TECHNICAL, FOUNDATION],
				ParameterKind::Governance => &[REFERENDUM],
			};
			let call = set_parameter(parameter.clone());
			for (label, origin, satisfies) in &origins {
				let expected = satisfies.iter().any(|s| allowed.contains(s));
				let result = with_transaction(|| {
					TransactionOutcome::Rollback(Ok::<_, DispatchError>(
						call.clone().dispatch(origin.clone()),
					))
				})
				.expect("no storage layer error");
				let ok = match (&result, expected) {
					// Setting the value in force is valid for every parameter.
					(Ok(_), true) => true,
					(Err(e), false) => e.error == DispatchError::BadOrigin,
					_ => false,
				};
				if !ok {
					failures.push(format!("{parameter:?} with {label}: {result:?}"));
				}
			}
		}
		assert!(failures.is_empty(), "parameter origins:\n{}", failures.join("\n"));
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

/// Attack: each body repeats spends within one spend period (motions through real blocks
/// would be slow; the body origins are dispatched directly). Each stops at its budget for the
/// period: the next spend fails with `OverBudget`, whatever its size; a referendum still
/// spends more through `treasury.spend`.
#[test]
fn a_body_repeating_capped_spends_stops_at_its_budget_for_the_period() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		exec(
			Alice,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(TreasuryAccount::get()),
				value: 50_000_000 * MC,
			}),
		)
		.unwrap();
		let beneficiary = Ferdie.to_account_id();
		let over: DispatchError = pallet_governance::Error::<Runtime>::OverBudget.into();
		for (name, origin, budget) in [
			("Ecosystem", collective::<EcosystemCollective>(2, 3), EcosystemSpendCap::get()),
			("Community", collective::<CommunityCollective>(2, 3), CommunitySpendCap::get()),
			("Foundation", collective::<FoundationCollective>(2, 3), FoundationSpendCap::get()),
		] {
			let before = Balances::balance(&beneficiary);
			let tenth = budget / 10;
			let mut paid = 0;
			let mut refused = 0;
			begin_block();
			for _ in 0..20 {
				let spend = RuntimeCall::Governance(pallet_governance::Call::spend {
					amount: tenth,
					beneficiary: beneficiary.clone(),
				});
				match spend.dispatch(origin.clone()) {
					Ok(_) => paid += 1,
					Err(e) => {
						assert_eq!(e.error, over);
						refused += 1;
					}
				}
			}
			end_block();
			let got = Balances::balance(&beneficiary) - before;
			println!(
				"{name}: 20 spends of {} MC in one period: {paid} paid, {refused} refused \
				 (OverBudget); {} MC out of a budget of {} MC",
				tenth / MC,
				got / MC,
				budget / MC
			);
			assert_eq!((paid, refused), (10, 10));
			assert_eq!(got, budget);
		}
		assert!(CommunitySpendCap::get() < EcosystemSpendCap::get());
		assert!(EcosystemSpendCap::get() < FoundationSpendCap::get());
	});
}
