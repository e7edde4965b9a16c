//! The settings of the analysis, with the defaults of DOMAIN.md and their allowed ranges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::format::Lang;
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

/// A setting as a person reads it: its name in words, its value (shares as percents, decimal
/// commas in Russian) and its allowed range, with no internal names.
pub(crate) fn in_words(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
) -> (&'static str, String, String) {
    in_words_of(
        name,
        value,
        allowed,
        lang,
        &|name, allowed| match quick_words(name, allowed) {
            (None, _) => analysis_words(name, allowed),
            quick => quick,
        },
    )
}

/// [`in_words`] for the quick calculator's inputs alone (the blog embed's errors): the
/// analysis settings' words are not carried.
pub(crate) fn quick_in_words(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
) -> (&'static str, String, String) {
    in_words_of(name, value, allowed, lang, &quick_words)
}

/// A setting's name and its range in Russian (English, Russian), by the setting's name and
/// its range in English.
type Words = (Option<(&'static str, &'static str)>, Option<&'static str>);

fn in_words_of(
    name: &str,
    value: &str,
    allowed: &str,
    lang: Lang,
    words: &dyn Fn(&str, &str) -> Words,
) -> (&'static str, String, String) {
    let ru = lang == Lang::Ru;
    let pick = |en: &'static str, r: &'static str| if ru { r } else { en };
    let (label, allowed_ru) = words(name, allowed);
    let label = label.map_or_else(|| pick("A setting", "Настройка"), |(en, r)| pick(en, r));
    let share = matches!(
        name,
        "return_probability"
            | "churn"
            | "margin"
            | "abc_a"
            | "abc_b"
            | "xyz_x"
            | "xyz_y"
            | "monthly_discount"
    );
    let value = match value.parse::<f64>() {
        Ok(v) if share => format!(
            "{}%",
            crate::format::decimal(
                v * 100.0,
                if (v * 100.0).fract() == 0.0 { 0 } else { 1 },
                lang
            )
        ),
        Ok(v) => crate::format::decimal(v, if v.fract() == 0.0 { 0 } else { 2 }, lang),
        _ => value.to_owned(),
    };
    let allowed = if ru {
        allowed_ru.unwrap_or(allowed).to_owned()
    } else {
        allowed.to_owned()
    };
    let allowed = allowed
        .replace("abc_a", pick("class A's share", "доли класса A"))
        .replace("xyz_x", pick("class X's variation", "вариации класса X"));
    (label, value, allowed)
}

/// The words of the quick calculator's inputs and their ranges (those it shares with the
/// analysis settings included).
fn quick_words(name: &str, allowed: &str) -> Words {
    let label = match name {
        "clients" => ("Clients in the base", "Клиентов в базе"),
        "churn" => ("Annual churn", "Отток в год"),
        "lost_per_year" => ("Clients lost a year", "Клиентов теряется в год"),
        "avg_check" => ("Average check", "Средний чек"),
        "purchases_per_year" => ("Purchases a year", "Покупок в год"),
        "sleeping" => ("Sleeping clients", "Спящих клиентов"),
        "return_probability" => (
            "Chance a lost client comes back",
            "Вероятность возврата клиента",
        ),
        "margin" => ("Margin", "Маржа"),
        "cost_per_attempt" => ("Cost of one attempt", "Стоимость одной попытки"),
        "attempts" => ("Attempts per client", "Попыток на клиента"),
        "incentive" => (
            "Incentive per returned client",
            "Стимул на вернувшегося клиента",
        ),
        _ => return (None, quick_allowed_ru(allowed)),
    };
    (Some(label), quick_allowed_ru(allowed))
}

fn quick_allowed_ru(allowed: &str) -> Option<&'static str> {
    Some(match allowed {
        "above 0% and at most 100%" => "больше 0% и не больше 100%",
        "between 0% and 100%" => "от 0% до 100%",
        "0 or more" => "не меньше 0",
        "between 1 and 100" => "от 1 до 100",
        "between 1 and 1,000,000,000" => "от 1 до 1 000 000 000",
        "between 0 and 1,000,000,000" => "от 0 до 1 000 000 000",
        "between 0 and the clients in the base" => "от 0 до числа клиентов в базе",
        "between 0 and 10000" => "от 0 до 10000",
        _ => return None,
    })
}

/// The words of the analysis settings and their ranges.
fn analysis_words(name: &str, allowed: &str) -> Words {
    let label = match name {
        "k" => Some(("Lost threshold multiplier k", "Множитель порога потери k")),
        "min_days" => Some((
            "Shortest lost threshold, days",
            "Наименьший порог потери, дней",
        )),
        "one_time_days" => Some((
            "Lost threshold for one-time buyers, days",
            "Порог потери для разовых покупателей, дней",
        )),
        "min_repeat_clients" => Some((
            "Repeat clients needed for the business's rhythm",
            "Постоянных клиентов для ритма бизнеса",
        )),
        "half_life_months" => Some((
            "Half-life of the chance to return, months",
            "Полураспад вероятности возврата, месяцев",
        )),
        "period_from" => Some(("Start of the period", "Начало периода")),
        "period_to" => Some(("End of the period", "Конец периода")),
        "lifetime_years" => Some(("Client lifetime, years", "Время жизни клиента, лет")),
        "abc_a" => Some(("Class A's share", "Доля класса A")),
        "abc_b" => Some(("Classes A and B's share", "Доля классов A и B")),
        "xyz_x" => Some(("Class X's variation", "Вариация класса X")),
        "xyz_y" => Some(("Class Y's variation", "Вариация класса Y")),
        "horizon_months" => Some(("Model horizon, months", "Горизонт модели, месяцев")),
        "monthly_discount" => Some(("Monthly discount rate", "Месячная ставка дисконтирования")),
        _ => None,
    };
    let allowed_ru = quick_allowed_ru(allowed).or(match allowed {
        "between 1 and 10" => Some("от 1 до 10"),
        "between 1 and 3650 days" => Some("от 1 до 3650 дней"),
        "between 1 and 1000000" => Some("от 1 до 1000000"),
        "between 1 and 120" => Some("от 1 до 120"),
        "between 0.01 and 100 years" => Some("от 0,01 до 100 лет"),
        "between 1% and 99%" => Some("от 1% до 99%"),
        "above abc_a and at most 100%" => Some("больше abc_a и не больше 100%"),
        "between 0% and 1000%" => Some("от 0% до 1000%"),
        "above xyz_x and at most 1000%" => Some("больше xyz_x и не больше 1000%"),
        "between 1 and 600 months" => Some("от 1 до 600 месяцев"),
        "on or before its end" => Some("не позже его конца"),
        "on or before the analysis date" => Some("не позже даты анализа"),
        _ => None,
    });
    (label, allowed_ru)
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
