//! An Anki review log → smriti review events, marked imported (`mode: imported`), in time
//! order, as Anki's own FSRS reads its log: rows before a card's last reset ("Forget") are
//! left out, manual rows (set due date, reset) are not answers, and a filtered-deck row that
//! did not reschedule is a cram answer. Each answer's state is replayed through smriti's
//! scheduler, and the last one takes what Anki had: its due day, phase, reps and lapses, and
//! its FSRS memory state when it kept one, so switching moves no card's next due day.
//! A card suspended in Anki gets a suspend event after its history. Rows already in the log
//! (a second import) are skipped, and a card suspended or unsuspended before is left alone. Pure: the study-day arithmetic
//! arrives as functions.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;

use super::{AnkiCard, Collection, RevlogRow};
use crate::domain::button_order::schedule_fixed;
use crate::domain::deck::ItemKey;
use crate::domain::ids::DeckId;
use crate::domain::progress::{Before, Event, Mode};
use crate::domain::scheduler::{CardState, Fixed, Params, Phase, Rating, fuzz_draw};

/// An event already in the log: deck, item key, and its instant in milliseconds.
pub type Seen = (DeckId, String, i64);

/// What the conversion needs besides the collection.
pub struct Input<'a> {
    /// Each Anki card id with its smriti deck and item (from [`super::convert`]).
    pub items: &'a HashMap<i64, (DeckId, ItemKey)>,
    pub params: &'a Params,
    /// An item's state now, when it has one (an earlier import, or study since).
    pub current: &'a dyn Fn(&str, &ItemKey) -> Option<CardState>,
    /// Imported answers and cram answers already in the log.
    pub seen: &'a HashSet<Seen>,
    /// Items (deck, item key) with a suspend or unsuspend event in the log already: an
    /// import never suspends them again.
    pub touched: &'a HashSet<(DeckId, String)>,
    /// The first instant of a study day.
    pub day_start: &'a dyn Fn(Date) -> Timestamp,
    /// The study day of an instant.
    pub day_of: &'a dyn Fn(Timestamp) -> Date,
    /// The number of the first new event.
    pub first_seq: u64,
}

/// The events and what became of the rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub events: Vec<Event>,
    pub report: Report,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Answers imported.
    pub reviews: usize,
    /// Filtered-deck answers that did not reschedule, imported as cram answers.
    pub cram: usize,
    /// Rows already in the log from an earlier import.
    pub already: usize,
    /// Manual rows (set due date, reset): not answers.
    pub manual: usize,
    /// Answers before a card's last reset, which Anki's FSRS leaves out too.
    pub before_reset: usize,
    /// Rows for cards that are not in the package, or have no smriti item.
    pub orphans: usize,
    /// Cards whose memory state is Anki's own / was replayed from the history.
    pub memory_from_anki: usize,
    pub memory_replayed: usize,
    /// Cards suspended in Anki, suspended in smriti too (not counting those an earlier
    /// import suspended).
    pub suspended: usize,
}

fn rating(ease: u8) -> Option<Rating> {
    match ease {
        1 => Some(Rating::Again),
        2 => Some(Rating::Hard),
        3 => Some(Rating::Good),
        4 => Some(Rating::Easy),
        _ => None,
    }
}

/// Whether a row is Anki's "manual" kind (set due date, reset, reschedule): not an answer.
fn manual(r: &RevlogRow) -> bool {
    matches!(r.kind, 4 | 5) || r.ease == 0
}

/// Whether a manual row put the card back to new ("Forget"/reset).
fn reset(r: &RevlogRow) -> bool {
    manual(r) && r.ivl == 0
}

/// The instant of the card's next due, as Anki has it: seconds since the epoch for an
/// intraday (re)learning card, else a day counted from the collection's first day.
pub fn anki_due(card: &AnkiCard, day0: Date, day_start: &dyn Fn(Date) -> Timestamp) -> Timestamp {
    let due = if card.original_deck != 0 && card.original_due != 0 {
        card.original_due
    } else {
        card.due
    };
    // Anki's intraday learning dues are epoch seconds; day numbers are small.
    if due > 1_000_000_000 {
        return Timestamp::from_second(due).unwrap_or(Timestamp::MAX);
    }
    let days = i32::try_from(due.clamp(-100_000, 100_000)).unwrap_or(0);
    let date = day0
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(day0);
    day_start(date)
}

/// Converts the review log.
pub fn convert(col: &Collection, input: &Input) -> History {
    let mut report = Report::default();
    let mut rows: HashMap<i64, Vec<&RevlogRow>> = HashMap::new();
    let fixed = Fixed::new(input.params);
    for r in &col.revlog {
        if input.items.contains_key(&r.card) {
            rows.entry(r.card).or_default().push(r);
        } else {
            report.orphans += 1;
        }
    }
    let day0 = (input.day_of)(Timestamp::from_second(col.crt).unwrap_or(Timestamp::UNIX_EPOCH));
    let mut events: Vec<Event> = Vec::new();
    let mut cards: Vec<&AnkiCard> = col.cards.iter().collect();
    cards.sort_by_key(|c| c.id);
    for card in cards {
        let Some((deck, key)) = input.items.get(&card.id) else {
            continue;
        };
        let mut mine = rows.remove(&card.id).unwrap_or_default();
        mine.sort_by_key(|r| r.id);
        // Anki's FSRS reads a card's history from its last reset on.
        let start = mine.iter().rposition(|r| reset(r)).map_or(0, |i| i + 1);
        report.before_reset += mine[..start].iter().filter(|r| !manual(r)).count();
        report.manual += mine.iter().filter(|r| manual(r)).count();
        let card_key = key.to_string();
        // The replay's own copy of the state, its times at study-day starts (see below).
        let mut state = (input.current)(deck, key).map(|mut s| {
            s.last_review = (input.day_start)((input.day_of)(s.last_review));
            s
        });
        let mut last_review: Option<usize> = None;
        for r in &mine[start..] {
            if manual(r) {
                continue;
            }
            let Some(rating) = rating(r.ease) else {
                continue;
            };
            if input.seen.contains(&(deck.clone(), card_key.clone(), r.id)) {
                report.already += 1;
                continue;
            }
            let at = Timestamp::from_millisecond(r.id).unwrap_or(Timestamp::UNIX_EPOCH);
            let ms = u64::try_from(r.time).unwrap_or(0);
            // A filtered deck's answer that did not reschedule (Anki logs no ease factor).
            if r.kind == 3 && r.factor == 0 {
                report.cram += 1;
                events.push(Event::Cram {
                    seq: 0,
                    at,
                    deck: deck.clone(),
                    card: card_key.clone(),
                    rating,
                    ms,
                });
                continue;
            }
            let u = fuzz_draw(
                &format!("{deck}/{key}"),
                state.as_ref().map_or(0, |s| s.reps),
            );
            // Anki counts the days between answers by study day, not by 24-hour periods: the
            // replay answers at the start of the answer's study day, so an answer at 10:00:13
            // nineteen days after one at 10:00:33 is 19 days on, as in Anki. The event keeps
            // the true instant, and its state the true times.
            let day = (input.day_start)((input.day_of)(at));
            let outcome = schedule_fixed(state.as_ref(), rating, day, &fixed, u);
            let shift = at.duration_since(day);
            let mut shown = outcome.state.clone();
            shown.last_review = at;
            shown.due = shown.due.checked_add(shift).unwrap_or(shown.due);
            report.reviews += 1;
            events.push(Event::Review {
                seq: 0,
                at,
                deck: deck.clone(),
                card: card_key.clone(),
                rating,
                mode: Mode::Imported,
                ms,
                verdict: None,
                before: Before::of(state.as_ref()),
                state: shown,
            });
            state = Some(outcome.state);
            last_review = Some(events.len() - 1);
        }
        if card.queue == -1 && !input.touched.contains(&(deck.clone(), card_key.clone())) {
            report.suspended += 1;
            // Just after the card's last row: it was suspended after its last answer.
            let last = mine.last().map_or(col.crt.saturating_mul(1000), |r| r.id);
            events.push(Event::Suspend {
                seq: 0,
                at: Timestamp::from_millisecond(last.saturating_add(1))
                    .unwrap_or(Timestamp::UNIX_EPOCH),
                deck: deck.clone(),
                card: card_key.clone(),
                on: true,
            });
        }
        // The last answer takes the schedule Anki had.
        if let Some(i) = last_review
            && let Some(Event::Review { state, .. }) = events.get_mut(i)
        {
            if card.ctype == 0 {
                // New again in Anki with no reset row: leave the replayed state.
            } else {
                match card.memory {
                    Some((s, d)) => {
                        state.stability = f64::from(s);
                        state.difficulty = f64::from(d);
                        report.memory_from_anki += 1;
                    }
                    None => report.memory_replayed += 1,
                }
                state.due = anki_due(card, day0, input.day_start);
                state.phase = match card.ctype {
                    1 => Phase::Learning,
                    3 => Phase::Relearning,
                    _ => Phase::Review,
                };
                state.step = match state.phase {
                    Phase::Review => None,
                    _ => Some(state.step.unwrap_or(0)),
                };
                state.reps = card.reps.max(1);
                state.lapses = card.lapses;
            }
        }
    }
    // In time order; an instant shared by two rows keeps the card order.
    events.sort_by_key(Event::at);
    for (i, e) in events.iter_mut().enumerate() {
        let seq = input.first_seq.saturating_add(i as u64);
        match e {
            Event::Review { seq: s, .. }
            | Event::Cram { seq: s, .. }
            | Event::Undo { seq: s, .. }
            | Event::Suspend { seq: s, .. } => *s = seq,
        }
    }
    History { events, report }
}

/// Anki's FSRS settings for the imported cards: the preset of the deck holding most of them.
#[derive(Debug, Clone, PartialEq)]
pub struct AnkiFsrs {
    pub preset: String,
    pub desired_retention: Option<f64>,
    /// FSRS-6 parameters, when the preset was optimised (21 of them).
    pub weights: Option<[f64; 21]>,
}

/// What Anki's FSRS used for the imported cards, if FSRS was on (Anki kept memory states).
pub fn anki_fsrs(col: &Collection, items: &HashMap<i64, (DeckId, ItemKey)>) -> Option<AnkiFsrs> {
    if !col.cards.iter().any(|c| c.memory.is_some()) {
        return None;
    }
    let preset_of: HashMap<i64, i64> = col
        .decks
        .iter()
        .filter_map(|d| d.preset.map(|p| (d.id, p)))
        .collect();
    let mut uses: HashMap<i64, usize> = HashMap::new();
    for c in col.cards.iter().filter(|c| items.contains_key(&c.id)) {
        if let Some(p) = preset_of.get(&c.home_deck()) {
            *uses.entry(*p).or_default() += 1;
        }
    }
    let (&id, _) = uses.iter().max_by_key(|(id, n)| (**n, -**id))?;
    let p = col.presets.iter().find(|p| p.id == id)?;
    let weights = (p.params.len() == 21).then(|| {
        let mut w = [0.0; 21];
        for (slot, v) in w.iter_mut().zip(&p.params) {
            *slot = f64::from(*v);
        }
        w
    });
    Some(AnkiFsrs {
        preset: p.name.clone(),
        desired_retention: p
            .desired_retention
            .map(|r| (f64::from(r) * 1e4).round() / 1e4)
            .filter(|r| *r > 0.0 && *r < 1.0),
        weights,
    })
}
