//! The log-to-training-set conversion: worked examples in the manner of fsrs-rs's converter
//! tests, and properties over random logs (same-day answers, cram, mock tests, undo, resets).

use super::*;
use crate::domain::progress::Before;
use crate::domain::scheduler::{CardState, Phase, Rating};
use jiff::tz::TimeZone;
use proptest::prelude::*;

fn state() -> CardState {
    let t: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    CardState {
        phase: Phase::Review,
        step: None,
        stability: 1.0,
        difficulty: 5.0,
        due: t,
        last_review: t,
        reps: 1,
        lapses: 0,
    }
}

fn answer(seq: u64, at: Timestamp, card: &str, rating: u8, mode: Mode, before: Before) -> Event {
    Event::Review {
        seq,
        at,
        deck: "d".into(),
        card: card.into(),
        rating: Rating::ALL[usize::from(rating) - 1],
        mode,
        ms: 5_000,
        verdict: None,
        before,
        state: state(),
    }
}

fn cram(seq: u64, at: Timestamp, card: &str) -> Event {
    Event::Cram {
        seq,
        at,
        deck: "d".into(),
        card: card.into(),
        rating: Rating::Good,
        ms: 3_000,
    }
}

fn undo(seq: u64, at: Timestamp, card: &str, undoes: u64) -> Event {
    Event::Undo {
        seq,
        at,
        deck: "d".into(),
        card: card.into(),
        undoes,
        before: Before::Review,
        state: None,
        takes_back: None,
    }
}

fn utc4() -> impl Fn(Timestamp) -> Date {
    |t| crate::domain::time::StudyDay::containing(t, &TimeZone::UTC, 4).date
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn r(rating: u32, delta_t: u32) -> FSRSReview {
    FSRSReview { rating, delta_t }
}

#[test]
fn one_item_per_answer_on_a_later_day_with_same_day_answers_kept() {
    use Before::{Learning, New, Relearning, Review};
    let f = Mode::Flashcard;
    let log = [
        answer(1, at("2026-01-01T10:00:00Z"), "a", 3, f, New),
        answer(2, at("2026-01-01T10:10:00Z"), "a", 3, f, Learning),
        answer(3, at("2026-01-03T09:00:00Z"), "a", 3, f, Review),
        answer(4, at("2026-01-06T09:00:00Z"), "a", 1, f, Review),
        answer(5, at("2026-01-06T09:10:00Z"), "a", 3, f, Relearning),
        answer(6, at("2026-01-09T09:00:00Z"), "a", 4, f, Review),
    ];
    let set = training_set(&log, &utc4());
    let items: Vec<Vec<FSRSReview>> = set.items.iter().map(|i| i.reviews.clone()).collect();
    assert_eq!(
        items,
        vec![
            vec![r(3, 0), r(3, 0), r(3, 2)],
            vec![r(3, 0), r(3, 0), r(3, 2), r(1, 3)],
            vec![r(3, 0), r(3, 0), r(3, 2), r(1, 3), r(3, 0), r(4, 3)],
        ]
    );
    assert_eq!((set.answers, set.cards), (6, 1));
    assert_eq!(set.card_ids, vec![0, 0, 0]);
}

#[test]
fn days_turn_over_at_four_in_the_morning() {
    use Before::{New, Review};
    let f = Mode::Flashcard;
    let log = [
        answer(1, at("2026-01-01T10:00:00Z"), "a", 3, f, New),
        // 03:59 the next morning is still the same study day.
        answer(2, at("2026-01-02T03:59:00Z"), "a", 3, f, Review),
        // 04:00 starts the next one, 1 day after, though only a minute later.
        answer(3, at("2026-01-02T04:00:00Z"), "a", 3, f, Review),
    ];
    let set = training_set(&log, &utc4());
    let items: Vec<Vec<FSRSReview>> = set.items.iter().map(|i| i.reviews.clone()).collect();
    assert_eq!(items, vec![vec![r(3, 0), r(3, 0), r(3, 1)]]);
}

#[test]
fn cram_mock_tests_undone_answers_and_history_before_a_reset_are_left_out() {
    use Before::{New, Review};
    let f = Mode::Flashcard;
    let log = [
        answer(1, at("2026-01-01T10:00:00Z"), "a", 2, f, New),
        answer(2, at("2026-01-04T10:00:00Z"), "a", 1, f, Review),
        // Reset: the card is new again; what came before is dropped.
        answer(3, at("2026-01-05T10:00:00Z"), "a", 3, f, New),
        cram(4, at("2026-01-06T10:00:00Z"), "a"),
        answer(5, at("2026-01-07T10:00:00Z"), "a", 1, Mode::Test, Review),
        answer(6, at("2026-01-08T10:00:00Z"), "a", 4, f, Review),
        undo(7, at("2026-01-08T10:00:05Z"), "a", 6),
        answer(8, at("2026-01-09T10:00:00Z"), "a", 3, Mode::Choice, Review),
        // A card whose history starts in a mock test has no clean first answer.
        answer(9, at("2026-01-09T10:00:00Z"), "b", 1, Mode::Test, New),
        answer(10, at("2026-01-12T10:00:00Z"), "b", 3, f, Review),
        // A card whose first answer is not in the log.
        answer(11, at("2026-01-12T10:00:00Z"), "c", 3, f, Review),
        answer(12, at("2026-01-14T10:00:00Z"), "c", 3, f, Review),
    ];
    let set = training_set(&log, &utc4());
    let items: Vec<Vec<FSRSReview>> = set.items.iter().map(|i| i.reviews.clone()).collect();
    assert_eq!(items, vec![vec![r(3, 0), r(3, 4)]]);
    assert_eq!((set.answers, set.cards), (2, 1));
}

/// A random log: answers to a few cards at increasing instants (minutes to weeks apart),
/// some in mock tests, some taken back, with cram answers between.
#[derive(Debug, Clone)]
enum Op {
    Answer {
        card: u8,
        gap_mins: u32,
        rating: u8,
        test: bool,
    },
    Cram {
        card: u8,
    },
    UndoLast,
    Reset {
        card: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0u8..4, prop_oneof![0u32..30, 0u32..3000, 0u32..40000], 1u8..=4, prop::bool::weighted(0.1))
            .prop_map(|(card, gap_mins, rating, test)| Op::Answer { card, gap_mins, rating, test }),
        1 => (0u8..4).prop_map(|card| Op::Cram { card }),
        1 => Just(Op::UndoLast),
        1 => (0u8..4).prop_map(|card| Op::Reset { card }),
    ]
}

/// The log for `ops`, twice: as written (with crams, undone answers and undo lines), and
/// clean (without them).
fn build(ops: &[Op]) -> (Vec<Event>, Vec<Event>) {
    let mut now = at("2026-01-01T10:00:00Z");
    let mut seq = 0;
    let mut seen = [false; 4];
    let (mut noisy, mut clean): (Vec<Event>, Vec<Event>) = (Vec::new(), Vec::new());
    for op in ops {
        seq += 1;
        match op {
            Op::Answer {
                card,
                gap_mins,
                rating,
                test,
            } => {
                now += jiff::SignedDuration::from_mins(i64::from(*gap_mins));
                let i = usize::from(*card);
                let before = if seen[i] { Before::Review } else { Before::New };
                let mode = if *test { Mode::Test } else { Mode::Flashcard };
                seen[i] = true;
                let e = answer(seq, now, &format!("c{card}"), *rating, mode, before);
                noisy.push(e.clone());
                clean.push(e);
            }
            Op::Cram { card } => noisy.push(cram(seq, now, &format!("c{card}"))),
            Op::UndoLast => {
                // Only the latest answer can be taken back, and only before anything else.
                if let Some(Event::Review {
                    seq: s,
                    card,
                    before,
                    ..
                }) = noisy.last().cloned()
                {
                    clean.pop();
                    if before == Before::New {
                        seen[usize::from(card.as_bytes()[1] - b'0')] = false;
                    }
                    noisy.push(undo(seq, now, &card, s));
                }
            }
            Op::Reset { card } => seen[usize::from(*card)] = false,
        }
    }
    (noisy, clean)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cram_and_undone_answers_change_nothing(ops in prop::collection::vec(op(), 0..60)) {
        let day_of = utc4();
        let (noisy, clean) = build(&ops);
        prop_assert_eq!(training_set(&noisy, &day_of), training_set(&clean, &day_of));
    }

    #[test]
    fn items_are_growing_histories_scored_only_on_later_days(ops in prop::collection::vec(op(), 0..60)) {
        let day_of = utc4();
        let (log, _) = build(&ops);
        let set = training_set(&log, &day_of);
        prop_assert_eq!(set.items.len(), set.card_ids.len());
        let mut last: HashMap<i64, &FSRSItem> = HashMap::new();
        for (item, card) in set.items.iter().zip(&set.card_ids) {
            let reviews = &item.reviews;
            prop_assert!(reviews.len() >= 2);
            prop_assert_eq!(reviews[0].delta_t, 0, "a history starts with the first answer");
            prop_assert!(reviews.last().unwrap().delta_t > 0, "scored only on a later day");
            prop_assert!(reviews.iter().all(|r| (1..=4).contains(&r.rating)));
            if let Some(prev) = last.get(card) {
                prop_assert!(reviews.starts_with(&prev.reviews), "one card's items extend each other");
                // Between two items of a card, only same-day answers.
                let between = &reviews[prev.reviews.len()..reviews.len() - 1];
                prop_assert!(between.iter().all(|r| r.delta_t == 0));
            }
            last.insert(*card, item);
        }
        // Mock-test answers are never part of a history: the reviews kept are the flashcard
        // answers since each card's last first answer.
        let kept: usize = last.values().map(|i| i.reviews.len()).sum();
        prop_assert!(kept <= set.answers);
        let flashcards = log.iter().filter(|e| matches!(e, Event::Review { mode: Mode::Flashcard, .. })).count();
        prop_assert!(set.answers <= flashcards);
    }

    #[test]
    fn the_elapsed_days_add_up_to_the_study_days_between_first_and_last(ops in prop::collection::vec(op(), 0..60)) {
        let day_of = utc4();
        let (_, log) = build(&ops);
        let set = training_set(&log, &day_of);
        let mut longest: HashMap<i64, &FSRSItem> = HashMap::new();
        for (item, card) in set.items.iter().zip(&set.card_ids) {
            longest.insert(*card, item);
        }
        for item in longest.values() {
            let days: u32 = item.reviews.iter().map(|r| r.delta_t).sum();
            prop_assert!(days >= 1);
        }
        // Same-day answers: a log whose answers all fall on one study day has no items.
        let one_day = log.iter().map(|e| day_of(e.at())).collect::<HashSet<_>>().len() <= 1;
        if one_day {
            prop_assert!(set.items.is_empty());
        }
    }
}
