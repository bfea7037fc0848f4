//! Intents (what the user or the run loop wants) and effects (what `App::update` asks the run
//! loop to do). Named by intent, never by key. No ratatui here.

use super::shared::DeckEntry;
use crate::domain::ids::DeckId;
use crate::domain::mock::{Paused, Results, TestSpec};
use crate::domain::progress::Event;
use crate::domain::quiz::StudyMode;
use crate::domain::scheduler::Rating;

/// Everything that can change the app's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    /// Start studying the selected deck in a mode.
    Study(StudyMode),
    /// Show the answer.
    Reveal,
    Grade(Rating),
    /// Pick (or, in a select-all question, toggle) option `n`.
    Choose(usize),
    /// Check the answer (typed, or the options chosen).
    Submit,
    /// A character typed into the answer.
    Input(char),
    Backspace,
    ClearInput,
    /// "I was right": overrule a wrong verdict on a typed answer.
    Overrule,
    /// Go on after a verdict, with the rating the verdict gives.
    Continue,
    Undo,
    /// Leave the current screen (end a session, close the summary).
    Back,
    /// Save and quit.
    Quit,
    /// Open the mock-test setup for the selected deck.
    OpenTest,
    /// Tick or untick the item under the cursor.
    Toggle,
    /// More / fewer questions; longer / shorter time.
    More,
    Fewer,
    Longer,
    Shorter,
    CycleMarking,
    CycleTag,
    ToggleRequeue,
    /// Start the test.
    Start,
    /// Take back the answer to the current test question.
    ClearAnswer,
    Next,
    Previous,
    /// Mark the current test question for review.
    Mark,
    CycleConfidence,
    /// Jump to a question by number.
    GoTo,
    /// Yes (to submitting a test).
    Confirm,
    /// Go on with a test that was left before it was submitted.
    Resume,
    /// A test left before it was submitted was found at start-up: offer to resume or submit it.
    OfferTest(Box<Paused>),
    /// Review a submitted test's answers.
    Review,
    ToggleHelp,
    /// Time passed (the loop sends this about once a second).
    Tick,
    /// Saving an answer failed (from the run loop).
    SaveFailed(String),
    /// Pending answers were saved after an earlier failure.
    Saved,
    /// Read the deck files again.
    Reload,
    /// Cram the selected deck: cards that are not due, weakest first, outside the schedule.
    Cram,
    /// Study the tag under the cursor on the statistics screen (its due and new cards, else a
    /// cram of it).
    CramTag,
    /// Open the statistics (for the selected deck, or all decks).
    OpenStats,
    /// Switch the statistics between the selected deck and all decks.
    ToggleScope,
    /// The statistics, worked out by the run loop: what they cover and the figures.
    StatsLoaded(Scope, Box<crate::domain::stats::Stats>),
    /// The decks as read again (from the run loop).
    DecksLoaded(Vec<DeckEntry>),
    /// Deck files read in full (deck-list position and what reading found), asked for by
    /// `App::decks_to_read`.
    DecksRead(Vec<(usize, Result<crate::domain::deck::Deck, Vec<String>>)>),
    /// Study the deck with this id (`smriti study DECK`).
    StudyDeck(String, StudyMode),
    /// Take a mock test on the decks with these ids, all decks when none (`smriti test`).
    StartTest(Vec<DeckId>, Box<TestSpec>),
    /// Earlier attempts on the decks of the test just submitted, oldest first: each score as
    /// a share of its maximum (from the run loop, which reads the tests log).
    TestTrend(Vec<f64>),
    /// The terminal is this many columns and rows (from the run loop, at start and on resize).
    Resize(u16, u16),
    /// The status line was read (plain mode prints each message once).
    DismissStatus,
}

/// What the statistics cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One deck, with its title.
    Deck { title: String },
    /// Every deck that can be used (this many).
    All { decks: usize },
}

impl Scope {
    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All { .. })
    }

    /// The title over the statistics.
    pub fn title(&self) -> String {
        match self {
            Scope::Deck { title } => title.clone(),
            Scope::All { decks } => format!("All decks ({decks})"),
        }
    }
}

/// Work for the run loop, which owns the files.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Make this event durable before the next frame.
    Record(Event),
    /// Rewrite the progress snapshot.
    Snapshot,
    /// Read the deck files again and send back `Action::DecksLoaded`.
    ReloadDecks,
    /// Read the log and work out statistics for these deck ids; send back `StatsLoaded`.
    LoadStats(Vec<DeckId>, Scope),
    /// Append a submitted test to the tests log (and then forget the test in progress).
    RecordTest(Box<Results>),
    /// Keep the test being taken, as it stands, in the saves folder (atomically).
    SaveTest(Box<Paused>),
    /// Leave the app.
    Quit,
}
