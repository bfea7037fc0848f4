//! Any bytes as an Anki package: the zip layer, or the SQLite collection inside one.
//! The checks are `bodies::anki_package` (`fuzz/bodies.rs`), which `cargo test` also runs on
//! the seeds (`tests/fixtures/anki/`).
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::anki_package(data));
