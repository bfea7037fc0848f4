//! Why the saves folder could not be opened, and why something could not be saved: the two
//! error types of `store`'s front door, worded for the person at the keyboard (what failed,
//! whether anything was lost, what to do). Only types and messages: no I/O here.

use super::{lock, reader};

/// How a save error says that what could not be written is not dropped (see [`Saves::flush`]).
pub const KEPT: &str = "they are kept in memory and retried";

/// Why something could not be saved. What was not written is kept in memory and retried
/// (the message says so, with [`KEPT`]) unless the variant says otherwise.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// An answer numbered at or below the log's last: saving it would reuse a number.
    #[error(
        "answer #{seq} was not saved: {log} already holds #{last}, and two answers must never share a number; restart smriti"
    )]
    Renumbered { seq: u64, log: String, last: u64 },
    /// A batch (an imported history) numbered at or below the log's last.
    #[error("event #{seq} was not saved: {log} already holds #{last}")]
    BatchRenumbered { seq: u64, log: String, last: u64 },
    #[error(
        "could not save {} to {log}: {source}; nothing was imported, so it is safe to import again",
        crate::domain::words::plural(*.count, "imported event")
    )]
    Batch {
        count: usize,
        log: String,
        source: std::io::Error,
    },
    /// The saves folder is not the one locked any more.
    #[error(transparent)]
    Folder(#[from] lock::FolderMoved),
    /// A file smriti appends to was deleted or replaced under it.
    #[error(
        "{file} was deleted or replaced while smriti was running; nothing more is written to it until it is back (restart smriti to start a new one)"
    )]
    FileReplaced { file: String },
    /// `count` answers (or test results) could not be written: `why` says why.
    #[error("could not save {}: {why}; {KEPT}", crate::domain::words::plural(*.count, .what))]
    Held {
        count: usize,
        what: &'static str,
        why: Box<SaveError>,
    },
    #[error(
        "could not save {} to {file}: {source}; {KEPT}",
        crate::domain::words::plural(*.count, .what)
    )]
    Append {
        count: usize,
        what: &'static str,
        file: String,
        source: std::io::Error,
    },
    /// Both the answers and the test results failed.
    #[error("{0}\n{1}")]
    Both(Box<SaveError>, Box<SaveError>),
    /// The statistics' totals could not be worked out (from `store::reader`).
    #[error("{0}")]
    Totals(reader::ReadLogsError),
    /// The snapshot (or the statistics file written with it) could not be written.
    #[error("could not write {path}: {source}")]
    Snapshot {
        path: String,
        source: std::io::Error,
    },
}

impl SaveError {
    /// The message when smriti is leaving: what was not written is not kept any more.
    pub fn when_leaving(&self) -> String {
        self.to_string().replace(
            KEPT,
            "they are lost (smriti gave up before they could be written)",
        )
    }
}

/// Why the saves folder could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Locked(#[from] lock::LockError),
    #[error(
        "cannot use the saves folder {path}: {source}\n  hint: check that it exists and that you may write to it, or choose another with --saves DIR"
    )]
    Folder {
        path: String,
        source: std::io::Error,
    },
    /// The log holds an answer number so large that the next could overflow.
    #[error(
        "{at}: answer number {seq} is beyond any smriti writes (at most {limit}), so no later answer could be numbered safely; smriti will not add to this log\n  hint: smriti did not write that line: move it out of the file (or restore the file from a backup), then start again"
    )]
    NumbersUsedUp { at: String, seq: u64, limit: u64 },
}
