// End to end: TracChain anchoring on Ethereum. A development node (a checkpoint every 5
// blocks; Eve the one relayer), anvil with the TracChainAnchor contract, and the real relayer
// binary. Checkpoints reach the contract, `attest` lands on chain and `api.call.anchoringApi`
// shows them anchored; the relayer is killed mid-run and restarted without posting anything
// twice; the verifier passes for an anchored block and fails against a contract holding a
// tampered root. The relayer's keys come from a file (mode 600) and the environment, never the
// command line; it bonds with the `bond` command, and its heartbeats keep it eligible.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keccakAsHex } from '@polkadot/util-crypto';
import { ANVIL_ACCOUNTS, Anvil, bytes32Word, selector, word } from './lib/eth.mjs';
import { startDev, stopDev, waitFor } from './lib/node.mjs';
import { view } from './lib/view.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const RELAYER_BIN = path.join(TARGET, 'release/metachain-anchor-relayer');
// anvil's first development key: the relayer's Ethereum key, allowed by the contract.
const ETH_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ETH = { ethereum: { chainId: 31337 } };

describe('anchoring on Ethereum with the relayer', { timeout: 900_000 }, () => {
  let node, api, anvil, contract, dir, relayer, relayerLog, keyFile;
  // The relayer's Ethereum key through the environment, its MetaChain key through a file.
  const relayerEnv = () => ({ ...process.env, ANCHOR_ETH_KEY: ETH_KEY, ANCHOR_KEY: '' });

  function startRelayer() {
    const out = createWriteStream(relayerLog, { flags: 'a' });
    const proc = spawn(RELAYER_BIN, [
      'run',
      '--node', `http://127.0.0.1:${node.rpcPort}`,
      '--key-file', keyFile,
      '--state', path.join(dir, 'relayer-state.json'),
      '--eth-rpc', anvil.url,
      '--eth-contract', contract,
      '--eth-confirmations', '2',
      '--poll', '1',
      '--attest-timeout', '30',
    ], { stdio: ['ignore', 'pipe', 'pipe'], env: relayerEnv() });
    proc.stdout.pipe(out);
    proc.stderr.pipe(out);
    proc.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    return proc;
  }

  function verify(block, contractAddress) {
    return spawnSync(RELAYER_BIN, [
      'verify', String(block),
      '--node', `http://127.0.0.1:${node.rpcPort}`,
      '--eth-rpc', anvil.url,
      '--eth-contract', contractAddress,
    ], { encoding: 'utf8', timeout: 120_000 });
  }

  async function anchoredOnEthereum(n) {
    const info = await api.call.anchoringApi.checkpoint(n);
    if (info.isNone) return false;
    const t = info.unwrap().targets.find((s) => s.target.isEthereum);
    return t && t.anchor.isSome ? t : false;
  }

  before(async () => {
    assert.ok(existsSync(RELAYER_BIN), `no relayer at ${RELAYER_BIN}: cargo build --release -p metachain-anchor-relayer`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-anchoring-'));
    relayerLog = path.join(dir, 'relayer.log');
    keyFile = path.join(dir, 'eve.key');
    await writeFile(keyFile, '//Eve\n');
    await chmod(keyFile, 0o600);
    anvil = await new Anvil().start();
    contract = await anvil.deployAnchor(ANVIL_ACCOUNTS[0].address, [ANVIL_ACCOUNTS[0].address]);
    ({ node, api } = await startDev());
  });

  after(async () => {
    if (relayer && relayer.exitCode === null) relayer.kill('SIGKILL');
    if (process.exitCode) {
      console.error(`--- relayer log\n${await readFile(relayerLog, 'utf8').catch(() => '(none)')}`);
    }
    await stopDev({ api, node });
    if (anvil) anvil.stop();
    if (dir && !process.env.KEEP_E2E_DATA) await rm(dir, { recursive: true, force: true });
  });

  it('the chain records a checkpoint every 5 blocks', async () => {
    const state = await api.call.anchoringApi.state();
    assert.equal(state.interval.toNumber(), 5);
    assert.equal(state.threshold.toNumber(), 1);
    await waitFor('checkpoint 0', async () => (await api.call.anchoringApi.checkpoint(0)).isSome, 120_000);
    const c = (await api.call.anchoringApi.checkpoint(0)).unwrap().checkpoint;
    assert.equal(c.firstBlock.toNumber(), 0);
    assert.equal(c.lastBlock.toNumber(), 4);
    assert.deepEqual(c.digests.map((d) => d.contributor.toU8a()).map((u) => Buffer.from(u).toString()),
      ['incentiv', 'delegate', 'workload']);
  });

  it('keys never come from the command line; the relayer bonds with its X25519 key', async () => {
    const argv = spawnSync(RELAYER_BIN, ['bond', '--amount', '10000', '--key', '//Eve'], { encoding: 'utf8' });
    assert.notEqual(argv.status, 0);
    assert.match(argv.stderr, /unexpected argument '--key'/);
    // A key file others may read is refused.
    const open = path.join(dir, 'open.key');
    await writeFile(open, '//Eve\n');
    await chmod(open, 0o644);
    const refused = spawnSync(RELAYER_BIN, ['bond', '--amount', '10000', '--key-file', open,
      '--node', `http://127.0.0.1:${node.rpcPort}`], { encoding: 'utf8' });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /chmod 600/);

    const eve = (await api.query.anchoring.relayers())[0].toString();
    const bond = spawnSync(RELAYER_BIN, ['bond', '--amount', '10000', '--key-file', keyFile,
      '--node', `http://127.0.0.1:${node.rpcPort}`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(bond.status, 0, `bond failed:\n${bond.stdout}\n${bond.stderr}`);
    const b = await waitFor('Eve bonded', async () => {
      const o = await api.query.anchoring.relayerBonds(eve);
      return o.isSome ? o.unwrap() : false;
    }, 60_000);
    assert.equal(b.amount.toBigInt(), 10_000n * 10n ** 12n);
    assert.notEqual(b.encryptionKey.toHex(), '0x' + '00'.repeat(32));
    const held = await api.query.balances.holds(eve);
    assert.ok(held.some((h) => h.id.isAnchoring && h.amount.toBigInt() === 10_000n * 10n ** 12n),
      'the bond is a hold of Balances');
  });

  it('the relayer anchors finalized checkpoints on Ethereum and attests them', async () => {
    relayer = startRelayer();
    const t = await waitFor('checkpoint 0 anchored on Ethereum', () => anchoredOnEthereum(0), 240_000, 1000);
    const root = (await api.call.anchoringApi.checkpoint(0)).unwrap().checkpoint.root.toHex();
    assert.equal(await anvil.rootOf(contract, 0), root);
    const anchor = t.anchor.unwrap();
    const receipt = await anvil.rpc('eth_getTransactionReceipt', [anchor.external.txId.toHex()]);
    assert.equal(receipt.status, '0x1');
    assert.equal(BigInt(receipt.blockNumber), anchor.external.blockNumber.toBigInt());
    assert.equal(receipt.blockHash, anchor.external.blockHash.toHex());
    assert.equal(t.attestations.length, 1);
    assert.equal(t.attestations[0].relayer.toString(), (await api.query.anchoring.relayers())[0].toString());
    const state = await api.call.anchoringApi.state();
    const eth = state.targets.find(([target]) => target.isEthereum);
    assert.ok(eth[1].isSome, 'latest anchored on Ethereum is reported');
  });

  it('a relayer killed mid-run and restarted posts nothing twice', async () => {
    await waitFor('checkpoint 1 anchored', () => anchoredOnEthereum(1), 240_000, 1000);
    relayer.kill('SIGKILL');
    await relayer.exited;
    // Checkpoints keep coming while it is down, and it stays silent for longer than
    // `liveness_period`, so that its first step after the restart is a heartbeat.
    const next = (await api.call.anchoringApi.state()).nextCheckpoint.toNumber();
    await waitFor('a checkpoint while the relayer is down', async () =>
      (await api.call.anchoringApi.state()).nextCheckpoint.toNumber() > next, 120_000);
    const eve = (await api.query.anchoring.relayers())[0].toString();
    const liveness = (await api.query.anchoring.parameters()).livenessPeriod.toNumber();
    await waitFor('the relayer silent for a liveness period', async () => {
      const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      const seen = (await api.query.anchoring.relayerBonds(eve)).unwrap().lastSeen.toNumber();
      return finalized.number.toNumber() >= seen + liveness;
    }, 180_000);
    relayer = startRelayer();
    const upTo = next + 1;
    await waitFor(`checkpoints up to ${upTo} anchored`, async () => {
      for (let n = 0; n <= upTo; n++) if (!(await anchoredOnEthereum(n))) return false;
      return true;
    }, 300_000, 1000);
    relayer.kill('SIGTERM');
    await relayer.exited;
    // Every transaction the relayer's key sent recorded a checkpoint: none was posted twice
    // (a second `anchor` of a number would revert, and still use a nonce).
    // Both read at one block, once nothing the relayer sent is still in anvil's pool (with a
    // block a second, 'latest' could move between the two reads).
    const key = ANVIL_ACCOUNTS[0].address;
    await waitFor('the relayer\'s transactions mined', async () =>
      (await anvil.rpc('eth_getTransactionCount', [key, 'pending'])) ===
        (await anvil.rpc('eth_getTransactionCount', [key, 'latest'])), 60_000);
    const at = await anvil.rpc('eth_blockNumber');
    const sent = BigInt(await anvil.rpc('eth_getTransactionCount', [key, at]));
    const recorded = BigInt(await anvil.rpc('eth_call', [{ to: contract, data: selector('nextCheckpoint()') }, at]));
    // The deployment used nonce 0.
    assert.equal(sent - 1n, recorded, `${sent - 1n} anchor transactions for ${recorded} checkpoints`);
    const log = await readFile(relayerLog, 'utf8');
    assert.match(log, /resuming at checkpoint [1-9]/);
    // Its heartbeats (and attestations) kept the bonded relayer alive and, once its bond was
    // old enough, eligible to sign.
    assert.match(log, /heartbeat \(last sign of life at block \d+\)/);
    const b = (await api.query.anchoring.relayerBonds(eve)).unwrap();
    const params = await api.query.anchoring.parameters();
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(b.lastSeen.toNumber() > b.since.toNumber(), 'signs of life after the bond');
    assert.ok(now - b.since.toNumber() >= params.relayerBondAge.toNumber(), 'the bond is old enough');
    const eligible = await view(api, 'Anchoring', 'eligible_signers');
    assert.deepEqual(eligible.map((a) => a.toString()), [eve], 'Eve is eligible to sign');
  });

  it('the verifier passes for an anchored block and fails against a tampered root', async () => {
    const c = (await api.call.anchoringApi.checkpoint(1)).unwrap().checkpoint;
    const block = c.firstBlock.toNumber() + 3;
    const good = verify(block, contract);
    assert.equal(good.status, 0, `verifier failed:\n${good.stdout}\n${good.stderr}`);
    assert.match(good.stdout, /VERIFIED block/);

    // A second deployment that holds another root for checkpoint 1.
    const forged = await anvil.deployAnchor(ANVIL_ACCOUNTS[0].address, [ANVIL_ACCOUNTS[0].address]);
    const wrong = keccakAsHex('not the root');
    const tx = await anvil.send(ANVIL_ACCOUNTS[0].address, forged, selector('anchor(uint64,bytes32)') + word(1) + bytes32Word(wrong));
    assert.equal(tx.status, '0x1');
    const bad = verify(block, forged);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /TAMPERED: the Ethereum contract/);
  });
});
