//! Helpers for runtime tests: genesis from a preset, block production with BABE digests,
//! signed transactions from the development keyring.

#![allow(dead_code)]

use codec::Encode;
use metachain_runtime::{
	genesis_config_presets, time::SLOT_DURATION, Executive, Header, IncentivePool, Runtime,
	RuntimeCall, RuntimeGenesisConfig, System, UncheckedExtrinsic, VERSION,
};
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	Slot, BABE_ENGINE_ID,
};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, traits::Header as _, BuildStorage, Digest, DigestItem};

/// Merge a JSON patch into a JSON value (objects merge key by key, anything else replaces).
fn json_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				json_merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(b, p) => *b = p,
	}
}

/// The name tests give the public test network's genesis. It is not a preset (the launch kit
/// writes it from the operators' keys); tests build it from the development keyring as
/// operators ([`genesis_config_presets::keyring_operators`]), with the testnet's rules.
pub const TESTNET: &str = "testnet";

/// The genesis configuration of a preset (or of [`TESTNET`]), as the node builds it (defaults +
/// the preset patch).
pub fn preset_config(preset: &str) -> RuntimeGenesisConfig {
	let patch: serde_json::Value = if preset == TESTNET {
		genesis_config_presets::testnet_genesis(genesis_config_presets::keyring_operators())
	} else {
		let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
		serde_json::from_slice(&patch).expect("preset is JSON")
	};
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("default config is JSON");
	json_merge(&mut config, patch);
	serde_json::from_value(config).expect("preset deserializes into the genesis config")
}

/// Externalities at the genesis of a preset, at block 0 (no block initialized yet).
pub fn new_ext(preset: &str) -> sp_io::TestExternalities {
	let storage = preset_config(preset).build_storage().expect("genesis builds");
	LAST_HASH.with(|h| *h.borrow_mut() = None);
	sp_io::TestExternalities::new(storage)
}

/// The development chain.
pub fn dev_ext() -> sp_io::TestExternalities {
	new_ext(sp_genesis_builder::DEV_RUNTIME_PRESET)
}

/// The slot of the genesis (slot numbers are timestamps / slot duration; start somewhere
/// realistic, far from 0).
pub const GENESIS_SLOT: u64 = 300_000_000;

/// Produce one block the way a BABE validator would: pre-runtime digest (secondary plain slot
/// of authority 0), timestamp inherent, hooks, finalization.
pub fn produce_block() {
	begin_block();
	end_block();
}

/// Start the next block (hooks and the timestamp inherent run); transactions may follow.
pub fn begin_block() {
	let number = System::block_number() + 1;
	let slot = GENESIS_SLOT + number as u64;
	let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: Slot::from(slot),
	});
	let digest = Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre.encode())] };
	let parent = LAST_HASH.with(|h| *h.borrow()).unwrap_or_else(|| System::block_hash(0));
	let header = Header::new(number, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);
	let now = slot * SLOT_DURATION;
	Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(
		pallet_timestamp::Call::set { now },
	)))
	.expect("timestamp inherent is valid")
	.expect("timestamp inherent dispatches");
}

/// Finish the current block.
pub fn end_block() {
	let header = Executive::finalize_block();
	LAST_HASH.with(|h| *h.borrow_mut() = Some(header.hash()));
}

thread_local! {
	/// The hash of the last block produced, the parent of the next one.
	static LAST_HASH: core::cell::RefCell<Option<metachain_runtime::Hash>> =
		const { core::cell::RefCell::new(None) };
}

/// Produce blocks until `System::block_number() == n`, checking the pallets' `try_state`
/// (when built with try-runtime) and the supply invariant after every era change.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		let era_before = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index);
		produce_block();
		let era_after = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index);
		if era_before != era_after {
			assert_supply_invariant();
		}
	}
}

/// Produce blocks until the active era is `era`.
pub fn run_to_era(era: u32) {
	let mut guard = 0;
	while pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0) < era {
		run_to_block(System::block_number() + 1);
		guard += 1;
		assert!(guard < 10_000, "era {era} never came");
	}
}

/// The runtime-level supply invariant: total issuance never exceeds 10 billion MC.
pub fn assert_supply_invariant() {
	IncentivePool::check_supply_invariant().expect("supply invariant holds");
	assert!(
		pallet_balances::Pallet::<Runtime>::total_issuance()
			<= metachain_runtime::currency::TOTAL_SUPPLY
	);
	#[cfg(feature = "try-runtime")]
	<metachain_runtime::AllPalletsWithSystem as frame_support::traits::TryState<u32>>::try_state(
		System::block_number(),
		frame_support::traits::TryStateSelect::All,
	)
	.expect("try_state of every pallet holds");
}

/// The next nonce of `who`.
pub fn nonce(who: &Sr25519Keyring) -> u32 {
	System::account_nonce(who.to_account_id())
}

/// A signed transaction of `call` from `who` with a tip, immortal, as a wallet builds it.
pub fn signed(who: Sr25519Keyring, call: RuntimeCall, tip: u128) -> UncheckedExtrinsic {
	signed_with(who, call, metachain_runtime::tx_extension(Era::Immortal, nonce(&who), tip))
}

/// A transaction of `call` from `who` with the extensions `tx_ext` (immortal), signed as a
/// wallet signs it.
pub fn signed_with(
	who: Sr25519Keyring,
	call: RuntimeCall,
	tx_ext: metachain_runtime::TxExtension,
) -> UncheckedExtrinsic {
	let genesis = System::block_hash(0);
	metachain_runtime::signed_transaction(
		call,
		who.to_account_id(),
		tx_ext,
		metachain_runtime::SigningContext {
			spec_version: VERSION.spec_version,
			transaction_version: VERSION.transaction_version,
			genesis_hash: genesis,
			era_start: genesis,
		},
		|payload| sp_runtime::MultiSignature::Sr25519(who.pair().sign(payload)),
	)
}

/// The active era's index (0 before the first).
pub fn active_era() -> u32 {
	pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0)
}

/// Alice (the development chain's richest account) sends `who` `mc` MC.
pub fn fund(who: Sr25519Keyring, mc: u128) {
	metachain_runtime::Balances::transfer_keep_alive(
		metachain_runtime::RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
		who.to_account_id().into(),
		mc * metachain_runtime::currency::MC,
	)
	.expect("Alice funds the account");
}

/// The chain invites `who`, who registers as a DVPN client (in the current block).
pub fn make_device(who: Sr25519Keyring) {
	register_invited_device(&who.to_account_id());
}

/// The chain invites the account `who`, who registers as a DVPN client (in the current block).
pub fn register_invited_device(who: &metachain_runtime::AccountId) {
	use metachain_runtime::{Credit, RuntimeOrigin};
	Credit::force_invite(RuntimeOrigin::root(), who.clone()).expect("root invites");
	Credit::register_device(
		RuntimeOrigin::signed(who.clone()),
		pallet_credit::DeviceKind::DvpnClient,
	)
	.expect("an invited account with the deposit registers");
}

/// Alice pays `who` `amount`, then `who` registers as a device invited by governance.
pub fn fund_device(who: &metachain_runtime::AccountId, amount: metachain_runtime::Balance) {
	metachain_runtime::Balances::transfer_keep_alive(
		metachain_runtime::RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
		who.clone().into(),
		amount,
	)
	.expect("Alice pays");
	register_invited_device(who);
}

/// Fund `who` from Alice (the deposit and 10 MC) and register it as a device invited by
/// governance.
pub fn make_device_account(who: &metachain_runtime::AccountId) {
	let deposit = pallet_credit::Parameters::<metachain_runtime::Runtime>::get().device_deposit;
	fund_device(who, deposit + 10 * metachain_runtime::currency::MC);
}

/// Each of `who` sends its heartbeat if it has not in this period.
pub fn keep_alive(who: &[Sr25519Keyring]) {
	for d in who {
		let _ = metachain_runtime::Credit::heartbeat(metachain_runtime::RuntimeOrigin::signed(
			d.to_account_id(),
		));
	}
}

/// Produce blocks until `era`, with `devices` reporting in every block (once per period) but
/// the one that starts `era`.
pub fn run_to_era_alive(era: u32, devices: &[Sr25519Keyring]) {
	while active_era() < era {
		begin_block();
		if active_era() < era {
			keep_alive(devices);
		}
		end_block();
	}
}

/// `who` signs `call` and the current block applies it: the call's own result (a transaction
/// the pool would refuse panics).
pub fn apply_signed(who: Sr25519Keyring, call: RuntimeCall) -> sp_runtime::DispatchResult {
	Executive::apply_extrinsic(signed(who, call, 0)).expect("the transaction is valid")
}

/// `who` signs `call` in a block of its own: the next one, or a later one if a block's hooks
/// left no room for it (as at an era change). The call's own result.
pub fn apply_in_own_block(who: Sr25519Keyring, call: RuntimeCall) -> sp_runtime::DispatchResult {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
	loop {
		begin_block();
		let applied = Executive::apply_extrinsic(signed(who, call.clone(), 0));
		end_block();
		match applied {
			Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => {
				continue
			}
			other => return other.expect("the transaction is valid"),
		}
	}
}

/// `12,345,678`.
pub fn thousands(n: u128) -> String {
	let digits = n.to_string();
	let mut out = String::new();
	for (i, c) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i).is_multiple_of(3) {
			out.push(',');
		}
		out.push(c);
	}
	out
}

/// The end of a generated section of a README.
pub const END_GENERATED: &str = "<!-- END GENERATED -->";

/// Check that the section of `file` (relative to the workspace root) between
/// `<!-- BEGIN GENERATED: {name} -->` and [`END_GENERATED`] is `expected`; with
/// `METACHAIN_BLESS=1`, rewrite it instead. Returns the stale section's report, if any.
pub fn generated_section_stale(file: &str, name: &str, expected: &str) -> Option<String> {
	let path = format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"));
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
	let begin = format!("<!-- BEGIN GENERATED: {name} -->");
	let start = text
		.find(&begin)
		.unwrap_or_else(|| panic!("{file} has no `{begin}` … `{END_GENERATED}` section"))
		+ begin.len()
		+ 1;
	let end = text[start..].find(END_GENERATED).expect("an end marker") + start;
	if text[start..end] == *expected {
		return None;
	}
	if std::env::var("METACHAIN_BLESS").is_ok_and(|v| v == "1") {
		let updated = format!("{}{}{}", &text[..start], expected, &text[end..]);
		std::fs::write(&path, updated).expect("README written");
		return None;
	}
	Some(format!("{file} ({name}):\n{expected}"))
}

/// [`generated_section_stale`], failing the test if the section is stale.
pub fn check_generated_section(file: &str, name: &str, expected: &str) {
	if let Some(stale) = generated_section_stale(file, name, expected) {
		panic!("a generated section differs (METACHAIN_BLESS=1 rewrites it): {stale}");
	}
}
