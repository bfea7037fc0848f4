//! The plain mock test (issue 15 point 15): answered by letter, skipped, marked, submitted, with
//! the results printed and durable in `tests.jsonl`; left at the end of input, it is kept and
//! offered at the next start (issue 15 point 2).

use super::*;
use crate::domain::mock::{Marking, TestSpec};
use crate::tui::run::{Options, TestRequest, start};
use crate::tui::theme::Theme;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

fn deck(dir: &Path) {
    let cards: Vec<String> = (0..4)
        .map(|i| {
            format!(
                r#"{{"id": "m{i}", "kind": "mcq", "question": "Which word is question m{i}?", "options": ["right {i}", "wrong one {i}", "wrong two {i}", "wrong three {i}"], "answer": 0, "tags": ["t{}"]}}"#,
                i % 2
            )
        })
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("quiz.json"),
        format!(
            r#"{{"format": 1, "id": "quiz", "title": "Quiz", "description": "", "cards": [{}]}}"#,
            cards.join(",")
        ),
    )
    .unwrap();
}

const T0: &str = "2026-11-22T10:00:00Z";

fn opts(saves: &Path, decks: &Path, test: bool) -> Options {
    let now: Timestamp = T0.parse().unwrap();
    Options {
        saves_dir: saves.to_owned(),
        device: crate::store::device::for_tests(),
        decks_dir: Some(decks.to_owned()),
        tz: jiff::tz::TimeZone::UTC,
        theme: Theme::from_env(Some("1")),
        seed: 5,
        clock: Box::new(move || now),
        test: test.then(|| TestRequest {
            decks: vec!["quiz".into()],
            spec: TestSpec {
                questions: 3,
                minutes: 3.6,
                marking: Marking::UPSC_GS,
                tags: vec![],
                requeue: false,
                paced: true,
            },
        }),
        study: None,
        snapshot_every: None,
        test_panic: false,
    }
}

fn talk(saves: &Path, decks: &Path, test: bool, script: &str) -> String {
    let (app, saves_) = start(&opts(saves, decks, test)).unwrap();
    let retry = Retry {
        every: Duration::from_millis(10),
        give_up: Arc::new(AtomicBool::new(false)),
        signals: false,
    };
    let mut out = Vec::new();
    let clock = || -> Timestamp { T0.parse().unwrap() };
    let report = dialogue(
        app,
        saves_,
        (script.as_bytes(), &mut out),
        &clock,
        Some(decks),
        &retry,
    );
    assert!(report.unsaved.is_empty(), "{:?}", report.unsaved);
    String::from_utf8(out).unwrap()
}

#[test]
fn a_test_started_from_the_command_line_is_kept_before_its_first_key() {
    // `smriti test` shows question 1 at once: like a test started from the setup screen, it
    // must be on disk by then, so that a crash or a kill before the first key loses nothing.
    let dir = tempfile::tempdir().unwrap();
    let (saves, decks) = (dir.path().join("saves"), dir.path().join("decks"));
    deck(&decks);
    let (_app, opened) = start(&opts(&saves, &decks, true)).unwrap();
    drop(opened);
    let kept = crate::store::SavesLayout::new(&saves).test_in_progress();
    assert!(kept.is_file(), "{} was not written", kept.display());
    // The next start offers that test, untouched, before anything else.
    let out = talk(&saves, &decks, true, "q\n");
    for want in [
        "A mock test was left before it was submitted.",
        "Nothing answered yet; it was on question 1.",
        "Type r to resume it, s to submit it as it stands, or q to quit (it is kept).",
    ] {
        assert!(out.contains(want), "{want:?} missing from:\n{out}");
    }
}

fn records(saves: &Path) -> Vec<serde_json::Value> {
    crate::store::tests_log::read_in(saves)
        .0
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

#[test]
fn a_plain_mock_test_is_answered_by_letter_and_its_result_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (saves, decks) = (dir.path().join("saves"), dir.path().join("decks"));
    deck(&decks);
    // Q1: a bad line, then (b); Q2: marked, then skipped; Q3: (a); at the end, back to Q2
    // with g 2, answer (c); submit, think again (n), submit (y).
    let out = talk(&saves, &decks, true, "zz\nb\nm\n\na\ng 2\nc\ns\nn\ns\ny\n");
    for want in [
        "smriti: mock test, 3 questions, 3.6 min, marking +2 right, −0.67 wrong.",
        "Question 1 of 3. 3:36 left.",
        "(a) ",
        "(d) ",
        "Your answer: none. Type a letter, a to d.",
        "\"zz\": type one letter, a to d, or ? for the keys",
        "Question 1: answer (b).",
        "Question 2 of 3. 3:36 left.",
        "Question 2: no answer, marked for review.",
        "Question 3: answer (a).",
        "That was the last question; not answered: 2.",
        "Question 2 of 3 (marked for review). 3:36 left.",
        "Question 2: answer (c), marked for review.",
        "All 3 answered (1 of them marked)",
        "Submit the test? Type y to submit now, l to leave",
        "Attempted 3  ·  Right ",
        "Accuracy by tag, weakest first:",
        "Question 1: Which word is question",
        "Right answer: (",
        "The result is saved in tests.",
    ] {
        assert!(out.contains(want), "{want:?} missing from:\n{out}");
    }
    let recs = records(&saves);
    assert_eq!(recs.len(), 1);
    let chosen: Vec<&serde_json::Value> = recs[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["chosen"])
        .collect();
    assert_eq!(
        chosen,
        [
            &serde_json::json!([1]),
            &serde_json::json!([2]),
            &serde_json::json!([0])
        ]
    );
    assert_eq!(recs[0]["items"][1]["marked"], true);
    assert!(
        !crate::store::SavesLayout::new(&saves)
            .test_in_progress()
            .exists(),
        "a submitted test is forgotten as a test in progress"
    );
}

#[test]
fn a_plain_test_left_midway_is_offered_next_time_and_submitted_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let (saves, decks) = (dir.path().join("saves"), dir.path().join("decks"));
    deck(&decks);
    // One answer, then the input ends (a closed pipe, a screen reader gone).
    let out = talk(&saves, &decks, true, "a\n");
    assert!(out.contains("The test is kept"), "{out}");
    assert!(records(&saves).is_empty());
    assert!(
        crate::store::SavesLayout::new(&saves)
            .test_in_progress()
            .exists()
    );
    // The next start (asked for another test) offers it first; q keeps it.
    let out = talk(&saves, &decks, true, "q\n");
    for want in [
        "A mock test was left before it was submitted.",
        "1 answered, 2 not answered; it was on question 2.",
        "Time left: 03:36.",
        "Type r to resume it, s to submit it as it stands, or q to quit (it is kept).",
    ] {
        assert!(out.contains(want), "{want:?} missing from:\n{out}");
    }
    assert!(
        crate::store::SavesLayout::new(&saves)
            .test_in_progress()
            .exists()
    );
    // Resumed: on question 2, with the answer to question 1; then left with q, l.
    let out = talk(&saves, &decks, true, "r\nb\nq\nl\n");
    assert!(out.contains("Question 2 of 3. 3:36 left."), "{out}");
    assert!(out.contains("Question 2: answer (b)."), "{out}");
    assert!(out.contains("The test is kept"), "{out}");
    // Submitted as it stands: two answers.
    let out = talk(&saves, &decks, true, "s\n");
    assert!(out.contains("Attempted 2  ·  Right "), "{out}");
    let recs = records(&saves);
    assert_eq!(recs.len(), 1, "{out}");
    assert_eq!(recs[0]["items"][0]["chosen"], serde_json::json!([0]));
    assert_eq!(recs[0]["items"][1]["chosen"], serde_json::json!([1]));
    assert!(
        !crate::store::SavesLayout::new(&saves)
            .test_in_progress()
            .exists()
    );
    // Nothing is offered any more: the next start is a new test.
    let out = talk(&saves, &decks, true, "");
    assert!(!out.contains("was left before"), "{out}");
    assert!(out.contains("Question 1 of 3."), "{out}");
}
