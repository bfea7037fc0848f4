//! The saves folder read without locking or changing it: the one statistics pipeline.
//! `smriti stats` and `exam-mode` (beside a running app, perhaps) and the app's statistics
//! screen all get their figures here: the progress from the snapshot and the log's tail, the
//! log's figures from the running totals in `stats.json` and the log's tail, never from the
//! whole log (unless those files are missing or do not fit it: then the log is folded once).
//! Must not depend on `tui` or `cli`.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::logs::{self, Marks};
use super::{SavesLayout, catch_up, progress_file, stats_file, tests_log};
use crate::domain::aggregates::{Aggregates, Fold};
use crate::domain::outline::OutlineRef;
use crate::domain::progress::Progress;
use crate::domain::settings::Settings;
use crate::domain::stats::{self, Stats};
use crate::domain::time::{StudyDay, day_start};

/// The saves folder's logs could not be read (the folder listed, a log opened or read).
#[derive(Debug, thiserror::Error)]
#[error("cannot read the logs in {}: {source}", dir.display())]
pub struct ReadLogsError {
    pub dir: std::path::PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn cannot_read(dir: &Path) -> impl Fn(std::io::Error) -> ReadLogsError + '_ {
    move |source| ReadLogsError {
        dir: dir.to_path_buf(),
        source,
    }
}

/// The progress: the snapshot and every log's lines after it (the cards of late answers
/// replayed from their history), or every log replayed when the snapshot is missing,
/// unreadable or does not fit the logs (see `store::catch_up`). An answer given on one
/// machine before it had seen another's answer to the same card is rescheduled with the
/// parameters in force at its instant (`settings_log::params_over_time`).
pub fn progress(dir: &Path, tz: &TimeZone, settings: &Settings) -> Result<Progress, ReadLogsError> {
    progress_of(dir, tz, settings, &|_| true)
}

/// [`progress`] for a reader that looks only at the decks `wanted` accepts (`smriti stats
/// --deck`): the snapshot's other decks may be left unread, so the progress of those decks is
/// not to be used.
pub fn progress_of(
    dir: &Path,
    tz: &TimeZone,
    settings: &Settings,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Progress, ReadLogsError> {
    let day_of = super::day_fn(tz, settings.rollover_hour);
    let params = super::settings_log::params_over_time(dir, settings);
    let files = SavesLayout::new(dir);
    let found = logs::scan(dir).map_err(cannot_read(dir))?;
    if let Ok(Some((mut progress, marks))) = progress_file::load_decks(&files.snapshot(), wanted) {
        catch_up::catch_up(&found, &mut progress, &marks, None, &params, &day_of)
            .map_err(cannot_read(dir))?;
        return Ok(progress);
    }
    catch_up::whole(&found, None, &params, &day_of)
        .map(|(p, _)| p)
        .map_err(cannot_read(dir))
}

/// The logs' running totals and the marks they were read up to: `stats.json` and every log's
/// lines after it, or every log folded when that file is missing, unusable (another day
/// rule) or does not fit the logs, or an undo in a tail does not say what it takes back.
/// (Totals are sums: the order in which tails are added does not change them.)
pub fn totals(
    dir: &Path,
    tz: &TimeZone,
    rollover_hour: u8,
) -> Result<(Aggregates, Marks), ReadLogsError> {
    totals_upto(dir, tz, rollover_hour, None)
}

/// [`totals`] of the logs up to the marks `upto` (a snapshot's: the snapshot writer brings
/// `stats.json` up to the answers its snapshot holds while the app goes on appending; a log
/// without a mark there is not read), or of everything (`None`).
pub fn totals_upto(
    dir: &Path,
    tz: &TimeZone,
    rollover_hour: u8,
    upto: Option<&Marks>,
) -> Result<(Aggregates, Marks), ReadLogsError> {
    totals_in(dir, tz, rollover_hour, upto, &|_| true).map(|(t, m, _)| (t, m))
}

/// [`totals`] for a reader that looks only at the decks `wanted` accepts (`smriti stats
/// --deck`): the other decks' totals may be left out or incomplete, so they are not to be used.
/// With the damaged lines of the logs read (one message each, `path:line: …`).
pub fn totals_of(
    dir: &Path,
    tz: &TimeZone,
    rollover_hour: u8,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(Aggregates, Marks, Vec<String>), ReadLogsError> {
    totals_in(dir, tz, rollover_hour, None, wanted)
}

fn totals_in(
    dir: &Path,
    tz: &TimeZone,
    rollover_hour: u8,
    upto: Option<&Marks>,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(Aggregates, Marks, Vec<String>), ReadLogsError> {
    let day_of = super::day_fn(tz, rollover_hour);
    let rule = stats_file::DayRule::new(tz, rollover_hour);
    let files = SavesLayout::new(dir);
    let found = logs::scan(dir).map_err(cannot_read(dir))?;
    if let Some((mut totals, marks)) = stats_file::load_decks(&files.stats(), &rule, wanted)
        && let Some(tails) =
            logs::read_tails(&found, &marks, None, upto).map_err(cannot_read(dir))?
    {
        let mut known = true;
        for e in &tails.events {
            known &= totals.apply(e, &day_of).is_ok();
        }
        if known {
            return Ok((totals, tails.marks, tails.problems));
        }
    }
    let (fold, marks, problems) =
        logs::read_all(&found, None, upto, Fold::new, |f: &mut Fold, e| {
            f.push(&e, &day_of)
        })
        .map_err(cannot_read(dir))?;
    Ok((fold.finish(), marks, problems))
}

/// Every figure of the statistics for `decks` (one deck or all, as outlines: the deck index's,
/// so that no deck file is read) at `now`: from the log's running totals, the progress and the
/// mock tests of `tests.jsonl`; with the lines of that log that could not be read.
pub fn statistics<O: OutlineRef + ?Sized>(
    dir: &Path,
    decks: &[&O],
    totals: &Aggregates,
    progress: &Progress,
    settings: &Settings,
    tz: &TimeZone,
    now: Timestamp,
) -> (Stats, Vec<String>) {
    let hour = settings.rollover_hour;
    let today = StudyDay::containing(now, tz, hour).date;
    let day_end = |d: jiff::civil::Date| day_start(d.tomorrow().unwrap_or(d), tz, hour);
    let (tests, problems) = tests_log::answers_in(dir);
    let figures = stats::figures(decks, totals, progress, &tests, today, &day_end);
    (figures, problems)
}
