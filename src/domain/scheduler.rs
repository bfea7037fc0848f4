//! The FSRS-6 scheduler, written from `shared/docs/fsrs-spec.md` (py-fsrs 6.3.2 behaviour).
//!
//! Everything here is a pure function of (card state, rating, review instant, parameters, fuzz
//! draw). It never reads the clock or a random-number generator: the fuzz draw `u` is an
//! argument. Must not depend on `store` or `tui`.
//!
//! e^x is computed as `E.powf(x)`, because py-fsrs computes `math.e ** x` and `f64::exp`
//! differs from that in the last bit; with it the scheduler matches py-fsrs bit for bit
//! (`scheduler_vectors_tests.rs`).

use std::f64::consts::E;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::time::{add_days, add_secs, elapsed_days};

/// The four answer buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// All ratings, in button order.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating's number G (Again = 1 … Easy = 4).
    pub fn value(self) -> f64 {
        f64::from(self as u8)
    }

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    fn index(self) -> usize {
        self as usize - 1
    }
}

/// The FSRS-6 default parameters (spec §2).
pub const DEFAULT_WEIGHTS: [f64; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// Inclusive bounds of each parameter (spec §1.9).
const BOUNDS: [(f64, f64); 21] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// `weights` with each one brought inside its bounds (spec §1.9); NaN becomes the default.
pub fn clamp_weights(weights: [f64; 21]) -> [f64; 21] {
    let mut out = weights;
    for (i, (w, (lo, hi))) in out.iter_mut().zip(BOUNDS).enumerate() {
        *w = if w.is_nan() {
            DEFAULT_WEIGHTS[i]
        } else {
            w.clamp(lo, hi)
        };
    }
    out
}

/// Lowest stability ever produced (spec §1.7).
pub const S_MIN: f64 = 0.001;

/// A parameter problem found by [`Params::validate`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamsError {
    #[error("FSRS needs exactly 21 weights, found {0}")]
    WeightCount(usize),
    #[error("FSRS weight w[{index}] = {} is outside [{lower}, {upper}]", short(.value))]
    WeightOutOfRange {
        index: usize,
        value: f64,
        lower: f64,
        upper: f64,
    },
    #[error("desired retention must be between 0 and 1 (exclusive), found {}", short(.0))]
    Retention(f64),
    #[error("maximum interval must be at least 1 day")]
    MaximumInterval,
    #[error("learning and relearning steps must be positive, found {} seconds", short(.0))]
    Step(f64),
}

/// A number from a settings file as a person would write it: 0.5, 12, but 1e308 (not 309
/// digits) and 1e-12 (not 0.000000000001).
fn short(x: &f64) -> String {
    if *x == 0.0 || (x.abs() >= 1e-4 && x.abs() < 1e9) || !x.is_finite() {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Everything the scheduler needs besides the card.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub weights: [f64; 21],
    pub desired_retention: f64,
    /// Learning steps in seconds.
    pub learning_steps: Vec<f64>,
    /// Relearning steps in seconds.
    pub relearning_steps: Vec<f64>,
    /// Longest interval in days.
    pub maximum_interval: u32,
    pub enable_fuzz: bool,
    /// Exam mode: the exam morning. No review interval ends after it (while at least a day
    /// remains). Not part of FSRS; `None` schedules exactly as the spec.
    pub deadline: Option<Timestamp>,
    /// Schedule Hard ≤ Good < Easy as Anki does (`button_order`); not part of FSRS, and
    /// [`review`] ignores it.
    pub anki_interval_order: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            weights: DEFAULT_WEIGHTS,
            desired_retention: 0.9,
            learning_steps: vec![60.0, 600.0],
            relearning_steps: vec![600.0],
            maximum_interval: 36_500,
            enable_fuzz: true,
            deadline: None,
            anki_interval_order: true,
        }
    }
}

impl Params {
    /// Builds parameters from a weight slice, rejecting a wrong count or out-of-range values.
    pub fn weights_from(slice: &[f64]) -> Result<[f64; 21], Vec<ParamsError>> {
        let weights: [f64; 21] = slice
            .try_into()
            .map_err(|_| vec![ParamsError::WeightCount(slice.len())])?;
        let errors: Vec<ParamsError> = weights
            .iter()
            .zip(BOUNDS)
            .enumerate()
            .filter(|(_, (w, (lo, hi)))| !(*lo..=*hi).contains(*w))
            .map(
                |(index, (w, (lower, upper)))| ParamsError::WeightOutOfRange {
                    index,
                    value: *w,
                    lower,
                    upper,
                },
            )
            .collect();
        if errors.is_empty() {
            Ok(weights)
        } else {
            Err(errors)
        }
    }

    /// Every problem with these parameters (empty when they are usable).
    pub fn validate(&self) -> Vec<ParamsError> {
        let mut errors = Params::weights_from(&self.weights)
            .err()
            .unwrap_or_default();
        if !(self.desired_retention > 0.0 && self.desired_retention < 1.0) {
            errors.push(ParamsError::Retention(self.desired_retention));
        }
        if self.maximum_interval == 0 {
            errors.push(ParamsError::MaximumInterval);
        }
        for s in self.learning_steps.iter().chain(&self.relearning_steps) {
            if !(s.is_finite() && *s > 0.0) {
                errors.push(ParamsError::Step(*s));
            }
        }
        errors
    }

    fn decay(&self) -> f64 {
        -self.weights[20]
    }

    fn factor(&self) -> f64 {
        factor_of(self.decay())
    }

    /// Retrievability after `t` days at stability `s` (spec §1.1).
    pub fn retrievability(&self, t: f64, s: f64) -> f64 {
        retrievability_of(self.factor(), self.decay(), t, s)
    }

    /// Initial stability for a first rating (spec §1.2).
    pub fn initial_stability(&self, g: Rating) -> f64 {
        self.weights[g.index()].max(S_MIN)
    }

    fn initial_difficulty_raw(&self, g: Rating) -> f64 {
        let w = &self.weights;
        w[4] - E.powf(w[5] * (g.value() - 1.0)) + 1.0
    }

    /// Initial difficulty for a first rating, clamped to [1, 10] (spec §1.2).
    pub fn initial_difficulty(&self, g: Rating) -> f64 {
        self.initial_difficulty_raw(g).clamp(1.0, 10.0)
    }

    /// Difficulty after a review (spec §1.3).
    pub fn next_difficulty(&self, d: f64, g: Rating) -> f64 {
        self.next_difficulty_from(self.initial_difficulty_raw(Rating::Easy), d, g)
    }

    /// [`Params::next_difficulty`] given the raw initial difficulty of Easy.
    fn next_difficulty_from(&self, easy_raw: f64, d: f64, g: Rating) -> f64 {
        let w = &self.weights;
        let delta = -w[6] * (g.value() - 3.0);
        let damped = d + delta * (10.0 - d) / 9.0;
        let reverted = w[7] * easy_raw + (1.0 - w[7]) * damped;
        reverted.clamp(1.0, 10.0)
    }

    fn exp_w8(&self) -> f64 {
        E.powf(self.weights[8])
    }

    /// Stability after a successful review on a later day (spec §1.4).
    pub fn recall_stability(&self, d: f64, s: f64, r: f64, g: Rating) -> f64 {
        self.recall_stability_from(self.exp_w8(), d, s, r, g)
    }

    /// [`Params::recall_stability`] given e^w8.
    fn recall_stability_from(&self, exp_w8: f64, d: f64, s: f64, r: f64, g: Rating) -> f64 {
        let w = &self.weights;
        let hard_penalty = if g == Rating::Hard { w[15] } else { 1.0 };
        let easy_bonus = if g == Rating::Easy { w[16] } else { 1.0 };
        s * (1.0
            + exp_w8
                * (11.0 - d)
                * s.powf(-w[9])
                * (E.powf((1.0 - r) * w[10]) - 1.0)
                * hard_penalty
                * easy_bonus)
    }

    fn forget_divisor(&self) -> f64 {
        let w = &self.weights;
        E.powf(w[17] * w[18])
    }

    /// Stability after a lapse on a later day (spec §1.5).
    pub fn forget_stability(&self, d: f64, s: f64, r: f64) -> f64 {
        self.forget_stability_from(self.forget_divisor(), d, s, r)
    }

    /// [`Params::forget_stability`] given e^(w17·w18).
    fn forget_stability_from(&self, divisor: f64, d: f64, s: f64, r: f64) -> f64 {
        let w = &self.weights;
        let long =
            w[11] * d.powf(-w[12]) * ((s + 1.0).powf(w[13]) - 1.0) * E.powf((1.0 - r) * w[14]);
        let short = s / divisor;
        long.min(short)
    }

    fn short_term_base(&self, g: Rating) -> f64 {
        let w = &self.weights;
        E.powf(w[17] * (g.value() - 3.0 + w[18]))
    }

    /// Stability after a same-day review (spec §1.6).
    pub fn short_term_stability(&self, s: f64, g: Rating) -> f64 {
        self.short_term_stability_from(self.short_term_base(g), s, g)
    }

    /// [`Params::short_term_stability`] given e^(w17·(G − 3 + w18)).
    fn short_term_stability_from(&self, base: f64, s: f64, g: Rating) -> f64 {
        let mut inc = base * s.powf(-self.weights[19]);
        if g != Rating::Again {
            inc = inc.max(1.0);
        }
        s * inc
    }

    fn retention_term(&self) -> f64 {
        self.desired_retention.powf(1.0 / self.decay()) - 1.0
    }

    /// Whole-day interval for a stability (spec §1.8), before fuzz.
    pub fn interval_days(&self, s: f64) -> u32 {
        self.interval_days_from(self.factor(), self.retention_term(), s)
    }

    /// [`Params::interval_days`] given the factor and the desired retention's term.
    fn interval_days_from(&self, factor: f64, retention_term: f64, s: f64) -> u32 {
        let raw = s / factor * retention_term;
        let days = raw
            .round_ties_even()
            .max(1.0)
            .min(f64::from(self.maximum_interval));
        if days.is_finite() { days as u32 } else { 1 }
    }
}

/// `0.9^(1/decay) − 1` (spec §1.1).
fn factor_of(decay: f64) -> f64 {
    0.9f64.powf(1.0 / decay) - 1.0
}

/// Retrievability after `t` days at stability `s`, given the factor and decay (spec §1.1).
fn retrievability_of(factor: f64, decay: f64, t: f64, s: f64) -> f64 {
    (1.0 + factor * t / s).powf(decay)
}

#[cfg(test)]
thread_local! {
    /// How many times this thread has worked the constants out ([`Fixed::new`]): tests of
    /// the folds that must do it once per parameters, not once per answer.
    pub(crate) static DERIVED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The parameters with the scheduler's constants (the powers that depend on the parameters
/// alone) worked out once, for many reviews under the same parameters (`smriti rebuild`
/// replays a million). Each constant is the very expression [`Params`]' methods compute, so
/// [`Fixed::review`] is [`review`] bit for bit.
#[derive(Debug, Clone)]
pub struct Fixed<'p> {
    pub params: &'p Params,
    decay: f64,
    factor: f64,
    retention_term: f64,
    /// The raw initial difficulty of each rating.
    difficulty_raw: [f64; 4],
    exp_w8: f64,
    forget_divisor: f64,
    /// The same-day increase's base of each rating.
    short_term_base: [f64; 4],
}

impl<'p> Fixed<'p> {
    pub fn new(params: &'p Params) -> Fixed<'p> {
        #[cfg(test)]
        DERIVED.with(|n| n.set(n.get() + 1));
        Fixed {
            params,
            decay: params.decay(),
            factor: params.factor(),
            retention_term: params.retention_term(),
            difficulty_raw: Rating::ALL.map(|g| params.initial_difficulty_raw(g)),
            exp_w8: params.exp_w8(),
            forget_divisor: params.forget_divisor(),
            short_term_base: Rating::ALL.map(|g| params.short_term_base(g)),
        }
    }

    /// [`Params::interval_days`].
    pub fn interval_days(&self, s: f64) -> u32 {
        self.params
            .interval_days_from(self.factor, self.retention_term, s)
    }

    /// [`review`] under these parameters.
    pub fn review(
        &self,
        state: Option<&CardState>,
        rating: Rating,
        now: Timestamp,
        fuzz_u: f64,
    ) -> Outcome {
        review_fixed(state, rating, now, self, fuzz_u)
    }
}

/// Fuzzes a whole-day interval with the uniform draw `u` in [0, 1) (spec §4, floor variant).
pub fn fuzz_interval(ivl: u32, u: f64, maximum_interval: u32) -> u32 {
    let ivl_f = f64::from(ivl);
    if ivl_f < 2.5 {
        return ivl;
    }
    const RANGES: [(f64, f64, f64); 3] = [
        (2.5, 7.0, 0.15),
        (7.0, 20.0, 0.1),
        (20.0, f64::INFINITY, 0.05),
    ];
    let delta = 1.0
        + RANGES
            .iter()
            .map(|(start, end, factor)| factor * (ivl_f.min(*end) - start).max(0.0))
            .sum::<f64>();
    let max = f64::from(maximum_interval);
    let mut lo = (ivl_f - delta).round_ties_even().max(2.0);
    let hi = (ivl_f + delta).round_ties_even().min(max);
    lo = lo.min(hi);
    let u = u.clamp(0.0, 1.0 - f64::EPSILON);
    let drawn = (lo + u * (hi - lo + 1.0)).floor().min(max);
    drawn as u32
}

/// Where a card is in its life cycle. A card with no state at all is new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Learning,
    Review,
    Relearning,
}

/// The memory and schedule of one studied card.
/// (A field a newer smriti adds is ignored on reading: it is in every log line.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub phase: Phase,
    /// Index into the (re)learning steps; absent in review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// Stability in days.
    pub stability: f64,
    /// Difficulty in [1, 10].
    pub difficulty: f64,
    pub due: Timestamp,
    pub last_review: Timestamp,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times a review card was forgotten.
    pub lapses: u32,
}

impl CardState {
    /// Retrievability at `now` (0 when never reviewed is handled by the caller: new cards have
    /// no state).
    pub fn retrievability(&self, now: Timestamp, params: &Params) -> f64 {
        let t = elapsed_days(self.last_review, now).max(0) as f64;
        params.retrievability(t, self.stability)
    }
}

/// The outcome of one review: the new state and how long until it is due.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub state: CardState,
    /// Seconds from the review to the new due instant.
    pub interval_secs: f64,
}

/// Reviews a card (`None` = new) with `rating` at `now` (spec §3.2). `fuzz_u` is the uniform draw
/// in [0, 1) used when the card lands in review and fuzz is on.
pub fn review(
    state: Option<&CardState>,
    rating: Rating,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) -> Outcome {
    review_fixed(state, rating, now, &Fixed::new(params), fuzz_u)
}

fn review_fixed(
    state: Option<&CardState>,
    rating: Rating,
    now: Timestamp,
    fixed: &Fixed,
    fuzz_u: f64,
) -> Outcome {
    let params = fixed.params;
    let phase = state.map_or(Phase::Learning, |s| s.phase);
    let step = state.map_or(Some(0), |s| s.step);
    let (reps, mut lapses) = state.map_or((0, 0), |s| (s.reps, s.lapses));

    // (a) Memory update.
    let (stability, difficulty) = match state {
        None => (
            params.initial_stability(rating),
            fixed.difficulty_raw[rating.index()].clamp(1.0, 10.0),
        ),
        Some(s) => {
            let el = elapsed_days(s.last_review, now);
            let new_s = if el < 1 {
                let base = fixed.short_term_base[rating.index()];
                params.short_term_stability_from(base, s.stability, rating)
            } else {
                let t = el.max(0) as f64;
                let r = retrievability_of(fixed.factor, fixed.decay, t, s.stability);
                if rating == Rating::Again {
                    let divisor = fixed.forget_divisor;
                    params.forget_stability_from(divisor, s.difficulty, s.stability, r)
                } else {
                    let e8 = fixed.exp_w8;
                    params.recall_stability_from(e8, s.difficulty, s.stability, r, rating)
                }
            };
            let easy_raw = fixed.difficulty_raw[Rating::Easy.index()];
            (
                new_s.max(S_MIN),
                params.next_difficulty_from(easy_raw, s.difficulty, rating),
            )
        }
    };

    // (b) Transition and interval.
    enum Next {
        Step(Phase, u32, f64),
        Graduate,
    }
    let next = match phase {
        Phase::Learning | Phase::Relearning => {
            let steps = if phase == Phase::Learning {
                &params.learning_steps
            } else {
                &params.relearning_steps
            };
            let step = step.unwrap_or(0);
            let idx = step as usize;
            if steps.is_empty() || (idx >= steps.len() && rating != Rating::Again) {
                Next::Graduate
            } else {
                match rating {
                    Rating::Again => Next::Step(phase, 0, steps[0]),
                    Rating::Hard => {
                        let secs = if idx == 0 && steps.len() == 1 {
                            steps[0] * 1.5
                        } else if idx == 0 {
                            (steps[0] + steps[1]) / 2.0
                        } else {
                            steps[idx]
                        };
                        Next::Step(phase, step, secs)
                    }
                    Rating::Good => {
                        if idx + 1 == steps.len() {
                            Next::Graduate
                        } else {
                            Next::Step(phase, step + 1, steps[idx + 1])
                        }
                    }
                    Rating::Easy => Next::Graduate,
                }
            }
        }
        Phase::Review => match (rating, params.relearning_steps.first()) {
            (Rating::Again, Some(first)) => {
                lapses += 1;
                Next::Step(Phase::Relearning, 0, *first)
            }
            (Rating::Again, None) => {
                lapses += 1;
                Next::Graduate
            }
            _ => Next::Graduate,
        },
    };

    // (c) Fuzz and (d) finish.
    let (phase, step, due, interval_secs) = match next {
        Next::Step(phase, step, secs) => (phase, Some(step), add_secs(now, secs), secs),
        Next::Graduate => {
            let mut days = fixed.interval_days(stability);
            if params.enable_fuzz {
                days = fuzz_interval(days, fuzz_u, params.maximum_interval);
            }
            // Exam mode: come back by the exam morning at the latest.
            if let Some(deadline) = params.deadline {
                let left = elapsed_days(now, deadline);
                if left >= 1 {
                    days = days.min(u32::try_from(left).unwrap_or(u32::MAX)).max(1);
                }
            }
            (
                Phase::Review,
                None,
                add_days(now, days),
                f64::from(days) * 86_400.0,
            )
        }
    };
    Outcome {
        state: CardState {
            phase,
            step,
            stability,
            difficulty,
            due,
            last_review: now,
            reps: reps.saturating_add(1),
            lapses,
        },
        interval_secs,
    }
}

/// The four possible outcomes, in button order, for labelling the answer buttons.
pub fn preview(
    state: Option<&CardState>,
    now: Timestamp,
    params: &Params,
    fuzz_u: f64,
) -> [Outcome; 4] {
    let fixed = Fixed::new(params);
    Rating::ALL.map(|g| fixed.review(state, g, now, fuzz_u))
}

/// A reproducible fuzz draw in [0, 1) for a card at a given repetition, so that the label on a
/// button and the answer it records agree (as in Anki, which seeds fuzz from card id and reps).
pub fn fuzz_draw(key: &str, reps: u32) -> f64 {
    let mut h = FuzzKey::default();
    h.add(key);
    h.draw(reps)
}

/// [`fuzz_draw`]'s key hashed as it is written out (`write!(key, "{deck}/{item}")` gives the
/// draw of that text), so that replaying a log formats no string per answer.
#[derive(Debug, Clone, Copy)]
pub struct FuzzKey(u64);

impl Default for FuzzKey {
    fn default() -> FuzzKey {
        // FNV-1a's offset basis.
        FuzzKey(0xcbf2_9ce4_8422_2325)
    }
}

impl FuzzKey {
    fn add_bytes(&mut self, bytes: impl IntoIterator<Item = u8>) {
        for b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds text to the key.
    pub fn add(&mut self, text: &str) {
        self.add_bytes(text.bytes());
    }

    /// The draw for the key at repetition `reps`: FNV-1a over the key and reps, then a
    /// SplitMix64 finaliser.
    pub fn draw(mut self, reps: u32) -> f64 {
        self.add_bytes(reps.to_le_bytes());
        let mut h = self.0;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        (h >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl std::fmt::Write for FuzzKey {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.add(s);
        Ok(())
    }
}

#[cfg(test)]
#[path = "scheduler_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "scheduler_vectors_tests.rs"]
mod vectors;
