//! The workbook worker (`src/bin/xlsx_worker.rs`): calamine to read XLSX/XLS and
//! rust_xlsxwriter to write exports, in a module of its own, fetched the first time a workbook
//! is dropped or an XLSX is exported.
//!
//! The page gives it the workbook's file, which it reads itself, and keeps the sheets it
//! answers with as they came ([`Sheets`]): at 1M rows neither the file (21 MB) nor its sheets
//! enter the page's wasm memory (the sheets wait in its JS heap until handed on).

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::export::Table;
use boomerang_core::session::{decode_message, encode};
use boomerang_core::{Sheet, SheetPlace, Workbook};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::services::port::Port;
use crate::state::{Action, State};

/// A workbook's sheets as the workbook worker wrote them (`session::encode` of a `Workbook`),
/// handed on to the compute worker as they are, and where each lies in them. In the browser
/// they stay outside the page's wasm memory; natively (the app's tests, the prerender) they
/// are bytes.
#[derive(Clone, Debug)]
pub struct Sheets {
    #[cfg(target_arch = "wasm32")]
    bytes: Uint8Array,
    #[cfg(not(target_arch = "wasm32"))]
    bytes: Rc<Vec<u8>>,
    places: Rc<[SheetPlace]>,
}

impl Sheets {
    /// The sheets the workbook worker answers with: their bytes, and where each lies in them.
    pub fn new(bytes: Uint8Array, places: Vec<SheetPlace>) -> Sheets {
        Sheets {
            #[cfg(target_arch = "wasm32")]
            bytes,
            #[cfg(not(target_arch = "wasm32"))]
            bytes: Rc::new(bytes.to_vec()),
            places: places.into(),
        }
    }

    /// A workbook's sheets, as the workbook worker writes them.
    pub fn of(book: &Workbook) -> Sheets {
        let (bytes, places) = book.encode_placed();
        #[cfg(target_arch = "wasm32")]
        let bytes = Uint8Array::from(bytes.as_slice());
        #[cfg(not(target_arch = "wasm32"))]
        let bytes = Rc::new(bytes);
        Sheets {
            bytes,
            places: places.into(),
        }
    }

    /// How many bytes they take.
    pub fn len(&self) -> usize {
        #[cfg(target_arch = "wasm32")]
        return self.bytes.length() as usize;
        #[cfg(not(target_arch = "wasm32"))]
        self.bytes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sheet a mapping with `sheet` reads, read alone into the page's memory when it
    /// takes at most `max_text` bytes written out as text ([`Sheet::to_tsv`]); none when it
    /// takes more, or when there is no such sheet.
    pub fn sheet(&self, sheet: Option<&str>, max_text: usize) -> Option<Sheet> {
        let place = SheetPlace::chosen(&self.places, sheet)?;
        if place.tsv_len > max_text as u64 {
            return None;
        }
        let (start, end) = (
            u32::try_from(place.start).ok()?,
            u32::try_from(place.end).ok()?,
        );
        if start > end || end as usize > self.len() {
            return None;
        }
        #[cfg(target_arch = "wasm32")]
        let bytes = self.bytes.subarray(start, end).to_vec();
        #[cfg(not(target_arch = "wasm32"))]
        let bytes = self.bytes[start as usize..end as usize].to_vec();
        decode_message(&bytes).ok()
    }

    /// The same sheets, not equal ones (a workbook dropped twice is two).
    pub fn same(&self, other: &Sheets) -> bool {
        #[cfg(target_arch = "wasm32")]
        return JsValue::from(&self.bytes) == JsValue::from(&other.bytes);
        #[cfg(not(target_arch = "wasm32"))]
        Rc::ptr_eq(&self.bytes, &other.bytes)
    }

    /// A copy of them to hand over to a worker, and what to transfer with it.
    pub fn handed_over(&self) -> (JsValue, Array) {
        #[cfg(target_arch = "wasm32")]
        let copy = self.bytes.slice(0, self.bytes.length());
        #[cfg(not(target_arch = "wasm32"))]
        let copy = Uint8Array::from(self.bytes.as_slice());
        let buffer = copy.buffer();
        (buffer.clone().into(), Array::of1(&buffer))
    }
}

/// What to do with the worker's next answer.
enum Pending {
    /// Load the workbook of this file name.
    Read(String),
    /// Save the XLSX under this name.
    Write(String),
}

/// The worker while it runs: started for a job, ended once it has answered every job.
#[derive(Default)]
struct Bridge {
    port: Port,
    /// The jobs given, in order, to be answered in that order.
    pending: Vec<Pending>,
    #[allow(clippy::type_complexity)]
    handlers: Option<(
        Closure<dyn FnMut(web_sys::MessageEvent)>,
        Closure<dyn FnMut(web_sys::ErrorEvent)>,
    )>,
}

impl Bridge {
    /// The worker said it is ready: the jobs given before are posted. A job that cannot be
    /// posted is never answered: it is not waited for, and why is returned, one a job, to be
    /// said.
    fn post_queued(&mut self) -> Vec<String> {
        let posted = self.port.ready(|_| true);
        // The queued jobs are the last ones waited for, in the same order.
        let first_queued = self.pending.len().saturating_sub(posted.len());
        let queued = self.pending.split_off(first_queued);
        let mut failed = Vec::new();
        for (outcome, what) in posted.into_iter().zip(queued) {
            match outcome {
                Some(Err(why)) => failed.push(why),
                _ => self.pending.push(what),
            }
        }
        if self.pending.is_empty() {
            self.end();
        }
        failed
    }

    /// Ends the worker: its memory (reading a workbook takes several times the file) goes
    /// with it. Its handlers stay until the next one starts (this may run inside them).
    fn end(&mut self) {
        self.port.end();
    }
}

/// The worker, started when a job comes and ended once it has answered every job it was
/// given: `read` loads a workbook's file into the state, `write` saves an XLSX export as a
/// download.
#[derive(Clone, PartialEq)]
pub struct XlsxHandle {
    /// Reads (file name, file).
    pub read: Callback<(String, web_sys::Blob)>,
    /// Writes (file name, table).
    pub write: Callback<(String, Table)>,
}

/// The workbook worker as a hook: started on first use, and again after it ended.
///
/// A worker's memory never shrinks, and reading a workbook takes several times its size: kept
/// for the app's life, the worker held it beside the data's analysis in the compute worker.
/// Each time it has answered all it was asked, it ends; a workbook or an export later starts
/// it again, its module compiled from the browser's cache.
#[hook]
pub fn use_xlsx(dispatch: UseReducerDispatcher<State>) -> XlsxHandle {
    (*use_memo((), move |_| xlsx_handle(dispatch))).clone()
}

/// The worker's answer `data` to the job `what`.
fn answered(dispatch: &UseReducerDispatcher<State>, what: Pending, data: &JsValue) {
    let message: Array = data.clone().unchecked_into();
    let (kind, payload) = (message.get(0).as_string(), message.get(1));
    match (kind.as_deref(), what) {
        (Some("read"), Pending::Read(name)) => {
            // Where each sheet lies: without it (it cannot be read), no sheet is read here,
            // and the compute worker still reads them all.
            let places = message.get(2).dyn_into::<Uint8Array>().ok();
            let places = places.and_then(|p| decode_message(&p.to_vec()).ok());
            let book = Sheets::new(payload.unchecked_into(), places.unwrap_or_default());
            dispatch.dispatch(Action::Workbook { name, book });
        }
        (Some("written"), Pending::Write(name)) => {
            let bytes = payload.unchecked_into::<Uint8Array>().to_vec();
            let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            if let Err(why) = crate::services::download::download(&name, mime, &bytes) {
                dispatch.dispatch(Action::FileFailed(why));
            }
        }
        (Some("failed"), _) => {
            dispatch.dispatch(Action::FileFailed(payload.as_string().unwrap_or_default()))
        }
        _ => {}
    }
}

fn xlsx_handle(dispatch: UseReducerDispatcher<State>) -> XlsxHandle {
    let bridge: Rc<RefCell<Bridge>> = Rc::default();
    let send = {
        let dispatch = dispatch.clone();
        Rc::new(move |message: Array, transfer: Array, what: Pending| {
            let mut b = bridge.borrow_mut();
            b.pending.push(what);
            if !b.port.started() {
                if let Err(e) = start(&bridge, &mut b, &dispatch) {
                    b.pending.clear();
                    drop(b);
                    dispatch.dispatch(Action::FileFailed(js_message(&e)));
                    return;
                }
            }
            if let Err(why) = b.port.post(message, transfer) {
                // Never to be answered: not waited for either.
                b.pending.pop();
                if b.pending.is_empty() {
                    b.end();
                }
                drop(b);
                dispatch.dispatch(Action::FileFailed(why));
            }
        })
    };
    let read = {
        let send = send.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |(name, file): (String, web_sys::Blob)| {
            dispatch.dispatch(Action::ReadingWorkbook(name.clone()));
            send(
                Array::of2(&"read".into(), &file),
                Array::new(),
                Pending::Read(name),
            );
        })
    };
    let write = Callback::from(move |(name, table): (String, Table)| {
        let bytes = Uint8Array::from(encode(&table).as_slice());
        let transfer = Array::of1(&bytes.buffer());
        send(
            Array::of2(&"write".into(), &bytes),
            transfer,
            Pending::Write(name),
        )
    });
    XlsxHandle { read, write }
}

/// What a JS exception says: its message (an `Error`'s, or a `DOMException`'s, which is not
/// a string), else the thrown string, else its debug form. The workbook worker says its own
/// failures with it too.
pub fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Starts the worker and wires its answers.
fn start(
    shared: &Rc<RefCell<Bridge>>,
    b: &mut Bridge,
    dispatch: &UseReducerDispatcher<State>,
) -> Result<(), JsValue> {
    let worker = web_sys::Worker::new(&crate::services::url::worker_script("xlsx-worker")?)?;
    let on_message = {
        let (shared, dispatch) = (Rc::downgrade(shared), dispatch.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(shared) = shared.upgrade() else {
                return;
            };
            let data = e.data();
            let what = {
                let mut b = shared.borrow_mut();
                if data.as_string().as_deref() == Some("ready") {
                    let failed = b.post_queued();
                    drop(b);
                    for why in failed {
                        dispatch.dispatch(Action::FileFailed(why));
                    }
                    return;
                }
                if b.pending.is_empty() {
                    return;
                }
                let what = b.pending.remove(0);
                if b.pending.is_empty() {
                    b.end();
                }
                what
            };
            answered(&dispatch, what, &data);
        })
    };
    let on_error = {
        let (shared, dispatch) = (Rc::downgrade(shared), dispatch.clone());
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
            e.prevent_default();
            let Some(shared) = shared.upgrade() else {
                return;
            };
            // The worker failed (it could not load, or it ran out of memory): every job it
            // had is said to have failed, and the next one starts another.
            let failed = {
                let mut b = shared.borrow_mut();
                b.end();
                std::mem::take(&mut b.pending).len()
            };
            let why = match e.message() {
                why if why.is_empty() => "the workbook worker stopped".to_owned(),
                why => why,
            };
            for _ in 0..failed {
                dispatch.dispatch(Action::FileFailed(why.clone()));
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    b.handlers = Some((on_message, on_error));
    b.port.start(worker);
    Ok(())
}
