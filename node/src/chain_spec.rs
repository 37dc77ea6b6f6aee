//! Chain specifications: the development chain and the local testnet, built from the runtime's
//! genesis presets, and a live network's, written by the launch kit from its operators' keys.

use crate::launch_kit::OperatorsFile;
use metachain_runtime::{currency, genesis_config_presets, WASM_BINARY};
use sc_service::ChainType;

/// A MetaChain chain specification.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Chain properties read by wallets (Polkadot.js Apps): token symbol and decimals, and the
/// SS58 prefix, the same as the runtime's `system.ss58Prefix`.
fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), currency::SYMBOL.into());
	p.insert("tokenDecimals".into(), currency::DECIMALS.into());
	p.insert("ss58Format".into(), metachain_runtime::SS58_PREFIX.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY
		.ok_or_else(|| "The runtime's Wasm is not available (built with SKIP_WASM_BUILD?)".into())
}

/// A chain specification built from one of the runtime's genesis presets.
fn from_preset(
	name: &str,
	id: &str,
	protocol_id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id(protocol_id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: Alice validates alone, sudo is Alice, eras last two minutes.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"MetaChain Development",
		"metachain_dev",
		"mc-dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: Alice, Bob and Charlie validate; no sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"MetaChain Local Testnet",
		"metachain_local",
		"mc-local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain operators:<file>`: a live network (the public testnet) on its operators' keys,
/// from an operators file (see [`crate::launch_kit`]); no sudo. Refused if the file names a
/// well-known development key or the runtime refuses the operators.
pub fn operators_chain_spec(path: &std::path::Path) -> Result<ChainSpec, String> {
	let file = OperatorsFile::read(path)?;
	let genesis = genesis_config_presets::testnet_genesis(file.operators()?);
	let spec = ChainSpec::builder(wasm()?, None)
		.with_name(file.name.as_deref().unwrap_or("MetaChain Testnet"))
		.with_id(file.id.as_deref().unwrap_or("metachain_testnet"))
		.with_protocol_id(file.protocol_id.as_deref().unwrap_or("mc-test"))
		.with_chain_type(ChainType::Live)
		.with_boot_nodes(file.boot_nodes()?)
		.with_genesis_config_patch(genesis)
		.with_properties(properties())
		.build();
	crate::dev_keys::refuse_well_known_keys(&spec)?;
	Ok(spec)
}

/// What `--chain testnet` says: the testnet's specification is not built in.
pub const NO_BUILT_IN_TESTNET: &str = "there is no built-in `testnet` chain: a live network's \
	 specification is written by the launch kit from its operators' keys (scripts/launch-kit.sh \
	 <operators.json> <out-dir>, docs/launch.md); start the node with `--chain <out-dir>/testnet-raw.json`";
