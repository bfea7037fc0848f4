//! Screen tests for what a new user's trial of the ninth session found: a mock test's setup
//! with no question gives it no made-up time and says how to choose a deck.

use super::tests::{kinds_app, now, screen_with};
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
