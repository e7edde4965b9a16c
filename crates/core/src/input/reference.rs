//! The import as it read files before its own tokenizer and its sort-based search for copied
//! rows (2026-11-26), kept for tests: the csv reader's split, the words of each line for
//! whitespace files, a map of every loaded row's cells, and occasions added up in an ordered map. The differential test below holds the
//! import to them on the demo, copies of it, CDNOW, the fixtures and generated files with
//! thousands of issues.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Occasion, Occasions, Transactions};
use crate::money::Money;
use crate::table::{for_each_line_of_words, for_each_record, is_blank, RawRow};

/// The csv reader's split, with the line of each record and its cells trimmed, blank rows
/// left out: the reference `table::for_each_record` must agree with.
pub(crate) fn csv_records(text: &str, delimiter: u8, quoting: bool) -> Vec<RawRow> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(quoting)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    let (mut line, mut at) = (1u32, 0usize);
    let mut rows = Vec::new();
    while let Ok(true) = reader.read_record(&mut record) {
        let start = record
            .position()
            .map_or(at, |p| p.byte() as usize)
            .min(bytes.len());
        line += bytes[at..start].iter().filter(|&&b| b == b'\n').count() as u32;
        at = start;
        while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
            line += u32::from(bytes[at] == b'\n');
            at += 1;
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| c.trim_matches(is_blank).to_owned())
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(RawRow { line, cells });
        }
    }
    rows
}

/// Rows that repeat an earlier loaded row cell for cell, as (row, the earlier row): every
/// loaded row's cells in a map, as the import kept them.
fn copies(rows: &[RawRow], loaded: &BTreeSet<u32>) -> Vec<(u32, u32)> {
    let mut first: HashMap<&[String], u32> = HashMap::new();
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| loaded.contains(&r.line)) {
        match first.get(row.cells.as_slice()) {
            Some(&of) => out.push((row.line, of)),
            None => {
                first.insert(&row.cells, row.line);
            }
        }
    }
    out
}

/// The purchases of one client on one day added up, in order of the client's id, then the
/// day, with their profits when the log has profit.
fn occasions(t: &Transactions) -> Occasions {
    let mut by: BTreeMap<(&str, chrono::NaiveDate), (Occasion, Money)> = BTreeMap::new();
    for (i, p) in t.purchases.iter().enumerate() {
        let profit = t.extra(i).profit;
        by.entry((t.clients.get(p.client), p.date))
            .and_modify(|(o, sum)| {
                o.amount += p.amount;
                *sum += profit;
            })
            .or_insert((
                Occasion {
                    client: p.client,
                    date: p.date,
                    amount: p.amount,
                },
                profit,
            ));
    }
    let (list, profits): (Vec<Occasion>, Vec<Money>) = by.into_values().unzip();
    Occasions {
        list,
        profits: if (0..t.purchases.len()).any(|i| t.extra(i).profit != Money::ZERO) {
            profits
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, Import, ImportOptions, IssueKind};
    use crate::model::Data;
    use crate::table::{sniff_delimiter, Delimiter};

    /// What the import made of `bytes` against the references: its split of the text, the
    /// copies it found, its occasions. Returns the number of issues, for the caller to check
    /// the input was as rough as meant.
    fn holds(name: &str, bytes: &[u8]) -> usize {
        let (text, _) = crate::decode::decode(bytes);
        let delimiter = sniff_delimiter(&text);
        let rows = match delimiter {
            Delimiter::Whitespace => {
                let reference: Vec<RawRow> = text
                    .lines()
                    .enumerate()
                    .map(|(i, l)| RawRow {
                        line: i as u32 + 1,
                        cells: l.split_whitespace().map(str::to_owned).collect(),
                    })
                    .filter(|r| !r.cells.is_empty())
                    .collect();
                let mut ours = Vec::new();
                for_each_line_of_words(&text, &mut |_, row| {
                    ours.push(row.clone());
                    true
                });
                assert!(
                    ours == reference,
                    "{name}: the split differs from the lines' words"
                );
                reference
            }
            d => {
                let d = d.byte().expect("a delimiter byte");
                let reference = csv_records(&text, d, true);
                let mut ours = Vec::new();
                for_each_record(&text, d, true, &mut |_, row| {
                    ours.push(row.clone());
                    true
                });
                assert!(
                    ours == reference,
                    "{name}: the split differs from the csv reader's"
                );
                reference
            }
        };
        let opts = ImportOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
            ..ImportOptions::default()
        };
        one_pass_reads_as_two_do(name, &text, &opts);
        let loaded = import(bytes, &opts).expect("a grid").result.expect("loads");
        let Data::Transactions(log) = &loaded.data else {
            panic!("{name}: a transaction log")
        };
        let lines: BTreeSet<u32> = (0..log.purchases.len() as u32)
            .map(|i| log.rows.row(i))
            .collect();
        let found: Vec<(u32, u32)> = loaded
            .issues
            .iter()
            .filter_map(|i| match i.kind {
                IssueKind::DuplicateRow { of } => Some((i.row, of)),
                _ => None,
            })
            .collect();
        assert_eq!(found, copies(&rows, &lines), "{name}: copied rows");
        assert!(
            **log.shared_occasions() == occasions(log),
            "{name}: occasions"
        );
        loaded.issues.len()
    }

    /// The import in one pass (what the first rows decide, checked by every row) gives what
    /// the import in two passes (what every row decides, then every row loaded) gave: the
    /// format, the columns, the preview, the rows, the issues in order, the data. Returns it.
    fn one_pass_reads_as_two_do(name: &str, text: &str, opts: &ImportOptions) -> Import {
        let one = crate::import::import_text_with(text, None, opts, &mut |_| {}, &mut |_, _| {});
        let two = crate::import::import_text_in_two_passes(text, opts);
        assert!(one == two, "{name}: one pass and two differ");
        one.expect("an import")
    }

    #[test]
    fn one_pass_reads_as_two_do_where_the_first_rows_mislead() {
        let opts = ImportOptions::default();
        let log = |rows: &[String]| format!("client,date,amount\n{}\n", rows.join("\n"));
        let rows = |n: usize, row: &dyn Fn(usize) -> String| (0..n).map(row).collect::<Vec<_>>();
        // Amounts like `1,250` for 1,300 rows, a thousands comma or a decimal one, then 400
        // with a decimal comma: the column's separator is the comma, so `1,250` is 1.25,
        // which the first rows could not tell.
        let mut text = rows(1_300, &|n| {
            format!("c{n},2024-01-{:02},\"1,250\"", 1 + n % 28)
        });
        text.extend(rows(400, &|n| {
            format!("d{n},2024-02-{:02},\"12,5\"", 1 + n % 28)
        }));
        let i = one_pass_reads_as_two_do("late decimal commas", &log(&text), &opts);
        assert_eq!(i.format.decimal, crate::money::DecimalSep::Comma);
        let Data::Transactions(t) = i.result.unwrap().data else {
            panic!("a log")
        };
        assert_eq!(t.purchases[0].amount.to_string(), "1.25");
        // Dates day first in the first rows, month first on a later one: the column cannot
        // tell, and says so.
        let mut text = rows(1_300, &|n| format!("c{n},13/{:02}/2024,100", 1 + n % 12));
        text.push("z,02/13/2024,100".to_owned());
        let i = one_pass_reads_as_two_do("conflicting dates", &log(&text), &opts);
        assert!(matches!(
            i.result.unwrap_err().kind(),
            crate::error::ErrorKind::ConflictingDateOrder { .. }
        ));
        // Dates without slashes in the first rows, with slashes later, one of them day first:
        // `02/03/2024` is the 2nd of March.
        let mut text = rows(1_300, &|n| format!("c{n},2024-01-{:02},100", 1 + n % 28));
        text.extend(["s,13/02/2024,100".to_owned(), "t,02/03/2024,100".to_owned()]);
        let i = one_pass_reads_as_two_do("late slash dates", &log(&text), &opts);
        assert_eq!(i.format.date_order, Some(crate::date::DateOrder::Dmy));
        let loaded = i.result.unwrap();
        assert_eq!((loaded.rows, loaded.rows_left_out), (1_302, 0));
        // Where the first rows decide and the rest agree, and where they are all there is:
        // read with what they decide (`1,234` a decimal comma among `12,5`s, `02/01` the 2nd
        // of January among `13/01`s).
        let text = rows(3_000, &|n| {
            let (day, amount) = if n % 2 == 0 {
                (13, "12,5")
            } else {
                (2, "1,234")
            };
            format!("c{n},{day:02}/01/2024,\"{amount}\"")
        });
        let i = one_pass_reads_as_two_do("agreeing", &log(&text), &opts);
        assert_eq!(
            (i.format.decimal, i.format.date_order),
            (
                crate::money::DecimalSep::Comma,
                Some(crate::date::DateOrder::Dmy)
            )
        );
        let loaded = i.result.unwrap();
        assert_eq!(loaded.rows_left_out, 0);
        let Data::Transactions(t) = loaded.data else {
            panic!("a log")
        };
        assert_eq!(t.purchases[1].amount.to_string(), "1.23");
        one_pass_reads_as_two_do("short", &log(&text[..5]), &opts);
        // Inputs that cannot be loaded: only a header, a missing column.
        one_pass_reads_as_two_do("header only", "client,date,amount\n", &opts);
        one_pass_reads_as_two_do("no amount", "client,date\nA,2024-01-01\n", &opts);
    }

    /// A log of `rows` rows in many forms: amounts and dates as exports write them and as
    /// they should not be, copies (some with spaces about the cells), quoted cells, blank
    /// lines, a totals row.
    fn rough_log(rows: usize, delimiter: char, seed: u64) -> String {
        let mut state = seed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let amounts = [
            "1234.5",
            "1 234,50",
            "(12.30)",
            "$1,234.56",
            "-5",
            "1e3",
            "12,3",
            "abc",
            "",
            "0,5",
            "100.",
            "1\u{a0}234,5",
            "\"7 391,38\"",
            "₽ 15",
        ];
        let dates = [
            "2024-01-05",
            "05.01.2024",
            "20240105",
            "5.1.24",
            "2024/01/05",
            "not a date",
            "",
            "31.02.2024",
            "2030-01-01",
            "\"12.03.2024\"",
        ];
        let d = delimiter;
        let mut out = format!("client{d}date{d}amount{d}manager\n");
        let mut last = String::new();
        for _ in 0..rows {
            let line = if next(20) == 0 && !last.is_empty() {
                if next(2) == 0 {
                    last.clone()
                } else {
                    last.replace(d, &format!(" {d} "))
                }
            } else {
                let date = if next(4) == 0 {
                    dates[next(dates.len())].to_owned()
                } else {
                    format!("{:02}.{:02}.2024", 1 + next(28), 1 + next(12))
                };
                let amount = if next(4) == 0 {
                    amounts[next(amounts.len())].to_owned()
                } else {
                    format!("{},{:02}", 1 + next(900), next(100))
                };
                let amount = if amount.contains(d) {
                    format!("\"{amount}\"")
                } else {
                    amount
                };
                format!("C{}{d}{date}{d}{amount}{d}M{}", next(300), next(4))
            };
            out.push_str(&line);
            out.push('\n');
            if next(50) == 0 {
                out.push('\n');
            }
            last = line;
        }
        out.push_str(&format!("Итого{d}{d}123 456{d}\n"));
        out
    }

    #[test]
    fn the_import_reads_as_the_reference_does() {
        let demo = crate::demo::wholesaler_csv();
        holds("demo", demo.as_bytes());
        // The demo with every seventh row twice, some copies with spaces about the cells.
        let mut copied = String::new();
        for (i, line) in demo.lines().enumerate() {
            copied.push_str(line);
            copied.push('\n');
            if i > 0 && i % 7 == 0 {
                copied.push_str(&if i % 21 == 0 {
                    line.replace(';', " ; ")
                } else {
                    line.to_owned()
                });
                copied.push('\n');
            }
        }
        holds("demo with copies", copied.as_bytes());
        // CRLF and every cell quoted, as Russian Excel writes CSV.
        let quoted: String = demo
            .lines()
            .map(|l| {
                let cells: Vec<String> = l
                    .split(';')
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                cells.join(";") + "\r\n"
            })
            .collect();
        holds("demo quoted, CRLF", quoted.as_bytes());
        holds("CDNOW", include_bytes!("../../tests/data/CDNOW_master.txt"));
        holds(
            "sales_utf8",
            include_bytes!("../../tests/fixtures/sales_utf8.csv"),
        );
        holds(
            "sales_1251",
            include_bytes!("../../tests/fixtures/sales_1251.csv"),
        );
        let mut synthetic = Vec::new();
        crate::demo::synthetic_log(30_000, 5, &mut synthetic).unwrap();
        holds("synthetic", &synthetic);
        for (delimiter, seed) in [(';', 1), (',', 2), ('\t', 3)] {
            let issues = holds("rough", rough_log(20_000, delimiter, seed).as_bytes());
            assert!(issues > 3_000, "{issues} issues");
        }
    }
}
