// Helpers shared by the network's js-scripts (credit-election.js, faults.js). Zombienet loads
// each js-script with require() in its own process, so this module, and the devices' keep-alive
// below, live across the steps of one run.

const { ApiPromise, WsProvider, Keyring } = require('@polkadot/api');
const { cryptoWaitReady } = require('@polkadot/util-crypto');

const MC = 10n ** 12n;
const SS58 = 2210;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 2 s until it holds; throws after `timeoutMs`. */
async function waitUntil(what, check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(2_000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An API connected to a node of the network. */
async function connect(networkInfo, nodeName) {
  await cryptoWaitReady();
  const { wsUri } = networkInfo.nodesByName[nodeName];
  return ApiPromise.create({ provider: new WsProvider(wsUri), noInitWarn: true });
}

function keyring() {
  return new Keyring({ type: 'sr25519', ss58Format: SS58 });
}

/** Signs and sends; resolves in its block, rejects with the dispatch error's name. */
function signAndWait(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) {
        if (result.dispatchError) {
          const e = result.dispatchError;
          const name = e.isModule
            ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(e.asModule))
            : e.type;
          reject(new Error(`dispatch failed: ${name}`));
        } else {
          resolve(result);
        }
      } else if (result.isError) {
        reject(new Error(`transaction ${result.status.type}`));
      }
    }).catch(reject);
  });
}

/**
 * `signAndWait`, one at a time across every script of the run: the devices' heartbeats and the
 * scripts' own calls share signers (Ferdie invites and sends heartbeats), so they must not race
 * for a nonce.
 */
let lock = Promise.resolve();
function submit(api, tx, signer) {
  const done = lock.then(() => signAndWait(api, tx, signer));
  lock = done.catch(() => {});
  return done;
}

/**
 * The genesis devices (Ferdie and Ferdie's stash back Alice, One and Two back Bob, DaveBackerA
 * and DaveBackerB back Dave) and any device added later send their heartbeat once a credit
 * period, as devices do, for as long as the run lasts: a backing counts only while its devices
 * are active, and the fault steps must not change the validator set by letting them lapse.
 * Started once (on Alice, who is never stopped); `devices.add(uri)` adds one.
 */
const devices = {
  uris: new Set(['//Ferdie', '//Ferdie//stash', '//One', '//Two', '//DaveBackerA', '//DaveBackerB']),
  started: null,
  stopped: false,
  add(uri) {
    this.uris.add(uri);
  },
  start(networkInfo) {
    if (this.started) return this.started;
    this.started = (async () => {
      const api = await connect(networkInfo, 'alice');
      const keys = keyring();
      let lastPeriod = -1;
      // Detached: runs beside the steps until `stop()` (the last step).
      this.loop = (async () => {
        while (!this.stopped) {
          try {
            const period = (await api.call.creditApi.currentPeriod()).toNumber();
            if (period !== lastPeriod) {
              lastPeriod = period;
              // A device that already reported in this period is refused: ignore it.
              await Promise.all([...this.uris].map((u) =>
                submit(api, api.tx.credit.heartbeat(), keys.addFromUri(u)).catch(() => {})));
            }
          } catch (e) {
            console.log('[keep-alive]', e.message);
          }
          await sleep(3_000);
        }
        await api.disconnect();
      })();
    })();
    return this.started;
  },
  async stop() {
    this.stopped = true;
    await this.loop;
  },
};

module.exports = { MC, SS58, sleep, waitUntil, connect, keyring, signAndWait, submit, devices };
