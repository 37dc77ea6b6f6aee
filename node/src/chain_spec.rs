//! Chain specifications: the development chain, the local testnet and the public testnet, all
//! built from the runtime's genesis presets.

use metachain_runtime::{currency, genesis_config_presets::TESTNET_RUNTIME_PRESET, WASM_BINARY};
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

/// `--chain testnet`: the public test network's genesis (six-hour eras); no sudo.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"MetaChain Testnet",
		"metachain_testnet",
		"mc-test",
		ChainType::Live,
		TESTNET_RUNTIME_PRESET,
	)
}
