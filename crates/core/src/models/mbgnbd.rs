//! The modified BG/NBD model (Batislam, Denizel and Filiztekin 2007): BG/NBD with a chance to
//! leave at the first purchase too, so a one-time buyer is not alive for sure. As cheap to fit
//! as BG/NBD; the formulas are `lifetimes`' ModifiedBetaGeoFitter.

use serde::{Deserialize, Serialize};

use crate::bgnbd::{grouped, log_add_exp, log_add_exp_shares, still, Ages, Rfm};
use crate::models::elementary::{exp, ln};
use crate::optim::{bfgs_from, fit_groups, Begin, Group, Minimum, SAMPLE};
use crate::special::{digamma, hyp2f1, hyp2f1_each, ln_gamma};

/// MBG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MbgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (in the time unit).
    pub alpha: f64,
    /// Dropout beta's a.
    pub a: f64,
    /// Dropout beta's b.
    pub b: f64,
}

impl MbgNbd {
    /// ln of a/(b + x) · ((α + T)/(α + t_x))^(r + x): the odds of having left.
    fn ln_odds_left(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let xf = x as f64;
        ln(self.a) - ln(self.b + xf) + (self.r + xf) * (ln(self.alpha + t) - ln(self.alpha + t_x))
    }

    /// The log-likelihood of one client's (x, t_x, T).
    pub fn log_likelihood(&self, x: u32, t_x: f64, t: f64) -> f64 {
        mbg_group(self, x, t_x, t).0
    }

    /// The log-likelihood less its part that depends on x alone (the gamma functions): what
    /// a ratio of two likelihoods of the same client reads, without their gradient.
    pub(crate) fn ln_tail(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let alive = -(r + xf) * ln(alpha + t);
        let left = ln(a) - ln(b + xf) - (r + xf) * ln(alpha + t_x);
        log_add_exp(alive, left)
    }

    /// P(alive at T | x, t_x, T).
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        1.0 / (1.0 + exp(self.ln_odds_left(x, t_x, t)))
    }

    /// Expected purchases in (T, T + horizon] given the history.
    pub fn expected_purchases(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.expected_if_alive(x, t, horizon)
    }

    /// Expected purchases in (T, T + horizon] of a client alive at T with x repeat purchases.
    pub fn expected_if_alive(&self, x: u32, t: f64, horizon: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let z = horizon / (alpha + t + horizon);
        let ratio = still(r + xf, alpha + t, horizon);
        let head = (a + b + xf) / (a - 1.0);
        head * (1.0 - ratio * hyp2f1(r + xf, b + xf + 1.0, a + b + xf, z))
    }

    /// [`MbgNbd::expected_if_alive`] at each of `horizons`, into `out` (the series shared).
    pub fn expected_if_alive_each(&self, x: u32, t: f64, horizons: &[f64], out: &mut [f64]) {
        let MbgNbd { r, alpha, a, b } = *self;
        let xf = x as f64;
        let zs: Vec<f64> = horizons.iter().map(|h| h / (alpha + t + h)).collect();
        hyp2f1_each(r + xf, b + xf + 1.0, a + b + xf, &zs, out);
        let head = (a + b + xf) / (a - 1.0);
        for (f, h) in out.iter_mut().zip(horizons) {
            let ratio = still(r + xf, alpha + t, *h);
            *f = head * (1.0 - ratio * *f);
        }
    }
}

/// The part of the likelihood that depends on x alone, with its gradient in (r, α, a, b).
fn mbg_head(p: &MbgNbd, x: f64) -> (f64, [f64; 4]) {
    let MbgNbd { r, alpha, a, b } = *p;
    (
        ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) + ln_gamma(b + x + 1.0)
            - ln_gamma(b)
            - ln_gamma(a + b + x + 1.0),
        [
            digamma(r + x) - digamma(r) + alpha.ln(),
            r / alpha,
            digamma(a + b) - digamma(a + b + x + 1.0),
            digamma(a + b) + digamma(b + x + 1.0) - digamma(b) - digamma(a + b + x + 1.0),
        ],
    )
}

/// One group's log-likelihood and its gradient in (r, α, a, b).
fn mbg_group(p: &MbgNbd, x: u32, t_x: f64, t: f64) -> (f64, [f64; 4]) {
    let MbgNbd { r, alpha, a, b } = *p;
    let xf = x as f64;
    let (head, d_head) = mbg_head(p, xf);
    // Alive at T, or left at the last purchase.
    let (ln_at, ln_atx) = (ln(alpha + t), ln(alpha + t_x));
    let alive = -(r + xf) * ln_at;
    let d_alive = [-ln_at, -(r + xf) / (alpha + t), 0.0, 0.0];
    let left = ln(a) - ln(b + xf) - (r + xf) * ln_atx;
    let d_left = [-ln_atx, -(r + xf) / (alpha + t_x), 1.0 / a, -1.0 / (b + xf)];
    let tail = log_add_exp(alive, left);
    let (wa, wl) = (exp(alive - tail), exp(left - tail));
    let mut g = [0.0; 4];
    for k in 0..4 {
        g[k] = d_head[k] + wa * d_alive[k] + wl * d_left[k];
    }
    (head + tail, g)
}

/// The MBG/NBD log-likelihood of grouped summaries and its gradient in (r, α, a, b): the sum
/// of [`mbg_group`] over the groups, with what depends on x alone once per distinct x and
/// ln(α + age) once per distinct age.
fn mbg_ll(groups: &[Group], ages: &Ages, max_x: u32, p: &MbgNbd) -> (f64, [f64; 4]) {
    let MbgNbd { r, alpha, a, b } = *p;
    let (mut ll, mut g) = (0.0, [0.0; 4]);
    let per_x: Vec<_> = (0..=max_x)
        .map(|x| (mbg_head(p, x as f64), ln(b + x as f64)))
        .collect();
    let at_age = ages.ln_and_inverse(alpha);
    let ln_a = a.ln();
    for (&(x, _, _, w), &[i_tx, i_t]) in groups.iter().zip(&ages.at) {
        let ((head, d_head), ln_bx) = per_x[x as usize];
        let rx = r + x as f64;
        let ((ln_at, inv_at), (ln_atx, inv_atx)) = (at_age[i_t as usize], at_age[i_tx as usize]);
        // Alive at T, or left at the last purchase.
        let alive = -rx * ln_at;
        let left = ln_a - ln_bx - rx * ln_atx;
        let (tail, wa, wl) = log_add_exp_shares(alive, left);
        ll += w * (head + tail);
        let d = [
            d_head[0] - wa * ln_at - wl * ln_atx,
            d_head[1] - rx * (wa * inv_at + wl * inv_atx),
            d_head[2] + wl / a,
            d_head[3] - wl / (b + x as f64),
        ];
        for k in 0..4 {
            g[k] += w * d[k];
        }
    }
    (ll, g)
}

/// An MBG/NBD fit: the parameters, the log-likelihood at the maximum and the iterations.
///
/// # Errors
/// One sentence when it cannot: no clients, nobody bought twice, or no convergence.
pub fn fit_mbg(rfm: &[Rfm]) -> Result<(MbgNbd, f64, usize), String> {
    fit_mbg_warm(rfm, &grouped(rfm), Begin::Fresh).map(|(fit, _)| fit)
}

/// [`fit_mbg`] from where `begin` says, with where this fit ends; `groups` are the
/// summaries' ([`grouped`]).
///
/// # Errors
/// As [`fit_mbg`].
pub(crate) fn fit_mbg_warm(
    rfm: &[Rfm],
    groups: &[Group],
    begin: Begin,
) -> Result<((MbgNbd, f64, usize), Minimum), String> {
    crate::bgnbd::check_fittable(rfm)?;
    let n = rfm.len() as f64;
    let from = |theta: &[f64]| MbgNbd {
        r: theta[0].exp(),
        alpha: theta[1].exp(),
        a: theta[2].exp(),
        b: theta[3].exp(),
    };
    let fit = |groups: &[Group],
               theta: &[f64],
               inverse_hessian: Option<Vec<Vec<f64>>>,
               tolerance: f64| {
        let max_x = groups.iter().map(|gr| gr.0).max().unwrap_or(0);
        let ages = Ages::of(groups);
        let objective = |theta: &[f64]| {
            let p = from(theta);
            let (ll, g) = mbg_ll(groups, &ages, max_x, &p);
            let scale = [p.r, p.alpha, p.a, p.b];
            (
                -ll / n,
                (0..4).map(|k| -g[k] * scale[k] / n).collect::<Vec<_>>(),
            )
        };
        bfgs_from(objective, theta, inverse_hessian, tolerance, 500)
            .map_err(|why| format!("the MBG/NBD fit did not converge: {why}"))
    };
    let mean_t = (rfm.iter().map(|c| c.t).sum::<f64>() / n).max(1e-3).ln();
    let m = fit_groups(groups, &[0.0, mean_t, 0.0, 0.0], begin, SAMPLE, fit)?;
    Ok(((from(&m.x), -m.value * n, m.iterations), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gradient_is_the_likelihoods_derivative() {
        let p = MbgNbd {
            r: 0.5,
            alpha: 6.0,
            a: 0.9,
            b: 3.0,
        };
        for (x, t_x, t) in [(0, 0.0, 30.0), (3, 12.0, 39.0), (12, 38.0, 39.0)] {
            let (_, g) = mbg_group(&p, x, t_x, t);
            let ll = |q: &[f64; 4]| {
                let m = MbgNbd {
                    r: q[0],
                    alpha: q[1],
                    a: q[2],
                    b: q[3],
                };
                m.log_likelihood(x, t_x, t)
            };
            crate::optim::assert_gradient(ll, [p.r, p.alpha, p.a, p.b], g, 1e-6);
        }
    }

    #[test]
    fn the_tabulated_likelihood_is_the_sum_of_the_groups() {
        let p = MbgNbd {
            r: 0.5,
            alpha: 6.0,
            a: 0.9,
            b: 3.0,
        };
        let groups = [
            (0, 0.0, 30.0, 3.0),
            (3, 12.0, 39.0, 1.0),
            (3, 30.0, 39.0, 2.0),
            (12, 38.0, 39.0, 1.0),
        ];
        let (ll, g) = mbg_ll(&groups, &Ages::of(&groups), 12, &p);
        let (mut want, mut want_g) = (0.0, [0.0; 4]);
        for &(x, t_x, t, w) in &groups {
            let (l, d) = mbg_group(&p, x, t_x, t);
            want += w * l;
            for k in 0..4 {
                want_g[k] += w * d[k];
            }
        }
        assert!((ll - want).abs() < 1e-12 * want.abs(), "{ll} {want}");
        for k in 0..4 {
            assert!(
                (g[k] - want_g[k]).abs() < 1e-12 * want_g[k].abs().max(1.0),
                "{g:?} {want_g:?}"
            );
        }
    }

    #[test]
    fn a_one_time_buyer_is_not_alive_for_sure() {
        let p = MbgNbd {
            r: 0.5,
            alpha: 6.0,
            a: 0.9,
            b: 3.0,
        };
        // 1 / (1 + a/b · ((α + T)/α)^r) = 1 / (1 + 0.3 · 7.5^0.5) = 0.548 97.
        let once = p.p_alive(0, 0.0, 39.0);
        assert!((once - 0.548_97).abs() < 1e-5, "{once}");
        assert!(p.p_alive(0, 0.0, 2.0) > once);
    }
}
