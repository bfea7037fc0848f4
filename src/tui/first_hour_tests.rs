//! Screen tests for what a new user's first hour still found (issue 15's trial): nothing cut
//! at 80×24, counts that explain themselves, wording without zeros and "0h 00m".

use super::tests::{now, render, screen_with, stats_with_tags};
use super::*;
use crate::store::deck_file;

/// Every shipped deck, listed as the app lists built-in decks.
fn shipped_app() -> App {
    app_of(super::tests::shipped_entries())
}

fn app_of(decks: Vec<DeckEntry>) -> App {
    App::new(super::tests::init(decks), now())
}

#[test]
fn about_this_deck_shows_every_line_of_every_shipped_deck_at_80_by_24() {
    let mut a = shipped_app();
    let mut cut = Vec::new();
    for i in 0..a.shared.decks.len() {
        a.shared.selected = i;
        let screen = render(&a, 80, 24);
        // The file path is the last line: it shows whole.
        let path = a.shared.decks[i].origin.trim_end_matches(" (built in)");
        if !screen.contains(path) {
            cut.push(a.shared.decks[i].origin.clone());
        }
    }
    assert!(
        cut.is_empty(),
        "the path is cut in: {cut:?}\n{}",
        render(&a, 80, 24)
    );
}

#[test]
fn weakest_tags_are_only_tags_with_a_miss() {
    let mut a = super::tests::app();
    let scope = super::tests::fixture_scope();
    // Sorted by rate, as `stats::figures` sorts them.
    let stats = stats_with_tags(&[("hindi", 1, 2), ("gs2", 3, 3), ("upsc", 4, 4)]);
    a.update(Action::StatsLoaded(scope.clone(), Box::new(stats)), now());
    screen_with(&a, &["hindi", "50%"], &["gs2", "upsc", "100%"]);
    // The cursor stays on the weak tags.
    a.update(Action::Down, now());
    let Screen::Stats(s) = &a.screen else {
        panic!()
    };
    assert_eq!(s.cursor, 0);

    // Every tagged answer right: no tag is weak, and the box says so.
    let stats = stats_with_tags(&[("gs2", 3, 3), ("upsc", 4, 4)]);
    a.update(Action::StatsLoaded(scope, Box::new(stats)), now());
    screen_with(&a, &["None: every tagged answer was right."], &["100%"]);
    a.update(Action::CramTag, now());
    assert!(matches!(a.screen, Screen::Stats(_)), "no tag to cram");
}

/// The submit prompt: only the counts that matter, and the clock running on in it (as in the
/// NTA and UPSC computer-based tests), up to submitting the test at zero.
#[test]
fn the_submit_prompt_counts_what_matters_and_the_clock_runs_on_in_it() {
    use super::tests::{kinds_app, secs};
    let mut a = kinds_app();
    a.update(Action::OpenTest, now());
    a.update(Action::ToggleRequeue, now());
    a.update(Action::Start, now());
    a.update(Action::Choose(0), secs(5));
    a.update(Action::Submit, secs(10));
    assert_eq!(a.context(), Context::TestConfirm);
    // 5 questions, 6m00s: 5m50s left at 10 s.
    // (The palette's legend keeps its zeros, as the exam's does.)
    let first = screen_with(
        &a,
        &[
            "║1 answered, 4 not visited.   ",
            "The clock runs while you decide: ⏱ 05:50 left.",
        ],
        &[],
    );
    insta::assert_snapshot!("test_submit_prompt", first);
    // A minute later, still asked: the prompt shows the clock on.
    a.update(Action::Tick, secs(70));
    assert_eq!(a.context(), Context::TestConfirm);
    screen_with(&a, &["The clock runs while you decide: ⏱ 04:50 left."], &[]);
    // At zero the test is submitted, prompt or not.
    let effects = a.update(Action::Tick, secs(360));
    let Some(Effect::RecordTest(r)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(r.timed_out);
    assert!(matches!(a.screen, Screen::TestResults(_)));
}

/// The deck list counts both directions of the fixture's reversed card (5 new, as Anki's deck
/// list counts); the session shows one of them today and says so at its start and at its end.
#[test]
fn a_session_says_why_it_shows_one_sibling_fewer_than_the_deck_list() {
    use crate::domain::quiz::StudyMode;
    use crate::domain::scheduler::Rating;
    let mut a = super::tests::app();
    assert_eq!(a.shared.decks[0].counts.new, 5);
    a.update(Action::Study(StudyMode::Flashcard), now());
    screen_with(
        &a,
        &[
            "4 new · 0 learning · 0 due",
            "1 sibling waits until tomorrow: one card of a fact a day.",
        ],
        &[],
    );
    // Through the session (Easy graduates each card at once) to its summary.
    for _ in 0..4 {
        a.update(Action::Reveal, now());
        a.update(Action::Grade(Rating::Easy), now());
    }
    assert!(
        matches!(a.screen, Screen::Summary(_)),
        "{}",
        render(&a, 80, 24)
    );
    screen_with(
        &a,
        &[
            "Congratulations: this deck is done for today.",
            "1 sibling waits until tomorrow: one card of a fact a day",
        ],
        &[],
    );
}

/// Typed mode asks a list as a flashcard (typed word for word it would be marked wrong for
/// the order): the question says so, or the mode seems to be ignored.
#[test]
fn a_card_asked_as_a_flashcard_in_typed_mode_says_why() {
    use crate::domain::quiz::StudyMode;
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "D.", "cards": [
  {"id": "five", "kind": "basic", "front": "Name the five imperatives.", "back": "Delivery; governance; compute; CEPA; mobility", "answer_kind": "list"}
]}"#;
    let mut a = app_of(vec![DeckEntry::new(
        "decks/d.json",
        Ok(deck_file::parse("d.json", text).unwrap()),
    )]);
    a.update(Action::Study(StudyMode::Typed), now());
    screen_with(
        &a,
        &[
            "╭ Question ─",
            "This card is asked as a flashcard: its answer is a list.",
        ],
        &[],
    );
    // In flashcard mode nothing needs saying.
    let mut a = app_of(vec![DeckEntry::new(
        "decks/d.json",
        Ok(deck_file::parse("d.json", text).unwrap()),
    )]);
    a.update(Action::Study(StudyMode::Flashcard), now());
    assert!(render(&a, 80, 24).contains("╭ Question ─"));
    assert!(!render(&a, 80, 24).contains("asked as a flashcard"));
}

/// A typed card with too few wrong options is typed in a multiple-choice session: the card
/// says so, or the mode seems to be ignored.
#[test]
fn a_typed_card_in_choice_mode_says_why_it_is_typed() {
    use crate::domain::quiz::StudyMode;
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "D.", "cards": [
  {"id": "who", "kind": "typed", "question": "Who is the MEA spokesperson?", "accept": ["Randhir Jaiswal"]}
]}"#;
    for (mode, said) in [(StudyMode::Choice, true), (StudyMode::Typed, false)] {
        let mut a = app_of(vec![DeckEntry::new(
            "decks/d.json",
            Ok(deck_file::parse("d.json", text).unwrap()),
        )]);
        a.update(Action::Study(mode), now());
        let screen = render(&a, 80, 24);
        assert!(screen.contains("╭ Type the answer ─"), "{screen}");
        assert_eq!(
            screen.contains("This card is asked typed: too few wrong options in the deck."),
            said,
            "{screen}"
        );
    }
}

#[test]
fn a_deck_not_started_shows_no_exam_readiness_and_the_columns_stay_aligned() {
    let mut a = shipped_app();
    a.shared.settings.exam_date = Some(jiff::civil::date(2027, 5, 23));
    a.shared.refresh_all_counts();
    // One answer in the first deck; the others are not started.
    super::tests::study_flashcards(&mut a, &[crate::domain::scheduler::Rating::Easy], 0);
    assert!(matches!(a.screen, Screen::Home(_)));
    let recalls: Vec<_> = a.shared.decks.iter().map(|d| d.exam.unwrap()).collect();
    assert!(!recalls[0].not_started(), "{:?}", recalls[0]);
    assert!(recalls[1..].iter().all(|r| r.not_started()), "{recalls:?}");
    a.shared.selected = 1;
    let screen = screen_with(&a, &["not started; none of"], &["predicted recall 0%"]);
    insta::assert_snapshot!(screen);
}

/// One card answered in 1.2 s: the summary's total and average are in one style, and the
/// total is not rounded below the average ("1s (1.2 s per card)" before).
#[test]
fn a_one_card_summary_gives_its_time_in_one_style() {
    let mut a = super::tests::app();
    let at = |ms: i64| {
        now()
            .checked_add(jiff::SignedDuration::from_millis(ms))
            .unwrap()
    };
    a.update(
        Action::Study(crate::domain::quiz::StudyMode::Flashcard),
        at(0),
    );
    a.update(Action::Reveal, at(600));
    a.update(
        Action::Grade(crate::domain::scheduler::Rating::Good),
        at(1200),
    );
    a.update(Action::Back, at(2000));
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("Time             1.2s (1.2s per card)"),
        "{screen}"
    );
}
