//! Any bytes in tests.jsonl: reading reports damage without a panic; opening repairs the tail
//! (the file then ends on a line boundary) without losing a record that reading found; and a
//! result appended afterwards reads back whole, after those records, adding no new problem.
//! The checks are `bodies::tests_log` (`fuzz/bodies.rs`), which `cargo test` also runs on the seeds.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::tests_log(data));
