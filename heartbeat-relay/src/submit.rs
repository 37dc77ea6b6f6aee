//! From the queue to the chain: batches of up to `MaxHeartbeatsPerBatch` heartbeats, checked
//! against the chain first (`CreditApi::heartbeat_readiness`: entries the chain would skip are
//! dropped, since the relay would pay for them, and the witness of their classes is counted), signed by
//! the relay with consecutive nonces, several in flight at once, watched until final.

use crate::{
	journal::Record,
	queue::{Entry, Stage},
	Relay,
};
use anyhow::{anyhow, Context, Result};
use metachain_device::chain::{as_account, field};
use std::{sync::Arc, time::Duration};
use subxt::{
	dynamic::Value,
	ext::scale_value::{Composite, ValueDef},
	tx::TransactionStatus,
};
use tokio::sync::Semaphore;

/// How often the relay reads the chain's current period.
const PERIOD_EVERY: Duration = Duration::from_secs(3);

/// The submitter's settings.
pub struct Settings {
	/// Submit a partial batch once its oldest heartbeat waited this long.
	pub max_wait: Duration,
	/// The most batches submitted and not yet final.
	pub max_in_flight: usize,
}

/// Run the submitter until the process stops.
pub async fn run(relay: Arc<Relay>, settings: Settings) {
	let slots = Arc::new(Semaphore::new(settings.max_in_flight.max(1)));
	let mut nonce: Option<u64> = None;
	let mut period_read = tokio::time::Instant::now() - PERIOD_EVERY;
	loop {
		if period_read.elapsed() >= PERIOD_EVERY {
			match relay.chain.api0("CreditApi", "current_period").await {
				Ok(v) => {
					// Names read from the metadata are kept until the next look at the chain
					// (a runtime upgrade may renumber errors).
					relay.error_names.lock().expect("not poisoned").clear();
					if let Some(p) = v.as_u128() {
						advance_period(&relay, p as u32).await;
					}
					period_read = tokio::time::Instant::now();
				}
				Err(e) => eprintln!("reading the current period: {e:#}"),
			}
		}
		let due = {
			let q = relay.queue.lock().expect("not poisoned");
			q.len() >= relay.max_batch
				|| q.oldest_ms().is_some_and(|t| {
					crate::now_ms().saturating_sub(t) >= settings.max_wait.as_millis() as u64
				})
		};
		if !due {
			tokio::select! {
				_ = relay.wake.notified() => {},
				_ = tokio::time::sleep(Duration::from_millis(200)) => {},
			}
			continue;
		}
		let permit = slots.clone().acquire_owned().await.expect("never closed");
		let batch = relay.queue.lock().expect("not poisoned").take(relay.max_batch);
		if batch.is_empty() {
			continue;
		}
		let verdicts = match readiness(&relay, &batch).await {
			Ok(v) => v,
			Err(e) => {
				retry_later(&relay, "asking the chain about a batch", e, batch).await;
				continue;
			}
		};
		let (entries, witness) = match sort(&relay, batch, verdicts).await {
			Ok(ready) => ready,
			Err(e) => {
				eprintln!("journal: {e:#}");
				continue;
			}
		};
		if entries.is_empty() {
			continue;
		}
		let n = match nonce {
			Some(n) => n,
			None => match relay.chain.nonce(&relay.key.pair).await {
				Ok(n) => n,
				Err(e) => {
					retry_later(&relay, "reading the relay's nonce", e, entries).await;
					continue;
				}
			},
		};
		let fields = vec![batch_value(&entries), witness.value()];
		match relay
			.chain
			.submit_watch("Credit", "submit_heartbeats", fields, &relay.key.pair, Some(n))
			.await
		{
			Ok(progress) => {
				nonce = Some(n + 1);
				relay.metrics.in_flight.inc();
				let relay = relay.clone();
				tokio::spawn(async move {
					watch(&relay, progress, entries).await;
					relay.metrics.in_flight.dec();
					drop(permit);
				});
			}
			Err(e) => {
				// The pool refused it (a nonce another transaction of the relay's key used, a
				// deposit that no longer covers a batch, ...): read the nonce again, retry.
				eprintln!("batch of {} refused by the pool: {e:#}", entries.len());
				relay.metrics.batches.with_label_values(&["refused"]).inc();
				nonce = None;
				relay.queue.lock().expect("not poisoned").requeue(entries);
				tokio::time::sleep(Duration::from_secs(1)).await;
			}
		}
		relay.metrics.queue_length.set(relay.queue.lock().expect("not poisoned").len() as i64);
	}
}

/// The chain is in `period`: forget heartbeats of earlier periods (in the journal too).
async fn advance_period(relay: &Relay, period: u32) {
	let stale = relay.queue.lock().expect("not poisoned").set_period(period);
	if stale.is_empty() {
		return;
	}
	for _ in &stale {
		relay.metrics.reject("check", "stale");
	}
	let done = stale.into_iter().map(|e| Record::Done(e.device, e.period)).collect();
	if let Err(e) = relay.journal.write(done).await {
		eprintln!("journal: {e:#}");
	}
}

/// Put `entries` back in the queue and wait a second (the chain or the node failed).
async fn retry_later(relay: &Relay, what: &str, error: anyhow::Error, entries: Vec<Entry>) {
	eprintln!("{what}: {error:#}");
	relay.queue.lock().expect("not poisoned").requeue(entries);
	tokio::time::sleep(Duration::from_secs(1)).await;
}

/// What the chain says of a batch entry before it is submitted.
enum Verdict {
	/// It would be taken, with this class.
	Ready(Class),
	/// It would be skipped, for this reason (the chain's name).
	Skipped(String),
	/// The chain answered for fewer devices (a smaller `MaxHeartbeatsPerBatch`).
	Unanswered,
}

/// Ask the chain which of `batch` it would take now (`CreditApi::heartbeat_readiness`).
async fn readiness(relay: &Relay, batch: &[Entry]) -> Result<Vec<Verdict>> {
	let accounts: Vec<subxt::utils::AccountId32> =
		batch.iter().map(|e| subxt::utils::AccountId32(*e.device.as_ref())).collect();
	let answer = relay.chain.api_call("CreditApi", "heartbeat_readiness", (accounts,)).await?;
	let ValueDef::Composite(items) = &answer.value else {
		return Err(anyhow!("heartbeat_readiness answered {answer}"));
	};
	let items: Vec<&Value> = items.values().collect();
	let mut verdicts = Vec::with_capacity(batch.len());
	for i in 0..batch.len() {
		let Some(item) = items.get(i) else {
			verdicts.push(Verdict::Unanswered);
			continue;
		};
		verdicts.push(match &item.value {
			ValueDef::Variant(v) if v.name == "Ok" => {
				Verdict::Ready(v.values.values().next().map_or(Class::Heavy, Class::from_value))
			}
			ValueDef::Variant(v) if v.name == "Err" => {
				Verdict::Skipped(match v.values.values().next() {
					Some(e) => dispatch_error_name(relay, e).await,
					None => "unknown".into(),
				})
			}
			_ => return Err(anyhow!("heartbeat_readiness answered {item}")),
		});
	}
	Ok(verdicts)
}

/// Keep the entries the chain would take (with the witness of their classes); record the
/// others as rejected and done; put unanswered ones back for the next batch.
async fn sort(
	relay: &Relay,
	batch: Vec<Entry>,
	verdicts: Vec<Verdict>,
) -> Result<(Vec<Entry>, Witness)> {
	let mut ready = Vec::new();
	let mut witness = Witness::default();
	let mut done = Vec::new();
	{
		let mut q = relay.queue.lock().expect("not poisoned");
		for (entry, verdict) in batch.into_iter().zip(verdicts) {
			match verdict {
				Verdict::Ready(class) => {
					witness.count(class);
					ready.push(entry);
				}
				Verdict::Skipped(reason) => {
					relay.metrics.reject("check", &reason);
					q.set_stage(&entry.device, entry.period, Stage::Rejected(reason));
					done.push(Record::Done(entry.device, entry.period));
				}
				Verdict::Unanswered => q.requeue(vec![entry]),
			}
		}
	}
	if !done.is_empty() {
		relay.journal.write(done).await.context("journal")?;
	}
	Ok((ready, witness))
}

/// How a heartbeat weighs on the chain (`HeartbeatClass`, from `heartbeat_readiness`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
	/// A device that does not delegate.
	Light,
	/// A delegating device taken with the others of its validator (the group, as bytes).
	Grouped(Vec<u8>),
	/// The full work.
	Heavy,
}

impl Class {
	/// Read a `HeartbeatClass` value (anything else counts as heavy: never under-declared).
	fn from_value(value: &Value) -> Self {
		match &value.value {
			ValueDef::Variant(v) if v.name == "Light" => Class::Light,
			ValueDef::Variant(v) if v.name == "Grouped" => match v.values.values().next() {
				Some(group) => Class::Grouped(group.to_string().into_bytes()),
				None => Class::Heavy,
			},
			_ => Class::Heavy,
		}
	}
}

/// A batch's `HeartbeatWitness`: its entries by class, and the groups of the grouped ones.
#[derive(Default, Debug)]
pub struct Witness {
	grouped: u32,
	groups: std::collections::BTreeSet<Vec<u8>>,
	heavy: u32,
}

impl Witness {
	/// Count one entry of `class`.
	pub fn count(&mut self, class: Class) {
		match class {
			Class::Light => {}
			Class::Grouped(group) => {
				self.grouped += 1;
				self.groups.insert(group);
			}
			Class::Heavy => self.heavy += 1,
		}
	}

	/// The `witness` argument of `submit_heartbeats`.
	fn value(&self) -> Value {
		Value::named_composite([
			("grouped", Value::u128(self.grouped.into())),
			("groups", Value::u128(self.groups.len() as u128)),
			("heavy", Value::u128(self.heavy.into())),
		])
	}
}

/// The chain's name for a `DispatchError` value: `Credit::NotRegistered` for a module error.
pub async fn dispatch_error_name(relay: &Relay, error: &Value) -> String {
	let ValueDef::Variant(v) = &error.value else { return error.to_string() };
	if v.name != "Module" {
		return v.name.clone();
	}
	let module = v.values.values().next();
	let index = module.and_then(|m| field(m, "index")).and_then(|i| i.as_u128());
	let first_byte = module.and_then(|m| field(m, "error")).and_then(|bytes| match &bytes.value {
		ValueDef::Composite(Composite::Unnamed(b)) => b.first().and_then(|b| b.as_u128()),
		_ => None,
	});
	let (Some(p), Some(e)) = (index, first_byte) else { return error.to_string() };
	let key = (p as u8, e as u8);
	if let Some(name) = relay.error_names.lock().expect("not poisoned").get(&key) {
		return name.clone();
	}
	let name = relay
		.chain
		.module_error_name(key.0, key.1)
		.await
		.unwrap_or_else(|| format!("module {p} error {e}"));
	relay.error_names.lock().expect("not poisoned").insert(key, name.clone());
	name
}

/// The `heartbeats` argument of `submit_heartbeats`.
fn batch_value(entries: &[Entry]) -> Value {
	Value::unnamed_composite(entries.iter().map(|e| {
		Value::named_composite([
			("device", Value::from_bytes(<[u8; 32]>::from(e.device.clone()))),
			("period", Value::u128(e.period.into())),
			("signature", Value::unnamed_variant("Sr25519", [Value::from_bytes(e.signature)])),
		])
	}))
}

/// Follow a submitted batch: at its best block, record what became of each heartbeat; once
/// final, mark them done in the journal. A batch that falls out of the pool goes back to the
/// queue (what a block already took is then refused by the readiness check, not paid twice).
async fn watch(
	relay: &Relay,
	mut progress: metachain_device::chain::Progress,
	entries: Vec<Entry>,
) {
	let mut seen = false;
	while let Some(status) = progress.next().await {
		match status {
			Ok(TransactionStatus::InBestBlock(in_block)) => {
				if !seen {
					seen = true;
					record(relay, &relay.chain.included(&in_block).await, &entries).await;
				}
			}
			Ok(TransactionStatus::InFinalizedBlock(in_block)) => {
				if !seen {
					record(relay, &relay.chain.included(&in_block).await, &entries).await;
				}
				relay.metrics.batches.with_label_values(&["included"]).inc();
				let done =
					entries.iter().map(|e| Record::Done(e.device.clone(), e.period)).collect();
				if let Err(e) = relay.journal.write(done).await {
					eprintln!("journal: {e:#}");
				}
				return;
			}
			Ok(TransactionStatus::Invalid { message })
			| Ok(TransactionStatus::Dropped { message })
			| Ok(TransactionStatus::Error { message }) => {
				eprintln!("a batch of {} left the pool: {message}", entries.len());
				break;
			}
			Ok(_) => {}
			Err(e) => {
				eprintln!("watching a batch: {e}");
				break;
			}
		}
	}
	relay.metrics.batches.with_label_values(&["dropped"]).inc();
	relay.queue.lock().expect("not poisoned").requeue(entries);
	relay.wake.notify_one();
}

/// What a block did with a batch's heartbeats.
async fn record(
	relay: &Relay,
	included: &Result<metachain_device::chain::Included>,
	entries: &[Entry],
) {
	let now = crate::now_ms();
	let accepted_at: std::collections::HashMap<_, _> =
		entries.iter().map(|e| (e.device.clone(), e.accepted_ms)).collect();
	let period = entries.first().map(|e| e.period).unwrap_or_default();
	let included = match included {
		Ok(i) => i,
		Err(e) => {
			// The batch itself failed in the block: none of it counted.
			let reason = e
				.downcast_ref::<metachain_device::chain::Refused>()
				.map(|r| r.name.clone())
				.unwrap_or_else(|| "dispatch".into());
			eprintln!("a batch failed in its block: {e:#}");
			let mut q = relay.queue.lock().expect("not poisoned");
			for entry in entries {
				relay.metrics.reject("block", &reason);
				q.set_stage(&entry.device, entry.period, Stage::Rejected(reason.clone()));
			}
			return;
		}
	};
	// The chain tells each skipped entry (`HeartbeatSkipped`) and the batch's count
	// (`HeartbeatsRelayed`): every other entry of an applied batch was taken.
	let mut skipped = std::collections::HashSet::new();
	let mut applied = false;
	for event in &included.events {
		let Some(value) = &event.value else { continue };
		if event.pallet != "Credit" {
			continue;
		}
		let device = || as_account(field(value, "device"));
		match event.name.as_str() {
			"HeartbeatSkipped" => {
				let Some(device) = device() else { continue };
				skipped.insert(device.clone());
				let reason = match field(value, "reason") {
					Some(r) => dispatch_error_name(relay, r).await,
					None => "unknown".into(),
				};
				relay.metrics.reject("block", &reason);
				relay.queue.lock().expect("not poisoned").set_stage(
					&device,
					period,
					Stage::Rejected(reason),
				);
			}
			"HeartbeatsRelayed" => {
				applied = true;
				if let Some(charged) = field(value, "charged").and_then(|c| c.as_u128()) {
					relay.metrics.charged.inc_by(charged.min(u64::MAX as u128) as u64);
				}
			}
			_ => {}
		}
	}
	if !applied {
		return;
	}
	let mut q = relay.queue.lock().expect("not poisoned");
	for (device, at) in accepted_at.iter().filter(|(d, _)| !skipped.contains(*d)) {
		relay.metrics.included.inc();
		relay.metrics.inclusion_latency.observe(now.saturating_sub(*at) as f64 / 1e3);
		q.set_stage(device, period, Stage::Included(included.block.clone()));
	}
}
