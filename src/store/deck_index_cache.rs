//! `deck-index.cache`: the deck index's entries in a binary layout, a derived copy of
//! `deck-index.json` (see [`super::super::derived`] for when it is written and trusted), read
//! in its place because parsing its 2 MB of JSON (100,000 card ids) was a large part of
//! `smriti stats`, `exam-mode` and start-up at 100,000 cards. Entries read from it are checked
//! for plausibility like the JSON's (the caller does it). Must not depend on `tui` or `cli`.
//!
//! The outlines (100,000 card ids at 100,000 cards) are not read with the rest: each entry's
//! outline is left in the copy's bytes and made when it is first wanted
//! ([`LazyOutline`]), so that the deck list's first frame reads titles and counts of cards,
//! and a mock test's setup the outlines of the decks it draws from. The header's plausibility
//! is checked when the copy is read, the outline's when it is made (an outline that fails its
//! checks is made empty: the deck is then listed with no cards until its file is read).
//!
//! Body (little-endian, strings and lists as in `derived`): the entry count, then each entry:
//! path, size (u64), modification time (u64), id, title, description, tags (a list of
//! strings), the number of cards (u32), whether any card has a group name (u8 0 or 1), the
//! outline's fingerprint (`Outline::fingerprint`: its items, u32, and hash, u64), its tags'
//! fingerprint (`tag_totals::fingerprint`, u64) and names (a list of strings: what the
//! statistics' accuracy by tag needs, so that no outline is made for it), and the
//! outline's length in bytes (u32) followed by the outline: cards (each card's id and
//! sides: u8 0 forward, 1 both, 2 cloze, and u32 deletions), groups (a count, then each a
//! list of indices), card tags and group names (a count, then each a name and a list of
//! indices), and the asked letters (a string).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::super::derived::{self, Rd, Wr};
use super::{Entry, Header, Stamp, plausible_header, plausible_outline, plausible_skim};
use crate::domain::deck::Sides;
use crate::domain::ids::{CardId, DeckId};
use crate::domain::outline::{Asked, Fingerprint, LazyOutline, Outline, Skim};

const MAGIC: &[u8] = b"smriti-deck-index-cache\n";

/// The copy's format: the index's own format in the thousands, so that either changing
/// makes old copies unread. 2: each outline behind its length, read when wanted. 3: the
/// tags' fingerprint and names in the header.
const FORMAT: u32 = super::FORMAT * 1000 + 3;

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
        w.u8(u8::from(!o.group_names.is_empty()));
        let print = o.fingerprint();
        w.u32(print.items);
        w.u64(print.hash);
        w.u64(crate::domain::tag_totals::fingerprint(o));
        w.len(o.tags.len());
        for (name, _) in &o.tags {
            w.str(name);
        }
        let at = w.0.len();
        w.u32(0);
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
        let len = u32::try_from(w.0.len() - at - 4).unwrap_or(u32::MAX);
        w.0[at..at + 4].copy_from_slice(&len.to_le_bytes());
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
/// on disk, with whether each was plausible (see [`plausible_header`]: those that are not are
/// left out); `None` otherwise (then the JSON is read). The outlines are left in the copy's
/// bytes, made when first wanted.
pub(super) fn read(json: &Path, cap: u64) -> Option<(Vec<Entry>, bool)> {
    let (bytes, start) = derived::read(json, &path_for(json), MAGIC, FORMAT, cap)?.into_parts();
    let bytes = Arc::new(bytes);
    let mut r = Rd {
        b: bytes.get(start..)?,
    };
    let at = |r: &Rd| bytes.len() - r.b.len();
    // An entry takes at least its fixed fields.
    let n = r.count(16 + 4 * 9 + 1 + 12)?;
    let mut out = Vec::with_capacity(n);
    let mut all = true;
    for _ in 0..n {
        let path = PathBuf::from(r.str()?);
        let size = r.u64()?;
        let modified_ns = r.u64()?;
        let id = r.str()?;
        let title = r.str()?.to_owned();
        let description = r.str()?.to_owned();
        let tags = read_strs(&mut r)?;
        let cards = r.len()?;
        let grouped = match r.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let print = Fingerprint {
            items: r.u32()?,
            hash: r.u64()?,
        };
        let tags_print = r.u64()?;
        let tag_names = read_strs(&mut r)?;
        let len = r.len()?;
        let from = at(&r);
        r.take(len)?;
        let header = Header {
            size,
            id,
            title: &title,
            description: &description,
            tags: &tags,
        };
        // A card takes at least its id's length and its sides.
        let names_fit = (tag_names.iter().map(String::len).sum::<usize>() as u64) <= size
            && tag_names.iter().all(|t| !t.is_empty());
        if !plausible_header(&header, cards)
            || (cards as u64).saturating_mul(9) > len as u64
            || !names_fit
        {
            all = false;
            continue;
        }
        let id = DeckId::from(id);
        let (shared, deck, names) = (Arc::clone(&bytes), id.clone(), tag_names.clone());
        let skimmed = Arc::clone(&bytes);
        let known = (cards, grouped, print);
        let outline = LazyOutline::later_tagged(
            id.clone(),
            known,
            (tags_print, tag_names),
            move || {
                shared
                    .get(from..from + len)
                    .and_then(|b| outline(b, size, deck.clone(), cards, grouped))
                    // Its tags are the ones the header names (the statistics took them from it).
                    .filter(|o| o.tags.iter().map(|(t, _)| t).eq(&names))
                    .unwrap_or(Outline {
                        id: deck,
                        ..Outline::default()
                    })
            },
            move || {
                skimmed
                    .get(from..from + len)
                    .and_then(|b| skim(b, size, cards, grouped))
            },
        );
        out.push(Entry {
            path,
            stamp: Stamp { size, modified_ns },
            id,
            title,
            description,
            tags,
            outline,
        });
    }
    r.b.is_empty().then_some((out, all))
}

/// The outline written in `b` for a deck file of `size` bytes, of `cards` cards and with
/// group names when `grouped`, if it is that and plausible (see [`plausible_outline`]).
fn outline(b: &[u8], size: u64, id: DeckId, cards: usize, grouped: bool) -> Option<Outline> {
    let mut r = Rd { b };
    let mut list = Vec::with_capacity(cards.min(b.len() / 9));
    for _ in 0..cards {
        let id = CardId::from(r.str()?);
        let sides = match (r.u8()?, r.u32()?) {
            (0, 0) => Sides::Forward,
            (1, 0) => Sides::Both,
            (2, k) => Sides::Cloze(u16::try_from(k).ok()?),
            _ => return None,
        };
        list.push((id, sides));
    }
    let n = r.count(4)?;
    let groups = (0..n).map(|_| r.indices()).collect::<Option<_>>()?;
    let tags = read_named(&mut r)?;
    let group_names = read_named(&mut r)?;
    let asked = r
        .str()?
        .chars()
        .map(Asked::from_code)
        .collect::<Option<_>>()?;
    let o = Outline {
        id,
        cards: list,
        groups,
        tags,
        group_names,
        asked,
    };
    (r.b.is_empty() && grouped != o.group_names.is_empty() && plausible_outline(size, &o))
        .then_some(o)
}

/// The outline written in `b` without its card ids ([`Skim`]: what a mock test's draw reads,
/// mock's addition), if it is that: the checks of [`plausible_outline`] but the ids' (each
/// only of a length an id may have), which need every id hashed. Its cards are asked only
/// from the deck's file, read when a test needs it, so an id the copy has wrong asks nothing.
fn skim(b: &[u8], size: u64, cards: usize, grouped: bool) -> Option<Skim> {
    let mut r = Rd { b };
    let mut sides = Vec::with_capacity(cards.min(b.len() / 9));
    for _ in 0..cards {
        let n = r.len()?;
        if n == 0 || n > 100 {
            return None;
        }
        r.take(n)?;
        sides.push(match (r.u8()?, r.u32()?) {
            (0, 0) => Sides::Forward,
            (1, 0) => Sides::Both,
            (2, k) => Sides::Cloze(u16::try_from(k).ok()?),
            _ => return None,
        });
    }
    let n = r.count(4)?;
    for _ in 0..n {
        let k = r.count(4)?;
        r.take(k * 4)?;
    }
    let tags = read_named_u32(&mut r)?;
    let group_names = read_named_u32(&mut r)?;
    let letters = r.str()?;
    let mut asked = Vec::with_capacity(letters.len());
    for c in letters.bytes() {
        asked.push(Asked::from_code(char::from(c))?);
    }
    let s = Skim {
        sides,
        tags,
        group_names,
        asked,
    };
    (r.b.is_empty() && grouped != s.group_names.is_empty() && plausible_skim(size, &s)).then_some(s)
}

/// [`read_named`]'s lists read whole, four bytes an index (the skim's: its tags list every
/// tagged card of the deck, 100,000 indices at 100,000 cards).
fn read_named_u32(r: &mut Rd) -> Option<Vec<(String, Vec<u32>)>> {
    let n = r.count(8)?;
    (0..n)
        .map(|_| {
            let name = r.str()?.to_owned();
            let k = r.count(4)?;
            let b = r.take(k * 4)?;
            let cards = b
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            Some((name, cards))
        })
        .collect()
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
