//! The workload simulation: habits from the log, studied cards, and the trade-off between
//! desired retention, daily work and what is remembered.

use super::*;
use crate::domain::scheduler::Params;

fn scenario(new_cards: usize, dr: f64) -> Scenario {
    Scenario {
        params: Params::default(),
        habits: Habits::default(),
        studied: Vec::new(),
        new_cards,
        new_per_day: 20,
        reviews_per_day: usize::MAX,
        desired_retention: dr,
        days: 120,
        minutes_per_day: None,
        exam_day: None,
    }
}

#[test]
fn higher_retention_costs_more_reviews_and_remembers_more() {
    let rows = by_retention(&scenario(1_000, 0.9), &[0.75, 0.85, 0.95], 1, 2).unwrap();
    let reviews: Vec<f64> = rows.iter().map(|(_, o)| o.mean_reviews(120)).collect();
    let recalled: Vec<f64> = rows.iter().map(|(_, o)| o.final_recalled()).collect();
    assert!(
        reviews[0] < reviews[1] && reviews[1] < reviews[2],
        "{reviews:?}"
    );
    assert!(
        recalled[0] < recalled[1] && recalled[1] < recalled[2],
        "{recalled:?}"
    );
    // Everything is learned at 20 a day within 50 days, and recall is bounded by the cards.
    for (_, o) in &rows {
        assert_eq!(o.learned.iter().sum::<usize>(), 1_000);
        assert!(o.final_recalled() <= 1_000.0);
    }
}

#[test]
fn the_simulation_is_reproducible_from_its_seed() {
    let s = scenario(300, 0.9);
    assert_eq!(simulate(&s, 5).unwrap(), simulate(&s, 5).unwrap());
}

#[test]
fn a_daily_budget_is_respected_up_to_one_answer() {
    let s = Scenario {
        minutes_per_day: Some(10.0),
        ..scenario(2_000, 0.9)
    };
    let o = simulate(&s, 3).unwrap();
    // The simulator stops a day once it has spent the budget: at most one answer (with its
    // learning steps, well under 2 minutes) over.
    assert!(o.minutes.iter().all(|m| *m <= 12.0), "{:?}", o.minutes);
    assert!(o.learned.iter().sum::<usize>() < 2_000);
}

#[test]
fn studied_cards_carry_their_memory_into_the_simulation() {
    let strong = Studied {
        stability: 400.0,
        difficulty: 3.0,
        since: 1.0,
        due_in: 399.0,
    };
    let s = Scenario {
        studied: vec![strong; 50],
        ..scenario(0, 0.9)
    };
    let o = simulate(&s, 1).unwrap();
    assert_eq!(
        o.reviews.iter().sum::<usize>(),
        0,
        "none is due within 120 days"
    );
    assert!(
        o.recalled[0] > 49.0 && o.final_recalled() > 45.0,
        "{:?}",
        o.recalled
    );
}

#[test]
fn habits_come_from_the_log_with_defaults_where_there_are_too_few_answers() {
    use crate::domain::progress::{Before, Mode};
    use crate::domain::scheduler::{Rating, review};
    let at: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
    let state = review(None, Rating::Good, at, &Params::default(), 0.0).state;
    let answer = |seq: u64, rating: Rating, ms: u64, before: Before, mode: Mode| Event::Review {
        seq,
        at,
        deck: "d".into(),
        card: format!("c{seq}"),
        rating,
        mode,
        ms,
        verdict: None,
        before,
        state: state.clone(),
    };
    let mut t = HabitTally::new([1].into());
    // 30 new cards: 20 Good in 8 s, 10 Again in 20 s; an undone one and a mock-test one that
    // would change both if counted; 5 reviews (too few to measure).
    for seq in 1..=30 {
        let (g, ms) = if seq <= 10 {
            (Rating::Again, 20_000)
        } else {
            (Rating::Good, 8_000)
        };
        t.push(&answer(seq, g, ms, Before::New, Mode::Flashcard));
    }
    t.push(&answer(31, Rating::Easy, 1_000, Before::New, Mode::Test));
    for seq in 32..37 {
        t.push(&answer(
            seq,
            Rating::Good,
            3_000,
            Before::Review,
            Mode::Flashcard,
        ));
    }
    let h = t.finish();
    // seq 1 (an Again) was undone: 9 Again, 20 Good.
    assert_eq!(h.first_rating_prob, [9.0 / 29.0, 0.0, 20.0 / 29.0, 0.0]);
    assert_eq!(h.seconds[0][2], 8.0);
    assert_eq!(h.seconds[0][3], Habits::default().seconds[0][3]);
    assert_eq!(h.review_rating_prob, Habits::default().review_rating_prob);
    assert_eq!(h.seconds[1], Habits::default().seconds[1]);
    assert_eq!(
        h.seconds[0][0],
        Habits::default().seconds[0][0],
        "9 Again: too few"
    );
}
