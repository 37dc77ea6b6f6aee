//! Builds the runtime's Wasm blob (skipped with `SKIP_WASM_BUILD=1`).
//!
//! With the `upgrade-test` feature the blob (this runtime with a `spec_version` one higher, for
//! the runtime-upgrade tests) is written under its own name,
//! `wbuild/metachain-runtime/metachain_runtime_upgrade_test.compact.compressed.wasm`, so that it
//! never replaces the node's runtime.
fn main() {
	#[cfg(feature = "std")]
	{
		let builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
		if std::env::var_os("CARGO_FEATURE_UPGRADE_TEST").is_some() {
			builder.set_file_name("metachain_runtime_upgrade_test").build();
		} else {
			builder.build();
		}
	}
}
