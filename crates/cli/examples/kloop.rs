use boomerang_core::*;
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let (text, enc) = decode_vec(bytes);
    let opts = ImportOptions::default();
    let imported = import_text_with(&text, Some(enc), &opts, &mut |_| {}, &mut |_, _| {}).unwrap();
    let mut loaded = imported.result.unwrap();
    if let Data::Transactions(log) = &mut loaded.data {
        log.let_purchases_go();
    }
    let settings = Settings::default();
    let mut kept = None;
    let _a = analyze_rules_keeping(&loaded.data, &settings, &mut kept).unwrap();
    let (mut an, mut en, mut de) = (0.0, 0.0, 0.0);
    let mut size = 0;
    for i in 0..30 {
        let s = Settings {
            k: 2.0 + (i % 3) as f64 * 0.25,
            ..settings.clone()
        };
        let t = std::time::Instant::now();
        let a = analyze_rules_keeping(&loaded.data, &s, &mut kept).unwrap();
        an += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let bytes: Vec<Vec<u8>> = a
            .clients
            .chunks(4096)
            .map(|c| session::encode(&c.to_vec()))
            .collect();
        en += t.elapsed().as_secs_f64();
        size = bytes.iter().map(|b| b.len()).sum::<usize>();
        let t = std::time::Instant::now();
        let back: Vec<Vec<ClientLine>> = bytes
            .iter()
            .map(|b| session::decode_message(b).unwrap())
            .collect();
        de += t.elapsed().as_secs_f64();
        std::hint::black_box((&a, &back));
    }
    eprintln!(
        "analysis {:.1} ms, encode {:.1} ms, decode {:.1} ms, {} bytes",
        an * 1000.0 / 30.0,
        en * 1000.0 / 30.0,
        de * 1000.0 / 30.0,
        size
    );
}
