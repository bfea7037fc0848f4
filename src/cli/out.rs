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
/// failed write, nothing more is written. A long text (an exported deck) is made safe in
/// pieces on every core (see [`pieces`]).
pub fn stdout(text: &str) {
    if failed() {
        return;
    }
    let safe = crate::par::map(&pieces(text, PIECE), |p| terminal_safe(p, Breaks::Keep));
    let mut out = io::stdout().lock();
    for piece in safe {
        if let Err(e) = out.write_all(piece.as_bytes()) {
            remember(e);
            return;
        }
    }
}

/// About how long a piece of a long text is (see [`pieces`]).
const PIECE: usize = 1 << 20;

/// `text` cut into pieces of about `len` bytes, each ending just after a line feed (or at the
/// text's end). `terminal_safe` of the pieces, joined, is `terminal_safe` of the whole: what
/// it does to a character depends only on the one before (a joiner is dropped after a line
/// feed as at the start of a text) and the one after (`\r` before `\n`), and a piece never
/// ends in `\r`.
fn pieces(text: &str, len: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > len {
        let cut = rest.as_bytes()[len..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|at| len + at + 1);
        let Some(cut) = cut.filter(|&c| c < rest.len()) else {
            break;
        };
        let (piece, tail) = rest.split_at(cut);
        out.push(piece);
        rest = tail;
    }
    out.push(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Made safe in pieces or whole, the same text: joiners, `\r\n`, controls and line
        /// breaks on either side of every cut.
        #[test]
        fn pieces_made_safe_are_the_whole_made_safe(
            s in "[a\n\r\u{200D}\u{200C}क्\u{1b}\u{202E} \t\u{2028}]{0,200}",
            len in 1usize..40,
        ) {
            let cut = pieces(&s, len);
            prop_assert_eq!(cut.concat(), s.clone());
            for p in &cut[..cut.len() - 1] {
                prop_assert!(p.ends_with('\n'));
                prop_assert!(p.len() > len);
            }
            let joined: String = cut.iter().map(|p| terminal_safe(p, Breaks::Keep)).collect();
            prop_assert_eq!(joined, terminal_safe(&s, Breaks::Keep).into_owned());
        }
    }

    #[test]
    fn a_short_text_is_one_piece() {
        assert_eq!(pieces("a\nb\n", 10), ["a\nb\n"]);
        assert_eq!(pieces("", 10), [""]);
        assert_eq!(pieces("aaaa\nbb\ncc", 2), ["aaaa\n", "bb\n", "cc"]);
    }
}
