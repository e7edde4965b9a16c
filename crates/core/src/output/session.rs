//! One user's data held where the heavy work runs (the app's web worker): the source as it
//! came in, its import and its analysis, recomputed only as far as a change requires. What
//! goes to the page is small and self-contained: the import without the data, and the
//! analysis.
//!
//! The messages are serialised with [`encode`] and read back with [`decode`]; a native test
//! runs the same round trip as the browser and checks it gives the figures of a direct call.
//!
//! ```
//! use boomerang_core::session::{Session, Source};
//! use boomerang_core::{ImportOptions, Settings};
//!
//! let mut session = Session::default();
//! session.set_source(Source::Text("client;date;amount\nA;2024-01-05;100\nA;2024-03-05;50\n".into()));
//! let outcome = session.run(&ImportOptions::default(), &Settings::default(), &mut |_| {});
//! let view = outcome.import.unwrap();
//! assert_eq!(view.result.unwrap().rows, 2);
//! assert!(outcome.analysis.unwrap().is_ok());
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{
    analyze_rules_keeping, attach_models, attach_models_to_facts, fit_models_warm, Analysis,
    ClientLine, FittedModels, Histories, LineFacts,
};
use crate::decode::decode_vec;
use crate::detect::Column;
use crate::error::{Error, ErrorKind};
use crate::import::{
    import_text_with, reject_binary, Format, Import, ImportOptions, Issue, Loaded,
};
use crate::model::{Data, DataKind};
use crate::money::Money;
use crate::settings::Settings;
use crate::stream::{import_source_with, ByteSource};
use crate::summary::{summarize, Summary};
use crate::table::RawRow;
use crate::workbook::Workbook;

/// How many rows left out travel to the page (the count travels whole).
pub const ISSUES_SENT: usize = 1000;

/// The client lines of an analysis travel in messages of this many, before the rest of it: the
/// page reads each in a short task of its own, never all of them in one long one.
pub const CLIENTS_PER_MESSAGE: usize = 4096;

/// Where the data comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// The built-in demo (generated where it is used).
    Demo,
    /// A text file's bytes, in any supported encoding.
    Bytes(Vec<u8>),
    /// Text typed or pasted.
    Text(String),
    /// A workbook read into sheets.
    Workbook(Workbook),
}

/// A request to the session. A source's bytes travel beside it (a transferred buffer), not
/// inside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Import (again, if the options changed) and analyse. `source`: what the data is, when it
    /// changed (the bytes of a file or a text come beside the request).
    Run {
        /// The job's number, echoed in every answer.
        job: u32,
        /// A new source: the demo, or a workbook (a text's bytes, a file's and a workbook's
        /// encoded sheets travel beside).
        source: Option<SourceKind>,
        /// The import options.
        options: ImportOptions,
        /// The analysis settings (boxed: they are most of the request's size).
        settings: Box<Settings>,
        /// The client lines the page holds whole, if any: when this job's lines come from
        /// the same histories, only what the settings decide of each is sent
        /// ([`Reply::Verdicts`]).
        held: Option<HeldLines>,
    },
    /// One client's purchases by day.
    History {
        /// The client's id.
        client: String,
    },
}

/// The client lines a page holds, as its [`Request::Run`] names them: the job they came with,
/// and whether what the models say of each is beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldLines {
    /// The job whose lines they are.
    pub job: u32,
    /// Whether the models' figures of that job are beside them.
    pub models: bool,
}

/// What kind of source a [`Request::Run`] brings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SourceKind {
    /// The demo.
    Demo,
    /// A text file: its bytes come beside the request.
    Bytes,
    /// Pasted text: its UTF-8 bytes come beside the request.
    Text,
    /// A workbook, serialised in the request.
    Workbook(Workbook),
    /// A workbook whose sheets come beside the request, as [`encode`] wrote them: the page
    /// hands on what the workbook worker wrote without reading it into its own memory.
    EncodedWorkbook,
}

/// An answer of the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// How far a job has got.
    Progress {
        /// The job.
        job: u32,
        /// Where it is.
        progress: Progress,
    },
    /// Client lines of a job's analysis, in order; they come before its [`Reply::Done`],
    /// whose analysis holds none: the page puts them back.
    Clients {
        /// The job.
        job: u32,
        /// How many lines there are in all (the page makes room once).
        total: usize,
        /// The next lines (in binary messages, in the compact form of [`crate::lines`]).
        #[serde(with = "crate::lines")]
        lines: Vec<crate::analysis::ClientLine>,
        /// What the models say of each of them, when the models were at hand as the lines
        /// went (fitted already for the same data and day: a change of k, the demo's answers
        /// ahead of time); otherwise they follow in [`Outcome::line_models`].
        #[serde(with = "crate::lines::models")]
        models: Option<Vec<crate::analysis::LineModel>>,
    },
    /// What the settings decide of each client line of a job ([`crate::lines::Verdict`]),
    /// in order, in place of [`Reply::Clients`] when the page holds the lines of a job made
    /// from the same histories (the request's `held`): the page puts them into those.
    Verdicts {
        /// The job.
        job: u32,
        /// How many lines there are in all.
        total: usize,
        /// The next lines' verdicts.
        #[serde(with = "crate::lines::verdicts")]
        verdicts: Vec<crate::lines::Verdict>,
        /// What the models say of each of them.
        models: VerdictModels,
    },
    /// A job's result.
    Done {
        /// The job.
        job: u32,
        /// The import and the analysis.
        outcome: Box<Outcome>,
    },
    /// A client's purchases by day.
    History {
        /// The client's id.
        client: String,
        /// The days and amounts, oldest first.
        days: Vec<(NaiveDate, Money)>,
    },
}

/// What the models say of the lines a [`Reply::Verdicts`] is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum VerdictModels {
    /// Nothing: the models were not asked for, or could not be fitted.
    None,
    /// Their figures for each line, as in [`Reply::Clients`]: models fitted anew, or whose
    /// figures the page does not hold.
    Sent(#[serde(with = "crate::lines::models::each")] Vec<crate::analysis::LineModel>),
    /// The models whose figures the page holds beside its lines (the same fit: a change of
    /// k, costs, the period...): of each line only whether the model and the rule disagree,
    /// which the line's status moves. At 1M rows this leaves 3 MB of the 7.2 MB of a change
    /// of k unsent.
    Held(Vec<bool>),
}

/// The steps of a job, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Reading the file into memory.
    Reading,
    /// Splitting the text into rows.
    Splitting,
    /// Reading the rows: clients, dates, amounts.
    Loading,
    /// Computing the rule's figures.
    Analyzing,
    /// Fitting the models, the rule's figures already on the page.
    Modelling,
}

/// How far a job has got: `done` of `total` in the current step, and the rows read so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The step.
    pub step: Step,
    /// Units done in the step (bytes while reading and splitting, rows while loading).
    pub done: u64,
    /// Units in the step.
    pub total: u64,
    /// Data rows read so far.
    pub rows: u64,
}

impl Progress {
    /// The share of the whole job done, 0 to 1 (the steps weighted by what they cost on a
    /// large log: reading 5 %, splitting 35 %, loading 45 %, analysing 5 %, the models 10 %).
    pub fn fraction(&self) -> f64 {
        let (start, weight) = match self.step {
            Step::Reading => (0.0, 0.05),
            Step::Splitting => (0.05, 0.35),
            Step::Loading => (0.40, 0.45),
            Step::Analyzing => (0.85, 0.05),
            Step::Modelling => (0.90, 0.10),
        };
        let within = if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        };
        start + weight * within
    }
}

/// What the page shows of an import: everything but the data itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    /// How the input was read.
    pub format: Format,
    /// Transaction log or client table.
    pub kind: DataKind,
    /// The columns and their roles.
    pub columns: Vec<Column>,
    /// The first data rows, raw.
    pub preview: Vec<RawRow>,
    /// What was loaded, or why nothing could be.
    pub result: Result<LoadedView, Error>,
}

/// What the page shows of loaded data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadedView {
    /// Data rows read.
    pub rows: usize,
    /// Rows left out whole.
    pub rows_left_out: usize,
    /// The first [`ISSUES_SENT`] problems: the rows left out first, then the rows kept with
    /// a warning (a copy of an earlier row, an unreadable profit), each in row order.
    pub issues: Vec<Issue>,
    /// How many problems there are in all.
    pub issues_total: usize,
    /// Of them, rows kept with a warning.
    pub warnings_total: usize,
    /// Refund rows.
    pub refunds: usize,
    /// Their total (negative).
    pub refunds_total: Money,
    /// Clients, occasions, revenue and dates of the data.
    pub summary: Option<Summary>,
    /// The currency the amounts name (₽, $, €...), when they name one.
    pub currency: Option<String>,
}

impl ImportView {
    /// The view of an import.
    pub fn of(import: &Import) -> ImportView {
        ImportView {
            format: import.format.clone(),
            kind: import.kind,
            columns: import.columns.clone(),
            preview: import.preview.clone(),
            result: match &import.result {
                Ok(l) => Ok(LoadedView {
                    rows: l.rows,
                    rows_left_out: l.rows_left_out,
                    issues: l
                        .issues
                        .iter()
                        .filter(|i| i.row_left_out)
                        .chain(l.issues.iter().filter(|i| !i.row_left_out))
                        .take(ISSUES_SENT)
                        .cloned()
                        .collect(),
                    issues_total: l.issues.len(),
                    warnings_total: l.issues.iter().filter(|i| !i.row_left_out).count(),
                    refunds: l.refunds,
                    refunds_total: l.refunds_total,
                    summary: summarize(&l.data, None),
                    currency: l.currency.map(str::to_owned),
                }),
                Err(e) => Err(e.clone()),
            },
        }
    }
}

/// A job's result: the import (or why the input cannot be read at all) and the analysis
/// (`None` when the import loaded no data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The import.
    pub import: Result<ImportView, Error>,
    /// The analysis.
    pub analysis: Option<Result<Analysis, Error>>,
    /// Whether this is the rule's figures alone, with the models' to follow in a second
    /// outcome of the same job.
    pub models_follow: bool,
    /// The models' outcome of a job whose rule's figures came first: what the models say of
    /// each client line, in the lines' order, where the lines themselves are not sent again
    /// (none when the models could not be fitted). The page has the lines from the first
    /// outcome and puts these beside them ([`Analysis::put_line_models`]).
    #[serde(with = "crate::lines::models")]
    pub line_models: Option<Vec<crate::analysis::LineModel>>,
}

/// What of a job's lines the page holds ([`Session::page_holds`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum PageHolds {
    /// Nothing to build on: the lines go whole.
    Nothing,
    /// Lines made from the same histories: only what the settings decide of each goes.
    Lines,
    /// Those, and beside them the figures of the models this job's are (the same fit): of
    /// those, only whether each line's model and rule disagree goes.
    LinesAndModels,
}

/// Sends an outcome's client lines in messages of [`CLIENTS_PER_MESSAGE`], with what the
/// models say of each when they are beside them, before its [`Reply::Done`], moving them out
/// of it; returns their list, emptied, for its room. What the page `holds` decides how much
/// of each goes.
fn send_lines(
    job: u32,
    outcome: &mut Outcome,
    holds: PageHolds,
    reply: &mut dyn FnMut(Reply),
) -> Vec<ClientLine> {
    let Some(Ok(analysis)) = &mut outcome.analysis else {
        return Vec::new();
    };
    let total = analysis.clients.len();
    let (mut all, models) = std::mem::take(&mut analysis.clients).into_parts();
    let fitted = !models.is_empty();
    let mut models = models.into_iter();
    if holds != PageHolds::Nothing {
        for chunk in all.chunks(CLIENTS_PER_MESSAGE) {
            let next = models.by_ref().take(chunk.len());
            let models = match (fitted, holds) {
                (false, _) => VerdictModels::None,
                (true, PageHolds::LinesAndModels) => {
                    VerdictModels::Held(next.map(|m| m.disagrees).collect())
                }
                (true, _) => VerdictModels::Sent(next.collect()),
            };
            reply(Reply::Verdicts {
                job,
                total,
                verdicts: chunk.iter().map(crate::lines::Verdict::of).collect(),
                models,
            });
        }
        all.clear();
        return all;
    }
    let mut lines = all.drain(..);
    loop {
        let next: Vec<_> = lines.by_ref().take(CLIENTS_PER_MESSAGE).collect();
        if next.is_empty() {
            break;
        }
        let models = fitted.then(|| models.by_ref().take(next.len()).collect());
        reply(Reply::Clients {
            job,
            total,
            lines: next,
            models,
        });
    }
    drop(lines);
    all
}

/// A job's client lines as its [`Reply::Clients`] messages bring them ([`send_lines`]), with
/// what the models say of each when they come along: the page's side, which puts them into
/// the job's outcome. [`Reply::Verdicts`] are put into the lines the page held
/// ([`LinesComing::over`]).
#[derive(Debug, Default)]
pub struct LinesComing {
    lines: Vec<ClientLine>,
    models: Vec<crate::analysis::LineModel>,
    held: Option<crate::analysis::Lines>,
}

impl LinesComing {
    /// Lines to come for a job whose request said the page holds `held` (the lines of the
    /// job it names): its verdicts are put into them.
    pub fn over(held: crate::analysis::Lines) -> LinesComing {
        LinesComing {
            held: Some(held),
            ..LinesComing::default()
        }
    }

    /// One message's lines and their models' figures; `total`, the lines in all, makes room
    /// for every line at once (no copy of the lines so far as they grow).
    pub fn add(
        &mut self,
        total: usize,
        lines: Vec<ClientLine>,
        models: Option<Vec<crate::analysis::LineModel>>,
    ) {
        let room = total.saturating_sub(self.lines.len());
        self.lines.reserve_exact(room);
        self.lines.extend(lines);
        self.add_models(room, models);
    }

    fn add_models(&mut self, room: usize, models: Option<Vec<crate::analysis::LineModel>>) {
        if let Some(models) = models {
            self.models.reserve_exact(room);
            self.models.extend(models);
        }
    }

    /// One message's verdicts, put into the held lines in their places, and what the models
    /// say of them: their figures sent, or those held beside the lines with whether each
    /// line's model and rule disagree now.
    ///
    /// # Errors
    /// When no lines are held, fewer than the verdicts name, or no models' figures beside them
    /// where the message builds on them (the worker answered a request the page did not
    /// make): the job's lines cannot be made.
    pub fn add_verdicts(
        &mut self,
        total: usize,
        verdicts: Vec<crate::lines::Verdict>,
        models: VerdictModels,
    ) -> Result<(), String> {
        let from = self.lines.len();
        let not_here = || "the client lines the worker's answer builds on are not here".to_owned();
        let held = match &self.held {
            Some(held) if held.len() == total && from + verdicts.len() <= total => held,
            _ => return Err(not_here()),
        };
        let room = total - from;
        let models = match models {
            VerdictModels::None => None,
            VerdictModels::Sent(models) => Some(models),
            VerdictModels::Held(disagree) => {
                let held_models = held.models();
                if held_models.len() != total || disagree.len() != verdicts.len() {
                    return Err(not_here());
                }
                let models = held_models[from..].iter().zip(disagree);
                Some(
                    models
                        .map(|(m, disagrees)| crate::analysis::LineModel {
                            model: m.model.clone(),
                            disagrees,
                        })
                        .collect(),
                )
            }
        };
        self.lines.reserve_exact(room);
        self.lines.extend(
            verdicts
                .into_iter()
                .zip(&held[from..])
                .map(|(v, line)| v.put_into(line)),
        );
        self.add_models(room, models);
        Ok(())
    }

    /// The lines come so far, with their models' figures beside them, leaving none here.
    pub fn take(&mut self) -> crate::analysis::Lines {
        let models = std::mem::take(&mut self.models);
        self.held = None;
        crate::analysis::Lines::new(std::mem::take(&mut self.lines)).with_models(models)
    }
}

/// A source as the session keeps it: a file decoded once (its bytes dropped), so a new
/// mapping re-reads text already in memory.
enum Held {
    Demo,
    Text(String, Option<crate::decode::Encoding>),
    Workbook(Workbook),
    /// A workbook's file, whose sheet is read by hand when it is imported
    /// ([`crate::import::plain_workbook`]).
    #[cfg(feature = "ooxml")]
    Xlsx(Vec<u8>),
    Unreadable(Error),
    /// A file's text or a workbook let go once imported ([`Session::keep_file`]): a new
    /// mapping needs it given again.
    Gone,
    /// A file read a piece at a time whenever it is imported: its text is never held whole.
    File(Box<dyn ByteSource>),
}

impl Held {
    /// Whether it is a file's (its text, or a workbook's sheets or bytes), which the holder
    /// of the file can give again.
    fn given_again(&self) -> bool {
        match self {
            Held::Text(_, Some(_)) | Held::Workbook(_) => true,
            #[cfg(feature = "ooxml")]
            Held::Xlsx(_) => true,
            _ => false,
        }
    }
}

/// An import, what the page is shown of it, and the options it was made with: a change of
/// settings alone reuses all three.
struct Imported {
    options: ImportOptions,
    import: Result<Import, Error>,
    view: Result<ImportView, Error>,
    /// The models last fitted on this import, and what they were fitted for.
    models: Option<(ModelKey, FittedModels)>,
    /// The clients' histories of the last analysis, which a change of settings reuses.
    histories: Option<Histories>,
}

/// What fitted models depend on besides the data: a change of any other setting (k, costs,
/// margin, the period, ABC) reuses them.
#[derive(Clone, Debug, PartialEq)]
struct ModelKey {
    as_of: NaiveDate,
    unit: crate::bgnbd::TimeUnit,
    horizon_months: u32,
    discount: u64,
    pick: Option<crate::counting::ModelKind>,
}

impl ModelKey {
    fn of(as_of: NaiveDate, s: &Settings) -> ModelKey {
        ModelKey {
            as_of,
            unit: s.model_unit,
            horizon_months: s.horizon_months,
            discount: s.monthly_discount.to_bits(),
            pick: s.model_kind,
        }
    }
}

/// The data of one user, kept between requests.
#[derive(Default)]
pub struct Session {
    source: Option<Held>,
    import: Option<Imported>,
    /// Whether a file's text is let go once imported (see [`Session::keep_file`]).
    file_kept: bool,
    /// The last client lines sent.
    sent: Option<Sent>,
}

/// The client lines a job sent the page: the job, the stamp of the histories they were made
/// from ([`Histories::stamp`]), and what the models whose figures went with them were fitted
/// for (none when none went, or the models were fitted again since).
#[derive(Clone, Debug, PartialEq)]
struct Sent {
    job: u32,
    histories: u64,
    models: Option<ModelKey>,
}

impl Session {
    /// Replaces the source (the import is done again on the next run). A file's bytes are
    /// decoded here, once.
    pub fn set_source(&mut self, source: Source) {
        // The old data goes first, so it is never held beside the new.
        self.import = None;
        self.source = None;
        self.source = Some(match source {
            Source::Demo => Held::Demo,
            Source::Text(text) => Held::Text(text, None),
            Source::Workbook(book) => Held::Workbook(book),
            // A workbook's sheet is read when it is imported: only the sheet imported, and
            // never into sheets held beside the data.
            #[cfg(feature = "ooxml")]
            Source::Bytes(bytes) if crate::workbook::is_workbook(&bytes) => Held::Xlsx(bytes),
            Source::Bytes(bytes) => match reject_binary(&bytes) {
                Err(e) => Held::Unreadable(e),
                Ok(()) => {
                    let (text, encoding) = decode_vec(bytes);
                    Held::Text(text, Some(encoding))
                }
            },
        });
    }

    /// Replaces the source with a text file read a piece at a time, each time it is imported
    /// ([`crate::import_source_with`]): neither its bytes nor its text are held, only the
    /// means to read them (the CLI's benchmark gives its file on disk so; the browser's worker
    /// reads a file whole, which was measured faster there).
    pub fn set_file(&mut self, file: Box<dyn ByteSource>) {
        self.import = None;
        self.source = Some(Held::File(file));
    }

    /// Whether a source is held.
    pub fn has_source(&self) -> bool {
        self.source.is_some()
    }

    /// Tells the session whether its holder can give the source again: the file the text comes
    /// from (the worker keeps the `File`), or a workbook (the page keeps the sheets it sends).
    /// While it can, a file's decoded text or a workbook is let go once imported, so it is not
    /// held beside the data (a file's text is as large as the file, a workbook's sheets larger
    /// still), and a new mapping asks for it again ([`Session::needs_file`]).
    pub fn keep_file(&mut self, kept: bool) {
        self.file_kept = kept;
    }

    /// Whether a run with these options needs the file (or the workbook) given again: it was
    /// let go and the import at hand was made with other options.
    pub fn needs_file(&self, options: &ImportOptions) -> bool {
        // An import that found the file gone is no import: the file is tried again.
        matches!(self.source, Some(Held::Gone))
            && !matches!(&self.import, Some(i) if i.options == *options
                && !matches!(&i.import, Err(e) if *e.kind() == ErrorKind::FileGone))
    }

    /// Imports the source with `options` (unless it is imported with them already) and
    /// analyses it with `settings`, reporting progress as it goes.
    pub fn run(
        &mut self,
        options: &ImportOptions,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress),
    ) -> Outcome {
        let mut outcome = self.run_rules(options, settings, progress);
        self.attach_models(&mut outcome, settings, progress);
        outcome
    }

    /// [`Session::run`] without the models: the rule's figures.
    fn run_rules(
        &mut self,
        options: &ImportOptions,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress),
    ) -> Outcome {
        if !matches!(&self.import, Some(i) if i.options == *options) {
            let mut import = match &self.source {
                None => Err(ErrorKind::Empty.into()),
                // A workbook's bytes that their holder gives again are let go once its
                // sheet is imported (where it is read whole, once it is read, before it is
                // imported: the import's memory takes their place).
                #[cfg(feature = "ooxml")]
                Some(Held::Xlsx(_)) if self.file_kept => {
                    let Some(Held::Xlsx(bytes)) = self.source.replace(Held::Gone) else {
                        unreachable!("a workbook's bytes, just matched")
                    };
                    import_xlsx(bytes, options, progress)
                }
                Some(source) => import_source(source, options, progress),
            };
            // Every analysis of a log reads its occasions: its purchases are let go when
            // nothing else needs them.
            if let Ok(Import {
                result:
                    Ok(Loaded {
                        data: Data::Transactions(log),
                        ..
                    }),
                ..
            }) = &mut import
            {
                log.let_purchases_go();
            }
            let view = import.as_ref().map(ImportView::of).map_err(Error::clone);
            // A file's text or a workbook, imported, is let go when it can be given again.
            if self.file_kept && self.source.as_ref().is_some_and(Held::given_again) {
                self.source = Some(Held::Gone);
            }
            self.import = Some(Imported {
                options: options.clone(),
                import,
                view,
                models: None,
                histories: None,
            });
        }
        let imported = self.import.as_mut().expect("imported just above");
        let data = imported
            .import
            .as_ref()
            .ok()
            .and_then(|i| i.result.as_ref().ok());
        let kept = &mut imported.histories;
        let analysis = data.map(|l| {
            progress(Progress {
                step: Step::Analyzing,
                done: 0,
                total: 1,
                rows: l.rows as u64,
            });
            analyze_rules_keeping(&l.data, settings, kept)
        });
        Outcome {
            import: imported.view.clone(),
            analysis,
            models_follow: false,
            line_models: None,
        }
    }

    /// Keeps the room of a job's client lines, sent, for the next analysis's
    /// ([`Histories::keep_room_for_lines`]).
    fn keep_room_for_lines(&mut self, lines: Vec<ClientLine>) {
        if let Some(Imported {
            histories: Some(h), ..
        }) = &mut self.import
        {
            h.keep_room_for_lines(lines);
        }
    }

    /// What the page holds of this outcome's lines: the lines of a job made from the histories
    /// at hand (the job it names in `held` is the last one whose lines were sent, from these
    /// histories), so only what the settings decide of each line need go; and beside them
    /// the figures of the models this outcome's are (the same fit), when it says so and they
    /// went with those lines. Records `job`'s lines as the last sent when it has lines to send
    /// (its analysis did not fail), with no models' figures until they go
    /// ([`Session::models_sent`]).
    fn page_holds(
        &mut self,
        job: u32,
        held: Option<HeldLines>,
        outcome: &Outcome,
        settings: &Settings,
    ) -> PageHolds {
        let stamp = match &self.import {
            Some(Imported {
                histories: Some(h), ..
            }) => Some(h.stamp()),
            _ => None,
        };
        let holds = match (&self.sent, held, stamp) {
            (Some(sent), Some(held), Some(now))
                if sent.job == held.job && sent.histories == now =>
            {
                let key = match &outcome.analysis {
                    Some(Ok(a)) if Session::wants_models(outcome, settings) => {
                        Some(ModelKey::of(a.as_of, settings))
                    }
                    _ => None,
                };
                let same_models = held.models
                    && key.is_some()
                    && sent.models == key
                    && self.has_models_for(outcome, settings);
                if same_models {
                    PageHolds::LinesAndModels
                } else {
                    PageHolds::Lines
                }
            }
            _ => PageHolds::Nothing,
        };
        if matches!(outcome.analysis, Some(Ok(_))) {
            self.sent = stamp.map(|histories| Sent {
                job,
                histories,
                models: None,
            });
        }
        holds
    }

    /// Records whether the figures of the models fitted for `settings` on this outcome's day
    /// went with its lines, beside them or after them. An outcome without lines (its
    /// analysis failed) sent nothing: the record of the last lines sent stands.
    fn models_sent(&mut self, outcome: &Outcome, settings: &Settings, went: bool) {
        let (Some(Ok(a)), Some(sent)) = (&outcome.analysis, &mut self.sent) else {
            return;
        };
        sent.models = went.then(|| ModelKey::of(a.as_of, settings));
    }

    /// Whether [`Session::fitted_models`] has work to do for this outcome.
    fn wants_models(outcome: &Outcome, settings: &Settings) -> bool {
        settings.model && matches!(outcome.analysis, Some(Ok(_)))
    }

    /// Whether models fitted for this outcome's day and these model settings are kept.
    fn has_models_for(&self, outcome: &Outcome, settings: &Settings) -> bool {
        let Some(Ok(analysis)) = &outcome.analysis else {
            return false;
        };
        let key = ModelKey::of(analysis.as_of, settings);
        matches!(&self.import, Some(Imported { models: Some((k, _)), .. }) if *k == key)
    }

    /// Fits the models (or takes the ones fitted for the same data, day and model settings)
    /// and writes their figures into the outcome's analysis.
    fn attach_models(
        &mut self,
        outcome: &mut Outcome,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress),
    ) {
        if let Some(fitted) = self.fitted_models(outcome, settings, progress) {
            if let Some(Ok(a)) = &mut outcome.analysis {
                attach_models(a, fitted);
            }
        }
    }

    /// The models fitted for this outcome's data, day and model settings: those kept, or
    /// fitted now (none without an analysis of imported data, or when not asked for).
    fn fitted_models(
        &mut self,
        outcome: &Outcome,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress),
    ) -> Option<&FittedModels> {
        if !Session::wants_models(outcome, settings) {
            return None;
        }
        let (Some(Ok(analysis)), Some(imported)) = (&outcome.analysis, &mut self.import) else {
            return None;
        };
        let Ok(Import {
            result: Ok(loaded), ..
        }) = &imported.import
        else {
            return None;
        };
        let key = ModelKey::of(analysis.as_of, settings);
        if !matches!(&imported.models, Some((k, _)) if *k == key) {
            progress(Progress {
                step: Step::Modelling,
                done: 0,
                total: 1,
                rows: loaded.rows as u64,
            });
            // Fits of the same data as of another day, in the same unit, start where those
            // ended (a change of the analysis date refits warm).
            let warmth = match imported.models.take() {
                Some((k, fitted)) if k.unit == key.unit => fitted.into_warmth(),
                _ => Default::default(),
            };
            let fitted = fit_models_warm(&loaded.data, analysis.as_of, settings, warmth);
            imported.models = Some((key, fitted));
            // Figures of a fit before this one, on the page, are not this fit's.
            if let Some(sent) = &mut self.sent {
                sent.models = None;
            }
        }
        imported.models.as_ref().map(|(_, fitted)| fitted)
    }

    /// Answers a request: `payload` holds the bytes of a text or a file source, or a
    /// workbook's encoded sheets (they travel beside the request); every reply, progress
    /// included, goes to `reply`.
    pub fn handle(
        &mut self,
        request: Request,
        payload: Option<Vec<u8>>,
        reply: &mut dyn FnMut(Reply),
    ) {
        match request {
            Request::Run {
                job,
                source,
                options,
                settings,
                held,
            } => {
                match source {
                    None => {}
                    Some(SourceKind::Demo) => self.set_source(Source::Demo),
                    Some(SourceKind::Workbook(book)) => self.set_source(Source::Workbook(book)),
                    Some(SourceKind::EncodedWorkbook) => {
                        // The old data goes first, so it is never held beside the new; the
                        // bytes go once read.
                        self.import = None;
                        self.source = None;
                        match decode_message::<Workbook>(&payload.unwrap_or_default()) {
                            Ok(book) => self.set_source(Source::Workbook(book)),
                            Err(why) => {
                                let why = ErrorKind::Workbook(why).into();
                                self.source = Some(Held::Unreadable(why));
                            }
                        }
                    }
                    Some(SourceKind::Bytes) => {
                        self.set_source(Source::Bytes(payload.unwrap_or_default()))
                    }
                    Some(SourceKind::Text) => {
                        let bytes = payload.unwrap_or_default();
                        let text = String::from_utf8(bytes)
                            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                        self.set_source(Source::Text(text))
                    }
                }
                let mut outcome = self.run_rules(&options, &settings, &mut |progress| {
                    reply(Reply::Progress { job, progress })
                });
                let holds = self.page_holds(job, held, &outcome, &settings);
                if Session::wants_models(&outcome, &settings) {
                    // The rule's figures go first, whole; the models' follow in a second
                    // outcome of the same job and never hold them back. Models fitted already
                    // (a change of k, costs, the period...) are attached at once. Either way
                    // the client lines travel once: after the rule's figures, only what the
                    // models say of each line follows.
                    if !self.has_models_for(&outcome, &settings) {
                        // The lines go to the page and are let go here: while the models
                        // are fitted, the session keeps only what their figures read of
                        // each line.
                        let facts = match &outcome.analysis {
                            Some(Ok(a)) => LineFacts::of(&a.clients),
                            _ => LineFacts::of(&[]),
                        };
                        let sent = send_lines(job, &mut outcome, holds, reply);
                        self.keep_room_for_lines(sent);
                        let mut first = outcome.clone();
                        first.models_follow = true;
                        reply(Reply::Done {
                            job,
                            outcome: Box::new(first),
                        });
                        let fitted = self.fitted_models(&outcome, &settings, &mut |progress| {
                            reply(Reply::Progress { job, progress })
                        });
                        // Always a list, empty without models: the lines are on the page.
                        let mut line_models = Vec::new();
                        if let (Some(fitted), Some(Ok(a))) = (fitted, &mut outcome.analysis) {
                            line_models = attach_models_to_facts(a, &facts, fitted);
                        }
                        self.models_sent(&outcome, &settings, !line_models.is_empty());
                        outcome.line_models = Some(line_models);
                        reply(Reply::Done {
                            job,
                            outcome: Box::new(outcome),
                        });
                        return;
                    }
                    self.attach_models(&mut outcome, &settings, &mut |progress| {
                        reply(Reply::Progress { job, progress })
                    });
                }
                let models_go = matches!(&outcome.analysis, Some(Ok(a)) if a.clients.have_models());
                let sent = send_lines(job, &mut outcome, holds, reply);
                self.keep_room_for_lines(sent);
                self.models_sent(&outcome, &settings, models_go);
                reply(Reply::Done {
                    job,
                    outcome: Box::new(outcome),
                });
            }
            Request::History { client } => {
                let days = self.history(&client);
                reply(Reply::History { client, days });
            }
        }
    }

    /// One client's purchases by day (none when there is no such client or no data).
    pub fn history(&self, client: &str) -> Vec<(NaiveDate, Money)> {
        match self.import.as_ref().map(|i| &i.import) {
            Some(Ok(Import { result: Ok(l), .. })) => l.data.history_of(client),
            _ => vec![],
        }
    }
}

/// Reads a source into an import.
fn import_source(
    source: &Held,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Import, Error> {
    /// What a text is imported from.
    enum From<'a> {
        Text(&'a str, Option<crate::decode::Encoding>),
        File(&'a dyn ByteSource),
    }
    let demo;
    let from = match source {
        Held::Unreadable(e) => return Err(e.clone()),
        Held::Gone => return Err(ErrorKind::FileGone.into()),
        Held::Workbook(book) => {
            return crate::import::import_sheet_with(book, options, &mut loading(progress));
        }
        #[cfg(feature = "ooxml")]
        Held::Xlsx(bytes) => return import_xlsx(bytes.as_slice(), options, progress),
        Held::Demo => {
            demo = crate::demo::wholesaler_csv();
            From::Text(&demo, None)
        }
        Held::Text(text, encoding) => From::Text(text, *encoding),
        Held::File(file) => From::File(&**file),
    };
    // The first of two passes' progress, in bytes of the text (of the file read in pieces).
    let total = match from {
        From::Text(text, _) => text.len() as u64,
        // Unknown, the import says the file is gone.
        From::File(file) => file.size().unwrap_or(0),
    };
    let progress = std::cell::RefCell::new(progress);
    let split = &mut |at: usize| {
        (progress.borrow_mut())(Progress {
            step: Step::Splitting,
            done: (at as u64).min(total),
            total,
            rows: 0,
        })
    };
    let load = &mut |rows, all| loading(*progress.borrow_mut())(rows, all);
    match from {
        From::Text(text, encoding) => import_text_with(text, encoding, options, split, load),
        From::File(file) => import_source_with(file, options, split, load),
    }
}

/// The loading step's progress, from what the import reports (rows done, rows in all).
fn loading(progress: &mut dyn FnMut(Progress)) -> impl FnMut(usize, usize) + '_ {
    move |rows, all| {
        progress(Progress {
            step: Step::Loading,
            done: rows as u64,
            total: all as u64,
            rows: rows as u64,
        })
    }
}

/// Imports a workbook's sheet read by hand ([`crate::import::import_by_hand`]); a workbook the
/// hand reader does not know needs calamine's, which the compute worker does not carry: the
/// page gives it to the workbook worker.
#[cfg(feature = "ooxml")]
fn import_xlsx<B: AsRef<[u8]>>(
    bytes: B,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Import, Error> {
    crate::import::import_by_hand(bytes, options, &mut loading(progress))
        .unwrap_or_else(|| Err(ErrorKind::WorkbookNeedsReader.into()))
}

/// Runs the import and the rule's analysis on the start of a text (up to its last line end
/// within `limit` bytes) and throws the result away. A browser runs a wasm function's first
/// call with its baseline compiler and optimises it in the background for the calls after,
/// and the import of a large file is one long call: the compute worker warms the code up with
/// this on a large file's first megabyte, while it reads the rest (`src/bin/compute_worker.rs`).
/// Whatever the bytes (a workbook, another binary file, UTF-16, no line end), nothing is kept
/// and nothing is said; it returns the rows it read (none from a workbook, a binary file or a
/// start without a line end).
pub fn warm_up(start: &[u8], limit: usize, options: &ImportOptions, settings: &Settings) -> usize {
    if crate::workbook::is_workbook(start) || reject_binary(start).is_err() {
        return 0;
    }
    let start = &start[..start.len().min(limit)];
    let Some(end) = start.iter().rposition(|&b| b == b'\n') else {
        return 0;
    };
    let (text, encoding) = decode_vec(start[..=end].to_vec());
    let imported = import_text_with(&text, Some(encoding), options, &mut |_| {}, &mut |_, _| {});
    match imported.map(|i| i.result) {
        Ok(Ok(loaded)) => {
            let _ = analyze_rules_keeping(&loaded.data, settings, &mut None);
            loaded.rows
        }
        _ => 0,
    }
}

/// Runs the demo through a session of its own, every reply put into the binary form the
/// worker posts, and throws it all away: the import, the rule's analysis, the client lines
/// and the models, on a `;`-separated Russian export of 15,725 rows ([`wholesaler_csv`]).
/// The compute worker runs this when the page opens the Data tab (`src/bin/compute_worker.rs`),
/// so that the browser has optimised this code before the user's file comes (see [`warm_up`]
/// for why a first call is slow). Returns the rows the demo's import read.
///
/// [`wholesaler_csv`]: crate::demo::wholesaler_csv
pub fn warm_up_on_demo() -> usize {
    let mut session = Session::default();
    let mut rows = 0;
    session.handle(
        Request::Run {
            job: 0,
            source: Some(SourceKind::Demo),
            options: ImportOptions::default(),
            settings: Box::default(),
            held: None,
        },
        None,
        &mut |reply| {
            if let Reply::Done { outcome, .. } = &reply {
                if let Ok(ImportView {
                    result: Ok(loaded), ..
                }) = &outcome.import
                {
                    rows = loaded.rows;
                }
            }
            let _ = encode(&reply);
        },
    );
    rows
}

/// The demo's answers, computed ahead of time so that the page can show the demo without
/// starting the compute worker (`boomerang demo-replies`, run when the app is built): the
/// session's answers to the demo with these options and settings, the whole result at once
/// (client lines with the models' figures, then the outcome), as job 0; and every client's
/// purchases, for the client's card.
pub fn demo_replies(options: &ImportOptions, settings: &Settings) -> (Vec<Reply>, Vec<Reply>) {
    let mut session = Session::default();
    let mut replies = Vec::new();
    // Asked twice: the second answer, on the source and the models the first left, is the
    // whole result at once.
    for source in [Some(SourceKind::Demo), None] {
        replies.clear();
        session.handle(
            Request::Run {
                job: 0,
                source,
                options: options.clone(),
                settings: Box::new(settings.clone()),
                // The page holds none of these lines: they come whole.
                held: None,
            },
            None,
            &mut |r| replies.push(r),
        );
    }
    replies.retain(|r| !matches!(r, Reply::Progress { .. }));
    let clients = replies
        .iter()
        .flat_map(|r| match r {
            Reply::Clients { lines, .. } => lines.iter().map(|l| l.client.id.clone()).collect(),
            _ => Vec::new(),
        })
        .collect::<Vec<_>>();
    let histories = clients
        .into_iter()
        .map(|client| {
            let days = session.history(&client);
            Reply::History {
                client: client.to_string(),
                days,
            }
        })
        .collect();
    (replies, histories)
}

/// The same reply for another job: the demo's answers computed ahead of time are job 0, and
/// the page numbers its jobs.
pub fn for_job(reply: Reply, number: u32) -> Reply {
    match reply {
        Reply::Progress { progress, .. } => Reply::Progress {
            job: number,
            progress,
        },
        Reply::Clients {
            total,
            lines,
            models,
            ..
        } => Reply::Clients {
            job: number,
            total,
            lines,
            models,
        },
        Reply::Verdicts {
            total,
            verdicts,
            models,
            ..
        } => Reply::Verdicts {
            job: number,
            total,
            verdicts,
            models,
        },
        Reply::Done { outcome, .. } => Reply::Done {
            job: number,
            outcome,
        },
        history @ Reply::History { .. } => history,
    }
}

/// Serialises a message (requests, replies) in the compact binary form the worker and the
/// page exchange.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    bincode::serialize(message).expect("the messages serialise")
}

/// Reads a message written by [`encode`].
///
/// # Errors
/// When the bytes are not such a message (a page and a worker of different builds).
pub fn decode_message<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    bincode::deserialize(bytes).map_err(|e| e.to_string())
}
