//! Annual churn, retention, reactivation and client lifetime (DOMAIN.md, "Churn and lifetime").

use chrono::Duration;
use serde::Serialize;

use crate::clients::{Client, History, Status, YEAR_DAYS};
use crate::figure::{Figure, Why};
use crate::period::{lost_on, Period};

/// The shortest history churn is measured over.
const MIN_WINDOW_DAYS: i64 = 90;

/// Annual churn and what it was counted from.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Churn {
    /// Clients lost a year / clients not lost at the start of the year.
    pub rate: f64,
    /// Clients who were not lost at the start of the window.
    pub at_start: usize,
    /// Of them, clients who became lost during the window.
    pub became_lost: usize,
    /// The window in days: the period's, or from the first purchase in the data when the
    /// period begins before it.
    pub window_days: i64,
    /// Whether a window other than a year was scaled to one: 1 − (1 − c)^(365 / window).
    pub annualized: bool,
}

/// Annual churn over the period: clients who were not lost the day before it began and are
/// lost on its last day, over the clients not lost the day before it began. When the data
/// begins later, the window begins with the data; a window other than 365 days is scaled to a
/// year.
pub(crate) fn churn(hs: &[History], cs: &[Client], period: Period) -> Figure<Churn> {
    let earliest = match hs.iter().map(|h| h.first).min() {
        Some(d) => d,
        None => return Figure::Undefined(Why::NoClients),
    };
    let start = (period.from - Duration::days(1)).max(earliest);
    let window_days = (period.to - start).num_days();
    if window_days < MIN_WINDOW_DAYS {
        return Figure::Undefined(Why::ShortHistory {
            days: window_days,
            needed: MIN_WINDOW_DAYS,
        });
    }
    let (mut at_start, mut became_lost) = (0usize, 0usize);
    for (h, c) in hs.iter().zip(cs) {
        if lost_on(h, c.threshold_days, start) == Some(false) {
            at_start += 1;
            if lost_on(h, c.threshold_days, period.to) == Some(true) {
                became_lost += 1;
            }
        }
    }
    if at_start == 0 {
        return Figure::Undefined(Why::NoneActiveAtStart);
    }
    let share = became_lost as f64 / at_start as f64;
    let annualized = window_days != YEAR_DAYS as i64;
    let rate = if annualized {
        1.0 - (1.0 - share).powf(YEAR_DAYS / window_days as f64)
    } else {
        share
    };
    Figure::Defined(Churn {
        rate,
        at_start,
        became_lost,
        window_days,
        annualized,
    })
}

/// Clients who returned after a loss / clients who were ever lost.
pub(crate) fn reactivation(cs: &[Client]) -> Figure<f64> {
    if cs.iter().any(|c| c.loss_episodes.is_none()) {
        return Figure::Undefined(Why::NoHistory);
    }
    let returned = cs
        .iter()
        .filter(|c| c.loss_episodes.unwrap_or(0) > 0)
        .count();
    let ever_lost = cs
        .iter()
        .filter(|c| c.loss_episodes.unwrap_or(0) > 0 || c.status == Status::Lost)
        .count();
    if ever_lost == 0 {
        return Figure::Undefined(Why::NeverLost);
    }
    Figure::Defined(returned as f64 / ever_lost as f64)
}

/// Client lifetime in years from churn: 1 / churn.
pub(crate) fn lifetime(churn: &Figure<Churn>) -> Figure<f64> {
    match churn {
        Figure::Defined(c) if c.rate > 0.0 => Figure::Defined(1.0 / c.rate),
        Figure::Defined(_) => Figure::Undefined(Why::NoChurn),
        Figure::Undefined(why) => Figure::Undefined(Why::ChurnUndefined(Box::new(why.clone()))),
    }
}

/// The observed lifetime of lost clients in years: the mean of first to last purchase plus
/// one interval.
pub(crate) fn observed_lifetime(cs: &[Client], one_time_interval: f64) -> Figure<f64> {
    let spans: Vec<f64> = cs
        .iter()
        .filter(|c| c.status == Status::Lost)
        .map(|c| {
            (c.last - c.first).num_days() as f64 + c.interval_days.unwrap_or(one_time_interval)
        })
        .collect();
    if spans.is_empty() {
        return Figure::Undefined(Why::NoneLost);
    }
    Figure::Defined(spans.iter().sum::<f64>() / spans.len() as f64 / YEAR_DAYS)
}
