//! The deck model: decks, cards of every kind, sources, and the study items a card yields.
//!
//! A card is what a deck author writes; an item is what gets scheduled. A `basic` card yields
//! one item, or two with `reverse`; a `cloze` card yields one item per deletion; every other
//! kind yields one. These types are already validated (see `store::deck_file`). Must not
//! depend on `store`/`tui`.

use std::fmt;

use super::answer_kind::AnswerKind;
pub use super::ids::{CardId, DeckId};

/// A published text a card's facts come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    pub date: Option<String>,
    pub url: Option<String>,
}

impl Source {
    /// "Title (Publisher, 2026-01-17)" with whatever parts are known.
    pub fn citation(&self) -> String {
        let extra: Vec<&str> = [self.publisher.as_deref(), self.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if extra.is_empty() {
            self.title.clone()
        } else {
            format!("{} ({})", self.title, extra.join(", "))
        }
    }
}

/// One part of a cloze text.
#[derive(Debug, Clone, PartialEq)]
pub enum ClozePart {
    Text(String),
    /// A deletion: the hidden answer and an optional hint (`{{answer::hint}}`).
    Gap {
        answer: String,
        hint: Option<String>,
    },
}

/// One statement of a "consider the following statements" question.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub text: String,
    pub correct: bool,
}

/// How a statements question asks for its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementStyle {
    /// "Which of the statements given above is/are correct?" with combination options.
    Which,
    /// "How many of the above statements are correct?" (Only one / Only two / …).
    HowMany,
}

/// One pair of a match question.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub left: String,
    pub right: String,
    /// In a "how many pairs are correctly matched" question, the (wrong) right-hand side the
    /// author wants shown for this pair.
    pub shown: Option<String>,
}

/// How a match question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchStyle {
    /// "How many of the pairs given above are correctly matched?"
    HowMany,
    /// List I / List II with coded options (A-2, B-4, …).
    Codes,
}

/// What a card asks.
#[derive(Debug, Clone, PartialEq)]
pub enum CardBody {
    /// A question and its answer; `reverse` also asks answer → question. `distractors` are
    /// wrong answers for asking it as multiple choice.
    Basic {
        front: String,
        back: String,
        reverse: bool,
        distractors: Vec<String>,
    },
    /// One right option among 2–6.
    Mcq {
        question: String,
        options: Vec<String>,
        answer: usize,
        /// Why each option is right or wrong (empty, or one per option).
        option_explanations: Vec<String>,
        shuffle: bool,
    },
    /// Select all that apply.
    Multi {
        question: String,
        options: Vec<String>,
        answers: Vec<usize>,
        shuffle: bool,
    },
    /// Text with deletions, each its own item.
    Cloze { parts: Vec<ClozePart> },
    /// A question answered by typing; any of `answers` is accepted.
    Typed {
        question: String,
        answers: Vec<String>,
    },
    /// UPSC "Consider the following statements".
    Statements {
        question: String,
        statements: Vec<Statement>,
        style: StatementStyle,
    },
    /// Match the pairs.
    Match {
        question: String,
        left_title: String,
        right_title: String,
        pairs: Vec<Pair>,
        style: MatchStyle,
    },
}

impl CardBody {
    /// The kind's name as written in deck files.
    pub fn kind(&self) -> &'static str {
        match self {
            CardBody::Basic { .. } => "basic",
            CardBody::Mcq { .. } => "mcq",
            CardBody::Multi { .. } => "multi",
            CardBody::Cloze { .. } => "cloze",
            CardBody::Typed { .. } => "typed",
            CardBody::Statements { .. } => "statements",
            CardBody::Match { .. } => "match",
        }
    }
}

/// One card as authored.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    pub body: CardBody,
    pub explanation: Option<String>,
    pub tags: Vec<String>,
    /// Id of one of the deck's sources.
    pub source: Option<String>,
    /// Cards that test the same fact share a group: they are never studied on the same day
    /// (buried like a card's own sides), and none gives its answer away as another's option.
    pub group: Option<String>,
    /// What the deck says about the card's answer (its kind, related cards, exclusions).
    pub answer: AnswerRules,
}

/// What a deck says about a card's answer, for building its options and marking it typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerRules {
    /// The answer's kind; inferred from the text when `None` (see `answer_kind::infer`).
    pub kind: Option<AnswerKind>,
    /// A finer class within the kind (`answer_class`, e.g. "japanese" for Japanese
    /// officials): wrong options come only from answers of the same class.
    pub class: Option<String>,
    /// Wrong answers written by hand for a typed or cloze card (a basic card keeps its own
    /// `distractors`).
    pub distractors: Vec<String>,
    /// Ids of cards whose answers must never be offered for this one (nor this one's for
    /// them): answers that are related in ways the sources do not state.
    pub not_with: Vec<String>,
    /// Texts never to offer as wrong options for this card.
    pub not_distractors: Vec<String>,
    /// For a cloze card: a gap's answer and the other forms accepted when it is typed.
    pub accept: Vec<(String, Vec<String>)>,
    /// For a cloze card: a gap's answer and wrong answers written for it by hand.
    pub gap_distractors: Vec<(String, Vec<String>)>,
}

/// A deck: metadata, sources and cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub cards: Vec<Card>,
    /// The kind of every answer whose card declares none, instead of inferring it.
    pub answer_kind: Option<AnswerKind>,
}

/// Which item of a card: its only/forward direction, the reverse, or a cloze deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Forward,
    Reverse,
    /// The n-th deletion (from 1).
    Cloze(u16),
}

/// The key of a study item within its deck: a card id and which of its items.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemKey {
    pub card: CardId,
    pub side: Side,
}

/// An item key that may borrow its card id, for looking items up in a map keyed by
/// [`ItemKey`] without building one: `items.get(&(card, side) as &dyn KeyRef)`. Counting a
/// 100,000-card collection's due cards would otherwise copy every card id.
pub trait KeyRef {
    fn card(&self) -> &str;
    fn side(&self) -> Side;
}

impl KeyRef for ItemKey {
    fn card(&self) -> &str {
        &self.card
    }
    fn side(&self) -> Side {
        self.side
    }
}

impl KeyRef for (&str, Side) {
    fn card(&self) -> &str {
        self.0
    }
    fn side(&self) -> Side {
        self.1
    }
}

impl<'a> std::borrow::Borrow<dyn KeyRef + 'a> for ItemKey {
    fn borrow(&self) -> &(dyn KeyRef + 'a) {
        self
    }
}

// `Borrow` requires an `ItemKey` and its borrowed form to hash and compare alike: both hash
// the card id and then the side.
impl std::hash::Hash for dyn KeyRef + '_ {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.card().hash(h);
        self.side().hash(h);
    }
}

impl std::hash::Hash for ItemKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self as &dyn KeyRef).hash(h);
    }
}

impl PartialEq for dyn KeyRef + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.card() == other.card() && self.side() == other.side()
    }
}

impl Eq for dyn KeyRef + '_ {}

impl ItemKey {
    pub fn forward(card: &str) -> ItemKey {
        ItemKey {
            card: card.into(),
            side: Side::Forward,
        }
    }

    /// The key as written in save files: `card`, `card:reverse` or `card:c2` (card ids never
    /// contain ':').
    pub fn parse(s: &str) -> ItemKey {
        let (card, side) = ItemKey::split(s);
        ItemKey {
            card: card.into(),
            side,
        }
    }

    /// [`ItemKey::parse`] without copying the card id: for looking the item up by a
    /// borrowed key ([`KeyRef`]).
    pub fn split(s: &str) -> (&str, Side) {
        match s.rsplit_once(':') {
            Some((card, "reverse")) => (card, Side::Reverse),
            Some((card, n)) if n.starts_with('c') => match n[1..].parse() {
                Ok(i) => (card, Side::Cloze(i)),
                Err(_) => (s, Side::Forward),
            },
            _ => (s, Side::Forward),
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ItemKey::shown(&self.card, self.side).fmt(f)
    }
}

impl ItemKey {
    /// The key of `card`'s `side` as an [`ItemKey`] shows it (`card`, `card:reverse`,
    /// `card:c2`), from a borrowed card id.
    pub fn shown(card: &str, side: Side) -> impl fmt::Display + '_ {
        struct Shown<'a>(&'a str, Side);
        impl fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.1 {
                    Side::Forward => f.write_str(self.0),
                    Side::Reverse => write!(f, "{}:reverse", self.0),
                    Side::Cloze(n) => write!(f, "{}:c{n}", self.0),
                }
            }
        }
        Shown(card, side)
    }
}

impl Card {
    /// The sides this card is studied from.
    pub fn sides(&self) -> Vec<Side> {
        Sides::of(self).list()
    }

    /// The plain question and answer of one item, for flashcard study and for lists.
    pub fn prompt(&self, side: Side) -> (String, String) {
        match (&self.body, side) {
            (CardBody::Basic { back, front, .. }, Side::Reverse) => (back.clone(), front.clone()),
            (CardBody::Basic { front, back, .. }, _) => (front.clone(), back.clone()),
            (CardBody::Cloze { parts }, Side::Cloze(n)) => cloze_prompt(parts, n),
            (CardBody::Cloze { parts }, _) => cloze_prompt(parts, 1),
            (CardBody::Typed { question, answers }, _) => (question.clone(), answers.join(" / ")),
            (
                CardBody::Mcq {
                    question,
                    options,
                    answer,
                    ..
                },
                _,
            ) => (
                question.clone(),
                options.get(*answer).cloned().unwrap_or_default(),
            ),
            (
                CardBody::Multi {
                    question,
                    options,
                    answers,
                    ..
                },
                _,
            ) => (
                question.clone(),
                answers
                    .iter()
                    .filter_map(|i| options.get(*i).cloned())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                CardBody::Statements {
                    question,
                    statements,
                    ..
                },
                _,
            ) => (
                question.clone(),
                statements
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        format!(
                            "{} {}",
                            i + 1,
                            if s.correct { "correct" } else { "incorrect" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                CardBody::Match {
                    question, pairs, ..
                },
                _,
            ) => (
                question.clone(),
                pairs
                    .iter()
                    .map(|p| format!("{} – {}", p.left, p.right))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }
}

/// The text of a cloze card with deletion `n` hidden as "[…]" (or "[hint]") and the others
/// shown, and the hidden answer.
pub fn cloze_prompt(parts: &[ClozePart], n: u16) -> (String, String) {
    let mut question = String::new();
    let mut answer = String::new();
    let mut i = 0;
    for p in parts {
        match p {
            ClozePart::Text(t) => question.push_str(t),
            ClozePart::Gap { answer: a, hint } => {
                i += 1;
                if i == n {
                    question.push_str(&format!("[{}]", hint.as_deref().unwrap_or("…")));
                    answer = a.clone();
                } else {
                    question.push_str(a);
                }
            }
        }
    }
    (question, answer)
}

/// Which sides a card is studied from, compactly: what scheduling needs of a card besides
/// its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    /// One item (the card's only or forward direction).
    Forward,
    /// Forward and reverse.
    Both,
    /// One item per deletion, `Cloze(n)` for n deletions.
    Cloze(u16),
}

impl Sides {
    pub fn of(card: &Card) -> Sides {
        match &card.body {
            CardBody::Basic { reverse: true, .. } => Sides::Both,
            CardBody::Cloze { parts } => Sides::Cloze(
                parts
                    .iter()
                    .filter(|p| matches!(p, ClozePart::Gap { .. }))
                    .count()
                    .min(usize::from(u16::MAX)) as u16,
            ),
            _ => Sides::Forward,
        }
    }

    /// The sides, in study order.
    pub fn list(self) -> Vec<Side> {
        self.iter().collect()
    }

    /// The sides, in study order, without allocating.
    pub fn iter(self) -> impl Iterator<Item = Side> + Clone {
        let (forward, reverse, gaps) = match self {
            Sides::Forward => (true, false, 0),
            Sides::Both => (true, true, 0),
            Sides::Cloze(n) => (false, false, n),
        };
        forward
            .then_some(Side::Forward)
            .into_iter()
            .chain(reverse.then_some(Side::Reverse))
            .chain((1..=gaps).map(Side::Cloze))
    }

    /// Number of items.
    pub fn len(self) -> usize {
        match self {
            Sides::Forward => 1,
            Sides::Both => 2,
            Sides::Cloze(n) => usize::from(n),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl Deck {
    /// The deck's groups of two or more cards, each as card indices in deck order, ordered by
    /// their first card.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let mut by_name: std::collections::HashMap<&str, usize> = Default::default();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, c) in self.cards.iter().enumerate() {
            if let Some(g) = c.group.as_deref() {
                let at = *by_name.entry(g).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[at].push(i);
            }
        }
        groups.retain(|g| g.len() > 1);
        groups
    }

    /// Every study item of the deck, in deck order.
    pub fn items(&self) -> impl Iterator<Item = ItemKey> + '_ {
        self.cards.iter().flat_map(|c| {
            c.sides().into_iter().map(|side| ItemKey {
                card: c.id.clone(),
                side,
            })
        })
    }

    /// Number of study items.
    pub fn item_count(&self) -> usize {
        self.cards.iter().map(|c| c.sides().len()).sum()
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_found_by_a_borrowed_key() {
        let keys = ["a", "a:reverse", "b:c1", "b:c12", "ab", "a:c1"].map(ItemKey::parse);
        let map: std::collections::HashMap<ItemKey, usize> =
            keys.iter().cloned().zip(0..).collect();
        for (i, k) in keys.iter().enumerate() {
            let borrowed = (k.card.as_str(), k.side);
            assert_eq!(map.get(&borrowed as &dyn KeyRef), Some(&i), "{k}");
        }
        for missing in [
            ("a", Side::Cloze(2)),
            ("b", Side::Forward),
            ("", Side::Forward),
        ] {
            assert_eq!(map.get(&missing as &dyn KeyRef), None);
        }
        // The same sides either way.
        for s in [
            Sides::Forward,
            Sides::Both,
            Sides::Cloze(0),
            Sides::Cloze(3),
        ] {
            assert_eq!(s.iter().count(), s.len());
            assert_eq!(s.list(), s.iter().collect::<Vec<_>>());
        }
        assert_eq!(Sides::Cloze(2).list(), [Side::Cloze(1), Side::Cloze(2)]);
    }

    fn card(id: &str, body: CardBody) -> Card {
        Card {
            answer: Default::default(),
            id: id.into(),
            body,
            explanation: None,
            tags: vec![],
            source: None,
            group: None,
        }
    }

    fn basic(front: &str, back: &str, reverse: bool) -> CardBody {
        CardBody::Basic {
            front: front.into(),
            back: back.into(),
            reverse,
            distractors: vec![],
        }
    }

    #[test]
    fn item_keys_round_trip_through_text() {
        for side in [
            Side::Forward,
            Side::Reverse,
            Side::Cloze(1),
            Side::Cloze(12),
        ] {
            let k = ItemKey {
                card: "a-1.x".into(),
                side,
            };
            assert_eq!(ItemKey::parse(&k.to_string()), k);
        }
    }

    #[test]
    fn cards_yield_their_items() {
        let cloze = CardBody::Cloze {
            parts: vec![
                ClozePart::Text("Japan pledged ".into()),
                ClozePart::Gap {
                    answer: "$67.9 billion".into(),
                    hint: Some("amount".into()),
                },
                ClozePart::Text(" over ".into()),
                ClozePart::Gap {
                    answer: "10 years".into(),
                    hint: None,
                },
            ],
        };
        let deck = Deck {
            answer_kind: None,
            id: "d".into(),
            title: "t".into(),
            description: String::new(),
            tags: vec![],
            sources: vec![],
            cards: vec![
                card("a", basic("f", "b", false)),
                card("b", basic("f", "b", true)),
                card("z", cloze),
            ],
        };
        let keys: Vec<String> = deck.items().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["a", "b", "b:reverse", "z:c1", "z:c2"]);
        assert_eq!(deck.item_count(), 5);
        assert_eq!(deck.cards[1].prompt(Side::Reverse).0, "b");
        assert_eq!(
            deck.cards[2].prompt(Side::Cloze(1)),
            (
                "Japan pledged [amount] over 10 years".to_owned(),
                "$67.9 billion".to_owned()
            )
        );
        assert_eq!(
            deck.cards[2].prompt(Side::Cloze(2)).0,
            "Japan pledged $67.9 billion over […]"
        );
    }
}
