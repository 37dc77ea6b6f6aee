// Zombienet js-script: the proof-of-credit election on the local testnet.
//
// Charlie is a genesis validator with stake but no device backing, so the first
// proof-of-credit election drops him from the validator set. Two new devices (invited by the
// genesis device Ferdie), each weighing its 100 MC deposit, then delegate to him (the
// network's minimum backing is 150 MC); they count for him from the next credit period
// (20 blocks in this network), at their first heartbeat in it, and the next election brings
// him back. Meanwhile every device, the genesis devices backing Alice, Bob and Dave included,
// sends its heartbeat once a period, as a device does (lib.js `devices`, which goes on through
// the fault steps). The elections are the multi-phase provider's: the validators' off-chain
// workers mine them (`ElectionFinalized` with compute `Unsigned`). A mined solution is an
// unsigned transaction each validator keeps in its own pool (never propagated); when the block
// that carried it is retracted by a fork late in this network's five-block unsigned phase, the
// pools may not offer it again in time (seen once in CI, 2026-12-07: round 3, a reorg at the
// phase's second block), and that election falls back to the on-chain `Fallback`, which
// elects from the same voters and candidates. So: more than half of the elections seen must be
// mined, the others may only be the fallback (never an emergency phase); each one's compute is
// printed.
// Runs in zombienet's test runner. It uses the project's own @polkadot/api (the one the e2e
// tests use) rather than the runner's bundled `zombie.ApiPromise`, which is older and does not
// expose runtime APIs (`api.call.*`) from the metadata.

const { MC, waitUntil, connect, keyring: newKeyring, submit: submitOne, devices: alive } = require('./lib.js');

async function run(nodeName, networkInfo) {
  const api = await connect(networkInfo, nodeName);
  if (!api.call.creditDelegationApi) throw new Error('the runtime does not expose CreditDelegationApi');
  const keyring = newKeyring();
  const charlie = keyring.addFromUri('//Charlie//stash').address;
  const ferdie = keyring.addFromUri('//Ferdie');
  const dave = keyring.addFromUri('//Dave');
  const backers = ['//CharlieBackerA', '//CharlieBackerB'];
  const devices = backers.map((u) => Object.assign(keyring.addFromUri(u), { uri: u }));
  const validators = async () => (await api.query.session.validators()).map((v) => v.toString());
  const log = (...a) => console.log('[credit-election]', ...a);
  const submit = (tx, signer) => submitOne(api, tx, signer);
  await alive.start(networkInfo);

  // How each election was computed (`electionProviderMultiPhase.ElectionFinalized`).
  const computes = [];
  const unsubscribe = await api.query.system.events((events) => {
    for (const { event } of events) {
      if (api.events.electionProviderMultiPhase.ElectionFinalized.is(event)) {
        computes.push(event.data.compute.toString());
        log('election finalized, computed:', event.data.compute.toString());
      }
    }
  });
  // The compute of the last election seen (the one whose set the next session enacts).
  const lastCompute = () => computes[computes.length - 1];

  try {
    await waitUntil('Charlie to leave the validator set (no device backing)',
      async () => !(await validators()).includes(charlie), 600_000);
    const dropped = lastCompute();
    const [backing0, , electable0] = await api.call.creditDelegationApi.validatorBacking(charlie);
    if (backing0.toBigInt() !== 0n || electable0.isTrue) throw new Error('Charlie should have no backing');
    log('Charlie is out:', (await validators()).length, 'validators');

    await submit(api.tx.utility.batchAll(
      devices.map((d) => api.tx.balances.transferKeepAlive(d.address, 2_000n * MC)),
    ), dave);
    for (const d of devices) {
      await submit(api.tx.credit.invite(d.address), ferdie);
      await submit(api.tx.credit.registerDevice('SmartGateway'), d);
      await submit(api.tx.creditDelegation.delegate(charlie), d);
      alive.add(d.uri);
    }
    const [pending, delegators0] = await api.call.creditDelegationApi.validatorBacking(charlie);
    log(`Charlie has ${delegators0} devices, counting ${pending} plancks of weight until the next period`);
    if (pending.toBigInt() !== 0n) throw new Error('new delegations should not count before the next period');
    await waitUntil('the devices to count for Charlie', async () => {
      const [, , electable] = await api.call.creditDelegationApi.validatorBacking(charlie);
      return electable.isTrue;
    }, 600_000);
    const [backing, delegators] = await api.call.creditDelegationApi.validatorBacking(charlie);
    log(`Charlie is backed: ${backing.toBigInt() / MC} MC of device weight by ${delegators} devices`);

    await waitUntil('Charlie to be elected again',
      async () => (await validators()).includes(charlie), 600_000);
    const restored = lastCompute();
    log('Charlie is back in the validator set');
    const mined = computes.filter((c) => c === 'Unsigned').length;
    const fallbacks = computes.filter((c) => c === 'Fallback').length;
    log(`${computes.length} elections: ${mined} mined by the validators (Unsigned), ${fallbacks} `
      + `fell back on chain (a fork dropped the mined solution); Charlie dropped by ${dropped}, `
      + `restored by ${restored}`);
    if (computes.length === 0) throw new Error('no election was seen');
    const other = computes.filter((c) => c !== 'Unsigned' && c !== 'Fallback');
    if (other.length > 0) throw new Error(`elections computed neither way: ${other.join(', ')}`);
    if (mined * 2 <= computes.length) {
      throw new Error(`most elections were not mined off chain: ${computes.join(', ')}`);
    }
    return 1;
  } finally {
    unsubscribe();
    await api.disconnect();
  }
}

module.exports = { run };
