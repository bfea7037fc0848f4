//! The deck model: decks, cards, sources, and the study items a card yields.
//!
//! A card is what a deck author writes; an item is what gets scheduled. A `basic` card yields
//! one item, or two with `reverse` (front→back and back→front, each with its own schedule).
//! These types are already validated (see `store::deck_file`). Must not depend on `store`/`tui`.

use serde::{Deserialize, Serialize};
use std::fmt;

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

/// What a card asks. New kinds (mcq, cloze, …) become new variants.
#[derive(Debug, Clone, PartialEq)]
pub enum CardBody {
    /// A question and its answer; `reverse` also asks answer → question.
    Basic {
        front: String,
        back: String,
        reverse: bool,
    },
}

/// One card as authored.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    pub body: CardBody,
    pub explanation: Option<String>,
    pub tags: Vec<String>,
    /// Id of one of the deck's sources.
    pub source: Option<String>,
}

/// A deck: metadata, sources and cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub cards: Vec<Card>,
}

/// Which direction of a card is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Forward,
    Reverse,
}

/// The key of a study item within its deck: a card id and a direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub card: String,
    pub side: Side,
}

impl ItemKey {
    pub fn forward(card: &str) -> ItemKey {
        ItemKey {
            card: card.to_owned(),
            side: Side::Forward,
        }
    }

    /// The key as written in save files: `card` or `card:reverse` (card ids never contain ':').
    pub fn parse(s: &str) -> ItemKey {
        match s.strip_suffix(":reverse") {
            Some(card) => ItemKey {
                card: card.to_owned(),
                side: Side::Reverse,
            },
            None => ItemKey::forward(s),
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.side {
            Side::Forward => f.write_str(&self.card),
            Side::Reverse => write!(f, "{}:reverse", self.card),
        }
    }
}

/// The question and answer of one item, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt<'a> {
    pub question: &'a str,
    pub answer: &'a str,
    pub side: Side,
}

impl Deck {
    /// Every study item of the deck, in deck order.
    pub fn items(&self) -> impl Iterator<Item = ItemKey> + '_ {
        self.cards.iter().flat_map(|c| {
            let CardBody::Basic { reverse, .. } = &c.body;
            let fwd = std::iter::once(ItemKey::forward(&c.id));
            let rev = reverse.then(|| ItemKey {
                card: c.id.clone(),
                side: Side::Reverse,
            });
            fwd.chain(rev)
        })
    }

    /// Number of study items.
    pub fn item_count(&self) -> usize {
        self.cards
            .iter()
            .map(|c| match &c.body {
                CardBody::Basic { reverse, .. } => 1 + usize::from(*reverse),
            })
            .sum()
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

impl Card {
    /// The question and answer for one direction.
    pub fn prompt(&self, side: Side) -> Prompt<'_> {
        let CardBody::Basic { front, back, .. } = &self.body;
        match side {
            Side::Forward => Prompt {
                question: front,
                answer: back,
                side,
            },
            Side::Reverse => Prompt {
                question: back,
                answer: front,
                side,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_keys_round_trip_through_text() {
        for k in [
            ItemKey::forward("a-1"),
            ItemKey {
                card: "a-1".into(),
                side: Side::Reverse,
            },
        ] {
            assert_eq!(ItemKey::parse(&k.to_string()), k);
        }
    }

    #[test]
    fn reverse_cards_yield_two_items() {
        let card = |id: &str, reverse| Card {
            id: id.into(),
            body: CardBody::Basic {
                front: "f".into(),
                back: "b".into(),
                reverse,
            },
            explanation: None,
            tags: vec![],
            source: None,
        };
        let deck = Deck {
            id: "d".into(),
            title: "t".into(),
            description: String::new(),
            tags: vec![],
            sources: vec![],
            cards: vec![card("a", false), card("b", true)],
        };
        let keys: Vec<String> = deck.items().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["a", "b", "b:reverse"]);
        assert_eq!(deck.item_count(), 3);
        assert_eq!(deck.cards[1].prompt(Side::Reverse).question, "b");
    }
}
