//! Screen tests for what a new user's trial at 80×24 tripped on (the polish round): the mock
//! test's clock under the help overlay, its submit dialog in a small window, the statistics'
//! due counts told as the deck list tells them, and a repaint on Ctrl-L.

use super::tests::{kinds_app, now, render, screen_with, secs};
use super::*;

/// A running mock test with one answer, 10 s in (5 questions, 6 minutes).
fn running_test() -> App {
    let mut a = kinds_app();
    a.update(Action::OpenTest, now());
    a.update(Action::ToggleRequeue, now());
    a.update(Action::Start, now());
    a.update(Action::Choose(0), secs(5));
    a.update(Action::Tick, secs(10));
    assert_eq!(a.context(), Context::TestQuestion);
    a
}

/// The exam clock does not stop for the help: the overlay leaves the time left on screen, the
/// time keeps going down under it, and at zero the test is submitted and its results shown
/// (the help closed). Before, the help swallowed the clock's ticks: the test was not kept
/// every few seconds, nor submitted at zero, while the help was up.
#[test]
fn the_clock_of_a_mock_test_runs_on_and_shows_under_the_help() {
    let mut a = running_test();
    a.update(Action::ToggleHelp, secs(10));
    assert_eq!(a.context(), Context::Help);
    let screen = screen_with(
        &a,
        &["⏱ 05:50 left", "Help (↑↓ scroll) · the clock runs on ⏱"],
        &[],
    );
    insta::assert_snapshot!("help_during_a_mock_test", screen);
    let small = render(&a, 50, 15);
    assert!(small.contains("⏱ 05:50 left"), "{small}");
    // A minute later, the help still up: the clock has gone on.
    a.update(Action::Tick, secs(70));
    assert_eq!(a.context(), Context::Help);
    screen_with(&a, &["⏱ 04:50 left"], &[]);
    // The test is kept as the clock runs, help or not.
    let effects = a.update(Action::Tick, secs(100));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveTest(_))),
        "{effects:?}"
    );
    // At zero it is submitted, and the results show.
    let effects = a.update(Action::Tick, secs(360));
    assert!(
        matches!(effects.first(), Some(Effect::RecordTest(r)) if r.timed_out),
        "{effects:?}"
    );
    assert!(matches!(a.screen, Screen::TestResults(_)));
    assert!(!a.help().open, "the results are not hidden under the help");
}

/// The statistics tell today as the deck list does: three cards answered Again are learning
/// cards, "Learn 3, Due 0" on the deck list, and the statistics said "Due: 3 today" (their
/// forecast counts every card due on a day). Now their forecast says "Today: Learn 3 · Due 0",
/// and the week's total is named for what it is.
#[test]
fn the_statistics_count_today_as_the_deck_list_does() {
    use crate::domain::scheduler::Rating::Again;
    use crate::domain::session::Counts;
    let mut a = super::tests::app();
    super::tests::study_flashcards(&mut a, &[Again, Again, Again], 0);
    assert!(matches!(a.screen, Screen::Home(_)), "{:?}", a.context());
    assert_eq!(
        a.shared.decks[0].counts,
        Counts {
            new: 1,
            learning: 3,
            due: 0
        }
    );
    // The forecast as `stats::figures` makes it: the three learning cards due today.
    let mut stats = super::tests::stats_with_tags(&[]);
    stats.forecast[0] = 3;
    a.update(
        Action::StatsLoaded(super::tests::fixture_scope(), Box::new(stats)),
        secs(60),
    );
    let screen = screen_with(
        &a,
        &["Today: Learn 3 · Due 0", "3 due in the next 7 days"],
        &["Due: 3 today"],
    );
    insta::assert_snapshot!("statistics_today_as_the_deck_list", screen);
    let narrow = render(&a, 60, 20);
    assert!(narrow.contains("Today: Learn 3 · Due 0"), "{narrow}");
}

/// A deck whose title carries an escape sequence.
const ESCAPED_TITLE: &str = r#"{"format": 1, "id": "hostile", "title": "Bad\u001b[2J title", "description": "",
"sources": [{"id": "s", "title": "S"}],
"cards": [{"id": "a", "kind": "basic", "front": "F", "back": "B", "source": "s"}]}"#;

/// `smriti check` says a control character "shows as �", and the app shows it so (the
/// terminal's widgets left it out, so the title drawn was a column shorter than the one laid
/// out): the deck list, read in full or from the deck index, and the header of a session,
/// through the one filter `terminal_safe`.
#[test]
fn a_control_character_in_a_title_shows_as_check_says() {
    let found = crate::store::check::check("hostile.json", ESCAPED_TITLE.as_bytes(), None);
    let control = found
        .iter()
        .find(|d| d.message.contains("U+001B"))
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(control.hint.contains("shows it as \u{FFFD}"), "{control:?}");
    let deck = crate::store::deck_file::parse("hostile.json", ESCAPED_TITLE).unwrap();
    let header = crate::tui::shared::Header::of(&deck);
    let mut a = App::new(
        super::tests::init(vec![DeckEntry::new("decks/hostile.json", Ok(deck.clone()))]),
        now(),
    );
    screen_with(&a, &["Bad\u{FFFD}[2J title"], &["Bad[2J"]);
    a.update(
        Action::Study(crate::domain::quiz::StudyMode::Flashcard),
        now(),
    );
    screen_with(&a, &["smriti · Bad\u{FFFD}[2J title"], &[]);
    // Read again (as `r` reads the decks), from the deck index: the same.
    let outline = crate::domain::outline::LazyOutline::from(deck.outline());
    let indexed = DeckEntry::indexed(
        "decks/hostile.json",
        header,
        outline,
        "decks/hostile.json".into(),
    );
    let mut b = App::new(super::tests::init(vec![indexed]), now());
    screen_with(&b, &["Bad\u{FFFD}[2J title"], &["Bad[2J"]);
    // And a reload redraws the whole screen (see `repaints`).
    let before = b.repaints();
    b.update(Action::DecksLoaded(vec![]), now());
    assert_eq!(b.repaints(), before + 1);
}

/// Ctrl-L redraws the whole screen from scratch (the run loop clears the terminal when
/// `repaints` changes), wherever it is pressed: the deck list, a typed answer, the help, a
/// mock test's prompt. It is in the key table, so the help and README list it.
#[test]
fn ctrl_l_redraws_the_whole_screen_from_anywhere() {
    use crate::tui::keymap::{bindings, help_entries, lookup};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let table = bindings();
    let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
    for ctx in [
        Context::Home,
        Context::Typing,
        Context::Help,
        Context::TestQuestion,
        Context::TestConfirm,
        Context::TestGoTo,
    ] {
        assert_eq!(lookup(&table, ctx, ctrl_l), Some(Action::Redraw), "{ctx:?}");
    }
    assert!(help_entries(&table, Context::Global).contains(&("Ctrl-L", "redraw the whole screen")));
    let mut a = running_test();
    a.update(Action::ToggleHelp, secs(11));
    let before = a.repaints();
    assert!(a.update(Action::Redraw, secs(12)).is_empty());
    assert_eq!(a.repaints(), before + 1);
    assert_eq!(a.context(), Context::Help, "nothing else changes");
}

/// The text of the one dialog (a `╔…╚` box) on `screen`: its rows without the borders,
/// joined by a space, as a reader reads them.
fn dialog_text(screen: &str) -> String {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in screen.lines() {
        if line.contains('╔') {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if line.contains('╚') {
            break;
        }
        if let Some(row) = line.split('║').nth(1) {
            rows.push(row.trim().to_owned());
        }
    }
    rows.join(" ")
}

/// The mock test's submit dialog shows all it says and every key at 80×24 and at the
/// smallest window, 50×15, where it was cut with no mark (its last keys, its title, and half
/// its text gone): there it takes the body's width, over the palette. The go-to dialog too.
#[test]
fn the_submit_dialog_shows_every_key_at_80_by_24_and_at_50_by_15() {
    let mut a = running_test();
    a.update(Action::Submit, secs(11));
    assert_eq!(a.context(), Context::TestConfirm);
    let keys = "y submit now · l leave for the deck list (kept: t resumes it) · q quit smriti \
                (kept) · n keep going";
    for (w, h, name) in [
        (80, 24, "submit_dialog_80x24"),
        (50, 15, "submit_dialog_50x15"),
    ] {
        let screen = render(&a, w, h);
        let text = dialog_text(&screen);
        assert!(
            text.starts_with(
                "1 answered, 4 not visited. The clock runs while you decide: ⏱ 05:49 left."
            ),
            "{w}×{h}: {text:?}\n{screen}"
        );
        assert!(text.ends_with(keys), "{w}×{h}: {text:?}\n{screen}");
        assert!(!text.contains('…'), "{w}×{h}: {text:?}\n{screen}");
        assert!(
            screen.contains("╔ Submit, or leave for later? ═"),
            "{w}×{h}:\n{screen}"
        );
        insta::assert_snapshot!(name, screen);
    }
    a.update(Action::Back, secs(12));
    a.update(Action::GoTo, secs(12));
    assert_eq!(a.context(), Context::TestGoTo);
    let small = render(&a, 50, 15);
    assert_eq!(
        dialog_text(&small),
        "Question (1–5): ▏ Enter go · Esc cancel",
        "{small}"
    );
}

/// A dialog with more text than its window has rows keeps its keys whole and marks the cut
/// ("…" at the end of the last row of text, and of a title too long).
#[test]
fn a_dialog_too_small_for_its_text_keeps_its_keys_and_marks_the_cut() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    let area = Rect::new(0, 0, 30, 5);
    let mut buf = Buffer::empty(area);
    let text = vec![Line::from(
        "one two three four five six seven eight nine ten eleven twelve thirteen",
    )];
    crate::tui::screens::test_run::dialog(
        area,
        area,
        " A title longer than its box is ",
        text,
        Line::from("y yes · n no"),
        &mut buf,
    );
    let rows: Vec<String> = (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let all = rows.join("\n");
    assert!(rows[0].contains('…'), "the title is marked cut:\n{all}");
    assert!(rows[2].ends_with("…║ "), "the text is marked cut:\n{all}");
    assert!(rows[3].contains("║y yes · n no"), "the keys show:\n{all}");
    assert!(rows[4].contains('╚'), "{all}");
}
