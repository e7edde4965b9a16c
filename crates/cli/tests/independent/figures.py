#!/usr/bin/env python3
"""An independent computation of Boomerang's figures, for checking the Rust core.

Written from shared/DOMAIN.md alone, in plain Python (standard library only), sharing no
code with the Rust crates. Reads a whitespace-separated CDNOW-style log (customer id, date
YYYYMMDD, quantity, dollar value; one header line) and prints a JSON object of figures as seen
from AS_OF with the default settings.

    python3 figures.py CDNOW_master.txt 1998-06-30
"""
import json
import statistics
import sys
from collections import defaultdict
from datetime import date, timedelta

K = 4 / 3
MIN_DAYS = 30
ONE_TIME_DAYS = 90
MIN_REPEAT = 10
P = 0.25
MARGIN = 0.30
COST = 500.0 * 3
ABC_A, ABC_B = 0.80, 0.95
XYZ_X, XYZ_Y = 0.10, 0.25


def main(path, as_of_text):
    as_of = date.fromisoformat(as_of_text)
    # Occasions: one client, one day.
    by_day = defaultdict(float)
    with open(path) as f:
        next(f)
        for line in f:
            cid, ymd, _qty, value = line.split()
            d = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
            if d <= as_of:
                by_day[(cid, d)] += float(value)
    hist = defaultdict(list)
    for (cid, d), v in by_day.items():
        hist[cid].append((d, v))
    for h in hist.values():
        h.sort()

    def interval(h):
        if len(h) < 2:
            return None
        return statistics.median([(b[0] - a[0]).days for a, b in zip(h, h[1:])])

    intervals = [i for i in (interval(h) for h in hist.values()) if i is not None]
    if len(intervals) >= MIN_REPEAT:
        one_time_L = max(K * statistics.median(intervals), MIN_DAYS)
    else:
        one_time_L = ONE_TIME_DAYS
    # Business frequency: occasions in the year before as_of / clients who bought then.
    earliest = min(h[0][0] for h in hist.values())
    window = min((as_of - earliest).days, 365)
    since = as_of - timedelta(days=window)
    occ = cl = 0
    for h in hist.values():
        n = sum(1 for d, _ in h if d > since) if window < (as_of - earliest).days else len(h)
        if n:
            occ += n
            cl += 1
    freq = occ / cl * 365 / window

    rows = []
    for cid, h in hist.items():
        n = len(h)
        first, last = h[0][0], h[-1][0]
        revenue = sum(v for _, v in h)
        iv = interval(h)
        L = max(K * iv, MIN_DAYS) if iv is not None else one_time_L
        active_for = iv if iv is not None else one_time_L / K
        recency = (as_of - last).days
        status = "active" if recency <= active_for else ("sleeping" if recency <= L else "lost")
        episodes = sum(1 for a, b in zip(h, h[1:]) if (b[0] - a[0]).days > L)
        check = revenue / n
        ppy = n / (((last - first).days + iv) / 365) if iv is not None else freq
        rate = check * ppy
        # XYZ over the 12 calendar months ending with the last purchase's month.
        months = [0.0] * 12
        lm = last.year * 12 + last.month - 1
        for d, v in h:
            back = lm - (d.year * 12 + d.month - 1)
            if 0 <= back < 12:
                months[11 - back] += v
        mean = sum(months) / 12
        cv = statistics.pstdev(months) / mean if mean > 0 else None
        xyz = None if cv is None else ("X" if cv <= XYZ_X else "Y" if cv <= XYZ_Y else "Z")
        # The threshold of the client at the start of the churn window.
        start = as_of - timedelta(days=365)
        before = [d for d, _ in h if d <= start]
        lost_at_start = None if not before else (start - before[-1]).days > L
        rows.append(dict(id=cid, n=n, first=first, last=last, revenue=revenue, status=status, episodes=episodes,
                         rate=rate, ppy=ppy, check=check, xyz=xyz, lost_at_start=lost_at_start, iv=iv))

    status = {s: sum(1 for r in rows if r["status"] == s) for s in ("active", "sleeping", "lost")}
    lost = [r for r in rows if r["status"] == "lost"]
    at_start = [r for r in rows if r["lost_at_start"] is False]
    churn = sum(1 for r in at_start if r["status"] == "lost") / len(at_start)
    ever = [r for r in rows if r["episodes"] > 0 or r["status"] == "lost"]
    reactivation = sum(1 for r in rows if r["episodes"] > 0) / len(ever)

    # ABC by revenue, ties by client id.
    total = sum(r["revenue"] for r in rows)
    acc = 0.0
    for r in sorted(rows, key=lambda r: (-r["revenue"], r["id"])):
        share = acc / total
        r["abc"] = "A" if share < ABC_A else "B" if share < ABC_B else "C"
        acc += r["revenue"]

    lifetime = 1 / churn
    cats = defaultdict(int)
    for r in rows:
        if r["status"] == "active":
            continue
        benefit = r["check"] * MARGIN * r["ppy"] / 12 * lifetime * 12
        net = P * benefit - COST
        if (r["status"] == "lost" and r["episodes"] > 0) or net <= 0:
            cats["let_go"] += 1
        else:
            cats[{"A": "return_first", "B": "return_necessarily", "C": "return_if_possible"}[r["abc"]]] += 1

    print(json.dumps({
        "clients": len(rows),
        "status": status,
        "lost_twice": sum(1 for r in lost if r["episodes"] > 0),
        "lost_revenue_per_year": sum(r["rate"] for r in lost),
        "lost_revenue_one_time": sum(r["rate"] for r in lost if r["n"] == 1),
        "churn_rate_annual": churn,
        "churn_at_start": len(at_start),
        "lifetime_years": lifetime,
        "reactivation_rate": reactivation,
        "abc": {c: sum(1 for r in rows if r["abc"] == c) for c in "ABC"},
        "xyz": {c: sum(1 for r in rows if r["xyz"] == c) for c in "XYZ"},
        "winback": dict(cats),
    }, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
