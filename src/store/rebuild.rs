//! `smriti rebuild`: the progress snapshot and the statistics' totals recomputed from every
//! review log (merged: `store::logs`) under the current settings. Part of `store`; must not
//! depend on `tui` or `cli`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::SyncSender;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{
    OpenError, Opened, SaveError, SavesLayout, day_fn, device, layout, logs, open_without_progress,
};
use crate::domain::aggregates::{Aggregates, Fold};
use crate::domain::logged::Logged;
use crate::domain::progress::Progress;
use crate::domain::replay::{self, Replay};

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

/// What the reading thread hands each deck worker: first the undone answers (before any
/// event), then batches of events, shared by every worker, each with the places of the events
/// of the worker's own decks.
enum Work {
    Start(Arc<HashSet<u64>>),
    Events(Arc<Vec<Logged>>, Vec<u32>),
}

/// Events handed to the deck workers at a time, and how many batches may wait for each.
const BATCH: usize = 4096;
const AHEAD: usize = 4;

/// The events of the log, batched and each given to the worker of its deck (decks go to the
/// workers in turn, in the order they first appear).
struct Dispatch {
    batch: Vec<Logged>,
    mine: Vec<Vec<u32>>,
    workers: FastMap<Box<str>, usize>,
    last: Option<(compact_str::CompactString, usize)>,
}

type FastMap<K, V> = hashbrown::HashMap<K, V>;

impl Dispatch {
    fn new(workers: usize) -> Dispatch {
        Dispatch {
            batch: Vec::with_capacity(BATCH),
            mine: vec![Vec::with_capacity(BATCH); workers],
            workers: FastMap::default(),
            last: None,
        }
    }

    /// The worker of the event's deck.
    fn worker(&mut self, deck: &str) -> usize {
        if let Some((id, w)) = &self.last
            && **id == *deck
        {
            return *w;
        }
        let w = match self.workers.get(deck) {
            Some(&w) => w,
            None => {
                let next = self.workers.len() % self.mine.len().max(1);
                self.workers.insert(deck.into(), next);
                next
            }
        };
        self.last = Some((deck.into(), w));
        w
    }

    fn push(&mut self, e: Logged, to: &[SyncSender<Work>]) {
        let w = self.worker(e.deck());
        if let Some(m) = self.mine.get_mut(w) {
            m.push(self.batch.len() as u32);
        }
        self.batch.push(e);
        if self.batch.len() == BATCH {
            self.send(to);
        }
    }

    /// Hands the batch to the workers (to each only if it has events of its decks).
    fn send(&mut self, to: &[SyncSender<Work>]) {
        let batch = Arc::new(std::mem::replace(
            &mut self.batch,
            Vec::with_capacity(BATCH),
        ));
        for (mine, tx) in self.mine.iter_mut().zip(to) {
            if !mine.is_empty() {
                let mine = std::mem::replace(mine, Vec::with_capacity(BATCH));
                // A closed channel means the worker stopped (it panicked: join says so).
                let _ = tx.send(Work::Events(batch.clone(), mine));
            }
        }
    }
}

/// The most deck workers (one per core, up to this).
const MAX_WORKERS: usize = 4;

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
    // The old progress is not read at all: it is replaced.
    let Opened {
        mut saves,
        settings,
        notices,
        ..
    } = open_without_progress(dir, device, tz)?;
    // The decks' outlines as last indexed (no deck file is read): the snapshot's binary copy
    // keeps each deck's summary made for its outline (`domain::summary`).
    saves.set_outlines(super::deck_index::DeckIndex::load(dir).outlines());
    let cannot_read = |source| RebuildError::Read {
        path: dir.display().to_string(),
        source,
    };
    let found = logs::scan(dir).map_err(cannot_read)?;
    let mut events = 0;
    // Streamed: a quick pass for the undone answers, then the log parsed a batch at a time on
    // every core, so that memory stays the size of the progress, not of the log. Decks are
    // independent, so each is replayed, and its statistics' totals folded, by one of a few
    // workers (one per core), each given every event of its decks in order; only the undone
    // answers (known before the first event) and the last number (the greatest of any
    // worker's) are the whole log's.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS));
    let params = &settings.params;
    let rollover = settings.rollover_hour;
    let (read, done) = std::thread::scope(|scope| {
        let mut to = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Work>(AHEAD);
            to.push(tx);
            handles.push(scope.spawn(move || {
                let day_of = day_fn(tz, rollover);
                let mut replay = Replay::new(params, Arc::default());
                let mut fold = Fold::new(HashSet::new());
                for work in rx {
                    match work {
                        Work::Start(undone) => {
                            fold = Fold::new((*undone).clone());
                            replay = Replay::new(params, undone);
                        }
                        Work::Events(batch, mine) => {
                            for e in mine.iter().filter_map(|&i| batch.get(i as usize)) {
                                let date = day_of(e.at());
                                replay.push_logged(e, date);
                                fold.push_logged(e, date);
                            }
                        }
                    }
                }
                // Each worker turns its own decks into the progress' layout.
                (replay.finish(), fold.finish())
            }));
        }
        // This device's log is read as its owner (which sets its mark and may repair a torn
        // last line), the others up to their last complete line.
        let read = logs::read_all(
            &found,
            Some(&mut saves.log),
            None,
            |undone| {
                let undone = Arc::new(undone);
                for tx in &to {
                    let _ = tx.send(Work::Start(undone.clone()));
                }
                Dispatch::new(workers)
            },
            |dispatch, e| {
                events += 1;
                dispatch.push(e, &to);
            },
        );
        let read = read.map(|(mut dispatch, marks, problems)| {
            dispatch.send(&to);
            (marks, problems)
        });
        drop(to);
        let done: Vec<(Progress, Aggregates)> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        (read, done)
    });
    let (marks, read_problems) = read.map_err(cannot_read)?;
    let mut fold = Aggregates::default();
    let mut parts = Vec::with_capacity(done.len());
    for (part, totals) in done {
        parts.push(part);
        fold.decks.extend(totals.decks);
    }
    fold.decks_changed();
    let progress = replay::join(parts);
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
    // to the ones kept up to date answer by answer), and written (`stats.json`, and its
    // binary copy) on another core while the snapshot is: two files of their own, each
    // replaced atomically.
    saves.totals = None;
    saves.stats_behind = 0;
    let stats = saves.files.stats();
    let rule = super::stats_file::DayRule::new(tz, rollover);
    let outlines = saves.outlines.clone();
    let (snapshot, totals) = std::thread::scope(|scope| {
        let totals =
            scope.spawn(|| super::stats_file::save(&stats, &fold, &marks, &rule, &outlines));
        let snapshot = saves.snapshot(&progress);
        let totals = totals
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (snapshot, totals)
    });
    snapshot?;
    totals.map_err(|source| SaveError::Snapshot {
        path: stats.display().to_string(),
        source,
    })?;
    saves.totals = Some(super::totals::Totals::whole(fold, marks));
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
