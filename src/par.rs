//! Runs independent jobs (one per deck file, one per batch of log lines) on every core,
//! keeping their order. Used where a large collection makes the work worth it: parsing decks
//! and the review log at start-up, deck counts, `smriti check`. Plain `std::thread::scope`:
//! no I/O, so it lives outside `store`; it knows nothing of decks, files, the terminal or the
//! clock, and imports nothing from this crate.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, spread over the available cores. A panic in `f` is
/// passed on to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut got = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        got.push((i, f(item)));
                    }
                    got
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `(0..n).map(f).collect()`, spread over the available cores in runs of `chunk` indices
/// (one run, on this thread, when `n <= chunk`): for many small jobs, such as one per card of
/// a large deck, where a job each would cost more in hand-over than in work.
pub fn map_indices<R: Send>(n: usize, chunk: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let chunk = chunk.max(1);
    let runs: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(chunk)
        .map(|start| start..(start + chunk).min(n))
        .collect();
    map(&runs, |run| run.clone().map(&f).collect::<Vec<R>>())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 3),
            items.iter().map(|x| x * 3).collect::<Vec<_>>()
        );
        assert_eq!(super::map(&[] as &[u64], |x| *x), Vec::<u64>::new());
    }

    #[test]
    fn indices_keep_their_order_in_runs_of_any_length() {
        for (n, chunk) in [
            (0, 4),
            (1, 4),
            (4, 4),
            (5, 4),
            (1000, 7),
            (1000, 1000),
            (10, 0),
        ] {
            assert_eq!(
                super::map_indices(n, chunk, |i| i * 3),
                (0..n).map(|i| i * 3).collect::<Vec<_>>(),
                "n {n}, chunk {chunk}"
            );
        }
    }
}
