// The Ethereum side of TracChain anchoring: contracts/TracChainAnchor.sol compiled with solc and
// deployed to a real Ethereum development node (anvil). Only relayer keys write; a checkpoint's
// root is written once; the Anchored event carries it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keccakAsHex } from '@polkadot/util-crypto';
import { ANVIL_ACCOUNTS, Anvil, addressWord, bytes32Word, selector, word } from './lib/eth.mjs';

describe('TracChainAnchor contract on anvil', { timeout: 120_000 }, () => {
  const anvil = new Anvil();
  const [owner, outsider] = ANVIL_ACCOUNTS.map((a) => a.address);
  let contract;
  const root = keccakAsHex('checkpoint 0');

  before(async () => {
    await anvil.start();
    contract = await anvil.deployAnchor(owner, [owner]);
  });
  after(() => anvil.stop());

  const anchorData = (n, r) => selector('anchor(uint64,bytes32)') + word(n) + bytes32Word(r);

  it('records a root once, with an Anchored event', async () => {
    assert.equal(await anvil.rootOf(contract, 0), '0x' + '00'.repeat(32));
    const receipt = await anvil.send(owner, contract, anchorData(0, root));
    assert.equal(receipt.status, '0x1');
    assert.equal(await anvil.rootOf(contract, 0), root);
    const [log] = receipt.logs;
    assert.equal(log.topics[0], keccakAsHex('Anchored(uint64,bytes32,address)'));
    assert.equal(log.topics[1], '0x' + word(0));
    assert.equal(log.topics[2], '0x' + addressWord(owner));
    assert.equal(log.data, root);
    const next = await anvil.rpc('eth_call', [{ to: contract, data: selector('nextCheckpoint()') }, 'latest']);
    assert.equal(BigInt(next), 1n);
  });

  it('never overwrites a checkpoint', async () => {
    const receipt = await anvil.send(owner, contract, anchorData(0, keccakAsHex('another')));
    assert.equal(receipt.status, '0x0');
    assert.equal(await anvil.rootOf(contract, 0), root);
  });

  it('refuses keys that are not relayers, and a zero root', async () => {
    const refused = await anvil.send(outsider, contract, anchorData(1, root));
    assert.equal(refused.status, '0x0');
    assert.equal(await anvil.rootOf(contract, 1), '0x' + '00'.repeat(32));
    const zero = await anvil.send(owner, contract, anchorData(1, '0x' + '00'.repeat(32)));
    assert.equal(zero.status, '0x0');
    // The owner allows the outsider; then it writes.
    const allow = await anvil.send(owner, contract, selector('setRelayer(address,bool)') + addressWord(outsider) + word(1));
    assert.equal(allow.status, '0x1');
    assert.equal((await anvil.send(outsider, contract, anchorData(1, root))).status, '0x1');
    assert.equal(await anvil.rootOf(contract, 1), root);
  });
});
