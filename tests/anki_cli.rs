//! `smriti import X.apkg` as a user runs it: decks written where the app looks, the history in
//! the log, the same package again adding nothing, and `smriti unsuspend`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::PathBuf;
use std::process::Output;

mod common;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn run(dir: &std::path::Path, args: &[&str]) -> (Output, String) {
    let out = common::smriti()
        .args(args)
        .current_dir(dir)
        .env("SMRITI_SAVES", dir.join("saves"))
        .env("SMRITI_DEVICE_DIR", dir.join("device"))
        .env("SMRITI_NOW", "2026-03-10T10:00:00Z")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

#[test]
fn a_package_imports_with_its_history_once_and_suspended_cards_come_back_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = fixture("upsc.apkg");
    let pkg = pkg.to_str().unwrap();
    let (out, said) = run(dir.path(), &["import", pkg]);
    assert!(out.status.success(), "{said}");
    for deck in ["upsc.economy", "upsc.history", "upsc.polity.basics"] {
        assert!(
            dir.path().join(format!("decks/{deck}.json")).is_file(),
            "{said}"
        );
    }
    assert!(
        said.contains("Imported 10 notes (13 Anki cards) into 3 decks"),
        "{said}"
    );
    assert!(said.contains("[guessed from its templates]"), "{said}");
    assert!(
        said.contains("Review history: 37 answers imported"),
        "{said}"
    );
    assert!(said.contains("1 card was suspended in Anki"), "{said}");
    assert!(
        said.contains("memory state: Anki's own for 12, replayed from the history for 0"),
        "{said}"
    );
    let log = common::own_log(&dir.path().join("saves"), "reviews");
    assert_eq!(log.lines().count(), 38, "37 answers and one suspension");

    // The same package again (in another layout) merges and adds no history.
    let legacy = fixture("upsc-legacy.apkg");
    let (out, said) = run(dir.path(), &["import", legacy.to_str().unwrap()]);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("0 added, 0 updated, 4 unchanged"), "{said}");
    assert!(said.contains("37 answers were already imported"), "{said}");
    // Nothing imported, so nothing said about due days and memory states.
    assert!(!said.contains("keeps the due day"), "{said}");
    let again = common::own_log(&dir.path().join("saves"), "reviews");
    assert_eq!(again, log);

    // The suspended card comes back on request, once.
    let (out, said) = run(dir.path(), &["unsuspend", "upsc.economy"]);
    assert!(out.status.success(), "{said}");
    assert!(
        said.starts_with("Unsuspended 1 card in upsc.economy"),
        "{said}"
    );
    let (_, said) = run(dir.path(), &["unsuspend", "upsc.economy"]);
    assert!(said.contains("No suspended cards"), "{said}");

    // The statistics read the imported history.
    let (out, said) = run(dir.path(), &["stats"]);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("37 answers"), "{said}");
}

#[test]
fn a_broken_package_fails_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.apkg");
    std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
    let (out, said) = run(dir.path(), &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.starts_with("smriti: "), "{said}");
    assert!(said.contains("broken.apkg: not an Anki package"), "{said}");
    assert!(!dir.path().join("decks").exists());
}

/// The legacy fixture with its preset optimised in Anki (21 parameters, retention 85%).
fn optimised_package(dir: &std::path::Path) -> PathBuf {
    use std::io::{Read, Write};
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(fixture("upsc-legacy.apkg")).unwrap()).unwrap();
    let mut db = Vec::new();
    zip.by_name("collection.anki21")
        .unwrap()
        .read_to_end(&mut db)
        .unwrap();
    let path = dir.join("c.db");
    std::fs::write(&path, db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Anki's FSRS-6 defaults with the first four (initial stabilities) doubled.
    let defaults = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ];
    let w: Vec<String> = defaults
        .iter()
        .enumerate()
        .map(|(i, x)| format!("{}", if i < 4 { x * 2.0 } else { *x }))
        .collect();
    conn.execute_batch(&format!(
        "update col set dconf = json_set(dconf, '$.1.fsrsParams6', json('[{}]'), '$.1.desiredRetention', 0.85)",
        w.join(",")
    ))
    .unwrap();
    drop(conn);
    let out = dir.join("optimised.apkg");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    z.start_file(
        "collection.anki21",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(&std::fs::read(&path).unwrap()).unwrap();
    z.finish().unwrap();
    out
}

#[test]
fn anki_fsrs_settings_come_along_unless_smriti_has_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = optimised_package(dir.path());
    let (out, said) = run(dir.path(), &["import", pkg.to_str().unwrap()]);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("now schedule in smriti: its optimised parameters, desired retention 85%"),
        "{said}"
    );
    let settings = std::fs::read_to_string(dir.path().join("saves/settings.json")).unwrap();
    assert!(settings.contains("0.85"), "{settings}");
    // A second collection finds smriti's settings changed: they are kept.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(other.path().join("saves")).unwrap();
    std::fs::copy(
        dir.path().join("saves/settings.json"),
        other.path().join("saves/settings.json"),
    )
    .unwrap();
    let (out, said) = run(
        other.path(),
        &["import", fixture("upsc.apkg").to_str().unwrap()],
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Kept your own FSRS settings in smriti"),
        "{said}"
    );
}
