//! `stats.cache`: the statistics' running totals in a binary layout, a derived copy of
//! `stats.json` (see [`super::derived`] for when it is written and trusted), read in its
//! place because parsing its 2 MB of JSON (a string per card) was a large part of `smriti
//! stats` at 100,000 cards. It is in `derived`'s sectioned envelope: opening it reads and
//! checks its head only (the marks, the day rule, the list of decks), and each deck's totals
//! are a section of their own, read and checked against their CRC when that deck is wanted, so
//! that the statistics of one deck (the app's first opening, `smriti stats --deck X`) read
//! that deck's totals only, not the whole collection's (22 MB at a million cards). A deck's
//! card totals are checked when it is read but left in the bytes read until wanted
//! (`aggregates::FrozenCards`: the statistics add the saved accuracy by tag instead). Must not
//! depend on `tui` or `cli`.
//!
//! Table (the envelope's head; little-endian, strings as in `derived`): the marks and the day
//! rule as a JSON text (a few hundred bytes: `{"log":…,"logs":…,"day":…}`), the deck count,
//! then each deck's id, the offset and length (u64 each) of its body among the sections that
//! follow (one after another, in the order of the ids) and the CRC-32 of the body (u32).
//! A deck's body: its days (a count, then each day's date as year (i16), month and day (u8
//! each), and answers (u32), time in ms (u64), review answers and review answers passed (u32
//! each)), then its cards (a count, then each card's id, right answers and answers (u32
//! each)), then its accuracy by tag (format 1002; `domain::tag_totals`): a flag u8 (0: none,
//! when the writer had no outline of the deck; then nothing follows), the fingerprint of the
//! tags they were made for (u64), the tag count (u32) and for each tag, in the outline's
//! order, a flag u8 (0: no card of it has totals, then zeros) and its right answers and
//! answers (u32 each).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use super::derived::{self, Rd, Wr};
use crate::domain::aggregates::{Aggregates, CardMap, CardTotals, Cards, DayTotals, DeckTotals};
use crate::domain::outline::Outline;
use crate::domain::tag_totals::{Count, TagTotals};

const MAGIC: &[u8] = b"smriti-stats-cache\n";

/// The copy's format: `stats.json`'s own format in the thousands (a test of `stats_file`
/// holds them together), so that either changing makes old copies unread. 1002 added the
/// decks' accuracy by tag; 1003 the sectioned envelope (each deck's body checked on its own,
/// so that one deck's statistics read that deck's body only).
pub const FORMAT: u32 = 1003;

/// The fewest bytes a day and a card take in a body.
const DAY_BYTES: usize = 4 + 4 + 8 + 4 + 4;
const CARD_BYTES: usize = 4 + 4 + 4;

/// Where the copy of the totals at `json` lives: beside it, `stats.cache`.
pub fn path_for(json: &Path) -> PathBuf {
    json.with_extension("cache")
}

/// Writes the copy of `stats.json` just written at `json` (its length and first bytes; see
/// [`derived::write`]): `totals`, with `head` (the marks and day rule as JSON, which the
/// owner of `stats.json` writes and reads), each deck's accuracy by tag made for its outline
/// among `outlines` (a deck without one, or with two, gets none).
pub fn write(
    json: &Path,
    written: (u64, &[u8]),
    totals: &Aggregates,
    head: &str,
    outlines: &[Arc<Outline>],
) -> std::io::Result<()> {
    let mut decks: Vec<(&String, &DeckTotals)> = totals.decks.iter().collect();
    decks.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let listed: Vec<(&str, u64)> = decks
        .iter()
        .map(|(id, d)| (id.as_str(), body_len(d)))
        .collect();
    write_decks(json, written, head, &listed, outlines, |i| {
        Ok(Cow::Borrowed(decks[i].1))
    })
}

/// The length of a deck's body in the copy.
pub fn body_len(d: &DeckTotals) -> u64 {
    let cards: usize = d.cards.keys().map(|c| 4 + c.len() + 8).sum();
    (4 + d.days.len() * DAY_BYTES + 4 + cards) as u64
}

/// The length of a deck's accuracy by tag in the copy, for its outline's tags.
fn tags_len(outline: Option<&Outline>) -> u64 {
    outline.map_or(1, |o| 1 + 8 + 4 + 9 * o.tags.len() as u64)
}

/// [`write`] for the decks `decks` (each id and its body's length, [`body_len`], in the order
/// of the ids), each deck's totals given by `deck` (its index there) when its body is written:
/// streamed, one deck's body in memory at a time, so the copy (and the totals, which `deck`
/// may read one deck at a time) is never held whole. A deck's accuracy by tag is the one
/// saved with its totals when that was made for the same tags, else worked out now.
pub fn write_decks<'a>(
    json: &Path,
    (len, prefix): (u64, &[u8]),
    head: &str,
    decks: &[(&str, u64)],
    outlines: &[Arc<Outline>],
    mut deck: impl FnMut(usize) -> std::io::Result<Cow<'a, DeckTotals>>,
) -> std::io::Result<()> {
    let outline_of = |id: &str| {
        let mut of_id = outlines.iter().filter(|o| o.id.as_str() == id);
        match (of_id.next(), of_id.next()) {
            (Some(o), None) => Some(&**o),
            _ => None,
        }
    };
    let outlines: Vec<Option<&Outline>> = decks.iter().map(|(id, _)| outline_of(id)).collect();
    let mut w = Wr::default();
    w.str(head);
    w.len(decks.len());
    let mut start = 0u64;
    let mut crc_at = Vec::with_capacity(decks.len());
    for ((id, len), o) in decks.iter().zip(&outlines) {
        let len = len + tags_len(*o);
        w.str(id);
        w.u64(start);
        w.u64(len);
        crc_at.push(w.0.len());
        w.u32(0);
        start += len;
    }
    derived::write_sectioned(
        json,
        (len, prefix, None),
        &path_for(json),
        MAGIC,
        FORMAT,
        w.0,
        &crc_at,
        |i, out| {
            let d = deck(i)?;
            let mut body = Wr(std::mem::take(out));
            body.len(d.days.len());
            for (date, t) in &d.days {
                body.0.extend_from_slice(&date.year().to_le_bytes());
                body.u8(date.month() as u8);
                body.u8(date.day() as u8);
                body.u32(t.answers);
                body.u64(t.ms);
                body.u32(t.review_answers);
                body.u32(t.review_passed);
            }
            // In the order of the card ids, as `stats.json` has them: the map's own order
            // changes from run to run, and two writes of the same totals are the same bytes.
            let mut cards: Vec<_> = d.cards.iter().collect();
            cards.sort_unstable_by(|a, b| a.0.cmp(b.0));
            body.len(cards.len());
            for (card, t) in cards {
                body.str(card);
                body.u32(t.right);
                body.u32(t.answers);
            }
            if body.0.len() as u64 != decks[i].1 {
                return Err(std::io::Error::other(
                    "a deck's totals are not those listed",
                ));
            }
            // Without the deck's outline (the app never made it), the counters saved
            // with these totals are written again while they are still theirs.
            let tags = match outlines.get(i).copied().flatten() {
                Some(o) => Some(d.tags_for(o)),
                None => d.tags.as_ref().map(std::borrow::Cow::Borrowed),
            };
            match tags {
                None => body.u8(0),
                Some(t) => {
                    body.u8(1);
                    body.u64(t.print);
                    body.len(t.counts.len());
                    for c in &t.counts {
                        body.u8(u8::from(c.is_some()));
                        let c = c.unwrap_or_default();
                        body.u32(c.right);
                        body.u32(c.answers);
                    }
                }
            }
            *out = body.0;
            Ok(())
        },
    )
}

/// The copy beside a `stats.json`, its head opened and checked (see [`open`]): its decks are
/// read from the file, checked and decoded when asked for, one run of them at a time.
pub struct Copy {
    file: derived::Sectioned,
    head: String,
    /// Each deck's id, the offset and length of its body among the bodies, and its CRC-32.
    listed: Vec<(String, u64, usize, u32)>,
}

impl Copy {
    /// The marks and day rule, as JSON (see `stats_file`).
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The decks' ids, in the copy's order (sorted).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.listed.iter().map(|(id, ..)| id.as_str())
    }

    /// Deck `id`'s totals: `Some(None)` when the copy has no such deck, `None` when its body
    /// cannot be read or is damaged.
    pub fn deck(&self, id: &str) -> Option<Option<DeckTotals>> {
        let Ok(i) = self.listed.binary_search_by(|(d, ..)| d.as_str().cmp(id)) else {
            return match self.listed.iter().any(|(d, ..)| d == id) {
                // (Not sorted: a copy this build did not write.)
                true => None,
                false => Some(None),
            };
        };
        let mut got = self.run(i..i + 1)?;
        Some(got.pop().map(|(_, d)| d))
    }

    /// The totals of the decks `wanted` accepts, read a run of neighbouring decks at a time
    /// (each body checked against its CRC); `None` when one cannot be read or is damaged.
    pub fn decks(&self, wanted: &dyn Fn(&str) -> bool) -> Option<Vec<(String, DeckTotals)>> {
        let mut got = Vec::new();
        let mut i = 0;
        while i < self.listed.len() {
            if !wanted(&self.listed[i].0) {
                i += 1;
                continue;
            }
            let from = i;
            while i < self.listed.len() && wanted(&self.listed[i].0) {
                i += 1;
            }
            got.extend(self.run(from..i)?);
        }
        Some(got)
    }

    /// The decks `run` of the listing (neighbours in the file), read with one read.
    fn run(&self, run: std::ops::Range<usize>) -> Option<Vec<(String, DeckTotals)>> {
        let decks = self.listed.get(run)?;
        let (first, last) = (decks.first()?, decks.last()?);
        let end = last.1.checked_add(last.2 as u64)?;
        let len = usize::try_from(end.checked_sub(first.1)?).ok()?;
        let bytes = Arc::new(self.file.read(first.1, len)?);
        decks
            .iter()
            .map(|(id, start, len, crc)| {
                let at = usize::try_from(start - first.1).ok()?;
                let body = bytes.get(at..at.checked_add(*len)?)?;
                (crc32fast::hash(body) == *crc).then_some(())?;
                Some((id.clone(), deck(&bytes, at, at + len)?))
            })
            .collect()
    }
}

/// The copy beside `json`, when it is there, its head whole, made from the JSON now on disk,
/// its decks' bodies where the file has them, and `usable` accepts its head; `None` otherwise
/// (then the JSON is read). Only the head is read: each deck's body when it is asked for.
pub fn open(json: &Path, usable: &dyn Fn(&str) -> bool, cap: u64) -> Option<Copy> {
    let file = derived::open_sectioned(json, &path_for(json), MAGIC, FORMAT, cap)?;
    let mut r = Rd { b: file.table() };
    let head = r.str()?;
    if !usable(head) {
        return None;
    }
    let head = head.to_owned();
    let n = r.count(4 + 16 + 4)?;
    let mut listed = Vec::with_capacity(n);
    let mut at = 0u64;
    for _ in 0..n {
        let (id, start, len, crc) = (r.str()?.to_owned(), r.u64()?, r.u64()?, r.u32()?);
        // One after another, from the start: the bodies the file holds, no more.
        if start != at {
            return None;
        }
        at = start.checked_add(len)?;
        listed.push((id, start, usize::try_from(len).ok()?, crc));
    }
    (r.b.is_empty() && at == file.sections_len()).then_some(Copy { file, head, listed })
}

/// The head written with the copy beside `json` and the totals of the decks `wanted`
/// accepts, when the copy is there, whole and made from the JSON now on disk and `usable`
/// accepts its head; `None` otherwise (then the JSON is read).
pub fn read(
    json: &Path,
    usable: &dyn Fn(&str) -> bool,
    wanted: &dyn Fn(&str) -> bool,
    cap: u64,
) -> Option<(String, Aggregates)> {
    let copy = open(json, usable, cap)?;
    let decks: HashMap<String, DeckTotals> = copy.decks(wanted)?.into_iter().collect();
    Some((copy.head, Aggregates::from_decks(decks)))
}

/// A deck's card totals left in the copy's bytes (see `aggregates::FrozenCards`): `count`
/// cards from `start` to `end` in `bytes`, every one of them checked when the deck was read.
struct FrozenCards {
    bytes: Arc<Vec<u8>>,
    start: usize,
    end: usize,
    count: usize,
}

impl crate::domain::aggregates::FrozenCards for FrozenCards {
    fn count(&self) -> usize {
        self.count
    }

    fn thaw(&self) -> CardMap {
        let mut cards = CardMap::with_capacity_and_hasher(self.count, Default::default());
        let mut r = Rd {
            b: self.bytes.get(self.start..self.end).unwrap_or_default(),
        };
        while let Some((id, t)) = card(&mut r) {
            cards.insert(id.to_owned(), t);
        }
        cards
    }
}

/// One card's totals in a deck's body.
fn card<'a>(r: &mut Rd<'a>) -> Option<(&'a str, CardTotals)> {
    let id = r.str()?;
    let t = CardTotals {
        right: r.u32()?,
        answers: r.u32()?,
    };
    Some((id, t))
}

/// The deck whose body lies from `start` to `end` in `bytes`: its days and accuracy by tag
/// decoded, its cards checked and left frozen in `bytes` until wanted.
fn deck(bytes: &Arc<Vec<u8>>, start: usize, end: usize) -> Option<DeckTotals> {
    let b = bytes.get(start..end)?;
    let mut r = Rd { b };
    let n = r.count(DAY_BYTES)?;
    let mut days = BTreeMap::new();
    for _ in 0..n {
        let year = i16::from_le_bytes(r.take(2)?.try_into().ok()?);
        let (month, day) = (i8::try_from(r.u8()?).ok()?, i8::try_from(r.u8()?).ok()?);
        let date = Date::new(year, month, day).ok()?;
        let t = DayTotals {
            answers: r.u32()?,
            ms: r.u64()?,
            review_answers: r.u32()?,
            review_passed: r.u32()?,
        };
        days.insert(date, t);
    }
    let n = r.count(CARD_BYTES)?;
    let cards_at = end - r.b.len();
    for _ in 0..n {
        // Checked as `card` reads it; an ASCII id (most ids) by `is_ascii`, cheaper than
        // `from_utf8` on a short id.
        let id = r.len().and_then(|len| r.take(len))?;
        if !id.is_ascii() {
            std::str::from_utf8(id).ok()?;
        }
        r.take(4 + 4)?;
    }
    let cards = Cards::frozen(Arc::new(FrozenCards {
        bytes: Arc::clone(bytes),
        start: cards_at,
        end: end - r.b.len(),
        count: n,
    }));
    let tags = match r.u8()? {
        0 => None,
        1 => {
            let print = r.u64()?;
            let n = r.count(9)?;
            let mut counts = Vec::with_capacity(n);
            for _ in 0..n {
                let (flag, right, answers) = (r.u8()?, r.u32()?, r.u32()?);
                counts.push(match flag {
                    0 if right == 0 && answers == 0 => None,
                    1 => Some(Count { right, answers }),
                    _ => return None,
                });
            }
            Some(TagTotals { print, counts })
        }
        _ => return None,
    };
    r.b.is_empty().then_some(DeckTotals { days, cards, tags })
}
