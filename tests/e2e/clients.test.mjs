// End to end: what wallets and dApps built on the usual Polkadot clients need from
// `metachain-node --dev` (issue 21), on one node:
//
// - MetaChain's own addresses (SS58 prefix 2210) in the node's RPC: `system_accountNextIndex`,
//   and `author_rotateKeysWithOwner` for the validator that then sets the keys with their proof;
// - `CheckMetadataHash` (RFC-0078): a transfer signed in metadata-hash mode, committing to the
//   hash a Ledger-style offline signer computes from the metadata (`@polkadot-api/merkleize-
//   metadata`, token MC with 12 decimals), is accepted; the same transfer committing to a wrong
//   hash is refused;
// - pallet view functions (metadata v16) from @polkadot/api (tests/e2e/lib/view.mjs), each
//   answering byte for byte what the runtime API it mirrors answers at the same block;
// - Substrate API Sidecar 18 (on @polkadot/api 16, `overrides` in package.json; with the
//   preload tests/e2e/clients/sidecar-metadata-v14.cjs): blocks with the project's pallets'
//   extrinsics and events, balances, transaction material, the runtime's spec and metadata,
//   a pallet's storage, and a signed transfer submitted through it;
// - polkadot-api 2: descriptors generated from the node by `papi`, a typed storage query of a
//   project pallet, a runtime API call, a view function, and a transfer and a device heartbeat
//   signed, submitted and finalized.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { sr25519CreateDerive } from '@polkadot-labs/hdkd';
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy, ss58Address } from '@polkadot-labs/hdkd-helpers';
import { createClient } from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsProvider } from 'polkadot-api/ws';
import { WebSocket } from 'ws';
import { u8aToHex } from '@polkadot/util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { checkAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import {
  MC, SS58, devAccounts, freePort, fundDevices, rpcCall, signAndWait, startDev, stopDev, submitAndWatch,
  teardown, waitFor,
} from './lib/node.mjs';
import { view, viewFunctionId, viewFunctionMeta } from './lib/view.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '../..');

/// FixedU128's one.
const UNIT = 10n ** 18n;
/// One MUSD (6 decimals).
const MUSD = 1_000_000n;

describe('clients on metachain-node --dev', { timeout: 900_000 }, () => {
  let dev, api, node, alice, bob, stash, device;

  /// The best block's hash: both reads of a comparison see the same state.
  const best = async () => (await api.rpc.chain.getBlockHash()).toHex();

  before(async () => {
    dev = await startDev();
    ({ api, node } = dev);
    const k = devAccounts('Alice', 'Bob', 'Alice//stash', 'ViewDevice');
    ({ Alice: alice, Bob: bob, ViewDevice: device } = k);
    stash = k['Alice//stash'];
    await fundDevices(api, alice, [device], 10_000n * MC);
    await signAndWait(api, api.tx.credit.registerDevice('DvpnClient'), device);
  });

  after(() => stopDev(dev));

  describe('addresses in the chain format (SS58 2210)', () => {
    it('system_accountNextIndex takes a MetaChain address', async () => {
      assert.deepEqual(checkAddress(alice.address, SS58), [true, null], 'a 2210 address, not a generic one');
      const nonce = await rpcCall(node.rpcPort, 'system_accountNextIndex', [alice.address]);
      assert.equal(nonce, (await api.call.accountNonceApi.accountNonce(alice.address)).toNumber());
    });

    it('author_rotateKeysWithOwner makes keys and the proof that the validator owns them', async () => {
      const owner = api.registry.createType('AccountId', stash.address).toHex();
      const { keys, proof } = await rpcCall(node.rpcPort, 'author_rotateKeysWithOwner', [owner]);
      // The proof binds the keys to the stash: `session.setKeys` accepts them from it.
      const set = await signAndWait(api, api.tx.session.setKeys(keys, proof), stash);
      assert.equal(set.dispatchError, undefined);
      const next = await api.query.session.nextKeys(stash.address);
      assert.equal(next.unwrap().toHex(), keys);
    });
  });

  describe('CheckMetadataHash (RFC-0078)', () => {
    /// The metadata hash an offline signer computes: RFC-0078 over metadata v15 with the chain's
    /// spec name and version, SS58 prefix, and token (MC, 12 decimals).
    async function metadataHash() {
      const v15 = await api.call.metadata.metadataAtVersion(15);
      return merkleizeMetadata(v15.unwrap().toU8a(true), { decimals: 12, tokenSymbol: 'MC' }).digest();
    }

    it('a transfer committing to the metadata hash lands; one committing to a wrong hash is refused', async () => {
      const hash = await metadataHash();
      const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
      const tx = api.tx.balances.transferKeepAlive(bob.address, 7n * MC);
      await tx.signAsync(alice, { mode: 1, metadataHash: u8aToHex(hash) });
      // Mode 1 is in the transaction itself (one byte of the extension).
      assert.equal(tx.toHuman().method.method, 'transferKeepAlive');
      const result = await submitAndWatch(tx);
      assert.equal(result.dispatchError, undefined);
      const after = (await api.query.system.account(bob.address)).data.free.toBigInt();
      assert.equal(after - before, 7n * MC);

      // A signer fooled into another metadata (here: one byte of the hash changed) signs a
      // payload the runtime does not: the signature does not verify.
      const wrong = Uint8Array.from(hash);
      wrong[0] ^= 0xff;
      const bad = api.tx.balances.transferKeepAlive(bob.address, 7n * MC);
      await bad.signAsync(alice, { mode: 1, metadataHash: u8aToHex(wrong) });
      await assert.rejects(submitAndWatch(bad), /bad signature|Invalid Transaction|1010/i);
    });
  });

  describe('view functions (metadata v16)', () => {
    it('the node serves metadata v16 with the view functions and their ids', () => {
      assert.equal(api.runtimeMetadata.version, 16);
      // twox128(pallet) ++ twox128(the Rust signature): clients take ids from the metadata;
      // pinned here so that a change of signature (a new id, old clients' calls refused) is
      // deliberate. runtime/tests/view_functions.rs pins the same.
      const ids = {
        'Credit.device': '0x83e0731810368fb22559f084ed61d4272f6aa33f9357493eb3a4f31e0c845a77',
        'CreditDelegation.validator': '0xda4b679f374e4a75b7509b1be75beb67b17a0427541cbaab4c9a8f6007c77d39',
        'Musd.price': '0xf6569ca590be504f85a4cd71f098cd8d9633852607cdb4e16fd3e29ead04aabe',
        'Musd.quote_mint': '0xf6569ca590be504f85a4cd71f098cd8d2322543994dbdf9b5d465159e6817c2c',
        'Musd.quote_mc': '0xf6569ca590be504f85a4cd71f098cd8d4bab06f62fb2b25c5aec5775f1c501bd',
        'Anchoring.checkpoint': '0xc0addb030e81fd8822e8ef91e379a803b8f37aef7ae013ec4ad18278ec25ef30',
        'Anchoring.checkpoint_of_block': '0xc0addb030e81fd8822e8ef91e379a803bd4362c582db3dcba0166b7c15666764',
      };
      for (const [name, id] of Object.entries(ids)) {
        const [pallet, fn] = name.split('.');
        assert.equal(u8aToHex(viewFunctionMeta(api, pallet, fn).id), id, name);
        assert.equal(id.slice(0, 34), u8aToHex(xxhashAsU8a(pallet, 128)), `${name}: the pallet's prefix`);
      }
      // The rule, on an upstream one: `is_superset(T::ProxyType,T::ProxyType) -> bool`.
      assert.equal(u8aToHex(viewFunctionMeta(api, 'Proxy', 'is_superset').id),
        u8aToHex(viewFunctionId('Proxy', 'is_superset(T::ProxyType,T::ProxyType) -> bool')));
    });

    it('an unknown view function is refused', async () => {
      assert.equal((await view(api, 'Proxy', 'is_superset', ['NonTransfer', 'CancelProxy'])).isTrue, true);
      const res = await api.call.runtimeViewFunction.executeViewFunction(
        { prefix: u8aToHex(xxhashAsU8a('Credit', 128)), suffix: `0x${'00'.repeat(16)}` }, '0x');
      assert.equal(res.isErr && res.asErr.isNotFound, true);
    });

    it('Credit.device: a device status, as creditApi.device gives it', async () => {
      const at = await best();
      const viaView = await view(api, 'Credit', 'device', [device.address], at);
      const viaApi = await (await api.at(at)).call.creditApi.device(device.address);
      assert.equal(viaView.toHex(), viaApi.toHex());
      assert.equal(viaView.unwrap().kind.toString(), 'DvpnClient');
      assert.equal((await view(api, 'Credit', 'device', [bob.address])).isNone, true, 'Bob is no device');
    });

    it("CreditDelegation.validator: a validator's backing, as creditDelegationApi gives it", async () => {
      const at = await best();
      const call = (await api.at(at)).call.creditDelegationApi;
      const v = await view(api, 'CreditDelegation', 'validator', [stash.address], at);
      const [backing, delegators, electable] = await call.validatorBacking(stash.address);
      assert.equal(v.validator.eq(stash.address), true);
      assert.equal(v.backing.toBigInt(), backing.toBigInt());
      assert.equal(v.delegators.toNumber(), delegators.toNumber());
      assert.equal(v.electable.isTrue, electable.isTrue);
      const ranked = (await call.candidates()).find((c) => c.validator.eq(stash.address));
      assert.equal(v.toHex(), ranked.toHex(), 'the entry the candidate ranking lists');
    });

    it('Musd.quote_mint / quote_mc / price: a MUSD quote, as musdApi gives it', async () => {
      assert.equal((await view(api, 'Musd', 'quote_mint', [1_000n * MC])).isNone, true, 'no price yet');
      await signAndWait(api, api.tx.priceOracle.submitPrice(50n * UNIT / 1000n), alice);
      await signAndWait(api, api.tx.priceOracle.submitPrice(60n * UNIT / 1000n), bob);
      const at = await best();
      const call = (await api.at(at)).call.musdApi;
      const quote = await view(api, 'Musd', 'quote_mint', [1_000n * MC], at);
      assert.equal(quote.unwrap().toBigInt(), 55n * MUSD);
      assert.equal(quote.toHex(), (await call.quoteMint(1_000n * MC)).toHex());
      assert.equal((await view(api, 'Musd', 'quote_mc', [55n * MUSD], at)).toHex(), (await call.quoteMc(55n * MUSD)).toHex());
      assert.equal((await view(api, 'Musd', 'price', [], at)).toHex(), (await call.price()).toHex());
    });

    it('Anchoring.checkpoint / checkpoint_of_block: a checkpoint, as anchoringApi gives it', async () => {
      await waitFor('checkpoint 0', async () => (await api.call.anchoringApi.checkpoint(0)).isSome, 120_000);
      const at = await best();
      const c0 = await view(api, 'Anchoring', 'checkpoint', [0], at);
      assert.equal(c0.toHex(), (await (await api.at(at)).call.anchoringApi.checkpoint(0)).toHex());
      assert.equal(c0.unwrap().checkpoint.firstBlock.toNumber(), 0);
      assert.equal((await view(api, 'Anchoring', 'checkpoint_of_block', [3], at)).unwrap().toNumber(), 0);
      assert.equal((await view(api, 'Anchoring', 'checkpoint', [1_000_000], at)).isNone, true);
    });
  });

  describe('Substrate API Sidecar 18', () => {
    let sidecar, base, registered;

    /// GET `route` from Sidecar: the parsed JSON body, or a rejection with its status.
    const get = async (route) => {
      const res = await fetch(`${base}${route}`);
      const body = await res.json();
      if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };

    before(async () => {
      // A block with a project pallet's extrinsic and event in it.
      const k = devAccounts('SidecarDevice');
      await fundDevices(api, alice, [k.SidecarDevice], 10_000n * MC);
      const { blockHash } = await signAndWait(api, api.tx.credit.registerDevice('DvpnClient'), k.SidecarDevice);
      registered = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      sidecar = spawn(process.execPath, [path.join(ROOT, 'node_modules/@substrate/api-sidecar/build/src/main.js')], {
        env: {
          ...process.env,
          NODE_OPTIONS: `--require ${path.join(HERE, 'clients/sidecar-metadata-v14.cjs')}`,
          SAS_SUBSTRATE_URL: `ws://127.0.0.1:${node.rpcPort}`,
          SAS_EXPRESS_PORT: String(port),
          SAS_SUBSTRATE_TYPES_BUNDLE: path.join(HERE, 'clients/sidecar-types.json'),
          SAS_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await waitFor('Sidecar', () => get('/runtime/spec'), 120_000, 1_000);
    });

    after(() => teardown({ procs: [sidecar] }));

    it('/runtime/spec and /transaction/material: the chain, its token and its address format', async () => {
      const spec = await get('/runtime/spec');
      assert.equal(spec.specName, 'metachain');
      assert.equal(Number(spec.specVersion), api.runtimeVersion.specVersion.toNumber());
      assert.equal(Number(spec.transactionVersion), api.runtimeVersion.transactionVersion.toNumber());
      assert.deepEqual([spec.properties.ss58Format, spec.properties.tokenSymbol, spec.properties.tokenDecimals],
        [String(SS58), ['MC'], ['12']]);
      const material = await get('/transaction/material');
      assert.equal(material.genesisHash, api.genesisHash.toHex());
      assert.equal(material.specName, 'metachain');
    });

    it('/blocks: inherents (version-5 bare extrinsics) and a project pallet\'s extrinsic with its events', async () => {
      const head = await get('/blocks/head');
      assert.ok(head.extrinsics.some((x) => x.method.pallet === 'timestamp' && x.method.method === 'set'));
      const block = await get(`/blocks/${registered}`);
      const xt = block.extrinsics.find((x) => x.method.pallet === 'credit' && x.method.method === 'registerDevice');
      assert.ok(xt, `credit.registerDevice in block ${registered}`);
      assert.equal(xt.success, true);
      assert.ok(xt.events.some((e) => e.method.pallet === 'credit' && e.method.method === 'DeviceRegistered'));
      assert.deepEqual(xt.args, { kind: 'DvpnClient' });
    });

    it('/accounts/{address}/balance-info takes a MetaChain address', async () => {
      const info = await get(`/accounts/${alice.address}/balance-info`);
      assert.equal(info.tokenSymbol, 'MC');
      const at = info.at.hash;
      const account = await (await api.at(at)).query.system.account(alice.address);
      assert.equal(BigInt(info.free), account.data.free.toBigInt());
    });

    it('/runtime/metadata and /pallets/credit/storage', async () => {
      const md = await get('/runtime/metadata');
      const credit = md.metadata.v14.pallets.find((p) => p.name === 'Credit');
      assert.ok(credit, 'the Credit pallet is in the metadata');
      const ss58 = md.metadata.v14.pallets.find((p) => p.name === 'System').constants.find((c) => c.name === 'SS58Prefix');
      assert.equal(ss58.value, String(SS58), 'the SS58Prefix constant, decoded');
      const storage = await get('/pallets/credit/storage');
      assert.equal(storage.pallet, 'credit');
      assert.ok(storage.items.some((i) => i.name === 'Devices'));
    });

    it('POST /transaction submits a signed transfer, which lands', async () => {
      const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
      const tx = api.tx.balances.transferKeepAlive(bob.address, 3n * MC);
      await tx.signAsync(alice);
      const res = await fetch(`${base}/transaction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tx: tx.toHex() }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.hash, tx.hash.toHex());
      await waitFor('the transfer', async () =>
        (await api.query.system.account(bob.address)).data.free.toBigInt() - before === 3n * MC, 60_000);
    });
  });

  describe('polkadot-api 2', () => {
    /// Where `papi` writes the descriptors it generates from the node (inside the repository, so
    /// that they resolve `polkadot-api` from its node_modules; ignored by git).
    const GEN = path.join(HERE, '.papi-gen');
    let client, typed, descriptors, signer, papiDevice;

    /// Run the `papi` command line in GEN.
    const papi = (...args) => new Promise((resolve, reject) => {
      execFile(process.execPath, [path.join(ROOT, 'node_modules/@polkadot-api/cli/dist/main/src/main.js'), ...args], {
        cwd: GEN,
        // Node 20 has no global WebSocket unless asked for: `papi add -w` needs it.
        env: { ...process.env, NODE_OPTIONS: '--experimental-websocket' },
        timeout: 300_000,
      }, (err, stdout, stderr) => (err ? reject(new Error(`papi ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout)));
    });

    /// A polkadot-api signer for the development key `//name`, and its MetaChain address.
    const devSigner = (name) => {
      const pair = sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)))(`//${name}`);
      return { signer: getPolkadotSigner(pair.publicKey, 'Sr25519', pair.sign), address: ss58Address(pair.publicKey, SS58) };
    };

    before(async () => {
      // Descriptors generated from the running node: metadata v16, with the project's pallets,
      // runtime APIs and view functions typed.
      await rm(GEN, { recursive: true, force: true });
      await mkdir(GEN, { recursive: true });
      await writeFile(path.join(GEN, 'package.json'), '{ "private": true, "type": "module" }\n');
      await papi('add', 'mc', '-w', `ws://127.0.0.1:${node.rpcPort}`, '--config', 'polkadot-api.json', '--skip-codegen');
      const config = JSON.parse(await readFile(path.join(GEN, 'polkadot-api.json'), 'utf8'));
      // No package to install: the test imports the generated module directly.
      config.options = { noDescriptorsPackage: true };
      await writeFile(path.join(GEN, 'polkadot-api.json'), JSON.stringify(config, null, 2));
      await papi('generate', '--config', 'polkadot-api.json');
      descriptors = await import(path.join(GEN, '.papi/descriptors/dist/index.js'));
      client = createClient(getWsProvider(`ws://127.0.0.1:${node.rpcPort}`, { websocketClass: WebSocket }));
      typed = client.getTypedApi(descriptors.mc);
      signer = devSigner('Alice');
      papiDevice = devSigner('PapiDevice');
      // A device of its own (registered through @polkadot/api: this test is about what
      // polkadot-api reads and sends).
      const k = devAccounts('PapiDevice');
      await fundDevices(api, alice, [k.PapiDevice], 10_000n * MC);
      await signAndWait(api, api.tx.credit.registerDevice('DvpnClient'), k.PapiDevice);
    });

    after(async () => {
      client?.destroy();
      await rm(GEN, { recursive: true, force: true });
    });

    it('reads a project pallet\'s storage, typed', async () => {
      const params = await typed.query.Credit.Parameters.getValue({ at: 'best' });
      const viaPjs = await api.query.credit.parameters();
      assert.equal(params.device_deposit, viaPjs.deviceDeposit.toBigInt());
      const d = await typed.query.Credit.Devices.getValue(papiDevice.address, { at: 'best' });
      assert.equal(d.kind.type, 'DvpnClient');
    });

    it('calls a runtime API and a view function', async () => {
      const period = await typed.apis.CreditApi.current_period({ at: 'best' });
      assert.equal(BigInt(period), (await api.call.creditApi.currentPeriod()).toBigInt());
      const viaApi = await typed.apis.CreditApi.device(papiDevice.address, { at: 'best' });
      const viaView = await typed.view.Credit.device(papiDevice.address, { at: 'best' });
      assert.equal(viaView.kind.type, 'DvpnClient');
      assert.equal(viaView.credit, viaApi.credit);
      assert.equal(await typed.view.Credit.device(signer.address, { at: 'best' }), undefined, 'Alice is no device');
    });

    it('signs, submits and finalizes a transfer', async () => {
      const bobAddress = devSigner('Bob').address;
      const before = (await api.query.system.account(bob.address)).data.free.toBigInt();
      const tx = typed.tx.Balances.transfer_keep_alive({ dest: descriptors.MultiAddress.Id(bobAddress), value: 2n * MC });
      const res = await tx.signAndSubmit(signer.signer);
      assert.equal(res.ok, true);
      assert.ok(res.events.some((e) => e.type === 'Balances' && e.value.type === 'Transfer'));
      const at = await api.at(res.block.hash);
      assert.equal((await at.query.system.account(bob.address)).data.free.toBigInt() - before, 2n * MC);
    });

    it("decodes a block's inherent, a version-5 bare extrinsic", async () => {
      const hash = (await api.rpc.chain.getBlockHash()).toHex();
      const [opaque] = await client.getBlockBody(hash);
      // An extrinsic: its length (compact; a short one, one byte), then its version byte, 5
      // for a bare (unsigned) one, then the call.
      assert.equal(opaque[0] >> 2, opaque.length - 1, 'one byte of length, then the extrinsic');
      const first = opaque.subarray(1);
      assert.equal(first[0], 0x05, 'extrinsic version 5, bare');
      // (A copy: polkadot-api decodes from the array's whole buffer, not from a view's offset.)
      const tx = await typed.txFromCallData(Uint8Array.from(first.subarray(1)), { at: hash });
      assert.deepEqual([tx.decodedCall.type, tx.decodedCall.value.type], ['Timestamp', 'set']);
    });

    it('signs, submits and finalizes a device heartbeat (free, through CheckHeartbeat)', async () => {
      const before = (await api.query.system.account(papiDevice.address)).data.free.toBigInt();
      const res = await typed.tx.Credit.heartbeat().signAndSubmit(papiDevice.signer);
      assert.equal(res.ok, true);
      assert.ok(res.events.some((e) => e.type === 'Credit' && e.value.type === 'Heartbeat'));
      const at = await api.at(res.block.hash);
      assert.equal((await at.query.system.account(papiDevice.address)).data.free.toBigInt(), before, 'no fee');
    });
  });

  describe('@polkadot/api', () => {
    it('signs without declaring CheckHeartbeat (it carries no data)', async () => {
      const plain = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${node.rpcPort}`), noInitWarn: true });
      try {
        const before = (await plain.query.system.account(bob.address)).data.free.toBigInt();
        const tx = plain.tx.balances.transferKeepAlive(bob.address, MC);
        await tx.signAsync(alice);
        const { dispatchError } = await submitAndWatch(tx);
        assert.equal(dispatchError, undefined);
        assert.equal((await plain.query.system.account(bob.address)).data.free.toBigInt() - before, MC);
      } finally {
        await plain.disconnect();
      }
    });
  });

  describe('docs/developers.md', () => {
    it('shows client snippets copied from tested code', async () => {
      // Every snippet under `<!-- tested: FILE -->` is made of lines of FILE (comments aside), so
      // the guide cannot drift from what the tests run.
      const guide = await readFile(path.join(ROOT, 'docs/developers.md'), 'utf8');
      const blocks = [...guide.matchAll(/<!-- tested: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
      assert.ok(blocks.length >= 4, 'the guide has tested snippets');
      for (const [, file, code] of blocks) {
        const source = await readFile(path.join(ROOT, file), 'utf8');
        const lines = new Set(source.split('\n').map((l) => l.trim()));
        for (const line of code.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))) {
          assert.ok(lines.has(line), `docs/developers.md: \`${line}\` is not a line of ${file}`);
        }
      }
    });
  });
});
