#!/usr/bin/env bash
# The launch kit: write a live network's chain specification, plain and raw, from its
# operators' public keys (the file format and the launch steps: docs/launch.md).
#
#   scripts/launch-kit.sh <operators.json> <out-dir>
#
# writes <out-dir>/testnet.json (plain: readable, reviewable by every operator) and
# <out-dir>/testnet-raw.json (raw: what nodes start from), and prints the raw file's SHA-256
# for the operators to compare. The node refuses a file that names a well-known development
# key (naming the field) or that the runtime refuses (no validator, an empty body, a key given
# twice, an overcommitted private sale).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
if [ $# -ne 2 ]; then
  echo "usage: $0 <operators.json> <out-dir>" >&2
  exit 2
fi
operators="$(realpath "$1")"
out="$2"
[ -x "$METACHAIN_NODE" ] || { echo "no node binary at $METACHAIN_NODE (build it first: cargo build --release -p metachain-node)" >&2; exit 1; }
mkdir -p "$out"
plain="$out/testnet.json"
raw="$out/testnet-raw.json"
"$METACHAIN_NODE" build-spec --chain "operators:$operators" --disable-default-bootnode --log error > "$plain.tmp"
mv "$plain.tmp" "$plain"
"$METACHAIN_NODE" build-spec --chain "$plain" --raw --disable-default-bootnode --log error > "$raw.tmp"
mv "$raw.tmp" "$raw"
echo "wrote $plain and $raw"
echo "sha256 $(sha256sum "$raw" | cut -d' ' -f1)  $raw"
