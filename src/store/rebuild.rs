//! `smriti rebuild`: the snapshot and the statistics' totals recomputed from the whole review
//! log with the current settings. Must not depend on `tui` or `cli`.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::review_log::{Mark, ReviewLog};
use super::{OpenError, Opened, SaveError, SavesLayout, day_fn, layout, open};
use crate::domain::aggregates::Fold;
use crate::domain::progress::Replay;

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

/// What `smriti rebuild` did.
#[derive(Debug)]
pub struct Rebuilt {
    pub events: usize,
    pub items: usize,
    pub backup: Option<PathBuf>,
    pub problems: Vec<String>,
}

/// Recomputes `progress.json` from the whole review log with the current settings. The old
/// snapshot, if any, is kept as `progress.json.bak-<seconds>`.
pub fn rebuild_snapshot(
    dir: &Path,
    tz: &TimeZone,
    now: Timestamp,
) -> Result<Rebuilt, RebuildError> {
    let opened = open(dir, tz)?;
    let Opened {
        mut saves,
        settings,
        notices,
        progress: old,
    } = opened;
    drop(old); // replaced below; not worth its memory meanwhile
    // Streamed: a quick pass for the undone answers, then the replay, so that memory stays
    // the size of the progress, not of the log.
    let log_path = saves.log.path().to_owned();
    let cannot_read = |source| RebuildError::Read {
        path: log_path.display().to_string(),
        source,
    };
    let mut log = ReviewLog::open(&log_path).map_err(cannot_read)?;
    let undone = log.undone().map_err(cannot_read)?;
    let day_of = day_fn(tz, settings.rollover_hour);
    let mut replay = Replay::new(&settings.params, undone.clone());
    let mut fold = Fold::new(undone);
    let mut events = 0;
    // The log is parsed a batch at a time on every core (see `read_each`); the replay follows
    // in order.
    let read_problems = log
        .read_each(Mark::default(), |e| {
            events += 1;
            replay.push(&e, &day_of);
            fold.push(&e, &day_of);
        })
        .map_err(cannot_read)?
        .unwrap_or_default();
    let progress = replay.finish();
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
    saves.log = log;
    saves.snapshot_writable = true;
    saves.snapshot_fresh = false;
    // The statistics' totals are recomputed from the whole log too (a test proves them equal
    // to the ones kept up to date answer by answer).
    saves.totals = Some(fold.finish());
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
