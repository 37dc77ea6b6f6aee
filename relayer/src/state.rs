//! The relayer's progress on disk, so that a restart neither skips nor double-posts a
//! checkpoint: the next checkpoint to finish, and for each checkpoint in progress what was
//! broadcast on each target (the raw transaction is written before it is broadcast, and
//! broadcast again as it is after a restart).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, path::PathBuf};

/// What the relayer did for one checkpoint on one target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetProgress {
	/// The transaction this relayer broadcast (hash or txid, hex), if it posted.
	pub posted_tx: Option<String>,
	/// Its raw bytes (hex), to broadcast again after a restart.
	pub raw_tx: Option<String>,
	/// When (unix seconds) this relayer submitted its `attest`, if it did.
	pub attest_submitted_at: Option<u64>,
}

/// The relayer's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
	/// The genesis hash of the chain this progress belongs to.
	pub genesis: String,
	/// Every checkpoint below this one is attested by this relayer on every target.
	pub next: u64,
	/// Checkpoints in progress: number → target name → progress.
	pub checkpoints: BTreeMap<u64, BTreeMap<String, TargetProgress>>,
}

/// The progress file.
pub struct Store {
	path: PathBuf,
}

impl Store {
	/// The store at `path`.
	pub fn new(path: PathBuf) -> Self {
		Self { path }
	}

	/// The saved progress, or a fresh one for `genesis` (also when the file is of another
	/// chain, which is refused).
	pub fn load(&self, genesis: &str) -> Result<Progress> {
		if !self.path.exists() {
			return Ok(Progress { genesis: genesis.to_string(), ..Default::default() });
		}
		let text = std::fs::read_to_string(&self.path)
			.with_context(|| format!("reading {}", self.path.display()))?;
		let p: Progress = serde_json::from_str(&text)
			.with_context(|| format!("{} is not a relayer state file", self.path.display()))?;
		anyhow::ensure!(
			p.genesis == genesis,
			"{} belongs to chain {}, not {genesis}",
			self.path.display(),
			p.genesis
		);
		Ok(p)
	}

	/// Saves `p` atomically (write a temporary file, then rename it over the old one).
	pub fn save(&self, p: &Progress) -> Result<()> {
		if let Some(dir) = self.path.parent() {
			std::fs::create_dir_all(dir).ok();
		}
		let tmp = self.path.with_extension("tmp");
		std::fs::write(&tmp, serde_json::to_vec_pretty(p)?)
			.with_context(|| format!("writing {}", tmp.display()))?;
		std::fs::rename(&tmp, &self.path)
			.with_context(|| format!("replacing {}", self.path.display()))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn progress_survives_a_restart_and_belongs_to_one_chain() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::new(dir.path().join("state.json"));
		let mut p = store.load("0xaa").unwrap();
		assert_eq!(p.next, 0);
		p.next = 3;
		p.checkpoints.entry(3).or_default().insert(
			"ethereum".into(),
			TargetProgress {
				posted_tx: Some("0x01".into()),
				raw_tx: Some("0xf8".into()),
				attest_submitted_at: None,
			},
		);
		store.save(&p).unwrap();
		assert_eq!(store.load("0xaa").unwrap(), p);
		assert!(store.load("0xbb").is_err());
	}
}
