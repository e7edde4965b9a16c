//! `boomerang`: Boomerang's analysis from the command line, JSON out.

use std::io::Read;
use std::process::ExitCode;

use boomerang_core::bgnbd::TimeUnit;
use boomerang_core::counting::{fit_model, ChosenBy, CountFit, ModelKind};
use boomerang_core::warehouse::{params_sql, Engine};
use boomerang_core::ByteSource;
use boomerang_core::{
    analyze, analyze_rules_keeping, attach_models, attach_models_to_facts, fit_models,
    fit_models_warm, import, quick, summarize, AbcBasis, AbcWindow, Analysis, ChurnInput, DataKind,
    DateOrder, Delimiter, Figure, Import, ImportOptions, LineFacts, LostInPeriod, Money,
    PeriodChoice, QuickInputs, Role, Settings,
};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod embed_page;
use serde_json::{json, Value};

const FIGURES: &str = "\
Figures of the report:
  rows, rows_left_out    data rows read, and rows that could not be used (listed in `issues`)
  clients, occasions     distinct clients; purchase occasions (one client, one day = one)
  revenue                the sum of amounts up to --as-of
  status                 active: bought within their usual interval; sleeping: the next purchase
                         is overdue but within the lost threshold L = max(k × interval, min-days);
                         lost: silent for longer than L (one-time buyers: the business-wide L)
  lost_twice             lost now after an earlier loss and return: not to be won back
  period                 {from, to}: the days of the period figures (default the 365 days up to
                         --as-of; --period-from/--period-to pick another)
  period_revenue         what all clients bought in the period, for scale
  lost_in_period         clients whose loss began in the period (a client who bought last on day t
                         is lost from t + floor(L) + 1) and who had not bought again by its end;
                         share_of_base (of the clients not lost at its start or buying in it);
                         annual_revenue = the sum of their years: the lost revenue a year.
                         A client's year = their revenue in the 365 days up to the last purchase
                         before the loss; returned_since = of them, bought again after the period
  previous_period        the same for the period of the same length before it
  lost_all               every client lost now, however long ago: clients, the sum of their years,
                         under_1y, from_1y_to_2y, over_2y since the loss (a stock, not a year's loss)
  returned_in_period     clients whose return (first purchase after a loss) falls in the period, and
                         their revenue since; fragile: clients who came back less than 90 days ago
  sleeping_potential     sleeping clients' average checks × return probability (one order each)
  declining              active or sleeping clients whose last 365 days are at least a third below
                         the 365 before: clients, revenue_drop
  campaign               over the clients worth calling (categories 1-3): clients, cost, expected
                         returns (Σ return chance), recoverable_revenue (Σ return chance × the
                         client's year), expected_net, roi
  churn_rate_annual      clients not lost at the period's start and lost at its end / clients not lost at
                         its start (scaled to a year when the window is not 365 days)
  retention              1 − churn
  lifetime_years         1 / churn; observed_lifetime_years: mean span of lost clients
  reactivation_rate      clients who came back after a loss / clients ever lost
  abc                    A, B, C by the client's year of profit (or revenue; --abc-window all: all
                         history): a client is A while the share before it is below --abc-a, B
                         below --abc-b; clients, client_share, value, revenue_share
  xyz                    X, Y, Z by the variation of monthly revenue over the client's last 12 months
  matrix                 ABC × XYZ: clients and revenue per cell
  winback                clients per category: return_first (A), return_necessarily (B),
                         return_if_possible (C) when p × benefit − cost > 0, else let_go;
                         p = return probability × 0.5^(months since loss / half-life);
                         benefit = profit per deal × (the client's year's purchases / 12) ×
                         lifetime in months; cost = cost per attempt × attempts + p × incentive
  managers, reasons      per manager (the manager of the last purchase by the period's end):
                         period_clients, period_lost, lost_ratio, lost_revenue (their years),
                         today's clients, active, sleeping, lost, and hand_over (clients worth
                         calling who were theirs when they left: another manager should call);
                         reasons.groups: competitors, company, outside, unsorted (by Russian and
                         English keywords) with clients and annual_revenue; reasons.lines: per
                         reason its group, winnable (closing down, bankruptcy, moving away, no
                         longer needing it cannot be won back: let go), urgent (the contact
                         person changed: called first), lost clients, their years, ABC
  products               per product (with a product column): clients lost now who bought it in
                         their year, what they paid for it then, ABC of products
  pareto_nbd, mbg_nbd,   with --model: each model fitted ({params {r, alpha, s, beta} or
  bgnbd, gamma_gamma     {r, alpha, a, b}, log_likelihood, time_unit}) and Gamma-Gamma (p, q, gamma)
  model                  chosen (pareto, mbgnbd, bgnbd), chosen_by (holdout_error, log_likelihood,
                         user), why, comparison (each model's log_likelihood and holdout_error:
                         clients × |actual − predicted| per line / clients), P(alive)-weighted
                         lost revenue (lost_annual_revenue, its part from the rule's lost
                         clients), total CLV, disagreements, the chosen model's holdout check;
                         {\"model\": {\"undefined\": \"why\"}} when no model can be fitted
--clients FILE.csv      every client with every figure: status, annual_revenue, purchases_a_year,
                         lost_since, returned_on, declining, return_chance, benefit, cost,
                         expected_net, roi, category (empty for active clients), let_go_because
                         (lost_twice, reason, not_worth_it), call_at_once, reason, reason_group,
                         manager_at_loss (lost clients), and the model's columns
A figure that cannot be computed is {\"undefined\": \"why\"}, never 0.";

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
    #[command(after_long_help = FIGURES, after_help = "Run with --help for what each figure means.")]
    Analyze(Box<AnalyzeArgs>),
    /// Print the demo data set (a wholesaler's sales log, `;`-separated) on standard output.
    Demo,
    /// Fit BG/NBD to a per-client summary CSV (columns frequency, recency, T, as `lifetimes`
    /// writes them) and print the parameters and the fit's time (the benchmark uses this).
    FitSummary {
        /// The summary CSV.
        file: String,
        /// The time unit of recency and T [default: week].
        #[arg(long, value_enum)]
        unit: Option<UnitArg>,
        /// Fits to time; the fastest counts.
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// The model to fit [default: bgnbd].
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
    },
    /// Write a synthetic transaction log for benchmarks (`client,date,amount`, about 17
    /// purchases a client, clients who leave and come back) on standard output.
    Synth {
        /// Purchases (rows) to write.
        #[arg(long)]
        rows: usize,
        /// The generator's seed: the same seed, the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The same purchases laid out as CDNOW's master file: runs of spaces between
        /// columns, `YYYYMMDD` days, a count of items, `\r\n` line ends.
        #[arg(long, conflicts_with = "xlsx")]
        cdnow: bool,
        /// The same purchases as an Excel workbook (one sheet, `client`, `date` as a date,
        /// `amount` as a number), as an accounting system exports them.
        #[arg(long)]
        xlsx: bool,
    },
    /// Time the core on a file, as the browser's worker runs it: the import (read the file,
    /// decode, split, read every row into the client data), the full analysis with default
    /// settings (`analyze_s`), of it the rule's figures that the page shows first (`rules_s`)
    /// and the models that follow (`models_s`; the client lines gone to the page by then), a
    /// change of k that reuses the fitted models and the clients' histories
    /// (`setting_change_s`), another right after it (`setting_change_again_s`), the same change
    /// as the worker answers it, its replies put into the binary form it posts to the page
    /// (`setting_change_with_messages_s`), and a change of the analysis date a month back,
    /// whose models are refitted from where the last fits ended (`as_of_change_s`; the same
    /// from scratch, `as_of_change_from_scratch_s`). Prints JSON; the fastest of `--runs`
    /// counts. It counts the import's allocations too (`import_allocations`, and per row), and
    /// the heap's peak in the import and in the analysis.
    Bench {
        /// The file.
        file: String,
        /// Runs to time.
        #[arg(long, default_value_t = 3)]
        runs: u32,
    },
    /// Write the demo's answers, computed ahead of time, beside the built app: `demo.bin` (the
    /// analysis with the default settings) and `demo-history.bin` (every client's purchases),
    /// so the page shows the demo without starting its compute worker. Run by trunk's
    /// post-build hook (Trunk.toml).
    DemoReplies {
        /// The folder [default: $TRUNK_STAGING_DIR, else dist].
        dir: Option<String>,
    },
    /// Print the blog embed's page (the quick calculator, text and figures written in, for
    /// `embed.html` and `embed-en.html`).
    EmbedPage {
        /// The page's language.
        #[arg(value_enum)]
        lang: LangArg,
    },
    /// Print the warehouse query that summarises the orders into Boomerang's client table
    /// where they live (docs/warehouse-sql.md), or its export line, or its params table.
    Sql {
        /// The engine.
        #[arg(value_enum)]
        engine: EngineArg,
        /// Print the line that writes the result to clients.csv instead.
        #[arg(long, conflicts_with = "params")]
        export: bool,
        /// Print the one-row params table the query reads instead (the analysis date and the
        /// lost rule's default settings).
        #[arg(long)]
        params: bool,
        /// The analysis date for --params, as YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_day, requires = "params")]
        as_of: Option<NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// Russian (embed.html).
    Ru,
    /// English (embed-en.html).
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum EngineArg {
    /// PostgreSQL 13 or later.
    Postgres,
    /// ClickHouse.
    Clickhouse,
    /// DuckDB.
    Duckdb,
    /// BigQuery.
    Bigquery,
}

impl EngineArg {
    fn engine(self) -> Engine {
        match self {
            EngineArg::Postgres => Engine::Postgres,
            EngineArg::Clickhouse => Engine::ClickHouse,
            EngineArg::Duckdb => Engine::DuckDb,
            EngineArg::Bigquery => Engine::BigQuery,
        }
    }
}

/// Writes to standard output; a reader that stopped early (`| head`) is not an error.
fn emit(text: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("boomerang: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Args)]
struct AnalyzeArgs {
    /// The file to read; `-` reads standard input. Not needed with --quick.
    #[arg(required_unless_present = "quick")]
    file: Option<String>,
    /// Write the per-client table (every figure per client) as CSV to this file.
    #[arg(long, value_name = "FILE.csv")]
    clients: Option<String>,
    #[command(flatten)]
    import: ImportArgs,
    #[command(flatten)]
    settings: SettingsArgs,
    /// Compute the quick calculator from flags instead of reading data.
    #[arg(long)]
    quick: bool,
    #[command(flatten)]
    quick_args: QuickArgs,
}

#[derive(Args)]
#[command(next_help_heading = "Reading the input")]
struct ImportArgs {
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
    /// first_date, last_date, purchases.
    #[arg(long = "column", value_name = "ROLE=COLUMN")]
    columns: Vec<String>,
    /// The sheet of a workbook (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Args)]
#[command(next_help_heading = "Settings of the analysis")]
struct SettingsArgs {
    /// The analysis date (YYYY-MM-DD); purchases after it are left out. Default: the latest purchase.
    #[arg(long, value_parser = parse_day)]
    as_of: Option<NaiveDate>,
    /// The first day of the period (YYYY-MM-DD) [default: 364 days before --as-of].
    #[arg(long, value_parser = parse_day, requires = "period_to")]
    period_from: Option<NaiveDate>,
    /// The last day of the period (YYYY-MM-DD) [default: --as-of].
    #[arg(long, value_parser = parse_day, requires = "period_from")]
    period_to: Option<NaiveDate>,
    /// The period "previous calendar year" (the year before --as-of's) instead of the last 12 months.
    #[arg(long, conflicts_with = "period_from")]
    previous_calendar_year: bool,
    /// Lost threshold multiplier: lost after k × the usual interval [default: 1.3333 (4/3)].
    #[arg(long)]
    k: Option<f64>,
    /// The least lost threshold, in days [default: 30].
    #[arg(long)]
    min_days: Option<u32>,
    /// One-time buyers' lost threshold in days when too few clients buy repeatedly [default: 90].
    #[arg(long)]
    one_time_days: Option<u32>,
    /// Repeat clients needed for their median interval to judge one-time buyers [default: 10].
    #[arg(long)]
    min_repeat_clients: Option<usize>,
    /// Chance that a client won back returns, in percent [default: 25].
    #[arg(long, value_name = "PERCENT")]
    return_probability: Option<f64>,
    /// A lost client's return chance halves every this many months since the loss; `off` keeps
    /// it flat [default: 12].
    #[arg(long, value_name = "MONTHS|off", value_parser = parse_half_life)]
    half_life_months: Option<HalfLife>,
    /// Margin on revenue when the data has no profit column, in percent [default: 30].
    #[arg(long, value_name = "PERCENT")]
    margin: Option<f64>,
    /// Cost of one attempt to win a client back [default: 500].
    #[arg(long)]
    cost_per_attempt: Option<f64>,
    /// Attempts per client [default: 3].
    #[arg(long)]
    attempts: Option<u32>,
    /// Incentive (discount, gift) per client who comes back [default: 0].
    #[arg(long)]
    incentive: Option<f64>,
    /// Client lifetime in years for the win-back benefit [default: 1 / churn].
    #[arg(long)]
    lifetime_years: Option<f64>,
    /// What ABC ranks clients by [default: auto: profit when there is a profit column].
    #[arg(long, value_enum)]
    abc_basis: Option<AbcBasisArg>,
    /// Share of the total that class A covers, in percent [default: 80].
    #[arg(long, value_name = "PERCENT")]
    abc_a: Option<f64>,
    /// Over which days ABC ranks: the client's year or all history [default: year].
    #[arg(long, value_enum)]
    abc_window: Option<AbcWindowArg>,
    /// Share of the total that classes A and B cover, in percent [default: 90].
    #[arg(long, value_name = "PERCENT")]
    abc_b: Option<f64>,
    /// Highest variation of monthly revenue in class X, in percent [default: 10].
    #[arg(long, value_name = "PERCENT")]
    xyz_x: Option<f64>,
    /// Highest variation of monthly revenue in class Y, in percent [default: 25].
    #[arg(long, value_name = "PERCENT")]
    xyz_y: Option<f64>,
    /// Fit the models of "is this client still alive?" (Pareto/NBD, MBG/NBD, BG/NBD, with
    /// Gamma-Gamma for spend) and use the one named, or with `auto` the one with the
    /// smallest holdout error.
    #[arg(long, value_enum)]
    model: Option<ModelArg>,
    /// The model's time unit [default: week].
    #[arg(long, value_enum)]
    model_unit: Option<UnitArg>,
    /// Horizon of expected purchases and CLV, in months [default: 12].
    #[arg(long)]
    horizon_months: Option<u32>,
    /// Monthly discount rate of CLV, in percent [default: 1].
    #[arg(long, value_name = "PERCENT")]
    monthly_discount: Option<f64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum AbcWindowArg {
    /// The client's year: the 365 days up to their last purchase.
    Year,
    /// All history.
    All,
}

/// `--half-life-months`: months, or off.
#[derive(Clone, Copy)]
struct HalfLife(Option<f64>);

fn parse_half_life(s: &str) -> Result<HalfLife, String> {
    if s.eq_ignore_ascii_case("off") {
        return Ok(HalfLife(None));
    }
    s.parse::<f64>()
        .map(|m| HalfLife(Some(m)))
        .map_err(|_| format!("expected a number of months or `off`, found `{s}`"))
}

#[derive(Clone, Copy, ValueEnum)]
enum ModelArg {
    /// The model with the smallest error on a held-out last third of the history.
    Auto,
    /// Pareto/NBD (Schmittlein, Morrison and Colombo 1987): a client can leave at any moment.
    Pareto,
    /// Modified BG/NBD (Batislam, Denizel and Filiztekin 2007): leaves at any purchase.
    Mbgnbd,
    /// BG/NBD (Fader, Hardie and Lee 2005): leaves only right after a repeat purchase.
    Bgnbd,
}

impl ModelArg {
    /// The model to use; `None` for the one the holdout check picks.
    fn kind(self) -> Option<ModelKind> {
        match self {
            ModelArg::Auto => None,
            ModelArg::Pareto => Some(ModelKind::ParetoNbd),
            ModelArg::Mbgnbd => Some(ModelKind::MbgNbd),
            ModelArg::Bgnbd => Some(ModelKind::BgNbd),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum UnitArg {
    Day,
    Week,
    Month,
}

#[derive(Args)]
#[command(
    next_help_heading = "Quick calculator (with --quick; also uses --margin, --return-probability, --cost-per-attempt, --attempts, --incentive)"
)]
struct QuickArgs {
    /// Clients in the base [default: 40].
    #[arg(long)]
    base: Option<f64>,
    /// Annual churn in percent.
    #[arg(long, value_name = "PERCENT", conflicts_with = "lost_per_year")]
    churn: Option<f64>,
    /// Clients lost a year (instead of --churn) [default: 10].
    #[arg(long)]
    lost_per_year: Option<f64>,
    /// Average check [default: 50000].
    #[arg(long)]
    avg_check: Option<f64>,
    /// Purchases a year of one client [default: 7].
    #[arg(long)]
    purchases_per_year: Option<f64>,
    /// Sleeping clients (overdue, not yet lost), for their wake-up potential [default: 0].
    #[arg(long)]
    sleeping: Option<f64>,
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

#[derive(Clone, Copy, ValueEnum)]
enum AbcBasisArg {
    Auto,
    Revenue,
    Profit,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, found `{s}`"))
}

/// The system allocator, counting allocations: `bench` reports how many the import makes
/// (the goal is one per client and per issue, not one per row).
struct Counting;

static ALLOCATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// Bytes allocated and not yet freed, and the most of them since [`reset_peak`].
static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn grew(bytes: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call goes to the system allocator unchanged; only counters are added.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ptr = unsafe { std::alloc::System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let new = unsafe { std::alloc::System.realloc(ptr, layout, size) };
        if !new.is_null() {
            // Counted as the new block beside the old, as a moving realloc holds both.
            grew(size);
            LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Starts a new measure of the heap's peak from what is allocated now.
fn reset_peak() {
    use std::sync::atomic::Ordering::Relaxed;
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// The most heap bytes held at once since [`reset_peak`].
fn peak() -> usize {
    PEAK.load(std::sync::atomic::Ordering::Relaxed)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => return emit(&boomerang_core::demo::wholesaler_csv()),
        Command::DemoReplies { dir } => {
            let dir = dir
                .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
                .unwrap_or_else(|| "dist".to_owned());
            let (replies, histories) = boomerang_core::session::demo_replies(
                &ImportOptions::default(),
                &Settings::default(),
            );
            let write = |name: &str, bytes: Vec<u8>| {
                std::fs::write(std::path::Path::new(&dir).join(name), bytes)
                    .map_err(|e| format!("cannot write {name} in {dir}: {e}"))
            };
            write("demo.bin", boomerang_core::session::encode(&replies))
                .and_then(|()| write("demo-history.bin", boomerang_core::session::encode(&histories)))
                .map(|()| json!({ "written": [format!("{dir}/demo.bin"), format!("{dir}/demo-history.bin")] }))
        }
        Command::EmbedPage { lang } => {
            return emit(&embed_page::page(match lang {
                LangArg::Ru => boomerang_core::format::Lang::Ru,
                LangArg::En => boomerang_core::format::Lang::En,
            }))
        }
        Command::Sql {
            engine,
            export,
            params,
            as_of,
        } => {
            let engine = engine.engine();
            let text = if export {
                engine.export_line()
            } else if params {
                let day = as_of.unwrap_or_else(today);
                params_sql(engine, day, &Settings::default())
            } else {
                engine.sql().trim_end().to_owned()
            };
            return emit(&format!("{text}\n"));
        }
        Command::FitSummary {
            file,
            unit,
            runs,
            model,
        } => fit_summary(&file, unit, runs, model),
        Command::Synth {
            rows,
            seed,
            cdnow,
            xlsx,
        } => {
            use boomerang_core::demo::{synthetic_log_as, LogLayout};
            let layout = if cdnow {
                LogLayout::Cdnow
            } else {
                LogLayout::Csv
            };
            let out = std::io::stdout();
            if xlsx {
                return match synthetic_workbook(rows, seed) {
                    Ok(book) => match std::io::Write::write_all(&mut out.lock(), &book) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => {
                            eprintln!("boomerang: cannot write: {e}");
                            ExitCode::FAILURE
                        }
                    },
                    Err(e) => {
                        eprintln!("boomerang: cannot make the workbook: {e}");
                        ExitCode::FAILURE
                    }
                };
            }
            return match synthetic_log_as(rows, seed, layout, &mut out.lock()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("boomerang: cannot write: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Bench { file, runs } => bench(&file, runs),
        Command::Analyze(args) if args.quick => run_quick(&args),
        Command::Analyze(args) => run_analyze(&args),
    };
    match result {
        Ok(report) => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).expect("a JSON value serialises")
        )),
        Err(why) => {
            eprintln!("boomerang: {why}");
            ExitCode::FAILURE
        }
    }
}

/// The synthetic log's purchases ([`boomerang_core::demo::synthetic_log_as`]) as an XLSX
/// workbook: a sheet `Sales` with the client as text, the day as an Excel date and the amount
/// as a number, under a header row.
fn synthetic_workbook(rows: usize, seed: u64) -> Result<Vec<u8>, String> {
    use boomerang_core::demo::{synthetic_log_as, LogLayout};
    use boomerang_core::export::{to_xlsx, Cell, Kind, Table};
    // An Excel sheet holds 1,048,576 rows, the header one of them.
    const MOST: usize = 1_048_575;
    if rows > MOST {
        return Err(format!(
            "a sheet holds {MOST} rows under its header, not {rows}: write fewer (--rows)"
        ));
    }
    let mut csv = Vec::new();
    synthetic_log_as(rows, seed, LogLayout::Csv, &mut csv).map_err(|e| e.to_string())?;
    let csv = String::from_utf8(csv).map_err(|e| e.to_string())?;
    let mut lines = csv.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|line| {
            let mut cells = line.split(',');
            let mut next = || cells.next().unwrap_or_default();
            let client = Cell::Text(next().to_owned());
            let day = next();
            let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|e| format!("{day}: {e}"))?;
            let amount = next();
            let amount: f64 = amount.parse().map_err(|e| format!("{amount}: {e}"))?;
            Ok(vec![client, Cell::Date(date), Cell::Number(amount)])
        })
        .collect::<Result<Vec<_>, String>>()?;
    to_xlsx(&Table {
        name: "Sales".into(),
        header,
        kinds: vec![Kind::General, Kind::Date, Kind::General],
        currency: String::new(),
        rows,
    })
}

fn bench(file: &str, runs: u32) -> Result<serde_json::Value, String> {
    use boomerang_core::session::{encode, HeldLines, Reply, Request, Session, SourceKind};
    use std::time::Instant;
    let options = ImportOptions {
        today: Some(today()),
        ..ImportOptions::default()
    };
    let (mut import_s, mut analyze_s) = (f64::INFINITY, f64::INFINITY);
    let (mut rules_s, mut models_s, mut refit_s) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let (mut again_s, mut as_of_s, mut as_of_cold_s) =
        (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let (mut facts, mut size) = ((0, 0), 0);
    let (mut import_allocations, mut issues) = (0, 0);
    let (mut import_peak, mut analysis_peak) = (0, 0);
    for _ in 0..runs.max(1) {
        // From the file, as `analyze` reads it: a text file a piece at a time as it is
        // imported, its text never whole (the browser's worker reads a file whole); a workbook
        // whole.
        let start = Instant::now();
        reset_peak();
        let input = Input::open(file)?;
        size = std::fs::metadata(file).map_or(0, |m| m.len() as usize);
        let before = allocations();
        let imported = input.import(&options)?;
        drop(input);
        import_allocations = allocations() - before;
        import_s = import_s.min(start.elapsed().as_secs_f64());
        import_peak = peak();
        reset_peak();
        let mut loaded = imported.result.map_err(|e| e.to_string())?;
        issues = loaded.issues.len();
        // The worker's session lets a log's purchases go once their occasions are merged.
        if let boomerang_core::Data::Transactions(log) = &mut loaded.data {
            log.let_purchases_go();
        }
        // As the worker runs it: the rule's figures (what the page shows first), then the
        // models fitted and attached; and a change of k, which reuses the fitted models.
        let settings = Settings::default();
        let start = Instant::now();
        let mut kept = None;
        let mut analysis =
            analyze_rules_keeping(&loaded.data, &settings, &mut kept).map_err(|e| e.to_string())?;
        rules_s = rules_s.min(start.elapsed().as_secs_f64());
        // The worker sends the lines to the page and lets them go: while the models are
        // fitted it keeps only what their figures read of each line.
        let facts_of_lines = LineFacts::of(&analysis.clients);
        let clients = std::mem::take(&mut analysis.clients).len();
        let fitted = fit_models(&loaded.data, analysis.as_of, &settings);
        let line_models = attach_models_to_facts(&mut analysis, &facts_of_lines, &fitted);
        std::hint::black_box(line_models);
        let whole = start.elapsed().as_secs_f64();
        analysis_peak = peak();
        analyze_s = analyze_s.min(whole);
        models_s = models_s.min(whole - rules_s.min(whole));
        let start = Instant::now();
        let changed = Settings {
            k: 2.0,
            ..settings.clone()
        };
        let mut again =
            analyze_rules_keeping(&loaded.data, &changed, &mut kept).map_err(|e| e.to_string())?;
        attach_models(&mut again, &fitted);
        refit_s = refit_s.min(start.elapsed().as_secs_f64());
        // Another change right after, as a slider moves: the memory the last one freed is at
        // hand, as it is in the worker.
        drop(again);
        let start = Instant::now();
        let changed = Settings { k: 2.5, ..settings };
        let mut again =
            analyze_rules_keeping(&loaded.data, &changed, &mut kept).map_err(|e| e.to_string())?;
        attach_models(&mut again, &fitted);
        again_s = again_s.min(start.elapsed().as_secs_f64());
        // A change of the analysis date, a month back: the histories are built again and the
        // models refitted, each fit starting where the last one ended.
        drop(again);
        let start = Instant::now();
        let changed = Settings {
            as_of: Some(analysis.as_of - chrono::Duration::days(30)),
            ..Settings::default()
        };
        let mut again =
            analyze_rules_keeping(&loaded.data, &changed, &mut kept).map_err(|e| e.to_string())?;
        let refitted = fit_models_warm(&loaded.data, again.as_of, &changed, fitted.into_warmth());
        attach_models(&mut again, &refitted);
        as_of_s = as_of_s.min(start.elapsed().as_secs_f64());
        // The same analysis as of that date from scratch: histories built and models fitted
        // afresh.
        drop((again, refitted));
        let start = Instant::now();
        let mut fresh =
            analyze_rules_keeping(&loaded.data, &changed, &mut None).map_err(|e| e.to_string())?;
        let fitted = fit_models(&loaded.data, fresh.as_of, &changed);
        attach_models(&mut fresh, &fitted);
        as_of_cold_s = as_of_cold_s.min(start.elapsed().as_secs_f64());
        facts = (loaded.rows, clients);
    }
    // A change of k as the worker answers it: its session holds the import and the fitted
    // models, and every reply is put into the binary form the worker posts to the page.
    // Its first job is measured for the heap's peak: a text file read a piece at a time, as
    // `analyze` reads it, or a workbook's bytes, as the compute worker reads a workbook (the
    // page can give them again, so the session lets them go once imported); a workbook its
    // hand reader does not know, as the page then gives it: its sheets, as the workbook
    // worker wrote them.
    let mut session = Session::default();
    session.keep_file(true);
    let (mut bytes, mut source) = (None, None);
    match Input::open(file)? {
        Input::File(handle) => session.set_file(Box::new(handle)),
        Input::Bytes(read) => {
            bytes = Some(read);
            source = Some(SourceKind::Bytes);
        }
    }
    let mut change_in_session_s = f64::INFINITY;
    let mut session_peak = 0;
    let (mut i, mut sheets_given) = (0, false);
    while i <= runs.max(1) {
        let settings = Settings {
            k: [4.0 / 3.0, 2.0][i as usize % 2],
            model: true,
            ..Settings::default()
        };
        if i == 0 {
            reset_peak();
        }
        let start = Instant::now();
        let request = Request::Run {
            job: i,
            source: source.take(),
            options: options.clone(),
            settings: Box::new(settings),
            // As the page asks: it holds the last job's lines, with the models' figures
            // beside them, and only what the settings decide of each comes again.
            held: i.checked_sub(1).map(|job| HeldLines { job, models: true }),
        };
        let (mut analysed, mut needs_reader) = (false, false);
        session.handle(request, bytes.take(), &mut |reply| {
            if let Reply::Done { outcome, .. } = &reply {
                analysed = matches!(outcome.analysis, Some(Ok(_)));
                needs_reader = matches!(&outcome.import,
                    Err(e) if *e.kind() == boomerang_core::ErrorKind::WorkbookNeedsReader);
            }
            std::hint::black_box(encode(&reply));
        });
        if needs_reader && i == 0 && !sheets_given {
            sheets_given = true;
            let Input::Bytes(read) = Input::open(file)? else {
                return Err(format!("{file} is not a workbook"));
            };
            let book = boomerang_core::read_workbook(&read).map_err(|e| e.to_string())?;
            bytes = Some(encode(&book));
            source = Some(SourceKind::EncodedWorkbook);
            session = Session::default();
            session.keep_file(true);
            continue;
        }
        if !analysed {
            return Err(format!("the worker's session did not analyse {file}"));
        }
        if i == 0 {
            session_peak = peak();
        } else {
            change_in_session_s = change_in_session_s.min(start.elapsed().as_secs_f64());
        }
        i += 1;
    }
    Ok(serde_json::json!({
        "bytes": size,
        "rows": facts.0,
        "clients": facts.1,
        "import_s": import_s,
        "analyze_s": analyze_s,
        "rules_s": rules_s,
        "models_s": models_s,
        "setting_change_s": refit_s,
        "setting_change_again_s": again_s,
        "setting_change_with_messages_s": change_in_session_s,
        "as_of_change_s": as_of_s,
        "as_of_change_from_scratch_s": as_of_cold_s,
        "issues": issues,
        "import_allocations": import_allocations,
        "import_allocations_per_row": import_allocations as f64 / facts.0.max(1) as f64,
        "import_peak_heap_bytes": import_peak,
        "analysis_peak_heap_bytes": analysis_peak,
        "session_peak_heap_bytes": session_peak,
        "peak_heap_per_file_byte": import_peak.max(analysis_peak).max(session_peak) as f64 / size.max(1) as f64,
    }))
}

/// What `analyze` reads: a text file is read a piece at a time as it is imported, its text
/// never whole in memory (a 5M-row log's import peaked at 227 MB where it took 365 MB read
/// whole); a workbook, or standard input, is read whole.
enum Input {
    File(std::fs::File),
    Bytes(Vec<u8>),
}

impl Input {
    fn open(file: &str) -> Result<Input, String> {
        if file == "-" {
            return read_input(file).map(Input::Bytes);
        }
        let handle =
            std::fs::File::open(file).map_err(|e| format!("cannot read `{file}`: {e}."))?;
        // A pipe (`<(zcat log.gz)`) has no size and cannot be read at a place: read whole.
        if !handle.metadata().is_ok_and(|m| m.is_file()) {
            return read_input(file).map(Input::Bytes);
        }
        let head = ByteSource::size(&handle)
            .and_then(|size| ByteSource::read(&handle, 0, size.min(8)))
            .map_err(|e| format!("cannot read `{file}`: {e}."))?;
        if boomerang_core::is_workbook(&head) {
            return read_input(file).map(Input::Bytes);
        }
        Ok(Input::File(handle))
    }

    fn import(&self, opts: &ImportOptions) -> Result<boomerang_core::Import, String> {
        let imported = match self {
            Input::File(file) => {
                boomerang_core::import_source_with(file, opts, &mut |_| {}, &mut |_, _| {})
            }
            Input::Bytes(bytes) => import(bytes, opts),
        };
        imported.map_err(|e| e.to_string())
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

fn import_options(args: &ImportArgs) -> ImportOptions {
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
        today: Some(today()),
    }
}

/// Today (UTC) by the system clock: purchases dated later are typos. The core reads no clock.
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days as i64)
}

fn settings(a: &SettingsArgs) -> Settings {
    let d = Settings::default();
    let pct = |v: Option<f64>, default: f64| v.map_or(default, |p| p / 100.0);
    Settings {
        as_of: a.as_of,
        period: match (a.period_from, a.period_to) {
            (Some(from), Some(to)) => PeriodChoice::Custom { from, to },
            _ if a.previous_calendar_year => PeriodChoice::PreviousCalendarYear,
            _ => PeriodChoice::Last12Months,
        },
        k: a.k.unwrap_or(d.k),
        min_days: a.min_days.unwrap_or(d.min_days),
        one_time_days: a.one_time_days.unwrap_or(d.one_time_days),
        min_repeat_clients: a.min_repeat_clients.unwrap_or(d.min_repeat_clients),
        return_probability: pct(a.return_probability, d.return_probability),
        half_life_months: a.half_life_months.map_or(d.half_life_months, |h| h.0),
        margin: pct(a.margin, d.margin),
        cost_per_attempt: a
            .cost_per_attempt
            .map_or(d.cost_per_attempt, Money::from_major),
        attempts: a.attempts.unwrap_or(d.attempts),
        incentive: a.incentive.map_or(d.incentive, Money::from_major),
        lifetime_years: a.lifetime_years,
        abc_basis: match a.abc_basis {
            None | Some(AbcBasisArg::Auto) => AbcBasis::Auto,
            Some(AbcBasisArg::Revenue) => AbcBasis::Revenue,
            Some(AbcBasisArg::Profit) => AbcBasis::Profit,
        },
        abc_window: match a.abc_window {
            None | Some(AbcWindowArg::Year) => AbcWindow::Year,
            Some(AbcWindowArg::All) => AbcWindow::All,
        },
        abc_a: pct(a.abc_a, d.abc_a),
        abc_b: pct(a.abc_b, d.abc_b),
        xyz_x: pct(a.xyz_x, d.xyz_x),
        xyz_y: pct(a.xyz_y, d.xyz_y),
        model: a.model.is_some(),
        model_kind: a.model.and_then(ModelArg::kind),
        model_unit: match a.model_unit {
            None => d.model_unit,
            Some(UnitArg::Day) => TimeUnit::Day,
            Some(UnitArg::Week) => TimeUnit::Week,
            Some(UnitArg::Month) => TimeUnit::Month,
        },
        horizon_months: a.horizon_months.unwrap_or(d.horizon_months),
        monthly_discount: pct(a.monthly_discount, d.monthly_discount),
        reason_overrides: Vec::new(),
    }
}

/// Resolves `--column ROLE=COLUMN` against the detected columns.
fn column_roles(specs: &[String], first: &Import, opts: &mut ImportOptions) -> Result<(), String> {
    for spec in specs {
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

fn run_analyze(args: &AnalyzeArgs) -> Result<Value, String> {
    let file = args.file.as_deref().unwrap_or("-");
    let input = Input::open(file)?;
    let mut opts = import_options(&args.import);
    let mut imported = input.import(&opts)?;
    if !args.import.columns.is_empty() {
        column_roles(&args.import.columns, &imported, &mut opts)?;
        imported = input.import(&opts)?;
    }
    let loaded = imported.result.as_ref().map_err(|e| e.to_string())?;
    let settings = settings(&args.settings);
    let analysis = analyze(&loaded.data, &settings).map_err(|e| e.to_string())?;
    let summary = summarize(&loaded.data, Some(analysis.as_of))
        .ok_or("no purchase falls on or before the analysis date.")?;
    if let Some(path) = &args.clients {
        write_clients(path, &analysis).map_err(|e| format!("cannot write `{path}`: {e}."))?;
    }
    let mut report = json!({
        "file": file,
        "kind": imported.kind,
        "format": imported.format,
        "columns": imported.columns,
        "rows": loaded.rows,
        "rows_left_out": loaded.rows_left_out,
        "refunds": loaded.refunds,
        "refunds_total": loaded.refunds_total,
        "clients": analysis.clients.len(),
        "occasions": summary.occasions,
        "revenue": summary.revenue,
        "as_of": analysis.as_of,
        "first_date": summary.first_date,
        "last_date": summary.last_date,
        "purchases_after_as_of": summary.purchases_after_as_of,
        "issues": loaded.issues.iter().map(|i| json!({
            "row": i.row, "column": i.column, "value": i.value, "message": i.message,
            "kind": i.kind, "row_left_out": i.row_left_out,
        })).collect::<Vec<_>>(),
    });
    let figures = figures(&analysis);
    report
        .as_object_mut()
        .unwrap()
        .extend(figures.as_object().unwrap().clone());
    Ok(report)
}

fn figures(a: &Analysis) -> Value {
    let abc: serde_json::Map<String, Value> = a
        .classes
        .abc
        .iter()
        .map(|(class, line)| {
            (
                format!("{class:?}"),
                json!({
                    "clients": line.clients, "client_share": line.client_share,
                    "value": line.value, "revenue_share": line.value_share,
                }),
            )
        })
        .collect();
    let xyz = match &a.classes.xyz {
        Figure::Defined(lines) => Value::Object(
            lines
                .iter()
                .map(|(class, line)| {
                    (
                        format!("{class:?}"),
                        json!({
                            "clients": line.clients, "client_share": line.client_share,
                            "revenue": line.value, "revenue_share": line.value_share,
                        }),
                    )
                })
                .chain([("unclassified".to_owned(), json!(a.classes.xyz_unclassified))])
                .collect(),
        ),
        undefined => json!(undefined),
    };
    let winback = match &a.winback {
        Figure::Defined(plan) => {
            let mut m: serde_json::Map<String, Value> = plan
                .categories
                .iter()
                .map(|c| (c.category.key().to_owned(), json!(c.clients)))
                .collect();
            m.insert(
                "expected_net".into(),
                json!(plan
                    .categories
                    .iter()
                    .map(|c| (c.category.key(), c.expected_net))
                    .collect::<std::collections::BTreeMap<_, _>>()),
            );
            m.insert("lifetime_years".into(), json!(plan.lifetime_years));
            m.insert("lifetime_basis".into(), json!(plan.lifetime_basis));
            Value::Object(m)
        }
        undefined => json!(undefined),
    };
    let mut report = json!({
        "status": a.status,
        "lost_twice": a.lost_twice,
        "period": a.period,
        "period_revenue": a.period_revenue,
        "lost_in_period": lost_json(&a.lost_in_period),
        "previous_period": lost_json(&a.previous_period),
        "lost_all": a.lost_all,
        "returned_in_period": a.returned_in_period,
        "sleeping_potential": a.sleeping_potential,
        "declining": a.declining.clone().map(|d| json!({"clients": d.clients, "revenue_drop": d.revenue_drop})),
        "campaign": a.campaign,
        "churn_rate_annual": a.churn.clone().map(|c| c.rate),
        "churn": a.churn,
        "retention": a.retention,
        "lifetime_years": a.lifetime_years,
        "observed_lifetime_years": a.observed_lifetime_years,
        "reactivation_rate": a.reactivation_rate,
        "one_time_rule": a.one_time_rule,
        "abc_basis": a.classes.abc_basis,
        "abc_window": a.classes.abc_window,
        "abc": abc,
        "xyz": xyz,
        "matrix": a.classes.matrix,
        "winback": winback,
        "managers": a.managers,
        "reasons": a.reasons,
        "products": a.products,
        "settings": a.settings,
    });
    if let Some(model) = &a.model {
        let extra = match model {
            Figure::Defined(m) => {
                let fit_of = |kind: ModelKind| match m.models.candidate(kind).map(|c| &c.fit) {
                    Some(Ok(f)) => fit_json(f),
                    Some(Err(why)) => json!({ "undefined": why }),
                    None => json!({ "undefined": "not fitted" }),
                };
                let comparison: Vec<Value> = m
                    .models
                    .candidates
                    .iter()
                    .map(|c| {
                        json!({
                            "model": c.kind.key(),
                            "log_likelihood": c.fit.as_ref().ok().map(|f| f.log_likelihood),
                            "holdout_error": c.holdout.as_ref().ok().map(|h| h.error),
                            "undefined": c.fit.as_ref().err().or(c.holdout.as_ref().err()),
                        })
                    })
                    .collect();
                json!({
                    "pareto_nbd": fit_of(ModelKind::ParetoNbd),
                    "mbg_nbd": fit_of(ModelKind::MbgNbd),
                    "bgnbd": fit_of(ModelKind::BgNbd),
                    "gamma_gamma": match &m.models.gamma_gamma { Ok(g) => json!(g), Err(why) => json!({"undefined": why}) },
                    "model": {
                        "chosen": m.models.chosen.key(),
                        "chosen_by": m.models.chosen_by,
                        "why": format!("{}{}", match a.settings.model_kind.filter(|k| *k != m.models.chosen) {
                            Some(k) => format!("{} could not be fitted ({}); ", k.name(), m.models.candidate(k).and_then(|c| c.fit.as_ref().err()).cloned().unwrap_or_default()),
                            None => String::new(),
                        }, match m.models.chosen_by {
                            ChosenBy::HoldoutError => format!("{} predicted the held-out last third of the history best", m.models.chosen.name()),
                            ChosenBy::LogLikelihood => format!(
                                "no holdout check could be made ({}): {} fits the whole history best",
                                m.models.calibration_end.as_ref().err().cloned().unwrap_or_else(|| "no model fitted the first two thirds of the history".into()),
                                m.models.chosen.name()
                            ),
                            ChosenBy::User => format!("{} was asked for", m.models.chosen.name()),
                        }),
                        "comparison": comparison,
                        "horizon_months": m.models.horizon_months,
                        "lost_annual_revenue": m.lost_annual_revenue,
                        "lost_annual_revenue_of_lost": m.lost_annual_revenue_of_lost,
                        "expected_dead": m.expected_dead,
                        "clv_total": m.clv_total,
                        "disagreements": m.disagreements,
                        "holdout": match (&m.models.calibration_end, m.models.holdout()) {
                            (Ok(end), Some(h)) => json!({"calibration_end": end, "lines": h.lines, "error": h.error}),
                            (Err(why), _) => json!({"undefined": why}),
                            (Ok(_), None) => json!({"undefined": "the model in use could not be fitted on the calibration period"}),
                        },
                    },
                })
            }
            undefined => json!({ "model": undefined }),
        };
        report
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
    }
    report
}

/// A period's losses as scripts read them: the period's days, then the figures.
fn lost_json(l: &LostInPeriod) -> Value {
    json!({
        "from": l.period.from,
        "to": l.period.to,
        "clients": l.clients,
        "base": l.base,
        "share_of_base": l.share_of_base,
        "annual_revenue": l.annual_revenue,
        "returned_since": l.returned_since,
    })
}

fn write_clients(path: &str, a: &Analysis) -> std::io::Result<()> {
    let table = boomerang_core::export::clients_table(a);
    std::fs::write(
        path,
        boomerang_core::export::to_csv(&table, boomerang_core::export::CsvStyle::Comma),
    )
}

fn run_quick(args: &AnalyzeArgs) -> Result<Value, String> {
    let d = QuickInputs::default();
    let s = settings(&args.settings);
    let q = &args.quick_args;
    let inputs = QuickInputs {
        clients: q.base.unwrap_or(d.clients),
        churn: match (q.churn, q.lost_per_year) {
            (Some(p), _) => ChurnInput::Rate(p / 100.0),
            (None, Some(n)) => ChurnInput::LostPerYear(n),
            (None, None) => d.churn,
        },
        avg_check: q.avg_check.map_or(d.avg_check, Money::from_major),
        purchases_per_year: q.purchases_per_year.unwrap_or(d.purchases_per_year),
        margin: s.margin,
        return_probability: s.return_probability,
        cost_per_attempt: s.cost_per_attempt,
        attempts: s.attempts,
        incentive: s.incentive,
        sleeping: q.sleeping.unwrap_or(d.sleeping),
    };
    let result = quick(&inputs).map_err(|e| e.to_string())?;
    Ok(json!({ "inputs": inputs, "quick": result }))
}

fn fit_summary(
    file: &str,
    unit: Option<UnitArg>,
    runs: u32,
    model: Option<ModelArg>,
) -> Result<Value, String> {
    if matches!(model, Some(ModelArg::Auto)) {
        return Err("fit-summary fits one model: name it (pareto, mbgnbd or bgnbd); `auto` needs the sales log for its holdout check.".into());
    }
    let kind = model.and_then(ModelArg::kind).unwrap_or(ModelKind::BgNbd);
    let unit = match unit {
        Some(UnitArg::Day) => TimeUnit::Day,
        Some(UnitArg::Month) => TimeUnit::Month,
        None | Some(UnitArg::Week) => TimeUnit::Week,
    };
    let mut reader =
        csv::Reader::from_path(file).map_err(|e| format!("cannot read `{file}`: {e}."))?;
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim()))
            .ok_or_else(|| format!("`{file}` has no column {}.", names.join(" or ")))
    };
    let (fx, fr, ft) = (
        col(&["frequency", "x"])?,
        col(&["recency", "t_x"])?,
        col(&["T", "t"])?,
    );
    let mut rfm = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let num = |i: usize| {
            record[i]
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("row {}: `{}` is not a number.", n + 2, &record[i]))
        };
        rfm.push(boomerang_core::bgnbd::Rfm {
            id: n.to_string(),
            x: num(fx)? as u32,
            t_x: num(fr)?,
            t: num(ft)?,
            monetary: 0.0,
        });
    }
    let mut best = f64::INFINITY;
    let mut fit = None;
    for _ in 0..runs.max(1) {
        let start = std::time::Instant::now();
        let f = fit_model(kind, &rfm, unit)?;
        best = best.min(start.elapsed().as_secs_f64());
        fit = Some(f);
    }
    let key = match kind {
        ModelKind::ParetoNbd => "pareto_nbd",
        ModelKind::MbgNbd => "mbg_nbd",
        ModelKind::BgNbd => "bgnbd",
    };
    Ok(json!({ "clients": rfm.len(), key: fit.as_ref().map(fit_json), "fit_seconds": best }))
}

/// A fitted model as scripts read it: `params` by the literature's names.
fn fit_json(f: &CountFit) -> Value {
    let params: serde_json::Map<String, Value> = f
        .params
        .named()
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    json!({
        "params": params,
        "log_likelihood": f.log_likelihood,
        "time_unit": f.time_unit,
        "clients": f.clients,
        "iterations": f.iterations,
    })
}
