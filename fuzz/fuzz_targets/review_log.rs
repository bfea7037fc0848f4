//! Any bytes in reviews.jsonl are read (damaged lines reported, a torn tail set aside) without
//! a panic, and the log can be appended to afterwards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smriti::store::review_log::{Mark, ReviewLog};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).expect("temp dir");
    let path = dir.path().join("reviews.jsonl");
    std::fs::write(&path, data).expect("write");
    let mut log = ReviewLog::open(&path).expect("open");
    let read = log.read_from(Mark::default()).expect("read").expect("a full read always fits");
    // After reading, the file ends on a line boundary.
    let bytes = std::fs::read(&path).expect("read back");
    assert!(bytes.is_empty() || bytes.ends_with(b"\n"), "{} events", read.events.len());
});
