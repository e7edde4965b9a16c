//! Per client: purchase occasions, rhythm, lost threshold, status, loss episodes, and the
//! annual revenue rate (DOMAIN.md, "Per client" and "Money").

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Data, Transactions};
use crate::money::Money;
use crate::settings::Settings;

/// Days in a year, for rates per year.
pub const YEAR_DAYS: f64 = 365.0;

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

/// One client's history up to the analysis date, whatever form the data came in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct History {
    pub id: String,
    pub name: Option<String>,
    pub manager: Option<String>,
    pub reason: Option<String>,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub occasions: u32,
    pub revenue: Money,
    pub profit: Option<Money>,
    /// Each occasion's day and amount; `None` for a client table, which has no history.
    pub days: Option<Vec<(NaiveDate, Money)>>,
}

/// Client histories up to `as_of`, sorted by client id; and the client-table rows left out
/// because their last purchase is after `as_of`.
pub(crate) fn histories(data: &Data, as_of: NaiveDate) -> (Vec<History>, usize) {
    match data {
        Data::Transactions(t) => (from_log(t, as_of), 0),
        Data::Clients(rows) => {
            let mut out: Vec<History> = rows
                .iter()
                .filter(|r| r.last <= as_of)
                .map(|r| History {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    manager: r.manager.clone(),
                    reason: r.reason.clone(),
                    first: r.first.unwrap_or(r.last),
                    last: r.last,
                    occasions: r.purchases,
                    revenue: r.revenue,
                    profit: r.profit,
                    days: None,
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            (out, rows.iter().filter(|r| r.last > as_of).count())
        }
    }
}

fn from_log(t: &Transactions, as_of: NaiveDate) -> Vec<History> {
    let managers = t.last_label(|p| if p.date <= as_of { p.manager } else { None });
    let reasons = t.last_label(|p| if p.date <= as_of { p.reason } else { None });
    let mut out: Vec<History> = Vec::with_capacity(t.clients.len());
    let occasions = t.occasions();
    for mine in occasions.chunk_by(|a, b| a.client == b.client) {
        let upto: Vec<_> = mine.iter().filter(|o| o.date <= as_of).collect();
        let (Some(first), Some(last)) = (upto.first(), upto.last()) else {
            continue;
        };
        let client = first.client;
        let c = client as usize;
        out.push(History {
            id: t.clients.get(client).to_owned(),
            name: t.names.get(c).cloned().flatten(),
            manager: managers[c].map(|m| t.managers.get(m).to_owned()),
            reason: reasons[c].map(|r| t.reasons.get(r).to_owned()),
            first: first.date,
            last: last.date,
            occasions: upto.len() as u32,
            revenue: upto.iter().map(|o| o.amount).sum(),
            profit: t
                .has_profit
                .then(|| upto.iter().filter_map(|o| o.profit).sum()),
            days: Some(upto.iter().map(|o| (o.date, o.amount)).collect()),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The median of a list (the mean of the middle two for an even count); `None` when empty.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// The typical interval between a client's purchases in days: the median gap for a history,
/// the mean gap (span / (n − 1)) for a client-table row. `None` for one purchase.
pub(crate) fn interval(h: &History) -> Option<f64> {
    if h.occasions < 2 {
        return None;
    }
    match &h.days {
        Some(days) => {
            let mut gaps: Vec<f64> = days
                .windows(2)
                .map(|w| (w[1].0 - w[0].0).num_days() as f64)
                .collect();
            median(&mut gaps)
        }
        None => Some(((h.last - h.first).num_days() as f64 / (h.occasions - 1) as f64).max(1.0)),
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
    /// Purchase occasions a year of a typical client, used as one-time buyers' frequency.
    pub purchases_per_year: f64,
}

/// The figures of one client.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Client {
    /// The client's id.
    pub id: String,
    /// The client's name, when the data has one.
    pub name: Option<String>,
    /// The manager (of the latest purchase that names one).
    pub manager: Option<String>,
    /// The reason for leaving (the latest non-empty one).
    pub reason: Option<String>,
    /// Purchase occasions up to the analysis date.
    pub occasions: u32,
    /// First purchase.
    pub first: NaiveDate,
    /// Last purchase on or before the analysis date.
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
    /// Purchases a year: own rhythm for repeat clients, the business's for one-time buyers.
    pub purchases_per_year: f64,
    /// avg_check × purchases a year.
    pub annual_rate: Money,
    /// Days since the expected next purchase (0 while active).
    pub overdue_days: i64,
    /// Days since the client crossed the lost threshold (lost clients only).
    pub days_since_loss: Option<i64>,
    /// The revenue the client has not brought since the expected next purchase (lost only).
    pub missed_so_far: Money,
}

impl Client {
    /// Profit per purchase occasion: from the profit column, else avg_check × margin.
    pub fn profit_per_deal(&self, margin: f64) -> f64 {
        match self.profit {
            Some(p) => p.major() / self.occasions.max(1) as f64,
            None => self.avg_check.major() * margin,
        }
    }

    /// Whether the client bought only once.
    pub fn one_time(&self) -> bool {
        self.occasions < 2
    }
}

/// Occasions a year of the clients who bought in the year before `as_of` (or over the whole
/// history, scaled to a year, when it is shorter).
fn business_frequency(hs: &[History], as_of: NaiveDate) -> f64 {
    let earliest = hs.iter().map(|h| h.first).min().unwrap_or(as_of);
    let history_days = (as_of - earliest).num_days().max(1) as f64;
    let window = history_days.min(YEAR_DAYS);
    let since = as_of - chrono::Duration::days(window as i64);
    let (mut occasions, mut clients) = (0usize, 0usize);
    for h in hs {
        match &h.days {
            Some(days) => {
                let n = days
                    .iter()
                    .filter(|(d, _)| *d > since || window >= history_days)
                    .count();
                if n > 0 {
                    occasions += n;
                    clients += 1;
                }
            }
            None if h.last > since => {
                // A client table: spread the client's purchases evenly over their span.
                let span = (h.last - h.first).num_days().max(1) as f64;
                let inside = (h.last - h.first.max(since)).num_days().max(0) as f64;
                occasions += ((h.occasions as f64 * inside / span).round() as usize).max(1);
                clients += 1;
            }
            None => {}
        }
    }
    if clients == 0 {
        return 1.0;
    }
    occasions as f64 / clients as f64 * YEAR_DAYS / window
}

/// The rule for one-time buyers, from the repeat clients.
pub(crate) fn one_time_rule(hs: &[History], as_of: NaiveDate, s: &Settings) -> OneTimeRule {
    let mut intervals: Vec<f64> = hs.iter().filter_map(interval).collect();
    let repeat_clients = intervals.len();
    let median_interval_days = if repeat_clients >= s.min_repeat_clients {
        median(&mut intervals)
    } else {
        None
    };
    let threshold_days = match median_interval_days {
        Some(m) => (s.k * m).max(s.min_days as f64),
        None => s.one_time_days as f64,
    };
    OneTimeRule {
        median_interval_days,
        repeat_clients,
        threshold_days,
        purchases_per_year: business_frequency(hs, as_of),
    }
}

/// Computes one client's figures.
pub(crate) fn client(h: &History, as_of: NaiveDate, rule: &OneTimeRule, s: &Settings) -> Client {
    let interval_days = interval(h);
    let (threshold, active_for) = match interval_days {
        Some(i) => ((s.k * i).max(s.min_days as f64), i),
        None => (rule.threshold_days, rule.threshold_days / s.k),
    };
    let recency = (as_of - h.last).num_days();
    let status = if recency as f64 <= active_for {
        Status::Active
    } else if recency as f64 <= threshold {
        Status::Sleeping
    } else {
        Status::Lost
    };
    let loss_episodes = h.days.as_ref().map(|days| {
        days.windows(2)
            .filter(|w| (w[1].0 - w[0].0).num_days() as f64 > threshold)
            .count() as u32
    });
    let lost_twice = loss_episodes.map(|e| status == Status::Lost && e >= 1);
    let avg_check = Money((h.revenue.0 as f64 / h.occasions.max(1) as f64).round() as i64);
    let purchases_per_year = match interval_days {
        Some(i) => {
            let span = (h.last - h.first).num_days() as f64 + i;
            h.occasions as f64 / (span / YEAR_DAYS)
        }
        None => rule.purchases_per_year,
    };
    // From the exact mean, not the rounded check: a rate can be hundreds of checks a year.
    let annual_rate =
        Money::from_major(h.revenue.major() / h.occasions.max(1) as f64 * purchases_per_year);
    let overdue_days = (recency as f64 - active_for).max(0.0).round() as i64;
    let days_since_loss =
        (status == Status::Lost).then(|| (recency as f64 - threshold).floor() as i64);
    let missed_so_far = if status == Status::Lost {
        Money::from_major(annual_rate.major() * overdue_days as f64 / YEAR_DAYS)
    } else {
        Money::ZERO
    };
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
        purchases_per_year,
        annual_rate,
        overdue_days,
        days_since_loss,
        missed_so_far,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn history(dates: &[NaiveDate]) -> History {
        History {
            id: "c".into(),
            name: None,
            manager: None,
            reason: None,
            first: dates[0],
            last: *dates.last().unwrap(),
            occasions: dates.len() as u32,
            revenue: Money(10_000 * dates.len() as i64),
            profit: None,
            days: Some(dates.iter().map(|&x| (x, Money(10_000))).collect()),
        }
    }

    fn rule() -> OneTimeRule {
        OneTimeRule {
            median_interval_days: None,
            repeat_clients: 0,
            threshold_days: 90.0,
            purchases_per_year: 2.0,
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
        assert_eq!(
            at(2024, 4, 1).annual_rate,
            Money(20_000),
            "the business's 2 purchases a year × 100"
        );
    }

    #[test]
    fn the_annual_rate_follows_the_clients_rhythm() {
        // Monthly for a year: 12 purchases over 11 months + one interval = a year.
        let dates: Vec<NaiveDate> = (0..12).map(|m| d(2024, 1 + m, 1)).collect();
        let c = client(
            &history(&dates),
            d(2024, 12, 10),
            &rule(),
            &Settings::default(),
        );
        assert_eq!(c.interval_days, Some(31.0));
        let span = (d(2024, 12, 1) - d(2024, 1, 1)).num_days() as f64 + 31.0;
        assert!((c.purchases_per_year - 12.0 * 365.0 / span).abs() < 1e-9);
        assert_eq!(
            c.annual_rate,
            Money::from_major(100.0 * c.purchases_per_year)
        );
    }
}
