// A development chain spec with many devices registered at genesis: what the heartbeat relay's
// end-to-end test and scripts/bench-heartbeats.mjs run on.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { MC, NODE_BIN } from './node.mjs';

const require = createRequire(import.meta.url);
const JSONbig = require('json-bigint')({ useNativeBigInt: true });

/// `count` device keys from hashed seeds (`blake2("<label>/<i>")`; deriving thousands of
/// `//hard` paths takes minutes). Each has `seedHex`, for `metachain-device key import`.
export async function deviceKeys(count, label = 'mc/bench-heartbeat') {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  return Array.from({ length: count }, (_, i) => {
    const seed = blake2AsU8a(`${label}/${i}`);
    const pair = keyring.addFromSeed(seed);
    pair.seedHex = u8aToHex(seed);
    return pair;
  });
}

/// Write a development chain spec in which `devices` are registered at genesis (each funded
/// with the deposit and 1 MC out of Bob's share, so the supply stays 10 billion MC), each of
/// `funded` gets `amount`, every device delegates to Alice's stash when `delegate`, and a
/// credit period lasts `creditPeriod` blocks. Returns the spec's path and its credit parameters.
export async function devSpecWithDevices({ devices, funded = [], amount = 0n, delegate = false, creditPeriod = 1_000_000 }) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const spec = JSONbig.parse(execFileSync(NODE_BIN, ['build-spec', '--chain', 'dev'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  const patch = spec.genesis.runtimeGenesis.patch;
  const deposit = BigInt(patch.credit.params.deviceDeposit);
  const perDevice = deposit + MC;
  const bob = keyring.addFromUri('//Bob').address;
  const bobEntry = patch.balances.balances.find(([who]) => who === bob);
  bobEntry[1] = BigInt(bobEntry[1]) - perDevice * BigInt(devices.length) - amount * BigInt(funded.length);
  for (const d of devices) patch.balances.balances.push([d.address, perDevice]);
  for (const f of funded) patch.balances.balances.push([f, amount]);
  patch.credit.devices = devices.map((d) => [d.address, 'DvpnClient']);
  if (delegate) {
    const aliceStash = keyring.addFromUri('//Alice//stash').address;
    patch.creditDelegation.delegations = devices.map((d) => [d.address, aliceStash]);
  }
  patch.credit.params.creditPeriod = creditPeriod;
  const specPath = path.join(os.tmpdir(), `metachain-devices-${process.pid}-${devices.length}.json`);
  writeFileSync(specPath, JSONbig.stringify(spec));
  return { specPath, params: patch.credit.params };
}

/// The heartbeat `device` (a keyring pair) signs for `relay` (public key bytes) in `period`:
/// `SCALE(("mc/hrtbt", genesis, device, period, relay))`, as the relay's JSON.
export function signHeartbeat(api, device, period, relay) {
  const message = u8aConcat(stringToU8a('mc/hrtbt'), api.genesisHash.toU8a(), device.publicKey,
    api.createType('u32', period).toU8a(), relay);
  return { device: device.address, period, signature: u8aToHex(device.sign(message)) };
}
