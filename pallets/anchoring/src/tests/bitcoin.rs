//! The group's Bitcoin anchors: the chain builds each checkpoint's transaction from the group's
//! coin, the group signs its sighash in the signing rounds, the change becomes the next coin,
//! and on a network where the group holds a coin only its signed anchor may be attested.

use super::{keygen::*, signatures::*, signing::*, *};
use crate::bitcoin::GroupSpend;
use frame_support::{assert_noop, assert_ok, dispatch::CheckIfFeeless};
use rand::{rngs::StdRng, SeedableRng};
use sp_runtime::DispatchError;

/// Bitcoin regtest, the test genesis's Bitcoin target.
const NET: BitcoinNetwork = BitcoinNetwork::Regtest;

/// The coin the tests fund the group with: 50,000 sat.
const COIN: BtcCoin = BtcCoin { txid: H256::repeat_byte(0xaa), vout: 0, value: 50_000 };

/// A locked key held by relayers 1–3 (t = 2), checkpoint 0 recorded and the group's coin
/// [`COIN`] set from checkpoint 0 on.
fn btc_setup(rng: &mut StdRng) -> Vec<Party> {
	let parties = signed_setup(rng);
	assert_ok!(set_coin(Some(COIN), 0));
	parties
}

/// The relayer origin sets the group's coin on regtest.
fn set_coin(coin: Option<BtcCoin>, first: u64) -> DispatchResult {
	Anchoring::set_btc_coin(RuntimeOrigin::signed(RelayerAdmin::get()), NET, coin, first)
}

/// The group key in force.
fn key_x() -> [u8; 32] {
	Anchoring::active_group_key().expect("a key").1.key_x
}

/// Parties 0 and 1 sign checkpoint `n`'s Bitcoin anchor in the signing rounds; returns the
/// message they signed.
fn sign_anchor(parties: &[Party], n: u64, rng: &mut StdRng) -> [u8; 32] {
	let (checkpoint, message, round) = Anchoring::signing(BTC).expect("a signing in progress");
	assert_eq!(checkpoint, n);
	let (n0, r) = commit_on(BTC, parties, 0, n, round.attempt, rng);
	assert_ok!(r);
	let (n1, r) = commit_on(BTC, parties, 1, n, round.attempt, rng);
	assert_ok!(r);
	let s0 = share_on(BTC, parties, 0, &n0, &message);
	let s1 = share_on(BTC, parties, 1, &n1, &message);
	assert_ok!(post_on(BTC, parties, 0, n, round.attempt, s0));
	assert_ok!(post_on(BTC, parties, 1, n, round.attempt, s1));
	message
}

/// Whether `relayer`'s attestation would be free.
fn attest_free(relayer: AccountId, n: u64, external: ExternalRef) -> bool {
	let call = RuntimeCall::Anchoring(crate::Call::attest { checkpoint: n, target: BTC, external });
	call.is_feeless(&RuntimeOrigin::signed(relayer))
}

/// A Bitcoin reference to `txid`.
fn btc_ref(txid: H256) -> ExternalRef {
	ExternalRef { tx_id: txid, block_number: 101, block_hash: H256::repeat_byte(0xbb) }
}

#[test]
fn the_group_signs_each_bitcoin_anchor_and_its_change_is_the_next_coin() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(31);
		let parties = btc_setup(&mut rng);
		let key = key_x();
		let root = Checkpoints::<Test>::get(0).expect("checkpoint 0").root;
		// The message is the sighash of the anchor the chain builds from the coin.
		let anchor = GroupSpend::anchor(COIN, &key, 0, root.as_fixed_bytes(), BTC_FEE)
			.expect("the coin pays the fee");
		let message = sign_anchor(&parties, 0, &mut rng);
		assert_eq!(message, anchor.sighash());
		let signature = Signatures::<Test>::get(0, BTC).expect("signed").signature;
		assert!(crate::signature::verify_bip340(&key, &message, &signature));
		let txid = anchor.txid();
		let change = BtcCoin { txid, vout: 1, value: COIN.value - BTC_FEE };
		assert_eq!(
			BtcSpends::<Test>::get(0, NET),
			Some(BtcSpend { spent: GroupCoin { epoch: 0, coin: COIN }, fee: BTC_FEE, txid })
		);
		assert_eq!(GroupCoins::<Test>::get(NET), Some(GroupCoin { epoch: 0, coin: change }));
		assert!(events().contains(&Event::BtcAnchorSigned {
			checkpoint: 0,
			network: NET,
			txid,
			coin: change
		}));
		// Checkpoint 1's anchor spends checkpoint 0's change: a chain of anchors on Bitcoin.
		run_to(System::block_number() + INTERVAL);
		let root1 = Checkpoints::<Test>::get(1).expect("checkpoint 1").root;
		let next = GroupSpend::anchor(change, &key, 1, root1.as_fixed_bytes(), BTC_FEE)
			.expect("the change pays the fee");
		assert_eq!(sign_anchor(&parties, 1, &mut rng), next.sighash());
		assert_eq!(GroupCoins::<Test>::get(NET).map(|c| c.coin), Some(next.next_coin()));
		assert_eq!(next.next_coin().value, COIN.value - 2 * BTC_FEE);
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_relayers_attest_a_bitcoin_transaction_the_group_did_not_sign_and_are_refused() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(32);
		let parties = btc_setup(&mut rng);
		// Relayers 1 and 2 (a threshold of attestations) write checkpoint 0's root in an
		// OP_RETURN of their own and attest it before the group signs: refused, and they pay.
		let own = btc_ref(H256::repeat_byte(0x66));
		let mut refused = 0;
		for relayer in [1, 2] {
			assert!(!attest_free(relayer, 0, own));
			assert_noop!(attest(relayer, 0, BTC, own), Error::<Test>::NotGroupAnchor);
			refused += 1;
		}
		// After the group signs, only its transaction counts.
		sign_anchor(&parties, 0, &mut rng);
		let group = btc_ref(BtcSpends::<Test>::get(0, NET).expect("signed").txid);
		assert_noop!(attest(1, 0, BTC, own), Error::<Test>::NotGroupAnchor);
		refused += 1;
		assert!(attest_free(1, 0, group));
		assert_ok!(attest(1, 0, BTC, group));
		assert_ok!(attest(3, 0, BTC, group));
		let anchored = Anchors::<Test>::get(0, BTC).map(|a| a.external);
		println!(
			"the attackers' net: {refused} attestations refused, each paying its fee; roots of \
			 their own anchored: 0; the checkpoint is anchored by the group's transaction"
		);
		assert_eq!(anchored, Some(group));
		assert_ok!(Anchoring::do_try_state());
	});
}

#[test]
fn attack_a_signature_of_another_message_or_coin_moves_nothing() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(33);
		let parties = btc_setup(&mut rng);
		let key = key_x();
		let root = Checkpoints::<Test>::get(0).expect("checkpoint 0").root;
		// A threshold signature of the Ethereum message, and of an anchor spending another coin
		// (the group's real signatures, for the wrong transaction): refused, nothing moves.
		let eth = Anchoring::signing_message(0, ETH).expect("signable").0;
		let other = BtcCoin { value: COIN.value + 1, ..COIN };
		let elsewhere = GroupSpend::anchor(other, &key, 0, root.as_fixed_bytes(), BTC_FEE)
			.expect("an anchor")
			.sighash();
		for message in [eth, elsewhere] {
			let signature: [u8; 64] = sign(&parties, &[0, 1], &message, &mut rng)
				.serialize()
				.expect("64 bytes")
				.try_into()
				.expect("64 bytes");
			assert_noop!(
				Anchoring::submit_signature(RuntimeOrigin::signed(9), 0, BTC, signature),
				Error::<Test>::BadSignature
			);
		}
		assert_eq!(GroupCoins::<Test>::get(NET).map(|c| c.coin), Some(COIN));
		// The right one, signed off chain and submitted by anyone, moves the coin.
		let message = Anchoring::signing_message(0, BTC).expect("signable").0;
		let signature: [u8; 64] = sign(&parties, &[1, 2], &message, &mut rng)
			.serialize()
			.expect("64 bytes")
			.try_into()
			.expect("64 bytes");
		assert_ok!(Anchoring::submit_signature(RuntimeOrigin::signed(9), 0, BTC, signature));
		assert_eq!(GroupCoins::<Test>::get(NET).map(|c| c.coin.value), Some(COIN.value - BTC_FEE));
	});
}

#[test]
fn the_coin_is_set_by_the_relayer_origin_for_a_listed_network_and_must_pay_the_fee() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(34);
		// No key yet: no coin.
		assert_noop!(set_coin(Some(COIN), 0), Error::<Test>::NoGroupKey);
		signed_setup(&mut rng);
		assert_noop!(
			Anchoring::set_btc_coin(RuntimeOrigin::signed(1), NET, Some(COIN), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Anchoring::set_btc_coin(
				RuntimeOrigin::signed(RelayerAdmin::get()),
				BitcoinNetwork::Mainnet,
				Some(COIN),
				0
			),
			Error::<Test>::UnknownTarget
		);
		let small = BtcCoin { value: BTC_FEE + crate::bitcoin::P2TR_DUST - 1, ..COIN };
		assert_noop!(set_coin(Some(small), 0), Error::<Test>::CoinTooSmall);
		// A coin that pays for one anchor: the second cannot be built, and nothing is signed.
		let one = BtcCoin { value: 2 * BTC_FEE + crate::bitcoin::P2TR_DUST - 1, ..COIN };
		assert_ok!(set_coin(Some(one), 0));
		assert!(events().contains(&Event::BtcCoinSet {
			network: NET,
			coin: Some(GroupCoin { epoch: 0, coin: one }),
			first_checkpoint: 0
		}));
		assert_eq!(SigningCursor::<Test>::get(BTC), Some(0));
		assert!(Anchoring::signing(BTC).is_some());
		GroupCoins::<Test>::insert(
			NET,
			GroupCoin { epoch: 0, coin: BtcCoin { value: BTC_FEE + 329, ..COIN } },
		);
		assert!(Anchoring::signing(BTC).is_none());
		assert_noop!(Anchoring::signing_message(0, BTC).map(|_| ()), Error::<Test>::CoinTooSmall);
		// Removed: the group no longer signs for the network, and attestations are as before.
		assert_ok!(set_coin(None, 0));
		assert_eq!(SigningCursor::<Test>::get(BTC), None);
		assert!(Anchoring::signing(BTC).is_none());
		assert_ok!(attest(1, 0, BTC, btc_ref(H256::repeat_byte(0x66))));
	});
}

#[test]
fn attack_a_fee_near_the_coin_is_refused_so_no_origin_pays_the_group_coin_to_a_miner() {
	new_test_ext().execute_with(|| {
		let mut rng = StdRng::seed_from_u64(35);
		btc_setup(&mut rng);
		// The group holds 1 BTC; the parameter's origin sets the fee to all of it but the dust
		// limit, and would mine the anchor itself: refused, the fee stays.
		let coin = BtcCoin { value: 100_000_000, ..COIN };
		assert_ok!(set_coin(Some(coin), 0));
		let greedy = coin.value - crate::bitcoin::P2TR_DUST;
		let refused = set_parameter(AnchoringParameter::BtcFee(greedy));
		assert_noop!(refused, Error::<Test>::InvalidParameters);
		assert_noop!(
			set_parameter(AnchoringParameter::BtcFee(crate::bitcoin::MAX_BTC_FEE + 1)),
			Error::<Test>::InvalidParameters
		);
		assert_ok!(set_parameter(AnchoringParameter::BtcFee(crate::bitcoin::MAX_BTC_FEE)));
		let (spend, _, fee) = Anchoring::btc_anchor(0, NET).expect("an anchor");
		let taken = fee.saturating_sub(crate::bitcoin::MAX_BTC_FEE);
		println!(
			"the fee raiser's gain beyond the bound: {taken} sat per anchor (tried {greedy}); the \
			 group keeps {} sat",
			spend.change
		);
		assert_eq!(taken, 0);
		assert_eq!(spend.change, coin.value - crate::bitcoin::MAX_BTC_FEE);
	});
}
