//! `App::update` unit tests and `TestBackend` snapshots of every screen, at a fixed clock and
//! seed, on a fixture deck with ₹, —, Devanagari and Japanese text.

use super::*;
use crate::domain::scheduler::Rating;
use crate::store::deck_file;
use crate::tui::theme::Theme;
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const DECK: &str = r#"{
  "format": 1,
  "id": "fixture",
  "title": "India–Japan: fixture deck",
  "description": "Cards with ₹, —, हिन्दी and 日本語 to check layout.",
  "tags": ["upsc", "gs2"],
  "sources": [{"id": "note", "title": "UPSC study note", "publisher": "Example", "date": "2026-01"}],
  "cards": [
    {"id": "outlay", "kind": "basic", "front": "What is the outlay of the IndiaAI Mission?", "back": "₹10,372 crore", "explanation": "It funds GPUs and compute, Indic-language datasets — and AI governance.", "source": "note"},
    {"id": "foip", "kind": "basic", "front": "FOIP", "back": "Free and Open Indo-Pacific", "reverse": true},
    {"id": "atmanirbhar", "kind": "basic", "front": "आत्मनिर्भर भारत means?", "back": "Self-reliant India"},
    {"id": "nihon", "kind": "basic", "front": "日本 is the name of which country?", "back": "Japan (Nihon)"}
  ]
}"#;

fn now() -> Timestamp {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn app_with(notices: Vec<String>, broken: bool) -> App {
    let deck = deck_file::parse("fixture.json", DECK).unwrap();
    let mut decks = vec![DeckEntry {
        origin: "decks/fixture.json (built in)".into(),
        deck: Ok(deck),
        counts: Counts::default(),
    }];
    if broken {
        decks.insert(
            0,
            DeckEntry {
                origin: "decks/broken.json".into(),
                deck: Err(vec!["decks/broken.json:3:5: missing field `title`\n  hint: add the field; see docs/deck-format.md".into()]),
                counts: Counts::default(),
            },
        );
    }
    let paths = Paths {
        saves: "/home/asha/.local/share/smriti".into(),
        decks: Some("decks".into()),
    };
    let init = Init {
        decks,
        progress: Progress::default(),
        settings: Settings::default(),
        tz: TimeZone::UTC,
        notices,
        paths,
        seed: 7,
    };
    App::new(init, now())
}

fn app() -> App {
    app_with(vec![], false)
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(app, Theme { color: true }, f.area(), f.buffer_mut()))
        .unwrap();
    t.backend().to_string()
}

fn secs(s: i64) -> Timestamp {
    now()
        .checked_add(jiff::SignedDuration::from_secs(s))
        .unwrap()
}

#[test]
fn home_screen() {
    let a = app();
    assert_eq!(
        a.decks[0].counts,
        Counts {
            new: 4,
            learning: 0,
            due: 0
        }
    );
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn home_screen_with_a_broken_deck_and_notices() {
    let mut a = app_with(vec!["saves/reviews.jsonl:7: skipped an unreadable line (expected value); the rest of the log is fine".into()], true);
    assert!(a.decks[1].deck.is_err(), "broken decks are listed last");
    a.update(Action::Down, now());
    insta::assert_snapshot!(render(&a, 80, 24));
    a.update(Action::Study, now());
    assert!(matches!(a.screen, Screen::Home));
    assert!(
        a.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("This deck file has errors and cannot be studied: decks/broken.json:3:5")
    );
}

#[test]
fn study_question_and_answer() {
    let mut a = app();
    assert!(a.update(Action::Study, now()).is_empty());
    assert_eq!(a.context(), Context::Question);
    insta::assert_snapshot!("question", render(&a, 80, 24));
    // Grading before the answer is shown does nothing.
    assert!(a.update(Action::Grade(Rating::Good), secs(1)).is_empty());
    a.update(Action::Reveal, secs(4));
    assert_eq!(a.context(), Context::Answer);
    insta::assert_snapshot!("answer", render(&a, 80, 24));
}

#[test]
fn grading_records_the_answer_before_the_next_card() {
    let mut a = app();
    a.update(Action::Study, now());
    a.update(Action::Reveal, secs(3));
    let effects = a.update(Action::Grade(Rating::Good), secs(5));
    let [
        Effect::Record(Event::Review {
            card,
            rating,
            ms,
            seq,
            ..
        }),
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (card.as_str(), *rating, *ms, *seq),
        ("outlay", Rating::Good, 5000, 1)
    );
    let Screen::Study(s) = &a.screen else {
        panic!()
    };
    assert_eq!(s.session.current().unwrap().card, "foip");
    assert!(!s.revealed);
    assert_eq!(
        s.session.counts(),
        Counts {
            new: 3,
            learning: 1,
            due: 0
        }
    );
}

use crate::domain::progress::Event;

#[test]
fn unicode_cards_lay_out() {
    let mut a = app();
    a.update(Action::Study, now());
    for i in 0..2 {
        a.update(Action::Reveal, secs(i * 10));
        a.update(Action::Grade(Rating::Easy), secs(i * 10 + 1));
    }
    a.update(Action::Reveal, secs(30));
    insta::assert_snapshot!(render(&a, 80, 24));
}

#[test]
fn undo_takes_back_the_last_answer() {
    let mut a = app();
    a.update(Action::Study, now());
    a.update(Action::Reveal, secs(1));
    a.update(Action::Grade(Rating::Again), secs(2));
    let effects = a.update(Action::Undo, secs(3));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Record(Event::Undo {
            undoes: 1,
            seq: 2,
            ..
        })]
    ));
    assert_eq!(a.current_card().unwrap().0.card, "outlay");
    assert!(a.progress.deck("fixture").unwrap().items.is_empty());
}

#[test]
fn ending_a_session_shows_the_summary_and_snapshots() {
    let mut a = app();
    a.update(Action::Study, now());
    a.update(Action::Reveal, secs(2));
    a.update(Action::Grade(Rating::Again), secs(6));
    a.update(Action::Reveal, secs(8));
    a.update(Action::Grade(Rating::Easy), secs(10));
    assert_eq!(a.update(Action::Back, secs(11)), vec![Effect::Snapshot]);
    insta::assert_snapshot!(render(&a, 80, 24));
    a.update(Action::Back, secs(12));
    assert!(matches!(a.screen, Screen::Home));
    assert_eq!(
        a.decks[0].counts,
        Counts {
            new: 2,
            learning: 1,
            due: 0
        }
    );
}

#[test]
fn waiting_for_a_learning_card() {
    let mut a = app();
    a.settings.params.learning_steps = vec![3600.0];
    a.settings.limits.new_per_day = 1;
    a.update(Action::Study, now());
    a.update(Action::Reveal, secs(1));
    a.update(Action::Grade(Rating::Again), secs(2));
    assert_eq!(a.context(), Context::Waiting);
    insta::assert_snapshot!(render(&a, 80, 24));
    // An hour later the card is back.
    a.update(Action::Tick, secs(3603));
    assert_eq!(a.context(), Context::Question);
}

#[test]
fn finishing_the_deck_ends_the_session() {
    let mut a = app();
    a.settings.limits.new_per_day = 1;
    a.update(Action::Study, now());
    a.update(Action::Reveal, secs(1));
    let effects = a.update(Action::Grade(Rating::Easy), secs(2));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Record(_), Effect::Snapshot]
    ));
    assert!(matches!(a.screen, Screen::Summary { finished: true, .. }));
}

#[test]
fn help_overlay() {
    let mut a = app_with(
        vec!["saves/progress.json:1:1: expected value".into()],
        false,
    );
    a.update(Action::ToggleHelp, now());
    assert_eq!(a.context(), Context::Help);
    insta::assert_snapshot!(render(&a, 80, 24));
    // Keys other than those closing help do nothing while it is open.
    a.update(Action::Study, now());
    assert!(matches!(a.screen, Screen::Home));
    a.update(Action::ToggleHelp, now());
    assert_eq!(a.context(), Context::Home);
}

#[test]
fn a_small_window_gets_a_polite_message() {
    insta::assert_snapshot!(render(&app(), 40, 10));
}

#[test]
fn quit_saves_first() {
    let mut a = app();
    assert_eq!(
        a.update(Action::Quit, now()),
        vec![Effect::Snapshot, Effect::Quit]
    );
}

#[test]
fn no_color_uses_no_colours() {
    let a = app();
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::draw(&a, Theme { color: false }, f.area(), f.buffer_mut()))
        .unwrap();
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
    t.draw(|f| view::draw(&a, Theme { color: true }, f.area(), f.buffer_mut()))
        .unwrap();
    assert!(
        t.backend()
            .buffer()
            .content
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset)
    );
    assert_eq!(Theme::from_env(Some("1")), Theme { color: false });
    assert_eq!(Theme::from_env(Some("")), Theme { color: true });
    assert_eq!(Theme::from_env(None), Theme { color: true });
}
