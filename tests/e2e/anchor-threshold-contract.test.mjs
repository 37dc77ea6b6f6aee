// The threshold anchor contract (contracts/TracChainAnchorV2.sol, issue 20) on a real Ethereum
// development node (anvil), compiled with solc. A root is recorded only with a BIP340 signature
// of the relayer group's key over a message binding MetaChain's genesis, the chain id, the
// contract, the number and the root; numbers in order; the key hands itself over. The group key
// here is one secp256k1 key signing with @noble/curves' BIP340 `schnorr.sign` — a FROST
// signature of a t-of-n key is a BIP340 signature under its group key, indistinguishable on
// chain (the relayer's FROST signing is the next step of issue 20). The attacker's side: any
// other key (a single relayer's own), a signature moved to another number, root, contract or
// chain, a future number and a rotation signed by the incoming key are all refused.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { keccakAsHex } from '@polkadot/util-crypto';
import { ANVIL_ACCOUNTS, Anvil, addressWord, bytes32Word, compileContract, selector, word } from './lib/eth.mjs';

const N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141n;
const P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2Fn;
const GENESIS = keccakAsHex('MetaChain genesis (test)');
const ZERO = '0x' + '00'.repeat(32);

const big = (u8) => BigInt(u8aToHex(u8));
/// A group key: its secret, x-only public key and that point's even y.
function groupKey() {
  for (;;) {
    const secret = randomBytes(32);
    const x = big(schnorr.getPublicKey(secret));
    if (x < N) return { secret, x, y: schnorr.utils.lift_x(x).toAffine().y };
  }
}
/// BIP340-sign the 32-byte message `m` (0x hex): { rx, ry, s } as the contract takes them.
function sign(key, m) {
  const sig = schnorr.sign(hexToU8a(m), key.secret, randomBytes(32));
  const rx = big(sig.slice(0, 32));
  return { rx, ry: schnorr.utils.lift_x(rx).toAffine().y, s: big(sig.slice(32)) };
}
const sigWords = ({ rx, ry, s }) => word(rx) + word(ry) + word(s);
/// keccak256(abi.encode(words...)) as the relayer computes it.
const hashWords = (...words) => keccakAsHex(hexToU8a('0x' + words.join('')));
const tag = (s) => bytes32Word(keccakAsHex(s));

describe('TracChainAnchorV2: roots signed by the group key (anvil)', { timeout: 180_000 }, () => {
  const anvil = new Anvil();
  const other = new Anvil();
  const [deployer, stranger] = ANVIL_ACCOUNTS.map((a) => a.address);
  const { bytecode } = compileContract('TracChainAnchorV2.sol', 'TracChainAnchorV2');
  const key0 = groupKey();
  const key1 = groupKey();
  const relayerOwnKey = groupKey();
  const ctor = (key, first, epoch = 0) => bytes32Word(GENESIS) + word(key.x) + word(key.y) + word(epoch) + word(first);
  const FIRST = 7; // the first checkpoint the deployment's key signs
  let contract;
  let twin; // a second deployment on the same chain

  before(async () => {
    await Promise.all([anvil.start(), other.start({ chainId: 1337 })]);
    contract = await anvil.deploy(deployer, bytecode, ctor(key0, FIRST));
    twin = await anvil.deploy(deployer, bytecode, ctor(key0, FIRST));
  });
  after(() => { anvil.stop(); other.stop(); });

  const errorId = (sig) => selector(sig);
  const anchorMessage = (chainId, address, n, root) => hashWords(
    tag('MetaChain/TracChainAnchor/anchor/v1'), bytes32Word(GENESIS), word(chainId),
    addressWord(address), word(n), bytes32Word(root));
  const rotateMessage = (epoch, key, from) => hashWords(
    tag('MetaChain/TracChainAnchor/rotate/v1'), bytes32Word(GENESIS), word(31337),
    addressWord(contract), word(epoch), word(key.x), word(from));
  const anchorData = (n, root, sig) =>
    selector('anchor(uint64,bytes32,uint256,uint256,uint256)') + word(n) + bytes32Word(root) + sigWords(sig);
  const call = async (to, data) => anvil.rpc('eth_call', [{ to, data }, 'latest']);
  const rootOf = (to, n) => call(to, selector('rootOf(uint64)') + word(n));

  it('the message binds genesis, chain id, contract, number and root (the relayer computes the same)', async () => {
    const root = keccakAsHex('checkpoint 7');
    const onChain = await call(contract, selector('anchorMessage(uint64,bytes32)') + word(FIRST) + bytes32Word(root));
    assert.equal(onChain, anchorMessage(31337, contract, FIRST, root));
    assert.notEqual(onChain, anchorMessage(31337, twin, FIRST, root));
    // The first checkpoint it records, which relayers read to skip the ones before.
    assert.equal(BigInt(await call(contract, selector('firstCheckpoint()'))), BigInt(FIRST));
  });

  it('refuses a single relayer key, a future number, and the group signature moved elsewhere', async () => {
    const root = keccakAsHex('checkpoint 7');
    const m = anchorMessage(31337, contract, FIRST, root);
    const bad = errorId('BadSignature()');
    // A relayer's own key (or any key but the group's) signs the right message: refused.
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, root, sign(relayerOwnKey, m))), bad);
    // The group's signature of checkpoint 7 used for another root, for 8 (in the future) or a
    // number already past, on another deployment, on another chain.
    const good = sign(key0, m);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, keccakAsHex('a lie'), good)), bad);
    const outOfOrder = errorId('OutOfOrder(uint64)');
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST + 1, root, good)), outOfOrder);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST - 1, root, good)), outOfOrder);
    assert.equal(await anvil.revertOf(stranger, twin, anchorData(FIRST, root, good)), bad);
    const elsewhere = await other.deploy(deployer, bytecode, ctor(key0, FIRST));
    assert.equal(await other.revertOf(stranger, elsewhere, anchorData(FIRST, root, good)), bad);
    // A forged s (s + 1), an odd or off-curve nonce y, and a zero root.
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, root, { ...good, s: (good.s + 1n) % N })), bad);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, root, { ...good, ry: P - good.ry })), bad);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, root, { ...good, ry: good.ry + 2n })), bad);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST, ZERO, sign(key0, anchorMessage(31337, contract, FIRST, ZERO)))),
      errorId('ZeroRoot()'));
    assert.equal(await rootOf(contract, FIRST), ZERO);
  });

  it('records the group-signed root, submitted by anyone, in order', async () => {
    const roots = [keccakAsHex('checkpoint 7'), keccakAsHex('checkpoint 8')];
    for (const [i, root] of roots.entries()) {
      const n = FIRST + i;
      const receipt = await anvil.send(stranger, contract, anchorData(n, root, sign(key0, anchorMessage(31337, contract, n, root))));
      assert.equal(receipt.status, '0x1');
      assert.equal(await rootOf(contract, n), root);
      const [log] = receipt.logs;
      assert.equal(log.topics[0], keccakAsHex('Anchored(uint64,bytes32,uint64,address)'));
      assert.equal(log.topics[1], '0x' + word(n));
      assert.equal(log.topics[2], '0x' + word(0));
      console.log(`anchor(${n}) by a stranger: ${BigInt(receipt.gasUsed)} gas`);
    }
    // Recorded once: the same signed anchor again is out of order.
    const again = anchorData(FIRST, roots[0], sign(key0, anchorMessage(31337, contract, FIRST, roots[0])));
    assert.equal(await anvil.revertOf(stranger, contract, again), errorId('OutOfOrder(uint64)'));
  });

  it('hands over to a new key signed by the old one; in-flight checkpoints finish under the old key', async () => {
    const from = FIRST + 3; // 9 is still in flight under key0
    const rotateData = (epoch, key, fromN, sig) =>
      selector('rotateKey(uint64,uint256,uint256,uint64,uint256,uint256,uint256)')
      + word(epoch) + word(key.x) + word(key.y) + word(fromN) + sigWords(sig);
    const m = rotateMessage(1, key1, from);
    assert.equal(await call(contract, selector('rotateMessage(uint64,uint256,uint64)') + word(1) + word(key1.x) + word(from)), m);
    // The incoming key cannot hand itself the contract, nor can a relayer's own key.
    assert.equal(await anvil.revertOf(stranger, contract, rotateData(1, key1, from, sign(key1, m))), errorId('BadSignature()'));
    assert.equal(await anvil.revertOf(stranger, contract, rotateData(1, key1, from, sign(relayerOwnKey, m))), errorId('BadSignature()'));
    assert.equal(await anvil.revertOf(stranger, contract, rotateData(2, key1, from, sign(key0, m))), errorId('BadEpoch(uint64)'));
    const past = rotateMessage(1, key1, FIRST + 1);
    assert.equal(await anvil.revertOf(stranger, contract, rotateData(1, key1, FIRST + 1, sign(key0, past))),
      errorId('HandoverInThePast(uint64)'));
    const receipt = await anvil.send(stranger, contract, rotateData(1, key1, from, sign(key0, m)));
    assert.equal(receipt.status, '0x1');
    console.log(`rotateKey by a stranger: ${BigInt(receipt.gasUsed)} gas`);
    assert.equal(BigInt(await call(contract, selector('keyX()'))), key1.x);

    // Checkpoint 9 (below `from`) lands under key0 only; 10 under key1 only.
    const r9 = keccakAsHex('checkpoint 9');
    const m9 = anchorMessage(31337, contract, FIRST + 2, r9);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(FIRST + 2, r9, sign(key1, m9))), errorId('BadSignature()'));
    // No second handover before the in-flight checkpoints are recorded.
    const m2 = rotateMessage(2, key0, from + 5);
    assert.equal(await anvil.revertOf(stranger, contract, rotateData(2, key0, from + 5, sign(key1, m2))),
      errorId('HandoverPending(uint64)'));
    const landed9 = await anvil.send(stranger, contract, anchorData(FIRST + 2, r9, sign(key0, m9)));
    assert.equal(landed9.status, '0x1');
    assert.equal(landed9.logs[0].topics[2], '0x' + word(0)); // epoch 0 signed it
    const r10 = keccakAsHex('checkpoint 10');
    const m10 = anchorMessage(31337, contract, from, r10);
    assert.equal(await anvil.revertOf(stranger, contract, anchorData(from, r10, sign(key0, m10))), errorId('BadSignature()'));
    const landed10 = await anvil.send(stranger, contract, anchorData(from, r10, sign(key1, m10)));
    assert.equal(landed10.status, '0x1');
    assert.equal(landed10.logs[0].topics[2], '0x' + word(1));
    assert.equal(await rootOf(contract, from), r10);
  });

  it('verifies exactly BIP340: agrees with @noble/curves on 30 random signatures and 180 forgeries', async () => {
    const harness = compileContract('TracChainAnchorV2.sol', 'Bip340Harness', {
      'Bip340Harness.sol': 'pragma solidity ^0.8.20; import "TracChainAnchorV2.sol";\n'
        + 'contract Bip340Harness { function verify(uint256 px, bytes32 m, uint256 rx, uint256 ry, uint256 s)'
        + ' external view returns (bool) { return Bip340.verify(px, m, rx, ry, s); } }',
    });
    const h = await anvil.deploy(deployer, harness.bytecode);
    const verify = async (px, m, sig) => BigInt(await call(h,
      selector('verify(uint256,bytes32,uint256,uint256,uint256)') + word(px) + bytes32Word(m) + sigWords(sig))) === 1n;
    const noble = (px, m, sig) => schnorr.verify(hexToU8a('0x' + word(sig.rx) + word(sig.s)), hexToU8a(m), hexToU8a('0x' + word(px)));
    const G = secp256k1.ProjectivePoint.BASE;
    const mod = (a, b) => ((a % b) + b) % b;
    const bip340Challenge = (rx, px, m) => mod(big(schnorr.utils.taggedHash('BIP0340/challenge',
      hexToU8a('0x' + word(rx) + word(px)), hexToU8a(m))), N);
    // A signature made with a nonce k whose R = k·G has an odd y, without negating k.
    const oddNonce = (key, m) => {
      let d = mod(big(key.secret), N);
      if (G.multiply(d).toAffine().y & 1n) d = N - d; // the key's even-y secret, as BIP340 signs
      for (;;) {
        const k = mod(big(randomBytes(32)), N);
        const R = G.multiply(k).toAffine();
        if (k === 0n || !(R.y & 1n)) continue;
        const s = mod(k + bip340Challenge(R.x, key.x, m) * d, N);
        return { rx: R.x, ry: P - R.y, s };
      }
    };
    const offCurveX = () => {
      for (;;) {
        const x = mod(big(randomBytes(32)), N);
        try { schnorr.utils.lift_x(x); } catch { return x; }
      }
    };
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const key = groupKey();
      const m = u8aToHex(randomBytes(32));
      const sig = sign(key, m);
      const cases = [
        [key.x, m, sig],
        [key.x, u8aToHex(randomBytes(32)), sig],
        [groupKey().x, m, sig],
        [key.x, m, { ...sig, s: (sig.s + 1n) % N }],
        [key.x, m, { ...sig, rx: (sig.rx + 1n) % P, ry: sig.ry }],
        // A nonce that was not negated: R = k·G with an odd y signs with the un-negated k, so
        // s·G − e·P has an odd y (BIP340 refuses it; the even-y hint cannot match).
        [key.x, m, oddNonce(key, m)],
        // A key x with no point on the curve.
        [offCurveX(), m, sig],
      ];
      for (const [px, msg, s] of cases) {
        const ours = await verify(px, msg, s);
        assert.equal(ours, noble(px, msg, s), `key ${px.toString(16)} message ${msg}`);
        if (ours) accepted += 1; else refused += 1;
      }
    }
    console.log(`BIP340 in Solidity: ${accepted} accepted, ${refused} refused, all as @noble/curves`);
    assert.equal(accepted, 30);
    assert.equal(refused, 180);
  });
});
