//! The command line's shape: every subcommand, option and value (clap derive), and the
//! parsers of values clap cannot enumerate (`--marking`, the exam date). Nothing here runs a
//! command; `cli` wires each to its module. Completions and the man page are generated from
//! these types, so what they list is what parses.

use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::mock::Marking;
use crate::domain::quiz::StudyMode;

/// smriti: study fact decks in the terminal, scheduled by FSRS-6.
#[derive(Debug, Parser)]
#[command(
    name = "smriti",
    version,
    about,
    disable_help_subcommand = true,
    after_help = "Exit status: 0 done; 1 the command ran and failed (a file could not be read or \
                  written, answers could not be saved, `check` found errors); 2 the command line \
                  was wrong (an unknown command, option, value or deck)."
)]
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

/// How `study` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// See the answer and grade yourself
    #[value(alias = "flashcards")]
    Flashcard,
    /// Pick the answer among options (graded for you)
    Choice,
    /// Type the answer (graded for you)
    Typed,
}

impl From<ModeArg> for StudyMode {
    fn from(m: ModeArg) -> StudyMode {
        match m {
            ModeArg::Flashcard => StudyMode::Flashcard,
            ModeArg::Choice => StudyMode::Choice,
            ModeArg::Typed => StudyMode::Typed,
        }
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Tab-separated, for Anki's "Notes in Plain Text" import
    Tsv,
    /// Comma-separated with a header row
    Csv,
    /// A printable Markdown quiz sheet with an answer key
    #[value(alias = "markdown")]
    Md,
    /// An Anki package (.apkg) for Anki's File → Import (needs --output)
    Apkg,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Anki's "Notes in Plain Text" export
    Anki,
    /// Quizlet's export (see --separator)
    Quizlet,
    /// CSV with a header row (front, back, and optionally explanation, tags, source)
    Csv,
}

/// `exam-mode`'s switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

/// Parses `--marking`: a preset (listed for help and completions) or RIGHT,WRONG.
#[derive(Debug, Clone, Copy)]
pub struct MarkingParser;

impl TypedValueParser for MarkingParser {
    type Value = Marking;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Marking, clap::Error> {
        let text = value.to_string_lossy();
        parse_marking(&text).map_err(|msg| {
            let mut e = clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd);
            use clap::error::{ContextKind, ContextValue};
            e.insert(
                ContextKind::InvalidArg,
                ContextValue::String(arg.map_or("--marking".into(), ToString::to_string)),
            );
            e.insert(ContextKind::InvalidValue, ContextValue::String(text.into()));
            e.insert(
                ContextKind::Suggested,
                ContextValue::StyledStrs(vec![msg.into()]),
            );
            e
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            [
                PossibleValue::new("upsc-gs").help("+2 right, −2/3 wrong (UPSC GS)"),
                PossibleValue::new("upsc-csat").help("+2.5 right, −0.83 wrong (UPSC CSAT)"),
                PossibleValue::new("none").help("+1 right, 0 wrong"),
            ]
            .into_iter(),
        ))
    }
}

/// The most marks `--marking` gives a right answer or takes for a wrong one.
const MAX_MARKS: f64 = 100.0;

/// Parses `--marking`.
pub fn parse_marking(s: &str) -> Result<Marking, String> {
    match s {
        "upsc-gs" => Ok(Marking::UPSC_GS),
        "upsc-csat" => Ok(Marking::UPSC_CSAT),
        "none" => Ok(Marking::NONE),
        custom => {
            let bad = || {
                format!(
                    "use upsc-gs, upsc-csat, none, or RIGHT,WRONG such as 2,-0.66 (got {custom:?})"
                )
            };
            let (r, w) = custom.split_once(',').ok_or_else(bad)?;
            let right: f64 = r.trim().parse().map_err(|_| bad())?;
            let wrong: f64 = w.trim().parse().map_err(|_| bad())?;
            // Bounded so that a typo (1e308) cannot print as a 309-digit mark.
            if !(right > 0.0 && right <= MAX_MARKS && (-MAX_MARKS..=0.0).contains(&wrong)) {
                return Err(format!(
                    "a right answer must earn marks (more than 0, at most {MAX_MARKS}) and a wrong one lose or keep them (0 or less, at least −{MAX_MARKS})"
                ));
            }
            Ok(Marking { right, wrong })
        }
    }
}

/// Parses a date written YYYY-MM-DD. A date in that form that the calendar has not
/// (2027-02-30) is called so, rather than asked to be written as it already is.
fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse().map_err(|_| {
        let shaped = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if shaped {
            format!("{s} is not a day of the calendar: check the month and the day")
        } else {
            "write the date as YYYY-MM-DD, e.g. 2027-05-23".to_owned()
        }
    })
}

/// What `smriti devices` does besides listing.
#[derive(Debug, Subcommand)]
pub enum DevicesAction {
    /// Give a device a name, shown by `smriti devices` on every machine
    Rename {
        /// The device's id [default: this device]
        #[arg(long)]
        device: Option<String>,
        /// The name (up to 40 characters)
        name: String,
    },
    /// Delete a device's logs and name from the saves folder: its answers are then gone from
    /// every machine that syncs the folder
    Remove {
        /// The device's id (see `smriti devices`)
        device: String,
        /// Really delete them (without it, smriti only says what would go)
        #[arg(long)]
        delete_files: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recompute progress.json from the review logs with the current settings
    Rebuild,
    /// The devices that share the saves folder (each writes only its own log): list them with
    /// their last answer, name one, or remove one's files
    Devices {
        #[command(subcommand)]
        action: Option<DevicesAction>,
    },
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
        /// Print every warning [default: two of each kind per deck, then how many more]
        #[arg(long, short = 'v')]
        verbose: bool,
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
    /// Set the day of your exam (statistics then show the days left and the predicted recall on
    /// that morning), or clear it
    #[command(group(clap::ArgGroup::new("exam").required(true).args(["date", "clear"])))]
    ExamDate {
        /// The exam day, YYYY-MM-DD (today or later)
        #[arg(value_name = "DATE", value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        /// Forget the exam date
        #[arg(long)]
        clear: bool,
    },
    /// Show the workload until the exam; with on/off, turn exam mode on or off (no review is then
    /// scheduled after the exam morning)
    ExamMode {
        /// Turn exam mode on or off [default: only show the workload]
        #[arg(value_enum)]
        switch: Option<Switch>,
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
    /// Write a new deck: an example card of every kind, each saying how its kind works
    New {
        /// The new deck's id (also its file name), or its name ("Polity basics": the id
        /// polity-basics, the name its title)
        id: String,
        /// Its title [default: from the id]
        #[arg(long)]
        title: Option<String>,
        /// Folder to write it in [default: the decks folder smriti reads]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Import cards from Anki (.apkg/.colpkg packages, or Notes in Plain Text), Quizlet or CSV
    Import {
        file: PathBuf,
        /// The file's format [default: guessed from the file]
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
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
        /// Anki packages: import the cards only, not their review history
        #[arg(long)]
        no_history: bool,
    },
    /// Put cards suspended in Anki back into study (all of a deck's, or the ones named)
    Unsuspend {
        /// The deck's id
        deck: String,
        /// Card ids (or item keys such as ID:reverse, ID:c2) [default: every suspended card]
        cards: Vec<String>,
    },
    /// Export a deck as Anki TSV, CSV or a Markdown quiz sheet
    Export {
        /// A deck id, or a deck file
        deck: String,
        /// What to write
        #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
        format: ExportFormat,
        /// With --format md: list, under each fact's answer, the candidate wrong options that
        /// were left out and why
        #[arg(long)]
        why_options: bool,
        /// With --format md: print another paper of the same deck (other wrong options, in
        /// another order); each number gives one paper
        #[arg(long, value_name = "N", default_value_t = 0)]
        seed: u64,
        /// Write to this file [default: standard output]
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// With --format apkg: the cards' schedules and this deck's answers come along
        #[arg(long)]
        with_history: bool,
    },
    /// Study one deck straight away (--plain: as a line-by-line dialogue on stdin/stdout)
    Study {
        /// The deck's id
        deck: String,
        /// How cards are asked
        #[arg(long, value_enum, default_value_t = ModeArg::Flashcard)]
        mode: ModeArg,
        /// No full-screen interface: questions and answers as lines, for screen readers and scripts
        #[arg(long)]
        plain: bool,
    },
    /// Take a timed mock test (opens the app on the test; --plain: as a line-by-line dialogue)
    Test {
        /// Deck ids to draw from [default: every deck]
        #[arg(value_name = "DECK")]
        deck_ids: Vec<String>,
        /// Number of questions
        #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        questions: u16,
        /// Time allowed [default: 1.2 minutes a question, as in UPSC GS]
        #[arg(long, short = 'm')]
        minutes: Option<f64>,
        /// How answers are marked: a preset, or RIGHT,WRONG (e.g. 1,-0.25)
        #[arg(long, default_value = "upsc-gs", value_parser = MarkingParser)]
        marking: Marking,
        /// Only questions from cards with this tag (repeatable)
        #[arg(long)]
        tag: Vec<String>,
        /// Do not feed wrong and guessed answers back into reviews
        #[arg(long)]
        no_requeue: bool,
        /// No full-screen interface: the test as lines on stdin/stdout, for screen readers and scripts
        #[arg(long)]
        plain: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output: smriti man > smriti.1
    Man,
    /// Print the help of smriti or of one of its commands
    Help {
        /// The command [default: smriti itself]
        command: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::parse_marking;

    #[test]
    fn marking_is_bounded_so_a_typo_never_prints_as_hundreds_of_digits() {
        for bad in [
            "1e308,-1", "2,-1e308", "101,0", "2,-100.5", "inf,-1", "NaN,0",
        ] {
            let e = parse_marking(bad).unwrap_err();
            assert!(
                e.contains("at most 100") && e.contains("at least −100"),
                "{bad}: {e}"
            );
        }
        for good in ["100,-100", "0.5,0", "2,-0.66"] {
            assert!(parse_marking(good).is_ok(), "{good}");
        }
    }
}
