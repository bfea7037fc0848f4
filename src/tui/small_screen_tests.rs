//! Screens at 60×20 (and 80×24 for comparison): nothing is hidden without a mark saying so,
//! long titles in any script end in "…", and every row a screen promises shows.

use super::tests::{now, render};
use super::*;
use crate::domain::memory::base;
use crate::domain::memory::plan::{self, Goal};
use crate::domain::memory::workload::Habits;
use crate::domain::outline::Outline;
use crate::domain::stats::Retention;
use crate::store::deck_file;
use crate::tui::action::MemoryResult;

/// Every shipped deck, and with `long` four more with long titles in Devanagari, Japanese,
/// emoji (a flag, a variation selector) and Latin.
fn decks_app(long: bool) -> App {
    let mut decks = super::tests::shipped_entries();
    if long {
        for (id, title) in [
            (
                "hi",
                "आत्मनिर्भर भारत: महत्वपूर्ण खनिज और भारत–जापान साझेदारी का इतिहास",
            ),
            (
                "ja",
                "日本とインドの経済安全保障：重要鉱物と半導体の協力についての長い題名",
            ),
            (
                "emoji",
                "🇮🇳🤝🇯🇵 Emoji deck 🔋⛏️ with a very long title that goes on and on",
            ),
            (
                "latin",
                "A deck whose title is far too long for a narrow window, and then some",
            ),
        ] {
            let text = format!(
                r#"{{"format": 1, "id": "{id}", "title": "{title}", "description": "Long titles.",
                "cards": [{{"id": "c", "kind": "basic", "front": "Q?", "back": "A"}}]}}"#
            );
            decks.push(DeckEntry::new(
                format!("decks/{id}.json"),
                Ok(deck_file::parse("x.json", &text).unwrap()),
            ));
        }
    }
    let mut a = App::new(super::tests::init(decks), now());
    a.shared.settings.exam_date = Some(jiff::civil::date(2027, 5, 23));
    a.shared.refresh_all_counts();
    a
}

/// The rows of the deck list's box (between its top border and its bottom border).
fn deck_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip_while(|l| !l.contains("╭ Decks"))
        .skip(2)
        .take_while(|l| !l.contains('╰'))
        .collect()
}

#[test]
fn the_deck_list_at_60_by_20_with_an_exam_date_shows_every_deck_cut_with_an_ellipsis() {
    let a = decks_app(false);
    let screen = render(&a, 60, 20);
    let rows = deck_rows(&screen);
    assert_eq!(rows.len(), 4, "{screen}");
    // Each title longer than its column ends in "…", its figures beside it.
    for row in &rows {
        assert!(row.contains("…"), "{row}\n{screen}");
        assert!(row.contains("–│"), "{row}");
    }
    // The box about the deck keeps its file path and the exam line; the description gives
    // way, ending in "…".
    assert!(screen.contains("india-japan-challenges.json"), "{screen}");
    assert!(screen.contains("Exam on 2027-05-23"), "{screen}");
    insta::assert_snapshot!(screen);
    // 80×24 shows every deck whole, as before.
    let wide = render(&a, 80, 24);
    assert!(
        wide.contains("India–Japan: challenges and the way forward"),
        "{wide}"
    );
    assert!(!deck_rows(&wide).iter().any(|r| r.contains('…')), "{wide}");
}

#[test]
fn a_deck_list_longer_than_the_window_says_what_is_above_and_below() {
    let mut a = decks_app(true);
    let screen = render(&a, 60, 20);
    assert!(screen.contains("↓ more below"), "{screen}");
    assert!(!screen.contains("↑ more above"), "{screen}");
    // The last deck selected: the list has scrolled to it.
    a.shared.selected = a.shared.decks.len() - 1;
    let screen = render(&a, 60, 20);
    assert!(screen.contains("↑ more above"), "{screen}");
    assert!(screen.contains("▶ A deck whose title is far"), "{screen}");
    // Scrolled by one: both.
    a.shared.selected = 6;
    let screen = render(&a, 60, 20);
    assert!(screen.contains("↑ more above · ↓ more below"), "{screen}");
    insta::assert_snapshot!(screen);
    // Every long title, in any script, ends in "…" at 60 and 80 columns.
    for (w, h) in [(60, 20), (80, 24)] {
        a.shared.selected = a.shared.decks.len() - 1;
        let screen = render(&a, w, h);
        for start in ["आत्मनिर्भर", "日本とインド", "🇮🇳🤝🇯🇵", "A deck whose"]
        {
            let row = screen
                .lines()
                .find(|l| l.contains(start))
                .unwrap_or_default();
            assert!(row.contains("…"), "{w}×{h}: {row:?}\n{screen}");
        }
    }
}

#[test]
fn the_mock_test_setup_at_60_by_20_shows_every_setting() {
    let mut a = decks_app(true);
    a.update(Action::OpenTest, now());
    assert_eq!(a.context(), Context::Setup);
    let screen = render(&a, 60, 20);
    for text in ["Questions", "Time", "Marking", "Tag", "Misses", "available"] {
        assert!(
            screen.contains(text),
            "{text:?} is not on screen:\n{screen}"
        );
    }
    assert!(screen.contains("↓ 4 more"), "{screen}");
    insta::assert_snapshot!(screen);
    // The cursor at the last deck: the decks above are counted.
    a.update(Action::Up, now());
    let screen = render(&a, 60, 20);
    assert!(screen.contains("↑ 4 more"), "{screen}");
    let heading = screen.lines().find(|l| l.contains("Decks (Space")).unwrap();
    assert!(!heading.contains('↓'), "{screen}");
    assert!(screen.contains("Misses"), "{screen}");
    // At 80×24 every deck and every line shows, as before.
    let screen = render(&a, 80, 24);
    assert!(!screen.contains("more"), "{screen}");
    assert!(screen.contains("become due for review"), "{screen}");
}

#[test]
fn the_plan_at_60_by_20_shows_every_column_and_its_last_line() {
    let mut a = decks_app(false);
    a.update(Action::OpenPlan, now());
    let outlines: Vec<&Outline> = a.shared.decks.iter().map(|e| &*e.outline).collect();
    let b = base::base(
        &outlines,
        &a.shared.progress,
        &a.shared.settings,
        Habits::default(),
        now(),
        90,
    );
    let goal = Goal {
        exam_day: 90,
        budget_minutes: 30.0,
        seed: 1,
        runs: 2,
    };
    let p = plan::propose(&b, &goal, 4, false, |_, _| true).unwrap();
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Plan(Ok(p)))),
        now(),
    );
    let screen = render(&a, 60, 20);
    for text in ["recalled on", "minutes/day", "peak", "again as days pass."] {
        assert!(
            screen.contains(text),
            "{text:?} is not on screen:\n{screen}"
        );
    }
    // Too short for the chart: it says so.
    assert!(screen.contains("needs a taller window"), "{screen}");
    insta::assert_snapshot!(screen);
    let wide = render(&a, 80, 24);
    assert!(wide.contains("budget"), "{wide}");
    assert!(wide.contains("current settings"), "{wide}");
    assert!(wide.contains("exam morning"), "{wide}");
}

#[test]
fn the_statistics_at_60_by_20_show_the_exam_and_retention_rows() {
    let mut a = decks_app(false);
    let mut stats = super::tests::stats_with_tags(&[("partnership", 2, 3), ("strengths", 29, 38)]);
    stats.retention = [(7, 13, 11), (30, 99, 81), (365, 1234, 1012)]
        .into_iter()
        .map(|(days, answers, passed)| Retention {
            days,
            answers,
            passed,
        })
        .collect();
    stats.reviews = 1234;
    stats.total_ms = 3_600_000;
    a.update(
        Action::StatsLoaded(crate::tui::action::Scope::All { decks: 4 }, Box::new(stats)),
        now(),
    );
    let screen = render(&a, 60, 20);
    for text in [
        "Exam",
        "not started",
        "none of 235",
        "Retention",
        "7 days",
        "30 days",
        "365 days",
        "of 1234",
        "of 38",
    ] {
        assert!(
            screen.contains(text),
            "{text:?} is not on screen:\n{screen}"
        );
    }
    insta::assert_snapshot!(screen);
    // 80×24 keeps the weekday heatmap and the wide rows.
    let wide = render(&a, 80, 24);
    assert!(wide.contains("Mon "), "{wide}");
    assert!(wide.contains("last 365 days"), "{wide}");
}

#[test]
fn the_summary_at_60_by_20_wraps_the_waiting_siblings_line() {
    use crate::tui::screens::summary::SummaryScreen;
    let mut a = decks_app(false);
    a.screen = Screen::Summary(Box::new(SummaryScreen {
        deck: 2,
        summary: crate::domain::session::Summary {
            answers: 1,
            right: 1,
            wrong: 0,
            new_seen: 0,
            millis: 9_400,
        },
        finished: false,
        cram: false,
        waiting: 12,
    }));
    let screen = render(&a, 60, 20);
    assert!(
        screen.contains("12 siblings wait until tomorrow: one"),
        "{screen}"
    );
    assert!(screen.contains("card of a fact a day"), "{screen}");
    assert!(
        screen.contains("Time             9.4s (9.4s per card)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}
