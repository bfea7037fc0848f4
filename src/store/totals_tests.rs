//! The totals read deck by deck equal those read whole (and folded from the whole log),
//! whichever decks are read when, with the events counted between; a deck damaged on disk
//! makes the saves read them whole again.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::domain::aggregates::Fold;
use crate::domain::progress::{Before, Mode, TakenBack, undone_seqs};
use crate::domain::scheduler::{CardState, Phase, Rating};

fn day_of(t: Timestamp) -> Date {
    crate::domain::time::StudyDay::containing(t, &TimeZone::UTC, 4).date
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + minute * 60).unwrap()
}

fn review(seq: u64, minute: i64, deck: &str, card: &str, rating: Rating, before: Before) -> Event {
    Event::Review {
        seq,
        at: at(minute),
        deck: deck.into(),
        card: card.into(),
        rating,
        mode: Mode::Flashcard,
        ms: 1000 + seq,
        verdict: None,
        before,
        state: CardState {
            phase: Phase::Review,
            step: None,
            stability: 3.0,
            difficulty: 5.0,
            due: at(10_000),
            last_review: at(0),
            reps: 2,
            lapses: 0,
        },
    }
}

fn undo_of(seq: u64, minute: i64, answer: &Event) -> Event {
    let Event::Review {
        seq: undoes,
        at,
        deck,
        card,
        rating,
        ms,
        before,
        ..
    } = answer
    else {
        unreachable!()
    };
    Event::Undo {
        seq,
        at: self::at(minute),
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
}

/// A log over five decks: answers (a few to reverse sides), each perhaps undone at once.
fn arb_log() -> impl Strategy<Value = Vec<Event>> {
    let step = (
        0u8..5,
        0u8..6,
        0u8..4,
        0u8..4,
        0u32..2000,
        any::<bool>(),
        0u8..3,
    );
    prop::collection::vec(step, 1..70).prop_map(|steps| {
        let (mut events, mut stack): (Vec<Event>, Vec<Event>) = (Vec::new(), Vec::new());
        let mut minute = 0;
        for (deck, card, rating, before, gap, reverse, undos) in steps {
            minute += i64::from(gap);
            let seq = events.len() as u64 + 1;
            let card = match reverse {
                true => format!("c{card}:reverse"),
                false => format!("c{card}"),
            };
            let before = [
                Before::New,
                Before::Learning,
                Before::Review,
                Before::Relearning,
            ][before as usize];
            let e = review(
                seq,
                minute,
                &format!("d{deck}"),
                &card,
                Rating::ALL[rating as usize],
                before,
            );
            events.push(e.clone());
            stack.push(e);
            for _ in 0..undos {
                if let Some(last) = stack.pop() {
                    let seq = events.len() as u64 + 1;
                    events.push(undo_of(seq, minute, &last));
                }
            }
        }
        events
    })
}

fn folded(events: &[Event]) -> Aggregates {
    let mut fold = Fold::new(undone_seqs(events));
    for e in events {
        fold.push(e, &day_of);
    }
    fold.finish()
}

/// Totals with every deck of the copy saved in `dir` for `saved` left unread.
fn lazily(dir: &Path, saved: &Aggregates) -> Totals {
    let rule = stats_file::DayRule::new(&TimeZone::UTC, 4);
    let path = SavesLayout::new(dir).stats();
    stats_file::save(&path, saved, &Marks::default(), &rule, &[]).unwrap();
    let (copy, marks) = stats_file::copy_by_deck(&path, &rule).expect("the copy");
    let ids = copy.ids().map(str::to_owned).collect();
    Totals {
        read: Aggregates::default(),
        marks,
        unread: Some(Unread {
            copy,
            ids,
            pending: HashMap::new(),
            waiting: 0,
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Totals saved at any point of the log, then counted on (answers and undos, to decks
    /// read and not), with decks read at any points between: each deck read is the fold of
    /// the log so far for that deck, the others are left on disk, and all of them read are
    /// the fold of the whole log (as `smriti rebuild` folds it), days added together too.
    #[test]
    fn totals_read_deck_by_deck_equal_the_fold_of_the_whole_log(
        events in arb_log(),
        cut in 0usize..70,
        reads in prop::collection::vec((0usize..70, 0u8..6), 0..6),
    ) {
        let cut = cut.min(events.len());
        let dir = tempfile::tempdir().unwrap();
        let mut t = lazily(dir.path(), &folded(&events[..cut]));
        let mut read: HashSet<String> = HashSet::new();
        for i in cut..=events.len() {
            for (_, d) in reads.iter().filter(|(at, _)| (*at).clamp(cut, events.len()) == i) {
                let id = format!("d{d}");
                let so_far = folded(&events[..i]);
                let got = t.of_deck(&id, &day_of).unwrap();
                prop_assert_eq!(got.decks.get(&id), so_far.decks.get(&id));
                read.insert(id);
            }
            // Only what was asked for (and decks the copy does not have) is in memory.
            for d in 0..6 {
                let id = format!("d{d}");
                let on_disk = folded(&events[..cut]).decks.contains_key(&id);
                prop_assert_eq!(t.is_unread(&id), on_disk && !read.contains(&id), "{}", id);
            }
            if let Some(e) = events.get(i) {
                prop_assert!(t.count(e, &day_of).is_ok());
            }
        }
        let whole = folded(&events);
        prop_assert_eq!(t.all(&day_of).unwrap(), &whole);
        prop_assert_eq!(t.held().all_days(), whole.all_days());
        prop_assert!(t.whole_parts().is_some());
    }
}

/// Past [`PENDING_MAX`] events waiting, their decks are read and the events added.
#[test]
fn events_waiting_past_the_bound_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let first = [review(1, 0, "a", "c1", Rating::Good, Before::New)];
    let mut t = lazily(dir.path(), &folded(&first));
    let mut events = first.to_vec();
    for seq in 2..=PENDING_MAX as u64 + 1 {
        let e = review(seq, seq as i64, "a", "c2", Rating::Again, Before::Review);
        t.count(&e, &day_of).unwrap();
        events.push(e);
        assert!(t.is_unread("a"));
    }
    let e = review(
        PENDING_MAX as u64 + 2,
        0,
        "a",
        "c3",
        Rating::Good,
        Before::New,
    );
    t.count(&e, &day_of).unwrap();
    events.push(e);
    assert!(!t.is_unread("a"), "read once too many waited");
    assert_eq!(t.whole_parts().map(|(a, _)| a), Some(&folded(&events)));
}

/// The saves' statistics of one deck read that deck's totals only; a deck's body damaged in
/// `stats.cache` (its head intact) is noticed when that deck is wanted, and the totals are
/// then read whole from `stats.json`: the same figures.
#[test]
fn the_saves_read_one_decks_totals_and_a_damaged_one_whole() {
    let utc = TimeZone::UTC;
    let dir = tempfile::tempdir().unwrap();
    let open = || super::super::open(dir.path(), &super::super::device::for_tests(), &utc);
    let mut o = open().unwrap();
    let mut seq = 0;
    let mut answer = |o: &mut super::super::Opened, deck: &str| {
        seq += 1;
        let e = review(
            seq,
            seq as i64 * 500,
            deck,
            &format!("c{}", seq % 5),
            Rating::Good,
            Before::Review,
        );
        o.progress.apply(&e, &super::super::day_fn(&utc, 4));
        o.saves.record(&e).unwrap();
    };
    for i in 0..30 {
        answer(&mut o, ["d0", "d1", "d2"][i % 3]);
    }
    o.saves.snapshot(&o.progress).unwrap();
    drop(o);
    let stats = SavesLayout::new(dir.path()).stats();
    assert!(stats_cache::path_for(&stats).exists());
    let mut o = open().unwrap();
    for d in ["d1", "d1", "d3"] {
        answer(&mut o, d);
    }
    let whole = reader::totals(dir.path(), &utc, 4).unwrap().0;
    let got = o.saves.totals_of(["d1"].into_iter()).unwrap();
    assert_eq!(got.decks.get("d1"), whole.decks.get("d1"));
    let t = o.saves.totals.as_ref().unwrap();
    assert!(t.is_unread("d0") && t.is_unread("d2") && !t.is_unread("d1"));
    answer(&mut o, "d2");
    answer(&mut o, "d1");
    let before = reader::totals(dir.path(), &utc, 4).unwrap().0;
    assert_eq!(
        o.saves.totals_of(["d1", "d2"].into_iter()).unwrap(),
        &before
    );
    assert!(o.saves.totals.as_ref().unwrap().whole_parts().is_some());
    drop(o);

    // The last deck's body damaged (its last byte), the head and the JSON intact.
    let copy = stats_cache::path_for(&stats);
    let mut bytes = std::fs::read(&copy).unwrap();
    *bytes.last_mut().unwrap() ^= 0x55;
    std::fs::write(&copy, &bytes).unwrap();
    let mut o = open().unwrap();
    assert_eq!(
        o.saves
            .totals_of(["d0"].into_iter())
            .unwrap()
            .decks
            .get("d0"),
        before.decks.get("d0"),
        "an intact deck is read alone"
    );
    assert!(o.saves.totals.as_ref().unwrap().is_unread("d2"));
    assert_eq!(
        o.saves.totals().unwrap(),
        &before,
        "read whole from stats.json"
    );
    assert!(o.saves.totals.as_ref().unwrap().whole_parts().is_some());
}

/// The files of `dir` this process holds open though they were replaced or deleted (Linux:
/// `/proc/self/fd` names them "… (deleted)").
#[cfg(target_os = "linux")]
fn held_after_deletion(dir: &Path) -> Vec<String> {
    let dir = dir.canonicalize().unwrap();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .map(|p| p.display().to_string())
        .filter(|p| p.starts_with(&dir.display().to_string()) && p.ends_with(" (deleted)"))
        .collect()
}

#[test]
fn a_replaced_copy_is_not_held_open() {
    let utc = TimeZone::UTC;
    let dir = tempfile::tempdir().unwrap();
    let open = || super::super::open(dir.path(), &super::super::device::for_tests(), &utc);
    let mut seq = 0;
    let mut answer = |o: &mut super::super::Opened, deck: &str| {
        seq += 1;
        let e = review(
            seq,
            seq as i64 * 500,
            deck,
            &format!("c{}", seq % 5),
            Rating::Good,
            Before::Review,
        );
        o.progress.apply(&e, &super::super::day_fn(&utc, 4));
        o.saves.record(&e).unwrap();
    };
    let mut o = open().unwrap();
    for i in 0..30 {
        answer(&mut o, ["d0", "d1", "d2"][i % 3]);
    }
    o.saves.snapshot(&o.progress).unwrap();
    drop(o);
    // Answers after the snapshot: the next start writes the snapshot and the totals again.
    let mut o = open().unwrap();
    for d in ["d1", "d1", "d3"] {
        answer(&mut o, d);
    }
    drop(o);
    let mut o = open().unwrap();
    // One deck's statistics: the others are left in stats.cache, which is open.
    o.saves.totals_of(["d1"].into_iter()).unwrap();
    assert!(o.saves.totals.as_ref().unwrap().is_unread("d0"));
    let copy = stats_cache::path_for(&SavesLayout::new(dir.path()).stats());
    let old = std::fs::read(&copy).unwrap();
    o.saves.snapshot_in_background(&o.progress).unwrap();
    o.saves.wait_for_snapshot().unwrap();
    assert_ne!(
        std::fs::read(&copy).unwrap(),
        old,
        "stats.cache was replaced"
    );
    #[cfg(target_os = "linux")]
    assert_eq!(held_after_deletion(dir.path()), Vec::<String>::new());
    assert!(o.saves.totals.as_ref().is_none_or(|t| !t.holds_copy()));
    // Read again from the new copy when wanted: the same totals.
    let whole = reader::totals(dir.path(), &utc, 4).unwrap().0;
    assert_eq!(o.saves.totals().unwrap(), &whole);
}
