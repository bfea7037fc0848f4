//! `tests.jsonl` in the saves folder: one line per submitted mock test, appended and fsynced,
//! with every question's answer, for the results history and statistics.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::mock::{Confidence, Results, TagResult};
use crate::domain::quiz::{Marking, Question, Score, Verdict};

/// One submitted test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRecord {
    /// Format of this line.
    pub v: u32,
    pub started: Timestamp,
    pub finished: Timestamp,
    pub timed_out: bool,
    pub minutes: f64,
    pub marking: Marking,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub score: Score,
    pub by_tag: Vec<TagResult>,
    pub items: Vec<TestItem>,
}

/// One question of a submitted test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestItem {
    pub deck: String,
    pub card: String,
    /// Absent when not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    pub chosen: Vec<usize>,
    pub correct: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub marked: bool,
    pub ms: u64,
}

impl TestRecord {
    pub fn from_results(r: &Results) -> TestRecord {
        TestRecord {
            v: 1,
            started: r.test.started,
            finished: r.finished_at,
            timed_out: r.timed_out,
            minutes: r.test.spec.minutes,
            marking: r.test.spec.marking,
            tags: r.test.spec.tags.clone(),
            score: r.score,
            by_tag: r.by_tag.clone(),
            items: r
                .test
                .questions
                .iter()
                .zip(&r.test.answers)
                .zip(&r.verdicts)
                .map(|((q, a), v)| TestItem {
                    deck: q.deck.clone(),
                    card: q.key.to_string(),
                    verdict: *v,
                    chosen: a.chosen.clone(),
                    correct: match &q.question {
                        Question::Choice { correct, .. } => correct.clone(),
                        _ => vec![],
                    },
                    confidence: a.confidence,
                    marked: a.marked,
                    ms: a.ms,
                })
                .collect(),
        }
    }
}

/// Every answer of every test in `dir/tests.jsonl` (unreadable lines skipped), for statistics.
pub fn answers(dir: &Path) -> Vec<crate::domain::stats::TestAnswer> {
    let text = std::fs::read_to_string(dir.join("tests.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<TestRecord>(l).ok())
        .flat_map(|r| r.items)
        .filter_map(|i| {
            i.verdict.map(|v| crate::domain::stats::TestAnswer {
                deck: i.deck,
                card: i.card,
                right: v.is_right(),
            })
        })
        .collect()
}

/// Appends one test to `dir/tests.jsonl` and fsyncs it.
pub fn append(dir: &Path, record: &TestRecord) -> Result<(), String> {
    let path = dir.join("tests.jsonl");
    let mut line = serde_json::to_vec(record).map_err(|e| e.to_string())?;
    line.push(b'\n');
    let write = || -> std::io::Result<()> {
        let mut f = OpenOptions::new().create(true).append(true).open(&path)?;
        f.write_all(&line)?;
        f.sync_data()
    };
    write().map_err(|e| format!("could not save the test result to {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deck::{Card, CardBody, Deck};
    use crate::domain::mock::{MockTest, TestSpec, draw};

    #[test]
    fn a_test_is_appended_as_one_line_and_reads_back() {
        let cards = (0..5)
            .map(|i| Card {
                id: format!("c{i}"),
                body: CardBody::Basic {
                    front: format!("q{i}"),
                    back: format!("answer {i}"),
                    reverse: false,
                    distractors: vec![],
                },
                explanation: None,
                tags: vec!["t".into()],
                source: None,
                group: None,
            })
            .collect();
        let deck = Deck {
            id: "d".into(),
            title: "D".into(),
            description: String::new(),
            tags: vec![],
            sources: vec![],
            cards,
        };
        let spec = TestSpec {
            questions: 3,
            minutes: 5.0,
            marking: Marking::UPSC_GS,
            tags: vec![],
            requeue: true,
        };
        let t0: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
        let mut t = MockTest::new(spec.clone(), draw(&[&deck], &spec, 1), t0);
        t.choose(0);
        let r = t.submit("2026-11-22T10:01:00Z".parse().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let rec = TestRecord::from_results(&r);
        append(dir.path(), &rec).unwrap();
        append(dir.path(), &rec).unwrap();
        let text = std::fs::read_to_string(dir.path().join("tests.jsonl")).unwrap();
        assert_eq!(text.lines().count(), 2);
        let back: TestRecord = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.items.len(), 3);
        assert_eq!(back.items[0].chosen, [0]);
        assert!(back.items[1].verdict.is_none());
    }
}
