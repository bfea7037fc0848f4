//! Reading Anki packages (`.apkg`, `.colpkg`) into a [`domain::anki::Collection`]: the zip
//! ([`package`]: entry names checked, the collection chosen by the `meta` version, inflated
//! under a cap into a temporary file, zstd-decoded for `collection.anki21b`), then its SQLite
//! tables ([`sql`]: schema 11 with JSON columns, or schema 18 with protobuf blobs, read by
//! [`proto`]). Everything a stranger's package can get wrong is an [`AnkiError`] naming the
//! file; nothing panics and nothing grows without a bound. Depends on `domain` only.
//!
//! [`domain::anki::Collection`]: crate::domain::anki::Collection

mod package;
pub mod proto;
mod sql;
mod write;

pub use write::write;

use std::path::{Path, PathBuf};

use crate::domain::anki::Collection;

/// The most a package's collection may inflate to. A 30,000-note collection with 300,000
/// reviews is about 60 MB; anything past this is refused as a zip bomb.
pub const MAX_COLLECTION_BYTES: u64 = 1024 * 1024 * 1024;

/// What can go wrong reading a package. Each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum AnkiError {
    #[error("{path}: cannot read it: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not an Anki package (it is not a readable zip file: {detail})")]
    NotZip { path: PathBuf, detail: String },
    #[error(
        "{path}: entry {name:?} has an unsafe name (`..`, or an absolute path); refusing the package"
    )]
    UnsafeName { path: PathBuf, name: String },
    #[error(
        "{path}: holds no Anki collection (collection.anki21b, collection.anki21 or collection.anki2)"
    )]
    NoCollection { path: PathBuf },
    #[error(
        "{path}: package format {version} is newer than this smriti reads (1–3): in Anki, export with \"Support older Anki versions\" ticked"
    )]
    NewerPackage { path: PathBuf, version: u64 },
    #[error(
        "{path}: {entry} would inflate to more than {} MiB; refusing it (a damaged file or a zip bomb)",
        cap / (1024 * 1024)
    )]
    TooLarge {
        path: PathBuf,
        entry: String,
        cap: u64,
    },
    #[error("{path}: {entry} is damaged: {detail}")]
    Damaged {
        path: PathBuf,
        entry: String,
        detail: String,
    },
    #[error("{path}: {entry} is not an Anki collection: {detail}")]
    NotAnki {
        path: PathBuf,
        entry: String,
        detail: String,
    },
    #[error(
        "{path}: collection schema {version} is newer than this smriti reads (11–18): in Anki, export with \"Support older Anki versions\" ticked"
    )]
    NewerSchema { path: PathBuf, version: u32 },
}

/// Reads the package at `path`. `progress(done, total)` is called while the review log is
/// read (the long part of a large collection).
pub fn read(path: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<Collection, AnkiError> {
    read_capped(path, MAX_COLLECTION_BYTES, progress)
}

/// [`read`] with another cap on the inflated collection (tests use a small one).
fn read_capped(
    path: &Path,
    cap: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Collection, AnkiError> {
    let opened = package::open(path, cap)?;
    let mut col = sql::read(path, &opened.entry, opened.file.path(), progress)?;
    col.media_files = opened.media_files;
    Ok(col)
}

#[cfg(test)]
mod tests;
