//! A worker of the page's, as both bridges (`compute`, `xlsx`) talk to it: it listens only
//! once it says `"ready"` (its module loads after its script starts), so what is posted before
//! waits in a queue here.

use js_sys::Array;

use crate::services::xlsx::js_message;

/// The worker, whether it listens, and the messages waiting for it to.
#[derive(Default)]
pub struct Port {
    worker: Option<web_sys::Worker>,
    ready: bool,
    queue: Vec<(Array, Array)>,
}

impl Port {
    /// Talks to a worker just started (the one before, if any, is ended).
    pub fn start(&mut self, worker: web_sys::Worker) {
        self.end();
        self.worker = Some(worker);
    }

    /// Whether a worker is started.
    pub fn started(&self) -> bool {
        self.worker.is_some()
    }

    /// Posts a message with what to transfer, or queues it until the worker is ready.
    ///
    /// # Errors
    /// It cannot be posted (no worker, or a message that cannot be cloned): it will never be
    /// answered.
    pub fn post(&mut self, message: Array, transfer: Array) -> Result<(), String> {
        match (&self.worker, self.ready) {
            (Some(w), true) => w
                .post_message_with_transfer(&message, &transfer)
                .map_err(|e| js_message(&e)),
            (Some(_), false) => {
                self.queue.push((message, transfer));
                Ok(())
            }
            (None, _) => Err("the worker is not started".to_owned()),
        }
    }

    /// The worker said it is ready: the messages queued that `keep` keeps are posted, in
    /// order. Returns each queued message's outcome, in the queue's order (`None`: not kept).
    pub fn ready(&mut self, keep: impl Fn(&Array) -> bool) -> Vec<Option<Result<(), String>>> {
        self.ready = true;
        let queue = std::mem::take(&mut self.queue);
        queue
            .into_iter()
            .map(|(message, transfer)| keep(&message).then(|| self.post(message, transfer)))
            .collect()
    }

    /// Ends the worker, if any, and drops what was queued for it.
    pub fn end(&mut self) {
        if let Some(w) = self.worker.take() {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        self.ready = false;
        self.queue.clear();
    }
}
