//! The launch kit: a live network's chain specification written from its operators' public
//! keys, never from the development keyring.
//!
//! Every operator generates its keys on its own machine (`metachain-node key generate`, or
//! `author_rotateKeys` on its validator) and sends the coordinator only the public parts; the
//! coordinator lists them in an **operators file** ([`OperatorsFile`], JSON, described in
//! `docs/launch.md` with `chain-specs/operators.example.json`) and runs
//! `scripts/launch-kit.sh <operators.json> <out-dir>`, which has the node write the plain and
//! the raw specification (`build-spec --chain operators:<file>`, then `--raw`).
//!
//! The node refuses a file that names a well-known development key (naming the field), a
//! file the runtime's [`NetworkOperators::check`] refuses (no validator, an empty body, a key
//! given twice, an overcommitted private sale), and, at start, any `Live` chain whose genesis
//! holds a development key ([`crate::dev_keys`]).

use crate::dev_keys::well_known_keys;
use metachain_runtime::{
	currency::MC,
	genesis_config_presets::{GenesisAccounts, NetworkOperators, Validator},
	AccountId, Balance,
};
use serde::Deserialize;
use sp_core::crypto::Ss58Codec;
use std::collections::HashMap;

/// A validator's public keys, as its operator sends them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidatorKeys {
	/// The stash account (also its controller), bonded with the genesis validator bond.
	pub stash: String,
	/// The BABE session key (sr25519).
	pub babe: String,
	/// The GRANDPA session key (ed25519).
	pub grandpa: String,
}

/// A private sale buyer with a fixed amount.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Purchase {
	/// The buyer.
	pub account: String,
	/// Whole MC.
	pub mc: u64,
}

/// Who holds the genesis shares (the runtime's `allocation`: 10% foundation, 5% promotion,
/// 4% market operations, 1% IDO, 20% private sale; the validators' stashes and the fixed
/// purchases come out of the private sale, its buyer of the rest takes what is left).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Allocations {
	/// The foundation's account (its share less the treasury's 1 MC).
	pub foundation: String,
	/// The promotion pool.
	pub promotion_pool: String,
	/// Market promotion and operations.
	pub market_operations: String,
	/// The IDO.
	pub ido: String,
	/// The private sale buyer who receives the rest of the 20%.
	pub private_sale_rest: String,
	/// Private sale buyers with fixed amounts.
	#[serde(default)]
	pub private_sale: Vec<Purchase>,
}

/// The genesis members of the four bodies.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bodies {
	/// The Foundation.
	pub foundation: Vec<String>,
	/// The Technical Committee.
	pub technical: Vec<String>,
	/// The Community Committee.
	pub community: Vec<String>,
	/// The Ecosystem Construction Committee.
	pub ecosystem: Vec<String>,
}

/// The operators file. Every key is an SS58 address (any prefix) or a `0x`-prefixed 32-byte
/// public key in hex.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperatorsFile {
	/// The network's name (default "MetaChain Testnet").
	#[serde(default)]
	pub name: Option<String>,
	/// The network's id (default `metachain_testnet`); nodes keep their databases under it.
	#[serde(default)]
	pub id: Option<String>,
	/// The network's libp2p protocol id (default `mc-test`).
	#[serde(default)]
	pub protocol_id: Option<String>,
	/// Boot nodes, as multiaddresses with a peer id.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
	/// The genesis validators.
	pub validators: Vec<ValidatorKeys>,
	/// Who holds the genesis shares.
	pub allocations: Allocations,
	/// The bodies' members.
	pub bodies: Bodies,
	/// The price feeders.
	pub feeders: Vec<String>,
	/// The anchoring relayers.
	#[serde(default)]
	pub relayers: Vec<String>,
	/// Matching attestations that anchor a checkpoint (default 1).
	#[serde(default = "one")]
	pub relayer_threshold: u32,
	/// The referendum rules (`governance.parameters` as the runtime keeps them, camelCase;
	/// default: the testnet's). A short-lived test network may shorten its periods.
	#[serde(default)]
	pub governance: Option<metachain_runtime::genesis_config_presets::GovernanceRules>,
}

fn one() -> u32 {
	1
}

/// Parses public keys, refusing well-known ones; errors name the field.
struct Keys(HashMap<[u8; 32], String>);

impl Keys {
	fn public(&self, field: &str, text: &str) -> Result<[u8; 32], String> {
		let bytes: [u8; 32] = if text.starts_with("0x") {
			sp_core::bytes::from_hex(text)
				.ok()
				.and_then(|b| <[u8; 32]>::try_from(b).ok())
				.ok_or_else(|| format!("{field}: `{text}` is not a 32-byte public key in hex"))?
		} else {
			sp_core::sr25519::Public::from_ss58check_with_version(text)
				.map(|(public, _)| public.0)
				.map_err(|e| format!("{field}: `{text}` is not an SS58 address ({e:?})"))?
		};
		if let Some(name) = self.0.get(&bytes) {
			return Err(format!(
				"{field}: `{text}` is the well-known development key {name}, whose secret anyone \
				 has; use a key generated by its operator"
			));
		}
		Ok(bytes)
	}

	fn account(&self, field: &str, text: &str) -> Result<AccountId, String> {
		self.public(field, text).map(AccountId::from)
	}

	fn accounts(&self, field: &str, list: &[String]) -> Result<Vec<AccountId>, String> {
		list.iter()
			.enumerate()
			.map(|(i, text)| self.account(&format!("{field}[{i}]"), text))
			.collect()
	}
}

impl OperatorsFile {
	/// Reads an operators file.
	pub fn read(path: &std::path::Path) -> Result<Self, String> {
		let text = std::fs::read(path)
			.map_err(|e| format!("cannot read the operators file {}: {e}", path.display()))?;
		serde_json::from_slice(&text).map_err(|e| format!("operators file {}: {e}", path.display()))
	}

	/// The runtime's view of the file: every key parsed, none well known, and the whole
	/// accepted by [`NetworkOperators::check`].
	pub fn operators(&self) -> Result<NetworkOperators, String> {
		let keys = Keys(well_known_keys());
		let validators = self
			.validators
			.iter()
			.enumerate()
			.map(|(i, v)| {
				Ok(Validator {
					stash: keys.account(&format!("validators[{i}].stash"), &v.stash)?,
					babe: sp_core::sr25519::Public::from_raw(
						keys.public(&format!("validators[{i}].babe"), &v.babe)?,
					)
					.into(),
					grandpa: sp_core::ed25519::Public::from_raw(
						keys.public(&format!("validators[{i}].grandpa"), &v.grandpa)?,
					)
					.into(),
				})
			})
			.collect::<Result<Vec<_>, String>>()?;
		let a = &self.allocations;
		let private_sale = a
			.private_sale
			.iter()
			.enumerate()
			.map(|(i, p)| {
				let field = format!("allocations.privateSale[{i}]");
				let amount = Balance::from(p.mc)
					.checked_mul(MC)
					.ok_or_else(|| format!("{field}.mc: too large"))?;
				Ok((keys.account(&format!("{field}.account"), &p.account)?, amount))
			})
			.collect::<Result<Vec<_>, String>>()?;
		let operators = NetworkOperators {
			validators,
			accounts: GenesisAccounts {
				private_sale,
				private_sale_rest: keys
					.account("allocations.privateSaleRest", &a.private_sale_rest)?,
				foundation: keys.account("allocations.foundation", &a.foundation)?,
				promotion_pool: keys.account("allocations.promotionPool", &a.promotion_pool)?,
				market_operations: keys
					.account("allocations.marketOperations", &a.market_operations)?,
				ido: keys.account("allocations.ido", &a.ido)?,
			},
			foundation: keys.accounts("bodies.foundation", &self.bodies.foundation)?,
			technical: keys.accounts("bodies.technical", &self.bodies.technical)?,
			community: keys.accounts("bodies.community", &self.bodies.community)?,
			ecosystem: keys.accounts("bodies.ecosystem", &self.bodies.ecosystem)?,
			feeders: keys.accounts("feeders", &self.feeders)?,
			relayers: keys.accounts("relayers", &self.relayers)?,
			relayer_threshold: self.relayer_threshold,
			governance: self.governance,
		};
		operators.check()?;
		Ok(operators)
	}

	/// The boot nodes, parsed.
	pub fn boot_nodes(&self) -> Result<Vec<sc_network::config::MultiaddrWithPeerId>, String> {
		self.boot_nodes
			.iter()
			.map(|b| b.parse().map_err(|e| format!("bootNodes: `{b}`: {e}")))
			.collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn example() -> String {
		std::fs::read_to_string(concat!(
			env!("CARGO_MANIFEST_DIR"),
			"/../chain-specs/operators.example.json"
		))
		.expect("the example operators file is committed")
	}

	#[test]
	fn the_example_file_is_accepted() {
		let file: OperatorsFile = serde_json::from_str(&example()).unwrap();
		let operators = file.operators().unwrap();
		assert_eq!(operators.validators.len(), 3);
		assert!(file.boot_nodes().is_ok());
	}

	#[test]
	fn a_development_key_anywhere_is_refused_by_field() {
		let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id().to_ss58check();
		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["bodies"]["technical"][1] = alice.clone().into();
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		let error = file.operators().err().unwrap();
		assert!(error.starts_with("bodies.technical[1]:"), "{error}");
		assert!(error.contains("Alice"), "{error}");

		// A GRANDPA key from the ed25519 keyring, given in hex.
		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		let bob = sp_keyring::Ed25519Keyring::Bob.public();
		json["validators"][2]["grandpa"] = format!("0x{}", hex(&bob.0)).into();
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		let error = file.operators().err().unwrap();
		assert!(error.starts_with("validators[2].grandpa:"), "{error}");
	}

	#[test]
	fn what_the_runtime_refuses_is_refused() {
		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["bodies"]["community"] = serde_json::json!([]);
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		assert!(file.operators().err().unwrap().starts_with("bodies.community"));

		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["validators"][1]["babe"] = json["validators"][0]["babe"].clone();
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		assert!(file.operators().err().unwrap().contains("BABE"));

		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["unknownField"] = 1.into();
		assert!(serde_json::from_value::<OperatorsFile>(json).is_err());

		// Referendum rules: the testnet's by default; shortened ones are taken; a general
		// class stricter than the parameter class is refused.
		let file: OperatorsFile = serde_json::from_str(&example()).unwrap();
		assert_eq!(file.operators().unwrap().governance, None);
		let mut rules = metachain_runtime::economy::governance_rules();
		rules.min_voting_period = 10;
		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["governance"] = serde_json::to_value(rules).unwrap();
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		assert_eq!(file.operators().unwrap().governance, Some(rules));
		rules.general.confirmation = rules.parameter.confirmation + 1;
		let mut json: serde_json::Value = serde_json::from_str(&example()).unwrap();
		json["governance"] = serde_json::to_value(rules).unwrap();
		let file: OperatorsFile = serde_json::from_value(json).unwrap();
		assert!(file.operators().err().unwrap().starts_with("governance:"));
	}

	fn hex(bytes: &[u8]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}
}
