//! Progress recomputed from the log's answers under the current parameters (`smriti
//! rebuild`): undone answers are dropped and every other answer is replayed through the
//! scheduler at its own instant (the log's stored states are ignored, except an imported
//! answer's, which keeps Anki's schedule). One event at a time, so a log too large to hold is
//! streamed: first collect the undone answers ([`undone_seqs`]), then push every event in
//! order.
//!
//! A replay only fills maps, a million times, so it keeps its own layout and turns it into a
//! [`Progress`] once, at the end ([`Replay::finish`]): its decks in a [`ByDeck`] (the last one
//! found is tried first), each deck's items in a map with a fast hasher (foldhash: the keys
//! come from the user's own logs, so SipHash's guard against chosen keys buys nothing) keyed
//! by the card id held inline (`CompactString`: a card id of up to 24 bytes is in the map's own slot, not
//! behind a pointer), and the scheduler's constants worked out once ([`Fixed`]).
//!
//! Decks are independent: a replay may be given the events of some decks only, and the
//! replays of disjoint sets of decks put together ([`join`]) give what one
//! replay of every event gives (`store::rebuild` replays the decks on every core that way).
//! Pure: the study day of an instant comes from a function the caller passes in. Must not
//! depend on `store`/`tui`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use compact_str::CompactString;
use jiff::Timestamp;
use jiff::civil::Date;

use super::button_order::schedule_fixed;
use super::by_deck::ByDeck;
use super::deck::{ItemKey, Side};
use super::ids::DeckId;
use super::logged::Logged;
use super::progress::{Before, DayCounts, DeckProgress, Event, Items, Mode, Progress};
use super::scheduler::{CardState, Fixed, FuzzKey, Params, Rating};

pub use super::progress::undone_seqs;

/// A map with a fast hasher (hashbrown's default: foldhash).
type FastMap<K, V> = hashbrown::HashMap<K, V>;

/// An item's key while replaying: its card id, inline when short, and its side.
type Key = (CompactString, Side);

/// A [`Key`] borrowed from an event, to look the item up without building one. It hashes as
/// the key does (the card id's text, then the side).
#[derive(Hash)]
struct KeyOf<'a>(&'a str, Side);

impl hashbrown::Equivalent<Key> for KeyOf<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.1 == key.1 && self.0 == key.0.as_str()
    }
}

/// [`Replay`] of every event in memory: the reference the streamed form is tested against.
#[cfg(test)]
pub fn rebuild<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    params: &Params,
    day_of: &dyn Fn(Timestamp) -> Date,
) -> Progress {
    let events: Vec<&Event> = events.into_iter().collect();
    let mut replay = Replay::new(params, Arc::new(undone_seqs(events.iter().copied())));
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

/// One deck while replaying.
#[derive(Default)]
struct DeckReplay {
    items: FastMap<Key, CardState>,
    today: DayCounts,
    suspended: HashSet<ItemKey>,
}

/// The progress recomputed one event at a time (see the module's documentation).
pub struct Replay<'p> {
    fixed: Fixed<'p>,
    undone: Arc<HashSet<u64>>,
    decks: ByDeck<DeckId, DeckReplay>,
    last_seq: u64,
}

impl<'p> Replay<'p> {
    /// A replay under `params` that leaves out the answers numbered in `undone` (all of the
    /// log's, even when this replay is given some decks only).
    pub fn new(params: &'p Params, undone: Arc<HashSet<u64>>) -> Replay<'p> {
        Replay {
            fixed: Fixed::new(params),
            undone,
            decks: ByDeck::default(),
            last_seq: 0,
        }
    }

    /// The deck's replay, made at its first use.
    fn deck(&mut self, deck: &str) -> &mut DeckReplay {
        self.decks.get_or_default(deck, |d| DeckId::from(d))
    }

    /// Applies the next event of the log (of the decks this replay is given).
    pub fn push(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        self.last_seq = self.last_seq.max(e.seq());
        let Event::Review {
            seq,
            at,
            deck,
            card,
            rating,
            mode,
            before,
            state,
            ..
        } = e
        else {
            if let Event::Suspend { deck, card, on, .. } = e {
                // As `Progress::apply` does.
                let d = self.deck(deck);
                let key = ItemKey::parse(card);
                if *on {
                    d.suspended.insert(key);
                } else {
                    d.suspended.remove(&key);
                }
            }
            // Undos pass over (the answers they undo are left out); cram answers change
            // nothing but the sequence number.
            return;
        };
        if self.undone.contains(seq) {
            return;
        }
        // An imported answer keeps the schedule Anki gave it: switching moves no due day
        // (as `Progress::apply` applies it: the log's state and its `before`).
        if *mode == Mode::Imported {
            let date = day_of(*at);
            let (card_id, side) = ItemKey::split(card);
            let d = self.deck(deck);
            d.items.insert((card_id.into(), side), state.clone());
            d.today.add(date, *before, 1);
            return;
        }
        self.schedule(deck, card, *rating, *at, day_of(*at));
    }

    /// [`Replay::push`] of an event as `store` reads it for a replay (without the stored state
    /// of an answer scheduled again), given the study day of its instant (`day_of(e.at())`,
    /// which the caller works out once for the replay and the statistics' fold alike).
    pub fn push_logged(&mut self, e: &Logged, date: Date) {
        match e {
            Logged::Answer(a) => {
                self.last_seq = self.last_seq.max(a.seq);
                if !self.undone.contains(&a.seq) {
                    self.schedule(&a.deck, &a.card, a.rating, a.at, date);
                }
            }
            Logged::Event(e) => self.push(e, &|_| date),
        }
    }

    /// Schedules the answer `rating` to the item `card` of `deck` at `at` (study day `date`)
    /// from the item's replayed state.
    fn schedule(&mut self, deck: &str, card: &str, rating: Rating, at: Timestamp, date: Date) {
        let (card_id, side) = ItemKey::split(card);
        let fixed = &self.fixed;
        let d = self.decks.get_or_default(deck, |d| DeckId::from(d));
        let found = d.items.get_mut(&KeyOf(card_id, side));
        let u = fuzz_key(deck, card_id, side).draw(found.as_ref().map_or(0, |s| s.reps));
        let outcome = schedule_fixed(found.as_deref(), rating, at, fixed, u);
        let before = Before::of(found.as_deref());
        match found {
            Some(s) => *s = outcome.state,
            None => {
                d.items.insert((card_id.into(), side), outcome.state);
            }
        }
        d.today.add(date, before, 1);
    }

    /// The progress replayed, in the progress' own layout.
    pub fn finish(self) -> Progress {
        let mut progress = Progress {
            last_seq: self.last_seq,
            ..Progress::default()
        };
        for (id, d) in self.decks.into_vec() {
            // Straight into the dense store, the card ids copied into its text.
            let text = d.items.keys().map(|(card, _)| card.len()).sum();
            let mut items = Items::with_capacity(d.items.len(), text);
            for ((card, side), s) in d.items {
                items.insert((card.as_str(), side), s);
            }
            let deck = DeckProgress {
                items,
                today: d.today,
                suspended: d.suspended,
            };
            progress.decks.insert(id, Arc::new(deck));
        }
        progress
    }
}

/// The progress of several replays of disjoint sets of decks (each given every event of its
/// decks, in order), put together: what one replay of every event gives.
pub fn join(parts: impl IntoIterator<Item = Progress>) -> Progress {
    let mut progress = Progress::default();
    for p in parts {
        progress.last_seq = progress.last_seq.max(p.last_seq);
        progress.decks.extend(p.decks);
    }
    progress
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
