//! Writes a deck as deck-format JSON (version 1) through the same types that read it
//! (`deck_model`), so that an imported or generated deck reads like a hand-written one and
//! parses back to the same deck. Defaults are left out (`reverse: false`, `shuffle: true`, the
//! default statements style), as an author would.

use super::deck_file::FORMAT;
use super::deck_model::{self as model, CardFile, DeckFile, Id, SourceFile, Tag, Text};
use crate::domain::deck::{Card, CardBody, ClozePart, Deck, MatchStyle, StatementStyle};

fn text(s: &str) -> Text {
    Text(s.to_owned())
}

fn texts(list: &[String]) -> Vec<Text> {
    list.iter().map(|s| text(s)).collect()
}

fn tags(list: &[String]) -> Vec<Tag> {
    list.iter().map(|t| Tag(t.clone())).collect()
}

/// A list that may be left out when empty.
fn some_texts(list: &[String]) -> Option<Vec<Text>> {
    (!list.is_empty()).then(|| texts(list))
}

/// The cloze text with its deletions written back as `{{answer}}` or `{{answer::hint}}`.
fn cloze_text(parts: &[ClozePart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            ClozePart::Text(t) => t.clone(),
            ClozePart::Gap {
                answer,
                hint: Some(h),
            } => format!("{{{{{answer}::{h}}}}}"),
            ClozePart::Gap { answer, hint: None } => format!("{{{{{answer}}}}}"),
        })
        .collect()
}

/// A domain card in the file's shape.
pub fn card_file(c: &Card) -> CardFile {
    let id = Id(c.id.to_string());
    let explanation = c.explanation.as_deref().map(text);
    let tags = tags(&c.tags);
    let source = c.source.clone().map(Id);
    let group = c.group.clone().map(Id);
    let r = &c.answer;
    let answer_kind = r.kind.map(model::AnswerKindName::of);
    let answer_class = r.class.clone().map(Id);
    let not_with =
        (!r.not_with.is_empty()).then(|| r.not_with.iter().map(|i| Id(i.clone())).collect());
    let not_distractors = some_texts(&r.not_distractors);
    let per_gap = |list: &[(String, Vec<String>)]| {
        (!list.is_empty()).then(|| {
            list.iter()
                .map(|(gap, forms)| (gap.clone(), texts(forms)))
                .collect::<model::PerGap>()
        })
    };
    let shuffle = |s: bool| (!s).then_some(false);
    match &c.body {
        CardBody::Basic {
            front,
            back,
            reverse,
            distractors,
        } => CardFile::Basic(model::BasicCard {
            id,
            front: text(front),
            back: text(back),
            reverse: reverse.then_some(true),
            distractors: some_texts(distractors),
            answer_kind,
            answer_class: answer_class.clone(),
            not_with,
            not_distractors,
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Mcq {
            question,
            options,
            answer,
            option_explanations,
            shuffle: s,
        } => CardFile::Mcq(model::McqCard {
            id,
            question: text(question),
            options: texts(options),
            answer: u32::try_from(*answer).unwrap_or(u32::MAX),
            option_explanations: some_texts(option_explanations),
            shuffle: shuffle(*s),
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Multi {
            question,
            options,
            answers,
            shuffle: s,
        } => CardFile::Multi(model::MultiCard {
            id,
            question: text(question),
            options: texts(options),
            answers: answers
                .iter()
                .map(|&a| u32::try_from(a).unwrap_or(u32::MAX))
                .collect(),
            shuffle: shuffle(*s),
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Cloze { parts } => CardFile::Cloze(model::ClozeCard {
            id,
            text: cloze_text(parts),
            accept: per_gap(&r.accept),
            distractors: per_gap(&r.gap_distractors),
            answer_kind,
            answer_class: answer_class.clone(),
            not_with,
            not_distractors,
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Typed { question, answers } => CardFile::Typed(model::TypedCard {
            id,
            question: text(question),
            accept: texts(answers),
            distractors: some_texts(&r.distractors),
            answer_kind,
            answer_class: answer_class.clone(),
            not_with,
            not_distractors,
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Statements {
            question,
            statements,
            style,
        } => CardFile::Statements(model::StatementsCard {
            id,
            question: Some(text(question)),
            statements: statements
                .iter()
                .map(|s| model::Statement {
                    text: text(&s.text),
                    correct: s.correct,
                })
                .collect(),
            style: (*style == StatementStyle::HowMany).then_some(model::StatementStyle::HowMany),
            explanation,
            tags,
            source,
            group,
        }),
        CardBody::Match {
            question,
            left_title,
            right_title,
            pairs,
            style,
        } => CardFile::Match(model::MatchCard {
            id,
            style: (*style == MatchStyle::Codes).then_some(model::MatchStyle::Codes),
            question: Some(text(question)),
            left_title: Some(text(left_title)),
            right_title: Some(text(right_title)),
            pairs: pairs
                .iter()
                .map(|p| model::Pair {
                    left: text(&p.left),
                    right: text(&p.right),
                    shown: p.shown.as_deref().map(text),
                })
                .collect(),
            explanation,
            tags,
            source,
            group,
        }),
    }
}

/// The deck in the file's shape. `schema` becomes `"$schema"`.
pub fn deck_file(deck: &Deck, schema: Option<&str>) -> DeckFile {
    DeckFile {
        schema: schema.map(str::to_owned),
        format: FORMAT,
        id: Id(deck.id.to_string()),
        title: text(&deck.title),
        description: deck.description.clone(),
        tags: tags(&deck.tags),
        sources: deck
            .sources
            .iter()
            .map(|s| SourceFile {
                id: Id(s.id.clone()),
                title: text(&s.title),
                publisher: s.publisher.as_deref().map(text),
                date: s.date.clone(),
                url: s.url.clone(),
            })
            .collect(),
        answer_kind: deck.answer_kind.map(model::AnswerKindName::of),
        cards: deck.cards.iter().map(card_file).collect(),
    }
}

/// The deck as pretty JSON with a trailing newline. `schema` becomes `"$schema"`.
pub fn to_json(deck: &Deck, schema: Option<&str>) -> String {
    let mut text = serde_json::to_string_pretty(&deck_file(deck, schema)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::deck_file::parse;

    #[test]
    fn every_kind_round_trips_through_json() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/decks/every-kind.json"
        ))
        .unwrap();
        let deck = parse("every-kind.json", &text).unwrap();
        let written = to_json(&deck, Some("deck.schema.json"));
        assert!(written.starts_with("{\n  \"$schema\": \"deck.schema.json\",\n  \"format\": 1,\n  \"id\": \"every-kind\""), "{written}");
        assert_eq!(parse("written.json", &written).unwrap(), deck);
    }

    #[test]
    fn shipped_decks_round_trip() {
        for (name, text) in crate::store::decks::built_in() {
            let deck = parse(name, text).unwrap();
            assert_eq!(parse(name, &to_json(&deck, None)).unwrap(), deck, "{name}");
        }
    }
}
