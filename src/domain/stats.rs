//! Statistics from the log's running totals (`domain::aggregates`) and the current progress:
//! reviews per day, the due forecast, cards by state, time studied, streaks, true retention,
//! accuracy by tag, and predicted recall on a given day (the exam). Pure: the totals, the
//! progress, the day and the study-day function come in as arguments. Must not depend on
//! `store`/`tui`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::aggregates::{Aggregates, DayTotals, card_of, shift_days};
#[cfg(test)]
use super::deck::Deck;
use super::deck::KeyRef;
use super::ids::DeckId;
use super::outline::{Outline, OutlineRef};
#[cfg(test)]
use super::progress::Event;
use super::progress::{DeckProgress, Progress};
use super::scheduler::{Params, Phase};
use super::time::{DAY_MICROS, elapsed_days};
use super::weak_tags::{self, TagCount};

/// Days in the heatmap (a year).
pub const HEATMAP_DAYS: usize = 365;
/// Days in the forecast.
pub const FORECAST_DAYS: usize = 30;
pub use super::summary::{MATURE_DAYS, Recall, States};

/// True retention over a window: review-card answers that were not Again.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retention {
    pub days: u32,
    pub answers: u32,
    pub passed: u32,
}

impl Retention {
    /// The share passed, `None` without answers.
    pub fn rate(&self) -> Option<f64> {
        (self.answers > 0).then(|| f64::from(self.passed) / f64::from(self.answers))
    }
}

/// Accuracy on one tag, from reviews and mock tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagAccuracy {
    pub tag: String,
    pub right: u32,
    pub answers: u32,
}

impl TagAccuracy {
    pub fn rate(&self) -> f64 {
        weak_tags::rate(u64::from(self.right), u64::from(self.answers))
    }
}

impl TagCount for TagAccuracy {
    fn tag(&self) -> &str {
        &self.tag
    }
    fn right(&self) -> u32 {
        self.right
    }
    fn answers(&self) -> u32 {
        self.answers
    }
}

/// A mock-test answer, for accuracy by tag: deck, card id, right or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestAnswer {
    pub deck: DeckId,
    /// The item key (`card`, `card:reverse`, `card:c2`).
    pub card: String,
    pub right: bool,
}

/// Every figure of the stats screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The study day the figures are for.
    pub today: Date,
    /// Reviews per study day, oldest first, ending today.
    pub heatmap: Vec<(Date, u32)>,
    /// Cards due per study day from today (today includes overdue ones).
    pub forecast: Vec<u32>,
    pub states: States,
    /// Time spent answering, in milliseconds.
    pub total_ms: u64,
    pub reviews: u32,
    /// Days in a row with reviews, up to today (or yesterday when none yet today).
    pub current_streak: u32,
    pub longest_streak: u32,
    /// For the last 7, 30 and 365 days.
    pub retention: Vec<Retention>,
    /// Weakest first (see [`weak_tags::weakest_first`]): the tags with a miss are its first
    /// rows.
    pub by_tag: Vec<TagAccuracy>,
}

/// Works out the figures for `decks` (all of them, or one) at `now`, from the whole log in
/// memory, for tests: the log folded into running totals, then [`figures`].
#[cfg(test)]
pub fn compute(
    decks: &[&Deck],
    progress: &Progress,
    events: &[Event],
    tests: &[TestAnswer],
    now: Timestamp,
    day_of: &dyn Fn(Timestamp) -> Date,
    day_end: &dyn Fn(Date) -> Timestamp,
) -> Stats {
    let mut fold = super::aggregates::Fold::new(super::progress::undone_seqs(events));
    for e in events {
        fold.push(e, day_of);
    }
    let outlines: Vec<Outline> = decks.iter().map(|d| d.outline()).collect();
    let outlines: Vec<&Outline> = outlines.iter().collect();
    figures(
        &outlines,
        &fold.finish(),
        progress,
        tests,
        day_of(now),
        day_end,
    )
}

/// Every figure for `decks` (all of them, or one) on the study day `today`: the log's share
/// from its running totals (never from the log itself), cards by state and the forecast from
/// the progress, accuracy by tag from the totals and the mock tests. Proportional to the
/// cards and days in scope, not to the log. A deck whose items are still the saved ones and
/// whose saved summary fits the fingerprint its outline knows (see [`OutlineRef`]) is counted
/// from the summary without its outline being made or hashed.
pub fn figures<O: OutlineRef + ?Sized>(
    decks: &[&O],
    totals: &Aggregates,
    progress: &Progress,
    tests: &[TestAnswer],
    today: Date,
    day_end: &dyn Fn(Date) -> Timestamp,
) -> Stats {
    // The decks in scope by id: the study days of all decks are the days added together
    // less those of the (normally no) decks with totals out of scope, so that their cost is
    // the span of study days, not the decks times their days.
    let in_scope: HashSet<&str> = decks.iter().map(|d| d.deck_id().as_str()).collect();
    let days = days_in_scope(totals, &in_scope);
    let mut tally = Tally {
        decks,
        today,
        days,
        tags: BTreeMap::new(),
    };
    for deck in decks {
        let Some(dt) = totals.decks.get(deck.deck_id().as_str()) else {
            continue;
        };
        // The saved accuracy by tag while the totals are the saved ones, without a look-up
        // per tagged card (a card with running totals counts, even if back to nothing).
        // A deck index's outline knows its tags' names and fingerprint without being made.
        // So do the counters last worked out from its cards, while they have not changed.
        let print = deck.tags_print(super::tag_totals::fingerprint);
        let known = [dt.tags.as_ref(), dt.cards.counted_tags()];
        let names = deck.tag_names();
        let fitting = known
            .into_iter()
            .flatten()
            .find_map(|t| t.each_named(names?, print));
        if let Some(each) = fitting {
            for (tag, c) in each {
                tally.count_tag(tag, c.right, c.answers);
            }
            continue;
        }
        let deck = deck.outline();
        for (tag, c) in dt.tags_for_print(deck, print).each(deck) {
            tally.count_tag(tag, c.right, c.answers);
        }
    }
    if !tests.is_empty() {
        // The outlines of the decks the mock tests' answers are from, only.
        let tested: HashSet<&str> = tests.iter().map(|a| a.deck.as_str()).collect();
        let mut tags_of: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        for d in decks
            .iter()
            .filter(|d| tested.contains(d.deck_id().as_str()))
            .map(|d| d.outline())
        {
            for (card, tag) in d.tagged_cards() {
                tags_of.entry((d.id.as_str(), card)).or_default().push(tag);
            }
        }
        for a in tests.iter().filter(|a| in_scope.contains(a.deck.as_str())) {
            for tag in tags_of
                .get(&(a.deck.as_str(), card_of(&a.card)))
                .into_iter()
                .flatten()
            {
                tally.count_tag(tag, u32::from(a.right), 1);
            }
        }
    }
    tally.figures(progress, day_end)
}

/// The study days of the decks `in_scope` (by id) in `totals`: one deck's own days; for more,
/// the days of all decks added together ([`Aggregates::all_days`]) less those of the decks out
/// of scope, or the days of the decks in scope added up when they are the fewer.
fn days_in_scope<'t>(
    totals: &'t Aggregates,
    in_scope: &HashSet<&str>,
) -> Cow<'t, BTreeMap<Date, DayTotals>> {
    if in_scope.len() == 1 {
        let one = in_scope.iter().next().and_then(|id| totals.decks.get(*id));
        return one.map_or_else(|| Cow::Owned(BTreeMap::new()), |d| Cow::Borrowed(&d.days));
    }
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for (id, d) in &totals.decks {
        match in_scope.contains(id.as_str()) {
            true => inside.push(d),
            false => outside.push(d),
        }
    }
    if outside.len() < inside.len() {
        let mut days = Cow::Borrowed(totals.all_days());
        for d in outside.into_iter().filter(|d| !d.days.is_empty()) {
            shift_days(days.to_mut(), &d.days, -1);
        }
        return days;
    }
    let mut days = BTreeMap::new();
    for d in inside {
        shift_days(&mut days, &d.days, 1);
    }
    Cow::Owned(days)
}

/// The log's share of the statistics for the decks in scope, gathered from the running totals.
struct Tally<'a, O: ?Sized> {
    decks: &'a [&'a O],
    today: Date,
    /// The study days of the decks in scope (see [`days_in_scope`]).
    days: Cow<'a, BTreeMap<Date, DayTotals>>,
    tags: BTreeMap<String, (u32, u32)>,
}

impl<O: OutlineRef + ?Sized> Tally<'_, O> {
    fn count_tag(&mut self, tag: &str, right: u32, answers: u32) {
        let e = match self.tags.get_mut(tag) {
            Some(e) => e,
            None => self.tags.entry(tag.to_owned()).or_default(),
        };
        e.0 += right;
        e.1 += answers;
    }

    /// The figures from the log's tally and the progress.
    fn figures(self, progress: &Progress, day_end: &dyn Fn(Date) -> Timestamp) -> Stats {
        let Tally {
            decks,
            today,
            days: per_day,
            tags,
            ..
        } = self;
        let (mut total_ms, mut reviews) = (0u64, 0u32);
        for t in per_day.values() {
            total_ms = total_ms.wrapping_add(t.ms);
            reviews = reviews.wrapping_add(t.answers);
        }
        // True retention over the last 7, 30 and 365 days (today included).
        let retention = [7u32, 30, 365]
            .iter()
            .map(|&n| {
                let from = today
                    .checked_sub(jiff::Span::new().days(i64::from(n) - 1))
                    .unwrap_or(Date::MIN);
                let (answers, passed) =
                    per_day.range(from..=today).fold((0u32, 0u32), |s, (_, t)| {
                        (
                            s.0.wrapping_add(t.review_answers),
                            s.1.wrapping_add(t.review_passed),
                        )
                    });
                Retention {
                    days: n,
                    answers,
                    passed,
                }
            })
            .collect();
        // The last year's days, each found by walking forward from its first (no date sums).
        let first = today.checked_sub(jiff::Span::new().days(HEATMAP_DAYS as i64 - 1));
        let heatmap: Vec<(Date, u32)> = match first {
            Ok(first) => {
                let mut held = per_day.range(first..=today).peekable();
                std::iter::successors(Some(first), |d| d.tomorrow().ok().filter(|d| *d <= today))
                    .map(|d| {
                        let n = held
                            .next_if(|(h, _)| **h == d)
                            .map_or(0, |(_, t)| t.answers);
                        (d, n)
                    })
                    .collect()
            }
            Err(_) => (0..HEATMAP_DAYS as i64)
                .rev()
                .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
                .map(|d| (d, per_day.get(&d).map_or(0, |t| t.answers)))
                .collect(),
        };

        // Streaks over days with at least one review.
        let mut longest = 0;
        let mut run = 0;
        let mut prev: Option<Date> = None;
        for d in per_day.keys() {
            run = match prev {
                Some(p) if p.tomorrow().ok() == Some(*d) => run + 1,
                _ => 1,
            };
            longest = longest.max(run);
            prev = Some(*d);
        }
        let mut current = 0;
        let mut cursor = if per_day.contains_key(&today) {
            Some(today)
        } else {
            today.yesterday().ok()
        };
        while let Some(d) = cursor.filter(|d| per_day.contains_key(d)) {
            current += 1;
            cursor = d.yesterday().ok();
        }

        // States and forecast over the items of the decks in scope.
        let mut states = States::default();
        let mut forecast = vec![0u32; FORECAST_DAYS];
        let ends: Vec<Timestamp> = (0..FORECAST_DAYS as i64)
            .map(|i| {
                today
                    .checked_add(jiff::Span::new().days(i))
                    .map_or(Timestamp::MAX, day_end)
            })
            .collect();
        for deck in decks.iter().copied() {
            let dp = progress.deck(deck.deck_id());
            // A deck whose items are still the saved ones, with a summary made for this
            // outline: its figures without a look-up per card (see `domain::summary`).
            if let Some(sum) = dp.and_then(|p| p.items.summary_for(deck)) {
                states.new += sum.states.new;
                states.learning += sum.states.learning;
                states.young += sum.states.young;
                states.mature += sum.states.mature;
                sum.add_forecast(&ends, &mut forecast);
                continue;
            }
            looked_up(deck.outline(), dp, &ends, &mut states, &mut forecast);
        }

        let mut by_tag: Vec<TagAccuracy> = tags
            .into_iter()
            .map(|(tag, (right, answers))| TagAccuracy {
                tag,
                right,
                answers,
            })
            .collect();
        // Weakest first, as a mock test's results rank them: drawn toward the tags' overall
        // rate, so that "0 of 1" does not top the list; tags never missed last.
        let overall = weak_tags::overall(&by_tag);
        weak_tags::weakest_first(&mut by_tag, overall);

        Stats {
            today,
            heatmap,
            forecast,
            states,
            total_ms,
            reviews,
            current_streak: current,
            longest_streak: longest,
            retention,
            by_tag,
        }
    }
}

/// Adds `deck`'s cards by state and due day to `states` and `forecast` by looking up each of
/// its cards in `dp` (a deck with no summary for its outline; the summaries' reference).
pub(crate) fn looked_up(
    deck: &Outline,
    dp: Option<&DeckProgress>,
    ends: &[Timestamp],
    states: &mut States,
    forecast: &mut [u32],
) {
    let Some(dp) = dp else {
        // No progress at all: every item is new.
        states.new += u32::try_from(deck.item_count()).unwrap_or(u32::MAX);
        return;
    };
    for key in deck.items() {
        match dp.items.state(&key as &dyn KeyRef) {
            None => states.new += 1,
            Some(s) => {
                match s.phase {
                    Phase::Learning | Phase::Relearning => states.learning += 1,
                    Phase::Review if elapsed_days(s.last_review, s.due) >= MATURE_DAYS => {
                        states.mature += 1
                    }
                    Phase::Review => states.young += 1,
                }
                // The first day ending after the due instant (`ends` ascend).
                let i = ends.partition_point(|end| *end <= s.due);
                if let Some(n) = forecast.get_mut(i) {
                    *n += 1;
                }
            }
        }
    }
}

/// The FSRS-predicted recall of `deck`'s cards at the instant `at` (e.g. the exam morning).
pub fn predicted_recall<O: OutlineRef + ?Sized>(
    deck: &O,
    progress: &Progress,
    at: Timestamp,
    params: &Params,
) -> Recall {
    let dp = progress.deck(deck.deck_id());
    if let Some(sum) = dp.and_then(|p| p.items.summary_for(deck)) {
        return sum.recall(at, params);
    }
    recall_looked_up(deck.outline(), dp, at, params)
}

/// [`predicted_recall`] by looking up each card of `deck` in `dp` (a deck with no summary for
/// its outline; the summaries' reference).
pub(crate) fn recall_looked_up(
    deck: &Outline,
    dp: Option<&DeckProgress>,
    at: Timestamp,
    params: &Params,
) -> Recall {
    let mut sum = 0.0;
    let mut below = 0;
    let mut cards = 0;
    let mut studied = 0;
    for key in deck.items() {
        cards += 1;
        let r = match dp.and_then(|p| p.items.state(&key as &dyn KeyRef)) {
            None => 0.0,
            Some(s) => {
                studied += 1;
                let t = ((at.as_microsecond() - s.last_review.as_microsecond()).max(0) / DAY_MICROS)
                    as f64;
                params.retrievability(t, s.stability)
            }
        };
        sum += r;
        if r < 0.9 {
            below += 1;
        }
    }
    Recall::of(sum, below, cards, studied)
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
