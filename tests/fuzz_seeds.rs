//! The fuzz targets' checks (`fuzz/bodies.rs`) on their seeds, on a few awkward inputs, and
//! on every input a fuzzer ever found a crash with (`tests/fixtures/fuzz/TARGET/*`, added as
//! each crash is fixed): so the targets compile with the library as it changes, and a fixed
//! crash stays fixed. The ten-minute runs themselves are in `docs/reliability.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files directly in `dir` (relative to the crate), sorted; none when it does not exist.
fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The seed folders of each target, as `docs/reliability.md` says to seed it.
fn seed_dirs(target: &str) -> &'static [&'static str] {
    match target {
        "deck_parser" => &["decks", "tests/fixtures/decks", "tests/fixtures/hostile"],
        "importer" => &["tests/fixtures/import", "tests/fixtures/hostile"],
        "review_log" | "snapshot" | "tests_log" => &["tests/fixtures/saves"],
        "anki_package" => &["tests/fixtures/anki"],
        _ => &[],
    }
}

/// Inputs no seed has: nothing, a lone newline, bytes that are not UTF-8, deep nesting, a
/// torn line, a number far past any counter.
fn awkward() -> Vec<Vec<u8>> {
    let result = br#"{"v":1,"started":"2026-11-22T10:00:00Z","finished":"2026-11-22T10:01:00Z","timed_out":false,"minutes":5.0,"marking":{"right":2.0,"wrong":-0.5},"score":{"marks":2.0,"max_marks":2.0,"attempted":1,"right":1,"wrong":0,"skipped":0},"by_tag":[],"items":[{"deck":"d","card":"c1","verdict":"right","chosen":[0],"correct":[0],"ms":900}]}"#;
    let mut torn = result.to_vec();
    torn.push(b'\n');
    torn.extend_from_slice(&result[..80]);
    vec![
        vec![],
        b"\n".to_vec(),
        b"\xff\xfe\x00{".to_vec(),
        "[".repeat(10_000).into_bytes(),
        "{\"a\":".repeat(10_000).into_bytes(),
        torn,
        b"{\"seq\":18446744073709551615}\n".to_vec(),
        b"\"\\ud800\"".to_vec(),
    ]
}

#[test]
fn every_fuzz_target_passes_on_its_seeds_and_past_crashes() {
    for (name, body) in bodies::TARGETS {
        let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
        for dir in seed_dirs(name) {
            for f in files(dir) {
                inputs.push((f.display().to_string(), std::fs::read(&f).unwrap()));
            }
        }
        let seeds = inputs.len();
        assert!(seeds > 0, "{name} has no seeds");
        for f in files(&format!("tests/fixtures/fuzz/{name}")) {
            inputs.push((f.display().to_string(), std::fs::read(&f).unwrap()));
        }
        for (i, a) in awkward().into_iter().enumerate() {
            inputs.push((format!("awkward input {i}"), a));
        }
        for (what, data) in &inputs {
            let run = std::panic::catch_unwind(|| body(data));
            assert!(run.is_ok(), "fuzz target {name} fails on {what}");
        }
    }
}
