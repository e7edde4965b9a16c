//! The quick calculator as a person reads it, in either language: its fields, the value each
//! shows, and the figures with their formulas. The app's calculator and the blog embed render
//! these, and the embed's page is written from them (`boomerang embed-page`), so the three
//! say the same.

use crate::figure::Figure;
use crate::format::{decimal, money, percent, Lang};
use crate::money::Money;
use crate::quick::{ChurnInput, QuickInputs, QuickResult};

fn t(lang: Lang, en: &'static str, ru: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// One of the calculator's inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Clients in the base.
    Clients,
    /// Annual churn, %.
    Churn,
    /// …or clients lost a year (the other way to give churn).
    Lost,
    /// Average check.
    Check,
    /// Purchases a year.
    Ppy,
    /// Margin, %.
    Margin,
    /// Chance a client comes back, %.
    P,
    /// Cost of one attempt.
    Cost,
    /// Attempts per client.
    Attempts,
    /// Incentive per returned client.
    Incentive,
    /// Sleeping clients.
    Sleeping,
}

impl Field {
    /// The fields in the order shown.
    pub const ALL: [Field; 11] = [
        Field::Clients,
        Field::Churn,
        Field::Lost,
        Field::Check,
        Field::Ppy,
        Field::Margin,
        Field::P,
        Field::Cost,
        Field::Attempts,
        Field::Incentive,
        Field::Sleeping,
    ];

    /// Its key in ids and in the address.
    pub fn key(self) -> &'static str {
        match self {
            Field::Clients => "clients",
            Field::Churn => "churn",
            Field::Lost => "lost",
            Field::Check => "check",
            Field::Ppy => "ppy",
            Field::Margin => "margin",
            Field::P => "p",
            Field::Cost => "cost",
            Field::Attempts => "attempts",
            Field::Incentive => "incentive",
            Field::Sleeping => "sleeping",
        }
    }

    /// Its label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Clients => t(lang, "Clients in the base", "Клиентов в базе"),
            Field::Churn => t(lang, "Annual churn, %", "Отток в год, %"),
            Field::Lost => t(
                lang,
                "…or clients lost a year",
                "…или клиентов теряется в год",
            ),
            Field::Check => t(lang, "Average check", "Средний чек"),
            Field::Ppy => t(lang, "Purchases a year", "Покупок в год"),
            Field::Margin => t(lang, "Margin, %", "Маржа, %"),
            Field::P => t(
                lang,
                "Chance a client comes back, %",
                "Вероятность возврата, %",
            ),
            Field::Cost => t(lang, "Cost of one attempt", "Стоимость одной попытки"),
            Field::Attempts => t(lang, "Attempts per client", "Попыток на клиента"),
            Field::Incentive => t(
                lang,
                "Incentive per returned client (discount, gift)",
                "Стимул вернувшемуся (скидка, подарок)",
            ),
            Field::Sleeping => t(lang, "Sleeping clients", "Спящих клиентов"),
        }
    }

    /// The value the field shows for these inputs, as a person would type it (`25`, `12.5`).
    pub fn shown(self, q: &QuickInputs) -> String {
        let v = match self {
            Field::Clients => q.clients,
            Field::Churn => match q.churn {
                ChurnInput::Rate(r) => r * 100.0,
                ChurnInput::LostPerYear(n) => n / q.clients * 100.0,
            },
            Field::Lost => match q.churn {
                ChurnInput::Rate(r) => r * q.clients,
                ChurnInput::LostPerYear(n) => n,
            },
            Field::Check => q.avg_check.major(),
            Field::Ppy => q.purchases_per_year,
            Field::Margin => q.margin * 100.0,
            Field::P => q.return_probability * 100.0,
            Field::Cost => q.cost_per_attempt.major(),
            Field::Attempts => q.attempts as f64,
            Field::Incentive => q.incentive.major(),
            Field::Sleeping => q.sleeping,
        };
        crate::format::plain(v, 2)
    }

    /// The inputs with this field set to `v` (as typed: percents as percents). Whether the
    /// result makes sense is [`crate::quick`]'s to say.
    pub fn set(self, q: &QuickInputs, v: f64) -> QuickInputs {
        let mut q = q.clone();
        match self {
            Field::Clients => q.clients = v,
            Field::Churn => q.churn = ChurnInput::Rate(v / 100.0),
            Field::Lost => q.churn = ChurnInput::LostPerYear(v),
            Field::Check => q.avg_check = Money::from_major(v),
            Field::Ppy => q.purchases_per_year = v,
            Field::Margin => q.margin = v / 100.0,
            Field::P => q.return_probability = v / 100.0,
            Field::Cost => q.cost_per_attempt = Money::from_major(v),
            Field::Attempts => {
                q.attempts = if v.fract() == 0.0 && (0.0..=1e6).contains(&v) {
                    v as u32
                } else {
                    0
                }
            }
            Field::Incentive => q.incentive = Money::from_major(v),
            Field::Sleeping => q.sleeping = v,
        }
        q
    }
}

/// The inputs from query pairs, defaults where missing or unreadable.
pub fn inputs_from(pairs: &[(String, String)]) -> QuickInputs {
    let d = QuickInputs::default();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.replace(',', ".").parse::<f64>().ok())
    };
    QuickInputs {
        clients: get("clients").unwrap_or(d.clients),
        churn: match (get("churn"), get("lost")) {
            (Some(c), _) => ChurnInput::Rate(c / 100.0),
            (None, Some(n)) => ChurnInput::LostPerYear(n),
            (None, None) => d.churn,
        },
        avg_check: get("check").map_or(d.avg_check, Money::from_major),
        purchases_per_year: get("ppy").unwrap_or(d.purchases_per_year),
        margin: get("margin").map_or(d.margin, |v| v / 100.0),
        return_probability: get("p").map_or(d.return_probability, |v| v / 100.0),
        cost_per_attempt: get("cost").map_or(d.cost_per_attempt, Money::from_major),
        attempts: get("attempts").map_or(d.attempts, |v| v as u32),
        incentive: get("incentive").map_or(d.incentive, Money::from_major),
        sleeping: get("sleeping").unwrap_or(d.sleeping),
    }
}

/// The query string for inputs, as the address carries them: `clients=40&lost=10&...`.
pub fn query(q: &QuickInputs) -> String {
    let num = |v: f64| crate::format::plain(v, 4);
    let churn = match q.churn {
        ChurnInput::Rate(r) => format!("churn={}", num(r * 100.0)),
        ChurnInput::LostPerYear(n) => format!("lost={}", num(n)),
    };
    format!(
        "clients={}&{churn}&check={}&ppy={}&margin={}&p={}&cost={}&attempts={}&incentive={}&sleeping={}",
        num(q.clients),
        num(q.avg_check.major()),
        num(q.purchases_per_year),
        num(q.margin * 100.0),
        num(q.return_probability * 100.0),
        num(q.cost_per_attempt.major()),
        q.attempts,
        num(q.incentive.major()),
        num(q.sleeping)
    )
}

/// A number as a person types it into a field: `1 234,5`, `1234.5`, `25`; `None` for anything
/// else (an empty field included).
pub fn typed_number(raw: &str) -> Option<f64> {
    let cleaned = raw.trim().replace(',', ".").replace([' ', '\u{a0}'], "");
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// What a field says when its text is not a number.
pub fn not_a_number(lang: Lang) -> &'static str {
    t(
        lang,
        "Enter a number, such as 1500 or 12,5.",
        "Введите число, например 1500 или 12,5.",
    )
}

/// One figure of the result: what it is, its value, and how it is calculated with the user's
/// own numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Its key in ids (`quick-out-{id}`).
    pub id: &'static str,
    /// What it is.
    pub label: &'static str,
    /// The value, formatted for the language.
    pub value: String,
    /// The formula with the user's numbers.
    pub formula: String,
}

/// The figures of a result, in the order shown.
pub fn outputs(q: &QuickInputs, r: &QuickResult, cur: &str, lang: Lang) -> Vec<Output> {
    let m = |v: Money| money(v, cur, lang);
    let fig = |f: &Figure<Money>| match f {
        Figure::Defined(v) => m(*v),
        Figure::Undefined(w) => w.message(lang),
    };
    let dec1 = |v: f64| decimal(v, 1, lang);
    let pct = |v: f64| percent(v, 1, lang);
    let out = |id, label, value, formula| Output {
        id,
        label,
        value,
        formula,
    };
    vec![
        out(
            "lost-clients",
            t(lang, "Clients lost a year", "Клиентов теряется в год"),
            dec1(r.clients_lost_per_year),
            format!("{} × {}", Field::Clients.shown(q), pct(r.churn_rate)),
        ),
        out(
            "lost-revenue",
            t(lang, "Revenue lost a year", "Теряется выручки в год"),
            m(r.revenue_lost_per_year),
            format!(
                "{} × {} × {}",
                dec1(r.clients_lost_per_year),
                m(q.avg_check),
                dec1(q.purchases_per_year)
            ),
        ),
        out(
            "lifetime",
            t(lang, "Client lifetime", "Время жизни клиента"),
            match &r.lifetime_years {
                // A Russian number with a decimal part takes the genitive singular: 4,6 года.
                Figure::Defined(v) => format!("{} {}", dec1(*v), t(lang, "years", "года")),
                Figure::Undefined(w) => w.message(lang),
            },
            format!("1 / {}", pct(r.churn_rate)),
        ),
        out(
            "ltv",
            t(
                lang,
                "Lifetime value of a client",
                "Доход с клиента за жизнь",
            ),
            fig(&r.lifetime_value),
            t(
                lang,
                "check × purchases a year × lifetime",
                "чек × покупок в год × время жизни",
            )
            .into(),
        ),
        out(
            "benefit",
            t(
                lang,
                "Benefit of one returned client",
                "Выгода от одного вернувшегося",
            ),
            fig(&r.benefit_per_return),
            t(
                lang,
                "check × margin × purchases a month × lifetime in months",
                "чек × маржа × покупок в месяц × жизнь в месяцах",
            )
            .into(),
        ),
        out(
            "cost",
            t(
                lang,
                "Cost of one returned client",
                "Стоимость возврата одного клиента",
            ),
            m(r.cost_per_return),
            format!(
                "{} × {} / {} + {}",
                q.attempts,
                m(q.cost_per_attempt),
                pct(q.return_probability),
                m(q.incentive)
            ),
        ),
        out(
            "roi",
            "ROI",
            match &r.roi {
                Figure::Defined(v) => format!("{}×", dec1(*v)),
                Figure::Undefined(w) => w.message(lang),
            },
            t(
                lang,
                "benefit / cost of one return",
                "выгода / стоимость возврата",
            )
            .into(),
        ),
        out(
            "recoverable",
            t(
                lang,
                "Recoverable revenue a year",
                "Можно вернуть выручки в год",
            ),
            m(r.recoverable_revenue),
            format!(
                "{} × {}{}",
                m(r.revenue_lost_per_year),
                pct(q.return_probability),
                match &r.roi {
                    Figure::Defined(v) if *v < 1.0 => t(
                        lang,
                        " — but at these costs a return does not pay for itself",
                        " — но при этих затратах возврат не окупается"
                    ),
                    _ => "",
                }
            ),
        ),
        out(
            "sleeping",
            t(
                lang,
                "Sleeping clients' wake-up potential",
                "Потенциал пробуждения спящих",
            ),
            m(r.sleeping_potential),
            format!(
                "{} × {} × {} {}",
                Field::Sleeping.shown(q),
                m(q.avg_check),
                pct(q.return_probability),
                t(
                    lang,
                    "(one order each; seed example: 100 × $1,000 × 25% = $25,000)",
                    "(по одному заказу; пример: 100 × 1 000 $ × 25% = 25 000 $)"
                )
            ),
        ),
    ]
}

/// The calculator's title.
pub fn title(lang: Lang) -> &'static str {
    t(
        lang,
        "What do lost clients cost you?",
        "Во что вам обходятся ушедшие клиенты?",
    )
}

/// The reference points the sources give, labelled as such.
pub fn reference(lang: Lang) -> &'static str {
    t(
        lang,
        "Reference points: the best companies lose 9–11% of clients a year; a quarter of sleeping clients come back; a client who has already returned buys again with 40% chance, a new one with 5%.",
        "Ориентиры: лучшие компании теряют 9–11% клиентов в год; четверть спящих клиентов возвращается; уже вернувшийся клиент покупает снова с вероятностью 40%, новый — 5%.",
    )
}

/// What the calculator says while a field waits to be fixed.
pub fn stale(lang: Lang) -> &'static str {
    t(
        lang,
        "These are the figures of the last valid numbers: fix the marked field to update them.",
        "Это расчёт по последним верным числам: исправьте отмеченное поле, чтобы обновить его.",
    )
}

/// The link from the embed to the whole app.
pub fn open_app(lang: Lang) -> &'static str {
    t(lang, "Open Boomerang", "Открыть Boomerang")
}

/// The blog embed's page in a language: `embed.html` speaks Russian, `embed-en.html` English.
pub fn embed_page(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "embed.html",
        Lang::En => "embed-en.html",
    }
}

/// The usual currency sign of a language, for money typed without one.
pub fn currency_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "₽",
        Lang::En => "$",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_shows_what_sets_it() {
        let q = QuickInputs::default();
        for f in Field::ALL {
            let shown: f64 = f.shown(&q).parse().unwrap();
            let again = f.set(&q, shown);
            assert_eq!(f.shown(&again), f.shown(&q), "{f:?}");
        }
        assert_eq!(typed_number(" 1 234,5 "), Some(1234.5));
        // The address carries the inputs there and back.
        let q = Field::Churn.set(&Field::Check.set(&q, 1234.5), 12.5);
        let pairs: Vec<(String, String)> = query(&q)
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_owned(), v.to_owned())
            })
            .collect();
        assert_eq!(inputs_from(&pairs), q);
        assert_eq!(typed_number("много"), None);
    }

    #[test]
    fn seed_000_reads_the_same_in_both_languages() {
        let q = QuickInputs::default();
        let r = crate::quick(&q).unwrap();
        let en = outputs(&q, &r, "$", Lang::En);
        let ru = outputs(&q, &r, "₽", Lang::Ru);
        assert_eq!(en.len(), 9);
        // 10 of 40 clients lost a year, at 50,000 × 7 purchases: 3,500,000 a year.
        assert_eq!(en[1].value, "$3,500,000.00");
        assert_eq!(ru[1].value, "3\u{a0}500\u{a0}000,00\u{a0}₽");
        assert_eq!(en[2].value, "4.0 years");
        assert_eq!(ru[2].value, "4,0 года");
    }
}
