//! Anki's interval ordering, applied to what FSRS schedules: Hard ≤ Good < Easy.
//!
//! FSRS computes each answer's interval from that answer's own stability, so a card with a
//! small stability can get Hard, Good and Easy all "1d" (py-fsrs does exactly that). Anki
//! shows and schedules them in order: in review Good is at least a day past Hard and Easy at
//! least a day past Good; from (re)learning, Easy is at least a day past the interval Good
//! would graduate with. This module takes py-fsrs' four outcomes ([`scheduler::preview`]) and
//! moves only the graduating intervals (due instant and `interval_secs`): the memory states
//! (stability, difficulty), phases, steps and counts stay exactly FSRS's. The maximum interval
//! and exam mode's deadline still bound the result, so at the maximum the intervals may tie.
//!
//! With `Params::anki_interval_order` off, [`schedule`] is [`scheduler::review`] itself (the
//! py-fsrs semantics the reference vectors check). Pure; must not depend on `store`/`tui`.

use jiff::Timestamp;

use super::scheduler::{self, CardState, Outcome, Params, Phase, Rating};
use super::time::{add_days, elapsed_days};

/// The outcome of answering `rating`, as scheduled: FSRS's, with Anki's interval order when
/// `params.anki_interval_order` is on.
pub fn schedule(
    state: Option<&CardState>,
    rating: Rating,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) -> Outcome {
    if !params.anki_interval_order {
        return scheduler::review(state, rating, now, params, fuzz_u);
    }
    let [again, hard, good, easy] = preview(state, now, params, fuzz_u);
    match rating {
        Rating::Again => again,
        Rating::Hard => hard,
        Rating::Good => good,
        Rating::Easy => easy,
    }
}

/// The four outcomes in button order, as [`schedule`] would record them.
pub fn preview(
    state: Option<&CardState>,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) -> [Outcome; 4] {
    let mut all = scheduler::preview(state, now, params, fuzz_u);
    if params.anki_interval_order {
        order(&mut all, state, now, params, fuzz_u);
    }
    all
}

/// Whole days of an outcome that graduates into review.
fn graduated_days(o: &Outcome) -> Option<u32> {
    (o.state.phase == Phase::Review).then(|| (o.interval_secs / 86_400.0).round() as u32)
}

fn set_days(o: &mut Outcome, now: Timestamp, days: u32) {
    o.state.due = add_days(now, days);
    o.interval_secs = f64::from(days) * 86_400.0;
}

/// Raises Good and Easy (in place) to Anki's order.
fn order(
    all: &mut [Outcome; 4],
    state: Option<&CardState>,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) {
    // The longest interval allowed: the maximum, and exam mode's last day before the exam.
    let mut cap = params.maximum_interval.max(1);
    if let Some(deadline) = params.deadline {
        let left = elapsed_days(now, deadline);
        if left >= 1 {
            cap = cap.min(u32::try_from(left).unwrap_or(u32::MAX));
        }
    }
    let hard = graduated_days(&all[1]);
    let mut good = graduated_days(&all[2]);
    if let (Some(h), Some(g)) = (hard, good) {
        // In review Good is a day past Hard (Anki's FSRS review intervals); when both
        // graduate from learning, Good is at least Hard.
        let step = u32::from(state.is_some_and(|s| s.phase == Phase::Review));
        let raised = g.max(h.saturating_add(step)).min(cap);
        if raised != g {
            set_days(&mut all[2], now, raised);
        }
        good = Some(raised);
    }
    // Easy is a day past what Good graduates with; when Good stays in (re)learning, past the
    // interval Good's stability would give (as Anki's learning states do).
    let good_days = good.unwrap_or_else(|| {
        let mut d = params.interval_days(all[2].state.stability);
        if params.enable_fuzz {
            d = scheduler::fuzz_interval(d, fuzz_u, params.maximum_interval);
        }
        d
    });
    if let Some(e) = graduated_days(&all[3]) {
        let raised = e.max(good_days.saturating_add(1)).min(cap);
        if raised != e {
            set_days(&mut all[3], now, raised);
        }
    }
}

#[cfg(test)]
#[path = "button_order_tests.rs"]
mod tests;
