//! The statistics' running totals as the saves keep them in memory (see
//! `domain::aggregates`), read deck by deck: opening them reads the head of `stats.cache` (its
//! marks and list of decks) and the logs' tails after those marks, and a deck's totals are
//! read from the copy when a reader first wants that deck. So the statistics of one deck, the
//! first time, read that deck's totals only, not every deck's (which grew with the cards
//! answered in the whole collection: 22 MB and 39 ms at a million cards). The events counted
//! for a deck not read yet (the log's tail, answers since) wait beside it, in log order, and
//! are added when it is read (totals are per deck: the order across decks changes nothing).
//! Without a usable copy, or when a deck's body in it turns out damaged, the totals are read
//! whole as before (`store::reader::totals`: the JSON, or the whole log folded).
//!
//! Part of [`super::Saves`]; must not depend on `tui` or `cli`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::logs::{self, Marks};
use super::reader::{self, ReadLogsError};
use super::{SavesLayout, stats_cache, stats_file};
use crate::domain::aggregates::Aggregates;
use crate::domain::progress::Event;

/// Events waiting for decks not read yet, past which they are added at once (their decks
/// read), so that an app left open with the statistics seen once holds no growing list.
const PENDING_MAX: usize = 4096;

/// The running totals and the marks they were read up to; some decks perhaps still on disk.
pub struct Totals {
    /// The decks read so far (and those the copy does not have, made by answers since).
    read: Aggregates,
    marks: Marks,
    unread: Option<Unread>,
}

impl std::fmt::Debug for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totals")
            .field("read", &self.read)
            .field("marks", &self.marks)
            .field(
                "unread",
                &self.unread.as_ref().map(|u| (u.ids.len(), u.waiting)),
            )
            .finish()
    }
}

/// The decks of the copy on disk not read yet.
struct Unread {
    copy: stats_cache::Copy,
    ids: HashSet<String>,
    /// Events counted for those decks since the copy's marks, in log order.
    pending: HashMap<String, Vec<Event>>,
    waiting: usize,
}

/// A deck's totals in `stats.cache` could not be read or were damaged.
#[derive(Debug)]
pub struct Damaged;

impl Totals {
    /// Totals held whole (folded by `rebuild`, or read whole).
    pub fn whole(totals: Aggregates, marks: Marks) -> Totals {
        Totals {
            read: totals,
            marks,
            unread: None,
        }
    }

    /// The logs' running totals up to their ends (as [`reader::totals`] gives them), with every
    /// deck of `stats.cache` left unread until wanted when the copy is usable and the tails
    /// fit it; otherwise read whole.
    pub fn open(dir: &Path, tz: &TimeZone, rollover_hour: u8) -> Result<Totals, ReadLogsError> {
        if let Some(t) = Totals::open_lazily(dir, tz, rollover_hour) {
            return Ok(t);
        }
        Totals::open_whole(dir, tz, rollover_hour)
    }

    /// [`Totals::open`], every deck read at once (see [`reader::totals`]).
    pub fn open_whole(
        dir: &Path,
        tz: &TimeZone,
        rollover_hour: u8,
    ) -> Result<Totals, ReadLogsError> {
        reader::totals(dir, tz, rollover_hour).map(|(t, m)| Totals::whole(t, m))
    }

    fn open_lazily(dir: &Path, tz: &TimeZone, rollover_hour: u8) -> Option<Totals> {
        let rule = stats_file::DayRule::new(tz, rollover_hour);
        let (copy, marks) = stats_file::copy_by_deck(&SavesLayout::new(dir).stats(), &rule)?;
        let found = logs::scan(dir).ok()?;
        let tails = logs::read_tails(&found, &marks, None, None).ok()??;
        let ids = copy.ids().map(str::to_owned).collect();
        let mut t = Totals {
            read: Aggregates::default(),
            marks: tails.marks,
            unread: Some(Unread {
                copy,
                ids,
                pending: HashMap::new(),
                waiting: 0,
            }),
        };
        let day_of = super::day_fn(tz, rollover_hour);
        for e in &tails.events {
            // (An undo that does not say what it takes back: the whole log is folded.)
            t.count(e, &day_of).ok()?;
        }
        Some(t)
    }

    /// The marks the totals hold the logs up to.
    pub fn marks_mut(&mut self) -> &mut Marks {
        &mut self.marks
    }

    /// Whether some decks are still only on disk: the copy they are read from is held open.
    pub fn holds_copy(&self) -> bool {
        self.unread.is_some()
    }

    /// Whether deck `id` is still only on disk.
    #[cfg(test)]
    pub fn is_unread(&self, id: &str) -> bool {
        self.unread.as_ref().is_some_and(|u| u.ids.contains(id))
    }

    /// Counts one event (in log order): added to its deck's totals, or kept until that deck
    /// is read. `Err` when it cannot be counted (an undo that does not say what it takes
    /// back) or waiting events could not be added (a deck damaged on disk): the totals are
    /// then to be read again.
    pub fn count(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) -> Result<(), Lost> {
        if let Event::Undo {
            takes_back: None, ..
        } = e
        {
            return Err(Lost);
        }
        let Some(u) = self.unread.as_mut().filter(|u| u.ids.contains(e.deck())) else {
            return self.read.apply(e, day_of).map_err(|_| Lost);
        };
        if matches!(e, Event::Review { .. } | Event::Undo { .. }) {
            u.pending
                .entry(e.deck().to_owned())
                .or_default()
                .push(e.clone());
            u.waiting += 1;
        }
        if u.waiting > PENDING_MAX {
            let ids: Vec<String> = u.pending.keys().cloned().collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            self.read_decks(&ids, day_of).map_err(|_| Lost)?;
        }
        Ok(())
    }

    /// The totals with deck `id` read (the others perhaps not: not to be used for them).
    pub fn of_deck(
        &mut self,
        id: &str,
        day_of: &dyn Fn(Timestamp) -> Date,
    ) -> Result<&Aggregates, Damaged> {
        self.read_decks(&[id], day_of)?;
        Ok(&self.read)
    }

    /// The totals with every deck read.
    pub fn all(&mut self, day_of: &dyn Fn(Timestamp) -> Date) -> Result<&Aggregates, Damaged> {
        if let Some(u) = &self.unread {
            let ids: Vec<String> = u.ids.iter().cloned().collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            self.read_decks(&ids, day_of)?;
        }
        Ok(&self.read)
    }

    /// The decks' totals read so far (see [`Totals::of_deck`] and [`Totals::all`]).
    pub fn held(&self) -> &Aggregates {
        &self.read
    }

    /// The totals with every deck read and the marks, when every deck has been read.
    pub fn whole_parts(&self) -> Option<(&Aggregates, &Marks)> {
        self.unread.is_none().then_some((&self.read, &self.marks))
    }

    /// Reads the decks `ids` that are still on disk (in one pass over the copy) and adds the
    /// events waiting for them.
    fn read_decks(
        &mut self,
        ids: &[&str],
        day_of: &dyn Fn(Timestamp) -> Date,
    ) -> Result<(), Damaged> {
        let Some(u) = &mut self.unread else {
            return Ok(());
        };
        let wanted: HashSet<&str> = ids
            .iter()
            .copied()
            .filter(|id| u.ids.contains(*id))
            .collect();
        if !wanted.is_empty() {
            let got = u.copy.decks(&|id| wanted.contains(id)).ok_or(Damaged)?;
            for (id, d) in got {
                u.ids.remove(&id);
                let waiting = u.pending.remove(&id).unwrap_or_default();
                u.waiting -= waiting.len();
                self.read.decks.insert(id, d);
                for e in &waiting {
                    // (Checked when it was counted.)
                    self.read.apply(e, day_of).map_err(|_| Damaged)?;
                }
            }
            // (The days added together are made only once every deck is read; none is after.)
            self.read.decks_changed();
        }
        if u.ids.is_empty() {
            self.unread = None;
        }
        Ok(())
    }
}

impl super::Saves {
    /// The statistics' running totals, up to the last answer in the logs: read (`stats.json`
    /// and the logs after it) the first time, then kept up to date; every deck's.
    pub fn totals(&mut self) -> Result<&Aggregates, reader::ReadLogsError> {
        self.totals_for(None)
    }

    /// [`Saves::totals`] for the statistics of the decks `ids`: of one deck, with that deck's
    /// totals read (`stats.cache` read for it only, the first time), the other decks' not to
    /// be used; of more, every deck's (their figures add all decks' days).
    pub fn totals_of<'a>(
        &mut self,
        mut ids: impl ExactSizeIterator<Item = &'a str>,
    ) -> Result<&Aggregates, reader::ReadLogsError> {
        match ids.len() {
            1 => self.totals_for(ids.next()),
            _ => self.totals_for(None),
        }
    }

    fn totals_for(&mut self, id: Option<&str>) -> Result<&Aggregates, reader::ReadLogsError> {
        let (dir, tz, hour) = (self.files.dir(), &self.tz, self.rollover_hour);
        let mut totals = match self.totals.take() {
            Some(t) => t,
            None => Totals::open(dir, tz, hour)?,
        };
        let day_of = super::day_fn(tz, hour);
        let read = match id {
            Some(id) => totals.of_deck(id, &day_of).is_ok(),
            None => totals.all(&day_of).is_ok(),
        };
        if !read {
            // A deck's totals damaged in the copy: every deck read again, whole.
            totals = Totals::open_whole(dir, tz, hour)?;
        }
        Ok(self.totals.insert(totals).held())
    }
}

/// The totals in memory are to be let go and read again (see [`Totals::count`]).
#[derive(Debug)]
pub struct Lost;

#[cfg(test)]
#[path = "totals_tests.rs"]
mod tests;
