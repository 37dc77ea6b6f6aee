// End to end: governance on a running `local_testnet` network (Alice, Bob and Charlie
// validating; no sudo), driven by @polkadot/api.
//
// 1. A Technical Committee motion (Bob proposes, Charlie seconds: 2 of 3) changes a credit
//    parameter, and the chain applies it.
// 2. An Ecosystem Committee spend within its budget for the period is paid; one past it is
//    refused (governance.OverBudget).
// 3. A referendum weighted by bonded MC (Alice's and Bob's stashes: two thirds of all bonded
//    MC) authorizes a runtime upgrade to the `upgrade-test` build (spec_version one higher);
//    it is applied, `state_getRuntimeVersion` shows the new version, and blocks keep being
//    produced and finalized.
// 4. A proposal of each class (general, parameter, spend, membership, upgrade, root; the
//    runtime classes it from its call) passes only at its class's thresholds: with three
//    stakers of a million MC each, a tally just under each class's turnout or approval is
//    rejected at its deadline, and the smallest tally above both is approved, confirmed and
//    enacted.
//
// The upgraded runtime is built by `cargo build --release -p metachain-runtime --features
// upgrade-test`, or beside the node's with `METACHAIN_UPGRADE_TEST_WASM=1 cargo build --release
// -p metachain-node` (scripts/test.sh does that).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  MC, SS58, committeeMotion, describeDispatchError, eventsOf, rpcCall, signAndWait as signAndWaitInBlock, startNetwork,
  stopDev, submitAndWatch, waitFor,
} from './lib/node.mjs';

// Three validators author on forks now and then: a step builds on the previous one only once
// that one is final (a motion voted on a fork that is dropped is `ProposalMissing`).
const signAndWait = (api, tx, signer) => signAndWaitInBlock(api, tx, signer, { finalized: true });

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const UPGRADE_WASM = path.join(
  TARGET, 'release/wbuild/metachain-runtime/metachain_runtime_upgrade_test.compact.compressed.wasm');

describe('governance on the local testnet (no sudo)', { timeout: 1_200_000 }, () => {
  let nodes = [];
  let api, k;

  before(async () => {
    nodes = await startNetwork('local', ['alice', 'bob', 'charlie']);
    api = await nodes[0].connect();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
    k = Object.fromEntries(
      ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Alice//stash', 'Bob//stash', 'Charlie//stash'].map((n) => [n, keyring.addFromUri(`//${n}`)]),
    );
    k.beneficiary = keyring.addFromUri('//Governance//Beneficiary');
    // The three validators are connected and finalizing.
    await waitFor('blocks to be finalized', async () =>
      (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber() >= 2, 180_000);
  });

  after(() => stopDev({ api, nodes }));

  const motion = (committee, proposer, seconder, call) =>
    committeeMotion(api, committee, proposer, seconder, call);

  it('has no sudo key and four governing bodies', async () => {
    assert.equal((await api.query.sudo.key()).isNone, true);
    for (const body of ['foundation', 'technicalCommittee', 'communityCommittee', 'ecosystemCommittee']) {
      assert.equal((await api.query[body].members()).length, 3, body);
    }
  });

  it('a Technical Committee motion changes a credit parameter', async () => {
    const before = (await api.query.credit.parameters()).uptimeCredit.toNumber();
    const call = api.tx.parameters.setParameter({ Credit: { UptimeCredit: before + 1 } });
    const result = await motion('technicalCommittee', k.Bob, k.Charlie, call);
    assert.equal(result.isOk, true, `executed: ${result.toString()}`);
    assert.equal((await api.query.credit.parameters()).uptimeCredit.toNumber(), before + 1);
  });

  it('an Ecosystem spend within its budget is paid, one past it is refused', async () => {
    const palletId = api.consts.treasury.palletId.toU8a();
    const treasury = u8aConcat(stringToU8a('modl'), palletId, new Uint8Array(32 - 4 - palletId.length));
    await signAndWait(api, api.tx.balances.transferKeepAlive(treasury, 3_000_000n * MC), k.Alice);
    const budget = 1_000_000n * MC; // EcosystemSpendCap, per 30-day spend period
    const refused = await motion('ecosystemCommittee', k.Alice, k.Eve,
      api.tx.governance.spend(budget + 1n, k.beneficiary.address));
    assert.equal(refused.isErr, true);
    assert.equal(describeDispatchError(api, refused.asErr), 'governance.OverBudget');
    const ok = await motion('ecosystemCommittee', k.Alice, k.Dave,
      api.tx.governance.spend(budget, k.beneficiary.address));
    assert.equal(ok.isOk, true, `executed: ${ok.toString()}`);
    assert.equal((await api.query.system.account(k.beneficiary.address)).data.free.toBigInt(), budget);
    assert.equal((await api.query.governance.spending('Ecosystem')).unwrap().spent.toBigInt(), budget);
  });

  it('a referendum by bonded stake upgrades the runtime; blocks go on being finalized', async () => {
    assert.ok(existsSync(UPGRADE_WASM),
      `no upgrade-test runtime at ${UPGRADE_WASM}: build it with ` +
      '`cargo build --release -p metachain-runtime --features upgrade-test` (or set ' +
      'METACHAIN_UPGRADE_TEST_WASM=1 when building the node)');
    const code = readFileSync(UPGRADE_WASM);
    const codeHash = blake2AsHex(code, 256);
    const before = await api.rpc.state.getRuntimeVersion();

    const params = await api.query.governance.parameters();
    const proposal = api.tx.system.authorizeUpgrade(codeHash).method;
    const submitted = await signAndWait(api,
      api.tx.governance.submit({ Inline: u8aToHex(proposal.toU8a()) }, params.minVotingPeriod), k['Alice//stash']);
    const [ev] = eventsOf(api, submitted.events, 'governance', 'Submitted');
    assert.equal(ev.data.class.toString(), 'Upgrade');
    const index = ev.data.index.toNumber();
    // Alice's and Bob's stashes: two of the three validators' million MC each.
    await Promise.all([
      signAndWait(api, api.tx.governance.vote(index, true), k['Alice//stash']),
      signAndWait(api, api.tx.governance.vote(index, true), k['Bob//stash']),
    ]);
    const ended = await waitFor('the referendum to pass', async () => {
      const e = await api.query.governance.endedReferenda(index);
      return e.isSome ? e.unwrap() : null;
    }, 120_000);
    assert.equal(ended.outcome.toString(), 'Approved');
    await waitFor('the upgrade to be authorized', async () => {
      const authorized = await api.query.system.authorizedUpgrade();
      return authorized.isSome && authorized.unwrap().codeHash.toHex() === codeHash;
    }, 120_000);

    // Anyone applies the authorized code (an unsigned transaction).
    const applied = await submitAndWatch(api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), { finalized: true });
    assert.equal(applied.dispatchError, undefined);
    const upgradedAt = (await api.rpc.chain.getHeader(applied.blockHash)).number.toNumber();
    await waitFor('the new runtime version', async () =>
      (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber() === before.specVersion.toNumber() + 1, 120_000);

    // Blocks keep being produced and finalized under the new runtime, on every node.
    await waitFor('finality past the upgrade', async () => {
      const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      return finalized.number.toNumber() >= upgradedAt + 3;
    }, 180_000);
    for (const node of nodes) {
      const other = await node.connect();
      try {
        assert.equal((await other.rpc.state.getRuntimeVersion()).specVersion.toNumber(), before.specVersion.toNumber() + 1);
      } finally {
        await other.disconnect();
      }
    }
  });

  it('a proposal of each class passes only at its class\'s thresholds', async () => {
    const stash = { A: k['Alice//stash'], B: k['Bob//stash'], C: k['Charlie//stash'] };
    const rules = await api.query.governance.parameters();
    const ferdie = new Keyring({ type: 'sr25519', ss58Format: SS58 }).addFromUri('//Ferdie');
    const rootKey = u8aToHex(stringToU8a(':metachain:e2e:root-class'));
    // One proposal per class, the runtime classing each from its call.
    const proposals = (round) => ({
      General: api.tx.system.remark(`class test ${round}`),
      Parameter: api.tx.parameters.setParameter({ Credit: { UptimeCredit: 40 + round } }),
      Spend: api.tx.treasury.spend(null, 1_000n * MC, k.beneficiary.address, null),
      Membership: api.tx.communityMembership.addMember(ferdie.address),
      Upgrade: api.tx.system.authorizeUpgrade(blake2AsHex(`not a runtime ${round}`, 256)),
      Root: api.tx.system.setStorage([[rootKey, u8aToHex(stringToU8a(`round ${round}`))]]),
    });
    const classes = Object.keys(proposals(0));
    const submitAll = async (round, votingPeriod) => {
      const p = proposals(round);
      const submit = (cls) => api.tx.governance.submit({ Inline: u8aToHex(p[cls].method.toU8a()) }, votingPeriod);
      // At most 3 ongoing proposals an account: Alice's stash submits three, Bob's three.
      const [a, b] = await Promise.all([
        signAndWait(api, api.tx.utility.batchAll(classes.slice(0, 3).map(submit)), stash.A),
        signAndWait(api, api.tx.utility.batchAll(classes.slice(3).map(submit)), stash.B),
      ]);
      const index = {};
      for (const ev of [...eventsOf(api, a.events, 'governance', 'Submitted'), ...eventsOf(api, b.events, 'governance', 'Submitted')]) {
        index[ev.data.class.toString()] = ev.data.index.toNumber();
      }
      assert.deepEqual(Object.keys(index).sort(), [...classes].sort(), 'each proposal is in its own class');
      // Every class was idle: each is decided at once.
      for (const cls of classes) {
        assert.equal((await api.query.governance.deciding(cls)).unwrap().toNumber(), index[cls], cls);
      }
      return index;
    };
    const votes = (index, list, aye) => api.tx.utility.batchAll(list.map((cls) => api.tx.governance.vote(index[cls], aye)));
    const outcomes = async (index) => waitFor('every referendum of the round to end', async () => {
      const ended = {};
      for (const cls of classes) {
        const e = await api.query.governance.endedReferenda(index[cls]);
        if (e.isNone) return null;
        ended[cls] = { outcome: e.unwrap().outcome.toString(), tally: e.unwrap().tally };
      }
      return ended;
    }, 300_000);
    const electorate = (await api.query.governance.electorate()).total.toBigInt();
    const share = (t) => {
      const ayes = t.ayes.toBigInt();
      const cast = ayes + t.nays.toBigInt();
      return `${(cast * 100n) / electorate}% turnout of ${electorate / MC} MC, ${cast ? (ayes * 100n) / cast : 0n}% of the votes ayes`;
    };

    // Round 1, just under each class's thresholds. Nays first, so that no class passes for a
    // moment before its nays land (it would start confirming).
    //   general (30% / 50%): 1 aye, 1 nay — 50% of the votes is not more than 50%;
    //   parameter (35%), spend (40%): 1 aye — a turnout of 33.3%;
    //   membership, upgrade (2/3), root (75%): 2 ayes, 1 nay — exactly two thirds of the votes.
    // A voting period of 20 blocks: the three steps below, each waiting for finality, land
    // well within it.
    const first = await submitAll(1, 20);
    await signAndWait(api, votes(first, ['General', 'Membership', 'Upgrade', 'Root'], false), stash.C);
    await Promise.all([
      signAndWait(api, votes(first, classes, true), stash.A),
      signAndWait(api, votes(first, ['Membership', 'Upgrade', 'Root'], true), stash.B),
    ]);
    const under = await outcomes(first);
    for (const cls of classes) {
      console.log(`  ${cls}: ${share(under[cls].tally)} -> ${under[cls].outcome}`);
      assert.equal(under[cls].outcome, 'Rejected', `${cls} under its thresholds`);
    }

    // Round 2, just over: general with 1 aye (33.3% turnout, all ayes); every other class with
    // 2 ayes (66.7% turnout, all ayes). Each confirms, is approved and enacted.
    const enacted = {};
    const unsubscribe = await api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.governance.Enacted.is(event)) enacted[event.data.index.toNumber()] = event.data.result;
      }
    });
    const spends = (await api.query.treasury.spendCount()).toNumber();
    const second = await submitAll(2, rules.minVotingPeriod);
    await Promise.all([
      signAndWait(api, votes(second, classes, true), stash.A),
      signAndWait(api, votes(second, classes.filter((c) => c !== 'General'), true), stash.B),
    ]);
    const over = await outcomes(second);
    for (const cls of classes) {
      console.log(`  ${cls}: ${share(over[cls].tally)} -> ${over[cls].outcome}`);
      assert.equal(over[cls].outcome, 'Approved', `${cls} over its thresholds`);
    }
    await waitFor('every approved proposal to be enacted', async () =>
      classes.every((cls) => enacted[second[cls]] !== undefined), 120_000);
    unsubscribe();
    for (const cls of classes) {
      assert.equal(enacted[second[cls]].isOk, true, `${cls} enacted: ${enacted[second[cls]].toString()}`);
    }
    assert.equal((await api.query.credit.parameters()).uptimeCredit.toNumber(), 42);
    assert.equal((await api.query.treasury.spendCount()).toNumber(), spends + 1);
    assert.ok((await api.query.communityMembership.members()).some((m) => m.eq(ferdie.address)));
    assert.equal(await rpcCall(nodes[0].rpcPort, 'state_getStorage', [rootKey]), u8aToHex(stringToU8a('round 2')));
  });
});
