//! All file I/O: deck files, the saves folder (settings, review log, progress snapshot, lock).
//! Depends on `domain` only; never on `tui`.

pub mod deck_file;
pub mod json_pos;
