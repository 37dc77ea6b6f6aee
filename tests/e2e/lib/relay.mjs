// The heartbeat relay service (`metachain-heartbeat-relay`) as the end-to-end tests drive it:
// its command line against a node, and its HTTP service started and awaited.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './node.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), '.cache/metachain-target');
/** The built relay: `cargo build --release -p metachain-heartbeat-relay`. */
export const RELAY_BIN = path.join(TARGET, 'release/metachain-heartbeat-relay');

/**
 * A relay of `node` whose key file is `keyPath` (the key is made by `cli('key', 'import', uri)`).
 * `cli(...args)` runs one command and returns its output (failing the test if it fails);
 * `start(url, dataDir, ...extra)` runs the service listening at `url` (http://127.0.0.1:port)
 * and resolves once it answers `/health`; the returned process has `log()`.
 */
export function relayOf(node, keyPath) {
  const base = () => ['--url', node.wsUrl, '--key', keyPath];
  const cli = (...args) => {
    const r = spawnSync(RELAY_BIN, [...base(), ...args], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `metachain-heartbeat-relay ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const start = async (url, dataDir, ...extra) => {
    const proc = spawn(RELAY_BIN, [...base(), 'run', '--listen', new URL(url).host, '--data', dataDir, ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    proc.stdout.on('data', (d) => { log += d; });
    proc.stderr.on('data', (d) => { log += d; });
    proc.log = () => log;
    await waitFor('the relay to listen', async () => {
      if (proc.exitCode !== null) throw new Error(`the relay exited: ${log}`);
      return (await fetch(`${url}/health`).catch(() => null))?.ok;
    }, 60_000);
    return proc;
  };
  return { cli, start };
}
