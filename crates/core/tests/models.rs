//! BG/NBD and Gamma-Gamma on CDNOW, against the published figures.

use boomerang_core::bgnbd::{fit_bgnbd, fit_gamma_gamma, summaries, Rfm, TimeUnit};
use boomerang_core::counting::{
    clv, fit_model, holdout, model_report, ChosenBy, CountFit, CountParams, ModelKind, ModelReport,
    Warmth,
};
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
    let checks = holdout(
        &log,
        calibration_end(),
        NaiveDate::from_ymd_opt(1998, 6, 30).unwrap(),
        TimeUnit::Week,
        7,
        &ModelKind::ALL,
        &mut Warmth::default(),
    );
    assert_eq!(checks.len(), 3);
    for (kind, check) in &checks {
        let check = check.as_ref().unwrap();
        assert_eq!(check.fit.params.kind(), *kind);
        let lines = &check.lines;
        assert_eq!(lines.iter().map(|l| l.clients).sum::<usize>(), 2_357);
        // The model tracks the holdout purchases per calibration count (the classic plot).
        for l in lines.iter().filter(|l| l.clients >= 30) {
            assert!(
                (l.actual - l.predicted).abs() < 0.25 + 0.2 * l.actual,
                "{kind:?} {l:?}"
            );
        }
        // The error is the clients' weighted distance between the bars.
        let by_hand = lines
            .iter()
            .map(|l| l.clients as f64 * (l.actual - l.predicted).abs())
            .sum::<f64>()
            / 2_357.0;
        assert!((check.error - by_hand).abs() < 1e-12);
    }
    // The same model in days and in weeks gives the same predictions over the same time.
    for kind in ModelKind::ALL {
        let weeks = fit_model(
            kind,
            &summaries(&log, calibration_end(), TimeUnit::Week),
            TimeUnit::Week,
        )
        .unwrap();
        let days = fit_model(
            kind,
            &summaries(&log, calibration_end(), TimeUnit::Day),
            TimeUnit::Day,
        )
        .unwrap();
        let c = &summaries(&log, calibration_end(), TimeUnit::Week)[0];
        let cd = &summaries(&log, calibration_end(), TimeUnit::Day)[0];
        let w = weeks.params.expected_purchases(c.x, c.t_x, c.t, 39.0);
        let d = days
            .params
            .expected_purchases(cd.x, cd.t_x, cd.t, 39.0 * 7.0);
        assert!((w - d).abs() < 1e-4, "{kind:?}: {w} vs {d}");
        let a = weeks.params.p_alive(c.x, c.t_x, c.t);
        let b = days.params.p_alive(cd.x, cd.t_x, cd.t);
        assert!((a - b).abs() < 1e-4, "{kind:?}: {a} vs {b}");
        let v_weeks = clv(&weeks, 40.0, c, 12, 0.01);
        let v_days = clv(&days, 40.0, cd, 12, 0.01);
        assert!(
            (v_weeks - v_days).abs() < 1e-3,
            "{kind:?}: {v_weeks} vs {v_days}"
        );
        assert!(v_weeks > 0.0);
    }
}

/// `lifetimes` 0.11.3's fits and predictions (tests/reference/lifetimes_models.py wrote them).
struct Reference {
    params: Vec<(String, String, [f64; 4], f64)>,
    clients: Vec<(String, String, Rfm, [f64; 4])>,
}

fn reference() -> Reference {
    let params = include_str!("reference/lifetimes_params.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let n = |i: usize| c[i].parse::<f64>().unwrap();
            (
                c[0].to_owned(),
                c[1].to_owned(),
                [n(2), n(3), n(4), n(5)],
                n(6),
            )
        })
        .collect();
    let clients = include_str!("reference/lifetimes_clients.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let n = |i: usize| c[i].parse::<f64>().unwrap();
            let rfm = Rfm {
                id: c[1].to_owned(),
                x: n(2) as u32,
                t_x: n(3),
                t: n(4),
                monetary: 0.0,
            };
            (
                c[0].to_owned(),
                c[1].to_owned(),
                rfm,
                [n(5), n(6), n(7), n(8)],
            )
        })
        .collect();
    Reference { params, clients }
}

fn cdnow_master() -> boomerang_core::Transactions {
    let imported = import(
        include_bytes!("data/CDNOW_master.txt"),
        &ImportOptions::default(),
    )
    .unwrap();
    match imported.result.unwrap().data {
        Data::Transactions(t) => t,
        Data::Clients(_) => panic!("a log"),
    }
}

/// Fits Pareto/NBD and MBG/NBD to our own summary of the data and compares them with
/// lifetimes': parameters within 0.2 %, the log-likelihood, and every client's P(alive) and
/// expected purchases over 39 weeks within 0.001 (lifetimes' summary of the same clients).
fn matches_lifetimes(data: &str, rfm: &[Rfm]) {
    let r = reference();
    for (kind, model) in [
        (ModelKind::ParetoNbd, "pareto"),
        (ModelKind::MbgNbd, "mbgnbd"),
    ] {
        let fit = fit_model(kind, rfm, TimeUnit::Week).unwrap();
        let (_, _, want, ll) = r
            .params
            .iter()
            .find(|p| p.0 == data && p.1 == model)
            .unwrap();
        let got = fit.params.named().map(|(_, v)| v);
        for k in 0..4 {
            assert!(
                ((got[k] - want[k]) / want[k]).abs() < 0.002,
                "{data} {model}: {got:?} vs lifetimes {want:?}"
            );
        }
        if ll.is_finite() {
            assert!(
                (fit.log_likelihood - ll).abs() < 0.05,
                "{data} {model}: {}",
                fit.log_likelihood
            );
        }
        let column = if kind == ModelKind::ParetoNbd { 0 } else { 2 };
        let mut compared = 0;
        for (_, id, c, values) in r.clients.iter().filter(|c| c.0 == data) {
            let (alive, expected) = (values[column], values[column + 1]);
            let ours = fit.params.p_alive(c.x, c.t_x, c.t);
            let ours_expected = fit.params.expected_purchases(c.x, c.t_x, c.t, 39.0);
            if alive.is_nan() {
                // lifetimes' A₀ cancels to log(0 − 0) for a client who bought on the last day
                // with many purchases; ours stays finite: bought today, alive.
                assert!(ours > 0.99, "{data} {id}: {ours}");
                continue;
            }
            assert!(
                (ours - alive).abs() < 1e-3,
                "{data} {model} {id} {c:?}: {ours} vs {alive}"
            );
            assert!(
                (ours_expected - expected).abs() < 1e-3 * expected.max(1.0),
                "{data} {model} {id} {c:?}: {ours_expected} vs {expected}"
            );
            compared += 1;
        }
        assert!(compared >= rfm.len() - 1, "{compared}");
    }
}

#[test]
fn pareto_and_mbgnbd_on_the_cdnow_sample_match_lifetimes() {
    let rfm = summaries(&cdnow_sample(), calibration_end(), TimeUnit::Week);
    matches_lifetimes("sample", &rfm);
}

#[test]
fn pareto_and_mbgnbd_on_cdnow_master_match_lifetimes() {
    let rfm = summaries(
        &cdnow_master(),
        NaiveDate::from_ymd_opt(1998, 6, 30).unwrap(),
        TimeUnit::Week,
    );
    assert_eq!(rfm.len(), 23_570);
    matches_lifetimes("master", &rfm);
}

#[test]
fn pareto_nbd_on_the_cdnow_sample_is_the_published_model() {
    let rfm = summaries(&cdnow_sample(), calibration_end(), TimeUnit::Week);
    let fit = fit_model(ModelKind::ParetoNbd, &rfm, TimeUnit::Week).unwrap();
    let CountParams::ParetoNbd(p) = fit.params else {
        panic!("Pareto/NBD")
    };
    // Fader, Hardie and Lee (2005): r 0.55, α 10.58, s 0.61, β 11.67, LL −9,595.0.
    let round2 = |v: f64| (v * 100.0).round() / 100.0;
    assert_eq!(
        (round2(p.r), round2(p.alpha), round2(p.s), round2(p.beta)),
        (0.55, 10.58, 0.61, 11.67)
    );
    assert!((fit.log_likelihood + 9_595.0).abs() < 0.1);
    // A one-time buyer from the first week of January is alive with about 0.3, not 1.
    let january_once = p.p_alive(0, 0.0, 38.86);
    assert!((0.25..0.35).contains(&january_once), "{january_once}");
    // Every one of the 1,411 one-time buyers is below 1; BG/NBD holds them all at 1.
    let bg = fit_bgnbd(&rfm, TimeUnit::Week).unwrap().params;
    let once: Vec<&Rfm> = rfm.iter().filter(|c| c.x == 0).collect();
    assert_eq!(once.len(), 1_411);
    assert!(once.iter().all(|c| p.p_alive(c.x, c.t_x, c.t) < 1.0));
    assert!(once.iter().all(|c| bg.p_alive(c.x, c.t_x, c.t) == 1.0));
}

#[test]
fn the_model_is_the_one_that_predicted_the_holdout_best_unless_the_user_picks() {
    let log = cdnow_sample();
    let as_of = NaiveDate::from_ymd_opt(1998, 6, 30).unwrap();
    let rfm = summaries(&log, as_of, TimeUnit::Week);
    // `pick` is the user's choice.
    let report = |pick| fresh_report(&log, &rfm, as_of, pick);
    let auto = report(None);
    assert_eq!(auto.models.chosen_by, ChosenBy::HoldoutError);
    assert_eq!(auto.models.candidates.len(), 3);
    let errors: Vec<(ModelKind, f64)> = auto
        .models
        .candidates
        .iter()
        .map(|c| (c.kind, c.holdout.as_ref().unwrap().error))
        .collect();
    let best = errors.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert_eq!(auto.models.chosen, best, "{errors:?}");
    // Each client is predicted by the model in use.
    let fit = auto.models.fit();
    assert_eq!(fit.params.kind(), best);
    let c = &rfm[5];
    assert_eq!(auto.clients[5].p_alive, fit.params.p_alive(c.x, c.t_x, c.t));
    // The user's pick wins, whatever the check says.
    for kind in ModelKind::ALL {
        let picked = report(Some(kind));
        assert_eq!(
            (picked.models.chosen, picked.models.chosen_by),
            (kind, ChosenBy::User)
        );
        assert_eq!(picked.models.fit().params.kind(), kind);
    }
    // P(no purchase over the horizon) lies between "gone" and "alive and silent".
    for m in &auto.clients {
        assert!(
            m.p_no_purchase >= 1.0 - m.p_alive - 1e-9 && m.p_no_purchase <= 1.0,
            "{m:?}"
        );
    }
}

/// The models' report as of `as_of`, in weeks, twelve months ahead at 1% a month, every fit
/// afresh; `pick` is the user's choice of model.
fn fresh_report(
    log: &boomerang_core::Transactions,
    rfm: &[Rfm],
    as_of: NaiveDate,
    pick: Option<ModelKind>,
) -> ModelReport {
    model_report(
        log,
        rfm,
        as_of,
        TimeUnit::Week,
        12,
        0.01,
        pick,
        &mut Warmth::default(),
    )
    .unwrap()
}

#[test]
fn the_fit_to_the_whole_history_lands_where_a_fit_from_the_usual_start_does() {
    // Each model's fit to the whole history begins where the holdout check's fit to its first
    // two thirds ended, with its curvature: on CDNOW master (23,570 clients) it finds the
    // maximum a fit from the model's usual start finds.
    let log = cdnow_master();
    let as_of = NaiveDate::from_ymd_opt(1998, 6, 30).unwrap();
    let rfm = summaries(&log, as_of, TimeUnit::Week);
    let report = fresh_report(&log, &rfm, as_of, None);
    for c in &report.models.candidates {
        let (seeded, usual) = (
            c.fit.clone().unwrap(),
            fit_model(c.kind, &rfm, TimeUnit::Week).unwrap(),
        );
        for ((name, a), (_, b)) in seeded.params.named().iter().zip(usual.params.named()) {
            assert!(
                (a / b - 1.0).abs() < 1e-5,
                "{:?} {name}: {a} from the holdout's end, {b} from the usual start",
                c.kind
            );
        }
        assert!(
            (seeded.log_likelihood - usual.log_likelihood).abs()
                < 1e-9 * usual.log_likelihood.abs(),
            "{:?}: {} vs {}",
            c.kind,
            seeded.log_likelihood,
            usual.log_likelihood
        );
    }
}

#[test]
fn a_change_of_the_analysis_date_refits_from_where_the_last_fits_ended() {
    // CDNOW master (23,570 clients) as of two days a quarter apart: every fit as of the
    // second starts where the same fit as of the first ended, and lands on the model a fresh
    // fit finds, in fewer steps.
    let log = cdnow_master();
    let (before, after) = (
        NaiveDate::from_ymd_opt(1998, 3, 31).unwrap(),
        NaiveDate::from_ymd_opt(1998, 6, 30).unwrap(),
    );
    let report = |as_of, warmth: &mut Warmth| {
        let rfm = summaries(&log, as_of, TimeUnit::Week);
        model_report(&log, &rfm, as_of, TimeUnit::Week, 12, 0.01, None, warmth).unwrap()
    };
    let mut warmth = Warmth::default();
    report(before, &mut warmth);
    // Each model's two fits: to the holdout check's calibration period and to the whole.
    assert_eq!(warmth.len(), 6);
    let warm = report(after, &mut warmth);
    let fresh = report(after, &mut Warmth::default());
    assert_eq!(warm.models.chosen, fresh.models.chosen);
    let fits = |r: &ModelReport| -> Vec<CountFit> {
        r.models
            .candidates
            .iter()
            .flat_map(|c| {
                [
                    c.fit.clone().unwrap(),
                    c.holdout.as_ref().unwrap().fit.clone(),
                ]
            })
            .collect()
    };
    assert_eq!(fits(&warm).len(), 6);
    assert_eq!(fits(&fresh).len(), 6);
    for (w, f) in fits(&warm).iter().zip(fits(&fresh)) {
        let kind = f.params.kind();
        for ((name, a), (_, b)) in w.params.named().iter().zip(f.params.named()) {
            assert!(
                (a / b - 1.0).abs() < 1e-5,
                "{kind:?} {name}: {a} warm, {b} fresh"
            );
        }
        assert!(
            (w.log_likelihood - f.log_likelihood).abs() < 1e-6 * f.log_likelihood.abs(),
            "{kind:?}: {} warm, {} fresh",
            w.log_likelihood,
            f.log_likelihood
        );
        // How many steps each takes is the benchmark's to say (`as_of_change_s`): a fresh fit
        // to many clients does a rough fit to a sample first, whose steps its count leaves out.
    }
    // The clients' figures follow.
    assert_eq!(warm.clients.len(), fresh.clients.len());
    for (w, f) in warm.clients.iter().zip(&fresh.clients) {
        assert!(
            (w.p_alive - f.p_alive).abs() < 1e-6,
            "{} vs {}",
            w.p_alive,
            f.p_alive
        );
    }
}
