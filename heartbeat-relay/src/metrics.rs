//! The relay's Prometheus metrics, served at `GET /metrics`.

use prometheus::{
	Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
	TextEncoder,
};

/// Every metric of the relay.
pub struct Metrics {
	registry: Registry,
	/// Heartbeats accepted at the door (journaled).
	pub accepted: IntCounter,
	/// Heartbeats not taken, by stage (`intake`: at the door; `check`: the chain's readiness
	/// check before a batch; `block`: skipped in the block) and reason.
	pub rejected: IntCounterVec,
	/// Heartbeats in a block.
	pub included: IntCounter,
	/// Batches by outcome (`included`, `refused` by the pool, `dropped` before a block).
	pub batches: IntCounterVec,
	/// Seconds from a heartbeat's acceptance to the best block that included it.
	pub inclusion_latency: Histogram,
	/// Heartbeats waiting for a batch.
	pub queue_length: IntGauge,
	/// Batches submitted and not yet final.
	pub in_flight: IntGauge,
	/// Plancks the chain charged the relay's deposit for skipped entries.
	pub charged: IntCounter,
}

impl Metrics {
	pub fn new() -> Self {
		let registry = Registry::new();
		let accepted = IntCounter::new(
			"metachain_relay_heartbeats_accepted_total",
			"Heartbeats accepted and journaled",
		)
		.expect("valid metric");
		let rejected = IntCounterVec::new(
			Opts::new("metachain_relay_heartbeats_rejected_total", "Heartbeats not taken"),
			&["stage", "reason"],
		)
		.expect("valid metric");
		let included = IntCounter::new(
			"metachain_relay_heartbeats_included_total",
			"Heartbeats included in a block",
		)
		.expect("valid metric");
		let batches = IntCounterVec::new(
			Opts::new("metachain_relay_batches_total", "Batches submitted, by outcome"),
			&["outcome"],
		)
		.expect("valid metric");
		let inclusion_latency = Histogram::with_opts(
			HistogramOpts::new(
				"metachain_relay_inclusion_latency_seconds",
				"From a heartbeat's acceptance to the best block that included it",
			)
			.buckets(vec![1.0, 2.0, 4.0, 6.0, 9.0, 12.0, 18.0, 24.0, 36.0, 60.0, 120.0, 300.0]),
		)
		.expect("valid metric");
		let queue_length =
			IntGauge::new("metachain_relay_queue_length", "Heartbeats waiting for a batch")
				.expect("valid metric");
		let in_flight = IntGauge::new(
			"metachain_relay_batches_in_flight",
			"Batches submitted and not yet final",
		)
		.expect("valid metric");
		let charged = IntCounter::new(
			"metachain_relay_charged_plancks_total",
			"Plancks of the relay's deposit charged for skipped entries",
		)
		.expect("valid metric");
		for m in [
			Box::new(accepted.clone()) as Box<dyn prometheus::core::Collector>,
			Box::new(rejected.clone()),
			Box::new(included.clone()),
			Box::new(batches.clone()),
			Box::new(inclusion_latency.clone()),
			Box::new(queue_length.clone()),
			Box::new(in_flight.clone()),
			Box::new(charged.clone()),
		] {
			registry.register(m).expect("each metric registered once");
		}
		Self {
			registry,
			accepted,
			rejected,
			included,
			batches,
			inclusion_latency,
			queue_length,
			in_flight,
			charged,
		}
	}

	/// Count a heartbeat not taken at `stage` for `reason`.
	pub fn reject(&self, stage: &str, reason: &str) {
		self.rejected.with_label_values(&[stage, reason]).inc();
	}

	/// The metrics in Prometheus' text format.
	pub fn render(&self) -> String {
		let mut out = Vec::new();
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
		String::from_utf8(out).unwrap_or_default()
	}
}
