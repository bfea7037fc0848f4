//! The user's own memory model: FSRS-6 parameters fitted to their review log, and simulations
//! of the days ahead (workload by desired retention, the exam-day plan).
//!
//! Pure wrappers around the `fsrs` crate (fsrs-rs, the optimizer and simulator Anki ships):
//! the log and the progress arrive as values, every random seed is an argument, and nothing
//! here reads the clock or a file. Must not depend on `store`, `cli` or `tui`.

pub mod base;
pub mod fit;
pub mod plan;
pub mod synthetic;
pub mod training;
pub mod workload;
