//! The running app reads what other devices added to the saves folder (issue 19.3): a sync
//! tool delivers their answers while smriti runs, and [`Saves::refresh`] brings them into the
//! progress, in the merge order of `store::logs`. Part of [`Saves`]; must not depend on `tui`
//! or `cli`.

use std::path::PathBuf;

use super::{Saves, catch_up, day_fn, logs};
use crate::domain::progress::Progress;

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
        if sizes == self.seen_sizes {
            return Ok(0);
        }
        self.seen_sizes = sizes;
        let day_of = day_fn(&self.tz, self.rollover_hour);
        let own_last = progress.last_seq;
        let marks = self.marks();
        let caught = catch_up::catch_up(
            &found,
            progress,
            &marks,
            Some(&mut self.log),
            &self.params,
            &day_of,
        )
        .map_err(cannot)?;
        // An answer of this device given before now and taken back later was perhaps built
        // on by what was read: the app's undo would not know (see `Saves::record`).
        let now_at = self.log.mark().seq;
        if caught.how == catch_up::How::Whole {
            self.in_merge_order = true;
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
    /// read them: a cheap check (a folder listing and a `stat` per log) before the refresh.
    pub fn news(&self) -> bool {
        self.look().is_ok_and(|(_, sizes)| sizes != self.seen_sizes)
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
