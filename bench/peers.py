"""The Python peers on one log: pandas read_csv + groupby, polars, and the lifetimes summary
step (summary_data_from_transaction_data). Prints JSON: seconds (the fastest of RUNS) and
client counts.

A log is either the comma-separated `client,date,amount` or CDNOW's layout (runs of spaces,
`customer_id date number_of_cds dollar_value`, YYYYMMDD days): pandas splits on runs of
spaces itself; polars, which splits on one character, reads lines and a regular expression."""

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


def cdnow(path):
    """Whether the log is laid out as CDNOW's master file (no commas in its header)."""
    with open(path, "rb") as f:
        return b"," not in f.readline()


def read_pandas(path):
    """The log as a pandas frame of client (str), date (datetime) and amount (float)."""
    if not cdnow(path):
        return pd.read_csv(path, dtype={"client": str, "amount": float}, parse_dates=["date"])
    df = pd.read_csv(
        path,
        sep=r"\s+",
        names=["client", "date", "items", "amount"],
        skiprows=1,
        dtype={"client": str, "date": str, "items": int, "amount": float},
    )
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


def read_polars(path):
    """The log as a polars frame of client, date and amount. polars splits on one character
    only, so CDNOW's runs of spaces are read as lines and split by a regular expression."""
    if not cdnow(path):
        return pl.read_csv(path, schema={"client": pl.Utf8, "date": pl.Date, "amount": pl.Float64})
    lines = pl.read_csv(path, has_header=False, skip_rows=1, separator="\x1f", new_columns=["line"], quote_char=None)
    # The regular expression runs once a line; its groups are unnested into columns.
    parts = pl.col("line").str.extract_groups(r"^\s*(\S+)\s+(\d{8})\s+(\S+)\s+(\S+)")
    fields = lines.select(parts.alias("p")).unnest("p")
    return fields.select(pl.col("1").alias("client"),
                         pl.col("2").str.to_date("%Y%m%d").alias("date"),
                         pl.col("4").cast(pl.Float64).alias("amount"))


def with_pandas(path):
    df = read_pandas(path)
    g = df.groupby("client").agg(
        occasions=("date", "nunique"), revenue=("amount", "sum"), first=("date", "min"), last=("date", "max")
    )
    return {"clients": len(g), "occasions": int(g["occasions"].sum())}


def with_polars(path):
    df = read_polars(path)
    g = df.group_by("client").agg(
        pl.col("date").n_unique().alias("occasions"),
        pl.col("amount").sum().alias("revenue"),
        pl.col("date").min().alias("first"),
        pl.col("date").max().alias("last"),
    )
    return {"clients": g.height, "occasions": int(g["occasions"].sum())}


def with_lifetimes(path):
    df = read_pandas(path)
    s = summary_data_from_transaction_data(df, "client", "date", monetary_value_col="amount", freq="D")
    return {"clients": len(s), "occasions": int(s["frequency"].sum() + len(s))}


def main(path, skip_lifetimes):
    out = {"pandas": best(lambda: with_pandas(path)), "polars": best(lambda: with_polars(path))}
    if not skip_lifetimes:
        out["lifetimes_summary"] = best(lambda: with_lifetimes(path))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], "--skip-lifetimes" in sys.argv)
