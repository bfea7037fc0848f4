//! Tests of `store::settings_log`: the settings the app changes, as events of each device.

use super::*;
use crate::store::settings_file::{self, By};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn retention(r: f64, when: &str) -> Change {
    Change {
        at: at(when),
        desired_retention: Some(r),
        ..Change::default()
    }
}

/// Every device's changes merge by time, the later winning, field by field, whatever the
/// device: an exam date set at home survives a retention set later at the library.
#[test]
fn changes_merge_by_time_and_the_later_wins_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    let exam = Change {
        at: at("2026-11-21T08:00:00Z"),
        exam_date: Some(Some(jiff::civil::date(2027, 5, 23))),
        ..Change::default()
    };
    append(
        &files.settings_of("home"),
        &retention(0.85, "2026-11-20T08:00:00Z"),
    )
    .unwrap();
    append(&files.settings_of("home"), &exam).unwrap();
    append(
        &files.settings_of("libr"),
        &retention(0.8, "2026-11-22T08:00:00Z"),
    )
    .unwrap();
    let (s, _) = effective(dir.path(), Settings::default());
    assert_eq!(s.params.desired_retention, 0.8);
    assert_eq!(s.exam_date, Some(jiff::civil::date(2027, 5, 23)));
    // A later clear on the other machine clears it.
    let clear = Change {
        at: at("2026-11-23T08:00:00Z"),
        exam_date: Some(None),
        ..Change::default()
    };
    append(&files.settings_of("libr"), &clear).unwrap();
    let line = std::fs::read_to_string(files.settings_of("libr")).unwrap();
    assert!(
        line.ends_with("{\"at\":\"2026-11-23T08:00:00Z\",\"exam_date\":null}\n"),
        "{line}"
    );
    assert_eq!(effective(dir.path(), Settings::default()).0.exam_date, None);
}

/// The decided rule between a hand edit of `settings.json` and an app's change: the app's
/// change is the latest word on its field (a sync tool may carry either machine's copy of the
/// file); smriti says so and names the command that changes it. Fields no app changes come
/// from the file.
#[test]
fn an_apps_change_wins_over_the_file_and_a_difference_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    append(
        &files.settings_of("home"),
        &retention(0.85, "2026-11-20T08:00:00Z"),
    )
    .unwrap();
    let mut hand = Settings::default();
    hand.params.desired_retention = 0.95;
    hand.limits.reviews_per_day = 77;
    let (s, notices) = effective(dir.path(), hand);
    assert_eq!(s.params.desired_retention, 0.85);
    assert_eq!(s.limits.reviews_per_day, 77, "the file's own fields");
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("desired_retention"), "{}", notices[0]);
    assert!(
        notices[0].contains("smriti retention --set"),
        "{}",
        notices[0]
    );
}

/// `settings_file`'s writers record the change in the device's log, show it in
/// `settings.json`, and return the settings in use: another machine's change to another field
/// is kept, not overwritten with the file's stale value.
#[test]
fn a_change_through_settings_file_is_an_event_and_keeps_the_other_machines_change() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    append(
        &files.settings_of("libr"),
        &retention(0.8, "2026-11-20T08:00:00Z"),
    )
    .unwrap();
    let by = By {
        device: "home",
        at: at("2026-11-21T08:00:00Z"),
    };
    let s = settings_file::set_exam_mode(&files.settings(), by, true).unwrap();
    assert!(s.exam_mode);
    assert_eq!(
        s.params.desired_retention, 0.8,
        "the other machine's change is in use"
    );
    let log = std::fs::read_to_string(files.settings_of("home")).unwrap();
    // With the fingerprint of the file written (`settings_written`), which shows the other
    // machine's change too.
    let mut file = Settings {
        exam_mode: true,
        ..Settings::default()
    };
    file.params.desired_retention = 0.8;
    assert_eq!(
        log,
        format!(
            "{{\"at\":\"2026-11-21T08:00:00Z\",\"exam_mode\":true,\"wrote\":\"{}\"}}\n",
            crate::store::settings_file::print(&file)
        )
    );
    let file = std::fs::read_to_string(files.settings()).unwrap();
    assert!(file.contains("\"exam_mode\": true"), "{file}");
    // Setting what is already in use records nothing.
    settings_file::set_exam_mode(&files.settings(), by, true).unwrap();
    assert_eq!(
        std::fs::read_to_string(files.settings_of("home")).unwrap(),
        log
    );
}

/// A torn last line of this device's own log (a crash mid-append) is moved aside before the
/// next change; another device's line still arriving is not read until it is whole; a value
/// smriti would not write is skipped with a notice.
#[test]
fn torn_half_delivered_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    let mine = files.settings_of("home");
    std::fs::write(&mine, "{\"at\":\"2026-11-20T08:00:00Z\",\"exam_mo").unwrap();
    append(&mine, &retention(0.85, "2026-11-21T08:00:00Z")).unwrap();
    assert_eq!(
        std::fs::read_to_string(layout::torn(&mine, 0)).unwrap(),
        "{\"at\":\"2026-11-20T08:00:00Z\",\"exam_mo"
    );
    let theirs = files.settings_of("libr");
    std::fs::write(
        &theirs,
        "{\"at\":\"2026-11-22T08:00:00Z\",\"desired_retention\":0.7",
    )
    .unwrap();
    let mut shown = Settings::default();
    shown.params.desired_retention = 0.85;
    let (s, notices) = effective(dir.path(), shown.clone());
    assert_eq!(
        s.params.desired_retention, 0.85,
        "the half line is not read yet"
    );
    assert!(notices.is_empty(), "{notices:?}");
    std::fs::write(
        &theirs,
        "{\"at\":\"2026-11-22T08:00:00Z\",\"desired_retention\":1.7}\n",
    )
    .unwrap();
    let (s, notices) = effective(dir.path(), shown);
    assert_eq!(s.params.desired_retention, 0.85);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("not between 0 and 1"), "{notices:?}");
}

/// One device's changes keep the order its log holds them, whatever their times say: a clock
/// set back (or two runs started from the same `SMRITI_NOW`) must not let an earlier "set"
/// undo a later "clear". Across devices the merge is still by time.
#[test]
fn a_devices_own_changes_keep_their_log_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    let set = Change {
        at: at("2026-11-21T08:00:05Z"),
        exam_date: Some(Some(jiff::civil::date(2027, 5, 23))),
        ..Change::default()
    };
    let clear = Change {
        at: at("2026-11-21T08:00:01Z"),
        exam_date: Some(None),
        ..Change::default()
    };
    append(&files.settings_of("home"), &set).unwrap();
    append(&files.settings_of("home"), &clear).unwrap();
    assert_eq!(effective(dir.path(), Settings::default()).0.exam_date, None);
    // Across devices the heads compare by time: the library's change (08:00:03) is earlier
    // than home's first (08:00:05), so it comes first, and home's clear, last in its log,
    // still wins. Sorting every change by time alone would end on home's set.
    append(
        &files.settings_of("libr"),
        &Change {
            at: at("2026-11-21T08:00:03Z"),
            exam_date: Some(Some(jiff::civil::date(2027, 6, 1))),
            ..Change::default()
        },
    )
    .unwrap();
    let (changes, _) = read(dir.path());
    let order: Vec<&str> = changes.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(order, ["libr", "home", "home"]);
    assert_eq!(effective(dir.path(), Settings::default()).0.exam_date, None);
}

/// Forward compatibility (docs/save-format.md): a line with a field a newer smriti adds is
/// read for the fields this one knows (an older smriti refused every line with `wrote`, and
/// with it the change the line made).
#[test]
fn a_line_with_a_newer_field_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let log = SavesLayout::new(dir.path()).settings_of("aaaa1111");
    std::fs::write(
        &log,
        concat!(
            r#"{"at":"2026-11-20T09:00:00Z","exam_mode":true,"wrote":"x","later":{"a":[1]}}"#,
            "\n"
        ),
    )
    .unwrap();
    let (changes, problems) = read(dir.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].1.exam_mode, Some(true));
    assert_eq!(writes(dir.path()), vec!["x".to_owned()]);
}
