// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title BIP340 Schnorr verification over secp256k1 with the `ecrecover` precompile.
/// @notice Exactly BIP340's rule (the signatures Bitcoin accepts for a Taproot key-path spend),
/// so one threshold key (FROST, `frost-secp256k1-tr`) signs for both chains. About 4,000 gas
/// instead of about 600,000 for curve arithmetic in Solidity.
/// @dev `ecrecover(h, 27, px, se)` returns the address of `px⁻¹·(se·P − h·G)` where P is the
/// even-y point with x = px. With `se = −e·px` and `h = −s·px` (mod n) that is `s·G − e·P`,
/// BIP340's R'. The signer passes R's y (`ry`, checked on the curve and even), so equal
/// addresses mean R' = lift_x(rx): the BIP340 condition. docs/design/threshold-anchoring.md §2.
/// Refused although BIP340 accepts them (each with probability about 2⁻²⁵⁶ for an honest
/// signer): s = 0 and a challenge e = 0; keys with x ≥ N (about 2⁻¹²⁸) cannot be set.
library Bip340 {
    /// The order of secp256k1's group.
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// The field prime of secp256k1.
    uint256 internal constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    /// sha256("BIP0340/challenge"), BIP340's challenge tag.
    bytes32 internal constant CHALLENGE_TAG = 0x7bb52d7a9fef58323eb1bf7a407db382d2f3f2d81bb1224f49fe518f6d48d37c;

    /// Whether (x, y) is a point of the curve with an even y: a BIP340 x-only key or nonce.
    function isEvenPoint(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= P || y >= P || y & 1 != 0) return false;
        return mulmod(y, y, P) == addmod(mulmod(x, mulmod(x, x, P), P), 7, P);
    }

    /// Whether `(rx, s)` is a BIP340 signature of the 32-byte message `m` under the x-only key
    /// `px` (which must be a valid key below N: checked when the key is set). `ry` is the even y
    /// of the nonce point R.
    function verify(uint256 px, bytes32 m, uint256 rx, uint256 ry, uint256 s) internal view returns (bool) {
        if (px == 0 || px >= N) return false;
        if (s == 0 || s >= N) return false;
        if (!isEvenPoint(rx, ry)) return false;
        uint256 e = uint256(sha256(abi.encodePacked(CHALLENGE_TAG, CHALLENGE_TAG, rx, px, m))) % N;
        // −s·px and −e·px mod N; s·px is never 0 mod N (both below the prime N, neither 0).
        bytes32 h = bytes32(N - mulmod(s, px, N));
        uint256 se = N - mulmod(e, px, N); // N when e = 0: ecrecover refuses it
        address got = ecrecover(h, 27, bytes32(px), bytes32(se));
        return got != address(0) && got == address(uint160(uint256(keccak256(abi.encodePacked(rx, ry)))));
    }
}

/// @title TracChain anchor: MetaChain checkpoint roots on Ethereum, signed by the relayers'
/// threshold key.
/// @notice Records `checkpoint number => root` for MetaChain's checkpoints (pallet-anchoring)
/// only with a BIP340 signature of the relayer group's key (a t-of-n FROST key no one holds) over
/// a message that binds MetaChain's genesis, this chain and contract, the number and the root.
/// Anyone may submit a signed root; numbers are recorded in order, none in the future, none
/// overwritten. No owner and no relayer list: the group key hands itself over (`rotateKey`,
/// signed by the key in force), and checkpoints numbered below the handover point still
/// verify under the old key, so in-flight ones finish under the key they started with.
contract TracChainAnchorV2 {
    /// Domain tag of an anchor message.
    bytes32 public constant ANCHOR_TAG = keccak256("MetaChain/TracChainAnchor/anchor/v1");
    /// Domain tag of a key-rotation message.
    bytes32 public constant ROTATE_TAG = keccak256("MetaChain/TracChainAnchor/rotate/v1");

    /// MetaChain's genesis hash: anchors of another chain's checkpoints never verify here.
    bytes32 public immutable genesisHash;
    /// The first checkpoint this deployment records (relayers skip the ones before it).
    uint64 public immutable firstCheckpoint;
    /// The group key in force (x-only, BIP340), for checkpoints from `keyFrom` on.
    uint256 public keyX;
    /// The previous group key, for checkpoints below `keyFrom` (0: none).
    uint256 public prevKeyX;
    /// The epoch of `keyX` (pallet-anchoring's key epoch).
    uint64 public keyEpoch;
    /// The first checkpoint signed by `keyX`.
    uint64 public keyFrom;
    /// The next checkpoint number to record (in one storage slot with the two above: an
    /// anchor reads and writes one slot).
    uint64 public nextCheckpoint;
    /// Checkpoint number => root (zero: not recorded).
    mapping(uint64 => bytes32) private roots;

    /// A checkpoint's root was recorded, signed by the group key of `epoch`.
    event Anchored(uint64 indexed checkpoint, bytes32 root, uint64 indexed epoch, address submitter);
    /// A group key came into force for checkpoints from `fromCheckpoint` on.
    event KeyRotated(uint64 indexed epoch, uint256 keyX, uint64 fromCheckpoint);

    /// Checkpoints are recorded in order: the next one is `expected`.
    error OutOfOrder(uint64 expected);
    /// A root of zero means "not recorded" and cannot be written.
    error ZeroRoot();
    /// The signature is not the group key's over this message.
    error BadSignature();
    /// A key that is not a valid BIP340 key below the group order.
    error BadKey();
    /// A rotation must name the next epoch, `expected`.
    error BadEpoch(uint64 expected);
    /// The previous handover is not done: checkpoints up to `until` must be recorded first.
    error HandoverPending(uint64 until);
    /// A rotation cannot start before the next checkpoint to record, `next`.
    error HandoverInThePast(uint64 next);

    /// Deploy with MetaChain's genesis hash, the group key in force (x and the even y of
    /// lift_x(x), whatever the parity of the FROST output key's own y: BIP340 keys are x-only),
    /// its epoch on MetaChain, and the first checkpoint it will sign.
    constructor(bytes32 genesis, uint256 x, uint256 y, uint64 epoch, uint64 first) {
        if (x == 0 || x >= Bip340.N || !Bip340.isEvenPoint(x, y)) revert BadKey();
        genesisHash = genesis;
        firstCheckpoint = first;
        keyX = x;
        keyEpoch = epoch;
        keyFrom = first;
        nextCheckpoint = first;
        emit KeyRotated(epoch, x, first);
    }

    /// The message the group signs to anchor `root` as checkpoint `checkpoint` here.
    function anchorMessage(uint64 checkpoint, bytes32 root) public view returns (bytes32) {
        return keccak256(abi.encode(ANCHOR_TAG, genesisHash, block.chainid, address(this), checkpoint, root));
    }

    /// The message the key in force signs to hand over to `newKeyX` (epoch `epoch`) from
    /// checkpoint `fromCheckpoint` on.
    function rotateMessage(uint64 epoch, uint256 newKeyX, uint64 fromCheckpoint) public view returns (bytes32) {
        return keccak256(abi.encode(ROTATE_TAG, genesisHash, block.chainid, address(this), epoch, newKeyX, fromCheckpoint));
    }

    /// Record checkpoint `checkpoint`'s root, signed (BIP340: nonce `rx`, its even y `ry`, `s`)
    /// by the group key that signs that checkpoint. Anyone may submit.
    function anchor(uint64 checkpoint, bytes32 root, uint256 rx, uint256 ry, uint256 s) external {
        if (checkpoint != nextCheckpoint) revert OutOfOrder(nextCheckpoint);
        if (root == bytes32(0)) revert ZeroRoot();
        bool old = checkpoint < keyFrom;
        uint256 key = old ? prevKeyX : keyX;
        if (!Bip340.verify(key, anchorMessage(checkpoint, root), rx, ry, s)) revert BadSignature();
        roots[checkpoint] = root;
        nextCheckpoint = checkpoint + 1;
        emit Anchored(checkpoint, root, old ? keyEpoch - 1 : keyEpoch, msg.sender);
    }

    /// Hand over to the group key `newKeyX` (even y of lift_x, `newKeyY`) of epoch `epoch`, for
    /// checkpoints from `fromCheckpoint` on; signed by the key in force. Checkpoints below
    /// `fromCheckpoint` still verify under the old key; a further rotation waits until they are
    /// recorded. The signers' side must sign one rotation per epoch, and a near `fromCheckpoint`:
    /// a signed rotation stays valid until `fromCheckpoint` is recorded, and checkpoints from
    /// there on can only be signed by the new key.
    function rotateKey(
        uint64 epoch,
        uint256 newKeyX,
        uint256 newKeyY,
        uint64 fromCheckpoint,
        uint256 rx,
        uint256 ry,
        uint256 s
    ) external {
        if (epoch != keyEpoch + 1) revert BadEpoch(keyEpoch + 1);
        if (nextCheckpoint < keyFrom) revert HandoverPending(keyFrom);
        if (fromCheckpoint < nextCheckpoint) revert HandoverInThePast(nextCheckpoint);
        if (newKeyX == 0 || newKeyX >= Bip340.N || !Bip340.isEvenPoint(newKeyX, newKeyY)) revert BadKey();
        if (!Bip340.verify(keyX, rotateMessage(epoch, newKeyX, fromCheckpoint), rx, ry, s)) revert BadSignature();
        prevKeyX = keyX;
        keyX = newKeyX;
        keyEpoch = epoch;
        keyFrom = fromCheckpoint;
        emit KeyRotated(epoch, newKeyX, fromCheckpoint);
    }

    /// The root recorded for `checkpoint` (zero if none).
    function rootOf(uint64 checkpoint) external view returns (bytes32) {
        return roots[checkpoint];
    }
}
