//! `smriti import FILE.apkg|FILE.colpkg`: read the package (`store::anki`), convert it
//! (`domain::anki`), write one deck file per Anki deck into the decks folder (merging into
//! the files an earlier import wrote), and print what was carried over, guessed and left out.
//! Nothing here knows the terminal UI.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::collections::HashSet;

use jiff::tz::TimeZone;

use crate::domain::anki::convert::{self, Converted, Merged};
use crate::domain::anki::export;
use crate::domain::anki::history::{self, Seen};
use crate::domain::ids::DeckId;
use crate::domain::progress::{Event, Mode};
use crate::domain::time;
use crate::domain::words::plural;
use crate::store::{self, anki, atomic, deck_file, deck_write, decks, settings_file};

/// Whether `path` names an Anki package, by its extension.
pub fn is_package(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("apkg") || e.eq_ignore_ascii_case("colpkg"))
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    errln!("smriti: {msg}");
    ExitCode::FAILURE
}

/// A progress bar on standard error, drawn only when it is a terminal.
pub struct Bar {
    show: bool,
    label: &'static str,
    last: usize,
}

impl Bar {
    pub fn new(label: &'static str) -> Bar {
        Bar {
            show: std::io::stderr().is_terminal(),
            label,
            last: usize::MAX,
        }
    }

    pub fn set(&mut self, done: usize, total: usize) {
        if !self.show || total == 0 {
            return;
        }
        let pct = (done.min(total) * 100) / total;
        if pct == self.last {
            return;
        }
        self.last = pct;
        let bar = "█".repeat(pct / 4);
        let end = if done >= total { "\n" } else { "" };
        // Only numbers and bars: no deck text, so no need for `out`'s filtering.
        let _ = write!(
            std::io::stderr(),
            "\r{} [{bar:<25}] {pct:>3}% ({done}/{total}){end}",
            self.label
        );
    }
}

/// `smriti import PACKAGE` into `dir` (the decks folder), and its review history into the
/// saves folder when `history` names it.
pub fn import(
    file: &Path,
    dir: &Path,
    history: Option<(&Path, &TimeZone, jiff::Timestamp)>,
) -> ExitCode {
    let mut bar = Bar::new("reading reviews");
    let col = match anki::read(file, &mut |d, t| bar.set(d, t)) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    if col.notes.is_empty() {
        return fail(format!(
            "{}: the package has no notes (an empty deck): nothing to import",
            file.display()
        ));
    }
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let converted = convert::convert(&col, &name);
    if converted.decks.is_empty() {
        return fail(format!(
            "{}: none of its {} could be read as cards",
            file.display(),
            plural(col.notes.len(), "note")
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!(
            "cannot make the decks folder {}: {e}",
            dir.display()
        ));
    }
    let written = match write_decks(&converted, dir) {
        Ok(w) => w,
        Err(e) => return fail(e.to_string()),
    };
    report(&converted, &col, &written);
    match history {
        Some((saves, tz, now)) => match import_history(&col, &converted, saves, tz, now) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!(
                "the decks were written, but the review history was not: {e}"
            )),
        },
        None => {
            outln!("The review history was left out (--no-history): every card starts new.");
            ExitCode::SUCCESS
        }
    }
}

/// Why the package's review history was not saved (the decks were written before it).
/// Each cause keeps the message its own error gives.
#[derive(Debug, thiserror::Error)]
enum HistoryError {
    /// This machine has no device id (no home folder to keep it in).
    #[error(transparent)]
    Device(#[from] store::device::DeviceError),
    /// The saves folder could not be opened (locked, unreadable, a bad snapshot).
    #[error(transparent)]
    Open(#[from] store::OpenError),
    /// The review logs already there could not be read to find earlier imports.
    #[error("cannot read the review logs in {}: {source}", dir.display())]
    ReadLogs {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// Appending the answers or writing the snapshot failed.
    #[error(transparent)]
    Save(#[from] store::SaveError),
    /// Anki's FSRS settings could not be written to settings.json.
    #[error(transparent)]
    Settings(#[from] settings_file::UpdateError),
}

/// Appends the package's review history to the saves folder's log (one fsync), updates the
/// snapshot, and reports.
fn import_history(
    col: &crate::domain::anki::Collection,
    converted: &Converted,
    saves_dir: &Path,
    tz: &TimeZone,
    now: jiff::Timestamp,
) -> Result<(), HistoryError> {
    let device = super::this_device()?;
    let opened = store::open(saves_dir, &device, tz)?;
    let store::Opened {
        mut saves,
        mut progress,
        settings,
        notices,
    } = opened;
    for n in notices {
        errln!("note: {n}");
    }
    // What an earlier import already brought: imported answers and cram answers.
    let mut seen: HashSet<Seen> = HashSet::new();
    let mut touched: HashSet<(DeckId, String)> = HashSet::new();
    store::logs::for_each_in(saves.dir(), |_, e| match e {
        Event::Review {
            mode: Mode::Imported,
            deck,
            card,
            at,
            ..
        }
        | Event::Cram { deck, card, at, .. } => {
            seen.insert((deck, card, at.as_millisecond()));
        }
        Event::Suspend { deck, card, .. } => {
            touched.insert((deck, card));
        }
        _ => {}
    })
    .map_err(|source| HistoryError::ReadLogs {
        dir: saves.dir().to_path_buf(),
        source,
    })?;
    // Anki's FSRS parameters and desired retention come along for a smriti that still has
    // the defaults; a user's own are never replaced.
    let mut params = settings.params.clone();
    let fsrs = history::anki_fsrs(col, &converted.items);
    let defaults = crate::domain::scheduler::Params::default();
    let untouched = settings.params.weights == defaults.weights
        && settings.params.desired_retention == defaults.desired_retention;
    let mut adopted = false;
    let mut refused = None;
    if let Some(f) = &fsrs
        && untouched
        && (f.weights.is_some_and(|w| w != defaults.weights)
            || f.desired_retention
                .is_some_and(|r| r != defaults.desired_retention))
    {
        if let Some(w) = f.weights {
            params.weights = w;
        }
        if let Some(r) = f.desired_retention {
            params.desired_retention = r;
        }
        let problems = params.validate();
        adopted = problems.is_empty();
        if !adopted {
            refused = problems.first().map(ToString::to_string);
            params = settings.params.clone();
        }
    }
    let rollover = settings.rollover_hour;
    let day_of = store::day_fn(tz, rollover);
    let day_start = |d| time::day_start(d, tz, rollover);
    let current = |deck: &str, key: &crate::domain::deck::ItemKey| {
        progress.deck(deck).and_then(|d| d.items.get(key)).cloned()
    };
    let h = history::convert(
        col,
        &history::Input {
            items: &converted.items,
            params: &params,
            current: &current,
            seen: &seen,
            touched: &touched,
            day_start: &day_start,
            day_of: &day_of,
            first_seq: progress.next_seq(),
        },
    );
    let mut bar = Bar::new("saving reviews");
    bar.set(0, h.events.len());
    saves.record_all(&h.events)?;
    for e in &h.events {
        progress.apply(e, &day_of);
    }
    bar.set(h.events.len(), h.events.len());
    saves.snapshot(&progress)?;
    if adopted {
        let path = saves.files().settings();
        let (w, r) = (params.weights, params.desired_retention);
        let by = settings_file::By {
            device: saves.device().id(),
            at: now,
        };
        settings_file::update_keeping_backup(&path, by, |s| {
            s.params.weights = w;
            s.params.desired_retention = r;
        })?;
    }
    let r = &h.report;
    outln!(
        "Review history: {} imported into {} (marked imported){}.",
        count(r.reviews, "answer", "answers"),
        saves.log_path().display(),
        if r.cram > 0 {
            format!(
                ", and {} as cram answers",
                count(r.cram, "filtered-deck answer", "filtered-deck answers")
            )
        } else {
            String::new()
        }
    );
    if r.memory_from_anki + r.memory_replayed > 0 {
        outln!(
            "  Every studied card keeps the due day Anki had; memory state: Anki's own for {}, replayed from the history for {}.",
            r.memory_from_anki,
            r.memory_replayed
        );
    }
    if r.already > 0 {
        outln!(
            "  {} already imported: not added again.",
            count(r.already, "answer was", "answers were")
        );
    }
    if r.manual > 0 || r.before_reset > 0 {
        outln!(
            "  {} (set due date, reset): not answers; {} before a card's reset: left out, as Anki's FSRS does.",
            count(r.manual, "manual row", "manual rows"),
            count(r.before_reset, "answer", "answers")
        );
    }
    if r.orphans > 0 {
        outln!(
            "  {} a card that is not in the package (or was left out): skipped.",
            count(r.orphans, "row names", "rows name")
        );
    }
    if r.suspended > 0 {
        outln!(
            "  {} in Anki: suspended in smriti too (`smriti unsuspend DECK` lifts it).",
            count(r.suspended, "card was suspended", "cards were suspended")
        );
    }
    match (&fsrs, adopted) {
        (None, _) => outln!(
            "  Anki's FSRS was off for these cards: smriti schedules them with its own FSRS-6 settings."
        ),
        (Some(f), true) => outln!(
            "  Anki's FSRS settings (preset {}) now schedule in smriti: {}desired retention {:.0}% (saved to settings.json).",
            f.preset,
            if f.weights.is_some() {
                "its optimised parameters, "
            } else {
                ""
            },
            params.desired_retention * 100.0
        ),
        (Some(f), false) if refused.is_some() => outln!(
            "  Anki's FSRS settings (preset {}) were not taken: {}.",
            f.preset,
            refused.as_deref().unwrap_or("")
        ),
        (Some(f), false) if !untouched => outln!(
            "  Kept your own FSRS settings in smriti; Anki's preset {} had {}desired retention {}.",
            f.preset,
            if f.weights.is_some() {
                "optimised parameters and "
            } else {
                ""
            },
            f.desired_retention
                .map_or("unset".to_owned(), |r| format!("{:.0}%", r * 100.0))
        ),
        (Some(f), false) => outln!(
            "  Anki's FSRS settings (preset {}) are smriti's defaults already: default parameters, desired retention {:.0}%.",
            f.preset,
            params.desired_retention * 100.0
        ),
    }
    Ok(())
}

/// A deck file written, and what merging did when it was there before.
struct Written {
    path: PathBuf,
    title: String,
    cards: usize,
    merged: Option<Merged>,
}

/// Why an imported deck was not written (nothing after it was written either).
#[derive(Debug, thiserror::Error)]
enum WriteDecksError {
    #[error("{} is there already and has errors ({first}); fix or move it, then import again", path.display())]
    Unreadable { path: PathBuf, first: String },
    #[error("{} is there already with another deck id ({id:?}); move it, then import again", path.display())]
    OtherDeck { path: PathBuf, id: DeckId },
    #[error("the imported deck {id} would not be valid: {first}")]
    Invalid { id: DeckId, first: String },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn write_decks(converted: &Converted, dir: &Path) -> Result<Vec<Written>, WriteDecksError> {
    let mut out = Vec::new();
    for deck in &converted.decks {
        let path = dir.join(format!("{}.json", deck.id));
        let (deck, merged) = if path.exists() {
            let mut old =
                decks::read_deck(&path).map_err(|errors| WriteDecksError::Unreadable {
                    path: path.clone(),
                    first: errors.first().map(ToString::to_string).unwrap_or_default(),
                })?;
            if old.id != deck.id {
                return Err(WriteDecksError::OtherDeck { path, id: old.id });
            }
            let m = convert::merge(&mut old, deck.clone());
            (old, Some(m))
        } else {
            (deck.clone(), None)
        };
        let json = deck_write::to_json(&deck, schema_ref(dir).as_deref());
        if let Err(errors) = deck_file::parse(&path.display().to_string(), &json) {
            return Err(WriteDecksError::Invalid {
                id: deck.id.clone(),
                first: errors.first().map(ToString::to_string).unwrap_or_default(),
            });
        }
        if let Err(source) = atomic::write_atomic(&path, json.as_bytes()) {
            return Err(WriteDecksError::Write { path, source });
        }
        out.push(Written {
            path,
            title: deck.title.clone(),
            cards: deck.cards.len(),
            merged,
        });
    }
    Ok(out)
}

/// The `$schema` reference for decks written in `dir`: the repository's schema when the
/// folder sits beside it, else a schema file already in the folder, else none.
fn schema_ref(dir: &Path) -> Option<String> {
    if dir.join("../schemas/deck.schema.json").is_file() {
        Some("../schemas/deck.schema.json".into())
    } else if dir.join("deck.schema.json").is_file() {
        Some("deck.schema.json".into())
    } else {
        None
    }
}

fn report(c: &Converted, col: &crate::domain::anki::Collection, written: &[Written]) {
    let r = &c.report;
    outln!(
        "Imported {} ({}) into {}, one smriti deck per Anki deck (the Anki deck's path is its \
         title):",
        count(r.notes, "note", "notes"),
        count(r.cards, "Anki card", "Anki cards"),
        count(written.len(), "deck", "decks")
    );
    for w in written {
        let how = match w.merged {
            None => "new".to_owned(),
            Some(m) => format!(
                "merged: {} added, {} updated, {} unchanged",
                m.added, m.updated, m.unchanged
            ),
        };
        outln!(
            "  {} — {} ({}; {how})",
            w.path.display(),
            w.title,
            count(w.cards, "card", "cards")
        );
    }
    outln!("Note types:");
    for t in &r.types {
        outln!(
            "  {} ({}): {}{}",
            t.name,
            count(t.notes, "note", "notes"),
            t.how,
            if t.guessed {
                "  [guessed from its templates]"
            } else {
                ""
            }
        );
    }
    if r.media > 0 || col.media_files > 0 {
        outln!(
            "Left out: {} in the notes' text ({} in the package).",
            count(r.media, "image or sound", "images and sounds"),
            count(col.media_files, "media file", "media files")
        );
    }
    if r.dropped_cards > 0 {
        outln!(
            "Left out: {} with no smriti counterpart (a template beyond the reverse, or a cloze number with no deletion).",
            count(r.dropped_cards, "Anki card", "Anki cards")
        );
    }
    if r.shared_cloze_numbers > 0 {
        outln!(
            "{} a number with another: in smriti each deletion is its own card (new, where Anki \
             hid them together).",
            count(
                r.shared_cloze_numbers,
                "cloze deletion shares",
                "cloze deletions share"
            )
        );
    }
    if r.split_notes > 0 {
        outln!(
            "{} cards in several decks: each went to its first card's deck.",
            count(r.split_notes, "note had", "notes had")
        );
    }
    for (guid, why) in &r.skipped {
        outln!("  skipped note {guid}: {why}");
    }
    outln!("Importing the same package again merges into these decks instead of duplicating.");
}

/// `smriti unsuspend DECK [CARD…]`: puts suspended cards of `deck` back into study (all of
/// them, or those whose card id or item key is given).
pub fn unsuspend(
    saves_dir: &Path,
    tz: &TimeZone,
    now: jiff::Timestamp,
    deck: &str,
    cards: &[String],
) -> ExitCode {
    let opened = match super::this_device()
        .map_err(|e| e.to_string())
        .and_then(|d| store::open(saves_dir, &d, tz).map_err(|e| e.to_string()))
    {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let store::Opened {
        mut saves,
        mut progress,
        settings,
        notices,
    } = opened;
    for n in notices {
        errln!("note: {n}");
    }
    let mut keys: Vec<String> = progress
        .deck(deck)
        .map(|d| {
            d.suspended
                .iter()
                .filter(|k| {
                    cards.is_empty() || cards.iter().any(|c| *c == k.card || *c == k.to_string())
                })
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    keys.sort();
    if keys.is_empty() {
        outln!("No suspended cards in {deck} to unsuspend.");
        return ExitCode::SUCCESS;
    }
    let first = progress.next_seq();
    let events: Vec<Event> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| Event::Suspend {
            seq: first.saturating_add(i as u64),
            at: now,
            deck: deck.into(),
            card: k.clone(),
            on: false,
        })
        .collect();
    if let Err(e) = saves.record_all(&events) {
        return fail(e);
    }
    let day_of = store::day_fn(tz, settings.rollover_hour);
    for e in &events {
        progress.apply(e, &day_of);
    }
    if let Err(e) = saves.snapshot(&progress) {
        return fail(e);
    }
    outln!(
        "Unsuspended {} in {deck}: {}",
        count(keys.len(), "card", "cards"),
        keys.join(", ")
    );
    ExitCode::SUCCESS
}

/// Where an exported deck comes from, and whether its history (from the saves folder) comes
/// along.
pub struct ExportArgs<'a> {
    pub deck: &'a str,
    pub decks_dir: Option<&'a Path>,
    pub output: Option<&'a Path>,
    pub saves: &'a Path,
    pub tz: &'a TimeZone,
    pub now: jiff::Timestamp,
    pub with_history: bool,
}

/// `smriti export DECK --format apkg -o FILE [--with-history]`: the deck as an Anki package;
/// with its history, each studied card's schedule and the deck's answers come along.
pub fn export(a: ExportArgs) -> ExitCode {
    let (deck_ref, decks_dir, output, now) = (a.deck, a.decks_dir, a.output, a.now);
    let history = a.with_history.then_some((a.saves, a.tz, a.now));
    let Some(output) = output.filter(|p| *p != Path::new("-")) else {
        return super::exit::usage(
            "an .apkg is a binary file: name it with --output FILE.apkg".to_owned(),
        );
    };
    let deck = match super::teacher::load_deck(deck_ref, decks_dir) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let exported = match history {
        None => export::export(&deck, now.as_millisecond(), None),
        Some((saves_dir, tz, now)) => {
            let opened = match super::this_device()
                .map_err(|e| e.to_string())
                .and_then(|d| store::open(saves_dir, &d, tz).map_err(|e| e.to_string()))
            {
                Ok(o) => o,
                Err(e) => return fail(e),
            };
            let mut events = Vec::new();
            if let Err(e) = store::logs::for_each_in(opened.saves.dir(), |undone, e| {
                if e.deck() == deck.id && !undone.contains(&e.seq()) {
                    events.push(e);
                }
            }) {
                return fail(e);
            }
            let rollover = opened.settings.rollover_hour;
            let day_of = store::day_fn(tz, rollover);
            let day_start = |d| time::day_start(d, tz, rollover);
            let empty = crate::domain::items::Items::new();
            let no_suspended = std::collections::HashSet::new();
            let states = opened.progress.deck(&deck.id).map_or(&empty, |d| &d.items);
            let suspended = opened
                .progress
                .deck(&deck.id)
                .map_or(&no_suspended, |d| &d.suspended);
            export::export(
                &deck,
                now.as_millisecond(),
                Some(&export::Schedule {
                    states,
                    suspended,
                    events: &events,
                    day_of: &day_of,
                    day_start: &day_start,
                    now,
                }),
            )
        }
    };
    if let Err(e) = anki::write(output, &exported.col, now.as_millisecond()) {
        return fail(e);
    }
    errln!(
        "Wrote {} ({}, {}{}). In Anki: File → Import.",
        output.display(),
        count(exported.col.notes.len(), "note", "notes"),
        count(exported.col.cards.len(), "Anki card", "Anki cards"),
        if history.is_some() {
            format!(
                ", {}",
                count(exported.col.revlog.len(), "answer", "answers")
            )
        } else {
            String::new()
        }
    );
    if exported.flattened > 0 {
        errln!(
            "{} multiple-choice, statements and match cards became Basic notes (the options on the front).",
            exported.flattened
        );
    }
    ExitCode::SUCCESS
}

/// "1 note", "3 notes": a count with the word that agrees with it.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
