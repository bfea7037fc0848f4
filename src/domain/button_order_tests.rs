use super::*;
use proptest::prelude::*;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn no_fuzz(order: bool) -> Params {
    Params {
        enable_fuzz: false,
        anki_interval_order: order,
        ..Params::default()
    }
}

fn days(o: &Outcome) -> f64 {
    o.interval_secs / 86_400.0
}

fn review_card(stability: f64, difficulty: f64, last: &str) -> CardState {
    CardState {
        phase: Phase::Review,
        step: None,
        stability,
        difficulty,
        due: ts("2026-11-22T10:00:00Z"),
        last_review: ts(last),
        reps: 5,
        lapses: 2,
    }
}

#[test]
fn a_weak_review_card_gets_hard_good_easy_a_day_apart() {
    let now = ts("2026-11-22T10:00:00Z");
    // py-fsrs: Hard, Good and Easy all 1 day for this card.
    let card = review_card(0.1, 10.0, "2026-11-21T10:00:00Z");
    let fsrs = scheduler::preview(Some(&card), now, &no_fuzz(false), 0.0);
    assert_eq!(fsrs.each_ref().map(days)[1..], [1.0, 1.0, 1.0]);
    let anki = preview(Some(&card), now, &no_fuzz(true), 0.0);
    assert_eq!(anki.each_ref().map(days)[1..], [1.0, 2.0, 3.0]);
    assert_eq!(anki[3].state.due, ts("2026-11-25T10:00:00Z"));
    // Only the interval moved: the memory states are FSRS's, bit for bit.
    for (a, f) in anki.iter().zip(&fsrs) {
        assert_eq!(a.state.stability.to_bits(), f.state.stability.to_bits());
        assert_eq!(a.state.difficulty.to_bits(), f.state.difficulty.to_bits());
        assert_eq!(
            (a.state.phase, a.state.step, a.state.reps, a.state.lapses),
            (f.state.phase, f.state.step, f.state.reps, f.state.lapses)
        );
    }
    // Good tying Easy moves Easy only; Hard tying Good moves Good (and Easy after it).
    let card = review_card(1.0, 10.0, "2026-11-21T10:00:00Z");
    let fsrs = scheduler::preview(Some(&card), now, &no_fuzz(false), 0.0);
    assert_eq!(fsrs.each_ref().map(days)[1..], [1.0, 2.0, 2.0]);
    let anki = preview(Some(&card), now, &no_fuzz(true), 0.0);
    assert_eq!(anki.each_ref().map(days)[1..], [1.0, 2.0, 3.0]);
    let card = review_card(1.0, 9.0, "2026-11-21T10:00:00Z");
    let anki = preview(Some(&card), now, &no_fuzz(true), 0.0);
    assert_eq!(anki.each_ref().map(days)[1..], [2.0, 3.0, 4.0]);
    // What is recorded is what the button showed.
    for (g, shown) in Rating::ALL.into_iter().zip(&anki) {
        assert_eq!(&schedule(Some(&card), g, now, &no_fuzz(true), 0.0), shown);
    }
}

#[test]
fn the_maximum_interval_and_the_exam_still_bound_the_order() {
    let now = ts("2026-11-22T10:00:00Z");
    let card = review_card(0.1, 10.0, "2026-11-21T10:00:00Z");
    let capped = Params {
        maximum_interval: 2,
        ..no_fuzz(true)
    };
    let p = preview(Some(&card), now, &capped, 0.0);
    assert_eq!(p.each_ref().map(days)[1..], [1.0, 2.0, 2.0]);
    let exam = Params {
        deadline: Some(ts("2026-11-24T04:00:00Z")),
        ..no_fuzz(true)
    };
    let p = preview(Some(&card), now, &exam, 0.0);
    assert_eq!(p.each_ref().map(days)[1..], [1.0, 1.0, 1.0]);
}

#[test]
fn easy_from_learning_passes_what_good_would_graduate_with() {
    let now = ts("2026-11-22T10:00:00Z");
    // A relearning card whose Good graduates: Easy is a day past it.
    let card = CardState {
        phase: Phase::Relearning,
        step: Some(0),
        ..review_card(0.1, 10.0, "2026-11-22T09:50:00Z")
    };
    let fsrs = scheduler::preview(Some(&card), now, &no_fuzz(false), 0.0);
    let anki = preview(Some(&card), now, &no_fuzz(true), 0.0);
    assert_eq!((days(&fsrs[2]), days(&fsrs[3])), (1.0, 1.0));
    assert_eq!((days(&anki[2]), days(&anki[3])), (1.0, 2.0));
    // Hard stays in relearning, untouched.
    assert_eq!(anki[1], fsrs[1]);
}

fn any_state() -> impl Strategy<Value = Option<CardState>> {
    proptest::option::of(
        (
            0u8..3,
            0u32..3,
            0.001f64..400.0,
            1.0f64..10.0,
            0i64..60 * 24 * 90,
        )
            .prop_map(|(phase, step, stability, difficulty, ago_min)| {
                let now = ts("2026-11-22T10:00:00Z");
                let phase = [Phase::Learning, Phase::Review, Phase::Relearning][usize::from(phase)];
                CardState {
                    phase,
                    step: (phase != Phase::Review).then_some(step),
                    stability,
                    difficulty,
                    due: now,
                    last_review: now
                        .checked_sub(jiff::SignedDuration::from_mins(ago_min))
                        .unwrap(),
                    reps: 3,
                    lapses: 1,
                }
            }),
    )
}

proptest! {
    /// With the setting on, every graduating Hard ≤ Good < Easy (ties only at the maximum or
    /// the exam), and nothing but the interval differs from FSRS. With it off, what is
    /// scheduled is py-fsrs' outcome exactly.
    #[test]
    fn hard_good_easy_are_ordered_and_memory_stays_exact(
        state in any_state(),
        u in 0.0f64..1.0,
        fuzz in any::<bool>(),
        max in prop_oneof![Just(36_500u32), 1u32..30],
        exam_in in proptest::option::of(1i64..40),
    ) {
        let now = ts("2026-11-22T10:00:00Z");
        let deadline = exam_in.map(|d| now.checked_add(jiff::SignedDuration::from_hours(d * 24 - 6)).unwrap());
        let on = Params { enable_fuzz: fuzz, maximum_interval: max, deadline, ..Params::default() };
        let off = Params { anki_interval_order: false, ..on.clone() };
        let fsrs = scheduler::preview(state.as_ref(), now, &off, u);
        let anki = preview(state.as_ref(), now, &on, u);
        for (g, (a, f)) in Rating::ALL.into_iter().zip(anki.iter().zip(&fsrs)) {
            prop_assert_eq!(&schedule(state.as_ref(), g, now, &off, u), f);
            prop_assert_eq!(&schedule(state.as_ref(), g, now, &on, u), a);
            prop_assert_eq!(&CardState { due: f.state.due, ..a.state.clone() }, &f.state);
            prop_assert!(days(a) >= days(f));
        }
        prop_assert_eq!(&anki[0], &fsrs[0]);
        // The exam bounds intervals while at least a whole day is left before it.
        let cap = f64::from(max).min(exam_in.filter(|d| *d >= 2).map_or(f64::MAX, |d| (d - 1) as f64));
        let grad = |o: &Outcome| (o.state.phase == Phase::Review).then(|| days(o));
        if let (Some(h), Some(g)) = (grad(&anki[1]), grad(&anki[2])) {
            prop_assert!(h <= g, "hard {h} good {g}");
            if state.as_ref().is_some_and(|s| s.phase == Phase::Review) {
                prop_assert!(h < g || g == cap, "hard {h} good {g} cap {cap}");
            }
        }
        if let (Some(g), Some(e)) = (grad(&anki[2]), grad(&anki[3])) {
            prop_assert!(g < e || e == cap, "good {g} easy {e} cap {cap}");
        }
    }
}
