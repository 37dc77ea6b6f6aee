// Heartbeat load for the benchmarks: register a relay, submit signed batches, and measure what
// each block took (heartbeats, transfers, weight used).

import { u8aConcat, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { Keyring } from '@polkadot/keyring';
import { signHeartbeat } from './devices-spec.mjs';

/// The key of generated device `i` of runtime/examples/scale_state.rs: the sr25519 key of seed
/// `blake2_256(SCALE(("metachain/scale-state", i)))`.
export async function scaleDeviceKeys(indices) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const tag = stringToU8a('metachain/scale-state');
  const keys = [];
  for (const i of indices) {
    const le = new Uint8Array(4);
    new DataView(le.buffer).setUint32(0, i, true);
    keys.push(keyring.addFromSeed(blake2AsU8a(u8aConcat(tag, le), 256)));
    if (keys.length % 500 === 0) await yieldToEvents();
  }
  return keys;
}

/// Let the event loop run (WebSocket pings, subscriptions) between chunks of CPU-bound work: the
/// node drops a connection that has not answered its pings for a minute or two.
export function yieldToEvents() {
  return new Promise((resolve) => setImmediate(resolve));
}

/// Sign and send `tx` from `signer`; resolves once it is in a block without error.
export function inBlock(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()));
      else if (status.isInBlock) resolve();
    }).catch(reject);
  });
}

/// `devices`' heartbeats for `period`, signed for `relay`, as `submitHeartbeats` entries.
export function batchEntries(api, devices, period, relay) {
  return devices.map((d) => {
    const h = signHeartbeat(api, d, period, relay.publicKey);
    return { ...h, signature: { Sr25519: h.signature } };
  });
}

/// [`batchEntries`] for many devices, letting the event loop run between chunks of 500.
export async function batchEntriesYielding(api, devices, period, relay) {
  const entries = [];
  for (let i = 0; i < devices.length; i += 500) {
    entries.push(...batchEntries(api, devices.slice(i, i + 500), period, relay));
    await yieldToEvents();
  }
  return entries;
}

/// The `HeartbeatWitness` of a batch of `entries` as the chain classes them now
/// (`CreditApi::heartbeat_readiness`): grouped entries (delegating devices moving with their
/// validator's group), their distinct groups, and heavy ones. Entries the chain would skip count
/// as nothing (they are skipped either way).
export async function witnessOf(api, entries) {
  const answers = await api.call.creditApi.heartbeatReadiness(entries.map((e) => e.device));
  let grouped = 0;
  let heavy = 0;
  const groups = new Set();
  for (const answer of answers) {
    if (!answer.isOk) continue;
    const c = answer.asOk;
    if (c.isGrouped) {
      grouped += 1;
      groups.add(c.asGrouped.toString());
    } else if (c.isHeavy) {
      heavy += 1;
    }
  }
  return { grouped, groups: groups.size, heavy };
}

/// Submit `entries` in batches of `size`, signed by `relay` with consecutive nonces, all at
/// once, each batch declaring the witness of its classes as the chain tells them
/// ([`witnessOf`]). Returns how many batches the pool refused, and the witnesses' totals.
export async function submitBatches(api, relay, entries, size) {
  const slices = [];
  for (let i = 0; i < entries.length; i += size) slices.push(entries.slice(i, i + size));
  const witnesses = await Promise.all(slices.map((b) => witnessOf(api, b)));
  const nonce = (await api.rpc.system.accountNextIndex(relay.address)).toNumber();
  const signed = await Promise.all(slices.map((b, i) =>
    api.tx.credit.submitHeartbeats(b, witnesses[i]).signAsync(relay, { nonce: nonce + i })));
  const results = await Promise.allSettled(signed.map((xt) => api.rpc.author.submitExtrinsic(xt)));
  const refused = results.filter((r) => r.status === 'rejected');
  const total = (k) => witnesses.reduce((a, w) => a + w[k], 0);
  return {
    batches: slices.length,
    refused: refused.length,
    reason: refused[0]?.reason?.message,
    witness: { grouped: total('grouped'), groups: total('groups'), heavy: total('heavy') },
  };
}

/// Heartbeats a block's `events` record: those relays' batches took (`HeartbeatsRelayed`
/// counts them; a batch deposits no event per entry) and devices' own (`Heartbeat`).
export function heartbeatsIn(api, events) {
  let n = 0;
  for (const { event } of events) {
    if (api.events.credit.HeartbeatsRelayed.is(event)) n += event.data.accepted.toNumber();
    else if (api.events.credit.Heartbeat.is(event)) n += 1;
  }
  return n;
}

/// Follow new blocks; for each, call `onBlock({ number, heartbeats, transfers, weightUsed })`
/// (`weightUsed`: the normal class's share of the block's ref_time limit). Returns the unsubscribe.
export async function watchBlocks(api, onBlock) {
  const limit = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const max = api.consts.system.blockWeights.maxBlock.refTime.toBigInt();
  return api.rpc.chain.subscribeNewHeads(async (header) => {
    const at = await api.at(header.hash);
    const [events, weight] = await Promise.all([at.query.system.events(), at.query.system.blockWeight()]);
    const count = (is) => events.filter(({ event }) => is(event)).length;
    const used = weight.normal.refTime.toBigInt();
    onBlock({
      number: header.number.toNumber(),
      heartbeats: heartbeatsIn(api, events),
      transfers: count((e) => api.events.balances.Transfer.is(e)),
      weightUsed: Number((used * 1000n) / max) / 10,
      normalShare: Number((used * 1000n) / limit) / 10,
    });
  });
}
