//! The settings of the analysis, with the defaults of DOMAIN.md and their allowed ranges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::money::Money;

/// What ABC ranks clients by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AbcBasis {
    /// Profit when the data has a profit column, else revenue.
    #[default]
    Auto,
    /// Revenue.
    Revenue,
    /// Profit (needs a profit column).
    Profit,
}

/// What ABC ranks clients over: the client's year or the whole history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AbcWindow {
    /// The client's year: the 365 days up to their last purchase (seed 000: rank clients by
    /// what they bring over 12 months).
    #[default]
    Year,
    /// Everything the client ever bought.
    All,
}

/// Which days the figures of a period cover (DOMAIN.md, "The period").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodChoice {
    /// The 365 days up to the analysis date.
    #[default]
    Last12Months,
    /// The calendar year before the analysis date's year.
    PreviousCalendarYear,
    /// From one day to another, both included.
    Custom {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
    },
}

/// Every setting of the analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The analysis date; `None`: the latest purchase.
    pub as_of: Option<NaiveDate>,
    /// The period of the "lost in the period" figures, churn and the managers' report.
    pub period: PeriodChoice,
    /// Lost threshold multiplier `k` (L = max(k × interval, min_days)). Default 4/3: a
    /// quarterly buyer is lost after four months (seed 000).
    pub k: f64,
    /// The least lost threshold in days. Default 30.
    pub min_days: u32,
    /// One-time buyers' threshold in days when too few clients buy repeatedly. Default 90
    /// (seed 000: "no deal within 90 days: the client is lost").
    pub one_time_days: u32,
    /// How many repeat clients it takes for their median interval to set the one-time
    /// buyers' threshold. Default 10.
    pub min_repeat_clients: usize,
    /// The share of clients that come back when won back. Default 25% (seed 004).
    pub return_probability: f64,
    /// The return chance of a lost client halves every this many months since the loss
    /// (seed 003, rule 6: the sooner, the easier). Default 12; `None` keeps it flat.
    pub half_life_months: Option<f64>,
    /// Margin on revenue when the data has no profit column. Default 30%.
    pub margin: f64,
    /// Cost of one attempt to win a client back (a call, a visit, a letter). Default 500.
    pub cost_per_attempt: Money,
    /// Attempts per client. Default 3 (rule 5 of seed 003: a return on the first try is a miracle).
    pub attempts: u32,
    /// Incentive per client who comes back (discount, gift), paid only for those. Default 0.
    pub incentive: Money,
    /// Client lifetime in years for the win-back benefit; `None`: 1 / annual churn, or the
    /// observed lifetime of lost clients when churn is undefined.
    pub lifetime_years: Option<f64>,
    /// What ABC ranks by.
    pub abc_basis: AbcBasis,
    /// Over which days ABC ranks: the client's year (default) or all history.
    pub abc_window: AbcWindow,
    /// Share of the total that class A covers. Default 80%.
    pub abc_a: f64,
    /// Share of the total that classes A and B cover. Default 90% (seed 000).
    pub abc_b: f64,
    /// Highest coefficient of variation of class X. Default 10%.
    pub xyz_x: f64,
    /// Highest coefficient of variation of class Y. Default 25%.
    pub xyz_y: f64,
    /// Fit the BG/NBD and Gamma-Gamma models (transaction logs only). Default on.
    pub model: bool,
    /// The model of "is this client still alive?": `None` picks the one with the smallest
    /// holdout error. Default `None`.
    pub model_kind: Option<crate::counting::ModelKind>,
    /// The models' time unit. Default weeks.
    pub model_unit: crate::bgnbd::TimeUnit,
    /// The horizon of expected purchases and CLV, in months. Default 12.
    pub horizon_months: u32,
    /// Monthly discount rate of CLV. Default 1%.
    pub monthly_discount: f64,
    /// The user's decisions on reasons for leaving: group and whether it can be won back.
    pub reason_overrides: Vec<crate::reasons::ReasonOverride>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            as_of: None,
            period: PeriodChoice::Last12Months,
            k: 4.0 / 3.0,
            min_days: 30,
            one_time_days: 90,
            min_repeat_clients: 10,
            return_probability: 0.25,
            half_life_months: Some(12.0),
            margin: 0.30,
            cost_per_attempt: Money(50_000),
            attempts: 3,
            incentive: Money::ZERO,
            lifetime_years: None,
            abc_basis: AbcBasis::Auto,
            abc_window: AbcWindow::Year,
            abc_a: 0.80,
            abc_b: 0.90,
            xyz_x: 0.10,
            xyz_y: 0.25,
            model: true,
            model_kind: None,
            model_unit: crate::bgnbd::TimeUnit::Week,
            horizon_months: 12,
            monthly_discount: 0.01,
            reason_overrides: Vec::new(),
        }
    }
}

fn check(ok: bool, name: &'static str, allowed: &str, value: impl ToString) -> Result<(), Error> {
    if ok {
        Ok(())
    } else {
        Err(ErrorKind::InvalidSetting {
            name: name.into(),
            allowed: allowed.into(),
            value: value.to_string(),
        }
        .into())
    }
}

impl Settings {
    /// Checks every setting against its range.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidSetting`] naming the first setting out of range.
    pub fn validate(&self) -> Result<(), Error> {
        let finite_in = |v: f64, lo: f64, hi: f64| v.is_finite() && v >= lo && v <= hi;
        check(
            finite_in(self.k, 1.0, 10.0),
            "k",
            "between 1 and 10",
            self.k,
        )?;
        check(
            (1..=3650).contains(&self.min_days),
            "min_days",
            "between 1 and 3650 days",
            self.min_days,
        )?;
        check(
            (1..=3650).contains(&self.one_time_days),
            "one_time_days",
            "between 1 and 3650 days",
            self.one_time_days,
        )?;
        check(
            (1..=1_000_000).contains(&self.min_repeat_clients),
            "min_repeat_clients",
            "between 1 and 1000000",
            self.min_repeat_clients,
        )?;
        check(
            finite_in(self.return_probability, 0.0, 1.0) && self.return_probability > 0.0,
            "return_probability",
            "above 0% and at most 100%",
            self.return_probability,
        )?;
        check(
            finite_in(self.margin, 0.0, 1.0),
            "margin",
            "between 0% and 100%",
            self.margin,
        )?;
        check(
            self.cost_per_attempt.0 >= 0,
            "cost_per_attempt",
            "0 or more",
            self.cost_per_attempt,
        )?;
        check(
            (1..=100).contains(&self.attempts),
            "attempts",
            "between 1 and 100",
            self.attempts,
        )?;
        check(
            self.incentive.0 >= 0,
            "incentive",
            "0 or more",
            self.incentive,
        )?;
        if let Some(h) = self.half_life_months {
            check(
                finite_in(h, 1.0, 600.0),
                "half_life_months",
                "between 1 and 600 months",
                h,
            )?;
        }
        if let PeriodChoice::Custom { from, to } = self.period {
            check(from <= to, "period_from", "on or before its end", from)?;
        }
        if let Some(l) = self.lifetime_years {
            check(
                finite_in(l, 0.01, 100.0),
                "lifetime_years",
                "between 0.01 and 100 years",
                l,
            )?;
        }
        check(
            finite_in(self.abc_a, 0.01, 0.99),
            "abc_a",
            "between 1% and 99%",
            self.abc_a,
        )?;
        check(
            finite_in(self.abc_b, 0.01, 1.0) && self.abc_b > self.abc_a,
            "abc_b",
            "above abc_a and at most 100%",
            self.abc_b,
        )?;
        check(
            finite_in(self.xyz_x, 0.0, 10.0),
            "xyz_x",
            "between 0% and 1000%",
            self.xyz_x,
        )?;
        check(
            finite_in(self.xyz_y, 0.0, 10.0) && self.xyz_y > self.xyz_x,
            "xyz_y",
            "above xyz_x and at most 1000%",
            self.xyz_y,
        )?;
        check(
            (1..=120).contains(&self.horizon_months),
            "horizon_months",
            "between 1 and 120",
            self.horizon_months,
        )?;
        check(
            finite_in(self.monthly_discount, 0.0, 1.0),
            "monthly_discount",
            "between 0% and 100%",
            self.monthly_discount,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_each_range_is_named() {
        Settings::default().validate().unwrap();
        let bad = Settings {
            return_probability: 1.5,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "“Chance a lost client comes back” must be above 0% and at most 100%; it is 150%."
        );
        let bad = Settings {
            abc_b: 0.7,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "“Classes A and B's share” must be above class A's share and at most 100%; it is 70%."
        );
        let bad = Settings {
            k: f64::NAN,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "“Lost threshold multiplier k” must be between 1 and 10; it is NaN."
        );
        let bad = Settings {
            attempts: 0,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "“Attempts per client” must be between 1 and 100; it is 0."
        );
    }
}
