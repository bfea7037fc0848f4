//! What is studied today: the one walk over a deck's items that decides which new, due and
//! learning items a session takes and which siblings wait, shared by the session queue
//! (`session::Session::new`) and the deck list's counts ([`deck_counts`]). Pure: the day,
//! limits and shuffle seed are arguments. Must not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet, VecDeque};

use jiff::Timestamp;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::deck::{ItemKey, KeyRef, Side, Sides};
use super::outline::{LazyOutline, Outline};
use super::progress::DeckProgress;
use super::related::Related;
use super::scheduler::Phase;
use super::settings::Limits;
use super::summary::{Fingerprint, nanos};
use super::time::StudyDay;

/// New / learning / due counts, as shown on the home screen and while studying.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

/// Where an item goes in today's session.
enum Slot {
    New,
    Review(Timestamp),
    Learning(Timestamp),
}

/// Which siblings [`walk`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bury {
    /// The session queue: a unit gives at most one new or due item a day.
    Session,
    /// The deck list's counts, as Anki's deck list counts: only what an answer has already
    /// buried is left out, so the siblings a session will hold back till tomorrow still count.
    Answered,
}

/// Walks `deck`'s items in deck order and hands each one that today's session would take to
/// `take` (new items only up to `new_left`). The one place that decides what is studied today,
/// shared by the session queue and the deck list's counts.
///
/// Siblings (the two directions of a fact, the deletions of one cloze) and related cards (a
/// group: cards that test the same fact) form one unit, and a unit is studied at most once a
/// day, as Anki buries siblings: while any of its items was studied today or is being learnt
/// (learning or relearning, due today or not), its other items wait, and otherwise only its
/// first item due or new is taken ([`Bury::Session`]; with [`Bury::Answered`] every item of a
/// unit that is not waiting is taken). A card in `waiting` waits too: a card of another deck
/// with its group keeps it busy (see `related`). Learning items are always taken (they are
/// never buried).
fn walk(
    deck: &Outline,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    new_left: usize,
    bury: Bury,
    waiting: &HashSet<usize>,
    mut take: impl FnMut(Slot, &str, Side),
) {
    // Looked up by borrowed id: nothing is allocated for the cards that are not queued.
    let state =
        |card: &str, side: Side| progress.and_then(|p| p.items.state(&(card, side) as &dyn KeyRef));
    // Whether one of the card's items keeps its unit busy today.
    let busy = |card: &str, sides: Sides| {
        sides.iter().any(|s| {
            state(card, s)
                .is_some_and(|st| day.contains(st.last_review) || st.phase != Phase::Review)
        })
    };
    // Groups, by card index; built only for a deck that declares groups.
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut group_busy: Vec<bool> = Vec::with_capacity(deck.groups.len());
    for (g, members) in deck.groups.iter().enumerate() {
        let mut any = false;
        for &i in members {
            if let Some((card, sides)) = deck.cards.get(i) {
                group_of.entry(i).or_insert(g);
                any = any || busy(card, *sides) || waiting.contains(&i);
            }
        }
        group_busy.push(any);
    }
    let mut new = 0;
    for (i, (card, sides)) in deck.cards.iter().enumerate() {
        let group = group_of.get(&i).copied();
        // Whether taking one of its items makes the unit wait (never for the counts).
        let shared = bury == Bury::Session && (group.is_some() || sides.len() > 1);
        let mut unit_busy = match group {
            Some(g) => group_busy[g],
            None => sides.len() > 1 && busy(card, *sides),
        } || waiting.contains(&i);
        for side in sides.iter() {
            if progress.is_some_and(|p| p.is_suspended(card, side)) {
                continue;
            }
            match state(card, side) {
                Some(s) if s.due < day.end => match s.phase {
                    Phase::Learning | Phase::Relearning => take(Slot::Learning(s.due), card, side),
                    Phase::Review if !unit_busy => {
                        take(Slot::Review(s.due), card, side);
                        unit_busy = shared;
                    }
                    Phase::Review => {}
                },
                Some(_) => {}
                None if !unit_busy && new < new_left => {
                    new += 1;
                    take(Slot::New, card, side);
                    unit_busy = shared;
                }
                None => {}
            }
        }
        if let Some(g) = group {
            group_busy[g] = unit_busy;
        }
    }
}

/// New and review items left for today under the daily limits.
fn left_today(progress: Option<&DeckProgress>, day: &StudyDay, limits: Limits) -> (usize, usize) {
    let (new_done, reviews_done) = progress.map_or((0, 0), |p| p.today.on(day.date));
    (
        limits.new_per_day.saturating_sub(new_done) as usize,
        limits.reviews_per_day.saturating_sub(reviews_done) as usize,
    )
}

/// The items available today, before any limit is applied beyond the day's.
pub(super) fn build_lists(
    deck: &Outline,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    limits: Limits,
    seed: u64,
    waiting: &HashSet<usize>,
) -> (
    VecDeque<ItemKey>,
    VecDeque<ItemKey>,
    Vec<(Timestamp, ItemKey)>,
) {
    let (new_left, reviews_left) = left_today(progress, day, limits);
    let mut learning = Vec::new();
    let mut reviews: Vec<(Timestamp, ItemKey)> = Vec::new();
    let mut new = VecDeque::new();
    walk(
        deck,
        progress,
        day,
        new_left,
        Bury::Session,
        waiting,
        |slot, card, side| {
            let key = ItemKey {
                card: card.into(),
                side,
            };
            match slot {
                Slot::New => new.push_back(key),
                Slot::Review(due) => reviews.push((due, key)),
                Slot::Learning(due) => learning.push((due, key)),
            }
        },
    );
    learning.sort();
    // Due order, most overdue first; items due the same day in a seeded random order.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    reviews.shuffle(&mut rng);
    reviews.sort_by_key(|(due, _)| due.as_second().div_euclid(86_400));
    let reviews = reviews
        .into_iter()
        .take(reviews_left)
        .map(|(_, k)| k)
        .collect();
    (new, reviews, learning)
}

/// The counts for a deck at `now`, as Anki's deck list counts: every item a session started now
/// could show, siblings included. A session shows one item of a fact a day (see [`walk`]), so
/// when two siblings are due or new today it shows one fewer than counted, and once it has
/// answered one the other is no longer counted (as in Anki with burying on: its deck list
/// counts buried cards only once an answer has buried them).
pub fn deck_counts(
    deck: &Outline,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    limits: Limits,
) -> Counts {
    deck_counts_with(deck, progress, day, limits, &Related::none())
}

/// [`deck_counts`] among other decks: a card whose group `related` says is busy (a card of
/// another deck with its group was studied today) waits.
pub fn deck_counts_with(
    deck: &Outline,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    limits: Limits,
    related: &Related,
) -> Counts {
    // Counted, not queued: no keys are built (the deck list counts every deck at start-up).
    let (new_left, reviews_left) = left_today(progress, day, limits);
    let mut counts = Counts::default();
    walk(
        deck,
        progress,
        day,
        new_left,
        Bury::Answered,
        &related.waiting(deck),
        |slot, _, _| match slot {
            Slot::New => counts.new += 1,
            Slot::Review(_) => counts.due += 1,
            Slot::Learning(_) => counts.learning += 1,
        },
    );
    counts.due = counts.due.min(reviews_left);
    counts
}

/// The deck list's counts of a deck known by its lazy outline: from its saved summary when
/// that can tell them ([`deck_counts_saved`], the outline not made), else by the walk among
/// `related` decks. The deck list and `smriti stats` count with this one function.
pub fn deck_counts_lazy(
    outline: &LazyOutline,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    limits: Limits,
    related: &Related,
) -> Counts {
    (!outline.grouped())
        .then(|| deck_counts_saved(outline.fingerprint(), progress, day, limits))
        .flatten()
        .unwrap_or_else(|| deck_counts_with(outline, progress, day, limits, related))
}

/// [`deck_counts`] without the outline, when the deck's saved summary can tell them: a deck
/// with no progress (every item new), or one whose items are still the saved ones, with a
/// summary made for the outline whose fingerprint is `print`, none of them suspended. The
/// same counts as the walk (a property test holds it); `None` when the walk is needed (a
/// deck with groups has no summary share for the counts, and a changed deck no saved one).
pub fn deck_counts_saved(
    print: Fingerprint,
    progress: Option<&DeckProgress>,
    day: &StudyDay,
    limits: Limits,
) -> Option<Counts> {
    let (new_left, reviews_left) = left_today(progress, day, limits);
    let Some(dp) = progress else {
        let items = usize::try_from(print.items).ok()?;
        return Some(Counts {
            new: items.min(new_left),
            ..Counts::default()
        });
    };
    if !dp.suspended.is_empty() {
        return None;
    }
    let sum = dp.items.summary().filter(|s| s.fits_print(print))?;
    let (new, learning, due) =
        sum.today?
            .available(&sum.states, sum.dues, nanos(day.start), nanos(day.end))?;
    Some(Counts {
        new: new.min(new_left),
        learning,
        due: due.min(reviews_left),
    })
}
