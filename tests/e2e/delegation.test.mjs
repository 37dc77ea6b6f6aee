// End to end: the representative system on the built `metachain-node --dev`, driven by
// @polkadot/api. Eras are 20 blocks (2 minutes); credit periods 5 blocks.
//
// Two devices register, one bonds a second deposit on top of its own, both delegate to Alice (her
// stash) and send their heartbeats; a device weighs its bonded MC times its credit multiplier
// (1 at the development chain's level 0), so Alice's backing is the MC they bonded. When an era
// ends, its device share (60% of the era reward) is split between them by weight. Bob claims on
// their behalf, and each device's MC rises by exactly the amount the rule gives, computed here
// from the era's recorded rate and the device's weight. Then a device unbonds: its weight drops
// at once and the MC stays held until it unlocks. Last, governance slashes Alice (root's
// `staking.manualSlash`, as an equivocation report would): when the slash lands, her devices
// owe 10% of their bonded MC and pay it to the treasury at their next change (here a
// bond-extra, which pays on the old bond before adding).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MC, devAccounts, eventsOf, fundDevices, signAndWait, startDev, stopDev, waitFor,
} from './lib/node.mjs';

const UNIT = 10n ** 18n; // FixedU128's one

/// The treasury's account: its pallet id, as `PalletId::into_account_truncating` derives it.
function treasuryAccount(api) {
  const id = api.consts.treasury.palletId.toU8a();
  const raw = new Uint8Array(32);
  raw.set(new TextEncoder().encode('modl'), 0);
  raw.set(id, 4);
  return api.createType('AccountId', raw).toString();
}

describe('credit delegation on metachain-node --dev', { timeout: 900_000 }, () => {
  // EXTRA: bonded on top of the deposit by the first device (one more deposit: it weighs twice).
  let dev, api, alice, bob, devices, aliceStash, deposit, EXTRA;

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
    deposit = (await api.query.credit.parameters()).deviceDeposit.toBigInt();
    EXTRA = deposit;
    const bonded = await signAndWait(api, api.tx.credit.bondExtra(EXTRA), devices[0]);
    const [ev] = eventsOf(api, bonded.events, 'credit', 'Bonded');
    assert.equal(ev.data.bonded.toBigInt(), deposit + EXTRA);
    const devA = (await api.call.creditApi.device(devices[0].address)).unwrap();
    assert.equal(devA.deposit.toBigInt(), deposit + EXTRA);
    assert.equal(devA.weight.toBigInt(), deposit + EXTRA, 'level 0: the multiplier is 1');
    await assert.rejects(
      signAndWait(api, api.tx.creditDelegation.delegate(bob.address), devices[0]),
      /creditDelegation\.NotACandidate/,
    );
    let countsFrom = 0;
    for (const d of devices) {
      const res = await signAndWait(api, api.tx.creditDelegation.delegate(aliceStash), d);
      const [delegated] = eventsOf(api, res.events, 'creditDelegation', 'Delegated');
      assert.ok(delegated, 'Delegated');
      assert.equal(delegated.data.weight.toBigInt(), 0n, 'it does not count yet');
      countsFrom = Math.max(countsFrom, delegated.data.countsFrom.toNumber());
    }
    // They count from the next credit period, at their first heartbeat in it.
    const [backing0, delegators0] = await api.call.creditDelegationApi.validatorBacking(aliceStash);
    assert.equal(delegators0.toNumber(), 2);
    assert.equal(backing0.toBigInt(), 0n, 'no backing before the next period');
    const info = (await api.call.creditDelegationApi.delegation(devices[0].address)).unwrap();
    assert.equal(info.active.isTrue, false);
    await waitFor(`credit period ${countsFrom}`,
      async () => (await api.call.creditApi.currentPeriod()).toNumber() >= countsFrom, 120_000);
    for (const d of devices) {
      await signAndWait(api, api.tx.credit.heartbeat(), d);
    }
    const [backing, delegators, electable] = await api.call.creditDelegationApi.validatorBacking(aliceStash);
    assert.equal(delegators.toNumber(), 2);
    assert.equal(backing.toBigInt(), 2n * deposit + EXTRA, 'the MC the two devices bonded');
    assert.equal(electable.isTrue, true);
    // At level 0 the multiplier is 1: the weight is the bonded MC, all of it at risk.
    const [weight, atRisk, survival] = await api.call.creditDelegationApi.validatorAtRisk(aliceStash);
    assert.equal(weight.toBigInt(), backing.toBigInt());
    assert.equal(atRisk.toBigInt(), 2n * deposit + EXTRA, 'the bonded MC behind the backing');
    assert.equal(survival.toBigInt(), UNIT, 'never slashed');
    const ranking = await api.call.creditDelegationApi.candidates();
    assert.equal(ranking[0].validator.toString(), aliceStash);
    assert.equal(ranking[0].backing.toBigInt(), backing.toBigInt());
  });

  it('after an era, each device gets its share by weight and its MC rises by exactly that', async () => {
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
    const perWeight = rate.rewardPerWeight.toBigInt(); // FixedU128 bits
    assert.ok(distribution.share > 0n, 'the era paid devices');
    // Alice authored every block and takes no commission: her devices share it all, less the
    // two plancks kept for rounding; the rate is (share − 2) / backing, in 18 decimals.
    assert.equal(perWeight, ((distribution.share - 2n) * UNIT) / backing);
    let sum = 0n;
    for (const d of devices) {
      const delegation = await atDistribution.query.creditDelegation.delegations(d.address);
      const counted = delegation.unwrap().counted.toBigInt();
      const expected = (counted * perWeight) / UNIT;
      assert.equal(paid.get(d.address), expected, `${d.address} was paid its share`);
      const before = (await (await api.at(beforeHash)).query.system.account(d.address)).data.free.toBigInt();
      const now = (await api.query.system.account(d.address)).data.free.toBigInt();
      assert.equal(now - before, expected, 'its MC rose by exactly its share (heartbeats are free)');
      sum += counted;
    }
    assert.equal(sum, backing, 'the two devices are the whole backing');
    // The device with twice the bond earned twice as much, within a planck.
    const [a, b] = devices.map((d) => paid.get(d.address));
    assert.ok(a - 2n * b <= 2n && 2n * b - a <= 2n, `bond-weighted: ${a} vs ${b}`);
  });

  it('a device unbonds: its weight drops at once, the MC stays held until it unlocks', async () => {
    const d = devices[0];
    const res = await signAndWait(api, api.tx.credit.unbond(EXTRA), d);
    const [ev] = eventsOf(api, res.events, 'credit', 'Unbonded');
    assert.equal(ev.data.bonded.toBigInt(), deposit);
    const info = (await api.call.creditApi.device(d.address)).unwrap();
    assert.equal(info.weight.toBigInt(), deposit);
    assert.equal(info.unbonding.unwrap().amount.toBigInt(), EXTRA);
    const counted = (await api.query.creditDelegation.delegations(d.address)).unwrap().counted.toBigInt();
    assert.ok(counted === 0n || counted === deposit, `it counts its bond only (${counted})`);
    await assert.rejects(
      signAndWait(api, api.tx.credit.unbond(1n), d),
      /credit\.BelowMinimumBond/,
    );
    await assert.rejects(
      signAndWait(api, api.tx.credit.withdrawUnbonded(), d),
      /credit\.StillUnbonding/,
    );
  });

  it('governance slashes Alice 10%: her devices lose 10% of their bonded MC to the treasury', async () => {
    // An offence of two eras ago (Alice was the validator then), reported by root: staking
    // applies it at the next era's start, after its deferral.
    const activeEra = async () => (await api.query.staking.activeEra()).unwrap().index.toNumber();
    await waitFor('era 2', async () => (await activeEra()) >= 2, 300_000, 2_000);
    const era = await activeEra();
    const d = devices[1];
    const bondBefore = (await api.call.creditApi.device(d.address)).unwrap().deposit.toBigInt();
    const report = await signAndWait(
      api, api.tx.sudo.sudo(api.tx.staking.manualSlash(aliceStash, era - 2, 100_000_000)), alice,
    );
    assert.equal(eventsOf(api, report.events, 'staking', 'SlashReported').length, 1);
    let slashed = null;
    const unsub = await api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.creditDelegation.ValidatorSlashed.is(event)) slashed = event;
      }
    });
    try {
      await waitFor('the slash to land', async () => slashed !== null, 240_000);
    } finally {
      unsub();
    }
    assert.equal(slashed.data.validator.toString(), aliceStash);
    assert.equal(slashed.data.fraction.toNumber(), 100_000_000);
    const info = (await api.call.creditDelegationApi.delegation(d.address)).unwrap();
    assert.equal(info.pendingSlash.toNumber(), 100_000_000, 'the wallet sees what is owed');
    const [, , survival] = await api.call.creditDelegationApi.validatorAtRisk(aliceStash);
    assert.equal(survival.toBigInt(), UNIT * 9n / 10n, 'Alice keeps 90% of what backs her');
    // The device pays at its next change, before it: bonding 1 MC more settles the slash on
    // the bond it was incurred on, then adds the MC.
    const res = await signAndWait(api, api.tx.credit.bondExtra(MC), d);
    const [ev] = eventsOf(api, res.events, 'credit', 'DeviceSlashed');
    assert.ok(ev, 'DeviceSlashed');
    assert.equal(ev.data.amount.toBigInt(), (bondBefore + 9n) / 10n, '10% of its bond, rounded up');
    const after = (await api.call.creditApi.device(d.address)).unwrap();
    assert.equal(after.deposit.toBigInt(), bondBefore - ev.data.amount.toBigInt() + MC);
    assert.equal((await api.call.creditDelegationApi.delegation(d.address)).unwrap().pendingSlash.toNumber(), 0,
      'nothing owed any more');
    const [moved] = eventsOf(api, res.events, 'balances', 'TransferOnHold');
    assert.ok(moved, 'moved on hold');
    assert.equal(moved.data.amount.toBigInt(), ev.data.amount.toBigInt());
    assert.equal(moved.data.dest.toString(), treasuryAccount(api));
  });
});
