//! The deck file format (version 1), defined once: these types are what `deck_file` reads
//! (serde), what `deck_write` writes (serde) and what `schemas/deck.schema.json` says
//! (schemars). One struct per card kind, tagged by `kind`, so a field belongs to a kind because
//! it is in that kind's struct, and nothing else has to agree with it.
//!
//! These are the file's shapes, not the domain's: text is as written (untrimmed), defaults are
//! not yet applied, and rules serde cannot express (non-empty text, answers among the options,
//! known sources) are checked when `deck_validate` turns them into `domain::deck` types.
//! No I/O here.

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The newest deck format this build understands.
pub const FORMAT: u32 = 1;

/// A stable id: letters, digits, '-', '_' and '.'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Id(#[schemars(pattern(r"^[A-Za-z0-9._-]{1,100}$"))] pub String);

/// A single word, e.g. "gs2" or "critical-minerals".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tag(#[schemars(pattern(r"^\S+$"))] pub String);

/// Text that must not be empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text(#[schemars(length(min = 1))] pub String);

// `C` is how cards are held: `CardFile` once read, or the raw text of each card while
// `deck_file` reads them one by one (to report every card's problems with their positions).
/// A smriti deck, format 1. See docs/deck-format.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "smriti deck")]
pub struct DeckFile<C = CardFile> {
    /// This schema, for editors.
    #[serde(
        rename = "$schema",
        default,
        deserialize_with = "any_schema",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema: Option<String>,
    /// Always 1 for this version of the format.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// The deck's stable id; progress is stored under it.
    pub id: Id,
    /// Shown in the deck list.
    pub title: Text,
    /// Shown under the deck list (may be empty).
    pub description: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// The texts the cards come from.
    #[serde(default, deserialize_with = "objects")]
    pub sources: Vec<SourceFile>,
    /// The kind of every answer whose card declares none (instead of inferring it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_kind: Option<AnswerKindName>,
    pub cards: Vec<C>,
}

/// What sort of thing an answer is; wrong options come only from answers of the same kind.
/// See docs/deck-format.md, "Answer kinds".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AnswerKindName {
    Person,
    City,
    State,
    Country,
    #[serde(alias = "organization", alias = "ministry", alias = "company")]
    Organisation,
    Date,
    Year,
    Amount,
    Number,
    Percentage,
    #[serde(alias = "agreement")]
    Document,
    #[serde(alias = "initiative", alias = "program")]
    Programme,
    #[serde(alias = "field")]
    Sector,
    Quotation,
    List,
    Acronym,
    Text,
}

impl AnswerKindName {
    /// The domain's kind of this name.
    pub fn kind(self) -> crate::domain::answer_kind::AnswerKind {
        use crate::domain::answer_kind::{AnswerKind as K, PlaceLevel as P};
        match self {
            AnswerKindName::Person => K::Person,
            AnswerKindName::City => K::Place(P::City),
            AnswerKindName::State => K::Place(P::State),
            AnswerKindName::Country => K::Place(P::Country),
            AnswerKindName::Organisation => K::Organisation,
            AnswerKindName::Date => K::Date,
            AnswerKindName::Year => K::Year,
            AnswerKindName::Amount => K::Amount,
            AnswerKindName::Number => K::Number,
            AnswerKindName::Percentage => K::Percentage,
            AnswerKindName::Document => K::Document,
            AnswerKindName::Programme => K::Programme,
            AnswerKindName::Sector => K::Sector,
            AnswerKindName::Quotation => K::Quotation,
            AnswerKindName::List => K::List,
            AnswerKindName::Acronym => K::Acronym,
            AnswerKindName::Text => K::Text,
        }
    }

    /// The name of a domain kind.
    pub fn of(kind: crate::domain::answer_kind::AnswerKind) -> AnswerKindName {
        use crate::domain::answer_kind::{AnswerKind as K, PlaceLevel as P};
        match kind {
            K::Person => AnswerKindName::Person,
            K::Place(P::City) => AnswerKindName::City,
            K::Place(P::State) => AnswerKindName::State,
            K::Place(P::Country) => AnswerKindName::Country,
            K::Organisation => AnswerKindName::Organisation,
            K::Date => AnswerKindName::Date,
            K::Year => AnswerKindName::Year,
            K::Amount => AnswerKindName::Amount,
            K::Number => AnswerKindName::Number,
            K::Percentage => AnswerKindName::Percentage,
            K::Document => AnswerKindName::Document,
            K::Programme => AnswerKindName::Programme,
            K::Sector => AnswerKindName::Sector,
            K::Quotation => AnswerKindName::Quotation,
            K::List => AnswerKindName::List,
            K::Acronym => AnswerKindName::Acronym,
            K::Text => AnswerKindName::Text,
        }
    }
}

/// Per gap of a cloze card (keyed by the gap's answer as written): a list of texts.
pub type PerGap = std::collections::BTreeMap<String, Vec<Text>>;

/// A published text the cards come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub struct SourceFile {
    pub id: Id,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Text>,
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One statement of a statements card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub text: Text,
    pub correct: bool,
}

/// One pair of a match card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub left: Text,
    pub right: Text,
    /// For "how-many" match cards: the wrong right-hand side to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<Text>,
}

/// How a statements card asks: which statements are correct, or how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StatementStyle {
    Which,
    HowMany,
}

/// How a match card asks: how many pairs are right, or List I / List II with codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MatchStyle {
    HowMany,
    Codes,
}

/// Declares one struct per card kind, each with the fields every card has (`id` first;
/// `explanation`, `tags` and `source` last), and the `CardFile` enum tagged by `kind`. The
/// common fields are repeated in each struct rather than flattened, because a flattened struct
/// would hide them from the schema's `additionalProperties: false` and from serde's
/// `deny_unknown_fields`.
macro_rules! card_kinds {
    ($(
        $(#[$doc:meta])*
        $kind:ident($name:ident) {
            $( $(#[$fattr:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $name {
                /// Unique in the deck and stable: progress is kept by it.
                pub id: Id,
                $( $(#[$fattr])* pub $field: $ty, )*
                /// One or two lines of context, shown after the answer.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub explanation: Option<Text>,
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub tags: Vec<Tag>,
                /// The id of one of the deck's sources.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub source: Option<Id>,
                /// Cards that test the same fact share a group: never studied on the same day,
                /// never offering each other's answers as options.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub group: Option<Id>,
            }
        )*

        /// One card; its `kind` decides which other fields it takes.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(tag = "kind", rename_all = "lowercase")]
        #[schemars(rename = "Card")]
        pub enum CardFile {
            $( $(#[$doc])* $kind($name), )*
        }

        /// A card's kind, as written in its `kind` field.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Kind {
            $( $kind, )*
        }

        impl Kind {
            /// Every kind, in the documented order.
            pub const ALL: &[Kind] = &[$( Kind::$kind ),*];

            /// The JSON Schema of this kind's struct (without `kind`).
            fn schema(self) -> schemars::Schema {
                match self {
                    $( Kind::$kind => schemars::schema_for!($name), )*
                }
            }
        }

        impl CardFile {
            /// The fields every card has.
            pub fn common(&self) -> Common<'_> {
                match self {
                    $( CardFile::$kind(c) => Common {
                        id: &c.id.0,
                        explanation: c.explanation.as_ref().map(|t| t.0.as_str()),
                        tags: &c.tags,
                        source: c.source.as_ref().map(|s| s.0.as_str()),
                        group: c.group.as_ref().map(|s| s.0.as_str()),
                    }, )*
                }
            }
        }
    };
}

card_kinds! {
    /// A question and its answer.
    Basic(BasicCard) {
        front: Text,
        back: Text,
        /// Also ask back → front, as a card of its own.
        #[serde(default, skip_serializing_if = "Option::is_none")] reverse: Option<bool>,
        /// Wrong answers to offer in multiple choice.
        #[serde(default, skip_serializing_if = "Option::is_none")] distractors: Option<Vec<Text>>,
        /// The answer's kind (inferred when left out).
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_kind: Option<AnswerKindName>,
        /// A finer class within the kind ("japanese" for Japanese officials): wrong options come
        /// only from answers of the same class.
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_class: Option<Id>,
        /// Cards whose answers are never offered as this card's options, nor this card's as theirs.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_with: Option<Vec<Id>>,
        /// Texts never offered as wrong options for this card.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_distractors: Option<Vec<Text>>,
    }
    /// One right option among 2 to 6.
    Mcq(McqCard) {
        question: Text,
        #[schemars(length(min = 2, max = 6))] options: Vec<Text>,
        /// Position of the right option, counting from 0.
        answer: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")] option_explanations: Option<Vec<Text>>,
        #[serde(default, skip_serializing_if = "Option::is_none")] shuffle: Option<bool>,
    }
    /// Select all that apply.
    Multi(MultiCard) {
        question: Text,
        #[schemars(length(min = 2, max = 6))] options: Vec<Text>,
        /// Positions of every right option, counting from 0.
        #[schemars(length(min = 1))] answers: Vec<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")] shuffle: Option<bool>,
    }
    /// Text with deletions written {{answer}} or {{answer::hint}}.
    Cloze(ClozeCard) {
        #[schemars(pattern(r"\{\{.+?\}\}"))] text: String,
        /// Per gap (keyed by its answer): other forms accepted when it is typed.
        #[serde(default, skip_serializing_if = "Option::is_none")] accept: Option<PerGap>,
        /// Per gap (keyed by its answer): wrong answers to offer in multiple choice.
        #[serde(default, skip_serializing_if = "Option::is_none")] distractors: Option<PerGap>,
        /// The answer's kind (inferred when left out).
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_kind: Option<AnswerKindName>,
        /// A finer class within the kind ("japanese" for Japanese officials): wrong options come
        /// only from answers of the same class.
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_class: Option<Id>,
        /// Cards whose answers are never offered as this card's options, nor this card's as theirs.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_with: Option<Vec<Id>>,
        /// Texts never offered as wrong options for this card.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_distractors: Option<Vec<Text>>,
    }
    /// Type the answer; any of `accept` counts.
    Typed(TypedCard) {
        question: Text,
        #[schemars(length(min = 1))] accept: Vec<Text>,
        /// Wrong answers to offer in multiple choice.
        #[serde(default, skip_serializing_if = "Option::is_none")] distractors: Option<Vec<Text>>,
        /// The answer's kind (inferred when left out).
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_kind: Option<AnswerKindName>,
        /// A finer class within the kind ("japanese" for Japanese officials): wrong options come
        /// only from answers of the same class.
        #[serde(default, skip_serializing_if = "Option::is_none")] answer_class: Option<Id>,
        /// Cards whose answers are never offered as this card's options, nor this card's as theirs.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_with: Option<Vec<Id>>,
        /// Texts never offered as wrong options for this card.
        #[serde(default, skip_serializing_if = "Option::is_none")] not_distractors: Option<Vec<Text>>,
    }
    /// "Consider the following statements".
    Statements(StatementsCard) {
        #[serde(default, skip_serializing_if = "Option::is_none")] question: Option<Text>,
        #[schemars(length(min = 2, max = 4))]
        #[serde(deserialize_with = "objects")]
        statements: Vec<Statement>,
        #[serde(default, skip_serializing_if = "Option::is_none")] style: Option<StatementStyle>,
    }
    /// Match the pairs.
    Match(MatchCard) {
        #[serde(default, skip_serializing_if = "Option::is_none")] style: Option<MatchStyle>,
        #[serde(default, skip_serializing_if = "Option::is_none")] question: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")] left_title: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")] right_title: Option<Text>,
        #[schemars(length(min = 2, max = 6))]
        #[serde(deserialize_with = "objects")]
        pairs: Vec<Pair>,
    }
}

/// The fields every card has, borrowed from whichever kind it is.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    pub id: &'a str,
    pub explanation: Option<&'a str>,
    pub tags: &'a [Tag],
    pub source: Option<&'a str>,
    pub group: Option<&'a str>,
}

/// What a kind's struct says about its fields, read from its JSON Schema once.
#[derive(Debug)]
pub struct KindFields {
    /// Every field the kind allows, `kind` included, in declaration order.
    pub allowed: Vec<String>,
    /// The fields it cannot do without (`kind` excluded).
    pub required: Vec<String>,
}

/// Fields each card has whatever its kind (listed after the kind's own in hints).
pub const COMMON_FIELDS: &[&str] = &["id", "kind", "explanation", "tags", "source", "group"];

impl Kind {
    /// The kind's name as written in deck files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Basic => "basic",
            Kind::Mcq => "mcq",
            Kind::Multi => "multi",
            Kind::Cloze => "cloze",
            Kind::Typed => "typed",
            Kind::Statements => "statements",
            Kind::Match => "match",
        }
    }

    /// "a basic card", "an mcq card".
    pub fn a_card(self) -> String {
        let article = if self == Kind::Mcq { "an" } else { "a" };
        format!("{article} {} card", self.name())
    }

    /// The fields this kind allows and requires.
    pub fn fields(self) -> &'static KindFields {
        static FIELDS: LazyLock<Vec<(Kind, KindFields)>> = LazyLock::new(|| {
            Kind::ALL
                .iter()
                .map(|&k| (k, fields_of(&k.schema())))
                .collect()
        });
        // Every kind is in the table, built from `Kind::ALL`.
        let i = Kind::ALL.iter().position(|k| *k == self).unwrap_or(0);
        &FIELDS[i].1
    }

    /// The fields this kind takes besides the common ones, in declaration order.
    pub fn own_fields(self) -> impl Iterator<Item = &'static str> {
        self.fields()
            .allowed
            .iter()
            .map(String::as_str)
            .filter(|f| !COMMON_FIELDS.contains(f))
    }
}

fn fields_of(schema: &schemars::Schema) -> KindFields {
    let names = |key: &str| -> Vec<String> {
        match schema.get(key) {
            Some(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut allowed = names("properties");
    allowed.insert(1.min(allowed.len()), "kind".into());
    KindFields {
        allowed,
        required: names("required"),
    }
}

/// The schema of the whole format as pretty JSON with a trailing newline: what
/// `schemas/deck.schema.json` holds and `smriti new` writes beside new decks.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(DeckFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// `$schema` is for editors: any value is accepted (and kept only when it is text).
fn any_schema<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any value")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(s.to_owned()))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
            serde::de::IgnoredAny.visit_seq(a).map(|_| None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
            serde::de::IgnoredAny.visit_map(a).map(|_| None)
        }
    }
    d.deserialize_any(V)
}

/// A list of objects. (serde would otherwise also build a struct from an array of its fields
/// in order, which no deck author means.)
fn objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Vec::<Obj<T>>::deserialize(d)?
        .into_iter()
        .map(|Obj(t)| t)
        .collect())
}

/// Accepts `T` only from a JSON object.
pub struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object { … }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData)).map(Obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/deck.schema.json");

    #[test]
    fn the_committed_schema_is_the_one_the_types_generate() {
        let fresh = schema_json();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(PATH, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == fresh,
            "schemas/deck.schema.json is out of date: run UPDATE_SCHEMA=1 cargo test --lib deck_model"
        );
    }

    #[test]
    fn kinds_know_their_fields() {
        let mcq = Kind::Mcq.fields();
        assert_eq!(
            mcq.allowed,
            [
                "id",
                "kind",
                "question",
                "options",
                "answer",
                "option_explanations",
                "shuffle",
                "explanation",
                "tags",
                "source",
                "group"
            ]
        );
        assert_eq!(mcq.required, ["id", "question", "options", "answer"]);
        assert_eq!(Kind::Statements.fields().required, ["id", "statements"]);
        assert_eq!(
            Kind::Basic.own_fields().collect::<Vec<_>>(),
            [
                "front",
                "back",
                "reverse",
                "distractors",
                "answer_kind",
                "answer_class",
                "not_with",
                "not_distractors"
            ]
        );
        for k in Kind::ALL {
            let f = k.fields();
            for c in COMMON_FIELDS {
                assert!(f.allowed.iter().any(|a| a == c), "{k:?} lacks {c}");
            }
        }
    }

    #[test]
    fn the_tag_of_each_kind_is_its_name() {
        for k in Kind::ALL {
            let kind: Kind = serde_json::from_value(serde_json::json!(k.name())).unwrap();
            assert_eq!(kind, *k);
        }
        let card = CardFile::Cloze(ClozeCard {
            id: Id("c".into()),
            text: "{{x}}".into(),
            accept: None,
            distractors: None,
            answer_kind: None,
            answer_class: None,
            not_with: None,
            not_distractors: None,
            explanation: None,
            tags: vec![],
            source: None,
            group: None,
        });
        let v = serde_json::to_value(&card).unwrap();
        assert_eq!(v["kind"], "cloze");
        assert_eq!(serde_json::from_value::<CardFile>(v).unwrap(), card);
    }
}
