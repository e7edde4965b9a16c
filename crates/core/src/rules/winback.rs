//! Is a client worth winning back, and whom to call first (DOMAIN.md, "Is a client worth
//! winning back?" and "Whom to call first").

use serde::Serialize;

use crate::abc::Abc;
use crate::clients::{Client, Status};
use crate::money::Money;
use crate::reasons::ReasonRule;
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
    /// Lost twice, a reason that cannot be won back, or expected net ≤ 0 (ушли и ладно).
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

/// Why a client is let go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetGoBecause {
    /// Lost now after an earlier loss and return (seed 003, rule 13).
    LostTwice,
    /// Their reason for leaving cannot be won back (closed down, bankrupt, moved away, no
    /// longer needs it: seeds 000, 002 rule 9).
    Reason,
    /// The expected net is at or below zero: the return costs more than it brings.
    NotWorthIt,
}

impl LetGoBecause {
    /// Every reason, in order.
    pub const ALL: [LetGoBecause; 3] = [
        LetGoBecause::LostTwice,
        LetGoBecause::Reason,
        LetGoBecause::NotWorthIt,
    ];

    /// The key scripts read.
    pub fn key(self) -> &'static str {
        match self {
            LetGoBecause::LostTwice => "lost_twice",
            LetGoBecause::Reason => "reason",
            LetGoBecause::NotWorthIt => "not_worth_it",
        }
    }
}

/// The economics of winning one client back.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Winback {
    /// The client's own return chance: `p`, faded by the time since the loss.
    pub return_chance: f64,
    /// Profit per deal × deals per month (the client's year / 12) × lifetime in months.
    pub benefit: Money,
    /// Cost per attempt × attempts + return chance × incentive.
    pub cost: Money,
    /// Return chance × benefit − cost.
    pub expected_net: Money,
    /// Return chance × benefit / cost; `None` when the return costs nothing.
    pub roi: Option<f64>,
    /// The category.
    pub category: Category,
    /// Why the client is let go (category 4 only).
    pub let_go_because: Option<LetGoBecause>,
    /// Call at once: the contact person changed (seed 002, rule 17), and the client is sleeping
    /// or was lost less than a year ago.
    pub urgent: bool,
}

/// Average days in a month, for months since a loss.
const MONTH_DAYS: f64 = 365.0 / 12.0;

/// A client's return chance: `p` for a sleeping client; for a lost one, `p` halved for every
/// half-life since the loss (seed 003, rule 6), or `p` itself when fading is off.
pub fn return_chance(c: &Client, s: &Settings) -> f64 {
    match (c.days_since_loss, s.half_life_months) {
        (Some(days), Some(half_life)) => {
            s.return_probability * 0.5f64.powf(days.max(0) as f64 / MONTH_DAYS / half_life)
        }
        _ => s.return_probability,
    }
}

/// The win-back economics of a sleeping or lost client; `None` for an active one.
pub(crate) fn winback(
    c: &Client,
    abc: Abc,
    lifetime_years: f64,
    s: &Settings,
    reason: Option<ReasonRule>,
) -> Option<Winback> {
    if c.status == Status::Active {
        return None;
    }
    let p = return_chance(c, s);
    let deals_per_month = f64::from(c.purchases_a_year) / 12.0;
    let benefit = c.profit_per_deal(s.margin) * deals_per_month * lifetime_years * 12.0;
    let attempts = s.cost_per_attempt.major() * f64::from(s.attempts);
    let cost = Money::from_major(attempts + p * s.incentive.major());
    let expected = p * benefit - cost.major();
    let roi = (cost.0 > 0).then(|| p * benefit / cost.major());
    let expected_net = Money::from_major(expected);
    let let_go_because = if c.lost_twice == Some(true) {
        Some(LetGoBecause::LostTwice)
    } else if reason.is_some_and(|r| !r.winnable) {
        Some(LetGoBecause::Reason)
    } else if expected_net.0 <= 0 {
        Some(LetGoBecause::NotWorthIt)
    } else {
        None
    };
    let category = match (let_go_because, abc) {
        (Some(_), _) => Category::LetGo,
        (None, Abc::A) => Category::ReturnFirst,
        (None, Abc::B) => Category::ReturnNecessarily,
        (None, Abc::C) => Category::ReturnIfPossible,
    };
    Some(Winback {
        return_chance: p,
        benefit: Money::from_major(benefit),
        cost,
        expected_net,
        roi,
        category,
        let_go_because,
        // "At once" is about a fresh change: a loss older than a year is ranked like the rest.
        urgent: let_go_because.is_none()
            && reason.is_some_and(|r| r.urgent)
            && c.days_since_loss.is_none_or(|d| d < 365),
    })
}

/// The win-back campaign over the clients worth calling (categories 1–3).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Campaign {
    /// Clients worth calling.
    pub clients: usize,
    /// What calling them all costs: Σ cost.
    pub cost: Money,
    /// Clients expected back: Σ return chance.
    pub expected_returns: f64,
    /// Recoverable revenue a year: Σ return chance × the client's year.
    pub recoverable_revenue: Money,
    /// Σ expected net.
    pub expected_net: Money,
    /// Σ return chance × benefit / Σ cost; `None` when calling costs nothing.
    pub roi: Option<f64>,
}

/// The campaign over the clients with their win-back economics, added up client by client.
#[derive(Default)]
pub(crate) struct CampaignTally {
    clients: usize,
    cost: Money,
    expected_returns: f64,
    expected_net: Money,
    gain: f64,
    recoverable: f64,
}

impl CampaignTally {
    /// Counts a client in when worth calling.
    pub(crate) fn add(&mut self, c: &Client, w: &Winback) {
        if w.category == Category::LetGo {
            return;
        }
        self.clients += 1;
        self.cost += w.cost;
        self.expected_returns += w.return_chance;
        self.expected_net += w.expected_net;
        self.gain += w.return_chance * w.benefit.major();
        self.recoverable += w.return_chance * c.annual_revenue.major();
    }

    /// The campaign.
    pub(crate) fn campaign(self) -> Campaign {
        Campaign {
            clients: self.clients,
            cost: self.cost,
            expected_returns: self.expected_returns,
            recoverable_revenue: Money::from_major(self.recoverable),
            expected_net: self.expected_net,
            roi: (self.cost.0 > 0).then(|| self.gain / self.cost.major()),
        }
    }
}
