//! The import as a user meets it: real files, each format, each kind of bad row.

use boomerang_core::{
    demo, import, summarize, DataKind, DateOrder, Delimiter, Encoding, ErrorKind, Import,
    ImportOptions, IssueKind, Loaded, Money, Role,
};

const CDNOW_MASTER: &[u8] = include_bytes!("data/CDNOW_master.txt");
const CDNOW_SAMPLE: &[u8] = include_bytes!("data/CDNOW_sample.txt");
const SALES_1251: &[u8] = include_bytes!("fixtures/sales_1251.csv");
const SALES_UTF8: &[u8] = include_bytes!("fixtures/sales_utf8.csv");

fn run(bytes: &[u8]) -> Import {
    import(bytes, &ImportOptions::default()).expect("a grid")
}

fn loaded(bytes: &[u8]) -> Loaded {
    run(bytes).result.expect("loads")
}

fn roles(i: &Import) -> Vec<Option<Role>> {
    i.columns.iter().map(|c| c.role).collect()
}

#[test]
fn cdnow_master_has_69659_rows_of_23570_clients() {
    let i = run(CDNOW_MASTER);
    assert_eq!(i.format.delimiter, Some(Delimiter::Whitespace));
    assert!(i.format.header);
    let l = i.result.unwrap();
    assert_eq!(l.rows, 69_659);
    assert_eq!(l.rows_left_out, 0);
    assert_eq!(l.data.client_count(), 23_570);
    // Independent: awk '{s+=$4} END {print s}' gives 2500315.63; 67,591 distinct (id, date).
    assert_eq!(l.data.revenue(), Money(250_031_563));
    assert_eq!(l.data.occasion_count(), 67_591);
}

#[test]
fn cdnow_sample_without_a_header_is_read_from_its_values() {
    let i = run(CDNOW_SAMPLE);
    assert!(!i.format.header);
    assert_eq!(
        roles(&i),
        vec![
            Some(Role::ClientId),
            None,
            Some(Role::Date),
            None,
            Some(Role::Amount)
        ]
    );
    let l = i.result.unwrap();
    assert_eq!((l.rows, l.data.client_count()), (6_919, 2_357));
}

#[test]
fn windows_1251_semicolon_file_matches_the_utf8_csv() {
    let cp = run(SALES_1251);
    assert_eq!(cp.format.encoding, Some(Encoding::Windows1251));
    assert_eq!(cp.format.delimiter, Some(Delimiter::Semicolon));
    assert_eq!(cp.columns[0].name, "Контрагент");
    let utf = run(SALES_UTF8);
    assert_eq!(utf.format.encoding, Some(Encoding::Utf8));
    assert_eq!(utf.format.delimiter, Some(Delimiter::Comma));
    let (cp, utf) = (cp.result.unwrap(), utf.result.unwrap());
    assert_eq!(cp.data.client_count(), 4);
    assert_eq!(cp.data.client_count(), utf.data.client_count());
    assert_eq!(cp.data.revenue(), Money(12_900_800));
    assert_eq!(cp.data.revenue(), utf.data.revenue());
    assert_eq!(cp.data.occasion_count(), utf.data.occasion_count());
    assert_eq!(cp.data.occasion_count(), 6);
    // The totals row of the 1251 file is left out and said so.
    assert_eq!(cp.issues.len(), 1);
    assert_eq!(cp.issues[0].kind, IssueKind::TotalsRow);
    assert_eq!(cp.issues[0].row, 9);
    assert!(utf.issues.is_empty());
}

#[test]
fn utf8_with_bom_reads_like_utf8() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(SALES_UTF8);
    let i = run(&bom);
    assert_eq!(i.format.encoding, Some(Encoding::Utf8Bom));
    assert_eq!(i.columns[0].name, "client");
    assert_eq!(
        i.result.unwrap().data.revenue(),
        loaded(SALES_UTF8).data.revenue()
    );
}

#[test]
fn tab_separated_text_pasted_from_excel() {
    let text = "Клиент\tДата\tСумма\nООО Альфа\t31.12.2024\t1 234,56\nООО Бета\t01.12.2024\t100\n";
    let i = run(text.as_bytes());
    assert_eq!(i.format.delimiter, Some(Delimiter::Tab));
    let l = i.result.unwrap();
    assert_eq!(l.data.revenue(), Money(133_456));
}

#[test]
fn every_date_format_of_the_issue_reads() {
    let text = "client,date,amount\n\
        a,31.12.2024,1\n\
        a,30.12.24,1\n\
        a,2024-12-29,1\n\
        a,20241228,1\n\
        a,12/27/2024,1\n\
        a,26.12.2024 10:15,1\n\
        a,2024-12-25T23:59:00,1\n";
    let l = loaded(text.as_bytes());
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.data.occasion_count(), 7);
}

#[test]
fn slash_dates_that_cannot_tell_their_order_are_asked_about() {
    let text = "client,date,amount\na,03/04/2024,1\nb,05/06/2024,2\n";
    let i = run(text.as_bytes());
    let err = i.result.unwrap_err();
    assert_eq!(
        err.to_string(),
        "The dates in column `date` (such as `03/04/2024`) read both as day/month and as month/day: say which order they are in."
    );
    let opts = ImportOptions {
        date_order: Some(DateOrder::Mdy),
        ..Default::default()
    };
    let l = import(text.as_bytes(), &opts).unwrap().result.unwrap();
    let summary = summarize(&l.data, None).unwrap();
    assert_eq!(summary.last_date.to_string(), "2024-05-06");
    // One day above 12 in the column decides for all of it.
    let decided = "client,date,amount\na,03/04/2024,1\nb,25/06/2024,2\n";
    let i = run(decided.as_bytes());
    assert_eq!(i.format.date_order, Some(DateOrder::Dmy));
    assert_eq!(
        summarize(&i.result.unwrap().data, None)
            .unwrap()
            .first_date
            .to_string(),
        "2024-04-03"
    );
}

#[test]
fn numbers_in_every_listed_way() {
    let text = "client;date;amount\n\
        a;01.01.2024;1 234,56\n\
        a;02.01.2024;1\u{a0}000\n\
        a;03.01.2024;1'000,5\n\
        a;04.01.2024;12 руб.\n\
        a;05.01.2024;USD 10\n\
        a;06.01.2024;(100)\n\
        a;07.01.2024;−50\n\
        a;08.01.2024;€ 1,5\n\
        a;09.01.2024;$2\n";
    let l = loaded(text.as_bytes());
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    let expected = 123_456 + 100_000 + 100_050 + 1_200 + 1_000 - 10_000 - 5_000 + 150 + 200;
    assert_eq!(l.data.revenue(), Money(expected));
}

#[test]
fn each_kind_of_bad_row_is_listed_and_the_rest_loads() {
    let text = "Клиент;Дата;Сумма;Прибыль\n\
        Альфа;01.02.2024;100;10\n\
        ;02.02.2024;100;10\n\
        Бета;;100;10\n\
        Бета;31.02.2024;100;10\n\
        Бета;01.01.1850;100;10\n\
        Гамма;03.02.2024;;10\n\
        Гамма;03.02.2024;12,5O;10\n\
        Гамма;03.02.2024;1e300;10\n\
        Дельта;04.02.2024;200;много\n\
        Итого:;;700;\n";
    let i = run(text.as_bytes());
    let l = i.result.unwrap();
    let got: Vec<(u32, &str, &str, IssueKind)> = l
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_str(), i.value.as_str(), i.kind.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "Клиент", "", IssueKind::NoClient),
            (4, "Дата", "", IssueKind::NoDate),
            (5, "Дата", "31.02.2024", IssueKind::BadDate),
            (6, "Дата", "01.01.1850", IssueKind::DateOutOfRange),
            (7, "Сумма", "", IssueKind::NoAmount),
            (8, "Сумма", "12,5O", IssueKind::BadAmount),
            (9, "Сумма", "1e300", IssueKind::AmountTooLarge),
            (10, "Прибыль", "много", IssueKind::BadProfit),
            (11, "Клиент", "Итого:", IssueKind::TotalsRow),
        ]
    );
    assert_eq!(
        l.issues[5].to_string(),
        "row 8, column `Сумма`: expected a number such as 1 234,56, found `12,5O`"
    );
    assert_eq!(l.rows, 10);
    assert_eq!(l.rows_left_out, 8);
    // Альфа and Дельта load; Дельта without its profit.
    assert_eq!(l.data.client_count(), 2);
    assert_eq!(l.data.revenue(), Money(30_000));
}

#[test]
fn a_client_named_total_something_is_a_client() {
    let text = "client,date,amount\nTotal Fitness,2024-01-01,10\nTotal,,10\n";
    let l = loaded(text.as_bytes());
    assert_eq!(l.data.client_count(), 1);
    assert_eq!(l.issues.len(), 1);
    assert_eq!(l.issues[0].kind, IssueKind::TotalsRow);
}

#[test]
fn inputs_that_cannot_be_used_say_why_in_one_sentence() {
    let err = |b: &[u8]| match import(b, &ImportOptions::default()) {
        Err(e) => e.to_string(),
        Ok(i) => i.result.unwrap_err().to_string(),
    };
    assert_eq!(
        err(b""),
        "The input is empty: paste a table or choose a file with rows of purchases."
    );
    assert_eq!(
        err(b"\n \n"),
        "The input is empty: paste a table or choose a file with rows of purchases."
    );
    assert_eq!(
        err(b"client;date;amount\n"),
        "The input has a header line but no data rows under it."
    );
    assert_eq!(
        err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        "This is not a table but a PNG image: save the data as CSV or XLSX and try again."
    );
    assert_eq!(
        err("client;amount\nА;1\n".as_bytes()),
        "No column holds the purchase date: choose which column it is in the mapping."
    );
    assert_eq!(
        err(b"client;date;amount\nx;;1\n"),
        "None of the 1 data rows could be used; the first problem: row 2, column `date`: no date: fill in the day of the purchase, such as 31.12.2024."
    );
}

#[test]
fn every_mapping_can_be_changed() {
    let text =
        "Клиент;Наименование;Дата;Сумма\nК1;ООО Альфа;01.02.2024;100\nК2;ООО Альфа;01.03.2024;50\n";
    let i = run(text.as_bytes());
    assert_eq!(
        roles(&i),
        vec![
            Some(Role::ClientId),
            Some(Role::ClientName),
            Some(Role::Date),
            Some(Role::Amount)
        ]
    );
    assert_eq!(i.result.unwrap().data.client_count(), 2);
    // The user says the name is the key.
    let mut opts = ImportOptions::default();
    opts.set_role(1, Some(Role::ClientId));
    let i = import(text.as_bytes(), &opts).unwrap();
    assert_eq!(
        roles(&i),
        vec![
            None,
            Some(Role::ClientId),
            Some(Role::Date),
            Some(Role::Amount)
        ]
    );
    assert_eq!(i.columns[1].source, Some(boomerang_core::Source::User));
    assert_eq!(i.result.unwrap().data.client_count(), 1);
    // Taking the amount away makes the data unusable, with a reason.
    opts.set_role(3, None);
    let err = import(text.as_bytes(), &opts).unwrap().result.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingRole(Role::Amount));
}

#[test]
fn header_and_kind_can_be_overridden() {
    let text = "a;01.02.2024;100\nb;01.03.2024;50\n";
    assert!(!run(text.as_bytes()).format.header);
    let opts = ImportOptions {
        header: Some(true),
        ..Default::default()
    };
    let l = import(text.as_bytes(), &opts).unwrap().result.unwrap();
    assert_eq!(l.rows, 1);
}

#[test]
fn a_client_table_is_detected_and_read() {
    let text = "Клиент;Первая покупка;Последняя покупка;Количество покупок;Выручка;Менеджер;Причина ухода\n\
        Альфа;01.01.2023;01.06.2024;12;120 000;Иванова;\n\
        Бета;01.03.2023;01.04.2023;2;5 000,50;Петров;Цена\n\
        Гамма;01.05.2024;01.03.2024;3;100;Петров;\n\
        Дельта;01.05.2024;01.06.2024;0;100;Петров;\n";
    let i = run(text.as_bytes());
    assert_eq!(i.kind, DataKind::ClientTable);
    let l = i.result.unwrap();
    let kinds: Vec<_> = l.issues.iter().map(|i| (i.row, i.kind.clone())).collect();
    assert_eq!(
        kinds,
        vec![(4, IssueKind::FirstAfterLast), (5, IssueKind::BadPurchases)]
    );
    assert_eq!(l.data.client_count(), 2);
    assert_eq!(l.data.occasion_count(), 14);
    assert_eq!(l.data.revenue(), Money(12_500_050));
    let boomerang_core::Data::Clients(rows) = &l.data else {
        panic!("a client table")
    };
    assert_eq!(rows[1].reason.as_deref(), Some("Цена"));
    // The same text read as a transaction log by the user's choice fails with a reason.
    let opts = ImportOptions {
        kind: Some(DataKind::Transactions),
        ..Default::default()
    };
    let err = import(text.as_bytes(), &opts).unwrap().result.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingRole(Role::Date));
}

#[test]
fn purchases_of_one_client_on_one_day_are_one_occasion() {
    let l = loaded(SALES_UTF8);
    // Ромашка bought twice on 2024-01-15: seven rows, six occasions.
    assert_eq!(l.rows, 7);
    assert_eq!(l.data.occasion_count(), 6);
}

#[test]
fn purchases_after_as_of_are_left_out_and_counted() {
    let l = loaded(SALES_UTF8);
    let s = summarize(
        &l.data,
        Some(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
    )
    .unwrap();
    assert_eq!(s.purchases_after_as_of, 2);
    assert_eq!(s.clients, 2);
    assert_eq!(s.revenue, Money(2_900_050));
}

#[test]
fn the_demo_loads_with_its_three_planted_problems() {
    let l = loaded(demo::wholesaler_csv().as_bytes());
    let kinds: Vec<_> = l.issues.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            IssueKind::NoDate,
            IssueKind::BadAmount,
            IssueKind::TotalsRow
        ]
    );
    assert_eq!(l.data.client_count(), 400);
    let boomerang_core::Data::Transactions(t) = &l.data else {
        panic!("a log")
    };
    assert_eq!(t.managers.len(), 5);
    assert!(t.reasons.len() >= 5);
    assert!(l.rows > 10_000, "{} rows", l.rows);
}

/// A workbook with a notes sheet first and the sales on the second, dates as Excel dates.
/// `tests/fixtures/sales.xlsx` (used by the end-to-end upload test) is this workbook.
#[cfg(feature = "xlsx")]
fn sales_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "read me")
        .unwrap();
    let sheet = book.add_worksheet().set_name("Sales").unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in ["Клиент", "Дата", "Сумма"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("Альфа", (2024, 1, 15), 12500.0),
        ("Альфа", (2024, 3, 1), 99.99),
        ("Бета", (2024, 2, 2), 1234.56),
    ];
    for (r, (client, (y, m, d), amount)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *client).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sheet
            .write_datetime_with_format(r, 1, &date, &date_format)
            .unwrap();
        sheet.write_number(r, 2, *amount).unwrap();
    }
    sheet.write_string(4, 0, "Итого").unwrap();
    sheet.write_number(4, 2, 13834.55).unwrap();
    book.save_to_buffer().unwrap()
}

#[cfg(feature = "xlsx")]
#[test]
fn the_committed_xlsx_fixture_is_the_generated_workbook() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/sales.xlsx"
    );
    if std::env::var_os("BOOMERANG_WRITE_FIXTURES").is_some() {
        std::fs::write(path, sales_workbook()).unwrap();
    }
    let committed = boomerang_core::read_workbook(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        committed,
        boomerang_core::read_workbook(&sales_workbook()).unwrap()
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn xlsx_workbook_reads_like_the_csv() {
    let bytes = sales_workbook();

    // The first sheet with data is "Notes"; the user picks "Sales".
    let i = run(&bytes);
    assert_eq!(
        i.format.sheets,
        vec!["Notes".to_owned(), "Sales".to_owned()]
    );
    assert_eq!(i.format.sheet.as_deref(), Some("Notes"));
    let opts = ImportOptions {
        sheet: Some("Sales".into()),
        ..Default::default()
    };
    let i = import(&bytes, &opts).unwrap();
    let l = i.result.unwrap();
    assert_eq!(l.data.client_count(), 2);
    assert_eq!(l.data.revenue(), Money(1_383_455));
    assert_eq!(l.issues.len(), 1);
    assert_eq!(
        (l.issues[0].row, l.issues[0].kind.clone()),
        (5, IssueKind::TotalsRow)
    );
    let s = summarize(&l.data, None).unwrap();
    assert_eq!(s.first_date.to_string(), "2024-01-15");
    // An unknown sheet names the ones there are.
    let opts = ImportOptions {
        sheet: Some("Продажи".into()),
        ..Default::default()
    };
    assert_eq!(
        import(&bytes, &opts).unwrap_err().to_string(),
        "The workbook has no sheet `Продажи`; its sheets are: Notes, Sales."
    );
}

#[test]
fn the_warehouse_sql_output_is_read_as_a_client_table() {
    // The header and date format that docs/warehouse-sql.md's queries write.
    let text = "client_id,first_purchase,last_purchase,purchases,revenue,profit,manager\n\
        42,2023-01-05,2024-11-30,17,183400.50,40210.10,Ivanova\n\
        43,2024-02-01,2024-02-01,1,990.00,,\n";
    let i = run(text.as_bytes());
    assert_eq!(i.kind, DataKind::ClientTable);
    assert_eq!(
        roles(&i),
        vec![
            Some(Role::ClientId),
            Some(Role::FirstDate),
            Some(Role::LastDate),
            Some(Role::Purchases),
            Some(Role::Amount),
            Some(Role::Profit),
            Some(Role::Manager)
        ]
    );
    let l = i.result.unwrap();
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.data.occasion_count(), 18);
}

#[test]
fn the_benchmark_log_is_the_same_for_a_seed_and_imports_whole() {
    let log = |rows, seed| {
        let mut out = vec![];
        boomerang_core::demo::synthetic_log(rows, seed, &mut out).unwrap();
        out
    };
    let a = log(20_000, 1);
    assert_eq!(a, log(20_000, 1));
    assert_ne!(a, log(20_000, 2));
    let loaded = import(&a, &ImportOptions::default())
        .unwrap()
        .result
        .unwrap();
    assert_eq!((loaded.rows, loaded.rows_left_out), (20_000, 0));
    // Clients leave: some are lost at the end of the log, and some came back after a pause.
    let analysis =
        boomerang_core::analyze(&loaded.data, &boomerang_core::Settings::default()).unwrap();
    assert!(analysis.status.lost > 100, "{:?}", analysis.status);
    assert!(analysis.reactivation_rate.value().is_some_and(|r| *r > 0.0));
}

/// The benchmark's CDNOW-style log (runs of spaces, `YYYYMMDD`, a count column, `\r\n`) reads
/// as the same clients, occasions and revenue as the comma-separated one.
#[test]
fn the_benchmarks_cdnow_layout_holds_the_same_purchases() {
    use boomerang_core::demo::{synthetic_log_as, LogLayout};
    let load = |layout| {
        let mut out = vec![];
        synthetic_log_as(8_000, 4, layout, &mut out).unwrap();
        let loaded = import(&out, &ImportOptions::default())
            .unwrap()
            .result
            .unwrap();
        (out, loaded)
    };
    let (csv, a) = load(LogLayout::Csv);
    let (cdnow, b) = load(LogLayout::Cdnow);
    assert!(cdnow.starts_with(b" customer_id  date number_of_cds  dollar_value\r\n"));
    assert!(cdnow.windows(3).any(|w| w == b"  1") && !cdnow.contains(&b','));
    assert_eq!(cdnow.iter().filter(|&&b| b == b'\r').count(), 8_001);
    assert_ne!(csv, cdnow);
    assert_eq!((a.rows, a.rows_left_out), (8_000, 0));
    assert_eq!((b.rows, b.rows_left_out), (8_000, 0), "{:?}", b.issues);
    assert_eq!(a.data.occasion_count(), b.data.occasion_count());
    use boomerang_core::Data;
    let (Data::Transactions(x), Data::Transactions(y)) = (&a.data, &b.data) else {
        panic!("both are logs");
    };
    let total =
        |t: &boomerang_core::Transactions| -> i64 { t.purchases.iter().map(|p| p.amount.0).sum() };
    assert_eq!(total(x), total(y));
    let settings = boomerang_core::Settings::default();
    let (ra, rb) = (
        boomerang_core::analyze(&a.data, &settings).unwrap(),
        boomerang_core::analyze(&b.data, &settings).unwrap(),
    );
    assert_eq!(ra.status, rb.status);
    assert_eq!(ra.clients.len(), rb.clients.len());
}

/// A log read from `bytes`, and the same with its purchases let go (which `lets_go` says it
/// does or does not).
fn with_and_without_purchases(
    bytes: &[u8],
    lets_go: bool,
) -> (boomerang_core::Data, boomerang_core::Data) {
    let loaded = import(bytes, &ImportOptions::default())
        .unwrap()
        .result
        .unwrap();
    let mut lean = loaded.data.clone();
    let boomerang_core::Data::Transactions(log) = &mut lean else {
        panic!("a log")
    };
    assert_eq!(log.let_purchases_go(), lets_go);
    assert_eq!(log.purchases.is_empty(), lets_go);
    (loaded.data, lean)
}

/// A log whose purchases were let go (the browser's worker keeps what the analysis reads: the
/// occasions, their profits and the purchases a day) gives the same analysis, models included,
/// the same summary as of any day and the same clients' histories; a log whose purchases name
/// managers or products keeps them.
#[test]
fn a_log_without_its_purchases_gives_the_same_figures() {
    use boomerang_core::demo::{synthetic_log_as, LogLayout};
    use boomerang_core::{analyze, Data, Settings};
    let mut out = vec![];
    synthetic_log_as(6_000, 4, LogLayout::Csv, &mut out).unwrap();
    let (data, lean) = with_and_without_purchases(&out, true);
    let last = summarize(&data, None).unwrap().as_of;
    let earlier = last - chrono::Duration::days(120);
    let seen = summarize(&data, Some(earlier)).unwrap();
    let Data::Transactions(full) = &data else {
        panic!("a log")
    };
    let after = full.purchases.iter().filter(|p| p.date > earlier).count();
    assert!(after > 100);
    assert_eq!(seen.purchases_after_as_of, after);
    assert_eq!(Some(last), full.purchases.iter().map(|p| p.date).max());
    for as_of in [None, Some(earlier)] {
        assert_eq!(summarize(&lean, as_of), summarize(&data, as_of));
        let settings = Settings {
            as_of,
            ..Settings::default()
        };
        let full = analyze(&data, &settings).unwrap();
        assert!(full.model.is_some());
        assert_eq!(analyze(&lean, &settings).unwrap(), full);
    }
    let clients = analyze(&lean, &Settings::default()).unwrap().clients;
    for line in clients.iter().step_by(97) {
        let id = &*line.client.id;
        let days = data.history_of(id);
        assert_eq!(days.len(), line.client.occasions as usize, "{id}");
        assert_eq!(lean.history_of(id), days, "{id}");
    }
    // The demo names managers and products: its purchases are kept.
    with_and_without_purchases(demo::wholesaler_csv().as_bytes(), false);
    // The demo with its day, client, amount and profit alone: let go, its profits kept.
    let text: String = demo::wholesaler_csv()
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(';').collect();
            format!("{};{};{};{}\n", cells[0], cells[1], cells[4], cells[5])
        })
        .collect();
    let (data, lean) = with_and_without_purchases(text.as_bytes(), true);
    let Data::Transactions(log) = &lean else {
        panic!("a log")
    };
    assert!(log.has_profit && log.extras.is_empty());
    let full = analyze(&data, &Settings::default()).unwrap();
    assert!(full.clients.iter().all(|l| l.client.profit.is_some()));
    assert!(full
        .clients
        .iter()
        .any(|l| l.client.annual_profit.is_some_and(|p| p.0 > 0)));
    assert_eq!(analyze(&lean, &Settings::default()).unwrap(), full);
}

/// The import of text without a grid gives what the grid gives, on inputs longer than the
/// rows detection reads first: bad rows, copies, totals, and a column whose date order only a
/// row far down decides.
#[test]
fn streamed_text_imports_what_a_grid_does_on_long_inputs() {
    let same = |text: &str, opts: &ImportOptions| {
        let grid = boomerang_core::text_grid(text, None, opts)
            .map(|g| boomerang_core::import_grid(g, opts));
        let streamed =
            boomerang_core::import_text_with(text, None, opts, &mut |_| {}, &mut |_, _| {});
        assert_eq!(streamed, grid);
        streamed.unwrap()
    };
    // Runs of spaces, read line by line without a grid: CDNOW (its bad rows too), and a
    // quote that never closes, which runs of spaces ignore.
    let cdnow = String::from_utf8(CDNOW_MASTER.to_vec()).unwrap();
    assert_eq!(
        same(&cdnow, &ImportOptions::default()).format.delimiter,
        Some(Delimiter::Whitespace)
    );
    same(
        "client date amount\nA 2024-01-01 10\n\"B 2024-01-02 12\n\nC 2024-01-03 x\n",
        &ImportOptions::default(),
    );
    // The demo: `;`, decimal commas, bad rows, managers and reasons, a totals row at the end.
    let demo = boomerang_core::demo::wholesaler_csv();
    let i = same(&demo, &ImportOptions::default());
    assert!(i.result.unwrap().issues.len() >= 3);
    // A long log with copies and bad rows far beyond the first rows.
    let mut out = vec![];
    boomerang_core::demo::synthetic_log(6_000, 3, &mut out).unwrap();
    let mut text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let copy = lines[4_000].to_owned();
    text.push_str(&format!(
        "{copy}\nC9,not a date,12\nC9,2024-01-01,twelve\n{copy}\n"
    ));
    let loaded = same(&text, &ImportOptions::default()).result.unwrap();
    assert_eq!(loaded.rows, 6_004);
    assert_eq!(loaded.rows_left_out, 2);
    let copies = loaded
        .issues
        .iter()
        .filter(|i| {
            matches!(
                i.kind,
                boomerang_core::IssueKind::DuplicateRow { of: 4_001 }
            )
        })
        .count();
    assert_eq!(copies, 2, "{:?}", loaded.issues);
    // Slash dates that read both ways for 1,500 rows; row 1,600 says day first.
    let mut text = String::from("client;date;amount\n");
    for n in 0..1_600 {
        let day = if n == 1_599 { 13 } else { 1 + n % 12 };
        text.push_str(&format!("c{n};{day:02}/02/2024;10\n"));
    }
    let i = same(&text, &ImportOptions::default());
    assert_eq!(i.format.date_order, Some(DateOrder::Dmy));
    // Without a header, and with the roles chosen by hand.
    let mut opts = ImportOptions {
        header: Some(false),
        ..ImportOptions::default()
    };
    opts.set_role(2, Some(Role::Amount));
    same(&text, &opts);
}

/// Text that ends its lines with a carriage return alone (pasted from old Mac software, or
/// given by a caller without decoding) has its lines counted, so rows are named right and
/// two different rows are not taken for copies.
#[test]
fn lines_ended_by_carriage_returns_alone_are_lines() {
    let text = "client,date,amount,item\rA,2024-01-01,10,x\rA,2024-01-01,10,y\rB,soon,5,z\r";
    let opts = ImportOptions::default();
    let loaded = boomerang_core::import_text_with(text, None, &opts, &mut |_| {}, &mut |_, _| {})
        .unwrap()
        .result
        .unwrap();
    assert_eq!(loaded.rows, 3);
    let rows: Vec<(u32, String)> = loaded
        .issues
        .iter()
        .map(|i| (i.row, i.column.clone()))
        .collect();
    assert_eq!(rows, vec![(4, "date".to_owned())]);
    let grid = boomerang_core::text_grid(text, None, &opts).unwrap();
    assert_eq!(
        grid.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
}

/// A workbook's sheet is imported where its rows are (no grid of them is made): the same
/// import, issues and all, as through a grid of the same sheet, on a sheet of thousands of
/// rows with bad dates and amounts, missing cells, blank rows, a totals row, rows wider than
/// the rest and its table starting past column A.
#[cfg(feature = "xlsx")]
#[test]
fn a_sheet_imports_as_its_grid_does() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Log").unwrap();
    for (c, h) in ["client", "date", "amount", "manager"].iter().enumerate() {
        sheet.write_string(1, c as u16 + 1, *h).unwrap();
    }
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    let mut r = 2;
    for i in 0..3_000u32 {
        r += 1 + u32::from(i % 97 == 0);
        let client = format!("C{}", i % 211);
        sheet.write_string(r, 1, &client).unwrap();
        match i % 13 {
            0 => {
                sheet.write_string(r, 2, "31.02.2024").unwrap();
            }
            1 => {
                sheet.write_string(r, 2, "2024-03-05").unwrap();
            }
            2 => {}
            _ => {
                let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    2023,
                    1 + (i % 12) as u8,
                    1 + (i % 28) as u8,
                )
                .unwrap();
                sheet
                    .write_datetime_with_format(r, 2, &date, &date_format)
                    .unwrap();
            }
        }
        match i % 17 {
            0 => {
                sheet.write_string(r, 3, "abc").unwrap();
            }
            1 => {
                sheet.write_string(r, 3, "1 234,50").unwrap();
            }
            _ => {
                sheet.write_number(r, 3, f64::from(i % 500) * 10.5).unwrap();
            }
        }
        if i % 7 == 0 {
            sheet.write_string(r, 4, "Ann").unwrap();
        }
        if i % 401 == 0 {
            sheet.write_string(r, 6, "note").unwrap();
        }
    }
    sheet.write_string(r + 2, 1, "Итого").unwrap();
    sheet.write_number(r + 2, 3, 1e6).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let opts = ImportOptions::default();
    let from_sheet = import(&bytes, &opts).unwrap();
    let from_grid =
        boomerang_core::import_grid(boomerang_core::read_grid(&bytes, &opts).unwrap(), &opts);
    let loaded = from_sheet.result.as_ref().unwrap();
    assert!(loaded.issues.len() > 300, "{}", loaded.issues.len());
    assert!(loaded.rows > 2_000);
    assert_eq!(from_sheet, from_grid);
}
