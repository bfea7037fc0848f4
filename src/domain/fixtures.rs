//! Decks for the domain's own tests: a card of a given body and tags, a basic body, and a
//! deck of given cards, every other field empty, so that each test names only what it is
//! about. Test-only; depends on nothing outside `domain`.

use super::deck::{Card, CardBody, Deck};

/// A card `id` with `body` and `tags`: no explanation, source or group.
pub fn card(id: &str, body: CardBody, tags: &[&str]) -> Card {
    Card {
        answer: Default::default(),
        id: id.into(),
        body,
        explanation: None,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        source: None,
        group: None,
    }
}

/// A basic card's body, one way, with no hand-written wrong options.
pub fn basic(front: &str, back: &str) -> CardBody {
    CardBody::Basic {
        front: front.into(),
        back: back.into(),
        reverse: false,
        distractors: vec![],
    }
}

/// Deck `id` (titled `id` too) of `cards`: no description, tags or sources.
pub fn deck(id: &str, cards: Vec<Card>) -> Deck {
    Deck {
        answer_kind: None,
        id: id.into(),
        title: id.to_uppercase(),
        description: String::new(),
        tags: vec![],
        sources: vec![],
        cards,
    }
}
