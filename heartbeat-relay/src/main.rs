//! `metachain-heartbeat-relay`: the service devices post their signed heartbeats to.
//!
//! - `key generate | import | show`: the relay's sr25519 key (it signs the batches).
//! - `register` / `unregister`: hold or return the chain's `RelayDeposit`
//!   (`credit.register_relay`); entries the chain skips are paid for out of it.
//! - `status`: what the relay holds on chain.
//! - `run`: the HTTP service ([`server`]) and the submitter ([`submit`]), with the journal
//!   ([`journal`]) that keeps every accepted heartbeat across restarts.
//!
//! A device signs `("mc/hrtbt", genesis, device, period, relay)` for this relay (see
//! `GET /v1/relay`), posts it, and the relay checks the signature, the period, its duplicates
//! and the device's rate limit, journals it, asks the chain which of a batch it would take
//! (dropping the others, so the relay's deposit pays for nothing), and submits batches signed
//! by its key, several in flight. Its transactions are free for valid entries.

mod journal;
mod metrics;
mod queue;
mod server;
mod submit;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use metachain_device::{
	chain::{as_u128, Chain},
	keys, mc,
};
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

/// The MetaChain heartbeat relay.
#[derive(Parser)]
#[command(name = "metachain-heartbeat-relay", version, about)]
struct Cli {
	/// The node's WebSocket RPC.
	#[arg(long, env = "METACHAIN_URL", default_value = "ws://127.0.0.1:9944", global = true)]
	url: String,
	/// The relay's key file.
	#[arg(long, env = "METACHAIN_RELAY_KEY", default_value = "relay-key.json", global = true)]
	key: PathBuf,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// The relay's key.
	#[command(subcommand)]
	Key(keys::KeyCommand),
	/// Register as a relay: hold the chain's `RelayDeposit` (again: top it up).
	Register,
	/// Stop relaying and take back what is left of the deposit.
	Unregister,
	/// What the relay holds on chain.
	Status,
	/// Serve devices and submit their heartbeats.
	Run {
		/// Where to listen for devices.
		#[arg(long, default_value = "127.0.0.1:9955")]
		listen: SocketAddr,
		/// The journal's directory.
		#[arg(long, default_value = "relay-data")]
		data: PathBuf,
		/// Heartbeats a batch carries at most (default: the chain's `MaxHeartbeatsPerBatch`).
		#[arg(long)]
		max_batch: Option<usize>,
		/// Submit a partial batch once its oldest heartbeat waited this many milliseconds.
		#[arg(long, default_value_t = 2_000)]
		max_wait_ms: u64,
		/// Batches submitted and not yet final, at most.
		#[arg(long, default_value_t = 32)]
		max_in_flight: usize,
		/// Posts a device may make per window (correctly signed ones).
		#[arg(long, default_value_t = 10)]
		rate_limit: u32,
		/// The rate limit's window, in seconds.
		#[arg(long, default_value_t = 60)]
		rate_window: u64,
		/// Heartbeats waiting for a batch, at most (further posts: 503 `queue_full`).
		#[arg(long, default_value_t = 1_000_000)]
		max_queue: usize,
	},
}

/// What the service's parts share.
pub struct Relay {
	pub chain: Chain,
	pub key: keys::DeviceKey,
	pub genesis: [u8; 32],
	pub queue: std::sync::Mutex<queue::Queue>,
	pub journal: journal::Journal,
	pub metrics: metrics::Metrics,
	pub max_batch: usize,
	/// Wakes the submitter when a full batch waits.
	pub wake: tokio::sync::Notify,
	/// The chain's names of module errors by (pallet, error) index, so that a batch of entries
	/// skipped for one reason asks the node once (cleared every few seconds).
	pub error_names: std::sync::Mutex<std::collections::HashMap<(u8, u8), String>>,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}

/// The relay's deposit held on chain, if registered.
async fn held(chain: &Chain, key: &keys::DeviceKey) -> Result<Option<u128>> {
	let v = chain.storage_at("Credit", "Relays", &key.subxt_account()).await?;
	Ok(v.as_ref().and_then(|v| as_u128(Some(v))))
}

async fn main_inner(cli: Cli) -> Result<()> {
	match cli.command {
		Command::Key(k) => k.run(&cli.key)?,
		Command::Register => {
			let key = keys::load(&cli.key)?;
			let chain = Chain::connect(&cli.url).await?;
			let included = chain.submit("Credit", "register_relay", vec![], &key.pair).await?;
			println!("registered in block {}", included.block);
			if let Some(h) = held(&chain, &key).await? {
				println!("{} holds {}", key.address(), mc(h));
			}
		}
		Command::Unregister => {
			let key = keys::load(&cli.key)?;
			let chain = Chain::connect(&cli.url).await?;
			let included = chain.submit("Credit", "unregister_relay", vec![], &key.pair).await?;
			println!("unregistered in block {}", included.block);
		}
		Command::Status => {
			let key = keys::load(&cli.key)?;
			let chain = Chain::connect(&cli.url).await?;
			match held(&chain, &key).await? {
				Some(h) => println!("{}: a relay, holding {}", key.address(), mc(h)),
				None => println!("{}: not a relay (`register` it)", key.address()),
			}
		}
		Command::Run {
			listen,
			data,
			max_batch,
			max_wait_ms,
			max_in_flight,
			rate_limit,
			rate_window,
			max_queue,
		} => {
			let key = keys::load(&cli.key)?;
			let chain = Chain::connect(&cli.url).await?;
			if held(&chain, &key).await?.is_none() {
				return Err(chain.named_error("Credit", "NotRelay").await)
					.context(format!("{} must `register` first", key.address()));
			}
			let chain_max = chain.constant_u32("Credit", "MaxHeartbeatsPerBatch").await? as usize;
			let max_batch = max_batch.unwrap_or(chain_max).clamp(1, chain_max);
			let period = chain
				.api0("CreditApi", "current_period")
				.await?
				.as_u128()
				.context("the current period is not a number")? as u32;
			let (journal, live) = journal::Journal::open(&data)?;
			let limits = queue::Limits {
				rate_limit,
				rate_window_ms: rate_window.saturating_mul(1_000),
				max_queue,
			};
			let mut queue = queue::Queue::new(limits, period);
			let recovered = live.len();
			for entry in live {
				queue.push(entry);
			}
			let genesis = chain.genesis_hash();
			let relay = Arc::new(Relay {
				chain,
				key,
				genesis,
				queue: std::sync::Mutex::new(queue),
				journal,
				metrics: metrics::Metrics::new(),
				max_batch,
				wake: tokio::sync::Notify::new(),
				error_names: Default::default(),
			});
			relay.metrics.queue_length.set(recovered as i64);
			println!(
				"metachain-heartbeat-relay {} against {} (period {period}, batches of {max_batch}); \
				 {recovered} heartbeats recovered from {}",
				relay.key.address(),
				cli.url,
				data.display()
			);
			let settings =
				submit::Settings { max_wait: Duration::from_millis(max_wait_ms), max_in_flight };
			tokio::spawn(submit::run(relay.clone(), settings));
			let pruner = relay.clone();
			tokio::spawn(async move {
				loop {
					tokio::time::sleep(Duration::from_secs(60)).await;
					pruner.queue.lock().expect("not poisoned").prune(now_ms());
				}
			});
			tokio::select! {
				served = server::serve(relay, listen) => served?,
				_ = tokio::signal::ctrl_c() => println!("stopped"),
			}
		}
	}
	Ok(())
}

#[tokio::main]
async fn main() {
	metachain_device::exit_with(main_inner(Cli::parse()).await);
}
