//! Progress from every device's logs: from scratch ([`whole`]), or from a snapshot and the
//! logs' tails after its marks ([`catch_up`]), with the one rule of `domain::merged`, so
//! that both give the same progress bit for bit whatever order the files arrived in. The one
//! place that start-up, `store::reader` and the running app's refresh bring progress up to
//! date. Part of `store`; must not depend on `tui` or `cli`.

use std::collections::HashMap;
use std::io;

use jiff::Timestamp;
use jiff::civil::Date;

use super::logs::{self, Found, Marks};
use super::review_log::ReviewLog;
use crate::domain::deck::ItemKey;
use crate::domain::ids::DeckId;
use crate::domain::merged::{self, Affected, Merged, ParamsAt};
use crate::domain::progress::{Event, Progress};
use crate::domain::scheduler::CardState;

/// How the progress was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The tails came after everything read before: applied one by one.
    Tails,
    /// Some tail events were older than what was read (`late`: a machine that was offline),
    /// or took back an answer built on since: the `cards` they touch were replayed from their
    /// history.
    Cards { cards: usize, late: bool },
    /// A mark did not fit its log: every log was read from the start.
    Whole,
}

/// What [`catch_up`] (or [`whole`]) did.
#[derive(Debug)]
pub struct CaughtUp {
    pub marks: Marks,
    /// Damaged lines, one message each.
    pub problems: Vec<String>,
    /// Events read: the tails' (or every event, from scratch).
    pub events: usize,
    /// The cards the tails touched (none from scratch).
    pub touched: Affected,
    pub how: How,
}

/// The progress of every log in `found` read from the start, in the merge order, streamed
/// (this device's log through `own`, which may repair its torn tail).
pub fn whole(
    found: &Found,
    own: Option<&mut ReviewLog>,
    params: &dyn ParamsAt,
    day_of: &dyn Fn(Timestamp) -> Date,
) -> io::Result<(Progress, CaughtUp)> {
    let mut events = 0;
    let (fold, marks, problems) = logs::read_all(
        found,
        own,
        None,
        |undone| Merged::new(params, undone),
        |m, e| {
            events += 1;
            m.push(&e, day_of);
        },
    )?;
    let caught = CaughtUp {
        marks,
        problems,
        events,
        touched: Affected::default(),
        how: How::Whole,
    };
    Ok((fold.finish(), caught))
}

/// Brings `progress`, read up to `marks`, up to the end of every log in `found`: the tails
/// applied in the merge order when they come after everything read, else the cards they
/// touch replayed from their history (one streamed pass over the logs up to the marks the
/// tails reached, folding only those cards); from scratch when a mark does not fit its log.
pub fn catch_up(
    found: &Found,
    progress: &mut Progress,
    marks: &Marks,
    mut own: Option<&mut ReviewLog>,
    params: &dyn ParamsAt,
    day_of: &dyn Fn(Timestamp) -> Date,
) -> io::Result<CaughtUp> {
    let Some(tails) = logs::read_tails(found, marks, own.as_deref_mut(), None)? else {
        let (all, caught) = whole(found, own, params, day_of)?;
        *progress = all;
        return Ok(caught);
    };
    let mut affected = Affected::default();
    if tails.in_order {
        // Each tail answer's card and the card's state before it, by (log, number), while it
        // is the card's last event: an undo of it then restores that state, which is the
        // card's state without the answer. An undo of any other answer (one read before, or
        // one built on since) has its card replayed without it.
        let mut undoable: HashMap<(usize, u64), (ItemKey, Option<CardState>, Timestamp)> =
            HashMap::new();
        let mut last_of: HashMap<(DeckId, ItemKey), (usize, u64)> = HashMap::new();
        for (e, &log) in tails.events.iter().zip(&tails.sources) {
            let (deck, card) = match e {
                Event::Review { deck, card, .. }
                | Event::Undo { deck, card, .. }
                | Event::Suspend { deck, card, .. } => (deck, ItemKey::parse(card)),
                Event::Cram { .. } => {
                    merged::apply(progress, e, params, day_of);
                    continue;
                }
            };
            let id = (deck.clone(), card.clone());
            match e {
                Event::Undo { undoes, .. } => {
                    let restore = undoable
                        .remove(&(log, *undoes))
                        .filter(|_| last_of.get(&id) == Some(&(log, *undoes)));
                    match restore {
                        Some((key, before, answered_at)) => {
                            let items = &mut progress.deck_mut(deck).items;
                            match before {
                                Some(s) => items.insert(key, s),
                                None => items.remove(&key),
                            };
                            // Counted once the card is as it was before the answer.
                            merged::take_back(progress, e, answered_at, day_of);
                        }
                        None => {
                            // Its card and its deck's counts are replayed without it.
                            affected.add(e);
                            merged::apply(progress, e, params, day_of);
                        }
                    }
                    last_of.remove(&id);
                }
                Event::Review { seq, .. } => {
                    let before = progress
                        .deck(deck)
                        .and_then(|d| d.items.get(&card))
                        .cloned();
                    undoable.insert((log, *seq), (card, before, e.at()));
                    last_of.insert(id, (log, *seq));
                    merged::apply(progress, e, params, day_of);
                }
                _ => {
                    last_of.remove(&id);
                    merged::apply(progress, e, params, day_of);
                }
            }
        }
    } else {
        tails.events.iter().for_each(|e| affected.add(e));
    }
    let how = if affected.is_empty() {
        How::Tails
    } else {
        let cards = affected.items.len();
        let (part, _, _) = logs::read_all(
            found,
            None,
            Some(&tails.marks),
            |undone| Merged::only(params, undone, affected.clone()),
            |m, e| m.push(&e, day_of),
        )?;
        merged::splice(progress, &part.finish(), &affected);
        How::Cards {
            cards,
            late: !tails.in_order,
        }
    };
    let mut touched = Affected::default();
    tails.events.iter().for_each(|e| touched.add(e));
    Ok(CaughtUp {
        marks: tails.marks,
        problems: tails.problems,
        events: tails.events.len(),
        touched,
        how,
    })
}

#[cfg(test)]
#[path = "catch_up_tests.rs"]
mod tests;
