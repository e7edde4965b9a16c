//! The workbook reader: a worker with calamine, fetched the first time a workbook is dropped.

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::Workbook;
use gloo_worker::{HandlerId, Spawnable, Worker, WorkerBridge, WorkerScope};
use yew::prelude::*;

use crate::state::{Action, AppContext};

/// Reads XLSX/XLS bytes into sheets, off the main thread.
pub struct XlsxReader;

impl Worker for XlsxReader {
    type Message = ();
    type Input = Vec<u8>;
    type Output = Result<Workbook, String>;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        XlsxReader
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, bytes: Vec<u8>, id: HandlerId) {
        scope.respond(
            id,
            boomerang_core::read_workbook(&bytes).map_err(|e| e.to_string()),
        );
    }
}

/// Does the file start like a workbook (ZIP for XLSX, OLE for XLS)?
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// The worker script's address beside the page (a relative one would resolve against the
/// blob the worker is started from).
fn worker_url() -> String {
    let base = gloo::utils::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    web_sys::Url::new_with_base("xlsx-worker.js", &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| "/xlsx-worker.js".into())
}

/// A callback that reads a workbook in the worker and dispatches the result. The worker is
/// spawned on first use and kept for the next file.
#[hook]
pub fn use_workbook_reader(ctx: AppContext) -> Callback<(String, Vec<u8>)> {
    let bridge: Rc<RefCell<Option<WorkerBridge<XlsxReader>>>> = use_mut_ref(|| None);
    let pending: Rc<RefCell<String>> = use_mut_ref(String::new);
    Callback::from(move |(name, bytes): (String, Vec<u8>)| {
        ctx.dispatch(Action::ReadingWorkbook(name.clone()));
        *pending.borrow_mut() = name;
        let mut slot = bridge.borrow_mut();
        let worker = slot.get_or_insert_with(|| {
            let ctx = ctx.clone();
            let pending = pending.clone();
            XlsxReader::spawner()
                .callback(move |out: Result<Workbook, String>| {
                    let name = pending.borrow().clone();
                    ctx.dispatch(match out {
                        Ok(book) => Action::Workbook { name, book },
                        Err(why) => Action::FileFailed(why),
                    });
                })
                .as_module(false)
                .spawn(&worker_url())
        });
        worker.send(bytes);
    })
}
