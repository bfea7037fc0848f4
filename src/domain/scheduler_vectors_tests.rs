//! Bit-for-bit agreement with py-fsrs 6.3.2 on the full-precision vectors in
//! `tests/fixtures/fsrs-vectors.json` (made by `tests/fixtures/fsrs_vectors.py`, fuzz off).

use super::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    py_fsrs: String,
    fuzz: bool,
    histories: Vec<History>,
}

/// rating, review instant (µs), state (1 learning, 2 review, 3 relearning), step, S, D, due (µs).
type Row = (u8, i64, u8, Option<u32>, f64, f64, i64);

#[derive(Deserialize)]
struct History {
    weights: Vec<f64>,
    desired_retention: f64,
    learning_steps: Vec<f64>,
    relearning_steps: Vec<f64>,
    maximum_interval: u32,
    reviews: Vec<Row>,
}

fn vectors() -> Vectors {
    let text = include_str!("../../tests/fixtures/fsrs-vectors.json");
    serde_json::from_str(text).expect("the committed vectors parse")
}

fn micros(t: i64) -> Timestamp {
    Timestamp::from_microsecond(t).expect("an instant in range")
}

#[test]
fn every_review_matches_py_fsrs_bit_for_bit() {
    let v = vectors();
    assert_eq!(v.py_fsrs, "6.3.2");
    assert!(!v.fuzz);
    assert!(v.histories.len() >= 500);
    let mut reviews = 0;
    for (h, history) in v.histories.iter().enumerate() {
        let params = Params {
            weights: Params::weights_from(&history.weights).expect("in-bounds weights"),
            desired_retention: history.desired_retention,
            learning_steps: history.learning_steps.clone(),
            relearning_steps: history.relearning_steps.clone(),
            maximum_interval: history.maximum_interval,
            enable_fuzz: false,
            deadline: None,
            // py-fsrs semantics: no Anki interval ordering.
            anki_interval_order: false,
        };
        let mut state: Option<CardState> = None;
        for (i, &(rating, at, phase, step, s, d, due)) in history.reviews.iter().enumerate() {
            let rating = Rating::ALL[usize::from(rating) - 1];
            let out = review(state.as_ref(), rating, micros(at), &params, 0.0).state;
            let want_phase = match phase {
                1 => Phase::Learning,
                2 => Phase::Review,
                _ => Phase::Relearning,
            };
            let at = format!("history {h}, review {}", i + 1);
            assert_eq!(out.phase, want_phase, "{at}: state");
            assert_eq!(out.step, step, "{at}: step");
            assert_eq!(
                out.stability.to_bits(),
                s.to_bits(),
                "{at}: stability {} against {s}",
                out.stability
            );
            assert_eq!(
                out.difficulty.to_bits(),
                d.to_bits(),
                "{at}: difficulty {} against {d}",
                out.difficulty
            );
            assert_eq!(out.due.as_microsecond(), due, "{at}: due");
            state = Some(out);
            reviews += 1;
        }
    }
    assert!(reviews >= 5_000, "{reviews} reviews");
}
