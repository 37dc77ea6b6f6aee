// End to end: MUSD on the built `metachain-node --dev`, driven by @polkadot/api.
//
// Alice and Bob (genesis feeders) post MC/USD prices; Eve mints MUSD by burning MC (total
// issuance falls by exactly the MC burnt), buys DVPN traffic; a device redeems two successive
// receipts Eve signed (tests/e2e/lib/receipt.mjs), a replayed receipt is rejected; the
// settlement day (10 blocks on --dev) ends and the device is paid the day's budget: at most
// WorkRewardRatio (90%) of the MC Eve burnt for the work, less what its work credit used, not the
// whole DailyWorkloadReward (issue 16, rule 3).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MC, devAccounts, eventsOf, fundDevices, signAndWait, startDev, stopDev, waitFor,
} from './lib/node.mjs';
import { signReceipt } from './lib/receipt.mjs';

const MUSD = 1_000_000n;
const UNIT = 10n ** 18n; // FixedU128's one
const DVPN = 1; // genesis service: DVPN traffic, served by DVPN clients

describe('MUSD on metachain-node --dev', { timeout: 900_000 }, () => {
  let dev, api, alice, bob, eve, device;

  before(async () => {
    dev = await startDev();
    ({ api } = dev);
    ({ Alice: alice, Bob: bob, Eve: eve, MusdProvider: device } =
      devAccounts('Alice', 'Bob', 'Eve', 'MusdProvider'));
    await fundDevices(api, alice, [device], 10_000n * MC);
    await signAndWait(api, api.tx.credit.registerDevice('DvpnClient'), device);
  });

  after(() => stopDev(dev));

  it('without fresh prices nothing is minted', async () => {
    assert.equal((await api.call.musdApi.price()).isNone, true);
    await assert.rejects(signAndWait(api, api.tx.musd.mintMusd(10n * MC, 0), eve), /musd\.NoPrice/);
  });

  it('feeders post prices; the price in force is their median', async () => {
    await signAndWait(api, api.tx.priceOracle.submitPrice(50n * UNIT / 1000n), alice);
    await signAndWait(api, api.tx.priceOracle.submitPrice(60n * UNIT / 1000n), bob);
    const price = (await api.call.musdApi.price()).unwrap();
    assert.equal(price.price.toBigInt(), 55n * UNIT / 1000n, 'mean of the two middle prices');
    assert.equal(price.freshFeeders.toNumber(), 2);
    assert.equal((await api.call.musdApi.quoteMint(1_000n * MC)).unwrap().toBigInt(), 55n * MUSD);
  });

  it('minting burns MC: total issuance falls by exactly the MC burnt', async () => {
    const res = await signAndWait(api, api.tx.musd.mintMusd(1_000n * MC, 55n * MUSD), eve);
    const [minted] = eventsOf(api, res.events, 'musd', 'Minted');
    assert.equal(minted.data.musd.toBigInt(), 55n * MUSD);
    const header = await api.rpc.chain.getHeader(res.blockHash);
    const before = await (await api.at(header.parentHash)).query.balances.totalIssuance();
    const afterIssuance = await (await api.at(res.blockHash)).query.balances.totalIssuance();
    assert.equal(before.toBigInt() - afterIssuance.toBigInt(), 1_000n * MC);
    assert.equal((await api.call.musdApi.balance(eve.address)).toBigInt(), 55n * MUSD);
    // MUSD cannot be sent anywhere: the pallet has no transfer call.
    assert.equal(Object.keys(api.tx.musd).some((c) => /transfer/i.test(c)), false);
  });

  it('a device redeems two successive receipts; a replayed receipt is rejected', async () => {
    const res = await signAndWait(api, api.tx.musd.buyService(DVPN, 10n * MUSD), eve);
    const [opened] = eventsOf(api, res.events, 'musd', 'OrderOpened');
    const order = opened.data.order.toNumber();
    assert.equal((await api.call.musdApi.balance(eve.address)).toBigInt(), 45n * MUSD);

    const redeemCall = (cumulative) => {
      const receipt = { order, provider: device.address, cumulative };
      const signature = signReceipt(eve, api.genesisHash, receipt);
      return api.tx.musd.redeemReceipt(receipt, { Sr25519: signature });
    };
    const redeem = (cumulative) => signAndWait(api, redeemCall(cumulative), device);
    // Both receipts in one block, one after the other: a settlement day is only 10 blocks on
    // --dev, and two separate transactions could fall on two days (the next test expects the
    // device's work of a single day).
    const both = await signAndWait(api, api.tx.utility.batchAll([redeemCall(2n * MUSD), redeemCall(5n * MUSD)]), device);
    const redeemedEvents = eventsOf(api, both.events, 'musd', 'ReceiptRedeemed');
    const redeemed = redeemedEvents.map((e) => e.data.value.toBigInt());
    assert.deepEqual(redeemed, [2n * MUSD, 3n * MUSD], 'the second receipt pays only what it adds');
    // The order carried 10/55 of the 1,000 MC Eve burnt; the 5 MUSD redeemed carry half of
    // that (rounded down at each step) to the workload pallet; Eve keeps the cost of her 45.
    const cost = redeemedEvents.reduce((sum, e) => sum + e.data.cost.toBigInt(), 0n);
    assert.equal(cost, 90_909_090_909_090n);
    assert.equal((await api.call.musdApi.costBasis(eve.address)).toBigInt(), 1_000n * MC - 181_818_181_818_181n);
    // One credit point per MUSD, each paid for with CreditPrice (50 MC) of the cost: one point.
    const [recorded] = eventsOf(api, both.events, 'workload', 'WorkRecorded').slice(-1);
    assert.equal(recorded.data.credit.toNumber(), 1);
    assert.equal(recorded.data.creditCost.toBigInt(), 50n * MC);
    await assert.rejects(redeem(5n * MUSD), /musd\.StaleReceipt/);
    await assert.rejects(redeem(4n * MUSD), /musd\.StaleReceipt/);

    const state = (await api.call.musdApi.order(order)).unwrap();
    assert.equal(state.consumed.toBigInt(), 5n * MUSD);
    const days = await api.call.workloadApi.providerDays(device.address);
    assert.equal(days.length, 1);
    assert.equal(days[0].certificates.toBigInt(), 5n * MUSD);
  });

  it('the day settles and pays at most WorkRewardRatio of what the work cost', async () => {
    const params = await api.call.workloadApi.parameters();
    const ratio = params.workRewardRatio.toBigInt(); // Perbill parts
    assert.equal(ratio, 900_000_000n);
    const [day] = await waitFor('the work day to settle', async () => {
      const days = await api.call.workloadApi.providerDays(device.address);
      return days.length && days[0].state.isSettled ? days : null;
    }, 120_000, 2_000);
    // The device did all of the day's work: the day's cost is what its credit left (90.9 MC −
    // 50 MC), the budget 90% of that, far below DailyWorkloadReward; the device gets all of it.
    assert.equal(day.dayCertificates.toBigInt(), 5n * MUSD);
    assert.equal(day.dayCost.toBigInt(), 90_909_090_909_090n - 50n * MC);
    const budget = day.dayCost.toBigInt() * ratio / 1_000_000_000n;
    assert.equal(day.budget.toBigInt(), budget);
    assert.ok(budget < params.dailyWorkloadReward.toBigInt());
    assert.equal(day.pending.toBigInt(), budget);
    // Bob claims for the device (so the device pays no fee): its MC rises by exactly the reward.
    const res = await signAndWait(api, api.tx.workload.claim(device.address, [day.day]), bob);
    const [claimed] = eventsOf(api, res.events, 'workload', 'RewardClaimed');
    assert.equal(claimed.data.reward.toBigInt(), budget);
    const header = await api.rpc.chain.getHeader(res.blockHash);
    const free = async (hash) => (await (await api.at(hash)).query.system.account(device.address)).data.free.toBigInt();
    const before = await free(header.parentHash);
    const afterFree = await free(res.blockHash);
    assert.equal(afterFree - before, budget);
    await assert.rejects(
      signAndWait(api, api.tx.workload.claim(device.address, [day.day]), bob),
      /workload\.NoWorkload/,
    );
  });
});
