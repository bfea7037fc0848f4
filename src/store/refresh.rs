//! The running app reads what other devices added to the saves folder (issue 19.3): a sync
//! tool delivers their answers while smriti runs, and [`Saves::refresh`] brings them into the
//! progress, in the merge order of `store::logs`; their settings changes arrive through
//! [`Saves::refresh_settings`]; and an undo of an answer that such news was perhaps built on
//! has its card replayed from every log ([`Saves::replay_undone`]), as a fresh reading would.
//! Part of [`Saves`]; must not depend on `tui` or `cli`.

use std::path::PathBuf;

use super::SavesLayout;
use super::logs::Marks;
use super::reader::ReadLogsError;
use super::{Saves, catch_up, day_fn, logs, progress_file, settings_log};
use crate::domain::merged::{Affected, Merged, ParamsOverTime};
use crate::domain::progress::Progress;
use crate::domain::settings::Settings;

/// At start: whether another device's change of the scheduling parameters arrived after the
/// snapshot (read up to `marks`) was written, at an instant before answers in it: answers
/// given on two machines and rescheduled there may be rescheduled otherwise now
/// (`settings_log::params_over_time`), so every log is read again. The snapshot says how far
/// it read each settings log: only the changes after that count. A snapshot that does not
/// say (an older one) is judged by the files' times, which are coarse: a log that grew in
/// the tick the snapshot was written counts as newer, and every log is read once more.
pub(super) fn retuned_since(files: &SavesLayout, marks: &Marks, params: &ParamsOverTime) -> bool {
    let Some(read) = marks.iter().filter_map(|(_, m)| m.at).max() else {
        return false;
    };
    match progress_file::settings_read(&files.snapshot()) {
        Some(positions) => settings_log::changed_after(files.dir(), &positions, read),
        None => {
            settings_log::arrived_after(files.dir(), &files.snapshot()) && params.changed_by(read)
        }
    }
}

/// This device's own write to its settings log `own` (a change of the app's, or the
/// fingerprint of a `settings.json` it brought up to date), which was `before` bytes long just
/// before it: when `sizes` (the settings logs' sizes as last read) had it read up to there, it
/// is now read up to its end, so that [`Saves::news`] does not take smriti's own write for
/// another device's change (one more reading of every settings log, for nothing). Written by
/// anyone else meanwhile, the log was not where it was read: left as news.
pub(super) fn seen_own_write(sizes: &mut Vec<(PathBuf, u64)>, own: PathBuf, before: u64) {
    let now = std::fs::metadata(&own).map_or(0, |m| m.len());
    match sizes.iter_mut().find(|(p, _)| *p == own) {
        Some((_, len)) if *len == before => *len = now,
        None if before == 0 && now > 0 => {
            sizes.push((own, now));
            sizes.sort();
        }
        _ => {}
    }
}

impl Saves {
    /// Reads into `progress` what other devices added to their logs since the folder was last
    /// read (a sync tool delivered it while smriti runs): their new events applied in the
    /// merge order, or, when they arrived late (older than what was read), every log replayed
    /// from the start (`store::logs`). Returns how many events were new. Cheap when nothing
    /// changed: the logs' sizes are compared first.
    pub fn refresh(
        &mut self,
        progress: &mut Progress,
    ) -> Result<usize, super::reader::ReadLogsError> {
        if !self.pending.is_empty() {
            return Ok(0);
        }
        let dir = self.files.dir().to_owned();
        let cannot = |source| super::reader::ReadLogsError {
            dir: dir.clone(),
            source,
        };
        let (found, sizes) = self.look().map_err(cannot)?;
        if sizes == self.seen_sizes && !self.replay_all {
            return Ok(0);
        }
        self.seen_sizes = sizes;
        let day_of = day_fn(&self.tz, self.rollover_hour);
        let own_last = progress.last_seq;
        let caught = if self.replay_all {
            // The parameters changed before answers already read (`Saves::use_settings`).
            let (all, caught) = catch_up::whole(&found, Some(&mut self.log), &self.params, &day_of)
                .map_err(cannot)?;
            *progress = all;
            self.replay_all = false;
            caught
        } else {
            let marks = self.marks();
            catch_up::catch_up(
                &found,
                progress,
                &marks,
                Some(&mut self.log),
                &self.params,
                &day_of,
            )
            .map_err(cannot)?
        };
        // An answer of this device given before now and taken back later was perhaps built
        // on by what was read: the app's undo would not know (see `Saves::record`).
        let now_at = self.log.mark().seq;
        if caught.how == catch_up::How::Whole {
            // Every log read again, undos included: nothing is left to replay.
            self.in_merge_order = true;
            self.undo_broke_order = false;
            self.undone_after_sync = Affected::default();
            self.merged_everything_at = now_at;
        }
        for (deck, key) in caught.touched.items {
            self.merged_at.insert((deck, key), now_at);
        }
        self.marks = caught.marks;
        let new = caught
            .events
            .max(usize::from(caught.how == catch_up::How::Whole));
        progress.last_seq = own_last;
        self.found = found;
        if new > 0 {
            self.snapshot_fresh = false;
            self.since_snapshot = self
                .since_snapshot
                .saturating_add(u32::try_from(new).unwrap_or(u32::MAX));
            // Read again (with the new answers) when next needed.
            self.totals = None;
            self.stats_behind = self.stats_behind.saturating_add(new as u64);
        }
        Ok(new)
    }

    /// Whether another device's log changed size (or appeared) since [`Saves::refresh`] last
    /// read them, or a settings log since [`Saves::refresh_settings`] did: a cheap check (a
    /// folder listing and a `stat` per log) before the refresh.
    pub fn news(&self) -> bool {
        self.replay_all
            || self.look().is_ok_and(|(_, sizes)| sizes != self.seen_sizes)
            || settings_log::sizes(self.files.dir()) != self.settings_sizes
    }

    /// Uses `settings` from now on (after the app changed them, or another device did): the
    /// parameters in force at each instant are read from the settings logs again. When they
    /// differ at an instant before answers already read (another device's change that arrived
    /// late), answers rescheduled since may differ: the next [`Saves::refresh`] reads every
    /// log again, as a fresh reading would.
    pub fn use_settings(&mut self, settings: &Settings) {
        let over_time = settings_log::params_over_time(self.files.dir(), settings);
        if let Some(from) = self.params.first_difference(&over_time) {
            let read = self.marks().iter().filter_map(|(_, m)| m.at).max();
            if read.is_some_and(|r| from <= r) {
                self.replay_all = true;
            }
        }
        self.params = over_time;
    }

    /// Whether the next [`Saves::refresh`] reads every log again (see [`Saves::use_settings`]).
    pub fn rereads_everything(&self) -> bool {
        self.replay_all
    }

    /// The settings a restart would use now, when a settings log changed since it was last
    /// read (another device ran `exam-date`, `exam-mode`, `optimize`, `retention --set` or
    /// `plan --apply`, and a sync tool delivered its `settings.<device>.jsonl`) and they differ
    /// from `in_use`: returned with what changed, and used from now on to reschedule answers
    /// read from other devices (at their instants: see [`Saves::use_settings`], which may
    /// have the next [`Saves::refresh`] read every log again). `None` when nothing changed, and while `settings.json` cannot
    /// be read (a hand edit half done: the settings in use stay). The logs are a few lines
    /// long: each is read whole, as at start.
    pub fn refresh_settings(&mut self, in_use: &Settings) -> Option<(Settings, String)> {
        let dir = self.files.dir().to_owned();
        let sizes = settings_log::sizes(&dir);
        if sizes == self.settings_sizes {
            return None;
        }
        let read = settings_log::positions(&dir);
        // As at start: `settings.json` is brought up to the settings in use where it is stale
        // (its fingerprint recorded in this device's settings log: not news).
        let own = self.own_settings_len();
        let in_use_now = super::settings_written::in_use(&dir, self.device.id());
        if !in_use_now.ok {
            return None;
        }
        self.settings_sizes = sizes;
        self.own_settings_written(own);
        self.settings_read = read;
        let now = in_use_now.settings;
        // Even when the settings in use end the same (two machines chose the same value),
        // the instants of the changes may differ.
        self.use_settings(&now);
        // The exam deadline in the scheduler's parameters is the app's (from the exam date).
        let mut was = in_use.clone();
        was.params.deadline = now.params.deadline;
        let change = settings_log::Change::between(&was, &now, jiff::Timestamp::UNIX_EPOCH)?;
        Some((now, change.describe()))
    }

    /// Changes the settings as the app's own change (`settings_file::update_keeping_backup`:
    /// this device's settings log and `settings.json`), and uses them from now on
    /// ([`Saves::use_settings`]). What this device appended to its settings log is not news
    /// for [`Saves::news`]: the settings in use already have it.
    pub fn update_settings(
        &mut self,
        at: jiff::Timestamp,
        change: impl FnOnce(&mut Settings),
    ) -> Result<(Settings, Option<PathBuf>), super::settings_file::UpdateError> {
        let path = self.files.settings();
        let by = super::settings_file::By {
            device: self.device.id(),
            at,
        };
        let own = self.own_settings_len();
        let saved = super::settings_file::update_keeping_backup(&path, by, change)?;
        self.own_settings_written(own);
        self.use_settings(&saved.0);
        Ok(saved)
    }

    /// This device's settings log's length now (0 when there is none).
    pub(super) fn own_settings_len(&self) -> u64 {
        let own = self.files.settings_of(self.device.id());
        std::fs::metadata(own).map_or(0, |m| m.len())
    }

    /// This device's own write to its settings log, which was `before` bytes long just before
    /// it, is known: see [`seen_own_write`].
    pub(super) fn own_settings_written(&mut self, before: u64) {
        let own = self.files.settings_of(self.device.id());
        seen_own_write(&mut self.settings_sizes, own, before);
    }

    /// When an undo took back an answer that answers read from another device were perhaps
    /// built on (see [`Saves::record`]), its card as reading every log from scratch gives it:
    /// the replayed progress of those cards (and their decks' counts) and the cards, for
    /// `domain::merged::splice`. The progress in memory, with them spliced in, is in the merge
    /// order again. `None` when there is no such undo, or it is not durable yet.
    pub fn replay_undone(&mut self) -> Result<Option<(Progress, Affected)>, ReadLogsError> {
        if self.undone_after_sync.is_empty() || !self.pending.is_empty() {
            return Ok(None);
        }
        let affected = std::mem::take(&mut self.undone_after_sync);
        let marks = self.marks();
        let day_of = day_fn(&self.tz, self.rollover_hour);
        let params = &self.params;
        let read = logs::read_all(
            &self.found,
            None,
            Some(&marks),
            |undone| Merged::only(params, undone, affected.clone()),
            |m, e| m.push(&e, &day_of),
        );
        match read {
            Ok((part, _, _)) => {
                if std::mem::take(&mut self.undo_broke_order) {
                    self.in_merge_order = true;
                }
                Ok(Some((part.finish(), affected)))
            }
            Err(source) => {
                // Tried again after the next answer; the snapshot waits until then.
                self.undone_after_sync = affected;
                Err(ReadLogsError {
                    dir: self.files.dir().to_owned(),
                    source,
                })
            }
        }
    }

    /// The review logs in the folder now, and their sizes.
    fn look(&self) -> std::io::Result<(logs::Found, Vec<(PathBuf, u64)>)> {
        let mut found = logs::scan(self.files.dir())?;
        found.include(self.device.id(), self.log.path().to_owned());
        // This device's own log grows with every answer, which the progress already holds:
        // only the other logs' sizes say whether there is news.
        let sizes = found
            .reviews
            .iter()
            .filter(|l| l.path != self.log.path())
            .map(|l| {
                let len = std::fs::metadata(&l.path).map_or(0, |m| m.len());
                (l.path.clone(), len)
            })
            .collect();
        Ok((found, sizes))
    }

    /// The logs of the saves folder as last read.
    pub fn logs(&self) -> &logs::Found {
        &self.found
    }
}
