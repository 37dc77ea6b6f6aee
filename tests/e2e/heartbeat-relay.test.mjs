// End to end: the heartbeat relay (`metachain-heartbeat-relay`) between simulated devices and
// the built `metachain-node`, on a development chain with 101 devices registered at genesis.
//
// The relay registers (holding `RelayDeposit`) and serves on loopback. 100 devices sign their
// heartbeat for it and post it; the relay answers 202 to each and journals them, and is killed
// (SIGKILL) before it submitted any. Started again, it recovers all 100 from its journal and
// gets every one into a block, free for the relay. At its door it refuses, by name, a
// duplicate (409), a bad signature (400), another period (422) and a device over its rate
// limit (429), and a device the chain would not take (`Credit::NotRegistered`) costs the relay
// nothing: it is dropped before any batch. Its Prometheus metrics count all of it. The device
// agent sends the 101st device's heartbeat through the relay (`--relay`).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { MC, Node, freePort, teardown, waitFor } from './lib/node.mjs';
import { devSpecWithDevices, deviceKeys, signHeartbeat } from './lib/devices-spec.mjs';
import { RELAY_BIN, relayOf } from './lib/relay.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const AGENT_BIN = path.join(TARGET, 'release/metachain-device');
const DEVICES = 100;

describe('the heartbeat relay between devices and metachain-node', { timeout: 600_000 }, () => {
  let node, api, dir, devices, relay, relayUrl, relayProc, specPath, period;
  const relayKey = () => path.join(dir, 'relay-key.json');
  const relayCli = (...args) => relayOf(node, relayKey()).cli(...args);
  let port;
  const startRelay = async (...extra) => {
    relayProc = await relayOf(node, relayKey()).start(relayUrl, path.join(dir, 'data'), ...extra);
  };
  const post = async (body) => {
    const res = await fetch(`${relayUrl}/v1/heartbeats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const metric = async (name, labels = '') => {
    const text = await (await fetch(`${relayUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  before(async () => {
    for (const bin of [RELAY_BIN, AGENT_BIN]) assert.ok(existsSync(bin), `no ${bin}: cargo build --release -p metachain-heartbeat-relay -p metachain-device`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-relay-'));
    devices = await deviceKeys(DEVICES + 1, 'mc/e2e-relay');
    relay = new Keyring({ type: 'sr25519' }).addFromUri('//HeartbeatRelay');
    ({ specPath } = await devSpecWithDevices({ devices, funded: [relay.address], amount: 2_000n * MC }));
    node = await Node.create({ args: ['--chain', specPath, '--alice', '--validator', '--force-authoring',
      '--node-key', '0000000000000000000000000000000000000000000000000000000000000001'] });
    await node.start();
    api = await node.connect();
    await waitFor('block #1', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 1, 120_000);
    period = (await api.call.creditApi.currentPeriod()).toNumber();
    port = await freePort();
    relayUrl = `http://127.0.0.1:${port}`;
  });

  after(() => teardown({ procs: [relayProc], api, node, paths: [dir, specPath] }));

  it('registers, holding the relay deposit', async () => {
    relayCli('key', 'import', '//HeartbeatRelay');
    assert.equal(relayCli('key', 'show').trim(), new Keyring({ type: 'sr25519', ss58Format: 2210 }).addFromUri('//HeartbeatRelay').address);
    assert.match(relayCli('register'), /registered in block/);
    const deposit = (await api.query.credit.parameters()).relayDeposit.toBigInt();
    assert.equal((await api.query.credit.relays(relay.address)).unwrap().toBigInt(), deposit);
    assert.match(relayCli('status'), /a relay, holding/);
  });

  it('journals 100 heartbeats and loses none when killed before submitting them', async () => {
    // A relay that waits for a full batch (1,000) or ten minutes: it submits nothing yet.
    await startRelay('--max-wait-ms', '600000');
    const info = await (await fetch(`${relayUrl}/v1/relay`)).json();
    assert.equal(info.genesis, api.genesisHash.toHex());
    assert.equal(info.relay_hex, u8aToHex(relay.publicKey));
    assert.equal(info.period, period);
    const answers = await Promise.all(devices.slice(0, DEVICES).map((d) => post(signHeartbeat(api, d, period, relay.publicKey))));
    assert.deepEqual(answers.map((a) => a.status), Array(DEVICES).fill(202), JSON.stringify(answers.find((a) => a.status !== 202)));
    assert.equal(await metric('metachain_relay_heartbeats_accepted_total'), DEVICES);
    assert.equal(await metric('metachain_relay_queue_length'), DEVICES);
    relayProc.kill('SIGKILL');
    await new Promise((r) => relayProc.once('exit', r));
    const heard = await api.query.credit.devices.multi(devices.slice(0, DEVICES).map((d) => d.address));
    assert.equal(heard.filter((d) => d.unwrap().lastHeartbeat.isSome).length, 0, 'nothing was submitted before the kill');

    const before = (await api.query.system.account(relay.address)).data;
    await startRelay('--max-wait-ms', '500');
    assert.match(relayProc.log(), new RegExp(`${DEVICES} heartbeats recovered`));
    await waitFor('every heartbeat in a block', async () => {
      const ds = await api.query.credit.devices.multi(devices.slice(0, DEVICES).map((d) => d.address));
      return ds.every((d) => d.unwrap().lastHeartbeat.unwrapOr(null)?.toNumber() === period);
    }, 120_000);
    await waitFor('the relay to count them', async () => await metric('metachain_relay_heartbeats_included_total') === DEVICES, 60_000);
    const status = await (await fetch(`${relayUrl}/v1/heartbeats/${devices[0].address}`)).json();
    assert.equal(status.stage, 'included');
    assert.equal(status.period, period);
    const after = (await api.query.system.account(relay.address)).data;
    console.log(`  relay paid ${(before.free.toBigInt() + before.reserved.toBigInt() - after.free.toBigInt() - after.reserved.toBigInt())} plancks for ${DEVICES} heartbeats`);
    assert.equal(after.free.toBigInt(), before.free.toBigInt(), 'valid heartbeats are free for the relay');
    assert.equal(after.reserved.toBigInt(), before.reserved.toBigInt(), 'and cost its deposit nothing');
  });

  it('refuses duplicates, forgeries, other periods and floods at its door, by name', async () => {
    const d = devices[0];
    const again = await post(signHeartbeat(api, d, period, relay.publicKey));
    assert.deepEqual([again.status, again.body.reason], [409, 'duplicate']);
    const forged = { ...signHeartbeat(api, d, period, relay.publicKey), device: devices[1].address };
    const f = await post(forged);
    assert.deepEqual([f.status, f.body.reason], [400, 'bad_signature']);
    const otherRelay = signHeartbeat(api, devices[2], period, devices[3].publicKey);
    assert.equal((await post(otherRelay)).body.reason, 'bad_signature', 'signed for another relay');
    const later = await post(signHeartbeat(api, d, period + 1, relay.publicKey));
    assert.deepEqual([later.status, later.body.reason], [422, 'wrong_period']);
    // Ten posts a minute a device (the default): the rest are refused before any other check.
    const flood = await post(Array(12).fill(signHeartbeat(api, devices[4], period, relay.publicKey)));
    assert.deepEqual(flood.body.results.map((r) => r.reason).slice(-2), ['rate_limited', 'rate_limited']);
    assert.equal(await metric('metachain_relay_heartbeats_rejected_total', '{reason="duplicate",stage="intake"}') > 0, true);
    assert.equal(await metric('metachain_relay_heartbeats_rejected_total', '{reason="bad_signature",stage="intake"}'), 2);
    assert.equal(await metric('metachain_relay_heartbeats_rejected_total', '{reason="rate_limited",stage="intake"}'), 2);
  });

  it('drops a heartbeat the chain would skip before it costs the relay anything', async () => {
    const stranger = (await deviceKeys(1, 'mc/e2e-relay-stranger'))[0];
    const before = (await api.query.credit.relays(relay.address)).unwrap().toBigInt();
    const res = await post(signHeartbeat(api, stranger, period, relay.publicKey));
    assert.equal(res.status, 202, 'a correctly signed heartbeat is taken at the door');
    await waitFor('the chain\'s verdict', async () => {
      const s = await (await fetch(`${relayUrl}/v1/heartbeats/${stranger.address}`)).json();
      return s.stage === 'rejected' ? s : null;
    }, 60_000).then((s) => assert.equal(s.detail, 'Credit::NotRegistered'));
    assert.equal(await metric('metachain_relay_heartbeats_rejected_total', '{reason="Credit::NotRegistered",stage="check"}'), 1);
    assert.equal((await api.query.credit.relays(relay.address)).unwrap().toBigInt(), before, 'the deposit paid nothing');
  });

  it('carries the device agent\'s heartbeat (metachain-device --relay)', async () => {
    const d = devices[DEVICES];
    const key = path.join(dir, 'device-key.json');
    const agent = (...args) => spawnSync(AGENT_BIN, ['--url', node.wsUrl, '--key', key, '--relay', relayUrl, ...args], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(agent('key', 'import', d.seedHex).status, 0);
    const sent = agent('heartbeat');
    assert.equal(sent.status, 0, sent.stderr + sent.stdout);
    assert.match(sent.stdout, new RegExp(`heartbeat of period ${period} included`));
    assert.equal((await api.query.credit.devices(d.address)).unwrap().lastHeartbeat.unwrap().toNumber(), period);
    // Its daemon's next attempt sees the period done and posts nothing.
    assert.match(agent('heartbeat').stdout, /already on chain/);
  });
});
