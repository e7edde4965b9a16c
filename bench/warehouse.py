#!/usr/bin/env python3
"""The warehouse queries beside Boomerang, on the same logs, in one run (not part of the tests).

    ./bench/warehouse.sh

For CDNOW master (as of 1998-06-30) and the 5M-row synthetic log of `boomerang synth --rows
5000000 --seed 1` (the speed benchmark's), each engine loads the orders (not timed) and runs
its query from sql/ with the export line the app shows, writing the client table to CSV
(timed: PostgreSQL 15 through psql's \\copy, DuckDB's COPY, ClickHouse's chdb in-process).
Beside them: Boomerang natively (`boomerang bench`: import and the whole analysis with the
models) and in headless Chromium (bytes to dashboard drawn, bench/browser.mjs), on the same log.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "sql"))
import check_engines as engines  # noqa: E402


def synth_orders(boomerang, rows, log, orders):
    if not os.path.exists(log):
        with open(log, "wb") as f:
            subprocess.run([boomerang, "synth", "--rows", str(rows), "--seed", "1"], stdout=f,
                           check=True)
    latest = ""
    with open(log) as src, open(orders, "w", newline="") as out:
        w = csv.writer(out)
        next(src)
        for line in src:
            client, day, amount = line.rstrip("\n").split(",")
            latest = max(latest, day)
            w.writerow([client, day, amount, "", "", ""])
    return latest


def main(boomerang):
    boomerang = os.path.abspath(boomerang)
    out_dir = os.path.join(ROOT, "target", "bench")
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="boomerang-warehouse-")
    cdnow = os.path.join(work, "cdnow-orders.csv")
    engines.cdnow_orders(cdnow)
    synth_log = os.path.join(out_dir, "log-5000000.csv")
    synth = os.path.join(work, "synth-orders.csv")
    latest = synth_orders(boomerang, 5_000_000, synth_log, synth)
    logs = [("CDNOW master (69,659 rows)", engines.CDNOW, cdnow, "1998-06-30"),
            ("synthetic, 5,000,000 rows", synth_log, synth, latest)]
    browser = json.loads(subprocess.run(
        ["node", os.path.join(HERE, "browser.mjs"), engines.CDNOW, synth_log],
        check=True, capture_output=True, text=True).stdout)["files"]
    print(f"{'':28}{'clients':>9}{'PostgreSQL':>12}{'DuckDB':>9}{'ClickHouse':>12}"
          f"{'native':>9}{'browser':>9}")
    for label, log, orders, as_of in logs:
        times = {}
        for name, run in engines.ENGINES:
            table = os.path.join(work, f"{name}.csv")
            times[name] = run(boomerang, orders, as_of, table, work)
        with open(os.path.join(work, "duckdb.csv")) as f:
            clients = sum(1 for _ in f) - 1
        native = json.loads(subprocess.run([boomerang, "bench", log, "--runs", "1"], check=True,
                                           capture_output=True, text=True).stdout)
        drawn = browser[log]
        print(f"{label:<28}{clients:>9,}{times['postgres']:>11.2f}s{times['duckdb']:>8.2f}s"
              f"{times['clickhouse']:>11.2f}s{native['import_s'] + native['analyze_s']:>8.2f}s"
              f"{drawn['endToEndMs'] / 1000:>8.2f}s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "boomerang"))
