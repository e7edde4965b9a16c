//! `boomerang`: Boomerang's analysis from the command line, JSON out.

use std::io::Read;
use std::process::ExitCode;

use boomerang_core::{
    import, summarize, DataKind, DateOrder, Delimiter, Import, ImportOptions, Role,
};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};

#[derive(Parser)]
#[command(
    name = "boomerang",
    version,
    about = "Win-back analytics: what lost clients cost and whom to call first"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a sales export (CSV, TSV, whitespace text, XLSX; UTF-8 or Windows-1251) and print a JSON report.
    ///
    /// The report holds: `rows` (data rows read), `rows_left_out`, `clients`, `occasions`
    /// (purchases of one client on one day count once), `revenue` (up to --as-of), the detected
    /// `format` and `columns`, and `issues` (each row left out: row, column, value, message).
    Analyze(AnalyzeArgs),
    /// Print the demo data set (a wholesaler's sales log, `;`-separated) on standard output.
    Demo,
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// The file to read; `-` reads standard input.
    file: String,
    /// The analysis date (YYYY-MM-DD); purchases after it are left out. Default: the latest purchase.
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// The order of day and month in slash dates such as 03/04/2024, when the data cannot tell.
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
    /// Transaction log (one row per purchase) or client table (one row per client).
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// The delimiter of a text file.
    #[arg(long, value_enum)]
    delimiter: Option<DelimiterArg>,
    /// Whether the first row is a header (default: detected).
    #[arg(long)]
    header: Option<bool>,
    /// A column's role, as ROLE=COLUMN, COLUMN being a header name or a 1-based number; repeatable.
    /// Roles: client_id, client_name, date, amount, profit, manager, product, reason,
    /// first_date, last_date, purchases. `ROLE=` alone takes the role away.
    #[arg(long = "column", value_name = "ROLE=COLUMN")]
    columns: Vec<String>,
    /// The sheet of a workbook (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DateOrderArg {
    /// Day first: 31/12/2024.
    Dmy,
    /// Month first: 12/31/2024.
    Mdy,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Transactions,
    Clients,
}

#[derive(Clone, Copy, ValueEnum)]
enum DelimiterArg {
    Tab,
    Semicolon,
    Comma,
    Pipe,
    Space,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, found `{s}`"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo => {
            print!("{}", boomerang_core::demo::wholesaler_csv());
            ExitCode::SUCCESS
        }
        Command::Analyze(args) => match analyze(&args) {
            Ok(report) => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("a JSON value serialises")
                );
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("boomerang: {why}");
                ExitCode::FAILURE
            }
        },
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}."))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("cannot read `{file}`: {e}."))?;
    }
    Ok(bytes)
}

fn options(args: &AnalyzeArgs) -> ImportOptions {
    ImportOptions {
        kind: args.kind.map(|k| match k {
            KindArg::Transactions => DataKind::Transactions,
            KindArg::Clients => DataKind::ClientTable,
        }),
        delimiter: args.delimiter.map(|d| match d {
            DelimiterArg::Tab => Delimiter::Tab,
            DelimiterArg::Semicolon => Delimiter::Semicolon,
            DelimiterArg::Comma => Delimiter::Comma,
            DelimiterArg::Pipe => Delimiter::Pipe,
            DelimiterArg::Space => Delimiter::Whitespace,
        }),
        header: args.header,
        date_order: args.date_order.map(|o| match o {
            DateOrderArg::Dmy => DateOrder::Dmy,
            DateOrderArg::Mdy => DateOrder::Mdy,
        }),
        roles: Vec::new(),
        sheet: args.sheet.clone(),
    }
}

/// Resolves `--column ROLE=COLUMN` against the detected columns.
fn column_roles(
    args: &AnalyzeArgs,
    first: &Import,
    opts: &mut ImportOptions,
) -> Result<(), String> {
    for spec in &args.columns {
        let (role, column) = spec
            .split_once('=')
            .ok_or_else(|| format!("--column takes ROLE=COLUMN, found `{spec}`."))?;
        let role = Role::from_key(role.trim()).ok_or_else(|| {
            format!(
                "unknown role `{role}` in --column; roles are: {}.",
                roles_list()
            )
        })?;
        let column = column.trim();
        let index = first
            .columns
            .iter()
            .position(|c| c.name == column)
            .or_else(|| {
                column
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n >= 1 && n <= first.columns.len())
                    .map(|n| n - 1)
            })
            .ok_or_else(|| {
                let names: Vec<&str> = first.columns.iter().map(|c| c.name.as_str()).collect();
                format!(
                    "no column `{column}`; the columns are: {}.",
                    names.join(", ")
                )
            })?;
        opts.set_role(index, Some(role));
    }
    Ok(())
}

fn roles_list() -> String {
    Role::ALL
        .iter()
        .map(|r| r.key())
        .collect::<Vec<_>>()
        .join(", ")
}

fn analyze(args: &AnalyzeArgs) -> Result<Value, String> {
    let bytes = read_input(&args.file)?;
    let mut opts = options(args);
    let mut imported = import(&bytes, &opts).map_err(|e| e.to_string())?;
    if !args.columns.is_empty() {
        column_roles(args, &imported, &mut opts)?;
        imported = import(&bytes, &opts).map_err(|e| e.to_string())?;
    }
    let loaded = imported.result.as_ref().map_err(|e| e.to_string())?;
    let summary = summarize(&loaded.data, args.as_of).ok_or_else(|| {
        "no purchase falls on or before the analysis date; pick a later --as-of.".to_owned()
    })?;
    Ok(json!({
        "file": args.file,
        "kind": imported.kind,
        "format": imported.format,
        "columns": imported.columns,
        "rows": loaded.rows,
        "rows_left_out": loaded.rows_left_out,
        "clients": summary.clients,
        "occasions": summary.occasions,
        "revenue": summary.revenue,
        "as_of": summary.as_of,
        "first_date": summary.first_date,
        "last_date": summary.last_date,
        "purchases_after_as_of": summary.purchases_after_as_of,
        "issues": loaded.issues.iter().map(|i| json!({
            "row": i.row, "column": i.column, "value": i.value, "message": i.message,
            "kind": i.kind, "row_left_out": i.row_left_out,
        })).collect::<Vec<_>>(),
    }))
}
