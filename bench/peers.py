"""The Python peers on one log: pandas read_csv + groupby, polars, and the lifetimes summary
step (summary_data_from_transaction_data). Prints JSON: seconds (the fastest of RUNS) and
client counts."""

import json
import os
import sys
import time
import warnings

import pandas as pd
import polars as pl
from lifetimes.utils import summary_data_from_transaction_data

warnings.simplefilter("ignore")
RUNS = int(os.environ.get("RUNS", "2"))


def best(fn):
    seconds, out = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        out = fn()
        seconds = min(seconds, time.perf_counter() - start)
    return {"seconds": seconds, **out}


def with_pandas(path):
    df = pd.read_csv(path, dtype={"client": str, "amount": float}, parse_dates=["date"])
    g = df.groupby("client").agg(
        occasions=("date", "nunique"), revenue=("amount", "sum"), first=("date", "min"), last=("date", "max")
    )
    return {"clients": len(g), "occasions": int(g["occasions"].sum())}


def with_polars(path):
    df = pl.read_csv(path, schema={"client": pl.Utf8, "date": pl.Date, "amount": pl.Float64})
    g = df.group_by("client").agg(
        pl.col("date").n_unique().alias("occasions"),
        pl.col("amount").sum().alias("revenue"),
        pl.col("date").min().alias("first"),
        pl.col("date").max().alias("last"),
    )
    return {"clients": g.height, "occasions": int(g["occasions"].sum())}


def with_lifetimes(path):
    df = pd.read_csv(path, dtype={"client": str, "amount": float}, parse_dates=["date"])
    s = summary_data_from_transaction_data(df, "client", "date", monetary_value_col="amount", freq="D")
    return {"clients": len(s), "occasions": int(s["frequency"].sum() + len(s))}


def main(path, skip_lifetimes):
    out = {"pandas": best(lambda: with_pandas(path)), "polars": best(lambda: with_polars(path))}
    if not skip_lifetimes:
        out["lifetimes_summary"] = best(lambda: with_lifetimes(path))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], "--skip-lifetimes" in sys.argv)
