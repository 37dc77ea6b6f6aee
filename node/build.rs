//! The node's version string: the package version, plus the commit when the build environment
//! names one (`METACHAIN_COMMIT`, set by release builds).
//!
//! The build script does not watch git: a commit no longer relinks the node (about 3 minutes on
//! the project's 2-core machines), and the version never names a commit it was not built from.

fn main() {
	println!("cargo:rerun-if-changed=build.rs");
	println!("cargo:rerun-if-env-changed=METACHAIN_COMMIT");
	let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
	let full = match std::env::var("METACHAIN_COMMIT") {
		Ok(commit) if !commit.is_empty() => format!("{version}-{commit}"),
		_ => version,
	};
	println!("cargo:rustc-env=METACHAIN_IMPL_VERSION={full}");
}
