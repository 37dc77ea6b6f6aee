//! The verifier: is this block in MetaChain's anchored history?
//!
//! Given a block (number or hash) and a MetaChain node, it
//! 1. finds the block's checkpoint and recomputes its `blocks_root` from the block hashes the
//!    node serves (`chain_getBlockHash` over the range), and the checkpoint's root from its
//!    parts;
//! 2. checks the runtime's Merkle proof of the block's hash against that root;
//! 3. on Ethereum (RPC URL + contract): `rootOf(n)` is the root, and the anchor MetaChain's
//!    relayers attested is the transaction whose `Anchored` event carries it;
//! 4. on Bitcoin (Bitcoin Core RPC, or a raw transaction and a `gettxoutproof` proof given as
//!    hex): the transaction's OP_RETURN carries the checkpoint number and root, its SPV proof
//!    verifies, and it is the transaction and block the relayers attested; where the group
//!    anchors (the chain recorded its signed anchor of the checkpoint), it is that transaction,
//!    spent by key path from the group key that signed it, its signature checked by
//!    libbitcoinconsensus against the coin it spends.
//!
//! Every source given must agree; any disagreement is an error with the reason.

use crate::{
	btc,
	chain::Node,
	eth::{Contract, Ethereum},
	relay::{blockhash_display, txid_display},
};
use anyhow::{anyhow, bail, ensure, Context, Result};
use metachain_runtime::BlockNumber;
use pallet_anchoring::{checkpoint_root, verify_block_proof, AnchorTarget};
use sp_core::H256;

/// What to verify against.
pub struct Sources {
	/// Ethereum: endpoint and contract.
	pub eth: Option<Ethereum>,
	/// Bitcoin Core.
	pub btc_rpc: Option<btc::BitcoinCore>,
	/// Or the Bitcoin transaction and its proof, hex.
	pub btc_offline: Option<(String, String)>,
}

/// A line of the report.
fn ok(line: String) {
	println!("ok    {line}");
}

/// Verifies `block` (a number or a 0x hash); prints what was checked.
pub async fn verify(node: &Node, block: &str, sources: Sources) -> Result<()> {
	ensure!(
		sources.eth.is_some() || sources.btc_rpc.is_some() || sources.btc_offline.is_some(),
		"nothing to verify against: give --eth-rpc/--eth-contract and/or Bitcoin sources"
	);
	let finalized = node.finalized_head().await?;
	let number: BlockNumber = if let Some(hash) = block.strip_prefix("0x") {
		let h = H256::from_slice(&hex::decode(hash).context("block hash")?);
		node.block_number_of(h).await?
	} else {
		block.parse().context("the block must be a number or a 0x hash")?
	};
	let block_hash =
		node.block_hash(number).await?.ok_or_else(|| anyhow!("the node has no block {number}"))?;
	if block.starts_with("0x") {
		ensure!(
			format!("{block_hash:?}") == block.to_lowercase(),
			"block {block} is not in the node's chain"
		);
	}
	let n = node
		.checkpoint_of_block(number, finalized)
		.await?
		.ok_or_else(|| anyhow!("block {number} is not in a finalized checkpoint yet"))?;
	let info =
		node.checkpoint(n, finalized).await?.ok_or_else(|| anyhow!("checkpoint {n} missing"))?;
	let c = &info.checkpoint;
	ok(format!(
		"block {number} ({block_hash:?}) is in checkpoint {n}: blocks {}..={}",
		c.first_block, c.last_block
	));

	// 1. The checkpoint from the chain's own block hashes.
	let mut hashes = Vec::new();
	for b in c.first_block..=c.last_block {
		hashes.push(node.block_hash(b).await?.ok_or_else(|| anyhow!("the node has no block {b}"))?);
	}
	let blocks_root =
		binary_merkle_tree::merkle_root::<sp_runtime::traits::Keccak256, _>(hashes.iter());
	ensure!(
		blocks_root == c.blocks_root,
		"the checkpoint's blocks_root {:?} is not the Merkle root of the node's block hashes {blocks_root:?}",
		c.blocks_root
	);
	ensure!(
		hashes.last() == Some(&c.last_block_hash),
		"the checkpoint's last block hash is not the node's"
	);
	let root = checkpoint_root(
		c.number,
		c.first_block as u64,
		c.last_block as u64,
		c.last_block_hash,
		c.blocks_root,
		c.digests_root,
		c.previous_root,
	);
	ensure!(root == c.root, "the checkpoint's root does not match its parts");
	ok(format!("checkpoint {n} root {:?} recomputed from {} block hashes", c.root, hashes.len()));

	// 2. The runtime's proof of the block, at the block that recorded the checkpoint.
	let recorded = node
		.block_hash(c.recorded_at)
		.await?
		.ok_or_else(|| anyhow!("the node has no block {}", c.recorded_at))?;
	match node.block_proof(number, recorded).await {
		Ok(Some(proof)) => {
			ensure!(proof.block_hash == block_hash, "the proof is of another block hash");
			ensure!(
				verify_block_proof(c, &proof),
				"the Merkle proof of block {number} does not verify"
			);
			ok(format!(
				"Merkle proof of block {number}: {} siblings, leaf {} of {}",
				proof.proof.len(),
				proof.leaf_index,
				proof.number_of_leaves
			));
		}
		// A pruned node no longer has that state; the recomputation above covers the block.
		Ok(None) | Err(_) => println!(
			"note  no runtime proof at block {} (pruned state); the root was recomputed instead",
			c.recorded_at
		),
	}

	let anchor_of = |pred: &dyn Fn(&AnchorTarget) -> bool| {
		info.targets.iter().find(|t| pred(&t.target)).and_then(|t| t.anchor.clone())
	};

	// 3. Ethereum.
	if let Some(eth) = &sources.eth {
		let chain_id = eth.chain_id().await?;
		let on_contract = eth.root_of(n).await?;
		if on_contract == [0u8; 32] {
			bail!("the Ethereum contract (chain {chain_id}) holds no root for checkpoint {n}");
		}
		ensure!(
			on_contract == c.root.0,
			"TAMPERED: the Ethereum contract (chain {chain_id}) holds root 0x{} for checkpoint {n}, MetaChain's is {:?}",
			hex::encode(on_contract),
			c.root
		);
		let anchor =
			anchor_of(&|t| matches!(t, AnchorTarget::Ethereum { chain_id: id } if *id == chain_id))
				.ok_or_else(|| {
					anyhow!(
						"checkpoint {n} is not anchored on Ethereum chain {chain_id} on MetaChain"
					)
				})?;
		let contract = eth.detect().await?;
		let rec = eth
			.find_recorded_in(contract, n)
			.await?
			.ok_or_else(|| anyhow!("no Anchored event for checkpoint {n}"))?;
		ensure!(
			rec.tx_hash == anchor.external.tx_id.0
				&& rec.block_hash == anchor.external.block_hash.0,
			"the relayers attested Ethereum tx {:?}, but the root was recorded by 0x{}",
			anchor.external.tx_id,
			hex::encode(rec.tx_hash)
		);
		let kind = match contract {
			Contract::V1 => "TracChainAnchor",
			Contract::V2 { .. } => {
				"TracChainAnchorV2, which recorded it with the group's signature"
			}
		};
		ok(format!(
			"Ethereum chain {chain_id}: contract root matches ({kind}); tx 0x{} in block {} ({} attestations)",
			hex::encode(rec.tx_hash),
			rec.block_number,
			anchor.attestations
		));
	}

	// 4. Bitcoin.
	if sources.btc_rpc.is_some() || sources.btc_offline.is_some() {
		let (network, anchor) = info
			.targets
			.iter()
			.find_map(|t| match (t.target, &t.anchor) {
				(AnchorTarget::Bitcoin { network }, Some(anchor)) => {
					Some((network, anchor.clone()))
				}
				_ => None,
			})
			.ok_or_else(|| anyhow!("checkpoint {n} is not anchored on Bitcoin on MetaChain"))?;
		let (tx, proof) = match (&sources.btc_offline, &sources.btc_rpc) {
			(Some((tx, proof)), _) => (btc::from_hex(tx)?, proof.clone()),
			(None, Some(core)) => {
				let mut id = anchor.external.tx_id.0;
				id.reverse();
				let txid = <bitcoin::Txid as bitcoin::hashes::Hash>::from_byte_array(id);
				let (tx, status) = core.transaction(&txid).await?;
				let block =
					status.block_hash.ok_or_else(|| anyhow!("Bitcoin tx {txid} is not mined"))?;
				(tx, core.txout_proof(&txid, &block).await?)
			}
			(None, None) => unreachable!("checked above"),
		};
		let txid = tx.compute_txid();
		let (num, found_root) = btc::find_anchor(&tx)
			.ok_or_else(|| anyhow!("Bitcoin tx {txid} carries no MetaChain anchor"))?;
		ensure!(num == n, "Bitcoin tx {txid} anchors checkpoint {num}, not {n}");
		ensure!(
			found_root == c.root.0,
			"TAMPERED: Bitcoin tx {txid} carries root 0x{}, MetaChain's is {:?}",
			hex::encode(found_root),
			c.root
		);
		let inclusion = btc::verify_inclusion(&proof, &txid)?;
		ensure!(
			txid_display(&txid) == anchor.external.tx_id.0
				&& blockhash_display(&inclusion.block_hash) == anchor.external.block_hash.0,
			"the relayers attested Bitcoin tx {:?} in block {:?}, not {txid} in {}",
			anchor.external.tx_id,
			anchor.external.block_hash,
			inclusion.block_hash
		);
		ok(format!(
			"Bitcoin: tx {txid} carries the root, SPV proof into block {} verifies",
			inclusion.block_hash
		));
		if let Some(spend) = crate::signing::btc_spend(node, network, n, finalized).await? {
			let key = crate::signing::group_key(node, spend.spent.epoch, finalized)
				.await?
				.ok_or_else(|| anyhow!("no group key of epoch {}", spend.spent.epoch))?;
			let unsigned = crate::taproot::chain_anchor(&spend, &key.key_x, n, c.root.0, None)?;
			ensure!(
				unsigned.compute_txid() == txid,
				"the group signed Bitcoin tx {:?} for checkpoint {n}, not {txid}",
				spend.txid
			);
			let spent = crate::taproot::GroupUtxo {
				outpoint: unsigned.input[0].previous_output,
				value: bitcoin::Amount::from_sat(spend.spent.coin.value),
			}
			.txout(&key.key_x)?;
			ensure!(
				crate::taproot::spent_from_group(&tx, &spent, &key.key_x),
				"Bitcoin tx {txid} is not a key-path spend of the group's coin"
			);
			crate::taproot::verify_spend(&tx, 0, std::slice::from_ref(&spent))?;
			ok(format!(
				"Bitcoin: tx {txid} is spent by key path from the group key of epoch {} (x {}), \
				 its signature valid for the coin {}:{}",
				spend.spent.epoch,
				hex::encode(key.key_x),
				unsigned.input[0].previous_output.txid,
				unsigned.input[0].previous_output.vout
			));
		}
	}
	println!("VERIFIED block {number} against checkpoint {n}");
	Ok(())
}
