#!/usr/bin/env python3
"""An independent computation of Boomerang's figures, for checking the Rust core.

Written from shared/DOMAIN.md alone (plus the conventions agreed where DOMAIN.md leaves
room, listed below), in plain Python (standard library only), sharing no code with the Rust
crates. Reads a whitespace-separated CDNOW-style log (customer id, date YYYYMMDD, quantity,
dollar value; one header line) and prints a JSON object of figures as seen from AS_OF with
the default settings, for the period PERIOD_FROM..PERIOD_TO (both ends included; default the
365 days up to AS_OF).

    python3 figures.py CDNOW_master.txt 1998-06-30
    python3 figures.py CDNOW_master.txt 1998-06-30 1997-01-01 1997-12-31
    COST_PER_ATTEMPT=1 python3 figures.py CDNOW_master.txt 1998-06-30

The environment variable COST_PER_ATTEMPT replaces the default cost of one attempt (500),
for data whose checks are too small for the default to leave anyone worth calling.

Lines whose date field is not a YYYYMMDD date (the header) are skipped. The customer id is
the first field, date, quantity and value the last three, so the 5-column CDNOW_sample.txt
(customer id, second id, date, quantity, value; no header) reads too.

Money is added up exactly (fractions of the decimal amounts) and printed as floats; the
thresholds L are exact fractions, so `floor(L)` and `recency > L` have no rounding.

Conventions (where DOMAIN.md leaves room):
 1. The period [from, to] is a range of days, both ends included; default from = AS_OF - 364,
    to = AS_OF. The previous period has as many days and ends the day before `from`; when
    the period is a calendar year (1 January to 31 December), it is the calendar year before.
 2. interval = median of the gaps (days) between consecutive occasions; L = max(k x interval,
    min_days); one-time buyers: k x median interval of all repeat clients (at least
    min_days), or 90 days with fewer than 10 repeat clients. Active: recency <= interval
    (one-time: <= L / k); sleeping: recency <= L; lost: recency > L. L is the client's
    threshold as of AS_OF, also used for statuses at earlier dates.
 3. The client's year at day t: the sum of their occasions in (t - 365, t]; purchases a year
    = the number of those occasions.
 4. After a purchase on day t with no purchase in the next floor(L) days, a loss begins on
    day t + floor(L) + 1; the next purchase, if any, is the return.
 5. Lost in [from, to]: a loss beginning in [from, to] whose return (if any) is after `to`.
    Money: the year at the purchase before that loss. share_of_base: over the clients in the
    base during the period: not lost on day from - 1 (a purchase on or before it and
    recency <= L on it), or with a purchase in [from, to].
 6. Churn: s = from - 1 (or the earliest purchase day, if later); window = to - s days;
    undefined under 90 days. Of the clients not lost on s, those lost on `to`; annualised
    as 1 - (1 - share)^(365 / window) unless window = 365. Lifetime = 1 / churn.
 7. lost_all: every client lost now, by days since the loss began: < 365, < 730, more.
 8. Returned in the period: clients with a return day in [from, to]; revenue since the first
    such return day, up to AS_OF.
 9. Sleeping potential = p x sum of sleeping clients' average checks.
10. Declining: active or sleeping, r0 > 0, r1 <= r0 x 2/3 (r1: the 365 days up to AS_OF, r0:
    the 365 days before); revenue_drop = sum (r0 - r1).
11. Return chance: sleeping p; lost p x 0.5^(months since the loss began / 12), a month being
    365/12 days.
12. Win-back (sleeping and lost): benefit = avg_check x margin x purchases a year / 12 x
    12 / churn; cost = 500 x 3 + p x incentive; net = p x benefit - cost. Lost twice or
    net <= 0 as shown, in whole cents (net < 0.005): let_go; else by ABC class. If churn is undefined or zero the lifetime is
    unknown and winback and campaign are printed as null.
13. ABC by the year at the last purchase, descending, ties by id; A while the share
    accumulated before the client is < 80%, B while < 90%, else C.
14. Campaign over the three "return" categories.
15. Reactivation rate = clients with a past loss (and return) / clients with a past loss or
    lost now. XYZ: CV (population) of the monthly revenue over the 12 calendar months ending
    with the month of the last purchase; X <= 10%, Y <= 25%, else Z; no XYZ when that
    revenue is 0.
"""
import bisect
import json
import os
import math
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

K = Fraction(4, 3)
MIN_DAYS = Fraction(30)
ONE_TIME_DAYS = Fraction(90)
MIN_REPEAT = 10
P = 0.25
HALF_LIFE_MONTHS = 12.0
MARGIN = 0.30
COST_PER_ATTEMPT = float(os.environ.get("COST_PER_ATTEMPT", "500"))
ATTEMPTS = 3
INCENTIVE = 0.0
ABC_A, ABC_B = Fraction(80, 100), Fraction(90, 100)
XYZ_X, XYZ_Y = Fraction(10, 100), Fraction(25, 100)
YEAR = 365
CATEGORY = {"A": "return_first", "B": "return_necessarily", "C": "return_if_possible"}


def day_of(text):
    """YYYYMMDD or YYYY-MM-DD to a day number."""
    text = text.replace("-", "")
    return date(int(text[:4]), int(text[4:6]), int(text[6:8])).toordinal()


def iso(day):
    return date.fromordinal(day).isoformat()


def median(values):
    values = sorted(values)
    m = len(values) // 2
    if len(values) % 2:
        return Fraction(values[m])
    return Fraction(values[m - 1] + values[m]) / 2


def read(path, as_of):
    """Occasions per client: {id: [(day, amount)]} sorted by day, purchases after as_of left out."""
    by_day = defaultdict(Fraction)
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) < 4:
                continue
            ymd = fields[-3]
            if not (len(ymd) == 8 and ymd.isdigit()):
                continue  # the header
            d = day_of(ymd)
            if d <= as_of:
                by_day[(fields[0], d)] += Fraction(Decimal(fields[-1]))
    hist = defaultdict(list)
    for (cid, d), v in by_day.items():
        hist[cid].append((d, v))
    for h in hist.values():
        h.sort()
    return hist


class Client:
    def __init__(self, cid, occasions):
        self.id = cid
        self.days = [d for d, _ in occasions]
        self.amounts = [v for _, v in occasions]
        self.cum = [Fraction(0)]
        for v in self.amounts:
            self.cum.append(self.cum[-1] + v)
        self.n = len(self.days)
        self.first, self.last = self.days[0], self.days[-1]
        self.revenue = self.cum[-1]
        self.avg_check = self.revenue / self.n
        gaps = [b - a for a, b in zip(self.days, self.days[1:])]
        self.interval = median(gaps) if gaps else None

    def set_threshold(self, one_time_L, as_of):
        self.L = max(K * self.interval, MIN_DAYS) if self.interval is not None else one_time_L
        self.fl = math.floor(self.L)
        active_for = self.interval if self.interval is not None else self.L / K
        recency = as_of - self.last
        self.status = "active" if recency <= active_for else "sleeping" if recency <= self.L else "lost"
        # Losses: (day of the purchase before it, day it begins, day of the return or None).
        self.losses = []
        for a, b in zip(self.days, self.days[1:]):
            if b - a > self.L:
                self.losses.append((a, a + self.fl + 1, b))
        self.past_losses = len(self.losses)
        if self.status == "lost":
            self.losses.append((self.last, self.last + self.fl + 1, None))

    def revenue_between(self, lo, hi):
        """Revenue of the occasions with day in (lo, hi], and their count."""
        i = bisect.bisect_right(self.days, lo)
        j = bisect.bisect_right(self.days, hi)
        return self.cum[j] - self.cum[i], j - i

    def year(self, t):
        return self.revenue_between(t - YEAR, t)

    def lost_on(self, d):
        """None if no purchase on or before day d, else whether the client is lost on d."""
        i = bisect.bisect_right(self.days, d)
        if i == 0:
            return None
        return d - self.days[i - 1] > self.L

    def loss_in(self, lo, hi):
        """The loss beginning in [lo, hi] with no return by hi, or None."""
        for loss in self.losses:
            if lo <= loss[1] <= hi and (loss[2] is None or loss[2] > hi):
                return loss
        return None


def lost_in_period(clients, lo, hi):
    hit = [(c, c.loss_in(lo, hi)) for c in clients]
    hit = [(c, loss) for c, loss in hit if loss is not None]
    base = sum(1 for c in clients
               if c.lost_on(lo - 1) is False or any(lo <= d <= hi for d in c.days))
    return {
        "clients": len(hit),
        "share_of_base": len(hit) / base if base else None,
        "annual_revenue": float(sum((c.year(loss[0])[0] for c, loss in hit), Fraction(0))),
        "returned_since": sum(1 for _, loss in hit if loss[2] is not None),
    }


def xyz_class(c):
    months = [Fraction(0)] * 12
    lm = date.fromordinal(c.last)
    lm = lm.year * 12 + lm.month - 1
    for d, v in zip(c.days, c.amounts):
        m = date.fromordinal(d)
        back = lm - (m.year * 12 + m.month - 1)
        if 0 <= back < 12:
            months[back] += v
    mean = sum(months) / 12
    if mean <= 0:
        return None
    var = sum((m - mean) ** 2 for m in months) / 12
    cv2 = var / (mean * mean)  # compare squares: exact
    return "X" if cv2 <= XYZ_X ** 2 else "Y" if cv2 <= XYZ_Y ** 2 else "Z"


def main(path, as_of_text, period_from=None, period_to=None):
    as_of = day_of(as_of_text)
    hist = read(path, as_of)
    clients = [Client(cid, h) for cid, h in sorted(hist.items())]
    intervals = [c.interval for c in clients if c.interval is not None]
    if len(intervals) >= MIN_REPEAT:
        one_time_L = max(K * median(intervals), MIN_DAYS)
    else:
        one_time_L = ONE_TIME_DAYS
    for c in clients:
        c.set_threshold(one_time_L, as_of)
    earliest = min(c.first for c in clients)

    lo = day_of(period_from) if period_from else as_of - (YEAR - 1)
    hi = day_of(period_to) if period_to else as_of
    prev_hi = lo - 1
    prev_lo = prev_hi - (hi - lo)
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        prev_lo = date(first.year - 1, 1, 1).toordinal()

    status = {s: sum(1 for c in clients if c.status == s) for s in ("active", "sleeping", "lost")}
    lost = [c for c in clients if c.status == "lost"]
    lost_twice = sum(1 for c in lost if c.past_losses > 0)

    # All lost clients, by time since the loss began.
    parts = {"under_1y": [0, Fraction(0)], "from_1y_to_2y": [0, Fraction(0)], "over_2y": [0, Fraction(0)]}
    for c in lost:
        since = as_of - c.losses[-1][1]
        part = parts["under_1y" if since < YEAR else "from_1y_to_2y" if since < 2 * YEAR else "over_2y"]
        part[0] += 1
        part[1] += c.year(c.last)[0]
    lost_all = {"clients": len(lost), "annual_revenue": float(sum((p[1] for p in parts.values()), Fraction(0)))}
    for name, (n, money) in parts.items():
        lost_all[name] = {"clients": n, "annual_revenue": float(money)}

    # Returned in the period.
    returned = 0
    revenue_since = Fraction(0)
    for c in clients:
        days = [loss[2] for loss in c.losses if loss[2] is not None and lo <= loss[2] <= hi]
        if days:
            returned += 1
            i = bisect.bisect_left(c.days, min(days))
            revenue_since += c.cum[-1] - c.cum[i]

    sleeping_potential = P * float(sum((c.avg_check for c in clients if c.status == "sleeping"), Fraction(0)))

    declining = 0
    drop = Fraction(0)
    for c in clients:
        if c.status == "lost":
            continue
        r1 = c.revenue_between(as_of - YEAR, as_of)[0]
        r0 = c.revenue_between(as_of - 2 * YEAR, as_of - YEAR)[0]
        if r0 > 0 and 3 * r1 <= 2 * r0:
            declining += 1
            drop += r0 - r1

    # Churn over the period.
    s = max(lo - 1, earliest)
    window = hi - s
    churn = at_start_n = None
    if window >= 90:
        at_start = [c for c in clients if c.lost_on(s) is False]
        at_start_n = len(at_start)
        if at_start:
            share = sum(1 for c in at_start if c.lost_on(hi)) / len(at_start)
            churn = share if window == YEAR else 1 - (1 - share) ** (YEAR / window)
    lifetime = 1 / churn if churn else None

    ever = [c for c in clients if c.past_losses > 0 or c.status == "lost"]
    reactivation = sum(1 for c in clients if c.past_losses > 0) / len(ever) if ever else None

    # ABC by the client's year at the last purchase.
    years = {c.id: c.year(c.last) for c in clients}
    total = sum((y[0] for y in years.values()), Fraction(0))
    acc = Fraction(0)
    abc = {}
    for c in sorted(clients, key=lambda c: (-years[c.id][0], c.id)):
        share = acc / total if total else Fraction(0)
        abc[c.id] = "A" if share < ABC_A else "B" if share < ABC_B else "C"
        acc += years[c.id][0]
    xyz = {c.id: xyz_class(c) for c in clients}

    winback = campaign = None
    if lifetime is not None:
        winback = {k: 0 for k in ("return_first", "return_necessarily", "return_if_possible", "let_go")}
        camp = dict(clients=0, cost=0.0, expected_returns=0.0, recoverable_revenue=0.0, expected_net=0.0, gain=0.0)
        for c in clients:
            if c.status == "active":
                continue
            if c.status == "sleeping":
                p = P
            else:
                months = (as_of - c.losses[-1][1]) / (YEAR / 12)
                p = P * 0.5 ** (months / HALF_LIFE_MONTHS)
            year_money, per_year = years[c.id]
            benefit = float(c.avg_check) * MARGIN * (per_year / 12) * (12 * lifetime)
            cost = COST_PER_ATTEMPT * ATTEMPTS + p * INCENTIVE
            net = p * benefit - cost
            if (c.status == "lost" and c.past_losses > 0) or net < 0.005:
                winback["let_go"] += 1
                continue
            winback[CATEGORY[abc[c.id]]] += 1
            camp["clients"] += 1
            camp["cost"] += cost
            camp["expected_returns"] += p
            camp["recoverable_revenue"] += p * float(year_money)
            camp["expected_net"] += net
            camp["gain"] += p * benefit
        gain = camp.pop("gain")
        camp["roi"] = gain / camp["cost"] if camp["cost"] else None
        campaign = camp

    print(json.dumps({
        "clients": len(clients),
        "status": status,
        "lost_twice": lost_twice,
        "period": {"from": iso(lo), "to": iso(hi)},
        "lost_in_period": lost_in_period(clients, lo, hi),
        "previous_period": dict({"from": iso(prev_lo), "to": iso(prev_hi)}, **lost_in_period(clients, prev_lo, prev_hi)),
        "lost_all": lost_all,
        "returned_in_period": {"clients": returned, "revenue_since": float(revenue_since)},
        "sleeping_potential": sleeping_potential,
        "declining": {"clients": declining, "revenue_drop": float(drop)},
        "churn_rate_annual": churn,
        "churn_at_start": at_start_n,
        "lifetime_years": lifetime,
        "reactivation_rate": reactivation,
        "abc": {k: sum(1 for v in abc.values() if v == k) for k in "ABC"},
        "xyz": {k: sum(1 for v in xyz.values() if v == k) for k in "XYZ"},
        "winback": winback,
        "campaign": campaign,
    }, indent=1, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
