//! The three "is this client still alive?" models side by side: Pareto/NBD, MBG/NBD and
//! BG/NBD, each fitted by maximum likelihood, checked on a held-out stretch of the history,
//! and the one that predicted it best used (or the one the user picks).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bgnbd::{
    fit_bgnbd_warm, fit_gamma_gamma, grouped, summaries, BgNbd, GammaGammaFit, Rfm, TimeUnit,
};
use crate::mbgnbd::{fit_mbg_warm, MbgNbd};
use crate::model::Transactions;
use crate::optim::{Begin, Group, Minimum};
use crate::paretonbd::{fit_pareto_warm, ParetoNbd};

/// Which model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Pareto/NBD: a client can leave at any moment.
    ParetoNbd,
    /// Modified BG/NBD: a client can leave at any purchase, the first included.
    MbgNbd,
    /// BG/NBD: a client can leave only right after a repeat purchase.
    BgNbd,
}

impl ModelKind {
    /// Every model, in the order they are shown.
    pub const ALL: [ModelKind; 3] = [ModelKind::ParetoNbd, ModelKind::MbgNbd, ModelKind::BgNbd];

    /// The key the CLI takes (`pareto`, `mbgnbd`, `bgnbd`).
    pub fn key(self) -> &'static str {
        match self {
            ModelKind::ParetoNbd => "pareto",
            ModelKind::MbgNbd => "mbgnbd",
            ModelKind::BgNbd => "bgnbd",
        }
    }

    /// The model from its key.
    pub fn from_key(key: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The model's name as the literature writes it.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::ParetoNbd => "Pareto/NBD",
            ModelKind::MbgNbd => "MBG/NBD",
            ModelKind::BgNbd => "BG/NBD",
        }
    }
}

/// A model's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum CountParams {
    /// Pareto/NBD r, α, s, β.
    ParetoNbd(ParetoNbd),
    /// MBG/NBD r, α, a, b.
    MbgNbd(MbgNbd),
    /// BG/NBD r, α, a, b.
    BgNbd(BgNbd),
}

impl CountParams {
    /// Which model these are the parameters of.
    pub fn kind(&self) -> ModelKind {
        match self {
            CountParams::ParetoNbd(_) => ModelKind::ParetoNbd,
            CountParams::MbgNbd(_) => ModelKind::MbgNbd,
            CountParams::BgNbd(_) => ModelKind::BgNbd,
        }
    }

    /// The log-likelihood of one client's (x, t_x, T).
    pub fn log_likelihood(&self, x: u32, t_x: f64, t: f64) -> f64 {
        match self {
            CountParams::ParetoNbd(p) => p.log_likelihood(x, t_x, t),
            CountParams::MbgNbd(p) => p.log_likelihood(x, t_x, t),
            CountParams::BgNbd(p) => p.log_likelihood(x, t_x, t),
        }
    }

    /// P(alive at T | x, t_x, T).
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        match self {
            CountParams::ParetoNbd(p) => p.p_alive(x, t_x, t),
            CountParams::MbgNbd(p) => p.p_alive(x, t_x, t),
            CountParams::BgNbd(p) => p.p_alive(x, t_x, t),
        }
    }

    /// Expected purchase occasions in (T, T + horizon] given the history.
    pub fn expected_purchases(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.expected_if_alive(x, t, horizon)
    }

    /// Expected purchase occasions in (T, T + horizon] of a client alive at T: in all three
    /// models the expectation is P(alive) times this.
    pub fn expected_if_alive(&self, x: u32, t: f64, horizon: f64) -> f64 {
        match self {
            CountParams::ParetoNbd(p) => p.expected_if_alive(x, t, horizon),
            CountParams::MbgNbd(p) => p.expected_if_alive(x, t, horizon),
            CountParams::BgNbd(p) => p.expected_if_alive(x, t, horizon),
        }
    }

    /// [`CountParams::expected_if_alive`] at each of `horizons`, into `out`: for BG/NBD and
    /// MBG/NBD their series' coefficients worked out once for all of them.
    ///
    /// # Panics
    /// When `out` is shorter than `horizons`.
    pub fn expected_if_alive_each(&self, x: u32, t: f64, horizons: &[f64], out: &mut [f64]) {
        match self {
            CountParams::ParetoNbd(p) => {
                for (o, &h) in out[..horizons.len()].iter_mut().zip(horizons) {
                    *o = p.expected_if_alive(x, t, h);
                }
            }
            CountParams::MbgNbd(p) => p.expected_if_alive_each(x, t, horizons, out),
            CountParams::BgNbd(p) => p.expected_if_alive_each(x, t, horizons, out),
        }
    }

    /// P(no purchase in (T, T + horizon] | the history). The likelihood of a history is the
    /// chance of its purchases and of the silence after the last one, so this is the
    /// likelihood with the silence stretched to T + horizon over the likelihood at T.
    pub fn p_no_purchase(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        // The part of each likelihood that depends on x alone is the same in both: BG/NBD's and
        // MBG/NBD's gamma functions are not worked out for it (twice a client).
        let ln_ratio = match self {
            CountParams::ParetoNbd(p) => {
                p.log_likelihood(x, t_x, t + horizon) - p.log_likelihood(x, t_x, t)
            }
            CountParams::MbgNbd(p) => p.ln_tail(x, t_x, t + horizon) - p.ln_tail(x, t_x, t),
            CountParams::BgNbd(p) => p.ln_tail(x, t_x, t + horizon) - p.ln_tail(x, t_x, t),
        };
        ln_ratio.exp().min(1.0)
    }

    /// [`CountParams::p_alive`] and [`CountParams::p_no_purchase`] together (for Pareto/NBD,
    /// whose likelihood takes an integral, the history at T is looked at once).
    pub fn p_alive_and_no_purchase(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> (f64, f64) {
        match self {
            CountParams::ParetoNbd(p) => p.p_alive_and_no_purchase(x, t_x, t, horizon),
            _ => (
                self.p_alive(x, t_x, t),
                self.p_no_purchase(x, t_x, t, horizon),
            ),
        }
    }

    /// The purchase rate the model expects of this client while alive, per time unit: the
    /// mean of the rate's gamma after x purchases in T, (r + x) / (α + T).
    pub fn rate(&self, x: u32, t: f64) -> f64 {
        let (r, alpha) = match self {
            CountParams::ParetoNbd(p) => (p.r, p.alpha),
            CountParams::MbgNbd(p) => (p.r, p.alpha),
            CountParams::BgNbd(p) => (p.r, p.alpha),
        };
        (r + x as f64) / (alpha + t)
    }

    /// The four parameters by name, in the literature's order.
    pub fn named(&self) -> [(&'static str, f64); 4] {
        match *self {
            CountParams::ParetoNbd(p) => {
                [("r", p.r), ("alpha", p.alpha), ("s", p.s), ("beta", p.beta)]
            }
            CountParams::MbgNbd(p) => [("r", p.r), ("alpha", p.alpha), ("a", p.a), ("b", p.b)],
            CountParams::BgNbd(p) => [("r", p.r), ("alpha", p.alpha), ("a", p.a), ("b", p.b)],
        }
    }
}

/// A fitted model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountFit {
    /// The parameters.
    pub params: CountParams,
    /// The time unit of α (and β) and of every prediction.
    pub time_unit: TimeUnit,
    /// The log-likelihood at the maximum.
    pub log_likelihood: f64,
    /// Clients fitted.
    pub clients: usize,
    /// Optimiser iterations.
    pub iterations: usize,
}

/// Fits one model by maximum likelihood.
///
/// # Errors
/// One sentence when it cannot: no clients, nobody bought twice, or no convergence.
pub fn fit_model(kind: ModelKind, rfm: &[Rfm], unit: TimeUnit) -> Result<CountFit, String> {
    fit_model_from(kind, rfm, unit, None)
}

/// [`fit_model`] starting from parameters fitted to part of the same history, in the same
/// unit (Pareto/NBD, the slowest to fit, uses them; the others start afresh).
///
/// # Errors
/// As [`fit_model`].
pub fn fit_model_from(
    kind: ModelKind,
    rfm: &[Rfm],
    unit: TimeUnit,
    start: Option<&CountParams>,
) -> Result<CountFit, String> {
    fit_model_warm(kind, rfm, &grouped(rfm), unit, start, Begin::Fresh).map(|(fit, _)| fit)
}

/// [`fit_model_from`], or from where `begin` says (an earlier fit of the same model: the same
/// data as of another day, or a part of the same history, in the same unit), with where this
/// fit ends. A fit begun so that does not converge is done again from the usual start.
/// `groups` are the summaries' ([`grouped`]), grouped once for every model.
///
/// # Errors
/// As [`fit_model`].
pub(crate) fn fit_model_warm(
    kind: ModelKind,
    rfm: &[Rfm],
    groups: &[Group],
    unit: TimeUnit,
    start: Option<&CountParams>,
    begin: Begin,
) -> Result<(CountFit, Minimum), String> {
    let fitted = match kind {
        ModelKind::ParetoNbd => {
            let start = match start {
                Some(CountParams::ParetoNbd(p)) => Some(p),
                _ => None,
            };
            fit_pareto_warm(rfm, groups, start, begin)
                .map(|((p, ll, it), m)| ((CountParams::ParetoNbd(p), ll, it), m))
        }
        ModelKind::MbgNbd => fit_mbg_warm(rfm, groups, begin)
            .map(|((p, ll, it), m)| ((CountParams::MbgNbd(p), ll, it), m)),
        ModelKind::BgNbd => fit_bgnbd_warm(rfm, groups, unit, begin).map(|(f, m)| {
            (
                (CountParams::BgNbd(f.params), f.log_likelihood, f.iterations),
                m,
            )
        }),
    };
    let ((params, log_likelihood, iterations), end) = match fitted {
        Err(_) if !matches!(begin, Begin::Fresh) => {
            return fit_model_warm(kind, rfm, groups, unit, start, Begin::Fresh)
        }
        other => other?,
    };
    Ok((
        CountFit {
            params,
            time_unit: unit,
            log_likelihood,
            clients: rfm.len(),
            iterations,
        },
        end,
    ))
}

/// The tolerance the three fits stop at (the largest component of the gradient of the mean
/// log-likelihood).
const FIT_TOLERANCE: f64 = 1e-9;

/// Which of a model's two fits: to the calibration period of the holdout check, or to the
/// whole history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Holdout,
    Whole,
}

/// Where each model's fits ended (their point and curvature, in each fit's own coordinates),
/// for the fits of the same data as of another day to start from: a change of the analysis
/// date refits warm. Empty, every fit starts afresh.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Warmth(Vec<(ModelKind, Stage, Minimum)>);

impl Warmth {
    fn get(&self, kind: ModelKind, stage: Stage) -> Option<&Minimum> {
        self.0
            .iter()
            .find(|(k, s, _)| *k == kind && *s == stage)
            .map(|(_, _, m)| m)
    }

    /// Keeps where a fit ended, in place of its last end; a fit that failed, or that stopped
    /// where a parameter ran off or the likelihood went flat short of a maximum, leaves
    /// nothing (the next one starts afresh, as a warm start from there could stay there).
    fn keep(&mut self, kind: ModelKind, stage: Stage, end: Option<Minimum>) {
        self.0.retain(|(k, s, _)| !(*k == kind && *s == stage));
        let converged = |m: &Minimum| {
            m.gradient_norm < FIT_TOLERANCE.sqrt() && m.x.iter().all(|v| v.abs() <= 30.0)
        };
        if let Some(end) = end.filter(converged) {
            self.0.push((kind, stage, end));
        }
    }

    /// Fits one model ([`fit_model_warm`]) from where the same fit ended last, and keeps
    /// where this one ends. The first fit to the whole history begins where the holdout
    /// check's fit to its first two thirds ended, with its curvature: on the 1M-row log BG/NBD
    /// and MBG/NBD need 13 and 15 evaluations of the likelihood there instead of 28.
    fn fit(
        &mut self,
        kind: ModelKind,
        stage: Stage,
        rfm: &[Rfm],
        groups: &[Group],
        unit: TimeUnit,
        start: Option<&CountParams>,
    ) -> Result<CountFit, String> {
        let begin = match (self.get(kind, stage), stage) {
            (Some(end), _) => Begin::Warm(end),
            (None, Stage::Whole) => self
                .get(kind, Stage::Holdout)
                .map_or(Begin::Fresh, Begin::Seed),
            (None, Stage::Holdout) => Begin::Fresh,
        };
        let fitted = fit_model_warm(kind, rfm, groups, unit, start, begin);
        let (fit, end) = match fitted {
            Ok((fit, end)) => (Ok(fit), Some(end)),
            Err(why) => (Err(why), None),
        };
        self.keep(kind, stage, end);
        fit
    }

    /// Takes out where one model's fits ended.
    fn take(&mut self, kind: ModelKind) -> Warmth {
        let (mine, rest) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|(k, _, _)| *k == kind);
        self.0 = rest;
        Warmth(mine)
    }

    /// How many fits it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Customer lifetime value over `months` months, discounted monthly at `discount`: the sum
/// over months of the expected purchases in the month × expected spend / (1 + d)^month.
pub fn clv(model: &CountFit, spend: f64, c: &Rfm, months: u32, discount: f64) -> f64 {
    clv_if_alive(model, spend, c, months, discount) * model.params.p_alive(c.x, c.t_x, c.t)
}

/// [`clv`] of the client if alive today: P(alive) is one factor of every month's purchases,
/// so it is computed once, not once a month.
fn clv_if_alive(model: &CountFit, spend: f64, c: &Rfm, months: u32, discount: f64) -> f64 {
    spend * ahead(model, c.x, c.t, months, discount).discounted
}

/// What a client alive today, with x repeat purchases over an age of T, is expected to buy
/// over the next `months` months. It depends on (x, T) alone, which many clients share, so
/// a report computes it once for each distinct pair.
#[derive(Clone, Copy)]
struct Ahead {
    /// Purchase occasions expected over the whole horizon.
    purchases: f64,
    /// Each month's expected occasions discounted monthly at `discount` and added up: CLV
    /// per unit of spend.
    discounted: f64,
}

fn ahead(model: &CountFit, x: u32, t: f64, months: u32, discount: f64) -> Ahead {
    let month = TimeUnit::Month.days() / model.time_unit.days();
    // The horizon in the model's unit, reckoned as the report reckons it.
    let horizon = months as f64 * TimeUnit::Month.days() / model.time_unit.days();
    // Each month's end, the last at the horizon (its purchases are the horizon's), all at
    // once.
    let ends: Vec<f64> = (1..=months.max(1))
        .map(|i| {
            if i >= months {
                horizon
            } else {
                i as f64 * month
            }
        })
        .collect();
    let mut uptos = vec![0.0; ends.len()];
    model.params.expected_if_alive_each(x, t, &ends, &mut uptos);
    let (mut discounted, mut before) = (0.0, 0.0);
    for (i, &upto) in (1..=months).zip(&uptos) {
        discounted += (upto - before) / (1.0 + discount).powi(i as i32);
        before = upto;
    }
    Ahead {
        purchases: uptos[uptos.len() - 1],
        discounted,
    }
}

/// One line of the calibration/holdout check: clients with `x` repeat purchases in the
/// calibration period, what they bought in the holdout period, and what the model predicted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoldoutLine {
    /// Repeat purchases in the calibration period (the last line holds this many or more).
    pub x: u32,
    /// Clients.
    pub clients: usize,
    /// Mean purchases in the holdout period.
    pub actual: f64,
    /// Mean purchases the model expected.
    pub predicted: f64,
}

/// One model's calibration/holdout check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoldoutCheck {
    /// The model fitted on the calibration period.
    pub fit: CountFit,
    /// Per number of calibration purchases (0 to 7, the last "or more").
    pub lines: Vec<HoldoutLine>,
    /// The error: Σ over lines of clients × |actual − predicted| / all clients, in purchases
    /// per client over the holdout period.
    pub error: f64,
}

/// The calibration/holdout check for several models: each fitted up to `calibration_end`,
/// each predicting up to `holdout_end`, compared per number of calibration purchases (0 to
/// `max_x`, the last line "or more"). Each calibration fit starts where `warmth` says the
/// same fit ended last (none: afresh), and `warmth` then says where these end.
pub fn holdout(
    log: &Transactions,
    calibration_end: NaiveDate,
    holdout_end: NaiveDate,
    unit: TimeUnit,
    max_x: u32,
    kinds: &[ModelKind],
    warmth: &mut Warmth,
) -> Vec<(ModelKind, Result<HoldoutCheck, String>)> {
    let split = Holdout::new(log, calibration_end, holdout_end, unit, max_x);
    kinds
        .iter()
        .map(|&kind| (kind, split.check(kind, warmth)))
        .collect()
}

/// The history split for the holdout check: the clients' summaries up to the calibration's
/// end and what each bought after it, up to the holdout's end.
struct Holdout {
    calibration: Vec<Rfm>,
    /// The calibration's summaries grouped, for every model.
    groups: Vec<Group>,
    /// Each calibration client's occasions in the holdout period, in `calibration`'s order.
    later: Vec<u32>,
    horizon: f64,
    unit: TimeUnit,
    max_x: u32,
}

impl Holdout {
    fn new(
        log: &Transactions,
        calibration_end: NaiveDate,
        holdout_end: NaiveDate,
        unit: TimeUnit,
        max_x: u32,
    ) -> Holdout {
        // Holdout occasions per client, then per calibration client: the summaries come in
        // the order of the clients' ids, as their occasions do.
        let mut by_client = vec![0u32; log.clients.len()];
        for o in log.occasions() {
            if o.date > calibration_end && o.date <= holdout_end {
                by_client[o.client as usize] += 1;
            }
        }
        let later = log
            .occasions_upto_by_id(calibration_end)
            .map(|mine| by_client[mine[0].client as usize])
            .collect();
        let calibration = summaries(log, calibration_end, unit);
        Holdout {
            groups: grouped(&calibration),
            calibration,
            later,
            horizon: (holdout_end - calibration_end).num_days() as f64 / unit.days(),
            unit,
            max_x,
        }
    }

    /// One model fitted to the calibration period and checked on the holdout.
    fn check(&self, kind: ModelKind, warmth: &mut Warmth) -> Result<HoldoutCheck, String> {
        let (cal, max_x, horizon) = (&self.calibration, self.max_x, self.horizon);
        let fit = warmth.fit(kind, Stage::Holdout, cal, &self.groups, self.unit, None)?;
        let mut lines: Vec<HoldoutLine> = (0..=max_x)
            .map(|x| HoldoutLine {
                x,
                clients: 0,
                actual: 0.0,
                predicted: 0.0,
            })
            .collect();
        // What a client alive at the calibration's end would buy depends on (x, T) alone:
        // once per distinct pair.
        let mut if_alive: rustc_hash::FxHashMap<(u32, u64), f64> = Default::default();
        for (c, &later) in cal.iter().zip(&self.later) {
            let line = &mut lines[c.x.min(max_x) as usize];
            line.clients += 1;
            line.actual += later as f64;
            let ahead = *if_alive
                .entry((c.x, c.t.to_bits()))
                .or_insert_with(|| fit.params.expected_if_alive(c.x, c.t, horizon));
            line.predicted += fit.params.p_alive(c.x, c.t_x, c.t) * ahead;
        }
        let error = lines
            .iter()
            .map(|l| (l.actual - l.predicted).abs())
            .sum::<f64>()
            / cal.len().max(1) as f64;
        for l in lines.iter_mut().filter(|l| l.clients > 0) {
            l.actual /= l.clients as f64;
            l.predicted /= l.clients as f64;
        }
        Ok(HoldoutCheck { fit, lines, error })
    }
}

/// Runs `chain` for each model with the part of `warmth` that is that model's (natively the
/// models side by side: their fits share nothing), and puts the parts back in the models'
/// order.
fn each_model<T: Send>(
    kinds: &[ModelKind],
    warmth: &mut Warmth,
    chain: impl Fn(ModelKind, &mut Warmth) -> T + Sync,
) -> Vec<T> {
    let parts: Vec<(ModelKind, Warmth)> = kinds
        .iter()
        .map(|&kind| (kind, warmth.take(kind)))
        .collect();
    let (out, parts): (Vec<T>, Vec<Warmth>) =
        super::parallel::map(parts, |(kind, mut part)| (chain(kind, &mut part), part))
            .into_iter()
            .unzip();
    for part in parts {
        warmth.0.extend(part.0);
    }
    out
}

/// What the models say of one client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientModel {
    /// P(alive) on the analysis date.
    pub p_alive: f64,
    /// Expected purchase occasions over the horizon.
    pub expected_purchases: f64,
    /// P(no purchase over the horizon).
    pub p_no_purchase: f64,
    /// The days between purchases the model expects of this client while alive.
    pub days_between: f64,
    /// Expected spend per occasion (Gamma-Gamma), when it fitted.
    pub expected_spend: Option<f64>,
    /// Discounted value over the horizon, when spend is known.
    pub clv: Option<f64>,
}

/// One model in the comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Which model.
    pub kind: ModelKind,
    /// Fitted on the whole history up to the analysis date, or why not.
    pub fit: Result<CountFit, String>,
    /// Its calibration/holdout check, or why there is none.
    pub holdout: Result<HoldoutCheck, String>,
}

/// How the model in use was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// The smallest holdout error.
    HoldoutError,
    /// No holdout check was possible: the highest likelihood on the whole history (the
    /// models have four parameters each).
    LogLikelihood,
    /// The user picked it.
    User,
}

/// The three models fitted and compared, and the one in use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Models {
    /// Every model, fitted and checked.
    pub candidates: Vec<Candidate>,
    /// The model in use.
    pub chosen: ModelKind,
    /// Why that one.
    pub chosen_by: ChosenBy,
    /// The end of the calibration period of the holdout check, or why there is none.
    pub calibration_end: Result<NaiveDate, String>,
    /// Gamma-Gamma, or why it did not fit.
    pub gamma_gamma: Result<GammaGammaFit, String>,
    /// The horizon of expected purchases and CLV, in months.
    pub horizon_months: u32,
}

impl Models {
    /// The model in use, fitted ([`model_report`] uses only a model that fitted).
    pub fn fit(&self) -> &CountFit {
        self.candidate(self.chosen)
            .and_then(|c| c.fit.as_ref().ok())
            .expect("the chosen model fitted")
    }

    /// One model of the comparison.
    pub fn candidate(&self, kind: ModelKind) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.kind == kind)
    }

    /// The holdout check of the model in use.
    pub fn holdout(&self) -> Option<&HoldoutCheck> {
        self.candidate(self.chosen)
            .and_then(|c| c.holdout.as_ref().ok())
    }
}

/// The models over a whole client base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    /// The models and the one in use.
    pub models: Models,
    /// Per client, in the order of the summaries given, by the model in use.
    pub clients: Vec<ClientModel>,
    /// Clients expected to buy no more, added up (Σ 1 − P(alive)).
    pub expected_dead: f64,
    /// Σ CLV over the horizon.
    pub clv_total: f64,
}

/// Fits every model on the history up to `as_of`, checks each on a held-out last third of it,
/// picks the one with the smallest holdout error (or `pick`, when it fits), and predicts for
/// every client. Every fit starts where `warmth` says the same fit of the same data (as of
/// another day, in the same unit) ended (none: afresh), and `warmth` then says where these
/// end: a change of the analysis date refits warm.
///
/// # Errors
/// When the model to use cannot be fitted (the rule-based figures still stand).
#[allow(clippy::too_many_arguments)]
pub fn model_report(
    log: &Transactions,
    rfm: &[Rfm],
    as_of: NaiveDate,
    unit: TimeUnit,
    horizon_months: u32,
    discount: f64,
    pick: Option<ModelKind>,
    warmth: &mut Warmth,
) -> Result<ModelReport, String> {
    let first = log.day_range().map_or(as_of, |(first, _)| first);
    let span = (as_of - first).num_days();
    let calibration_end = if span < 90 {
        Err("the history is too short to hold a third of it out".to_owned())
    } else {
        Ok(first + chrono::Duration::days(span * 2 / 3))
    };
    let split = calibration_end
        .as_ref()
        .map(|end| Holdout::new(log, *end, as_of, unit, 7));
    // Each model's two fits in turn: the holdout check's, then the whole history's from where
    // that one ended.
    let groups = grouped(rfm);
    let candidates: Vec<Candidate> = each_model(&ModelKind::ALL, warmth, |kind, warmth| {
        let holdout = match &split {
            Ok(split) => split.check(kind, warmth),
            Err(why) => Err((*why).clone()),
        };
        let start = holdout.as_ref().ok().map(|h| &h.fit.params);
        let fit = warmth.fit(kind, Stage::Whole, rfm, &groups, unit, start);
        Candidate { kind, fit, holdout }
    });
    let fitted = || candidates.iter().filter(|c| c.fit.is_ok());
    // A pick that could not be fitted gives way to the check's choice (the panel says so).
    let pick = pick.filter(|&kind| candidates.iter().any(|c| c.kind == kind && c.fit.is_ok()));
    let (chosen, chosen_by) = match pick {
        Some(kind) => (kind, ChosenBy::User),
        None => {
            let by_holdout = fitted()
                .filter_map(|c| c.holdout.as_ref().ok().map(|h| (c.kind, h.error)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            match by_holdout {
                Some((kind, _)) => (kind, ChosenBy::HoldoutError),
                None => {
                    let best = fitted()
                        .max_by(|a, b| {
                            let ll = |c: &Candidate| {
                                c.fit.as_ref().map_or(f64::MIN, |f| f.log_likelihood)
                            };
                            ll(a).total_cmp(&ll(b))
                        })
                        .map(|c| c.kind);
                    match best {
                        Some(kind) => (kind, ChosenBy::LogLikelihood),
                        None => {
                            return Err(candidates[0].fit.clone().err().unwrap_or_default());
                        }
                    }
                }
            }
        }
    };
    let model = match candidates.iter().find(|c| c.kind == chosen).map(|c| &c.fit) {
        Some(Ok(fit)) => fit.clone(),
        Some(Err(why)) => return Err(why.clone()),
        None => return Err("the model was not fitted".into()),
    };
    let gamma_gamma = fit_gamma_gamma(rfm);
    let horizon = horizon_months as f64 * TimeUnit::Month.days() / unit.days();
    let p = model.params;
    // What a client alive today is expected to buy ahead depends on (x, T) alone, which many
    // clients share (29,542 pairs among the 1M-row log's 56,933 clients): worked out once per
    // distinct pair, then each client's figures, which depend on that client alone. Natively,
    // a large base's parts are worked out side by side.
    let mut pairs: Vec<(u32, f64)> = rfm.iter().map(|c| (c.x, c.t)).collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pairs.dedup_by(|a, b| a.0 == b.0 && a.1.to_bits() == b.1.to_bits());
    let aheads: Vec<Ahead> = super::parallel::map_parts(&pairs, |part: &[(u32, f64)]| {
        part.iter()
            .map(|&(x, t)| ahead(&model, x, t, horizon_months, discount))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    let clients: Vec<ClientModel> = super::parallel::map_parts(rfm, |part: &[Rfm]| {
        part.iter()
            .map(|c| {
                let expected_spend = gamma_gamma
                    .as_ref()
                    .ok()
                    .and_then(|g| g.params.expected_spend(c.x, c.monetary));
                let (p_alive, p_no_purchase) = p.p_alive_and_no_purchase(c.x, c.t_x, c.t, horizon);
                // Every client's pair is there; were one not, it is worked out in place.
                let ahead =
                    match pairs.binary_search_by(|&(x, t)| x.cmp(&c.x).then(t.total_cmp(&c.t))) {
                        Ok(at) => aheads[at],
                        Err(_) => ahead(&model, c.x, c.t, horizon_months, discount),
                    };
                ClientModel {
                    p_alive,
                    expected_purchases: p_alive * ahead.purchases,
                    p_no_purchase,
                    days_between: unit.days() / p.rate(c.x, c.t),
                    expected_spend,
                    clv: expected_spend.map(|s| p_alive * s * ahead.discounted),
                }
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    let expected_dead = clients.iter().map(|c| 1.0 - c.p_alive).sum();
    let clv_total = clients.iter().filter_map(|c| c.clv).sum();
    Ok(ModelReport {
        models: Models {
            candidates,
            chosen,
            chosen_by,
            calibration_end,
            gamma_gamma,
            horizon_months,
        },
        clients,
        expected_dead,
        clv_total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(x: [f64; 4], gradient_norm: f64) -> Minimum {
        Minimum {
            x: x.to_vec(),
            value: 1.0,
            gradient_norm,
            iterations: 5,
            inverse_hessian: vec![vec![0.0; 4]; 4],
        }
    }

    #[test]
    fn a_horizons_months_at_once_are_each_month_on_its_own() {
        // CDNOW's fits (weeks), and months as `ahead` reckons them.
        let models = cdnow_fits();
        let month = TimeUnit::Month.days() / TimeUnit::Week.days();
        let horizons: Vec<f64> = (1..=24).map(|i| i as f64 * month).collect();
        for model in models {
            for x in [0, 1, 2, 5, 30, 170] {
                for t in [0.5, 10.0, 38.0, 78.0] {
                    let mut each = vec![0.0; horizons.len()];
                    model.expected_if_alive_each(x, t, &horizons, &mut each);
                    for (&h, got) in horizons.iter().zip(each) {
                        let want = model.expected_if_alive(x, t, h);
                        // The series' terms rounded another way: a long one (x = 170 at
                        // T = 0.5) differs in its thirteenth digit.
                        assert!(
                            (got - want).abs() <= 1e-12 * want.abs(),
                            "{model:?} {x} {t} {h}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_purchase_is_the_ratio_of_the_two_likelihoods() {
        // P(no purchase over h) = L(x, t_x, T + h) / L(x, t_x, T): the gamma functions that
        // depend on x alone, left out of both, change nothing.
        for model in cdnow_fits() {
            for x in [0, 1, 2, 5, 30, 170] {
                for (t_x, t) in [(0.0, 0.5), (0.0, 40.0), (10.0, 38.0), (70.0, 78.0)] {
                    if x > 0 && t_x == 0.0 {
                        continue;
                    }
                    for h in [1.0, 4.35, 52.2] {
                        let got = model.p_no_purchase(x, t_x, t, h);
                        let want = (model.log_likelihood(x, t_x, t + h)
                            - model.log_likelihood(x, t_x, t))
                        .exp()
                        .min(1.0);
                        assert!(
                            (got - want).abs() <= 1e-12 * want.max(1e-300),
                            "{model:?} {x} {t_x} {t} {h}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }

    /// The three models as fitted to CDNOW (weeks).
    fn cdnow_fits() -> [CountParams; 3] {
        [
            CountParams::BgNbd(BgNbd {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
            }),
            CountParams::MbgNbd(MbgNbd {
                r: 0.525,
                alpha: 6.183,
                a: 0.891,
                b: 1.614,
            }),
            CountParams::ParetoNbd(ParetoNbd {
                r: 0.553,
                alpha: 10.58,
                s: 0.606,
                beta: 11.67,
            }),
        ]
    }

    #[test]
    fn only_a_fit_that_reached_a_maximum_is_a_start() {
        let mut warmth = Warmth::default();
        let (kind, stage) = (ModelKind::BgNbd, Stage::Whole);
        warmth.keep(kind, stage, Some(end([0.1, 2.0, -0.5, 1.0], 1e-10)));
        assert!(warmth.get(kind, stage).is_some());
        assert!(warmth.get(kind, Stage::Holdout).is_none());
        assert!(warmth.get(ModelKind::MbgNbd, stage).is_none());
        // Its next end takes its place.
        warmth.keep(kind, stage, Some(end([0.2, 2.0, -0.5, 1.0], 1e-10)));
        assert_eq!(warmth.len(), 1);
        assert_eq!(warmth.get(kind, stage).unwrap().x[0], 0.2);
        // A parameter run off, the likelihood flat short of a maximum, or a failed fit: the
        // next fit starts afresh.
        for stuck in [
            Some(end([0.1, 31.0, -0.5, 1.0], 1e-10)),
            Some(end([0.1, 2.0, -0.5, 1.0], 1e-3)),
            None,
        ] {
            warmth.keep(kind, stage, Some(end([0.2, 2.0, -0.5, 1.0], 1e-10)));
            warmth.keep(kind, stage, stuck);
            assert!(warmth.is_empty());
        }
    }
}
