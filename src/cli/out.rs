//! Standard output and error for the commands. Everything they print goes through
//! [`crate::domain::text::terminal_safe`] (deck text, file names and serde's echo of a field
//! name are all data), and a failed write is remembered instead of panicking as `println!`
//! does. [`finish`] turns it into the exit code: a closed pipe (`smriti stats | head -1`) ends
//! quietly with the command's own code, any other error (`> /dev/full`) is reported and
//! exits 1. Standard error is written best-effort: there is nowhere left to report its own
//! failures.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;

use crate::domain::text::{Breaks, terminal_safe};

/// The first error writing to standard output, if any.
static FAILED: Mutex<Option<io::Error>> = Mutex::new(None);

fn remember(e: io::Error) {
    if let Ok(mut slot) = FAILED.lock()
        && slot.is_none()
    {
        *slot = Some(e);
    }
}

fn failed() -> bool {
    FAILED.lock().map_or(true, |s| s.is_some())
}

/// Writes `text` to standard output, made terminal-safe (line breaks and tabs kept). After a
/// failed write, nothing more is written.
pub fn stdout(text: &str) {
    if failed() {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(terminal_safe(text, Breaks::Keep).as_bytes()) {
        remember(e);
    }
}

/// Writes `text` to standard error, made terminal-safe; errors are ignored.
pub fn stderr(text: &str) {
    let _ = io::stderr()
        .lock()
        .write_all(terminal_safe(text, Breaks::Keep).as_bytes());
}

/// Flushes standard output and gives the exit code: `code` when everything was written or the
/// reader closed the pipe, else 1 after saying what went wrong.
pub fn finish(code: ExitCode) -> ExitCode {
    if let Err(e) = io::stdout().lock().flush() {
        remember(e);
    }
    let err = FAILED.lock().ok().and_then(|mut s| s.take());
    match err {
        None => code,
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Some(e) => {
            stderr(&format!("smriti: cannot write to standard output: {e}\n"));
            ExitCode::FAILURE
        }
    }
}

/// `println!` through [`stdout`].
macro_rules! outln {
    () => { $crate::cli::out::stdout("\n") };
    ($($arg:tt)*) => { $crate::cli::out::stdout(&format!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::stdout(&format!($($arg)*)) };
}

/// `eprintln!` through [`stderr`].
macro_rules! errln {
    () => { $crate::cli::out::stderr("\n") };
    ($($arg:tt)*) => { $crate::cli::out::stderr(&format!("{}\n", format_args!($($arg)*))) };
}
