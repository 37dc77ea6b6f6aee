//! The relayer's secrets, read from a file or the environment and never from the command line
//! (process arguments are visible to every user of the machine in `ps` and `/proc`), and the
//! X25519 key the other relayers seal key-generation shares to, derived from the MetaChain key.
//!
//! A key file holds the secret on its first line (surrounding white space is ignored) and must
//! not be readable by group or others (`chmod 600`), as `ssh` insists for its keys.

use anyhow::{anyhow, bail, Context, Result};
use hkdf::Hkdf;
use sha2::Sha256;
use sp_core::{sr25519, Pair};
use std::path::Path;
use zeroize::Zeroizing;

/// The HKDF-SHA256 `info` of the X25519 secret derived from a relayer's MetaChain key.
pub const ENCRYPTION_KEY_INFO: &[u8] = b"metachain/x25519/v1";

/// The secret `what` from `file` if given, else from the environment variable `var`; `None`
/// if neither is set. A file readable by group or others is refused.
pub fn secret(file: Option<&Path>, var: &str, what: &str) -> Result<Option<Zeroizing<String>>> {
	if let Some(path) = file {
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(path)
				.with_context(|| format!("{what}: reading {}", path.display()))?
				.permissions()
				.mode();
			if mode & 0o077 != 0 {
				bail!(
					"{what}: {} is readable by group or others (mode {:o}); chmod 600 it",
					path.display(),
					mode & 0o777
				);
			}
		}
		let text = Zeroizing::new(
			std::fs::read_to_string(path)
				.with_context(|| format!("{what}: reading {}", path.display()))?,
		);
		let line = text.lines().next().unwrap_or_default().trim();
		if line.is_empty() {
			bail!("{what}: {} is empty", path.display());
		}
		return Ok(Some(Zeroizing::new(line.to_string())));
	}
	match std::env::var(var) {
		Ok(value) if !value.trim().is_empty() => Ok(Some(Zeroizing::new(value.trim().to_string()))),
		_ => Ok(None),
	}
}

/// Like [`secret`], but the secret must be there.
pub fn required(
	file: Option<&Path>,
	var: &str,
	what: &str,
	flag: &str,
) -> Result<Zeroizing<String>> {
	secret(file, var, what)?.ok_or_else(|| anyhow!("{what}: give {flag} <file> or set {var}"))
}

/// The relayer's MetaChain key from a secret URI (`//Ferdie`, a mnemonic, or a 0x seed).
pub fn metachain_pair(suri: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(suri, None)
		.map_err(|e| anyhow!("the MetaChain key is not a secret URI: {e:?}"))
}

/// The relayer's X25519 secret: HKDF-SHA256 of its MetaChain secret key with
/// [`ENCRYPTION_KEY_INFO`]. The same MetaChain key always gives the same X25519 key, so a
/// relayer that loses its state keeps the key it bonded with.
pub fn encryption_secret(pair: &sr25519::Pair) -> Zeroizing<[u8; 32]> {
	let ikm = Zeroizing::new(pair.to_raw_vec());
	let mut okm = Zeroizing::new([0u8; 32]);
	Hkdf::<Sha256>::new(None, &ikm)
		.expand(ENCRYPTION_KEY_INFO, okm.as_mut())
		.expect("32 bytes is a valid HKDF-SHA256 output length");
	okm
}

/// The X25519 public key of [`encryption_secret`]: what `bond_relayer` records.
pub fn encryption_key(pair: &sr25519::Pair) -> [u8; 32] {
	x25519_dalek::x25519(*encryption_secret(pair), x25519_dalek::X25519_BASEPOINT_BYTES)
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::io::Write;

	fn file_with(text: &str, mode: u32) -> tempfile::NamedTempFile {
		let mut f = tempfile::NamedTempFile::new().unwrap();
		write!(f, "{text}").unwrap();
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode)).unwrap();
		}
		f
	}

	#[test]
	fn a_key_comes_from_a_private_file_or_the_environment() {
		let f = file_with("  //Eve \nignored\n", 0o600);
		let s = secret(Some(f.path()), "METACHAIN_TEST_UNSET_VAR", "key").unwrap().unwrap();
		assert_eq!(s.as_str(), "//Eve");
		// A file others may read is refused, whatever it holds.
		let open = file_with("//Eve", 0o644);
		let err = secret(Some(open.path()), "X", "key").unwrap_err().to_string();
		assert!(err.contains("chmod 600"), "{err}");
		assert!(secret(Some(file_with("\n", 0o600).path()), "X", "key").is_err());
		// Without a file: the environment, else nothing.
		std::env::set_var("METACHAIN_TEST_KEY_VAR", "//Ferdie");
		let s = secret(None, "METACHAIN_TEST_KEY_VAR", "key").unwrap().unwrap();
		assert_eq!(s.as_str(), "//Ferdie");
		assert!(secret(None, "METACHAIN_TEST_UNSET_VAR", "key").unwrap().is_none());
		let err = required(None, "METACHAIN_TEST_UNSET_VAR", "key", "--key-file").unwrap_err();
		assert!(err.to_string().contains("--key-file"));
	}

	#[test]
	fn the_encryption_key_is_derived_from_the_metachain_key_and_agrees_by_diffie_hellman() {
		let eve = metachain_pair("//Eve").unwrap();
		let ferdie = metachain_pair("//Ferdie").unwrap();
		assert_eq!(encryption_key(&eve), encryption_key(&metachain_pair("//Eve").unwrap()));
		assert_ne!(encryption_key(&eve), encryption_key(&ferdie));
		// Each side's secret with the other's public key gives the same shared secret.
		let a = x25519_dalek::x25519(*encryption_secret(&eve), encryption_key(&ferdie));
		let b = x25519_dalek::x25519(*encryption_secret(&ferdie), encryption_key(&eve));
		assert_eq!(a, b);
		assert_ne!(a, [0; 32]);
	}
}
