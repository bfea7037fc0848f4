//! Bad files: each gets a clear message naming the file (and the position when there is one),
//! nothing is overwritten, and everything else keeps working.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::Path;

use jiff::tz::TimeZone;
use smriti::domain::progress::{Before, Event, Mode};
use smriti::domain::scheduler::{CardState, Phase, Rating};
use smriti::store::{self, decks};

/// The device the test opens saves folders as (its id kept in the system's temporary folder).
fn device() -> smriti::store::device::Device {
    smriti::store::device::Device::at(&std::env::temp_dir().join("smriti-test-device")).unwrap()
}

fn event(seq: u64, card: &str) -> Event {
    let at: jiff::Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    Event::Review {
        seq,
        at,
        deck: "india-japan-prelims".into(),
        card: card.into(),
        rating: Rating::Good,
        mode: Mode::Flashcard,
        ms: 1000,
        verdict: None,
        before: Before::New,
        state: CardState {
            phase: Phase::Learning,
            step: Some(1),
            stability: 2.3,
            difficulty: 2.1,
            due: at,
            last_review: at,
            reps: 1,
            lapses: 0,
        },
    }
}

/// This device's review log in the saves folder `dir`.
fn own_log(dir: &Path) -> std::path::PathBuf {
    store::SavesLayout::new(dir).reviews_of(Some(device().id()))
}

/// Writes a good log of two answers into a new saves folder.
fn saves_with_two_answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut o = store::open(dir.path(), &device(), &TimeZone::UTC).unwrap();
    for (seq, card) in [(1, "foip"), (2, "titp")] {
        let e = event(seq, card);
        o.progress.apply(&e, &|_| jiff::civil::date(2026, 11, 22));
        o.saves.record(&e).unwrap();
    }
    dir
}

/// Opens the folder, answers once more and snapshots, as a session would; returns notices.
fn use_it(dir: &Path) -> (Vec<String>, usize) {
    let mut o = store::open(dir, &device(), &TimeZone::UTC).unwrap_or_else(|e| panic!("{e}"));
    let e = event(o.progress.last_seq + 1, "jwg");
    o.progress.apply(&e, &|_| jiff::civil::date(2026, 11, 22));
    o.saves.record(&e).unwrap();
    o.saves.snapshot(&o.progress).unwrap();
    let items = o
        .progress
        .deck("india-japan-prelims")
        .map_or(0, |d| d.items.len());
    (o.notices, items)
}

#[test]
fn a_truncated_last_log_line() {
    let dir = saves_with_two_answers();
    let log = own_log(dir.path());
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.truncate(bytes.len() - 40);
    std::fs::write(&log, &bytes).unwrap();
    let (notices, items) = use_it(dir.path());
    assert!(
        notices[0].contains(".jsonl:2: the last line was cut off by a crash during saving"),
        "{notices:?}"
    );
    assert_eq!(items, 2, "the first answer and the new one");
    let side = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().contains(".torn-"))
        .unwrap();
    assert!(
        std::fs::read(side.path())
            .unwrap()
            .starts_with(br#"{"kind":"review","seq":2"#),
        "the torn bytes are kept"
    );
}

#[test]
fn a_garbage_line_in_the_middle_of_the_log() {
    let dir = saves_with_two_answers();
    let log = own_log(dir.path());
    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "#@!% not an event");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (notices, items) = use_it(dir.path());
    assert!(
        notices[0].contains(".jsonl:2:1: skipped an unreadable line (expected value); the rest"),
        "{notices:?}"
    );
    assert_eq!(items, 3);
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("#@!% not an event"),
        "the damaged line is left for the user"
    );
}

#[test]
fn invalid_utf8_in_the_log() {
    let dir = saves_with_two_answers();
    let log = own_log(dir.path());
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.splice(0..0, b"\xff\xfe\xfd\n".iter().copied());
    std::fs::write(&log, &bytes).unwrap();
    let (notices, items) = use_it(dir.path());
    assert!(
        notices[0].contains(".jsonl:1:1: skipped an unreadable line"),
        "{notices:?}"
    );
    assert_eq!(items, 3);
}

fn snapshot_case(bytes: &[u8], want: &str) {
    let dir = saves_with_two_answers();
    let snap = dir.path().join("progress.json");
    std::fs::write(&snap, bytes).unwrap();
    let (notices, items) = use_it(dir.path());
    assert!(notices[0].contains(want), "{notices:?}");
    assert!(
        notices[0].contains(&snap.display().to_string()),
        "{notices:?}"
    );
    assert_eq!(items, 3, "the log still gives every answer");
    assert_eq!(std::fs::read(&snap).unwrap(), bytes, "never overwritten");
}

#[test]
fn a_progress_file_of_garbage() {
    snapshot_case(
        b"{\"format\": 1,\n  \"log\": [[[",
        "progress.json:2:10: invalid type: sequence, expected u64",
    );
}

#[test]
fn a_progress_file_from_a_newer_version() {
    snapshot_case(
        b"{\"format\": 9, \"something\": \"new\"}",
        "progress.json:1:12: this file was written by a newer smriti (format 9; this one reads 3)",
    );
}

#[test]
fn an_empty_progress_file() {
    snapshot_case(b"", "progress.json: the file is empty");
}

#[test]
fn a_progress_file_that_is_not_utf8() {
    snapshot_case(b"\xff\xfe{}", "progress.json: the file is not UTF-8 text");
}

#[test]
fn an_empty_settings_file() {
    let dir = saves_with_two_answers();
    let settings = dir.path().join("settings.json");
    std::fs::write(&settings, b"").unwrap();
    let (notices, items) = use_it(dir.path());
    assert!(
        notices[0].starts_with(&format!(
            "{}:1:1: EOF while parsing a value",
            settings.display()
        )),
        "{notices:?}"
    );
    assert!(
        notices[0].contains("using the default settings"),
        "{notices:?}"
    );
    assert_eq!(items, 3);
    assert_eq!(std::fs::read(&settings).unwrap(), b"");
}

fn deck_case(name: &str, bytes: &[u8], want: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let all = decks::load_all(Some(dir.path()));
    let broken: Vec<String> = all
        .iter()
        .filter_map(|l| l.deck.as_ref().err())
        .map(|e| e[0].headline())
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains(want), "{}", broken[0]);
    assert_eq!(
        all.iter().filter(|l| l.deck.is_ok()).count(),
        decks::built_in().len(),
        "the other decks still load"
    );
    assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), bytes);
}

#[test]
fn an_empty_deck_file() {
    deck_case(
        "empty.json",
        b"",
        "empty.json:1:1: EOF while parsing a value",
    );
}

#[test]
fn a_deck_of_invalid_utf8() {
    deck_case(
        "latin1.json",
        b"{\"format\": 1, \"title\": \"caf\xe9\"}",
        "latin1.json:1:28: the file is not UTF-8 text",
    );
}

#[test]
fn a_deck_that_is_an_array() {
    deck_case(
        "array.json",
        b"[1, 2, 3]",
        "array.json:1:1: a list where an object in braces { … } is needed",
    );
}

#[test]
fn a_deck_of_ten_thousand_nested_arrays() {
    let deep = format!(
        "{{\"format\": 1, \"id\": \"deep\", \"title\": \"T\", \"description\": \"\", \"tags\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    deck_case(
        "deep.json",
        deep.as_bytes(),
        "deep.json:1:70: a list where text in quotes is needed",
    );
}

#[test]
fn a_100_mb_deck_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    let all = decks::load_all(Some(dir.path()));
    let broken: Vec<String> = all
        .iter()
        .filter_map(|l| l.deck.as_ref().err())
        .map(|e| e[0].to_string())
        .collect();
    assert!(
        broken[0].contains(
            "huge.json: the file is larger than 64 MB, more than smriti reads from such a file"
        ),
        "{broken:?}"
    );
    assert_eq!(
        all.iter().filter(|l| l.deck.is_ok()).count(),
        decks::built_in().len()
    );
}
