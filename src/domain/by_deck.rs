//! Per-deck slots for folds over a log (`replay::Replay`, `aggregates::Fold`): the decks in
//! a list in order of first use, found through a map with a fast hasher, the last one found
//! tried first (a log's answers come in runs of one deck: a session answers one deck), so a
//! million answers cost a million comparisons of one id, not a million hash look-ups. Pure;
//! depends on nothing outside `std` and `hashbrown`.

use std::borrow::Borrow;
use std::hash::Hash;

/// Each deck's value, made at its first use (see the module's documentation).
#[derive(Debug, Clone)]
pub struct ByDeck<K, V> {
    slots: Vec<(K, V)>,
    index: hashbrown::HashMap<K, usize>,
    last: usize,
}

impl<K, V> Default for ByDeck<K, V> {
    fn default() -> Self {
        ByDeck {
            slots: Vec::new(),
            index: hashbrown::HashMap::default(),
            last: 0,
        }
    }
}

impl<K: Hash + Eq + Clone, V: Default> ByDeck<K, V> {
    /// The value of `deck`, a default one made (and its key with `make`) at its first use.
    pub fn get_or_default<Q>(&mut self, deck: &Q, make: impl FnOnce(&Q) -> K) -> &mut V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hit = self
            .slots
            .get(self.last)
            .is_some_and(|(id, _)| id.borrow() == deck);
        if !hit {
            self.last = match self.index.get(deck) {
                Some(&i) => i,
                None => {
                    let key = make(deck);
                    self.slots.push((key.clone(), V::default()));
                    self.index.insert(key, self.slots.len() - 1);
                    self.slots.len() - 1
                }
            };
        }
        let last = self.last;
        &mut self.slots[last].1
    }

    /// Every deck with its value, in order of first use.
    pub fn into_vec(self) -> Vec<(K, V)> {
        self.slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_deck_keeps_its_own_value_in_order_of_first_use() {
        let mut by: ByDeck<Box<str>, Vec<u32>> = ByDeck::default();
        let mut made = 0;
        let mut push = |by: &mut ByDeck<Box<str>, Vec<u32>>, deck: &str, n: u32| {
            by.get_or_default(deck, |d| {
                made += 1;
                d.into()
            })
            .push(n);
        };
        for (deck, n) in [("b", 1), ("b", 2), ("a", 3), ("b", 4), ("c", 5), ("a", 6)] {
            push(&mut by, deck, n);
        }
        // Each deck's key is made once, at its first use.
        assert_eq!(made, 3);
        let got: Vec<(Box<str>, Vec<u32>)> = by.into_vec();
        let want: Vec<(Box<str>, Vec<u32>)> = vec![
            ("b".into(), vec![1, 2, 4]),
            ("a".into(), vec![3, 6]),
            ("c".into(), vec![5]),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_deck_id_is_found_by_its_text() {
        use crate::domain::ids::DeckId;
        let mut by: ByDeck<DeckId, u32> = ByDeck::default();
        *by.get_or_default("x", |d| DeckId::from(d)) += 1;
        *by.get_or_default(&DeckId::from("x"), |d: &DeckId| d.clone()) += 1;
        *by.get_or_default("y", |d| DeckId::from(d)) += 5;
        *by.get_or_default("x", |d| DeckId::from(d)) += 1;
        let got = by.into_vec();
        assert_eq!(got, vec![(DeckId::from("x"), 3), (DeckId::from("y"), 5)]);
    }
}
