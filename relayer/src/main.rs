//! `metachain-anchor-relayer`: TracChain anchoring off chain.
//!
//! - `run`: follow MetaChain's finalized checkpoints, record each root on Ethereum (the
//!   `TracChainAnchor` contract) and on Bitcoin (an OP_RETURN output), wait for confirmations,
//!   and attest on MetaChain with the relayer's key. Progress is kept in a file.
//! - `verify`: check a block against its checkpoint and the roots on Ethereum and Bitcoin;
//!   exits 0 only if everything agrees.
//! - `bitcoin-address`: the P2WPKH address a Bitcoin key pays from (to fund it).
//! - `regtest-node` (hidden, for tests): an in-process regtest Bitcoin node, **not Bitcoin
//!   Core**, serving the JSON-RPC methods the relayer calls (see `regtest` in the library).

use metachain_anchor_relayer::{btc, chain, eth, regtest, relay, state, verify};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use sp_core::{sr25519, Pair};
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Parser)]
#[command(
	name = "metachain-anchor-relayer",
	version,
	about = "TracChain anchoring: relayer and verifier"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Args)]
struct EthArgs {
	/// Ethereum JSON-RPC endpoint (http or https).
	#[arg(long, env = "ANCHOR_ETH_RPC")]
	eth_rpc: Option<String>,
	/// The TracChainAnchor contract's address.
	#[arg(long, env = "ANCHOR_ETH_CONTRACT", requires = "eth_rpc")]
	eth_contract: Option<String>,
}

#[derive(Args)]
struct BtcArgs {
	/// Bitcoin Core JSON-RPC endpoint (28 or later, with -txindex=1).
	#[arg(long, env = "ANCHOR_BTC_RPC")]
	btc_rpc: Option<String>,
	/// Bitcoin Core RPC credentials, `user:password`.
	#[arg(long, env = "ANCHOR_BTC_AUTH")]
	btc_auth: Option<String>,
}

#[derive(Subcommand)]
enum Command {
	/// Relay finalized checkpoints to Ethereum and Bitcoin and attest them.
	Run {
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		/// The relayer's MetaChain key: a secret URI (`//Ferdie`, a mnemonic, or 0x seed).
		#[arg(long, env = "ANCHOR_KEY")]
		key: String,
		/// Where progress is kept.
		#[arg(long, default_value = "anchor-relayer-state.json")]
		state: PathBuf,
		#[command(flatten)]
		eth: EthArgs,
		/// The relayer's Ethereum key (hex), allowed by the contract.
		#[arg(long, env = "ANCHOR_ETH_KEY")]
		eth_key: Option<String>,
		/// Ethereum blocks on top of the anchoring transaction's before attesting.
		#[arg(long, default_value_t = 12)]
		eth_confirmations: u64,
		#[command(flatten)]
		btc: BtcArgs,
		/// The relayer's Bitcoin key (WIF); it pays from its P2WPKH address.
		#[arg(long, env = "ANCHOR_BTC_KEY")]
		btc_key: Option<String>,
		/// Bitcoin network: mainnet, testnet, testnet4, signet, regtest.
		#[arg(long, default_value = "mainnet")]
		btc_network: String,
		/// Bitcoin confirmations before attesting.
		#[arg(long, default_value_t = 6)]
		btc_confirmations: u64,
		/// Fee of an anchoring transaction, in satoshis.
		#[arg(long, default_value_t = 2_000)]
		btc_fee: u64,
		/// Seconds between polls.
		#[arg(long, default_value_t = 6)]
		poll: u64,
		/// Seconds after which any relayer posts a checkpoint its leader did not.
		#[arg(long, default_value_t = 600)]
		takeover_after: u64,
		/// Seconds after which an attestation not finalized is submitted again.
		#[arg(long, default_value_t = 120)]
		attest_timeout: u64,
		/// Stop once the checkpoints below this number are attested (for tests).
		#[arg(long)]
		stop_after: Option<u64>,
	},
	/// Verify a block against its checkpoint and the roots on Ethereum and Bitcoin.
	Verify {
		/// The block: a number or a 0x hash.
		block: String,
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		#[command(flatten)]
		eth: EthArgs,
		#[command(flatten)]
		btc: BtcArgs,
		/// The Bitcoin anchoring transaction (hex), instead of a Bitcoin node.
		#[arg(long, requires = "btc_proof")]
		btc_tx: Option<String>,
		/// Its `gettxoutproof` proof (hex).
		#[arg(long, requires = "btc_tx")]
		btc_proof: Option<String>,
	},
	/// Print the P2WPKH address of a Bitcoin key (fund it before relaying).
	BitcoinAddress {
		/// The key (WIF).
		#[arg(long, env = "ANCHOR_BTC_KEY")]
		btc_key: String,
		/// The network.
		#[arg(long, default_value = "mainnet")]
		btc_network: String,
	},
	/// Run an in-process regtest Bitcoin node for tests (NOT Bitcoin Core): it serves the
	/// JSON-RPC methods the relayer calls and checks scripts with libbitcoinconsensus. Prints its
	/// URL on stdout, then runs until Ctrl-C.
	#[command(hide = true)]
	RegtestNode {
		/// Where its JSON-RPC server listens (port 0: any free port; the URL printed tells which).
		#[arg(long, default_value = "127.0.0.1:18443")]
		rpc: SocketAddr,
		/// The regtest address the genesis coinbase pays (50 BTC, spendable once 100 more blocks
		/// are mined); without it, the genesis coinbase is burnt.
		#[arg(long)]
		fund_address: Option<String>,
		/// Mine a block over the whole mempool every this many milliseconds; without it, blocks
		/// are mined only by `generatetoaddress`.
		#[arg(long)]
		mine_every_ms: Option<u64>,
		/// Empty blocks to mine at start (100 makes the genesis coinbase spendable at once).
		#[arg(long, default_value_t = 0)]
		premine: u32,
	},
}

/// Log lines to stderr: `time level message`. `RUST_LOG=debug` for more.
struct Logger(log::LevelFilter);
impl log::Log for Logger {
	fn enabled(&self, m: &log::Metadata) -> bool {
		m.level() <= self.0
			&& (m.target().starts_with("metachain_anchor_relayer") || m.level() <= log::Level::Warn)
	}
	fn log(&self, r: &log::Record) {
		if self.enabled(r.metadata()) {
			let t = std::time::SystemTime::now()
				.duration_since(std::time::UNIX_EPOCH)
				.map(|d| d.as_secs_f64())
				.unwrap_or(0.0);
			eprintln!("{t:.3} {:<5} {}", r.level(), r.args());
		}
	}
	fn flush(&self) {}
}

fn init_logger() {
	let level = match std::env::var("RUST_LOG").unwrap_or_default().as_str() {
		"trace" => log::LevelFilter::Trace,
		"debug" => log::LevelFilter::Debug,
		"warn" => log::LevelFilter::Warn,
		"error" => log::LevelFilter::Error,
		_ => log::LevelFilter::Info,
	};
	if log::set_boxed_logger(Box::new(Logger(level))).is_ok() {
		log::set_max_level(level);
	}
}

fn eth_of(args: &EthArgs) -> Result<Option<eth::Ethereum>> {
	match (&args.eth_rpc, &args.eth_contract) {
		(Some(url), Some(contract)) => Ok(Some(eth::Ethereum::new(url, contract)?)),
		(Some(_), None) => anyhow::bail!("--eth-rpc needs --eth-contract"),
		_ => Ok(None),
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	init_logger();
	match Cli::parse().command {
		Command::Run {
			node,
			key,
			state,
			eth,
			eth_key,
			eth_confirmations,
			btc,
			btc_key,
			btc_network,
			btc_confirmations,
			btc_fee,
			poll,
			takeover_after,
			attest_timeout,
			stop_after,
		} => {
			let signer = sr25519::Pair::from_string(&key, None)
				.map_err(|e| anyhow::anyhow!("--key is not a secret URI: {e:?}"))?;
			let eth_side = match eth_of(&eth)? {
				Some(e) => Some(relay::EthSide {
					eth: e,
					signer: eth::EthSigner::from_hex(
						&eth_key.context("--eth-rpc needs --eth-key")?,
					)?,
					confirmations: eth_confirmations,
				}),
				None => None,
			};
			let btc_side = match &btc.btc_rpc {
				Some(url) => {
					let network = btc::network(&btc_network)?;
					Some(relay::BtcSide {
						core: btc::BitcoinCore::new(url, btc.btc_auth.as_deref())?,
						wallet: btc::Wallet::from_wif(
							&btc_key.context("--btc-rpc needs --btc-key")?,
							network,
						)?,
						network,
						confirmations: btc_confirmations,
						fee: bitcoin::Amount::from_sat(btc_fee),
					})
				}
				None => None,
			};
			relay::Relayer {
				node: chain::Node::new(&node)?,
				signer,
				eth: eth_side,
				btc: btc_side,
				store: state::Store::new(state),
				poll: Duration::from_secs(poll),
				takeover_after: Duration::from_secs(takeover_after),
				attest_timeout: Duration::from_secs(attest_timeout),
				stop_after,
			}
			.run()
			.await
		}
		Command::Verify { block, node, eth, btc, btc_tx, btc_proof } => {
			let sources = verify::Sources {
				eth: eth_of(&eth)?,
				btc_rpc: match &btc.btc_rpc {
					Some(url) => Some(btc::BitcoinCore::new(url, btc.btc_auth.as_deref())?),
					None => None,
				},
				btc_offline: btc_tx.zip(btc_proof),
			};
			verify::verify(&chain::Node::new(&node)?, &block, sources).await
		}
		Command::BitcoinAddress { btc_key, btc_network } => {
			let wallet = btc::Wallet::from_wif(&btc_key, btc::network(&btc_network)?)?;
			println!("{}", wallet.address);
			Ok(())
		}
		Command::RegtestNode { rpc, fund_address, mine_every_ms, premine } => {
			let fund = match &fund_address {
				Some(address) => regtest::regtest_script(address)?,
				None => regtest::burn_script(),
			};
			let node = regtest::start(rpc, fund, mine_every_ms.map(Duration::from_millis)).await?;
			node.with_chain(|chain| chain.generate(premine, &regtest::burn_script()))?;
			// The one line on stdout: where to point `--btc-rpc`.
			println!("{}", node.url());
			log::info!("regtest node (not Bitcoin Core) at {}; Ctrl-C stops it", node.url());
			tokio::signal::ctrl_c().await.context("waiting for Ctrl-C")?;
			node.stop().await;
			Ok(())
		}
	}
}
