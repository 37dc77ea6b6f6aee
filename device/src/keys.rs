//! The device's key: an sr25519 secret kept in a file only its owner can read.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};
use std::{io::Read, path::Path, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// MetaChain's SS58 address prefix.
pub const SS58_PREFIX: u16 = 2210;

/// What the key file holds.
#[derive(Serialize, Deserialize)]
pub struct KeyFile {
	/// A secret URI: `0x` and a 32-byte seed (generated keys), a mnemonic, or a derivation
	/// such as `//Alice` (development chains only).
	pub secret: String,
	/// The address, for whoever reads the file (recomputed from the secret on load).
	pub address: String,
}

/// A loaded key.
pub struct DeviceKey {
	pub pair: Keypair,
	pub account: AccountId32,
}

impl DeviceKey {
	/// The key of a secret URI.
	pub fn from_secret(secret: &str) -> Result<Self> {
		let uri = SecretUri::from_str(secret).map_err(|e| anyhow::anyhow!("bad secret: {e:?}"))?;
		let pair = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("bad secret: {e:?}"))?;
		let account = AccountId32::new(pair.public_key().0);
		Ok(Self { pair, account })
	}

	/// The account as subxt addresses it.
	pub fn subxt_account(&self) -> subxt::utils::AccountId32 {
		subxt::utils::AccountId32(*self.account.as_ref())
	}

	/// The MetaChain address (prefix 2210).
	pub fn address(&self) -> String {
		address(&self.account)
	}
}

/// `account`'s MetaChain address.
pub fn address(account: &AccountId32) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// An account from an SS58 address of any network, or `0x` and 32 bytes of hex.
pub fn parse_account(s: &str) -> Result<AccountId32> {
	if let Some(hex_part) = s.strip_prefix("0x") {
		let bytes = hex::decode(hex_part).context("account: bad hex")?;
		let raw: [u8; 32] =
			bytes.try_into().map_err(|_| anyhow::anyhow!("account: not 32 bytes"))?;
		return Ok(AccountId32::new(raw));
	}
	AccountId32::from_ss58check_with_version(s)
		.map(|(account, _)| account)
		.map_err(|e| anyhow::anyhow!("{s} is not an address: {e:?}"))
}

/// 32 bytes from the operating system's random source.
fn random_seed() -> Result<[u8; 32]> {
	let mut seed = [0u8; 32];
	std::fs::File::open("/dev/urandom")
		.and_then(|mut f| f.read_exact(&mut seed))
		.context("reading /dev/urandom")?;
	Ok(seed)
}

/// Write `secret` to `path` (refusing to overwrite), readable by its owner only.
pub fn save(path: &Path, secret: &str) -> Result<DeviceKey> {
	let key = DeviceKey::from_secret(secret)?;
	if path.exists() {
		bail!("{} exists: a device key is never overwritten (move it away first)", path.display());
	}
	if let Some(dir) = path.parent() {
		std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	}
	let file = KeyFile { secret: secret.to_string(), address: key.address() };
	let text = serde_json::to_string_pretty(&file)?;
	write_private(path, text.as_bytes())?;
	Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
	use std::{io::Write, os::unix::fs::OpenOptionsExt};
	let mut f = std::fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)
		.with_context(|| format!("creating {}", path.display()))?;
	f.write_all(bytes)?;
	f.sync_all()?;
	Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
	std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Generate a new key at `path`.
pub fn generate(path: &Path) -> Result<DeviceKey> {
	let seed = random_seed()?;
	save(path, &format!("0x{}", hex::encode(seed)))
}

/// Load the key at `path`.
pub fn load(path: &Path) -> Result<DeviceKey> {
	let text = std::fs::read_to_string(path).with_context(|| {
		format!("reading the device key {} (create one with `key generate`)", path.display())
	})?;
	let file: KeyFile = serde_json::from_str(&text)
		.with_context(|| format!("{} is not a device key file", path.display()))?;
	DeviceKey::from_secret(&file.secret)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_generated_key_loads_back_and_is_private() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("key.json");
		let made = generate(&path).unwrap();
		let loaded = load(&path).unwrap();
		assert_eq!(made.account, loaded.account);
		assert_eq!(parse_account(&made.address()).unwrap(), made.account);
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).unwrap().permissions().mode();
			assert_eq!(mode & 0o077, 0, "only the owner may read the key");
		}
		assert!(generate(&path).is_err(), "an existing key is never overwritten");
	}

	#[test]
	fn addresses_round_trip_in_any_format() {
		let alice = DeviceKey::from_secret("//Alice").unwrap();
		let mc = alice.address();
		assert_eq!(parse_account(&mc).unwrap(), alice.account);
		// The generic Substrate format (prefix 42) is accepted too.
		let generic = alice.account.to_ss58check_with_version(Ss58AddressFormat::custom(42));
		assert_eq!(generic, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		assert_eq!(parse_account(&generic).unwrap(), alice.account);
		assert!(parse_account("not-an-address").is_err());
	}
}

/// The `key` subcommands of the agent and the relay.
#[derive(clap::Subcommand)]
pub enum KeyCommand {
	/// Generate a new key (refuses to overwrite one).
	Generate,
	/// Store an existing secret (a mnemonic, `0x` and a 32-byte seed, or a development URI).
	Import { secret: String },
	/// Print the address.
	Show,
}

impl KeyCommand {
	/// Run the subcommand on the key file at `path`; prints the address.
	pub fn run(&self, path: &Path) -> Result<()> {
		let key = match self {
			KeyCommand::Generate => generate(path)?,
			KeyCommand::Import { secret } => save(path, secret)?,
			KeyCommand::Show => load(path)?,
		};
		println!("{}", key.address());
		Ok(())
	}
}
