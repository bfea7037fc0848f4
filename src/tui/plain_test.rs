//! The plain mock test (`smriti test … --plain`): the same test as the full-screen app, as a
//! line-by-line dialogue on standard input and output, for screen-reader users and scripts.
//! It drives the very same `App::update` and effect execution (so the test is kept after every
//! answer, an unfinished one is offered at the next start, and the result goes to the same
//! `tests.jsonl`); only the reading and writing of lines is its own. Every question is printed
//! whole, so every option counts as seen. Deck text goes out through `terminal_safe`.

use std::io::{BufRead, Write};
use std::path::Path;

use jiff::Timestamp;

use super::action::Action;
use super::app::App;
use super::run::{Report, Retry, execute, finish, save_before_leaving, say};
use super::screens::Screen;
use super::screens::test_results::ResultsView;
use super::screens::test_run::{TestRun, summary};
use super::test_files::keep_test;
use crate::domain::mock::Results;
use crate::domain::quiz::{Question, Verdict, option_letter};
use crate::store::Saves;

/// Said when the test is left unsubmitted.
const KEPT: &str = "The test is kept: smriti offers to resume it (or submit it) next time.";

/// What the keys are, printed at the start and after `?`.
const HELP: &str = "Answer with the option's letter (every right letter for a select-all question, e.g. ac); the next question follows. Enter or n: next without answering; p: previous; g 12: go to question 12; x: clear the answer; m: mark for review; y: tag sure / 50-50 / guess; r: read the question again; s: submit; q: leave (the test is kept; resume it next time); ?: these keys.";

/// The question on screen as lines: where it is, its state, the time left, the stem, the
/// options and the answer given so far.
fn question_text(run: &TestRun, now: Timestamp) -> String {
    let t = &run.test;
    let i = t.current;
    let a = &t.answers[i];
    let Question::Choice {
        stem,
        options,
        multi,
        ..
    } = &t.questions[i].question
    else {
        return String::new();
    };
    let left = t.seconds_left(now);
    let mut state = Vec::new();
    if a.marked {
        state.push("marked for review".to_owned());
    }
    if let Some(c) = a.confidence {
        state.push(format!("tagged {}", c.label()));
    }
    let state = if state.is_empty() {
        String::new()
    } else {
        format!(" ({})", state.join(", "))
    };
    let mut out = format!(
        "Question {} of {}{state}. {}:{:02} left.",
        i + 1,
        t.questions.len(),
        left / 60,
        left % 60
    );
    for l in stem {
        out.push('\n');
        out.push_str(l);
    }
    for (k, o) in options.iter().enumerate() {
        out.push_str(&format!("\n({}) {o}", option_letter(k)));
    }
    let last = option_letter(options.len().saturating_sub(1));
    out.push_str(&match (a.chosen.is_empty(), *multi) {
        (true, false) => format!("\nYour answer: none. Type a letter, a to {last}."),
        (true, true) => format!("\nYour answer: none. Type every right letter, a to {last}."),
        (false, _) => format!("\nYour answer: {}.", letters(&a.chosen)),
    });
    out
}

/// "(a), (c)".
fn letters(chosen: &[usize]) -> String {
    let mut v = chosen.to_vec();
    v.sort_unstable();
    v.iter()
        .map(|&c| format!("({})", option_letter(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The results as lines: the same figures and wording as the results screen.
fn results_text(view: &ResultsView) -> String {
    view.page_text().join("\n")
}

/// Every answer with its verdict, the right answer, the explanation and the source.
fn review_text(r: &Results) -> String {
    let m = r.test.spec.marking;
    let mut out = Vec::new();
    for (i, q) in r.test.questions.iter().enumerate() {
        let a = &r.test.answers[i];
        let verdict = match r.verdicts[i] {
            Some(Verdict::Wrong) => format!(
                "wrong ({}): you answered {}",
                super::screens::parts::marks(m.wrong),
                letters(&a.chosen)
            ),
            Some(_) => format!(
                "right (+{}): you answered {}",
                super::screens::parts::marks(m.right),
                letters(&a.chosen)
            ),
            None => "not answered (0 marks)".to_owned(),
        };
        let first = match &q.question {
            Question::Choice { stem, .. } => stem.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let mut text = format!(
            "Question {}: {first}\n  {verdict}. Right answer: {}.",
            i + 1,
            q.question.answer_text()
        );
        if let Some(e) = &q.explanation {
            text.push_str(&format!("\n  {e}"));
        }
        if let Some(src) = &q.source {
            text.push_str(&format!("\n  Source: {src}"));
        }
        out.push(text);
    }
    out.join("\n")
}

/// A line typed during the test that does not fit what is on screen, and what was expected.
#[derive(Debug, thiserror::Error)]
enum Unexpected {
    #[error("{0:?}: type r to resume the test, s to submit it as it stands, or q to quit")]
    Resume(String),
    #[error("{0:?}: type y to submit now, l to leave (the test is kept), or n to keep going")]
    Confirm(String),
    #[error("{given:?}: type g and a question number, 1 to {questions} (e.g. g 3)")]
    GoTo { given: String, questions: usize },
    #[error(
        "{given:?}: type the letters of every right option, a to {last} (e.g. ac), or ? for the keys"
    )]
    Letters { given: String, last: char },
    #[error("{given:?}: type one letter, a to {last}, or ? for the keys")]
    Letter { given: String, last: char },
}

/// Turns one line typed during the test into actions, or says what was expected.
fn test_actions(run: &TestRun, line: &str) -> Result<Vec<Action>, Unexpected> {
    let t = line.trim().to_lowercase();
    if run.confirm {
        return match t.as_str() {
            "y" | "yes" => Ok(vec![Action::Confirm]),
            "n" | "no" | "" => Ok(vec![Action::Back]),
            "l" | "q" => Ok(vec![Action::Quit]),
            other => Err(Unexpected::Confirm(other.to_owned())),
        };
    }
    let n = run.test.questions.len();
    let options = match &run.test.questions[run.test.current].question {
        Question::Choice { options, .. } => options.len(),
        _ => 0,
    };
    let multi = matches!(
        &run.test.questions[run.test.current].question,
        Question::Choice { multi: true, .. }
    );
    Ok(match t.as_str() {
        "" | "n" => vec![Action::Next],
        "p" => vec![Action::Previous],
        "x" => vec![Action::ClearAnswer],
        "m" => vec![Action::Mark],
        "y" => vec![Action::CycleConfidence],
        "s" => vec![Action::Submit],
        "q" => vec![Action::Quit],
        _ if t.starts_with('g') => {
            let num = t[1..].trim();
            match num.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => {
                    let mut v = vec![Action::GoTo];
                    v.extend(num.chars().map(Action::Input));
                    v.push(Action::Submit);
                    v
                }
                _ => {
                    return Err(Unexpected::GoTo {
                        given: t,
                        questions: n,
                    });
                }
            }
        }
        _ => {
            let last = option_letter(options.saturating_sub(1));
            let picks: Option<Vec<usize>> = t
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .map(|c| {
                    c.is_ascii_lowercase()
                        .then(|| usize::from(c as u8 - b'a'))
                        .filter(|&i| i < options)
                })
                .collect();
            match picks {
                Some(p) if !p.is_empty() && (multi || p.len() == 1) => {
                    let mut v = vec![Action::ClearAnswer];
                    for i in p {
                        if !v.contains(&Action::Choose(i)) {
                            v.push(Action::Choose(i));
                        }
                    }
                    v.push(Action::Next);
                    v
                }
                _ if multi => {
                    return Err(Unexpected::Letters { given: t, last });
                }
                _ => {
                    return Err(Unexpected::Letter { given: t, last });
                }
            }
        }
    })
}

/// What the test asks now: the offer to resume, "submit?", the end prompt or the question.
fn ask(app: &App, now: Timestamp, at_end: bool) -> String {
    match app.screen() {
        Screen::TestResume(offer) => {
            let mut lines = offer.describe(app.shared());
            lines.push(
                "Type r to resume it, s to submit it as it stands, or q to quit (it is kept)."
                    .to_owned(),
            );
            lines.join("\n")
        }
        Screen::Test(run) if run.confirm => {
            let left = run.test.seconds_left(now);
            format!(
                "{}\nThe clock runs while you decide: {}:{:02} left.\nSubmit the test? Type y to submit now, l to leave (it is kept: resume it next time), or n to keep going.",
                summary(&run.test),
                left / 60,
                left % 60
            )
        }
        Screen::Test(run) if at_end => {
            let open: Vec<String> = run
                .test
                .answers
                .iter()
                .enumerate()
                .filter(|(_, a)| a.chosen.is_empty())
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            let open = if open.is_empty() {
                "every question is answered".to_owned()
            } else {
                format!("not answered: {}", open.join(", "))
            };
            format!(
                "That was the last question; {open}. Type s to submit, g and a number to go to a question, or p for the previous one."
            )
        }
        Screen::Test(run) => question_text(run, now),
        _ => String::new(),
    }
}

/// The dialogue: prompts on `out`, lines from `input`, until the results are printed or the
/// test is left.
pub(super) fn dialogue(
    mut app: App,
    mut saves: Saves,
    (input, mut out): (impl BufRead, impl Write),
    clock: &dyn Fn() -> Timestamp,
    decks_dir: Option<&Path>,
    retry: &Retry,
) -> Report {
    // Every line of a question is printed: every option has been "on screen".
    app.update(Action::Resize(u16::MAX / 4, u16::MAX / 4), clock());
    super::run::say_notices(&mut out, &app.shared().notices);
    if let Screen::Test(run) = app.screen() {
        let t = &run.test;
        say(
            &mut out,
            &format!(
                "smriti: mock test, {}, {} min, marking +{} right, {} wrong.",
                crate::domain::words::plural(t.questions.len(), "question"),
                super::screens::parts::fmt_marks(t.spec.minutes),
                super::screens::parts::fmt_marks(t.spec.marking.right),
                super::screens::parts::fmt_marks(t.spec.marking.wrong)
            ),
        );
        say(&mut out, HELP);
    }
    if let Some(s) = app.status().cloned() {
        say(&mut out, &s.text);
        app.update(Action::DismissStatus, clock());
    }
    let mut lines = input.lines();
    // Past the last question (answered or skipped): the prompt is "submit or go back".
    let mut at_end = false;
    // The question (or the end prompt) is to be printed before the next line is read.
    let mut dirty = true;
    loop {
        let now = clock();
        let prompt_always = match app.screen() {
            Screen::TestResume(_) => true,
            Screen::Test(run) => run.confirm,
            _ => break,
        };
        if dirty || prompt_always {
            say(&mut out, &ask(&app, now, at_end));
            dirty = false;
        }
        let line = match lines.next() {
            Some(Ok(l)) => l,
            // End of input: leave, keeping the test (a quit asked, then confirmed).
            _ => {
                if matches!(app.screen(), Screen::Test(_)) {
                    let mut effects = app.update(Action::Quit, now);
                    if matches!(app.screen(), Screen::Test(run) if run.confirm) {
                        effects.extend(app.update(Action::Quit, now));
                    }
                    execute(&mut app, &mut saves, effects, now, decks_dir);
                    say(&mut out, KEPT);
                }
                break;
            }
        };
        let trimmed = line.trim().to_lowercase();
        let actions = match app.screen() {
            Screen::TestResume(_) => match trimmed.as_str() {
                "r" => Ok(vec![Action::Resume]),
                "s" => Ok(vec![Action::Submit]),
                "q" => break,
                other => Err(Unexpected::Resume(other.to_owned())),
            },
            Screen::Test(run) => match trimmed.as_str() {
                "?" | "h" | "help" if !run.confirm => {
                    say(&mut out, HELP);
                    continue;
                }
                "r" if !run.confirm => {
                    at_end = false;
                    dirty = true;
                    continue;
                }
                _ => test_actions(run, &line),
            },
            _ => break,
        };
        let actions = match actions {
            Ok(a) => a,
            Err(e) => {
                say(&mut out, &e.to_string());
                continue;
            }
        };
        let (was_confirm, on_last, current) = match app.screen() {
            Screen::Test(run) => (
                run.confirm,
                run.test.current + 1 == run.test.questions.len(),
                Some(run.test.current),
            ),
            _ => (false, false, None),
        };
        let ends_in_next = actions.last() == Some(&Action::Next);
        let before = current.and_then(|i| state_of(&app, i));
        let mut quit = false;
        for action in actions {
            let now = clock();
            let effects = app.update(action, now);
            let done = execute(&mut app, &mut saves, effects, now, decks_dir);
            quit |= done.quit;
            if let Some(s) = app.status().cloned() {
                say(
                    &mut out,
                    &format!("{}{}", if s.error { "error: " } else { "" }, s.text),
                );
                app.update(Action::DismissStatus, now);
            }
        }
        if quit {
            say(&mut out, KEPT);
            break;
        }
        let Screen::Test(run) = app.screen() else {
            // The results, or a test resumed: printed at the top of the loop.
            dirty = true;
            at_end = false;
            continue;
        };
        // What changed, said in a line; the question itself when another is up.
        let after = current.and_then(|i| state_of(&app, i));
        if let (Some(b), Some(a)) = (&before, &after)
            && a != b
        {
            say(&mut out, a);
        }
        if Some(run.test.current) != current {
            at_end = false;
            dirty = true;
        } else if on_last && ends_in_next && !was_confirm {
            at_end = true;
            dirty = true;
        } else if was_confirm && !run.confirm {
            // Back from "submit?": the question (or the end prompt) again.
            dirty = true;
        }
    }
    if let Screen::TestResults(view) = app.screen() {
        say(&mut out, &results_text(view));
        say(&mut out, &review_text(&view.results));
        if saves.pending() == 0 {
            let file = saves.tests_path();
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            say(&mut out, &format!("The result is saved in {name}."));
        }
    }
    keep_test(&app, &saves, clock());
    save_before_leaving(&mut saves, &mut out, retry);
    Report {
        unsaved: finish(&app, &mut saves),
    }
}

/// A line saying question `i`'s answer, mark and tag (to say what changed).
fn state_of(app: &App, i: usize) -> Option<String> {
    let Screen::Test(run) = app.screen() else {
        return None;
    };
    let a = run.test.answers.get(i)?;
    let mut s = format!("Question {}: ", i + 1);
    s.push_str(&if a.chosen.is_empty() {
        "no answer".to_owned()
    } else {
        format!("answer {}", letters(&a.chosen))
    });
    if a.marked {
        s.push_str(", marked for review");
    }
    if let Some(c) = a.confidence {
        s.push_str(&format!(", tagged {}", c.label()));
    }
    s.push('.');
    Some(s)
}

#[cfg(test)]
#[path = "plain_test_tests.rs"]
mod tests;
