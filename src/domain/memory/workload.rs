//! Simulating the days ahead with the `fsrs` crate's simulator: how many reviews and minutes a
//! day a desired retention costs, and how many cards would be recalled on each day.
//!
//! The simulation starts from the user's own cards (their current stability, difficulty, last
//! review and due day) plus the cards not yet studied, uses their parameters, and answers with
//! their own habits (how often they press each button, and how long an answer takes them),
//! measured from the log. Pure: the seed is an argument; `now` comes in as a value.

use std::collections::HashSet;
use std::sync::Arc;

use fsrs::{Card, SimulatorConfig};
use jiff::Timestamp;

use crate::domain::progress::{Before, Event, Mode, Progress};
use crate::domain::scheduler::Params;

/// How the user answers: button frequencies and seconds per answer, by card state.
#[derive(Debug, Clone, PartialEq)]
pub struct Habits {
    /// Again, Hard, Good, Easy on a new card.
    pub first_rating_prob: [f32; 4],
    /// Hard, Good, Easy on a review that was recalled.
    pub review_rating_prob: [f32; 3],
    /// Seconds per answer for [learning, review, relearning] × [Again, Hard, Good, Easy].
    pub seconds: [[f32; 4]; 3],
}

impl Default for Habits {
    /// The crate's defaults (medians over Anki users).
    fn default() -> Self {
        let c = SimulatorConfig::default();
        Habits {
            first_rating_prob: c.first_rating_prob,
            review_rating_prob: c.review_rating_prob,
            seconds: c.state_rating_costs,
        }
    }
}

/// Fewer answers than this in a cell and the crate's default is used for it.
const ENOUGH: u32 = 20;

/// Measures [`Habits`] from the log, one event at a time (undone and cram answers left out).
#[derive(Debug, Default)]
pub struct HabitTally {
    undone: HashSet<u64>,
    ms: [[(u64, u32); 4]; 3],
    first: [u32; 4],
    review: [u32; 3],
}

impl HabitTally {
    pub fn new(undone: HashSet<u64>) -> HabitTally {
        HabitTally {
            undone,
            ..HabitTally::default()
        }
    }

    pub fn push(&mut self, e: &Event) {
        let Event::Review {
            seq,
            rating,
            mode,
            ms,
            before,
            ..
        } = e
        else {
            return;
        };
        if self.undone.contains(seq) || *mode == Mode::Test {
            return;
        }
        let g = *rating as usize - 1;
        let state = match before {
            Before::New | Before::Learning => 0,
            Before::Review => 1,
            Before::Relearning => 2,
        };
        // As fsrs-rs: answers longer than 20 minutes were interrupted, not thought about.
        if *ms > 0 && *ms < 1_200_000 {
            let cell = &mut self.ms[state][g];
            cell.0 += *ms;
            cell.1 += 1;
        }
        match before {
            Before::New => self.first[g] += 1,
            Before::Review if g > 0 => self.review[g - 1] += 1,
            _ => {}
        }
    }

    pub fn finish(&self) -> Habits {
        let mut h = Habits::default();
        for (state, row) in self.ms.iter().enumerate() {
            for (g, (total, n)) in row.iter().enumerate() {
                if *n >= ENOUGH {
                    h.seconds[state][g] = *total as f32 / *n as f32 / 1000.0;
                }
            }
        }
        let share = |counts: &[u32]| -> Option<Vec<f32>> {
            let sum: u32 = counts.iter().sum();
            (sum >= ENOUGH).then(|| counts.iter().map(|c| *c as f32 / sum as f32).collect())
        };
        if let Some(p) = share(&self.first) {
            h.first_rating_prob.copy_from_slice(&p);
        }
        if let Some(p) = share(&self.review) {
            h.review_rating_prob.copy_from_slice(&p);
        }
        h
    }
}

/// One studied card as the simulator sees it, in days relative to today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Studied {
    pub stability: f64,
    pub difficulty: f64,
    /// Days since its last review (≥ 0).
    pub since: f64,
    /// Days until it is due (0 when due now or overdue).
    pub due_in: f64,
}

/// Every studied card of `progress` (all decks) as of `now`.
pub fn studied(progress: &Progress, now: Timestamp) -> Vec<Studied> {
    let days = |from: Timestamp, to: Timestamp| {
        (to.as_microsecond() - from.as_microsecond()) as f64 / 86_400e6
    };
    progress
        .decks
        .values()
        .flat_map(|d| d.items.values())
        .map(|s| Studied {
            stability: s.stability,
            difficulty: s.difficulty,
            since: days(s.last_review, now).max(0.0),
            due_in: days(now, s.due).max(0.0).floor(),
        })
        .collect()
}

/// Why a simulation gave no figures.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    /// Its progress callback asked it to stop (the screen was left).
    #[error("the simulation was stopped")]
    Stopped,
    /// The simulator refused the scenario (its message).
    #[error("the simulation failed: {0}")]
    Failed(String),
    /// A plan for an exam day that is not after today.
    #[error("the exam day {exam} is not after today ({today})")]
    ExamNotAhead {
        exam: jiff::civil::Date,
        today: jiff::civil::Date,
    },
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub params: Params,
    pub habits: Habits,
    pub studied: Vec<Studied>,
    /// Cards not studied yet.
    pub new_cards: usize,
    /// New cards a day, in all.
    pub new_per_day: usize,
    /// Reviews a day, in all (`usize::MAX`: no limit).
    pub reviews_per_day: usize,
    pub desired_retention: f64,
    /// Days to simulate, today being day 0.
    pub days: usize,
    /// The most minutes a day spent (`None`: no limit): what does not fit waits for tomorrow.
    pub minutes_per_day: Option<f64>,
    /// Exam mode: no interval runs past this day.
    pub exam_day: Option<usize>,
}

/// A simulated future, one entry per day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outlook {
    pub reviews: Vec<usize>,
    pub learned: Vec<usize>,
    pub minutes: Vec<f64>,
    /// Expected number of cards recalled if tested that day (new cards count 0).
    pub recalled: Vec<f64>,
    /// Expected number of cards recalled the morning after the last simulated day, before any
    /// review (the exam morning when the simulation stops the day before the exam).
    pub morning_after: f64,
}

impl Outlook {
    /// Mean minutes a day over the first `days` days.
    pub fn mean_minutes(&self, days: usize) -> f64 {
        let d = days.min(self.minutes.len()).max(1);
        self.minutes.iter().take(d).sum::<f64>() / d as f64
    }

    /// Mean reviews a day over the first `days` days.
    pub fn mean_reviews(&self, days: usize) -> f64 {
        let d = days.min(self.reviews.len()).max(1);
        self.reviews.iter().take(d).sum::<usize>() as f64 / d as f64
    }

    /// Expected cards recalled on the last simulated day.
    pub fn final_recalled(&self) -> f64 {
        self.recalled.last().copied().unwrap_or(0.0)
    }
}

fn config(s: &Scenario) -> SimulatorConfig {
    let exam = s.exam_day;
    let mut c = SimulatorConfig {
        deck_size: s.studied.len() + s.new_cards,
        learn_span: s.days,
        max_cost_perday: s
            .minutes_per_day
            .map_or(f32::INFINITY, |m| (m * 60.0) as f32),
        max_ivl: s.params.maximum_interval as f32,
        first_rating_prob: s.habits.first_rating_prob,
        review_rating_prob: s.habits.review_rating_prob,
        learn_limit: s.new_per_day,
        review_limit: s.reviews_per_day,
        state_rating_costs: s.habits.seconds,
        learning_step_count: s.params.learning_steps.len(),
        relearning_step_count: s.params.relearning_steps.len(),
        ..SimulatorConfig::default()
    };
    if let Some(exam) = exam {
        c = c.with_post_scheduling(move |ctx| {
            let left = exam.saturating_sub(ctx.today).max(1) as f32;
            ctx.card.interval.min(left).max(1.0)
        });
    }
    c
}

/// Runs the simulation once with `seed`.
pub fn simulate(s: &Scenario, seed: u64) -> Result<Outlook, SimError> {
    if s.days == 0 || s.studied.len() + s.new_cards == 0 {
        return Ok(Outlook {
            reviews: vec![0; s.days],
            learned: vec![0; s.days],
            minutes: vec![0.0; s.days],
            recalled: vec![0.0; s.days],
            morning_after: 0.0,
        });
    }
    let w: Vec<f32> = s.params.weights.iter().map(|x| *x as f32).collect();
    let shared = Arc::new(w.clone());
    let cards: Vec<Card> = s
        .studied
        .iter()
        .enumerate()
        .map(|(i, c)| Card {
            id: i as i64 + 1,
            difficulty: c.difficulty as f32,
            stability: c.stability as f32,
            last_date: -c.since as f32,
            due: c.due_in as f32,
            interval: (c.due_in + c.since) as f32,
            lapses: 0,
            desired_retention: s.desired_retention as f32,
            parameters: shared.clone(),
        })
        .collect();
    let r = fsrs::simulate(
        &config(s),
        &w,
        s.desired_retention as f32,
        Some(seed),
        Some(cards),
    )
    .map_err(|e| SimError::Failed(e.to_string()))?;
    let end = s.days as f32;
    let morning_after = r
        .cards
        .iter()
        .filter(|c| c.last_date.is_finite() && c.stability > 0.0)
        .map(|c| f64::from(c.retention_on(end)))
        .sum();
    Ok(Outlook {
        morning_after,
        reviews: r.review_cnt_per_day,
        learned: r.learn_cnt_per_day,
        minutes: r
            .cost_per_day
            .iter()
            .map(|c| f64::from(*c) / 60.0)
            .collect(),
        recalled: r
            .memorized_cnt_per_day
            .iter()
            .map(|m| f64::from(*m))
            .collect(),
    })
}

/// The mean of several runs (seeds `seed`, `seed + 1`, …), day by day, and the spread (one
/// standard deviation between runs) of the recall on the morning after.
pub fn simulate_mean(s: &Scenario, seed: u64, runs: usize) -> Result<(Outlook, f64), SimError> {
    let runs = runs.max(1);
    let outs: Vec<Outlook> = (0..runs)
        .map(|i| simulate(s, seed + i as u64))
        .collect::<Result<_, _>>()?;
    let n = runs as f64;
    let mean = |f: &dyn Fn(&Outlook, usize) -> f64, d: usize| {
        outs.iter().map(|o| f(o, d)).sum::<f64>() / n
    };
    let days = s.days;
    let out = Outlook {
        reviews: (0..days)
            .map(|d| mean(&|o, d| o.reviews[d] as f64, d).round() as usize)
            .collect(),
        learned: (0..days)
            .map(|d| mean(&|o, d| o.learned[d] as f64, d).round() as usize)
            .collect(),
        minutes: (0..days).map(|d| mean(&|o, d| o.minutes[d], d)).collect(),
        recalled: (0..days).map(|d| mean(&|o, d| o.recalled[d], d)).collect(),
        morning_after: outs.iter().map(|o| o.morning_after).sum::<f64>() / n,
    };
    let last = out.morning_after;
    let spread = (outs
        .iter()
        .map(|o| (o.morning_after - last).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    Ok((out, spread))
}

/// Desired retentions offered by `smriti retention`.
pub const RETENTIONS: [f64; 8] = [0.70, 0.75, 0.80, 0.85, 0.90, 0.93, 0.95, 0.97];

/// [`simulate_mean`] for each desired retention of `retentions`.
pub fn by_retention(
    base: &Scenario,
    retentions: &[f64],
    seed: u64,
    runs: usize,
) -> Result<Vec<(f64, Outlook)>, SimError> {
    retentions
        .iter()
        .map(|&r| {
            let s = Scenario {
                desired_retention: r,
                ..base.clone()
            };
            simulate_mean(&s, seed, runs).map(|(o, _)| (r, o))
        })
        .collect()
}

#[cfg(test)]
#[path = "workload_tests.rs"]
mod tests;
