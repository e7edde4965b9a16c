//! Tables for export: the win-back list and the per-client table, as CSV for Excel (and, with
//! the `xlsx` feature, as XLSX), ready to import into a CRM. Text cells that a spreadsheet
//! would run as formulas are neutralised.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, ClientLine};
use crate::format::{spreadsheet_safe, Lang};
use crate::money::Money;

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    /// Text (made formula-safe when written).
    Text(String),
    /// A number.
    Number(f64),
    /// A day.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

/// A table: a header and rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The sheet's name.
    pub name: String,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}
fn opt_text(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}
fn money(m: Money) -> Cell {
    Cell::Number(m.major())
}
fn num(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Number)
}

fn t(lang: Lang, en: &str, ru: &str) -> String {
    if lang == Lang::Ru { ru } else { en }.to_owned()
}

/// The category in words.
pub fn category_name(c: crate::winback::Category, lang: Lang) -> &'static str {
    use crate::winback::Category::*;
    match (c, lang) {
        (ReturnFirst, Lang::En) => "Return first",
        (ReturnFirst, Lang::Ru) => "Вернуть в первую очередь",
        (ReturnNecessarily, Lang::En) => "Return necessarily",
        (ReturnNecessarily, Lang::Ru) => "Вернуть обязательно",
        (ReturnIfPossible, Lang::En) => "Return if possible",
        (ReturnIfPossible, Lang::Ru) => "Вернуть при возможности",
        (LetGo, Lang::En) => "Let go",
        (LetGo, Lang::Ru) => "Ушли и ладно",
    }
}

/// Why a client is let go, in words.
pub fn let_go_name(b: crate::winback::LetGoBecause, lang: Lang) -> &'static str {
    use crate::winback::LetGoBecause::*;
    match (b, lang) {
        (LostTwice, Lang::En) => "lost twice",
        (LostTwice, Lang::Ru) => "потерян дважды",
        (Reason, Lang::En) => "the reason cannot be won back",
        (Reason, Lang::Ru) => "причину не устранить",
        (NotWorthIt, Lang::En) => "not worth it: expected net ≤ 0",
        (NotWorthIt, Lang::Ru) => "не окупится: ожидаемый итог ≤ 0",
    }
}

/// A group of reasons in words.
pub fn group_name(g: crate::reasons::ReasonGroup, lang: Lang) -> &'static str {
    use crate::reasons::ReasonGroup::*;
    match (g, lang) {
        (Competitors, Lang::En) => "competitors' actions",
        (Competitors, Lang::Ru) => "действия конкурентов",
        (Company, Lang::En) => "our own actions",
        (Company, Lang::Ru) => "действия компании",
        (Outside, Lang::En) => "outside factors",
        (Outside, Lang::Ru) => "внешние факторы",
        (Unsorted, Lang::En) => "not sorted",
        (Unsorted, Lang::Ru) => "не распределена",
    }
}

/// The status in words.
pub fn status_name(s: crate::clients::Status, lang: Lang) -> &'static str {
    use crate::clients::Status::*;
    match (s, lang) {
        (Active, Lang::En) => "active",
        (Active, Lang::Ru) => "активный",
        (Sleeping, Lang::En) => "sleeping",
        (Sleeping, Lang::Ru) => "спящий",
        (Lost, Lang::En) => "lost",
        (Lost, Lang::Ru) => "потерянный",
    }
}

/// The win-back list: the clients at `rows` (indexes into [`Analysis::clients`], say the plan's
/// calling order or a filtered view of it) with their category, how long ago each was lost,
/// and the economics. Clients without win-back economics (active ones) are skipped.
pub fn winback_table(a: &Analysis, rows: &[usize], lang: Lang) -> Table {
    let header = [
        ("Order", "Порядок"),
        ("Client", "Клиент"),
        ("Name", "Название"),
        ("Manager", "Менеджер"),
        ("Category", "Категория"),
        ("Why let go", "Почему отпускаем"),
        ("Call at once", "Звонить сразу"),
        ("Status", "Статус"),
        ("Days since lost", "Дней с потери"),
        ("Days overdue", "Дней просрочки"),
        ("Last purchase", "Последняя покупка"),
        ("Purchases", "Покупок"),
        ("Revenue", "Выручка"),
        ("Average check", "Средний чек"),
        ("Client's year", "Выручка клиента за год"),
        ("Purchases a year", "Покупок за год"),
        ("Return chance", "Шанс возврата"),
        ("Benefit", "Выгода"),
        ("Cost", "Затраты"),
        ("Expected net", "Ожидаемый итог"),
        ("ROI", "ROI"),
        ("ABC", "ABC"),
        ("XYZ", "XYZ"),
        ("Reason for leaving", "Причина ухода"),
        ("Reason group", "Группа причины"),
    ]
    .iter()
    .map(|(en, ru)| t(lang, en, ru))
    .collect();
    let rows = rows
        .iter()
        .filter_map(|&i| a.clients.get(i))
        .filter_map(|l: &ClientLine| l.winback.as_ref().map(|w| (l, w)))
        .enumerate()
        .map(|(n, (l, w))| {
            let c = &l.client;
            vec![
                Cell::Number((n + 1) as f64),
                text(&c.id),
                opt_text(&c.name),
                opt_text(&c.manager),
                text(category_name(w.category, lang)),
                w.let_go_because
                    .map_or(Cell::Empty, |b| text(let_go_name(b, lang))),
                if w.urgent {
                    text(&t(
                        lang,
                        "yes: the contact person changed",
                        "да: сменилось контактное лицо",
                    ))
                } else {
                    Cell::Empty
                },
                text(status_name(c.status, lang)),
                num(c.days_since_loss.map(|d| d as f64)),
                Cell::Number(c.overdue_days as f64),
                Cell::Date(c.last),
                Cell::Number(c.occasions as f64),
                money(c.revenue),
                money(c.avg_check),
                money(c.annual_revenue),
                Cell::Number(f64::from(c.purchases_a_year)),
                Cell::Number(w.return_chance),
                money(w.benefit),
                money(w.cost),
                money(w.expected_net),
                num(w.roi),
                text(&format!("{:?}", l.abc)),
                l.xyz.map_or(Cell::Empty, |x| text(&format!("{x:?}"))),
                opt_text(&c.reason),
                l.reason
                    .map_or(Cell::Empty, |r| text(group_name(r.group, lang))),
            ]
        })
        .collect();
    Table {
        name: t(lang, "Win-back list", "Кого возвращать"),
        header,
        rows,
    }
}

/// Every client with every figure (the CLI's `--clients` and the app's per-client export).
/// Column names are the figures' keys, as the JSON report names them; the model's columns
/// come last when the model was fitted.
pub fn clients_table(a: &Analysis) -> Table {
    let with_model = a.clients.iter().any(|l| l.model.is_some());
    let mut header: Vec<String> = [
        "client_id",
        "name",
        "manager",
        "reason",
        "occasions",
        "first",
        "last",
        "revenue",
        "profit",
        "avg_check",
        "interval_days",
        "threshold_days",
        "recency_days",
        "status",
        "loss_episodes",
        "lost_twice",
        "returned_on",
        "purchases_a_year",
        "annual_revenue",
        "overdue_days",
        "lost_since",
        "days_since_loss",
        "declining",
        "revenue_drop",
        "abc",
        "xyz",
        "xyz_variation",
        "return_chance",
        "benefit",
        "cost",
        "expected_net",
        "roi",
        "category",
        "let_go_because",
        "call_at_once",
        "reason_group",
        "manager_at_loss",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if with_model {
        let extra = [
            "p_alive",
            "expected_purchases",
            "p_no_purchase",
            "expected_spend",
            "clv",
            "model_disagrees",
        ];
        header.extend(extra.iter().map(|s| s.to_string()));
    }
    let rows = a
        .clients
        .iter()
        .map(|l| {
            let c = &l.client;
            let w = l.winback.as_ref();
            let mut row = vec![
                text(&c.id),
                opt_text(&c.name),
                opt_text(&c.manager),
                opt_text(&c.reason),
                Cell::Number(c.occasions as f64),
                Cell::Date(c.first),
                Cell::Date(c.last),
                money(c.revenue),
                c.profit.map_or(Cell::Empty, money),
                money(c.avg_check),
                num(c.interval_days),
                Cell::Number(c.threshold_days),
                Cell::Number(c.recency_days as f64),
                text(status_name(c.status, Lang::En)),
                num(c.loss_episodes.map(f64::from)),
                c.lost_twice
                    .map_or(Cell::Empty, |b| text(if b { "true" } else { "false" })),
                c.returned_on.map_or(Cell::Empty, Cell::Date),
                Cell::Number(f64::from(c.purchases_a_year)),
                money(c.annual_revenue),
                Cell::Number(c.overdue_days as f64),
                c.lost_since.map_or(Cell::Empty, Cell::Date),
                num(c.days_since_loss.map(|d| d as f64)),
                match c.year_on_year {
                    None => Cell::Empty,
                    Some(_) => text(if c.declining { "true" } else { "false" }),
                },
                c.revenue_drop().map_or(Cell::Empty, money),
                text(&format!("{:?}", l.abc)),
                l.xyz.map_or(Cell::Empty, |x| text(&format!("{x:?}"))),
                num(l.xyz_variation),
                num(w.map(|w| w.return_chance)),
                w.map_or(Cell::Empty, |w| money(w.benefit)),
                w.map_or(Cell::Empty, |w| money(w.cost)),
                w.map_or(Cell::Empty, |w| money(w.expected_net)),
                num(w.and_then(|w| w.roi)),
                w.map_or(Cell::Empty, |w| text(w.category.key())),
                w.and_then(|w| w.let_go_because)
                    .map_or(Cell::Empty, |b| text(b.key())),
                w.map_or(Cell::Empty, |w| {
                    text(if w.urgent { "true" } else { "false" })
                }),
                l.reason.map_or(Cell::Empty, |r| text(r.group.key())),
                if c.status == crate::clients::Status::Lost {
                    opt_text(&c.manager)
                } else {
                    Cell::Empty
                },
            ];
            if with_model {
                let m = l.model.as_ref();
                row.extend([
                    num(m.map(|m| m.p_alive)),
                    num(m.map(|m| m.expected_purchases)),
                    num(m.map(|m| m.p_no_purchase)),
                    num(m.and_then(|m| m.expected_spend)),
                    num(m.and_then(|m| m.clv)),
                    text(if l.disagrees { "true" } else { "false" }),
                ]);
            }
            row
        })
        .collect();
    Table {
        name: "clients".into(),
        header,
        rows,
    }
}

/// The separator of a CSV file for Excel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvStyle {
    /// `;` with decimal commas: what Excel in Russian (and most of Europe) opens directly.
    Semicolon,
    /// `,` with decimal points: Excel in English.
    Comma,
}

fn number_text(v: f64, style: CsvStyle) -> String {
    let rounded = (v * 10_000.0).round() / 10_000.0;
    let s = if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    };
    match style {
        CsvStyle::Semicolon => s.replace('.', ","),
        CsvStyle::Comma => s,
    }
}

fn quote(cell: &str, sep: char) -> String {
    if cell.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// The table as CSV bytes for Excel: UTF-8 with a BOM (so Excel reads the Cyrillic right),
/// CRLF line ends, dates as `yyyy-mm-dd`, and formula-like text neutralised.
pub fn to_csv(table: &Table, style: CsvStyle) -> Vec<u8> {
    let sep = match style {
        CsvStyle::Semicolon => ';',
        CsvStyle::Comma => ',',
    };
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| quote(c, sep))
            .collect::<Vec<_>>()
            .join(&sep.to_string())
    };
    out.push_str(&line(
        table
            .header
            .iter()
            .map(|h| spreadsheet_safe(h).into_owned())
            .collect(),
    ));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => spreadsheet_safe(s).into_owned(),
                Cell::Number(v) => number_text(*v, style),
                Cell::Date(d) => d.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        out.push_str(&line(cells));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The table as an XLSX workbook: numbers as numbers, dates as dates, text as text (a string
/// cell is never run as a formula).
///
/// # Errors
/// When the writer fails (it does not on valid tables).
#[cfg(feature = "xlsx")]
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = table
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(&name).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in table.header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            let result = match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Number(v) => sheet.write_number(r, c, *v).map(|_| ()),
                Cell::Date(d) => {
                    use chrono::Datelike;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(|e| e.to_string())?;
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .map(|_| ())
                }
                Cell::Empty => Ok(()),
            };
            result.map_err(|e| e.to_string())?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_for_excel_has_a_bom_neutralised_formulas_and_local_decimals() {
        let table = Table {
            name: "t".into(),
            header: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![vec![
                Cell::Text("=1+1".into()),
                Cell::Number(1234.5),
                Cell::Text("x;y".into()),
            ]],
        };
        let csv = String::from_utf8(to_csv(&table, CsvStyle::Semicolon)).unwrap();
        assert_eq!(csv, "\u{feff}a;b;c\r\n'=1+1;1234,5;\"x;y\"\r\n");
        let csv = String::from_utf8(to_csv(&table, CsvStyle::Comma)).unwrap();
        assert_eq!(csv, "\u{feff}a,b,c\r\n'=1+1,1234.5,x;y\r\n");
    }
}
