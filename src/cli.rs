//! The command line (clap) and the composition root: reads the environment and the clock,
//! picks the folders, and starts the TUI or a subcommand. The only non-TUI place that reads
//! the clock.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

// First, so that its printing macros (`outln!`, `out!`, `errln!`) are in scope below.
#[macro_use]
pub mod out;

mod anki;
mod args;
mod chart;
mod devices;
mod exit;
mod memory;
mod stats;
mod teacher;

use args::ExportFormat;
pub use args::{Cli, Command, parse_marking};

use crate::domain::mock::{MINUTES_PER_QUESTION, TestSpec};
use crate::domain::quiz::StudyMode;
use crate::store;
use crate::tui::run::{NotStarted, Options, TestRequest, run};
use crate::tui::theme::Theme;

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

/// This machine as a device (issue 19): its id, kept in `SMRITI_DEVICE_DIR` when set, else in
/// the platform's folder for it (`store::device::default_home`, outside the saves folder).
pub fn this_device() -> Result<store::device::Device, store::device::DeviceError> {
    let home = std::env::var_os("SMRITI_DEVICE_DIR")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .or_else(store::device::default_home)
        .ok_or(store::device::DeviceError::NoHome)?;
    store::device::Device::at(&home)
}

/// [`this_device`] for a command: the device, or `None` once the reason is printed on
/// standard error (the command then exits with failure).
pub fn this_device_or_say() -> Option<store::device::Device> {
    this_device().inspect_err(|e| errln!("smriti: {e}")).ok()
}

/// `SMRITI_NOW` that is not a time.
#[derive(Debug, thiserror::Error)]
#[error(
    "SMRITI_NOW={given:?} is not an RFC 3339 time ({source}); write it like 2026-11-25T09:00:00+05:30"
)]
pub struct ClockError {
    given: String,
    source: jiff::Error,
}

/// The clock: real time, or real time shifted so that it starts at `SMRITI_NOW`.
pub fn clock(smriti_now: Option<&str>) -> Result<Box<dyn Fn() -> Timestamp>, ClockError> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the clock is read here and only here"
    )]
    let real = || Timestamp::now();
    let offset = match smriti_now.filter(|s| !s.is_empty()) {
        None => SignedDuration::ZERO,
        Some(s) => {
            let start: Timestamp = s.parse().map_err(|source| ClockError {
                given: s.to_owned(),
                source,
            })?;
            start.duration_since(real())
        }
    };
    Ok(Box::new(move || {
        real().checked_add(offset).unwrap_or(Timestamp::MAX)
    }))
}

/// Runs the command line; returns the process exit code. Nothing it prints can panic: see
/// [`out`].
pub fn main() -> ExitCode {
    let code = run_command(Cli::parse());
    out::finish(code)
}

fn run_command(cli: Cli) -> ExitCode {
    let env = |k: &str| std::env::var(k).ok();
    let clock = match clock(env("SMRITI_NOW").as_deref()) {
        Ok(c) => c,
        Err(msg) => {
            errln!("smriti: {msg}");
            return ExitCode::from(2);
        }
    };
    let tz = TimeZone::system();
    let saves = saves_dir(cli.saves, env("SMRITI_SAVES"), Path::new("saves").is_dir());
    let cli_decks_given = cli.decks.is_some();
    let decks = cli
        .decks
        .or_else(|| Path::new("decks").is_dir().then(|| PathBuf::from("decks")));
    match cli.command {
        Some(Command::Rebuild) => match this_device().map_err(|e| e.to_string()).and_then(|d| {
            store::rebuild_snapshot(&saves, &d, &tz, clock()).map_err(|e| e.to_string())
        }) {
            Ok(r) => {
                outln!(
                    "Rebuilt {} from {} log entries: {} studied cards.",
                    store::SavesLayout::new(&saves).snapshot().display(),
                    r.events,
                    r.items
                );
                if let Some(b) = r.backup {
                    outln!("The previous snapshot is kept as {}.", b.display());
                }
                for p in r.problems {
                    outln!("note: {p}");
                }
                ExitCode::SUCCESS
            }
            Err(msg) => {
                errln!("smriti: {msg}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Devices { action }) => devices::run(&saves, action, &tz),
        Some(Command::Check {
            paths,
            json,
            against,
            verbose,
        }) => teacher::run_check(paths, decks, json, against, verbose),
        Some(Command::Study { deck, mode, plain }) => launch(
            saves,
            decks,
            tz,
            clock,
            Launch::Study(deck, mode.into(), plain),
        ),
        Some(Command::Stats { deck, json }) => {
            stats::run(&saves, decks.as_deref(), deck, json, &tz, clock())
        }
        Some(Command::ExamDate { date, clear }) => {
            stats::exam_date(&saves, date.filter(|_| !clear), &tz, clock())
        }
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
            // Where the app looks: the decks folder (--decks, else ./decks, made if missing).
            let looked_at = decks.clone().unwrap_or_else(|| PathBuf::from("decks"));
            let dir = dir.unwrap_or_else(|| looked_at.clone());
            let full = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
            let how = if dir != looked_at || cli_decks_given {
                format!(
                    "smriti lists it when started with --decks {}",
                    full.display()
                )
            } else {
                let here = std::env::current_dir().unwrap_or_default();
                format!(
                    "smriti lists it when started in {} (it reads ./decks there), or anywhere with --decks {}",
                    here.display(),
                    full.display()
                )
            };
            teacher::new_deck(&id, title, &dir, &how)
        }
        Some(Command::Unsuspend { deck, cards }) => {
            anki::unsuspend(&saves, &tz, clock(), &deck, &cards)
        }
        Some(Command::Import {
            file, no_history, ..
        }) if anki::is_package(&file) => {
            // Anki packages go to the folder the app reads (./decks, made if missing).
            let dir = decks.clone().unwrap_or_else(|| PathBuf::from("decks"));
            let history = (!no_history).then_some((saves.as_path(), &tz, clock()));
            anki::import(&file, &dir, history)
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
            no_history: _,
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
            format: ExportFormat::Apkg,
            output,
            with_history,
            ..
        }) => anki::export(anki::ExportArgs {
            deck: &deck,
            decks_dir: decks.as_deref(),
            output: output.as_deref(),
            saves: &saves,
            tz: &tz,
            now: clock(),
            with_history,
        }),
        Some(Command::Export {
            deck,
            format,
            why_options,
            seed,
            output,
            ..
        }) => teacher::export(
            &deck,
            format,
            why_options,
            seed,
            output.as_deref(),
            decks.as_deref(),
        ),
        Some(Command::Test {
            deck_ids: ids,
            questions,
            minutes,
            marking,
            tag,
            no_requeue,
            plain,
        }) => {
            let questions = usize::from(questions);
            if minutes.is_some_and(|m| !(m > 0.0 && m.is_finite())) {
                return exit::usage("--minutes: a test needs some time (more than 0 minutes)");
            }
            let spec = TestSpec {
                questions,
                minutes: minutes.unwrap_or(questions as f64 * MINUTES_PER_QUESTION),
                marking,
                tags: tag,
                requeue: !no_requeue,
                paced: minutes.is_none(),
            };
            launch(
                saves,
                decks,
                tz,
                clock,
                Launch::Test(TestRequest { decks: ids, spec }, plain),
            )
        }
        Some(Command::Completions { shell }) => {
            // Into memory first: clap_complete panics when it cannot write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "smriti", &mut script);
            write_raw(&script, "the completions")
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => write_raw(&page, "the manual page"),
                Err(e) => exit::failed(format!("cannot render the manual page: {e}")),
            }
        }
        Some(Command::Help { command }) => help(command.as_deref()),
        None => launch(saves, decks, tz, clock, Launch::Home),
    }
}

/// Writes generated text (completions, the manual page) to standard output as it is. A reader
/// that closed the pipe (`smriti completions bash | head`) ends the command quietly, as
/// [`out::finish`] does for everything else; any other error is reported (exit 1).
fn write_raw(bytes: &[u8], what: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => exit::failed(format!("cannot write {what}: {e}")),
    }
}

/// `smriti help [COMMAND]`: the long help of smriti or of one command.
fn help(command: Option<&str>) -> ExitCode {
    let mut cli = Cli::command();
    let printed = match command {
        None => cli.print_long_help(),
        Some(name) => match cli.find_subcommand_mut(name) {
            Some(sub) => {
                let mut sub = sub.clone().bin_name(format!("smriti {name}"));
                sub.print_long_help()
            }
            None => {
                let names: Vec<String> = Cli::command()
                    .get_subcommands()
                    .map(|c| c.get_name().to_owned())
                    .collect();
                return exit::usage(format!(
                    "there is no command {name:?}; the commands are: {}",
                    names.join(", ")
                ));
            }
        },
    };
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => exit::failed(format!("cannot print the help: {e}")),
    }
}

/// Where the app opens.
enum Launch {
    Home,
    /// The test asked for, plain.
    Test(TestRequest, bool),
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
        Launch::Test(t, plain) => (Some(t), None, plain),
        Launch::Study(id, mode, plain) => (None, Some((id, mode)), plain),
    };
    // Cron, `ssh` without -t, a pipe: the full-screen app has nowhere to draw.
    if !plain && !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        errln!("smriti: the full-screen app needs a terminal, and standard output is not one");
        errln!("  hint: for questions and answers as plain lines, run: smriti study DECK --plain");
        return ExitCode::from(exit::USAGE);
    }
    let env = |k: &str| std::env::var(k).ok();
    let seed = env("SMRITI_SEED")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| clock().as_nanosecond() as u64);
    let device = match this_device() {
        Ok(d) => d,
        Err(msg) => {
            errln!("smriti: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let opts = Options {
        saves_dir: saves,
        device,
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
                errln!("smriti: {msg}");
            }
            ExitCode::FAILURE
        }
        Err(NotStarted::NoSuchDeck(msg)) => exit::usage(msg),
        Err(NotStarted::Failed(msg)) => exit::failed(msg),
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
            (deck_ids, questions, marking),
            (
                vec!["india-japan-prelims".to_owned(), "x".to_owned()],
                5,
                crate::domain::mock::Marking::NONE
            )
        );
    }

    #[test]
    fn marking_presets_and_custom() {
        use crate::domain::mock::Marking;
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
                .starts_with("use upsc-gs, upsc-csat, none, or RIGHT,WRONG")
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
        let e = clock(Some("tomorrow")).err().unwrap().to_string();
        assert!(
            e.starts_with("SMRITI_NOW=\"tomorrow\" is not an RFC 3339 time"),
            "{e}"
        );
    }
}
