//! Fitting FSRS-6 parameters to a training set, and judging parameters on one, with the
//! `fsrs` crate (fsrs-rs, as Anki does).
//!
//! The crate works in f32; smriti schedules in f64 (py-fsrs semantics). Fitted weights are
//! rounded to 4 decimals (as Anki shows them) and clamped to the bounds of spec §1.9, and both
//! the current and the fitted weights are judged on the same items, so what is printed is what
//! would be saved. Pure: progress is reported through a shared counter the caller may watch.

use std::sync::{Arc, Mutex};

pub use fsrs::CombinedProgressState;
use fsrs::{ComputeParametersInput, FSRS};

use super::training::TrainingSet;
use crate::domain::scheduler::{DEFAULT_WEIGHTS, clamp_weights};

/// Anki's threshold: fewer training items than this and it does not offer to optimise.
pub const MIN_ITEMS: usize = 400;

/// How well parameters predict the answers of a training set (lower is better for both).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Mean (recency-weighted) binary cross-entropy of the predicted recall.
    pub log_loss: f64,
    /// Root mean square error between predicted and actual recall, over fsrs-rs's bins.
    pub rmse_bins: f64,
}

/// Why no fit was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error(
        "{} on a later day than the card's previous answer; fitting needs {need}, so about {more} more (until then smriti keeps the current parameters)",
        crate::domain::words::plural(*have, "review"),
        more = need - have
    )]
    TooFew { have: usize, need: usize },
    #[error("the optimizer failed: {0}")]
    Fsrs(String),
}

/// The outcome of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub weights: [f64; 21],
    pub current: Evaluation,
    pub fitted: Evaluation,
}

impl Fit {
    /// The fitted parameters predict these answers better (lower log loss) than the current ones.
    pub fn better(&self) -> bool {
        self.fitted.log_loss < self.current.log_loss
    }
}

fn to_f32(w: &[f64; 21]) -> Vec<f32> {
    w.iter().map(|x| *x as f32).collect()
}

fn from_f32(w: &[f32]) -> [f64; 21] {
    let mut out = DEFAULT_WEIGHTS;
    for (o, x) in out.iter_mut().zip(w) {
        *o = (f64::from(*x) * 10_000.0).round() / 10_000.0;
    }
    clamp_weights(out)
}

fn fsrs_err(e: fsrs::FSRSError) -> FitError {
    FitError::Fsrs(e.to_string())
}

/// Log loss and RMSE (bins) of `weights` on `set` (fsrs-rs's evaluation).
pub fn evaluate(set: &TrainingSet, weights: &[f64; 21]) -> Result<Evaluation, FitError> {
    let model = FSRS::new(&to_f32(weights)).map_err(fsrs_err)?;
    let e = model
        .evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| true)
        .map_err(fsrs_err)?;
    Ok(Evaluation {
        log_loss: f64::from(e.log_loss),
        rmse_bins: f64::from(e.rmse_bins),
    })
}

/// A progress counter to pass to [`fit`] and watch from another thread.
pub fn progress() -> Arc<Mutex<CombinedProgressState>> {
    CombinedProgressState::new_shared()
}

/// Fits FSRS-6 to `set` and judges the result against `current` on the same items. Refuses
/// below [`MIN_ITEMS`] items: the crate would quietly return the defaults (below 8) or fit
/// only the first four weights (below 64), which must never be shown as a fit.
pub fn fit(
    set: &TrainingSet,
    current: &[f64; 21],
    relearning_steps: usize,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Fit, FitError> {
    if set.items.len() < MIN_ITEMS {
        return Err(FitError::TooFew {
            have: set.items.len(),
            need: MIN_ITEMS,
        });
    }
    let fitted = fsrs::compute_parameters(ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress,
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps.max(1)),
        training_config: None,
    })
    .map_err(fsrs_err)?;
    let weights = from_f32(&fitted);
    Ok(Fit {
        weights,
        current: evaluate(set, current)?,
        fitted: evaluate(set, &weights)?,
    })
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
