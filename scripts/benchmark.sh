#!/usr/bin/env bash
# Run the runtime's benchmarks with the node's `benchmark pallet` command and write the
# generated weights:
#   - the project's pallets:  pallets/<name>/src/weights.rs   (scripts/frame-weight-template.hbs)
#   - stock pallets (with --all): runtime/src/weights/<pallet>.rs
#
# Usage: scripts/benchmark.sh [pallet_name ...]      default: every project pallet
#        scripts/benchmark.sh --all                   also the stock pallets of the runtime
#        scripts/benchmark.sh --overhead              block and extrinsic base weights
#        scripts/benchmark.sh --storage [DEVICES]     database weights on a generated state
# EXTRINSICS=a,b (one project pallet): run only those benchmarks and merge their functions into
# the pallet's weights.rs (scripts/merge-weights.py; the header names them and their run).
# PALLET_STEPS / PALLET_REPEAT override a pallet's steps and repeats below (a benchmark re-run
# alone that does not fill state with a million entries may take more steps).
# PALLET_FLAGS adds `benchmark pallet` flags (e.g. `--output-analysis median-slopes` for a
# benchmark whose components interact, so that a least-squares plane's intercept is meaningless).
# STEPS and REPEAT (defaults 50 and 20) may be set in the environment. Pallets whose benchmarks
# fill state with a million entries per run use fewer (see STEPS_OF / REPEAT_OF below): their
# components are measured at both ends and between, and their weights do not depend on them.
#
# It builds the node with `--features runtime-benchmarks` (the only build that carries the
# benchmarking CLI and its storage-access runtime) into the shared target directory, copies it
# to `metachain-node-benchmarks`, and rebuilds the ordinary node when done, so that
# `target/release/metachain-node` is the ordinary node again (never run tests meanwhile).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/env.sh"
cd "$ROOT"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"

"$ROOT/scripts/setup.sh" --no-npm
cargo build --release --locked -p metachain-node --features runtime-benchmarks
BENCH_NODE="$CARGO_TARGET_DIR/release/metachain-node-benchmarks"
cp "$METACHAIN_NODE" "$BENCH_NODE"

# Project pallets: crate directory for each pallet name.
declare -A PROJECT=(
  [pallet_incentive_pool]=incentive-pool
  [pallet_credit]=credit
  [pallet_credit_delegation]=credit-delegation
  [pallet_price_oracle]=price-oracle
  [pallet_musd]=musd
  [pallet_workload]=workload
  [pallet_governance]=governance
  [pallet_anchoring]=anchoring
  [pallet_chain_parameters]=chain-parameters
  [pallet_session_rotation]=session-rotation
)
# Project pallets benchmarked on the `benchmark` preset (staking's minimum bonds at zero): the
# session turn sets up a thousand validators and ten thousand nominators through staking.
declare -A PRESET_OF=(
  [pallet_session_rotation]=benchmark
)

# Steps and repeats of pallets whose setup is heavy (a million delegations, or a thousand
# signed heartbeats, built anew for every repeat).
declare -A STEPS_OF=(
  [pallet_credit]=20
  [pallet_credit_delegation]=2
  [pallet_election_provider_multi_phase]=5
  [pallet_staking]=10
  [pallet_session_rotation]=1
)
# Extra flags: the multi-phase election's `create_snapshot_internal` checks that the snapshot
# holds exactly the voters it set up, but staking counts every target (a validator) as a voter
# too; its other checks pass.
declare -A FLAGS_OF=(
  [pallet_election_provider_multi_phase]=--no-verify
)
declare -A REPEAT_OF=(
  [pallet_credit]=10
  [pallet_credit_delegation]=3
  [pallet_election_provider_multi_phase]=3
  [pallet_staking]=5
  [pallet_session_rotation]=10
)

run() { # pallet, output, template-or-empty
  local extra=() preset=development
  local steps="${PALLET_STEPS:-${STEPS_OF[$1]:-$STEPS}}" repeat="${PALLET_REPEAT:-${REPEAT_OF[$1]:-$REPEAT}}"
  [ -n "$3" ] && extra=(--template "$3")
  [ -n "${FLAGS_OF[$1]:-}" ] && extra+=(${FLAGS_OF[$1]})
  [ -n "${PALLET_FLAGS:-}" ] && extra+=(${PALLET_FLAGS})
  # Stock pallets: the `benchmark` preset (the development chain with staking's minimum bonds
  # at zero: staking's benchmarks bond ten existential deposits).
  [ -z "${PROJECT[$1]:-}" ] && preset=benchmark
  preset="${PRESET_OF[$1]:-$preset}"
  echo "[benchmark] $1 -> $2"
  "$BENCH_NODE" benchmark pallet \
    --runtime "$CARGO_TARGET_DIR/release/wbuild/metachain-runtime/metachain_runtime.compact.compressed.wasm" \
    --genesis-builder=runtime --genesis-builder-preset="$preset" \
    --pallet "$1" --extrinsic "${EXTRINSICS:-*}" \
    --steps "$steps" --repeat "$repeat" \
    --wasm-execution=compiled --heap-pages=4096 \
    --header scripts/weight-header.txt \
    --output "$2" "${extra[@]}"
}

# The chain's base weights (issue 18, rule 5), each with the command that made it in its header:
#   --overhead: BlockExecutionWeight and ExtrinsicBaseWeight (`benchmark overhead` on the
#     development chain) -> runtime/src/weights/{block,extrinsic}_weights.rs
#   --storage [DEVICES]: the database's read and write costs (`benchmark storage`) on ParityDB
#     holding a generated genesis of DEVICES (default 1,000,000) registered, delegating devices
#     (runtime/examples/scale_state.rs) -> runtime/src/weights/paritydb_weights.rs
overhead() {
  echo "[benchmark] overhead -> runtime/src/weights/{block,extrinsic}_weights.rs"
  "$BENCH_NODE" benchmark overhead \
    --runtime "$CARGO_TARGET_DIR/release/wbuild/metachain-runtime/metachain_runtime.compact.compressed.wasm" \
    --genesis-builder=runtime --genesis-builder-preset=development \
    --wasm-execution=compiled --header scripts/weight-header.txt \
    --weight-path runtime/src/weights/
  # The runtime reaches `sp_weights` through frame-support.
  sed -i 's/\bsp_weights::/frame_support::weights::/' \
    runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs
}
storage() { # devices
  local devices="${1:-1000000}" work="${STORAGE_WORK:-$CARGO_TARGET_DIR/scale-state}"
  rm -rf "$work" && mkdir -p "$work"
  "$BENCH_NODE" build-spec --chain local --raw > "$work/base.json" 2>/dev/null
  # Natively, on the base spec's genesis: the runtime's own calls for every device.
  SKIP_WASM_BUILD=1 cargo run --release --locked -p metachain-runtime --example scale_state -- \
    "$work/base.json" "$devices" "$work/scale.json"
  echo "[benchmark] storage on $devices devices -> runtime/src/weights/paritydb_weights.rs"
  # The read and write benchmarks each sample 200,000 keys of the whole state (its tries are
  # as deep as the full state's); writes are committed in batches of 10,000, a full block's.
  "$BENCH_NODE" benchmark storage \
    --chain "$work/scale.json" --base-path "$work/db" --database paritydb --state-version 1 \
    --keys-limit 200000 --batch-size 10000 --random-seed 2210 \
    --header scripts/weight-header.txt --weight-path runtime/src/weights/
  # The runtime reaches `sp_weights` through frame-support; the template's doc line is about
  # ParityDB in general, not this measurement.
  sed -i -e 's/\bsp_weights::/frame_support::weights::/' \
    -e 's|/// `ParityDB` can be enabled with a feature flag, but is still experimental. These weights|/// Measured on the node'"'"'s ParityDB holding the local testnet'"'"'s genesis and '"$devices"'|' \
    -e 's|/// are available for brave runtime engineers who may want to try this out as default.|/// generated registered, delegating devices (`scripts/benchmark.sh --storage`).|' \
    -e 's|^pub mod constants {|#[allow(unused_doc_comments)] // the generator documents the struct literal'"'"'s fields\npub mod constants {|' \
    runtime/src/weights/paritydb_weights.rs
  rm -rf "$work"
}

pallets=("$@")
all=0
if [ "${1:-}" = "--all" ]; then all=1; pallets=(); fi
if [ "${1:-}" = "--overhead" ]; then overhead; pallets=(); all=2; fi
if [ "${1:-}" = "--storage" ]; then storage "${2:-}"; pallets=(); all=2; fi
[ ${#pallets[@]} -eq 0 ] && [ "$all" != 2 ] && pallets=("${!PROJECT[@]}")

for p in "${pallets[@]}"; do
  if [ -n "${PROJECT[$p]:-}" ] && [ -n "${EXTRINSICS:-}" ]; then
    partial="$(mktemp --suffix=.rs)"
    run "$p" "$partial" scripts/frame-weight-template.hbs
    python3 scripts/merge-weights.py "$partial" "pallets/${PROJECT[$p]}/src/weights.rs"
    rm -f "$partial"
  elif [ -n "${PROJECT[$p]:-}" ]; then
    run "$p" "pallets/${PROJECT[$p]}/src/weights.rs" scripts/frame-weight-template.hbs
  else
    mkdir -p runtime/src/weights
    run "$p" "runtime/src/weights/$p.rs" ""
  fi
done

if [ "$all" = 1 ]; then
  mkdir -p runtime/src/weights
  for p in frame_system frame_system_extensions pallet_transaction_payment pallet_balances pallet_timestamp pallet_session pallet_staking \
           pallet_election_provider_multi_phase pallet_bags_list pallet_treasury pallet_utility pallet_proxy pallet_multisig pallet_sudo; do
    run "$p" "runtime/src/weights/$p.rs" ""
  done
fi

# The ordinary node again, built as scripts/test.sh builds it (the same set and environment, so
# that the test command finds it built; cargo keeps both builds' artifacts).
METACHAIN_UPGRADE_TEST_WASM=1 cargo build --release --locked "${METACHAIN_BUILD_SET[@]}"
