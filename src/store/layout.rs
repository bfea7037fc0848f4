//! The saves folder's layout: the one place that names the files smriti keeps there (each
//! device's review log and mock-test log, the legacy shared logs, the mock test in progress,
//! settings, the progress snapshot, the deck index, each device's name) and the side files it
//! leaves beside them (backups, torn lines), and that tells, from a file's name, what a file
//! found there is ([`classify`]: one of ours, or a sync tool's leftover). Every other module,
//! in `store` and above it, asks a [`SavesLayout`] for a path and never spells a file name.
//! Pure path arithmetic: no I/O here, and no dependency on `domain`, `tui` or `cli`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The legacy review log's file name (answers and undos of the smriti before per-device logs;
/// read by every device, appended by none).
const REVIEWS: &str = "reviews.jsonl";
/// The legacy mock-test log's file name.
const TESTS: &str = "tests.jsonl";
/// Each device's review log is `reviews.<device>.jsonl`, its mock-test log
/// `tests.<device>.jsonl`, its name `device.<device>.json`.
const REVIEWS_STEM: &str = "reviews";
const SETTINGS_STEM: &str = "settings";
const TESTS_STEM: &str = "tests";
const DEVICE_STEM: &str = "device";
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

    /// The legacy review log (`reviews.jsonl`): every answer and undo of a smriti before
    /// per-device logs, one JSON line each. Read by every device, appended by none.
    pub fn reviews(&self) -> PathBuf {
        self.dir.join(REVIEWS)
    }

    /// The legacy mock-test log (`tests.jsonl`).
    pub fn tests(&self) -> PathBuf {
        self.dir.join(TESTS)
    }

    /// The review log of the device `device` (`None`: the legacy log).
    pub fn reviews_of(&self, device: Option<&str>) -> PathBuf {
        self.dir.join(per_device(REVIEWS_STEM, device, "jsonl"))
    }

    /// The mock-test log of the device `device` (`None`: the legacy log).
    pub fn tests_of(&self, device: Option<&str>) -> PathBuf {
        self.dir.join(per_device(TESTS_STEM, device, "jsonl"))
    }

    /// The settings log of the device `device`: the settings it changed, one line each.
    pub fn settings_of(&self, device: &str) -> PathBuf {
        self.dir
            .join(per_device(SETTINGS_STEM, Some(device), "jsonl"))
    }

    /// The file holding the name the user gave the device `device`.
    pub fn device_name(&self, device: &str) -> PathBuf {
        self.dir.join(per_device(DEVICE_STEM, Some(device), "json"))
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
}

fn per_device(stem: &str, device: Option<&str>, ext: &str) -> String {
    match device {
        Some(d) => format!("{stem}.{d}.{ext}"),
        None => format!("{stem}.{ext}"),
    }
}

/// What a file found in the saves folder is, by its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'a> {
    /// A review log: a device's (`Some(id)`) or the legacy one.
    Reviews(Option<&'a str>),
    /// A mock-test log: a device's or the legacy one.
    Tests(Option<&'a str>),
    /// A device's name file.
    DeviceName(&'a str),
    /// A device's settings log (`settings.<device>.jsonl`: the settings it changed).
    SettingsLog(&'a str),
    /// A copy of `settings.json` that a sync tool made when both sides changed it.
    SettingsConflict,
    /// What a sync tool leaves behind beside a log (a conflict copy, an `.orig`, a partial
    /// download under a temporary name): never read, reported.
    Leftover,
    /// Anything else (smriti's other files, its side files, the user's own files).
    Other,
}

/// What the file named `name` in a saves folder is (see [`Named`]).
pub fn classify(name: &str) -> Named<'_> {
    let conflict = name.contains(".sync-conflict-")
        || name.contains("conflicted copy")
        || name.contains("(conflict")
        || name.ends_with(".orig");
    if name == REVIEWS {
        return Named::Reviews(None);
    }
    if name == TESTS {
        return Named::Tests(None);
    }
    let device = |stem: &str, ext: &str| {
        name.strip_prefix(stem)
            .and_then(|r| r.strip_prefix('.'))
            .and_then(|r| r.strip_suffix(ext))
            .and_then(|r| r.strip_suffix('.'))
            .filter(|id| super::device::is_id(id))
    };
    if let Some(id) = device(REVIEWS_STEM, "jsonl") {
        return Named::Reviews(Some(id));
    }
    if let Some(id) = device(TESTS_STEM, "jsonl") {
        return Named::Tests(Some(id));
    }
    if let Some(id) = device(DEVICE_STEM, "json") {
        return Named::DeviceName(id);
    }
    if let Some(id) = device(SETTINGS_STEM, "jsonl") {
        return Named::SettingsLog(id);
    }
    let ours = |stem: &str| {
        let bare = name.trim_start_matches(['.', '~']);
        bare.strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with(['.', ' ', '(']))
    };
    let side = [".torn-", ".bak-", ".unread-"]
        .iter()
        .any(|s| name.contains(s));
    if ours(SETTINGS_STEM) && conflict {
        return Named::SettingsConflict;
    }
    let log = ours(REVIEWS_STEM) || ours(TESTS_STEM) || ours(DEVICE_STEM);
    if log && !side {
        // A conflict copy, an `.orig`, or a partial or temporary copy (Syncthing's
        // `.syncthing.NAME.tmp`, rsync's `.NAME.XXXXXX`, Nextcloud's `NAME.~XXXX`, `NAME.part`).
        return Named::Leftover;
    }
    if name.starts_with(".syncthing.") || (conflict && !side) {
        return Named::Leftover;
    }
    Named::Other
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
    }

    #[test]
    fn per_device_files_carry_the_device_id() {
        let at = SavesLayout::new("/s");
        assert_eq!(
            at.reviews_of(Some("k3x9m2p7qa")),
            Path::new("/s/reviews.k3x9m2p7qa.jsonl")
        );
        assert_eq!(at.reviews_of(None), at.reviews());
        assert_eq!(
            at.tests_of(Some("k3x9m2p7qa")),
            Path::new("/s/tests.k3x9m2p7qa.jsonl")
        );
        assert_eq!(at.tests_of(None), at.tests());
        assert_eq!(
            at.device_name("k3x9m2p7qa"),
            Path::new("/s/device.k3x9m2p7qa.json")
        );
    }

    #[test]
    fn files_are_told_apart_by_name() {
        assert_eq!(classify("reviews.jsonl"), Named::Reviews(None));
        assert_eq!(
            classify("reviews.laptop01.jsonl"),
            Named::Reviews(Some("laptop01"))
        );
        assert_eq!(classify("tests.jsonl"), Named::Tests(None));
        assert_eq!(
            classify("tests.laptop01.jsonl"),
            Named::Tests(Some("laptop01"))
        );
        assert_eq!(
            classify("device.laptop01.json"),
            Named::DeviceName("laptop01")
        );
        for leftover in [
            "reviews.laptop01.sync-conflict-20261120-101010-ABCDEFG.jsonl",
            "reviews.laptop01.jsonl.orig",
            ".syncthing.reviews.laptop01.jsonl.tmp",
            ".reviews.laptop01.jsonl.Xa81Qz",
            "reviews.laptop01.jsonl.~1b2c",
            "reviews.laptop01.jsonl.part",
            "tests (conflicted copy 2026-11-20).jsonl",
            "reviews.Laptop.jsonl",
        ] {
            assert_eq!(classify(leftover), Named::Leftover, "{leftover}");
        }
        for conflict in [
            "settings.sync-conflict-20261120-101010-ABCDEFG.json",
            "settings (Priya's conflicted copy 2026-11-20).json",
            "settings.json.orig",
        ] {
            assert_eq!(classify(conflict), Named::SettingsConflict, "{conflict}");
        }
        for other in [
            "settings.json",
            "progress.json",
            "stats.json",
            "reviews.jsonl.torn-42",
            "settings.json.bak-1700000000",
            ".progress.json.123-00ff.tmp",
            "test-in-progress.json",
            "notes.txt",
        ] {
            assert_eq!(classify(other), Named::Other, "{other}");
        }
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
