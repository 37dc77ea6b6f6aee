// End to end: the representative system on the built `metachain-node --dev`, driven by
// @polkadot/api. Eras are 20 blocks (2 minutes); credit periods 5 blocks.
//
// Two devices register, delegate to Alice (her stash) and send their heartbeats; when an era
// ends, its device share (60% of the era reward) is split between them by credit. Bob claims on
// their behalf, and each device's MC rises by exactly the amount the rule gives, computed here
// from the era's recorded rate and the device's credit.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MC, devAccounts, eventsOf, fundDevices, signAndWait, startDev, stopDev, waitFor,
} from './lib/node.mjs';

const UNIT = 10n ** 18n; // FixedU128's one

describe('credit delegation on metachain-node --dev', { timeout: 900_000 }, () => {
  let dev, api, alice, bob, devices, aliceStash;

  before(async () => {
    dev = await startDev();
    ({ api } = dev);
    const k = devAccounts('Alice', 'Bob', 'Alice//stash', 'DelegatorA', 'DelegatorB');
    ({ Alice: alice, Bob: bob } = k);
    aliceStash = k['Alice//stash'].address;
    devices = [k.DelegatorA, k.DelegatorB];
    await fundDevices(api, alice, devices, 10_000n * MC);
  });

  after(() => stopDev(dev));

  it('devices register and delegate to Alice; a non-candidate is refused', async () => {
    for (const d of devices) {
      await signAndWait(api, api.tx.credit.registerDevice('SmartGateway'), d);
    }
    await assert.rejects(
      signAndWait(api, api.tx.creditDelegation.delegate(bob.address), devices[0]),
      /creditDelegation\.NotACandidate/,
    );
    let countsFrom = 0;
    for (const d of devices) {
      const res = await signAndWait(api, api.tx.creditDelegation.delegate(aliceStash), d);
      const [delegated] = eventsOf(api, res.events, 'creditDelegation', 'Delegated');
      assert.ok(delegated, 'Delegated');
      assert.equal(delegated.data.credit.toNumber(), 0, 'it does not count yet');
      countsFrom = Math.max(countsFrom, delegated.data.countsFrom.toNumber());
    }
    // They count from the next credit period, at their first heartbeat in it.
    const [credit0, delegators0] = await api.call.creditDelegationApi.validatorBacking(aliceStash);
    assert.equal(delegators0.toNumber(), 2);
    assert.equal(credit0.toNumber(), 0, 'no backing before the next period');
    const info = (await api.call.creditDelegationApi.delegation(devices[0].address)).unwrap();
    assert.equal(info.active.isTrue, false);
    await waitFor(`credit period ${countsFrom}`,
      async () => (await api.call.creditApi.currentPeriod()).toNumber() >= countsFrom, 120_000);
    for (const d of devices) {
      await signAndWait(api, api.tx.credit.heartbeat(), d);
    }
    const [credit, delegators, electable] = await api.call.creditDelegationApi.validatorBacking(aliceStash);
    assert.equal(delegators.toNumber(), 2);
    assert.ok(credit.toNumber() >= 120, `two devices of at least 60 credit (${credit})`);
    assert.equal(electable.isTrue, true);
    const ranking = await api.call.creditDelegationApi.candidates();
    assert.equal(ranking[0].validator.toString(), aliceStash);
    assert.equal(ranking[0].credit.toNumber(), credit.toNumber());
  });

  it('after an era, each device gets its share by credit and its MC rises by exactly that', async () => {
    // Heartbeats every period until an era pays the devices.
    const paid = new Map(devices.map((d) => [d.address, 0n]));
    let distribution = null;
    let lastPeriod = -1;
    let beforeHash = null;
    const unsub = await api.rpc.chain.subscribeNewHeads(async (header) => {
      const at = await api.at(header.hash);
      for (const { event } of await at.query.system.events()) {
        if (api.events.creditDelegation.DeviceRewardsDistributed.is(event) && !distribution) {
          distribution = { era: event.data.era.toNumber(), share: event.data.deviceShare.toBigInt(), hash: header.hash, parent: header.parentHash };
        }
        if (api.events.creditDelegation.RewardsPaid.is(event)) {
          const who = event.data.device.toString();
          if (paid.has(who)) paid.set(who, paid.get(who) + event.data.amount.toBigInt());
        }
      }
    });
    try {
      while (!distribution) {
        const period = (await api.call.creditApi.currentPeriod()).toNumber();
        if (period !== lastPeriod) {
          lastPeriod = period;
          for (const d of devices) {
            await signAndWait(api, api.tx.credit.heartbeat(), d).catch(() => {});
          }
        }
        await new Promise((r) => setTimeout(r, 2_000));
      }
      beforeHash = distribution.parent;
      // Let in-flight heartbeats land, then claim what is left on the devices' behalf.
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      await waitFor('two more blocks', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= head + 2, 60_000);
      for (const d of devices) {
        const info = (await api.call.creditDelegationApi.delegation(d.address)).unwrap();
        if (info.pendingRewards.toBigInt() > 0n) {
          const res = await signAndWait(api, api.tx.creditDelegation.claimRewards(d.address), bob);
          assert.equal(eventsOf(api, res.events, 'creditDelegation', 'RewardsPaid').length, 1);
        }
      }
      const tip = (await api.rpc.chain.getHeader()).number.toNumber();
      await waitFor('the claims are seen', async () => (await api.rpc.chain.getHeader()).number.toNumber() > tip, 60_000);
    } finally {
      unsub();
    }

    const atDistribution = await api.at(distribution.hash);
    const rate = (await atDistribution.query.creditDelegation.eraValidatorRates(distribution.era, aliceStash)).unwrap();
    const backing = rate.backing.toBigInt();
    const perCredit = rate.rewardPerCredit.toBigInt(); // FixedU128 bits
    assert.ok(distribution.share > 0n, 'the era paid devices');
    // Alice authored every block and takes no commission: her devices share it all, less the
    // two plancks kept for rounding; the rate is (share − 2) / backing, in 18 decimals.
    assert.equal(perCredit, ((distribution.share - 2n) * UNIT) / backing);
    let sum = 0n;
    for (const d of devices) {
      const delegation = await atDistribution.query.creditDelegation.delegations(d.address);
      const counted = BigInt(delegation.unwrap().counted.toNumber());
      const expected = (counted * perCredit) / UNIT;
      assert.equal(paid.get(d.address), expected, `${d.address} was paid its share`);
      const before = (await (await api.at(beforeHash)).query.system.account(d.address)).data.free.toBigInt();
      const now = (await api.query.system.account(d.address)).data.free.toBigInt();
      assert.equal(now - before, expected, 'its MC rose by exactly its share (heartbeats are free)');
      sum += counted;
    }
    assert.equal(sum, backing, 'the two devices are the whole backing');
  });
});
