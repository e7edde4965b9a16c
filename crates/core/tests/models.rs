//! BG/NBD and Gamma-Gamma on CDNOW, against the published figures.

use boomerang_core::bgnbd::{clv, fit_bgnbd, fit_gamma_gamma, holdout, summaries, TimeUnit};
use boomerang_core::{import, Data, ImportOptions};
use chrono::NaiveDate;

fn cdnow_sample() -> boomerang_core::Transactions {
    let imported = import(
        include_bytes!("data/CDNOW_sample.txt"),
        &ImportOptions::default(),
    )
    .unwrap();
    match imported.result.unwrap().data {
        Data::Transactions(t) => t,
        Data::Clients(_) => panic!("a log"),
    }
}

fn calibration_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
}

#[test]
fn the_summary_from_raw_transactions_is_the_published_one() {
    let rfm = summaries(&cdnow_sample(), calibration_end(), TimeUnit::Week);
    let published: Vec<Vec<f64>> = include_str!("data/cdnow_customers_summary.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|s| s.parse().unwrap()).collect())
        .collect();
    // The summary numbers clients by the sample's second column (1, 2, ...).
    let sample_id: std::collections::HashMap<&str, usize> =
        std::str::from_utf8(include_bytes!("data/CDNOW_sample.txt"))
            .unwrap()
            .lines()
            .map(|l| {
                let mut cells = l.split_whitespace();
                (
                    cells.next().unwrap(),
                    cells.next().unwrap().parse().unwrap(),
                )
            })
            .collect();
    assert_eq!(rfm.len(), 2_357);
    assert_eq!(published.len(), 2_357);
    for c in &rfm {
        let row = &published[sample_id[c.id.as_str()] - 1];
        assert_eq!(c.x as f64, row[1], "{row:?}");
        assert!((c.t_x - row[2]).abs() < 0.006, "{row:?}: {}", c.t_x);
        assert!((c.t - row[3]).abs() < 0.006, "{row:?}: {}", c.t);
    }
}

#[test]
fn bgnbd_on_cdnow_matches_lifetimes() {
    let rfm = summaries(&cdnow_sample(), calibration_end(), TimeUnit::Week);
    let fit = fit_bgnbd(&rfm, TimeUnit::Week).unwrap();
    let p = fit.params;
    for (got, want) in [
        (p.r, 0.2426),
        (p.alpha, 4.4136),
        (p.a, 0.7929),
        (p.b, 2.4259),
    ] {
        assert!((got - want).abs() < 1e-3, "{p:?}");
    }
    assert!((p.expected_purchases(2, 30.43, 38.86, 39.0) - 1.226).abs() < 1e-3);
    assert!(
        (fit.log_likelihood - (-9582.43)).abs() < 0.1,
        "{}",
        fit.log_likelihood
    );
}

#[test]
fn gamma_gamma_on_cdnow_matches_the_paper() {
    let rfm = summaries(&cdnow_sample(), calibration_end(), TimeUnit::Week);
    let gg = fit_gamma_gamma(&rfm).unwrap();
    assert_eq!(gg.clients, 946);
    let round2 = |v: f64| (v * 100.0).round() / 100.0;
    assert_eq!(
        (
            round2(gg.params.p),
            round2(gg.params.q),
            round2(gg.params.gamma)
        ),
        (6.25, 3.74, 15.44)
    );
}

#[test]
fn holdout_check_and_clv_in_explicit_units() {
    let log = cdnow_sample();
    let (fit, lines) = holdout(
        &log,
        calibration_end(),
        NaiveDate::from_ymd_opt(1998, 6, 30).unwrap(),
        TimeUnit::Week,
        7,
    )
    .unwrap();
    assert_eq!(lines.iter().map(|l| l.clients).sum::<usize>(), 2_357);
    // The model tracks the holdout purchases per calibration count (the classic plot).
    for l in lines.iter().filter(|l| l.clients >= 30) {
        assert!(
            (l.actual - l.predicted).abs() < 0.25 + 0.2 * l.actual,
            "{l:?}"
        );
    }
    // The same model in days and in weeks gives the same predictions over the same time.
    let days = fit_bgnbd(
        &summaries(&log, calibration_end(), TimeUnit::Day),
        TimeUnit::Day,
    )
    .unwrap();
    let c = &summaries(&log, calibration_end(), TimeUnit::Week)[0];
    let cd = &summaries(&log, calibration_end(), TimeUnit::Day)[0];
    let w = fit.params.expected_purchases(c.x, c.t_x, c.t, 39.0);
    let d = days
        .params
        .expected_purchases(cd.x, cd.t_x, cd.t, 39.0 * 7.0);
    assert!((w - d).abs() < 1e-4, "{w} vs {d}");
    let v_weeks = clv(&fit, 40.0, c, 12, 0.01);
    let v_days = clv(&days, 40.0, cd, 12, 0.01);
    assert!((v_weeks - v_days).abs() < 1e-3, "{v_weeks} vs {v_days}");
    assert!(v_weeks > 0.0);
}
