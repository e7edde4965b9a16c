//! The core's data path as the compute worker runs it (the import, the rule's figures, the
//! models), exported to a plain WebAssembly host: `bench/wasm.mjs` gives it a file's bytes and
//! reads back what each step took. No wasm-bindgen: the host provides `now` (milliseconds) and
//! `say` (a line of text).

use boomerang_core::{
    analyze_rules_keeping, attach_models_to_facts, fit_models, import, Data, ImportOptions,
    LineFacts, Settings,
};

extern "C" {
    fn now() -> f64;
    fn say(text: *const u8, len: usize);
}

fn time() -> f64 {
    // SAFETY: the host's clock, a function of no arguments.
    unsafe { now() }
}

/// Runs the demo through a session as the worker does when the page opens its Data tab
/// (`session::warm_up_on_demo`), so that V8 optimises that code before the file comes.
#[no_mangle]
pub extern "C" fn warm_up_on_demo() -> usize {
    boomerang_core::session::warm_up_on_demo()
}

/// Room for a file of `len` bytes, for the host to write into and hand to [`run`].
#[no_mangle]
pub extern "C" fn room(len: usize) -> *mut u8 {
    let mut bytes = std::mem::ManuallyDrop::new(vec![0u8; len]);
    bytes.as_mut_ptr()
}

/// Imports the `len` bytes at `at` (from [`room`]; they are let go here) and analyses them as
/// the worker does, then says, as JSON, the milliseconds of each step.
///
/// # Safety
/// `at` and `len` are what [`room`] gave, once.
#[no_mangle]
pub unsafe extern "C" fn run(at: *mut u8, len: usize) {
    // SAFETY: `at` and `len` are what `room` gave.
    let bytes = unsafe { Vec::from_raw_parts(at, len, len) };
    let start = time();
    let imported = import(&bytes, &ImportOptions::default());
    drop(bytes);
    let imported_at = time();
    let line = match imported.map(|i| i.result) {
        Ok(Ok(mut loaded)) => {
            if let Data::Transactions(log) = &mut loaded.data {
                log.let_purchases_go();
            }
            let settings = Settings::default();
            match analyze_rules_keeping(&loaded.data, &settings, &mut None) {
                Ok(mut analysis) => {
                    let ruled_at = time();
                    // The lines go to the page; the models' figures are written for them after.
                    let facts = LineFacts::of(&analysis.clients);
                    let clients = std::mem::take(&mut analysis.clients).len();
                    let fitted = fit_models(&loaded.data, analysis.as_of, &settings);
                    let lines = attach_models_to_facts(&mut analysis, &facts, &fitted);
                    format!(
                        r#"{{"import_ms":{:.1},"rules_ms":{:.1},"models_ms":{:.1},"clients":{clients},"lines_with_models":{}}}"#,
                        imported_at - start,
                        ruled_at - imported_at,
                        time() - ruled_at,
                        lines.len()
                    )
                }
                Err(e) => error(&e.to_string()),
            }
        }
        Ok(Err(e)) | Err(e) => error(&e.to_string()),
    };
    // SAFETY: a text the host reads before this returns.
    unsafe { say(line.as_ptr(), line.len()) }
}

/// `{"error": why}`, the text escaped as JSON wants it.
fn error(why: &str) -> String {
    let mut out = String::from(r#"{"error":""#);
    for c in why.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}
