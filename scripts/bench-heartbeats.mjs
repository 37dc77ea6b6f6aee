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
//
// A batch says how many of its devices delegate (its `heavy` witness: all with DELEGATE=1,
// none otherwise) and declares the weight of that mix; it is charged what it used.
//
// Needs the built node ($METACHAIN_NODE or the default target directory) and `npm ci`.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { MC, NODE_BIN, Node, waitFor } from '../tests/e2e/lib/node.mjs';

const require = createRequire(import.meta.url);
const JSONbig = require('json-bigint')({ useNativeBigInt: true });

const DEVICES = Number(process.env.DEVICES ?? 12_000);
const BATCH = Number(process.env.BATCH ?? 1_000);
const DELEGATE = process.env.DELEGATE === '1';
const log = (...a) => console.log('[bench-heartbeats]', ...a);

await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519' });

// 1. Devices (keys from hashed seeds: deriving thousands of `//hard` paths takes minutes).
let t = Date.now();
const devices = Array.from({ length: DEVICES }, (_, i) => keyring.addFromSeed(blake2AsU8a(`mc/bench-heartbeat/${i}`)));
log(`derived ${DEVICES} device keys in ${Date.now() - t} ms`);

// 2. A development spec with the devices at genesis, in one long credit period.
const spec = JSONbig.parse(execFileSync(NODE_BIN, ['build-spec', '--chain', 'dev'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
const patch = spec.genesis.runtimeGenesis.patch;
const deposit = BigInt(patch.credit.params.deviceDeposit);
const perDevice = deposit + MC; // the deposit and 1 MC to stay alive
const bob = keyring.addFromUri('//Bob').address;
const bobEntry = patch.balances.balances.find(([who]) => who === bob);
const relay = keyring.addFromUri('//Relay');
const relayFunds = BigInt(patch.credit.params.relayDeposit) + 1_000n * MC;
bobEntry[1] = BigInt(bobEntry[1]) - perDevice * BigInt(DEVICES) - relayFunds;
for (const d of devices) patch.balances.balances.push([d.address, perDevice]);
patch.balances.balances.push([relay.address, relayFunds]);
patch.credit.devices = devices.map((d) => [d.address, 'DvpnClient']);
if (DELEGATE) {
  const aliceStash = keyring.addFromUri('//Alice//stash').address;
  patch.creditDelegation.delegations = devices.map((d) => [d.address, aliceStash]);
}
patch.credit.params.creditPeriod = 1_000_000;
const specPath = path.join(os.tmpdir(), `metachain-bench-heartbeats-${process.pid}.json`);
writeFileSync(specPath, JSONbig.stringify(spec));
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
  const genesis = api.genesisHash;
  const period = (await api.call.creditApi.currentPeriod()).toNumber();
  const registered = (await api.query.credit.counterForDevices()).toNumber();
  log(`node up; ${registered} devices registered; period ${period}`);

  // 4. Register the relay; sign every heartbeat for it.
  await new Promise((resolve, reject) => {
    api.tx.credit.registerRelay().signAndSend(relay, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()));
      else if (status.isInBlock) resolve();
    }).catch(reject);
  });
  log('relay registered');
  t = Date.now();
  const tag = stringToU8a('mc/hrtbt');
  const periodBytes = api.createType('u32', period).toU8a();
  const heartbeats = devices.map((d) => ({
    device: d.address,
    period,
    signature: { Sr25519: u8aToHex(d.sign(u8aConcat(tag, genesis.toU8a(), d.publicKey, periodBytes, relay.publicKey))) },
  }));
  log(`signed ${DEVICES} heartbeats in ${Date.now() - t} ms`);

  // 5. Count included heartbeats per block.
  const perBlock = [];
  let included = 0;
  const done = new Promise((resolve) => {
    api.rpc.chain.subscribeNewHeads(async (header) => {
      const at = await api.at(header.hash);
      const events = await at.query.system.events();
      const n = events.filter(({ event }) => api.events.credit.Heartbeat.is(event)).length;
      if (n > 0 || included > 0) perBlock.push({ block: header.number.toNumber(), heartbeats: n });
      included += n;
      if (included >= DEVICES) resolve();
    });
  });

  // 6. Submit the batches (signed by the relay, consecutive nonces), all at once.
  t = Date.now();
  const batches = [];
  for (let i = 0; i < heartbeats.length; i += BATCH) batches.push(heartbeats.slice(i, i + BATCH));
  const nonce = (await api.rpc.system.accountNextIndex(relay.address)).toNumber();
  const signedBatches = await Promise.all(batches.map((b, i) => api.tx.credit.submitHeartbeats(b, DELEGATE ? b.length : 0).signAsync(relay, { nonce: nonce + i })));
  const results = await Promise.allSettled(signedBatches.map((xt) => api.rpc.author.submitExtrinsic(xt)));
  const refused = results.filter((r) => r.status === 'rejected');
  log(`submitted ${batches.length} batches in ${Date.now() - t} ms; refused: ${refused.length}${refused.length ? ` (${refused[0].reason.message})` : ''}`);

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
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await api.disconnect();
  await node.cleanup();
}
