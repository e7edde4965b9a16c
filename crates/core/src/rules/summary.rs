//! The headline of an import: clients, occasions and revenue up to the analysis date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Data;
use crate::money::Money;

/// What the data holds, looked at from `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Summary {
    /// The analysis date: given, or the latest purchase.
    pub as_of: NaiveDate,
    /// The earliest purchase.
    pub first_date: NaiveDate,
    /// The latest purchase on or before `as_of`.
    pub last_date: NaiveDate,
    /// Clients with a purchase on or before `as_of`.
    pub clients: usize,
    /// Purchase occasions on or before `as_of` (one client, one day: one occasion).
    pub occasions: usize,
    /// Revenue on or before `as_of`.
    pub revenue: Money,
    /// Purchases after `as_of`, left out of every figure.
    pub purchases_after_as_of: usize,
}

/// Summarises the data as seen from `as_of` (default: the latest purchase).
///
/// Returns `None` when nothing was bought on or before `as_of`.
pub fn summarize(data: &Data, as_of: Option<NaiveDate>) -> Option<Summary> {
    match data {
        Data::Transactions(t) => {
            let (_, latest) = t.day_range()?;
            let as_of = as_of.unwrap_or(latest);
            let occasions: Vec<_> = t.occasions().iter().filter(|o| o.date <= as_of).collect();
            let mut clients: Vec<u32> = occasions.iter().map(|o| o.client).collect();
            clients.dedup();
            Some(Summary {
                as_of,
                first_date: occasions.iter().map(|o| o.date).min()?,
                last_date: occasions.iter().map(|o| o.date).max()?,
                clients: clients.len(),
                occasions: occasions.len(),
                revenue: occasions.iter().map(|o| o.amount).sum(),
                purchases_after_as_of: t.rows_after(as_of),
            })
        }
        Data::Clients(rows) => {
            let latest = rows.iter().map(|r| r.last).max()?;
            let as_of = as_of.unwrap_or(latest);
            let seen: Vec<_> = rows
                .iter()
                .filter(|r| r.first.unwrap_or(r.last) <= as_of)
                .collect();
            let mut ids: Vec<&str> = seen.iter().map(|r| r.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            Some(Summary {
                as_of,
                first_date: seen.iter().map(|r| r.first.unwrap_or(r.last)).min()?,
                last_date: seen.iter().map(|r| r.last.min(as_of)).max()?,
                clients: ids.len(),
                occasions: seen.iter().map(|r| r.purchases as usize).sum(),
                revenue: seen.iter().map(|r| r.revenue).sum(),
                purchases_after_as_of: rows.iter().filter(|r| r.last > as_of).count(),
            })
        }
    }
}
