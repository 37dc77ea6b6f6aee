//! The parameter tables of the pallets' READMEs are generated from the genesis presets, so they
//! cannot drift from what the networks run.
//!
//! Each table sits between `<!-- BEGIN GENERATED: parameters <Pallet> -->` and
//! `<!-- END GENERATED -->` in the pallet's README. This test renders every governable parameter
//! (`parametersApi.parameters()`) of each preset and fails if a table differs; run it with
//! `METACHAIN_BLESS=1` to rewrite the tables:
//!
//! ```sh
//! METACHAIN_BLESS=1 cargo test --release -p metachain-runtime --test docs
//! ```

mod common;

use codec::Encode;
use common::{check_generated_section, generated_section_stale, new_ext, thousands};
use metachain_primitives::parameters::{AggregatedParameter, ParameterKind};
use metachain_runtime::{configs::RuntimeParameter, time::DAYS, Parameters};
use scale_info::{meta_type, PortableRegistry, TypeDef, TypeDefPrimitive};
use std::collections::BTreeMap;

/// The presets, in the tables' column order, with their column titles.
const PRESETS: [(&str, &str); 3] =
	[("development", "Development"), ("local_testnet", "Local testnet"), ("testnet", "Testnet")];

/// Which README holds each pallet's table.
const READMES: [(&str, &str); 8] = [
	("IncentivePool", "pallets/incentive-pool/README.md"),
	("Credit", "pallets/credit/README.md"),
	("CreditDelegation", "pallets/credit-delegation/README.md"),
	("PriceOracle", "pallets/price-oracle/README.md"),
	("Musd", "pallets/musd/README.md"),
	("Workload", "pallets/workload/README.md"),
	("Governance", "pallets/governance/README.md"),
	("Anchoring", "pallets/anchoring/README.md"),
];

/// One parameter as the tables show it.
struct Row {
	name: String,
	kind: ParameterKind,
	values: Vec<String>,
}

/// `amount` in units of `10^decimals`, e.g. `1,000 MC`, `0.05 MUSD`.
fn decimal(amount: u128, decimals: u32, unit: &str) -> String {
	let one = 10u128.pow(decimals);
	let whole = thousands(amount / one);
	let frac = amount % one;
	if frac == 0 {
		return format!("{whole} {unit}");
	}
	let frac = format!("{frac:0width$}", width = decimals as usize);
	format!("{whole}.{} {unit}", frac.trim_end_matches('0'))
}

/// `14,400 blocks (1 day)`.
fn blocks(n: u128) -> String {
	let seconds = n * 6;
	let day = DAYS as u128 * 6;
	let span = if n == 0 {
		String::new()
	} else if seconds.is_multiple_of(day) {
		let d = seconds / day;
		format!(" ({d} day{})", if d == 1 { "" } else { "s" })
	} else if seconds.is_multiple_of(3600) {
		let h = seconds / 3600;
		format!(" ({h} hour{})", if h == 1 { "" } else { "s" })
	} else if seconds.is_multiple_of(60) {
		format!(" ({} min)", seconds / 60)
	} else {
		format!(" ({seconds} s)")
	};
	format!("{} block{}{span}", thousands(n), if n == 1 { "" } else { "s" })
}

/// Reads an unsigned integer of `bits` from the front of `bytes`.
fn take_uint(bytes: &mut &[u8], width: usize) -> u128 {
	let mut buf = [0u8; 16];
	buf[..width].copy_from_slice(&bytes[..width]);
	*bytes = &bytes[width..];
	u128::from_le_bytes(buf)
}

/// Renders the SCALE-encoded value at the front of `bytes`, of type `id`, named `type_name` in
/// the parameter enum (`Balance`, `BlockNumber`, `Perbill`, `Musd`, …).
fn render(registry: &PortableRegistry, id: u32, type_name: &str, bytes: &mut &[u8]) -> String {
	let ty = registry.resolve(id).expect("a registered type");
	let raw = match &ty.type_def {
		TypeDef::Primitive(p) => {
			let width = match p {
				TypeDefPrimitive::U8 => 1,
				TypeDefPrimitive::U16 => 2,
				TypeDefPrimitive::U32 => 4,
				TypeDefPrimitive::U64 => 8,
				TypeDefPrimitive::U128 => 16,
				other => panic!("a parameter of type {other:?}: teach docs.rs to render it"),
			};
			take_uint(bytes, width)
		}
		TypeDef::Composite(c) if c.fields.len() == 1 => {
			return render(registry, c.fields[0].ty.id, type_name, bytes);
		}
		// A struct of several fields (a class's rules): each field by name, `; `-separated.
		TypeDef::Composite(c) => {
			let parts: Vec<String> = c
				.fields
				.iter()
				.map(|f| {
					let name = f.name.clone().unwrap_or_default().replace('_', " ");
					let ty = f.type_name.clone().unwrap_or_default();
					format!("{name} {}", render(registry, f.ty.id, &ty, bytes))
				})
				.collect();
			return parts.join("; ");
		}
		other => panic!("a parameter of type {other:?}: teach docs.rs to render it"),
	};
	let last = ty.path.segments.last().map(String::as_str).unwrap_or_default();
	match (last, type_name) {
		("Perbill", _) | (_, "Perbill") => {
			let percent = raw as f64 / 10_000_000.0;
			format!("{}%", format!("{percent:.7}").trim_end_matches('0').trim_end_matches('.'))
		}
		(_, "Balance") | (_, "BalanceOf<T>") => decimal(raw, 12, "MC"),
		(_, "Musd") => decimal(raw, 6, "MUSD"),
		(_, "BlockNumber") | (_, "BlockNumberFor<T>") => blocks(raw),
		(_, "Satoshis") => format!("{} sat", thousands(raw)),
		_ => thousands(raw),
	}
}

/// The rows of each pallet's table, from the parameters of every preset.
fn tables() -> BTreeMap<String, Vec<Row>> {
	let mut types = scale_info::Registry::new();
	let root = types.register_type(&meta_type::<RuntimeParameter>()).id;
	let registry: PortableRegistry = types.into();
	let TypeDef::Variant(pallets) = &registry.resolve(root).expect("registered").type_def else {
		panic!("RuntimeParameter is an enum");
	};
	let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
	for (column, (preset, _)) in PRESETS.iter().enumerate() {
		let parameters: Vec<RuntimeParameter> =
			new_ext(preset).execute_with(Parameters::parameters);
		for (row_index, parameter) in parameters.iter().enumerate() {
			let encoded = parameter.encode();
			let pallet = pallets.variants.iter().find(|v| v.index == encoded[0]).expect("pallet");
			let inner = registry.resolve(pallet.fields[0].ty.id).expect("parameter enum");
			let TypeDef::Variant(fields) = &inner.type_def else { panic!("parameter enum") };
			let field = fields.variants.iter().find(|v| v.index == encoded[1]).expect("field");
			let mut bytes = &encoded[2..];
			let type_name = field.fields[0].type_name.clone().unwrap_or_default();
			let value = render(&registry, field.fields[0].ty.id, &type_name, &mut bytes);
			assert!(bytes.is_empty(), "{parameter:?}: the whole value was rendered");
			let rows = tables.entry(pallet.name.clone()).or_default();
			if column == 0 {
				rows.push(Row {
					name: field.name.clone(),
					kind: parameter.kind(),
					values: vec![value],
				});
			} else {
				let position = rows.iter().position(|r| r.name == field.name).unwrap_or(row_index);
				rows[position].values.push(value);
			}
		}
	}
	tables
}

/// A table as markdown.
fn markdown(rows: &[Row]) -> String {
	let mut out = String::from("| Parameter | Kind |");
	for (_, title) in PRESETS {
		out.push_str(&format!(" {title} |"));
	}
	out.push_str("\n|---|---|");
	out.push_str(&"---|".repeat(PRESETS.len()));
	out.push('\n');
	for row in rows {
		let kind = match row.kind {
			ParameterKind::Technical => "technical",
			ParameterKind::Economic => "economic",
			ParameterKind::Governance => "governance",
		};
		out.push_str(&format!("| `{}` | {kind} |", row.name));
		for value in &row.values {
			out.push_str(&format!(" {value} |"));
		}
		out.push('\n');
	}
	out
}

#[test]
fn readme_parameter_tables_are_the_presets() {
	let tables = tables();
	assert_eq!(
		tables.keys().collect::<Vec<_>>().len(),
		READMES.len(),
		"every pallet with parameters has a README table: {:?}",
		tables.keys().collect::<Vec<_>>()
	);
	let stale: Vec<_> = READMES
		.iter()
		.filter_map(|(pallet, path)| {
			let rows = tables.get(*pallet).unwrap_or_else(|| panic!("{pallet} has parameters"));
			generated_section_stale(path, &format!("parameters {pallet}"), &markdown(rows))
		})
		.collect();
	assert!(
		stale.is_empty(),
		"parameter tables differ from the presets (METACHAIN_BLESS=1 rewrites them):\n{}",
		stale.join("\n")
	);
}

/// The classes of referenda, as `runtime/README.md` tables them: each class's turnout,
/// approval, confirmation and enactment delay on each preset.
fn classes_table() -> String {
	use pallet_governance::Class;
	let params: Vec<_> = PRESETS
		.iter()
		.map(|(preset, _)| {
			new_ext(preset)
				.execute_with(pallet_governance::Parameters::<metachain_runtime::Runtime>::get)
		})
		.collect();
	let percent = |p: sp_runtime::Perbill| {
		let v = p.deconstruct() as f64 / 10_000_000.0;
		format!("{}%", format!("{v:.4}").trim_end_matches('0').trim_end_matches('.'))
	};
	let mut out = String::from(
		"| Class | Turnout (of all bonded MC) | Approval (of the votes cast) | Confirmation | Enactment delay |\n|---|---|---|---|---|\n",
	);
	for class in Class::ALL {
		let rules: Vec<_> = params.iter().map(|p| class.rules(p)).collect();
		// Turnout and approval are the same on every preset; the periods differ.
		for r in &rules {
			assert_eq!((r.turnout, r.approval), (rules[0].turnout, rules[0].approval));
		}
		let periods = |f: &dyn Fn(&pallet_governance::ClassRules<u32>) -> u32| {
			PRESETS
				.iter()
				.zip(&rules)
				.map(|((_, title), r)| format!("{title}: {}", blocks(f(r) as u128)))
				.collect::<Vec<_>>()
				.join("<br>")
		};
		out.push_str(&format!(
			"| {class:?} | more than {} | more than {} | {} | {} |\n",
			percent(rules[0].turnout),
			percent(rules[0].approval),
			periods(&|r| r.confirmation),
			periods(&|r| r.enactment_delay),
		));
	}
	out
}

#[test]
fn readme_classes_table_is_the_presets() {
	check_generated_section("runtime/README.md", "classes", &classes_table());
}

#[test]
fn values_render_in_their_units() {
	assert_eq!(decimal(1_000_000_000_000_000, 12, "MC"), "1,000 MC");
	assert_eq!(decimal(50_000, 6, "MUSD"), "0.05 MUSD");
	assert_eq!(blocks(14_400), "14,400 blocks (1 day)");
	assert_eq!(blocks(600), "600 blocks (1 hour)");
	assert_eq!(blocks(5), "5 blocks (30 s)");
	assert_eq!(blocks(10), "10 blocks (1 min)");
	assert_eq!(thousands(100_800), "100,800");
	// A `Perbill` field is rendered as a percentage (its type is a one-field composite).
	let mut types = scale_info::Registry::new();
	let id = types.register_type(&meta_type::<sp_runtime::Perbill>()).id;
	let registry: PortableRegistry = types.into();
	let encoded = sp_runtime::Perbill::from_percent(20).encode();
	assert_eq!(render(&registry, id, "Perbill", &mut &encoded[..]), "20%");
}

/// `1.27 ms`, `115 µs`, `25.1 µs`: a weight's time, three significant digits.
fn duration(ref_time: u64) -> String {
	let ns = ref_time as f64 / 1_000.0;
	let (v, unit) = if ns >= 1_000_000.0 {
		(ns / 1_000_000.0, "ms")
	} else if ns >= 1_000.0 {
		(ns / 1_000.0, "µs")
	} else {
		(ns, "ns")
	};
	let digits = if v >= 100.0 {
		0
	} else if v >= 10.0 {
		1
	} else {
		2
	};
	format!("{v:.digits$} {unit}")
}

/// The chain's base weights and what they make a transfer weigh and cost, as
/// `runtime/README.md` tables them (generated: `runtime/src/weights/`).
fn base_weights_table() -> String {
	use frame_support::dispatch::GetDispatchInfo;
	use metachain_runtime::{currency::MC, Runtime, RuntimeCall};
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: sp_keyring::Sr25519Keyring::Bob.to_account_id().into(),
		value: MC,
	});
	let (transfer, fee) = new_ext("development").execute_with(|| {
		let xt = common::signed(sp_keyring::Sr25519Keyring::Alice, call, 0);
		let info = xt.get_dispatch_info();
		let fee = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(
			xt.encoded_size() as u32,
			&info,
			0,
		);
		(info.total_weight().saturating_add(normal.base_extrinsic), fee)
	});
	let fee_mc = fee as f64 / MC as f64;
	format!(
		"| Weight | Value | Source |\n|---|---|---|\n\
		 | an empty block (`BlockExecutionWeight`) | {} | `benchmark overhead` (`block_weights.rs`) |\n\
		 | a no-op extrinsic (`ExtrinsicBaseWeight`) | {} | `benchmark overhead` (`extrinsic_weights.rs`) |\n\
		 | a database read (`ParityDbWeight`) | {} | `benchmark storage` (`paritydb_weights.rs`) |\n\
		 | a database write (`ParityDbWeight`) | {} | `benchmark storage` (`paritydb_weights.rs`) |\n\
		 | a signed `transfer_keep_alive`, extensions included | {} | the above and the generated pallet weights |\n\
		 | its fee (genesis fee multiplier, no tip) | {fee_mc:.5} MC | `WeightToFee`, length fee |\n",
		duration(weights.base_block.ref_time()),
		duration(normal.base_extrinsic.ref_time()),
		duration(db.read),
		duration(db.write),
		duration(transfer.ref_time()),
	)
}

#[test]
fn readme_base_weights_table_is_the_runtime() {
	check_generated_section("runtime/README.md", "base weights", &base_weights_table());
}

/// The storage one device keeps, from the runtime's storage info (each entry's 32-byte prefix
/// plus `max_size`, its hashed key and largest value), as pallets/credit/README.md tables it.
fn device_state_table() -> String {
	use frame_support::traits::StorageInfoTrait;
	use metachain_runtime::{Balances, Credit, CreditDelegation, System};
	let info: Vec<_> = [
		System::storage_info(),
		Balances::storage_info(),
		Credit::storage_info(),
		CreditDelegation::storage_info(),
	]
	.concat();
	let size = |pallet: &str, item: &str| -> u32 {
		let i = info
			.iter()
			.find(|i| i.pallet_name == pallet.as_bytes() && i.storage_name == item.as_bytes())
			.unwrap_or_else(|| panic!("{pallet}::{item} is no storage item"));
		32 + i.max_size.unwrap_or_else(|| panic!("{pallet}::{item} is unbounded"))
	};
	let always = [
		("System", "Account", "its account: nonce, free and held MC"),
		("Balances", "Holds", "its holds (the deposit)"),
		(
			"Credit",
			"Devices",
			"the device: kind, credit, bond, last heartbeat, inviter, its delegation's ticket",
		),
		("CreditDelegation", "Delegations", "whom it backs, counted weight, reward debt"),
		("CreditDelegation", "CountedBonds", "the bonded MC behind its counted weight"),
	];
	let sometimes = [
		("Credit", "Unbonding", "while it unbonds"),
		("Credit", "VestingInviteBonus", "while its inviter's bonus vests"),
		("Credit", "OpenInvites", "while it has invitations open"),
		("CreditDelegation", "Departures", "while it answers for validators it left"),
	];
	let mut out = String::from("| Storage item | Bytes at most | What |\n|---|---|---|\n");
	let mut total = 0;
	for (pallet, item, what) in always {
		let bytes = size(pallet, item);
		total += bytes;
		out += &format!("| `{pallet}::{item}` | {} | {what} |\n", thousands(bytes as u128));
	}
	out +=
		&format!("| **a registered, delegating device** | **{}** | |\n", thousands(total as u128));
	for (pallet, item, what) in sometimes {
		out += &format!(
			"| `{pallet}::{item}` | {} | {what} |\n",
			thousands(size(pallet, item) as u128)
		);
	}
	out
}

#[test]
fn readme_device_state_table_is_the_runtime() {
	check_generated_section("pallets/credit/README.md", "device state", &device_state_table());
}
