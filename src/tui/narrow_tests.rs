//! Screen tests for the second polish round (a new user's trial at 80×24 and 50×15): the
//! weakest tags ranked as a mock test ranks them and scrolled with marks, long tags cut with
//! "…" by display width, the study header telling decks apart at 50 columns, and card text
//! with control characters shown as `�` as `smriti check` says.

use super::tests::{app, fixture_scope, kinds_app, now, render, secs};
use super::*;
use crate::domain::weak_tags::{overall, weakest_first};
use crate::tui::shared::DeckState;

/// Statistics with these tags (tag, right, answers), ranked as `stats::figures` ranks them.
fn stats_ranked(tags: &[(&str, u32, u32)]) -> crate::domain::stats::Stats {
    let mut s = super::tests::stats_with_tags(tags);
    let all = overall(&s.by_tag);
    weakest_first(&mut s.by_tag, all);
    s
}

/// The statistics' weakest tags: "0 of 1" no longer tops "2 of 9" (the same smoothed ranking
/// as a mock test's results), a tag never missed is not listed, and a list longer than its box
/// says what is above and below it, at 80×24 and at 50×15.
#[test]
fn weakest_tags_are_ranked_as_in_mock_results_and_scroll_with_marks() {
    let mut a = app();
    let mut tags = vec![
        ("one-wrong", 0, 1),
        ("two-of-nine", 2, 9),
        ("perfect", 1, 1),
    ];
    let names: Vec<String> = (0..9).map(|i| format!("topic-{i}")).collect();
    for (i, n) in names.iter().enumerate() {
        tags.push((n.as_str(), 5 + i as u32, 20));
    }
    a.update(
        Action::StatsLoaded(fixture_scope(), Box::new(stats_ranked(&tags))),
        secs(60),
    );
    let Screen::Stats(s) = &a.screen else {
        panic!("{:?}", a.context())
    };
    let weak: Vec<&str> = s.weak_tags().iter().map(|t| t.tag.as_str()).collect();
    assert_eq!(weak[..3], ["two-of-nine", "topic-0", "one-wrong"]);
    assert!(!weak.contains(&"perfect"), "{weak:?}");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("↓ more below"), "{screen}");
    assert!(!screen.contains("↑ more above"), "{screen}");
    insta::assert_snapshot!("weakest_tags_top_80x24", screen);
    for _ in 0..weak.len() {
        a.update(Action::Down, secs(61));
    }
    let screen = render(&a, 80, 24);
    assert!(screen.contains("↑ more above"), "{screen}");
    assert!(!screen.contains("↓ more below"), "{screen}");
    assert!(
        screen.contains("topic-8"),
        "the last weak tag is shown: {screen}"
    );
    // A narrow box says it in short words.
    let small = render(&a, 50, 15);
    assert!(small.contains('↑'), "{small}");
    insta::assert_snapshot!("weakest_tags_bottom_50x15", small);
}

/// A mock test's results cut a long tag with "…" by display width (Devanagari and Japanese
/// alike), a space before its figures, which stay whole at 80 and 50 columns.
#[test]
fn long_tags_on_mock_results_are_cut_with_an_ellipsis() {
    let mut a = kinds_app();
    let long = [
        "international-relations-and-bilateral-agreements",
        "भारत-जापान-सामरिक-और-वैश्विक-साझेदारी",
        "日本とインドの経済安全保障対話と重要鉱物",
    ];
    if let DeckState::Read(d) = &mut a.shared.decks[0].state {
        for (i, c) in d.cards.iter_mut().enumerate() {
            c.tags = vec![long[i % long.len()].to_owned()];
        }
    }
    a.update(Action::OpenTest, now());
    a.update(Action::Start, now());
    loop {
        a.update(Action::Choose(0), secs(9));
        let Screen::Test(run) = &a.screen else {
            panic!()
        };
        if run.test.current + 1 == run.test.questions.len() {
            break;
        }
        a.update(Action::Next, secs(9));
    }
    a.update(Action::Submit, secs(10));
    a.update(Action::Confirm, secs(10));
    for (w, h) in [(80, 24), (50, 15)] {
        // Down to the tags, in a window of this size.
        a.update(Action::Resize(w, h), secs(11));
        for _ in 0..8 {
            a.update(Action::Down, secs(11));
        }
        let screen = render(&a, w, h);
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| long.iter().any(|t| l.contains(&t[..6])))
            .collect();
        assert!(!rows.is_empty(), "no tag row at {w}×{h}:\n{screen}");
        for row in rows {
            assert!(row.contains("… "), "cut without an ellipsis: {row}");
            assert!(row.contains('%'), "the figures are cut: {row}");
        }
        insta::assert_snapshot!(format!("long_tags_on_mock_results_{w}x{h}"), screen);
    }
}

/// The shipped sectors deck has two mcqs with the same four options (Semiconductors, Clean
/// energy, ICT & 5G, Pharmaceuticals): over a fortnight of sessions, new cards and reviews
/// mixed, they are never asked one after the other.
#[test]
fn the_shipped_mcqs_with_one_option_set_are_never_asked_back_to_back() {
    use crate::domain::progress::Progress;
    use crate::domain::scheduler::Params;
    use crate::domain::session::{Answer, Session, option_sets};
    use crate::domain::settings::Limits;
    use crate::domain::time::StudyDay;
    let (_, text) = crate::store::decks::built_in()
        .iter()
        .find(|(n, _)| n.contains("sectors"))
        .unwrap();
    let deck = crate::store::deck_file::parse("sectors", text).unwrap();
    let sets = option_sets(&deck);
    assert!(
        sets.contains_key("q-tokyo-electron") && sets.contains_key("q-ict"),
        "{sets:?}"
    );
    let tz = jiff::tz::TimeZone::UTC;
    let day_of = |t: jiff::Timestamp| StudyDay::containing(t, &tz, 4).date;
    let mut progress = Progress::default();
    let mut asked = 0;
    for day in 0..14 {
        let t = secs(day * 86_400);
        let limits = Limits {
            new_per_day: 20,
            reviews_per_day: 200,
        };
        let mut s = Session::new(
            &deck,
            progress.deck(&deck.id),
            StudyDay::containing(t, &tz, 4),
            limits,
            day as u64,
        );
        let mut last: Option<String> = None;
        while let Ok(key) = s.advance(t) {
            let card = key.card.to_string();
            if let Some(prev) = &last {
                let same = sets.contains_key(prev.as_str())
                    && sets.get(prev.as_str()) == sets.get(card.as_str());
                assert!(!same, "day {day}: {prev} then {card}");
            }
            s.answer(
                &mut progress,
                crate::domain::scheduler::Rating::Easy,
                t,
                Answer::flashcard(1000),
                &Params::default(),
                &day_of,
            );
            asked += 1;
            last = Some(card);
        }
    }
    assert!(asked > 60, "{asked}");
}

/// A deck whose card texts carry control characters (BEL, ESC, a C1 CSI).
const CONTROL_CARDS: &str = r#"{"format": 1, "id": "ctl", "title": "Control", "description": "",
"cards": [
 {"id": "q", "kind": "mcq", "question": "Which\u0007 one?", "options": ["A\u001b[2J", "B", "C\u009b", "D"], "answer": 0,
  "explanation": "Because\u0008 so."}
]}"#;

/// Card text with a control character shows it as �, as the deck's title does and as `smriti
/// check` says it will (the terminal's widgets left it out): the question, its options and
/// the explanation, through the one filter every deck text takes.
#[test]
fn control_characters_in_card_text_show_as_check_says() {
    let deck = crate::store::deck_file::parse("ctl.json", CONTROL_CARDS).unwrap();
    let found = crate::store::check::check("ctl.json", CONTROL_CARDS.as_bytes(), None);
    assert!(
        found
            .iter()
            .filter(|d| d.message.contains("control character"))
            .all(|d| d.hint.contains("shows it as \u{FFFD}")),
        "{found:?}"
    );
    let mut a = App::new(
        super::tests::init(vec![DeckEntry::new("ctl.json", Ok(deck))]),
        now(),
    );
    a.update(Action::Study(crate::domain::quiz::StudyMode::Choice), now());
    let asking = render(&a, 80, 24);
    for shown in ["Which\u{FFFD} one?", "A\u{FFFD}[2J", "C\u{FFFD}"] {
        assert!(
            asking.contains(shown),
            "{shown:?} is not on screen:\n{asking}"
        );
    }
    insta::assert_snapshot!("control_characters_in_card_text", asking);
    a.update(Action::Choose(0), secs(3));
    a.update(Action::Submit, secs(3));
    let answered = render(&a, 80, 24);
    assert!(answered.contains("Because\u{FFFD} so."), "{answered}");
}

/// At 50 columns the study header told no shipped deck from another ("India–Japa…" for all
/// four): short of room it drops "smriti ·" and the start the title shares with the other
/// decks, so each deck's own words show beside the counts.
#[test]
fn the_study_header_at_50_columns_tells_the_shipped_decks_apart() {
    let mut a = App::new(super::tests::init(super::tests::shipped_entries()), now());
    let mut heads = Vec::new();
    for i in 0..a.shared.decks.len() {
        a.shared.select(i);
        a.update(
            Action::Study(crate::domain::quiz::StudyMode::Flashcard),
            now(),
        );
        let screen = render(&a, 50, 15);
        heads.push(screen.lines().next().unwrap_or_default().to_owned());
        if i == 3 {
            insta::assert_snapshot!("study_header_50x15", screen);
        }
        // At 80 columns the whole title shows (without "smriti ·" where both do not fit).
        let wide = render(&a, 80, 24);
        let title = a.shared.decks[i].title().unwrap_or_default().to_owned();
        assert!(
            wide.lines().next().unwrap_or_default().contains(&title),
            "{wide}"
        );
        a.update(Action::Back, now());
        a.update(Action::Back, now());
    }
    for (head, words) in heads
        .iter()
        .zip(["challenges", "mechanisms", "2025–26", "sectors"])
    {
        assert!(head.contains(&format!("…{words}")), "{head}");
        assert!(head.contains("20 new"), "the counts stay: {head}");
    }
}

/// Found by a new user's trial: at 50 columns the grades under a shown answer read
/// "1 Again · 1m   2 Hard · 6m   3 Good · 10m   4 Eas": the line is made narrower (shorter
/// separators, then fewer intervals) until every button is whole, at every width from 50 up.
#[test]
fn every_grade_button_shows_whole_at_50_columns() {
    let mut a = App::new(super::tests::init(super::tests::shipped_entries()), now());
    a.shared.select(3);
    a.update(
        Action::Study(crate::domain::quiz::StudyMode::Flashcard),
        now(),
    );
    a.update(Action::Reveal, now());
    for width in [50u16, 55, 60, 80] {
        let screen = render(&a, width, 15.max(width / 3));
        let buttons = screen
            .lines()
            .find(|l| l.contains("1 Again"))
            .unwrap_or_else(|| panic!("no grades at {width}:\n{screen}"));
        for grade in ["1 Again", "2 Hard", "3 Good", "4 Easy"] {
            assert!(buttons.contains(grade), "{width}: {buttons}");
        }
        // The intervals show wherever they fit (at 50 columns too).
        assert!(buttons.contains("10m"), "{width}: {buttons}");
        if width >= 60 {
            assert!(buttons.contains(" · "), "{width}: {buttons}");
        }
    }
}
