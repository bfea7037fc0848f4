//! The progress snapshot, `progress.json` (format 3): every item's state, today's counts, and
//! the log mark it was taken at, so that start-up replays only the log lines after it.
//!
//! It is a cache of the review log, rewritten atomically. A snapshot that cannot be read is
//! never overwritten: the caller replays the whole log instead and tells the user. Format 3
//! writes each item as one array on one line (no field names, instants as integer
//! nanoseconds): a third of format 2's size (11 MB instead of 30 MB at 100,000 cards), and
//! each deck's items parse on every core; reading it is most of start-up.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::FileError;
use super::json_pos::{Seg, locate};
use super::logs::Marks;
use super::review_log::Mark;
use super::{progress_cache, settings_log};
use crate::domain::deck::ItemKey;
use crate::domain::ids::DeckId;
use crate::domain::progress::{DayCounts, DeckProgress, ItemRef, Items, Progress};
use crate::domain::scheduler::{CardState, Phase};

/// The snapshot format this build writes. It reads this one and every older one.
///
/// History: 1, the first; 2 adds `written_by` (the program and version that wrote the file,
/// for support); 3 writes each item as an array (see [`Row`]). Formats 1 and 2 read through
/// [`OldFile`] and are rewritten as format 3 at the next snapshot.
pub const FORMAT: u32 = 3;

/// The names of a [`Row`]'s fields, written into the file so that it explains itself.
const FIELDS: [&str; 9] = [
    "item",
    "phase",
    "step",
    "stability",
    "difficulty",
    "due_ns",
    "last_review_ns",
    "reps",
    "lapses",
];

/// Formats 1 and 2: an object per item.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OldFile {
    format: u32,
    #[serde(default)]
    #[allow(dead_code)]
    written_by: Option<String>,
    log: Mark,
    decks: BTreeMap<String, OldDeck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OldDeck {
    today: DayCounts,
    items: BTreeMap<String, CardState>,
}

/// Format 3, first pass: each deck's items are kept as raw JSON, to be parsed on every core.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File3<'a> {
    format: u32,
    #[serde(default)]
    #[allow(dead_code)]
    written_by: Option<String>,
    log: Mark,
    /// Each device log's mark (issue 19); `log` is the legacy `reviews.jsonl`'s.
    #[serde(default)]
    logs: BTreeMap<String, Mark>,
    /// How far each device's settings log was read (`settings_log::Read`); written when there
    /// are settings logs.
    #[serde(default)]
    settings_logs: settings_log::Read,
    #[allow(dead_code)]
    fields: Vec<String>,
    #[serde(borrow)]
    decks: HashMap<String, Deck3<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Deck3<'a> {
    today: DayCounts,
    #[serde(borrow)]
    items: &'a serde_json::value::RawValue,
    /// Suspended item keys (written only when there are some).
    #[serde(default)]
    suspended: Vec<String>,
}

/// One item: key, phase, learning step, stability, difficulty, due and last review (Unix
/// nanoseconds), reps, lapses.
#[derive(Serialize, Deserialize)]
struct Row<'a>(
    #[serde(borrow)] std::borrow::Cow<'a, str>,
    Phase,
    Option<u32>,
    f64,
    f64,
    i64,
    i64,
    u32,
    u32,
);

/// Nanoseconds since the epoch, as written (instants past 2262 are written as 2262: no card
/// is due that late).
fn nanos(t: Timestamp) -> i64 {
    i64::try_from(t.as_nanosecond()).unwrap_or(if t.as_second() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// `s` with its instants brought within what format 3 writes (1677 to 2262: no card is due
/// earlier or later), so that a snapshot of an older format, whose dates may say 9999, reads
/// the same before and after it is rewritten.
fn writable(mut s: CardState) -> CardState {
    let fit = |t: Timestamp| Timestamp::from_nanosecond(i128::from(nanos(t))).unwrap_or(t);
    s.due = fit(s.due);
    s.last_review = fit(s.last_review);
    s
}

impl<'a> Row<'a> {
    fn of(key: ItemRef, s: &CardState) -> Row<'a> {
        Row(
            key.to_string().into(),
            s.phase,
            s.step,
            s.stability,
            s.difficulty,
            nanos(s.due),
            nanos(s.last_review),
            s.reps,
            s.lapses,
        )
    }

    /// The item's state (its key is the first field).
    fn state(&self) -> Result<CardState, String> {
        let &Row(ref key, phase, step, stability, difficulty, due, last, reps, lapses) = self;
        let instant = |ns: i64| {
            Timestamp::from_nanosecond(i128::from(ns))
                .map_err(|e| format!("item {key:?}: {ns} is not an instant ({e})"))
        };
        let state = CardState {
            phase,
            step,
            stability,
            difficulty,
            due: instant(due)?,
            last_review: instant(last)?,
            reps,
            lapses,
        };
        Ok(state)
    }
}

/// `progress.json` is refused above this size (a million studied cards take about 100 MB).
pub const MAX_BYTES: u64 = 1 << 30;

/// At most this many items are reserved before reading a deck's items.
const PRESIZE_MAX: usize = 1 << 16;

/// A deck's items, read straight into their dense store (no list of rows in between), which
/// is sized beforehand from the number of lines (one item per line, at most [`PRESIZE_MAX`])
/// to spare most of its regrowth.
struct Parsed(Items);

impl Parsed {
    fn parse(raw: &str) -> serde_json::Result<Parsed> {
        // One item per line in the files smriti writes; but the count comes from the file, so
        // it only ever sizes a bounded head start (a file padded with millions of blank lines
        // must not reserve memory for millions of items). The map grows with what is read.
        let lines = memchr::memchr_iter(b'\n', raw.as_bytes())
            .take(PRESIZE_MAX)
            .count();
        let mut de = serde_json::Deserializer::from_str(raw);
        let items = serde::de::DeserializeSeed::deserialize(Expect(lines), &mut de)?;
        de.end()?;
        Ok(items)
    }
}

/// The seed that carries the expected number of items.
struct Expect(usize);

impl<'de> serde::de::DeserializeSeed<'de> for Expect {
    type Value = Parsed;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        struct V(usize);
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Parsed;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Parsed, A::Error> {
                // Card ids of ~16 bytes on average.
                let mut items = Items::with_capacity(self.0, self.0 * 16);
                while let Some(row) = seq.next_element::<Row>()? {
                    let state = row.state().map_err(serde::de::Error::custom)?;
                    items.insert(ItemKey::split(&row.0), state);
                }
                Ok(Parsed(items))
            }
        }
        d.deserialize_seq(V(self.0))
    }
}

/// Serialises a snapshot of `progress` taken at the log marks `marks`: decks and items in sorted order, one
/// item per line.
pub fn to_bytes(progress: &Progress, marks: &Marks) -> Vec<u8> {
    to_bytes_with(progress, marks, &settings_log::Read::new(), None)
}

/// [`to_bytes`], also building the snapshot's binary cache ([`progress_cache`]), to be written
/// once these bytes are on disk.
pub fn to_bytes_and_cache(
    progress: &Progress,
    marks: &Marks,
) -> (Vec<u8>, progress_cache::Builder) {
    snapshot_bytes(progress, marks, &settings_log::Read::new())
}

/// [`to_bytes_and_cache`], saying how far each settings log was read (`settings`).
pub fn snapshot_bytes(
    progress: &Progress,
    marks: &Marks,
    settings: &settings_log::Read,
) -> (Vec<u8>, progress_cache::Builder) {
    let items = progress.decks.values().map(|d| d.items.len()).sum();
    let mut cache = progress_cache::Builder::new(&header(marks, settings), items);
    let bytes = to_bytes_with(progress, marks, settings, Some(&mut cache));
    (bytes, cache)
}

fn to_bytes_with(
    progress: &Progress,
    marks: &Marks,
    settings: &settings_log::Read,
    cache: Option<&mut progress_cache::Builder>,
) -> Vec<u8> {
    let size: usize = progress.decks.values().map(|d| d.items.len() * 100).sum();
    let mut out = Vec::with_capacity(256 + size);
    let decks = progress
        .decks
        .iter()
        .map(|(id, d)| (id.clone(), Arc::clone(d)))
        .collect();
    // Writing to memory cannot fail, and nothing asks it to stop.
    let _ = write(&mut out, decks, marks, settings, &|| false, cache);
    out
}

/// The file's text before its decks (`"decks"` comes next): the format, the program, the
/// log marks and how far each settings log was read. The binary cache names the JSON it was
/// made from by this text, among others.
pub fn header(marks: &Marks, settings: &settings_log::Read) -> String {
    format!(
        "{{\n  \"format\": {FORMAT},\n  \"written_by\": {},\n  \"log\": {},\n{}{}  \"fields\": {},\n",
        json(&concat!("smriti ", env!("CARGO_PKG_VERSION"))),
        json(&marks.legacy()),
        match marks.devices() {
            d if d.is_empty() => String::new(),
            d => format!("  \"logs\": {},\n", json(&d)),
        },
        match settings {
            s if s.is_empty() => String::new(),
            s => format!("  \"settings_logs\": {},\n", json(s)),
        },
        json(&FIELDS),
    )
}

/// How far the snapshot at `path` read each settings log, from the text before its decks;
/// `None` when it does not say (an older snapshot, or none was read).
pub fn settings_read(path: &Path) -> Option<settings_log::Read> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(1 << 16)
        .read_to_end(&mut head)
        .ok()?;
    // (Cut at a character's boundary: the header itself is far shorter.)
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let (header, _) = text.split_once("  \"decks\": {")?;
    let text = format!("{header}  \"decks\": {{}}\n}}");
    let file: File3 = serde_json::from_str(&text).ok()?;
    Some(file.settings_logs).filter(|s| !s.is_empty())
}

/// The log marks of a snapshot whose text before its decks is `header` (see [`header`]), if
/// it is a header this build writes.
pub fn header_marks(header: &str) -> Option<Marks> {
    let text = format!("{header}  \"decks\": {{}}\n}}");
    let file: File3 = serde_json::from_str(&text).ok()?;
    (file.format == FORMAT && file.decks.is_empty()).then(|| Marks::from_parts(file.log, file.logs))
}

/// How often (in items) [`write`] asks whether to stop: about every 30 µs of work
/// (an item costs ~1 µs with its binary copy), which is also how long the snapshot writer
/// may hold a core before it sees an answer being made durable and gives way.
const STOP_EVERY: usize = 32;

/// Writes a snapshot of these decks' progress taken at `marks` to `out` (as [`to_bytes`]
/// does), adding each deck to `cache` as it goes when one is given. Each deck is let go once written, so that an answer changing it afterwards need not
/// copy it (see `Progress`). `stop` is asked every few thousand items: when it says yes,
/// writing ends with an `Interrupted` error (a snapshot writer told to stop as the app quits).
pub fn write(
    out: &mut dyn Write,
    mut decks: Vec<(DeckId, Arc<DeckProgress>)>,
    marks: &Marks,
    settings: &settings_log::Read,
    stop: &dyn Fn() -> bool,
    mut cache: Option<&mut progress_cache::Builder>,
) -> std::io::Result<()> {
    let stopped = || std::io::Error::new(std::io::ErrorKind::Interrupted, "stopped");
    out.write_all(header(marks, settings).as_bytes())?;
    out.write_all(b"  \"decks\": {")?;
    decks.sort_by(|a, b| a.0.cmp(&b.0));
    for (n, (id, dp)) in decks.into_iter().enumerate() {
        let sep = if n == 0 { "" } else { "," };
        write!(
            out,
            "{sep}\n    {}: {{\n      \"today\": {},\n      \"items\": [",
            json(&id),
            json(&dp.today)
        )?;
        let mut keys: Vec<String> = dp.suspended.iter().map(ItemKey::to_string).collect();
        keys.sort();
        if let Some(c) = cache.as_deref_mut() {
            c.begin_deck(&id, &dp.today, &keys, dp.items.len(), dp.items.summary());
        }
        // In key order; a deck still frozen in the binary copy read at start-up is written
        // from it without building its items (see `Items::each_sorted`).
        let (mut i, mut failed) = (0usize, None);
        dp.items.each_sorted(|k, s| {
            if failed.is_some() {
                return;
            }
            if let Some(c) = cache.as_deref_mut() {
                c.item(k, s);
            }
            if i % STOP_EVERY == STOP_EVERY - 1 && stop() {
                failed = Some(stopped());
                return;
            }
            let sep: &[u8] = if i == 0 {
                b"\n        "
            } else {
                b",\n        "
            };
            let row = out
                .write_all(sep)
                .and_then(|()| Ok(serde_json::to_writer(&mut *out, &Row::of(k, s))?));
            if let Err(e) = row {
                failed = Some(e);
            }
            i += 1;
        });
        if let Some(e) = failed {
            return Err(e);
        }
        out.write_all(b"\n      ]")?;
        if !keys.is_empty() {
            write!(out, ",\n      \"suspended\": {}", json(&keys))?;
        }
        out.write_all(b"\n    }")?;
        drop(dp);
        if stop() {
            return Err(stopped());
        }
    }
    out.write_all(b"\n  }\n}\n")
}

/// One header value as JSON (these never fail to serialise).
fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Reads a snapshot. `label` names the file in messages.
pub fn from_bytes(label: &str, bytes: &[u8]) -> Result<(Progress, Marks), FileError> {
    read(label, bytes).map(|(p, m, _)| (p, m))
}

/// [`from_bytes`], also giving the format the file was in.
fn read(label: &str, bytes: &[u8]) -> Result<(Progress, Marks, u32), FileError> {
    let recover = "smriti leaves this file untouched and rebuilds progress from the review logs; \
                   run `smriti rebuild` to replace it (the old file is kept as a backup)";
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FileError::new(label, "the file is not UTF-8 text", recover))?;
    if text.trim().is_empty() {
        return Err(FileError::new(label, "the file is empty", recover));
    }
    // The common case first, in one pass: a format-3 file.
    let first = match serde_json::from_str::<File3>(text) {
        Ok(file) if file.format == FORMAT => {
            let (progress, mark) = from_file3(label, text, file, recover)?;
            return Ok((progress, mark, FORMAT));
        }
        other => other.map(|_| ()),
    };
    #[derive(Deserialize)]
    struct Probe {
        format: Option<u64>,
    }
    let format = serde_json::from_str::<Probe>(text)
        .ok()
        .and_then(|p| p.format);
    let at_format = || locate(text, &[Seg::Key("format")]);
    match format {
        Some(f) if f > u64::from(FORMAT) => Err(FileError::new(
            label,
            format!(
                "this file was written by a newer smriti (format {f}; this one reads {FORMAT})"
            ),
            "update smriti; this version will not touch the file",
        )
        .at(at_format())),
        Some(0) => {
            Err(FileError::new(label, "format 0 is not a smriti format", recover).at(at_format()))
        }
        Some(1 | 2) => {
            // Formats 1 and 2 differ only by an optional field (the migration from 1 to 2).
            let file: OldFile = serde_json::from_str(text)
                .map_err(|e| FileError::from_json(label, text, &e, recover))?;
            let decks = file
                .decks
                .into_iter()
                .map(|(id, d)| {
                    let items = d
                        .items
                        .into_iter()
                        .map(|(k, s)| (ItemKey::parse(&k), writable(s)))
                        .collect();
                    (
                        DeckId::from(id),
                        Arc::new(DeckProgress {
                            items,
                            today: d.today,
                            suspended: Default::default(),
                        }),
                    )
                })
                .collect();
            Ok((
                Progress {
                    decks,
                    last_seq: file.log.seq,
                },
                Marks::from_parts(file.log, BTreeMap::new()),
                file.format,
            ))
        }
        _ => Err(match first {
            Err(e) => FileError::from_json(label, text, &e, recover),
            Ok(_) => FileError::new(label, "the file does not say which format it is", recover),
        }),
    }
}

/// Turns a format-3 file into progress, parsing the decks' items on every core.
fn from_file3(
    label: &str,
    text: &str,
    file: File3,
    recover: &str,
) -> Result<(Progress, Marks), FileError> {
    let listed: Vec<(String, Deck3)> = file.decks.into_iter().collect();
    let parsed = crate::par::map(&listed, |(_, d)| Parsed::parse(d.items.get()));
    let mut decks = HashMap::with_capacity(listed.len());
    for ((id, d), items) in listed.into_iter().zip(parsed) {
        let items = items.map_err(|e| {
            // Where in the file: the items start at this offset, and serde counts from there.
            let start = d.items.get().as_ptr() as usize - text.as_ptr() as usize;
            let at = start + super::json_pos::offset_of(d.items.get(), e.line(), e.column());
            let raw = e.to_string();
            let message = raw
                .rsplit_once(" at line ")
                .map_or(raw.as_str(), |(m, _)| m);
            FileError::new(label, format!("deck {id:?}: {message}"), recover)
                .at(super::json_pos::pos_of_offset(text, at))
        })?;
        decks.insert(
            DeckId::from(id),
            Arc::new(DeckProgress {
                items: items.0,
                today: d.today,
                suspended: d.suspended.iter().map(|k| ItemKey::parse(k)).collect(),
            }),
        );
    }
    let marks = Marks::from_parts(file.log, file.logs);
    Ok((
        Progress {
            decks,
            // The store numbers this device's next answer from its own log, whatever this says.
            last_seq: marks.iter().map(|(_, m)| m.seq).max().unwrap_or(0),
        },
        marks,
    ))
}

/// Reads the snapshot at `path`; `Ok(None)` when there is none yet.
pub fn load(path: &Path) -> Result<Option<(Progress, Marks)>, FileError> {
    Ok(load_checked(path)?.map(|(p, m, _)| (p, m)))
}

/// [`load`] for a reader that needs only the decks `wanted` accepts: from the binary cache,
/// only those decks are decoded (the others may be left out); from the JSON, every deck.
pub fn load_decks(
    path: &Path,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Option<(Progress, Marks)>, FileError> {
    if let Some(read) = progress_cache::load_decks(path, wanted) {
        return Ok(Some(read));
    }
    Ok(load_json(path)?.map(|(p, m, _)| (p, m)))
}

/// As [`load`], also saying whether the file is in this build's format (an older one is
/// rewritten at the next snapshot even when nothing changed).
pub fn load_checked(path: &Path) -> Result<Option<(Progress, Marks, bool)>, FileError> {
    // The binary copy, when it is there and made from the file now on disk (see
    // `progress_cache`); else the file itself.
    if let Some((progress, marks)) = progress_cache::load(path) {
        return Ok(Some((progress, marks, true)));
    }
    load_json(path)
}

/// [`load_checked`] from the JSON alone.
fn load_json(path: &Path) -> Result<Option<(Progress, Marks, bool)>, FileError> {
    let label = path.display().to_string();
    match super::bounded::read_capped(path, MAX_BYTES) {
        Ok(bytes) => read(&label, &bytes).map(|(p, m, format)| Some((p, m, format == FORMAT))),
        Err(super::bounded::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e @ super::bounded::ReadError::Io(_)) => Err(FileError::new(
            label,
            e.to_string(),
            "check the file's permissions",
        )),
        Err(e) => Err(FileError::new(
            label,
            format!("the file {e}"),
            "smriti leaves it untouched and rebuilds progress from the review logs; run `smriti rebuild` to replace it",
        )),
    }
}

#[cfg(test)]
#[path = "progress_file_tests.rs"]
mod tests;
