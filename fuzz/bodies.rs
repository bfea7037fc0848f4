//! What each fuzz target checks, one function per target (`fuzz/fuzz_targets/*.rs` hand it
//! libFuzzer's bytes). The same functions run under `cargo test` (`tests/fuzz_seeds.rs`) on
//! the seeds and on every input a fuzzer ever crashed on (`tests/fixtures/fuzz/TARGET/`), so
//! the targets keep compiling with the library and a fixed crash stays fixed. A failed
//! assertion or `expect` here is a finding: that is how a fuzz target reports.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use smriti::domain::anki::{convert, history};
use smriti::domain::deck::Deck;
use smriti::domain::scheduler::Params;
use smriti::domain::time::{StudyDay, day_start};
use smriti::store::import::{self, Format};
use smriti::store::progress_file::{from_bytes, to_bytes};
use smriti::store::review_log::{Mark, ReviewLog};
use smriti::store::tests_log::{TestsLog, read};
use smriti::store::{anki, deck_file, deck_write};

/// A target's check of one input.
pub type Body = fn(&[u8]);

/// The targets, by name, for the seed test.
pub const TARGETS: &[(&str, Body)] = &[
    ("deck_parser", deck_parser),
    ("importer", importer),
    ("review_log", review_log),
    ("snapshot", snapshot),
    ("tests_log", tests_log),
    ("anki_package", anki_package),
];

/// Any bytes given to the deck parser, its lenient reading (the app's) and the checker give
/// decks or errors, never a panic; a deck that parses writes back and parses to the same deck.
pub fn deck_parser(data: &[u8]) {
    let strict = smriti::store::deck_file::parse_bytes("fuzz.json", data);
    if let Ok(deck) = &strict {
        let text = smriti::store::deck_write::to_json(deck, None);
        let again =
            smriti::store::deck_file::parse("again.json", &text).expect("a written deck parses");
        assert_eq!(&again, deck);
    }
    // The app's lenient reading (cards with problems left out): a deck the strict parser
    // takes reads the same with nothing left out; what it keeps writes back and parses whole.
    match deck_file::parse_bytes_lenient("fuzz.json", data) {
        Ok(partial) => {
            if let Ok(deck) = &strict {
                assert_eq!(&partial.deck, deck);
                assert_eq!(partial.left_out, 0);
            }
            assert_eq!(partial.left_out == 0, partial.skipped.is_empty());
            let text = deck_write::to_json(&partial.deck, None);
            match deck_file::parse("kept.json", &text) {
                Ok(again) => assert_eq!(again, partial.deck),
                // A kept card may still name a card that was left out (`not_with`): the app
                // studies it as it is (found by this target; tests/fixtures/fuzz/deck_parser).
                Err(errors) => assert!(
                    partial.left_out > 0
                        && errors
                            .iter()
                            .all(|e| e.message.contains("which the deck does not have")),
                    "the cards kept parse: {errors:?}"
                ),
            }
        }
        Err(errors) => {
            assert!(strict.is_err(), "lenient refused what strict took");
            assert!(!errors.is_empty(), "a refusal says why");
        }
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
        let again = from_bytes("again.json", &to_bytes(&progress, &mark))
            .expect("a written snapshot reads");
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

/// Any bytes as an Anki package (`.apkg`): the zip layer when they look like a zip, else the
/// collection layer (the bytes as `collection.anki21` inside a zip made here, for SQLite to
/// open). Reading, converting and turning the history into events never panics, every
/// converted deck writes as JSON the deck parser takes or refuses cleanly, and the events come
/// in time order.
pub fn anki_package(data: &[u8]) {
    let dir = tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("temp dir");
    let path = dir.path().join("p.apkg");
    if data.starts_with(b"PK") {
        std::fs::write(&path, data).expect("write");
    } else {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("collection.anki21", opts).expect("entry");
        z.write_all(data).expect("bytes");
        z.finish().expect("finish");
    }
    let Ok(col) = anki::read(&path, &mut |_, _| {}) else {
        return;
    };
    let c = convert::convert(&col, "p.apkg");
    for deck in &c.decks {
        let json = deck_write::to_json(deck, None);
        // Text from strangers may still be refused by the deck checks (an empty answer),
        // but never panics them.
        let _ = deck_file::parse("p.json", &json);
    }
    let tz = jiff::tz::TimeZone::UTC;
    let day_of = |t| StudyDay::containing(t, &tz, 4).date;
    let start = |d| day_start(d, &tz, 4);
    let params = Params::default();
    let seen = HashSet::new();
    let items: HashMap<_, _> = c.items.clone();
    let h = history::convert(
        &col,
        &history::Input {
            items: &items,
            params: &params,
            current: &|_, _| None,
            seen: &seen,
            touched: &HashSet::new(),
            day_start: &start,
            day_of: &day_of,
            first_seq: 1,
        },
    );
    assert!(h.events.windows(2).all(|w| w[0].at() <= w[1].at()));
}
