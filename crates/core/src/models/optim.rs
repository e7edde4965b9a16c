//! Minimisation with BFGS and a backtracking (Armijo) line search, on an analytic gradient.

/// Where the minimiser ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// The point.
    pub x: Vec<f64>,
    /// The value there.
    pub value: f64,
    /// The largest gradient component there.
    pub gradient_norm: f64,
    /// Iterations used.
    pub iterations: usize,
    /// The inverse Hessian estimate there: a later minimisation of a like function (the same
    /// likelihood on more data) starts from it instead of from the identity.
    pub inverse_hessian: Vec<Vec<f64>>,
}

/// Minimises `f` (returning the value and the gradient) from `x0`.
///
/// # Errors
/// A sentence saying why it did not converge: a non-finite value at the start, or no
/// progress within `max_iter` iterations.
pub fn bfgs(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    x0: &[f64],
    tolerance: f64,
    max_iter: usize,
) -> Result<Minimum, String> {
    bfgs_from(f, x0, None, tolerance, max_iter)
}

/// Where a fit of a model to a history begins.
#[derive(Clone, Copy, Debug, Default)]
pub enum Begin<'a> {
    /// From the model's usual start.
    #[default]
    Fresh,
    /// From where the same fit ended before, on the same data as of another day: the fit to
    /// all of it starts at that point, with that curvature.
    Warm(&'a Minimum),
    /// From where a fit to part of the same history ended (the holdout check's, to its first
    /// two thirds): a point near this fit's end with about its curvature, though further from
    /// it than a warm start, so a rough fit on many summaries still comes first.
    Seed(&'a Minimum),
}

/// Identical summaries (x, t_x, T) with how many clients have them.
pub(crate) type Group = (u32, f64, f64, f64);

/// About how many groups a first, rough fit samples (see [`fit_groups`]).
pub(crate) const SAMPLE: usize = 4_000;

/// Maximises a likelihood of grouped summaries with `fit(groups, point, curvature,
/// tolerance)`, from `start` or from where `begin` says. A warm start fits all the groups at
/// once. Otherwise, on more than twice `sample` groups, a rough fit to every k-th of them
/// (each counted k times) comes first, and the fit to all of them only finishes it from there
/// with its curvature: the long walk from the start costs a fraction on the sample (57,000
/// simulated clients, Pareto/NBD: 23 evaluations of the full likelihood become 5 on it and 23
/// on a fourteenth of it). From the usual start, that rough fit has a rougher one of its own
/// first, on an eighth of its sample ([`LEAST_SAMPLE`]), where the walk from the start is
/// cheaper still. A rough fit that fails leaves the next fit to start as it would have.
///
/// # Errors
/// The full fit's.
pub(crate) fn fit_groups(
    groups: &[Group],
    start: &[f64],
    begin: Begin,
    sample: usize,
    fit: impl Fn(&[Group], &[f64], Option<Vec<Vec<f64>>>, f64) -> Result<Minimum, String>,
) -> Result<Minimum, String> {
    match begin {
        Begin::Warm(w) => fit(groups, &w.x, Some(w.inverse_hessian.clone()), 1e-9),
        // A seed is near this fit's end already: one rough fit on the sample.
        Begin::Seed(s) => fit_in_stages(
            groups,
            &s.x,
            Some(s.inverse_hessian.clone()),
            &[sample],
            1e-9,
            &fit,
        ),
        Begin::Fresh => fit_in_stages(groups, start, None, &[sample, sample / 8], 1e-9, &fit),
    }
}

/// The smallest sample a rough fit is made on: about 500 groups, each the summaries of a
/// hundred clients or more on a log of 57,000.
pub(crate) const LEAST_SAMPLE: usize = 500;

/// [`fit_groups`]'s stages: a rough fit to about `samples[0]` of the groups (itself in stages
/// on the smaller samples after it) where there are more than twice as many, then the fit to
/// all of them, to `tolerance`.
fn fit_in_stages(
    groups: &[Group],
    start: &[f64],
    curvature: Option<Vec<Vec<f64>>>,
    samples: &[usize],
    tolerance: f64,
    fit: &impl Fn(&[Group], &[f64], Option<Vec<Vec<f64>>>, f64) -> Result<Minimum, String>,
) -> Result<Minimum, String> {
    let rough = samples
        .split_first()
        .filter(|(&sample, _)| sample >= LEAST_SAMPLE && groups.len() / 2 > sample)
        .and_then(|(&sample, smaller)| {
            let k = groups.len() / sample;
            let sample: Vec<Group> = groups
                .iter()
                .step_by(k)
                .map(|&(x, t_x, t, w)| (x, t_x, t, w * k as f64))
                .collect();
            fit_in_stages(&sample, start, curvature.clone(), smaller, 1e-6, fit).ok()
        });
    match rough {
        Some(Minimum {
            x, inverse_hessian, ..
        }) => fit(groups, &x, Some(inverse_hessian), tolerance),
        None => fit(groups, start, curvature, tolerance),
    }
}

/// [`bfgs`] from an inverse Hessian estimate (the identity when `None`).
///
/// # Errors
/// As [`bfgs`].
pub fn bfgs_from(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    x0: &[f64],
    inverse_hessian: Option<Vec<Vec<f64>>>,
    tolerance: f64,
    max_iter: usize,
) -> Result<Minimum, String> {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut fx, mut g) = f(&x);
    if !fx.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Err("the likelihood is not finite at the starting point".into());
    }
    let identity = || {
        let mut h = vec![vec![0.0; n]; n];
        for (i, row) in h.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        h
    };
    let mut h = inverse_hessian
        .filter(|h| h.len() == n && h.iter().flatten().all(|v| v.is_finite()))
        .unwrap_or_else(identity);
    let norm = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let found = |x: Vec<f64>, value: f64, g: &[f64], iterations: usize, h: Vec<Vec<f64>>| Minimum {
        x,
        value,
        gradient_norm: norm(g),
        iterations,
        inverse_hessian: h,
    };
    // Two values the same but for rounding.
    let within_rounding = |a: f64, b: f64| (a - b).abs() <= 1e-13 * a.abs().max(1.0);
    // Iterations in a row that changed the value by no more than rounding: the likelihood is
    // flat there (a parameter running off to a boundary where the model no longer changes).
    let mut stalled = 0;
    for iteration in 0..max_iter {
        if norm(&g) < tolerance {
            return Ok(found(x, fx, &g, iteration, h));
        }
        let mut d: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            h = identity();
            d = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // Keep steps in log-parameters sane.
        let longest = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step = if longest > 5.0 { 5.0 / longest } else { 1.0 };
        let (x_new, f_new, g_new) = loop {
            let candidate: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + step * b).collect();
            let (fc, gc) = f(&candidate);
            if fc.is_finite() && fc <= fx + 1e-4 * step * slope {
                break (candidate, fc, gc);
            }
            // A step that changes the value by no more than rounding, from a point whose
            // gradient is already small: the gradient's own rounding (a sum over many
            // clients, a quadrature) is all that is left to chase, so halving further only
            // repeats the same value.
            if fc.is_finite() && within_rounding(fx, fc) && norm(&g) < tolerance.sqrt() {
                return Ok(found(x, fx, &g, iteration, h));
            }
            step *= 0.5;
            if step < 1e-20 {
                if norm(&g) < tolerance.sqrt() {
                    return Ok(found(x, fx, &g, iteration, h));
                }
                return Err(format!(
                    "the line search found no better point after {iteration} iterations"
                ));
            }
        };
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        let flat = within_rounding(fx, f_new);
        let converged = flat && norm(&g_new) < tolerance.sqrt();
        stalled = if flat { stalled + 1 } else { 0 };
        x = x_new;
        fx = f_new;
        g = g_new;
        // A parameter past e^30 has run off to where the model no longer changes with it.
        if converged || stalled >= 5 || x.iter().any(|v| v.abs() > 30.0) {
            return Ok(found(x, fx, &g, iteration + 1, h));
        }
    }
    Err(format!(
        "no convergence in {max_iter} iterations (largest gradient {:.2e})",
        norm(&g)
    ))
}

/// Asserts that `gradient` is the derivative of `f` at `x`, by central differences: the check
/// every likelihood's analytic gradient passes in its tests.
#[cfg(test)]
pub(crate) fn assert_gradient(
    f: impl Fn(&[f64; 4]) -> f64,
    x: [f64; 4],
    gradient: [f64; 4],
    tolerance: f64,
) {
    let h = 1e-6;
    for k in 0..4 {
        let at = |d: f64| {
            let mut y = x;
            y[k] += d;
            f(&y)
        };
        let numeric = (at(h) - at(-h)) / (2.0 * h);
        assert!(
            (gradient[k] - numeric).abs() < tolerance,
            "{k}: {} vs {numeric}",
            gradient[k]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_where_the_function_goes_flat_towards_a_boundary() {
        // e^-x has no minimum: it flattens as x grows. The search must stop there, soon.
        let f = |x: &[f64]| ((-x[0]).exp(), vec![-(-x[0]).exp()]);
        let m = bfgs(f, &[0.0], 1e-9, 500).unwrap();
        assert!(m.iterations < 100, "{m:?}");
        assert!(m.value < 1e-9);
    }

    fn rosenbrock(x: &[f64]) -> (f64, Vec<f64>) {
        let (a, b) = (x[0], x[1]);
        let v = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
        (
            v,
            vec![
                -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
                200.0 * (b - a * a),
            ],
        )
    }

    #[test]
    fn finds_the_minimum_of_the_rosenbrock_valley() {
        let m = bfgs(rosenbrock, &[-1.2, 1.0], 1e-10, 500).unwrap();
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{:?}",
            m
        );
    }
}
