//! The relayer group's Bitcoin side: Taproot key-path spends by the threshold FROST key, phase 2
//! of docs/design/threshold-anchoring.md (§3, §6).
//!
//! The group holds one UTXO paying `OP_1 <x(Q)>`, where Q is the FROST group key
//! ([`crate::frost`]). The key a DKG makes is **already the Taproot output key** (the
//! ciphersuite applies the BIP341 tweak with no script tree), so the output is built with
//! `TweakedPublicKey::dangerous_assume_tweaked`, never `Address::p2tr`, which would tweak a second
//! time and give a key nobody can sign for. Each checkpoint is one deterministic transaction that
//! every signer rebuilds from the pallet's data ([`anchor_transaction`]): the group UTXO in,
//! the 45-byte OP_RETURN of [`crate::btc::anchor_script`] at output 0, and the change back to the
//! group at output 1 ([`GROUP_OUTPUT`]). A t-of-n subset signs its BIP341 key-path sighash
//! ([`key_spend_sighash`]) and the aggregated BIP340 signature becomes the single witness element
//! ([`with_key_spend_signature`]). The witness is not part of the txid, so anchor n + 1 can be
//! built (and even signed) on anchor n's change before anchor n is signed. A new group takes the
//! UTXO over with [`handover_transaction`], signed by the old group, whose OP_RETURN (tag `MCTH`)
//! names the new epoch and key.
//!
//! [`verify_spend`] runs Bitcoin Core 26's script interpreter (libbitcoinconsensus, from the
//! `bitcoinconsensus` crate 0.106) with the Taproot flags. It checks one input's scripts and
//! signature against the spent outputs it is given, including the BIP341 sighash over all spent
//! amounts and scripts. It does **not** check block or transaction rules: that the spent outputs
//! exist and are unspent, that inputs cover outputs, coinbase maturity, lock times, weight, or
//! relay policy (dust, OP_RETURN size). Those are the chain's (or the in-process regtest chain's)
//! business. [`spent_from_group`] is the verifier's structural rule: an anchor counts only if it
//! spends, by a key-path signature, an output of the group key registered for its checkpoint.

use anyhow::{anyhow, ensure, Context, Result};
use bitcoin::{
	absolute::LockTime,
	consensus::encode::serialize,
	hashes::Hash,
	key::TweakedPublicKey,
	script::Instruction,
	secp256k1::schnorr,
	sighash::{Prevouts, SighashCache},
	taproot,
	transaction::Version,
	Address, Amount, Network, OutPoint, ScriptBuf, Sequence, TapSighashType, Transaction, TxIn,
	TxOut, Witness, XOnlyPublicKey,
};

/// The smallest value of a P2TR output that Bitcoin Core relays: 330 sat at the default dust
/// relay fee of 3 sat/vB (Core's `GetDustThreshold`: 43 bytes of output plus 67 vbytes to spend
/// it, times 3). Equal to rust-bitcoin's `Script::minimal_non_dust` for the group script.
pub const P2TR_DUST: Amount = Amount::from_sat(330);

/// The output of an anchor or handover transaction that holds the group's UTXO afterwards (output
/// 0 is the OP_RETURN).
pub const GROUP_OUTPUT: u32 = 1;

/// The sequence of the group's input: opts in to replace-by-fee (BIP125) and disables the
/// relative lock time (BIP68), as `btc.rs`'s anchors do. A stuck anchor can then be replaced by one
/// the group signs with a higher fee, and its lock time 0 makes it final at any height either way.
pub const SEQUENCE: Sequence = Sequence::ENABLE_RBF_NO_LOCKTIME;

/// The libbitcoinconsensus flags [`verify_spend`] checks under: every soft fork up to and
/// including Taproot (P2SH, DERSIG, NULLDUMMY, CLTV, CSV, WITNESS, TAPROOT).
pub const VERIFY_FLAGS: u32 =
	bitcoinconsensus::VERIFY_ALL_PRE_TAPROOT | bitcoinconsensus::VERIFY_TAPROOT;

/// The tag that starts every group handover payload.
pub const HANDOVER_TAG: [u8; 4] = *b"MCTH";
/// The handover payload format's version.
pub const HANDOVER_VERSION: u8 = 1;
/// The handover payload's length: tag, version, epoch (8 bytes) and key x (32 bytes).
pub const HANDOVER_PAYLOAD_LEN: usize = 45;

/// The group key as rust-bitcoin's x-only key. Fails if no curve point has this x (no DKG gives
/// such a key; an output to it could never be spent).
pub fn group_xonly_key(key_x: &[u8; 32]) -> Result<XOnlyPublicKey> {
	XOnlyPublicKey::from_slice(key_x)
		.context("the group key is not a BIP340 x-only key (no curve point has this x)")
}

/// The group's output script, `OP_1 <x(Q)>`: a P2TR output whose output key is the FROST group
/// key itself (already tweaked by the DKG, so not tweaked again). Fails for an x that is not a
/// key ([`group_xonly_key`]).
pub fn group_script(key_x: &[u8; 32]) -> Result<ScriptBuf> {
	let q = group_xonly_key(key_x)?;
	Ok(ScriptBuf::new_p2tr_tweaked(TweakedPublicKey::dangerous_assume_tweaked(q)))
}

/// The group's P2TR address on `network` (bech32m, `bc1p…`/`tb1p…`/`bcrt1p…`), paying
/// [`group_script`]. Fund the group here.
pub fn group_address(key_x: &[u8; 32], network: Network) -> Result<Address> {
	let q = group_xonly_key(key_x)?;
	Ok(Address::p2tr_tweaked(TweakedPublicKey::dangerous_assume_tweaked(q), network))
}

/// The UTXO the group spends next, as the pallet records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupUtxo {
	/// Where it is.
	pub outpoint: OutPoint,
	/// What it holds.
	pub value: Amount,
}

impl GroupUtxo {
	/// The output this UTXO is when it pays the group key `key_x`: the prevout its spend signs
	/// over and [`verify_spend`] checks against.
	pub fn txout(&self, key_x: &[u8; 32]) -> Result<TxOut> {
		Ok(TxOut { value: self.value, script_pubkey: group_script(key_x)? })
	}
}

/// The group's UTXO after `tx` (an anchor or a handover): its output [`GROUP_OUTPUT`]. The txid
/// does not cover the witness, so this is known before `tx` is signed.
pub fn next_group_utxo(tx: &Transaction) -> Result<GroupUtxo> {
	let output = tx
		.output
		.get(GROUP_OUTPUT as usize)
		.ok_or_else(|| anyhow!("the transaction has no output {GROUP_OUTPUT} for the group"))?;
	Ok(GroupUtxo {
		outpoint: OutPoint { txid: tx.compute_txid(), vout: GROUP_OUTPUT },
		value: output.value,
	})
}

/// What is left of `value` after `fee`, refused if it cannot pay the fee or would be dust.
fn change_after_fee(value: Amount, fee: Amount) -> Result<Amount> {
	let change = value.checked_sub(fee).ok_or_else(|| {
		anyhow!(
			"the group UTXO ({} sat) cannot pay the fee ({} sat): fund the group's address",
			value.to_sat(),
			fee.to_sat()
		)
	})?;
	ensure!(
		change >= P2TR_DUST,
		"the group's output would be dust: {} sat left after the {} sat fee, below the P2TR dust \
		 limit of {} sat; fund the group's address",
		change.to_sat(),
		fee.to_sat(),
		P2TR_DUST.to_sat()
	);
	Ok(change)
}

/// The unsigned spend of `utxo` into `output`: version 2, lock time 0, one input with
/// [`SEQUENCE`], an empty script_sig and an empty witness.
fn unsigned_spend(utxo: &GroupUtxo, output: Vec<TxOut>) -> Transaction {
	Transaction {
		version: Version::TWO,
		lock_time: LockTime::ZERO,
		input: vec![TxIn {
			previous_output: utxo.outpoint,
			script_sig: ScriptBuf::new(),
			sequence: SEQUENCE,
			witness: Witness::new(),
		}],
		output,
	}
}

/// The unsigned anchor of checkpoint `number` with `root`, spent from the group key `key_x`.
/// Deterministic, so every signer rebuilds the same transaction: version 2, lock time 0, one
/// input (`utxo`, [`SEQUENCE`], empty witness); output 0 is [`crate::btc::anchor_script`] with
/// no value, output 1 ([`GROUP_OUTPUT`]) the change, `utxo.value − fee`, back to
/// [`group_script`]. Refused if the change would be below [`P2TR_DUST`].
pub fn anchor_transaction(
	utxo: &GroupUtxo,
	key_x: &[u8; 32],
	number: u64,
	root: [u8; 32],
	fee: Amount,
) -> Result<Transaction> {
	let change = change_after_fee(utxo.value, fee)?;
	let script_pubkey = group_script(key_x)?;
	Ok(unsigned_spend(
		utxo,
		vec![
			TxOut { value: Amount::ZERO, script_pubkey: crate::btc::anchor_script(number, root) },
			TxOut { value: change, script_pubkey },
		],
	))
}

/// The handover payload of key epoch `epoch` with group key `key_x`: the tag `MCTH`, a version
/// byte (1), the epoch (8 bytes, big-endian) and the key's x (32 bytes).
pub fn handover_payload(epoch: u64, key_x: &[u8; 32]) -> [u8; HANDOVER_PAYLOAD_LEN] {
	let mut p = [0u8; HANDOVER_PAYLOAD_LEN];
	p[..4].copy_from_slice(&HANDOVER_TAG);
	p[4] = HANDOVER_VERSION;
	p[5..13].copy_from_slice(&epoch.to_be_bytes());
	p[13..].copy_from_slice(key_x);
	p
}

/// The epoch and key x of a handover payload, if it is one.
pub fn parse_handover_payload(data: &[u8]) -> Option<(u64, [u8; 32])> {
	if data.len() != HANDOVER_PAYLOAD_LEN
		|| data[..4] != HANDOVER_TAG
		|| data[4] != HANDOVER_VERSION
	{
		return None;
	}
	let epoch = u64::from_be_bytes(data[5..13].try_into().ok()?);
	let key_x: [u8; 32] = data[13..].try_into().ok()?;
	Some((epoch, key_x))
}

/// The OP_RETURN script naming the handover to key epoch `epoch` with group key `key_x`.
pub fn handover_script(epoch: u64, key_x: &[u8; 32]) -> ScriptBuf {
	// A 45-byte array is a push (rust-bitcoin implements `AsRef<PushBytes>` for arrays up to 76
	// bytes), so this cannot fail.
	ScriptBuf::new_op_return(handover_payload(epoch, key_x))
}

/// The first payload of `tx`'s OP_RETURN outputs that `parse` accepts.
fn find_op_return<T>(tx: &Transaction, parse: impl Fn(&[u8]) -> Option<T>) -> Option<T> {
	tx.output.iter().find_map(|out| {
		let script = &out.script_pubkey;
		if !script.is_op_return() {
			return None;
		}
		// OP_RETURN, then one push of the payload.
		script.instructions().skip(1).find_map(|i| match i {
			Ok(Instruction::PushBytes(b)) => parse(b.as_bytes()),
			_ => None,
		})
	})
}

/// The handover a transaction carries: the epoch and key x of its first OP_RETURN output with a
/// handover payload.
pub fn find_handover(tx: &Transaction) -> Option<(u64, [u8; 32])> {
	find_op_return(tx, parse_handover_payload)
}

/// The unsigned handover of the group UTXO from the group key `old_key_x` to the group of key
/// epoch `new_epoch` with key `new_key_x`, signed by the old group. Shaped like an anchor, so the
/// group's UTXO stays at [`GROUP_OUTPUT`]: output 0 is [`handover_script`] with no value (a
/// verifier finds the handover on Bitcoin alone), output 1 moves the whole UTXO, less `fee`, to
/// the new group's script. Refused if the keys are the same or the output would be dust.
pub fn handover_transaction(
	utxo: &GroupUtxo,
	old_key_x: &[u8; 32],
	new_key_x: &[u8; 32],
	new_epoch: u64,
	fee: Amount,
) -> Result<Transaction> {
	ensure!(old_key_x != new_key_x, "a handover must move the group UTXO to another key");
	group_xonly_key(old_key_x).context("the old group key")?;
	let value = change_after_fee(utxo.value, fee)?;
	let script_pubkey = group_script(new_key_x).context("the new group key")?;
	Ok(unsigned_spend(
		utxo,
		vec![
			TxOut { value: Amount::ZERO, script_pubkey: handover_script(new_epoch, new_key_x) },
			TxOut { value, script_pubkey },
		],
	))
}

/// The group's anchor of checkpoint `number` with `root` as MetaChain recorded it (`spend`: the
/// coin spent, the fee and the txid; the chain builds the same transaction in
/// `pallet_anchoring::bitcoin`), built here with rust-bitcoin and checked to have the chain's
/// txid; with `signature` (the group's, from the chain) as its witness, checked by
/// libbitcoinconsensus against the coin ([`verify_spend`]) before anyone broadcasts it.
pub fn chain_anchor(
	spend: &pallet_anchoring::BtcSpend,
	key_x: &[u8; 32],
	number: u64,
	root: [u8; 32],
	signature: Option<&[u8; 64]>,
) -> Result<Transaction> {
	let mut txid = spend.spent.coin.txid.0;
	txid.reverse();
	let utxo = GroupUtxo {
		outpoint: OutPoint {
			txid: bitcoin::Txid::from_byte_array(txid),
			vout: spend.spent.coin.vout,
		},
		value: Amount::from_sat(spend.spent.coin.value),
	};
	let tx = anchor_transaction(&utxo, key_x, number, root, Amount::from_sat(spend.fee))?;
	let mut ours = tx.compute_txid().to_byte_array();
	ours.reverse();
	ensure!(
		ours == spend.txid.0,
		"MetaChain's anchor of checkpoint {number} has txid {:?}, the one built here {}",
		spend.txid,
		tx.compute_txid()
	);
	let Some(signature) = signature else { return Ok(tx) };
	let signed = with_key_spend_signature(&tx, signature)?;
	verify_spend(&signed, 0, &[utxo.txout(key_x)?])
		.with_context(|| format!("the group's signature of checkpoint {number}'s anchor"))?;
	Ok(signed)
}

/// The BIP341 key-path sighash of `tx`'s only input, which spends `prevout`, with
/// `SIGHASH_DEFAULT`: the 32-byte message the FROST group signs. It commits to the whole
/// transaction (witness aside) and to the prevout's amount and script.
pub fn key_spend_sighash(tx: &Transaction, prevout: &TxOut) -> Result<[u8; 32]> {
	ensure!(
		tx.input.len() == 1,
		"a group spend has exactly one input, this transaction has {}",
		tx.input.len()
	);
	let sighash = SighashCache::new(tx)
		.taproot_key_spend_signature_hash(
			0,
			&Prevouts::All(std::slice::from_ref(prevout)),
			TapSighashType::Default,
		)
		.context("computing the Taproot key-path sighash")?;
	Ok(sighash.to_byte_array())
}

/// `tx` with the group's 64-byte BIP340 signature `sig64` as its only input's witness: a
/// key-path spend with `SIGHASH_DEFAULT`, one 64-byte witness element (no sighash byte).
pub fn with_key_spend_signature(tx: &Transaction, sig64: &[u8; 64]) -> Result<Transaction> {
	ensure!(
		tx.input.len() == 1,
		"a group spend has exactly one input, this transaction has {}",
		tx.input.len()
	);
	let signature = schnorr::Signature::from_slice(sig64).context("not a BIP340 signature")?;
	let mut signed = tx.clone();
	// In bounds: the transaction has exactly one input (checked above).
	signed.input[0].witness = Witness::p2tr_key_spend(&taproot::Signature {
		signature,
		sighash_type: TapSighashType::Default,
	});
	Ok(signed)
}

/// Checks input `input_index` of `tx` with libbitcoinconsensus (Bitcoin Core 26's script
/// interpreter) under [`VERIFY_FLAGS`]: its script_sig and witness against the script and amount
/// of `prevouts[input_index]`, Taproot signatures included. `prevouts` must hold the output
/// every input of `tx` spends, in input order: a Taproot sighash covers all of them.
///
/// Scripts and signatures only: it does not check that the prevouts exist or are unspent, that
/// the inputs pay for the outputs, coinbase maturity, lock times, or any block or relay rule.
pub fn verify_spend(tx: &Transaction, input_index: usize, prevouts: &[TxOut]) -> Result<()> {
	let txid = tx.compute_txid();
	ensure!(
		prevouts.len() == tx.input.len(),
		"transaction {txid} has {} inputs but {} spent outputs were given; Taproot needs all",
		tx.input.len(),
		prevouts.len()
	);
	let spent = prevouts.get(input_index).ok_or_else(|| {
		anyhow!("transaction {txid} has no input {input_index} ({} inputs)", tx.input.len())
	})?;
	let tx_bytes = serialize(tx);
	// The C structs point into `prevouts`, borrowed for this whole function, and `utxos` lives
	// until the end of it: every pointer outlives the call below.
	let utxos = prevouts
		.iter()
		.map(|out| -> Result<bitcoinconsensus::Utxo> {
			let script = out.script_pubkey.as_bytes();
			Ok(bitcoinconsensus::Utxo {
				script_pubkey: script.as_ptr(),
				script_pubkey_len: u32::try_from(script.len())
					.context("a spent output's script is too long")?,
				value: i64::try_from(out.value.to_sat())
					.context("a spent output's value does not fit an int64")?,
			})
		})
		.collect::<Result<Vec<_>>>()?;
	let verdict = bitcoinconsensus::verify_with_flags(
		spent.script_pubkey.as_bytes(),
		spent.value.to_sat(),
		&tx_bytes,
		Some(utxos.as_slice()),
		input_index,
		VERIFY_FLAGS,
	);
	match verdict {
		Ok(()) => Ok(()),
		// The library reports a script that evaluates to false (a bad or missing signature, a
		// wrong sighash type, a mismatched amount or script) with its zero code, ERR_OK in
		// Bitcoin Core, which the crate names `ERR_SCRIPT`.
		Err(bitcoinconsensus::Error::ERR_SCRIPT) => Err(anyhow!(
			"input {input_index} of transaction {txid} fails libbitcoinconsensus' script and \
			 signature check (Taproot flags)"
		)),
		Err(e) => Err(anyhow!(
			"libbitcoinconsensus could not check input {input_index} of transaction {txid}: {e} \
			 ({e:?})"
		)),
	}
}

/// The verifier's rule that an anchor counts only if spent from the group key registered for its
/// checkpoint: `tx` has exactly one input, with an empty script_sig and a witness of a single
/// 64-byte element (a key-path signature with `SIGHASH_DEFAULT`), and `prevout`, the output that
/// input spends (the caller looks it up by the input's outpoint), pays [`group_script`] of
/// `key_x`. Structure only: [`verify_spend`] checks the signature.
pub fn spent_from_group(tx: &Transaction, prevout: &TxOut, key_x: &[u8; 32]) -> bool {
	let Ok(script) = group_script(key_x) else { return false };
	let [input] = tx.input.as_slice() else { return false };
	prevout.script_pubkey == script
		&& input.script_sig.is_empty()
		&& input.witness.len() == 1
		&& input.witness.nth(0).is_some_and(|signature| signature.len() == 64)
}

/// Test fixtures shared with the regtest node's tests.
#[cfg(test)]
pub(crate) mod testing {
	use super::*;
	use crate::frost::{group_key_x, identifier_from_bytes, run_dkg, run_signing, signature_bytes};
	use frost_secp256k1_tr::{
		keys::{KeyPackage, PublicKeyPackage},
		Identifier,
	};
	use rand::{rngs::StdRng, SeedableRng};
	use std::collections::BTreeMap;

	/// A 2-of-3 FROST group made by a DKG in memory.
	pub(crate) struct Group {
		/// The members' identifiers.
		pub(crate) ids: Vec<Identifier>,
		/// Their key packages.
		pub(crate) keys: BTreeMap<Identifier, KeyPackage>,
		/// The group's public key package.
		pub(crate) public: PublicKeyPackage,
		/// x(Q).
		pub(crate) key_x: [u8; 32],
	}

	impl Group {
		/// The group of the accounts `first`, `first + 1` and `first + 2` (their FROST
		/// identifiers derived from 32 copies of that byte), keyed by a DKG seeded with `seed`.
		pub(crate) fn new(first: u8, seed: u64) -> Self {
			let mut rng = StdRng::seed_from_u64(seed);
			let ids: Vec<Identifier> =
				(first..first + 3).map(|i| identifier_from_bytes(&[i; 32]).unwrap()).collect();
			let (keys, public) = run_dkg(&ids, 2, &mut rng).unwrap();
			let key_x = group_key_x(public.verifying_key()).unwrap();
			Self { ids, keys, public, key_x }
		}

		/// Every pair of members (t = 2).
		pub(crate) fn pairs(&self) -> Vec<[Identifier; 2]> {
			let ids = &self.ids;
			vec![[ids[0], ids[1]], [ids[0], ids[2]], [ids[1], ids[2]]]
		}

		/// The group's BIP340 signature of `message` by `signers` (FROST in memory).
		pub(crate) fn sign(
			&self,
			signers: &[Identifier],
			message: &[u8; 32],
			rng: &mut StdRng,
		) -> [u8; 64] {
			let signers: Vec<&KeyPackage> = signers.iter().map(|id| &self.keys[id]).collect();
			let signature = run_signing(&signers, &self.public, message, rng).unwrap();
			signature_bytes(&signature).unwrap()
		}

		/// `tx` (spending `prevout`) with the key-path signature of `signers`.
		pub(crate) fn sign_tx(
			&self,
			tx: &Transaction,
			prevout: &TxOut,
			signers: &[Identifier],
			rng: &mut StdRng,
		) -> Transaction {
			let sighash = key_spend_sighash(tx, prevout).unwrap();
			with_key_spend_signature(tx, &self.sign(signers, &sighash, rng)).unwrap()
		}
	}
}

#[cfg(test)]
mod tests {
	use super::{testing::Group, *};
	use crate::regtest::{coinbase, proof_hex, SUBSIDY};
	use crate::{
		btc::{find_anchor, from_hex, to_hex, verify_inclusion},
		frost::run_signing,
	};
	use bitcoin::{
		constants::COINBASE_MATURITY,
		secp256k1::{Keypair, Message, Secp256k1},
		Block, BlockHash, Txid,
	};
	use rand::{rngs::StdRng, SeedableRng};

	/// The fee every test transaction pays.
	const FEE: Amount = Amount::from_sat(1_000);

	/// An in-memory regtest chain: linked headers, real merkle roots and proof of work. Scripts
	/// are checked by `verify_spend`; no other block rule is.
	struct Chain {
		blocks: Vec<Block>,
	}

	impl Chain {
		/// A chain whose genesis coinbase pays the subsidy to `fund`.
		fn funding(fund: ScriptBuf) -> Self {
			Self { blocks: vec![crate::regtest::mine(BlockHash::all_zeros(), 0, fund, vec![])] }
		}

		/// The next block, over `txs`; its coinbase pays an empty script.
		fn mine(&mut self, txs: Vec<Transaction>) -> Block {
			let prev = self.blocks.last().unwrap().block_hash();
			let height = u32::try_from(self.blocks.len()).unwrap();
			let block = crate::regtest::mine(prev, height, ScriptBuf::new(), txs);
			self.blocks.push(block.clone());
			block
		}

		/// Mines empty blocks until the genesis coinbase can be spent in the next block.
		fn mature(&mut self) {
			for _ in 0..COINBASE_MATURITY {
				self.mine(vec![]);
			}
			// Bitcoin Core: a coinbase of height h may be spent in a block of height h + 100.
			assert!(self.next_height() >= COINBASE_MATURITY);
		}

		/// The height of the next block.
		fn next_height(&self) -> u32 {
			u32::try_from(self.blocks.len()).unwrap()
		}

		/// The genesis coinbase's output, as the group's UTXO and as a prevout.
		fn funding_utxo(&self) -> (GroupUtxo, TxOut) {
			let coinbase = &self.blocks[0].txdata[0];
			let utxo = GroupUtxo {
				outpoint: OutPoint { txid: coinbase.compute_txid(), vout: 0 },
				value: coinbase.output[0].value,
			};
			(utxo, coinbase.output[0].clone())
		}
	}

	/// `tx` with a witness of the single element `element`.
	fn with_witness_element(tx: &Transaction, element: &[u8]) -> Transaction {
		let mut witness = Witness::new();
		witness.push(element);
		let mut tx = tx.clone();
		tx.input[0].witness = witness;
		tx
	}

	/// `verify_spend` refuses input 0 of `tx`, in libbitcoinconsensus.
	fn assert_refused(tx: &Transaction, prevouts: &[TxOut], what: &str) {
		let error = verify_spend(tx, 0, prevouts).expect_err(what);
		let text = format!("{error:#}");
		assert!(text.contains("libbitcoinconsensus"), "{what}: {text}");
	}

	#[test]
	fn the_group_script_is_op1_and_the_dkg_key_not_tweaked_again() {
		let group = Group::new(1, 1);
		let script = group_script(&group.key_x).unwrap();
		assert_eq!(&script.as_bytes()[..2], &[0x51u8, 0x20u8][..], "OP_1 and a 32-byte push");
		assert_eq!(&script.as_bytes()[2..], &group.key_x[..]);
		assert!(script.is_p2tr());
		let address = group_address(&group.key_x, Network::Regtest).unwrap();
		assert_eq!(address.script_pubkey(), script);
		assert!(address.to_string().starts_with("bcrt1p"), "{address}");
		// Address::p2tr takes an internal key and tweaks it: another output key, one the group
		// cannot sign for.
		let xonly = group_xonly_key(&group.key_x).unwrap();
		let twice = Address::p2tr(&Secp256k1::verification_only(), xonly, None, Network::Regtest);
		assert_ne!(twice.script_pubkey(), script);
		// rust-bitcoin's dust limit for this script is ours.
		assert_eq!(script.minimal_non_dust(), P2TR_DUST);
		// An x with no curve point is no key.
		assert!(group_script(&[0xff; 32]).is_err());
		assert!(group_address(&[0xff; 32], Network::Regtest).is_err());
	}

	#[test]
	fn an_anchor_signed_by_every_pair_verifies_and_its_proof_checks() {
		let group = Group::new(1, 2);
		let mut rng = StdRng::seed_from_u64(102);
		let mut chain = Chain::funding(group_script(&group.key_x).unwrap());
		chain.mature();
		let (utxo, prevout) = chain.funding_utxo();
		assert_eq!(utxo.txout(&group.key_x).unwrap(), prevout);
		let root = [0x5au8; 32];
		let unsigned = anchor_transaction(&utxo, &group.key_x, 7, root, FEE).unwrap();

		// The shape every signer rebuilds.
		assert_eq!(unsigned.version, Version::TWO);
		assert_eq!(unsigned.lock_time, LockTime::ZERO);
		assert_eq!(unsigned.input.len(), 1);
		assert_eq!(unsigned.input[0].previous_output, utxo.outpoint);
		assert_eq!(unsigned.input[0].sequence, SEQUENCE);
		assert!(unsigned.input[0].witness.is_empty());
		assert_eq!(unsigned.output.len(), 2);
		assert_eq!(unsigned.output[0].value, Amount::ZERO);
		assert_eq!(unsigned.output[0].script_pubkey, crate::btc::anchor_script(7, root));
		assert_eq!(unsigned.output[1].value, SUBSIDY - FEE);
		assert_eq!(unsigned.output[1].script_pubkey, prevout.script_pubkey);
		assert_eq!(unsigned, anchor_transaction(&utxo, &group.key_x, 7, root, FEE).unwrap());
		// Unsigned, it does not verify.
		assert_refused(&unsigned, std::slice::from_ref(&prevout), "no witness");

		let txid = unsigned.compute_txid();
		let mut signed = Vec::new();
		for pair in group.pairs() {
			let tx = group.sign_tx(&unsigned, &prevout, &pair, &mut rng);
			assert_eq!(tx.input[0].witness.len(), 1);
			assert_eq!(tx.input[0].witness.nth(0).map(<[u8]>::len), Some(64));
			verify_spend(&tx, 0, std::slice::from_ref(&prevout)).unwrap();
			assert!(spent_from_group(&tx, &prevout, &group.key_x));
			assert_eq!(tx.compute_txid(), txid, "the witness is not in the txid");
			// 150 bytes without the witness, 68 of witness (marker, flag, count, length, 64):
			// weight 4·150 + 68 = 668, 167 vbytes.
			assert_eq!(tx.vsize(), 167);
			signed.push(tx);
		}
		// Fresh nonces each time: three different witnesses of one transaction.
		assert_ne!(signed[0].compute_wtxid(), signed[1].compute_wtxid());
		assert_ne!(signed[1].compute_wtxid(), signed[2].compute_wtxid());

		let anchor = signed.swap_remove(0);
		let parsed = from_hex(&to_hex(&anchor)).unwrap();
		assert_eq!(parsed, anchor);
		assert_eq!(find_anchor(&parsed), Some((7, root)));
		assert_eq!(find_handover(&parsed), None);

		let height = chain.next_height();
		assert!(height >= COINBASE_MATURITY, "the funding coinbase is mature");
		let others: Vec<Transaction> =
			(1..4).map(|i| coinbase(1_000 + i, ScriptBuf::new())).collect();
		let mut txs = others.clone();
		txs.insert(1, anchor.clone());
		let block = chain.mine(txs);
		let inclusion = verify_inclusion(&proof_hex(&block, txid), &txid).unwrap();
		assert_eq!(inclusion.block_hash, block.block_hash());
		assert_eq!(inclusion.merkle_root, block.header.merkle_root);
		assert!(verify_inclusion(&proof_hex(&block, txid), &others[0].compute_txid()).is_err());
		assert_eq!(next_group_utxo(&anchor).unwrap().outpoint, OutPoint { txid, vout: 1 });
	}

	#[test]
	fn the_chain_builds_and_hashes_the_same_anchor_as_rust_bitcoin() {
		use pallet_anchoring::{bitcoin::GroupSpend, BtcCoin, BtcSpend, GroupCoin};
		let group = Group::new(1, 7);
		let mut rng = StdRng::seed_from_u64(107);
		let fee = 1_000u64;
		let cases = [
			(SUBSIDY.to_sat(), 0u32, 0u64, [0u8; 32]),
			(50_000, 1, 7, [0x33; 32]),
			(fee + P2TR_DUST.to_sat(), 3, u64::MAX, [0xff; 32]),
		];
		for (i, (value, vout, number, root)) in cases.into_iter().enumerate() {
			let coin = BtcCoin { txid: sp_core::H256::repeat_byte(i as u8 + 1), vout, value };
			let chain = GroupSpend::anchor(coin, &group.key_x, number, &root, fee).unwrap();
			let spend = BtcSpend { spent: GroupCoin { epoch: 0, coin }, fee, txid: chain.txid() };
			let tx = chain_anchor(&spend, &group.key_x, number, root, None).unwrap();
			// The same bytes, txid, sighash and next coin as rust-bitcoin's.
			assert_eq!(serialize(&tx), chain.serialize());
			let prevout = TxOut {
				value: Amount::from_sat(value),
				script_pubkey: group_script(&group.key_x).unwrap(),
			};
			assert_eq!(key_spend_sighash(&tx, &prevout).unwrap(), chain.sighash());
			let next = next_group_utxo(&tx).unwrap();
			assert_eq!(next.value.to_sat(), chain.next_coin().value);
			assert_eq!(next.outpoint.vout, chain.next_coin().vout);
			assert_eq!(find_anchor(&tx), Some((number, root)));
			// The group's signature of the chain's sighash makes a spend Bitcoin Core accepts.
			let signature = group.sign(&group.pairs()[i], &chain.sighash(), &mut rng);
			let signed =
				chain_anchor(&spend, &group.key_x, number, root, Some(&signature)).unwrap();
			verify_spend(&signed, 0, std::slice::from_ref(&prevout)).unwrap();
			assert!(spent_from_group(&signed, &prevout, &group.key_x));
			// Another root, or a signature of another message, is refused before broadcast.
			assert!(chain_anchor(&spend, &group.key_x, number, [9; 32], None).is_err());
			let other = group.sign(&group.pairs()[i], &[7; 32], &mut rng);
			assert!(chain_anchor(&spend, &group.key_x, number, root, Some(&other)).is_err());
		}
		// Change below the dust limit: neither side builds it.
		let coin = BtcCoin { txid: sp_core::H256::repeat_byte(9), vout: 0, value: fee + 329 };
		assert!(GroupSpend::anchor(coin, &group.key_x, 1, &[1; 32], fee).is_none());
		let utxo = GroupUtxo {
			outpoint: OutPoint { txid: Txid::all_zeros(), vout: 0 },
			value: Amount::from_sat(fee + 329),
		};
		assert!(anchor_transaction(&utxo, &group.key_x, 1, [1; 32], Amount::from_sat(fee)).is_err());
	}

	#[test]
	fn a_chain_of_two_anchors_spends_change_known_before_signing() {
		let group = Group::new(1, 3);
		let mut rng = StdRng::seed_from_u64(103);
		let ids = group.ids.clone();
		let mut chain = Chain::funding(group_script(&group.key_x).unwrap());
		chain.mature();
		let (utxo, prevout) = chain.funding_utxo();

		let first = anchor_transaction(&utxo, &group.key_x, 10, [1u8; 32], FEE).unwrap();
		// The change of the first is known before anyone signs it.
		let change = next_group_utxo(&first).unwrap();
		assert_eq!(change.outpoint, OutPoint { txid: first.compute_txid(), vout: GROUP_OUTPUT });
		let change_prevout = change.txout(&group.key_x).unwrap();
		assert_eq!(change_prevout, first.output[1]);
		let second = anchor_transaction(&change, &group.key_x, 11, [2u8; 32], FEE).unwrap();
		assert_eq!(second.output[1].value, SUBSIDY - FEE - FEE);

		// Sign the second first, by another pair: nothing in it depends on the first's witness.
		let second = group.sign_tx(&second, &change_prevout, &[ids[1], ids[2]], &mut rng);
		let first = group.sign_tx(&first, &prevout, &[ids[0], ids[1]], &mut rng);
		assert_eq!(first.compute_txid(), change.outpoint.txid);
		verify_spend(&first, 0, std::slice::from_ref(&prevout)).unwrap();
		verify_spend(&second, 0, std::slice::from_ref(&change_prevout)).unwrap();
		assert!(spent_from_group(&second, &change_prevout, &group.key_x));

		// Both in one block, parent first.
		let block = chain.mine(vec![first.clone(), second.clone()]);
		for (tx, anchor) in [(&first, (10, [1u8; 32])), (&second, (11, [2u8; 32]))] {
			let txid = tx.compute_txid();
			verify_inclusion(&proof_hex(&block, txid), &txid).unwrap();
			assert_eq!(find_anchor(tx), Some(anchor));
		}
	}

	#[test]
	fn a_lone_share_another_transaction_another_sighash_type_or_a_flipped_bit_fail() {
		let group = Group::new(1, 4);
		let mut rng = StdRng::seed_from_u64(104);
		let pair = [group.ids[0], group.ids[1]];
		let mut chain = Chain::funding(group_script(&group.key_x).unwrap());
		chain.mature();
		let (utxo, prevout) = chain.funding_utxo();
		let prevouts = [prevout.clone()];
		let unsigned = anchor_transaction(&utxo, &group.key_x, 20, [0x20u8; 32], FEE).unwrap();
		let sighash = key_spend_sighash(&unsigned, &prevout).unwrap();
		let good = group.sign(&pair, &sighash, &mut rng);
		verify_spend(&with_key_spend_signature(&unsigned, &good).unwrap(), 0, &prevouts).unwrap();

		// (a) One relayer alone: its secret share used as a plain BIP340 key. The signature is
		// valid under that share's own key, the spend is shaped like the group's, and it fails.
		let secp = Secp256k1::new();
		for id in &group.ids {
			let share = group.keys[id].signing_share().serialize();
			let keypair = Keypair::from_seckey_slice(&secp, &share).unwrap();
			let message = Message::from_digest(sighash);
			let signature = secp.sign_schnorr_no_aux_rand(&message, &keypair);
			let (share_key, _) = keypair.x_only_public_key();
			secp.verify_schnorr(&signature, &message, &share_key).unwrap();
			assert_ne!(share_key.serialize(), group.key_x);
			let forged = with_key_spend_signature(&unsigned, &signature.serialize()).unwrap();
			assert!(spent_from_group(&forged, &prevout, &group.key_x), "structure only");
			assert_refused(&forged, &prevouts, "a lone share's signature");
		}
		// Nor can it run FROST alone (t = 2).
		assert!(
			run_signing(&[&group.keys[&group.ids[0]]], &group.public, &sighash, &mut rng).is_err()
		);

		// (b) The group's signature of another transaction (another root).
		let other = anchor_transaction(&utxo, &group.key_x, 20, [0x21u8; 32], FEE).unwrap();
		let other_sig = group.sign(&pair, &key_spend_sighash(&other, &prevout).unwrap(), &mut rng);
		verify_spend(&with_key_spend_signature(&other, &other_sig).unwrap(), 0, &prevouts).unwrap();
		assert_refused(
			&with_key_spend_signature(&unsigned, &other_sig).unwrap(),
			&prevouts,
			"a signature of another transaction",
		);

		// (c) A sighash type byte appended to the SIGHASH_DEFAULT signature: with 0x01 the
		// interpreter checks it against the SIGHASH_ALL message, another one; 0x00 is never
		// allowed as an explicit byte.
		for byte in [0x01u8, 0x00, 0x81] {
			let mut sig65 = good.to_vec();
			sig65.push(byte);
			assert_refused(
				&with_witness_element(&unsigned, &sig65),
				&prevouts,
				"a signature with a sighash type byte appended",
			);
		}
		// For contrast: the group signing the SIGHASH_ALL message, with its byte, verifies,
		// and that signature without the byte does not.
		let all = SighashCache::new(&unsigned)
			.taproot_key_spend_signature_hash(
				0,
				&Prevouts::All(std::slice::from_ref(&prevout)),
				TapSighashType::All,
			)
			.unwrap()
			.to_byte_array();
		assert_ne!(all, sighash);
		let all_sig = group.sign(&pair, &all, &mut rng);
		let mut all65 = all_sig.to_vec();
		all65.push(TapSighashType::All as u8);
		verify_spend(&with_witness_element(&unsigned, &all65), 0, &prevouts).unwrap();
		assert_refused(
			&with_key_spend_signature(&unsigned, &all_sig).unwrap(),
			&prevouts,
			"a SIGHASH_ALL signature without its byte",
		);

		// (d) One bit flipped, in x(R) or in s.
		for (byte, bit) in [(0usize, 0u8), (17, 5), (31, 7), (32, 0), (50, 3), (63, 6)] {
			let mut flipped = good;
			flipped[byte] ^= 1 << bit;
			assert_refused(
				&with_key_spend_signature(&unsigned, &flipped).unwrap(),
				&prevouts,
				"a flipped bit",
			);
		}

		// (e) The right signature against a wrong prevout: Taproot signs the amounts and scripts
		// of the spent outputs.
		let signed = with_key_spend_signature(&unsigned, &good).unwrap();
		let mut richer = prevout.clone();
		richer.value = SUBSIDY + Amount::from_sat(1);
		assert_refused(&signed, &[richer], "another amount");
		let another = Group::new(4, 5);
		let elsewhere =
			TxOut { value: prevout.value, script_pubkey: group_script(&another.key_x).unwrap() };
		assert_refused(&signed, &[elsewhere], "another group's output");
		// And the prevouts must be complete and the input must exist (our own checks).
		assert!(verify_spend(&signed, 0, &[]).is_err());
		assert!(verify_spend(&signed, 1, &prevouts).is_err());
	}

	#[test]
	fn a_handover_signed_by_the_old_group_pays_the_new_one() {
		let old = Group::new(1, 6);
		let new = Group::new(4, 7);
		assert_ne!(old.key_x, new.key_x);
		let mut rng = StdRng::seed_from_u64(106);
		let mut chain = Chain::funding(group_script(&old.key_x).unwrap());
		chain.mature();
		let (utxo, prevout) = chain.funding_utxo();

		let unsigned = handover_transaction(&utxo, &old.key_x, &new.key_x, 2, FEE).unwrap();
		assert_eq!(unsigned.output.len(), 2);
		assert_eq!(unsigned.output[0].value, Amount::ZERO);
		assert_eq!(unsigned.output[1].value, SUBSIDY - FEE);
		assert_eq!(unsigned.output[1].script_pubkey, group_script(&new.key_x).unwrap());
		assert_eq!(find_handover(&unsigned), Some((2, new.key_x)));
		assert_eq!(find_anchor(&unsigned), None);
		assert!(handover_transaction(&utxo, &old.key_x, &old.key_x, 2, FEE).is_err());

		let handover = old.sign_tx(&unsigned, &prevout, &[old.ids[0], old.ids[2]], &mut rng);
		verify_spend(&handover, 0, std::slice::from_ref(&prevout)).unwrap();
		assert_eq!(handover.vsize(), 167);
		assert!(spent_from_group(&handover, &prevout, &old.key_x));
		assert!(!spent_from_group(&handover, &prevout, &new.key_x));
		// The new group cannot take the old group's UTXO.
		let taken = new.sign_tx(&unsigned, &prevout, &[new.ids[0], new.ids[1]], &mut rng);
		assert_refused(
			&taken,
			std::slice::from_ref(&prevout),
			"the new group spending the old UTXO",
		);

		// The new group anchors from the handed-over output; the old one no longer can.
		let moved = next_group_utxo(&handover).unwrap();
		assert_eq!(moved.outpoint, OutPoint { txid: handover.compute_txid(), vout: 1 });
		let moved_prevout = moved.txout(&new.key_x).unwrap();
		assert_eq!(moved_prevout, handover.output[1]);
		let unsigned = anchor_transaction(&moved, &new.key_x, 30, [0x30u8; 32], FEE).unwrap();
		let anchor = new.sign_tx(&unsigned, &moved_prevout, &[new.ids[1], new.ids[2]], &mut rng);
		verify_spend(&anchor, 0, std::slice::from_ref(&moved_prevout)).unwrap();
		assert!(spent_from_group(&anchor, &moved_prevout, &new.key_x));
		assert!(!spent_from_group(&anchor, &moved_prevout, &old.key_x));
		let stale = old.sign_tx(&unsigned, &moved_prevout, &[old.ids[0], old.ids[1]], &mut rng);
		assert_refused(&stale, &[moved_prevout], "the old group after the handover");

		let block = chain.mine(vec![handover.clone(), anchor.clone()]);
		for tx in [&handover, &anchor] {
			let txid = tx.compute_txid();
			verify_inclusion(&proof_hex(&block, txid), &txid).unwrap();
		}
		assert_eq!(find_anchor(&anchor), Some((30, [0x30u8; 32])));
	}

	#[test]
	fn dust_change_is_refused() {
		let secp = Secp256k1::new();
		let key = |byte: u8| -> [u8; 32] {
			let keypair = Keypair::from_seckey_slice(&secp, &[byte; 32]).unwrap();
			keypair.x_only_public_key().0.serialize()
		};
		let (key_x, other_x) = (key(1), key(2));
		let utxo = GroupUtxo {
			outpoint: OutPoint { txid: Txid::all_zeros(), vout: 1 },
			value: Amount::from_sat(1_330),
		};
		// 330 sat left: the limit itself is fine.
		let tx = anchor_transaction(&utxo, &key_x, 1, [1u8; 32], FEE).unwrap();
		assert_eq!(tx.output[1].value, P2TR_DUST);
		assert!(handover_transaction(&utxo, &key_x, &other_x, 1, FEE).is_ok());
		// 329 sat left: dust.
		let fee = FEE + Amount::from_sat(1);
		let error = anchor_transaction(&utxo, &key_x, 1, [1u8; 32], fee).unwrap_err();
		assert!(error.to_string().contains("dust"), "{error}");
		let error = handover_transaction(&utxo, &key_x, &other_x, 1, fee).unwrap_err();
		assert!(error.to_string().contains("dust"), "{error}");
		// Not even the fee.
		let error =
			anchor_transaction(&utxo, &key_x, 1, [1u8; 32], Amount::from_sat(2_000)).unwrap_err();
		assert!(error.to_string().contains("cannot pay the fee"), "{error}");
	}

	#[test]
	fn the_handover_payload_round_trips_and_is_not_an_anchor() {
		let key_x = [0x42u8; 32];
		let p = handover_payload(9, &key_x);
		assert_eq!(p.len(), HANDOVER_PAYLOAD_LEN);
		assert_eq!(&p[..4], b"MCTH");
		assert_eq!(parse_handover_payload(&p), Some((9, key_x)));
		assert_eq!(crate::btc::parse_payload(&p), None);
		assert_eq!(parse_handover_payload(&crate::btc::payload(9, key_x)), None);
		let mut other = p;
		other[4] = 2;
		assert_eq!(parse_handover_payload(&other), None);
		assert_eq!(parse_handover_payload(&p[..44]), None);
		let script = handover_script(9, &key_x);
		assert!(script.is_op_return());
		assert!(script.len() <= 83, "OP_RETURN + push + 80 bytes at most");
	}

	#[test]
	fn spent_from_group_wants_one_input_and_one_64_byte_signature() {
		let group = Group::new(1, 8);
		let mut rng = StdRng::seed_from_u64(108);
		let (utxo, prevout) = Chain::funding(group_script(&group.key_x).unwrap()).funding_utxo();
		let unsigned = anchor_transaction(&utxo, &group.key_x, 1, [1u8; 32], FEE).unwrap();
		let signed = group.sign_tx(&unsigned, &prevout, &[group.ids[0], group.ids[1]], &mut rng);
		assert!(spent_from_group(&signed, &prevout, &group.key_x));
		assert!(!spent_from_group(&unsigned, &prevout, &group.key_x), "no witness");
		assert!(!spent_from_group(&signed, &prevout, &[0xff; 32]), "not a key");
		let mut sig65 = signed.input[0].witness.nth(0).unwrap().to_vec();
		sig65.push(0x01);
		assert!(!spent_from_group(&with_witness_element(&signed, &sig65), &prevout, &group.key_x));
		let mut two = signed.clone();
		two.input[0].witness.push([0u8; 1]);
		assert!(!spent_from_group(&two, &prevout, &group.key_x), "two witness elements");
		let mut with_script_sig = signed.clone();
		with_script_sig.input[0].script_sig = ScriptBuf::builder().push_int(1).into_script();
		assert!(!spent_from_group(&with_script_sig, &prevout, &group.key_x));
		let mut two_inputs = signed.clone();
		two_inputs.input.push(signed.input[0].clone());
		assert!(!spent_from_group(&two_inputs, &prevout, &group.key_x), "two inputs");
		// Our functions refuse a spend of more than one input.
		assert!(key_spend_sighash(&two_inputs, &prevout).is_err());
		assert!(with_key_spend_signature(&two_inputs, &[0u8; 64]).is_err());
	}
}
