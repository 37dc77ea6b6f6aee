#!/usr/bin/env bash
# Regenerate chain-specs/ (the plain and raw `local` spec) from the built node.
# Run after any change to the runtime or its genesis presets:  scripts/build-specs.sh
# A live network's spec is not committed: the launch kit writes it from its operators' keys
# (scripts/launch-kit.sh, docs/launch.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
[ -x "$METACHAIN_NODE" ] || { echo "no node binary at $METACHAIN_NODE (run scripts/dev.sh or cargo build first)" >&2; exit 1; }
mkdir -p "$ROOT/chain-specs"
for chain in local; do
  plain="$ROOT/chain-specs/$chain.json"
  raw="$ROOT/chain-specs/$chain-raw.json"
  "$METACHAIN_NODE" build-spec --chain "$chain" --disable-default-bootnode > "$plain" 2>/dev/null
  "$METACHAIN_NODE" build-spec --chain "$plain" --raw --disable-default-bootnode > "$raw" 2>/dev/null
  echo "wrote $plain and $raw"
done
