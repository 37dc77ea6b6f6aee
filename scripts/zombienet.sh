#!/usr/bin/env bash
# Run the three-validator network of zombienet/ with zombienet's native provider.
#   scripts/zombienet.sh test    run zombienet/network.zndsl (assertions, then tear down)
#   scripts/zombienet.sh spawn   start the network and keep it running (Ctrl-C stops it)
# Needs the built node ($METACHAIN_NODE) and the npm packages (scripts/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT/zombienet"
[ -x "$METACHAIN_NODE" ] || { echo "no node binary at $METACHAIN_NODE (build it first)" >&2; exit 1; }
ZOMBIE="$ROOT/node_modules/.bin/zombienet"
[ -x "$ZOMBIE" ] || { echo "zombienet is not installed (run scripts/setup.sh)" >&2; exit 1; }
# Zombienet's working directory, kept out of the repository; removed unless the run failed.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/metachain-zombienet-XXXXXX")"
# The network's chain spec: the local testnet's, with credit periods of 20 blocks (2 minutes)
# instead of an hour, so that devices delegating to Charlie count for him (from the next
# period) within the test's minutes. credit-election.js keeps the genesis devices alive.
export ZOMBIENET_CHAIN_SPEC="$WORK/local-zombienet.json"
"$METACHAIN_NODE" build-spec --chain local --disable-default-bootnode 2>/dev/null | python3 -c '
import json, sys
spec = json.load(sys.stdin)
spec["genesis"]["runtimeGenesis"]["patch"]["credit"]["params"]["creditPeriod"] = 20
json.dump(spec, sys.stdout)
' > "$ZOMBIENET_CHAIN_SPEC"
case "${1:-test}" in
  test)
    if "$ZOMBIE" -p native -d "$WORK" -f test network.zndsl; then
      rm -rf "$WORK"
    else
      echo "zombienet failed; node logs are in $WORK" >&2
      exit 1
    fi ;;
  spawn) exec "$ZOMBIE" -p native -d "$WORK" -f spawn network.toml ;;
  *) echo "usage: $0 [test|spawn]" >&2; exit 2 ;;
esac
