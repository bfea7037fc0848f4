//! smriti: a terminal flashcard and quiz trainer scheduled by FSRS-6.
//!
//! Module map and dependency rules:
//! - [`domain`] is pure (no clock, files, terminal or global RNG) and imports nothing else here.
//! - `store` does all file I/O and imports only `domain`.
//! - `tui` is the only place that knows ratatui/crossterm; it imports `domain`, and only its run
//!   loop imports `store`.
//! - `cli` wires everything together; `main.rs` only calls it.
//! - [`par`] (order-keeping work on every core) imports nothing here; any layer may use it.

pub mod cli;
pub mod domain;
pub mod par;
pub mod store;
pub mod tui;
