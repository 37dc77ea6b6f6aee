//! The Bitcoin side of anchoring: one OP_RETURN output per checkpoint, in a transaction built
//! and signed here (P2WPKH input, change back to the same address), and the SPV check that a
//! transaction is in a block (Bitcoin Core's `gettxoutproof` format: a serialized
//! `MerkleBlock`).
//!
//! The OP_RETURN payload is 45 bytes: the tag `MCTC`, a version byte (1), the checkpoint
//! number (8 bytes, big-endian) and the checkpoint root (32 bytes).

use anyhow::{anyhow, bail, ensure, Context, Result};
use bitcoin::{
	absolute::LockTime,
	consensus::{deserialize, encode::serialize},
	ecdsa,
	hashes::Hash,
	script::PushBytesBuf,
	secp256k1::{Message, Secp256k1},
	sighash::{EcdsaSighashType, SighashCache},
	transaction::Version,
	Address, Amount, CompressedPublicKey, MerkleBlock, Network, OutPoint, PrivateKey, ScriptBuf,
	Sequence, Transaction, TxIn, TxOut, Txid, Witness,
};

/// The tag that starts every MetaChain anchor payload (the chain's own constant: the payload
/// is written once, in `pallet_anchoring::bitcoin`).
pub const TAG: [u8; 4] = pallet_anchoring::bitcoin::ANCHOR_TAG;
/// The payload format's version.
pub const PAYLOAD_VERSION: u8 = pallet_anchoring::bitcoin::ANCHOR_VERSION;
/// The payload's length.
pub const PAYLOAD_LEN: usize = pallet_anchoring::bitcoin::ANCHOR_PAYLOAD_LEN;

/// The OP_RETURN payload of checkpoint `number` with `root`: `MCTC`, 1, the number (8 bytes,
/// big-endian), the root; the same bytes the chain puts in the group's anchors.
pub fn payload(number: u64, root: [u8; 32]) -> [u8; PAYLOAD_LEN] {
	pallet_anchoring::bitcoin::anchor_payload(number, &root)
}

/// The checkpoint number and root of a payload, if it is one.
pub fn parse_payload(data: &[u8]) -> Option<(u64, [u8; 32])> {
	if data.len() != PAYLOAD_LEN || data[..4] != TAG || data[4] != PAYLOAD_VERSION {
		return None;
	}
	let number = u64::from_be_bytes(data[5..13].try_into().ok()?);
	let root: [u8; 32] = data[13..].try_into().ok()?;
	Some((number, root))
}

/// The OP_RETURN script carrying checkpoint `number`'s root.
pub fn anchor_script(number: u64, root: [u8; 32]) -> ScriptBuf {
	let data =
		PushBytesBuf::try_from(payload(number, root).to_vec()).expect("45 bytes fit a push; qed");
	ScriptBuf::new_op_return(data)
}

/// The anchor a transaction carries: the first OP_RETURN output with a MetaChain payload.
pub fn find_anchor(tx: &Transaction) -> Option<(u64, [u8; 32])> {
	tx.output.iter().find_map(|out| {
		let script = &out.script_pubkey;
		if !script.is_op_return() {
			return None;
		}
		// OP_RETURN, then one push of the payload.
		script.instructions().skip(1).find_map(|i| match i {
			Ok(bitcoin::script::Instruction::PushBytes(b)) => parse_payload(b.as_bytes()),
			_ => None,
		})
	})
}

/// A relayer's Bitcoin key and the P2WPKH address it spends from and returns change to.
pub struct Wallet {
	/// The key.
	pub key: PrivateKey,
	/// Its compressed public key.
	pub public: CompressedPublicKey,
	/// Its P2WPKH address.
	pub address: Address,
}

impl Wallet {
	/// The wallet of a WIF key on `network`.
	pub fn from_wif(wif: &str, network: Network) -> Result<Self> {
		let key = PrivateKey::from_wif(wif).context("not a WIF private key")?;
		let secp = Secp256k1::new();
		let public = CompressedPublicKey::from_private_key(&secp, &key)
			.map_err(|_| anyhow!("the key must be compressed"))?;
		let address = Address::p2wpkh(&public, network);
		Ok(Self { key, public, address })
	}

	/// A transaction spending `utxo` (worth `value`, paid to this wallet's address) into an
	/// OP_RETURN output with checkpoint `number`'s root and the change (less `fee`) back to
	/// this wallet. Signed.
	pub fn anchor_transaction(
		&self,
		utxo: OutPoint,
		value: Amount,
		fee: Amount,
		number: u64,
		root: [u8; 32],
	) -> Result<Transaction> {
		let change =
			value.checked_sub(fee).ok_or_else(|| anyhow!("the UTXO cannot pay the fee"))?;
		ensure!(
			change >= Amount::from_sat(546),
			"the change would be dust: fund the relayer's address"
		);
		let script_pubkey = self.address.script_pubkey();
		let mut tx = Transaction {
			version: Version::TWO,
			lock_time: LockTime::ZERO,
			input: vec![TxIn {
				previous_output: utxo,
				script_sig: ScriptBuf::new(),
				sequence: Sequence::ENABLE_RBF_NO_LOCKTIME,
				witness: Witness::new(),
			}],
			output: vec![
				TxOut { value: Amount::ZERO, script_pubkey: anchor_script(number, root) },
				TxOut { value: change, script_pubkey: script_pubkey.clone() },
			],
		};
		let sighash = SighashCache::new(&tx)
			.p2wpkh_signature_hash(0, &script_pubkey, value, EcdsaSighashType::All)
			.context("sighash")?;
		let secp = Secp256k1::new();
		let msg = Message::from_digest(sighash.to_byte_array());
		let signature = ecdsa::Signature::sighash_all(secp.sign_ecdsa(&msg, &self.key.inner));
		tx.input[0].witness = Witness::p2wpkh(&signature, &self.public.0);
		Ok(tx)
	}
}

/// The raw transaction, hex-encoded (for `sendrawtransaction`).
pub fn to_hex(tx: &Transaction) -> String {
	hex::encode(serialize(tx))
}

/// A transaction from its hex encoding.
pub fn from_hex(raw: &str) -> Result<Transaction> {
	let bytes = hex::decode(raw.trim()).context("not hex")?;
	deserialize(&bytes).context("not a transaction")
}

/// What an SPV proof proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inclusion {
	/// The block's hash (display order hex via `to_string`).
	pub block_hash: bitcoin::BlockHash,
	/// The block header's merkle root.
	pub merkle_root: bitcoin::TxMerkleNode,
}

/// Checks a `gettxoutproof` proof (hex) that `txid` is in a block whose header meets its own
/// proof-of-work target; returns the block's hash.
pub fn verify_inclusion(proof_hex: &str, txid: &Txid) -> Result<Inclusion> {
	let bytes = hex::decode(proof_hex.trim()).context("the proof is not hex")?;
	let mb: MerkleBlock = deserialize(&bytes).context("the proof is not a merkle block")?;
	let block_hash = mb
		.header
		.validate_pow(mb.header.target())
		.map_err(|e| anyhow!("the block header fails its proof of work: {e}"))?;
	let mut matches = Vec::new();
	let mut indexes = Vec::new();
	let root = mb
		.txn
		.extract_matches(&mut matches, &mut indexes)
		.map_err(|e| anyhow!("the partial merkle tree is invalid: {e:?}"))?;
	if root != mb.header.merkle_root {
		bail!(
			"the partial merkle tree's root {root} is not the header's {}",
			mb.header.merkle_root
		);
	}
	if !matches.contains(txid) {
		bail!("the proof does not include transaction {txid}");
	}
	Ok(Inclusion { block_hash, merkle_root: root })
}

/// The network of a name as the CLI takes it.
pub fn network(name: &str) -> Result<Network> {
	Ok(match name {
		"mainnet" | "bitcoin" => Network::Bitcoin,
		"testnet" => Network::Testnet,
		"testnet4" => Network::Testnet4,
		"signet" => Network::Signet,
		"regtest" => Network::Regtest,
		other => bail!("unknown Bitcoin network {other}"),
	})
}

/// The pallet's name of a network.
pub fn pallet_network(network: Network) -> pallet_anchoring::BitcoinNetwork {
	use pallet_anchoring::BitcoinNetwork as B;
	match network {
		Network::Bitcoin => B::Mainnet,
		Network::Testnet => B::Testnet,
		Network::Testnet4 => B::Testnet4,
		Network::Signet => B::Signet,
		Network::Regtest => B::Regtest,
	}
}

/// The P2WPKH regtest wallet of the secret `[secret; 32]` (tests of this module and of the
/// regtest node).
#[cfg(test)]
pub(crate) fn test_wallet(secret: u8) -> Wallet {
	let key = PrivateKey::new(
		bitcoin::secp256k1::SecretKey::from_slice(&[secret; 32]).expect("a valid secret; qed"),
		Network::Regtest,
	);
	Wallet::from_wif(&key.to_wif(), Network::Regtest).expect("a key's own WIF; qed")
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::regtest::proof_hex;
	use bitcoin::{Block, BlockHash, CompactTarget};

	/// The wallet of these tests (the secret 0x01..01).
	fn wallet() -> Wallet {
		test_wallet(1)
	}

	/// A coinbase of block `height` paying the test wallet.
	fn coinbase(height: u32) -> Transaction {
		crate::regtest::coinbase(height, wallet().address.script_pubkey())
	}

	/// A regtest block over `txs`, its coinbase paying the test wallet.
	fn mine(prev: BlockHash, height: u32, txs: Vec<Transaction>) -> Block {
		crate::regtest::mine(prev, height, wallet().address.script_pubkey(), txs)
	}

	#[test]
	fn the_payload_round_trips_and_fits_op_return() {
		let root = [7u8; 32];
		let p = payload(42, root);
		assert_eq!(p.len(), 45);
		assert_eq!(parse_payload(&p), Some((42, root)));
		let script = anchor_script(42, root);
		assert!(script.is_op_return());
		assert!(script.len() <= 83, "OP_RETURN + push + 80 bytes at most");
		let mut other = p;
		other[0] = b'X';
		assert_eq!(parse_payload(&other), None);
		assert_eq!(parse_payload(&p[..44]), None);
	}

	#[test]
	fn the_anchor_transaction_round_trips_and_is_signed() {
		let w = wallet();
		let funding = coinbase(1);
		let utxo = OutPoint { txid: funding.compute_txid(), vout: 0 };
		let root = [0xabu8; 32];
		let tx = w
			.anchor_transaction(utxo, funding.output[0].value, Amount::from_sat(1_000), 3, root)
			.unwrap();
		// Serialize, parse, find the root.
		let parsed = from_hex(&to_hex(&tx)).unwrap();
		assert_eq!(parsed, tx);
		assert_eq!(find_anchor(&parsed), Some((3, root)));
		assert_eq!(
			parsed.output[1].value,
			Amount::from_btc(50.0).unwrap() - Amount::from_sat(1_000)
		);
		// The witness signature verifies against the P2WPKH sighash.
		let sighash = SighashCache::new(&parsed)
			.p2wpkh_signature_hash(
				0,
				&w.address.script_pubkey(),
				funding.output[0].value,
				EcdsaSighashType::All,
			)
			.unwrap();
		let sig_bytes = parsed.input[0].witness.nth(0).unwrap();
		let sig = ecdsa::Signature::from_slice(sig_bytes).unwrap();
		let secp = Secp256k1::new();
		secp.verify_ecdsa(
			&Message::from_digest(sighash.to_byte_array()),
			&sig.signature,
			&w.public.0,
		)
		.expect("valid signature");
		// Not enough for the fee: refused.
		assert!(w
			.anchor_transaction(utxo, Amount::from_sat(1_200), Amount::from_sat(1_000), 3, root)
			.is_err());
	}

	#[test]
	fn an_inclusion_proof_in_a_regtest_block_verifies_and_a_flipped_bit_fails() {
		let w = wallet();
		let genesis = mine(BlockHash::all_zeros(), 0, vec![]);
		let funding = genesis.txdata[0].clone();
		let utxo = OutPoint { txid: funding.compute_txid(), vout: 0 };
		let root = [0x5au8; 32];
		let anchor = w
			.anchor_transaction(utxo, funding.output[0].value, Amount::from_sat(2_000), 9, root)
			.unwrap();
		// Some other transactions around it, so the tree has depth.
		let others: Vec<Transaction> = (2..6).map(coinbase).collect();
		let mut txs = others.clone();
		txs.insert(2, anchor.clone());
		let block = mine(genesis.block_hash(), 1, txs);
		let txid = anchor.compute_txid();
		let proof = proof_hex(&block, txid);

		let inclusion = verify_inclusion(&proof, &txid).expect("included");
		assert_eq!(inclusion.block_hash, block.block_hash());
		assert_eq!(inclusion.merkle_root, block.header.merkle_root);
		// Another transaction is not proven by it.
		assert!(verify_inclusion(&proof, &others[0].compute_txid()).is_err());

		// A flipped bit in the header's merkle root, or in any hash of the partial tree
		// (serialized: header 80 bytes, transaction count 4, hash count 1, then the hashes),
		// fails.
		let bytes = hex::decode(&proof).unwrap();
		let hashes = bytes[84] as usize;
		assert!(hashes >= 2);
		let mut positions = vec![36 * 8 + 3];
		positions.extend((0..hashes).map(|h| (85 + 32 * h + 7) * 8 + 1));
		for bit in positions {
			let mut tampered = bytes.clone();
			tampered[bit / 8] ^= 1 << (bit % 8);
			assert!(verify_inclusion(&hex::encode(&tampered), &txid).is_err(), "bit {bit} flipped");
		}
		// So does a header that misses its proof-of-work target (bits made harder).
		let mut hard = MerkleBlock::from_block_with_predicate(&block, |t| *t == txid);
		hard.header.bits = CompactTarget::from_consensus(0x1d00_ffff);
		assert!(verify_inclusion(&hex::encode(serialize(&hard)), &txid).is_err());
	}
}

/// A Bitcoin Core node over JSON-RPC (28 or later; run with `-txindex=1` so that
/// `getrawtransaction` finds confirmed transactions).
pub struct BitcoinCore {
	rpc: crate::rpc::Rpc,
}

/// A transaction's place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxStatus {
	/// Confirmations (0 in the mempool).
	pub confirmations: u64,
	/// The block that includes it, once mined.
	pub block_hash: Option<bitcoin::BlockHash>,
}

impl BitcoinCore {
	/// The node at `url` with `user:password`.
	pub fn new(url: &str, auth: Option<&str>) -> Result<Self> {
		Ok(Self { rpc: crate::rpc::Rpc::new(url, auth)? })
	}

	/// The confirmed unspent outputs paying `address` (`scantxoutset`; no wallet needed).
	pub async fn utxos(&self, address: &Address) -> Result<Vec<(OutPoint, Amount)>> {
		let r = self
			.rpc
			.call(
				"scantxoutset",
				serde_json::json!(["start", [{ "desc": format!("addr({address})") }]]),
			)
			.await?;
		let mut out = Vec::new();
		for u in r["unspents"].as_array().cloned().unwrap_or_default() {
			let txid: Txid = u["txid"].as_str().unwrap_or_default().parse().context("txid")?;
			let vout = u["vout"].as_u64().context("vout")? as u32;
			let amount =
				Amount::from_btc(u["amount"].as_f64().context("amount")?).context("amount")?;
			out.push((OutPoint { txid, vout }, amount));
		}
		Ok(out)
	}

	/// `sendrawtransaction`.
	pub async fn send(&self, tx: &Transaction) -> Result<Txid> {
		let r = self.rpc.call("sendrawtransaction", serde_json::json!([to_hex(tx)])).await?;
		r.as_str().unwrap_or_default().parse().context("sendrawtransaction returned no txid")
	}

	/// `getrawtransaction txid true`: the transaction and where it is.
	pub async fn transaction(&self, txid: &Txid) -> Result<(Transaction, TxStatus)> {
		let r =
			self.rpc.call("getrawtransaction", serde_json::json!([txid.to_string(), true])).await?;
		let tx = from_hex(r["hex"].as_str().unwrap_or_default())?;
		let block_hash = match r["blockhash"].as_str() {
			Some(h) => Some(h.parse().context("blockhash")?),
			None => None,
		};
		Ok((tx, TxStatus { confirmations: r["confirmations"].as_u64().unwrap_or(0), block_hash }))
	}

	/// The height of a block (`getblockheader`).
	pub async fn height(&self, block: &bitcoin::BlockHash) -> Result<u64> {
		let r =
			self.rpc.call("getblockheader", serde_json::json!([block.to_string(), true])).await?;
		r["height"].as_u64().context("getblockheader returned no height")
	}

	/// `gettxoutproof [txid] block`: the SPV proof, hex.
	pub async fn txout_proof(&self, txid: &Txid, block: &bitcoin::BlockHash) -> Result<String> {
		let r = self
			.rpc
			.call("gettxoutproof", serde_json::json!([[txid.to_string()], block.to_string()]))
			.await?;
		Ok(r.as_str().context("gettxoutproof returned no proof")?.to_string())
	}
}
