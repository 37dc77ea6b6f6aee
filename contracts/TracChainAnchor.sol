// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title TracChain anchor: MetaChain checkpoint roots on Ethereum.
/// @notice Records `checkpoint number => root` for MetaChain's checkpoints (pallet-anchoring).
/// Only the relayer keys configured by the owner may write, and a number, once written, is
/// never overwritten. Anyone reads a root with `rootOf(number)` or from the `Anchored` events.
contract TracChainAnchor {
    /// Who manages the relayer keys.
    address public owner;
    /// The relayer keys allowed to write.
    mapping(address => bool) public isRelayer;
    /// Checkpoint number => root (zero: not recorded).
    mapping(uint64 => bytes32) private roots;
    /// The block a checkpoint's root was recorded in.
    mapping(uint64 => uint256) public recordedAt;
    /// The highest checkpoint number recorded, plus one (0: none yet).
    uint64 public nextCheckpoint;

    /// A checkpoint's root was recorded.
    event Anchored(uint64 indexed checkpoint, bytes32 root, address indexed relayer);
    /// A relayer key was allowed or revoked.
    event RelayerSet(address indexed relayer, bool allowed);
    /// The owner changed.
    event OwnerChanged(address indexed owner);

    error NotOwner();
    error NotRelayer();
    error ZeroRoot();
    error AlreadyAnchored(uint64 checkpoint, bytes32 root);

    constructor(address[] memory relayers) {
        owner = msg.sender;
        emit OwnerChanged(msg.sender);
        for (uint256 i = 0; i < relayers.length; i++) {
            isRelayer[relayers[i]] = true;
            emit RelayerSet(relayers[i], true);
        }
    }

    /// Allow or revoke a relayer key (owner only).
    function setRelayer(address relayer, bool allowed) external {
        if (msg.sender != owner) revert NotOwner();
        isRelayer[relayer] = allowed;
        emit RelayerSet(relayer, allowed);
    }

    /// Hand the contract to another owner, e.g. a multisig of the Technical Committee.
    function transferOwnership(address newOwner) external {
        if (msg.sender != owner) revert NotOwner();
        owner = newOwner;
        emit OwnerChanged(newOwner);
    }

    /// Record checkpoint `checkpoint`'s root (relayers only; once per number; non-zero).
    function anchor(uint64 checkpoint, bytes32 root) external {
        if (!isRelayer[msg.sender]) revert NotRelayer();
        if (root == bytes32(0)) revert ZeroRoot();
        bytes32 existing = roots[checkpoint];
        if (existing != bytes32(0)) revert AlreadyAnchored(checkpoint, existing);
        roots[checkpoint] = root;
        recordedAt[checkpoint] = block.number;
        if (checkpoint >= nextCheckpoint) nextCheckpoint = checkpoint + 1;
        emit Anchored(checkpoint, root, msg.sender);
    }

    /// The root recorded for `checkpoint` (zero if none).
    function rootOf(uint64 checkpoint) external view returns (bytes32) {
        return roots[checkpoint];
    }
}
