#!/usr/bin/env bash
# The BG/NBD benchmark: a virtualenv with the pinned peers (skipped when there), the CLI in
# release mode, then bench/bgnbd_fit.py (or the script named). Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
if ! "$venv/bin/python" -c "import lifetimes" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r bench/requirements.txt
fi
cargo build --release -q -p boomerang-cli
"$venv/bin/python" "${1:-bench/bgnbd_fit.py}" target/release/boomerang
