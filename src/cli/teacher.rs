//! The teacher's commands: `new`, `import`, `export` and `check`. They read and write deck files
//! through `store` and print reports; nothing here knows the terminal UI.

use std::io::IsTerminal;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{ExportFormat, ImportFormat};
use crate::domain::deck::{Deck, Source};
use crate::domain::options::{HashMap as FastMap, Pool};
use crate::domain::words::plural;
use crate::store::import::{self, Format};
use crate::store::{atomic, deck_file, deck_model, deck_write, decks, export};

/// Files to import are refused above this size (a 100,000-note Anki export is about 30 MB).
const IMPORT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a file to import or a deck, bounded and without blocking (see `store::bounded`).
fn store_read(path: &Path, cap: u64) -> Result<Vec<u8>, crate::store::bounded::ReadError> {
    crate::store::bounded::read_capped(path, cap)
}

/// The schema file could not be written beside a new deck.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
struct SchemaError {
    path: PathBuf,
    source: std::io::Error,
}

/// Tells the allocator that this command builds a large heap once and then exits (`check`
/// and `export` of a deck: about 480 MB for 100,000 cards): when glibc's heap must grow, it
/// now reserves 64 MiB more address space at a time instead of 128 KiB (pages are still
/// given memory only when first written), so the kernel is asked a few dozen times instead of
/// thousands. `mprotect` was 4 % of `smriti check`'s samples at 100,000 cards; system time
/// fell from 0.98 to 0.74 s (the same setting through `GLIBC_TUNABLES`, three runs each).
pub(super) fn expect_a_large_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt sets one of the allocator's tuning values; it takes plain integers and
    // locks the allocator itself.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    errln!("smriti: {msg}");
    ExitCode::FAILURE
}

/// The `$schema` value for a deck in `dir`: the repository's copy next to it, else a
/// `deck.schema.json` in `dir`, which is written there only when `write` is set (by `smriti
/// new`, which starts a deck folder; `import` never leaves a schema file where it writes).
fn schema_for(dir: &Path, write: bool) -> Result<Option<String>, SchemaError> {
    if dir.join("../schemas/deck.schema.json").is_file() {
        return Ok(Some("../schemas/deck.schema.json".into()));
    }
    let path = dir.join("deck.schema.json");
    if path.is_file() {
        return Ok(Some("deck.schema.json".into()));
    }
    if !write {
        return Ok(None);
    }
    atomic::write_atomic(&path, deck_model::schema_json().as_bytes())
        .map_err(|source| SchemaError { path, source })?;
    Ok(Some("deck.schema.json".into()))
}

/// Whether `id` can be a deck id (and so a file name in the decks folder: no `/`, no `..`).
fn valid_id(id: &str) -> bool {
    deck_file::parse(
        "id",
        &format!(
            r#"{{"format":1,"id":{},"title":"t","description":"","cards":[]}}"#,
            serde_json::Value::from(id)
        ),
    )
    .is_ok()
}

/// A deck's name as an id: lower case, every run of anything but ASCII letters and digits one
/// '-' ("Polity basics" is "polity-basics"); `None` when nothing is left of it.
fn as_id(name: &str) -> Option<String> {
    if valid_id(name) {
        return Some(name.to_owned());
    }
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    (!id.is_empty()).then_some(id)
}

fn bad_id(id: &str) -> ExitCode {
    fail(format!(
        "{id:?} is not a valid deck id: use letters, digits, '-', '_' and '.'"
    ))
}

/// The deck `smriti new` writes: one card of every kind, each about how its own kind works,
/// so that the template explains itself to the teacher who edits it and to a student who
/// studies it as it is; nothing about any subject. `ID`, `TITLE` and `FILE` are filled in.
const STARTER: &str = r#"{
  "format": 1,
  "id": "ID",
  "title": "TITLE",
  "description": "A new deck with one example card of each kind; each card says how its kind works. Replace them with your own. Give every card an id that is unique in this deck and never changes (students' progress is kept by id), and add a line of explanation and the source it comes from. After each edit run `smriti check FILE`: it points at every mistake by line and column. Every field is described in docs/deck-format.md.",
  "tags": [],
  "sources": [
    {"id": "deck-format", "title": "The smriti deck format (docs/deck-format.md)", "publisher": "smriti"}
  ],
  "cards": [
    {"id": "basic-1", "kind": "basic", "front": "Which field of a basic card is shown after its front?", "back": "Its back",
     "distractors": ["Its source", "Its tags", "Its id"],
     "explanation": "A basic card asks its \"front\" and shows its \"back\". Add \"reverse\": true to ask back → front too. Its \"distractors\" are the wrong options when it is asked as multiple choice.", "source": "deck-format"},
    {"id": "mcq-1", "kind": "mcq", "question": "In an mcq card, which option does \"answer\": 0 mark as right?", "options": ["The first option", "The second option", "The third option", "The fourth option"], "answer": 0, "shuffle": false,
     "option_explanations": ["Right: positions count from 0.", "That is \"answer\": 1.", "That is \"answer\": 2.", "That is \"answer\": 3."],
     "explanation": "An mcq card has 2 to 6 options and one right answer, its position counting from 0. Options are shuffled unless \"shuffle\" is false, as here, where their order matters.", "source": "deck-format"},
    {"id": "multi-1", "kind": "multi", "question": "Which fields does every card need?", "options": ["An id", "A kind", "An explanation", "A source"], "answers": [0, 1],
     "explanation": "A multi card is answered right only when exactly the options at the positions in \"answers\" are chosen. An explanation and a source are optional, though they help students.", "source": "deck-format"},
    {"id": "cloze-1", "kind": "cloze", "text": "A cloze card hides each {{gap::a word}} of its text, and each one is studied as a card of its own.",
     "distractors": {"gap": ["title", "option", "pair"]},
     "explanation": "A cloze card's gaps are written {{answer}} or {{answer::hint}}. \"accept\" lists other forms of a gap's answer, \"distractors\" wrong options for it.", "source": "deck-format"},
    {"id": "typed-1", "kind": "typed", "question": "Which word names the field of a typed card that lists every answer taken as right?", "accept": ["accept"],
     "distractors": ["values", "options", "back"],
     "explanation": "A typed card is answered by typing. Case, spaces and punctuation never matter, and one typo is forgiven in an answer of five or more letters.", "source": "deck-format"},
    {"id": "statements-1", "kind": "statements", "statements": [
        {"text": "A card's id must be unique in its deck.", "correct": true},
        {"text": "Changing a card's id keeps its students' progress.", "correct": false}],
     "explanation": "A statements card lists 2 to 4 statements, each marked correct or not, and smriti writes the options. Statement 2 is wrong: progress is kept by id, so a new id starts the card afresh.", "source": "deck-format"},
    {"id": "match-1", "kind": "match", "left_title": "Kind", "right_title": "What the student does",
     "pairs": [{"left": "mcq", "right": "Picks the one right option"}, {"left": "multi", "right": "Picks every right option"}, {"left": "typed", "right": "Types the answer"}],
     "explanation": "A match card lists the right pairs; smriti mismatches some and asks how many are correctly matched, or add \"style\": \"codes\" for List I / List II.", "source": "deck-format"}
  ]
}
"#;

/// `smriti new ID`: writes a starter deck (and the schema) into `dir`, and says how the app
/// finds it.
/// `found_by` tells how the app finds `dir`.
pub fn new_deck(id: &str, title: Option<String>, dir: &Path, found_by: &str) -> ExitCode {
    // A name given where the id goes ("Polity basics"): its id made from it, the name the
    // title.
    let (id, title) = match as_id(id) {
        Some(slug) if slug != id => (slug, title.or_else(|| Some(id.trim().to_owned()))),
        _ => (id.to_owned(), title),
    };
    let id = id.as_str();
    if !valid_id(id) || id.starts_with('.') {
        return bad_id(id);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("cannot create {}: {e}", dir.display()));
    }
    let path = dir.join(format!("{id}.json"));
    if path.exists() {
        return fail(format!(
            "{} already exists; choose another id or edit that file",
            path.display()
        ));
    }
    let schema = match schema_for(dir, true) {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => return fail(e),
    };
    let title = title.unwrap_or_else(|| {
        let words = id.replace(['-', '_', '.'], " ");
        let mut c = words.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    let text = STARTER
        .replacen(
            "\"format\": 1,",
            &format!(
                "\"$schema\": {},\n  \"format\": 1,",
                serde_json::Value::from(schema)
            ),
            1,
        )
        .replace("\"ID\"", &serde_json::Value::from(id).to_string())
        .replace("\"TITLE\"", &serde_json::Value::from(title).to_string())
        .replace("FILE", &path.display().to_string());
    if let Err(errors) = deck_file::parse(&path.display().to_string(), &text) {
        return fail(format!("the starter deck did not parse: {}", errors[0]));
    }
    if let Err(e) = atomic::write_atomic(&path, text.as_bytes()) {
        return fail(format!("cannot write {}: {e}", path.display()));
    }
    outln!(
        "Wrote {} with an example card of every kind, each saying how its kind works.",
        path.display()
    );
    outln!("{found_by}.");
    outln!(
        "Edit it (editors that read JSON Schema will complete and check the fields), then run: smriti check {}",
        path.display()
    );
    ExitCode::SUCCESS
}

/// Options of `smriti import`.
pub struct ImportArgs {
    pub file: PathBuf,
    pub format: Option<ImportFormat>,
    pub separator: Option<String>,
    pub row_separator: Option<String>,
    pub into: Option<PathBuf>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub output: Option<PathBuf>,
}

fn unescape(s: &str) -> String {
    s.replace("\\t", "\t").replace("\\n", "\n")
}

/// `smriti import FILE`: reads Anki, Quizlet or CSV and writes (or merges into) a deck.
pub fn import(a: ImportArgs, decks_dir: Option<&Path>) -> ExitCode {
    let label = a.file.display().to_string();
    let text = match store_read(&a.file, IMPORT_MAX_BYTES) {
        Ok(b) => match import::text_of(b) {
            Ok(text) => text,
            Err(msg) => return fail(format!("{label}:{msg}")),
        },
        Err(e) => return super::exit::usage(format!("{label} {e}")),
    };
    let quizlet = || Format::Quizlet {
        term: a.separator.as_deref().map_or("\t".into(), unescape),
        row: a.row_separator.as_deref().map_or("\n".into(), unescape),
    };
    let format = match a.format {
        None if a.separator.is_some() || a.row_separator.is_some() => quizlet(),
        None => import::detect(&label, &text),
        Some(ImportFormat::Anki) => Format::Anki,
        Some(ImportFormat::Quizlet) => quizlet(),
        Some(ImportFormat::Csv) => Format::Csv,
    };
    let (records, skipped) = match import::read(&text, &format) {
        Ok(r) => r,
        Err(msg) => return fail(format!("{label}: {msg}")),
    };
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".into());
    let slug: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    let (mut deck, out_path) = match &a.into {
        Some(path) => match store_read(path, decks::MAX_DECK_BYTES) {
            Ok(bytes) => match deck_file::parse_bytes(&path.display().to_string(), &bytes) {
                Ok(d) => (d, a.output.clone().unwrap_or_else(|| path.clone())),
                Err(errors) => {
                    errors.iter().for_each(|e| errln!("{e}"));
                    return fail(format!(
                        "{} has errors; fix them before importing into it",
                        path.display()
                    ));
                }
            },
            Err(e) => return fail(format!("{} {e}", path.display())),
        },
        None => {
            let id = a.id.clone().unwrap_or_else(|| {
                if slug.is_empty() {
                    "imported".into()
                } else {
                    slug.clone()
                }
            });
            // Checked before anything is written: the id names a file in the decks folder.
            if !valid_id(&id) || id.starts_with('.') {
                return bad_id(&id);
            }
            let dir = decks_dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            let out = a
                .output
                .clone()
                .unwrap_or_else(|| dir.join(format!("{id}.json")));
            if out.exists() {
                return fail(format!(
                    "{} exists: pass --into {} to merge into it, or --output another file",
                    out.display(),
                    out.display()
                ));
            }
            let deck = Deck {
                id: id.into(),
                title: a.title.clone().unwrap_or_else(|| stem.clone()),
                description: format!(
                    "Imported from {}.",
                    a.file
                        .file_name()
                        .map_or(label.clone(), |n| n.to_string_lossy().into_owned())
                ),
                tags: vec![],
                sources: Vec::<Source>::new(),
                cards: vec![],
                answer_kind: None,
            };
            (deck, out)
        }
    };
    let show = std::io::stderr().is_terminal() && records.len() >= 2_000;
    let mut progress = |done: usize, total: usize| {
        if show && total > 0 {
            let pct = done * 100 / total;
            let bar = "█".repeat(pct / 4);
            // Only numbers and bars here: no need for `out`, whose line breaks would turn the
            // carriage return into a new line.
            use std::io::Write;
            let end = if done == total { "\n" } else { "" };
            let _ = write!(
                std::io::stderr(),
                "\rimporting [{bar:<25}] {pct:>3}% ({done}/{total}){end}"
            );
        }
    };
    let report = import::merge(&mut deck, records, skipped, &mut progress);
    let schema = out_path
        .parent()
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .and_then(|d| schema_for(d, false).ok().flatten());
    let json = deck_write::to_json(&deck, schema.as_deref());
    if let Err(errors) = deck_file::parse(&out_path.display().to_string(), &json) {
        return fail(format!(
            "the imported deck would not be valid: {}",
            errors[0]
        ));
    }
    if let Err(e) = atomic::write_atomic(&out_path, json.as_bytes()) {
        return fail(format!("cannot write {}: {e}", out_path.display()));
    }
    outln!(
        "Imported {}; merged {} changed and {} unchanged; skipped {}.",
        plural(report.imported, "new card"),
        report.merged,
        report.unchanged,
        report.skipped.len()
    );
    for s in &report.skipped {
        outln!("  skipped {label}:{}: {}", s.line, s.reason);
    }
    outln!(
        "Wrote {} ({}). Check it with: smriti check {}",
        out_path.display(),
        plural(deck.cards.len(), "card"),
        out_path.display()
    );
    ExitCode::SUCCESS
}

/// The deck `deck_ref` names: a deck file, or the id of a deck smriti lists. On failure, the
/// exit code (the message is printed).
pub fn load_deck(deck_ref: &str, decks_dir: Option<&Path>) -> Result<Deck, ExitCode> {
    let path = Path::new(deck_ref);
    if path.is_file() {
        match store_read(path, decks::MAX_DECK_BYTES).map(|b| deck_file::parse_bytes(deck_ref, &b))
        {
            Ok(Ok(d)) => Ok(d),
            Ok(Err(errors)) => {
                errors.iter().for_each(|e| errln!("{e}"));
                Err(fail(format!("{deck_ref} has errors")))
            }
            Err(e) => Err(super::exit::usage(format!("{deck_ref} {e}"))),
        }
    } else {
        let all = decks::load_all(decks_dir);
        let found = all.into_iter().find_map(|l| match l.deck {
            Ok(d) if d.id == deck_ref => Some((d, l.origin, l.skipped, l.left_out)),
            _ => None,
        });
        match found {
            Some((d, origin, skipped, left_out)) => {
                // The app studies the deck without its broken cards; the export is the same
                // deck, and says which cards it leaves out and why, as `check` does.
                if left_out > 0 {
                    errln!(
                        "smriti: {} of {} left out of the export for errors:",
                        plural(left_out, "card"),
                        origin.label()
                    );
                    // In `check`'s shape: `path:line:column: error: message`, then the hint.
                    for e in &skipped {
                        let at = e.pos.map_or(e.path.clone(), |p| {
                            format!("{}:{}:{}", e.path, p.line, p.column)
                        });
                        errln!("{at}: error: {}", e.message);
                        if !e.hint.is_empty() {
                            errln!("  hint: {}", e.hint);
                        }
                    }
                }
                Ok(d)
            }
            None => Err(super::exit::usage(format!(
                "there is no deck {deck_ref:?} (and no such file)"
            ))),
        }
    }
}

/// `smriti export DECK --format tsv|csv|md` (`apkg` is `cli::anki`'s); `seed` picks the md
/// paper.
pub fn export(
    deck_ref: &str,
    format: ExportFormat,
    why: bool,
    seed: u64,
    output: Option<&Path>,
    decks_dir: Option<&Path>,
) -> ExitCode {
    expect_a_large_heap();
    // The deck, its answer pool and the text (about 400 MB in all for 100,000 cards) are left
    // for the process's exit to free: the command ends once the text is written.
    let deck = match load_deck(deck_ref, decks_dir) {
        Ok(d) => ManuallyDrop::new(d),
        Err(code) => return code,
    };
    let text = ManuallyDrop::new(match format {
        ExportFormat::Tsv => export::tsv(&deck),
        ExportFormat::Csv => export::csv(&deck),
        ExportFormat::Md => {
            let pool = ManuallyDrop::new(Pool::new(&deck));
            export::markdown_paper_with(&pool, &deck, why, seed)
        }
        // Written by `cli::anki::export`; never routed here.
        ExportFormat::Apkg => {
            return fail("an .apkg is written by `smriti export DECK --format apkg`");
        }
    });
    match output.filter(|p| *p != Path::new("-")) {
        Some(p) => match atomic::write_atomic(p, text.as_bytes()) {
            Ok(()) => {
                errln!(
                    "Wrote {} ({}).",
                    p.display(),
                    plural(deck.cards.len(), "card")
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("cannot write {}: {e}", p.display())),
        },
        None => {
            super::out::stdout(&text);
            ExitCode::SUCCESS
        }
    }
}

/// `smriti check`: prints every finding and returns 1 when any is an error.
pub(super) fn run_check(
    paths: Vec<PathBuf>,
    decks: Option<PathBuf>,
    json: bool,
    against: Option<PathBuf>,
    verbose: bool,
) -> ExitCode {
    use crate::store::check::{Severity, check_then_exit, expand};
    expect_a_large_heap();
    let read = |p: &Path| crate::store::bounded::read_capped(p, decks::MAX_DECK_BYTES);
    let old = match against.as_deref().map(|p| (p, read(p))) {
        None => None,
        Some((p, Ok(bytes))) => match deck_file::parse_bytes(&p.display().to_string(), &bytes) {
            Ok(d) => Some(d),
            Err(errors) => {
                errln!("smriti: the --against deck has errors:");
                errors.iter().for_each(|e| errln!("{e}"));
                return ExitCode::from(2);
            }
        },
        Some((p, Err(e))) => {
            errln!("smriti: {} {e}", p.display());
            return ExitCode::from(2);
        }
    };
    // What to check: the paths given, else the decks folder, else the built-in decks.
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    // Files that cannot be read are findings too; the others are still checked.
    let mut unreadable = Vec::new();
    let targets = if paths.is_empty() {
        decks.into_iter().collect()
    } else {
        paths
    };
    if targets.is_empty() {
        inputs.extend(
            decks::built_in()
                .iter()
                .map(|(name, text)| (format!("decks/{name} (built in)"), text.as_bytes().to_vec())),
        );
    } else {
        let files = match expand(&targets) {
            Ok(f) => f,
            Err(msg) => {
                errln!("smriti: {msg}");
                return ExitCode::from(2);
            }
        };
        for f in files {
            match read(&f) {
                Ok(bytes) => inputs.push((f.display().to_string(), bytes)),
                Err(e) => unreadable.push(crate::store::check::Diagnostic {
                    path: f.display().to_string().into(),
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    message: format!("this file {e}"),
                    hint:
                        "check only deck files: regular files of up to 64 MB that smriti may read"
                            .into(),
                }),
            }
        }
    }
    let checked = inputs.len() + unreadable.len();
    // The findings (282,061 of them for a 100,000-card import), the files and the decks
    // checked are left for the process's exit to free: the command ends once they are
    // printed.
    let mut findings = ManuallyDrop::new(unreadable);
    findings.extend(
        crate::par::map(&inputs, |(path, bytes)| {
            check_then_exit(path, bytes, old.as_ref())
        })
        .into_iter()
        .flatten(),
    );
    // Two files with one deck id: the app refuses the second, so check does too.
    if inputs.len() > 1 {
        let broken: std::collections::HashSet<&str> = findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| &*d.path)
            .collect();
        let duplicates = crate::store::check_ids::duplicate_ids(
            inputs
                .iter()
                .filter(|(path, _)| !broken.contains(path.as_str()))
                .map(|(path, bytes)| (path.as_str(), bytes.as_slice())),
        );
        findings.extend(duplicates);
    }
    let _inputs = ManuallyDrop::new(inputs);
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if json {
        let mut json = serde_json::to_string_pretty(&*findings).unwrap_or_else(|_| "[]".into());
        json.push('\n');
        super::out::stdout(&ManuallyDrop::new(json));
    } else {
        // Repeated warnings (every imported card without a source, say) are shown twice per
        // deck, then counted: the rest of the output stays readable. Errors are all shown.
        // Each (file, kind) in the order first seen, with its count; `slot` finds its place
        // without making a string per warning.
        let mut seen: Vec<((&str, String), usize)> = Vec::new();
        // Hashed with foldhash: 282,061 kinds of about 80 bytes are looked up at 100k cards.
        let mut slot: FastMap<&str, FastMap<String, usize>> = FastMap::default();
        let mut kind = String::new();
        for d in findings.iter() {
            // Every error is printed: only warnings are counted by kind.
            if d.severity == Severity::Error {
                outln!("{}", d.render());
                continue;
            }
            warning_kind(&d.message, &mut kind);
            let of_file = slot.entry(&*d.path).or_default();
            let n = match of_file.get(kind.as_str()) {
                Some(&at) => {
                    seen[at].1 += 1;
                    seen[at].1
                }
                None => {
                    of_file.insert(kind.clone(), seen.len());
                    seen.push(((&*d.path, kind.clone()), 1));
                    1
                }
            };
            if verbose || n <= SHOWN_PER_KIND {
                outln!("{}", d.render());
            }
        }
        if !verbose {
            for ((path, kind), n) in &seen {
                if *n > SHOWN_PER_KIND {
                    outln!(
                        "{path}: {} like: {kind} (smriti check --verbose lists each)",
                        crate::domain::words::plural(n - SHOWN_PER_KIND, "more warning")
                    );
                }
            }
        }
        use crate::domain::words::plural;
        outln!(
            "checked {}: {}, {}",
            plural(checked, "deck file"),
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

/// How many warnings of one kind `check` prints per deck without `--verbose`.
const SHOWN_PER_KIND: usize = 2;

/// A warning's kind, written into `out`: its message with the quoted parts (card ids, texts)
/// left out, each as `"…"` (a quote left open runs to the end).
fn warning_kind(message: &str, out: &mut String) {
    out.clear();
    for (i, part) in message.split('"').enumerate() {
        out.push_str(if i % 2 == 0 { part } else { "\"…\"" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warnings_kind_leaves_out_what_is_quoted() {
        let kind = |m: &str| {
            let mut out = String::from("left over");
            warning_kind(m, &mut out);
            out
        };
        assert_eq!(
            kind(r#"card "a-1" names no source"#),
            r#"card "…" names no source"#
        );
        assert_eq!(
            kind(r#"cards "a" and "b" both have the answer "₹10 crore": x"#),
            r#"cards "…" and "…" both have the answer "…": x"#
        );
        // An empty quote, and one left open, each count as one quoted part.
        assert_eq!(kind(r#"a "" b"#), r#"a "…" b"#);
        assert_eq!(kind(r#"open "to the end"#), r#"open "…""#);
        assert_eq!(kind("no quotes"), "no quotes");
    }
}
