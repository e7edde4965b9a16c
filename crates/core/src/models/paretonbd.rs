//! The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987): purchases at a Poisson rate
//! λ ~ Gamma(r, α) while alive, a lifetime that ends at any moment at rate μ ~ Gamma(s, β).
//! Unlike BG/NBD, a client who never came back can have left, so a one-time buyer from long
//! ago gets a P(alive) well below 1.
//!
//! The likelihood follows Fader, Hardie and Lee's note (2005) as `lifetimes` computes it:
//!
//! L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ],
//!
//! A₀ = F(t_x) / (m+t_x)^(r+s+x) − F(T) / (m+T)^(r+s+x), F(t) = ₂F₁(r+s+x, b'; r+s+x+1;
//! |α−β| / (m+t)), with m = max(α, β) and b' = s+1 when α ≥ β, r+x otherwise. Every term is
//! kept in logarithms, so large x and T do not underflow, and α = β is the series' z = 0.

use serde::{Deserialize, Serialize};

use crate::bgnbd::{grouped, log_add_exp, log_add_exp_shares, Rfm};
use crate::models::elementary::{exp, ln, ln_1p};
use crate::models::parallel::map_parts;
use crate::optim::{bfgs_from, fit_groups, Begin, Group, Minimum, SAMPLE};
use crate::special::{digamma, ln_gamma};

/// Pareto/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (in the time unit).
    pub alpha: f64,
    /// Shape of the dropout-rate gamma.
    pub s: f64,
    /// Scale of the dropout-rate gamma (in the time unit).
    pub beta: f64,
}

/// ₂F₁(a, b; a+1; z) for 0 ≤ z < 1 and its derivatives in a, b and z, by the series
/// Σ a/(a+k) · (b)_k z^k / k!, whose terms are all positive.
fn hyp_a_a1(a: f64, b: f64, z: f64) -> [f64; 4] {
    static INVERSES: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let inverse = INVERSES.get_or_init(|| (0..512).map(|k| 1.0 / k.max(1) as f64).collect());
    let (mut f, mut fa, mut fb, mut kp) = (1.0, 0.0, 0.0, 0.0);
    // p = (b)_k z^k / k!; h = Σ_{j<k} 1/(b+j); kp = Σ w k p, which is z · ∂F/∂z.
    let (mut p, mut h) = (1.0, 0.0);
    for k in 1..200_000 {
        let kf = k as f64;
        let inv_k = inverse.get(k).copied().unwrap_or_else(|| 1.0 / kf);
        let inv_b = 1.0 / (b + kf - 1.0);
        let inv_a = 1.0 / (a + kf);
        p *= (b + kf - 1.0) * z * inv_k;
        h += inv_b;
        let w = a * inv_a;
        f += w * p;
        fa += kf * inv_a * inv_a * p;
        fb += w * p * h;
        kp += w * kf * p;
        if kf * p * (1.0 + h) <= 1e-15 * f * z || p == 0.0 {
            break;
        }
    }
    // ∂F/∂z at z = 0 is the first term's a/(a+1) · b.
    let fz = if z > 0.0 { kp / z } else { a / (a + 1.0) * b };
    [f, fa, fb, fz]
}

/// ln of one A₀ term, F(t) / (m+t)^(r+s+x), and its gradient in (r, α, s, β).
fn ln_term(p: &ParetoNbd, x: f64, t: f64) -> (f64, [f64; 4]) {
    ln_term_with(p, x, t, ln(p.alpha.max(p.beta) + t))
}

/// [`ln_term`] given ln(max(α, β) + t), which the caller has at hand.
fn ln_term_with(p: &ParetoNbd, x: f64, t: f64, ln_u: f64) -> (f64, [f64; 4]) {
    let ParetoNbd { r, alpha, s, beta } = *p;
    let a = r + s + x;
    // b' and its derivatives in r and s; m = max(α, β) and the derivatives of u = m + t and
    // z = |α − β| / u in α and β.
    let (b, db_r, db_s, u, du, dz) = if alpha >= beta {
        let u = alpha + t;
        (
            s + 1.0,
            0.0,
            1.0,
            u,
            [1.0, 0.0],
            [(beta + t) / (u * u), -1.0 / u],
        )
    } else {
        let u = beta + t;
        (
            r + x,
            1.0,
            0.0,
            u,
            [0.0, 1.0],
            [-1.0 / u, (alpha + t) / (u * u)],
        )
    };
    let z = (alpha - beta).abs() / u;
    let [f, fa, fb, fz] = hyp_a_a1(a, b, z);
    let value = -a * ln_u + ln(f);
    let grad = [
        -ln_u + (fa + fb * db_r) / f,
        -a * du[0] / u + fz * dz[0] / f,
        -ln_u + (fa + fb * db_s) / f,
        -a * du[1] / u + fz * dz[1] / f,
    ];
    (value, grad)
}

/// The t_x term of the series, kept while the groups share (x, t_x).
type TermCache = Option<(u32, f64, (f64, [f64; 4]))>;

/// Whether the series for the t_x term would need many terms: its z close to 1 means one of
/// α, β is far larger than the other plus the client's age (a fit that wanders towards very
/// alike dropout rates, β and s large), where the terms peak near b'·z/(1−z).
fn series_is_long(p: &ParetoNbd, x: f64, t_x: f64) -> bool {
    let (m, b) = if p.alpha >= p.beta {
        (p.alpha, p.s + 1.0)
    } else {
        (p.beta, p.r + x)
    };
    let z = (p.alpha - p.beta).abs() / (m + t_x);
    let peak = b * z / (1.0 - z);
    // F grows like (1 − z)^−b': past e^300 it nears the largest f64. As −ln(1 − z) is at
    // most z/(1 − z), that needs its logarithm only past the peak's 300; and the term
    // 40/−ln z is positive, so a peak past 100 is long without it.
    let overflows = peak > 300.0 && b * -ln_1p(-z) > 300.0;
    (z > 0.5 && (peak > 100.0 || peak + 40.0 / -z.ln() > 100.0)) || overflows
}

/// Gauss-Legendre nodes on [−1, 1] and their weights on [0, 1], in logs and not: 4, 6, 8,
/// 12, 16, 24, 48 or 96 points (the next of these at or above `points`).
fn gauss_legendre(points: usize) -> &'static [(f64, f64, f64)] {
    const SIZES: [usize; 8] = [4, 6, 8, 12, 16, 24, 48, 96];
    static TABLES: [std::sync::OnceLock<Vec<(f64, f64, f64)>>; 8] =
        [const { std::sync::OnceLock::new() }; 8];
    let at = SIZES
        .iter()
        .position(|&n| n >= points)
        .unwrap_or(SIZES.len() - 1);
    let n = SIZES[at];
    TABLES[at].get_or_init(|| {
        (1..=n)
            .map(|i| {
                let mut x = (std::f64::consts::PI * (i as f64 - 0.25) / (n as f64 + 0.5)).cos();
                let mut dp = 0.0;
                for _ in 0..100 {
                    let (mut p0, mut p1) = (1.0, x);
                    for k in 2..=n {
                        let k = k as f64;
                        let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                        p0 = p1;
                        p1 = p2;
                    }
                    dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
                    let step = p1 / dp;
                    x -= step;
                    if step.abs() < 1e-16 {
                        break;
                    }
                }
                // The weight on [0, 1]: half the weight on [−1, 1].
                let weight = 1.0 / ((1.0 - x * x) * dp * dp);
                (x, weight.ln(), weight)
            })
            .collect()
    })
}

/// ln I and its gradient in (r, α, s, β), I = ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1)
/// dτ, by Gauss-Legendre quadrature where the series is slow. With y = min(α, β) + τ and p its
/// exponent, the nodes are spread evenly in ln y, where the power y^(1−p) is e^(c·v) for
/// v ∈ [0, 1] and c = (1−p)·ln(y(T)/y(t_x)): a smooth integrand that 8 to 96 points hold to
/// 1e-11, and its gradient to 1e-8 (the test below, against 1,536 points), though a pole of
/// the other factor close to the interval (α far below β, s large) can leave 4e-9 and 4e-7
/// with 24 points. Only where the
/// power grows by more than e^128 over the interval does the variable q = (y / y(t_x))^(1−p)
/// take it exactly instead, with 48 points.
fn ln_integral_by_quadrature(p: &ParetoNbd, x: f64, t_x: f64, t: f64) -> (f64, [f64; 4]) {
    ln_integral_with(p, x, t_x, t, None, true)
}

/// Past this |c| (see [`ln_integral_by_quadrature`]) the quadrature's variable is q: only
/// where y's power grows (p < 1) over an interval of e^128 and more.
const STEEP: f64 = 128.0;

/// Below this change of the integrand's logarithm over a flat interval (see
/// [`ln_integral_with`]) 6 points do, and below a third of it (over a quarter of
/// [`SHORT`]) 4: a Gauss-Legendre sum's error for e^(c·v) falls like c^(2n) / (2n)!.
const GENTLE: f64 = 1.5;

/// Below this change of the integrand's logarithm over a short interval ([`SHORT`]), flat or
/// not, 8 points do: the error for e^(c·v) falls like c^16 / 16!.
const MODERATE: f64 = 4.0;

/// The longest interval, in ln y, that fewer than 8 points may take: the other factor's pole
/// lies π/span from it, in v, and must stay far for so few points.
const SHORT: f64 = 1.0;

/// Where a falling power ends the interval: at e^−40 of its first value.
const TAIL: f64 = 40.0;

/// [`ln_integral_by_quadrature`] with the number of points given (or chosen), and the short
/// series for a flat factor allowed (`short`) or not.
fn ln_integral_with(
    p: &ParetoNbd,
    x: f64,
    t_x: f64,
    t: f64,
    points: Option<usize>,
    short: bool,
) -> (f64, [f64; 4]) {
    let ParetoNbd { r, alpha, s, beta } = *p;
    let (a1, b1) = (r + x, s + 1.0);
    let (small, pow) = if alpha <= beta {
        (alpha, a1)
    } else {
        (beta, b1)
    };
    let (y1, y2) = (small + t_x, small + t);
    let e = 1.0 - pow;
    let whole_span = ln(y2 / y1);
    // Where y^(1−p) falls below e^−40 of its first value, the integrand (whose other factor
    // only falls) has nothing left that the sum could hold: the interval ends there.
    let span = if e < 0.0 {
        whole_span.min(TAIL / -e)
    } else {
        whole_span
    };
    let y2 = if span < whole_span {
        y1 * exp(span)
    } else {
        y2
    };
    let ln_y1 = ln(y1);
    let logs = (e * span).abs() < STEEP;
    // Nodes in the variable v ∈ [0, 1] → y; `scale` is I's factor outside the sum.
    let (q_end, ln_scale) = if logs {
        (0.0, ln(span))
    } else {
        let q_end = exp(e * span);
        (q_end, e * ln_y1 - ln(e.abs()) + ln((q_end - 1.0).abs()))
    };
    // ln y at v ∈ [0, 1]: ln y runs evenly; or q runs from 1 to q_end and y = y1 · q^(1/e).
    let ln_y_at = |v: f64| -> f64 {
        if logs {
            ln_y1 + v * span
        } else {
            ln_y1 + ln(1.0 + v * (q_end - 1.0)) / e
        }
    };
    let alpha_small = alpha <= beta;
    // The other factor, (D + y)^−p2 with D = |α − β|, changes by e^Δ over the interval.
    let (large_pow, d) = if alpha_small {
        (b1, beta - alpha)
    } else {
        (a1, alpha - beta)
    };
    let delta = large_pow * ln((d + y2) / (d + y1));
    let flat = delta < 0.05;
    // In ln y the integrand is e^(c·v) times the other factor, its logarithm changing by at
    // most |c| + Δ over the interval, and the gradient's p/y term's by p·span + Δ: the points
    // grow with the larger, and with the interval (the other factor's pole at y = −D lies
    // π/span from it, in v).
    let points = points.unwrap_or(if !logs {
        48
    } else {
        let change = e.abs().max(pow) * span + delta;
        let by_change = if flat && change < GENTLE && span <= SHORT {
            // Most of a fit's integrals: the sum of 4 or 6 points is within 1e-13 of the
            // reference (the sweep test below).
            if change < GENTLE / 3.0 && span <= SHORT / 4.0 {
                4
            } else {
                6
            }
        } else if change < 2.0 || (change < MODERATE && span <= SHORT) {
            8
        } else if change < 12.0 {
            12
        } else if change < 32.0 {
            16
        } else if change < 64.0 {
            24
        } else if change < 128.0 {
            48
        } else {
            96
        };
        let by_pole = if span <= SHORT {
            4
        } else if span <= 3.0 {
            8
        } else if span <= 6.0 {
            16
        } else if span <= 12.0 {
            24
        } else {
            48
        };
        by_change.max(by_pole)
    });
    let nodes = gauss_legendre(points);
    // Where the other factor's base grows by under 6% (most of a fit's integrals), its
    // logarithm is a short series, which leaves two calls to the math library per node. The
    // terms are summed as they are, not shifted by the largest: y's power changes by under
    // e^128 ([`STEEP`]) and the other factor by under e^[`NO_SHIFT`], so none overflows and
    // the sum cannot underflow.
    // Divisions are few: each costs several multiplications, and this runs for every client
    // at every step of a fit.
    let (y_big1, u_end) = (d + y1, (y2 - y1) / (d + y1));
    if short && u_end <= FLAT && delta < NO_SHIFT {
        let (ln_big1, per_big1) = (ln(y_big1), 1.0 / y_big1);
        let (mut sum, mut g) = (0.0, [0.0; 4]);
        for &(node, _, weight) in nodes {
            let ln_y = ln_y_at(0.5 * (node + 1.0));
            let y = exp(ln_y);
            let ln1p_u = ln_1p_small((y - y1) * per_big1);
            let (ln_big, big) = (ln_big1 + ln1p_u, y + d);
            // 1/y and 1/big from one division.
            let per_both = 1.0 / (y * big);
            let (per_y, per_big) = (big * per_both, y * per_both);
            // The node's ln value less the first end's: the other factor's change, and in
            // logs y's own e·(ln y − ln y1).
            let shift = if logs { e * (ln_y - ln_y1) } else { 0.0 };
            let w = weight * exp(shift - large_pow * ln1p_u);
            let d_node = if alpha_small {
                [-ln_y, -a1 * per_y, -ln_big, -b1 * per_big]
            } else {
                [-ln_big, -a1 * per_big, -ln_y, -b1 * per_y]
            };
            sum += w;
            for k in 0..4 {
                g[k] += w * d_node[k];
            }
        }
        let first = if logs { e * ln_y1 } else { 0.0 } - large_pow * ln_big1;
        let per_sum = 1.0 / sum;
        return (ln_scale + first + ln(sum), g.map(|v| v * per_sum));
    }
    // Each node's ln value and the derivatives of ln of the integrand, on the stack: this
    // runs for every client at every step of a fit.
    let mut values = [(0.0, [0.0; 4]); 96];
    let values = &mut values[..nodes.len()];
    let mut top = f64::NEG_INFINITY;
    for (&(node, ln_weight, _), value) in nodes.iter().zip(values.iter_mut()) {
        let ln_y = ln_y_at(0.5 * (node + 1.0));
        let y = exp(ln_y);
        // One of the two factors is y itself; what the substitution took out is y^−pow in
        // dq (y1^e/e · dq = y^−pow dy), or 1/y in logs (span · dv = dy / y).
        let (ln_ua, ln_ub, ua, ub) = if alpha_small {
            let ub = y + (beta - alpha);
            (ln_y, ln(ub), y, ub)
        } else {
            let ua = y + (alpha - beta);
            (ln(ua), ln_y, ua, y)
        };
        let taken = if logs { -ln_y } else { -pow * ln_y };
        let lv = ln_weight - a1 * ln_ua - b1 * ln_ub - taken;
        top = top.max(lv);
        let per_both = 1.0 / (ua * ub);
        *value = (
            lv,
            [-ln_ua, -a1 * ub * per_both, -ln_ub, -b1 * ua * per_both],
        );
    }
    let (ln_sum, g) = ln_sum_and_mean_gradient(values, top);
    (ln_scale + top + ln_sum, g)
}

/// ln Σ e^(lv − top) over terms (lv, gradient of lv), `top` their largest lv, and the
/// gradients' mean weighted by e^lv: ln of a sum (less `top`) and its gradient.
fn ln_sum_and_mean_gradient(terms: &[(f64, [f64; 4])], top: f64) -> (f64, [f64; 4]) {
    let (mut sum, mut g) = (0.0, [0.0; 4]);
    for (lv, d) in terms {
        let w = exp(lv - top);
        sum += w;
        for k in 0..4 {
            g[k] += w * d[k];
        }
    }
    let per_sum = 1.0 / sum;
    (ln(sum), g.map(|v| v * per_sum))
}

/// How much the other factor's base may grow over the interval, relatively, for the short
/// series of [`ln_1p_small`].
const FLAT: f64 = 0.06;

/// How far (in ln) the other factor may fall over the interval for the quadrature's terms to
/// be summed unshifted: with y's power within e^±128, every term stays above e^−428 of the
/// largest, far from f64's e^−708.
const NO_SHIFT: f64 = 300.0;

/// ln(1 + u) for 0 ≤ u ≤ [`FLAT`], to a relative 1e-16: 2·atanh(u / (2 + u)) by its series.
fn ln_1p_small(u: f64) -> f64 {
    let s = u / (2.0 + u);
    let z = s * s;
    2.0 * s * (1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0)))))
}

/// One client's log-likelihood pieces: ln of the "alive throughout" term, ln of the "left
/// between t_x and T" term (−∞ when t_x = T), with their gradients in (r, α, s, β).
struct Pieces {
    base: f64,
    d_base: [f64; 4],
    alive: f64,
    d_alive: [f64; 4],
    left: f64,
    d_left: [f64; 4],
}

impl Pieces {
    /// ln of the two terms' sum: the log-likelihood less its part that depends on x alone.
    fn tail(&self) -> f64 {
        log_add_exp(self.alive, self.left)
    }
}

/// In place of the part of the likelihood that depends on x alone, where it cancels or is not
/// needed (P(alive), P(no purchase)): its gamma functions are not worked out.
const NO_HEAD: (f64, [f64; 4]) = (0.0, [0.0; 4]);

impl ParetoNbd {
    /// The part of the likelihood that depends on x alone, with its gradient.
    fn head(&self, x: f64) -> (f64, [f64; 4]) {
        let ParetoNbd { r, alpha, s, beta } = *self;
        (
            ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln(),
            [
                digamma(r + x) - digamma(r) + alpha.ln(),
                r / alpha,
                beta.ln(),
                s / beta,
            ],
        )
    }

    fn pieces(
        &self,
        x: u32,
        t_x: f64,
        t: f64,
        cache: Option<&mut TermCache>,
        head: Option<&(f64, [f64; 4])>,
    ) -> Pieces {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let xf = x as f64;
        let (base, d_base) = match head {
            Some(h) => *h,
            None => self.head(xf),
        };
        let (ln_at, ln_bt) = (ln(alpha + t), ln(beta + t));
        let alive = -(r + xf) * ln_at - s * ln_bt;
        let d_alive = [-ln_at, -(r + xf) / (alpha + t), -ln_bt, -s / (beta + t)];
        let (left, d_left) = if t <= t_x {
            // Bought on the last day: no time to have left since.
            (f64::NEG_INFINITY, [0.0; 4])
        } else if series_is_long(self, xf, t_x) {
            let (ln_i, d) = ln_integral_by_quadrature(self, xf, t_x, t);
            (ln(s) + ln_i, [d[0], d[1], 1.0 / s + d[2], d[3]])
        } else {
            let fresh;
            let (lx, dlx) = match cache {
                Some(c) => {
                    if !matches!(c, Some((cx, ct, _)) if *cx == x && *ct == t_x) {
                        *c = Some((x, t_x, ln_term(self, xf, t_x)));
                    }
                    &c.as_ref().expect("just set").2
                }
                None => {
                    fresh = ln_term(self, xf, t_x);
                    &fresh
                }
            };
            let (lt, dlt) = ln_term_with(self, xf, t, if alpha >= beta { ln_at } else { ln_bt });
            let rho = exp(lt - lx);
            let a = r + s + xf;
            if !rho.is_finite() || dlx.iter().chain(&dlt).any(|v| !v.is_finite()) {
                // The series overflowed (F grows like (1 − z)^−b'): the quadrature holds.
                let (ln_i, d) = ln_integral_by_quadrature(self, xf, t_x, t);
                (ln(s) + ln_i, [d[0], d[1], 1.0 / s + d[2], d[3]])
            } else if rho < 1.0 {
                let c = ln(s) - ln(a);
                let dc = [-1.0 / a, 0.0, 1.0 / s - 1.0 / a, 0.0];
                let left = c + lx + ln_1p(-rho);
                let mut d = [0.0; 4];
                for k in 0..4 {
                    d[k] = dc[k] + (dlx[k] - rho * dlt[k]) / (1.0 - rho);
                }
                (left, d)
            } else {
                (f64::NEG_INFINITY, [0.0; 4])
            }
        };
        Pieces {
            base,
            d_base,
            alive,
            d_alive,
            left,
            d_left,
        }
    }

    /// The log-likelihood of one client's (x, t_x, T).
    pub fn log_likelihood(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let p = self.pieces(x, t_x, t, None, None);
        p.base + p.tail()
    }

    /// P(alive at T | x, t_x, T).
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        let p = self.pieces(x, t_x, t, None, Some(&NO_HEAD));
        exp(p.alive - p.tail())
    }

    /// P(alive at T) and P(no purchase in (T, T + horizon]) together: the latter is the
    /// likelihood with the silence stretched to T + horizon over the likelihood at T, so the
    /// likelihood at T serves both, the part that depends on x alone cancels, and the
    /// series' t_x term is worked out once.
    pub fn p_alive_and_no_purchase(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> (f64, f64) {
        // The series' t_x term is the same for both.
        let mut cache: TermCache = None;
        let now = self.pieces(x, t_x, t, Some(&mut cache), Some(&NO_HEAD));
        let later = self.pieces(x, t_x, t + horizon, Some(&mut cache), Some(&NO_HEAD));
        let tail = now.tail();
        (exp(now.alive - tail), exp(later.tail() - tail).min(1.0))
    }

    /// Expected purchases in (T, T + horizon] given the history:
    /// P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+horizon))^(s−1)].
    pub fn expected_purchases(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.expected_if_alive(x, t, horizon)
    }

    /// Expected purchases in (T, T + horizon] of a client alive at T with x repeat purchases.
    pub fn expected_if_alive(&self, x: u32, t: f64, horizon: f64) -> f64 {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let xf = x as f64;
        let q = -ln_1p(horizon / (beta + t));
        // [1 − e^((s−1)q)] / (s − 1), which is −q at s = 1.
        let span = if (s - 1.0).abs() < 1e-9 {
            -q
        } else {
            -((s - 1.0) * q).exp_m1() / (s - 1.0)
        };
        (r + xf) * (beta + t) / (alpha + t) * span
    }
}

/// The Pareto/NBD log-likelihood of the grouped summaries and its gradient in
/// (ln r, ln α, ln s, ln β). Most of a fit's time is here: natively, a large input's parts
/// ([`map_parts`]) are worked out side by side, and their sums added in order (in the browser,
/// part after part: the same sums in the same order).
fn pareto_ll(groups: &[Group], p: &ParetoNbd) -> (f64, [f64; 4]) {
    // The gamma-function terms depend on x alone: once per distinct x, not once per client.
    let max_x = groups.iter().map(|gr| gr.0).max().unwrap_or(0);
    let heads: Vec<(f64, [f64; 4])> = (0..=max_x).map(|x| p.head(x as f64)).collect();
    let sums = map_parts(groups, |part| pareto_ll_part(part, p, &heads));
    let (mut ll, mut g) = (0.0, [0.0; 4]);
    for (part_ll, part_g) in sums {
        ll += part_ll;
        for k in 0..4 {
            g[k] += part_g[k];
        }
    }
    let scale = [p.r, p.alpha, p.s, p.beta];
    for (gk, sk) in g.iter_mut().zip(scale) {
        *gk *= sk;
    }
    (ll, g)
}

/// [`pareto_ll`]'s sums over a run of the groups, the gradient in (r, α, s, β).
fn pareto_ll_part(groups: &[Group], p: &ParetoNbd, heads: &[(f64, [f64; 4])]) -> (f64, [f64; 4]) {
    let (mut ll, mut g) = (0.0, [0.0; 4]);
    // Groups come sorted by (x, t_x, T): the t_x term is the same along a run of one (x, t_x),
    // which holds every one-time buyer (x = 0, t_x = 0).
    let mut cached: TermCache = None;
    for &(x, t_x, t, w) in groups {
        let pc = p.pieces(x, t_x, t, Some(&mut cached), Some(&heads[x as usize]));
        // ln(e^alive + e^left) and each term's share of it, from one exp and one ln1p.
        let (tail, w_alive, w_left) = log_add_exp_shares(pc.alive, pc.left);
        ll += w * (pc.base + tail);
        for (k, gk) in g.iter_mut().enumerate() {
            *gk += w * (pc.d_base[k] + w_alive * pc.d_alive[k] + w_left * pc.d_left[k]);
        }
    }
    (ll, g)
}

/// Past this ln s the dropout rates are all but one rate (see [`fit_pareto`]).
const MAX_LN_S: f64 = 4.605_170_185_988_092; // ln 100

/// A Pareto/NBD fit, from `start` when given: the parameters, the log-likelihood at the
/// maximum and the iterations (of the fit to all the data).
///
/// # Errors
/// One sentence when it cannot: no clients, nobody bought twice, or no convergence.
pub fn fit_pareto(
    rfm: &[Rfm],
    start: Option<&ParetoNbd>,
) -> Result<(ParetoNbd, f64, usize), String> {
    fit_pareto_sampling(rfm, &grouped(rfm), start, Begin::Fresh, SAMPLE).map(|(fit, _)| fit)
}

/// [`fit_pareto`] from where `begin` says (a seed or a warm start takes the place of
/// `start`), `groups` being the summaries' ([`grouped`]). Returns where this fit ends too.
///
/// # Errors
/// As [`fit_pareto`].
pub(crate) fn fit_pareto_warm(
    rfm: &[Rfm],
    groups: &[Group],
    start: Option<&ParetoNbd>,
    begin: Begin,
) -> Result<((ParetoNbd, f64, usize), Minimum), String> {
    fit_pareto_sampling(rfm, groups, start, begin, SAMPLE)
}

/// [`fit_pareto_warm`] with a rough first fit to about `sample` of the distinct summaries
/// when there are more than twice as many ([`fit_groups`]).
fn fit_pareto_sampling(
    rfm: &[Rfm],
    groups: &[Group],
    start: Option<&ParetoNbd>,
    begin: Begin,
    sample: usize,
) -> Result<((ParetoNbd, f64, usize), Minimum), String> {
    crate::bgnbd::check_fittable(rfm)?;
    let n = rfm.len() as f64;
    // Fitted in (ln r, ln α, ln s, ln s/β): s/β is the mean dropout rate. When clients leave
    // at much the same rate, the likelihood rises ever more slowly as s and β grow together
    // towards a single dropout rate; along s/β that ridge is one axis, and past s = 100 (the
    // rates' spread is 10% of their mean) the likelihood is within 0.01 of that limit (on the
    // synthetic log: −449,653.042 at s = 100, −449,653.038 at 10⁴), so s stops there.
    let from = |theta: &[f64]| {
        let s = theta[2].min(MAX_LN_S).exp();
        ParetoNbd {
            r: theta[0].exp(),
            alpha: theta[1].exp(),
            s,
            beta: s / theta[3].exp(),
        }
    };
    let fit = |groups: &[Group],
               theta: &[f64],
               inverse_hessian: Option<Vec<Vec<f64>>>,
               tolerance: f64| {
        let objective = |theta: &[f64]| {
            let (ll, g) = pareto_ll(groups, &from(theta));
            // g is in (ln r, ln α, ln s, ln β); ln β = ln s − ln(s/β).
            let d_ln_s = if theta[2] < MAX_LN_S {
                g[2] + g[3]
            } else {
                0.0
            };
            let grad = [g[0], g[1], d_ln_s, -g[3]];
            (-ll / n, grad.iter().map(|v| -v / n).collect())
        };
        bfgs_from(objective, theta, inverse_hessian, tolerance, 500)
            .map_err(|why| format!("the Pareto/NBD fit did not converge: {why}"))
    };
    // Start where a fit to part of the same history ended (the holdout check's), or where
    // both scales are on the scale of the data: the mean age of the clients.
    let mean_t = (rfm.iter().map(|c| c.t).sum::<f64>() / n).max(1e-3).ln();
    let start = start.map_or([0.0, mean_t, 0.0, -mean_t], |p| {
        [
            p.r.ln(),
            p.alpha.ln(),
            p.s.ln().min(MAX_LN_S),
            (p.s / p.beta).ln(),
        ]
    });
    let m = fit_groups(groups, &start, begin, sample, fit)?;
    Ok(((from(&m.x), -m.value * n, m.iterations), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdnow() -> ParetoNbd {
        // Fader, Hardie and Lee (2005), CDNOW sample in weeks.
        ParetoNbd {
            r: 0.5534,
            alpha: 10.5802,
            s: 0.6061,
            beta: 11.6562,
        }
    }

    #[test]
    fn the_gradient_is_the_likelihoods_derivative() {
        let groups = vec![
            (0, 0.0, 30.0, 3.0),
            (2, 10.0, 38.0, 1.0),
            (5, 30.5, 39.0, 2.0),
            (40, 38.0, 39.0, 1.0),
            (3, 20.0, 20.0, 1.0),
        ];
        for p in [
            cdnow(),
            ParetoNbd {
                r: 0.3,
                alpha: 14.0,
                s: 1.7,
                beta: 2.5,
            },
        ] {
            let (_, g) = pareto_ll(&groups, &p);
            let theta = [p.r.ln(), p.alpha.ln(), p.s.ln(), p.beta.ln()];
            let ll = |t: &[f64; 4]| {
                let q = ParetoNbd {
                    r: t[0].exp(),
                    alpha: t[1].exp(),
                    s: t[2].exp(),
                    beta: t[3].exp(),
                };
                pareto_ll(&groups, &q).0
            };
            crate::optim::assert_gradient(ll, theta, g, 1e-5);
        }
    }

    #[test]
    fn alpha_equal_to_beta_is_the_closed_form() {
        // With α = β the t_x-to-T term is (α+t)^−(r+s+x) / (r+s+x) integrated exactly.
        let p = ParetoNbd {
            r: 0.5,
            alpha: 10.0,
            s: 0.7,
            beta: 10.0,
        };
        let (x, t_x, t) = (3u32, 12.0f64, 40.0f64);
        let a = p.r + p.s + x as f64;
        let head = ln_gamma(p.r + 3.0) - ln_gamma(p.r) + p.r * 10f64.ln() + p.s * 10f64.ln();
        let alive = (10.0 + t).powf(-(p.r + 3.0)) * (10.0 + t).powf(-p.s);
        let left = p.s / a * ((10.0 + t_x).powf(-a) - (10.0 + t).powf(-a));
        let want = head + (alive + left).ln();
        assert!((p.log_likelihood(x, t_x, t) - want).abs() < 1e-12);
    }

    #[test]
    fn the_quadrature_agrees_with_the_series_where_both_work() {
        for p in [
            ParetoNbd {
                r: 0.6,
                alpha: 2.0,
                s: 3.0,
                beta: 40.0,
            },
            ParetoNbd {
                r: 1.5,
                alpha: 60.0,
                s: 0.8,
                beta: 3.0,
            },
            ParetoNbd {
                r: 1.0,
                alpha: 5.0,
                s: 0.5,
                beta: 30.0,
            },
            ParetoNbd {
                r: 1.5,
                alpha: 10.0,
                s: 44.0,
                beta: 5_000.0,
            },
        ] {
            for (x, t_x, t) in [
                (0u32, 0.0, 20.0),
                (2, 3.0, 30.0),
                (3, 10.0, 12.0),
                (2, 0.5, 80.0),
            ] {
                let (lx, dlx) = ln_term(&p, x as f64, t_x);
                let (lt, dlt) = ln_term(&p, x as f64, t);
                let a = p.r + p.s + x as f64;
                let rho = (lt - lx).exp();
                let series = lx + (-rho).ln_1p() - a.ln();
                let (quad, d) = ln_integral_by_quadrature(&p, x as f64, t_x, t);
                // Where z is far from 1 the series is what runs; where it nears 1 (the last
                // parameters) the quadrature is, and is the more exact.
                let tolerance = if p.beta > 1_000.0 { 1e-8 } else { 1e-6 } * series.abs().max(1.0);
                assert!(
                    (series - quad).abs() < tolerance,
                    "{p:?} {x}: {series} vs {quad}"
                );
                for k in 0..4 {
                    let da = if k == 0 || k == 2 { -1.0 / a } else { 0.0 };
                    let ds = (dlx[k] - rho * dlt[k]) / (1.0 - rho) + da;
                    assert!(
                        (ds - d[k]).abs() < 1e-5 * ds.abs().max(1.0),
                        "{p:?} {x} {k}: {ds} vs {}",
                        d[k]
                    );
                }
            }
        }
    }

    #[test]
    fn one_look_gives_p_alive_and_p_no_purchase() {
        let params = crate::counting::CountParams::ParetoNbd(cdnow());
        for (x, t_x, t) in [
            (0, 0.0, 38.86),
            (2, 30.43, 38.86),
            (7, 35.0, 35.0),
            (40, 1.0, 70.0),
        ] {
            let (alive, none) = cdnow().p_alive_and_no_purchase(x, t_x, t, 39.0);
            let (want_alive, want_none) = (
                params.p_alive(x, t_x, t),
                params.p_no_purchase(x, t_x, t, 39.0),
            );
            assert!(
                (alive - want_alive).abs() < 1e-12,
                "{x}: {alive} vs {want_alive}"
            );
            assert!(
                (none - want_none).abs() < 1e-12,
                "{x}: {none} vs {want_none}"
            );
            assert!(none > 0.0 && none <= 1.0, "{x}: {none}");
        }
    }

    #[test]
    fn the_short_series_give_the_math_librarys_answer() {
        // Where the other factor is flat, its ln is a short series: the same 16-point sum as
        // with the library's ln, to rounding.
        let mut flat = 0;
        for p in [
            ParetoNbd {
                r: 1.5,
                alpha: 10.0,
                s: 44.0,
                beta: 1.35e6,
            },
            ParetoNbd {
                r: 1.45,
                alpha: 9.12,
                s: 100.0,
                beta: 70_977.7,
            },
            ParetoNbd {
                r: 40.0,
                alpha: 3.0e5,
                s: 0.7,
                beta: 12.0,
            },
        ] {
            for x in [0.0, 1.0, 7.0, 40.0, 250.0] {
                for (t_x, t) in [(0.0, 80.0), (20.0, 20.5), (20.0, 86.0), (70.0, 150.0)] {
                    let (m, b) = if p.alpha <= p.beta {
                        (p.alpha, p.s + 1.0)
                    } else {
                        (p.beta, p.r + x)
                    };
                    let d = (p.alpha - p.beta).abs();
                    let (y1, y2) = (m + t_x, m + t);
                    let u_end = (y2 - y1) / (d + y1);
                    if u_end > FLAT || b * u_end.ln_1p() >= 0.05 {
                        continue;
                    }
                    flat += 1;
                    assert_integral_near(
                        ln_integral_with(&p, x, t_x, t, Some(16), true),
                        ln_integral_with(&p, x, t_x, t, Some(16), false),
                        (1e-15, 1e-14),
                        &format!("{p:?} {x} {t_x} {t}"),
                    );
                }
            }
        }
        assert!(flat >= 30, "{flat} flat cases");
    }

    /// Asserts that ln I and its gradient are `want`'s to a relative `within.0` and `within.1`
    /// (absolute below 1).
    fn assert_integral_near(
        got: (f64, [f64; 4]),
        want: (f64, [f64; 4]),
        within: (f64, f64),
        case: &str,
    ) {
        let ((value, gradient), (want_value, want_gradient)) = (got, want);
        assert!(
            (value - want_value).abs() < within.0 * want_value.abs().max(1.0),
            "{case}: {value} vs {want_value}"
        );
        for k in 0..4 {
            assert!(
                (gradient[k] - want_gradient[k]).abs() < within.1 * want_gradient[k].abs().max(1.0),
                "{case} {k}: {} vs {}",
                gradient[k],
                want_gradient[k]
            );
        }
    }

    /// ln I and its gradient by 64 panels of 24 points each, evenly in ln y: a reference far
    /// finer than any the likelihood uses.
    fn reference_ln_integral(p: &ParetoNbd, x: f64, t_x: f64, t: f64) -> (f64, [f64; 4]) {
        let ParetoNbd { r, alpha, s, beta } = *p;
        let (a1, b1) = (r + x, s + 1.0);
        let small = alpha.min(beta);
        let (ln_y1, ln_y2) = ((small + t_x).ln(), (small + t).ln());
        let panels = 64;
        let width = (ln_y2 - ln_y1) / panels as f64;
        let mut terms = vec![];
        for k in 0..panels {
            for &(node, ln_weight, _) in gauss_legendre(24) {
                let ln_y = ln_y1 + width * (k as f64 + 0.5 * (node + 1.0));
                let y = ln_y.exp();
                // τ = y − small; dτ = y · d(ln y).
                let (ua, ub) = (alpha + y - small, beta + y - small);
                let lv = ln_weight + width.ln() + ln_y - a1 * ua.ln() - b1 * ub.ln();
                terms.push((lv, [-ua.ln(), -a1 / ua, -ub.ln(), -b1 / ub]));
            }
        }
        let top = terms.iter().map(|t| t.0).fold(f64::NEG_INFINITY, f64::max);
        let (ln_sum, g) = ln_sum_and_mean_gradient(&terms, top);
        (top + ln_sum, g)
    }

    #[test]
    fn the_quadrature_holds_to_a_far_finer_one() {
        // The parameters fitted to CDNOW (weeks) and to the synthetic log, those with their
        // dropout rates spread wider, and extremes: alike rates (β, s large), one scale far
        // above the other, a time unit of days with small scales.
        let sets = [
            (0.611, 13.61, 0.3126, 6.149),
            (0.305, 27.23, 0.3126, 3.074),
            (1.445, 9.123, 100.0, 32_461.0),
            (0.7226, 18.25, 100.0, 16_230.0),
            (2.890, 4.562, 100.0, 64_922.0),
            (1.445, 9.123, 1.0, 324.6),
            (1.445, 9.123, 10.0, 3_246.0),
            (1.5, 10.0, 44.0, 1.35e6),
            (40.0, 3.0e5, 0.7, 12.0),
            (0.3, 0.5, 0.2, 2.0),
            (0.296, 17_429.0, 0.109, 0.0026),
            (0.5, 1.0e5, 0.2, 0.05),
        ];
        let (mut cases, mut cut) = (0, 0);
        for (r, alpha, s, beta) in sets {
            let p = ParetoNbd { r, alpha, s, beta };
            for x in [0.0, 1.0, 3.0, 7.0, 20.0, 40.0, 100.0, 250.0] {
                for (t_x, t) in [
                    (0.0, 1.0),
                    (0.0, 80.0),
                    (0.0, 1_000.0),
                    (20.0, 20.5),
                    (20.0, 86.0),
                    (70.0, 150.0),
                    (3.0, 900.0),
                    (500.0, 1_000.0),
                ] {
                    let pow = if alpha <= beta { r + x } else { s + 1.0 };
                    let small = alpha.min(beta);
                    // The power falling past e^−40 ends the quadrature's interval early.
                    if (1.0 - pow) * ((small + t) / (small + t_x)).ln() < -TAIL {
                        cut += 1;
                    }
                    cases += 1;
                    assert_integral_near(
                        ln_integral_by_quadrature(&p, x, t_x, t),
                        reference_ln_integral(&p, x, t_x, t),
                        (1e-11, 1e-8),
                        &format!("{p:?} {x} {t_x} {t}"),
                    );
                }
            }
        }
        assert!(cases == 768 && cut > 30, "{cases} cases, {cut} cut short");
    }

    #[test]
    fn few_points_hold_on_short_gentle_intervals() {
        // Parameters drawn over wide ranges (log-uniform, a fixed generator), intervals of a
        // day (in weeks) and more: where the integrand's log changes gently over a short flat
        // interval (4 or 6 points), the sum is within 1e-12 of the far finer one's, its
        // gradient too, as everywhere else within the test's above.
        let mut uniform = crate::models::elementary::uniform(0x2545_f491_4f6c_dd1d);
        let mut few = 0;
        for _ in 0..6_000 {
            let mut between = |lo: f64, hi: f64| (lo.ln() + uniform() * (hi / lo).ln()).exp();
            let p = ParetoNbd {
                r: between(0.05, 20.0),
                alpha: between(0.5, 1e4),
                s: between(0.05, 100.0),
                beta: between(0.5, 1e6),
            };
            let x = (between(1.0, 300.0) - 1.0).floor();
            let t_x = between(1.0, 1_000.0) - 1.0;
            // Below a day, ln of the span's ratio and the reference's difference of two ln
            // both round off.
            let t = t_x + between(1.0 / 7.0, 200.0);
            let (pow, small, large_pow, d) = if p.alpha <= p.beta {
                (p.r + x, p.alpha, p.s + 1.0, p.beta - p.alpha)
            } else {
                (p.s + 1.0, p.beta, p.r + x, p.alpha - p.beta)
            };
            let span = ((small + t) / (small + t_x)).ln();
            let delta = large_pow * ((d + small + t) / (d + small + t_x)).ln();
            let change = (1.0 - pow).abs().max(pow) * span + delta;
            let within = if (delta < 0.05 && change < GENTLE || change < MODERATE) && span <= SHORT
            {
                few += 1;
                (2e-12, 1e-11)
            } else {
                (1e-11, 1e-8)
            };
            assert_integral_near(
                ln_integral_by_quadrature(&p, x, t_x, t),
                reference_ln_integral(&p, x, t_x, t),
                within,
                &format!("{p:?} {x} {t_x} {t}"),
            );
        }
        assert!(few > 2_000, "{few} cases with few points");
    }

    #[test]
    fn alike_dropout_rates_stay_finite() {
        // β and s large: z near 1, where the series would need a million terms (the
        // quadrature answers; the benchmark times it).
        let p = ParetoNbd {
            r: 1.5,
            alpha: 10.0,
            s: 44.0,
            beta: 135_000.0,
        };
        let groups: Vec<(u32, f64, f64, f64)> = (0..2_000)
            .map(|i| (i % 300, (i % 80) as f64, 80.0 + (i % 7) as f64, 1.0))
            .collect();
        let (ll, g) = pareto_ll(&groups, &p);
        assert!(ll.is_finite() && g.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn a_one_time_buyer_can_have_left() {
        let p = cdnow();
        // Bought once at the start of the 39 weeks, never again.
        let once = p.p_alive(0, 0.0, 39.0);
        assert!(once < 0.5 && once > 0.2, "{once}");
        // A recent one-time buyer is more likely alive than an old one.
        assert!(p.p_alive(0, 0.0, 2.0) > once);
        // Many purchases and silence since: likely gone; the same purchases up to now: alive.
        assert!(p.p_alive(20, 10.0, 39.0) < 0.05);
        assert!(p.p_alive(20, 38.5, 39.0) > 0.9);
        // Large x and T do not overflow.
        let big = p.p_alive(900, 3000.0, 3100.0);
        assert!(big.is_finite() && big < 0.01, "{big}");
        // A client buying every day for three years, in weeks, where α < β and the series'
        // F would pass e^709: gone after a year of silence, alive when they bought today.
        let daily = ParetoNbd {
            r: 0.6,
            alpha: 0.5,
            s: 0.6,
            beta: 170.0,
        };
        let silent = daily.p_alive(1_095, 104.0, 156.0);
        let today = daily.p_alive(1_095, 156.0, 156.0);
        assert!(silent.is_finite() && silent < 0.01, "{silent}");
        assert!((today - 1.0).abs() < 1e-9, "{today}");
        assert!(daily.log_likelihood(1_095, 104.0, 156.0).is_finite());
        let e = p.expected_purchases(2, 30.43, 38.86, 39.0);
        assert!(e > 0.5 && e < 2.0, "{e}");
    }

    /// The likelihood of many groups, worked out in parts on threads natively, is the parts'
    /// sums added in order: the same bits as part after part, as the browser works it out.
    #[test]
    fn the_likelihood_in_parts_on_threads_is_the_same_bits_as_in_turn() {
        let groups = grouped(&simulated(12_000, cdnow()));
        assert!(
            groups.len() >= crate::models::parallel::PARALLEL_FROM,
            "{}",
            groups.len()
        );
        let p = cdnow();
        let heads: Vec<_> = (0..=groups.iter().map(|g| g.0).max().unwrap())
            .map(|x| p.head(x as f64))
            .collect();
        let (mut ll, mut g) = (0.0, [0.0; 4]);
        for part in groups.chunks(groups.len().div_ceil(crate::models::parallel::PARTS)) {
            let (part_ll, part_g) = pareto_ll_part(part, &p, &heads);
            ll += part_ll;
            for k in 0..4 {
                g[k] += part_g[k];
            }
        }
        let g = [g[0] * p.r, g[1] * p.alpha, g[2] * p.s, g[3] * p.beta];
        let threaded = pareto_ll(&groups, &p);
        assert_eq!(threaded.0.to_bits(), ll.to_bits());
        assert_eq!(threaded.1.map(f64::to_bits), g.map(f64::to_bits));
        // And the parts hold every group: one sum over all of them is the same to rounding.
        let whole = pareto_ll_part(&groups, &p, &heads);
        assert!((whole.0 - ll).abs() < 1e-9 * ll.abs(), "{} {ll}", whole.0);
    }

    /// Clients drawn from the Pareto/NBD process itself (SplitMix64; gamma variates by
    /// Marsaglia and Tsang), ages spread over three years in weeks, to two decimals.
    fn simulated(clients: usize, truth: ParetoNbd) -> Vec<Rfm> {
        let mut state = 20_261_125_u64;
        let mut uniform = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64 + 1e-300
        };
        let gamma = |shape: f64, scale: f64, u: &mut dyn FnMut() -> f64| -> f64 {
            // Shape below 1: Gamma(shape + 1) · U^(1/shape).
            let boost = if shape < 1.0 {
                u().powf(1.0 / shape)
            } else {
                1.0
            };
            let d = if shape < 1.0 { shape + 1.0 } else { shape } - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            loop {
                let n = (-2.0 * u().ln()).sqrt() * (2.0 * std::f64::consts::PI * u()).cos();
                let v = (1.0 + c * n).powi(3);
                if v > 0.0 && u().ln() < 0.5 * n * n + d - d * v + d * v.ln() {
                    return d * v * scale * boost;
                }
            }
        };
        (0..clients)
            .map(|i| {
                let lambda = gamma(truth.r, 1.0 / truth.alpha, &mut uniform);
                let mu = gamma(truth.s, 1.0 / truth.beta, &mut uniform);
                let age = 1.0 + 155.0 * uniform();
                let end = age.min(-uniform().ln() / mu);
                let (mut t, mut x, mut last) = (0.0, 0, 0.0);
                loop {
                    t += -uniform().ln() / lambda;
                    if t > end {
                        break;
                    }
                    x += 1;
                    last = t;
                }
                let two = |v: f64| (v * 100.0).round() / 100.0;
                Rfm {
                    id: format!("{i:05}"),
                    x,
                    t_x: two(last),
                    t: two(age),
                    monetary: 0.0,
                }
            })
            .collect()
    }

    #[test]
    fn a_warm_fit_starts_where_the_last_one_ended() {
        let rfm = simulated(6_000, cdnow());
        let ((cold, ll_cold, it_cold), end) =
            fit_pareto_warm(&rfm, &grouped(&rfm), None, Begin::Fresh).unwrap();
        let ((warm, ll_warm, it_warm), _) =
            fit_pareto_warm(&rfm, &grouped(&rfm), None, Begin::Warm(&end)).unwrap();
        // From its own maximum, with its curvature, at most one step is left, within the
        // fit's tolerance.
        assert!(
            it_warm <= 1 && it_cold > 3,
            "{it_warm} warm, {it_cold} cold"
        );
        assert!((ll_warm - ll_cold).abs() < 1e-9 * ll_cold.abs());
        for (a, b) in [(warm.r, cold.r), (warm.alpha, cold.alpha), (warm.s, cold.s)] {
            assert!((a / b - 1.0).abs() < 1e-6, "{a} vs {b}");
        }
    }

    #[test]
    fn a_rough_fit_to_a_sample_first_lands_on_the_same_maximum_sooner() {
        let truth = cdnow();
        let rfm = simulated(6_000, truth);
        let ((plain, ll_plain, it_plain), _) =
            fit_pareto_sampling(&rfm, &grouped(&rfm), None, Begin::Fresh, usize::MAX).unwrap();
        let ((sampled, ll_sampled, it_sampled), _) =
            fit_pareto_sampling(&rfm, &grouped(&rfm), None, Begin::Fresh, 500).unwrap();
        assert!(grouped(&rfm).len() > 1_000, "the sample must be a part");
        for (a, b) in [
            (plain.r, sampled.r),
            (plain.alpha, sampled.alpha),
            (plain.s, sampled.s),
            (plain.beta, sampled.beta),
        ] {
            assert!((a / b - 1.0).abs() < 1e-5, "{plain:?} against {sampled:?}");
        }
        assert!(
            (ll_plain - ll_sampled).abs() < 1e-6,
            "{ll_plain} against {ll_sampled}"
        );
        assert!(
            it_sampled * 2 < it_plain,
            "{it_sampled} iterations on all, not {it_plain}"
        );
        // And the maximum is the process's own parameters, give or take the sample's noise.
        assert!((plain.r / truth.r - 1.0).abs() < 0.15, "{plain:?}");
        assert!((plain.s / truth.s - 1.0).abs() < 0.3, "{plain:?}");
    }
}
