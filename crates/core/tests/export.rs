//! The win-back list as a consultant hands it over: one line per client on why to call, and an
//! XLSX a person can read at once (formats, widths, a filter).

use boomerang_core::export::{why_call, winback_table, Cell, Kind};
use boomerang_core::format::{int, Lang};
use boomerang_core::{analyze, demo, import, Analysis, Category, ImportOptions, Settings};

fn demo_analysis() -> Analysis {
    let data = import(demo::wholesaler_csv().as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap()
        .data;
    analyze(&data, &Settings::default()).unwrap()
}

#[test]
fn every_listed_client_says_in_one_line_why_to_call_or_not() {
    let a = demo_analysis();
    let plan = a.winback.value().unwrap();
    let mut seen = [0usize; 4];
    for &i in &plan.order {
        let l = &a.clients[i];
        let w = l.winback.as_ref().unwrap();
        let (en, ru) = (
            why_call(&a.clients, i, Lang::En),
            why_call(&a.clients, i, Lang::Ru),
        );
        assert!(!en.contains('\n') && !ru.contains('\n'));
        // Russian speaks Russian: the only Latin letters are the model's P(alive).
        assert!(
            !ru.replace("P(alive)", "")
                .chars()
                .any(|c| c.is_ascii_alphabetic()),
            "{ru}"
        );
        let c = &l.client;
        if w.category == Category::LetGo {
            seen[0] += 1;
            assert!(en.starts_with("Do not call: "), "{en}");
            assert!(ru.starts_with("Не звонить: "), "{ru}");
        } else if w.urgent {
            seen[1] += 1;
            assert!(
                en.starts_with(&format!(
                    "New contact person: call at once; silent for {} days",
                    int(c.recency_days, Lang::En)
                )),
                "{en}"
            );
        } else if let Some(i) = c.interval_days {
            seen[2] += 1;
            // The client's rhythm against their silence, in days, as the card counts them.
            let expect = format!(
                "Bought every {} days, silent for {} days, ",
                int(i.round() as i64, Lang::En),
                int(c.recency_days, Lang::En)
            );
            assert!(en.starts_with(&expect), "{en} / {expect}");
            assert!(ru.starts_with("Покупал раз в "), "{ru}");
        } else {
            seen[3] += 1;
            assert!(en.starts_with("One purchase, "), "{en}");
        }
        if c.declining && w.category != Category::LetGo {
            assert!(en.contains("fell by a third or more"), "{en}");
        }
    }
    // The demo has every kind of line.
    assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
}

#[test]
fn the_win_back_table_rounds_roi_as_the_screen_does_and_says_what_each_column_holds() {
    let a = demo_analysis();
    let order = a.winback.value().unwrap().order.clone();
    let table = winback_table(&a, &order, "₽", Lang::Ru);
    assert_eq!(table.kinds.len(), table.header.len());
    let col = |name: &str| table.header.iter().position(|h| h == name).unwrap();
    let (roi, chance, net, why) = (
        col("ROI"),
        col("Шанс возврата"),
        col("Ожидаемый итог"),
        col("Почему звонить"),
    );
    assert_eq!(
        [table.kinds[roi], table.kinds[chance], table.kinds[net]],
        [Kind::Ratio, Kind::Share, Kind::Money]
    );
    for row in &table.rows {
        if let Cell::Number(v) = row[roi] {
            assert_eq!(v, (v * 10.0).round() / 10.0, "ROI to one decimal");
        }
        assert!(matches!(&row[why], Cell::Text(s) if !s.is_empty()));
    }
}

#[cfg(feature = "xlsx")]
#[test]
fn the_xlsx_has_money_and_percent_formats_widths_and_a_filter() {
    use std::io::Read;
    let a = demo_analysis();
    let order = a.winback.value().unwrap().order.clone();
    let table = winback_table(&a, &order, "₽", Lang::Ru);
    let bytes = boomerang_core::export::to_xlsx(&table).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let styles = part("xl/styles.xml");
    let sheet = part("xl/worksheets/sheet1.xml");
    // Money carries the rouble sign after the number; shares are percents; ROI one decimal.
    assert!(
        styles.contains(r##"formatCode="#,##0.00\ &quot;₽&quot;""##),
        "{styles}"
    );
    assert!(styles.contains(r#"formatCode="0%""#));
    assert!(styles.contains(r#"formatCode="0.0""#));
    // A filter over the header and every row; the header stays frozen.
    let last_col = (b'A' + table.header.len() as u8 - 1) as char;
    let filter = format!(
        r#"<autoFilter ref="A1:{last_col}{}"/>"#,
        table.rows.len() + 1
    );
    assert!(sheet.contains(&filter), "{filter}");
    assert!(sheet.contains(r#"state="frozen""#));
    // Every column has a width, and the one-line reason to call is wider than a number.
    let covered: usize = sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let attr = |name: &str| -> usize {
                let v = c.split(&format!("{name}=\"")).nth(1).unwrap();
                v[..v.find('"').unwrap()].parse().unwrap()
            };
            attr("max") - attr("min") + 1
        })
        .sum();
    assert_eq!(covered, table.header.len());
    let widths = boomerang_core::export::column_widths(&table);
    let why = table
        .header
        .iter()
        .position(|h| h == "Почему звонить")
        .unwrap();
    let roi = table.header.iter().position(|h| h == "ROI").unwrap();
    assert!(widths[why] > 40.0 && widths[why] <= 60.0, "{widths:?}");
    assert!(widths[roi] < 12.0, "{widths:?}");
    // An English list in dollars puts the sign first.
    let en = winback_table(&a, &order[..3], "$", Lang::En);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(
        boomerang_core::export::to_xlsx(&en).unwrap(),
    ))
    .unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(
        styles.contains(r##"formatCode="&quot;$&quot;#,##0.00""##),
        "{styles}"
    );
}
