#!/usr/bin/env bash
# Fuzzes the import and the analysis with libFuzzer (cargo fuzz) for SECONDS (default 600).
# Stable Rust is enough: RUSTC_BOOTSTRAP lets cargo-fuzz pass its flags; no sanitizer is
# needed for safe Rust, where a panic is the crash to find. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
seeds=crates/core/fuzz/corpus/import
mkdir -p "$seeds"
cp crates/core/tests/fixtures/*.csv tests/fixtures/sales.xlsx "$seeds/"
head -c 3000 crates/core/tests/data/CDNOW_master.txt > "$seeds/cdnow_head.txt"
cd crates/core/fuzz
RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O import corpus/import -- \
  -max_total_time="${1:-600}" -max_len=65536 -timeout=20 -rss_limit_mb=4096
