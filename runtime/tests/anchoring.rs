//! Runtime tests of TracChain anchoring on the development chain: checkpoints every 5 blocks
//! through real blocks (Executive, all hooks), the reward pallets' digests in them after an era
//! change, block proofs against the recorded root, and Eve's free attestation anchoring a
//! checkpoint (threshold 1).

mod common;

use codec::Encode;
use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{Anchoring, Balances, Executive, Runtime, RuntimeCall, System};
use pallet_anchoring::{
	AnchorTarget, BitcoinNetwork, Checkpoints, ExternalRef, NextCheckpoint, RunningDigest,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::*;

const ETH: AnchorTarget = AnchorTarget::Ethereum { chain_id: 31337 };

fn attest_call(checkpoint: u64, target: AnchorTarget, external: ExternalRef) -> RuntimeCall {
	RuntimeCall::Anchoring(pallet_anchoring::Call::attest { checkpoint, target, external })
}

#[test]
fn checkpoints_cover_every_block_and_carry_the_reward_digests() {
	dev_ext().execute_with(|| {
		run_to_era(2);
		let era_block = System::block_number();
		run_to_block(era_block + 21);
		let count = NextCheckpoint::<Runtime>::get();
		assert!(count >= 6, "{count} checkpoints");
		let mut next_first = 0;
		let mut incentive_records = 0;
		let mut delegate_records = 0;
		for n in 0..count {
			let c = Checkpoints::<Runtime>::get(n).expect("contiguous");
			assert_eq!(c.first_block, next_first);
			assert_eq!(c.last_block - c.first_block + 1, 5, "5 blocks each");
			next_first = c.last_block + 1;
			let ids: Vec<[u8; 8]> = c.digests.iter().map(|d| d.contributor).collect();
			assert_eq!(ids, vec![*b"incentiv", *b"delegate", *b"workload"]);
			incentive_records += c.digests[0].digest.records;
			delegate_records += c.digests[1].digest.records;
			if c.digests[0].digest.records == 0 {
				assert_eq!(c.digests[0].digest, RunningDigest::default());
			}
			// Block proofs of the recent checkpoints verify against the recorded root.
			if System::block_number() - c.recorded_at < 2000 {
				for b in c.first_block..=c.last_block {
					let proof = Anchoring::block_proof(b).expect("a proof");
					assert_eq!(proof.block_hash, System::block_hash(b));
					assert!(pallet_anchoring::verify_block_proof(&c, &proof));
				}
			}
		}
		// At least two era changes: the incentive pool reserved an era reward at each; the
		// device share of at least one era was distributed by credit.
		assert!(incentive_records >= 2, "{incentive_records} era records");
		assert!(delegate_records >= 1, "{delegate_records} delegation records");
		assert_supply_invariant();
	});
}

#[test]
fn a_relayer_attests_for_free_and_anchors_with_threshold_one() {
	dev_ext().execute_with(|| {
		run_to_block(7);
		assert_eq!(NextCheckpoint::<Runtime>::get(), 1);
		let root = Checkpoints::<Runtime>::get(0).unwrap().root;
		assert_ne!(root, H256::zero());
		let external = ExternalRef {
			tx_id: H256::repeat_byte(0xaa),
			block_number: 17,
			block_hash: H256::repeat_byte(0xbb),
		};

		begin_block();
		// Alice is not a relayer: refused, and charged.
		let alice_before = Balances::balance(&Alice.to_account_id());
		let res = Executive::apply_extrinsic(signed(Alice, attest_call(0, ETH, external), 0))
			.expect("valid transaction");
		assert!(res.is_err());
		assert!(Balances::balance(&Alice.to_account_id()) < alice_before);
		// Eve is the development chain's relayer: free.
		let eve_before = Balances::balance(&Eve.to_account_id());
		Executive::apply_extrinsic(signed(Eve, attest_call(0, ETH, external), 0))
			.expect("valid transaction")
			.expect("dispatches");
		assert_eq!(Balances::balance(&Eve.to_account_id()), eve_before);
		let anchor = pallet_anchoring::Anchors::<Runtime>::get(0, ETH).expect("anchored");
		assert_eq!((anchor.external, anchor.attestations, anchor.threshold), (external, 1, 1));
		// Twice is refused.
		let again = Executive::apply_extrinsic(signed(Eve, attest_call(0, ETH, external), 0));
		assert!(!matches!(again, Ok(Ok(()))));
		// Bitcoin is a separate target.
		let btc = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };
		Executive::apply_extrinsic(signed(Eve, attest_call(0, btc, external), 0))
			.expect("valid transaction")
			.expect("dispatches");
		end_block();

		let state = Anchoring::anchoring_state();
		assert_eq!(state.targets, vec![(ETH, Some(0)), (btc, Some(0))]);
		assert_eq!(state.relayers, vec![Eve.to_account_id()]);
		let info = Anchoring::checkpoint_info(0).unwrap();
		assert_eq!(info.targets.len(), 2);
		assert_eq!(info.checkpoint.root.encode().len(), 32);
		#[cfg(feature = "try-runtime")]
		Anchoring::do_try_state().expect("anchoring invariants");
	});
}

/// Eve (the development chain's relayer) bonds through real blocks: the bond is held by
/// Balances and cannot be sent away, it signs only once `relayer_bond_age` blocks old, its
/// heartbeats are free once per `liveness_period` and charged in between, and a stranger cannot
/// bond at all.
#[test]
fn attack_a_relayer_bonds_moves_its_bond_and_spams_heartbeats_through_real_blocks() {
	use frame_support::traits::fungible::InspectHold;
	use metachain_runtime::{currency::MC, economy::MIN_RELAYER_BOND, RuntimeHoldReason};
	dev_ext().execute_with(|| {
		run_to_block(2);
		let eve = Eve.to_account_id();
		let bond_call = RuntimeCall::Anchoring(pallet_anchoring::Call::bond_relayer {
			amount: MIN_RELAYER_BOND,
			encryption_key: [1; 32],
		});
		fund(Eve, MIN_RELAYER_BOND / MC + 10);
		fund(Ferdie, MIN_RELAYER_BOND / MC + 10);
		// Not a listed relayer: refused.
		assert!(apply_in_own_block(Ferdie, bond_call.clone()).is_err());
		assert!(apply_in_own_block(Eve, bond_call).is_ok());
		let bonded_at = System::block_number();
		let reason = RuntimeHoldReason::Anchoring(pallet_anchoring::HoldReason::RelayerBond);
		assert_eq!(Balances::balance_on_hold(&reason, &eve), MIN_RELAYER_BOND);

		// Eve tries to send everything it has, bond included, away.
		let everything = Balances::total_balance(&eve);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: Ferdie.to_account_id().into(),
			value: everything,
		});
		assert!(apply_in_own_block(Eve, transfer).is_err());
		let moved = MIN_RELAYER_BOND - Balances::balance_on_hold(&reason, &eve);
		println!("bond moved away by its relayer: {moved} (expected 0)");
		assert_eq!(moved, 0);

		// A heartbeat every block: free once per liveness period, charged in between.
		let params = pallet_anchoring::Parameters::<Runtime>::get();
		let heartbeat = RuntimeCall::Anchoring(pallet_anchoring::Call::heartbeat {});
		let (mut sent, mut paid, mut accepted) = (0u32, 0u128, 0u32);
		let end = bonded_at + params.relayer_bond_age + params.liveness_period;
		while System::block_number() < end {
			if System::block_number() < bonded_at + params.relayer_bond_age {
				assert!(Anchoring::eligible_relayers().is_empty(), "eligible before its age");
			}
			let before = Balances::balance(&eve);
			sent += 1;
			if apply_in_own_block(Eve, heartbeat.clone()).is_ok() {
				accepted += 1;
			}
			paid += before.saturating_sub(Balances::balance(&eve));
		}
		println!("heartbeats sent {sent}, accepted {accepted}, fees paid {paid}");
		assert!(accepted >= 1 && accepted <= sent / params.liveness_period + 1);
		assert!(paid > 0, "refused heartbeats pay their fee");
		assert_eq!(Anchoring::eligible_relayers(), vec![eve.clone()]);
		#[cfg(feature = "try-runtime")]
		Anchoring::do_try_state().expect("anchoring invariants");
	});
}

/// The free calls of the threshold key (key-generation posts, group signatures) are free only
/// when valid: a stranger flooding the largest posts and forged signatures through real blocks
/// pays the fee for each and changes nothing.
#[test]
fn attack_a_stranger_floods_key_generation_posts_signing_rounds_and_forged_signatures_and_pays() {
	use metachain_runtime::currency::MC;
	dev_ext().execute_with(|| {
		run_to_block(7);
		assert!(Checkpoints::<Runtime>::contains_key(0));
		fund(Ferdie, 1_000);
		let ferdie = Ferdie.to_account_id();
		let post = RuntimeCall::Anchoring(pallet_anchoring::Call::dkg_post {
			session: 0,
			round: 1,
			payload: vec![7u8; pallet_anchoring::MAX_DKG_PAYLOAD as usize].try_into().unwrap(),
		});
		let forged = RuntimeCall::Anchoring(pallet_anchoring::Call::submit_signature {
			checkpoint: 0,
			target: pallet_anchoring::AnchorTarget::Ethereum { chain_id: 31337 },
			signature: [9; 64],
		});
		// The signing rounds' calls: a stranger's commitment (points of the curve: the
		// generator) and share.
		let generator: [u8; 33] = [
			0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce,
			0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81,
			0x5b, 0x16, 0xf8, 0x17, 0x98,
		];
		let commit = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_commit {
			target: pallet_anchoring::AnchorTarget::Ethereum { chain_id: 31337 },
			checkpoint: 0,
			attempt: 0,
			hiding: generator,
			binding: generator,
		});
		let share = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_share {
			target: pallet_anchoring::AnchorTarget::Ethereum { chain_id: 31337 },
			checkpoint: 0,
			attempt: 0,
			share: [5; 32],
		});
		let before = Balances::balance(&ferdie);
		let mut written = 0u32;
		for _ in 0..3 {
			for call in [post.clone(), forged.clone(), commit.clone(), share.clone()] {
				if apply_in_own_block(Ferdie, call).is_ok() {
					written += 1;
				}
			}
		}
		let paid = before.saturating_sub(Balances::balance(&ferdie));
		println!("stranger's posts and signatures written: {written} (expected 0), fees paid {paid} ({} MC)", paid / MC);
		assert_eq!(written, 0);
		assert!(paid > 0, "refused posts and signatures pay their fees");
		assert!(pallet_anchoring::DkgPosts::<Runtime>::iter().next().is_none());
		assert!(pallet_anchoring::Signatures::<Runtime>::iter().next().is_none());
		assert!(pallet_anchoring::SigningRounds::<Runtime>::iter().next().is_none());
	});
}

/// A deterministic generator for the test's FROST key and nonces (BLAKE2 of a counter): the test
/// needs real points and shares, not secrecy.
struct TestRng(u64);

impl pallet_anchoring::signing::frost::rand_core::RngCore for TestRng {
	fn next_u32(&mut self) -> u32 {
		self.next_u64() as u32
	}
	fn next_u64(&mut self) -> u64 {
		let mut bytes = [0u8; 8];
		self.fill_bytes(&mut bytes);
		u64::from_le_bytes(bytes)
	}
	fn fill_bytes(&mut self, dest: &mut [u8]) {
		for chunk in dest.chunks_mut(32) {
			self.0 = self.0.wrapping_add(1);
			let block = sp_io::hashing::blake2_256(&self.0.to_le_bytes());
			chunk.copy_from_slice(&block[..chunk.len()]);
		}
	}
	fn try_fill_bytes(
		&mut self,
		dest: &mut [u8],
	) -> Result<(), pallet_anchoring::signing::frost::rand_core::Error> {
		self.fill_bytes(dest);
		Ok(())
	}
}

impl pallet_anchoring::signing::frost::rand_core::CryptoRng for TestRng {}

/// On the local testnet (Dave, Eve and Ferdie relayers, threshold 2), the three hold a 2-of-3
/// group key (a trusted dealer's here: the key generation has its own tests) and governance sets
/// the group's Bitcoin coin. Through real blocks: Dave and Eve commit to sign checkpoint 0's
/// Bitcoin anchor; Dave posts a share of another message. The chain slashes Dave's whole bond to
/// the treasury, and Eve and Ferdie sign the anchor without it; only the group's transaction can
/// be attested, Dave's own is refused and pays its fee.
#[test]
fn attack_a_signer_posts_a_bad_share_through_real_blocks_and_loses_its_bond_to_the_treasury() {
	use frame_support::traits::fungible::InspectHold;
	use metachain_runtime::{
		configs::TreasuryAccount, currency::MC, economy::MIN_RELAYER_BOND, RuntimeEvent,
		RuntimeHoldReason,
	};
	use pallet_anchoring::{
		signing::{self, frost},
		BtcCoin, BtcSpends, GroupCoins, GroupKey, GroupKeys,
	};
	use std::collections::BTreeMap;
	const BTC: AnchorTarget = AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest };
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let members = [Dave, Eve, Ferdie];
		let accounts: Vec<_> = members.iter().map(|m| m.to_account_id()).collect();
		for (i, m) in members.iter().enumerate() {
			fund(*m, MIN_RELAYER_BOND / MC + 100);
			let bond = RuntimeCall::Anchoring(pallet_anchoring::Call::bond_relayer {
				amount: MIN_RELAYER_BOND,
				encryption_key: [i as u8 + 1; 32],
			});
			assert!(apply_in_own_block(*m, bond).is_ok());
		}
		let interval = pallet_anchoring::Parameters::<Runtime>::get().checkpoint_interval;
		run_to_block(interval + 2);
		assert!(Checkpoints::<Runtime>::contains_key(0));

		// The group key: a dealer's 2-of-3 key for the three relayers' FROST identifiers.
		let mut rng = TestRng(7);
		let ids: Vec<frost::Identifier> =
			accounts.iter().map(|a| signing::identifier(a).expect("an identifier")).collect();
		let (shares, public) = frost::keys::generate_with_dealer(
			3,
			2,
			frost::keys::IdentifierList::Custom(&ids),
			&mut rng,
		)
		.expect("a key");
		let key_packages: Vec<frost::keys::KeyPackage> = ids
			.iter()
			.map(|id| frost::keys::KeyPackage::try_from(shares[id].clone()).expect("a package"))
			.collect();
		let point = |bytes: Vec<u8>| -> [u8; 33] { bytes.try_into().expect("33 bytes") };
		let key = point(public.verifying_key().serialize().expect("a key"));
		GroupKeys::<Runtime>::insert(
			0,
			GroupKey {
				key,
				key_x: key[1..].try_into().expect("32 bytes"),
				threshold: 2,
				members: accounts.clone().try_into().expect("within MaxRelayers"),
				verifying_shares: ids
					.iter()
					.map(|id| point(public.verifying_shares()[id].serialize().expect("a share")))
					.collect::<Vec<_>>()
					.try_into()
					.expect("within MaxRelayers"),
				session: 0,
				locked_at: System::block_number(),
			},
		);
		pallet_anchoring::ActiveEpoch::<Runtime>::put(0);

		// Governance (a referendum: Root) sets the group's coin from checkpoint 0 on.
		let coin = BtcCoin { txid: H256::repeat_byte(0xaa), vout: 0, value: 100_000 };
		assert!(Anchoring::set_btc_coin(
			metachain_runtime::RuntimeOrigin::root(),
			BitcoinNetwork::Regtest,
			Some(coin),
			0
		)
		.is_ok());
		assert_eq!(GroupCoins::<Runtime>::get(BitcoinNetwork::Regtest).map(|c| c.coin), Some(coin));

		let message = Anchoring::signing_message(0, BTC).expect("signable").0;
		let commit = |i: usize, attempt: u32, rng: &mut TestRng| {
			let (nonces, c) = frost::round1::commit(key_packages[i].signing_share(), rng);
			let call = RuntimeCall::Anchoring(pallet_anchoring::Call::sign_commit {
				target: BTC,
				checkpoint: 0,
				attempt,
				hiding: point(c.hiding().serialize().expect("a point")),
				binding: point(c.binding().serialize().expect("a point")),
			});
			let before = Balances::balance(&accounts[i]);
			assert!(apply_in_own_block(members[i], call).is_ok());
			assert_eq!(Balances::balance(&accounts[i]), before, "a valid commitment is free");
			nonces
		};
		// The share of member `i` over the commitments on chain, for `msg`.
		let share = |i: usize, nonces: &frost::round1::SigningNonces, msg: &[u8; 32]| {
			let round = pallet_anchoring::SigningRounds::<Runtime>::get(BTC).expect("a round");
			let commitments: BTreeMap<_, _> = round
				.commitments
				.iter()
				.map(|c| {
					let hiding = frost::round1::NonceCommitment::deserialize(&c.hiding).unwrap();
					let binding = frost::round1::NonceCommitment::deserialize(&c.binding).unwrap();
					(
						ids[c.member as usize],
						frost::round1::SigningCommitments::new(hiding, binding),
					)
				})
				.collect();
			let package = frost::SigningPackage::new(commitments, msg);
			let z = frost::round2::sign(&package, nonces, &key_packages[i]).expect("a share");
			let share: [u8; 32] = z.serialize().try_into().expect("32 bytes");
			RuntimeCall::Anchoring(pallet_anchoring::Call::sign_share {
				target: BTC,
				checkpoint: 0,
				attempt: round.attempt,
				share,
			})
		};

		// Attempt 0: Dave and Eve are the signing set; Dave signs another message.
		let dave_nonces = commit(0, 0, &mut rng);
		let _eve_nonces = commit(1, 0, &mut rng);
		let treasury = TreasuryAccount::get();
		let treasury_before = Balances::balance(&treasury);
		let dave_before = Balances::total_balance(&accounts[0]);
		assert!(apply_in_own_block(Dave, share(0, &dave_nonces, &[7u8; 32])).is_ok());
		let reason = RuntimeHoldReason::Anchoring(pallet_anchoring::HoldReason::RelayerBond);
		assert_eq!(Balances::balance_on_hold(&reason, &accounts[0]), 0);
		assert!(pallet_anchoring::RelayerBonds::<Runtime>::get(&accounts[0]).is_none());
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Anchoring(pallet_anchoring::Event::BadSignatureShare { member, .. })
				if *member == accounts[0]
		)));
		assert!(pallet_anchoring::Signatures::<Runtime>::get(0, BTC).is_none());

		// Attempt 1 without Dave: Eve and Ferdie sign the chain's anchor.
		let eve = commit(1, 1, &mut rng);
		let ferdie = commit(2, 1, &mut rng);
		assert!(apply_in_own_block(Eve, share(1, &eve, &message)).is_ok());
		assert!(apply_in_own_block(Ferdie, share(2, &ferdie, &message)).is_ok());
		let spend = BtcSpends::<Runtime>::get(0, BitcoinNetwork::Regtest).expect("signed");
		let fee = pallet_anchoring::Parameters::<Runtime>::get().btc_fee;
		assert_eq!(
			GroupCoins::<Runtime>::get(BitcoinNetwork::Regtest).map(|c| c.coin.value),
			Some(coin.value - fee)
		);

		// Dave attests a transaction of its own: refused, and it pays; the group's is anchored.
		let own = ExternalRef {
			tx_id: H256::repeat_byte(0x66),
			block_number: 101,
			block_hash: H256::repeat_byte(1),
		};
		let group = ExternalRef { tx_id: spend.txid, ..own };
		let before = Balances::balance(&accounts[0]);
		assert!(apply_in_own_block(Dave, attest_call(0, BTC, own)).is_err());
		let attest_fee = before - Balances::balance(&accounts[0]);
		assert!(attest_fee > 0, "a refused attestation pays its fee");
		assert!(apply_in_own_block(Eve, attest_call(0, BTC, group)).is_ok());
		assert!(apply_in_own_block(Ferdie, attest_call(0, BTC, group)).is_ok());
		assert_eq!(
			pallet_anchoring::Anchors::<Runtime>::get(0, BTC).map(|a| a.external.tx_id),
			Some(spend.txid)
		);
		let lost = dave_before - Balances::total_balance(&accounts[0]);
		let gained = Balances::balance(&treasury) - treasury_before;
		println!(
			"the bad signer's net: -{} MC (its bond {} MC and a refused attestation's fee); the \
			 treasury +{} MC; wrong signatures: 0; the group's anchor signed without it",
			lost / MC,
			MIN_RELAYER_BOND / MC,
			gained / MC
		);
		assert!(lost >= MIN_RELAYER_BOND);
		assert!(gained >= MIN_RELAYER_BOND);
		#[cfg(feature = "try-runtime")]
		Anchoring::do_try_state().expect("anchoring invariants");
	});
}
