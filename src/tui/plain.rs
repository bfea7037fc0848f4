//! Plain mode (`smriti study DECK --plain`): the same session as a line-by-line dialogue on
//! standard input and output, for screen readers, scripts and the crash test. It drives the
//! very same `App::update` and effect execution as the terminal UI; only the drawing differs.
//! After each answer is durable it prints `saved #N` (N = its sequence number in the log). On a
//! full disk, answers stay in memory and are retried before every question, and before leaving
//! until they land (Ctrl-C gives up).

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use jiff::Timestamp;

use super::action::Action;
use super::app::App;
use super::run::{
    NotStarted, Options, Report, Retry, execute, finish, save_before_leaving, snapshot_if_due,
    start,
};
use super::screens::Screen;
use super::screens::study::Stage;
use crate::domain::quiz::{Question, Verdict, option_letter};
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
        (Question::Recall { prompt, .. }, Stage::Asking) => out.push_str(&format!(
            "{head}\nQ: {prompt}\n(Enter shows the answer; u undo, q quit)"
        )),
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
        (Question::Typed { prompt, .. }, Stage::Asking) => out.push_str(&format!(
            "{head}\nQ: {prompt}\nType the answer (an empty line quits)"
        )),
        (_, Stage::Verdict { .. } | Stage::Revealed) => {
            let v = study.final_verdict().unwrap_or(Verdict::Wrong);
            let verdict = match v {
                Verdict::Right => "Right.".to_owned(),
                Verdict::Close => {
                    format!("Accepted with a typo; the answer is: {}", q.answer_text())
                }
                Verdict::Wrong => format!("Wrong. The answer is: {}", q.answer_text()),
            };
            let more = if v.is_right() {
                format!("Enter = {}; or {}", Rating::Good.label(), grades())
            } else {
                "Enter = Again; o if you were right (typed answers)".into()
            };
            out.push_str(&format!(
                "{verdict}{}\n{more}; u undo, q quit",
                explanation()
            ));
        }
    }
    out
}

/// Turns one input line into actions for the current state.
fn actions_for(app: &App, line: &str) -> Vec<Action> {
    let t = line.trim();
    let Screen::Study(study) = app.screen() else {
        return vec![Action::Back];
    };
    match t {
        "q" | "quit" => return vec![Action::Back],
        "u" | "undo" => return vec![Action::Undo],
        _ => {}
    }
    match (&study.question, study.stage) {
        (None, _) => vec![Action::Tick],
        (Some(Question::Recall { .. }), Stage::Asking) => vec![Action::Reveal],
        (Some(Question::Choice { multi, .. }), Stage::Asking) => {
            let mut v: Vec<Action> = t
                .chars()
                .filter(char::is_ascii_alphabetic)
                .map(|c| {
                    Action::Choose((c.to_ascii_lowercase() as u8).saturating_sub(b'a') as usize)
                })
                .collect();
            if *multi {
                v.push(Action::Submit);
            }
            v
        }
        (Some(Question::Typed { .. }), Stage::Asking) if t.is_empty() => vec![Action::Back],
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
        (_, Stage::Verdict { .. }) if t == "o" => vec![Action::Overrule],
        (_, _) => match t {
            "1" => vec![Action::Grade(Rating::Again)],
            "2" => vec![Action::Grade(Rating::Hard)],
            "3" | "" => vec![Action::Grade(Rating::Good)],
            "4" => vec![Action::Grade(Rating::Easy)],
            _ => vec![],
        },
    }
}

/// Runs a study session as a dialogue on stdin/stdout.
pub fn run_plain(opts: Options) -> Result<Report, NotStarted> {
    let (app, saves) = start(&opts)?;
    let stdin = std::io::stdin();
    let retry = Retry {
        every: Duration::from_secs(1),
        give_up: Arc::new(AtomicBool::new(false)),
        signals: true,
    };
    let io = (stdin.lock(), std::io::stdout().lock());
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
    let say = |out: &mut dyn Write, s: &str| {
        // A closed stdout is not an error worth stopping for: answers are saved either way.
        let _ = writeln!(out, "{s}");
        let _ = out.flush();
    };
    if let Some(d) = app.current_deck() {
        let title = d.title.clone();
        say(&mut out, &format!("smriti: studying {title}"));
    }
    for n in &app.shared().notices {
        say(
            &mut out,
            &format!("note: {}", n.lines().next().unwrap_or("")),
        );
    }
    let mut lines = input.lines();
    loop {
        if !matches!(app.screen(), Screen::Study(_)) {
            break;
        }
        // Answers kept in memory after a write error are retried before every question.
        if saves.pending() > 0 {
            let flushed = saves.flush();
            for seq in saves.take_landed() {
                say(&mut out, &format!("saved #{seq}"));
            }
            if flushed.is_ok() {
                say(&mut out, "All answers are saved.");
            }
        }
        say(&mut out, &prompt(&app));
        let line = match lines.next() {
            Some(Ok(l)) => l,
            // End of input: finish as if q was typed.
            _ => String::from("q"),
        };
        for action in actions_for(&app, &line) {
            let now = clock();
            let effects = app.update(action, now);
            let done = execute(&mut app, &mut saves, effects, now, decks_dir);
            snapshot_if_due(&mut app, &mut saves, now);
            for seq in done.saved {
                say(&mut out, &format!("saved #{seq}"));
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

#[cfg(test)]
#[path = "plain_tests.rs"]
mod tests;
