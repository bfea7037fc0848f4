//! The command line without a terminal: `smriti check` and `smriti rebuild`.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_smriti");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/decks/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_reports_errors_like_a_compiler_and_fails() {
    let out = Command::new(BIN)
        .args([
            "check",
            &fixture("duplicate-id.json"),
            &fixture("good.json"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let first = stdout.lines().next().unwrap();
    assert!(
        first.ends_with(
            "duplicate-id.json:8:12: error: card id \"c1\" is used twice (first at line 7)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("good.json:11:5: warning: card \"c1\" has no explanation"),
        "{stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("checked 2 deck files: 1 error, 2 warnings"),
        "{stdout}"
    );
}

#[test]
fn check_speaks_json_for_editors() {
    let out = Command::new(BIN)
        .args(["check", "--json", &fixture("empty-front.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v[0];
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["severity"].as_str()
        ),
        (Some(7), Some(44), Some("error"))
    );
    assert_eq!(d["message"], "the card's front is empty");
}

#[test]
fn check_passes_the_shipped_decks_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.trim(), "checked 4 deck files: 0 errors, 0 warnings");
}

#[test]
fn rebuild_recovers_a_lost_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--saves", &dir.path().display().to_string(), "rebuild"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Rebuilt "));
    assert!(dir.path().join("progress.json").exists());
}
