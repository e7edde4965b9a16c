use boomerang_core::bgnbd::summaries;
use boomerang_core::counting::{fit_model, fit_model_from, ModelKind};
use boomerang_core::*;
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(f).unwrap();
    let loaded = import(&bytes, &ImportOptions::default())
        .unwrap()
        .result
        .unwrap();
    let Data::Transactions(log) = &loaded.data else {
        panic!()
    };
    let s = Settings::default();
    let a = analyze_rules(&loaded.data, &s).unwrap();
    let rfm = summaries(log, a.as_of, s.model_unit);
    let first = log.purchases.iter().map(|p| p.date).min().unwrap();
    let end = first + chrono::Duration::days((a.as_of - first).num_days() * 2 / 3);
    let cal = summaries(log, end, s.model_unit);
    for _ in 0..2 {
        let t = Instant::now();
        let h = fit_model(ModelKind::ParetoNbd, &cal, s.model_unit).unwrap();
        println!(
            "holdout pareto {:?} it {} {:?}",
            t.elapsed(),
            h.iterations,
            h.params
        );
        let t = Instant::now();
        let r = fit_model_from(ModelKind::ParetoNbd, &rfm, s.model_unit, Some(&h.params)).unwrap();
        println!(
            "full pareto {:?} it {} {:?} ll {}",
            t.elapsed(),
            r.iterations,
            r.params,
            r.log_likelihood
        );
    }
}
