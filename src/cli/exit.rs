//! The exit status every command uses, documented in the README and in `smriti --help`:
//! 0 done; 1 the command ran and failed (a file could not be read or written, answers could
//! not be saved, `check` found errors); 2 the command line was wrong (an unknown command,
//! option, value or deck; clap's own errors are 2 as well). Messages go to standard error,
//! starting "smriti: ".

use std::process::ExitCode;

/// Status 1, after printing `msg`: the command ran and failed.
pub fn failed(msg: impl std::fmt::Display) -> ExitCode {
    errln!("smriti: {msg}");
    ExitCode::FAILURE
}

/// Status 2, after printing `msg`: the command line was wrong.
pub fn usage(msg: impl std::fmt::Display) -> ExitCode {
    errln!("smriti: {msg}");
    ExitCode::from(USAGE)
}

/// The status of a wrong command line.
pub const USAGE: u8 = 2;
