#!/usr/bin/env bash
# Set up (if needed), build and run every MetaChain test:
#   0. Gates: formatting (cargo fmt --check), crate boundaries (no pallet depends on another)
#      and lints (cargo clippy on every crate and target of the workspace, warnings as errors)
#   1. One build of the node, the relayer, the agent, the heartbeat relay and the shared crates
#      (one cargo invocation: one feature set, so the runtime compiles once; its build script
#      also writes the upgrade-test Wasm), then their unit tests (cargo test, same feature set)
#   2. The runtime's tests, with try-runtime: every pallet's try_state after every era
#   3. The project pallets' unit tests and their benchmarks run once each as tests, in one build
#      with `runtime-benchmarks` (each pallet's tests are compiled once, not twice)
#   4. End to end: the built node (--dev) driven by @polkadot/api (node --test), three test
#      files at a time (each starts its own node or network on free ports; they mostly wait for
#      blocks, so three at once take 13 minutes instead of 29 one after another)
#   5. Multi-validator: four validators under zombienet's native provider, run beside step 4
#      (both mostly wait for blocks; its output is printed when it ends)
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
# Lints without the runtime's Wasm (clippy checks the native code; the build below compiles the
# Wasm). Its check artifacts are its own: the build after it is not invalidated.
step "lints (cargo clippy, warnings as errors)" env SKIP_WASM_BUILD=1 \
  cargo clippy --release --locked --workspace --all-targets -- -D warnings
# The project pallets ($METACHAIN_PALLETS: their tests run below, with their benchmarks, and in
# the runtime's) and everything else of the workspace ($METACHAIN_BUILD_SET, scripts/env.sh),
# built once and tested with the same feature set: building the node alone, then the clients,
# then `cargo test --workspace` resolved three feature sets and compiled the runtime three times
# (about 15 minutes of the 2026-12-07 CI run).
# The runtime-upgrade test's target: this runtime with a spec_version one higher, in its own
# Wasm blob (wbuild/metachain-runtime/metachain_runtime_upgrade_test.compact.compressed.wasm),
# written by the runtime's build script when this is set (runtime/build.rs). Exported for every
# step so that the build script does not run again in the test build.
export METACHAIN_UPGRADE_TEST_WASM=1
step "build (metachain-node, anchor relayer, device agent, heartbeat relay; upgrade-test Wasm)" \
  cargo build --release --locked "${METACHAIN_BUILD_SET[@]}"
if [[ " ${failed[*]} " == *"build (metachain-node"* ]]; then
  echo "The node did not build; no test can run."
  exit 1
fi
step "cargo test (node, relayer, device agent, heartbeat relay, shared crates)" \
  cargo test --release --locked "${METACHAIN_BUILD_SET[@]}"
# The runtime's tests (and its example, compiled) run once, natively, with try-runtime: the same
# tests with every pallet's try_state checked after every era. This feature set needs no Wasm
# runtime of its own.
step "runtime tests with try-runtime (every pallet's try_state after every era)" \
  env SKIP_WASM_BUILD=1 cargo test --release --locked -p metachain-runtime --features try-runtime --tests --examples
step "pallet tests and benchmarks as tests (runtime-benchmarks)" cargo test --release --locked \
  "${METACHAIN_PALLETS[@]/#/--package=}" \
  --features "$(IFS=,; echo "${METACHAIN_PALLETS[*]/%//runtime-benchmarks}")"
# Zombienet beside the end-to-end tests (they take about 15 minutes each and mostly wait for
# blocks); its output is kept in a file and printed when it has ended.
zombienet_log="$(mktemp -t metachain-zombienet-step.XXXXXX)"
"$ROOT/scripts/zombienet.sh" test >"$zombienet_log" 2>&1 &
zombienet_pid=$!
zombienet_start=$SECONDS
step "end-to-end (@polkadot/api against metachain-node --dev)" \
  node --test --test-reporter=spec --test-concurrency=3 tests/e2e/
zombienet_wait() {
  wait "$zombienet_pid"
  local rc=$?
  cat "$zombienet_log"
  echo "(zombienet ran $((SECONDS - zombienet_start)) s, beside the end-to-end tests)"
  return $rc
}
step "zombienet (4 validators: elections and faults)" zombienet_wait

echo
echo "==================== summary ===================="
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all test suites passed"
