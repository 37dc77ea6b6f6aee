// End to end: the group key of TracChain anchoring made by three real relayers over the chain.
// A development node; governance (sudo) lists Dave, Eve and Ferdie as relayers with threshold 1;
// each bonds with the relayer's `bond` command and runs `metachain-anchor-relayer run` (no
// target: heartbeats and key generation only). Once all three are eligible, governance raises
// the threshold to 2, a key-generation session starts among them, and the relayers run FROST's
// three rounds through `anchoring.dkgPost` / `dkgConfirm`, their round-2 packages sealed to each
// other's X25519 keys, until the group key locks in. Each relayer's share is saved sealed
// (mode 600), and a key holder's attempt to unbond while it serves is refused. Then the group
// signs: a TracChainAnchorV2 contract is deployed on anvil with the group key, governance sets it
// as the Ethereum target's contract from the next checkpoint, and the relayers run FROST's two
// signing rounds over the chain (`anchoring.signCommit` / `signShare`), whose shares the chain
// checks and aggregates; the signature it records writes the checkpoint's root on Ethereum when
// a stranger submits it, in order, and nothing else verifies there. Restarted with Ethereum, the
// relayers post each signed root themselves (one transaction per root). Last, the group anchors
// on Bitcoin: an in-process regtest node (not Bitcoin Core) funds the group's Taproot address
// (`group-address`), governance sets that coin (`anchoring.setBtcCoin`), and the relayers, with
// no Bitcoin key of their own, sign the transaction the chain builds from the coin, broadcast it
// and attest it; the verifier checks it is spent by key path from the group key. Last, the
// attack: Ferdie restarted with the hidden `--malicious-share` signs another message; the chain
// reports and slashes it, the others sign on, and no wrong root is written anywhere.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MC, devAccounts, signAndWait, startDev, stopDev, waitFor } from './lib/node.mjs';
import { view } from './lib/view.mjs';
import { schnorr } from '@noble/curves/secp256k1';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { ANVIL_ACCOUNTS, Anvil, bytes32Word, compileContract, selector, word } from './lib/eth.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
const RELAYER_BIN = path.join(TARGET, 'release/metachain-anchor-relayer');
const NAMES = ['Dave', 'Eve', 'Ferdie'];

describe('the group key made by three relayers over the chain', { timeout: 900_000 }, () => {
  let node, api, dir;
  const anvil = new Anvil();
  const eth = {};
  const target = { Ethereum: { chain_id: 31337 } };
  const relayers = {};
  const btc = {};
  const accounts = devAccounts('Alice', ...NAMES);

  const cli = (args) => spawnSync(RELAYER_BIN, args, { encoding: 'utf8', timeout: 60_000 });
  /// Starts `name`'s relayer: heartbeats, key generation and signing; with `eth` (anvil's URL,
  /// the contract and the relayer's Ethereum key) also posting and attesting on Ethereum.
  /// With `btc` (the regtest node's URL), also anchoring on Bitcoin regtest; with `extra`, more
  /// flags (the hidden `--malicious-share` of the attack below).
  function startRelayer(name, eth, btc, extra = []) {
    const r = relayers[name];
    const out = createWriteStream(r.log, { flags: 'a' });
    const ethArgs = eth ? ['--eth-rpc', eth.url, '--eth-contract', eth.contract, '--eth-confirmations', '2'] : [];
    const btcArgs = btc ? ['--btc-rpc', btc.url, '--btc-network', 'regtest', '--btc-confirmations', '2'] : [];
    r.proc = spawn(RELAYER_BIN, [
      'run', '--node', `http://127.0.0.1:${node.rpcPort}`, '--key-file', r.keyFile,
      '--state', path.join(dir, `${name}-state.json`), '--share-dir', r.shares,
      '--poll', '1', '--attest-timeout', '30', ...ethArgs, ...btcArgs, ...extra,
    ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANCHOR_KEY: '', ANCHOR_ETH_KEY: eth?.key ?? '', ANCHOR_BTC_KEY: '' } });
    r.proc.stdout.pipe(out);
    r.proc.stderr.pipe(out);
    r.proc.exited = new Promise((resolve) => r.proc.once('exit', resolve));
  }
  const setRelayers = (threshold) => signAndWait(api, api.tx.sudo.sudo(
    api.tx.anchoring.setRelayers(NAMES.map((n) => accounts[n].address), threshold)), accounts.Alice);

  before(async () => {
    assert.ok(existsSync(RELAYER_BIN), `no relayer at ${RELAYER_BIN}: cargo build --release -p metachain-anchor-relayer`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'metachain-keygen-'));
    ({ node, api } = await startDev());
    for (const name of NAMES) {
      const keyFile = path.join(dir, `${name}.key`);
      await writeFile(keyFile, `//${name}\n`);
      await chmod(keyFile, 0o600);
      relayers[name] = { keyFile, shares: path.join(dir, `${name}-shares`), log: path.join(dir, `${name}.log`) };
    }
  });

  after(async () => {
    for (const r of Object.values(relayers)) if (r.proc && r.proc.exitCode === null) r.proc.kill('SIGKILL');
    if (process.exitCode) {
      for (const [name, r] of Object.entries(relayers)) {
        console.error(`--- ${name}'s relayer log\n${await readFile(r.log, 'utf8').catch(() => '(none)')}`);
      }
    }
    anvil.stop();
    if (btc.proc && btc.proc.exitCode === null) btc.proc.kill('SIGKILL');
    await stopDev({ api, node });
    if (dir && !process.env.KEEP_E2E_DATA) await rm(dir, { recursive: true, force: true });
  });

  it('three relayers bond and keep themselves eligible with heartbeats', async () => {
    await signAndWait(api, api.tx.utility.batchAll([
      ...NAMES.map((n) => api.tx.balances.transferKeepAlive(accounts[n].address, 20_000n * MC)),
      api.tx.sudo.sudo(api.tx.anchoring.setRelayers(NAMES.map((n) => accounts[n].address), 1)),
    ]), accounts.Alice);
    assert.deepEqual((await api.query.anchoring.relayers()).map((a) => a.toString()),
      NAMES.map((n) => accounts[n].address));
    for (const name of NAMES) {
      const r = relayers[name];
      const bond = cli(['bond', '--amount', '10000', '--key-file', r.keyFile, '--node', `http://127.0.0.1:${node.rpcPort}`]);
      assert.equal(bond.status, 0, `${name}'s bond failed:\n${bond.stdout}\n${bond.stderr}`);
      await mkdir(r.shares, { recursive: true });
      startRelayer(name);
    }
    // With threshold 1 no key generation starts (FROST needs t >= 2).
    const eligible = await waitFor('all three eligible', async () => {
      const e = await view(api, 'Anchoring', 'eligible_signers');
      return e.length === 3 ? e.map((a) => a.toString()) : false;
    }, 300_000, 1000);
    assert.deepEqual([...eligible].sort(), NAMES.map((n) => accounts[n].address).sort());
    assert.ok((await api.query.anchoring.dkg()).isNone);
    assert.ok((await api.query.anchoring.activeEpoch()).isNone);
  });

  it('with threshold 2 the relayers run the key generation until the group key locks in', async () => {
    const eligible = (await view(api, 'Anchoring', 'eligible_signers')).map((a) => a.toString());
    await setRelayers(2);
    const session = await waitFor('a key generation', async () => {
      const d = await api.query.anchoring.dkg();
      return d.isSome ? d.unwrap() : false;
    }, 60_000);
    assert.deepEqual(session.members.map((a) => a.toString()), eligible, 'members by seniority');
    assert.equal(session.threshold.toNumber(), 2);
    const epoch = await waitFor('the group key locked in', async () => {
      const e = await api.query.anchoring.activeEpoch();
      return e.isSome ? e.unwrap() : false;
    }, 300_000, 1000);
    assert.equal(epoch.toNumber(), 0);
    const key = (await api.query.anchoring.groupKeys(0)).unwrap();
    assert.deepEqual(key.members.map((a) => a.toString()), eligible);
    assert.equal(key.threshold.toNumber(), 2);
    assert.notEqual(key.keyX.toHex(), '0x' + '00'.repeat(32));
    assert.equal(key.verifyingShares.length, 3);
    // The same key through the view-function API, and nothing of the session left.
    const active = await view(api, 'Anchoring', 'active_group_key');
    assert.equal(active.unwrap()[1].keyX.toHex(), key.keyX.toHex());
    assert.ok((await api.query.anchoring.dkg()).isNone);
    assert.equal((await api.query.anchoring.dkgPosts.entries()).length, 0);
    // Every relayer saved its share sealed, readable by its owner only, and logged its rounds.
    for (const name of NAMES) {
      const file = path.join(relayers[name].shares, 'frost-share-0.sealed');
      assert.ok(existsSync(file), `${name} saved no share`);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const log = await readFile(relayers[name].log, 'utf8');
      assert.match(log, /posted round 1/);
      assert.match(log, /posted round 2/);
      assert.match(log, /share of epoch 0 saved sealed/);
    }
  });

  it('attack: a key holder unbonds to walk away while it serves, and is refused', async () => {
    const dave = accounts.Dave;
    await assert.rejects(signAndWait(api, api.tx.anchoring.unbondRelayer(), dave), /KeyMember/);
    const bond = (await api.query.anchoring.relayerBonds(dave.address)).unwrap();
    assert.ok(bond.unbondingAt.isNone, 'the bond stays');
    console.log('a key holder\'s unbonding accepted: false (expected false)');
  });

  it('the relayers sign checkpoints over the chain, and the signatures write the roots on Ethereum', async () => {
    await anvil.start();
    const [deployer, stranger] = ANVIL_ACCOUNTS.map((a) => a.address);
    const { bytecode } = compileContract('TracChainAnchorV2.sol', 'TracChainAnchorV2');
    const key = (await api.query.anchoring.groupKeys(0)).unwrap();
    const x = BigInt(key.keyX.toHex());
    const evenY = (rx) => schnorr.utils.lift_x(rx).toAffine().y;
    const genesis = api.genesisHash.toHex();
    const first = (await api.query.anchoring.nextCheckpoint()).toNumber();
    const contract = await anvil.deploy(deployer, bytecode,
      bytes32Word(genesis) + word(x) + word(evenY(x)) + word(0) + word(first));
    await signAndWait(api, api.tx.sudo.sudo(api.tx.anchoring.setEthContract(31337, contract, first)), accounts.Alice);
    eth.contract = contract;
    eth.first = first;
    const call = (data) => anvil.rpc('eth_call', [{ to: contract, data }, 'latest']);
    for (const n of [first]) {
      const signed = await waitFor(`checkpoint ${n} signed by the group`, async () => {
        const s = await api.query.anchoring.signatures(n, target);
        return s.isSome ? s.unwrap() : false;
      }, 240_000, 1000);
      assert.equal(signed.epoch.toNumber(), 0);
      const root = (await api.query.anchoring.checkpoints(n)).unwrap().root.toHex();
      // The message the chain signed is the contract's own.
      const message = await call(selector('anchorMessage(uint64,bytes32)') + word(n) + bytes32Word(root));
      const sig = signed.signature.toU8a();
      assert.ok(schnorr.verify(sig, hexToU8a(message), hexToU8a(key.keyX.toHex())), 'a BIP340 signature of the contract\'s message');
      const rx = BigInt(u8aToHex(sig.slice(0, 32)));
      const s = BigInt(u8aToHex(sig.slice(32)));
      const anchor = (r) => selector('anchor(uint64,bytes32,uint256,uint256,uint256)') +
        word(n) + bytes32Word(r) + word(rx) + word(evenY(rx)) + word(s);
      // The group's signature carries no other root; with the right one anyone records it.
      assert.equal(await anvil.revertOf(stranger, contract, anchor('0x' + '77'.repeat(32))), selector('BadSignature()'));
      const receipt = await anvil.send(stranger, contract, anchor(root));
      assert.equal(receipt.status, '0x1');
      assert.equal(await call(selector('rootOf(uint64)') + word(n)), root);
      console.log(`checkpoint ${n}: signed by the group over the chain (block ${signed.signedAt}), recorded on Ethereum by a stranger for ${BigInt(receipt.gasUsed)} gas`);
    }
    // The signing chose a set of two from the three, and the relayers' logs show their rounds.
    const logs = await Promise.all(NAMES.map((n) => readFile(relayers[n].log, 'utf8')));
    assert.ok(logs.filter((l) => /committed/.test(l)).length >= 2, 'at least two relayers committed');
    assert.ok(logs.filter((l) => /posted its share/.test(l)).length >= 2, 'at least two relayers posted shares');
  });

  it('restarted with Ethereum, the relayers record each signed root with one transaction and anchor it', async () => {
    // anvil's development keys 2, 3 and 4 (its default mnemonic; funded by anvil).
    const keys = [
      '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
      '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
      '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733b20e4dc2a3e2b3d8',
    ];
    const addresses = ['0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc', '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
      '0x15d34aaf54267db7d7c367839aaf71a00a2c6a65'];
    for (const [i, name] of NAMES.entries()) {
      relayers[name].proc.kill('SIGTERM');
      await relayers[name].proc.exited;
      startRelayer(name, { url: anvil.url, contract: eth.contract, key: keys[i] });
    }
    const n = eth.first + 1;
    // Anchored in a finalized block (what the verifier reads).
    const anchored = await waitFor(`checkpoint ${n} anchored on Ethereum and finalized`, async () => {
      const at = await api.at(await api.rpc.chain.getFinalizedHead());
      const a = await at.query.anchoring.anchors(n, target);
      return a.isSome ? a.unwrap() : false;
    }, 240_000, 1000);
    const root = (await api.query.anchoring.checkpoints(n)).unwrap().root.toHex();
    const call = (data) => anvil.rpc('eth_call', [{ to: eth.contract, data }, 'latest']);
    assert.equal(await call(selector('rootOf(uint64)') + word(n)), root);
    const receipt = await anvil.rpc('eth_getTransactionReceipt', [anchored.external.txId.toHex()]);
    assert.equal(receipt.status, '0x1');
    assert.ok(addresses.includes(receipt.from.toLowerCase()), 'posted by one of the relayers');
    assert.ok(anchored.attestations.toNumber() >= 2);
    // The verifier checks a block of it against the contract (which took the group's signature).
    const block = (await api.query.anchoring.checkpoints(n)).unwrap().firstBlock.toNumber();
    const verify = cli(['verify', String(block), '--node', `http://127.0.0.1:${node.rpcPort}`,
      '--eth-rpc', anvil.url, '--eth-contract', eth.contract]);
    assert.equal(verify.status, 0, `verify failed:\n${verify.stdout}\n${verify.stderr}`);
    assert.match(verify.stdout + verify.stderr, /TracChainAnchorV2/);
    // Stop them, let anvil mine what is pending, and count: one transaction per recorded root.
    for (const name of NAMES) {
      relayers[name].proc.kill('SIGTERM');
      await relayers[name].proc.exited;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const recorded = Number(BigInt(await call(selector('nextCheckpoint()')))) - (eth.first + 1);
    let sent = 0;
    for (const a of addresses) sent += Number(BigInt(await anvil.rpc('eth_getTransactionCount', [a, 'latest'])));
    console.log(`relayers' Ethereum transactions: ${sent} for ${recorded} roots recorded (expected equal)`);
    assert.ok(recorded >= 1);
    assert.equal(sent, recorded);
  });

  it('with the group\'s coin on Bitcoin regtest, each checkpoint is anchored by one transaction the group signed', async () => {
    const nodeUrl = `http://127.0.0.1:${node.rpcPort}`;
    // The group's Taproot address, from the key in force.
    const printed = cli(['group-address', '--node', nodeUrl, '--btc-network', 'regtest']);
    assert.equal(printed.status, 0, `group-address failed:\n${printed.stderr}`);
    const address = printed.stdout.trim();
    assert.match(address, /^bcrt1p[0-9a-z]{58}$/);
    // A regtest node whose genesis coinbase pays the group (50 BTC, spendable after 100 blocks),
    // mining a block every second.
    btc.proc = spawn(RELAYER_BIN, ['regtest-node', '--rpc', '127.0.0.1:0', '--fund-address', address,
      '--premine', '100', '--mine-every-ms', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    btc.url = await new Promise((resolve, reject) => {
      btc.proc.stdout.once('data', (d) => resolve(d.toString().trim().split('\n')[0]));
      btc.proc.once('exit', (code) => reject(new Error(`regtest-node exited with ${code}`)));
    });
    const rpc = async (method, params) => {
      const res = await fetch(btc.url, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      const json = await res.json();
      if (json.error) throw new Error(`${method}: ${JSON.stringify(json.error)}`);
      return json.result;
    };
    btc.rpc = rpc;
    const coinbase = (await rpc('getblock', [await rpc('getblockhash', [0]), 1])).tx[0];
    const first = (await api.query.anchoring.nextCheckpoint()).toNumber();
    const value = 5_000_000_000n;
    await signAndWait(api, api.tx.sudo.sudo(api.tx.anchoring.setBtcCoin('Regtest',
      { txid: '0x' + coinbase, vout: 0, value }, first)), accounts.Alice);
    // The relayers, restarted with Bitcoin and no Bitcoin key of their own.
    for (const name of NAMES) {
      if (relayers[name].proc.exitCode === null) {
        relayers[name].proc.kill('SIGTERM');
        await relayers[name].proc.exited;
      }
      startRelayer(name, null, { url: btc.url });
    }
    const btcTarget = { Bitcoin: { network: 'Regtest' } };
    const anchored = await waitFor(`checkpoint ${first} anchored on Bitcoin and finalized`, async () => {
      const at = await api.at(await api.rpc.chain.getFinalizedHead());
      const a = await at.query.anchoring.anchors(first, btcTarget);
      return a.isSome ? a.unwrap() : false;
    }, 300_000, 1000);
    const spend = (await api.query.anchoring.btcSpends(first, 'Regtest')).unwrap();
    const fee = (await api.query.anchoring.parameters()).btcFee.toBigInt();
    assert.equal(anchored.external.txId.toHex(), spend.txid.toHex(), 'the group\'s transaction, and no other');
    assert.ok(anchored.attestations.toNumber() >= 2);
    // On Bitcoin: it spends the group's coin and returns the change to the group.
    const tx = await rpc('getrawtransaction', [spend.txid.toHex().slice(2), 1]);
    assert.equal(tx.vin.length, 1);
    assert.equal(tx.vin[0].txid, coinbase);
    assert.equal(tx.vin[0].vout, 0);
    assert.equal(tx.vin[0].txinwitness.length, 1, 'one key-path signature');
    assert.equal(tx.vout.length, 2);
    assert.equal(tx.vout[1].scriptPubKey.address, address);
    assert.equal(BigInt(Math.round(tx.vout[1].value * 1e8)), value - fee);
    // The verifier: the root, the SPV proof, and the group key's key-path spend.
    const block = (await api.query.anchoring.checkpoints(first)).unwrap().firstBlock.toNumber();
    const verify = cli(['verify', String(block), '--node', nodeUrl, '--btc-rpc', btc.url]);
    assert.equal(verify.status, 0, `verify failed:\n${verify.stdout}\n${verify.stderr}`);
    assert.match(verify.stdout, /spent by key path from the group key of epoch 0/);
    // The next checkpoint's anchor spends this one's change: one transaction per checkpoint.
    const next = await waitFor(`checkpoint ${first + 1} signed for Bitcoin`, async () => {
      const s = await api.query.anchoring.btcSpends(first + 1, 'Regtest');
      return s.isSome ? s.unwrap() : false;
    }, 300_000, 1000);
    assert.equal(next.spent.coin.txid.toHex(), spend.txid.toHex());
    assert.equal(next.spent.coin.vout.toNumber(), 1);
    const logs = await Promise.all(NAMES.map((n) => readFile(relayers[n].log, 'utf8')));
    const broadcasts = logs.join('').match(new RegExp(`checkpoint ${first} on bitcoin-regtest: broadcast`, 'g')) ?? [];
    console.log(`checkpoint ${first} on Bitcoin: group transaction ${spend.txid.toHex()} (fee ${fee} sat from the group's coin), broadcast by ${broadcasts.length} relayer(s), ${anchored.attestations} attestations; relayers' own Bitcoin spent: 0`);
    assert.ok(broadcasts.length >= 1);
  });

  it('attack: a relayer signs another root, loses its bond, and the others anchor the right roots', async () => {
    const ferdie = accounts.Ferdie.address;
    const reported = [];
    const unsubscribe = await api.query.system.events((events) => {
      for (const { event } of events) {
        if (api.events.anchoring.BadSignatureShare.is(event)) reported.push(event.data);
      }
    });
    const before = (await api.query.system.account(ferdie)).data;
    const bond = (await api.query.anchoring.relayerBonds(ferdie)).unwrap().amount.toBigInt();
    relayers.Ferdie.proc.kill('SIGTERM');
    await relayers.Ferdie.proc.exited;
    startRelayer('Ferdie', null, { url: btc.url }, ['--malicious-share']);
    // Ferdie posts a share of another message as soon as it is among the first two to commit.
    await waitFor('Ferdie slashed', async () => (await api.query.anchoring.relayerBonds(ferdie)).isNone, 300_000, 1000);
    unsubscribe();
    const after = (await api.query.system.account(ferdie)).data;
    const lost = before.free.toBigInt() + before.reserved.toBigInt() - after.free.toBigInt() - after.reserved.toBigInt();
    assert.ok(reported.some((d) => d.member.toString() === ferdie), 'the chain named the bad share\'s sender');
    assert.ok(lost >= bond, `Ferdie lost its bond (${lost} of ${bond})`);
    // Dave and Eve sign on: the next Bitcoin anchor carries the chain's root, and verifies.
    const n = (await api.query.anchoring.nextCheckpoint()).toNumber() - 1;
    const btcTarget = { Bitcoin: { network: 'Regtest' } };
    const anchored = await waitFor(`checkpoint ${n} anchored on Bitcoin`, async () => {
      const at = await api.at(await api.rpc.chain.getFinalizedHead());
      const a = await at.query.anchoring.anchors(n, btcTarget);
      return a.isSome ? a.unwrap() : false;
    }, 300_000, 1000);
    const spend = (await api.query.anchoring.btcSpends(n, 'Regtest')).unwrap();
    assert.equal(anchored.external.txId.toHex(), spend.txid.toHex());
    const block = (await api.query.anchoring.checkpoints(n)).unwrap().firstBlock.toNumber();
    const verify = cli(['verify', String(block), '--node', `http://127.0.0.1:${node.rpcPort}`, '--btc-rpc', btc.url]);
    assert.equal(verify.status, 0, `verify failed:\n${verify.stdout}\n${verify.stderr}`);
    // Every Bitcoin anchor the group signed and broadcast carries the chain's own root.
    let checked = 0;
    for (const [k, spend] of await api.query.anchoring.btcSpends.entries()) {
      const checkpoint = k.args[0].toNumber();
      let tx;
      try {
        tx = await btc.rpc('getrawtransaction', [spend.unwrap().txid.toHex().slice(2), 1]);
      } catch {
        continue; // signed, not broadcast yet
      }
      // OP_RETURN, push 45: "MCTC", version, number (8 bytes), root.
      const root = '0x' + tx.vout[0].scriptPubKey.hex.slice(4 + 26);
      assert.equal(root, (await api.query.anchoring.checkpoints(checkpoint)).unwrap().root.toHex(),
        `the Bitcoin anchor of checkpoint ${checkpoint} carries the chain's root`);
      checked += 1;
    }
    console.log(`the malicious relayer's net: -${lost / MC} MC (its bond, to the treasury); reported ${reported.length} time(s); wrong roots written: 0; checkpoint ${n} anchored on Bitcoin by Dave and Eve (${checked} Bitcoin anchors signed in all)`);
    assert.ok(checked >= 2);
  });
});
