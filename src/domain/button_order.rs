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

use super::scheduler::{self, CardState, Fixed, Outcome, Params, Phase, Rating};
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
    schedule_fixed(state, rating, now, &Fixed::new(params), fuzz_u)
}

/// [`schedule`] with the parameters' constants worked out beforehand (for many answers).
pub fn schedule_fixed(
    state: Option<&CardState>,
    rating: Rating,
    now: Timestamp,
    fixed: &Fixed,
    fuzz_u: f64,
) -> Outcome {
    let params = fixed.params;
    if !params.anki_interval_order {
        return fixed.review(state, rating, now, fuzz_u);
    }
    // Only the outcomes the order of this one depends on (replaying a million answers, most
    // of them Good, computes two instead of four): Again and Hard never move, Good moves after
    // Hard, Easy after the ordered Good.
    let review = |g| fixed.review(state, g, now, fuzz_u);
    match rating {
        Rating::Again | Rating::Hard => review(rating),
        Rating::Good | Rating::Easy => {
            let cap = cap(now, params);
            let mut good = review(Rating::Good);
            let good_graduated = raise_good(&review(Rating::Hard), &mut good, state, now, cap);
            if rating == Rating::Good {
                return good;
            }
            let mut easy = review(Rating::Easy);
            raise_easy(&mut easy, &good, good_graduated, now, fixed, fuzz_u, cap);
            easy
        }
    }
}

/// The four outcomes in button order, as [`schedule`] would record them.
pub fn preview(
    state: Option<&CardState>,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) -> [Outcome; 4] {
    let fixed = Fixed::new(params);
    let mut all = Rating::ALL.map(|g| fixed.review(state, g, now, fuzz_u));
    if params.anki_interval_order {
        order(&mut all, state, now, &fixed, fuzz_u);
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
    fixed: &Fixed,
    fuzz_u: f64,
) {
    let cap = cap(now, fixed.params);
    let [_, hard, good, easy] = all;
    let good_graduated = raise_good(hard, good, state, now, cap);
    raise_easy(easy, good, good_graduated, now, fixed, fuzz_u, cap);
}

/// The longest interval allowed: the maximum, and exam mode's last day before the exam.
fn cap(now: Timestamp, params: &Params) -> u32 {
    let mut cap = params.maximum_interval.max(1);
    if let Some(deadline) = params.deadline {
        let left = elapsed_days(now, deadline);
        if left >= 1 {
            cap = cap.min(u32::try_from(left).unwrap_or(u32::MAX));
        }
    }
    cap
}

/// Raises Good (in place) past Hard; returns the days Good graduates with, if it does.
fn raise_good(
    hard: &Outcome,
    good: &mut Outcome,
    state: Option<&CardState>,
    now: Timestamp,
    cap: u32,
) -> Option<u32> {
    let h = graduated_days(hard);
    let g = graduated_days(good);
    let (Some(h), Some(g)) = (h, g) else {
        return g;
    };
    // In review Good is a day past Hard (Anki's FSRS review intervals); when both graduate
    // from learning, Good is at least Hard.
    let step = u32::from(state.is_some_and(|s| s.phase == Phase::Review));
    let raised = g.max(h.saturating_add(step)).min(cap);
    if raised != g {
        set_days(good, now, raised);
    }
    Some(raised)
}

/// Raises Easy (in place) a day past what Good graduates with (`good_graduated`, from
/// [`raise_good`]); when Good stays in (re)learning, past the interval Good's stability would
/// give (as Anki's learning states do).
fn raise_easy(
    easy: &mut Outcome,
    good: &Outcome,
    good_graduated: Option<u32>,
    now: Timestamp,
    fixed: &Fixed,
    fuzz_u: f64,
    cap: u32,
) {
    let params = fixed.params;
    let Some(e) = graduated_days(easy) else {
        return;
    };
    let good_days = good_graduated.unwrap_or_else(|| {
        let mut d = fixed.interval_days(good.state.stability);
        if params.enable_fuzz {
            d = scheduler::fuzz_interval(d, fuzz_u, params.maximum_interval);
        }
        d
    });
    let raised = e.max(good_days.saturating_add(1)).min(cap);
    if raised != e {
        set_days(easy, now, raised);
    }
}

#[cfg(test)]
#[path = "button_order_tests.rs"]
mod tests;
