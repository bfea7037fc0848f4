//! The saves folder's layout: the one place that names the files smriti keeps there (the
//! review log, the mock-test log, the mock test in progress, settings, the progress snapshot,
//! the deck index, the lock) and the side files it leaves beside them (backups, torn lines). Every other module, in
//! `store` and above it, asks a [`SavesLayout`] for a path and never spells a file name.
//! Pure path arithmetic: no I/O here, and no dependency on `domain`, `tui` or `cli`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The review log's file name (answers and undos, appended).
const REVIEWS: &str = "reviews.jsonl";
/// The mock-test log's file name (submitted tests, appended).
const TESTS: &str = "tests.jsonl";
/// The mock test being taken (rewritten whole after every answer).
const TEST_IN_PROGRESS: &str = "test-in-progress.json";
/// The user's settings.
const SETTINGS: &str = "settings.json";
/// The progress snapshot (every item's state, and how far into the log it has seen).
const SNAPSHOT: &str = "progress.json";
/// The statistics' running totals (a cache of the log, beside the snapshot).
const STATS: &str = "stats.json";
/// What is known about each deck file without reading it again.
const DECK_INDEX: &str = "deck-index.json";
/// Who is using the folder.
const LOCK: &str = "lock";

/// The paths of the files in one saves folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavesLayout {
    dir: PathBuf,
}

impl SavesLayout {
    /// The layout of the saves folder `dir` (which need not exist yet).
    pub fn new(dir: impl Into<PathBuf>) -> SavesLayout {
        SavesLayout { dir: dir.into() }
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The review log: every answer and undo, one JSON line each.
    pub fn reviews(&self) -> PathBuf {
        self.dir.join(REVIEWS)
    }

    /// The mock-test log: every submitted mock test, one JSON line each.
    pub fn tests(&self) -> PathBuf {
        self.dir.join(TESTS)
    }

    /// The mock test being taken, kept until it is in the mock-test log (`store::test_state`).
    pub fn test_in_progress(&self) -> PathBuf {
        self.dir.join(TEST_IN_PROGRESS)
    }

    /// The user's settings.
    pub fn settings(&self) -> PathBuf {
        self.dir.join(SETTINGS)
    }

    /// The progress snapshot.
    pub fn snapshot(&self) -> PathBuf {
        self.dir.join(SNAPSHOT)
    }

    /// Whether a message is about the progress snapshot (it names the snapshot's file).
    pub fn mentions_snapshot(message: &str) -> bool {
        message.contains(SNAPSHOT)
    }

    /// The statistics' running totals.
    pub fn stats(&self) -> PathBuf {
        self.dir.join(STATS)
    }

    /// The deck index.
    pub fn deck_index(&self) -> PathBuf {
        self.dir.join(DECK_INDEX)
    }

    /// The lock file.
    pub fn lock(&self) -> PathBuf {
        self.dir.join(LOCK)
    }
}

/// Where the file at `path` is kept, byte for byte, before it is replaced at `stamp`
/// (seconds): `NAME.bak-STAMP` beside it.
pub fn backup(path: &Path, stamp: i64) -> PathBuf {
    beside(path, &format!(".bak-{stamp}"))
}

/// Where a log's torn last line, found at byte `offset`, is set aside: `NAME.torn-OFFSET`
/// beside the log.
pub fn torn(log: &Path, offset: u64) -> PathBuf {
    beside(log, &format!(".torn-{offset}"))
}

/// Where a file smriti cannot read is moved at `stamp` (seconds), so that nothing overwrites
/// it: `NAME.unread-STAMP` beside it.
pub fn unread(path: &Path, stamp: i64) -> PathBuf {
    beside(path, &format!(".unread-{stamp}"))
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_its_documented_name_in_the_folder() {
        let at = SavesLayout::new("/s");
        assert_eq!(at.dir(), Path::new("/s"));
        assert_eq!(at.reviews(), Path::new("/s/reviews.jsonl"));
        assert_eq!(at.tests(), Path::new("/s/tests.jsonl"));
        assert_eq!(at.test_in_progress(), Path::new("/s/test-in-progress.json"));
        assert_eq!(at.settings(), Path::new("/s/settings.json"));
        assert_eq!(at.snapshot(), Path::new("/s/progress.json"));
        assert_eq!(at.stats(), Path::new("/s/stats.json"));
        assert_eq!(at.deck_index(), Path::new("/s/deck-index.json"));
        assert_eq!(at.lock(), Path::new("/s/lock"));
    }

    #[test]
    fn side_files_sit_beside_their_file() {
        let at = SavesLayout::new("/s");
        assert_eq!(
            backup(&at.settings(), 1_700_000_000),
            Path::new("/s/settings.json.bak-1700000000")
        );
        assert_eq!(
            torn(&at.reviews(), 42),
            Path::new("/s/reviews.jsonl.torn-42")
        );
        assert_eq!(
            unread(&at.test_in_progress(), 7),
            Path::new("/s/test-in-progress.json.unread-7")
        );
        assert!(SavesLayout::mentions_snapshot(
            "/s/progress.json:1:1: not a snapshot"
        ));
        assert!(!SavesLayout::mentions_snapshot("/s/reviews.jsonl:3:1: bad"));
    }
}
