//! The `boomerang` binary as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CDNOW_MASTER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/data/CDNOW_master.txt"
);
const SALES_1251: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/sales_1251.csv"
);

fn boomerang(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_boomerang"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn report(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let out = boomerang(args, stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on standard output")
}

#[test]
fn cdnow_master_gives_69659_rows_and_23570_clients() {
    let r = report(&["analyze", CDNOW_MASTER], None);
    assert_eq!(r["rows"], 69_659);
    assert_eq!(r["clients"], 23_570);
    assert_eq!(r["occasions"], 67_591);
    assert_eq!(r["revenue"], 2_500_315.63);
    assert_eq!(r["issues"].as_array().unwrap().len(), 0);
    assert_eq!(r["as_of"], "1998-06-30");
}

#[test]
fn reads_standard_input_and_lists_rows_left_out() {
    let r = report(&["analyze", "-"], Some(&std::fs::read(SALES_1251).unwrap()));
    assert_eq!(r["clients"], 4);
    assert_eq!(r["revenue"], 129_008.0);
    assert_eq!(r["format"]["encoding"], "windows1251");
    let issue = &r["issues"][0];
    assert_eq!(issue["row"], 9);
    assert_eq!(issue["column"], "Контрагент");
    assert_eq!(issue["value"], "Итого");
    assert_eq!(
        issue["message"],
        "a totals row: left out so the sums are not counted twice"
    );
}

#[test]
fn as_of_leaves_out_later_purchases() {
    let r = report(&["analyze", CDNOW_MASTER, "--as-of", "1997-03-31"], None);
    assert_eq!(r["as_of"], "1997-03-31");
    // Every CDNOW customer made a first purchase in the first quarter of 1997.
    assert_eq!(r["clients"], 23_570);
    assert!(r["purchases_after_as_of"].as_u64().unwrap() > 0);
}

#[test]
fn flags_answer_what_the_app_would_ask() {
    let text = b"client,date,amount\na,03/04/2024,1\nb,05/06/2024,2\n";
    let out = boomerang(&["analyze", "-"], Some(text));
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "boomerang: The dates in column `date` (such as `03/04/2024`) read both as day/month and as month/day: say which order they are in."
    );
    let r = report(&["analyze", "-", "--date-order", "mdy"], Some(text));
    assert_eq!(r["last_date"], "2024-05-06");
    let r = report(&["analyze", "-", "--date-order", "dmy"], Some(text));
    assert_eq!(r["last_date"], "2024-06-05");
}

#[test]
fn a_column_role_can_be_set_by_name_or_number() {
    let text =
        "Код;Клиент;Дата;Сумма\n1;ООО Альфа;01.02.2024;100\n2;ООО Альфа;01.03.2024;50\n".as_bytes();
    // The code is the key by default; the user says the name is.
    assert_eq!(report(&["analyze", "-"], Some(text))["clients"], 2);
    assert_eq!(
        report(
            &["analyze", "-", "--column", "client_id=Клиент"],
            Some(text)
        )["clients"],
        1
    );
    assert_eq!(
        report(&["analyze", "-", "--column", "client_id=2"], Some(text))["clients"],
        1
    );
    let out = boomerang(&["analyze", "-", "--column", "client_id=Нет"], Some(text));
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "boomerang: no column `Нет`; the columns are: Код, Клиент, Дата, Сумма."
    );
}

#[test]
fn an_unusable_input_exits_non_zero_with_one_sentence() {
    let out = boomerang(&["analyze", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "boomerang: The input is empty: paste a table or choose a file with rows of purchases."
    );
    assert!(out.stdout.is_empty());
    let out = boomerang(&["analyze", "/no/such/file.csv"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("boomerang: cannot read `/no/such/file.csv`:"));
}

#[test]
fn the_demo_round_trips_through_analyze() {
    let demo = boomerang(&["demo"], None);
    assert!(demo.status.success());
    let r = report(&["analyze", "-"], Some(&demo.stdout));
    assert_eq!(r["clients"], 400);
    assert_eq!(r["issues"].as_array().unwrap().len(), 3);
}
