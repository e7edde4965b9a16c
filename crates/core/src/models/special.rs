//! Special functions for the models: log-gamma, digamma, the Gauss hypergeometric series.

use std::f64::consts::PI;

const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// ψ(x) = d/dx ln Γ(x), for x > 0.
pub fn digamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    result + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0
            - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (5.0 / 660.0)))))
}

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, by its series.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 0..100_000 {
        let k = k as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-16 * sum.abs() {
            break;
        }
    }
    sum
}

/// [`hyp2f1`] at each of `zs` (0 ≤ z < 1), into `out`: the series' coefficients, which do not
/// depend on z, are worked out once for all of them, and each z's sum stops where
/// [`hyp2f1`]'s would (each z is summed on its own where the largest's sum overflows). The months of a horizon (CLV's discounting) take the same a, b and c at
/// a dozen z: one division a term instead of a dozen.
///
/// # Panics
/// When `out` is shorter than `zs`.
pub fn hyp2f1_each(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) {
    let out = &mut out[..zs.len()];
    out.fill(1.0);
    // The coefficients times the largest z's powers, as that z's own terms, which its sum
    // bounds (the coefficients alone grow past f64 for a large x); and each z's power of
    // z / that z, with whether its sum has stopped.
    let top = zs.iter().copied().fold(0.0, f64::max);
    if top == 0.0 {
        return;
    }
    let mut powers: Vec<(f64, bool)> = zs.iter().map(|&z| (z / top, false)).collect();
    let mut left = zs.len();
    let mut coefficient = 1.0;
    for k in 0..100_000 {
        if left == 0 {
            break;
        }
        let k = k as f64;
        coefficient *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * top;
        if !coefficient.is_finite() {
            // The largest z's sum runs past f64 (a large x and a long horizon): each z on
            // its own, so that the others' stay finite.
            for (sum, &z) in out.iter_mut().zip(zs) {
                *sum = hyp2f1(a, b, c, z);
            }
            return;
        }
        for ((power, done), (sum, &z)) in powers.iter_mut().zip(out.iter_mut().zip(zs)) {
            if *done {
                continue;
            }
            let term = coefficient * *power;
            *sum += term;
            *power *= z / top;
            if term.abs() <= 1e-16 * sum.abs() {
                *done = true;
                left -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_known_values() {
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
        assert!((ln_gamma(0.2426) - 1.319_785_475_090_791_8).abs() < 1e-12);
        assert!((ln_gamma(100.5) - 361.435_540_467_777_6).abs() < 1e-10);
    }

    #[test]
    fn digamma_matches_known_values() {
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-13);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-13);
        // Against the derivative of ln Γ.
        for x in [0.1, 0.7929, 2.4259, 17.3] {
            let h = 1e-6;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!((digamma(x) - numeric).abs() < 1e-7, "{x}");
        }
    }

    #[test]
    fn hyp2f1_at_many_points_is_hyp2f1_at_each() {
        // BG/NBD's and MBG/NBD's (a, b, c) over x, and a horizon's months as z.
        for (r, alpha, a, b) in [(0.243, 4.414, 0.793, 2.426), (1.326, 8.18, 0.579, 21.7)] {
            for x in [0.0, 1.0, 2.0, 7.0, 40.0, 300.0] {
                for t in [0.0, 1.0, 30.0, 150.0, 1_000.0] {
                    let zs: Vec<f64> = (0..=13)
                        .map(|i| {
                            let h = i as f64 * 4.35;
                            h / (alpha + t + h)
                        })
                        .collect();
                    for (a, b, c) in [
                        (r + x, b + x, a + b + x - 1.0),
                        (r + x, b + x + 1.0, a + b + x),
                    ] {
                        let mut each = vec![0.0; zs.len()];
                        hyp2f1_each(a, b, c, &zs, &mut each);
                        for (&z, got) in zs.iter().zip(each) {
                            let want = hyp2f1(a, b, c, z);
                            // Past f64 (a large x at T = 0) both say so.
                            assert!(
                                got == want || (got - want).abs() <= 1e-13 * want.abs(),
                                "{a} {b} {c} {z}: {got} vs {want}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
        let z: f64 = 0.6;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) - (-(1.0 - z).ln() / z)).abs() < 1e-13);
        // ₂F₁(a, b; b; z) = (1 − z)^−a.
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3) - 0.7f64.powf(-2.5)).abs() < 1e-12);
    }
}
