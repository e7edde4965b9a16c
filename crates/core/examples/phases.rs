use boomerang_core::bgnbd::{fit_gamma_gamma, summaries};
use boomerang_core::counting::{fit_model, holdout, ModelKind};
use boomerang_core::*;
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(f).unwrap();
    let imp = import(&bytes, &ImportOptions::default()).unwrap();
    let loaded = imp.result.unwrap();
    let Data::Transactions(log) = &loaded.data else {
        panic!()
    };
    let s = Settings::default();
    let a = analyze_rules(&loaded.data, &s).unwrap();
    let t = Instant::now();
    let rfm = summaries(log, a.as_of, s.model_unit);
    println!("summaries {:?}", t.elapsed());
    for k in ModelKind::ALL {
        let t = Instant::now();
        let r = fit_model(k, &rfm, s.model_unit);
        println!("{k:?} {:?} {:?}", t.elapsed(), r.map(|f| f.iterations));
    }
    let t = Instant::now();
    let _ = fit_gamma_gamma(&rfm);
    println!("gg {:?}", t.elapsed());
    let first = log.purchases.iter().map(|p| p.date).min().unwrap();
    let end = first + chrono::Duration::days((a.as_of - first).num_days() * 2 / 3);
    let t = Instant::now();
    let _ = holdout(log, end, a.as_of, s.model_unit, 7, &ModelKind::ALL);
    println!("holdout {:?}", t.elapsed());
    let t = Instant::now();
    let f = fit_models(&loaded.data, a.as_of, &s);
    println!("fit_models {:?}", t.elapsed());
    let _ = f;
}
