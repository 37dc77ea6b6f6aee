//! TracChain anchoring off chain: the library behind `metachain-anchor-relayer`.
//!
//! - [`relay`]: follows MetaChain's finalized checkpoints, records each root on Ethereum
//!   ([`eth`]) and Bitcoin ([`btc`]) and attests on MetaChain ([`chain`]), with its progress on
//!   disk ([`state`]); [`verify`] checks a block against its checkpoint and both chains.
//! - [`keygen`]: the relayer's part in the chain's key-generation sessions (round-2 packages
//!   sealed to each recipient's X25519 key; the share saved sealed at rest).
//! - [`signing`]: the relayer's part in the group's signing rounds (`sign_commit` with nonces kept
//!   in memory only, `sign_share` once in the signing set); the chain checks each share and
//!   makes the signature.
//! - [`keys`]: the relayer's secrets from a file or the environment (never the command line),
//!   and the X25519 key derived from its MetaChain key.
//! - [`frost`] and [`taproot`]: the threshold key of issue 20 (docs/design/threshold-anchoring.md)
//!   — a t-of-n FROST key made by a distributed key generation, whose BIP340 signatures the
//!   Ethereum contract `TracChainAnchorV2` checks and whose Taproot key-path spends carry the
//!   Bitcoin anchors: [`relay`] posts the group's signature to a `TracChainAnchorV2` and
//!   broadcasts the group's Bitcoin anchors ([`taproot::chain_anchor`]) where the group holds a
//!   coin; still to come is the regroup's handover.
//! - [`regtest`]: an in-process regtest Bitcoin node, **not Bitcoin Core** (no Bitcoin Core
//!   package exists for these machines): real blocks, a UTXO set and a mempool whose scripts
//!   libbitcoinconsensus checks, behind a JSON-RPC server speaking the part of Bitcoin Core's RPC
//!   that [`btc::BitcoinCore`] calls. The tests and the hidden `regtest-node` command run it.

pub mod btc;
pub mod chain;
pub mod eth;
pub mod frost;
pub mod keygen;
pub mod keys;
pub mod regtest;
pub mod relay;
pub mod rpc;
pub mod signing;
pub mod state;
pub mod taproot;
pub mod verify;
