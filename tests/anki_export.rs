//! `smriti export DECK --format apkg` opened by Anki itself: every note imported, none
//! rejected, the reversed and cloze cards and the schedule as smriti had them. Runs only where
//! Anki's Python package imports (build.rs sets `cfg(no_anki)` otherwise, and these tests are
//! reported as ignored); `SMRITI_ANKI_PYTHON` names the Python that has it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn smriti(dir: &Path, args: &[&str]) -> String {
    let out = common::smriti()
        .args(args)
        .current_dir(dir)
        .env("SMRITI_SAVES", dir.join("saves"))
        .env("SMRITI_NOW", "2026-03-10T10:00:00Z")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{args:?}: {said}");
    said
}

/// What Anki made of the package (tests/anki_apkg_check.py's JSON line).
#[cfg(not(no_anki))]
fn anki_import(apkg: &Path) -> serde_json::Value {
    let out = Command::new(env!("SMRITI_ANKI_PYTHON"))
        .arg(root().join("tests/anki_apkg_check.py"))
        .arg(apkg)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(text.lines().last().unwrap()).unwrap()
}

#[cfg(no_anki)]
fn anki_import(_: &Path) -> serde_json::Value {
    unreachable!("ignored without Anki")
}

#[test]
#[cfg_attr(no_anki, ignore = "Anki's Python package is not installed")]
fn anki_imports_every_shipped_deck_with_no_rejected_note() {
    let dir = tempfile::tempdir().unwrap();
    for deck in ["india-japan-prelims", "india-japan-mechanisms"] {
        let apkg = dir.path().join(format!("{deck}.apkg"));
        smriti(
            dir.path(),
            &[
                "export",
                deck,
                "--format",
                "apkg",
                "-o",
                apkg.to_str().unwrap(),
            ],
        );
        let got = anki_import(&apkg);
        assert_eq!(got["rejected"], 0, "{deck}: {got}");
        assert!(got["new"].as_u64().unwrap() > 30, "{deck}: {got}");
    }
}

#[test]
#[cfg_attr(no_anki, ignore = "Anki's Python package is not installed")]
fn an_imported_deck_goes_back_to_anki_with_its_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = root().join("tests/fixtures/anki/upsc.apkg");
    smriti(dir.path(), &["import", pkg.to_str().unwrap()]);
    let apkg = dir.path().join("basics.apkg");
    let said = smriti(
        dir.path(),
        &[
            "export",
            "upsc.polity.basics",
            "--format",
            "apkg",
            "--with-history",
            "-o",
            apkg.to_str().unwrap(),
        ],
    );
    assert!(said.contains("4 notes, 6 Anki cards, 13 answers"), "{said}");
    let got = anki_import(&apkg);
    assert_eq!(got["rejected"], 0, "{got}");
    assert_eq!(got["new"], 4, "{got}");
    assert_eq!(got["revlog"], 13, "{got}");
    let cards = got["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 6);
    // Stability comes back as Anki had it before the trip (46.2812 for the cloze deletions).
    let cloze: Vec<_> = cards
        .iter()
        .filter(|c| c["notetype"].as_str().unwrap().starts_with("Cloze"))
        .collect();
    assert_eq!(cloze.len(), 3);
    assert!(
        cloze
            .iter()
            .filter(|c| c["type"] == 2)
            .all(|c| (c["stability"].as_f64().unwrap() - 46.2812).abs() < 0.01),
        "{got}"
    );
    assert!(
        cards
            .iter()
            .any(|c| c["question"].as_str().unwrap().contains("Who presides"))
    );

    // A card suspended in smriti (here: suspended in Anki before the trip) goes back suspended.
    let economy = dir.path().join("economy.apkg");
    smriti(
        dir.path(),
        &[
            "export",
            "upsc.economy",
            "--format",
            "apkg",
            "--with-history",
            "-o",
            economy.to_str().unwrap(),
        ],
    );
    let got = anki_import(&economy);
    let suspended: Vec<&str> = got["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["queue"] == -1)
        .map(|c| c["question"].as_str().unwrap())
        .collect();
    assert_eq!(suspended.len(), 1, "{got}");
    assert!(suspended[0].contains("Fiscal deficit"), "{got}");
}
