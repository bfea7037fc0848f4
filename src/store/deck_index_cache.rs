//! `deck-index.cache`: the deck index's entries in a binary layout, a derived copy of
//! `deck-index.json` (see [`super::super::derived`] for when it is written and trusted), read
//! in its place because parsing its 2 MB of JSON (100,000 card ids) was a large part of
//! `smriti stats`, `exam-mode` and start-up at 100,000 cards. Entries read from it are checked
//! for plausibility like the JSON's (the caller does it). Must not depend on `tui` or `cli`.
//!
//! Body (little-endian, strings and lists as in `derived`): the entry count, then each entry:
//! path, size (u64), modification time (u64), id, title, description, tags (a list of
//! strings), cards (a count, then each card's id and sides: u8 0 forward, 1 both, 2 cloze,
//! and u32 deletions), groups (a count, then each a list of indices), card tags and group
//! names (a count, then each a name and a list of indices), and the asked letters (a string).

use std::path::{Path, PathBuf};

use super::super::derived::{self, Rd, Wr};
use super::{EntryIn, SidesCode};
use crate::domain::deck::Sides;
use crate::domain::ids::{CardId, DeckId};

const MAGIC: &[u8] = b"smriti-deck-index-cache\n";

/// The copy's format: the index's own format in the thousands, so that either changing
/// makes old copies unread.
const FORMAT: u32 = super::FORMAT * 1000 + 1;

/// Where the copy of the index at `json` lives: beside it, `deck-index.cache`.
pub fn path_for(json: &Path) -> PathBuf {
    json.with_extension("cache")
}

/// Writes the copy of the index `json` holds (`written`: its length, first bytes and, when
/// known, time; see [`derived::write`]), made of `entries`.
pub fn write(
    json: &Path,
    written: (u64, &[u8], Option<u64>),
    entries: &[&super::Entry],
) -> std::io::Result<()> {
    let mut w = Wr(Vec::with_capacity(
        entries
            .iter()
            .map(|e| e.outline.cards.len() * 24 + 256)
            .sum(),
    ));
    w.len(entries.len());
    for e in entries {
        w.str(&e.path.to_string_lossy());
        w.u64(e.stamp.size);
        w.u64(e.stamp.modified_ns);
        w.str(&e.id);
        w.str(&e.title);
        w.str(&e.description);
        strs(&mut w, &e.tags);
        let o = &e.outline;
        w.len(o.cards.len());
        for (id, sides) in &o.cards {
            w.str(id);
            let (code, n) = match sides {
                Sides::Forward => (0, 0),
                Sides::Both => (1, 0),
                Sides::Cloze(n) => (2, *n),
            };
            w.u8(code);
            w.u32(u32::from(n));
        }
        w.len(o.groups.len());
        for g in &o.groups {
            w.indices(g.iter().copied());
        }
        named(&mut w, &o.tags);
        named(&mut w, &o.group_names);
        let asks: String = o.asked.iter().map(|a| a.code()).collect();
        w.str(&asks);
    }
    derived::write(json, written, &path_for(json), MAGIC, FORMAT, &w.0)
}

fn strs(w: &mut Wr, v: &[String]) {
    w.len(v.len());
    for s in v {
        w.str(s);
    }
}

fn named(w: &mut Wr, v: &[(String, Vec<u32>)]) {
    w.len(v.len());
    for (name, cards) in v {
        w.str(name);
        w.indices(cards.iter().map(|&i| i as usize));
    }
}

/// The entries of the copy beside `json`, when it is there, whole and made from the JSON now
/// on disk; `None` otherwise (then the JSON is read).
pub(super) fn read(json: &Path, cap: u64) -> Option<Vec<EntryIn>> {
    let body = derived::read(json, &path_for(json), MAGIC, FORMAT, cap)?;
    let mut r = Rd { b: body.bytes() };
    // An entry takes at least its fixed fields; a card at least its sides.
    let n = r.count(16 + 4 * 9)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(entry(&mut r)?);
    }
    r.b.is_empty().then_some(out)
}

fn entry(r: &mut Rd) -> Option<EntryIn> {
    let path = PathBuf::from(r.str()?);
    let size = r.u64()?;
    let modified_ns = r.u64()?;
    let id = DeckId::from(r.str()?);
    let title = r.str()?.to_owned();
    let description = r.str()?.to_owned();
    let tags = read_strs(r)?;
    let n = r.count(4 + 1 + 4)?;
    let mut cards = Vec::with_capacity(n);
    for _ in 0..n {
        let id = CardId::from(r.str()?);
        let sides = match (r.u8()?, r.u32()?) {
            (0, 0) => Sides::Forward,
            (1, 0) => Sides::Both,
            (2, k) => Sides::Cloze(u16::try_from(k).ok()?),
            _ => return None,
        };
        cards.push((id, SidesCode(sides)));
    }
    let n = r.count(4)?;
    let groups = (0..n).map(|_| r.indices()).collect::<Option<_>>()?;
    let card_tags = read_named(r)?;
    let group_names = read_named(r)?;
    let asks = r.str()?.to_owned();
    Some(EntryIn {
        path,
        size,
        modified_ns,
        id,
        title,
        description,
        tags,
        cards,
        groups,
        card_tags,
        group_names,
        asks,
    })
}

fn read_strs(r: &mut Rd) -> Option<Vec<String>> {
    let n = r.count(4)?;
    (0..n).map(|_| r.str().map(str::to_owned)).collect()
}

fn read_named(r: &mut Rd) -> Option<Vec<(String, Vec<u32>)>> {
    let n = r.count(8)?;
    (0..n)
        .map(|_| Some((r.str()?.to_owned(), r.indices()?)))
        .collect()
}
