//! Reading the user's files as bytes: the bytes go into wasm once, as bytes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_bytes, FileReader};
use gloo::file::File;
use yew::prelude::*;

use crate::services::xlsx::{is_workbook, XlsxHandle};
use crate::state::{Action, AppContext};

/// A callback that reads a browser `File` and loads it: text files directly, workbooks
/// through the worker.
#[hook]
pub fn use_file_loader(ctx: AppContext, xlsx: XlsxHandle) -> Callback<web_sys::File> {
    let readers: Rc<RefCell<Vec<FileReader>>> = use_mut_ref(Vec::new);
    let workbook = xlsx.read;
    let ctx = ctx.dispatcher();
    Callback::from(move |file: web_sys::File| {
        let file = File::from(file);
        let name = file.name();
        let ctx = ctx.clone();
        let workbook = workbook.clone();
        let reader = read_as_bytes(&file, move |result| match result {
            Ok(bytes) if is_workbook(&bytes) => workbook.emit((name, bytes)),
            Ok(bytes) => ctx.dispatch(Action::File { name, bytes }),
            Err(e) => ctx.dispatch(Action::FileFailed(format!("{name}: {e}"))),
        });
        let mut readers = readers.borrow_mut();
        readers.clear();
        readers.push(reader);
    })
}
