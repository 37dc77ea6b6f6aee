#!/usr/bin/env node
// Heartbeat throughput on a development node (a benchmark, not a test).
//
// Builds a development chain spec with DEVICES devices registered at genesis (funded out of
// Bob's share, so the supply stays 10 billion MC), starts the built node on loopback, signs one
// heartbeat per device for a relay (sr25519, over `("mc/hrtbt", genesis, device, period,
// relay)`), registers the relay, sends the heartbeats in `credit.submitHeartbeats` batches of
// BATCH signed by the relay, and counts the heartbeats included per block. Prints heartbeats per block and per second (blocks are 6 s apart).
//
//   node scripts/bench-heartbeats.mjs            # DEVICES=12000 BATCH=1000 by default
//   DEVICES=20000 BATCH=500 node scripts/bench-heartbeats.mjs
//   DELEGATE=1 node scripts/bench-heartbeats.mjs # every device delegates to Alice at genesis
//   RELAY=1 node scripts/bench-heartbeats.mjs    # devices -> metachain-heartbeat-relay -> node
//
// Each batch declares the witness of its classes as the chain tells them
// (`CreditApi::heartbeat_readiness`: light, grouped per validator, heavy) and the weight of that
// mix; it is charged what it used.
//
// Needs the built node ($METACHAIN_NODE or the default target directory) and `npm ci`.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { MC, Node, freePort, waitFor } from '../tests/e2e/lib/node.mjs';
import { devSpecWithDevices, deviceKeys } from '../tests/e2e/lib/devices-spec.mjs';
import { batchEntries, heartbeatsIn, inBlock, submitBatches } from '../tests/e2e/lib/heartbeat-load.mjs';

const DEVICES = Number(process.env.DEVICES ?? 12_000);
const BATCH = Number(process.env.BATCH ?? 1_000);
const DELEGATE = process.env.DELEGATE === '1';
const RELAY = process.env.RELAY === '1';
const RELAY_BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target'), 'release/metachain-heartbeat-relay');
let relayProc;
let relayMetrics;
const log = (...a) => console.log('[bench-heartbeats]', ...a);

// 1. Devices (keys from hashed seeds).
let t = Date.now();
const devices = await deviceKeys(DEVICES);
log(`derived ${DEVICES} device keys in ${Date.now() - t} ms`);

// 2. A development spec with the devices at genesis, in one long credit period.
const relay = new Keyring({ type: 'sr25519' }).addFromUri('//Relay');
// Delegating devices count from genesis in period 0; their heartbeats are measured in period
// 1 (a short period 0: DELEGATE_PERIOD blocks), each following one sign of life in the previous
// period, as a device's heartbeat does day after day (grouped with its validator's).
const DELEGATE_PERIOD = Number(process.env.DELEGATE_PERIOD ?? 20);
const { specPath } = await devSpecWithDevices({
  devices, funded: [relay.address], amount: 10_000n * MC, delegate: DELEGATE,
  ...(DELEGATE ? { creditPeriod: DELEGATE_PERIOD } : {}),
});
log(`wrote ${specPath}`);

// 3. The node.
const node = await Node.create({
  args: ['--chain', specPath, '--alice', '--validator', '--force-authoring', '--pool-kbytes', '200000',
    '--node-key', '0000000000000000000000000000000000000000000000000000000000000001'],
});
await node.start();
const api = await node.connect();
try {
  await waitFor('block #1', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 1, 120_000);
  const registered = (await api.query.credit.counterForDevices()).toNumber();
  log(`node up; ${registered} devices registered`);

  // 4. Register the relay; sign every heartbeat for it (delegating: in period 1).
  await inBlock(api.tx.credit.registerRelay(), relay);
  log('relay registered');
  if (DELEGATE) {
    log(`waiting for period 1 (${DELEGATE_PERIOD} blocks a period)`);
    await waitFor('period 1', async () => (await api.call.creditApi.currentPeriod()).toNumber() >= 1, DELEGATE_PERIOD * 6_000 + 60_000, 1_000);
  }
  const period = (await api.call.creditApi.currentPeriod()).toNumber();
  log(`period ${period}`);
  t = Date.now();
  const heartbeats = batchEntries(api, devices, period, relay);
  log(`signed ${DEVICES} heartbeats in ${Date.now() - t} ms`);

  // 5. Count included heartbeats per block.
  const perBlock = [];
  let included = 0;
  const done = new Promise((resolve) => {
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const at = await api.at(header.hash);
      const events = await at.query.system.events();
      const n = heartbeatsIn(api, events);
      if (n > 0 || included > 0) perBlock.push({ block: header.number.toNumber(), heartbeats: n });
      included += n;
      if (included >= DEVICES) resolve();
    });
  });

  // 6. Submit the batches (signed by the relay, consecutive nonces), all at once; or, with
  // RELAY=1, post the heartbeats to metachain-heartbeat-relay (its key the same //Relay), which
  // checks, journals, batches and submits them itself.
  t = Date.now();
  if (RELAY) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'metachain-bench-relay-'));
    const key = path.join(dir, 'relay-key.json');
    execFileSync(RELAY_BIN, ['--key', key, 'key', 'import', '//Relay']);
    const port = await freePort();
    relayProc = spawn(RELAY_BIN, ['--url', node.wsUrl, '--key', key, 'run', '--listen', `127.0.0.1:${port}`,
      '--data', path.join(dir, 'data'), '--max-wait-ms', '1000', '--rate-limit', '100'], { stdio: ['ignore', 'inherit', 'inherit'] });
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the relay', async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 60_000);
    const posts = [];
    for (let i = 0; i < heartbeats.length; i += 1_000) {
      posts.push(heartbeats.slice(i, i + 1_000).map((h) => ({ ...h, signature: h.signature.Sr25519 })));
    }
    let accepted = 0;
    for (const body of posts) {
      const res = await fetch(`${url}/v1/heartbeats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      accepted += (await res.json()).results.filter((r) => r.accepted).length;
    }
    log(`posted ${heartbeats.length} heartbeats to the relay in ${Date.now() - t} ms; accepted: ${accepted}`);
    relayMetrics = async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Object.fromEntries(text.split('\n').filter((l) => l.startsWith('metachain_relay_') && !l.includes('_bucket'))
        .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
    };
  } else {
    const sent = await submitBatches(api, relay, heartbeats, BATCH);
    log(`submitted ${sent.batches} batches in ${Date.now() - t} ms; refused: ${sent.refused}${sent.refused ? ` (${sent.reason})` : ''}; witness ${JSON.stringify(sent.witness)}`);
  }

  let timer;
  await Promise.race([done, new Promise((r) => { timer = setTimeout(r, 600_000); })]);
  clearTimeout(timer);
  const blocks = perBlock.filter((b) => b.heartbeats > 0);
  const max = Math.max(...blocks.map((b) => b.heartbeats));
  const span = blocks.length ? blocks[blocks.length - 1].block - blocks[0].block + 1 : 0;
  const result = {
    devices: DEVICES,
    batch: BATCH,
    delegating: DELEGATE,
    included,
    blocksWithHeartbeats: blocks.length,
    maxPerBlock: max,
    perBlock: blocks.map((b) => b.heartbeats),
    sustainedPerSecond: span ? Math.round(included / (span * 6)) : 0,
    peakPerSecond: Math.round(max / 6),
    relay: relayMetrics ? await relayMetrics() : undefined,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  relayProc?.kill('SIGINT');
  await api.disconnect();
  await node.cleanup();
}
