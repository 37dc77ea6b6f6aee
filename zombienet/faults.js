// Zombienet js-script: fault steps of the four-validator network (network.zndsl runs them in
// order, with the DSL's own `pause` (SIGSTOP) and `restart` (kill -9, then the same command on
// the same base path) between them). Each step is one call, named by its argument:
//
//   four-voters         the four validators are GRANDPA's voters at the finalized head
//   finality-continues  (Dave stopped) blocks and finality go on with three of four validators
//   authors-again       (Dave restarted) Dave catches up with Alice and authors a block again
//   finality-halts      (Charlie and Dave stopped) blocks go on, finality stops
//   finality-resumes    (both restarted) finality passes the blocks made meanwhile, no gap
//   load                transfers flood the chain; Bob's finalized head and the transactions in
//                       his finalized blocks are recorded, and the flood goes on as Bob is killed
//   database-intact     (Bob restarted on his database) his finalized head is not behind the
//                       recorded one and every recorded transaction is still in its block
//   transfers-start     watched transfers from three senders, continuously, until...
//   transfers-settled   (after Dave's restart) every accepted transfer landed once or was
//                       reported dropped or invalid to its sender; nonces go on
//   equivocation        a second node with Dave's keys: the BABE offence (two blocks in a slot)
//                       is reported on chain, no report is rejected, and Dave's slash recorded
//                       (applied after the deferral, as the runtime tests show); a GRANDPA
//                       offence (two votes in a round) is logged when the twins' votes happened
//                       to differ — they rarely do, since both vote two blocks behind their best,
//                       mostly on the same chain; the devices' keep-alive stops (last step)
//
// Zombienet keeps this module loaded across the steps of a run: `state` carries what one step
// records for the next.

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { MC, sleep, waitUntil, connect, keyring, devices } = require('./lib.js');

const state = {};
const log = (...a) => console.log('[faults]', ...a);

async function heads(api) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const finalizedHash = await api.rpc.chain.getFinalizedHead();
  const finalized = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
  return { best, finalized };
}

/** `promise`, or a rejection after `ms` (the message names no pool error: "unsure"). */
function withTimeout(ms, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

const stashOf = (name) => keyring().addFromUri(`//${name}//stash`).address;

/** The author (stash) of each new block, as Alice's node sees it, until `until` holds. */
async function watchAuthors(api, until, timeoutMs) {
  let unsub;
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a block author')), timeoutMs);
      api.derive.chain.subscribeNewHeads((header) => {
        const author = header.author ? header.author.toString() : undefined;
        if (until(header.number.toNumber(), author)) {
          clearTimeout(timer);
          resolve();
        }
      }).then((u) => { unsub = u; }).catch(reject);
    });
  } finally {
    if (unsub) unsub();
  }
}

const steps = {
  async 'four-voters'(networkInfo) {
    const api = await connect(networkInfo, 'alice');
    try {
      // GRANDPA's set changes when the block enacting it is finalized: until then the old set
      // (three, without Charlie) votes, and it tolerates no fault.
      await waitUntil('the four validators to be GRANDPA\'s set at the finalized head', async () => {
        const at = await api.at(await api.rpc.chain.getFinalizedHead());
        return (await at.query.grandpa.authorities()).length === 4;
      }, 180_000);
      const { finalized } = await heads(api);
      log(`GRANDPA votes with four validators from #${finalized}`);
      return 1;
    } finally {
      await api.disconnect();
    }
  },

  async 'finality-continues'(networkInfo) {
    const api = await connect(networkInfo, 'alice');
    try {
      const start = await heads(api);
      await waitUntil('Alice to finalize 3 more blocks without Dave',
        async () => (await heads(api)).finalized >= start.finalized + 3, 90_000);
      const now = await heads(api);
      log(`Dave stopped: finalized ${start.finalized} -> ${now.finalized}, best ${start.best} -> ${now.best}`);
      state.beforeRestart = now;
      return 1;
    } finally {
      await api.disconnect();
    }
  },

  async 'authors-again'(networkInfo) {
    const alice = await connect(networkInfo, 'alice');
    const dave = await connect(networkInfo, 'dave');
    try {
      const target = await heads(alice);
      await waitUntil('Dave to catch up with Alice', async () => {
        const h = await heads(dave);
        return h.best >= target.best && h.finalized >= target.finalized;
      }, 120_000);
      log(`Dave caught up to #${target.best} (finalized #${target.finalized})`);
      const daveStash = stashOf('Dave');
      let authored;
      await watchAuthors(alice, (number, author) => {
        if (number > target.best && author === daveStash) authored = number;
        return authored !== undefined;
      }, 240_000);
      log(`Dave authored #${authored} after his restart`);
      return 1;
    } finally {
      await Promise.all([alice.disconnect(), dave.disconnect()]);
    }
  },

  async 'finality-halts'(networkInfo) {
    const api = await connect(networkInfo, 'alice');
    try {
      // A round already under way may still complete.
      await sleep(6_000);
      const start = await heads(api);
      await waitUntil('blocks to go on with two of four validators',
        async () => (await heads(api)).best >= start.best + 3, 150_000);
      const now = await heads(api);
      log(`Charlie and Dave stopped: best ${start.best} -> ${now.best}, finalized ${start.finalized} -> ${now.finalized}`);
      if (now.finalized > start.finalized + 1) {
        throw new Error(`finality went on with two of four validators: ${start.finalized} -> ${now.finalized}`);
      }
      // A block made while finality stood still, a few below the tip (not in a fork race).
      const n = now.best - 1;
      state.stalled = { finalized: now.finalized, n, hash: (await api.rpc.chain.getBlockHash(n)).toHex() };
      return 1;
    } finally {
      await api.disconnect();
    }
  },

  async 'finality-resumes'(networkInfo) {
    const api = await connect(networkInfo, 'alice');
    try {
      const { finalized, n, hash } = state.stalled;
      await waitUntil(`finality to pass #${n}`, async () => (await heads(api)).finalized >= n + 1, 180_000);
      const onChain = (await api.rpc.chain.getBlockHash(n)).toHex();
      if (onChain !== hash) throw new Error(`#${n} was ${hash} while finality stood still, is ${onChain}`);
      // Every block between is on the finalized chain: walk back from #n to the stalled head.
      let header = await api.rpc.chain.getHeader(hash);
      while (header.number.toNumber() > finalized) {
        header = await api.rpc.chain.getHeader(header.parentHash);
      }
      const stalledHead = (await api.rpc.chain.getBlockHash(finalized)).toHex();
      if (header.hash.toHex() !== stalledHead) throw new Error('the finalized chain has a gap');
      log(`finality resumed: #${finalized} .. #${n} finalized, the block made meanwhile kept (${hash.slice(0, 10)}…)`);
      return 1;
    } finally {
      await api.disconnect();
    }
  },

  async load(networkInfo) {
    const alice = await connect(networkInfo, 'alice');
    const bob = await connect(networkInfo, 'bob');
    const eve = keyring().addFromUri('//Eve');
    try {
      const nextNonce = async () => (await alice.rpc.system.accountNextIndex(eve.address)).toNumber();
      const send = async (count) => {
        let nonce = await nextNonce();
        const hashes = [];
        for (let i = 0; i < count; i += 1) {
          const to = keyring().addFromUri(`//Load${i % 50}`).address;
          // The pool may answer for a block behind the one that used Eve's nonce ("outdated"):
          // take the next nonce it knows, or the one after, and sign again.
          for (let attempt = 0; ; attempt += 1) {
            const tx = await alice.tx.balances.transferAllowDeath(to, MC).signAsync(eve, { nonce });
            try {
              hashes.push((await alice.rpc.author.submitExtrinsic(tx)).toHex());
              nonce += 1;
              break;
            } catch (e) {
              if (attempt >= 20 || !/outdated|Priority is too low/.test(e.message)) throw e;
              nonce = Math.max(nonce + 1, await nextNonce());
            }
          }
        }
        return hashes;
      };
      // Scan Bob's blocks from before the first transfer is sent.
      const from = (await heads(bob)).best;
      const first = new Set(await send(400));
      // Bob's finalized blocks holding the first transfers.
      const recorded = [];
      await waitUntil('the first transfers to be finalized on Bob', async () => {
        const { finalized } = await heads(bob);
        while ((state.scanned ?? from) <= finalized) {
          const n = state.scanned ?? from;
          const hash = await bob.rpc.chain.getBlockHash(n);
          const block = await bob.rpc.chain.getBlock(hash);
          for (const ex of block.block.extrinsics) {
            if (first.has(ex.hash.toHex())) recorded.push({ block: hash.toHex(), n, tx: ex.hash.toHex() });
          }
          state.scanned = n + 1;
        }
        return recorded.length >= first.size / 2;
      }, 180_000);
      const { finalized } = await heads(bob);
      state.bob = { finalized, recorded };
      // The flood goes on while the DSL kills Bob: he is importing these.
      await send(1_500);
      log(`Bob finalized #${finalized} holding ${recorded.length} recorded transfers; 1,500 more on their way`);
      return 1;
    } finally {
      await Promise.all([alice.disconnect(), bob.disconnect()]);
    }
  },

  async 'database-intact'(networkInfo) {
    const bob = await connect(networkInfo, 'bob');
    const alice = await connect(networkInfo, 'alice');
    try {
      const { finalized, recorded } = state.bob;
      const after = await heads(bob);
      if (after.finalized < finalized) {
        throw new Error(`Bob's finalized head went back: #${finalized} before the kill, #${after.finalized} after`);
      }
      for (const { block, n, tx } of recorded) {
        const b = await bob.rpc.chain.getBlock(block);
        if (!b.block.extrinsics.some((ex) => ex.hash.toHex() === tx)) {
          throw new Error(`transfer ${tx} of finalized block #${n} is missing after the restart`);
        }
      }
      log(`Bob restarted at finalized #${after.finalized} (was #${finalized}); all ${recorded.length} recorded transfers in their blocks`);
      const target = (await heads(alice)).finalized;
      await waitUntil('Bob to sync again', async () => (await heads(bob)).finalized >= target, 180_000);
      return 1;
    } finally {
      await Promise.all([alice.disconnect(), bob.disconnect()]);
    }
  },

  async 'transfers-start'(networkInfo) {
    const keys = keyring();
    // Eve and Bob send through Alice's node, Charlie through Dave's, which the DSL kills.
    const routes = [['//Eve', 'alice'], ['//Bob', 'alice'], ['//Charlie', 'dave']];
    const apis = { alice: await connect(networkInfo, 'alice'), dave: await connect(networkInfo, 'dave') };
    const senders = routes.map(([uri, node]) => ({ pair: keys.addFromUri(uri), api: apis[node], node }));
    const nonces0 = {};
    for (const s of senders) {
      nonces0[s.pair.address] = (await apis.alice.rpc.system.accountNextIndex(s.pair.address)).toNumber();
    }
    const txs = [];
    state.transfers = { apis, senders, nonces0, txs, running: true };
    // A dropped connection is the sender's news that its pending transfers may be lost: a
    // wallet marks them so and asks the chain for its next nonce again.
    for (const [node, api] of Object.entries(apis)) {
      api.on('disconnected', () => {
        for (const t of txs) {
          if (t.node === node && t.accepted && !t.finalized && !t.reported) t.reported = 'connection lost';
        }
        for (const s of senders) if (s.node === node) s.refresh = true;
      });
    }
    // Each sender: a transfer every second, watched until its fate is known.
    state.transfers.loops = senders.map(async (s, k) => {
      let nonce = nonces0[s.pair.address];
      while (state.transfers.running) {
        const record = { sender: s.pair.address, node: s.node, statuses: [] };
        try {
          if (s.refresh) {
            nonce = (await s.api.rpc.system.accountNextIndex(s.pair.address)).toNumber();
            s.refresh = false;
          }
          record.nonce = nonce;
          txs.push(record);
          const tx = s.api.tx.balances.transferAllowDeath(keys.addFromUri(`//Watched${k}`).address, MC);
          // A submission the node never answers (it was killed meanwhile) fails after 30 s.
          await withTimeout(30_000, tx.signAndSend(s.pair, { nonce }, (result) => {
            record.statuses.push(result.status.type);
            record.hash = result.txHash.toHex();
            if (result.status.isFinalized) record.finalized = result.status.asFinalized.toHex();
            if (result.status.isDropped || result.status.isInvalid || result.status.isUsurped) {
              record.reported = result.status.type;
            }
          }));
          record.accepted = true;
          nonce += 1;
        } catch (e) {
          // Refused at submission: the sender is told at once. A refusal by the node's pool
          // (an RPC error 1010-1014: invalid, future nonce, priority, too low) is final; any
          // other failure (the connection went down) may have come after the node took the
          // transfer, which may still land: the sender cannot know, and counts it as unsure.
          record.refused = e.message;
          record.unsure = !/\b101[0-4]\b/.test(e.message);
          s.refresh = true;
        }
        await sleep(1_000);
      }
    });
    await sleep(5_000);
    log(`watched transfers from ${senders.length} senders under way`);
    return 1;
  },

  async 'transfers-settled'() {
    const { apis, senders, nonces0, txs } = state.transfers;
    const api = apis.alice;
    try {
      await sleep(10_000);
      state.transfers.running = false;
      await Promise.all(state.transfers.loops);
      const accepted = txs.filter((t) => t.accepted);
      await waitUntil('every accepted transfer to be finalized or reported', async () =>
        accepted.every((t) => t.finalized || t.reported), 240_000);
      for (const t of accepted.filter((x) => x.finalized)) {
        const block = await api.rpc.chain.getBlock(t.finalized);
        const n = block.block.extrinsics.filter((ex) => ex.hash.toHex() === t.hash).length;
        if (n !== 1) throw new Error(`transfer ${t.hash} is ${n} times in its finalized block`);
      }
      // Nonces go on: each sender's nonce counts its transfers that landed, every one of which
      // its sender saw finalized or was told might be lost (reported, or cut off while sent).
      for (const s of senders) {
        const mine = txs.filter((t) => t.sender === s.pair.address);
        const nonce = (await api.query.system.account(s.pair.address)).nonce.toNumber();
        const finalized = mine.filter((t) => t.accepted && t.finalized).length;
        const unsure = mine.filter((t) => (t.accepted && !t.finalized) || t.unsure).length;
        if (nonce < nonces0[s.pair.address] + finalized || nonce > nonces0[s.pair.address] + finalized + unsure) {
          throw new Error(`${s.pair.address}: nonce ${nonce} from ${nonces0[s.pair.address]}, ` +
            `${finalized} seen finalized, ${unsure} reported`);
        }
      }
      const finalized = accepted.filter((t) => t.finalized).length;
      const reported = accepted.filter((t) => !t.finalized).map((t) => `${t.node}: ${t.reported}`);
      const cutOff = txs.filter((t) => t.unsure).length;
      log(`${txs.length} transfers: ${finalized} finalized once, ${reported.length} reported ` +
        `(${reported.join(', ') || 'none'}), ${txs.length - accepted.length} refused at submission ` +
        `(${cutOff} of them by a lost connection); nonces continue`);
      return 1;
    } finally {
      await Promise.all(Object.values(apis).map((a) => a.disconnect()));
    }
  },

  async equivocation(networkInfo) {
    const api = await connect(networkInfo, 'alice');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metachain-twin-'));
    let twin;
    try {
      const [peerId, addrs] = await Promise.all([api.rpc.system.localPeerId(), api.rpc.system.localListenAddresses()]);
      const addr = addrs.map((a) => a.toString()).find((a) => a.includes('/127.0.0.1/tcp/')) ?? addrs[0].toString();
      const bootnode = addr.includes('/p2p/') ? addr : `${addr}/p2p/${peerId}`;
      const daveStash = stashOf('Dave');
      // Offence kinds seen (`babe:equivocatio`, `grandpa:equivoca`), Dave's slash, and reports
      // the runtime rejected (the stock BABE reporter's unsealed headers would be, and so would
      // a key-ownership proof from another session).
      const seen = { kinds: new Set(), slash: null, rejected: [] };
      const unsub = await api.query.system.events((events) => {
        for (const { event } of events) {
          if (api.events.offences.Offence.is(event)) {
            const kind = Buffer.from(event.data.kind.toU8a()).toString('latin1');
            if (!seen.kinds.has(kind)) log(`offence reported: ${kind}`);
            seen.kinds.add(kind);
          }
          if (api.events.staking.SlashReported.is(event) && event.data.validator.toString() === daveStash) {
            seen.slash = event.data.fraction.toHuman();
          }
          if (api.events.system.ExtrinsicFailed.is(event) && event.data.dispatchError.isModule) {
            const { section, name } = api.registry.findMetaError(event.data.dispatchError.asModule);
            if (section === 'babe' || section === 'grandpa') seen.rejected.push(`${section}.${name}`);
          }
        }
      });
      // A second node holding Dave's session keys (`--dave`), authoring and voting beside him.
      twin = spawn(process.env.METACHAIN_NODE, [
        '--chain', networkInfo.chainSpecPath, '--dave', '--base-path', dir,
        '--port', '0', '--rpc-port', '0', '--no-prometheus', '--no-mdns', '--bootnodes', bootnode,
        '--node-key', require('crypto').randomBytes(32).toString('hex'),
      ], { stdio: ['ignore', fs.openSync(path.join(dir, 'twin.log'), 'a'), fs.openSync(path.join(dir, 'twin.log'), 'a')] });
      log(`twin of Dave started (pid ${twin.pid}, logs ${dir}/twin.log)`);
      try {
        await waitUntil('the BABE equivocation to be reported and Dave slashed', async () => {
          if (seen.rejected.length > 0) throw new Error(`equivocation reports rejected: ${seen.rejected.join(', ')}`);
          return seen.kinds.has('babe:equivocatio') && seen.slash;
        }, 360_000);
      } catch (e) {
        log(`seen: offences [${[...seen.kinds].join(', ')}], slash ${seen.slash}`);
        const twinLog = fs.readFileSync(path.join(dir, 'twin.log'), 'utf8').split('\n');
        for (const line of twinLog.filter((l) => /WARN|ERROR|quivocat|Imported|Idle/.test(l)).slice(-5)) log(`twin: ${line}`);
        throw e;
      }
      unsub();
      log(`offences ${[...seen.kinds].join(', ')} reported (GRANDPA's ${seen.kinds.has('grandpa:equivoca') ? 'too' : 'not: the twins voted alike'}); ` +
        `Dave's slash recorded: ${seen.slash} (deferred)`);
      return 1;
    } finally {
      if (twin) twin.kill('SIGKILL');
      await devices.stop();
      await api.disconnect();
    }
  },
};

async function run(_nodeName, networkInfo, args) {
  const step = steps[args[0]];
  if (!step) throw new Error(`no step ${args[0]}`);
  return step(networkInfo);
}

module.exports = { run };
