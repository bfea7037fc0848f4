//! Snapshots off the answer path: written from a copy while answers go on, stopped when the
//! app quits, and never the only copy of an answer.

use std::sync::Arc;

use jiff::tz::TimeZone;

use super::super::{LEAVE_TAIL, OpenError, Opened, SNAPSHOT_EVERY, day_fn, device, progress_file};

/// `store::open` as the tests' device.
fn open(dir: &std::path::Path, tz: &TimeZone) -> Result<Opened, OpenError> {
    super::super::open(dir, &device::for_tests(), tz)
}
use crate::domain::progress::Event;

/// A Good answer whose stability is its own (every snapshot of a run differs).
fn ev(seq: u64, deck: &str, card: &str) -> Event {
    let mut e = super::super::test_events::good(seq, "2026-11-22T10:00:00Z", deck, card);
    if let Event::Review { state, .. } = &mut e {
        state.stability += seq as f64 / 7.0;
    }
    e
}

/// Records answers `from..from + n` the way the app does (apply, then make durable), spread
/// over `decks` decks.
fn answer(o: &mut Opened, from: u64, n: u64, decks: u64) {
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    for seq in from..from + n {
        let e = ev(seq, &format!("d{}", seq % decks), &format!("c{seq}"));
        o.progress.apply(&e, &day_of);
        o.saves.record(&e).unwrap();
    }
}

/// Files in the folder other than the saves' own (a temporary file left behind).
fn strays(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn the_background_snapshot_holds_the_progress_as_it_was_while_answers_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, u64::from(SNAPSHOT_EVERY), 3);
    assert!(o.saves.snapshot_due());
    let then = o.progress.clone();
    let mark = o.saves.marks();
    o.saves.snapshot_in_background(&o.progress).unwrap();
    assert!(o.saves.writing());
    // The copy shares every deck until an answer changes one: that deck alone is copied.
    let shared = |o: &Opened, d: &str| Arc::ptr_eq(&o.progress.decks[d], &then.decks[d]);
    let next = u64::from(SNAPSHOT_EVERY) + 1;
    answer(&mut o, next, 1, 3); // deck d{next % 3}
    let changed = format!("d{}", next % 3);
    for d in ["d0", "d1", "d2"] {
        assert_eq!(shared(&o, d), d != changed, "{d}");
    }
    o.saves.wait_for_snapshot().unwrap();
    let (on_disk, at) = progress_file::load(&dir.path().join("progress.json"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (on_disk, at),
        (then.clone(), mark.clone()),
        "the progress as it was at its mark"
    );
    // Its binary copy was written after it, and reads the same.
    let json = dir.path().join("progress.json");
    assert_eq!(
        super::super::progress_cache::load(&json),
        Some((then, mark))
    );
    assert_eq!(
        o.saves.snapshot_lag(),
        1,
        "the answer given meanwhile is not in it"
    );
    assert!(!o.saves.snapshot_fresh);
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(
        o.progress, now,
        "the log after the snapshot supplies the rest"
    );
    assert_eq!(o.saves.since_snapshot, 1);
}

#[test]
fn quitting_stops_the_write_under_way_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 30, 2);
    o.saves.snapshot(&o.progress).unwrap();
    let first = std::fs::read(dir.path().join("progress.json")).unwrap();
    // Enough items that the write is still going when it is told to stop, most of the time;
    // what is checked holds either way.
    let events: Vec<Event> = (31..60_031)
        .map(|s| ev(s, "big", &format!("c{s}")))
        .collect();
    let utc = TimeZone::UTC;
    let day_of = day_fn(&utc, 4);
    events.iter().for_each(|e| o.progress.apply(e, &day_of));
    o.saves.record_all(&events).unwrap();
    o.saves.set_snapshot_every(1);
    o.saves.snapshot_in_background(&o.progress).unwrap();
    answer(&mut o, 60_031, 5, 2);
    let lag = o.saves.snapshot_lag();
    assert!(lag >= LEAVE_TAIL, "{lag}");
    // A lagging snapshot is waited for (and would be written up to the last answer if it
    // still lagged by LEAVE_TAIL).
    o.saves.leave(&o.progress).unwrap();
    assert_eq!(
        o.saves.snapshot_lag(),
        5,
        "only the answers given while it was written"
    );
    assert!(!o.saves.writing());
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));

    // A short tail: the write under way is stopped, and nothing is written.
    answer(&mut o, 60_036, u64::from(SNAPSHOT_EVERY), 2);
    let before = std::fs::read(dir.path().join("progress.json")).unwrap();
    assert_ne!(before, first);
    o.saves.snapshot_in_background(&o.progress).unwrap();
    assert!(o.saves.writing());
    o.saves.leave(&o.progress).unwrap();
    assert!(!o.saves.writing());
    // A write that did not stop in time is let go (it would end with the process); here it is
    // waited for, to look at what it left.
    o.saves.wait_for_snapshot().unwrap();
    let after = std::fs::read(dir.path().join("progress.json")).unwrap();
    let stopped = after == before;
    assert!(
        stopped || o.saves.snapshot_lag() == 0,
        "either the old snapshot is left whole, or the write had finished"
    );
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(o.progress, now, "every answer is back, from the log");
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    if stopped {
        assert!(
            o.saves.snapshot_due(),
            "the lagging snapshot is caught up first"
        );
    }
}

#[test]
fn quitting_with_a_short_tail_writes_no_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 3, 1);
    o.saves.snapshot(&o.progress).unwrap();
    let snap = dir.path().join("progress.json");
    let written = std::fs::read(&snap).unwrap();
    // The snapshot written on this thread has its binary copy too, which the next start uses.
    let cached = super::super::progress_cache::load(&snap).map(|(p, _)| p);
    assert_eq!(cached.as_ref(), Some(&o.progress));
    answer(&mut o, 4, 10, 1);
    o.saves.leave(&o.progress).unwrap();
    assert_eq!(std::fs::read(&snap).unwrap(), written, "not rewritten");
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(o.progress, now);
    assert_eq!(
        o.saves.since_snapshot, 10,
        "the ten answers come from the log"
    );
    assert!(o.saves.snapshot_due(), "and a snapshot is due at once");
}

#[test]
fn a_quick_session_on_a_fresh_folder_leaves_its_answers_in_the_log_alone() {
    // A few answers, the end of the session asking for a snapshot, then quitting at once (a
    // scripted `study --plain`): the write quitting stops leaves no `progress.json` (as one
    // not started yet does), and the next start replays the log into the same progress.
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 3, 1);
    o.saves.request_snapshot();
    o.saves.leave(&o.progress).unwrap();
    let snap = dir.path().join("progress.json");
    assert!(!snap.exists(), "quitting wrote no snapshot");
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(o.progress, now, "the log holds every answer");
    assert_eq!(o.saves.since_snapshot, 3);
    assert!(o.saves.snapshot_due(), "a snapshot is due at once");
}

#[test]
fn the_background_writer_brings_the_statistics_up_to_its_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, super::STATS_EVERY, 4);
    o.saves.request_snapshot();
    o.saves.snapshot_in_background(&o.progress).unwrap();
    let mark = o.saves.marks();
    // Answers appended while the totals are read are not counted in them.
    answer(&mut o, super::STATS_EVERY + 1, 7, 4);
    o.saves.wait_for_snapshot().unwrap();
    assert_eq!(o.saves.stats_behind, 7);
    let rule = super::stats_file::DayRule::new(&TimeZone::UTC, 4);
    let (totals, at) = super::stats_file::load(&dir.path().join("stats.json"), &rule).unwrap();
    assert_eq!(at, mark);
    let answers: u32 = totals
        .decks
        .values()
        .flat_map(|d| d.days.values())
        .map(|d| d.answers)
        .sum();
    assert_eq!(u64::from(answers), super::STATS_EVERY);
    // With the log's tail, they are the live totals.
    let live = o.saves.totals().unwrap().clone();
    let read = super::super::reader::totals(dir.path(), &TimeZone::UTC, 4)
        .unwrap()
        .0;
    assert_eq!(read, live);
}

/// The statistics brought up to a snapshot's mark deck by deck, from the binary copy and the
/// log's tail (an answer to a deck the copy has, to a new deck, an undo), are what reading
/// every deck's totals at once and adding the tail gives, and what folding the whole log gives:
/// the same bytes.
#[test]
fn the_statistics_brought_up_deck_by_deck_are_those_read_whole() {
    use crate::domain::progress::{Before, TakenBack};
    use crate::domain::scheduler::Rating;
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 40, 3);
    o.saves.request_snapshot();
    o.saves.stats_behind = super::STATS_EVERY;
    o.saves.snapshot_in_background(&o.progress).unwrap();
    o.saves.wait_for_snapshot().unwrap();
    let stats = dir.path().join("stats.json");
    assert!(super::super::stats_cache::path_for(&stats).exists());
    answer(&mut o, 41, 20, 5);
    let undo = Event::Undo {
        seq: 61,
        at: "2026-11-22T10:01:00Z".parse().unwrap(),
        deck: "d4".into(),
        card: "c59".into(),
        undoes: 59,
        before: Before::New,
        state: None,
        takes_back: Some(TakenBack {
            at: "2026-11-22T10:00:00Z".parse().unwrap(),
            rating: Rating::Good,
            ms: 900,
        }),
    };
    o.saves.record(&undo).unwrap();
    let upto = o.saves.marks();
    answer(&mut o, 62, 3, 5);
    let t = super::snapshot_writer::Totals {
        dir: dir.path().to_owned(),
        tz: TimeZone::UTC,
        rollover_hour: 4,
    };
    let rule = super::stats_file::DayRule::new(&TimeZone::UTC, 4);
    let copy = super::super::stats_cache::path_for(&stats);
    let (whole, marks) =
        super::super::reader::totals_upto(dir.path(), &TimeZone::UTC, 4, Some(&upto)).unwrap();
    assert_eq!(marks, upto);
    let expected = super::stats_file::to_bytes(&whole, &marks, &rule);
    let by_deck = super::snapshot_writer::totals_by_deck(&t, &rule, &upto, &[]);
    assert!(matches!(by_deck, Some(Ok(()))), "{by_deck:?}");
    assert!(std::fs::read(&stats).unwrap() == expected);
    assert_eq!(
        super::stats_file::load(&stats, &rule),
        Some((whole.clone(), upto.clone())),
        "its copy too"
    );
    // Folded from the whole log (no file to start from): the same bytes.
    std::fs::remove_file(&stats).unwrap();
    std::fs::remove_file(&copy).unwrap();
    let (folded, m) =
        super::super::reader::totals_upto(dir.path(), &TimeZone::UTC, 4, Some(&upto)).unwrap();
    assert!(super::stats_file::to_bytes(&folded, &m, &rule) == expected);
    assert!(whole.decks.contains_key("d4") && whole.decks.contains_key("d0"));
    // Without a copy, it cannot be done deck by deck.
    assert!(super::snapshot_writer::totals_by_deck(&t, &rule, &upto, &[]).is_none());
}

/// Quitting while a write is held up past the time it is given (stuck in the disk, or waiting
/// for a core): the write is let go, and nothing of it is left in the folder from that moment,
/// though the process would end before it does (`smriti study --plain` ended right after an
/// answer left `.progress.json.PID-*.tmp` and `.progress.cache.PID-*.tmp` behind); once it
/// goes on, it replaces nothing, and every answer is back at the next start.
#[test]
fn a_write_let_go_on_the_way_out_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 30, 2);
    o.saves.snapshot(&o.progress).unwrap();
    let snap = dir.path().join("progress.json");
    let before = std::fs::read(&snap).unwrap();
    answer(&mut o, 31, u64::from(SNAPSHOT_EVERY), 2);
    let (release, hold) = std::sync::mpsc::channel();
    o.saves.hold_writer = Some(hold);
    o.saves.snapshot_in_background(&o.progress).unwrap();
    assert!(o.saves.writing());
    o.saves.leave(&o.progress).unwrap();
    assert!(!o.saves.writing());
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));
    // The write goes on (here it is waited for; in the app the process ends first).
    release.send(()).unwrap();
    let _ = o.saves.wait_for_snapshot();
    assert!(strays(dir.path()).is_empty(), "{:?}", strays(dir.path()));
    assert_eq!(std::fs::read(&snap).unwrap(), before, "nothing replaced");
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(o.progress, now, "every answer is back, from the log");
}

/// While an answer is being made durable (the foreground held), the writer's CPU work gives
/// way too, not only its disk steps (so that the answer's thread, woken by its fsync, finds a
/// core free); once the answer is durable, the snapshot goes on and is written whole.
#[test]
fn the_writers_cpu_work_gives_way_to_an_answer_being_made_durable() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = open(dir.path(), &TimeZone::UTC).unwrap();
    answer(&mut o, 1, 300, 3);
    let fg = Arc::clone(&o.saves.foreground);
    let busy = fg.hold();
    o.saves.request_snapshot();
    o.saves.snapshot_in_background(&o.progress).unwrap();
    assert!(o.saves.writing());
    // (Bounded, so that a writer that never gives way fails the test rather than hanging it.)
    let start = std::time::Instant::now();
    while fg.yielded() == 0 && start.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::yield_now();
    }
    assert!(
        fg.yielded() > 0,
        "the writer gave way while the answer was held"
    );
    drop(busy);
    o.saves.wait_for_snapshot().unwrap();
    assert_eq!(o.saves.snapshot_lag(), 0, "the snapshot holds every answer");
    let now = o.progress.clone();
    drop(o);
    let o = open(dir.path(), &TimeZone::UTC).unwrap();
    assert_eq!(o.progress, now);
}
