//! What a column holds: the roles the import gives columns, named in words and by header.

use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Who bought: a code, an INN, a name used as the key.
    ClientId,
    /// The client's display name, when the key is a code.
    ClientName,
    /// The purchase date (transaction log).
    Date,
    /// The purchase amount (transaction log) or total revenue (client table).
    Amount,
    /// Profit or margin in money.
    Profit,
    /// The manager responsible for the client.
    Manager,
    /// Product or category.
    Product,
    /// Why the client left.
    Reason,
    /// First purchase date (client table).
    FirstDate,
    /// Last purchase date (client table).
    LastDate,
    /// Number of purchases (client table).
    Purchases,
    /// The median of the days between a client's purchase days (client table).
    #[serde(rename = "median_interval_days")]
    MedianInterval,
    /// The client's year: revenue in the 365 days up to the last purchase (client table).
    YearRevenue,
    /// Purchase days in the same 365 days (client table).
    YearPurchases,
    /// Profit in the same 365 days (client table).
    YearProfit,
    /// Revenue in the 365 days up to the analysis date (client table).
    #[serde(rename = "revenue_last_365")]
    RevenueLast365,
    /// Revenue in the 365 days before those (client table).
    #[serde(rename = "revenue_prev_365")]
    RevenuePrev365,
    /// Gaps between purchases longer than the client's lost threshold (client table).
    EarlierLosses,
    /// The first purchase after the latest such gap (client table).
    LastReturn,
    /// The last purchase on or before a year before the analysis date (client table).
    LastPurchaseYearBefore,
    /// The day the table was summarised as of (client table).
    AsOf,
}

impl Role {
    /// Every role, in the order the mapping lists them.
    pub const ALL: [Role; 21] = [
        Role::ClientId,
        Role::Date,
        Role::Amount,
        Role::Profit,
        Role::Manager,
        Role::ClientName,
        Role::Product,
        Role::Reason,
        Role::FirstDate,
        Role::LastDate,
        Role::Purchases,
        Role::MedianInterval,
        Role::YearRevenue,
        Role::YearPurchases,
        Role::YearProfit,
        Role::RevenueLast365,
        Role::RevenuePrev365,
        Role::EarlierLosses,
        Role::LastReturn,
        Role::LastPurchaseYearBefore,
        Role::AsOf,
    ];

    /// The summary columns of a rich client table (docs/warehouse-sql.md), which stand in
    /// for the history it summarises: the roles after `Purchases`.
    pub const SUMMARY: &'static [Role] = Role::ALL.split_at(11).1;

    /// The role's key, as the CLI takes it (`client_id`, `date`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Role::ClientId => "client_id",
            Role::ClientName => "client_name",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Profit => "profit",
            Role::Manager => "manager",
            Role::Product => "product",
            Role::Reason => "reason",
            Role::FirstDate => "first_date",
            Role::LastDate => "last_date",
            Role::Purchases => "purchases",
            Role::MedianInterval => "median_interval_days",
            Role::YearRevenue => "year_revenue",
            Role::YearPurchases => "year_purchases",
            Role::YearProfit => "year_profit",
            Role::RevenueLast365 => "revenue_last_365",
            Role::RevenuePrev365 => "revenue_prev_365",
            Role::EarlierLosses => "earlier_losses",
            Role::LastReturn => "last_return",
            Role::LastPurchaseYearBefore => "last_purchase_year_before",
            Role::AsOf => "as_of",
        }
    }

    /// The role from its key.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role in Russian words, for messages.
    pub fn describe_ru(self) -> &'static str {
        match self {
            Role::ClientId => "клиент (кто купил)",
            Role::ClientName => "название клиента",
            Role::Date => "дата покупки",
            Role::Amount => "сумма",
            Role::Profit => "прибыль",
            Role::Manager => "менеджер",
            Role::Product => "товар",
            Role::Reason => "причина ухода",
            Role::FirstDate => "дата первой покупки",
            Role::LastDate => "дата последней покупки",
            Role::Purchases => "число покупок",
            Role::MedianInterval => "медианный интервал, дней",
            Role::YearRevenue => "выручка за год клиента",
            Role::YearPurchases => "покупок за год клиента",
            Role::YearProfit => "прибыль за год клиента",
            Role::RevenueLast365 => "выручка за последние 365 дней",
            Role::RevenuePrev365 => "выручка за 365 дней до них",
            Role::EarlierLosses => "прежние потери",
            Role::LastReturn => "дата последнего возврата",
            Role::LastPurchaseYearBefore => "последняя покупка годом ранее",
            Role::AsOf => "дата анализа",
        }
    }

    /// The role in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Role::ClientId => "client (who bought)",
            Role::ClientName => "client name",
            Role::Date => "purchase date",
            Role::Amount => "amount",
            Role::Profit => "profit",
            Role::Manager => "manager",
            Role::Product => "product",
            Role::Reason => "reason for leaving",
            Role::FirstDate => "first purchase date",
            Role::LastDate => "last purchase date",
            Role::Purchases => "number of purchases",
            Role::MedianInterval => "median interval, days",
            Role::YearRevenue => "the client's year: revenue",
            Role::YearPurchases => "the client's year: purchases",
            Role::YearProfit => "the client's year: profit",
            Role::RevenueLast365 => "revenue of the last 365 days",
            Role::RevenuePrev365 => "revenue of the 365 days before",
            Role::EarlierLosses => "earlier losses",
            Role::LastReturn => "latest return",
            Role::LastPurchaseYearBefore => "last purchase a year before",
            Role::AsOf => "summarised as of",
        }
    }
}
