//! Any bytes given to the Anki, Quizlet and CSV readers give records or an error, never a
//! panic; merging them into a deck gives a deck that writes and parses back.
//! The checks are `bodies::importer` (`fuzz/bodies.rs`), which `cargo test` also runs on the seeds.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::importer(data));
