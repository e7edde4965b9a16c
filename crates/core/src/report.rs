//! Lost clients per manager and per reason for leaving (DOMAIN.md, "Managers and reasons").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::abc::{abc_classes, Abc};
use crate::clients::{Client, Status};
use crate::money::Money;

/// One manager's line.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ManagerLine {
    /// The manager; `None` for clients with no manager named.
    pub manager: Option<String>,
    /// Clients.
    pub clients: usize,
    /// Active clients.
    pub active: usize,
    /// Sleeping clients.
    pub sleeping: usize,
    /// Lost clients.
    pub lost: usize,
    /// lost / clients.
    pub lost_ratio: f64,
    /// The annual revenue rate of the lost clients.
    pub lost_revenue: Money,
}

/// Per manager, sorted by lost revenue, highest first (ties by name).
pub(crate) fn managers(cs: &[Client]) -> Vec<ManagerLine> {
    let mut by: BTreeMap<Option<&str>, ManagerLine> = BTreeMap::new();
    for c in cs {
        let line = by
            .entry(c.manager.as_deref())
            .or_insert_with(|| ManagerLine {
                manager: c.manager.clone(),
                clients: 0,
                active: 0,
                sleeping: 0,
                lost: 0,
                lost_ratio: 0.0,
                lost_revenue: Money::ZERO,
            });
        line.clients += 1;
        match c.status {
            Status::Active => line.active += 1,
            Status::Sleeping => line.sleeping += 1,
            Status::Lost => {
                line.lost += 1;
                line.lost_revenue += c.annual_rate;
            }
        }
    }
    let mut out: Vec<ManagerLine> = by
        .into_values()
        .map(|mut l| {
            l.lost_ratio = l.lost as f64 / l.clients as f64;
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
    /// Their annual revenue rate.
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
    /// Their annual revenue rate.
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
                e.1 += c.annual_rate;
            }
            None => {
                unknown_clients += 1;
                unknown_revenue += c.annual_rate;
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
