//! Tables for export: the win-back list and the per-client table, as CSV for Excel (and, with
//! the `xlsx` feature, as XLSX), ready to import into a CRM. Text cells that a spreadsheet
//! would run as formulas are neutralised.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, ClientLine, Lines};
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

/// What a column holds, for a spreadsheet's number format and width.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// As written: text, or a number in the general format.
    #[default]
    General,
    /// A whole number: `1,234`.
    Count,
    /// Money with the table's currency: `1,234.50 ₽`.
    Money,
    /// A share shown as a percentage: 0.35 → `35%`.
    Share,
    /// A ratio with one decimal: `2.4`.
    Ratio,
    /// A day, in the reader's own date format.
    Date,
}

/// A table: a header and rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The sheet's name.
    pub name: String,
    /// Column names.
    pub header: Vec<String>,
    /// What each column holds (missing ones are [`Kind::General`]).
    pub kinds: Vec<Kind>,
    /// The currency sign of the money columns (`₽`, `$`, …; empty for none).
    pub currency: String,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}
fn opt_text(s: &Option<crate::clients::Text>) -> Cell {
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

/// Why to call a client, in one line a consultant can read aloud: their rhythm against their
/// silence, a changed contact person, a model that still believes in them, falling purchases;
/// for a client let go, why not to call. The client is the one at `i` among `lines`.
pub fn why_call(lines: &Lines, i: usize, lang: Lang) -> String {
    use crate::format::{decimal, int, percent, ru_plural};
    let Some(l) = lines.get(i) else {
        return String::new();
    };
    let Some(w) = &l.winback else {
        return String::new();
    };
    let c = &l.client;
    if let Some(b) = w.let_go_because {
        return format!(
            "{}: {}",
            t(lang, "Do not call", "Не звонить"),
            let_go_name(b, lang)
        );
    }
    let days = |d: f64| format!("{} {}", int(d.round() as i64, lang), t(lang, "days", "дн."));
    let mut parts = Vec::new();
    if w.urgent {
        parts.push(t(
            lang,
            "new contact person: call at once",
            "новое контактное лицо: звонить сразу",
        ));
    }
    let silent = c.recency_days.max(0) as f64;
    parts.push(match c.interval_days {
        // The change of contact is the reason: the silence is enough beside it.
        _ if w.urgent => format!("{} {}", t(lang, "silent for", "молчит"), days(silent)),
        Some(i) if i > 0.0 => {
            let times = silent / i;
            // "4.3 times", "128 times"; in Russian "в 4,3 раза", "в 22 раза", "в 128 раз".
            let (n, word) = if times < 10.0 {
                (decimal(times, 1, lang), t(lang, "times", "раза"))
            } else {
                let n = times.round() as i64;
                (
                    int(n, lang),
                    t(lang, "times", ru_plural(n as usize, "раз", "раза", "раз")),
                )
            };
            format!(
                "{} {}, {} {}, {}",
                t(lang, "bought every", "покупал раз в"),
                days(i),
                t(lang, "silent for", "молчит"),
                days(silent),
                match lang {
                    Lang::En => format!("{n} {word} the usual"),
                    Lang::Ru => format!("в {n} {word} дольше обычного"),
                }
            )
        }
        _ => format!(
            "{} {} {}",
            t(lang, "one purchase,", "одна покупка,"),
            days(silent),
            t(lang, "ago", "назад")
        ),
    });
    if c.declining {
        parts.push(t(
            lang,
            "their purchases fell by a third or more in a year",
            "покупки за год упали на треть и больше",
        ));
    }
    if let Some(m) = lines.model(i).filter(|_| lines.disagrees(i)) {
        parts.push(format!(
            "{} {}",
            t(
                lang,
                "the model still gives P(alive)",
                "модель ещё даёт P(alive)"
            ),
            percent(m.p_alive, 0, lang)
        ));
    }
    let mut line = parts.join("; ");
    if let Some(first) = line.chars().next() {
        line.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    line
}

/// The win-back list: the clients at `rows` (indexes into [`Analysis::clients`], say the plan's
/// calling order or a filtered view of it) with their category, how long ago each was lost,
/// and the economics. Clients without win-back economics (active ones) are skipped.
pub fn winback_table(a: &Analysis, rows: &[usize], currency: &str, lang: Lang) -> Table {
    use Kind::*;
    let columns = [
        ("Order", "Порядок", Count),
        ("Client", "Клиент", General),
        ("Name", "Название", General),
        ("Manager", "Менеджер", General),
        ("Category", "Категория", General),
        ("Why call", "Почему звонить", General),
        ("Why let go", "Почему отпускаем", General),
        ("Call at once", "Звонить сразу", General),
        ("Status", "Статус", General),
        ("Days since lost", "Дней с потери", Count),
        ("Days overdue", "Дней просрочки", Count),
        ("Last purchase", "Последняя покупка", Date),
        ("Purchases", "Покупок", Count),
        ("Revenue", "Выручка", Money),
        ("Average check", "Средний чек", Money),
        ("Client's year", "Выручка клиента за год", Money),
        ("Purchases a year", "Покупок за год", Count),
        ("Return chance", "Шанс возврата", Share),
        ("Benefit", "Выгода", Money),
        ("Cost", "Затраты", Money),
        ("Expected net", "Ожидаемый итог", Money),
        ("ROI", "ROI", Ratio),
        ("ABC", "ABC", General),
        ("XYZ", "XYZ", General),
        ("Reason for leaving", "Причина ухода", General),
        ("Reason group", "Группа причины", General),
    ];
    let kinds = columns.iter().map(|c| c.2).collect();
    let header = columns.iter().map(|(en, ru, _)| t(lang, en, ru)).collect();
    let rows = rows
        .iter()
        .filter_map(|&i| a.clients.get(i).map(|l| (i, l)))
        .filter_map(|(i, l): (usize, &ClientLine)| l.winback.as_ref().map(|w| (i, l, w)))
        .enumerate()
        .map(|(n, (i, l, w))| {
            let c = &l.client;
            vec![
                Cell::Number((n + 1) as f64),
                text(&c.id),
                opt_text(&c.name),
                opt_text(&c.manager),
                text(category_name(w.category, lang)),
                text(&why_call(&a.clients, i, lang)),
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
                // A return on investment read to one decimal, as on screen.
                num(w.roi.map(|r| (r * 10.0).round() / 10.0)),
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
        kinds,
        currency: currency.to_owned(),
        rows,
    }
}

/// Every client with every figure (the CLI's `--clients` and the app's per-client export).
/// Column names are the figures' keys, as the JSON report names them; the model's columns
/// come last when the model was fitted.
pub fn clients_table(a: &Analysis) -> Table {
    let with_model = a.clients.have_models();
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
        .enumerate()
        .map(|(i, l)| {
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
                let m = a.clients.model(i);
                row.extend([
                    num(m.map(|m| m.p_alive)),
                    num(m.map(|m| m.expected_purchases)),
                    num(m.map(|m| m.p_no_purchase)),
                    num(m.and_then(|m| m.expected_spend)),
                    num(m.and_then(|m| m.clv)),
                    text(if a.clients.disagrees(i) {
                        "true"
                    } else {
                        "false"
                    }),
                ]);
            }
            row
        })
        .collect();
    Table {
        name: "clients".into(),
        header,
        kinds: Vec::new(),
        currency: String::new(),
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

/// Each column's width in characters, as Excel shows it: the widest of the header (with room
/// for the filter button) and the cells as their number format writes them, a long sentence
/// stopping at 60.
pub fn column_widths(table: &Table) -> Vec<f64> {
    let grouped = |v: f64, decimals: usize| {
        let whole = format!("{:.0}", v.abs().trunc()).len();
        whole + (whole - 1) / 3 + usize::from(v < 0.0) + if decimals > 0 { decimals + 1 } else { 0 }
    };
    (0..table.header.len())
        .map(|c| {
            let kind = table.kinds.get(c).copied().unwrap_or_default();
            let widest = table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| match (cell, kind) {
                    (Cell::Text(s), _) => s.chars().count(),
                    (Cell::Number(v), Kind::Money) => {
                        grouped(*v, 2) + table.currency.chars().count() + 1
                    }
                    (Cell::Number(v), Kind::Count) => grouped(*v, 0),
                    (Cell::Number(v), Kind::Share) => format!("{:.0}%", v * 100.0).len(),
                    (Cell::Number(v), Kind::Ratio) => grouped(*v, 1),
                    (Cell::Number(v), _) => format!("{v}").len(),
                    (Cell::Date(_), _) => 10,
                    (Cell::Empty, _) => 0,
                })
                .max()
                .unwrap_or(0);
            let header = table.header[c].chars().count() + 3;
            (header.max(widest) as f64 + 1.0).min(60.0)
        })
        .collect()
}

/// The table as an XLSX workbook for a person: numbers as numbers (money with the currency,
/// shares as percentages, ratios to one decimal, whole counts grouped), dates in the reader's
/// own date format, text as text (never run as a formula), columns as wide as what they hold,
/// the header frozen and an autofilter on it.
///
/// # Errors
/// When the writer fails (it does not on valid tables).
#[cfg(feature = "xlsx")]
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = table
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(&name).map_err(err)?;
    let bold = Format::new().set_bold();
    // The currency as a quoted literal: before the number for $, € and £, after it otherwise.
    let cur = table.currency.replace('"', "");
    let money = match cur.as_str() {
        "" => "#,##0.00".to_owned(),
        "$" | "€" | "£" => format!("\"{cur}\"#,##0.00"),
        _ => format!("#,##0.00\\ \"{cur}\""),
    };
    let format_of = |k: Kind| match k {
        Kind::General => Format::new(),
        Kind::Count => Format::new().set_num_format("#,##0"),
        Kind::Money => Format::new().set_num_format(&money),
        Kind::Share => Format::new().set_num_format("0%"),
        Kind::Ratio => Format::new().set_num_format("0.0"),
        // Built-in format 14: the short date of the reader's Excel (31.12.2024, 12/31/2024).
        Kind::Date => Format::new().set_num_format_index(14),
    };
    let date = format_of(Kind::Date);
    let formats: Vec<Format> = (0..table.header.len())
        .map(|c| format_of(table.kinds.get(c).copied().unwrap_or_default()))
        .collect();
    for (c, h) in table.header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let general = Format::new();
            let format = formats.get(c).unwrap_or(&general);
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Number(v) => sheet.write_number_with_format(r, c, *v, format).map(|_| ()),
                Cell::Date(d) => {
                    use chrono::Datelike;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(err)?;
                    // A day is a date whatever the column says it holds.
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .map(|_| ())
                }
                Cell::Empty => Ok(()),
            }
            .map_err(err)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    if !table.header.is_empty() {
        sheet
            .autofilter(0, 0, table.rows.len() as u32, table.header.len() as u16 - 1)
            .map_err(err)?;
    }
    for (c, width) in column_widths(table).into_iter().enumerate() {
        sheet.set_column_width(c as u16, width).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_for_excel_has_a_bom_neutralised_formulas_and_local_decimals() {
        let table = Table {
            name: "t".into(),
            header: vec!["a".into(), "b".into(), "c".into()],
            kinds: Vec::new(),
            currency: String::new(),
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
