//! Tests of `domain::merged`: the one rule for several devices' answers, with exact values.

use super::*;
use crate::domain::progress::{Before, Mode};
use crate::domain::scheduler::{Params, Rating, review};

fn params() -> Params {
    Params {
        enable_fuzz: false,
        anki_interval_order: false,
        ..Params::default()
    }
}

fn day(t: Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The answer a device gives to `card` from the state it knows (`known`), as the app does.
fn answer_on(seq: u64, when: &str, card: &str, rating: Rating, known: Option<&CardState>) -> Event {
    let o = review(known, rating, at(when), &params(), 0.0);
    Event::Review {
        seq,
        at: at(when),
        deck: "d".into(),
        card: card.into(),
        rating,
        mode: Mode::Flashcard,
        ms: 1000,
        verdict: None,
        before: Before::of(known),
        state: o.state,
    }
}

fn state_of(e: &Event) -> CardState {
    match e {
        Event::Review { state, .. } => state.clone(),
        _ => unreachable!(),
    }
}

fn fold(events: &[Event], undone: &[u64]) -> Progress {
    let p = params();
    let mut m = Merged::new(&p, undone.iter().copied().collect());
    for e in events {
        m.push(e, &day);
    }
    m.finish()
}

fn item(p: &Progress, card: &str) -> Option<CardState> {
    p.deck("d")?.items.get(&ItemKey::parse(card)).cloned()
}

/// One device: every answer was given on the state before it, so the log's states are kept
/// exactly (even ones the scheduler would not give now, as after a change of settings).
#[test]
fn one_devices_answers_keep_their_stored_states() {
    let a1 = answer_on(1, "2026-11-20T10:00:00Z", "x", Rating::Good, None);
    let mut odd = state_of(&answer_on(
        2,
        "2026-11-22T10:00:00Z",
        "x",
        Rating::Good,
        Some(&state_of(&a1)),
    ));
    odd.stability = 123.0;
    let mut a2 = answer_on(
        2,
        "2026-11-22T10:00:00Z",
        "x",
        Rating::Good,
        Some(&state_of(&a1)),
    );
    if let Event::Review { state, .. } = &mut a2 {
        *state = odd.clone();
    }
    let p = fold(&[a1, a2], &[]);
    assert_eq!(item(&p, "x"), Some(odd));
}

/// Two machines answer the same new card before syncing: the later answer (by time) is
/// rescheduled over the earlier one, so the card has two answers' worth of memory, not the
/// last machine's one.
#[test]
fn a_card_answered_on_both_machines_is_rescheduled_over_both_answers() {
    let home = answer_on(1, "2026-11-20T08:00:00Z", "x", Rating::Good, None);
    let library = answer_on(1, "2026-11-21T08:00:00Z", "x", Rating::Easy, None);
    let p = fold(&[home.clone(), library.clone()], &[]);
    let got = item(&p, "x").unwrap();
    let expected = review(
        Some(&state_of(&home)),
        Rating::Easy,
        at("2026-11-21T08:00:00Z"),
        &params(),
        0.0,
    )
    .state;
    assert_eq!(got, expected);
    assert_eq!((got.reps, got.last_review), (2, at("2026-11-21T08:00:00Z")));
    assert_ne!(got, state_of(&library), "not the last answer's state alone");
    // The daily counts count cards: it was a new card on the 20th, at home; the library's
    // answer on the 21st is its second, not a new card's (as `smriti rebuild` counts it).
    assert_eq!(
        p.deck("d")
            .unwrap()
            .today
            .on(jiff::civil::date(2026, 11, 21)),
        (0, 0)
    );
    let first_day = fold(std::slice::from_ref(&home), &[]);
    assert_eq!(
        first_day
            .deck("d")
            .unwrap()
            .today
            .on(jiff::civil::date(2026, 11, 20)),
        (1, 0)
    );
}

/// An undone answer never happened: the other machine's later answer on the same card is
/// then given on the state before it, and keeps its stored state.
#[test]
fn an_undone_answer_is_left_out_of_the_cards_history() {
    let base = answer_on(1, "2026-11-20T08:00:00Z", "x", Rating::Good, None);
    let s0 = state_of(&base);
    let theirs = answer_on(1, "2026-11-21T08:00:00Z", "x", Rating::Again, Some(&s0));
    let mine = answer_on(11, "2026-11-22T08:00:00Z", "x", Rating::Good, Some(&s0));
    let undo = Event::Undo {
        seq: 12,
        at: at("2026-11-22T08:00:01Z"),
        deck: "d".into(),
        card: "x".into(),
        undoes: 2,
        before: Before::Learning,
        state: Some(s0.clone()),
        takes_back: None,
    };
    // Numbered as one merged stream: base 3, theirs 2 (undone), mine 4, undo 5.
    let renumber = |e: &Event, n: u64| {
        let mut e = e.clone();
        match &mut e {
            Event::Review { seq, .. } | Event::Undo { seq, .. } => *seq = n,
            _ => {}
        }
        e
    };
    let p = fold(
        &[
            renumber(&base, 3),
            renumber(&theirs, 2),
            renumber(&mine, 4),
            renumber(&undo, 5),
        ],
        &[2],
    );
    assert_eq!(item(&p, "x"), Some(state_of(&mine)));
}

/// Replaying only the affected cards and splicing them in gives what folding everything
/// gives; the other cards are not touched.
#[test]
fn replaying_the_affected_cards_alone_gives_the_whole_fold() {
    let a = answer_on(1, "2026-11-20T08:00:00Z", "x", Rating::Good, None);
    let b = answer_on(2, "2026-11-20T09:00:00Z", "y", Rating::Hard, None);
    let late = answer_on(1, "2026-11-20T08:30:00Z", "x", Rating::Again, None);
    let all = [a.clone(), late.clone(), b.clone()];
    let whole = fold(&all, &[]);
    // What was read before the late answer arrived.
    let mut progress = fold(&[a, b], &[]);
    let mut affected = Affected::default();
    affected.add(&late);
    let p = params();
    let mut part = Merged::only(&p, Default::default(), affected.clone());
    for e in &all {
        part.push(e, &day);
    }
    splice(&mut progress, &part.finish(), &affected);
    assert_eq!(progress.decks, whole.decks);
}

/// The parameters in force: `first` before any change, each change's from its instant on
/// (the later in the list winning when instants go back), and where two timelines part.
#[test]
fn parameters_over_time_are_those_of_the_last_change_at_or_before_the_instant() {
    let t = |m: i64| -> Timestamp {
        "2026-11-01T06:00:00Z".parse::<Timestamp>().unwrap() + jiff::SignedDuration::from_mins(m)
    };
    let with = |r: f64| Params {
        desired_retention: r,
        ..Params::default()
    };
    let over = ParamsOverTime::new(
        with(0.9),
        vec![(t(10), with(0.8)), (t(30), with(0.7)), (t(20), with(0.85))],
    );
    assert_eq!(over.at(t(0)).desired_retention, 0.9);
    assert_eq!(over.at(t(10)).desired_retention, 0.8);
    assert_eq!(over.at(t(25)).desired_retention, 0.85);
    assert_eq!(
        over.at(t(40)).desired_retention,
        0.85,
        "the later in order wins"
    );
    assert_eq!(over.latest().desired_retention, 0.85);
    assert!(!over.changed_by(t(9)) && over.changed_by(t(10)));
    let same_until_20 = ParamsOverTime::new(with(0.9), vec![(t(10), with(0.8))]);
    assert_eq!(over.first_difference(&same_until_20), Some(t(20)));
    assert_eq!(over.first_difference(&over.clone()), None);
    let other_start = ParamsOverTime::new(with(0.95), vec![]);
    assert_eq!(
        same_until_20.first_difference(&other_start),
        Some(Timestamp::MIN)
    );
}

/// A merge that reschedules many answers works the scheduler's constants out once per
/// parameters in force, not once per answer, and reschedules them as `review` does.
#[test]
fn rescheduled_answers_work_the_constants_out_once_per_parameters() {
    use crate::domain::scheduler::DERIVED;
    let t = |m: i64| -> Timestamp {
        "2026-11-01T06:00:00Z".parse::<Timestamp>().unwrap() + jiff::SignedDuration::from_hours(m)
    };
    let with = |r: f64| Params {
        desired_retention: r,
        ..params()
    };
    let over = ParamsOverTime::new(with(0.9), vec![(t(50), with(0.8))]);
    // Every answer stored from no state at all (a device that never synced): each after the
    // first is rescheduled over the merge.
    let events: Vec<Event> = (0..100u64)
        .map(|i| {
            let mut e = answer_on(i + 1, "2026-11-01T06:00:00Z", "x", Rating::Good, None);
            if let Event::Review { at, .. } = &mut e {
                *at = t(i as i64);
            }
            e
        })
        .collect();
    let before = DERIVED.with(|n| n.get());
    let mut m = Merged::new(&over, Default::default());
    for e in &events {
        m.push(e, &day);
    }
    let p = m.finish();
    let derived = DERIVED.with(|n| n.get()) - before;
    assert_eq!(derived, 2, "once for each of the two parameters in force");
    // The same states as rescheduling each answer on its own.
    let mut want: Option<CardState> = None;
    for (i, e) in events.iter().enumerate() {
        if i == 0 {
            want = Some(state_of(e));
            continue;
        }
        let u = fuzz_draw("d/x", want.as_ref().map_or(0, |s| s.reps));
        let at = t(i as i64);
        want = Some(review(want.as_ref(), Rating::Good, at, over.at(at), u).state);
    }
    assert_eq!(item(&p, "x"), want);
}

/// Two machines that introduced the same card the same day before syncing introduced one card
/// (Anki counts cards, not introductions): the whole fold, a replay of some cards spliced in,
/// and answers applied one by one all count it once; an undone introduction counts for nothing.
#[test]
fn a_card_introduced_on_both_machines_counts_once_as_new() {
    let home = answer_on(1, "2026-11-20T08:00:00Z", "x", Rating::Good, None);
    let libr = answer_on(1, "2026-11-20T09:00:00Z", "x", Rating::Good, None);
    let other = answer_on(2, "2026-11-20T09:30:00Z", "y", Rating::Good, None);
    let all = [home.clone(), libr.clone(), other.clone()];
    let date = day(at("2026-11-20T10:00:00Z"));
    let new_of = |p: &Progress| p.deck("d").unwrap().today.on(date);
    assert_eq!(new_of(&fold(&all, &[])), (2, 0), "x and y, x once");
    // One at a time, as a running app reads another device's tail.
    let p = params();
    let mut one_by_one = Progress::default();
    for e in &all {
        apply(&mut one_by_one, e, &p, &day);
    }
    assert_eq!(new_of(&one_by_one), (2, 0));
    // Only y replayed (its deck's counts folded without x's state).
    let mut affected = Affected::default();
    affected.add(&other);
    let mut part = Merged::only(&p, Default::default(), affected.clone());
    for e in &all {
        part.push(e, &day);
    }
    let mut spliced = fold(&all, &[]);
    splice(&mut spliced, &part.finish(), &affected);
    assert_eq!(new_of(&spliced), (2, 0));
    // The library's introduction undone: x was introduced once, at home.
    let undo = Event::Undo {
        seq: 4,
        at: at("2026-11-20T09:40:00Z"),
        deck: "d".into(),
        card: "x".into(),
        undoes: 2,
        before: Before::New,
        state: None,
        takes_back: None,
    };
    let renumbered = |e: &Event, n: u64| {
        let mut e = e.clone();
        if let Event::Review { seq, .. } = &mut e {
            *seq = n;
        }
        e
    };
    let with_undo = [
        renumbered(&home, 1),
        renumbered(&libr, 2),
        renumbered(&other, 3),
        undo,
    ];
    assert_eq!(new_of(&fold(&with_undo, &[2])), (2, 0));
    // Home's undone instead: the library's introduction is the card's first answer.
    assert_eq!(new_of(&fold(&with_undo[..3], &[1])), (2, 0));
}
