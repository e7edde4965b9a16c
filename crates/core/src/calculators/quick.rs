//! The quick calculator: no data, eight numbers typed in (DOMAIN.md, last section).

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::figure::{Figure, Why};
use crate::money::Money;

/// How churn is given.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnInput {
    /// Share of the base lost a year (0.25 for 25%).
    Rate(f64),
    /// Clients lost a year.
    LostPerYear(f64),
}

/// The quick calculator's inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuickInputs {
    /// Clients in the base.
    pub clients: f64,
    /// Annual churn, as a share or a count.
    pub churn: ChurnInput,
    /// Average check.
    pub avg_check: Money,
    /// Purchases a year of one client.
    pub purchases_per_year: f64,
    /// Margin (0.3 for 30%).
    pub margin: f64,
    /// Share of lost clients that come back when won back (0.25 for 25%).
    pub return_probability: f64,
    /// Cost of one attempt.
    pub cost_per_attempt: Money,
    /// Attempts per client.
    pub attempts: u32,
    /// Incentive (discount, gift) per client who comes back.
    #[serde(default)]
    pub incentive: Money,
    /// Sleeping clients: the next purchase is overdue, not yet lost.
    #[serde(default)]
    pub sleeping: f64,
}

impl Default for QuickInputs {
    /// The example of seed 000 with the defaults of DOMAIN.md.
    fn default() -> Self {
        QuickInputs {
            clients: 40.0,
            churn: ChurnInput::LostPerYear(10.0),
            avg_check: Money(5_000_000),
            purchases_per_year: 7.0,
            margin: 0.30,
            return_probability: 0.25,
            cost_per_attempt: Money(50_000),
            attempts: 3,
            incentive: Money::ZERO,
            sleeping: 0.0,
        }
    }
}

/// What the quick calculator shows.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct QuickResult {
    /// Annual churn as a share.
    pub churn_rate: f64,
    /// Clients lost a year.
    pub clients_lost_per_year: f64,
    /// Clients lost a year × average check × purchases a year.
    pub revenue_lost_per_year: Money,
    /// 1 / churn, in years.
    pub lifetime_years: Figure<f64>,
    /// Revenue of one client over their lifetime: check × purchases a year × lifetime.
    pub lifetime_value: Figure<Money>,
    /// Profit from one returned client: check × margin × purchases a month × lifetime in months.
    pub benefit_per_return: Figure<Money>,
    /// What one returned client costs: attempts × cost per attempt / return probability +
    /// incentive (every client tried costs the attempts; only those who come back get the
    /// incentive).
    pub cost_per_return: Money,
    /// Benefit per return / cost per return.
    pub roi: Figure<f64>,
    /// Revenue lost a year × return probability.
    pub recoverable_revenue: Money,
    /// Sleeping clients' wake-up potential (seed 004): sleeping clients × average check ×
    /// return probability, one order each.
    pub sleeping_potential: Money,
}

/// A number as an error shows it (to six decimals).
fn num(v: f64) -> String {
    crate::format::plain(v, 6)
}

fn invalid(name: &'static str, allowed: &str, value: impl ToString) -> Error {
    ErrorKind::InvalidSetting {
        name: name.into(),
        allowed: allowed.into(),
        value: value.to_string(),
    }
    .into()
}

/// Computes the quick calculator.
///
/// # Errors
/// [`ErrorKind::InvalidSetting`] naming the first input out of its range.
pub fn quick(q: &QuickInputs) -> Result<QuickResult, Error> {
    let ok = |v: f64, lo: f64, hi: f64| v.is_finite() && v >= lo && v <= hi;
    if !ok(q.clients, 1.0, 1e9) {
        return Err(invalid(
            "clients",
            "between 1 and 1,000,000,000",
            num(q.clients),
        ));
    }
    let churn_rate = match q.churn {
        ChurnInput::Rate(r) if ok(r, 0.0, 1.0) => r,
        ChurnInput::Rate(r) => return Err(invalid("churn", "between 0% and 100%", num(r))),
        ChurnInput::LostPerYear(n) if ok(n, 0.0, q.clients) => n / q.clients,
        ChurnInput::LostPerYear(n) => {
            return Err(invalid(
                "lost_per_year",
                "between 0 and the clients in the base",
                num(n),
            ))
        }
    };
    if q.avg_check.0 < 0 {
        return Err(invalid("avg_check", "0 or more", q.avg_check));
    }
    if !ok(q.purchases_per_year, 0.0, 10_000.0) {
        return Err(invalid(
            "purchases_per_year",
            "between 0 and 10000",
            num(q.purchases_per_year),
        ));
    }
    if !ok(q.margin, 0.0, 1.0) {
        return Err(invalid("margin", "between 0% and 100%", num(q.margin)));
    }
    if !ok(q.return_probability, 0.0, 1.0) || q.return_probability == 0.0 {
        return Err(invalid(
            "return_probability",
            "above 0% and at most 100%",
            num(q.return_probability),
        ));
    }
    if q.cost_per_attempt.0 < 0 {
        return Err(invalid("cost_per_attempt", "0 or more", q.cost_per_attempt));
    }
    if !(1..=100).contains(&q.attempts) {
        return Err(invalid("attempts", "between 1 and 100", q.attempts));
    }
    if q.incentive.0 < 0 {
        return Err(invalid("incentive", "0 or more", q.incentive));
    }
    if !ok(q.sleeping, 0.0, 1e9) {
        return Err(invalid(
            "sleeping",
            "between 0 and 1,000,000,000",
            num(q.sleeping),
        ));
    }
    let clients_lost_per_year = q.clients * churn_rate;
    let yearly = q.avg_check.major() * q.purchases_per_year;
    let revenue_lost_per_year = Money::from_major(clients_lost_per_year * yearly);
    let lifetime_years = if churn_rate > 0.0 {
        Figure::Defined(1.0 / churn_rate)
    } else {
        Figure::Undefined(Why::NoChurn)
    };
    let lifetime_value = lifetime_years
        .clone()
        .map(|l| Money::from_major(yearly * l));
    let benefit_per_return = lifetime_years.clone().map(|l| {
        Money::from_major(q.avg_check.major() * q.margin * q.purchases_per_year / 12.0 * l * 12.0)
    });
    let cost_per_return = Money::from_major(
        q.attempts as f64 * q.cost_per_attempt.major() / q.return_probability + q.incentive.major(),
    );
    let roi = match &benefit_per_return {
        Figure::Defined(_) if cost_per_return.0 == 0 => Figure::Undefined(Why::FreeReturn),
        Figure::Defined(b) => Figure::Defined(b.major() / cost_per_return.major()),
        Figure::Undefined(why) => Figure::Undefined(why.clone()),
    };
    let recoverable_revenue =
        Money::from_major(revenue_lost_per_year.major() * q.return_probability);
    Ok(QuickResult {
        churn_rate,
        clients_lost_per_year,
        revenue_lost_per_year,
        lifetime_years,
        lifetime_value,
        benefit_per_return,
        cost_per_return,
        roi,
        recoverable_revenue,
        sleeping_potential: Money::from_major(
            q.sleeping * q.avg_check.major() * q.return_probability,
        ),
    })
}
