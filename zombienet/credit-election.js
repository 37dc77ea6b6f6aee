// Zombienet js-script: the proof-of-credit election on the local testnet.
//
// Charlie is a genesis validator with stake but no delegated credit, so the first
// proof-of-credit election drops him from the validator set. Two new devices (invited by the
// genesis device Ferdie) then delegate to him; the next election brings him back.
// Runs in zombienet's test runner. It uses the project's own @polkadot/api (the one the e2e
// tests use) rather than the runner's bundled `zombie.ApiPromise`, which is older and does not
// expose runtime APIs (`api.call.*`) from the metadata.

const { ApiPromise, WsProvider, Keyring } = require('@polkadot/api');
const { cryptoWaitReady } = require('@polkadot/util-crypto');

const MC = 10n ** 12n;
const SS58 = 2210;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what, check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(3_000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function signAndWait(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) {
        if (result.dispatchError) {
          const e = result.dispatchError;
          const name = e.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(e.asModule)) : e.type;
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

async function run(nodeName, networkInfo) {
  const { wsUri } = networkInfo.nodesByName[nodeName];
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(wsUri), noInitWarn: true });
  if (!api.call.creditDelegationApi) throw new Error('the runtime does not expose CreditDelegationApi');
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const charlie = keyring.addFromUri('//Charlie//stash').address;
  const ferdie = keyring.addFromUri('//Ferdie');
  const dave = keyring.addFromUri('//Dave');
  const devices = [keyring.addFromUri('//CharlieBackerA'), keyring.addFromUri('//CharlieBackerB')];
  const validators = async () => (await api.query.session.validators()).map((v) => v.toString());
  const log = (...a) => console.log('[credit-election]', ...a);

  try {
    await waitUntil('Charlie to leave the validator set (no credit backing)',
      async () => !(await validators()).includes(charlie), 600_000);
    const [credit0, , electable0] = await api.call.creditDelegationApi.validatorBacking(charlie);
    if (credit0.toNumber() !== 0 || electable0.isTrue) throw new Error('Charlie should have no backing');
    log('Charlie is out:', (await validators()).length, 'validators');

    await signAndWait(api, api.tx.utility.batchAll(
      devices.map((d) => api.tx.balances.transferKeepAlive(d.address, 2_000n * MC)),
    ), dave);
    for (const d of devices) {
      await signAndWait(api, api.tx.credit.invite(d.address), ferdie);
      await signAndWait(api, api.tx.credit.registerDevice('SmartGateway'), d);
      await signAndWait(api, api.tx.creditDelegation.delegate(charlie), d);
    }
    const [credit, delegators, electable] = await api.call.creditDelegationApi.validatorBacking(charlie);
    log(`Charlie is backed: ${credit} credit by ${delegators} devices, electable: ${electable}`);
    if (!electable.isTrue) throw new Error('Charlie should be electable now');

    await waitUntil('Charlie to be elected again',
      async () => (await validators()).includes(charlie), 600_000);
    log('Charlie is back in the validator set');
    return 1;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
