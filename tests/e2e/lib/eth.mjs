// Ethereum helpers for end-to-end tests: compile the contracts in contracts/ with the solc npm
// package, run anvil (npm @foundry-rs/anvil-linux-amd64) on loopback, and talk to it over
// plain JSON-RPC (ABI encoding by hand: the contract's calls take only fixed-size words).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { keccakAsHex } from '@polkadot/util-crypto';
import { freePort, waitFor } from './node.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ANVIL_BIN = path.join(ROOT, 'node_modules/.bin/anvil');

/// anvil's first two development accounts (its default mnemonic), unlocked on anvil.
export const ANVIL_ACCOUNTS = [
  { address: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' },
  { address: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' },
];

/// Compile contract `name` of `contracts/<file>` (with `extra` sources beside it, `{ name:
/// source }`, which may import it by file name); returns { abi, bytecode }.
export function compileContract(file, name, extra = {}) {
  const solc = require('solc');
  const sources = { [file]: { content: readFileSync(path.join(ROOT, 'contracts', file), 'utf8') } };
  for (const [f, content] of Object.entries(extra)) sources[f] = { content };
  const input = {
    language: 'Solidity',
    sources,
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const c = Object.values(out.contracts).map((byName) => byName[name]).find(Boolean);
  if (!c) throw new Error(`no contract ${name} in ${file}`);
  return { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
}

/// Compile the anchor contract; returns { abi, bytecode }.
export const compileAnchor = () => compileContract('TracChainAnchor.sol', 'TracChainAnchor');

/// The 4-byte selector of a function signature, e.g. `anchor(uint64,bytes32)`.
export const selector = (signature) => keccakAsHex(signature).slice(0, 10);
/// A 32-byte ABI word of an unsigned integer.
export const word = (n) => BigInt(n).toString(16).padStart(64, '0');
/// A 32-byte ABI word of an address.
export const addressWord = (a) => a.toLowerCase().replace(/^0x/, '').padStart(64, '0');
/// A bytes32 value as an ABI word.
export const bytes32Word = (h) => h.toLowerCase().replace(/^0x/, '').padStart(64, '0');

/// An anvil process on a free loopback port.
export class Anvil {
  /// Start it (chain id 31337, anvil's default, unless `chainId` says otherwise).
  async start({ chainId = 31337 } = {}) {
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    this.chainId = chainId;
    const args = ['--port', String(this.port), '--host', '127.0.0.1', '--block-time', '1', '--silent',
      '--chain-id', String(chainId)];
    this.proc = spawn(ANVIL_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    const id = '0x' + chainId.toString(16);
    await waitFor('anvil to answer', async () => (await this.rpc('eth_chainId')) === id, 30_000, 200);
    return this;
  }

  /// Deploy `bytecode` followed by its constructor's ABI-encoded `args` (hex, no 0x).
  async deploy(from, bytecode, args = '') {
    const receipt = await this.send(from, null, bytecode + args);
    if (receipt.status !== '0x1') throw new Error('deployment failed');
    return receipt.contractAddress;
  }

  /// The custom error (its 4-byte selector, 0x-prefixed) that calling `data` on `to` reverts
  /// with, or null when the call succeeds.
  async revertOf(from, to, data) {
    try {
      await this.rpc('eth_call', [{ from, to, data }, 'latest']);
      return null;
    } catch (e) {
      const d = typeof e.data === 'string' ? e.data : e.data?.data;
      if (typeof d !== 'string') throw e;
      return d.slice(0, 10);
    }
  }

  async rpc(method, params = []) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = await res.json();
    if (body.error) {
      const e = new Error(`${method}: ${body.error.message}`);
      e.data = body.error.data;
      throw e;
    }
    return body.result;
  }

  /// Send a transaction from an unlocked anvil account; resolves with its receipt.
  async send(from, to, data) {
    const hash = await this.rpc('eth_sendTransaction', [{ from, to, data, gas: '0x200000' }]);
    return waitFor(`receipt of ${hash}`, () => this.rpc('eth_getTransactionReceipt', [hash]), 30_000, 200);
  }

  /// Deploy the anchor contract allowing `relayers`; resolves with its address.
  async deployAnchor(from, relayers) {
    const { bytecode } = compileAnchor();
    // constructor(address[]): offset, length, elements.
    return this.deploy(from, bytecode, word(32) + word(relayers.length) + relayers.map(addressWord).join(''));
  }

  /// `rootOf(checkpoint)` of the contract at `address`.
  async rootOf(address, checkpoint) {
    return this.rpc('eth_call', [{ to: address, data: selector('rootOf(uint64)') + word(checkpoint) }, 'latest']);
  }

  stop() {
    if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}
