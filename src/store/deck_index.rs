//! The deck index, `deck-index.json` in the saves folder: for each deck file read before, its
//! size and modification time, its title, description and tags, and its outline (card ids,
//! sides, groups and their names, each card tag with the cards that carry it, and how each
//! card can be asked in a mock test). Start-up lists a deck whose
//! file is unchanged from the index alone, and reads the file only when the deck is opened: at
//! 100,000 cards that is the difference between parsing 50 MB of decks and 2 MB of index. The
//! statistics and `exam-mode` need nothing more than the outlines, so they read no deck file;
//! the mock test's setup counts its questions and chooses their cards from them too, and reads
//! only the decks its questions come from.
//!
//! It is a cache, derived from the deck files: smriti rewrites it whenever it differs, and a
//! missing or unreadable index is simply rebuilt (deleting it is always safe). It never holds
//! anything the user wrote that is not also in a deck file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::domain::deck::{Deck, Sides};
use crate::domain::ids::{CardId, DeckId};
use crate::domain::outline::{Asked, LazyOutline, Outline, Skim};

#[path = "deck_index_cache.rs"]
mod cache;

/// The index format this build writes and reads (any other is rebuilt). 5 added `asks`.
pub const FORMAT: u32 = 5;

/// A deck file's identity on disk: when either changes, the file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            modified_ns: u64::try_from(modified.as_nanos()).ok()?,
        })
    }
}

/// What the deck list needs of one deck file. The outline is shared with the deck list, so
/// that 100,000 card ids are held once, and read from the index's binary copy only when it is
/// first wanted (see [`LazyOutline`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    pub stamp: Stamp,
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub outline: LazyOutline,
}

/// An entry as written: each card as `[id, sides]`, sides being `f` (one item), `fr` (forward
/// and reverse) or `cN` (a cloze with N deletions).
#[derive(Serialize)]
struct EntryOut<'a> {
    path: &'a Path,
    size: u64,
    modified_ns: u64,
    id: &'a str,
    title: &'a str,
    description: &'a str,
    tags: &'a [String],
    cards: Vec<(&'a str, SidesCode)>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    groups: &'a [Vec<usize>],
    /// Each card tag with the indices (into `cards`) of the cards that carry it.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    card_tags: &'a [(String, Vec<u32>)],
    /// Each group name with the indices of its cards (groups span decks by name).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    group_names: &'a [(String, Vec<u32>)],
    /// How each card can be asked in a mock test, a letter a card (see [`Asked::code`]).
    asks: String,
}

/// An entry as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryIn {
    path: PathBuf,
    size: u64,
    modified_ns: u64,
    id: DeckId,
    title: String,
    description: String,
    tags: Vec<String>,
    cards: Vec<(CardId, SidesCode)>,
    #[serde(default)]
    groups: Vec<Vec<usize>>,
    #[serde(default)]
    card_tags: Vec<(String, Vec<u32>)>,
    #[serde(default)]
    group_names: Vec<(String, Vec<u32>)>,
    asks: String,
}

/// The index is ignored (and rebuilt) above this size.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The fewest bytes a card takes in a deck file: `{"id":"a","kind":"typed","question":"q",
/// "accept":["a"]}` and the like are longer still.
const MIN_CARD_BYTES: u64 = 40;

impl EntryIn {
    /// The entry, when a deck file of its size could hold what it says (see
    /// [`plausible_header`] and [`plausible_outline`]).
    fn into_entry(self) -> Option<Entry> {
        let asked: Vec<Asked> = self
            .asks
            .chars()
            .map(Asked::from_code)
            .collect::<Option<_>>()?;
        let outline = Outline {
            id: self.id.clone(),
            cards: self.cards.into_iter().map(|(id, s)| (id, s.0)).collect(),
            groups: self.groups,
            tags: self.card_tags,
            group_names: self.group_names,
            asked,
        };
        let header = Header {
            size: self.size,
            id: &self.id,
            title: &self.title,
            description: &self.description,
            tags: &self.tags,
        };
        (plausible_header(&header, outline.cards.len()) && plausible_outline(self.size, &outline))
            .then(|| Entry {
                path: self.path,
                stamp: Stamp {
                    size: self.size,
                    modified_ns: self.modified_ns,
                },
                id: self.id,
                title: self.title,
                description: self.description,
                tags: self.tags,
                outline: LazyOutline::from(outline),
            })
    }
}

/// What an entry says of its file besides the outline.
struct Header<'a> {
    size: u64,
    id: &'a str,
    title: &'a str,
    description: &'a str,
    tags: &'a [String],
}

/// Whether a card id is one a deck file may hold.
fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether a deck file of the entry's size could hold its header and `cards` cards: the index
/// is a cache that anyone who can write the saves folder can edit, and a crafted one (size
/// and time matching, 1.3 million cards claimed for a 2-card deck) must not make start-up
/// build them. Checked when the index is read; the outline's own checks
/// ([`plausible_outline`]) when it is made.
fn plausible_header(h: &Header, cards: usize) -> bool {
    let fits = |n: usize| (n as u64) <= h.size;
    (cards as u64).saturating_mul(MIN_CARD_BYTES) <= h.size
        && id_ok(h.id)
        && fits(h.title.len() + h.description.len())
        && fits(h.tags.iter().map(String::len).sum())
}

/// Whether a deck file of `size` bytes could hold the outline: card ids valid and unique,
/// cloze counts, tags and group names fitting in the file, each tag's and group's cards in
/// order and in the deck, and a letter for each card.
fn plausible_outline(size: u64, o: &Outline) -> bool {
    let fits = |n: usize| (n as u64) <= size;
    // foldhash, not SipHash: the ids come from a file in the saves folder, checked once here.
    let mut ids = std::collections::HashSet::with_capacity_and_hasher(
        o.cards.len().min(1 << 16),
        foldhash::fast::RandomState::default(),
    );
    (o.cards.len() as u64).saturating_mul(MIN_CARD_BYTES) <= size
        && fits(o.tags.iter().map(|(t, _)| t.len()).sum())
        && fits(o.group_names.iter().map(|(g, _)| g.len()).sum())
        && o.asked.len() == o.cards.len()
        && o.tags.iter().chain(&o.group_names).all(|(t, cards)| {
            !t.is_empty()
                && cards.windows(2).all(|w| w[0] < w[1])
                && cards.iter().all(|&i| (i as usize) < o.cards.len())
        })
        && o.cards.iter().all(|(id, sides)| {
            id_ok(id)
                && ids.insert(id.as_str())
                && match sides {
                    Sides::Cloze(n) => *n >= 1 && fits(usize::from(*n) * 5),
                    _ => true,
                }
        })
}

/// [`plausible_outline`] without the ids (a [`Skim`]'s: see `cache::skim`).
fn plausible_skim(size: u64, s: &Skim) -> bool {
    let fits = |n: usize| (n as u64) <= size;
    let cards = s.sides.len();
    (cards as u64).saturating_mul(MIN_CARD_BYTES) <= size
        && fits(s.tags.iter().map(|(t, _)| t.len()).sum())
        && fits(s.group_names.iter().map(|(g, _)| g.len()).sum())
        && s.asked.len() == cards
        && s.tags.iter().chain(&s.group_names).all(|(t, c)| {
            !t.is_empty()
                && c.windows(2).all(|w| w[0] < w[1])
                && c.iter().all(|&i| (i as usize) < cards)
        })
        && s.sides.iter().all(|sides| match sides {
            Sides::Cloze(n) => *n >= 1 && fits(usize::from(*n) * 5),
            _ => true,
        })
}

/// [`Sides`] as written in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidesCode(pub Sides);

impl Serialize for SidesCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Sides::Forward => s.serialize_str("f"),
            Sides::Both => s.serialize_str("fr"),
            Sides::Cloze(n) => s.serialize_str(&format!("c{n}")),
        }
    }
}

impl<'de> Deserialize<'de> for SidesCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        match s.as_ref() {
            "f" => Ok(SidesCode(Sides::Forward)),
            "fr" => Ok(SidesCode(Sides::Both)),
            c => c
                .strip_prefix('c')
                .and_then(|n| n.parse().ok())
                .map(|n| SidesCode(Sides::Cloze(n)))
                .ok_or_else(|| serde::de::Error::custom(format!("unknown sides {c:?}"))),
        }
    }
}

impl Entry {
    /// The entry for `deck`, read from `path` with `stamp`. Working out how each card can be
    /// asked in a mock test builds the deck's answer pool: it is done here, once per change of
    /// the file, so that a test's setup never reads the deck.
    pub fn of(path: &Path, stamp: Stamp, deck: &Deck) -> Entry {
        let mut outline = deck.outline();
        outline.asked = crate::domain::mock_draw::asked(deck);
        Entry {
            path: path.to_owned(),
            stamp,
            id: deck.id.clone(),
            title: deck.title.clone(),
            description: deck.description.clone(),
            tags: deck.tags.clone(),
            outline: LazyOutline::from(outline),
        }
    }

    /// The deck's header (no cards, no sources) and outline.
    pub fn to_deck(&self) -> (Deck, LazyOutline) {
        let deck = Deck {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            sources: Vec::new(),
            cards: Vec::new(),
            answer_kind: None,
        };
        (deck, self.outline.clone())
    }

    fn to_out(&self) -> EntryOut<'_> {
        EntryOut {
            path: &self.path,
            size: self.stamp.size,
            modified_ns: self.stamp.modified_ns,
            id: &self.id,
            title: &self.title,
            description: &self.description,
            tags: &self.tags,
            cards: self
                .outline
                .cards
                .iter()
                .map(|(id, s)| (id.as_str(), SidesCode(*s)))
                .collect(),
            groups: &self.outline.groups,
            card_tags: &self.outline.tags,
            group_names: &self.outline.group_names,
            asks: self.outline.asked.iter().map(|a| a.code()).collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    format: u32,
    #[serde(default)]
    #[allow(dead_code)]
    written_by: Option<String>,
    decks: Vec<EntryIn>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: u32,
    written_by: &'a str,
    decks: Vec<EntryOut<'a>>,
}

/// The index in memory: entries by file path.
#[derive(Debug, Default)]
pub struct DeckIndex {
    entries: HashMap<PathBuf, Entry>,
    /// Set when the entries differ from the file's.
    changed: bool,
    /// The JSON's length, first bytes and time when the entries were read from it because its
    /// binary copy did not match: the copy is then written at the next save.
    no_copy: Option<(u64, Vec<u8>, Option<u64>)>,
}

impl DeckIndex {
    /// Every entry's outline (in no particular order; an entry may be of a file since changed).
    pub fn outlines(&self) -> Vec<std::sync::Arc<Outline>> {
        self.entries.values().map(|e| e.outline.arc()).collect()
    }

    /// Reads the index in `saves`: its binary copy when that matches the JSON (see
    /// [`cache`]), else the JSON; an empty one when it is missing, unreadable or of another
    /// format (it is then rebuilt as decks are read).
    pub fn load(saves: &Path) -> DeckIndex {
        let path = super::SavesLayout::new(saves).deck_index();
        if let Some((entries, all_plausible)) = cache::read(&path, MAX_BYTES) {
            return DeckIndex::of_entries(entries, all_plausible, None);
        }
        let bytes = super::bounded::read_capped(&path, MAX_BYTES).ok();
        let file = bytes
            .as_deref()
            .and_then(|b| serde_json::from_slice::<FileIn>(b).ok());
        match (file, bytes) {
            (Some(f), Some(b)) if f.format == FORMAT => {
                // Read from the JSON: its binary copy is written at the next save, if the
                // JSON is still this one then.
                let stamp = super::derived::stamp_of(&path).map(|(_, m)| m);
                let was = (b.len() as u64, super::derived::prefix(&b).to_vec(), stamp);
                let n = f.decks.len();
                let entries: Vec<Entry> = f
                    .decks
                    .into_iter()
                    .filter_map(EntryIn::into_entry)
                    .collect();
                let all = entries.len() == n;
                DeckIndex::of_entries(entries, all, Some(was))
            }
            (Some(_), _) => DeckIndex {
                changed: true,
                ..DeckIndex::default()
            },
            (None, _) => DeckIndex {
                changed: path.exists(),
                ..DeckIndex::default()
            },
        }
    }

    /// The index of the entries read (`all_plausible`: none was dropped; an entry that cannot
    /// describe its file is dropped, and that file read again); `no_copy`: the JSON they were
    /// read from, when its binary copy did not match it.
    fn of_entries(
        entries: Vec<Entry>,
        all_plausible: bool,
        no_copy: Option<(u64, Vec<u8>, Option<u64>)>,
    ) -> DeckIndex {
        DeckIndex {
            changed: !all_plausible,
            entries: entries.into_iter().map(|e| (e.path.clone(), e)).collect(),
            no_copy,
        }
    }

    /// The entry for `path` if the file still has `stamp`.
    pub fn get(&self, path: &Path, stamp: Stamp) -> Option<&Entry> {
        self.entries.get(path).filter(|e| e.stamp == stamp)
    }

    /// Records (or replaces) an entry.
    pub fn put(&mut self, entry: Entry) {
        if self.entries.get(&entry.path) != Some(&entry) {
            self.changed = true;
            self.entries.insert(entry.path.clone(), entry);
        }
    }

    /// Forgets the files in `dir` that are not in `seen` (deleted or no longer decks). Entries
    /// for other folders stay (smriti may be run with another `--decks`).
    pub fn forget_missing(&mut self, dir: &Path, seen: &[PathBuf]) {
        let before = self.entries.len();
        // A set: with hundreds of decks, `seen.contains` per entry was quadratic.
        let seen: std::collections::HashSet<&Path> = seen.iter().map(PathBuf::as_path).collect();
        self.entries
            .retain(|p, _| p.parent() != Some(dir) || seen.contains(p.as_path()));
        self.changed |= self.entries.len() != before;
    }

    pub fn is_changed(&self) -> bool {
        self.changed
    }

    /// Writes the index into `saves` (atomically) when it changed, and its binary copy right
    /// after it (also when only the copy was missing or stale).
    pub fn save(&mut self, saves: &Path) -> std::io::Result<()> {
        if !self.changed && self.no_copy.is_none() {
            return Ok(());
        }
        let path = super::SavesLayout::new(saves).deck_index();
        let mut decks: Vec<&Entry> = self.entries.values().collect();
        decks.sort_by(|a, b| a.path.cmp(&b.path));
        if !self.changed {
            // Unchanged: only the copy is written, of the JSON read (if it is still there).
            if let Some((len, prefix, at)) = self.no_copy.take() {
                let _ = cache::write(&path, (len, &prefix, at), &decks);
            }
            return Ok(());
        }
        let file = FileOut {
            format: FORMAT,
            written_by: concat!("smriti ", env!("CARGO_PKG_VERSION")),
            decks: decks.iter().map(|e| e.to_out()).collect(),
        };
        let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
        super::atomic::write_atomic(&path, &bytes)?;
        self.changed = false;
        self.no_copy = None;
        // The copy is a cache of a cache: failing to write it changes nothing but speed.
        let written = (bytes.len() as u64, super::derived::prefix(&bytes), None);
        let _ = cache::write(&path, written, &decks);
        Ok(())
    }
}

#[cfg(test)]
#[path = "deck_index_tests.rs"]
mod tests;
