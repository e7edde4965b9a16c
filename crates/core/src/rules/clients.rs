//! Per client: purchase occasions, rhythm, lost threshold, status, loss episodes, and the
//! client's year (DOMAIN.md, "Per client" and "Money").

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Data, Extra, Interner, Label, Occasion, Occasions, TableSummary, Transactions};
use crate::money::Money;
use crate::settings::Settings;

/// Days in a year, for rates per year.
pub const YEAR_DAYS: f64 = 365.0;

/// The days of a client's year: the 365 days up to and including a purchase.
pub const YEAR: chrono::Duration = chrono::Duration::days(365);

/// Days from `from` to `to`, by day numbers: what chrono's date subtraction gives, at a
/// fraction of its cost in the loops over every purchase.
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.num_days_from_ce() - from.num_days_from_ce())
}

/// Where a client stands on the analysis date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Bought within their usual interval (активный).
    Active,
    /// The next purchase is overdue, but not yet by the lost threshold (спящий).
    Sleeping,
    /// Silent for longer than the lost threshold (потерянный).
    Lost,
}

impl Status {
    /// The three, in order.
    pub const ALL: [Status; 3] = [Status::Active, Status::Sleeping, Status::Lost];
}

/// A client's id, name, manager or reason: shared by the history and every analysis of it,
/// so that a change of settings does not copy them for each client (serialised as a string).
pub type Text = std::sync::Arc<str>;

/// One client's history up to the analysis date, whatever form the data came in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct History {
    pub id: Text,
    pub name: Option<Text>,
    pub manager: Option<Text>,
    /// The manager of the last purchase on or before the period's end (the one who had the
    /// client during the period).
    pub period_manager: Option<Text>,
    pub reason: Option<Text>,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub occasions: u32,
    pub revenue: Money,
    pub profit: Option<Money>,
    /// Profit of the client's year (the 365 days up to the last purchase), when there is profit.
    pub year_profit: Option<Money>,
    /// The client's occasions, in order of day; `None` for a client table, which has no
    /// history.
    pub days: Option<Days>,
    /// What a client table says in place of the days: `None` for a log, whose 57,000 clients
    /// would otherwise each hold 104 empty bytes of it ([`History::table`] reads it).
    pub summary: Option<Box<TableSummary>>,
    /// What the settings cannot change, worked out once ([`History::settled`]).
    pub settled: Settled,
}

/// A client's occasions: a stretch of the log's, shared rather than copied.
#[derive(Clone)]
pub(crate) struct Days {
    all: std::sync::Arc<Occasions>,
    range: std::ops::Range<usize>,
}

impl Days {
    /// The stretch `range` of `all`.
    pub(crate) fn of(all: &std::sync::Arc<Occasions>, range: std::ops::Range<usize>) -> Days {
        Days {
            all: std::sync::Arc::clone(all),
            range,
        }
    }
}

impl std::ops::Deref for Days {
    type Target = [Occasion];

    fn deref(&self) -> &[Occasion] {
        &self.all.list[self.range.clone()]
    }
}

impl PartialEq for Days {
    fn eq(&self, other: &Days) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Days {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// What follows from a history alone, whatever the settings: worked out when the history is
/// built, so that a change of settings does not read every purchase again for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Settled {
    /// The typical interval between purchases, in days ([`interval`]).
    pub interval: Option<f64>,
    /// The client's year at the last purchase ([`year_at`]), for a history with days.
    pub year: Option<(Money, u32)>,
    /// The coefficient of variation of the monthly revenue (for XYZ).
    pub variation: Option<f64>,
    /// The longest gap between two purchases, in days (0 without two): no threshold at or
    /// above it sees a loss and a return in the history.
    pub longest_gap: i64,
    /// Revenue of the 365 days up to the analysis date and of the 365 before
    /// ([`year_on_year`]); for a table, its own two years when they are as of that date.
    pub year_on_year: Option<(Money, Money)>,
}

impl History {
    /// What a rich client table says in place of the days (nothing for a log).
    pub(crate) fn table(&self) -> &TableSummary {
        self.summary.as_deref().unwrap_or(&TableSummary::NONE)
    }

    /// Works out [`History::settled`] from the rest, as of the analysis date `as_of` (`gaps`
    /// is scratch space, reused).
    fn settled(mut self, as_of: NaiveDate, gaps: &mut Vec<f64>) -> History {
        let longest_gap = self.days.as_ref().map_or(0, |days| {
            let gaps = days.windows(2).map(|w| days_between(w[0].date, w[1].date));
            gaps.max().unwrap_or(0)
        });
        self.settled = Settled {
            interval: interval(&self, gaps),
            longest_gap,
            year: match &self.days {
                Some(days) if !days.is_empty() => Some(year_at(days, days.len() - 1)),
                _ => None,
            },
            variation: self.days.as_ref().and_then(|d| {
                crate::abc::monthly_variation(d.iter().map(|o| (o.date, o.amount)), self.last)
            }),
            year_on_year: match &self.days {
                Some(days) => Some(year_on_year(days, as_of)),
                // A table's two years are those up to its own as_of.
                None => self
                    .table()
                    .year_on_year
                    .filter(|_| self.table().as_of == Some(as_of)),
            },
        };
        self
    }
}

/// Client histories up to `as_of`, sorted by client id; and the client-table rows left out
/// because their last purchase is after `as_of`. `period_end` names whose manager a client
/// was during the period.
pub(crate) fn histories(
    data: &Data,
    as_of: NaiveDate,
    period_end: NaiveDate,
) -> (Vec<History>, usize) {
    match data {
        Data::Transactions(t) => (from_log(t, as_of, period_end), 0),
        Data::Clients(rows) => {
            let mut out: Vec<History> = rows
                .iter()
                .filter(|r| r.last <= as_of)
                .map(|r| {
                    let first = r.first.unwrap_or(r.last);
                    let share = table_year_share(first, r.last, r.purchases);
                    let year_profit = r
                        .summary
                        .year_profit
                        .or_else(|| r.profit.map(|p| Money::from_major(p.major() * share)));
                    let manager: Option<Text> = r.manager.as_deref().map(Text::from);
                    History {
                        id: r.id.as_str().into(),
                        name: r.name.as_deref().map(Text::from),
                        manager: manager.clone(),
                        period_manager: manager,
                        reason: r.reason.as_deref().map(Text::from),
                        first,
                        last: r.last,
                        occasions: r.purchases,
                        revenue: r.revenue,
                        profit: r.profit,
                        year_profit,
                        days: None,
                        summary: Some(Box::new(r.summary.clone())),
                        settled: Settled::default(),
                    }
                    .settled(as_of, &mut Vec::new())
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            (out, rows.iter().filter(|r| r.last > as_of).count())
        }
    }
}

/// The share of a client-table row's purchases that fall in its client's year. A row has no
/// history, so its purchases are taken as evenly spread: all of them when the row spans less
/// than a year, else a year over (span + one mean interval).
fn table_year_share(first: NaiveDate, last: NaiveDate, purchases: u32) -> f64 {
    let span = (last - first).num_days() as f64;
    if span < YEAR_DAYS || purchases < 2 {
        return 1.0;
    }
    (YEAR_DAYS / (span + span / (purchases - 1) as f64)).min(1.0)
}

fn from_log(t: &Transactions, as_of: NaiveDate, period_end: NaiveDate) -> Vec<History> {
    // A log without managers or reasons is not read for them.
    let label = |names: &Interner, pick: &dyn Fn(&Extra) -> Label, upto: NaiveDate| {
        if names.is_empty() {
            vec![None; t.clients.len()]
        } else {
            t.last_label(pick, upto)
        }
    };
    let managers = label(&t.managers, &|e| e.manager, as_of);
    let period_managers =
        (period_end < as_of).then(|| label(&t.managers, &|e| e.manager, period_end));
    let reasons = label(&t.reasons, &|e| e.reason, as_of);
    // A handful of managers and reasons, each made a shared text once.
    let texts = |names: &Interner| -> Vec<Text> {
        (0..names.len() as u32)
            .map(|i| names.get(i).into())
            .collect()
    };
    let (manager_texts, reason_texts) = (texts(&t.managers), texts(&t.reasons));
    let mut out: Vec<History> = Vec::with_capacity(t.clients.len());
    let mut gaps = Vec::new();
    let all = t.shared_occasions();
    for range in t.ranges_upto_by_id(as_of) {
        let upto = &all.list[range.clone()];
        let profits = all.profits.get(range.clone()).unwrap_or_default();
        let (Some(first), Some(last)) = (upto.first(), upto.last()) else {
            continue;
        };
        let client = first.client;
        let c = client as usize;
        let manager = |m: Option<u32>| m.map(|m| Text::clone(&manager_texts[m as usize]));
        let year_from = last.date - YEAR;
        out.push(
            History {
                id: t.clients.get(client).into(),
                name: t.names.get(c).and_then(|n| n.as_deref()).map(Text::from),
                manager: manager(managers[c]),
                period_manager: match &period_managers {
                    Some(pm) => manager(pm[c]),
                    None => manager(managers[c]),
                },
                reason: reasons[c].map(|r| Text::clone(&reason_texts[r as usize])),
                first: first.date,
                last: last.date,
                occasions: upto.len() as u32,
                revenue: upto.iter().map(|o| o.amount).sum(),
                profit: t.has_profit.then(|| profits.iter().copied().sum()),
                year_profit: t.has_profit.then(|| {
                    upto.iter()
                        .zip(profits)
                        .filter(|(o, _)| o.date > year_from)
                        .map(|(_, &p)| p)
                        .sum()
                }),
                days: Some(Days::of(all, range)),
                summary: None,
                settled: Settled::default(),
            }
            .settled(as_of, &mut gaps),
        );
    }
    out
}

/// The median of a list (the mean of the middle two for an even count); `None` when empty.
/// The middle values are selected, not sorted: `values` is left in no particular order.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, &mut middle, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    Some(if n % 2 == 1 {
        middle
    } else {
        let lower = below
            .iter()
            .copied()
            .max_by(f64::total_cmp)
            .unwrap_or(middle);
        (lower + middle) / 2.0
    })
}

/// The typical interval between a client's purchases in days: the median gap for a history
/// (or a rich client table's column of it), the mean gap (span / (n − 1)) for a plain
/// client-table row. `None` for one purchase. `gaps` is scratch space.
fn interval(h: &History, gaps: &mut Vec<f64>) -> Option<f64> {
    if h.occasions < 2 {
        return None;
    }
    match &h.days {
        Some(days) => {
            gaps.clear();
            gaps.extend(
                days.windows(2)
                    .map(|w| days_between(w[0].date, w[1].date) as f64),
            );
            median(gaps)
        }
        None => h.table().median_interval.or_else(|| {
            Some(((h.last - h.first).num_days() as f64 / (h.occasions - 1) as f64).max(1.0))
        }),
    }
}

/// The business-wide rhythm that one-time buyers are judged by.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct OneTimeRule {
    /// The median interval of repeat clients, when there are enough of them.
    pub median_interval_days: Option<f64>,
    /// Repeat clients the median was taken over.
    pub repeat_clients: usize,
    /// The lost threshold for one-time buyers: k × the median interval (at least
    /// `min_days`), or `one_time_days` when too few clients buy repeatedly.
    pub threshold_days: f64,
}

/// The figures of one client.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Client {
    /// The client's id.
    pub id: Text,
    /// The client's name, when the data has one.
    pub name: Option<Text>,
    /// The manager (of the latest purchase that names one).
    pub manager: Option<Text>,
    /// The reason for leaving (the latest non-empty one).
    pub reason: Option<Text>,
    /// Purchase occasions up to the analysis date.
    pub occasions: u32,
    /// First purchase.
    #[serde(with = "crate::day")]
    pub first: NaiveDate,
    /// Last purchase on or before the analysis date.
    #[serde(with = "crate::day")]
    pub last: NaiveDate,
    /// Revenue up to the analysis date.
    pub revenue: Money,
    /// Profit up to the analysis date, when the data has it.
    pub profit: Option<Money>,
    /// Revenue / occasions.
    pub avg_check: Money,
    /// Typical interval between purchases in days (`None` for one purchase).
    pub interval_days: Option<f64>,
    /// The lost threshold L in days.
    pub threshold_days: f64,
    /// Days since the last purchase.
    pub recency_days: i64,
    /// Active, sleeping or lost.
    pub status: Status,
    /// Gaps longer than the threshold after which the client bought again (`None` without history).
    pub loss_episodes: Option<u32>,
    /// Lost now and lost before (`None` without history).
    pub lost_twice: Option<bool>,
    /// The day of the latest return: the first purchase after a gap longer than the threshold.
    #[serde(with = "crate::day::option")]
    pub returned_on: Option<NaiveDate>,
    /// The client's year (годовая выручка клиента): the revenue of the purchases in the 365
    /// days up to and including the last purchase. Never more than `revenue`.
    pub annual_revenue: Money,
    /// The profit of the same days, when the data has profit.
    pub annual_profit: Option<Money>,
    /// Purchase occasions in the same days (a client table: its purchases spread evenly).
    pub purchases_a_year: u32,
    /// Days since the expected next purchase (0 while active).
    pub overdue_days: i64,
    /// The first day the client counted as lost, `last + floor(L) + 1` (lost clients only).
    #[serde(with = "crate::day::option")]
    pub lost_since: Option<NaiveDate>,
    /// Days from `lost_since` to the analysis date (lost clients only).
    pub days_since_loss: Option<i64>,
    /// Revenue in the 365 days up to the analysis date and in the 365 days before them
    /// (`None` without history).
    pub year_on_year: Option<(Money, Money)>,
    /// Active or sleeping, and buying at least a third less than the year before (seed 000:
    /// "still buys, but less and less"; seed 002, rule 2).
    pub declining: bool,
}

impl Client {
    /// Profit per purchase occasion: from the profit column, else the average check × margin
    /// (from the exact mean, not the check rounded to the cent).
    pub fn profit_per_deal(&self, margin: f64) -> f64 {
        let n = f64::from(self.occasions.max(1));
        match self.profit {
            Some(p) => p.major() / n,
            None => self.revenue.major() / n * margin,
        }
    }

    /// Whether the client bought only once.
    pub fn one_time(&self) -> bool {
        self.occasions < 2
    }

    /// How much less the client bought in the last 365 days than in the 365 before, when
    /// declining.
    pub fn revenue_drop(&self) -> Option<Money> {
        match self.year_on_year {
            Some((recent, before)) if self.declining => Some(before - recent),
            _ => None,
        }
    }
}

/// The day a client who bought last on `last` counts as lost: the first day whose recency is
/// above the threshold.
pub(crate) fn loss_day(last: NaiveDate, threshold: f64) -> NaiveDate {
    last + chrono::Duration::days(threshold.floor() as i64 + 1)
}

/// The client's year at the purchase `days[i]`: revenue and occasions in the 365 days up to
/// and including it; never below zero (refunds cannot make a client bring less than nothing).
pub(crate) fn year_at(days: &[Occasion], i: usize) -> (Money, u32) {
    let from = days[i].date - YEAR;
    let mut sum = Money::ZERO;
    let mut n = 0;
    for o in days[..=i].iter().rev().take_while(|o| o.date > from) {
        sum += o.amount;
        n += 1;
    }
    (sum.max(Money::ZERO), n)
}

/// Revenue in the 365 days up to `as_of` and in the 365 days before them.
fn year_on_year(days: &[Occasion], as_of: NaiveDate) -> (Money, Money) {
    let (recent_from, before_from) = (as_of - YEAR, as_of - YEAR - YEAR);
    let (mut recent, mut before) = (Money::ZERO, Money::ZERO);
    for o in days.iter().rev() {
        if o.date > recent_from {
            recent += o.amount;
        } else if o.date > before_from {
            before += o.amount;
        } else {
            break;
        }
    }
    (recent, before)
}

/// The repeat clients' rhythm: how many there are and the median of their intervals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rhythm {
    repeat_clients: usize,
    median_interval: Option<f64>,
}

/// The rhythm of the repeat clients among the histories.
pub(crate) fn rhythm(hs: &[History]) -> Rhythm {
    let mut intervals: Vec<f64> = hs.iter().filter_map(|h| h.settled.interval).collect();
    Rhythm {
        repeat_clients: intervals.len(),
        median_interval: median(&mut intervals),
    }
}

/// The rule for one-time buyers, from the repeat clients' rhythm.
pub(crate) fn one_time_rule(r: Rhythm, s: &Settings) -> OneTimeRule {
    let median_interval_days = r
        .median_interval
        .filter(|_| r.repeat_clients >= s.min_repeat_clients);
    let threshold_days = match median_interval_days {
        Some(m) => (s.k * m).max(s.min_days as f64),
        None => s.one_time_days as f64,
    };
    OneTimeRule {
        median_interval_days,
        repeat_clients: r.repeat_clients,
        threshold_days,
    }
}

/// One loss of a client: when it began, when the client came back, and the client's year
/// before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Loss {
    /// The first day the client counted as lost.
    pub began: NaiveDate,
    /// The first purchase after the loss, if the client came back by the analysis date.
    pub returned: Option<NaiveDate>,
    /// The client's year at the last purchase before the loss.
    pub year: Money,
}

/// The gaps between purchases longer than `threshold`, as losses closed by a return, oldest
/// first, each with the client's year at the purchase before it ([`year_at`], here a window
/// moved up to each loss in turn: one pass over the days, where each loss read its year back
/// from scratch).
fn gaps(days: &[Occasion], threshold: f64, out: &mut Vec<Loss>) {
    // The year's window is `days[from..to]`, `year` its sum.
    let (mut from, mut to, mut year) = (0, 0, Money::ZERO);
    for (i, w) in days.windows(2).enumerate() {
        if days_between(w[0].date, w[1].date) as f64 <= threshold {
            continue;
        }
        while to <= i {
            year += days[to].amount;
            to += 1;
        }
        let start = w[0].date - YEAR;
        while days[from].date <= start {
            year = year - days[from].amount;
            from += 1;
        }
        out.push(Loss {
            began: loss_day(w[0].date, threshold),
            returned: Some(w[1].date),
            year: year.max(Money::ZERO),
        });
    }
}

/// One client's figures as of `as_of`, the day their history `h` was built as of.
#[cfg(test)]
pub(crate) fn client(h: &History, as_of: NaiveDate, rule: &OneTimeRule, s: &Settings) -> Client {
    client_and_losses(h, as_of, rule, s, &mut Vec::new())
}

/// [`client`], with every loss of the client up to the analysis date written into `losses`
/// (emptied first; the analysis reuses it from client to client), oldest first: the gaps
/// longer than the threshold, each closed by a return, and the current loss if the client is
/// lost now (a client table knows only that one). One walk over the days finds both the
/// client's returns and their losses.
pub(crate) fn client_and_losses(
    h: &History,
    as_of: NaiveDate,
    rule: &OneTimeRule,
    s: &Settings,
    losses: &mut Vec<Loss>,
) -> Client {
    losses.clear();
    let interval_days = h.settled.interval;
    let (threshold, active_for) = match interval_days {
        Some(i) => ((s.k * i).max(s.min_days as f64), i),
        None => (rule.threshold_days, rule.threshold_days / s.k),
    };
    let recency = days_between(h.last, as_of);
    let status = if recency as f64 <= active_for {
        Status::Active
    } else if recency as f64 <= threshold {
        Status::Sleeping
    } else {
        Status::Lost
    };
    // The returns: purchases after a gap longer than the threshold.
    let (loss_episodes, returned_on) = match h.days.as_deref() {
        Some(days) => {
            if h.settled.longest_gap as f64 > threshold {
                gaps(days, threshold, losses);
            }
            let latest = losses.last().and_then(|l| l.returned);
            (Some(losses.len() as u32), latest)
        }
        None => (h.table().earlier_losses, h.table().last_return),
    };
    let lost_twice = loss_episodes.map(|e| status == Status::Lost && e >= 1);
    let avg_check = Money((h.revenue.0 as f64 / h.occasions.max(1) as f64).round() as i64);
    let (annual_revenue, purchases_a_year) = match (h.settled.year, h.table().year) {
        (Some(year), _) => year,
        // The table's year, never below zero, as a history's.
        (None, Some((revenue, purchases))) => (revenue.max(Money::ZERO), purchases),
        _ => {
            let share = table_year_share(h.first, h.last, h.occasions);
            (
                Money::from_major(h.revenue.major() * share),
                ((h.occasions as f64 * share).round() as u32).clamp(1, h.occasions.max(1)),
            )
        }
    };
    let overdue_days = (recency as f64 - active_for).max(0.0).round() as i64;
    let lost_since = (status == Status::Lost).then(|| loss_day(h.last, threshold));
    let days_since_loss = lost_since.map(|d| days_between(d, as_of));
    if let Some(began) = lost_since {
        losses.push(Loss {
            began,
            returned: None,
            year: annual_revenue,
        });
    }
    let year_on_year = h.settled.year_on_year;
    // At least a third below: recent ≤ 2/3 × before, in whole minor units.
    let declining = status != Status::Lost
        && year_on_year.is_some_and(|(recent, before)| {
            before.0 > 0 && i128::from(recent.0) * 3 <= i128::from(before.0) * 2
        });
    Client {
        id: h.id.clone(),
        name: h.name.clone(),
        manager: h.manager.clone(),
        reason: h.reason.clone(),
        occasions: h.occasions,
        first: h.first,
        last: h.last,
        revenue: h.revenue,
        profit: h.profit,
        avg_check,
        interval_days,
        threshold_days: threshold,
        recency_days: recency,
        status,
        loss_episodes,
        lost_twice,
        returned_on,
        annual_revenue,
        annual_profit: h.year_profit,
        purchases_a_year,
        overdue_days,
        lost_since,
        days_since_loss,
        year_on_year,
        declining,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A history as of its last purchase.
    fn history(dates: &[NaiveDate]) -> History {
        history_at(dates, *dates.last().unwrap())
    }

    /// A history as of `as_of` (on or after its last purchase).
    fn history_at(dates: &[NaiveDate], as_of: NaiveDate) -> History {
        History {
            id: "c".into(),
            name: None,
            manager: None,
            period_manager: None,
            reason: None,
            first: dates[0],
            last: *dates.last().unwrap(),
            occasions: dates.len() as u32,
            revenue: Money(10_000 * dates.len() as i64),
            profit: None,
            year_profit: None,
            days: Some(Days::of(
                &std::sync::Arc::new(Occasions {
                    list: dates
                        .iter()
                        .map(|&date| Occasion {
                            client: 0,
                            date,
                            amount: Money(10_000),
                        })
                        .collect(),
                    profits: Vec::new(),
                }),
                0..dates.len(),
            )),
            summary: None,
            settled: Settled::default(),
        }
        .settled(as_of, &mut Vec::new())
    }

    /// Each loss's year, read from a window moved along the days, is the year read back from
    /// its purchase ([`year_at`]), refunds and gaps of every length included.
    #[test]
    fn a_losss_year_is_the_year_at_the_purchase_before_it() {
        let mut next = crate::models::elementary::xorshift(11);
        for round in 0..300 {
            let mut date = d(2020, 1, 1);
            let days: Vec<Occasion> = (0..1 + next() % 80)
                .map(|_| {
                    date += chrono::Duration::days(1 + (next() % 400) as i64);
                    Occasion {
                        client: 0,
                        date,
                        amount: Money((next() % 20_000) as i64 - 3_000),
                    }
                })
                .collect();
            let threshold = (next() % 200) as f64 + 0.5;
            let mut out = Vec::new();
            gaps(&days, threshold, &mut out);
            let expected: Vec<Loss> = days
                .windows(2)
                .enumerate()
                .filter(|(_, w)| days_between(w[0].date, w[1].date) as f64 > threshold)
                .map(|(i, w)| Loss {
                    began: loss_day(w[0].date, threshold),
                    returned: Some(w[1].date),
                    year: year_at(&days, i).0,
                })
                .collect();
            assert_eq!(out, expected, "round {round}");
        }
    }

    fn rule() -> OneTimeRule {
        OneTimeRule {
            median_interval_days: None,
            repeat_clients: 0,
            threshold_days: 90.0,
        }
    }

    #[test]
    fn a_quarterly_buyer_sleeps_after_three_months_and_is_lost_after_four() {
        // Seed 000: a client who buys every 3 months is lost after 4 months of silence.
        let dates: Vec<NaiveDate> = (0..5)
            .map(|q| d(2023, 1, 1) + chrono::Duration::days(91 * q))
            .collect();
        let h = history(&dates);
        let s = Settings::default();
        let last = *dates.last().unwrap();
        let at = |days: i64| client(&h, last + chrono::Duration::days(days), &rule(), &s);
        assert_eq!(at(0).interval_days, Some(91.0));
        assert_eq!(at(91).status, Status::Active);
        assert_eq!(at(92).status, Status::Sleeping, "3 months and a day");
        assert_eq!(
            at(121).status,
            Status::Sleeping,
            "4 months: 4/3 × 91 = 121.3 days"
        );
        assert_eq!(at(122).status, Status::Lost);
        assert_eq!(at(122).days_since_loss, Some(0));
    }

    #[test]
    fn the_threshold_is_at_least_min_days() {
        let dates: Vec<NaiveDate> = (0..5)
            .map(|w| d(2024, 1, 1) + chrono::Duration::days(7 * w))
            .collect();
        let c = client(
            &history(&dates),
            d(2024, 2, 25),
            &rule(),
            &Settings::default(),
        );
        assert_eq!(c.threshold_days, 30.0);
        assert_eq!(c.status, Status::Sleeping);
    }

    #[test]
    fn a_long_gap_then_a_purchase_is_a_loss_and_a_return_and_a_second_loss_is_lost_twice() {
        let dates = [
            d(2023, 1, 1),
            d(2023, 2, 1),
            d(2023, 3, 1),
            d(2023, 12, 1),
            d(2024, 1, 1),
        ];
        let h = history(&dates);
        let c = client(&h, d(2024, 1, 15), &rule(), &Settings::default());
        assert_eq!(c.loss_episodes, Some(1));
        assert_eq!(c.status, Status::Active);
        assert_eq!(c.lost_twice, Some(false));
        let c = client(&h, d(2024, 12, 1), &rule(), &Settings::default());
        assert_eq!(c.status, Status::Lost);
        assert_eq!(c.lost_twice, Some(true));
    }

    #[test]
    fn one_time_buyers_use_the_business_rule() {
        let h = history(&[d(2024, 1, 1)]);
        let s = Settings::default();
        let at = |y, m, day| client(&h, d(y, m, day), &rule(), &s);
        assert_eq!(
            at(2024, 2, 7).status,
            Status::Active,
            "37 days ≤ 90 / (4/3) = 67.5"
        );
        assert_eq!(at(2024, 3, 30).status, Status::Sleeping, "89 days");
        assert_eq!(at(2024, 4, 1).status, Status::Lost, "91 days > 90");
        assert_eq!(at(2024, 4, 1).lost_since, Some(d(2024, 4, 1)), "day 91");
        assert_eq!(at(2024, 4, 1).days_since_loss, Some(0));
        let c = at(2024, 4, 1);
        assert_eq!(
            (c.annual_revenue, c.purchases_a_year),
            (Money(10_000), 1),
            "a one-time buyer's year is their one check"
        );
    }

    #[test]
    fn the_clients_year_is_what_they_paid_in_the_365_days_up_to_their_last_purchase() {
        // Monthly for two years: the year up to the last purchase holds 12 of the 24.
        let dates: Vec<NaiveDate> = (0..24)
            .map(|m| d(2023 + m / 12, 1 + (m % 12) as u32, 1))
            .collect();
        let c = client(
            &history(&dates),
            d(2024, 12, 10),
            &rule(),
            &Settings::default(),
        );
        assert_eq!(c.purchases_a_year, 12);
        assert_eq!(c.annual_revenue, Money(120_000));
        assert_eq!(c.revenue, Money(240_000));
    }

    #[test]
    fn two_purchases_two_days_apart_are_a_year_of_two_checks() {
        let c = client(
            &history(&[d(2024, 3, 1), d(2024, 3, 3)]),
            d(2024, 12, 31),
            &rule(),
            &Settings::default(),
        );
        assert_eq!(c.status, Status::Lost);
        assert_eq!((c.purchases_a_year, c.annual_revenue), (2, Money(20_000)));
        assert!(c.annual_revenue <= c.revenue);
    }

    #[test]
    fn a_third_down_on_the_year_before_is_declining() {
        // Monthly in 2023, then monthly in 2024 up to August: no decline.
        let mut dates: Vec<NaiveDate> = (1..=12).map(|m| d(2023, m, 15)).collect();
        dates.extend((1..=8).map(|m| d(2024, m, 15)));
        let c = client(
            &history_at(&dates, d(2024, 9, 1)),
            d(2024, 9, 1),
            &rule(),
            &Settings::default(),
        );
        // The 365 days up to 2024-09-01: Sep–Dec 2023 and Jan–Aug 2024; before: Jan–Aug 2023.
        assert_eq!(c.year_on_year, Some((Money(120_000), Money(80_000))));
        assert!(!c.declining);
        // Monthly in 2022 and 2023, then four purchases in 2024: 4 against 12.
        let mut dates: Vec<NaiveDate> = (0..24)
            .map(|m| d(2022 + m / 12, 1 + (m % 12) as u32, 15))
            .collect();
        dates.extend([
            d(2024, 3, 15),
            d(2024, 6, 15),
            d(2024, 9, 15),
            d(2024, 12, 1),
        ]);
        let c = client(
            &history_at(&dates, d(2024, 12, 20)),
            d(2024, 12, 20),
            &rule(),
            &Settings::default(),
        );
        assert_eq!(c.status, Status::Active);
        assert_eq!(c.year_on_year, Some((Money(40_000), Money(120_000))));
        assert!(c.declining);
        assert_eq!(c.revenue_drop(), Some(Money(80_000)));
    }

    proptest::proptest! {
        /// The interval selected from the gaps is the median of the sorted gaps, and the
        /// longest gap is the largest: whatever the days.
        #[test]
        fn the_interval_is_the_median_gap_and_the_longest_gap_the_largest(
            steps in proptest::collection::vec(0i64..400, 1..40),
        ) {
            let mut dates = vec![d(2020, 1, 1)];
            for s in &steps {
                dates.push(*dates.last().unwrap() + chrono::Duration::days(*s));
            }
            let h = history(&dates);
            // The median of the gaps sorted: the middle one, or the mean of the middle two.
            let mut gaps: Vec<f64> = steps.iter().map(|&s| s as f64).collect();
            gaps.sort_by(f64::total_cmp);
            let n = gaps.len();
            let sorted_median = if n % 2 == 1 {
                gaps[n / 2]
            } else {
                (gaps[n / 2 - 1] + gaps[n / 2]) / 2.0
            };
            proptest::prop_assert_eq!(h.settled.interval, Some(sorted_median));
            proptest::prop_assert_eq!(h.settled.longest_gap, *steps.iter().max().unwrap());
        }
    }
}
