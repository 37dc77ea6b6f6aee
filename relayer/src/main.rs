//! `metachain-anchor-relayer`: TracChain anchoring off chain.
//!
//! - `run`: follow MetaChain's finalized checkpoints, record each root on Ethereum (the
//!   `TracChainAnchor` contract) and on Bitcoin (an OP_RETURN output), wait for confirmations,
//!   and attest on MetaChain with the relayer's key. Progress is kept in a file. A bonded
//!   relayer also sends its free heartbeat once per `liveness_period`.
//! - `bond`, `unbond`, `withdraw-bond`: the relayer's bond on MetaChain (`bond` records the
//!   X25519 key derived from the MetaChain key).
//! - `verify`: check a block against its checkpoint and the roots on Ethereum and Bitcoin;
//!   exits 0 only if everything agrees.
//! - `bitcoin-address`: the P2WPKH address a Bitcoin key pays from (to fund it).
//! - `regtest-node` (hidden, for tests): an in-process regtest Bitcoin node, **not Bitcoin
//!   Core**, serving the JSON-RPC methods the relayer calls (see `regtest` in the library).

use metachain_anchor_relayer::{
	btc, chain, eth, keys, regtest, relay, signing, state, taproot, verify,
};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
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

/// Where the relayer's MetaChain key comes from: never the command line.
#[derive(Args)]
struct KeyArgs {
	/// A file (mode 600) holding the relayer's MetaChain secret URI (`//Ferdie`, a mnemonic, or
	/// a 0x seed) on its first line. Without it, the environment variable ANCHOR_KEY.
	#[arg(long, env = "ANCHOR_KEY_FILE")]
	key_file: Option<PathBuf>,
}

impl KeyArgs {
	fn pair(&self) -> Result<sp_core::sr25519::Pair> {
		let suri =
			keys::required(self.key_file.as_deref(), "ANCHOR_KEY", "MetaChain key", "--key-file")?;
		keys::metachain_pair(&suri)
	}
}

#[derive(Subcommand)]
enum Command {
	/// Relay finalized checkpoints to Ethereum and Bitcoin and attest them.
	Run {
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		#[command(flatten)]
		key: KeyArgs,
		/// Where progress is kept.
		#[arg(long, default_value = "anchor-relayer-state.json")]
		state: PathBuf,
		/// Where this relayer's shares of the group key are saved, sealed with a key derived
		/// from its MetaChain key (files of mode 600).
		#[arg(long, default_value = "anchor-relayer-shares")]
		share_dir: PathBuf,
		#[command(flatten)]
		eth: EthArgs,
		/// A file (mode 600) holding the relayer's Ethereum key (hex), allowed by the contract.
		/// Without it, the environment variable ANCHOR_ETH_KEY.
		#[arg(long, env = "ANCHOR_ETH_KEY_FILE")]
		eth_key_file: Option<PathBuf>,
		/// Ethereum blocks on top of the anchoring transaction's before attesting.
		#[arg(long, default_value_t = 12)]
		eth_confirmations: u64,
		#[command(flatten)]
		btc: BtcArgs,
		/// A file (mode 600) holding the relayer's Bitcoin key (WIF); it pays from its P2WPKH
		/// address. Without it, the environment variable ANCHOR_BTC_KEY. Needed only on a
		/// network where the group holds no coin (where it does, the group's anchors spend it).
		#[arg(long, env = "ANCHOR_BTC_KEY_FILE")]
		btc_key_file: Option<PathBuf>,
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
		/// For tests only: post signature shares of another message than the chain's, as a
		/// relayer signing another root would; the chain slashes the relayer's whole bond.
		#[arg(long, hide = true)]
		malicious_share: bool,
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
	/// Bond MC as a relayer (`anchoring.bond_relayer`), with the X25519 key derived from the
	/// MetaChain key; the relayer signs once the bond is `relayer_bond_age` blocks old.
	Bond {
		/// MC to bond (whole MC).
		#[arg(long)]
		amount: u128,
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		#[command(flatten)]
		key: KeyArgs,
	},
	/// Start unbonding (`anchoring.unbond_relayer`): the relayer signs no more at once.
	Unbond {
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		#[command(flatten)]
		key: KeyArgs,
	},
	/// Release the bond once the unbonding delay has passed (`anchoring.withdraw_bond`).
	WithdrawBond {
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
		#[command(flatten)]
		key: KeyArgs,
	},
	/// Print the P2WPKH address of a Bitcoin key (fund it before relaying).
	BitcoinAddress {
		/// A file (mode 600) holding the key (WIF). Without it, the environment variable
		/// ANCHOR_BTC_KEY.
		#[arg(long, env = "ANCHOR_BTC_KEY_FILE")]
		btc_key_file: Option<PathBuf>,
		/// The network.
		#[arg(long, default_value = "mainnet")]
		btc_network: String,
	},
	/// Print the relayer group's Taproot address on a Bitcoin network: the group key in force on
	/// MetaChain as a P2TR output key (`OP_1 <x>`). Fund it, then have the relayer origin set
	/// the coin (`anchoring.set_btc_coin`): the group's anchors spend it from then on.
	GroupAddress {
		/// The MetaChain node's RPC (HTTP).
		#[arg(long, default_value = "http://127.0.0.1:9944", env = "ANCHOR_NODE")]
		node: String,
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
			share_dir,
			eth,
			eth_key_file,
			eth_confirmations,
			btc,
			btc_key_file,
			btc_network,
			btc_confirmations,
			btc_fee,
			poll,
			takeover_after,
			attest_timeout,
			stop_after,
			malicious_share,
		} => {
			let signer = key.pair()?;
			let eth_side = match eth_of(&eth)? {
				Some(e) => Some(relay::EthSide {
					eth: e,
					signer: eth::EthSigner::from_hex(&keys::required(
						eth_key_file.as_deref(),
						"ANCHOR_ETH_KEY",
						"Ethereum key (--eth-rpc needs one)",
						"--eth-key-file",
					)?)?,
					confirmations: eth_confirmations,
				}),
				None => None,
			};
			let btc_side = match &btc.btc_rpc {
				Some(url) => {
					let network = btc::network(&btc_network)?;
					Some(relay::BtcSide {
						core: btc::BitcoinCore::new(url, btc.btc_auth.as_deref())?,
						// Needed only where the group holds no coin.
						wallet: keys::secret(
							btc_key_file.as_deref(),
							"ANCHOR_BTC_KEY",
							"Bitcoin key",
						)?
						.map(|wif| btc::Wallet::from_wif(&wif, network))
						.transpose()?,
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
				share_dir,
				malicious_share,
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
		Command::Bond { amount, node, key } => {
			let signer = key.pair()?;
			let amount = amount
				.checked_mul(metachain_runtime::currency::MC)
				.context("--amount is too large")?;
			let encryption_key = keys::encryption_key(&signer);
			let call =
				metachain_runtime::RuntimeCall::Anchoring(pallet_anchoring::Call::bond_relayer {
					amount,
					encryption_key,
				});
			let hash = chain::Node::new(&node)?.submit(&signer, call).await?;
			println!("{hash:?}");
			log::info!("bond of {amount} submitted (X25519 key 0x{})", hex::encode(encryption_key));
			Ok(())
		}
		Command::Unbond { node, key } => {
			let call = metachain_runtime::RuntimeCall::Anchoring(
				pallet_anchoring::Call::unbond_relayer {},
			);
			println!("{:?}", chain::Node::new(&node)?.submit(&key.pair()?, call).await?);
			Ok(())
		}
		Command::WithdrawBond { node, key } => {
			let call =
				metachain_runtime::RuntimeCall::Anchoring(pallet_anchoring::Call::withdraw_bond {});
			println!("{:?}", chain::Node::new(&node)?.submit(&key.pair()?, call).await?);
			Ok(())
		}
		Command::BitcoinAddress { btc_key_file, btc_network } => {
			let wif = keys::required(
				btc_key_file.as_deref(),
				"ANCHOR_BTC_KEY",
				"Bitcoin key",
				"--btc-key-file",
			)?;
			let wallet = btc::Wallet::from_wif(&wif, btc::network(&btc_network)?)?;
			println!("{}", wallet.address);
			Ok(())
		}
		Command::GroupAddress { node, btc_network } => {
			let node = chain::Node::new(&node)?;
			let at = node.best_head().await?;
			let (epoch, key) = signing::active_group_key(&node, at)
				.await?
				.ok_or_else(|| anyhow::anyhow!("no group key is in force on MetaChain yet"))?;
			let address = taproot::group_address(&key.key_x, btc::network(&btc_network)?)?;
			log::info!("the group key of epoch {epoch}");
			println!("{address}");
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
