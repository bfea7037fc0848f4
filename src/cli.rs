//! The command line (clap) and the composition root: reads the environment and the clock,
//! picks the folders, and starts the TUI or a subcommand. The only non-TUI place that reads
//! the clock.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

mod chart;
mod memory;
mod stats;
mod teacher;

use crate::domain::mock::TestSpec;
use crate::domain::quiz::{Marking, StudyMode};
use crate::store;
use crate::tui::run::{Options, TestRequest, run};
use crate::tui::screens::test_setup::MINUTES_PER_QUESTION;
use crate::tui::theme::Theme;

/// smriti: study fact decks in the terminal, scheduled by FSRS-6.
#[derive(Debug, Parser)]
#[command(name = "smriti", version, about)]
pub struct Cli {
    /// Folder of deck files (*.json) to add to the built-in decks [default: ./decks if it exists]
    #[arg(long, global = true, value_name = "DIR")]
    pub decks: Option<PathBuf>,
    /// Folder for progress and settings [default: $SMRITI_SAVES, else ./saves if it exists, else the platform data folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub saves: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recompute progress.json from reviews.jsonl with the current settings
    Rebuild,
    /// Check decks for errors and warnings (path:line:column: message, as compilers print)
    Check {
        /// Deck files or folders [default: the decks folder, or the built-in decks]
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print the findings as JSON, for editors and CI
        #[arg(long)]
        json: bool,
        /// An older version of the deck: warn about card ids that vanished or changed
        #[arg(long, value_name = "OLD.json")]
        against: Option<PathBuf>,
    },
    /// Print the statistics (reviews, forecast, retention, weakest tags, exam-day recall)
    Stats {
        /// Only this deck [default: every deck]
        #[arg(long)]
        deck: Option<String>,
        /// As JSON, for scripts
        #[arg(long)]
        json: bool,
    },
    /// Set the exam date (YYYY-MM-DD), or --clear it
    ExamDate {
        date: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Show the workload until the exam; with on/off, turn exam mode on or off (no review is then
    /// scheduled after the exam morning)
    ExamMode {
        /// on or off
        switch: Option<String>,
    },
    /// Fit the FSRS-6 parameters to your own review log (needs 400 reviews); saves them to
    /// settings.json only when they predict your answers better than the current ones
    Optimize {
        /// Show the fit and the comparison, but change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Simulate the coming months at desired retentions 0.70–0.97 (reviews and minutes a day,
    /// cards remembered); --set R to use one
    Retention {
        /// Days to simulate
        #[arg(long, default_value_t = 180)]
        days: usize,
        /// Use this desired retention (0.70–0.97), saved to settings.json
        #[arg(long, value_name = "R")]
        set: Option<String>,
    },
    /// Find the new cards a day, desired retention and exam mode that leave you remembering the
    /// most on the exam morning within your daily minutes
    Plan {
        /// Minutes a day you can study
        #[arg(long, short = 'm')]
        minutes: f64,
        /// The exam day [default: the one set with exam-date]
        #[arg(long, value_name = "YYYY-MM-DD")]
        exam: Option<String>,
        /// Save the plan to settings.json (new cards a day, retention, exam mode, exam date)
        #[arg(long)]
        apply: bool,
    },
    /// Write a starter deck with one card of every kind
    New {
        /// The new deck's id (also its file name)
        id: String,
        /// Its title [default: from the id]
        #[arg(long)]
        title: Option<String>,
        /// Folder to write it in [default: the decks folder, else the current folder]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Import cards from Anki (Notes in Plain Text), Quizlet or CSV
    Import {
        file: PathBuf,
        /// anki, quizlet or csv [default: guessed from the file]
        #[arg(long)]
        format: Option<String>,
        /// Quizlet: between term and definition [default: tab; \t and \n allowed]
        #[arg(long)]
        separator: Option<String>,
        /// Quizlet: between rows [default: new line]
        #[arg(long)]
        row_separator: Option<String>,
        /// Merge into this deck file (same questions are updated, progress kept)
        #[arg(long, value_name = "DECK.json")]
        into: Option<PathBuf>,
        /// Id of a new deck [default: from the file name]
        #[arg(long)]
        id: Option<String>,
        /// Title of a new deck [default: the file name]
        #[arg(long)]
        title: Option<String>,
        /// Where to write [default: the --into file, or DECKS/ID.json]
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export a deck as Anki TSV, CSV or a Markdown quiz sheet
    Export {
        /// A deck id, or a deck file
        deck: String,
        /// tsv (Anki), csv, or md (printable quiz with answer key)
        #[arg(long, default_value = "tsv")]
        format: String,
        /// Write to this file [default: standard output]
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Study one deck straight away (--plain: as a line-by-line dialogue on stdin/stdout)
    Study {
        /// The deck's id
        deck: String,
        /// flashcard, choice or typed
        #[arg(long, default_value = "flashcard")]
        mode: String,
        /// No full-screen interface: questions and answers as lines, for screen readers and scripts
        #[arg(long)]
        plain: bool,
    },
    /// Take a timed mock test (opens the app on the test)
    Test {
        /// Deck ids to draw from [default: every deck]
        #[arg(value_name = "DECK")]
        deck_ids: Vec<String>,
        /// Number of questions
        #[arg(long, short = 'n', default_value_t = 10)]
        questions: usize,
        /// Time allowed [default: 1.2 minutes a question, as in UPSC GS]
        #[arg(long, short = 'm')]
        minutes: Option<f64>,
        /// upsc-gs (+2, −2/3), upsc-csat (+2.5, −0.83), none (+1, 0), or custom as RIGHT,WRONG (e.g. 1,-0.25)
        #[arg(long, default_value = "upsc-gs")]
        marking: String,
        /// Only questions from cards with this tag (repeatable)
        #[arg(long)]
        tag: Vec<String>,
        /// Do not feed wrong and guessed answers back into reviews
        #[arg(long)]
        no_requeue: bool,
    },
}

/// Parses `--marking`.
pub fn parse_marking(s: &str) -> Result<Marking, String> {
    match s {
        "upsc-gs" => Ok(Marking::UPSC_GS),
        "upsc-csat" => Ok(Marking::UPSC_CSAT),
        "none" => Ok(Marking::NONE),
        custom => {
            let bad = || {
                format!(
                    "--marking {custom:?}: use upsc-gs, upsc-csat, none, or RIGHT,WRONG such as 2,-0.66"
                )
            };
            let (r, w) = custom.split_once(',').ok_or_else(bad)?;
            let right: f64 = r.trim().parse().map_err(|_| bad())?;
            let wrong: f64 = w.trim().parse().map_err(|_| bad())?;
            if !(right.is_finite() && wrong.is_finite() && right > 0.0 && wrong <= 0.0) {
                return Err(format!(
                    "--marking {custom:?}: a right answer must earn marks (> 0) and a wrong one lose or keep them (≤ 0)"
                ));
            }
            Ok(Marking { right, wrong })
        }
    }
}

/// Where progress is saved: `--saves`, else `SMRITI_SAVES`, else `./saves` when it exists,
/// else the platform data folder (e.g. ~/.local/share/smriti).
pub fn saves_dir(flag: Option<PathBuf>, env: Option<String>, cwd_has_saves: bool) -> PathBuf {
    if let Some(d) = flag {
        return d;
    }
    if let Some(d) = env.filter(|s| !s.is_empty()) {
        return PathBuf::from(d);
    }
    if cwd_has_saves {
        return PathBuf::from("saves");
    }
    dirs::data_dir().map_or_else(|| PathBuf::from("saves"), |d| d.join("smriti"))
}

/// The clock: real time, or real time shifted so that it starts at `SMRITI_NOW`.
pub fn clock(smriti_now: Option<&str>) -> Result<Box<dyn Fn() -> Timestamp>, String> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the clock is read here and only here"
    )]
    let real = || Timestamp::now();
    let offset = match smriti_now.filter(|s| !s.is_empty()) {
        None => SignedDuration::ZERO,
        Some(s) => {
            let start: Timestamp = s.parse().map_err(|e| {
                format!("SMRITI_NOW={s:?} is not an RFC 3339 time ({e}); write it like 2026-11-25T09:00:00+05:30")
            })?;
            start.duration_since(real())
        }
    };
    Ok(Box::new(move || {
        real().checked_add(offset).unwrap_or(Timestamp::MAX)
    }))
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = |k: &str| std::env::var(k).ok();
    let clock = match clock(env("SMRITI_NOW").as_deref()) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("smriti: {msg}");
            return ExitCode::from(2);
        }
    };
    let tz = TimeZone::system();
    let saves = saves_dir(cli.saves, env("SMRITI_SAVES"), Path::new("saves").is_dir());
    let decks = cli
        .decks
        .or_else(|| Path::new("decks").is_dir().then(|| PathBuf::from("decks")));
    match cli.command {
        Some(Command::Rebuild) => match store::rebuild_snapshot(&saves, &tz, clock()) {
            Ok(r) => {
                println!(
                    "Rebuilt {} from {} log entries: {} studied cards.",
                    saves.join("progress.json").display(),
                    r.events,
                    r.items
                );
                if let Some(b) = r.backup {
                    println!("The previous snapshot is kept as {}.", b.display());
                }
                for p in r.problems {
                    println!("note: {p}");
                }
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("smriti: {msg}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Check {
            paths,
            json,
            against,
        }) => run_check(paths, decks, json, against),
        Some(Command::Study { deck, mode, plain }) => {
            let mode = match mode.as_str() {
                "flashcard" | "flashcards" => StudyMode::Flashcard,
                "choice" => StudyMode::Choice,
                "typed" => StudyMode::Typed,
                other => {
                    eprintln!("smriti: --mode {other:?}: use flashcard, choice or typed");
                    return ExitCode::from(2);
                }
            };
            launch(saves, decks, tz, clock, Launch::Study(deck, mode, plain))
        }
        Some(Command::Stats { deck, json }) => {
            stats::run(&saves, decks.as_deref(), deck, json, &tz, clock())
        }
        Some(Command::ExamDate { date, clear }) => stats::exam_date(&saves, date, clear),
        Some(Command::ExamMode { switch }) => {
            stats::exam_mode(&saves, decks.as_deref(), switch, &tz, clock())
        }
        Some(Command::Optimize { dry_run }) => memory::optimize(&saves, &tz, clock(), dry_run),
        Some(Command::Retention { days, set }) => {
            memory::retention(&saves, decks.as_deref(), &tz, clock(), days, set)
        }
        Some(Command::Plan {
            minutes,
            exam,
            apply,
        }) => memory::plan(&saves, decks.as_deref(), &tz, clock(), minutes, exam, apply),
        Some(Command::New { id, title, dir }) => {
            let dir = dir
                .or_else(|| decks.clone())
                .unwrap_or_else(|| PathBuf::from("."));
            teacher::new_deck(&id, title, &dir)
        }
        Some(Command::Import {
            file,
            format,
            separator,
            row_separator,
            into,
            id,
            title,
            output,
        }) => teacher::import(
            teacher::ImportArgs {
                file,
                format,
                separator,
                row_separator,
                into,
                id,
                title,
                output,
            },
            decks.as_deref(),
        ),
        Some(Command::Export {
            deck,
            format,
            output,
        }) => teacher::export(&deck, &format, output.as_deref(), decks.as_deref()),
        Some(Command::Test {
            deck_ids: ids,
            questions,
            minutes,
            marking,
            tag,
            no_requeue,
        }) => {
            let marking = match parse_marking(&marking) {
                Ok(m) => m,
                Err(msg) => {
                    eprintln!("smriti: {msg}");
                    return ExitCode::from(2);
                }
            };
            if questions == 0 || minutes.is_some_and(|m| !(m > 0.0 && m.is_finite())) {
                eprintln!("smriti: a test needs at least one question and some time");
                return ExitCode::from(2);
            }
            let spec = TestSpec {
                questions,
                minutes: minutes.unwrap_or(questions as f64 * MINUTES_PER_QUESTION),
                marking,
                tags: tag,
                requeue: !no_requeue,
            };
            launch(
                saves,
                decks,
                tz,
                clock,
                Launch::Test(TestRequest { decks: ids, spec }),
            )
        }
        None => launch(saves, decks, tz, clock, Launch::Home),
    }
}

/// `smriti check`: prints every finding and returns 1 when any is an error.
fn run_check(
    paths: Vec<PathBuf>,
    decks: Option<PathBuf>,
    json: bool,
    against: Option<PathBuf>,
) -> ExitCode {
    use crate::store::check::{Severity, check, expand};
    let old = match against.as_deref().map(|p| (p, std::fs::read(p))) {
        None => None,
        Some((p, Ok(bytes))) => {
            match store::deck_file::parse_bytes(&p.display().to_string(), &bytes) {
                Ok(d) => Some(d),
                Err(errors) => {
                    eprintln!("smriti: the --against deck has errors:");
                    errors.iter().for_each(|e| eprintln!("{e}"));
                    return ExitCode::from(2);
                }
            }
        }
        Some((p, Err(e))) => {
            eprintln!("smriti: cannot read {}: {e}", p.display());
            return ExitCode::from(2);
        }
    };
    // What to check: the paths given, else the decks folder, else the built-in decks.
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let targets = if paths.is_empty() {
        decks.into_iter().collect()
    } else {
        paths
    };
    if targets.is_empty() {
        inputs.extend(
            store::decks::built_in()
                .iter()
                .map(|(name, text)| (format!("decks/{name} (built in)"), text.as_bytes().to_vec())),
        );
    } else {
        let files = match expand(&targets) {
            Ok(f) => f,
            Err(msg) => {
                eprintln!("smriti: {msg}");
                return ExitCode::from(2);
            }
        };
        for f in files {
            match std::fs::read(&f) {
                Ok(bytes) => inputs.push((f.display().to_string(), bytes)),
                Err(e) => {
                    eprintln!("smriti: cannot read {}: {e}", f.display());
                    return ExitCode::from(2);
                }
            }
        }
    }
    let findings: Vec<_> =
        store::par::map(&inputs, |(path, bytes)| check(path, bytes, old.as_ref()))
            .into_iter()
            .flatten()
            .collect();
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for d in &findings {
            println!("{}", d.render());
        }
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        println!(
            "checked {}: {}, {}",
            plural(inputs.len(), "deck file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where the app opens.
enum Launch {
    Home,
    Test(TestRequest),
    /// Deck id, mode, plain.
    Study(String, StudyMode, bool),
}

/// Starts the app (the TUI, or plain mode).
fn launch(
    saves: PathBuf,
    decks: Option<PathBuf>,
    tz: TimeZone,
    clock: Box<dyn Fn() -> Timestamp>,
    how: Launch,
) -> ExitCode {
    let (test, study, plain) = match how {
        Launch::Home => (None, None, false),
        Launch::Test(t) => (Some(t), None, false),
        Launch::Study(id, mode, plain) => (None, Some((id, mode)), plain),
    };
    let env = |k: &str| std::env::var(k).ok();
    let seed = env("SMRITI_SEED")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| clock().as_nanosecond() as u64);
    let opts = Options {
        saves_dir: saves,
        decks_dir: decks,
        tz,
        theme: Theme::from_env(env("NO_COLOR").as_deref()),
        seed,
        clock,
        test,
        study,
        snapshot_every: env("SMRITI_SNAPSHOT_EVERY").and_then(|s| s.parse().ok()),
        // Debug builds only: the release binary ignores it.
        test_panic: cfg!(debug_assertions) && env("SMRITI_TEST_PANIC").is_some(),
    };
    let result = if plain {
        crate::tui::plain::run_plain(opts)
    } else {
        run(opts)
    };
    match result {
        Ok(report) if report.unsaved.is_empty() => ExitCode::SUCCESS,
        Ok(report) => {
            for msg in report.unsaved {
                eprintln!("smriti: {msg}");
            }
            ExitCode::FAILURE
        }
        Err(msg) => {
            eprintln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_folder_precedence() {
        assert_eq!(
            saves_dir(Some("a".into()), Some("b".into()), true),
            PathBuf::from("a")
        );
        assert_eq!(saves_dir(None, Some("b".into()), true), PathBuf::from("b"));
        assert_eq!(saves_dir(None, None, true), PathBuf::from("saves"));
        assert!(saves_dir(None, Some(String::new()), false).ends_with("smriti"));
    }

    #[test]
    fn the_command_line_parses() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "smriti",
            "--decks",
            "d",
            "test",
            "india-japan-prelims",
            "x",
            "-n",
            "5",
            "--marking",
            "none",
        ])
        .unwrap();
        assert_eq!(cli.decks, Some(PathBuf::from("d")));
        let Some(Command::Test {
            deck_ids,
            questions,
            marking,
            ..
        }) = cli.command
        else {
            panic!()
        };
        assert_eq!(
            (deck_ids, questions, marking.as_str()),
            (
                vec!["india-japan-prelims".to_owned(), "x".to_owned()],
                5,
                "none"
            )
        );
    }

    #[test]
    fn marking_presets_and_custom() {
        assert_eq!(parse_marking("upsc-gs").unwrap(), Marking::UPSC_GS);
        assert_eq!(parse_marking("none").unwrap(), Marking::NONE);
        assert_eq!(
            parse_marking("1, -0.25").unwrap(),
            Marking {
                right: 1.0,
                wrong: -0.25
            }
        );
        assert!(
            parse_marking("2,+1")
                .unwrap_err()
                .contains("must earn marks")
        );
        assert!(
            parse_marking("gs")
                .unwrap_err()
                .starts_with("--marking \"gs\": use upsc-gs")
        );
    }

    #[test]
    fn smriti_now_moves_the_clock() {
        let c = clock(Some("2030-01-01T00:00:00Z")).unwrap();
        let t = c();
        assert!(
            t >= "2030-01-01T00:00:00Z".parse().unwrap()
                && t < "2030-01-01T00:01:00Z".parse().unwrap()
        );
        let e = clock(Some("tomorrow")).err().unwrap();
        assert!(
            e.starts_with("SMRITI_NOW=\"tomorrow\" is not an RFC 3339 time"),
            "{e}"
        );
    }
}
