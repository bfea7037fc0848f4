//! Plain mode on a full disk: answers are kept, retried and saved before leaving (issue 13
//! point 7: before, 4 answers were lost and it exited 1). The disk trouble is an injected
//! write error in the store, failing a set number of times, so the test is deterministic.

use super::*;
use crate::domain::quiz::StudyMode;
use crate::tui::run::Options;
use crate::tui::theme::Theme;

/// Starts plain study of the shipped Prelims deck in a fresh saves folder.
fn begin(saves: &Path) -> (App, Saves) {
    begin_in(
        saves,
        concat!(env!("CARGO_MANIFEST_DIR"), "/decks").as_ref(),
        "india-japan-prelims",
        StudyMode::Flashcard,
    )
}

fn begin_in(saves: &Path, decks: &Path, deck: &str, mode: StudyMode) -> (App, Saves) {
    let now: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    let opts = Options {
        saves_dir: saves.to_owned(),
        device: crate::store::device::for_tests(),
        decks_dir: Some(decks.to_owned()),
        tz: jiff::tz::TimeZone::UTC,
        theme: Theme::from_env(Some("1")),
        seed: 1,
        clock: Box::new(move || now),
        test: None,
        study: Some((deck.into(), mode)),
        snapshot_every: None,
        test_panic: false,
    };
    start(&opts).unwrap()
}

/// Four answers (reveal, then Good), then quit.
const FOUR_ANSWERS: &[u8] = b"\n3\n\n3\n\n3\n\n3\nq\n";

fn run(app: App, saves: Saves, retry: &Retry) -> (Report, String) {
    let mut out = Vec::new();
    let clock = || -> Timestamp { "2026-11-22T10:00:00Z".parse().unwrap() };
    let report = dialogue(app, saves, (FOUR_ANSWERS, &mut out), &clock, None, retry);
    (report, String::from_utf8(out).unwrap())
}

fn log_lines(saves: &Path) -> usize {
    std::fs::read_to_string(
        crate::store::SavesLayout::new(saves)
            .reviews_of(Some(crate::store::device::for_tests().id())),
    )
    .unwrap()
    .lines()
    .count()
}

#[test]
fn a_full_disk_keeps_answers_and_saves_them_before_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let saves_dir = dir.path().join("saves");
    let (app, mut saves) = begin(&saves_dir);
    // The disk is full for the whole session and a while after it.
    saves.inject_failures(std::io::ErrorKind::StorageFull, 30);
    let retry = Retry {
        every: Duration::ZERO,
        give_up: Arc::new(AtomicBool::new(false)),
        signals: false,
    };
    let (report, out) = run(app, saves, &retry);
    assert!(
        out.contains("error: could not save 1 answer to ")
            && out.contains("error: could not save 4 answers to "),
        "{out}"
    );
    assert!(
        out.contains("Not saved yet: could not save 4 answers") && out.contains("Ctrl-C gives up"),
        "told plainly what is happening:\n{out}"
    );
    let landed = out.find("saved #1").expect("saved at last");
    assert!(out[landed..].contains("saved #4\nAll answers are saved.\nSession: 4 answered"));
    assert!(report.unsaved.is_empty(), "{:?}", report.unsaved);
    assert_eq!(log_lines(&saves_dir), 4, "every answer is on disk");
}

#[test]
fn giving_up_on_a_full_disk_says_what_was_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let saves_dir = dir.path().join("saves");
    let (app, mut saves) = begin(&saves_dir);
    saves.inject_failure(Some(std::io::ErrorKind::StorageFull));
    // Ctrl-C was pressed while waiting.
    let retry = Retry {
        every: Duration::from_secs(3600),
        give_up: Arc::new(AtomicBool::new(true)),
        signals: false,
    };
    let (report, out) = run(app, saves, &retry);
    assert!(
        out.contains("Not saved yet: could not save 4 answers"),
        "{out}"
    );
    assert_eq!(report.unsaved.len(), 1, "{:?}", report.unsaved);
    assert!(
        report.unsaved[0].starts_with("could not save 4 answers to ")
            && report.unsaved[0].contains("they are lost"),
        "{}",
        report.unsaved[0]
    );
}

fn talk(app: App, saves: Saves, input: &[u8]) -> String {
    let mut out = Vec::new();
    let clock = || -> Timestamp { "2026-11-22T10:00:00Z".parse().unwrap() };
    let retry = Retry {
        every: Duration::ZERO,
        give_up: Arc::new(AtomicBool::new(false)),
        signals: false,
    };
    dialogue(app, saves, (input, &mut out), &clock, None, &retry);
    String::from_utf8(out).unwrap()
}

#[test]
fn bad_input_gets_a_message_and_undo_says_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (app, saves) = begin(&dir.path().join("saves"));
    let out = talk(app, saves, b"\nx\n3\nu\nq\n");
    assert!(
        out.contains("\"x\": type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), or Enter for Good"),
        "{out}"
    );
    let saved = out.find("saved #1\n").expect("the answer is saved");
    assert!(out[saved..].contains("undone #1\n"), "{out}");
    assert!(
        !out.contains("saved #2"),
        "the undo is not reported as an answer:\n{out}"
    );
}

#[test]
fn choice_answers_name_the_letters_and_never_offer_o() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("own.json"),
        r#"{"format": 1, "id": "own", "title": "Own", "description": "", "cards": [
            {"id": "m", "kind": "mcq", "question": "Which river flows through Hyderabad?",
             "options": ["Musi", "Kaveri", "Tapti", "Mahanadi"], "answer": 0, "shuffle": false}]}"#,
    )
    .unwrap();
    let (app, saves) = begin_in(&dir.path().join("saves"), &decks, "own", StudyMode::Choice);
    // A letter past the options, then nothing useful, then a wrong answer, then a grade
    // where only Enter goes on.
    let out = talk(app, saves, b"z\n?\nb\nx\nq\n");
    assert!(out.contains("\"z\": type one letter, a to "), "{out}");
    assert!(out.contains("\"?\": type one letter, a to "), "{out}");
    // Input not understood gets its message, not the whole question again.
    assert_eq!(
        out.matches("Which river flows through Hyderabad?").count(),
        1,
        "{out}"
    );
    assert!(!out.contains("o if you were right"), "{out}");
    assert!(out.contains("Wrong. The answer is"), "{out}");
    assert!(out.contains("Enter = Again; u undo, q quit"), "{out}");
    assert!(
        out.contains("\"x\": press Enter to go on; u undo, q quit"),
        "{out}"
    );
}

#[test]
fn an_empty_typed_answer_shows_the_answer_graded_again() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("own.json"),
        r#"{"format": 1, "id": "own", "title": "Own", "description": "", "cards": [
            {"id": "t", "kind": "typed", "question": "Capital of Telangana?", "accept": ["Hyderabad"]}]}"#,
    )
    .unwrap();
    let (app, saves) = begin_in(&dir.path().join("saves"), &decks, "own", StudyMode::Typed);
    let out = talk(app, saves, b"\no\n\nq\n");
    assert!(
        out.contains("an empty line shows it, graded Again"),
        "{out}"
    );
    assert!(
        out.contains("Not answered (Again). The answer is: Hyderabad"),
        "{out}"
    );
    assert!(!out.contains("o if you were right"), "{out}");
    assert!(
        out.contains("\"o\": press Enter to go on; u undo, q quit"),
        "{out}"
    );
    assert!(out.contains("saved #1"), "{out}");
}

/// Standard output that notes, when an answer's `saved #1` is printed, whether a snapshot
/// write has started (its temporary file in the saves folder: the writer is held at its first
/// check until the next card is printed).
struct Watch {
    saves: std::path::PathBuf,
    out: Vec<u8>,
    writing_at_saved: Option<bool>,
    release: Option<std::sync::mpsc::Sender<()>>,
}

impl Write for Watch {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        if text.contains("saved #1") {
            let temp = std::fs::read_dir(&self.saves)
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
            self.writing_at_saved = Some(temp);
        } else if self.writing_at_saved.is_some() && text.starts_with('[') {
            // The next card: the writer may go on from here.
            self.release.take();
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The snapshot due after an answer starts once the next card is printed (the user reads it
/// meanwhile), not between the answer and the card: when `saved #1` is printed, no write has
/// started. (That it is then written is `store::snapshots`' tests' part.)
#[test]
fn a_due_snapshot_starts_after_the_next_card_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let saves_dir = dir.path().join("saves");
    let (app, mut saves) = begin(&saves_dir);
    saves.set_snapshot_every(1);
    let (release, hold) = std::sync::mpsc::channel();
    saves.hold_writer = Some(hold);
    let mut out = Watch {
        saves: saves_dir.clone(),
        out: Vec::new(),
        writing_at_saved: None,
        release: Some(release),
    };
    let clock = || -> Timestamp { "2026-11-22T10:00:00Z".parse().unwrap() };
    let retry = Retry {
        every: Duration::ZERO,
        give_up: Arc::new(AtomicBool::new(false)),
        signals: false,
    };
    dialogue(app, saves, (FOUR_ANSWERS, &mut out), &clock, None, &retry);
    let text = String::from_utf8(out.out).unwrap();
    assert_eq!(out.writing_at_saved, Some(false), "{text}");
    assert!(text.contains("saved #4"), "{text}");
    assert_eq!(log_lines(&saves_dir), 4);
}

#[test]
fn start_up_problems_are_printed_whole_and_safe() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    // A hand edit gone wrong, with an escape sequence in the value the message quotes.
    std::fs::write(
        saves.join("settings.json"),
        "{\"format\": 1, \"new_cards_per_day\": \"\u{1b}[2Jlots\"}",
    )
    .unwrap();
    let (app, saves_open) = begin(&saves);
    let whole = app.shared().notices.clone();
    assert!(
        whole.iter().any(|n| n.lines().count() > 1),
        "a problem of several lines: {whole:?}"
    );
    let out = talk(app, saves_open, b"q\n");
    for n in &whole {
        for line in crate::domain::text::terminal_safe(n, crate::domain::text::Breaks::Keep).lines()
        {
            assert!(out.contains(line), "{line:?} is printed:\n{out}");
        }
    }
    assert!(
        out.contains("(using the default settings for now)"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no escape reaches the terminal:\n{out}"
    );
}
