//! A live network must not start from well-known keys: anyone holds the secrets of the
//! development keyring (`//Alice`, `//Bob`, … and their `//stash` accounts), so a genesis that
//! names one as a validator, a body member, a feeder or a holder of MC hands that power to
//! everyone. The node refuses to start a `Live` chain whose genesis storage contains the public
//! key of any of them, and names the key.

use sc_service::{ChainSpec, ChainType};
use std::collections::HashMap;

/// The well-known development keys: every `Sr25519Keyring` and `Ed25519Keyring` account, by
/// name and scheme, as raw 32-byte public keys.
pub fn well_known_keys() -> HashMap<[u8; 32], String> {
	let mut keys = HashMap::new();
	for k in sp_keyring::Sr25519Keyring::iter() {
		keys.insert(k.public().0, format!("{k:?} (sr25519 {})", k.to_account_id()));
	}
	for k in sp_keyring::Ed25519Keyring::iter() {
		let public = k.public().0;
		keys.insert(
			public,
			format!("{k:?} (ed25519 {})", sp_core::crypto::AccountId32::from(public)),
		);
	}
	keys
}

/// The first well-known key found in `bytes`, if any.
fn find_in(bytes: &[u8], keys: &HashMap<[u8; 32], String>) -> Option<String> {
	bytes.windows(32).find_map(|w| keys.get(w).cloned())
}

/// Refuse a `Live` chain specification whose genesis contains a well-known development key;
/// development and local chains are not checked (they are meant to run on them).
pub fn refuse_well_known_keys(spec: &dyn ChainSpec) -> Result<(), String> {
	if spec.chain_type() != ChainType::Live {
		return Ok(());
	}
	let storage = spec.as_storage_builder().build_storage()?;
	let keys = well_known_keys();
	let code = sp_core::storage::well_known_keys::CODE;
	let top = storage.top.iter().filter(|(k, _)| k.as_slice() != code);
	let children = storage.children_default.values().flat_map(|c| c.data.iter());
	for (key, value) in top.chain(children) {
		if let Some(name) = find_in(key, &keys).or_else(|| find_in(value, &keys)) {
			return Err(format!(
				"refusing to start the live chain `{}`: its genesis contains the well-known \
				 development key {name}, whose secret anyone has. Build the chain \
				 specification from the operators' own keys (see README, \"Launching a \
				 testnet\").",
				spec.id()
			));
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn finds_a_key_anywhere_in_a_value() {
		let keys = well_known_keys();
		let alice = sp_keyring::Sr25519Keyring::Alice.public().0;
		let mut value = vec![7u8; 5];
		value.extend_from_slice(&alice);
		value.push(1);
		assert!(find_in(&value, &keys).unwrap().starts_with("Alice"));
		assert_eq!(find_in(&[7u8; 64], &keys), None);
		let grandpa = sp_keyring::Ed25519Keyring::Bob.public().0;
		assert!(find_in(&grandpa, &keys).unwrap().contains("ed25519"));
	}

	/// The presets the development keyring may fill: the development chain and the local
	/// testnet (chain types `Development` and `Local`, never `Live`).
	const DEVELOPMENT_PRESETS: [&str; 2] =
		[sp_genesis_builder::DEV_RUNTIME_PRESET, sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET];

	fn live_spec(patch: serde_json::Value) -> crate::chain_spec::ChainSpec {
		crate::chain_spec::ChainSpec::builder(metachain_runtime::WASM_BINARY.unwrap(), None)
			.with_name("scan")
			.with_id("scan")
			.with_chain_type(ChainType::Live)
			.with_genesis_config_patch(patch)
			.build()
	}

	#[test]
	fn no_non_development_preset_and_no_committed_live_spec_holds_a_well_known_key() {
		for preset in metachain_runtime::genesis_config_presets::preset_names() {
			let name = String::from_utf8(AsRef::<[u8]>::as_ref(&preset).to_vec()).unwrap();
			if DEVELOPMENT_PRESETS.contains(&name.as_str()) {
				continue;
			}
			let patch = metachain_runtime::genesis_config_presets::get_preset(&preset).unwrap();
			let spec = live_spec(serde_json::from_slice(&patch).unwrap());
			refuse_well_known_keys(&spec).unwrap_or_else(|e| panic!("preset {name}: {e}"));
		}
		let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs");
		let mut specs = 0;
		for entry in std::fs::read_dir(dir).unwrap() {
			let path = entry.unwrap().path();
			let json: serde_json::Value =
				serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
			if json.get("genesis").is_none() {
				continue; // not a chain specification (the example operators file)
			}
			specs += 1;
			let spec = crate::chain_spec::ChainSpec::from_json_file(path.clone()).unwrap();
			match spec.chain_type() {
				ChainType::Live => refuse_well_known_keys(&spec)
					.unwrap_or_else(|e| panic!("{}: {e}", path.display())),
				// Development networks, which the node does not check, may use them.
				ChainType::Local | ChainType::Development => {}
				other => panic!("{}: unexpected chain type {other:?}", path.display()),
			}
		}
		assert!(specs > 0, "no chain specification found in {dir}");
	}

	#[test]
	fn a_live_network_on_the_development_keyring_is_refused_naming_the_key() {
		use metachain_runtime::genesis_config_presets::{keyring_operators, testnet_genesis};
		let spec = live_spec(testnet_genesis(keyring_operators()));
		let error = refuse_well_known_keys(&spec).expect_err("refused");
		assert!(error.contains("well-known development key"), "{error}");

		// The same rules on the example operators' keys start.
		let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/operators.example.json");
		crate::chain_spec::operators_chain_spec(std::path::Path::new(example)).unwrap();
	}
}
