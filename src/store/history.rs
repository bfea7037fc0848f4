//! Every review log (each device's, merged: `store::logs`) read whole for the memory model (`smriti optimize`, `retention`, `plan`):
//! the settings, every card's current state and the training set, in one streamed pass that
//! never holds the log at once, without locking or changing the saves folder (as `smriti stats`
//! reads it, so it works beside a running app).

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::settings_file;
use crate::domain::memory::training::{Collector, TrainingSet};
use crate::domain::memory::workload::{HabitTally, Habits};
use crate::domain::merged::Merged;
use crate::domain::progress::{Event, Progress};
use crate::domain::settings::Settings;
use crate::domain::time::StudyDay;

/// What the log and the settings hold.
#[derive(Debug)]
pub struct History {
    pub settings: Settings,
    pub progress: Progress,
    pub training: TrainingSet,
    /// How the user answers (buttons, seconds), for simulations.
    pub habits: Habits,
    /// Answers in the log (cram and undone ones included).
    pub answers: usize,
}

/// Why the history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The settings file is not valid (its message names the place).
    #[error(transparent)]
    Settings(#[from] super::error::FileError),
    #[error("{path}: cannot be read: {source}")]
    SettingsUnread {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read the review logs in {path}: {source}")]
    Log {
        path: String,
        source: std::io::Error,
    },
}

/// The settings at `saves/settings.json`: the defaults when there is none, an error (with its
/// place) when it cannot be used, since what is fitted or planned would be saved there.
pub fn settings(saves: &Path) -> Result<Settings, HistoryError> {
    let path = super::SavesLayout::new(saves).settings();
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file = settings_file::from_str(&path.display().to_string(), &text)?;
            Ok(super::settings_log::effective(saves, file).0)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(super::settings_log::effective(saves, Settings::default()).0)
        }
        Err(source) => Err(HistoryError::SettingsUnread {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Reads the saves folder `saves`; `each` sees every event too (for other tallies).
pub fn read(
    saves: &Path,
    tz: &TimeZone,
    mut each: impl FnMut(&Event),
) -> Result<History, HistoryError> {
    let settings = settings(saves)?;
    let hour = settings.rollover_hour;
    let day_of = |t: Timestamp| StudyDay::containing(t, tz, hour).date;
    let cannot = |source| HistoryError::Log {
        path: saves.display().to_string(),
        source,
    };
    let found = super::logs::scan(saves).map_err(cannot)?;
    let params = super::settings_log::params_over_time(saves, &settings);
    let mut answers = 0;
    // Every device's log, merged (`store::logs`); streamed when there is one.
    // The progress follows the one rule of `domain::merged`, as every reader's does.
    let ((progress, collector, habits), _, _) = super::logs::read_all(
        &found,
        None,
        None,
        |undone| {
            (
                Merged::new(&params, undone.clone()),
                Collector::new(undone.clone()),
                HabitTally::new(undone),
            )
        },
        |(progress, collector, habits), e| {
            if matches!(e, Event::Review { .. } | Event::Cram { .. }) {
                answers += 1;
            }
            progress.push(&e, &day_of);
            collector.push(&e, &day_of);
            habits.push(&e);
            each(&e);
        },
    )
    .map_err(cannot)?;
    let mut progress = progress.finish();
    progress.last_seq = 0;
    Ok(History {
        settings,
        progress,
        training: collector.finish(),
        habits: habits.finish(),
        answers,
    })
}
