//! An in-process regtest Bitcoin node for tests: real blocks, a UTXO set, a mempool and a
//! JSON-RPC server speaking the part of Bitcoin Core's RPC that the relayer's client
//! ([`crate::btc::BitcoinCore`]) calls. **It is not Bitcoin Core**: no Bitcoin Core package exists
//! for these machines, so the Bitcoin path is tested against this chain, which validates scripts
//! with Bitcoin Core 26's libbitcoinconsensus ([`crate::taproot::verify_spend`]) and applies a
//! subset of Core's other rules itself.
//!
//! - Blocks ([`mine`]): real coinbases, merkle roots and proof of work at regtest's limit; block
//!   `h` has the time 1,700,000,000 + h. A coinbase claims the subsidy only (fees are burnt) and
//!   the subsidy never halves. The genesis block's coinbase pays a script of the caller's choice
//!   and, unlike Bitcoin Core's, is spendable (after 100 blocks, like any coinbase).
//! - Transactions ([`Chain::submit`], `sendrawtransaction`) are checked as Bitcoin Core 28
//!   checks them for its mempool, with its error codes and reject reasons: structure (inputs,
//!   outputs, amounts, duplicate inputs, no coinbase), standardness (version 1 to 3, weight at most
//!   400,000, OP_RETURN scripts of at most 83 bytes and only one per transaction, no dust output),
//!   finality of the lock time, conflicts with the mempool (no replacement: a second spend is
//!   refused), missing or spent inputs, coinbase maturity (100 blocks at the spending height),
//!   inputs covering outputs, the minimum relay fee (1 sat/vB), at most 25 unconfirmed ancestors,
//!   and every input's scripts and signature under libbitcoinconsensus' consensus flags up to
//!   Taproot, with all spent outputs (so P2WPKH and Taproot key-path spends alike). Outputs of
//!   mempool transactions may be spent (chained anchors).
//! - Not checked: relative lock times (BIP68), sigop limits, the standardness of output script
//!   types and of inputs, `sendrawtransaction`'s `maxfeerate`, the descendant limits, replacement
//!   (BIP125), block weight (a block takes the whole mempool), and reorganisations (there are
//!   none).
//! - The server ([`start`]) is jsonrpsee's, over HTTP: JSON-RPC 2.0 requests only (Bitcoin Core
//!   28 also answers 1.0), `Content-Type: application/json`, positional parameters only. It
//!   **accepts any credentials**, or none: the Authorization header is not read. It serves
//!   [`METHODS`]; others get -32601, as from Bitcoin Core.
//!
//! Block and transaction lookups behave as Bitcoin Core's with `-txindex=1`: `getrawtransaction`
//! finds any confirmed or mempool transaction, and `scantxoutset` scans the confirmed UTXO set
//! only (not the mempool), as Core's does.

use anyhow::{ensure, Context, Result};
use bitcoin::{
	absolute::{LockTime, LOCK_TIME_THRESHOLD},
	address::NetworkUnchecked,
	block::{Header, Version as BlockVersion},
	consensus::{
		deserialize,
		encode::{serialize, serialize_hex},
	},
	constants::COINBASE_MATURITY,
	hashes::Hash,
	opcodes::all::OP_RETURN,
	transaction::Version,
	Address, Amount, Block, BlockHash, CompactTarget, MerkleBlock, Network, OutPoint, Script,
	ScriptBuf, Sequence, Transaction, TxIn, TxMerkleNode, TxOut, Txid, Witness, Work,
};
use jsonrpsee::{
	server::{RpcModule, Server, ServerHandle},
	types::{ErrorObject, ErrorObjectOwned, Params},
};
use serde_json::{json, Value};
use std::{
	collections::{HashMap, HashSet},
	fmt,
	net::SocketAddr,
	sync::{Arc, Mutex},
	time::Duration,
};
use tokio::{task::JoinHandle, time::MissedTickBehavior};

/// Regtest's proof-of-work limit, as headers encode it.
pub const REGTEST_BITS: u32 = 0x207f_ffff;
/// A regtest block's subsidy (before any halving).
pub const SUBSIDY: Amount = Amount::from_sat(50 * 100_000_000);

/// The most unconfirmed ancestors a mempool transaction may have, itself included (Bitcoin
/// Core's `-limitancestorcount` default).
pub const MAX_ANCESTORS: usize = 25;
/// The most blocks one `generatetoaddress` call mines (so that one call cannot hold the chain
/// for long).
pub const MAX_GENERATE: u64 = 10_000;
/// The JSON-RPC methods the server answers: those [`crate::btc::BitcoinCore`] calls
/// (`scantxoutset`, `sendrawtransaction`, `getrawtransaction`, `getblockheader`, `gettxoutproof`)
/// and a few more for tests and tools.
pub const METHODS: &[&str] = &[
	"getblockcount",
	"getbestblockhash",
	"getblockhash",
	"getblockheader",
	"getblock",
	"getblockchaininfo",
	"getrawtransaction",
	"sendrawtransaction",
	"scantxoutset",
	"gettxoutproof",
	"generatetoaddress",
	"getrawmempool",
	"getmempoolinfo",
];

/// A coinbase of block `height` paying the subsidy to `pay_to`.
pub fn coinbase(height: u32, pay_to: ScriptBuf) -> Transaction {
	let mut script_sig = ScriptBuf::builder().push_int(i64::from(height)).into_script();
	script_sig.push_opcode(bitcoin::opcodes::OP_TRUE);
	Transaction {
		version: Version::TWO,
		lock_time: LockTime::ZERO,
		input: vec![TxIn {
			previous_output: OutPoint::null(),
			script_sig,
			sequence: Sequence::MAX,
			witness: Witness::new(),
		}],
		output: vec![TxOut { value: SUBSIDY, script_pubkey: pay_to }],
	}
}

/// A real regtest block over `txs` (after a coinbase paying `pay_to`): real merkle root, mined
/// to the regtest target.
pub fn mine(prev: BlockHash, height: u32, pay_to: ScriptBuf, txs: Vec<Transaction>) -> Block {
	let mut txdata = vec![coinbase(height, pay_to)];
	txdata.extend(txs);
	let mut block = Block {
		header: Header {
			version: BlockVersion::TWO,
			prev_blockhash: prev,
			merkle_root: TxMerkleNode::all_zeros(),
			time: 1_700_000_000 + height,
			bits: CompactTarget::from_consensus(REGTEST_BITS),
			nonce: 0,
		},
		txdata,
	};
	block.header.merkle_root = block.compute_merkle_root().expect("a block has a coinbase; qed");
	while block.header.validate_pow(block.header.target()).is_err() {
		block.header.nonce += 1;
	}
	block
}

/// The `gettxoutproof` of `txid` in `block`, hex (Bitcoin Core's serialized `MerkleBlock`).
pub fn proof_hex(block: &Block, txid: Txid) -> String {
	let mb = MerkleBlock::from_block_with_predicate(block, |t| *t == txid);
	hex::encode(serialize(&mb))
}

/// A script nobody can spend (a lone `OP_RETURN`): what the blocks this node mines on its own pay,
/// and the genesis coinbase when no one is to be funded. Outputs paying it never enter the UTXO
/// set.
pub fn burn_script() -> ScriptBuf {
	ScriptBuf::builder().push_opcode(OP_RETURN).into_script()
}

/// The output script of a regtest address (`bcrt1…`, or a base58 testnet/regtest address).
pub fn regtest_script(address: &str) -> Result<ScriptBuf> {
	let parsed: Address<NetworkUnchecked> =
		address.parse().with_context(|| format!("{address} is not a Bitcoin address"))?;
	let checked = parsed
		.require_network(Network::Regtest)
		.with_context(|| format!("{address} is not a regtest address"))?;
	Ok(checked.script_pubkey())
}

/// Bitcoin Core's JSON-RPC error codes (`src/rpc/protocol.h`) that this node returns.
pub mod code {
	/// `RPC_MISC_ERROR`: a missing parameter, among others.
	pub const MISC_ERROR: i32 = -1;
	/// `RPC_TYPE_ERROR`: a parameter of the wrong type.
	pub const TYPE_ERROR: i32 = -3;
	/// `RPC_INVALID_ADDRESS_OR_KEY`: an unknown block or transaction, or a bad address.
	pub const INVALID_ADDRESS_OR_KEY: i32 = -5;
	/// `RPC_INVALID_PARAMETER`: a parameter out of range or malformed.
	pub const INVALID_PARAMETER: i32 = -8;
	/// `RPC_DESERIALIZATION_ERROR`: a transaction that does not decode.
	pub const DESERIALIZATION_ERROR: i32 = -22;
	/// `RPC_VERIFY_ERROR` (`RPC_TRANSACTION_ERROR`): missing or spent inputs, among others.
	pub const VERIFY_ERROR: i32 = -25;
	/// `RPC_VERIFY_REJECTED` (`RPC_TRANSACTION_REJECTED`): refused by the mempool's rules.
	pub const VERIFY_REJECTED: i32 = -26;
	/// `RPC_VERIFY_ALREADY_IN_UTXO_SET` (before Core 28 `RPC_VERIFY_ALREADY_IN_CHAIN`).
	pub const VERIFY_ALREADY_IN_UTXO_SET: i32 = -27;
	/// JSON-RPC's "Method not found".
	pub const METHOD_NOT_FOUND: i32 = -32601;
}

/// A JSON-RPC error as Bitcoin Core reports it: a code of [`code`] and a message (for refused
/// transactions, Core's reject reason, e.g. `txn-mempool-conflict`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
	/// The code.
	pub code: i32,
	/// The message.
	pub message: String,
}

impl RpcError {
	/// An error with `code` and `message`.
	pub fn new(code: i32, message: impl Into<String>) -> Self {
		Self { code, message: message.into() }
	}
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{} (code {})", self.message, self.code)
	}
}

impl std::error::Error for RpcError {}

impl From<RpcError> for ErrorObjectOwned {
	fn from(error: RpcError) -> Self {
		ErrorObject::owned(error.code, error.message, None::<()>)
	}
}

/// A transaction refused by the mempool's rules (-26) for `reason`.
fn rejected(reason: impl Into<String>) -> RpcError {
	RpcError::new(code::VERIFY_REJECTED, reason)
}

/// An unspent output of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coin {
	/// The output.
	pub output: TxOut,
	/// The height of the block that created it.
	pub height: u32,
	/// Whether a coinbase created it (then spendable only 100 blocks later).
	pub coinbase: bool,
}

/// The chain of the in-process node: its blocks, UTXO set, mempool and transaction index.
pub struct Chain {
	/// The blocks, by height; never empty (the genesis block is the first).
	blocks: Vec<Block>,
	/// The chain work up to each block, by height.
	work: Vec<Work>,
	/// The height of each block.
	heights: HashMap<BlockHash, u32>,
	/// The confirmed unspent outputs (OP_RETURN outputs never enter).
	utxos: HashMap<OutPoint, Coin>,
	/// The unconfirmed transactions, in the order accepted (so parents come before children).
	mempool: Vec<(Txid, Transaction)>,
	/// The height of the block of every confirmed transaction.
	tx_index: HashMap<Txid, u32>,
}

impl Chain {
	/// A chain of one block, the genesis, whose coinbase pays the subsidy to `fund`.
	pub fn new(fund: ScriptBuf) -> Self {
		let mut chain = Self {
			blocks: Vec::new(),
			work: Vec::new(),
			heights: HashMap::new(),
			utxos: HashMap::new(),
			mempool: Vec::new(),
			tx_index: HashMap::new(),
		};
		chain.connect(mine(BlockHash::all_zeros(), 0, fund, Vec::new()));
		chain
	}

	/// The height of the tip (0: only the genesis block).
	pub fn height(&self) -> u32 {
		// In memory, a chain has far fewer than 2^32 blocks.
		self.blocks.len().saturating_sub(1) as u32
	}

	/// The tip's hash.
	pub fn tip(&self) -> BlockHash {
		// `blocks` is never empty: `new` connects the genesis block and nothing removes one.
		self.blocks.last().map(Block::block_hash).unwrap_or_else(BlockHash::all_zeros)
	}

	/// The block at `height`.
	pub fn block_at(&self, height: u32) -> Option<&Block> {
		self.blocks.get(height as usize)
	}

	/// The block with `hash` and its height.
	pub fn block(&self, hash: &BlockHash) -> Option<(u32, &Block)> {
		let height = *self.heights.get(hash)?;
		Some((height, self.blocks.get(height as usize)?))
	}

	/// The transaction `txid`, in the mempool or in a block, and the height of its block if
	/// confirmed.
	pub fn transaction(&self, txid: &Txid) -> Option<(&Transaction, Option<u32>)> {
		self.find_transaction(txid).map(|(tx, place)| (tx, place.map(|(height, _)| height)))
	}

	/// The mempool's transactions, in the order they were accepted.
	pub fn mempool_txids(&self) -> Vec<Txid> {
		self.mempool.iter().map(|(txid, _)| *txid).collect()
	}

	/// A confirmed unspent output.
	pub fn coin(&self, outpoint: &OutPoint) -> Option<&Coin> {
		self.utxos.get(outpoint)
	}

	/// The confirmed unspent outputs paying `script`, by height then outpoint.
	pub fn unspent(&self, script: &Script) -> Vec<(OutPoint, Coin)> {
		let mut coins: Vec<(OutPoint, Coin)> = self
			.utxos
			.iter()
			.filter(|(_, coin)| coin.output.script_pubkey.as_script() == script)
			.map(|(outpoint, coin)| (*outpoint, coin.clone()))
			.collect();
		coins.sort_by_key(|(outpoint, coin)| (coin.height, *outpoint));
		coins
	}

	/// The median time of block `height` and the 10 before it (BIP113's median time past).
	pub fn median_time_past(&self, height: u32) -> u32 {
		let end = (height as usize).saturating_add(1).min(self.blocks.len());
		let start = end.saturating_sub(11);
		let mut times: Vec<u32> = self.blocks[start..end].iter().map(|b| b.header.time).collect();
		times.sort_unstable();
		times.get(times.len() / 2).copied().unwrap_or(0)
	}

	/// Mines the next block over the whole mempool, its coinbase paying `pay_to`; returns its
	/// hash.
	pub fn mine_block(&mut self, pay_to: ScriptBuf) -> BlockHash {
		let txs: Vec<Transaction> =
			std::mem::take(&mut self.mempool).into_iter().map(|(_, tx)| tx).collect();
		let count = txs.len();
		let height = self.height() + 1;
		let block = mine(self.tip(), height, pay_to, txs);
		let hash = block.block_hash();
		self.connect(block);
		log::debug!("regtest: mined block {height} {hash} with {count} transaction(s)");
		hash
	}

	/// Mines `n` blocks (the first takes the mempool), their coinbases paying `pay_to`; returns
	/// their hashes.
	pub fn generate(&mut self, n: u32, pay_to: &ScriptBuf) -> Vec<BlockHash> {
		(0..n).map(|_| self.mine_block(pay_to.clone())).collect()
	}

	/// Adds `block` at the tip: spends its inputs, adds its outputs (not OP_RETURN ones) to the
	/// UTXO set and indexes its transactions. The mempool's transactions were checked against the
	/// chain they are mined on, so nothing is checked here.
	fn connect(&mut self, block: Block) {
		let height = self.blocks.len() as u32;
		for tx in &block.txdata {
			let txid = tx.compute_txid();
			let coinbase = tx.is_coinbase();
			if !coinbase {
				for input in &tx.input {
					self.utxos.remove(&input.previous_output);
				}
			}
			for (vout, output) in tx.output.iter().enumerate() {
				if output.script_pubkey.is_op_return() {
					continue;
				}
				let outpoint = OutPoint { txid, vout: vout as u32 };
				self.utxos.insert(outpoint, Coin { output: output.clone(), height, coinbase });
			}
			self.tx_index.insert(txid, height);
		}
		let work = match self.work.last() {
			Some(total) => *total + block.header.work(),
			None => block.header.work(),
		};
		self.work.push(work);
		self.heights.insert(block.block_hash(), height);
		self.blocks.push(block);
	}

	/// The transaction `txid` and, if confirmed, its block and height.
	fn find_transaction(&self, txid: &Txid) -> Option<(&Transaction, Option<(u32, &Block)>)> {
		if let Some((_, tx)) = self.mempool.iter().find(|(id, _)| id == txid) {
			return Some((tx, None));
		}
		let height = *self.tx_index.get(txid)?;
		let block = self.blocks.get(height as usize)?;
		let tx = block.txdata.iter().find(|tx| tx.compute_txid() == *txid)?;
		Some((tx, Some((height, block))))
	}

	/// The output `outpoint` of a mempool transaction (not an OP_RETURN one).
	fn mempool_output(&self, outpoint: &OutPoint) -> Option<TxOut> {
		let (_, tx) = self.mempool.iter().find(|(id, _)| *id == outpoint.txid)?;
		tx.output.get(outpoint.vout as usize).filter(|o| !o.script_pubkey.is_op_return()).cloned()
	}

	/// The mempool transaction spending `outpoint`, if any.
	fn mempool_spender(&self, outpoint: &OutPoint) -> Option<Txid> {
		self.mempool
			.iter()
			.find(|(_, tx)| tx.input.iter().any(|input| input.previous_output == *outpoint))
			.map(|(txid, _)| *txid)
	}

	/// The mempool transactions `tx` descends from.
	fn unconfirmed_ancestors(&self, tx: &Transaction) -> usize {
		let mut seen = HashSet::new();
		let mut stack: Vec<Txid> = tx.input.iter().map(|i| i.previous_output.txid).collect();
		while let Some(txid) = stack.pop() {
			if let Some((_, parent)) = self.mempool.iter().find(|(id, _)| *id == txid) {
				if seen.insert(txid) {
					stack.extend(parent.input.iter().map(|i| i.previous_output.txid));
				}
			}
		}
		seen.len()
	}

	/// Accepts `tx` into the mempool, or refuses it as Bitcoin Core 28's `sendrawtransaction`
	/// would (see the module's documentation for what is checked). A transaction already in the
	/// mempool is accepted again (its txid is returned), as by Core.
	pub fn submit(&mut self, tx: Transaction) -> Result<Txid, RpcError> {
		let txid = tx.compute_txid();
		if let Some((_, known)) = self.mempool.iter().find(|(id, _)| *id == txid) {
			if known.compute_wtxid() == tx.compute_wtxid() {
				return Ok(txid);
			}
			return Err(rejected("txn-same-nonwitness-data-in-mempool"));
		}
		let in_utxo_set = (0..tx.output.len())
			.any(|vout| self.utxos.contains_key(&OutPoint { txid, vout: vout as u32 }));
		if in_utxo_set {
			return Err(RpcError::new(
				code::VERIFY_ALREADY_IN_UTXO_SET,
				"Transaction outputs already in utxo set",
			));
		}
		let value_out = check_transaction(&tx)?;
		check_standard(&tx)?;
		let spend_height = self.height() + 1;
		if !is_final(&tx, spend_height, self.median_time_past(self.height())) {
			return Err(rejected("non-final"));
		}
		if let Some(spender) =
			tx.input.iter().find_map(|input| self.mempool_spender(&input.previous_output))
		{
			log::debug!("regtest: {txid} conflicts with {spender} in the mempool");
			return Err(rejected("txn-mempool-conflict"));
		}
		let mut prevouts = Vec::with_capacity(tx.input.len());
		let mut value_in = Amount::ZERO;
		for input in &tx.input {
			let outpoint = input.previous_output;
			let output = if let Some(coin) = self.utxos.get(&outpoint) {
				if coin.coinbase {
					let depth = spend_height - coin.height;
					if depth < COINBASE_MATURITY {
						return Err(rejected(format!(
							"bad-txns-premature-spend-of-coinbase, tried to spend coinbase at \
							 depth {depth}"
						)));
					}
				}
				coin.output.clone()
			} else if let Some(output) = self.mempool_output(&outpoint) {
				output
			} else {
				return Err(RpcError::new(code::VERIFY_ERROR, "bad-txns-inputs-missingorspent"));
			};
			value_in = value_in
				.checked_add(output.value)
				.filter(|total| *total <= Amount::MAX_MONEY)
				.ok_or_else(|| rejected("bad-txns-inputvalues-outofrange"))?;
			prevouts.push(output);
		}
		let fee = value_in.checked_sub(value_out).ok_or_else(|| {
			rejected(format!(
				"bad-txns-in-belowout, value in ({value_in}) < value out ({value_out})"
			))
		})?;
		let vsize = tx.vsize() as u64;
		if fee.to_sat() < vsize {
			return Err(rejected(format!("min relay fee not met, {} < {vsize}", fee.to_sat())));
		}
		let ancestors = self.unconfirmed_ancestors(&tx);
		if ancestors + 1 > MAX_ANCESTORS {
			return Err(rejected(format!(
				"too-long-mempool-chain, too many unconfirmed ancestors [limit: {MAX_ANCESTORS}]"
			)));
		}
		for index in 0..tx.input.len() {
			crate::taproot::verify_spend(&tx, index, &prevouts).map_err(|error| {
				rejected(format!("mandatory-script-verify-flag-failed ({error:#})"))
			})?;
		}
		self.mempool.push((txid, tx));
		log::debug!("regtest: accepted {txid} ({} in the mempool)", self.mempool.len());
		Ok(txid)
	}

	/// Answers the JSON-RPC call `method` with positional `params`, as Bitcoin Core would (for
	/// [`METHODS`]).
	pub fn rpc(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
		match method {
			"getblockcount" => Ok(json!(self.height())),
			"getbestblockhash" => Ok(json!(self.tip().to_string())),
			"getblockhash" => self.rpc_getblockhash(params),
			"getblockheader" => self.rpc_getblockheader(params),
			"getblock" => self.rpc_getblock(params),
			"getblockchaininfo" => Ok(self.rpc_getblockchaininfo()),
			"getrawtransaction" => self.rpc_getrawtransaction(params),
			"sendrawtransaction" => self.rpc_sendrawtransaction(params),
			"scantxoutset" => self.rpc_scantxoutset(params),
			"gettxoutproof" => self.rpc_gettxoutproof(params),
			"generatetoaddress" => self.rpc_generatetoaddress(params),
			"getrawmempool" => self.rpc_getrawmempool(params),
			"getmempoolinfo" => Ok(self.rpc_getmempoolinfo()),
			_ => Err(RpcError::new(code::METHOD_NOT_FOUND, "Method not found")),
		}
	}

	/// The confirmations of a block at `height` (1 at the tip).
	fn confirmations(&self, height: u32) -> u32 {
		self.height().saturating_sub(height) + 1
	}

	/// `getblockhash height`.
	fn rpc_getblockhash(&self, params: &[Value]) -> Result<Value, RpcError> {
		let height = integer_param(params, 0, "height")?;
		let block = u32::try_from(height)
			.ok()
			.and_then(|h| self.block_at(h))
			.ok_or_else(|| RpcError::new(code::INVALID_PARAMETER, "Block height out of range"))?;
		Ok(json!(block.block_hash().to_string()))
	}

	/// `getblockheader hash (verbose=true)`.
	fn rpc_getblockheader(&self, params: &[Value]) -> Result<Value, RpcError> {
		let hash: BlockHash = hash_param(params, 0, "blockhash")?;
		let verbose = verbosity_param(params, 1, "verbose", 1)?;
		let (height, block) = self.block(&hash).ok_or_else(block_not_found)?;
		if verbose == 0 {
			return Ok(json!(serialize_hex(&block.header)));
		}
		Ok(self.header_json(height, block))
	}

	/// `getblock hash (verbosity=1)`: 0 the block's hex, 1 its header and txids, 2 or more its
	/// header and decoded transactions.
	fn rpc_getblock(&self, params: &[Value]) -> Result<Value, RpcError> {
		let hash: BlockHash = hash_param(params, 0, "blockhash")?;
		let verbosity = verbosity_param(params, 1, "verbosity", 1)?;
		let (height, block) = self.block(&hash).ok_or_else(block_not_found)?;
		if verbosity == 0 {
			return Ok(json!(serialize_hex(block)));
		}
		let mut result = self.header_json(height, block);
		let txs: Vec<Value> = if verbosity == 1 {
			block.txdata.iter().map(|tx| json!(tx.compute_txid().to_string())).collect()
		} else {
			block.txdata.iter().map(|tx| self.tx_json(tx, None)).collect()
		};
		insert(&mut result, "size", json!(block.total_size()));
		insert(&mut result, "weight", json!(block.weight().to_wu()));
		insert(&mut result, "tx", Value::Array(txs));
		Ok(result)
	}

	/// `getblockchaininfo` (the fields that mean something here).
	fn rpc_getblockchaininfo(&self) -> Value {
		let height = self.height();
		let time = self.block_at(height).map(|b| b.header.time).unwrap_or(0);
		json!({
			"chain": "regtest",
			"blocks": height,
			"headers": height,
			"bestblockhash": self.tip().to_string(),
			"difficulty": self.block_at(height).map(|b| b.header.difficulty_float()),
			"time": time,
			"mediantime": self.median_time_past(height),
			"verificationprogress": 1,
			"initialblockdownload": false,
			"chainwork": self.chainwork_hex(height),
			"size_on_disk": 0,
			"pruned": false,
			"warnings": ["in-process regtest node, not Bitcoin Core"],
		})
	}

	/// `getrawtransaction txid (verbose=0) (blockhash)`.
	fn rpc_getrawtransaction(&self, params: &[Value]) -> Result<Value, RpcError> {
		let txid: Txid = hash_param(params, 0, "txid")?;
		let verbose = verbosity_param(params, 1, "verbosity", 0)?;
		let (tx, place, in_block) = match param(params, 2) {
			Some(_) => {
				let hash: BlockHash = hash_param(params, 2, "blockhash")?;
				let (height, block) = self.block(&hash).ok_or_else(|| {
					RpcError::new(code::INVALID_ADDRESS_OR_KEY, "Block hash not found")
				})?;
				let tx =
					block.txdata.iter().find(|tx| tx.compute_txid() == txid).ok_or_else(|| {
						RpcError::new(
							code::INVALID_ADDRESS_OR_KEY,
							"No such transaction found in the provided block. Use gettransaction \
							 for wallet transactions.",
						)
					})?;
				(tx, Some((height, block)), true)
			}
			None => {
				let (tx, place) = self.find_transaction(&txid).ok_or_else(|| {
					RpcError::new(
						code::INVALID_ADDRESS_OR_KEY,
						"No such mempool or blockchain transaction. Use gettransaction for wallet \
						 transactions.",
					)
				})?;
				(tx, place, false)
			}
		};
		if verbose == 0 {
			return Ok(json!(serialize_hex(tx)));
		}
		let mut result = self.tx_json(tx, place);
		if in_block {
			insert(&mut result, "in_active_chain", json!(true));
		}
		Ok(result)
	}

	/// `sendrawtransaction hex (maxfeerate) (maxburnamount=0)`. `maxfeerate` is not checked.
	fn rpc_sendrawtransaction(&mut self, params: &[Value]) -> Result<Value, RpcError> {
		let raw = string_param(params, 0, "hexstring")?;
		let decode_failed = || {
			RpcError::new(
				code::DESERIALIZATION_ERROR,
				"TX decode failed. Make sure the tx has at least one input.",
			)
		};
		let bytes = hex::decode(raw.trim()).map_err(|_| decode_failed())?;
		let tx: Transaction = deserialize(&bytes).map_err(|_| decode_failed())?;
		let max_burn = match param(params, 2) {
			Some(value) => value
				.as_f64()
				.and_then(|btc| Amount::from_btc(btc).ok())
				.ok_or_else(|| RpcError::new(code::TYPE_ERROR, "Invalid amount"))?,
			None => Amount::ZERO,
		};
		if tx.output.iter().any(|o| o.script_pubkey.is_op_return() && o.value > max_burn) {
			return Err(RpcError::new(
				code::VERIFY_ERROR,
				"Unspendable output exceeds maximum configured by user (maxburnamount)",
			));
		}
		Ok(json!(self.submit(tx)?.to_string()))
	}

	/// `scantxoutset action scanobjects`: `start` over `addr(…)` and `raw(…)` descriptors (as
	/// strings or `{"desc": …}` objects; a `#checksum` is ignored), on the confirmed UTXO set.
	fn rpc_scantxoutset(&self, params: &[Value]) -> Result<Value, RpcError> {
		match string_param(params, 0, "action")? {
			"start" => {}
			"abort" => return Ok(json!(false)),
			"status" => return Ok(Value::Null),
			other => {
				return Err(RpcError::new(
					code::INVALID_PARAMETER,
					format!("Invalid action '{other}'"),
				))
			}
		}
		let objects = required(params, 1, "scanobjects")?
			.as_array()
			.ok_or_else(|| type_error("scanobjects", "array"))?;
		let mut scripts = Vec::new();
		for object in objects {
			let descriptor = match object {
				Value::String(text) => text.as_str(),
				Value::Object(map) => map
					.get("desc")
					.and_then(Value::as_str)
					.ok_or_else(|| type_error("scanobjects[].desc", "string"))?,
				_ => return Err(type_error("scanobjects[]", "string or object")),
			};
			scripts.push(descriptor_script(descriptor)?);
		}
		let mut coins: Vec<(&OutPoint, &Coin)> = self
			.utxos
			.iter()
			.filter(|(_, coin)| scripts.contains(&coin.output.script_pubkey))
			.collect();
		coins.sort_by_key(|(outpoint, coin)| (coin.height, **outpoint));
		let mut total_sat: u64 = 0;
		let unspents: Vec<Value> = coins
			.iter()
			.map(|(outpoint, coin)| {
				total_sat = total_sat.saturating_add(coin.output.value.to_sat());
				json!({
					"txid": outpoint.txid.to_string(),
					"vout": outpoint.vout,
					"scriptPubKey": coin.output.script_pubkey.to_hex_string(),
					"amount": btc(coin.output.value),
					"coinbase": coin.coinbase,
					"height": coin.height,
					"blockhash": self.block_at(coin.height).map(|b| b.block_hash().to_string()),
					"confirmations": self.confirmations(coin.height),
				})
			})
			.collect();
		Ok(json!({
			"success": true,
			"txouts": self.utxos.len(),
			"height": self.height(),
			"bestblock": self.tip().to_string(),
			"unspents": unspents,
			"total_amount": btc(Amount::from_sat(total_sat)),
		}))
	}

	/// `gettxoutproof [txid, …] (blockhash)`: a proof that every txid is in one block (the given
	/// one, or the block of the first txid).
	fn rpc_gettxoutproof(&self, params: &[Value]) -> Result<Value, RpcError> {
		let list =
			required(params, 0, "txids")?.as_array().ok_or_else(|| type_error("txids", "array"))?;
		let mut txids: Vec<Txid> = Vec::with_capacity(list.len());
		for (index, _) in list.iter().enumerate() {
			let txid: Txid = hash_param(list, index, "txid")?;
			if txids.contains(&txid) {
				return Err(RpcError::new(
					code::INVALID_PARAMETER,
					format!("Invalid parameter, duplicated txid: {txid}"),
				));
			}
			txids.push(txid);
		}
		let first = txids.first().ok_or_else(|| {
			RpcError::new(code::INVALID_PARAMETER, "Invalid parameter, txids must not be empty")
		})?;
		let block = match param(params, 1) {
			Some(_) => {
				let hash: BlockHash = hash_param(params, 1, "blockhash")?;
				self.block(&hash).ok_or_else(block_not_found)?.1
			}
			None => self.tx_index.get(first).and_then(|height| self.block_at(*height)).ok_or_else(
				|| RpcError::new(code::INVALID_ADDRESS_OR_KEY, "Transaction not yet in block"),
			)?,
		};
		let in_block: HashSet<Txid> = block.txdata.iter().map(Transaction::compute_txid).collect();
		if !txids.iter().all(|txid| in_block.contains(txid)) {
			return Err(RpcError::new(
				code::INVALID_ADDRESS_OR_KEY,
				"Not all transactions found in specified or retrieved block",
			));
		}
		let proof = MerkleBlock::from_block_with_predicate(block, |txid| txids.contains(txid));
		Ok(json!(hex::encode(serialize(&proof))))
	}

	/// `generatetoaddress nblocks address (maxtries)`: the hashes of the blocks mined.
	fn rpc_generatetoaddress(&mut self, params: &[Value]) -> Result<Value, RpcError> {
		let n = integer_param(params, 0, "nblocks")?;
		if n > MAX_GENERATE {
			return Err(RpcError::new(
				code::INVALID_PARAMETER,
				format!("this regtest node mines at most {MAX_GENERATE} blocks per call"),
			));
		}
		let address = string_param(params, 1, "address")?;
		let script = regtest_script(address).map_err(|error| {
			RpcError::new(
				code::INVALID_ADDRESS_OR_KEY,
				format!("Error: Invalid address ({error:#})"),
			)
		})?;
		// At most MAX_GENERATE, checked above.
		let hashes = self.generate(n as u32, &script);
		Ok(json!(hashes.iter().map(ToString::to_string).collect::<Vec<_>>()))
	}

	/// `getrawmempool (verbose=false)`.
	fn rpc_getrawmempool(&self, params: &[Value]) -> Result<Value, RpcError> {
		if verbosity_param(params, 0, "verbose", 0)? == 0 {
			let txids: Vec<String> = self.mempool_txids().iter().map(ToString::to_string).collect();
			return Ok(json!(txids));
		}
		let mut entries = serde_json::Map::new();
		for (txid, tx) in &self.mempool {
			let mut depends: Vec<String> = tx
				.input
				.iter()
				.map(|input| input.previous_output.txid)
				.filter(|parent| self.mempool.iter().any(|(id, _)| id == parent))
				.map(|parent| parent.to_string())
				.collect();
			depends.sort();
			depends.dedup();
			entries.insert(
				txid.to_string(),
				json!({
					"vsize": tx.vsize(),
					"weight": tx.weight().to_wu(),
					"wtxid": tx.compute_wtxid().to_string(),
					"depends": depends,
				}),
			);
		}
		Ok(Value::Object(entries))
	}

	/// `getmempoolinfo` (size and virtual bytes).
	fn rpc_getmempoolinfo(&self) -> Value {
		let bytes: usize = self.mempool.iter().map(|(_, tx)| tx.vsize()).sum();
		json!({ "loaded": true, "size": self.mempool.len(), "bytes": bytes })
	}

	/// The chain work up to block `height`, as Core's 64 hex digits.
	fn chainwork_hex(&self, height: u32) -> String {
		self.work.get(height as usize).map(|w| hex::encode(w.to_be_bytes())).unwrap_or_default()
	}

	/// A block header as Core's `getblockheader` shows it.
	fn header_json(&self, height: u32, block: &Block) -> Value {
		let header = &block.header;
		let mut result = json!({
			"hash": header.block_hash().to_string(),
			"confirmations": self.confirmations(height),
			"height": height,
			"version": header.version.to_consensus(),
			"versionHex": format!("{:08x}", header.version.to_consensus()),
			"merkleroot": header.merkle_root.to_string(),
			"time": header.time,
			"mediantime": self.median_time_past(height),
			"nonce": header.nonce,
			"bits": format!("{:08x}", header.bits.to_consensus()),
			"difficulty": header.difficulty_float(),
			"chainwork": self.chainwork_hex(height),
			"nTx": block.txdata.len(),
		});
		if height > 0 {
			insert(&mut result, "previousblockhash", json!(header.prev_blockhash.to_string()));
		}
		if let Some(next) = height.checked_add(1).and_then(|h| self.block_at(h)) {
			insert(&mut result, "nextblockhash", json!(next.block_hash().to_string()));
		}
		result
	}

	/// A transaction as Core's verbose `getrawtransaction` shows it; `place` (its block's height
	/// and the block) adds `blockhash`, `confirmations`, `time` and `blocktime`, which Core leaves
	/// out for a mempool transaction.
	fn tx_json(&self, tx: &Transaction, place: Option<(u32, &Block)>) -> Value {
		let coinbase = tx.is_coinbase();
		let vin: Vec<Value> = tx
			.input
			.iter()
			.map(|input| {
				let mut entry = if coinbase {
					json!({ "coinbase": input.script_sig.to_hex_string() })
				} else {
					json!({
						"txid": input.previous_output.txid.to_string(),
						"vout": input.previous_output.vout,
						"scriptSig": { "hex": input.script_sig.to_hex_string() },
					})
				};
				if !input.witness.is_empty() {
					let witness: Vec<String> = input.witness.iter().map(hex::encode).collect();
					insert(&mut entry, "txinwitness", json!(witness));
				}
				insert(&mut entry, "sequence", json!(input.sequence.to_consensus_u32()));
				entry
			})
			.collect();
		let vout: Vec<Value> = tx
			.output
			.iter()
			.enumerate()
			.map(|(n, output)| {
				let mut script = json!({ "hex": output.script_pubkey.to_hex_string() });
				if let Ok(address) = Address::from_script(&output.script_pubkey, Network::Regtest) {
					insert(&mut script, "address", json!(address.to_string()));
				}
				json!({ "value": btc(output.value), "n": n, "scriptPubKey": script })
			})
			.collect();
		let mut result = json!({
			"txid": tx.compute_txid().to_string(),
			"hash": tx.compute_wtxid().to_string(),
			"version": tx.version.0,
			"size": tx.total_size(),
			"vsize": tx.vsize(),
			"weight": tx.weight().to_wu(),
			"locktime": tx.lock_time.to_consensus_u32(),
			"vin": vin,
			"vout": vout,
			"hex": serialize_hex(tx),
		});
		if let Some((height, block)) = place {
			insert(&mut result, "blockhash", json!(block.block_hash().to_string()));
			insert(&mut result, "confirmations", json!(self.confirmations(height)));
			insert(&mut result, "time", json!(block.header.time));
			insert(&mut result, "blocktime", json!(block.header.time));
		}
		result
	}
}

/// Bitcoin Core's context-free checks of a transaction for the mempool (`CheckTransaction`, and
/// no coinbase); returns the total of its outputs.
fn check_transaction(tx: &Transaction) -> Result<Amount, RpcError> {
	if tx.input.is_empty() {
		return Err(rejected("bad-txns-vin-empty"));
	}
	if tx.output.is_empty() {
		return Err(rejected("bad-txns-vout-empty"));
	}
	// MAX_BLOCK_WEIGHT, over the transaction without its witness.
	if tx.base_size().saturating_mul(4) > 4_000_000 {
		return Err(rejected("bad-txns-oversize"));
	}
	let mut total = Amount::ZERO;
	for output in &tx.output {
		if output.value > Amount::MAX_MONEY {
			return Err(rejected("bad-txns-vout-toolarge"));
		}
		total = total
			.checked_add(output.value)
			.filter(|total| *total <= Amount::MAX_MONEY)
			.ok_or_else(|| rejected("bad-txns-txouttotal-toolarge"))?;
	}
	let mut seen = HashSet::new();
	if !tx.input.iter().all(|input| seen.insert(input.previous_output)) {
		return Err(rejected("bad-txns-inputs-duplicate"));
	}
	if tx.is_coinbase() {
		return Err(rejected("coinbase"));
	}
	if tx.input.iter().any(|input| input.previous_output.is_null()) {
		return Err(rejected("bad-txns-prevout-null"));
	}
	Ok(total)
}

/// Bitcoin Core 28's standardness rules that apply to what the relayer sends: version, weight,
/// OP_RETURN size and count, and dust (at the default 3 sat/vB dust relay fee).
fn check_standard(tx: &Transaction) -> Result<(), RpcError> {
	if !(1..=3).contains(&tx.version.0) {
		return Err(rejected("version"));
	}
	if tx.weight().to_wu() > 400_000 {
		return Err(rejected("tx-size"));
	}
	let mut op_returns = 0;
	for output in &tx.output {
		let script = &output.script_pubkey;
		if script.is_op_return() {
			op_returns += 1;
			if script.len() > 83 {
				return Err(rejected("scriptpubkey"));
			}
		} else if output.value < script.minimal_non_dust() {
			return Err(rejected("dust"));
		}
	}
	if op_returns > 1 {
		return Err(rejected("multi-op-return"));
	}
	Ok(())
}

/// Whether `tx` may be in block `height` after median time past `time` (Core's `IsFinalTx`).
fn is_final(tx: &Transaction, height: u32, time: u32) -> bool {
	let lock = tx.lock_time.to_consensus_u32();
	if lock == 0 {
		return true;
	}
	let limit = if lock < LOCK_TIME_THRESHOLD { height } else { time };
	lock < limit || tx.input.iter().all(|input| input.sequence == Sequence::MAX)
}

/// The output script of an `addr(…)` or `raw(…)` descriptor (its `#checksum`, if any, ignored).
fn descriptor_script(descriptor: &str) -> Result<ScriptBuf, RpcError> {
	let body = descriptor.split('#').next().unwrap_or_default().trim();
	let unsupported = || {
		RpcError::new(
			code::INVALID_ADDRESS_OR_KEY,
			format!(
				"this regtest node scans addr(...) and raw(...) descriptors only, not '{descriptor}'"
			),
		)
	};
	if let Some(address) = body.strip_prefix("addr(").and_then(|rest| rest.strip_suffix(')')) {
		return regtest_script(address).map_err(|error| {
			RpcError::new(code::INVALID_ADDRESS_OR_KEY, format!("Invalid address ({error:#})"))
		});
	}
	if let Some(raw) = body.strip_prefix("raw(").and_then(|rest| rest.strip_suffix(')')) {
		return hex::decode(raw).map(ScriptBuf::from_bytes).map_err(|_| unsupported());
	}
	Err(unsupported())
}

/// An amount as Core shows one in JSON: a number of BTC.
fn btc(amount: Amount) -> Value {
	json!(amount.to_btc())
}

/// Adds `key` to a JSON object (does nothing to anything else).
fn insert(object: &mut Value, key: &str, value: Value) {
	if let Value::Object(map) = object {
		map.insert(key.to_string(), value);
	}
}

/// Core's error for an unknown block hash.
fn block_not_found() -> RpcError {
	RpcError::new(code::INVALID_ADDRESS_OR_KEY, "Block not found")
}

/// A parameter of the wrong type.
fn type_error(name: &str, expected: &str) -> RpcError {
	RpcError::new(code::TYPE_ERROR, format!("Expected type {expected} for {name}"))
}

/// Parameter `index`, if given and not null.
fn param(params: &[Value], index: usize) -> Option<&Value> {
	params.get(index).filter(|value| !value.is_null())
}

/// Parameter `index`, which must be given.
fn required<'a>(params: &'a [Value], index: usize, name: &str) -> Result<&'a Value, RpcError> {
	param(params, index)
		.ok_or_else(|| RpcError::new(code::MISC_ERROR, format!("missing parameter {name}")))
}

/// A string parameter.
fn string_param<'a>(params: &'a [Value], index: usize, name: &str) -> Result<&'a str, RpcError> {
	required(params, index, name)?.as_str().ok_or_else(|| type_error(name, "string"))
}

/// A non-negative integer parameter.
fn integer_param(params: &[Value], index: usize, name: &str) -> Result<u64, RpcError> {
	required(params, index, name)?.as_u64().ok_or_else(|| type_error(name, "number"))
}

/// A verbosity: a boolean (0 or 1) or a number; `default` if not given.
fn verbosity_param(
	params: &[Value],
	index: usize,
	name: &str,
	default: u64,
) -> Result<u64, RpcError> {
	match param(params, index) {
		None => Ok(default),
		Some(Value::Bool(verbose)) => Ok(u64::from(*verbose)),
		Some(value) => value.as_u64().ok_or_else(|| type_error(name, "boolean or number")),
	}
}

/// A 32-byte hash parameter in Core's display order (a txid or a block hash).
fn hash_param<T: std::str::FromStr>(
	params: &[Value],
	index: usize,
	name: &str,
) -> Result<T, RpcError> {
	let text = string_param(params, index, name)?;
	if text.len() != 64 {
		return Err(RpcError::new(
			code::INVALID_PARAMETER,
			format!("{name} must be of length 64 (not {}, for '{text}')", text.len()),
		));
	}
	text.parse().map_err(|_| {
		RpcError::new(
			code::INVALID_PARAMETER,
			format!("{name} must be hexadecimal string (not '{text}')"),
		)
	})
}

/// Serves one call: the positional parameters (none if absent) to [`Chain::rpc`].
fn serve(
	chain: &Mutex<Chain>,
	method: &str,
	params: &Params<'_>,
) -> Result<Value, ErrorObjectOwned> {
	let args = params.parse::<Option<Vec<Value>>>()?.unwrap_or_default();
	let mut chain = chain
		.lock()
		.map_err(|_| RpcError::new(code::MISC_ERROR, "the regtest chain's lock is poisoned"))?;
	Ok(chain.rpc(method, &args)?)
}

/// Mines a block over the mempool every `every`, its coinbase burnt, until aborted.
async fn auto_mine(chain: Arc<Mutex<Chain>>, every: Duration) {
	let mut ticker = tokio::time::interval(every);
	ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
	// The first tick completes at once.
	ticker.tick().await;
	loop {
		ticker.tick().await;
		let mined = match chain.lock() {
			Ok(mut chain) => Some(chain.mine_block(burn_script())),
			Err(_) => None,
		};
		if mined.is_none() {
			log::error!("regtest: the chain's lock is poisoned; the miner stops");
			return;
		}
	}
}

/// A running in-process regtest node: its JSON-RPC server and, if asked, its miner. Dropping it
/// (or [`Node::stop`]) stops both.
pub struct Node {
	/// The address its JSON-RPC server listens on.
	pub addr: SocketAddr,
	/// Its chain, shared with the server (lock it briefly, and never across an `.await`).
	pub chain: Arc<Mutex<Chain>>,
	/// The server's handle.
	handle: ServerHandle,
	/// The miner's task, if blocks are mined on a timer.
	miner: Option<JoinHandle<()>>,
}

impl Node {
	/// The URL to give [`crate::btc::BitcoinCore::new`] (`http://ADDRESS`).
	pub fn url(&self) -> String {
		format!("http://{}", self.addr)
	}

	/// Runs `f` on the chain, under its lock (`f` must not panic).
	pub fn with_chain<T>(&self, f: impl FnOnce(&mut Chain) -> T) -> Result<T> {
		let mut chain = self
			.chain
			.lock()
			.map_err(|_| anyhow::anyhow!("the regtest chain's lock is poisoned"))?;
		Ok(f(&mut chain))
	}

	/// Stops the miner and the server, and waits (at most 5 seconds) for open connections to
	/// close.
	pub async fn stop(&self) {
		if let Some(miner) = &self.miner {
			miner.abort();
		}
		// An error means it was stopped already.
		let _ = self.handle.stop();
		let _ = tokio::time::timeout(Duration::from_secs(5), self.handle.clone().stopped()).await;
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(miner) = &self.miner {
			miner.abort();
		}
		let _ = self.handle.stop();
	}
}

/// Starts a regtest node whose genesis coinbase pays 50 BTC to `fund` (spendable once 100 more
/// blocks are mined), with its JSON-RPC server on `addr` (port 0: any free port; see
/// [`Node::addr`]) and, with `mine_every`, a block over the mempool mined at that interval (its
/// coinbase burnt). Must be called inside a tokio runtime.
pub async fn start(
	addr: SocketAddr,
	fund: ScriptBuf,
	mine_every: Option<Duration>,
) -> Result<Node> {
	if let Some(every) = mine_every {
		ensure!(!every.is_zero(), "the regtest node's mining interval must not be zero");
	}
	let chain = Arc::new(Mutex::new(Chain::new(fund)));
	let mut module = RpcModule::from_arc(Arc::clone(&chain));
	for &name in METHODS {
		module
			.register_method(name, move |params, chain, _| serve(chain, name, &params))
			.with_context(|| format!("registering {name}"))?;
	}
	let server = Server::builder()
		.http_only()
		.build(addr)
		.await
		.with_context(|| format!("binding the regtest node's JSON-RPC server to {addr}"))?;
	let addr = server.local_addr().context("the regtest node's address")?;
	let handle = server.start(module);
	let miner = mine_every.map(|every| tokio::spawn(auto_mine(Arc::clone(&chain), every)));
	log::info!("regtest node (in process, not Bitcoin Core) serving JSON-RPC at http://{addr}");
	Ok(Node { addr, chain, handle, miner })
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		btc::{test_wallet as wallet, verify_inclusion, BitcoinCore, TxStatus},
		rpc::Rpc,
		taproot::{
			self, group_address, key_spend_sighash, next_group_utxo, spent_from_group,
			testing::Group, with_key_spend_signature, GroupUtxo,
		},
	};
	use bitcoin::secp256k1::{Keypair, Message, Secp256k1};
	use jsonrpsee::core::ClientError;
	use rand::{rngs::StdRng, SeedableRng};

	/// The fee every test transaction pays.
	const FEE: Amount = Amount::from_sat(1_000);

	/// A node on a free loopback port funding `fund`, the relayer's client of it and a raw
	/// client (credentials are sent, and not checked).
	async fn spawn_node(fund: ScriptBuf) -> (Node, BitcoinCore, Rpc) {
		let node = start(SocketAddr::from(([127, 0, 0, 1], 0)), fund, None).await.unwrap();
		let core = BitcoinCore::new(&node.url(), Some("user:password")).unwrap();
		let rpc = Rpc::new(&node.url(), Some("user:password")).unwrap();
		(node, core, rpc)
	}

	/// `generatetoaddress n to`.
	async fn generate(rpc: &Rpc, n: u32, to: &Address) -> Vec<BlockHash> {
		let hashes = rpc.call("generatetoaddress", json!([n, to.to_string()])).await.unwrap();
		hashes.as_array().unwrap().iter().map(|h| h.as_str().unwrap().parse().unwrap()).collect()
	}

	/// The JSON-RPC error code of a failed call, if the server answered with one.
	fn code_of(error: &anyhow::Error) -> Option<i32> {
		match error.downcast_ref::<ClientError>() {
			Some(ClientError::Call(object)) => Some(object.code()),
			_ => None,
		}
	}

	/// The call failed with `code` and a message containing `reason`.
	fn assert_refused<T: std::fmt::Debug>(result: Result<T>, code: i32, reason: &str) {
		let error = result.expect_err(reason);
		let text = format!("{error:#}");
		assert_eq!(code_of(&error), Some(code), "{text}");
		assert!(text.contains(reason), "expected {reason}: {text}");
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn the_bitcoin_core_client_anchors_through_the_regtest_node() {
		let w = wallet(1);
		let miner = wallet(2);
		let (node, core, rpc) = spawn_node(w.address.script_pubkey()).await;
		assert_eq!(rpc.call("getblockcount", json!([])).await.unwrap(), json!(0));
		let anonymous = Rpc::new(&node.url(), None).unwrap();
		assert_eq!(anonymous.call("getblockcount", json!([])).await.unwrap(), json!(0));

		let mined = generate(&rpc, 101, &miner.address).await;
		assert_eq!(mined.len(), 101);
		assert_eq!(rpc.call("getblockcount", json!([])).await.unwrap(), json!(101));
		let tip = json!(mined[100].to_string());
		assert_eq!(rpc.call("getbestblockhash", json!([])).await.unwrap(), tip);
		assert_eq!(rpc.call("getblockhash", json!([101])).await.unwrap(), tip);
		let error = rpc.call("getblockhash", json!([102])).await.unwrap_err();
		assert_eq!(code_of(&error), Some(code::INVALID_PARAMETER), "{error:#}");

		// The genesis coinbase pays the wallet; the blocks since pay the miner.
		let genesis = rpc.call("getblockhash", json!([0])).await.unwrap();
		let genesis = rpc.call("getblock", json!([genesis, 1])).await.unwrap();
		let funding =
			OutPoint { txid: genesis["tx"][0].as_str().unwrap().parse().unwrap(), vout: 0 };
		assert_eq!(core.utxos(&w.address).await.unwrap(), vec![(funding, SUBSIDY)]);
		let scan = rpc
			.call("scantxoutset", json!(["start", [format!("addr({})", w.address)]]))
			.await
			.unwrap();
		assert_eq!(scan["success"], json!(true));
		assert_eq!(scan["total_amount"], json!(50.0));
		assert_eq!(scan["unspents"][0]["height"], json!(0));
		assert_eq!(scan["unspents"][0]["coinbase"], json!(true));
		assert_eq!(
			scan["unspents"][0]["scriptPubKey"],
			json!(w.address.script_pubkey().to_hex_string())
		);

		// An anchor, accepted (and accepted again, as by Core), unconfirmed.
		let first = w.anchor_transaction(funding, SUBSIDY, FEE, 1, [1; 32]).unwrap();
		let txid = core.send(&first).await.unwrap();
		assert_eq!(txid, first.compute_txid());
		assert_eq!(core.send(&first).await.unwrap(), txid);
		assert_eq!(
			core.transaction(&txid).await.unwrap(),
			(first.clone(), TxStatus { confirmations: 0, block_hash: None })
		);
		// scantxoutset reads the confirmed UTXO set, as Core's does.
		assert_eq!(core.utxos(&w.address).await.unwrap(), vec![(funding, SUBSIDY)]);
		// A second anchor on the first's unconfirmed change.
		let change = OutPoint { txid, vout: 1 };
		let second = w.anchor_transaction(change, first.output[1].value, FEE, 2, [2; 32]).unwrap();
		let second_txid = core.send(&second).await.unwrap();
		assert_eq!(
			rpc.call("getrawmempool", json!([])).await.unwrap(),
			json!([txid.to_string(), second_txid.to_string()])
		);
		// A double spend of the funding output.
		let rival = w.anchor_transaction(funding, SUBSIDY, FEE + FEE, 1, [9; 32]).unwrap();
		assert_refused(core.send(&rival).await, code::VERIFY_REJECTED, "txn-mempool-conflict");

		// Six blocks: both confirmed in the first, with proofs.
		let six = generate(&rpc, 6, &miner.address).await;
		let block = six[0];
		for id in [txid, second_txid] {
			let (_, status) = core.transaction(&id).await.unwrap();
			assert_eq!(status, TxStatus { confirmations: 6, block_hash: Some(block) });
			let proof = core.txout_proof(&id, &block).await.unwrap();
			assert_eq!(verify_inclusion(&proof, &id).unwrap().block_hash, block);
		}
		assert_eq!(core.height(&block).await.unwrap(), 102);
		assert!(core.txout_proof(&txid, &six[1]).await.is_err(), "not in that block");
		let header = rpc.call("getblockheader", json!([block.to_string(), true])).await.unwrap();
		assert_eq!(header["height"], json!(102));
		assert_eq!(header["confirmations"], json!(6));
		assert_eq!(header["previousblockhash"], tip);
		assert_eq!(header["nextblockhash"], json!(six[1].to_string()));
		assert_eq!(header["bits"], json!("207fffff"));
		assert_eq!(header["nTx"], json!(3));
		let proof = core.txout_proof(&txid, &block).await.unwrap();
		let root = verify_inclusion(&proof, &txid).unwrap().merkle_root;
		assert_eq!(header["merkleroot"], json!(root.to_string()));

		let change = OutPoint { txid: second_txid, vout: 1 };
		let left = SUBSIDY - FEE - FEE;
		assert_eq!(core.utxos(&w.address).await.unwrap(), vec![(change, left)]);

		// Spent, confirmed, and not ours: refused.
		assert_refused(
			core.send(&rival).await,
			code::VERIFY_ERROR,
			"bad-txns-inputs-missingorspent",
		);
		assert_refused(
			core.send(&first).await,
			code::VERIFY_ERROR,
			"bad-txns-inputs-missingorspent",
		);
		assert_refused(
			core.send(&second).await,
			code::VERIFY_ALREADY_IN_UTXO_SET,
			"already in utxo set",
		);
		let stolen = miner.anchor_transaction(change, left, FEE, 3, [3; 32]).unwrap();
		assert_refused(
			core.send(&stolen).await,
			code::VERIFY_REJECTED,
			"mandatory-script-verify-flag-failed",
		);
		let inflated = w.anchor_transaction(change, left + Amount::ONE_BTC, FEE, 3, [3; 32]);
		assert_refused(
			core.send(&inflated.unwrap()).await,
			code::VERIFY_REJECTED,
			"bad-txns-in-belowout",
		);
		let free = w.anchor_transaction(change, left, Amount::ZERO, 3, [3; 32]).unwrap();
		assert_refused(core.send(&free).await, code::VERIFY_REJECTED, "min relay fee not met");
		let error = rpc.call("sendrawtransaction", json!(["00zz"])).await.unwrap_err();
		assert_eq!(code_of(&error), Some(code::DESERIALIZATION_ERROR), "{error:#}");
		let error = core.transaction(&Txid::all_zeros()).await.unwrap_err();
		assert_eq!(code_of(&error), Some(code::INVALID_ADDRESS_OR_KEY), "{error:#}");
		let error = rpc.call("getwalletinfo", json!([])).await.unwrap_err();
		assert_eq!(code_of(&error), Some(code::METHOD_NOT_FOUND), "{error:#}");

		// A coinbase paying the wallet: spendable at depth 100, not before.
		let paid = generate(&rpc, 1, &w.address).await;
		let paid = rpc.call("getblock", json!([paid[0].to_string(), 1])).await.unwrap();
		let reward = OutPoint { txid: paid["tx"][0].as_str().unwrap().parse().unwrap(), vout: 0 };
		assert_eq!(core.utxos(&w.address).await.unwrap(), vec![(change, left), (reward, SUBSIDY)]);
		let early = w.anchor_transaction(reward, SUBSIDY, FEE, 4, [4; 32]).unwrap();
		let premature = "bad-txns-premature-spend-of-coinbase";
		assert_refused(core.send(&early).await, code::VERIFY_REJECTED, premature);
		// The coinbase is at height 108; at tip 206 the next block is at depth 99.
		generate(&rpc, 98, &miner.address).await;
		assert_refused(core.send(&early).await, code::VERIFY_REJECTED, premature);
		generate(&rpc, 1, &miner.address).await;
		assert_eq!(core.send(&early).await.unwrap(), early.compute_txid());
		node.stop().await;
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn group_anchors_by_two_of_three_are_accepted_and_a_lone_share_is_refused() {
		let group = Group::new(1, 2020);
		let mut rng = StdRng::seed_from_u64(2021);
		let (a, b, c) = (group.ids[0], group.ids[1], group.ids[2]);
		let address = group_address(&group.key_x, Network::Regtest).unwrap();
		let miner = wallet(2);
		let (node, core, rpc) = spawn_node(address.script_pubkey()).await;
		generate(&rpc, 101, &miner.address).await;

		let found = core.utxos(&address).await.unwrap();
		assert_eq!(found.len(), 1);
		let utxo = GroupUtxo { outpoint: found[0].0, value: found[0].1 };
		assert_eq!(utxo.value, SUBSIDY);
		let prevout = utxo.txout(&group.key_x).unwrap();
		let unsigned = taproot::anchor_transaction(&utxo, &group.key_x, 1, [1; 32], FEE).unwrap();
		let consensus = "mandatory-script-verify-flag-failed";
		assert_refused(core.send(&unsigned).await, code::VERIFY_REJECTED, consensus);

		// One relayer alone: its secret share used as a plain BIP340 key.
		let secp = Secp256k1::new();
		let sighash = key_spend_sighash(&unsigned, &prevout).unwrap();
		for id in &group.ids {
			let share = group.keys[id].signing_share().serialize();
			let keypair = Keypair::from_seckey_slice(&secp, &share).unwrap();
			let signature = secp.sign_schnorr_no_aux_rand(&Message::from_digest(sighash), &keypair);
			let forged = with_key_spend_signature(&unsigned, &signature.serialize()).unwrap();
			assert!(spent_from_group(&forged, &prevout, &group.key_x), "shaped as the group's");
			assert_refused(core.send(&forged).await, code::VERIFY_REJECTED, consensus);
		}

		// Two of three sign; the next anchor spends its change before it confirms.
		let first = group.sign_tx(&unsigned, &prevout, &[a, b], &mut rng);
		let first_txid = core.send(&first).await.unwrap();
		assert_eq!(first_txid, unsigned.compute_txid());
		let change = next_group_utxo(&first).unwrap();
		let change_prevout = change.txout(&group.key_x).unwrap();
		let second = taproot::anchor_transaction(&change, &group.key_x, 2, [2; 32], FEE).unwrap();
		let second = group.sign_tx(&second, &change_prevout, &[b, c], &mut rng);
		let second_txid = core.send(&second).await.unwrap();
		// Another root for checkpoint 1, signed by the group: a double spend.
		let other = taproot::anchor_transaction(&utxo, &group.key_x, 1, [0xee; 32], FEE).unwrap();
		let other = group.sign_tx(&other, &prevout, &[a, c], &mut rng);
		assert_refused(core.send(&other).await, code::VERIFY_REJECTED, "txn-mempool-conflict");
		for id in [first_txid, second_txid] {
			let (_, status) = core.transaction(&id).await.unwrap();
			assert_eq!(status, TxStatus { confirmations: 0, block_hash: None });
		}

		let block = generate(&rpc, 1, &miner.address).await[0];
		for id in [first_txid, second_txid] {
			let (_, status) = core.transaction(&id).await.unwrap();
			assert_eq!(status, TxStatus { confirmations: 1, block_hash: Some(block) });
			let proof = core.txout_proof(&id, &block).await.unwrap();
			assert_eq!(verify_inclusion(&proof, &id).unwrap().block_hash, block);
		}
		assert_eq!(core.height(&block).await.unwrap(), 102);
		let last = next_group_utxo(&second).unwrap();
		assert_eq!(core.utxos(&address).await.unwrap(), vec![(last.outpoint, SUBSIDY - FEE - FEE)]);
		assert_refused(
			core.send(&other).await,
			code::VERIFY_ERROR,
			"bad-txns-inputs-missingorspent",
		);
		node.stop().await;
	}

	#[test]
	fn the_mempool_refuses_non_final_and_too_long_chains_and_a_block_clears_it() {
		let w = wallet(1);
		let mut chain = Chain::new(w.address.script_pubkey());
		assert_eq!(chain.height(), 0);
		// At tip 99 the next block is at height 100: the genesis coinbase is mature.
		chain.generate(99, &burn_script());
		let funding = chain.block_at(0).unwrap().txdata[0].clone();
		let mut outpoint = OutPoint { txid: funding.compute_txid(), vout: 0 };
		let mut value = SUBSIDY;
		assert_eq!(chain.coin(&outpoint).map(|c| c.coinbase), Some(true));

		// A lock time at the next height is not final (checked before the signature, which the
		// change of lock time breaks); one at the tip's height is.
		let mut late = w.anchor_transaction(outpoint, value, FEE, 0, [0; 32]).unwrap();
		late.lock_time = LockTime::from_consensus(chain.height() + 1);
		let error = chain.submit(late.clone()).unwrap_err();
		assert_eq!((error.code, error.message.as_str()), (code::VERIFY_REJECTED, "non-final"));
		late.lock_time = LockTime::from_consensus(chain.height());
		let error = chain.submit(late).unwrap_err();
		assert!(error.message.starts_with("mandatory-script-verify-flag-failed"), "{error}");

		// 25 chained anchors, then no more.
		for n in 0..25u8 {
			let tx = w.anchor_transaction(outpoint, value, FEE, n.into(), [n; 32]).unwrap();
			assert_eq!(chain.submit(tx.clone()), Ok(tx.compute_txid()), "anchor {n}");
			outpoint = OutPoint { txid: tx.compute_txid(), vout: 1 };
			value = tx.output[1].value;
		}
		let last = w.anchor_transaction(outpoint, value, FEE, 25, [25; 32]).unwrap();
		let error = chain.submit(last.clone()).unwrap_err();
		assert_eq!(error.code, code::VERIFY_REJECTED);
		assert!(error.message.starts_with("too-long-mempool-chain"), "{error}");
		assert_eq!(chain.mempool_txids().len(), 25);

		let hash = chain.mine_block(burn_script());
		assert_eq!((chain.tip(), chain.height()), (hash, 100));
		assert!(chain.mempool_txids().is_empty());
		assert_eq!(chain.block_at(100).unwrap().txdata.len(), 26);
		assert_eq!(chain.transaction(&outpoint.txid).map(|(_, h)| h), Some(Some(100)));
		assert_eq!(chain.submit(last.clone()), Ok(last.compute_txid()));
		assert_eq!(chain.transaction(&last.compute_txid()).map(|(_, h)| h), Some(None));

		// Parameters.
		let error = chain.rpc("getblockhash", &[json!(101)]).unwrap_err();
		assert_eq!(error.code, code::INVALID_PARAMETER);
		let error = chain.rpc("getblockheader", &[json!("00".repeat(32))]).unwrap_err();
		assert_eq!(error.code, code::INVALID_ADDRESS_OR_KEY);
		let error = chain.rpc("getrawtransaction", &[json!("abc")]).unwrap_err();
		assert_eq!(error.code, code::INVALID_PARAMETER);
		let error = chain.rpc("scantxoutset", &[json!("start"), json!(["pkh(02ab)"])]).unwrap_err();
		assert_eq!(error.code, code::INVALID_ADDRESS_OR_KEY);
		assert_eq!(chain.rpc("nosuchmethod", &[]).unwrap_err().code, code::METHOD_NOT_FOUND);
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn the_timed_miner_confirms_what_is_sent() {
		let w = wallet(1);
		let every = Some(Duration::from_millis(50));
		let node = start(SocketAddr::from(([127, 0, 0, 1], 0)), w.address.script_pubkey(), every)
			.await
			.unwrap();
		node.with_chain(|chain| chain.generate(100, &burn_script())).unwrap();
		let core = BitcoinCore::new(&node.url(), None).unwrap();
		let (utxo, value) = core.utxos(&w.address).await.unwrap()[0];
		let tx = w.anchor_transaction(utxo, value, FEE, 1, [1; 32]).unwrap();
		let txid = core.send(&tx).await.unwrap();
		let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
		loop {
			let (_, status) = core.transaction(&txid).await.unwrap();
			if status.confirmations >= 2 {
				assert!(status.block_hash.is_some());
				break;
			}
			assert!(tokio::time::Instant::now() < deadline, "nothing mined in 10 s");
			tokio::time::sleep(Duration::from_millis(20)).await;
		}
		assert!(start(localhost_of(&node), burn_script(), Some(Duration::ZERO)).await.is_err());
		node.stop().await;
	}

	/// Loopback, port 0 (any), for a second node next to `node`.
	fn localhost_of(node: &Node) -> SocketAddr {
		SocketAddr::new(node.addr.ip(), 0)
	}
}
