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
    /// What the deck list's counts need beyond that (`None` for a deck with groups).
    pub today: Option<Today<'a>>,
}

/// Units studied this long before a deck's latest review are kept in [`Today::recent`]: a
/// study day starts at most 25 hours before its last instant.
pub const RECENT_NANOS: i64 = 2 * 86_400 * 1_000_000_000;

/// What the deck list's counts need of a deck's saved items besides the due instants (see
/// `today::counts_from_summary`), for an outline without groups: a unit is a card's items
/// (its sides), which wait while one of them is learnt or was studied today. Instants are
/// Unix nanoseconds, little-endian i64.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Today<'a> {
    /// The latest last review of the studied items (`i64::MIN`: none).
    pub last: i64,
    /// The learning and relearning items' due instants, ascending.
    pub learning: &'a [[u8; 8]],
    /// The review items of a unit with a learning item (waiting while it is learnt): due
    /// instants, ascending.
    pub held: &'a [[u8; 8]],
    /// The new items of such units.
    pub held_new: u32,
    /// Each item of a unit of several items with no learning item whose latest review is at
    /// most [`RECENT_NANOS`] before `last`: that review, and the item's due instant
    /// (`i64::MIN`: a new item).
    pub recent: &'a [[u8; 16]],
}

/// How many of `dues` (ascending instants) are before `end`.
fn before(dues: &[[u8; 8]], end: i64) -> usize {
    dues.partition_point(|d| i64::from_le_bytes(*d) < end)
}

impl Today<'_> {
    /// How many learning and relearning items are due before `end`.
    pub fn learning_before(&self, end: Timestamp) -> usize {
        let end = end.as_nanosecond();
        self.learning
            .partition_point(|d| i128::from(i64::from_le_bytes(*d)) < end)
    }

    /// The items a session on the study day from `start` to `end` could show, before the
    /// daily limits: (new, learning, review); `None` when these figures cannot tell (a
    /// review after the day, or a day that starts long before the latest review).
    pub fn available(
        &self,
        states: &States,
        dues: &[[u8; 8]],
        start: i64,
        end: i64,
    ) -> Option<(usize, usize, usize)> {
        if self.last >= end
            || (self.last != i64::MIN && start < self.last.saturating_sub(RECENT_NANOS))
        {
            return None;
        }
        let learning = before(self.learning, end);
        let mut review = before(dues, end)
            .checked_sub(learning)?
            .checked_sub(before(self.held, end))?;
        let mut new = usize::try_from(states.new.checked_sub(self.held_new)?).ok()?;
        for r in self.recent {
            let (unit, due) = r.split_at(8);
            let unit = i64::from_le_bytes(unit.try_into().ok()?);
            let due = i64::from_le_bytes(due.try_into().ok()?);
            if unit < start {
                continue;
            }
            if due == i64::MIN {
                new = new.checked_sub(1)?;
            } else if due < end {
                review = review.checked_sub(1)?;
            }
        }
        Some((new, learning, review))
    }
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
    /// By position in deck order: learning or not, last review and due (nanoseconds).
    today: Vec<Option<(bool, i64, i64)>>,
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
            recall: self.recall.iter().map(|(l, s)| pair(*l, *s)).collect(),
            today: self.today.map(|t| KeptToday {
                last: t.last,
                learning: t.learning.iter().map(|d| d.to_le_bytes()).collect(),
                held: t.held.iter().map(|d| d.to_le_bytes()).collect(),
                held_new: t.held_new,
                recent: t.recent.iter().map(|(u, d)| pair(*u, *d as u64)).collect(),
            }),
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
    today: Option<KeptToday>,
}

#[derive(Debug, Clone, PartialEq)]
struct KeptToday {
    last: i64,
    learning: Vec<[u8; 8]>,
    held: Vec<[u8; 8]>,
    held_new: u32,
    recent: Vec<[u8; 16]>,
}

/// Two numbers as saved side by side (little-endian).
fn pair(a: i64, b: u64) -> [u8; 16] {
    let mut r = [0; 16];
    r[..8].copy_from_slice(&a.to_le_bytes());
    r[8..].copy_from_slice(&b.to_le_bytes());
    r
}

impl Kept {
    pub fn view(&self) -> Summary<'_> {
        Summary {
            outline: self.outline,
            states: self.states,
            dues: &self.dues,
            recall: &self.recall,
            today: self.today.as_ref().map(|t| Today {
                last: t.last,
                learning: &t.learning,
                held: &t.held,
                held_new: t.held_new,
                recent: &t.recent,
            }),
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
    pub today: Option<MadeToday>,
}

/// [`Today`], made to be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct MadeToday {
    pub last: i64,
    /// Ascending.
    pub learning: Vec<i64>,
    /// Ascending.
    pub held: Vec<i64>,
    pub held_new: u32,
    pub recent: Vec<(i64, i64)>,
}

/// The deck list's share of a summary, from each item of `o` (by position in deck order:
/// learning or not, last review, due; `None`: new).
fn made_today(o: &Outline, items: &[Option<(bool, i64, i64)>]) -> MadeToday {
    let last = items
        .iter()
        .flatten()
        .map(|t| t.1)
        .max()
        .unwrap_or(i64::MIN);
    let mut t = MadeToday {
        last,
        learning: Vec::new(),
        held: Vec::new(),
        held_new: 0,
        recent: Vec::new(),
    };
    let mut at = 0;
    for (_, sides) in &o.cards {
        let unit = items.get(at..at + sides.len()).unwrap_or_default();
        at += sides.len();
        let learnt = unit.iter().flatten().any(|i| i.0);
        for i in unit.iter().flatten().filter(|i| i.0) {
            t.learning.push(i.2);
        }
        if unit.len() < 2 {
            continue;
        }
        if learnt {
            t.held
                .extend(unit.iter().flatten().filter(|i| !i.0).map(|i| i.2));
            t.held_new += u32::try_from(unit.iter().filter(|i| i.is_none()).count()).unwrap_or(0);
            continue;
        }
        let Some(studied) = unit.iter().flatten().map(|i| i.1).max() else {
            continue;
        };
        if studied >= last.saturating_sub(RECENT_NANOS) {
            t.recent
                .extend(unit.iter().map(|i| (studied, i.map_or(i64::MIN, |i| i.2))));
        }
    }
    t.learning.sort_unstable();
    t.held.sort_unstable();
    t
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
            today: vec![None; n],
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
        if let Some(t) = self.today.get_mut(pos as usize) {
            *t = Some((s.phase != Phase::Review, nanos(s.last_review), nanos(s.due)));
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
        let o: &Outline = self.outline.borrow();
        let outline = o.fingerprint();
        self.states.new = outline.items.checked_sub(studied)?;
        let today = o.groups.is_empty().then(|| made_today(o, &self.today));
        Some(Made {
            outline,
            states: self.states,
            dues: self.dues,
            recall,
            today,
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
