use super::*;
use crate::domain::deck::Side;
use crate::domain::deck::{CardBody, CardId, Sides};
use crate::domain::fixtures::card;
use crate::domain::outline::Outline;
use crate::domain::time::add_days;
use jiff::tz::TimeZone;
use std::collections::HashSet;

/// Deck "d" of `n` basic cards `c0`, `c1`… (`q0`/`a0`…), each both ways when `reverse`.
fn deck(n: usize, reverse: bool) -> Deck {
    let body = |i| CardBody::Basic {
        front: format!("q{i}"),
        back: format!("a{i}"),
        reverse,
        distractors: vec![],
    };
    let cards = (0..n).map(|i| card(&format!("c{i}"), body(i), &[]));
    crate::domain::fixtures::deck("d", cards.collect())
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn day_at(now: Timestamp) -> StudyDay {
    StudyDay::containing(now, &TimeZone::UTC, 4)
}

fn day_of(t: Timestamp) -> jiff::civil::Date {
    day_at(t).date
}

const LIMITS: Limits = Limits {
    new_per_day: 3,
    reviews_per_day: 100,
};

fn params() -> Params {
    Params {
        enable_fuzz: false,
        ..Params::default()
    }
}

fn answer(s: &mut Session, p: &mut Progress, r: Rating, now: Timestamp) -> ItemKey {
    let key = s.advance(now).unwrap().clone();
    s.answer(p, r, now, Answer::flashcard(1000), &params(), &day_of)
        .unwrap();
    key
}

#[test]
fn new_items_are_capped_by_the_daily_limit_and_shown_in_deck_order() {
    let d = deck(10, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    assert_eq!(
        s.counts(),
        Counts {
            new: 3,
            learning: 0,
            due: 0
        }
    );
    let mut p = Progress::default();
    let first = answer(&mut s, &mut p, Rating::Easy, now);
    assert_eq!(first.card, "c0");
    assert_eq!(
        s.counts(),
        Counts {
            new: 2,
            learning: 0,
            due: 0
        }
    );
    // Easy graduates a new item at once; the limit counts it as introduced today.
    let dp = p.deck("d").unwrap();
    assert_eq!(dp.today.on(day_at(now).date), (1, 0));
    assert_eq!(
        deck_counts(&d.outline(), Some(dp), &day_at(now), LIMITS).new,
        2
    );
}

#[test]
fn learning_items_come_back_when_due_and_early_when_nothing_else_is_left() {
    let d = deck(2, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    let mut p = Progress::default();
    assert_eq!(answer(&mut s, &mut p, Rating::Again, now).card, "c0");
    assert_eq!(
        s.counts(),
        Counts {
            new: 1,
            learning: 1,
            due: 0
        }
    );
    // c0 is due in 1 minute; c1 is shown first.
    assert_eq!(
        answer(&mut s, &mut p, Rating::Good, add_secs(now, 5.0)).card,
        "c1"
    );
    // 10 s later nothing is due, but c0 (due in 50 s) is within the learn-ahead window.
    let later = add_secs(now, 10.0);
    assert_eq!(s.advance(later).unwrap().card, "c0");
    s.answer(
        &mut p,
        Rating::Good,
        later,
        Answer::flashcard(1000),
        &params(),
        &day_of,
    );
    // c1 (600 s) and c0 (600 s) remain; far past learn-ahead there is nothing but a wait.
    assert_eq!(s.counts().learning, 2);
    let key = s.advance(add_secs(now, 700.0)).unwrap().clone();
    assert_eq!(key.card, "c1");
}

#[test]
fn a_session_ends_with_a_wait_or_done() {
    let d = deck(1, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(
        &d,
        None,
        day_at(now),
        Limits {
            new_per_day: 1,
            reviews_per_day: 10,
        },
        1,
    );
    answer(&mut s, &mut p, Rating::Hard, now);
    // Hard at step 0 waits 330 s, beyond nothing else: learn-ahead shows it early.
    assert!(s.advance(now).is_ok());
    s.answer(
        &mut p,
        Rating::Good,
        now,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    // Good moves it to step 1 (600 s); 20-minute learn-ahead still covers it.
    assert!(s.advance(now).is_ok());
    s.answer(
        &mut p,
        Rating::Again,
        now,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    assert!(s.advance(now).is_ok());
    s.answer(
        &mut p,
        Rating::Easy,
        now,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    assert_eq!(s.advance(now), Err(Idle::Done));
    let mut s2 = Session::new(&d, p.deck("d"), day_at(now), LIMITS, 1);
    assert_eq!(s2.advance(now), Err(Idle::Done));
}

#[test]
fn waiting_is_reported_when_learning_is_beyond_learn_ahead() {
    let d = deck(1, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let steps = Params {
        learning_steps: vec![3600.0],
        ..params()
    };
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    s.advance(now).unwrap();
    s.answer(
        &mut p,
        Rating::Again,
        now,
        Answer::flashcard(1),
        &steps,
        &day_of,
    );
    assert_eq!(s.advance(now), Err(Idle::WaitUntil(add_secs(now, 3600.0))));
}

#[test]
fn reviews_due_today_are_counted_and_new_items_are_spread_among_them() {
    let d = deck(6, false);
    let t = ts("2026-11-20T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(
        &d,
        None,
        day_at(t),
        Limits {
            new_per_day: 2,
            reviews_per_day: 10,
        },
        1,
    );
    // Make c0 and c1 review items due in 2 days.
    for _ in 0..2 {
        answer(&mut s, &mut p, Rating::Good, t);
    }
    for _ in 0..2 {
        answer(&mut s, &mut p, Rating::Good, add_secs(t, 600.0));
    }
    let now = ts("2026-11-22T12:00:00Z");
    let dp = p.deck("d").unwrap();
    assert_eq!(
        deck_counts(&d.outline(), Some(dp), &day_at(now), LIMITS),
        Counts {
            new: 3,
            learning: 0,
            due: 2
        }
    );
    let mut s = Session::new(
        &d,
        Some(dp),
        day_at(now),
        Limits {
            new_per_day: 2,
            reviews_per_day: 10,
        },
        7,
    );
    let order: Vec<CardId> = (0..4)
        .map(|_| answer(&mut s, &mut p, Rating::Easy, now).card)
        .collect();
    let kinds: Vec<bool> = order.iter().map(|c| c == "c0" || c == "c1").collect();
    assert_eq!(kinds, [false, true, false, true], "{order:?}");
}

#[test]
fn review_limit_counts_answers_already_given_today() {
    let d = deck(3, false);
    let t = ts("2026-11-20T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(t), LIMITS, 1);
    for _ in 0..3 {
        answer(&mut s, &mut p, Rating::Easy, t);
    }
    let now = ts("2026-12-22T12:00:00Z");
    let lim = Limits {
        new_per_day: 0,
        reviews_per_day: 2,
    };
    let mut s = Session::new(&d, p.deck("d"), day_at(now), lim, 1);
    assert_eq!(s.counts().due, 2);
    answer(&mut s, &mut p, Rating::Good, now);
    // A restart mid-day still knows one review was done.
    assert_eq!(
        deck_counts(&d.outline(), p.deck("d"), &day_at(now), lim).due,
        1
    );
}

#[test]
fn undo_restores_state_queue_and_counts() {
    let d = deck(3, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    let before = s.counts();
    let k = answer(&mut s, &mut p, Rating::Again, now);
    assert_eq!(
        s.counts(),
        Counts {
            new: 2,
            learning: 1,
            due: 0
        }
    );
    let ev = s.undo(&mut p, now, &day_of).unwrap();
    assert!(matches!(
        ev,
        Event::Undo {
            undoes: 1,
            seq: 2,
            state: None,
            ..
        }
    ));
    assert_eq!(s.current(), Some(&k));
    assert_eq!(s.counts(), before);
    assert!(p.deck("d").unwrap().items.is_empty());
    assert_eq!(p.deck("d").unwrap().today.on(day_at(now).date), (0, 0));
    assert_eq!(s.summary().answers, 0);
    assert!(!s.can_undo());
}

#[test]
fn the_reverse_direction_waits_for_another_day() {
    let d = deck(2, true);
    let now = ts("2026-11-22T10:00:00Z");
    let ten = Limits {
        new_per_day: 10,
        reviews_per_day: 10,
    };
    let mut s = Session::new(&d, None, day_at(now), ten, 1);
    assert_eq!(s.counts().new, 2);
    // The deck list counts four (both directions of two cards); the session says two wait.
    assert_eq!(deck_counts(&d.outline(), None, &day_at(now), ten).new, 4);
    assert_eq!(s.waiting_siblings(), 2);
    let mut p = Progress::default();
    answer(&mut s, &mut p, Rating::Easy, now);
    answer(&mut s, &mut p, Rating::Easy, now);
    assert_eq!(
        deck_counts(&d.outline(), p.deck("d"), &day_at(now), LIMITS).new,
        0
    );
    let tomorrow = ts("2026-11-23T10:00:00Z");
    assert_eq!(
        deck_counts(&d.outline(), p.deck("d"), &day_at(tomorrow), LIMITS).new,
        2
    );
}

#[test]
fn a_new_reverse_waits_while_its_forward_is_still_being_learnt() {
    // The reported case: on a later day `c0` is in learning (due today) and `c0:reverse` is
    // new; they used to be shown 12 s apart.
    let d = deck(1, true);
    let lim = Limits {
        new_per_day: 10,
        reviews_per_day: 10,
    };
    let day1 = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(day1), lim, 1);
    assert_eq!(
        answer(&mut s, &mut p, Rating::Again, day1),
        ItemKey::forward("c0")
    );
    // Day 2: the forward item is still in (re)learning.
    let day2 = ts("2026-11-23T10:00:00Z");
    let c0 = ItemKey::forward("c0");
    let st = p.deck_mut(&"d".into()).items.get_mut(&c0).unwrap();
    st.phase = Phase::Learning;
    st.due = day2;
    let mut s = Session::new(&d, p.deck("d"), day_at(day2), lim, 1);
    assert_eq!(
        s.counts(),
        Counts {
            new: 0,
            learning: 1,
            due: 0
        }
    );
    assert_eq!(answer(&mut s, &mut p, Rating::Easy, day2), c0);
    assert_eq!(s.advance(day2), Err(Idle::Done));
    // A learning item due tomorrow keeps its sibling waiting today as well.
    let st = p.deck_mut(&"d".into()).items.get_mut(&c0).unwrap();
    st.phase = Phase::Learning;
    st.due = ts("2026-11-25T10:00:00Z");
    st.last_review = ts("2026-11-23T10:00:00Z");
    let day3 = ts("2026-11-24T10:00:00Z");
    assert_eq!(
        deck_counts(&d.outline(), p.deck("d"), &day_at(day3), lim),
        Counts::default()
    );
}

#[test]
fn cards_of_one_group_are_buried_like_siblings() {
    let mut d = deck(4, false);
    d.cards[0].group = Some("five-challenges".into());
    d.cards[2].group = Some("five-challenges".into());
    d.cards[3].group = Some("alone".into());
    let lim = Limits {
        new_per_day: 10,
        reviews_per_day: 10,
    };
    assert_eq!(d.outline().groups, vec![vec![0, 2]]);
    let now = ts("2026-11-22T10:00:00Z");
    let mut s = Session::new(&d, None, day_at(now), lim, 1);
    assert_eq!(s.counts().new, 3);
    let mut p = Progress::default();
    let shown: Vec<CardId> = (0..3)
        .map(|_| answer(&mut s, &mut p, Rating::Easy, now).card)
        .collect();
    assert_eq!(shown, ["c0", "c1", "c3"]);
    assert_eq!(s.advance(now), Err(Idle::Done));
    // c2 comes the next day, not before.
    let next = ts("2026-11-23T10:00:00Z");
    let mut s = Session::new(&d, p.deck("d"), day_at(next), lim, 1);
    assert_eq!(answer(&mut s, &mut p, Rating::Easy, next).card, "c2");
    assert_eq!(s.advance(next), Err(Idle::Done));
}

#[test]
fn summary_counts_right_and_wrong() {
    let d = deck(3, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    answer(&mut s, &mut p, Rating::Again, now);
    answer(&mut s, &mut p, Rating::Good, now);
    answer(&mut s, &mut p, Rating::Easy, now);
    let sum = s.summary();
    assert_eq!(
        (sum.answers, sum.right, sum.wrong, sum.new_seen, sum.millis),
        (3, 2, 1, 3, 3000)
    );
}

#[test]
fn undo_of_an_item_already_back_on_screen_does_not_duplicate_it() {
    let d = deck(2, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(now), LIMITS, 1);
    answer(&mut s, &mut p, Rating::Good, now); // c0 → learning, 10 min
    answer(&mut s, &mut p, Rating::Again, now); // c1 → learning, 1 min
    // Nothing else is left: learn-ahead puts c1 straight back on screen.
    assert_eq!(s.advance(now).unwrap().card, "c1");
    s.undo(&mut p, now, &day_of).unwrap();
    assert_eq!(s.current().unwrap().card, "c1");
    assert_eq!(
        s.counts(),
        Counts {
            new: 1,
            learning: 1,
            due: 0
        }
    );
    assert_eq!(s.summary().millis, 1000);
}

#[test]
fn cloze_siblings_are_spread_over_days() {
    use crate::domain::deck::ClozePart;
    let mut d = deck(1, false);
    d.cards[0].body = CardBody::Cloze {
        parts: vec![
            ClozePart::Gap {
                answer: "a".into(),
                hint: None,
            },
            ClozePart::Text(" and ".into()),
            ClozePart::Gap {
                answer: "b".into(),
                hint: None,
            },
        ],
    };
    let lim = Limits {
        new_per_day: 10,
        reviews_per_day: 10,
    };
    let now = ts("2026-11-22T10:00:00Z");
    let mut s = Session::new(&d, None, day_at(now), lim, 1);
    assert_eq!(s.counts().new, 1);
    let mut p = Progress::default();
    answer(&mut s, &mut p, Rating::Easy, now);
    assert_eq!(
        deck_counts(&d.outline(), p.deck("d"), &day_at(now), lim).new,
        0
    );
    let next_day = ts("2026-11-23T10:00:00Z");
    let c = deck_counts(&d.outline(), p.deck("d"), &day_at(next_day), lim);
    assert_eq!((c.new, c.due), (1, 0));
}

#[test]
fn cram_reviews_cards_that_are_not_due_without_touching_their_schedule() {
    let d = deck(3, false);
    let t = ts("2026-11-20T10:00:00Z");
    let mut p = Progress::default();
    let mut s = Session::new(&d, None, day_at(t), LIMITS, 1);
    // c0 Easy (8 days), c1 Good twice (2 days), c2 left new.
    answer(&mut s, &mut p, Rating::Easy, t);
    answer(&mut s, &mut p, Rating::Good, t);
    let later = add_secs(t, 600.0);
    s.advance(later).unwrap();
    s.answer(
        &mut p,
        Rating::Good,
        later,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    let now = ts("2026-11-21T12:00:00Z");
    let before = p.clone();
    let mut c = Session::cram(&d, p.deck("d"), day_at(now), now, &params(), None);
    assert!(c.is_cram());
    // Weakest first: a day on, c1 (S 2.3, R 0.947) before c0 (S 8.3, R 0.987).
    assert_eq!(c.counts().due, 2);
    let first = c.advance(now).unwrap().card.clone();
    assert_eq!(first, "c1");
    let e = c
        .answer(
            &mut p,
            Rating::Again,
            now,
            Answer::flashcard(900),
            &params(),
            &day_of,
        )
        .unwrap();
    assert!(matches!(
        e,
        Event::Cram {
            rating: Rating::Again,
            ms: 900,
            ..
        }
    ));
    assert_eq!(c.advance(now).unwrap().card, "c0");
    c.answer(
        &mut p,
        Rating::Good,
        now,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    // The Again sent c1 to the back once.
    assert_eq!(c.advance(now).unwrap().card, "c1");
    c.answer(
        &mut p,
        Rating::Again,
        now,
        Answer::flashcard(1),
        &params(),
        &day_of,
    );
    assert_eq!(c.advance(now), Err(Idle::Done));
    // Nothing changed but the sequence number.
    assert_eq!(p.decks, before.decks);
    assert_eq!(p.last_seq, before.last_seq + 3);
    assert!(!c.can_undo());
    assert_eq!(c.preview(&p, now, &params()), None);
    // A tag with no cards gives an empty cram.
    let mut empty = Session::cram(&d, p.deck("d"), day_at(now), now, &params(), Some("nope"));
    assert_eq!(empty.advance(now), Err(Idle::Done));
}

proptest::proptest! {
    /// The deck list's counts (which build no keys) count as Anki's deck list does: every item
    /// of a unit (a card's sides, or a group) that is not waiting for an answer given today or
    /// a sibling still being learnt, new items up to the limit in deck order, due items up to
    /// the review limit. A session's queues hold the same learning items and never more new or
    /// due items than counted, and exactly as many when no unit has two items to offer.
    #[test]
    fn counts_are_ankis_and_the_queues_never_exceed_them(
        cards in proptest::collection::vec((0u8..4, proptest::collection::vec((0u8..5, -3i64..6, -3i64..3), 3)), 0..40),
        new_limit in 0u32..6,
        review_limit in 0u32..8,
        done in (0u32..4, 0u32..4),
    ) {
        let now = ts("2026-11-22T10:00:00Z");
        let day = day_at(now);
        let mut outline = Outline { id: "d".into(), ..Outline::default() };
        // Cards with an even kind index share one of two groups.
        for g in 0..2usize {
            outline.groups.push((0..cards.len()).filter(|i| i % 4 == g).collect());
        }
        outline.groups.retain(|g| g.len() > 1);
        let mut dp = DeckProgress {
            today: crate::domain::progress::DayCounts { date: Some(day.date), new: done.0, reviews: done.1 },
            ..DeckProgress::default()
        };
        for (i, (kind, states)) in cards.iter().enumerate() {
            let sides = match kind {
                0 => Sides::Forward,
                1 => Sides::Both,
                2 => Sides::Cloze(3),
                _ => Sides::Cloze(1),
            };
            let id = format!("c{i}");
            for (side, (phase, due_days, last_days)) in sides.iter().zip(states) {
                let phase = match phase {
                    0 | 1 => continue, // new
                    2 => Phase::Learning,
                    3 => Phase::Relearning,
                    _ => Phase::Review,
                };
                let at = |d: i64| now.checked_add(jiff::SignedDuration::from_hours(d * 20)).unwrap();
                dp.items.insert(ItemKey { card: id.as_str().into(), side }, CardState {
                    phase,
                    step: None,
                    stability: 3.0,
                    difficulty: 5.0,
                    due: at(*due_days),
                    last_review: at(*last_days),
                    reps: 1,
                    lapses: 0,
                });
            }
            outline.cards.push((id.into(), sides));
        }
        let limits = Limits { new_per_day: new_limit, reviews_per_day: review_limit };
        let (new, reviews, learning) = build_lists(&outline, Some(&dp), &day, limits, 7, &HashSet::new());
        let counts = deck_counts(&outline, Some(&dp), &day, limits);

        // The model, written out plainly: each card's unit is its group, or itself.
        let unit = |i: usize| outline.groups.iter().position(|g| g.contains(&i)).map_or(i, |g| 1000 + g);
        let dpr = &dp;
        let items = |i: usize| outline.cards[i].1.iter().map(move |side| dpr.items.get(&ItemKey { card: format!("c{i}").as_str().into(), side }));
        let waiting: std::collections::HashSet<usize> = (0..outline.cards.len())
            .filter(|&i| items(i).flatten().any(|st| day.contains(st.last_review) || st.phase != Phase::Review))
            .map(unit)
            .filter(|&u| u >= 1000 || outline.cards[u].1.len() > 1)
            .collect();
        let mut model = Counts::default();
        for i in 0..outline.cards.len() {
            for st in items(i) {
                match st {
                    Some(st) if st.due < day.end && st.phase != Phase::Review => model.learning += 1,
                    Some(st) if st.due < day.end && !waiting.contains(&unit(i)) => model.due += 1,
                    None if !waiting.contains(&unit(i)) => model.new += 1,
                    _ => {}
                }
            }
        }
        model.new = model.new.min(new_limit.saturating_sub(done.0) as usize);
        model.due = model.due.min(review_limit.saturating_sub(done.1) as usize);
        proptest::prop_assert_eq!(counts, model);

        proptest::prop_assert_eq!(learning.len(), counts.learning);
        proptest::prop_assert!(new.len() <= counts.new && reviews.len() <= counts.due);
        let offers_one = (0..outline.cards.len()).all(|i| {
            let u = unit(i);
            let open = |j: usize| items(j).filter(|st| st.is_none_or(|st| st.due < day.end && st.phase == Phase::Review)).count();
            waiting.contains(&u) || (0..outline.cards.len()).filter(|&j| unit(j) == u).map(open).sum::<usize>() <= 1
        });
        if offers_one {
            proptest::prop_assert_eq!(
                counts,
                Counts { new: new.len(), due: reviews.len(), learning: learning.len() }
            );
        }
    }
}

/// What a multi-day simulation shows: for each study day, each unit (a card, or its group) and
/// the items of it that were shown.
type Shown =
    std::collections::BTreeMap<(jiff::civil::Date, String), std::collections::BTreeSet<ItemKey>>;

/// Studies `d` over consecutive days, one or more sessions a day starting at the given
/// minutes after the rollover, answering with `ratings` in turn and `gap` seconds apart,
/// waiting for learning items while the day lasts.
fn simulate(d: &Deck, days: &[Vec<u16>], ratings: &[u8], gap: u32, lim: Limits) -> Shown {
    let mut p = Progress::default();
    let mut shown = Shown::new();
    let mut r = ratings.iter().cycle();
    let first = day_at(ts("2026-11-22T10:00:00Z"));
    for (n, sessions) in days.iter().enumerate() {
        let start = add_days(first.start, n as u32);
        let day = day_at(start);
        for &minute in sessions {
            let mut now = add_secs(start, f64::from(minute) * 60.0).max(
                p.deck("d")
                    .and_then(|dp| dp.items.values().map(|s| s.last_review).max())
                    .unwrap_or(start),
            );
            if now >= day.end {
                break;
            }
            let mut s = Session::new(d, p.deck("d"), day.clone(), lim, n as u64);
            for _ in 0..200 {
                let key = match s.advance(now) {
                    Ok(k) => k.clone(),
                    Err(Idle::WaitUntil(t)) if t < day.end => {
                        now = t;
                        continue;
                    }
                    Err(_) => break,
                };
                let card = d.card(&key.card).unwrap();
                let unit = card.group.clone().unwrap_or_else(|| key.card.to_string());
                shown.entry((day.date, unit)).or_default().insert(key);
                let rating = match r.next().copied().unwrap_or(2) % 4 {
                    0 => Rating::Again,
                    1 => Rating::Hard,
                    2 => Rating::Good,
                    _ => Rating::Easy,
                };
                s.answer(
                    &mut p,
                    rating,
                    now,
                    Answer::flashcard(1),
                    &params(),
                    &day_of,
                );
                now = add_secs(now, f64::from(gap));
                if now >= day.end {
                    break;
                }
            }
        }
    }
    shown
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Over any number of days, sessions a day, answers and start times (late in the study day
    /// included, so that learning steps run into the next day), no two items of one unit (a
    /// card's sides, or a group's cards) are ever shown on the same study day.
    #[test]
    fn siblings_and_related_cards_never_share_a_day(
        kinds in proptest::collection::vec((0u8..4, proptest::option::of(0u8..3)), 1..10),
        days in proptest::collection::vec(proptest::collection::vec(0u16..1440, 1..3), 1..12),
        ratings in proptest::collection::vec(0u8..4, 1..20),
        gap in 1u32..3000,
        new_limit in 1u32..8,
    ) {
        let mut d = deck(kinds.len(), false);
        for (card, (kind, group)) in d.cards.iter_mut().zip(&kinds) {
            match kind {
                1 => if let CardBody::Basic { reverse, .. } = &mut card.body { *reverse = true },
                2 => card.body = CardBody::Cloze { parts: (0..3).map(|i| crate::domain::deck::ClozePart::Gap { answer: format!("a{i}"), hint: None }).collect() },
                _ => {}
            }
            card.group = group.map(|g| format!("g{g}"));
        }
        let lim = Limits { new_per_day: new_limit, reviews_per_day: 100 };
        let mut days = days;
        for sessions in &mut days {
            sessions.sort_unstable();
        }
        for ((date, unit), items) in simulate(&d, &days, &ratings, gap, lim) {
            proptest::prop_assert!(items.len() == 1, "{date}: {unit} showed {items:?}");
        }
    }
}

#[test]
fn the_buttons_and_the_schedule_show_hard_good_easy_in_order() {
    let d = deck(1, false);
    let now = ts("2026-11-22T10:00:00Z");
    let mut p = Progress::default();
    p.deck_mut(&"d".into()).items.insert(
        ItemKey::forward("c0"),
        CardState {
            phase: Phase::Review,
            step: None,
            stability: 0.1,
            difficulty: 10.0,
            due: now,
            last_review: ts("2026-11-21T10:00:00Z"),
            reps: 5,
            lapses: 2,
        },
    );
    let mut s = Session::new(&d, p.deck("d"), day_at(now), LIMITS, 1);
    s.advance(now).unwrap();
    let shown = s.preview(&p, now, &params()).unwrap();
    let days = shown.each_ref().map(|o| o.interval_secs / 86_400.0);
    assert_eq!(days[1..], [1.0, 2.0, 3.0]);
    // Easy records the interval its button showed.
    let e = s
        .answer(
            &mut p,
            Rating::Easy,
            now,
            Answer::flashcard(1),
            &params(),
            &day_of,
        )
        .unwrap();
    let Event::Review { state, .. } = e else {
        panic!("a review")
    };
    assert_eq!(state.due, ts("2026-11-25T10:00:00Z"));
}

#[test]
fn suspended_items_are_neither_queued_nor_counted() {
    let now = ts("2026-11-22T10:00:00Z");
    let day = day_at(now);
    let outline = Outline {
        id: "d".into(),
        cards: vec![
            ("a".into(), Sides::Forward),
            ("b".into(), Sides::Forward),
            ("n".into(), Sides::Both),
        ],
        ..Outline::default()
    };
    let mut dp = DeckProgress::default();
    for card in ["a", "b"] {
        dp.items.insert(
            ItemKey {
                card: card.into(),
                side: Side::Forward,
            },
            CardState {
                phase: Phase::Review,
                step: None,
                stability: 3.0,
                difficulty: 5.0,
                due: ts("2026-11-21T10:00:00Z"),
                last_review: ts("2026-11-18T10:00:00Z"),
                reps: 2,
                lapses: 0,
            },
        );
    }
    // A studied item and a new one suspended.
    dp.suspended.insert(ItemKey {
        card: "b".into(),
        side: Side::Forward,
    });
    dp.suspended.insert(ItemKey {
        card: "n".into(),
        side: Side::Forward,
    });
    let limits = Limits {
        new_per_day: 10,
        reviews_per_day: 10,
    };
    assert_eq!(
        deck_counts(&outline, Some(&dp), &day, limits),
        Counts {
            new: 1,
            due: 1,
            learning: 0
        }
    );
    let (new, reviews, _) = build_lists(&outline, Some(&dp), &day, limits, 7, &HashSet::new());
    assert_eq!(reviews.len(), 1);
    assert_eq!(new.len(), 1);
    assert!(dp.is_suspended("b", Side::Forward));
    assert!(!dp.is_suspended("a", Side::Forward));
}

/// Deck "d" of mcq cards `m0`, `m1`… whose written options are set `sets[i]` (its options
/// "s{set}-a" … "s{set}-d", written in an order of the card's own), or a basic card for `None`.
fn option_deck(sets: &[Option<u8>]) -> Deck {
    let cards = sets.iter().enumerate().map(|(i, set)| {
        let body = match set {
            Some(s) => {
                let mut options: Vec<String> = ["a", "b", "c", "d"]
                    .iter()
                    .map(|o| format!("s{s}-{o}"))
                    .collect();
                options.rotate_left(i % 4);
                CardBody::Mcq {
                    question: format!("question {i}"),
                    options,
                    answer: 0,
                    option_explanations: vec![],
                    shuffle: true,
                }
            }
            None => crate::domain::fixtures::basic(&format!("q{i}"), &format!("a{i}")),
        };
        card(&format!("m{i}"), body, &[])
    });
    crate::domain::fixtures::deck("d", cards.collect())
}

/// Every item of a session of new cards in the order shown, each answered Easy at `now`.
fn shown_order(d: &Deck) -> Vec<String> {
    let now = ts("2026-11-22T10:00:00Z");
    let limits = Limits {
        new_per_day: 100,
        reviews_per_day: 100,
    };
    let mut s = Session::new(d, None, day_at(now), limits, 1);
    let mut p = Progress::default();
    let mut order = Vec::new();
    while s.advance(now).is_ok() {
        order.push(answer(&mut s, &mut p, Rating::Easy, now).card.to_string());
    }
    order
}

/// Two cards with the same four options (in any order) are not asked one after the other
/// when another card can come between; when none can, both are still asked.
#[test]
fn cards_with_the_same_options_are_not_asked_back_to_back() {
    let d = option_deck(&[Some(0), Some(0), Some(1), None, Some(0)]);
    assert_eq!(shown_order(&d), ["m0", "m2", "m1", "m3", "m4"]);
    let sets = option_sets(&d);
    assert_eq!(
        sets.len(),
        3,
        "m2 shares its options with no card: {sets:?}"
    );
    assert_eq!(sets["m0"], sets["m4"]);
    let d = option_deck(&[Some(0), Some(0)]);
    assert_eq!(shown_order(&d), ["m0", "m1"]);
    let d = option_deck(&[None, None]);
    assert!(option_sets(&d).is_empty());
}

proptest::proptest! {
    /// Whatever the sets: every item is asked once, and two of one set follow each other only
    /// when every item left shares that set.
    #[test]
    fn the_same_options_follow_each_other_only_when_nothing_else_is_left(
        sets in proptest::collection::vec(proptest::option::of(0u8..3), 0..14),
    ) {
        let d = option_deck(&sets);
        let order = shown_order(&d);
        let set = |id: &str| sets[id[1..].parse::<usize>().unwrap()];
        let mut sorted = order.clone();
        sorted.sort();
        let mut all: Vec<String> = (0..sets.len()).map(|i| format!("m{i}")).collect();
        all.sort();
        proptest::prop_assert_eq!(sorted, all);
        let shared = option_sets(&d);
        for i in 1..order.len() {
            let (a, b) = (&order[i - 1], &order[i]);
            if shared.contains_key(a.as_str()) && set(a) == set(b) {
                proptest::prop_assert!(
                    order[i..].iter().all(|c| set(c) == set(a)),
                    "{} then {} with others left: {:?}", a, b, order
                );
            }
        }
    }
}
