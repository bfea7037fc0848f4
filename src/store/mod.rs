//! All file I/O: deck files, and the saves folder with its settings, append-only review log,
//! progress snapshot and lock. Depends on `domain` only; never on `tui`.
//!
//! The saves folder holds:
//! - `reviews.jsonl`: every answer and undo, appended and fsynced before the next card shows;
//! - `progress.json`: a snapshot of every item's state and how far into the log it has seen,
//!   rewritten atomically at the end of a session and every [`SNAPSHOT_EVERY`] answers, on a
//!   thread of its own (`snapshot_writer`; when and what: `snapshots`);
//! - `stats.json`: the statistics' running totals (per deck, each day's and each card's
//!   answers), a cache of the log rewritten with the snapshot (see [`stats_file`]);
//! - `tests.jsonl`: every submitted mock test, appended and fsynced like the review log;
//! - `test-in-progress.json`: the mock test being taken, rewritten atomically after every
//!   answer, removed once the test is in `tests.jsonl` (`store::test_state`);
//! - `settings.json`: the user's settings; `lock`: who is using the folder.

pub mod anki;
pub mod atomic;
pub mod bounded;
pub mod catch_up;
pub mod check;
pub mod check_ids;
mod check_near;
mod check_options;
mod check_questions;
mod check_written;
mod deck_answers;
mod deck_bodies;
pub mod deck_file;
pub mod deck_index;
mod deck_messages;
pub mod deck_model;
mod deck_validate;
pub mod deck_write;
pub mod decks;
mod derived;
pub mod device;
pub mod devices;
pub mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod json_hazards;
pub mod json_pos;
pub mod layout;
pub mod lock;
mod log_batch;
pub mod log_line;
mod log_scan;
pub mod logs;
#[cfg(test)]
mod mock_paper_tests;
mod near_text;
#[cfg(test)]
mod paper_tests;
pub mod progress_cache;
pub mod progress_file;
pub mod reader;
mod rebuild;
mod refresh;
pub mod review_log;
mod save_error;
#[cfg(test)]
mod second_answer_tests;
pub mod settings_file;
pub mod settings_log;
pub mod settings_written;
pub mod snapshot_writer;
mod snapshots;
mod stats_cache;
pub mod stats_file;
mod summary_bytes;
#[cfg(test)]
mod test_events;
pub mod test_state;
pub mod tests_log;
mod totals;
#[cfg(test)]
mod typed_marking_tests;
mod write_behind;

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::domain::progress::{Event, Progress};
use crate::domain::settings::Settings;
pub use layout::SavesLayout;
use logs::Marks;
pub use rebuild::{RebuildError, Rebuilt, rebuild_snapshot};
use review_log::ReviewLog;
pub use save_error::{KEPT, OpenError, SaveError};

/// Answers between two snapshot rewrites. The snapshot only bounds the log's tail that the
/// next start reads after it (a few microseconds a line: 250 lines are lost in the noise of a
/// start, docs/performance.md), while each rewrite writes the whole progress again (17 MB
/// with its binary copy at 100,000 cards); at 50 that was about 330 KB of disk writes an answer,
/// and a background write under way during most answers of a quick session.
pub const SNAPSHOT_EVERY: u32 = 250;

/// Log events between two rewrites of `stats.json` (done by the snapshot writer, from the
/// files): the statistics fold at most about this many lines of the log's tail.
pub const STATS_EVERY: u64 = 500;

/// Quitting leaves the snapshot to the next start (which reads the log after it) unless it
/// lags the log by at least this many lines: then it is written before leaving. Reading a
/// thousand lines at start-up takes about a millisecond; writing the snapshot at 100,000
/// cards, about 100.
pub const LEAVE_TAIL: u64 = 1000;

/// An open saves folder.
#[derive(Debug)]
pub struct Saves {
    files: SavesLayout,
    /// This device: it appends only to its own logs.
    device: device::Device,
    lock: lock::Lock,
    /// This device's review log.
    log: ReviewLog,
    /// Every review log in the folder (this device's among them).
    found: logs::Found,
    /// How far each log has been read into the progress (this device's: see `log.mark()`).
    marks: Marks,
    /// False once the progress in memory is not what reading every log in the merge order
    /// gives (see [`Saves::record`]): the snapshot is then not rewritten.
    in_merge_order: bool,
    /// For each card another device's answers touched while the app ran ([`Saves::refresh`]),
    /// this device's last answer number then; and that number when every log was read again.
    /// An undo of an answer at or before it may not restore the merged state (the answer was
    /// perhaps built on), so the progress in memory is then not written as the snapshot.
    merged_at:
        std::collections::HashMap<(crate::domain::ids::DeckId, crate::domain::deck::ItemKey), u64>,
    merged_everything_at: u64,
    /// The logs' sizes when [`Saves::refresh`] last looked: unchanged, nothing is read.
    seen_sizes: Vec<(PathBuf, u64)>,
    /// The settings logs' sizes when they were last read ([`Saves::refresh_settings`]).
    settings_sizes: Vec<(PathBuf, u64)>,
    /// How far each settings log was read for the settings in use (recorded in the snapshot).
    settings_read: settings_log::Read,
    /// The cards of undos that took back an answer a sync had perhaps built on: replayed from
    /// every log by [`Saves::replay_undone`] once the undo is durable.
    undone_after_sync: crate::domain::merged::Affected,
    /// Whether such an undo alone made the progress in memory leave the merge order (the
    /// replay then brings it back).
    undo_broke_order: bool,
    /// False when `progress.json` could not be read: it is then never overwritten.
    snapshot_writable: bool,
    since_snapshot: u32,
    /// The snapshot on disk is in the current format and holds every answer: quitting or an
    /// idle moment need not rewrite it (~100 ms at 100,000 cards).
    snapshot_fresh: bool,
    /// The log mark of the snapshot on disk (the default when there is none that fits).
    disk_mark: Marks,
    /// The snapshot found at start lags the log or is in an older format: write one as soon
    /// as possible (in the background), whatever the count of answers.
    catch_up: bool,
    /// The snapshot being written in the background, if any.
    writer: Option<snapshot_writer::Running>,
    /// A write told to stop on the way out that had not stopped in time: let go, never
    /// waited for (it ends with the process), abandoned first so that it leaves nothing.
    let_go: Option<snapshot_writer::Running>,
    /// The answers' durable writes, which the background writer gives way to.
    foreground: std::sync::Arc<atomic::Foreground>,
    /// Test seam: the next background write waits for this (see `snapshot_writer::Job`).
    #[cfg(test)]
    pub(crate) hold_writer: Option<std::sync::mpsc::Receiver<()>>,
    /// Log events that `stats.json` does not hold (at least [`STATS_EVERY`] when unknown, so
    /// that the next write brings it up to date).
    stats_behind: u64,
    /// Of those, the ones that the write under way brings it up to (0 if it does not).
    stats_in_job: u64,
    /// Answers between periodic snapshots.
    snapshot_every: u32,
    /// Events applied in memory but not yet durable in the log (after a write error).
    pending: Vec<Event>,
    /// Sequence numbers of answers made durable since [`Saves::take_landed`] was last called.
    landed: Vec<u64>,
    tests: tests_log::TestsLog,
    /// Submitted mock tests not yet durable in `tests.jsonl` (after a write error).
    pending_tests: Vec<tests_log::TestRecord>,
    /// The scheduler's parameters in force at each instant (`settings_log::params_over_time`):
    /// an answer another device gave before it had seen this one's answer to the same card is
    /// rescheduled with those of its instant.
    params: crate::domain::merged::ParamsOverTime,
    /// The parameters changed at an instant before answers already read (another device's
    /// change arrived late): the next [`Saves::refresh`] reads every log again.
    replay_all: bool,
    /// The study-day rule (the statistics' days follow it).
    tz: TimeZone,
    rollover_hour: u8,
    /// The statistics' running totals and the marks they were read up to, read when first
    /// needed (the statistics screen, or the first snapshot) and then kept up to date as each
    /// answer lands in the log.
    totals: Option<totals::Totals>,
    /// The decks' outlines as the app or `rebuild` knows them: each snapshot's binary copy
    /// keeps a summary of each deck made for its outline (`domain::summary`).
    outlines: Vec<std::sync::Arc<crate::domain::outline::Outline>>,
}

/// What opening the saves folder produced.
#[derive(Debug)]
pub struct Opened {
    pub saves: Saves,
    pub progress: Progress,
    pub settings: Settings,
    /// Problems found and handled (damaged lines, unreadable files), for the user.
    pub notices: Vec<String>,
}

/// The function mapping an instant to its study date under `settings` (remembering the last
/// study day: see [`crate::domain::time::study_dates`]).
pub fn day_fn(tz: &TimeZone, rollover_hour: u8) -> impl Fn(Timestamp) -> Date + '_ {
    crate::domain::time::study_dates(tz, rollover_hour)
}

fn folder_err(dir: &Path) -> impl Fn(std::io::Error) -> OpenError + '_ {
    move |source| OpenError::Folder {
        path: dir.display().to_string(),
        source,
    }
}

/// Opens the saves folder `dir` (creating it) as the device `device`: takes the device's lock
/// on it, loads settings, the snapshot and every log's lines after it (or, when the snapshot
/// is missing, does not fit, or another device's answers arrived late, every log from the
/// start).
pub fn open(dir: &Path, device: &device::Device, tz: &TimeZone) -> Result<Opened, OpenError> {
    open_with(dir, device, tz, true)
}

/// [`open`] without the progress: neither the snapshot nor any log is read, and the progress
/// returned is empty (with no mark), for `smriti rebuild`, which recomputes it from every log
/// (reading the snapshot, or replaying every log when it is missing, would be thrown away).
pub(crate) fn open_without_progress(
    dir: &Path,
    device: &device::Device,
    tz: &TimeZone,
) -> Result<Opened, OpenError> {
    open_with(dir, device, tz, false)
}

fn open_with(
    dir: &Path,
    device: &device::Device,
    tz: &TimeZone,
    with_progress: bool,
) -> Result<Opened, OpenError> {
    std::fs::create_dir_all(dir).map_err(folder_err(dir))?;
    let files = SavesLayout::new(dir);
    let lock = lock::acquire(dir, &device.lock_file(dir))?;
    let mut notices = Vec::new();

    // The settings the app changed, on any device, over the file.
    let settings_sizes = settings_log::sizes(dir);
    // How far the settings logs are read, taken first: never more than what is used below.
    let settings_read = settings_log::positions(dir);
    // (`settings.json` is brought up to them where a sync tool left a stale copy there; the
    // fingerprint this device records for it is its own write, not news: see below.)
    let own_settings = files.settings_of(device.id());
    let own_before = std::fs::metadata(&own_settings).map_or(0, |m| m.len());
    let in_use = settings_written::in_use(dir, device.id());
    let settings = in_use.settings;
    notices.extend(in_use.notices);
    let params = settings_log::params_over_time(dir, &settings);
    let day_of = day_fn(tz, settings.rollover_hour);

    // This device appends only to its own log (created here the first time: a folder that
    // holds only the legacy `reviews.jsonl` starts one, and the legacy log is left as it is).
    let own = files.reviews_of(Some(device.id()));
    let mut log = ReviewLog::open(&own).map_err(folder_err(dir))?;
    let mut found = logs::scan(dir).map_err(folder_err(dir))?;
    found.include(device.id(), own);
    notices.append(&mut found.notices);
    let loaded = match with_progress {
        false => Ok(None),
        true => progress_file::load_checked(&files.snapshot()),
    };
    let (mut progress, marks, snapshot_writable, current) = match loaded {
        Ok(Some((p, marks, current))) => (p, marks, true, current),
        Ok(None) => (Progress::default(), Marks::default(), true, false),
        Err(e) => {
            notices.push(e.to_string());
            (Progress::default(), Marks::default(), false, false)
        }
    };
    let retuned = with_progress && refresh::retuned_since(&files, &marks, &params);
    // The snapshot and every log's tail after it, or every log from the start (streamed:
    // replaying everything must not hold a million events in memory at once).
    let caught = if !with_progress {
        Some(catch_up::CaughtUp {
            marks: Marks::default(),
            problems: Vec::new(),
            events: 0,
            touched: Default::default(),
            how: catch_up::How::Tails,
        })
    } else if marks == Marks::default() || retuned {
        None
    } else {
        Some(
            catch_up::catch_up(
                &found,
                &mut progress,
                &marks,
                Some(&mut log),
                &params,
                &day_of,
            )
            .map_err(folder_err(dir))?,
        )
    };
    let caught = match caught {
        Some(c) => c,
        None => {
            let (all, c) = catch_up::whole(&found, Some(&mut log), &params, &day_of)
                .map_err(folder_err(dir))?;
            progress = all;
            c
        }
    };
    // The marks of the snapshot on disk, when it fits the logs.
    let mut disk_mark = Marks::default();
    match caught.how {
        catch_up::How::Tails => disk_mark = marks,
        catch_up::How::Cards { late: false, .. } => disk_mark = marks,
        catch_up::How::Cards { cards: n, late: true } => {
            disk_mark = marks;
            notices.push(format!(
                "answers from another device arrived with times older than the snapshot in progress.json; {} replayed from every log",
                crate::domain::words::plural_as(n, "card they touch was", "cards they touch were")
            ));
        }
        catch_up::How::Whole if retuned => notices.push(
            "a change of the scheduling settings (weights or desired retention) made on another device arrived after progress.json was written; progress was read from every log".to_owned(),
        ),
        catch_up::How::Whole if marks != Marks::default() => notices.push(
            "a review log does not match the snapshot in progress.json; progress was rebuilt from every log".to_owned(),
        ),
        catch_up::How::Whole => {}
    }
    let replayed = u32::try_from(caught.events).unwrap_or(u32::MAX);
    let (marks, problems) = (caught.marks, caught.problems);
    notices.extend(problems);
    // The next answer's number comes from this device's log itself (the snapshot's mark was
    // checked against it above), and can never overflow.
    let last = log.mark().seq;
    if last > review_log::SEQ_LIMIT {
        let line = review_log::line_of_seq(log.path(), last).ok().flatten();
        return Err(OpenError::NumbersUsedUp {
            at: match line {
                Some(l) => format!("{}:{l}", log.path().display()),
                None => log.path().display().to_string(),
            },
            seq: last,
            limit: review_log::SEQ_LIMIT,
        });
    }
    progress.last_seq = last;
    let mut settings_sizes = settings_sizes;
    refresh::seen_own_write(&mut settings_sizes, own_settings, own_before);
    let tests_path = files.tests_of(Some(device.id()));
    let (tests, torn) = tests_log::TestsLog::open(&tests_path).map_err(folder_err(dir))?;
    notices.extend(torn);
    let totals_fresh = current && replayed == 0 && files.stats().exists();
    let snapshot_fresh = current && replayed == 0;
    let catch_up = !snapshot_fresh && (replayed > 0 || files.snapshot().exists());
    Ok(Opened {
        saves: Saves {
            files,
            device: device.clone(),
            lock,
            log,
            found,
            marks,
            seen_sizes: Vec::new(),
            settings_sizes,
            settings_read,
            undone_after_sync: Default::default(),
            undo_broke_order: false,
            merged_at: Default::default(),
            merged_everything_at: 0,
            in_merge_order: true,
            snapshot_writable,
            since_snapshot: replayed,
            snapshot_fresh,
            disk_mark,
            catch_up,
            writer: None,
            let_go: None,
            foreground: std::sync::Arc::default(),
            #[cfg(test)]
            hold_writer: None,
            stats_behind: if totals_fresh { 0 } else { STATS_EVERY },
            stats_in_job: 0,
            snapshot_every: SNAPSHOT_EVERY,
            pending: Vec::new(),
            landed: Vec::new(),
            tests,
            pending_tests: Vec::new(),
            params,
            replay_all: false,
            tz: tz.clone(),
            rollover_hour: settings.rollover_hour,
            totals: None,
            outlines: Vec::new(),
        },
        progress,
        settings,
        notices,
    })
}

impl Saves {
    pub fn dir(&self) -> &Path {
        self.files.dir()
    }

    /// The decks' outlines, for the summaries each snapshot's binary copy keeps (see
    /// `domain::summary`); a deck without one gets none, and its statistics look its cards up.
    pub fn set_outlines(
        &mut self,
        outlines: impl IntoIterator<Item = std::sync::Arc<crate::domain::outline::Outline>>,
    ) {
        self.outlines.clear();
        self.outlines.extend(outlines);
    }

    /// The paths of the folder's files.
    pub fn files(&self) -> &SavesLayout {
        &self.files
    }

    /// Answers and mock-test results kept in memory because they could not be written yet.
    pub fn pending(&self) -> usize {
        self.pending.len() + self.pending_tests.len()
    }

    /// The sequence numbers of the answers made durable since the last call (an answer kept
    /// in memory after a write error lands with a later one, or at a retry).
    pub fn take_landed(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.landed)
    }

    /// Makes `event` durable: appends it (and any earlier answers that failed to save) to the
    /// log with fsync. On failure the events stay pending and are retried on the next call.
    pub fn record(&mut self, event: &Event) -> Result<(), SaveError> {
        // Numbers are unique: an undo names the answer it takes back by its number.
        let last = self.pending.last().map_or(self.log.mark().seq, Event::seq);
        if event.seq() <= last {
            // The state in memory now holds an answer the log cannot: never snapshot it.
            self.snapshot_writable = false;
            return Err(SaveError::Renumbered {
                seq: event.seq(),
                log: self.log.path().display().to_string(),
                last,
            });
        }
        self.snapshot_fresh = false;
        // Another device's answers already read are later than this one (its clock is
        // ahead): the progress in memory is not in the merge order, so it is not written as
        // the snapshot; the next start replays every log.
        if self
            .marks
            .frontier_except(self.device.id())
            .is_some_and(|f| (event.at(), self.device.id()) < f)
        {
            self.in_merge_order = false;
            self.undo_broke_order = false;
        }
        if let Event::Undo {
            undoes, deck, card, ..
        } = event
        {
            let key = (deck.clone(), crate::domain::deck::ItemKey::parse(card));
            let merged = self.merged_at.get(&key).copied().unwrap_or(0);
            if *undoes <= merged.max(self.merged_everything_at) {
                // Not the merged state until its card is replayed (`replay_undone`).
                if self.in_merge_order {
                    self.undo_broke_order = true;
                }
                self.in_merge_order = false;
                self.undone_after_sync.add(event);
            }
        }
        self.pending.push(event.clone());
        self.since_snapshot = self.since_snapshot.saturating_add(1);
        self.flush()
    }

    /// Makes a batch of events durable at once (an imported history): numbered after
    /// everything in the log, appended with one fsync. Nothing may be pending.
    pub fn record_all(&mut self, events: &[Event]) -> Result<(), SaveError> {
        let last = self.log.mark().seq;
        if let Some(e) = events.first().filter(|e| e.seq() <= last) {
            return Err(SaveError::BatchRenumbered {
                seq: e.seq(),
                log: self.log.path().display().to_string(),
                last,
            });
        }
        self.flush_answers()?;
        self.may_write(self.log.path(), self.log.file())?;
        self.log
            .append_all(events)
            .map_err(|source| SaveError::Batch {
                count: events.len(),
                log: self.log.path().display().to_string(),
                source,
            })?;
        self.snapshot_fresh = false;
        self.since_snapshot = self
            .since_snapshot
            .saturating_add(u32::try_from(events.len()).unwrap_or(u32::MAX));
        self.stats_behind = self
            .stats_behind
            .saturating_add(u64::try_from(events.len()).unwrap_or(u64::MAX));
        for e in events {
            self.count(e);
        }
        Ok(())
    }

    /// Makes a submitted mock test durable in `tests.jsonl` (with any earlier ones that failed
    /// to save). On failure it stays in memory and is retried at the next call or
    /// [`Saves::flush`].
    pub fn record_test(&mut self, record: tests_log::TestRecord) -> Result<(), SaveError> {
        self.pending_tests.push(record);
        self.flush()
    }

    /// Retries writing pending answers, then pending mock-test results.
    pub fn flush(&mut self) -> Result<(), SaveError> {
        // A background snapshot starts no write of its own meanwhile (see atomic::Foreground).
        let fg = std::sync::Arc::clone(&self.foreground);
        let _busy = (!self.pending.is_empty() || !self.pending_tests.is_empty()).then(|| fg.hold());
        let answers = self.flush_answers();
        let tests = self.flush_tests();
        match (answers, tests) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(a), Err(t)) => Err(SaveError::Both(Box::new(a), Box::new(t))),
            (Err(e), Ok(())) | (Ok(()), Err(e)) => Err(e),
        }
    }

    /// Whether writing may go on: the saves folder is still the one locked, and `file` (open
    /// as `handle`) is still the file at its path. Otherwise what would be written would go
    /// to a folder or file nobody reads again.
    fn may_write(&self, file: &Path, handle: &std::fs::File) -> Result<(), SaveError> {
        self.lock.check()?;
        if same_file(file, handle) {
            return Ok(());
        }
        Err(SaveError::FileReplaced {
            file: file.display().to_string(),
        })
    }

    fn flush_answers(&mut self) -> Result<(), SaveError> {
        const WHAT: &str = "answer";
        if !self.pending.is_empty()
            && let Err(e) = self.may_write(self.log.path(), self.log.file())
        {
            return Err(SaveError::Held {
                count: self.pending.len(),
                what: WHAT,
                why: Box::new(e),
            });
        }
        while let Some(e) = self.pending.first() {
            self.log.append(e).map_err(|source| SaveError::Append {
                count: self.pending.len(),
                what: WHAT,
                file: self.log.path().display().to_string(),
                source,
            })?;
            self.landed.push(e.seq());
            self.stats_behind = self.stats_behind.saturating_add(1);
            let e = self.pending.remove(0);
            self.count(&e);
        }
        Ok(())
    }

    fn flush_tests(&mut self) -> Result<(), SaveError> {
        const WHAT: &str = "test result";
        if !self.pending_tests.is_empty()
            && let Err(e) = self.may_write(self.tests.path(), self.tests.file())
        {
            return Err(SaveError::Held {
                count: self.pending_tests.len(),
                what: WHAT,
                why: Box::new(e),
            });
        }
        while let Some(r) = self.pending_tests.first() {
            self.tests.append(r).map_err(|source| SaveError::Append {
                count: self.pending_tests.len(),
                what: WHAT,
                file: self.tests.path().display().to_string(),
                source,
            })?;
            self.pending_tests.remove(0);
        }
        Ok(())
    }

    /// How far every log has been read into the progress: this device's log to its end.
    pub fn marks(&self) -> Marks {
        let mut marks = self.marks.clone();
        marks.set(self.device.id(), self.log.mark());
        marks
    }

    /// This device's review log, the one file answers are appended to.
    pub fn log_path(&self) -> &Path {
        self.log.path()
    }

    /// This device's mock-test log.
    pub fn tests_path(&self) -> &Path {
        self.tests.path()
    }

    /// This device.
    pub fn device(&self) -> &device::Device {
        &self.device
    }

    /// Adds an event now durable in this device's log to the running totals, when they are in
    /// memory.
    fn count(&mut self, e: &Event) {
        if let Some(t) = &mut self.totals {
            let day_of = day_fn(&self.tz, self.rollover_hour);
            if t.count(e, &day_of).is_err() {
                // Cannot happen for answers this build writes (or a deck's totals damaged on
                // disk since): read them again when needed.
                self.totals = None;
            } else {
                t.marks_mut().set(self.device.id(), self.log.mark());
            }
        }
    }
}

impl Saves {
    /// Test seam: make log appends fail (or succeed again).
    #[cfg(test)]
    pub(crate) fn inject_failure(&mut self, kind: Option<std::io::ErrorKind>) {
        self.log.inject = kind;
        self.log.inject_times = None;
        self.tests.inject = kind;
    }

    /// Test seam: make the next `times` answer appends fail with `kind` (a disk that is full
    /// for a while).
    #[cfg(test)]
    pub(crate) fn inject_failures(&mut self, kind: std::io::ErrorKind, times: u32) {
        self.log.inject = Some(kind);
        self.log.inject_times = Some(times);
    }
}

/// Whether the file at `path` is the one open as `handle` (same device and inode).
fn same_file(path: &Path, handle: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), handle.metadata()) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
