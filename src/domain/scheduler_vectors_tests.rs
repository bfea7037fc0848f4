//! Bit-for-bit agreement with py-fsrs 6.3.2 on the full-precision vectors in
//! `tests/fixtures/fsrs-vectors.json` (made by `tests/fixtures/fsrs_vectors.py`, fuzz off):
//! random histories, and the spec's traces V1–V16 (§5.2) at full precision.

use super::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    py_fsrs: String,
    fuzz: bool,
    histories: Vec<History>,
    traces: Vec<History>,
}

/// rating, review instant (µs), state (1 learning, 2 review, 3 relearning), step, S, D, due (µs).
type Row = (u8, i64, u8, Option<u32>, f64, f64, i64);

#[derive(Deserialize)]
struct History {
    #[serde(default)]
    name: String,
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

/// Replays `history` and checks every review against py-fsrs's, bit for bit; returns the
/// number of reviews.
fn replay(label: &str, history: &History) -> usize {
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
        let at = format!("{label}, review {}", i + 1);
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
    }
    history.reviews.len()
}

#[test]
fn every_review_matches_py_fsrs_bit_for_bit() {
    let v = vectors();
    assert_eq!(v.py_fsrs, "6.3.2");
    assert!(!v.fuzz);
    assert!(v.histories.len() >= 500);
    let reviews: usize = v
        .histories
        .iter()
        .enumerate()
        .map(|(h, history)| replay(&format!("history {h}"), history))
        .sum();
    assert!(reviews >= 5_000, "{reviews} reviews");
}

#[test]
fn the_spec_traces_match_py_fsrs_bit_for_bit() {
    let v = vectors();
    let names: Vec<&str> = v.traces.iter().map(|t| t.name.as_str()).collect();
    let want: Vec<String> = (1..=16).map(|i| format!("V{i}")).collect();
    assert_eq!(names, want);
    for t in &v.traces {
        replay(&t.name, t);
    }
    // They are the spec's traces: its last rows, printed to 12 digits, agree.
    let last = |name: &str| {
        let t = v.traces.iter().find(|t| t.name == name).expect("the trace");
        let r = t.reviews.last().expect("a review");
        (r.4, r.5, (r.6 - r.1) / 1_000_000)
    };
    let close = |a: f64, b: f64| ((a - b) / b).abs() < 1e-9;
    for (name, s, d, secs) in [
        ("V1", 20.770357285, 9.05575991723, 21 * 86_400),
        ("V2", 53.6269029171, 6.357487084, 54 * 86_400),
        ("V5", 1.2931, 9.68084442598, 330),
        ("V9", 4.87926751371, 7.37781418152, 5 * 86_400),
        ("V13", 2597.75341675, 1.0, 365 * 86_400),
        ("V14", 2474.51973577, 3.90178591562, 3650 * 86_400),
        ("V15", 1.75322928597, 8.98322187332, 2 * 86_400),
        ("V16", 0.00400030103975, 9.97797846095, 60),
    ] {
        let (gs, gd, gsecs) = last(name);
        assert!(close(gs, s), "{name}: S {gs} against {s}");
        assert!(close(gd, d), "{name}: D {gd} against {d}");
        assert_eq!(gsecs, secs, "{name}: interval");
    }
}
