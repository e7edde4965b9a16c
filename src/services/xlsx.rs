//! The workbook worker: calamine to read XLSX/XLS and rust_xlsxwriter to write exports, in a
//! module of its own, fetched the first time a workbook is dropped or an XLSX is exported.

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::export::Table;
#[cfg(doc)]
use boomerang_core::Workbook;
use gloo_worker::{HandlerId, Spawnable, Worker, WorkerBridge, WorkerScope};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::state::{Action, State};

/// A job for the worker.
#[derive(Serialize, Deserialize)]
pub enum Job {
    /// Read a workbook's bytes into sheets.
    Read(Bytes),
    /// Write a table as an XLSX file.
    Write(Table),
}

/// What the worker answers.
#[derive(Serialize, Deserialize)]
pub enum Done {
    /// The sheets as `session::encode` writes a [`Workbook`] (the page hands them on to the
    /// compute worker without reading them), or why the workbook could not be read.
    Read(Result<Bytes, String>),
    /// The XLSX bytes, or why they could not be written.
    Written(Result<Bytes, String>),
}

/// Bytes that travel as one run: serde writes a `Vec<u8>` one number at a time, which took
/// 160 ms on the page's thread for a 21 MB workbook (1M rows), and as long again to read the
/// sheets back.
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        struct Run;
        impl serde::de::Visitor<'_> for Run {
            type Value = Bytes;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }

            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        d.deserialize_byte_buf(Run)
    }
}

/// The worker.
pub struct XlsxWorker;

impl Worker for XlsxWorker {
    type Message = ();
    type Input = Job;
    type Output = Done;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        XlsxWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: Job, id: HandlerId) {
        let done = match job {
            Job::Read(Bytes(bytes)) => {
                let book = boomerang_core::read_workbook(&bytes);
                drop(bytes);
                let sheets = book.map(|book| Bytes(boomerang_core::session::encode(&book)));
                Done::Read(sheets.map_err(|e| e.to_string()))
            }
            Job::Write(table) => Done::Written(boomerang_core::export::to_xlsx(&table).map(Bytes)),
        };
        scope.respond(id, done);
    }
}

/// What to do with the worker's next answer.
enum Pending {
    Read(String),
    Write(String),
}

/// The worker, spawned when a job comes and let go once it has answered every job it was
/// given: `read` loads a workbook into the state, `write` saves an XLSX export as a download.
#[derive(Clone, PartialEq)]
pub struct XlsxHandle {
    /// Reads (file name, bytes).
    pub read: Callback<(String, Vec<u8>)>,
    /// Writes (file name, table).
    pub write: Callback<(String, Table)>,
}

/// The workbook worker as a hook: spawned on first use, and again after it was let go.
///
/// A worker's memory never shrinks, and reading a workbook takes several times its size: kept
/// for the app's life, the worker held it beside the data's analysis in the compute worker.
/// Each time it has answered all it was asked, it is let go (and closes); a workbook or an
/// export later spawns it again, its module compiled from the browser's cache.
#[hook]
pub fn use_xlsx(dispatch: UseReducerDispatcher<State>) -> XlsxHandle {
    (*use_memo((), move |_| xlsx_handle(dispatch))).clone()
}

fn xlsx_handle(dispatch: UseReducerDispatcher<State>) -> XlsxHandle {
    let bridge: Rc<RefCell<Option<WorkerBridge<XlsxWorker>>>> = Rc::default();
    let pending: Rc<RefCell<Vec<Pending>>> = Rc::default();
    let send = {
        let dispatch = dispatch.clone();
        Rc::new(move |job: Job, what: Pending| {
            pending.borrow_mut().push(what);
            let mut slot = bridge.borrow_mut();
            let worker = slot.get_or_insert_with(|| {
                let dispatch = dispatch.clone();
                let pending = pending.clone();
                let spawned = Rc::downgrade(&bridge);
                XlsxWorker::spawner()
                    .callback(move |done: Done| {
                        let what = { pending.borrow_mut().remove(0) };
                        if pending.borrow().is_empty() {
                            // Nothing more to answer: the worker goes, its memory with it. Its
                            // bridge is dropped after this answer, not inside its handler.
                            let gone = spawned.upgrade().and_then(|b| b.borrow_mut().take());
                            gloo::timers::callback::Timeout::new(0, move || drop(gone)).forget();
                        }
                        match (done, what) {
                            (Done::Read(Ok(Bytes(book))), Pending::Read(name)) => dispatch.dispatch(Action::Workbook { name, book }),
                            (Done::Read(Err(why)), _) => dispatch.dispatch(Action::FileFailed(why)),
                            (Done::Written(Ok(Bytes(bytes))), Pending::Write(name)) => {
                                let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                                if let Err(why) = crate::services::download::download(&name, mime, &bytes) {
                                    dispatch.dispatch(Action::FileFailed(why));
                                }
                            }
                            (Done::Written(Err(why)), _) => dispatch.dispatch(Action::FileFailed(why)),
                            _ => {}
                        }
                    })
                    .as_module(false)
                    .spawn(&crate::services::url::beside_page("xlsx-worker.js"))
            });
            worker.send(job);
        })
    };
    let read = {
        let send = send.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            dispatch.dispatch(Action::ReadingWorkbook(name.clone()));
            send(Job::Read(Bytes(bytes)), Pending::Read(name));
        })
    };
    let write = Callback::from(move |(name, table): (String, Table)| {
        send(Job::Write(table), Pending::Write(name))
    });
    XlsxHandle { read, write }
}
