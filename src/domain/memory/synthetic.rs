//! A synthetic learner: a review log made by someone whose memory follows FSRS-6 with known
//! weights, studying on smriti's schedule. For testing the optimizer (it should find weights
//! that predict this learner as well as the true ones) and for trying `smriti optimize` by hand.
//!
//! Deterministic from its seed (ChaCha8). Each day at 09:00 UTC the learner answers the due
//! cards and a few new ones, then comes back every 11 minutes for the (re)learning steps.
//! Whether a card is recalled is drawn from its true retrievability, with the elapsed time in
//! fractional days so that learning steps can fail too.

use jiff::{SignedDuration, Timestamp};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::deck::ItemKey;
use crate::domain::ids::DeckId;
use crate::domain::progress::{Event, Progress};
use crate::domain::scheduler::{CardState, Params, Rating, review};
use crate::domain::session::{Answer, answer_item};

/// Weights far from the defaults: a learner who forgets much faster than the defaults expect
/// (lower initial stabilities, slower growth, the steeper FSRS-4.5/5 curve w20 = 0.5), with
/// larger difficulty steps.
pub const FAR_WEIGHTS: [f64; 21] = [
    0.1, 0.3, 0.6, 2.0, 7.2, 1.1, 1.4, 0.01, 0.6, 0.25, 1.3, 1.9, 0.12, 0.4, 2.1, 0.35, 2.6, 0.35,
    0.25, 0.1, 0.5,
];

/// How the synthetic learner studies.
#[derive(Debug, Clone)]
pub struct Learner {
    /// The learner's true memory.
    pub weights: [f64; 21],
    pub cards: usize,
    pub new_per_day: usize,
    pub days: i64,
    pub seed: u64,
    pub start: Timestamp,
}

/// The log the learner writes under the schedule of `schedule` (the app's settings), with the
/// study day of each instant from `day_of`.
pub fn review_log(
    learner: &Learner,
    schedule: &Params,
    day_of: &dyn Fn(Timestamp) -> jiff::civil::Date,
) -> Vec<Event> {
    let truth = Params {
        weights: learner.weights,
        enable_fuzz: false,
        ..schedule.clone()
    };
    let mut rng = ChaCha8Rng::seed_from_u64(learner.seed);
    let mut progress = Progress::default();
    let mut memory: Vec<Option<CardState>> = vec![None; learner.cards];
    let mut log = Vec::new();
    let keys: Vec<ItemKey> = (0..learner.cards)
        .map(|i| ItemKey::parse(&format!("s{i:05}")))
        .collect();
    for day in 0..learner.days {
        let morning = learner.start + SignedDuration::from_hours(24 * day);
        let introduce =
            (day as usize * learner.new_per_day)..((day as usize + 1) * learner.new_per_day);
        for pass in 0..8i64 {
            let mut now = morning + SignedDuration::from_mins(11 * pass);
            for (i, key) in keys.iter().enumerate() {
                let scheduled = progress.deck("syn").and_then(|d| d.items.get(key)).cloned();
                let due = match &scheduled {
                    None => pass == 0 && introduce.contains(&i),
                    Some(s) => s.due <= now,
                };
                if !due {
                    continue;
                }
                now += SignedDuration::from_secs(8);
                let rating = match &memory[i] {
                    None => {
                        let u: f64 = rng.random();
                        [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy]
                            [usize::from(u >= 0.2) + usize::from(u >= 0.3) + usize::from(u >= 0.85)]
                    }
                    Some(m) => {
                        let t = (now.as_microsecond() - m.last_review.as_microsecond()) as f64
                            / 86_400e6;
                        let p = truth.retrievability(t.max(0.0), m.stability);
                        if rng.random::<f64>() >= p {
                            Rating::Again
                        } else {
                            let u: f64 = rng.random();
                            [Rating::Hard, Rating::Good, Rating::Easy]
                                [usize::from(u >= 0.15) + usize::from(u >= 0.9)]
                        }
                    }
                };
                memory[i] = Some(review(memory[i].as_ref(), rating, now, &truth, 0.0).state);
                log.push(answer_item(
                    &mut progress,
                    &DeckId::from("syn"),
                    key,
                    rating,
                    now,
                    Answer::flashcard(6_000 + rng.random_range(0..6_000)),
                    schedule,
                    day_of,
                ));
            }
        }
    }
    log
}
