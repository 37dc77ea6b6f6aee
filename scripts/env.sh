# Environment shared by every MetaChain build, test and CI command. Source it.
# Keep it identical for build and test: cargo rebuilds the runtime whenever these differ.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/metachain-target}"
METACHAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export METACHAIN_ROOT
# The runtime's Wasm is built by Debian's rustc-web through the rustup toolchain `web`.
export WASM_BUILD_TOOLCHAIN=web
# The runtime's Wasm is built with the workspace's locked dependency versions.
export WASM_BUILD_WORKSPACE_HINT="$METACHAIN_ROOT"
# The node binary built by the commands below.
export METACHAIN_NODE="$CARGO_TARGET_DIR/release/metachain-node"
# The project pallets (tested with their benchmarks), and everything else of the workspace,
# built and tested as one set (scripts/test.sh): one feature set, so the runtime compiles once.
# scripts/test.sh builds it with METACHAIN_UPGRADE_TEST_WASM=1 (the upgrade-test Wasm beside
# the runtime's; runtime/build.rs); so does scripts/benchmark.sh after its benchmark build.
METACHAIN_PALLETS=(pallet-incentive-pool pallet-credit pallet-credit-delegation pallet-price-oracle
  pallet-musd pallet-workload pallet-governance pallet-anchoring pallet-chain-parameters
  pallet-session-rotation)
METACHAIN_BUILD_SET=(--workspace --exclude=metachain-runtime "${METACHAIN_PALLETS[@]/#/--exclude=}")
