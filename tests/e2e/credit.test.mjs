// End to end: devices, invitations and credit on the built `metachain-node --dev`, driven by
// @polkadot/api. The development chain's credit period is 5 blocks (30 s), one missed period
// is free, then credit decays by 2 per period.
//
// The chain (sudo) invites A, A registers, A invites B, B registers, and A's inviter bonus vests
// two periods later (`vestInviteBonus`, refused before); heartbeats over a few
// periods raise A's credit, free of fees; a second heartbeat in a period is refused with its
// named error; B, silent, decays; B buys its credit back, burning MC.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MC, devAccounts, eventsOf, fundDevices, poolErrorName, signAndWait, startDev, stopDev, waitFor,
} from './lib/node.mjs';


describe('credit on metachain-node --dev', { timeout: 900_000 }, () => {
  let dev, api, alice, a, b;

  const period = async () => (await api.call.creditApi.currentPeriod()).toNumber();
  const deviceOf = async (who, at) => {
    const src = at ? await api.at(at) : api;
    return (await src.call.creditApi.device(who)).unwrap();
  };
  const free = async (who, at) => ((await (await api.at(at)).query.system.account(who)).data.free.toBigInt());
  const waitForPeriod = (p) => waitFor(`credit period ${p}`, async () => (await period()) >= p, 120_000);

  before(async () => {
    dev = await startDev();
    ({ api } = dev);
    ({ Alice: alice, DeviceA: a, DeviceB: b } = devAccounts('Alice', 'DeviceA', 'DeviceB'));
    await fundDevices(api, alice, [a, b], 10_000n * MC, { invite: false });
  });

  after(() => stopDev(dev));

  it('the chain invites A, A registers, A invites B, B registers', async () => {
    const invited = await signAndWait(api, api.tx.sudo.sudo(api.tx.credit.forceInvite(a.address)), alice);
    assert.equal(eventsOf(api, invited.events, 'credit', 'Invited').length, 1);

    const regA = await signAndWait(api, api.tx.credit.registerDevice('DvpnClient'), a);
    const [registeredA] = eventsOf(api, regA.events, 'credit', 'DeviceRegistered');
    assert.equal(registeredA.data.inviter.isNone, true, 'invited by the chain');

    await signAndWait(api, api.tx.credit.invite(b.address), a);
    const regB = await signAndWait(api, api.tx.credit.registerDevice('SmartGateway'), b);
    // The inviter's bonus vests over InviteVestingPeriods (2 on --dev), not at once.
    const [vesting] = eventsOf(api, regB.events, 'credit', 'InviterBonusVesting');
    assert.equal(vesting.data.inviter.toString(), a.address);
    assert.equal(eventsOf(api, regB.events, 'credit', 'InviterBonusAwarded').length, 0);

    const params = await api.call.creditApi.parameters();
    const initial = params.initialCredit.toNumber();
    const devB = await deviceOf(b.address);
    assert.equal(devB.kind.toString(), 'SmartGateway');
    assert.equal(devB.inviter.unwrap().toString(), a.address, 'the inviter is recorded');
    assert.equal(devB.credit.toNumber(), initial);
    assert.equal(devB.deposit.toBigInt(), params.deviceDeposit.toBigInt());
    assert.equal(devB.inviteBonusVestsIn.unwrap().toNumber(), vesting.data.vestsIn.toNumber());
    await assert.rejects(
      signAndWait(api, api.tx.credit.vestInviteBonus(b.address), alice),
      /credit\.BonusNotVested/,
    );
    await waitForPeriod(vesting.data.vestsIn.toNumber());
    const creditA = (await deviceOf(a.address)).credit.toNumber();
    const vested = await signAndWait(api, api.tx.credit.vestInviteBonus(b.address), alice);
    const [bonus] = eventsOf(api, vested.events, 'credit', 'InviterBonusAwarded');
    assert.equal(bonus.data.inviter.toString(), a.address);
    assert.equal(bonus.data.bonus.toNumber(), params.inviterBonus.toNumber());
    assert.ok((await deviceOf(a.address)).credit.toNumber() >= creditA + params.inviterBonus.toNumber() - params.decayPerPeriod.toNumber());
    // The deposit is held (reserved), not spent.
    const accountB = await api.query.system.account(b.address);
    assert.equal(accountB.data.reserved.toBigInt(), params.deviceDeposit.toBigInt());
  });

  it('a heartbeat is free and a second one in the same period is refused with its named error', async () => {
    // Start at the beginning of a period so both submissions fall in it.
    await waitForPeriod((await period()) + 1);
    const before = (await deviceOf(a.address)).credit.toNumber();
    const { blockHash, events } = await signAndWait(api, api.tx.credit.heartbeat(), a);
    const header = await api.rpc.chain.getHeader(blockHash);
    assert.equal(await free(a.address, blockHash), await free(a.address, header.parentHash), 'no fee was taken');
    assert.equal(eventsOf(api, events, 'transactionPayment', 'TransactionFeePaid').length, 0);
    assert.equal(eventsOf(api, events, 'skipFeelessPayment', 'FeeSkipped').length, 1);
    const [hb] = eventsOf(api, events, 'credit', 'Heartbeat');
    assert.equal(hb.data.credit.toNumber(), before + 1);

    const again = api.tx.credit.heartbeat();
    await again.signAsync(a);
    const refusal = await api.rpc.author.submitExtrinsic(again).then(() => null, (e) => e.message);
    assert.ok(refusal, 'the second heartbeat is refused by the pool');
    assert.equal(poolErrorName(api, 'Credit', refusal), 'credit.HeartbeatAlreadySent', refusal);
  });

  it('heartbeats over a few periods raise credit', async () => {
    const start = (await deviceOf(a.address)).credit.toNumber();
    for (let i = 1; i <= 2; i++) {
      await waitForPeriod((await period()) + 1);
      await signAndWait(api, api.tx.credit.heartbeat(), a);
      assert.equal((await deviceOf(a.address)).credit.toNumber(), start + i);
    }
  });

  it('a device that stops reporting decays', async () => {
    const params = await api.call.creditApi.parameters();
    const devB = await deviceOf(b.address);
    const registered = devB.registeredPeriod.toNumber();
    // Grace: one missed period is free; the next costs `decayPerPeriod` once it is over.
    const firstLoss = registered + 1 + params.decayGracePeriods.toNumber() + 1;
    await waitForPeriod(firstLoss);
    const p = await period();
    const lost = (p - firstLoss + 1) * params.decayPerPeriod.toNumber();
    const now = await deviceOf(b.address);
    assert.equal(now.credit.toNumber(), Math.max(0, params.initialCredit.toNumber() - lost));
    assert.ok(now.credit.toNumber() < devB.highest.toNumber());
    // A, who kept reporting, did not decay.
    assert.ok((await deviceOf(a.address)).credit.toNumber() > params.initialCredit.toNumber());
  });

  it('replenishment burns MC and restores credit up to the highest', async () => {
    const params = await api.call.creditApi.parameters();
    const price = params.creditPrice.toBigInt();
    const points = (await deviceOf(b.address)).maxReplenishable.toNumber();
    assert.ok(points > 0);
    const pool = api.registry.createType('AccountId', new Uint8Array([
      ...new TextEncoder().encode('modlmc/incnt'), ...new Uint8Array(20),
    ])).toString();

    const { blockHash, events } = await signAndWait(api, api.tx.credit.replenishCredit(points), b);
    const [ev] = eventsOf(api, events, 'credit', 'CreditReplenished');
    const cost = ev.data.cost.toBigInt();
    const burnt = ev.data.burnt.toBigInt();
    const toPool = ev.data.toPool.toBigInt();
    assert.equal(cost, BigInt(points) * price);
    assert.equal(toPool, cost / 5n, '20% to the incentive pool');
    assert.equal(burnt, cost - toPool, 'the rest burnt');

    const header = await api.rpc.chain.getHeader(blockHash);
    const at = await api.at(blockHash);
    const atParent = await api.at(header.parentHash);
    const issuance = (await at.query.balances.totalIssuance()).toBigInt();
    const issuanceBefore = (await atParent.query.balances.totalIssuance()).toBigInt();
    assert.equal(issuanceBefore - issuance, burnt, 'total issuance fell by the burnt MC');
    // The pool also moves at an era change (reward out, expired rewards back): count those.
    let poolMoves = toPool;
    for (const { event } of await at.query.system.events()) {
      if (api.events.incentivePool.EraRewardReserved.is(event)) poolMoves -= event.data.amount.toBigInt();
      if (api.events.incentivePool.UnclaimedRewardsReturned.is(event)) poolMoves += event.data.amount.toBigInt();
    }
    assert.equal(await free(pool, blockHash) - await free(pool, header.parentHash), poolMoves);
    const dev = await deviceOf(b.address, blockHash);
    assert.equal(dev.credit.toNumber(), dev.highest.toNumber(), 'back to its highest credit');
    assert.equal(dev.credit.toNumber(), ev.data.credit.toNumber());
  });
});
