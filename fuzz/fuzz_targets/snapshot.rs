//! Any bytes in progress.json either read as a snapshot or give an error with its place,
//! never a panic; a snapshot that reads writes back (format 3) to the same progress.
//! The checks are `bodies::snapshot` (`fuzz/bodies.rs`), which `cargo test` also runs on the seeds.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::snapshot(data));
