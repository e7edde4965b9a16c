#!/usr/bin/env bash
# Trunk's post-build hook, in order: write the demo's answers computed ahead of time (demo.bin,
# demo-history.bin: the page shows the demo without starting its compute worker), prerender
# the demo's dashboard from them into index.html (shown before the module arrives), pin the
# page's inline scripts by hash in its CSP, then a .gz and a .br beside every asset.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p boomerang-cli -- demo-replies >/dev/null
cargo run -q -p boomerang-app --features prerender --bin prerender
python3 scripts/csp_hash.py
node scripts/precompress.mjs
