//! Tests of `store::logs`: several devices' logs in one saves folder, merged.

use super::*;
use crate::domain::progress::{Before, Mode, Progress};
use crate::domain::scheduler::{CardState, Phase, Rating};
use crate::store::layout::SavesLayout;
use crate::store::{device, log_line};

fn state(at: Timestamp, reps: u32) -> CardState {
    CardState {
        phase: Phase::Review,
        step: None,
        stability: f64::from(reps),
        difficulty: 5.0,
        due: at,
        last_review: at,
        reps,
        lapses: 0,
    }
}

fn review(seq: u64, at: &str, card: &str, reps: u32) -> Event {
    let at: Timestamp = at.parse().unwrap();
    Event::Review {
        seq,
        at,
        deck: "d".into(),
        card: card.into(),
        rating: Rating::Good,
        mode: Mode::Flashcard,
        ms: 1000,
        verdict: None,
        before: Before::New,
        state: state(at, reps),
    }
}

fn undo(seq: u64, at: &str, card: &str, undoes: u64) -> Event {
    Event::Undo {
        seq,
        at: at.parse().unwrap(),
        deck: "d".into(),
        card: card.into(),
        undoes,
        before: Before::New,
        state: None,
        takes_back: None,
    }
}

fn write(path: &Path, events: &[Event]) {
    let mut text = Vec::new();
    for e in events {
        text.extend(log_line::to_vec(e).unwrap());
        text.push(b'\n');
    }
    std::fs::write(path, text).unwrap();
}

fn day(_: Timestamp) -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 20)
}

/// Every log of the saves folder `dir` read from scratch, in the merge order.
fn replay_all(dir: &Path) -> (Progress, ()) {
    let found = scan(dir).unwrap();
    let params = crate::domain::scheduler::Params::default();
    let (p, _) = crate::store::catch_up::whole(&found, None, &params, &day).unwrap();
    (p, ())
}

#[test]
fn logs_merge_by_time_then_device_each_in_its_own_order() {
    let a = vec![
        review(1, "2026-11-20T10:00:00Z", "x", 1),
        review(2, "2026-11-20T10:05:00Z", "y", 1),
    ];
    let b = vec![
        review(1, "2026-11-20T10:05:00Z", "x", 2),
        review(2, "2026-11-20T10:01:00Z", "z", 1),
    ];
    let merged = merge(&["aaaa", "bbbb"], vec![a, b]);
    let order: Vec<(usize, u64)> = merged.iter().map(|(i, e)| (*i, e.seq())).collect();
    // 10:00 a1; then a2 (10:05, "aaaa") ties b1 (10:05, "bbbb"): a first; b2 comes after b1
    // although its clock says 10:01 (a device's own order is kept).
    assert_eq!(order, [(0, 1), (0, 2), (1, 1), (1, 2)]);
}

#[test]
fn each_device_has_its_own_files_and_leftovers_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let at = SavesLayout::new(dir.path());
    write(&at.reviews(), &[review(1, "2026-11-20T09:00:00Z", "x", 1)]);
    write(
        &at.reviews_of(Some("laptop01")),
        &[review(1, "2026-11-20T10:00:00Z", "y", 1)],
    );
    write(
        &at.reviews_of(Some("library1")),
        &[review(1, "2026-11-20T11:00:00Z", "z", 1)],
    );
    let conflict = dir
        .path()
        .join("reviews.laptop01.sync-conflict-20261120-101010-ABCDEFG.jsonl");
    write(&conflict, &[review(9, "2026-11-20T12:00:00Z", "w", 1)]);
    std::fs::write(dir.path().join("settings.json.orig"), "{}").unwrap();
    let found = scan(dir.path()).unwrap();
    let keys: Vec<&str> = found.reviews.iter().map(LogFile::key).collect();
    assert_eq!(keys, ["", "laptop01", "library1"]);
    assert_eq!(found.devices(), ["laptop01", "library1"]);
    assert_eq!(found.notices.len(), 2, "{:?}", found.notices);
    assert!(
        found
            .notices
            .iter()
            .any(|n| n.contains("sync-conflict")
                && n.contains("ignored (a sync tool's conflict copy")),
        "{:?}",
        found.notices
    );
    assert!(
        found
            .notices
            .iter()
            .any(|n| n.contains("settings.json.orig") && n.contains("compare the two")),
        "{:?}",
        found.notices
    );
    let (p, _) = replay_all(dir.path());
    let mut cards: Vec<String> = p.decks["d"].items.keys().map(|k| k.to_string()).collect();
    cards.sort();
    assert_eq!(cards, ["x", "y", "z"], "the conflict copy is not read");
}

/// Every device numbers its answers from 1; an undo takes back its own device's answer, not
/// the other device's answer with the same number.
#[test]
fn an_undo_takes_back_its_own_devices_answer() {
    let dir = tempfile::tempdir().unwrap();
    let at = SavesLayout::new(dir.path());
    write(
        &at.reviews_of(Some("aaaa")),
        &[review(1, "2026-11-20T10:00:00Z", "x", 1)],
    );
    write(
        &at.reviews_of(Some("bbbb")),
        &[
            review(1, "2026-11-20T10:01:00Z", "y", 1),
            undo(2, "2026-11-20T10:02:00Z", "y", 1),
        ],
    );
    let found = scan(dir.path()).unwrap();
    let (seen, _, _) = read_all(
        &found,
        None,
        None,
        |undone| (undone, Vec::new()),
        |(_, v), e: Event| v.push(e),
    )
    .unwrap();
    let (undone, events) = seen;
    let undone_cards: Vec<&str> = events
        .iter()
        .filter(|e| undone.contains(&e.seq()) && matches!(e, Event::Review { .. }))
        .map(|e| match e {
            Event::Review { card, .. } => card.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(undone_cards, ["y"]);
    let mut seqs: Vec<u64> = events.iter().map(Event::seq).collect();
    assert_eq!(
        seqs,
        [2, 1, 3],
        "numbered afresh: the undone answer first, the others in merge order"
    );
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), 3, "no two events share a number");
}

/// Another device's log that ends in part of a line (a sync tool still delivering it) is read
/// up to its last whole line, left as it is, and the rest read once it has come.
#[test]
fn a_half_delivered_tail_is_read_later_and_never_moved() {
    let dir = tempfile::tempdir().unwrap();
    let at = SavesLayout::new(dir.path());
    let theirs = at.reviews_of(Some("bbbb"));
    let events = [
        review(1, "2026-11-20T10:00:00Z", "x", 1),
        review(2, "2026-11-20T10:01:00Z", "y", 1),
    ];
    write(&theirs, &events);
    let whole = std::fs::read(&theirs).unwrap();
    let cut = whole.len() - 20;
    std::fs::write(&theirs, &whole[..cut]).unwrap();
    let found = scan(dir.path()).unwrap();
    let first = read_tails(&found, &Marks::default(), None, None)
        .unwrap()
        .unwrap();
    assert_eq!(first.events.len(), 1);
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(
        std::fs::read(&theirs).unwrap(),
        &whole[..cut],
        "left untouched"
    );
    std::fs::write(&theirs, &whole).unwrap();
    let second = read_tails(&found, &first.marks, None, None)
        .unwrap()
        .unwrap();
    assert_eq!(second.events, [events[1].clone()]);
    assert!(second.in_order);
}

/// Answers from a device that was offline arrive with times older than what was read: the
/// tails say they are not in order (the caller replays), and replaying gives what reading
/// both logs at once gives, whatever order they came in.
#[test]
fn late_answers_are_noticed_and_the_replay_does_not_depend_on_arrival_order() {
    let dir = tempfile::tempdir().unwrap();
    let at = SavesLayout::new(dir.path());
    let mine = at.reviews_of(Some("aaaa"));
    let theirs = at.reviews_of(Some("bbbb"));
    write(
        &mine,
        &[
            review(1, "2026-11-20T10:00:00Z", "x", 1),
            review(2, "2026-11-20T12:00:00Z", "x", 3),
        ],
    );
    let found = scan(dir.path()).unwrap();
    let read = read_tails(&found, &Marks::default(), None, None)
        .unwrap()
        .unwrap();
    write(&theirs, &[review(1, "2026-11-20T11:00:00Z", "x", 2)]);
    let found = scan(dir.path()).unwrap();
    let late = read_tails(&found, &read.marks, None, None)
        .unwrap()
        .unwrap();
    assert_eq!(late.events.len(), 1);
    assert!(!late.in_order, "11:00 is older than the 12:00 already read");
    let (p, _) = replay_all(dir.path());
    assert_eq!(
        p.decks["d"].items[&crate::domain::deck::ItemKey::parse("x")].reps,
        3,
        "the 12:00 answer is the last in the merge order"
    );
    // An answer newer than everything read is in order.
    let mut more = std::fs::read(&theirs).unwrap();
    more.extend(log_line::to_vec(&review(2, "2026-11-20T13:00:00Z", "y", 1)).unwrap());
    more.push(b'\n');
    std::fs::write(&theirs, more).unwrap();
    let found = scan(dir.path()).unwrap();
    let next = read_tails(&found, &late.marks, None, None)
        .unwrap()
        .unwrap();
    assert!(next.in_order);
    assert_eq!(next.events.len(), 1);
}

/// A saves folder of an older smriti (only `reviews.jsonl`): a device opening it starts its
/// own log, reads the legacy one, and never writes to it; a second device does the same.
#[test]
fn the_legacy_log_is_read_by_every_device_and_appended_by_none() {
    let dir = tempfile::tempdir().unwrap();
    let at = SavesLayout::new(dir.path());
    let legacy = [
        review(1, "2026-11-19T10:00:00Z", "x", 1),
        review(2, "2026-11-19T10:01:00Z", "y", 1),
    ];
    write(&at.reviews(), &legacy);
    let before = std::fs::read(at.reviews()).unwrap();
    let tz = jiff::tz::TimeZone::UTC;
    let homes = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for (i, home) in homes.iter().enumerate() {
        let dev = device::Device::at(home.path()).unwrap();
        let mut o = crate::store::open(dir.path(), &dev, &tz).unwrap();
        assert!(o.notices.is_empty(), "{:?}", o.notices);
        assert_eq!(o.progress.deck("d").unwrap().items.len(), 2 + i);
        assert_eq!(o.progress.next_seq(), 1, "its own log starts at 1");
        let e = review(1, &format!("2026-11-20T10:0{i}:00Z"), &format!("new{i}"), 1);
        o.progress.apply(&e, &day);
        o.saves.record(&e).unwrap();
        o.saves.snapshot(&o.progress).unwrap();
        assert_eq!(o.saves.log_path(), at.reviews_of(Some(dev.id())));
    }
    assert_eq!(std::fs::read(at.reviews()).unwrap(), before, "untouched");
    let (p, _) = replay_all(dir.path());
    assert_eq!(p.decks["d"].items.len(), 4);
    // The snapshot holds a mark per log: the first device reopens reading only tails.
    let dev = device::Device::at(homes[0].path()).unwrap();
    let o = crate::store::open(dir.path(), &dev, &tz).unwrap();
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    assert_eq!(o.progress.decks["d"].items, p.decks["d"].items);
    assert_eq!(o.saves.marks().iter().count(), 3, "{:?}", o.saves.marks());
}

/// One step of the property test: a device answers, takes back its last answer, or part of the
/// folder travels from one machine to the other.
#[derive(Debug, Clone)]
enum Step {
    /// Device `0` or `1` answers card `card`.
    Answer { dev: usize, card: u8 },
    /// Device `dev` takes back its last answer (when its last event was one).
    Undo { dev: usize },
    /// The other device's logs reach `to` cut at this share of their length (mid-line, often),
    /// never shorter than what `to` has.
    Partial { to: usize, share: u8 },
    /// `from`'s snapshot and statistics are copied over `to`'s (a sync tool carrying the
    /// caches too).
    Caches { to: usize },
}

/// A device's last answer, while it may still be taken back: its number, card, the card's
/// state before it, and its instant.
type LastAnswer = (u64, String, Option<CardState>, Timestamp);

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        5 => (0..2usize, 0..6u8).prop_map(|(dev, card)| Step::Answer { dev, card }),
        1 => (0..2usize).prop_map(|dev| Step::Undo { dev }),
        2 => (0..2usize, 0..=100u8).prop_map(|(to, share)| Step::Partial { to, share }),
        1 => (0..2usize).prop_map(|to| Step::Caches { to }),
    ]
}

/// Copies the logs of the device `owner` from `from` to `to`, cut at `share` per cent (at
/// least what `to` has).
fn carry(from: &Path, to: &Path, owner: &str, share: u8) {
    for path in [
        SavesLayout::new(from).reviews_of(Some(owner)),
        SavesLayout::new(from).tests_of(Some(owner)),
    ] {
        let Ok(all) = std::fs::read(&path) else {
            continue;
        };
        let dst = to.join(path.file_name().unwrap());
        let have = std::fs::metadata(&dst).map_or(0, |m| m.len() as usize);
        let len = (all.len() * usize::from(share) / 100)
            .max(have)
            .min(all.len());
        std::fs::write(dst, &all[..len]).unwrap();
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever the interleaving of answers, undos and partial syncs (logs cut mid-line, caches
    /// carried over), once every log has arrived both machines hold the same progress and the
    /// same statistics, equal to reading every log from scratch.
    #[test]
    fn any_interleaving_of_answers_undos_and_partial_syncs_ends_in_one_memory(
        steps in proptest::collection::vec(step(), 1..14)
    ) {
        use crate::domain::progress::TakenBack;
        let tz = jiff::tz::TimeZone::UTC;
        let homes = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let saves = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let devs: Vec<device::Device> =
            homes.iter().map(|h| device::Device::at(h.path()).unwrap()).collect();
        let dir = |i: usize| saves[i].path();
        let day_of = crate::store::day_fn(&tz, 4);
        let start: Timestamp = "2026-11-20T08:00:00Z".parse().unwrap();
        // Each device's last answer, while it may still be taken back: (seq, card, state
        // before, its instant).
        let mut last: [Option<LastAnswer>; 2] = [None, None];
        for (n, s) in steps.iter().enumerate() {
            let at = start + jiff::SignedDuration::from_mins(37 * n as i64);
            match s {
                Step::Answer { dev, card } => {
                    let mut o = crate::store::open(dir(*dev), &devs[*dev], &tz).unwrap();
                    let card = format!("c{card}");
                    let key = crate::domain::deck::ItemKey::parse(&card);
                    let before = o.progress.deck("d").and_then(|d| d.items.get(&key)).cloned();
                    let reps = before.as_ref().map_or(0, |s| s.reps) + 1;
                    let mut e = review(o.progress.next_seq(), &at.to_string(), &card, reps);
                    if let Event::Review { before: b, .. } = &mut e {
                        *b = Before::of(before.as_ref());
                    }
                    o.progress.apply(&e, &day_of);
                    o.saves.record(&e).unwrap();
                    o.saves.snapshot(&o.progress).unwrap();
                    last[*dev] = Some((e.seq(), card, before, at));
                }
                Step::Undo { dev } => {
                    let Some((undoes, card, before, then)) = last[*dev].take() else {
                        continue;
                    };
                    let mut o = crate::store::open(dir(*dev), &devs[*dev], &tz).unwrap();
                    let e = Event::Undo {
                        seq: o.progress.next_seq(),
                        at,
                        deck: "d".into(),
                        card,
                        undoes,
                        before: Before::of(before.as_ref()),
                        state: before,
                        takes_back: Some(TakenBack { at: then, rating: Rating::Good, ms: 1000 }),
                    };
                    o.progress.apply(&e, &day_of);
                    o.saves.record(&e).unwrap();
                    o.saves.snapshot(&o.progress).unwrap();
                }
                Step::Partial { to, share } => {
                    let from = 1 - to;
                    // The app takes back an answer only in the session that gave it, before
                    // anything else arrives (see `Saves::record`).
                    last[*to] = None;
                    carry(dir(from), dir(*to), devs[from].id(), *share);
                }
                Step::Caches { to } => {
                    let from = 1 - to;
                    last[*to] = None;
                    for name in ["progress.json", "stats.json"] {
                        if let Ok(bytes) = std::fs::read(dir(from).join(name)) {
                            std::fs::write(dir(*to).join(name), bytes).unwrap();
                        }
                    }
                }
            }
        }
        // The full sync: every log arrives whole.
        carry(dir(0), dir(1), devs[0].id(), 100);
        carry(dir(1), dir(0), devs[1].id(), 100);
        let whole = |i: usize| {
            let found = scan(dir(i)).unwrap();
            let params = crate::domain::scheduler::Params::default();
            let (p, _) = crate::store::catch_up::whole(&found, None, &params, &day_of).unwrap();
            p.decks
        };
        let reference = whole(0);
        proptest::prop_assert_eq!(&whole(1), &reference);
        for (i, dev) in devs.iter().enumerate() {
            let o = crate::store::open(dir(i), dev, &tz).unwrap();
            proptest::prop_assert_eq!(&o.progress.decks, &reference, "device {}", i);
            let read = crate::store::reader::progress(dir(i), &tz, &Default::default()).unwrap();
            proptest::prop_assert_eq!(&read.decks, &reference);
        }
        let totals = |i: usize| crate::store::reader::totals(dir(i), &tz, 4).unwrap().0;
        proptest::prop_assert_eq!(totals(0), totals(1));
    }
}

/// A saves folder used as one machine does: its own device (a home of its own), in UTC,
/// with the day rule of the default settings.
struct Machine {
    dir: tempfile::TempDir,
    _home: tempfile::TempDir,
    dev: device::Device,
    tz: jiff::tz::TimeZone,
}

impl Machine {
    fn new() -> Machine {
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let dev = device::Device::at(home.path()).unwrap();
        Machine {
            dir,
            _home: home,
            dev,
            tz: jiff::tz::TimeZone::UTC,
        }
    }

    fn open(&self) -> crate::store::Opened {
        crate::store::open(self.dir.path(), &self.dev, &self.tz).unwrap()
    }

    /// What the app does with an answer or an undo of this device: applied in memory, then
    /// made durable.
    fn give(&self, o: &mut crate::store::Opened, e: &Event) {
        o.progress.apply(e, &crate::store::day_fn(&self.tz, 4));
        o.saves.record(e).unwrap();
    }

    /// Another device's log, as a sync tool delivers it (whole, so far).
    fn deliver(&self, device: &str, events: &[Event]) {
        write(
            &SavesLayout::new(self.dir.path()).reviews_of(Some(device)),
            events,
        );
    }
}

/// The running app's check: nothing to read while only this device answers; another device's
/// new lines are read in order; a late one (older than what was read) replays every log.
#[test]
fn refresh_reads_what_a_sync_delivers_and_replays_late_answers() {
    let m = Machine::new();
    let mut o = m.open();
    m.give(&mut o, &review(1, "2026-11-20T10:00:00Z", "x", 1));
    assert!(!o.saves.news(), "this device's own answer is no news");
    assert_eq!(o.saves.refresh(&mut o.progress).unwrap(), 0);
    m.deliver("bbbb1111", &[review(1, "2026-11-20T08:00:00Z", "y", 1)]);
    assert!(o.saves.news());
    assert_eq!(o.saves.refresh(&mut o.progress).unwrap(), 1);
    assert_eq!(o.progress.decks["d"].items.len(), 2);
    assert_eq!(o.progress.next_seq(), 2, "this device's numbering goes on");
    // The other machine's next line, answered at 09:00 but delivered now, is older than this
    // device's 10:00 answer already read: every log is replayed, in the merge order.
    m.deliver(
        "bbbb1111",
        &[
            review(1, "2026-11-20T08:00:00Z", "y", 1),
            review(2, "2026-11-20T09:00:00Z", "x", 5),
        ],
    );
    assert!(o.saves.refresh(&mut o.progress).unwrap() > 0);
    let key = crate::domain::deck::ItemKey::parse("x");
    assert_eq!(
        o.progress.decks["d"].items[&key].reps, 2,
        "this device's 10:00 answer on x is rescheduled over the other's 09:00 one"
    );
    let (whole, _) = replay_all(m.dir.path());
    assert_eq!(o.progress.decks, whole.decks);
    assert_eq!(o.progress.next_seq(), 2);
}

/// The app's undo restores the state its session saw before the answer; when another device's
/// answer to the same card was read in between, that is not the merged state (the card's
/// history without the answer), so the progress in memory is not written as the snapshot and
/// the next start replays the card.
#[test]
fn an_undo_after_a_sync_touched_its_card_leaves_the_snapshot_to_the_next_start() {
    let m = Machine::new();
    let mut o = m.open();
    m.give(&mut o, &review(1, "2026-11-20T10:00:00Z", "x", 1));
    m.deliver("bbbb1111", &[review(1, "2026-11-20T10:30:00Z", "x", 1)]);
    assert_eq!(o.saves.refresh(&mut o.progress).unwrap(), 1);
    let key = crate::domain::deck::ItemKey::parse("x");
    assert_eq!(
        o.progress.decks["d"].items[&key].reps, 2,
        "over both answers"
    );
    // The session takes its answer back: x is new again in its memory.
    m.give(&mut o, &undo(2, "2026-11-20T11:00:00Z", "x", 1));
    o.saves.snapshot(&o.progress).unwrap();
    assert!(
        !SavesLayout::new(m.dir.path()).snapshot().exists(),
        "not the merged state: not written"
    );
    drop(o);
    let again = m.open();
    let (whole, _) = replay_all(m.dir.path());
    assert_eq!(again.progress.decks, whole.decks);
    assert_eq!(
        again.progress.decks["d"].items[&key].reps, 1,
        "the other machine's answer alone"
    );
}

/// An undo right after a sync delivered another machine's answer to the same card: the card
/// is replayed over both logs (`Saves::replay_undone`), so the progress in memory is what a
/// fresh reading gives (the other machine's answer alone) for the rest of the run, and the
/// snapshot may be written again. Fails without the replay: the session's restored state (x
/// new) stays in memory.
#[test]
fn an_undo_after_a_sync_touched_its_card_replays_the_card_over_both_logs() {
    let m = Machine::new();
    let mut o = m.open();
    assert!(
        o.saves.replay_undone().unwrap().is_none(),
        "nothing to replay"
    );
    m.give(&mut o, &review(1, "2026-11-20T10:00:00Z", "x", 1));
    m.deliver("bbbb1111", &[review(1, "2026-11-20T10:30:00Z", "x", 1)]);
    assert_eq!(o.saves.refresh(&mut o.progress).unwrap(), 1);
    m.give(&mut o, &undo(2, "2026-11-20T11:00:00Z", "x", 1));
    let (part, cards) = o.saves.replay_undone().unwrap().expect("x is replayed");
    crate::domain::merged::splice(&mut o.progress, &part, &cards);
    let key = crate::domain::deck::ItemKey::parse("x");
    let (whole, _) = replay_all(m.dir.path());
    assert_eq!(
        o.progress.decks["d"].items[&key].reps, 1,
        "the other's answer alone"
    );
    assert_eq!(o.progress.decks, whole.decks);
    assert!(o.saves.replay_undone().unwrap().is_none(), "replayed once");
    // In the merge order again: the snapshot is written, and it is the fresh reading.
    o.saves.snapshot(&o.progress).unwrap();
    assert!(SavesLayout::new(m.dir.path()).snapshot().exists());
    drop(o);
    assert_eq!(m.open().progress.decks, whole.decks);
}

/// Issue 19's limit: another machine's settings changes (its `settings.<device>.jsonl`,
/// delivered while the app runs) are news, and `refresh_settings` gives the settings a
/// restart would use, with what changed; read once.
#[test]
fn another_devices_settings_change_is_read_while_the_app_runs() {
    let m = Machine::new();
    let mut o = m.open();
    assert!(!o.saves.news());
    assert!(o.saves.refresh_settings(&o.settings).is_none());
    // The other machine sets an exam date, exam mode and a retention; a sync tool brings its
    // settings log (and its settings.json, which may or may not win the copy).
    let other = crate::store::settings_log::Change {
        at: "2026-11-20T09:00:00Z".parse().unwrap(),
        exam_date: Some(Some(jiff::civil::date(2027, 5, 23))),
        exam_mode: Some(true),
        desired_retention: Some(0.85),
        ..Default::default()
    };
    let log = SavesLayout::new(m.dir.path()).settings_of("bbbb1111");
    crate::store::settings_log::append(&log, &other).unwrap();
    assert!(o.saves.news(), "a settings log grew");
    let (now, what) = o
        .saves
        .refresh_settings(&o.settings)
        .expect("the settings changed");
    assert_eq!(now.exam_date, Some(jiff::civil::date(2027, 5, 23)));
    assert!(now.exam_mode);
    assert_eq!(now.params.desired_retention, 0.85);
    assert_eq!(
        what,
        "exam date 2027-05-23, exam mode on, desired retention 85%"
    );
    // What a restart reads.
    drop(o);
    let mut o = m.open();
    assert_eq!(o.settings, now);
    assert!(!o.saves.news());
    assert!(o.saves.refresh_settings(&o.settings).is_none());
    // Read once: the same change again is news, but changes nothing.
    let same = o.settings.clone();
    crate::store::settings_log::append(&log, &other).unwrap();
    assert!(o.saves.news());
    assert!(o.saves.refresh_settings(&same).is_none(), "nothing changed");
    assert!(!o.saves.news());
}

/// smriti's own writes to this device's settings log are not news: the fingerprint of a
/// stale `settings.json` it brought up to date (at start, and when another device's change
/// arrives) and a change the app makes. Another device's change still is.
#[test]
fn smritis_own_settings_writes_are_not_news() {
    let m = Machine::new();
    let files = SavesLayout::new(m.dir.path());
    let own = files.settings_of(m.dev.id());
    let other_log = files.settings_of("bbbb1111");
    let change = |minute: i64, retention: f64| crate::store::settings_log::Change {
        at: jiff::Timestamp::from_second(1_790_000_000 + minute * 60).unwrap(),
        desired_retention: Some(retention),
        ..Default::default()
    };
    let mut o = m.open();
    assert!(!o.saves.news());
    // Another device's change arrives: read, and settings.json (the defaults smriti wrote)
    // rewritten with it, its fingerprint recorded in this device's log.
    crate::store::settings_log::append(&other_log, &change(1, 0.85)).unwrap();
    assert!(o.saves.news());
    o.saves.refresh_settings(&o.settings).expect("a change");
    let recorded = std::fs::read_to_string(&own).unwrap();
    assert!(recorded.contains("\"wrote\""), "{recorded}");
    assert!(!o.saves.news(), "its own fingerprint is not news");
    // The app's own change.
    let (after, _) = o
        .saves
        .update_settings(change(2, 0.0).at, |s| s.limits.new_per_day = 7)
        .unwrap();
    assert_eq!(after.limits.new_per_day, 7);
    assert!(!o.saves.news(), "its own change is not news");
    drop(o);
    // At start: another change arrived meanwhile; settings.json is brought up to it.
    crate::store::settings_log::append(&other_log, &change(3, 0.8)).unwrap();
    let before = std::fs::metadata(&own).unwrap().len();
    let mut o = m.open();
    assert!(std::fs::metadata(&own).unwrap().len() > before, "rewritten");
    assert_eq!(o.settings.params.desired_retention, 0.8);
    assert!(!o.saves.news(), "its own fingerprint at start is not news");
    // Another device's change is news, still.
    crate::store::settings_log::append(&other_log, &change(4, 0.9)).unwrap();
    assert!(o.saves.news());
    assert!(o.saves.refresh_settings(&o.settings).is_some());
    assert!(!o.saves.news());
}
