//! # boomerang-core
//!
//! Win-back analytics without a server: the import of messy sales exports and every figure
//! Boomerang shows. Pure Rust with no web dependencies; the browser app, the command line and
//! the benchmarks all run this crate.
//!
//! ```
//! use boomerang_core::{import, ImportOptions};
//!
//! let csv = "Клиент;Дата;Сумма\nООО Ромашка;31.12.2024;1 234,56\nООО Ромашка;31.12.2024;100\nИтого;;1 334,56\n";
//! let imported = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
//! let loaded = imported.result.unwrap();
//! assert_eq!(loaded.data.client_count(), 1);
//! assert_eq!(loaded.data.occasion_count(), 1); // one client, one day: one purchase occasion
//! assert_eq!(loaded.data.revenue().to_string(), "1334.56");
//! assert_eq!(loaded.issues[0].to_string(), "row 4, column `Клиент`: a totals row: left out so the sums are not counted twice");
//! ```

#![warn(missing_docs)]

// The data's way through the core: in, the rules, the models, out; and the calculators that
// need no data.
mod calculators;
mod input;
mod models;
mod output;
mod rules;
// What every part uses: errors, formatting for a language, money, the columns' roles,
// the settings' words, days in messages.
mod day;
mod error;
pub mod format;
mod money;
mod role;
mod setting_words;

// Every module by its short name, as the crate and its users name them.
use calculators::quick;
pub use calculators::{calculator, plan};
pub use input::demo;
#[cfg(feature = "xlsx")]
use input::xlsx;
#[cfg(feature = "ooxml")]
use input::{cells, ooxml};
use input::{date, decode, detect, import, model, stream, table, workbook};
pub use models::{bgnbd, counting, mbgnbd, paretonbd};
use models::{optim, special};
pub use output::{export, lines, session, warehouse};
pub use rules::reasons;
use rules::{abc, analysis, churn, clients, figure, period, report, settings, summary, winback};

pub use abc::{abc_classes, monthly_variation, pareto, xyz_class, Abc, Cell, ClassLine, Xyz};
pub use analysis::{
    analyze, analyze_rules, analyze_rules_keeping, attach_models, attach_models_to_facts,
    fit_models, fit_models_warm, Analysis, CategoryLine, Classes, ClientLine, FittedModels,
    LineFacts, LineModel, Lines, MonthLine, StatusCounts, WinbackPlan,
};
pub use churn::Churn;
pub use clients::{Client, OneTimeRule, Status};
pub use date::{decide_slash_order, parse_date, DateError, DateOrder, SlashOrder};
pub use decode::{decode, decode_vec, decode_windows_1251, Encoding};
pub use detect::{first_row_is_header, role_from_header, Column, Source};
pub use error::{Error, ErrorKind};
pub use figure::{Figure, Why};
pub use import::{
    import, import_grid, import_grid_with, import_sheet_with, import_text_with, read_grid,
    text_bytes_grid, text_grid, text_grid_with, Format, Import, ImportOptions, Issue, IssueKind,
    Loaded,
};
pub use model::{
    ClientRow, Data, DataKind, Extra, Interner, Label, Occasion, Occasions, Purchase, Role,
    SourceRows, TableSummary, Transactions,
};
pub use money::{decide_decimal, parse_amount, AmountError, DecimalSep, Money};
pub use period::{fragile, Declining, LostAll, LostInPeriod, Part, Period, Returned, FRAGILE_DAYS};
pub use quick::{quick, ChurnInput, QuickInputs, QuickResult};
pub use report::{GroupLine, ManagerLine, ProductLine, ReasonLine, Reasons};
pub use settings::{AbcBasis, AbcWindow, PeriodChoice, Settings};
pub use stream::{import_source_with, ByteSource, PIECE};
pub use summary::{summarize, Summary};
pub use table::{
    sniff_delimiter, split_rows, split_rows_with, Delimiter, Grid, RawRow, PROGRESS_EVERY,
};
pub use winback::{return_chance, Campaign, Category, LetGoBecause, Winback};
pub use workbook::{is_workbook, Sheet, SheetPlace, Workbook};
#[cfg(feature = "xlsx")]
pub use xlsx::read_workbook;
