//! The relay's memory: heartbeats waiting for a batch, what became of each device's heartbeat
//! of the current period (for deduplication and for devices that ask), and the per-device rate
//! limit. Pure bookkeeping, no I/O: the journal makes it durable, the submitter drives it.

use sp_core::crypto::AccountId32;
use std::collections::{HashMap, VecDeque};

/// A heartbeat the relay accepted: what goes into a batch entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
	pub device: AccountId32,
	pub period: u32,
	pub signature: [u8; 64],
	/// When the relay accepted it (milliseconds since the Unix epoch), for inclusion latency.
	pub accepted_ms: u64,
}

/// Where a device's heartbeat of a period is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
	/// Waiting for a batch.
	Queued,
	/// In a batch the relay submitted.
	Submitted,
	/// In a block (its hash).
	Included(String),
	/// The chain would not take it, or skipped it (the chain's name for why).
	Rejected(String),
}

/// Why the relay does not take a heartbeat at its door.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
	/// Not for the current credit period.
	WrongPeriod,
	/// This device's heartbeat of this period is already with the relay.
	Duplicate,
	/// The device posted more than the rate limit allows.
	RateLimited,
	/// The queue is full.
	QueueFull,
}

impl Refusal {
	/// The label of the refusal in metrics and answers.
	pub fn label(self) -> &'static str {
		match self {
			Refusal::WrongPeriod => "wrong_period",
			Refusal::Duplicate => "duplicate",
			Refusal::RateLimited => "rate_limited",
			Refusal::QueueFull => "queue_full",
		}
	}
}

/// The relay's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// Posts a device may make in [`Self::rate_window_ms`] (correctly signed ones: nobody can
	/// use up another device's allowance without its key).
	pub rate_limit: u32,
	/// The rate limit's window.
	pub rate_window_ms: u64,
	/// The most heartbeats waiting for a batch.
	pub max_queue: usize,
}

/// The relay's memory.
pub struct Queue {
	limits: Limits,
	/// Heartbeats waiting for a batch, oldest first.
	pending: VecDeque<Entry>,
	/// Each device's latest heartbeat: its period and stage.
	known: HashMap<AccountId32, (u32, Stage)>,
	/// Each device's posts in its current window: (window start, posts).
	posts: HashMap<AccountId32, (u64, u32)>,
	/// The current credit period, as last read from the chain.
	period: u32,
}

impl Queue {
	/// An empty queue at `period`.
	pub fn new(limits: Limits, period: u32) -> Self {
		Self {
			limits,
			pending: VecDeque::new(),
			known: HashMap::new(),
			posts: HashMap::new(),
			period,
		}
	}

	/// The current credit period.
	pub fn period(&self) -> u32 {
		self.period
	}

	/// Heartbeats waiting for a batch.
	pub fn len(&self) -> usize {
		self.pending.len()
	}

	/// When the oldest waiting heartbeat was accepted.
	pub fn oldest_ms(&self) -> Option<u64> {
		self.pending.front().map(|e| e.accepted_ms)
	}

	/// The chain is in `period` now: heartbeats of earlier periods are worthless. Returns the
	/// waiting ones dropped (to be forgotten by the journal).
	pub fn set_period(&mut self, period: u32) -> Vec<Entry> {
		if period <= self.period {
			return Vec::new();
		}
		self.period = period;
		let (stale, keep): (Vec<_>, Vec<_>) =
			self.pending.drain(..).partition(|e| e.period < period);
		self.pending = keep.into();
		self.known.retain(|_, (p, _)| *p >= period);
		stale
	}

	/// Whether `device` may post now (and count the post). Windows older than the limit's
	/// window are forgotten by [`Self::prune`].
	pub fn allow_post(&mut self, device: &AccountId32, now_ms: u64) -> Result<(), Refusal> {
		let (start, count) = self.posts.entry(device.clone()).or_insert((now_ms, 0));
		if now_ms.saturating_sub(*start) >= self.limits.rate_window_ms {
			*start = now_ms;
			*count = 0;
		}
		if *count >= self.limits.rate_limit {
			return Err(Refusal::RateLimited);
		}
		*count += 1;
		Ok(())
	}

	/// Whether a correctly signed heartbeat of `device` for `period` would be taken.
	pub fn check(&self, device: &AccountId32, period: u32) -> Result<(), Refusal> {
		if period != self.period {
			return Err(Refusal::WrongPeriod);
		}
		if matches!(self.known.get(device), Some((p, stage)) if *p == period && !matches!(stage, Stage::Rejected(_)))
		{
			return Err(Refusal::Duplicate);
		}
		if self.pending.len() >= self.limits.max_queue {
			return Err(Refusal::QueueFull);
		}
		Ok(())
	}

	/// Hold `device`'s place for `period` while its heartbeat is journaled (a second post of
	/// it meanwhile is a duplicate).
	pub fn reserve(&mut self, device: &AccountId32, period: u32) {
		self.known.insert(device.clone(), (period, Stage::Queued));
	}

	/// Give up a place [`Self::reserve`] held (the journal failed).
	pub fn release(&mut self, device: &AccountId32, period: u32) {
		if matches!(self.known.get(device), Some((p, Stage::Queued)) if *p == period) {
			self.known.remove(device);
		}
	}

	/// Queue a heartbeat (checked with [`Self::check`] and journaled).
	pub fn push(&mut self, entry: Entry) {
		self.known.insert(entry.device.clone(), (entry.period, Stage::Queued));
		self.pending.push_back(entry);
	}

	/// Up to `max` waiting heartbeats of the current period, oldest first, marked submitted.
	pub fn take(&mut self, max: usize) -> Vec<Entry> {
		let n = max.min(self.pending.len());
		let batch: Vec<Entry> = self.pending.drain(..n).collect();
		for e in &batch {
			self.set_stage(&e.device, e.period, Stage::Submitted);
		}
		batch
	}

	/// Put heartbeats back at the front (a batch that did not make it into a block).
	pub fn requeue(&mut self, entries: Vec<Entry>) {
		for e in entries.into_iter().rev() {
			if e.period == self.period {
				self.set_stage(&e.device, e.period, Stage::Queued);
				self.pending.push_front(e);
			}
		}
	}

	/// Record where `device`'s heartbeat of `period` is.
	pub fn set_stage(&mut self, device: &AccountId32, period: u32, stage: Stage) {
		if period >= self.period {
			self.known.insert(device.clone(), (period, stage));
		}
	}

	/// `device`'s latest heartbeat known to the relay: its period and stage.
	pub fn stage(&self, device: &AccountId32) -> Option<(u32, Stage)> {
		self.known.get(device).cloned()
	}

	/// Forget rate-limit windows that ended before `now_ms` (keeps memory bounded by the
	/// devices that posted within a window).
	pub fn prune(&mut self, now_ms: u64) {
		let window = self.limits.rate_window_ms;
		self.posts.retain(|_, (start, _)| now_ms.saturating_sub(*start) < window);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn limits() -> Limits {
		Limits { rate_limit: 3, rate_window_ms: 60_000, max_queue: 4 }
	}

	fn entry(d: u8, period: u32) -> Entry {
		Entry { device: AccountId32::new([d; 32]), period, signature: [d; 64], accepted_ms: 0 }
	}

	#[test]
	fn a_heartbeat_is_taken_once_a_period_and_only_for_the_current_one() {
		let mut q = Queue::new(limits(), 5);
		let a = AccountId32::new([1; 32]);
		assert_eq!(q.check(&a, 4), Err(Refusal::WrongPeriod));
		assert_eq!(q.check(&a, 6), Err(Refusal::WrongPeriod));
		assert_eq!(q.check(&a, 5), Ok(()));
		q.push(entry(1, 5));
		assert_eq!(q.check(&a, 5), Err(Refusal::Duplicate));
		// Once the chain rejects it, the device may try again (a fixed key, say).
		q.set_stage(&a, 5, Stage::Rejected("Credit::NotRegistered".into()));
		assert_eq!(q.check(&a, 5), Ok(()));
		// The next period: stale heartbeats are dropped and the device may post again.
		q.push(entry(2, 5));
		let stale = q.set_period(6);
		assert_eq!(stale.len(), 2);
		assert_eq!(q.len(), 0);
		assert_eq!(q.check(&a, 6), Ok(()));
	}

	#[test]
	fn a_device_posts_at_most_the_rate_limit_in_a_window() {
		let mut q = Queue::new(limits(), 0);
		let a = AccountId32::new([1; 32]);
		let b = AccountId32::new([2; 32]);
		for _ in 0..3 {
			assert_eq!(q.allow_post(&a, 1_000), Ok(()));
		}
		assert_eq!(q.allow_post(&a, 2_000), Err(Refusal::RateLimited));
		assert_eq!(q.allow_post(&b, 2_000), Ok(()), "another device has its own allowance");
		assert_eq!(q.allow_post(&a, 61_000), Ok(()), "a new window");
		q.prune(200_000);
		assert!(q.posts.is_empty());
	}

	#[test]
	fn batches_take_the_oldest_and_a_failed_batch_goes_back_in_front() {
		let mut q = Queue::new(limits(), 0);
		for d in 1..=4 {
			q.push(entry(d, 0));
		}
		assert_eq!(q.check(&AccountId32::new([9; 32]), 0), Err(Refusal::QueueFull));
		let first = q.take(3);
		assert_eq!(first.iter().map(|e| e.signature[0]).collect::<Vec<_>>(), vec![1, 2, 3]);
		assert_eq!(q.stage(&AccountId32::new([1; 32])), Some((0, Stage::Submitted)));
		q.requeue(first);
		assert_eq!(q.take(10).iter().map(|e| e.signature[0]).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
	}
}
