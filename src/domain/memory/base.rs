//! Where the simulations start: the user's decks (their outlines), what they remember today
//! (progress), their settings and answering habits, turned into a [`Scenario`]. One function,
//! used by `smriti retention`/`plan` and by the TUI's plan and retention screens, so both show
//! the same numbers. Pure: `now` is an argument. Must not depend on `store`, `cli` or `tui`.

use jiff::Timestamp;

pub use super::workload::SimError;
use super::workload::{self, Habits, Outlook, RETENTIONS, Scenario, simulate_mean};
use crate::domain::deck::ItemKey;
use crate::domain::outline::Outline;
use crate::domain::progress::{DeckProgress, Progress};
use crate::domain::settings::Settings;

/// The user's cards, parameters and habits, ready to simulate from `now`.
#[derive(Debug, Clone)]
pub struct Base {
    pub scenario: Scenario,
    /// Cards studied at least once.
    pub studied: usize,
    /// Decks that still have new cards (the new-card limit is per deck).
    pub decks_with_new: usize,
}

impl Base {
    /// Every card, studied or not.
    pub fn total(&self) -> usize {
        self.studied + self.scenario.new_cards
    }
}

/// The desired-retention table: the days ahead simulated at each retention of [`RETENTIONS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub days: usize,
    pub rows: Vec<(f64, Outlook)>,
    pub studied: usize,
    /// Cards, studied or not.
    pub total: usize,
    /// New cards a day, in all.
    pub new_per_day: usize,
}

impl Base {
    /// The table, each row the mean of `runs` runs from `seed`; `progress(done, total)` is told
    /// of each row, and when it returns false the work stops with [`SimError::Stopped`].
    pub fn table(
        &self,
        seed: u64,
        runs: usize,
        mut progress: impl FnMut(usize, usize) -> bool,
    ) -> Result<Table, SimError> {
        let n = RETENTIONS.len();
        let mut rows = Vec::with_capacity(n);
        for (i, &r) in RETENTIONS.iter().enumerate() {
            if !progress(i, n) {
                return Err(SimError::Stopped);
            }
            let s = Scenario {
                desired_retention: r,
                ..self.scenario.clone()
            };
            rows.push((r, simulate_mean(&s, seed, runs)?.0));
        }
        progress(n, n);
        Ok(Table {
            days: self.scenario.days,
            rows,
            studied: self.studied,
            total: self.total(),
            new_per_day: self.scenario.new_per_day,
        })
    }
}

/// The decks of `outlines` as they stand at `now`, simulated for `days` days with the daily
/// limits, desired retention and parameters of `settings`.
pub fn base(
    outlines: &[&Outline],
    progress: &Progress,
    settings: &Settings,
    habits: Habits,
    now: Timestamp,
    days: usize,
) -> Base {
    let mut mine = Progress::default();
    let mut new_cards = 0;
    let mut decks_with_new = 0;
    for o in outlines {
        let known = progress.deck(&o.id);
        // Only the deck's own items: progress on a card the deck no longer has (removed or
        // renamed by its author) is kept in the saves but is not a card to simulate, so
        // studied + new is the deck list's card count.
        let mut kept = DeckProgress::default();
        let mut new = 0;
        for (card, sides) in &o.cards {
            for side in sides.iter() {
                let key = ItemKey {
                    card: card.clone(),
                    side,
                };
                match known.and_then(|p| p.items.get(&key)) {
                    Some(state) => {
                        kept.items.insert(key, state.clone());
                    }
                    None => new += 1,
                }
            }
        }
        new_cards += new;
        decks_with_new += usize::from(new > 0);
        if !kept.items.is_empty() {
            mine.decks.insert(o.id.clone(), std::sync::Arc::new(kept));
        }
    }
    let studied = workload::studied(&mine, now);
    let decks = outlines.len().max(1);
    let scenario = Scenario {
        params: settings.params.clone(),
        habits,
        studied,
        new_cards,
        new_per_day: settings.limits.new_per_day as usize * decks_with_new.max(1),
        reviews_per_day: (settings.limits.reviews_per_day as usize).saturating_mul(decks),
        desired_retention: settings.params.desired_retention,
        days,
        minutes_per_day: None,
        exam_day: None,
    };
    Base {
        studied: scenario.studied.len(),
        scenario,
        decks_with_new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deck::Sides;

    fn outline(id: &str, cards: &[(&str, Sides)]) -> Outline {
        Outline {
            id: id.into(),
            cards: cards.iter().map(|(c, s)| ((*c).into(), *s)).collect(),
            ..Outline::default()
        }
    }

    #[test]
    fn new_cards_are_counted_per_item_and_decks_with_none_left_are_not_counted() {
        let a = outline("a", &[("1", Sides::Both), ("2", Sides::Cloze(3))]);
        let b = outline("b", &[]);
        let now = Timestamp::from_second(1_800_000_000).expect("an instant");
        let s = Settings::default();
        let got = base(
            &[&a, &b],
            &Progress::default(),
            &s,
            Habits::default(),
            now,
            30,
        );
        assert_eq!(got.scenario.new_cards, 5);
        assert_eq!(got.studied, 0);
        assert_eq!(got.decks_with_new, 1);
        assert_eq!(got.scenario.new_per_day, 20);
        assert_eq!(got.scenario.reviews_per_day, 400);
        assert_eq!(got.total(), 5);
    }

    #[test]
    fn progress_on_a_card_the_deck_no_longer_has_is_not_counted() {
        use crate::domain::deck::Side;
        use crate::domain::scheduler::{CardState, Phase};
        let a = outline("a", &[("1", Sides::Both), ("2", Sides::Forward)]);
        let now = Timestamp::from_second(1_800_000_000).expect("an instant");
        let state = CardState {
            phase: Phase::Review,
            step: None,
            stability: 10.0,
            difficulty: 5.0,
            due: now,
            last_review: now,
            reps: 1,
            lapses: 0,
        };
        let mut progress = Progress::default();
        let deck = std::sync::Arc::make_mut(progress.decks.entry("a".into()).or_default());
        for card in ["1", "gone"] {
            let key = ItemKey {
                card: card.into(),
                side: Side::Forward,
            };
            deck.items.insert(key, state.clone());
        }
        let s = Settings::default();
        let got = base(&[&a], &progress, &s, Habits::default(), now, 30);
        // "1" forward studied; "1" reverse and "2" new; "gone" is no card of the deck.
        assert_eq!(got.studied, 1);
        assert_eq!(got.scenario.new_cards, 2);
        assert_eq!(got.total(), a.item_count());
    }
}
