#!/usr/bin/env bash
# Run the four-validator network of zombienet/ with zombienet's native provider.
#   scripts/zombienet.sh test [F] run zombienet/network.zndsl, or zombienet/F (a shorter test file
#                                while working on one step), then tear the network down
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
# The network's chain spec: the local testnet's (Alice, Bob and Charlie) with
#  - credit periods of 20 blocks (2 minutes) instead of an hour, so that devices delegating to
#    Charlie count for him (from the next period) within the test's minutes (credit-election.js
#    keeps the genesis devices alive);
#  - a fourth validator, Dave (stash //Dave//stash, session keys of //Dave), bonded like the others
#    and backed by two genesis devices (//DaveBackerA, //DaveBackerB), funded out of Dave's
#    market-operations share so that the supply is unchanged: GRANDPA tolerates one faulty
#    validator of four (faults.js), none of three.
export ZOMBIENET_CHAIN_SPEC="$WORK/local-zombienet.json"
address() { "$METACHAIN_NODE" key inspect --network substrate "$@" 2>/dev/null | awk '/SS58 Address/ {print $3}'; }
export DAVE="$(address //Dave)" DAVE_STASH="$(address //Dave//stash)" \
  DAVE_GRANDPA="$(address --scheme ed25519 //Dave)" \
  DAVE_BACKER_A="$(address //DaveBackerA)" DAVE_BACKER_B="$(address //DaveBackerB)"
"$METACHAIN_NODE" build-spec --chain local --disable-default-bootnode 2>/dev/null | python3 -c '
import json, os, sys
e = os.environ
spec = json.load(sys.stdin)
g = spec["genesis"]["runtimeGenesis"]["patch"]
g["credit"]["params"]["creditPeriod"] = 20
bond = g["staking"]["stakers"][0][2]
balances = g["balances"]["balances"]
stash_balance = next(b for a, b in balances if a == g["staking"]["stakers"][0][0])
device_balance = next(b for a, b in balances if a == g["credit"]["devices"][0][0])
given = stash_balance + 2 * device_balance
for entry in balances:
    if entry[0] == e["DAVE"]:
        assert entry[1] >= given, "Dave cannot fund the fourth validator"
        entry[1] -= given
balances += [[e["DAVE_STASH"], stash_balance], [e["DAVE_BACKER_A"], device_balance],
             [e["DAVE_BACKER_B"], device_balance]]
g["staking"]["stakers"].append([e["DAVE_STASH"], e["DAVE_STASH"], bond, "Validator"])
g["staking"]["validatorCount"] = 4
g["session"]["keys"].append([e["DAVE_STASH"], e["DAVE_STASH"],
                             {"babe": e["DAVE"], "grandpa": e["DAVE_GRANDPA"]}])
kind = g["credit"]["devices"][0][1]
for device in (e["DAVE_BACKER_A"], e["DAVE_BACKER_B"]):
    g["credit"]["devices"].append([device, kind])
    g["creditDelegation"]["delegations"].append([device, e["DAVE_STASH"]])
json.dump(spec, sys.stdout)
' > "$ZOMBIENET_CHAIN_SPEC"
case "${1:-test}" in
  test)
    OUT="$WORK/zombienet.out"
    if "$ZOMBIE" -p native -d "$WORK" -f test "${2:-network.zndsl}" 2>&1 | tee "$OUT"; then
      rm -rf "$WORK"
    else
      # CI keeps only the tail of the output: end it with what tells a failure apart — each
      # node's last error, what the steps logged last, and the assertions that failed.
      plain() { sed 's/\x1b\[[0-9;]*m//g' "$OUT"; }
      {
        for log in "$WORK"/*.log "$WORK"/logs/*.log; do
          [ -f "$log" ] || continue
          last="$(grep -E ' ERROR |panicked' "$log" | tail -n 1 | cut -c1-220)"
          [ -z "$last" ] || echo "$(basename "$log" .log): $last"
        done
        plain | grep -E '\[(faults|credit-election|keep-alive)\]' | tail -n 6 | cut -c1-300 || true
        plain | grep -E '❌|Error: ' | grep -v 'One or more' | tail -n 4 | cut -c1-300 || true
        echo "zombienet failed; node logs are in $WORK"
      } >&2
      exit 1
    fi ;;
  spawn) exec "$ZOMBIE" -p native -d "$WORK" -f spawn network.toml ;;
  *) echo "usage: $0 [test|spawn]" >&2; exit 2 ;;
esac
