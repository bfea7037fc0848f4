//! What each fuzz target checks, one function per target (`fuzz/fuzz_targets/*.rs` hand it
//! libFuzzer's bytes). The same functions run under `cargo test` (`tests/fuzz_seeds.rs`) on
//! the seeds and on every input a fuzzer ever crashed on (`tests/fixtures/fuzz/TARGET/`), so
//! the targets keep compiling with the library and a fixed crash stays fixed. A failed
//! assertion or `expect` here is a finding: that is how a fuzz target reports.

use smriti::domain::deck::Deck;
use smriti::store::import::{self, Format};
use smriti::store::progress_file::{from_bytes, to_bytes};
use smriti::store::review_log::{Mark, ReviewLog};
use smriti::store::tests_log::{TestsLog, read};

/// A target's check of one input.
pub type Body = fn(&[u8]);

/// The targets, by name, for the seed test.
pub const TARGETS: &[(&str, Body)] = &[
    ("deck_parser", deck_parser),
    ("importer", importer),
    ("review_log", review_log),
    ("snapshot", snapshot),
    ("tests_log", tests_log),
];

/// Any bytes given to the deck parser (and the checker) give decks or errors, never a panic;
/// a deck that parses writes back and parses to the same deck.
pub fn deck_parser(data: &[u8]) {
    if let Ok(deck) = smriti::store::deck_file::parse_bytes("fuzz.json", data) {
        let text = smriti::store::deck_write::to_json(&deck, None);
        let again =
            smriti::store::deck_file::parse("again.json", &text).expect("a written deck parses");
        assert_eq!(again, deck);
    }
    let _ = smriti::store::check::check("fuzz.json", data, None);
}

/// Any bytes given to the Anki, Quizlet and CSV readers give records or an error, never a
/// panic; merging them into a deck gives a deck that writes (and reads back or fails cleanly).
pub fn importer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for format in [
        Format::Anki,
        Format::Csv,
        Format::Quizlet {
            term: "\t".into(),
            row: "\n".into(),
        },
        Format::Quizlet {
            term: " - ".into(),
            row: ";".into(),
        },
    ] {
        if let Ok((records, skipped)) = import::read(&text, &format) {
            let mut deck = Deck {
                id: "fuzz".into(),
                title: "Fuzz".into(),
                description: String::new(),
                tags: vec![],
                sources: vec![],
                cards: vec![],
                answer_kind: None,
            };
            import::merge(&mut deck, records, skipped, &mut |_, _| {});
            let json = smriti::store::deck_write::to_json(&deck, None);
            // Imported text may be unusable as a card (e.g. only spaces); it must still fail
            // cleanly rather than write a deck that cannot be read.
            let _ = smriti::store::deck_file::parse("fuzz.json", &json);
        }
    }
}

/// A temporary folder in memory when the machine has one.
fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("temp dir")
}

/// Any bytes in reviews.jsonl are read (damaged lines reported, a torn tail set aside)
/// without a panic, and afterwards the log ends on a line boundary, ready for appends.
pub fn review_log(data: &[u8]) {
    let dir = temp_dir();
    let path = dir.path().join("reviews.jsonl");
    std::fs::write(&path, data).expect("write");
    let mut log = ReviewLog::open(&path).expect("open");
    let read = log
        .read_from(Mark::default())
        .expect("read")
        .expect("a full read always fits");
    let bytes = std::fs::read(&path).expect("read back");
    assert!(
        bytes.is_empty() || bytes.ends_with(b"\n"),
        "{} events",
        read.events.len()
    );
}

/// Any bytes in progress.json either read as a snapshot or give an error with its place,
/// never a panic; a snapshot that reads writes back (format 3) to the same progress.
pub fn snapshot(data: &[u8]) {
    if let Ok((progress, mark)) = from_bytes("progress.json", data) {
        let again =
            from_bytes("again.json", &to_bytes(&progress, mark)).expect("a written snapshot reads");
        // NaN would not compare equal; the parser never yields one from JSON.
        assert_eq!(again, (progress, mark));
    }
}

/// A result as smriti writes it.
const SAMPLE: &str = r#"{"v":1,"started":"2026-11-22T10:00:00Z","finished":"2026-11-22T10:01:00Z","timed_out":false,"minutes":5.0,"marking":{"right":2.0,"wrong":-0.6666666666666666},"score":{"marks":2.0,"max_marks":6.0,"attempted":1,"right":1,"wrong":0,"skipped":2},"by_tag":[{"tag":"t","right":1,"attempted":1}],"items":[{"deck":"d","card":"c1","verdict":"right","chosen":[0],"correct":[0],"ms":900}]}
"#;

/// Any bytes in tests.jsonl: reading reports damage without a panic; opening repairs the
/// tail (the file then ends on a line boundary) without losing a record that reading found;
/// and a result appended afterwards reads back whole, after those records, adding no problem.
pub fn tests_log(data: &[u8]) {
    let dir = temp_dir();
    let sample_path = dir.path().join("sample.jsonl");
    std::fs::write(&sample_path, SAMPLE).expect("write");
    let (sample, problems) = read(&sample_path).expect("read the sample");
    assert!(problems.is_empty() && sample.len() == 1, "{problems:?}");

    let path = dir.path().join("tests.jsonl");
    std::fs::write(&path, data).expect("write");
    let (before, problems_before) = read(&path).expect("read");
    let (mut log, _torn) = TestsLog::open(&path).expect("open");
    let bytes = std::fs::read(&path).expect("read back");
    assert!(
        bytes.is_empty() || bytes.ends_with(b"\n"),
        "a repaired log ends on a line boundary"
    );
    let (after, problems_after) = read(&path).expect("read");
    assert_eq!(after, before, "repairing the tail loses no record");
    assert!(problems_after.len() <= problems_before.len());

    log.append(&sample[0]).expect("append");
    let (appended, problems_appended) = read(&path).expect("read");
    assert_eq!(appended.len(), after.len() + 1, "{problems_appended:?}");
    assert_eq!(appended.last(), sample.first(), "the new result is whole");
    assert_eq!(
        problems_appended, problems_after,
        "appending adds no problem"
    );
}
