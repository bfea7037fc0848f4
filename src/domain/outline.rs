//! A deck's outline: what scheduling, the statistics and the choice of a mock test's
//! questions need of a deck without its texts (its id, each card's id and sides, its groups
//! and their names, its cards' tags, and how each card can be asked in a mock test). The deck
//! list, the statistics, `exam-mode` and the mock test's setup work from outlines kept in the
//! deck index, so that a deck's texts are read only when it is opened, or when a test asks one
//! of its cards. Pure; must not depend on `store`/`tui`.

use super::deck::{Deck, Side, Sides};
use super::ids::{CardId, DeckId};

/// What scheduling needs of a deck: its id and each card's id and sides, in deck order, with
/// its groups and its cards' tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub id: DeckId,
    pub cards: Vec<(CardId, Sides)>,
    /// Related cards: each entry lists the indices (into `cards`) of two or more cards of one
    /// group, in deck order. Empty for a deck that declares no groups.
    pub groups: Vec<Vec<usize>>,
    /// Each tag of the cards with the indices (into `cards`) of the cards that carry it, in
    /// deck order; tags in name order (see `Deck::card_tags`). Kept inverted, tag by tag, so
    /// that 100,000 cards with a tag each cost 400 KB, not a list per card.
    pub tags: Vec<(String, Vec<u32>)>,
    /// Each group name of the deck's cards with the indices (into `cards`) of its cards, every
    /// group however small, in order of first card. A group name is global across the decks
    /// loaded: a card of another deck with the same group tests the same fact, so the two are
    /// buried like siblings and a mock test asks one of them.
    pub group_names: Vec<(String, Vec<u32>)>,
    /// How each card (by index into `cards`) can be asked in a mock test, worked out when the
    /// deck index's entry is made (see `mock_draw::asked`); empty when not known (an outline
    /// made from a deck in memory: the draw then works it out from the deck).
    pub asked: Vec<Asked>,
}

/// How a card can be asked in a mock test (its first item, as multiple choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// An exam kind (mcq, multi, statements, match): always a question, with its own options.
    Exam,
    /// A fact whose item has three good wrong options: a four-option question.
    Choice,
    /// A fact without three good wrong options: not a test question.
    NoChoice,
}

impl Asked {
    /// The letter the deck index writes.
    pub fn code(self) -> char {
        match self {
            Asked::Exam => 'e',
            Asked::Choice => 'c',
            Asked::NoChoice => 'n',
        }
    }

    pub fn from_code(c: char) -> Option<Asked> {
        match c {
            'e' => Some(Asked::Exam),
            'c' => Some(Asked::Choice),
            'n' => Some(Asked::NoChoice),
            _ => None,
        }
    }
}

impl Outline {
    /// Number of study items.
    pub fn item_count(&self) -> usize {
        self.cards.iter().map(|(_, s)| s.len()).sum()
    }

    /// Every study item, in deck order, as a borrowed card id and a side.
    pub fn items(&self) -> impl Iterator<Item = (&str, Side)> + '_ {
        self.cards
            .iter()
            .flat_map(|(card, sides)| sides.iter().map(move |side| (card.as_str(), side)))
    }

    /// Each tagged card's id with its tags, tag by tag (a card with two tags comes twice).
    pub fn tagged_cards(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.tags.iter().flat_map(move |(tag, cards)| {
            cards.iter().filter_map(move |&i| {
                self.cards
                    .get(i as usize)
                    .map(|(id, _)| (id.as_str(), tag.as_str()))
            })
        })
    }
}

impl Deck {
    /// The deck's outline (ids and sides of its cards, and its groups).
    pub fn outline(&self) -> Outline {
        Outline {
            id: self.id.clone(),
            cards: self
                .cards
                .iter()
                .map(|c| (c.id.clone(), Sides::of(c)))
                .collect(),
            groups: self.groups(),
            tags: self.card_tags(),
            group_names: self.group_names(),
            asked: Vec::new(),
        }
    }

    /// Each group name of the deck's cards with the indices of its cards (see
    /// [`Outline::group_names`]).
    pub fn group_names(&self) -> Vec<(String, Vec<u32>)> {
        let mut at: std::collections::HashMap<&str, usize> = Default::default();
        let mut out: Vec<(String, Vec<u32>)> = Vec::new();
        for (i, c) in self.cards.iter().enumerate() {
            if let Some(g) = c.group.as_deref() {
                let k = *at.entry(g).or_insert_with(|| {
                    out.push((g.to_owned(), Vec::new()));
                    out.len() - 1
                });
                out[k].1.push(i as u32);
            }
        }
        out
    }

    /// Each tag of the deck's cards with the indices (into `cards`) of the cards that carry
    /// it, in deck order; the tags in name order.
    pub fn card_tags(&self) -> Vec<(String, Vec<u32>)> {
        let mut by_tag: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for (i, c) in self.cards.iter().enumerate() {
            for t in &c.tags {
                let cards = by_tag.entry(t.as_str()).or_default();
                // A tag given twice on one card counts once, as a card's tags are a set.
                if cards.last() != Some(&(i as u32)) {
                    cards.push(i as u32);
                }
            }
        }
        by_tag.into_iter().map(|(t, c)| (t.to_owned(), c)).collect()
    }
}
