//! Regtest blocks built in process for the tests of [`crate::btc`] and [`crate::taproot`]: real
//! coinbases, merkle roots and proof of work at regtest's limit, and `gettxoutproof` proofs.
//! No other block rule is checked here (scripts are, by `taproot::verify_spend`).

use bitcoin::{
	absolute::LockTime,
	block::{Header, Version as BlockVersion},
	consensus::encode::serialize,
	hashes::Hash,
	transaction::Version,
	Amount, Block, BlockHash, CompactTarget, MerkleBlock, OutPoint, ScriptBuf, Sequence,
	Transaction, TxIn, TxMerkleNode, TxOut, Txid, Witness,
};

/// Regtest's proof-of-work limit, as headers encode it.
pub const REGTEST_BITS: u32 = 0x207f_ffff;
/// A regtest block's subsidy (before any halving).
pub const SUBSIDY: Amount = Amount::from_sat(50 * 100_000_000);

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
