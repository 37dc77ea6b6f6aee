//! What the agent remembers between runs: written atomically (a temporary file renamed over the
//! old one), so a power cut leaves either the old state or the new one.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The agent's state file.
#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
pub struct State {
	/// The last credit period the chain accepted a heartbeat of this device in.
	pub last_heartbeat_period: Option<u64>,
	/// The block that heartbeat was included in.
	pub last_heartbeat_block: Option<String>,
	/// Heartbeats this agent has had included.
	pub heartbeats_sent: u64,
	/// The last error, if the last attempt failed.
	pub last_error: Option<String>,
}

impl State {
	/// The state at `path`, or a fresh one if there is none yet.
	pub fn load(path: &Path) -> Result<Self> {
		match std::fs::read_to_string(path) {
			Ok(text) => serde_json::from_str(&text)
				.with_context(|| format!("{} is not an agent state file", path.display())),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
			Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
		}
	}

	/// Write the state to `path` atomically.
	pub fn save(&self, path: &Path) -> Result<()> {
		if let Some(dir) = path.parent() {
			std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
		}
		let tmp = path.with_extension("tmp");
		std::fs::write(&tmp, serde_json::to_string_pretty(self)?)
			.with_context(|| format!("writing {}", tmp.display()))?;
		std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn state_survives_a_restart() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("state.json");
		assert_eq!(State::load(&path).unwrap(), State::default(), "no file: a fresh state");
		let state = State {
			last_heartbeat_period: Some(7),
			last_heartbeat_block: Some("0xab".into()),
			heartbeats_sent: 3,
			last_error: None,
		};
		state.save(&path).unwrap();
		assert_eq!(State::load(&path).unwrap(), state);
		assert!(!path.with_extension("tmp").exists(), "the temporary file was renamed");
	}
}
