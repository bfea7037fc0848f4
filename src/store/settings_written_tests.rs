//! Tests of `store::settings_written`: a stale `settings.json` (a copy of smriti's own output
//! that a sync tool carried over) is brought up to the settings in use silently; a hand edit is
//! still reported and kept.

use super::*;
use crate::store::SavesLayout;
use crate::store::settings_file::{By, set_exam_date, update_keeping_backup};

fn by(device: &'static str, at: &str) -> By<'static> {
    By {
        device,
        at: at.parse().unwrap(),
    }
}

/// Two machines as in the README: home sets the exam date, the library (later) the retention,
/// each in its own folder; then `rsync -u` both ways: the library's newer `settings.json`
/// wins on both sides, and each gets the other's log.
fn two_machines() -> (tempfile::TempDir, tempfile::TempDir) {
    let (home, libr) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let date = jiff::civil::date(2027, 5, 23);
    let (h, l) = (SavesLayout::new(home.path()), SavesLayout::new(libr.path()));
    set_exam_date(
        &h.settings(),
        by("home", "2026-11-22T09:30:00Z"),
        Some(date),
    )
    .unwrap();
    let (_, backup) =
        update_keeping_backup(&l.settings(), by("libr", "2026-11-23T18:30:00Z"), |s| {
            s.params.desired_retention = 0.85;
        })
        .unwrap();
    assert_eq!(backup, None);
    std::fs::copy(l.settings(), h.settings()).unwrap();
    std::fs::copy(l.settings_of("libr"), h.settings_of("libr")).unwrap();
    std::fs::copy(h.settings_of("home"), l.settings_of("home")).unwrap();
    (home, libr)
}

fn merged_settings() -> Settings {
    let mut s = Settings {
        exam_date: Some(jiff::civil::date(2027, 5, 23)),
        ..Settings::default()
    };
    s.params.desired_retention = 0.85;
    s
}

fn library_file() -> Settings {
    let mut s = Settings::default();
    s.params.desired_retention = 0.85;
    s
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn each_change_records_the_fingerprint_of_the_file_written_with_it() {
    let (home, libr) = two_machines();
    let (h, l) = (SavesLayout::new(home.path()), SavesLayout::new(libr.path()));
    let home_file = Settings {
        exam_date: Some(jiff::civil::date(2027, 5, 23)),
        ..Settings::default()
    };
    assert_eq!(
        read(&l.settings_of("home")),
        format!(
            "{{\"at\":\"2026-11-22T09:30:00Z\",\"exam_date\":\"2027-05-23\",\"wrote\":\"{}\"}}\n",
            print(&home_file)
        )
    );
    assert_eq!(
        read(&h.settings_of("libr")),
        format!(
            "{{\"at\":\"2026-11-23T18:30:00Z\",\"desired_retention\":0.85,\"wrote\":\"{}\"}}\n",
            print(&library_file())
        )
    );
    assert_eq!(read(&h.settings()), read(&l.settings()));
    // The fingerprint is a fixed function of the file's bytes (FNV-1a, 64 bits).
    assert_eq!(print(&Settings::default()).len(), 16);
    assert_ne!(print(&home_file), print(&library_file()));
    assert_eq!(print(&home_file), print(&home_file.clone()));
}

#[test]
fn a_stale_copy_of_smritis_own_file_is_rewritten_with_the_merged_values_and_not_reported() {
    let (home, libr) = two_machines();
    let h = SavesLayout::new(home.path());
    let stale = read(&h.settings());
    assert_eq!(stale, read(&SavesLayout::new(libr.path()).settings()));
    assert!(
        !stale.contains("exam_date"),
        "home got the library's copy: {stale}"
    );
    let home_log = read(&h.settings_of("home"));
    let want = merged_settings();
    let wrote = format!(
        "{{\"at\":\"2026-11-23T18:30:00Z\",\"wrote\":\"{}\"}}\n",
        print(&want)
    );
    let got = in_use(home.path(), "home");
    assert!(got.ok);
    assert_eq!(got.notices, Vec::<String>::new(), "no false alarm");
    assert_eq!(got.settings, want);
    assert_eq!(
        read(&h.settings()),
        String::from_utf8(settings_file::to_bytes(&want)).unwrap(),
        "the file shows the settings in use"
    );
    assert_eq!(read(&h.settings_of("home")), home_log.clone() + &wrote);
    // A line that only records a file sets nothing: the merge is as before.
    assert_eq!(settings_log::read(home.path()).0.len(), 2);
    // A second start changes nothing, and says nothing.
    let again = in_use(home.path(), "home");
    assert_eq!((again.settings, again.notices), (want.clone(), Vec::new()));
    assert_eq!(read(&h.settings_of("home")), home_log.clone() + &wrote);
    // The library, before the next sync, brings its own file up to date too.
    let l = SavesLayout::new(libr.path());
    let got = in_use(libr.path(), "libr");
    assert_eq!((got.settings, got.notices), (want.clone(), Vec::new()));
    assert_eq!(read(&l.settings()), read(&h.settings()));
    // Home's rewritten file carried to the library: its own output, nothing to do.
    std::fs::copy(h.settings(), l.settings()).unwrap();
    std::fs::copy(h.settings_of("home"), l.settings_of("home")).unwrap();
    let libr_log = read(&l.settings_of("libr"));
    let got = in_use(libr.path(), "libr");
    assert_eq!((got.settings, got.notices), (want, Vec::new()));
    assert_eq!(read(&l.settings_of("libr")), libr_log);
}

#[test]
fn a_hand_edit_is_still_reported_and_kept() {
    let (home, _libr) = two_machines();
    let h = SavesLayout::new(home.path());
    in_use(home.path(), "home");
    // The exam date edited by hand in the up-to-date file.
    let edited = read(&h.settings()).replace("\"2027-05-23\"", "\"2027-06-01\"");
    std::fs::write(h.settings(), &edited).unwrap();
    let log = read(&h.settings_of("home"));
    for _ in 0..2 {
        let got = in_use(home.path(), "home");
        assert_eq!(
            got.settings,
            merged_settings(),
            "the change in the log wins"
        );
        assert_eq!(got.notices.len(), 1, "{:?}", got.notices);
        assert!(
            got.notices[0].contains("exam_date is 2027-06-01 there, but a change made in smriti"),
            "{}",
            got.notices[0]
        );
        assert_eq!(read(&h.settings()), edited, "left as edited");
        assert_eq!(read(&h.settings_of("home")), log, "nothing recorded");
    }
    // A hand edit of the stale copy itself (a field no change set) makes it a hand-edited
    // file: its differences are reported as before, and it is left alone.
    let (home, _libr) = two_machines();
    let h = SavesLayout::new(home.path());
    let edited =
        read(&h.settings()).replace("\"reviews_per_day\": 200", "\"reviews_per_day\": 150");
    std::fs::write(h.settings(), &edited).unwrap();
    let got = in_use(home.path(), "home");
    assert_eq!(got.settings.limits.reviews_per_day, 150);
    assert_eq!(got.settings.exam_date, merged_settings().exam_date);
    assert_eq!(got.notices.len(), 1, "{:?}", got.notices);
    assert_eq!(read(&h.settings()), edited);
}

#[test]
fn a_change_made_on_a_hand_edited_file_keeps_the_edit_and_records_no_fingerprint() {
    let (home, _libr) = two_machines();
    let h = SavesLayout::new(home.path());
    in_use(home.path(), "home");
    let edited =
        read(&h.settings()).replace("\"desired_retention\": 0.85", "\"desired_retention\": 0.95");
    std::fs::write(h.settings(), &edited).unwrap();
    crate::store::settings_file::set_exam_mode(
        &h.settings(),
        by("home", "2026-11-24T10:00:00Z"),
        true,
    )
    .unwrap();
    let log = read(&h.settings_of("home"));
    assert!(
        log.ends_with("{\"at\":\"2026-11-24T10:00:00Z\",\"exam_mode\":true}\n"),
        "{log}"
    );
    let got = in_use(home.path(), "home");
    assert!(got.settings.exam_mode);
    assert_eq!(got.settings.params.desired_retention, 0.85);
    assert_eq!(got.notices.len(), 1, "still reported: {:?}", got.notices);
    assert!(read(&h.settings()).contains("\"desired_retention\": 0.95"));
}

#[test]
fn a_file_that_cannot_be_parsed_is_never_overwritten() {
    let (home, _libr) = two_machines();
    let path = SavesLayout::new(home.path()).settings();
    std::fs::write(&path, "{\n  \"exam_date\": oops\n}\n").unwrap();
    let got = in_use(home.path(), "home");
    assert!(!got.ok);
    assert_eq!(
        got.settings,
        merged_settings(),
        "the logs over the defaults"
    );
    assert!(
        got.notices[0].starts_with(&format!("{}:2:16: ", path.display())),
        "{:?}",
        got.notices
    );
    assert_eq!(read(&path), "{\n  \"exam_date\": oops\n}\n");
}
