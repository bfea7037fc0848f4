//! A study session over one deck: which item comes next, answering, undo, and the summary.
//!
//! The queue follows Anki: (re)learning items are shown when due, review items due today and
//! new items up to the day's limits are interleaved (new items spread evenly among reviews),
//! and when nothing else is left a learning item due within the learn-ahead window is shown
//! early. Building is O(deck); every answer is O(log learning) at most. Pure: `now`, the study
//! day and the shuffle seed are arguments. Must not depend on `store`/`tui`.

use std::collections::{HashMap, VecDeque};

use jiff::Timestamp;

use super::button_order::{preview, schedule};
use super::deck::{CardBody, CardId, Deck, ItemKey};
use super::ids::DeckId;
use super::progress::{Before, DeckProgress, Event, Mode, Progress, TakenBack};
use super::quiz::Verdict;
use super::related::Related;
use super::scheduler::{CardState, Outcome, Params, Phase, Rating, fuzz_draw};
use super::settings::Limits;
use super::time::{StudyDay, add_secs};
use super::today::build_lists;
pub use super::today::{
    Counts, deck_counts, deck_counts_lazy, deck_counts_saved, deck_counts_with,
};

/// How far ahead a learning item may be shown when nothing else is left (Anki's default).
pub const LEARN_AHEAD_SECS: f64 = 20.0 * 60.0;

/// Which queue an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queue {
    New,
    Review,
    Learning,
}

#[derive(Debug, Clone)]
struct Answered {
    key: ItemKey,
    queue: Queue,
    seq: u64,
    before: Option<CardState>,
    /// Whether the answer put the item back into today's learning list.
    requeued: bool,
    again: bool,
    ms: u64,
    /// When it was given and how it was rated (an undo tells the statistics what it takes back).
    at: Timestamp,
    rating: Rating,
}

/// How an answer was given, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Milliseconds from showing the question to the answer.
    pub ms: u64,
    pub mode: Mode,
    /// The app's verdict on an auto-graded answer.
    pub verdict: Option<Verdict>,
}

impl Answer {
    /// A self-graded flashcard answer.
    pub fn flashcard(ms: u64) -> Answer {
        Answer {
            ms,
            mode: Mode::Flashcard,
            verdict: None,
        }
    }
}

/// What a finished session did, for the summary screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub answers: u32,
    /// Answers other than Again.
    pub right: u32,
    /// Answers rated Again.
    pub wrong: u32,
    pub new_seen: u32,
    pub millis: u64,
}

/// One session's queue and history.
#[derive(Debug, Clone)]
pub struct Session {
    pub deck_id: DeckId,
    day: StudyDay,
    new: VecDeque<ItemKey>,
    reviews: VecDeque<ItemKey>,
    /// (due, key), kept sorted by due.
    learning: Vec<(Timestamp, ItemKey)>,
    current: Option<(ItemKey, Queue)>,
    new_total: usize,
    review_total: usize,
    new_shown: usize,
    review_shown: usize,
    history: Vec<Answered>,
    summary: Summary,
    /// A cram session: answers are logged as cram and change no schedule.
    cram: bool,
    /// Cram items already sent to the back once after an Again.
    cram_again: std::collections::HashSet<ItemKey>,
    /// New or due items the deck list counts that this session holds back till tomorrow:
    /// siblings (or related cards) of an item it shows today.
    waiting: usize,
    /// The cards whose written options are another card's too, by option set (see
    /// [`option_sets`]): two of a set are not shown one after the other when the queue has
    /// anything else to show.
    option_sets: HashMap<CardId, u32>,
}

/// How far into a queue [`Session::pick`] looks for an item whose options differ from the
/// last one's.
const APART_WITHIN: usize = 64;

/// The mcq and multi cards of `deck` whose written options (as a set, however ordered) are
/// another card's too, each with a number for its set. Cards with options of their own are
/// left out, so the map is empty for most decks.
pub fn option_sets(deck: &Deck) -> HashMap<CardId, u32> {
    let mut by_set: HashMap<Vec<&str>, Vec<&CardId>> = HashMap::new();
    for c in &deck.cards {
        if let CardBody::Mcq { options, .. } | CardBody::Multi { options, .. } = &c.body {
            let mut set: Vec<&str> = options.iter().map(|o| o.trim()).collect();
            set.sort_unstable();
            by_set.entry(set).or_default().push(&c.id);
        }
    }
    let mut sets = HashMap::new();
    let shared = by_set.into_values().filter(|ids| ids.len() > 1);
    for (n, ids) in (0u32..).zip(shared) {
        for id in ids {
            sets.insert(id.clone(), n);
        }
    }
    sets
}

/// Answers one item outside any session queue (a mock test feeding a miss back, for one):
/// runs the scheduler, applies the event to `progress` and returns it for the log.
#[allow(clippy::too_many_arguments)]
pub fn answer_item(
    progress: &mut Progress,
    deck_id: &DeckId,
    key: &ItemKey,
    rating: Rating,
    now: Timestamp,
    how: Answer,
    params: &Params,
    day_of: &dyn Fn(Timestamp) -> jiff::civil::Date,
) -> Event {
    let before = progress
        .deck(deck_id)
        .and_then(|d| d.items.get(key))
        .cloned();
    let u = fuzz_draw(
        &format!("{deck_id}/{key}"),
        before.as_ref().map_or(0, |s| s.reps),
    );
    let outcome = schedule(before.as_ref(), rating, now, params, u);
    let event = Event::Review {
        seq: progress.next_seq(),
        at: now,
        deck: deck_id.clone(),
        card: key.to_string(),
        rating,
        mode: how.mode,
        ms: how.ms,
        verdict: how.verdict,
        before: Before::of(before.as_ref()),
        state: outcome.state,
    };
    progress.apply(&event, day_of);
    event
}

/// Why there is no card to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// Nothing more today.
    Done,
    /// A learning item becomes due at this instant (later today).
    WaitUntil(Timestamp),
}

impl Session {
    /// Builds the queue for `deck` at the start of `day`'s session. `seed` orders reviews due on
    /// the same day.
    pub fn new(
        deck: &Deck,
        progress: Option<&DeckProgress>,
        day: StudyDay,
        limits: Limits,
        seed: u64,
    ) -> Session {
        Session::new_with(deck, progress, day, limits, seed, &Related::none())
    }

    /// [`Session::new`] among other decks: a card whose group `related` says is busy waits.
    pub fn new_with(
        deck: &Deck,
        progress: Option<&DeckProgress>,
        day: StudyDay,
        limits: Limits,
        seed: u64,
        related: &Related,
    ) -> Session {
        let outline = deck.outline();
        let waiting_here = related.waiting(&outline);
        let (new, reviews, learning) =
            build_lists(&outline, progress, &day, limits, seed, &waiting_here);
        // The deck list counts every sibling (as Anki's does); the queue takes one of a unit.
        let listed = deck_counts_with(&outline, progress, &day, limits, related);
        let waiting = (listed.new + listed.due).saturating_sub(new.len() + reviews.len());
        Session {
            waiting,
            deck_id: deck.id.clone(),
            day,
            new_total: new.len(),
            review_total: reviews.len(),
            new,
            reviews,
            learning,
            current: None,
            new_shown: 0,
            review_shown: 0,
            history: Vec::new(),
            summary: Summary::default(),
            cram: false,
            cram_again: Default::default(),
            option_sets: option_sets(deck),
        }
    }

    /// A cram session: studied cards of `deck` that are not due today (only those tagged `tag`
    /// when given), weakest first by predicted recall at `now`. Answers are logged as cram
    /// and never change a card's schedule.
    pub fn cram(
        deck: &Deck,
        progress: Option<&DeckProgress>,
        day: StudyDay,
        now: Timestamp,
        params: &Params,
        tag: Option<&str>,
    ) -> Session {
        let mut items: Vec<(f64, ItemKey)> = deck
            .cards
            .iter()
            .filter(|c| tag.is_none_or(|t| c.tags.iter().any(|x| x == t)))
            .flat_map(|c| {
                c.sides().into_iter().map(|side| ItemKey {
                    card: c.id.clone(),
                    side,
                })
            })
            .filter_map(|k| {
                let s = progress?.items.get(&k)?;
                (s.due >= day.end).then(|| (s.retrievability(now, params), k))
            })
            .collect();
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let reviews: VecDeque<ItemKey> = items.into_iter().map(|(_, k)| k).collect();
        Session {
            deck_id: deck.id.clone(),
            day,
            new_total: 0,
            review_total: reviews.len(),
            new: VecDeque::new(),
            reviews,
            learning: Vec::new(),
            current: None,
            new_shown: 0,
            review_shown: 0,
            history: Vec::new(),
            summary: Summary::default(),
            cram: true,
            cram_again: Default::default(),
            waiting: 0,
            option_sets: option_sets(deck),
        }
    }

    /// Whether this is a cram session.
    pub fn is_cram(&self) -> bool {
        self.cram
    }

    /// Counts of what is left, including the item on screen.
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            new: self.new.len(),
            learning: self.learning.len(),
            due: self.reviews.len(),
        };
        match self.current.as_ref().map(|(_, q)| q) {
            Some(Queue::New) => c.new += 1,
            Some(Queue::Review) => c.due += 1,
            Some(Queue::Learning) => c.learning += 1,
            None => {}
        }
        c
    }

    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// How many new or due items the deck list counted that this session leaves till
    /// tomorrow because a sibling (or a card of the same group) is studied today.
    pub fn waiting_siblings(&self) -> usize {
        self.waiting
    }

    /// The item on screen, if any.
    pub fn current(&self) -> Option<&ItemKey> {
        self.current.as_ref().map(|(k, _)| k)
    }

    /// Whether an answer can be taken back (the tests ask; the app offers undo regardless).
    #[cfg(test)]
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Moves to the next item at `now`: `Ok(key)` or why there is none.
    pub fn advance(&mut self, now: Timestamp) -> Result<&ItemKey, Idle> {
        if self.current.is_none() {
            self.current = self.pick(now);
        }
        match &self.current {
            Some((k, _)) => Ok(k),
            None => Err(match self.learning.first() {
                Some((due, _)) if *due < self.day.end => Idle::WaitUntil(*due),
                _ => Idle::Done,
            }),
        }
    }

    fn pick(&mut self, now: Timestamp) -> Option<(ItemKey, Queue)> {
        if self.learning.first().is_some_and(|(due, _)| *due <= now) {
            return Some((self.learning.remove(0).1, Queue::Learning));
        }
        let take_new = match (self.new.is_empty(), self.reviews.is_empty()) {
            (true, true) => None,
            (false, true) => Some(true),
            (true, false) => Some(false),
            // Spread new items evenly through the reviews.
            (false, false) => Some(
                (self.new_shown + 1) * (self.review_total + 1)
                    <= (self.review_shown + 1) * (self.new_total + 1),
            ),
        };
        // Two cards with the same written options are not shown one after the other when
        // another item can come between: the next one apart from the last in the queue due
        // to give one, else in the other queue.
        let take_new = take_new.map(|new| {
            match (
                self.apart(&self.new).is_some(),
                self.apart(&self.reviews).is_some(),
            ) {
                (false, true) if new => false,
                (true, false) if !new => true,
                _ => new,
            }
        });
        match take_new {
            Some(true) => {
                self.new_shown += 1;
                let i = self.apart(&self.new).unwrap_or(0);
                self.new.remove(i).map(|k| (k, Queue::New))
            }
            Some(false) => {
                self.review_shown += 1;
                let i = self.apart(&self.reviews).unwrap_or(0);
                self.reviews.remove(i).map(|k| (k, Queue::Review))
            }
            None => {
                let ahead = add_secs(now, LEARN_AHEAD_SECS);
                if self.learning.first().is_some_and(|(due, _)| *due <= ahead) {
                    Some((self.learning.remove(0).1, Queue::Learning))
                } else {
                    None
                }
            }
        }
    }

    /// The position in `queue` of the first of its items (looking at the first
    /// [`APART_WITHIN`]) whose written options are not those of the item answered last; `None`
    /// when each of them shares them (or the queue is empty).
    fn apart(&self, queue: &VecDeque<ItemKey>) -> Option<usize> {
        let set_of = |k: &ItemKey| self.option_sets.get(&k.card);
        let last = match self.history.last() {
            Some(a) if !self.option_sets.is_empty() => set_of(&a.key),
            _ => None,
        };
        let Some(last) = last else {
            return (!queue.is_empty()).then_some(0);
        };
        queue
            .iter()
            .take(APART_WITHIN)
            .position(|k| set_of(k) != Some(last))
    }

    /// The four outcomes for the item on screen, for the button labels.
    pub fn preview(
        &self,
        progress: &Progress,
        now: Timestamp,
        params: &Params,
    ) -> Option<[Outcome; 4]> {
        if self.cram {
            return None;
        }
        let key = self.current()?;
        let state = progress.deck(&self.deck_id).and_then(|d| d.items.get(key));
        Some(preview(state, now, params, self.fuzz_u(key, state)))
    }

    fn fuzz_u(&self, key: &ItemKey, state: Option<&CardState>) -> f64 {
        fuzz_draw(
            &format!("{}/{}", self.deck_id, key),
            state.map_or(0, |s| s.reps),
        )
    }

    /// Answers the item on screen. Returns the log event (already applied to `progress`), or
    /// `None` when no item is on screen.
    pub fn answer(
        &mut self,
        progress: &mut Progress,
        rating: Rating,
        now: Timestamp,
        how: Answer,
        params: &Params,
        day_of: &dyn Fn(Timestamp) -> jiff::civil::Date,
    ) -> Option<Event> {
        let (key, queue) = self.current.take()?;
        if self.cram {
            return Some(self.answer_cram(progress, key, rating, now, how.ms, day_of));
        }
        let before = progress
            .deck(&self.deck_id)
            .and_then(|d| d.items.get(&key))
            .cloned();
        let event = answer_item(
            progress,
            &self.deck_id,
            &key,
            rating,
            now,
            how,
            params,
            day_of,
        );
        let Event::Review { state, .. } = &event else {
            return None;
        };
        let requeued = state.phase != Phase::Review && state.due < self.day.end;
        if requeued {
            let pos = self.learning.partition_point(|(d, _)| *d <= state.due);
            self.learning.insert(pos, (state.due, key.clone()));
        }
        let ms = how.ms;

        let again = rating == Rating::Again;
        self.summary.answers += 1;
        self.summary.millis += ms;
        if again {
            self.summary.wrong += 1;
        } else {
            self.summary.right += 1;
        }
        if queue == Queue::New {
            self.summary.new_seen += 1;
        }
        self.history.push(Answered {
            key,
            queue,
            seq: event.seq(),
            before,
            requeued,
            again,
            ms,
            at: now,
            rating,
        });
        Some(event)
    }

    /// A cram answer: logged, counted in the summary, and an Again sends the card to the back
    /// of the queue once; no schedule changes.
    fn answer_cram(
        &mut self,
        progress: &mut Progress,
        key: ItemKey,
        rating: Rating,
        now: Timestamp,
        ms: u64,
        day_of: &dyn Fn(Timestamp) -> jiff::civil::Date,
    ) -> Event {
        let event = Event::Cram {
            seq: progress.next_seq(),
            at: now,
            deck: self.deck_id.clone(),
            card: key.to_string(),
            rating,
            ms,
        };
        progress.apply(&event, day_of);
        self.summary.answers += 1;
        self.summary.millis += ms;
        if rating == Rating::Again {
            self.summary.wrong += 1;
            if self.cram_again.insert(key.clone()) {
                self.reviews.push_back(key);
            }
        } else {
            self.summary.right += 1;
        }
        event
    }

    /// Takes back the last answer: restores the item's state and puts it back on screen.
    /// Returns the undo event (already applied to `progress`).
    pub fn undo(
        &mut self,
        progress: &mut Progress,
        now: Timestamp,
        day_of: &dyn Fn(Timestamp) -> jiff::civil::Date,
    ) -> Option<Event> {
        let last = self.history.pop()?;
        let mut current = self.current.take();
        if last.requeued {
            // The answer put the item back in the learning list; it is either still there or
            // already on screen again.
            if let Some(pos) = self.learning.iter().rposition(|(_, k)| *k == last.key) {
                self.learning.remove(pos);
            } else if current.as_ref().is_some_and(|(k, _)| *k == last.key) {
                current = None;
            }
        }
        // The item that was on screen goes back to the front of its queue.
        if let Some((k, q)) = current {
            self.push_front(k, q);
        }
        match last.queue {
            Queue::New => self.new_shown = self.new_shown.saturating_sub(1),
            Queue::Review => self.review_shown = self.review_shown.saturating_sub(1),
            Queue::Learning => {}
        }
        self.summary.answers = self.summary.answers.saturating_sub(1);
        self.summary.millis = self.summary.millis.saturating_sub(last.ms);
        if last.again {
            self.summary.wrong = self.summary.wrong.saturating_sub(1);
        } else {
            self.summary.right = self.summary.right.saturating_sub(1);
        }
        if last.queue == Queue::New {
            self.summary.new_seen = self.summary.new_seen.saturating_sub(1);
        }
        let event = Event::Undo {
            seq: progress.next_seq(),
            at: now,
            deck: self.deck_id.clone(),
            card: last.key.to_string(),
            undoes: last.seq,
            before: Before::of(last.before.as_ref()),
            state: last.before,
            takes_back: Some(TakenBack {
                at: last.at,
                rating: last.rating,
                ms: last.ms,
            }),
        };
        progress.apply(&event, day_of);
        self.current = Some((last.key, last.queue));
        Some(event)
    }

    /// The item on screen counted where its state in `progress` puts it: new (no state),
    /// learning or due. An undo puts its item back as the queue it was answered from; when
    /// that item's state was then replayed from every device's log (another device answered
    /// it too: `store`'s replay after an undo), it may no longer be new, and the header's
    /// counts must say so. The item stays on screen: the undo asked for it.
    pub fn follow_current(&mut self, progress: &Progress) {
        if self.cram {
            return;
        }
        let Some((key, queue)) = &mut self.current else {
            return;
        };
        let state = progress.deck(&self.deck_id).and_then(|d| d.items.get(key));
        *queue = match state.map(|s| s.phase) {
            None => Queue::New,
            Some(Phase::Learning | Phase::Relearning) => Queue::Learning,
            Some(Phase::Review) => Queue::Review,
        };
    }

    fn push_front(&mut self, key: ItemKey, queue: Queue) {
        match queue {
            Queue::New => {
                self.new_shown = self.new_shown.saturating_sub(1);
                self.new.push_front(key);
            }
            Queue::Review => {
                self.review_shown = self.review_shown.saturating_sub(1);
                self.reviews.push_front(key);
            }
            Queue::Learning => self.learning.insert(0, (Timestamp::MIN, key)),
        }
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
