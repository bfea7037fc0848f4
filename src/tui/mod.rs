//! The terminal interface: the only module that knows ratatui and crossterm.
//!
//! `app` holds the shared state (`shared`) and the screen that is up, and has the one mutator,
//! `App::update(action, now)`; each screen under `screens` owns its state, update, key context
//! and drawing; `view` draws the frame around them; `keymap` is the one key table (the footer
//! and help are generated from it); `action` names intents and effects; `run` owns the terminal
//! and the files (with `plain`, `plain_test` and their helper `test_files`, the only parts that
//! import `store` for I/O).
//! Imports go one way: run/plain/plain_test → app/view → screens → shared, action, keymap, theme (see
//! docs/architecture.md).

pub mod action;
pub mod app;
pub mod keymap;
pub mod plain;
pub mod plain_test;
pub mod run;
pub mod screens;
pub mod shared;
mod test_files;
pub mod theme;
pub mod view;
