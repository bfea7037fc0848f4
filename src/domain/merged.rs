//! Progress from the merged logs of several devices (issue 19): what every reader of the
//! saves folder computes, so that two machines with the same files agree bit for bit, whatever
//! order the files arrived in. Pure; must not depend on `store`, `tui` or `cli`.
//!
//! The rule, one card at a time, over its events in the merge order (by time, then device):
//! - an undone answer never happened (the undone answers are known before the fold starts);
//! - an answer keeps the state stored with it when it was given on top of the card's state
//!   in the merge so far: its `reps` are one more, and it is not older than the card's last
//!   answer. With one device that is every answer, so the log's states are kept exactly;
//! - otherwise the answering device had not seen an answer the merge holds (both machines
//!   answered the card before syncing, or one's clock is behind): the answer is rescheduled
//!   over the merged state (FSRS at the answer's instant with its rating, fuzz drawn as the
//!   app draws it, and the parameters in force at that instant: [`ParamsAt`]), so the card's
//!   schedule follows both answers, not the last one alone, and does not change when the
//!   weights or the retention change later;
//! - an imported answer keeps Anki's schedule, as `smriti rebuild` does.
//!
//! A deck's daily counts fold every event of the deck in the merge order by what it counted
//! as when it was given (`before`), an undo taking its answer back, as the app counts them;
//! except that new cards are counted as cards, as Anki counts them, not as introductions: an
//! answer given to a new card counts as new only when the card has no answer in the merge
//! before it (two machines that introduced the same card before syncing introduced one card).
//! An undone answer and its undo count for nothing.
//!
//! Because a card's state depends only on its own events, answers that arrive late (a machine
//! that was offline) change only the cards they touch: [`Merged::only`] replays those cards
//! and their decks' counts from their history, and [`splice`] puts them into the progress.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;

use super::button_order::schedule_fixed;
use super::deck::ItemKey;
use super::ids::DeckId;
use super::progress::{Before, Event, Mode, Progress};
use super::scheduler::{CardState, Fixed, Params, fuzz_draw};

/// The scheduler's parameters in force at an instant: what a rescheduled answer uses
/// (`answer`), so that a reading from scratch and one brought up to date bit by bit agree
/// whenever the settings changed between them. A plain [`Params`] is in force at every
/// instant.
pub trait ParamsAt {
    fn at(&self, t: Timestamp) -> &Params;
}

impl ParamsAt for Params {
    fn at(&self, _: Timestamp) -> &Params {
        self
    }
}

/// Parameters that change over time: `first` until the first change, then each change's from
/// its instant on (the changes in the settings logs' merge order; when one device's clock
/// went back, the later change in that order wins from its instant on).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsOverTime {
    first: Params,
    changes: Vec<(Timestamp, Params)>,
}

impl ParamsOverTime {
    pub fn new(first: Params, changes: Vec<(Timestamp, Params)>) -> ParamsOverTime {
        ParamsOverTime { first, changes }
    }

    /// The parameters after every change: the ones in use now.
    pub fn latest(&self) -> &Params {
        self.changes.last().map_or(&self.first, |(_, p)| p)
    }

    /// Whether the parameters changed at or before `t` (answers up to `t` may be rescheduled
    /// otherwise than with `first`).
    pub fn changed_by(&self, t: Timestamp) -> bool {
        self.changes.iter().any(|(from, _)| *from <= t)
    }

    /// The earliest instant at which `self` and `other` may put different parameters in
    /// force (`Timestamp::MIN` when they differ before any change); `None` when they agree
    /// at every instant. Answers rescheduled before it are the same under both.
    pub fn first_difference(&self, other: &ParamsOverTime) -> Option<Timestamp> {
        let mut instants: Vec<Timestamp> = self
            .changes
            .iter()
            .chain(&other.changes)
            .map(|(t, _)| *t)
            .collect();
        instants.sort_unstable();
        instants.dedup();
        if self.first != other.first {
            return Some(Timestamp::MIN);
        }
        instants.into_iter().find(|&t| self.at(t) != other.at(t))
    }
}

impl ParamsAt for ParamsOverTime {
    fn at(&self, t: Timestamp) -> &Params {
        self.changes
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .map_or(&self.first, |(_, p)| p)
    }
}

/// The cards (and their decks) whose progress is recomputed from their history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    pub items: HashSet<(DeckId, ItemKey)>,
    pub decks: HashSet<DeckId>,
}

impl Affected {
    /// Adds the card (and deck) an event touches (a cram answer touches none).
    pub fn add(&mut self, e: &Event) {
        let (deck, card) = match e {
            Event::Review { deck, card, .. }
            | Event::Undo { deck, card, .. }
            | Event::Suspend { deck, card, .. } => (deck, card),
            Event::Cram { .. } => return,
        };
        self.decks.insert(deck.clone());
        self.items.insert((deck.clone(), ItemKey::parse(card)));
    }

    pub fn is_empty(&self) -> bool {
        self.decks.is_empty()
    }

    fn has_deck(&self, deck: &str) -> bool {
        self.decks.contains(deck)
    }

    fn has_item(&self, deck: &DeckId, card: &str) -> bool {
        self.items.contains(&(deck.clone(), ItemKey::parse(card)))
    }
}

/// The merged fold: push every event of every log in the merge order, then [`Merged::finish`].
pub struct Merged<'p> {
    params: &'p dyn ParamsAt,
    fixed: Constants<'p>,
    undone: HashSet<u64>,
    /// When set, only these cards' states and these decks' counts are folded.
    only: Option<Affected>,
    /// With `only`: the other cards of those decks that have an answer so far (whose states
    /// are not folded), so that a new card is counted once.
    answered: HashSet<(DeckId, ItemKey)>,
    progress: Progress,
}

impl<'p> Merged<'p> {
    /// The fold of everything; `undone` holds the numbers of the answers that are undone (as
    /// the events are numbered when pushed).
    pub fn new(params: &'p dyn ParamsAt, undone: HashSet<u64>) -> Merged<'p> {
        Merged {
            params,
            fixed: Constants::default(),
            undone,
            only: None,
            answered: HashSet::new(),
            progress: Progress::default(),
        }
    }

    /// The fold of the `affected` cards and decks alone (the others' events are skipped).
    pub fn only(params: &'p dyn ParamsAt, undone: HashSet<u64>, affected: Affected) -> Merged<'p> {
        Merged {
            only: Some(affected),
            ..Merged::new(params, undone)
        }
    }

    pub fn push(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        self.progress.last_seq = self.progress.last_seq.max(e.seq());
        let counts = self.only.as_ref().is_none_or(|a| a.has_deck(e.deck()));
        let (deck, card) = match e {
            Event::Review { deck, card, .. } | Event::Suspend { deck, card, .. } => (deck, card),
            // An undo's answer never happened: neither counts, but each starts its day (as
            // the answer did when `catch_up` read it before its undo), so the counts are the
            // same bit for bit however the logs were read.
            Event::Undo { deck, .. } => {
                if counts {
                    self.progress.deck_mut(deck).today.touch(day_of(e.at()));
                }
                return;
            }
            Event::Cram { .. } => return,
        };
        let undone = matches!(e, Event::Review { seq, .. } if self.undone.contains(seq));
        if !counts {
            return;
        }
        if undone {
            self.progress.deck_mut(deck).today.touch(day_of(e.at()));
        }
        if self.only.as_ref().is_some_and(|a| !a.has_item(deck, card)) {
            // A card whose state is not folded: counted by whether it was answered before.
            if let Event::Review { before, .. } = e
                && !undone
            {
                let key = (deck.clone(), ItemKey::parse(card));
                let seen = !self.answered.insert(key);
                count_as(&mut self.progress, deck, day_of(e.at()), *before, seen, 1);
            }
            return;
        }
        if !undone {
            count(&mut self.progress, e, day_of);
        }
        match e {
            Event::Review { seq, .. } if self.undone.contains(seq) => {}
            Event::Review { .. } => answer(&mut self.progress, e, self.params, &mut self.fixed),
            _ => set_suspended(&mut self.progress, e),
        }
    }

    pub fn finish(self) -> Progress {
        self.progress
    }
}

/// Counts the undo `e` of an answer given at `answered_at` once its card is back as it was
/// before that answer (the caller restored it): the answer's count is taken back if the day's
/// counts still hold it, and the undo's day is started, exactly as [`Merged::push`] counts an
/// undone answer and its undo (for nothing, each starting its day).
pub fn take_back(
    progress: &mut Progress,
    e: &Event,
    answered_at: Timestamp,
    day_of: &dyn Fn(Timestamp) -> Date,
) {
    progress.last_seq = progress.last_seq.max(e.seq());
    let Event::Undo {
        deck, card, before, ..
    } = e
    else {
        return;
    };
    // A new card the merge had seen before the answer counted for nothing then.
    let seen = *before == Before::New
        && progress
            .deck(deck)
            .is_some_and(|d| d.items.contains_key(&ItemKey::parse(card)));
    let today = &mut progress.deck_mut(deck).today;
    if !seen {
        today.take_back(day_of(answered_at), *before);
    }
    today.touch(day_of(e.at()));
}

/// Applies one event after everything already in `progress` (the next line of a log read in
/// the merge order, not undone so far): [`Merged::push`] for one event. An undo cannot be
/// applied this way (its answer's effect on later answers is not known here): the caller
/// replays its card ([`Merged::only`]).
pub fn apply(
    progress: &mut Progress,
    e: &Event,
    params: &dyn ParamsAt,
    day_of: &dyn Fn(Timestamp) -> Date,
) {
    progress.last_seq = progress.last_seq.max(e.seq());
    count(progress, e, day_of);
    match e {
        Event::Review { .. } => answer(progress, e, params, &mut Constants::default()),
        Event::Suspend { .. } => set_suspended(progress, e),
        Event::Cram { .. } | Event::Undo { .. } => {}
    }
}

/// Puts the replayed `part` of the progress ([`Merged::only`] over `affected`) into
/// `progress`: the affected cards' states and suspension, the affected decks' counts.
pub fn splice(progress: &mut Progress, part: &Progress, affected: &Affected) {
    for deck in &affected.decks {
        let today = part.deck(deck).map(|d| d.today.clone()).unwrap_or_default();
        progress.deck_mut(deck).today = today;
    }
    for (deck, key) in &affected.items {
        let from = part.deck(deck);
        let state = from.and_then(|d| d.items.get(key)).cloned();
        let suspended = from.is_some_and(|d| d.suspended.contains(key));
        let dp = progress.deck_mut(deck);
        match state {
            Some(s) => {
                dp.items.insert(key.clone(), s);
            }
            None => {
                dp.items.remove(key);
            }
        }
        if suspended {
            dp.suspended.insert(key.clone());
        } else {
            dp.suspended.remove(key);
        }
    }
}

/// The deck's daily counts: what the event counted as when it was given, a new card only
/// when it has no state in `progress` yet (for an answer: before it; for an undo: once its
/// card is put back as it was before the answer). O(1): one look-up of the card.
fn count(progress: &mut Progress, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
    let (deck, card, before, sign) = match e {
        Event::Review {
            deck, card, before, ..
        } => (deck, card, before, 1),
        Event::Undo {
            deck, card, before, ..
        } => (deck, card, before, -1),
        Event::Cram { .. } | Event::Suspend { .. } => return,
    };
    let seen = *before == Before::New
        && progress
            .deck(deck)
            .is_some_and(|d| d.items.contains_key(&ItemKey::parse(card)));
    count_as(progress, deck, day_of(e.at()), *before, seen, sign);
}

/// Counts an answer (`sign` 1) or its undo (-1) that counted as `before` when given, on
/// `date`; a new card that the merge `seen` answered already counts for nothing.
fn count_as(
    progress: &mut Progress,
    deck: &DeckId,
    date: Date,
    before: Before,
    seen: bool,
    sign: i32,
) {
    if before == Before::New && seen {
        return;
    }
    progress.deck_mut(deck).today.add(date, before, sign);
}

fn set_suspended(progress: &mut Progress, e: &Event) {
    if let Event::Suspend { deck, card, on, .. } = e {
        let dp = progress.deck_mut(deck);
        let key = ItemKey::parse(card);
        if *on {
            dp.suspended.insert(key);
        } else {
            dp.suspended.remove(&key);
        }
    }
}

/// The scheduler's constants of the parameters last used to reschedule an answer, worked out
/// again only when an answer falls under other parameters (a merge reschedules answers in
/// time order, so once per change of the settings, not once per answer).
#[derive(Default)]
struct Constants<'p> {
    last: Option<Fixed<'p>>,
}

impl<'p> Constants<'p> {
    fn of(&mut self, params: &'p Params) -> &Fixed<'p> {
        if !(self.last.as_ref()).is_some_and(|f| std::ptr::eq(f.params, params)) {
            self.last = Some(Fixed::new(params));
        }
        self.last.get_or_insert_with(|| Fixed::new(params))
    }
}

/// The state an answer leaves its card in, in the merge.
fn answer<'p>(
    progress: &mut Progress,
    e: &Event,
    params: &'p dyn ParamsAt,
    fixed: &mut Constants<'p>,
) {
    let Event::Review {
        at,
        deck,
        card,
        rating,
        mode,
        state,
        ..
    } = e
    else {
        return;
    };
    let key = ItemKey::parse(card);
    let cur = progress.deck(deck).and_then(|d| d.items.get(&key));
    let next = if *mode == Mode::Imported || given_on(cur, state, *at) {
        state.clone()
    } else {
        let u = fuzz_draw(&format!("{deck}/{key}"), cur.map_or(0, |s| s.reps));
        schedule_fixed(cur, *rating, *at, fixed.of(params.at(*at)), u).state
    };
    progress.deck_mut(deck).items.insert(key, next);
}

/// Whether an answer that left `stored` at `at` was given on top of `cur` (the card's state in
/// the merge so far): one more answer, and not older than the last one.
fn given_on(cur: Option<&CardState>, stored: &CardState, at: Timestamp) -> bool {
    let reps = cur.map_or(0, |c| c.reps);
    stored.reps == reps.saturating_add(1) && cur.is_none_or(|c| c.last_review <= at)
}

#[cfg(test)]
#[path = "merged_tests.rs"]
mod tests;
