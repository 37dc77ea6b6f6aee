//! The group's Bitcoin anchors as the chain builds them: one deterministic transaction per
//! checkpoint, spent from the group's Taproot coin by key path, whose BIP341 sighash is the
//! message the group signs in its signing rounds.
//!
//! The group holds one coin per Bitcoin network ([`GroupCoins`]), an output paying
//! `OP_1 <x(Q)>` where Q is the group key (the FROST key is already the Taproot output key: the
//! ciphersuite applies the BIP341 tweak with no script tree). Checkpoint `n`'s anchor spends it:
//! version 2, lock time 0, one input (the coin, sequence `0xFFFFFFFD`: replace-by-fee, no
//! relative lock time), output 0 an `OP_RETURN` of the 45-byte payload `MCTC`, 1, `n` (8 bytes,
//! big-endian), root; output 1 the change, the coin's value less the fee (`btc_fee`), back to
//! the group's script. Its txid does not cover the witness, so the chain knows it before the
//! group signs, and once the signature is recorded the change is the group's next coin and the
//! txid the only Bitcoin transaction relayers may attest for `n` ([`BtcSpends`]). The relayer
//! builds the same transaction with rust-bitcoin (`relayer/src/taproot.rs`) and checks it
//! against this one; the pallet uses nothing but SHA-256.

use super::*;
use sp_io::hashing::sha2_256;

/// The tag that starts every anchor payload.
pub const ANCHOR_TAG: [u8; 4] = *b"MCTC";
/// The anchor payload format's version.
pub const ANCHOR_VERSION: u8 = 1;
/// The anchor payload's length: tag, version, checkpoint number (8 bytes) and root.
pub const ANCHOR_PAYLOAD_LEN: usize = 45;
/// The least value of the group's output that Bitcoin Core relays (a P2TR output at the
/// default dust relay fee): an anchor whose change would be less is not built.
pub const P2TR_DUST: u64 = 330;
/// The most `btc_fee` may be: 100,000 sat (about 600 sat/vB for an anchor). Without a bound,
/// the parameter's origin could set a fee near the coin's value and hand the group's bitcoin to
/// whoever mines the anchor.
pub const MAX_BTC_FEE: Satoshis = 100_000;
/// The sequence of the group's input: opts in to replace-by-fee, no relative lock time.
pub const SEQUENCE: u32 = 0xFFFF_FFFD;
/// The output of an anchor that is the group's next coin (output 0 is the `OP_RETURN`).
pub const GROUP_OUTPUT: u32 = 1;

/// The anchor payload of checkpoint `number` with `root`.
pub fn anchor_payload(number: CheckpointNumber, root: &[u8; 32]) -> [u8; ANCHOR_PAYLOAD_LEN] {
	let mut p = [0u8; ANCHOR_PAYLOAD_LEN];
	p[..4].copy_from_slice(&ANCHOR_TAG);
	p[4] = ANCHOR_VERSION;
	p[5..13].copy_from_slice(&number.to_be_bytes());
	p[13..].copy_from_slice(root);
	p
}

/// The group's output script for key `key_x`: `OP_1 <32 bytes>`.
pub fn group_script(key_x: &[u8; 32]) -> Vec<u8> {
	let mut s = Vec::with_capacity(34);
	s.extend_from_slice(&[0x51, 0x20]);
	s.extend_from_slice(key_x);
	s
}

/// The anchor's `OP_RETURN` script: `OP_RETURN <45 bytes>`.
pub fn anchor_script(number: CheckpointNumber, root: &[u8; 32]) -> Vec<u8> {
	let mut s = Vec::with_capacity(2 + ANCHOR_PAYLOAD_LEN);
	s.extend_from_slice(&[0x6a, ANCHOR_PAYLOAD_LEN as u8]);
	s.extend_from_slice(&anchor_payload(number, root));
	s
}

/// Bitcoin's double SHA-256.
fn sha256d(data: &[u8]) -> [u8; 32] {
	sha2_256(&sha2_256(data))
}

/// BIP340's tagged hash: SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ data).
fn tagged_hash(tag: &[u8], data: &[u8]) -> [u8; 32] {
	let t = sha2_256(tag);
	let mut buf = Vec::with_capacity(64 + data.len());
	buf.extend_from_slice(&t);
	buf.extend_from_slice(&t);
	buf.extend_from_slice(data);
	sha2_256(&buf)
}

/// `id` in Bitcoin's internal byte order (the reverse of the order explorers display).
fn internal(id: &H256) -> [u8; 32] {
	let mut b = id.0;
	b.reverse();
	b
}

/// An output: value in satoshis and script (shorter than 253 bytes: one length byte).
fn push_output(buf: &mut Vec<u8>, value: u64, script: &[u8]) {
	buf.extend_from_slice(&value.to_le_bytes());
	buf.push(script.len() as u8);
	buf.extend_from_slice(script);
}

/// An unsigned group transaction: one input (the group's coin), two outputs (the `OP_RETURN`,
/// then the group's change).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GroupSpend {
	/// The coin spent.
	pub coin: BtcCoin,
	/// The script of the coin spent (the group's of the coin's key).
	pub coin_script: Vec<u8>,
	/// Output 0's script (the `OP_RETURN`).
	pub op_return: Vec<u8>,
	/// Output 1's value: the change.
	pub change: u64,
	/// Output 1's script: the group's.
	pub change_script: Vec<u8>,
}

impl GroupSpend {
	/// The anchor of checkpoint `number` with `root`, spending `coin` of the group key `key_x`
	/// with `fee`; `None` when the change would be below [`P2TR_DUST`].
	pub fn anchor(
		coin: BtcCoin,
		key_x: &[u8; 32],
		number: CheckpointNumber,
		root: &[u8; 32],
		fee: u64,
	) -> Option<Self> {
		let change = coin.value.checked_sub(fee).filter(|c| *c >= P2TR_DUST)?;
		Some(Self {
			coin,
			coin_script: group_script(key_x),
			op_return: anchor_script(number, root),
			change,
			change_script: group_script(key_x),
		})
	}

	/// The serialized outputs.
	fn outputs(&self) -> Vec<u8> {
		let mut buf = Vec::with_capacity(96);
		push_output(&mut buf, 0, &self.op_return);
		push_output(&mut buf, self.change, &self.change_script);
		buf
	}

	/// The transaction without its witness (what its txid hashes): version 2, one input with an
	/// empty script_sig, the two outputs, lock time 0.
	pub fn serialize(&self) -> Vec<u8> {
		let mut buf = Vec::with_capacity(160);
		buf.extend_from_slice(&2u32.to_le_bytes());
		buf.push(1);
		buf.extend_from_slice(&internal(&self.coin.txid));
		buf.extend_from_slice(&self.coin.vout.to_le_bytes());
		buf.push(0);
		buf.extend_from_slice(&SEQUENCE.to_le_bytes());
		buf.push(2);
		buf.extend_from_slice(&self.outputs());
		buf.extend_from_slice(&0u32.to_le_bytes());
		buf
	}

	/// The transaction's id, in the byte order Bitcoin Core displays it.
	pub fn txid(&self) -> H256 {
		let mut id = sha256d(&self.serialize());
		id.reverse();
		H256(id)
	}

	/// The group's coin after this transaction: its output [`GROUP_OUTPUT`].
	pub fn next_coin(&self) -> BtcCoin {
		BtcCoin { txid: self.txid(), vout: GROUP_OUTPUT, value: self.change }
	}

	/// The BIP341 signature hash of the key-path spend of the input with `SIGHASH_DEFAULT`
	/// (BIP341 "Common signature message", extension flag 0, no annex): the message the group
	/// signs. It commits to the whole transaction but the witness, and to the coin's value and
	/// script, so a signature made for another coin or value is worthless.
	pub fn sighash(&self) -> [u8; 32] {
		let mut prevouts = Vec::with_capacity(36);
		prevouts.extend_from_slice(&internal(&self.coin.txid));
		prevouts.extend_from_slice(&self.coin.vout.to_le_bytes());
		let mut script = Vec::with_capacity(1 + self.coin_script.len());
		script.push(self.coin_script.len() as u8);
		script.extend_from_slice(&self.coin_script);
		let mut msg = Vec::with_capacity(1 + 1 + 8 + 5 * 32 + 1 + 4);
		msg.push(0x00); // sighash epoch
		msg.push(0x00); // SIGHASH_DEFAULT
		msg.extend_from_slice(&2u32.to_le_bytes());
		msg.extend_from_slice(&0u32.to_le_bytes());
		msg.extend_from_slice(&sha2_256(&prevouts));
		msg.extend_from_slice(&sha2_256(&self.coin.value.to_le_bytes()));
		msg.extend_from_slice(&sha2_256(&script));
		msg.extend_from_slice(&sha2_256(&SEQUENCE.to_le_bytes()));
		msg.extend_from_slice(&sha2_256(&self.outputs()));
		msg.push(0x00); // spend type: key path, no annex
		msg.extend_from_slice(&0u32.to_le_bytes());
		tagged_hash(b"TapSighash", &msg)
	}
}

impl<T: Config> Pallet<T> {
	/// The anchor of `checkpoint` on the Bitcoin `network`: the group's unsigned transaction,
	/// the coin it spends (with the key that signs it) and its fee.
	pub fn btc_anchor(
		checkpoint: CheckpointNumber,
		network: BitcoinNetwork,
	) -> Result<(GroupSpend, GroupCoin, u64), DispatchError> {
		let c = Checkpoints::<T>::get(checkpoint).ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(
			Targets::<T>::get().contains(&AnchorTarget::Bitcoin { network }),
			Error::<T>::UnknownTarget
		);
		let spent = GroupCoins::<T>::get(network).ok_or(Error::<T>::NoContract)?;
		let key = GroupKeys::<T>::get(spent.epoch).ok_or(Error::<T>::NoGroupKey)?;
		let fee = Parameters::<T>::get().btc_fee;
		let spend =
			GroupSpend::anchor(spent.coin, &key.key_x, checkpoint, c.root.as_fixed_bytes(), fee)
				.ok_or(Error::<T>::CoinTooSmall)?;
		Ok((spend, spent, fee))
	}

	/// Checks that `external` may be attested for `checkpoint` on `target`: on a Bitcoin
	/// network where the group holds a coin, only the group's signed anchor counts.
	pub fn check_group_anchor(
		checkpoint: CheckpointNumber,
		target: &AnchorTarget,
		external: &ExternalRef,
	) -> Result<(), Error<T>> {
		if let AnchorTarget::Bitcoin { network } = target {
			if GroupCoins::<T>::contains_key(network) {
				let spend = BtcSpends::<T>::get(checkpoint, network);
				ensure!(
					spend.is_some_and(|s| s.txid == external.tx_id),
					Error::<T>::NotGroupAnchor
				);
			}
		}
		Ok(())
	}

	/// The group's coins' invariants: each is paid to a locked key, on a listed target the group
	/// signs for (a signing cursor), and its signed anchors moved the coin on.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn do_try_state_bitcoin() -> Result<(), sp_runtime::TryRuntimeError> {
		for (network, coin) in GroupCoins::<T>::iter() {
			let target = AnchorTarget::Bitcoin { network };
			ensure!(GroupKeys::<T>::contains_key(coin.epoch), "a group coin of no key");
			let cursor = SigningCursor::<T>::get(target).ok_or("a group coin without a cursor")?;
			if let Some(last) = cursor.checked_sub(1) {
				if let Some(spend) = BtcSpends::<T>::get(last, network) {
					ensure!(
						spend.txid == coin.coin.txid,
						"the coin is not the last anchor's change"
					);
				}
			}
		}
		Ok(())
	}
}
