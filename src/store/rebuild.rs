//! `smriti rebuild`: the progress snapshot and the statistics' totals recomputed from every
//! review log (merged: `store::logs`) under the current settings. Part of `store`; must not
//! depend on `tui` or `cli`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{OpenError, Opened, SaveError, SavesLayout, day_fn, device, layout, logs, open};
use crate::domain::aggregates::Fold;
use crate::domain::progress::{Event, Replay};

/// Why `smriti rebuild` could not rebuild the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("could not back up {path}: {source}")]
    Backup {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// What the replay hands the thread that folds the statistics' totals.
enum ToFold {
    /// The undone answers (before any event).
    Start(HashSet<u64>),
    /// The next events, in log order.
    Events(Vec<Event>),
}

/// Events handed to the fold at a time, and how many batches may wait for it.
const FOLD_BATCH: usize = 4096;
const FOLD_AHEAD: usize = 4;

/// What `smriti rebuild` did.
#[derive(Debug)]
pub struct Rebuilt {
    pub events: usize,
    pub items: usize,
    pub backup: Option<PathBuf>,
    pub problems: Vec<String>,
}

/// Recomputes `progress.json` from every review log with the current settings. The old
/// snapshot, if any, is kept as `progress.json.bak-<seconds>`.
pub fn rebuild_snapshot(
    dir: &Path,
    device: &device::Device,
    tz: &TimeZone,
    now: Timestamp,
) -> Result<Rebuilt, RebuildError> {
    let opened = open(dir, device, tz)?;
    let Opened {
        mut saves,
        settings,
        notices,
        progress: old,
    } = opened;
    drop(old); // replaced below; not worth its memory meanwhile
    let cannot_read = |source| RebuildError::Read {
        path: dir.display().to_string(),
        source,
    };
    let found = logs::scan(dir).map_err(cannot_read)?;
    let mut events = 0;
    // Streamed when there is one log: a quick pass for the undone answers, then the replay,
    // parsed a batch at a time on every core, so that memory stays the size of the progress,
    // not of the log. The statistics' totals are folded on a thread of their own, a batch of
    // events behind the replay (each needs only the events, in order).
    let (tx, rx) = std::sync::mpsc::sync_channel::<ToFold>(FOLD_AHEAD);
    let (read, fold) = std::thread::scope(|scope| {
        let folding = scope.spawn(move || {
            let day_of = day_fn(tz, settings.rollover_hour);
            let mut fold = Fold::new(HashSet::new());
            for message in rx {
                match message {
                    ToFold::Start(undone) => fold = Fold::new(undone),
                    ToFold::Events(batch) => batch.iter().for_each(|e| fold.push(e, &day_of)),
                }
            }
            fold.finish()
        });
        let day_of = day_fn(tz, settings.rollover_hour);
        let read = logs::read_all(
            &found,
            None,
            None,
            |undone| {
                let _ = tx.send(ToFold::Start(undone.clone()));
                (
                    Replay::new(&settings.params, undone),
                    Vec::with_capacity(FOLD_BATCH),
                )
            },
            |(replay, batch), e| {
                events += 1;
                replay.push(&e, &day_of);
                batch.push(e);
                if batch.len() == FOLD_BATCH {
                    let full = std::mem::replace(batch, Vec::with_capacity(FOLD_BATCH));
                    let _ = tx.send(ToFold::Events(full));
                }
            },
        );
        let read = read.map(|((replay, rest), marks, problems)| {
            let _ = tx.send(ToFold::Events(rest));
            (replay.finish(), marks, problems)
        });
        drop(tx);
        let fold = folding
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (read, fold)
    });
    let (progress, marks, read_problems) = read.map_err(cannot_read)?;
    let path = saves.files.snapshot();
    let backup = if path.exists() {
        let b = layout::backup(&path, now.as_second());
        std::fs::rename(&path, &b).map_err(|source| RebuildError::Backup {
            path: path.display().to_string(),
            source,
        })?;
        Some(b)
    } else {
        None
    };
    saves.marks = marks.clone();
    saves.snapshot_writable = true;
    saves.snapshot_fresh = false;
    // The statistics' totals are recomputed from the whole log too (a test proves them equal
    // to the ones kept up to date answer by answer).
    saves.totals = Some((fold, marks));
    saves.stats_behind = super::STATS_EVERY;
    saves.snapshot(&progress)?;
    let mut problems: Vec<String> = notices
        .into_iter()
        .filter(|n| !SavesLayout::mentions_snapshot(n))
        .collect();
    problems.extend(read_problems);
    Ok(Rebuilt {
        events,
        items: progress.decks.values().map(|d| d.items.len()).sum(),
        backup,
        problems,
    })
}
