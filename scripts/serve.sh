#!/usr/bin/env bash
# Sets everything up and serves the app with the demo data loaded: http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
