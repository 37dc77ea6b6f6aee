#!/usr/bin/env node
// Heartbeat throughput with a million devices in state (issue 19, rule 1): a benchmark, not a
// test. Prints, for each delegation mix of the heartbeating devices — none, 10% and 100%
// delegating — the heartbeats included per block and per second and the block weight used,
// with ordinary transfers in every block alongside.
//
//   SCALE=1000000 node scripts/bench-heartbeats-scale.mjs     # the default
//   SCALE=200000 HEARTBEATS=12000 node scripts/bench-heartbeats-scale.mjs
//   RELAY=1 node scripts/bench-heartbeats-scale.mjs            # through metachain-heartbeat-relay
//   RELAY=both node scripts/bench-heartbeats-scale.mjs         # both, on one node (other devices)
//   MIXES=all RELAY=1 node scripts/bench-heartbeats-scale.mjs  # only the mixes named (none, 10%, all)
//
// 1. The state: runtime/examples/scale_state.rs registers SCALE devices on the development
//    chain's genesis through the runtime's own calls (every 10th delegates to Alice; one credit
//    period of a million blocks) and writes the raw spec (about 1.5 GB for a million; the node
//    needs about 11 GB of memory to import it). Reused from $SCALE_SPEC if that file exists.
// 2. The node (the built one) authors alone on it, as Alice.
// 3. A relay (//Relay, funded by Bob) registers; for each mix, HEARTBEATS devices (default
//    24,000: two blocks' worth at the target) are chosen — devices that do not delegate, a
//    contiguous range (every 10th delegates), devices that all delegate — their heartbeats
//    signed and submitted in batches of 1,000 with the witness of each batch's mix, while
//    //Eve sends TRANSFERS transfers (default 50) a block. With RELAY=1 the heartbeats are
//    posted instead (1,000 a request) to the heartbeat relay service, which runs with the
//    relay's key and checks, journals, batches and submits them itself.
//
// Needs the built node (and with RELAY=1 the built metachain-heartbeat-relay), `npm ci`, and
// cargo (it builds and runs the scale_state example).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { MC, NODE_BIN, Node, freePort, teardown, waitFor } from '../tests/e2e/lib/node.mjs';
import { batchEntriesYielding, inBlock, scaleDeviceKeys, submitBatches, watchBlocks } from '../tests/e2e/lib/heartbeat-load.mjs';
import { relayOf } from '../tests/e2e/lib/relay.mjs';

const SCALE = Number(process.env.SCALE ?? 1_000_000);
const HEARTBEATS = Number(process.env.HEARTBEATS ?? 24_000);
const TRANSFERS = Number(process.env.TRANSFERS ?? 50);
const RELAY = process.env.RELAY ?? '0';
const passes = { 0: ['direct'], 1: ['relay'], both: ['direct', 'relay'] }[RELAY];
if (!passes) throw new Error(`RELAY=${RELAY}: 0, 1 or both`);
// Which mixes to run (comma-separated short names; default every one).
const MIXES = (process.env.MIXES ?? 'none,10%,all').split(',');
const EVERY = 10; // every 10th generated device delegates
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const WORK = process.env.SCALE_WORK ?? path.join(os.tmpdir(), 'metachain-scale');
const SPEC = process.env.SCALE_SPEC ?? path.join(WORK, `scale-${SCALE}.json`);
const log = (...a) => console.log('[bench-heartbeats-scale]', ...a);

// 1. The state.
if (!existsSync(SPEC)) {
  execFileSync('mkdir', ['-p', WORK]);
  const base = path.join(WORK, 'base.json');
  execFileSync('sh', ['-c', `"${NODE_BIN}" build-spec --chain dev --raw > "${base}" 2>/dev/null`]);
  let t = Date.now();
  log(`generating ${SCALE} devices (scale_state)...`);
  // With the project's build environment (scripts/env.sh: the shared target directory).
  execFileSync('bash', ['-c', 'source scripts/env.sh && SKIP_WASM_BUILD=1 exec cargo run --release --locked ' +
    `-p metachain-runtime --example scale_state -- "${base}" ${SCALE} "${SPEC}" ${EVERY} 1000000`],
  { cwd: ROOT, stdio: 'inherit' });
  log(`state generated in ${Math.round((Date.now() - t) / 1000)} s`);
}

// 2. The node.
let t = Date.now();
const node = await Node.create({
  args: ['--chain', SPEC, '--alice', '--validator', '--force-authoring', '--pool-kbytes', '400000',
    '--database', 'paritydb', '--node-key', '0000000000000000000000000000000000000000000000000000000000000001'],
});
await node.start({ timeoutMs: 1_800_000 });
const api = await node.connect();
const results = [];
let loading = true;
let relayProc;
const relayDir = passes.includes('relay') ? mkdtempSync(path.join(os.tmpdir(), 'metachain-scale-relay-')) : undefined;
try {
  await waitFor('block #1', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 1, 1_800_000);
  const registered = (await api.query.credit.counterForDevices()).toNumber();
  const period = (await api.call.creditApi.currentPeriod()).toNumber();
  log(`node up in ${Math.round((Date.now() - t) / 1000)} s; ${registered} devices registered; period ${period}`);

  // 3. The relay and the transfer load.
  const keyring = new Keyring({ type: 'sr25519' });
  const [relay, bob, eve] = ['//Relay', '//Bob', '//Eve'].map((u) => keyring.addFromUri(u));
  await inBlock(api.tx.balances.transferKeepAlive(relay.address, 100_000n * MC), bob);
  await inBlock(api.tx.credit.registerRelay(), relay);
  log('relay registered');
  // With RELAY=1 or both: the relay service, with the same key.
  let relayUrl;
  if (passes.includes('relay')) {
    const relayService = relayOf(node, path.join(relayDir, 'relay-key.json'));
    relayService.cli('key', 'import', '//Relay');
    relayUrl = `http://127.0.0.1:${await freePort()}`;
    relayProc = await relayService.start(relayUrl, path.join(relayDir, 'data'), '--max-wait-ms', '1000', '--rate-limit', '100');
    log(`relay service at ${relayUrl}`);
  }
  let eveNonce = (await api.rpc.system.accountNextIndex(eve.address)).toNumber();
  const dest = keyring.addFromUri('//Ferdie').address;
  let current = null;
  const unsubscribe = await watchBlocks(api, async (b) => {
    if (current) current.blocks.push(b);
    if (loading) {
      // The next block's transfers, signed ahead.
      const txs = await Promise.all(Array.from({ length: TRANSFERS }, () =>
        api.tx.balances.transferKeepAlive(dest, MC).signAsync(eve, { nonce: eveNonce++ })));
      await Promise.allSettled(txs.map((xt) => api.rpc.author.submitExtrinsic(xt)));
    }
  });

  // 4. The mixes: disjoint sets of generated devices.
  const pick = (from, n, keep) => {
    const out = [];
    for (let i = from; out.length < n && i < SCALE; i++) if (keep(i)) out.push(i);
    return out;
  };
  // Through the relay, other devices than directly: the non-delegating ones after the direct
  // pass's, the 10% range after its, the delegating ones among the first third (whose
  // non-delegating devices the direct pass took).
  const span = Math.floor(SCALE / 3);
  const mixes = passes.flatMap((through) => {
    const direct = through === 'direct';
    const after = direct ? 0 : Math.ceil((HEARTBEATS * EVERY) / (EVERY - 1)) + EVERY;
    return [
      { through, short: 'none', name: 'none delegating', indices: pick(after, HEARTBEATS, (i) => i % EVERY !== 0) },
      { through, short: '10%', name: '10% delegating', indices: pick(span + (direct ? 0 : HEARTBEATS), HEARTBEATS, () => true) },
      { through, short: 'all', name: 'all delegating', indices: pick(direct ? 2 * span : 0, HEARTBEATS, (i) => i % EVERY === 0) },
    ].filter((mix) => MIXES.includes(mix.short));
  });
  for (const mix of mixes) {
    if (mix.indices.length < HEARTBEATS) throw new Error(`${mix.name}: only ${mix.indices.length} devices (raise SCALE)`);
    const keys = await scaleDeviceKeys(mix.indices);
    const entries = await batchEntriesYielding(api, keys, period, relay);
    current = { mix: mix.name, blocks: [] };
    if (mix.through === 'relay') {
      let accepted = 0;
      for (let i = 0; i < entries.length; i += 1_000) {
        const body = entries.slice(i, i + 1_000).map((h) => ({ ...h, signature: h.signature.Sr25519 }));
        const res = await fetch(`${relayUrl}/v1/heartbeats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        accepted += (await res.json()).results.filter((r) => r.accepted).length;
      }
      log(`${mix.name} (relay): ${entries.length} heartbeats posted to the relay service, accepted ${accepted}`);
    } else {
      const sent = await submitBatches(api, relay, entries, 1_000);
      log(`${mix.name}: ${sent.batches} batches submitted, refused ${sent.refused}${sent.reason ? ` (${sent.reason})` : ''}; witness ${JSON.stringify(sent.witness)}`);
    }
    await waitFor(`${mix.name}: every heartbeat in a block`, async () =>
      current.blocks.reduce((s, b) => s + b.heartbeats, 0) >= HEARTBEATS, 600_000, 1_000);
    const full = current.blocks.filter((b) => b.heartbeats > 0);
    const top = Math.max(...full.map((b) => b.heartbeats));
    const busy = full.filter((b) => b.heartbeats === top);
    results.push({
      mix: mix.name,
      through: mix.through,
      heartbeats: HEARTBEATS,
      perBlock: full.map((b) => b.heartbeats),
      maxPerBlock: top,
      perSecond: Math.round(top / 6),
      transfersPerBlock: full.map((b) => b.transfers),
      weightUsedPercent: busy.map((b) => b.weightUsed),
      normalClassUsedPercent: busy.map((b) => b.normalShare),
    });
    log(JSON.stringify(results[results.length - 1]));
    current = null;
  }
  loading = false;
  unsubscribe();
  console.log(JSON.stringify({ devicesInState: registered, results }, null, 2));
} finally {
  loading = false;
  await new Promise((r) => setTimeout(r, 1_000)); // let a block's transfers finish sending
  await teardown({ procs: [relayProc], api, node, paths: [relayDir] });
}
