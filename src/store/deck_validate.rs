//! What serde cannot check in a deck file, and the step from the file's shapes
//! (`deck_model`) to the domain's (`domain::deck`): text not empty and trimmed, ids well
//! formed and unique, sources known, answers among the options, defaults applied. Every
//! problem is reported at its value's line and column (found from where its card starts), with
//! how to fix it. No I/O.

use std::collections::{HashMap, HashSet};

use serde_json::value::RawValue;

use super::deck_model::FORMAT;
use super::deck_model::{self as model, CardFile, DeckFile};
use super::error::FileError as DeckError;
use super::json_pos::{Lines, Seg};
use crate::domain::deck::{Card, ClozePart, Deck, Source};
use crate::domain::options::HashMap as FastMap;

use Seg::{Index, Key};

/// What is wrong with a cloze text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClozeError {
    #[error("a `}}}}` closes a deletion that was never opened")]
    ClosedNeverOpened,
    #[error("a deletion `{{{{` is never closed with `}}}}`")]
    NeverClosed,
    #[error("deletions cannot be nested")]
    Nested,
    #[error("a deletion `{{{{}}}}` is empty")]
    Empty,
    #[error("a cloze card needs at least one deletion, written {{{{like this}}}}")]
    NoDeletion,
}

/// Splits cloze text into text and deletions: `{{answer}}` or `{{answer::hint}}`.
pub fn parse_cloze(text: &str) -> Result<Vec<ClozePart>, ClozeError> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let (before, after) = rest.split_at(open);
        if before.contains("}}") {
            return Err(ClozeError::ClosedNeverOpened);
        }
        if !before.is_empty() {
            parts.push(ClozePart::Text(before.to_owned()));
        }
        let after = &after[2..];
        let close = after.find("}}").ok_or(ClozeError::NeverClosed)?;
        let inner = &after[..close];
        if inner.contains("{{") {
            return Err(ClozeError::Nested);
        }
        let (answer, hint) = match inner.split_once("::") {
            Some((a, h)) => (
                a.trim(),
                Some(h.trim()).filter(|h| !h.is_empty()).map(str::to_owned),
            ),
            None => (inner.trim(), None),
        };
        if answer.is_empty() {
            return Err(ClozeError::Empty);
        }
        parts.push(ClozePart::Gap {
            answer: answer.to_owned(),
            hint,
        });
        rest = &after[close + 2..];
    }
    if rest.contains("}}") {
        return Err(ClozeError::ClosedNeverOpened);
    }
    if !rest.is_empty() {
        parts.push(ClozePart::Text(rest.to_owned()));
    }
    if !parts.iter().any(|p| matches!(p, ClozePart::Gap { .. })) {
        return Err(ClozeError::NoDeletion);
    }
    Ok(parts)
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

pub(super) fn texts(list: &[model::Text]) -> Vec<String> {
    list.iter().map(|t| t.0.trim().to_owned()).collect()
}

/// Where a value is: a path from the deck's top, or from the start of card `i`.
#[derive(Clone, Copy)]
pub(super) enum From {
    Deck,
    Card(usize),
}

/// Collects the problems of one deck file while building its domain deck.
pub(super) struct Validator<'a> {
    path: &'a str,
    lines: &'a Lines<'a>,
    card_starts: &'a [usize],
    errors: Vec<DeckError>,
    /// The cards (by their place in the file) that have a problem.
    broken: HashSet<usize>,
    /// Whether a problem is the deck's own (its fields, its sources), not one card's.
    deck_broken: bool,
    /// For each card of the deck built, its place in the file.
    built_from: Vec<usize>,
}

/// A deck file's problems, and what they leave usable (fields as in [`Validator`]).
pub(super) struct Problems {
    pub errors: Vec<DeckError>,
    pub deck_broken: bool,
    pub broken: HashSet<usize>,
    pub built_from: Vec<usize>,
}

impl<'a> Validator<'a> {
    /// `errors` are those found while reading the cards, with the place of each one's card.
    pub(super) fn new(
        path: &'a str,
        lines: &'a Lines<'a>,
        card_starts: &'a [usize],
        errors: Vec<(usize, DeckError)>,
    ) -> Self {
        Validator {
            path,
            lines,
            card_starts,
            broken: errors.iter().map(|(i, _)| *i).collect(),
            errors: errors.into_iter().map(|(_, e)| e).collect(),
            deck_broken: false,
            built_from: Vec::new(),
        }
    }

    pub(super) fn into_problems(self) -> Problems {
        Problems {
            errors: self.errors,
            deck_broken: self.deck_broken,
            broken: self.broken,
            built_from: self.built_from,
        }
    }

    /// How many problems have been found so far.
    pub(super) fn error_count(&self) -> usize {
        self.errors.len()
    }

    pub(super) fn err(&mut self, from: From, path: &[Seg], message: String, hint: &str) {
        let start = match from {
            From::Deck => {
                self.deck_broken = true;
                0
            }
            From::Card(i) => {
                self.broken.insert(i);
                self.card_starts.get(i).copied().unwrap_or(0)
            }
        };
        self.errors
            .push(DeckError::new(self.path, message, hint).at(self.lines.locate(start, path)));
    }

    pub(super) fn text(&mut self, from: From, path: &[Seg], what: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(
                from,
                path,
                format!("{what} is empty"),
                "write the text, or remove the field if it is optional",
            );
        }
    }

    /// Checks a list of texts: none empty.
    pub(super) fn texts(
        &mut self,
        i: usize,
        field: &'static str,
        list: &[model::Text],
    ) -> Vec<String> {
        for (j, t) in list.iter().enumerate() {
            if t.0.trim().is_empty() {
                self.err(
                    From::Card(i),
                    &[Key(field), Index(j)],
                    format!("item {} of `{field}` is empty", j + 1),
                    "write the text or remove the item",
                );
            }
        }
        texts(list)
    }

    fn id(&mut self, from: From, path: &[Seg], what: &str, id: &str) {
        if !id_ok(id) {
            self.err(
                from,
                path,
                format!("{what} {id:?} is not a valid id"),
                "ids use only letters, digits, '-', '_' and '.', at most 100 of them (e.g. \"jwg-minerals-01\")",
            );
        }
    }

    fn tags(&mut self, from: From, base: &[Seg], tags: &[model::Tag]) -> Vec<String> {
        for (i, t) in tags.iter().enumerate() {
            let t = &t.0;
            if t.trim().is_empty() || t.chars().any(char::is_whitespace) {
                let mut p = base.to_vec();
                p.extend([Key("tags"), Index(i)]);
                self.err(
                    from,
                    &p,
                    format!("tag {t:?} is empty or has spaces"),
                    "write tags as single words, e.g. \"gs2\" or \"critical-minerals\"",
                );
            }
        }
        tags.iter().map(|t| t.0.clone()).collect()
    }

    /// Checks the deck and builds it from its fields and its cards as read (`None` for a
    /// card that could not be read; its errors are already collected).
    pub(super) fn deck(&mut self, d: DeckFile<&RawValue>, cards: Vec<Option<CardFile>>) -> Deck {
        if d.format != FORMAT {
            self.err(
                From::Deck,
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
        self.id(From::Deck, &[Key("id")], "deck id", &d.id.0);
        self.text(From::Deck, &[Key("title")], "the deck's title", &d.title.0);
        let tags = self.tags(From::Deck, &[], &d.tags);

        let mut source_ids: HashMap<&str, usize> = HashMap::new();
        for (i, s) in d.sources.iter().enumerate() {
            let at = |k| [Key("sources"), Index(i), Key(k)];
            self.id(From::Deck, &at("id"), "source id", &s.id.0);
            if let Some(first) = source_ids.insert(&s.id.0, i) {
                let line = self.lines.locate(0, &[Key("sources"), Index(first)]).line;
                self.err(
                    From::Deck,
                    &at("id"),
                    format!(
                        "source id {:?} is used twice (first at line {line})",
                        s.id.0
                    ),
                    "give each source its own id",
                );
                source_ids.insert(&s.id.0, first);
            }
            self.text(From::Deck, &at("title"), "the source's title", &s.title.0);
            if let Some(p) = &s.publisher {
                self.text(From::Deck, &at("publisher"), "the source's publisher", &p.0);
            }
            if let Some(date) = &s.date
                && !date_ok(date)
            {
                self.err(
                    From::Deck,
                    &at("date"),
                    format!("source date {date:?} is not a date"),
                    "write \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\", e.g. \"2026-01-17\"",
                );
            }
        }

        // Hashed with foldhash (a 100,000-card deck's ids, on one thread).
        let mut card_ids: FastMap<&str, usize> = FastMap::default();
        let mut rules = Vec::new();
        let mut built = Vec::with_capacity(cards.len());
        for (i, c) in cards.iter().enumerate() {
            let Some(c) = c else { continue };
            let common = c.common();
            let here = From::Card(i);
            self.id(here, &[Key("id")], "card id", common.id);
            if let Some(first) = card_ids.get(common.id) {
                let line = self.lines.pos(self.card_starts[*first]).line;
                self.err(here, &[Key("id")], format!("card id {:?} is used twice (first at line {line})", common.id), "card ids must be unique in a deck and must never change once students have studied the card; give the new card a new id");
            } else {
                card_ids.insert(common.id, i);
            }
            let body = self.body(i, c);
            let answer = self.answer_rules(i, c, body.as_ref());
            rules.push((i, answer.clone()));
            if let Some(e) = common.explanation {
                self.text(here, &[Key("explanation")], "the card's explanation", e);
            }
            let card_tags = self.tags(here, &[], common.tags);
            if let Some(s) = common.source
                && !source_ids.contains_key(s)
            {
                let known: Vec<&str> = d.sources.iter().map(|s| s.id.0.as_str()).collect();
                let hint = if known.is_empty() {
                    "add the source to the deck's \"sources\" list".to_owned()
                } else {
                    format!("use one of the deck's sources: {}", known.join(", "))
                };
                self.err(
                    here,
                    &[Key("source")],
                    format!(
                        "card {:?} names source {s:?}, which the deck does not list",
                        common.id
                    ),
                    &hint,
                );
            }
            if let Some(body) = body {
                self.built_from.push(i);
                built.push(Card {
                    id: common.id.into(),
                    body,
                    explanation: common.explanation.map(|e| e.trim().to_owned()),
                    tags: card_tags,
                    source: common.source.map(str::to_owned),
                    group: common.group.map(str::to_owned),
                    answer,
                });
            }
        }

        for (i, r) in &rules {
            self.not_with_known(*i, r, &card_ids);
        }
        Deck {
            id: d.id.0.into(),
            title: d.title.0.trim().to_owned(),
            description: d.description.trim().to_owned(),
            tags,
            sources: d
                .sources
                .into_iter()
                .map(|s| Source {
                    id: s.id.0,
                    title: s.title.0,
                    publisher: s.publisher.map(|p| p.0),
                    date: s.date,
                    url: s.url,
                })
                .collect(),
            cards: built,
            answer_kind: d.answer_kind.map(model::AnswerKindName::kind),
        }
    }
}
