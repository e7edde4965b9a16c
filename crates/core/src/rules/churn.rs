//! Annual churn, retention, reactivation and client lifetime (DOMAIN.md, "Churn and lifetime").

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::clients::{days_between, Client, History, Status, YEAR_DAYS};
use crate::figure::{Figure, Why};
use crate::period::{Period, Quiet};

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

/// The days annual churn is counted over: from the day before the period began (or the first
/// purchase in the data, when it is later) to the period's last day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ChurnWindow {
    start: NaiveDate,
    end: NaiveDate,
    days: i64,
}

impl ChurnWindow {
    /// The window of a period over data whose first purchase is `earliest`, or why it is too
    /// short to count churn over.
    pub(crate) fn of(period: Period, earliest: NaiveDate) -> Result<ChurnWindow, Why> {
        let start = (period.from - Duration::days(1)).max(earliest);
        let days = (period.to - start).num_days();
        if days < MIN_WINDOW_DAYS {
            return Err(Why::ShortHistory {
                days,
                needed: MIN_WINDOW_DAYS,
            });
        }
        Ok(ChurnWindow {
            start,
            end: period.to,
            days,
        })
    }

    /// How long the client of history `h` had gone without buying at the window's start and
    /// at its end, whatever their threshold.
    pub(crate) fn quiet(&self, h: &History) -> (Quiet, Quiet) {
        (Quiet::on(h, self.start), Quiet::on(h, self.end))
    }

    /// Whether one client was not lost at the window's start, and whether they were lost at its
    /// end, by their threshold; `quiet` is [`ChurnWindow::quiet`] of their history.
    pub(crate) fn client(quiet: (Quiet, Quiet), threshold: f64) -> ChurnCount {
        let (start, end) = quiet;
        let at_start = start.lost(threshold) == Some(false);
        ChurnCount {
            at_start: usize::from(at_start),
            became_lost: usize::from(at_start && end.lost(threshold) == Some(true)),
        }
    }
}

/// Clients not lost at a churn window's start and, of them, lost at its end.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ChurnCount {
    at_start: usize,
    became_lost: usize,
}

impl std::ops::AddAssign for ChurnCount {
    fn add_assign(&mut self, other: ChurnCount) {
        self.at_start += other.at_start;
        self.became_lost += other.became_lost;
    }
}

/// Annual churn over the period: clients who were not lost the day before it began and are
/// lost on its last day, over the clients not lost the day before it began. When the data
/// begins later, the window begins with the data; a window other than 365 days is scaled to a
/// year.
pub(crate) fn churn(window: &Result<ChurnWindow, Why>, count: ChurnCount) -> Figure<Churn> {
    let window = match window {
        Ok(w) => w,
        Err(why) => return Figure::Undefined(why.clone()),
    };
    let ChurnCount {
        at_start,
        became_lost,
    } = count;
    if at_start == 0 {
        return Figure::Undefined(Why::NoneActiveAtStart);
    }
    let share = became_lost as f64 / at_start as f64;
    let annualized = window.days != YEAR_DAYS as i64;
    let rate = if annualized {
        1.0 - (1.0 - share).powf(YEAR_DAYS / window.days as f64)
    } else {
        share
    };
    Figure::Defined(Churn {
        rate,
        at_start,
        became_lost,
        window_days: window.days,
        annualized,
    })
}

/// What reactivation and the observed lifetime count, added up client by client.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LifeTally {
    without_history: bool,
    returned: usize,
    ever_lost: usize,
    lost_spans_days: f64,
    lost: usize,
}

impl LifeTally {
    /// Counts a client in; `one_time_interval` stands for the interval of a one-time buyer.
    pub(crate) fn add(&mut self, c: &Client, one_time_interval: f64) {
        self.without_history |= c.loss_episodes.is_none();
        let came_back = c.loss_episodes.unwrap_or(0) > 0;
        self.returned += usize::from(came_back);
        self.ever_lost += usize::from(came_back || c.status == Status::Lost);
        if c.status == Status::Lost {
            self.lost_spans_days +=
                days_between(c.first, c.last) as f64 + c.interval_days.unwrap_or(one_time_interval);
            self.lost += 1;
        }
    }

    /// Clients who returned after a loss / clients who were ever lost.
    pub(crate) fn reactivation(&self) -> Figure<f64> {
        if self.without_history {
            return Figure::Undefined(Why::NoHistory);
        }
        if self.ever_lost == 0 {
            return Figure::Undefined(Why::NeverLost);
        }
        Figure::Defined(self.returned as f64 / self.ever_lost as f64)
    }

    /// The observed lifetime of lost clients in years: the mean of first to last purchase
    /// plus one interval.
    pub(crate) fn observed_lifetime(&self) -> Figure<f64> {
        if self.lost == 0 {
            return Figure::Undefined(Why::NoneLost);
        }
        Figure::Defined(self.lost_spans_days / self.lost as f64 / YEAR_DAYS)
    }
}

/// Client lifetime in years from churn: 1 / churn.
pub(crate) fn lifetime(churn: &Figure<Churn>) -> Figure<f64> {
    match churn {
        Figure::Defined(c) if c.rate > 0.0 => Figure::Defined(1.0 / c.rate),
        Figure::Defined(_) => Figure::Undefined(Why::NoChurn),
        Figure::Undefined(why) => Figure::Undefined(Why::ChurnUndefined(Box::new(why.clone()))),
    }
}
