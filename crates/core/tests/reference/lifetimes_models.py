#!/usr/bin/env python3
"""The reference values of Pareto/NBD and MBG/NBD on CDNOW, written by `lifetimes` 0.11.3.

    target/bench-venv/bin/python crates/core/tests/reference/lifetimes_models.py

(`./bench/bgnbd_fit.sh` sets that virtualenv up.) Writes, beside this script, for the CDNOW
sample as of 1997-09-30 (the published summary, in weeks) and for CDNOW master as of
1998-06-30 (its summary computed here with pandas from the raw log: purchases of one day are
one occasion, t_x and T in days / 7):

    lifetimes_params.csv   data,model,r,alpha,s_or_a,beta_or_b,log_likelihood
    lifetimes_clients.csv  data,id,x,t_x,T,pareto_p_alive,pareto_expected_39,mbg_p_alive,mbg_expected_39

The test `crates/core/tests/models.rs` compares Boomerang's fits and predictions with these.
"""
import csv
import os

import numpy as np
import pandas as pd
from lifetimes import ModifiedBetaGeoFitter, ParetoNBDFitter

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def sample():
    s = pd.read_csv(os.path.join(DATA, "cdnow_customers_summary.csv"))
    ids = {}
    for line in open(os.path.join(DATA, "CDNOW_sample.txt")):
        cells = line.split()
        ids[int(cells[1])] = cells[0]
    s["id"] = s["ID"].map(ids)
    return s.rename(columns={"frequency": "x", "recency": "t_x"})[["id", "x", "t_x", "T"]]


def master(end="1998-06-30"):
    log = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+", header=None, skiprows=1,
                      names=["id", "date", "n", "amount"], dtype={"id": str, "date": str})
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    log = log[log["date"] <= end]
    days = log.groupby("id")["date"].agg(["min", "max", "nunique"])
    end = pd.Timestamp(end)
    return pd.DataFrame({
        "id": days.index,
        "x": days["nunique"] - 1,
        "t_x": (days["max"] - days["min"]).dt.days / 7.0,
        "T": (end - days["min"]).dt.days / 7.0,
    }).reset_index(drop=True)


def main():
    params, clients = [], []
    for name, s in [("sample", sample()), ("master", master())]:
        pnbd = ParetoNBDFitter().fit(s["x"], s["t_x"], s["T"])
        mbg = ModifiedBetaGeoFitter().fit(s["x"], s["t_x"], s["T"])
        p, m = pnbd.params_, mbg.params_
        # The log-likelihood at lifetimes' own parameters, by lifetimes' own functions.
        pnbd_ll = ParetoNBDFitter._conditional_log_likelihood(
            [p["r"], p["alpha"], p["s"], p["beta"]], s["x"].values, s["t_x"].values, s["T"].values).sum()
        ones = np.ones(len(s))
        mbg_ll = -len(s) * ModifiedBetaGeoFitter._negative_log_likelihood(
            np.log([m["r"], m["alpha"], m["a"], m["b"]]), s["x"].values, s["t_x"].values, s["T"].values, ones, 0.0)
        params.append([name, "pareto", p["r"], p["alpha"], p["s"], p["beta"], pnbd_ll])
        params.append([name, "mbgnbd", m["r"], m["alpha"], m["a"], m["b"], mbg_ll])
        s = s.assign(
            pareto_p_alive=pnbd.conditional_probability_alive(s["x"], s["t_x"], s["T"]),
            pareto_expected_39=pnbd.conditional_expected_number_of_purchases_up_to_time(39, s["x"], s["t_x"], s["T"]),
            mbg_p_alive=mbg.conditional_probability_alive(s["x"], s["t_x"], s["T"]),
            mbg_expected_39=mbg.conditional_expected_number_of_purchases_up_to_time(39, s["x"], s["t_x"], s["T"]),
        )
        for row in s.itertuples(index=False):
            clients.append([name, *row])
    with open(os.path.join(HERE, "lifetimes_params.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["data", "model", "r", "alpha", "s_or_a", "beta_or_b", "log_likelihood"])
        w.writerows([[r[0], r[1], *(f"{v:.10g}" for v in r[2:])] for r in params])
    with open(os.path.join(HERE, "lifetimes_clients.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["data", "id", "x", "t_x", "T", "pareto_p_alive", "pareto_expected_39", "mbg_p_alive", "mbg_expected_39"])
        w.writerows([[r[0], r[1], r[2], f"{r[3]:.6g}", f"{r[4]:.6g}", *(f"{v:.8g}" for v in r[5:])] for r in clients])


if __name__ == "__main__":
    main()
