//! Unit tests of anchoring, by behaviour; the helpers they share.

mod attestations;
mod bitcoin;
mod bonds;
mod checkpoints;
mod digests;
mod keygen;
mod parameters;
mod relayers;
mod signatures;
mod signing;

use crate::{mock::*, *};
use frame_support::{
	assert_ok,
	dispatch::{DispatchResult, DispatchResultWithPostInfo},
};
use metachain_primitives::parameters::ParameterSet;

/// `who` bonds `amount`.
pub fn bond(who: AccountId, amount: u64) -> DispatchResult {
	Anchoring::bond_relayer(RuntimeOrigin::signed(who), amount, key_of(who))
}

/// The encryption key the tests give `who`.
pub fn key_of(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

/// `who`'s heartbeat.
pub fn heartbeat(who: AccountId) -> DispatchResult {
	Anchoring::heartbeat(RuntimeOrigin::signed(who))
}

/// `relayers` bond `MIN_BOND` at the next block, in this order, run to the block in which the
/// bonds are `BOND_AGE` old and send a heartbeat each (a bond alone is silent by then:
/// `SILENT_AFTER` < `BOND_AGE`): they are eligible. Returns that block.
pub fn bonded_and_eligible(relayers: &[AccountId]) -> u64 {
	let at = System::block_number() + 1;
	run_to(at);
	for who in relayers {
		assert_ok!(bond(*who, MIN_BOND));
	}
	run_to(at + BOND_AGE);
	for who in relayers {
		assert_ok!(heartbeat(*who));
	}
	at + BOND_AGE
}

/// This pallet's events since the block started.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Anchoring(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// A reference numbered `n` on a target chain.
pub fn eth_ref(n: u8) -> ExternalRef {
	ExternalRef {
		tx_id: H256::repeat_byte(n),
		block_number: 100 + n as u64,
		block_hash: H256::repeat_byte(0xb0 + n),
	}
}

/// The expected Merkle root over the test hashes of blocks `first..=last`.
fn expected_blocks_root(first: u64, last: u64) -> H256 {
	let hashes: Vec<H256> = (first..=last).map(hash_of).collect();
	binary_merkle_tree::merkle_root::<sp_runtime::traits::Keccak256, _>(hashes)
}

/// Checkpoint `n`, asserted to cover the blocks `first..=last` with their test hashes.
pub fn assert_covers(n: u64, first: u64, last: u64) -> CheckpointOf<Test> {
	let c = Checkpoints::<Test>::get(n).expect("checkpoint recorded");
	assert_eq!((c.first_block, c.last_block), (first, last));
	assert_eq!(c.blocks_root, expected_blocks_root(first, last));
	assert_eq!(c.last_block_hash, hash_of(last));
	c
}

/// `relayer` attests that `checkpoint` is recorded on `target` by `external`.
pub fn attest(
	relayer: AccountId,
	checkpoint: u64,
	target: AnchorTarget,
	external: ExternalRef,
) -> DispatchResultWithPostInfo {
	Anchoring::attest(RuntimeOrigin::signed(relayer), checkpoint, target, external)
}

/// Changes one parameter as `pallet-chain-parameters` does (the origin is its business).
pub fn set_parameter(parameter: AnchoringParameter<u64>) -> DispatchResult {
	let mut params = Parameters::<Test>::get();
	params.apply(parameter);
	<Anchoring as GovernedParameters>::set_parameters(params)
}

/// Sets the checkpoint interval to `blocks`.
pub fn set_interval(blocks: u64) -> DispatchResult {
	set_parameter(AnchoringParameter::CheckpointInterval(blocks))
}
