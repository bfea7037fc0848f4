//! The saves folder's snapshots: when `progress.json` (and `stats.json` with it) is rewritten,
//! on another thread on the answer path ([`snapshot_writer`]) or on this one (`smriti
//! rebuild`, an import), and what quitting writes: as good as nothing, since every answer is
//! already in the log. Part of [`Saves`]; must not depend on `tui` or `cli`.

use std::time::Duration;

use super::logs::Marks;
use super::{LEAVE_TAIL, STATS_EVERY, SaveError, Saves, snapshot_writer, stats_file};
use crate::domain::progress::Progress;

/// How long quitting lets a snapshot write under way finish before stopping it.
pub const LEAVE_WAIT: Duration = Duration::from_millis(5);

impl Saves {
    /// Whether enough answers have passed for a periodic snapshot (or the one found at start
    /// needs catching up).
    pub fn snapshot_due(&self) -> bool {
        self.since_snapshot >= self.snapshot_every || self.catch_up
    }

    /// Asks for a snapshot at the next check of [`Saves::snapshot_due`] (a session ended).
    pub fn request_snapshot(&mut self) {
        self.since_snapshot = self.since_snapshot.max(self.snapshot_every);
    }

    /// Changes how often the snapshot is rewritten (the crash test rewrites it after every
    /// answer, so that kills land in the middle of rewrites too).
    pub fn set_snapshot_every(&mut self, answers: u32) {
        self.snapshot_every = answers.max(1);
    }

    /// Log lines the snapshot on disk does not hold (start-up reads them after it).
    pub fn snapshot_lag(&self) -> u64 {
        let on_disk = self.disk_mark.get(self.device.id()).lines;
        self.log.mark().lines.saturating_sub(on_disk)
    }

    /// Whether a snapshot is being written in the background.
    pub fn writing(&self) -> bool {
        self.writer.is_some()
    }

    /// The answer path's snapshot: when one is due ([`Saves::snapshot_due`]) and none is being
    /// written, starts writing `progress` on another thread (see [`snapshot_writer`]) and
    /// returns at once; `stats.json` is brought up to date with it every [`STATS_EVERY`]
    /// events. Also collects the end of the write before, and returns its error if it failed
    /// (the next one tries again). Never writes while answers are pending, nor over a snapshot
    /// that could not be read at start.
    pub fn snapshot_in_background(&mut self, progress: &Progress) -> Result<(), SaveError> {
        let before = self.poll_snapshot();
        if self.writer.is_some()
            || !self.snapshot_due()
            || !self.snapshot_writable
            || !self.in_merge_order
            || !self.pending.is_empty()
            || self.replay_all
        {
            return before;
        }
        self.since_snapshot = 0;
        self.catch_up = false;
        if self.snapshot_fresh && self.stats_behind == 0 {
            return before;
        }
        let totals = (self.stats_behind >= STATS_EVERY).then(|| snapshot_writer::Totals {
            dir: self.files.dir().to_owned(),
            tz: self.tz.clone(),
            rollover_hour: self.rollover_hour,
        });
        self.stats_in_job = if totals.is_some() {
            self.stats_behind
        } else {
            0
        };
        let job = snapshot_writer::Job {
            give_way_to: Some(std::sync::Arc::clone(&self.foreground)),
            #[cfg(test)]
            hold: self.hold_writer.take(),
            outlines: self.outlines.clone(),
            ..snapshot_writer::Job::new(
                self.files.snapshot(),
                progress,
                self.marks(),
                self.settings_read.clone(),
                totals,
            )
        };
        self.writer = Some(snapshot_writer::Running::start(job));
        before
    }

    /// Collects the end of the background write, if it has ended; its error if it failed.
    pub fn poll_snapshot(&mut self) -> Result<(), SaveError> {
        match self.writer.take() {
            Some(w) if w.is_finished() => {
                let mark = w.mark.clone();
                self.written(mark, w.wait())
            }
            running => {
                self.writer = running;
                Ok(())
            }
        }
    }

    /// Takes note of what a background write (taken at `mark`) replaced.
    fn written(&mut self, mark: Marks, ended: snapshot_writer::Ended) -> Result<(), SaveError> {
        if ended.progress {
            self.snapshot_fresh = self.marks() == mark && self.pending.is_empty();
            self.disk_mark = mark;
        }
        if ended.totals {
            self.stats_behind = self.stats_behind.saturating_sub(self.stats_in_job);
            // Totals with decks still unread hold the replaced `stats.cache` open (its disk
            // space kept, and on Windows its replacement refused): let go, and read again
            // from the new copy and the logs after it when next wanted.
            if self
                .totals
                .as_ref()
                .is_some_and(super::totals::Totals::holds_copy)
            {
                self.totals = None;
            }
        }
        self.stats_in_job = 0;
        ended.error.map_or(Ok(()), Err)
    }

    /// Stops the background write, if any (what it had not replaced yet is left as it was).
    fn stop_writing(&mut self) -> Result<(), SaveError> {
        match self.writer.take() {
            Some(w) => {
                let mark = w.mark.clone();
                self.written(mark, w.stop())
            }
            None => Ok(()),
        }
    }

    /// On the way out: cheap. Every answer is already in the log, which the next start reads
    /// after the snapshot on disk, so a write under way is given [`LEAVE_WAIT`] to finish and
    /// is then stopped (or, if it does not stop within as long again, abandoned and let go:
    /// its temporary files are removed at once, see [`snapshot_writer::Running::abandon`]),
    /// and nothing more is written; unless the snapshot lags the log by
    /// [`LEAVE_TAIL`] lines or more: then the write under way is waited for, and the snapshot
    /// brought up to date if it still lags.
    pub fn leave(&mut self, progress: &Progress) -> Result<(), SaveError> {
        let lagging = |s: &Saves| s.snapshot_writable && s.snapshot_lag() >= LEAVE_TAIL;
        let ended = match self.writer.take() {
            None => Ok(()),
            Some(w) if lagging(self) => {
                let mark = w.mark.clone();
                let ended = w.wait();
                self.written(mark, ended)
            }
            Some(w) => {
                let mark = w.mark.clone();
                match w.wait_for(LEAVE_WAIT) {
                    Ok(ended) => self.written(mark, ended),
                    Err(w) => match w.stop_within(LEAVE_WAIT) {
                        Ok(ended) => self.written(mark, ended),
                        Err(w) => {
                            // Nothing of it may be left in the folder when the process ends.
                            w.abandon();
                            self.let_go = Some(w);
                            Ok(())
                        }
                    },
                }
            }
        };
        if lagging(self) {
            return self.snapshot(progress);
        }
        ended
    }

    /// Rewrites `progress.json` atomically, and `stats.json` with it, on this thread (after
    /// stopping any background write). Skipped (Ok) when the snapshot file was unreadable at
    /// start (it is never overwritten), answers are still pending, or it already holds every
    /// answer.
    pub fn snapshot(&mut self, progress: &Progress) -> Result<(), SaveError> {
        // Whatever it had not written, this write replaces.
        let _ = self.stop_writing();
        // (Nor while every log is to be read again for a settings change: the progress in
        // memory is not yet what the settings read so far give.)
        if !self.snapshot_writable
            || !self.in_merge_order
            || !self.pending.is_empty()
            || self.replay_all
        {
            return Ok(());
        }
        if !self.snapshot_fresh {
            let path = self.files.snapshot();
            let decks = progress
                .decks
                .iter()
                .map(|(id, d)| (id.clone(), std::sync::Arc::clone(d)))
                .collect();
            let (marks, read) = (self.marks(), &self.settings_read);
            let outlines = &self.outlines;
            snapshot_writer::write_snapshot(&path, decks, &marks, read, outlines, &|| false)
                .map_err(|source| SaveError::Snapshot {
                    path: path.display().to_string(),
                    source,
                })?;
            self.snapshot_fresh = true;
            self.disk_mark = self.marks();
        }
        self.since_snapshot = 0;
        self.catch_up = false;
        if self.stats_behind > 0 {
            self.save_totals()?;
        }
        Ok(())
    }

    /// Rewrites `stats.json` (a cache: deleting it loses nothing) at the marks its totals
    /// were read up to (this device's log to its end).
    fn save_totals(&mut self) -> Result<(), SaveError> {
        let rule = stats_file::DayRule::new(&self.tz, self.rollover_hour);
        self.totals().map_err(SaveError::Totals)?;
        let Some((totals, marks)) = self.totals.as_ref().and_then(|t| t.whole_parts()) else {
            return Ok(());
        };
        let path = self.files.stats();
        stats_file::save(&path, totals, marks, &rule, &self.outlines).map_err(|source| {
            SaveError::Snapshot {
                path: path.display().to_string(),
                source,
            }
        })?;
        self.stats_behind = 0;
        Ok(())
    }
}

impl Saves {
    /// Test seam: waits for the background write, if any, and takes note of it.
    #[cfg(test)]
    pub(crate) fn wait_for_snapshot(&mut self) -> Result<(), SaveError> {
        match self.writer.take().or_else(|| self.let_go.take()) {
            Some(w) => {
                let mark = w.mark.clone();
                self.written(mark, w.wait())
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
