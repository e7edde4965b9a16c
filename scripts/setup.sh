#!/usr/bin/env bash
# Installs what Boomerang's build and tests need, skipping whatever is already there:
# the wasm target, trunk, the wasm-bindgen CLI (the version of the pinned crate), Debian's
# Chromium and its driver, and the npm packages (Playwright for the end-to-end tests, binaryen
# for wasm-opt). The warehouse engines the tests also need are scripts/setup-engines.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
# The CLI must equal the `wasm-bindgen` crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Without --locked: with it, a locked dependency was missing from the registry (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# Every npm package at the version package.json pins (playwright-core, binaryen's wasm-opt).
outdated=$(node -e '
  const want = require("./package.json").devDependencies;
  for (const [name, version] of Object.entries(want)) {
    let have = null;
    try { have = require(`./node_modules/${name}/package.json`).version; } catch {}
    if (have !== version) console.log(name);
  }')
if [ -n "$outdated" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

