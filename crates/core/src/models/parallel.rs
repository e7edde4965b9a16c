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

/// The parts [`map_parts`] splits a slice into: fixed, whatever the machine, so that sums
/// over the parts, added in order, are the same bits everywhere.
pub(crate) const PARTS: usize = 4;

/// From this many items [`map_parts`] works its parts out on threads (natively): below,
/// starting them costs more than it saves.
pub(crate) const PARALLEL_FROM: usize = 2_048;

/// `f` of each of up to [`PARTS`] runs of `items` (fixed by their number), in order: side by
/// side natively from [`PARALLEL_FROM`] items, else one after another.
pub(crate) fn map_parts<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let parts: Vec<&[T]> = items.chunks(items.len().div_ceil(PARTS).max(1)).collect();
    if items.len() >= PARALLEL_FROM {
        map(parts, f)
    } else {
        parts.into_iter().map(f).collect()
    }
}
