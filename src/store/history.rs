//! The review log read whole for the memory model (`smriti optimize`, `retention`, `plan`):
//! the settings, every card's current state and the training set, in one streamed pass that
//! never holds the log at once, without locking or changing the saves folder (as `smriti stats`
//! reads it, so it works beside a running app).

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{review_log, settings_file};
use crate::domain::memory::training::{Collector, TrainingSet};
use crate::domain::memory::workload::{HabitTally, Habits};
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

/// The settings at `saves/settings.json`: the defaults when there is none, an error (with its
/// place) when it cannot be used, since what is fitted or planned would be saved there.
pub fn settings(saves: &Path) -> Result<Settings, String> {
    let path = super::SavesLayout::new(saves).settings();
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            settings_file::from_str(&path.display().to_string(), &text).map_err(|e| e.to_string())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(format!("{}: cannot be read: {e}", path.display())),
    }
}

/// Reads the saves folder `saves`; `each` sees every event too (for other tallies).
pub fn read(saves: &Path, tz: &TimeZone, mut each: impl FnMut(&Event)) -> Result<History, String> {
    let settings = settings(saves)?;
    let hour = settings.rollover_hour;
    let day_of = |t: Timestamp| StudyDay::containing(t, tz, hour).date;
    let log = super::SavesLayout::new(saves).reviews();
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", log.display());
    let undone = review_log::undone_at(&log).map_err(cannot)?;
    let mut habits = HabitTally::new(undone.clone());
    let mut collector = Collector::new(undone);
    let mut progress = Progress::default();
    let mut answers = 0;
    review_log::read_only_each(&log, |e| {
        if matches!(e, Event::Review { .. } | Event::Cram { .. }) {
            answers += 1;
        }
        progress.apply(&e, &day_of);
        collector.push(&e, &day_of);
        habits.push(&e);
        each(&e);
    })
    .map_err(cannot)?;
    Ok(History {
        settings,
        progress,
        training: collector.finish(),
        habits: habits.finish(),
        answers,
    })
}
