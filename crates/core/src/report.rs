//! Lost clients per manager and per reason for leaving (DOMAIN.md, "Managers and reasons").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::abc::{abc_classes, Abc};
use crate::clients::{Client, History, Status};
use crate::money::Money;
use crate::period::InPeriod;

/// One manager's line: the period (DOMAIN.md, "Managers") and today's statuses.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ManagerLine {
    /// The manager; `None` for clients with no manager named.
    pub manager: Option<String>,
    /// Clients the manager had in the period: not lost at its start, or buying in it (a
    /// client belongs to the manager of their last purchase on or before the period's end).
    pub period_clients: usize,
    /// Of them, clients lost in the period.
    pub period_lost: usize,
    /// period_lost / period_clients; `None` without clients in the period.
    pub lost_ratio: Option<f64>,
    /// The money of those losses: the sum of the lost clients' years.
    pub lost_revenue: Money,
    /// Clients today (by the manager of their latest purchase).
    pub clients: usize,
    /// Active clients today.
    pub active: usize,
    /// Sleeping clients today.
    pub sleeping: usize,
    /// Lost clients today.
    pub lost: usize,
}

/// Per manager, sorted by the money lost in the period, highest first (ties by name).
pub(crate) fn managers(hs: &[History], cs: &[Client], period: &[InPeriod]) -> Vec<ManagerLine> {
    fn line<'m, 'k>(
        by: &'m mut BTreeMap<Option<&'k str>, ManagerLine>,
        m: &'k Option<String>,
    ) -> &'m mut ManagerLine {
        by.entry(m.as_deref()).or_insert_with(|| ManagerLine {
            manager: m.clone(),
            period_clients: 0,
            period_lost: 0,
            lost_ratio: None,
            lost_revenue: Money::ZERO,
            clients: 0,
            active: 0,
            sleeping: 0,
            lost: 0,
        })
    }
    let mut by: BTreeMap<Option<&str>, ManagerLine> = BTreeMap::new();
    for ((h, c), p) in hs.iter().zip(cs).zip(period) {
        let l = line(&mut by, &c.manager);
        l.clients += 1;
        match c.status {
            Status::Active => l.active += 1,
            Status::Sleeping => l.sleeping += 1,
            Status::Lost => l.lost += 1,
        }
        if p.in_base {
            let l = line(&mut by, &h.period_manager);
            l.period_clients += 1;
            if let Some((year, _)) = p.lost {
                l.period_lost += 1;
                l.lost_revenue += year;
            }
        }
    }
    let mut out: Vec<ManagerLine> = by
        .into_values()
        .map(|mut l| {
            l.lost_ratio =
                (l.period_clients > 0).then(|| l.period_lost as f64 / l.period_clients as f64);
            l
        })
        .collect();
    out.sort_by(|a, b| {
        b.lost_revenue
            .cmp(&a.lost_revenue)
            .then_with(|| a.manager.cmp(&b.manager))
    });
    out
}

/// One reason's line.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ReasonLine {
    /// The reason as written.
    pub reason: String,
    /// Lost clients who gave it.
    pub lost_clients: usize,
    /// The sum of their years.
    pub lost_revenue: Money,
    /// ABC class of the reason by lost revenue.
    pub abc: Option<Abc>,
}

/// Reasons for leaving of the lost clients.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Reasons {
    /// Per reason, by lost revenue, highest first.
    pub lines: Vec<ReasonLine>,
    /// Lost clients with no reason noted.
    pub unknown_clients: usize,
    /// The sum of their years.
    pub unknown_revenue: Money,
}

/// Lost clients and revenue per reason, with an ABC of the reasons.
pub(crate) fn reasons(cs: &[Client], a: f64, b: f64) -> Reasons {
    let mut by: BTreeMap<&str, (usize, Money)> = BTreeMap::new();
    let (mut unknown_clients, mut unknown_revenue) = (0, Money::ZERO);
    for c in cs.iter().filter(|c| c.status == Status::Lost) {
        match c.reason.as_deref() {
            Some(r) => {
                let e = by.entry(r).or_insert((0, Money::ZERO));
                e.0 += 1;
                e.1 += c.annual_revenue;
            }
            None => {
                unknown_clients += 1;
                unknown_revenue += c.annual_revenue;
            }
        }
    }
    let mut lines: Vec<ReasonLine> = by
        .into_iter()
        .map(|(r, (n, m))| ReasonLine {
            reason: r.to_owned(),
            lost_clients: n,
            lost_revenue: m,
            abc: None,
        })
        .collect();
    lines.sort_by(|x, y| {
        y.lost_revenue
            .cmp(&x.lost_revenue)
            .then_with(|| x.reason.cmp(&y.reason))
    });
    let values: Vec<Money> = lines.iter().map(|l| l.lost_revenue).collect();
    if let Some(classes) = abc_classes(&values, a, b) {
        for (l, c) in lines.iter_mut().zip(classes) {
            l.abc = Some(c);
        }
    }
    Reasons {
        lines,
        unknown_clients,
        unknown_revenue,
    }
}
