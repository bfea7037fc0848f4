//! Related cards across decks: a group name is global across the decks loaded, so a card of
//! one deck and a card of another with the same group test one fact and are buried like
//! siblings. [`Related`] says which groups wait today because one of their cards, in any
//! deck, was studied today or is being learnt; the walk over a deck's items (`today`) then
//! holds back this deck's cards of those groups. Pure: the day and progress are arguments.
//! Must not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet};

use super::deck::{KeyRef, Side};
use super::outline::{LazyOutline, Outline};
use super::progress::Progress;
use super::scheduler::Phase;
use super::time::StudyDay;

/// The groups that span decks and are busy today (see the module's paragraph).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Related {
    busy: HashSet<String>,
}

impl Related {
    /// No group is busy because of another deck (a deck studied alone).
    pub fn none() -> Related {
        Related::default()
    }

    /// The groups of two or more of `outlines` of which a card was studied today or is
    /// being learnt. Looks only at the groups that more than one deck uses, so decks whose
    /// groups are their own cost one pass over their group names.
    pub fn of(outlines: &[&Outline], progress: &Progress, day: &StudyDay) -> Related {
        let mut decks_of: HashMap<&str, usize> = HashMap::new();
        for o in outlines {
            for (name, _) in &o.group_names {
                *decks_of.entry(name.as_str()).or_default() += 1;
            }
        }
        let mut busy = HashSet::new();
        for o in outlines {
            let Some(p) = progress.deck(&o.id) else {
                continue;
            };
            for (name, cards) in &o.group_names {
                if decks_of.get(name.as_str()).is_none_or(|&n| n < 2) || busy.contains(name) {
                    continue;
                }
                let studied =
                    cards
                        .iter()
                        .filter_map(|&i| o.cards.get(i as usize))
                        .any(|(card, sides)| {
                            sides.iter().any(|s: Side| {
                                p.items
                                    .state(&(card.as_str(), s) as &dyn KeyRef)
                                    .is_some_and(|st| {
                                        day.contains(st.last_review) || st.phase != Phase::Review
                                    })
                            })
                        });
                if studied {
                    busy.insert(name.clone());
                }
            }
        }
        Related { busy }
    }

    /// The busy groups among every deck loaded, `decks` (their outlines made only for the
    /// decks with group names): what "today" means for the deck list's counts, the
    /// statistics screen and `smriti stats` alike. A card of a deck not counted (`stats
    /// --deck X`) still makes its group wait in the decks that are.
    pub fn among<'a>(
        decks: impl IntoIterator<Item = &'a LazyOutline>,
        progress: &Progress,
        day: &StudyDay,
    ) -> Related {
        let outlines: Vec<&Outline> = decks
            .into_iter()
            .filter(|d| d.grouped())
            .map(|d| &**d)
            .collect();
        Related::of(&outlines, progress, day)
    }

    /// The cards of `deck` (indices into its `cards`) that wait today: their group is busy.
    pub fn waiting(&self, deck: &Outline) -> HashSet<usize> {
        if self.busy.is_empty() {
            return HashSet::new();
        }
        deck.group_names
            .iter()
            .filter(|(name, _)| self.busy.contains(name))
            .flat_map(|(_, cards)| cards.iter().map(|&i| i as usize))
            .collect()
    }

    /// Whether `group` is busy today.
    pub fn is_busy(&self, group: &str) -> bool {
        self.busy.contains(group)
    }
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;
