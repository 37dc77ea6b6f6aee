// Sign MUSD receipts exactly as pallet-musd verifies them.
//
// A receipt says that `provider` has delivered `cumulative` MUSD units (6 decimals) of service
// order `order`. The buyer signs, off-chain, the SCALE encoding of
//   ("mc/musd-receipt:", genesis_hash, order: u64, provider: AccountId32, cumulative: u128)
// that is: the 16 ASCII bytes of the tag, the 32-byte genesis hash, the order id as 8 bytes
// little-endian, the provider's 32-byte public key, and the cumulative value as 16 bytes
// little-endian. The provider redeems the latest receipt with
//   api.tx.musd.redeemReceipt({ order, provider, cumulative }, { Sr25519: signature })
//
// Usage as a library:
//   import { signReceipt } from './receipt.mjs';
//   const signature = signReceipt(buyerPair, api.genesisHash, { order: 0, provider, cumulative: 2_000_000n });
// Usage from the command line (prints the receipt and the signature as JSON):
//   node tests/e2e/lib/receipt.mjs <buyer-suri> <genesis-hash> <order> <provider-ss58> <cumulative-units>

import { Keyring } from '@polkadot/keyring';
import { bnToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

/// The domain tag of MUSD receipts (16 bytes).
export const RECEIPT_CONTEXT = stringToU8a('mc/musd-receipt:');

/// The exact bytes a buyer signs for a receipt.
export function receiptPayload(genesisHash, { order, provider, cumulative }) {
  const genesis = typeof genesisHash === 'string' ? hexToU8a(genesisHash) : genesisHash.toU8a();
  return u8aConcat(
    RECEIPT_CONTEXT,
    genesis,
    bnToU8a(BigInt(order), { bitLength: 64, isLe: true }),
    decodeAddress(provider),
    bnToU8a(BigInt(cumulative), { bitLength: 128, isLe: true }),
  );
}

/// The buyer's sr25519 signature (hex) of a receipt, for `{ Sr25519: signature }`.
export function signReceipt(buyer, genesisHash, receipt) {
  return u8aToHex(buyer.sign(receiptPayload(genesisHash, receipt)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [suri, genesis, order, provider, cumulative] = process.argv.slice(2);
  if (!cumulative) {
    console.error('usage: node tests/e2e/lib/receipt.mjs <buyer-suri> <genesis-hash> <order> <provider-ss58> <cumulative-units>');
    process.exit(2);
  }
  await cryptoWaitReady();
  const buyer = new Keyring({ type: 'sr25519' }).addFromUri(suri);
  const receipt = { order: Number(order), provider, cumulative: BigInt(cumulative) };
  console.log(JSON.stringify({
    receipt: { ...receipt, cumulative: receipt.cumulative.toString() },
    signature: { Sr25519: signReceipt(buyer, genesis, receipt) },
  }, null, 2));
}
