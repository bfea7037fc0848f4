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
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::domain::deck::{Deck, Sides};
use crate::domain::ids::{CardId, DeckId};
use crate::domain::outline::{Asked, Outline};

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

/// What the deck list needs of one deck file. The outline is shared with the deck list (an
/// `Arc`), so that 100,000 card ids are held once.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    pub stamp: Stamp,
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub outline: Arc<Outline>,
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
    /// Whether a deck file of this size could hold what the entry says: the index is a cache
    /// that anyone who can write the saves folder can edit, and a crafted one (size and time
    /// matching, 1.3 million cards claimed for a 2-card deck) must not make start-up build
    /// them. Card ids must be valid and unique, cloze counts and texts fit in the file.
    fn plausible(&self) -> bool {
        let fits = |n: usize| (n as u64) <= self.size;
        let id_ok = |id: &str| {
            !id.is_empty()
                && id.len() <= 100
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        let mut ids = std::collections::HashSet::with_capacity(self.cards.len().min(1 << 16));
        (self.cards.len() as u64).saturating_mul(MIN_CARD_BYTES) <= self.size
            && id_ok(&self.id)
            && fits(self.title.len() + self.description.len())
            && fits(self.tags.iter().map(String::len).sum())
            && fits(self.card_tags.iter().map(|(t, _)| t.len()).sum())
            && fits(self.group_names.iter().map(|(g, _)| g.len()).sum())
            && self.asks.len() == self.cards.len()
            && self.asks.chars().all(|c| Asked::from_code(c).is_some())
            && self
                .card_tags
                .iter()
                .chain(&self.group_names)
                .all(|(t, cards)| {
                    !t.is_empty()
                        && cards.windows(2).all(|w| w[0] < w[1])
                        && cards.iter().all(|&i| (i as usize) < self.cards.len())
                })
            && self.cards.iter().all(|(id, sides)| {
                id_ok(id)
                    && ids.insert(id.as_str())
                    && match sides.0 {
                        Sides::Cloze(n) => n >= 1 && fits(usize::from(n) * 5),
                        _ => true,
                    }
            })
    }
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
            outline: Arc::new(outline),
        }
    }

    /// The deck's header (no cards, no sources) and outline.
    pub fn to_deck(&self) -> (Deck, Arc<Outline>) {
        let deck = Deck {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            sources: Vec::new(),
            cards: Vec::new(),
            answer_kind: None,
        };
        (deck, Arc::clone(&self.outline))
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

    fn from_in(e: EntryIn) -> Entry {
        Entry {
            stamp: Stamp {
                size: e.size,
                modified_ns: e.modified_ns,
            },
            outline: Arc::new(Outline {
                id: e.id.clone(),
                cards: e.cards.into_iter().map(|(id, s)| (id, s.0)).collect(),
                groups: e.groups,
                tags: e.card_tags,
                group_names: e.group_names,
                asked: e.asks.chars().filter_map(Asked::from_code).collect(),
            }),
            path: e.path,
            id: e.id,
            title: e.title,
            description: e.description,
            tags: e.tags,
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
    /// Reads the index in `saves`: its binary copy when that matches the JSON (see
    /// [`cache`]), else the JSON; an empty one when it is missing, unreadable or of another
    /// format (it is then rebuilt as decks are read).
    pub fn load(saves: &Path) -> DeckIndex {
        let path = super::SavesLayout::new(saves).deck_index();
        if let Some(decks) = cache::read(&path, MAX_BYTES) {
            return DeckIndex::of_entries(decks, None);
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
                DeckIndex::of_entries(f.decks, Some(was))
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

    /// The index of the entries read; `no_copy`: the JSON they were read from, when its binary
    /// copy did not match it.
    fn of_entries(decks: Vec<EntryIn>, no_copy: Option<(u64, Vec<u8>, Option<u64>)>) -> DeckIndex {
        DeckIndex {
            // An entry that cannot describe its file is dropped: that file is read again.
            changed: !decks.iter().all(EntryIn::plausible),
            entries: decks
                .into_iter()
                .filter(EntryIn::plausible)
                .map(|e| (e.path.clone(), Entry::from_in(e)))
                .collect(),
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
        self.entries
            .retain(|p, _| p.parent() != Some(dir) || seen.contains(p));
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
mod tests {
    use super::*;

    #[test]
    fn an_index_claiming_more_than_its_file_can_hold_is_not_believed() {
        let saves = tempfile::tempdir().unwrap();
        let deck = saves.path().join("d.json");
        std::fs::write(&deck, vec![b' '; 400]).unwrap();
        let stamp = Stamp::of(&deck).unwrap();
        let entry = |cards: Vec<(String, SidesCode)>| {
            let asks = "c".repeat(cards.len());
            serde_json::json!({
                "path": deck, "size": stamp.size, "modified_ns": stamp.modified_ns,
                "id": "d", "title": "D", "description": "", "tags": [], "cards": cards,
                "asks": asks,
            })
        };
        let write = |cards| {
            let file = serde_json::json!({"format": FORMAT, "decks": [entry(cards)]});
            std::fs::write(
                crate::store::SavesLayout::new(saves.path()).deck_index(),
                file.to_string(),
            )
            .unwrap();
            DeckIndex::load(saves.path())
        };
        let two = vec![
            ("a".to_owned(), SidesCode(Sides::Forward)),
            ("b".to_owned(), SidesCode(Sides::Both)),
        ];
        let index = write(two.clone());
        assert!(index.get(&deck, stamp).is_some() && !index.is_changed());
        // 1.3 million cards in 400 bytes, a repeated id, a bad id, an absurd cloze: each makes
        // the entry go, so that the file is read again.
        let many: Vec<_> = (0..1_300_000)
            .map(|i| (format!("c{i}"), SidesCode(Sides::Forward)))
            .collect();
        let mut twice = two.clone();
        twice.push(("a".into(), SidesCode(Sides::Forward)));
        for cards in [
            many,
            twice,
            vec![("../x".into(), SidesCode(Sides::Forward))],
            vec![("a".into(), SidesCode(Sides::Cloze(60_000)))],
        ] {
            let index = write(cards);
            assert!(index.get(&deck, stamp).is_none());
            assert!(index.is_changed());
        }
        // How the cards are asked, for another number of cards or in unknown letters: not
        // believed.
        for asks in ["c", "ccc", "cx"] {
            let mut e = entry(two.clone());
            e["asks"] = asks.into();
            let file = serde_json::json!({"format": FORMAT, "decks": [e]});
            std::fs::write(
                crate::store::SavesLayout::new(saves.path()).deck_index(),
                file.to_string(),
            )
            .unwrap();
            assert!(
                DeckIndex::load(saves.path()).get(&deck, stamp).is_none(),
                "{asks}"
            );
        }
        // Card tags naming a card the entry does not have, or a card twice: not believed.
        for card_tags in [
            serde_json::json!([["t", [0, 2]]]),
            serde_json::json!([["t", [1, 1]]]),
            serde_json::json!([["", [0]]]),
        ] {
            let mut e = entry(two.clone());
            e["card_tags"] = card_tags;
            let file = serde_json::json!({"format": FORMAT, "decks": [e]});
            std::fs::write(
                crate::store::SavesLayout::new(saves.path()).deck_index(),
                file.to_string(),
            )
            .unwrap();
            let index = DeckIndex::load(saves.path());
            assert!(index.get(&deck, stamp).is_none());
        }
    }

    fn deck() -> Deck {
        crate::store::deck_file::parse(
            "d.json",
            r#"{"format": 1, "id": "d", "title": "D", "description": "about", "tags": ["t"],
                "cards": [
                  {"id": "a", "kind": "basic", "front": "f", "back": "b", "tags": ["y", "x"]},
                  {"id": "b", "kind": "basic", "front": "f2", "back": "b2", "reverse": true, "group": "shared-fact"},
                  {"id": "c", "kind": "cloze", "text": "{{x}} and {{y}}", "tags": ["x"]}
                ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn an_entry_gives_back_the_header_and_outline_and_survives_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = deck();
        let stamp = Stamp {
            size: 1000,
            modified_ns: 20,
        };
        let mut index = DeckIndex::load(dir.path());
        assert!(!index.is_changed());
        index.put(Entry::of(Path::new("/x/d.json"), stamp, &d));
        assert!(index.is_changed());
        index.save(dir.path()).unwrap();
        let text = std::fs::read_to_string(crate::store::SavesLayout::new(dir.path()).deck_index())
            .unwrap();
        assert!(
            text.contains(r#""cards":[["a","f"],["b","fr"],["c","c2"]]"#),
            "{text}"
        );
        assert!(
            text.contains(r#""card_tags":[["x",[0,2]],["y",[0]]]"#),
            "each card tag with its cards, for the statistics: {text}"
        );
        assert!(
            text.contains(r#""group_names":[["shared-fact",[1]]]"#),
            "a group of one card is kept by name: another deck may have the rest: {text}"
        );

        let index = DeckIndex::load(dir.path());
        assert!(!index.is_changed());
        let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
        let (header, outline) = e.to_deck();
        let mut want = d.outline();
        want.asked = crate::domain::mock_draw::asked(&d);
        assert_eq!(*outline, want);
        assert_eq!(outline.asked.len(), 3, "how each card is asked is kept");
        assert_eq!(
            (header.id, header.title, header.description, header.tags),
            ("d".into(), "D".into(), "about".into(), vec!["t".to_owned()])
        );
        assert!(header.cards.is_empty());
        // Another size or time: not this file any more.
        let other = Stamp {
            modified_ns: 21,
            ..stamp
        };
        assert!(index.get(Path::new("/x/d.json"), other).is_none());
    }

    #[test]
    fn the_binary_copy_reads_as_the_json_and_is_written_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let json = crate::store::SavesLayout::new(dir.path()).deck_index();
        let copy = cache::path_for(&json);
        let mut index = DeckIndex::load(dir.path());
        for (i, p) in ["/x/d.json", "/x/e.json", "/y/d.json"].iter().enumerate() {
            let stamp = Stamp {
                size: 1000 + i as u64,
                modified_ns: 7,
            };
            index.put(Entry::of(Path::new(p), stamp, &deck()));
        }
        index.save(dir.path()).unwrap();
        assert!(copy.exists(), "written right after the JSON");
        let from_copy = DeckIndex::load(dir.path());
        assert!(!from_copy.is_changed() && from_copy.no_copy.is_none());
        std::fs::remove_file(&copy).unwrap();
        let mut from_json = DeckIndex::load(dir.path());
        assert_eq!(from_copy.entries, from_json.entries);
        assert!(!from_json.is_changed() && from_json.no_copy.is_some());
        // Unchanged, but the copy was missing: the save writes the copy alone.
        let text = std::fs::read(&json).unwrap();
        from_json.save(dir.path()).unwrap();
        assert_eq!(std::fs::read(&json).unwrap(), text);
        assert_eq!(
            DeckIndex::load(dir.path()).no_copy,
            None,
            "the copy is read"
        );
        // A damaged copy, or a JSON written since: the JSON is read.
        let good = std::fs::read(&copy).unwrap();
        let mut bad = good.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        std::fs::write(&copy, &bad).unwrap();
        let index = DeckIndex::load(dir.path());
        assert!(index.no_copy.is_some());
        assert_eq!(index.entries, from_copy.entries);
        std::fs::write(&copy, &good).unwrap();
        let mut index = DeckIndex::load(dir.path());
        index.forget_missing(Path::new("/y"), &[]);
        let mut stale = DeckIndex::load(dir.path());
        index.save(dir.path()).unwrap();
        let now = DeckIndex::load(dir.path());
        assert_eq!(now.entries.len(), 2);
        // A process that read the old JSON (no copy) does not write a copy of it over the new.
        stale.no_copy = Some((text.len() as u64, text[..100].to_vec(), None));
        stale.save(dir.path()).unwrap();
        assert_eq!(DeckIndex::load(dir.path()).entries, now.entries);
    }

    #[test]
    fn the_letters_without_the_pool_are_the_pools_verdicts() {
        use crate::domain::mock_draw::{asked, asked_by_pool};
        use crate::domain::outline::Asked;
        use rand::{RngExt, SeedableRng};
        for (name, text) in crate::store::decks::built_in() {
            let d = crate::store::deck_file::parse(name, text).unwrap();
            assert_eq!(asked(&d), asked_by_pool(&d), "{name}");
        }
        // Generated decks: free-text answers of random words, alone (no pool needed) and
        // with years, places, people and hand-written wrong options among them.
        let words = [
            "treaty",
            "Mumbai",
            "port",
            "semiconductor",
            "Shinkansen",
            "dialogue",
            "grant",
            "yen",
            "corridor",
            "Kerala",
            "summit",
            "crore",
            "Abe",
            "of",
            "the",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for (g, mixed) in [(0, false), (1, true), (2, true), (3, false)] {
            let cards: Vec<serde_json::Value> = (0..120)
                .map(|i| {
                    let n = rng.random_range(3..9);
                    let back: Vec<&str> = (0..n)
                        .map(|_| words[rng.random_range(0..words.len())])
                        .collect();
                    let back = match (mixed, i % 5) {
                        (true, 1) => format!("{}", 1900 + rng.random_range(0..120)),
                        (true, 2) => ["Assam", "Kerala", "Goa", "Bihar"][i % 4].to_owned(),
                        (true, 3) => ["Shinzo Abe", "Narendra Modi", "Fumio Kishida"][i % 3].into(),
                        _ => back.join(" "),
                    };
                    let mut c = serde_json::json!({"id": format!("c{i}"), "kind": "basic",
                        "front": format!("What about thing {i}?"), "back": back});
                    if mixed && i % 7 == 0 {
                        c["distractors"] = serde_json::json!(["one", "two", "three"]);
                    }
                    c
                })
                .collect();
            let text = serde_json::json!({"format": 1, "id": format!("g{g}"), "title": "G", "description": "", "tags": [],
                "cards": cards})
            .to_string();
            let d = crate::store::deck_file::parse("g.json", &text).unwrap();
            let got = asked(&d);
            assert_eq!(got, asked_by_pool(&d), "deck {g}");
            if mixed {
                assert!(got.contains(&Asked::Choice), "deck {g} asks some: {got:?}");
            }
        }
    }

    #[test]
    fn a_damaged_index_is_rebuilt_and_missing_files_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            crate::store::SavesLayout::new(dir.path()).deck_index(),
            b"{not json",
        )
        .unwrap();
        let mut index = DeckIndex::load(dir.path());
        assert!(index.is_changed(), "rewritten at the next save");
        let stamp = Stamp {
            size: 1000,
            modified_ns: 1,
        };
        index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
        index.put(Entry::of(Path::new("/y/d.json"), stamp, &deck()));
        index.save(dir.path()).unwrap();
        let mut index = DeckIndex::load(dir.path());
        index.forget_missing(Path::new("/x"), &[]);
        assert!(index.is_changed());
        assert!(index.get(Path::new("/x/d.json"), stamp).is_none());
        assert!(
            index.get(Path::new("/y/d.json"), stamp).is_some(),
            "another folder's decks stay"
        );
    }
}
