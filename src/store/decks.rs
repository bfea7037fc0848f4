//! Deck discovery: the decks built into the binary, plus every `*.json` in the decks folder.
//! A file whose deck id matches a built-in deck replaces it. A broken file never stops the
//! others: it is listed with its errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::deck_file::{self, DeckError};
use super::deck_index::{DeckIndex, Entry, Stamp};
#[cfg(test)]
use crate::domain::deck::CardBody;
use crate::domain::deck::Deck;
use crate::domain::outline::{LazyOutline, Outline};

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in_decks.rs"));
}

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary, with its file name.
    BuiltIn(&'static str),
    File(PathBuf),
    /// The decks folder itself, when it cannot be read (it does not exist, say): no deck of
    /// it is listed, and this entry says why.
    Folder(PathBuf),
}

impl Origin {
    /// The name used in messages.
    pub fn label(&self) -> String {
        match self {
            Origin::BuiltIn(name) => format!("decks/{name} (built in)"),
            Origin::File(p) | Origin::Folder(p) => p.display().to_string(),
        }
    }
}

/// One deck file and what came of reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub origin: Origin,
    pub deck: Result<Deck, Vec<DeckError>>,
    /// Set when only the deck index was read (see [`list_all`]): `deck` is then the header
    /// alone, with no cards or sources, and this is its outline. The file is read when the
    /// deck is opened.
    pub unread: Option<LazyOutline>,
    /// Problems of cards left out of `deck` (see [`deck_file::parse_bytes_lenient`]): a broken
    /// card does not make the rest of its deck unusable.
    pub skipped: Vec<DeckError>,
    /// How many cards were left out.
    pub left_out: usize,
}

/// Deck files larger than this are refused unread (100,000 cards take about 30 MB).
pub const MAX_DECK_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a deck file, refusing one too large to be a deck (counted on the bytes read) and
/// anything that is not a regular file, without blocking (see [`super::bounded`]).
pub fn read_deck(path: &Path) -> Result<Deck, Vec<DeckError>> {
    read_with(path, deck_file::parse_bytes)
}

/// [`read_deck`], leaving out the cards with problems (see [`deck_file::parse_bytes_lenient`]).
pub fn read_deck_lenient(path: &Path) -> Result<deck_file::Partial, Vec<DeckError>> {
    read_with(path, deck_file::parse_bytes_lenient)
}

fn read_with<T>(
    path: &Path,
    parse: impl Fn(&str, &[u8]) -> Result<T, Vec<DeckError>>,
) -> Result<T, Vec<DeckError>> {
    let label = path.display().to_string();
    match super::bounded::read_capped(path, MAX_DECK_BYTES) {
        Ok(bytes) => parse(&label, &bytes),
        Err(e) => {
            let hint = match e {
                super::bounded::ReadError::TooLarge { .. } => "split it into several decks",
                super::bounded::ReadError::NotAFile(_) => {
                    "keep only deck files in the decks folder"
                }
                super::bounded::ReadError::Io(_) => "check the file's permissions",
            };
            Err(vec![DeckError::new(label, format!("the file {e}"), hint)])
        }
    }
}

/// A `*.json` file that can be a deck (`*.schema.json`, the format's schema, is not).
pub fn is_deck_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".json") && !name.ends_with(".schema.json") && p.is_file()
}

/// The built-in decks' file names and texts.
pub fn built_in() -> &'static [(&'static str, &'static str)] {
    built_in::BUILT_IN
}

/// Loads the built-in decks and then those in `dir` (if any), in file-name order, every card
/// of them.
pub fn load_all(dir: Option<&Path>) -> Vec<Loaded> {
    load(dir, None)
}

/// Lists the decks for the deck list: the built-in decks whole (they are small), and the
/// decks in `dir` from `index` where their files are unchanged, reading (and indexing) only
/// the others. Every deck file comes back [`Loaded::unread`] (or with its errors): its cards
/// are read when it is opened ([`read_deck`]).
pub fn list_all(dir: Option<&Path>, index: &mut DeckIndex) -> Vec<Loaded> {
    load(dir, Some(index))
}

/// The outline of every deck that can be used (the built-in ones and those in `dir`), in the
/// deck list's order, from the deck index in `saves` where a file is unchanged: what the
/// statistics and `exam-mode` need, without reading a deck file that is indexed. The index
/// is brought up to date (it is a cache: failing to write it changes nothing but speed).
pub fn outlines(dir: Option<&Path>, saves: &Path) -> Vec<Arc<Outline>> {
    outlines_and_errors(dir, saves).0
}

/// [`outlines`], with the errors of each deck file (or decks folder) that could not be read
/// and so is left out, each as `path:line:column: message` with its hint, in the deck list's
/// order: a command that counts decks says what it left out.
pub fn outlines_and_errors(dir: Option<&Path>, saves: &Path) -> (Vec<Arc<Outline>>, Vec<String>) {
    let (lazy, errors) = lazy_outlines_and_errors(dir, saves);
    // Every outline wanted: made from the index's copy on every core.
    (crate::par::map(&lazy, LazyOutline::arc), errors)
}

/// [`outlines_and_errors`], each outline left in the index's copy until it is wanted (its id,
/// card count and fingerprint known before: see [`LazyOutline`]): `smriti stats` and
/// `exam-mode` count a deck whose saved summary fits without making its outline.
pub fn lazy_outlines_and_errors(
    dir: Option<&Path>,
    saves: &Path,
) -> (Vec<LazyOutline>, Vec<String>) {
    let mut index = DeckIndex::load(saves);
    let listed = list_all(dir, &mut index);
    let _ = index.save(saves);
    let mut errors = Vec::new();
    let lazy: Vec<LazyOutline> = listed
        .into_iter()
        .filter_map(|l| match (l.deck, l.unread) {
            (Ok(_), Some(outline)) => Some(outline),
            (Ok(deck), None) => Some(LazyOutline::from(deck.outline())),
            (Err(errs), _) => {
                errors.extend(errs.iter().map(ToString::to_string));
                None
            }
        })
        .collect();
    (lazy, errors)
}

/// A deck file as listed: the deck (or its header), its outline when only the index was read,
/// a new index entry when the file was read, and the problems of cards left out.
type Listed = (
    Result<Deck, Vec<DeckError>>,
    Option<LazyOutline>,
    Option<Entry>,
    (Vec<DeckError>, usize),
);

/// Reads one deck file, through `index` when given (see [`list_all`]), where it is known by
/// `key` (the file's path in the canonical form of its folder). A deck with cards left out is
/// never indexed: it is read whole, so that its problems are shown every time.
fn read_listed(path: &Path, key: &Path, index: Option<&DeckIndex>) -> Listed {
    let stamp = Stamp::of(path);
    if let Some(e) = stamp.and_then(|s| index.and_then(|i| i.get(key, s))) {
        let (deck, outline) = e.to_deck();
        return (Ok(deck), Some(outline), None, (Vec::new(), 0));
    }
    match (read_deck_lenient(path), stamp) {
        (Ok(p), Some(stamp)) if index.is_some() && p.skipped.is_empty() => {
            let entry = Entry::of(key, stamp, &p.deck);
            let (header, outline) = entry.to_deck();
            (Ok(header), Some(outline), Some(entry), (Vec::new(), 0))
        }
        // Not indexed (no index, cards left out, or no size and time): kept whole.
        (Ok(p), _) => (Ok(p.deck), None, None, (p.skipped, p.left_out)),
        (Err(e), _) => (Err(e), None, None, (Vec::new(), 0)),
    }
}

fn load(dir: Option<&Path>, mut index: Option<&mut DeckIndex>) -> Vec<Loaded> {
    let mut out: Vec<Loaded> = built_in()
        .iter()
        .map(|(name, text)| Loaded {
            origin: Origin::BuiltIn(name),
            deck: deck_file::parse(&format!("decks/{name}"), text),
            unread: None,
            skipped: Vec::new(),
            left_out: 0,
        })
        .collect();
    let Some(dir) = dir else { return out };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_deck_file(p))
            .collect(),
        Err(e) => {
            let error = if e.kind() == std::io::ErrorKind::NotFound {
                DeckError::new(
                    dir.display().to_string(),
                    "the decks folder does not exist",
                    "check the path given to --decks (or the folder you run smriti in); \
                     `smriti new ID --dir FOLDER` creates a folder with a starter deck",
                )
            } else {
                DeckError::new(
                    dir.display().to_string(),
                    format!("cannot read the decks folder: {e}"),
                    "check the path given to --decks",
                )
            };
            out.push(Loaded {
                origin: Origin::Folder(dir.to_owned()),
                deck: Err(vec![error]),
                unread: None,
                skipped: Vec::new(),
                left_out: 0,
            });
            return out;
        }
    };
    files.sort();
    // The index knows each file by its folder's canonical path, so that `decks`, `./decks/`
    // and the absolute path of one folder share its entries (and a relative path given in
    // another working folder does not name another folder's entries). Messages keep the
    // path as given.
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let keys: Vec<PathBuf> = files
        .iter()
        .map(|p| match p.file_name() {
            Some(name) => canonical.join(name),
            None => p.clone(),
        })
        .collect();
    // A 100,000-card collection is ~50 MB of JSON: parse on every core.
    let shared = index.as_deref();
    let both: Vec<(&Path, &Path)> = files.iter().zip(&keys).map(|(p, k)| (&**p, &**k)).collect();
    let parsed = crate::par::map(&both, |&(path, key)| read_listed(path, key, shared));
    if let Some(index) = index.as_deref_mut() {
        index.forget_missing(&canonical, &keys);
    }
    for (path, (deck, unread, entry, (skipped, left_out))) in files.into_iter().zip(parsed) {
        if let (Some(index), Some(entry)) = (index.as_deref_mut(), entry) {
            index.put(entry);
        }
        let loaded = Loaded {
            origin: Origin::File(path),
            deck,
            unread,
            skipped,
            left_out,
        };
        let id = loaded.deck.as_ref().ok().map(|d| d.id.clone());
        match id.and_then(|id| {
            out.iter()
                .position(|l| l.deck.as_ref().is_ok_and(|d| d.id == id))
                .map(|i| (i, id))
        }) {
            Some((i, _)) if matches!(out[i].origin, Origin::BuiltIn(_)) => out[i] = loaded,
            Some((i, id)) => {
                let other = out[i].origin.label();
                let label = loaded.origin.label();
                out.push(Loaded {
                    origin: loaded.origin,
                    deck: Err(vec![DeckError::new(
                        label,
                        id_already_used(&id, &other),
                        ONE_ID_EACH,
                    )]),
                    unread: None,
                    skipped: Vec::new(),
                    left_out: 0,
                });
            }
            None => out.push(loaded),
        }
    }
    out
}

/// The error of a deck whose id an earlier file already has (the app's and `smriti check`'s).
pub(crate) fn id_already_used(id: &str, other: &str) -> String {
    format!("deck id {id:?} is already used by {other}")
}

/// Its hint.
pub(crate) const ONE_ID_EACH: &str = "give each deck its own \"id\"";

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, id: &str, title: &str) {
        let text = format!(
            r#"{{"format": 1, "id": "{id}", "title": "{title}", "description": "", "cards": [{{"id": "c", "kind": "basic", "front": "f", "back": "b"}}]}}"#
        );
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// The README names what it counts as the app does: facts (entries of a deck file) and
    /// cards to study (what the deck list's "Cards" column shows), for every shipped deck and
    /// in all.
    #[test]
    fn the_readme_counts_the_shipped_decks_as_the_app_does() {
        let readme = include_str!("../../README.md");
        let decks: Vec<Deck> = load_all(None)
            .into_iter()
            .filter_map(|l| l.deck.ok())
            .collect();
        let facts: usize = decks.iter().map(|d| d.cards.len()).sum();
        let items: usize = decks.iter().map(|d| d.outline().item_count()).sum();
        let total = format!(
            "{} decks ({facts} facts, {items} cards to study)",
            ["no", "one", "two", "three", "four", "five", "six"]
                .get(decks.len())
                .copied()
                .unwrap_or("many")
        );
        assert!(readme.contains(&total), "the README should say \"{total}\"");
        for d in &decks {
            let row = format!(
                "| {} | {} | {} |",
                d.title,
                d.cards.len(),
                d.outline().item_count()
            );
            assert!(
                readme.contains(&row),
                "the README's deck table should have \"{row} …\""
            );
        }
    }

    #[test]
    fn every_built_in_deck_parses() {
        for (name, text) in built_in() {
            if let Err(e) = deck_file::parse(name, text) {
                panic!(
                    "{}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }

    #[test]
    fn shipped_decks_are_complete_and_every_card_names_its_source() {
        let decks: Vec<_> = load_all(None)
            .into_iter()
            .filter_map(|l| l.deck.ok())
            .collect();
        assert!(decks.len() >= 4, "at least four shipped decks");
        let cards: usize = decks.iter().map(|d| d.cards.len()).sum();
        assert!(cards >= 100, "at least 100 cards, found {cards}");
        for d in &decks {
            assert!(
                d.tags.iter().any(|t| t == "upsc"),
                "{} is tagged upsc",
                d.id
            );
            for c in &d.cards {
                let src = c.source.as_deref().and_then(|s| d.source(s));
                assert!(src.is_some(), "{}/{} names a source", d.id, c.id);
            }
            for s in &d.sources {
                assert!(
                    d.cards.iter().any(|c| c.source.as_deref() == Some(&s.id)),
                    "{}: source {} is used",
                    d.id,
                    s.id
                );
            }
        }
        let prelims = decks
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| c.tags.iter().any(|t| t == "prelims-fact"))
            .count();
        assert_eq!(prelims, 10, "all ten Prelims Facts of the UPSC note");
        // Exam-style questions: at least ten mcq per deck, statements in each, and every kind
        // somewhere; the mechanisms table is asked as match questions.
        let mut kinds = std::collections::BTreeSet::new();
        for d in &decks {
            let count = |k: &str| d.cards.iter().filter(|c| c.body.kind() == k).count();
            assert!(count("mcq") >= 10, "{} has {} mcq", d.id, count("mcq"));
            assert!(
                count("statements") >= 2,
                "{} has {} statements questions",
                d.id,
                count("statements")
            );
            kinds.extend(d.cards.iter().map(|c| c.body.kind()));
            for c in &d.cards {
                if let CardBody::Statements { statements, .. } = &c.body {
                    assert!(statements.len() >= 2);
                }
            }
        }
        let kinds: Vec<&str> = kinds.into_iter().collect();
        assert_eq!(
            kinds,
            [
                "basic",
                "cloze",
                "match",
                "mcq",
                "multi",
                "statements",
                "typed"
            ]
        );
        let mechanisms = decks
            .iter()
            .find(|d| d.id == "india-japan-mechanisms")
            .unwrap();
        assert!(
            mechanisms
                .cards
                .iter()
                .filter(|c| c.body.kind() == "match")
                .count()
                >= 2
        );
    }

    #[test]
    fn files_add_decks_replace_built_ins_and_broken_ones_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let built = built_in().len();
        write(dir.path(), "a.json", "teacher-deck", "Mine");
        write(dir.path(), "b.json", "teacher-deck", "Again");
        std::fs::write(dir.path().join("c.json"), "{oops").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        std::fs::write(dir.path().join("deck.schema.json"), "{}").unwrap();
        if let Some(Ok(first)) = load_all(None).first().map(|l| l.deck.clone()) {
            write(dir.path(), "override.json", &first.id, "Edited copy");
        }
        let all = load_all(Some(dir.path()));
        let titles: Vec<String> = all
            .iter()
            .filter_map(|l| l.deck.as_ref().ok())
            .map(|d| d.title.clone())
            .collect();
        assert!(titles.contains(&"Mine".to_owned()));
        assert!(!titles.contains(&"Again".to_owned()));
        let errors: Vec<String> = all
            .iter()
            .filter_map(|l| l.deck.as_ref().err())
            .map(|e| e[0].headline())
            .collect();
        let a = dir.path().join("a.json").display().to_string();
        assert!(
            errors.iter().any(|e| e.ends_with(&format!(
                "b.json: deck id \"teacher-deck\" is already used by {a}"
            ))),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("c.json:1:2:")),
            "{errors:?}"
        );
        if built > 0 {
            assert!(titles.contains(&"Edited copy".to_owned()));
            assert_eq!(all.len(), built + 3);
        }
    }

    #[test]
    fn listing_reads_a_deck_file_only_when_the_index_does_not_know_it() {
        let decks = tempfile::tempdir().unwrap();
        let saves = tempfile::tempdir().unwrap();
        write(decks.path(), "a.json", "a", "Deck A");
        write(decks.path(), "b.json", "b", "Deck B");
        let listed = |dir: &Path| {
            let mut index = DeckIndex::load(saves.path());
            let out = list_all(Some(dir), &mut index);
            let changed = index.is_changed();
            index.save(saves.path()).unwrap();
            (out, changed)
        };
        let (first, changed) = listed(decks.path());
        assert!(changed, "a new index");
        let files: Vec<&Loaded> = first
            .iter()
            .filter(|l| matches!(l.origin, Origin::File(_)))
            .collect();
        assert_eq!(files.len(), 2);
        for l in &files {
            let deck = l.deck.as_ref().unwrap();
            assert!(deck.cards.is_empty(), "only the header is kept");
            assert_eq!(l.unread.as_ref().unwrap().cards.len(), 1);
        }

        // Same size and time, other bytes: the index is trusted and the file not read.
        let a = decks.path().join("a.json");
        let stamp = std::fs::metadata(&a).unwrap().modified().unwrap();
        let len = std::fs::metadata(&a).unwrap().len() as usize;
        std::fs::write(&a, vec![b'x'; len]).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        let (second, changed) = listed(decks.path());
        assert!(!changed);
        let a_listed = second
            .iter()
            .find(|l| l.origin == Origin::File(a.clone()))
            .unwrap();
        assert_eq!(a_listed.deck.as_ref().unwrap().title, "Deck A");
        // Opening it reads the file, which now says what is wrong with it.
        assert!(read_deck(&a).is_err());

        // A changed file is read again; a removed one leaves the index.
        write(decks.path(), "a.json", "a", "Deck A, edited");
        std::fs::remove_file(decks.path().join("b.json")).unwrap();
        let (third, changed) = listed(decks.path());
        assert!(changed);
        let titles: Vec<&str> = third
            .iter()
            .filter(|l| matches!(l.origin, Origin::File(_)))
            .map(|l| l.deck.as_ref().unwrap().title.as_str())
            .collect();
        assert_eq!(titles, ["Deck A, edited"]);
        let index =
            std::fs::read_to_string(crate::store::SavesLayout::new(saves.path()).deck_index())
                .unwrap();
        assert!(!index.contains("b.json"), "{index}");
    }

    /// `--decks` given as another spelling of the same folder (through `..`, a link, the
    /// absolute path) uses the index's entries: no deck file is read again, the index is not
    /// rewritten, and messages keep the path as given.
    #[test]
    fn another_spelling_of_the_decks_folder_uses_the_same_index_entries() {
        let root = tempfile::tempdir().unwrap();
        let saves = tempfile::tempdir().unwrap();
        let decks = root.path().join("decks");
        std::fs::create_dir(&decks).unwrap();
        write(&decks, "a.json", "a", "Deck A");
        write(&decks, "b.json", "b", "Deck B");
        let listed = |dir: &Path| {
            let mut index = DeckIndex::load(saves.path());
            let out = list_all(Some(dir), &mut index);
            let changed = index.is_changed();
            index.save(saves.path()).unwrap();
            (out, changed)
        };
        let (_, changed) = listed(&decks);
        assert!(changed, "a new index");
        // The files' bytes made unreadable, their size and time kept: a listing that reads
        // a file (instead of its index entry) now says what is wrong with it.
        for name in ["a.json", "b.json"] {
            let p = decks.join(name);
            let meta = std::fs::metadata(&p).unwrap();
            std::fs::write(&p, vec![b'x'; meta.len() as usize]).unwrap();
            std::fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(meta.modified().unwrap())
                .unwrap();
        }
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&decks, &link).unwrap();
        let spellings = [
            root.path().join("decks/../decks/"),
            root.path().join("./decks/."),
            link.clone(),
            decks.clone(),
        ];
        for dir in &spellings {
            let (out, changed) = listed(dir);
            assert!(!changed, "{}: the index was changed", dir.display());
            let files: Vec<(&Origin, &str)> = out
                .iter()
                .filter(|l| matches!(l.origin, Origin::File(_)))
                .map(|l| match &l.deck {
                    Ok(d) => (&l.origin, d.title.as_str()),
                    Err(e) => panic!("{}: a file was read: {e:?}", dir.display()),
                })
                .collect();
            assert_eq!(
                files,
                [
                    (&Origin::File(dir.join("a.json")), "Deck A"),
                    (&Origin::File(dir.join("b.json")), "Deck B")
                ]
            );
        }
    }
}
