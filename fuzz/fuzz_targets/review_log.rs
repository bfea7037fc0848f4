//! Any bytes in reviews.jsonl are read (damaged lines reported, a torn tail set aside) without
//! a panic, and the log can be appended to afterwards.
//! The checks are `bodies::review_log` (`fuzz/bodies.rs`), which `cargo test` also runs on the seeds.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::review_log(data));
