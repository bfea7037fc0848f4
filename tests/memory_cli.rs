//! `smriti optimize` (and, as they land, `retention` and `plan`) on the real binary, with the
//! review log of a synthetic learner whose memory follows FSRS-6 with non-default weights.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::io::Write;
use std::path::Path;

use jiff::tz::TimeZone;
use smriti::domain::memory::synthetic::{FAR_WEIGHTS, Learner, review_log};
use smriti::domain::scheduler::{DEFAULT_WEIGHTS, Params};
use smriti::domain::time::StudyDay;

mod common;

/// Writes the learner's log into `saves` and returns the instant after its last answer.
fn write_log(saves: &Path, cards: usize, days: i64) -> String {
    let learner = Learner {
        weights: FAR_WEIGHTS,
        cards,
        new_per_day: 10,
        days,
        seed: 3,
        start: "2026-01-05T09:00:00Z".parse().unwrap(),
    };
    let day_of = |t| StudyDay::containing(t, &TimeZone::UTC, 4).date;
    let log = review_log(&learner, &Params::default(), &day_of);
    let mut f = std::fs::File::create(saves.join("reviews.jsonl")).unwrap();
    for e in &log {
        f.write_all(&smriti::store::log_line::to_vec(e).unwrap())
            .unwrap();
        f.write_all(b"\n").unwrap();
    }
    (learner.start + jiff::SignedDuration::from_hours(24 * days)).to_string()
}

fn smriti(saves: &Path, now: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = common::smriti()
        .arg("--saves")
        .arg(saves)
        .args(args)
        .env("SMRITI_NOW", now)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn weights(saves: &Path) -> Vec<f64> {
    let text = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// The log-loss column of the row starting with `name`.
fn log_loss(out: &str, name: &str) -> f64 {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no {name:?} row in\n{out}"));
    line.split_whitespace().nth(2).unwrap().parse().unwrap()
}

#[test]
fn optimize_fits_a_learner_far_from_the_defaults_and_saves_only_when_better() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path();
    let now = write_log(saves, 800, 120);
    std::fs::write(saves.join("settings.json"), "{\"new_cards_per_day\": 12}\n").unwrap();

    let (code, out) = smriti(saves, &now, &["optimize", "--dry-run"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("--dry-run: settings.json is unchanged"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(saves.join("settings.json")).unwrap(),
        "{\"new_cards_per_day\": 12}\n"
    );

    let (code, out) = smriti(saves, &now, &["optimize"]);
    assert_eq!(code, Some(0), "{out}");
    let (current, fitted) = (
        log_loss(&out, "current parameters"),
        log_loss(&out, "fitted parameters"),
    );
    assert!(fitted < current - 0.005, "{out}");
    assert!(out.contains("They are better: saved to"), "{out}");
    let saved = weights(saves);
    assert_ne!(saved, DEFAULT_WEIGHTS.to_vec());
    // The old file is kept, and the new one keeps the user's other settings.
    let backup = std::fs::read_dir(saves)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("settings.json.bak-")
        })
        .expect("a backup");
    assert_eq!(
        std::fs::read_to_string(backup.path()).unwrap(),
        "{\"new_cards_per_day\": 12}\n"
    );
    let text = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    assert!(text.contains("\"new_cards_per_day\": 12"), "{text}");

    // Fitting again starts from the saved weights: it saves only what beats them.
    let (code, out) = smriti(saves, &now, &["optimize"]);
    assert_eq!(code, Some(0), "{out}");
    if out.contains("no better") {
        assert_eq!(weights(saves), saved);
    } else {
        assert!(out.contains("They are better: saved to"), "{out}");
        assert_ne!(weights(saves), saved);
    }
}

#[test]
fn optimize_with_too_few_reviews_says_how_many_more_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path();
    let now = write_log(saves, 40, 20);
    let (code, out) = smriti(saves, &now, &["optimize"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("smriti: not enough reviews to fit"), "{out}");
    assert!(out.contains("fitting needs 400, so about"), "{out}");
    assert!(!out.contains("fitted parameters"), "{out}");
    assert!(!saves.join("settings.json").exists());
    // A dry run had nothing to do, and did it: exit 0, with the same reason.
    let (code, out) = smriti(saves, &now, &["optimize", "--dry-run"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Not enough reviews to fit"), "{out}");
    assert!(
        out.contains("--dry-run: settings.json is unchanged"),
        "{out}"
    );
    assert!(!saves.join("settings.json").exists());
}

#[test]
fn retention_shows_the_trade_off_and_saves_the_one_picked() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path();
    let now = write_log(saves, 200, 30);
    let (code, out) = smriti(saves, &now, &["retention", "--days", "60"]);
    assert_eq!(code, Some(0), "{out}");
    for r in [
        "0.70", "0.75", "0.80", "0.85", "0.90", "0.93", "0.95", "0.97",
    ] {
        assert_eq!(
            out.lines()
                .filter(|l| l.trim_start().starts_with(r))
                .count(),
            2,
            "a table row and a chart row for {r}:\n{out}"
        );
    }
    assert!(out.contains("0.90") && out.contains("← now"), "{out}");
    assert!(out.contains('█'), "{out}");
    assert!(
        !saves.join("settings.json").exists(),
        "showing changes nothing"
    );

    let (code, out) = smriti(saves, &now, &["retention", "--set", "0.85"]);
    assert_eq!(code, Some(0), "{out}");
    let text = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    assert!(text.contains("\"desired_retention\": 0.85"), "{text}");
    let (code, out) = smriti(saves, &now, &["retention", "--set", "0.99"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("outside 0.70–0.97"), "{out}");
}

/// The columns of the `best plan` row: new/day, retention, exam mode.
fn best_row(out: &str) -> (usize, f64, String) {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("best plan"))
        .unwrap_or_else(|| panic!("no best plan in\n{out}"));
    let f: Vec<&str> = line.split_whitespace().collect();
    (
        f[2].parse().unwrap(),
        f[3].parse().unwrap(),
        f[4].to_owned(),
    )
}

#[test]
fn plan_finds_all_cards_for_a_huge_budget_none_for_a_tiny_one_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path();
    let now = write_log(saves, 100, 10);
    let exam = "2026-03-16"; // 60 days after the log ends
    let (code, out) = smriti(saves, &now, &["plan", "--minutes", "0.01", "--exam", exam]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(best_row(&out).0, 0, "{out}");

    let (code, out) = smriti(
        saves,
        &now,
        &["plan", "--minutes", "100000", "--exam", exam],
    );
    assert_eq!(code, Some(0), "{out}");
    let (new, retention, _) = best_row(&out);
    let cards: usize = out
        .lines()
        .next()
        .and_then(|l| l.split(" new.").next())
        .and_then(|l| l.rsplit(", ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of new cards in\n{out}"));
    assert!(
        new * 60 >= cards,
        "every new card learned by the exam:\n{out}"
    );
    assert!(retention >= 0.9, "{out}");
    assert!(out.contains("┄"), "the budget line in the chart:\n{out}");

    let (code, out) = smriti(
        saves,
        &now,
        &["plan", "--minutes", "100000", "--exam", exam, "--apply"],
    );
    assert_eq!(code, Some(0), "{out}");
    let text = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    assert!(text.contains("\"exam_date\": \"2026-03-16\""), "{text}");
    assert!(
        text.contains(&format!("\"desired_retention\": {retention}")),
        "{text}"
    );
}
