//! Work split across threads natively, and done part after part in the browser's worker
//! (wasm32 has no threads there). The parts and the order their results come back in are the
//! same either way: on one platform, threads or not, the figures are the same bits.

/// `f` of each item, in the items' order: each on its own thread natively.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if items.len() > 1 {
        let f = &f;
        return std::thread::scope(|scope| {
            let running: Vec<_> = items
                .into_iter()
                .map(|item| scope.spawn(move || f(item)))
                .collect();
            running
                .into_iter()
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
    }
    items.into_iter().map(f).collect()
}
