//! Is a client worth winning back, and whom to call first (DOMAIN.md, "Is a client worth
//! winning back?" and "Whom to call first").

use serde::Serialize;

use crate::abc::Abc;
use crate::clients::{Client, Status};
use crate::money::Money;
use crate::settings::Settings;

/// The four categories of seed 000.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Class A, expected net > 0 (вернуть в первую очередь).
    ReturnFirst,
    /// Class B, expected net > 0 (вернуть обязательно).
    ReturnNecessarily,
    /// Class C, expected net > 0 (вернуть при возможности).
    ReturnIfPossible,
    /// Lost twice, or expected net ≤ 0 (ушли и ладно).
    LetGo,
}

impl Category {
    /// The four, in the order of calling.
    pub const ALL: [Category; 4] = [
        Category::ReturnFirst,
        Category::ReturnNecessarily,
        Category::ReturnIfPossible,
        Category::LetGo,
    ];

    /// The key used in reports.
    pub fn key(self) -> &'static str {
        match self {
            Category::ReturnFirst => "return_first",
            Category::ReturnNecessarily => "return_necessarily",
            Category::ReturnIfPossible => "return_if_possible",
            Category::LetGo => "let_go",
        }
    }
}

/// The economics of winning one client back.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Winback {
    /// Profit per deal × deals per month × lifetime in months.
    pub benefit: Money,
    /// Cost per attempt × attempts + incentive.
    pub cost: Money,
    /// p × benefit − cost.
    pub expected_net: Money,
    /// p × benefit / cost; `None` when the return costs nothing.
    pub roi: Option<f64>,
    /// The category.
    pub category: Category,
}

/// The win-back economics of a sleeping or lost client; `None` for an active one.
pub(crate) fn winback(c: &Client, abc: Abc, lifetime_years: f64, s: &Settings) -> Option<Winback> {
    if c.status == Status::Active {
        return None;
    }
    let deals_per_month = c.purchases_per_year / 12.0;
    let benefit = c.profit_per_deal(s.margin) * deals_per_month * lifetime_years * 12.0;
    let cost = Money(s.cost_per_attempt.0.saturating_mul(s.attempts as i64)) + s.incentive;
    let expected = s.return_probability * benefit - cost.major();
    let roi = (cost.0 > 0).then(|| s.return_probability * benefit / cost.major());
    let expected_net = Money::from_major(expected);
    let category = if c.lost_twice == Some(true) || expected_net.0 <= 0 {
        Category::LetGo
    } else {
        match abc {
            Abc::A => Category::ReturnFirst,
            Abc::B => Category::ReturnNecessarily,
            Abc::C => Category::ReturnIfPossible,
        }
    };
    Some(Winback {
        benefit: Money::from_major(benefit),
        cost,
        expected_net,
        roi,
        category,
    })
}
