//! Reading deck files (format version 1) into `domain::deck::Deck`, with every problem's
//! path:line:column.
//!
//! The file's shape is `deck_model`, read with its serde derives in two steps. The deck's own
//! fields are read first, holding each card as its raw text; serde rejects bad JSON and wrong
//! deck fields there, with serde_json's position. Then each card is read on its own: its
//! fields are listed, `kind` picks the card kind's struct, a field that kind does not take is
//! reported with the fields it does take and the nearest name, and the struct is filled from
//! the listed fields, so that a wrong type is reported at its value. `deck_validate` then
//! checks what serde cannot. Positions come from one line index of the file ([`Lines`]) and
//! from where each card starts, so reporting stays linear however many cards have problems.
//! Touches no files itself: it works on text that `store::decks` has read.

use std::borrow::Cow;
use std::cell::Cell;

use serde::Deserialize;
use serde::de::value::MapDeserializer;
use serde_json::value::RawValue;

use super::deck_messages::plain;
use super::deck_model::{self as model, CardFile, DeckFile, Kind, Obj};
use super::deck_validate::Validator;
use super::error::FileError;
use super::json_pos::{Lines, Seg};
use crate::domain::deck::Deck;
use crate::domain::typed::nearest;

pub use super::deck_validate::parse_cloze;

pub use super::deck_model::FORMAT;

/// A problem in a deck file.
pub type DeckError = FileError;

/// A deck and where each of its cards starts in the file (byte offsets into the text without
/// its byte-order mark), for reports that point at cards.
#[derive(Debug)]
pub struct Located {
    pub deck: Deck,
    pub card_starts: Vec<usize>,
}

/// Parses and validates a deck file's bytes, which must be UTF-8.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Result<Deck, Vec<DeckError>> {
    parse_bytes_located(path, bytes).map(|l| l.deck)
}

/// [`parse_bytes`], keeping where each card starts.
pub fn parse_bytes_located(path: &str, bytes: &[u8]) -> Result<Located, Vec<DeckError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_located(path, text),
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
    parse_located(path, text).map(|l| l.deck)
}

/// [`parse`], keeping where each card starts.
pub fn parse_located(path: &str, text: &str) -> Result<Located, Vec<DeckError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_in_lines(path, &Lines::new(text))
}

/// [`parse_located`] of `lines`' text (without its byte-order mark), for a caller that
/// locates more in the same text (`smriti check`): its line index is built once.
pub fn parse_in_lines(path: &str, lines: &Lines) -> Result<Located, Vec<DeckError>> {
    parse_keeping_the_rest(path, lines).map_err(|(errors, _)| errors)
}

/// [`parse_in_lines`] for `smriti check`: a file with errors comes with the deck of the cards
/// that could be read, each with where it starts, so that their warnings are shown beside the
/// errors. No deck when the file is not one at all (malformed JSON, wrong deck fields) or no
/// card could be read.
pub fn parse_keeping_the_rest(
    path: &str,
    lines: &Lines,
) -> Result<Located, (Vec<DeckError>, Option<Box<Located>>)> {
    let text = lines.text();
    let raw: DeckFile<&RawValue> = match serde_json::from_str::<Obj<DeckFile<&RawValue>>>(text) {
        Ok(Obj(d)) => d,
        Err(e) => return Err((vec![serde_error(path, lines, &e)], None)),
    };
    let (mut deck, card_starts, mut problems) = build(path, text, lines, raw);
    if problems.errors.is_empty() {
        return Ok(Located { deck, card_starts });
    }
    problems.errors.sort_by_key(|e| e.pos);
    // The cards built and not broken, as the app keeps them (see `parse_lenient`).
    let kept: Vec<bool> = problems
        .built_from
        .iter()
        .map(|i| !problems.broken.contains(i))
        .collect();
    let starts: Vec<usize> = problems
        .built_from
        .iter()
        .zip(&kept)
        .filter(|(_, keep)| **keep)
        .map(|(&i, _)| card_starts.get(i).copied().unwrap_or(0))
        .collect();
    let mut k = kept.iter();
    deck.cards.retain(|_| k.next().copied().unwrap_or(false));
    let rest = (!deck.cards.is_empty()).then(|| {
        Box::new(Located {
            deck,
            card_starts: starts,
        })
    });
    Err((problems.errors, rest))
}

/// A deck read as the app reads it: the cards with problems left out, with those problems.
#[derive(Debug)]
pub struct Partial {
    pub deck: Deck,
    /// The problems of the cards left out (each at its path:line:column); empty when every
    /// card could be read.
    pub skipped: Vec<DeckError>,
    /// How many cards were left out.
    pub left_out: usize,
}

/// [`parse_bytes`] as the app reads a deck: a card with a problem is left out (and its
/// problems kept in [`Partial::skipped`]) rather than making the whole deck unusable. Only a
/// problem of the deck's own fields, or no usable card at all, fails the file.
pub fn parse_bytes_lenient(path: &str, bytes: &[u8]) -> Result<Partial, Vec<DeckError>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| parse_bytes_located(path, bytes).err().unwrap_or_default())?;
    parse_lenient(path, text)
}

/// [`parse_bytes_lenient`] on text.
pub fn parse_lenient(path: &str, text: &str) -> Result<Partial, Vec<DeckError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let raw: DeckFile<&RawValue> = match serde_json::from_str::<Obj<DeckFile<&RawValue>>>(text) {
        Ok(Obj(d)) => d,
        Err(e) => return Err(vec![serde_error(path, &lines, &e)]),
    };
    let (mut deck, _, mut problems) = build(path, text, &lines, raw);
    problems.errors.sort_by_key(|e| e.pos);
    if problems.errors.is_empty() {
        return Ok(Partial {
            deck,
            skipped: Vec::new(),
            left_out: 0,
        });
    }
    if problems.deck_broken {
        return Err(problems.errors);
    }
    let keep: Vec<bool> = problems
        .built_from
        .iter()
        .map(|i| !problems.broken.contains(i))
        .collect();
    let mut k = keep.iter();
    deck.cards.retain(|_| k.next().copied().unwrap_or(false));
    if deck.cards.is_empty() {
        return Err(problems.errors);
    }
    Ok(Partial {
        deck,
        skipped: problems.errors,
        left_out: problems.broken.len(),
    })
}

/// Reads every card of the deck file `raw` and builds the deck of those that could be read;
/// returns it with where each card starts and every problem found.
fn build(
    path: &str,
    text: &str,
    lines: &Lines,
    raw: DeckFile<&RawValue>,
) -> (Deck, Vec<usize>, super::deck_validate::Problems) {
    let card_starts: Vec<usize> = raw.cards.iter().map(|c| offset_in(text, c.get())).collect();
    // Each card is read from its own text alone: on every core for a large deck (in runs of
    // `CARDS_PER_JOB`), then taken in the file's order, so errors come as one pass finds them.
    let read = crate::par::map_indices(raw.cards.len(), CARDS_PER_JOB, |i| {
        read_card(path, lines, card_starts[i], raw.cards[i].get())
    });
    let mut errors = Vec::new();
    let mut cards = Vec::with_capacity(raw.cards.len());
    for (i, card) in read.into_iter().enumerate() {
        match card {
            Ok(c) => cards.push(Some(c)),
            Err(e) => {
                errors.extend(e.into_iter().map(|e| (i, e)));
                cards.push(None);
            }
        }
    }
    let mut v = Validator::new(path, lines, &card_starts, errors);
    let deck = v.deck(raw, cards);
    let problems = v.into_problems();
    (deck, card_starts, problems)
}

/// How many cards one job reads when a deck's cards are read on every core: a deck of no
/// more is read on the calling thread.
const CARDS_PER_JOB: usize = 2048;

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// A card's fields in the order written: each name, where the name starts, and its value.
struct Field<'a> {
    name: Cow<'a, str>,
    value: &'a RawValue,
}

struct Fields<'a>(Vec<Field<'a>>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name<'a>(Cow<'a, str>);
        impl<'de> Deserialize<'de> for Name<'de> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = Name<'de>;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Name<'de>, E> {
                        Ok(Name(Cow::Borrowed(s)))
                    }
                    fn visit_str<E>(self, s: &str) -> Result<Name<'de>, E> {
                        Ok(Name(Cow::Owned(s.to_owned())))
                    }
                }
                d.deserialize_str(V)
            }
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object { … }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some((Name(name), value)) = m.next_entry::<Name, &RawValue>()? {
                    v.push(Field { name, value });
                }
                Ok(Fields(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// The byte offset where the name of the member whose value starts at `value` begins: back
/// over the colon to the name's closing quote, then to its opening one (JSON names escape
/// quotes, so the opening quote is the first one not preceded by an odd run of backslashes).
fn name_start(text: &[u8], value: usize) -> usize {
    let mut i = value;
    while i > 0 && (text[i - 1].is_ascii_whitespace() || text[i - 1] == b':') {
        i -= 1;
    }
    // `i - 1` is the closing quote.
    let mut j = i.saturating_sub(1);
    while j > 0 {
        j -= 1;
        if text[j] == b'"' {
            let slashes = text[..j].iter().rev().take_while(|&&c| c == b'\\').count();
            if slashes % 2 == 0 {
                return j;
            }
        }
    }
    value
}

/// Reads the card whose text `raw` starts at byte `start`.
fn read_card(
    path: &str,
    lines: &Lines,
    start: usize,
    raw: &str,
) -> Result<CardFile, Vec<DeckError>> {
    let err_at = |offset: usize, message: String, hint: &str| {
        DeckError::new(path, message, hint).at(lines.pos(offset))
    };
    let serde_err = |from: usize, part: &str, e: &serde_json::Error| {
        let (message, hint) = plain(e, None, part);
        DeckError::new(path, message, hint).at(lines.serde_pos(from, part, e))
    };
    let fields = match serde_json::from_str::<Fields>(raw) {
        Ok(f) => f.0,
        Err(e) => return Err(vec![serde_err(start, raw, &e)]),
    };
    let text = lines.text().as_bytes();
    let value_at = |f: &Field| offset_in(lines.text(), f.value.get());
    let id = fields
        .iter()
        .find(|f| f.name == "id")
        .and_then(|f| serde_json::from_str::<String>(f.value.get()).ok());
    let label = id
        .as_ref()
        .map_or_else(|| "without an id".to_owned(), |id| format!("{id:?}"));
    let Some(kind_field) = fields.iter().find(|f| f.name == "kind") else {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return Err(vec![err_at(
            start,
            format!("card {label} is missing `kind`"),
            &format!("add \"kind\": one of {}", kinds.join(", ")),
        )]);
    };
    let kind = match serde_json::from_str::<Kind>(kind_field.value.get()) {
        Ok(k) => k,
        Err(e) => {
            let mut e = serde_err(value_at(kind_field), kind_field.value.get(), &e);
            if e.message.starts_with("unknown variant") {
                e.hint = "use one of the card kinds listed".into();
            }
            return Err(vec![e]);
        }
    };
    let mut errors = Vec::new();
    let allowed = &kind.fields().allowed;
    let mut seen = std::collections::HashSet::new();
    // A required field that an unknown one is a slip for is not reported missing as well.
    let mut slips = Vec::new();
    for f in &fields {
        let at = name_start(text, value_at(f));
        if !seen.insert(f.name.as_ref()) {
            errors.push(err_at(
                at,
                format!("duplicate field `{}`", f.name),
                "a field may appear only once in an object; remove one of them",
            ));
        } else if !allowed.iter().any(|a| *a == f.name) {
            let elsewhere = Kind::ALL
                .iter()
                .any(|k| k.fields().allowed.iter().any(|a| *a == f.name));
            let message = if elsewhere {
                format!("field `{}` does not belong to {}", f.name, kind.a_card())
            } else {
                format!("unknown field `{}` in {}", f.name, kind.a_card())
            };
            slips.extend(nearest(&f.name, allowed.iter().map(String::as_str)));
            errors.push(err_at(at, message, &fields_hint(kind, &f.name)));
        }
    }
    for need in &kind.fields().required {
        if !fields.iter().any(|f| f.name == need.as_str()) && !slips.contains(&need.as_str()) {
            let own: Vec<&str> = kind
                .fields()
                .required
                .iter()
                .map(String::as_str)
                .filter(|f| *f != "id")
                .collect();
            let (message, hint) = if need == "id" {
                (
                    format!("{} is missing `id`", kind.a_card()),
                    "give every card an id that is unique in the deck and never changes".to_owned(),
                )
            } else {
                (
                    format!("card {label} ({}) is missing `{need}`", kind.name()),
                    format!("{} needs: {}", kind.a_card(), own.join(", ")),
                )
            };
            errors.push(err_at(start, message, &hint));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Fill the kind's struct from the listed fields; `current` says whose value was being read
    // when an error came.
    let current = Cell::new(0usize);
    let pairs = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name != "kind")
        .map(|(i, f)| {
            current.set(i);
            (f.name.as_ref(), f.value)
        });
    let de = MapDeserializer::<_, serde_json::Error>::new(pairs);
    let card = match kind {
        Kind::Basic => model::BasicCard::deserialize(de).map(CardFile::Basic),
        Kind::Mcq => model::McqCard::deserialize(de).map(CardFile::Mcq),
        Kind::Multi => model::MultiCard::deserialize(de).map(CardFile::Multi),
        Kind::Cloze => model::ClozeCard::deserialize(de).map(CardFile::Cloze),
        Kind::Typed => model::TypedCard::deserialize(de).map(CardFile::Typed),
        Kind::Statements => model::StatementsCard::deserialize(de).map(CardFile::Statements),
        Kind::Match => model::MatchCard::deserialize(de).map(CardFile::Match),
    };
    card.map_err(|e| {
        let f = &fields[current.get()];
        let (message, hint) = plain(&e, Some((kind, &f.name)), f.value.get());
        let at = if e.line() == 0 {
            lines.pos(value_at(f))
        } else {
            lines.serde_pos(value_at(f), f.value.get(), &e)
        };
        vec![DeckError::new(path, message, hint).at(at)]
    })
}

/// "did you mean …?" and the fields `kind` takes, for a field it does not take.
fn fields_hint(kind: Kind, field: &str) -> String {
    let own: Vec<&str> = kind.own_fields().collect();
    let takes = format!(
        "{} takes {}, besides id, kind, explanation, tags, source and group",
        kind.a_card(),
        own.join(", ")
    );
    match nearest(field, kind.fields().allowed.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`? {takes}"),
        None => takes,
    }
}

#[derive(Deserialize)]
struct VersionProbe {
    format: Option<serde_json::Value>,
}

fn serde_error(path: &str, lines: &Lines, e: &serde_json::Error) -> DeckError {
    let text = lines.text();
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
        .at(lines.locate(0, &[Seg::Key("format")]));
    }
    let (message, hint) = plain(e, None, text);
    DeckError::new(path, message, hint).at(lines.serde_pos(0, text, e))
}

#[cfg(test)]
#[path = "deck_file_tests.rs"]
mod tests;
