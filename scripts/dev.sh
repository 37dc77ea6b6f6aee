#!/usr/bin/env bash
# Set up (if needed), build and start a single-node MetaChain development chain:
# Alice validates alone, a block every 6 seconds, eras of 2 minutes, sudo is Alice.
# RPC on ws://127.0.0.1:9944 (Polkadot.js Apps: "Development > Local Node"),
# Prometheus on http://127.0.0.1:9615/metrics.
#
# Usage: scripts/dev.sh [extra metachain-node flags, e.g. --base-path /tmp/mc]
# Without --base-path the chain is temporary and starts from genesis each time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"

"$ROOT/scripts/setup.sh" --no-npm
echo "[dev] building metachain-node (release) into $CARGO_TARGET_DIR"
( cd "$ROOT" && cargo build --release --locked -p metachain-node )
echo "[dev] starting $METACHAIN_NODE --dev $*"
exec "$METACHAIN_NODE" --dev --rpc-cors all "$@"
