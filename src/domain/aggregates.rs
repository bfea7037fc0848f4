//! The review log's figures kept as running totals, so that the statistics never read the
//! log: per deck, each study day's answers (count, time, review-card answers and passes) and
//! each card's answers and right answers (for accuracy by tag). An answer adds to them; an
//! undo takes back exactly what its answer added (the undo event carries the answer's instant,
//! rating and time). Folding the whole log from the start, leaving out undone answers, gives
//! the same totals: `smriti rebuild` does that, and the tests prove the two agree.
//!
//! Pure: the study day of an instant comes from a function the caller passes in. Must not
//! depend on `store`/`tui`.

use std::collections::{BTreeMap, HashMap, HashSet};

use compact_str::CompactString;
use jiff::Timestamp;
use jiff::civil::Date;

use super::by_deck::ByDeck;
use super::logged::Logged;
use super::outline::Outline;
use super::progress::{Before, Event};
use super::scheduler::Rating;
use super::tag_totals::{Count, TagTotals};

/// One study day's answers in one deck (scheduled answers; cram answers are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTotals {
    /// Answers.
    pub answers: u32,
    /// Time spent answering, in milliseconds.
    pub ms: u64,
    /// Answers to cards that were in review (for true retention).
    pub review_answers: u32,
    /// Of those, the ones not rated Again.
    pub review_passed: u32,
}

/// One card's answers (all its sides together): how many, and how many not rated Again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardTotals {
    pub right: u32,
    pub answers: u32,
}

/// The running totals of one deck.
#[derive(Debug, Clone, Default)]
pub struct DeckTotals {
    pub days: BTreeMap<Date, DayTotals>,
    /// By card id (not item key: `card:reverse` counts for `card`); read from the totals'
    /// binary copy only when first wanted (see [`Cards`]).
    pub cards: Cards,
    /// The accuracy by tag saved with these totals (`domain::tag_totals`), while they are
    /// still the saved ones: any answer or undo counted on top drops it.
    pub tags: Option<TagTotals>,
}

/// Two decks' totals are equal when their days and cards are: the saved tag counters are
/// derived from the cards (and an outline), kept only to save the look-ups.
impl PartialEq for DeckTotals {
    fn eq(&self, other: &DeckTotals) -> bool {
        self.days == other.days && self.cards == other.cards
    }
}

/// Each card's totals by card id, hashed with foldhash: read whole from `stats.cache` by
/// `smriti stats` and the statistics screen (100,000 inserts at 100k cards, where SipHash
/// was a tenth of the command); the ids come from the user's own decks and logs.
pub type CardMap = HashMap<String, CardTotals, foldhash::fast::RandomState>;

/// A deck's card totals left in the bytes of the totals' binary copy (`store::stats_cache`,
/// which implements it) until something wants them: `smriti stats` and the statistics screen
/// add the saved accuracy by tag instead, so decoding 100,000 card ids into a map (a quarter
/// of `smriti stats` at 100k cards) is done only for a deck whose counters do not fit its
/// outline or whose totals the log's tail changes. The copy's bytes were checked whole when it
/// was read, so thawing cannot fail.
pub trait FrozenCards: Send + Sync {
    /// How many cards have totals.
    fn count(&self) -> usize;
    /// The totals as a map (every card of the copy).
    fn thaw(&self) -> CardMap;
}

/// One deck's card totals by card id: a map, or cards still frozen in a copy's bytes (see
/// [`FrozenCards`]), thawed once at the first look (through `Deref`) and for good at the first
/// change (through `DerefMut`). Compares, clones and reads as the map.
#[derive(Default)]
pub struct Cards {
    map: CardMap,
    frozen: Option<std::sync::Arc<dyn FrozenCards>>,
    /// The frozen cards thawed by a reader that could not change them.
    thawed: std::sync::OnceLock<CardMap>,
    /// The accuracy by tag last worked out from these cards (see
    /// [`DeckTotals::tags_for_print`]), dropped at their first change: the statistics of all
    /// decks opened again count no card of a deck not answered since, which with a tally per
    /// tagged card grew with the cards that have answers.
    counted: std::sync::OnceLock<TagTotals>,
}

impl Cards {
    /// Cards left frozen until wanted.
    pub fn frozen(cards: std::sync::Arc<dyn FrozenCards>) -> Cards {
        Cards {
            map: CardMap::default(),
            frozen: Some(cards),
            thawed: std::sync::OnceLock::new(),
            counted: std::sync::OnceLock::new(),
        }
    }

    /// How many cards have totals, without thawing them.
    pub fn count(&self) -> usize {
        match &self.frozen {
            Some(f) => self.thawed.get().map_or_else(|| f.count(), HashMap::len),
            None => self.map.len(),
        }
    }

    /// The accuracy by tag last worked out from these cards, while they have not changed
    /// since (see [`DeckTotals::tags_for_print`]).
    pub fn counted_tags(&self) -> Option<&TagTotals> {
        self.counted.get()
    }

    /// Whether the cards are still frozen (not yet looked at).
    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some() && self.thawed.get().is_none()
    }
}

impl From<CardMap> for Cards {
    fn from(map: CardMap) -> Cards {
        Cards {
            map,
            frozen: None,
            thawed: std::sync::OnceLock::new(),
            counted: std::sync::OnceLock::new(),
        }
    }
}

impl std::ops::Deref for Cards {
    type Target = CardMap;
    fn deref(&self) -> &CardMap {
        match &self.frozen {
            Some(f) => self.thawed.get_or_init(|| f.thaw()),
            None => &self.map,
        }
    }
}

impl std::ops::DerefMut for Cards {
    fn deref_mut(&mut self) -> &mut CardMap {
        // (What was counted from the cards may no longer be theirs.)
        self.counted.take();
        if let Some(f) = self.frozen.take() {
            self.map = self.thawed.take().unwrap_or_else(|| f.thaw());
        }
        &mut self.map
    }
}

impl Clone for Cards {
    fn clone(&self) -> Cards {
        match &self.frozen {
            Some(f) => Cards {
                map: CardMap::default(),
                frozen: Some(std::sync::Arc::clone(f)),
                thawed: self.thawed.clone(),
                counted: self.counted.clone(),
            },
            None => Cards {
                counted: self.counted.clone(),
                ..Cards::from(self.map.clone())
            },
        }
    }
}

impl PartialEq for Cards {
    fn eq(&self, other: &Cards) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Cards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl DeckTotals {
    fn is_empty(&self) -> bool {
        self.days.is_empty() && self.cards.count() == 0
    }

    /// The deck's accuracy by tag for `outline`'s tags, worked out from its cards now (see
    /// [`TagTotals::of`]).
    pub fn count_tags(&self, outline: &Outline) -> TagTotals {
        TagTotals::of(outline, |card| {
            self.cards.get(card).map(|c| Count {
                right: c.right,
                answers: c.answers,
            })
        })
    }

    /// The deck's accuracy by tag for `outline`'s tags: the saved counters when they were
    /// made for those tags, else worked out from its cards.
    pub fn tags_for(&self, outline: &Outline) -> std::borrow::Cow<'_, TagTotals> {
        self.tags_for_print(outline, super::tag_totals::fingerprint(outline))
    }

    /// [`DeckTotals::tags_for`], given the fingerprint of `outline`'s tags (known to a deck
    /// list's outline after the first time: the statistics screen opened again hashes no id).
    /// Counters worked out from the cards are kept with them until they change (see
    /// [`Cards::counted_tags`]), so that the next call for the same tags counts nothing.
    pub fn tags_for_print(&self, outline: &Outline, print: u64) -> std::borrow::Cow<'_, TagTotals> {
        let fits = |t: &&TagTotals| t.fits_print(outline, print);
        if let Some(t) = self.tags.as_ref().filter(fits) {
            return std::borrow::Cow::Borrowed(t);
        }
        let counted = self.cards.counted.get_or_init(|| self.count_tags(outline));
        match Some(counted).filter(fits) {
            Some(t) => std::borrow::Cow::Borrowed(t),
            // Counted before for other tags (the deck's file changed since).
            None => std::borrow::Cow::Owned(self.count_tags(outline)),
        }
    }
}

/// What one answer added to the totals, as an undo must take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer<'a> {
    pub deck: &'a str,
    /// Item key (`card`, `card:reverse`, `card:c2`).
    pub item: &'a str,
    pub day: Date,
    pub rating: Rating,
    pub ms: u64,
    pub before: Before,
}

/// The running totals of every deck. Which log lines they include is kept beside them, as each
/// log's mark (see `store::stats_file`): with one log per device, no single sequence number can
/// say it, since each device numbers its own answers.
///
/// With them, every deck's days added together ([`Aggregates::all_days`]): made at the first
/// look (a pass over each deck's days) and then kept up to date by each answer and undo, so
/// that the statistics of all decks cost the span of study days, not the decks times their
/// days (which grows with the log). Code that changes `decks` other than through
/// [`Aggregates::apply`] must call [`Aggregates::decks_changed`] if the sum was looked at.
#[derive(Debug, Clone, Default)]
pub struct Aggregates {
    pub decks: HashMap<String, DeckTotals>,
    all: std::sync::OnceLock<BTreeMap<Date, DayTotals>>,
}

/// Two totals are equal when their decks are (the days added together follow from them).
impl PartialEq for Aggregates {
    fn eq(&self, other: &Aggregates) -> bool {
        self.decks == other.decks
    }
}

/// `to += from` (`sign` 1) or `to -= from` (`sign` -1), field by field, wrapping: the days
/// added together are the wrapping sum of the decks' days, so that adding and taking back
/// always meet.
pub fn shift_day(to: &mut DayTotals, from: &DayTotals, sign: i8) {
    let (a, m, r, p) = if sign > 0 {
        (
            from.answers,
            from.ms,
            from.review_answers,
            from.review_passed,
        )
    } else {
        (
            from.answers.wrapping_neg(),
            from.ms.wrapping_neg(),
            from.review_answers.wrapping_neg(),
            from.review_passed.wrapping_neg(),
        )
    };
    to.answers = to.answers.wrapping_add(a);
    to.ms = to.ms.wrapping_add(m);
    to.review_answers = to.review_answers.wrapping_add(r);
    to.review_passed = to.review_passed.wrapping_add(p);
}

/// Adds (`sign` 1) or takes away (`sign` -1) `days` to or from `to`, a sum of days; a day
/// that falls to all zeros is removed.
pub fn shift_days<'a>(
    to: &mut BTreeMap<Date, DayTotals>,
    days: impl IntoIterator<Item = (&'a Date, &'a DayTotals)>,
    sign: i8,
) {
    for (day, t) in days {
        let e = to.entry(*day).or_default();
        shift_day(e, t, sign);
        if *e == DayTotals::default() {
            to.remove(day);
        }
    }
}

/// Why an event cannot be counted on top of the totals: an undo written without what it takes
/// back (by an older smriti). The totals must then be folded again from the whole log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the undo #{undo} does not say what it takes back")]
pub struct Unknown {
    pub undo: u64,
}

/// The card id of an item key (`card`, `card:reverse`, `card:c2`), without copying it.
pub fn card_of(item: &str) -> &str {
    match item.rsplit_once(':') {
        Some((card, "reverse")) => card,
        Some((card, n))
            if n.strip_prefix('c')
                .is_some_and(|d| d.parse::<u16>().is_ok()) =>
        {
            card
        }
        _ => item,
    }
}

impl Aggregates {
    /// Totals of these decks.
    pub fn from_decks(decks: HashMap<String, DeckTotals>) -> Aggregates {
        Aggregates {
            decks,
            all: std::sync::OnceLock::new(),
        }
    }

    /// Every deck's study days added together (days whose sums are all zeros left out): made
    /// at the first call, then kept up to date by [`Aggregates::apply`].
    pub fn all_days(&self) -> &BTreeMap<Date, DayTotals> {
        self.all.get_or_init(|| {
            let mut all = BTreeMap::new();
            for d in self.decks.values() {
                shift_days(&mut all, &d.days, 1);
            }
            all
        })
    }

    /// Drops the days added together after `decks` was changed directly (not through
    /// [`Aggregates::apply`]): they are made again at the next look.
    pub fn decks_changed(&mut self) {
        self.all = std::sync::OnceLock::new();
    }

    /// Counts one event on top of the totals, in log order: an answer adds, an undo takes back
    /// what it names, a cram answer or a suspension changes nothing.
    pub fn apply(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) -> Result<(), Unknown> {
        match e {
            Event::Review {
                at,
                deck,
                card,
                rating,
                ms,
                before,
                ..
            } => {
                self.add(
                    Answer {
                        deck,
                        item: card,
                        day: day_of(*at),
                        rating: *rating,
                        ms: *ms,
                        before: *before,
                    },
                    1,
                );
                Ok(())
            }
            Event::Cram { .. } | Event::Suspend { .. } => Ok(()),
            Event::Undo {
                seq,
                deck,
                card,
                before,
                takes_back,
                ..
            } => {
                let t = takes_back.ok_or(Unknown { undo: *seq })?;
                self.add(
                    Answer {
                        deck,
                        item: card,
                        day: day_of(t.at),
                        rating: t.rating,
                        ms: t.ms,
                        before: *before,
                    },
                    -1,
                );
                Ok(())
            }
        }
    }

    /// Adds (`sign` 1) or takes back (`sign` -1) one answer. Totals that fall to nothing are
    /// removed, so that taking an answer back leaves what never having it would.
    fn add(&mut self, a: Answer<'_>, sign: i8) {
        let plus = sign > 0;
        if plus && !self.decks.contains_key(a.deck) {
            self.decks.insert(a.deck.to_owned(), DeckTotals::default());
        }
        let Some(dt) = self.decks.get_mut(a.deck) else {
            return;
        };
        // The saved accuracy by tag is no longer these totals'.
        dt.tags = None;
        let passed = a.rating != Rating::Again;
        let step = |n: &mut u32, by: bool| {
            if by {
                *n = if plus {
                    n.saturating_add(1)
                } else {
                    n.saturating_sub(1)
                };
            }
        };
        if plus || dt.days.contains_key(&a.day) {
            let day = dt.days.entry(a.day).or_default();
            let was = *day;
            step(&mut day.answers, true);
            day.ms = if plus {
                day.ms.saturating_add(a.ms)
            } else {
                day.ms.saturating_sub(a.ms)
            };
            let review = a.before == Before::Review;
            step(&mut day.review_answers, review);
            step(&mut day.review_passed, review && passed);
            // The days added together, once made, by what this day changed.
            if let Some(all) = self.all.get_mut() {
                let e = all.entry(a.day).or_default();
                shift_day(e, day, 1);
                shift_day(e, &was, -1);
                if *e == DayTotals::default() {
                    all.remove(&a.day);
                }
            }
            if day.answers == 0 {
                dt.days.remove(&a.day);
            }
        }
        // One look-up for a card already counted (most answers); a new one is inserted.
        let card = card_of(a.item);
        if let Some(c) = dt.cards.get_mut(card) {
            step(&mut c.answers, true);
            step(&mut c.right, passed);
            if c.answers == 0 {
                dt.cards.remove(card);
            }
        } else if plus {
            let c = CardTotals {
                right: u32::from(passed),
                answers: 1,
            };
            dt.cards.insert(card.to_owned(), c);
        }
        if dt.is_empty() {
            self.decks.remove(a.deck);
        }
    }
}

/// The totals folded from the whole log, from its start, one event at a time (a million-answer
/// log is never held): first collect the undone answers (see
/// [`super::progress::undone_seqs`]), then push every event in order. Undone answers are left
/// out and undos pass over, so no undo needs to say what it takes back.
///
/// A fold only adds, so it keeps its own layout, built for a million answers: the decks in a
/// [`ByDeck`] (the last one found is tried first: a session answers one deck), each deck's days and
/// cards in maps with a fast hasher (foldhash; the keys come from the user's own logs, so
/// SipHash's guard against chosen keys buys nothing), a card id copied once, at its first
/// answer. [`Fold::finish`] gives the same [`Aggregates`] as adding each answer would.
pub struct Fold {
    undone: HashSet<u64>,
    decks: ByDeck<Box<str>, DeckFold>,
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// One deck's totals while folding.
#[derive(Default)]
struct DeckFold {
    days: FastMap<Date, DayTotals>,
    /// By card id, held inline when short (`CompactString`: up to 24 bytes in the map's own
    /// slot), so that a look-up compares the text without following a pointer to it.
    cards: FastMap<CompactString, CardTotals>,
}

impl Fold {
    pub fn new(undone: HashSet<u64>) -> Fold {
        Fold {
            undone,
            decks: ByDeck::default(),
        }
    }

    pub fn push(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        let Event::Review {
            seq,
            at,
            deck,
            card,
            rating,
            ms,
            before,
            ..
        } = e
        else {
            // Cram answers count nothing; undone answers are left out, so undos pass over.
            return;
        };
        if !self.undone.contains(seq) {
            self.count(deck, card, day_of(*at), *rating, *ms, *before);
        }
    }

    /// [`Fold::push`] of an event as `store` reads it for a replay, given the study day of its
    /// instant (see `Replay::push_logged`).
    pub fn push_logged(&mut self, e: &Logged, date: Date) {
        match e {
            Logged::Answer(a) => {
                if !self.undone.contains(&a.seq) {
                    self.count(&a.deck, &a.card, date, a.rating, a.ms, a.before);
                }
            }
            Logged::Event(e) => self.push(e, &|_| date),
        }
    }

    /// Counts one answer (as `Aggregates::add` adds one).
    fn count(
        &mut self,
        deck: &str,
        item: &str,
        date: Date,
        rating: Rating,
        ms: u64,
        before: Before,
    ) {
        let d = self.deck(deck);
        let passed = rating != Rating::Again;
        let review = before == Before::Review;
        let day = d.days.entry(date).or_default();
        day.answers = day.answers.saturating_add(1);
        day.ms = day.ms.saturating_add(ms);
        day.review_answers = day.review_answers.saturating_add(u32::from(review));
        day.review_passed = day
            .review_passed
            .saturating_add(u32::from(review && passed));
        let card = card_of(item);
        match d.cards.get_mut(card) {
            Some(c) => {
                c.answers = c.answers.saturating_add(1);
                c.right = c.right.saturating_add(u32::from(passed));
            }
            None => {
                let c = CardTotals {
                    right: u32::from(passed),
                    answers: 1,
                };
                d.cards.insert(card.into(), c);
            }
        }
    }

    /// The deck's totals, made at its first answer.
    fn deck(&mut self, deck: &str) -> &mut DeckFold {
        self.decks.get_or_default(deck, |d| Box::from(d))
    }

    pub fn finish(self) -> Aggregates {
        let decks = self
            .decks
            .into_vec()
            .into_iter()
            .map(|(id, d)| {
                let totals = DeckTotals {
                    days: d.days.into_iter().collect(),
                    cards: d
                        .cards
                        .into_iter()
                        .map(|(card, c)| (card.into_string(), c))
                        .collect::<CardMap>()
                        .into(),
                    tags: None,
                };
                (String::from(id), totals)
            })
            .collect();
        Aggregates::from_decks(decks)
    }
}

#[cfg(test)]
#[path = "aggregates_tests.rs"]
mod tests;
