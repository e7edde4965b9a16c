#!/usr/bin/env bash
# Installs the warehouse engines the SQL in sql/ is tested on, skipping whatever is already
# there: Debian's PostgreSQL 15 (and python3-venv), and DuckDB and ClickHouse's chdb from PyPI
# in a virtualenv under target/. Only the tests need them (scripts/test.sh runs this); serving
# the app does not.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! python3 -c "import ensurepip" 2>/dev/null; then
  say "installing Debian's postgresql and python3-venv"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql python3-venv
fi

SQL_VENV=target/sql-venv
if ! "$SQL_VENV/bin/python" -c "import duckdb, chdb" 2>/dev/null; then
  say "installing DuckDB and ClickHouse (chdb) for the warehouse SQL tests (about a minute)"
  python3 -m venv "$SQL_VENV"
  "$SQL_VENV/bin/pip" install -q -r sql/requirements.txt
fi
