//! Intents (what the user or the run loop wants) and effects (what `App::update` asks the run
//! loop to do). Named by intent, never by key. No ratatui here.

use super::shared::DeckEntry;
use crate::domain::ids::DeckId;
use crate::domain::memory::base::{SimError, Table};
use crate::domain::memory::fit::{Fit, FitError};
use crate::domain::memory::plan::Proposal;
use crate::domain::mock::{Paused, Results, TestSpec};
use crate::domain::progress::Event;
use crate::domain::progress::Progress;
use crate::domain::quiz::StudyMode;
use crate::domain::scheduler::Rating;
use crate::domain::settings::Settings;

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
    /// Leave a mock test for the deck list, keeping it (`t` offers it again).
    LeaveTest,
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
    /// A test left before it was submitted was found at start-up: offer to resume or submit it
    /// (or leave it for later: then study the deck named, when `smriti study DECK` started).
    OfferTest(Box<Paused>, Option<(String, StudyMode)>),
    /// Review a submitted test's answers.
    Review,
    ToggleHelp,
    /// Time passed (the loop sends this about once a second).
    Tick,
    /// Saving an answer failed (from the run loop).
    SaveFailed(String),
    /// Pending answers were saved after an earlier failure.
    Saved,
    /// Answers another device added to the saves folder (a sync tool delivered them) were
    /// read while the app ran: the progress with them, and how many events were new (0: every
    /// log was read again, after another device's settings change that arrived late).
    Synced(Box<Progress>, usize),
    /// An undo took back an answer that answers read from another device were perhaps built
    /// on: its card replayed from every log (from the run loop), to put into the progress.
    UndoReplayed(Box<(Progress, crate::domain::merged::Affected)>),
    /// Read the deck files again.
    Reload,
    /// Draw the whole screen again from scratch (Ctrl-L): what a terminal shows out of step
    /// with what the app last drew is put right.
    Redraw,
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
    /// The screen's body was drawn this many columns and rows (from the run loop, when it
    /// changes: the footer takes one line or two).
    BodySize(u16, u16),
    /// The status line was read (plain mode prints each message once).
    DismissStatus,
    /// Open the exam-day plan (deck list, statistics).
    OpenPlan,
    /// Open the desired-retention table (statistics).
    OpenRetention,
    /// Fit the memory model to the review log (statistics).
    Optimize,
    /// Use what the screen proposes (the plan, the retention under the cursor).
    Apply,
    /// The memory-model work running off the UI thread has done this much of this much (from
    /// the run loop; a total of 0: it is still reading the log).
    MemoryProgress(usize, usize),
    /// The memory-model work finished (from the run loop).
    MemoryDone(Box<MemoryResult>),
    /// The settings were saved, or another device's change of them was read (from the run
    /// loop): the new settings, and what to say.
    SettingsSaved(Box<Settings>, String),
}

/// Memory-model work for the run loop to do off the UI thread (`Effect::Memory`).
#[derive(Debug, Clone, PartialEq)]
pub enum MemoryJob {
    /// The exam-day plan for an exam on this date, with this many minutes a day.
    Plan {
        exam: jiff::civil::Date,
        minutes: f64,
    },
    /// The desired-retention table over this many days.
    Retention { days: usize },
    /// Fit the parameters to the review log.
    Optimize,
}

/// What memory-model work found.
#[derive(Debug, Clone, PartialEq)]
pub enum MemoryResult {
    Plan(Result<Proposal, SimError>),
    Retention(Result<Table, SimError>),
    /// Fitting has no error of its own here: a fit that failed says why in `Optimized::fit`.
    Optimize(Optimized),
    /// The work could not start (the saves folder could not be read).
    Failed(String),
}

/// A fit of the parameters, with what it was fitted to.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimized {
    /// Answers in the log.
    pub answers: usize,
    /// Training items (reviews on a later day than the card's previous answer) and cards.
    pub items: usize,
    pub cards: usize,
    pub fit: Result<Fit, FitError>,
}

/// A change to the settings that a screen asks the run loop to save (keeping a backup).
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsChange {
    /// The exam-day plan: new cards a day per deck, desired retention, exam mode and date.
    Plan {
        per_deck: u32,
        desired_retention: f64,
        exam_mode: bool,
        exam_date: jiff::civil::Date,
    },
    Retention(f64),
    /// Fitted FSRS-6 weights.
    Weights([f64; 21]),
}

impl SettingsChange {
    /// Makes the change to `s`.
    pub fn apply(&self, s: &mut Settings) {
        match *self {
            SettingsChange::Plan {
                per_deck,
                desired_retention,
                exam_mode,
                exam_date,
            } => {
                s.limits.new_per_day = per_deck;
                s.params.desired_retention = desired_retention;
                s.exam_mode = exam_mode;
                s.exam_date = Some(exam_date);
            }
            SettingsChange::Retention(r) => s.params.desired_retention = r,
            SettingsChange::Weights(w) => s.params.weights = w,
        }
    }

    /// What was done, in a few words (for the status line).
    pub fn describe(&self) -> String {
        match self {
            SettingsChange::Plan {
                per_deck,
                desired_retention,
                exam_mode,
                ..
            } => format!(
                "Plan applied ({per_deck} new a deck a day, retention {desired_retention:.2}, exam mode {})",
                if *exam_mode { "on" } else { "off" }
            ),
            SettingsChange::Retention(r) => format!("Desired retention is now {r:.2}"),
            SettingsChange::Weights(_) => "Your fitted parameters are saved".to_owned(),
        }
    }
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
    /// Do this memory-model work off the UI thread (stopping any before it); send back
    /// `MemoryProgress` and `MemoryDone`.
    Memory(MemoryJob),
    /// Stop the memory-model work under way (its screen was left).
    StopMemory,
    /// Change `settings.json` (keeping the old file as a backup); send back `SettingsSaved`
    /// (or `SaveFailed`).
    SaveSettings(SettingsChange),
    /// Leave the app.
    Quit,
}
