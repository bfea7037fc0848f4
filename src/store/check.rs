//! `smriti check`: everything the parser rejects (errors) plus what a careful editor would
//! flag (warnings), each with file, line and column, the way compilers report.
//!
//! Warnings: a card with no source or no explanation; duplicate or near-duplicate questions; a
//! multiple-choice card with fewer than four options; a distractor that is the answer in other
//! words, a second right answer or a give-away, and a fact asked as a flashcard for want of
//! wrong options (see `check_options`); a key picked out by the form of its options, options
//! never right among cards asked alike, and two cards with one fact but no shared group (see
//! `check_questions`); a statements question with no false statement; a typed answer naming a person with
//! no alternative spelling; and, against an older version of the file, card ids that vanished
//! or changed (students' progress is kept by id).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::check_near::{fingerprint, near_duplicates};
use super::check_options;
pub use super::check_options::Hint;
use super::check_questions::{self, asks_who, looks_like_name};
use super::deck_file::{self, DeckError};
use super::json_hazards;
use super::json_pos::{Lines, Pos, Seg};
use crate::domain::answer_kind::{AnswerKind, infer};
use crate::domain::deck::{Card, CardBody, Deck};
use crate::domain::options::{PARALLEL_RUN, Pool};
use crate::domain::quiz::normalise;
use crate::domain::words::plural;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. A 100,000-card import has 282,061 of them: the file's path is shared by
/// its findings, and a hint that is always the same is borrowed, not copied into each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    #[serde(serialize_with = "as_str")]
    pub path: Arc<str>,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Hint,
}

/// A shared path, written as the text it is.
fn as_str<S: serde::Serializer>(path: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(path)
}

impl Diagnostic {
    fn from_error(e: &DeckError) -> Diagnostic {
        let pos = e.pos.unwrap_or(Pos { line: 1, column: 1 });
        Diagnostic {
            path: e.path.as_str().into(),
            line: pos.line,
            column: pos.column,
            severity: Severity::Error,
            message: e.message.clone(),
            hint: e.hint.clone().into(),
        }
    }

    /// `path:line:column: error: message` and an indented hint, as compilers print.
    pub fn render(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!(
            "{}:{}:{}: {sev}: {}",
            self.path, self.line, self.column, self.message
        );
        if !self.hint.is_empty() {
            s.push_str(&format!("\n  hint: {}", self.hint));
        }
        s
    }
}

/// Warnings for every character of the file that must never reach a terminal (see
/// [`json_hazards::find`]), each at its line and column. Warnings, not errors: the app reads
/// such a deck and shows its text made safe (a control as `�`, an override or invisible
/// character left out), and `check` accepts what the app shows, saying what it will show.
fn hazards(path: &Arc<str>, text: &str) -> Vec<Diagnostic> {
    json_hazards::find(text)
        .into_iter()
        .map(|f| Diagnostic {
            path: Arc::clone(path),
            line: f.line,
            column: f.column,
            severity: Severity::Warning,
            message: f.message(),
            hint: Cow::Borrowed(f.hint()),
        })
        .collect()
}

/// Checks one deck file's bytes; `against` is an older version of the same deck.
pub fn check(path: &str, bytes: &[u8], against: Option<&Deck>) -> Vec<Diagnostic> {
    check_in_runs_of(path, bytes, against, PARALLEL_RUN, Leave::Drop)
}

/// [`check`] for a command that ends once it has printed the findings (`smriti check`): the
/// deck, its answer pool and the lookups are left for the process's exit to free. Dropping a
/// 100,000-card deck's strings one by one took a tenth of the command, on one thread.
pub fn check_then_exit(path: &str, bytes: &[u8], against: Option<&Deck>) -> Vec<Diagnostic> {
    check_in_runs_of(path, bytes, against, PARALLEL_RUN, Leave::ForExit)
}

/// What becomes of the deck and its lookups once the findings are made.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leave {
    /// Dropped as usual.
    Drop,
    /// Never dropped: the process ends soon, and its exit frees them at once.
    ForExit,
}

/// [`check`], the cards' work done in runs of `run` cards on every core (all of it on this
/// thread when the deck has no more cards than `run`): the same findings in the same order.
pub(crate) fn check_in_runs_of(
    path: &str,
    bytes: &[u8],
    against: Option<&Deck>,
    run: usize,
    leave: Leave,
) -> Vec<Diagnostic> {
    let errors = |errors: Vec<DeckError>| errors.iter().map(Diagnostic::from_error).collect();
    // Positions come from one line index (the parser's too) and from where each card starts,
    // so each warning costs a walk within its card, not a scan of the file.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return deck_file::parse_bytes_located(path, bytes).map_or_else(errors, |_| Vec::new());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let shared: Arc<str> = path.into();
    // A file with errors still has its warnings shown, after the errors: those of the cards
    // that could be read (as the app reads the deck, leaving the others out), and the text's
    // hazards. A teacher fixes both at once.
    let (deck, card_starts, mut found) = match deck_file::parse_keeping_the_rest(path, &lines) {
        Ok(l) => (l.deck, l.card_starts, Vec::new()),
        Err((e, Some(l))) => (l.deck, l.card_starts, errors(e)),
        Err((e, None)) => {
            let mut found: Vec<Diagnostic> = errors(e);
            found.extend(hazards(&shared, text));
            return found;
        }
    };
    // Against an older version, a card left out for its errors is not gone: the comparison
    // waits until the file reads.
    let against = against.filter(|_| found.is_empty());
    let card_start = |i: usize| card_starts.get(i).copied().unwrap_or(0);
    // `card` is the card the path starts from, or None for a path from the deck's top.
    let warning = |card: Option<usize>, path_in: &[Seg], message: String, hint: Hint| {
        let pos = lines.locate(card.map_or(0, card_start), path_in);
        Diagnostic {
            path: Arc::clone(&shared),
            line: pos.line,
            column: pos.column,
            severity: Severity::Warning,
            message,
            hint,
        }
    };
    // The deck's answer pool on this thread (itself on every core for a large deck) while
    // another builds the question index, finds near duplicates and scans the text for
    // hazards, which need no pool; then each card's warnings, made and located from that
    // card and the lookups alone, on every core, and joined in the cards' order, as one pass
    // would make them.
    let (pool, (asked, like, hazards)) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            (
                check_questions::Index::new(&deck),
                near_duplicates(&deck, run),
                hazards(&shared, text),
            )
        });
        let pool = Pool::in_runs_of(&deck, run);
        let rest = other
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (pool, rest)
    });
    let per_card = crate::par::map_indices(deck.cards.len(), run, |i| {
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut warn = |card: Option<usize>, path_in: &[Seg], message: String, hint: Hint| {
            out.push(warning(card, path_in, message, hint));
        };
        let options = check_options::findings(&deck, &pool, i);
        let questions = check_questions::findings(&deck, &asked, i);
        for (at, message, hint) in options.into_iter().chain(questions) {
            warn(Some(i), &at, message, hint);
        }
        let c = &deck.cards[i];
        let here = Some(i);
        if c.source.is_none() {
            warn(
                here,
                &[],
                format!("card {:?} names no source", c.id),
                Cow::Borrowed(
                    "add \"source\" with the id of the text the fact comes from, so students can trust it",
                ),
            );
        }
        if c.explanation.is_none() {
            warn(
                here,
                &[],
                format!("card {:?} has no explanation", c.id),
                Cow::Borrowed(
                    "add one or two lines of context in \"explanation\"; they show after every answer",
                ),
            );
        }
        if let Some(first) = like.get(i).copied().flatten() {
            let line = lines.pos(card_start(first)).line;
            warn(
                here,
                &[],
                format!(
                    "card {:?} asks nearly the same as the card at line {line}",
                    c.id
                ),
                Cow::Borrowed("merge the two cards, or make the questions clearly different"),
            );
        }
        body_warnings(c, |path_in, message, hint| {
            warn(here, path_in, message, Cow::Borrowed(hint));
        });
        // In the file's order within the card (see the sort below).
        out.sort_by_key(|d| (d.line, d.column));
        out
    });
    let mut out: Vec<Diagnostic> = Vec::with_capacity(per_card.iter().map(Vec::len).sum());
    for card in per_card {
        out.extend(card);
    }
    // Each card's warnings lie within its text and are sorted, and the cards come in the
    // file's order, so the cards' warnings are already in order: the stable sort at the end
    // is needed only when a deck-wide warning or a hazard joins them (the same order either
    // way: a stable sort keeps a sorted run as it is).
    let cards_end = out.len();
    let mut warn = |card: Option<usize>, path_in: &[Seg], message: String, hint: Hint| {
        out.push(warning(card, path_in, message, hint));
    };
    if let Some(old) = against.filter(|o| o.id == deck.id) {
        let new_ids: std::collections::HashSet<&str> =
            deck.cards.iter().map(|c| c.id.as_str()).collect();
        // Each question of the new deck, to its first card: a vanished id is looked up, not
        // compared with every card.
        let mut by_question = HashMap::new();
        for (i, c) in deck.cards.iter().enumerate() {
            by_question.entry(normalise(&fingerprint(c))).or_insert(i);
        }
        for oc in &old.cards {
            if new_ids.contains(oc.id.as_str()) {
                continue;
            }
            let renamed = by_question
                .get(&normalise(&fingerprint(oc)))
                .map(|&i| (i, &deck.cards[i]));
            match renamed {
                Some((i, c)) => warn(
                    Some(i),
                    &[Seg::Key("id")],
                    format!(
                        "card id changed from {:?} to {:?}: students' progress on it starts again",
                        oc.id, c.id
                    ),
                    Cow::Owned(format!(
                        "keep the old id {:?} unless the card really is a new one",
                        oc.id
                    )),
                ),
                None => warn(
                    None,
                    &[Seg::Key("cards")],
                    format!(
                        "card {:?} is gone: students keep its history, but it will no longer be asked",
                        oc.id
                    ),
                    Cow::Borrowed("if it was renamed, restore its old id"),
                ),
            }
        }
    }
    out.extend(hazards);
    if out.len() > cards_end || !out.is_sorted_by_key(|d| (d.line, d.column)) {
        out.sort_by_key(|d| (d.line, d.column));
    }
    if leave == Leave::ForExit {
        std::mem::forget((deck, card_starts, pool, asked, like, lines));
    }
    if found.is_empty() {
        return out;
    }
    found.extend(out);
    found
}

/// The warnings about card `c`'s own fields: too few options, a distractor that is the
/// answer, no false statement, a name with one spelling. `warn` takes where in the card, the
/// message and the hint.
fn body_warnings(c: &Card, mut warn: impl FnMut(&[Seg], String, &'static str)) {
    let at = |k: &'static str| [Seg::Key(k)];
    match &c.body {
        CardBody::Mcq { options, .. } | CardBody::Multi { options, .. } if options.len() < 4 => {
            warn(
                &at("options"),
                format!(
                    "only {}; UPSC questions have four",
                    plural(options.len(), "option")
                ),
                "add plausible wrong options",
            );
        }
        CardBody::Basic {
            back, distractors, ..
        } => {
            // Normalised only when there is a distractor to compare it with.
            let right = (!distractors.is_empty()).then(|| normalise(back));
            for (j, d) in distractors.iter().enumerate() {
                if Some(normalise(d)) == right {
                    warn(
                        &[Seg::Key("distractors"), Seg::Index(j)],
                        "this distractor is the answer written differently".into(),
                        "a distractor must be wrong",
                    );
                }
            }
        }
        CardBody::Statements { statements, .. } if statements.iter().all(|s| s.correct) => {
            warn(
                &at("statements"),
                "every statement is correct".into(),
                "UPSC questions usually mix in a false statement that is a realistic confusion",
            );
        }
        // A person's answer is accepted by its family name alone and family name first
        // already (`domain::typed::name_forms`): only a name smriti does not read as a
        // person's needs its other forms written.
        CardBody::Typed { question, answers }
            if answers.len() == 1
                && asks_who(question)
                && looks_like_name(&answers[0])
                && c.answer
                    .kind
                    .unwrap_or_else(|| infer(question, &answers[0]).kind)
                    != AnswerKind::Person =>
        {
            warn(
                &at("accept"),
                format!(
                    "{:?} looks like a name with no other accepted form",
                    answers[0]
                ),
                "also accept the surname or another common spelling",
            );
        }
        _ => {}
    }
}

/// A path given to `check` that names nothing to check.
#[derive(Debug, thiserror::Error)]
pub enum ExpandError {
    #[error("cannot read {}: {source}", path.display())]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{}: no such file or folder", .0.display())]
    Missing(std::path::PathBuf),
}

/// The files to check for `paths`: files as given, folders' `*.json`, sorted.
pub fn expand(paths: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, ExpandError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(p)
                .map_err(|source| ExpandError::Folder {
                    path: p.clone(),
                    source,
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| super::decks::is_deck_file(f))
                .collect();
            files.sort();
            out.extend(files);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(ExpandError::Missing(p.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "check_tests.rs"]
pub(crate) mod tests;
