//! The user's files: a text file goes to the compute worker as its handle (the worker reads
//! it as a stream), and so does a large workbook (the worker reads its one sheet by hand); a
//! small one goes to the workbook worker, whose sheets the page can keep in the browser. The
//! page never holds a file's bytes.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use boomerang_core::is_workbook;

use crate::services::xlsx::XlsxHandle;
use crate::state::{Action, AppContext};

async fn bytes_of(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    JsFuture::from(blob.array_buffer())
        .await
        .map(|buffer| Uint8Array::new(&buffer).to_vec())
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Over this size a workbook goes to the compute worker, which reads the sheet it imports by
/// hand (a workbook the hand reader does not know it hands back, and the page gives it to the
/// workbook worker): one step, no sheets held beside the data. A smaller one goes to the
/// workbook worker, whose sheets the page keeps, and so can keep a small sheet in the browser
/// ("Remember my data"); a larger file could not be kept anyway. At 1M rows (a 20.9 MB
/// workbook) in Chromium, three runs each in turns: the rule's figures 2.99–3.14 s →
/// 2.54–2.92 s, the browser's peak memory 10.1–10.5× → 5.9–6.9× the file, and 5.3–6.7×
/// once the workbook's bytes and the sheet's unused room are let go (`bench/browser.mjs`).
pub const KEPT_UP_TO: usize = crate::services::storage::MAX_TEXT;

/// A callback that loads a browser `File`: its first bytes tell a workbook from text.
#[hook]
pub fn use_file_loader(ctx: AppContext, xlsx: XlsxHandle) -> Callback<web_sys::File> {
    let workbook = xlsx.read;
    let ctx = ctx.dispatcher();
    Callback::from(move |file: web_sys::File| {
        let name = file.name();
        let ctx = ctx.clone();
        let workbook = workbook.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let head = match file.slice_with_i32_and_i32(0, 8) {
                Ok(head) => bytes_of(&head).await,
                Err(e) => Err(format!("{e:?}")),
            };
            match head {
                Ok(head) if is_workbook(&head) && file.size() <= KEPT_UP_TO as f64 => {
                    workbook.emit((name, file.into()))
                }
                Ok(_) => ctx.dispatch(Action::File {
                    name,
                    file: file.into(),
                }),
                Err(e) => ctx.dispatch(Action::FileFailed(format!("{name}: {e}"))),
            }
        });
    })
}
