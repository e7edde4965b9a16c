//! Any bytes through the whole import and analysis: nothing may panic, and the invariants of
//! an analysis hold whenever one comes out.
#![no_main]

use boomerang_core::{analyze, import, ImportOptions, Settings, Status};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(imported) = import(bytes, &ImportOptions::default()) else { return };
    let Ok(loaded) = imported.result else { return };
    let Ok(a) = analyze(&loaded.data, &Settings { model: bytes.len() < 1024, ..Settings::default() }) else { return };
    assert_eq!(a.status.active + a.status.sleeping + a.status.lost, a.clients.len());
    let candidates = a.clients.iter().filter(|l| l.client.status != Status::Active).count();
    if let Some(plan) = a.winback.value() {
        assert_eq!(plan.order.len(), candidates);
    }
});
