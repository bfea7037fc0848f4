//! The review log as FSRS training items, converted as Anki converts its revlog
//! (`rslib/src/scheduler/fsrs/params.rs`, `reviews_for_fsrs`):
//!
//! - days are study days (the rollover hour, 4 am by default), counted between answers;
//! - every answer is kept, a same-day answer with an elapsed day count of 0;
//! - each answer on a later day than the card's previous one is one training item, holding the
//!   card's history up to and including it (same-day answers update memory but are not scored);
//! - a card's history starts at its last answer as a new card, so history before a reset is
//!   dropped, and a card whose first answer is not in the log is left out;
//! - cram answers, mock-test answers and undone answers are left out.
//!
//! Pure: the study day of an instant comes from a function the caller passes in.

use std::collections::{HashMap, HashSet};

use fsrs::{FSRSItem, FSRSReview};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::domain::progress::{Before, Event, Mode};

/// One answer as training sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Answer {
    seq: u64,
    /// Study day, counted from 1970-01-01.
    day: i32,
    rating: u8,
    /// The card was new before this answer.
    first: bool,
    /// Given in a mock test.
    test: bool,
}

/// What training and evaluation use: items in answer order, each with its card's number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingSet {
    pub items: Vec<FSRSItem>,
    /// The card each item belongs to, aligned with `items` (what `fsrs` calls card ids).
    pub card_ids: Vec<i64>,
    /// Answers kept (the items' cards' whole histories, same-day answers included).
    pub answers: usize,
    /// Cards with at least one item.
    pub cards: usize,
}

impl TrainingSet {
    /// The items of the cards `keep` accepts (by card number), for a held-out split.
    pub fn split(&self, keep: impl Fn(i64) -> bool) -> TrainingSet {
        let (items, card_ids): (Vec<FSRSItem>, Vec<i64>) = self
            .items
            .iter()
            .zip(&self.card_ids)
            .filter(|(_, c)| keep(**c))
            .map(|(i, c)| (i.clone(), *c))
            .unzip();
        let cards = card_ids.iter().collect::<HashSet<_>>().len();
        TrainingSet {
            answers: items.iter().map(|i| i.reviews.len()).sum(),
            items,
            card_ids,
            cards,
        }
    }
}

/// Builds a [`TrainingSet`] one log event at a time (the log may hold a million answers): give
/// it the undone answers first, then push every event in log order.
pub struct Collector {
    undone: HashSet<u64>,
    index: HashMap<String, usize>,
    cards: Vec<Vec<Answer>>,
}

fn day_number(d: Date) -> i32 {
    let epoch = Date::constant(1970, 1, 1);
    i32::try_from(d.duration_since(epoch).as_hours().div_euclid(24)).unwrap_or(0)
}

impl Collector {
    pub fn new(undone: HashSet<u64>) -> Collector {
        Collector {
            undone,
            index: HashMap::new(),
            cards: Vec::new(),
        }
    }

    pub fn push(&mut self, e: &Event, day_of: &dyn Fn(Timestamp) -> Date) {
        let Event::Review {
            seq,
            at,
            deck,
            card,
            rating,
            mode,
            before,
            ..
        } = e
        else {
            return; // cram answers and undo lines
        };
        if self.undone.contains(seq) {
            return;
        }
        let answer = Answer {
            seq: *seq,
            day: day_number(day_of(*at)),
            rating: *rating as u8,
            first: *before == Before::New,
            test: *mode == Mode::Test,
        };
        let key = format!("{deck}/{card}");
        let next = self.cards.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.cards.push(Vec::new());
        }
        self.cards[i].push(answer);
    }

    pub fn finish(self) -> TrainingSet {
        let mut items: Vec<(u64, i64, FSRSItem)> = Vec::new();
        let mut answers = 0;
        let mut cards = 0;
        for (id, history) in self.cards.into_iter().enumerate() {
            let Some(start) = history.iter().rposition(|a| a.first) else {
                continue; // the card's first answer is not in the log
            };
            if history[start].test {
                continue; // it started in a mock test, whose answers are left out
            }
            let kept: Vec<Answer> = history[start..]
                .iter()
                .filter(|a| !a.test)
                .copied()
                .collect();
            let reviews: Vec<FSRSReview> = kept
                .iter()
                .enumerate()
                .map(|(i, a)| FSRSReview {
                    rating: u32::from(a.rating),
                    delta_t: if i == 0 {
                        0
                    } else {
                        u32::try_from(a.day - kept[i - 1].day).unwrap_or(0)
                    },
                })
                .collect();
            let before = items.len();
            for (i, a) in kept.iter().enumerate().skip(1) {
                if reviews[i].delta_t > 0 {
                    let item = FSRSItem {
                        reviews: reviews[..=i].to_vec(),
                    };
                    items.push((a.seq, id as i64, item));
                }
            }
            if items.len() > before {
                answers += kept.len();
                cards += 1;
            }
        }
        items.sort_by_key(|(seq, _, _)| *seq);
        let (card_ids, items) = items.into_iter().map(|(_, c, i)| (c, i)).unzip();
        TrainingSet {
            items,
            card_ids,
            answers,
            cards,
        }
    }
}

/// The training set of a whole log held in memory (the streamed [`Collector`] in one call).
pub fn training_set<'a>(
    events: impl IntoIterator<Item = &'a Event> + Clone,
    day_of: &dyn Fn(Timestamp) -> Date,
) -> TrainingSet {
    let mut c = Collector::new(crate::domain::progress::undone_seqs(events.clone()));
    for e in events {
        c.push(e, day_of);
    }
    c.finish()
}

#[cfg(test)]
#[path = "training_tests.rs"]
mod tests;
