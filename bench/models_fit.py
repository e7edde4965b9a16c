#!/usr/bin/env python3
"""Pareto/NBD and MBG/NBD fits: Boomerang against `lifetimes`, on the same summaries, in one run.

    ./bench/models_fit.sh           # sets up a virtualenv with lifetimes, builds the CLI, runs this

Two summaries: 57,000 clients simulated from the Pareto/NBD process itself (seeded; about the
clients of the 1M-row synthetic log), and CDNOW master as of 1998-06-30 (23,570 clients, the
summary lifetimes' reference in crates/core/tests/reference was written from). Each side is
timed on the fit alone (Boomerang the fastest of three, lifetimes one run: it takes seconds),
and both parameter sets are printed.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from lifetimes import ModifiedBetaGeoFitter, ParetoNBDFitter

CLIENTS = 57_000
TRUE = dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)
HERE = os.path.dirname(os.path.abspath(__file__))


def simulate(n, seed=20261125):
    rng = np.random.default_rng(seed)
    lam = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], n)
    mu = rng.gamma(TRUE["s"], 1 / TRUE["beta"], n)
    ages = rng.uniform(1, 156, n).round(2)
    death = rng.exponential(1 / mu)
    rows = []
    for i in range(n):
        end = min(ages[i], death[i])
        t, x, last = 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > end:
                break
            x, last = x + 1, t
        rows.append((x, round(last, 2), ages[i]))
    return pd.DataFrame(rows, columns=["frequency", "recency", "T"])


def cdnow_master():
    path = os.path.join(HERE, "..", "crates", "core", "tests", "reference", "lifetimes_clients.csv")
    rows = [r for r in csv.DictReader(open(path)) if r["data"] == "master"]
    return pd.DataFrame({
        "frequency": [int(r["x"]) for r in rows],
        "recency": [float(r["t_x"]) for r in rows],
        "T": [float(r["T"]) for r in rows],
    })


def ours(boomerang, summary, model):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        summary.to_csv(f, index=False)
        path = f.name
    out = json.loads(subprocess.check_output(
        [boomerang, "fit-summary", path, "--unit", "week", "--runs", "3", "--model", model]))
    os.unlink(path)
    key = {"pareto": "pareto_nbd", "mbgnbd": "mbg_nbd"}[model]
    return out["fit_seconds"], out[key]["params"]


def theirs(fitter, summary):
    model = fitter()
    start = time.perf_counter()
    model.fit(summary["frequency"], summary["recency"], summary["T"])
    return time.perf_counter() - start, dict(model.params_)


def main(boomerang):
    for name, summary in [(f"{CLIENTS:,} clients simulated from Pareto/NBD", simulate(CLIENTS)),
                          ("CDNOW master, 23,570 clients", cdnow_master())]:
        print(name)
        print(f"{'':28}{'seconds':>10}{'r':>10}{'alpha':>10}{'s | a':>10}{'beta | b':>10}")
        for model, fitter, names in [("pareto", ParetoNBDFitter, ["r", "alpha", "s", "beta"]),
                                     ("mbgnbd", ModifiedBetaGeoFitter, ["r", "alpha", "a", "b"])]:
            t_ours, p_ours = ours(boomerang, summary, model)
            t_theirs, p_theirs = theirs(fitter, summary)
            label = {"pareto": "Pareto/NBD", "mbgnbd": "MBG/NBD"}[model]
            print(f"{label + ' boomerang':28}{t_ours:>10.3f}" + "".join(f"{p_ours[k]:>10.4f}" for k in names))
            print(f"{label + ' lifetimes 0.11.3':28}{t_theirs:>10.3f}" + "".join(f"{p_theirs[k]:>10.4f}" for k in names))
            print(f"{'  boomerang / lifetimes':28}{t_ours / t_theirs:>10.3f}")
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/release/boomerang")
