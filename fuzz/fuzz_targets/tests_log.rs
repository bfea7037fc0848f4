//! Any bytes in tests.jsonl: reading reports damage without a panic; opening repairs the tail
//! (the file then ends on a line boundary) without losing a record that reading found; and a
//! result appended afterwards reads back whole, after those records, adding no new problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smriti::store::tests_log::{TestsLog, read};

/// A result as smriti writes it.
const SAMPLE: &str = r#"{"v":1,"started":"2026-11-22T10:00:00Z","finished":"2026-11-22T10:01:00Z","timed_out":false,"minutes":5.0,"marking":{"right":2.0,"wrong":-0.6666666666666666},"score":{"marks":2.0,"max_marks":6.0,"attempted":1,"right":1,"wrong":0,"skipped":2},"by_tag":[{"tag":"t","right":1,"attempted":1}],"items":[{"deck":"d","card":"c1","verdict":"right","chosen":[0],"correct":[0],"ms":900}]}
"#;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).expect("temp dir");
    let sample_path = dir.path().join("sample.jsonl");
    std::fs::write(&sample_path, SAMPLE).expect("write");
    let (sample, problems) = read(&sample_path).expect("read the sample");
    assert!(problems.is_empty() && sample.len() == 1, "{problems:?}");

    let path = dir.path().join("tests.jsonl");
    std::fs::write(&path, data).expect("write");
    let (before, problems_before) = read(&path).expect("read");
    let (mut log, _torn) = TestsLog::open(&path).expect("open");
    let bytes = std::fs::read(&path).expect("read back");
    assert!(bytes.is_empty() || bytes.ends_with(b"\n"), "a repaired log ends on a line boundary");
    let (after, problems_after) = read(&path).expect("read");
    assert_eq!(after, before, "repairing the tail loses no record");
    assert!(problems_after.len() <= problems_before.len());

    log.append(&sample[0]).expect("append");
    let (appended, problems_appended) = read(&path).expect("read");
    assert_eq!(appended.len(), after.len() + 1, "{problems_appended:?}");
    assert_eq!(appended.last(), sample.first(), "the new result is whole");
    assert_eq!(problems_appended, problems_after, "appending adds no problem");
});
