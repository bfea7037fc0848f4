//! The exam-day plan: which new cards a day, desired retention and exam mode give the most
//! cards recalled on the exam morning, within a daily budget of minutes, simulated from the
//! user's own cards, parameters and habits ([`super::workload`]).
//!
//! A plan is within budget when no simulated day (averaged over the runs) takes more minutes
//! than the budget. Among those, the one with the most expected recall on the exam morning
//! wins (ties: fewer minutes). Pure: seeds are arguments.

use super::base::{Base, SimError};
use super::workload::{Outlook, Scenario, simulate_mean};

/// Desired retentions the plan search tries.
pub const PLAN_RETENTIONS: [f64; 6] = [0.70, 0.80, 0.85, 0.90, 0.93, 0.95];

/// One way to study until the exam, and what it would give.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// New cards a day, in all.
    pub new_per_day: usize,
    pub desired_retention: f64,
    pub exam_mode: bool,
    /// Expected cards recalled on the exam morning (mean over the runs).
    pub recalled: f64,
    /// One standard deviation of that between runs.
    pub spread: f64,
    /// Day by day until the exam.
    pub outlook: Outlook,
}

impl Plan {
    /// The busiest day's minutes.
    pub fn peak_minutes(&self) -> f64 {
        self.outlook.minutes.iter().copied().fold(0.0, f64::max)
    }

    /// Whether every day fits in `budget` minutes.
    pub fn within(&self, budget: f64) -> bool {
        self.peak_minutes() <= budget
    }
}

/// What the search needs besides the user's cards (in `base`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    /// Days from today to the exam morning (≥ 1).
    pub exam_day: usize,
    pub budget_minutes: f64,
    pub seed: u64,
    /// Simulation runs per candidate.
    pub runs: usize,
}

/// Simulates one plan: `base` studied with these settings until the exam morning.
pub fn evaluate(
    base: &Scenario,
    goal: &Goal,
    new_per_day: usize,
    desired_retention: f64,
    exam_mode: bool,
) -> Result<Plan, SimError> {
    let s = Scenario {
        new_per_day,
        desired_retention,
        days: goal.exam_day.max(1),
        minutes_per_day: None,
        exam_day: exam_mode.then_some(goal.exam_day.max(1)),
        ..base.clone()
    };
    let (outlook, spread) = simulate_mean(&s, goal.seed, goal.runs)?;
    Ok(Plan {
        new_per_day,
        desired_retention,
        exam_mode,
        recalled: outlook.morning_after,
        spread,
        outlook,
    })
}

/// The new-cards-a-day values tried: none, a spread of rates up to learning every card in the
/// first tenth of the time, and exactly "all of them by the exam".
pub fn new_per_day_candidates(new_cards: usize, exam_day: usize) -> Vec<usize> {
    if new_cards == 0 {
        return vec![0];
    }
    let days = exam_day.max(1);
    let all_by_exam = new_cards.div_ceil(days);
    let mut v: Vec<usize> = [
        0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 60, 80, 120, 160, 240, 320, 480,
    ]
    .into_iter()
    .filter(|n| *n <= (new_cards.div_ceil(days) * 10).max(1))
    .chain([all_by_exam, all_by_exam * 2])
    .map(|n| n.min(new_cards))
    .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The best plan within the budget. When no plan fits (the reviews already due exceed the
/// budget), the plan with no new cards is returned, marked by `within` being false.
pub fn search(base: &Scenario, goal: &Goal) -> Result<Plan, SimError> {
    search_with(base, goal, |_, _| true)
}

/// Simulations the bisection after the grid may take (at most; told as part of the total).
const BISECTION: usize = 8;

/// [`search`], telling `progress(done, total)` after each candidate simulated; when it returns
/// false the search stops with [`SimError::Stopped`].
pub fn search_with(
    base: &Scenario,
    goal: &Goal,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<Plan, SimError> {
    let candidates = new_per_day_candidates(base.new_cards, goal.exam_day);
    let total = candidates.len() * PLAN_RETENTIONS.len() * 2 + BISECTION;
    let mut done = 0;
    let mut step = |done: &mut usize| {
        *done += 1;
        if progress((*done).min(total), total) {
            Ok(())
        } else {
            Err(SimError::Stopped)
        }
    };
    let mut best: Option<Plan> = None;
    for &n in &candidates {
        let mut any_fit = false;
        for dr in PLAN_RETENTIONS {
            for exam_mode in [false, true] {
                let p = evaluate(base, goal, n, dr, exam_mode)?;
                step(&mut done)?;
                if !p.within(goal.budget_minutes) {
                    continue;
                }
                any_fit = true;
                let better = best.as_ref().is_none_or(|b| {
                    p.recalled > b.recalled + 1e-9
                        || ((p.recalled - b.recalled).abs() <= 1e-9
                            && p.outlook.mean_minutes(usize::MAX)
                                < b.outlook.mean_minutes(usize::MAX))
                });
                if better {
                    best = Some(p);
                }
            }
        }
        // More new cards a day only adds work: once none fits, none with more will.
        if !any_fit && n > 0 {
            break;
        }
    }
    let Some(mut best) = best else {
        return evaluate(base, goal, 0, base.desired_retention, false);
    };
    // Between the winner's new cards a day and the next value tried, the most that still fits
    // (with the winner's retention and exam mode), by bisection.
    done = total - BISECTION;
    if let Some(&next) = candidates.iter().find(|n| **n > best.new_per_day) {
        let (mut lo, mut hi) = (best.new_per_day, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            let p = evaluate(base, goal, mid, best.desired_retention, best.exam_mode)?;
            step(&mut done)?;
            if p.within(goal.budget_minutes) {
                lo = mid;
                if p.recalled > best.recalled + 1e-9 {
                    best = p;
                }
            } else {
                hi = mid;
            }
        }
    }
    Ok(best)
}

/// The best plan beside what the current settings would give, with what they start from.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub goal: Goal,
    pub best: Plan,
    pub current: Plan,
    /// Cards studied, new, and both.
    pub studied: usize,
    pub new_cards: usize,
    /// Decks with new cards left: the best plan's new cards a day are spread over them.
    pub decks_with_new: usize,
    /// The per-deck new-card limit that gives the best plan's new cards a day (a multiple of
    /// the decks with new cards).
    pub per_deck: u32,
}

impl Proposal {
    pub fn total(&self) -> usize {
        self.studied + self.new_cards
    }
}

/// Searches (with `goal.runs` runs a candidate), then simulates the winner and the current
/// settings (`base`'s new cards a day and desired retention, with `exam_mode_now`) with
/// `final_runs` runs each. `progress(done, total)` is told of each simulation; when it returns
/// false the search stops with an error.
pub fn propose(
    base: &Base,
    goal: &Goal,
    final_runs: usize,
    exam_mode_now: bool,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<Proposal, SimError> {
    let s = &base.scenario;
    let fin = Goal {
        runs: final_runs,
        ..*goal
    };
    let extra = 2 * final_runs.max(1) / goal.runs.max(1);
    let mut last = (0, 1);
    let found = search_with(s, goal, |done, total| {
        last = (done, total + extra);
        progress(last.0, last.1)
    })?;
    // New-card limits are per deck: a day's total is a multiple of the decks with new cards,
    // rounded up when that still fits the budget, else down.
    let decks = base.decks_with_new.max(1);
    let (dr, em) = (found.desired_retention, found.exam_mode);
    let up = found.new_per_day.div_ceil(decks) * decks;
    let mut best = evaluate(s, &fin, up, dr, em)?;
    if !best.within(goal.budget_minutes) && up != found.new_per_day {
        best = evaluate(s, &fin, found.new_per_day / decks * decks, dr, em)?;
    }
    if !progress(last.1 - extra / 2, last.1) {
        return Err(SimError::Stopped);
    }
    let current = evaluate(s, &fin, s.new_per_day, s.desired_retention, exam_mode_now)?;
    progress(last.1, last.1);
    Ok(Proposal {
        goal: *goal,
        per_deck: u32::try_from(best.new_per_day / decks).unwrap_or(u32::MAX),
        best,
        current,
        studied: base.studied,
        new_cards: s.new_cards,
        decks_with_new: base.decks_with_new.max(1),
    })
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
