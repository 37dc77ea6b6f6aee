//! Generate a chain spec whose genesis holds a million registered devices and their
//! delegations: for `benchmark storage` (issue 18, rule 5: database weights measured on a state
//! of realistic size) and for the heartbeat benchmark on a million devices
//! (`scripts/bench-heartbeats.mjs` with `SCALE`, issue 19 rule 1).
//!
//! ```text
//! metachain-node build-spec --chain local --raw > /tmp/base.json
//! cargo run --release -p metachain-runtime --example scale_state -- \
//!     /tmp/base.json 1000000 /tmp/scale.json [DELEGATE_EVERY [CREDIT_PERIOD]]
//! ```
//!
//! Device `i`'s key is the sr25519 key of seed `blake2_256(SCALE(("metachain/scale-state", i)))`
//! (the 21 bytes of the string, then `i` as a little-endian `u32`), so a load generator can sign
//! its heartbeats. Every `DELEGATE_EVERY`-th device delegates (default 1: all of them; 0: none).
//! `CREDIT_PERIOD` (blocks) replaces the credit period, so that a benchmark stays in one, and
//! puts the state in its steady course: every device sends its heartbeat in period 1 (a
//! delegating one starts counting for its validator then) and the chain starts in period 2, so
//! a heartbeat follows one of the previous period, as a device's does day after day.
//!
//! `scripts/benchmark.sh --storage` runs both steps and the benchmark. Every device goes the way
//! a real one does, through the runtime's own calls executed natively on the base spec's
//! genesis state: a registered device invites it (`Credit::invite`; the base spec's genesis
//! devices invite the first ones — governance, `Credit::force_invite`, when the base spec has
//! none — then each device invites the next ones), a funded account sends it
//! its deposit and some spending money (`Balances::transfer_keep_alive` from the richest
//! genesis accounts: no MC is created), it registers (`Credit::register_device`, holding the
//! deposit) and delegates to a validator candidate, round robin
//! (`CreditDelegation::delegate`). The resulting state is written as the spec's raw genesis;
//! events are dropped, everything else is what the calls wrote.

use codec::Encode;
use frame_support::traits::fungible::Inspect;
use metachain_primitives::credit::DeviceKind;
use metachain_runtime::{
	economy::{DEVICE_DEPOSIT, DEVICE_FREE},
	AccountId, Balances, Runtime, RuntimeCall, RuntimeOrigin, System,
};
use sp_core::storage::Storage;
use sp_runtime::traits::Dispatchable;
use std::{collections::BTreeMap, io::Write, time::Instant};

/// How many devices one device invites before the next one takes over.
const INVITES_PER_DEVICE: u32 = 8;

fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
	let s = s.strip_prefix("0x").unwrap_or(s);
	if !s.len().is_multiple_of(2) {
		return Err(format!("odd-length hex {s}"));
	}
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
		.collect()
}

/// The generated device number `i`: the sr25519 key of a seed anyone can derive.
fn device(i: u32) -> AccountId {
	use sp_core::Pair;
	let seed = sp_io::hashing::blake2_256(&(b"metachain/scale-state", i).encode());
	AccountId::from(sp_core::sr25519::Pair::from_seed(&seed).public())
}

fn dispatch(who: &AccountId, call: RuntimeCall) -> Result<(), String> {
	call.clone()
		.dispatch(RuntimeOrigin::signed(who.clone()))
		.map(|_| ())
		.map_err(|e| format!("{call:?} from {who}: {:?}", e.error))
}

fn run(
	base: &str,
	devices: u32,
	out: &str,
	delegate_every: u32,
	credit_period: Option<u32>,
) -> Result<(), String> {
	let started = Instant::now();
	let spec: serde_json::Value =
		serde_json::from_slice(&std::fs::read(base).map_err(|e| format!("reading {base}: {e}"))?)
			.map_err(|e| format!("{base} is not JSON: {e}"))?;
	let top = spec
		.pointer("/genesis/raw/top")
		.and_then(|t| t.as_object())
		.ok_or("the base spec has no raw genesis (build it with --raw)")?;
	let mut storage = Storage::default();
	for (k, v) in top {
		let v = v.as_str().ok_or("a raw genesis value is not a string")?;
		storage.top.insert(unhex(k)?, unhex(v)?);
	}
	// `TestExternalities::new` would replace the runtime's code with an empty one.
	let code =
		storage.top.get(sp_core::storage::well_known_keys::CODE).cloned().unwrap_or_default();
	let mut ext = sp_io::TestExternalities::new_with_code(&code, storage);

	let pairs = ext.execute_with(|| -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
		let funds = DEVICE_DEPOSIT + DEVICE_FREE;
		let validators: Vec<AccountId> =
			pallet_staking::Validators::<Runtime>::iter_keys().collect();
		if validators.is_empty() {
			return Err("the base spec has no validator candidate".into());
		}
		if let Some(blocks) = credit_period {
			// At genesis (block 0): periods counted from block 0 with the new length.
			pallet_credit::Parameters::<Runtime>::mutate(|p| p.credit_period = blocks);
			pallet_credit::Anchor::<Runtime>::put(
				metachain_primitives::credit::PeriodAnchor::from_genesis(blocks),
			);
		}
		let mut inviters: Vec<AccountId> = pallet_credit::Devices::<Runtime>::iter_keys().collect();
		let by_governance = inviters.is_empty();
		// The genesis accounts that can fund devices, richest first.
		let mut payers: Vec<(AccountId, u128)> = frame_system::Account::<Runtime>::iter_keys()
			.map(|a| {
				let spendable = <Balances as Inspect<AccountId>>::reducible_balance(
					&a,
					frame_support::traits::tokens::Preservation::Preserve,
					frame_support::traits::tokens::Fortitude::Polite,
				);
				(a, spendable)
			})
			.collect();
		payers.sort_by_key(|p| core::cmp::Reverse(p.1));
		let needed = funds.saturating_mul(devices as u128);
		let available: u128 = payers.iter().map(|p| p.1).sum();
		if available < needed {
			return Err(format!(
				"genesis accounts hold {available}, {devices} devices need {needed}"
			));
		}
		let mut payer = 0usize;
		let mut inviter = 0usize;
		let mut invited_by_current = 0u32;
		for i in 0..devices {
			let dev = device(i);
			while payers[payer].1 < funds {
				payer += 1;
			}
			dispatch(
				&payers[payer].0.clone(),
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: dev.clone().into(),
					value: funds,
				}),
			)?;
			payers[payer].1 -= funds;
			if by_governance && i == 0 {
				RuntimeCall::Credit(pallet_credit::Call::force_invite { invitee: dev.clone() })
					.dispatch(RuntimeOrigin::root())
					.map_err(|e| format!("force_invite: {:?}", e.error))?;
			} else {
				dispatch(
					&inviters[inviter].clone(),
					RuntimeCall::Credit(pallet_credit::Call::invite { invitee: dev.clone() }),
				)?;
			}
			dispatch(
				&dev,
				RuntimeCall::Credit(pallet_credit::Call::register_device {
					kind: if i % 2 == 0 {
						DeviceKind::DvpnClient
					} else {
						DeviceKind::SmartGateway
					},
				}),
			)?;
			if delegate_every != 0 && i % delegate_every == 0 {
				dispatch(
					&dev,
					RuntimeCall::CreditDelegation(pallet_credit_delegation::Call::delegate {
						validator: validators[i as usize % validators.len()].clone(),
					}),
				)?;
			}
			inviters.push(dev);
			if by_governance && i == 0 {
				// The first device invites the next ones.
				inviter = inviters.len() - 1;
			} else {
				invited_by_current += 1;
			}
			if invited_by_current == INVITES_PER_DEVICE {
				inviter += 1;
				invited_by_current = 0;
			}
			if (i + 1) % 50_000 == 0 {
				System::reset_events();
				eprintln!(
					"{} devices registered ({:.0} s)",
					i + 1,
					started.elapsed().as_secs_f64()
				);
			}
		}
		System::reset_events();
		if let Some(blocks) = credit_period {
			// The steady state: every device sent its heartbeat in period 1 (a delegating one
			// counts from then, in its validator's bucket of period 1), and the chain starts in
			// period 2, so that each heartbeat follows one in the previous period.
			System::set_block_number(blocks);
			for i in 0..devices {
				dispatch(&device(i), RuntimeCall::Credit(pallet_credit::Call::heartbeat {}))?;
				if (i + 1) % 50_000 == 0 {
					System::reset_events();
					eprintln!(
						"{} heartbeats of period 1 ({:.0} s)",
						i + 1,
						started.elapsed().as_secs_f64()
					);
				}
			}
			System::set_block_number(0);
			pallet_credit::Anchor::<Runtime>::put(metachain_primitives::credit::PeriodAnchor {
				start_block: 0,
				start_index: 2,
				length: blocks,
			});
			System::reset_events();
		}
		let registered = pallet_credit::Devices::<Runtime>::count();
		eprintln!("{registered} devices in state; collecting the storage");
		// Everything in state, through the runtime's own view of it (backend and overlay).
		let mut pairs = BTreeMap::new();
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).ok_or("a listed key has no value")?;
			pairs.insert(next.clone(), value.to_vec());
			key = next;
		}
		Ok(pairs)
	})?;

	// Write the spec with the new raw genesis, streaming the (large) storage map.
	let mut spec = spec;
	let placeholder = "__METACHAIN_SCALE_STATE_TOP__";
	*spec.pointer_mut("/genesis/raw/top").ok_or("no raw genesis")? =
		serde_json::Value::String(placeholder.into());
	let text = serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?;
	let (before, after) = text
		.split_once(&format!("\"{placeholder}\""))
		.ok_or("placeholder missing from the serialized spec")?;
	let file = std::fs::File::create(out).map_err(|e| format!("creating {out}: {e}"))?;
	let mut w = std::io::BufWriter::new(file);
	let io = |e: std::io::Error| e.to_string();
	w.write_all(before.as_bytes()).map_err(io)?;
	w.write_all(b"{\n").map_err(io)?;
	let total = pairs.len();
	for (n, (k, v)) in pairs.into_iter().enumerate() {
		let sep = if n + 1 == total { "\n" } else { ",\n" };
		write!(w, "\"{}\": \"{}\"{sep}", hex(&k), hex(&v)).map_err(io)?;
	}
	w.write_all(b"}").map_err(io)?;
	w.write_all(after.as_bytes()).map_err(io)?;
	w.flush().map_err(io)?;
	eprintln!(
		"wrote {out}: {total} storage entries, {devices} generated devices ({:.0} s)",
		started.elapsed().as_secs_f64()
	);
	Ok(())
}

fn main() {
	let args: Vec<String> = std::env::args().collect();
	if !(4..=6).contains(&args.len()) {
		eprintln!(
			"usage: scale_state <base raw spec> <devices> <out spec> [delegate every [credit period]]"
		);
		std::process::exit(2);
	}
	let number = |i: usize, what: &str, default: Option<u32>| -> Option<u32> {
		match args.get(i) {
			None => default,
			Some(a) => match a.parse() {
				Ok(n) => Some(n),
				Err(e) => {
					eprintln!("{what}: {e}");
					std::process::exit(2);
				}
			},
		}
	};
	let devices = number(2, "devices", None).unwrap_or_default();
	let delegate_every = number(4, "delegate every", Some(1)).unwrap_or(1);
	let credit_period = number(5, "credit period", None);
	if let Err(e) = run(&args[1], devices, &args[3], delegate_every, credit_period) {
		eprintln!("scale_state: {e}");
		std::process::exit(1);
	}
}
