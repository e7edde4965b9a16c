//! The workbook worker (XLSX reading and writing), fetched only when first needed, so the
//! first load carries neither calamine nor rust_xlsxwriter. The page starts it for a job and
//! ends it once it has answered every job it was given (`src/services/xlsx.rs`).
//!
//! Its messages, each an array `[kind, payload]`:
//! - `["read", File]` → `["read", bytes, places]`: the sheets as `session::encode` writes a
//!   `Workbook`, which the page hands on to the compute worker without reading them, and
//!   where each lies in them (`Vec<SheetPlace>` so encoded), for the page to read one;
//! - `["write", bytes]`, a `Table` so encoded → `["written", bytes]`, the XLSX file;
//! - either → `["failed", why]`.
//!
//! It posts `"ready"` once it listens; bytes are handed over, not copied.

use boomerang_app::services::xlsx::js_message;
use boomerang_core::export::{to_xlsx, Table};
use boomerang_core::session::{decode_message, encode};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// A file's bytes: the worker reads the file itself, so the page never holds them.
fn read_file(file: &Blob) -> Result<Vec<u8>, String> {
    FileReaderSync::new()
        .and_then(|reader| reader.read_as_array_buffer(file))
        .map(|buffer| Uint8Array::new(&buffer).to_vec())
        .map_err(|e| js_message(&e))
}

/// The sheets of the workbook in `file`, encoded, and where each lies in them, encoded.
fn read(file: &JsValue) -> Result<Vec<Vec<u8>>, String> {
    let file = file.dyn_ref::<Blob>().ok_or("no file was given")?;
    let bytes = read_file(file)?;
    let book = boomerang_core::read_workbook(&bytes).map_err(|e| e.to_string());
    drop(bytes);
    let (sheets, places) = book?.encode_placed();
    Ok(vec![sheets, encode(&places)])
}

/// The XLSX file of the table encoded in `table`.
fn write(table: &JsValue) -> Result<Vec<Vec<u8>>, String> {
    let table: Table = decode_message(&Uint8Array::new(table).to_vec())?;
    to_xlsx(&table).map(|file| vec![file])
}

/// Posts `[kind, bytes…]`, the bytes handed over, or `["failed", why]`.
fn answer(kind: &str, result: Result<Vec<Vec<u8>>, String>) {
    let scope = scope();
    let posted = match result {
        Ok(parts) => {
            let (message, transfer) = (Array::of1(&kind.into()), Array::new());
            for part in parts {
                let bytes = Uint8Array::from(part.as_slice());
                transfer.push(&bytes.buffer());
                message.push(&bytes);
            }
            scope.post_message_with_transfer(&message, &transfer)
        }
        Err(why) => scope.post_message(&Array::of2(&"failed".into(), &why.into())),
    };
    // Every job gets an answer: the page matches them to its jobs in order.
    if let Err(e) = posted {
        let _ = scope.post_message(&Array::of2(&"failed".into(), &js_message(&e).into()));
    }
}

fn handle(event: MessageEvent) {
    let message: Array = event.data().unchecked_into();
    let payload = message.get(1);
    match message.get(0).as_string().as_deref() {
        Some("read") => answer("read", read(&payload)),
        Some("write") => answer("written", write(&payload)),
        _ => answer("failed", Err("an unknown job".into())),
    }
}

fn main() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
    let scope = scope();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
