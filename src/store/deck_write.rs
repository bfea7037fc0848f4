//! Writes a deck as deck-format JSON (version 1), fields in the documented order, so that an
//! imported or generated deck reads like a hand-written one and parses back to the same deck.

use serde_json::{Map, Value, json};

use super::deck_file::FORMAT;
use crate::domain::deck::{CardBody, ClozePart, Deck, MatchStyle, StatementStyle};

/// The deck as pretty JSON with a trailing newline. `schema` becomes `"$schema"`.
pub fn to_json(deck: &Deck, schema: Option<&str>) -> String {
    let mut d = Map::new();
    if let Some(s) = schema {
        d.insert("$schema".into(), json!(s));
    }
    d.insert("format".into(), json!(FORMAT));
    d.insert("id".into(), json!(deck.id));
    d.insert("title".into(), json!(deck.title));
    d.insert("description".into(), json!(deck.description));
    d.insert("tags".into(), json!(deck.tags));
    let sources: Vec<Value> = deck
        .sources
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("id".into(), json!(s.id));
            m.insert("title".into(), json!(s.title));
            for (k, v) in [
                ("publisher", &s.publisher),
                ("date", &s.date),
                ("url", &s.url),
            ] {
                if let Some(v) = v {
                    m.insert(k.into(), json!(v));
                }
            }
            Value::Object(m)
        })
        .collect();
    d.insert("sources".into(), Value::Array(sources));
    let cards: Vec<Value> = deck
        .cards
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("id".into(), json!(c.id));
            m.insert("kind".into(), json!(c.body.kind()));
            match &c.body {
                CardBody::Basic {
                    front,
                    back,
                    reverse,
                    distractors,
                } => {
                    m.insert("front".into(), json!(front));
                    m.insert("back".into(), json!(back));
                    if *reverse {
                        m.insert("reverse".into(), json!(true));
                    }
                    if !distractors.is_empty() {
                        m.insert("distractors".into(), json!(distractors));
                    }
                }
                CardBody::Mcq {
                    question,
                    options,
                    answer,
                    option_explanations,
                    shuffle,
                } => {
                    m.insert("question".into(), json!(question));
                    m.insert("options".into(), json!(options));
                    m.insert("answer".into(), json!(answer));
                    if !option_explanations.is_empty() {
                        m.insert("option_explanations".into(), json!(option_explanations));
                    }
                    if !shuffle {
                        m.insert("shuffle".into(), json!(false));
                    }
                }
                CardBody::Multi {
                    question,
                    options,
                    answers,
                    shuffle,
                } => {
                    m.insert("question".into(), json!(question));
                    m.insert("options".into(), json!(options));
                    m.insert("answers".into(), json!(answers));
                    if !shuffle {
                        m.insert("shuffle".into(), json!(false));
                    }
                }
                CardBody::Cloze { parts } => {
                    let text: String = parts
                        .iter()
                        .map(|p| match p {
                            ClozePart::Text(t) => t.clone(),
                            ClozePart::Gap {
                                answer,
                                hint: Some(h),
                            } => format!("{{{{{answer}::{h}}}}}"),
                            ClozePart::Gap { answer, hint: None } => format!("{{{{{answer}}}}}"),
                        })
                        .collect();
                    m.insert("text".into(), json!(text));
                }
                CardBody::Typed { question, answers } => {
                    m.insert("question".into(), json!(question));
                    m.insert("accept".into(), json!(answers));
                }
                CardBody::Statements {
                    question,
                    statements,
                    style,
                } => {
                    m.insert("question".into(), json!(question));
                    let list: Vec<Value> = statements
                        .iter()
                        .map(|s| json!({"text": s.text, "correct": s.correct}))
                        .collect();
                    m.insert("statements".into(), Value::Array(list));
                    if *style == StatementStyle::HowMany {
                        m.insert("style".into(), json!("how-many"));
                    }
                }
                CardBody::Match {
                    question,
                    left_title,
                    right_title,
                    pairs,
                    style,
                } => {
                    if *style == MatchStyle::Codes {
                        m.insert("style".into(), json!("codes"));
                    }
                    m.insert("question".into(), json!(question));
                    m.insert("left_title".into(), json!(left_title));
                    m.insert("right_title".into(), json!(right_title));
                    let list: Vec<Value> = pairs
                        .iter()
                        .map(|p| {
                            let mut pm = Map::new();
                            pm.insert("left".into(), json!(p.left));
                            pm.insert("right".into(), json!(p.right));
                            if let Some(s) = &p.shown {
                                pm.insert("shown".into(), json!(s));
                            }
                            Value::Object(pm)
                        })
                        .collect();
                    m.insert("pairs".into(), Value::Array(list));
                }
            }
            if let Some(e) = &c.explanation {
                m.insert("explanation".into(), json!(e));
            }
            if !c.tags.is_empty() {
                m.insert("tags".into(), json!(c.tags));
            }
            if let Some(s) = &c.source {
                m.insert("source".into(), json!(s));
            }
            Value::Object(m)
        })
        .collect();
    d.insert("cards".into(), Value::Array(cards));
    let mut text = serde_json::to_string_pretty(&Value::Object(d)).unwrap_or_default();
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
