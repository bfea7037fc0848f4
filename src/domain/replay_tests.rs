//! The replay against the answer-by-answer reference, and split by deck against one replay.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::domain::button_order::schedule;
use crate::domain::logged::Logged;
use crate::domain::progress::{Before, Mode};
use crate::domain::scheduler::{Phase, Rating, fuzz_draw};

fn day(_: Timestamp) -> Date {
    jiff::civil::date(2026, 1, 1)
}

/// Study days of 24 hours from the epoch (so that the daily counts change with the log).
fn by_day(t: Timestamp) -> Date {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(t.as_second().div_euclid(86_400)))
        .unwrap()
}

/// Replay hashes the fuzz key as it writes it out: the same draw as the app's
/// `fuzz_draw(&format!("{deck}/{key}"), reps)`, for every shape of item key.
#[test]
fn a_fuzz_key_written_out_draws_as_its_text() {
    for (deck, item) in [
        ("d", "a"),
        ("d", "a:reverse"),
        ("d", "b:c12"),
        ("d", "b:c01"),
        ("d", "x:cq"),
        ("हिन्दी", "日本:c2"),
    ] {
        let (card, side) = ItemKey::split(item);
        let k = fuzz_key(deck, card, side);
        let key = ItemKey::parse(item);
        for reps in [0, 1, 7] {
            let want = crate::domain::scheduler::fuzz_draw(&format!("{deck}/{key}"), reps);
            assert_eq!(k.draw(reps).to_bits(), want.to_bits(), "{deck}/{item}");
        }
    }
}

#[test]
fn rebuild_replays_answers_under_new_settings_and_drops_undone_ones() {
    let t0: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
    let p9 = Params {
        enable_fuzz: false,
        ..Params::default()
    };
    let mk = |seq, at: Timestamp, card: &str, rating| {
        let o = crate::domain::scheduler::review(None, rating, at, &p9, 0.0);
        Event::Review {
            seq,
            at,
            deck: "d".into(),
            card: card.into(),
            rating,
            mode: Mode::Flashcard,
            ms: 1,
            verdict: None,
            before: Before::New,
            state: o.state,
        }
    };
    let events = vec![
        mk(1, t0, "a", Rating::Easy),
        mk(2, t0, "b", Rating::Easy),
        Event::Undo {
            seq: 3,
            at: t0,
            deck: "d".into(),
            card: "b".into(),
            undoes: 2,
            before: Before::New,
            state: None,
            takes_back: None,
        },
    ];
    let p = rebuild(
        &events,
        &Params {
            desired_retention: 0.8,
            ..p9.clone()
        },
        &day,
    );
    let dp = p.deck("d").unwrap();
    assert_eq!(p.last_seq, 3);
    assert!(!dp.items.contains_key(&ItemKey::forward("b")));
    let a = &dp.items[&ItemKey::forward("a")];
    // Easy on a new card: S = 8.2956; at DR 0.8 the interval is 3.316 × S ≈ 27.5 → 28 days.
    assert_eq!(crate::domain::time::elapsed_days(a.last_review, a.due), 28);
    assert_eq!(dp.today.new, 1);
}

/// The replay as the app applies answers, one at a time and slowly: each answer that is not
/// undone gets the scheduler's state on top of its card's current one (with the draw the app
/// makes from the written-out key), an imported answer keeps its own, and the event goes
/// through `Progress::apply` (suspensions too); undos and cram answers only number.
fn reference(events: &[Event], params: &Params, day_of: &dyn Fn(Timestamp) -> Date) -> Progress {
    let undone = undone_seqs(events);
    let mut p = Progress::default();
    for e in events {
        match e {
            Event::Review { seq, .. } if undone.contains(seq) => {
                p.last_seq = p.last_seq.max(*seq);
            }
            Event::Review {
                seq,
                at,
                deck,
                card,
                rating,
                mode,
                ms,
                verdict,
                ..
            } if *mode != Mode::Imported => {
                let key = ItemKey::parse(card);
                let cur = p.deck(deck).and_then(|d| d.items.get(&key)).cloned();
                let u = fuzz_draw(&format!("{deck}/{key}"), cur.as_ref().map_or(0, |s| s.reps));
                let state = schedule(cur.as_ref(), *rating, *at, params, u).state;
                let replayed = Event::Review {
                    seq: *seq,
                    at: *at,
                    deck: deck.clone(),
                    card: card.clone(),
                    rating: *rating,
                    mode: *mode,
                    ms: *ms,
                    verdict: *verdict,
                    before: Before::of(cur.as_ref()),
                    state,
                };
                p.apply(&replayed, day_of);
            }
            Event::Review { .. } | Event::Suspend { .. } => p.apply(e, day_of),
            Event::Undo { .. } | Event::Cram { .. } => p.last_seq = p.last_seq.max(e.seq()),
        }
    }
    p
}

/// What one generated event is, before it is numbered and timed.
#[derive(Debug, Clone)]
enum Kind {
    Answer(u8, Rating),
    Imported(u8, Rating),
    Cram(u8, Rating),
    /// Undoes the answer this many events back (any deck's).
    Undo(usize),
    Suspend(u8, bool),
}

fn rating() -> impl Strategy<Value = Rating> {
    prop::sample::select(Rating::ALL.to_vec())
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        8 => (any::<u8>(), rating()).prop_map(|(i, r)| Kind::Answer(i, r)),
        1 => (any::<u8>(), rating()).prop_map(|(i, r)| Kind::Imported(i, r)),
        1 => (any::<u8>(), rating()).prop_map(|(i, r)| Kind::Cram(i, r)),
        1 => (1usize..12).prop_map(Kind::Undo),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(i, on)| Kind::Suspend(i, on)),
    ]
}

/// Item `i`: one of 7 decks, 5 cards, and the card's forward, reverse or a cloze side.
fn item(i: u8) -> (DeckId, String) {
    let deck = format!("deck-{}", i % 7);
    let card = match (i / 7) % 4 {
        0 => format!("c{}", i / 28),
        1 => format!("c{}:reverse", i / 28),
        2 => format!("c{}:c2", i / 28),
        // Longer than the 24 bytes held inline.
        _ => format!("a-card-id-longer-than-the-inline-{}", i / 28),
    };
    (DeckId::from(deck.as_str()), card)
}

/// A log from generated kinds: numbered from 1, a minute to two days apart.
fn log(kinds: &[(Kind, u32)]) -> Vec<Event> {
    let mut at: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
    let mut events: Vec<Event> = Vec::new();
    for (seq, (k, gap)) in (1u64..).zip(kinds) {
        at = at
            .checked_add(jiff::SignedDuration::from_secs(i64::from(
                *gap % 172_800 + 60,
            )))
            .unwrap();
        let state = CardState {
            phase: Phase::Review,
            step: None,
            stability: 3.5,
            difficulty: 6.0,
            due: at
                .checked_add(jiff::SignedDuration::from_hours(72))
                .unwrap(),
            last_review: at,
            reps: 4,
            lapses: 1,
        };
        let answer = |i: u8, rating, mode| {
            let (deck, card) = item(i);
            Event::Review {
                seq,
                at,
                deck,
                card,
                rating,
                mode,
                ms: 1000,
                verdict: None,
                before: Before::Review,
                state: state.clone(),
            }
        };
        events.push(match k {
            Kind::Answer(i, r) => answer(*i, *r, Mode::Flashcard),
            Kind::Imported(i, r) => answer(*i, *r, Mode::Imported),
            Kind::Cram(i, r) => {
                let (deck, card) = item(*i);
                Event::Cram {
                    seq,
                    at,
                    deck,
                    card,
                    rating: *r,
                    ms: 500,
                }
            }
            Kind::Undo(back) => {
                let undoes = seq.saturating_sub(*back as u64);
                let (deck, card) = events.iter().find(|e| e.seq() == undoes).map_or(
                    (DeckId::from("deck-0"), "c0".to_owned()),
                    |e| match e {
                        Event::Review { deck, card, .. }
                        | Event::Cram { deck, card, .. }
                        | Event::Undo { deck, card, .. }
                        | Event::Suspend { deck, card, .. } => (deck.clone(), card.clone()),
                    },
                );
                Event::Undo {
                    seq,
                    at,
                    deck,
                    card,
                    undoes,
                    before: Before::New,
                    state: None,
                    takes_back: None,
                }
            }
            Kind::Suspend(i, on) => {
                let (deck, card) = item(*i);
                Event::Suspend {
                    seq,
                    at,
                    deck,
                    card,
                    on: *on,
                }
            }
        });
    }
    events
}

/// The log replayed by `shards` replays, deck `d` going to `assign[d] % shards`, each event
/// given as `smriti rebuild` reads it (an answer without its stored state: `Logged`).
fn split(
    events: &[Event],
    params: &Params,
    shards: usize,
    assign: &[usize],
    day_of: &dyn Fn(Timestamp) -> Date,
) -> Progress {
    let undone = Arc::new(undone_seqs(events));
    let mut replays: Vec<Replay> = (0..shards)
        .map(|_| Replay::new(params, undone.clone()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in events {
        let n = seen.len();
        let d = *seen.entry(e.deck().to_owned()).or_insert(n);
        let shard = assign.get(d).copied().unwrap_or(d) % shards;
        replays[shard].push_logged(&Logged::from(e.clone()), day_of(e.at()));
    }
    join(replays.into_iter().map(Replay::finish))
}

#[test]
fn a_split_log_of_many_decks_replays_as_one() {
    // Two decks, the second's answer undone from the first's place in the log, a cram answer
    // and a suspension in between.
    let kinds = [
        (Kind::Answer(0, Rating::Good), 0),
        (Kind::Answer(1, Rating::Easy), 0),
        (Kind::Cram(1, Rating::Again), 0),
        (Kind::Suspend(2, true), 0),
        (Kind::Undo(3), 0),
        (Kind::Answer(0, Rating::Hard), 90_000),
        (Kind::Imported(10, Rating::Good), 0),
    ];
    let events = log(&kinds);
    let params = Params::default();
    let one = reference(&events, &params, &by_day);
    assert_eq!(rebuild(&events, &params, &by_day), one);
    for shards in 1..=3 {
        assert_eq!(
            split(&events, &params, shards, &[0, 1, 2], &by_day),
            one,
            "{shards}"
        );
    }
    // What the log says: deck-1's only answer was undone, so it holds nothing, and is not
    // made (a cram answer makes no deck); deck-2 was made by its suspension.
    assert!(one.deck("deck-1").is_none());
    assert_eq!(one.deck("deck-2").map(|d| d.suspended.len()), Some(1));
    assert_eq!(one.deck("deck-0").map(|d| d.items.len()), Some(1));
    assert_eq!(one.last_seq, 7);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any log of answers, imported answers, cram answers, undos (across decks) and
    /// suspensions over seven decks: the replay gives what applying each answer does, and
    /// split by deck over one to four replays, in any assignment, what one replay gives.
    #[test]
    fn the_replay_is_the_reference_whole_or_split_by_deck(
        kinds in prop::collection::vec((kind(), any::<u32>()), 0..160),
        shards in 1usize..=4,
        assign in prop::collection::vec(0usize..4, 7),
        retention in prop::sample::select(vec![0.8, 0.9, 0.95]),
    ) {
        let events = log(&kinds);
        let params = Params { desired_retention: retention, ..Params::default() };
        let one = rebuild(&events, &params, &by_day);
        prop_assert_eq!(&one, &reference(&events, &params, &by_day));
        prop_assert_eq!(split(&events, &params, shards, &assign, &by_day), one);
    }
}
