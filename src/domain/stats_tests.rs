use super::*;
use crate::domain::deck::ItemKey;
use crate::domain::fixtures::{basic, card};
use crate::domain::progress::{Before, Mode};
use crate::domain::scheduler::Rating;
use crate::domain::scheduler::{CardState, review};
use crate::domain::time::StudyDay;
use jiff::tz::TimeZone;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Deck "d" of `n` basic cards `c0`, `c1`…, tagged "even" and "odd" by turns.
fn deck(n: usize) -> Deck {
    let cards = (0..n).map(|i| {
        let tag = if i % 2 == 0 { "even" } else { "odd" };
        card(
            &format!("c{i}"),
            basic(&format!("q{i}"), &format!("a{i}")),
            &[tag],
        )
    });
    crate::domain::fixtures::deck("d", cards.collect())
}

fn day_of(t: Timestamp) -> Date {
    StudyDay::containing(t, &TimeZone::UTC, 4).date
}

fn day_end(d: Date) -> Timestamp {
    d.tomorrow()
        .unwrap()
        .at(4, 0, 0, 0)
        .to_zoned(TimeZone::UTC)
        .unwrap()
        .timestamp()
}

fn params() -> Params {
    Params {
        enable_fuzz: false,
        ..Params::default()
    }
}

/// Replays answers through the scheduler as the app would, returning the log and progress.
fn history(answers: &[(&str, &str, Rating)]) -> (Vec<Event>, Progress) {
    let mut progress = Progress::default();
    let mut events = Vec::new();
    for (i, (at, card, rating)) in answers.iter().enumerate() {
        let at = ts(at);
        let key = ItemKey::forward(card);
        let before: Option<CardState> = progress.deck("d").and_then(|d| d.items.get(&key)).cloned();
        let out = review(before.as_ref(), *rating, at, &params(), 0.5);
        let e = Event::Review {
            seq: i as u64 + 1,
            at,
            deck: "d".into(),
            card: card.to_string(),
            rating: *rating,
            mode: Mode::Flashcard,
            ms: 2000,
            verdict: None,
            before: Before::of(before.as_ref()),
            state: out.state,
        };
        progress.apply(&e, &day_of);
        events.push(e);
    }
    (events, progress)
}

#[test]
fn figures_from_a_fixed_log() {
    use Rating::{Again, Good};
    let (mut events, progress) = history(&[
        ("2026-11-10T10:00:00Z", "c0", Good),
        ("2026-11-10T10:10:00Z", "c0", Good), // graduates: review, 2 days
        ("2026-11-12T10:10:00Z", "c0", Good), // a review card passed
        ("2026-11-12T11:00:00Z", "c1", Again),
        ("2026-11-13T09:00:00Z", "c1", Good),
        ("2026-11-13T09:10:00Z", "c1", Good), // graduates: a young review card
        ("2026-11-20T09:00:00Z", "c0", Again), // a review card forgotten
        ("2026-11-20T09:05:00Z", "c2", Good),
    ]);
    // The last answer is taken back.
    events.push(Event::Undo {
        seq: 9,
        at: ts("2026-11-20T09:06:00Z"),
        deck: "d".into(),
        card: "c2".into(),
        undoes: 8,
        before: Before::New,
        state: None,
        takes_back: None,
    });
    let mut progress = progress;
    progress.apply(events.last().unwrap(), &day_of);
    let d = deck(4);
    let tests = [TestAnswer {
        deck: "d".into(),
        card: "c3".into(),
        right: false,
    }];
    let s = compute(
        &[&d],
        &progress,
        &events,
        &tests,
        ts("2026-11-21T12:00:00Z"),
        &day_of,
        &day_end,
    );

    assert_eq!(s.today.to_string(), "2026-11-21");
    assert_eq!(s.heatmap.len(), HEATMAP_DAYS);
    assert_eq!(s.heatmap.last().unwrap().0.to_string(), "2026-11-21");
    let count = |d: &str| {
        s.heatmap
            .iter()
            .find(|(x, _)| x.to_string() == d)
            .unwrap()
            .1
    };
    assert_eq!(
        [
            count("2026-11-10"),
            count("2026-11-12"),
            count("2026-11-13"),
            count("2026-11-20"),
            count("2026-11-21")
        ],
        [2, 2, 2, 1, 0],
        "the undone answer does not count"
    );
    assert_eq!((s.reviews, s.total_ms), (7, 14_000));
    assert_eq!(
        (s.current_streak, s.longest_streak),
        (1, 2),
        "up to yesterday; 12–13 Nov"
    );
    let ret: Vec<(u32, u32, u32)> = s
        .retention
        .iter()
        .map(|r| (r.days, r.passed, r.answers))
        .collect();
    assert_eq!(ret, [(7, 0, 1), (30, 1, 2), (365, 1, 2)]);
    assert_eq!(
        s.states,
        States {
            new: 2,
            learning: 1,
            young: 1,
            mature: 0
        }
    );
    // c0 relearns (due 20 Nov 09:10) and c1 was due on 15 Nov: both are due today, nothing later.
    assert_eq!(s.forecast[0], 2);
    assert_eq!(s.forecast.iter().sum::<u32>(), 2);
    // Tags: c0 is "even" (3 right of 4 answers); c1 "odd" (2 of 3) plus the wrong test answer on c3.
    let tags: Vec<(&str, u32, u32)> = s
        .by_tag
        .iter()
        .map(|t| (t.tag.as_str(), t.right, t.answers))
        .collect();
    assert_eq!(tags, [("odd", 2, 4), ("even", 3, 4)]);
}

#[test]
fn an_empty_history() {
    let d = deck(3);
    let s = compute(
        &[&d],
        &Progress::default(),
        &[],
        &[],
        ts("2026-11-21T12:00:00Z"),
        &day_of,
        &day_end,
    );
    assert_eq!((s.reviews, s.current_streak, s.longest_streak), (0, 0, 0));
    assert!(s.retention.iter().all(|r| r.rate().is_none()));
    assert_eq!(s.states.new, 3);
    assert_eq!(s.forecast, vec![0; FORECAST_DAYS]);
}

#[test]
fn predicted_recall_matches_hand_computed_fsrs_values() {
    use Rating::Good;
    // Good, Good at the same moment: a review card with S = 2.3065 (spec V1 rows 1–2).
    let (_, progress) = history(&[
        ("2026-11-10T10:00:00Z", "c0", Good),
        ("2026-11-10T10:00:00Z", "c0", Good),
    ]);
    let d = deck(2);
    // One whole day later: R(1, 2.3065) = 0.9468474993825461 (spec §5.3); c1 is new (0).
    let r = predicted_recall(
        &d.outline(),
        &progress,
        ts("2026-11-11T12:00:00Z"),
        &params(),
    );
    assert!((r.mean - 0.9468474993825461 / 2.0).abs() < 1e-12, "{r:?}");
    assert_eq!((r.below_90, r.cards), (1, 2));
    // Two days later: R(2, 2.3065) = 0.9094932559773545, still above 90 %.
    let r = predicted_recall(
        &d.outline(),
        &progress,
        ts("2026-11-12T10:00:00Z"),
        &params(),
    );
    assert!((r.mean - 0.9094932559773545 / 2.0).abs() < 1e-12);
    assert_eq!(r.below_90, 1);
    // A month later it has fallen below 90 %.
    let r = predicted_recall(
        &d.outline(),
        &progress,
        ts("2026-12-10T10:00:00Z"),
        &params(),
    );
    assert_eq!(r.below_90, 2);
}

#[test]
fn the_forecast_puts_each_card_on_its_due_day() {
    let (events, progress) = history(&[
        ("2026-11-20T10:00:00Z", "c0", Rating::Easy),
        ("2026-11-20T10:00:00Z", "c1", Rating::Good),
    ]);
    let d = deck(2);
    let s = compute(
        &[&d],
        &progress,
        &events,
        &[],
        ts("2026-11-21T12:00:00Z"),
        &day_of,
        &day_end,
    );
    // Easy on a new card: 8 days (due 28 Nov, day 7 of the forecast); c1 is learning, due already.
    assert_eq!(s.forecast[7], 1);
    assert_eq!(s.forecast[0], 1);
    assert_eq!(
        s.states,
        States {
            new: 0,
            learning: 1,
            young: 1,
            mature: 0
        }
    );
}

#[test]
fn the_card_of_an_item_key_is_found_as_item_keys_are_parsed() {
    for item in [
        "c1",
        "c1:reverse",
        "c1:c2",
        "c1:cx",
        "a:b",
        "x:c",
        ":reverse",
        "c:c65536",
    ] {
        assert_eq!(card_of(item), ItemKey::parse(item).card, "{item}");
    }
}

/// The study days of several decks come from the days of all decks added together (kept up
/// to date by each answer and undo), less those of decks with totals out of scope: the same
/// figures as the days of the decks in scope added up alone.
#[test]
fn all_decks_figures_come_from_the_days_added_together() {
    let mut totals = Aggregates::default();
    // Made before the answers: kept up to date by them from here on.
    let _ = totals.all_days();
    let mut events = Vec::new();
    for (i, (deck, day, rating)) in [
        ("d", "2026-11-01", Rating::Good),
        ("e", "2026-11-01", Rating::Again),
        ("f", "2026-11-02", Rating::Good),
        ("d", "2026-11-03", Rating::Good),
        ("f", "2026-11-04", Rating::Again),
        ("e", "2026-11-05", Rating::Good),
        ("f", "2026-11-05", Rating::Good),
    ]
    .into_iter()
    .enumerate()
    {
        let at = ts(&format!("{day}T10:00:00Z"));
        let e = Event::Review {
            seq: i as u64 + 1,
            at,
            deck: deck.into(),
            card: format!("c{i}"),
            rating,
            mode: Mode::Flashcard,
            ms: 1000 * (i as u64 + 1),
            verdict: None,
            before: Before::Review,
            state: review(None, rating, at, &params(), 0.5).state,
        };
        totals.apply(&e, &day_of).unwrap();
        events.push(e);
    }
    let outline = |id: &str| crate::domain::fixtures::deck(id, Vec::new()).outline();
    let (d, e, f) = (outline("d"), outline("e"), outline("f"));
    let today = jiff::civil::date(2026, 11, 5);
    let progress = Progress::default();
    let log_share = |s: Stats| {
        (
            s.heatmap,
            s.total_ms,
            s.reviews,
            s.current_streak,
            s.longest_streak,
            s.retention,
        )
    };
    let of = |decks: &[&Outline], totals: &Aggregates| {
        log_share(figures(decks, totals, &progress, &[], today, &day_end))
    };
    let alone = |totals: &Aggregates, ids: &[&str]| {
        Aggregates::from_decks(
            totals
                .decks
                .iter()
                .filter(|(id, _)| ids.contains(&id.as_str()))
                .map(|(id, d)| (id.clone(), d.clone()))
                .collect(),
        )
    };
    // All three: the days added together as they were kept, the same as made afresh.
    let all = of(&[&d, &e, &f], &totals);
    assert_eq!(all, of(&[&d, &e, &f], &alone(&totals, &["d", "e", "f"])));
    assert_eq!((all.1, all.2, all.4), (28_000, 7, 5));
    // Two of three ("f" out of scope: taken away), and one.
    let two = of(&[&d, &e], &totals);
    assert_eq!(two, of(&[&d, &e], &alone(&totals, &["d", "e"])));
    assert_eq!(
        (two.1, two.2, two.3, two.4),
        (1000 + 2000 + 4000 + 6000, 4, 1, 1)
    );
    assert_eq!(of(&[&d], &totals), of(&[&d], &alone(&totals, &["d"])));
    // Taking answers back takes them from the days added together too.
    let u = Event::Undo {
        seq: 8,
        at: ts("2026-11-05T11:00:00Z"),
        deck: "f".into(),
        card: "c6".into(),
        undoes: 7,
        before: Before::Review,
        state: None,
        takes_back: Some(crate::domain::progress::TakenBack {
            at: events[6].at(),
            rating: Rating::Good,
            ms: 7000,
        }),
    };
    totals.apply(&u, &day_of).unwrap();
    let after = of(&[&d, &e, &f], &totals);
    assert_eq!((after.1, after.2), (21_000, 6));
    assert_eq!(after, of(&[&d, &e, &f], &alone(&totals, &["d", "e", "f"])));
}
