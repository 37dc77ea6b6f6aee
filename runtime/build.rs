//! Builds the runtime's Wasm blob (skipped with `SKIP_WASM_BUILD=1`).
//!
//! The blob carries the RFC-0078 metadata hash that `CheckMetadataHash` checks transactions
//! signed in mode 1 against (offline signers such as Ledger's generic app): the Wasm is built
//! once, its metadata (v15) is hashed with the chain's spec name and version, SS58 prefix (the
//! `System::SS58Prefix` constant) and the native token below, and the Wasm is built again with
//! `RUNTIME_METADATA_HASH` set. The token must be `currency::SYMBOL` and `currency::DECIMALS`
//! (the chain spec's `tokenSymbol` and `tokenDecimals`), which wallets hash the metadata with:
//! `tests/e2e/clients.test.mjs` signs with the hash a wallet computes from the chain's metadata
//! and properties.
//!
//! With the `upgrade-test` feature the blob (this runtime with a `spec_version` one higher, for
//! the runtime-upgrade tests) is written under its own name,
//! `wbuild/metachain-runtime/metachain_runtime_upgrade_test.compact.compressed.wasm`, so that it
//! never replaces the node's runtime. It is built once, without the metadata hash (it is never
//! a chain's runtime: the tests upgrade to it and send mode-0 transactions), which saves the
//! README test command a Wasm build of the runtime (about 3 minutes on these machines).
//!
//! With `METACHAIN_UPGRADE_TEST_WASM` set, an ordinary build writes that blob too, after the
//! runtime's own: the README test command builds the node, its clients and the upgrade-test blob
//! in one cargo invocation instead of compiling the runtime's native crates a second time with
//! the `upgrade-test` feature only to run this script.
fn main() {
	#[cfg(feature = "std")]
	{
		use substrate_wasm_builder::WasmBuilder;
		const UPGRADE_TEST: &str = "metachain_runtime_upgrade_test";
		println!("cargo:rerun-if-env-changed=METACHAIN_UPGRADE_TEST_WASM");
		if std::env::var_os("CARGO_FEATURE_UPGRADE_TEST").is_some() {
			WasmBuilder::init_with_defaults().set_file_name(UPGRADE_TEST).build();
		} else {
			WasmBuilder::init_with_defaults().enable_metadata_hash("MC", 12).build();
			if std::env::var_os("METACHAIN_UPGRADE_TEST_WASM").is_some() {
				WasmBuilder::init_with_defaults()
					.enable_feature("upgrade-test")
					.set_file_name(UPGRADE_TEST)
					.build();
			}
		}
	}
}
