//! `stats.cache`: the statistics' running totals in a binary layout, a derived copy of
//! `stats.json` (see [`super::derived`] for when it is written and trusted), read in its
//! place because parsing its 2 MB of JSON (a string per card) was a large part of `smriti
//! stats` at 100,000 cards. Each deck's totals are a body of their own, so that `smriti stats
//! --deck X` decodes deck X's only; a deck's card totals are checked when it is read but
//! left in the copy's bytes until wanted (`aggregates::FrozenCards`: the statistics add the
//! saved accuracy by tag instead). Must not depend on `tui` or `cli`.
//!
//! Body (little-endian, strings as in `derived`): the marks and the day rule as a JSON text
//! (a few hundred bytes: `{"log":…,"logs":…,"day":…}`), the deck count, then each deck's id
//! and the offset and length (u64 each) of its body among the bodies that follow. A deck's
//! body: its days (a count, then each day's date as year (i16), month and day (u8 each), and
//! answers (u32), time in ms (u64), review answers and review answers passed (u32 each)),
//! then its cards (a count, then each card's id, right answers and answers (u32 each)), then
//! its accuracy by tag (format 1002; `domain::tag_totals`): a flag u8 (0: none, when the
//! writer had no outline of the deck; then nothing follows), the fingerprint of the tags they
//! were made for (u64), the tag count (u32) and for each tag, in the outline's order, a flag
//! u8 (0: no card of it has totals, then zeros) and its right answers and answers (u32 each).

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
/// decks' accuracy by tag.
pub const FORMAT: u32 = 1002;

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
    for ((id, len), o) in decks.iter().zip(&outlines) {
        let len = len + tags_len(*o);
        w.str(id);
        w.u64(start);
        w.u64(len);
        start += len;
    }
    derived::write_with(
        json,
        (len, prefix, None),
        &path_for(json),
        MAGIC,
        FORMAT,
        |out| {
            out.write_all(&w.0)?;
            let mut body = Wr::default();
            for (i, (_, len)) in decks.iter().enumerate() {
                let d = deck(i)?;
                body.0.clear();
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
                body.len(d.cards.len());
                for (card, t) in d.cards.iter() {
                    body.str(card);
                    body.u32(t.right);
                    body.u32(t.answers);
                }
                if body.0.len() as u64 != *len {
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
                out.write_all(&body.0)?;
            }
            Ok(())
        },
    )
}

/// The copy beside a `stats.json`, opened and checked (see [`open`]): its decks are decoded
/// one at a time, when asked for.
pub struct Copy {
    /// The whole copy's bytes (shared with the decks' frozen cards) and where its body starts.
    bytes: Arc<Vec<u8>>,
    at: usize,
    head: String,
    /// Each deck's id and the range of its body in `body`.
    listed: Vec<(String, usize, usize)>,
}

impl Copy {
    /// The marks and day rule, as JSON (see `stats_file`).
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The decks' ids, in the copy's order (sorted).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.listed.iter().map(|(id, _, _)| id.as_str())
    }

    /// Deck `id`'s totals: `Some(None)` when the copy has no such deck, `None` when its body
    /// is damaged.
    pub fn deck(&self, id: &str) -> Option<Option<DeckTotals>> {
        let Ok(i) = self.listed.binary_search_by(|(d, _, _)| d.as_str().cmp(id)) else {
            return match self.listed.iter().any(|(d, _, _)| d == id) {
                // (Not sorted: a copy this build did not write.)
                true => None,
                false => Some(None),
            };
        };
        let (_, start, end) = self.listed[i];
        Some(Some(deck(&self.bytes, self.at + start, self.at + end)?))
    }
}

/// The copy beside `json`, when it is there, whole and made from the JSON now on disk and
/// `usable` accepts its head; `None` otherwise (then the JSON is read). Every deck's body is
/// checked to lie in the file; none is decoded yet.
pub fn open(json: &Path, usable: &dyn Fn(&str) -> bool, cap: u64) -> Option<Copy> {
    let body = derived::read(json, &path_for(json), MAGIC, FORMAT, cap)?;
    let mut r = Rd { b: body.bytes() };
    let head = r.str()?;
    if !usable(head) {
        return None;
    }
    let head = head.to_owned();
    let n = r.count(4 + 16)?;
    let mut listed = Vec::with_capacity(n);
    for _ in 0..n {
        listed.push((r.str()?.to_owned(), r.u64()?, r.u64()?));
    }
    let at = body.bytes().len() - r.b.len();
    let listed = listed
        .into_iter()
        .map(|(id, start, len)| {
            let start = usize::try_from(start).ok()?.checked_add(at)?;
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            (end <= body.bytes().len()).then_some((id, start, end))
        })
        .collect::<Option<Vec<_>>>()?;
    let (bytes, at) = body.into_parts();
    Some(Copy {
        bytes: Arc::new(bytes),
        at,
        head,
        listed,
    })
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
    let mut decks = HashMap::with_capacity(copy.listed.len());
    for (id, start, end) in &copy.listed {
        if wanted(id) {
            decks.insert(
                id.clone(),
                deck(&copy.bytes, copy.at + start, copy.at + end)?,
            );
        }
    }
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
