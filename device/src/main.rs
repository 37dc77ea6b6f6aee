//! `metachain-device`: the program a DVPN client or smart home gateway runs to take part in
//! MetaChain's proof of credit.
//!
//! - `key generate | import | show`: the device's sr25519 key, in a file only its owner reads.
//! - `register`: register with the invitation a device (or the chain) gave this address.
//! - `heartbeat`: send this credit period's heartbeat (free when valid), or post it to a heartbeat
//!   relay (`--relay`), signed for that relay, and wait for the relay to get it into a block.
//! - `run`: a daemon sending one heartbeat per credit period, with retries and backoff, its
//!   progress in a state file.
//! - `delegate`, `redelegate`, `undelegate`, `claim`: back a validator and collect rewards.
//! - `status`: what the chain says of the device (`--json` for scripts).
//! - `receipt sign` (a buyer of a MUSD service) and `receipt redeem` (the device that served it).
//!
//! Everything goes through the chain's metadata (subxt, no generated types), and every refusal
//! is printed with the chain's name for it and what it means.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use metachain_device::{
	chain::{self, as_account, as_u128, field, some, variant_name, Chain, Refused},
	heartbeat, keys, mc, receipt, state,
};
use std::{
	path::{Path, PathBuf},
	time::Duration,
};
use subxt::dynamic::Value;

/// The MetaChain device agent.
#[derive(Parser)]
#[command(name = "metachain-device", version, about)]
struct Cli {
	/// The node's WebSocket RPC.
	#[arg(long, env = "METACHAIN_URL", default_value = "ws://127.0.0.1:9944", global = true)]
	url: String,
	/// The device's key file.
	#[arg(long, env = "METACHAIN_DEVICE_KEY", default_value = "device-key.json", global = true)]
	key: PathBuf,
	/// The agent's state file (default: `device-state.json` beside the key).
	#[arg(long, env = "METACHAIN_DEVICE_STATE", global = true)]
	state: Option<PathBuf>,
	/// Send heartbeats through this heartbeat relay (`http://host:port`) instead of as the
	/// device's own free transactions.
	#[arg(long, env = "METACHAIN_RELAY_URL", global = true)]
	relay: Option<String>,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// The device's key.
	#[command(subcommand)]
	Key(keys::KeyCommand),
	/// Register this device with its invitation (the chain's `Credit.register_device`).
	Register {
		/// What the device is.
		#[arg(long, value_enum)]
		kind: Kind,
	},
	/// Send this credit period's heartbeat once.
	Heartbeat,
	/// Run as a daemon: one heartbeat per credit period, retried with backoff.
	Run {
		/// Seconds between checks of the chain (a credit period is several blocks).
		#[arg(long, default_value_t = 12)]
		interval: u64,
		/// The longest wait between retries after errors, in seconds.
		#[arg(long, default_value_t = 300)]
		max_backoff: u64,
	},
	/// Back `validator` with this device's stake and credit.
	Delegate { validator: String },
	/// Move this device's backing to `validator`.
	Redelegate { validator: String },
	/// Stop backing a validator (pending rewards are paid first).
	Undelegate,
	/// Collect this device's pending rewards.
	Claim,
	/// MUSD service receipts.
	#[command(subcommand)]
	Receipt(ReceiptCommand),
	/// What the chain says of this device.
	Status {
		/// Print JSON instead of text.
		#[arg(long)]
		json: bool,
	},
}

#[derive(Subcommand)]
enum ReceiptCommand {
	/// As the buyer: sign that `provider` has delivered `cumulative` MUSD units (6 decimals) of
	/// `order` so far; prints the signed receipt as JSON for the provider.
	Sign {
		#[arg(long)]
		order: u64,
		#[arg(long)]
		provider: String,
		#[arg(long)]
		cumulative: u128,
		/// The chain's genesis hash, to sign without a node (default: asked of the node).
		#[arg(long)]
		genesis: Option<String>,
	},
	/// As the provider: redeem a signed receipt (the JSON `receipt sign` printed, in a file).
	Redeem { file: PathBuf },
}

/// What a device is.
#[derive(Clone, Copy, ValueEnum)]
enum Kind {
	/// A decentralized-VPN client.
	DvpnClient,
	/// A smart home gateway.
	SmartGateway,
}

impl Kind {
	fn variant(self) -> &'static str {
		match self {
			Kind::DvpnClient => "DvpnClient",
			Kind::SmartGateway => "SmartGateway",
		}
	}
}

fn account_value(account: &sp_core::crypto::AccountId32) -> Value {
	Value::from_bytes(<[u8; 32]>::from(account.clone()))
}

fn print_included(what: &str, included: &chain::Included) {
	println!("{what}: included in block {}", included.block);
	for e in &included.events {
		if e.pallet != "System" && e.pallet != "TransactionPayment" {
			println!("  {}.{} {}", e.pallet, e.name, e.fields);
		}
	}
}

struct Agent {
	chain: Chain,
	key: keys::DeviceKey,
	/// The heartbeat relay to post heartbeats to, if any.
	relay: Option<String>,
}

/// How long the agent waits for its relay to get a heartbeat into a block before it posts it
/// again (a relay restarting keeps it: the post is then a `duplicate`).
const RELAY_WAIT: Duration = Duration::from_secs(120);

impl Agent {
	async fn open(cli: &Cli) -> Result<Self> {
		let key = keys::load(&cli.key)?;
		let chain = Chain::connect(&cli.url).await?;
		let relay = cli.relay.as_ref().map(|r| r.trim_end_matches('/').to_string());
		Ok(Self { chain, key, relay })
	}

	/// Post `period`'s heartbeat to `relay` and wait until the relay reports it in a block;
	/// returns that block's hash.
	async fn heartbeat_via_relay(&self, relay: &str, period: u64) -> Result<String> {
		use metachain_device::http;
		let (status, info) = http::json(http::Method::GET, &format!("{relay}/v1/relay"), None)
			.await
			.context("asking the relay who it is")?;
		if status != 200 {
			bail!("the relay answered {status} to /v1/relay: {info}");
		}
		let genesis = receipt::parse_hash(info["genesis"].as_str().unwrap_or_default())
			.context("the relay's genesis hash")?;
		if genesis != self.chain.genesis_hash() {
			bail!("the relay at {relay} serves another chain (genesis {})", info["genesis"]);
		}
		let relay_account = keys::parse_account(info["relay_hex"].as_str().unwrap_or_default())
			.context("the relay's account")?;
		let posted = heartbeat::sign(&self.key.pair, &genesis, period as u32, &relay_account);
		let (status, answer) = http::json(
			http::Method::POST,
			&format!("{relay}/v1/heartbeats"),
			Some(&serde_json::to_value(&posted)?),
		)
		.await
		.context("posting the heartbeat")?;
		let reason = answer["reason"].as_str().unwrap_or_default();
		// Accepted now, or earlier (a retry after a lost answer): either way it is queued.
		if status != 202 && reason != "duplicate" {
			return Err(Refused {
				name: format!("relay::{reason}"),
				detail: format!("the relay answered {status}: {answer}"),
			}
			.into());
		}
		let mine = format!("{relay}/v1/heartbeats/{}", self.key.address());
		let deadline = tokio::time::Instant::now() + RELAY_WAIT;
		while tokio::time::Instant::now() < deadline {
			tokio::time::sleep(Duration::from_secs(2)).await;
			let (_, s) = http::json(http::Method::GET, &mine, None).await?;
			if s["period"].as_u64() != Some(period) {
				continue;
			}
			match s["stage"].as_str() {
				Some("included") => return Ok(s["detail"].as_str().unwrap_or_default().into()),
				Some("rejected") => {
					let name = s["detail"].as_str().unwrap_or("rejected").to_string();
					let detail = match name.split_once("::") {
						Some((pallet, error)) => self.chain.named_error(pallet, error).await.detail,
						None => String::new(),
					};
					return Err(Refused { name, detail }.into());
				}
				_ => {}
			}
		}
		bail!("the relay did not get the heartbeat into a block within {} s", RELAY_WAIT.as_secs())
	}

	/// The device's status: the `Credit.device` view function (what `CreditApi::device`
	/// answers), read from the metadata's types.
	async fn device(&self) -> Result<Option<Value>> {
		let v = self.chain.view("Credit", "device", (self.key.subxt_account(),)).await?;
		Ok(some(Some(&v)).cloned())
	}

	async fn submit(
		&self,
		pallet: &str,
		call: &str,
		fields: Vec<Value>,
	) -> Result<chain::Included> {
		self.chain.submit(pallet, call, fields, &self.key.pair).await
	}

	/// The current credit period.
	async fn period(&self) -> Result<u64> {
		let v = self.chain.api0("CreditApi", "current_period").await?;
		v.as_u128().map(|p| p as u64).context("the current period is not a number")
	}

	async fn status_json(&self) -> Result<serde_json::Value> {
		use serde_json::json;
		let me = self.key.subxt_account();
		let period = self.period().await?;
		let params = self.chain.api0("CreditApi", "parameters").await?;
		let device = self.device().await?;
		let invitation =
			some(Some(&self.chain.api1("CreditApi", "invitation", &me).await?)).cloned();
		let delegation =
			some(Some(&self.chain.api1("CreditDelegationApi", "delegation", &me).await?)).cloned();
		let device_json = device.as_ref().map(|d| {
			let n = |name: &str| as_u128(field(d, name)).map(|x| x.to_string());
			let last = as_u128(some(field(d, "last_heartbeat")));
			let registered = as_u128(field(d, "registered_period")).unwrap_or(0);
			// Decay forecast: silent from now, credit falls by `decay_per_period` a period
			// from the first period past the grace after its last sign of life, down to the floor.
			let grace = as_u128(field(&params, "decay_grace_periods")).unwrap_or(0);
			let per_period = as_u128(field(&params, "decay_per_period")).unwrap_or(0);
			let floor = as_u128(field(&params, "decay_floor")).unwrap_or(0);
			let anchor = last.unwrap_or(registered);
			json!({
				"kind": variant_name(field(d, "kind")),
				"credit": n("credit"),
				"level": n("level"),
				"highest": n("highest"),
				"last_heartbeat": last,
				"registered_period": registered,
				"deposit": n("deposit"),
				"weight": n("weight"),
				"can_heartbeat": field(d, "can_heartbeat").and_then(|v| v.as_bool()),
				"meets_reward_threshold": field(d, "meets_reward_threshold").and_then(|v| v.as_bool()),
				"unbonding_until": as_u128(some(field(d, "unbonding_until"))),
				"decay": {
					"if_silent_from_period": anchor + 1 + grace,
					"per_period": per_period,
					"floor": floor,
				},
			})
		});
		let delegation_json = delegation.as_ref().map(|d| {
			json!({
				"validator": as_account(field(d, "validator")).map(|a| keys::address(&a)),
				"active": field(d, "active").and_then(|v| v.as_bool()),
				"counted_weight": as_u128(field(d, "counted_weight")).map(|x| x.to_string()),
				"pending_rewards": as_u128(field(d, "pending_rewards")).map(|x| x.to_string()),
			})
		});
		Ok(json!({
			"address": self.key.address(),
			"period": period,
			"invited": invitation.is_some(),
			"device": device_json,
			"delegation": delegation_json,
		}))
	}

	/// Send this period's heartbeat if the chain takes one; returns the period if sent.
	async fn heartbeat_once(&self, state: &mut state::State) -> Result<Option<u64>> {
		let Some(device) = self.device().await? else {
			bail!("{} is not a registered device (register it first)", self.key.address());
		};
		let period = self.period().await?;
		if field(&device, "can_heartbeat").and_then(|v| v.as_bool()) != Some(true) {
			return Ok(None);
		}
		let block = match &self.relay {
			Some(relay) => self.heartbeat_via_relay(relay, period).await?,
			None => self.submit("Credit", "heartbeat", vec![]).await?.block,
		};
		state.last_heartbeat_period = Some(period);
		state.last_heartbeat_block = Some(block);
		state.heartbeats_sent = state.heartbeats_sent.saturating_add(1);
		state.last_error = None;
		Ok(Some(period))
	}
}

async fn run_daemon(cli: &Cli, state_path: &Path, interval: u64, max_backoff: u64) -> Result<()> {
	let key = keys::load(&cli.key)?;
	println!("metachain-device {} running against {}", key.address(), cli.url);
	let mut state = state::State::load(state_path)?;
	let interval = Duration::from_secs(interval.max(1));
	let max_backoff = Duration::from_secs(max_backoff.max(1));
	let mut backoff = interval;
	let mut agent: Option<Agent> = None;
	// Registered now, so that a signal during an attempt is not lost: the next wait sees it.
	let mut stop = Stop::new()?;
	loop {
		let attempt = async {
			if agent.is_none() {
				agent = Some(Agent::open(cli).await?);
			}
			let a = agent.as_ref().expect("connected above");
			a.heartbeat_once(&mut state).await
		}
		.await;
		let wait = match attempt {
			Ok(Some(period)) => {
				println!("heartbeat of period {period} included ({} sent)", state.heartbeats_sent);
				state.save(state_path)?;
				backoff = interval;
				interval
			}
			Ok(None) => {
				backoff = interval;
				interval
			}
			Err(e) => {
				let refused = e.downcast_ref::<Refused>().is_some();
				eprintln!("heartbeat failed: {e:#} (retrying in {} s)", backoff.as_secs());
				state.last_error = Some(format!("{e:#}"));
				state.save(state_path)?;
				if !refused {
					// A lost connection: reconnect on the next attempt.
					agent = None;
				}
				let wait = backoff;
				backoff = (backoff * 2).min(max_backoff);
				wait
			}
		};
		tokio::select! {
			_ = tokio::time::sleep(wait) => {},
			_ = stop.recv() => {
				state.save(state_path)?;
				println!("stopped");
				return Ok(());
			},
		}
	}
}

/// SIGINT and SIGTERM, listened to from the daemon's start.
struct Stop {
	interrupt: tokio::signal::unix::Signal,
	terminate: tokio::signal::unix::Signal,
}

impl Stop {
	fn new() -> Result<Self> {
		use tokio::signal::unix::{signal, SignalKind};
		Ok(Self {
			interrupt: signal(SignalKind::interrupt()).context("listening for SIGINT")?,
			terminate: signal(SignalKind::terminate()).context("listening for SIGTERM")?,
		})
	}

	async fn recv(&mut self) {
		tokio::select! {
			_ = self.interrupt.recv() => {},
			_ = self.terminate.recv() => {},
		}
	}
}

async fn main_inner(cli: Cli) -> Result<()> {
	let state_path = cli.state.clone().unwrap_or_else(|| {
		cli.key
			.parent()
			.map(|d| d.join("device-state.json"))
			.unwrap_or_else(|| "device-state.json".into())
	});
	match &cli.command {
		Command::Key(k) => k.run(&cli.key)?,
		Command::Register { kind } => {
			let agent = Agent::open(&cli).await?;
			let me = agent.key.subxt_account();
			// Refusals the chain would make, named as it names them, without paying a fee.
			if agent.device().await?.is_some() {
				return Err(agent.chain.named_error("Credit", "AlreadyRegistered").await.into());
			}
			let invitation = agent.chain.api1("CreditApi", "invitation", &me).await?;
			if some(Some(&invitation)).is_none() {
				eprintln!(
					"no invitation for {}: a registered device (or governance) must invite this address first",
					agent.key.address()
				);
				return Err(agent.chain.named_error("Credit", "NoInvitation").await.into());
			}
			let included = agent
				.submit(
					"Credit",
					"register_device",
					vec![Value::unnamed_variant(kind.variant(), [])],
				)
				.await?;
			print_included("registered", &included);
		}
		Command::Heartbeat => {
			let agent = Agent::open(&cli).await?;
			let mut state = state::State::load(&state_path)?;
			match agent.heartbeat_once(&mut state).await? {
				Some(period) => {
					state.save(&state_path)?;
					println!("heartbeat of period {period} included");
				}
				None => println!("this period's heartbeat is already on chain"),
			}
		}
		Command::Run { interval, max_backoff } => {
			run_daemon(&cli, &state_path, *interval, *max_backoff).await?
		}
		Command::Delegate { validator } => {
			let agent = Agent::open(&cli).await?;
			let v = keys::parse_account(validator)?;
			let included =
				agent.submit("CreditDelegation", "delegate", vec![account_value(&v)]).await?;
			print_included("delegated", &included);
		}
		Command::Redelegate { validator } => {
			let agent = Agent::open(&cli).await?;
			let v = keys::parse_account(validator)?;
			let included =
				agent.submit("CreditDelegation", "redelegate", vec![account_value(&v)]).await?;
			print_included("redelegated", &included);
		}
		Command::Undelegate => {
			let agent = Agent::open(&cli).await?;
			let included = agent.submit("CreditDelegation", "undelegate", vec![]).await?;
			print_included("undelegated", &included);
		}
		Command::Claim => {
			let agent = Agent::open(&cli).await?;
			let me = account_value(&agent.key.account);
			let included = agent.submit("CreditDelegation", "claim_rewards", vec![me]).await?;
			print_included("claimed", &included);
		}
		Command::Receipt(ReceiptCommand::Sign { order, provider, cumulative, genesis }) => {
			let key = keys::load(&cli.key)?;
			let provider = keys::parse_account(provider)?;
			let genesis = match genesis {
				Some(g) => receipt::parse_hash(g).context("--genesis")?,
				None => Chain::connect(&cli.url).await?.genesis_hash(),
			};
			let signed = receipt::sign(&key.pair, &genesis, *order, &provider, *cumulative);
			println!("{}", serde_json::to_string_pretty(&signed)?);
		}
		Command::Receipt(ReceiptCommand::Redeem { file }) => {
			let text = std::fs::read_to_string(file)
				.with_context(|| format!("reading {}", file.display()))?;
			let signed: receipt::SignedReceipt = serde_json::from_str(&text)
				.with_context(|| format!("{} is not a signed receipt", file.display()))?;
			let (order, provider, cumulative, signature) = receipt::parse(&signed)?;
			let agent = Agent::open(&cli).await?;
			if provider != agent.key.account {
				return Err(agent.chain.named_error("Musd", "NotProvider").await.into());
			}
			let receipt_value = Value::named_composite([
				("order", Value::u128(order.into())),
				("provider", account_value(&provider)),
				("cumulative", Value::u128(cumulative)),
			]);
			let signature_value = Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)]);
			let included = agent
				.submit("Musd", "redeem_receipt", vec![receipt_value, signature_value])
				.await?;
			print_included("redeemed", &included);
		}
		Command::Status { json } => {
			let agent = Agent::open(&cli).await?;
			let status = agent.status_json().await?;
			if *json {
				println!("{}", serde_json::to_string_pretty(&status)?);
			} else {
				print_status(&status);
			}
		}
	}
	Ok(())
}

fn print_status(s: &serde_json::Value) {
	let num = |v: &serde_json::Value| -> u128 {
		v.as_str().and_then(|x| x.parse().ok()).or_else(|| v.as_u64().map(u128::from)).unwrap_or(0)
	};
	println!("address: {}", s["address"].as_str().unwrap_or("?"));
	println!("credit period: {}", s["period"]);
	match s["device"].as_object() {
		None => println!(
			"device: not registered{}",
			if s["invited"].as_bool() == Some(true) { " (invited: `register` it)" } else { "" }
		),
		Some(d) => {
			println!(
				"device: {}, credit {} (level {}, highest {}), weight {}",
				d["kind"].as_str().unwrap_or("?"),
				d["credit"].as_str().unwrap_or("?"),
				d["level"].as_str().unwrap_or("?"),
				d["highest"].as_str().unwrap_or("?"),
				mc(num(&d["weight"])),
			);
			println!(
				"heartbeat: last in period {}, {}",
				d["last_heartbeat"],
				if d["can_heartbeat"].as_bool() == Some(true) {
					"one is due"
				} else {
					"this period's is on chain"
				}
			);
			println!(
				"decay if silent: -{} a period from period {}, down to {}",
				d["decay"]["per_period"], d["decay"]["if_silent_from_period"], d["decay"]["floor"]
			);
			println!("deposit: {} held", mc(num(&d["deposit"])));
		}
	}
	match s["delegation"].as_object() {
		None => println!("delegation: none"),
		Some(d) => println!(
			"delegation: backs {} ({}), pending rewards {}",
			d["validator"].as_str().unwrap_or("?"),
			if d["active"].as_bool() == Some(true) {
				"counting"
			} else {
				"from its next sign of life"
			},
			mc(num(&d["pending_rewards"])),
		),
	}
}

#[tokio::main]
async fn main() {
	metachain_device::exit_with(main_inner(Cli::parse()).await);
}
