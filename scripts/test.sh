#!/usr/bin/env bash
# Sets everything up and runs every test: the core and the CLI natively, the app's
# components in headless Chromium, and the built app end to end with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "==> native tests (core, CLI)"
cargo test --workspace

echo "==> component tests in headless Chromium"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} cargo test -p boomerang-app --target wasm32-unknown-unknown --features inline-compute --test web

echo "==> end-to-end tests against the release build"
trunk build --release
npm run --silent e2e
