// End to end: delegating devices' heartbeats, grouped (issue 19, rules 1 and 2), through the
// heartbeat relay (`metachain-heartbeat-relay`) to the built `metachain-node`.
//
// A development chain with 20 devices delegating to Alice at genesis (counting at once, in
// period 0) and 10-block credit periods. In period 1 each device's heartbeat follows its sign
// of life of period 0: the chain classes every one `Grouped(Alice)` (`heartbeatReadiness`), the
// relay declares that witness, and the batch lands free, moving the devices to period 1's
// bucket without paying anyone (no `RewardsPaid`) — Alice's backing stays whole. Once an era
// has paid them, each device's pending reward is there to claim, and a claim pays exactly it.
// In period 2 the same again, the devices' rewards carried along.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { MC, Node, freePort, teardown, waitFor } from './lib/node.mjs';
import { devSpecWithDevices, deviceKeys, signHeartbeat } from './lib/devices-spec.mjs';
import { RELAY_BIN, relayOf } from './lib/relay.mjs';

const DEVICES = 20;
const PERIOD = 10;

describe('grouped heartbeats of delegating devices through the relay', { timeout: 600_000 }, () => {
  let node, api, dir, devices, relay, relayUrl, relayProc, specPath, alice;
  const relayKey = () => path.join(dir, 'relay-key.json');
  const relayCli = (...args) => relayOf(node, relayKey()).cli(...args);
  const period = async () => (await api.call.creditApi.currentPeriod()).toNumber();
  const heardIn = async (p) => {
    const ds = await api.query.credit.devices.multi(devices.map((d) => d.address));
    return ds.every((d) => d.unwrap().lastHeartbeat.unwrapOr(null)?.toNumber() === p);
  };
  /// Every device's heartbeat for the current period, through the relay; returns the events
  /// of the blocks that took them.
  const heartbeatsThroughRelay = async (p) => {
    const classes = await api.call.creditApi.heartbeatReadiness(devices.map((d) => d.address));
    await waitFor(`the relay in period ${p}`, async () => (await (await fetch(`${relayUrl}/v1/relay`)).json()).period === p, 30_000, 500);
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    for (const d of devices) {
      const res = await fetch(`${relayUrl}/v1/heartbeats`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signHeartbeat(api, d, p, relay.publicKey)) });
      assert.equal(res.status, 202, await res.text());
    }
    await waitFor(`every heartbeat of period ${p} in a block`, () => heardIn(p), 90_000);
    const end = (await api.rpc.chain.getHeader()).number.toNumber();
    const events = [];
    for (let n = start + 1; n <= end; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      events.push(...(await at.query.system.events()).map((r) => r.event));
    }
    return { classes, events };
  };

  before(async () => {
    assert.ok(existsSync(RELAY_BIN), `no ${RELAY_BIN}: cargo build --release -p metachain-heartbeat-relay`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-grouped-'));
    devices = await deviceKeys(DEVICES, 'mc/e2e-grouped');
    relay = new Keyring({ type: 'sr25519' }).addFromUri('//GroupRelay');
    ({ specPath } = await devSpecWithDevices({ devices, funded: [relay.address], amount: 2_000n * MC, delegate: true, creditPeriod: PERIOD }));
    alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice//stash').address;
    node = await Node.create({ args: ['--chain', specPath, '--alice', '--validator', '--force-authoring',
      '--node-key', '0000000000000000000000000000000000000000000000000000000000000001'] });
    await node.start();
    api = await node.connect();
    await waitFor('block #1', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 1, 120_000);
    const port = await freePort();
    relayUrl = `http://127.0.0.1:${port}`;
    relayCli('key', 'import', '//GroupRelay');
    relayCli('register');
    relayProc = await relayOf(node, relayKey()).start(relayUrl, path.join(dir, 'data'), '--max-wait-ms', '500');
  });

  after(() => teardown({ procs: [relayProc], api, node, paths: [dir, specPath] }));

  it('moves the devices with their validator\'s group, paying no one and keeping the backing', async () => {
    await waitFor('period 1', async () => (await period()) >= 1, PERIOD * 6_000 + 60_000, 1_000);
    const p = await period();
    const [backing] = await api.call.creditDelegationApi.validatorBacking(alice);
    const { classes, events } = await heartbeatsThroughRelay(p);
    for (const c of classes) {
      assert.ok(c.isOk && c.asOk.isGrouped, `class ${c.toString()}`);
      assert.ok(c.asOk.asGrouped.eq(alice), `grouped under ${c.asOk.asGrouped.toString()}`);
    }
    const relayed = events.filter((e) => api.events.credit.HeartbeatsRelayed.is(e));
    assert.equal(relayed.reduce((s, e) => s + e.data.accepted.toNumber(), 0), DEVICES);
    assert.equal(relayed.reduce((s, e) => s + e.data.skipped.toNumber(), 0), 0);
    assert.equal(events.filter((e) => api.events.creditDelegation.RewardsPaid.is(e)).length, 0, 'a grouped heartbeat pays nothing');
    const [after] = await api.call.creditDelegationApi.validatorBacking(alice);
    assert.equal(after.toBigInt(), backing.toBigInt(), 'the backing moved whole to the new bucket');
  });

  it('keeps what an era paid them owed, and a claim pays exactly it', async () => {
    // A heartbeat every period, grouped each time, until an era has paid the devices; then
    // one more period's, which carries what they are owed along.
    const pendingOf = async () =>
      (await api.call.creditDelegationApi.delegation(devices[0].address)).unwrap().pendingRewards.toBigInt();
    let owed = 0n;
    for (let round = 0; round < 6; round++) {
      const p = (await period()) + 1;
      await waitFor(`period ${p}`, async () => (await period()) >= p, PERIOD * 6_000 + 60_000, 1_000);
      const before = await pendingOf();
      const { classes, events } = await heartbeatsThroughRelay(p);
      assert.ok(classes.every((c) => c.isOk && c.asOk.isGrouped), `period ${p}: ${classes.map((c) => c.toString())}`);
      assert.equal(events.filter((e) => api.events.creditDelegation.RewardsPaid.is(e)).length, 0, 'a grouped heartbeat pays nothing');
      assert.ok((await pendingOf()) >= before, 'what it was owed moved with it');
      if (owed > 0n) break;
      owed = await pendingOf();
    }
    assert.ok(owed > 0n, 'an era paid the devices');
    // Claim (anyone may; the MC goes to the device): it pays what was pending at the block
    // before (more only if an era ended at the start of the claim's block).
    const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const free0 = (await api.query.system.account(devices[0].address)).data.free.toBigInt();
    const hash = await new Promise((resolve, reject) => {
      api.tx.creditDelegation.claimRewards(devices[0].address).signAndSend(bob, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        else if (status.isInBlock) resolve(status.asInBlock);
      }).catch(reject);
    });
    const parent = (await api.rpc.chain.getHeader(hash)).parentHash;
    const pending = (await (await api.at(parent)).call.creditDelegationApi.delegation(devices[0].address)).unwrap().pendingRewards.toBigInt();
    const paid = (await (await api.at(hash)).query.system.events()).map((r) => r.event)
      .filter((e) => api.events.creditDelegation.RewardsPaid.is(e) && e.data.device.eq(devices[0].address))
      .reduce((s, e) => s + e.data.amount.toBigInt(), 0n);
    const gained = (await api.query.system.account(devices[0].address)).data.free.toBigInt() - free0;
    console.log(`  device 0: ${pending} plancks pending after two grouped heartbeats; its claim paid ${paid}`);
    assert.ok(pending > 0n);
    assert.ok(paid >= pending, `pending ${pending}, paid ${paid}`);
    assert.equal(gained, paid);
  });
});
