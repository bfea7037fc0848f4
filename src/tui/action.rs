//! Intents (what the user or the run loop wants) and effects (what `App::update` asks the run
//! loop to do). Named by intent, never by key. No ratatui here.

use crate::domain::progress::Event;
use crate::domain::scheduler::Rating;

/// Everything that can change the app's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    /// Start studying the selected deck.
    Study,
    /// Show the answer.
    Reveal,
    Grade(Rating),
    Undo,
    /// Leave the current screen (end a session, close the summary).
    Back,
    /// Save and quit.
    Quit,
    ToggleHelp,
    /// Time passed (the loop sends this about once a second).
    Tick,
    /// Saving an answer failed (from the run loop).
    SaveFailed(String),
    /// Pending answers were saved after an earlier failure.
    Saved,
}

/// Work for the run loop, which owns the files.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Make this event durable before the next frame.
    Record(Event),
    /// Rewrite the progress snapshot.
    Snapshot,
    /// Leave the app.
    Quit,
}
