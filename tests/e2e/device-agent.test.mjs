// End to end: the device agent (`metachain-device`, subxt) against the built
// `metachain-node --dev`. A new key is generated; the chain (sudo) invites it; the agent
// registers it (a second registration is refused by name), reports the same device as the
// runtime API, sends a heartbeat (a second in the same period is not sent), runs as a daemon
// across credit periods (its credit rises, its state file counts the heartbeats, SIGINT stops
// it cleanly), delegates to Alice's stash and undelegates; a buyer signs a MUSD receipt with
// the agent and the device redeems it (a replay is refused by name).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MC, devAccounts, eventsOf, signAndWait, startDev, stopDev, waitFor } from './lib/node.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const AGENT_BIN = path.join(TARGET, 'release/metachain-device');

describe('the device agent against metachain-node --dev', { timeout: 600_000 }, () => {
  let dev, api, alice, aliceStash, dir, address;

  const agentWith = (keyFile, ...args) => {
    const r = spawnSync(AGENT_BIN, ['--url', dev.node.wsUrl, '--key', path.join(dir, keyFile), ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const okWith = (keyFile, ...args) => {
    const r = agentWith(keyFile, ...args);
    assert.equal(r.code, 0, `metachain-device ${args.join(' ')}: ${r.err}${r.out}`);
    return r.out;
  };
  const agent = (...args) => agentWith('key.json', ...args);
  const ok = (...args) => okWith('key.json', ...args);
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

  it('a buyer signs a MUSD receipt with the agent; the device redeems it once', async () => {
    const { Bob: bob, Eve: eve } = devAccounts('Bob', 'Eve');
    const UNIT = 10n ** 18n; // FixedU128's one
    const MUSD = 1_000_000n;
    // Prices from the development feeders, MUSD minted by Eve, an order of the DVPN service (1).
    await signAndWait(api, api.tx.priceOracle.submitPrice(50n * UNIT / 1000n), alice);
    await signAndWait(api, api.tx.priceOracle.submitPrice(60n * UNIT / 1000n), bob);
    await signAndWait(api, api.tx.musd.mintMusd(1_000n * MC, 0), eve);
    const bought = await signAndWait(api, api.tx.musd.buyService(1, 10n * MUSD), eve);
    const order = eventsOf(api, bought.events, 'musd', 'OrderOpened')[0].data.order.toNumber();

    // Eve's agent signs (offline, given the genesis hash); the device's agent redeems.
    okWith('eve.json', 'key', 'import', '//Eve');
    const signed = JSON.parse(okWith('eve.json', 'receipt', 'sign', '--order', String(order), '--provider', address,
      '--cumulative', String(2n * MUSD), '--genesis', api.genesisHash.toHex()));
    assert.equal(signed.receipt.provider, address);
    const file = path.join(dir, 'receipt.json');
    await writeFile(file, JSON.stringify(signed));
    assert.match(ok('receipt', 'redeem', file), /Musd\.ReceiptRedeemed/);
    assert.equal((await api.call.musdApi.order(order)).unwrap().consumed.toBigInt(), 2n * MUSD);

    const replay = agent('receipt', 'redeem', file);
    assert.equal(replay.code, 2);
    assert.match(replay.err, /Musd::StaleReceipt/);
    // Someone else's receipt is refused before anything is sent.
    const notMine = agentWith('eve.json', 'receipt', 'redeem', file);
    assert.equal(notMine.code, 2);
    assert.match(notMine.err, /Musd::NotProvider/);
  });
});
