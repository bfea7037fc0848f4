//! The saves folder read without locking or changing it: the one statistics pipeline.
//! `smriti stats` and `exam-mode` (beside a running app, perhaps) and the app's statistics
//! screen all get their figures here: the progress from the snapshot and the log's tail, the
//! log's figures from the running totals in `stats.json` and the log's tail, never from the
//! whole log (unless those files are missing or do not fit it: then the log is folded once).
//! Must not depend on `tui` or `cli`.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{SavesLayout, progress_file, review_log, stats_file, tests_log};
use crate::domain::aggregates::{Aggregates, Fold};
use crate::domain::deck::Deck;
use crate::domain::progress::Progress;
use crate::domain::settings::Settings;
use crate::domain::stats::{self, Stats};
use crate::domain::time::{StudyDay, day_start};

fn cannot_read(log: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("cannot read {}: {e}", log.display())
}

/// The progress: the snapshot and the log lines after it, or the whole log replayed when the
/// snapshot is missing, unreadable or does not fit the log.
pub fn progress(dir: &Path, tz: &TimeZone, rollover_hour: u8) -> Result<Progress, String> {
    let day_of = super::day_fn(tz, rollover_hour);
    let files = SavesLayout::new(dir);
    let log = files.reviews();
    if let Ok(Some((mut progress, mark))) = progress_file::load(&files.snapshot()) {
        let fits = review_log::read_only_from(&log, mark, |e| progress.apply(&e, &day_of))
            .map_err(cannot_read(&log))?;
        if fits {
            return Ok(progress);
        }
    }
    let mut progress = Progress::default();
    review_log::read_only_each(&log, |e| progress.apply(&e, &day_of)).map_err(cannot_read(&log))?;
    Ok(progress)
}

/// The log's running totals: `stats.json` and the log lines after it, or the whole log folded
/// when that file is missing, unusable (another day rule) or does not fit the log, or an undo
/// in the tail does not say what it takes back.
pub fn totals(dir: &Path, tz: &TimeZone, rollover_hour: u8) -> Result<Aggregates, String> {
    totals_upto(dir, tz, rollover_hour, u64::MAX)
}

/// [`totals`] of the log's first `upto` bytes (a mark's offset: the snapshot writer brings
/// `stats.json` up to the answer its snapshot is taken at while the app goes on appending).
pub fn totals_upto(
    dir: &Path,
    tz: &TimeZone,
    rollover_hour: u8,
    upto: u64,
) -> Result<Aggregates, String> {
    let day_of = super::day_fn(tz, rollover_hour);
    let rule = stats_file::DayRule::new(tz, rollover_hour);
    let files = SavesLayout::new(dir);
    let log = files.reviews();
    if let Some((mut totals, mark)) = stats_file::load(&files.stats(), &rule) {
        let mut known = true;
        let fits = review_log::read_only_between(&log, mark, upto, |e| {
            known &= totals.apply(&e, &day_of).is_ok();
        })
        .map_err(cannot_read(&log))?;
        if fits && known {
            return Ok(totals);
        }
    }
    let undone = review_log::undone_upto(&log, upto).map_err(cannot_read(&log))?;
    let mut fold = Fold::new(undone);
    review_log::read_only_upto(&log, upto, |e| fold.push(&e, &day_of))
        .map_err(cannot_read(&log))?;
    Ok(fold.finish())
}

/// Every figure of the statistics for `decks` (one deck or all) at `now`: from the log's
/// running totals, the progress and the mock tests of `tests.jsonl`; with the lines of that
/// log that could not be read.
pub fn statistics(
    dir: &Path,
    decks: &[&Deck],
    totals: &Aggregates,
    progress: &Progress,
    settings: &Settings,
    tz: &TimeZone,
    now: Timestamp,
) -> (Stats, Vec<String>) {
    let hour = settings.rollover_hour;
    let today = StudyDay::containing(now, tz, hour).date;
    let day_end = |d: jiff::civil::Date| day_start(d.tomorrow().unwrap_or(d), tz, hour);
    let (tests, problems) = tests_log::answers(&SavesLayout::new(dir).tests());
    let figures = stats::figures(decks, totals, progress, &tests, today, &day_end);
    (figures, problems)
}
