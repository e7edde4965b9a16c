use boomerang_core::*;
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(f).unwrap();
    let loaded = import(&bytes, &ImportOptions::default())
        .unwrap()
        .result
        .unwrap();
    let s = Settings::default();
    for _ in 0..10 {
        let t = Instant::now();
        let a = analyze_rules(&loaded.data, &s).unwrap();
        println!("rules {:?} {}", t.elapsed(), a.clients.len());
    }
}
