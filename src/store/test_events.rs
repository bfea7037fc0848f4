//! Review events for the store's tests: the answer most of them log (a new card answered
//! Good in flashcard mode, which leaves it learning, due ten minutes on), so that each test
//! names only what it varies. Test-only; must not depend on `tui` or `cli`.

use jiff::{SignedDuration, Timestamp};

use crate::domain::progress::{Before, Event, Mode};
use crate::domain::scheduler::{CardState, Phase, Rating};

/// Answer `seq`: card `card` of deck `deck`, new, answered Good at `at` in 900 ms.
pub fn good(seq: u64, at: &str, deck: &str, card: &str) -> Event {
    let at: Timestamp = at.parse().unwrap();
    Event::Review {
        seq,
        at,
        deck: deck.into(),
        card: card.into(),
        rating: Rating::Good,
        mode: Mode::Flashcard,
        ms: 900,
        verdict: None,
        before: Before::New,
        state: CardState {
            phase: Phase::Learning,
            step: Some(1),
            stability: 2.3065,
            difficulty: 2.118,
            due: at + SignedDuration::from_mins(10),
            last_review: at,
            reps: 1,
            lapses: 0,
        },
    }
}
