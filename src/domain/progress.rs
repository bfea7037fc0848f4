//! Progress: every studied item's state, rebuilt by applying review-log events in order.
//!
//! The review log is the source of truth; `Progress` is what replaying it yields, and the
//! snapshot file is a cache of it. Applying an event is O(1). Pure: the study day an event
//! belongs to is computed by a function the caller passes in. Must not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::deck::ItemKey;
use super::ids::DeckId;
pub use super::items::{ItemRef, Items};
use super::quiz::Verdict;
use super::scheduler::{CardState, Phase, Rating};

/// How an answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Self-graded flashcard.
    Flashcard,
    /// Multiple choice, graded by the app.
    Choice,
    /// Typed answer, graded by the app.
    Typed,
    /// A question of a mock test (wrong and guessed answers are fed back as Again).
    Test,
    /// An answer given in Anki and imported with its review history (`smriti import
    /// X.apkg`). Its stored state is Anki's schedule, which a replay keeps.
    Imported,
}

/// What an item was before an answer; decides which daily limit the answer counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Before {
    New,
    Learning,
    Review,
    Relearning,
}

impl Before {
    pub fn of(state: Option<&CardState>) -> Before {
        match state.map(|s| s.phase) {
            None => Before::New,
            Some(Phase::Learning) => Before::Learning,
            Some(Phase::Review) => Before::Review,
            Some(Phase::Relearning) => Before::Relearning,
        }
    }
}

/// What happened: one answer, cram answer or undo, in the order given. The review log stores
/// one per line; its line format (JSON, field names, tags) is `store::log_line`'s business.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An answer.
    Review {
        seq: u64,
        at: Timestamp,
        deck: DeckId,
        /// Item key: `card` or `card:reverse`.
        card: String,
        rating: Rating,
        mode: Mode,
        /// Milliseconds from showing the question to the answer.
        ms: u64,
        /// The app's verdict, for auto-graded answers.
        verdict: Option<Verdict>,
        before: Before,
        /// The item's state after the answer.
        state: CardState,
    },
    /// A cram answer: practice outside the schedule. It changes no card's state and no daily
    /// count, and is never fed to the scheduler.
    Cram {
        seq: u64,
        at: Timestamp,
        deck: DeckId,
        card: String,
        rating: Rating,
        ms: u64,
    },
    /// Takes back the answer with sequence number `undoes`.
    Undo {
        seq: u64,
        at: Timestamp,
        deck: DeckId,
        card: String,
        undoes: u64,
        /// What the undone answer counted as.
        before: Before,
        /// The state restored (absent: the item is new again).
        state: Option<CardState>,
        /// What the undone answer added to the statistics, so that they can take it back
        /// without finding the answer in the log. Absent in undos written before smriti kept
        /// running statistics.
        takes_back: Option<TakenBack>,
    },
    /// Takes an item out of study (`on`), as a card suspended in Anki comes in, or puts it
    /// back (`smriti unsuspend`). Its state is kept either way.
    Suspend {
        seq: u64,
        at: Timestamp,
        deck: DeckId,
        card: String,
        on: bool,
    },
}

/// What an undo takes back from the statistics: the undone answer's instant, rating and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenBack {
    pub at: Timestamp,
    pub rating: Rating,
    pub ms: u64,
}

impl Event {
    pub fn seq(&self) -> u64 {
        match self {
            Event::Review { seq, .. }
            | Event::Cram { seq, .. }
            | Event::Undo { seq, .. }
            | Event::Suspend { seq, .. } => *seq,
        }
    }

    pub fn at(&self) -> Timestamp {
        match self {
            Event::Review { at, .. }
            | Event::Cram { at, .. }
            | Event::Undo { at, .. }
            | Event::Suspend { at, .. } => *at,
        }
    }

    pub fn deck(&self) -> &str {
        self.deck_id()
    }

    pub fn deck_id(&self) -> &DeckId {
        match self {
            Event::Review { deck, .. }
            | Event::Cram { deck, .. }
            | Event::Undo { deck, .. }
            | Event::Suspend { deck, .. } => deck,
        }
    }
}

/// Answers given on one study day, for the daily limits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayCounts {
    pub date: Option<Date>,
    /// New items introduced.
    pub new: u32,
    /// Answers to review items.
    pub reviews: u32,
}

impl DayCounts {
    /// The counts for `date` (zero when they are for another day).
    pub fn on(&self, date: Date) -> (u32, u32) {
        if self.date == Some(date) {
            (self.new, self.reviews)
        } else {
            (0, 0)
        }
    }

    /// Moves the counts on to `date` if it is later (an event of that day that counts for
    /// nothing, such as an undone answer, still starts its day).
    pub(crate) fn touch(&mut self, date: Date) {
        if self.date.is_none_or(|d| d < date) {
            *self = DayCounts {
                date: Some(date),
                new: 0,
                reviews: 0,
            };
        }
    }

    /// Takes back an answer counted as `before` on `date`, if the counts are still that day's
    /// (a later day's counts never held it).
    pub(crate) fn take_back(&mut self, date: Date, before: Before) {
        if self.date == Some(date) {
            let slot = match before {
                Before::New => &mut self.new,
                Before::Review => &mut self.reviews,
                Before::Learning | Before::Relearning => return,
            };
            *slot = slot.saturating_sub(1);
        }
    }

    pub(crate) fn add(&mut self, date: Date, before: Before, sign: i32) {
        match self.date {
            Some(d) if d > date => return,
            Some(d) if d == date => {}
            _ => {
                *self = DayCounts {
                    date: Some(date),
                    new: 0,
                    reviews: 0,
                }
            }
        }
        let slot = match before {
            Before::New => &mut self.new,
            Before::Review => &mut self.reviews,
            Before::Learning | Before::Relearning => return,
        };
        *slot = if sign > 0 {
            slot.saturating_add(1)
        } else {
            slot.saturating_sub(1)
        };
    }
}

/// The progress of one deck.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckProgress {
    pub items: Items,
    pub today: DayCounts,
    /// Items taken out of study ([`Event::Suspend`]): never queued nor counted as due.
    pub suspended: HashSet<ItemKey>,
}

impl DeckProgress {
    /// Whether the item is suspended.
    pub fn is_suspended(&self, card: &str, side: super::deck::Side) -> bool {
        !self.suspended.is_empty()
            && self
                .suspended
                .contains(&(card, side) as &dyn super::deck::KeyRef)
    }
}

/// The progress of every deck, including decks and cards no longer present (never dropped).
///
/// Each deck's progress sits behind an `Arc`, so a copy of the whole (`clone`) costs a pointer
/// per deck: the snapshot is written from such a copy on another thread while answers go on
/// changing this one, and an answer copies only its own deck, and only while a copy taken
/// before it is still held ([`Progress::deck_mut`], `Arc::make_mut`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub decks: HashMap<DeckId, Arc<DeckProgress>>,
    /// Sequence number of the last event applied.
    pub last_seq: u64,
}

impl Progress {
    /// The number for the next log event. The store refuses to open a log whose numbers come
    /// near the top of `u64`, so this never saturates in practice; if it did, the store would
    /// refuse the repeated number rather than wrap to 0.
    pub fn next_seq(&self) -> u64 {
        self.last_seq.saturating_add(1)
    }

    pub fn deck(&self, id: &str) -> Option<&DeckProgress> {
        self.decks.get(id).map(|d| &**d)
    }

    /// The progress of deck `id` to change (created when it has none), copied first if a
    /// copy of this progress still shares it (a snapshot being written).
    pub fn deck_mut(&mut self, id: &DeckId) -> &mut DeckProgress {
        // (A deck id is an `Arc<str>`: `entry` copies a pointer.)
        Arc::make_mut(self.decks.entry(id.clone()).or_default())
    }

    /// Applies one log event. `day_of` maps an instant to its study date.
    pub fn apply(&mut self, event: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        self.last_seq = self.last_seq.max(event.seq());
        let date = day_of(event.at());
        match event {
            // Cram answers change nothing but the sequence number.
            Event::Cram { .. } => {}
            Event::Review {
                deck,
                card,
                before,
                state,
                ..
            } => {
                let dp = self.deck_mut(deck);
                dp.items.insert(ItemKey::parse(card), state.clone());
                dp.today.add(date, *before, 1);
            }
            Event::Undo {
                deck,
                card,
                before,
                state,
                ..
            } => {
                let dp = self.deck_mut(deck);
                let key = ItemKey::parse(card);
                match state {
                    Some(s) => {
                        dp.items.insert(key, s.clone());
                    }
                    None => {
                        dp.items.remove(&key);
                    }
                }
                dp.today.add(date, *before, -1);
            }
            Event::Suspend { deck, card, on, .. } => {
                let dp = self.deck_mut(deck);
                let key = ItemKey::parse(card);
                if *on {
                    dp.suspended.insert(key);
                } else {
                    dp.suspended.remove(&key);
                }
            }
        }
    }
}

/// The sequence numbers of the answers that `events` undo.
pub fn undone_seqs<'a>(events: impl IntoIterator<Item = &'a Event>) -> HashSet<u64> {
    events
        .into_iter()
        .filter_map(|e| match e {
            Event::Undo { undoes, .. } => Some(*undoes),
            Event::Review { .. } | Event::Cram { .. } | Event::Suspend { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(phase: Phase) -> CardState {
        CardState {
            phase,
            step: None,
            stability: 1.0,
            difficulty: 5.0,
            due: "2026-01-02T00:00:00Z".parse().unwrap(),
            last_review: "2026-01-01T00:00:00Z".parse().unwrap(),
            reps: 1,
            lapses: 0,
        }
    }

    fn day(_: Timestamp) -> Date {
        jiff::civil::date(2026, 1, 1)
    }

    fn review(seq: u64, before: Before) -> Event {
        Event::Review {
            seq,
            at: "2026-01-01T10:00:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c".into(),
            rating: Rating::Good,
            mode: Mode::Flashcard,
            ms: 1200,
            verdict: None,
            before,
            state: state(Phase::Review),
        }
    }

    #[test]
    fn undo_restores_state_and_counts() {
        let mut p = Progress::default();
        p.apply(&review(1, Before::New), &day);
        assert_eq!(p.deck("d").unwrap().today.new, 1);
        p.apply(
            &Event::Undo {
                seq: 2,
                at: "2026-01-01T10:00:05Z".parse().unwrap(),
                deck: "d".into(),
                card: "c".into(),
                undoes: 1,
                before: Before::New,
                state: None,
                takes_back: None,
            },
            &day,
        );
        let dp = p.deck("d").unwrap();
        assert!(dp.items.is_empty());
        assert_eq!((dp.today.new, dp.today.reviews), (0, 0));
        assert_eq!(p.last_seq, 2);
    }

    #[test]
    fn counts_reset_on_a_new_day_and_ignore_older_days() {
        let mut c = DayCounts::default();
        let d1 = jiff::civil::date(2026, 1, 1);
        let d2 = jiff::civil::date(2026, 1, 2);
        c.add(d1, Before::Review, 1);
        c.add(d2, Before::New, 1);
        c.add(d1, Before::New, 1);
        assert_eq!(c.on(d2), (1, 0));
        assert_eq!(c.on(d1), (0, 0));
    }
}
