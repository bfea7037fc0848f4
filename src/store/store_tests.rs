//! Persistence: replay after a crash, snapshots, damaged files left untouched.

use super::*;
use crate::domain::progress::Before;
use crate::domain::scheduler::Rating;
use review_log::Mark;

fn ev(seq: u64, card: &str) -> Event {
    test_events::good(seq, "2026-11-22T10:00:00Z", "d", card)
}

/// `super::open` as the tests' device.
fn open(dir: &Path, tz: &TimeZone) -> Result<Opened, OpenError> {
    super::open(dir, &device::for_tests(), tz)
}

/// `super::rebuild_snapshot` as the tests' device.
fn rebuild_snapshot(dir: &Path, tz: &TimeZone, now: Timestamp) -> Result<Rebuilt, RebuildError> {
    super::rebuild_snapshot(dir, &device::for_tests(), tz, now)
}

/// This device's review log in the saves folder `dir`.
fn own_log(dir: &Path) -> std::path::PathBuf {
    SavesLayout::new(dir).reviews_of(Some(device::for_tests().id()))
}

fn tz() -> TimeZone {
    TimeZone::UTC
}

/// Records `n` answers the way the app does (apply, then make durable).
fn answer(o: &mut Opened, from: u64, n: u64) {
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    for seq in from..from + n {
        let e = ev(seq, &format!("c{seq}"));
        o.progress.apply(&e, &day_of);
        o.saves.record(&e).unwrap();
    }
}

#[test]
fn answers_survive_a_crash_without_any_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 3);
    let before = o.progress.clone();
    drop(o); // a kill -9 writes nothing more
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress, before);
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    assert!(dir.path().join("settings.json").exists());
}

#[test]
fn start_up_replays_only_the_lines_after_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 3);
    o.saves.snapshot(&o.progress).unwrap();
    answer(&mut o, 4, 2);
    let before = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress, before);
    assert_eq!(
        o.saves.since_snapshot, 2,
        "only the two answers after the snapshot were replayed"
    );
}

#[test]
fn a_snapshot_is_taken_every_fifty_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, SNAPSHOT_EVERY as u64 - 1);
    assert!(!o.saves.snapshot_due());
    answer(&mut o, SNAPSHOT_EVERY as u64, 1);
    assert!(o.saves.snapshot_due());
}

#[test]
fn a_corrupt_snapshot_is_reported_left_untouched_and_the_log_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 2);
    drop(o);
    let garbage = b"{\"format\": 1,\n \"log\": {\"seq\": 2,, }\n";
    let snap = dir.path().join("progress.json");
    std::fs::write(&snap, garbage).unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress.deck("d").unwrap().items.len(), 2);
    let notice = &o.notices[0];
    assert!(
        notice.starts_with(&format!("{}:2:19: key must be a string", snap.display())),
        "{notice}"
    );
    assert!(notice.contains("smriti rebuild"), "{notice}");
    answer(&mut o, 3, 1);
    o.saves.snapshot(&o.progress).unwrap();
    assert_eq!(std::fs::read(&snap).unwrap(), garbage, "never overwritten");
    drop(o);
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(
        o.progress.deck("d").unwrap().items.len(),
        3,
        "the answer was logged all the same"
    );
}

#[test]
fn a_newer_snapshot_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("progress.json");
    std::fs::write(&snap, b"{\"format\": 4}").unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    assert!(
        o.notices[0].contains("written by a newer smriti (format 4"),
        "{:?}",
        o.notices
    );
    o.saves.snapshot(&o.progress).unwrap();
    assert_eq!(std::fs::read(&snap).unwrap(), b"{\"format\": 4}");
}

#[test]
fn a_torn_last_line_is_reported_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 2);
    drop(o);
    let log = own_log(dir.path());
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"kind\":\"review\",\"seq\":3,\"at\":\"2026-11-22T1");
    std::fs::write(&log, bytes).unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress.deck("d").unwrap().items.len(), 2);
    assert!(
        o.notices[0].contains(".jsonl:3: the last line was cut off"),
        "{:?}",
        o.notices
    );
    answer(&mut o, 3, 1);
    drop(o);
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress.deck("d").unwrap().items.len(), 3);
    assert!(o.notices.is_empty());
}

#[test]
fn a_log_that_does_not_match_the_snapshot_is_replayed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 3);
    o.saves.snapshot(&o.progress).unwrap();
    drop(o);
    // The user restores an older, shorter log from a backup.
    let log = own_log(dir.path());
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, text.lines().next().unwrap().to_owned() + "\n").unwrap();
    let o = open(dir.path(), &tz()).unwrap();
    assert!(
        o.notices[0].contains("does not match the snapshot"),
        "{:?}",
        o.notices
    );
    assert_eq!(o.progress.deck("d").unwrap().items.len(), 1);
}

#[test]
fn a_second_instance_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _o = open(dir.path(), &tz()).unwrap();
    let err = open(dir.path(), &tz()).unwrap_err().to_string();
    assert!(err.starts_with("another smriti (PID "), "{err}");
}

#[test]
fn rebuild_writes_a_fresh_snapshot_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 2);
    drop(o);
    std::fs::write(dir.path().join("progress.json"), b"garbage").unwrap();
    let now: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
    let r = rebuild_snapshot(dir.path(), &tz(), now).unwrap();
    assert_eq!((r.events, r.items), (2, 2));
    let backup = r.backup.unwrap();
    assert_eq!(std::fs::read(&backup).unwrap(), b"garbage");
    let o = open(dir.path(), &tz()).unwrap();
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    assert_eq!(o.progress.deck("d").unwrap().items.len(), 2);
    assert_eq!(o.saves.since_snapshot, 0);
}

#[test]
fn a_full_disk_keeps_answers_in_memory_retries_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 1);
    o.saves
        .inject_failure(Some(std::io::ErrorKind::StorageFull));
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    let mut errors = Vec::new();
    for seq in 2..=3 {
        let e = ev(seq, &format!("c{seq}"));
        o.progress.apply(&e, &day_of);
        errors.push(o.saves.record(&e).unwrap_err().to_string());
    }
    assert!(
        errors[0].starts_with("could not save 1 answer to "),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("could not save 2 answers to "),
        "{}",
        errors[1]
    );
    assert_eq!(o.saves.pending(), 2);
    // No snapshot while answers are only in memory (it would claim log lines that are not there).
    o.saves.snapshot(&o.progress).unwrap();
    assert!(!dir.path().join("progress.json").exists());
    // Space comes back: the retry writes both, after cutting the half-written line.
    o.saves.inject_failure(None);
    o.saves.flush().unwrap();
    assert_eq!(o.saves.pending(), 0);
    o.saves.snapshot(&o.progress).unwrap();
    let before = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &tz()).unwrap();
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    assert_eq!(o.progress, before);
    let text = std::fs::read_to_string(own_log(dir.path())).unwrap();
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn streamed_rebuild_drops_undone_answers_and_matches_the_in_memory_replay() {
    let dir = tempfile::tempdir().unwrap();
    // More answers than one read batch, on a few cards, with two of them undone.
    let n = super::review_log::READ_BATCH as u64 + 10;
    let mut events = Vec::new();
    for seq in 1..=n {
        let e = if seq == 7 || seq == n - 1 {
            Event::Undo {
                seq,
                at: "2026-11-22T10:00:00Z".parse().unwrap(),
                deck: "d".into(),
                card: format!("c{}", (seq - 1) % 5),
                undoes: seq - 1,
                before: Before::New,
                state: None,
                takes_back: None,
            }
        } else {
            ev(seq, &format!("c{}", seq % 5))
        };
        events.push(e);
    }
    // Written in one go (the app fsyncs each line; that is tested elsewhere and slow here).
    let mut log = Vec::new();
    for e in &events {
        log.extend_from_slice(&super::log_line::to_vec(e).unwrap());
        log.push(b'\n');
    }
    std::fs::write(own_log(dir.path()), log).unwrap();
    let now: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
    let r = rebuild_snapshot(dir.path(), &tz(), now).unwrap();
    assert_eq!(r.events, n as usize);
    let settings = Settings::default();
    let want = crate::domain::replay::rebuild(&events, &settings.params, &day_fn(&tz(), 4));
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.progress, want);
    // Its marks hold the whole log (this device's too): opening reads nothing after it.
    assert_eq!(o.saves.since_snapshot, 0);
    let reps: u32 = want.deck("d").unwrap().items.values().map(|s| s.reps).sum();
    assert_eq!(
        u64::from(reps),
        n - 4,
        "two undos and the two answers they undo"
    );
}

/// `smriti rebuild` of the same log twice writes the same statistics, to the byte: the
/// cards' totals are kept in a map whose order changes from one map to the next. (The copy's
/// stamp of `stats.json`, its modification time, and the head's checksum over it aside.)
#[test]
fn two_rebuilds_of_one_log_write_the_same_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Vec::new();
    for seq in 1..=200u64 {
        let e = ev(seq, &format!("card-{}", seq % 97));
        log.extend_from_slice(&super::log_line::to_vec(&e).unwrap());
        log.push(b'\n');
    }
    std::fs::write(own_log(dir.path()), log).unwrap();
    let now: Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
    let files = SavesLayout::new(dir.path());
    let cache = stats_cache::path_for(&files.stats());
    let written = || {
        rebuild_snapshot(dir.path(), &tz(), now).unwrap();
        let mut copy = std::fs::read(&cache).unwrap();
        let magic = b"smriti-stats-cache\n".len();
        assert!(copy.starts_with(b"smriti-stats-cache\n"));
        // Magic, format, checksum (4), head length (4), then the JSON's length and mtime.
        copy[magic + 4..magic + 8].fill(0);
        copy[magic + 20..magic + 28].fill(0);
        (std::fs::read(files.stats()).unwrap(), copy)
    };
    let first = written();
    for _ in 0..3 {
        let again = written();
        assert!(again.0 == first.0, "stats.json differs");
        assert!(again.1 == first.1, "stats.cache differs");
    }
}

/// Quitting without answering leaves a current snapshot alone (rewriting it costs ~100 ms at
/// 100,000 cards); an answer, or an older format, makes the next snapshot write.
#[cfg(unix)]
#[test]
fn a_snapshot_that_holds_every_answer_is_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("progress.json");
    let ino = || std::fs::metadata(&snap).unwrap().ino();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 2);
    o.saves.snapshot(&o.progress).unwrap();
    let first = ino();
    o.saves.snapshot(&o.progress).unwrap();
    assert_eq!(ino(), first, "nothing new: not rewritten");
    drop(o);

    let mut o = open(dir.path(), &tz()).unwrap();
    o.saves.request_snapshot();
    o.saves.snapshot(&o.progress).unwrap();
    assert_eq!(ino(), first, "reopened with nothing new: not rewritten");
    assert!(!o.saves.snapshot_due());
    answer(&mut o, 3, 1);
    o.saves.snapshot(&o.progress).unwrap();
    let second = ino();
    assert_ne!(second, first, "an answer: rewritten");
    drop(o);

    // An older format is brought up to date at the first snapshot, answers or not.
    let old = tempfile::tempdir().unwrap();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saves");
    std::fs::copy(
        format!("{fixtures}/progress-v1.json"),
        old.path().join("progress.json"),
    )
    .unwrap();
    std::fs::copy(
        format!("{fixtures}/reviews-v1.jsonl"),
        // The legacy log of a smriti before per-device logs: read as it is.
        SavesLayout::new(old.path()).reviews(),
    )
    .unwrap();
    let mut o = open(old.path(), &tz()).unwrap();
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    o.saves.snapshot(&o.progress).unwrap();
    let text = std::fs::read_to_string(old.path().join("progress.json")).unwrap();
    assert!(text.starts_with("{\n  \"format\": 3,"), "{text}");
}

/// Answers computed live (fuzz on; early, late and same-day answers), written to the
/// log, read back and snapshotted, give the same `progress.json`, byte for byte, as `smriti
/// rebuild` replaying the log: every stability and difficulty survives the log's JSON and the
/// replay to the last bit (serde_json's `float_roundtrip`).
#[test]
fn rebuild_gives_the_live_snapshot_bit_for_bit() {
    use crate::domain::deck::ItemKey;
    use crate::domain::session::{Answer, answer_item};
    let dir = tempfile::tempdir().unwrap();
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    let params = Settings::default().params;
    let mut live = Progress::default();
    let mut events = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let start: Timestamp = "2026-01-05T09:00:00Z".parse().unwrap();
    for day in 0..120i64 {
        for pass in 0..4i64 {
            let now = start
                + jiff::SignedDuration::from_hours(24 * day)
                + jiff::SignedDuration::from_mins(11 * pass + (next() % 7) as i64);
            for c in 0..30u64 {
                let key = ItemKey::parse(&format!("c{c}"));
                let state = live.deck("d").and_then(|d| d.items.get(&key)).cloned();
                let due = match &state {
                    None => c / 5 <= day as u64 && pass == 0,
                    Some(s) => s.due <= now || next() % 23 == 0,
                };
                if !due {
                    continue;
                }
                let rating = Rating::ALL[[0, 1, 2, 2, 2, 2, 3][(next() % 7) as usize]];
                let e = answer_item(
                    &mut live,
                    &"d".into(),
                    &key,
                    rating,
                    now,
                    Answer::flashcard(4_000),
                    &params,
                    &day_of,
                );
                events.push(e);
            }
        }
    }
    assert!(events.len() > 1_000, "{} answers", events.len());
    let mut log = Vec::new();
    for e in &events {
        log.extend_from_slice(&super::log_line::to_vec(e).unwrap());
        log.push(b'\n');
    }
    std::fs::write(own_log(dir.path()), log).unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    assert_eq!(o.progress, live, "the log reads back bit for bit");
    o.saves.snapshot(&o.progress).unwrap();
    drop(o);
    let snapshot = std::fs::read(dir.path().join("progress.json")).unwrap();
    let now: Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
    rebuild_snapshot(dir.path(), &tz(), now).unwrap();
    let rebuilt = std::fs::read(dir.path().join("progress.json")).unwrap();
    assert!(
        snapshot == rebuilt,
        "rebuild changed the snapshot:\n{}",
        String::from_utf8_lossy(&rebuilt)
    );
    let o = open(dir.path(), &tz()).unwrap();
    for (key, s) in &live.deck("d").unwrap().items {
        let r = &o.progress.deck("d").unwrap().items[&key];
        assert_eq!(r.stability.to_bits(), s.stability.to_bits(), "{key}");
        assert_eq!(r.difficulty.to_bits(), s.difficulty.to_bits(), "{key}");
    }
}

/// A mock-test result that cannot be written (full disk) stays in memory, is retried with the
/// next save, and lands whole; until then it counts as pending, so quitting reports it.
#[test]
fn a_full_disk_keeps_test_results_in_memory_and_retries_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    let rec = super::tests_log::tests::sample();
    o.saves
        .inject_failure(Some(std::io::ErrorKind::StorageFull));
    let err = o.saves.record_test(rec.clone()).unwrap_err().to_string();
    assert!(
        err.starts_with("could not save 1 test result to ")
            && err.contains("kept in memory and retried"),
        "{err}"
    );
    assert_eq!(o.saves.pending(), 1);
    assert!(o.saves.flush().is_err(), "still full");
    o.saves.inject_failure(None);
    o.saves.flush().unwrap();
    assert_eq!(o.saves.pending(), 0);
    let (back, problems) = super::tests_log::read_in(dir.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, [rec]);
}

/// A torn last line in `tests.jsonl` is repaired when the saves folder opens, and the user is
/// told where its bytes went.
#[test]
fn opening_the_saves_folder_repairs_a_torn_tests_log() {
    let dir = tempfile::tempdir().unwrap();
    let own = SavesLayout::new(dir.path()).tests_of(Some(device::for_tests().id()));
    std::fs::write(&own, b"{\"v\":1,\"sta").unwrap();
    let o = open(dir.path(), &tz()).unwrap();
    assert_eq!(o.notices.len(), 1, "{:?}", o.notices);
    assert!(
        o.notices[0].contains(".jsonl:1: the last line was cut off")
            && o.notices[0].contains(".jsonl.torn-0"),
        "{}",
        o.notices[0]
    );
    assert_eq!(std::fs::read(&own).unwrap(), b"");
}

/// Writes `events` as a review log, one line each (the app fsyncs each line; not needed here).
fn write_log(dir: &Path, events: &[Event]) -> u64 {
    let mut log = Vec::new();
    for e in events {
        log.extend_from_slice(&super::log_line::to_vec(e).unwrap());
        log.push(b'\n');
    }
    std::fs::write(own_log(dir), &log).unwrap();
    log.len() as u64
}

fn undo(seq: u64, undoes: u64, card: &str) -> Event {
    Event::Undo {
        seq,
        at: "2026-11-22T10:05:00Z".parse().unwrap(),
        deck: "d".into(),
        card: card.into(),
        undoes,
        before: Before::New,
        state: None,
        takes_back: None,
    }
}

/// Fixture: five answers in the log, and a snapshot that covers the whole file but whose counter
/// says #2 (or a hostile 2^64−1). The snapshot is stale: the next number comes from the log, so
/// a new answer and its undo never touch an old answer (before, the new answer reused #3, its
/// undo also cancelled the old #3, and card c3 vanished after `rebuild`).
#[test]
fn a_snapshot_whose_counter_lags_the_log_is_stale_and_numbers_stay_unique() {
    for claimed in [2, u64::MAX] {
        let dir = tempfile::tempdir().unwrap();
        let events: Vec<Event> = (1..=5).map(|s| ev(s, &format!("c{s}"))).collect();
        let len = write_log(dir.path(), &events);
        let utc = TimeZone::UTC;
        let day_of = day_fn(&utc, 4);
        let mut first_two = Progress::default();
        for e in &events[..2] {
            first_two.apply(e, &day_of);
        }
        let mark = Mark {
            seq: claimed,
            offset: len,
            lines: 5,
            at: None,
        };
        std::fs::write(
            dir.path().join("progress.json"),
            progress_file::to_bytes(&first_two, &{
                let mut marks = logs::Marks::default();
                marks.set(device::for_tests().id(), mark);
                marks
            }),
        )
        .unwrap();

        let mut o = open(dir.path(), &tz()).unwrap();
        assert_eq!(o.progress.last_seq, 5, "claimed #{claimed}");
        assert!(
            o.notices
                .iter()
                .any(|n| n.contains("does not match the snapshot")),
            "{:?}",
            o.notices
        );
        assert_eq!(o.progress.deck("d").unwrap().items.len(), 5);
        // Answer a new card, then take it back, as a session does.
        let seq = o.progress.next_seq();
        assert_eq!(seq, 6);
        let new = ev(seq, "new");
        o.progress.apply(&new, &day_of);
        o.saves.record(&new).unwrap();
        let back = undo(o.progress.next_seq(), seq, "new");
        o.progress.apply(&back, &day_of);
        o.saves.record(&back).unwrap();
        drop(o);
        rebuild_snapshot(dir.path(), &tz(), "2026-11-23T00:00:00Z".parse().unwrap()).unwrap();
        let o = open(dir.path(), &tz()).unwrap();
        let mut cards: Vec<String> = o
            .progress
            .deck("d")
            .unwrap()
            .items
            .keys()
            .map(|k| k.to_string())
            .collect();
        cards.sort();
        assert_eq!(cards, ["c1", "c2", "c3", "c4", "c5"], "claimed #{claimed}");
    }
}

/// The store refuses to write an answer whose number is not after the last one in the log
/// (the last line of defence for unique numbers); it is not kept for a retry either.
#[test]
fn an_answer_that_repeats_a_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 3);
    let err = o.saves.record(&ev(3, "again")).unwrap_err().to_string();
    assert!(
        err.contains("answer #3 was not saved") && err.contains("#3"),
        "{err}"
    );
    assert_eq!(o.saves.pending(), 0);
    let text = std::fs::read_to_string(own_log(dir.path())).unwrap();
    assert_eq!(text.lines().count(), 3);
}

/// Fixture: a log whose last answer is numbered 2^64−1 (an edited file). The next number would
/// wrap to #0; smriti refuses to add to it, naming the line and what to do (before, the next
/// answer was numbered #0).
#[test]
fn a_log_at_the_top_of_the_numbers_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_log(dir.path(), &[ev(1, "a"), ev(u64::MAX, "b")]);
    let err = open(dir.path(), &tz()).unwrap_err().to_string();
    assert!(
        err.contains(".jsonl:2: answer number 18446744073709551615 is beyond any smriti writes"),
        "{err}"
    );
    assert!(
        err.contains("hint: smriti did not write that line"),
        "{err}"
    );
    // The refusal happens before anything is written.
    let text = std::fs::read_to_string(own_log(dir.path())).unwrap();
    assert_eq!(text.lines().count(), 2);
}

/// The saves folder deleted or moved away while the app runs: answers are not written into a
/// folder nobody will read again; they stay in memory, and land when it is back (before, they
/// were "saved" into the deleted folder and lost).
#[test]
fn a_saves_folder_moved_away_while_running_keeps_answers_until_it_is_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("saves");
    let mut o = open(&dir, &tz()).unwrap();
    answer(&mut o, 1, 1);
    std::fs::rename(&dir, root.path().join("elsewhere")).unwrap();
    let e = ev(2, "c2");
    let err = o.saves.record(&e).unwrap_err().to_string();
    assert!(
        err.contains("could not save 1 answer") && err.contains("is gone"),
        "{err}"
    );
    assert_eq!(o.saves.pending(), 1);
    std::fs::rename(root.path().join("elsewhere"), &dir).unwrap();
    o.saves.flush().unwrap();
    assert_eq!(o.saves.take_landed(), [1, 2]);
    let text = std::fs::read_to_string(own_log(&dir)).unwrap();
    assert_eq!(text.lines().count(), 2);
}

/// `reviews.jsonl` deleted while the app runs: appends would go to a file nobody can read, so
/// the answer is kept in memory and the user told.
#[test]
fn a_review_log_deleted_while_running_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &tz()).unwrap();
    answer(&mut o, 1, 1);
    std::fs::remove_file(own_log(dir.path())).unwrap();
    let err = o.saves.record(&ev(2, "c2")).unwrap_err().to_string();
    assert!(err.contains(".jsonl was deleted or replaced"), "{err}");
    assert_eq!(o.saves.pending(), 1);
}

/// The shipped challenges deck declares cards that test the same fact as one group: the
/// five-challenges list card and its "what is missing?" cards never share a study day.
#[test]
fn the_shipped_list_card_and_its_missing_item_cards_are_one_group() {
    let (name, text) = crate::store::decks::built_in()
        .iter()
        .find(|(n, _)| n.contains("challenges"))
        .copied()
        .unwrap();
    let deck = crate::store::deck_file::parse(name, text).unwrap();
    let outline = deck.outline();
    let id = |i: usize| outline.cards[i].0.as_str();
    let group = outline
        .groups
        .iter()
        .find(|g| g.iter().any(|&i| id(i) == "five-challenges"))
        .expect("a group with the list card");
    let ids: Vec<&str> = group.iter().map(|&i| id(i)).collect();
    for want in [
        "challenge-1",
        "challenge-5",
        "q-not-challenge",
        "mu-challenges",
    ] {
        assert!(ids.contains(&want), "{ids:?}");
    }
}

/// The statistics' running totals kept answer by answer (an undo taking back what its answer
/// added, across snapshots and a restart) equal the totals `smriti rebuild` folds from the
/// whole log, and what `stats.json` plus the log's tail give a reader.
#[test]
fn live_statistics_totals_equal_the_rebuilt_ones() {
    use crate::domain::progress::TakenBack;
    let dir = tempfile::tempdir().unwrap();
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    let at =
        |i: u64| -> Timestamp { Timestamp::from_second(1_790_000_000 + i as i64 * 7_919).unwrap() };
    let answer = |seq: u64| {
        let Event::Review {
            seq: s,
            deck,
            card,
            mode,
            verdict,
            before,
            state,
            ..
        } = ev(seq, &format!("c{}", seq % 7))
        else {
            unreachable!()
        };
        Event::Review {
            seq: s,
            at: at(seq),
            deck,
            card,
            rating: Rating::ALL[(seq % 4) as usize],
            mode,
            ms: 100 * seq,
            verdict,
            before: if seq.is_multiple_of(3) {
                Before::Review
            } else {
                before
            },
            state,
        }
    };
    let undo_of = |seq: u64, e: &Event| {
        let Event::Review {
            seq: undoes,
            at,
            deck,
            card,
            rating,
            ms,
            before,
            ..
        } = e
        else {
            unreachable!()
        };
        Event::Undo {
            seq,
            at: *at,
            deck: deck.clone(),
            card: card.clone(),
            undoes: *undoes,
            before: *before,
            state: None,
            takes_back: Some(TakenBack {
                at: *at,
                rating: *rating,
                ms: *ms,
            }),
        }
    };
    let mut o = open(dir.path(), &tz()).unwrap();
    let mut seq = 0;
    let record = |o: &mut Opened, undo_last: bool, seq: &mut u64| {
        *seq += 1;
        let e = answer(*seq);
        o.progress.apply(&e, &day_of);
        o.saves.record(&e).unwrap();
        if undo_last {
            *seq += 1;
            let u = undo_of(*seq, &e);
            o.progress.apply(&u, &day_of);
            o.saves.record(&u).unwrap();
        }
    };
    for i in 0..20 {
        record(&mut o, i % 6 == 5, &mut seq);
    }
    // The first snapshot folds the log (no stats.json yet) and keeps the totals.
    o.saves.snapshot(&o.progress).unwrap();
    for i in 0..20 {
        record(&mut o, i % 4 == 1, &mut seq);
    }
    o.saves.snapshot(&o.progress).unwrap();
    for _ in 0..5 {
        record(&mut o, false, &mut seq);
    }
    drop(o);
    // Reopened: stats.json and the five answers after it.
    let mut o = open(dir.path(), &tz()).unwrap();
    for i in 0..6 {
        record(&mut o, i % 2 == 0, &mut seq);
    }
    let live = o.saves.totals().unwrap().clone();
    o.saves.snapshot(&o.progress).unwrap();
    drop(o);
    assert_eq!(reader::totals(dir.path(), &tz(), 4).unwrap().0, live);

    let now: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    std::fs::remove_file(SavesLayout::new(dir.path()).stats()).unwrap();
    rebuild_snapshot(dir.path(), &tz(), now).unwrap();
    let rule = stats_file::DayRule::new(&tz(), 4);
    let (rebuilt, _) = stats_file::load(&SavesLayout::new(dir.path()).stats(), &rule).unwrap();
    assert_eq!(rebuilt, live);
    assert!(live.decks["d"].days.len() > 5, "{:?}", live.decks["d"].days);
}
