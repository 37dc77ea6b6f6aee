#!/usr/bin/env bash
# Set up (if needed), build and run every MetaChain test:
#   0. Gates: formatting (cargo fmt --check) and crate boundaries (no pallet depends on another)
#   1. Rust: unit tests of the node, the relayer, the agent, the heartbeat relay and the shared
#      crates (cargo test)
#   2. The runtime's tests, with try-runtime: every pallet's try_state after every era
#   3. The project pallets' unit tests and their benchmarks run once each as tests, in one build
#      with `runtime-benchmarks` (each pallet's tests are compiled once, not twice)
#   4. End to end: the built node (--dev) driven by @polkadot/api (node --test), three test
#      files at a time (each starts its own node or network on free ports; they mostly wait for
#      blocks, so three at once take 13 minutes instead of 29 one after another)
#   5. Multi-validator: three validators under zombienet's native provider
# Each runner prints its own summary; the script exits non-zero if any of them failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh" || exit 1

failed=()
step() { # name, command...
  local name="$1"; shift
  echo
  echo "==================== $name ===================="
  local start=$SECONDS
  if "$@"; then
    echo "---- $name: PASSED ($((SECONDS - start)) s)"
  else
    echo "---- $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

step "format (cargo fmt --check)" cargo fmt --all --check
step "crate boundaries (scripts/check-crate-deps.py)" python3 "$ROOT/scripts/check-crate-deps.py"
step "build (metachain-node, release)" cargo build --release --locked -p metachain-node
if [[ " ${failed[*]} " == *"build (metachain-node"* ]]; then
  echo "The node did not build; no test can run."
  exit 1
fi
# The runtime-upgrade test's target: this runtime with a spec_version one higher, in its own
# Wasm blob (wbuild/metachain-runtime/metachain_runtime_upgrade_test.compact.compressed.wasm).
step "build (runtime upgrade-test Wasm)" cargo build --release --locked -p metachain-runtime --features upgrade-test
# The anchoring relayer and verifier, the device agent and the heartbeat relay, driven by their
# end-to-end tests.
step "build (metachain-anchor-relayer, metachain-device, metachain-heartbeat-relay)" \
  cargo build --release --locked -p metachain-anchor-relayer -p metachain-device -p metachain-heartbeat-relay
# The project pallets (their tests run below, with their benchmarks).
PALLETS=(pallet-incentive-pool pallet-credit pallet-credit-delegation pallet-price-oracle
  pallet-musd pallet-workload pallet-governance pallet-anchoring pallet-chain-parameters
  pallet-session-rotation)
step "cargo test (node, relayer, device agent, heartbeat relay, shared crates)" \
  cargo test --release --locked --workspace --exclude metachain-runtime \
  "${PALLETS[@]/#/--exclude=}"
# The runtime's tests (and its example, compiled) run once, natively, with try-runtime: the same
# tests with every pallet's try_state checked after every era. This feature set needs no Wasm
# runtime of its own.
step "runtime tests with try-runtime (every pallet's try_state after every era)" \
  env SKIP_WASM_BUILD=1 cargo test --release --locked -p metachain-runtime --features try-runtime --tests --examples
step "pallet tests and benchmarks as tests (runtime-benchmarks)" cargo test --release --locked \
  "${PALLETS[@]/#/--package=}" \
  --features "$(IFS=,; echo "${PALLETS[*]/%//runtime-benchmarks}")"
step "end-to-end (@polkadot/api against metachain-node --dev)" \
  node --test --test-reporter=spec --test-concurrency=3 tests/e2e/
step "zombienet (4 validators: elections and faults)" "$ROOT/scripts/zombienet.sh" test

echo
echo "==================== summary ===================="
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all test suites passed"
