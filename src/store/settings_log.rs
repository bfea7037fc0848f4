//! Settings the app changes, as events (issue 19): `settings.<device>.jsonl`, one line per
//! change made on that device (`exam-date`, `exam-mode`, `optimize`, `retention --set`,
//! `plan --apply`, and the same in the app), appended and fsynced by that device only. Every
//! device reads every device's settings log, merged as the review logs are (each device's
//! changes in its log's order, across devices by time, then device id), the later change of
//! a field winning, and lays the result over `settings.json`, the file a user edits
//! by hand: an app's change is the latest word on its field (see [`effective`]). So two
//! machines that change settings apart never lose a change to a sync tool's conflict copy.
//! Part of `store`; must not depend on `tui` or `cli`.
//!
//! These logs are a few lines long and are read whole at every start, unlike the review logs
//! (read from the snapshot's marks): that is why they are files of their own.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::layout::{self, Named, SavesLayout};
use crate::domain::merged::ParamsOverTime;
use crate::domain::scheduler::Params;
use crate::domain::settings::Settings;

/// A field of `settings.json` that smriti's commands change (and its settings logs hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ExamDate,
    ExamMode,
    Retention,
    Weights,
    NewPerDay,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::ExamDate,
        Field::ExamMode,
        Field::Retention,
        Field::Weights,
        Field::NewPerDay,
    ];

    /// The field's value in `s`, exactly (floats by their bits), as text.
    fn value(self, s: &Settings) -> String {
        match self {
            Field::ExamDate => s
                .exam_date
                .map_or_else(|| "none".to_owned(), |d| d.to_string()),
            Field::ExamMode => s.exam_mode.to_string(),
            Field::Retention => format!("{:x}", s.params.desired_retention.to_bits()),
            Field::Weights => s
                .params
                .weights
                .iter()
                .map(|w| format!("{:x}", w.to_bits()))
                .collect::<Vec<_>>()
                .join(","),
            Field::NewPerDay => s.limits.new_per_day.to_string(),
        }
    }

    /// Copies this field's value from `from` into `to`.
    pub fn copy(self, from: &Settings, to: &mut Settings) {
        match self {
            Field::ExamDate => to.exam_date = from.exam_date,
            Field::ExamMode => to.exam_mode = from.exam_mode,
            Field::Retention => to.params.desired_retention = from.params.desired_retention,
            Field::Weights => to.params.weights = from.params.weights,
            Field::NewPerDay => to.limits.new_per_day = from.limits.new_per_day,
        }
    }

    /// Whether `a` and `b` hold the same value in this field (floats by their bits).
    pub fn same(self, a: &Settings, b: &Settings) -> bool {
        self.value(a) == self.value(b)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`Field`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fields(u8);

impl Fields {
    pub const NONE: Fields = Fields(0);
    pub const ALL: Fields = Fields(0b1_1111);

    pub fn has(self, f: Field) -> bool {
        self.0 & f.bit() != 0
    }

    pub fn with(self, f: Field) -> Fields {
        Fields(self.0 | f.bit())
    }
}

/// One change of settings: the fields it sets (absent: unchanged). `exam_date: null` clears
/// the exam date.
/// A field a newer smriti adds is ignored (an older smriti refused every line with `wrote`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub at: Timestamp,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub exam_date: Option<Option<Date>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exam_mode: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_retention: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_cards_per_day: Option<u32>,
    /// The fingerprint of the `settings.json` the device wrote with (or for) this change, in
    /// full agreement with the settings in use (`settings_written`): a copy of that file
    /// carried to another machine is smriti's own output, not a hand edit. A line with only
    /// this (a stale file brought up to date) sets nothing and takes no part in the merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrote: Option<String>,
}

/// `null` read as "set to none", an absent field as "not set" (`#[serde(default)]`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

impl Change {
    /// What changed between `before` and `after` (the fields an app may change), at `at`;
    /// `None` when nothing did.
    pub fn between(before: &Settings, after: &Settings, at: Timestamp) -> Option<Change> {
        let differs = |a: f64, b: f64| a.to_bits() != b.to_bits();
        let c = Change {
            at,
            exam_date: (before.exam_date != after.exam_date).then_some(after.exam_date),
            exam_mode: (before.exam_mode != after.exam_mode).then_some(after.exam_mode),
            desired_retention: differs(
                before.params.desired_retention,
                after.params.desired_retention,
            )
            .then_some(after.params.desired_retention),
            weights: (before.params.weights != after.params.weights)
                .then(|| after.params.weights.to_vec()),
            new_cards_per_day: (before.limits.new_per_day != after.limits.new_per_day)
                .then_some(after.limits.new_per_day),
            wrote: None,
        };
        (c != Change {
            at,
            ..Change::default()
        })
        .then_some(c)
    }

    /// Whether this change sets the field `f`.
    pub fn sets(&self, f: Field) -> bool {
        match f {
            Field::ExamDate => self.exam_date.is_some(),
            Field::ExamMode => self.exam_mode.is_some(),
            Field::Retention => self.desired_retention.is_some(),
            Field::Weights => self.weights.is_some(),
            Field::NewPerDay => self.new_cards_per_day.is_some(),
        }
    }

    /// What this change sets, for the user: "exam date 2027-05-23, desired retention 85%".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match self.exam_date {
            Some(Some(d)) => parts.push(format!("exam date {d}")),
            Some(None) => parts.push("exam date cleared".to_owned()),
            None => {}
        }
        if let Some(on) = self.exam_mode {
            parts.push(format!("exam mode {}", if on { "on" } else { "off" }));
        }
        if let Some(r) = self.desired_retention {
            parts.push(format!("desired retention {:.0}%", r * 100.0));
        }
        if self.weights.is_some() {
            parts.push("new FSRS parameters".to_owned());
        }
        if let Some(n) = self.new_cards_per_day {
            parts.push(format!("{n} new cards a day"));
        }
        parts.join(", ")
    }

    /// Lays this change over `s`; a value smriti would not write is refused with why.
    fn apply(&self, s: &mut Settings) -> Result<(), Refused> {
        if let Some(r) = self.desired_retention
            && !(r > 0.0 && r < 1.0)
        {
            return Err(Refused::Retention(r));
        }
        let weights = match &self.weights {
            Some(w) => Some(Params::weights_from(w).map_err(|errs| {
                Refused::Weights(
                    errs.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?),
            None => None,
        };
        if let Some(d) = self.exam_date {
            s.exam_date = d;
        }
        if let Some(m) = self.exam_mode {
            s.exam_mode = m;
        }
        if let Some(r) = self.desired_retention {
            s.params.desired_retention = r;
        }
        if let Some(w) = weights {
            s.params.weights = w;
        }
        if let Some(n) = self.new_cards_per_day {
            s.limits.new_per_day = n;
        }
        Ok(())
    }
}

/// Why a settings change read from a log is not used: a value smriti would not write.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("desired retention {0} is not between 0 and 1")]
    Retention(f64),
    #[error("{0}")]
    Weights(String),
}

/// Appends `change` to the settings log at `path` (this device's) and makes it durable. A
/// torn last line (a crash during an earlier append, never acknowledged) is first moved aside
/// to `NAME.torn-OFFSET`, as the review log does.
pub fn append(path: &Path, change: &Change) -> io::Result<()> {
    let mut line = serde_json::to_vec(change).map_err(io::Error::other)?;
    line.push(b'\n');
    let mut file = super::review_log::open_appending(path, true)?;
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut &file, &mut bytes)?;
    if !bytes.is_empty() && bytes.last() != Some(&b'\n') {
        let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let side = layout::torn(path, keep as u64);
        super::review_log::open_appending(&side, false)?.write_all(&bytes[keep..])?;
        file.set_len(keep as u64)?;
    }
    file.write_all(&line)?;
    file.sync_data()
}

/// Every device's settings changes in the saves folder `dir`, in one merged order: each
/// device's own changes in the order its log holds them (a clock that was set back or a
/// restarted `SMRITI_NOW` never reorders what one device did), and across devices by time,
/// then device id, as the review logs merge. Each log is read up to its last complete line (a
/// sync tool may be delivering it). Unreadable lines are skipped, one message each.
pub fn read(dir: &Path) -> (Vec<(String, Change)>, Vec<String>) {
    let mut per_device: Vec<(String, Vec<Change>)> = Vec::new();
    let mut problems = Vec::new();
    for (device, path) in logs(dir) {
        let mut mine = Vec::new();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        for (n, line) in bytes[..whole].split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Change>(line) {
                Ok(c) if Field::ALL.iter().all(|f| !c.sets(*f)) => {}
                Ok(c) => mine.push(c),
                Err(e) => problems.push(format!(
                    "{}:{}: skipped an unreadable settings change ({e})",
                    path.display(),
                    n + 1
                )),
            }
        }
        per_device.push((device, mine));
    }
    (merge(per_device), problems)
}

/// Merges the devices' changes: each device's in its own order; across devices the earliest
/// head first, by time, then device id (`per_device` comes sorted by device id, so its index
/// breaks ties).
fn merge(per_device: Vec<(String, Vec<Change>)>) -> Vec<(String, Change)> {
    let total = per_device.iter().map(|(_, v)| v.len()).sum();
    let mut streams: Vec<_> = per_device
        .into_iter()
        .map(|(d, v)| (d, v.into_iter().peekable()))
        .collect();
    let mut all = Vec::with_capacity(total);
    loop {
        let next = streams
            .iter_mut()
            .enumerate()
            .filter_map(|(i, (_, stream))| stream.peek().map(|head| (head.at, i)))
            .min();
        let Some((_, i)) = next else { break };
        let (device, stream) = &mut streams[i];
        if let Some(c) = stream.next() {
            all.push((device.clone(), c));
        }
    }
    all
}

/// The fingerprint of the `settings.json` each device last recorded writing (its settings
/// log's last `wrote`), for `settings_file::own_output`. Read as [`read`] reads.
pub fn writes(dir: &Path) -> Vec<String> {
    logs(dir)
        .into_iter()
        .filter_map(|(_, path)| {
            let bytes = std::fs::read(&path).ok()?;
            let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            bytes[..whole]
                .split(|&b| b == b'\n')
                .filter_map(|line| serde_json::from_slice::<Change>(line).ok())
                .filter_map(|c| c.wrote)
                .next_back()
        })
        .collect()
}

/// Every settings log in `dir` and its size now: the running app compares them with what it
/// last read to see whether another device changed a setting (`Saves::refresh_settings`).
pub fn sizes(dir: &Path) -> Vec<(PathBuf, u64)> {
    logs(dir)
        .into_iter()
        .map(|(_, path)| {
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            (path, len)
        })
        .collect()
}

/// How far each device's settings log was read, in bytes (always at a line's end), by device
/// id. The snapshot keeps it (`progress_file`), as it keeps the review logs' marks, so that
/// the next start looks only at the changes that came after ([`changed_after`]).
pub type Read = std::collections::BTreeMap<String, u64>;

/// How far each settings log in `dir` can be read now: to its last complete line (a sync tool
/// may be delivering the rest). Taken before the logs are read for the settings, so that it
/// never claims more than they used.
pub fn positions(dir: &Path) -> Read {
    logs(dir)
        .into_iter()
        .filter_map(|(device, path)| {
            let bytes = std::fs::read(&path).ok()?;
            let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            Some((device, whole as u64))
        })
        .collect()
}

/// Whether a settings log in `dir` has, past the position `read` gives it, a change of the
/// scheduling parameters (weights or desired retention) made at or before `upto` (the latest
/// answer the snapshot holds): answers already read may then be rescheduled otherwise. A log
/// shorter than its position was replaced: it counts as changed. Unreadable lines are skipped
/// (the settings' reading reports them).
pub fn changed_after(dir: &Path, read: &Read, upto: Timestamp) -> bool {
    logs(dir).into_iter().any(|(device, path)| {
        let from = read.get(&device).copied().unwrap_or(0);
        let Ok(bytes) = std::fs::read(&path) else {
            return false;
        };
        let Some(new) = usize::try_from(from).ok().and_then(|f| bytes.get(f..)) else {
            return true;
        };
        let whole = new.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        new[..whole]
            .split(|&b| b == b'\n')
            .filter_map(|line| serde_json::from_slice::<Change>(line).ok())
            .any(|c| (c.weights.is_some() || c.desired_retention.is_some()) && c.at <= upto)
    })
}

/// Whether a settings log in `dir` arrived or changed at or after `file` (the snapshot) was
/// last written: its status-change time on Unix, which no sync tool can set back (unlike the
/// modification time, which rsync, Syncthing and Dropbox carry over from the other machine),
/// else its modification time. Equal times count as after (file times are coarse).
pub fn arrived_after(dir: &Path, file: &Path) -> bool {
    let Ok(written) = std::fs::metadata(file).and_then(|m| m.modified()) else {
        return false;
    };
    logs(dir).iter().any(|(_, path)| {
        std::fs::metadata(path).is_ok_and(|m| changed_at(&m).is_some_and(|t| t >= written))
    })
}

#[cfg(unix)]
fn changed_at(m: &std::fs::Metadata) -> Option<std::time::SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let ctime = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
        u64::try_from(m.ctime()).ok()?,
        u32::try_from(m.ctime_nsec()).ok()?,
    ))?;
    Some(m.modified().map_or(ctime, |t| t.max(ctime)))
}

#[cfg(not(unix))]
fn changed_at(m: &std::fs::Metadata) -> Option<std::time::SystemTime> {
    m.modified().ok()
}

/// The settings logs in `dir`, by device id.
fn logs(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            match layout::classify(&name) {
                Named::SettingsLog(d) => Some((d.to_owned(), e.path())),
                _ => None,
            }
        })
        .collect();
    out.sort();
    out
}

/// The scheduler's parameters in force at each instant, for rescheduling an answer given on
/// one machine before it had seen another's answer to the same card (`domain::merged`): each
/// change of the weights or the desired retention in the settings logs from its instant on.
/// Before a field's first change, smriti's default (the value it ran with until then: a
/// change records only the new value, and `settings.json` holds the latest one); a field
/// never changed in smriti has `base`'s value (from `settings.json`) throughout. A reading
/// from scratch and one brought up to date piece by piece thus reschedule alike, whenever
/// the changes were made.
pub fn params_over_time(dir: &Path, base: &Settings) -> ParamsOverTime {
    let (changes, _) = read(dir);
    params_over(&changes, base)
}

fn params_over(changes: &[(String, Change)], base: &Settings) -> ParamsOverTime {
    let defaults = Params::default();
    let mut running = base.clone();
    if changes.iter().any(|(_, c)| c.weights.is_some()) {
        running.params.weights = defaults.weights;
    }
    if changes.iter().any(|(_, c)| c.desired_retention.is_some()) {
        running.params.desired_retention = defaults.desired_retention;
    }
    let first = running.params.clone();
    let mut over = Vec::new();
    for (_, c) in changes {
        let scheduling = c.weights.is_some() || c.desired_retention.is_some();
        if c.apply(&mut running).is_ok() && scheduling {
            over.push((c.at, running.params.clone()));
        }
    }
    ParamsOverTime::new(first, over)
}

/// `base` (from `settings.json`) with every device's changes laid over it in the merge
/// order, the later winning. A field that an app's change set wins over `settings.json`
/// (whose copy a sync tool may have carried from either machine); where the file says
/// otherwise, smriti says so and names the command that changes it. Returns the settings and
/// the notices. Every field of `base` counts as edited by hand: see [`effective_noting`].
pub fn effective(dir: &Path, base: Settings) -> (Settings, Vec<String>) {
    effective_noting(dir, base, Fields::ALL)
}

/// [`effective`], where only the fields in `by_hand` were edited by hand in `settings.json`
/// (`settings_written::in_use`): a difference in another field is a stale copy of smriti's
/// own output (a sync tool carried the other machine's older file), not reported.
pub fn effective_noting(dir: &Path, base: Settings, by_hand: Fields) -> (Settings, Vec<String>) {
    let (changes, mut notices) = read(dir);
    let mut s = base.clone();
    for (device, c) in &changes {
        if let Err(why) = c.apply(&mut s) {
            notices.push(format!(
                "{}: a settings change made on {} at {} was not used: {why}",
                SavesLayout::new(dir).settings_of(device).display(),
                device,
                c.at
            ));
        }
    }
    let file = SavesLayout::new(dir).settings();
    let mut differ = |field: &str, in_file: String, in_use: String, command: &str| {
        notices.push(format!(
            "{}: {field} is {in_file} there, but a change made in smriti (`{command}`, kept in the devices' settings logs) set it to {in_use}, which smriti uses; to use {in_file}, change it with `{command}`, or write {in_use} in the file to match",
            file.display()
        ));
    };
    // A field a change set, and that the file's writer edited by hand.
    let set = |f: Field| by_hand.has(f) && changes.iter().any(|(_, c)| c.sets(f));
    let date = |d: Option<Date>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
    if set(Field::ExamDate) && base.exam_date != s.exam_date {
        differ(
            "exam_date",
            date(base.exam_date),
            date(s.exam_date),
            "smriti exam-date",
        );
    }
    if set(Field::ExamMode) && base.exam_mode != s.exam_mode {
        let on = |b: bool| if b { "on" } else { "off" }.to_owned();
        differ(
            "exam_mode",
            on(base.exam_mode),
            on(s.exam_mode),
            "smriti exam-mode",
        );
    }
    let (r0, r1) = (base.params.desired_retention, s.params.desired_retention);
    if set(Field::Retention) && r0.to_bits() != r1.to_bits() {
        differ(
            "desired_retention",
            r0.to_string(),
            r1.to_string(),
            "smriti retention --set",
        );
    }
    if set(Field::Weights) && base.params.weights != s.params.weights {
        differ(
            "weights",
            "another set".to_owned(),
            "the fitted weights".to_owned(),
            "smriti optimize",
        );
    }
    let (n0, n1) = (base.limits.new_per_day, s.limits.new_per_day);
    if set(Field::NewPerDay) && n0 != n1 {
        differ(
            "new_cards_per_day",
            n0.to_string(),
            n1.to_string(),
            "smriti plan --apply",
        );
    }
    (s, notices)
}

#[cfg(test)]
#[path = "settings_log_tests.rs"]
mod tests;
