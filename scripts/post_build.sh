#!/usr/bin/env bash
# Trunk's post-build hook, in order: pin the page's inline scripts by hash in its CSP, write
# the demo's answers computed ahead of time (demo.bin, demo-history.bin: the page shows the
# demo without starting its compute worker), then a .gz and a .br beside every asset.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/csp_hash.py
cargo run -q -p boomerang-cli -- demo-replies >/dev/null
node scripts/precompress.mjs
