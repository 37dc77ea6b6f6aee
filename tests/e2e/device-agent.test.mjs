// End to end: the device agent (`metachain-device`, subxt) against the built
// `metachain-node --dev`. A new key is generated; the chain (sudo) invites it; the agent
// registers it (a second registration is refused by name), reports the same device as the
// runtime API, sends a heartbeat (a second in the same period is not sent), runs as a daemon
// across credit periods (its credit rises, its state file counts the heartbeats, SIGINT stops
// it cleanly), delegates to Alice's stash and undelegates.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MC, devAccounts, signAndWait, startDev, stopDev, waitFor } from './lib/node.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const AGENT_BIN = path.join(TARGET, 'release/metachain-device');

describe('the device agent against metachain-node --dev', { timeout: 600_000 }, () => {
  let dev, api, alice, aliceStash, dir, address;

  const agent = (...args) => {
    const r = spawnSync(AGENT_BIN, ['--url', dev.node.wsUrl, '--key', path.join(dir, 'key.json'), ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const ok = (...args) => {
    const r = agent(...args);
    assert.equal(r.code, 0, `metachain-device ${args.join(' ')}: ${r.err}${r.out}`);
    return r.out;
  };
  const status = () => JSON.parse(ok('status', '--json'));
  const period = async () => (await api.call.creditApi.currentPeriod()).toNumber();

  before(async () => {
    assert.ok(existsSync(AGENT_BIN), `no agent at ${AGENT_BIN}: cargo build --release -p metachain-device`);
    dev = await startDev();
    ({ api } = dev);
    const k = devAccounts('Alice', 'Alice//stash');
    alice = k.Alice;
    aliceStash = k['Alice//stash'].address;
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-device-'));
  });

  after(async () => {
    await stopDev(dev);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('generates a key, registers with its invitation, and is refused a second time by name', async () => {
    address = ok('key', 'generate').trim();
    assert.equal(ok('key', 'show').trim(), address);
    assert.notEqual(agent('key', 'generate').code, 0, 'a key is never overwritten');

    // Not invited yet: the agent says so, by the chain's name, before sending anything.
    const early = agent('register', '--kind', 'dvpn-client');
    assert.equal(early.code, 2, 'a refusal exits 2');
    assert.match(early.err, /no invitation for/);
    assert.match(early.err, /Credit::NoInvitation/);

    await signAndWait(api, api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(address, 2_000n * MC),
      api.tx.sudo.sudo(api.tx.credit.forceInvite(address)),
    ]), alice);
    assert.match(ok('register', '--kind', 'dvpn-client'), /Credit\.DeviceRegistered/);

    const again = agent('register', '--kind', 'dvpn-client');
    assert.equal(again.code, 2, 'a refusal exits 2');
    assert.match(again.err, /Credit::AlreadyRegistered/);
  });

  it("reports the device as the runtime API does", async () => {
    const s = status();
    const d = (await api.call.creditApi.device(address)).unwrap();
    assert.equal(s.address, address);
    assert.equal(s.period, await period());
    assert.equal(s.device.kind, d.kind.toString());
    assert.equal(s.device.credit, d.credit.toString());
    assert.equal(s.device.level, d.level.toString());
    assert.equal(s.device.deposit, d.deposit.toBigInt().toString());
    assert.equal(s.device.weight, d.weight.toBigInt().toString());
    assert.equal(s.device.can_heartbeat, d.canHeartbeat.isTrue);
    assert.equal(s.delegation, null);
    const text = ok('status');
    assert.match(text, /device: DvpnClient, credit \d+/);
  });

  it('sends one heartbeat a period', async () => {
    const before = (await api.call.creditApi.device(address)).unwrap().credit.toNumber();
    assert.match(ok('heartbeat'), /heartbeat of period \d+ included/);
    const d = (await api.call.creditApi.device(address)).unwrap();
    assert.equal(d.lastHeartbeat.unwrap().toNumber(), await period());
    assert.ok(d.credit.toNumber() > before, 'the heartbeat added credit');
    assert.match(ok('heartbeat'), /already on chain/);
  });

  it('runs as a daemon across credit periods and stops cleanly', async () => {
    const statePath = path.join(dir, 'device-state.json');
    const start = await period();
    const credit0 = (await api.call.creditApi.device(address)).unwrap().credit.toNumber();
    const proc = spawn(AGENT_BIN, ['--url', dev.node.wsUrl, '--key', path.join(dir, 'key.json'), 'run', '--interval', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    proc.stdout.on('data', (b) => { log += b; });
    proc.stderr.on('data', (b) => { log += b; });
    const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      // Two more periods, each with its heartbeat from the daemon.
      await waitFor('two periods of heartbeats', async () => {
        const d = (await api.call.creditApi.device(address)).unwrap();
        return d.lastHeartbeat.unwrap().toNumber() >= start + 2;
      }, 180_000, 2_000);
    } finally {
      proc.kill('SIGINT');
    }
    const { code } = await exited;
    assert.equal(code, 0, `the daemon stops cleanly on SIGINT:\n${log}`);
    const credit1 = (await api.call.creditApi.device(address)).unwrap().credit.toNumber();
    console.log(`daemon: credit ${credit0} -> ${credit1} over periods ${start}..${await period()}`);
    assert.ok(credit1 > credit0, 'credit rose');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    assert.ok(state.heartbeats_sent >= 2, `the state file counts the daemon's heartbeats: ${JSON.stringify(state)}`);
    assert.ok(state.last_heartbeat_period >= start + 2);
    assert.match(log, /heartbeat of period \d+ included/);
  });

  it('delegates to a validator and undelegates', async () => {
    assert.match(ok('delegate', aliceStash), /CreditDelegation\.Delegated/);
    const s = status();
    assert.equal(s.delegation.validator, aliceStash);
    const onChain = (await api.call.creditDelegationApi.delegation(address)).unwrap();
    assert.equal(onChain.validator.toString(), aliceStash);

    const twice = agent('delegate', aliceStash);
    assert.equal(twice.code, 2);
    assert.match(twice.err, /CreditDelegation::AlreadyDelegating/);

    assert.match(ok('undelegate'), /CreditDelegation\.Undelegated/);
    assert.equal(status().delegation, null);
  });
});
