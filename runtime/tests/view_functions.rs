//! Pallet view functions (issue 21) through the runtime's view-function dispatch, which the
//! `RuntimeViewFunction_execute_view_function` runtime API runs: each answers what the runtime
//! API it mirrors answers, on the development chain; an unknown id and undecodable arguments
//! are refused. (From clients, @polkadot/api among them: `tests/e2e/clients.test.mjs`.)

mod common;

use codec::{Decode, Encode};
use common::*;
use frame_support::view_functions::{ViewFunction, ViewFunctionDispatchError, ViewFunctionId};
use metachain_runtime::{
	Anchoring, Credit, CreditDelegation, Musd, PriceOracle, Runtime, RuntimeOrigin,
};
use sp_io::hashing::twox_128;
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::FixedU128;

const MC: u128 = metachain_runtime::currency::MC;
const MUSD: u128 = pallet_musd::MUSD;

/// `query` run as a client runs it: id and SCALE arguments in, SCALE answer out.
fn view<V>(query: V) -> V::ReturnType
where
	V: ViewFunction + Encode,
	V::ReturnType: Decode,
{
	let out = Runtime::execute_view_function(V::id(), query.encode())
		.unwrap_or_else(|e| panic!("view function dispatch failed: {e:?}"));
	Decode::decode(&mut &out[..]).expect("the answer decodes as the return type")
}

#[test]
fn view_functions_answer_as_the_runtime_apis_do() {
	dev_ext().execute_with(|| {
		run_to_block(1);

		// A device's status.
		make_device(Bob);
		let bob = Bob.to_account_id();
		let device = view(pallet_credit::DeviceViewFunction::<Runtime>::new(bob.clone()));
		assert!(device.is_some());
		assert_eq!(device, Credit::device_info(&bob));
		assert_eq!(
			view(pallet_credit::DeviceViewFunction::<Runtime>::new(Dave.to_account_id())),
			None
		);

		// A validator's backing: the development chain's candidate, as the ranking lists it.
		let stash = AliceStash.to_account_id();
		let v =
			view(pallet_credit_delegation::ValidatorViewFunction::<Runtime>::new(stash.clone()));
		assert_eq!(
			Some(v.clone()),
			CreditDelegation::candidate_ranking().into_iter().find(|c| c.validator == stash)
		);
		assert_eq!(
			(v.backing, v.delegators, v.electable),
			CreditDelegation::validator_backing(&stash)
		);

		// A MUSD quote: none without a price; two genesis feeders make 0.055 USD a MC.
		assert_eq!(view(pallet_musd::QuoteMintViewFunction::<Runtime>::new(1_000 * MC)), None);
		for (feeder, (n, d)) in [(Alice, (50, 1000)), (Bob, (60, 1000))] {
			PriceOracle::submit_price(
				RuntimeOrigin::signed(feeder.to_account_id()),
				FixedU128::from_rational(n, d),
			)
			.expect("a genesis feeder submits");
		}
		assert_eq!(
			view(pallet_musd::QuoteMintViewFunction::<Runtime>::new(1_000 * MC)),
			Some(55 * MUSD)
		);
		assert_eq!(
			view(pallet_musd::QuoteMcViewFunction::<Runtime>::new(55 * MUSD)),
			Musd::quote_mc(55 * MUSD)
		);
		assert_eq!(view(pallet_musd::PriceViewFunction::<Runtime>::new()), Musd::price());

		// A checkpoint.
		run_to_block(12);
		let c0 = view(pallet_anchoring::CheckpointViewFunction::<Runtime>::new(0));
		assert!(c0.is_some(), "the development chain records a checkpoint every few blocks");
		assert_eq!(c0, Anchoring::checkpoint_info(0));
		assert_eq!(
			view(pallet_anchoring::CheckpointOfBlockViewFunction::<Runtime>::new(1)),
			Some(0)
		);
		assert_eq!(view(pallet_anchoring::CheckpointViewFunction::<Runtime>::new(1_000_000)), None);
	});
}

#[test]
fn unknown_ids_and_bad_arguments_are_refused() {
	dev_ext().execute_with(|| {
		let unknown = ViewFunctionId { prefix: twox_128(b"Credit"), suffix: [0; 16] };
		assert!(matches!(
			Runtime::execute_view_function(unknown, vec![]),
			Err(ViewFunctionDispatchError::NotFound(_))
		));
		// Three bytes are no account id.
		let id = pallet_credit::DeviceViewFunction::<Runtime>::id();
		assert!(matches!(
			Runtime::execute_view_function(id, vec![1, 2, 3]),
			Err(ViewFunctionDispatchError::Codec)
		));
	});
}

#[test]
fn view_function_ids_are_pinned() {
	// Clients take ids from metadata v16 (twox128 of the pallet's name, then of the Rust
	// signature); pinned here so that a change of signature, which gives a new id and makes
	// old clients' calls refused, is deliberate. tests/e2e/clients.test.mjs pins the same.
	let id = |hex: &str| {
		let bytes: Vec<u8> = (2..hex.len())
			.step_by(2)
			.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
			.collect();
		let mut prefix = [0u8; 16];
		let mut suffix = [0u8; 16];
		prefix.copy_from_slice(&bytes[..16]);
		suffix.copy_from_slice(&bytes[16..]);
		ViewFunctionId { prefix, suffix }
	};
	let pinned = [
		(
			pallet_credit::DeviceViewFunction::<Runtime>::id(),
			"Credit",
			"0x83e0731810368fb22559f084ed61d4272f6aa33f9357493eb3a4f31e0c845a77",
		),
		(
			pallet_credit_delegation::ValidatorViewFunction::<Runtime>::id(),
			"CreditDelegation",
			"0xda4b679f374e4a75b7509b1be75beb67b17a0427541cbaab4c9a8f6007c77d39",
		),
		(
			pallet_musd::PriceViewFunction::<Runtime>::id(),
			"Musd",
			"0xf6569ca590be504f85a4cd71f098cd8d9633852607cdb4e16fd3e29ead04aabe",
		),
		(
			pallet_musd::QuoteMintViewFunction::<Runtime>::id(),
			"Musd",
			"0xf6569ca590be504f85a4cd71f098cd8d2322543994dbdf9b5d465159e6817c2c",
		),
		(
			pallet_musd::QuoteMcViewFunction::<Runtime>::id(),
			"Musd",
			"0xf6569ca590be504f85a4cd71f098cd8d4bab06f62fb2b25c5aec5775f1c501bd",
		),
		(
			pallet_anchoring::CheckpointViewFunction::<Runtime>::id(),
			"Anchoring",
			"0xc0addb030e81fd8822e8ef91e379a803b8f37aef7ae013ec4ad18278ec25ef30",
		),
		(
			pallet_anchoring::CheckpointOfBlockViewFunction::<Runtime>::id(),
			"Anchoring",
			"0xc0addb030e81fd8822e8ef91e379a803bd4362c582db3dcba0166b7c15666764",
		),
	];
	for (actual, pallet, hex) in pinned {
		let expected = id(hex);
		assert_eq!(
			(actual.prefix, actual.suffix),
			(expected.prefix, expected.suffix),
			"{pallet}: {hex}"
		);
		assert_eq!(actual.prefix, twox_128(pallet.as_bytes()));
	}
	// The rule for the suffix: twox128 of `name(ArgTypes) -> ReturnType`, spaces removed.
	assert_eq!(
		pallet_credit_delegation::ValidatorViewFunction::<Runtime>::id().suffix,
		twox_128(b"validator(T::AccountId) -> CandidateInfoOf<T>")
	);
}
