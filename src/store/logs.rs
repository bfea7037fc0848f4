//! Every device's logs read as one (issue 19). Each device appends only to its own
//! `reviews.<device>.jsonl` and `tests.<device>.jsonl`; the legacy `reviews.jsonl` and
//! `tests.jsonl` of older versions are read by every device and appended by none. Reading
//! finds the logs by name ([`scan`]), reports what a sync tool left behind, and merges the
//! review logs in one deterministic order ([`merge`]): each log's own events in file order,
//! and across logs the earliest next event first (by its instant, then by the log's device id,
//! the legacy log first), so two machines with the same files compute the same state, bit for
//! bit, whatever order the files arrived in.
//!
//! Start-up reads only the logs' tails, after the marks the snapshot recorded, one per log
//! ([`Marks`]). Tails that would not come after everything already read in that order (a
//! machine that was offline delivers answers older than what this one has read:
//! [`Tails::in_order`] is false) make the caller replay from the start, so the result never
//! depends on when the files came. Must not depend on `tui` or `cli`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::layout::{self, Named};
use super::log_line::FromLine;
use super::review_log::{self, Mark, ReviewLog};
use crate::domain::progress::Event;

/// One log file: whose it is (`None`: the legacy shared log) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    pub device: Option<String>,
    pub path: PathBuf,
}

impl LogFile {
    /// The key the log's mark is kept under (the device id; "" for the legacy log), which is
    /// also its place in the merge's tie-break.
    pub fn key(&self) -> &str {
        self.device.as_deref().unwrap_or("")
    }
}

/// What is in a saves folder, by name.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The review logs, the legacy one first, then by device id.
    pub reviews: Vec<LogFile>,
    /// The mock-test logs, in the same order.
    pub tests: Vec<LogFile>,
    /// The devices that named themselves (`device.<id>.json`).
    pub named: Vec<String>,
    /// Files a sync tool left behind, and conflict copies of the settings, one message each.
    pub notices: Vec<String>,
}

/// Lists the logs in the saves folder `dir` (a missing folder has none).
pub fn scan(dir: &Path) -> io::Result<Found> {
    let mut found = Found::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e),
    };
    let mut leftovers = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let file = |device: Option<&str>| LogFile {
            device: device.map(str::to_owned),
            path: entry.path(),
        };
        match layout::classify(&name) {
            Named::Reviews(d) => found.reviews.push(file(d)),
            Named::Tests(d) => found.tests.push(file(d)),
            Named::DeviceName(d) => found.named.push(d.to_owned()),
            Named::SettingsLog(_) => {}
            Named::SettingsConflict => found.notices.push(format!(
                "{}: a copy of settings.json that a sync tool made when both machines changed it; the settings the app changes (exam date and mode, fitted weights, desired retention, new cards a day) are kept in each device's settings log and none is lost; for the rest smriti uses settings.json: compare the two, keep what you want in settings.json, then delete the copy",
                entry.path().display()
            )),
            Named::Leftover => leftovers.push(entry.path()),
            Named::Other => {}
        }
    }
    leftovers.sort();
    for l in leftovers {
        found.notices.push(format!(
            "{}: ignored (a sync tool's conflict copy or partial file, not one of smriti's logs); every device writes only its own log, so nothing is lost by deleting it",
            l.display()
        ));
    }
    found.reviews.sort_by(|a, b| a.key().cmp(b.key()));
    found.tests.sort_by(|a, b| a.key().cmp(b.key()));
    found.named.sort();
    Ok(found)
}

impl Found {
    /// Makes sure the log at `path` of `device` is listed (a log this device has just
    /// created, perhaps after the folder was scanned).
    pub fn include(&mut self, device: &str, path: PathBuf) {
        if !self.reviews.iter().any(|l| l.path == path) {
            self.reviews.push(LogFile {
                device: Some(device.to_owned()),
                path,
            });
            self.reviews.sort_by(|a, b| a.key().cmp(b.key()));
        }
    }

    /// The devices seen: every one with a log or a name, sorted.
    pub fn devices(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .reviews
            .iter()
            .chain(&self.tests)
            .filter_map(|l| l.device.clone())
            .chain(self.named.iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// How far each review log has been read: one [`Mark`] per log, keyed by device id ("" for
/// the legacy log).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(BTreeMap<String, Mark>);

impl From<Mark> for Marks {
    /// The legacy log's mark alone (an older snapshot's).
    fn from(legacy: Mark) -> Marks {
        Marks::from_parts(legacy, BTreeMap::new())
    }
}

impl Marks {
    /// The marks from a snapshot's fields: the legacy log's, and each device's.
    pub fn from_parts(legacy: Mark, devices: BTreeMap<String, Mark>) -> Marks {
        let mut all = devices;
        all.remove("");
        all.retain(|_, m| *m != Mark::default());
        if legacy != Mark::default() {
            all.insert(String::new(), legacy);
        }
        Marks(all)
    }

    /// The legacy log's mark (the default when it has not been read).
    pub fn legacy(&self) -> Mark {
        self.get("")
    }

    /// The device logs' marks (left out: logs not read at all).
    pub fn devices(&self) -> BTreeMap<String, Mark> {
        self.0
            .iter()
            .filter(|(k, m)| !k.is_empty() && **m != Mark::default())
            .map(|(k, m)| (k.clone(), *m))
            .collect()
    }

    /// The mark of the log kept under `key`.
    pub fn get(&self, key: &str) -> Mark {
        self.0.get(key).copied().unwrap_or_default()
    }

    pub fn set(&mut self, key: &str, mark: Mark) {
        if mark == Mark::default() {
            self.0.remove(key);
        } else {
            self.0.insert(key.to_owned(), mark);
        }
    }

    /// Every log's mark.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Mark)> {
        self.0.iter().map(|(k, m)| (k.as_str(), m))
    }

    /// The latest place in the merge order read so far: the greatest (instant, key) of any
    /// log's events before its mark.
    fn frontier(&self) -> Option<(Timestamp, &str)> {
        self.frontier_except("\u{0}")
    }

    /// [`Marks::frontier`] of every log but `key`'s.
    pub(crate) fn frontier_except(&self, key: &str) -> Option<(Timestamp, &str)> {
        self.0
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .filter_map(|(k, m)| m.at.map(|at| (at, k.as_str())))
            .max()
    }
}

/// What reading every log after its mark found.
#[derive(Debug, Default)]
pub struct Tails {
    /// The new events, merged ([`merge`]).
    pub events: Vec<Event>,
    /// For each event, the index (in [`Found::reviews`]) of the log it came from.
    pub sources: Vec<usize>,
    /// The marks reached.
    pub marks: Marks,
    /// Damage found, one message per problem.
    pub problems: Vec<String>,
    /// Whether the new events all come after every event read before, in the merge order, so
    /// that applying them to what was read before gives what reading everything would. False
    /// when answers from another device arrived late.
    pub in_order: bool,
}

/// Reads every review log in `found` after its mark in `marks`: this device's own log through
/// `own` (which repairs a torn last line: only the owner may), the others without changing
/// them, up to their last complete line, or up to their marks in `upto` when given (a
/// snapshot's: then `own` is not used, and a log without a mark there is not read). `None`
/// when a mark does not fit its log (the caller reads everything again, from the default
/// marks).
pub fn read_tails(
    found: &Found,
    marks: &Marks,
    mut own: Option<&mut ReviewLog>,
    upto: Option<&Marks>,
) -> io::Result<Option<Tails>> {
    if upto.is_some() {
        own = None;
    }
    // A log read before and gone now (restored from an old backup, or removed): what was
    // read from it is in the progress, so everything is read again.
    if marks
        .iter()
        .any(|(key, _)| !found.reviews.iter().any(|l| l.key() == key))
    {
        return Ok(None);
    }
    let mut per_log: Vec<Vec<Event>> = Vec::with_capacity(found.reviews.len());
    let mut reached = marks.clone();
    let mut problems = Vec::new();
    for log in &found.reviews {
        let from = marks.get(log.key());
        let mut events = Vec::new();
        let mine = own.as_deref_mut().filter(|o| o.path() == log.path);
        let limit = upto.map_or(u64::MAX, |u| u.get(log.key()).offset);
        match mine {
            Some(o) => match o.read_each(from, |e| events.push(e))? {
                Some(p) => {
                    problems.extend(p);
                    reached.set(log.key(), o.mark());
                }
                None => return Ok(None),
            },
            None => match review_log::read_tail(&log.path, from, limit, |e| events.push(e))? {
                Some((mark, p)) => {
                    problems.extend(p);
                    reached.set(log.key(), mark);
                }
                None => return Ok(None),
            },
        }
        per_log.push(events);
    }
    let with_events = found
        .reviews
        .iter()
        .zip(&per_log)
        .filter(|(l, e)| !e.is_empty() || marks.get(l.key()).at.is_some())
        .count();
    let frontier = marks.frontier();
    let in_order = with_events <= 1
        || found.reviews.iter().zip(&per_log).all(|(l, events)| {
            events
                .first()
                .is_none_or(|head| frontier.is_none_or(|f| (head.at(), l.key()) > f))
        });
    let keys: Vec<&str> = found.reviews.iter().map(LogFile::key).collect();
    let (sources, events) = merge(&keys, per_log).into_iter().unzip();
    Ok(Some(Tails {
        events,
        sources,
        marks: reached,
        problems,
        in_order,
    }))
}

/// The events of several logs (`keys[i]`'s events are `logs[i]`, in file order) in the one
/// merge order: repeatedly the earliest next event, by instant, then by key. Each comes with
/// the index of its log.
pub fn merge(keys: &[&str], logs: Vec<Vec<Event>>) -> Vec<(usize, Event)> {
    let total = logs.iter().map(Vec::len).sum();
    let mut iters: Vec<std::iter::Peekable<std::vec::IntoIter<Event>>> =
        logs.into_iter().map(|l| l.into_iter().peekable()).collect();
    let mut out = Vec::with_capacity(total);
    loop {
        let mut best: Option<(Timestamp, &str, usize)> = None;
        for (i, it) in iters.iter_mut().enumerate() {
            if let Some(e) = it.peek() {
                let here = (e.at(), keys.get(i).copied().unwrap_or(""), i);
                if best.is_none_or(|b| here < b) {
                    best = Some(here);
                }
            }
        }
        let Some((_, _, i)) = best else {
            return out;
        };
        if let Some(e) = iters.get_mut(i).and_then(Iterator::next) {
            out.push((i, e));
        }
    }
}

/// Every event of every review log in `found`, in the merge order: `start` is given the
/// numbers of the undone answers (as the events will be numbered) and makes the state that
/// `each` then folds every event into. Returns that state, the marks reached and the problems
/// found. One log (the usual case: one device, or the legacy log alone) is streamed as it is
/// read and keeps its own numbers. Several are streamed too, merged as they are read (a k-way
/// merge over one reader thread per log, each handing over a batch at a time), and numbered
/// afresh ([`Numbering`]), so that the undone answers of different devices, which number their
/// events from 1 each, are told apart: memory holds a few batches per log, never the logs.
pub fn read_all<S, E: FromLine>(
    found: &Found,
    mut own: Option<&mut ReviewLog>,
    upto: Option<&Marks>,
    start: impl FnOnce(HashSet<u64>) -> S,
    mut each: impl FnMut(&mut S, E),
) -> io::Result<(S, Marks, Vec<String>)> {
    if upto.is_some() {
        own = None;
    }
    let limit = |l: &LogFile| upto.map_or(u64::MAX, |u| u.get(l.key()).offset);
    let non_empty: Vec<&LogFile> = found
        .reviews
        .iter()
        .filter(|l| limit(l) > 0 && std::fs::metadata(&l.path).is_ok_and(|m| m.len() > 0))
        .collect();
    let mut marks = Marks::default();
    let mut problems = Vec::new();
    match non_empty.as_slice() {
        [] => return Ok((start(HashSet::new()), marks, problems)),
        [only] => {
            let mine = own.as_deref_mut().filter(|o| o.path() == only.path);
            let undone = match &mine {
                Some(o) => o.undone()?,
                None => review_log::undone_upto(&only.path, limit(only))?,
            };
            let mut state = start(undone);
            match mine {
                Some(o) => {
                    let read = o.read_each(Mark::default(), |e| each(&mut state, e))?;
                    problems.extend(read.unwrap_or_default());
                    marks.set(only.key(), o.mark());
                }
                None => {
                    let read =
                        review_log::read_tail(&only.path, Mark::default(), limit(only), |e| {
                            each(&mut state, e)
                        })?;
                    if let Some((m, p)) = read {
                        problems.extend(p);
                        marks.set(only.key(), m);
                    }
                }
            }
            return Ok((state, marks, problems));
        }
        _ => {}
    }
    // A quick first pass over each log for its undone answers (only the lines that mention an
    // undo are parsed).
    let mut undone = Vec::with_capacity(non_empty.len());
    for log in &non_empty {
        undone.push(match own.as_deref().filter(|o| o.path() == log.path) {
            Some(o) => o.undone()?,
            None => review_log::undone_upto(&log.path, limit(log))?,
        });
    }
    let mut numbering = Numbering::new(&undone);
    let mut state = start(numbering.undone());
    let keys: Vec<&str> = non_empty.iter().map(|l| l.key()).collect();
    let read = std::thread::scope(|scope| {
        let mut channels = Vec::with_capacity(non_empty.len());
        let mut readers = Vec::with_capacity(non_empty.len());
        for log in &non_empty {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<E>>(BATCHES_AHEAD);
            let mine = own.take_if(|o| o.path() == log.path);
            let path = log.path.clone();
            let to = limit(log);
            readers.push(
                scope.spawn(move || -> io::Result<Option<(Mark, Vec<String>)>> {
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut hand = |e: E| {
                        batch.push(e);
                        if batch.len() == BATCH {
                            // A closed channel means the merge stopped: nothing more is wanted.
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            let _ = tx.send(full);
                        }
                    };
                    let read = match mine {
                        Some(o) => o
                            .read_each(Mark::default(), &mut hand)?
                            .map(|p| (o.mark(), p)),
                        None => review_log::read_tail(&path, Mark::default(), to, &mut hand)?,
                    };
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    Ok(read)
                }),
            );
            channels.push(rx);
        }
        let mut heads: Vec<Head<E>> = channels.into_iter().map(Head::new).collect();
        loop {
            let mut best: Option<(Timestamp, &str, usize)> = None;
            for (i, head) in heads.iter_mut().enumerate() {
                if let Some(at) = head.peek_at() {
                    let here = (at, keys.get(i).copied().unwrap_or(""), i);
                    if best.is_none_or(|b| here < b) {
                        best = Some(here);
                    }
                }
            }
            let Some((_, _, i)) = best else { break };
            if let Some(e) = heads.get_mut(i).and_then(Head::next) {
                each(&mut state, numbering.renumber(i, e));
            }
        }
        drop(heads);
        readers
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a log's reader stopped")))
            })
            .collect::<Vec<_>>()
    });
    for (log, r) in non_empty.iter().zip(read) {
        if let Some((m, p)) = r? {
            problems.extend(p);
            marks.set(log.key(), m);
        }
    }
    Ok((state, marks, problems))
}

/// Events a log's reader hands to the merge at a time, and how many batches it may read ahead.
const BATCH: usize = 4096;
const BATCHES_AHEAD: usize = 2;

/// The next events of one log in a streamed merge: the batch at hand, and the channel the
/// rest comes through.
struct Head<E> {
    rx: std::sync::mpsc::Receiver<Vec<E>>,
    batch: std::collections::VecDeque<E>,
}

impl<E: FromLine> Head<E> {
    fn new(rx: std::sync::mpsc::Receiver<Vec<E>>) -> Head<E> {
        Head {
            rx,
            batch: Default::default(),
        }
    }

    /// The instant of the log's next event (`None`: the log has ended).
    fn peek_at(&mut self) -> Option<Timestamp> {
        while self.batch.is_empty() {
            self.batch = self.rx.recv().ok()?.into();
        }
        self.batch.front().map(E::at)
    }

    fn next(&mut self) -> Option<E> {
        self.peek_at()?;
        self.batch.pop_front()
    }
}

/// Numbers for the merged events of several logs, unique across them: the undone answers
/// (known before the merge, from each log's first pass) get `1..=U` in (log, number) order,
/// every other event the next number after `U` in the merge order, and an undo names its own
/// log's answer by that answer's new number (one that names none takes back nothing).
struct Numbering {
    undone: HashMap<(usize, u64), u64>,
    next: u64,
}

impl Numbering {
    fn new(undone: &[HashSet<u64>]) -> Numbering {
        let mut all: Vec<(usize, u64)> = undone
            .iter()
            .enumerate()
            .flat_map(|(log, seqs)| seqs.iter().map(move |&s| (log, s)))
            .collect();
        all.sort_unstable();
        let undone: HashMap<(usize, u64), u64> = all.into_iter().zip(1..).collect();
        Numbering {
            next: undone.len() as u64,
            undone,
        }
    }

    /// The new numbers of the undone answers.
    fn undone(&self) -> HashSet<u64> {
        self.undone.values().copied().collect()
    }

    /// `e`, the next event in the merge (from log `log`), with its new number.
    fn renumber<E: FromLine>(&mut self, log: usize, mut e: E) -> E {
        let new = match self.undone.get(&(log, e.seq())) {
            Some(&n) if e.is_answer() => n,
            _ => {
                self.next += 1;
                self.next
            }
        };
        e.renumber(new, |undoes| {
            self.undone.get(&(log, undoes)).copied().unwrap_or(0)
        });
        e
    }
}

/// Every event of every review log in the saves folder `dir`, merged (as [`read_all`] numbers
/// them), handed to `each` with the numbers of the undone answers; without changing any file.
pub fn for_each_in(dir: &Path, mut each: impl FnMut(&HashSet<u64>, Event)) -> io::Result<()> {
    let found = scan(dir)?;
    read_all(
        &found,
        None,
        None,
        |undone| undone,
        |undone, e| each(undone, e),
    )
    .map(|_| ())
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;
