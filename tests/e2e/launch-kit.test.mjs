// End to end: the launch kit. Throwaway operator keys from `metachain-node key generate`
// (three validators' stashes and BABE/GRANDPA keys, the genesis holders, three body members
// who also feed prices), an operators file, `scripts/launch-kit.sh` writing the plain and raw
// testnet specification; three validators started from it with their own keys in their
// keystores. A Technical Committee motion and a referendum, signed with those keys, pass.
//
// Refusals: `--chain testnet` (no built-in live network), a file naming a development key (the
// kit names the field), and a live specification edited to hold one (the node will not start).

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import {
  MC, NODE_BIN, Node, SS58, committeeMotion, eventsOf, randomNodeKey, rpcCall, signAndWait, stopDev, waitFor,
} from './lib/node.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KIT = path.join(ROOT, 'scripts/launch-kit.sh');
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/// A fresh key pair from the node's own key generator: `{ secretPhrase, ss58Address, ... }`.
function generate(scheme = 'sr25519') {
  return JSON.parse(execFileSync(NODE_BIN, ['key', 'generate', '--scheme', scheme, '--output-type', 'json']));
}

/// Run the launch kit; resolves with its exit status and output.
function launchKit(operatorsPath, outDir) {
  return spawnSync(KIT, [operatorsPath, outDir], { encoding: 'utf8', env: { ...process.env, METACHAIN_NODE: NODE_BIN } });
}

describe('launch kit: a testnet on its operators\' keys', { timeout: 900_000 }, () => {
  let dir, raw, plain;
  const nodes = [];
  let api;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const validators = [0, 1, 2].map(() => ({ stash: generate(), babe: generate(), grandpa: generate('ed25519') }));
  const holders = ['foundation', 'promotionPool', 'marketOperations', 'ido', 'privateSaleRest']
    .map((share) => [share, generate()]);
  const members = [0, 1, 2].map(() => generate());
  const address = (k) => k.ss58Address;
  const signer = (k) => keyring.addFromUri(k.secretPhrase);

  const operators = () => ({
    name: 'MetaChain Kit Test',
    id: 'metachain_kit_test',
    validators: validators.map((v) => ({ stash: address(v.stash), babe: address(v.babe), grandpa: address(v.grandpa) })),
    allocations: {
      ...Object.fromEntries(holders.map(([share, k]) => [share, address(k)])),
      // The members pay their fees out of a private sale purchase.
      privateSale: members.map((m) => ({ account: address(m), mc: 10_000 })),
    },
    bodies: {
      foundation: members.map(address),
      technical: members.map(address),
      community: members.map(address),
      ecosystem: members.map(address),
    },
    feeders: members.map(address),
    // A short-lived test network: the testnet's turnouts and approvals, minute-long periods.
    governance: {
      submissionDeposit: 100e12,
      minVotingPeriod: 10,
      maxVotingPeriod: 100_800,
      jointUpgradeDelay: 20,
      ...Object.fromEntries([
        ['general', 300, 500, 2, 2], ['parameter', 350, 600, 2, 2], ['spend', 400, 600, 3, 2],
        ['membership', 450, 666.666667, 4, 3], ['upgrade', 500, 666.666667, 4, 3], ['root', 600, 750, 5, 3],
      ].map(([cls, turnout, approval, confirmation, enactmentDelay]) => [cls, {
        turnout: turnout * 1e6, approval: Math.round(approval * 1e6), confirmation, enactmentDelay,
      }])),
    },
  });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-kit-'));
    await writeFile(path.join(dir, 'operators.json'), JSON.stringify(operators(), null, 2));
    const kit = launchKit(path.join(dir, 'operators.json'), path.join(dir, 'spec'));
    assert.equal(kit.status, 0, `launch kit failed:\n${kit.stdout}\n${kit.stderr}`);
    plain = path.join(dir, 'spec/testnet.json');
    raw = path.join(dir, 'spec/testnet-raw.json');

    // Each validator keeps its session keys in its own keystore, then starts from the raw spec.
    let bootnode = null;
    for (const [i, v] of validators.entries()) {
      const basePath = path.join(dir, `validator-${i}`);
      for (const [type, scheme, key] of [['babe', 'sr25519', v.babe], ['gran', 'ed25519', v.grandpa]]) {
        execFileSync(NODE_BIN, ['key', 'insert', '--base-path', basePath, '--chain', raw,
          '--key-type', type, '--scheme', scheme, '--suri', key.secretPhrase], { stdio: 'ignore' });
      }
      const args = ['--chain', raw, '--validator', '--node-key', randomNodeKey(), '--allow-private-ip'];
      if (bootnode) args.push('--bootnodes', bootnode);
      const node = await Node.create({ args, basePath });
      await node.start();
      nodes.push(node);
      if (!bootnode) bootnode = `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${await rpcCall(node.rpcPort, 'system_localPeerId')}`;
    }
    api = await nodes[0].connect();
    // GRANDPA needs all three of three: finality shows every validator runs on its own keys.
    await waitFor('blocks to be finalized by the three validators', async () =>
      (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber() >= 3, 240_000);
  });

  after(async () => {
    await stopDev({ api, nodes });
    if (dir && !process.env.KEEP_E2E_DATA) await rm(dir, { recursive: true, force: true });
  });

  it('the spec is live, names the operators\' keys, and has no sudo', async () => {
    const spec = JSON.parse(await readFile(plain, 'utf8'));
    assert.equal(spec.chainType, 'Live');
    assert.equal(spec.id, 'metachain_kit_test');
    assert.equal((await api.query.sudo.key()).isNone, true);
    const ours = (list) => list.map((a) => keyring.encodeAddress(a, SS58)).sort();
    assert.deepEqual(ours((await api.query.session.validators()).map(String)),
      ours(validators.map((v) => address(v.stash))));
    assert.deepEqual(ours((await api.query.technicalCommittee.members()).map(String)), ours(members.map(address)));
    assert.deepEqual(ours((await api.query.priceOracle.feeders()).map((f) => f.account.toString())), ours(members.map(address)));
  });

  it('a Technical Committee motion signed with the members\' keys changes a parameter', async () => {
    const before = (await api.query.credit.parameters()).uptimeCredit.toNumber();
    const call = api.tx.parameters.setParameter({ Credit: { UptimeCredit: before + 1 } });
    const result = await committeeMotion(api, 'technicalCommittee', signer(members[0]), signer(members[1]), call);
    assert.equal(result.isOk, true, `executed: ${result.toString()}`);
    assert.equal((await api.query.credit.parameters()).uptimeCredit.toNumber(), before + 1);
  });

  it('a referendum voted by two of the three validators\' stashes is approved', async () => {
    const final = (tx, who) => signAndWait(api, tx, who, { finalized: true });
    const [s0, s1, s2] = validators.map((v) => signer(v.stash));
    // The stash keeps 1,000 MC free; the testnet's deposit is 1,000 MC: a member tops it up.
    await final(api.tx.balances.transferKeepAlive(s0.address, 2_000n * MC), signer(members[2]));
    const params = await api.query.governance.parameters();
    assert.equal(params.minVotingPeriod.toNumber(), 10, 'the operators\' rules are in force');
    const proposal = api.tx.system.remarkWithEvent('launched on its operators\' keys').method;
    const submitted = await final(
      api.tx.governance.submit({ Inline: u8aToHex(proposal.toU8a()) }, params.minVotingPeriod), s0);
    const [ev] = eventsOf(api, submitted.events, 'governance', 'Submitted');
    const index = ev.data.index.toNumber();
    await Promise.all([final(api.tx.governance.vote(index, true), s1), final(api.tx.governance.vote(index, true), s2)]);
    const ended = await waitFor('the referendum to end', async () => {
      const e = await api.query.governance.endedReferenda(index);
      return e.isSome ? e.unwrap() : null;
    }, 120_000);
    assert.equal(ended.outcome.toString(), 'Approved');
  });

  it('refuses a development key in the file, naming the field, and --chain testnet', async () => {
    const file = operators();
    file.bodies.technical[1] = ALICE;
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify(file));
    const kit = launchKit(path.join(dir, 'bad.json'), path.join(dir, 'bad-spec'));
    assert.notEqual(kit.status, 0);
    assert.match(kit.stderr, /bodies\.technical\[1\]: .* well-known development key Alice/);

    const testnet = spawnSync(NODE_BIN, ['build-spec', '--chain', 'testnet'], { encoding: 'utf8' });
    assert.notEqual(testnet.status, 0);
    assert.match(testnet.stderr, /launch kit/);
  });

  it('will not start a live spec edited to hold a development key', async () => {
    // Edited as text: JSON.parse would round the u128 balances. The first member (a body
    // member and a feeder) becomes Alice.
    const text = await readFile(plain, 'utf8');
    assert.ok(text.includes(address(members[0])));
    const edited = path.join(dir, 'edited.json');
    await writeFile(edited, text.replaceAll(address(members[0]), ALICE));
    const run = spawnSync(NODE_BIN, ['--chain', edited, '--tmp', '--no-telemetry'],
      { encoding: 'utf8', timeout: 120_000 });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /well-known development key Alice/);
  });
});
