//! Deck files, format version 1: strict parsing into `domain::deck::Deck`.
//!
//! Parsing has two stages. serde rejects bad JSON, unknown fields, missing fields and wrong
//! types, with serde_json's line and column. Then `validate` checks what serde cannot (empty
//! text, duplicate ids, dangling source ids, fields that do not belong to the card's kind) and
//! finds the line and column of the offending value with `json_pos`. Every error says how to
//! fix it. Touches no files itself: it works on text that `store::decks` has read.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;

use super::error::FileError;
use super::json_pos::{Seg, locate, pos_from_serde};
use crate::domain::deck::{Card, CardBody, Deck, Source};

/// The newest deck format this build understands.
pub const FORMAT: u32 = 1;

/// A problem in a deck file.
pub type DeckError = FileError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeckDto {
    /// Editors use this for validation and completion; smriti ignores it.
    #[serde(rename = "$schema", default)]
    _schema: Option<serde::de::IgnoredAny>,
    format: u32,
    id: String,
    title: String,
    description: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<Obj<SourceDto>>,
    cards: Vec<Obj<CardDto>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceDto {
    id: String,
    title: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum KindDto {
    Basic,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardDto {
    id: String,
    kind: KindDto,
    #[serde(default)]
    front: Option<String>,
    #[serde(default)]
    back: Option<String>,
    #[serde(default)]
    reverse: Option<bool>,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

/// Accepts `T` only from a JSON object. (serde_json would otherwise also build a struct from
/// an array of its fields in order, which no deck author means.)
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object { … }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData)).map(Obj)
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    format: Option<serde_json::Value>,
}

/// Parses and validates a deck file's bytes, which must be UTF-8.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Result<Deck, Vec<DeckError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(good);
            Err(vec![
                DeckError::new(
                    path,
                    "the file is not UTF-8 text (an invalid byte here)",
                    "save the file with UTF-8 encoding (every editor offers it)",
                )
                .at(super::json_pos::pos_of_offset(&text, text.len())),
            ])
        }
    }
}

/// Parses and validates a deck. `path` is only used in messages.
pub fn parse(path: &str, text: &str) -> Result<Deck, Vec<DeckError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let dto: DeckDto = match serde_json::from_str::<Obj<DeckDto>>(text) {
        Ok(Obj(dto)) => dto,
        Err(e) => return Err(vec![serde_error(path, text, &e)]),
    };
    let mut v = Validator {
        path,
        text,
        errors: Vec::new(),
    };
    let deck = v.deck(dto);
    if v.errors.is_empty() {
        Ok(deck)
    } else {
        v.errors.sort_by_key(|e| e.pos);
        Err(v.errors)
    }
}

fn serde_error(path: &str, text: &str, e: &serde_json::Error) -> DeckError {
    // A newer format explains everything else that looks wrong, so say that first.
    if let Ok(VersionProbe {
        format: Some(serde_json::Value::Number(n)),
    }) = serde_json::from_str::<VersionProbe>(text)
        && n.as_u64().is_some_and(|f| f > u64::from(FORMAT))
    {
        return DeckError::new(
            path,
            format!(
                "this deck uses format {n}, newer than this smriti understands (format {FORMAT})"
            ),
            "update smriti to open it",
        )
        .at(locate(text, &[Seg::Key("format")]));
    }
    let pos = pos_from_serde(text, e.line(), e.column());
    let raw = e.to_string();
    // serde_json appends " at line L column C"; we print the position ourselves.
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m)
        .to_owned();
    let hint = if message.starts_with("unknown field") {
        "remove the field or fix its spelling; see docs/deck-format.md for the fields each part allows"
    } else if message.starts_with("missing field") {
        "add the field; see docs/deck-format.md"
    } else if message.starts_with("unknown variant") {
        "use one of the card kinds listed"
    } else if message.starts_with("duplicate field") {
        "a field may appear only once in an object; remove one of them"
    } else if message.contains("expected a JSON object") {
        "this must be an object in braces { … }, not a list or a single value; see docs/deck-format.md"
    } else if message.starts_with("invalid type") {
        "check the value's type (text in quotes, numbers without, lists in [ ])"
    } else if message.starts_with("recursion limit") {
        "the file nests too deeply to be a deck"
    } else if e.is_eof() {
        "the file ends too early: look for a missing closing bracket or quote"
    } else if e.is_syntax() {
        "the JSON is malformed here: look for a missing comma, quote or bracket just before"
    } else {
        "see docs/deck-format.md"
    };
    DeckError::new(path, message, hint).at(pos)
}

struct Validator<'a> {
    path: &'a str,
    text: &'a str,
    errors: Vec<DeckError>,
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn date_ok(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse().unwrap_or(0)),
        [y, m, day] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(day, 2)
                && format!("{y}-{m}-{day}")
                    .parse::<jiff::civil::Date>()
                    .is_ok()
        }
        _ => false,
    }
}

impl Validator<'_> {
    fn err(&mut self, path: &[Seg], message: String, hint: &str) {
        self.errors
            .push(DeckError::new(self.path, message, hint).at(locate(self.text, path)));
    }

    fn text(&mut self, path: &[Seg], what: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(
                path,
                format!("{what} is empty"),
                "write the text, or remove the field if it is optional",
            );
        }
    }

    fn id(&mut self, path: &[Seg], what: &str, id: &str) {
        if !id_ok(id) {
            self.err(
                path,
                format!("{what} {id:?} is not a valid id"),
                "ids use only letters, digits, '-', '_' and '.', at most 100 of them (e.g. \"jwg-minerals-01\")",
            );
        }
    }

    fn tags(&mut self, base: &[Seg], tags: &[String]) {
        for (i, t) in tags.iter().enumerate() {
            if t.trim().is_empty() || t.chars().any(char::is_whitespace) {
                let mut p = base.to_vec();
                p.extend([Seg::Key("tags"), Seg::Index(i)]);
                self.err(
                    &p,
                    format!("tag {t:?} is empty or has spaces"),
                    "write tags as single words, e.g. \"gs2\" or \"critical-minerals\"",
                );
            }
        }
    }

    fn deck(&mut self, d: DeckDto) -> Deck {
        use Seg::{Index, Key};
        if d.format != FORMAT {
            self.err(
                &[Key("format")],
                format!(
                    "unsupported deck format {} (this smriti reads format {FORMAT})",
                    d.format
                ),
                if d.format > FORMAT {
                    "update smriti to open it"
                } else {
                    "set \"format\": 1"
                },
            );
        }
        self.id(&[Key("id")], "deck id", &d.id);
        self.text(&[Key("title")], "the deck's title", &d.title);
        self.tags(&[], &d.tags);

        let mut source_ids: HashMap<&str, usize> = HashMap::new();
        for (i, Obj(s)) in d.sources.iter().enumerate() {
            let base = [Key("sources"), Index(i)];
            self.id(
                &[base[0].clone(), base[1].clone(), Key("id")],
                "source id",
                &s.id,
            );
            if let Some(first) = source_ids.insert(&s.id, i) {
                let line = locate(self.text, &[Key("sources"), Index(first)]).line;
                self.err(
                    &[Key("sources"), Index(i), Key("id")],
                    format!("source id {:?} is used twice (first at line {line})", s.id),
                    "give each source its own id",
                );
                source_ids.insert(&s.id, first);
            }
            self.text(
                &[Key("sources"), Index(i), Key("title")],
                "the source's title",
                &s.title,
            );
            if let Some(p) = &s.publisher {
                self.text(
                    &[Key("sources"), Index(i), Key("publisher")],
                    "the source's publisher",
                    p,
                );
            }
            if let Some(date) = &s.date
                && !date_ok(date)
            {
                self.err(
                    &[Key("sources"), Index(i), Key("date")],
                    format!("source date {date:?} is not a date"),
                    "write \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\", e.g. \"2026-01-17\"",
                );
            }
        }

        let mut card_ids: HashMap<&str, usize> = HashMap::new();
        for (i, Obj(c)) in d.cards.iter().enumerate() {
            let at = |k: &'static str| [Key("cards"), Index(i), Key(k)];
            self.id(&at("id"), "card id", &c.id);
            if let Some(first) = card_ids.get(c.id.as_str()) {
                let line = locate(self.text, &[Key("cards"), Index(*first)]).line;
                self.err(&at("id"), format!("card id {:?} is used twice (first at line {line})", c.id), "card ids must be unique in a deck and must never change once students have studied the card; give the new card a new id");
            } else {
                card_ids.insert(&c.id, i);
            }
            match c.kind {
                KindDto::Basic => {
                    for (field, value) in [("front", &c.front), ("back", &c.back)] {
                        match value {
                            Some(v) => self.text(&at(field), &format!("the card's {field}"), v),
                            None => self.err(
                                &[Key("cards"), Index(i)],
                                format!("card {:?} (basic) is missing `{field}`", c.id),
                                "a basic card needs both \"front\" and \"back\"",
                            ),
                        }
                    }
                }
            }
            if let Some(e) = &c.explanation {
                self.text(&at("explanation"), "the card's explanation", e);
            }
            self.tags(&[Key("cards"), Index(i)], &c.tags);
            if let Some(s) = &c.source
                && !source_ids.contains_key(s.as_str())
            {
                let known: Vec<&str> = d.sources.iter().map(|s| s.0.id.as_str()).collect();
                let hint = if known.is_empty() {
                    "add the source to the deck's \"sources\" list".to_owned()
                } else {
                    format!("use one of the deck's sources: {}", known.join(", "))
                };
                self.err(
                    &at("source"),
                    format!(
                        "card {:?} names source {s:?}, which the deck does not list",
                        c.id
                    ),
                    &hint,
                );
            }
        }

        Deck {
            id: d.id,
            title: d.title.trim().to_owned(),
            description: d.description.trim().to_owned(),
            tags: d.tags,
            sources: d
                .sources
                .into_iter()
                .map(|Obj(s)| Source {
                    id: s.id,
                    title: s.title,
                    publisher: s.publisher,
                    date: s.date,
                    url: s.url,
                })
                .collect(),
            cards: d
                .cards
                .into_iter()
                .map(|Obj(c)| Card {
                    id: c.id,
                    body: match c.kind {
                        KindDto::Basic => CardBody::Basic {
                            front: c.front.unwrap_or_default().trim().to_owned(),
                            back: c.back.unwrap_or_default().trim().to_owned(),
                            reverse: c.reverse.unwrap_or(false),
                        },
                    },
                    explanation: c.explanation.map(|e| e.trim().to_owned()),
                    tags: c.tags,
                    source: c.source,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
#[path = "deck_file_tests.rs"]
mod tests;
