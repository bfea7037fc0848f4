use super::*;
use crate::domain::logged::Logged;
use crate::domain::progress::{Mode, TakenBack, undone_seqs};
use crate::domain::scheduler::{CardState, Phase};
use proptest::prelude::*;

fn day_of(t: Timestamp) -> Date {
    crate::domain::time::StudyDay::containing(t, &jiff::tz::TimeZone::UTC, 4).date
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + minutes * 60).unwrap()
}

fn state() -> CardState {
    CardState {
        phase: Phase::Review,
        step: None,
        stability: 3.0,
        difficulty: 5.0,
        due: at(10_000),
        last_review: at(0),
        reps: 2,
        lapses: 0,
    }
}

fn review(seq: u64, minute: i64, deck: &str, card: &str, rating: Rating, before: Before) -> Event {
    Event::Review {
        seq,
        at: at(minute),
        deck: deck.into(),
        card: card.into(),
        rating,
        mode: Mode::Flashcard,
        ms: 1000 + seq,
        verdict: None,
        before,
        state: state(),
    }
}

fn undo_of(seq: u64, minute: i64, answer: &Event) -> Event {
    let Event::Review {
        seq: undoes,
        at,
        deck,
        card,
        rating,
        ms,
        before,
        ..
    } = answer
    else {
        unreachable!()
    };
    Event::Undo {
        seq,
        at: self::at(minute),
        deck: deck.clone(),
        card: card.clone(),
        undoes: *undoes,
        before: *before,
        state: None,
        takes_back: Some(TakenBack {
            at: *at,
            rating: *rating,
            ms: *ms,
        }),
    }
}

fn live(events: &[Event]) -> Aggregates {
    let mut a = Aggregates::default();
    for e in events {
        a.apply(e, &day_of).unwrap();
    }
    a
}

fn folded(events: &[Event]) -> Aggregates {
    let mut f = Fold::new(undone_seqs(events));
    for e in events {
        f.push(e, &day_of);
    }
    f.finish()
}

#[test]
fn an_answer_adds_to_its_day_and_card_and_an_undo_takes_exactly_that_back() {
    let a1 = review(1, 0, "d", "c1:reverse", Rating::Again, Before::Review);
    let a2 = review(2, 1, "d", "c1", Rating::Good, Before::Review);
    let a3 = review(3, 2, "d", "c2", Rating::Good, Before::New);
    let u = undo_of(4, 3, &a3);
    let totals = live(&[a1.clone(), a2.clone(), a3, u]);
    let d = &totals.decks["d"];
    assert_eq!(
        d.days[&day_of(at(0))],
        DayTotals {
            answers: 2,
            ms: 1001 + 1002,
            review_answers: 2,
            review_passed: 1,
        }
    );
    assert_eq!(
        d.cards["c1"],
        CardTotals {
            right: 1,
            answers: 2
        }
    );
    // c2's only answer was taken back: as if it had never been given.
    assert!(!d.cards.contains_key("c2"));
    assert_eq!(totals, live(&[a1, a2]));
}

#[test]
fn cram_answers_count_nothing_and_an_old_undo_is_refused() {
    let cram = Event::Cram {
        seq: 1,
        at: at(0),
        deck: "d".into(),
        card: "c".into(),
        rating: Rating::Good,
        ms: 5,
    };
    let mut a = Aggregates::default();
    a.apply(&cram, &day_of).unwrap();
    assert!(a.decks.is_empty());
    let old = Event::Undo {
        seq: 2,
        at: at(1),
        deck: "d".into(),
        card: "c".into(),
        undoes: 1,
        before: Before::New,
        state: None,
        takes_back: None,
    };
    assert_eq!(a.apply(&old, &day_of), Err(Unknown { undo: 2 }));
}

/// A random log: answers over a few decks, cards and days, some of them undone right after
/// (as the app undoes: the last answer of the session, possibly several in a row).
fn arb_log() -> impl Strategy<Value = Vec<Event>> {
    let step = (
        0u8..3,
        0u8..6,
        0u8..4,
        0u8..4,
        0u32..3000,
        prop::bool::ANY,
        0u8..3,
    );
    prop::collection::vec(step, 1..80).prop_map(|steps| {
        let mut events: Vec<Event> = Vec::new();
        let mut stack: Vec<Event> = Vec::new();
        let mut minute = 0;
        for (deck, card, rating, before, gap, reverse, undos) in steps {
            minute += i64::from(gap);
            let seq = events.len() as u64 + 1;
            let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][rating as usize];
            let before = [
                Before::New,
                Before::Learning,
                Before::Review,
                Before::Relearning,
            ][before as usize];
            let card = if reverse {
                format!("c{card}:reverse")
            } else {
                format!("c{card}")
            };
            let e = review(seq, minute, &format!("d{deck}"), &card, rating, before);
            events.push(e.clone());
            stack.push(e);
            for _ in 0..undos {
                if let Some(last) = stack.pop() {
                    let seq = events.len() as u64 + 1;
                    events.push(undo_of(seq, minute, &last));
                }
            }
        }
        events
    })
}

proptest! {
    /// The live totals (answers added, undos taken back, from any point on top of a fold) equal
    /// the totals folded from the whole log, as `smriti rebuild` folds them.
    #[test]
    fn live_totals_equal_the_fold_of_the_whole_log(events in arb_log(), cut in 0usize..80) {
        let cut = cut.min(events.len());
        let mut resumed = folded(&events[..cut]);
        // The days of all decks added together, made now and kept up to date from here on.
        let _ = resumed.all_days();
        for e in &events[cut..] {
            prop_assert!(resumed.apply(e, &day_of).is_ok());
        }
        let whole = folded(&events);
        prop_assert_eq!(&live(&events), &whole);
        prop_assert_eq!(&resumed, &whole);
        // Kept up to date, they are those made from the whole log's decks (a rebuild's).
        prop_assert_eq!(resumed.all_days(), whole.all_days());
        let mut from_start = Aggregates::default();
        let _ = from_start.all_days();
        for e in &events {
            prop_assert!(from_start.apply(e, &day_of).is_ok());
        }
        prop_assert_eq!(from_start.all_days(), whole.all_days());
        let answers: u32 = whole.decks.values().flat_map(|d| d.days.values()).map(|t| t.answers).sum();
        prop_assert_eq!(whole.all_days().values().map(|t| t.answers).sum::<u32>(), answers);
        // Folded as `smriti rebuild` reads the log (each answer without its stored state).
        let mut lean = Fold::new(undone_seqs(&events));
        for e in &events {
            lean.push_logged(&Logged::from(e.clone()), day_of(e.at()));
        }
        prop_assert_eq!(&lean.finish(), &whole);
    }
}

/// The accuracy by tag worked out from a deck's cards is kept with them until they change,
/// so that the statistics opened again count no card; an answer drops it.
#[test]
fn tags_counted_from_the_cards_are_kept_until_an_answer() {
    let outline = crate::domain::outline::Outline {
        id: "d".into(),
        cards: ["c1", "c2"]
            .iter()
            .map(|c| ((*c).into(), crate::domain::deck::Sides::Forward))
            .collect(),
        tags: vec![("t".into(), vec![0]), ("u".into(), vec![0, 1])],
        ..Default::default()
    };
    let a1 = review(1, 0, "d", "c1", Rating::Good, Before::Review);
    let a2 = review(2, 1, "d", "c2", Rating::Again, Before::Review);
    let mut totals = live(&[a1]);
    let d = &totals.decks["d"];
    assert_eq!(d.cards.counted_tags(), None);
    let first = d.tags_for(&outline).into_owned();
    assert_eq!(d.cards.counted_tags(), Some(&first));
    assert_eq!(first, d.count_tags(&outline));
    let kept = totals.clone();
    assert_eq!(kept.decks["d"].cards.counted_tags(), Some(&first));
    totals.apply(&a2, &day_of).unwrap();
    let d = &totals.decks["d"];
    assert_eq!(d.cards.counted_tags(), None, "an answer drops them");
    let second = d.tags_for(&outline).into_owned();
    assert_ne!(second, first);
    assert_eq!(second, d.count_tags(&outline));
    assert_eq!(second.counts[1].map(|c| (c.right, c.answers)), Some((1, 2)));
}
