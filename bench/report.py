"""Prints the benchmark's tables (markdown) from the JSON files bench/run.sh writes."""

import datetime
import json
import os
import platform
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def s(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def ratio(x, goal=None, higher=True):
    mark = ""
    if goal is not None:
        mark = " ✓" if (x >= goal if higher else x <= goal) else " ✗"
    return f"{x:.2f}×{mark}"


def measured(out, browser, name):
    """The native benchmark's and the browser's figures for the log named so (log-N, cdnow-N,
    xlsx-N)."""
    native = load(os.path.join(out, f"native-{name}.json"))
    key = next(k for k in browser["files"] if os.path.splitext(os.path.basename(k))[0] == name)
    return native, browser["files"][key]


def logs(out, browser, sizes):
    """The logs measured natively and in the browser, as (name, label): each size
    comma-separated, in CDNOW's layout, then as a workbook."""
    in_browser = {os.path.splitext(os.path.basename(k))[0] for k in browser["files"]}
    found = []
    for rows in sizes:
        for layout, suffix in (("log", ""), ("cdnow", " CDNOW-style"), ("xlsx", " XLSX")):
            name = f"{layout}-{rows}"
            if os.path.exists(os.path.join(out, f"native-{name}.json")) and name in in_browser:
                found.append((name, f"{rows:,}{suffix}"))
    return found


def main(out, sizes):
    browser = load(os.path.join(out, "browser.json"))
    measured_logs = logs(out, browser, sizes)
    print(f"Measured {datetime.date.today()} on {machine()}; Chromium headless, Node {os.popen('node --version').read().strip()}.")
    print()
    print("| rows | file | clients | native import | native analysis | wasm import | wasm analysis | wasm / native (import) | rule's figures drawn | bytes → dashboard | ÷ core in wasm | longest main-thread task | peak memory ÷ file |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows_out = []
    for name, label in measured_logs:
        native, b = measured(out, browser, name)
        w = b["worker"] or {}
        wasm_import = (w.get("reading", 0) + w.get("splitting", 0) + w.get("loading", 0)) / 1000
        wasm_analysis = w.get("analyzing", 0) / 1000
        wasm_total = w.get("total", 0) / 1000
        e2e = b["endToEndMs"] / 1000
        # A workbook is read by a worker of its own, which reports no timings: the compute
        # worker's import is only the loading of its sheet.
        workbook = name.startswith("xlsx")
        print(
            f"| {label} | {native['bytes'] / 1e6:.1f} MB | {native['clients']:,} | {s(native['import_s'])} | {s(native['analyze_s'])} "
            f"| {'–' if workbook else s(wasm_import)} | {s(wasm_analysis)} | {'–' if workbook else ratio(wasm_import / native['import_s'], 1.3, higher=False)} "
            f"| {s(b['ruleFiguresMs'] / 1000) if b.get('ruleFiguresMs') else '–'} | {s(e2e)} | {ratio(e2e / wasm_total, 2.0, higher=False)} | {b['longestTaskMs']:.0f} ms{' ✓' if b['longestTaskMs'] <= 50 else ' ✗'} "
            f"| {b['peakMemoryBytes'] / b['bytes']:.1f}×{' ✓' if b['peakMemoryBytes'] <= 2.5 * b['bytes'] else ' ✗'} |"
        )
        # The peers read text: a workbook has none of theirs.
        peer = lambda kind: load(path) if os.path.exists(path := os.path.join(out, f"{kind}-{name}.json")) else None
        if peer("js") is not None:
            rows_out.append((label, wasm_total, wasm_import, peer("js"), peer("py") or {}))
    warm = [b["warmUpMs"] for b in (measured(out, browser, n)[1] for n, _ in measured_logs) if b.get("warmUpMs")]
    if warm:
        print()
        print(f"Opening the Data tab starts the worker, which warms up on the demo (import, analysis, models) in "
              f"{min(warm) / 1000:.2f}–{max(warm) / 1000:.2f} s while the user picks a file; the file is given after it, "
              f"and the browser's peak is above the memory the page held then.")
    print()
    print("Where the memory goes: the browser's peak (every Chromium process's resident memory above what it held")
    print("before the file), the worker's and the page's wasm memory after the first analysis (wasm memory never")
    print("shrinks: each is its high-water mark), and the core's peak heap natively, each ÷ the file:")
    print()
    print("| rows | browser's peak | worker's wasm memory | page's wasm memory | native peak heap |")
    print("|---:|---:|---:|---:|---:|")
    for name, label in measured_logs:
        native, b = measured(out, browser, name)
        w = b["worker"] or {}
        x = lambda v: f"{v / b['bytes']:.1f}× ({v / 1e6:.0f} MB)" if v else "–"
        print(
            f"| {label} | {x(b['peakMemoryBytes'])} | {x(w.get('memory', 0))} | {x(w.get('pageMemory', 0))} "
            f"| {x(max(native.get(k, 0) for k in ('import_peak_heap_bytes', 'analysis_peak_heap_bytes', 'session_peak_heap_bytes')))} |"
        )
    print()
    print("A change of k on the loaded log (goal ≤ 40 ms): natively, in the worker (the import and the fitted models")
    print("kept), from the field's input event to the new figures drawn on the page, and from the test harness's")
    print("call that types the value (its own round trips before the page sees the input included):")
    print()
    print("| rows | native | in the worker | on screen | from the harness's call |")
    print("|---:|---:|---:|---:|---:|")
    for name, label in measured_logs:
        native, b = measured(out, browser, name)
        ms = lambda x: f"{x * 1000:.0f} ms{' ✓' if x <= 0.040 else ' ✗'}"
        worker = (b.get("settingChangeWorker") or {}).get("total", float("nan")) / 1000
        call = b.get("settingChangeFromCallMs", float("nan")) / 1000
        print(f"| {label} | {ms(native['setting_change_s'])} | {ms(worker)} | {ms(b['settingChangeMs'] / 1000)} | {call * 1000:.0f} ms |")
    print()
    print("A change of the analysis date a month back: the histories built again and the models refitted, each fit")
    print("from where the last one ended, against the same analysis from scratch (in the worker: the first analysis):")
    print()
    print("| rows | native, warm | native, from scratch | in the worker, warm | in the worker, first analysis |")
    print("|---:|---:|---:|---:|---:|")
    for name, label in measured_logs:
        native, b = measured(out, browser, name)
        w = b["worker"] or {}
        cold = (w.get("analyzing", 0) + w.get("modelling", 0)) / 1000
        warm = (b.get("asOfChangeWorker") or {}).get("total", float("nan")) / 1000
        print(f"| {label} | {s(native['as_of_change_s'])} | {s(native['as_of_change_from_scratch_s'])} | {s(warm)} | {s(cold)} |")
    print()
    print("Peers (parse + per-client aggregation: clients, occasions, revenue, first and last date), and how many times")
    print("longer they take than Boomerang's core in wasm doing the import and the whole analysis (model included):")
    print()
    peers = [
        ("papaparse", "PapaParse + JS", 10),
        ("udsv", "uDSV + JS", 5),
        ("duckdb_cold", "DuckDB-wasm cold", None),
        ("duckdb_warm", "DuckDB-wasm warm", 2.5),
        ("pandas", "pandas", 4),
        ("polars", "polars", None),
        ("lifetimes_summary", "lifetimes summary", 15),
    ]
    print("| rows | Boomerang (wasm) | " + " | ".join(name for _, name, _ in peers) + " |")
    print("|---:|---:|" + "---:|" * len(peers))
    for label, total, _, js, py in rows_out:
        both = {**js, **py}
        cells = []
        for key, _, goal in peers:
            if key not in both:
                cells.append("–")
                continue
            t = both[key]["seconds"]
            cells.append(f"{s(t)} ({ratio(t / total, goal)})")
        print(f"| {label} | {s(total)} | " + " | ".join(cells) + " |")
    print()
    k = browser["firstLoad"]["kinds"]
    raw = sum(v[0] for v in k.values())
    gz = sum(v[1] for v in k.values())
    print("First load (fetched before the demo's dashboard shows), raw / gzip -9:")
    print()
    print("| wasm | JS | CSS | HTML | in all |")
    print("|---:|---:|---:|---:|---:|")
    kb = lambda v: f"{v[0] / 1000:.0f} / {v[1] / 1000:.0f} KB"
    print(f"| {kb(k['wasm'])} | {kb(k['js'])} | {kb(k['css'])} | {kb(k['html'])} | {raw / 1000:.0f} / {gz / 1000:.0f} KB{' ✓' if gz <= 250_000 else ' ✗'} |")
    print()
    for f in browser["firstLoad"]["files"][:2]:
        print(f"- {f['name']}: {f['raw'] / 1000:.0f} KB, {f['gzip'] / 1000:.0f} KB gzip")


if __name__ == "__main__":
    main(sys.argv[1], [int(x) for x in sys.argv[2:]])
