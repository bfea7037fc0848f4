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
use crate::domain::deck::{
    Card, CardBody, ClozePart, Deck, MatchStyle, Pair, Source, Statement, StatementStyle,
};

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

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
enum KindDto {
    Basic,
    Mcq,
    Multi,
    Cloze,
    Typed,
    Statements,
    Match,
}

impl KindDto {
    fn name(self) -> &'static str {
        match self {
            KindDto::Basic => "basic",
            KindDto::Mcq => "mcq",
            KindDto::Multi => "multi",
            KindDto::Cloze => "cloze",
            KindDto::Typed => "typed",
            KindDto::Statements => "statements",
            KindDto::Match => "match",
        }
    }

    /// The kind-specific fields this kind allows.
    fn fields(self) -> &'static [&'static str] {
        match self {
            KindDto::Basic => &["front", "back", "reverse", "distractors"],
            KindDto::Mcq => &[
                "question",
                "options",
                "answer",
                "option_explanations",
                "shuffle",
            ],
            KindDto::Multi => &["question", "options", "answers", "shuffle"],
            KindDto::Cloze => &["text"],
            KindDto::Typed => &["question", "accept"],
            KindDto::Statements => &["question", "statements", "style"],
            KindDto::Match => &["question", "left_title", "right_title", "pairs", "style"],
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardDto {
    id: String,
    kind: KindDto,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    source: Option<String>,
    // Kind-specific fields; `validate` rejects those that do not belong to the card's kind.
    #[serde(default)]
    front: Option<String>,
    #[serde(default)]
    back: Option<String>,
    #[serde(default)]
    reverse: Option<bool>,
    #[serde(default)]
    distractors: Option<Vec<String>>,
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    options: Option<Vec<String>>,
    #[serde(default)]
    answer: Option<usize>,
    #[serde(default)]
    answers: Option<Vec<usize>>,
    #[serde(default)]
    option_explanations: Option<Vec<String>>,
    #[serde(default)]
    shuffle: Option<bool>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    accept: Option<Vec<String>>,
    #[serde(default)]
    statements: Option<Vec<Obj<StatementDto>>>,
    #[serde(default)]
    style: Option<String>,
    #[serde(default)]
    left_title: Option<String>,
    #[serde(default)]
    right_title: Option<String>,
    #[serde(default)]
    pairs: Option<Vec<Obj<PairDto>>>,
}

impl CardDto {
    /// The kind-specific fields present, by name.
    fn present(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut add = |name, present: bool| {
            if present {
                v.push(name);
            }
        };
        add("front", self.front.is_some());
        add("back", self.back.is_some());
        add("reverse", self.reverse.is_some());
        add("distractors", self.distractors.is_some());
        add("question", self.question.is_some());
        add("options", self.options.is_some());
        add("answer", self.answer.is_some());
        add("answers", self.answers.is_some());
        add("option_explanations", self.option_explanations.is_some());
        add("shuffle", self.shuffle.is_some());
        add("text", self.text.is_some());
        add("accept", self.accept.is_some());
        add("statements", self.statements.is_some());
        add("style", self.style.is_some());
        add("left_title", self.left_title.is_some());
        add("right_title", self.right_title.is_some());
        add("pairs", self.pairs.is_some());
        v
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementDto {
    text: String,
    correct: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairDto {
    left: String,
    right: String,
    #[serde(default)]
    shown: Option<String>,
}

/// The kind-specific fields a kind allows (`None`-safe: unknown kinds allow nothing).
#[cfg(test)]
pub(crate) fn kind_fields(kind: &str) -> &'static [&'static str] {
    let k = match kind {
        "basic" => KindDto::Basic,
        "mcq" => KindDto::Mcq,
        "multi" => KindDto::Multi,
        "cloze" => KindDto::Cloze,
        "typed" => KindDto::Typed,
        "statements" => KindDto::Statements,
        "match" => KindDto::Match,
        _ => return &[],
    };
    k.fields()
}

/// Splits cloze text into text and deletions: `{{answer}}` or `{{answer::hint}}`.
pub fn parse_cloze(text: &str) -> Result<Vec<ClozePart>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let (before, after) = rest.split_at(open);
        if before.contains("}}") {
            return Err("a `}}` closes a deletion that was never opened".into());
        }
        if !before.is_empty() {
            parts.push(ClozePart::Text(before.to_owned()));
        }
        let after = &after[2..];
        let close = after
            .find("}}")
            .ok_or("a deletion `{{` is never closed with `}}`")?;
        let inner = &after[..close];
        if inner.contains("{{") {
            return Err("deletions cannot be nested".into());
        }
        let (answer, hint) = match inner.split_once("::") {
            Some((a, h)) => (
                a.trim(),
                Some(h.trim()).filter(|h| !h.is_empty()).map(str::to_owned),
            ),
            None => (inner.trim(), None),
        };
        if answer.is_empty() {
            return Err("a deletion `{{}}` is empty".into());
        }
        parts.push(ClozePart::Gap {
            answer: answer.to_owned(),
            hint,
        });
        rest = &after[close + 2..];
    }
    if rest.contains("}}") {
        return Err("a `}}` closes a deletion that was never opened".into());
    }
    if !rest.is_empty() {
        parts.push(ClozePart::Text(rest.to_owned()));
    }
    if !parts.iter().any(|p| matches!(p, ClozePart::Gap { .. })) {
        return Err("a cloze card needs at least one deletion, written {{like this}}".into());
    }
    Ok(parts)
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
        let mut bodies = Vec::with_capacity(d.cards.len());
        for (i, Obj(c)) in d.cards.iter().enumerate() {
            let at = |k: &'static str| [Key("cards"), Index(i), Key(k)];
            self.id(&at("id"), "card id", &c.id);
            if let Some(first) = card_ids.get(c.id.as_str()) {
                let line = locate(self.text, &[Key("cards"), Index(*first)]).line;
                self.err(&at("id"), format!("card id {:?} is used twice (first at line {line})", c.id), "card ids must be unique in a deck and must never change once students have studied the card; give the new card a new id");
            } else {
                card_ids.insert(&c.id, i);
            }
            let body = self.body(i, c);
            bodies.push(body);
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
                .zip(bodies)
                .filter_map(|(Obj(c), body)| {
                    Some(Card {
                        id: c.id,
                        body: body?,
                        explanation: c.explanation.map(|e| e.trim().to_owned()),
                        tags: c.tags,
                        source: c.source,
                        group: None,
                    })
                })
                .collect(),
        }
    }

    /// Checks the kind-specific fields of card `i` and builds its body (None on errors).
    fn body(&mut self, i: usize, c: &CardDto) -> Option<CardBody> {
        use Seg::{Index, Key};
        let errors_before = self.errors.len();
        let kind = c.kind.name();
        let at = |k: &'static str| vec![Key("cards"), Index(i), Key(k)];
        for field in c.present() {
            if !c.kind.fields().contains(&field) {
                self.err(
                    &at(field),
                    format!("field `{field}` does not belong to a {kind} card"),
                    &format!("a {kind} card takes: {}", c.kind.fields().join(", ")),
                );
            }
        }
        let need_text = |v: &mut Self, field: &'static str, value: &Option<String>| -> String {
            match value {
                Some(t) => {
                    v.text(&at(field), &format!("the card's {field}"), t);
                    t.trim().to_owned()
                }
                None => {
                    v.err(
                        &[Key("cards"), Index(i)],
                        format!("card {:?} ({kind}) is missing `{field}`", c.id),
                        &format!("a {kind} card needs: {}", required(c.kind).join(", ")),
                    );
                    String::new()
                }
            }
        };
        let texts = |v: &mut Self, field: &'static str, list: &[String]| -> Vec<String> {
            for (j, t) in list.iter().enumerate() {
                if t.trim().is_empty() {
                    v.err(
                        &[Key("cards"), Index(i), Key(field), Index(j)],
                        format!("item {} of `{field}` is empty", j + 1),
                        "write the text or remove the item",
                    );
                }
            }
            list.iter().map(|t| t.trim().to_owned()).collect()
        };
        let body = match c.kind {
            KindDto::Basic => {
                let front = need_text(self, "front", &c.front);
                let back = need_text(self, "back", &c.back);
                let distractors = texts(
                    self,
                    "distractors",
                    c.distractors.as_deref().unwrap_or_default(),
                );
                if let Some(j) = distractors
                    .iter()
                    .position(|d| d.eq_ignore_ascii_case(&back))
                {
                    self.err(
                        &[Key("cards"), Index(i), Key("distractors"), Index(j)],
                        "a distractor is the same as the answer".into(),
                        "distractors must be wrong answers",
                    );
                }
                CardBody::Basic {
                    front,
                    back,
                    reverse: c.reverse.unwrap_or(false),
                    distractors,
                }
            }
            KindDto::Mcq | KindDto::Multi => {
                let question = need_text(self, "question", &c.question);
                let options = self.options(i, c);
                let shuffle = c.shuffle.unwrap_or(true);
                if c.kind == KindDto::Mcq {
                    let answer = match c.answer {
                        Some(a) if a < options.len() || options.is_empty() => a,
                        Some(a) => {
                            self.err(&at("answer"), format!("answer {a} is not one of the options (they are numbered 0 to {})", options.len() - 1), "`answer` is the position of the right option, counting from 0");
                            0
                        }
                        None => {
                            need_text(self, "answer", &None);
                            0
                        }
                    };
                    let option_explanations = texts(
                        self,
                        "option_explanations",
                        c.option_explanations.as_deref().unwrap_or_default(),
                    );
                    if !option_explanations.is_empty() && option_explanations.len() != options.len()
                    {
                        self.err(
                            &at("option_explanations"),
                            format!(
                                "{} option explanations for {} options",
                                option_explanations.len(),
                                options.len()
                            ),
                            "give one explanation per option, in the same order",
                        );
                    }
                    CardBody::Mcq {
                        question,
                        options,
                        answer,
                        option_explanations,
                        shuffle,
                    }
                } else {
                    let answers = c.answers.clone().unwrap_or_default();
                    if c.answers.is_none() {
                        need_text(self, "answers", &None);
                    } else if answers.is_empty() {
                        self.err(
                            &at("answers"),
                            "`answers` is empty".into(),
                            "list the positions of every right option, counting from 0",
                        );
                    }
                    let mut seen = std::collections::HashSet::new();
                    for (j, a) in answers.iter().enumerate() {
                        if *a >= options.len() && !options.is_empty() {
                            self.err(&[Key("cards"), Index(i), Key("answers"), Index(j)], format!("answer {a} is not one of the options (they are numbered 0 to {})", options.len() - 1), "list the positions of every right option, counting from 0");
                        } else if !seen.insert(*a) {
                            self.err(
                                &[Key("cards"), Index(i), Key("answers"), Index(j)],
                                format!("answer {a} is listed twice"),
                                "list each right option once",
                            );
                        }
                    }
                    let mut answers = answers;
                    answers.sort_unstable();
                    answers.dedup();
                    CardBody::Multi {
                        question,
                        options,
                        answers,
                        shuffle,
                    }
                }
            }
            KindDto::Cloze => {
                let text = need_text(self, "text", &c.text);
                match parse_cloze(&text) {
                    Ok(parts) => CardBody::Cloze { parts },
                    Err(msg) if !text.is_empty() => {
                        self.err(
                            &at("text"),
                            msg,
                            "mark each hidden part as {{answer}} or {{answer::hint}}",
                        );
                        CardBody::Cloze { parts: vec![] }
                    }
                    Err(_) => CardBody::Cloze { parts: vec![] },
                }
            }
            KindDto::Typed => {
                let question = need_text(self, "question", &c.question);
                let accept = match &c.accept {
                    Some(list) if !list.is_empty() => texts(self, "accept", list),
                    Some(_) => {
                        self.err(
                            &at("accept"),
                            "`accept` is empty".into(),
                            "list at least one accepted answer",
                        );
                        vec![]
                    }
                    None => {
                        need_text(self, "accept", &None);
                        vec![]
                    }
                };
                CardBody::Typed {
                    question,
                    answers: accept,
                }
            }
            KindDto::Statements => {
                let question = c
                    .question
                    .as_deref()
                    .map(str::trim)
                    .filter(|q| !q.is_empty())
                    .unwrap_or("Consider the following statements:")
                    .to_owned();
                let style = match c.style.as_deref() {
                    None | Some("which") => StatementStyle::Which,
                    Some("how-many") => StatementStyle::HowMany,
                    Some(other) => {
                        self.err(&at("style"), format!("unknown statements style {other:?}"), "use `which` (which of the statements is/are correct) or `how-many` (how many are correct)");
                        StatementStyle::Which
                    }
                };
                let list = c.statements.as_deref().unwrap_or_default();
                if c.statements.is_none() {
                    need_text(self, "statements", &None);
                } else if !(2..=4).contains(&list.len()) {
                    self.err(
                        &at("statements"),
                        format!(
                            "a statements card needs 2 to 4 statements, found {}",
                            list.len()
                        ),
                        "UPSC asks about 2, 3 or 4 statements",
                    );
                }
                for (j, Obj(st)) in list.iter().enumerate() {
                    if st.text.trim().is_empty() {
                        self.err(
                            &[
                                Key("cards"),
                                Index(i),
                                Key("statements"),
                                Index(j),
                                Key("text"),
                            ],
                            format!("statement {} is empty", j + 1),
                            "write the statement",
                        );
                    }
                }
                let statements = list
                    .iter()
                    .map(|Obj(st)| Statement {
                        text: st.text.trim().to_owned(),
                        correct: st.correct,
                    })
                    .collect();
                CardBody::Statements {
                    question,
                    statements,
                    style,
                }
            }
            KindDto::Match => {
                let style = match c.style.as_deref() {
                    None | Some("how-many") => MatchStyle::HowMany,
                    Some("codes") => MatchStyle::Codes,
                    Some(other) => {
                        self.err(&at("style"), format!("unknown match style {other:?}"), "use `how-many` (how many pairs are correctly matched) or `codes` (List I / List II with coded options)");
                        MatchStyle::HowMany
                    }
                };
                let list = c.pairs.as_deref().unwrap_or_default();
                let (min, max) = if style == MatchStyle::Codes {
                    (3, 6)
                } else {
                    (2, 6)
                };
                if c.pairs.is_none() {
                    need_text(self, "pairs", &None);
                } else if !(min..=max).contains(&list.len()) {
                    self.err(
                        &at("pairs"),
                        format!(
                            "a {} match card needs {min} to {max} pairs, found {}",
                            if style == MatchStyle::Codes {
                                "codes"
                            } else {
                                "how-many"
                            },
                            list.len()
                        ),
                        "add or remove pairs",
                    );
                }
                let mut lefts = std::collections::HashSet::new();
                let mut rights = std::collections::HashSet::new();
                for (j, Obj(pair)) in list.iter().enumerate() {
                    let p = |k| vec![Key("cards"), Index(i), Key("pairs"), Index(j), Key(k)];
                    if pair.left.trim().is_empty() || pair.right.trim().is_empty() {
                        self.err(
                            &p("left"),
                            format!("pair {} has an empty side", j + 1),
                            "write both sides of the pair",
                        );
                    }
                    if !lefts.insert(pair.left.trim()) {
                        self.err(
                            &p("left"),
                            format!("{:?} appears twice on the left", pair.left),
                            "each item may appear once in List I",
                        );
                    }
                    if !rights.insert(pair.right.trim()) {
                        self.err(
                            &p("right"),
                            format!("{:?} appears twice on the right", pair.right),
                            "each item may appear once in List II",
                        );
                    }
                    if let Some(shown) = &pair.shown {
                        if style == MatchStyle::Codes {
                            self.err(
                                &p("shown"),
                                "`shown` only applies to how-many match cards".into(),
                                "remove it, or use `\"style\": \"how-many\"`",
                            );
                        } else if shown.trim() == pair.right.trim() || shown.trim().is_empty() {
                            self.err(&p("shown"), format!("pair {} is shown with its own right side or with nothing", j + 1), "`shown` is the wrong right-hand side to display; leave it out to show the pair correctly");
                        }
                    }
                }
                let opt = |v: &Option<String>, d: &str| {
                    v.as_deref()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .unwrap_or(d)
                        .to_owned()
                };
                CardBody::Match {
                    question: opt(
                        &c.question,
                        if style == MatchStyle::Codes {
                            "Match List I with List II:"
                        } else {
                            "Consider the following pairs:"
                        },
                    ),
                    left_title: opt(&c.left_title, "List I"),
                    right_title: opt(&c.right_title, "List II"),
                    pairs: list
                        .iter()
                        .map(|Obj(p)| Pair {
                            left: p.left.trim().to_owned(),
                            right: p.right.trim().to_owned(),
                            shown: p.shown.as_ref().map(|s| s.trim().to_owned()),
                        })
                        .collect(),
                    style,
                }
            }
        };
        (self.errors.len() == errors_before).then_some(body)
    }

    /// Checks `options` of an mcq or multi card: 2 to 6, non-empty, all different.
    fn options(&mut self, i: usize, c: &CardDto) -> Vec<String> {
        use Seg::{Index, Key};
        let Some(options) = &c.options else {
            self.err(
                &[Key("cards"), Index(i)],
                format!("card {:?} ({}) is missing `options`", c.id, c.kind.name()),
                "list 2 to 6 options",
            );
            return vec![];
        };
        if !(2..=6).contains(&options.len()) {
            self.err(
                &[Key("cards"), Index(i), Key("options")],
                format!(
                    "{} options; an {} card takes 2 to 6",
                    options.len(),
                    c.kind.name()
                ),
                "UPSC papers use four options",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (j, o) in options.iter().enumerate() {
            let at = [Key("cards"), Index(i), Key("options"), Index(j)];
            if o.trim().is_empty() {
                self.err(&at, format!("option {j} is empty"), "write the option");
            } else if !seen.insert(o.trim().to_lowercase()) {
                self.err(
                    &at,
                    format!("option {j} repeats an earlier option"),
                    "make every option different",
                );
            }
        }
        options.iter().map(|o| o.trim().to_owned()).collect()
    }
}

/// The fields a kind cannot do without, for hints.
fn required(kind: KindDto) -> &'static [&'static str] {
    match kind {
        KindDto::Basic => &["front", "back"],
        KindDto::Mcq => &["question", "options", "answer"],
        KindDto::Multi => &["question", "options", "answers"],
        KindDto::Cloze => &["text"],
        KindDto::Typed => &["question", "accept"],
        KindDto::Statements => &["statements"],
        KindDto::Match => &["pairs"],
    }
}

#[cfg(test)]
#[path = "deck_file_tests.rs"]
mod tests;
