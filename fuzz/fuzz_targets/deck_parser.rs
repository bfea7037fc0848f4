//! Any bytes given to the deck parser (and the checker) give decks or errors, never a panic.
//! The checks are `bodies::deck_parser` (`fuzz/bodies.rs`), which `cargo test` also runs on the seeds.
#![no_main]

#[path = "../bodies.rs"]
#[allow(dead_code)]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::deck_parser(data));
