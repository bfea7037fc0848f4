//! The mock test being taken, kept in the saves folder (its file name is the saves layout's):
//! rewritten atomically (`store::atomic`) after every answer and every few seconds of the
//! clock, so that after Ctrl-C, SIGTERM or a crash the next start offers to resume it, with the
//! time that was left, or to submit it as it stands. It is removed once the test is durable in
//! `tests.jsonl`. The questions are kept whole (stem, options, right answers), so a deck edited
//! in between changes nothing in the test being taken.
//!
//! Depends on `domain` only.

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{atomic, bounded};
use crate::domain::deck::ItemKey;
use crate::domain::ids::DeckId;
use crate::domain::mock::{Confidence, Marking, Paused, TestAnswer, TestQuestion, TestSpec};
use crate::domain::quiz::Question;

/// The format written: 2 added each question's `source`. Format 1 (a test left unfinished
/// by an earlier build) is read too, its questions without a source.
const VERSION: u32 = 2;

/// The formats read.
const READS: [u32; 2] = [1, VERSION];

/// The largest file read (a test of 1,000 long questions is well under a megabyte).
const MAX_BYTES: u64 = 16 << 20;

/// A test in progress as written to the file (a field a newer smriti adds, here or in a
/// question, is ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SavedTest {
    v: u32,
    started: Timestamp,
    saved_at: Timestamp,
    /// Milliseconds left on the clock when it was saved.
    ms_left: u64,
    /// The question on screen (from 0).
    current: usize,
    /// Questions asked for, and the time allowed (minutes).
    asked: usize,
    minutes: f64,
    marking: Marking,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    requeue: bool,
    paced: bool,
    questions: Vec<SavedQuestion>,
}

/// One question, with the candidate's answer so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SavedQuestion {
    deck: DeckId,
    /// The item's key, as in the review log (`card`, `card:reverse`, `card:c2`).
    item: String,
    stem: Vec<String>,
    options: Vec<String>,
    correct: Vec<usize>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    multi: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    explanation: Option<String>,
    /// The citation of the card's source (format 2; none in format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    chosen: Vec<usize>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    marked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    visited: bool,
    #[serde(default)]
    ms: u64,
}

impl SavedTest {
    fn of(p: &Paused) -> SavedTest {
        SavedTest {
            v: VERSION,
            started: p.started,
            saved_at: p.saved_at,
            ms_left: p.ms_left,
            current: p.current,
            asked: p.spec.questions,
            minutes: p.spec.minutes,
            marking: p.spec.marking,
            tags: p.spec.tags.clone(),
            requeue: p.spec.requeue,
            paced: p.spec.paced,
            questions: p
                .questions
                .iter()
                .zip(&p.answers)
                .map(|(q, a)| {
                    let (stem, options, correct, multi, notes) = match &q.question {
                        Question::Choice {
                            stem,
                            options,
                            correct,
                            multi,
                            notes,
                        } => (
                            stem.clone(),
                            options.clone(),
                            correct.clone(),
                            *multi,
                            notes.clone(),
                        ),
                        // A test question is always a choice; anything else has no options.
                        _ => Default::default(),
                    };
                    SavedQuestion {
                        deck: q.deck.clone(),
                        item: q.key.to_string(),
                        stem,
                        options,
                        correct,
                        multi,
                        notes,
                        tags: q.tags.clone(),
                        explanation: q.explanation.clone(),
                        source: q.source.clone(),
                        chosen: a.chosen.clone(),
                        marked: a.marked,
                        confidence: a.confidence,
                        visited: a.visited,
                        ms: a.ms,
                    }
                })
                .collect(),
        }
    }

    fn into_paused(self) -> Paused {
        let (questions, answers) = self
            .questions
            .into_iter()
            .map(|q| {
                let question = TestQuestion {
                    deck: q.deck,
                    key: ItemKey::parse(&q.item),
                    question: Question::Choice {
                        stem: q.stem,
                        options: q.options,
                        correct: q.correct,
                        multi: q.multi,
                        notes: q.notes,
                    },
                    tags: q.tags,
                    explanation: q.explanation,
                    source: q.source,
                };
                let answer = TestAnswer {
                    chosen: q.chosen,
                    marked: q.marked,
                    confidence: q.confidence,
                    visited: q.visited,
                    ms: q.ms,
                };
                (question, answer)
            })
            .unzip();
        Paused {
            spec: TestSpec {
                questions: self.asked,
                minutes: self.minutes,
                marking: self.marking,
                tags: self.tags,
                requeue: self.requeue,
                paced: self.paced,
            },
            questions,
            answers,
            current: self.current,
            started: self.started,
            saved_at: self.saved_at,
            ms_left: self.ms_left,
        }
    }
}

/// Why the saved test could not be read. It is then moved aside (see [`set_aside`]), never
/// deleted.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path} {reason}")]
    Read {
        path: String,
        reason: bounded::ReadError,
    },
    #[error("{path}:{line}:{column}: not a test in progress smriti can read ({reason})")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{path}: written by a newer smriti (format {found}; this one reads {VERSION})")]
    Version { path: String, found: u32 },
    #[error(
        "{path}: the test's answers do not fit its questions (an answer for a question or an option that is not there)"
    )]
    Inconsistent { path: String },
}

/// Writes `test` to `path` atomically: the file holds the old state or the new one, whole.
pub fn save(path: &Path, test: &Paused) -> io::Result<()> {
    let bytes = serde_json::to_vec(&SavedTest::of(test)).map_err(io::Error::other)?;
    atomic::write_atomic(path, &bytes)
}

/// The test saved at `path`, if there is one.
pub fn load(path: &Path) -> Result<Option<Paused>, LoadError> {
    let name = || path.display().to_string();
    let bytes = match bounded::read_capped(path, MAX_BYTES) {
        Ok(b) => b,
        Err(bounded::ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(reason) => {
            return Err(LoadError::Read {
                path: name(),
                reason,
            });
        }
    };
    // The version first, so a newer format is named as such rather than as damage.
    #[derive(Deserialize)]
    struct Version {
        v: u32,
    }
    if let Ok(Version { v }) = serde_json::from_slice::<Version>(&bytes)
        && !READS.contains(&v)
    {
        return Err(LoadError::Version {
            path: name(),
            found: v,
        });
    }
    let saved: SavedTest = serde_json::from_slice(&bytes).map_err(|e| LoadError::Parse {
        path: name(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    let paused = saved.into_paused();
    if !paused.is_whole() {
        return Err(LoadError::Inconsistent { path: name() });
    }
    Ok(Some(paused))
}

/// Removes the saved test (once it is in the tests log). Nothing saved is not an error.
pub fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => atomic::sync_dir(dir),
        _ => Ok(()),
    }
}

/// Moves a saved test that cannot be read out of the way, to `NAME.unread-STAMP` beside it,
/// so that the next test does not overwrite it; returns where it went.
pub fn set_aside(path: &Path, stamp: i64) -> io::Result<PathBuf> {
    let to = super::layout::unread(path, stamp);
    std::fs::rename(path, &to)?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deck::Side;
    use crate::domain::mock::MockTest;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn question(i: usize) -> TestQuestion {
        TestQuestion {
            deck: "india-japan".into(),
            key: ItemKey {
                card: format!("c{i}").into(),
                side: if i == 1 { Side::Reverse } else { Side::Forward },
            },
            question: Question::Choice {
                stem: vec![format!("Question {i}?"), "Which is right?".into()],
                options: vec!["(one)".into(), "two".into(), "three".into(), "four".into()],
                correct: vec![i % 4],
                multi: i == 2,
                notes: vec![],
            },
            tags: vec!["dates".into()],
            explanation: (i == 0).then(|| "Because.".to_owned()),
            source: (i == 1).then(|| "MEA factsheet (MEA, 2025-08-29)".to_owned()),
        }
    }

    fn paused() -> Paused {
        let spec = TestSpec {
            questions: 5,
            minutes: 3.6,
            marking: Marking::UPSC_GS,
            tags: vec!["dates".into()],
            requeue: true,
            paced: true,
        };
        let t0 = ts("2026-11-22T10:00:00Z");
        let mut t = MockTest::new(spec, (0..3).map(question).collect(), t0);
        t.choose(2);
        t.cycle_confidence();
        t.next(ts("2026-11-22T10:00:40Z"));
        t.toggle_mark();
        t.pause(ts("2026-11-22T10:01:00Z"))
    }

    #[test]
    fn a_saved_test_reads_back_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test-in-progress.json");
        assert!(load(&path).unwrap().is_none(), "nothing saved yet");
        let p = paused();
        save(&path, &p).unwrap();
        assert_eq!(load(&path).unwrap(), Some(p.clone()));
        assert_eq!(p.ms_left, 156_000);
        // Saving again replaces it.
        let mut t = p.resume(ts("2026-11-23T08:00:00Z"));
        t.choose(1);
        let again = t.pause(ts("2026-11-23T08:00:10Z"));
        save(&path, &again).unwrap();
        assert_eq!(load(&path).unwrap(), Some(again));
        remove(&path).unwrap();
        assert!(load(&path).unwrap().is_none());
        remove(&path).unwrap();
    }

    /// Forward compatibility (docs/save-format.md): a field a newer smriti adds, to the test
    /// or to a question, is ignored; the test resumes as saved.
    #[test]
    fn a_field_a_newer_smriti_adds_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test-in-progress.json");
        let p = paused();
        save(&path, &p).unwrap();
        let mut v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        v["later"] = serde_json::json!({"any": 1});
        v["questions"][0]["later"] = serde_json::json!(true);
        std::fs::write(&path, v.to_string()).unwrap();
        assert_eq!(load(&path).unwrap(), Some(p));
    }

    #[test]
    fn a_test_left_unfinished_by_the_previous_format_still_resumes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test-in-progress.json");
        // As the previous build (format 1, no sources) wrote it.
        let v1 = r#"{"v":1,"started":"2026-11-22T10:00:00Z","saved_at":"2026-11-22T10:01:00Z",
            "ms_left":156000,"current":1,"asked":5,"minutes":3.6,
            "marking":{"right":2.0,"wrong":-0.6666666666666666},"tags":["dates"],
            "requeue":true,"paced":true,"questions":[
            {"deck":"india-japan","item":"c0","stem":["Question 0?"],
             "options":["one","two","three","four"],"correct":[0],"explanation":"Because.",
             "chosen":[2],"confidence":"sure","visited":true,"ms":40000},
            {"deck":"india-japan","item":"c1:reverse","stem":["Question 1?"],
             "options":["one","two","three","four"],"correct":[1],"marked":true,
             "visited":true,"ms":20000}]}"#;
        std::fs::write(&path, v1).unwrap();
        let p = load(&path).unwrap().expect("a format-1 test is read");
        assert_eq!(p.questions.len(), 2);
        assert!(p.questions.iter().all(|q| q.source.is_none()));
        assert_eq!(p.questions[0].explanation.as_deref(), Some("Because."));
        assert_eq!(p.questions[1].key.to_string(), "c1:reverse");
        assert_eq!(
            (p.answers[0].chosen.clone(), p.answers[1].marked),
            (vec![2], true)
        );
        assert_eq!((p.current, p.ms_left), (1, 156_000));
        // Resumed and kept again, it is written in this format, with the same answers.
        let mut t = p.resume(ts("2026-11-23T08:00:00Z"));
        t.choose(3);
        let again = t.pause(ts("2026-11-23T08:00:05Z"));
        save(&path, &again).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(&format!("{{\"v\":{VERSION},")), "{text}");
        assert_eq!(load(&path).unwrap(), Some(again));
    }

    #[test]
    fn a_source_is_kept_with_its_question() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test-in-progress.json");
        let p = paused();
        save(&path, &p).unwrap();
        let back = load(&path).unwrap().unwrap();
        assert_eq!(
            back.questions[1].source.as_deref(),
            Some("MEA factsheet (MEA, 2025-08-29)")
        );
        assert_eq!(back.questions[0].source, None);
    }

    #[test]
    fn a_damaged_or_newer_file_is_named_and_set_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test-in-progress.json");
        std::fs::write(&path, "{\"v\":1,\n\"started\": 3}").unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("test-in-progress.json:2:"), "{e}");
        std::fs::write(&path, "{\"v\":3}").unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("newer smriti (format 3"), "{e}");
        let mut bad = paused();
        bad.answers[0].chosen = vec![7];
        save(&path, &bad).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("do not fit"), "{e}");
        let to = set_aside(&path, 1_700_000_000).unwrap();
        assert!(to.ends_with("test-in-progress.json.unread-1700000000"));
        assert!(!path.exists() && to.exists());
    }
}
