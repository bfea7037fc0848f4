//! A deck's summary: what the statistics need of its saved items, worked out once when the
//! snapshot's binary copy is written, so that `smriti stats`, the statistics screen and the
//! exam-day recall read a few numbers per deck instead of looking up every card.
//!
//! A summary is made for one outline of the deck (its items in deck order) and says which one
//! by a [`Fingerprint`]: the number of items and a hash of their ids and sides in order. It is
//! used only for that outline and only while the deck's items are still the saved ones (an
//! answer or the log's tail after the snapshot changes them, and the statistics then look the
//! cards up as before). It holds the cards by state (new: the outline's items without a
//! state; a state of an item the outline no longer has counts nowhere, as when the cards are
//! looked up), the studied items' due instants in ascending order (the forecast counts them
//! between the day ends by binary search) and the studied items' last review and stability
//! in the outline's order (the exam-day recall sums their retrievability in the same order as
//! the look-ups do, so its mean is the same to the last bit). Pure; must not depend on
//! `store`/`tui`.

use std::borrow::Borrow;

use jiff::Timestamp;
use serde::Serialize;

use super::deck::Side;
pub use super::outline::Fingerprint;
use super::outline::Outline;
use super::scheduler::{CardState, Params, Phase};
use super::time::{DAY_MICROS, elapsed_days};

/// A review card with an interval of at least this many days is "mature" (as in Anki).
pub const MATURE_DAYS: i64 = 21;

/// Cards by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct States {
    pub new: u32,
    pub learning: u32,
    pub young: u32,
    pub mature: u32,
}

/// Predicted recall of one deck on a future day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recall {
    /// Mean retrievability over every card (new cards count as 0).
    pub mean: f64,
    /// Cards predicted below 90 %.
    pub below_90: u32,
    pub cards: u32,
    /// Cards answered at least once: none, and the deck is not started (its mean, 0, says
    /// nothing about how ready it is).
    pub studied: u32,
}

impl Recall {
    /// The deck's recall from the sum of its cards' retrievabilities (new cards add 0) and
    /// the count of them below 90 %: one rule for the summaries and the card-by-card look-up.
    pub fn of(sum: f64, below_90: u32, cards: u32, studied: u32) -> Recall {
        Recall {
            mean: if cards == 0 {
                0.0
            } else {
                sum / f64::from(cards)
            },
            below_90,
            cards,
            studied,
        }
    }

    /// No card of the deck has been answered yet.
    pub fn not_started(&self) -> bool {
        self.studied == 0
    }
}

/// The fingerprint of `outline` (see [`Outline::fingerprint`]).
pub fn fingerprint(outline: &Outline) -> Fingerprint {
    outline.fingerprint()
}

/// A deck's summary as saved: the figures, and the due instants and recall inputs left in the
/// bytes they were read from (see the module's doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary<'a> {
    pub outline: Fingerprint,
    pub states: States,
    /// The studied items' due instants (Unix nanoseconds, little-endian i64), ascending.
    pub dues: &'a [[u8; 8]],
    /// The studied items in outline order: last review (Unix microseconds, little-endian
    /// i64) and stability (little-endian f64 bits).
    pub recall: &'a [[u8; 16]],
}

impl Summary<'_> {
    /// Whether this summary was made for `outline` (computes its fingerprint).
    pub fn fits(&self, outline: &Outline) -> bool {
        self.fits_print(fingerprint(outline))
    }

    /// Whether this summary was made for the outline whose fingerprint is `print`.
    pub fn fits_print(&self, print: Fingerprint) -> bool {
        self.outline == print
            && self.recall.len() == self.dues.len()
            && u64::from(self.states.new) + self.dues.len() as u64 == u64::from(print.items)
    }

    /// How many studied items fall due before `end` (`end` compared as the cards' `due`).
    pub fn due_before(&self, end: Timestamp) -> usize {
        let end = end.as_nanosecond();
        self.dues
            .partition_point(|d| i128::from(i64::from_le_bytes(*d)) < end)
    }

    /// Adds the studied items to `forecast`: each to the first day whose end (`ends`,
    /// ascending, one per day) is after its due instant; none past the last day.
    pub fn add_forecast(&self, ends: &[Timestamp], forecast: &mut [u32]) {
        let mut before = 0;
        for (n, end) in forecast.iter_mut().zip(ends) {
            let upto = self.due_before(*end);
            *n += u32::try_from(upto - before).unwrap_or(u32::MAX);
            before = upto;
        }
    }

    /// The predicted recall of the outline's items at `at` (see `stats::predicted_recall`).
    pub fn recall(&self, at: Timestamp, params: &Params) -> Recall {
        let at = at.as_microsecond();
        let mut sum = 0.0;
        let mut below = self.states.new;
        for r in self.recall {
            let (last, stability) = r.split_at(8);
            let last = i64::from_le_bytes(last.try_into().unwrap_or_default());
            let s = f64::from_bits(u64::from_le_bytes(stability.try_into().unwrap_or_default()));
            let t = ((at - last).max(0) / DAY_MICROS) as f64;
            let r = params.retrievability(t, s);
            sum += r;
            if r < 0.9 {
                below += 1;
            }
        }
        let studied = u32::try_from(self.recall.len()).unwrap_or(u32::MAX);
        Recall::of(sum, below, self.outline.items, studied)
    }
}

/// A summary in the making, as a deck's items are given in key order (the snapshot's binary
/// copy, `store::progress_cache`, as it writes them; `Items::summary_for` from the items in
/// memory). `O` holds the outline (an `Arc` or a reference).
pub struct Summarizer<O: Borrow<Outline>> {
    outline: O,
    /// The outline's items (card index, side, position in deck order), in key order.
    sorted: Vec<(u32, Side, u32)>,
    /// Where the merge with the written items is in `sorted`.
    at: usize,
    states: States,
    dues: Vec<i64>,
    recall: Vec<Option<(i64, u64)>>,
    prev: Option<(String, Side)>,
    /// False once the items came out of key order, or the outline names an item twice.
    ok: bool,
}

impl Made {
    /// The summary kept in memory (`Items::summary_for`), read as a saved one is.
    pub fn kept(self) -> Kept {
        Kept {
            outline: self.outline,
            states: self.states,
            dues: self.dues.iter().map(|d| d.to_le_bytes()).collect(),
            recall: self
                .recall
                .iter()
                .map(|(l, s)| {
                    let mut r = [0; 16];
                    r[..8].copy_from_slice(&l.to_le_bytes());
                    r[8..].copy_from_slice(&s.to_le_bytes());
                    r
                })
                .collect(),
        }
    }
}

/// A summary made from the items in memory and kept with them until they change.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    outline: Fingerprint,
    states: States,
    dues: Vec<[u8; 8]>,
    recall: Vec<[u8; 16]>,
}

impl Kept {
    pub fn view(&self) -> Summary<'_> {
        Summary {
            outline: self.outline,
            states: self.states,
            dues: &self.dues,
            recall: &self.recall,
        }
    }
}

/// A summary made, to be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub outline: Fingerprint,
    pub states: States,
    /// Ascending.
    pub dues: Vec<i64>,
    /// In outline order: last review (µs) and stability's bits.
    pub recall: Vec<(i64, u64)>,
}

impl<O: Borrow<Outline>> Summarizer<O> {
    /// A summary of the items about to be given for `outline`.
    pub fn new(outline: O) -> Summarizer<O> {
        let o: &Outline = outline.borrow();
        let mut sorted = Vec::with_capacity(o.item_count());
        let mut pos = 0u32;
        for (ci, (_, sides)) in o.cards.iter().enumerate() {
            for side in sides.iter() {
                sorted.push((u32::try_from(ci).unwrap_or(u32::MAX), side, pos));
                pos = pos.saturating_add(1);
            }
        }
        let card = |i: u32| o.cards.get(i as usize).map_or("", |c| c.0.as_str());
        sorted.sort_unstable_by(|a, b| (card(a.0), a.1).cmp(&(card(b.0), b.1)));
        let ok = sorted
            .windows(2)
            .all(|w| (card(w[0].0), w[0].1) < (card(w[1].0), w[1].1));
        let n = sorted.len();
        Summarizer {
            outline,
            sorted,
            at: 0,
            states: States::default(),
            dues: Vec::with_capacity(n),
            recall: vec![None; n],
            prev: None,
            ok,
        }
    }

    fn card(&self, i: u32) -> &str {
        self.outline
            .borrow()
            .cards
            .get(i as usize)
            .map_or("", |c| c.0.as_str())
    }

    /// The next item, in key order, with its state as the saved copy gives it back.
    pub fn item(&mut self, card: &str, side: Side, s: &CardState) {
        let key = (card, side);
        if !self.ok {
            return;
        }
        if let Some((c, side)) = &self.prev
            && (c.as_str(), *side) >= key
        {
            self.ok = false;
            return;
        }
        match &mut self.prev {
            Some((c, s)) => {
                c.clear();
                c.push_str(card);
                *s = side;
            }
            None => self.prev = Some((card.to_owned(), side)),
        }
        while let Some(&(ci, at_side, _)) = self.sorted.get(self.at)
            && (self.card(ci), at_side) < key
        {
            self.at += 1;
        }
        let Some(&(ci, at_side, pos)) = self.sorted.get(self.at) else {
            return;
        };
        if (self.card(ci), at_side) != key {
            // An item the outline no longer has: counted nowhere.
            return;
        }
        self.at += 1;
        match s.phase {
            Phase::Learning | Phase::Relearning => self.states.learning += 1,
            Phase::Review if elapsed_days(s.last_review, s.due) >= MATURE_DAYS => {
                self.states.mature += 1
            }
            Phase::Review => self.states.young += 1,
        }
        self.dues.push(nanos(s.due));
        if let Some(r) = self.recall.get_mut(pos as usize) {
            *r = Some((s.last_review.as_microsecond(), s.stability.to_bits()));
        }
    }

    /// The summary, if the items came in key order and the outline names each item once.
    pub fn finish(mut self) -> Option<Made> {
        if !self.ok {
            return None;
        }
        self.dues.sort_unstable();
        let recall: Vec<(i64, u64)> = self.recall.into_iter().flatten().collect();
        let studied = u32::try_from(recall.len()).ok()?;
        let outline = self.outline.borrow().fingerprint();
        self.states.new = outline.items.checked_sub(studied)?;
        Some(Made {
            outline,
            states: self.states,
            dues: self.dues,
            recall,
        })
    }
}

/// Unix nanoseconds, as the saved copy keeps an instant (beyond i64's range, clamped: the
/// copy gives back the clamped instant, so the summary uses it too).
pub fn nanos(t: Timestamp) -> i64 {
    i64::try_from(t.as_nanosecond()).unwrap_or(if t.as_second() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
