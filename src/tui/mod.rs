//! The terminal interface: the only module that knows ratatui and crossterm. `app` holds the
//! state and its one mutator, `view` draws it, `keymap` is the one key table, and `run` owns
//! the terminal and the files (it is the only part that imports `store`).

pub mod action;
pub mod app;
pub mod keymap;
pub mod plain;
pub mod run;
pub mod test_screens;
pub mod theme;
pub mod view;
pub mod view_stats;
pub mod view_test;
