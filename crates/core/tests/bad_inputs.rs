//! The corpus of bad inputs, each with the message it must give. Whatever comes in, nothing
//! panics, the usable rest loads, and what cannot be used is said in words a person can act on.

use boomerang_core::{
    analyze, import, DateOrder, Encoding, ImportOptions, Issue, IssueKind, Loaded, Money, Settings,
};
use chrono::NaiveDate;

fn err(bytes: &[u8]) -> String {
    match import(bytes, &ImportOptions::default()) {
        Err(e) => e.to_string(),
        Ok(i) => i.result.expect_err("unusable").to_string(),
    }
}

fn load(bytes: &[u8]) -> Loaded {
    import(bytes, &ImportOptions::default())
        .expect("a grid")
        .result
        .expect("loads")
}

fn kinds(issues: &[Issue]) -> Vec<(u32, IssueKind)> {
    issues.iter().map(|i| (i.row, i.kind.clone())).collect()
}

#[test]
fn an_empty_file() {
    assert_eq!(
        err(b""),
        "The input is empty: paste a table or choose a file with rows of purchases."
    );
}

#[test]
fn a_header_only() {
    assert_eq!(
        err("Клиент;Дата;Сумма\r\n".as_bytes()),
        "The input has a header line but no data rows under it."
    );
}

#[test]
fn binary_data_and_an_image_renamed_csv() {
    let noise: Vec<u8> = (0..2000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 & 0x1F)
        .collect();
    assert_eq!(
        err(&noise),
        "This is not a table but binary data: save the data as CSV or XLSX and try again."
    );
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();
    assert_eq!(
        err(&png),
        "This is not a table but a PNG image: save the data as CSV or XLSX and try again."
    );
    let jpeg = [b"\xFF\xD8\xFF\xE0".as_slice(), &[0u8; 64]].concat();
    assert_eq!(
        err(&jpeg),
        "This is not a table but a JPEG image: save the data as CSV or XLSX and try again."
    );
}

#[test]
fn wrong_columns() {
    assert_eq!(
        err("Имя;Город;Телефон\nИван;Москва;+7 999 123-45-67\n".as_bytes()),
        "No column holds the purchase date: choose which column it is in the mapping."
    );
}

#[test]
fn duplicate_columns() {
    let l = load("Клиент;Дата;Сумма;Сумма\nА;01.02.2024;100;999\n".as_bytes());
    assert_eq!(kinds(&l.issues), vec![(1, IssueKind::DuplicateColumn)]);
    assert_eq!(
        l.issues[0].message,
        "a second column named `Сумма`: the first one is used; rename or delete this one"
    );
    assert_eq!(l.data.revenue(), Money(10_000));
}

#[test]
fn mixed_date_formats_in_one_column() {
    // Dotted, ISO and slash dates together: each reads; the one slash date decides its order.
    let l = load(b"client,date,amount\na,31.12.2024,1\na,2024-12-30,1\na,12/29/2024,1\n");
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.data.occasion_count(), 3);
    // Slash dates that contradict each other: one sentence, and a choice of order loads the
    // rows that fit it and lists the others.
    let text = b"client,date,amount\na,25/12/2024,1\nb,12/26/2024,1\nc,01/02/2024,1\n";
    assert_eq!(
        err(text),
        "Column `date` mixes day/month and month/day dates: make them one format."
    );
    let opts = ImportOptions {
        date_order: Some(DateOrder::Dmy),
        ..Default::default()
    };
    let l = import(text, &opts).unwrap().result.unwrap();
    assert_eq!(kinds(&l.issues), vec![(3, IssueKind::BadDate)]);
    assert_eq!(l.data.client_count(), 2);
}

#[test]
fn dates_in_the_future_or_before_1900() {
    let text = b"client;date;amount\na;01.02.2024;1\nb;01.02.2099;1\nc;01.02.1899;1\n";
    let opts = ImportOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 23),
        ..Default::default()
    };
    let l = import(text, &opts).unwrap().result.unwrap();
    assert_eq!(
        kinds(&l.issues),
        vec![(3, IssueKind::DateInFuture), (4, IssueKind::DateOutOfRange)]
    );
    assert_eq!(
        l.issues[0].message,
        "the date `01.02.2099` is after today: check the year"
    );
    assert_eq!(l.data.client_count(), 1);
}

#[test]
fn amounts_of_1e300() {
    let l = load(b"client;date;amount\na;01.02.2024;1e300\nb;01.02.2024;5\n");
    assert_eq!(kinds(&l.issues), vec![(2, IssueKind::AmountTooLarge)]);
    assert_eq!(
        l.issues[0].message,
        "the amount `1e300` is too large to be real: check it"
    );
}

#[test]
fn negative_amounts_are_refunds_that_reduce_revenue() {
    let l = load(
        "client;date;amount\na;01.02.2024;1000\na;01.02.2024;-200\na;05.02.2024;(50)\n".as_bytes(),
    );
    assert!(l.issues.is_empty());
    assert_eq!((l.refunds, l.refunds_total), (2, Money(-25_000)));
    // The refund on the day of a purchase lowers that occasion; one on its own day is an
    // occasion with a negative amount.
    assert_eq!(l.data.revenue(), Money(75_000));
    assert_eq!(l.data.occasion_count(), 2);
    let a = analyze(&l.data, &Settings::default()).unwrap();
    assert_eq!(a.revenue, Money(75_000));
}

#[test]
fn duplicate_rows_are_kept_and_pointed_out() {
    let l = load(b"client;date;amount\na;01.02.2024;100\nb;01.02.2024;100\na;01.02.2024;100\n");
    assert_eq!(
        kinds(&l.issues),
        vec![(4, IssueKind::DuplicateRow { of: 2 })]
    );
    assert!(!l.issues[0].row_left_out);
    assert_eq!(
        l.issues[0].message,
        "the same as row 2 in every cell: kept as a second purchase; delete it if it is a copy"
    );
    assert_eq!(l.data.revenue(), Money(30_000));
}

#[test]
fn copies_are_told_by_their_own_rows_past_rows_left_out_blank_lines_and_long_records() {
    // The rows a purchase came from run on past a row left out (2, 6), a blank line (4) and a
    // record over two lines (8 and 9): each copy names the row it repeats, and is named by its
    // own.
    let l = load(
        b"client;date;amount\n\
          a;bad;100\n\
          b;01.02.2024;100\n\
          \n\
          b;01.02.2024;100\n\
          c;xx;5\n\
          b;01.02.2024;100\n\
          \"d\nd\";01.02.2024;1\n\
          \"d\nd\";01.02.2024;1\n\
          e;01.02.2024;7\n\
          e;01.02.2024;7\n",
    );
    assert_eq!(
        kinds(&l.issues),
        vec![
            (2, IssueKind::BadDate),
            (5, IssueKind::DuplicateRow { of: 3 }),
            (6, IssueKind::BadDate),
            (7, IssueKind::DuplicateRow { of: 3 }),
            (10, IssueKind::DuplicateRow { of: 8 }),
            (13, IssueKind::DuplicateRow { of: 12 }),
        ]
    );
}

#[test]
fn only_rows_the_same_in_every_cell_are_copies() {
    // Rows 2, 4 and 6 are one row three times; row 3 differs in its product only, row 5 in
    // its amount, row 7 by its spaces (cells are read trimmed, so it is a copy too); row 8
    // repeats a row that was left out.
    let l = load(
        b"client;date;amount;product\n\
          a;01.02.2024;100;pen\n\
          a;01.02.2024;100;ink\n\
          a;01.02.2024;100;pen\n\
          a;01.02.2024;90;pen\n\
          a;01.02.2024;100;pen\n\
          a ; 01.02.2024 ;100; pen\n\
          b;31.02.2024;100;pen\n\
          b;31.02.2024;100;pen\n",
    );
    assert_eq!(
        kinds(&l.issues),
        vec![
            (4, IssueKind::DuplicateRow { of: 2 }),
            (6, IssueKind::DuplicateRow { of: 2 }),
            (7, IssueKind::DuplicateRow { of: 2 }),
            (8, IssueKind::BadDate),
            (9, IssueKind::BadDate),
        ]
    );
    assert_eq!(l.data.revenue(), Money(59_000));
}

#[test]
fn one_line_of_50_mb() {
    let mut line = vec![b'x'; 50 * 1024 * 1024];
    line.push(b'\n');
    assert_eq!(
        err(&line),
        "No column holds the purchase date: choose which column it is in the mapping."
    );
}

#[test]
fn ten_thousand_columns() {
    let mut header = String::from("client;date;amount");
    let mut row = String::from("a;01.02.2024;100");
    for i in 3..10_000 {
        header.push_str(&format!(";extra{i}"));
        row.push_str(";x");
    }
    let i = import(
        format!("{header}\n{row}\n").as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(i.columns.len(), 10_000);
    assert_eq!(i.result.unwrap().data.revenue(), Money(10_000));
}

#[test]
fn a_quote_that_never_closes() {
    let mut text = String::from("client,date,amount\n\"Alpha,2024-01-01,10\n");
    for d in 2..=28 {
        text.push_str(&format!("Beta,2024-02-{d:02},1\n"));
    }
    let l = load(text.as_bytes());
    assert_eq!(kinds(&l.issues), vec![(2, IssueKind::UnclosedQuote)]);
    // The rest of the file still loads, row by row.
    assert_eq!(l.data.client_count(), 2);
    assert_eq!(l.rows, 28);
}

#[test]
fn nul_bytes() {
    let l = load(b"client;date;amount\na\0;01.02.2024;1\0\0\nb;01.02.2024;2\n");
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(l.data.revenue(), Money(300));
}

#[test]
fn mixed_line_endings() {
    let l = load(b"client;date;amount\r\na;01.02.2024;1\nb;;2\rc;03.02.2024;3\r\n");
    assert_eq!(kinds(&l.issues), vec![(3, IssueKind::NoDate)]);
    assert_eq!(l.data.client_count(), 2);
}

#[test]
fn a_utf16_file_with_or_without_its_mark() {
    let text = "Клиент\tДата\tСумма\r\nООО Ромашка\t31.12.2024\t1 234,56\r\n";
    for (bytes, encoding) in [
        (
            [
                &[0xFF, 0xFE][..],
                &text
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<_>>(),
            ]
            .concat(),
            Encoding::Utf16Le,
        ),
        (
            [
                &[0xFE, 0xFF][..],
                &text
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<_>>(),
            ]
            .concat(),
            Encoding::Utf16Be,
        ),
        (
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
            Encoding::Utf16Le,
        ),
    ] {
        let i = import(&bytes, &ImportOptions::default()).unwrap();
        assert_eq!(i.format.encoding, Some(encoding));
        assert_eq!(i.result.unwrap().data.revenue(), Money(123_456));
    }
}

#[test]
fn an_empty_grid_said_to_have_a_header_is_header_only_not_a_panic() {
    let grid = boomerang_core::Grid {
        encoding: None,
        delimiter: None,
        sheets: vec![],
        sheet: None,
        rows: vec![],
        unclosed_quote: None,
    };
    let opts = boomerang_core::ImportOptions {
        header: Some(true),
        ..boomerang_core::ImportOptions::default()
    };
    let import = boomerang_core::import_grid(grid, &opts);
    assert_eq!(
        import.result.unwrap_err().to_string(),
        boomerang_core::Error::from(boomerang_core::ErrorKind::HeaderOnly).to_string()
    );
}

/// The quick calculator's errors speak of the field the user sees, in their language, with the
/// value as they typed it (a percentage as a percentage), never an internal name.
#[test]
fn quick_calculator_errors_name_the_field_in_plain_words() {
    use boomerang_core::format::Lang;
    use boomerang_core::{quick, ChurnInput, Money, QuickInputs};
    let d = QuickInputs::default();
    let cases: Vec<(QuickInputs, &str, &str, &str)> = vec![
        (
            QuickInputs {
                clients: 0.0,
                ..d.clone()
            },
            "Clients in the base",
            "Клиентов в базе",
            "0",
        ),
        (
            QuickInputs {
                churn: ChurnInput::Rate(1.5),
                ..d.clone()
            },
            "Annual churn",
            "Отток в год",
            "150%",
        ),
        (
            QuickInputs {
                churn: ChurnInput::LostPerYear(1e7),
                ..d.clone()
            },
            "Clients lost a year",
            "Клиентов теряется в год",
            "10,000,000",
        ),
        (
            QuickInputs {
                avg_check: Money::from_major(-5.0),
                ..d.clone()
            },
            "Average check",
            "Средний чек",
            "-5",
        ),
        (
            QuickInputs {
                purchases_per_year: -1.0,
                ..d.clone()
            },
            "Purchases a year",
            "Покупок в год",
            "-1",
        ),
        (
            QuickInputs {
                margin: 2.0,
                ..d.clone()
            },
            "Margin",
            "Маржа",
            "200%",
        ),
        (
            QuickInputs {
                return_probability: 0.0,
                ..d.clone()
            },
            "Chance a lost client comes back",
            "Вероятность возврата клиента",
            "0%",
        ),
        (
            QuickInputs {
                attempts: 0,
                ..d.clone()
            },
            "Attempts per client",
            "Попыток на клиента",
            "0",
        ),
        (
            QuickInputs {
                sleeping: -3.0,
                ..d.clone()
            },
            "Sleeping clients",
            "Спящих клиентов",
            "-3",
        ),
    ];
    for (q, en, ru, value) in cases {
        let e = quick(&q).unwrap_err();
        let (en_text, ru_text) = (e.message(Lang::En), e.message(Lang::Ru));
        assert!(
            en_text.starts_with(&format!("“{en}” must be ")),
            "{en_text}"
        );
        assert!(en_text.ends_with(&format!("it is {value}.")), "{en_text}");
        assert!(
            ru_text.starts_with(&format!("«{ru}»: должно быть ")),
            "{ru_text}"
        );
        assert!(
            !ru_text.contains('_') && !en_text.contains('_'),
            "{en_text} / {ru_text}"
        );
        // Russian has no English words in it.
        assert!(
            !ru_text.chars().any(|c| c.is_ascii_alphabetic()),
            "{ru_text}"
        );
    }
}

/// Dates under the amount's header and amounts under the date's: the message says the two
/// columns look swapped, names them, and says how to fix it, in both languages.
#[test]
fn swapped_date_and_amount_columns_are_named_as_swapped() {
    let csv = "Клиент;Дата;Сумма\nА;1500;01.02.2024\nБ;2300,50;15.03.2024\nВ;980;20.04.2024\nА;1 200;01.05.2024\n";
    let e = match import(csv.as_bytes(), &ImportOptions::default()) {
        Err(e) => e,
        Ok(i) => i.result.expect_err("nothing loads"),
    };
    assert_eq!(
        e.message(boomerang_core::format::Lang::En),
        "None of the 4 data rows could be used: the columns `Дата` and `Сумма` look swapped, `Дата` holds amounts and `Сумма` holds dates. Give each column its role in the Columns table (or swap the two headers) and load again."
    );
    assert!(e.message(boomerang_core::format::Lang::Ru).contains(
        "столбцы `Дата` и `Сумма`, похоже, перепутаны — в `Дата` суммы, а в `Сумма` даты"
    ));
    // A date column of plain garbage is not "swapped": the first problem is named as before.
    let garbage = "client;date;amount\nA;soon;01.02.2024\nB;later;15.03.2024\n";
    let e = import(garbage.as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap_err();
    assert!(
        e.to_string().starts_with(
            "None of the 2 data rows could be used; the first problem: row 2, column `date`"
        ),
        "{e}"
    );
}
