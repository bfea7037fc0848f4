//! `progress.cache`: a binary copy of the progress snapshot, derived from `progress.json` and
//! read in its place when it provably matches it, because parsing 11 MB of JSON was most of
//! start-up at 100,000 cards.
//!
//! It is never the only copy of anything: it is written only right after the JSON it copies
//! (by whoever wrote that JSON: the snapshot writer or `Saves::snapshot`), atomically, and it
//! names that JSON by its length, modification time and header (the text before `"decks"`,
//! which holds every log's mark). At start-up it is used only when all three match the JSON on
//! disk and its own checksum (CRC-32) holds; any mismatch, damage, truncation or a value the
//! JSON could not hold (a non-finite number, an instant out of range) and the JSON is read as
//! before. Deleting it is always safe. The JSON stays the saved progress, as the product
//! promises. Must not depend on `tui` or `cli`.
//!
//! Layout (little-endian): the magic `smriti-progress-cache` and a newline; the format (u32);
//! the CRC-32 of everything after it (u32); the JSON's length and modification time in
//! nanoseconds (u64 each); the JSON's header (u32 length, UTF-8); the decks (u32 count, then
//! for each its id and the offset and length of its body among the bodies); the bodies. A
//! body: today's counts (a date flag, year i16, month and day i8, new and reviews u32), the
//! suspended keys (u32 count, each a string) and the items (u32 count; each its key as the JSON
//! writes it, phase u8, a step flag u8 and the step u32, stability and difficulty as f64 bits,
//! due and last review as i64 nanoseconds, reps and lapses u32). Strings are a u32 length and
//! the bytes. Items are in the JSON's order, and keys are read back with the JSON's parser
//! (`ItemKey::parse`), so reading the cache gives what reading the JSON gives, bit for bit.
//!
//! After a body's items, its summary (format 2; `domain::summary`): a flag u8 (0: none, when
//! the writer had no outline of the deck; then nothing follows), the outline's fingerprint
//! (item count u32, hash u64), the cards by state (new, learning, young, mature: u32 each), the
//! number of studied items n (u32), their due instants (n i64 nanoseconds, ascending) and
//! their last review and stability (n × (i64 microseconds, f64 bits), in the outline's order).
//! Then the deck list's share of it (format 3; `summary::Today`): a flag u8 (0: none, for an
//! outline with groups; then nothing follows), the studied items' latest last review (i64
//! nanoseconds), the learning items' due instants and those of the review items of a card
//! with a learning item (each a u32 count and that many i64 nanoseconds, ascending), the new
//! items of such cards (u32), and the items of cards of several items studied lately (u32
//! count, each the card's latest review and the item's due instant, i64 nanoseconds; a due
//! of `i64::MIN` is a new item). The statistics and the deck list's counts read a deck's
//! figures from it while the deck's items are still the saved ones and its outline is the
//! one it names, without a look-up per card.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use super::derived::{Rd, stamp, starts_with};
use super::logs::Marks;
use super::{atomic, bounded, progress_file, summary_bytes};
use crate::domain::deck::{ItemKey, Side};
use crate::domain::ids::DeckId;
use crate::domain::items::Frozen;
use crate::domain::outline::Outline;
use crate::domain::progress::{DayCounts, DeckProgress, ItemRef, Items, Progress};
use crate::domain::scheduler::{CardState, Phase};

use crate::domain::summary::{Summarizer, Summary};

/// The first bytes of the file.
const MAGIC: &[u8] = b"smriti-progress-cache\n";

/// The cache format this build writes and reads (any other is ignored). 2 added the decks'
/// summaries, 3 their share for the deck list's counts.
pub const FORMAT: u32 = 3;

/// The cache is ignored above this size (the JSON's own limit).
const MAX_BYTES: u64 = progress_file::MAX_BYTES;

/// The fewest bytes an item takes in a body (an empty key).
const ITEM_MIN: usize = 4 + 1 + 1 + 4 + 8 + 8 + 8 + 8 + 4 + 4;

/// The header is never longer than this (a few hundred bytes per device).
const HEADER_MAX: usize = 1 << 20;

/// Where the cache of the snapshot at `json` lives: beside it, `progress.cache`.
pub fn path_for(json: &Path) -> PathBuf {
    json.with_extension("cache")
}

/// The cache being built as the JSON is written: each deck's body is added as the JSON's
/// deck is written, so the writer can let the deck go as before. Made by
/// [`Builder::streamed`], the bodies go to the cache's temporary file as they are made (the
/// head before them, sized in advance, and the checksum are written in place at the end), so
/// the cache is never held in memory; made by [`Builder::new`], they are kept in memory.
pub struct Builder {
    header: String,
    /// Each deck's id and the range of its body among the bodies.
    decks: Vec<(String, usize, usize)>,
    /// The bodies (streamed: those not yet written to the file).
    bodies: Vec<u8>,
    /// The open deck's items: those it was begun with and those added so far.
    open: Option<(u32, u32)>,
    file: Option<Streamed>,
    /// The first error in writing the stream (then nothing is written at the end).
    failed: Option<io::Error>,
    /// The decks' outlines the summaries are made for (a deck without one gets none).
    outlines: Vec<Arc<Outline>>,
    /// The open deck's summary in the making.
    summary: Option<Summarizer<Arc<Outline>>>,
    /// The open deck's saved summary, written again when there is no outline to make one.
    carried: Vec<u8>,
}

/// The cache's file while the bodies are streamed to it.
struct Streamed {
    out: atomic::Replacement,
    /// The head's size, reserved before the bodies.
    head_len: usize,
    /// The CRC-32 of the bodies written, and how many bytes they are.
    crc: crc32fast::Hasher,
    written: usize,
}

/// Bodies are written to the file in pieces of about this size.
const STREAM_STEP: usize = 1 << 16;

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&len32(s.len()).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A length as written (lengths past 4 GiB cannot occur: the files are capped at 1 GiB).
fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Unix nanoseconds as the JSON writes them.
fn nanos(t: Timestamp) -> i64 {
    i64::try_from(t.as_nanosecond()).unwrap_or(if t.as_second() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// The size of the head (the JSON's length and time, its header, the table of decks).
fn head_len(header: &str, ids: &[&str]) -> usize {
    8 + 8 + 4 + header.len() + 4 + ids.iter().map(|id| 4 + id.len() + 16).sum::<usize>()
}

impl Builder {
    /// A cache for a snapshot whose JSON starts with `header` (see [`progress_file`]), built
    /// in memory; `items` sizes its buffer.
    pub fn new(header: &str, items: usize) -> Builder {
        Builder {
            header: header.to_owned(),
            decks: Vec::new(),
            bodies: Vec::with_capacity(items.saturating_mul(ITEM_MIN + 16)),
            open: None,
            file: None,
            failed: None,
            outlines: Vec::new(),
            summary: None,
            carried: Vec::new(),
        }
    }

    /// Each deck whose outline is among `outlines` (by id; an id given twice is none's) gets
    /// its summary made for that outline (`domain::summary`).
    pub fn with_outlines(mut self, outlines: &[Arc<Outline>]) -> Builder {
        self.outlines = outlines.to_vec();
        self
    }

    /// A cache for the snapshot about to be written at `json`, whose text starts with
    /// `header`, of the decks `ids` (each begun once, in any order), streamed to its temporary
    /// file as it is built (see [`Builder`]).
    pub fn streamed(json: &Path, header: &str, ids: &[&str]) -> io::Result<Builder> {
        let mut out = atomic::Replacement::create(&path_for(json))?;
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        // The checksum and the head, written in place at the end.
        let head_len = head_len(header, ids);
        out.write_all(&vec![0; 4 + head_len])?;
        Ok(Builder {
            header: header.to_owned(),
            decks: Vec::with_capacity(ids.len()),
            bodies: Vec::with_capacity(STREAM_STEP + 4096),
            open: None,
            file: Some(Streamed {
                out,
                head_len,
                crc: crc32fast::Hasher::new(),
                written: 0,
            }),
            failed: None,
            outlines: Vec::new(),
            summary: None,
            carried: Vec::new(),
        })
    }

    /// Where the bodies end so far.
    fn at(&self) -> usize {
        self.file.as_ref().map_or(0, |f| f.written) + self.bodies.len()
    }

    /// Starts deck `id`'s body: its counts, suspended keys (sorted, as the JSON writes them)
    /// and the number of items that follow; `saved` is the summary read with those items
    /// when they are still the saved ones (`Items::summary`): without the deck's outline, it
    /// is written again, so that a deck whose outline the app never made keeps its summary.
    pub fn begin_deck(
        &mut self,
        id: &str,
        today: &DayCounts,
        suspended: &[String],
        items: usize,
        saved: Option<Summary<'_>>,
    ) {
        self.end_deck();
        let start = self.at();
        self.decks.push((id.to_owned(), start, 0));
        let b = &mut self.bodies;
        match today.date {
            Some(d) => {
                b.push(1);
                b.extend_from_slice(&d.year().to_le_bytes());
                b.extend_from_slice(&d.month().to_le_bytes());
                b.extend_from_slice(&d.day().to_le_bytes());
            }
            None => b.extend_from_slice(&[0; 5]),
        }
        b.extend_from_slice(&today.new.to_le_bytes());
        b.extend_from_slice(&today.reviews.to_le_bytes());
        b.extend_from_slice(&len32(suspended.len()).to_le_bytes());
        for k in suspended {
            put_str(b, k);
        }
        let items = len32(items);
        b.extend_from_slice(&items.to_le_bytes());
        self.open = Some((items, 0));
        let mut of_id = self.outlines.iter().filter(|o| o.id.as_str() == id);
        self.summary = match (of_id.next(), of_id.next()) {
            (Some(o), None) => Some(Summarizer::new(Arc::clone(o))),
            _ => None,
        };
        self.carried.clear();
        if let Some(s) = saved.filter(|_| self.summary.is_none()) {
            summary_bytes::put_view(&mut self.carried, &s);
        }
        self.spill();
    }

    /// Adds an item to the open deck (in the JSON's order).
    pub fn item(&mut self, key: ItemRef, s: &CardState) {
        let Some((_, n)) = &mut self.open else { return };
        *n += 1;
        let b = &mut self.bodies;
        let at = b.len();
        b.extend_from_slice(&[0; 4]);
        let mut text = Text(b);
        let _ = write!(text, "{key}");
        let len = len32(b.len() - at - 4);
        b[at..at + 4].copy_from_slice(&len.to_le_bytes());
        b.push(match s.phase {
            Phase::Learning => 0,
            Phase::Review => 1,
            Phase::Relearning => 2,
        });
        b.push(u8::from(s.step.is_some()));
        b.extend_from_slice(&s.step.unwrap_or(0).to_le_bytes());
        b.extend_from_slice(&s.stability.to_bits().to_le_bytes());
        b.extend_from_slice(&s.difficulty.to_bits().to_le_bytes());
        b.extend_from_slice(&nanos(s.due).to_le_bytes());
        b.extend_from_slice(&nanos(s.last_review).to_le_bytes());
        b.extend_from_slice(&s.reps.to_le_bytes());
        b.extend_from_slice(&s.lapses.to_le_bytes());
        if let Some(sum) = &mut self.summary {
            sum.item(key.card, key.side, &as_read(s));
        }
        self.spill();
    }

    /// Streamed: writes the bodies made so far to the file once there is a step of them.
    fn spill(&mut self) {
        if self.bodies.len() >= STREAM_STEP {
            self.write_out();
        }
    }

    fn write_out(&mut self) {
        let Some(f) = &mut self.file else { return };
        if self.failed.is_none() {
            match f.out.write_all(&self.bodies) {
                Ok(()) => {
                    f.crc.update(&self.bodies);
                    f.written += self.bodies.len();
                }
                Err(e) => self.failed = Some(e),
            }
        }
        self.bodies.clear();
    }

    /// Ends the open deck, if any: its summary after its items.
    fn end_deck(&mut self) {
        if let Some((begun, n)) = self.open.take() {
            if begun != n {
                self.failed
                    .get_or_insert_with(|| io::Error::other("a deck's items were miscounted"));
            }
            match self.summary.take().and_then(Summarizer::finish) {
                None if !self.carried.is_empty() => self.bodies.append(&mut self.carried),
                made => summary_bytes::put(&mut self.bodies, made.as_ref()),
            }
            self.spill();
            let end = self.at();
            if let Some(last) = self.decks.last_mut() {
                last.2 = end - last.1;
            }
        }
    }

    /// Writes the cache beside `json`, which has just been replaced by a file of `json_len`
    /// bytes starting with the header; nothing is written (and the old cache, which no longer
    /// matches, is left to be ignored) if the file there is not that one.
    pub fn finish(mut self, json: &Path, json_len: u64) -> io::Result<()> {
        self.end_deck();
        self.write_out();
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let (len, mtime) = stamp(json)?;
        if len != json_len {
            return Err(io::Error::other(
                "the snapshot changed before its cache was written",
            ));
        }
        let mut head = Vec::with_capacity(64 + self.header.len() + self.decks.len() * 64);
        head.extend_from_slice(&json_len.to_le_bytes());
        head.extend_from_slice(&mtime.to_le_bytes());
        put_str(&mut head, &self.header);
        head.extend_from_slice(&len32(self.decks.len()).to_le_bytes());
        for (id, start, len) in &self.decks {
            put_str(&mut head, id);
            head.extend_from_slice(&(*start as u64).to_le_bytes());
            head.extend_from_slice(&(*len as u64).to_le_bytes());
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&head);
        match self.file.take() {
            None => {
                crc.update(&self.bodies);
                let crc = crc.finalize();
                atomic::write_atomic_with(&path_for(json), |out| {
                    out.write_all(MAGIC)?;
                    out.write_all(&FORMAT.to_le_bytes())?;
                    out.write_all(&crc.to_le_bytes())?;
                    out.write_all(&head)?;
                    out.write_all(&self.bodies)
                })
            }
            Some(mut f) => {
                if head.len() != f.head_len {
                    return Err(io::Error::other("the decks written were not those begun"));
                }
                crc.combine(&f.crc);
                let at = MAGIC.len() as u64 + 4;
                f.out.patch(at, &crc.finalize().to_le_bytes())?;
                f.out.patch(at + 4, &head)?;
                f.out.commit()
            }
        }
    }
}

/// `s` as this cache gives it back: instants beyond i64 nanoseconds clamped (the summary is
/// made from what a reader of the items finds).
fn as_read(s: &CardState) -> std::borrow::Cow<'_, CardState> {
    let back = |t: Timestamp| Timestamp::from_nanosecond(i128::from(nanos(t))).unwrap_or(t);
    if back(s.due) == s.due && back(s.last_review) == s.last_review {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(CardState {
        due: back(s.due),
        last_review: back(s.last_review),
        ..s.clone()
    })
}

/// `fmt::Write` into a byte buffer (an item key's text, without a `String` per item).
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// One item of a body: its key (card id and side) and state; `None` when it is not one the
/// JSON could hold.
fn item<'a>(r: &mut Rd<'a>) -> Option<((&'a str, Side), CardState)> {
    let key = split_key(r.str()?);
    let phase = match r.u8()? {
        0 => Phase::Learning,
        1 => Phase::Review,
        2 => Phase::Relearning,
        _ => return None,
    };
    let step = match (r.u8()?, r.u32()?) {
        (0, 0) => None,
        (1, s) => Some(s),
        _ => return None,
    };
    let instant = |ns: i64| Timestamp::from_nanosecond(i128::from(ns)).ok();
    let state = CardState {
        phase,
        step,
        stability: r.f64()?,
        difficulty: r.f64()?,
        due: instant(r.i64()?)?,
        last_review: instant(r.i64()?)?,
        reps: r.u32()?,
        lapses: r.u32()?,
    };
    Some((key, state))
}

/// An item's key as card id and side. Most keys have no colon: then `split` gives the whole
/// key, forward; its search is skipped (a plain loop: the keys are short, where `memrchr`'s
/// set-up cost more than the search).
fn split_key(key: &str) -> (&str, Side) {
    if key.bytes().any(|b| b == b':') {
        ItemKey::split(key)
    } else {
        (key, Side::Forward)
    }
}

/// One item of a body checked as [`item`] reads it (`None` where `item` gives `None`), without
/// making its state: its key (the card id's bytes, which order and hash as its text does), and
/// where the next item starts. The instants are not checked: any i64 of nanoseconds is an
/// instant `item` reads back. A key of ASCII without a colon (most keys) is checked with
/// `is_ascii`, cheaper than `from_utf8` on a short key.
fn check_item<'a>(r: &mut Rd<'a>) -> Option<(&'a [u8], Side)> {
    let n = r.len()?;
    let raw = r.take(n)?;
    let key = if raw.is_ascii() && !raw.contains(&b':') {
        (raw, Side::Forward)
    } else {
        let (card, side) = split_key(std::str::from_utf8(raw).ok()?);
        (card.as_bytes(), side)
    };
    let [phase, step] = r.arr()?;
    let step_value = r.u32()?;
    let fixed = r.take(8 + 8 + 8 + 8 + 4 + 4)?;
    let finite = |at: usize| {
        fixed
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .is_some_and(|b| f64::from_bits(u64::from_le_bytes(b)).is_finite())
    };
    (phase <= 2 && (step == 1 || (step == 0 && step_value == 0)) && finite(0) && finite(8))
        .then_some(key)
}

/// A deck's items left in the cache's bytes until something needs them whole (see
/// `domain::items::Frozen`): start-up and `smriti stats` look each card up here instead of
/// building every deck's items (most of their time and memory at 100,000 cards). Every item
/// was read and checked, in key order and each key once, when the deck was found, so reading
/// them again gives the same items and cannot fail.
struct FrozenBody {
    /// The whole cache file, shared by its decks (read once; never mapped, so nothing that
    /// happens to the file afterwards reaches it).
    bytes: Arc<Vec<u8>>,
    /// Where the deck's first item starts in `bytes` and where its last one ends.
    start: usize,
    end: usize,
    /// Each item's key hash and where the item starts in `bytes`, in hash order: made at the
    /// first look-up (the statistics and the deck list, reading a deck's summary, never look a
    /// card up: hashing every key at load, and the sort, were a tenth of `smriti stats`).
    sorted: std::sync::OnceLock<Vec<(u64, u32)>>,
    /// How many items.
    count: usize,
    /// Seeded per deck (card ids come from deck files: no chosen collisions).
    hasher: foldhash::fast::RandomState,
    /// The deck's summary, its due instants and recall inputs left in `bytes`.
    summary: Option<summary_bytes::Saved>,
}

fn key_hash(hasher: &foldhash::fast::RandomState, card: &[u8], side: Side) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = hasher.build_hasher();
    h.write(card);
    side.hash(&mut h);
    h.finish()
}

impl Frozen for FrozenBody {
    fn count(&self) -> usize {
        self.count
    }

    fn state(&self, card: &str, side: Side) -> Option<CardState> {
        let h = key_hash(&self.hasher, card.as_bytes(), side);
        let index = self.sorted.get_or_init(|| {
            let mut index = Vec::with_capacity(self.count);
            let mut r = Rd {
                b: self.bytes.get(self.start..self.end).unwrap_or_default(),
            };
            loop {
                let at = self.end - r.b.len();
                let Some((card, side)) = check_item(&mut r) else {
                    break;
                };
                let Ok(at) = u32::try_from(at) else { break };
                index.push((key_hash(&self.hasher, card, side), at));
            }
            index.sort_unstable_by_key(|e| e.0);
            index
        });
        let from = index.partition_point(|e| e.0 < h);
        for &(_, at) in index.get(from..)?.iter().take_while(|e| e.0 == h) {
            let mut r = Rd {
                b: self.bytes.get(at as usize..self.end)?,
            };
            match item(&mut r) {
                Some(((c, s), state)) if c == card && s == side => return Some(state),
                _ => {}
            }
        }
        None
    }

    fn each(&self, put: &mut dyn FnMut(ItemRef<'_>, &CardState)) {
        let mut r = Rd {
            b: self.bytes.get(self.start..self.end).unwrap_or_default(),
        };
        while let Some(((card, side), state)) = item(&mut r) {
            put(ItemRef { card, side }, &state);
        }
    }

    fn summary(&self) -> Option<Summary<'_>> {
        self.summary.as_ref()?.view(&self.bytes)
    }
}

/// One deck's body (at `start`, `len` bytes, in `bytes`), as the JSON's deck reads: its items
/// left frozen in `bytes` when they are in key order (as the writer puts them), built whole
/// otherwise.
fn deck(bytes: &Arc<Vec<u8>>, start: usize, len: usize) -> Option<DeckProgress> {
    let body = bytes.get(start..start.checked_add(len)?)?;
    let mut r = Rd { b: body };
    let at = |r: &Rd| start + (body.len() - r.b.len());
    let dated = r.u8()?;
    let year = i16::from_le_bytes(r.arr()?);
    let month = i8::from_le_bytes(r.arr()?);
    let day = i8::from_le_bytes(r.arr()?);
    let date = match dated {
        0 => None,
        1 => Some(jiff::civil::Date::new(year, month, day).ok()?),
        _ => return None,
    };
    let today = DayCounts {
        date,
        new: r.u32()?,
        reviews: r.u32()?,
    };
    let n = usize::try_from(r.u32()?).ok()?;
    let mut suspended = HashSet::with_capacity(n.min(r.b.len() / 4));
    for _ in 0..n {
        suspended.insert(ItemKey::parse(r.str()?));
    }
    let n = usize::try_from(r.u32()?).ok()?;
    let first = at(&r);
    // Every item checked now (its key hashed at the first look-up); in strict key order
    // unless `sorted` turns false. Each item's start must fit the index's u32.
    u32::try_from(start.checked_add(len)?).ok()?;
    let mut sorted = true;
    let mut prev: Option<(&[u8], Side)> = None;
    for _ in 0..n {
        // (A card id's bytes order as its text: the order of `ItemRef`.)
        let key = check_item(&mut r)?;
        sorted &= prev.is_none_or(|p| p < key);
        prev = Some(key);
    }
    let items_end = at(&r);
    let summary = summary_bytes::read(&mut r, items_end)?;
    if !r.b.is_empty() {
        return None;
    }
    let frozen = FrozenBody {
        bytes: Arc::clone(bytes),
        start: first,
        end: items_end,
        count: n,
        sorted: std::sync::OnceLock::new(),
        hasher: foldhash::fast::RandomState::default(),
        summary,
    };
    let items = if sorted {
        Items::frozen(Arc::new(frozen))
    } else {
        // Not as this build writes them: built whole, as the JSON's reader would (a key
        // given twice keeps its last state).
        let mut items = Items::with_capacity(n, len);
        frozen.each(&mut |k, s| {
            items.insert(k, s.clone());
        });
        items
    };
    Some(DeckProgress {
        items,
        today,
        suspended,
    })
}

/// The snapshot at `json` read from its cache, when the cache is there, whole and made from
/// the JSON now on disk; `None` otherwise (then the JSON is read).
pub fn load(json: &Path) -> Option<(Progress, Marks)> {
    load_decks(json, &|_| true)
}

/// [`load`], with only the decks whose ids `wanted` accepts read (`smriti stats --deck`): the
/// others are left out of the progress.
pub fn load_decks(
    json: &Path,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Option<(Progress, Marks)> {
    let bytes = bounded::read_capped(&path_for(json), MAX_BYTES).ok()?;
    let mut r = Rd { b: &bytes };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    let crc = r.u32()?;
    if crc32fast::hash(r.b) != crc {
        return None;
    }
    let (len, mtime) = (r.u64()?, r.u64()?);
    if stamp(json).ok()? != (len, mtime) {
        return None;
    }
    let header = r.str()?;
    if header.len() > HEADER_MAX || !starts_with(json, header.as_bytes()) {
        return None;
    }
    let marks = progress_file::header_marks(header)?;
    let n = usize::try_from(r.u32()?).ok()?;
    let mut listed: Vec<(DeckId, usize, usize)> = Vec::with_capacity(n.min(r.b.len() / 20));
    for _ in 0..n {
        listed.push((DeckId::from(r.str()?), r.u64_usize()?, r.u64_usize()?));
    }
    let bodies_at = bytes.len() - r.b.len();
    let bodies = r.b.len();
    // Every body is checked to lie in the file, even those not read.
    let whole = listed
        .iter()
        .all(|&(_, start, len)| start.checked_add(len).is_some_and(|end| end <= bodies));
    if !whole {
        return None;
    }
    listed.retain(|(id, _, _)| wanted(id));
    let bytes = Arc::new(bytes);
    let parsed = crate::par::map(&listed, |&(_, start, len)| {
        deck(&bytes, bodies_at + start, len)
    });
    let mut decks = HashMap::with_capacity(listed.len());
    for ((id, _, _), d) in listed.into_iter().zip(parsed) {
        decks.insert(id, Arc::new(d?));
    }
    Some((
        Progress {
            decks,
            last_seq: marks.iter().map(|(_, m)| m.seq).max().unwrap_or(0),
        },
        marks,
    ))
}

#[cfg(test)]
#[path = "progress_cache_tests.rs"]
mod tests;
