use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::domain::deck::Side;
use crate::domain::progress::Event;
use crate::store::review_log::Mark;

/// Everything a reading gives, with every number as its bits, in a fixed order: two readings
/// are the same bit for bit when these are equal.
fn bits(p: &Progress, m: &Marks) -> String {
    let mut out = format!("seq {} marks {m:?}\n", p.last_seq);
    let mut decks: Vec<_> = p.decks.iter().collect();
    decks.sort_by(|a, b| a.0.cmp(b.0));
    for (id, d) in decks {
        let mut suspended: Vec<String> = d.suspended.iter().map(ToString::to_string).collect();
        suspended.sort();
        out += &format!("deck {id:?} {:?} {suspended:?}\n", d.today);
        let mut items: Vec<_> = d.items.iter().collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, s) in items {
            out += &format!(
                "{:?} {:?} {:?} {:x} {:x} {} {} {} {}\n",
                k,
                s.phase,
                s.step,
                s.stability.to_bits(),
                s.difficulty.to_bits(),
                s.due.as_nanosecond(),
                s.last_review.as_nanosecond(),
                s.reps,
                s.lapses
            );
        }
    }
    out
}

/// Writes `p` as the snapshot at `dir/progress.json` with its cache, as `Saves::snapshot` and
/// the background writer do (both streamed).
fn save(dir: &Path, p: &Progress, marks: &Marks) -> PathBuf {
    let json = dir.join("progress.json");
    let decks = p
        .decks
        .iter()
        .map(|(id, d)| (id.clone(), Arc::clone(d)))
        .collect();
    let read = crate::store::settings_log::Read::new();
    crate::store::snapshot_writer::write_snapshot(&json, decks, marks, &read, &[], &|| false)
        .unwrap();
    assert_eq!(
        std::fs::read(&json).unwrap(),
        progress_file::to_bytes(p, marks),
        "the JSON streamed is the JSON serialised"
    );
    json
}

/// The streamed cache is the one built in memory, byte for byte, across many pieces of the
/// stream (several decks, one of them empty, one of tens of thousands of items).
#[test]
fn the_streamed_cache_is_the_cache_built_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, marks) = sample();
    let state = p.decks["d"].items.iter().next().unwrap().1.clone();
    let big = p.deck_mut(&"big".into());
    for i in 0..30_000 {
        big.items
            .insert(ItemKey::parse(&format!("card-{i}")), state.clone());
    }
    big.suspended.insert(ItemKey::parse("card-7"));
    p.deck_mut(&"empty".into());
    let json = save(dir.path(), &p, &marks);
    let streamed = std::fs::read(path_for(&json)).unwrap();
    assert!(streamed.len() > 1 << 20, "{}", streamed.len());
    std::fs::remove_file(path_for(&json)).unwrap();
    let (bytes, cache) = progress_file::to_bytes_and_cache(&p, &marks);
    cache.finish(&json, bytes.len() as u64).unwrap();
    assert!(std::fs::read(path_for(&json)).unwrap() == streamed);
    let (cached, m) = load(&json).expect("the cache is used");
    assert_eq!(bits(&cached, &m), json_reading(&json));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "no temporary left: {names:?}");
}

/// A write told to stop part-way leaves the snapshot and its cache as they were, and neither
/// temporary file.
#[test]
fn a_stopped_write_leaves_both_files_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (p, marks) = sample();
    let json = save(dir.path(), &p, &marks);
    let (before, cache_before) = (
        std::fs::read(&json).unwrap(),
        std::fs::read(path_for(&json)).unwrap(),
    );
    let mut q = p.clone();
    let state = p.decks["d"].items.iter().next().unwrap().1.clone();
    for i in 0..10_000 {
        q.deck_mut(&"d".into())
            .items
            .insert(ItemKey::parse(&format!("n{i}")), state.clone());
    }
    let decks = q
        .decks
        .iter()
        .map(|(id, d)| (id.clone(), Arc::clone(d)))
        .collect();
    let asked = std::cell::Cell::new(0);
    let stop = || {
        asked.set(asked.get() + 1);
        asked.get() > 1
    };
    let read = crate::store::settings_log::Read::new();
    let e = crate::store::snapshot_writer::write_snapshot(&json, decks, &marks, &read, &[], &stop)
        .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::Interrupted);
    assert_eq!(std::fs::read(&json).unwrap(), before);
    assert_eq!(std::fs::read(path_for(&json)).unwrap(), cache_before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// The JSON read alone, as before there was a cache.
fn json_reading(json: &Path) -> String {
    let (p, m) = progress_file::from_bytes("p", &std::fs::read(json).unwrap()).unwrap();
    bits(&p, &m)
}

fn state() -> impl Strategy<Value = CardState> {
    let phase = prop_oneof![
        Just(Phase::Learning),
        Just(Phase::Review),
        Just(Phase::Relearning)
    ];
    let num = prop_oneof![
        proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
        0.0..100.0f64
    ];
    (
        phase,
        proptest::option::of(0u32..5),
        num.clone(),
        num,
        any::<i64>(),
        any::<i64>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(
            |(phase, step, stability, difficulty, due, last, reps, lapses)| {
                let at = |ns: i64| Timestamp::from_nanosecond(i128::from(ns)).unwrap();
                CardState {
                    phase,
                    step,
                    stability,
                    difficulty,
                    due: at(due),
                    last_review: at(last),
                    reps,
                    lapses,
                }
            },
        )
}

fn key() -> impl Strategy<Value = ItemKey> {
    let side = prop_oneof![
        Just(Side::Forward),
        Just(Side::Reverse),
        (1u16..4).prop_map(Side::Cloze)
    ];
    // Ids as decks allow, and a few that only a log could hold (a colon, non-ASCII).
    ("[a-z0-9._-]{1,8}|[a-zé:]{1,5}", side).prop_map(|(card, side)| ItemKey {
        card: card.as_str().into(),
        side,
    })
}

fn progress() -> impl Strategy<Value = (Progress, Marks)> {
    let deck = (
        proptest::collection::vec((key(), state()), 0..12),
        proptest::collection::vec(key(), 0..3),
        proptest::option::of((2000i16..2100, 1i8..13, 1i8..29)),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(items, suspended, date, new, reviews)| DeckProgress {
            items: items.into_iter().collect(),
            today: DayCounts {
                date: date.map(|(y, m, d)| jiff::civil::date(y, m, d)),
                new,
                reviews,
            },
            suspended: suspended.into_iter().collect(),
        });
    let marks = (0u64..1000, 0u64..1000, any::<bool>()).prop_map(|(seq, lines, device)| {
        let mark = Mark {
            seq,
            offset: lines * 300,
            lines,
            at: None,
        };
        if device {
            Marks::from_parts(mark, BTreeMap::from([("laptop-1".to_owned(), mark)]))
        } else {
            mark.into()
        }
    });
    (
        proptest::collection::btree_map("[a-z][a-z0-9-]{0,6}", deck, 0..4),
        marks,
    )
        .prop_map(|(decks, marks)| {
            let progress = Progress {
                decks: decks
                    .into_iter()
                    .map(|(id, d)| (DeckId::from(id.as_str()), Arc::new(d)))
                    .collect(),
                last_seq: marks.iter().map(|(_, m)| m.seq).max().unwrap_or(0),
            };
            (progress, marks)
        })
}

/// Applies `tail`, as log events after `whole`'s last one, to both progresses.
fn apply_tail(
    tail: &[(String, ItemKey, u8, CardState)],
    whole: &mut Progress,
    cached: &mut Progress,
) {
    let day = |_: Timestamp| jiff::civil::date(2026, 1, 1);
    let first = whole.last_seq + 1;
    for (i, c) in tail.iter().enumerate() {
        let e = event(first + i as u64, c);
        whole.apply(&e, &day);
        cached.apply(&e, &day);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The cache reads back what the JSON reads, bit for bit, and is what `load` uses.
    #[test]
    fn the_cache_reads_as_the_json_does((p, marks) in progress()) {
        let dir = tempfile::tempdir().unwrap();
        let json = save(dir.path(), &p, &marks);
        let (cached, m) = load(&json).expect("the cache is used");
        prop_assert_eq!(bits(&cached, &m), json_reading(&json));
        let (loaded, m2) = progress_file::load(&json).unwrap().unwrap();
        prop_assert_eq!(bits(&loaded, &m2), json_reading(&json));
    }

    /// A cache with any byte changed, or cut short anywhere, is not used: the JSON is read, and
    /// the result is the same.
    #[test]
    fn a_damaged_cache_falls_back_to_the_json(
        (p, marks) in progress(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let json = save(dir.path(), &p, &marks);
        let mut bytes = std::fs::read(path_for(&json)).unwrap();
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] ^= flip;
        }
        std::fs::write(path_for(&json), &bytes).unwrap();
        prop_assert!(load(&json).is_none());
        let (loaded, m) = progress_file::load(&json).unwrap().unwrap();
        prop_assert_eq!(bits(&loaded, &m), json_reading(&json));
    }
}

fn sample() -> (Progress, Marks) {
    let mut p = Progress::default();
    let at: Timestamp = "2026-01-05T00:00:00.123456789Z".parse().unwrap();
    let d = p.deck_mut(&"d".into());
    d.items.insert(
        ItemKey::parse("c1:reverse"),
        CardState {
            phase: Phase::Review,
            step: None,
            stability: 0.1 + 0.2,
            difficulty: 4.25,
            due: at,
            last_review: at,
            reps: 2,
            lapses: 0,
        },
    );
    let mark = Mark {
        seq: 9,
        offset: 1234,
        lines: 9,
        at: None,
    };
    p.last_seq = 9;
    (p, mark.into())
}

#[test]
fn a_cache_of_another_json_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (p, marks) = sample();
    let json = save(dir.path(), &p, &marks);
    let cache = std::fs::read(path_for(&json)).unwrap();
    // The JSON rewritten by hand (or by an older smriti, which writes no cache): same marks,
    // another length.
    let mut q = p.clone();
    q.deck_mut(&"d".into())
        .items
        .values_mut()
        .for_each(|s| s.reps = 12345);
    std::fs::write(&json, progress_file::to_bytes(&q, &marks)).unwrap();
    assert!(load(&json).is_none());
    let (read, _) = progress_file::load(&json).unwrap().unwrap();
    assert_eq!(read, q);
    // The same length and time but other marks in its header.
    let mut other = marks.legacy();
    other.seq = 8;
    let same_len = progress_file::to_bytes(&p, &other.into());
    std::fs::write(&json, &same_len).unwrap();
    std::fs::write(path_for(&json), &cache).unwrap();
    let meta = std::fs::metadata(&json).unwrap();
    let mut c = cache.clone();
    // Give the old cache this file's length and time, so that only the header tells them apart.
    let off = MAGIC.len() + 8;
    c[off..off + 8].copy_from_slice(&meta.len().to_le_bytes());
    let mtime = stamp(&json).unwrap().1;
    c[off + 8..off + 16].copy_from_slice(&mtime.to_le_bytes());
    let crc = crc32fast::hash(&c[MAGIC.len() + 8..]);
    c[MAGIC.len() + 4..MAGIC.len() + 8].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(path_for(&json), &c).unwrap();
    assert!(load(&json).is_none(), "the header differs");
    assert_eq!(
        progress_file::load(&json).unwrap().unwrap().1.legacy().seq,
        8
    );
}

#[test]
fn no_json_means_no_snapshot_even_with_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (p, marks) = sample();
    let json = save(dir.path(), &p, &marks);
    std::fs::remove_file(&json).unwrap();
    assert!(path_for(&json).exists());
    assert_eq!(progress_file::load(&json).unwrap(), None);
}

#[test]
fn a_cache_is_not_written_for_a_json_that_is_not_the_one_written() {
    let dir = tempfile::tempdir().unwrap();
    let (p, marks) = sample();
    let json = dir.path().join("progress.json");
    let (bytes, cache) = progress_file::to_bytes_and_cache(&p, &marks);
    std::fs::write(&json, &bytes[..bytes.len() - 1]).unwrap();
    assert!(cache.finish(&json, bytes.len() as u64).is_err());
    assert!(!path_for(&json).exists());
}

#[test]
fn one_deck_is_decoded_alone_and_reads_as_in_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, marks) = sample();
    let other = p.decks["d"].clone();
    p.decks.insert("e".into(), other);
    let json = save(dir.path(), &p, &marks);
    let (one, m) = load_decks(&json, &|id| id == "e").unwrap();
    assert_eq!(one.decks.keys().collect::<Vec<_>>(), ["e"]);
    assert_eq!(one.decks["e"], p.decks["e"]);
    assert_eq!((one.last_seq, m), (p.last_seq, marks));
    // A cache whose other decks are damaged is not used even for this one.
    let mut bytes = std::fs::read(path_for(&json)).unwrap();
    bytes.truncate(bytes.len() - 1);
    std::fs::write(path_for(&json), &bytes).unwrap();
    assert!(load_decks(&json, &|id| id == "d").is_none());
}

/// A change after the snapshot: an answer (a new state), an undo (back to new) or a
/// suspension, to one item of one deck (perhaps a deck or item the snapshot does not have).
fn change() -> impl Strategy<Value = (String, ItemKey, u8, CardState)> {
    ("[a-c]", key(), 0u8..3, state())
}

fn event(seq: u64, (deck, key, what, state): &(String, ItemKey, u8, CardState)) -> Event {
    use crate::domain::progress::{Before, Mode};
    use crate::domain::scheduler::Rating;
    let (at, deck, card) = (
        state.last_review,
        DeckId::from(deck.as_str()),
        key.to_string(),
    );
    match what {
        0 => Event::Review {
            seq,
            at,
            deck,
            card,
            rating: Rating::Good,
            mode: Mode::Flashcard,
            ms: 1000,
            verdict: None,
            before: Before::Review,
            state: state.clone(),
        },
        1 => Event::Undo {
            seq,
            at,
            deck,
            card,
            undoes: seq - 1,
            before: Before::New,
            state: None,
            takes_back: None,
        },
        _ => Event::Suspend {
            seq,
            at,
            deck,
            card,
            on: true,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Decks read from the cache stay frozen, and everything read from them without building
    /// them (each item's state, found or not; the count; the items in key order) equals what
    /// the progress built whole gives; a tail of changes applied after builds only the decks it
    /// touches, and leaves the same progress as when applied to the whole; and the snapshot
    /// written again from the frozen decks is the same file.
    #[test]
    fn frozen_decks_read_and_change_as_whole_ones(
        (p, marks) in progress(),
        probes in proptest::collection::vec(key(), 0..6),
        tail in proptest::collection::vec(change(), 0..6),
    ) {
        use crate::domain::deck::KeyRef;
        let dir = tempfile::tempdir().unwrap();
        let json = save(dir.path(), &p, &marks);
        let (mut cached, m) = load(&json).expect("the cache is used");
        for (id, whole) in &p.decks {
            let frozen = &cached.decks[id].items;
            prop_assert!(frozen.is_frozen() || whole.items.is_empty());
            prop_assert_eq!(frozen.len(), whole.items.len());
            for k in whole.items.keys().map(|k| k.to_key()).chain(probes.iter().cloned()) {
                prop_assert_eq!(
                    frozen.state(&k as &dyn KeyRef),
                    whole.items.get(&k).cloned(),
                    "{}", k
                );
                prop_assert_eq!(frozen.contains_key(&k), whole.items.contains_key(&k));
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            frozen.each_sorted(|k, s| a.push((k.to_key(), s.clone())));
            whole.items.each_sorted(|k, s| b.push((k.to_key(), s.clone())));
            prop_assert_eq!(a, b);
            prop_assert!(frozen.is_frozen() || whole.items.is_empty(), "reading built it");
        }
        prop_assert_eq!(
            progress_file::to_bytes(&cached, &m),
            progress_file::to_bytes(&p, &marks)
        );
        let mut whole = p.clone();
        apply_tail(&tail, &mut whole, &mut cached);
        let touched: HashSet<&str> = tail.iter().map(|c| c.0.as_str()).collect();
        for (id, d) in &cached.decks {
            if !touched.contains(id.as_str()) && !d.items.is_empty() {
                prop_assert!(d.items.is_frozen(), "{} untouched", id);
            }
        }
        prop_assert_eq!(bits(&cached, &m), bits(&whole, &marks));
        prop_assert_eq!(
            progress_file::to_bytes(&cached, &m),
            progress_file::to_bytes(&whole, &marks)
        );
    }
}

/// An outline of deck `id` over some of `keys`' cards (and a few cards of no item), in an
/// order drawn from `seed`: each card studied forward, both ways, or as a cloze of as many
/// deletions as its greatest key names.
fn outline_over(id: &str, keys: &[ItemKey], seed: u64) -> Outline {
    use crate::domain::deck::Sides;
    let mut cards: BTreeMap<String, Sides> = BTreeMap::new();
    for k in keys {
        let s = match k.side {
            Side::Forward => Sides::Forward,
            Side::Reverse => Sides::Both,
            Side::Cloze(n) => Sides::Cloze(n),
        };
        let e = cards.entry(k.card.to_string()).or_insert(s);
        *e = match (*e, s) {
            (Sides::Cloze(a), Sides::Cloze(b)) => Sides::Cloze(a.max(b)),
            (Sides::Cloze(a), _) | (_, Sides::Cloze(a)) => Sides::Cloze(a),
            (Sides::Both, _) | (_, Sides::Both) => Sides::Both,
            _ => Sides::Forward,
        };
    }
    for n in 0..seed % 3 {
        cards.insert(format!("new-{n}"), Sides::Forward);
    }
    let mut x = seed | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut cards: Vec<(u64, String, Sides)> = cards
        .into_iter()
        .map(|(c, s)| (next(), c, s))
        .filter(|(r, _, _)| r % 5 != 0)
        .collect();
    cards.sort_by_key(|c| c.0);
    Outline {
        id: DeckId::from(id),
        cards: cards
            .into_iter()
            .map(|(_, c, s)| (crate::domain::ids::CardId::from(c.as_str()), s))
            .collect(),
        ..Outline::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 16's summaries: for any progress and any tail of the log after the snapshot, the
    /// statistics read with the decks' summaries from the cache (the decks the tail does not
    /// touch) equal those of the progress built whole (no summary: every card looked up), as
    /// they would come from the JSON; a deck the tail touches has no summary any more, and an
    /// untouched one keeps the summary made for its outline.
    #[test]
    fn summaries_from_the_cache_equal_the_progress_built_whole(
        (p, marks) in progress(),
        seed in any::<u64>(),
        tail in proptest::collection::vec(change(), 0..6),
        exam_days in 0i64..400,
    ) {
        use crate::domain::aggregates::Aggregates;
        use crate::domain::stats::{figures, predicted_recall};
        let outlines: Vec<Arc<Outline>> = p
            .decks
            .iter()
            .map(|(id, d)| {
                let keys: Vec<ItemKey> = d.items.keys().map(|k| k.to_key()).collect();
                Arc::new(outline_over(id, &keys, seed ^ keys.len() as u64))
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("progress.json");
        let decks = p.decks.iter().map(|(id, d)| (id.clone(), Arc::clone(d))).collect();
        let read = crate::store::settings_log::Read::new();
        crate::store::snapshot_writer::write_snapshot(&json, decks, &marks, &read, &outlines, &|| false)
            .unwrap();
        let (mut cached, _) = load(&json).expect("the cache is used");
        let mut whole = p.clone();
        apply_tail(&tail, &mut whole, &mut cached);
        // A review or an undo changes a deck's items; a suspension does not (the summaries
        // leave suspension to the deck's own set), so a deck only suspended in keeps them.
        let touched: HashSet<&str> = tail
            .iter()
            .filter(|c| c.2 != 2)
            .map(|c| c.0.as_str())
            .collect();
        for o in &outlines {
            let d = &cached.decks[&o.id];
            let sum = d.items.summary();
            if touched.contains(o.id.as_str()) {
                prop_assert!(sum.is_none() || d.items.is_empty());
            } else if d.items.is_frozen() {
                prop_assert!(sum.is_some_and(|s| s.fits(o)), "{} keeps its summary", o.id);
            }
        }
        let decks: Vec<&Outline> = outlines.iter().map(|o| &**o).collect();
        let today = jiff::civil::date(2026, 1, 1);
        let end = |d: jiff::civil::Date| {
            d.tomorrow().unwrap().to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp()
        };
        let totals = Aggregates::default();
        prop_assert_eq!(
            figures(&decks, &totals, &cached, &[], today, &end),
            figures(&decks, &totals, &whole, &[], today, &end)
        );
        // And the figures of each deck as the look-ups give them from the progress built whole.
        let ends: Vec<Timestamp> = (0..30)
            .map(|i| end(today.checked_add(jiff::Span::new().days(i)).unwrap()))
            .collect();
        let (mut states, mut forecast) = (Default::default(), vec![0u32; 30]);
        for o in &decks {
            crate::domain::stats::looked_up(o, whole.deck(&o.id), &ends, &mut states, &mut forecast);
        }
        let f = figures(&decks, &totals, &cached, &[], today, &end);
        prop_assert_eq!((f.states, f.forecast), (states, forecast));
        let params = crate::domain::scheduler::Params::default();
        let at = Timestamp::from_second(1_767_225_600 + exam_days * 86_400).unwrap();
        for o in &decks {
            let (a, b) = (
                predicted_recall(o, &cached, at, &params),
                crate::domain::stats::recall_looked_up(o, whole.deck(&o.id), at, &params),
            );
            prop_assert_eq!(a.mean.to_bits(), b.mean.to_bits());
            prop_assert_eq!((a.below_90, a.cards, a.studied), (b.below_90, b.cards, b.studied));
        }
    }
}

proptest! {
    /// The check made at load, which makes no state, accepts exactly the items that reading
    /// them accepts (a bad phase or step, a non-finite number, a key that is not UTF-8, an item
    /// cut short), with the same key, and ends where the item ends.
    #[test]
    fn the_check_at_load_accepts_exactly_the_items_read(
        key in prop_oneof![
            "[a-z0-9:-]{0,12}(:reverse|:c[0-9]{1,3})?".prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..8),
        ],
        phase in 0u8..5,
        step in 0u8..3,
        step_value in prop_oneof![Just(0u32), any::<u32>()],
        stability in prop_oneof![Just(1.5f64), Just(f64::NAN), Just(f64::INFINITY), any::<f64>()],
        difficulty in prop_oneof![Just(5.0f64), Just(f64::NEG_INFINITY), any::<f64>()],
        rest in prop::collection::vec(any::<u8>(), 8 + 8 + 4 + 4),
        cut in any::<prop::sample::Index>(),
        cut_short in any::<bool>(),
    ) {
        let mut b = Vec::new();
        b.extend_from_slice(&u32::try_from(key.len()).unwrap().to_le_bytes());
        b.extend_from_slice(&key);
        b.push(phase);
        b.push(step);
        b.extend_from_slice(&step_value.to_le_bytes());
        b.extend_from_slice(&stability.to_bits().to_le_bytes());
        b.extend_from_slice(&difficulty.to_bits().to_le_bytes());
        b.extend_from_slice(&rest);
        b.extend_from_slice(b"next");
        if cut_short {
            b.truncate(cut.index(b.len() - 4));
        }
        let (mut read, mut checked) = (Rd { b: &b }, Rd { b: &b });
        let item = super::item(&mut read).map(|((card, side), _)| (card.as_bytes(), side));
        let check = super::check_item(&mut checked);
        prop_assert_eq!(item, check);
        if item.is_some() {
            prop_assert_eq!(read.b, checked.b);
        }
    }
}
