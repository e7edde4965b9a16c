//! The figures of a period: clients lost in it with their years, the stock of all lost
//! clients, returns, declining clients (DOMAIN.md, "The period", "Money", "Declining and
//! returned clients").

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clients::{days_between, Client, History, Loss, Status, YEAR};
use crate::figure::{Figure, Why};
use crate::model::Occasion;
use crate::money::Money;
use crate::settings::PeriodChoice;

/// A range of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Period {
    /// The days a choice covers, seen from the analysis date.
    pub fn resolve(choice: PeriodChoice, as_of: NaiveDate) -> Period {
        match choice {
            PeriodChoice::Last12Months => Period {
                from: as_of - YEAR + Duration::days(1),
                to: as_of,
            },
            PeriodChoice::PreviousCalendarYear => {
                let year = as_of.year() - 1;
                Period {
                    from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of),
                    to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of),
                }
            }
            PeriodChoice::Custom { from, to } => Period { from, to },
        }
    }

    /// Days in the period.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one begins (for a
    /// calendar year, the calendar year before).
    pub fn previous(&self) -> Period {
        let to = self.from - Duration::days(1);
        if (
            self.from.month(),
            self.from.day(),
            self.to.month(),
            self.to.day(),
        ) == (1, 1, 12, 31)
            && self.from.year() == self.to.year()
        {
            return Period {
                from: NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to),
                to,
            };
        }
        Period {
            from: to - Duration::days(self.days() - 1),
            to,
        }
    }

    /// Whether the day falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The purchases of a history (in order of day) that fall in the period.
    pub(crate) fn days_in<'a>(
        &self,
        days: &'a [Occasion],
    ) -> impl Iterator<Item = &'a Occasion> + 'a {
        let to = self.to;
        days[days.partition_point(|o| o.date < self.from)..]
            .iter()
            .take_while(move |o| o.date <= to)
    }
}

/// How long a client had gone without buying on a day, whatever their threshold: what
/// [`Quiet::lost`] judges by it. Worked out once for the days a change of settings asks again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Quiet {
    /// They had not bought yet.
    NotYet,
    /// Not lost, whatever the threshold (a plain client table's client who bought later).
    NotLost,
    /// Days since their last purchase on or before the day.
    Days(i32),
}

impl Quiet {
    /// How long the client of history `h` had gone without buying on `day`.
    pub(crate) fn on(h: &History, day: NaiveDate) -> Quiet {
        if h.first > day {
            return Quiet::NotYet;
        }
        let last_then = match &h.days {
            // The days are in order: the last one on or before `day` is found by halving.
            Some(days) => match days[..days.partition_point(|o| o.date <= day)].last() {
                Some(o) => o.date,
                None => return Quiet::NotYet,
            },
            None => match (h.table().as_of, h.table().year_before) {
                // A rich table knows the last purchase a year before its as_of: the day before
                // the year up to it began.
                (Some(as_of), Some(before)) if day == as_of - YEAR => match before {
                    Some(before) => before,
                    None => return Quiet::NotYet,
                },
                // Otherwise a client who bought after `day` was not lost on it.
                _ if h.last > day => return Quiet::NotLost,
                _ => h.last,
            },
        };
        // Days between two dates of chrono's range fit an `i32`.
        Quiet::Days(days_between(last_then, day) as i32)
    }

    /// Was the client lost then, judged by their threshold? `None` when they had not bought
    /// yet.
    pub(crate) fn lost(self, threshold: f64) -> Option<bool> {
        match self {
            Quiet::NotYet => None,
            Quiet::NotLost => Some(false),
            Quiet::Days(days) => Some(f64::from(days) > threshold),
        }
    }
}

/// What a period shows of one client whatever their threshold: whether they bought in it, and
/// how long they had gone without buying the day before it began.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Seen {
    bought_in: bool,
    before: Quiet,
}

impl Seen {
    /// The period `p` as the client of history `h` lived it.
    pub(crate) fn of(h: &History, p: Period) -> Seen {
        Seen {
            bought_in: match &h.days {
                Some(days) => p.days_in(days).next().is_some(),
                None => p.contains(h.last) || p.contains(h.first),
            },
            before: Quiet::on(h, p.from.pred_opt().unwrap_or(p.from)),
        }
    }
}

/// What a period means for one client.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct InPeriod {
    /// In the base during the period: not lost at its start, or bought in it.
    pub in_base: bool,
    /// Lost in the period (the loss began in it, no return by its end): the client's year
    /// at that loss, and whether they came back after the period.
    pub lost: Option<(Money, bool)>,
}

/// The period as one client lived it: what it showed of them (`seen`) and their losses.
pub(crate) fn in_period(seen: Seen, c: &Client, losses: &[Loss], p: Period) -> InPeriod {
    let in_base = seen.bought_in || seen.before.lost(c.threshold_days) == Some(false);
    let lost = losses
        .iter()
        .rev()
        .find(|l| p.contains(l.began) && l.returned.is_none_or(|r| r > p.to))
        .map(|l| (l.year, l.returned.is_some()));
    InPeriod { in_base, lost }
}

/// Clients lost in a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LostInPeriod {
    /// The period (not flattened: the worker's binary format cannot read a flattened struct).
    pub period: Period,
    /// Clients whose loss began in the period and who had not bought again by its end.
    pub clients: usize,
    /// Clients in the base during the period: not lost at its start, or bought in it.
    pub base: usize,
    /// clients / base.
    pub share_of_base: Figure<f64>,
    /// Lost revenue a year: the sum of their years.
    pub annual_revenue: Money,
    /// Of them, clients who bought again after the period (up to the analysis date).
    pub returned_since: usize,
}

/// Adds the clients' periods up.
pub(crate) fn lost_in(period: Period, lines: &[InPeriod]) -> LostInPeriod {
    let base = lines.iter().filter(|l| l.in_base).count();
    let lost = || lines.iter().filter_map(|l| l.lost);
    let clients = lost().count();
    LostInPeriod {
        period,
        clients,
        base,
        share_of_base: if base == 0 {
            Figure::Undefined(Why::NoBaseInPeriod)
        } else {
            Figure::Defined(clients as f64 / base as f64)
        },
        annual_revenue: lost().map(|(m, _)| m).sum(),
        returned_since: lost().filter(|(_, back)| *back).count(),
    }
}

/// Clients and the sum of their years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Clients.
    pub clients: usize,
    /// The sum of their years.
    pub annual_revenue: Money,
}

impl Part {
    fn add(&mut self, year: Money) {
        self.clients += 1;
        self.annual_revenue += year;
    }
}

/// Every client lost now, however long ago: a stock that grows with the history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LostAll {
    /// Clients lost now.
    pub clients: usize,
    /// The sum of their years.
    pub annual_revenue: Money,
    /// Lost less than a year ago.
    pub under_1y: Part,
    /// Lost one to two years ago.
    pub from_1y_to_2y: Part,
    /// Lost more than two years ago.
    pub over_2y: Part,
}

impl LostAll {
    /// Counts a client in the stock of lost clients, by the time since their loss.
    pub(crate) fn add(&mut self, c: &Client) {
        let Some(days) = c.days_since_loss else {
            return;
        };
        self.clients += 1;
        self.annual_revenue += c.annual_revenue;
        match days {
            d if d < 365 => self.under_1y.add(c.annual_revenue),
            d if d < 730 => self.from_1y_to_2y.add(c.annual_revenue),
            _ => self.over_2y.add(c.annual_revenue),
        }
    }
}

/// Clients who came back in the period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Returned {
    /// Clients whose return (the first purchase after a loss) falls in the period.
    pub clients: usize,
    /// Their revenue from that return up to the analysis date.
    pub revenue_since: Money,
    /// Of them, clients whose latest return is less than 90 days before the analysis date:
    /// fragile, to look after (seed 003, rule 12).
    pub fragile: usize,
}

/// A client who returned less than this many days ago is fragile (seed 003, rule 12).
pub const FRAGILE_DAYS: i64 = 90;

/// Whether a client came back less than [`FRAGILE_DAYS`] before the analysis date.
pub fn fragile(c: &Client, as_of: NaiveDate) -> bool {
    c.returned_on
        .is_some_and(|r| days_between(r, as_of) < FRAGILE_DAYS && c.status != Status::Lost)
}

impl Returned {
    /// Counts a client in when their return (the first purchase after a loss) falls in the
    /// period, with their revenue since it (a client table has no returns to show).
    pub(crate) fn add(
        &mut self,
        h: &History,
        c: &Client,
        losses: &[Loss],
        p: Period,
        as_of: NaiveDate,
    ) {
        let Some(days) = &h.days else {
            return;
        };
        let Some(back) = losses
            .iter()
            .filter_map(|l| l.returned)
            .find(|r| p.contains(*r))
        else {
            return;
        };
        self.clients += 1;
        self.fragile += usize::from(fragile(c, as_of));
        self.revenue_since += days[days.partition_point(|o| o.date < back)..]
            .iter()
            .map(|o| o.amount)
            .sum::<Money>();
    }
}

/// What all clients bought in the period (a client table cannot tell).
pub(crate) fn revenue_in(hs: &[History], p: Period) -> Figure<Money> {
    let mut sum = Money::ZERO;
    for h in hs {
        let Some(days) = &h.days else {
            return Figure::Undefined(Why::NoHistory);
        };
        sum += p.days_in(days).map(|o| o.amount).sum::<Money>();
    }
    Figure::Defined(sum)
}

/// Active and sleeping clients buying at least a third less than a year before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Declining {
    /// Clients.
    pub clients: usize,
    /// Their revenue of the last 365 days below the 365 before, added up.
    pub revenue_drop: Money,
    /// What they bought in the 365 days before the last 365.
    pub revenue_before: Money,
}

/// The declining clients added up client by client, or why a plain client table cannot tell.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DecliningTally {
    without_history: bool,
    declining: Declining,
}

impl DecliningTally {
    /// Counts a client in when they are active or sleeping and declining.
    pub(crate) fn add(&mut self, c: &Client) {
        self.without_history |= c.year_on_year.is_none();
        if c.status == Status::Lost {
            return;
        }
        if let (Some(drop), Some((_, before))) = (c.revenue_drop(), c.year_on_year) {
            self.declining.clients += 1;
            self.declining.revenue_drop += drop;
            self.declining.revenue_before += before;
        }
    }

    /// The declining clients, unless a client has no history to tell.
    pub(crate) fn figure(self) -> Figure<Declining> {
        if self.without_history {
            Figure::Undefined(Why::NoHistory)
        } else {
            Figure::Defined(self.declining)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_period_is_the_365_days_up_to_the_analysis_date() {
        let p = Period::resolve(PeriodChoice::Last12Months, d(2024, 12, 31));
        assert_eq!(
            (p.from, p.to, p.days()),
            (d(2024, 1, 2), d(2024, 12, 31), 365)
        );
        let prev = p.previous();
        assert_eq!((prev.from, prev.to), (d(2023, 1, 2), d(2024, 1, 1)));
        let p = Period::resolve(PeriodChoice::PreviousCalendarYear, d(2025, 3, 10));
        assert_eq!(
            (p.from, p.to, p.days()),
            (d(2024, 1, 1), d(2024, 12, 31), 366)
        );
        assert_eq!(
            p.previous(),
            Period {
                from: d(2023, 1, 1),
                to: d(2023, 12, 31)
            }
        );
    }
}
