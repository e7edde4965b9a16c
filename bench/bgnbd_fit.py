#!/usr/bin/env python3
"""BG/NBD fit: Boomerang against `lifetimes`, on the same 50,000-client summary, in one run.

    ./bench/bgnbd_fit.sh            # sets up a virtualenv with lifetimes, builds the CLI, runs this

The summary is simulated from the BG/NBD process itself (seeded, so every run fits the same
data): purchase rates from Gamma(r, alpha), dropout from Beta(a, b), ages of 1 to 78 weeks.
Each side is timed on the fit alone (the fastest of three), and both parameter sets are printed.
"""
import json
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter

CLIENTS = 50_000
TRUE = dict(r=0.25, alpha=4.0, a=0.8, b=2.5)


def simulate(n, seed=20241231):
    rng = np.random.default_rng(seed)
    lam = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], n)
    p = rng.beta(TRUE["a"], TRUE["b"], n)
    ages = rng.uniform(1, 78, n).round(2)
    rows = []
    for i in range(n):
        t, x, last = 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / lam[i]) if lam[i] > 0 else np.inf
            if t > ages[i]:
                break
            x, last = x + 1, t
            if rng.random() < p[i]:
                break
        rows.append((x, round(last, 2), ages[i]))
    return pd.DataFrame(rows, columns=["frequency", "recency", "T"])


def main(boomerang):
    summary = simulate(CLIENTS)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        summary.to_csv(f, index=False)
        path = f.name
    best = float("inf")
    for _ in range(3):
        model = BetaGeoFitter()
        start = time.perf_counter()
        model.fit(summary["frequency"], summary["recency"], summary["T"])
        best = min(best, time.perf_counter() - start)
    ours = json.loads(subprocess.check_output([boomerang, "fit-summary", path, "--unit", "week", "--runs", "3"]))
    b = ours["bgnbd"]["params"]
    print(f"BG/NBD fit of {CLIENTS:,} simulated clients (true r, alpha, a, b = {TRUE['r']}, {TRUE['alpha']}, {TRUE['a']}, {TRUE['b']})")
    print(f"{'':24}{'seconds':>10}{'r':>10}{'alpha':>10}{'a':>10}{'b':>10}")
    print(f"{'boomerang (native)':24}{ours['fit_seconds']:>10.4f}{b['r']:>10.4f}{b['alpha']:>10.4f}{b['a']:>10.4f}{b['b']:>10.4f}")
    p = model.params_
    print(f"{'lifetimes 0.11.3':24}{best:>10.4f}{p['r']:>10.4f}{p['alpha']:>10.4f}{p['a']:>10.4f}{p['b']:>10.4f}")
    print(f"boomerang / lifetimes time: {ours['fit_seconds'] / best:.3f} (goal: at most 0.5)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/release/boomerang")
