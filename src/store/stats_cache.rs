//! `stats.cache`: the statistics' running totals in a binary layout, a derived copy of
//! `stats.json` (see [`super::derived`] for when it is written and trusted), read in its
//! place because parsing its 2 MB of JSON (a string per card) was a large part of `smriti
//! stats` at 100,000 cards. Each deck's totals are a body of their own, so that `smriti stats
//! --deck X` decodes deck X's only. Must not depend on `tui` or `cli`.
//!
//! Body (little-endian, strings as in `derived`): the marks and the day rule as a JSON text
//! (a few hundred bytes: `{"log":…,"logs":…,"day":…}`), the deck count, then each deck's id
//! and the offset and length (u64 each) of its body among the bodies that follow. A deck's
//! body: its days (a count, then each day's date as year (i16), month and day (u8 each), and
//! answers (u32), time in ms (u64), review answers and review answers passed (u32 each)),
//! then its cards (a count, then each card's id, right answers and answers (u32 each)).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::derived::{self, Rd, Wr};
use crate::domain::aggregates::{Aggregates, CardTotals, DayTotals, DeckTotals};

const MAGIC: &[u8] = b"smriti-stats-cache\n";

/// The copy's format: `stats.json`'s own format in the thousands (a test of `stats_file`
/// holds them together), so that either changing makes old copies unread.
pub const FORMAT: u32 = 1001;

/// The fewest bytes a day and a card take in a body.
const DAY_BYTES: usize = 4 + 4 + 8 + 4 + 4;
const CARD_BYTES: usize = 4 + 4 + 4;

/// Where the copy of the totals at `json` lives: beside it, `stats.cache`.
pub fn path_for(json: &Path) -> PathBuf {
    json.with_extension("cache")
}

/// Writes the copy of `stats.json` just written at `json` (its length and first bytes; see
/// [`derived::write`]): `totals`, with `head` (the marks and day rule as JSON, which the
/// owner of `stats.json` writes and reads). Streamed: each deck's body is built and written
/// in turn (the table before them is sized first), so the copy is never held whole.
pub fn write(
    json: &Path,
    written: (u64, &[u8]),
    totals: &Aggregates,
    head: &str,
) -> std::io::Result<()> {
    let mut ids: Vec<&String> = totals.decks.keys().collect();
    ids.sort_unstable();
    let decks: Vec<(&String, &DeckTotals)> = ids
        .into_iter()
        .filter_map(|id| Some((id, totals.decks.get(id)?)))
        .collect();
    let mut w = Wr::default();
    w.str(head);
    w.len(decks.len());
    let mut start = 0u64;
    for (id, d) in &decks {
        let cards: usize = d.cards.keys().map(|c| 4 + c.len() + 8).sum();
        let len = (4 + d.days.len() * DAY_BYTES + 4 + cards) as u64;
        w.str(id);
        w.u64(start);
        w.u64(len);
        start += len;
    }
    let (len, prefix) = written;
    derived::write_with(
        json,
        (len, prefix, None),
        &path_for(json),
        MAGIC,
        FORMAT,
        |out| {
            out.write_all(&w.0)?;
            let mut body = Wr::default();
            for (_, d) in decks {
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
                for (card, t) in &d.cards {
                    body.str(card);
                    body.u32(t.right);
                    body.u32(t.answers);
                }
                out.write_all(&body.0)?;
            }
            Ok(())
        },
    )
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
    let body = derived::read(json, &path_for(json), MAGIC, FORMAT, cap)?;
    let mut r = Rd { b: body.bytes() };
    let head = r.str()?;
    if !usable(head) {
        return None;
    }
    let n = r.count(4 + 16)?;
    let mut listed = Vec::with_capacity(n);
    for _ in 0..n {
        listed.push((r.str()?, r.u64()?, r.u64()?));
    }
    let bodies = r.b;
    let mut decks = HashMap::with_capacity(n);
    for (id, start, len) in listed {
        let start = usize::try_from(start).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        let b = bodies.get(start..end)?;
        if wanted(id) {
            decks.insert(id.to_owned(), deck(b)?);
        }
    }
    Some((head.to_owned(), Aggregates { decks }))
}

fn deck(b: &[u8]) -> Option<DeckTotals> {
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
    let mut cards = HashMap::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?.to_owned();
        let t = CardTotals {
            right: r.u32()?,
            answers: r.u32()?,
        };
        cards.insert(id, t);
    }
    r.b.is_empty().then_some(DeckTotals { days, cards })
}
