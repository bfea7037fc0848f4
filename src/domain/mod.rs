//! The pure core of smriti: deck model, FSRS scheduler, progress, study queue.
//!
//! Nothing under `domain` reads the clock, a file, the terminal or a global random-number
//! generator: `now`, the time zone and every random seed arrive as arguments. It depends on no
//! other module of this crate.

pub mod aggregates;
pub mod anki;
pub mod answer_kind;
pub mod button_order;
pub mod by_deck;
pub mod deck;
pub mod deck_text;
#[cfg(test)]
mod fixtures;
pub mod giveaway;
pub mod ids;
pub mod items;
pub mod logged;
pub mod memory;
pub mod merged;
pub mod mock;
pub mod mock_draw;
mod number_words;
mod option_answer;
pub mod option_forms;
mod option_rules;
pub mod options;
pub mod outline;
mod places;
pub mod progress;
pub mod quiz;
pub mod related;
pub mod replay;
pub mod scheduler;
pub mod second_answer;
pub mod session;
pub mod settings;
pub mod stats;
pub mod summary;
pub mod tag_totals;
pub mod text;
mod text_fast;
pub mod time;
mod today;
pub mod typed;
pub mod typed_diff;
mod typed_read;
pub mod typed_words;
pub mod weak_tags;
pub mod width;
pub mod words;
