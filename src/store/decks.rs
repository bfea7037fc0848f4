//! Deck discovery: the decks built into the binary, plus every `*.json` in the decks folder.
//! A file whose deck id matches a built-in deck replaces it. A broken file never stops the
//! others: it is listed with its errors.

use std::path::{Path, PathBuf};

use super::deck_file::{self, DeckError};
#[cfg(test)]
use crate::domain::deck::CardBody;
use crate::domain::deck::Deck;

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in_decks.rs"));
}

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary, with its file name.
    BuiltIn(&'static str),
    File(PathBuf),
}

impl Origin {
    /// The name used in messages.
    pub fn label(&self) -> String {
        match self {
            Origin::BuiltIn(name) => format!("decks/{name} (built in)"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// One deck file and what came of reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub origin: Origin,
    pub deck: Result<Deck, Vec<DeckError>>,
}

/// Deck files larger than this are refused unread (100,000 cards take about 30 MB).
pub const MAX_DECK_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a deck file, refusing one too large to be a deck before reading it.
pub fn read_deck(path: &Path) -> Result<Deck, Vec<DeckError>> {
    let label = path.display().to_string();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_DECK_BYTES {
        return Err(vec![DeckError::new(
            label,
            format!(
                "the file is {} MB; smriti reads deck files of up to {} MB",
                size / (1024 * 1024),
                MAX_DECK_BYTES / (1024 * 1024)
            ),
            "split it into several decks",
        )]);
    }
    match std::fs::read(path) {
        Ok(bytes) => deck_file::parse_bytes(&label, &bytes),
        Err(e) => Err(vec![DeckError::new(
            label,
            format!("cannot be read: {e}"),
            "check the file's permissions",
        )]),
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

/// Loads the built-in decks and then those in `dir` (if any), in file-name order.
pub fn load_all(dir: Option<&Path>) -> Vec<Loaded> {
    let mut out: Vec<Loaded> = built_in()
        .iter()
        .map(|(name, text)| Loaded {
            origin: Origin::BuiltIn(name),
            deck: deck_file::parse(&format!("decks/{name}"), text),
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
            out.push(Loaded {
                origin: Origin::File(dir.to_owned()),
                deck: Err(vec![DeckError::new(
                    dir.display().to_string(),
                    format!("cannot read the decks folder: {e}"),
                    "check the path given to --decks",
                )]),
            });
            return out;
        }
    };
    files.sort();
    // A 100,000-card collection is ~50 MB of JSON: parse on every core.
    let parsed = super::par::map(&files, |p| read_deck(p));
    for (path, deck) in files.into_iter().zip(parsed) {
        let loaded = Loaded {
            origin: Origin::File(path),
            deck,
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
                        format!("deck id {id:?} is already used by {other}"),
                        "give each deck its own \"id\"",
                    )]),
                });
            }
            None => out.push(loaded),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, id: &str, title: &str) {
        let text = format!(
            r#"{{"format": 1, "id": "{id}", "title": "{title}", "description": "", "cards": [{{"id": "c", "kind": "basic", "front": "f", "back": "b"}}]}}"#
        );
        std::fs::write(dir.join(name), text).unwrap();
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
}
