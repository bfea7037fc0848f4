//! Tests of `store::catch_up`: the progress never depends on the order in which the logs'
//! lines arrived (issue 19.2).

use std::path::Path;

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::domain::progress::{Before, Mode, TakenBack};
use crate::domain::scheduler::{CardState, Params, Rating, review};
use crate::store::layout::SavesLayout;
use crate::store::{log_line, progress_file};

const DEVICES: [&str; 3] = ["aaaa", "bbbb", "cccc"];

fn day(t: Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// What a device does: answer card `card` with `rating`, or take back its last answer.
#[derive(Debug, Clone)]
enum Act {
    Answer {
        dev: usize,
        card: u8,
        rating: u8,
        minutes: u16,
    },
    Undo {
        dev: usize,
    },
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        6 => (0..3usize, 0..5u8, 0..4u8, 1..3000u16)
            .prop_map(|(dev, card, rating, minutes)| Act::Answer { dev, card, rating, minutes }),
        1 => (0..3usize).prop_map(|dev| Act::Undo { dev }),
    ]
}

/// A device's last answer while it may be taken back: number, card, state before, instant.
type Undoable = (u64, String, Option<CardState>, Timestamp);

/// Each device's log, written as that device's app would (never synced, so the devices
/// answer the same cards from their own states, and their clocks interleave).
fn logs(acts: &[Act]) -> [Vec<Event>; 3] {
    let p = Params::default();
    let mut logs: [Vec<Event>; 3] = Default::default();
    let mut known: [std::collections::HashMap<String, CardState>; 3] = Default::default();
    let mut clock = [0u64; 3];
    let mut last: [Option<Undoable>; 3] = Default::default();
    let t0: Timestamp = "2026-11-01T06:00:00Z".parse().unwrap();
    for a in acts {
        match a {
            Act::Answer {
                dev,
                card,
                rating,
                minutes,
            } => {
                let dev = *dev;
                clock[dev] += u64::from(*minutes);
                let at = t0 + jiff::SignedDuration::from_mins(clock[dev] as i64);
                let card = format!("c{card}");
                let before = known[dev].get(&card).cloned();
                let rating =
                    [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][usize::from(*rating)];
                let state = review(before.as_ref(), rating, at, &p, 0.5).state;
                let seq = logs[dev].len() as u64 + 1;
                logs[dev].push(Event::Review {
                    seq,
                    at,
                    deck: "d".into(),
                    card: card.clone(),
                    rating,
                    mode: Mode::Flashcard,
                    ms: 1000,
                    verdict: None,
                    before: Before::of(before.as_ref()),
                    state: state.clone(),
                });
                known[dev].insert(card.clone(), state);
                last[dev] = Some((seq, card, before, at));
            }
            Act::Undo { dev } => {
                let dev = *dev;
                let Some((undoes, card, before, then)) = last[dev].take() else {
                    continue;
                };
                clock[dev] += 1;
                let at = t0 + jiff::SignedDuration::from_mins(clock[dev] as i64);
                match &before {
                    Some(s) => known[dev].insert(card.clone(), s.clone()),
                    None => known[dev].remove(&card),
                };
                logs[dev].push(Event::Undo {
                    seq: logs[dev].len() as u64 + 1,
                    at,
                    deck: "d".into(),
                    card,
                    undoes,
                    before: Before::of(before.as_ref()),
                    state: before,
                    takes_back: Some(TakenBack {
                        at: then,
                        rating: Rating::Good,
                        ms: 1000,
                    }),
                });
            }
        }
    }
    logs
}

fn bytes(events: &[Event]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in events {
        out.extend(log_line::to_vec(e).unwrap());
        out.push(b'\n');
    }
    out
}

fn whole_of(dir: &Path) -> Progress {
    let found = logs::scan(dir).unwrap();
    whole(&found, None, &Params::default(), &day).unwrap().0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Three devices' logs arrive a piece at a time, in any order (often cut mid-line), and
    /// the reader catches up after each piece: the cards of late answers are replayed from
    /// their history. At the end the progress is bit for bit what reading every log from
    /// scratch gives (the snapshot's bytes are compared too).
    #[test]
    fn the_progress_never_depends_on_the_order_the_logs_arrived_in(
        acts in proptest::collection::vec(act(), 1..40),
        deliveries in proptest::collection::vec((0..3usize, 0..=100u8), 0..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = SavesLayout::new(dir.path());
        let all: Vec<Vec<u8>> = logs(&acts).iter().map(|l| bytes(l)).collect();
        let mut have = [0usize; 3];
        let mut progress = Progress::default();
        let mut marks = Marks::default();
        let deliver = |dev: usize, len: usize| {
            std::fs::write(files.reviews_of(Some(DEVICES[dev])), &all[dev][..len]).unwrap();
        };
        let full: Vec<(usize, u8)> = (0..3).map(|d| (d, 100)).collect();
        for (dev, share) in deliveries.iter().copied().chain(full) {
            let len = (all[dev].len() * usize::from(share) / 100).max(have[dev]);
            have[dev] = len;
            deliver(dev, len);
            let found = logs::scan(dir.path()).unwrap();
            let caught =
                catch_up(&found, &mut progress, &marks, None, &Params::default(), &day).unwrap();
            prop_assert_ne!(caught.how, How::Whole, "every mark fits: never read from scratch");
            marks = caught.marks;
        }
        let reference = whole_of(dir.path());
        prop_assert_eq!(&progress.decks, &reference.decks);
        prop_assert_eq!(
            progress_file::to_bytes(&progress, &marks),
            progress_file::to_bytes(&reference, &marks)
        );
    }
}

/// A late answer replays only the cards it touches: the other cards keep their states even
/// when those are not what a from-scratch reading would give (which shows they were not
/// recomputed).
#[test]
fn a_late_answer_replays_only_its_cards() {
    let dir = tempfile::tempdir().unwrap();
    let files = SavesLayout::new(dir.path());
    let acts = [
        Act::Answer {
            dev: 0,
            card: 0,
            rating: 2,
            minutes: 60,
        },
        Act::Answer {
            dev: 0,
            card: 1,
            rating: 2,
            minutes: 60,
        },
        Act::Answer {
            dev: 1,
            card: 0,
            rating: 0,
            minutes: 30,
        },
    ];
    let [a, b, _] = logs(&acts);
    std::fs::write(files.reviews_of(Some("aaaa")), bytes(&a)).unwrap();
    let found = logs::scan(dir.path()).unwrap();
    let (mut progress, caught) = whole(&found, None, &Params::default(), &day).unwrap();
    // A marker on c1, which the late answer does not touch.
    let c1 = crate::domain::deck::ItemKey::parse("c1");
    progress
        .deck_mut(&"d".into())
        .items
        .get_mut(&c1)
        .unwrap()
        .stability = -1.0;
    std::fs::write(files.reviews_of(Some("bbbb")), bytes(&b)).unwrap();
    let found = logs::scan(dir.path()).unwrap();
    let late = catch_up(
        &found,
        &mut progress,
        &caught.marks,
        None,
        &Params::default(),
        &day,
    )
    .unwrap();
    assert_eq!(
        late.how,
        How::Cards {
            cards: 1,
            late: true
        }
    );
    assert_eq!(
        progress.decks["d"].items[&c1].stability, -1.0,
        "c1 was not replayed"
    );
    let reference = whole_of(dir.path());
    let c0 = crate::domain::deck::ItemKey::parse("c0");
    assert_eq!(
        progress.decks["d"].items[&c0],
        reference.decks["d"].items[&c0]
    );
    assert_eq!(
        reference.decks["d"].items[&c0].reps, 2,
        "both answers count"
    );
}

/// A change of the desired retention (and perhaps the weights), made on one device at
/// some instant, reaches the running app between deliveries of the logs.
#[derive(Debug, Clone)]
struct Retune {
    after_delivery: usize,
    minutes: u32,
    retention: u8,
    weights: bool,
}

fn retune() -> impl Strategy<Value = Retune> {
    (0..14usize, 0..30_000u32, 70..=97u8, any::<bool>()).prop_map(
        |(after_delivery, minutes, retention, weights)| Retune {
            after_delivery,
            minutes,
            retention,
            weights,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 19's limit: answers given on two machines before they synced are rescheduled
    /// with the parameters in force at each answer's instant (`settings_log::params_over_time`),
    /// so the running app, which reads the logs a piece at a time and the settings change
    /// whenever it arrives (before, between or after the answers it predates), ends with the
    /// progress a fresh reading gives, and so does a restart from its snapshot. Fails when
    /// answers are rescheduled with the settings in use when they are read.
    #[test]
    fn a_settings_change_between_deliveries_reschedules_as_a_fresh_reading(
        acts in proptest::collection::vec(act(), 1..40),
        deliveries in proptest::collection::vec((0..3usize, 0..=100u8), 0..12),
        change in retune(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let tz = jiff::tz::TimeZone::UTC;
        let dev = crate::store::device::Device::at(home.path()).unwrap();
        let files = SavesLayout::new(dir.path());
        let all: Vec<Vec<u8>> = logs(&acts).iter().map(|l| bytes(l)).collect();
        let mut o = crate::store::open(dir.path(), &dev, &tz).unwrap();
        let mut settings = o.settings.clone();
        let t0: Timestamp = "2026-11-01T06:00:00Z".parse().unwrap();
        let mut weights = Params::default().weights;
        weights[2] *= 1.7;
        let retune = crate::store::settings_log::Change {
            at: t0 + jiff::SignedDuration::from_mins(i64::from(change.minutes)),
            desired_retention: Some(f64::from(change.retention) / 100.0),
            weights: change.weights.then(|| weights.to_vec()),
            ..Default::default()
        };
        let mut have = [0usize; 3];
        let full: Vec<(usize, u8)> = (0..3).map(|d| (d, 100)).collect();
        let steps: Vec<(usize, u8)> = deliveries.iter().copied().chain(full).collect();
        let at_step = change.after_delivery.min(steps.len() - 1);
        for (i, (dev, share)) in steps.into_iter().enumerate() {
            let len = (all[dev].len() * usize::from(share) / 100).max(have[dev]);
            have[dev] = len;
            std::fs::write(files.reviews_of(Some(DEVICES[dev])), &all[dev][..len]).unwrap();
            if i == at_step {
                crate::store::settings_log::append(&files.settings_of("bbbb"), &retune).unwrap();
            }
            // As the app's idle check does: the settings first, then the answers.
            if let Some((now, _)) = o.saves.refresh_settings(&settings) {
                settings = now;
            }
            o.saves.refresh(&mut o.progress).unwrap();
        }
        prop_assert_eq!(settings.params.desired_retention, f64::from(change.retention) / 100.0);
        let over_time = crate::store::settings_log::params_over_time(dir.path(), &settings);
        let found = logs::scan(dir.path()).unwrap();
        let day_of = crate::store::day_fn(&tz, settings.rollover_hour);
        let fresh = whole(&found, None, &over_time, &day_of).unwrap().0;
        prop_assert_eq!(&o.progress.decks, &fresh.decks);
        // A restart from the snapshot the app writes gives it too.
        o.saves.snapshot(&o.progress).unwrap();
        drop(o);
        let again = crate::store::open(dir.path(), &dev, &tz).unwrap();
        prop_assert_eq!(&again.progress.decks, &fresh.decks);
    }
}

/// A change of the desired retention made on another machine before answers the snapshot
/// holds, delivered while smriti was not running: the next start reads every log again
/// (and says why), so a card answered on both machines is rescheduled as a fresh reading
/// does. Fails when start-up trusts the snapshot. Once a snapshot is written after the change,
/// it says how far it read each settings log, and only what the logs gain after that counts.
#[test]
fn a_late_settings_change_delivered_between_runs_is_read_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let tz = jiff::tz::TimeZone::UTC;
    let dev = crate::store::device::Device::at(home.path()).unwrap();
    let files = SavesLayout::new(dir.path());
    // c0 answered on two machines before they synced: aaaa's answer is rescheduled.
    let acts = [
        Act::Answer {
            dev: 0,
            card: 0,
            rating: 3,
            minutes: 60,
        },
        Act::Answer {
            dev: 1,
            card: 0,
            rating: 0,
            minutes: 30,
        },
    ];
    let [a, b, _] = logs(&acts);
    std::fs::write(files.reviews_of(Some("aaaa")), bytes(&a)).unwrap();
    std::fs::write(files.reviews_of(Some("bbbb")), bytes(&b)).unwrap();
    let mut o = crate::store::open(dir.path(), &dev, &tz).unwrap();
    o.saves.snapshot(&o.progress).unwrap();
    let before = o.progress.clone();
    drop(o);
    let t0: Timestamp = "2026-11-01T06:00:00Z".parse().unwrap();
    let retune = crate::store::settings_log::Change {
        at: t0 + jiff::SignedDuration::from_mins(10),
        desired_retention: Some(0.7),
        ..Default::default()
    };
    crate::store::settings_log::append(&files.settings_of("bbbb"), &retune).unwrap();
    let again = crate::store::open(dir.path(), &dev, &tz).unwrap();
    let over_time = crate::store::settings_log::params_over_time(dir.path(), &again.settings);
    let found = logs::scan(dir.path()).unwrap();
    let day_of = crate::store::day_fn(&tz, again.settings.rollover_hour);
    let fresh = whole(&found, None, &over_time, &day_of).unwrap().0;
    assert_ne!(before.decks, fresh.decks, "the change reschedules c0");
    assert_eq!(again.progress.decks, fresh.decks);
    assert!(
        again
            .notices
            .iter()
            .any(|n| n.contains("arrived after progress.json was written")),
        "{:?}",
        again.notices
    );
    // Once the snapshot is written again, the next start trusts it, whatever the file times
    // say: it records how far it read the settings log. (By the times alone, a snapshot
    // written in the same coarse tick as the log's change looked older than it, and every
    // log was read again at each start: here its time is set far back, which fails then.)
    let mut again = again;
    again.saves.snapshot(&again.progress).unwrap();
    drop(again);
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1);
    std::fs::File::options()
        .write(true)
        .open(files.snapshot())
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let read_again = |what: &str| {
        let o = crate::store::open(dir.path(), &dev, &tz).unwrap();
        let over_time = crate::store::settings_log::params_over_time(dir.path(), &o.settings);
        let fresh = whole(&found, None, &over_time, &day_of).unwrap().0;
        assert_eq!(o.progress.decks, fresh.decks, "{what}");
        o.notices.iter().any(|n| n.contains("arrived after"))
    };
    assert!(!read_again("the snapshot"));
    // What the logs gain after it counts only when it may reschedule answers already read:
    // not an exam date, nor a retention change made after every answer read…
    let append = |change| {
        crate::store::settings_log::append(&files.settings_of("bbbb"), &change).unwrap();
    };
    append(crate::store::settings_log::Change {
        at: t0,
        exam_date: Some(Some(jiff::civil::date(2027, 5, 23))),
        ..Default::default()
    });
    append(crate::store::settings_log::Change {
        at: t0 + jiff::SignedDuration::from_hours(24 * 10),
        desired_retention: Some(0.8),
        ..Default::default()
    });
    assert!(!read_again("later changes"));
    // …but a change of the weights made before them does: every log is read again.
    let mut weights = crate::domain::scheduler::Params::default().weights.to_vec();
    weights[0] *= 2.0;
    append(crate::store::settings_log::Change {
        at: t0 + jiff::SignedDuration::from_mins(20),
        weights: Some(weights),
        ..Default::default()
    });
    assert!(read_again("a late change of the weights"));
}
