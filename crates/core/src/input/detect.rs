//! Which column holds what: from Russian and English header names, and from the values.

use serde::{Deserialize, Serialize};

use crate::date::looks_like_date;
use crate::model::{DataKind, Role};
use crate::money::{parse_amount, DecimalSep};
use crate::table::RawRow;

/// How a column's role was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// From the header name.
    Header,
    /// From the values.
    Values,
    /// Chosen by the user.
    User,
}

/// A column of the input and its role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The header name, or `column N` when there is no header.
    pub name: String,
    /// What the column holds, if it is used.
    pub role: Option<Role>,
    /// How the role was decided.
    pub source: Option<Source>,
}

fn normalize(header: &str) -> String {
    let lower = header.trim().to_lowercase().replace('ё', "е");
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The role a header name says, if any.
pub fn role_from_header(header: &str) -> Option<Role> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    // A rich client table's summary columns, by the names the warehouse SQL gives them (and
    // their Russian names); its `threshold_days` is for the reader, not read.
    if let Some(role) = Role::SUMMARY
        .iter()
        .copied()
        .find(|r| normalize(r.key()) == h || normalize(r.describe_ru()) == h)
    {
        return Some(role);
    }
    if h == "threshold days" {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    let word = |words: &[&str]| h.split(' ').any(|t| words.contains(&t));
    let about_dates = has(&[
        "date",
        "дата",
        "day",
        "день",
        "покуп",
        "purchase",
        "order",
        "заказ",
        "сделк",
        "продаж",
    ]);
    if about_dates && has(&["first", "перв"]) {
        return Some(Role::FirstDate);
    }
    if about_dates && has(&["last", "последн", "recent"]) {
        return Some(Role::LastDate);
    }
    if has(&["reason", "причин", "churn"]) {
        return Some(Role::Reason);
    }
    if has(&[
        "manager",
        "менеджер",
        "ответствен",
        "sales rep",
        "salesperson",
        "продавец",
        "куратор",
        "owner",
    ]) {
        return Some(Role::Manager);
    }
    if has(&["profit", "прибыл", "марж", "margin", "наценк"]) {
        return Some(Role::Profit);
    }
    let counts = has(&[
        "количеств",
        "кол во",
        "число",
        "number",
        "count",
        "num ",
        "no of",
        "frequency",
    ]);
    if word(&[
        "purchases",
        "orders",
        "deals",
        "frequency",
        "покупок",
        "заказов",
        "сделок",
        "продаж",
    ]) && (counts || !has(&["sum", "сумм", "amount", "value", "revenue"]))
    {
        return Some(Role::Purchases);
    }
    if has(&[
        "name",
        "наименован",
        "назван",
        "фио",
        "company",
        "компан",
        "организац",
    ]) {
        return Some(Role::ClientName);
    }
    if has(&[
        "client",
        "customer",
        "клиент",
        "контрагент",
        "покупател",
        "заказчик",
        "buyer",
        "account",
        "партнер",
    ]) || word(&["id", "инн", "код"])
    {
        return Some(Role::ClientId);
    }
    if has(&["date", "дата", "период", "created", "timestamp"])
        || word(&["day", "день", "time", "время"])
    {
        return Some(Role::Date);
    }
    if has(&[
        "amount",
        "sum",
        "сумм",
        "выручк",
        "revenue",
        "total",
        "value",
        "sales",
        "стоимост",
        "оборот",
        "итог",
        "price",
        "отгрузк",
        "оплат",
        "payment",
    ]) || word(&["руб", "rub", "usd", "eur"])
    {
        return Some(Role::Amount);
    }
    if has(&[
        "product",
        "товар",
        "номенклатур",
        "category",
        "категор",
        "sku",
        "item",
        "услуг",
        "артикул",
        "группа",
    ]) {
        return Some(Role::Product);
    }
    None
}

/// What the values of one column look like.
#[derive(Clone, Copy, Debug, Default)]
struct Profile {
    filled: usize,
    dates: usize,
    numbers: usize,
    fractions: usize,
    leading_zeros: usize,
}

impl Profile {
    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }
}

fn profile(rows: &[RawRow], col: usize) -> Profile {
    let mut p = Profile::default();
    for row in rows.iter().take(500) {
        let Some(v) = row.cells.get(col).filter(|v| !v.is_empty()) else {
            continue;
        };
        p.filled += 1;
        if looks_like_date(v) {
            p.dates += 1;
        } else if let Ok(Some(_)) = parse_amount(v, DecimalSep::Comma) {
            p.numbers += 1;
            if v.contains(['.', ',']) {
                p.fractions += 1;
            }
            if v.len() > 1 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit()) {
                p.leading_zeros += 1;
            }
        }
    }
    p
}

/// Is the first row a header? Yes when a cell names a role, or when it holds no number or date
/// and the row below does.
pub fn first_row_is_header(rows: &[RawRow]) -> bool {
    let Some(first) = rows.first() else {
        return false;
    };
    if first
        .cells
        .iter()
        .any(|c| role_from_header(c).is_some() && !looks_like_date(c))
    {
        return true;
    }
    let typed = |row: &RawRow| {
        row.cells.iter().any(|c| {
            looks_like_date(c) || matches!(parse_amount(c, DecimalSep::Comma), Ok(Some(_)))
        })
    };
    !typed(first) && rows.get(1).is_some_and(typed)
}

/// The columns with their roles: from the header names, then from the values for each role
/// the kind needs and no header named.
pub fn detect_columns(
    header: Option<&RawRow>,
    data: &[RawRow],
    kind: Option<DataKind>,
) -> (Vec<Column>, DataKind) {
    let width = data
        .iter()
        .take(1000)
        .chain(header)
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0);
    let mut columns: Vec<Column> = (0..width)
        .map(|i| Column {
            name: header
                .and_then(|h| h.cells.get(i))
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("column {}", i + 1)),
            role: None,
            source: None,
        })
        .collect();
    if header.is_some() {
        for c in columns.iter_mut() {
            let role = role_from_header(&c.name);
            let taken = |r: Option<Role>| r.is_some();
            if taken(role) {
                c.role = role;
                c.source = Some(Source::Header);
            }
        }
        dedupe(&mut columns);
    }
    let kind = kind.unwrap_or_else(|| {
        let client_table = columns.iter().any(|c| {
            matches!(
                c.role,
                Some(Role::FirstDate | Role::LastDate | Role::Purchases)
            )
        });
        if client_table {
            DataKind::ClientTable
        } else {
            DataKind::Transactions
        }
    });
    fill_from_values(&mut columns, data, kind);
    (columns, kind)
}

/// Keeps the first column of each role; later ones lose it.
fn dedupe(columns: &mut [Column]) {
    let mut seen = Vec::new();
    for c in columns.iter_mut() {
        if let Some(r) = c.role {
            if seen.contains(&r) {
                c.role = None;
                c.source = None;
            } else {
                seen.push(r);
            }
        }
    }
}

fn fill_from_values(columns: &mut [Column], data: &[RawRow], kind: DataKind) {
    let profiles: Vec<Profile> = (0..columns.len()).map(|i| profile(data, i)).collect();
    let has = |cols: &[Column], r: Role| cols.iter().any(|c| c.role == Some(r));
    let free = |cols: &[Column], i: usize| cols[i].role.is_none();
    let set = |cols: &mut [Column], i: usize, r: Role| {
        cols[i].role = Some(r);
        cols[i].source = Some(Source::Values);
    };
    let date_cols: Vec<usize> = (0..columns.len())
        .filter(|&i| profiles[i].filled > 0 && profiles[i].share(profiles[i].dates) >= 0.8)
        .collect();
    let date_roles: &[Role] = match kind {
        DataKind::Transactions => &[Role::Date],
        DataKind::ClientTable => &[Role::FirstDate, Role::LastDate],
    };
    for &role in date_roles {
        if !has(columns, role) {
            if let Some(&i) = date_cols.iter().find(|&&i| free(columns, i)) {
                set(columns, i, role);
            }
        }
    }
    let numeric = |cols: &[Column], i: usize| {
        free(cols, i)
            && profiles[i].filled > 0
            && profiles[i].share(profiles[i].numbers) >= 0.8
            && profiles[i].leading_zeros == 0
    };
    if kind == DataKind::ClientTable && !has(columns, Role::Purchases) {
        if let Some(i) =
            (0..columns.len()).find(|&i| numeric(columns, i) && profiles[i].fractions == 0)
        {
            set(columns, i, Role::Purchases);
        }
    }
    if !has(columns, Role::Amount) {
        // The numeric column with the most decimals; on a tie, the rightmost.
        let best = (0..columns.len())
            .filter(|&i| numeric(columns, i))
            .max_by_key(|&i| (profiles[i].fractions * 1000 / profiles[i].filled.max(1), i));
        if let Some(i) = best {
            set(columns, i, Role::Amount);
        }
    }
    if !has(columns, Role::ClientId) {
        if let Some(i) = (0..columns.len()).find(|&i| free(columns, i) && profiles[i].filled > 0) {
            set(columns, i, Role::ClientId);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_russian_and_english_header_names() {
        let cases = [
            ("Клиент", Some(Role::ClientId)),
            ("Контрагент", Some(Role::ClientId)),
            ("customer_id", Some(Role::ClientId)),
            ("ИНН", Some(Role::ClientId)),
            ("Наименование клиента", Some(Role::ClientName)),
            ("Дата", Some(Role::Date)),
            ("Дата продажи", Some(Role::Date)),
            ("Order date", Some(Role::Date)),
            ("Сумма", Some(Role::Amount)),
            ("Сумма, руб.", Some(Role::Amount)),
            ("Выручка", Some(Role::Amount)),
            ("dollar_value", Some(Role::Amount)),
            ("amount", Some(Role::Amount)),
            ("Прибыль", Some(Role::Profit)),
            ("Валовая прибыль", Some(Role::Profit)),
            ("Менеджер", Some(Role::Manager)),
            ("Ответственный", Some(Role::Manager)),
            ("Номенклатура", Some(Role::Product)),
            ("Товар", Some(Role::Product)),
            ("Причина ухода", Some(Role::Reason)),
            ("reason for leaving", Some(Role::Reason)),
            ("Дата первой покупки", Some(Role::FirstDate)),
            ("first_purchase_date", Some(Role::FirstDate)),
            ("Дата последней покупки", Some(Role::LastDate)),
            ("last purchase", Some(Role::LastDate)),
            ("Количество покупок", Some(Role::Purchases)),
            ("orders", Some(Role::Purchases)),
            ("Кол-во заказов", Some(Role::Purchases)),
            ("number_of_cds", None),
            ("Количество", None),
            ("", None),
        ];
        for (h, want) in cases {
            assert_eq!(role_from_header(h), want, "{h}");
        }
    }

    fn rows(lines: &[&[&str]]) -> Vec<RawRow> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| RawRow {
                line: i as u32 + 1,
                cells: l.iter().map(|s| s.to_string()).collect(),
            })
            .collect()
    }

    #[test]
    fn detects_roles_from_values_without_a_header() {
        let data = rows(&[
            &["00004", "0001", "19970101", "2", "29.33"],
            &["00004", "0001", "19970118", "2", "29.73"],
            &["00018", "0002", "19970104", "1", "14.96"],
        ]);
        assert!(!first_row_is_header(&data));
        let (cols, kind) = detect_columns(None, &data, None);
        assert_eq!(kind, DataKind::Transactions);
        let roles: Vec<_> = cols.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            vec![
                Some(Role::ClientId),
                None,
                Some(Role::Date),
                None,
                Some(Role::Amount)
            ]
        );
        assert_eq!(cols[2].source, Some(Source::Values));
    }

    #[test]
    fn a_header_with_client_table_names_makes_a_client_table() {
        let all = rows(&[
            &[
                "Клиент",
                "Первая покупка",
                "Последняя покупка",
                "Покупок",
                "Выручка",
            ],
            &["А", "01.01.2024", "01.06.2024", "5", "10 000"],
        ]);
        assert!(first_row_is_header(&all));
        let (cols, kind) = detect_columns(Some(&all[0]), &all[1..], None);
        assert_eq!(kind, DataKind::ClientTable);
        let roles: Vec<_> = cols.iter().map(|c| c.role.unwrap()).collect();
        assert_eq!(
            roles,
            vec![
                Role::ClientId,
                Role::FirstDate,
                Role::LastDate,
                Role::Purchases,
                Role::Amount
            ]
        );
    }
}
