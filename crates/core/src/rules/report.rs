//! Lost clients per manager and per reason for leaving (DOMAIN.md, "Managers and reasons").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::abc::{abc_classes, Abc};
use crate::clients::{Client, History, Status, Text, YEAR};
use crate::model::Transactions;
use crate::money::Money;
use crate::period::InPeriod;
use crate::reasons::{ReasonGroup, ReasonRule};

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
    /// Lost clients worth calling (categories 1–3) who were theirs when they left: to hand
    /// over to another manager (seed 003, rule 10; seed 002, rule 8).
    pub hand_over: usize,
}

/// The lines per manager, added up client by client.
#[derive(Default)]
pub(crate) struct ManagerTally<'k> {
    by: BTreeMap<Option<&'k str>, ManagerLine>,
}

impl<'k> ManagerTally<'k> {
    fn line(&mut self, m: &'k Option<Text>) -> &mut ManagerLine {
        self.by.entry(m.as_deref()).or_insert_with(|| ManagerLine {
            manager: m.as_deref().map(str::to_owned),
            period_clients: 0,
            period_lost: 0,
            lost_ratio: None,
            lost_revenue: Money::ZERO,
            clients: 0,
            active: 0,
            sleeping: 0,
            lost: 0,
            hand_over: 0,
        })
    }

    /// Counts in a client of history `h`, who lived the period as `p`; `call`: lost and worth
    /// calling.
    pub(crate) fn add(&mut self, h: &'k History, c: &'k Client, p: &InPeriod, call: bool) {
        let l = self.line(&c.manager);
        l.clients += 1;
        l.hand_over += usize::from(call);
        match c.status {
            Status::Active => l.active += 1,
            Status::Sleeping => l.sleeping += 1,
            Status::Lost => l.lost += 1,
        }
        if p.in_base {
            let l = self.line(&h.period_manager);
            l.period_clients += 1;
            if let Some((year, _)) = p.lost {
                l.period_lost += 1;
                l.lost_revenue += year;
            }
        }
    }

    /// Per manager, sorted by the money lost in the period, highest first (ties by name).
    pub(crate) fn lines(self) -> Vec<ManagerLine> {
        let mut out: Vec<ManagerLine> = self
            .by
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
}

/// One reason's line.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ReasonLine {
    /// The reason as written.
    pub reason: String,
    /// Its group (the user's choice, else by keywords).
    pub group: ReasonGroup,
    /// Whether a client who left for it can be won back.
    pub winnable: bool,
    /// Whether it calls for a call at once (the contact person changed).
    pub urgent: bool,
    /// Lost clients who gave it.
    pub lost_clients: usize,
    /// The sum of their years.
    pub lost_revenue: Money,
    /// ABC class of the reason by that money among the reasons that can be won back (step 3
    /// of seed 003: fight A first); `None` for one that cannot.
    pub abc: Option<Abc>,
}

/// One group's line.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct GroupLine {
    /// The group.
    pub group: ReasonGroup,
    /// Lost clients whose reason is in it.
    pub clients: usize,
    /// The sum of their years.
    pub annual_revenue: Money,
}

/// Reasons for leaving of the clients lost now.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Reasons {
    /// Per group (seed 003, step 2), in the order competitors, company, outside, not sorted.
    pub groups: Vec<GroupLine>,
    /// Per reason, by lost revenue, highest first.
    pub lines: Vec<ReasonLine>,
    /// Lost clients with no reason noted.
    pub unknown_clients: usize,
    /// The sum of their years.
    pub unknown_revenue: Money,
}

/// The lost clients per reason, added up client by client.
#[derive(Default)]
pub(crate) struct ReasonTally<'k> {
    by: BTreeMap<&'k str, (ReasonRule, usize, Money)>,
    unknown_clients: usize,
    unknown_revenue: Money,
}

impl<'k> ReasonTally<'k> {
    /// Counts a client in when lost; `rule`: their reason as read.
    pub(crate) fn add(&mut self, c: &'k Client, rule: Option<ReasonRule>) {
        if c.status != Status::Lost {
            return;
        }
        match (c.reason.as_deref(), rule) {
            (Some(r), Some(rule)) => {
                let e = self.by.entry(r).or_insert((rule, 0, Money::ZERO));
                e.1 += 1;
                e.2 += c.annual_revenue;
            }
            _ => {
                self.unknown_clients += 1;
                self.unknown_revenue += c.annual_revenue;
            }
        }
    }

    /// Lost clients and their years per reason and per group, with an ABC of the reasons (`a`
    /// and `b` its shares).
    pub(crate) fn reasons(self, a: f64, b: f64) -> Reasons {
        let ReasonTally {
            by,
            unknown_clients,
            unknown_revenue,
        } = self;
        let mut lines: Vec<ReasonLine> = by
            .into_iter()
            .map(|(r, (rule, n, m))| ReasonLine {
                reason: r.to_owned(),
                group: rule.group,
                winnable: rule.winnable,
                urgent: rule.urgent,
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
        // Only reasons one can fight are ranked (step 3 of seed 003): a closing-down is no target.
        let fought: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].winnable).collect();
        let values: Vec<Money> = fought.iter().map(|&i| lines[i].lost_revenue).collect();
        if let Some(classes) = abc_classes(&values, a, b) {
            for (&i, c) in fought.iter().zip(classes) {
                lines[i].abc = Some(c);
            }
        }
        let groups = ReasonGroup::ALL
            .iter()
            .map(|&group| {
                let inside = lines.iter().filter(|l| l.group == group);
                GroupLine {
                    group,
                    clients: inside.clone().map(|l| l.lost_clients).sum(),
                    annual_revenue: inside.map(|l| l.lost_revenue).sum(),
                }
            })
            .collect();
        Reasons {
            groups,
            lines,
            unknown_clients,
            unknown_revenue,
        }
    }
}

/// Lost clients and their money per product.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ProductLine {
    /// The product or category as written.
    pub product: String,
    /// Clients lost now who bought it in their year.
    pub lost_clients: usize,
    /// What they paid for it in their years.
    pub annual_revenue: Money,
    /// ABC class of the product by that money.
    pub abc: Option<Abc>,
}

/// Per product, the clients lost now who bought it in their year (the 365 days up to their
/// last purchase) and what they paid for it then; highest first, with an ABC of products.
/// `None` without a product column.
pub(crate) fn products(
    t: &Transactions,
    cs: &[&Client],
    as_of: chrono::NaiveDate,
    a: f64,
    b: f64,
) -> Option<Vec<ProductLine>> {
    if t.products.is_empty() {
        return None;
    }
    // The clients' positions by their index in the log.
    let position: Vec<Option<usize>> = (0..t.clients.len())
        .map(|i| {
            cs.binary_search_by(|c| (*c.id).cmp(t.clients.get(i as u32)))
                .ok()
        })
        .collect();
    let mut money: Vec<Money> = vec![Money::ZERO; t.products.len()];
    let mut buyers: Vec<Vec<u32>> = vec![Vec::new(); t.products.len()];
    for (p, extra) in t.purchases.iter().zip(&t.extras) {
        let (Some(product), Some(i)) = (extra.product.get(), position[p.client as usize]) else {
            continue;
        };
        let c = &cs[i];
        if c.status != Status::Lost || p.date > as_of || p.date <= c.last - YEAR {
            continue;
        }
        money[product as usize] += p.amount;
        let list = &mut buyers[product as usize];
        if list.last() != Some(&p.client) {
            list.push(p.client);
        }
    }
    let mut lines: Vec<ProductLine> = buyers
        .into_iter()
        .zip(money)
        .enumerate()
        .filter(|(_, (b, _))| !b.is_empty())
        .map(|(i, (mut b, m))| {
            b.sort_unstable();
            b.dedup();
            ProductLine {
                product: t.products.get(i as u32).to_owned(),
                lost_clients: b.len(),
                annual_revenue: m,
                abc: None,
            }
        })
        .collect();
    lines.sort_by(|x, y| {
        y.annual_revenue
            .cmp(&x.annual_revenue)
            .then_with(|| x.product.cmp(&y.product))
    });
    let values: Vec<Money> = lines.iter().map(|l| l.annual_revenue).collect();
    if let Some(classes) = abc_classes(&values, a, b) {
        for (l, c) in lines.iter_mut().zip(classes) {
            l.abc = Some(c);
        }
    }
    Some(lines)
}
