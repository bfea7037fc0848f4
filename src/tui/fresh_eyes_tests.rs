//! Screen tests for what a new user's trial of the ninth session found: a mock test's setup
//! with no question gives it no made-up time and says how to choose a deck.

use super::tests::{kinds_app, now, render, screen_with};
use super::*;

/// With every deck set aside, the setup has no question: it times none ("1 min" was shown)
/// and says how to choose a deck (it said "0 questions available, one per fact").
#[test]
fn a_test_of_no_questions_gets_no_time_and_says_how_to_choose_a_deck() {
    let mut a = kinds_app();
    a.update(Action::OpenTest, now());
    a.update(Action::Toggle, now());
    let Screen::TestSetup(s) = &a.screen else {
        panic!("not the setup: {:?}", a.context())
    };
    assert_eq!(s.real_questions(), 0);
    let screen = screen_with(
        &a,
        &[
            "Time         none (no questions)",
            "No deck chosen: Space chooses the deck under ▶.",
        ],
        &["1 min", "0 questions available"],
    );
    insta::assert_snapshot!("test_setup_no_deck", screen);
    // Chosen again: timed at the UPSC pace, as before.
    a.update(Action::Toggle, now());
    screen_with(
        &a,
        &["6 min (UPSC pace: 120 min per 100)"],
        &["none (no questions)"],
    );
}

/// The due forecast says which column is which day: a ruler under its bars (today, +7, +14,
/// …; a dot for every other day), so a day with nothing due still has its place. At 60×20
/// the box has room for 28 of the 30 days and said nothing of which day a bar was.
#[test]
fn the_forecast_says_which_day_each_column_is() {
    let mut a = super::tests::app();
    let mut stats = super::tests::stats_with_tags(&[]);
    stats.forecast[2] = 3;
    stats.forecast[13] = 1;
    a.update(
        Action::StatsLoaded(super::tests::fixture_scope(), Box::new(stats)),
        now(),
    );
    let narrow = render(&a, 60, 20);
    assert!(
        narrow.contains("│today··+7·····+14····+21····│"),
        "{narrow}"
    );
    let wide = render(&a, 80, 24);
    assert!(
        wide.contains("│today··+7·····+14····+21······        │"),
        "{wide}"
    );
    // A label is written only where it fits whole.
    use crate::tui::screens::stats::forecast_ruler;
    assert_eq!(forecast_ruler(4), "····");
    assert_eq!(forecast_ruler(8), "today···");
    assert_eq!(forecast_ruler(9), "today··+7");
    assert_eq!(forecast_ruler(29), "today··+7·····+14····+21·····");
}
