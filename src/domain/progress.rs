//! Progress: every studied item's state, rebuilt by applying review-log events in order.
//!
//! The review log is the source of truth; `Progress` is what replaying it yields, and the
//! snapshot file is a cache of it. Applying an event is O(1). Pure: the study day an event
//! belongs to is computed by a function the caller passes in. Must not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::button_order::schedule;
use super::deck::{ItemKey, KeyRef, Side};
use super::ids::DeckId;
use super::quiz::Verdict;
use super::scheduler::{CardState, FuzzKey, Params, Phase, Rating};

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
    pub items: HashMap<ItemKey, CardState>,
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

/// Recomputes progress from the log's answers under `params`, as after a change of desired
/// retention: undone answers are dropped and every other answer is replayed through the
/// scheduler at its own instant. Stored states in the log are ignored. The in-memory form of
/// [`Replay`] (which `smriti rebuild` uses, streaming), kept as the reference it is tested
/// against.
#[cfg(test)]
pub fn rebuild<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    params: &Params,
    day_of: &dyn Fn(Timestamp) -> Date,
) -> Progress {
    let events: Vec<&Event> = events.into_iter().collect();
    let mut replay = Replay::new(params, undone_seqs(events.iter().copied()));
    for e in events {
        replay.push(e, day_of);
    }
    replay.finish()
}

/// The fuzz key of an item as `format!("{deck}/{item key}")` writes it (an `ItemKey` shown),
/// without copying the text; a forward item (most) shows as its card id and is fed in without
/// the formatting machinery.
fn fuzz_key(deck: &str, card_id: &str, side: Side) -> FuzzKey {
    let mut key = FuzzKey::default();
    key.add(deck);
    key.add("/");
    match side {
        Side::Forward => key.add(card_id),
        Side::Reverse | Side::Cloze(_) => {
            let _ = write!(key, "{}", ItemKey::shown(card_id, side));
        }
    }
    key
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

/// [`rebuild`] one event at a time, for a log too large to hold in memory: first collect the
/// undone answers ([`undone_seqs`]), then push every event in order.
pub struct Replay<'p> {
    params: &'p Params,
    undone: HashSet<u64>,
    progress: Progress,
}

impl<'p> Replay<'p> {
    pub fn new(params: &'p Params, undone: HashSet<u64>) -> Replay<'p> {
        Replay {
            params,
            undone,
            progress: Progress::default(),
        }
    }

    pub fn push(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        let progress = &mut self.progress;
        let Event::Review {
            seq,
            at,
            deck,
            card,
            rating,
            mode,
            ..
        } = e
        else {
            if let Event::Suspend { .. } = e {
                progress.apply(e, day_of);
            }
            progress.last_seq = progress.last_seq.max(e.seq());
            return;
        };
        if self.undone.contains(seq) {
            progress.last_seq = progress.last_seq.max(*seq);
            return;
        }
        // An imported answer keeps the schedule Anki gave it: switching moves no due day.
        if *mode == Mode::Imported {
            progress.apply(e, day_of);
            return;
        }
        // What `progress.apply` does with the answer replayed (its state the scheduler's, not
        // the log's), without copying the event, the card id or the key's text: a million
        // answers replay here.
        progress.last_seq = progress.last_seq.max(*seq);
        let date = day_of(*at);
        let (card_id, side) = ItemKey::split(card);
        let dp = progress.deck_mut(deck);
        let found = dp.items.get_mut(&(card_id, side) as &dyn KeyRef);
        let u = fuzz_key(deck, card_id, side).draw(found.as_ref().map_or(0, |s| s.reps));
        let outcome = schedule(found.as_deref(), *rating, *at, self.params, u);
        let before = Before::of(found.as_deref());
        match found {
            Some(s) => *s = outcome.state,
            None => {
                dp.items.insert(ItemKey::parse(card), outcome.state);
            }
        }
        dp.today.add(date, before, 1);
    }

    pub fn finish(self) -> Progress {
        self.progress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replay hashes the fuzz key as it writes it out: the same draw as the app's
    /// `fuzz_draw(&format!("{deck}/{key}"), reps)`, for every shape of item key.
    #[test]
    fn a_fuzz_key_written_out_draws_as_its_text() {
        for (deck, item) in [
            ("d", "a"),
            ("d", "a:reverse"),
            ("d", "b:c12"),
            ("d", "b:c01"),
            ("d", "x:cq"),
            ("हिन्दी", "日本:c2"),
        ] {
            let (card, side) = ItemKey::split(item);
            let k = fuzz_key(deck, card, side);
            let key = ItemKey::parse(item);
            for reps in [0, 1, 7] {
                let want = crate::domain::scheduler::fuzz_draw(&format!("{deck}/{key}"), reps);
                assert_eq!(k.draw(reps).to_bits(), want.to_bits(), "{deck}/{item}");
            }
        }
    }

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

    #[test]
    fn rebuild_replays_answers_under_new_settings_and_drops_undone_ones() {
        let t0: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
        let p9 = Params {
            enable_fuzz: false,
            ..Params::default()
        };
        let mk = |seq, at: Timestamp, card: &str, rating| {
            let o = crate::domain::scheduler::review(None, rating, at, &p9, 0.0);
            Event::Review {
                seq,
                at,
                deck: "d".into(),
                card: card.into(),
                rating,
                mode: Mode::Flashcard,
                ms: 1,
                verdict: None,
                before: Before::New,
                state: o.state,
            }
        };
        let events = vec![
            mk(1, t0, "a", Rating::Easy),
            mk(2, t0, "b", Rating::Easy),
            Event::Undo {
                seq: 3,
                at: t0,
                deck: "d".into(),
                card: "b".into(),
                undoes: 2,
                before: Before::New,
                state: None,
                takes_back: None,
            },
        ];
        let p = rebuild(
            &events,
            &Params {
                desired_retention: 0.8,
                ..p9.clone()
            },
            &day,
        );
        let dp = p.deck("d").unwrap();
        assert_eq!(p.last_seq, 3);
        assert!(!dp.items.contains_key(&ItemKey::forward("b")));
        let a = &dp.items[&ItemKey::forward("a")];
        // Easy on a new card: S = 8.2956; at DR 0.8 the interval is 3.316 × S ≈ 27.5 → 28 days.
        assert_eq!(crate::domain::time::elapsed_days(a.last_review, a.due), 28);
        assert_eq!(dp.today.new, 1);
    }
}
