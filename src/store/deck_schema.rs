//! The JSON Schema of the deck format, generated from these Rust types with schemars (test
//! builds only) and kept in `schemas/deck.schema.json`. A test fails when the file is out of
//! date, and another checks that each kind's fields here are exactly those the parser allows.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test deck_schema`.

#![allow(dead_code)]

use schemars::JsonSchema;
use serde::Deserialize;

/// A stable id: letters, digits, '-', '_' and '.'.
#[derive(Deserialize, JsonSchema)]
struct Id(#[schemars(pattern(r"^[A-Za-z0-9._-]{1,100}$"))] String);

/// A single word, e.g. "gs2" or "critical-minerals".
#[derive(Deserialize, JsonSchema)]
struct Tag(#[schemars(pattern(r"^\S+$"))] String);

/// Text that must not be empty.
#[derive(Deserialize, JsonSchema)]
struct Text(#[schemars(length(min = 1))] String);

/// A smriti deck, format 1. See docs/deck-format.md.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "smriti deck")]
struct DeckFile {
    /// This schema, for editors.
    #[serde(rename = "$schema", default)]
    schema: Option<String>,
    /// Always 1 for this version of the format.
    #[schemars(range(min = 1, max = 1))]
    format: u32,
    /// The deck's stable id; progress is stored under it.
    id: Id,
    /// Shown in the deck list.
    title: Text,
    /// Shown under the deck list (may be empty).
    description: String,
    #[serde(default)]
    tags: Vec<Tag>,
    /// The texts the cards come from.
    #[serde(default)]
    sources: Vec<Source>,
    cards: Vec<Card>,
}

/// A published text the cards come from.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Source {
    id: Id,
    title: Text,
    #[serde(default)]
    publisher: Option<Text>,
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    #[serde(default)]
    #[schemars(pattern(r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// One statement of a statements card.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Statement {
    text: Text,
    correct: bool,
}

/// One pair of a match card.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Pair {
    left: Text,
    right: Text,
    /// For "how-many" match cards: the wrong right-hand side to show.
    #[serde(default)]
    shown: Option<Text>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum StatementStyle {
    Which,
    HowMany,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum MatchStyle {
    HowMany,
    Codes,
}

/// The fields every card has, repeated in each kind (a flattened struct would hide them from
/// `additionalProperties: false`).
macro_rules! card_kinds {
    ($( $(#[$doc:meta])* $variant:ident { $($(#[$fattr:meta])* $field:ident : $ty:ty),* $(,)? } )*) => {
        /// One card; its `kind` decides which other fields it takes.
        #[derive(Deserialize, JsonSchema)]
        #[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
        enum Card {
            $(
                $(#[$doc])*
                $variant {
                    /// Unique in the deck and stable: progress is kept by it.
                    id: Id,
                    /// One or two lines of context, shown after the answer.
                    #[serde(default)]
                    explanation: Option<Text>,
                    #[serde(default)]
                    tags: Vec<Tag>,
                    /// The id of one of the deck's sources.
                    #[serde(default)]
                    source: Option<Id>,
                    $($(#[$fattr])* $field: $ty,)*
                },
            )*
        }

        /// Each kind's own fields, by kind name.
        pub(crate) fn kind_fields() -> Vec<(&'static str, Vec<&'static str>)> {
            vec![$( (stringify!($variant), vec![$(stringify!($field)),*]) ),*]
        }
    };
}

card_kinds! {
    /// A question and its answer.
    Basic {
        front: Text,
        back: Text,
        /// Also ask back → front, as a card of its own.
        #[serde(default)] reverse: Option<bool>,
        /// Wrong answers to offer in multiple choice.
        #[serde(default)] distractors: Option<Vec<Text>>,
    }
    /// One right option among 2 to 6.
    Mcq {
        question: Text,
        #[schemars(length(min = 2, max = 6))] options: Vec<Text>,
        /// Position of the right option, counting from 0.
        answer: u32,
        #[serde(default)] option_explanations: Option<Vec<Text>>,
        #[serde(default)] shuffle: Option<bool>,
    }
    /// Select all that apply.
    Multi {
        question: Text,
        #[schemars(length(min = 2, max = 6))] options: Vec<Text>,
        /// Positions of every right option, counting from 0.
        #[schemars(length(min = 1))] answers: Vec<u32>,
        #[serde(default)] shuffle: Option<bool>,
    }
    /// Text with deletions written {{answer}} or {{answer::hint}}.
    Cloze {
        #[schemars(pattern(r"\{\{.+?\}\}"))] text: String,
    }
    /// Type the answer; any of `accept` counts.
    Typed {
        question: Text,
        #[schemars(length(min = 1))] accept: Vec<Text>,
    }
    /// "Consider the following statements".
    Statements {
        #[serde(default)] question: Option<Text>,
        #[schemars(length(min = 2, max = 4))] statements: Vec<Statement>,
        #[serde(default)] style: Option<StatementStyle>,
    }
    /// Match the pairs.
    Match {
        #[serde(default)] question: Option<Text>,
        #[serde(default)] left_title: Option<Text>,
        #[serde(default)] right_title: Option<Text>,
        #[schemars(length(min = 2, max = 6))] pairs: Vec<Pair>,
        #[serde(default)] style: Option<MatchStyle>,
    }
}

/// The schema as pretty JSON with a trailing newline.
pub(crate) fn generate() -> String {
    let schema = schemars::schema_for!(DeckFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/deck.schema.json");

    #[test]
    fn the_committed_schema_is_up_to_date() {
        let fresh = generate();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(PATH, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == fresh,
            "schemas/deck.schema.json is out of date: run UPDATE_SCHEMA=1 cargo test deck_schema"
        );
    }

    #[test]
    fn each_kind_allows_exactly_the_fields_the_parser_allows() {
        for (kind, fields) in kind_fields() {
            let kind = kind.to_lowercase();
            let mut schema: Vec<&str> = fields;
            let mut parser: Vec<&str> = crate::store::deck_file::kind_fields(&kind).to_vec();
            schema.sort_unstable();
            parser.sort_unstable();
            assert_eq!(schema, parser, "{kind}");
        }
        assert_eq!(kind_fields().len(), 7);
    }

    #[test]
    fn shipped_decks_name_the_schema() {
        for (name, text) in crate::store::decks::built_in() {
            assert!(
                text.contains("\"$schema\": \"../schemas/deck.schema.json\""),
                "{name}"
            );
        }
    }
}
