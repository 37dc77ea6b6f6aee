//! The Ethereum side of anchoring: the `TracChainAnchor` contract (`contracts/`), called with
//! EIP-155 transactions signed here, over any Ethereum JSON-RPC endpoint.

use crate::rpc::Rpc;
use anyhow::{anyhow, Context, Result};
use bitcoin::secp256k1::{Message, PublicKey, Secp256k1, SecretKey};
use serde_json::{json, Value};

/// Keccak-256 of `data` (sp-core 43 has no `hashing` module; its `KeccakHasher` does the same).
pub(crate) fn keccak_256(data: &[u8]) -> [u8; 32] {
	<sp_core::KeccakHasher as sp_core::Hasher>::hash(data).0
}

/// `anchor(uint64,bytes32)`.
pub const ANCHOR_SELECTOR: [u8; 4] = [0xa6, 0x85, 0x52, 0x08];
/// `rootOf(uint64)`.
pub const ROOT_OF_SELECTOR: [u8; 4] = [0x9d, 0x73, 0x84, 0xd9];
/// `recordedAt(uint64)`.
pub fn recorded_at_selector() -> [u8; 4] {
	selector("recordedAt(uint64)")
}

/// The 4-byte selector of a function signature.
pub fn selector(signature: &str) -> [u8; 4] {
	let h = keccak_256(signature.as_bytes());
	[h[0], h[1], h[2], h[3]]
}

/// The topic of `Anchored(uint64,bytes32,address)`.
pub fn anchored_topic() -> [u8; 32] {
	keccak_256(b"Anchored(uint64,bytes32,address)")
}

/// The topic of `TracChainAnchorV2`'s `Anchored(uint64,bytes32,uint64,address)`.
pub fn anchored_topic_v2() -> [u8; 32] {
	keccak_256(b"Anchored(uint64,bytes32,uint64,address)")
}

/// The calldata of `TracChainAnchorV2.anchor(number, root, rx, ry, s)`: the root with the
/// group's BIP340 signature (`frost::bip340_words`).
pub fn anchor_v2_calldata(
	number: u64,
	root: [u8; 32],
	words: ([u8; 32], [u8; 32], [u8; 32]),
) -> Vec<u8> {
	let mut data = selector("anchor(uint64,bytes32,uint256,uint256,uint256)").to_vec();
	data.extend_from_slice(&word(number));
	data.extend_from_slice(&root);
	data.extend_from_slice(&words.0);
	data.extend_from_slice(&words.1);
	data.extend_from_slice(&words.2);
	data
}

/// Which anchor contract a relayer talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contract {
	/// `TracChainAnchor`: any allowed relayer key writes a root.
	V1,
	/// `TracChainAnchorV2`: a root only with the group's signature, in order from `first`.
	V2 {
		/// Its `firstCheckpoint`.
		first: u64,
	},
}

/// A 32-byte ABI word of an unsigned integer.
pub fn word(n: u64) -> [u8; 32] {
	let mut w = [0u8; 32];
	w[24..].copy_from_slice(&n.to_be_bytes());
	w
}

/// The calldata of `anchor(number, root)`.
pub fn anchor_calldata(number: u64, root: [u8; 32]) -> Vec<u8> {
	let mut data = ANCHOR_SELECTOR.to_vec();
	data.extend_from_slice(&word(number));
	data.extend_from_slice(&root);
	data
}

// --- RLP (only what a legacy transaction needs) ----------------------------------------------

fn be_min(n: u128) -> Vec<u8> {
	let bytes = n.to_be_bytes();
	let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
	bytes[first..].to_vec()
}

fn rlp_len(len: usize, offset: u8) -> Vec<u8> {
	if len < 56 {
		vec![offset + len as u8]
	} else {
		let l = be_min(len as u128);
		let mut v = vec![offset + 55 + l.len() as u8];
		v.extend(l);
		v
	}
}

fn rlp_bytes(b: &[u8]) -> Vec<u8> {
	if b.len() == 1 && b[0] < 0x80 {
		return vec![b[0]];
	}
	let mut v = rlp_len(b.len(), 0x80);
	v.extend_from_slice(b);
	v
}

fn rlp_uint(n: u128) -> Vec<u8> {
	rlp_bytes(&be_min(n))
}

fn rlp_list(items: &[Vec<u8>]) -> Vec<u8> {
	let payload = items.concat();
	let mut v = rlp_len(payload.len(), 0xc0);
	v.extend(payload);
	v
}

/// An Ethereum key.
pub struct EthSigner {
	secret: SecretKey,
	/// Its address.
	pub address: [u8; 20],
}

impl EthSigner {
	/// The signer of a hex secret key (with or without `0x`).
	pub fn from_hex(key: &str) -> Result<Self> {
		let bytes =
			hex::decode(key.trim().trim_start_matches("0x")).context("the key is not hex")?;
		let secret = SecretKey::from_slice(&bytes).context("not a secp256k1 secret key")?;
		let public = PublicKey::from_secret_key(&Secp256k1::new(), &secret);
		let hash = keccak_256(&public.serialize_uncompressed()[1..]);
		let mut address = [0u8; 20];
		address.copy_from_slice(&hash[12..]);
		Ok(Self { secret, address })
	}

	/// The address as 0x-hex.
	pub fn address_hex(&self) -> String {
		format!("0x{}", hex::encode(self.address))
	}

	/// A signed EIP-155 legacy transaction (raw bytes) and its hash.
	pub fn sign_legacy(
		&self,
		nonce: u64,
		gas_price: u128,
		gas: u64,
		to: [u8; 20],
		data: &[u8],
		chain_id: u64,
	) -> Result<(Vec<u8>, [u8; 32])> {
		let fields = |v: Vec<u8>, r: Vec<u8>, s: Vec<u8>| {
			rlp_list(&[
				rlp_uint(nonce as u128),
				rlp_uint(gas_price),
				rlp_uint(gas as u128),
				rlp_bytes(&to),
				rlp_uint(0),
				rlp_bytes(data),
				v,
				r,
				s,
			])
		};
		let unsigned = fields(rlp_uint(chain_id as u128), rlp_uint(0), rlp_uint(0));
		let sighash = keccak_256(&unsigned);
		let sig =
			Secp256k1::new().sign_ecdsa_recoverable(&Message::from_digest(sighash), &self.secret);
		let (recid, rs) = sig.serialize_compact();
		let v = recid.to_i32() as u128 + 35 + 2 * chain_id as u128;
		let r = u128_pair(&rs[..32]);
		let s = u128_pair(&rs[32..]);
		let raw = fields(rlp_uint(v), rlp_bytes(&r), rlp_bytes(&s));
		let hash = keccak_256(&raw);
		Ok((raw, hash))
	}
}

/// A 32-byte big-endian integer without its leading zeros.
fn u128_pair(b: &[u8]) -> Vec<u8> {
	let first = b.iter().position(|x| *x != 0).unwrap_or(b.len());
	b[first..].to_vec()
}

/// Parses 0x-hex into bytes.
pub fn unhex(s: &str) -> Result<Vec<u8>> {
	hex::decode(s.trim_start_matches("0x")).with_context(|| format!("not hex: {s}"))
}

/// The last 8 bytes of a 32-byte ABI word, as a number.
fn last_u64(out: &[u8]) -> Result<u64> {
	let tail: [u8; 8] =
		out.get(24..32).and_then(|b| b.try_into().ok()).ok_or_else(|| anyhow!("malformed word"))?;
	Ok(u64::from_be_bytes(tail))
}

fn hex32(s: &str) -> Result<[u8; 32]> {
	unhex(s)?.try_into().map_err(|_| anyhow!("not 32 bytes: {s}"))
}

fn quantity(v: &Value) -> Result<u64> {
	let s = v.as_str().ok_or_else(|| anyhow!("not a quantity: {v}"))?;
	u64::from_str_radix(s.trim_start_matches("0x"), 16)
		.with_context(|| format!("not a quantity: {s}"))
}

/// Where a root was recorded: the transaction and its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
	/// The transaction hash.
	pub tx_hash: [u8; 32],
	/// The block number.
	pub block_number: u64,
	/// The block hash.
	pub block_hash: [u8; 32],
	/// The root the `Anchored` event carries.
	pub root: [u8; 32],
}

/// An Ethereum JSON-RPC endpoint and the anchor contract on it.
pub struct Ethereum {
	rpc: Rpc,
	/// The contract's address.
	pub contract: [u8; 20],
}

impl Ethereum {
	/// The endpoint at `url`, with the contract at `contract` (0x-hex).
	pub fn new(url: &str, contract: &str) -> Result<Self> {
		let contract: [u8; 20] = unhex(contract)?
			.try_into()
			.map_err(|_| anyhow!("the contract address is not 20 bytes"))?;
		Ok(Self { rpc: Rpc::new(url, None)?, contract })
	}

	fn contract_hex(&self) -> String {
		format!("0x{}", hex::encode(self.contract))
	}

	/// `eth_chainId`.
	pub async fn chain_id(&self) -> Result<u64> {
		quantity(&self.rpc.call("eth_chainId", json!([])).await?)
	}

	/// `eth_blockNumber`.
	pub async fn block_number(&self) -> Result<u64> {
		quantity(&self.rpc.call("eth_blockNumber", json!([])).await?)
	}

	async fn call(&self, data: Vec<u8>) -> Result<Vec<u8>> {
		let out = self
			.rpc
			.call(
				"eth_call",
				json!([{ "to": self.contract_hex(), "data": format!("0x{}", hex::encode(data)) }, "latest"]),
			)
			.await?;
		unhex(out.as_str().ok_or_else(|| anyhow!("eth_call returned {out}"))?)
	}

	/// Which contract is deployed at the address: `TracChainAnchorV2` answers
	/// `firstCheckpoint()`, `TracChainAnchor` does not.
	pub async fn detect(&self) -> Result<Contract> {
		match self.call(selector("firstCheckpoint()").to_vec()).await {
			Ok(out) if out.len() == 32 => Ok(Contract::V2 { first: last_u64(&out)? }),
			Ok(_) => Ok(Contract::V1),
			Err(e) if format!("{e:#}").to_lowercase().contains("revert") => Ok(Contract::V1),
			Err(e) => Err(e.context("asking the contract which version it is")),
		}
	}

	/// `TracChainAnchorV2.nextCheckpoint()`: the only number it records next.
	pub async fn next_checkpoint(&self) -> Result<u64> {
		last_u64(&self.call(selector("nextCheckpoint()").to_vec()).await?)
	}

	/// The `Anchored` event of checkpoint `number` on a `TracChainAnchorV2` (which keeps no
	/// block number: the logs are searched from block 0; an endpoint that limits log ranges needs
	/// an archive of its own).
	pub async fn find_recorded_v2(&self, number: u64) -> Result<Option<Recorded>> {
		self.find_anchored(anchored_topic_v2(), number, "0x0".into(), "latest".into()).await
	}

	/// The first log of event `topic` for checkpoint `number` (its first indexed argument)
	/// between blocks `from` and `to`: the transaction, its block and the root (the data's first
	/// word, in both contracts' `Anchored`).
	async fn find_anchored(
		&self,
		topic: [u8; 32],
		number: u64,
		from: String,
		to: String,
	) -> Result<Option<Recorded>> {
		let logs = self
			.rpc
			.call(
				"eth_getLogs",
				json!([{
					"address": self.contract_hex(),
					"fromBlock": from,
					"toBlock": to,
					"topics": [format!("0x{}", hex::encode(topic)), format!("0x{}", hex::encode(word(number)))],
				}]),
			)
			.await?;
		let Some(log) = logs.as_array().and_then(|l| l.first()) else { return Ok(None) };
		let data = unhex(log["data"].as_str().unwrap_or_default())?;
		let root: [u8; 32] = data
			.get(..32)
			.and_then(|r| r.try_into().ok())
			.ok_or_else(|| anyhow!("malformed log"))?;
		Ok(Some(Recorded {
			tx_hash: hex32(log["transactionHash"].as_str().unwrap_or_default())?,
			block_number: quantity(&log["blockNumber"])?,
			block_hash: hex32(log["blockHash"].as_str().unwrap_or_default())?,
			root,
		}))
	}

	/// The `Anchored` event of checkpoint `number` on a contract of kind `contract`.
	pub async fn find_recorded_in(
		&self,
		contract: Contract,
		number: u64,
	) -> Result<Option<Recorded>> {
		match contract {
			Contract::V1 => self.find_recorded(number).await,
			Contract::V2 { .. } => self.find_recorded_v2(number).await,
		}
	}

	/// The root the contract holds for `number` (zero: none).
	pub async fn root_of(&self, number: u64) -> Result<[u8; 32]> {
		let mut data = ROOT_OF_SELECTOR.to_vec();
		data.extend_from_slice(&word(number));
		let out = self.call(data).await?;
		out.try_into().map_err(|_| anyhow!("rootOf returned a malformed word"))
	}

	/// The block the contract recorded `number` in (0: none).
	pub async fn recorded_at(&self, number: u64) -> Result<u64> {
		let mut data = recorded_at_selector().to_vec();
		data.extend_from_slice(&word(number));
		last_u64(&self.call(data).await?)
	}

	/// The `Anchored` event of checkpoint `number`: the transaction that recorded it.
	pub async fn find_recorded(&self, number: u64) -> Result<Option<Recorded>> {
		let at = self.recorded_at(number).await?;
		if at == 0 {
			return Ok(None);
		}
		let block = format!("0x{at:x}");
		self.find_anchored(anchored_topic(), number, block.clone(), block).await
	}

	/// The receipt of `tx_hash`, once mined: whether it succeeded, and where.
	pub async fn receipt(&self, tx_hash: [u8; 32]) -> Result<Option<(bool, u64, [u8; 32])>> {
		let r = self
			.rpc
			.call("eth_getTransactionReceipt", json!([format!("0x{}", hex::encode(tx_hash))]))
			.await?;
		if r.is_null() {
			return Ok(None);
		}
		let ok = r["status"].as_str() == Some("0x1");
		Ok(Some((
			ok,
			quantity(&r["blockNumber"])?,
			hex32(r["blockHash"].as_str().unwrap_or_default())?,
		)))
	}

	/// Builds and signs `anchor(number, root)` from `signer` (nonce, gas price and chain id from
	/// the node); returns the raw transaction and its hash. Broadcast it with [`Self::broadcast`].
	pub async fn prepare_anchor(
		&self,
		signer: &EthSigner,
		number: u64,
		root: [u8; 32],
	) -> Result<(Vec<u8>, [u8; 32])> {
		self.prepare_call(signer, &anchor_calldata(number, root)).await
	}

	/// Builds and signs a call of the contract with `data` from `signer` (nonce, gas price and
	/// chain id from the node); returns the raw transaction and its hash.
	pub async fn prepare_call(
		&self,
		signer: &EthSigner,
		data: &[u8],
	) -> Result<(Vec<u8>, [u8; 32])> {
		let chain_id = self.chain_id().await?;
		let nonce = quantity(
			&self
				.rpc
				.call("eth_getTransactionCount", json!([signer.address_hex(), "pending"]))
				.await?,
		)?;
		let gas_price = quantity(&self.rpc.call("eth_gasPrice", json!([])).await?)? as u128;
		// A quarter above the current price, so that it is mined promptly.
		let gas_price = gas_price.saturating_mul(5) / 4 + 1;
		signer.sign_legacy(nonce, gas_price, 120_000, self.contract, data, chain_id)
	}

	/// Broadcasts a raw transaction (again, if the node already has it); returns its hash.
	pub async fn broadcast(&self, raw: &[u8]) -> Result<[u8; 32]> {
		let hash = keccak_256(raw);
		match self
			.rpc
			.call("eth_sendRawTransaction", json!([format!("0x{}", hex::encode(raw))]))
			.await
		{
			Ok(_) => Ok(hash),
			// Already known or already mined: the same transaction, nothing new posted (geth and
			// reth say "already known", anvil "transaction already imported").
			Err(e)
				if format!("{e:#}").to_lowercase().contains("known")
					|| format!("{e:#}").to_lowercase().contains("already imported")
					|| format!("{e:#}").to_lowercase().contains("nonce too low") =>
			{
				Ok(hash)
			}
			Err(e) => Err(e),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn selectors_match_the_contract() {
		assert_eq!(selector("anchor(uint64,bytes32)"), ANCHOR_SELECTOR);
		assert_eq!(selector("rootOf(uint64)"), ROOT_OF_SELECTOR);
	}

	#[test]
	fn rlp_encodes_like_the_yellow_paper() {
		assert_eq!(rlp_uint(0), vec![0x80]);
		assert_eq!(rlp_uint(15), vec![0x0f]);
		assert_eq!(rlp_uint(1024), vec![0x82, 0x04, 0x00]);
		assert_eq!(rlp_bytes(b"dog"), vec![0x83, b'd', b'o', b'g']);
		assert_eq!(
			rlp_list(&[rlp_bytes(b"cat"), rlp_bytes(b"dog")]),
			vec![0xc8, 0x83, b'c', b'a', b't', 0x83, b'd', b'o', b'g']
		);
		let long = vec![b'a'; 56];
		assert_eq!(&rlp_bytes(&long)[..2], &[0xb8, 56]);
	}

	#[test]
	fn the_eip155_example_signs_as_specified() {
		// EIP-155's example: nonce 9, gas price 20 gwei, gas 21000, to 0x3535..35, value
		// 1 ether, no data, chain id 1, key 0x4646..46. Our transactions carry no value, so
		// check the parts we share: the signer's address and a deterministic, recoverable
		// signature over the EIP-155 preimage.
		let signer = EthSigner::from_hex(&"46".repeat(32)).unwrap();
		assert_eq!(signer.address_hex(), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
		let (raw1, h1) = signer.sign_legacy(9, 20_000_000_000, 21_000, [0x35; 20], &[], 1).unwrap();
		let (raw2, h2) = signer.sign_legacy(9, 20_000_000_000, 21_000, [0x35; 20], &[], 1).unwrap();
		assert_eq!((raw1.clone(), h1), (raw2, h2), "RFC 6979: deterministic");
		assert_eq!(h1, keccak_256(&raw1));
	}

	#[test]
	fn anvil_account_zero_is_derived_from_its_key() {
		let signer = EthSigner::from_hex(
			"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
		)
		.unwrap();
		assert_eq!(signer.address_hex(), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
	}
}
