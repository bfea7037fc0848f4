//! One exit-code scheme for every command (0 done, 1 ran and failed, 2 wrong command line),
//! value enums and the help, completions and man page clap generates.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::process::Output;

mod common;

/// Runs smriti with `args` in a fresh saves folder (and no decks folder), at a fixed instant.
fn smriti(dir: &std::path::Path, args: &[&str]) -> Output {
    smriti_at(dir, "2026-11-22T10:00:00Z", args)
}

/// [`smriti`] with the clock starting at `now`.
fn smriti_at(dir: &std::path::Path, now: &str, args: &[&str]) -> Output {
    common::smriti()
        .args(args)
        .current_dir(dir)
        .env("SMRITI_SAVES", dir.join("saves"))
        .env("SMRITI_NOW", now)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_wrong_command_line_is_status_2_whatever_the_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["stats", "--deck", "no-such-deck"][..],
        &["study", "no-such-deck"],
        &["study", "no-such-deck", "--plain"],
        &["test", "no-such-deck"],
        &["export", "no-such-deck"],
        &["export", "india-japan-prelims", "--format", "pdf"],
        &["import", "no-such-file.csv"],
        &["import", "x.csv", "--format", "xls"],
        &["study", "india-japan-prelims", "--mode", "speed"],
        &["test", "--marking", "lots"],
        &["test", "-n", "0"],
        &["test", "--minutes", "0"],
        &["exam-date"],
        &["exam-date", "23 May"],
        &["exam-date", "2020-01-01"],
        &["exam-date", "2027-05-23", "--clear"],
        &["exam-mode", "maybe"],
        &["help", "no-such-command"],
        &["no-such-command"],
    ] {
        let out = smriti(dir.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty(), "{args:?} says why");
    }
}

#[test]
fn help_works_for_help_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = smriti(dir.path(), &["help", "--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Usage: smriti help"));
    let out = smriti(dir.path(), &["help", "exam-date"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("Set the day of your exam"), "{help}");
    assert!(help.contains("<DATE|--clear>"), "{help}");
    let out = smriti(dir.path(), &["--help"]);
    assert!(text(&out.stdout).contains("Exit status: 0 done; 1 the command ran and failed"));
    // The enums list their values.
    let out = smriti(dir.path(), &["help", "export"]);
    assert!(
        text(&out.stdout).contains("- md: ")
            && text(&out.stdout).contains("A printable Markdown quiz sheet"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_exam_date_is_today_or_later() {
    let dir = tempfile::tempdir().unwrap();
    // A day the calendar has not is called so (it was asked to be written YYYY-MM-DD).
    let out = smriti(dir.path(), &["exam-date", "2027-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("2027-02-30 is not a day of the calendar"),
        "{}",
        text(&out.stderr)
    );
    let out = smriti(dir.path(), &["exam-date", "2026-11-21"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("2026-11-21 is in the past (today is 2026-11-22)"));
    let out = smriti(dir.path(), &["exam-date", "2026-11-22"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A minute later: with the clock started at the same instant, each run's few milliseconds
    // since its start decide which of two settings changes is the later one (the clear came
    // out first about half the time, and the date stayed set).
    let out = smriti_at(
        dir.path(),
        "2026-11-22T10:01:00Z",
        &["exam-date", "--clear"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).trim(), "Exam date cleared.");
}

#[test]
fn exam_mode_says_one_thing_and_checks_its_argument_first() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        smriti(dir.path(), &["exam-date", "2027-05-23"])
            .status
            .success()
    );
    // A bad argument prints no report.
    let out = smriti(dir.path(), &["exam-mode", "yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    let report = |args: &[&str]| {
        let out = smriti(dir.path(), args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let off = report(&["exam-mode"]);
    assert!(
        off.contains("Exam mode is off. Turn it on with: smriti exam-mode on"),
        "{off}"
    );
    let on = report(&["exam-mode", "on"]);
    assert!(on.contains("Exam mode is now on."), "{on}");
    assert!(!on.contains("Turn it on"), "{on}");
    let shown = report(&["exam-mode"]);
    assert!(
        shown.contains("Exam mode is on. Turn it off with: smriti exam-mode off"),
        "{shown}"
    );
    assert!(!shown.contains("Turn it on"), "{shown}");
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = smriti(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(
            script.contains("exam-date") && script.contains("upsc-csat"),
            "{shell}"
        );
    }
    let out = smriti(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.contains(".TH smriti 1"), "{page}");
    assert!(page.contains("exam\\-date"), "{page}");
}

/// `smriti stats` says what it could not count, on standard error with the place, and still
/// prints the figures of the rest: a damaged log line (skipped, status 0), a missing decks
/// folder or a broken deck file (left out of "all N decks", status 1), a settings file with an
/// error (the defaults used, status 1).
#[test]
fn stats_names_what_it_could_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    std::fs::write(
        saves.join("reviews.abcdefghij.jsonl"),
        "{\"this is\": broken\n",
    )
    .unwrap();
    let out = smriti(dir.path(), &["stats"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("reviews.abcdefghij.jsonl:1:") && err.contains("skipped an unreadable line"),
        "{err}"
    );
    assert!(text(&out.stdout).starts_with("Statistics for all 4 decks"));

    let missing = dir.path().join("no-such-folder");
    let out = smriti(
        dir.path(),
        &["--decks", missing.to_str().unwrap(), "stats", "--json"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no-such-folder: the decks folder does not exist"),
        "{err}"
    );
    assert!(err.contains("left out of these statistics"), "{err}");
    assert!(
        text(&out.stdout).contains("\"decks\""),
        "the figures are still printed"
    );

    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(decks.join("bad.json"), "{\"format\": 1, \"id\": \"bad\"\n").unwrap();
    let out = smriti(dir.path(), &["--decks", decks.to_str().unwrap(), "stats"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.json:2:1: "), "{err}");
    assert!(text(&out.stdout).starts_with("Statistics for all 4 decks"));

    std::fs::remove_file(saves.join("reviews.abcdefghij.jsonl")).unwrap();
    std::fs::write(saves.join("settings.json"), "{\"desired_retention\": 7}").unwrap();
    let out = smriti(dir.path(), &["stats"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("settings.json:1:"), "{err}");
    assert!(err.contains("use the default settings"), "{err}");
}

/// `smriti study --plain` names a decks folder it cannot read, then studies as usual.
#[test]
fn plain_study_names_a_missing_decks_folder() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let mut child = common::smriti()
        .args(["--decks", missing.to_str().unwrap()])
        .args(["study", "india-japan-prelims", "--plain"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", dir.path().join("saves"))
        .env("SMRITI_NOW", "2026-11-22T10:00:00Z")
        .env("TZ", "UTC")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"q\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("no-such-folder: the decks folder does not exist")
            && err.contains("hint: check the path given to --decks"),
        "{err}"
    );
    assert!(text(&out.stdout).contains("studying India–Japan 2025–26"));
}
