#!/usr/bin/env bash
# The first load of the app and of the blog embed (issue 14), from a release build: bytes gzip
# and brotli, the biggest files, time to usable under a throttled network, and the page
# module's biggest crates by twiggy. Not part of the tests. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release >/dev/null 2>&1
node bench/first_load.mjs
# Where the page module's bytes go, by crate (before wasm-opt; twiggy reads the names).
command -v twiggy >/dev/null || cargo install -q twiggy --version 0.8.0
for bin in boomerang-app embed; do
  wasm=target/wasm32-unknown-unknown/release-ui/$bin.wasm
  echo
  echo "$bin: code by crate (bytes before wasm-opt)"
  twiggy top -n 100000 -f csv "$wasm" | python3 bench/crates.py
done
