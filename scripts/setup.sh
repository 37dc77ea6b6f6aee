#!/usr/bin/env bash
# One idempotent setup step for building and testing MetaChain on a fresh Debian machine.
#
# It checks each item before installing it, so running it again is cheap:
#   1. Debian packages: rustc-web rust-web-src lld-19 protobuf-compiler clang libclang-dev
#   2. rustup toolchain `web` linked to Debian's rustc/cargo in /usr
#   3. the `rust-lld` Wasm linker for that toolchain (lld-19)
#   4. a Wasm sysroot (core, alloc, compiler_builtins) for wasm32v1-none and
#      wasm32-unknown-unknown, built from rust-web-src with bitcode embedded (LTO)
#   5. npm packages for the end-to-end and zombienet tests (from package-lock.json)
# The build itself must run with WASM_BUILD_TOOLCHAIN=web (scripts/env.sh sets it).
#
# Usage: scripts/setup.sh [--no-npm]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

say()  { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] FAILED: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="__none__"; fi
fi
as_root() {
  if [ "$SUDO" = "__none__" ]; then fail "need root (or sudo) to run: $*"; fi
  $SUDO "$@"
}

WANT_NPM=1
[ "${1:-}" = "--no-npm" ] && WANT_NPM=0

# --- 1. Debian packages -------------------------------------------------------
PKGS=(rustc-web rust-web-src lld-19 protobuf-compiler clang libclang-dev)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || fail "apt-get update (is the network / Debian mirror reachable?)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
    || fail "apt-get install ${missing[*]} (rustc-web/rust-web-src come from bookworm-security)"
else
  say "Debian packages present"
fi
[ -d /usr/lib/rustlib/src/rust/library/core ] || fail "rust-web-src did not install std sources at /usr/lib/rustlib/src/rust"

# --- 2. rustup toolchain `web` -> /usr ----------------------------------------
command -v rustup >/dev/null 2>&1 || fail "rustup not found (the machine's Rust toolchain is expected to come from rustup)"
if ! rustup toolchain list | grep -q '^web'; then
  say "linking rustup toolchain 'web' to /usr"
  rustup toolchain link web /usr || fail "rustup toolchain link web /usr"
else
  say "rustup toolchain 'web' present"
fi
WEB_RUSTC_VERSION="$(rustup run web rustc --version)" || fail "rustup run web rustc --version"

# --- 3. rust-lld for the web toolchain -----------------------------------------
LLD_LINK=/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld
if [ "$(readlink -f "$LLD_LINK" 2>/dev/null)" != "$(readlink -f /usr/lib/llvm-19/bin/lld)" ]; then
  say "linking $LLD_LINK -> /usr/lib/llvm-19/bin/lld"
  as_root mkdir -p "$(dirname "$LLD_LINK")"
  as_root ln -sf /usr/lib/llvm-19/bin/lld "$LLD_LINK" || fail "could not create $LLD_LINK"
else
  say "rust-lld link present"
fi

# --- 4. Wasm sysroot -----------------------------------------------------------
# Built with the same compiler that will use it; a stamp records which one, so an
# upgraded rustc-web triggers a rebuild.
sysroot_changed=0
for T in wasm32v1-none wasm32-unknown-unknown; do
  LIBDIR="/usr/lib/rustlib/$T/lib"
  STAMP="$LIBDIR/.metachain-sysroot-stamp"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WEB_RUSTC_VERSION" ] && ls "$LIBDIR"/libcore-*.rlib >/dev/null 2>&1; then
    say "Wasm sysroot for $T present"
    continue
  fi
  say "building Wasm sysroot for $T (core, alloc) from rust-web-src"
  TMP="$(mktemp -d)"
  mkdir -p "$TMP/src"
  cat > "$TMP/Cargo.toml" <<'TOML'
[package]
name = "sysroot-probe"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"
[profile.release]
panic = "abort"
[workspace]
TOML
  printf '#![no_std]\n#[panic_handler]\nfn panic(_: &core::panic::PanicInfo) -> ! { loop {} }\n' > "$TMP/src/lib.rs"
  ( cd "$TMP" && env -u CARGO_TARGET_DIR RUSTFLAGS="-Cembed-bitcode=yes" RUSTC_BOOTSTRAP=1 \
      rustup run web cargo build --quiet --release --target "$T" -Zbuild-std=core,alloc ) \
    || fail "building core/alloc for $T with the web toolchain"
  as_root mkdir -p "$LIBDIR"
  as_root rm -f "$LIBDIR"/libcore-*.rlib "$LIBDIR"/liballoc-*.rlib "$LIBDIR"/libcompiler_builtins-*.rlib
  as_root cp "$TMP"/target/"$T"/release/deps/lib{core,alloc,compiler_builtins}-*.rlib "$LIBDIR/" \
    || fail "copying the sysroot rlibs for $T"
  printf '%s' "$WEB_RUSTC_VERSION" | as_root tee "$STAMP" >/dev/null
  rm -rf "$TMP"
  sysroot_changed=1
done
if [ "$sysroot_changed" = 1 ]; then
  # cargo does not notice a changed sysroot; stale Wasm runtime builds would fail with "can't find crate".
  say "sysroot (re)installed: removing stale Wasm builds under $CARGO_TARGET_DIR/*/wbuild"
  rm -rf "$CARGO_TARGET_DIR"/*/wbuild
fi

# --- 5. npm packages for the tests ---------------------------------------------
if [ "$WANT_NPM" = 1 ]; then
  command -v npm >/dev/null 2>&1 || fail "npm not found (Node.js 20+ with npm is needed for the end-to-end tests)"
  if [ -d "$ROOT/node_modules" ] && [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package-lock.json" ]; then
    say "npm packages present"
  else
    say "installing npm packages (npm ci)"
    ( cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error ) || fail "npm ci (see package.json / package-lock.json)"
  fi
fi

say "done"
