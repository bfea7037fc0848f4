//! The snapshot written off the answer path: a thread of its own writes `progress.json` (and,
//! now and then, `stats.json`) from an immutable copy of the progress while the app goes on.
//!
//! The copy costs a pointer per deck (`domain::progress::Progress` keeps each deck behind an
//! `Arc`); an answer given while the copy is held copies only its own deck, once, and the
//! writer lets each deck go as soon as it is written. The file is replaced atomically
//! (`store::atomic`), so a crash or a kill in the middle leaves the previous snapshot, and the
//! review log, which holds every answer, is read after it at the next start: nothing is lost.
//! Told to stop (the app is quitting), the writer gives up within a few thousand items and
//! removes its temporary file; a write that does not stop in time is abandoned
//! ([`Running::abandon`]): its temporary files are removed at once and it replaces nothing
//! more. Must not depend on `tui` or `cli`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use jiff::tz::TimeZone;

use super::logs::Marks;
use super::{SaveError, atomic, progress_cache, progress_file, reader, settings_log, stats_file};
use crate::domain::aggregates::{Aggregates, DeckTotals};
use crate::domain::ids::DeckId;
use crate::domain::outline::Outline;
use crate::domain::progress::{DeckProgress, Event, Progress};

/// What one background write is to do.
pub struct Job {
    /// `progress.json`.
    pub path: PathBuf,
    /// The progress as it stood when the log ended at `mark`.
    pub decks: Vec<(DeckId, Arc<DeckProgress>)>,
    pub mark: Marks,
    /// How far each settings log had been read for that progress.
    pub settings: settings_log::Read,
    /// Bring `stats.json` up to `mark` too, from the files (the totals need not be in memory).
    pub totals: Option<Totals>,
    /// The foreground its writes give way to (the answers' fsyncs; see
    /// [`atomic::Foreground`]); none: written at full speed.
    pub give_way_to: Option<Arc<atomic::Foreground>>,
    /// Test seam: the writer waits for this the first time it asks whether to stop (both
    /// temporary files of `progress.json` and its copy exist then).
    #[cfg(test)]
    pub hold: Option<Receiver<()>>,
    /// The decks' outlines, for the summaries in `progress.cache` (shared, not copied).
    pub outlines: Vec<Arc<Outline>>,
}

/// Where the statistics' running totals are, and the day rule they follow.
pub struct Totals {
    pub dir: PathBuf,
    pub tz: TimeZone,
    pub rollover_hour: u8,
}

impl Job {
    /// A job writing `progress` (taken when the log ended at `mark`, the settings logs read
    /// as far as `settings` says) to `path`.
    pub fn new(
        path: PathBuf,
        progress: &Progress,
        mark: Marks,
        settings: settings_log::Read,
        totals: Option<Totals>,
    ) -> Job {
        Job {
            path,
            decks: progress
                .decks
                .iter()
                .map(|(id, d)| (id.clone(), Arc::clone(d)))
                .collect(),
            mark,
            settings,
            totals,
            give_way_to: None,
            #[cfg(test)]
            hold: None,
            outlines: Vec::new(),
        }
    }
}

/// A write under way.
#[derive(Debug)]
pub struct Running {
    pub mark: Marks,
    stop: Arc<AtomicBool>,
    /// Its temporary files, for [`Running::abandon`].
    temps: Arc<atomic::Temporaries>,
    /// What the write did, sent as it ends.
    ended: Receiver<Ended>,
    handle: JoinHandle<()>,
}

/// What a write did: which files now hold everything up to its mark, and what went wrong (a
/// write told to stop is not an error: it simply replaced nothing more).
#[derive(Debug, Default)]
pub struct Ended {
    pub progress: bool,
    pub totals: bool,
    pub error: Option<SaveError>,
}

impl Running {
    /// Starts `job` on a thread of its own.
    pub fn start(job: Job) -> Running {
        let stop = Arc::new(AtomicBool::new(false));
        let mark = job.mark.clone();
        let flag = Arc::clone(&stop);
        let temps = Arc::new(atomic::Temporaries::default());
        let scope = Arc::clone(&temps);
        let (tx, ended) = std::sync::mpsc::channel();
        let handle = std::thread::spawn(move || {
            give_way();
            atomic::Temporaries::enter(&scope);
            if let Some(fg) = &job.give_way_to {
                atomic::Foreground::give_way(fg);
            }
            let _ = tx.send(run(job, &flag));
        });
        Running {
            mark,
            stop,
            temps,
            ended,
            handle,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// Waits for the write to end.
    pub fn wait(self) -> Ended {
        let ended = self.ended.recv();
        let _ = self.handle.join();
        ended.unwrap_or_else(|_| Ended {
            error: Some(SaveError::Snapshot {
                path: "progress.json".into(),
                source: std::io::Error::other("the snapshot writer stopped unexpectedly"),
            }),
            ..Ended::default()
        })
    }

    /// Waits at most `limit` for the write to end; gives it back if it has not.
    pub fn wait_for(self, limit: Duration) -> Result<Ended, Running> {
        match self.ended.recv_timeout(limit) {
            Ok(ended) => {
                let _ = self.handle.join();
                Ok(ended)
            }
            Err(RecvTimeoutError::Timeout) => Err(self),
            Err(RecvTimeoutError::Disconnected) => Ok(self.wait()),
        }
    }

    /// Tells the write to stop and waits for it (a few milliseconds at most): what it had not
    /// yet replaced is left as it was.
    pub fn stop(self) -> Ended {
        self.stop.store(true, Ordering::SeqCst);
        self.wait()
    }

    /// Tells the write to stop and waits at most `limit` for it (the app is leaving). If it
    /// has not ended by then (it is reading the statistics' totals, which it does not
    /// interrupt, waiting for the disk in an fsync, or waiting for a core), it is given back,
    /// to be [abandoned](Running::abandon) and let go.
    pub fn stop_within(self, limit: Duration) -> Result<Ended, Running> {
        self.stop.store(true, Ordering::SeqCst);
        self.wait_for(limit)
    }

    /// Removes the write's temporary files now and makes the rest of it fail: it creates and
    /// renames nothing more (see [`atomic::Temporaries`]), so it can be let go to end with the
    /// process without leaving anything in the saves folder. What it had already renamed stays
    /// (whole); the log holds every answer either way.
    pub fn abandon(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.temps.abandon();
    }
}

/// The writer's thread gives way to the app's: on Linux (where a nice value is a thread's own)
/// it runs at nice 10, so that on a busy machine the thread answering gets a core first. The
/// write is no less durable for it, only later on a machine with nothing to spare.
fn give_way() {
    // (With the default time slice, not the answering thread's short ones it inherits.)
    if atomic::background_slice() {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers; with the calling thread's id it changes only
    // this thread's nice value.
    unsafe {
        let tid = libc::id_t::try_from(libc::gettid()).unwrap_or(0);
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// Writes the snapshot of `decks` (taken when the logs ended at `mark`, the settings logs read
/// as far as `settings` says) to `path` atomically, and then its binary copy
/// (`progress.cache`) beside it, with a summary of each deck made for its outline among
/// `outlines` (`domain::summary`): both streamed to their temporary files as they are made,
/// never held in memory. The copy is derived and safe to lose: one that fails leaves the old
/// one, which no longer matches and is ignored; it is renamed only after the JSON (which it
/// names), and not at all once `stop` says the app is leaving. `stop` is asked every few
/// thousand items: when it says yes, writing ends with an `Interrupted` error and both
/// temporary files are removed.
pub fn write_snapshot(
    path: &Path,
    decks: Vec<(DeckId, Arc<DeckProgress>)>,
    mark: &Marks,
    settings: &settings_log::Read,
    outlines: &[Arc<Outline>],
    stop: &dyn Fn() -> bool,
) -> std::io::Result<()> {
    let header = progress_file::header(mark, settings);
    let ids: Vec<&str> = decks.iter().map(|(id, _)| id.as_str()).collect();
    let mut cache = progress_cache::Builder::streamed(path, &header, &ids)
        .ok()
        .map(|b| b.with_outlines(outlines));
    let mut file = atomic::Replacement::create(path)?;
    progress_file::write(&mut file, decks, mark, settings, stop, cache.as_mut())?;
    let length = file.written();
    file.commit()?;
    if let Some(cache) = cache.filter(|_| !stop()) {
        let _ = cache.finish(path, length);
    }
    Ok(())
}

fn run(job: Job, stop: &AtomicBool) -> Ended {
    let Job {
        path,
        decks,
        mark,
        settings,
        totals,
        give_way_to,
        #[cfg(test)]
        hold,
        outlines,
    } = job;
    #[cfg(test)]
    let hold = std::cell::RefCell::new(hold);
    // Asked every few hundred items: the writer's CPU work gives way to an answer being made
    // durable too (see [`atomic::Foreground::yield_cpu`]), not only its disk steps.
    let stopped = || {
        #[cfg(test)]
        if let Some(h) = hold.borrow_mut().take() {
            let _ = h.recv();
        }
        if let Some(fg) = &give_way_to {
            fg.yield_cpu();
        }
        stop.load(Ordering::SeqCst)
    };
    let mut ended = Ended::default();
    match write_snapshot(&path, decks, &mark, &settings, &outlines, &stopped) {
        Ok(()) => ended.progress = true,
        Err(_) if stopped() => return ended,
        Err(source) => {
            ended.error = Some(SaveError::Snapshot {
                path: path.display().to_string(),
                source,
            });
            return ended;
        }
    }
    let Some(t) = totals else { return ended };
    if stopped() {
        return ended;
    }
    let rule = stats_file::DayRule::new(&t.tz, t.rollover_hour);
    let path = super::SavesLayout::new(&t.dir).stats();
    let written = match totals_by_deck(&t, &rule, &mark, &outlines) {
        Some(Ok(())) => Ok(()),
        // No copy to start from, a tail that does not fit it, an undo that does not say what
        // it takes back, or the write failed: every deck's totals read at once, as before.
        _ => reader::totals_upto(&t.dir, &t.tz, t.rollover_hour, Some(&mark))
            .map_err(SaveError::Totals)
            .and_then(|(got, marks)| {
                stats_file::save(&path, &got, &marks, &rule, &outlines).map_err(|source| {
                    SaveError::Snapshot {
                        path: path.display().to_string(),
                        source,
                    }
                })
            }),
    };
    match written {
        Ok(()) => ended.totals = true,
        Err(e) => ended.error = Some(e),
    }
    ended
}

/// Brings `stats.json` (and its binary copy) up to the marks `upto` one deck at a time: each
/// deck's totals are decoded from the copy on disk, the log's tail after the copy's marks is
/// added to them, and they are written and let go before the next deck's are read, so the
/// totals (6.8 MB at 100,000 cards) are never all in memory; what is written is what reading
/// them all and adding the tail gives, byte for byte. `None` when that cannot be done (no
/// copy that matches `stats.json` under this day rule, or a tail that does not fit it): then
/// they are read whole.
pub(super) fn totals_by_deck(
    t: &Totals,
    rule: &stats_file::DayRule,
    upto: &Marks,
    outlines: &[Arc<Outline>],
) -> Option<std::io::Result<()>> {
    let path = super::SavesLayout::new(&t.dir).stats();
    let (copy, marks) = stats_file::copy_by_deck(&path, rule)?;
    let found = super::logs::scan(&t.dir).ok()?;
    let tails = super::logs::read_tails(&found, &marks, None, Some(upto)).ok()??;
    let mut tail: HashMap<&str, Vec<&Event>> = HashMap::new();
    for e in &tails.events {
        tail.entry(e.deck()).or_default().push(e);
    }
    let mut ids: Vec<String> = copy.ids().map(str::to_owned).collect();
    ids.extend(tail.keys().map(|id| (*id).to_owned()));
    ids.sort_unstable();
    ids.dedup();
    let day_of = super::day_fn(&t.tz, t.rollover_hour);
    let mut deck = |id: &str| -> std::io::Result<Option<DeckTotals>> {
        let damaged = || std::io::Error::other("stats.cache: a deck's totals are damaged");
        let mut one = Aggregates::default();
        if let Some(d) = copy.deck(id).ok_or_else(damaged)? {
            one.decks.insert(id.to_owned(), d);
        }
        for e in tail.get(id).into_iter().flatten() {
            one.apply(e, &day_of).map_err(std::io::Error::other)?;
        }
        Ok(one.decks.remove(id))
    };
    Some(stats_file::save_by_deck(
        &path,
        &tails.marks,
        rule,
        &ids,
        outlines,
        &mut deck,
    ))
}
