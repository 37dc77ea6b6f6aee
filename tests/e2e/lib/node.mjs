// Helpers for end-to-end tests: start the built metachain-node on loopback, connect
// @polkadot/api, wait for chain conditions, stop and restart on the same base path.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

export const NODE_BIN =
  process.env.METACHAIN_NODE ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target'), 'release/metachain-node');

/// One MC in plancks (12 decimals).
export const MC = 10n ** 12n;

/// MetaChain's transaction extensions that @polkadot/api does not know by name. They carry no
/// data; declaring them keeps the API from warning about them.
export const SIGNED_EXTENSIONS = {
  CheckHeartbeat: { extrinsic: {}, payload: {} },
};

/// A free TCP port on loopback.
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Poll `check` until it returns a truthy value, or fail after `timeoutMs`.
export async function waitFor(what, check, timeoutMs = 60_000, everyMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

/// A metachain-node process with its own base path, RPC, p2p and Prometheus ports.
export class Node {
  constructor({ args = ['--dev'], basePath } = {}) {
    this.args = args;
    this.basePath = basePath;
    this.proc = null;
  }

  static async create(opts = {}) {
    const node = new Node(opts);
    node.basePath ??= await mkdtemp(path.join(os.tmpdir(), 'metachain-e2e-'));
    node.ownsBasePath = !opts.basePath;
    node.rpcPort = await freePort();
    node.p2pPort = await freePort();
    node.prometheusPort = await freePort();
    node.logPath = path.join(node.basePath, 'node.log');
    return node;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.rpcPort}`;
  }

  /// Start the node and wait for its RPC (`timeoutMs`: longer for a large genesis to import).
  async start({ timeoutMs = 120_000 } = {}) {
    const log = createWriteStream(this.logPath, { flags: 'a' });
    this.proc = spawn(
      NODE_BIN,
      [
        ...this.args,
        '--base-path', this.basePath,
        '--rpc-port', String(this.rpcPort),
        '--listen-addr', `/ip4/127.0.0.1/tcp/${this.p2pPort}`,
        '--prometheus-port', String(this.prometheusPort),
        '--no-telemetry',
        '--no-mdns',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc.stdout.pipe(log);
    this.proc.stderr.pipe(log);
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    await waitFor('the node RPC to answer', async () => {
      if (this.proc.exitCode !== null) throw new Error(`node exited early:\n${await this.tail()}`);
      return await rpcCall(this.rpcPort, 'system_health').then(() => true);
    }, timeoutMs);
  }

  /// Stop the node (SIGINT, as Ctrl-C) and wait for it to exit.
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGINT');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  async connect() {
    return ApiPromise.create({
      provider: new WsProvider(this.wsUrl, 1000),
      signedExtensions: SIGNED_EXTENSIONS,
      noInitWarn: true,
    });
  }

  async tail(lines = 40) {
    try {
      return (await readFile(this.logPath, 'utf8')).split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async cleanup() {
    await this.stop();
    if (this.ownsBasePath && !process.env.KEEP_E2E_DATA) await rm(this.basePath, { recursive: true, force: true });
  }
}

/// A raw JSON-RPC call over HTTP (the RPC port serves both HTTP and WebSocket).
export async function rpcCall(port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/// Submit `tx` (already signed) and resolve with the block hash it was included in and its
/// events, or reject with the pool's error. With `{ finalized: true }` it waits until that
/// block is finalized (on a multi-validator network a block may be on a fork that is dropped).
export function submitAndWatch(tx, { finalized = false } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    tx.send((result) => {
      const done = finalized ? result.status.isFinalized : result.status.isInBlock;
      if (done) {
        if (unsub) unsub();
        const blockHash = finalized ? result.status.asFinalized : result.status.asInBlock;
        resolve({ blockHash, events: result.events, dispatchError: result.dispatchError });
      } else if (result.isError) {
        if (unsub) unsub();
        reject(new Error(`transaction ${result.status.type}`));
      }
    })
      .then((u) => { unsub = u; })
      .catch(reject);
  });
}

/// Describe a dispatch error by its pallet and name (e.g. `balances.InsufficientBalance`).
export function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  if (dispatchError.isToken) return `Token.${dispatchError.asToken.type}`;
  return dispatchError.type;
}

/// Sign `tx` with `signer`, submit it, and resolve once it is in a block (with
/// `{ finalized: true }`, once that block is finalized). Rejects with the named dispatch error
/// if the call failed.
export async function signAndWait(api, tx, signer, opts = {}) {
  await tx.signAsync(signer);
  const result = await submitAndWatch(tx, opts);
  if (result.dispatchError) {
    throw new Error(`dispatch failed: ${describeDispatchError(api, result.dispatchError)}`);
  }
  return result;
}

/// The events of `pallet` named `name` among `events` (as returned by submitAndWatch).
export function eventsOf(api, events, pallet, name) {
  return events.filter(({ event }) => api.events[pallet][name].is(event)).map(({ event }) => event);
}

/// The name (`pallet.Error`) of a pool refusal `Custom error: i` for a pallet whose pool errors
/// are the indices of its `Error` variants (MetaChain's credit pallet does this).
export function poolErrorName(api, pallet, message) {
  const m = /Custom error: (\d+)/.exec(message);
  if (!m) return null;
  const index = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === pallet).index.toNumber();
  const { section, name } = api.registry.findMetaError(new Uint8Array([index, Number(m[1])]));
  return `${section}.${name}`;
}

/// A random 32-byte node key, hex (validators need a persistent network key).
export function randomNodeKey() {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join('');
}

/// Start a network of validators of `chain` (e.g. `local`), one node per development key name
/// (`alice`, `bob`, ...), each with its own base path and ports, all booting from the first.
/// Resolves with the started nodes, the first one's API connected.
export async function startNetwork(chain, names) {
  const nodes = [];
  let bootnode = null;
  for (const name of names) {
    const args = ['--chain', chain, `--${name}`, '--node-key', randomNodeKey(), '--allow-private-ip'];
    if (bootnode) args.push('--bootnodes', bootnode);
    const node = await Node.create({ args });
    await node.start();
    nodes.push(node);
    if (!bootnode) {
      const peerId = await rpcCall(node.rpcPort, 'system_localPeerId');
      bootnode = `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${peerId}`;
    }
  }
  return nodes;
}

/// MetaChain's SS58 address prefix.
export const SS58 = 2210;

/// Development keyring accounts (sr25519, MetaChain addresses) by derivation path:
/// `devAccounts('Alice', 'Alice//stash', 'DeviceA')` → `{ Alice, 'Alice//stash', DeviceA }`.
export function devAccounts(...names) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  return Object.fromEntries(names.map((n) => [n, keyring.addFromUri(`//${n}`)]));
}

/// Start `metachain-node` (the development chain unless `args` say otherwise) and connect to it.
/// Resolves with `{ node, api }`; pass the same object to `stopDev` in `after`.
export async function startDev(args = ['--dev']) {
  const node = await Node.create({ args });
  await node.start();
  const api = await node.connect();
  return { node, api };
}

/// Disconnect and stop what `startDev` (or `startNetwork`) started; print the nodes' last log
/// lines if a test failed.
export async function stopDev({ api, node, nodes = [] } = {}) {
  if (api) await api.disconnect();
  for (const n of node ? [node, ...nodes] : nodes) {
    if (process.exitCode) console.error(`--- ${n.args.join(' ')}\n${await n.tail(80)}`);
    await n.cleanup();
  }
}

/// Alice (sudo on the development chain) funds each of `accounts` with `amount` and, unless
/// `invite` is false, invites it to register as a device — one batch, one block.
export async function fundDevices(api, alice, accounts, amount, { invite = true } = {}) {
  await signAndWait(api, api.tx.utility.batchAll([
    ...accounts.map((d) => api.tx.balances.transferKeepAlive(d.address, amount)),
    ...(invite ? accounts.map((d) => api.tx.sudo.sudo(api.tx.credit.forceInvite(d.address))) : []),
  ]), alice);
}

/// A motion of `committee` (an api section such as `technicalCommittee`) on a multi-validator
/// network: `proposer` proposes `call` with threshold 2, both vote aye, the proposer closes it
/// (each step waits for finality: a motion voted on a fork that is dropped is
/// `ProposalMissing`). Resolves with the `Executed` event's result.
export async function committeeMotion(api, committee, proposer, seconder, call) {
  const final = (tx, signer) => signAndWait(api, tx, signer, { finalized: true });
  const lengthBound = call.method.encodedLength;
  const proposed = await final(api.tx[committee].propose(2, call, lengthBound), proposer);
  const [ev] = eventsOf(api, proposed.events, committee, 'Proposed');
  const { proposalIndex, proposalHash } = ev.data;
  // The proposer's aye is not implied: both vote.
  await Promise.all([
    final(api.tx[committee].vote(proposalHash, proposalIndex, true), proposer),
    final(api.tx[committee].vote(proposalHash, proposalIndex, true), seconder),
  ]);
  const weight = (await api.call.transactionPaymentCallApi.queryCallInfo(call, lengthBound)).weight;
  const closed = await final(api.tx[committee].close(proposalHash, proposalIndex, weight, lengthBound), proposer);
  const [executed] = eventsOf(api, closed.events, committee, 'Executed');
  if (!executed) throw new Error(`${committee}: the motion was not executed`);
  return executed.data.result;
}

/// A test's teardown: kill its child processes (`procs`, e.g. a relay service), disconnect its
/// API client, stop and remove its node, and remove its files and directories (`paths`).
/// Every argument may be missing (a `before` that failed half way).
export async function teardown({ procs = [], api, node, paths = [] } = {}) {
  for (const p of procs) if (p && p.exitCode === null) p.kill('SIGKILL');
  await api?.disconnect();
  await node?.cleanup();
  for (const p of paths) if (p) await rm(p, { recursive: true, force: true });
}
