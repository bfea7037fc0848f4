//! `tests.jsonl`: appends, a torn tail moved aside, damage reported by line, full disks.

use super::*;
use crate::domain::deck::{Card, CardBody, Deck};
use crate::domain::mock::{MockTest, TestSpec};
use crate::domain::mock_draw::draw;

/// A submitted three-question test: the first answered, the others not.
pub(crate) fn sample() -> TestRecord {
    let cards = (0..5)
        .map(|i| Card {
            id: format!("c{i}").into(),
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
            answer: Default::default(),
        })
        .collect();
    let deck = Deck {
        id: "d".into(),
        title: "D".into(),
        description: String::new(),
        tags: vec![],
        sources: vec![],
        cards,
        answer_kind: None,
    };
    let spec = TestSpec {
        questions: 3,
        minutes: 5.0,
        marking: Marking::UPSC_GS,
        tags: vec![],
        requeue: true,
        paced: false,
    };
    let t0: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    let mut t = MockTest::new(spec.clone(), draw(&[&deck], &spec, 1), t0);
    t.choose(0);
    TestRecord::from_results(&t.submit("2026-11-22T10:01:00Z".parse().unwrap()))
}

fn line(rec: &TestRecord) -> Vec<u8> {
    let mut l = serde_json::to_vec(rec).unwrap();
    l.push(b'\n');
    l
}

#[test]
fn a_test_is_appended_as_one_line_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let rec = sample();
    let (mut log, torn) = TestsLog::open(&path).unwrap();
    assert!(torn.is_none());
    log.append(&rec).unwrap();
    log.append(&rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 2);
    let (back, problems) = read(&path).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, [rec.clone(), rec]);
    assert_eq!(back[0].items.len(), 3);
    assert_eq!(back[0].items[0].chosen, [0]);
    assert!(back[0].items[1].verdict.is_none());
}

/// Fixture: two results, then half of a third (a crash or a full disk during the append). On
/// opening, the half line is moved aside and cut; the next result starts on a line of its own
/// and reads back (before, it was glued onto the half line and lost without a word).
#[test]
fn a_torn_last_line_is_moved_aside_and_the_next_result_starts_on_a_fresh_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let rec = sample();
    let mut good = line(&rec);
    good.extend(line(&rec));
    let whole = line(&rec);
    let mut bytes = good.clone();
    bytes.extend_from_slice(&whole[..whole.len() / 2]);
    std::fs::write(&path, &bytes).unwrap();

    let (mut log, torn) = TestsLog::open(&path).unwrap();
    let torn = torn.expect("the torn line is reported");
    assert!(
        torn.contains("tests.jsonl:3: the last line was cut off"),
        "{torn}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        good,
        "cut at the last whole line"
    );
    let side = dir.path().join(format!("tests.jsonl.torn-{}", good.len()));
    assert!(torn.contains(&side.display().to_string()), "{torn}");
    assert_eq!(
        std::fs::read(&side).unwrap(),
        [&whole[..whole.len() / 2], b"\n"].concat(),
        "the torn bytes are kept"
    );

    log.append(&rec).unwrap();
    let (back, problems) = read(&path).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back.len(), 3, "the new result is whole");
}

/// Fixture: a whole result missing only its newline is kept, and the next starts after it.
#[test]
fn a_whole_last_line_missing_its_newline_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let rec = sample();
    std::fs::write(&path, serde_json::to_vec(&rec).unwrap()).unwrap();
    let (mut log, torn) = TestsLog::open(&path).unwrap();
    assert!(torn.is_none(), "{torn:?}");
    log.append(&rec).unwrap();
    let (back, problems) = read(&path).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back.len(), 2);
}

/// Fixture: damage in the middle (garbage) and a torn tail are each reported with their line
/// number; the good records around them are read, and a record with a field a newer smriti
/// adds is read too (forward compatibility, docs/save-format.md).
#[test]
fn unreadable_lines_are_reported_with_their_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let rec = sample();
    let good = line(&rec);
    let mut unknown = serde_json::to_value(&rec).unwrap();
    unknown["extra"] = serde_json::json!(1);
    let mut bytes = good.clone();
    bytes.extend_from_slice(b"not json at all\n");
    bytes.extend(good.clone());
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(unknown.to_string().as_bytes());
    bytes.extend_from_slice(b"\n");
    bytes.extend(good.clone());
    bytes.extend_from_slice(&good[..20]);
    std::fs::write(&path, &bytes).unwrap();

    let (back, problems) = read(&path).unwrap();
    assert_eq!(back.len(), 4);
    assert_eq!(back[2], rec, "the newer record, its known fields");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("tests.jsonl:2:2: skipped an unreadable line (expected ident)"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].contains("tests.jsonl:7: the last line is cut off"),
        "{}",
        problems[1]
    );
    // The statistics get the same problems, and the answers of the good records.
    let (answers, problems) = answers_in(path.parent().unwrap());
    assert_eq!(problems.len(), 2);
    assert_eq!(answers.len(), 4, "one answered question per record read");
}

/// A line longer than [`MAX_LINE`] is reported and skipped without being read into memory,
/// and the record after it is still read.
#[test]
fn an_endless_line_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..=(MAX_LINE >> 20) {
        f.write_all(&block).unwrap();
    }
    f.write_all(b"\n").unwrap();
    f.write_all(&line(&sample())).unwrap();
    drop(f);
    let (back, problems) = read(&path).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("tests.jsonl:1: skipped a line longer than"));
}

/// A failed append leaves half a line behind (a disk that fills up); the next append cuts it
/// first, so the retried record is whole and alone on its line.
#[test]
fn a_failed_append_is_cut_before_the_retry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tests.jsonl");
    let rec = sample();
    let (mut log, _) = TestsLog::open(&path).unwrap();
    log.append(&rec).unwrap();
    log.inject = Some(io::ErrorKind::StorageFull);
    assert!(log.append(&rec).is_err());
    assert!(std::fs::read(&path).unwrap().len() > line(&rec).len());
    log.inject = None;
    log.append(&rec).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        [line(&rec), line(&rec)].concat()
    );
}
