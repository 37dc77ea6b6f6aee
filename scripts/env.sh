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
