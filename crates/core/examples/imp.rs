use boomerang_core::*;
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(f).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let imp = import(&bytes, &ImportOptions::default()).unwrap();
        let l = imp.result.unwrap();
        println!("import {:?} {}", t.elapsed(), l.rows);
    }
}
