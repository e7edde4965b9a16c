#!/usr/bin/env bash
# Sets everything up and runs every test: the core and the CLI natively, the warehouse SQL on
# its engines, the app's components in headless Chromium, and the built app end to end with
# Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/setup-engines.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "==> native tests (core, CLI)"
cargo test --workspace --features boomerang-app/prerender

echo "==> the warehouse SQL on PostgreSQL, DuckDB and ClickHouse, against the log"
cargo build -q -p boomerang-cli
target/sql-venv/bin/python sql/check_engines.py target/debug/boomerang

echo "==> component tests in headless Chromium"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} cargo test -p boomerang-app --target wasm32-unknown-unknown --features inline-compute --test web

echo "==> end-to-end tests against the release build"
trunk build --release
npm run --silent e2e
