//! The compute worker: import and analysis off the page's thread. It holds the user's data
//! (a [`Session`]) between requests, so a change of a setting only re-runs the analysis.
//!
//! Messages in: `[request, payload]`, the request in the core's binary form and the payload a
//! `Blob` (a file, read here as a stream), an `ArrayBuffer` (pasted text, or a workbook's
//! sheets as the workbook worker wrote them; transferred) or nothing; or `["warm"]` (see
//! [`warm_up_on_demo`]). Messages out: the string `"ready"` once, then each [`Reply`] in
//! binary form, its buffer transferred; after a job its `{timings}` and after the warm-up
//! `{warm, rows}`, for the benchmark. Messages are handled one at a time, in the order they
//! came: those that come while a file is read wait their turn.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use boomerang_core::session::{
    self, decode_message, encode, Progress, Reply, Request, Session, SourceKind, Step,
};
use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DedicatedWorkerGlobalScope, MessageEvent, ReadableStreamDefaultReader,
    ReadableStreamReadResult,
};

/// The reading's progress is said every this many bytes read (the stream's own chunks are
/// smaller).
const PROGRESS_EVERY: usize = 8 * 1024 * 1024;

thread_local! {
    /// The session lets a file's text go once imported: the file it came from is kept here
    /// and read again when a new mapping needs it.
    static SESSION: RefCell<Session> = RefCell::default();
    static FILE: RefCell<Option<Blob>> = const { RefCell::new(None) };
    /// Whether the source is a workbook's sheets, which the page sends again when a new
    /// mapping needs them (`src/services/compute.rs`), so the session lets them go.
    static WORKBOOK: Cell<bool> = const { Cell::new(false) };
    /// Whether the import's and the analysis's code has been warmed up on a large file's
    /// start (see [`warm_up`]).
    static WARM: Cell<bool> = const { Cell::new(false) };
    /// Whether it has been on the demo (see [`warm_up_on_demo`]).
    static DEMO_WARM: Cell<bool> = const { Cell::new(false) };
    /// Messages not yet handled, in the order they came (see [`take`]).
    static QUEUE: RefCell<VecDeque<MessageEvent>> = RefCell::default();
    /// Whether a task is handling the queue.
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// A file this large or larger gets a warm-up first (see [`warm_up`]). In Chromium
/// (`bench/browser.mjs`, in turns with the warm-up from 16 MB): the 1M-row log (28 MB) drew
/// the rule's figures in 588–638 ms without it against 645–676 ms with it (three runs each);
/// the 2M-row log (57 MB) in 1,165–1,283 ms against 1,169–1,182 ms (two runs each), no
/// better without. The demo's warm-up, when the Data tab opens, has warmed the code by then.
const WARM_UP_FROM: usize = 32 * 1024 * 1024;

/// The warm-up reads this much of the file's start.
const WARM_UP_BYTES: usize = 1024 * 1024;

/// Before the first large file the worker reads (`size` bytes, of which `bytes` is the start
/// read so far), the import and the analysis run on its first megabyte ([`session::warm_up`]), so
/// that the engine optimises their code while the rest is read, before the whole runs. Pasted
/// text, which has no rest to read, goes without. At 1M rows (28 MB) in Chromium, three runs
/// in turns with the build without it: the import 1.79 s → 1.66 s and the rule's analysis
/// 0.46 → 0.38 s on average (in V8 under Node, the whole import's first call 1.48 s, after a
/// warm-up 0.94–1.00 s). It still runs after the demo's warm-up ([`warm_up_on_demo`]), on
/// the file's own format: at 5M rows the import (the worker's loading step) took 2.3–4.3 s
/// against 3.2–4.6 s without it, faster in 5 of 6 runs in turns; at 1M it cost more than it
/// saved, so a file under [`WARM_UP_FROM`] goes without.
fn warm_up(bytes: &[u8], size: usize, request: &Request) {
    let Request::Run {
        options, settings, ..
    } = request
    else {
        return;
    };
    // Once a warm-up has read rows; a workbook or a file that did not import leaves it to
    // the next large file.
    if !WARM.get() && size >= WARM_UP_FROM {
        WARM.set(session::warm_up(bytes, WARM_UP_BYTES, options, settings) > 0);
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a reply, handing its buffer over rather than copying it.
fn post(reply: &Reply) {
    let bytes = Uint8Array::from(encode(reply).as_slice());
    let transfer = Array::of1(&bytes.buffer());
    let _ = scope().post_message_with_transfer(&bytes, &transfer);
}

/// Reads a file as a stream into one buffer, reporting the bytes read every
/// [`PROGRESS_EVERY`]; `first` sees the first [`WARM_UP_BYTES`] (or the whole file, when
/// smaller) while the rest is still to read. The browser reads the stream on a thread of its
/// own. In Chromium, the 5M-row file (142 MB): a scratch worker read it in 145–258 ms
/// streamed, against 330–490 ms by `FileReaderSync` in 8 MB slices (as before); in the app the
/// worker's reading step, the warm-up included, took 563–584 ms against 605–666 ms
/// (`bench/browser.mjs`, two runs each in turns); at 1M rows it did not change (170–196
/// against 175–177 ms).
async fn read_file(
    blob: &Blob,
    job: u32,
    first: &mut dyn FnMut(&[u8]),
) -> Result<Vec<u8>, JsValue> {
    let size = blob.size() as usize;
    let mut bytes = vec![0u8; size];
    let reader: ReadableStreamDefaultReader = blob.stream().get_reader().unchecked_into();
    let (mut at, mut said, mut warmed) = (0, 0, false);
    loop {
        let read: ReadableStreamReadResult = JsFuture::from(reader.read()).await?.unchecked_into();
        if read.get_done().unwrap_or(true) {
            break;
        }
        let chunk: Uint8Array = read.get_value().unchecked_into();
        let end = at + chunk.length() as usize;
        let Some(room) = bytes.get_mut(at..end) else {
            let _ = reader.cancel();
            return Err(CHANGED.into());
        };
        chunk.copy_to(room);
        at = end;
        if !warmed && (at >= WARM_UP_BYTES || at == size) {
            warmed = true;
            first(&bytes[..at]);
        }
        if at - said >= PROGRESS_EVERY || at == size {
            said = at;
            post(&Reply::Progress {
                job,
                progress: Progress {
                    step: Step::Reading,
                    done: at as u64,
                    total: size as u64,
                    rows: 0,
                },
            });
        }
    }
    if at != size {
        return Err(CHANGED.into());
    }
    Ok(bytes)
}

/// Why a file could not be read whole: its size changed since it was chosen.
const CHANGED: &str = "the file changed while it was read: choose it again";

/// The page has opened its Data tab, where the user's data comes in: the worker runs the
/// demo through the import, the analysis and the models ([`session::warm_up_on_demo`]), so
/// that the engine has optimised that code before the file comes, and posts `{warm, rows}`:
/// the milliseconds it took and the rows of the demo it read.
/// At 1M rows in Chromium (`bench/browser.mjs`, three runs in turns with b097c1a), bytes to
/// dashboard 2.54–3.10 s → 1.86–2.14 s; the demo run three times did no better than once
/// (about 0.3 s, while the user picks the file).
fn warm_up_on_demo() {
    if DEMO_WARM.get() {
        return;
    }
    let started = now();
    let rows = session::warm_up_on_demo();
    DEMO_WARM.set(rows > 0);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"warm".into(), &(now() - started).into());
    let _ = js_sys::Reflect::set(&message, &"rows".into(), &(rows as f64).into());
    let _ = scope().post_message(&message);
}

async fn handle(event: MessageEvent) -> Result<(), JsValue> {
    let started = now();
    let message: Array = event.data().unchecked_into();
    if message.get(0).as_string().as_deref() == Some("warm") {
        warm_up_on_demo();
        return Ok(());
    }
    let request: Uint8Array = message.get(0).unchecked_into();
    let mut request: Request = decode_message(&request.to_vec()).map_err(JsValue::from)?;
    let payload = message.get(1);
    let job = match &request {
        Request::Run { job, .. } => *job,
        Request::History { .. } => 0,
    };
    let payload = if let Some(blob) = payload.dyn_ref::<Blob>() {
        // The warm-up runs on the file's first megabyte, and the engine optimises the code it
        // ran while the rest is read.
        let size = blob.size() as usize;
        let bytes = read_file(blob, job, &mut |start| warm_up(start, size, &request)).await?;
        FILE.with(|f| *f.borrow_mut() = Some(blob.clone()));
        Some(bytes)
    } else if payload.is_instance_of::<ArrayBuffer>() {
        Some(Uint8Array::new(&payload).to_vec())
    } else {
        // A new mapping of a file whose text was let go: the file is read again. A file that
        // cannot be (changed on disk since) leaves the session to say it is gone.
        match &mut request {
            Request::Run {
                source: source @ None,
                options,
                ..
            } if SESSION.with(|s| s.borrow().needs_file(options)) => {
                let bytes = match FILE.with(|f| f.borrow().clone()) {
                    Some(blob) => read_file(&blob, job, &mut |_| {}).await.ok(),
                    None => None,
                };
                if bytes.is_some() {
                    *source = Some(SourceKind::Bytes);
                }
                bytes
            }
            _ => None,
        }
    };
    if let Request::Run {
        source: Some(kind), ..
    } = &request
    {
        if !matches!(kind, SourceKind::Bytes) {
            // Another source than a file: the file is not needed again.
            FILE.with(|f| *f.borrow_mut() = None);
        }
        // The page keeps a workbook's sheets, and sends them again with a new mapping.
        WORKBOOK.set(matches!(
            kind,
            SourceKind::Workbook(_) | SourceKind::EncodedWorkbook
        ));
    }
    let kept = FILE.with(|f| f.borrow().is_some()) || WORKBOOK.get();
    SESSION.with(|s| s.borrow_mut().keep_file(kept));
    let mut timings = Timings::start(started);
    SESSION.with(|s| {
        s.borrow_mut().handle(request, payload, &mut |reply| {
            if let Reply::Progress { progress, .. } = &reply {
                timings.step(progress.step);
            }
            post(&reply)
        })
    });
    timings.post();
    Ok(())
}

fn now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

/// How long each step of a job took, in milliseconds, posted after the job as
/// `{timings: {reading, splitting, loading, analyzing, modelling, total, memory}}` for the
/// benchmark, `memory` being the worker's wasm memory in bytes (it never shrinks: the job's
/// high-water mark, or an earlier job's).
struct Timings {
    started: f64,
    current: (Step, f64),
    spent: [f64; 5],
}

impl Timings {
    fn start(started: f64) -> Timings {
        Timings {
            started,
            current: (Step::Reading, started),
            spent: [0.0; 5],
        }
    }

    fn step(&mut self, step: Step) {
        if step != self.current.0 {
            let t = now();
            self.spent[self.current.0 as usize] += t - self.current.1;
            self.current = (step, t);
        }
    }

    fn post(mut self) {
        let t = now();
        self.spent[self.current.0 as usize] += t - self.current.1;
        let timings = js_sys::Object::new();
        let names = ["reading", "splitting", "loading", "analyzing", "modelling"];
        for (name, ms) in names.iter().zip(self.spent) {
            let _ = js_sys::Reflect::set(&timings, &(*name).into(), &ms.into());
        }
        let _ = js_sys::Reflect::set(&timings, &"total".into(), &(t - self.started).into());
        let _ = js_sys::Reflect::set(&timings, &"memory".into(), &wasm_memory_bytes().into());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"timings".into(), &timings);
        let _ = scope().post_message(&message);
    }
}

/// The bytes of this module's wasm memory.
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<ArrayBuffer>()
        .byte_length()
        .into()
}

/// Takes a message in turn: one is handled at a time, in the order they came, and those that
/// come while a file is read wait their turn.
fn take(event: MessageEvent) {
    QUEUE.with(|q| q.borrow_mut().push_back(event));
    if BUSY.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        while let Some(event) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            if let Err(e) = handle(event).await {
                // The page ends the worker when it hears of it: what waits is not done.
                QUEUE.with(|q| q.borrow_mut().clear());
                raise(e);
            }
        }
        BUSY.set(false);
    });
}

/// Throws `e` from a task of its own, where nothing catches it: the page hears of it as the
/// worker's error (and ends the worker), as it did when the message's own handler threw it.
/// Thrown in the task that handles the queue, it would cut that task short with `BUSY` set:
/// no message would be handled again.
fn raise(e: JsValue) {
    let thrown = e.clone();
    let throw = Closure::once_into_js(move || -> () { wasm_bindgen::throw_val(thrown) });
    if scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(throw.unchecked_ref(), 0)
        .is_err()
    {
        web_sys::console::error_1(&e);
    }
}

fn main() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(take);
    let scope = scope();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
