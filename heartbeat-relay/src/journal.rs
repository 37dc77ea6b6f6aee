//! The relay's journal: every heartbeat it accepts is on disk (written and synced) before the
//! device hears "accepted", and stays there until its batch is in a finalized block or the
//! chain will never take it. A restart (even `kill -9`) loses no accepted heartbeat.
//!
//! One append-only text file, `journal.log`, of lines
//! `A <device hex> <period> <signature hex> <accepted ms>` (accepted) and
//! `D <device hex> <period>` (done: finalized, refused by the chain, or stale). A line cut short
//! by a crash is ignored. Appends are group-committed: one task writes whatever has arrived and
//! syncs once for all of it. When done lines outnumber live ones the file is rewritten with the
//! live heartbeats only (a temporary file synced and renamed over it).

use crate::queue::Entry;
use anyhow::{Context, Result};
use sp_core::crypto::AccountId32;
use std::{
	collections::HashMap,
	fs::{File, OpenOptions},
	io::{BufRead, BufReader, Write},
	path::{Path, PathBuf},
};
use tokio::sync::{mpsc, oneshot};

/// A line of the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
	Accepted(Entry),
	Done(AccountId32, u32),
}

impl Record {
	fn line(&self) -> String {
		match self {
			Record::Accepted(e) => format!(
				"A {} {} {} {}\n",
				hex::encode(e.device.as_ref() as &[u8]),
				e.period,
				hex::encode(e.signature),
				e.accepted_ms
			),
			Record::Done(d, p) => format!("D {} {}\n", hex::encode(d.as_ref() as &[u8]), p),
		}
	}

	fn parse(line: &str) -> Option<Self> {
		let mut parts = line.split(' ');
		let kind = parts.next()?;
		let device: [u8; 32] = hex::decode(parts.next()?).ok()?.try_into().ok()?;
		let device = AccountId32::new(device);
		let period = parts.next()?.parse().ok()?;
		match kind {
			"A" => {
				let signature: [u8; 64] = hex::decode(parts.next()?).ok()?.try_into().ok()?;
				let accepted_ms = parts.next()?.parse().ok()?;
				parts.next().is_none().then_some(())?;
				Some(Record::Accepted(Entry { device, period, signature, accepted_ms }))
			}
			"D" => parts.next().is_none().then_some(Record::Done(device, period)),
			_ => None,
		}
	}
}

/// The journal's live heartbeats (accepted, not done), in the order they were accepted.
fn replay(path: &Path) -> Result<Vec<Entry>> {
	let file = match File::open(path) {
		Ok(f) => f,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
		Err(e) => return Err(e).with_context(|| format!("opening {}", path.display())),
	};
	let mut live: HashMap<(AccountId32, u32), (u64, Entry)> = HashMap::new();
	let mut seq = 0u64;
	for line in BufReader::new(file).lines() {
		let line = line.with_context(|| format!("reading {}", path.display()))?;
		match Record::parse(&line) {
			Some(Record::Accepted(e)) => {
				seq += 1;
				live.insert((e.device.clone(), e.period), (seq, e));
			}
			Some(Record::Done(d, p)) => {
				live.remove(&(d, p));
			}
			// A line cut short by a crash (only ever the last one).
			None => {}
		}
	}
	let mut entries: Vec<_> = live.into_values().collect();
	entries.sort_by_key(|(seq, _)| *seq);
	Ok(entries.into_iter().map(|(_, e)| e).collect())
}

/// Write `entries` as the whole journal at `path`, atomically.
fn rewrite(path: &Path, entries: &[Entry]) -> Result<()> {
	let tmp = path.with_extension("tmp");
	let mut file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
	let mut text = String::new();
	for e in entries {
		text.push_str(&Record::Accepted(e.clone()).line());
	}
	file.write_all(text.as_bytes())?;
	file.sync_all()?;
	std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
	if let Some(dir) = path.parent() {
		File::open(dir)?.sync_all()?;
	}
	Ok(())
}

type Request = (Vec<Record>, oneshot::Sender<Result<(), String>>);

/// A handle to the journal's writer task.
#[derive(Clone)]
pub struct Journal {
	tx: mpsc::UnboundedSender<Request>,
}

impl Journal {
	/// Open (or create) the journal in `dir`; returns it with the heartbeats it still holds,
	/// oldest first, and rewrites the file with only those.
	pub fn open(dir: &Path) -> Result<(Self, Vec<Entry>)> {
		std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
		let path = dir.join("journal.log");
		let live = replay(&path)?;
		rewrite(&path, &live)?;
		let file = OpenOptions::new()
			.append(true)
			.open(&path)
			.with_context(|| format!("opening {}", path.display()))?;
		let (tx, rx) = mpsc::unbounded_channel();
		let writer = Writer {
			path,
			file,
			live: live.iter().map(|e| ((e.device.clone(), e.period), e.clone())).collect(),
			done_lines: 0,
		};
		std::thread::Builder::new()
			.name("journal".into())
			.spawn(move || writer.run(rx))
			.context("starting the journal's writer")?;
		Ok((Self { tx }, live))
	}

	/// Write `records` and sync them to disk; returns once they are durable.
	pub async fn write(&self, records: Vec<Record>) -> Result<()> {
		let (ack, done) = oneshot::channel();
		self.tx.send((records, ack)).map_err(|_| anyhow::anyhow!("the journal stopped"))?;
		done.await
			.map_err(|_| anyhow::anyhow!("the journal stopped"))?
			.map_err(|e| anyhow::anyhow!("journal: {e}"))
	}
}

struct Writer {
	path: PathBuf,
	file: File,
	live: HashMap<(AccountId32, u32), Entry>,
	done_lines: usize,
}

impl Writer {
	/// Group commit: write every request that has arrived, sync once, answer them all.
	fn run(mut self, mut rx: mpsc::UnboundedReceiver<Request>) {
		while let Some(first) = rx.blocking_recv() {
			let mut batch = vec![first];
			while let Ok(more) = rx.try_recv() {
				batch.push(more);
			}
			let result = self.append(batch.iter().flat_map(|(r, _)| r.iter()));
			let answer = result.as_ref().map(|_| ()).map_err(|e| format!("{e:#}"));
			for (_, ack) in batch {
				let _ = ack.send(answer.clone());
			}
			if answer.is_ok() && self.done_lines > self.live.len().max(10_000) {
				if let Err(e) = self.compact() {
					eprintln!("journal: compaction failed (the journal stays as it is): {e:#}");
				}
			}
		}
	}

	fn append<'a>(&mut self, records: impl Iterator<Item = &'a Record>) -> Result<()> {
		let mut text = String::new();
		for r in records {
			match r {
				Record::Accepted(e) => {
					self.live.insert((e.device.clone(), e.period), e.clone());
				}
				Record::Done(d, p) => {
					self.live.remove(&(d.clone(), *p));
					self.done_lines += 1;
				}
			}
			text.push_str(&r.line());
		}
		self.file.write_all(text.as_bytes()).context("writing the journal")?;
		self.file.sync_data().context("syncing the journal")
	}

	fn compact(&mut self) -> Result<()> {
		let mut entries: Vec<_> = self.live.values().cloned().collect();
		entries.sort_by_key(|e| e.accepted_ms);
		rewrite(&self.path, &entries)?;
		self.file = OpenOptions::new().append(true).open(&self.path)?;
		self.done_lines = 0;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn entry(d: u8, period: u32) -> Entry {
		Entry {
			device: AccountId32::new([d; 32]),
			period,
			signature: [d; 64],
			accepted_ms: d as u64,
		}
	}

	#[tokio::test]
	async fn what_was_accepted_and_not_done_survives_a_restart() {
		let dir = tempfile::tempdir().unwrap();
		{
			let (journal, live) = Journal::open(dir.path()).unwrap();
			assert!(live.is_empty());
			journal
				.write(vec![Record::Accepted(entry(1, 0)), Record::Accepted(entry(2, 0))])
				.await
				.unwrap();
			journal.write(vec![Record::Accepted(entry(3, 0))]).await.unwrap();
			journal.write(vec![Record::Done(AccountId32::new([2; 32]), 0)]).await.unwrap();
		}
		// A crash in the middle of a line.
		let path = dir.path().join("journal.log");
		let mut f = OpenOptions::new().append(true).open(&path).unwrap();
		f.write_all(b"A 0404").unwrap();
		drop(f);
		let (_journal, live) = Journal::open(dir.path()).unwrap();
		assert_eq!(live, vec![entry(1, 0), entry(3, 0)]);
		// Reopening rewrote the file with the live heartbeats only.
		assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
	}

	#[test]
	fn records_read_back_as_written() {
		for r in [Record::Accepted(entry(7, 9)), Record::Done(AccountId32::new([7; 32]), 9)] {
			assert_eq!(Record::parse(r.line().trim_end()), Some(r));
		}
		assert_eq!(Record::parse("A zz 1"), None);
	}
}
