//! Import and analysis off the page's thread: the compute worker as a hook.
//!
//! The page sends the worker what changed (a new source, import options, settings); a file
//! goes as its `Blob` handle (the worker reads it as a stream), pasted text as a transferred
//! buffer. Jobs do not pile up: while one runs, only the latest request waits. A job that
//! takes more than a moment shows a progress bar with a cancel button; cancelling, or a
//! worker that fails, leaves the previous result on screen and the previous input in the
//! state.
//!
//! With the `inline-compute` feature (the browser tests, which serve no worker script) the
//! same session runs on the page's thread.

use std::cell::RefCell;
use std::rc::Rc;

use boomerang_core::session::{
    decode_message, encode, HeldLines, LinesComing, Outcome, Progress, Reply, Request, SourceKind,
};
use boomerang_core::{Error, ErrorKind, ImportOptions, Lines, Money, Settings};
use chrono::NaiveDate;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::services::port::Port;
use crate::state::{Action, Input, State};
use crate::state::{Analyzed, Imported};

/// How long a job runs before its progress bar shows, in milliseconds.
const A_MOMENT_MS: u32 = 300;

/// What a job computes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// The data.
    pub input: Input,
    /// The import options (today's date set).
    pub options: ImportOptions,
    /// The settings.
    pub settings: Settings,
}

/// A client's purchases by day, oldest first.
pub type History = Rc<Vec<(NaiveDate, Money)>>;

/// What the page shows of the worker's work.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The import of the input last computed.
    pub imported: Imported,
    /// Its analysis.
    pub analyzed: Analyzed,
    /// Whether anything has been computed yet.
    pub ready: bool,
    /// Whether a job is running.
    pub busy: bool,
    /// A job running longer than a moment, with how far it has got.
    pub slow: Option<Option<Progress>>,
    /// Why the last job did not finish (it failed or was cancelled).
    pub stopped: Option<Stopped>,
    /// The purchases of the client last asked for.
    pub history: Option<(String, History)>,
    /// The input the analysis on screen comes from: the last one that could be analysed.
    pub good_input: Option<Input>,
    /// A newer input could not be analysed: its problem is on the Data tab, and the previous
    /// analysis stays on screen.
    pub rejected: bool,
}

/// Why a job did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum Stopped {
    /// The user cancelled it.
    Cancelled,
    /// The worker failed (out of memory, a bug); the message says what the browser said.
    Failed(String),
}

/// What happens to [`Computed`]: the hook's own messages to it.
pub enum Change {
    /// A job was sent.
    Started,
    /// How far the running job has got.
    Progress(Progress),
    /// The running job has taken more than a moment.
    Slow,
    /// A job's result, and the input it was computed from.
    Done(Box<Outcome>, Option<Input>),
    /// A job did not finish.
    Stopped(Stopped),
    /// A job's workbook went to the workbook worker: the screen stays as it was, and the
    /// workbook comes back as a new input.
    HandedOver,
    /// A client's purchases.
    History(String, Vec<(NaiveDate, Money)>),
}

/// Progress of the running job only (the bridge drops other jobs' replies).
impl Reducible for Computed {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut c = (*self).clone();
        match change {
            Change::Started => c.busy = true,
            Change::Slow => {
                if !c.busy {
                    // The job ended (or stopped) just as its moment passed.
                    return self;
                }
                c.slow.get_or_insert(None);
            }
            Change::Progress(p) => {
                if c.slow.is_none() {
                    return self;
                }
                c.slow = Some(Some(p));
            }
            Change::Done(outcome, input) => {
                let Outcome {
                    import,
                    mut analysis,
                    models_follow,
                    line_models,
                } = *outcome;
                // The models' figures of the job whose rule's figures are on screen: its
                // client lines are those, shared, with what the models say of each beside
                // them (the worker does not send them again, and the page does not copy
                // them: at 5M rows, 110 MB of lines).
                if let (Some(models), Some(Ok(a)), Some(Ok(shown))) =
                    (line_models, &mut analysis, &*c.analyzed.0)
                {
                    a.put_line_models(&shown.clients, models);
                }
                c.imported = Imported(Rc::new(import));
                let good = matches!(analysis, Some(Ok(_)));
                let had_good = matches!(&*c.analyzed.0, Some(Ok(_)));
                if !good && had_good && input.is_some() && input != c.good_input {
                    // New data that cannot be analysed does not throw the last good analysis
                    // away: it stays on screen, the new data's problem on the Data tab.
                    c.rejected = true;
                } else {
                    c.analyzed = Analyzed(Rc::new(analysis.map(|a| a.map(Rc::new))));
                    c.rejected = false;
                    if good {
                        c.good_input = input;
                    }
                }
                c.ready = true;
                c.stopped = None;
                // The rule's figures are shown at once; the job runs on for the models.
                if !models_follow {
                    c.busy = false;
                    c.slow = None;
                }
            }
            Change::Stopped(why) => {
                c.busy = false;
                c.slow = None;
                c.stopped = Some(why);
            }
            Change::HandedOver => {
                c.busy = false;
                c.slow = None;
            }
            Change::History(client, days) => c.history = Some((client, Rc::new(days))),
        }
        Rc::new(c)
    }
}

/// What the page can ask of the worker besides a job.
#[derive(Clone, PartialEq)]
pub struct ComputeHandle {
    /// Stops the running job; the previous result stays.
    pub cancel: Callback<()>,
    /// Asks for a client's purchases.
    pub history: Callback<String>,
    /// Starts the worker, if need be, and has it warm its code up on the demo: the user is
    /// about to bring data (the Data tab is open).
    pub warm: Callback<()>,
}

/// The worker's side of the page: the worker, the job running, the one waiting.
#[derive(Default)]
struct Bridge {
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    port: Port,
    /// Whether any worker ever said it was ready (one that never did cannot start here).
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    ever_ready: bool,
    /// Whether this worker was asked to warm up ([`ComputeHandle::warm`]).
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    warmed: bool,
    /// Whether this worker was asked for anything but a warm-up: one that fails to start
    /// before that fails quietly, and says so when the data comes.
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    asked: bool,
    #[cfg(feature = "inline-compute")]
    session: Rc<RefCell<boomerang_core::session::Session>>,
    job: u32,
    running: Option<Job>,
    waiting: Option<Job>,
    /// The input the worker holds, and the options it was last imported with.
    held: Option<(Input, ImportOptions)>,
    /// The job whose result is on screen.
    shown: Option<Job>,
    /// The client lines of the running job's analysis, as they come.
    lines: LinesComing,
    /// The last job whose client lines came whole here, and those lines: a job of the same
    /// input names it, and the worker sends only what the settings decide of each line when
    /// its lines come from the same histories (`Reply::Verdicts`).
    lines_held: Option<(u32, Lines)>,
    /// The running job's rule figures are on screen, its models still to come: the screen no
    /// longer shows `shown`'s result.
    partial: bool,
    /// The state went back to the input on screen while a workbook is read by the workbook
    /// worker ([`Ctx::hand_over`]): its job, asked for next, is on screen already.
    back_on_screen: bool,
    /// The demo's answers computed ahead of time could not be read (an old or missing file):
    /// the worker computes the demo instead.
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    no_file: bool,
    /// Every demo client's purchases, read ahead of time, once a card asks.
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    histories: Option<Rc<Vec<Reply>>>,
    /// Why the worker cannot start at all (it failed before it was ready): no more tries.
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    broken: Option<String>,
    timer: Option<gloo::timers::callback::Timeout>,
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    #[cfg_attr(feature = "inline-compute", allow(dead_code))]
    error_handlers: Vec<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

impl Bridge {
    /// Ends the worker, if any: the next message starts another, which holds nothing yet
    /// and has been asked nothing.
    fn end_worker(&mut self) {
        self.port.end();
        self.warmed = false;
        self.asked = false;
        self.held = None;
        self.lines_held = None;
    }
}

type Shared = Rc<RefCell<Bridge>>;

/// Everything the hook's callbacks need.
#[derive(Clone)]
struct Ctx {
    bridge: Shared,
    view: UseReducerDispatcher<Computed>,
    app: UseReducerDispatcher<State>,
    /// Gives a workbook's file to the workbook worker.
    read_workbook: Callback<(String, web_sys::Blob)>,
}

impl Ctx {
    /// Sends a message, once the worker is ready.
    fn send(&self, message: Array, transfer: Array) {
        #[cfg(not(feature = "inline-compute"))]
        if !is_warm_up(&message) {
            self.bridge.borrow_mut().asked = true;
        }
        #[cfg(feature = "inline-compute")]
        {
            let _ = transfer;
            self.run_inline(message);
        }
        #[cfg(not(feature = "inline-compute"))]
        {
            let mut b = self.bridge.borrow_mut();
            if let Some(why) = b.broken.clone() {
                // A worker that cannot start would fail again: say so, do not loop.
                drop(b);
                self.view.dispatch(Change::Stopped(Stopped::Failed(why)));
                return;
            }
            if !b.port.started() {
                drop(b);
                self.spawn();
                b = self.bridge.borrow_mut();
            }
            if !b.port.started() {
                // It could not start, and said so.
                return;
            }
            let warm_up = is_warm_up(&message);
            if let Err(why) = b.port.post(message, transfer) {
                // Never to be answered: the job stops, and the page says why (a warm-up that
                // cannot be posted is only not done).
                drop(b);
                if !warm_up {
                    self.fail(why);
                }
            }
        }
    }

    #[cfg(feature = "inline-compute")]
    fn run_inline(&self, message: Array) {
        let ctx = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let request: Uint8Array = message.get(0).unchecked_into();
            let payload = message.get(1);
            let payload = if let Some(blob) = payload.dyn_ref::<web_sys::Blob>() {
                match wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await {
                    Ok(buffer) => Some(Uint8Array::new(&buffer).to_vec()),
                    Err(_) => Some(vec![]),
                }
            } else if payload.is_undefined() {
                None
            } else {
                Some(Uint8Array::new(&payload).to_vec())
            };
            let Ok(request) = decode_message::<Request>(&request.to_vec()) else {
                return;
            };
            let session = ctx.bridge.borrow().session.clone();
            let mut replies = vec![];
            session
                .borrow_mut()
                .handle(request, payload, &mut |r| replies.push(r));
            for r in replies {
                ctx.on_reply(r);
            }
        });
    }

    /// Starts a worker and wires its answers.
    #[cfg(not(feature = "inline-compute"))]
    fn spawn(&self) {
        let worker = match crate::services::url::worker_script("compute-worker")
            .and_then(|url| web_sys::Worker::new(&url))
        {
            Ok(w) => w,
            Err(e) => {
                self.fail(crate::services::xlsx::js_message(&e));
                return;
            }
        };
        let on_message = {
            let ctx = self.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if data.as_string().as_deref() == Some("ready") {
                    let mut b = ctx.bridge.borrow_mut();
                    b.ever_ready = true;
                    // Data came while the worker started: it goes first, and its run warms
                    // the code up as well as the demo would.
                    let data_came = b.asked;
                    let posted = b.port.ready(|message| !(data_came && is_warm_up(message)));
                    drop(b);
                    // A job that cannot be posted is never answered: it stops, said.
                    if let Some(why) = posted.into_iter().flatten().find_map(Result::err) {
                        ctx.fail(why);
                    }
                    return;
                }
                if !data.is_instance_of::<Uint8Array>() {
                    // The worker's warm-up, `{warm: ms, rows}`, kept for the benchmark.
                    if js_sys::Reflect::has(&data, &"warm".into()).unwrap_or(false) {
                        let _ = js_sys::Reflect::set(
                            &js_sys::global(),
                            &"__boomerangWarm".into(),
                            &data,
                        );
                        return;
                    }
                    // The worker's timings of the job, kept for the benchmark with the
                    // page's own wasm memory in bytes beside the worker's.
                    if let Ok(timings) = js_sys::Reflect::get(&data, &"timings".into()) {
                        let memory: js_sys::WebAssembly::Memory =
                            wasm_bindgen::memory().unchecked_into();
                        let bytes = memory.buffer().unchecked_into::<js_sys::ArrayBuffer>();
                        let _ = js_sys::Reflect::set(
                            &timings,
                            &"pageMemory".into(),
                            &bytes.byte_length().into(),
                        );
                        let _ = js_sys::Reflect::set(
                            &js_sys::global(),
                            &"__boomerangTimings".into(),
                            &timings,
                        );
                    }
                    return;
                }
                // The worker's own array, read once into this module's memory
                // (`Uint8Array::new` on it would copy it in JS first).
                let bytes = data.unchecked_ref::<Uint8Array>().to_vec();
                match decode_message::<Reply>(&bytes) {
                    Ok(reply) => ctx.on_reply(reply),
                    Err(why) => ctx.fail(why),
                }
            })
        };
        let on_error = {
            let ctx = self.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                e.prevent_default();
                let message = e.message();
                ctx.fail(if message.is_empty() {
                    "the worker stopped".to_owned()
                } else {
                    message
                });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut b = self.bridge.borrow_mut();
        b.handlers.push(on_message);
        b.error_handlers.push(on_error);
        b.port.start(worker);
    }

    fn on_reply(&self, reply: Reply) {
        match reply {
            Reply::Progress { job, progress } => {
                if self.bridge.borrow().job == job {
                    self.view.dispatch(Change::Progress(progress));
                }
            }
            Reply::Clients {
                job,
                total,
                lines,
                models,
            } => {
                let mut b = self.bridge.borrow_mut();
                if b.job == job {
                    b.lines.add(total, lines, models);
                }
            }
            Reply::Verdicts {
                job,
                total,
                verdicts,
                models,
            } => {
                let mut b = self.bridge.borrow_mut();
                if b.job == job {
                    if let Err(why) = b.lines.add_verdicts(total, verdicts, models) {
                        drop(b);
                        self.stop(Stopped::Failed(why));
                    }
                }
            }
            Reply::Done { job, mut outcome } => {
                let next = {
                    let mut b = self.bridge.borrow_mut();
                    if b.job != job {
                        return;
                    }
                    // A workbook the worker's hand reader does not know: the workbook worker
                    // reads it, and its sheets come back as a new input.
                    let needs_reader = matches!(&outcome.import,
                        Err(e) if *e.kind() == ErrorKind::WorkbookNeedsReader);
                    if needs_reader {
                        if let Some(running) = b.running.take() {
                            drop(b);
                            self.hand_over(running);
                            return;
                        }
                    }
                    match &mut outcome.analysis {
                        Some(Ok(a)) => match outcome.line_models.take() {
                            // The models' outcome: their figures go beside the lines that
                            // came with the rule's, which are the lines held (and on
                            // screen), and are held with them.
                            Some(models) => match &mut b.lines_held {
                                Some((held, lines)) if *held == job => {
                                    *lines = lines.with_models(models);
                                    a.clients = lines.clone();
                                }
                                _ => outcome.line_models = Some(models),
                            },
                            None => {
                                a.clients = b.lines.take();
                                b.lines_held = Some((job, a.clients.clone()));
                            }
                        },
                        // The screen lets the last lines go for the error: so does this.
                        _ => {
                            b.lines = LinesComing::default();
                            b.lines_held = None;
                        }
                    }
                    let input = b.running.as_ref().map(|j| j.input.clone());
                    if outcome.models_follow {
                        // The rule's figures: shown now, the job still running.
                        b.partial = true;
                        drop(b);
                        self.view.dispatch(Change::Done(outcome, input));
                        return;
                    }
                    b.timer = None;
                    b.partial = false;
                    b.shown = b.running.take();
                    (b.waiting.take(), input)
                };
                let (next, input) = next;
                self.view.dispatch(Change::Done(outcome, input));
                if let Some(next) = next {
                    self.start(next);
                }
            }
            Reply::History { client, days } => self.view.dispatch(Change::History(client, days)),
        }
    }

    /// The running job's workbook, which the worker's hand reader does not know, goes to the
    /// workbook worker, whose sheets come back as a new input. Meanwhile the state goes back
    /// to the input on screen (with the latest settings), so that a workbook the workbook
    /// worker cannot read either leaves the state as the screen is. A job waiting with the
    /// same file would only hand it over again: it is dropped. One waiting with another input
    /// (the user moved on) runs instead, and the workbook is not read.
    fn hand_over(&self, running: Job) {
        let (next, settings, shown) = {
            let mut b = self.bridge.borrow_mut();
            b.timer = None;
            b.partial = false;
            b.lines = LinesComing::default();
            let (next, settings) = match b.waiting.take() {
                Some(w) if w.input != running.input => (Some(w), running.settings),
                Some(same) => (None, same.settings),
                None => (None, running.settings),
            };
            let shown = b.shown.clone().filter(|_| next.is_none());
            b.back_on_screen = shown.is_some();
            (next, settings, shown)
        };
        self.view.dispatch(Change::HandedOver);
        if let (None, Input::File { name, file }) = (&next, &running.input) {
            if let Some(shown) = shown {
                self.app.dispatch(Action::Revert {
                    input: shown.input,
                    options: shown.options,
                    settings,
                });
            }
            self.read_workbook.emit((name.to_string(), file.0.clone()));
        }
        if let Some(next) = next {
            self.start(next);
        }
    }

    /// Asks for a job: started now, or after the running one (replacing any that waits).
    fn request(&self, job: Job) {
        let mut b = self.bridge.borrow_mut();
        // Back to the input on screen while a workbook is read by the workbook worker
        // ([`Ctx::hand_over`]): nothing to compute.
        if std::mem::take(&mut b.back_on_screen)
            && b.running.is_none()
            && b.shown.as_ref() == Some(&job)
        {
            return;
        }
        // Back to the demo read ahead of time that is still on screen (a cancelled job was
        // reverted before it drew anything): nothing to compute, and the note on the cancel
        // stays.
        if b.running.is_none() && !b.partial && precomputed(&job) && b.shown.as_ref() == Some(&job)
        {
            return;
        }
        // The same job is already being computed.
        if b.running.as_ref() == Some(&job) {
            b.waiting = None;
            return;
        }
        if b.running.is_some() {
            b.waiting = Some(job);
            return;
        }
        drop(b);
        self.start(job);
    }

    fn start(&self, job: Job) {
        let number = {
            let mut b = self.bridge.borrow_mut();
            b.back_on_screen = false;
            b.job += 1;
            b.lines = LinesComing::default();
            b.running = Some(job.clone());
            let view = self.view.clone();
            b.timer = Some(gloo::timers::callback::Timeout::new(
                A_MOMENT_MS,
                move || view.dispatch(Change::Slow),
            ));
            b.job
        };
        self.view.dispatch(Change::Started);
        #[cfg(not(feature = "inline-compute"))]
        if precomputed(&job) && !self.bridge.borrow().no_file {
            self.read_ahead(number, job);
            return;
        }
        self.run(number, &job);
    }

    /// Sends job `number` to the worker, with its source when the worker does not hold it.
    fn run(&self, number: u32, job: &Job) {
        let (message, transfer) = {
            let mut b = self.bridge.borrow_mut();
            // The worker lets a workbook's sheets go once imported (a file it reads again
            // itself): a new mapping of a workbook sends them again.
            let fresh = match &b.held {
                Some((input, options)) => {
                    *input != job.input
                        || matches!(input, Input::Workbook { .. }) && *options != job.options
                }
                None => true,
            };
            let (source, payload, transfer) = if fresh {
                source_of(&job.input)
            } else {
                (None, JsValue::UNDEFINED, Array::new())
            };
            // A new input's lines come whole; the lines held are let go when the answer
            // comes (the screen shows them until then).
            let held = match b.lines_held.clone() {
                Some((held, lines)) if !fresh => {
                    let models = lines.have_models();
                    b.lines = LinesComing::over(lines);
                    Some(HeldLines { job: held, models })
                }
                _ => None,
            };
            let request = Request::Run {
                job: number,
                source,
                options: job.options.clone(),
                settings: Box::new(job.settings.clone()),
                held,
            };
            b.held = Some((job.input.clone(), job.options.clone()));
            let message = Array::of2(&Uint8Array::from(encode(&request).as_slice()), &payload);
            (message, transfer)
        };
        self.send(message, transfer);
    }

    /// Job `number` is the demo with the default settings: its answers were computed when the
    /// app was built (`demo.bin`), and the worker is not started for it.
    #[cfg(not(feature = "inline-compute"))]
    fn read_ahead(&self, number: u32, job: Job) {
        let ctx = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let read = fetch_beside("demo.bin")
                .await
                .and_then(|bytes| decode_message::<Vec<Reply>>(&bytes));
            match read {
                Ok(replies) => {
                    for reply in replies {
                        ctx.on_reply(boomerang_core::session::for_job(reply, number));
                    }
                }
                Err(_) => {
                    // A missing file or one of another build: the worker computes the demo.
                    ctx.bridge.borrow_mut().no_file = true;
                    if ctx.bridge.borrow().job == number {
                        ctx.run(number, &job);
                    }
                }
            }
        });
    }

    /// A client's purchases: from the worker, or, for the demo read ahead of time (which the
    /// worker does not hold), from `demo-history.bin`, read once.
    fn history(&self, client: String) {
        #[cfg(not(feature = "inline-compute"))]
        {
            let b = self.bridge.borrow();
            let from_file = b.shown.as_ref().is_some_and(precomputed)
                && !matches!(b.held, Some((Input::Demo, _)));
            drop(b);
            if from_file {
                let ctx = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let kept = ctx.bridge.borrow().histories.clone();
                    let histories = match kept {
                        Some(h) => h,
                        None => {
                            // Kept only when read: a failed read is tried again next time.
                            match fetch_beside("demo-history.bin")
                                .await
                                .and_then(|bytes| decode_message::<Vec<Reply>>(&bytes))
                            {
                                Ok(read) => {
                                    let read = Rc::new(read);
                                    ctx.bridge.borrow_mut().histories = Some(read.clone());
                                    read
                                }
                                Err(_) => Rc::default(),
                            }
                        }
                    };
                    // A client the file does not know has no purchases to draw.
                    let days = histories
                        .iter()
                        .find_map(|r| match r {
                            Reply::History { client: c, days } if *c == client => {
                                Some(days.clone())
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    ctx.view.dispatch(Change::History(client, days));
                });
                return;
            }
        }
        let request = Request::History { client };
        let message = Array::of2(
            &Uint8Array::from(encode(&request).as_slice()),
            &JsValue::UNDEFINED,
        );
        self.send(message, Array::new());
    }

    /// Starts the worker if there is none and asks it, once, to warm its code up on the demo
    /// (`["warm"]`, see `src/bin/compute_worker.rs`); not a worker that has run the user's
    /// data already. A worker that cannot start says so only when the data comes ([`Ctx::fail`]).
    fn warm(&self) {
        #[cfg(not(feature = "inline-compute"))]
        {
            let mut b = self.bridge.borrow_mut();
            if b.warmed || b.broken.is_some() || b.held.is_some() {
                return;
            }
            b.warmed = true;
            drop(b);
            self.send(Array::of1(&JsValue::from_str(WARM_UP)), Array::new());
        }
    }

    /// Ends the worker and every job: the running one, the waiting one, the messages queued;
    /// answers still on their way are for an older job and are dropped.
    fn halt(&self, why: Stopped) -> Option<Job> {
        let shown = {
            let mut b = self.bridge.borrow_mut();
            b.end_worker();
            b.timer = None;
            b.waiting = None;
            b.running = None;
            b.job += 1;
            // The stopped job's lines so far: a large file's would stay in memory until the
            // next job.
            b.lines = LinesComing::default();
            #[cfg(feature = "inline-compute")]
            {
                b.session = Rc::default();
            }
            b.shown.clone()
        };
        self.view.dispatch(Change::Stopped(why));
        shown
    }

    /// Stops the worker: the job is dropped, the previous input comes back.
    fn stop(&self, why: Stopped) {
        // A job that drew its rule figures before it stopped left them on screen: the result
        // it replaced is computed again, even if the state already says that result.
        let partial = std::mem::take(&mut self.bridge.borrow_mut().partial);
        let shown = self.halt(why);
        let first = shown.is_none() || partial;
        let back = shown.unwrap_or(Job {
            input: Input::Demo,
            options: ImportOptions::default(),
            settings: Settings::default(),
        });
        self.app.dispatch(Action::Revert {
            input: back.input.clone(),
            options: back.options.clone(),
            settings: back.settings.clone(),
        });
        if first {
            // Nothing (or a part of the stopped job) was on screen: the previous result comes
            // back even if the state did not change.
            self.request(back);
        }
    }

    #[cfg(not(feature = "inline-compute"))]
    fn fail(&self, why: String) {
        let (ever_ready, asked) = {
            let b = self.bridge.borrow();
            (b.ever_ready, b.asked)
        };
        if ever_ready {
            self.stop(Stopped::Failed(why));
        } else if !asked {
            // Only a warm-up was asked of it (the Data tab opened): nothing on screen changes,
            // and the data, when it comes, hears why.
            let mut b = self.bridge.borrow_mut();
            b.end_worker();
            b.broken = Some(why);
        } else {
            // It cannot start here: say so once, and neither revert nor try again.
            self.bridge.borrow_mut().broken = Some(why.clone());
            self.halt(Stopped::Failed(why));
        }
    }
}

/// What the page posts to have the worker warm up (`src/bin/compute_worker.rs`).
#[cfg(not(feature = "inline-compute"))]
const WARM_UP: &str = "warm";

/// Whether a message to the worker is the warm-up.
#[cfg(not(feature = "inline-compute"))]
fn is_warm_up(message: &Array) -> bool {
    message.get(0).as_string().as_deref() == Some(WARM_UP)
}

/// Whether a job is the demo with the default settings, whose answers were computed when the
/// app was built (`boomerang demo-replies`, trunk's post-build hook).
pub fn precomputed(job: &Job) -> bool {
    job.input == Input::Demo
        && job.settings == Settings::default()
        // A clock before the demo's last day would leave "future" rows out: the worker knows.
        && job.options.today.is_none_or(|t| t >= boomerang_core::demo::as_of())
        && ImportOptions {
            today: None,
            ..job.options.clone()
        } == ImportOptions::default()
}

/// A file beside the page, as bytes.
#[cfg(not(feature = "inline-compute"))]
async fn fetch_beside(name: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let url = crate::services::url::beside_page(name);
    // Revalidated on every visit: a cached answer of an older build must not show.
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("{name}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// What a request says of an input, what travels beside it, and what is handed over.
fn source_of(input: &Input) -> (Option<SourceKind>, JsValue, Array) {
    match input {
        Input::Demo => (Some(SourceKind::Demo), JsValue::UNDEFINED, Array::new()),
        Input::Pasted(text) => {
            let bytes = Uint8Array::from(text.as_bytes());
            let buffer = bytes.buffer();
            (
                Some(SourceKind::Text),
                buffer.clone().into(),
                Array::of1(&buffer),
            )
        }
        // The file's handle: the worker reads it, the page never holds its bytes.
        Input::File { file, .. } => (Some(SourceKind::Bytes), file.0.clone().into(), Array::new()),
        // The sheets as the workbook worker wrote them: a copy handed over.
        Input::Workbook { book, .. } => {
            let (payload, transfer) = book.handed_over();
            (Some(SourceKind::EncodedWorkbook), payload, transfer)
        }
    }
}

/// The worker as a hook: computes `job` whenever it changes (`None`: nothing to compute, as
/// in the embedded calculator).
#[hook]
pub fn use_compute(
    job: Option<Job>,
    app: UseReducerDispatcher<State>,
    read_workbook: Callback<(String, web_sys::Blob)>,
) -> (Computed, ComputeHandle) {
    let view = use_reducer(|| Computed {
        imported: Imported(Rc::new(Err(Error::from(ErrorKind::Empty)))),
        analyzed: Analyzed(Rc::new(None)),
        ready: false,
        busy: false,
        slow: None,
        stopped: None,
        history: None,
        good_input: None,
        rejected: false,
    });
    let bridge: Shared = use_mut_ref(Bridge::default);
    let ctx = Ctx {
        bridge,
        view: view.dispatcher(),
        app,
        read_workbook,
    };
    {
        let ctx = ctx.clone();
        use_effect_with(job, move |job| {
            if let Some(job) = job {
                ctx.request(job.clone());
            }
        });
    }
    let handle = {
        let ctx = ctx.clone();
        use_memo((), move |_| {
            let cancel = {
                let ctx = ctx.clone();
                Callback::from(move |_| ctx.stop(Stopped::Cancelled))
            };
            let history = {
                let ctx = ctx.clone();
                Callback::from(move |client: String| ctx.history(client))
            };
            let warm = Callback::from(move |_| ctx.warm());
            ComputeHandle {
                cancel,
                history,
                warm,
            }
        })
    };
    {
        // The worker goes with the page.
        let bridge = ctx.bridge.clone();
        use_effect_with((), move |_| {
            move || {
                bridge.borrow_mut().port.end();
            }
        });
    }
    ((*view).clone(), (*handle).clone())
}
