#!/usr/bin/env bash
# The warehouse benchmark (not part of the tests): each engine's query beside Boomerang natively
# and in the browser, on CDNOW master and the 5M-row synthetic log. See bench/warehouse.py.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
./scripts/setup-engines.sh >/dev/null
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build --release -q -p boomerang-cli
trunk build --release >/dev/null 2>&1
target/sql-venv/bin/python bench/warehouse.py target/release/boomerang
