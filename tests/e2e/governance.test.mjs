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
//
// The upgraded runtime is built by `cargo build --release -p metachain-runtime --features
// upgrade-test` (scripts/test.sh does it).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import {
  MC, SS58, committeeMotion, describeDispatchError, eventsOf, signAndWait as signAndWaitInBlock, startNetwork, stopDev,
  submitAndWatch, waitFor,
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
      ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Alice//stash', 'Bob//stash'].map((n) => [n, keyring.addFromUri(`//${n}`)]),
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
      '`cargo build --release -p metachain-runtime --features upgrade-test`');
    const code = readFileSync(UPGRADE_WASM);
    const codeHash = blake2AsHex(code, 256);
    const before = await api.rpc.state.getRuntimeVersion();

    const params = await api.query.governance.parameters();
    const proposal = api.tx.system.authorizeUpgrade(codeHash).method;
    const submitted = await signAndWait(api,
      api.tx.governance.submit({ Inline: u8aToHex(proposal.toU8a()) }, params.minVotingPeriod), k['Alice//stash']);
    const [ev] = eventsOf(api, submitted.events, 'governance', 'Submitted');
    assert.equal(ev.data.lane.toString(), 'Upgrade');
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
    await waitFor('the upgrade to be authorized', async () =>
      (await api.query.system.authorizedUpgrade()).isSome, 120_000);

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
});
