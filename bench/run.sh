#!/usr/bin/env bash
# The speed benchmark (not part of the tests): generates deterministic synthetic logs, times
# the core natively and in headless Chromium (in its worker, and bytes to dashboard drawn),
# the peers on the same files, and prints one table with the ratios. Each size is written
# three times: comma-separated (log-N.csv), in CDNOW's layout (cdnow-N.txt) and as an Excel
# workbook (xlsx-N.xlsx; the core and the browser only: the peers read text).
#
#   ./bench/run.sh                    # 100k, 1M and 5M rows
#   ./bench/run.sh 100000 1000000     # chosen sizes
#
# Installs what it needs and skips what is there: the project's set-up, the Python peers in
# target/bench-venv, the JavaScript peers in bench/node_modules. Results: target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
venv=target/bench-venv
if ! "$venv/bin/python" -c "import lifetimes, polars, pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r bench/requirements.txt
fi
if [ ! -d bench/node_modules/@duckdb/duckdb-wasm ]; then
  npm ci --prefix bench --no-audit --no-fund
fi
cargo build --release -q -p boomerang-cli
trunk build --release >/dev/null 2>&1
out=target/bench
mkdir -p "$out"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 5000000)
files=()
for rows in "${sizes[@]}"; do
  # The same purchases three times: comma-separated, laid out as CDNOW's master file (runs of
  # spaces, YYYYMMDD days, CRLF; the form the issue's 13.8x memory figure came from), and as a
  # workbook, up to the 1,048,575 rows under its header that an Excel sheet holds.
  for layout in log cdnow xlsx; do
    case "$layout" in
      log) file="$out/log-$rows.csv"; flag=() ;;
      cdnow) file="$out/cdnow-$rows.txt"; flag=(--cdnow) ;;
      xlsx) file="$out/xlsx-$rows.xlsx"; flag=(--xlsx) ;;
    esac
    [ "$layout" = xlsx ] && [ "$rows" -gt 1048575 ] && continue
    [ -s "$file" ] || ./target/release/boomerang synth --rows "$rows" --seed 1 ${flag[@]+"${flag[@]}"} >"$file"
    files+=("$file")
    name="$layout-$rows"
    echo "==> $name: the core natively" >&2
    ./target/release/boomerang bench "$file" --runs 3 >"$out/native-$name.json"
    [ "$layout" = xlsx ] && continue
    echo "==> $name: JavaScript peers" >&2
    RUNS=2 node bench/peers.mjs "$file" >"$out/js-$name.json"
    echo "==> $name: Python peers" >&2
    RUNS=2 "$venv/bin/python" bench/peers.py "$file" >"$out/py-$name.json"
  done
done
echo "==> Chromium: first load and every log" >&2
node bench/browser.mjs "${files[@]}" >"$out/browser.json"
python3 bench/report.py "$out" "${sizes[@]}"
