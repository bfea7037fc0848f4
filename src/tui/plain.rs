//! Plain mode (`smriti study DECK --plain`): the same session as a line-by-line dialogue on
//! standard input and output, for screen readers, scripts and the crash test. It drives the
//! very same `App::update` and effect execution as the terminal UI; only the drawing differs.
//! After each answer is durable it prints `saved #N` (N = its sequence number in the log), and
//! after an undo `undone #N` (the answer taken back); input it cannot use gets a line saying
//! what it expected. On a
//! full disk, answers stay in memory and are retried before every question, and before leaving
//! until they land (Ctrl-C gives up).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use jiff::Timestamp;

use super::action::{Action, Effect};
use super::app::App;
use super::run::{
    NotStarted, Options, Report, Retry, execute, finish, save_before_leaving, say, snapshot_if_due,
    start,
};
use super::screens::Screen;
use super::screens::study::Stage;
use crate::domain::progress::Event;
use crate::domain::quiz::{Question, StudyMode, Verdict, option_letter};
use crate::domain::scheduler::Rating;
use crate::domain::session::Idle;
use crate::domain::time::short_duration;
use crate::store::Saves;

/// What to print for the state the app is in, and what the next input line means.
fn prompt(app: &App) -> String {
    let Screen::Study(study) = app.screen() else {
        return String::new();
    };
    let c = study.session.counts();
    let head = format!("[{} new · {} learning · {} due]", c.new, c.learning, c.due);
    let Some(q) = &study.question else {
        return match study.idle {
            Some(Idle::WaitUntil(t)) => format!(
                "{head} Nothing is due yet; the next card is due in {}. Press Enter to check again, or q to finish.",
                short_duration((t.as_second() - app.shared().now.as_second()).max(0) as f64)
            ),
            _ => format!("{head} Nothing left to study today."),
        };
    };
    let mut out = String::new();
    let explanation = || {
        let mut e = String::new();
        if let Some((_, card)) = app.current_card() {
            if let Some(x) = &card.explanation {
                e.push_str(&format!("\nExplanation: {x}"));
            }
            if let Some(s) = card
                .source
                .as_deref()
                .and_then(|id| app.current_deck().and_then(|d| d.source(id)))
            {
                e.push_str(&format!("\nSource: {}", s.citation()));
            }
        }
        e
    };
    let grades = || {
        let labels: Vec<String> = Rating::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let ivl = study.preview.as_ref().map_or(String::new(), |p| {
                    format!(" ({})", short_duration(p[i].interval_secs))
                });
                format!("{} {}{ivl}", i + 1, r.label())
            })
            .collect();
        labels.join(", ")
    };
    match (q, study.stage) {
        (Question::Recall { prompt, why, .. }, Stage::Asking) => {
            // Why a card of a typed or choice session is a flashcard, as the screen says.
            let why = match why {
                Some(why) if study.mode != StudyMode::Flashcard => {
                    format!("\n(This card is asked as a flashcard: {why}.)")
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "{head}{why}\nQ: {prompt}\n(Enter shows the answer; u undo, q quit)"
            ))
        }
        (Question::Recall { answer, .. }, _) => out.push_str(&format!(
            "A: {answer}{}\nGrade: {}; u undo, q quit",
            explanation(),
            grades()
        )),
        (
            Question::Choice {
                stem,
                options,
                multi,
                ..
            },
            Stage::Asking,
        ) => {
            out.push_str(&format!("{head}\nQ: {}", stem.join("\n")));
            for (i, o) in options.iter().enumerate() {
                out.push_str(&format!("\n({}) {o}", option_letter(i)));
            }
            out.push_str(if *multi {
                "\nType every right letter (e.g. ac); u undo, q quit"
            } else {
                "\nType the letter; u undo, q quit"
            });
        }
        (Question::Typed { prompt, .. }, Stage::Asking) => {
            let why = if study.mode == StudyMode::Choice {
                "\n(This card is asked typed: too few wrong options in the deck.)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{head}{why}\nQ: {prompt}\nType the answer (an empty line shows it, graded Again; q quits)"
            ))
        }
        (_, Stage::Verdict { .. } | Stage::Revealed) => {
            let v = study.final_verdict().unwrap_or(Verdict::Wrong);
            let typed = matches!(q, Question::Typed { .. });
            let verdict = match v {
                Verdict::Wrong if typed && study.input.is_empty() => {
                    format!("Not answered (Again). The answer is: {}", q.answer_text())
                }
                Verdict::Right => "Right.".to_owned(),
                Verdict::Close => {
                    format!("Accepted with a typo; the answer is: {}", q.answer_text())
                }
                Verdict::Wrong => format!("Wrong. The answer is: {}", q.answer_text()),
            };
            let more = if v.is_right() {
                format!("Enter = {}; or {}", Rating::Good.label(), grades())
            } else if typed && !study.input.is_empty() {
                "Enter = Again; o if you were right".into()
            } else {
                "Enter = Again".into()
            };
            out.push_str(&format!(
                "{verdict}{}\n{more}; u undo, q quit",
                explanation()
            ));
        }
    }
    out
}

/// An input line that does not fit the question on screen, and what was expected instead.
#[derive(Debug, thiserror::Error)]
enum Unexpected {
    #[error(
        "{0:?}: type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), or Enter for Good; u undo, q quit"
    )]
    Grade(String),
    #[error("{given:?}: type one letter, a to {last}; u undo, q quit")]
    Letter { given: String, last: char },
    #[error(
        "{given:?}: type the letters of every right option, a to {last} (e.g. ac); u undo, q quit"
    )]
    Letters { given: String, last: char },
    #[error("{given:?}: press Enter to go on{}; u undo, q quit", if *.may_overrule { ", or o if you were right" } else { "" })]
    GoOn { given: String, may_overrule: bool },
}

/// Turns one input line into actions for the current state, or says what was expected.
fn actions_for(app: &App, line: &str) -> Result<Vec<Action>, Unexpected> {
    let t = line.trim();
    let Screen::Study(study) = app.screen() else {
        return Ok(vec![Action::Back]);
    };
    match t {
        "q" | "quit" => return Ok(vec![Action::Back]),
        "u" | "undo" => return Ok(vec![Action::Undo]),
        _ => {}
    }
    let grade = |t: &str| match t {
        "1" => Ok(vec![Action::Grade(Rating::Again)]),
        "2" => Ok(vec![Action::Grade(Rating::Hard)]),
        "3" | "" => Ok(vec![Action::Grade(Rating::Good)]),
        "4" => Ok(vec![Action::Grade(Rating::Easy)]),
        other => Err(Unexpected::Grade(other.to_owned())),
    };
    Ok(match (&study.question, study.stage) {
        (None, _) => vec![Action::Tick],
        (Some(Question::Recall { .. }), Stage::Asking) => vec![Action::Reveal],
        (Some(Question::Choice { multi, options, .. }), Stage::Asking) => {
            let last = option_letter(options.len().saturating_sub(1));
            let expected = || {
                let given = t.to_owned();
                if *multi {
                    Unexpected::Letters { given, last }
                } else {
                    Unexpected::Letter { given, last }
                }
            };
            let picks: Vec<usize> = t
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .map(|c| {
                    let c = c.to_ascii_lowercase();
                    c.is_ascii_lowercase()
                        .then(|| usize::from(c as u8 - b'a'))
                        .filter(|&i| i < options.len())
                })
                .collect::<Option<_>>()
                .ok_or_else(expected)?;
            if picks.is_empty() || (!*multi && picks.len() > 1) {
                return Err(expected());
            }
            let mut v: Vec<Action> = picks.into_iter().map(Action::Choose).collect();
            if *multi {
                v.push(Action::Submit);
            }
            v
        }
        // Nothing typed: "show me", graded Again, as in the full-screen app.
        (Some(Question::Typed { .. }), Stage::Asking) if t.is_empty() => vec![Action::Submit],
        (Some(Question::Typed { .. }), Stage::Asking) => {
            let mut v: Vec<Action> = line
                .trim_end_matches(['\r', '\n'])
                .chars()
                .map(Action::Input)
                .collect();
            v.push(Action::Submit);
            v
        }
        (_, Stage::Verdict { .. }) if t.is_empty() => vec![Action::Continue],
        (Some(Question::Typed { .. }), Stage::Verdict { .. })
            if t == "o" && !study.input.is_empty() =>
        {
            vec![Action::Overrule]
        }
        (_, Stage::Verdict { .. }) if !study.final_verdict().is_some_and(Verdict::is_right) => {
            return Err(Unexpected::GoOn {
                given: t.to_owned(),
                may_overrule: matches!(study.question, Some(Question::Typed { .. }))
                    && !study.input.is_empty(),
            });
        }
        (_, _) => grade(t)?,
    })
}

/// What to print once log entry `seq` is on disk: "saved #N" for an answer, "undone #N" (the
/// answer taken back) for an undo.
fn landed(undos: &HashMap<u64, u64>, seq: u64) -> String {
    match undos.get(&seq) {
        Some(undone) => format!("undone #{undone}"),
        None => format!("saved #{seq}"),
    }
}

/// Runs a study session as a dialogue on stdin/stdout.
pub fn run_plain(opts: Options) -> Result<Report, NotStarted> {
    let (mut app, saves) = start(&opts)?;
    // A deck file or the decks folder that could not be read (the deck list shows it with its
    // errors): said on standard error, `path:line:column: message` and its hint, before the
    // dialogue; the decks that could be read are studied as usual.
    let mut err = std::io::stderr().lock();
    for errors in app.shared().decks.iter().filter_map(|e| e.errors()) {
        for e in errors {
            say(&mut err, &format!("smriti: {e}"));
        }
    }
    drop(err);
    // `smriti study DECK --plain` studies the deck; a test left unsubmitted stays kept and is
    // named, with the command that offers it.
    if opts.study.is_some() && matches!(app.screen(), Screen::TestResume(_)) {
        super::run::dispatch(&mut app, Action::Back, (opts.clock)());
        if !matches!(app.screen(), Screen::Study(_)) {
            return Err(NotStarted::Failed(
                app.status()
                    .map_or("nothing to study".to_owned(), |s| s.text.clone()),
            ));
        }
        say(
            &mut std::io::stdout().lock(),
            "note: a mock test left before it was submitted is kept; smriti test --plain offers to resume or submit it.",
        );
    }
    let stdin = std::io::stdin();
    let retry = Retry {
        every: Duration::from_secs(1),
        give_up: Arc::new(AtomicBool::new(false)),
        signals: true,
    };
    let io = (stdin.lock(), std::io::stdout().lock());
    // `smriti test … --plain`: the mock test's own dialogue.
    if matches!(app.screen(), Screen::Test(_) | Screen::TestResume(_)) {
        return Ok(super::plain_test::dialogue(
            app,
            saves,
            io,
            &*opts.clock,
            opts.decks_dir.as_deref(),
            &retry,
        ));
    }
    Ok(dialogue(
        app,
        saves,
        io,
        &*opts.clock,
        opts.decks_dir.as_deref(),
        &retry,
    ))
}

/// The dialogue itself: prompts on `out`, answers from `input`.
pub(super) fn dialogue(
    mut app: App,
    mut saves: Saves,
    (input, mut out): (impl BufRead, impl Write),
    clock: &dyn Fn() -> Timestamp,
    decks_dir: Option<&Path>,
    retry: &Retry,
) -> Report {
    if let Some(d) = app.current_deck() {
        let title = d.title.clone();
        say(&mut out, &format!("smriti: studying {title}"));
    }
    super::run::say_notices(&mut out, &app.shared().notices);
    // A note from the start of the session (siblings that wait till tomorrow), before the
    // first question.
    if let Some(s) = app.status().filter(|s| !s.error).cloned() {
        say(&mut out, &s.text);
        app.update(Action::DismissStatus, clock());
    }
    let mut lines = input.lines();
    // Undo events on their way to disk, and the answer each takes back.
    let mut undos: HashMap<u64, u64> = HashMap::new();
    // After input that is not understood, only the message that says what to type is printed,
    // not the whole question again (a screen reader would read it all again).
    let mut ask_again = true;
    loop {
        if !matches!(app.screen(), Screen::Study(_)) {
            break;
        }
        // Answers kept in memory after a write error are retried before every question.
        if saves.pending() > 0 {
            let flushed = saves.flush();
            for seq in saves.take_landed() {
                say(&mut out, &landed(&undos, seq));
            }
            if flushed.is_ok() {
                say(&mut out, "All answers are saved.");
            }
        }
        if ask_again {
            say(&mut out, &prompt(&app));
        }
        // The next card is shown: a snapshot that is due starts now, while the user reads it,
        // not between the answer and the card (see `snapshot_started`).
        snapshot_started(&mut app, &mut saves, &mut out, clock());
        ask_again = true;
        let line = match lines.next() {
            Some(Ok(l)) => l,
            // End of input: finish as if q was typed.
            _ => String::from("q"),
        };
        let actions = match actions_for(&app, &line) {
            Ok(a) => a,
            Err(msg) => {
                say(&mut out, &msg.to_string());
                ask_again = false;
                continue;
            }
        };
        for action in actions {
            let now = clock();
            let effects = app.update(action, now);
            // An undo is reported by the answer it takes back.
            for e in &effects {
                if let Effect::Record(Event::Undo { seq, undoes, .. }) = e {
                    undos.insert(*seq, *undoes);
                }
            }
            let done = execute(&mut app, &mut saves, effects, now, decks_dir);
            for seq in done.saved {
                say(&mut out, &landed(&undos, seq));
            }
            if let Some(s) = app.status().cloned() {
                say(
                    &mut out,
                    &format!("{}{}", if s.error { "error: " } else { "" }, s.text),
                );
                app.update(Action::DismissStatus, now);
            }
        }
    }
    // (The session's end asks for one: started as before, and given its moment to finish.)
    snapshot_started(&mut app, &mut saves, &mut out, clock());
    save_before_leaving(&mut saves, &mut out, retry);
    if let Screen::Summary(s) = app.screen() {
        let summary = &s.summary;
        say(
            &mut out,
            &format!(
                "Session: {} answered, {} right, {} wrong, {} new.",
                summary.answers, summary.right, summary.wrong, summary.new_seen
            ),
        );
    }
    Report {
        unsaved: finish(&app, &mut saves),
    }
}

/// Starts the snapshot when one is due ([`snapshot_if_due`]: on another thread), once the next
/// card is printed: the answer's way to the next card holds only its own durable write. A
/// background write that failed is reported at once.
fn snapshot_started(app: &mut App, saves: &mut Saves, out: &mut impl Write, now: Timestamp) {
    snapshot_if_due(app, saves, now);
    if let Some(s) = app.status().cloned().filter(|s| s.error) {
        say(out, &format!("error: {}", s.text));
        app.update(Action::DismissStatus, now);
    }
}

#[cfg(test)]
#[path = "plain_tests.rs"]
mod tests;
