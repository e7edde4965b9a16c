//! The whole analysis: from the imported data and the settings to every figure of DOMAIN.md.

use chrono::NaiveDate;
use serde::Serialize;

use crate::abc::{
    class_lines, classes_in_order, heaviest_first, is_heaviest_first, matrix, no_history,
    pareto_in_order, xyz_class, Abc, Cell, ClassLine, Xyz,
};
use crate::bgnbd::summaries;
use crate::churn::{churn, lifetime, Churn, ChurnCount, ChurnWindow, LifeTally};
use crate::clients::{
    client_and_losses, histories, one_time_rule, rhythm, Client, History, OneTimeRule, Rhythm,
    Status,
};
use crate::counting::{model_report, ClientModel, ModelKind, Models};
use crate::error::{Error, ErrorKind};
use crate::figure::{Figure, Why};
use crate::model::Data;
use crate::money::Money;
use crate::period::{
    in_period, lost_in, revenue_in, Declining, DecliningTally, LostAll, LostInPeriod, Period,
    Quiet, Returned, Seen,
};
use crate::report::{ManagerLine, ManagerTally, ReasonTally, Reasons};
use crate::settings::{AbcBasis, AbcWindow, Settings};
use crate::winback::{winback, Campaign, CampaignTally, Category, Winback};

/// One client's figures with their classes and win-back economics.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ClientLine {
    /// The client's own figures.
    pub client: Client,
    /// ABC class.
    pub abc: Abc,
    /// XYZ class (`None` without monthly history or with no positive revenue in the window).
    pub xyz: Option<Xyz>,
    /// Coefficient of variation of the monthly revenue.
    pub xyz_variation: Option<f64>,
    /// Win-back economics, for sleeping and lost clients.
    pub winback: Option<Winback>,
    /// How the client's reason for leaving is read (group, can be won back, call at once).
    pub reason: Option<crate::reasons::ReasonRule>,
}

/// What the models say of a client's line ([`attach_models_to_facts`]), kept beside the
/// lines ([`Lines`]).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct LineModel {
    /// What the BG/NBD and Gamma-Gamma models say, when they were fitted.
    pub model: Option<ClientModel>,
    /// Whether the model and the rule disagree: the rule says lost while P(alive) ≥ 50%, or
    /// active while P(alive) < 50% (repeat buyers only: BG/NBD holds one-time buyers alive).
    pub disagrees: bool,
}

/// Every client's line, sorted by id, and what the models say of each, beside them in the
/// same order (none when the models were not fitted). Both are shared: the page puts the
/// models' figures beside the lines it shows without copying them (at 5M rows, 285,329 lines
/// of 110 MB). It reads as a slice of the lines; JSON writes each line with its model's
/// figures in it (`crate::lines` has its forms).
#[derive(Clone, Debug, Default)]
pub struct Lines {
    lines: std::sync::Arc<Vec<ClientLine>>,
    models: std::sync::Arc<Vec<LineModel>>,
}

impl Lines {
    /// Lines without the models' figures.
    pub fn new(lines: Vec<ClientLine>) -> Lines {
        Lines {
            lines: std::sync::Arc::new(lines),
            models: Default::default(),
        }
    }

    /// These lines (shared, not copied) with `models` beside them, one for each line in order;
    /// without them should they not line up.
    pub fn with_models(&self, models: Vec<LineModel>) -> Lines {
        let models = if models.len() == self.lines.len() {
            models
        } else {
            Vec::new()
        };
        Lines {
            lines: self.lines.clone(),
            models: std::sync::Arc::new(models),
        }
    }

    /// What the models say of the line at `i`, when they were fitted.
    pub fn model(&self, i: usize) -> Option<&ClientModel> {
        self.models.get(i).and_then(|m| m.model.as_ref())
    }

    /// Whether the model and the rule disagree about the client at `i` ([`LineModel::disagrees`]).
    pub fn disagrees(&self, i: usize) -> bool {
        self.models.get(i).is_some_and(|m| m.disagrees)
    }

    /// What the models say of each line, in order: empty without the models' figures.
    pub fn models(&self) -> &[LineModel] {
        &self.models
    }

    /// Whether the models' figures are beside the lines.
    pub fn have_models(&self) -> bool {
        self.models.iter().any(|m| m.model.is_some())
    }

    /// The lines and what the models say of each, as lists of their own: copied where they
    /// are shared, which the worker's never are (debug builds check: at 5M rows that would
    /// be a hidden copy of 110 MB).
    pub(crate) fn into_parts(self) -> (Vec<ClientLine>, Vec<LineModel>) {
        debug_assert_eq!(std::sync::Arc::strong_count(&self.lines), 1, "shared lines");
        fn own<T: Clone>(list: std::sync::Arc<Vec<T>>) -> Vec<T> {
            std::sync::Arc::try_unwrap(list).unwrap_or_else(|l| (*l).clone())
        }
        (own(self.lines), own(self.models))
    }
}

impl std::ops::Deref for Lines {
    type Target = [ClientLine];

    fn deref(&self) -> &[ClientLine] {
        &self.lines
    }
}

impl<'a> IntoIterator for &'a Lines {
    type Item = &'a ClientLine;
    type IntoIter = std::slice::Iter<'a, ClientLine>;

    fn into_iter(self) -> Self::IntoIter {
        self.lines.iter()
    }
}

impl PartialEq for Lines {
    fn eq(&self, o: &Lines) -> bool {
        (std::sync::Arc::ptr_eq(&self.lines, &o.lines) || self.lines == o.lines)
            && (std::sync::Arc::ptr_eq(&self.models, &o.models) || self.models == o.models)
    }
}

impl Analysis {
    /// Gives this analysis the client lines of its rule's figures (`lines`, those of the same
    /// job, shared, not copied) with what the models say of each ([`attach_models_to_facts`])
    /// beside them. Without the models' figures (the models could not be fitted), or should
    /// they not line up, the lines keep the rule's figures alone.
    pub fn put_line_models(&mut self, lines: &Lines, models: Vec<LineModel>) {
        self.clients = lines.with_models(models);
    }
}

/// Lost clients by the month they crossed their lost threshold.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct MonthLine {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// Clients lost that month.
    pub clients: usize,
    /// The sum of their years.
    pub revenue: Money,
}

/// Counts of clients by status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct StatusCounts {
    /// Active clients.
    pub active: usize,
    /// Sleeping clients.
    pub sleeping: usize,
    /// Lost clients.
    pub lost: usize,
}

/// ABC, XYZ and their matrix.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Classes {
    /// What ABC ranked by.
    pub abc_basis: AbcBasis,
    /// Over which days: the client's year or all history.
    pub abc_window: AbcWindow,
    /// Per ABC class, in order A, B, C.
    pub abc: Vec<(Abc, ClassLine)>,
    /// The Pareto curve: (share of clients, share of value), best first.
    pub pareto: Vec<(f64, f64)>,
    /// Per XYZ class (revenue), or why there is none.
    pub xyz: Figure<Vec<(Xyz, ClassLine)>>,
    /// Clients without an XYZ class (no positive revenue in their 12 months).
    pub xyz_unclassified: usize,
    /// The ABC × XYZ matrix (counts and revenue per cell).
    pub matrix: Figure<Vec<Cell>>,
}

/// One category of the win-back list.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct CategoryLine {
    /// The category.
    pub category: Category,
    /// Clients in it.
    pub clients: usize,
    /// Their expected net added up.
    pub expected_net: Money,
}

/// The win-back plan.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct WinbackPlan {
    /// The client lifetime the benefit was computed with, in years.
    pub lifetime_years: f64,
    /// Where it came from: `setting`, `churn` or `observed`.
    pub lifetime_basis: std::borrow::Cow<'static, str>,
    /// Per category.
    pub categories: Vec<CategoryLine>,
    /// Indexes into [`Analysis::clients`] of the sleeping and lost clients, in calling order:
    /// those whose contact person changed first, then by category, then by expected net,
    /// highest first.
    pub order: Vec<usize>,
}

/// Every figure Boomerang shows.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Analysis {
    /// The analysis date.
    pub as_of: NaiveDate,
    /// Whether the data is a client table (figures needing history are undefined).
    pub client_table: bool,
    /// The settings used.
    pub settings: Settings,
    /// Every client, sorted by id, with what the models say of each.
    pub clients: Lines,
    /// Revenue of all clients up to the analysis date.
    pub revenue: Money,
    /// Client-table rows whose last purchase is after the analysis date, left out.
    pub rows_after_as_of: usize,
    /// Clients by status.
    pub status: StatusCounts,
    /// Lost clients who had been lost before.
    pub lost_twice: Figure<usize>,
    /// How one-time buyers are judged.
    pub one_time_rule: OneTimeRule,
    /// The period of the period figures.
    pub period: Period,
    /// What all clients bought in the period, for scale (a client table cannot tell).
    pub period_revenue: Figure<Money>,
    /// Clients lost in the period and their years: the lost revenue a year.
    pub lost_in_period: LostInPeriod,
    /// The same for the period of the same length before it.
    pub previous_period: LostInPeriod,
    /// Every client lost now, however long ago, by the time since the loss.
    pub lost_all: LostAll,
    /// Lost clients and their years by the month the loss began, oldest first.
    pub lost_by_month: Vec<MonthLine>,
    /// Clients who came back in the period and their revenue since.
    pub returned_in_period: Figure<Returned>,
    /// Sleeping clients' wake-up potential (seed 004): Σ their average checks × p.
    pub sleeping_potential: Money,
    /// Active and sleeping clients buying at least a third less than the year before.
    pub declining: Figure<Declining>,
    /// Annual churn.
    pub churn: Figure<Churn>,
    /// 1 − churn.
    pub retention: Figure<f64>,
    /// Clients who came back after a loss / clients ever lost.
    pub reactivation_rate: Figure<f64>,
    /// 1 / churn, in years.
    pub lifetime_years: Figure<f64>,
    /// Mean span of lost clients (first to last purchase plus one interval), in years.
    pub observed_lifetime_years: Figure<f64>,
    /// ABC and XYZ.
    pub classes: Classes,
    /// The win-back plan, or why there is none.
    pub winback: Figure<WinbackPlan>,
    /// The campaign over the clients worth calling, or why there is none.
    pub campaign: Figure<Campaign>,
    /// Per manager: the period's losses and today's statuses.
    pub managers: Vec<ManagerLine>,
    /// Per reason for leaving, and per group of reasons.
    pub reasons: Reasons,
    /// Per product or category, when the log has a product column.
    pub products: Option<Vec<crate::report::ProductLine>>,
    /// The models, when asked for: fitted, or why not (the rule-based figures still stand).
    pub model: Option<Figure<ModelSummary>>,
}

/// The models over the whole base, without the per-client lines (they are in the clients).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ModelSummary {
    /// Pareto/NBD, MBG/NBD and BG/NBD, each fitted and checked on a held-out stretch, and the
    /// one in use.
    pub models: Models,
    /// Σ (1 − P(alive)) × the client's year, over every client: the revenue a year of the
    /// clients the model believes gone.
    pub lost_annual_revenue: Money,
    /// The part of that sum from the clients the rule calls lost.
    pub lost_annual_revenue_of_lost: Money,
    /// Clients the model believes gone (Σ 1 − P(alive)).
    pub expected_dead: f64,
    /// Σ CLV over the horizon.
    pub clv_total: Money,
    /// Clients where the model and the rule disagree.
    pub disagreements: usize,
}

/// Computes every figure from the data as seen from the analysis date.
///
/// # Errors
/// [`ErrorKind::InvalidSetting`] for a setting out of range; [`ErrorKind::NoUsableRows`]
/// when nothing was bought on or before the analysis date.
pub fn analyze(data: &Data, settings: &Settings) -> Result<Analysis, Error> {
    let mut analysis = analyze_rules(data, settings)?;
    if settings.model {
        let models = fit_models(data, analysis.as_of, settings);
        attach_models(&mut analysis, &models);
    }
    Ok(analysis)
}

/// [`analyze`] without the models (`model` stays `None` whatever the settings say): the
/// rule's figures, which the page shows while the models are fitted ([`fit_models`], then
/// [`attach_models`]).
///
/// # Errors
/// As [`analyze`].
pub fn analyze_rules(data: &Data, settings: &Settings) -> Result<Analysis, Error> {
    analyze_rules_keeping(data, settings, &mut None)
}

/// The clients' histories as of a day, with what no setting changes worked out once: where
/// every rule figure starts. They depend on the data, the analysis date and the period's end
/// only, so a change of k, p, costs, margin or ABC reuses them.
#[derive(Debug)]
pub struct Histories {
    as_of: NaiveDate,
    period_end: NaiveDate,
    hs: Vec<History>,
    rows_after_as_of: usize,
    /// The first purchase of any client.
    earliest: Option<NaiveDate>,
    /// The clients heaviest first by what ABC ranked them by, the last time.
    abc_order: Vec<usize>,
    /// The repeat clients' rhythm, for the one-time buyers' rule.
    rhythm: Rhythm,
    /// What all clients bought in a period, the last one asked for ([`revenue_in`]).
    period_revenue: Option<(Period, Figure<Money>)>,
    /// What that period, the one before it and its churn window show of each client (in the
    /// order of `hs`), whatever their thresholds.
    sights: Option<(Period, Vec<Sight>)>,
    /// Room for the next analysis's client lines: the last one's, handed back empty once they
    /// were sent ([`Histories::keep_room_for_lines`]).
    room_for_lines: Vec<ClientLine>,
    /// The ABC and XYZ classes of the last analysis, and the settings they were made with.
    classes: Option<(ClassSettings, KeptClasses)>,
    /// Which histories these are: no two built in one program share it. Lines made from the
    /// same histories differ only in what the settings decide ([`crate::lines::Verdict`]).
    stamp: u64,
}

impl Histories {
    /// Which histories these are (no two built in one program share it).
    pub fn stamp(&self) -> u64 {
        self.stamp
    }
}

/// What the ABC and XYZ classes depend on besides the histories: a change of k, p, costs,
/// margin or the reasons reuses them. They rank what clients bought, whatever the rule says
/// of them: at 1M rows they took 4 of a change of k's 25 ms (natively).
#[derive(Clone, Copy, Debug, PartialEq)]
struct ClassSettings {
    basis: AbcBasis,
    window: AbcWindow,
    bounds: [u64; 4],
}

impl ClassSettings {
    fn of(s: &Settings) -> ClassSettings {
        ClassSettings {
            basis: s.abc_basis,
            window: s.abc_window,
            bounds: [s.abc_a, s.abc_b, s.xyz_x, s.xyz_y].map(f64::to_bits),
        }
    }
}

/// Each client's ABC and XYZ class (in the order of the histories), the classes' figures, and
/// what all clients bought.
#[derive(Debug)]
struct KeptClasses {
    abc: Vec<Abc>,
    xyz: Vec<Option<Xyz>>,
    variation: Vec<Option<f64>>,
    classes: Classes,
    revenue: Money,
}

impl KeptClasses {
    /// The classes of `cs`, the clients of `hs` in order; `abc_order`, the clients heaviest
    /// first by what ABC ranks them by, is sorted again when it no longer holds.
    fn of(
        cs: &[&Client],
        hs: &[History],
        abc_order: &mut Vec<usize>,
        settings: &Settings,
        client_table: bool,
    ) -> KeptClasses {
        // ABC by profit when there is profit (or when asked), else by revenue.
        let has_profit = cs.iter().all(|c| c.profit.is_some());
        let abc_basis = match settings.abc_basis {
            AbcBasis::Auto if has_profit => AbcBasis::Profit,
            AbcBasis::Profit if has_profit => AbcBasis::Profit,
            _ => AbcBasis::Revenue,
        };
        let values: Vec<Money> = cs
            .iter()
            .map(|c| match (abc_basis, settings.abc_window) {
                (AbcBasis::Profit, AbcWindow::Year) => c.annual_profit.unwrap_or_default(),
                (AbcBasis::Profit, AbcWindow::All) => c.profit.unwrap_or_default(),
                (_, AbcWindow::Year) => c.annual_revenue,
                (_, AbcWindow::All) => c.revenue,
            })
            .collect();
        // The clients' values do not change with the settings, only what is ranked: the order
        // of the last analysis serves again when it still holds.
        if !is_heaviest_first(&values, abc_order) {
            *abc_order = heaviest_first(&values);
        }
        let abc = classes_in_order(&values, abc_order, settings.abc_a, settings.abc_b)
            .unwrap_or_else(|| vec![Abc::C; cs.len()]);
        let variation: Vec<Option<f64>> = hs.iter().map(|h| h.settled.variation).collect();
        let xyz: Vec<Option<Xyz>> = variation
            .iter()
            .map(|v| v.map(|cv| xyz_class(cv, settings.xyz_x, settings.xyz_y)))
            .collect();
        let revenues: Vec<Money> = cs.iter().map(|c| c.revenue).collect();
        let classes = Classes {
            abc_basis,
            abc_window: settings.abc_window,
            abc: class_lines(&abc, &values, &Abc::ALL),
            pareto: pareto_in_order(&values, abc_order, 100),
            xyz: if client_table {
                no_history()
            } else {
                let (keys, vals): (Vec<Xyz>, Vec<Money>) = xyz
                    .iter()
                    .zip(&revenues)
                    .filter_map(|(x, r)| x.map(|x| (x, *r)))
                    .unzip();
                Figure::Defined(class_lines(&keys, &vals, &Xyz::ALL))
            },
            xyz_unclassified: if client_table {
                cs.len()
            } else {
                xyz.iter().filter(|x| x.is_none()).count()
            },
            matrix: if client_table {
                no_history()
            } else {
                Figure::Defined(matrix(&abc, &xyz, &revenues))
            },
        };
        KeptClasses {
            abc,
            xyz,
            variation,
            classes,
            revenue: revenues.iter().copied().sum(),
        }
    }
}

impl Histories {
    /// Keeps `lines`' room, emptied, for the next analysis's client lines. In the browser's
    /// worker, whose memory never shrinks, a new list of the lines on every change of k went
    /// where the last one had been only when nothing had been put there since (the models
    /// fitted after the first analysis were): at 1M rows a change of k grew the worker's
    /// memory by 20 MB.
    pub(crate) fn keep_room_for_lines(&mut self, mut lines: Vec<ClientLine>) {
        lines.clear();
        if lines.capacity() > self.room_for_lines.capacity() {
            self.room_for_lines = lines;
        }
    }
}

/// What a period shows of one client whatever their threshold: the period, the one before it,
/// and the churn window's two ends. A change of k judges them again without reading the
/// client's purchases.
#[derive(Clone, Copy, Debug)]
struct Sight {
    this: Seen,
    previous: Seen,
    churn: (Quiet, Quiet),
}

/// [`analyze_rules`], reusing the histories in `kept` when they are of the same day and period
/// end (else building them there): `kept` must be of this `data`, or `None`.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_rules_keeping(
    data: &Data,
    settings: &Settings,
    kept: &mut Option<Histories>,
) -> Result<Analysis, Error> {
    settings.validate()?;
    let latest = match data {
        Data::Transactions(t) => t.day_range().map(|(_, last)| last),
        // A rich table says the day it was summarised as of.
        Data::Clients(rows) => rows.iter().map(|r| r.summary.as_of.unwrap_or(r.last)).max(),
    };
    let as_of = settings
        .as_of
        .or(latest)
        .ok_or_else(|| ErrorKind::NoUsableRows {
            rows: 0,
            first: "the data holds no purchase".into(),
            first_ru: "в данных нет ни одной покупки".into(),
        })?;
    let period = Period::resolve(settings.period, as_of);
    if period.to > as_of {
        return Err(ErrorKind::InvalidSetting {
            name: "period_to".into(),
            allowed: "on or before the analysis date".into(),
            value: period.to.to_string(),
        }
        .into());
    }
    if !matches!(kept, Some(h) if h.as_of == as_of && h.period_end == period.to) {
        // The room for the lines stays: the new lines need it as much.
        let room_for_lines = kept.take().map(|h| h.room_for_lines).unwrap_or_default();
        let (hs, rows_after_as_of) = histories(data, as_of, period.to);
        *kept = Some(Histories {
            as_of,
            period_end: period.to,
            earliest: hs.iter().map(|h| h.first).min(),
            rhythm: rhythm(&hs),
            hs,
            rows_after_as_of,
            abc_order: Vec::new(),
            period_revenue: None,
            sights: None,
            room_for_lines,
            classes: None,
            stamp: {
                static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        });
    }
    let Some(Histories {
        hs,
        rows_after_as_of,
        earliest,
        abc_order,
        rhythm,
        period_revenue,
        sights,
        room_for_lines,
        classes: kept_classes,
        ..
    }) = kept.as_mut()
    else {
        unreachable!("kept just above")
    };
    let (hs, rows_after_as_of) = (hs.as_slice(), *rows_after_as_of);
    let Some(earliest) = earliest else {
        return Err(ErrorKind::NoUsableRows {
            rows: 0,
            first: format!("no purchase falls on or before {as_of}"),
            first_ru: format!("нет ни одной покупки на {as_of} или раньше"),
        }
        .into());
    };
    let client_table = matches!(data, Data::Clients(_));
    let rule = one_time_rule(*rhythm, settings);
    // One pass over the clients for what their thresholds decide: each history is read once.
    let previous = period.previous();
    let churn_window = ChurnWindow::of(period, *earliest);
    let n = hs.len();
    // Each client's line is made once, with its figures, and its classes and win-back filled
    // in below: a list of the clients' figures beside the lines would be a second copy.
    let mut lines: Vec<ClientLine> = std::mem::take(room_for_lines);
    lines.clear();
    lines.reserve_exact(n);
    let (mut this_period, mut previous_lines) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut returned = Returned::default();
    let mut churn_count = ChurnCount::default();
    let sights = match sights {
        Some((p, sights)) if *p == period => sights,
        _ => {
            let each = hs.iter().map(|h| Sight {
                this: Seen::of(h, period),
                previous: Seen::of(h, previous),
                churn: match &churn_window {
                    Ok(w) => w.quiet(h),
                    Err(_) => (Quiet::NotYet, Quiet::NotYet),
                },
            });
            &sights.insert((period, each.collect())).1
        }
    };
    // What the figures below add up over the clients is added as each line is made, while it
    // is at hand: a pass of its own per figure read every line (320 bytes) from memory again.
    let mut tally = Tally::default();
    let one_time_interval = rule.threshold_days / settings.k;
    let mut ls = Vec::new();
    for (h, sight) in hs.iter().zip(sights) {
        let c = client_and_losses(h, as_of, &rule, settings, &mut ls);
        tally.add(&c, one_time_interval);
        this_period.push(in_period(sight.this, &c, &ls, period));
        previous_lines.push(in_period(sight.previous, &c, &ls, previous));
        returned.add(h, &c, &ls, period, as_of);
        if churn_window.is_ok() {
            churn_count += ChurnWindow::client(sight.churn, c.threshold_days);
        }
        lines.push(ClientLine {
            client: c,
            abc: Abc::C,
            xyz: None,
            xyz_variation: None,
            winback: None,
            reason: None,
        });
    }
    let cs: Vec<&Client> = lines.iter().map(|l| &l.client).collect();
    let Tally {
        status,
        without_history,
        lost_twice,
        lost_by_month,
        sleeping_checks,
        life,
        lost_all,
        declining,
    } = tally;
    // A plain client table cannot tell earlier losses; a rich one (or a log) can.
    let lost_twice = if without_history {
        Figure::Undefined(Why::NoHistory)
    } else {
        Figure::Defined(lost_twice)
    };
    let lost_in_period = lost_in(period, &this_period);
    let previous_period = lost_in(previous, &previous_lines);
    let returned_in_period = if client_table {
        Figure::Undefined(Why::NoHistory)
    } else {
        Figure::Defined(returned)
    };
    let lost_by_month = lost_by_month
        .into_iter()
        .map(|((year, month), (clients, revenue))| MonthLine {
            year,
            month,
            clients,
            revenue,
        })
        .collect();
    let sleeping_potential = Money::from_major(sleeping_checks * settings.return_probability);

    let churn = churn(&churn_window, churn_count);
    let retention = churn.clone().map(|c| 1.0 - c.rate);
    let reactivation_rate = life.reactivation();
    let lifetime_years = lifetime(&churn);
    let observed_lifetime_years = life.observed_lifetime();

    let class_settings = ClassSettings::of(settings);
    let KeptClasses {
        abc,
        xyz,
        variation,
        classes,
        revenue,
    } = match kept_classes {
        Some((made_with, kept)) if *made_with == class_settings => kept,
        _ => {
            let made = KeptClasses::of(&cs, hs, abc_order, settings, client_table);
            &kept_classes.insert((class_settings, made)).1
        }
    };

    let lifetime_for_winback = match (
        settings.lifetime_years,
        &lifetime_years,
        &observed_lifetime_years,
    ) {
        (Some(l), _, _) => Figure::Defined((l, "setting")),
        (None, Figure::Defined(l), _) => Figure::Defined((*l, "churn")),
        (None, _, Figure::Defined(l)) => Figure::Defined((*l, "observed")),
        (None, Figure::Undefined(_), Figure::Undefined(_)) => {
            Figure::Undefined(Why::LifetimeUnknown)
        }
    };
    // One reading per distinct reason: clients share a handful of them.
    let mut rules: std::collections::HashMap<String, crate::reasons::ReasonRule> =
        Default::default();
    let mut reason_rule = |r: &str| match rules.get(r) {
        Some(rule) => *rule,
        None => {
            let rule = crate::reasons::rule_for(r, &settings.reason_overrides);
            rules.insert(r.to_owned(), rule);
            rule
        }
    };
    let products = match data {
        Data::Transactions(t) => {
            crate::report::products(t, &cs, as_of, settings.abc_a, settings.abc_b)
        }
        Data::Clients(_) => None,
    };
    drop(cs);
    // The lines' classes, reasons and win-back filled in, and what is added up over them, in
    // one pass.
    let years = match &lifetime_for_winback {
        Figure::Defined((years, _)) => Some(*years),
        Figure::Undefined(_) => None,
    };
    let mut campaign = CampaignTally::default();
    let mut managers = ManagerTally::default();
    let mut reasons = ReasonTally::default();
    let classes_of = abc.iter().zip(xyz.iter().zip(variation));
    for (((line, (abc, (xyz, variation))), h), p) in
        lines.iter_mut().zip(classes_of).zip(hs).zip(&this_period)
    {
        let ClientLine {
            client,
            abc: line_abc,
            xyz: line_xyz,
            xyz_variation: line_variation,
            winback: line_winback,
            reason: line_reason,
        } = line;
        let c: &Client = client;
        let reason = c.reason.as_deref().map(&mut reason_rule);
        let w = years.and_then(|years| winback(c, *abc, years, settings, reason));
        // A lost client worth calling goes to a colleague of the manager who lost them.
        let call =
            c.status == Status::Lost && w.as_ref().is_some_and(|w| w.category != Category::LetGo);
        if let Some(w) = &w {
            campaign.add(c, w);
        }
        managers.add(h, c, p, call);
        reasons.add(c, reason);
        *line_abc = *abc;
        *line_xyz = *xyz;
        *line_variation = *variation;
        *line_winback = w;
        *line_reason = reason;
    }
    let managers = managers.lines();
    let reasons = reasons.reasons(settings.abc_a, settings.abc_b);
    let winback = match lifetime_for_winback {
        Figure::Defined((years, basis)) => {
            let winbacks = lines.iter().map(|l| &l.winback);
            Figure::Defined(plan(winbacks, years, basis))
        }
        Figure::Undefined(why) => Figure::Undefined(why),
    };
    let campaign = match &winback {
        Figure::Defined(_) => {
            let c = campaign.campaign();
            if c.clients == 0 {
                Figure::Undefined(Why::NobodyToCall)
            } else {
                Figure::Defined(c)
            }
        }
        Figure::Undefined(why) => Figure::Undefined(why.clone()),
    };
    let declining = declining.figure();
    Ok(Analysis {
        as_of,
        client_table,
        settings: settings.clone(),
        revenue: *revenue,
        rows_after_as_of,
        status,
        lost_twice,
        one_time_rule: rule,
        period,
        period_revenue: match period_revenue {
            Some((p, revenue)) if *p == period => revenue.clone(),
            _ => period_revenue
                .insert((period, revenue_in(hs, period)))
                .1
                .clone(),
        },
        lost_in_period,
        previous_period,
        lost_all,
        lost_by_month,
        returned_in_period,
        sleeping_potential,
        declining,
        churn,
        retention,
        reactivation_rate,
        lifetime_years,
        observed_lifetime_years,
        classes: classes.clone(),
        winback,
        campaign,
        managers,
        reasons,
        products,
        clients: Lines::new(lines),
        model: None,
    })
}

/// The models fitted on a log as of a day: the costly part of the model's figures, which
/// depends on the data, the analysis date and the model's own settings only (the horizon, the
/// discount, the time unit, the pick), so a change of any other setting reuses it.
#[derive(Clone, Debug, PartialEq)]
pub struct FittedModels {
    /// The models and their predictions per client (sorted by id), or why there are none.
    pub report: Result<crate::counting::ModelReport, Why>,
    /// A fingerprint of the clients' ids, in order: the lines they are attached to must match.
    ids: u64,
    /// Where the fits ended: the fits as of another day start there.
    warmth: crate::counting::Warmth,
}

impl FittedModels {
    /// Where the fits ended, for the fits of the same data as of another day (in the same
    /// time unit) to start from.
    pub fn into_warmth(self) -> crate::counting::Warmth {
        self.warmth
    }
}

fn fingerprint<'a>(ids: impl Iterator<Item = &'a str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for id in ids {
        id.hash(&mut h);
    }
    h.finish()
}

/// Fits the models on the history up to `as_of` (the costly part; see [`FittedModels`]).
pub fn fit_models(data: &Data, as_of: NaiveDate, s: &Settings) -> FittedModels {
    fit_models_warm(data, as_of, s, crate::counting::Warmth::default())
}

/// [`fit_models`], each fit starting where `warmth` (from [`FittedModels::into_warmth`], the
/// same data as of another day, in the same time unit) says the same fit ended: a change of
/// the analysis date refits warm.
pub fn fit_models_warm(
    data: &Data,
    as_of: NaiveDate,
    s: &Settings,
    mut warmth: crate::counting::Warmth,
) -> FittedModels {
    let Data::Transactions(log) = data else {
        return FittedModels {
            report: Err(Why::NoHistory),
            ids: 0,
            warmth,
        };
    };
    let rfm = summaries(log, as_of, s.model_unit);
    let ids = fingerprint(rfm.iter().map(|r| r.id.as_str()));
    let report = model_report(
        log,
        &rfm,
        as_of,
        s.model_unit,
        s.horizon_months,
        s.monthly_discount,
        s.model_kind,
        &mut warmth,
    )
    .map_err(Why::ModelFailed);
    FittedModels {
        report,
        ids,
        warmth,
    }
}

/// Gives an analysis the models' figures of the same data as of the same day: beside each
/// client's line and in the summary, with what depends on the rule (the disagreements, the part
/// of the lost revenue from the rule's lost clients) computed with the analysis's own rule.
pub fn attach_models(a: &mut Analysis, fitted: &FittedModels) {
    let facts = LineFacts::of(&a.clients);
    let models = attach_models_to_facts(a, &facts, fitted);
    a.clients = a.clients.with_models(models);
}

/// What the models' figures read of the client lines: each client's status, purchase
/// occasions and annual revenue (the client's year), and the lines' ids (a fingerprint). The
/// compute worker sends the lines to the page before the models are fitted and keeps these
/// instead: 16 bytes a client, where a line takes hundreds.
#[derive(Clone, Debug, PartialEq)]
pub struct LineFacts {
    ids: u64,
    lines: Vec<(Status, u32, Money)>,
}

impl LineFacts {
    /// The facts of these lines.
    pub fn of(lines: &[ClientLine]) -> LineFacts {
        LineFacts {
            ids: fingerprint(lines.iter().map(|l| &*l.client.id)),
            lines: lines
                .iter()
                .map(|l| (l.client.status, l.client.occasions, l.client.annual_revenue))
                .collect(),
        }
    }
}

/// Writes the models' summary into an analysis whose lines have these facts, and returns what
/// the models say of each line, in the lines' order ([`Analysis::put_line_models`]): none
/// when the models failed or were fitted on other clients (the summary says why).
pub fn attach_models_to_facts(
    a: &mut Analysis,
    facts: &LineFacts,
    fitted: &FittedModels,
) -> Vec<LineModel> {
    let report = match &fitted.report {
        Err(why) => {
            a.model = Some(Figure::Undefined(why.clone()));
            return Vec::new();
        }
        Ok(r) => r,
    };
    if report.clients.len() != facts.lines.len() || facts.ids != fitted.ids {
        a.model = Some(Figure::Undefined(Why::ModelFailed(
            "the summaries do not line up with the clients".into(),
        )));
        return Vec::new();
    }
    // Summaries and clients are both sorted by id and hold the same clients.
    let (mut lost, mut lost_of_lost) = (0.0, 0.0);
    let mut disagreements = 0;
    let mut models = Vec::with_capacity(facts.lines.len());
    for (&(status, occasions, year), m) in facts.lines.iter().zip(&report.clients) {
        let gone = (1.0 - m.p_alive) * year.major();
        lost += gone;
        if status == Status::Lost {
            lost_of_lost += gone;
        }
        // BG/NBD holds every one-time buyer alive by construction (a client can only drop out
        // after a repeat purchase): for them that model has no opinion to set against the
        // rule. The other two do.
        let has_opinion = report.models.chosen != ModelKind::BgNbd || occasions >= 2;
        let disagrees = has_opinion
            && match status {
                Status::Lost => m.p_alive >= 0.5,
                Status::Active => m.p_alive < 0.5,
                Status::Sleeping => false,
            };
        disagreements += usize::from(disagrees);
        models.push(LineModel {
            model: Some(m.clone()),
            disagrees,
        });
    }
    a.model = Some(Figure::Defined(ModelSummary {
        models: report.models.clone(),
        lost_annual_revenue: Money::from_major(lost),
        lost_annual_revenue_of_lost: Money::from_major(lost_of_lost),
        expected_dead: report.expected_dead,
        clv_total: Money::from_major(report.clv_total),
        disagreements,
    }));
    models
}

/// What the analysis adds up over the clients, client by client as it makes their lines.
#[derive(Default)]
struct Tally {
    status: StatusCounts,
    /// Whether a client's history cannot tell their earlier losses (a plain client table).
    without_history: bool,
    /// Clients lost now and lost before.
    lost_twice: usize,
    /// Clients lost now and their years, by the month their loss began.
    lost_by_month: std::collections::BTreeMap<(i32, u32), (usize, Money)>,
    /// The sleeping clients' average checks, added up.
    sleeping_checks: f64,
    life: LifeTally,
    lost_all: LostAll,
    declining: DecliningTally,
}

impl Tally {
    fn add(&mut self, c: &Client, one_time_interval: f64) {
        use chrono::Datelike;
        match c.status {
            Status::Active => self.status.active += 1,
            Status::Sleeping => {
                self.status.sleeping += 1;
                self.sleeping_checks += c.revenue.major() / f64::from(c.occasions.max(1));
            }
            Status::Lost => self.status.lost += 1,
        }
        self.without_history |= c.lost_twice.is_none();
        self.lost_twice += usize::from(c.lost_twice == Some(true));
        if let Some(lost_on) = c.lost_since {
            let e = self
                .lost_by_month
                .entry((lost_on.year(), lost_on.month()))
                .or_default();
            e.0 += 1;
            e.1 += c.annual_revenue;
        }
        self.life.add(c, one_time_interval);
        self.lost_all.add(c);
        self.declining.add(c);
    }
}

/// The win-back plan over the lines' win-backs (`None` for an active client), in the lines'
/// order.
fn plan<'a>(
    winbacks: impl Iterator<Item = &'a Option<Winback>> + Clone,
    lifetime_years: f64,
    lifetime_basis: &'static str,
) -> WinbackPlan {
    // The calling order: a changed contact person first of all (seed 002, rule 17), then by
    // category, then by expected net, highest first; ties by the line's index. Each key is
    // packed into one number (what it is ordered by, in that order, and the index last), so
    // the sort compares numbers, not winbacks looked up at every comparison.
    let mut keys: Vec<u128> = winbacks
        .clone()
        .enumerate()
        .filter_map(|(i, w)| {
            let w = w.as_ref()?;
            let first = (u128::from(!w.urgent) << 2) | w.category as u128;
            // The net as an unsigned number in the same order, then turned around.
            let net = u64::MAX - ((w.expected_net.0 as u64) ^ (1 << 63));
            debug_assert!(u32::try_from(i).is_ok(), "a line's index fits 32 bits");
            Some((first << 96) | (u128::from(net) << 32) | i as u128)
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.iter().map(|&k| k as u32 as usize).collect();
    drop(keys);
    // Whole minor units: their sums do not depend on the order they are added in.
    let mut sums = [(0, Money::ZERO); 4];
    for w in winbacks.flatten() {
        let sum = &mut sums[w.category as usize];
        *sum = (sum.0 + 1, sum.1 + w.expected_net);
    }
    let categories = Category::ALL
        .iter()
        .map(|&category| {
            let (clients, expected_net) = sums[category as usize];
            CategoryLine {
                category,
                clients,
                expected_net,
            }
        })
        .collect();
    WinbackPlan {
        lifetime_years,
        lifetime_basis: lifetime_basis.into(),
        categories,
        order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::elementary::xorshift;

    /// The calling order sorts packed keys: it is the order of the keys it packs, a changed
    /// contact person first, then the category, then the expected net highest first, then the
    /// line; the categories' sums are those of their clients.
    #[test]
    fn the_calling_order_is_urgent_first_then_by_category_then_by_net() {
        let mut next = xorshift(7);
        for round in 0..200 {
            let n = 1 + (next() % 300) as usize;
            let winbacks: Vec<Option<Winback>> = (0..n)
                .map(|_| {
                    let r = next();
                    (!r.is_multiple_of(5)).then(|| {
                        // Nets across the whole range, ties and both signs included.
                        let net = match r % 7 {
                            0 => -(1 << 52),
                            1 => 1 << 52,
                            2 => 0,
                            3 => (next() % 5) as i64 - 2,
                            _ => next() as i64 >> (12 + next() % 50),
                        };
                        Winback {
                            return_chance: 0.1,
                            benefit: Money(1),
                            cost: Money(1),
                            expected_net: Money(net),
                            roi: None,
                            category: Category::ALL[(next() % 4) as usize],
                            let_go_because: None,
                            urgent: next().is_multiple_of(6),
                        }
                    })
                })
                .collect();
            let plan = plan(winbacks.iter(), 1.0, "setting");
            let mut expected: Vec<usize> = (0..n).filter(|&i| winbacks[i].is_some()).collect();
            expected.sort_by_key(|&i| {
                let w = winbacks[i].as_ref().unwrap();
                (!w.urgent, w.category, std::cmp::Reverse(w.expected_net), i)
            });
            assert_eq!(plan.order, expected, "round {round}");
            for line in &plan.categories {
                let inside = winbacks
                    .iter()
                    .flatten()
                    .filter(|w| w.category == line.category);
                assert_eq!(line.clients, inside.clone().count());
                assert_eq!(
                    line.expected_net.0,
                    inside.map(|w| w.expected_net.0).sum::<i64>()
                );
            }
        }
    }
}
