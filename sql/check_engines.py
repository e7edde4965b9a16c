#!/usr/bin/env python3
"""The warehouse SQL on its real engines: PostgreSQL, DuckDB and ClickHouse (chdb).

    target/sql-venv/bin/python sql/check_engines.py target/debug/boomerang

Run by scripts/test.sh (scripts/setup.sh installs the engines). For two logs (CDNOW master as
of 1998-06-30; the demo, which has profit, managers and reasons) each engine loads the orders,
runs its file in sql/ and writes the client table; the CLI reads that table with
`--kind clients` and must give the log's figures: the status counts, "lost twice", the
one-time buyers' rule, ABC and the managers exactly, the losses of the period, the sleeping
potential and the declining clients within 0.1%. The threshold each engine writes must be the
one Boomerang computes for the client, and docs/warehouse-sql.md must show each file as it is.
Exits non-zero, naming every difference, when anything disagrees.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CDNOW = os.path.join(ROOT, "crates", "core", "tests", "data", "CDNOW_master.txt")
EXACT = ["status", "lost_twice", "one_time_rule", "abc", "abc_basis", "managers", "churn",
         "lifetime_years", "campaign", "lost_all"]
CLOSE = [("lost_in_period", "clients"), ("lost_in_period", "annual_revenue"),
         ("lost_in_period", "base"), ("sleeping_potential",), ("declining", "clients"),
         ("declining", "revenue_drop")]
FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("  FAIL " + message)


def sql_of(engine):
    with open(os.path.join(HERE, engine + ".sql"), encoding="utf-8") as f:
        return f.read()


def statement(engine):
    """The file without its comments and final semicolon: one statement to wrap."""
    lines = [l for l in sql_of(engine).splitlines() if not l.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")


def cli(boomerang, *args):
    """What `boomerang sql ...` prints: the query, its params table or its export line."""
    return subprocess.run([boomerang, "sql", *args], check=True, capture_output=True,
                          text=True).stdout


def cdnow_orders(path):
    with open(CDNOW) as src, open(path, "w", newline="") as out:
        w = csv.writer(out)
        for line in src:
            parts = line.split()
            if len(parts) != 4 or not parts[1].isdigit():
                continue
            client, day, _, amount = parts
            w.writerow([client, f"{day[:4]}-{day[4:6]}-{day[6:]}", amount, "", "", ""])


def demo_orders(boomerang, path):
    text = subprocess.run([boomerang, "demo"], check=True, capture_output=True).stdout
    rows = list(csv.reader(text.decode("utf-8-sig").splitlines(), delimiter=";"))
    header = rows[0]
    at = {name: header.index(name) for name in header}

    def number(v):
        # "24 579,88 ₽", "11\u00a0657,00": the digits, the sign and the decimal comma.
        kept = "".join(ch for ch in v if ch.isdigit() or ch in ",-").replace(",", ".")
        return str(Decimal(kept)) if kept else ""

    with open(path, "w", newline="") as out:
        w = csv.writer(out)
        for r in rows[1:]:
            if len(r[at["Дата"]].split(".")) != 3:
                continue  # the totals row
            d, m, y = r[at["Дата"]].split(".")
            w.writerow([r[at["Клиент"]], f"{y}-{m}-{d}", number(r[at["Сумма"]]),
                        number(r[at["Прибыль"]]), r[at["Менеджер"]], r[at["Причина ухода"]]])


def edge_orders(path):
    """Small orders that CDNOW and the demo do not have: refunds, orders without an amount,
    several orders on a day, profit on some orders only, orders after as_of, a client lost
    across the start of the year who came back, timestamps."""
    rows = [
        # A regular buyer with a refund day and two orders on one day (one with a time).
        ("R1", "2023-01-10", "100.00", "30", "Ann", ""),
        ("R1", "2023-02-10", "120.00", "", "Ann", ""),
        ("R1", "2023-02-10 15:30:00", "80.00", "20", "Ann", ""),
        ("R1", "2023-03-12", "-50.00", "-10", "Ann", ""),
        ("R1", "2023-04-10", "90.00", "", "Bob", ""),
        ("R1", "2024-11-20", "110.00", "25", "Bob", "price"),
        # Lost across the start of the year up to as_of, came back in it, lost again.
        ("L2", "2022-06-01", "500.00", "", "Cid", ""),
        ("L2", "2022-07-01", "520.00", "", "Cid", ""),
        ("L2", "2022-08-01", "480.00", "", "Cid", ""),
        ("L2", "2024-02-15", "300.00", "", "Cid", "competitor"),
        # An order without an amount (left out by both) and one after as_of (not counted).
        ("N3", "2024-03-01", "200.00", "", "", ""),
        ("N3", "2024-06-01", "", "", "Dan", ""),
        ("N3", "2024-09-01", "210.00", "", "", ""),
        ("N3", "2025-02-01", "999.00", "", "Eve", ""),
        # One-time buyers, one of them only after as_of.
        ("O4", "2024-12-01", "40.00", "", "", ""),
        ("O5", "2023-05-05", "60.00", "", "", ""),
        ("F6", "2025-01-15", "70.00", "", "", ""),
        # Declining: bought much more in the year before.
        ("D7", "2023-01-15", "1000.00", "100", "", ""),
        ("D7", "2023-04-15", "1000.00", "100", "", ""),
        ("D7", "2023-07-15", "1000.00", "100", "", ""),
        ("D7", "2024-01-15", "300.00", "30", "", ""),
        ("D7", "2024-10-15", "200.00", "20", "", ""),
    ]
    # Enough repeat buyers for the one-time rule: eleven monthly clients.
    for c in range(11):
        for m in range(1, 13, 1 + c % 3):
            rows.append((f"M{c:02}", f"2024-{m:02}-{5 + c:02}", f"{10 + c}.50", "", "", ""))
    with open(path, "w", newline="") as out:
        csv.writer(out).writerows(rows)


def log_as_csv(orders, path):
    """The orders as a log the CLI reads, so that both sides start from the same rows."""
    with open(orders) as src, open(path, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["client_id", "date", "amount", "profit", "manager", "reason"])
        for row in csv.reader(src):
            w.writerow(row)


def run_postgres(boomerang, orders, as_of, out, work):
    bin_dir = "/usr/lib/postgresql/15/bin"
    if not os.path.exists(os.path.join(bin_dir, "initdb")):
        fail("postgres: /usr/lib/postgresql/15/bin/initdb is missing (scripts/setup.sh installs it)")
        return None
    home = tempfile.mkdtemp(prefix="boomerang-pg-")
    as_user = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: the throw-away cluster belongs to `postgres`.
        shutil.chown(home, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    os.chmod(work, 0o755)
    os.chmod(orders, 0o644)
    data = os.path.join(home, "data")
    quiet = dict(check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_user + [f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres"], **quiet)
    ctl = as_user + [f"{bin_dir}/pg_ctl", "-D", data]
    subprocess.run(ctl + ["-o", f"-k {home} -c listen_addresses=''", "-l", f"{home}/log", "-w", "start"], **quiet)
    try:
        psql = as_user + ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", home, "-U", "postgres"]
        setup = f"""
CREATE TABLE orders (client_id text, ordered_at timestamp, amount numeric, profit numeric,
                     manager text, reason text);
\\copy orders FROM '{orders}' WITH (FORMAT csv)
{cli(boomerang, "postgres", "--params", "--as-of", as_of)}
"""
        subprocess.run(psql, input=setup.encode(), **quiet)
        # The export line as the app and `boomerang sql postgres --export` give it, run by
        # psql in a directory of its own: it writes clients.csv there.
        start = time.perf_counter()
        subprocess.run(psql + ["-c", cli(boomerang, "postgres", "--export")], cwd=home, **quiet)
        seconds = time.perf_counter() - start
        shutil.copy(os.path.join(home, "clients.csv"), out)
        return seconds
    finally:
        subprocess.run(ctl + ["-m", "fast", "stop"], **quiet)
        shutil.rmtree(home, ignore_errors=True)


def run_duckdb(boomerang, orders, as_of, out, work):
    import duckdb
    con = duckdb.connect()
    con.execute("""CREATE TABLE orders (client_id VARCHAR, ordered_at TIMESTAMP, amount DECIMAL(18,2),
                   profit DECIMAL(18,2), manager VARCHAR, reason VARCHAR)""")
    con.execute(f"""INSERT INTO orders SELECT * FROM read_csv('{orders}', header = false,
        columns = {{'c': 'VARCHAR', 'd': 'TIMESTAMP', 'a': 'DECIMAL(18,2)', 'p': 'DECIMAL(18,2)',
                   'm': 'VARCHAR', 'r': 'VARCHAR'}})""")
    con.execute(cli(boomerang, "duckdb", "--params", "--as-of", as_of))
    # The export line as the app gives it: COPY (...) TO 'clients.csv', relative to here.
    here = os.getcwd()
    os.chdir(tempfile.mkdtemp(dir=work))
    try:
        start = time.perf_counter()
        con.execute(cli(boomerang, "duckdb", "--export"))
        seconds = time.perf_counter() - start
        shutil.copy("clients.csv", out)
    finally:
        os.chdir(here)
    return seconds


def run_clickhouse(boomerang, orders, as_of, out, work):
    from chdb import session
    s = session.Session(tempfile.mkdtemp(prefix="chdb-", dir=work))
    s.query("CREATE DATABASE IF NOT EXISTS w")
    s.query("""CREATE TABLE w.orders (client_id String, ordered_at DateTime, amount Nullable(Decimal(18,2)),
               profit Nullable(Decimal(18,2)), manager Nullable(String),
               reason Nullable(String)) ENGINE = MergeTree ORDER BY client_id""")
    s.query(f"""INSERT INTO w.orders SELECT c, d, a, p, nullIf(m, ''), nullIf(r, '')
        FROM file('{orders}', CSV, 'c String, d DateTime, a Nullable(Decimal(18,2)),
                  p Nullable(Decimal(18,2)), m String, r String')
        SETTINGS date_time_input_format = 'best_effort'""")
    s.query("USE w")
    s.query(cli(boomerang, "clickhouse", "--params", "--as-of", as_of).rstrip().rstrip(";"))
    # clickhouse-client's --format CSVWithNames, as the export line says.
    start = time.perf_counter()
    result = s.query(sql_of("clickhouse"), "CSVWithNames")
    seconds = time.perf_counter() - start
    with open(out, "wb") as f:
        f.write(result.bytes())
    s.close()
    return seconds


ENGINES = [("postgres", run_postgres), ("duckdb", run_duckdb), ("clickhouse", run_clickhouse)]


def analyze(boomerang, *args):
    done = subprocess.run([boomerang, "analyze", *args], check=True, capture_output=True)
    return json.loads(done.stdout)


def per_client(path):
    with open(path, encoding="utf-8-sig") as f:
        return {r["client_id"]: r for r in csv.DictReader(f)}


def dig(report, keys):
    for k in keys:
        report = report.get(k) if isinstance(report, dict) else None
    return report


def compare(name, log, table, log_clients, engine_table):
    for key in EXACT:
        if log.get(key) != table.get(key):
            fail(f"{name}: `{key}` differs\n    log:   {json.dumps(log.get(key))[:400]}"
                 f"\n    table: {json.dumps(table.get(key))[:400]}")
    for keys in CLOSE:
        a, b = dig(log, keys), dig(table, keys)
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or \
                abs(a - b) > 0.001 * max(abs(a), 1e-9):
            fail(f"{name}: `{'.'.join(keys)}` is {b} from the table, {a} from the log")
    # The engine's own threshold is the one Boomerang computes for each client from the log.
    wrong = [c for c, row in engine_table.items()
             if abs(float(row["threshold_days"]) - float(log_clients[c]["threshold_days"])) > 1e-3]
    if wrong:
        fail(f"{name}: threshold_days differs for {len(wrong)} clients, such as {wrong[:3]}")


def docs():
    with open(os.path.join(ROOT, "docs", "warehouse-sql.md"), encoding="utf-8") as f:
        return f.read()


def documented_columns():
    """The client table's columns as the docs' table lists them, in order."""
    return [line.split("`")[1] for line in docs().splitlines() if line.startswith("| `")]


def docs_show_the_files():
    for engine in ["postgres", "clickhouse", "duckdb", "bigquery"]:
        if f"```sql\n{sql_of(engine)}```" not in docs():
            fail(f"docs/warehouse-sql.md does not show sql/{engine}.sql as it is")
    # BigQuery's file cannot run here: its final SELECT at least names every column.
    final = statement("bigquery").rsplit("SELECT", 1)[1]
    missing = [c for c in documented_columns() if c not in final]
    if missing:
        fail(f"sql/bigquery.sql's result lacks {missing}")


def header_is_documented(name, path):
    with open(path, encoding="utf-8") as f:
        header = [h.strip('"') for h in f.readline().strip().split(",")]
    if header != documented_columns():
        fail(f"{name}: the columns are {header}, the docs list {documented_columns()}")


def main(boomerang):
    boomerang = os.path.abspath(boomerang)
    docs_show_the_files()
    work = tempfile.mkdtemp(prefix="boomerang-sql-")
    try:
        datasets = []
        cdnow = os.path.join(work, "cdnow.csv")
        cdnow_orders(cdnow)
        datasets.append(("CDNOW master", cdnow, "1998-06-30"))
        demo = os.path.join(work, "demo.csv")
        demo_orders(boomerang, demo)
        datasets.append(("the demo", demo, None))
        edge = os.path.join(work, "edge.csv")
        edge_orders(edge)
        datasets.append(("the edge cases", edge, "2024-12-31"))
        for label, orders, as_of in datasets:
            log_file = os.path.join(work, "log.csv")
            log_as_csv(orders, log_file)
            log_clients = os.path.join(work, "log_clients.csv")
            args = ["--as-of", as_of] if as_of else []
            log = analyze(boomerang, log_file, "--clients", log_clients, *args)
            as_of = log["as_of"]
            print(f"{label} as of {as_of}: {log['status']}")
            for engine, run in ENGINES:
                out = os.path.join(work, f"{engine}.csv")
                seconds = run(boomerang, orders, as_of, out, work)
                if seconds is None:
                    continue
                header_is_documented(f"{label}, {engine}", out)
                # No --as-of: the table's own as_of column sets the analysis date.
                table = analyze(boomerang, out, "--kind", "clients")
                compare(f"{label}, {engine}", log, table, per_client(log_clients), per_client(out))
                print(f"  {engine:<11} {seconds:6.3f} s   {table['status']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} disagreement(s) between the warehouse SQL and the log")
        sys.exit(1)
    print("the three engines' client tables give the log's figures")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "boomerang"))
