//! The `boomerang` binary as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

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

/// A CSV file's header and rows.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    (header, reader.records().map(Result::unwrap).collect())
}

/// A folder of its own for a test's files, removed when the test ends.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("boomerang-cli-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
    assert_eq!(r["rows_left_out"], 0);
    // 255 rows repeat an earlier one cell for cell: kept, and pointed out.
    let issues = r["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 255);
    assert!(issues
        .iter()
        .all(|i| i["row_left_out"] == false && i["kind"].get("duplicate_row").is_some()));
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

/// A path that is a pipe (`<(zcat log.gz)`, `/dev/stdin`) cannot be read a piece at a time,
/// as a file is: it is read whole, and gives the file's report.
#[test]
fn a_pipe_given_as_a_path_reads_as_the_file() {
    let file = report(&["analyze", SALES_1251], None);
    let pipe = report(
        &["analyze", "/dev/stdin"],
        Some(&std::fs::read(SALES_1251).unwrap()),
    );
    assert_eq!(pipe["revenue"], 129_008.0);
    assert_eq!(pipe["issues"], file["issues"]);
    assert_eq!(pipe["status"], file["status"]);
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

/// The independent script's figures for CDNOW master as of 1998-06-30, with `args` after the
/// date and `env` set.
fn independent(args: &[&str], env: &[(&str, &str)]) -> Value {
    independent_on(CDNOW_MASTER, "1998-06-30", args, env)
}

/// The independent script's figures for a CDNOW-style file as of a date.
fn independent_on(file: &str, as_of: &str, args: &[&str], env: &[(&str, &str)]) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/independent/figures.py");
    let py = Command::new("python3")
        .args([script, file, as_of])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("python3 runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    serde_json::from_slice(&py.stdout).unwrap()
}

/// Compares a figure of the report with the script's: counts and dates exactly, ratios to
/// 1e-12 (ROI to 1e-6), money to half a cent per client (the core rounds each client's figure to the cent;
/// the script adds exact amounts).
fn same(key: &str, ours: &Value, theirs: &Value, clients: f64) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let n = b.get("clients").and_then(Value::as_f64).unwrap_or(clients);
            for (k, v) in b {
                same(
                    &format!("{key}.{k}"),
                    a.get(k).unwrap_or(&Value::Null),
                    v,
                    n,
                );
            }
        }
        (Value::Number(a), Value::Number(b)) if b.is_f64() || a.is_f64() => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            let money = ["revenue", "cost", "net", "potential", "drop"]
                .iter()
                .any(|m| key.contains(m));
            // ROI rests on benefits rounded to the cent.
            let tolerance = if money {
                0.005 * clients + 0.011
            } else if key.ends_with("roi") {
                1e-6
            } else {
                1e-12
            };
            assert!((a - b).abs() <= tolerance, "{key}: {a} vs {b}");
        }
        // The script prints null where the report says why.
        (Value::Object(a), Value::Null) => assert!(a.contains_key("undefined"), "{key}: {ours}"),
        _ => assert_eq!(ours, theirs, "{key}"),
    }
}

/// CDNOW as of 1998-06-30, against `tests/independent/figures.py`: a separate implementation
/// of DOMAIN.md in plain Python (standard library only, no code shared with the Rust crates),
/// run on the same file in the same test: the default period, a past calendar year through
/// `--period-from/--period-to`, and costs low enough for a campaign on $15 checks.
#[test]
fn cdnow_figures_match_an_independent_implementation() {
    // (the script's arguments, the CLI's flags, the script's environment)
    type Run<'a> = (&'a [&'a str], &'a [&'a str], &'a [(&'a str, &'a str)]);
    let runs: [Run; 3] = [
        (&[], &[], &[]),
        (
            &["1997-01-01", "1997-12-31"],
            &["--period-from", "1997-01-01", "--period-to", "1997-12-31"],
            &[],
        ),
        (
            &[],
            &["--cost-per-attempt", "1"],
            &[("COST_PER_ATTEMPT", "1")],
        ),
    ];
    for (script_args, flags, env) in runs {
        let want = independent(script_args, env);
        let mut args = vec!["analyze", CDNOW_MASTER, "--as-of", "1998-06-30"];
        args.extend(flags);
        let got = report(&args, None);
        assert_eq!(
            got["churn"]["at_start"], want["churn_at_start"],
            "{flags:?}"
        );
        let mut got = got.clone();
        for class in ["A", "B", "C"] {
            got["abc"][class] = got["abc"][class]["clients"].clone();
        }
        for class in ["X", "Y", "Z"] {
            got["xyz"][class] = got["xyz"][class]["clients"].clone();
        }
        for (key, theirs) in want.as_object().unwrap() {
            if key == "churn_at_start" {
                continue;
            }
            if key == "campaign" && theirs["clients"] == 0 {
                // Nobody to call: the report says why rather than a campaign of zeros.
                assert_eq!(
                    got[key]["undefined"],
                    "no client is worth calling at these costs"
                );
                continue;
            }
            same(key, &got[key], theirs, 1.0);
        }
        assert!(want["winback"].as_object().unwrap().len() == 4);
    }
    // And the figures themselves, as they stand (a change to any definition shows here):
    // the business sold $1.07M in the 365 days up to 1998-06-30; the clients lost in them
    // brought $834K in their last years.
    let got = report(&["analyze", CDNOW_MASTER, "--as-of", "1998-06-30"], None);
    assert_eq!(
        got["status"],
        serde_json::json!({"active": 3815, "sleeping": 803, "lost": 18952})
    );
    assert_eq!(got["lost_twice"], 3424);
    assert_eq!(got["lost_in_period"]["clients"], 4764);
    assert_eq!(got["lost_in_period"]["annual_revenue"], 834_318.35);
    assert_eq!(got["lost_all"]["annual_revenue"], 1_395_241.64);
}

/// The seeds' worked examples, written as a CDNOW-style log, through the command line and the
/// independent script alike: seed 000's 10 clients × 50,000 × 7 = 3,500,000 lost a year while
/// 10 lost four years earlier stand beside them (a stock of 7,000,000), and those ten as the
/// loss of 2020 through `--period-from/--period-to`; seed 004's 100 sleeping clients × 1,000 ×
/// 25% = 25,000; two purchases two days apart, a year of two checks.
#[test]
fn the_seeds_examples_through_the_cli_and_the_independent_script() {
    let dir = TempDir::new("seeds");
    let path = dir.0.join("seeds.txt");
    let mut text = String::from("customer_id date number_of_cds dollar_value\n");
    let mut day = |id: String, d: chrono::NaiveDate, value: u32| {
        text.push_str(&format!("{id} {} 1 {value}\n", d.format("%Y%m%d")));
    };
    let ymd = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for i in 0..20 {
        let mut d = if i < 10 {
            ymd(2023, 6, 1)
        } else {
            ymd(2019, 6, 1)
        };
        day(format!("S{i:02}"), d, 50_000);
        for gap in [52, 52, 52, 52, 52, 53] {
            d += chrono::Duration::days(gap);
            day(format!("S{i:02}"), d, 50_000);
        }
    }
    // Yearly buyers of 1,000 whose purchase of November 2024 is overdue, not yet by a third of
    // a year: sleeping on 2024-12-31.
    for i in 0..100 {
        for y in [2021, 2022, 2023] {
            day(format!("Y{i:03}"), ymd(y, 11, 1), 1_000);
        }
    }
    day("PAIR".into(), ymd(2024, 3, 1), 100);
    day("PAIR".into(), ymd(2024, 3, 3), 100);
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    for (script_args, flags) in [
        (&[][..], &[][..]),
        (
            &["2020-01-01", "2020-12-31"][..],
            &["--period-from", "2020-01-01", "--period-to", "2020-12-31"][..],
        ),
    ] {
        let want = independent_on(file, "2024-12-31", script_args, &[]);
        let mut args = vec!["analyze", file, "--as-of", "2024-12-31"];
        args.extend(flags);
        let got = report(&args, None);
        for key in [
            "status",
            "period",
            "lost_in_period",
            "previous_period",
            "lost_all",
            "sleeping_potential",
            "declining",
            "returned_in_period",
            "churn_rate_annual",
            "winback",
        ] {
            same(key, &got[key], &want[key], 1.0);
        }
    }
    let got = report(&["analyze", file, "--as-of", "2024-12-31"], None);
    // The ten clients of 2024 and the pair: 3,500,000 + 200.
    assert_eq!(got["lost_in_period"]["annual_revenue"], 3_500_200.0);
    assert_eq!(got["lost_all"]["over_2y"]["annual_revenue"], 3_500_000.0);
    assert_eq!(got["lost_all"]["annual_revenue"], 7_000_200.0);
    assert_eq!(got["sleeping_potential"], 25_000.0);
    let y2020 = report(
        &[
            "analyze",
            file,
            "--as-of",
            "2024-12-31",
            "--period-from",
            "2020-01-01",
            "--period-to",
            "2020-12-31",
        ],
        None,
    );
    assert_eq!(y2020["lost_in_period"]["clients"], 10);
    assert_eq!(y2020["lost_in_period"]["annual_revenue"], 3_500_000.0);
}

#[test]
fn every_setting_is_a_flag_and_moves_its_figures() {
    let base = report(&["analyze", CDNOW_MASTER], None);
    let strict = report(
        &["analyze", CDNOW_MASTER, "--k", "1.1", "--min-days", "10"],
        None,
    );
    assert!(strict["status"]["lost"].as_u64() > base["status"]["lost"].as_u64());
    let p50 = report(
        &["analyze", CDNOW_MASTER, "--return-probability", "50"],
        None,
    );
    let ratio =
        p50["sleeping_potential"].as_f64().unwrap() / base["sleeping_potential"].as_f64().unwrap();
    assert!((ratio - 2.0).abs() < 1e-6, "{ratio}");
    // Cheaper calls put more clients in the campaign; fading off keeps a lost client's 25%.
    let cheap = report(&["analyze", CDNOW_MASTER, "--cost-per-attempt", "1"], None);
    let flat = report(
        &[
            "analyze",
            CDNOW_MASTER,
            "--cost-per-attempt",
            "1",
            "--half-life-months",
            "off",
        ],
        None,
    );
    assert!(
        flat["campaign"]["expected_returns"].as_f64()
            > cheap["campaign"]["expected_returns"].as_f64()
    );
    assert_eq!(
        base["campaign"]["undefined"],
        "no client is worth calling at these costs"
    );
    let all = report(&["analyze", CDNOW_MASTER, "--abc-window", "all"], None);
    assert_eq!(all["abc_window"], "all");
    assert_ne!(all["abc"]["A"]["clients"], base["abc"]["A"]["clients"]);
    let abc = report(
        &["analyze", CDNOW_MASTER, "--abc-a", "50", "--abc-b", "90"],
        None,
    );
    assert!(abc["abc"]["A"]["clients"].as_u64() < base["abc"]["A"]["clients"].as_u64());
    let out = boomerang(&["analyze", CDNOW_MASTER, "--attempts", "0"], None);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "boomerang: “Attempts per client” must be between 1 and 100; it is 0."
    );
}

#[test]
fn the_clients_flag_writes_every_client_with_every_column() {
    let dir = TempDir::new("c");
    let path = dir.0.join("clients.csv");
    let r = report(
        &["analyze", CDNOW_MASTER, "--clients", path.to_str().unwrap()],
        None,
    );
    let (header, rows) = read_csv(&path);
    for column in [
        "client_id",
        "occasions",
        "interval_days",
        "threshold_days",
        "status",
        "loss_episodes",
        "lost_twice",
        "annual_revenue",
        "purchases_a_year",
        "lost_since",
        "declining",
        "return_chance",
        "abc",
        "xyz",
        "benefit",
        "cost",
        "expected_net",
        "roi",
        "category",
    ] {
        assert!(header.iter().any(|h| h == column), "{column}");
    }
    assert_eq!(rows.len() as u64, r["clients"].as_u64().unwrap());
    let status = header.iter().position(|h| h == "status").unwrap();
    let lost = rows.iter().filter(|row| &row[status] == "lost").count();
    assert_eq!(lost as u64, r["status"]["lost"].as_u64().unwrap());
}

/// Issue 12's names, as scripts read them: per client the category, why let go, the reason,
/// its group and the manager at the loss; the report's reason groups, fragile returns and
/// products.
#[test]
fn reasons_and_who_calls_in_the_report_and_the_client_table() {
    let dir = TempDir::new("r");
    let path = dir.0.join("clients.csv");
    let demo = boomerang(&["demo"], None);
    let r = report(
        &["analyze", "-", "--clients", path.to_str().unwrap()],
        Some(&demo.stdout),
    );
    let (header, rows) = read_csv(&path);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (category, why, reason, group, manager) = (
        col("category"),
        col("let_go_because"),
        col("reason"),
        col("reason_group"),
        col("manager_at_loss"),
    );
    let urgent = col("call_at_once");
    assert!(rows
        .iter()
        .any(|row| &row[urgent] == "true" && &row[reason] == "Сменился закупщик"));
    let closed: Vec<_> = rows
        .iter()
        .filter(|row| &row[reason] == "Закрыл бизнес")
        .collect();
    assert!(!closed.is_empty());
    for row in &closed {
        assert_eq!(&row[group], "outside");
        if !row[category].is_empty() {
            assert_eq!(&row[category], "let_go", "nobody who closed down is called");
            assert!(["reason", "lost_twice"].contains(&&row[why]));
        }
    }
    for row in &rows {
        let c = &row[category];
        assert!([
            "",
            "return_first",
            "return_necessarily",
            "return_if_possible",
            "let_go"
        ]
        .contains(&c));
        assert_eq!(c == "let_go", !row[why].is_empty());
        assert!(["", "lost_twice", "reason", "not_worth_it"].contains(&&row[why]));
        assert!(["", "competitors", "company", "outside", "unsorted"].contains(&&row[group]));
        assert_eq!(row[group].is_empty(), row[reason].is_empty());
        if c.is_empty() {
            assert!(
                row[manager].is_empty(),
                "no manager at a loss for an active client"
            );
        }
    }
    let groups = r["reasons"]["groups"].as_array().unwrap();
    assert_eq!(
        groups
            .iter()
            .map(|g| g["group"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["competitors", "company", "outside", "unsorted"]
    );
    assert!(groups
        .iter()
        .all(|g| g["clients"].is_u64() && g["annual_revenue"].is_number()));
    assert!(r["returned_in_period"]["fragile"].is_u64());
    assert!(r["products"].as_array().unwrap().len() >= 5);
    // CDNOW has no product column.
    let cdnow = report(&["analyze", CDNOW_SAMPLE], None);
    assert!(cdnow["products"].is_null());
}

#[test]
fn client_names_that_look_like_formulas_are_neutralised_in_the_csv() {
    let dir = TempDir::new("f");
    let path = dir.0.join("clients.csv");
    let text =
        "client;date;amount\n=HYPERLINK(\"x\");01.02.2024;100\n=HYPERLINK(\"x\");01.03.2024;100\n"
            .as_bytes();
    report(
        &["analyze", "-", "--clients", path.to_str().unwrap()],
        Some(text),
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

#[test]
fn the_quick_calculator_from_flags() {
    // Seed 000: 10 lost clients × 50,000 × 7 = 3,500,000; 25% churn → 4 years.
    let r = report(
        &[
            "analyze",
            "--quick",
            "--base",
            "40",
            "--lost-per-year",
            "10",
            "--avg-check",
            "50000",
            "--purchases-per-year",
            "7",
        ],
        None,
    );
    assert_eq!(r["quick"]["revenue_lost_per_year"], 3_500_000.0);
    assert_eq!(r["quick"]["lifetime_years"], 4.0);
    assert_eq!(r["quick"]["recoverable_revenue"], 875_000.0);
    // Cost of one returned client: 3 attempts × 500 / 25%.
    assert_eq!(r["quick"]["cost_per_return"], 6_000.0);
    // Seed 004: 100 sleeping clients × 1,000 × 25% = 25,000; an incentive of 1,000 is paid
    // only to the client who comes back.
    let r = report(
        &[
            "analyze",
            "--quick",
            "--sleeping",
            "100",
            "--avg-check",
            "1000",
            "--incentive",
            "1000",
        ],
        None,
    );
    assert_eq!(r["quick"]["sleeping_potential"], 25_000.0);
    assert_eq!(r["quick"]["cost_per_return"], 7_000.0);
    let r = report(&["analyze", "--quick", "--churn", "0"], None);
    assert_eq!(
        r["quick"]["lifetime_years"]["undefined"],
        "no client was lost in the last year, so churn is 0 and lifetime has no bound"
    );
}

#[test]
fn help_explains_each_figure() {
    let out = boomerang(&["analyze", "--help"], None);
    let help = String::from_utf8_lossy(&out.stdout);
    for figure in [
        "status",
        "lost_twice",
        "period",
        "lost_in_period",
        "previous_period",
        "lost_all",
        "returned_in_period",
        "sleeping_potential",
        "declining",
        "campaign",
        "churn_rate_annual",
        "lifetime_years",
        "reactivation_rate",
        "abc",
        "xyz",
        "managers",
        "winback",
    ] {
        assert!(
            help.contains(&format!("  {figure}")),
            "{figure} is not explained"
        );
    }
    assert!(help.contains("--return-probability"));
    assert!(help.contains("--period-from"));
    assert!(help.contains("--half-life-months"));
}

const CDNOW_SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/data/CDNOW_sample.txt"
);

#[test]
fn the_model_flag_fits_bgnbd_and_gamma_gamma_on_cdnow() {
    // Calibration up to and including 1997-09-30, in weeks, from the raw transactions.
    let dir = TempDir::new("m");
    let path = dir.0.join("clients.csv");
    let r = report(
        &[
            "analyze",
            CDNOW_SAMPLE,
            "--as-of",
            "1997-09-30",
            "--model",
            "bgnbd",
            "--clients",
            path.to_str().unwrap(),
        ],
        None,
    );
    let b = &r["bgnbd"];
    assert_eq!(b["time_unit"], "week");
    for (key, want) in [
        ("r", 0.2426),
        ("alpha", 4.4136),
        ("a", 0.7929),
        ("b", 2.4259),
    ] {
        let got = b["params"][key].as_f64().unwrap();
        assert!((got - want).abs() < 1e-3, "{key}: {got}");
    }
    assert!(b["log_likelihood"].as_f64().unwrap() < 0.0);
    let g = &r["gamma_gamma"];
    for (key, want) in [("p", 6.25), ("q", 3.74), ("gamma", 15.44)] {
        let got = (g["params"][key].as_f64().unwrap() * 100.0).round() / 100.0;
        assert_eq!(got, want, "{key}");
    }
    assert!(r["model"]["holdout"]["lines"].as_array().unwrap().len() == 8);
    let (header, _) = read_csv(&path);
    for column in [
        "p_alive",
        "expected_purchases",
        "p_no_purchase",
        "expected_spend",
        "clv",
        "model_disagrees",
    ] {
        assert!(header.iter().any(|h| h == column), "{column}");
    }
    // Without the flag, no model in the report.
    let without = report(&["analyze", CDNOW_SAMPLE], None);
    for key in ["bgnbd", "pareto_nbd", "mbg_nbd", "model"] {
        assert!(without.get(key).is_none(), "{key}");
    }
}

#[test]
fn auto_uses_the_model_with_the_smallest_holdout_error_and_a_pick_overrides_it() {
    let dir = TempDir::new("auto");
    let path = dir.0.join("clients.csv");
    let r = report(
        &[
            "analyze",
            CDNOW_SAMPLE,
            "--as-of",
            "1997-09-30",
            "--model",
            "auto",
        ],
        None,
    );
    // Every model fitted, by the literature's parameter names.
    let p = &r["pareto_nbd"]["params"];
    for (key, want) in [("r", 0.55), ("alpha", 10.58), ("s", 0.61), ("beta", 11.67)] {
        let got = (p[key].as_f64().unwrap() * 100.0).round() / 100.0;
        assert_eq!(got, want, "{key}");
    }
    assert!((r["pareto_nbd"]["log_likelihood"].as_f64().unwrap() + 9_595.0).abs() < 0.1);
    for key in ["r", "alpha", "a", "b"] {
        assert!(r["mbg_nbd"]["params"][key].as_f64().unwrap() > 0.0, "{key}");
    }
    let m = &r["model"];
    assert_eq!(m["chosen_by"], "holdout_error");
    let comparison = m["comparison"].as_array().unwrap();
    assert_eq!(comparison.len(), 3);
    let best = comparison
        .iter()
        .min_by(|a, b| {
            let e = |v: &Value| v["holdout_error"].as_f64().unwrap();
            e(a).total_cmp(&e(b))
        })
        .unwrap();
    assert_eq!(m["chosen"], best["model"]);
    assert!(m["why"].as_str().unwrap().contains("held-out"));
    // A pick wins; under Pareto/NBD one-time buyers are not alive for sure.
    let r = report(
        &[
            "analyze",
            CDNOW_SAMPLE,
            "--as-of",
            "1997-09-30",
            "--model",
            "pareto",
            "--clients",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        (&r["model"]["chosen"], &r["model"]["chosen_by"]),
        (&json!("pareto"), &json!("user"))
    );
    let (header, rows) = read_csv(&path);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (occasions, alive) = (col("occasions"), col("p_alive"));
    let once: Vec<f64> = rows
        .iter()
        .filter(|r| &r[occasions] == "1")
        .map(|r| r[alive].parse().unwrap())
        .collect();
    assert_eq!(once.len(), 1_411);
    assert!(once.iter().all(|&p| p < 1.0));
    assert!(once.iter().any(|&p| p < 0.35));
}

#[test]
fn fit_summary_reads_a_lifetimes_summary() {
    let summary = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/cdnow_customers_summary.csv"
    );
    let r = report(&["fit-summary", summary, "--runs", "1"], None);
    assert_eq!(r["clients"], 2357);
    assert!((r["bgnbd"]["params"]["r"].as_f64().unwrap() - 0.2426).abs() < 1e-3);
    assert!(r["fit_seconds"].as_f64().unwrap() > 0.0);
    let r = report(
        &["fit-summary", summary, "--runs", "1", "--model", "pareto"],
        None,
    );
    assert!((r["pareto_nbd"]["params"]["beta"].as_f64().unwrap() - 11.67).abs() < 0.01);
}

#[test]
fn synth_writes_a_deterministic_log_and_bench_times_it() {
    let out = boomerang(&["synth", "--rows", "5000", "--seed", "7"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(text.lines().next(), Some("client,date,amount"));
    assert_eq!(text.lines().count(), 5001);
    assert_eq!(
        out.stdout,
        boomerang(&["synth", "--rows", "5000", "--seed", "7"], None).stdout
    );
    let dir = std::env::temp_dir().join(format!("boomerang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("log.csv");
    std::fs::write(&path, &out.stdout).unwrap();
    let r = report(&["bench", path.to_str().unwrap(), "--runs", "1"], None);
    assert_eq!(r["rows"], 5000);
    assert_eq!(r["bytes"], out.stdout.len());
    assert!(r["clients"].as_u64().unwrap() > 100);
    assert!(r["import_s"].as_f64().unwrap() > 0.0 && r["analyze_s"].as_f64().unwrap() > 0.0);
    // The worker's session holds the file's bytes when it starts, and more as it goes.
    assert!(r["session_peak_heap_bytes"].as_u64().unwrap() > r["bytes"].as_u64().unwrap());
}

/// `synth --xlsx` writes the same purchases as a workbook: the report on it is the report on
/// the CSV (the benchmark measures workbooks with it).
#[test]
fn synth_writes_the_same_log_as_a_workbook() {
    let dir = std::env::temp_dir().join(format!("boomerang-synth-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, xlsx) = (dir.join("log.csv"), dir.join("log.xlsx"));
    for (path, extra) in [(&csv, None), (&xlsx, Some("--xlsx"))] {
        let mut args = vec!["synth", "--rows", "3000", "--seed", "3"];
        args.extend(extra);
        let out = boomerang(&args, None);
        assert!(out.status.success());
        std::fs::write(path, &out.stdout).unwrap();
    }
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));
    let mut on_csv = report(&["analyze", csv.to_str().unwrap()], None);
    let mut on_xlsx = report(&["analyze", xlsx.to_str().unwrap()], None);
    // The file's name and how it was read differ (a delimiter and an encoding against a
    // sheet); not what it held.
    for r in [&mut on_csv, &mut on_xlsx] {
        let r = r.as_object_mut().unwrap();
        r.remove("file");
        r.remove("format");
    }
    assert_eq!(on_csv["rows"], 3000);
    assert_eq!(on_xlsx, on_csv);
    // The benchmark gives the worker's session the workbook as the page does, read (not its
    // bytes, which it would refuse): the session analyses it, or the benchmark fails.
    let r = report(&["bench", xlsx.to_str().unwrap(), "--runs", "1"], None);
    assert_eq!(r["rows"], 3000);
    assert!(r["session_peak_heap_bytes"].as_u64().unwrap() > 0);
    // More rows than a sheet holds: said, and nothing written.
    let out = boomerang(&["synth", "--rows", "1048576", "--xlsx"], None);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("a sheet holds 1048575 rows"));
}

/// The blog embed's pages in the repository are what `boomerang embed-page` writes: the text a
/// reader sees before the module loads says what the calculator computes.
#[test]
fn the_embed_pages_are_written_from_the_calculator() {
    for (lang, file, figure) in [
        ("ru", "embed.html", "3\u{a0}500\u{a0}000,00\u{a0}₽"),
        ("en", "embed-en.html", "$3,500,000.00"),
    ] {
        let out = boomerang(&["embed-page", lang], None);
        assert!(out.status.success());
        let written = String::from_utf8(out.stdout).unwrap();
        let path = format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"));
        let kept = std::fs::read_to_string(&path).unwrap();
        assert!(
            kept == written,
            "{file} is out of date: run `boomerang embed-page {lang} > {file}`"
        );
        // Seed 000: 10 of 40 clients lost a year at 50,000 × 7 purchases.
        assert!(
            written.contains(&format!("<strong class=\"value\">{figure}</strong>")),
            "{file}"
        );
        assert!(written.contains(&format!("<html lang=\"{lang}\">")));
    }
}
