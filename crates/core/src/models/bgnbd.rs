//! "Is this client still alive?": the BG/NBD model (Fader, Hardie and Lee 2005) for purchase
//! counts and the Gamma-Gamma model for spend, fitted by maximum likelihood, with a
//! calibration/holdout check.
//!
//! Time is in an explicit unit ([`TimeUnit`]); a month is 365.25 / 12 days, never a hidden
//! 30-day month.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Transactions;
use crate::models::elementary::{exp, ln, ln_1p};
use crate::money::Money;
use crate::optim::{bfgs, bfgs_from, fit_groups, Begin, Group, Minimum, SAMPLE};
use crate::special::{digamma, hyp2f1, hyp2f1_each, ln_gamma};

/// The unit of time of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks of 7 days.
    Week,
    /// Months of 365.25 / 12 = 30.4375 days.
    Month,
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => 365.25 / 12.0,
        }
    }

    /// The unit from its name.
    pub fn from_key(key: &str) -> Option<TimeUnit> {
        match key {
            "day" | "days" => Some(TimeUnit::Day),
            "week" | "weeks" => Some(TimeUnit::Week),
            "month" | "months" => Some(TimeUnit::Month),
            _ => None,
        }
    }
}

/// One client's summary for the models: repeat occasions, recency and age.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Rfm {
    /// The client's id.
    pub id: String,
    /// Repeat purchase occasions (occasions − 1), x.
    pub x: u32,
    /// From the first to the last occasion, t_x.
    pub t_x: f64,
    /// From the first occasion to the end of the period, T.
    pub t: f64,
    /// Mean amount of the repeat occasions (0 without repeats), for Gamma-Gamma.
    pub monetary: f64,
}

/// Summaries of every client who bought on or before `end`, in `unit`s, sorted by id.
pub fn summaries(log: &Transactions, end: NaiveDate, unit: TimeUnit) -> Vec<Rfm> {
    let mut out = Vec::with_capacity(log.clients.len());
    for mine in log.occasions_upto_by_id(end) {
        if let (Some(first), Some(last)) = (mine.first(), mine.last()) {
            let x = mine.len() as u32 - 1;
            let repeat: Money = mine[1..].iter().map(|o| o.amount).sum();
            out.push(Rfm {
                id: log.clients.get(first.client).to_owned(),
                x,
                t_x: (last.date - first.date).num_days() as f64 / unit.days(),
                t: (end - first.date).num_days() as f64 / unit.days(),
                monetary: if x > 0 {
                    repeat.major() / x as f64
                } else {
                    0.0
                },
            });
        }
    }
    out
}

/// BG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (in the time unit).
    pub alpha: f64,
    /// Dropout beta's a.
    pub a: f64,
    /// Dropout beta's b.
    pub b: f64,
}

/// Identical summaries counted once with a weight: the likelihood's work is per distinct
/// (x, t_x, T), not per client. Grouped once for every model fitted to the same summaries.
///
/// Sorted by (x, t_x, T), and made in place: each summary a group of one, sorted, and runs of
/// one summary merged (a hash map of them took twice the room, and the groups were sorted
/// after all).
pub(crate) fn grouped(rfm: &[Rfm]) -> Vec<Group> {
    // The total order of floats: equal only for the same bits, so one order sorts and merges.
    let order = |a: &Group, b: &Group| {
        (a.0.cmp(&b.0))
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    };
    let mut v: Vec<Group> = rfm.iter().map(|c| (c.x, c.t_x, c.t, 1.0)).collect();
    v.sort_unstable_by(order);
    v.dedup_by(|later, kept| {
        let merge = order(later, kept).is_eq();
        if merge {
            kept.3 += later.3;
        }
        merge
    });
    v.shrink_to_fit();
    v
}

/// The distinct ages (t_x and T values) of grouped summaries and, per group, where its t_x
/// and T stand among them. Clients' ages are whole days in a unit, so a few thousand values
/// serve tens of thousands of groups: a likelihood takes ln(α + age) once per value, not
/// twice per group.
pub(crate) struct Ages {
    values: Vec<f64>,
    /// Per group, the indexes of its t_x and its T in `values`.
    pub(crate) at: Vec<[u32; 2]>,
}

impl Ages {
    pub(crate) fn of(groups: &[Group]) -> Ages {
        let mut values: Vec<f64> = groups.iter().flat_map(|g| [g.1, g.2]).collect();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| a.to_bits() == b.to_bits());
        let index = |v: f64| values.partition_point(|w| w.total_cmp(&v).is_lt()) as u32;
        let at = groups.iter().map(|g| [index(g.1), index(g.2)]).collect();
        Ages { values, at }
    }

    /// ln(shift + age) and 1/(shift + age) for every age, in the order of `at`'s indexes.
    pub(crate) fn ln_and_inverse(&self, shift: f64) -> Vec<(f64, f64)> {
        self.values
            .iter()
            .map(|v| (ln(shift + v), 1.0 / (shift + v)))
            .collect()
    }
}

/// (age / (age + horizon))^power: the chance of no purchase over the horizon at a purchase
/// rate drawn from a gamma of shape `power` and rate `age` (the BG/NBD family's), from the
/// crate's exp and ln rather than the math library's `pow` (the portable `libm` in the
/// browser's worker).
pub(crate) fn still(power: f64, age: f64, horizon: f64) -> f64 {
    exp(-power * ln_1p(horizon / age))
}

/// ln(e^p + e^q) and the two shares e^p and e^q of that sum, with one exponential and one
/// logarithm; p or q may be −∞ (its share is then 0), not both.
pub(crate) fn log_add_exp_shares(p: f64, q: f64) -> (f64, f64, f64) {
    let (high, low) = if p >= q { (p, q) } else { (q, p) };
    let e = exp(low - high);
    let (high_share, low_share) = (1.0 / (1.0 + e), e / (1.0 + e));
    let sum = high + ln_1p(e);
    if p >= q {
        (sum, high_share, low_share)
    } else {
        (sum, low_share, high_share)
    }
}

/// ln(e^p + e^q) without overflow.
pub(crate) fn log_add_exp(p: f64, q: f64) -> f64 {
    let m = p.max(q);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + ln(exp(p - m) + exp(q - m))
}

/// The BG/NBD log-likelihood of the summaries and its gradient in (ln r, ln α, ln a, ln b).
fn bgnbd_ll(groups: &[Group], ages: &Ages, p: &BgNbd) -> (f64, [f64; 4]) {
    let BgNbd { r, alpha, a, b } = *p;
    let (mut ll, mut g) = (0.0, [0.0; 4]);
    let (ln_alpha, ln_a, lg_r, lg_ab, lg_b) = (
        alpha.ln(),
        a.ln(),
        ln_gamma(r),
        ln_gamma(a + b),
        ln_gamma(b),
    );
    let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
    // The gamma-function terms and ln(b + x − 1) depend on x alone: once per distinct x, not
    // once per client; ln(α + age) once per distinct age.
    let max_x = groups.iter().map(|gr| gr.0).max().unwrap_or(0) as usize;
    let per_x: Vec<[f64; 5]> = (0..=max_x)
        .map(|x| {
            let x = x as f64;
            [
                ln_gamma(r + x) - lg_r + r * ln_alpha + lg_ab + ln_gamma(b + x)
                    - lg_b
                    - ln_gamma(a + b + x),
                digamma(r + x) - dg_r + ln_alpha,
                dg_ab - digamma(a + b + x),
                dg_ab + digamma(b + x) - dg_b - digamma(a + b + x),
                (b + x - 1.0).ln(),
            ]
        })
        .collect();
    let at_age = ages.ln_and_inverse(alpha);
    for (&(xi, _, _, w), &[i_tx, i_t]) in groups.iter().zip(&ages.at) {
        let [a12, d_r0, d_a0, d_b0, ln_bx] = per_x[xi as usize];
        let x = xi as f64;
        let (ln_at, inv_at) = at_age[i_t as usize];
        let a3 = -(r + x) * ln_at;
        let (tail, w3, w4, ln_atx, inv_atx) = if xi > 0 {
            let (ln_atx, inv_atx) = at_age[i_tx as usize];
            let a4 = ln_a - ln_bx - (r + x) * ln_atx;
            let (l, w3, w4) = log_add_exp_shares(a3, a4);
            (l, w3, w4, ln_atx, inv_atx)
        } else {
            (a3, 1.0, 0.0, 0.0, 0.0)
        };
        ll += w * (a12 + tail);
        let d_r = d_r0 - w3 * ln_at - w4 * ln_atx;
        let d_alpha = r / alpha - (r + x) * (w3 * inv_at + w4 * inv_atx);
        let d_a = d_a0 + w4 / a;
        let d_b = d_b0 - if xi > 0 { w4 / (b + x - 1.0) } else { 0.0 };
        g[0] += w * d_r * r;
        g[1] += w * d_alpha * alpha;
        g[2] += w * d_a * a;
        g[3] += w * d_b * b;
    }
    (ll, g)
}

/// Why no model can be fitted to these summaries, if so.
pub(crate) fn check_fittable(rfm: &[Rfm]) -> Result<(), String> {
    if rfm.is_empty() {
        return Err("there are no clients to fit the model to".into());
    }
    if rfm.iter().all(|c| c.x == 0) {
        return Err(
            "no client bought twice, so the model cannot learn how often clients buy".into(),
        );
    }
    Ok(())
}

/// A fitted BG/NBD model.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct BgNbdFit {
    /// The parameters.
    pub params: BgNbd,
    /// The time unit of α and of every prediction.
    pub time_unit: TimeUnit,
    /// The log-likelihood at the maximum.
    pub log_likelihood: f64,
    /// Clients fitted.
    pub clients: usize,
    /// Optimiser iterations.
    pub iterations: usize,
}

/// Fits BG/NBD by maximum likelihood.
///
/// # Errors
/// One sentence when it cannot: no clients, nobody bought twice, or no convergence.
pub fn fit_bgnbd(rfm: &[Rfm], unit: TimeUnit) -> Result<BgNbdFit, String> {
    fit_bgnbd_warm(rfm, &grouped(rfm), unit, Begin::Fresh).map(|(fit, _)| fit)
}

/// [`fit_bgnbd`] from where `begin` says, with where this fit ends; `groups` are the
/// summaries' ([`grouped`]).
///
/// # Errors
/// As [`fit_bgnbd`].
pub(crate) fn fit_bgnbd_warm(
    rfm: &[Rfm],
    groups: &[Group],
    unit: TimeUnit,
    begin: Begin,
) -> Result<(BgNbdFit, Minimum), String> {
    check_fittable(rfm)?;
    let n = rfm.len() as f64;
    let fit = |groups: &[Group],
               theta: &[f64],
               inverse_hessian: Option<Vec<Vec<f64>>>,
               tolerance: f64| {
        let ages = Ages::of(groups);
        let objective = |theta: &[f64]| {
            let p = BgNbd {
                r: theta[0].exp(),
                alpha: theta[1].exp(),
                a: theta[2].exp(),
                b: theta[3].exp(),
            };
            let (ll, g) = bgnbd_ll(groups, &ages, &p);
            (-ll / n, g.iter().map(|v| -v / n).collect())
        };
        bfgs_from(objective, theta, inverse_hessian, tolerance, 500)
            .map_err(|why| format!("the BG/NBD fit did not converge: {why}"))
    };
    // Start where α is on the scale of the data: the mean age of the clients.
    let mean_t = rfm.iter().map(|c| c.t).sum::<f64>() / n;
    let start = [0.0, mean_t.max(1e-3).ln(), 0.0, 0.0];
    let m = fit_groups(groups, &start, begin, SAMPLE, fit)?;
    let params = BgNbd {
        r: m.x[0].exp(),
        alpha: m.x[1].exp(),
        a: m.x[2].exp(),
        b: m.x[3].exp(),
    };
    Ok((
        BgNbdFit {
            params,
            time_unit: unit,
            log_likelihood: -m.value * n,
            clients: rfm.len(),
            iterations: m.iterations,
        },
        m,
    ))
}

impl BgNbd {
    /// a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x) for x > 0, else 0.
    fn odds_dead(&self, x: u32, t_x: f64, t: f64) -> f64 {
        if x == 0 {
            return 0.0;
        }
        let x = x as f64;
        exp(ln(self.a) - ln(self.b + x - 1.0)
            + (self.r + x) * (ln(self.alpha + t) - ln(self.alpha + t_x)))
    }

    /// P(alive at T | x, t_x, T).
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        1.0 / (1.0 + self.odds_dead(x, t_x, t))
    }

    /// The log-likelihood of one client's (x, t_x, T).
    pub fn log_likelihood(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let head =
            ln_gamma(r + xf) - ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) + ln_gamma(b + xf)
                - ln_gamma(b)
                - ln_gamma(a + b + xf);
        head + self.ln_tail(x, t_x, t)
    }

    /// The log-likelihood less its part that depends on x alone (the gamma functions): what
    /// a ratio of two likelihoods of the same client reads.
    pub(crate) fn ln_tail(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let alive = -(r + xf) * ln(alpha + t);
        if x > 0 {
            log_add_exp(alive, ln(a) - ln(b + xf - 1.0) - (r + xf) * ln(alpha + t_x))
        } else {
            alive
        }
    }

    /// Expected purchases in (T, T + horizon] given the history.
    pub fn expected_purchases(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.expected_if_alive(x, t, horizon)
    }

    /// Expected purchases in (T, T + horizon] of a client alive at T with x repeat purchases:
    /// (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+h))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; h/(α+T+h))].
    pub fn expected_if_alive(&self, x: u32, t: f64, horizon: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let z = horizon / (alpha + t + horizon);
        let ratio = still(r + xf, alpha + t, horizon);
        let head = (a + b + xf - 1.0) / (a - 1.0);
        head * (1.0 - ratio * hyp2f1(r + xf, b + xf, a + b + xf - 1.0, z))
    }

    /// [`BgNbd::expected_if_alive`] at each of `horizons`, into `out` (the series shared).
    pub fn expected_if_alive_each(&self, x: u32, t: f64, horizons: &[f64], out: &mut [f64]) {
        let BgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let zs: Vec<f64> = horizons.iter().map(|h| h / (alpha + t + h)).collect();
        hyp2f1_each(r + xf, b + xf, a + b + xf - 1.0, &zs, out);
        let head = (a + b + xf - 1.0) / (a - 1.0);
        for (f, h) in out.iter_mut().zip(horizons) {
            let ratio = still(r + xf, alpha + t, *h);
            *f = head * (1.0 - ratio * *f);
        }
    }
}

/// Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct GammaGamma {
    /// Shape of a transaction's spend.
    pub p: f64,
    /// Shape of the spend scale's gamma.
    pub q: f64,
    /// Scale of the spend scale's gamma.
    pub gamma: f64,
}

/// A fitted Gamma-Gamma model.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct GammaGammaFit {
    /// The parameters.
    pub params: GammaGamma,
    /// Repeat buyers fitted.
    pub clients: usize,
    /// The log-likelihood at the maximum.
    pub log_likelihood: f64,
}

/// Fits Gamma-Gamma to the repeat buyers' mean repeat spend.
///
/// # Errors
/// One sentence when it cannot.
pub fn fit_gamma_gamma(rfm: &[Rfm]) -> Result<GammaGammaFit, String> {
    let data: Vec<(f64, f64)> = rfm
        .iter()
        .filter(|c| c.x > 0 && c.monetary > 0.0)
        .map(|c| (c.x as f64, c.monetary))
        .collect();
    if data.len() < 2 {
        return Err("fewer than two clients bought again with a positive amount, so spend cannot be modelled".into());
    }
    let n = data.len() as f64;
    // ln m and ln x once per client; the gamma functions of p·x once per distinct x (repeat
    // purchases are few distinct counts), leaving one logarithm per client and evaluation.
    let max_x = data.iter().map(|d| d.0).fold(0.0, f64::max) as usize;
    let mut with_x = vec![0.0; max_x + 1];
    let clients: Vec<(f64, f64, f64, f64)> = data
        .iter()
        .map(|&(x, m)| {
            with_x[x as usize] += 1.0;
            (x, m, ln(m), ln(x))
        })
        .collect();
    let objective = |theta: &[f64]| {
        let (p, q, gamma) = (theta[0].exp(), theta[1].exp(), theta[2].exp());
        let (lg_q, dg_q, ln_gamma_) = (ln_gamma(q), digamma(q), gamma.ln());
        let (mut ll, mut g) = (0.0, [0.0; 3]);
        // Σ over clients of the terms in x alone: [ln Γ(px+q) − ln Γ(px), x(ψ(px+q) − ψ(px)),
        // ψ(px+q)], weighted by the clients with that x.
        for (x, &count) in with_x.iter().enumerate().filter(|(_, &c)| c > 0.0) {
            let x = x as f64;
            let px = p * x;
            let dgpxq = digamma(px + q);
            ll += count * (ln_gamma(px + q) - ln_gamma(px));
            g[0] += count * x * (dgpxq - digamma(px)) * p;
            g[1] += count * dgpxq * q;
        }
        ll += n * (q * ln_gamma_ - lg_q);
        g[1] += n * (ln_gamma_ - dg_q) * q;
        for &(x, m, ln_m, ln_x) in &clients {
            let px = p * x;
            let lgm = ln(gamma + m * x);
            ll += (px - 1.0) * ln_m + px * ln_x - (px + q) * lgm;
            g[0] += x * (ln_m + ln_x - lgm) * p;
            g[1] -= lgm * q;
            g[2] += (q / gamma - (px + q) / (gamma + m * x)) * gamma;
        }
        (-ll / n, g.iter().map(|v| -v / n).collect())
    };
    let mean = data.iter().map(|d| d.1).sum::<f64>() / n;
    let m = bfgs(objective, &[0.0, 0.0, mean.ln()], 1e-9, 500)
        .map_err(|why| format!("the Gamma-Gamma fit did not converge: {why}"))?;
    Ok(GammaGammaFit {
        params: GammaGamma {
            p: m.x[0].exp(),
            q: m.x[1].exp(),
            gamma: m.x[2].exp(),
        },
        clients: data.len(),
        log_likelihood: -m.value * n,
    })
}

impl GammaGamma {
    /// Expected mean spend of a client with x repeat purchases of mean m (the population mean
    /// for x = 0); `None` when q ≤ 1 (no finite mean).
    pub fn expected_spend(&self, x: u32, m: f64) -> Option<f64> {
        if self.q <= 1.0 {
            return None;
        }
        let x = x as f64;
        Some((self.p * (self.gamma + x * m)) / (self.p * x + self.q - 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gradient_is_the_likelihoods_derivative() {
        let groups = vec![
            (0, 0.0, 30.0, 3.0),
            (2, 10.0, 38.0, 1.0),
            (5, 30.5, 39.0, 2.0),
        ];
        let p = BgNbd {
            r: 0.3,
            alpha: 4.0,
            a: 0.8,
            b: 2.5,
        };
        let ages = Ages::of(&groups);
        let (_, g) = bgnbd_ll(&groups, &ages, &p);
        let theta = [p.r.ln(), p.alpha.ln(), p.a.ln(), p.b.ln()];
        let ll = |t: &[f64; 4]| {
            let q = BgNbd {
                r: t[0].exp(),
                alpha: t[1].exp(),
                a: t[2].exp(),
                b: t[3].exp(),
            };
            bgnbd_ll(&groups, &ages, &q).0
        };
        crate::optim::assert_gradient(ll, theta, g, 1e-6);
        // One client's likelihood, written directly, is its group's term.
        let sum: f64 = groups
            .iter()
            .map(|&(x, t_x, t, w)| w * p.log_likelihood(x, t_x, t))
            .sum();
        let tabulated = bgnbd_ll(&groups, &ages, &p).0;
        assert!(
            (sum - tabulated).abs() < 1e-12 * sum.abs(),
            "{sum} {tabulated}"
        );
    }

    #[test]
    fn the_published_prediction_holds() {
        // lifetimes' test: x = 2, t_x = 30.43, T = 38.86, 39 weeks → 1.226 purchases.
        let p = BgNbd {
            r: 0.2426,
            alpha: 4.4136,
            a: 0.7929,
            b: 2.4259,
        };
        assert!((p.expected_purchases(2, 30.43, 38.86, 39.0) - 1.226).abs() < 1e-3);
        // A client who never bought again is alive for sure in BG/NBD.
        assert_eq!(p.p_alive(0, 0.0, 38.86), 1.0);
        assert!(p.p_alive(2, 5.0, 38.86) < p.p_alive(2, 30.43, 38.86));
        // P(no purchase) as the likelihood ratio is BG/NBD's closed form: dead, or alive and
        // silent.
        let p0 = crate::counting::CountParams::BgNbd(p).p_no_purchase(2, 30.43, 38.86, 39.0);
        let alive = p.p_alive(2, 30.43, 38.86);
        let silent = ((p.alpha + 38.86) / (p.alpha + 38.86 + 39.0)).powf(p.r + 2.0);
        assert!((p0 - (1.0 - alive + alive * silent)).abs() < 1e-12, "{p0}");
        assert!(p0 > 0.0 && p0 < 1.0);
    }
}
