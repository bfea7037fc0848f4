//! A review-log event as `smriti rebuild` replays it ([`Logged`]): an answer that the replay
//! schedules again carries only what the replay and the statistics' totals read of it (its
//! number, instant, deck, item, rating, mode, time and what the item was before), not the
//! state the log stored after it, which the replay recomputes; every other event (an imported
//! answer, whose stored state is Anki's schedule and is kept, a cram answer, an undo, a
//! suspension) is carried whole. So a reader of the log need not turn a million stored states
//! into numbers only to drop them. Pure: no file, clock or terminal; must not depend on
//! `store`/`tui`.

use compact_str::CompactString;
use jiff::Timestamp;

use super::progress::{Before, Event, Mode};
use super::scheduler::Rating;

/// A log event as replayed (see the module's documentation).
#[derive(Debug, Clone, PartialEq)]
pub enum Logged {
    /// An answer the replay schedules again (any mode but [`Mode::Imported`]).
    Answer(Answer),
    /// Any other event, whole.
    Event(Box<Event>),
}

/// What replaying an answer reads of it. The ids are held inline when short (`CompactString`:
/// up to 24 bytes), so a million answers allocate nothing for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub seq: u64,
    pub at: Timestamp,
    pub deck: CompactString,
    /// Item key: `card`, `card:reverse`, `card:c2`.
    pub card: CompactString,
    pub rating: Rating,
    pub mode: Mode,
    /// Milliseconds from showing the question to the answer.
    pub ms: u64,
    pub before: Before,
}

impl From<Event> for Logged {
    /// The event as replayed: an answer scheduled again loses its stored state (and the
    /// app's verdict), anything else is kept whole.
    fn from(e: Event) -> Logged {
        match e {
            Event::Review {
                seq,
                at,
                deck,
                card,
                rating,
                mode,
                ms,
                before,
                ..
            } if mode != Mode::Imported => Logged::Answer(Answer {
                seq,
                at,
                deck: CompactString::from(deck.as_str()),
                card: CompactString::from(card),
                rating,
                mode,
                ms,
                before,
            }),
            e => Logged::Event(Box::new(e)),
        }
    }
}

impl Logged {
    pub fn seq(&self) -> u64 {
        match self {
            Logged::Answer(a) => a.seq,
            Logged::Event(e) => e.seq(),
        }
    }

    pub fn at(&self) -> Timestamp {
        match self {
            Logged::Answer(a) => a.at,
            Logged::Event(e) => e.at(),
        }
    }

    pub fn deck(&self) -> &str {
        match self {
            Logged::Answer(a) => &a.deck,
            Logged::Event(e) => e.deck(),
        }
    }
}
