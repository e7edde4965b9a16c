#!/usr/bin/env bash
# The core alone in V8, without the browser (bench/wasm.mjs): the import, the rule's figures
# and the models as the compute worker runs them, several runs, with the fastest and the
# median; --profile adds the time by function; --demo-first runs the demo first, as the worker
# does when the Data tab opens. Not part of the tests.
#
#   ./bench/wasm.sh FILE [RUNS] [--profile] [--demo-first]
#   ./target/release/boomerang synth --rows 1000000 --seed 1 > /tmp/1m.csv   # a file
#
# Builds bench/wasm (its own workspace, the worker's release profile) for wasm32.
set -euo pipefail
# Paths stay the caller's: the project is reached through the script's own place.
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh" >/dev/null
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -q --target wasm32-unknown-unknown --manifest-path "$root/bench/wasm/Cargo.toml"
node "$root/bench/wasm.mjs" "$root/bench/wasm/target/wasm32-unknown-unknown/release/boomerang_wasm_bench.wasm" "$@"
