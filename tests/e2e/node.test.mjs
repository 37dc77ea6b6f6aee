// End to end: the built `metachain-node --dev` on loopback, driven by @polkadot/api.
//
// Blocks are produced and finalized; the chain reports MC with 12 decimals; metadata and
// runtime APIs decode; a signed transfer lands and its fee reaches the treasury; bad
// transactions are rejected with clear errors while blocks keep coming; Prometheus serves
// metrics; after a restart on the same base path the chain continues from the same height
// with the same balances.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import {
  MC, SS58, describeDispatchError, devAccounts, rpcCall, startDev, stopDev, submitAndWatch, waitFor,
} from './lib/node.mjs';

describe('metachain-node --dev', { timeout: 900_000 }, () => {
  let node, api, alice, ferdie, treasury;

  before(async () => {
    ({ node, api } = await startDev());
    ({ Alice: alice, Ferdie: ferdie } = devAccounts('Alice', 'Ferdie'));
    // The treasury's account: the "modl" + "py/trsry" PalletId account.
    treasury = api.registry.createType('AccountId', new Uint8Array([
      ...new TextEncoder().encode('modlpy/trsry'), ...new Uint8Array(20),
    ])).toString();
  });

  // `api` is replaced when the node restarts: stop whichever is current.
  after(() => stopDev({ api, node }));

  it('produces and finalizes blocks', async () => {
    await waitFor('block #3', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 3, 90_000);
    await waitFor('a finalized block', async () => {
      const hash = await api.rpc.chain.getFinalizedHead();
      return (await api.rpc.chain.getHeader(hash)).number.toNumber() >= 1;
    }, 90_000);
  });

  it('reports MC with 12 decimals and the chain SS58 prefix', async () => {
    const props = await api.rpc.system.properties();
    assert.deepEqual(props.tokenSymbol.unwrap().toJSON(), ['MC']);
    assert.deepEqual(props.tokenDecimals.unwrap().toJSON(), [12]);
    assert.equal(props.ss58Format.unwrap().toNumber(), SS58);
    assert.equal(api.consts.system.ss58Prefix.toNumber(), SS58);
    assert.equal((await api.rpc.system.chain()).toString(), 'MetaChain Development');
  });

  it('serves metadata v15 or newer that decodes, and runtime APIs through api.call', async () => {
    const versions = await api.call.metadata.metadataVersions();
    assert.ok(versions.map((v) => v.toNumber()).includes(15), `metadata versions ${versions}`);
    assert.ok(api.runtimeMetadata.version >= 15, `decoded metadata v${api.runtimeMetadata.version}`);
    for (const pallet of ['balances', 'staking', 'session', 'treasury', 'utility', 'proxy', 'multisig', 'sudo', 'parameters']) {
      assert.ok(api.tx[pallet], `calls of ${pallet}`);
    }
    for (const pallet of ['balances', 'staking', 'session', 'treasury', 'proxy', 'multisig', 'sudo', 'incentivePool', 'chainTiming']) {
      assert.ok(api.query[pallet], `storage of ${pallet}`);
    }
    // Genesis-fixed timing of the dev chain, exposed as constants.
    assert.equal(api.consts.babe.epochDuration.toNumber(), 10);
    assert.equal(api.consts.staking.sessionsPerEra.toNumber(), 2);
    assert.equal(api.consts.staking.bondingDuration.toNumber(), 3);
    // Runtime APIs.
    const nonce = await api.call.accountNonceApi.accountNonce(alice.address);
    assert.ok(nonce.toNumber() >= 0);
    const quota = await api.call.stakingApi.nominationsQuota(1000n * MC);
    assert.equal(quota.toNumber(), 16);
    const fee = await api.call.transactionPaymentApi.queryWeightToFee({ refTime: 1_000_000, proofSize: 0 });
    assert.ok(fee.toBigInt() > 0n);
    const total = (await api.query.balances.totalIssuance()).toBigInt();
    assert.equal(total, 10_000_000_000n * MC);
  });

  it('lands a signed transfer and pays its fee to the treasury', async () => {
    const amount = 1_000n * MC;
    const tx = api.tx.balances.transferKeepAlive(ferdie.address, amount);
    await tx.signAsync(alice);
    const { blockHash, events, dispatchError } = await submitAndWatch(tx);
    assert.equal(dispatchError, undefined);
    const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, 'TransactionFeePaid event');
    const actualFee = feeEvent.event.data.actualFee.toBigInt();
    const tip = feeEvent.event.data.tip.toBigInt();
    assert.ok(actualFee > 0n);

    const header = await api.rpc.chain.getHeader(blockHash);
    const atBlock = await api.at(blockHash);
    const atParent = await api.at(header.parentHash);
    const treasuryAfter = (await atBlock.query.system.account(treasury)).data.free.toBigInt();
    const treasuryBefore = (await atParent.query.system.account(treasury)).data.free.toBigInt();
    assert.equal(treasuryAfter - treasuryBefore, actualFee - tip, 'the fee went to the treasury');
    const ferdieFree = (await atBlock.query.system.account(ferdie.address)).data.free.toBigInt();
    assert.equal(ferdieFree, amount);
  });

  it('rejects a transaction with a bad signature with a clear error', async () => {
    const { Bob: bob } = devAccounts('Bob');
    const tx = api.tx.balances.transferKeepAlive(ferdie.address, 1n * MC);
    const signer = {
      signPayload: async (payload) => {
        // Bob signs what claims to be Alice's transaction.
        const raw = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
        return { id: 1, signature: raw.sign(bob).signature };
      },
    };
    await tx.signAsync(alice.address, { signer });
    await assert.rejects(api.rpc.author.submitExtrinsic(tx), /bad signature/i);
  });

  it('rejects a transaction from an account that cannot pay its fee', async () => {
    const pauper = new Keyring({ type: 'sr25519', ss58Format: SS58 }).addFromMnemonic(mnemonicGenerate());
    const tx = api.tx.balances.transferKeepAlive(ferdie.address, 1n * MC);
    await tx.signAsync(pauper);
    await assert.rejects(api.rpc.author.submitExtrinsic(tx), /Inability to pay some fees/i);
  });

  it('reports a named error when a transfer exceeds the balance', async () => {
    const tx = api.tx.balances.transferKeepAlive(alice.address, 1_000_000n * MC);
    await tx.signAsync(ferdie);
    const { dispatchError } = await submitAndWatch(tx);
    assert.ok(dispatchError, 'the transfer failed');
    assert.match(describeDispatchError(api, dispatchError), /FundsUnavailable|InsufficientBalance/);
  });

  it('keeps producing and finalizing blocks after rejected transactions', async () => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitFor('two more blocks', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= best + 2, 60_000);
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    assert.ok(finalized.number.toNumber() >= best - 2, 'finality keeps up');
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`);
    const text = await res.text();
    assert.match(text, /substrate_block_height\{status="best"/);
    assert.match(text, /substrate_block_height\{status="finalized"/);
  });

  // Issue 18: a wallet or exchange that batches withdrawals sees every submission accepted; none
  // may vanish. 6,000 transfers from 5 senders, signed ahead with explicit nonces, submitted at
  // once in a shuffled order over one connection: every one that was accepted lands (each
  // sender's nonce advances by exactly 1,200). Substrate's default pool holds 819 transactions
  // waiting for an earlier nonce and dropped 1,534 of them silently; the node's own default
  // (`--pool-limit 81920`, a future queue of 8,192) holds the burst.
  it('lands a burst of 6,000 pre-signed transfers submitted out of nonce order', async () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    const senders = [0, 1, 2, 3, 4].map(() => keyring.addFromUri(mnemonicGenerate()));
    const perSender = 1_200;
    const sink = keyring.addFromUri(mnemonicGenerate());
    // Alice funds the five senders (1,200 MC each to send, and their fees).
    const funding = api.tx.utility.batchAll(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, 2_000n * MC)));
    await funding.signAsync(alice);
    const { dispatchError } = await submitAndWatch(funding);
    assert.equal(dispatchError, undefined, 'senders funded');
    const first = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
    // Signed offline: immortal, against the genesis hash and the current runtime.
    const context = {
      blockHash: api.genesisHash, genesisHash: api.genesisHash, runtimeVersion: api.runtimeVersion, era: 0,
    };
    const signed = [];
    senders.forEach((s, k) => {
      for (let i = 0; i < perSender; i += 1) {
        signed.push(api.tx.balances.transferAllowDeath(sink.address, MC).sign(s, { ...context, nonce: first[k] + i }).toHex());
      }
    });
    // A fixed shuffle (xorshift), so a failure can be replayed.
    let seed = 0x9e3779b9;
    const rand = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 2 ** 32; };
    for (let i = signed.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [signed[i], signed[j]] = [signed[j], signed[i]];
    }
    const results = await Promise.allSettled(signed.map((hex) => api.rpc.author.submitExtrinsic(hex)));
    const refused = results.filter((r) => r.status === 'rejected');
    console.log(`  burst: ${signed.length} submitted, ${signed.length - refused.length} accepted, ${refused.length} refused`);
    assert.equal(refused.length, 0, `refused: ${refused.slice(0, 3).map((r) => r.reason?.message)}`);
    await waitFor('every accepted transfer included', async () => {
      // The nonces in the chain's state (not the pool's view of them).
      const next = await Promise.all(senders.map(async (s) => (await api.query.system.account(s.address)).nonce.toNumber()));
      return next.every((n, k) => n === first[k] + perSender)
        && (await api.query.system.account(sink.address)).data.free.toBigInt() === BigInt(signed.length) * MC;
    }, 300_000);
  });

  it('continues from the same height with the same balances after a restart', async () => {
    const before = (await api.rpc.chain.getHeader()).number.toNumber();
    const ferdieBefore = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
    const issuanceBefore = (await api.query.balances.totalIssuance()).toBigInt();
    await api.disconnect();
    await node.stop();

    await node.start();
    api = await node.connect();
    const afterRestart = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(afterRestart >= before, `height ${afterRestart} after restart, ${before} before`);
    const ferdieAfter = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
    assert.equal(ferdieAfter, ferdieBefore);
    assert.equal((await api.query.balances.totalIssuance()).toBigInt(), issuanceBefore);
    // And it goes on producing blocks.
    await waitFor('new blocks after restart', async () => (await api.rpc.chain.getHeader()).number.toNumber() > afterRestart + 1, 90_000);
    const health = await rpcCall(node.rpcPort, 'system_health');
    assert.equal(health.isSyncing, false);
  });
});
